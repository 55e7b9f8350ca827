//! The closing block of a letter: the sender's line, then the signers side by side,
//! each with room for a handwritten signature between function and name.

use crate::document::Signatures;

use super::cells::Cell;
use super::flow::{Flow, Keep};
use super::items::{NodeId, Role};
use super::style::BlockStyle;
use super::text::{layout_text, TextBlock, TextLine, TextParams};

impl Flow {
    pub(super) fn signatures(&mut self, block: &Signatures, x: f64, width: f64, parent: NodeId) {
        let house = self.styles.house.signatures;
        let node = self.node(Role::Signatures, parent);
        let sender = self.node(Role::Paragraph, node);
        let body = self.styles.body;
        let st = BlockStyle {
            space_before: house.space_before,
            space_after: 0.0,
            ..body
        };
        // The sender's line never ends a page: a signature without its college is
        // no signature.
        self.text(&block.sender, st, x, width, sender, Keep::WithNext);
        if block.signers.is_empty() {
            self.pending_space = body.space_after;
            return;
        }
        let columns = block.signers.len() as f64;
        let column = width / columns;
        let params = TextParams {
            width: (column - 8.0).max(1.0),
            hyphenate: false,
            ..body.text
        };
        let mut cells = Vec::new();
        for (i, signer) in block.signers.iter().enumerate() {
            let node = self.node(Role::Paragraph, node);
            let mut text = layout_text(&signer.role, &params, &mut self.warnings);
            text.lines.push(TextLine {
                height: house.signature_space,
                ..TextLine::default()
            });
            let name = layout_text(&signer.name, &params, &mut self.warnings);
            merge(&mut text, name);
            cells.push(Cell {
                block: text,
                x: x + column * i as f64,
                node,
            });
        }
        let space = self.take_space(house.gap);
        let mut elements = self.field_row(cells);
        if let Some(first) = elements.first_mut() {
            first.space_before = space;
        }
        self.elements.extend(elements);
        self.pending_space = body.space_after;
    }
}

/// Appends `more`'s lines to `block`, renumbering its links.
fn merge(block: &mut TextBlock, more: TextBlock) {
    let offset = block.links.len() as u32;
    block.links.extend(more.links);
    for mut line in more.lines {
        for run in &mut line.runs {
            run.link = run.link.map(|l| l + offset);
        }
        for (_, l) in &mut line.links {
            *l += offset;
        }
        block.lines.push(line);
    }
}
