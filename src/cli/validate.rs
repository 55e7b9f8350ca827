//! `raadsbrief validate FILE...`

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::OutputFormat;
use crate::diagnostics::Finding;
use crate::error::{Error, Result, EXIT_FAILURE, EXIT_INVALID, EXIT_OK};
use crate::validate::Validated;

/// The region's font files (`lettertypen`) and the `--lettertypen` folders read as a
/// build reads them: a file that is not a usable font is an error here too. Said
/// together with what the template check found, so one run shows both.
fn check_fonts(
    validated: crate::validate::Validated,
    dirs: &[PathBuf],
) -> Result<crate::validate::Validated> {
    let book = crate::fonts::FontBook::new(crate::fonts::FontOptions::with_dirs(dirs.to_vec()));
    let mut findings = book.check(&crate::batch::font_sources(&validated));
    if findings.is_empty() && !validated.warnings.iter().any(Finding::is_error) {
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
/// any is invalid, 1 when any could not be read. Font files are checked as `build`
/// checks them (`fonts`: `--lettertypen` folders). The templates (built-in, or those in
/// `templates`) decide which letter fields are shown, so a field no letter shows is
/// said here as it is by `build`.
pub fn run(
    files: &[PathBuf],
    format: OutputFormat,
    templates: Option<&Path>,
    fonts: &[PathBuf],
) -> Result<i32> {
    // A user's templates are compiled to check them; the built-in ones are known to
    // compile (tests/templates.rs), and only their text is read here.
    let templates = match templates {
        Some(_) => crate::templates::Templates::load(templates)?,
        None => crate::templates::Templates::open(None)?,
    };
    let template_warnings = templates.folder_warnings();
    let mut reports = Vec::new();
    let mut code = EXIT_OK;
    for path in files {
        let report = match crate::validate::validate_file(path)
            .and_then(check_word_templates)
            .and_then(|v| check_fonts(v, fonts))
        {
            Ok(v) => {
                let all: Vec<usize> = (0..v.region.gemeenten.len()).collect();
                let mut findings = v.warnings.clone();
                findings.extend(crate::batch::unused_fields::findings(&v, &templates, &all));
                crate::diagnostics::sort(&mut findings);
                FileReport {
                    file: v.source.name.clone(),
                    valid: true,
                    errors: 0,
                    warnings: findings.len(),
                    failure: None,
                    findings,
                }
            }
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
            let json = serde_json::json!({ "files": reports, "templates": template_warnings });
            let json = serde_json::to_string_pretty(&json)
                .map_err(|e| Error::failed(format!("kan de JSON niet schrijven: {e}"), ""))?;
            println!("{json}");
        }
        OutputFormat::Tekst => {
            for w in template_warnings {
                println!(
                    "waarschuwing[{}]: {}: {}\n  = hulp: {}\n",
                    w.rule, w.file, w.message, w.help
                );
            }
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

/// Opens every Word template the file names, as a build would: a template that would be
/// refused then, is reported now, at its `sjabloon` value (by [`check_fonts`], with
/// the font files' findings).
fn check_word_templates(mut v: Validated) -> Result<Validated> {
    let (_, findings) =
        crate::compose::word_templates::load(&v.region, &v.source.dir, &|p| v.value_place(p));
    v.warnings.extend(findings);
    crate::diagnostics::sort(&mut v.warnings);
    Ok(v)
}

/// "1 fout", "2 fouten": Dutch plurals are not a suffix, so both forms are given.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
