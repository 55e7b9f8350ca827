//! The current snapshot, shared between the rebuilding thread and the requests, and a
//! way for a page to wait until a newer one exists.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::snapshot::Snapshot;

#[derive(Default)]
pub struct Live {
    current: Mutex<Arc<Snapshot>>,
    changed: Condvar,
}

impl Live {
    pub fn new(first: Snapshot) -> Live {
        let live = Live::default();
        live.publish(first);
        live
    }

    /// A poisoned lock only means a request thread died mid-read; the snapshot itself
    /// is replaced whole, so it is never half-updated and still safe to serve.
    fn lock(&self) -> MutexGuard<'_, Arc<Snapshot>> {
        self.current.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn current(&self) -> Arc<Snapshot> {
        Arc::clone(&self.lock())
    }

    /// Replaces the snapshot with `next`, one generation on, and wakes every waiter.
    pub fn publish(&self, mut next: Snapshot) {
        let mut current = self.lock();
        next.generation = current.generation + 1;
        *current = Arc::new(next);
        self.changed.notify_all();
    }

    /// The current generation once it is newer than `seen`, or after `timeout`.
    pub fn wait_newer(&self, seen: u64, timeout: Duration) -> u64 {
        let deadline = Instant::now() + timeout;
        let mut current = self.lock();
        while current.generation <= seen {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            current = match self.changed.wait_timeout(current, left) {
                Ok((guard, _)) => guard,
                Err(e) => e.into_inner().0,
            };
        }
        current.generation
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_waiter_wakes_on_publish_and_times_out_without_one() {
        let live = Arc::new(Live::new(Snapshot::default()));
        assert_eq!(live.current().generation, 1);
        assert_eq!(live.wait_newer(1, Duration::from_millis(50)), 1);
        let publisher = {
            let live = Arc::clone(&live);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                live.publish(Snapshot::default());
            })
        };
        let started = Instant::now();
        assert_eq!(live.wait_newer(1, Duration::from_secs(5)), 2);
        assert!(started.elapsed() < Duration::from_secs(5));
        publisher.join().expect("publisher");
    }
}
