//! PDF renderer: draws the laid-out pages of [`crate::layout`] and finishes the file
//! (metadata, language, outline, links, fixed IDs, and for the archive profile the
//! structure tree and the output intent).
//!
//! The file is built with lopdf from our own parts: the pages' content streams
//! (`content`), the subset fonts with their widths and ToUnicode maps (`fonts`), the
//! pictures (`image`), then the catalog's metadata, outline, links, structure tree and
//! output intent.
//!
//! Two profiles ([`PdfProfile`]): the default, `archief`, is a tagged PDF that
//! identifies itself as PDF/A-2a and PDF/UA-1 (see `structure` for the tags,
//! `archive` for the output intent, `metadata` for the identification); `plain` leaves
//! out the structure tree and the output intent for a smaller file.

mod archive;
mod content;
mod deflating;
mod fonts;
mod image;
mod metadata;
mod navigation;
mod save;
mod structure;

use lopdf::{Dictionary, Object, Stream};
use sha2::{Digest, Sha256};

use crate::document::Document;
use crate::error::{Error, Result};
use crate::layout::{self, Layout};
use crate::render::deflate::{self, Wrapper};

pub use metadata::producer;

/// A rendered PDF and what the user should know about it.
#[derive(Debug, Clone)]
pub struct PdfOutput {
    pub bytes: Vec<u8>,
    pub pages: usize,
    /// Characters the font lacks (substituted), an unreadable logo, …: one line each.
    pub warnings: Vec<String>,
}

/// Which standards the PDF is made to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PdfProfile {
    /// PDF/A-2a and PDF/UA-1: tagged (structure tree from the document model, alt
    /// text, artifacts), an sRGB output intent, identified in XMP. What Dutch public
    /// bodies publish (digitoegankelijk) and archive.
    #[default]
    Archief,
    /// No structure tree, no output intent, no PDF/A or PDF/UA claim: a smaller file
    /// for drafts and previews.
    Plain,
}

impl PdfProfile {
    pub fn name(self) -> &'static str {
        match self {
            PdfProfile::Archief => "archief",
            PdfProfile::Plain => "plain",
        }
    }

    /// Whether the file is tagged and claims PDF/A-2a and PDF/UA-1.
    pub fn is_archival(self) -> bool {
        self == PdfProfile::Archief
    }
}

/// How to render a PDF.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PdfOptions {
    pub profile: PdfProfile,
}

/// The PDF format as a [`crate::render::Renderer`], with its options and the run's
/// fonts: our own layout, so the page count is measured.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub options: PdfOptions,
    pub fonts: std::sync::Arc<crate::fonts::FontBook>,
}

impl Default for Pdf {
    /// The default profile, with the process's shared fonts (no `--lettertypen`).
    fn default() -> Pdf {
        Pdf {
            options: PdfOptions::default(),
            fonts: crate::fonts::FontBook::shared(),
        }
    }
}

impl crate::render::Renderer for Pdf {
    fn render(&self, doc: &Document) -> Result<crate::render::Output> {
        // One document on a thread of its own (a letter's run): half its text is set and
        // its streams are deflated beside it, by the build's spare thread where there
        // is one. On rayon's pool every core has a document already.
        match (rayon::current_thread_index(), crate::alongside::spare()) {
            (Some(_), _) => self.render_with(doc, &mut deflating::Deflating::here()),
            (None, Some(spare)) => spare.in_place_scope(|scope| {
                self.render_with(doc, &mut deflating::Deflating::on_spare(scope))
            }),
            (None, None) => std::thread::scope(|scope| {
                self.render_with(doc, &mut deflating::Deflating::beside(scope))
            }),
        }
    }
}

