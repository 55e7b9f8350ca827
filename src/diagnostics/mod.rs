//! Findings: what is wrong with an input, where, and how to fix it.
//!
//! Every problem a user can cause ends up as a [`Finding`], whichever stage found it
//! (reading, YAML syntax, schema, NvO rules). One type means one way of printing, so the
//! messages look alike and every one carries `file:line:column`, the field and a fix.
//! The human format follows rustc/ripgrep: a headline, the location, a source snippet
//! with a caret, then the field path and the fix.
//!
//! The "did you mean …?" for a misspelt name ([`closest`]) lives here too: every stage
//! that refuses a name (a key, an enum value, a placeholder, a `--gemeente`) offers it
//! in a finding's help, so it belongs with the findings and not with any one stage.

mod help;
mod suggest;

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;

pub use help::Help;
pub use suggest::closest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable identifier of the rule, for scripts and for searching the README.
    pub rule: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The field in the users' own notation, e.g. `gemeenten[2].cbs`; empty for the file.
    pub field: String,
    pub message: String,
    /// How to fix it, in words a non-programmer can act on.
    pub help: Help,
}

impl Finding {
    /// A finding at `line`:`column` of `file`. A blank `help` becomes [`Help::MISSING`]
    /// rather than a finding that says nothing about the fix.
    pub fn new(
        severity: Severity,
        rule: &'static str,
        file: impl Into<String>,
        (line, column): (usize, usize),
        field: String,
        message: String,
        help: impl Into<Cow<'static, str>>,
    ) -> Finding {
        Finding {
            severity,
            rule,
            file: file.into(),
            line,
            column,
            field,
            message,
            help: Help::new(help).unwrap_or(Help::MISSING),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the finding for a terminal, with the offending line of `source`.
    pub fn render(&self, source: Option<&str>) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
        };
        let _ = writeln!(out, "{label}[{}]: {}", self.rule, self.message);
        let _ = writeln!(out, "  --> {}:{}:{}", self.file, self.line, self.column);
        if let Some(line) = source.and_then(|s| snippet_line(s, self.line)) {
            let number = self.line.to_string();
            let gutter = " ".repeat(number.len());
            // Tabs and control characters (a pasted vertical tab) would move the caret
            // or disturb the terminal; each shows as one visible character instead.
            let shown: String = line
                .chars()
                .map(|c| match c {
                    '\t' => ' ',
                    c if c.is_control() => '\u{FFFD}',
                    c => c,
                })
                .collect();
            let col = self.column.max(1);
            let width = underline_width(&shown, col);
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{number} | {}", shown.trim_end());
            let _ = writeln!(
                out,
                "{gutter} | {}{}",
                " ".repeat(col - 1),
                "^".repeat(width)
            );
        }
        if !self.field.is_empty() {
            let _ = writeln!(out, "  = veld: {}", self.field);
        }
        let _ = writeln!(out, "  = hulp: {}", self.help);
        out
    }
}

fn snippet_line(source: &str, line: usize) -> Option<&str> {
    if line == 0 {
        return None;
    }
    let text = source.lines().nth(line - 1)?;
    // A snippet is for reading; a minified 60 MB line is not.
    (text.len() <= 400).then_some(text)
}

/// How many characters to underline: a key up to its colon, otherwise the scalar up to
/// the end of the line (without a trailing comment), at least one character.
fn underline_width(line: &str, column: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(column - 1).collect();
    if rest.is_empty() {
        return 1;
    }
    let text: String = rest.iter().collect();
    if text.starts_with('{') {
        if let Some(close) = text.find('}') {
            return text[..=close].chars().count();
        }
    }
    let end = if let Some(colon) = text
        .find(": ")
        .or_else(|| text.strip_suffix(':').map(str::len))
    {
        let key = &text[..colon];
        if !key.contains(['"', '\'']) || key.starts_with(['"', '\'']) {
            colon
        } else {
            text.len()
        }
    } else if let Some(comment) = text.find(" #") {
        comment
    } else {
        text.len()
    };
    text[..end].trim_end().chars().count().max(1)
}

/// Converts a JSON pointer (`/gemeenten/2/cbs`) into the notation users read
/// (`gemeenten[2].cbs`).
pub fn field_from_pointer(pointer: &str) -> String {
    let mut out = String::new();
    for part in pointer.split('/').skip(1) {
        let part = part.replace("~1", "/").replace("~0", "~");
        if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            let _ = write!(out, "[{part}]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&part);
        }
    }
    out
}

/// Sorts findings by place in the file, errors before warnings at the same place, so the
/// user can work from the top down.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.field, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.field, &b.message))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_becomes_readable_field() {
        assert_eq!(field_from_pointer("/gemeenten/2/cbs"), "gemeenten[2].cbs");
        assert_eq!(field_from_pointer(""), "");
        assert_eq!(field_from_pointer("/a~1b"), "a/b");
    }

    #[test]
    fn a_finding_always_says_how_to_fix_it() {
        let at = |help: &'static str| {
            Finding::new(
                Severity::Error,
                "test",
                "region.yaml",
                (3, 5),
                String::new(),
                "wrong".into(),
                help,
            )
        };
        assert_eq!(at("verwijder de regel").help.as_str(), "verwijder de regel");
        assert_eq!(at("").help, Help::MISSING);
        assert_eq!(at("  \n").help, Help::MISSING);
        let shown = at("").render(None);
        assert!(
            shown.contains(&format!("  = hulp: {}", Help::MISSING)),
            "{shown}"
        );
    }

    #[test]
    fn underline_covers_key_or_value() {
        assert_eq!(underline_width("    cbs: GM376", 5), 3);
        assert_eq!(underline_width("    cbs: GM376 # x", 10), 5);
        assert_eq!(underline_width("", 1), 1);
    }
}
