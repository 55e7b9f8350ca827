//! Invisible spaces where YAML needs a real one: in the indentation, or between a key's
//! colon and its value.
//!
//! Text pasted from Word or a web page brings non-breaking and zero-width spaces. In a
//! letter's prose they are fine; in the indentation or right after `label:` YAML does
//! not see a space, and the parser reports "simple key expected" a line or two later.
//! The user sees a space and cannot find the mistake, so the character is named with
//! its code and pointed at exactly.

use super::scan::{self, invisible_name, is_invisible_space};
use super::{finding_at, Pos, Source};
use crate::diagnostics::Finding;

/// The first invisible space in the indentation or right after a key on the lines up
/// to `upto` (where the parser gave up); with `bom`, the first byte-order mark anywhere,
/// which YAML refuses even inside a text.
pub(super) fn finding(source: &Source, upto: usize, bom: bool) -> Option<Finding> {
    if bom {
        for (i, l) in source.text.lines().enumerate() {
            if let Some(col) = l.chars().position(|c| c == '\u{FEFF}') {
                let pos = Pos {
                    line: i + 1,
                    column: col + 1,
                };
                return Some(finding_at(
                    &source.name,
                    pos,
                    "invisible-space",
                    format!("hier staat een onzichtbaar teken: U+FEFF, {}; YAML staat dat alleen helemaal aan het begin van het bestand toe", name('\u{FEFF}')),
                    "verwijder het teken (het komt meestal mee met tekst die uit een ander bestand is geplakt); de meeste editors tonen het met ‘onzichtbare tekens tonen’",
                ));
            }
        }
    }
    scan::structural_lines(&source.text)
        .take_while(|(n, _)| *n <= upto)
        .find_map(|(n, l)| in_indentation(source, n, l).or_else(|| after_key(source, n, l)))
}

fn name(c: char) -> &'static str {
    invisible_name(c).unwrap_or("onzichtbaar teken")
}

fn in_indentation(source: &Source, line: usize, text: &str) -> Option<Finding> {
    let (col, c) = text
        .chars()
        .take_while(|c| *c == ' ' || is_invisible_space(*c))
        .enumerate()
        .find(|(_, c)| *c != ' ')?;
    Some(finding_at(
        &source.name,
        Pos {
            line,
            column: col + 1,
        },
        "invisible-space",
        format!(
            "in de inspringing van deze regel staat een onzichtbaar teken: U+{:04X}, {}; YAML springt alleen in met gewone spaties",
            c as u32,
            name(c)
        ),
        "verwijder de inspringing van deze regel en typ die opnieuw met de spatiebalk, twee spaties per niveau",
    ))
}

fn after_key(source: &Source, line: usize, text: &str) -> Option<Finding> {
    let parts = scan::line(text)?;
    let key = parts.key?;
    let c = parts
        .after
        .chars()
        .next()
        .filter(|c| is_invisible_space(*c))?;
    let rest = parts
        .after
        .trim_start_matches(|c: char| c == ' ' || is_invisible_space(c));
    Some(finding_at(
        &source.name,
        Pos {
            line,
            column: parts.colon_column + 1,
        },
        "invisible-space",
        format!(
            "na `{key}:` staat een onzichtbaar teken: U+{:04X}, {}; YAML ziet dat niet als spatie, dus dit is geen `sleutel: waarde`",
            c as u32,
            name(c)
        ),
        format!(
            "vervang het teken na de dubbele punt door een gewone spatie: `{}`",
            parts.with_value(rest.trim_end())
        ),
    ))
}
