//! The format-neutral document: the one thing every renderer reads.
//!
//! The compose stage makes it from the templates' Markdown (see [`crate::compose`]);
//! the DOCX, PDF and HTML renderers consume it. Nothing format-specific lives here: no
//! twips, no points, no XML, so that a letter reads the same in Word and in the PDF,
//! and a third format (HTML) is one more consumer rather than a fork. Nor anything of a
//! stage: these are types and pure functions over them, using only the model's `Date`,
//! so that every stage after the model may use them.

#[cfg(test)]
pub(crate) mod fixtures;

use std::sync::Arc;

/// The document's date is the region's: the same type, so renderers read it from the
/// document they are given and never from the region model.
pub use crate::model::Date;

/// A whole document: properties, page furniture and the flow of blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub properties: Properties,
    pub page: PageStyle,
    pub blocks: Vec<Block>,
}

/// Metadata written to DOCX core properties and PDF info/XMP.
#[derive(Debug, Clone, PartialEq)]
pub struct Properties {
    pub title: String,
    pub subject: String,
    /// The sender, e.g. "College van Burgemeester en Wethouders van Blaricum".
    pub author: String,
    pub keywords: Vec<String>,
    /// BCP 47 tag; always "nl-NL" for our documents, kept here so renderers never guess.
    pub language: String,
    /// The document's own date (from the input, never the clock), used as creation date.
    pub date: Date,
}

/// What repeats on every page, and the house style.
#[derive(Debug, Clone, PartialEq)]
pub struct PageStyle {
    /// Header text, e.g. the municipality's name.
    pub header: String,
    /// Footer text; `{pagina}` and `{paginas}` become the page number and page count
    /// (PAGE/NUMPAGES fields in Word, computed in the PDF).
    pub footer: String,
    /// A concept: "CONCEPT" in the header and a diagonal watermark on every page.
    pub draft: bool,
    /// Font family name (the DOCX names it; the PDF maps it to embedded files).
    pub font: String,
    /// Accent colour for headings and rules.
    pub accent: Rgb,
    pub logo: Option<Image>,
    /// Justify body paragraphs instead of aligning them left.
    pub justify: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#RRGGBB`.
    pub fn parse(hex: &str) -> Option<Rgb> {
        let h = hex.strip_prefix('#')?;
        if h.len() != 6 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let v = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
        Some(Rgb(v(0)?, v(2)?, v(4)?))
    }

    /// `RRGGBB`, as Word wants it.
    pub fn hex(self) -> String {
        format!("{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// A raster image (the house-style logo), shared between documents of one run.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    pub bytes: Arc<Vec<u8>>,
    pub format: ImageFormat,
    pub width_px: u32,
    pub height_px: u32,
    /// Alternative text, required for accessibility.
    pub alt: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

/// A block in the flow of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document title (Word style "Title").
    Title(Vec<Inline>),
    /// The line under the title (Word style "Subtitle").
    Subtitle(Vec<Inline>),
    /// A heading, level 1 to 3.
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    List(List),
    Table(Table),
    /// Label/value rows: the addressing block and the metadata block of a letter.
    Fields(Fields),
    /// A table of contents, built by each renderer from the headings that follow.
    TableOfContents,
    PageBreak,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    pub kind: ListKind,
    /// First number of a numbered list; every list restarts at its own start.
    pub start: u32,
    pub items: Vec<ListItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Numbered,
    Bulleted,
}

/// One list item: usually one paragraph, possibly followed by a nested list.
#[derive(Debug, Clone, PartialEq)]
pub struct ListItem {
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Relative column widths (any positive numbers; renderers normalise them).
    pub widths: Vec<f32>,
    pub header: Vec<Vec<Inline>>,
    pub rows: Vec<Vec<Vec<Inline>>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fields {
    pub layout: FieldLayout,
    pub rows: Vec<Field>,
}

/// How a [`Fields`] block is laid out: seed 000 has both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldLayout {
    /// Label and value on one line, label in a fixed-width column ("Van  College …").
    Inline,
    /// Bold label with the value on the line below ("Onderwerp" / "Doorontwikkeling …").
    Stacked,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: Vec<Inline>,
    pub value: Vec<Inline>,
}

/// Inline content: runs of styled text and explicit line breaks.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(Span),
    LineBreak,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// Target of a hyperlink; the text is the link's visible text.
    pub link: Option<String>,
}

impl Inline {
    /// Plain text with no styling; handy for generated labels.
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline::Text(Span {
            text: text.into(),
            ..Span::default()
        })
    }

