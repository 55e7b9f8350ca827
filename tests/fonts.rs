//! Fonts: a letter in Carlito (the OFL font under `samples/lettertypen/`), found through
//! the house style's `lettertypen` or `--lettertypen`, shaped with its ligatures,
//! embedded with a ToUnicode map that gives the letters back; broken files and
//! missing families reported in Dutch. The system's fonts are switched off throughout,
//! so the results are the same on every machine.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use lopdf::{Document as LoDocument, Object};
use raadsbrief::compose::Kind;
use raadsbrief::document::{Block, Document, Inline};
use raadsbrief::fonts::{FontBook, FontOptions, SYSTEM_FONTS_ENV};
use raadsbrief::layout::{self, GlyphKind, ItemKind};
use raadsbrief::render::pdf::Pdf;
use raadsbrief::render::Renderer;

const BIN: &str = env!("CARGO_BIN_EXE_raadsbrief");

fn book(dirs: Vec<PathBuf>) -> Arc<FontBook> {
    Arc::new(FontBook::new(FontOptions {
        dirs,
        system: false,
    }))
}

/// Deventer's letter (Carlito in the sample) with a word that has an "fi" ligature.
fn carlito_letter() -> Document {
    let v = common::validated(common::MIJOV);
    let i = v
        .region
        .gemeenten
        .iter()
        .position(|g| g.naam == "Deventer")
        .expect("Deventer in the sample");
    let mut doc = common::document(&v, Kind::Letter(i));
    assert_eq!(doc.page.style.body_font(), "Carlito");
    doc.blocks.push(Block::Paragraph(vec![Inline::plain(
        "De financiële afspraken staan vast.",
    )]));
    doc
}

fn render(doc: &Document, fonts: Arc<FontBook>) -> Vec<u8> {
    Pdf {
        fonts,
        ..Pdf::default()
    }
    .render(doc)
    .expect("renders")
    .bytes
}

fn stream_text(pdf: &LoDocument, o: &Object) -> Option<Vec<u8>> {
    let id = o.as_reference().ok()?;
    let stream = pdf.get_object(id).ok()?.as_stream().ok()?;
    stream
        .decompressed_content()
        .ok()
        .or_else(|| Some(stream.content.clone()))
}

fn resolve<'a>(pdf: &'a LoDocument, o: &'a Object) -> Option<&'a Object> {
    match o {
        Object::Reference(id) => pdf.get_object(*id).ok(),
        other => Some(other),
    }
}

/// (BaseFont, FontFile2 present, ToUnicode text) of every Type0 font.
fn fonts_of(pdf: &LoDocument) -> Vec<(String, bool, String)> {
    let mut out = Vec::new();
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let base = dict
            .get(b"BaseFont")
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let to_unicode = dict
            .get(b"ToUnicode")
            .ok()
            .and_then(|o| stream_text(pdf, o))
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let descendant = dict
            .get(b"DescendantFonts")
            .ok()
            .and_then(|o| resolve(pdf, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| resolve(pdf, o))
            .and_then(|o| o.as_dict().ok());
        let program = descendant
            .and_then(|d| d.get(b"FontDescriptor").ok())
            .and_then(|o| resolve(pdf, o))
            .and_then(|o| o.as_dict().ok())
            .is_some_and(|fd| fd.get(b"FontFile2").is_ok() || fd.get(b"FontFile3").is_ok());
        out.push((base, program, to_unicode));
    }
    out.sort();
    out
}

