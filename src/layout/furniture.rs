//! What every page carries besides the content: header (text, "CONCEPT", logo),
//! footer with page X of Y, and the draft watermark.
//!
//! Done after pagination because the footer needs the page count, and kept apart from
//! the flow because none of it is content: each piece gets an artifact node, so a
//! tagged PDF and text extraction can leave it out.

use crate::document::{Document, Inline};

use super::font::{metrics, Face};
use super::items::{
    Frame, ImageBox, Item, ItemKind, LineSeg, NodeId, Page, Rect, Role, StructNode, PAGE_HEIGHT,
    PAGE_WIDTH,
};
use super::shape::TextStyle;
use super::style::{FURNITURE_SIZE, MUTED_COLOR, RULE_COLOR, WATERMARK_COLOR, WATERMARK_SIZE};
use super::text::{layout_text, Align, TextBlock, TextParams};
use super::warnings::Warnings;

const DRAFT_WORD: &str = "CONCEPT";

pub fn decorate(
    doc: &Document,
    pages: &mut [Page],
    nodes: &mut Vec<StructNode>,
    frame: &Frame,
    warnings: &mut Warnings,
) {
    let mut artifact = |role: Role| {
        nodes.push(StructNode {
            role,
            parent: Some(0),
            alt: None,
        });
        nodes.len() - 1
    };
    let header_node = artifact(Role::HeaderArtifact);
    let footer_node = artifact(Role::FooterArtifact);
    let watermark_node = doc.page.draft.then(|| artifact(Role::WatermarkArtifact));
    if let (Some(logo), Some(n)) = (&doc.page.logo, nodes.get_mut(header_node)) {
        n.alt = Some(logo.alt.clone());
    }

    let header = header_items(doc, frame, header_node, warnings);
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let mut items = Vec::new();
        if let Some(node) = watermark_node {
            items.push(watermark(node));
        }
        items.extend(header.iter().cloned());
        // Footer text is the same on every page but the numbers: report its characters once.
        let mut scratch = Warnings::default();
        let w = if i == 0 { &mut *warnings } else { &mut scratch };
        items.extend(footer_items(doc, frame, footer_node, i + 1, count, w));
        items.append(&mut page.items);
        page.items = items;
    }
}

fn furniture_params(width: f64, face: Face, align: Align) -> TextParams {
    TextParams {
        style: TextStyle {
            face,
            size: FURNITURE_SIZE,
        },
        color: MUTED_COLOR,
        width,
        line_height: FURNITURE_SIZE * 1.25,
        align,
        hyphenate: false,
    }
}

fn header_items(doc: &Document, frame: &Frame, node: NodeId, warnings: &mut Warnings) -> Vec<Item> {
    let band = frame.header;
    let mut items = Vec::new();
    let mut text_right = band.right();
    if let Some(logo) = &doc.page.logo {
        let (w, h) = (f64::from(logo.width_px), f64::from(logo.height_px));
        let ratio = if w > 0.0 && h > 0.0 { w / h } else { 1.0 };
        // As tall as the band allows, but never wider than 150 pt (a wide word mark).
        let mut height = (band.height - 6.0).max(0.0);
        let mut width = height * ratio;
        if width > 150.0 {
            width = 150.0;
            height = width / ratio;
        }
        let rect = Rect {
            x: band.right() - width,
            y: band.bottom() - 6.0 - height,
            width,
            height,
        };
        text_right = rect.x - 12.0;
        items.push(Item {
            node,
            kind: ItemKind::Image(ImageBox {
                rect,
                image: logo.clone(),
            }),
        });
    }
    let draft_width = if doc.page.draft {
        metrics(Face::Bold).text_width(DRAFT_WORD, FURNITURE_SIZE) + 12.0
    } else {
        0.0
    };
    let text_width = (text_right - band.x - draft_width).max(20.0);
    let block = fitted(
        &doc.page.header,
        "header",
        furniture_params(text_width, Face::Regular, Align::Left),
        band.height - 6.0,
        warnings,
    );
    place_bottom_up(&block, band.x, band.bottom() - 6.0, node, &mut items);
    if doc.page.draft {
        let draft = layout_text(
            &[Inline::bold(DRAFT_WORD)],
            &TextParams {
                color: crate::document::Rgb(0xC0, 0x1F, 0x1F),
                ..furniture_params(draft_width, Face::Bold, Align::Right)
            },
            warnings,
        );
        place_bottom_up(
            &draft,
            text_right - draft_width,
            band.bottom() - 6.0,
            node,
            &mut items,
        );
    }
    items.push(Item {
        node,
        kind: ItemKind::Line(LineSeg {
            x1: band.x,
            y1: band.bottom(),
            x2: band.right(),
            y2: band.bottom(),
            width: 0.5,
            color: RULE_COLOR,
        }),
    });
    items
}

