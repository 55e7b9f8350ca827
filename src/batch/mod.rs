//! The main job: every document of a region, in every format, in one run.
//!
//! Documents are composed and rendered in parallel (rayon) and staged beside the output;
//! only when every one succeeded does the commit rename them into place ([`commit`]).
//! A failed run therefore leaves the output folder as it was, and identical input gives
//! byte-identical files and manifest whatever the thread count.

pub mod changes;
pub mod commit;
pub mod consistency;
mod failure;
pub mod fsops;
pub mod manifest;
pub mod open_fields;
mod previous;
pub mod slug;
pub mod unused_fields;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::compose::{Composer, Kind};
use crate::error::{Error, Result};
use crate::fonts::{FontBook, FontOptions};
use crate::model::{BriefStatus, Date};
use crate::render::pdf::{PdfOptions, PdfProfile};
use crate::render::{docx::Docx, html::Html, pdf::Pdf, Renderer};
use crate::templates::Templates;
use crate::validate::Validated;

pub use changes::{Change, Scope, Status};
use commit::{Op, Staging};
pub use fsops::{FileSystem, RealFs};
pub use manifest::{Entry, Manifest};

/// An output format.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Docx,
    Pdf,
    /// Accessible HTML for a municipality's website (not built unless asked for).
    Html,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Docx => "docx",
            Format::Pdf => "pdf",
            Format::Html => "html",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        match name.trim().to_lowercase().as_str() {
            "docx" | "word" => Some(Format::Docx),
            "pdf" => Some(Format::Pdf),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// Which documents a run builds (`--alleen`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Documents {
    #[default]
    All,
    Letters,
    Appendix,
}

/// What to build.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Indices into `region.gemeenten`; empty means all.
    pub gemeenten: Vec<usize>,
    pub documents: Documents,
    pub formats: Vec<Format>,
    pub out: PathBuf,
    pub templates: Option<PathBuf>,
    /// Which standards the PDFs meet; the default is PDF/A-2a + PDF/UA-1.
    pub pdf_profile: PdfProfile,
    /// `--lettertypen`: folders of fonts searched after the house style's own.
    pub lettertypen: Vec<PathBuf>,
}

/// One rendered file, still in memory.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub kind: Kind,
    pub format: Format,
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    pub bytes: Vec<u8>,
    /// Pages as our own layout measured them: PDF only. Word and LibreOffice paginate a
    /// DOCX themselves, so its count is not ours to state.
    pub pages: Option<usize>,
    pub warnings: Vec<String>,
}

/// The outcome of a run.
#[derive(Debug)]
pub struct Report {
    pub out: PathBuf,
    pub manifest: Manifest,
    /// Per file of this run (and each removed one): what happened to it.
    pub changes: Vec<Change>,
    /// Files of earlier runs outside this run's selection, left in place.
    pub kept: usize,
    pub warnings: Vec<String>,
}

/// Resolves `--gemeente` arguments (name or CBS code, any case) to indices.
pub fn select(validated: &Validated, names: &[String]) -> Result<Vec<usize>> {
    let gemeenten = &validated.region.gemeenten;
    let mut picked = Vec::new();
    for name in names {
        let wanted = name.trim().to_lowercase();
        let by_name = gemeenten
            .iter()
            .position(|g| g.naam.to_lowercase() == wanted || g.cbs.to_lowercase() == wanted);
        // The folder name the tool itself shows (`kaag-en-braassem`, or with the CBS
        // code when two names give the same folder).
        let all: Vec<usize> = (0..gemeenten.len()).collect();
        let by_folder = || {
            folder_names(validated, &all)
                .into_iter()
                .find(|(_, f)| *f == wanted)
                .map(|(i, _)| i)
        };
        match by_name.or_else(by_folder) {
            Some(i) if !picked.contains(&i) => picked.push(i),
            Some(_) => {}
            None => {
                let names: Vec<&str> = gemeenten.iter().map(|g| g.naam.as_str()).collect();
                let help = match crate::diagnostics::closest(name, names.iter().copied()) {
                    Some(s) => format!("bedoelt u `{s}`?"),
                    None => format!("het bestand bevat: {}", names.join(", ")),
                };
                return Err(Error::Usage {
                    message: format!(
                        "gemeente ‘{name}’ staat niet in {}; --gemeente neemt een naam, een CBS-code of een mapnaam",
                        validated.source.name
                    ),
                    help,
                });
            }
        }
    }
    picked.sort_unstable();
    Ok(picked)
}

