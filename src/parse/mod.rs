//! Reading a region file: bytes → text → YAML tree with positions.
//!
//! Everything that can go wrong before the content is even looked at is caught here and
//! turned into a located finding: a file too large, bytes that are not UTF-8, an empty
//! file, YAML syntax, tabs, alias bombs, absurd nesting. The parser runs with budgets
//! so a hostile or broken file is rejected in milliseconds, never by running out of
//! memory. What the parser itself reports is explained in `explain`.

mod explain;
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
        let meta = std::fs::metadata(path).map_err(|e| Error::io("read", path, &e))?;
        if meta.is_dir() {
            return Err(Error::failed(
                format!("{name} is a folder, not a region file"),
                "give the path of a .yaml file, e.g. samples/gooi-en-vechtstreek.yaml",
            ));
        }
        let too_large = |size: String| {
            Error::Invalid(vec![finding_at(
                &name,
                Pos { line: 1, column: 1 },
                "too-large",
                format!(
                    "the file is {size}; a region file may be at most {} MiB",
                    MAX_INPUT_BYTES / (1024 * 1024)
                ),
                "check that this is the right file; a region file with every Dutch municipality is well under 1 MiB",
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
            .map_err(|e| Error::io("read", path, &e))?;
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return Err(too_large(format!(
                "more than {} MiB",
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
                "the file is saved as UTF-16".into(),
                "save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)",
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
                        "byte 0x{:02X} is not valid UTF-8 text",
                        bytes.get(valid).copied().unwrap_or_default()
                    ),
                    "save the file as UTF-8; text pasted from old Word or Windows files (e.g. Latin-1 ‘é’) is the usual cause",
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
                    "the file contains only comments".into()
                } else {
                    "the file is empty".into()
                },
                "start from a template: `raadsbrief init region.yaml` writes a complete example",
            )]);
        }
        let controls = control_characters(&self.name, &self.text);
        if !controls.is_empty() {
            return Err(controls);
        }
        let root: Node = serde_saphyr::from_str_with_options(&self.text, options())
            .map_err(|e| vec![explain::syntax_finding(self, &e)])?;
        if !matches!(root.value, Value::Map(_)) {
            return Err(vec![finding_at(
                &self.name,
                root.pos,
                "not-a-region",
                format!(
                    "this is not a region file: its top level is a {}, not the keys `regio:`, `gemeenten:`, `samenwerkingsdocument:` and `brief:`",
                    root.value.kind_name()
                ),
                "check that you opened the right file; `raadsbrief init region.yaml` writes an example of the format",
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
                "invisible control character U+{:04X}{} in the text; YAML does not allow it, not even between quotes",
                ch as u32,
                control_name(ch).map(|n| format!(" ({n})")).unwrap_or_default()
            );
            if i + 1 == shown && total > shown {
                message.push_str(&format!(
                    " ({} more such characters in the file)",
                    total - shown
                ));
            }
            let help = if ch == '\u{B}' {
                "Word inserts this for a line break made with Shift+Enter: delete it, or replace it by a space or a line break"
            } else {
                "delete it (it usually comes with text pasted from Word, a PDF or an e-mail); most editors show it with ‘show invisible characters’"
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
        '\0' => "null",
        '\u{7}' => "bell",
        '\u{8}' => "backspace",
        '\u{B}' => "vertical tab",
        '\u{C}' => "form feed, a page break",
        '\u{1B}' => "escape",
        '\u{7F}' => "delete",
        '\u{80}'..='\u{9F}' => "a C1 control; often a Windows-1252 quote or dash decoded wrongly",
        '\u{FFFE}' | '\u{FFFF}' => "a noncharacter",
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
