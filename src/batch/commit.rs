//! All or nothing: stage every file beside the output, then commit by renames.
//!
//! Files are first written into a hidden staging folder inside the output folder, so
//! that the commit is a series of renames on one file system: no rename can fail for
//! lack of space, and each is atomic. Before the first rename every destination is
//! checked (a folder or a link where a file goes stops the run untouched). A file that
//! is replaced or removed is first moved aside into the staging folder, not deleted: if
//! any later step fails, every step already taken is undone in reverse order, so the
//! folder keeps exactly its files, folders and manifest. Only after the last rename are
//! the set-aside files thrown away, with the staging folder.
//!
//! A run killed before its end (`kill -9`, a power cut) cannot clean up, so its staging
//! folder stays. Each staging folder therefore holds a lock file, locked for as long as
//! its run lives (the operating system releases the lock when the process dies); the
//! next run into the same folder removes every staging folder whose lock it can take,
//! and leaves one whose run is still busy.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};

use super::failure;
use super::fsops::FileSystem;
use crate::error::Result;

/// Prefix of the hidden staging folder inside the output folder.
pub const STAGING_PREFIX: &str = ".raadsbrief-";

/// The lock file inside a staging folder, and the first words it holds: a folder is
/// only recognised as a leftover of ours when both are there.
pub const LOCK_FILE: &str = "lock";
const LOCK_MARK: &str = "raadsbrief staging";

/// How many files are flushed to the disk at once. Beyond a handful the disk's queue,
/// not the waiting, sets the pace.
const FLUSHING: usize = 8;

/// A file written to the staging folder, waiting for the commit.
#[derive(Debug, Clone)]
pub struct Staged {
    /// Destination relative to the output folder, `/`-separated.
    pub path: String,
    pub staged: PathBuf,
    pub bytes: usize,
    pub sha256: String,
}

/// One change the commit makes to the output folder.
#[derive(Debug, Clone)]
pub enum Op {
    /// Put a staged file at its destination, replacing what is there.
    Put(Staged),
    /// Remove a file an earlier run wrote (relative path).
    Remove(String),
}

/// The staging folder of one run; dropping it uncommitted removes it and every folder
/// the run created for the output.
pub struct Staging<'a> {
    fs: &'a dyn FileSystem,
    out: PathBuf,
    dir: Option<tempfile::TempDir>,
    /// Held (locked) until the staging folder is gone, so no other run takes it for a
    /// leftover.
    lock: Option<std::fs::File>,
    /// Folders made for `--out` itself, outermost first.
    created: Vec<PathBuf>,
    counter: AtomicUsize,
    committed: bool,
}

impl<'a> Staging<'a> {
    /// Makes the output folder if needed and a fresh staging folder inside it.
    pub fn open(fs: &'a dyn FileSystem, out: &Path) -> Result<Staging<'a>> {
        let mut staging = Staging {
            fs,
            out: out.to_path_buf(),
            dir: None,
            lock: None,
            created: Vec::new(),
            counter: AtomicUsize::new(0),
            committed: false,
        };
        staging.create_out()?;
        remove_leftovers(out);
        let dir = tempfile::Builder::new()
            .prefix(STAGING_PREFIX)
            .tempdir_in(out)
            .map_err(|e| failure::io("schrijven in", out.display(), &e))?;
        let lock =
            hold_lock(dir.path()).map_err(|e| failure::io("schrijven in", out.display(), &e))?;
        staging.dir = Some(dir);
        staging.lock = Some(lock);
        Ok(staging)
    }

    fn create_out(&mut self) -> Result<()> {
        let missing: Vec<&Path> = self
            .out
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && std::fs::symlink_metadata(d).is_err())
            .collect();
        let mut missing: Vec<PathBuf> = missing.into_iter().map(Path::to_path_buf).collect();
        missing.reverse();
        if let Some(existing) = self.out.ancestors().find(|d| d.is_file()) {
            let message = if existing == self.out {
                format!("--out {} is een bestand, geen map", self.out.display())
            } else {
                format!(
                    "kan de uitvoermap {} niet maken: {} is een bestand",
                    self.out.display(),
                    existing.display()
                )
            };
            return Err(failure::blocked(
                message,
                "geef met --out een map (die mag nog niet bestaan), of verplaats het bestand",
            ));
        }
        for dir in missing {
            self.fs.create_dir(&dir).map_err(|e| {
                failure::io("maken", format!("de uitvoermap {}", self.out.display()), &e)
            })?;
            self.created.push(dir);
        }
        Ok(())
    }

