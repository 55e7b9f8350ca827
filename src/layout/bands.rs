//! A Word template's header and footer bands ([`PageBands`]) placed on a page:
//! paragraphs with tab stops and page-number fields, inline and anchored pictures,
//! and simple tables, at the template's header and footer distances.
//!
//! Everything here is page furniture: it belongs to the header's or footer's artifact
//! node, so text extraction and assistive technology leave it out, as PDF/UA wants
//! of pagination.

use crate::document::page_bands::{
    AnchorFrom, Band, BandBlock, BandParagraph, BandRun, InlineImage, PageBands, RunFormat, TabKind,
};
use crate::document::style::{HouseStyle, TextRole};
use crate::document::Inline;

use super::font::DocFonts;
use super::items::{ImageBox, Item, ItemKind, NodeId, Rect};
use super::style::params;
use super::text::{baseline_offset, layout_text, Align, TextParams};
use super::warnings::Warnings;

/// Word's default tab stops, every 1.25 cm... in a Dutch Word; 36 pt in the
/// WordprocessingML default (`w:defaultTabStop` 720), which is what a template
/// without settings gets.
const DEFAULT_TAB: f64 = 36.0;

/// Numbers wide enough for any page count, used to measure a band before the page
/// count is known.
const MEASURE_PAGES: usize = 999;

/// Where the header's content ends and the footer's begins, on the tallest page: the
/// body's text area must clear both, as Word pushes the body away from a header that
/// is taller than the top margin.
pub fn extent(style: &HouseStyle, fonts: &DocFonts, bands: &PageBands) -> (f64, f64) {
    let g = &style.page;
    let mut scratch = Warnings::default();
    let mut header_end = 0.0f64;
    let mut footer_top = g.height;
    for pair in std::iter::once(&bands.default).chain(bands.first.iter()) {
        let h = flow_height(&pair.header, style, fonts, &mut scratch);
        header_end = header_end.max(g.header_distance + h);
        let f = flow_height(&pair.footer, style, fonts, &mut scratch);
        footer_top = footer_top.min(g.height - g.footer_distance - f);
    }
    (header_end, footer_top)
}

fn flow_height(band: &Band, style: &HouseStyle, fonts: &DocFonts, warnings: &mut Warnings) -> f64 {
    let mut items = Vec::new();
    let width = style.page.text_width();
    blocks(
        band,
        fonts,
        0.0,
        0.0,
        width,
        (MEASURE_PAGES, MEASURE_PAGES),
        0,
        &mut items,
        warnings,
    )
}

/// The items of page `page` (1-based) of `count`: its header from the header distance
/// down, its footer ending at the footer distance, and the bands' anchored pictures.
pub fn page_items(
    style: &HouseStyle,
    fonts: &DocFonts,
    bands: &PageBands,
    page: usize,
    count: usize,
    nodes: (NodeId, NodeId),
    warnings: &mut Warnings,
) -> Vec<Item> {
    let g = &style.page;
    let pair = bands.for_page(page.saturating_sub(1));
    let mut items = Vec::new();
    let x = g.margin_left;
    let width = g.text_width();
    let top = g.header_distance;
    let header_height = blocks(
        &pair.header,
        fonts,
        x,
        top,
        width,
        (page, count),
        nodes.0,
        &mut items,
        warnings,
    );
    anchored(&pair.header, style, top, header_height, nodes.0, &mut items);
    let mut scratch = Warnings::default();
    let footer_height = blocks(
        &pair.footer,
        fonts,
        0.0,
        0.0,
        width,
        (page, count),
        nodes.1,
        &mut Vec::new(),
        &mut scratch,
    );
    let footer_top = g.height - g.footer_distance - footer_height;
    blocks(
        &pair.footer,
        fonts,
        x,
        footer_top,
        width,
        (page, count),
        nodes.1,
        &mut items,
        warnings,
    );
    anchored(
        &pair.footer,
        style,
        footer_top,
        footer_height,
        nodes.1,
        &mut items,
    );
    items
}