/// `--concept`: every letter and the appendix as a concept, whatever the file says, so
/// a draft round needs no edit of the region file (and none to undo).
pub fn force_concept(region: &mut crate::model::Region) {
    region.brief.status = BriefStatus::Concept;
    for g in &mut region.gemeenten {
        if let Some(serde_json::Value::Object(overrides)) = &mut g.brief {
            overrides.remove("status");
        }
    }
}

/// The default output folder: `out/<region>/`.
pub fn default_out(validated: &Validated) -> PathBuf {
    Path::new("out").join(slug::slug(&validated.region.regio.naam, "regio"))
}

/// Composes and renders everything in memory, in parallel: for callers that show the
/// documents rather than write them.
pub fn render(validated: &Validated, plan: &Plan) -> Result<Vec<Rendered>> {
    let templates = Templates::open(plan.templates.as_deref())?;
    let fonts = font_book(&plan.lettertypen);
    check_fonts(&fonts, validated, plan)?;
    let mut rendered = render_each(
        validated,
        plan,
        (
            &templates,
            &crate::word_template::Opening::for_run(plan.formats.contains(&Format::Docx)),
        ),
        &fonts,
        |kind, format, path, out| {
            Ok(Rendered {
                kind,
                format,
                path,
                bytes: out.bytes,
                pages: out.pages,
                warnings: out.warnings,
            })
        },
    )?;
    // The run's font messages once, with the first file.
    if let Some(first) = rendered.first_mut() {
        first.warnings.extend(fonts.notes());
    }
    Ok(rendered)
}

/// The fonts of this run, the `lettertypen` paths of the documents it builds and every
/// `--lettertypen` folder checked before anything is rendered: a file that is not a
/// usable font stops the run with its path. Another municipality's fonts are neither
/// read nor checked (`validate` checks them all).
/// The font book of a run with these `--lettertypen` folders ([`Plan::lettertypen`]).
pub fn font_book(lettertypen: &[PathBuf]) -> Arc<FontBook> {
    Arc::new(FontBook::new(FontOptions::with_dirs(lettertypen.to_vec())))
}

/// Reads the font files the documents are set with into `book`, refusing the run for
/// those that are not usable fonts.
fn check_fonts(book: &FontBook, validated: &Validated, plan: &Plan) -> Result<()> {
    let kinds = kinds(&validated.region, plan);
    let findings = book.check(&font_sources_for(validated, &kinds));
    if findings.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(findings))
    }
}