    pub fn bold(text: impl Into<String>) -> Inline {
        Inline::Text(Span {
            text: text.into(),
            bold: true,
            ..Span::default()
        })
    }
}

/// The visible text of inline content, line breaks as spaces. Used for outlines,
/// tables of contents and tests that compare text.
pub fn plain_text(content: &[Inline]) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text(span) => out.push_str(&span.text),
            Inline::LineBreak => out.push(' '),
        }
    }
    out
}

impl Document {
    /// The headings in order (level, text): the outline both renderers and the table of
    /// contents use.
    pub fn outline(&self) -> Vec<(u8, String)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, content } => Some((*level, plain_text(content))),
                _ => None,
            })
            .collect()
    }

    /// All visible text in reading order, one block per line, list items with their
    /// labels as printed ("1. ", "• "). Tests compare renderers' output against this.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            block_text(b, &mut out, 0);
        }
        out
    }
}

/// The label of item `index` (0-based) of a list nested `depth` deep: 1. 2. → a. b. →
/// i. ii. for numbered lists, • → – → ▪ for bullets. Both renderers use these, so Word
/// and the PDF number alike.
pub fn list_label(kind: ListKind, depth: usize, start: u32, index: usize) -> String {
    let n = start as usize + index;
    match kind {
        ListKind::Bulleted => ["•", "–", "▪"][depth % 3].to_owned(),
        ListKind::Numbered => match depth % 3 {
            0 => format!("{n}."),
            1 => format!("{}.", alphabetic(n)),
            _ => format!("{}.", roman(n)),
        },
    }
}

/// Letters as Word counts them: a–z, then aa–zz, aaa… (the letter repeated, not
/// base 26), so the PDF and HTML number a long nested list as Word does.
pub fn alphabetic(n: usize) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, (n - 1) / 26 + 1).collect()
}

/// Lower-case roman numerals.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

fn block_text(block: &Block, out: &mut String, depth: usize) {
    let mut line = |content: &[Inline]| {
        out.push_str(&plain_text(content));
        out.push('\n');
    };
    match block {
        Block::Title(c) | Block::Subtitle(c) | Block::Paragraph(c) => line(c),
        Block::Heading { content, .. } => line(content),
        Block::List(list) => {
            for (i, item) in list.items.iter().enumerate() {
                out.push_str(&list_label(list.kind, depth, list.start, i));
                out.push(' ');
                for b in &item.blocks {
                    block_text(b, out, depth + 1);
                }
            }
        }
        Block::Table(t) => {
            for cell in t.header.iter().chain(t.rows.iter().flatten()) {
                line(cell);
            }
        }
        Block::Fields(f) => {
            for row in &f.rows {
                line(&row.label);
                line(&row.value);
            }
        }
        Block::TableOfContents | Block::PageBreak => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_by_depth() {
        assert_eq!(list_label(ListKind::Numbered, 0, 1, 6), "7.");
        assert_eq!(list_label(ListKind::Numbered, 1, 1, 1), "b.");
        assert_eq!(list_label(ListKind::Numbered, 1, 1, 26), "aa.");
        assert_eq!(list_label(ListKind::Numbered, 1, 1, 27), "bb.");
        assert_eq!(list_label(ListKind::Numbered, 2, 1, 3), "iv.");
        assert_eq!(list_label(ListKind::Bulleted, 0, 1, 3), "•");
        assert_eq!(list_label(ListKind::Bulleted, 1, 1, 0), "–");
    }
}