fn anchored(
    band: &Band,
    style: &HouseStyle,
    top: f64,
    height: f64,
    node: NodeId,
    items: &mut Vec<Item>,
) {
    let g = &style.page;
    for a in &band.anchored {
        let (w, h) = (a.image.width, a.image.height);
        let x = match a.x.from {
            AnchorFrom::Page => a.x.resolve(0.0, g.width, w),
            AnchorFrom::Margin | AnchorFrom::Band => a.x.resolve(g.margin_left, g.text_width(), w),
        };
        let y = match a.y.from {
            AnchorFrom::Page => a.y.resolve(0.0, g.height, h),
            AnchorFrom::Margin => a.y.resolve(g.margin_top, g.text_height(), h),
            AnchorFrom::Band => a.y.resolve(top, height, h),
        };
        items.push(image_item(&a.image, x, y, node));
    }
}

fn image_item(image: &InlineImage, x: f64, y: f64, node: NodeId) -> Item {
    Item {
        node,
        kind: ItemKind::Image(ImageBox {
            rect: Rect {
                x,
                y,
                width: image.width,
                height: image.height,
            },
            image: image.image.clone(),
        }),
    }
}

/// Places the band's blocks from `top` down; returns their height.
#[allow(clippy::too_many_arguments)]
fn blocks(
    band: &Band,
    fonts: &DocFonts,
    x: f64,
    top: f64,
    width: f64,
    numbers: (usize, usize),
    node: NodeId,
    items: &mut Vec<Item>,
    warnings: &mut Warnings,
) -> f64 {
    let mut y = top;
    for b in &band.blocks {
        match b {
            BandBlock::Paragraph(p) => {
                y += paragraph(p, fonts, x, y, width, numbers, node, items, warnings)
            }
            BandBlock::Table(t) => {
                let mut row_top = y;
                for row in &t.rows {
                    let mut cx = x;
                    let mut row_height = 0.0f64;
                    for (i, cell) in row.iter().enumerate() {
                        let w = t
                            .columns
                            .get(i)
                            .copied()
                            .filter(|w| *w > 0.0)
                            .unwrap_or_else(|| width / row.len().max(1) as f64);
                        let mut cy = row_top;
                        for p in cell {
                            cy += paragraph(p, fonts, cx, cy, w, numbers, node, items, warnings);
                        }
                        row_height = row_height.max(cy - row_top);
                        cx += w;
                    }
                    row_top += row_height;
                }
                y = row_top;
            }
        }
    }
    y - top
}

