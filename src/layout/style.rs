//! The house style, mapped to what the layout engine works with.
//!
//! Every number comes from the document's [`HouseStyle`], which the DOCX and HTML
//! renderers map too; nothing here decides a size, colour or distance of its own, so
//! the PDF cannot drift from the Word file.

use crate::document::style::{self as house, HouseStyle, TextRole};
use crate::document::{PageStyle, Rgb};

use super::font::Face;
use super::items::{Frame, Rect};
use super::shape::TextStyle;
use super::text::{Align, TextParams};

/// Where the text area and the header and footer bands are on every page: the body
/// inside the margins (lower where the header needs it), the header band from the
/// header distance down, the footer band ending at the footer distance.
pub fn frame(page: &PageStyle) -> Frame {
    let style = &page.style;
    let g = &style.page;
    let logo = page.logo.as_ref().map(|l| (l.width_px, l.height_px));
    let (mut body_top, mut body_bottom) = (style.body_top(logo), g.height - g.margin_bottom);
    if let Some(bands) = &style.bands {
        // A template's own bands: the body clears them as Word's does, and nothing
        // of our header line applies.
        let (header_end, footer_top) = super::bands::extent(style, bands);
        body_top = g.margin_top.max(header_end);
        body_bottom = body_bottom.min(footer_top);
    }
    let footer_top = body_bottom + FOOTER_GAP;
    Frame {
        body: Rect {
            x: g.margin_left,
            y: body_top,
            width: g.text_width(),
            height: (body_bottom - body_top).max(1.0),
        },
        header: Rect {
            x: g.margin_left,
            y: g.header_distance,
            width: g.text_width(),
            height: style.header_height(logo) + house::HEADER_RULE_GAP + style.table.rule_width,
        },
        footer: Rect {
            x: g.margin_left,
            y: footer_top,
            width: g.text_width(),
            height: (g.height - g.footer_distance - footer_top).max(1.0),
        },
    }
}

/// Between the last line of body text and the footer band.
const FOOTER_GAP: f64 = 6.0;

/// Text settings per kind of block.
#[derive(Debug, Clone, Copy)]
pub struct BlockStyle {
    pub text: TextParams,
    pub space_before: f64,
    pub space_after: f64,
}

/// The text parameters of a role (width is set where the text is placed).
pub fn params(role: &TextRole) -> TextParams {
    TextParams {
        style: TextStyle {
            face: Face::from_style(role.bold, role.italic),
            size: role.size,
        },
        color: role.color,
        width: 0.0,
        line_height: role.line_height,
        align: align(role.align),
        hyphenate: false,
    }
}

fn align(a: house::Align) -> Align {
    match a {
        house::Align::Left => Align::Left,
        house::Align::Center => Align::Center,
        house::Align::Right => Align::Right,
        house::Align::Justify => Align::Justify,
    }
}

fn block(role: &TextRole) -> BlockStyle {
    BlockStyle {
        text: params(role),
        space_before: role.space_before,
        space_after: role.space_after,
    }
}

/// The house style as the flow uses it: text parameters per role, and the rest of the
/// style as it is.
pub struct Styles {
    pub body: BlockStyle,
    pub title: BlockStyle,
    pub subtitle: BlockStyle,
    pub headings: [BlockStyle; 3],
    pub table: TextParams,
    pub table_header: TextParams,
    pub toc: BlockStyle,
    pub field_label: TextParams,
    pub stacked_label: BlockStyle,
    pub field_value: BlockStyle,
    pub house: HouseStyle,
}

impl Styles {
    pub fn new(page: &PageStyle) -> Styles {
        let s = &page.style;
        let mut body = block(&s.body);
        body.text.hyphenate = true;
        let mut table = params(&s.table.text);
        table.hyphenate = true;
        let mut table_header = params(&s.table.header);
        // Header cells are short labels; a hyphen in one reads as a typo.
        table_header.hyphenate = false;
        Styles {
            body,
            title: block(&s.title),
            subtitle: block(&s.subtitle),
            headings: [
                block(&s.headings[0]),
                block(&s.headings[1]),
                block(&s.headings[2]),
            ],
            table,
            table_header,
            toc: block(&s.toc.entry),
            field_label: params(&s.fields.label),
            stacked_label: block(&s.fields.stacked_label),
            field_value: block(&s.fields.value),
            house: s.clone(),
        }
    }

    pub fn heading(&self, level: u8) -> BlockStyle {
        let i = usize::from(level.clamp(1, 3)) - 1;
        self.headings.get(i).copied().unwrap_or(self.body)
    }

    pub fn accent(&self) -> Rgb {
        self.house.colors.accent
    }
}
