//! DOCX renderer: the document as an editable Word file in the house style.
//!
//! The draft goes to a civil servant who keeps editing it, so the file uses what Word
//! users expect: named styles (Title, Heading 1–3, List Number, List Bullet, a table
//! style), real numbering definitions in which every list restarts, PAGE/NUMPAGES fields,
//! a TOC field, hyperlinks, bookmarks, core properties and the Dutch language.
//!
//! The parts are written here rather than through docx-rs's writer. docx-rs 0.4.22 writes
//! the children of `w:pPr`, `w:rPr`, `w:tblPr` and `w:style` out of schema order (Word
//! ignores or "repairs" such properties; see bokuweb/docx-rs#724), cannot express
//! `w:tblHeader`, `w:lang`, image alt text or the title/subject/keywords core properties,
//! and draws image and hyperlink ids from process-wide counters and hyperlink
//! relationships from a `HashMap`, so two renders of one document in a parallel batch
//! differ. Writing the parts directly keeps every element in schema order and the output
//! byte-identical.
//!
//! [`read`] reads a produced file back, for tests that compare texts.

mod base;
mod body;
mod numbering;
mod package;
mod page;
mod pictures;
mod props;
pub mod read;
mod styles;
mod theme;
mod units;
mod xml;
mod zip_writer;

#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::document::Document;
use crate::error::Result;
use crate::fonts::FontBook;

use self::page::Logo;
use self::xml::Xml;

/// WordprocessingML main and relationship namespaces.
const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Renders `doc` as a DOCX file.
///
/// The bytes depend on `doc` alone: the same document gives the same file, whatever the
/// clock or the thread.
///
/// Text from the model is data: it is escaped, so `<`, `&` or quotes cannot add markup.
/// Characters XML 1.0 cannot carry at all (the C0 controls other than tab and line feed,
/// such as the vertical tab U+000B that text pasted from Word brings along, and
/// U+FFFE/U+FFFF) become a space, as do the invisible C1 controls; one of them would
/// make Word refuse the whole file. A tab or line feed in a text becomes a Word tab or
/// line break.
///
/// Fails only on a logo that is not the image it claims to be.
pub fn render(doc: &Document) -> Result<Vec<u8>> {
    render_with_warnings(doc, &FontBook::shared()).map(|(bytes, _)| bytes)
}

/// [`render`], and what the user should know about the file (a table too narrow for
/// its words).
fn render_with_warnings(doc: &Document, fonts: &FontBook) -> Result<(Vec<u8>, Vec<String>)> {
    let style = &doc.page.style;
    let logo = doc
        .page
        .logo
        .as_ref()
        .map(|image| Logo::new(image, style))
        .transpose()?;
    let body = body::render(doc, fonts);
    let mut warnings = body.warnings;
    let font = styles::font_name(style.body_font());
    if let Some(template) = &style.base {
        let ours = base::Ours {
            body: body.xml.into_bytes(),
            styles: styles::xml(style, language(doc)),
            theme: theme::theme_xml(font, style.colors.accent),
            font_table: theme::font_table_xml(font),
            numbering: (!body.numbering.is_empty()).then(|| body.numbering.xml()),
            links: body.links,
            logo,
            pictures: body.pictures,
            language: language(doc),
        };
        let bytes = base::render(doc, template, ours, &mut warnings)?;
        return Ok((bytes, warnings));
    }
    let document = document_xml(doc, body.xml, !body.pictures.is_empty());
    let parts = package::Parts {
        document,
        styles: styles::xml(style, language(doc)),
        theme: theme::theme_xml(font, style.colors.accent),
        font_table: theme::font_table_xml(font),
        numbering: (!body.numbering.is_empty()).then(|| body.numbering.xml()),
        header: page::has_header(&doc.page).then(|| page::header_xml(&doc.page, logo.as_ref())),
        footer: page::has_footer(&doc.page).then(|| page::footer_xml(&doc.page)),
        logo,
        pictures: body.pictures,
        links: body.links,
    };
    Ok((
        package::write(parts, &doc.properties, language(doc))?,
        warnings,
    ))
}

/// The DOCX format as a [`crate::render::Renderer`]. Word paginates the file, so no
/// page count is reported. It has the fonts of a run (as
/// [`Pdf`](crate::render::pdf::Pdf) has them), which its table columns are measured in.
#[derive(Debug, Clone)]
pub struct Docx {
    pub fonts: Arc<FontBook>,
}

impl Default for Docx {
    fn default() -> Docx {
        Docx {
            fonts: FontBook::shared(),
        }
    }
}

impl crate::render::Renderer for Docx {
    fn render(&self, doc: &Document) -> Result<crate::render::Output> {
        let (bytes, warnings) = render_with_warnings(doc, &self.fonts)?;
        Ok(crate::render::Output {
            bytes,
            pages: None,
            warnings,
        })
    }
}

/// The document's language for proofing; the model always sets it, Dutch if it did not.
fn language(doc: &Document) -> &str {
    let lang = doc.properties.language.trim();
    if lang.is_empty() {
        "nl-NL"
    } else {
        lang
    }
}

/// `word/document.xml`; the DrawingML namespaces only when the body has `pictures`,
/// so a letter without them stays as it was.
fn document_xml(doc: &Document, body: Xml, pictures: bool) -> Vec<u8> {
    let mut x = Xml::part();
    let mut namespaces = vec![("xmlns:w", NS_W), ("xmlns:r", NS_R)];
    if pictures {
        namespaces.extend_from_slice(pictures::NAMESPACES);
    }
    x.start("w:document", &namespaces);
    x.start("w:body", &[]);
    x.append(body);
    page::section(&mut x, &doc.page);
    x.end("w:body");
    x.end("w:document");
    x.into_bytes()
}
