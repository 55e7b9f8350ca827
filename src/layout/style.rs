//! The house style, mapped to what the layout engine works with.
//!
//! Every number comes from the document's [`HouseStyle`], which the DOCX and HTML
//! renderers map too; nothing here decides a size, colour or distance of its own, so
//! the PDF cannot drift from the Word file.

use crate::document::style::{self as house, HouseStyle, TextRole};
use crate::document::{PageStyle, Rgb};

use super::font::DocFonts;
use super::items::{Frame, Rect};
use super::shape::TextStyle;
use super::text::{Align, TextParams};

/// Where the text area and the header and footer bands are on every page: the body
/// inside the margins (lower where the header needs it), the header band from the
/// header distance down, the footer band ending at the footer distance.
pub fn frame(page: &PageStyle) -> Frame {
    let style = &page.style;
    let fonts =
        super::font::DocFonts::resolve(style, &style.font_files, &crate::fonts::FontBook::shared());
    frame_with(page, &fonts)
}

/// [`frame`] with a run's fonts, which a template's header and footer are measured in.
pub fn frame_with(page: &PageStyle, fonts: &super::font::DocFonts) -> Frame {
    let style = &page.style;
    let g = &style.page;
    let logo = page.logo.as_ref().map(|l| (l.width_px, l.height_px));
    let (mut body_top, mut body_bottom) = (style.body_top(logo), g.height - g.margin_bottom);
    if let Some(bands) = &style.bands {
        // A template's own bands: the body clears them as Word's does, and nothing
        // of our header line applies.
        let (header_end, footer_top) = super::bands::extent(style, fonts, bands);
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

/// The text parameters of a role (width is set where the text is placed), in the
/// role's own family.
pub fn params(role: &TextRole, fonts: &DocFonts) -> TextParams {
    TextParams {
        style: TextStyle {
            face: fonts.role(role),
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

fn block(role: &TextRole, fonts: &DocFonts) -> BlockStyle {
    BlockStyle {
        text: params(role, fonts),
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
    /// The house style's families, resolved.
    pub fonts: DocFonts,
}

impl Styles {
    /// The styles of `page`, its families found through the process's shared book
    /// (callers without a run of their own: the DOCX measuring table columns).
    pub fn new(page: &PageStyle) -> Styles {
        let book = crate::fonts::FontBook::shared();
        let fonts = DocFonts::resolve(&page.style, &page.style.font_files, &book);
        Styles::with_fonts(page, fonts)
    }

    pub fn with_fonts(page: &PageStyle, fonts: DocFonts) -> Styles {
        let s = &page.style;
        let f = &fonts;
        let mut body = block(&s.body, f);
        body.text.hyphenate = true;
        let mut table = params(&s.table.text, f);
        table.hyphenate = true;
        let mut table_header = params(&s.table.header, f);
        // Header cells are short labels; a hyphen in one reads as a typo.
        table_header.hyphenate = false;
        Styles {
            body,
            title: block(&s.title, f),
            subtitle: block(&s.subtitle, f),
            headings: [
                block(&s.headings[0], f),
                block(&s.headings[1], f),
                block(&s.headings[2], f),
            ],
            table,
            table_header,
            toc: block(&s.toc.entry, f),
            field_label: params(&s.fields.label, f),
            stacked_label: block(&s.fields.stacked_label, f),
            field_value: block(&s.fields.value, f),
            house: s.clone(),
            fonts,
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