#[test]
fn a_letter_in_carlito_embeds_carlito_and_its_ligatures_read_as_letters() {
    let doc = carlito_letter();
    let fonts = book(Vec::new());
    let l = layout::layout_with(&doc, &fonts);
    assert!(fonts.notes().is_empty(), "{:?}", fonts.notes());
    // Shaped with the font's ligatures: the "i" of "fi" is drawn by the "f"'s glyph,
    // and the run still holds both letters.
    let runs: Vec<_> = l
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match &i.kind {
            ItemKind::Text(r) => Some(r),
            _ => None,
        })
        .collect();
    let body = runs
        .iter()
        .find(|r| r.text().contains("financiële"))
        .expect("the paragraph is laid out");
    assert_eq!(body.face.font().family, "Carlito");
    let text: Vec<_> = body.glyphs.iter().collect();
    let f = text
        .windows(2)
        .position(|w| w[0].ch == 'f' && w[1].ch == 'i')
        .expect("fi in the run");
    assert_eq!(text[f + 1].kind, GlyphKind::Joined, "no fi ligature");
    assert_ne!(text[f].gid, body.face.font().glyph('f').unwrap_or(0));
    // Widths are Carlito's own: an "n" advances by its hmtx width at the run's size.
    let font = body.face.font();
    let n = text.iter().find(|g| g.ch == 'n').expect("an n");
    let own = f64::from(font.advance(n.gid)) * body.size / font.units_per_em();
    let liberation = raadsbrief::fonts::Face::from_style(false, false).font();
    let other = f64::from(liberation.advance(liberation.glyph('n').unwrap_or(0))) * body.size
        / liberation.units_per_em();
    assert!((n.advance - own).abs() < 0.5, "{} vs {own}", n.advance);
    assert!((own - other).abs() > 0.01);

    let bytes = render(&doc, fonts);
    let pdf = LoDocument::load_mem(&bytes).expect("lopdf reads it");
    let embedded = fonts_of(&pdf);
    assert!(
        embedded
            .iter()
            .any(|(name, _, _)| name.ends_with("+Carlito")),
        "{embedded:?}"
    );
    assert!(
        embedded
            .iter()
            .all(|(name, program, _)| *program && name.contains('+')),
        "every font a subset with its program: {embedded:?}"
    );
    assert!(
        !embedded
            .iter()
            .any(|(name, _, _)| name.contains("Liberation")),
        "the body is Carlito: {embedded:?}"
    );
    // The ligature glyph extracts as "f" + "i" (UTF-16BE 0066 0069).
    let carlito = embedded
        .iter()
        .find(|(name, _, _)| name.ends_with("+Carlito"))
        .map(|(_, _, cmap)| cmap.to_ascii_uppercase())
        .unwrap_or_default();
    assert!(carlito.contains("<00660069>"), "{carlito}");
}

#[test]
fn the_same_letter_in_carlito_gives_the_same_bytes() {
    let doc = carlito_letter();
    assert_eq!(
        render(&doc, book(Vec::new())),
        render(&doc, book(Vec::new()))
    );
}

/// A copy of the MIJOV sample in a temporary folder, with `edit` applied to its text.
fn region(edit: impl Fn(String) -> String) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(common::MIJOV).expect("sample");
    let path = dir.path().join("regio.yaml");
    std::fs::write(&path, edit(text)).expect("write");
    (dir, path)
}

fn build(region: &Path, extra: &[&str]) -> std::process::Output {
    let out = region.parent().expect("folder").join("uit");
    Command::new(BIN)
        .arg("build")
        .arg(region)
        .args([
            "--gemeente",
            "Deventer",
            "--alleen",
            "brieven",
            "--format",
            "pdf",
        ])
        .arg("--out")
        .arg(&out)
        .args(extra)
        .env(SYSTEM_FONTS_ENV, "0")
        .output()
        .expect("runs")
}

fn built_pdf(region: &Path) -> Vec<u8> {
    let dir = region.parent().expect("folder").join("uit/deventer");
    let file = std::fs::read_dir(&dir)
        .expect("output folder")
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "pdf"))
        .expect("a pdf");
    std::fs::read(file.path()).expect("read")
}

#[test]
fn the_lettertypen_option_supplies_a_font_the_region_does_not_ship() {
    let (_dir, path) = region(|t| t.replace("      lettertypen: lettertypen/\n", ""));
    let fonts = std::fs::canonicalize("samples/lettertypen").expect("sample fonts");
    let out = build(
        &path,
        &["--lettertypen", fonts.to_str().expect("utf-8 path")],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("niet gevonden"), "{stderr}");
    let pdf = LoDocument::load_mem(&built_pdf(&path)).expect("pdf");
    assert!(fonts_of(&pdf)
        .iter()
        .any(|(n, _, _)| n.ends_with("+Carlito")));
}

