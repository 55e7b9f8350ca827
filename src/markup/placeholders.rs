//! Placeholders: `{gemeente}` and `{afspraken}` in shared text, filled per document.

use std::sync::Arc;

use super::escape::escape;
use super::tokens::scrub;
use crate::document::ListKind;

pub const INLINE_PLACEHOLDERS: [&str; 5] = [
    "gemeente",
    "regio",
    "samenwerkingsdocument",
    "portefeuillehouder",
    "aanspreekpunt",
];
pub const LIST_PLACEHOLDERS: [&str; 4] =
    ["afspraken", "basisfuncties", "brondocumenten", "gemeenten"];

/// The generated lists by placeholder name: the same for every document of a region.
pub type Lists = Vec<(&'static str, ListKind, Vec<String>)>;

/// The values placeholders stand for, for one document.
#[derive(Debug, Clone, Default)]
pub struct Values {
    pub inline: Vec<(&'static str, String)>,
    /// Shared by every document of a run: `{gemeenten}` has an item per municipality,
    /// so a copy per letter would make a region quadratic in its size.
    pub lists: Arc<Lists>,
}

/// One `{name}` or `{name.}` found in a text.
pub(super) struct Placeholder<'a> {
    pub start: usize,
    pub end: usize,
    pub name: &'a str,
    pub punctuation: Option<char>,
}

pub(super) fn placeholders(text: &str) -> Vec<Placeholder<'_>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'{' {
            if let Some(len) = text[i + 1..].find('}') {
                let inner = &text[i + 1..i + 1 + len];
                let (name, punctuation) = match inner.char_indices().last() {
                    Some((at, c)) if matches!(c, '.' | ';') => (&inner[..at], Some(c)),
                    _ => (inner, None),
                };
                if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                    found.push(Placeholder {
                        start: i,
                        end: i + len + 2,
                        name,
                        punctuation,
                    });
                    i += len + 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    found
}

/// Every `{name` that is never closed, by byte offset and name: a `{` followed by a
/// placeholder-like name and then anything but `}` (optionally after `.` or `;`).
/// Such text used to be printed literally, braces and all, in a letter to the council.
pub(super) fn unclosed(text: &str) -> Vec<(usize, &str)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == b'{' {
            let rest = &text[i + 1..];
            let len = rest
                .bytes()
                .take_while(|b| b.is_ascii_lowercase() || *b == b'-')
                .count();
            let after = &rest[len..];
            let closed = after.starts_with('}')
                || ((after.starts_with('.') || after.starts_with(';'))
                    && after[1..].starts_with('}'));
            if len > 0 && !closed {
                found.push((i, &rest[..len]));
            }
            i += 1 + len;
            continue;
        }
        i += 1;
    }
    found
}

/// Replaces placeholders by their escaped values and generated Markdown lists.
pub fn expand(text: &str, values: &Values) -> String {
    substitute(text, values, true)
}

/// Fills inline placeholders in a plain-text field (a subject line, an addressee) with
/// their values as they are; the template escapes the result like any other value.
pub fn fill(text: &str, values: &Values) -> String {
    substitute(text, values, false)
}

fn substitute(text: &str, values: &Values, markdown: bool) -> String {
    let text = scrub(text);
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in placeholders(&text) {
        out.push_str(&text[last..p.start]);
        last = p.end;
        if let Some((_, value)) = values.inline.iter().find(|(n, _)| *n == p.name) {
            out.push_str(&if markdown {
                escape(value)
            } else {
                value.clone()
            });
        } else if let (true, Some((_, kind, items))) =
            (markdown, values.lists.iter().find(|(n, ..)| *n == p.name))
        {
            out.push_str(&list_markdown(*kind, items, p.punctuation));
        } else {
            out.push_str(&text[p.start..p.end]);
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A generated list, set off by blank lines so it never merges with the paragraph
/// around it. Dutch enumerations end items with `;` and the last with `.`.
fn list_markdown(kind: ListKind, items: &[String], punctuation: Option<char>) -> String {
    let mut out = String::from("\n\n");
    for (i, item) in items.iter().enumerate() {
        let mut text = item.trim().to_owned();
        if let Some(p) = punctuation {
            while text.ends_with(['.', ';', ':', ',']) {
                text.pop();
            }
            text.push(if i + 1 == items.len() { '.' } else { p });
        }
        match kind {
            ListKind::Numbered => out.push_str(&format!("{}. {}\n", i + 1, escape(&text))),
            ListKind::Bulleted => out.push_str(&format!("- {}\n", escape(&text))),
        }
    }
    out.push('\n');
    out
}
