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
pub mod signatures;
pub mod word_templates;

use std::io::Read as _;
use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Finding, Severity};
use crate::document::{Document, Image, PageStyle, Properties};
use crate::error::{Error, Result};
use crate::markup::FieldTokens;
use crate::model::{BriefStatus, Date, Gemeente, Region};
use crate::templates::context::{effective_brief, ContextBuilder, Shared};
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
    /// The Word templates the region names, checked once for the run
    /// ([`word_templates::load`]).
    pub word_templates: &'a crate::word_template::TemplateSet,
}

impl Composer<'_> {
    pub fn compose(&self, kind: Kind) -> Result<Document> {
        self.compose_with(kind, &Shared::new(self.region))
    }

    /// [`compose`](Composer::compose) with what every document of the region shares
    /// built once by the caller: a run of many documents builds it once, not per
    /// document.
    pub fn compose_with(&self, kind: Kind, shared: &Shared) -> Result<Document> {
        match kind {
            Kind::Letter(i) => self.letter_with(&self.region.gemeenten[i], shared),
            Kind::Appendix => self.appendix_with(shared),
        }
    }

    pub fn letter(&self, gemeente: &Gemeente) -> Result<Document> {
        self.letter_with(gemeente, &Shared::new(self.region))
    }

    fn letter_with(&self, gemeente: &Gemeente, shared: &Shared) -> Result<Document> {
        let brief = effective_brief(self.region, gemeente)?;
        let template = brief.soort.id();
        let uses = self.templates.uses(template)?;
        let mut builder = ContextBuilder::new(shared, self.region, Some(gemeente));
        let context = builder.letter(gemeente, &brief, uses);
        let date = brief.date().unwrap_or_else(Date::today);
        let style = self.style(Some(gemeente), brief.status == BriefStatus::Concept)?;
        let pictures = signatures::load(self.base_dir, gemeente)?;
        self.build(template, &context, &builder.tokens, &pictures, date, style)
    }

    pub fn appendix(&self) -> Result<Document> {
        self.appendix_with(&Shared::new(self.region))
    }

    fn appendix_with(&self, shared: &Shared) -> Result<Document> {
        let template = "samenwerkingsdocument";
        let uses = self.templates.uses(template)?;
        let mut builder = ContextBuilder::new(shared, self.region, None);
        let context = builder.appendix(uses);
        let doc = &self.region.samenwerkingsdocument;
        let date = doc
            .date()
            .or_else(|| self.region.brief.date())
            .unwrap_or_else(Date::today);
        let style = self.style(None, self.region.brief.status == BriefStatus::Concept)?;
        self.build(
            template,
            &context,
            &builder.tokens,
            &signatures::Pictures::default(),
            date,
            style,
        )
    }

    fn build(
        &self,
        template: &str,
        context: &serde_json::Value,
        tokens: &FieldTokens,
        pictures: &signatures::Pictures,
        date: Date,
        mut page: PageStyle,
    ) -> Result<Document> {
        let text = self.templates.render(template, context)?;
        let origin = self.templates.origin(template);
        let parsed = markdown::parse_with_pictures(&text, tokens, pictures)
            .map_err(|e| template_error(origin, None, &e.message))?;
        let front: FrontMatter = match parsed.front_matter.as_deref() {
            Some(yaml) => serde_saphyr::from_str(yaml).map_err(|e| {
                template_error(
                    origin,
                    None,
                    &format!("de front matter is geen geldige YAML: {}", e.without_snippet()),
                )
            })?,
            None => {
                return Err(template_error(
                    origin,
                    None,
                    "het sjabloon heeft geen front matter (een blok tussen `---`-regels met ten minste `titel:`)",
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
        let template = match settings.sjabloon.as_deref().map(str::trim) {
            Some(file) if !file.is_empty() => Some(
                self.word_templates
                    .look(&self.base_dir.join(file))
                    .ok_or_else(|| {
                        Error::failed(
                            format!("het sjabloon ‘{file}’ is niet vooraf gecontroleerd"),
                            "dit is een fout in raadsbrief; meld het alstublieft",
                        )
                    })?,
            ),
            _ => None,
        };
        let mut style = house_style::resolve(&settings, template.as_deref());
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

/// Largest image file read (logo or signature). A letterhead logo is tens of
/// kilobytes and is copied into every letter; a file anywhere near this size is the
/// wrong file.
pub const MAX_LOGO_BYTES: u64 = 10 * 1024 * 1024;

/// Largest image in pixels: the one limit of every picture ([`crate::document::MAX_PICTURE_PIXELS`]).
pub const MAX_LOGO_PIXELS: u64 = crate::document::MAX_PICTURE_PIXELS;

/// What an image read from the user's file system is for: the words and the rule id
/// of the findings about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    Logo,
    Signature,
}

impl Picture {
    fn rule(self) -> &'static str {
        match self {
            Picture::Logo => "logo-format",
            Picture::Signature => "handtekening-format",
        }
    }

    /// "het logo", "de handtekening": the subject of the messages.
    fn the(self) -> &'static str {
        match self {
            Picture::Logo => "het logo",
            Picture::Signature => "de handtekening",
        }
    }

    fn point_help(self) -> &'static str {
        match self {
            Picture::Logo => "laat `logo:` naar een PNG- of JPEG-bestand wijzen",
            Picture::Signature => "laat `afbeelding:` naar een PNG- of JPEG-bestand wijzen",
        }
    }

    fn resave_help(self) -> &'static str {
        match self {
            Picture::Logo => "sla het logo opnieuw op als PNG (liefst) of JPEG",
            Picture::Signature => "sla de handtekening opnieuw op als PNG (liefst) of JPEG",
        }
    }

    fn size_help(self) -> &'static str {
        match self {
            Picture::Logo => {
                "sla het logo op in drukformaat (een paar honderd pixels breed is genoeg) als PNG"
            }
            Picture::Signature => {
                "scan de handtekening op ten hoogste 300 dpi (een paar honderd pixels breed is genoeg) en sla haar op als PNG"
            }
        }
    }
}