#[test]
fn a_family_that_is_nowhere_is_one_dutch_warning_and_liberation_sans() {
    let (_dir, path) = region(|t| {
        t.replace("      lettertypen: lettertypen/\n", "")
            .replace("lettertype: Carlito", "lettertype: Georgia")
    });
    let out = build(&path, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(
        stderr
            .matches("lettertype ‘Georgia’ is niet gevonden")
            .count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("Liberation Sans"), "{stderr}");
    let pdf = LoDocument::load_mem(&built_pdf(&path)).expect("pdf");
    assert!(fonts_of(&pdf)
        .iter()
        .all(|(n, _, _)| n.contains("LiberationSans")));
}

#[test]
fn a_file_that_is_not_a_font_stops_the_build_with_its_path() {
    let (dir, path) = region(|t| t);
    let fonts = dir.path().join("lettertypen");
    std::fs::create_dir(&fonts).expect("mkdir");
    std::fs::write(fonts.join("Huisletter.ttf"), "<html>geen lettertype</html>").expect("write");
    let out = build(&path, &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("Huisletter.ttf"), "{stderr}");
    assert!(stderr.contains("font-file"), "{stderr}");
    assert!(!dir.path().join("uit").join("deventer").exists());
}

#[test]
fn a_missing_lettertypen_path_is_a_finding_at_its_line() {
    let (_dir, path) = region(|t| t);
    let out = Command::new(BIN)
        .arg("validate")
        .arg(&path)
        .env(SYSTEM_FONTS_ENV, "0")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    let line = std::fs::read_to_string(&path)
        .expect("read")
        .lines()
        .position(|l| l.contains("lettertypen: lettertypen/"))
        .expect("the entry")
        + 1;
    assert!(stdout.contains(&format!("regio.yaml:{line}:")), "{stdout}");
    assert!(stdout.contains("lettertypen/"), "{stdout}");
}

#[test]
fn each_role_is_set_in_its_own_family_in_pdf_docx_and_html() {
    let v = common::validated(common::GOOI);
    let mut doc = common::document(&v, Kind::Letter(0));
    let style = &mut doc.page.style;
    let carlito = style.family_id("Carlito");
    for h in &mut style.headings {
        h.family = carlito;
    }
    style.font_files = vec![PathBuf::from("samples/lettertypen")];
    assert!(doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Heading { .. })));

    // PDF: headings in Carlito, the body in the default Liberation Sans.
    let l = layout::layout_with(&doc, &book(Vec::new()));
    let families: std::collections::BTreeSet<String> = l
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match &i.kind {
            ItemKind::Text(r) => Some(r.face.font().family.clone()),
            _ => None,
        })
        .collect();
    assert!(families.contains("Carlito"), "{families:?}");
    assert!(families.contains("Liberation Sans"), "{families:?}");

    // DOCX: the heading styles name Carlito, the defaults keep Arial.
    let docx = raadsbrief::render::docx::Docx::default()
        .render(&doc)
        .expect("docx")
        .bytes;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut styles = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("word/styles.xml").expect("styles"),
        &mut styles,
    )
    .expect("read");
    let heading = styles
        .split("<w:style ")
        .find(|s| s.contains("w:styleId=\"Heading1\""))
        .expect("Heading1");
    assert!(heading.contains("w:ascii=\"Carlito\""), "{heading}");
    let body = styles
        .split("<w:style ")
        .find(|s| s.contains("w:styleId=\"BodyText\""))
        .expect("BodyText");
    assert!(body.contains("w:ascii=\"Arial\""), "{body}");

    // HTML: the headings' rule names Carlito first.
    let html = raadsbrief::render::html::Html
        .render(&doc)
        .expect("html")
        .bytes;
    let html = String::from_utf8(html).expect("utf-8");
    let kop1 = html
        .lines()
        .find(|l| l.trim_start().starts_with(".kop1 {"))
        .expect(".kop1 rule");
    assert!(
        kop1.contains("font-family: \"Carlito\", var(--font)"),
        "{kop1}"
    );
}

