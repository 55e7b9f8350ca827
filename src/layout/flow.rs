//! Turns the document's blocks into a vertical flow of elements: lines and table rows
//! with their heights, spacing and "may the page break after me" flags.
//!
//! The flow decides everything that does not depend on the page (indents, labels,
//! column widths, which breaks are allowed); the paginator then only cuts the flow into
//! pages. Keeping the two apart makes headings-with-next, widows and orphans, and
//! repeated table headers one rule each instead of special cases in the page loop.
//!
//! This file walks the blocks and sets text and lists; tables (`table`), label/value
//! blocks (`fields`) and the table of contents (`toc`) have their own files, and rows
//! of cells are cut and placed by `cells`.

use std::collections::HashMap;

use crate::document::{Block, Document, Inline, List};

use super::font::{metrics, DocFonts, Face};
use super::items::{
    FillRect, GlyphRun, Item, ItemKind, LineSeg, LinkArea, NodeId, Rect, Role, StructNode,
};
use super::style::{BlockStyle, Styles};
use super::table::TableHeader;
use super::text::{baseline_offset, layout_text, TextLine, TextParams, LINK_COLOR};
use super::toc::TocSlot;
use super::warnings::Warnings;

/// Something the paginator places whole: a line, a table row (or a band of a row too
/// tall for a page), or a page break.
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub height: f64,
    /// Space above, dropped when the element starts a page.
    pub space_before: f64,
    /// The page may not break between this element and the next.
    pub keep_with_next: bool,
    pub page_break: bool,
    /// Items with x on the page and y relative to the element's top.
    pub items: Vec<Item>,
    /// A body row of this table: a page starting with it repeats the table's header.
    pub table: Option<usize>,
    /// The first line of this outline entry (top-level heading).
    pub heading: Option<usize>,
    /// Table-of-contents entries whose page numbers are filled in after pagination.
    pub toc: Vec<TocSlot>,
}

pub struct Flow {
    pub elements: Vec<Element>,
    pub table_headers: Vec<TableHeader>,
    pub nodes: Vec<StructNode>,
    /// Top-level headings: level and text.
    pub outline: Vec<(u8, String)>,
    pub warnings: Warnings,
    pub(super) styles: Styles,
    pub(super) pending_space: f64,
    pub(super) body_height: f64,
}

/// The node role of a Title or Heading block: a heading at the structure level the
/// document decided, or `otherwise` when the document says it is no heading.
fn heading_role(structure: Option<u8>, otherwise: Role) -> Role {
    structure.map_or(otherwise, Role::Heading)
}

/// How the lines of a text block may be split over pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Keep {
    /// Never split, and never separate from what follows (titles, headings).
    WithNext,
    /// At least two lines on either side of a page break (no widows or orphans).
    Paragraph,
}

