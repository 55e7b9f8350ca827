//! `raadsbrief init [FILE]`: a starter region that validates, so nobody starts from a
//! blank page.

use std::path::Path;

use crate::error::{Error, Result, EXIT_OK};

/// The starter file, the same one the test suite validates.
pub const STARTER: &str = include_str!("../../samples/starter.yaml");

pub fn run(file: &Path, force: bool) -> Result<i32> {
    if file.exists() && !force {
        return Err(Error::failed(
            format!("{} already exists", file.display()),
            "choose another name, or add --force to overwrite it",
        ));
    }
    crate::output::write_atomic(file, STARTER.as_bytes())?;
    eprintln!(
        "wrote {}: fill in the fields marked [in te vullen …], then run `raadsbrief validate {}`",
        file.display(),
        file.display()
    );
    Ok(EXIT_OK)
}
