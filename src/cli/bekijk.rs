//! `raadsbrief bekijk FILE`: the live preview in the browser.

use std::path::PathBuf;

use crate::error::{Result, EXIT_OK};

pub fn run(
    file: PathBuf,
    templates: Option<PathBuf>,
    lettertypen: Vec<PathBuf>,
    port: u16,
    open: bool,
) -> Result<i32> {
    crate::preview::serve(crate::preview::Options {
        file,
        templates,
        lettertypen,
        port,
        open_browser: open,
    })?;
    Ok(EXIT_OK)
}
