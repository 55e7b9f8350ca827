//! Turns styled inline text into clusters: one per character, with its glyph, advance,
//! kerning and what it means for line breaking.
//!
//! Each run of letters in one face is shaped by rustybuzz with the font's own rules
//! (GPOS kerning, the `kern` table where there is no GPOS, standard ligatures), and the
//! result is cached per face and word in font units, so the same sentence in eight
//! letters, at any size, is shaped once per thread. The line breaker keeps its
//! contract of one cluster per character: a ligature's glyph sits on its first
//! character and the others follow as [`GlyphKind::Joined`] (no width, not painted),
//! so text extraction still sees every letter and no break falls inside a ligature.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::document::Inline;
use crate::fonts::{FontFace, ShapedGlyph};

use super::font::{metrics, Face};
use super::items::{Glyph, GlyphKind};
use super::warnings::{Kind, Warnings};

/// What a cluster means to the line breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Visible text: part of a word.
    Text,
    /// A breaking space; runs of them collapse to one.
    Space,
    /// A no-break space: looks like a space, glues words together.
    Glue,
    /// An invisible break opportunity (zero-width space).
    Break,
    /// An invisible hyphenation point chosen by the author (soft hyphen).
    SoftHyphen,
    /// A forced line break.
    Newline,
}

#[derive(Debug, Clone, Copy)]
pub struct Cluster {
    pub ch: char,
    pub gid: u16,
    pub face: Face,
    /// The glyph's own advance, points.
    pub advance: f64,
    /// Kerning towards the next cluster, points (the shaped advance minus the glyph's
    /// own); dropped at a line end.
    pub kern: f64,
    pub class: Class,
    pub kind: GlyphKind,
    /// Index into [`Shaped::links`].
    pub link: Option<u32>,
    /// Part of an open field, drawn on a highlight.
    pub open_field: bool,
}

impl Cluster {
    /// Whether the cluster paints a glyph.
    pub fn is_drawn(&self) -> bool {
        matches!(self.class, Class::Text | Class::Space | Class::Glue)
    }

    /// A character drawn by the glyph of the cluster before it (a ligature): a line
    /// may not break before it.
    pub fn is_joined(&self) -> bool {
        self.kind == GlyphKind::Joined
    }
}

#[derive(Debug, Default)]
pub struct Shaped {
    pub clusters: Vec<Cluster>,
    pub links: Vec<Arc<str>>,
}

/// The look of a text block: its family and style (`face`; the spans' bold and italic
/// add to it) and size.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub face: Face,
    pub size: f64,
}

/// Letters waiting to be shaped together: one face, no break between them.
struct Word<'a> {
    face: Face,
    text: String,
    chars: Vec<Pending<'a>>,
}

/// A character of a [`Word`]: its link and field, and where it came from (for
/// warnings).
#[derive(Clone, Copy)]
struct Pending<'a> {
    ch: char,
    link: Option<u32>,
    open_field: bool,
    text: &'a str,
    at: usize,
}

pub fn shape(content: &[Inline], style: TextStyle, warnings: &mut Warnings) -> Shaped {
    let mut out = Shaped::default();
    let mut word = Word {
        face: style.face,
        text: String::new(),
        chars: Vec::new(),
    };
    for inline in content {
        match inline {
            Inline::LineBreak => {
                flush(&mut word, style.size, &mut out, warnings);
                out.clusters
                    .push(invisible('\n', style.face, Class::Newline));
            }
            Inline::Text(span) => {
                let face = style.face.with_style(
                    style.face.is_bold() || span.bold,
                    style.face.is_italic() || span.italic,
                );
                let link = span.link.as_ref().map(|uri| {
                    out.links.push(Arc::from(uri.as_str()));
                    (out.links.len() - 1) as u32
                });
                let m = metrics(face);
                for (i, ch) in span.text.chars().enumerate() {
                    if is_letter(ch) {
                        if word.face != face {
                            flush(&mut word, style.size, &mut out, warnings);
                            word.face = face;
                        }
                        word.chars.push(Pending {
                            ch,
                            link,
                            open_field: span.open_field,
                            text: span.text.as_str(),
                            at: i,
                        });
                        word.text.push(ch);
                        continue;
                    }
                    flush(&mut word, style.size, &mut out, warnings);
                    if let Some(mut c) = cluster(ch, face, m, style.size, warnings, &span.text, i) {
                        c.link = link;
                        c.open_field = span.open_field;
                        out.clusters.push(c);
                    }
                }
            }
        }
    }
    flush(&mut word, style.size, &mut out, warnings);
    out
}

