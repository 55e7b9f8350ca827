//! The house style in numbers: page geometry, type sizes, spacing.
//!
//! One place for every measurement, so the letter's look can be tuned without
//! touching the layout logic, and so the PDF stays close to the DOCX's Word styles
//! (Arial-metric body at 10.5 pt, 2.5 cm margins, A4).

use crate::document::{PageStyle, Rgb};

use super::font::Face;
use super::items::{Frame, Rect, PAGE_HEIGHT, PAGE_WIDTH};
use super::shape::TextStyle;
use super::text::{Align, TextParams};

/// 2.5 cm in points.
pub const MARGIN: f64 = 70.866;

pub const BODY_SIZE: f64 = 10.5;
pub const BODY_LEADING: f64 = 1.35;
pub const TEXT_COLOR: Rgb = Rgb(0x1A, 0x1A, 0x1A);
pub const MUTED_COLOR: Rgb = Rgb(0x59, 0x59, 0x59);
pub const RULE_COLOR: Rgb = Rgb(0xBF, 0xBF, 0xBF);

/// Space after an ordinary paragraph; blocks collapse adjacent spacing to the larger.
pub const PARAGRAPH_AFTER: f64 = 7.0;
/// Between the items of a list.
pub const LIST_ITEM_GAP: f64 = 2.5;
/// Hanging indent of list bodies (0.63 cm, Word's list default).
pub const LIST_HANG: f64 = 18.0;
/// Label column of inline fields ("Van", "Aan").
pub const FIELD_LABEL_WIDTH: f64 = 99.2;

pub const TABLE_SIZE: f64 = 9.5;
pub const TABLE_LEADING: f64 = 1.3;
pub const CELL_PAD_X: f64 = 4.0;
pub const CELL_PAD_Y: f64 = 3.0;

pub const FURNITURE_SIZE: f64 = 8.5;
pub const WATERMARK_SIZE: f64 = 110.0;
pub const WATERMARK_COLOR: Rgb = Rgb(0xE3, 0xE3, 0xE3);

/// Where the text area and the header and footer bands are on every page.
pub fn frame() -> Frame {
    Frame {
        body: Rect {
            x: MARGIN,
            y: MARGIN,
            width: PAGE_WIDTH - 2.0 * MARGIN,
            height: PAGE_HEIGHT - 2.0 * MARGIN,
        },
        header: Rect {
            x: MARGIN,
            y: 25.0,
            width: PAGE_WIDTH - 2.0 * MARGIN,
            height: MARGIN - 25.0 - 8.0,
        },
        footer: Rect {
            x: MARGIN,
            y: PAGE_HEIGHT - MARGIN + 14.0,
            width: PAGE_WIDTH - 2.0 * MARGIN,
            height: MARGIN - 14.0 - 22.0,
        },
    }
}

/// Text settings per kind of block.
#[derive(Debug, Clone, Copy)]
pub struct BlockStyle {
    pub text: TextParams,
    pub space_before: f64,
    pub space_after: f64,
}

fn params(face: Face, size: f64, leading: f64, color: Rgb, align: Align) -> TextParams {
    TextParams {
        style: TextStyle { face, size },
        color,
        width: 0.0,
        line_height: size * leading,
        align,
        hyphenate: false,
    }
}

pub struct Styles {
    pub body: BlockStyle,
    pub title: BlockStyle,
    pub subtitle: BlockStyle,
    pub headings: [BlockStyle; 3],
    pub table: TextParams,
    pub table_header: TextParams,
    pub toc: TextParams,
    pub field_label: TextParams,
    pub accent: Rgb,
}

impl Styles {
    pub fn new(page: &PageStyle) -> Styles {
        let accent = page.accent;
        let body_align = if page.justify {
            Align::Justify
        } else {
            Align::Left
        };
        let mut body = params(
            Face::Regular,
            BODY_SIZE,
            BODY_LEADING,
            TEXT_COLOR,
            body_align,
        );
        body.hyphenate = true;
        let heading = |size: f64, before: f64, after: f64| BlockStyle {
            text: params(Face::Bold, size, 1.25, accent, Align::Left),
            space_before: before,
            space_after: after,
        };
        let mut table = params(
            Face::Regular,
            TABLE_SIZE,
            TABLE_LEADING,
            TEXT_COLOR,
            Align::Left,
        );
        table.hyphenate = true;
        Styles {
            body: BlockStyle {
                text: body,
                space_before: 0.0,
                space_after: PARAGRAPH_AFTER,
            },
            title: BlockStyle {
                text: params(Face::Bold, 20.0, 1.2, accent, Align::Left),
                space_before: 0.0,
                space_after: 4.0,
            },
            subtitle: BlockStyle {
                text: params(Face::Regular, 13.0, 1.3, MUTED_COLOR, Align::Left),
                space_before: 0.0,
                space_after: 16.0,
            },
            headings: [
                heading(14.0, 16.0, 5.0),
                heading(12.0, 13.0, 4.0),
                heading(BODY_SIZE, 10.0, 3.0),
            ],
            table_header: TextParams {
                style: TextStyle {
                    face: Face::Bold,
                    size: TABLE_SIZE,
                },
                hyphenate: false,
                ..table
            },
            table,
            toc: params(
                Face::Regular,
                BODY_SIZE,
                BODY_LEADING,
                TEXT_COLOR,
                Align::Left,
            ),
            field_label: params(
                Face::Regular,
                BODY_SIZE,
                BODY_LEADING,
                MUTED_COLOR,
                Align::Left,
            ),
            accent,
        }
    }

    pub fn heading(&self, level: u8) -> BlockStyle {
        let i = usize::from(level.clamp(1, 3)) - 1;
        self.headings.get(i).copied().unwrap_or(self.body)
    }
}

/// `c` mixed with white: `amount` 0 is white, 1 is `c`.
pub fn tint(c: Rgb, amount: f64) -> Rgb {
    let mix = |v: u8| {
        (255.0 - (255.0 - f64::from(v)) * amount)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Rgb(mix(c.0), mix(c.1), mix(c.2))
}
