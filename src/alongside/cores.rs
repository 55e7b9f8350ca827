//! Which core a helper thread runs on: not the one of the thread that started it.
//!
//! On the 2-core machine the benches run on (a KVM guest, Linux 6.18), the scheduler
//! queued a thread that a busy thread started on the starter's own core instead of the
//! idle one, where it waited until the starter slept or a scheduler tick moved it; a
//! sleeping thread woken by a busy one, often the same. `examples/helper_start.rs`
//! starts a thread from a fresh process that then keeps busy for 3 ms, wakes it and
//! keeps busy again (60 processes, p10 / p50 / p90): the thread first ran after
//! 327 / 2 300 / 3 911 µs and woke after 34 / 58 / 914 µs; started as here, after
//! 131 / 164 / 196 µs, and woke after 27 / 46 / 68 µs. A letter's helpers — the schema
//! beside the arguments, the handlebars compile and the Word template beside the
//! validation, half the layout and the deflating — are all started or woken by a busy
//! main thread, which then waits for them.
//!
//! So [`leave`] is the first thing a helper does: where the system lets it run on
//! another core than its starter's, it keeps to those for its life (one step, or one
//! document's streams), which also makes a job sent to it later wake it there; and
//! [`make_way`] is the starter's last step of the start: one yield, so that a helper
//! queued behind it runs at once and moves. A pool's workers, whose starter waits for
//! them, each keep to a core of their own ([`spread`]). On a one-core machine, or where
//! only one core is allowed, nothing changes.
//!
//! A helper leaves its starter's core for any other the run may use, as the first
//! thread to start one had them, not as it inherited them: a helper's helper (the
//! second half of the Word template's styles part) would otherwise be kept to the
//! core it is to leave, and ran after its starter instead of beside it.
//!
//! A thread inherits the cores of the thread that starts it: rayon's global pool, made
//! by whichever thread first uses it, would keep off the main thread's core for good if
//! a helper used it first. No helper does (they compile, open, set text and deflate);
//! a run's many documents go to [`super::pool`], made by the main thread.

/// The core a helper's starter was on when it started the helper.
#[derive(Debug, Clone, Copy)]
pub struct Origin(Option<usize>);

/// The calling thread's core, before it starts a helper.
pub fn origin() -> Origin {
    Origin(imp::current())
}

/// In a new helper, first: keeps it off `origin`'s core, where another is allowed.
pub fn leave(origin: Origin) {
    if let Some(core) = origin.0 {
        imp::avoid(core);
    }
}

/// In the worker `index` of a pool its starter waits for: keeps it to one core of
/// those allowed, the workers spread over them from the core after the starter's, so
/// that no two begin queued on the same core. The starter's own core comes last: it is
/// free once the starter waits for the pool.
pub fn spread(origin: Origin, index: usize) {
    if let Some(core) = origin.0 {
        imp::spread(core, index);
    }
}

/// In the starter, once the helper is started: lets a helper that the system queued
/// behind it run now, so that it [`leave`]s.
pub fn make_way(origin: Origin) {
    if origin.0.is_some() {
        imp::yield_now();
    }
}

#[cfg(target_os = "linux")]
mod imp {
    use rustix::thread::{sched_getaffinity, sched_getcpu, sched_setaffinity, sched_yield};

    /// The cores the run may use, as the first thread to start a helper had them:
    /// the main thread, whose cores no helper changes.
    static RUN_CORES: std::sync::OnceLock<Option<rustix::thread::CpuSet>> =
        std::sync::OnceLock::new();

    pub fn current() -> Option<usize> {
        RUN_CORES.get_or_init(|| sched_getaffinity(None).ok());
        Some(sched_getcpu())
    }

    /// The run's cores but `core`, where that leaves one; else as it was. The run's,
    /// not this thread's own: a helper inherits its starter's, so a helper's helper
    /// would otherwise be kept to the core it is to leave.
    pub fn avoid(core: usize) {
        let Some(mut allowed) = RUN_CORES
            .get()
            .copied()
            .flatten()
            .or_else(|| sched_getaffinity(None).ok())
        else {
            return;
        };
        if !allowed.is_set(core) {
            return;
        }
        allowed.unset(core);
        if allowed.count() > 0 {
            let _ = sched_setaffinity(None, &allowed);
        }
    }

