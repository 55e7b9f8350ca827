//! Turns the document's blocks into a vertical flow of elements: lines and table rows
//! with their heights, spacing and "may the page break after me" flags.
//!
//! The flow decides everything that does not depend on the page (indents, labels,
//! column widths, which breaks are allowed); the paginator then only cuts the flow into
//! pages. Keeping the two apart makes headings-with-next, widows and orphans, and
//! repeated table headers one rule each instead of special cases in the page loop.

use std::collections::HashMap;

use crate::document::{Block, Document, FieldLayout, Fields, Inline, List, Table};

use super::font::{metrics, Face};
use super::items::{
    FillRect, GlyphRun, Item, ItemKind, LineSeg, LinkArea, NodeId, Rect, Role, StructNode,
};
use super::style::{BlockStyle, Styles};
use super::text::{baseline_offset, layout_text, TextBlock, TextParams, LINK_COLOR};
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

/// A table's header row, repeated on every page the table continues on.
#[derive(Debug, Clone)]
pub struct TableHeader {
    pub elements: Vec<Element>,
    /// The node the repeats belong to: they are page furniture, not content again.
    pub repeat_node: NodeId,
}

pub struct Flow {
    pub elements: Vec<Element>,
    pub table_headers: Vec<TableHeader>,
    pub nodes: Vec<StructNode>,
    /// Top-level headings: level and text.
    pub outline: Vec<(u8, String)>,
    pub warnings: Warnings,
    styles: Styles,
    pending_space: f64,
    body_height: f64,
}

/// Width of the page-number column of the table of contents.
const TOC_NUMBER_COLUMN: f64 = 30.0;

/// The node role of a Title or Heading block: a heading at the structure level the
/// document decided, or `otherwise` when the document says it is no heading.
fn heading_role(structure: Option<u8>, otherwise: Role) -> Role {
    structure.map_or(otherwise, Role::Heading)
}

/// How the lines of a text block may be split over pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Never split, and never separate from what follows (titles, headings).
    WithNext,
    /// At least two lines on either side of a page break (no widows or orphans).
    Paragraph,
}

impl Flow {
    pub fn build(doc: &Document, body_width: f64, body_height: f64) -> Flow {
        let mut flow = Flow {
            elements: Vec::new(),
            table_headers: Vec::new(),
            nodes: vec![StructNode {
                role: Role::Document,
                parent: None,
                alt: None,
            }],
            outline: Vec::new(),
            warnings: Warnings::default(),
            styles: Styles::new(&doc.page),
            pending_space: 0.0,
            body_height,
        };
        let x = doc.page.style.page.margin_left;
        for (i, block) in doc.blocks.iter().enumerate() {
            if let Block::TableOfContents = block {
                let following: Vec<(u8, String)> = doc.blocks[i + 1..]
                    .iter()
                    .filter_map(|b| match b {
                        Block::Heading { level, content, .. } => {
                            Some((*level, crate::document::plain_text(content)))
                        }
                        _ => None,
                    })
                    .collect();
                let first = flow.outline.len();
                flow.toc(&following, first, x, body_width);
            } else {
                flow.block(block, x, body_width, 0, true, false);
            }
        }
        flow
    }

    fn node(&mut self, role: Role, parent: NodeId) -> NodeId {
        self.nodes.push(StructNode {
            role,
            parent: Some(parent),
            alt: None,
        });
        self.nodes.len() - 1
    }