/// Every `lettertypen` path of the region and its municipalities, joined to the region
/// file's folder, each once.
pub fn font_sources(validated: &Validated) -> Vec<PathBuf> {
    let region = &validated.region;
    let mut out: Vec<PathBuf> = Vec::new();
    let styles = std::iter::once(&region.regio.huisstijl)
        .chain(region.gemeenten.iter().map(|g| &g.huisstijl));
    for style in styles {
        for path in style.lettertypen.iter().flat_map(|l| l.paths()) {
            let path = validated.source.dir.join(path);
            if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    out
}

/// The `lettertypen` paths the documents `kinds` are set with (a letter's merged house
/// style, the appendix the region's), joined to the region file's folder, each once.
fn font_sources_for(validated: &Validated, kinds: &[Kind]) -> Vec<PathBuf> {
    let region = &validated.region;
    let mut out: Vec<PathBuf> = Vec::new();
    for kind in kinds {
        let style = match kind {
            Kind::Letter(i) => match region.gemeenten.get(*i) {
                Some(g) => g.huisstijl.over(&region.regio.huisstijl),
                None => continue,
            },
            Kind::Appendix => region.regio.huisstijl.clone(),
        };
        for path in style.lettertypen.iter().flat_map(|l| l.paths()) {
            let path = validated.source.dir.join(path);
            if !out.contains(&path) {
                out.push(path);
            }
        }
    }
    out
}

/// The documents of this run: the selected municipalities' letters, then the appendix
/// unless `--alleen brieven`.
fn kinds(region: &crate::model::Region, plan: &Plan) -> Vec<Kind> {
    let indices: Vec<usize> = if plan.gemeenten.is_empty() {
        (0..region.gemeenten.len()).collect()
    } else {
        plan.gemeenten.clone()
    };
    let mut kinds: Vec<Kind> = match plan.documents {
        Documents::Appendix => Vec::new(),
        _ => indices.iter().map(|i| Kind::Letter(*i)).collect(),
    };
    // The appendix first: it is the largest document (its DOCX and PDF together about
    // 1.6 times a letter's, callgrind), and started last it would keep one core busy
    // after the letters are done. Files are sorted by path after
    // rendering, so the order here changes nothing in the output.
    if plan.documents != Documents::Letters {
        kinds.insert(0, Kind::Appendix);
    }
    kinds
}

/// One file written to the staging folder as soon as it was rendered.
struct Produced {
    kind: Kind,
    format: Format,
    staged: commit::Staged,
    pages: Option<usize>,
    warnings: Vec<String>,
}

/// Composes and renders each document in parallel and hands every file to `sink` the
/// moment it exists, so that a caller who writes it can drop its bytes: memory then
/// grows with the number of threads, not with the number of municipalities. The
/// results come back in path order whatever the thread count.
fn render_each<T: Send>(
    validated: &Validated,
    plan: &Plan,
    (templates, opening): (&Templates, &crate::word_template::Opening),
    fonts: &Arc<FontBook>,
    sink: impl Fn(Kind, Format, String, crate::render::Output) -> Result<T> + Sync,
) -> Result<Vec<T>> {
    let region = &validated.region;
    let kinds = kinds(region, plan);
    // More than one document: the steps below may use rayon's pool. For one, everything
    // stays on this thread (see `outcomes`).
    let many = kinds.len() > 1;
    // Each Word template these documents are drawn on, once for the whole run; what a
    // check left out of one comes back as a warning with every DOCX built on it.
    let uses = crate::compose::word_templates::uses_for(
        region,
        &validated.source.dir,
        &|p| validated.value_place(p),
        &kinds,
    );
    let load = || crate::word_template::TemplateSet::load_from(&uses, opening);
    // Only the templates these documents use are compiled, each once, before any is
    // composed: a broken one is said once, not per letter.
    let prepare = || {
        templates.prepare(kinds.iter().filter_map(|kind| {
            match kind {
                Kind::Letter(i) => {
                    crate::templates::context::effective_brief(region, &region.gemeenten[*i])
                        .ok()
                        .map(|brief| brief.soort.id())
                }
                Kind::Appendix => Some("samenwerkingsdocument"),
            }
        }))
    };
    // Over all municipalities, so a `--gemeente` run names folders as a full run does.
    let all: Vec<usize> = (0..region.gemeenten.len()).collect();
    let folders = folder_names(validated, &all);
    let pdf = Pdf {
        options: PdfOptions {
            profile: plan.pdf_profile,
        },
        fonts: fonts.clone(),
    };
    let docx = Docx {
        fonts: fonts.clone(),
    };
    let renderer = |format: Format| -> &dyn Renderer {
        match format {
            Format::Docx => &docx,
            Format::Pdf => &pdf,
            Format::Html => &Html,
        }
    };
    let shared = crate::templates::context::Shared::new(region);
    let places = OnceLock::new();
    // Each document is composed once, checked for open fields and rendered. A
    // definitief document with open fields refuses the run with those of every
    // document at once; what was staged by then goes with the staging folder, so the
    // output folder is untouched (all or nothing). From the first refusal or failure
    // on, documents are only composed and checked, not rendered.
    let stop = AtomicBool::new(false);
    let one = |composer: &Composer, kind: &Kind| {
        let doc = match composer.compose_with(*kind, &shared) {
            Ok(doc) => doc,
            Err(e) => return Outcome::refused(e, &stop),
        };
        let open = match open_fields::check(validated, &places, *kind, &doc) {
            Ok(open) => open,
            Err(e) => return Outcome::refused(e, &stop),
        };
        if stop.load(Ordering::Relaxed) {
            return Outcome::Files(Vec::new());
        }
        let file = |format: &Format| {
            let mut out = renderer(*format).render(&doc)?;
            // A document's open fields are said once, with its first format.
            if plan.formats.first() == Some(format) {
                out.warnings.extend(open.clone());
            }
            let path = file_path(validated, *kind, &folders, *format);
            Ok((path.clone(), sink(*kind, *format, path, out)?))
        };
        // A document's formats in parallel too, when there is more than one document,
        // so that the last document's DOCX and PDF do not keep one core busy alone.
        let files: Result<Vec<_>> = if many {
            plan.formats.par_iter().map(file).collect()
        } else {
            plan.formats.iter().map(file).collect()
        };
        match files {
            Ok(files) => Outcome::Files(files),
            Err(e) => Outcome::refused(e, &stop),
        }
    };
    // Two strands, at once where a run has more than one step: the documents drawn on
    // a Word template after the templates are opened, and those on the built-in style
    // after the handlebars templates are compiled. rayon lets each strand's thread
    // take the other's documents when its own are done. Before, every document waited
    // for the largest Word template (in the sample region some 4 ms of two cores, of
    // 30). One document (`--gemeente X --alleen brieven`) is made on this thread
    // (see below): rayon's pool would start a thread per core for it, which
    // spin while it waits, about a tenth of the letter's CPU time (`perf stat`, two
    // cores).
    let (plain, drawn): (Numbered, Numbered) =
        kinds.iter().copied().enumerate().partition(|(_, kind)| {
            many && !crate::compose::word_templates::is_drawn(region, *kind)
        });
    let make = |composer: &Composer, kinds: &[(usize, Kind)]| -> Vec<(usize, Outcome<T>)> {
        let one = |(n, kind): &(usize, Kind)| (*n, one(composer, kind));
        if many {
            kinds.par_iter().map(one).collect()
        } else {
            kinds.iter().map(one).collect()
        }
    };
    // A document composed while its handlebars template is still being compiled waits
    // for that compile (`Templates` compiles each once); a compile that fails is said
    // once, from `prepare`, below.
    let make_drawn = || {
        let (word_templates, findings) = load();
        if findings.iter().any(crate::diagnostics::Finding::is_error) {
            return (findings, Vec::new());
        }
        let composer = Composer {
            region,
            templates,
            base_dir: &validated.source.dir,
            word_templates: &word_templates,
        };
        (findings, make(&composer, &drawn))
    };
    let no_templates = crate::word_template::TemplateSet::default();
    let make_plain = || -> Result<Vec<(usize, Outcome<T>)>> {
        prepare()?;
        let composer = Composer {
            region,
            templates,
            base_dir: &validated.source.dir,
            word_templates: &no_templates,
        };
        Ok(make(&composer, &plain))
    };
    let ((findings, drawn_made), plain_made) = if many {
        crate::alongside::both(make_drawn, make_plain)
    } else {
        // One document, on this thread: its handlebars template is compiled before
        // it is composed, while a Word template it is drawn on is opened on the
        // build's other thread. A thread of its own for the compile cost more than it
        // overlapped (Gooise Meren 0.26 ms faster without, paired).
        let plain_made = make_plain();
        (make_drawn(), plain_made)
    };
    if findings.iter().any(crate::diagnostics::Finding::is_error) {
        let mut findings = findings;
        crate::diagnostics::sort(&mut findings);
        return Err(Error::Invalid(findings));
    }
    let mut made = plain_made?;
    made.extend(drawn_made);
    // In the documents' order, so the first failure said is the same whatever was
    // made first.
    made.sort_by_key(|(n, _)| *n);
    let outcomes = made.into_iter().map(|(_, outcome)| outcome);
    let mut findings = Vec::new();
    let mut failure = None;
    let mut results = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Files(files) => results.extend(files),
            Outcome::Invalid(f) => findings.extend(f),
            Outcome::Failed(e) => {
                failure.get_or_insert(e);
            }
        }
    }
    // As before any file was written: the findings of every document first.
    if !findings.is_empty() {
        crate::diagnostics::sort(&mut findings);
        return Err(Error::Invalid(findings));
    }
    if let Some(e) = failure {
        return Err(e);
    }
    results.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(results.into_iter().map(|(_, t)| t).collect())
}

