//! The closing block of a letter: the sender's line, then the signers side by side,
//! each with room for a handwritten signature between function and name, where a
//! scanned signature, if the document has one, is drawn standing on the name.

use crate::document::signature::COLUMN_GAP;
use crate::document::{Signatures, Signer};

use super::cells::Cell;
use super::flow::{Element, Flow, Keep};
use super::items::{ImageBox, Item, ItemKind, NodeId, Rect, Role};
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
            width: (column - COLUMN_GAP).max(1.0),
            hyphenate: false,
            ..body.text
        };
        let roles: Vec<TextBlock> = block
            .signers
            .iter()
            .map(|s| layout_text(&s.role, &params, &mut self.warnings))
            .collect();
        // Every column has as many function lines as the longest, so the room for
        // the signature, and the names under it, stand level in all of them.
        let role_lines = roles.iter().map(|r| r.lines.len()).max().unwrap_or(0);
        let mut cells = Vec::new();
        let mut pictures = Vec::new();
        for (i, (signer, mut text)) in block.signers.iter().zip(roles).enumerate() {
            let node = self.node(Role::Paragraph, node);
            text.lines.resize_with(role_lines, TextLine::default);
            text.lines.push(TextLine {
                height: house.signature_space,
                ..TextLine::default()
            });
            let name = layout_text(&signer.name, &params, &mut self.warnings);
            merge(&mut text, name);
            let left = x + column * i as f64;
            if let Some(picture) = self.picture(signer, left, node) {
                pictures.push(picture);
            }
            cells.push(Cell {
                block: text,
                x: left,
                node,
            });
        }
        // Above the room for the signature: the tallest function line of each row.
        let above = super::cells::line_heights(&cells, role_lines);
        let space = self.take_space(house.gap);
        let mut elements = self.field_row(cells);
        place_pictures(&mut elements, pictures, &above, house.signature_space);
        if let Some(first) = elements.first_mut() {
            first.space_before = space;
        }
        self.elements.extend(elements);
        self.pending_space = body.space_after;
    }

    /// A signer's signature as an image item of its own `Figure` node (inside the
    /// signer's paragraph, between function and name), x on the page and y to be set
    /// where the room for the signature lands.
    fn picture(&mut self, signer: &Signer, x: f64, parent: NodeId) -> Option<Item> {
        let signature = signer.signature.as_ref()?;
        let figure = self.node(Role::Figure, parent);
        if let Some(n) = self.nodes.get_mut(figure) {
            n.alt = Some(signature.image.alt.clone());
        }
        Some(Item {
            node: figure,
            kind: ItemKind::Image(ImageBox {
                rect: Rect {
                    x,
                    y: 0.0,
                    width: signature.width,
                    height: signature.height,
                },
                image: signature.image.clone(),
            }),
        })
    }
}

/// Puts each picture at the bottom of the room for the signature, right on the name.
/// The row is one element, unless it was cut per line (taller than a page): then the
/// room is element `above.len()`. The pictures go after the function's items and
/// before the name's, so the reading order is function, signature, name.
fn place_pictures(elements: &mut [Element], pictures: Vec<Item>, above: &[f64], room: f64) {
    let (index, top) = if elements.len() > 1 {
        (above.len(), 0.0)
    } else {
        (0, above.iter().sum())
    };
    let Some(element) = elements.get_mut(index) else {
        return;
    };
    for mut item in pictures {
        let ItemKind::Image(image) = &mut item.kind else {
            continue;
        };
        image.rect.y = top + room - image.rect.height;
        let limit = top + room;
        // The first item of this column at or below the room: the name's.
        let cell_x = image.rect.x;
        let at = element
            .items
            .iter()
            .position(|i| starts_at_or_below(i, cell_x, limit))
            .unwrap_or(element.items.len());
        element.items.insert(at, item);
    }
}

/// Whether `item` is text (or an open field's background) of the column starting at
/// `x` whose top is at or below `y`.
fn starts_at_or_below(item: &Item, x: f64, y: f64) -> bool {
    match &item.kind {
        ItemKind::Text(run) => (run.x - x).abs() < 0.5 && run.bounds().y >= y - 0.5,
        ItemKind::Highlight(fill) => (fill.rect.x - x).abs() < 0.5 && fill.rect.y >= y - 0.5,
        _ => false,
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
