//! PDF renderer: draws the laid-out pages of [`crate::layout`] with printpdf, then
//! finishes the file with lopdf (metadata, language, outline, links, fixed IDs).
//!
//! printpdf does the parts that are hard to get right: font subsetting, the /W widths
//! and the ToUnicode map that make text extractable. What it does not do, or does
//! non-deterministically, is done on its lopdf document before saving.

mod content;
mod fonts;
mod metadata;
mod navigation;

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions, RawImage, XObject, XObjectId};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::layout::{self, Layout};

pub use metadata::producer;

/// A rendered PDF and what the user should know about it.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks (substituted), unreadable logo, …: one line each.
    pub warnings: Vec<String>,
}

/// Lays out and renders `doc`. The same document always yields the same bytes.
pub fn render(doc: &Document) -> Result<PdfOutput> {
    let layout = layout::layout(doc);
    render_layout(doc, &layout)
}

/// Renders an existing layout (tests inspect the layout and the PDF of one run).
pub fn render_layout(doc: &Document, layout: &Layout) -> Result<PdfOutput> {
    let mut warnings = layout.warnings.clone();
    let mut pdf = PdfDocument::new(&doc.properties.title);
    let fonts = fonts::FontTable::new(layout);
    fonts.register(&mut pdf)?;
    let logo = logo(doc, &mut pdf, &mut warnings);

    let (w, h) = (
        printpdf::Mm::from(printpdf::Pt(layout.page_width as f32)),
        printpdf::Mm::from(printpdf::Pt(layout.page_height as f32)),
    );
    pdf.pages = layout
        .pages
        .iter()
        .map(|page| PdfPage::new(w, h, content::page_ops(layout, page, &fonts, logo.as_ref())))
        .collect();

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut pdf_warnings = Vec::new();
    let mut lo = printpdf::to_lopdf_doc(&pdf, &opts, &mut pdf_warnings);
    lo.version = "1.7".into();
    metadata::apply(&mut lo, &doc.properties)?;
    navigation::add_outline(&mut lo, layout)?;
    navigation::add_links(&mut lo, layout);
    lo.compress();
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(|e| {
        Error::failed(
            format!("could not write the PDF: {e}"),
            "this is a defect in raadsbrief; please report it with the input file",
        )
    })?;
    Ok(PdfOutput {
        bytes,
        pages: layout.pages.len(),
        warnings,
    })
}

/// Decodes the house-style logo; a logo that cannot be read is left out with a warning
/// rather than failing the whole letter.
fn logo(doc: &Document, pdf: &mut PdfDocument, warnings: &mut Vec<String>) -> Option<XObjectId> {
    let image = doc.page.logo.as_ref()?;
    match RawImage::decode_from_bytes(&image.bytes, &mut Vec::new()) {
        Ok(raw) => {
            let id = XObjectId("Logo".into());
            pdf.resources
                .xobjects
                .map
                .insert(id.clone(), XObject::Image(raw));
            Some(id)
        }
        Err(e) => {
            warnings.push(format!(
                "PDF: the logo could not be read ({e}); the PDF has no logo. \
                 Use a PNG or JPEG file."
            ));
            None
        }
    }
}
