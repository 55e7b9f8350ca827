//! What every fuzz input, and every input the fuzzer ever found, goes through.
//!
//! The fuzz targets (`fuzz/fuzz_targets/*.rs`) call this file, and `tests/robustness.rs`
//! includes the same file with `#[path]` to replay `tests/regressions/`, so an input that
//! once failed is checked by `cargo test` with exactly the checks the fuzzer applied.
//! It depends on nothing but raadsbrief and two crates raadsbrief already depends on.
//!
//! The checks, beyond "does not panic":
//! - a refused input gives findings that each say where (line and column ≥ 1), what and
//!   how to fix it, and that render with their snippet;
//! - a valid input composes, and a composed document renders to a DOCX whose every XML
//!   part is well-formed XML 1.0 (no character XML forbids, not even as `&#…;`) and reads
//!   back, and to a PDF that lopdf loads with the page count the renderer reported.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use raadsbrief::compose::{Composer, Kind};
use raadsbrief::diagnostics::Finding;
use raadsbrief::document::Document;
use raadsbrief::error::Error;
use raadsbrief::model::Region;
use raadsbrief::parse::Source;
use raadsbrief::render::{docx, pdf};
use raadsbrief::templates::Templates;
use raadsbrief::validate::{validate_source, Validated};

/// Letters composed per input, besides the appendix. Every letter of a region runs the
/// same code with a different name; more letters cost time, not coverage.
pub const MAX_LETTERS: usize = 1;

/// The repository root, wherever this file is compiled from (the fuzz crate or the
/// main crate's tests): the folder that holds `samples/`.
pub fn repo_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if here.join("samples").is_dir() {
        here
    } else {
        here.parent().map(Path::to_path_buf).unwrap_or(here)
    }
}

/// The folder relative paths in fuzzed files resolve against: it holds a real logo
/// (`logo.png`), so mutations can reach the logo code.
pub fn base_dir() -> PathBuf {
    repo_root().join("tests").join("data")
}

/// The built-in templates, compiled once per process.
pub fn templates() -> &'static Templates {
    static TEMPLATES: OnceLock<Templates> = OnceLock::new();
    TEMPLATES.get_or_init(|| Templates::builtin().expect("the built-in templates compile"))
}

/// The validated Gooi en Vechtstreek sample, read once per process.
pub fn gooi() -> &'static Validated {
    static GOOI: OnceLock<Validated> = OnceLock::new();
    GOOI.get_or_init(|| {
        let path = repo_root().join("samples").join("gooi-en-vechtstreek.yaml");
        raadsbrief::validate::validate_file(&path).expect("the Gooi sample validates")
    })
}

/// Target 1: arbitrary bytes as a region file, through every stage.
pub fn region_bytes(data: &[u8]) {
    let source = match Source::from_bytes("fuzz.yaml".into(), base_dir(), data.to_vec()) {
        Ok(source) => source,
        Err(e) => return check_refusal(&e, None),
    };
    let text = source.text.clone();
    match validate_source(source) {
        Ok(validated) => {
            for w in &validated.warnings {
                check_finding(w, Some(&text));
            }
            compose_and_render(&validated.region, &validated.source.dir, true);
        }
        Err(e) => check_refusal(&e, Some(&text)),
    }
}

/// Target 2 (structure-aware): the Gooi sample with one text field, or all of them,
/// replaced by arbitrary text. The first byte chooses the field (past the last field:
/// all of them), the rest is the text, decoded leniently.
///
/// The text goes into the typed [`Region`] directly, as if YAML had delivered it, so
/// nearly every input reaches the templates and both renderers instead of stopping in
/// the YAML parser. Validation is skipped, so a composition may fail, but only with a
/// message (a placeholder `{onbekend}`, say), never a panic.
pub fn region_text(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut region = gooi().region.clone();
    let mut fields = text_fields(&mut region);
    let which = usize::from(selector) % (fields.len() + 1);
    match fields.get_mut(which) {
        Some((_, field)) => **field = text.to_string(),
        None => {
            for (_, field) in fields.iter_mut() {
                **field = text.to_string();
            }
        }
    }
    compose_and_render(&region, &gooi().source.dir, false);
}

