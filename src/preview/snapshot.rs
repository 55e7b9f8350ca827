//! One complete picture of what the preview shows: the findings and every document,
//! built from the files as they are on disk at one moment.
//!
//! A snapshot is either whole or it has no documents at all: when any step fails (the
//! YAML, the schema, the NvO rules, a template, a logo) it carries the findings and an
//! empty document list, so the page can never show a letter from before the mistake.

use std::borrow::Cow;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::compose::{Composer, Kind};
use crate::diagnostics::Finding;
use crate::document::Document;
use crate::error::{Error, Result};
use crate::parse::Source;
use crate::render::{html::Html, Renderer};
use crate::templates::Templates;

/// One document as the preview offers it.
#[derive(Debug)]
pub struct Shown {
    /// The stable part of its URLs: the CBS code (lower case) or `samenwerkingsdocument`.
    pub id: String,
    /// The name in the list: the municipality, or "Samenwerkingsdocument".
    pub label: String,
    pub letter: bool,
    /// Kept so that PDF and DOCX can be rendered on request from the same state.
    pub document: Arc<Document>,
    pub html: Arc<Vec<u8>>,
}

/// The findings and documents of one moment.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Counts up with every rebuild; the page asks for a newer one to know it is stale.
    pub generation: u64,
    /// The region's name when it could be read, otherwise the file's.
    pub title: String,
    pub errors: usize,
    pub warnings: usize,
    /// Every finding or failure as the command line prints it (with its snippet).
    pub messages: Vec<Message>,
    /// Empty whenever `errors > 0`.
    pub documents: Vec<Shown>,
    /// Files the region refers to (logos, house-style files), to be watched; `None`
    /// when the file could not be parsed, so the caller keeps watching the old set.
    pub references: Option<Vec<PathBuf>>,
    /// The fonts of this rebuild (a fixed font file is read again on the next save).
    pub fonts: Arc<crate::fonts::FontBook>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub error: bool,
    pub text: String,
}

impl Snapshot {
    pub fn find(&self, id: &str) -> Option<&Shown> {
        self.documents.iter().find(|d| d.id == id)
    }
}

/// Validates `file`, composes every letter and the appendix and renders them as HTML.
pub fn build(file: &Path, templates: Option<&Path>) -> Snapshot {
    build_with_fonts(file, templates, &[])
}

/// [`build`] with `--lettertypen` folders for the PDF.
pub fn build_with_fonts(file: &Path, templates: Option<&Path>, fonts: &[PathBuf]) -> Snapshot {
    let mut snapshot = Snapshot {
        title: file.display().to_string(),
        references: references(file),
        fonts: Arc::new(crate::fonts::FontBook::new(
            crate::fonts::FontOptions::with_dirs(fonts.to_vec()),
        )),
        ..Snapshot::default()
    };
    match documents(file, templates) {
        Ok((title, warnings, documents)) => {
            snapshot.title = title;
            snapshot.warnings = warnings.len();
            snapshot.messages = render_findings(&warnings);
            snapshot.documents = documents;
        }
        Err(Error::Invalid(findings)) => {
            snapshot.errors = findings.iter().filter(|f| f.is_error()).count();
            snapshot.warnings = findings.len() - snapshot.errors;
            snapshot.messages = render_findings(&findings);
        }
        Err(other) => {
            snapshot.errors = 1;
            snapshot.messages = vec![Message {
                error: true,
                text: format!("fout: {other}\n"),
            }];
        }
    }
    snapshot
}

type Built = (String, Vec<Finding>, Vec<Shown>);