/// Whether `ch` is shaped as part of a word (not a space, break or control).
fn is_letter(ch: char) -> bool {
    !(ch.is_whitespace()
        || ch.is_control()
        || is_silent_format(ch)
        || matches!(
            ch,
            '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{00AD}' | '\u{200B}'
        ))
}

/// Shapes the pending word and appends its clusters.
fn flush(word: &mut Word, size: f64, out: &mut Shaped, warnings: &mut Warnings) {
    if word.chars.is_empty() {
        return;
    }
    let m = metrics(word.face);
    let scale = size / m.units_per_em();
    let groups = shaped_word(m, &word.text);
    for &(from, to, glyph) in groups.iter() {
        let chars = &word.chars[from..to];
        match glyph {
            Some(g) => {
                let nominal = f64::from(m.advance(g.gid));
                for (
                    k,
                    &Pending {
                        ch,
                        link,
                        open_field,
                        ..
                    },
                ) in chars.iter().enumerate()
                {
                    let mut c = if k == 0 {
                        Cluster {
                            ch,
                            gid: g.gid,
                            face: word.face,
                            advance: nominal * scale,
                            kern: (f64::from(g.advance) - nominal) * scale,
                            class: Class::Text,
                            kind: GlyphKind::Text,
                            link: None,
                            open_field: false,
                        }
                    } else {
                        Cluster {
                            kind: GlyphKind::Joined,
                            ..invisible(ch, word.face, Class::Text)
                        }
                    };
                    c.link = link;
                    c.open_field = open_field;
                    out.clusters.push(c);
                }
            }
            // Several glyphs for these characters (a decomposed accent) or one the
            // font lacks: a glyph per character, as the font maps it.
            None => {
                for &Pending {
                    ch,
                    link,
                    open_field,
                    text,
                    at,
                    ..
                } in chars
                {
                    if let Some(mut c) = cluster(ch, word.face, m, size, warnings, text, at) {
                        c.link = link;
                        c.open_field = open_field;
                        out.clusters.push(c);
                    }
                }
            }
        }
    }
    word.text.clear();
    word.chars.clear();
}

/// A word as the font sets it: `(first char, end char, the glyph)`, the glyph `None`
/// where the characters do not map to exactly one real glyph of the font. Only the
/// word's text and the font decide it, so it is kept with the word in the cache.
type Groups = Rc<[(usize, usize, Option<ShapedGlyph>)]>;

/// The shaped glyphs of `text` cut into clusters (see [`Groups`]).
fn groups(
    font: &FontFace,
    glyphs: &[ShapedGlyph],
    text: &str,
) -> Vec<(usize, usize, Option<ShapedGlyph>)> {
    let ordered = glyphs.windows(2).all(|w| w[0].cluster <= w[1].cluster);
    if !ordered || glyphs.is_empty() {
        return vec![(0, text.chars().count(), None)];
    }
    let mut out = Vec::with_capacity(glyphs.len());
    // Clusters only grow, so one walk over the characters finds every group's.
    let mut chars = text.char_indices().peekable();
    let mut taken = 0;
    let mut i = 0;
    while i < glyphs.len() {
        let cluster = glyphs[i].cluster as usize;
        let mut j = i + 1;
        while j < glyphs.len() && glyphs[j].cluster == glyphs[i].cluster {
            j += 1;
        }
        let end_byte = glyphs.get(j).map_or(text.len(), |g| g.cluster as usize);
        while chars.next_if(|&(b, _)| b < cluster).is_some() {
            taken += 1;
        }
        let from = taken;
        // The shaper hides characters the font does not map (default-ignorables
        // become an invisible space): those go the per-character way, which names them.
        let mut mapped = true;
        while let Some((_, ch)) = chars.next_if(|&(b, _)| b < end_byte) {
            mapped &= font.glyph(ch).is_some();
            taken += 1;
        }
        if from < taken {
            let one = (j - i == 1 && glyphs[i].gid != 0 && mapped).then_some(glyphs[i]);
            out.push((from, taken, one));
        }
        i = j;
    }
    out
}

