//! Two independent steps at once, on whichever threads a run has.
//!
//! A run of many documents already keeps every core busy from rayon's pool, where
//! `rayon::join` only lets an idle worker take the second step. A run of one document
//! has no pool (starting one would spin a thread per core while it waits, about a tenth
//! of a letter's CPU time): its second core is idle unless it is given one step on a
//! thread of its own: [`both`] starts one for a step, a [`Helper`] keeps one for a
//! document's several steps (half its text, then its streams).

pub mod cores;

/// Starts `f` on a thread of `scope` made by `builder`, kept off this thread's core
/// ([`cores`]): every helper of a run is started so.
pub fn spawn_scoped<'scope, 'env, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    builder: std::thread::Builder,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::io::Result<std::thread::ScopedJoinHandle<'scope, T>> {
    let (origin, f) = off_this_core(f);
    made_way(origin, builder.spawn_scoped(scope, f))
}

/// [`spawn_scoped`] for a thread that no scope waits for.
pub fn spawn<T: Send + 'static>(
    builder: std::thread::Builder,
    f: impl FnOnce() -> T + Send + 'static,
) -> std::io::Result<std::thread::JoinHandle<T>> {
    let (origin, f) = off_this_core(f);
    made_way(origin, builder.spawn(f))
}

/// `f` with leaving this thread's core as its first step, and that core.
fn off_this_core<T>(f: impl FnOnce() -> T + Send) -> (cores::Origin, impl FnOnce() -> T + Send) {
    let origin = cores::origin();
    (origin, move || {
        cores::leave(origin);
        f()
    })
}

/// `started`, once this thread has made way for it ([`cores::make_way`]).
fn made_way<H>(origin: cores::Origin, started: std::io::Result<H>) -> std::io::Result<H> {
    if started.is_ok() {
        cores::make_way(origin);
    }
    started
}

/// A pool of one worker per core, each kept to its own core ([`cores::spread`]): for a
/// run's many documents, whose starting thread waits for the pool.
pub fn pool() -> Option<rayon::ThreadPool> {
    placed_pool(rayon::ThreadPoolBuilder::new(), cores::spread)
}

/// A pool built by `builder` whose workers `place` themselves, given the core of the
/// thread that builds it and their index, before they run; the builder makes way for
/// each.
fn placed_pool(
    builder: rayon::ThreadPoolBuilder,
    place: fn(cores::Origin, usize),
) -> Option<rayon::ThreadPool> {
    let origin = cores::origin();
    builder
        .spawn_handler(move |worker| {
            let index = worker.index();
            let mut thread = std::thread::Builder::new();
            if let Some(name) = worker.name() {
                thread = thread.name(name.to_owned());
            }
            let started = thread.spawn(move || {
                place(origin, index);
                worker.run();
            });
            made_way(origin, started).map(drop)
        })
        .build()
        .ok()
}

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
    let slot = &slot;
    std::thread::scope(|scope| {
        let beside = spawn_scoped(scope, std::thread::Builder::new(), move || {
            take(slot).map(|b| b())
        });
        let here = a();
        let there = match beside {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => None,
        };
        match there.or_else(|| take(slot).map(|b| b())) {
            Some(there) => (here, there),
            // The slot is emptied once, by whoever runs `b`.
            None => unreachable!("the second step ran neither beside nor here"),
        }
    })
}

/// A step waiting in `slot`, for whichever thread comes to it first: it runs once.
fn take<T>(slot: &std::sync::Mutex<Option<T>>) -> Option<T> {
    slot.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .take()
}

/// Work for a [`Helper`].
pub type Job<'scope> = Box<dyn FnOnce() + Send + 'scope>;

/// A thread of a scope that does the jobs it is given one after another, until the
/// helper is dropped: a letter's PDF starts one before its layout, which sets half the
/// text there and then deflates the streams (`render::pdf::deflating`). Starting a
/// thread per step cost more than the step saved: half a millisecond to start one
/// while the other core faults in fresh pages, a quarter to end it.
pub struct Helper<'h, 'scope> {
    jobs: Option<Jobs<'h, 'scope>>,
}