fn documents(file: &Path, templates: Option<&Path>) -> Result<Built> {
    let validated = crate::validate::validate_file(file)?;
    let templates = Templates::load(templates)?;
    let region = &validated.region;
    let (word_templates, mut findings) =
        crate::compose::word_templates::load(region, &validated.source.dir, &|p| {
            validated.value_place(p)
        });
    findings.extend(validated.warnings.iter().cloned());
    findings.extend(templates.folder_warnings().iter().cloned());
    crate::diagnostics::sort(&mut findings);
    if findings.iter().any(Finding::is_error) {
        return Err(Error::Invalid(findings));
    }
    let composer = Composer {
        region,
        templates: &templates,
        base_dir: &validated.source.dir,
        word_templates: &word_templates,
    };
    let mut kinds: Vec<Kind> = (0..region.gemeenten.len()).map(Kind::Letter).collect();
    kinds.push(Kind::Appendix);
    let shown = kinds
        .par_iter()
        .map(|kind| {
            let document = composer.compose(*kind)?;
            let html = Html.render(&document)?.bytes;
            let (id, label, letter) = match kind {
                Kind::Letter(i) => {
                    let g = &region.gemeenten[*i];
                    (g.cbs.to_lowercase(), g.naam.clone(), true)
                }
                Kind::Appendix => (
                    "samenwerkingsdocument".to_owned(),
                    "Samenwerkingsdocument".to_owned(),
                    false,
                ),
            };
            Ok(Shown {
                id,
                label,
                letter,
                document: Arc::new(document),
                html: Arc::new(html),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok((region.regio.naam.clone(), findings, shown))
}

/// Every finding as `raadsbrief validate` prints it, with the line it points at.
fn render_findings(findings: &[Finding]) -> Vec<Message> {
    let mut sources: Vec<(String, Option<String>)> = Vec::new();
    findings
        .iter()
        .map(|f| {
            if !sources.iter().any(|(name, _)| *name == f.file) {
                sources.push((f.file.clone(), read_bounded(Path::new(&f.file))));
            }
            let source = sources
                .iter()
                .find(|(name, _)| *name == f.file)
                .and_then(|(_, s)| s.as_deref());
            Message {
                error: f.is_error(),
                text: f.render(source),
            }
        })
        .collect()
}

/// A file for a snippet, never more than a region file may be.
fn read_bounded(path: &Path) -> Option<String> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(crate::parse::MAX_INPUT_BYTES)
        .read_to_end(&mut bytes)
        .ok()?;
    String::from_utf8(bytes).ok()
}

/// The files the region names, found by value rather than by field: any string that is
/// the path of an existing file next to the region file. That way a new kind of file
/// in the schema (a Word template, a font, a signature) is watched without this list
/// having to learn about it.
fn references(file: &Path) -> Option<Vec<PathBuf>> {
    let source = Source::load(file).ok()?;
    let tree = source.parse().ok()?;
    let json = tree.root.to_json_with(&|s: &str| Cow::Borrowed(s));
    let mut found = Vec::new();
    collect_paths(&json, &source.dir, &mut found);
    found.sort();
    found.dedup();
    Some(found)
}

fn collect_paths(value: &serde_json::Value, dir: &Path, found: &mut Vec<PathBuf>) {
    match value {
        serde_json::Value::String(s) if looks_like_path(s) => {
            let path = dir.join(s);
            if path.is_file() {
                found.push(path);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_paths(item, dir, found);
            }
        }
        serde_json::Value::Object(map) => {
            for item in map.values() {
                collect_paths(item, dir, found);
            }
        }
        _ => {}
    }
}

/// Cheap test before touching the disk: a file name is short and on one line.
fn looks_like_path(s: &str) -> bool {
    !s.is_empty() && s.len() <= 1024 && !s.contains('\n') && s.contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Gooi en Vechtstreek sample in a temp folder with its templates, fonts and
    /// signatures, Blaricum with a logo next to it.
    fn sample_copy() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let file = dir.path().join("regio.yaml");
        let text = std::fs::read_to_string(root.join("samples/gooi-en-vechtstreek.yaml"))
            .expect("read sample");
        let with_logo = text.replacen(
            "      kleur: \"#1F5F8B\"",
            "      logo: logos/blaricum.png\n      logo-alt: Logo gemeente Blaricum\n      kleur: \"#1F5F8B\"",
            1,
        );
        assert_ne!(text, with_logo, "the sample's Blaricum has a house colour");
        std::fs::write(&file, with_logo).expect("write region");
        std::fs::create_dir(dir.path().join("sjablonen")).expect("templates folder");
        for t in ["gooise-meren.dotx", "huizen.dotx"] {
            std::fs::copy(
                root.join("samples/sjablonen").join(t),
                dir.path().join("sjablonen").join(t),
            )
            .expect("copy template");
        }
        std::fs::create_dir(dir.path().join("lettertypen")).expect("fonts folder");
        for entry in std::fs::read_dir(root.join("samples/lettertypen")).expect("sample fonts") {
            let path = entry.expect("entry").path();
            if let Some(name) = path.file_name() {
                std::fs::copy(&path, dir.path().join("lettertypen").join(name)).expect("copy font");
            }
        }
        std::fs::create_dir(dir.path().join("handtekeningen")).expect("signatures folder");
        for name in ["eemnes-burgemeester.png", "eemnes-secretaris.png"] {
            std::fs::copy(
                root.join("samples/handtekeningen").join(name),
                dir.path().join("handtekeningen").join(name),
            )
            .expect("copy signature");
        }
        std::fs::create_dir(dir.path().join("logos")).expect("logos folder");
        std::fs::copy(
            root.join("tests/data/logo.png"),
            dir.path().join("logos/blaricum.png"),
        )
        .expect("copy logo");
        (dir, file)
    }

    #[test]
    fn a_valid_region_shows_every_letter_and_the_appendix() {
        let (_dir, file) = sample_copy();
        let snapshot = build(&file, None);
        assert_eq!(snapshot.errors, 0, "{:?}", snapshot.messages);
        assert_eq!(snapshot.title, "Regio Gooi en Vechtstreek");
        assert_eq!(snapshot.documents.len(), 9);
        let blaricum = snapshot.find("gm0376").expect("Blaricum's letter");
        assert!(blaricum.letter);
        let html = String::from_utf8_lossy(&blaricum.html);
        assert!(html.contains("Blaricum"), "{html}");
        assert!(snapshot.find("samenwerkingsdocument").is_some());
    }

    #[test]
    fn a_misnamed_file_in_the_template_folder_is_shown_as_a_warning() {
        let (dir, file) = sample_copy();
        let folder = dir.path().join("mijn-sjablonen");
        std::fs::create_dir(&folder).expect("template folder");
        std::fs::write(
            folder.join("Raadsinformatiebrief.md.hbs"),
            "{{brief.onderwerp}}\n",
        )
        .expect("write template");
        let snapshot = build(&file, Some(&folder));
        assert_eq!(snapshot.errors, 0, "{:?}", snapshot.messages);
        assert_eq!(snapshot.warnings, 1, "{:?}", snapshot.messages);
        let all: String = snapshot.messages.iter().map(|m| m.text.as_str()).collect();
        assert!(all.contains("Raadsinformatiebrief.md.hbs"), "{all}");
        assert!(all.contains("raadsinformatiebrief.md.hbs"), "{all}");
        assert!(
            !snapshot.documents.is_empty(),
            "a warning still shows the letters"
        );
    }

    #[test]
    fn a_broken_region_has_findings_and_no_documents() {
        let (_dir, file) = sample_copy();
        let text = std::fs::read_to_string(&file).expect("read");
        let broken = text.replacen("portefeuillehouder:", "portefeuilehouder:", 1);
        assert_ne!(text, broken);
        std::fs::write(&file, broken).expect("write");
        let snapshot = build(&file, None);
        assert!(snapshot.errors > 0);
        assert!(snapshot.documents.is_empty());
        let all: String = snapshot.messages.iter().map(|m| m.text.as_str()).collect();
        assert!(all.contains("portefeuilehouder"), "{all}");
        assert!(
            snapshot.references.is_some(),
            "the YAML itself still parses"
        );
    }

    #[test]
    fn the_logos_and_templates_the_region_names_are_references() {
        let (dir, file) = sample_copy();
        let snapshot = build(&file, None);
        assert_eq!(snapshot.errors, 0, "{:?}", snapshot.messages);
        assert_eq!(
            snapshot.references.expect("parsed"),
            vec![
                dir.path().join("handtekeningen/eemnes-burgemeester.png"),
                dir.path().join("handtekeningen/eemnes-secretaris.png"),
                dir.path().join("logos/blaricum.png"),
                dir.path().join("sjablonen/gooise-meren.dotx"),
                dir.path().join("sjablonen/huizen.dotx"),
            ]
        );
    }

    #[test]
    fn a_broken_template_is_a_finding_not_a_stale_letter() {
        let (dir, file) = sample_copy();
        std::fs::write(dir.path().join("sjablonen/huizen.dotx"), b"kapot").expect("break");
        let snapshot = build(&file, None);
        assert!(snapshot.errors > 0);
        assert!(snapshot.documents.is_empty());
        let all: String = snapshot.messages.iter().map(|m| m.text.as_str()).collect();
        assert!(
            all.contains("template-broken") || all.contains("huizen.dotx"),
            "{all}"
        );
    }

    #[test]
    fn a_missing_logo_is_a_failure_not_a_stale_letter() {
        let (dir, file) = sample_copy();
        std::fs::remove_file(dir.path().join("logos/blaricum.png")).expect("remove logo");
        let snapshot = build(&file, None);
        assert!(snapshot.errors > 0);
        assert!(snapshot.documents.is_empty());
        assert!(
            snapshot
                .messages
                .iter()
                .any(|m| m.text.contains("blaricum.png")),
            "{:?}",
            snapshot.messages
        );
    }
}