/// Lays out header or footer text so it fits its band: smaller type for a long text,
/// and as a last resort only the lines that fit, with a warning, rather than text
/// running into the page content.
fn fitted(
    text: &str,
    what: &str,
    params: TextParams,
    height: f64,
    warnings: &mut Warnings,
) -> TextBlock {
    const SMALLEST: f64 = 5.0;
    let content = [Inline::plain(text)];
    let mut p = params;
    loop {
        let mut trial = Warnings::default();
        let block = layout_text(&content, &p, &mut trial);
        if block.height() <= height || p.style.size <= SMALLEST {
            break;
        }
        p.style.size -= 0.5;
        p.line_height = p.style.size * 1.25;
    }
    let mut block = layout_text(&content, &p, warnings);
    if block.height() > height {
        let keep = (height / p.line_height).floor().max(0.0) as usize;
        block.lines.truncate(keep);
        warnings.note(format!(
            "PDF: the {what} text is too long for the page margin and was cut off; \
             shorten it to a line or two."
        ));
    }
    block
}

/// Places a block so that its last line ends at `bottom`: a long header grows upwards,
/// away from the text.
fn place_bottom_up(block: &TextBlock, x: f64, bottom: f64, node: NodeId, items: &mut Vec<Item>) {
    let mut top = bottom - block.height();
    for line in &block.lines {
        for r in &line.runs {
            let mut run = r.run.clone();
            run.x += x;
            run.y += top;
            items.push(Item {
                node,
                kind: ItemKind::Text(run),
            });
        }
        top += line.height;
    }
}

fn footer_items(
    doc: &Document,
    frame: &Frame,
    node: NodeId,
    page: usize,
    count: usize,
    warnings: &mut Warnings,
) -> Vec<Item> {
    let band = frame.footer;
    let text = doc
        .page
        .footer
        .replace("{pagina}", &page.to_string())
        .replace("{paginas}", &count.to_string());
    let block = fitted(
        &text,
        "footer",
        furniture_params(band.width, Face::Regular, Align::Center),
        band.height,
        warnings,
    );
    let mut items = Vec::new();
    let mut top = band.y;
    for line in &block.lines {
        for r in &line.runs {
            let mut run = r.run.clone();
            run.x += band.x;
            run.y += top;
            items.push(Item {
                node,
                kind: ItemKind::Text(run),
            });
        }
        top += line.height;
    }
    items
}

/// "CONCEPT" across the page along its diagonal, centred, light enough to read through.
fn watermark(node: NodeId) -> Item {
    let angle = PAGE_HEIGHT.atan2(PAGE_WIDTH);
    let mut run = super::flow::plain_run(
        DRAFT_WORD,
        Face::Bold,
        WATERMARK_SIZE,
        WATERMARK_COLOR,
        0.0,
        0.0,
    );
    let m = metrics(Face::Bold);
    let w = run.width();
    let cap = m.cap_height() * WATERMARK_SIZE / m.units_per_em();
    let (cx, cy) = (PAGE_WIDTH / 2.0, PAGE_HEIGHT / 2.0);
    let (sin, cos) = angle.sin_cos();
    // Origin such that the word's centre (half its width along the baseline, half the
    // cap height above it) is the page centre; y grows downwards.
    run.x = cx - w / 2.0 * cos + cap / 2.0 * sin;
    run.y = cy + w / 2.0 * sin + cap / 2.0 * cos;
    run.angle = angle.to_degrees();
    Item {
        node,
        kind: ItemKind::Text(run),
    }
}
