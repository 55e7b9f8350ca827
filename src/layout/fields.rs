//! Label/value blocks (the addressing and metadata of a letter): the label beside the
//! value in a column of its own, or above it.

use crate::document::{FieldLayout, Fields};

use super::cells::{Bands, Cell};
use super::flow::{Element, Flow, Keep};
use super::items::{NodeId, Role};
use super::style::BlockStyle;
use super::text::{layout_text, TextParams};

impl Flow {
    pub(super) fn fields(&mut self, fields: &Fields, x: f64, width: f64, parent: NodeId) {
        let node = self.node(Role::Fields, parent);
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
                        ..self.styles.field_value.text
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

    /// A label/value row: kept whole unless it is taller than a page, no padding. Whether
    /// the page may break after it is the caller's decision.
    pub(super) fn field_row(&mut self, mut cells: Vec<Cell>) -> Vec<Element> {
        let bands = Bands::split(&cells, 0.0, self.body_height);
        let mut out = Vec::new();
        for band in &bands.bands {
            let mut e = Element {
                height: band.height,
                ..Element::default()
            };
            self.push_band(&mut cells, &bands, band, &mut e.items);
            out.push(e);
        }
        out
    }
}
