//! Small builders for hand-made documents in the renderers' unit tests, so each test
//! module states only what its sample document is, not how blocks are constructed.

use super::*;

/// A 1×1 red PNG; the document declares it 300×100 px, so the logo is a 6 × 2 cm block.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xDE, 0x00, 0x00, 0x00, 0x0C, 0x49, 0x44, 0x41, 0x54, 0x08, 0xD7, 0x63, 0xF8, 0xCF, 0xC0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0x18, 0xDD, 0x8D, 0xB0, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

pub fn text(s: &str) -> Inline {
    Inline::plain(s)
}

pub fn span(s: &str, bold: bool, italic: bool, link: Option<&str>) -> Inline {
    Inline::Text(Span {
        text: s.into(),
        bold,
        italic,
        link: link.map(Into::into),
        open_field: false,
    })
}

pub fn item(s: &str) -> ListItem {
    ListItem {
        blocks: vec![Block::Paragraph(vec![text(s)])],
    }
}

pub fn list(scheme: Numbering, items: Vec<ListItem>) -> Block {
    list_from(scheme, 1, items)
}

pub fn list_from(scheme: Numbering, start: u32, items: Vec<ListItem>) -> Block {
    Block::List(List {
        scheme,
        start,
        items,
    })
}

pub fn field(label: &str, value: &str) -> Field {
    Field {
        label: vec![text(label)],
        value: vec![text(value)],
    }
}

pub fn heading(level: u8, s: &str) -> Block {
    Block::heading(level, vec![text(s)])
}

/// A document of `blocks` with empty properties and a plain page, built as every
/// document is (so its headings have their structure levels).
pub fn document(blocks: Vec<Block>) -> Document {
    Document::new(
        Properties {
            title: String::new(),
            subject: String::new(),
            author: String::new(),
            keywords: Vec::new(),
            language: "nl-NL".into(),
            date: crate::model::Date {
                year: 2026,
                month: 11,
                day: 23,
            },
        },
        PageStyle {
            header: String::new(),
            footer: String::new(),
            draft: false,
            logo: None,
            style: super::style::HouseStyle::with_accent(Rgb(0, 0, 0)),
        },
        blocks,
    )
}
