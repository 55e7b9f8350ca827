//! A text block laid out into lines of positioned glyph runs: shaping, line breaking,
//! alignment and justification together, for any width the flow asks for.

use std::sync::Arc;

use crate::document::{Inline, Rgb};

use super::font::metrics;
use super::items::{Face, Glyph, GlyphKind, GlyphRun, Rect};
use super::linebreak::{break_lines, natural_width, Broken, Fill, Line};
use super::shape::{shape, Cluster, Shaped, TextStyle};
use super::warnings::Warnings;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

#[derive(Debug, Clone, Copy)]
pub struct TextParams {
    pub style: TextStyle,
    pub color: Rgb,
    pub width: f64,
    pub line_height: f64,
    pub align: Align,
    pub hyphenate: bool,
}

/// Hyperlinks in the colour Word uses for them, so both renderers agree.
pub const LINK_COLOR: Rgb = Rgb(0x05, 0x63, 0xC1);

/// A run of glyphs positioned relative to its line: x from the block's left edge,
/// y the baseline from the line's top.
#[derive(Debug, Clone)]
pub struct LineRun {
    pub run: GlyphRun,
    /// Index into [`TextBlock::links`].
    pub link: Option<u32>,
    /// An open field's text: the exporter paints a highlight behind it.
    pub open_field: bool,
}

#[derive(Debug, Clone, Default)]
pub struct TextLine {
    pub height: f64,
    pub runs: Vec<LineRun>,
    /// Link areas relative to the line (same coordinates as the runs).
    pub links: Vec<(Rect, u32)>,
    /// Where the content ends, from the block's left edge.
    pub end_x: f64,
}

#[derive(Debug, Clone, Default)]
pub struct TextBlock {
    pub lines: Vec<TextLine>,
    pub links: Vec<Arc<str>>,
}

impl TextBlock {
    pub fn height(&self) -> f64 {
        self.lines.iter().map(|l| l.height).sum()
    }
}

pub fn layout_text(content: &[Inline], p: &TextParams, warnings: &mut Warnings) -> TextBlock {
    let shaped = shape(content, p.style, warnings);
    let fill = if p.align == Align::Justify {
        Fill::Justified
    } else {
        Fill::Ragged
    };
    let broken = break_lines(&shaped.clusters, p.width, p.hyphenate, fill);
    let lines = broken
        .lines
        .iter()
        .map(|line| place_line(&shaped, &broken, line, p))
        .collect();
    TextBlock {
        lines,
        links: shaped.links,
    }
}

/// Distance from a line's top to its baseline, centring the face's ascent and descent
/// in the line height, as word processors do.
pub fn baseline_offset(face: Face, size: f64, line_height: f64) -> f64 {
    let m = metrics(face);
    let scale = size / m.units_per_em();
    let (asc, desc) = (m.ascent() * scale, m.descent() * scale);
    (line_height - asc - desc) / 2.0 + asc
}

struct Placed {
    glyph: Glyph,
    face: Face,
    link: Option<u32>,
    open_field: bool,
}

fn place_line(shaped: &Shaped, b: &Broken, line: &Line, p: &TextParams) -> TextLine {
    let clusters = &shaped.clusters;
    let frags = &b.fragments[line.fragments.clone()];
    let mut placed: Vec<Placed> = Vec::new();
    let mut spaces = Vec::new();
    for (k, f) in frags.iter().enumerate() {
        let last_frag = k + 1 == frags.len();
        for i in f.clusters.clone() {
            let c = &clusters[i];
            if c.is_drawn() {
                placed.push(glyph_of(c, c.advance + c.kern));
            }
        }
        if last_frag {
            // Kerning towards a character on the next line does not apply here.
            let last_glyph = placed
                .iter_mut()
                .rev()
                .find(|p| p.glyph.kind != GlyphKind::Joined);
            if let Some(last) = last_glyph {
                if let Some(c) = f
                    .clusters
                    .clone()
                    .rev()
                    .map(|i| &clusters[i])
                    .find(|c| c.is_drawn() && !c.is_joined())
                {
                    last.glyph.advance = c.advance;
                }
            }
        } else if let Some(s) = f.space {
            spaces.push(placed.len());
            placed.push(glyph_of(&clusters[s], clusters[s].advance));
        }
    }
    if line.hyphen {
        if let Some(h) = hyphen_after(&placed, p.style.size) {
            placed.push(h);
        }
    } else if !line.last && !line.unmarked_break {
        // The line ends at a word break: keep the space, without width. It is never
        // seen, but text extraction and screen readers (a tagged PDF's text is read
        // in structure order, not by position) need it to keep the last word of this
        // line apart from the first of the next.
        if let Some(prev) = placed.last() {
            if let Some(gid) = metrics(prev.face).glyph(' ') {
                let (face, link, open_field) = (prev.face, prev.link, prev.open_field);
                placed.push(Placed {
                    glyph: Glyph {
                        gid,
                        advance: 0.0,
                        ch: ' ',
                        kind: GlyphKind::Space,
                    },
                    face,
                    link,
                    open_field,
                });
            }
        }
    }
    let natural = natural_width(b, line);
    let extra = p.width - natural;
    if p.align == Align::Justify
        && !line.last
        && !line.unmarked_break
        && !spaces.is_empty()
        && extra > 0.0
    {
        let each = extra / spaces.len() as f64;
        for &s in &spaces {
            if let Some(g) = placed.get_mut(s) {
                g.glyph.advance += each;
            }
        }
    }
    let start_x = match p.align {
        Align::Right => extra.max(0.0),
        Align::Center => (extra / 2.0).max(0.0),
        Align::Left | Align::Justify => 0.0,
    };
    build_runs(placed, start_x, p)
}

