//! Region → documents: runs the templates and turns their Markdown into the document
//! model, with the municipality's house style. Template output becomes blocks in
//! [`markdown`]; a long field's own text, which template output refers to by token,
//! in `field`.
//!
//! This is the only place that knows both the region model and the document model;
//! the renderers never see a region, and the templates never see a document.

mod field;
pub mod house_style;
pub mod markdown;

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Finding, Severity};
use crate::document::{Document, Image, ImageFormat, PageStyle, Properties};
use crate::error::{Error, Result};
use crate::markup::FieldTokens;
use crate::model::{BriefStatus, Date, Gemeente, Region};
use crate::templates::context::{effective_brief, ContextBuilder};
use crate::templates::{template_error, Templates};

/// What a template's front matter may say.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    titel: String,
    #[serde(default)]
    onderwerp: String,
    #[serde(default)]
    auteur: String,
    #[serde(default)]
    trefwoorden: Vec<String>,
    /// Header parts, joined with a middle dot.
    #[serde(default)]
    koptekst: Vec<String>,
    #[serde(default)]
    voettekst: String,
}

/// Which document of a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// The letter to the raad of one municipality (index into `gemeenten`).
    Letter(usize),
    /// The region's samenwerkingsdocument appendix.
    Appendix,
}

/// Composes the documents of one region.
pub struct Composer<'a> {
    pub region: &'a Region,
    pub templates: &'a Templates,
    /// Folder of the region file: logo paths are relative to it.
    pub base_dir: &'a Path,
}

impl Composer<'_> {
    pub fn compose(&self, kind: Kind) -> Result<Document> {
        match kind {
            Kind::Letter(i) => self.letter(&self.region.gemeenten[i]),
            Kind::Appendix => self.appendix(),
        }
    }

    pub fn letter(&self, gemeente: &Gemeente) -> Result<Document> {
        let brief = effective_brief(self.region, gemeente)?;
        let mut builder = ContextBuilder::new(self.region, Some(gemeente));
        let context = builder.letter(gemeente, &brief);
        let date = brief.date().unwrap_or_else(Date::today);
        let style = self.style(Some(gemeente), brief.status == BriefStatus::Concept)?;
        self.build(brief.soort.id(), &context, &builder.tokens, date, style)
    }

    pub fn appendix(&self) -> Result<Document> {
        let mut builder = ContextBuilder::new(self.region, None);
        let context = builder.appendix();
        let doc = &self.region.samenwerkingsdocument;
        let date = doc
            .date()
            .or_else(|| self.region.brief.date())
            .unwrap_or_else(Date::today);
        let style = self.style(None, self.region.brief.status == BriefStatus::Concept)?;
        self.build(
            "samenwerkingsdocument",
            &context,
            &builder.tokens,
            date,
            style,
        )
    }

    fn build(
        &self,
        template: &str,
        context: &serde_json::Value,
        tokens: &FieldTokens,
        date: Date,
        mut page: PageStyle,
    ) -> Result<Document> {
        let text = self.templates.render(template, context)?;
        let origin = self.templates.origin(template);
        let parsed =
            markdown::parse(&text, tokens).map_err(|e| template_error(origin, None, &e.message))?;
        let front: FrontMatter = match parsed.front_matter.as_deref() {
            Some(yaml) => serde_saphyr::from_str(yaml).map_err(|e| {
                template_error(
                    origin,
                    None,
                    &format!("front matter: {}", e.without_snippet()),
                )
            })?,
            None => {
                return Err(template_error(
                    origin,
                    None,
                    "the template has no front matter (a `---` block with at least `titel:`)",
                ))
            }
        };
        page.header = front.koptekst.join("  ·  ");
        page.footer = front.voettekst;
        Ok(Document::new(
            Properties {
                title: front.titel,
                subject: front.onderwerp,
                author: front.auteur,
                keywords: front.trefwoorden,
                language: "nl-NL".into(),
                date,
            },
            page,
            parsed.blocks,
        ))
    }

    /// The page furniture and house style of a letter (`gemeente`) or the appendix:
    /// the municipality's `huisstijl` over the region's, the region's alone for the
    /// appendix.
    fn style(&self, gemeente: Option<&Gemeente>, draft: bool) -> Result<PageStyle> {
        let region = &self.region.regio.huisstijl;
        let settings = gemeente.map_or_else(|| region.clone(), |g| g.huisstijl.over(region));
        let logo = match settings.logo.as_deref() {
            Some(file) => Some(load_logo(
                &self.base_dir.join(file),
                settings.logo_alt.clone().unwrap_or_else(|| match gemeente {
                    Some(g) => format!("Logo gemeente {}", g.naam),
                    None => format!("Logo {}", self.region.regio.naam),
                }),
            )?),
            None => None,
        };
        let mut style = house_style::resolve(&settings);
        // Font paths are relative to the region file, as the logo's are; they are read
        // (once per run) by the font book.
        style.font_files = settings
            .lettertypen
            .iter()
            .flat_map(|l| l.paths())
            .map(|p| self.base_dir.join(p))
            .collect();
        Ok(PageStyle {
            header: String::new(),
            footer: String::new(),
            draft,
            logo,
            style,
        })
    }
}

/// Largest logo file read. A letterhead logo is tens of kilobytes and is copied into
/// every letter; a file anywhere near this size is the wrong file.
pub const MAX_LOGO_BYTES: u64 = 10 * 1024 * 1024;

/// Largest logo in pixels (width × height, from the header). The PDF renderer decodes
/// the image, and a PNG of a few kilobytes can declare 100 000 × 100 000 pixels: 40 GB
/// to decode. 40 megapixels is far beyond any print logo.
pub const MAX_LOGO_PIXELS: u64 = 40_000_000;

/// Reads a PNG or JPEG and its pixel size (from the file header, no decoding).
///
/// The path is the user's own choice, relative to the region file or absolute, and may
/// point anywhere they can read; what is read must be a regular file that really is a
/// PNG or JPEG of sane size, or the build stops with a finding. A file that is not an
/// image (`../../etc/passwd`) is never embedded.
pub fn load_logo(path: &Path, alt: String) -> Result<Image> {
    let refuse = |message: String, help: &'static str| {
        Error::Invalid(vec![Finding::new(
            Severity::Error,
            "logo-format",
            path.display().to_string(),
            (1, 1),
            String::new(),
            message,
            help,
        )])
    };
    let meta = std::fs::metadata(path).map_err(|e| Error::io("read logo", path, &e))?;
    if !meta.is_file() {
        return Err(refuse(
            "the logo is not a regular file (a folder, device or pipe)".into(),
            "point `logo:` at a PNG or JPEG file",
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_LOGO_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::io("read logo", path, &e))?;
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(refuse(
            format!(
                "the logo is larger than {} MiB",
                MAX_LOGO_BYTES / (1024 * 1024)
            ),
            "export the logo at print size (a few hundred pixels wide is enough) as PNG",
        ));
    }
    let (format, width_px, height_px) = image_size(&bytes).ok_or_else(|| {
        refuse(
            "the logo is not a readable PNG or JPEG image".into(),
            "export the logo again as PNG (preferred) or JPEG",
        )
    })?;
    if u64::from(width_px) * u64::from(height_px) > MAX_LOGO_PIXELS {
        return Err(refuse(
            format!("the logo is {width_px} × {height_px} pixels, more than a letter can use"),
            "export the logo at print size (a few hundred pixels wide is enough) as PNG",
        ));
    }
    Ok(Image {
        bytes: Arc::new(bytes),
        format,
        width_px,
        height_px,
        alt,
    })
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