impl Pdf {
    fn render_with<'scope>(
        &self,
        doc: &'scope Document,
        deflating: &mut deflating::Deflating<'_, 'scope>,
    ) -> Result<crate::render::Output> {
        let layout = layout::layout_beside(doc, &self.fonts, deflating.helper());
        deflating.prepare();
        let pages = layout.pages.len();
        let (pdf, warnings) = assemble(doc, &layout, &self.options, deflating)?;
        // The layout of a long document (every glyph run of every page) is not
        // needed to write the file: gone before the file's bytes exist.
        drop(layout);
        Ok(crate::render::Output {
            bytes: save(pdf)?,
            pages: Some(pages),
            warnings,
        })
    }
}

/// Lays out and renders `doc` with the default profile (archival). The same document
/// always yields the same bytes.
pub fn render(doc: &Document) -> Result<PdfOutput> {
    render_with(doc, &PdfOptions::default())
}

/// Lays out and renders `doc` with `options`.
pub fn render_with(doc: &Document, options: &PdfOptions) -> Result<PdfOutput> {
    let layout = layout::layout(doc);
    render_layout_with(doc, &layout, options)
}

/// Renders an existing layout with the default profile (tests inspect the layout and
/// the PDF of one run).
pub fn render_layout(doc: &Document, layout: &Layout) -> Result<PdfOutput> {
    render_layout_with(doc, layout, &PdfOptions::default())
}

/// Renders an existing layout with `options`.
pub fn render_layout_with(
    doc: &Document,
    layout: &Layout,
    options: &PdfOptions,
) -> Result<PdfOutput> {
    let (pdf, warnings) = assemble(doc, layout, options, &mut deflating::Deflating::here())?;
    Ok(PdfOutput {
        bytes: save(pdf)?,
        pages: layout.pages.len(),
        warnings,
    })
}

/// A PDF ready to be saved: the lopdf document and, for a tagged file, the structure
/// tree whose objects are made while it is saved.
struct Assembled {
    lo: lopdf::Document,
    tree: Option<structure::Tree>,
}

/// The finished PDF, and the warnings of its making.
fn assemble(
    doc: &Document,
    layout: &Layout,
    options: &PdfOptions,
    deflating: &mut deflating::Deflating,
) -> Result<(Assembled, Vec<String>)> {
    let archival = options.profile.is_archival();
    let mut warnings = layout.warnings.clone();
    let fonts = fonts::FontTable::new(layout)?;
    fonts.deflate_beside(deflating);

    let mut lo = lopdf::Document::with_version("1.7");
    let images = image::Images::add(layout, &mut lo, &mut warnings);
    let mut resources = Dictionary::new();
    resources.set("Font", Object::Dictionary(fonts.write(&mut lo, deflating)));
    let xobjects = images.resources();
    if !xobjects.is_empty() {
        resources.set("XObject", Object::Dictionary(xobjects));
    }
    let resources = lo.add_object(resources);
    let tagging = structure::plan(layout, &|i| images.name(i).is_some(), archival);
    let digest = write_pages(
        &mut lo,
        layout,
        (&tagging, &fonts, &images),
        resources,
        deflating,
    );
    let page_ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    metadata::apply(&mut lo, &doc.properties, digest, archival)?;
    navigation::add_outline(&mut lo, layout)?;
    let annots = navigation::add_links(&mut lo, layout);
    let tree = tagging.write(&mut lo, &page_ids, &annots)?;
    if archival {
        archive::add_output_intent(&mut lo)?;
    }
    deflating.finish(&mut lo);
    Ok((Assembled { lo, tree }, warnings))
}

/// The file's bytes.
fn save(pdf: Assembled) -> Result<Vec<u8>> {
    // Object streams (PDF 1.5; PDF/A-2 allows them) pack the many small dictionaries
    // — structure elements above all — into a few deflated streams: a 37-page tagged
    // document went from 481 KB to 185 KB, for about 30 ms more to save.
    let deferred = pdf.tree.iter().flat_map(structure::Tree::objects);
    save::save(pdf.lo, deferred, 200, DEFLATE_LEVEL).map_err(|e| {
        Error::failed(
            format!("kan de PDF niet schrijven: {e}"),
            "dit is een fout in raadsbrief; meld het alstublieft en stuur het regiobestand mee",
        )
    })
}