/// Where a [`Helper`]'s jobs go.
enum Jobs<'h, 'scope> {
    /// A thread of its own, started for the helper.
    Thread(std::sync::mpsc::Sender<Job<'scope>>),
    /// The [`spare`] thread, through a scope of its pool.
    Spare(&'h rayon::Scope<'scope>),
}

/// A pool of one thread, started early in a `build` ([`start_spare`]) and asleep,
/// off the main thread's core, until a letter's PDF gives it half the layout and the
/// deflating ([`Helper::on_spare`]): a thread started when the PDF's render began ran
/// its first job 0.13–0.16 ms later (`examples/helper_start.rs`), a sleeping one woken
/// 0.05 ms later; the validation's helper gained half a millisecond from the same.
static SPARE: std::sync::OnceLock<Option<rayon::ThreadPool>> = std::sync::OnceLock::new();

/// Starts the [`spare`] thread, once per process.
pub fn start_spare() {
    SPARE.get_or_init(|| {
        placed_pool(
            rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .thread_name(|_| "spare".into()),
            |origin, _| cores::leave(origin),
        )
    });
}

/// The spare thread's pool, if it was started.
pub fn spare() -> Option<&'static rayon::ThreadPool> {
    SPARE.get().and_then(Option::as_ref)
}

impl<'h, 'scope> Helper<'h, 'scope> {
    /// No thread: every job runs where it is given.
    pub fn none() -> Helper<'h, 'scope> {
        Helper { jobs: None }
    }

    /// A thread of `scope` named `name` that waits for jobs; where the system refuses
    /// a thread, [`Helper::none`].
    pub fn start<'env>(
        scope: &'scope std::thread::Scope<'scope, 'env>,
        name: &str,
    ) -> Helper<'h, 'scope> {
        let (send, jobs) = std::sync::mpsc::channel::<Job<'scope>>();
        let started = spawn_scoped(
            scope,
            std::thread::Builder::new().name(name.into()),
            move || {
                for job in jobs {
                    job();
                }
            },
        );
        Helper {
            jobs: started.is_ok().then_some(Jobs::Thread(send)),
        }
    }

    /// A helper whose jobs the [`spare`] thread does, within `scope` of its pool.
    pub fn on_spare(scope: &'h rayon::Scope<'scope>) -> Helper<'h, 'scope> {
        Helper {
            jobs: Some(Jobs::Spare(scope)),
        }
    }

    /// Whether jobs go to a thread.
    pub fn is_running(&self) -> bool {
        self.jobs.is_some()
    }

    /// Has `job` done by the thread; here, if there is none or it has stopped.
    pub fn run(&self, job: impl FnOnce() + Send + 'scope) {
        let job: Job<'scope> = Box::new(job);
        let left = match &self.jobs {
            Some(Jobs::Thread(jobs)) => jobs.send(job).err().map(|e| e.0),
            Some(Jobs::Spare(scope)) => {
                scope.spawn(move |_| job());
                None
            }
            None => Some(job),
        };
        if let Some(job) = left {
            job();
        }
    }

    /// Whether [`Helper::both`] may run its second step on another thread: the
    /// helper's, or a rayon worker's inside a pool.
    pub fn shares(&self) -> bool {
        self.is_running() || rayon::current_thread_index().is_some()
    }

    /// Runs `a` here and `b` on the helper; both results, as if one ran after the
    /// other. When `a` is done and the helper has not begun `b` (it is busy with what
    /// came before, or has no core), `b` runs here. Inside a rayon pool, `rayon::join`;
    /// without a thread, one after the other. A panic in `b` on the helper is passed on
    /// when the scope ends; this thread then stops here too.
    pub fn both<A, B>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send + 'scope,
    ) -> (A, B)
    where
        A: Send,
        B: Send + 'scope,
    {
        if rayon::current_thread_index().is_some() {
            return rayon::join(a, b);
        }
        if !self.is_running() {
            let here = a();
            return (here, b());
        }
        let slot = std::sync::Arc::new(std::sync::Mutex::new(Some(b)));
        let (done, result) = std::sync::mpsc::sync_channel(1);
        let theirs = std::sync::Arc::clone(&slot);
        self.run(move || {
            if let Some(b) = take(&theirs) {
                let _ = done.send(b());
            }
        });
        let here = a();
        let there = match take(&slot) {
            Some(b) => b(),
            None => match wait(&result) {
                Ok(there) => there,
                Err(_) => panic!("the step beside stopped without a result"),
            },
        };
        (here, there)
    }
}

/// How long a thread waiting for a step it knows is under way looks for the result
/// before it sleeps.
const SPIN: std::time::Duration = std::time::Duration::from_millis(2);