/// A font file replaced between the moment its family was matched and its first use
/// (someone copies another version over it during a build): the PDF is refused with
/// the file's path, not drawn from a mix of the two.
#[test]
fn a_font_file_changed_after_matching_refuses_the_pdf() {
    let dir = tempfile::tempdir().expect("temp dir");
    for face in ["Regular", "Bold"] {
        let mut bytes =
            std::fs::read(format!("samples/lettertypen/Carlito-{face}.ttf")).expect("Carlito");
        // A program of its own, so no other test's Carlito is taken for it.
        bytes[16] ^= 0x5a;
        std::fs::write(dir.path().join(format!("Carlito-{face}.ttf")), bytes).expect("write");
    }
    let mut doc = carlito_letter();
    doc.page.style.font_files = vec![dir.path().to_path_buf()];
    let fonts = book(Vec::new());
    let family = fonts.family("Carlito", &doc.page.style.font_files);
    assert!(family.font(false, false).origin.contains("Carlito-Regular"));
    let path = dir.path().join("Carlito-Regular.ttf");
    let mut other = std::fs::read(&path).expect("read");
    other[17] ^= 0x5a;
    std::fs::write(&path, other).expect("write");
    let err = Pdf {
        fonts,
        ..Pdf::default()
    }
    .render(&doc)
    .expect_err("refused");
    let text = err.to_string();
    assert!(text.contains("tijdens de build veranderd"), "{text}");
    assert!(text.contains("Carlito-Regular.ttf"), "{text}");
    assert_eq!(err.exit_code(), 1, "{text}");
}

/// The appendix in Carlito, found once through the region's `lettertypen` and once only
/// through `--lettertypen`: either way the DOCX measures its table columns in the run's
/// fonts, as the PDF sets them (it used to measure in a book of its own, which knew no
/// `--lettertypen` folder, and took Liberation Sans).
#[test]
fn docx_table_columns_are_measured_in_the_fonts_of_the_run() {
    let fonts = std::fs::canonicalize("samples/lettertypen").expect("sample fonts");
    let fonts = fonts.to_str().expect("utf-8 path");
    let grid = |style: String, extra: &[&str]| -> Vec<String> {
        let (dir, path) = region(|t| {
            // Deventer's own `lettertypen` is relative to the sample's folder.
            t.replace("      lettertypen: lettertypen/\n", "").replacen(
                "    organisatie: Zorgregio Midden-IJssel/Oost-Veluwe\n",
                &format!("    organisatie: Zorgregio Midden-IJssel/Oost-Veluwe\n{style}"),
                1,
            )
        });
        let out_dir = dir.path().join("uit");
        let out = Command::new(BIN)
            .arg("build")
            .arg(&path)
            .args([
                "--alleen",
                "samenwerkingsdocument",
                "--format",
                "docx",
                "--out",
            ])
            .arg(&out_dir)
            .args(extra)
            .env(SYSTEM_FONTS_ENV, "0")
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let file = std::fs::read_dir(&out_dir)
            .expect("output folder")
            .flatten()
            .find(|e| e.path().extension().is_some_and(|x| x == "docx"))
            .expect("a docx");
        let mut zip =
            zip::ZipArchive::new(std::fs::File::open(file.path()).expect("open")).expect("a zip");
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/document.xml").expect("document.xml"),
            &mut xml,
        )
        .expect("utf-8");
        xml.split("<w:gridCol w:w=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_owned)
            .collect()
    };
    let carlito = "  huisstijl:\n    lettertype: Carlito\n".to_owned();
    let named = grid(format!("{carlito}    lettertypen: {fonts}\n"), &[]);
    let given = grid(carlito.clone(), &["--lettertypen", fonts]);
    assert!(!named.is_empty(), "the appendix has tables");
    assert_eq!(named, given);
    // The font does change them: without Carlito, Liberation Sans gives other columns.
    assert_ne!(named, grid(carlito, &[]));
}