impl Flow {
    /// The flow of `doc` in a body of `(width, height)`, the second half of its text
    /// set on `helper` (see `halves`).
    pub fn build<'scope>(
        doc: &'scope Document,
        fonts: DocFonts,
        (body_width, body_height): (f64, f64),
        helper: &crate::alongside::Helper<'_, 'scope>,
    ) -> Flow {
        let mut flow = Flow::new(doc, fonts.clone(), body_height);
        match super::halves::seam(&doc.blocks, flow.styles.body.space_after) {
            Some(seam) if helper.shares() => {
                super::halves::build(flow, doc, fonts, (body_width, body_height), helper, seam)
            }
            _ => {
                flow.blocks(doc, 0..doc.blocks.len(), body_width);
                flow
            }
        }
    }

    pub(super) fn new(doc: &Document, fonts: DocFonts, body_height: f64) -> Flow {
        Flow {
            elements: Vec::new(),
            table_headers: Vec::new(),
            nodes: vec![StructNode {
                role: Role::Document,
                parent: None,
                alt: None,
            }],
            outline: Vec::new(),
            warnings: Warnings::default(),
            styles: Styles::with_fonts(&doc.page, fonts),
            pending_space: 0.0,
            body_height,
        }
    }

    /// The document's top-level blocks `range`, after what the flow holds.
    pub(super) fn blocks(
        &mut self,
        doc: &Document,
        range: std::ops::Range<usize>,
        body_width: f64,
    ) {
        let x = doc.page.style.page.margin_left;
        for i in range {
            let Some(block) = doc.blocks.get(i) else {
                continue;
            };
            if let Block::TableOfContents = block {
                let following = super::toc::headings(&doc.blocks[i + 1..]);
                let first = self.outline.len();
                self.toc(&following, first, x, body_width);
            } else {
                self.block(block, x, body_width, 0, true, false);
            }
        }
    }

    pub(super) fn node(&mut self, role: Role, parent: NodeId) -> NodeId {
        self.nodes.push(StructNode {
            role,
            parent: Some(parent),
            alt: None,
        });
        self.nodes.len() - 1
    }

    /// The previous block's space-after plus this one's space-before, as Word adds them.
    pub(super) fn take_space(&mut self, before: f64) -> f64 {
        let s = self.pending_space + before;
        self.pending_space = 0.0;
        s
    }

    fn block(
        &mut self,
        block: &Block,
        x: f64,
        width: f64,
        parent: NodeId,
        top: bool,
        in_list: bool,
    ) {
        let styles = &self.styles;
        match block {
            Block::Title { content, structure } => {
                let st = styles.title;
                let node = self.node(heading_role(*structure, Role::Title), parent);
                self.text(content, st, x, width, node, Keep::WithNext);
            }
            Block::Subtitle(content) => {
                let st = styles.subtitle;
                let node = self.node(Role::Subtitle, parent);
                self.text(content, st, x, width, node, Keep::WithNext);
                self.pending_space = st.space_after;
            }
            Block::Heading {
                level,
                content,
                structure,
            } => {
                let level = (*level).clamp(1, 6);
                let st = styles.heading(level);
                let node = self.node(heading_role(*structure, Role::Paragraph), parent);
                let first = self.text(content, st, x, width, node, Keep::WithNext);
                if top {
                    let index = self.outline.len();
                    self.outline
                        .push((level, crate::document::plain_text(content)));
                    if let Some(e) = self.elements.get_mut(first) {
                        e.heading = Some(index);
                    }
                }
            }
            Block::Paragraph(content) => {
                let mut st = styles.body;
                if in_list {
                    st.space_after = styles.house.lists.item_gap;
                }
                let node = self.node(Role::Paragraph, parent);
                self.text(content, st, x, width, node, Keep::Paragraph);
            }
            Block::List(list) => self.list(list, x, width, parent, 0),
            Block::Table(table) => self.table(table, x, width, parent),
            Block::Fields(fields) => self.fields(fields, x, width, parent),
            Block::Signatures(s) => self.signatures(s, x, width, parent),
            Block::TableOfContents => self.toc(&[], self.outline.len(), x, width),
            Block::PageBreak => {
                self.pending_space = 0.0;
                self.elements.push(Element {
                    page_break: true,
                    ..Element::default()
                });
            }
        }
    }

    /// Lays out a text block and appends its lines; returns the first element's index.
    pub(super) fn text(
        &mut self,
        content: &[Inline],
        st: BlockStyle,
        x: f64,
        width: f64,
        node: NodeId,
        keep: Keep,
    ) -> usize {
        let params = TextParams { width, ..st.text };
        let mut block = layout_text(content, &params, &mut self.warnings);
        let space = self.take_space(st.space_before);
        let first = self.elements.len();
        let n = block.lines.len();
        let mut link_nodes = HashMap::new();
        for (i, line) in block.lines.iter_mut().enumerate() {
            let mut e = Element {
                height: line.height,
                space_before: if i == 0 { space } else { 0.0 },
                keep_with_next: keep_after_line(keep, i, n),
                ..Element::default()
            };
            self.line_items(
                line,
                &block.links,
                x,
                0.0,
                node,
                &mut link_nodes,
                &mut e.items,
            );
            self.elements.push(e);
        }
        self.pending_space = st.space_after;
        first
    }

    /// Items of one line at (x, y) relative to an element, links as child nodes.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn line_items(
        &mut self,
        line: &mut TextLine,
        links: &[std::sync::Arc<str>],
        x: f64,
        y: f64,
        node: NodeId,
        link_nodes: &mut HashMap<u32, NodeId>,
        out: &mut Vec<Item>,
    ) {
        // The runs move into items: lines are laid out once and placed once.
        let height = line.height;
        for r in line.runs.drain(..) {
            let mut run = r.run;
            run.x += x;
            run.y += y;
            let owner = match r.link {
                Some(l) => self.link_node(l, links, node, link_nodes),
                None => node,
            };
            if r.open_field {
                // Painted first, so behind the glyphs; opaque, as PDF/A wants.
                out.push(Item {
                    node: owner,
                    kind: ItemKind::Highlight(FillRect {
                        rect: Rect {
                            x: run.x,
                            y,
                            width: run.width(),
                            height,
                        },
                        color: self.styles.house.colors.open_field,
                    }),
                });
            }
            if r.link.is_some() {
                let underline_y = run.y + run.size * 0.14;
                out.push(Item {
                    node: owner,
                    kind: ItemKind::Line(LineSeg {
                        x1: run.x,
                        y1: underline_y,
                        x2: run.x + run.width(),
                        y2: underline_y,
                        width: (run.size * 0.06).max(0.4),
                        color: LINK_COLOR,
                    }),
                });
            }
            out.push(Item {
                node: owner,
                kind: ItemKind::Text(run),
            });
        }
        for (rect, l) in &line.links {
            let owner = self.link_node(*l, links, node, link_nodes);
            if let Some(uri) = links.get(*l as usize) {
                out.push(Item {
                    node: owner,
                    kind: ItemKind::Link(LinkArea {
                        rect: Rect {
                            x: rect.x + x,
                            y: rect.y + y,
                            ..*rect
                        },
                        target: super::items::LinkTarget::Uri(uri.clone()),
                    }),
                });
            }
        }
    }

    fn link_node(
        &mut self,
        link: u32,
        links: &[std::sync::Arc<str>],
        parent: NodeId,
        link_nodes: &mut HashMap<u32, NodeId>,
    ) -> NodeId {
        if let Some(&n) = link_nodes.get(&link) {
            return n;
        }
        let n = self.node(Role::Link, parent);
        if let Some(s) = self.nodes.get_mut(n) {
            s.alt = links.get(link as usize).map(|u| u.to_string());
        }
        link_nodes.insert(link, n);
        n
    }

    fn list(&mut self, list: &List, x: f64, width: f64, parent: NodeId, depth: usize) {
        let node = self.node(Role::List(list.scheme), parent);
        let body = self.styles.body.text;
        let m = metrics(body.style.face);
        let labels: Vec<String> = (0..list.items.len()).map(|i| list.label(i)).collect();
        let widest = labels
            .iter()
            .map(|l| m.text_width(l, body.style.size))
            .fold(0.0, f64::max);
        let hang = self.styles.house.lists.indent.max(widest + 6.0);
        // Deep nesting stops indenting rather than squeezing the text to nothing.
        let (label_x, body_x) = if width - hang < 72.0 {
            (x, x)
        } else {
            (x, x + hang)
        };
        let body_width = width - (body_x - x);
        for (item, text) in list.items.iter().zip(labels) {
            let item_node = self.node(Role::ListItem, node);
            let label_node = self.node(Role::ListLabel, item_node);
            let body_node = self.node(Role::ListBody, item_node);
            let first = self.elements.len();
            for b in &item.blocks {
                match b {
                    Block::List(inner) => {
                        self.list(inner, body_x, body_width, body_node, depth + 1)
                    }
                    _ => self.block(b, body_x, body_width, body_node, false, true),
                }
            }
            if self.elements.len() == first {
                // An empty item still shows its label on a line of its own.
                let space = self.take_space(0.0);
                self.elements.push(Element {
                    height: body.line_height,
                    space_before: space,
                    ..Element::default()
                });
                self.pending_space = self.styles.house.lists.item_gap;
            }
            self.place_label(first, &text, label_x, label_node);
        }
        self.pending_space = self.pending_space.max(if depth == 0 {
            self.styles.body.space_after
        } else {
            self.styles.house.lists.item_gap
        });
    }

    /// Puts a list label on the baseline of the item's first line.
    fn place_label(&mut self, element: usize, text: &str, x: f64, node: NodeId) {
        let body = self.styles.body.text;
        let default_baseline = baseline_offset(body.style.face, body.style.size, body.line_height);
        let Some(e) = self.elements.get_mut(element) else {
            return;
        };
        let baseline = e
            .items
            .iter()
            .find_map(|i| match &i.kind {
                ItemKind::Text(r) => Some(r.y),
                _ => None,
            })
            .unwrap_or(default_baseline);
        let run = plain_run(
            text,
            body.style.face.with_style(false, false),
            body.style.size,
            body.color,
            x,
            baseline,
        );
        e.items.insert(
            0,
            Item {
                node,
                kind: ItemKind::Text(run),
            },
        );
    }
}

fn keep_after_line(keep: Keep, i: usize, n: usize) -> bool {
    match keep {
        Keep::WithNext => true,
        Keep::Paragraph => {
            let after = i + 1;
            after < n && (after < 2 || n - after < 2)
        }
    }
}

/// A run of known text (labels, page numbers) in one face; characters the face lacks
/// are skipped, as only our own ASCII and punctuation come here.
pub fn plain_run(
    text: &str,
    face: Face,
    size: f64,
    color: crate::document::Rgb,
    x: f64,
    y: f64,
) -> GlyphRun {
    let glyphs = super::shape::plain_glyphs(text, face, size);
    GlyphRun {
        face,
        size,
        color,
        x,
        y,
        angle: 0.0,
        glyphs,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widow_and_orphan_rules() {
        let allowed: Vec<bool> = (0..5)
            .map(|i| !keep_after_line(Keep::Paragraph, i, 5))
            .collect();
        // Breaks only after line 2 (index 1) and line 3 (index 2) of five.
        assert_eq!(allowed, [false, true, true, false, true]);
        let three: Vec<bool> = (0..3)
            .map(|i| keep_after_line(Keep::Paragraph, i, 3))
            .collect();
        assert_eq!(three, [true, true, false]);
    }
}
