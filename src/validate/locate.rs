//! From a piece of text in a document back to the field of the region file it came
//! from: which field, and the line and column where the text stands. Later stages only
//! see values; this is how their findings still point into the file.

use crate::parse::{Node, Pos, Value};

use super::Validated;

/// A text's place in the region file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The field's path as findings write it: `gemeenten[0].ondertekening.burgemeester`.
    pub field: String,
    pub line: usize,
    pub column: usize,
}

/// Where `needle` stands in the file: the first string value inside the first of
/// `scopes` (field paths, `""` for the whole file) that contains it, whitespace
/// compared loosely (a folded block scalar joins its lines).
pub fn find_text(validated: &Validated, scopes: &[&str], needle: &str) -> Option<Place> {
    let mut strings = Vec::new();
    walk(&validated.tree.root, String::new(), &mut strings);
    let wanted = squeeze(needle);
    for scope in scopes {
        let within = |path: &str| {
            scope.is_empty()
                || path == *scope
                || path.starts_with(&format!("{scope}."))
                || path.starts_with(&format!("{scope}["))
        };
        if let Some((path, pos, text)) = strings
            .iter()
            .find(|(path, _, text)| within(path) && squeeze(text).contains(&wanted))
        {
            let lines = text.lines().count() + 1;
            let (line, column) = exact(&validated.source.text, *pos, needle, lines)
                .unwrap_or((pos.line, pos.column));
            return Some(Place {
                field: path.clone(),
                line,
                column,
            });
        }
    }
    None
}

/// Where the key of `field` (a path as findings write it, `brief.kennisnemen-van`)
/// stands in the file.
pub fn find_key(validated: &Validated, field: &str) -> Option<Place> {
    fn search(node: &Node, path: &str, field: &str) -> Option<Pos> {
        match &node.value {
            Value::Map(entries) => entries.iter().find_map(|e| {
                let child = if path.is_empty() {
                    e.key.clone()
                } else {
                    format!("{path}.{}", e.key)
                };
                if child == field {
                    Some(e.key_pos)
                } else {
                    search(&e.value, &child, field)
                }
            }),
            Value::Seq(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| search(item, &format!("{path}[{i}]"), field)),
            _ => None,
        }
    }
    search(&validated.tree.root, "", field).map(|pos| Place {
        field: field.to_owned(),
        line: pos.line,
        column: pos.column,
    })
}

fn walk<'n>(node: &'n Node, path: String, out: &mut Vec<(String, Pos, &'n str)>) {
    match &node.value {
        Value::Str(s) => out.push((path, node.pos, s)),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{path}[{i}]"), out);
            }
        }
        Value::Map(entries) => {
            for e in entries {
                let child = if path.is_empty() {
                    e.key.clone()
                } else {
                    format!("{path}.{}", e.key)
                };
                walk(&e.value, child, out);
            }
        }
        _ => {}
    }
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The line and column of `needle` itself, searched from the value's start, at most
/// `lines` lines on: inside a quoted or block value it stands further on than the value
/// does. `None` when the value wraps it over lines and it cannot be found as written.
fn exact(source: &str, from: Pos, needle: &str, lines: usize) -> Option<(usize, usize)> {
    let start = source
        .split_inclusive('\n')
        .take(from.line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let line_text = source.get(start..)?;
    let offset: usize = line_text
        .chars()
        .take(from.column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    let begin = start + offset;
    let window = source.get(begin..)?;
    let at = begin + window.find(needle)?;
    if source[begin..at].matches('\n').count() > lines {
        return None;
    }
    let line = source[..at].matches('\n').count() + 1;
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..at].chars().count() + 1;
    Some((line, column))
}
