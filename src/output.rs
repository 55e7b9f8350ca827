//! Writing files so that a reader never sees half of one.
//!
//! Every file goes to a temporary file in the same directory and is renamed into place:
//! on every platform we target a rename within a directory is atomic, so an interrupted
//! run leaves either the old file or the new one, never a torn one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".raadsbrief-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("write in", dir, &e))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("write", path, &e))?;
    tmp.persist(path)
        .map_err(|e| Error::io("write", path, &e.error))?;
    Ok(())
}
