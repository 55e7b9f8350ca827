//! `raadsbrief validate FILE...`

use std::path::PathBuf;

use serde::Serialize;

use super::OutputFormat;
use crate::diagnostics::Finding;
use crate::error::{Error, Result, EXIT_FAILURE, EXIT_INVALID, EXIT_OK};

/// The region's font files (`lettertypen`) and the `--lettertypen` folders read as a
/// build reads them: a file that is not a usable font is an error here too.
fn check_fonts(
    validated: crate::validate::Validated,
    dirs: &[PathBuf],
) -> Result<crate::validate::Validated> {
    let book = crate::fonts::FontBook::new(crate::fonts::FontOptions::with_dirs(dirs.to_vec()));
    let mut findings = book.check(&crate::batch::font_sources(&validated));
    if findings.is_empty() {
        return Ok(validated);
    }
    findings.extend(validated.warnings);
    crate::diagnostics::sort(&mut findings);
    Err(Error::Invalid(findings))
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    valid: bool,
    errors: usize,
    warnings: usize,
    /// Set when the file could not be checked at all (missing, unreadable).
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<String>,
    findings: Vec<Finding>,
}

/// Validates every file, prints all findings, and returns 0 when all are valid, 2 when
/// any is invalid, 1 when any could not be read.
pub fn run(files: &[PathBuf], format: OutputFormat, fonts: &[PathBuf]) -> Result<i32> {
    let mut reports = Vec::new();
    let mut code = EXIT_OK;
    for path in files {
        let report = match crate::validate::validate_file(path).and_then(|v| check_fonts(v, fonts))
        {
            Ok(v) => FileReport {
                file: v.source.name.clone(),
                valid: true,
                errors: 0,
                warnings: v.warnings.len(),
                failure: None,
                findings: v.warnings,
            },
            Err(Error::Invalid(findings)) => {
                code = code.max(EXIT_INVALID);
                FileReport {
                    file: path.display().to_string(),
                    valid: false,
                    errors: findings.iter().filter(|f| f.is_error()).count(),
                    warnings: findings.iter().filter(|f| !f.is_error()).count(),
                    failure: None,
                    findings,
                }
            }
            Err(err) => {
                if code == EXIT_OK {
                    code = EXIT_FAILURE;
                }
                FileReport {
                    file: path.display().to_string(),
                    valid: false,
                    errors: 1,
                    warnings: 0,
                    failure: Some(err.to_string()),
                    findings: Vec::new(),
                }
            }
        };
        reports.push(report);
    }
    match format {
        OutputFormat::Json => {
            let json = serde_json::to_string_pretty(&serde_json::json!({ "files": reports }))
                .map_err(|e| Error::failed(format!("kan de JSON niet schrijven: {e}"), ""))?;
            println!("{json}");
        }
        OutputFormat::Tekst => {
            for r in &reports {
                print!("{}", super::render_findings(&r.findings));
                match (&r.failure, r.valid) {
                    (Some(failure), _) => println!("fout: {failure}"),
                    (None, true) => println!(
                        "{}: geldig ({})",
                        r.file,
                        count(r.warnings, "waarschuwing", "waarschuwingen")
                    ),
                    (None, false) => println!(
                        "{}: ongeldig ({}, {})",
                        r.file,
                        count(r.errors, "fout", "fouten"),
                        count(r.warnings, "waarschuwing", "waarschuwingen")
                    ),
                }
            }
        }
    }
    Ok(code)
}

/// "1 fout", "2 fouten": Dutch plurals are not a suffix, so both forms are given.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
