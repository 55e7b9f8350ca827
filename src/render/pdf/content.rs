//! One laid-out page as a PDF content stream.
//!
//! Written directly, as text: a PDF library's operations (printpdf's emitted each
//! glyph as its own string with its own adjustment) made a 50-page document cost half
//! a second. Here a line is one `TJ` with the glyph codes in runs and adjustments only
//! where the layout's advance differs from the font's width.
//!
//! Every item is written inside the marked content [`super::structure`] chose for it:
//! page furniture and decoration as `/Artifact` (so text extraction and assistive
//! technology skip it), content of a tagged file as `/P <</MCID n>> BDC … EMC` and so
//! on. Marked-content sequences and text objects nest: a text object is closed before
//! its sequence ends.

use std::fmt::Write as _;

use crate::document::Rgb;
use crate::layout::{GlyphKind, GlyphRun, ItemKind, Layout, Page};

use super::fonts::FontTable;
use super::structure::Mark;

/// TJ adjustments smaller than this (thousandths of an em) are not written.
const MIN_ADJUST: f64 = 0.05;

/// The content stream of `page`; `marks` holds one mark per item of the page.
pub fn page_stream(
    layout: &Layout,
    page: &Page,
    marks: &[Mark],
    fonts: &FontTable,
    images: &super::image::Images,
) -> Vec<u8> {
    let h = layout.page_height;
    let mut w = Writer::default();
    let mut in_text = false;
    // The open sequence; `Untagged` means none is open.
    let mut current = Mark::Untagged;
    let mut font: Option<(u64, i64)> = None;
    let mut fill: Option<Rgb> = None;
    let mut stroke: Option<(Rgb, i64)> = None;
    let gaps = gaps_after(page, marks);
    for ((item, mark), gap) in page.items.iter().zip(marks).zip(gaps) {
        if *mark == Mark::Skip || matches!(item.kind, ItemKind::Link(_)) {
            continue;
        }
        let is_text = matches!(item.kind, ItemKind::Text(_));
        if in_text && (!is_text || *mark != current) {
            w.op("ET");
            in_text = false;
        }
        if *mark != current {
            if current != Mark::Untagged {
                w.op("EMC");
            }
            match mark {
                Mark::Artifact(kind) => w.op(kind.open()),
                Mark::Content { tag, mcid } => {
                    w.raw("/");
                    w.raw(tag);
                    let _ = write!(w.out, " <</MCID {mcid}>>");
                    w.op("BDC");
                }
                Mark::Untagged | Mark::Skip => {}
            }
            current = *mark;
        }
        match &item.kind {
            ItemKind::Text(run) => {
                if !in_text {
                    w.op("BT");
                    in_text = true;
                    font = None;
                }
                if fill != Some(run.color) {
                    w.color(run.color, "rg");
                    fill = Some(run.color);
                }
                text(&mut w, run, h, fonts, &mut font, gap);
            }
            ItemKind::Line(l) => {
                let key = (l.color, (l.width * 1000.0).round() as i64);
                if stroke != Some(key) {
                    w.color(l.color, "RG");
                    w.num(l.width);
                    w.op("w");
                    stroke = Some(key);
                }
                w.nums(&[l.x1, h - l.y1]);
                w.op("m");
                w.nums(&[l.x2, h - l.y2]);
                w.op("l S");
            }
            ItemKind::Fill(f) | ItemKind::Highlight(f) => {
                if fill != Some(f.color) {
                    w.color(f.color, "rg");
                    fill = Some(f.color);
                }
                w.nums(&[f.rect.x, h - f.rect.bottom(), f.rect.width, f.rect.height]);
                w.op("re f");
            }
            ItemKind::Image(img) => {
                if let Some(name) = images.name(&img.image) {
                    let r = img.rect;
                    w.op("q");
                    w.nums(&[r.width, 0.0, 0.0, r.height, r.x, h - r.bottom()]);
                    w.op("cm");
                    w.raw("/");
                    w.raw(name);
                    w.op(" Do Q");
                }
            }
            ItemKind::Link(_) => {}
        }
    }
    if in_text {
        w.op("ET");
    }
    if current != Mark::Untagged {
        w.op("EMC");
    }
    w.out.into_bytes()
}

/// For each item: whether it is a content run followed on its line by decoration
/// text (a table-of-contents entry before its leader dots) — a gap the reader sees
/// that the text must show as a space. Line ends carry their own space from the
/// layout.
fn gaps_after(page: &Page, marks: &[Mark]) -> Vec<bool> {
    let mut gaps = vec![false; page.items.len()];
    // Walking backwards: whether decoration text on the same line follows.
    let mut decoration: Option<f64> = None;
    for (i, (item, mark)) in page.items.iter().zip(marks).enumerate().rev() {
        let ItemKind::Text(run) = &item.kind else {
            continue;
        };
        match mark {
            Mark::Skip => {}
            Mark::Artifact(_) => decoration = Some(run.y),
            Mark::Content { .. } | Mark::Untagged => {
                if let Some(g) = gaps.get_mut(i) {
                    *g = decoration.is_some_and(|y| (y - run.y).abs() < 0.01);
                }
                decoration = None;
            }
        }
    }
    gaps
}

