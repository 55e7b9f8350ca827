//! Where a word may be split across lines.
//!
//! Dutch is a compounding language: "samenwerkingsafspraken" and longer are common in
//! council letters, and without hyphenation a narrow column (a list, a table cell)
//! either overflows or shows holes. The patterns are hypher's Dutch TeX patterns.
//! Authors keep control: a soft hyphen in the input means "only here".

use hypher::Lang;
use rustc_hash::FxHashMap;

use super::shape::{Class, Cluster};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// Split inside a word: the line gets a hyphen.
    Hyphen,
    /// Split after a character that already shows the break ('-', '/' in a URL).
    Plain,
}

/// Break positions inside `word` (a run of clusters without spaces): `(i, kind)` means
/// the line may end before `word[i]`. Sorted, without duplicates, never 0 or `len`.
pub fn word_breaks(word: &[Cluster], auto_hyphenate: bool) -> Vec<(usize, BreakKind)> {
    let mut breaks = Vec::new();
    let soft = word.iter().any(|c| c.class == Class::SoftHyphen);
    let url = looks_like_address(word);
    for (i, c) in word.iter().enumerate() {
        match c.class {
            Class::SoftHyphen => breaks.push((i, BreakKind::Hyphen)),
            Class::Break => breaks.push((i + 1, BreakKind::Plain)),
            _ => {}
        }
        let prev_alnum = i > 0 && word[i - 1].ch.is_alphanumeric();
        let next_alnum = word.get(i + 1).is_some_and(|n| n.ch.is_alphanumeric());
        let joins = matches!(c.ch, '-' | '–' | '/');
        if url {
            if matches!(c.ch, '/' | '.' | '?' | '&' | '=' | '_' | '-' | '#') && next_alnum {
                breaks.push((i + 1, BreakKind::Plain));
            }
        } else if joins && prev_alnum && next_alnum {
            breaks.push((i + 1, BreakKind::Plain));
        }
    }
    if auto_hyphenate && !soft && !url {
        hyphenation_points(word, &mut breaks);
    }
    // Never inside a ligature: its glyph shows both letters on one line.
    breaks.retain(|&(i, _)| i > 0 && i < word.len() && !word[i].is_joined());
    breaks.sort_by_key(|&(i, _)| i);
    breaks.dedup_by_key(|&mut (i, _)| i);
    breaks
}

/// URLs and e-mail addresses break at their punctuation and are never hyphenated: a
/// hyphen inside an address changes the address.
fn looks_like_address(word: &[Cluster]) -> bool {
    let ch = |i: usize| word.get(i).map(|c| c.ch);
    let www = ['w', 'w', 'w', '.']
        .iter()
        .enumerate()
        .all(|(i, w)| ch(i) == Some(*w));
    www || word.iter().enumerate().any(|(i, c)| {
        c.ch == '@' || (c.ch == ':' && ch(i + 1) == Some('/') && ch(i + 2) == Some('/'))
    })
}

/// Fewer letters than this stay whole: with the minimums below there is nothing to
/// gain in shorter words.
const MIN_RUN: usize = 5;
/// Longer runs of letters are not words but pasted strings; they are broken at
/// characters instead (see `linebreak`), and never fill the cache.
const MAX_RUN: usize = 100;
/// Letters kept together at the start and end of a word. Two at the start, as Dutch
/// typesetting allows ("af-spraken", "ge-meente"); three at the end, so a line never
/// starts with a bare "-en" or "-te".
const LEFT_MIN: usize = 2;
const RIGHT_MIN: usize = 3;
/// Words remembered per thread; a batch renders the same sentences for every
/// municipality, so most lookups hit.
const CACHE_LIMIT: usize = 50_000;

thread_local! {
    static CACHE: std::cell::RefCell<FxHashMap<String, Vec<u8>>> =
        std::cell::RefCell::new(FxHashMap::default());
}

