//! Chooses line breaks for a paragraph: optimal fit over the whole paragraph (textwrap's
//! SMAWK-based algorithm), not greedy first fit.
//!
//! First fit decides each line alone, so one long word can leave a hole that no later
//! line repairs. Optimal fit minimises the sum of squared gaps over all lines, which
//! evens out the right edge and, when justifying, the word spacing. Widths are points
//! (f64), measured from the font, so the fit is exact.

use std::ops::Range;

use textwrap::core::Fragment as _;
use textwrap::wrap_algorithms::{wrap_first_fit, wrap_optimal_fit, Penalties};

use super::font::metrics;
use super::hyphenate::{word_breaks, BreakKind};
use super::shape::{Class, Cluster};

/// A penalty width so small it is invisible, but non-zero so textwrap charges its
/// hyphen penalty: breaking a URL at a slash is allowed, not free.
const SILENT_BREAK: f64 = 1e-3;

/// A piece of a line that cannot be broken further.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// Clusters drawn for this piece.
    pub clusters: Range<usize>,
    /// The one space cluster drawn after it when the line continues.
    pub space: Option<usize>,
    width: f64,
    whitespace: f64,
    penalty: f64,
    /// Whether ending a line here adds a hyphen.
    pub hyphen: bool,
}

impl textwrap::core::Fragment for Fragment {
    fn width(&self) -> f64 {
        self.width
    }

    fn whitespace_width(&self) -> f64 {
        self.whitespace
    }

    fn penalty_width(&self) -> f64 {
        self.penalty
    }
}

/// One output line: a range of fragments.
#[derive(Debug, Clone)]
pub struct Line {
    pub fragments: Range<usize>,
    /// Ends with an inserted hyphen.
    pub hyphen: bool,
    /// Last line of a paragraph or before a forced break: never justified.
    pub last: bool,
    /// Ends inside an address or an overlong word: stretching the few spaces before
    /// it would open holes, so it stays ragged even in justified text.
    pub unmarked_break: bool,
}

#[derive(Debug, Default)]
pub struct Broken {
    pub fragments: Vec<Fragment>,
    pub lines: Vec<Line>,
}

/// How lines are to be filled: decides when a paragraph is good enough without
/// hyphenation, and how much a hyphen costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fill {
    /// Ragged right: gaps are visible only as an uneven edge.
    Ragged,
    /// Justified: gaps become wide word spaces.
    Justified,
}

/// A ragged line may end this fraction of the width short before hyphenation is tried.
const RAGGED_TOLERANCE: f64 = 0.12;
/// A justified line may stretch its spaces by this many space widths before
/// hyphenation is tried.
const JUSTIFIED_TOLERANCE: f64 = 1.0;

/// Breaks `clusters` into lines of at most `width` points. Always returns at least one
/// line (possibly empty) so an empty paragraph still takes its place.
///
/// Like TeX, it first tries without hyphenation and hyphenates only paragraphs whose
/// lines come out too loose: fewer hyphens, and half the work for most paragraphs.
pub fn break_lines(clusters: &[Cluster], width: f64, hyphenate: bool, fill: Fill) -> Broken {
    let mut out = Broken::default();
    let width = width.max(1.0);
    let mut start = 0;
    loop {
        let end = clusters[start..]
            .iter()
            .position(|c| c.class == Class::Newline)
            .map_or(clusters.len(), |p| start + p);
        let first_fragment = out.fragments.len();
        let first_line = out.lines.len();
        let cut = break_segment(clusters, start..end, width, false, fill, &mut out);
        // A word cut where no break is allowed is never acceptable while a hyphen
        // could still split it properly.
        if hyphenate && (cut || !acceptable(clusters, &out, first_line, width, fill)) {
            out.fragments.truncate(first_fragment);
            out.lines.truncate(first_line);
            break_segment(clusters, start..end, width, true, fill, &mut out);
        }
        if end >= clusters.len() {
            break;
        }
        start = end + 1;
    }
    out
}

/// Whether the lines from `first_line` on are tight enough to keep.
fn acceptable(clusters: &[Cluster], b: &Broken, first_line: usize, width: f64, fill: Fill) -> bool {
    b.lines[first_line..]
        .iter()
        .filter(|l| !l.last && !l.unmarked_break)
        .all(|line| {
            let gap = width - natural_width(b, line);
            match fill {
                Fill::Ragged => gap <= RAGGED_TOLERANCE * width,
                Fill::Justified => {
                    let frags = &b.fragments[line.fragments.clone()];
                    let spaces: Vec<f64> = frags[..frags.len().saturating_sub(1)]
                        .iter()
                        .filter_map(|f| f.space.map(|s| clusters[s].advance))
                        .collect();
                    match spaces.iter().copied().reduce(f64::max) {
                        Some(space) => gap / spaces.len() as f64 <= JUSTIFIED_TOLERANCE * space,
                        None => gap <= 1.0,
                    }
                }
            }
        })
}