    fn dir(&self) -> &Path {
        self.dir.as_ref().map(|d| d.path()).unwrap_or(&self.out)
    }

    /// Writes one file to the staging folder and fingerprints it; callable from many
    /// threads, so a document can be written as soon as it is rendered.
    pub fn stage(&self, path: &str, bytes: &[u8]) -> Result<Staged> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let staged = self.dir().join(format!("{n:06}.tmp"));
        self.fs
            .write_new(&staged, bytes)
            .map_err(|e| failure::io("schrijven", self.out.join(path).display(), &e))?;
        Ok(Staged {
            path: path.to_owned(),
            staged,
            bytes: bytes.len(),
            sha256: hex(&Sha256::digest(bytes)),
        })
    }

    /// Applies `ops` in order, all or nothing.
    pub fn commit(mut self, ops: &[Op]) -> Result<()> {
        for op in ops {
            let rel = match op {
                Op::Put(s) => &s.path,
                Op::Remove(p) => p,
            };
            check_destination(&self.out, rel, matches!(op, Op::Put(_)))?;
        }
        self.flush_all(ops)?;
        let mut journal = Vec::new();
        match self.apply(ops, &mut journal) {
            Ok(()) => {
                self.committed = true;
                self.remove_emptied(ops);
                Ok(())
            }
            Err(e) => {
                self.undo(journal);
                Err(e)
            }
        }
    }

    /// Forces every file about to be put in place to the disk: with one flush of the
    /// whole file system where the system has that (`FileSystem::flush_file_system`),
    /// else file by file, several at once, as a flush mostly waits for the disk and the
    /// waits of several files overlap (one letter's PDF and the manifest: 2.3 ms one
    /// after the other on an SSD, see README). When no staged file is put (each
    /// destination already holds the same bytes) nothing is flushed.
    fn flush_all(&self, ops: &[Op]) -> Result<()> {
        let staged: Vec<&Staged> = ops
            .iter()
            .filter_map(|op| match op {
                Op::Put(s) => Some(s),
                Op::Remove(_) => None,
            })
            .collect();
        if staged.is_empty() {
            return Ok(());
        }
        if let Some(result) = self.fs.flush_file_system(self.dir()) {
            return result.map_err(|e| failure::io("schrijven in", self.out.display(), &e));
        }
        let per_thread = staged.len().div_ceil(staged.len().min(FLUSHING));
        let flush = |part: &[&Staged]| -> Result<()> {
            for s in part {
                self.fs
                    .flush(&s.staged)
                    .map_err(|e| failure::io("schrijven", self.out.join(&s.path).display(), &e))?;
            }
            Ok(())
        };
        std::thread::scope(|scope| {
            let mut parts = staged.chunks(per_thread);
            let own = parts.next().unwrap_or_default();
            let others: Vec<_> = parts.map(|part| scope.spawn(move || flush(part))).collect();
            let mut result = flush(own);
            for other in others {
                let done = other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                result = result.and(done);
            }
            result
        })
    }

    fn apply(&self, ops: &[Op], journal: &mut Vec<Undo>) -> Result<()> {
        for (n, op) in ops.iter().enumerate() {
            let aside = self.dir().join(format!("aside-{n:06}"));
            match op {
                Op::Put(staged) => {
                    let dest = self.out.join(&staged.path);
                    if let Some(parent) = dest.parent() {
                        self.create_parents(parent, journal)?;
                    }
                    if std::fs::symlink_metadata(&dest).is_ok() {
                        self.fs
                            .rename(&dest, &aside)
                            .map_err(|e| failure::io("vervangen", dest.display(), &e))?;
                        journal.push(Undo::MovedAside {
                            dest: dest.clone(),
                            aside,
                        });
                    }
                    self.fs
                        .rename(&staged.staged, &dest)
                        .map_err(|e| failure::io("schrijven", dest.display(), &e))?;
                    journal.push(Undo::Placed(dest));
                }
                Op::Remove(rel) => {
                    let dest = self.out.join(rel);
                    self.fs
                        .rename(&dest, &aside)
                        .map_err(|e| failure::io("verwijderen", dest.display(), &e))?;
                    journal.push(Undo::MovedAside { dest, aside });
                }
            }
        }
        Ok(())
    }

    fn create_parents(&self, dir: &Path, journal: &mut Vec<Undo>) -> Result<()> {
        let mut missing: Vec<&Path> = dir
            .ancestors()
            .take_while(|d| *d != self.out && std::fs::symlink_metadata(d).is_err())
            .collect();
        missing.reverse();
        for d in missing {
            self.fs
                .create_dir(d)
                .map_err(|e| failure::io("maken", format!("de map {}", d.display()), &e))?;
            journal.push(Undo::CreatedDir(d.to_path_buf()));
        }
        Ok(())
    }

    /// Best effort: every step is reversible by a rename or removal on the same file
    /// system, so this fails only if the disk itself stops working.
    fn undo(&self, journal: Vec<Undo>) {
        for step in journal.into_iter().rev() {
            let _ = match step {
                Undo::Placed(dest) => self.fs.remove_file(&dest),
                Undo::MovedAside { dest, aside } => self.fs.rename(&aside, &dest),
                Undo::CreatedDir(dir) => self.fs.remove_dir(&dir),
            };
        }
    }

    /// A folder that only held files this run removed goes too; `--out` itself stays.
    fn remove_emptied(&self, ops: &[Op]) {
        for op in ops {
            if let Op::Remove(rel) = op {
                let mut dir = self.out.join(rel);
                while dir.pop() && dir != self.out && dir.starts_with(&self.out) {
                    if self.fs.remove_dir(&dir).is_err() {
                        break;
                    }
                }
            }
        }
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        // The lock goes first: some systems refuse to remove an open file.
        drop(self.lock.take());
        drop(self.dir.take());
        if !self.committed {
            for dir in self.created.iter().rev() {
                let _ = self.fs.remove_dir(dir);
            }
        }
    }
}

