//! Which saves matter, and when a burst of them is over.
//!
//! Editors rarely write a file in one step: many write a temporary file and rename it
//! over the old one, some truncate and write, some touch a backup first. Watching the
//! file itself would lose track of it at the first rename, so we watch the folders the
//! files are in and compare the names the events carry; a burst of events is one
//! change once the folder has been quiet for [`QUIET`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{EventKind, RecursiveMode, Watcher as _};

use crate::error::{Error, Result};

/// How long the files must be left alone before a burst counts as finished.
pub const QUIET: Duration = Duration::from_millis(120);
/// The longest a burst may delay a rebuild, so that a file saved over and over still
/// shows within a second.
pub const MAX_DELAY: Duration = Duration::from_millis(400);

type Events = Receiver<notify::Result<notify::Event>>;

/// The folders being watched and the files in them that count.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    events: Events,
    /// Files whose change triggers a rebuild, as `canonical folder / file name`.
    files: BTreeSet<PathBuf>,
    /// Folders in which any change counts (a templates folder), canonical.
    trees: BTreeSet<PathBuf>,
    watching: BTreeSet<(PathBuf, bool)>,
}

impl Watch {
    pub fn new() -> Result<Watch> {
        let (tx, events) = std::sync::mpsc::channel();
        let watcher = notify::recommended_watcher(tx).map_err(|e| {
            Error::failed(
                format!("kan bestanden niet in de gaten houden: {e}"),
                "op Linux: verhoog fs.inotify.max_user_instances, of sluit andere programma's die mappen volgen",
            )
        })?;
        Ok(Watch {
            watcher,
            events,
            files: BTreeSet::new(),
            trees: BTreeSet::new(),
            watching: BTreeSet::new(),
        })
    }

    /// Watches exactly `files` (each through its folder) and everything under `trees`.
    /// A path that no longer exists is skipped: its folder is gone, and the region file's
    /// own folder is always among the watched ones.
    pub fn set(&mut self, files: &[PathBuf], trees: &[PathBuf]) {
        let mut wanted: BTreeSet<(PathBuf, bool)> = BTreeSet::new();
        self.files.clear();
        for file in files {
            let (Some(dir), Some(name)) = (folder_of(file), file.file_name()) else {
                continue;
            };
            if let Ok(dir) = dir.canonicalize() {
                self.files.insert(dir.join(name));
                wanted.insert((dir, false));
            }
        }
        self.trees = trees.iter().filter_map(|t| t.canonicalize().ok()).collect();
        wanted.extend(self.trees.iter().map(|t| (t.clone(), true)));
        for gone in self.watching.difference(&wanted) {
            let _ = self.watcher.unwatch(&gone.0);
        }
        let mut now = BTreeSet::new();
        for (dir, recursive) in wanted {
            let mode = if recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            let already = self.watching.contains(&(dir.clone(), recursive));
            if already || self.watcher.watch(&dir, mode).is_ok() {
                now.insert((dir, recursive));
            }
        }
        self.watching = now;
    }

    /// Blocks until a relevant change has happened and the burst it belongs to is over.
    /// `None` when the watcher has stopped.
    pub fn next_change(&self) -> Option<()> {
        loop {
            match self.events.recv() {
                Ok(Ok(event)) if self.matters(&event) => break,
                Ok(_) => continue,
                Err(_) => return None,
            }
        }
        let started = Instant::now();
        loop {
            let left = MAX_DELAY.saturating_sub(started.elapsed());
            if left.is_zero() {
                return Some(());
            }
            match self.events.recv_timeout(left.min(QUIET)) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => return Some(()),
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }

    /// Reading a file is an event too (ours, on every rebuild): only writes, creations,
    /// renames and removals count.
    fn matters(&self, event: &notify::Event) -> bool {
        if matches!(event.kind, EventKind::Access(_)) {
            return false;
        }
        event
            .paths
            .iter()
            .any(|p| self.files.contains(p) || self.trees.iter().any(|t| p.starts_with(t)))
    }
}

fn folder_of(file: &Path) -> Option<&Path> {
    match file.parent() {
        Some(p) if p.as_os_str().is_empty() => Some(Path::new(".")),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A change is reported after the burst, and a file next to it that is not watched
    /// is not.
    #[test]
    fn a_save_by_rename_is_one_change_and_other_files_are_none() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("regio.yaml");
        std::fs::write(&file, "a").expect("write");
        let mut watch = Watch::new().expect("watcher");
        watch.set(std::slice::from_ref(&file), &[]);

        std::fs::write(dir.path().join("iets-anders.txt"), "x").expect("write other");
        let tmp = dir.path().join(".regio.yaml.swp");
        std::fs::write(&tmp, "b").expect("write tmp");
        std::fs::rename(&tmp, &file).expect("rename");

        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let started = Instant::now();
            let change = watch.next_change();
            let _ = done_tx.send((change, started.elapsed()));
            watch
        });
        let (change, took) = done_rx
            .recv_timeout(Duration::from_secs(5))
            .expect("a change within 5 s");
        assert_eq!(change, Some(()));
        assert!(took < Duration::from_secs(1), "{took:?}");
        let watch = waiter.join().expect("waiter");
        // Nothing relevant happens now: only the unrelated file changes.
        std::fs::write(dir.path().join("iets-anders.txt"), "y").expect("write other");
        let relevant = watch
            .events
            .recv_timeout(Duration::from_millis(500))
            .ok()
            .and_then(|e| e.ok())
            .is_some_and(|e| watch.matters(&e));
        assert!(!relevant);
    }
}