/// The result of a step under way on another thread. Looked for before this thread
/// sleeps: a sleeping thread that another wakes took 0.3 to 0.6 ms to run again on the
/// two-core virtual machine (timeline marks), as long as the step it waited for.
pub fn wait<T>(result: &std::sync::mpsc::Receiver<T>) -> Result<T, std::sync::mpsc::RecvError> {
    let started = std::time::Instant::now();
    loop {
        for _ in 0..64 {
            match result.try_recv() {
                Ok(got) => return Ok(got),
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    return Err(std::sync::mpsc::RecvError)
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => std::hint::spin_loop(),
            }
        }
        if started.elapsed() > SPIN {
            return result.recv();
        }
    }
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
        let (first, second) = meeting(|| ());
        let (got, ()) = both(first, second);
        assert_eq!(got, 2);
    }

    /// Two steps that wait for each other: the first sends 1 and returns what comes
    /// back, the second sends back one more and returns `then()`.
    fn meeting<T>(
        then: impl FnOnce() -> T + Send,
    ) -> (impl FnOnce() -> i32 + Send, impl FnOnce() -> T + Send) {
        let (tx, rx) = std::sync::mpsc::channel();
        let (back_tx, back_rx) = std::sync::mpsc::channel();
        let first = move || {
            tx.send(1).unwrap();
            back_rx.recv().unwrap()
        };
        let second = move || {
            let n: i32 = rx.recv().unwrap();
            back_tx.send(n + 1).unwrap();
            then()
        };
        (first, second)
    }

    /// A helper on the spare thread does its jobs there, off the calling thread, and
    /// its `both` gives both results in order.
    #[test]
    fn a_spare_helper_does_its_jobs_on_the_spare_thread() {
        start_spare();
        let spare = spare().expect("the spare thread");
        let here = std::thread::current().id();
        let (ran_on, both) = spare.in_place_scope(|scope| {
            let helper = Helper::on_spare(scope);
            assert!(helper.is_running());
            let (send, ran) = std::sync::mpsc::channel();
            helper.run(move || {
                let me = std::thread::current();
                let _ = send.send((me.id(), me.name().map(str::to_owned)));
            });
            let ran_on = ran.recv().expect("the job ran");
            (ran_on, helper.both(|| 1, || 2))
        });
        assert_ne!(ran_on.0, here);
        assert_eq!(ran_on.1.as_deref(), Some("spare"));
        assert_eq!(both, (1, 2));
    }

    /// A helper's `both` gives both results in order: without a thread, with one, and
    /// inside a pool.
    #[test]
    fn a_helper_runs_both_steps_once_each() {
        let ran = std::sync::atomic::AtomicUsize::new(0);
        let step = |n: usize| {
            ran.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            n
        };
        assert_eq!(Helper::none().both(|| step(1), || step(2)), (1, 2));
        std::thread::scope(|scope| {
            let helper = Helper::start(scope, "test");
            assert!(helper.is_running());
            assert_eq!(helper.both(|| step(3), || step(4)), (3, 4));
        });
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        assert_eq!(
            pool.install(|| Helper::none().both(|| step(5), || step(6))),
            (5, 6)
        );
        assert_eq!(ran.into_inner(), 6);
    }

    /// The helper takes the second step while the first runs here: the two can wait
    /// for each other.
    #[test]
    fn a_helper_takes_the_second_step_while_the_first_runs() {
        std::thread::scope(|scope| {
            let helper = Helper::start(scope, "test");
            let (first, second) = meeting(|| std::thread::current().name().map(str::to_owned));
            let (got, on) = helper.both(first, second);
            assert_eq!((got, on.as_deref()), (2, Some("test")));
        });
    }

    /// A helper still busy with an earlier job when the first step is done: the second
    /// runs here rather than waiting behind it.
    #[test]
    fn a_second_step_the_helper_has_not_begun_runs_here() {
        std::thread::scope(|scope| {
            let helper = Helper::start(scope, "test");
            let (release, busy) = std::sync::mpsc::channel::<()>();
            helper.run(move || {
                let _ = busy.recv();
            });
            let here = std::thread::current().id();
            let (_, on) = helper.both(|| (), || std::thread::current().id());
            assert_eq!(on, here);
            release.send(()).unwrap();
        });
    }

    #[test]
    fn a_result_is_waited_for_past_the_spin_and_a_lost_one_is_an_error() {
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let late = std::thread::spawn(move || {
            std::thread::sleep(SPIN * 2);
            tx.send(7).unwrap();
        });
        assert_eq!(wait(&rx), Ok(7));
        late.join().unwrap();
        let (tx, rx) = std::sync::mpsc::sync_channel::<i32>(1);
        drop(tx);
        assert!(wait(&rx).is_err());
    }

    #[test]
    fn a_panic_in_the_second_step_is_passed_on() {
        let caught = std::panic::catch_unwind(|| both(|| 1, || -> i32 { panic!("b") }));
        assert!(caught.is_err());
    }
}
