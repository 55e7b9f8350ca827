//! Reading a region file: bytes → text → YAML tree with positions.
//!
//! Everything that can go wrong before the content is even looked at is caught here and
//! turned into a located finding: a file too large, bytes that are not UTF-8, an empty
//! file, YAML syntax, tabs, alias bombs, absurd nesting. The parser runs with budgets
//! so a hostile or broken file is rejected in milliseconds, never by running out of
//! memory. What the parser itself reports is explained in `explain`.

mod explain;
mod from_events;
mod invisible;
mod node;
mod pitfalls;
mod scan;

use std::io::Read as _;
use std::path::{Path, PathBuf};

pub use node::{escape_pointer, Entry, Locations, Node, Pos, Value};
pub use pitfalls::comment_as_value;

use crate::diagnostics::{Finding, Severity};
use crate::error::{Error, Result};

/// Largest region file we accept. A region with 342 municipalities and long texts is
/// under 1 MiB; anything past this is a mistake (a wrong file, a pasted image) and is
/// refused before it is read.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// Deepest nesting we accept. The format itself is 6 levels deep.
pub const MAX_DEPTH: usize = 32;

/// A region file's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it, for messages.
    pub name: String,
    /// The folder relative paths inside the file (logos, documents) are resolved against.
    pub dir: PathBuf,
    pub text: String,
}

/// The parsed tree plus what is needed to point back into the source.
#[derive(Debug, Clone)]
pub struct Tree {
    pub root: Node,
    pub locations: Locations,
    /// Valid YAML that likely does not say what the user meant (a word taken for an
    /// anchor, curly quotes); errors and warnings, reported with the other findings.
    pub findings: Vec<Finding>,
}

impl Source {
    /// Reads `path`, refusing oversized and non-UTF-8 files with a located finding.
    pub fn load(path: &Path) -> Result<Source> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| Error::io("lezen", path, &e))?;
        if meta.is_dir() {
            return Err(Error::failed(
                format!("{name} is een map, geen regiobestand"),
                "geef het pad van een .yaml-bestand, bijvoorbeeld samples/gooi-en-vechtstreek.yaml",
            ));
        }
        let too_large = |size: String| {
            Error::Invalid(vec![finding_at(
                &name,
                Pos { line: 1, column: 1 },
                "too-large",
                format!(
                    "het bestand is {size}; een regiobestand mag hoogstens {} MiB zijn",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
                "controleer of dit het goede bestand is; zelfs een regiobestand met alle Nederlandse gemeenten is ruim kleiner dan 1 MiB",
            )])
        };
        if meta.len() > MAX_INPUT_BYTES {
            return Err(too_large(format!(
                "{} MiB",
                meta.len().div_ceil(1024 * 1024)
            )));
        }
        // The size in the metadata is not a bound: a device (`/dev/zero`), a pipe or a
        // file that grows while we read reports 0 or too little. Read at most one byte
        // past the limit, so no path can make us read without end.
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_INPUT_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::io("lezen", path, &e))?;
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return Err(too_large(format!(
                "groter dan {} MiB",
                MAX_INPUT_BYTES / (1024 * 1024)
            )));
        }
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Source::from_bytes(name, dir, bytes)
    }

    /// Decodes bytes as UTF-8 (dropping a byte-order mark), pointing at the first bad byte.
    pub fn from_bytes(name: String, dir: PathBuf, bytes: Vec<u8>) -> Result<Source> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(Error::Invalid(vec![finding_at(
                &name,
                Pos { line: 1, column: 1 },
                "encoding",
                "het bestand is opgeslagen als UTF-16".into(),
                "sla het op als UTF-8 (in de meeste editors: Opslaan als → Codering → UTF-8)",
            )]));
        }
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let bytes = err.into_bytes();
                let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                let pos = end_position(before);
                return Err(Error::Invalid(vec![finding_at(
                    &name,
                    pos,
                    "encoding",
                    format!(
                        "byte 0x{:02X} is geen geldige UTF-8-tekst",
                        bytes.get(valid).copied().unwrap_or_default()
                    ),
                    "sla het bestand op als UTF-8; meestal komt dit door tekst die is geplakt uit oude Word- of Windows-bestanden (bijvoorbeeld een Latin-1-‘é’)",
                )]));
            }
        };
        let text = text
            .strip_prefix('\u{FEFF}')
            .map(str::to_owned)
            .unwrap_or(text);
        Ok(Source { name, dir, text })
    }

    /// Parses the text into a positioned tree, under budgets.
    pub fn parse(&self) -> std::result::Result<Tree, Vec<Finding>> {
        if self.text.trim().is_empty() || is_only_comments(&self.text) {
            let only_comments = !self.text.trim().is_empty();
            return Err(vec![finding_at(
                &self.name,
                Pos { line: 1, column: 1 },
                "empty",
                if only_comments {
                    "het bestand bevat alleen commentaar".into()
                } else {
                    "het bestand is leeg".into()
                },
                "begin met een voorbeeld: `raadsbrief init region.yaml` schrijft een compleet regiobestand",
            )]);
        }
        let controls = control_characters(&self.name, &self.text);
        if !controls.is_empty() {
            return Err(controls);
        }
        let root: Node = match from_events::read(&self.text) {
            Some(root) => root,
            None => serde_saphyr::from_str_with_options(&self.text, options())
                .map_err(|e| vec![explain::syntax_finding(self, &e)])?,
        };
        if !matches!(root.value, Value::Map(_)) {
            return Err(vec![finding_at(
                &self.name,
                root.pos,
                "not-a-region",
                format!(
                    "dit is geen regiobestand: het bestand als geheel is ‘{}’, en niet de sleutels `regio:`, `gemeenten:`, `samenwerkingsdocument:` en `brief:`",
                    root.value.kind_name()
                ),
                "controleer of u het goede bestand hebt gekozen; `raadsbrief init region.yaml` schrijft een voorbeeld van de vorm",
            )]);
        }
        let locations = root.index();
        let findings = pitfalls::check(self, &root);
        Ok(Tree {
            root,
            locations,
            findings,
        })
    }
}

