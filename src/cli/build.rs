//! `raadsbrief build FILE`: every letter and the appendix, as DOCX and PDF.

use std::path::PathBuf;
use std::time::Instant;

use super::OutputFormat;
use crate::batch::{self, Format, Plan, Status};
use crate::error::{Error, Result, EXIT_OK};

pub struct Args {
    pub file: PathBuf,
    pub gemeenten: Vec<String>,
    pub documents: batch::Documents,
    pub concept: bool,
    pub formats: Vec<String>,
    pub out: Option<PathBuf>,
    pub templates: Option<PathBuf>,
    pub pdf_profile: crate::render::pdf::PdfProfile,
    pub lettertypen: Vec<PathBuf>,
    pub quiet: bool,
    pub message_format: OutputFormat,
}

pub fn run(args: Args) -> Result<i32> {
    let started = Instant::now();
    // Opened first so that the templates the file names are compiled on the second
    // core while the file is validated (`validate_file_beside`): Eemnes' letter 0.5 ms
    // faster in paired runs. A template folder that cannot be opened is said after
    // the file's own findings, as before.
    let opened = crate::templates::Templates::open(args.templates.as_deref());
    let ready = opened.as_ref().ok();
    let docx = args
        .formats
        .iter()
        .any(|f| Format::parse(f) == Some(Format::Docx));
    let opening = crate::word_template::Opening::for_run(docx);
    let fonts = batch::font_book(&args.lettertypen);
    let built = std::thread::scope(|scope| {
        let validated = crate::validate::validate_file_beside(
            scope,
            &args.file,
            |source, tree| foreseen(source, tree, &args.gemeenten, args.documents),
            |foreseen| {
                // One document's Word template first: opening it is the letter's
                // longest step before layout, and the build's own thread compiles the
                // handlebars template meanwhile if it is not compiled here by then
                // (Gooise Meren 0.5 ms faster, paired). Not for more documents: their pool keeps both
                // cores busy from its start, and a template opened here took one from
                // it (the region 1.8 ms slower). The handlebars templates from the
                // last, while the build's own `prepare` goes from the first: a region's
                // three are shared out rather than waited for. What is refused or does
                // not compile is said by the build, once.
                if foreseen.documents == 1 {
                    for (written, path) in &foreseen.word_templates {
                        opening.open(path, written);
                        // Then the faces its look names, while the build composes the
                        // letter (Gooise Meren's Carlito: its two faces were 0.65 ms at
                        // the layout's start). The build has read the font files by
                        // now; if not, this does nothing.
                        for family in opening.families(path, written) {
                            fonts.prepare(&family, &foreseen.lettertypen);
                        }
                    }
                }
                if let Some(templates) = ready {
                    for name in foreseen.templates.into_iter().rev() {
                        let _ = templates.prepare([name]);
                    }
                }
                // A letter in the built-in style (no Word template) is set in the
                // embedded Liberation Sans unless its house style names another font.
                if foreseen.documents == 1 && foreseen.word_templates.is_empty() {
                    crate::fonts::embedded::prepare();
                }
            },
        )?;
        ready
            .map(|templates| build(&args, validated, (templates, &opening), &fonts, started))
            .transpose()
    });
    match built? {
        Some(code) => Ok(code),
        // Only when the template folder could not be opened: its error.
        None => opened.map(|_| EXIT_OK),
    }
}

