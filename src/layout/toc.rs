//! The table of contents: an entry per heading, laid out with the flow; page numbers,
//! leader dots and the links to the headings are filled in once the pages are known.

use std::collections::HashMap;

use crate::document::{plain_text, Block, Inline};

use super::flow::{plain_run, Element, Flow};
use super::font::DocFonts;
use super::items::{
    Glyph, GlyphKind, Item, ItemKind, LinkArea, LinkTarget, NodeId, OutlineEntry, Page, Rect, Role,
};
use super::shape::TextStyle;
use super::text::{baseline_offset, layout_text, TextParams};
use crate::document::style::HouseStyle;

/// Width of the page-number column of the table of contents.
const TOC_NUMBER_COLUMN: f64 = 30.0;

/// Room left on a table-of-contents line for the heading's page number.
#[derive(Debug, Clone, Copy)]
pub struct TocSlot {
    pub heading: usize,
    pub node: NodeId,
    /// Baseline, relative to the element's top.
    pub baseline: f64,
    /// Where the entry's text ends and where the number must end.
    pub text_end: f64,
    pub right: f64,
    /// The clickable area, relative to the element's top.
    pub area: Rect,
}

/// The headings a table of contents at the start of `blocks` lists: the top-level
/// headings after it, with their level and text.
pub(super) fn headings(blocks: &[Block]) -> Vec<(u8, String)> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, content, .. } => Some((*level, plain_text(content))),
            _ => None,
        })
        .collect()
}

impl Flow {
    /// The table of contents: one entry per heading, page numbers filled in later.
    pub(super) fn toc(
        &mut self,
        headings: &[(u8, String)],
        first_index: usize,
        x: f64,
        width: f64,
    ) {
        let node = self.node(Role::Toc, 0);
        let p = self.styles.toc.text;
        let (indent_step, group_gap) = (
            self.styles.house.toc.indent,
            self.styles.house.toc.group_gap,
        );
        for (k, (level, title)) in headings.iter().enumerate() {
            let entry = self.node(Role::TocEntry, node);
            let indent = indent_step * f64::from(level.saturating_sub(1).min(4));
            let face = p.style.face.with_style(*level == 1, false);
            let params = TextParams {
                width: (width - indent - TOC_NUMBER_COLUMN).max(1.0),
                style: TextStyle {
                    face,
                    size: p.style.size,
                },
                ..p
            };
            let mut block =
                layout_text(&[Inline::plain(title.clone())], &params, &mut self.warnings);
            let before = if *level == 1 && k > 0 { group_gap } else { 0.0 };
            let space = self.take_space(before);
            let n = block.lines.len();
            let mut link_nodes = HashMap::new();
            for (i, line) in block.lines.iter_mut().enumerate() {
                let mut e = Element {
                    height: line.height,
                    space_before: if i == 0 { space } else { 0.0 },
                    keep_with_next: i + 1 < n,
                    ..Element::default()
                };
                let baseline = line
                    .runs
                    .first()
                    .map_or(baseline_offset(face, p.style.size, line.height), |r| {
                        r.run.y
                    });
                self.line_items(
                    line,
                    &block.links,
                    x + indent,
                    0.0,
                    entry,
                    &mut link_nodes,
                    &mut e.items,
                );
                if i + 1 == n {
                    e.toc.push(TocSlot {
                        heading: first_index + k,
                        node: entry,
                        baseline,
                        text_end: x + indent + line.end_x,
                        right: x + width,
                        area: Rect {
                            x: x + indent,
                            y: 0.0,
                            width: width - indent,
                            height: line.height,
                        },
                    });
                }
                self.elements.push(e);
            }
            self.pending_space = self.styles.toc.space_after;
        }
        self.pending_space = self.styles.house.toc.space_after;
    }
}

/// Writes the heading's page number right-aligned, dot leaders up to it, and makes the
/// entry a link to the heading.
pub(super) fn fill_entry(
    page: &mut Page,
    top: f64,
    slot: &TocSlot,
    target: &OutlineEntry,
    house: &HouseStyle,
    fonts: &DocFonts,
) {
    let size = house.toc.entry.size;
    let baseline = top + slot.baseline;
    let number = (target.page + 1).to_string();
    let face = fonts.role(&house.toc.entry);
    let mut run = plain_run(&number, face, size, house.toc.entry.color, 0.0, baseline);
    run.x = slot.right - run.width();
    // Leader dots on a fixed pitch from the page's left edge, so they line up in
    // columns from entry to entry.
    const PITCH: f64 = 4.5;
    let from = ((slot.text_end + 4.0) / PITCH).ceil() * PITCH;
    let to = run.x - 5.0;
    let mut leaders = plain_run(".", face, size, house.colors.muted, from, baseline);
    if let Some(dot) = leaders.glyphs.first().copied() {
        let count = ((to - from) / PITCH).floor().max(0.0) as usize;
        leaders.glyphs = (0..count)
            .map(|_| Glyph {
                advance: PITCH,
                kind: GlyphKind::Leader,
                ..dot
            })
            .collect();
        if let Some(last) = leaders.glyphs.last_mut() {
            // The last dot needs only its own width, or the run would overhang.
            last.advance = dot.advance;
        }
    }
    if !leaders.glyphs.is_empty() {
        page.items.push(Item {
            node: slot.node,
            kind: ItemKind::Text(leaders),
        });
    }
    page.items.push(Item {
        node: slot.node,
        kind: ItemKind::Text(run),
    });
    page.items.push(Item {
        node: slot.node,
        kind: ItemKind::Link(LinkArea {
            rect: Rect {
                y: top + slot.area.y,
                ..slot.area
            },
            target: LinkTarget::Page {
                page: target.page,
                y: target.y,
            },
        }),
    });
}
