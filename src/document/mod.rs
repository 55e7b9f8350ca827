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
pub mod headings;
pub mod numbering;
pub mod open_fields;
pub mod page_bands;
pub mod signature;
pub mod style;
pub mod word_base;

pub use numbering::{BulletKind, ListKind, Numbering};
pub use signature::Signature;

use std::sync::Arc;

/// The document's date is the region's: the same type, so renderers read it from the
/// document they are given and never from the region model.
pub use crate::model::Date;

/// A whole document: properties, page furniture and the flow of blocks.
///
/// Build it with [`Document::new`], which decides the heading structure and marks the
/// open fields.
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
    pub logo: Option<Image>,
    /// Every size, colour, margin and placement, resolved once for all renderers.
    pub style: style::HouseStyle,
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

/// Largest picture in pixels (width × height, from its header), for every picture a
/// document can carry: logo, signature, a Word template's letterhead. A PNG of a few
/// kilobytes can declare 100 000 × 100 000 pixels, 40 GB to decode; 40 megapixels is far
/// beyond any print logo or signature scan. Checked where a picture is read (compose, the
/// template reader) and again before the PDF decodes it.
pub const MAX_PICTURE_PIXELS: u64 = 40_000_000;

/// A raster image (the house-style logo, a signature), shared between documents of
/// one run.
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

/// Format and size from a PNG IHDR chunk or a JPEG SOF marker.
pub fn image_size(bytes: &[u8]) -> Option<(ImageFormat, u32, u32)> {
    let be32 = |b: &[u8]| Some(u32::from_be_bytes(b.get(..4)?.try_into().ok()?));
    let be16 = |b: &[u8]| Some(u32::from(u16::from_be_bytes(b.get(..2)?.try_into().ok()?)));
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.get(12..16) == Some(b"IHDR") {
        let (w, h) = (be32(bytes.get(16..)?)?, be32(bytes.get(20..)?)?);
        return (w > 0 && h > 0).then_some((ImageFormat::Png, w, h));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        let mut i = 2;
        while i + 9 < bytes.len() {
            if bytes[i] != 0xFF {
                return None;
            }
            let marker = bytes[i + 1];
            let len = be16(bytes.get(i + 2..)?)? as usize;
            if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
                let h = be16(bytes.get(i + 5..)?)?;
                let w = be16(bytes.get(i + 7..)?)?;
                return (w > 0 && h > 0).then_some((ImageFormat::Jpeg, w, h));
            }
            i += 2 + len;
        }
    }
    None
}

/// A block in the flow of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document title (Word style "Title").
    Title {
        content: Vec<Inline>,
        /// Its level in the document's structure: `Some(1)` for the document's one H1,
        /// `None` for a title that is display text only. Decided by
        /// [`headings::decide`] when the document is built, so that HTML, PDF tags and
        /// DOCX outline levels cannot disagree; renderers only read it.
        structure: Option<u8>,
    },
    /// The line under the title (Word style "Subtitle"); never a heading (see
    /// [`headings`]).
    Subtitle(Vec<Inline>),
    /// A section heading.
    Heading {
        /// The author's level, 1 to 3 (`#`, `##`, `###`): the heading's look (Word's
        /// "Heading 1–3"), its indent in tables of contents and the nesting of
        /// bookmarks.
        level: u8,
        content: Vec<Inline>,
        /// Its level in the document's structure, 1 to 6 (`h1`–`h6`, `/H1`–`/H6`, the
        /// DOCX outline level), `None` when it has no text. Decided once by
        /// [`headings::decide`] when the document is built; renderers only read it.
        structure: Option<u8>,
    },
    Paragraph(Vec<Inline>),
    List(List),
    Table(Table),
    /// Label/value rows: the addressing block and the metadata block of a letter.
    Fields(Fields),
    /// The closing block of a letter: the sending body and, side by side, who signs.
    Signatures(Signatures),
    /// A table of contents, built by each renderer from the headings that follow.
    TableOfContents,
    PageBreak,
}

#[derive(Debug, Clone, PartialEq)]
pub struct List {
    /// How the items are labelled, decided where the list is made (see [`numbering`]);
    /// DOCX numbering, PDF tags, HTML and the PDF's printed labels map this field.
    pub scheme: Numbering,
    /// First number of a numbered list; every list restarts at its own start.
    pub start: u32,
    pub items: Vec<ListItem>,
}

