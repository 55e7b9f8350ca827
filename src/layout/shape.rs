//! Turns styled inline text into clusters: one glyph per character, with its advance,
//! kerning and what it means for line breaking.
//!
//! Liberation Sans needs no contextual shaping for Dutch (no ligatures are required,
//! no marks to position beyond what the precomposed letters cover), so shaping is a
//! cmap lookup plus pair kerning. Keeping one glyph per character keeps text
//! extraction exact: every glyph maps back to the character it came from.

use std::sync::Arc;

use crate::document::Inline;

use super::font::{metrics, Face, FontMetrics};
use super::items::GlyphKind;
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
    /// Pair kerning towards the next cluster, points; dropped at a line end.
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
}

#[derive(Debug, Default)]
pub struct Shaped {
    pub clusters: Vec<Cluster>,
    pub links: Vec<Arc<str>>,
}

/// The look of a text block: the spans' bold and italic add to `face`.
#[derive(Debug, Clone, Copy)]
pub struct TextStyle {
    pub face: Face,
    pub size: f64,
}

pub fn shape(content: &[Inline], style: TextStyle, warnings: &mut Warnings) -> Shaped {
    let mut out = Shaped::default();
    for inline in content {
        match inline {
            Inline::LineBreak => out
                .clusters
                .push(invisible('\n', style.face, Class::Newline)),
            Inline::Text(span) => {
                let face = Face::from_style(
                    style.face.is_bold() || span.bold,
                    style.face.is_italic() || span.italic,
                );
                let link = span.link.as_ref().map(|uri| {
                    out.links.push(Arc::from(uri.as_str()));
                    (out.links.len() - 1) as u32
                });
                let m = metrics(face);
                for (i, ch) in span.text.chars().enumerate() {
                    if let Some(mut c) = cluster(ch, face, m, style.size, warnings, &span.text, i) {
                        c.link = link;
                        c.open_field = span.open_field;
                        out.clusters.push(c);
                    }
                }
            }
        }
    }
    apply_kerning(&mut out.clusters, style.size);
    out
}

/// One character as a cluster, or `None` when it has no place in the output.
fn cluster(
    ch: char,
    face: Face,
    m: &FontMetrics,
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
    warnings.report(ch, Kind::Missing(sub), text, at);
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

fn apply_kerning(clusters: &mut [Cluster], size: f64) {
    for i in 1..clusters.len() {
        let (left, right) = (clusters[i - 1], clusters[i]);
        if left.class == Class::Text && right.class == Class::Text && left.face == right.face {
            let m = metrics(left.face);
            let k = f64::from(m.kern(left.gid, right.gid)) * size / m.units_per_em();
            clusters[i - 1].kern = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;

    fn plain(text: &str) -> Vec<Inline> {
        vec![Inline::plain(text)]
    }

    const BODY: TextStyle = TextStyle {
        face: Face::Regular,
        size: 10.0,
    };

    #[test]
    fn kerning_tightens_av() {
        let mut w = Warnings::default();
        let s = shape(&plain("AV"), BODY, &mut w);
        assert!(s.clusters[0].kern < 0.0);
    }

    #[test]
    fn missing_characters_are_substituted_and_reported() {
        let mut w = Warnings::default();
        let s = shape(&plain("zorg 😀 nu"), BODY, &mut w);
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
        let s = shape(&plain("a\u{0B}b\u{07}c"), BODY, &mut w);
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
        let s = shape(&content, BODY, &mut w);
        assert_eq!(s.clusters[0].face, Face::Bold);
        assert_eq!(s.clusters[3].face, Face::Italic);
        assert_eq!(s.clusters[3].link, Some(0));
        assert_eq!(&*s.links[0], "https://example.nl");
    }
}
