//! Two independent steps at once, on whichever threads a run has.
//!
//! A run of many documents already keeps every core busy from rayon's pool, where
//! `rayon::join` only lets an idle worker take the second step. A run of one document
//! has no pool (starting one would spin a thread per core while it waits, about a tenth
//! of a letter's CPU time): its second core is idle unless it is given one step on a
//! thread of its own.

/// Runs `a` here and `b` beside it; both results, as if one ran after the other.
///
/// Inside a rayon pool: `rayon::join`. Outside one: `b` on a scoped thread, or after
/// `a` on this thread when the system refuses a thread. A panic in either is passed on.
pub fn both<A, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B)
where
    A: Send,
    B: Send,
{
    if rayon::current_thread_index().is_some() {
        return rayon::join(a, b);
    }
    // `b` waits in a slot that the thread empties, so that it is still here to run
    // when the thread could not be started.
    let slot = std::sync::Mutex::new(Some(b));
    let take = || {
        slot.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    };
    std::thread::scope(|scope| {
        let beside = std::thread::Builder::new().spawn_scoped(scope, move || take().map(|b| b()));
        let here = a();
        let there = match beside {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        match there.or_else(|| take().map(|b| b())) {
            Some(there) => (here, there),
            // The slot is emptied once, by whoever runs `b`.
            None => unreachable!("the second step ran neither beside nor here"),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both steps run, each once, outside a pool and inside one, and their results
    /// come back in order.
    #[test]
    fn both_steps_run_once_in_and_out_of_a_pool() {
        let ran = std::sync::atomic::AtomicUsize::new(0);
        let step = |n: usize| {
            ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            n
        };
        assert_eq!(both(|| step(1), || step(2)), (1, 2));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        assert_eq!(pool.install(|| both(|| step(3), || step(4))), (3, 4));
        assert_eq!(ran.into_inner(), 4);
    }

    /// Outside a pool the second step is on another thread: the two can wait for each
    /// other (one after the other on one thread, this test would never end).
    #[test]
    fn outside_a_pool_the_second_step_runs_beside_the_first() {
        let (tx, rx) = std::sync::mpsc::channel();
        let (back_tx, back_rx) = std::sync::mpsc::channel();
        let (got, ()) = both(
            move || {
                tx.send(1).unwrap();
                back_rx.recv().unwrap()
            },
            move || {
                let n: i32 = rx.recv().unwrap();
                back_tx.send(n + 1).unwrap();
            },
        );
        assert_eq!(got, 2);
    }

    #[test]
    fn a_panic_in_the_second_step_is_passed_on() {
        let caught = std::panic::catch_unwind(|| both(|| 1, || -> i32 { panic!("b") }));
        assert!(caught.is_err());
    }
}