impl List {
    /// The label of the item at `index` (0-based), as printed.
    pub fn label(&self, index: usize) -> String {
        let offset = u32::try_from(index).unwrap_or(u32::MAX);
        self.scheme.label(self.start.saturating_add(offset))
    }
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

/// The letter's closing block ("ondertekening"). A block of its own rather than
/// paragraphs and a table, so that every format can set the signers side by side as
/// Dutch letters do and still read them in order: the sender, then each signer.
#[derive(Debug, Clone, PartialEq)]
pub struct Signatures {
    /// "Het college van burgemeester en wethouders van Blaricum,"
    pub sender: Vec<Inline>,
    /// Left to right, which is also the reading order.
    pub signers: Vec<Signer>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Signer {
    /// The function, as the letter writes it: "de secretaris,".
    pub role: Vec<Inline>,
    /// The name under the space left for the signature.
    pub name: Vec<Inline>,
    /// A scanned signature drawn in that space, right above the name.
    pub signature: Option<Signature>,
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
    /// An open field (`[in te vullen: …]`): highlighted in every format so that
    /// reviewers of a concept see what is still missing. Set by [`open_fields::mark`].
    pub open_field: bool,
}

impl Block {
    /// A title whose structure level is yet to be decided (by [`Document::new`]).
    pub fn title(content: Vec<Inline>) -> Block {
        Block::Title {
            content,
            structure: None,
        }
    }

    /// A heading whose structure level is yet to be decided (by [`Document::new`]).
    pub fn heading(level: u8, content: Vec<Inline>) -> Block {
        Block::Heading {
            level,
            content,
            structure: None,
        }
    }
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
    /// A document from its parts, with the heading structure decided
    /// ([`headings::decide`]): the one step every document passes, composed or built
    /// by hand.
    pub fn new(properties: Properties, page: PageStyle, mut blocks: Vec<Block>) -> Document {
        headings::decide(&mut blocks);
        open_fields::mark(&mut blocks);
        signature::fit(&mut blocks, &page.style);
        Document {
            properties,
            page,
            blocks,
        }
    }

    /// The headings in order (author level, text): the outline both renderers and the
    /// table of contents use.
    pub fn outline(&self) -> Vec<(u8, String)> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading { level, content, .. } => Some((*level, plain_text(content))),
                _ => None,
            })
            .collect()
    }

    /// All visible text in reading order, one block per line, list items with their
    /// labels as printed ("1. ", "• "). Tests compare renderers' output against this.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            block_text(b, &mut out);
        }
        out
    }
}

fn block_text(block: &Block, out: &mut String) {
    let mut line = |content: &[Inline]| {
        out.push_str(&plain_text(content));
        out.push('\n');
    };
    match block {
        Block::Subtitle(c) | Block::Paragraph(c) => line(c),
        Block::Title { content, .. } | Block::Heading { content, .. } => line(content),
        Block::List(list) => {
            for (i, item) in list.items.iter().enumerate() {
                out.push_str(&list.label(i));
                out.push(' ');
                for b in &item.blocks {
                    block_text(b, out);
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
        Block::Signatures(s) => {
            line(&s.sender);
            for signer in &s.signers {
                line(&signer.role);
                line(&signer.name);
            }
        }
        Block::TableOfContents | Block::PageBreak => {}
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn text_shows_each_list_with_its_own_scheme_and_start() {
        let inner = list_from(Numbering::LowerAlpha, 9, vec![item("negen"), item("tien")]);
        let outer = list(
            Numbering::Decimal,
            vec![ListItem {
                blocks: vec![Block::Paragraph(vec![text("een")]), inner],
            }],
        );
        let doc = document(vec![
            outer,
            list(Numbering::Bullet(BulletKind::Square), vec![item("x")]),
        ]);
        assert_eq!(doc.text(), "1. een\ni. negen\nj. tien\n▪ x\n");
    }

    #[test]
    fn new_decides_the_heading_structure() {
        let doc = document(vec![Block::title(vec![text("Titel")]), heading(1, "Kop")]);
        assert!(matches!(
            doc.blocks[0],
            Block::Title {
                structure: Some(1),
                ..
            }
        ));
        assert!(matches!(
            doc.blocks[1],
            Block::Heading {
                level: 1,
                structure: Some(2),
                ..
            }
        ));
    }
}