/// Documents with their place in the run's order.
type Numbered = Vec<(usize, Kind)>;

/// What became of one document in [`render_each`].
enum Outcome<T> {
    Files(Vec<(String, T)>),
    /// Findings the user can act on: open fields of a definitief document, a template
    /// or logo mistake.
    Invalid(Vec<crate::diagnostics::Finding>),
    Failed(Error),
}

impl<T> Outcome<T> {
    /// `e` as this document's outcome; the documents after it are no longer rendered.
    fn refused(e: Error, stop: &AtomicBool) -> Outcome<T> {
        stop.store(true, Ordering::Relaxed);
        match e {
            Error::Invalid(findings) => Outcome::Invalid(findings),
            other => Outcome::Failed(other),
        }
    }
}

/// Folder name per selected municipality: its slug, or slug + CBS code when two
/// municipalities' names would give the same folder.
fn folder_names(validated: &Validated, indices: &[usize]) -> Vec<(usize, String)> {
    let gemeenten = &validated.region.gemeenten;
    let slugs: Vec<(usize, String)> = indices
        .iter()
        .map(|i| {
            let g = &gemeenten[*i];
            (*i, slug::slug(&g.naam, &g.cbs.to_lowercase()))
        })
        .collect();
    // Counted once rather than compared pairwise: 5 000 municipalities are 25 million
    // comparisons.
    let mut count: std::collections::HashMap<&str, usize> = Default::default();
    for (_, s) in &slugs {
        *count.entry(s).or_default() += 1;
    }
    slugs
        .iter()
        .map(|(i, s)| {
            let clash = count.get(s.as_str()).copied().unwrap_or(0) > 1;
            let name = if clash {
                format!("{s}-{}", gemeenten[*i].cbs.to_lowercase())
            } else {
                s.clone()
            };
            (*i, name)
        })
        .collect()
}

