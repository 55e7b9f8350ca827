//! YAML errors explained: the parser's error → a finding a policy officer can act on.
//!
//! serde-saphyr says what it could not read and where it stopped reading. That place
//! is often not where the mistake is (an unclosed quote is reported where the next
//! quote happens to stand, a tab-indented line at the line above it), and its words are
//! a parser's. Each error gets a rule, a message that keeps the parser's own wording,
//! a fix, and the place to fix it.

use super::{finding_at, Pos, Source, MAX_DEPTH};
use crate::diagnostics::Finding;

/// The finding for a parse error of `source`.
pub(super) fn syntax_finding(source: &Source, err: &serde_saphyr::Error) -> Finding {
    let pos = err
        .location()
        .filter(|l| l.line() > 0)
        .map(|l| Pos {
            line: l.line() as usize,
            column: l.column().max(1) as usize,
        })
        .unwrap_or(Pos { line: 1, column: 1 });
    let raw = err.without_snippet().to_string();
    let raw = strip_location_suffix(&raw);
    let line = source.text.lines().nth(pos.line.saturating_sub(1));
    let (rule, mut message, help) = explain_syntax_error(err.without_snippet(), raw, line);
    let mut finding_pos = pos;
    if rule == "yaml-syntax" && raw.to_lowercase().contains("quote") {
        // An unclosed quote runs on until the next quote character, and the parser
        // complains there; the place to fix is where the quote was opened.
        if let Some(open) = quote_spanning_to(&source.text, pos.line) {
            finding_pos = open;
            message = format!(
                "this quote is not closed on its line, so YAML reads on until line {} ({raw})",
                pos.line
            );
        }
    }
    if rule == "tab-indent" {
        // The parser reports where it started the token it was reading, which for a
        // tab-indented nested line is the line above; the tab is what to point at.
        if let Some(tab) = first_tab_indent(&source.text, pos.line) {
            finding_pos = tab;
        }
    }
    let mut finding = finding_at(&source.name, finding_pos, rule, String::new(), help);
    if rule == "duplicate-key" {
        let (field, first) = key_context(&source.text, pos);
        if let Some(first) = first {
            message.push_str(&format!(" (first on line {first})"));
        }
        finding.field = field;
    }
    finding.message = message;
    finding
}

/// Where a quoted scalar that is still open at (or closes on) `line` was opened, if it
/// was opened on an earlier line. Reads block-style YAML the way our files are written:
/// a quote opens a value right after `key:` or `- `, and block scalars (`|`, `>`) are
/// skipped.
fn quote_spanning_to(text: &str, line: usize) -> Option<Pos> {
    let mut open: Option<(Pos, char)> = None;
    let mut block_indent: Option<usize> = None;
    for (i, l) in text.lines().enumerate().take(line) {
        let indent = l.len() - l.trim_start_matches(' ').len();
        if let Some(bi) = block_indent {
            if l.trim().is_empty() || indent > bi {
                continue;
            }
            block_indent = None;
        }
        let mut prev = '\0';
        for (ci, (byte, c)) in l.char_indices().enumerate() {
            match open {
                Some((start, q)) => {
                    if c == q && !(q == '"' && prev == '\\') {
                        if i + 1 == line && start.line < line {
                            return Some(start);
                        }
                        open = None;
                    }
                }
                None => {
                    if c == '#' && (ci == 0 || prev == ' ') {
                        break;
                    }
                    let before = l[..byte].trim_end();
                    let value_start =
                        before.is_empty() || before.ends_with(':') || before.ends_with('-');
                    if (c == '"' || c == '\'') && value_start {
                        open = Some((
                            Pos {
                                line: i + 1,
                                column: ci + 1,
                            },
                            c,
                        ));
                    }
                }
            }
            prev = c;
        }
        if open.is_none()
            && (l.trim_end().ends_with(": |")
                || l.trim_end().ends_with(": >")
                || l.trim_end().ends_with(": |-")
                || l.trim_end().ends_with(": >-"))
        {
            block_indent = Some(indent);
        }
    }
    open.filter(|(start, _)| start.line < line)
        .map(|(start, _)| start)
}

/// The first line at or after `from` whose indentation contains a tab.
fn first_tab_indent(text: &str, from: usize) -> Option<Pos> {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find_map(|(i, line)| {
            let indent: String = line
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            indent.find('\t').map(|col| Pos {
                line: i + 1,
                column: col + 1,
            })
        })
}

