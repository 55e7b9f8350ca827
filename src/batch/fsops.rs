//! The few file-system operations a build's write uses, behind one trait.
//!
//! A full disk, a file another program holds open, or a folder without write permission
//! cannot be produced portably in a test (CI runs as root, which ignores permission
//! bits). Routing exactly these operations through [`FileSystem`] lets a test make the
//! real staging and commit code fail at any step and check that the folder is put back.

use std::io::Write;
use std::path::Path;

/// The operations staging and commit perform; everything else is read-only.
pub trait FileSystem: Sync {
    /// Creates a new file (never an existing one) with `bytes`. It reaches the disk only
    /// with [`flush`](FileSystem::flush), so that many files can be flushed at once.
    fn write_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;
    /// Forces a file written by `write_new` to the disk, data and metadata, so that it
    /// survives a power cut once it is renamed into place.
    fn flush(&self, path: &Path) -> std::io::Result<()>;
    /// Renames within one file system: atomic for the reader.
    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()>;
    fn create_dir(&self, path: &Path) -> std::io::Result<()>;
    fn remove_file(&self, path: &Path) -> std::io::Result<()>;
    fn remove_dir(&self, path: &Path) -> std::io::Result<()>;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RealFs;

impl FileSystem for RealFs {
    fn write_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        // `create_new` gets the permissions of any new file (0666 less the umask), as
        // `cp` or Word would give colleagues on a shared folder.
        let mut file = std::fs::File::create_new(path)?;
        file.write_all(bytes)
    }

    fn flush(&self, path: &Path) -> std::io::Result<()> {
        // Opened again rather than kept open: a run of thousands of letters would run
        // out of file handles. Write access, because Windows flushes only through a
        // handle that may write.
        std::fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .sync_all()
    }

    fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
        std::fs::rename(from, to)
    }

    fn create_dir(&self, path: &Path) -> std::io::Result<()> {
        std::fs::create_dir(path)
    }

    fn remove_file(&self, path: &Path) -> std::io::Result<()> {
        std::fs::remove_file(path)
    }

    fn remove_dir(&self, path: &Path) -> std::io::Result<()> {
        std::fs::remove_dir(path)
    }
}
