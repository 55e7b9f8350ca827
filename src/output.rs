//! Writing files so that a reader never sees half of one.
//!
//! Every file goes to a temporary file in the same directory and is renamed into place:
//! on every platform we target a rename within a directory is atomic, so an interrupted
//! run leaves either the old file or the new one, never a torn one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    stage(path, bytes)?
        .persist(path)
        .map_err(|e| Error::io("schrijven", path, &e.error))
}

/// Writes `bytes` to a new temporary file in `path`'s folder and flushes it to disk;
/// the file is closed (a region of thousands of files must not hold thousands of
/// descriptors) and deleted again if it is dropped before being persisted. A batch
/// stages every file first and renames them only when all succeeded.
pub fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::TempPath> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".raadsbrief-").suffix(".tmp");
    // A temporary file is private (0600) by default and the rename keeps that; the
    // documents are for colleagues on a shared folder, so they get the permissions of
    // any new file (0666 less the umask), as `cp` or Word would give them.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| {
        Error::io_with(
            format!("kan niet schrijven in de map {}", dir.display()),
            &e,
        )
    })?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("schrijven", path, &e))?;
    Ok(tmp.into_temp_path())
}
