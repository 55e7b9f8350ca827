//! Data tables: column edges, a header row repeated on every page the table continues
//! on, body rows with rules between them.

use crate::document::{Inline, Rgb, Table};

use super::cells::{Bands, Cell};
use super::flow::{Element, Flow};
use super::items::{FillRect, Item, ItemKind, LineSeg, NodeId, Rect, Role};
use super::style::{tint, CELL_PAD_X, CELL_PAD_Y, PARAGRAPH_AFTER, RULE_COLOR};
use super::text::{layout_text, TextParams};

/// A table's header row, repeated on every page the table continues on.
#[derive(Debug, Clone)]
pub struct TableHeader {
    pub elements: Vec<Element>,
    /// The node the repeats belong to: they are page furniture, not content again.
    pub repeat_node: NodeId,
}

impl Flow {
    pub(super) fn table(&mut self, table: &Table, x: f64, width: f64, parent: NodeId) {
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
        let space = self.take_space(4.0);
        let accent = self.styles.accent;
        let mut table_index = None;
        let mut first_row = true;
        if !table.header.is_empty() {
            let row = self.node(Role::TableRow, node);
            let cells = self.cells(&table.header, &edges, row, Role::TableHeaderCell, true);
            let mut elements = self.row_elements(cells, &edges, Some(tint(accent, 0.14)), accent);
            if let Some(first) = elements.first_mut() {
                first.space_before = space;
                first
                    .items
                    .insert(0, rule(x, x + width, 0.0, 0.9, accent, row));
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
            let mut elements = self.row_elements(cells, &edges, None, RULE_COLOR);
            for e in &mut elements {
                e.table = table_index;
            }
            if first_row {
                if let Some(first) = elements.first_mut() {
                    first.space_before = space;
                    first
                        .items
                        .insert(0, rule(x, x + width, 0.0, 0.9, accent, row));
                }
                first_row = false;
            }
            self.elements.extend(elements);
        }
        self.pending_space = PARAGRAPH_AFTER + 3.0;
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
        let mut out = Vec::new();
        for (i, pair) in edges.windows(2).enumerate() {
            let (left, right) = (pair[0], pair[1]);
            let node = self.node(role, row);
            let empty = Vec::new();
            let inlines = content.get(i).unwrap_or(&empty);
            let p = TextParams {
                width: (right - left - 2.0 * CELL_PAD_X).max(1.0),
                ..params
            };
            out.push(Cell {
                block: layout_text(inlines, &p, &mut self.warnings),
                x: left + CELL_PAD_X,
                node,
            });
        }
        out
    }

    /// A row as elements (see [`Bands`]), with its fill and the rule below it.
    fn row_elements(
        &mut self,
        mut cells: Vec<Cell>,
        edges: &[f64],
        fill: Option<Rgb>,
        rule_color: Rgb,
    ) -> Vec<Element> {
        let (left, right) = (
            edges.first().copied().unwrap_or(0.0),
            edges.last().copied().unwrap_or(0.0),
        );
        let bands = Bands::split(&cells, CELL_PAD_Y, self.body_height);
        let row_node = cells
            .first()
            .and_then(|c| self.nodes.get(c.node))
            .and_then(|n| n.parent)
            .unwrap_or(0);
        let mut out = Vec::new();
        for band in &bands.bands {
            let height = band.height;
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
            self.push_band(&mut cells, &bands, band, &mut e.items);
            if band.last {
                let width = if fill.is_some() { 0.9 } else { 0.5 };
                e.items
                    .push(rule(left, right, height, width, rule_color, row_node));
            }
            out.push(e);
        }
        out
    }
}

fn rule(x1: f64, x2: f64, y: f64, width: f64, color: Rgb, node: NodeId) -> Item {
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