    /// Keeps to the `index`-th allowed core after `core` (around).
    pub fn spread(core: usize, index: usize) {
        let Ok(allowed) = sched_getaffinity(None) else {
            return;
        };
        let cores: Vec<usize> = (0..rustix::thread::CpuSet::MAX_CPU)
            .filter(|c| allowed.is_set(*c))
            .collect();
        if cores.len() < 2 {
            return;
        }
        let from = cores.iter().position(|c| *c == core).unwrap_or(0);
        let mut one = rustix::thread::CpuSet::new();
        one.set(cores[(from + 1 + index) % cores.len()]);
        let _ = sched_setaffinity(None, &one);
    }

    pub fn yield_now() {
        sched_yield();
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    pub fn current() -> Option<usize> {
        None
    }

    pub fn avoid(_core: usize) {}

    pub fn spread(_core: usize, _index: usize) {}

    pub fn yield_now() {}
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use rustix::thread::sched_getaffinity;

    #[test]
    fn a_helper_keeps_off_its_starters_core_where_it_may() {
        let before = sched_getaffinity(None).expect("this thread's cores");
        let origin = origin();
        let core = origin.0.expect("a core on Linux");
        let (allowed, on) = std::thread::spawn(move || {
            leave(origin);
            (
                sched_getaffinity(None).expect("the helper's cores"),
                rustix::thread::sched_getcpu(),
            )
        })
        .join()
        .expect("the helper ran");
        make_way(origin);
        if before.count() > 1 {
            assert!(
                !allowed.is_set(core),
                "the helper may still run on core {core}"
            );
            assert_ne!(on, core, "the helper ran on its starter's core");
            let mut expected = list(&before);
            expected.retain(|c| *c != core);
            assert_eq!(list(&allowed), expected);
        } else {
            assert_eq!(
                list(&allowed),
                list(&before),
                "a one-core machine keeps its core"
            );
        }
        // The starter itself is not moved.
        assert_eq!(
            list(&sched_getaffinity(None).expect("cores")),
            list(&before)
        );
    }

    /// A helper's own helper leaves the helper's core, not the one the helper left:
    /// it may run where the main thread is (the Word template's styles part is read
    /// so, in halves, on the validation's helper and a helper of its own).
    #[test]
    fn a_helpers_helper_keeps_off_its_own_starters_core() {
        let before = list(&sched_getaffinity(None).expect("this thread's cores"));
        let (helper_core, inner) = crate::alongside::spawn(std::thread::Builder::new(), || {
            let here = rustix::thread::sched_getcpu();
            let inner = crate::alongside::spawn(std::thread::Builder::new(), || {
                list(&sched_getaffinity(None).expect("the inner helper's cores"))
            })
            .expect("started")
            .join()
            .expect("ran");
            (here, inner)
        })
        .expect("started")
        .join()
        .expect("ran");
        if before.len() > 1 {
            let mut expected = before.clone();
            expected.retain(|c| *c != helper_core);
            assert_eq!(inner, expected, "all the run's cores but the helper's");
        } else {
            assert_eq!(inner, before, "a one-core machine keeps its core");
        }
    }

    #[test]
    fn a_pools_workers_keep_to_a_core_each() {
        let before = list(&sched_getaffinity(None).expect("this thread's cores"));
        let pool = crate::alongside::pool().expect("a pool");
        let workers: Vec<Vec<usize>> =
            pool.broadcast(|_| list(&sched_getaffinity(None).expect("a worker's cores")));
        if before.len() > 1 {
            let mut cores: Vec<usize> = workers
                .iter()
                .map(|w| {
                    assert_eq!(w.len(), 1, "a worker may run on {w:?}");
                    w[0]
                })
                .collect();
            assert!(
                cores.iter().all(|c| before.contains(c)),
                "{cores:?} of {before:?}"
            );
            cores.sort_unstable();
            cores.dedup();
            assert_eq!(cores.len(), workers.len().min(before.len()), "{workers:?}");
        } else {
            assert!(workers.iter().all(|w| *w == before), "{workers:?}");
        }
    }

    fn list(set: &rustix::thread::CpuSet) -> Vec<usize> {
        (0..rustix::thread::CpuSet::MAX_CPU)
            .filter(|c| set.is_set(*c))
            .collect()
    }
}