fn build(
    args: &Args,
    mut validated: crate::validate::Validated,
    (templates, opening): (&crate::templates::Templates, &crate::word_template::Opening),
    fonts: &std::sync::Arc<crate::fonts::FontBook>,
    started: Instant,
) -> Result<i32> {
    if args.concept {
        batch::force_concept(&mut validated.region);
    }
    let template_warnings = match &args.templates {
        Some(dir) => crate::templates::folder::survey(dir)?.warnings,
        None => Vec::new(),
    };
    if !args.quiet && args.message_format == OutputFormat::Tekst {
        // One line each: the build is not the place to study them; `validate` shows
        // each with its snippet and help.
        for w in &validated.warnings {
            eprintln!(
                "waarschuwing: {}:{}:{}: {}",
                w.file, w.line, w.column, w.message
            );
        }
        if !validated.warnings.is_empty() {
            eprintln!(
                "(`raadsbrief validate {}` toont elke waarschuwing met de regel uit het bestand en de hulp)",
                args.file.display()
            );
        }
        // A file in the template folder is not a line of the region file: its help
        // (the name to rename it to) is the point, so it is printed here.
        for w in &template_warnings {
            eprintln!(
                "waarschuwing[{}]: {}: {}\n  = hulp: {}",
                w.rule, w.file, w.message, w.help
            );
        }
    }
    let mut formats = Vec::new();
    for name in &args.formats {
        let format = Format::parse(name).ok_or_else(|| Error::Usage {
            message: format!("onbekend formaat ‘{name}’"),
            help: "gebruik --format docx, pdf of html, of meer gescheiden door komma's (docx,pdf,html)"
                .into(),
        })?;
        if !formats.contains(&format) {
            formats.push(format);
        }
    }
    let plan = Plan {
        gemeenten: batch::select(&validated, &args.gemeenten)?,
        documents: args.documents,
        formats,
        out: args
            .out
            .clone()
            .unwrap_or_else(|| batch::default_out(&validated)),
        templates: args.templates.clone(),
        pdf_profile: args.pdf_profile,
        lettertypen: args.lettertypen.clone(),
    };
    let report = batch::build_using(&validated, &plan, (templates, opening), fonts.clone())?;
    let elapsed = started.elapsed();
    let totals: serde_json::Map<String, serde_json::Value> = Status::ALL
        .iter()
        .map(|s| (s.label().to_owned(), count(&report, *s).into()))
        .collect();
    match args.message_format {
        OutputFormat::Json => {
            let json = serde_json::json!({
                "out": report.out.display().to_string(),
                "changes": report.changes,
                "totals": totals,
                "kept": report.kept,
                "manifest": report.manifest,
                "warnings": report.warnings,
                "findings": validated.warnings.iter().chain(&template_warnings).collect::<Vec<_>>(),
                "milliseconds": elapsed.as_millis() as u64,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
        }
        OutputFormat::Tekst if !args.quiet => print_summary(&report, elapsed),
        OutputFormat::Tekst => {}
    }
    Ok(EXIT_OK)
}

/// What a build of `gemeenten` (`--gemeente` as given; empty for all) and `documents`
/// will use, as far as the parsed but not yet validated file tells: a build compiles
/// and opens it while the file is validated (`validate_file_beside`), and the run's
/// own steps do what this missed; what it names that the run does not use (a
/// `--gemeente` given by its folder name) only cost the second core.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Foreseen {
    /// The built-in templates: the soort of the shared `brief:` and of each selected
    /// municipality's own `brief:`, read with the model's own names
    /// ([`crate::model::Soort`]), and the samenwerkingsdocument's.
    pub templates: Vec<&'static str>,
    /// The Word templates, as written and resolved against the file's folder: each
    /// selected letter's own `huisstijl.sjabloon`, else the region's, which the
    /// samenwerkingsdocument is drawn on too
    /// ([`crate::compose::word_templates::uses_for`]).
    pub word_templates: Vec<(String, std::path::PathBuf)>,
    /// The `lettertypen` paths the documents are set with, joined to the file's
    /// folder, each once: a selected letter's own, else the region's, and the region's
    /// for the samenwerkingsdocument (as `Huisstijl::over` merges them).
    pub lettertypen: Vec<std::path::PathBuf>,
    /// How many documents the build may make.
    pub documents: usize,
}

pub fn foreseen(
    source: &crate::parse::Source,
    tree: &crate::parse::Tree,
    gemeenten: &[String],
    documents: batch::Documents,
) -> Foreseen {
    use crate::parse::{Node, Value};
    let soort = |brief: Option<&Node>| {
        let value = brief?.get("soort")?.to_json();
        serde_json::from_value::<crate::model::Soort>(value)
            .ok()
            .map(crate::model::Soort::id)
    };
    let text = |node: Option<&Node>| match node.map(|n| &n.value) {
        Some(Value::Str(s)) => Some(s.trim().to_owned()),
        _ => None,
    };
    // `sjabloon:` of a `huisstijl:`; `Some("")` for one written empty (no template).
    let sjabloon = |owner: Option<&Node>| text(owner?.get("huisstijl")?.get("sjabloon"));
    // `lettertypen:` of a `huisstijl:`, one path or a list; `None` where not stated.
    let lettertypen = |owner: Option<&Node>| -> Option<Vec<String>> {
        match &owner?.get("huisstijl")?.get("lettertypen")?.value {
            Value::Str(path) => Some(vec![path.clone()]),
            Value::Seq(items) => Some(
                items
                    .iter()
                    .filter_map(|item| match &item.value {
                        Value::Str(path) => Some(path.clone()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    };
    let root = &tree.root;
    let regional = sjabloon(root.get("regio"));
    let regional_fonts = lettertypen(root.get("regio"));
    let mut foreseen = Foreseen::default();
    let mut word_templates: Vec<String> = Vec::new();
    let mut fonts: Vec<String> = Vec::new();
    if documents != batch::Documents::Appendix {
        let shared = soort(root.get("brief"));
        let listed: Vec<&Node> = match root.get("gemeenten") {
            Some(Node {
                value: Value::Seq(items),
                ..
            }) => items.iter().collect(),
            _ => Vec::new(),
        };
        let key = |g: &Node, key: &str| text(g.get(key)).unwrap_or_default().to_lowercase();
        let wanted: Vec<String> = gemeenten.iter().map(|g| g.trim().to_lowercase()).collect();
        let named = |g: &Node| wanted.contains(&key(g, "naam")) || wanted.contains(&key(g, "cbs"));
        // A name that is no municipality's name or code is a folder name (or a
        // mistake): then every municipality may be meant.
        let all = wanted.is_empty() || wanted.len() > listed.iter().filter(|g| named(g)).count();
        for g in listed.iter().filter(|g| all || named(g)) {
            foreseen.documents += 1;
            let own = g.get("brief").and_then(|b| b.get("soort"));
            foreseen.templates.extend(if own.is_some() {
                soort(g.get("brief"))
            } else {
                shared
            });
            word_templates.extend(sjabloon(Some(g)).or_else(|| regional.clone()));
            fonts.extend(
                lettertypen(Some(g))
                    .or_else(|| regional_fonts.clone())
                    .unwrap_or_default(),
            );
        }
        if listed.is_empty() {
            foreseen.templates.extend(shared);
        }
    }
    if documents != batch::Documents::Letters {
        foreseen.documents += 1;
        foreseen.templates.push("samenwerkingsdocument");
        word_templates.extend(regional);
        fonts.extend(regional_fonts.unwrap_or_default());
    }
    foreseen.templates.sort_unstable();
    foreseen.templates.dedup();
    for written in word_templates {
        let path = source.dir.join(&written);
        let known = foreseen.word_templates.iter().any(|(w, _)| *w == written);
        if !written.is_empty() && !known {
            foreseen.word_templates.push((written, path));
        }
    }
    for written in fonts {
        let path = source.dir.join(written);
        if !foreseen.lettertypen.contains(&path) {
            foreseen.lettertypen.push(path);
        }
    }
    foreseen
}

fn count(report: &batch::Report, status: Status) -> usize {
    report.changes.iter().filter(|c| c.status == status).count()
}

/// One line per file with what happened to it, then the totals. Written through one
/// buffer per stream: a line per `write` was a system call per file.
fn print_summary(report: &batch::Report, elapsed: std::time::Duration) {
    use std::io::Write as _;
    let paths: Vec<String> = report
        .changes
        .iter()
        .map(|c| report.out.join(&c.path).display().to_string())
        .collect();
    let width = paths.iter().map(|p| p.chars().count()).max().unwrap_or(0);
    // By path, so that thousands of files are not each searched for in the manifest.
    let entries: std::collections::HashMap<&str, _> = report
        .manifest
        .files
        .iter()
        .map(|f| (f.path.as_str(), f))
        .collect();
    let mut out = String::new();
    for (change, path) in report.changes.iter().zip(&paths) {
        let entry = entries.get(change.path.as_str());
        let pages = entry
            .and_then(|f| f.pages)
            .map_or(String::new(), |p| format!("{p} p."));
        let size = entry.map_or(String::new(), |f| human_size(f.bytes));
        let line = format!(
            "{:<11}  {path:<width$}  {pages:>6}  {size:>8}",
            change.status.label()
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    print!("{out}");
    let warnings: String = report
        .warnings
        .iter()
        .map(|w| format!("waarschuwing: {w}\n"))
        .collect();
    let _ = std::io::stderr().lock().write_all(warnings.as_bytes());
    println!("{}", report.manifest.consistency.summary());
    let totals: Vec<String> = Status::ALL
        .iter()
        .map(|s| format!("{} {}", count(report, *s), s.label()))
        .collect();
    let kept = match report.kept {
        0 => String::new(),
        1 => "; 1 bestand van een eerdere run buiten deze selectie blijft staan".to_owned(),
        n => format!("; {n} bestanden van eerdere runs buiten deze selectie blijven staan"),
    };
    println!(
        "{} bestand(en): {}{kept}",
        report.changes.len(),
        totals.join(", ")
    );
    let municipalities = report
        .manifest
        .files
        .iter()
        .filter_map(|f| f.gemeente.as_ref().map(|g| g.cbs.as_str()))
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    println!(
        "klaar in {} ms; de map bevat de stukken van {} gemeente{}; manifest: {}",
        elapsed.as_millis(),
        municipalities,
        if municipalities == 1 { "" } else { "n" },
        report.out.join(batch::manifest::FILE_NAME).display()
    );
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", (bytes as f64 / 1024.0).ceil())
    }
}