/// Words remembered per thread and face; a batch sets the same sentences in every
/// letter.
const CACHE_LIMIT: usize = 50_000;

type WordCache = FxHashMap<u64, FxHashMap<String, Groups>>;

thread_local! {
    static CACHE: RefCell<(WordCache, usize)> = RefCell::new((FxHashMap::default(), 0));
}

/// `text` shaped in `font`, in font units (independent of the size), cached.
fn shaped_word(font: &FontFace, text: &str) -> Groups {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(hit) = cache.0.get(&font.key).and_then(|m| m.get(text)) {
            return hit.clone();
        }
        let shaped: Groups = groups(font, &font.shape(text), text).into();
        if cache.1 >= CACHE_LIMIT {
            cache.0.clear();
            cache.1 = 0;
        }
        cache.1 += 1;
        cache
            .0
            .entry(font.key)
            .or_default()
            .insert(text.to_owned(), shaped.clone());
        shaped
    })
}

/// Known text (labels, page numbers) shaped into glyphs of `face` at `size`: a
/// character the face lacks is skipped, as only our own digits and punctuation come
/// here.
pub fn plain_glyphs(text: &str, face: Face, size: f64) -> Vec<Glyph> {
    let mut scratch = Warnings::default();
    let shaped = shape(
        &[Inline::plain(text)],
        TextStyle { face, size },
        &mut scratch,
    );
    let n = shaped.clusters.len();
    shaped
        .clusters
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_drawn() && c.kind != GlyphKind::Substitute)
        .map(|(i, c)| Glyph {
            gid: c.gid,
            advance: if i + 1 == n {
                c.advance
            } else {
                c.advance + c.kern
            },
            ch: c.ch,
            kind: c.kind,
        })
        .collect()
}

/// One character as a cluster, or `None` when it has no place in the output.
fn cluster(
    ch: char,
    face: Face,
    m: &FontFace,
    size: f64,
    warnings: &mut Warnings,
    text: &str,
    at: usize,
) -> Option<Cluster> {
    let scale = size / m.units_per_em();
    let make = |gid: u16, ch: char, class: Class, kind: GlyphKind| Cluster {
        ch,
        gid,
        face,
        advance: f64::from(m.advance(gid)) * scale,
        kern: 0.0,
        class,
        kind,
        link: None,
        open_field: false,
    };
    let space = m.glyph(' ').unwrap_or(0);
    match ch {
        '\u{00A0}' | '\u{202F}' | '\u{2007}' => {
            let gid = m.glyph(ch).unwrap_or(space);
            return Some(make(gid, ch, Class::Glue, GlyphKind::Text));
        }
        '\u{00AD}' => return Some(invisible(ch, face, Class::SoftHyphen)),
        '\u{200B}' => return Some(invisible(ch, face, Class::Break)),
        _ if is_silent_format(ch) => return None,
        _ if ch.is_whitespace() => return Some(make(space, ' ', Class::Space, GlyphKind::Space)),
        _ if ch.is_control() => {
            warnings.report(ch, Kind::Control, text, at);
            return None;
        }
        _ => {}
    }
    if let Some(gid) = m.glyph(ch) {
        return Some(make(gid, ch, Class::Text, GlyphKind::Text));
    }
    if let Some(gid) = equivalent(ch).and_then(|e| m.glyph(e)) {
        return Some(make(gid, ch, Class::Text, GlyphKind::Text));
    }
    let (sub, gid) = match m.glyph('\u{FFFD}') {
        Some(g) => ('\u{FFFD}', g),
        None => ('?', m.glyph('?').unwrap_or(0)),
    };
    warnings.report_missing(ch, sub, &m.family, text, at);
    Some(make(gid, sub, Class::Text, GlyphKind::Substitute))
}