/// Breaks one segment into lines; returns whether a word had to be cut at characters
/// because even a line of its own could not hold it.
fn break_segment(
    clusters: &[Cluster],
    range: Range<usize>,
    width: f64,
    hyphenate: bool,
    fill: Fill,
    out: &mut Broken,
) -> bool {
    let first = out.fragments.len();
    let cut = fragments(clusters, range, width, hyphenate, &mut out.fragments);
    let frags = &out.fragments[first..];
    if frags.is_empty() {
        out.lines.push(Line {
            fragments: first..first,
            hyphen: false,
            last: true,
            unmarked_break: false,
        });
        return cut;
    }
    let penalties = Penalties {
        nline_penalty: 1000,
        // Overflowing the margin must lose to any other choice.
        overflow_penalty: 1_000_000_000,
        short_last_line_fraction: 4,
        short_last_line_penalty: 200,
        // In points squared, like the gaps: a hyphen is worth it to close a gap of
        // about 40 pt in ragged text, 22 pt (spread over the spaces) in justified text.
        hyphen_penalty: match fill {
            Fill::Ragged => 1600,
            Fill::Justified => 500,
        },
    };
    let lines = match wrap_optimal_fit(frags, &[width], &penalties) {
        Ok(lines) => lines,
        Err(_) => wrap_first_fit(frags, &[width]),
    };
    let mut at = first;
    let count = lines.len();
    for (i, line) in lines.iter().enumerate() {
        let end = at + line.len();
        let hyphen = line.last().is_some_and(|f| f.hyphen) && i + 1 < count;
        let unmarked_break = line.last().is_some_and(|f| f.penalty == SILENT_BREAK);
        out.lines.push(Line {
            fragments: at..end,
            hyphen,
            last: i + 1 == count,
            unmarked_break,
        });
        at = end;
    }
    cut
}

/// Splits a segment (no forced breaks) into fragments: words, split further at
/// hyphenation points, and overlong pieces at characters. Returns whether a piece had
/// to be cut at characters.
fn fragments(
    clusters: &[Cluster],
    range: Range<usize>,
    width: f64,
    hyphenate: bool,
    out: &mut Vec<Fragment>,
) -> bool {
    let mut cut = false;
    let mut i = range.start;
    while i < range.end && clusters[i].class == Class::Space {
        i += 1; // leading spaces collapse away
    }
    while i < range.end {
        let word_start = i;
        while i < range.end && clusters[i].class != Class::Space {
            i += 1;
        }
        let word_end = i;
        let space = (i < range.end).then_some(i);
        while i < range.end && clusters[i].class == Class::Space {
            i += 1;
        }
        let space_width = space.map_or(0.0, |s| clusters[s].advance);
        let word = &clusters[word_start..word_end];
        let mut piece_start = 0;
        let breaks = word_breaks(word, hyphenate);
        let ends = breaks
            .iter()
            .map(|&(at, kind)| (at, Some(kind)))
            .chain(std::iter::once((word.len(), None)));
        for (piece_end, kind) in ends {
            let last = kind.is_none();
            let piece = word_start + piece_start..word_start + piece_end;
            let hyphen = kind == Some(BreakKind::Hyphen);
            let penalty = match kind {
                Some(BreakKind::Hyphen) => hyphen_width(&clusters[piece.clone()]),
                Some(BreakKind::Plain) => SILENT_BREAK,
                None => 0.0,
            };
            let frag = Fragment {
                width: measure(clusters, piece.clone(), last),
                clusters: piece,
                space: if last { space } else { None },
                whitespace: if last { space_width } else { 0.0 },
                penalty,
                hyphen,
            };
            cut |= push_fitting(clusters, frag, width, out);
            piece_start = piece_end;
        }
    }
    cut
}

/// Width of the drawn clusters in `range`, including kerning between them; the kern
/// after the last cluster only counts when the word continues.
fn measure(clusters: &[Cluster], range: Range<usize>, word_end: bool) -> f64 {
    let n = range.len();
    clusters[range]
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if word_end && i + 1 == n {
                c.advance
            } else {
                c.advance + c.kern
            }
        })
        .sum()
}

/// The hyphen glyph's width in the face of the piece's last visible cluster.
fn hyphen_width(piece: &[Cluster]) -> f64 {
    let Some(c) = piece
        .iter()
        .rev()
        .find(|c| c.class == Class::Text && !c.is_joined())
    else {
        return SILENT_BREAK;
    };
    let m = metrics(c.face);
    let per_unit = if c.advance > 0.0 && m.advance(c.gid) > 0 {
        c.advance / f64::from(m.advance(c.gid))
    } else {
        return SILENT_BREAK;
    };
    let w = m
        .glyph('-')
        .map_or(0.0, |g| f64::from(m.advance(g)) * per_unit);
    w.max(SILENT_BREAK)
}

