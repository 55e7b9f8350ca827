//! A user's template folder: which files are templates raadsbrief uses, and a warning
//! for every file that looks meant as one but is not used.
//!
//! A template is used only under its exact name (`raadsinformatiebrief.md.hbs`), on
//! every platform: a case-insensitive disk would otherwise use `Raadsinformatiebrief.md.hbs`
//! on one computer and ignore it on the next. What is not used is said, so that an
//! edited copy never silently loses to the built-in template.

use std::path::{Path, PathBuf};

use crate::diagnostics::{closest, Finding, Severity};
use crate::error::{Error, Result};

use super::{BUILTIN, EXTENSION};

/// The templates of a folder that will be used, by name, and what was said about the rest.
#[derive(Debug, Default)]
pub struct Survey {
    /// `(name, path, text)` for each built-in name the folder has a usable file for.
    pub used: Vec<(&'static str, PathBuf, String)>,
    pub warnings: Vec<Finding>,
}

/// Reads the folder: every file named like a built-in template and holding text is
/// used; every other file gets a warning naming it, with the fix.
pub fn survey(dir: &Path) -> Result<Survey> {
    if !dir.is_dir() {
        return Err(Error::failed(
            format!("de sjablonenmap {} bestaat niet", dir.display()),
            "maak hem met `raadsbrief templates export MAP` en bewerk daarna de kopieën",
        ));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io("lezen", dir, &e))?;
    let mut names: Vec<(String, PathBuf)> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("lezen", dir, &e))?;
        let path = entry.path();
        // Folders, and hidden files an editor or the system leaves (`.DS_Store`,
        // `.raadsinformatiebrief.md.hbs.swp`), are nobody's template.
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            continue;
        };
        if name.starts_with('.') || !path.is_file() {
            continue;
        }
        names.push((name, path));
    }
    names.sort();
    let mut survey = Survey::default();
    for (name, path) in names {
        let warn = |message: String, help: String| {
            Finding::new(
                Severity::Warning,
                "template-file",
                path.display().to_string(),
                (1, 1),
                String::new(),
                message,
                help,
            )
        };
        let builtin = BUILTIN
            .iter()
            .map(|(n, _)| *n)
            .find(|n| format!("{n}{EXTENSION}") == name);
        if let Some(builtin) = builtin {
            match read_text(&path)? {
                Content::Text(text) => survey.used.push((builtin, path.clone(), text)),
                Content::Empty => survey.warnings.push(warn(
                    format!("het sjabloon {name} is leeg: raadsbrief gebruikt het ingebouwde sjabloon"),
                    format!("zet er de tekst van een sjabloon in (`raadsbrief templates export MAP` schrijft de ingebouwde als voorbeeld), of verwijder {name}"),
                )),
                Content::Binary => survey.warnings.push(warn(
                    format!("{name} is geen tekstbestand (UTF-8) en dus geen sjabloon: raadsbrief gebruikt het ingebouwde sjabloon"),
                    format!("sla {name} op als platte tekst (UTF-8), bijvoorbeeld in Kladblok of VS Code, niet in Word"),
                )),
            }
            continue;
        }
        let lower = name.to_lowercase();
        let same_but_case = BUILTIN
            .iter()
            .map(|(n, _)| format!("{n}{EXTENSION}"))
            .find(|n| *n == lower);
        if let Some(expected) = same_but_case {
            survey.warnings.push(warn(
                format!("{name} heet bijna als het sjabloon {expected}, maar de hoofdletters verschillen: raadsbrief gebruikt het niet, en neemt het ingebouwde sjabloon"),
                format!("hernoem het bestand naar {expected} (alleen kleine letters)"),
            ));
            continue;
        }
        let stem = lower
            .strip_suffix(EXTENSION)
            .or_else(|| lower.split('.').next())
            .unwrap_or(&lower);
        let known = BUILTIN.iter().map(|(n, _)| *n);
        let meant = known
            .clone()
            .find(|n| *n == stem)
            .or_else(|| closest(stem, known.clone()));
        let message = if lower.ends_with(EXTENSION) {
            format!(
                "{name} is geen van de sjablonen die raadsbrief kent ({}): het wordt niet gebruikt",
                BUILTIN
                    .iter()
                    .map(|(n, _)| format!("{n}{EXTENSION}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            format!("{name} is geen sjabloon (een sjabloon eindigt op {EXTENSION}): het wordt niet gebruikt")
        };
        let help = match meant {
            Some(n) => format!("is het bedoeld als {n}{EXTENSION}? Hernoem het dan zo; anders kunt u het uit de sjablonenmap halen"),
            None => "haal het uit de sjablonenmap, of geef het de naam van een sjabloon (`raadsbrief templates list`)".to_owned(),
        };
        survey.warnings.push(warn(message, help));
    }
    Ok(survey)
}

enum Content {
    Text(String),
    Empty,
    Binary,
}

fn read_text(path: &Path) -> Result<Content> {
    let bytes = std::fs::read(path).map_err(|e| {
        Error::io_with(
            format!("kan het sjabloon {} niet lezen", path.display()),
            &e,
        )
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Content::Empty);
    }
    match String::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => Ok(Content::Text(text)),
        _ => Ok(Content::Binary),
    }
}