fn invisible(ch: char, face: Face, class: Class) -> Cluster {
    Cluster {
        ch,
        gid: 0,
        face,
        advance: 0.0,
        kern: 0.0,
        class,
        kind: GlyphKind::Text,
        link: None,
        open_field: false,
    }
}

/// A character that looks the same as one the font is likelier to have.
fn equivalent(ch: char) -> Option<char> {
    match ch {
        '\u{2010}' | '\u{2011}' | '\u{2212}' => Some('-'),
        '\u{2024}' => Some('.'),
        _ => None,
    }
}

/// Invisible formatting characters (joiners, direction marks, variation selectors,
/// byte-order marks): they shape nothing in Latin text, so they leave no trace and
/// need no warning.
fn is_silent_format(ch: char) -> bool {
    matches!(ch as u32,
        0x200C..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFE00..=0xFE0F
        | 0xE0000..=0xE007F
        | 0xE0100..=0xE01EF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn plain(text: &str) -> Vec<Inline> {
        vec![Inline::plain(text)]
    }

    fn body() -> TextStyle {
        TextStyle {
            face: Face::from_style(false, false),
            size: 10.0,
        }
    }

    /// The second time a word is set comes from the cache: the same glyphs, widths and
    /// ligature parts, and a character the font lacks is still substituted and said.
    #[test]
    fn a_word_from_the_cache_is_set_as_the_first_time() {
        let text = "efficiënt afflux zorg\u{0378}x";
        let pass = || {
            let mut w = Warnings::default();
            let s = shape(&plain(text), body(), &mut w);
            let clusters: Vec<_> = s
                .clusters
                .iter()
                .map(|c| (c.ch, c.gid, c.advance, c.kern, c.kind, c.class))
                .collect();
            (clusters, w.into_messages())
        };
        let first = pass();
        let second = pass();
        assert_eq!(first, second);
        assert_eq!(first.0.len(), text.chars().count());
        assert!(first.0.iter().any(|c| c.4 == GlyphKind::Substitute));
        assert!(!first.1.is_empty(), "the missing character is said");
    }

    #[test]
    fn kerning_tightens_av() {
        let mut w = Warnings::default();
        let s = shape(&plain("AV"), body(), &mut w);
        assert!(s.clusters[0].kern < 0.0);
    }

    #[test]
    fn missing_characters_are_substituted_and_reported() {
        let mut w = Warnings::default();
        let s = shape(&plain("zorg 😀 nu"), body(), &mut w);
        let sub: Vec<_> = s
            .clusters
            .iter()
            .filter(|c| c.kind == GlyphKind::Substitute)
            .collect();
        assert_eq!(sub.len(), 1);
        assert_ne!(sub[0].gid, 0);
        let msgs = w.into_messages();
        assert_eq!(msgs.len(), 1);
        assert!(msgs[0].contains("U+1F600"));
    }

    #[test]
    fn control_characters_become_space_or_are_reported() {
        let mut w = Warnings::default();
        let s = shape(&plain("a\u{0B}b\u{07}c"), body(), &mut w);
        let classes: Vec<_> = s.clusters.iter().map(|c| c.class).collect();
        assert_eq!(
            classes,
            [Class::Text, Class::Space, Class::Text, Class::Text]
        );
        assert_eq!(w.into_messages().len(), 1);
    }

    #[test]
    fn spans_choose_faces_and_links() {
        let mut w = Warnings::default();
        let content = vec![
            Inline::bold("Vet"),
            Inline::Text(Span {
                text: "link".into(),
                italic: true,
                link: Some("https://example.nl".into()),
                ..Span::default()
            }),
        ];
        let s = shape(&content, body(), &mut w);
        assert_eq!(s.clusters[0].face, Face::from_style(true, false));
        assert_eq!(s.clusters[3].face, Face::from_style(false, true));
        assert_eq!(s.clusters[3].link, Some(0));
        assert_eq!(&*s.links[0], "https://example.nl");
    }
}