fn text(
    w: &mut Writer,
    run: &GlyphRun,
    h: f64,
    fonts: &FontTable,
    current: &mut Option<(u64, i64)>,
    gap: bool,
) {
    let Some(font) = fonts.face(run.face) else {
        return;
    };
    if run.glyphs.is_empty() {
        return;
    }
    let key = (run.face.font().key, (run.size * 1000.0).round() as i64);
    if *current != Some(key) {
        w.raw("/");
        w.raw(&font.resource);
        w.raw(" ");
        w.num(run.size);
        w.op("Tf");
        *current = Some(key);
    }
    if run.angle == 0.0 {
        w.nums(&[1.0, 0.0, 0.0, 1.0, run.x, h - run.y]);
    } else {
        let (s, c) = run.angle.to_radians().sin_cos();
        w.nums(&[c, s, -s, c, run.x, h - run.y]);
    }
    w.op("Tm");
    // Before a visual gap, an (inkless) space glyph, so that the words on either
    // side do not run together when the text is read back or read aloud (ISO
    // 32000-1, 14.8.2.5).
    // A ligature's joined characters are in its glyph's ToUnicode text, not drawn.
    let glyphs: Vec<&crate::layout::Glyph> = run
        .glyphs
        .iter()
        .filter(|g| g.kind != GlyphKind::Joined)
        .collect();
    let last = glyphs.last().map(|g| g.kind);
    let space = gap && last != Some(GlyphKind::Space) && font.space().is_some();
    let em = run.size / 1000.0;
    let count = glyphs.len();
    w.raw("[<");
    for (i, g) in glyphs.iter().enumerate() {
        w.hex4(font.code(g.gid));
        if i + 1 == count && !space {
            break;
        }
        // TJ numbers move the pen left by n/1000 em: write the font's width minus
        // the advance the layout wants.
        let adjust = font.width(g.gid) - g.advance / em;
        if adjust.abs() >= MIN_ADJUST {
            w.raw("> ");
            w.num(adjust);
            w.raw(" <");
        }
    }
    if let Some(gid) = space.then(|| font.space()).flatten() {
        w.hex4(font.code(gid));
    }
    w.raw(">] TJ\n");
}

/// A content-stream builder with compact, locale-free number formatting.
#[derive(Default)]
struct Writer {
    out: String,
}

impl Writer {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn op(&mut self, s: &str) {
        if !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
            self.out.push(' ');
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    /// At most three decimals, no trailing zeros, no exponent: what every reader
    /// parses and what keeps streams small.
    fn num(&mut self, v: f64) {
        let v = if v.is_finite() { v } else { 0.0 };
        let milli = (v * 1000.0).round() as i64;
        // `unsigned_abs`: a coordinate far out of range saturates to `i64::MIN`, whose
        // negation would overflow.
        let (sign, abs) = (if milli < 0 { "-" } else { "" }, milli.unsigned_abs());
        let (int, frac) = (abs / 1000, abs % 1000);
        self.out.push_str(sign);
        // Digits by hand: `write!` through the formatting machinery was a tenth of
        // writing a page's content stream, which is mostly numbers.
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = int;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for &d in &digits[at..] {
            self.out.push(char::from(d));
        }
        if frac != 0 {
            let digits = [frac / 100, frac / 10 % 10, frac % 10];
            let len = if digits[2] != 0 {
                3
            } else if digits[1] != 0 {
                2
            } else {
                1
            };
            self.out.push('.');
            for d in &digits[..len] {
                self.out.push(char::from(b'0' + *d as u8));
            }
        }
    }

    fn hex4(&mut self, code: u16) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        for shift in [12, 8, 4, 0] {
            self.out
                .push(char::from(HEX[usize::from((code >> shift) & 0xF)]));
        }
    }

    fn nums(&mut self, vs: &[f64]) {
        for (i, v) in vs.iter().enumerate() {
            if i > 0 || (!self.out.is_empty() && !self.out.ends_with(['\n', ' '])) {
                self.out.push(' ');
            }
            self.num(*v);
        }
    }

    fn color(&mut self, c: Rgb, op: &str) {
        let f = |v: u8| f64::from(v) / 255.0;
        self.nums(&[f(c.0), f(c.1), f(c.2)]);
        self.op(op);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_compact() {
        let mut w = Writer::default();
        w.nums(&[0.0, 1.5, -2.25, 595.28, 1.0 / 3.0, -0.0004, f64::NAN]);
        assert_eq!(w.out, "0 1.5 -2.25 595.28 0.333 0 0");
        let mut w = Writer::default();
        w.nums(&[1234567.0, -10.0, 100.05, 1e300, -1e300]);
        assert_eq!(
            w.out,
            "1234567 -10 100.05 9223372036854775.807 -9223372036854775.808"
        );
    }
}