/// Every free-text field of a region, named as in the YAML file. Optional fields are
/// filled in (empty) so they can be set. Enumerations, booleans and lists of subjects
/// are not text and are left alone.
pub fn text_fields(r: &mut Region) -> Vec<(String, &mut String)> {
    let mut out: Vec<(String, &mut String)> = Vec::new();
    let name = |base: &str, field: &str| format!("{base}.{field}");
    out.push(("regio.naam".into(), &mut r.regio.naam));
    let a = &mut r.regio.aanspreekpunt;
    out.push(("regio.aanspreekpunt.naam".into(), &mut a.naam));
    out.push(("regio.aanspreekpunt.rol".into(), &mut a.rol));
    out.push(("regio.aanspreekpunt.organisatie".into(), &mut a.organisatie));
    for (i, g) in r.gemeenten.iter_mut().enumerate().take(2) {
        let base = format!("gemeenten[{i}]");
        out.push((name(&base, "naam"), &mut g.naam));
        out.push((name(&base, "cbs"), &mut g.cbs));
        out.push((name(&base, "portefeuillehouder"), &mut g.portefeuillehouder));
        out.push((
            name(&base, "adressering.college"),
            &mut g.adressering.college,
        ));
        out.push((name(&base, "adressering.raad"), &mut g.adressering.raad));
        out.push((
            name(&base, "huisstijl.kleur"),
            g.huisstijl.kleur.get_or_insert_with(String::new),
        ));
        out.push((
            name(&base, "huisstijl.lettertype"),
            g.huisstijl.lettertype.get_or_insert_with(String::new),
        ));
    }
    let d = &mut r.samenwerkingsdocument;
    out.push(("samenwerkingsdocument.titel".into(), &mut d.titel));
    out.push((
        "samenwerkingsdocument.ondertitel".into(),
        d.ondertitel.get_or_insert_with(String::new),
    ));
    out.push((
        "samenwerkingsdocument.vastgesteld".into(),
        &mut d.vastgesteld,
    ));
    out.push((
        "samenwerkingsdocument.inleiding".into(),
        d.inleiding.get_or_insert_with(String::new),
    ));
    for (i, a) in d.afspraken.iter_mut().enumerate() {
        let base = format!("samenwerkingsdocument.afspraken[{i}]");
        out.push((name(&base, "label"), &mut a.label));
        out.push((
            name(&base, "samenvatting"),
            a.samenvatting.get_or_insert_with(String::new),
        ));
        out.push((name(&base, "tekst"), &mut a.tekst));
    }
    for (i, b) in d.basisfuncties.iter_mut().enumerate() {
        let base = format!("samenwerkingsdocument.basisfuncties[{i}]");
        out.push((name(&base, "label"), &mut b.label));
        out.push((
            name(&base, "toelichting"),
            b.toelichting.get_or_insert_with(String::new),
        ));
    }
    for (i, b) in d.brondocumenten.iter_mut().enumerate() {
        let base = format!("samenwerkingsdocument.brondocumenten[{i}]");
        out.push((name(&base, "titel"), &mut b.titel));
        out.push((
            name(&base, "omschrijving"),
            b.omschrijving.get_or_insert_with(String::new),
        ));
        out.push((name(&base, "url"), b.url.get_or_insert_with(String::new)));
    }
    let b = &mut r.brief;
    out.push(("brief.datum".into(), &mut b.datum));
    out.push((
        "brief.kenmerk".into(),
        b.kenmerk.get_or_insert_with(String::new),
    ));
    out.push(("brief.onderwerp".into(), &mut b.onderwerp));
    out.push((
        "brief.kennisnemen-van".into(),
        b.kennisnemen_van.get_or_insert_with(String::new),
    ));
    out.push(("brief.aanleiding".into(), &mut b.aanleiding));
    out.push(("brief.kernboodschap".into(), &mut b.kernboodschap));
    out.push((
        "brief.consequenties".into(),
        b.consequenties.get_or_insert_with(String::new),
    ));
    out.push((
        "brief.vervolg".into(),
        b.vervolg.get_or_insert_with(String::new),
    ));
    if b.bijlagen.is_empty() {
        b.bijlagen.push(String::new());
    }
    for (i, bijlage) in b.bijlagen.iter_mut().enumerate() {
        out.push((format!("brief.bijlagen[{i}]"), bijlage));
    }
    out
}

/// Composes the first letters and the appendix and renders each in both formats.
/// `validated`: the region passed validation, so composing must succeed; otherwise a
/// composition may fail, with a message a user can act on.
pub fn compose_and_render(region: &Region, base_dir: &Path, validated: bool) {
    // A refused template stops a run before composing, as in the batch.
    let (word_templates, findings) =
        raadsbrief::compose::word_templates::load(region, base_dir, &|_| (String::new(), (1, 1)));
    if findings.iter().any(|f| f.is_error()) {
        return;
    }
    let composer = Composer {
        region,
        templates: templates(),
        base_dir,
        word_templates: &word_templates,
    };
    let letters = region.gemeenten.len().min(MAX_LETTERS);
    for kind in (0..letters).map(Kind::Letter).chain([Kind::Appendix]) {
        match composer.compose(kind) {
            Ok(doc) => {
                render_checked(&doc);
            }
            Err(e) if validated => panic!("a validated region does not compose ({kind:?}): {e}"),
            Err(e) => check_refusal(&e, None),
        }
    }
}