/// Reads a PNG or JPEG logo; see [`load_image`].
pub fn load_logo(path: &Path, alt: String) -> Result<Image> {
    load_image(path, alt, Picture::Logo)
}

/// Reads a PNG or JPEG and its pixel size (from the file header, no decoding).
///
/// The path is the user's own choice, relative to the region file or absolute, and may
/// point anywhere they can read; what is read must be a regular file that really is a
/// PNG or JPEG of sane size, or the build stops with a finding. A file that is not an
/// image (`../../etc/passwd`) is never embedded.
pub fn load_image(path: &Path, alt: String, what: Picture) -> Result<Image> {
    let the = what.the();
    let refuse = |message: String, help: &'static str| {
        Error::Invalid(vec![Finding::new(
            Severity::Error,
            what.rule(),
            path.display().to_string(),
            (1, 1),
            String::new(),
            message,
            help,
        )])
    };
    let unreadable =
        |e: &std::io::Error| Error::io_with(format!("kan {the} {} niet lezen", path.display()), e);
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&e))?;
    if !meta.is_file() {
        return Err(refuse(
            format!("{the} is geen gewoon bestand (maar een map, apparaat of pipe)"),
            what.point_help(),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_LOGO_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| unreadable(&e))?;
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(refuse(
            format!("{the} is groter dan {} MiB", MAX_LOGO_BYTES / (1024 * 1024)),
            what.size_help(),
        ));
    }
    let (format, width_px, height_px) = image_size(&bytes).ok_or_else(|| {
        refuse(
            format!("{the} is geen leesbare PNG- of JPEG-afbeelding"),
            what.resave_help(),
        )
    })?;
    if u64::from(width_px) * u64::from(height_px) > MAX_LOGO_PIXELS {
        return Err(refuse(
            format!("{the} is {width_px} × {height_px} pixels, meer dan een brief kan gebruiken"),
            what.size_help(),
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

pub use crate::document::image_size;