/// Writes the page tree with the layout's pages, which share one resource
/// dictionary, and the catalog. Returns a digest of the page contents (for the file
/// identifier).
fn write_pages(
    lo: &mut lopdf::Document,
    layout: &Layout,
    (tagging, fonts, images): (&structure::Tagging, &fonts::FontTable, &image::Images),
    resources: lopdf::ObjectId,
    deflating: &mut deflating::Deflating,
) -> [u8; 16] {
    let parent = lo.new_object_id();
    let media_box = Object::Array(
        [0.0, 0.0, layout.page_width, layout.page_height]
            .iter()
            .map(|v| Object::Real(*v as f32))
            .collect(),
    );
    let mut hash = Sha256::new();
    let mut kids: Vec<Object> = Vec::with_capacity(layout.pages.len());
    for (i, page) in layout.pages.iter().enumerate() {
        let marks = tagging.marks.get(i).map_or(&[][..], Vec::as_slice);
        let stream = content::page_stream(layout, page, marks, fonts, images);
        hash.update(&stream);
        let contents = deflating.add(lo, Stream::new(Dictionary::new(), stream));
        let dict = Dictionary::from_iter(vec![
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(parent)),
            ("MediaBox", media_box.clone()),
            ("Resources", Object::Reference(resources)),
            ("Contents", Object::Reference(contents)),
        ]);
        kids.push(Object::Reference(lo.add_object(dict)));
    }
    let pages = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Pages".to_vec())),
        ("Count", Object::Integer(kids.len() as i64)),
        ("Kids", Object::Array(kids)),
    ]);
    lo.objects.insert(parent, Object::Dictionary(pages));
    let catalog = lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(parent)),
    ]));
    lo.trailer.set("Root", Object::Reference(catalog));
    let digest = hash.finalize();
    let mut id = [0u8; 16];
    id.copy_from_slice(&digest[..16]);
    id
}

/// The deflate level of every stream and of the object streams, chosen by measurement
/// (`examples/deflate_levels.rs`, table in README): the knee of size against time, for
/// zlib-rs when it was chosen and again for libdeflate. Level 6 makes the files 1–2 %
/// smaller for more time; below 4 they grow by 5 % and more.
const DEFLATE_LEVEL: u32 = 4;

/// Deflates a stream at [`DEFLATE_LEVEL`]: lopdf's own `compress` always uses the
/// best (slowest) level, which made font programs the biggest cost of a short
/// letter for a gain of a few per cent.
fn deflate(stream: &mut Stream) {
    let content = std::mem::take(&mut stream.content);
    let deflated = deflate_bytes(&content);
    set_deflated(stream, deflated, || content);
}

/// `content` deflated at [`DEFLATE_LEVEL`], or `None` where that is no smaller.
fn deflate_bytes(content: &[u8]) -> Option<Vec<u8>> {
    deflate::deflate(content, DEFLATE_LEVEL, Wrapper::Zlib)
        .ok()
        .filter(|data| data.len() < content.len())
}

/// Puts a stream's bytes in: `deflated` with its filter where there is that, else the
/// bytes as they are (asked for only then).
fn set_deflated(stream: &mut Stream, deflated: Option<Vec<u8>>, plain: impl FnOnce() -> Vec<u8>) {
    match deflated {
        Some(data) => {
            stream
                .dict
                .set("Filter", Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(data);
        }
        None => stream.set_content(plain()),
    }
}

/// Whether a stream is still to be deflated: written uncompressed, and not the XMP
/// packet, which stays readable for tools that scan files for metadata.
fn is_left(s: &Stream) -> bool {
    let is_xmp = s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata".as_slice());
    !is_xmp && s.dict.get(b"Filter").is_err()
}

/// Deflates what was written uncompressed (font programs, ToUnicode maps, image
/// pixels), but for the XMP packet.
fn compress_remaining(lo: &mut lopdf::Document) {
    for object in lo.objects.values_mut() {
        if let Object::Stream(s) = object {
            if is_left(s) {
                deflate(s);
            }
        }
    }
}