/// Renders `doc` as DOCX and PDF and checks that both files are what they claim to be.
pub fn render_checked(doc: &Document) -> Renders {
    let docx = docx::render(doc).unwrap_or_else(|e| panic!("DOCX render failed: {e}"));
    check_docx(&docx);
    let pdf = pdf::render(doc).unwrap_or_else(|e| panic!("PDF render failed: {e}"));
    check_pdf(&pdf);
    Renders { docx, pdf }
}

/// Both files of one document.
pub struct Renders {
    pub docx: Vec<u8>,
    pub pdf: pdf::PdfOutput,
}

/// Every XML part of the package is well-formed XML 1.0, and the body reads back.
pub fn check_docx(bytes: &[u8]) {
    let names = docx::read::part_names(bytes).expect("the DOCX is a zip archive");
    for name in names
        .iter()
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        let xml = docx::read::part(bytes, name).expect("every XML part is UTF-8");
        if let Err(problem) = well_formed(&xml) {
            panic!("DOCX part {name} is not well-formed XML: {problem}");
        }
    }
    docx::read::docx_text(bytes).expect("the DOCX body reads back");
}

/// Checks `xml` as a conforming XML 1.0 parser would: balanced, properly nested
/// elements, valid escapes, and no character outside XML's `Char` production, neither
/// literally nor as a character reference. (Word refuses a whole file for one U+000B.)
pub fn well_formed(xml: &str) -> Result<(), String> {
    use quick_xml::events::Event;
    if let Some(c) = xml.chars().find(|c| !is_xml_char(*c)) {
        return Err(format!(
            "contains U+{:04X}, which XML 1.0 forbids",
            c as u32
        ));
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = 0usize;
    let mut roots = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
            }
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Empty(_)) if depth == 0 => roots += 1,
            Ok(Event::Text(t)) => {
                if depth == 0 && !t.iter().all(u8::is_ascii_whitespace) {
                    return Err("text outside the root element".into());
                }
            }
            Ok(Event::GeneralRef(r)) => match r.resolve_char_ref() {
                Ok(Some(c)) if !is_xml_char(c) => {
                    return Err(format!(
                        "has a reference to U+{:04X}, which XML 1.0 forbids",
                        c as u32
                    ))
                }
                Ok(Some(_)) => {}
                Ok(None) => {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    if quick_xml::escape::resolve_predefined_entity(&name).is_none() {
                        return Err(format!("uses the undefined entity &{name};"));
                    }
                }
                Err(e) => return Err(e.to_string()),
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(format!("at byte {}: {e}", reader.error_position())),
        }
    }
    if depth != 0 {
        return Err("an element is not closed".into());
    }
    if roots != 1 {
        return Err(format!("{roots} root elements instead of one"));
    }
    Ok(())
}

/// XML 1.0's `Char`: tab, line feed, carriage return and everything from U+0020 except
/// the surrogates (which a Rust `char` cannot be) and U+FFFE/U+FFFF.
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// The PDF loads with lopdf and has the page count the renderer reported.
pub fn check_pdf(out: &pdf::PdfOutput) {
    assert!(out.pages >= 1, "a PDF has at least one page");
    let doc = lopdf::Document::load_mem(&out.bytes)
        .unwrap_or_else(|e| panic!("the PDF does not load with lopdf: {e}"));
    assert_eq!(
        doc.get_pages().len(),
        out.pages,
        "the PDF's page tree disagrees with the reported page count"
    );
}

/// A refusal is findings or one message, never an internal failure for input that
/// merely has to be corrected; each finding is complete and renders.
pub fn check_refusal(err: &Error, text: Option<&str>) {
    match err {
        Error::Invalid(findings) => {
            assert!(!findings.is_empty(), "an Invalid error without findings");
            for f in findings {
                check_finding(f, text);
            }
        }
        Error::Failed { message, help } | Error::Usage { message, help } => {
            assert!(!message.trim().is_empty(), "an error without a message");
            let shown = err.to_string();
            assert!(
                !shown.contains("panicked") && !shown.contains("RUST_BACKTRACE"),
                "{shown}"
            );
            let _ = help;
        }
    }
}

/// A finding says where, what and how to fix it, and renders with or without its
/// source.
pub fn check_finding(f: &Finding, text: Option<&str>) {
    assert!(f.line >= 1 && f.column >= 1, "finding at line 0: {f:?}");
    assert!(
        !f.message.trim().is_empty(),
        "finding without message: {f:?}"
    );
    assert!(!f.help.trim().is_empty(), "finding without help: {f:?}");
    if let Some(text) = text {
        let lines = text.lines().count().max(1);
        assert!(
            f.line <= lines + 1,
            "finding at line {} of a {lines}-line file: {f:?}",
            f.line
        );
    }
    let rendered = f.render(text);
    assert!(rendered.contains(&f.message), "{rendered}");
    let _ = f.render(None);
}