/// Adds `frag`, first cutting it into character chunks if even a line of its own
/// cannot hold it (a URL, a 60-letter compound without break points): overflowing
/// the margin is worse than an unmarked break. Returns whether it cut.
fn push_fitting(clusters: &[Cluster], frag: Fragment, width: f64, out: &mut Vec<Fragment>) -> bool {
    if frag.width + frag.penalty <= width || frag.clusters.len() <= 1 {
        out.push(frag);
        return false;
    }
    let mut chunk_start = frag.clusters.start;
    let mut w = 0.0;
    for i in frag.clusters.clone() {
        let c = &clusters[i];
        let adv = c.advance + c.kern;
        if w + c.advance + SILENT_BREAK > width && i > chunk_start && !c.is_joined() {
            out.push(Fragment {
                clusters: chunk_start..i,
                space: None,
                width: w,
                whitespace: 0.0,
                penalty: SILENT_BREAK,
                hyphen: false,
            });
            chunk_start = i;
            w = 0.0;
        }
        w += adv;
    }
    let rest = chunk_start..frag.clusters.end;
    out.push(Fragment {
        width: measure(clusters, rest.clone(), frag.penalty == 0.0),
        clusters: rest,
        ..frag
    });
    true
}

/// The widest pieces of a text that lines must hold, in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Widest {
    /// The widest word, kept whole: split only where the text already shows a break
    /// (after a hyphen or a slash in an address, at a zero-width space).
    pub word: f64,
    /// The widest piece when words are also split at their hyphenation points, the
    /// hyphen such a piece then ends in included.
    pub piece: f64,
}

/// The widest word and the widest piece of `clusters` (see [`Widest`]); `hyphenate`
/// as for [`break_lines`]. A line narrower than `word` hyphenates; one narrower than
/// `piece` must cut a word where no break is allowed.
pub fn widest(clusters: &[Cluster], hyphenate: bool) -> Widest {
    let mut out = Widest::default();
    let mut start = 0;
    let mut whole = Vec::new();
    let mut split = Vec::new();
    while start <= clusters.len() {
        let end = clusters[start..]
            .iter()
            .position(|c| c.class == Class::Newline)
            .map_or(clusters.len(), |p| start + p);
        // With unlimited width nothing is cut at characters.
        fragments(clusters, start..end, f64::INFINITY, false, &mut whole);
        fragments(clusters, start..end, f64::INFINITY, hyphenate, &mut split);
        start = end + 1;
    }
    // Pieces that end at a hyphenation point belong to their word.
    let mut word = 0.0;
    for f in &whole {
        if f.hyphen {
            word += f.width;
        } else {
            out.word = out.word.max(word + f.width + f.penalty);
            word = 0.0;
        }
    }
    out.piece = split
        .iter()
        .map(|f| f.width + f.penalty)
        .fold(0.0, f64::max);
    out
}