    /// The previous block's space-after plus this one's space-before, as Word adds them.
    fn take_space(&mut self, before: f64) -> f64 {
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
    fn text(
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
    fn line_items(
        &mut self,
        line: &mut super::text::TextLine,
        links: &[std::sync::Arc<str>],
        x: f64,
        y: f64,
        node: NodeId,
        link_nodes: &mut HashMap<u32, NodeId>,
        out: &mut Vec<Item>,
    ) {
        // The runs move into items: lines are laid out once and placed once.
        for r in line.runs.drain(..) {
            let mut run = r.run;
            run.x += x;
            run.y += y;
            let owner = match r.link {
                Some(l) => self.link_node(l, links, node, link_nodes),
                None => node,
            };
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
            Face::Regular,
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

    fn table(&mut self, table: &Table, x: f64, width: f64, parent: NodeId) {
        let columns = table
            .rows
            .iter()
            .map(Vec::len)
            .chain(std::iter::once(table.header.len()))
            .max()
            .unwrap_or(0);
        if columns == 0 {
            return;
        }
        let node = self.node(Role::Table, parent);
        let weights: Vec<f64> = (0..columns)
            .map(|i| match table.widths.get(i) {
                Some(&w) if w.is_finite() && w > 0.0 => f64::from(w),
                _ => 1.0,
            })
            .collect();
        let total: f64 = weights.iter().sum();
        let mut edges = vec![x];
        for w in &weights {
            let last = edges.last().copied().unwrap_or(x);
            edges.push(last + width * w / total);
        }
        let space = self.take_space(0.0);
        let accent = self.styles.accent();
        let (fill, top_rule) = (
            self.styles.house.table.header_fill,
            self.styles.house.table.top_rule_width,
        );
        let grid = self.styles.house.colors.rule;
        let mut table_index = None;
        let mut first_row = true;
        if !table.header.is_empty() {
            let row = self.node(Role::TableRow, node);
            let cells = self.cells(&table.header, &edges, row, Role::TableHeaderCell, true);
            let mut elements = self.row_elements(cells, &edges, Some(fill), accent);
            if let Some(first) = elements.first_mut() {
                first.space_before = space;
                first
                    .items
                    .insert(0, rule(x, x + width, 0.0, top_rule, accent, row));
            }
            if let Some(last) = elements.last_mut() {
                last.keep_with_next = true;
            }
            let repeat_node = self.node(Role::RepeatedHeaderArtifact, node);
            self.table_headers.push(TableHeader {
                elements: elements.clone(),
                repeat_node,
            });
            table_index = Some(self.table_headers.len() - 1);
            self.elements.extend(elements);
            first_row = false;
        }
        for cells_in in &table.rows {
            let row = self.node(Role::TableRow, node);
            let cells = self.cells(cells_in, &edges, row, Role::TableCell, false);
            let mut elements = self.row_elements(cells, &edges, None, grid);
            for e in &mut elements {
                e.table = table_index;
            }
            if first_row {
                if let Some(first) = elements.first_mut() {
                    first.space_before = space;
                    first
                        .items
                        .insert(0, rule(x, x + width, 0.0, top_rule, accent, row));
                }
                first_row = false;
            }
            self.elements.extend(elements);
        }
        self.pending_space = self.styles.house.table.space_after;
    }

    fn cells(
        &mut self,
        content: &[Vec<Inline>],
        edges: &[f64],
        row: NodeId,
        role: Role,
        header: bool,
    ) -> Vec<Cell> {
        let params = if header {
            self.styles.table_header
        } else {
            self.styles.table
        };
        let pad_x = self.styles.house.table.pad_x;
        let mut out = Vec::new();
        for (i, pair) in edges.windows(2).enumerate() {
            let (left, right) = (pair[0], pair[1]);
            let node = self.node(role, row);
            let empty = Vec::new();
            let inlines = content.get(i).unwrap_or(&empty);
            let p = TextParams {
                width: (right - left - 2.0 * pad_x).max(1.0),
                ..params
            };
            out.push(Cell {
                block: layout_text(inlines, &p, &mut self.warnings),
                x: left + pad_x,
                node,
            });
        }
        out
    }

    /// One element for a row that fits on a page; otherwise one per line band, so a
    /// huge cell flows over pages instead of running off the bottom.
    fn row_elements(
        &mut self,
        mut cells: Vec<Cell>,
        edges: &[f64],
        fill: Option<crate::document::Rgb>,
        rule_color: crate::document::Rgb,
    ) -> Vec<Element> {
        let (left, right) = (
            edges.first().copied().unwrap_or(0.0),
            edges.last().copied().unwrap_or(0.0),
        );
        let bands = cells
            .iter()
            .map(|c| c.block.lines.len())
            .max()
            .unwrap_or(0)
            .max(1);
        let content: f64 = cells.iter().map(|c| c.block.height()).fold(0.0, f64::max);
        let pad_y = self.styles.house.table.pad_y;
        let total = content + 2.0 * pad_y;
        let band_heights: Vec<f64> = (0..bands)
            .map(|k| {
                cells
                    .iter()
                    .filter_map(|c| c.block.lines.get(k).map(|l| l.height))
                    .fold(0.0, f64::max)
            })
            .collect();
        let band_height = |k: usize| band_heights.get(k).copied().unwrap_or(0.0);
        // One group holding every line, or one group per line.
        let groups: Vec<std::ops::Range<usize>> = if total <= self.body_height {
            std::iter::once(0..bands).collect()
        } else {
            (0..bands).map(|k| k..k + 1).collect()
        };
        let row_node = cells
            .first()
            .and_then(|c| self.nodes.get(c.node))
            .and_then(|n| n.parent)
            .unwrap_or(0);
        let mut out = Vec::new();
        let count = groups.len();
        for (g, range) in groups.into_iter().enumerate() {
            let top_pad = if g == 0 { pad_y } else { 0.0 };
            let bottom_pad = if g + 1 == count { pad_y } else { 0.0 };
            let lines_height: f64 = range.clone().map(band_height).sum();
            let height = top_pad + lines_height + bottom_pad;
            let mut e = Element {
                height,
                ..Element::default()
            };
            if let Some(color) = fill {
                e.items.push(Item {
                    node: row_node,
                    kind: ItemKind::Fill(FillRect {
                        rect: Rect {
                            x: left,
                            y: 0.0,
                            width: right - left,
                            height,
                        },
                        color,
                    }),
                });
            }
            for cell in &mut cells {
                let mut y = top_pad;
                let mut link_nodes = HashMap::new();
                for k in range.clone() {
                    if let Some(line) = cell.block.lines.get_mut(k) {
                        self.line_items(
                            line,
                            &cell.block.links,
                            cell.x,
                            y,
                            cell.node,
                            &mut link_nodes,
                            &mut e.items,
                        );
                    }
                    y += band_height(k);
                }
            }
            if g + 1 == count {
                let width = if fill.is_some() { 0.9 } else { 0.5 };
                e.items
                    .push(rule(left, right, height, width, rule_color, row_node));
            }
            out.push(e);
        }
        out
    }

    fn fields(&mut self, fields: &Fields, x: f64, width: f64, parent: NodeId) {
        let node = self.node(Role::Fields, parent);
        let value_text = self.styles.field_value.text;
        let keep_all = fields.rows.len() <= 8;
        let count = fields.rows.len();
        for (i, field) in fields.rows.iter().enumerate() {
            let row = self.node(Role::FieldRow, node);
            let label_node = self.node(Role::FieldLabel, row);
            let value_node = self.node(Role::FieldValue, row);
            let last = i + 1 == count;
            match fields.layout {
                FieldLayout::Inline => {
                    let label_w = self.styles.house.fields.label_width.min(width * 0.4);
                    let label_p = TextParams {
                        width: (label_w - 8.0).max(1.0),
                        ..self.styles.field_label
                    };
                    let value_p = TextParams {
                        width: width - label_w,
                        hyphenate: true,
                        ..value_text
                    };
                    let cells = vec![
                        Cell {
                            block: layout_text(&field.label, &label_p, &mut self.warnings),
                            x,
                            node: label_node,
                        },
                        Cell {
                            block: layout_text(&field.value, &value_p, &mut self.warnings),
                            x: x + label_w,
                            node: value_node,
                        },
                    ];
                    let gap = self.styles.field_value.space_after;
                    let space = self.take_space(if i == 0 { 0.0 } else { gap });
                    let mut elements = self.field_row(cells);
                    if let Some(f) = elements.first_mut() {
                        f.space_before = space;
                    }
                    if let Some(l) = elements.last_mut() {
                        l.keep_with_next = keep_all && !last;
                    }
                    self.elements.extend(elements);
                    self.pending_space = 0.0;
                }
                FieldLayout::Stacked => {
                    let stacked = self.styles.stacked_label;
                    let label = BlockStyle {
                        space_before: if i == 0 { 0.0 } else { stacked.space_before },
                        ..stacked
                    };
                    self.text(&field.label, label, x, width, label_node, Keep::WithNext);
                    let value = BlockStyle {
                        text: TextParams {
                            hyphenate: true,
                            ..self.styles.field_value.text
                        },
                        ..self.styles.field_value
                    };
                    self.text(&field.value, value, x, width, value_node, Keep::Paragraph);
                }
            }
        }
        self.pending_space = self.styles.house.fields.space_after;
    }

    /// A label/value row: line pairs, kept whole unless it is taller than a page.
    fn field_row(&mut self, mut cells: Vec<Cell>) -> Vec<Element> {
        let lines = cells.iter().map(|c| c.block.lines.len()).max().unwrap_or(1);
        let height: f64 = cells.iter().map(|c| c.block.height()).fold(0.0, f64::max);
        let split = height > self.body_height;
        let groups: Vec<std::ops::Range<usize>> = if split {
            (0..lines).map(|k| k..k + 1).collect()
        } else {
            std::iter::once(0..lines).collect()
        };
        let mut out = Vec::new();
        for range in groups {
            let mut e = Element::default();
            let mut tallest: f64 = 0.0;
            for cell in &mut cells {
                let mut y = 0.0;
                let mut link_nodes = HashMap::new();
                for k in range.clone() {
                    if let Some(line) = cell.block.lines.get_mut(k) {
                        self.line_items(
                            line,
                            &cell.block.links,
                            cell.x,
                            y,
                            cell.node,
                            &mut link_nodes,
                            &mut e.items,
                        );
                        y += line.height;
                    }
                }
                tallest = tallest.max(y);
            }
            e.height = tallest;
            e.keep_with_next = !split;
            out.push(e);
        }
        if let Some(l) = out.last_mut() {
            l.keep_with_next = false;
        }
        out
    }

    /// The table of contents: one entry per heading, page numbers filled in later.
    fn toc(&mut self, headings: &[(u8, String)], first_index: usize, x: f64, width: f64) {
        let node = self.node(Role::Toc, 0);
        let p = self.styles.toc.text;
        let (indent_step, group_gap) = (
            self.styles.house.toc.indent,
            self.styles.house.toc.group_gap,
        );
        for (k, (level, title)) in headings.iter().enumerate() {
            let entry = self.node(Role::TocEntry, node);
            let indent = indent_step * f64::from(level.saturating_sub(1).min(4));
            let face = if *level == 1 {
                Face::Bold
            } else {
                Face::Regular
            };
            let params = TextParams {
                width: (width - indent - TOC_NUMBER_COLUMN).max(1.0),
                style: super::shape::TextStyle {
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

struct Cell {
    block: TextBlock,
    /// Left edge of the cell's text.
    x: f64,
    node: NodeId,
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

fn rule(x1: f64, x2: f64, y: f64, width: f64, color: crate::document::Rgb, node: NodeId) -> Item {
    Item {
        node,
        kind: ItemKind::Line(LineSeg {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            color,
        }),
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
    let m = metrics(face);
    let scale = size / m.units_per_em();
    let mut glyphs: Vec<super::items::Glyph> = Vec::new();
    for ch in text.chars() {
        let Some(gid) = m.glyph(ch) else { continue };
        if let Some(prev) = glyphs.last_mut() {
            prev.advance += f64::from(m.kern(prev.gid, gid)) * scale;
        }
        glyphs.push(super::items::Glyph {
            gid,
            advance: f64::from(m.advance(gid)) * scale,
            ch,
            kind: if ch == ' ' {
                super::items::GlyphKind::Space
            } else {
                super::items::GlyphKind::Text
            },
        });
    }
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
