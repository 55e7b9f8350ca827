//! The PDF layout engine: fonts, shaping, line breaking, pagination; independent of
//! how the PDF file is written.
//!
//! Split as Typst splits it: layout produces pages of positioned glyphs, rules,
//! images and links, each tied to a structure node; an exporter only translates.
//! That keeps typesetting testable without parsing PDFs, and lets a tagged-PDF step
//! read the structure straight from [`Layout::nodes`].
//!
//! ```text
//! blocks ─flow─▶ elements ─paginate─▶ pages ─furniture─▶ Layout
//!          │ text: shape → hyphenate → linebreak (optimal fit) → place
//! ```

mod bands;
mod cells;
mod fields;
pub mod flow;
pub mod font;
pub mod furniture;
pub mod halves;
pub mod hyphenate;
pub mod items;
pub mod linebreak;
pub mod paginate;
pub mod shape;
mod signatures;
pub mod style;
pub mod table;
pub mod text;
pub mod toc;
pub mod warnings;

use crate::document::Document;
use crate::fonts::FontBook;

pub use items::*;

use flow::Flow;
use paginate::Source;

/// Lays out `doc` on A4 pages, its fonts found through the process's shared book (no
/// `--lettertypen`). Never fails: text the fonts cannot show is substituted and
/// reported in [`Layout::warnings`].
pub fn layout(doc: &Document) -> Layout {
    layout_with(doc, &FontBook::shared())
}

/// Lays out `doc` with the fonts of a run's `book`; messages about fonts that are not
/// found stay in the book, once per run.
pub fn layout_with(doc: &Document, book: &FontBook) -> Layout {
    layout_beside(doc, book, &crate::alongside::Helper::none())
}

/// [`layout_with`], with half the text set on `helper` (see `halves`); the layout is
/// the same.
pub fn layout_beside<'scope>(
    doc: &'scope Document,
    book: &FontBook,
    helper: &crate::alongside::Helper<'_, 'scope>,
) -> Layout {
    let style = &doc.page.style;
    let fonts = font::DocFonts::resolve(style, &style.font_files, book);
    let frame = style::frame_with(&doc.page, &fonts);
    let mut flow = Flow::build(
        doc,
        fonts.clone(),
        (frame.body.width, frame.body.height),
        helper,
    );
    let placements = paginate::paginate(&flow.elements, &flow.table_headers, frame.body.height);

    let mut outline: Vec<OutlineEntry> = flow
        .outline
        .iter()
        .map(|(level, title)| OutlineEntry {
            level: *level,
            title: title.clone(),
            page: 0,
            y: frame.body.y,
        })
        .collect();
    // Headings first: table-of-contents entries (usually before them) need their pages.
    for (p, placed) in placements.iter().enumerate() {
        for pl in placed {
            if let Source::Element(i) = pl.source {
                let heading = flow.elements.get(i).and_then(|e| e.heading);
                if let Some(o) = heading.and_then(|h| outline.get_mut(h)) {
                    o.page = p;
                    o.y = frame.body.y + pl.y;
                }
            }
        }
    }
    let mut pages = Vec::with_capacity(placements.len());
    for placed in &placements {
        let mut page = Page::default();
        for pl in placed {
            let top = frame.body.y + pl.y;
            // Each element is placed once, so its items move; repeated table headers
            // are copies, and belong to the table's artifact node.
            let (items, toc, node_override) = match pl.source {
                Source::Element(i) => match flow.elements.get_mut(i) {
                    Some(e) => (std::mem::take(&mut e.items), e.toc.clone(), None),
                    None => continue,
                },
                Source::Header { table, element } => {
                    let Some(h) = flow.table_headers.get(table) else {
                        continue;
                    };
                    match h.elements.get(element) {
                        Some(e) => (e.items.clone(), Vec::new(), Some(h.repeat_node)),
                        None => continue,
                    }
                }
            };
            page.items.extend(items.into_iter().map(|mut item| {
                translate(&mut item, top);
                if let Some(n) = node_override {
                    item.node = n;
                }
                item
            }));
            for slot in &toc {
                if let Some(target) = outline.get(slot.heading) {
                    toc::fill_entry(&mut page, top, slot, target, &doc.page.style, &fonts);
                }
            }
        }
        pages.push(page);
    }

    let mut warnings = std::mem::take(&mut flow.warnings);
    furniture::decorate(
        doc,
        &fonts,
        &mut pages,
        &mut flow.nodes,
        &frame,
        &mut warnings,
    );
    Layout {
        page_width: doc.page.style.page.width,
        page_height: doc.page.style.page.height,
        pages,
        nodes: flow.nodes,
        outline,
        warnings: warnings.into_messages(),
        frame,
    }
}

fn translate(item: &mut Item, dy: f64) {
    match &mut item.kind {
        ItemKind::Text(r) => r.y += dy,
        ItemKind::Line(l) => {
            l.y1 += dy;
            l.y2 += dy;
        }
        ItemKind::Fill(f) | ItemKind::Highlight(f) => f.rect.y += dy,
        ItemKind::Image(i) => i.rect.y += dy,
        ItemKind::Link(l) => l.rect.y += dy,
    }
}