/// Natural width of a line's content (without justification), points.
pub fn natural_width(b: &Broken, line: &Line) -> f64 {
    let frags = &b.fragments[line.fragments.clone()];
    let mut w: f64 = frags.iter().map(|f| f.width() + f.whitespace_width()).sum();
    if let Some(last) = frags.last() {
        w -= last.whitespace_width();
        if line.hyphen {
            w += last.penalty_width();
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Inline;
    use crate::layout::font::Face;
    use crate::layout::shape::{shape, TextStyle};
    use crate::layout::warnings::Warnings;

    fn shaped(text: &str) -> Vec<Cluster> {
        let style = TextStyle {
            face: Face::from_style(false, false),
            size: 10.0,
        };
        shape(&[Inline::plain(text)], style, &mut Warnings::default()).clusters
    }

    fn texts(clusters: &[Cluster], b: &Broken) -> Vec<String> {
        b.lines
            .iter()
            .map(|l| {
                let mut s = String::new();
                for (k, f) in b.fragments[l.fragments.clone()].iter().enumerate() {
                    s.extend(clusters[f.clusters.clone()].iter().map(|c| c.ch));
                    if f.space.is_some() && k + 1 < l.fragments.len() {
                        s.push(' ');
                    }
                }
                if l.hyphen {
                    s.push('-');
                }
                s
            })
            .collect()
    }

    /// The classic case: first fit fills line one and strands a hole on line two;
    /// optimal fit balances the lines.
    #[test]
    fn optimal_fit_beats_greedy() {
        #[derive(Debug)]
        struct W(f64);
        impl textwrap::core::Fragment for W {
            fn width(&self) -> f64 {
                self.0
            }
            fn whitespace_width(&self) -> f64 {
                1.0
            }
            fn penalty_width(&self) -> f64 {
                0.0
            }
        }
        // "aaa bb cc ddddd" at width 6.
        let words = [W(3.0), W(2.0), W(2.0), W(5.0)];
        let cost = |lines: &[&[W]]| -> f64 {
            lines[..lines.len() - 1]
                .iter()
                .map(|l| {
                    let w: f64 = l.iter().map(|x| x.0 + 1.0).sum::<f64>() - 1.0;
                    (6.0 - w).powi(2)
                })
                .sum()
        };
        let greedy = wrap_first_fit(&words, &[6.0]);
        let optimal = wrap_optimal_fit(&words, &[6.0], &Penalties::new()).unwrap_or_default();
        assert_eq!(
            greedy.iter().map(|l| l.len()).collect::<Vec<_>>(),
            [2, 1, 1]
        );
        assert_eq!(
            optimal.iter().map(|l| l.len()).collect::<Vec<_>>(),
            [1, 2, 1]
        );
        assert!(cost(&optimal) < cost(&greedy));
    }

    #[test]
    fn hyphenates_dutch_compound_to_fill_the_line() {
        let text = "De regio maakt samenwerkingsafspraken";
        let c = shaped(text);
        // Room for "De regio maakt samenwerkings-" but not the whole compound.
        let full: f64 = c.iter().map(|c| c.advance + c.kern).sum();
        let b = break_lines(&c, full * 0.8, true, Fill::Ragged);
        let lines = texts(&c, &b);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[0].ends_with('-'), "{lines:?}");
        assert!(lines[0].starts_with("De regio maakt sa"), "{lines:?}");
    }

    #[test]
    fn overlong_words_break_at_characters_within_width() {
        let word = "x".repeat(500);
        let c = shaped(&word);
        let b = break_lines(&c, 100.0, true, Fill::Ragged);
        assert!(b.lines.len() > 5);
        for l in &b.lines {
            assert!(natural_width(&b, l) <= 100.0 + 1e-6);
        }
        let total: usize = b.fragments.iter().map(|f| f.clusters.len()).sum();
        assert_eq!(total, 500);
    }

    /// The appendix's Status column: a line narrower than "Voldaan" used to cut it
    /// as "Voldaa|n", because the first pass (without hyphenation) cut it at
    /// characters and counted the cut line as acceptable.
    #[test]
    fn a_word_wider_than_the_line_is_hyphenated_not_cut() {
        let c = shaped("Voldaan");
        let widest = widest(&c, true);
        let b = break_lines(&c, widest.word - 1.0, true, Fill::Ragged);
        assert_eq!(texts(&c, &b), ["Vol-", "daan"]);
    }

    #[test]
    fn widest_word_and_piece() {
        let c = shaped("In ontwikkeling");
        let w = widest(&c, true);
        let width = |s: &str| -> f64 {
            let c = shaped(s);
            let n = c.len();
            c.iter()
                .enumerate()
                .map(|(i, c)| {
                    if i + 1 == n {
                        c.advance
                    } else {
                        c.advance + c.kern
                    }
                })
                .sum()
        };
        assert!((w.word - width("ontwikkeling")).abs() < 1e-9, "{w:?}");
        // ont-wik-ke-ling: the widest piece is "wik-" or "ling", with its hyphen.
        let piece = ["ont-", "wik-", "ke-", "ling"]
            .iter()
            .map(|p| width(p))
            .fold(0.0, f64::max);
        assert!((w.piece - piece).abs() < 0.05, "{w:?} vs {piece}");
        assert!(w.piece < w.word);
        // Without hyphenation the widest piece is the widest word.
        assert_eq!(widest(&c, false).piece, w.word);
        // A hyphen in the text is a break that shows itself; a soft hyphen is not.
        let n = shaped("niet-vrijblijvend");
        assert!((widest(&n, false).word - width("vrijblijvend")).abs() < 1e-9);
        let soft = shaped("zorg\u{AD}landschap");
        assert!((widest(&soft, false).word - width("zorglandschap")).abs() < 1e-9);
        assert_eq!(widest(&shaped(""), true), Widest::default());
    }

    #[test]
    fn forced_breaks_and_empty_input() {
        let c = shaped("");
        assert_eq!(break_lines(&c, 100.0, true, Fill::Ragged).lines.len(), 1);
        let style = TextStyle {
            face: Face::from_style(false, false),
            size: 10.0,
        };
        let content = [Inline::plain("a"), Inline::LineBreak, Inline::plain("b")];
        let c = shape(&content, style, &mut Warnings::default()).clusters;
        let b = break_lines(&c, 100.0, true, Fill::Ragged);
        assert_eq!(texts(&c, &b), ["a", "b"]);
        assert!(b.lines[0].last);
    }
}