enum Piece<'a> {
    Text(String, &'a RunFormat),
    Image(&'a InlineImage),
}

fn text_params(f: &RunFormat, line_height: f64, fonts: &DocFonts) -> TextParams {
    params(
        &TextRole {
            family: f.family,
            size: f.size,
            bold: f.bold,
            italic: f.italic,
            color: f.color,
            line_height,
            space_before: 0.0,
            space_after: 0.0,
            align: crate::document::style::Align::Left,
        },
        fonts,
    )
}

/// One paragraph at (`x`, `top`); returns its height including its spacing.
#[allow(clippy::too_many_arguments)]
fn paragraph(
    p: &BandParagraph,
    fonts: &DocFonts,
    x: f64,
    top: f64,
    width: f64,
    (page, count): (usize, usize),
    node: NodeId,
    items: &mut Vec<Item>,
    warnings: &mut Warnings,
) -> f64 {
    // Segments between tabs, each a row of pieces.
    let mut segments: Vec<Vec<Piece>> = vec![Vec::new()];
    for r in &p.runs {
        match r {
            BandRun::Text { text, format } => segments
                .last_mut()
                .map(|s| s.push(Piece::Text(text.clone(), format))),
            BandRun::Field { field, format } => segments
                .last_mut()
                .map(|s| s.push(Piece::Text(field.value(page, count), format))),
            BandRun::Image(i) => segments.last_mut().map(|s| s.push(Piece::Image(i))),
            BandRun::Tab => {
                segments.push(Vec::new());
                None
            }
        };
    }
    let y0 = top + p.space_before;
    // One run of text without tabs wraps within the width, aligned as the paragraph says.
    if let [only] = segments.as_slice() {
        if let [Piece::Text(text, format)] = only.as_slice() {
            let tp = TextParams {
                width,
                align: align(p.align),
                ..text_params(format, p.line_height, fonts)
            };
            let block = layout_text(&[Inline::plain(text.as_str())], &tp, warnings);
            let mut y = y0;
            for line in &block.lines {
                for r in &line.runs {
                    let mut run = r.run.clone();
                    run.x += x;
                    run.y += y;
                    items.push(Item {
                        node,
                        kind: ItemKind::Text(run),
                    });
                }
                y += line.height;
            }
            return p.space_before
                + block
                    .height()
                    .max(if only.is_empty() { p.line_height } else { 0.0 })
                + p.space_after;
        }
    }
    // Otherwise one line: pieces side by side, segments at their tab stops.
    let image_height = segments
        .iter()
        .flatten()
        .filter_map(|pc| match pc {
            Piece::Image(i) => Some(i.height),
            Piece::Text(..) => None,
        })
        .fold(0.0, f64::max);
    let text_baseline = segments
        .iter()
        .flatten()
        .filter_map(|pc| match pc {
            Piece::Text(_, f) => {
                let tp = text_params(f, p.line_height, fonts);
                Some(baseline_offset(tp.style.face, f.size, p.line_height))
            }
            Piece::Image(_) => None,
        })
        .fold(0.0, f64::max);
    let baseline = text_baseline.max(image_height);
    let height = p
        .line_height
        .max(baseline + (p.line_height - text_baseline).max(0.0));
    let mut laid: Vec<(f64, Vec<Item>)> = Vec::new();
    let mut cursor = 0.0f64;
    for (k, seg) in segments.iter().enumerate() {
        let mut seg_items = Vec::new();
        let mut w = 0.0;
        for pc in seg {
            match pc {
                Piece::Text(text, f) => {
                    let tp = TextParams {
                        width: 1.0e6,
                        ..text_params(f, p.line_height, fonts)
                    };
                    // A line's trailing space is trimmed, but here the next piece
                    // follows on the same line ("pagina " before its number).
                    let trimmed = text.trim_end_matches(' ');
                    let kept = trimmed.to_owned() + &"\u{a0}".repeat(text.len() - trimmed.len());
                    let block = layout_text(&[Inline::plain(kept)], &tp, warnings);
                    let own = baseline_offset(tp.style.face, f.size, p.line_height);
                    let mut end = 0.0f64;
                    for line in &block.lines {
                        for r in &line.runs {
                            let mut run = r.run.clone();
                            run.x += w;
                            run.y += baseline - own;
                            seg_items.push(Item {
                                node,
                                kind: ItemKind::Text(run),
                            });
                        }
                        end = end.max(line.end_x);
                    }
                    w += end;
                }
                Piece::Image(i) => {
                    seg_items.push(image_item(i, w, baseline - i.height, node));
                    w += i.width;
                }
            }
        }
        let start = if k == 0 {
            match (segments.len(), p.align) {
                (1, crate::document::style::Align::Center) => (width - w) / 2.0,
                (1, crate::document::style::Align::Right) => width - w,
                _ => 0.0,
            }
        } else {
            let stop = p.tabs.iter().find(|t| t.position > cursor + 0.01);
            match stop {
                Some(t) => match t.kind {
                    TabKind::Left => t.position,
                    TabKind::Center => (t.position - w / 2.0).max(cursor),
                    TabKind::Right => (t.position - w).max(cursor),
                },
                None => ((cursor / DEFAULT_TAB).floor() + 1.0) * DEFAULT_TAB,
            }
        };
        cursor = start + w;
        laid.push((start, seg_items));
    }
    for (start, seg_items) in laid {
        for mut item in seg_items {
            match &mut item.kind {
                ItemKind::Text(run) => {
                    run.x += x + start;
                    run.y += y0;
                }
                ItemKind::Image(img) => {
                    img.rect.x += x + start;
                    img.rect.y += y0;
                }
                _ => {}
            }
            items.push(item);
        }
    }
    p.space_before + height + p.space_after
}

fn align(a: crate::document::style::Align) -> Align {
    use crate::document::style::Align as A;
    match a {
        A::Left => Align::Left,
        A::Center => Align::Center,
        A::Right => Align::Right,
        A::Justify => Align::Left,
    }
}
