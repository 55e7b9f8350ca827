//! One line of block-style YAML read the way a person sees it: indentation, an
//! optional `- `, a key with its colon, and the value after it.
//!
//! The parser tells where it stopped and what it expected, never what the user wrote.
//! To explain a mistake in the user's words (and to show the line as it should be
//! typed) the explanations look at the line itself. Region files are block style, one
//! `key: value` per line, so this small reading is enough; anything it does not
//! recognise simply gets no specific explanation.

/// The parts of a line, columns 1-based in characters as in [`super::Pos`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line<'a> {
    /// Everything before the key or the value: indentation and `- ` markers.
    pub lead: &'a str,
    /// The key, when the line has one (`label` in `label: tekst`).
    pub key: Option<&'a str>,
    /// Column of the key's colon.
    pub colon_column: usize,
    /// What follows the colon (or the `- `) directly, before any space is skipped.
    pub after: &'a str,
    /// The value without the blanks around it and without a trailing ` # comment`;
    /// empty when the value is on the following lines or only a comment.
    pub value: &'a str,
    pub value_column: usize,
}

impl Line<'_> {
    /// The line as the user should type it with `value` in place of theirs.
    pub fn with_value(&self, value: &str) -> String {
        match self.key {
            Some(key) => format!("{}{key}: {value}", self.lead.trim_start_matches(' ')),
            None => format!("{}{value}", self.lead.trim_start_matches(' ')),
        }
    }
}

/// Reads `text` (one line, without its line break) as `key: value` or `- value`.
pub fn line(text: &str) -> Option<Line<'_>> {
    let mut rest = text.trim_start_matches(' ');
    while let Some(r) = rest.strip_prefix("- ") {
        rest = r.trim_start_matches(' ');
    }
    let lead = &text[..text.len() - rest.len()];
    if rest.is_empty() || rest.starts_with('#') && lead.trim().is_empty() {
        return None;
    }
    let lead_cols = lead.chars().count();
    let key_end = rest
        .find(|c: char| c == ':' || c.is_whitespace() || is_invisible_space(c))
        .filter(|&i| rest[i..].starts_with(':'))
        .filter(|&i| i > 0 && !rest.starts_with(['"', '\'', '{', '[', '#', '&', '*', '!']));
    let (key, colon_column, after, after_col) = match key_end {
        Some(i) => {
            let after = &rest[i + 1..];
            if !(after.is_empty()
                || after.starts_with(' ')
                || after.starts_with(is_invisible_space))
            {
                // `kleur:#fff` or `http://…`: no key here, the colon is part of the text.
                return plain(lead, rest, lead_cols);
            }
            let colon = lead_cols + rest[..i].chars().count() + 1;
            (Some(&rest[..i]), colon, after, colon + 1)
        }
        None => return plain(lead, rest, lead_cols),
    };
    let trimmed = after.trim_start_matches(' ');
    let value_column = after_col + (after.len() - trimmed.len());
    Some(Line {
        lead,
        key,
        colon_column,
        after,
        value: strip_comment(trimmed),
        value_column,
    })
}

/// A line that is a value only: a `- item`, or a continuation of a longer text.
fn plain<'a>(lead: &'a str, rest: &'a str, lead_cols: usize) -> Option<Line<'a>> {
    Some(Line {
        lead,
        key: None,
        colon_column: 0,
        after: rest,
        value: strip_comment(rest),
        value_column: lead_cols + 1,
    })
}

/// `value` without a trailing ` # comment` and blanks. Quoted values keep their `#`.
fn strip_comment(value: &str) -> &str {
    if value.starts_with('#') {
        return "";
    }
    if value.starts_with(['"', '\'']) {
        return value.trim_end();
    }
    match value.find(" #") {
        Some(i) => value[..i].trim_end(),
        None => value.trim_end(),
    }
}

/// The lines of `text` (1-based numbers) that hold keys and values, without the
/// content of block texts (`tekst: |` and the lines indented under it), which is prose
/// and not YAML structure.
pub fn structural_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut block_indent: Option<usize> = None;
    text.lines().enumerate().filter_map(move |(i, l)| {
        let indent = l.len() - l.trim_start_matches(' ').len();
        if let Some(bi) = block_indent {
            if l.trim().is_empty() || indent > bi {
                return None;
            }
            block_indent = None;
        }
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            return None;
        }
        if line(l).is_some_and(|p| starts_block_text(p.value)) {
            block_indent = Some(indent);
        }
        Some((i + 1, l))
    })
}

/// `|`, `>-`, `|+2` and the like: a value that announces a block text on the next lines.
pub fn starts_block_text(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '-' | '+' | '1'..='9'))
}

/// Characters that look like a space (or like nothing) but are not one to YAML, as text
/// pasted from Word, a PDF or a web page brings them along.
pub fn is_invisible_space(c: char) -> bool {
    invisible_name(c).is_some()
}

/// The Dutch name of an invisible space, for messages.
pub fn invisible_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{A0}' => "vaste spatie (non-breaking space)",
        '\u{2007}' => "cijferspatie (figure space)",
        '\u{202F}' => "smalle vaste spatie (narrow no-break space)",
        '\u{200B}' => "breedteloze spatie (zero-width space)",
        '\u{FEFF}' => "byte-order mark (BOM) midden in het bestand",
        '\u{2000}'..='\u{200A}' => "typografische spatie",
        '\u{2060}' => "woordverbinder (word joiner)",
        '\u{3000}' => "ideografische spatie",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_key_value_and_columns() {
        let l = line("      label: Beperking: de lasten # noot").unwrap();
        assert_eq!(l.key, Some("label"));
        assert_eq!(l.colon_column, 12);
        assert_eq!(l.value, "Beperking: de lasten");
        assert_eq!(l.value_column, 14);
        assert_eq!(
            l.with_value("\"x\""),
            "label: \"x\"",
            "the example starts at the key"
        );
        let item = line("  - naam: Blaricum").unwrap();
        assert_eq!(
            (item.key, item.value, item.value_column),
            (Some("naam"), "Blaricum", 11)
        );
        assert_eq!(item.with_value("X"), "- naam: X");
        let seq = line("    - Samenwerkingsdocument").unwrap();
        assert_eq!((seq.key, seq.value_column), (None, 7));
        assert_eq!(line("kleur: #C8102E").unwrap().value, "");
        assert_eq!(line("kleur: \"#C8102E\"").unwrap().value, "\"#C8102E\"");
        assert_eq!(line("  # opmerking"), None);
    }

    #[test]
    fn an_invisible_space_after_the_colon_still_ends_the_key() {
        let l = line("  titel:\u{A0}Een toekomst").unwrap();
        assert_eq!(l.key, Some("titel"));
        assert!(l.after.starts_with('\u{A0}'));
        assert_eq!(line("url:https://x").unwrap().key, None);
    }

    #[test]
    fn block_text_is_not_structure() {
        let text = "a: |\n  Noot: b\n\n  c\nd: >-\n  e\nf: g\n";
        let lines: Vec<usize> = structural_lines(text).map(|(n, _)| n).collect();
        assert_eq!(lines, vec![1, 5, 7]);
    }
}
