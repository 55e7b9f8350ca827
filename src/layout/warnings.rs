//! Messages about text we could not set as given.
//!
//! A character the font lacks is replaced rather than dropped, and the user hears
//! about it once per character (with a count and where it first occurred) instead of
//! once per occurrence: a pasted emoji list would otherwise bury the message.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct Warnings {
    entries: Vec<Entry>,
    seen: HashMap<(char, Kind), usize>,
    /// Other messages, each reported once.
    notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Not in the font; drawn as the stated substitute.
    Missing(char),
    /// A control character (other than whitespace) that has no visible form.
    Control,
}

#[derive(Debug)]
struct Entry {
    ch: char,
    kind: Kind,
    count: usize,
    snippet: String,
    /// The family that lacks the character (where it first occurred).
    font: String,
}

impl Warnings {
    /// Records that the font `font` has no glyph for `ch`, drawn as `sub` instead, at
    /// char index `at` of `text`.
    pub fn report_missing(&mut self, ch: char, sub: char, font: &str, text: &str, at: usize) {
        let known = self.seen.contains_key(&(ch, Kind::Missing(sub)));
        self.report(ch, Kind::Missing(sub), text, at);
        if !known {
            if let Some(e) = self.entries.last_mut() {
                e.font = font.to_owned();
            }
        }
    }

    /// Records one occurrence of `ch` at char index `at` of `text`.
    pub fn report(&mut self, ch: char, kind: Kind, text: &str, at: usize) {
        if let Some(&i) = self.seen.get(&(ch, kind)) {
            if let Some(e) = self.entries.get_mut(i) {
                e.count += 1;
            }
            return;
        }
        self.seen.insert((ch, kind), self.entries.len());
        self.entries.push(Entry {
            ch,
            kind,
            count: 1,
            snippet: snippet(text, at),
            font: crate::fonts::embedded::NAME.to_owned(),
        });
    }

    /// Adds what `later` recorded after this, as if both had been recorded here: a
    /// character reported in both counts once with the sum, where it first occurred.
    pub fn append(&mut self, later: Warnings) {
        for e in later.entries {
            match self.seen.get(&(e.ch, e.kind)) {
                Some(&i) => {
                    if let Some(mine) = self.entries.get_mut(i) {
                        mine.count += e.count;
                    }
                }
                None => {
                    self.seen.insert((e.ch, e.kind), self.entries.len());
                    self.entries.push(e);
                }
            }
        }
        for note in later.notes {
            self.note(note);
        }
    }

    /// A message about something other than a character, reported once.
    pub fn note(&mut self, message: String) {
        if !self.notes.contains(&message) {
            self.notes.push(message);
        }
    }

    pub fn into_messages(self) -> Vec<String> {
        let notes = self.notes;
        self.entries
            .into_iter()
            .map(|e| {
                let times = if e.count == 1 {
                    String::new()
                } else {
                    format!(" ({} keer)", e.count)
                };
                let code = format!("U+{:04X}", e.ch as u32);
                match e.kind {
                    Kind::Missing(sub) => format!(
                        "PDF: het lettertype {} heeft geen teken voor {code} {}{times}; \
                         het staat er als '{sub}' — voor het eerst in \"{}\". \
                         Vervang het teken in de invoer, of laat de vervanging staan.",
                        e.font,
                        visible(e.ch),
                        e.snippet
                    ),
                    Kind::Control => format!(
                        "PDF: stuurteken {code} weggelaten{times} — voor het eerst in \"{}\". \
                         Het heeft geen zichtbare vorm; haal het uit de invoer.",
                        e.snippet
                    ),
                }
            })
            .chain(notes)
            .collect()
    }
}

/// The character quoted, unless quoting it would print something invisible.
fn visible(c: char) -> String {
    if c.is_control() {
        String::new()
    } else {
        format!("'{c}'")
    }
}

/// About 25 characters either side of char index `at`, on one line.
fn snippet(text: &str, at: usize) -> String {
    const SIDE: usize = 25;
    let start = at.saturating_sub(SIDE);
    let chars: String = text
        .chars()
        .skip(start)
        .take(2 * SIDE + 1)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let total = text.chars().count();
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    out.push_str(chars.trim());
    if start + 2 * SIDE + 1 < total {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_message_per_character_with_count_and_snippet() {
        let mut w = Warnings::default();
        let text = "Een brief met 😀 en nog een 😀.";
        w.report('😀', Kind::Missing('\u{FFFD}'), text, 14);
        w.report('😀', Kind::Missing('\u{FFFD}'), text, 27);
        let msgs = w.into_messages();
        assert_eq!(msgs.len(), 1);
        let m = &msgs[0];
        assert!(m.contains("U+1F600"), "{m}");
        assert!(m.contains("2 keer"), "{m}");
        assert!(m.contains("Een brief met"), "{m}");
    }
}
