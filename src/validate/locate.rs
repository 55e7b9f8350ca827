//! From a piece of text in a document back to the field of the region file it came
//! from: which field, and the line and column where the text stands. Later stages only
//! see values; this is how their findings still point into the file.

use std::collections::HashMap;
use std::sync::Mutex;

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

/// The file's string values, ready for many look-ups: a build asks where each open
/// field of each letter stands, and walking the tree and counting lines from the top of
/// the file for every question made a region quadratic in its size. Built once per run.
pub struct Locator<'v> {
    source: &'v str,
    /// Every string value in file order.
    strings: Vec<Text<'v>>,
    /// Indices into `strings` ordered by path: a scope's strings are one range.
    by_path: Vec<usize>,
    /// Byte offset of the start of each line.
    lines: Vec<usize>,
    /// Answers of the search through the whole file, by squeezed needle: the last
    /// resort of every look-up that its own scopes did not answer.
    anywhere: Mutex<HashMap<String, Option<usize>>>,
}

struct Text<'v> {
    path: String,
    pos: Pos,
    text: &'v str,
    squeezed: std::borrow::Cow<'v, str>,
}

impl<'v> Locator<'v> {
    pub fn new(validated: &'v Validated) -> Locator<'v> {
        let mut found = Vec::new();
        walk(&validated.tree.root, &mut String::new(), &mut found);
        let strings: Vec<Text> = found
            .into_iter()
            .map(|(path, pos, text)| Text {
                path,
                pos,
                text,
                squeezed: squeeze(text),
            })
            .collect();
        let mut by_path: Vec<usize> = (0..strings.len()).collect();
        by_path.sort_by(|a, b| strings[*a].path.cmp(&strings[*b].path));
        let source = validated.source.text.as_str();
        let lines = std::iter::once(0)
            .chain(source.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Locator {
            source,
            strings,
            by_path,
            lines,
            anywhere: Mutex::new(HashMap::new()),
        }
    }

    /// Where `needle` stands in the file: the first string value inside the first of
    /// `scopes` (field paths, `""` for the whole file) that contains it, whitespace
    /// compared loosely (a folded block scalar joins its lines).
    pub fn find(&self, scopes: &[&str], needle: &str) -> Option<Place> {
        let wanted = squeeze(needle);
        let hit = scopes.iter().find_map(|scope| {
            if scope.is_empty() {
                self.anywhere(&wanted)
            } else {
                self.within(scope, &wanted)
            }
        })?;
        let Text {
            path, pos, text, ..
        } = &self.strings[hit];
        let lines = text.lines().count() + 1;
        let (line, column) = self
            .exact(*pos, needle, lines)
            .unwrap_or((pos.line, pos.column));
        Some(Place {
            field: path.clone(),
            line,
            column,
        })
    }

    /// The first string (in file order) of field `scope` or below it that contains
    /// `wanted`.
    fn within(&self, scope: &str, wanted: &str) -> Option<usize> {
        let from = self
            .by_path
            .partition_point(|i| self.strings[*i].path.as_str() < scope);
        self.by_path[from..]
            .iter()
            .take_while(|i| self.strings[**i].path.starts_with(scope))
            .copied()
            .filter(|i| {
                let rest = &self.strings[*i].path[scope.len()..];
                rest.is_empty() || rest.starts_with(['.', '['])
            })
            .filter(|i| self.strings[*i].squeezed.contains(wanted))
            .min()
    }

    fn anywhere(&self, wanted: &str) -> Option<usize> {
        let search = || {
            self.strings
                .iter()
                .position(|s| s.squeezed.contains(wanted))
        };
        let Ok(mut known) = self.anywhere.lock() else {
            return search();
        };
        *known.entry(wanted.to_owned()).or_insert_with(search)
    }

    /// The line (0-based) that byte `at` is on.
    fn line_of(&self, at: usize) -> usize {
        self.lines
            .partition_point(|start| *start <= at)
            .saturating_sub(1)
    }

    /// The line and column of `needle` itself, searched from the value's start, at
    /// most `lines` lines on: inside a quoted or block value it stands further on than
    /// the value does. `None` when the value wraps it over lines and it cannot be found
    /// as written.
    fn exact(&self, from: Pos, needle: &str, lines: usize) -> Option<(usize, usize)> {
        let source = self.source;
        let start = *self.lines.get(from.line.saturating_sub(1))?;
        let offset: usize = source[start..]
            .chars()
            .take(from.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        let begin = start + offset;
        // Where an occurrence `lines` lines on could still end.
        let mut end = self
            .lines
            .get(self.line_of(begin) + lines + 1)
            .map_or(source.len(), |next| (next + needle.len()).min(source.len()));
        while !source.is_char_boundary(end) {
            end += 1;
        }
        let at = begin + source.get(begin..end)?.find(needle)?;
        let line = self.line_of(at);
        if line - self.line_of(begin) > lines {
            return None;
        }
        let line_start = self.lines[line];
        let column = source[line_start..at].chars().count() + 1;
        Some((line + 1, column))
    }
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

/// Every string value below `node` with its field path, `path` being `node`'s: one
/// buffer grows and shrinks along the walk, and only a string's path is kept (a path
/// made per node with `format!` was most of a letter's open-field check).
fn walk<'n>(node: &'n Node, path: &mut String, out: &mut Vec<(String, Pos, &'n str)>) {
    let len = path.len();
    match &node.value {
        Value::Str(s) => out.push((path.clone(), node.pos, s)),
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                use std::fmt::Write as _;
                let _ = write!(path, "[{i}]");
                walk(item, path, out);
                path.truncate(len);
            }
        }
        Value::Map(entries) => {
            for e in entries {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&e.key);
                walk(&e.value, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// `text` with its whitespace runs made one space and its ends trimmed; most values
/// are that already, and are lent as they are.
fn squeeze(text: &str) -> std::borrow::Cow<'_, str> {
    let mut previous_space = true;
    let squeezed = text.chars().all(|c| {
        let fine = !c.is_whitespace() || (c == ' ' && !previous_space);
        previous_space = c.is_whitespace();
        fine
    }) && !previous_space;
    if squeezed || text.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value lent as it is only when it is squeezed already: the same text as
    /// joining its words by one space, for every kind of whitespace at every place.
    #[test]
    fn squeeze_joins_the_words_by_one_space() {
        for text in [
            "",
            " ",
            "een",
            "een twee",
            "een  twee",
            " een",
            "een ",
            "een\ntwee",
            "een\ttwee drie",
            "een\u{a0}twee",
            "een\u{2003} twee",
            "  een \n\n twee  ",
        ] {
            let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let squeezed = squeeze(text);
            assert_eq!(squeezed, words, "{text:?}");
            assert_eq!(
                matches!(squeezed, std::borrow::Cow::Borrowed(_)),
                text == words,
                "{text:?}"
            );
        }
    }
}
