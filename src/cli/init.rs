//! `raadsbrief init [FILE]`: a starter region that validates, so nobody starts from a
//! blank page.

use std::path::Path;

use crate::error::{Error, Result, EXIT_OK};

/// The starter file, the same one the test suite validates.
pub const STARTER: &str = include_str!("../../samples/starter.yaml");

pub fn run(file: &Path, force: bool) -> Result<i32> {
    if file.exists() && !force {
        return Err(Error::failed(
            format!("{} bestaat al", file.display()),
            "kies een andere naam, of voeg --force toe om het te overschrijven",
        ));
    }
    crate::output::write_atomic(file, STARTER.as_bytes())?;
    eprintln!(
        "{} geschreven: vul de velden met [in te vullen: …] in en controleer het bestand met `raadsbrief validate {}`",
        file.display(),
        file.display()
    );
    Ok(EXIT_OK)
}