/// For a duplicate key at `pos`: the field path in our notation and the line of the
/// first occurrence, read from the indentation of the lines above (the parser stops at
/// the duplicate and tells neither). Block style only, which is what our files use.
fn key_context(text: &str, pos: Pos) -> (String, Option<usize>) {
    let lines: Vec<&str> = text.lines().collect();
    // (key column, starts a sequence item, key) of a line.
    let shape = |line: &str| -> Option<(usize, bool, String)> {
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return None;
        }
        let lead = line.len() - trimmed.len();
        let (item, rest, col) = match trimmed.strip_prefix("- ") {
            Some(rest) => (true, rest, lead + 2),
            None => (false, trimmed, lead),
        };
        let key = rest
            .split(": ")
            .next()?
            .trim_end_matches(':')
            .trim_matches(['"', '\'']);
        let has_key = rest.contains(": ") || rest.trim_end().ends_with(':');
        Some((
            col,
            item,
            if has_key {
                key.to_owned()
            } else {
                String::new()
            },
        ))
    };
    let Some((mut col, mut item, key)) =
        lines.get(pos.line.saturating_sub(1)).and_then(|l| shape(l))
    else {
        return (String::new(), None);
    };
    let mut first = None;
    let mut parts = vec![key.clone()];
    let mut i = pos.line - 1;
    loop {
        if item {
            // We are in a sequence item: count the items before it, then find the key
            // that holds the sequence.
            let mut index = 0;
            while i > 0 {
                i -= 1;
                match shape(lines[i]) {
                    Some((c, true, _)) if c == col => index += 1,
                    Some((c, _, _))
                        if c < col - 2
                            || (c == col - 2 && !lines[i].trim_start().starts_with("- ")) =>
                    {
                        break
                    }
                    _ => {}
                }
            }
            parts.push(format!("[{index}]"));
            match shape(lines[i]) {
                Some((c, it, k)) if c < col => {
                    parts.push(k);
                    col = c;
                    item = it;
                }
                _ => break,
            }
            continue;
        }
        if i == 0 {
            break;
        }
        i -= 1;
        match shape(lines[i]) {
            Some((c, it, k)) if c == col => {
                if parts.len() == 1 && first.is_none() && k == key {
                    first = Some(i + 1);
                }
                item = it;
            }
            Some((c, it, k)) if c < col => {
                parts.push(k);
                col = c;
                item = it;
            }
            _ => {}
        }
    }
    let mut field = String::new();
    for part in parts.iter().rev().filter(|p| !p.is_empty()) {
        if !field.is_empty() && !part.starts_with('[') {
            field.push('.');
        }
        field.push_str(part);
    }
    (field, first)
}

fn strip_location_suffix(message: &str) -> &str {
    match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message.trim(),
    }
}

/// Turns the parser's error into a rule, a message and a fix. The parser's own wording
/// is kept in the message so nothing is lost.
fn explain_syntax_error(
    err: &serde_saphyr::Error,
    raw: &str,
    line: Option<&str>,
) -> (&'static str, String, &'static str) {
    use serde_saphyr::budget::BudgetBreach;
    use serde_saphyr::Error as E;
    let lower = raw.to_lowercase();
    let tab_indent = line.is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'))
        || lower
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w == "tab" || w == "tabs");
    match err {
        E::DuplicateMappingKey { key, .. } => (
            "duplicate-key",
            format!(
                "key `{}` occurs twice in the same block",
                key.as_deref().unwrap_or("?")
            ),
            "remove one of the two; YAML does not allow the same key twice, and raadsbrief will not guess which one you meant",
        ),
        E::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        } => too_deep("more levels than allowed"),
        E::Budget {
            breach: BudgetBreach::Documents { .. },
            ..
        } => (
            "multiple-documents",
            "the file holds more than one YAML document".into(),
            "a region file holds one region; remove the second `---` line and what follows it, or put that region in its own file",
        ),
        E::Budget { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. } => too_complex(raw),
        _ if lower.contains("alias") && lower.contains("limit") || lower.contains("budget") => too_complex(raw),
        _ if lower.contains("recursion") || lower.contains("depth") => too_deep(raw),
        _ if tab_indent => (
            "tab-indent",
            "a tab is used for indentation; YAML only allows spaces".into(),
            "replace the tab at the start of this line by spaces (most editors: ‘Convert indentation to spaces’)",
        ),
        _ => (
            "yaml-syntax",
            format!("this is not valid YAML: {raw}"),
            "check the indentation (two spaces per level), that every `key:` is followed by a space, and that quotes are closed",
        ),
    }
}

fn too_complex(raw: &str) -> (&'static str, String, &'static str) {
    (
        "too-complex",
        format!("the file is too complex to read safely ({raw})"),
        "a region file needs no anchors (&) or aliases (*); write the values out, or use fewer of them",
    )
}

fn too_deep(raw: &str) -> (&'static str, String, &'static str) {
    (
        "too-deep",
        format!("the file is nested more than {MAX_DEPTH} levels deep ({raw})"),
        "a region file is at most six levels deep; check for brackets [ or { that are not closed",
    )
}