/// Findings reported for invisible characters before the rest are summarised.
const MAX_CONTROL_FINDINGS: usize = 20;

/// Every character YAML does not allow in a file, each located exactly.
///
/// YAML admits only "printable" characters (YAML 1.2 §5.1), not even between quotes:
/// no C0 control other than tab, line feed and carriage return, no DEL, no C1 control
/// other than U+0085, no U+FFFE/U+FFFF. Text pasted from Word brings them along (a
/// vertical tab U+000B for every Shift+Enter), and the parser's own message ("unexpected
/// character") points at the start of the value and suggests indentation. Here the
/// user learns which character, exactly where, and what to do.
fn control_characters(name: &str, text: &str) -> Vec<Finding> {
    let mut found: Vec<(Pos, char)> = Vec::new();
    let mut total = 0usize;
    for (l, line) in text.split('\n').enumerate() {
        for (c, ch) in line.chars().enumerate() {
            if !is_yaml_printable(ch) {
                total += 1;
                if found.len() < MAX_CONTROL_FINDINGS {
                    let pos = Pos {
                        line: l + 1,
                        column: c + 1,
                    };
                    found.push((pos, ch));
                }
            }
        }
    }
    let shown = found.len();
    found
        .into_iter()
        .enumerate()
        .map(|(i, (pos, ch))| {
            let mut message = format!(
                "onzichtbaar stuurteken U+{:04X}{} in de tekst; YAML staat het niet toe, ook niet tussen aanhalingstekens",
                ch as u32,
                control_name(ch).map(|n| format!(" ({n})")).unwrap_or_default()
            );
            if i + 1 == shown && total > shown {
                message.push_str(&format!(
                    " (nog {} van zulke tekens in het bestand)",
                    total - shown
                ));
            }
            let help = if ch == '\u{B}' {
                "Word zet dit teken bij een regelafbreking met Shift+Enter: verwijder het, of vervang het door een spatie of een nieuwe regel"
            } else {
                "verwijder het (het komt meestal mee met tekst die is geplakt uit Word, een PDF of een e-mail); de meeste editors tonen het met ‘onzichtbare tekens tonen’"
            };
            finding_at(name, pos, "control-character", message, help)
        })
        .collect()
}

/// YAML 1.2's `c-printable` (tab, line breaks, and printable Unicode).
fn is_yaml_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
        || c >= '\u{10000}'
}

/// A name for the characters people actually meet.
fn control_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "nulteken",
        '\u{7}' => "belteken",
        '\u{8}' => "backspace",
        '\u{B}' => "verticale tab",
        '\u{C}' => "form feed, een paginascheiding",
        '\u{1B}' => "escape",
        '\u{7F}' => "delete",
        '\u{80}'..='\u{9F}' => "een C1-stuurteken; vaak een aanhalingsteken of streepje uit Windows-1252 dat verkeerd is gelezen",
        '\u{FFFE}' | '\u{FFFF}' => "een niet-teken",
        _ => return None,
    })
}

fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_aliases = 1_000;
    budget.max_anchors = 1_000;
    budget.max_nodes = 100_000;
    budget.max_events = 250_000;
    budget.max_documents = 1;
    budget.max_total_scalar_bytes = MAX_INPUT_BYTES as usize;
    budget.max_recorded_anchor_bytes = 1024 * 1024;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    // A region file has no use for aliases beyond a handful; a few thousand replayed
    // events stop a "billion laughs" file long before it costs time or memory.
    options.alias_limits.max_total_replayed_events = 10_000;
    options.alias_limits.max_alias_expansions_per_anchor = 100;
    options
}

fn is_only_comments(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// Line and column just after `text`, i.e. where the next character would stand.
fn end_position(text: &str) -> Pos {
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    Pos {
        line,
        column: last.chars().count() + 1,
    }
}

fn finding_at(
    file: &str,
    pos: Pos,
    rule: &'static str,
    message: String,
    help: impl Into<std::borrow::Cow<'static, str>>,
) -> Finding {
    Finding::new(
        Severity::Error,
        rule,
        file,
        (pos.line, pos.column),
        String::new(),
        message,
        help,
    )
}
