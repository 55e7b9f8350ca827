//! Where a word may be split across lines.
//!
//! Dutch is a compounding language: "samenwerkingsafspraken" and longer are common in
//! council letters, and without hyphenation a narrow column (a list, a table cell)
//! either overflows or shows holes. The patterns are hypher's Dutch TeX patterns.
//! Authors keep control: a soft hyphen in the input means "only here".

use hypher::{hyphenate, Lang};

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
    breaks.retain(|&(i, _)| i > 0 && i < word.len());
    breaks.sort_by_key(|&(i, _)| i);
    breaks.dedup_by_key(|&mut (i, _)| i);
    breaks
}

/// URLs and e-mail addresses break at their punctuation and are never hyphenated: a
/// hyphen inside an address changes the address.
fn looks_like_address(word: &[Cluster]) -> bool {
    let text: String = word.iter().take(400).map(|c| c.ch).collect();
    text.contains("://") || text.starts_with("www.") || text.contains('@')
}

/// Adds Dutch hyphenation points for each run of letters in `word`.
fn hyphenation_points(word: &[Cluster], breaks: &mut Vec<(usize, BreakKind)>) {
    const MIN_RUN: usize = 5;
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
        if run.len() < MIN_RUN || capitals > 1 {
            continue;
        }
        text.clear();
        text.extend(run.iter().map(|c| c.ch));
        let mut at = start;
        let mut syllables = hyphenate(&text, Lang::Dutch).peekable();
        while let Some(s) = syllables.next() {
            at += s.chars().count();
            if syllables.peek().is_some() {
                breaks.push((at, BreakKind::Hyphen));
            }
        }
    }
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
            face: Face::Regular,
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