/// Creates the staging folder's lock file and locks it. It is locked under a temporary
/// name and only then renamed into place, so another run never finds an unlocked lock
/// file in a folder that is in use.
fn hold_lock(dir: &Path) -> std::io::Result<std::fs::File> {
    let fresh = dir.join(format!("{LOCK_FILE}.new"));
    let mut file = std::fs::File::create_new(&fresh)?;
    file.lock()?;
    writeln!(file, "{LOCK_MARK} {}", std::process::id())?;
    std::fs::rename(&fresh, dir.join(LOCK_FILE))?;
    Ok(file)
}

/// Removes the staging folders that killed runs left in `out`: a folder (not a link)
/// named like ours, holding our lock file, whose lock nobody holds. Best effort: a
/// leftover that cannot be removed only costs disk space, and the run goes on.
fn remove_leftovers(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        if !entry
            .file_name()
            .to_string_lossy()
            .starts_with(STAGING_PREFIX)
        {
            continue;
        }
        let dir = entry.path();
        if !std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            continue;
        }
        let lock = dir.join(LOCK_FILE);
        if !std::fs::symlink_metadata(&lock).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let Ok(mut file) = std::fs::File::open(&lock) else {
            continue;
        };
        let mut head = [0u8; LOCK_MARK.len()];
        if file.read_exact(&mut head).is_err() || head != LOCK_MARK.as_bytes() {
            continue;
        }
        if file.try_lock().is_ok() {
            drop(file);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

enum Undo {
    CreatedDir(PathBuf),
    MovedAside { dest: PathBuf, aside: PathBuf },
    Placed(PathBuf),
}

/// Before anything changes: every folder on the way must be a real folder, and the
/// destination a regular file or nothing. A symlink could send our files elsewhere, and
/// moving a folder aside would move the user's work.
fn check_destination(out: &Path, rel: &str, writing: bool) -> Result<()> {
    let dest = out.join(rel);
    let mut prefix = out.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        prefix.push(part);
        let last = i + 1 == parts.len();
        let Ok(meta) = std::fs::symlink_metadata(&prefix) else {
            break;
        };
        if meta.file_type().is_symlink() {
            return Err(failure::blocked(
                format!(
                    "{} is een symbolische koppeling; raadsbrief schrijft niet via koppelingen",
                    prefix.display()
                ),
                "verwijder de koppeling, of kies met --out een andere map",
            ));
        }
        if last && meta.is_dir() {
            return Err(failure::blocked(
                format!(
                    "op de plaats van {} staat een map; raadsbrief {} daar een bestand",
                    dest.display(),
                    if writing { "schrijft" } else { "verwijdert" }
                ),
                "verplaats of hernoem die map, of kies met --out een andere map",
            ));
        }
        if !last && !meta.is_dir() {
            return Err(failure::blocked(
                format!(
                    "{} is een bestand, maar raadsbrief heeft daar een map nodig voor {}",
                    prefix.display(),
                    dest.display()
                ),
                "verplaats of hernoem dat bestand, of kies met --out een andere map",
            ));
        }
    }
    Ok(())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