/// Adds Dutch hyphenation points for each run of letters in `word`.
fn hyphenation_points(word: &[Cluster], breaks: &mut Vec<(usize, BreakKind)>) {
    let mut i = 0;
    let mut text = String::new();
    while i < word.len() {
        if !is_letter(&word[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < word.len() && is_letter(&word[i]) {
            i += 1;
        }
        let run = &word[start..i];
        let capitals = run.iter().filter(|c| c.ch.is_uppercase()).count();
        // Acronyms and names in capitals ("GGD", "NVO") are not split.
        if run.len() < MIN_RUN || run.len() > MAX_RUN || capitals > 1 {
            continue;
        }
        text.clear();
        text.extend(run.iter().map(|c| c.ch));
        let add = |offsets: &[u8], breaks: &mut Vec<(usize, BreakKind)>| {
            breaks.extend(
                offsets
                    .iter()
                    .map(|&o| (start + usize::from(o), BreakKind::Hyphen)),
            );
        };
        let cached = CACHE.with(|c| c.borrow().get(&text).map(|o| add(o, breaks)).is_some());
        if cached {
            continue;
        }
        let offsets = syllable_offsets(&text);
        add(&offsets, breaks);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= CACHE_LIMIT {
                c.clear();
            }
            c.insert(text.clone(), offsets);
        });
    }
}

/// Char offsets inside `word` where hypher's Dutch patterns allow a break. Offsets
/// past 255 are dropped: no Dutch word needs a hyphen that far in.
fn syllable_offsets(word: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0usize;
    let mut syllables =
        hypher::hyphenate_bounded(word, Lang::Dutch, LEFT_MIN, RIGHT_MIN).peekable();
    while let Some(s) = syllables.next() {
        at += s.chars().count();
        if syllables.peek().is_some() {
            if let Ok(o) = u8::try_from(at) {
                out.push(o);
            }
        }
    }
    out
}

fn is_letter(c: &Cluster) -> bool {
    c.class == Class::Text && c.ch.is_alphabetic()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Inline;
    use crate::layout::font::Face;
    use crate::layout::shape::{shape, TextStyle};
    use crate::layout::warnings::Warnings;

    fn breaks(text: &str) -> String {
        let style = TextStyle {
            face: Face::from_style(false, false),
            size: 10.0,
        };
        let s = shape(&[Inline::plain(text)], style, &mut Warnings::default());
        let b = word_breaks(&s.clusters, true);
        let mut out = String::new();
        for (i, c) in s.clusters.iter().enumerate() {
            if let Some((_, kind)) = b.iter().find(|(at, _)| *at == i) {
                out.push(if *kind == BreakKind::Hyphen { '-' } else { '|' });
            }
            if c.class == Class::Text {
                out.push(c.ch);
            }
        }
        out
    }

    #[test]
    fn dutch_compounds_are_hyphenated() {
        let h = breaks("samenwerkingsafspraken");
        assert!(h.contains("sa-men-wer-kings-af-spra-ken"), "{h}");
        // No line may start with a two-letter ending.
        assert_eq!(breaks("gemeenten"), "ge-meen-ten");
        assert!(breaks("jeugdhulpaanbieders").matches('-').count() >= 3);
    }

    #[test]
    fn soft_hyphens_override_patterns() {
        assert_eq!(breaks("zorg\u{AD}landschap"), "zorg-landschap");
    }

    #[test]
    fn addresses_break_at_punctuation_without_hyphens() {
        let b = breaks("https://www.vng.nl/normopdrachtgeverschap");
        assert!(!b.contains('-'), "{b}");
        assert!(b.contains("/|normopdrachtgeverschap"), "{b}");
    }

    #[test]
    fn acronyms_and_short_words_stay_whole() {
        assert_eq!(breaks("JEUGDHULP"), "JEUGDHULP");
        assert_eq!(breaks("raad"), "raad");
        assert_eq!(breaks("NvO-afspraken"), "NvO-|af-spra-ken");
    }
}
