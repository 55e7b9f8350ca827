//! The result of layout: pages of positioned items, each tied to a structure node.
//!
//! This is the contract between the layout engine and any exporter. It speaks points
//! and glyph ids, nothing of the PDF file format, so the exporter is a translation and a second
//! exporter (or a test) can read the same pages. Every item names the structure node
//! it belongs to, so a tagged PDF can be built from it without redoing layout.

use std::sync::Arc;

use crate::document::{Image, Numbering, Rgb};

pub use super::font::Face;

/// A laid-out document. Coordinates are points from the page's top-left corner, y
/// growing downwards (the exporter flips them for PDF).
#[derive(Debug, Clone)]
pub struct Layout {
    pub page_width: f64,
    pub page_height: f64,
    pub pages: Vec<Page>,
    /// The structure tree, indexed by [`NodeId`]; node 0 is the document.
    pub nodes: Vec<StructNode>,
    /// Headings in document order with where they landed, for bookmarks.
    pub outline: Vec<OutlineEntry>,
    /// Messages for the user: characters the font lacks, removed control characters.
    pub warnings: Vec<String>,
    /// The box body text must stay inside (and header and footer bands), for checks.
    pub frame: Frame,
}

/// Where things may go on every page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// The text area between the margins.
    pub body: Rect,
    /// The band above the text area holding the header and the logo.
    pub header: Rect,
    /// The band below the text area holding the footer.
    pub footer: Rect,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Whether `other` lies inside, allowing `slack` points for rounding.
    pub fn contains(&self, other: &Rect, slack: f64) -> bool {
        other.x >= self.x - slack
            && other.y >= self.y - slack
            && other.right() <= self.right() + slack
            && other.bottom() <= self.bottom() + slack
    }
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    /// In painting order: later items paint over earlier ones.
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub struct Item {
    /// The structure node this item belongs to (a paragraph, a list label, a cell…).
    pub node: NodeId,
    pub kind: ItemKind,
}

impl Item {
    /// Whether the item is page furniture or decoration (header, footer, watermark,
    /// repeated table header, leader dots, rules and shading): exporters mark it so
    /// that text extraction and screen readers skip it.
    pub fn is_artifact(&self, nodes: &[StructNode]) -> bool {
        let by_role = nodes.get(self.node).is_some_and(|n| n.role.is_artifact());
        let decoration = match &self.kind {
            ItemKind::Text(run) => {
                !run.glyphs.is_empty() && run.glyphs.iter().all(|g| g.kind == GlyphKind::Leader)
            }
            ItemKind::Line(_) | ItemKind::Fill(_) => true,
            ItemKind::Highlight(_) | ItemKind::Image(_) | ItemKind::Link(_) => false,
        };
        by_role || decoration
    }
}

#[derive(Debug, Clone)]
pub enum ItemKind {
    Text(GlyphRun),
    /// A straight line, e.g. a table rule.
    Line(LineSeg),
    /// A filled rectangle, e.g. a table header's shading.
    Fill(FillRect),
    /// The background of an open field: painted like a fill, right before the glyphs
    /// it marks, but content of their structure element, since it says something
    /// (this text is still to be filled in) rather than decorating.
    Highlight(FillRect),
    Image(ImageBox),
    /// A clickable area; its glyphs are separate [`ItemKind::Text`] items.
    Link(LinkArea),
}

/// Glyphs of one face, size and colour on one baseline.
#[derive(Debug, Clone)]
pub struct GlyphRun {
    pub face: Face,
    pub size: f64,
    pub color: Rgb,
    /// Pen position of the first glyph, on the baseline.
    pub x: f64,
    pub y: f64,
    /// Counter-clockwise rotation around (x, y) in degrees; 0 except the watermark.
    pub angle: f64,
    pub glyphs: Vec<Glyph>,
}