fn file_path(
    validated: &Validated,
    kind: Kind,
    folders: &[(usize, String)],
    format: Format,
) -> String {
    let region = &validated.region;
    let (folder, stem, brief) = match kind {
        Kind::Letter(i) => {
            let brief = crate::templates::context::effective_brief(region, &region.gemeenten[i])
                .unwrap_or_else(|_| region.brief.clone());
            // `folders` is made over every municipality in order, so it is indexed
            // directly rather than searched once per file.
            let folder = folders
                .get(i)
                .filter(|(j, _)| *j == i)
                .or_else(|| folders.iter().find(|(j, _)| *j == i))
                .map(|(_, f)| format!("{f}/"))
                .unwrap_or_default();
            (folder, brief.soort.id().to_owned(), brief)
        }
        Kind::Appendix => (
            String::new(),
            "samenwerkingsdocument".to_owned(),
            region.brief.clone(),
        ),
    };
    let date = brief.date().unwrap_or_else(Date::today).iso();
    let draft = if brief.status == BriefStatus::Concept {
        "-concept"
    } else {
        ""
    };
    format!("{folder}{stem}-{date}{draft}.{}", format.extension())
}

/// Commits the staged files and the manifest under `out`, all or nothing (see
/// [`commit`]), changing only what differs from the folder (see [`changes`]).
fn write(
    staging: Staging<'_>,
    validated: &Validated,
    out: &Path,
    scope: &Scope,
    produced: Vec<Produced>,
) -> Result<Written> {
    let previous = previous::read(out);
    let entries: Vec<Entry> = produced
        .iter()
        .map(|p| Manifest::entry(validated, p.kind, p.format, &p.staged, p.pages))
        .collect();
    let staged = produced.into_iter().map(|p| p.staged).collect();
    let mut planned = changes::plan(out, &previous, staged, scope);
    let mut entries = entries;
    entries.extend(planned.kept.iter().cloned());
    let manifest = Manifest::new(validated, entries);
    let json = manifest.to_json()?;
    let staged = staging.stage(manifest::FILE_NAME, json.as_bytes())?;
    if !changes::holds(&out.join(manifest::FILE_NAME), staged.bytes, &staged.sha256) {
        planned.ops.push(Op::Put(staged));
    }
    staging.commit(&planned.ops)?;
    Ok(Written {
        manifest,
        changes: planned.changes,
        kept: planned.kept.len(),
        warnings: planned.warnings,
    })
}

