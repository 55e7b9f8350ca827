//! What every page carries besides the content: header (text, "CONCEPT", logo),
//! footer with page X of Y, and the draft watermark.
//!
//! Done after pagination because the footer needs the page count, and kept apart from
//! the flow because none of it is content: each piece gets an artifact node, so a
//! tagged PDF and text extraction can leave it out.

use crate::document::style::{HouseStyle, Side};
use crate::document::{Document, Inline};

use super::font::{metrics, DocFonts};
use super::items::{
    Frame, ImageBox, Item, ItemKind, LineSeg, NodeId, Page, Rect, Role, StructNode,
};
use super::style::params;
use super::text::{layout_text, Align, TextBlock, TextParams};
use super::warnings::Warnings;

/// Between the header text, "CONCEPT" and the logo.
const HEADER_SPACE: f64 = 12.0;

const DRAFT_WORD: &str = "CONCEPT";

pub fn decorate(
    doc: &Document,
    fonts: &DocFonts,
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
    if let Some(bands) = &doc.page.style.bands {
        // The template's letterhead stands in for our header, footer and logo.
        let count = pages.len();
        for (i, page) in pages.iter_mut().enumerate() {
            let mut items = Vec::new();
            if let Some(node) = watermark_node {
                items.push(watermark(&doc.page.style, fonts, node));
            }
            let mut scratch = Warnings::default();
            let w = if i == 0 { &mut *warnings } else { &mut scratch };
            let nodes = (header_node, footer_node);
            items.extend(super::bands::page_items(
                &doc.page.style,
                fonts,
                bands,
                i + 1,
                count,
                nodes,
                w,
            ));
            items.append(&mut page.items);
            page.items = items;
        }
        return;
    }
    if let (Some(logo), Some(n)) = (&doc.page.logo, nodes.get_mut(header_node)) {
        n.alt = Some(logo.alt.clone());
    }

    let header = header_items(doc, fonts, frame, header_node, warnings);
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        let mut items = Vec::new();
        if let Some(node) = watermark_node {
            items.push(watermark(&doc.page.style, fonts, node));
        }
        items.extend(header.iter().cloned());
        // Footer text is the same on every page but the numbers: report its characters once.
        let mut scratch = Warnings::default();
        let w = if i == 0 { &mut *warnings } else { &mut scratch };
        items.extend(footer_items(
            doc,
            fonts,
            frame,
            footer_node,
            i + 1,
            count,
            w,
        ));
        items.append(&mut page.items);
        page.items = items;
    }
}

/// The header's line as the DOCX writes it: the header text, then "CONCEPT" for a draft
/// at the right margin, the logo on the side the house style puts it; all standing on
/// the band's bottom, the rule below.
fn header_items(
    doc: &Document,
    fonts: &DocFonts,
    frame: &Frame,
    node: NodeId,
    warnings: &mut Warnings,
) -> Vec<Item> {
    let style = &doc.page.style;
    let band = frame.header;
    let logo_size = doc.page.logo.as_ref().map(|l| (l.width_px, l.height_px));
    let content_height = style.header_height(logo_size);
    let bottom = band.y + content_height;
    let mut items = Vec::new();
    let (mut left, mut right) = (band.x, band.right());
    if let Some(logo) = &doc.page.logo {
        let (width, height) = style.logo.size(logo.width_px, logo.height_px);
        let x = match style.logo.side {
            Side::Left => band.x,
            Side::Right => band.right() - width,
        };
        match style.logo.side {
            Side::Left => left = x + width + HEADER_SPACE,
            Side::Right => right = x - HEADER_SPACE,
        }
        items.push(Item {
            node,
            kind: ItemKind::Image(ImageBox {
                rect: Rect {
                    x,
                    y: bottom - height,
                    width,
                    height,
                },
                image: logo.clone(),
            }),
        });
    }
    let text = params(&style.header.text, fonts);
    let bold = text.style.face.with_style(true, false);
    let draft_width = if doc.page.draft {
        metrics(bold).text_width(DRAFT_WORD, text.style.size) + HEADER_SPACE
    } else {
        0.0
    };
    let text_width = (right - left - draft_width).max(20.0);
    let block = fitted(
        &doc.page.header,
        "header",
        TextParams {
            width: text_width,
            align: Align::Left,
            ..text
        },
        content_height,
        warnings,
    );
    place_bottom_up(&block, left, bottom, node, &mut items);
    if doc.page.draft {
        let draft = layout_text(
            &[Inline::bold(DRAFT_WORD)],
            &TextParams {
                color: style.colors.draft,
                width: draft_width,
                align: Align::Right,
                style: super::shape::TextStyle {
                    face: bold,
                    ..text.style
                },
                ..text
            },
            warnings,
        );
        place_bottom_up(&draft, right - draft_width, bottom, node, &mut items);
    }
    if style.header.rule {
        let y = bottom + crate::document::style::HEADER_RULE_GAP + style.table.rule_width / 2.0;
        items.push(Item {
            node,
            kind: ItemKind::Line(LineSeg {
                x1: band.x,
                y1: y,
                x2: band.right(),
                y2: y,
                width: style.table.rule_width,
                color: style.colors.rule,
            }),
        });
    }
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
        let leading = p.line_height / p.style.size.max(1.0);
        p.style.size -= 0.5;
        p.line_height = p.style.size * leading;
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

/// The footer, `{pagina}`/`{paginas}` filled in, aligned as its style says, its last line
/// ending at the footer distance as in Word.
fn footer_items(
    doc: &Document,
    fonts: &DocFonts,
    frame: &Frame,
    node: NodeId,
    page: usize,
    count: usize,
    warnings: &mut Warnings,
) -> Vec<Item> {
    let band = frame.footer;
    let style = &doc.page.style;
    let text = doc
        .page
        .footer
        .replace("{pagina}", &page.to_string())
        .replace("{paginas}", &count.to_string());
    let params = TextParams {
        width: band.width,
        ..params(&style.footer.text, fonts)
    };
    let block = fitted(&text, "footer", params, band.height, warnings);
    let mut items = Vec::new();
    place_bottom_up(&block, band.x, band.bottom(), node, &mut items);
    if !style.address.is_empty() {
        // Beside a right-aligned footer on its last line, as the DOCX's tab puts it;
        // otherwise on a line of its own above the footer.
        let beside = params.align == Align::Right;
        let used = block
            .lines
            .last()
            .map_or(0.0, |l| l.runs.iter().map(|r| r.run.width()).sum::<f64>());
        let (width, bottom) = if beside {
            ((band.width - used - HEADER_SPACE).max(20.0), band.bottom())
        } else {
            (band.width, band.bottom() - block.height())
        };
        let address = fitted(
            &style.address,
            "address line",
            TextParams {
                width,
                align: Align::Left,
                ..params
            },
            (bottom - band.y).max(params.line_height),
            warnings,
        );
        place_bottom_up(&address, band.x, bottom, node, &mut items);
    }
    items
}

/// "CONCEPT" across the page along its diagonal, centred, light enough to read through.
fn watermark(style: &HouseStyle, fonts: &DocFonts, node: NodeId) -> Item {
    let bold = fonts.body(true, false);
    let mark = &style.watermark;
    let angle = mark.angle;
    let mut run = super::flow::plain_run(
        DRAFT_WORD,
        bold,
        mark.size,
        style.colors.watermark,
        0.0,
        0.0,
    );
    let m = metrics(bold);
    let w = run.width();
    let cap = m.cap_height() * mark.size / m.units_per_em();
    let (cx, cy) = (style.page.width / 2.0, style.page.height / 2.0);
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
