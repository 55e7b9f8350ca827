//! The header and footer of a Word template, as the PDF and HTML draw them: the
//! template's own letterhead rather than our header line.
//!
//! Read once from the template (`word_template::apply_style`) into points and resolved
//! formats, so that the renderers only place what is here and never go back to the
//! template's XML. What a band holds is what a letterhead needs: paragraphs of text
//! runs, tabs and page-number fields, pictures inline or anchored at an offset, and
//! simple tables (logo beside address). Anything else was reported when it was read.

use super::style::{Align, FamilyId};
use super::{Image, Rgb};

/// The bands of a template's (last) section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageBands {
    /// The first page's header and footer, when the template has a different first
    /// page (`w:titlePg`); later pages get [`PageBands::default`].
    pub first: Option<BandPair>,
    pub default: BandPair,
}

impl PageBands {
    /// The bands of page `index` (0 = first page).
    pub fn for_page(&self, index: usize) -> &BandPair {
        match (&self.first, index) {
            (Some(first), 0) => first,
            _ => &self.default,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct BandPair {
    pub header: Band,
    pub footer: Band,
}

/// One header or footer part.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Band {
    /// The part it came from ("header1.xml"), for messages.
    pub part: String,
    pub blocks: Vec<BandBlock>,
    /// Pictures placed at a position of their own, outside the text flow.
    pub anchored: Vec<AnchoredImage>,
}

impl Band {
    pub fn is_empty(&self) -> bool {
        self.anchored.is_empty()
            && self.blocks.iter().all(|b| match b {
                BandBlock::Paragraph(p) => p.runs.is_empty(),
                BandBlock::Table(t) => t.rows.is_empty(),
            })
    }

    /// The band's text with fields filled in for page `page` of `count`: what a test
    /// or a plain-text renderer sees.
    pub fn plain_text(&self, page: usize, count: usize) -> Vec<String> {
        let mut lines = Vec::new();
        for b in &self.blocks {
            match b {
                BandBlock::Paragraph(p) => lines.push(p.plain_text(page, count)),
                BandBlock::Table(t) => {
                    for cell in t.rows.iter().flatten() {
                        lines.extend(cell.iter().map(|p| p.plain_text(page, count)));
                    }
                }
            }
        }
        lines.retain(|l| !l.trim().is_empty());
        lines
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum BandBlock {
    Paragraph(BandParagraph),
    Table(BandTable),
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandParagraph {
    pub align: Align,
    pub space_before: f64,
    pub space_after: f64,
    /// Baseline to baseline, in points, resolved from the paragraph's line spacing
    /// and its largest text.
    pub line_height: f64,
    /// Tab stops from the left edge of the text area, in order.
    pub tabs: Vec<TabStop>,
    pub runs: Vec<BandRun>,
}

impl BandParagraph {
    pub fn plain_text(&self, page: usize, count: usize) -> String {
        let mut s = String::new();
        for r in &self.runs {
            match r {
                BandRun::Text { text, .. } => s.push_str(text),
                BandRun::Tab => s.push('\t'),
                BandRun::Field { field, .. } => s.push_str(&field.value(page, count)),
                BandRun::Image(_) => {}
            }
        }
        s
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TabStop {
    pub position: f64,
    pub kind: TabKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TabKind {
    Left,
    Center,
    Right,
}

/// How one run of text is set: the paragraph style's, with the run's own settings
/// over it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunFormat {
    pub family: FamilyId,
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    pub color: Rgb,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BandRun {
    Text {
        text: String,
        format: RunFormat,
    },
    /// To the next tab stop.
    Tab,
    Field {
        field: Field,
        format: RunFormat,
    },
    Image(InlineImage),
}

/// The page-number fields a header or footer may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Page,
    NumPages,
}

impl Field {
    pub fn value(self, page: usize, count: usize) -> String {
        match self {
            Field::Page => page.to_string(),
            Field::NumPages => count.to_string(),
        }
    }
}

/// A picture in the text, with the size the template gives it, in points.
#[derive(Debug, Clone, PartialEq)]
pub struct InlineImage {
    pub image: Image,
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandTable {
    /// Column widths in points.
    pub columns: Vec<f64>,
    /// Rows of cells; a cell is its paragraphs.
    pub rows: Vec<Vec<Vec<BandParagraph>>>,
}

/// A picture placed at a position relative to the page or the margins.
#[derive(Debug, Clone, PartialEq)]
pub struct AnchoredImage {
    pub image: InlineImage,
    pub x: AnchorPos,
    pub y: AnchorPos,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnchorPos {
    pub from: AnchorFrom,
    pub place: Place,
}

/// What an anchor's position is measured from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnchorFrom {
    /// The page's edge.
    Page,
    /// The text area's edge (Word's "margin", "column", "character").
    Margin,
    /// Where the band's text starts: Word's "paragraph" and "line" for a vertical
    /// position, the header distance from the top (the footer's band top).
    Band,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    /// Points from the reference edge (left or top).
    Offset(f64),
    /// Left or top.
    Start,
    Center,
    /// Right or bottom.
    End,
}

impl AnchorPos {
    /// The picture's left (or top) edge for a reference area from `start` of
    /// `length`, the picture being `size` long.
    pub fn resolve(&self, start: f64, length: f64, size: f64) -> f64 {
        match self.place {
            Place::Offset(v) => start + v,
            Place::Start => start,
            Place::Center => start + (length - size) / 2.0,
            Place::End => start + length - size,
        }
    }
}