/// What [`write`] did.
#[derive(Debug)]
struct Written {
    pub manifest: Manifest,
    pub changes: Vec<Change>,
    /// Files of earlier runs outside this run's selection that stay.
    pub kept: usize,
    pub warnings: Vec<String>,
}

/// Renders and writes: the whole build.
pub fn build(validated: &Validated, plan: &Plan) -> Result<Report> {
    build_with(&RealFs, validated, plan)
}

/// [`build`] with the handlebars templates already open (and some perhaps compiled),
/// some Word templates perhaps opened and `fonts` (the plan's [`font_book`]) perhaps
/// made ready: see `cli::build::foreseen`.
pub fn build_using(
    validated: &Validated,
    plan: &Plan,
    (templates, opening): (&Templates, &crate::word_template::Opening),
    fonts: Arc<FontBook>,
) -> Result<Report> {
    build_from(&RealFs, validated, plan, (templates, opening), fonts)
}

/// [`build`] through a given file system: the seam through which tests make the write
/// fail at any step.
pub fn build_with(fs: &dyn FileSystem, validated: &Validated, plan: &Plan) -> Result<Report> {
    let templates = Templates::open(plan.templates.as_deref())?;
    let opening = crate::word_template::Opening::for_run(plan.formats.contains(&Format::Docx));
    build_from(
        fs,
        validated,
        plan,
        (&templates, &opening),
        font_book(&plan.lettertypen),
    )
}

fn build_from(
    fs: &dyn FileSystem,
    validated: &Validated,
    plan: &Plan,
    (templates, opening): (&Templates, &crate::word_template::Opening),
    fonts: Arc<FontBook>,
) -> Result<Report> {
    check_fonts(&fonts, validated, plan)?;
    let staging = Staging::open(fs, &plan.out)?;
    let render = || {
        render_each(
            validated,
            plan,
            (templates, opening),
            &fonts,
            |kind, format, path, out| {
                let staged = staging.stage(&path, &out.bytes)?;
                Ok(Produced {
                    kind,
                    format,
                    staged,
                    pages: out.pages,
                    warnings: out.warnings,
                })
            },
        )
    };
    // Many documents are rendered on a pool of this run's own, ended as soon as they
    // are: rayon's idle workers spin a while before they sleep, and the global pool's
    // would spin through the commit, taking the cores from its flushes and renames.
    // One document stays on this thread (see `render_each`).
    let pool = (kinds(&validated.region, plan).len() > 1)
        .then(crate::alongside::pool)
        .flatten();
    let produced = match &pool {
        Some(pool) => pool.install(render),
        None => render(),
    }?;
    drop(pool);
    let scope = Scope {
        letters: (plan.documents != Documents::Appendix).then(|| {
            if plan.gemeenten.is_empty() {
                None
            } else {
                Some(
                    plan.gemeenten
                        .iter()
                        .map(|i| validated.region.gemeenten[*i].cbs.clone())
                        .collect(),
                )
            }
        }),
        appendix: plan.documents != Documents::Letters,
    };
    let indices: Vec<usize> = match plan.documents {
        Documents::Appendix => Vec::new(),
        _ if plan.gemeenten.is_empty() => (0..validated.region.gemeenten.len()).collect(),
        _ => plan.gemeenten.clone(),
    };
    let mut warnings = unused_fields::check(validated, templates, &indices);
    warnings.extend(produced.iter().flat_map(|p| {
        p.warnings
            .iter()
            .map(move |w| format!("{}: {w}", p.staged.path))
    }));
    warnings.extend(fonts.notes());
    let written = write(staging, validated, &plan.out, &scope, produced)?;
    warnings.extend(written.warnings);
    Ok(Report {
        out: plan.out.clone(),
        manifest: written.manifest,
        changes: written.changes,
        kept: written.kept,
        warnings,
    })
}