impl GlyphRun {
    /// Sum of the advances: where the pen ends, relative to `x`.
    pub fn width(&self) -> f64 {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    /// The text the run stands for (substitutes show as U+FFFD, inserted hyphens as '-').
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// A conservative box around the run's ink: pen extent by ascent and descent.
    pub fn bounds(&self) -> Rect {
        let m = super::font::metrics(self.face);
        let scale = self.size / m.units_per_em();
        let asc = m.ascent() * scale;
        let desc = m.descent() * scale;
        Rect {
            x: self.x,
            y: self.y - asc,
            width: self.width(),
            height: asc + desc,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub gid: u16,
    /// How far the pen moves after this glyph, in points: the font's advance plus
    /// kerning plus any justification stretch. The exporter writes the difference to
    /// the font's own advance as a TJ adjustment.
    pub advance: f64,
    /// The character this glyph stands for, for text extraction (ToUnicode).
    pub ch: char,
    pub kind: GlyphKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlyphKind {
    /// A character of the input.
    Text,
    /// A word space of the input (possibly stretched for justification).
    Space,
    /// A hyphen the line breaker added; not part of the input text.
    Hyphen,
    /// Stands in for a character the font lacks (a warning was reported).
    Substitute,
    /// A dot of a table-of-contents leader: decoration, not text.
    Leader,
    /// A character drawn by the glyph before it (the "i" of an "fi" ligature): not
    /// painted and without width, kept so the run's text has every character.
    Joined,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineSeg {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    pub width: f64,
    pub color: Rgb,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FillRect {
    pub rect: Rect,
    pub color: Rgb,
}

#[derive(Debug, Clone)]
pub struct ImageBox {
    pub rect: Rect,
    pub image: Image,
}

#[derive(Debug, Clone)]
pub struct LinkArea {
    pub rect: Rect,
    pub target: LinkTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LinkTarget {
    /// A web address from the input.
    Uri(Arc<str>),
    /// A place in this document (table-of-contents entries): page index and y.
    Page { page: usize, y: f64 },
}

/// Index into [`Layout::nodes`].
pub type NodeId = usize;

/// One element of the logical structure: what a tagged PDF's structure tree needs.
#[derive(Debug, Clone, PartialEq)]
pub struct StructNode {
    pub role: Role,
    pub parent: Option<NodeId>,
    /// Alternative text (images) or the target (links).
    pub alt: Option<String>,
}

/// The structural role of a node. Leaves carry items; containers group leaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// A title that is not a heading of the structure (display text).
    Title,
    Subtitle,
    /// A Title or Heading block that is a heading, with its structure level (1: the
    /// document's one H1), as the document decided it.
    Heading(u8),
    Paragraph,
    /// A list, with the labelling scheme the document decided for it.
    List(Numbering),
    ListItem,
    ListLabel,
    ListBody,
    Table,
    TableRow,
    TableHeaderCell,
    TableCell,
    Fields,
    FieldRow,
    FieldLabel,
    FieldValue,
    /// The closing block: the sender's line and each signer, paragraphs inside.
    Signatures,
    /// A picture that is content, with its alternative text: a signer's signature,
    /// inside the signer's paragraph.
    Figure,
    Toc,
    TocEntry,
    /// A hyperlink inside a text block; its glyphs and its [`LinkArea`]s.
    Link,
    /// Page furniture, not part of the content: header, footer, watermark.
    HeaderArtifact,
    FooterArtifact,
    WatermarkArtifact,
    /// A table's header row repeated on a continuation page.
    RepeatedHeaderArtifact,
}

impl Role {
    /// Whether the node is page furniture rather than content.
    pub fn is_artifact(self) -> bool {
        matches!(
            self,
            Role::HeaderArtifact
                | Role::FooterArtifact
                | Role::WatermarkArtifact
                | Role::RepeatedHeaderArtifact
        )
    }
}

/// A heading and where it landed.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    /// Zero-based page index.
    pub page: usize,
    /// Top of the heading's first line, points from the page top.
    pub y: f64,
}