fn glyph_of(c: &Cluster, advance: f64) -> Placed {
    Placed {
        glyph: Glyph {
            gid: c.gid,
            advance,
            ch: c.ch,
            kind: c.kind,
        },
        face: c.face,
        link: c.link,
        open_field: c.open_field,
    }
}

fn hyphen_after(placed: &[Placed], size: f64) -> Option<Placed> {
    let prev = placed.last()?;
    let m = metrics(prev.face);
    let gid = m.glyph('-')?;
    Some(Placed {
        glyph: Glyph {
            gid,
            advance: f64::from(m.advance(gid)) * size / m.units_per_em(),
            ch: '-',
            kind: GlyphKind::Hyphen,
        },
        face: prev.face,
        link: prev.link,
        open_field: prev.open_field,
    })
}

/// Groups glyphs into runs of one face and link, so each run is one text object.
fn build_runs(placed: Vec<Placed>, start_x: f64, p: &TextParams) -> TextLine {
    let baseline = baseline_offset(p.style.face, p.style.size, p.line_height);
    let mut line = TextLine {
        height: p.line_height,
        ..TextLine::default()
    };
    let mut x = start_x;
    for g in placed {
        let extend = line.runs.last().is_some_and(|r| {
            r.run.face == g.face && r.link == g.link && r.open_field == g.open_field
        });
        if !extend {
            let color = if g.link.is_some() {
                LINK_COLOR
            } else {
                p.color
            };
            line.runs.push(LineRun {
                run: GlyphRun {
                    face: g.face,
                    size: p.style.size,
                    color,
                    x,
                    y: baseline,
                    angle: 0.0,
                    glyphs: Vec::new(),
                },
                link: g.link,
                open_field: g.open_field,
            });
        }
        x += g.glyph.advance;
        if let Some(r) = line.runs.last_mut() {
            r.run.glyphs.push(g.glyph);
        }
    }
    line.end_x = x;
    // A link whose text changes face (a bold word inside it) is several runs; readers
    // should see one clickable area per line, not a row of fragments.
    for r in &line.runs {
        let Some(link) = r.link else { continue };
        let rect = Rect {
            x: r.run.x,
            y: 0.0,
            width: r.run.width(),
            height: p.line_height,
        };
        match line.links.last_mut() {
            Some((prev, l)) if *l == link && (prev.right() - rect.x).abs() < 0.01 => {
                prev.width += rect.width;
            }
            _ => line.links.push((rect, link)),
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::items::Face;

    fn params(width: f64, align: Align) -> TextParams {
        TextParams {
            style: TextStyle {
                face: Face::from_style(false, false),
                size: 10.5,
            },
            color: Rgb(0, 0, 0),
            width,
            line_height: 14.0,
            align,
            hyphenate: true,
        }
    }

    const TEXT: &str = "De gemeenteraad wordt geïnformeerd over de regionale \
        samenwerkingsafspraken in het kader van de Norm voor Opdrachtgeverschap.";

    #[test]
    fn justified_lines_fill_the_width_except_the_last() {
        let b = layout_text(
            &[Inline::plain(TEXT)],
            &params(150.0, Align::Justify),
            &mut Warnings::default(),
        );
        assert!(b.lines.len() > 2);
        for (i, l) in b.lines.iter().enumerate() {
            assert!(l.end_x <= 150.0 + 1e-6);
            if i + 1 < b.lines.len() {
                assert!(
                    (l.end_x - 150.0).abs() < 1e-6,
                    "line {i} ends at {}",
                    l.end_x
                );
            }
        }
    }

    #[test]
    fn every_character_survives_in_order() {
        let b = layout_text(
            &[Inline::plain(TEXT)],
            &params(120.0, Align::Left),
            &mut Warnings::default(),
        );
        let out: String = b
            .lines
            .iter()
            .flat_map(|l| l.runs.iter())
            .flat_map(|r| r.run.glyphs.iter())
            .filter(|g| g.kind != GlyphKind::Hyphen)
            .map(|g| g.ch)
            .filter(|c| !c.is_whitespace())
            .collect();
        let want: String = TEXT.chars().filter(|c| !c.is_whitespace()).collect();
        assert_eq!(out, want);
    }
}
