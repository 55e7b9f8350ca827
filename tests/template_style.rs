//! A Word template's styles, page and header/footer bands, applied to a letter and
//! read back from the layout, the PDF and the HTML (`samples/sjablonen/`).
//!
//! Set `RAADSBRIEF_PDF_OUT=/some/dir` to keep the PDFs for checking them by hand with
//! `.ci/pdf_validate.py`.

use std::collections::BTreeMap;
use std::io::Read;

use lopdf::content::Content;
use lopdf::{Document as LoDocument, Object};

use raadsbrief::document::style::{HouseStyle, PT_PER_CM};
use raadsbrief::document::{Block, Document, Inline, PageStyle, Properties};
use raadsbrief::layout::{self, ItemKind, Layout};
use raadsbrief::model::Date;
use raadsbrief::word_template::apply_style;

fn unzip(path: &str) -> BTreeMap<String, Vec<u8>> {
    let file = std::fs::File::open(path).expect("sample template");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).expect("read");
        parts.insert(f.name().to_owned(), bytes);
    }
    parts
}

fn style_of(sample: &str) -> (HouseStyle, Vec<String>) {
    let parts = unzip(&format!("samples/sjablonen/{sample}.dotx"));
    let mut style = HouseStyle::default();
    let warnings = apply_style(&parts, &mut style);
    (style, warnings)
}

const TEXT: &str = "De gemeenteraad wordt via deze raadsinformatiebrief geïnformeerd over de \
    regionale samenwerkingsafspraken die de colleges in het kader van de Norm voor \
    Opdrachtgeverschap hebben gemaakt, en over wat dat voor de jeugdhulp betekent.";

fn letter(style: HouseStyle) -> Document {
    let mut blocks = vec![Block::heading(1, vec![Inline::plain("Aanleiding")])];
    for _ in 0..14 {
        blocks.push(Block::Paragraph(vec![Inline::plain(TEXT)]));
    }
    Document::new(
        Properties {
            title: "Raadsinformatiebrief".into(),
            subject: "NvO".into(),
            author: "College".into(),
            keywords: Vec::new(),
            language: "nl-NL".into(),
            date: Date {
                year: 2026,
                month: 11,
                day: 23,
            },
        },
        PageStyle {
            header: String::new(),
            footer: String::new(),
            draft: false,
            logo: None,
            style,
        },
        blocks,
    )
}

/// Each page's text runs: (text, x, y of the baseline, size).
fn runs(layout: &Layout, page: usize) -> Vec<(String, f64, f64, f64)> {
    layout.pages[page]
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Text(r) => Some((r.text(), r.x, r.y, r.size)),
            _ => None,
        })
        .collect()
}

fn page_text(layout: &Layout, page: usize) -> String {
    runs(layout, page)
        .into_iter()
        .map(|r| r.0)
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The body text's runs (not the bands'): those of the body's size.
fn body_edges(layout: &Layout, size: f64) -> (f64, f64) {
    let body: Vec<_> = runs(layout, 0)
        .into_iter()
        .filter(|r| (r.3 - size).abs() < 0.01 && r.0.contains("gemeenteraad"))
        .collect();
    let left = body.iter().map(|r| r.1).fold(f64::MAX, f64::min);
    let top = body.iter().map(|r| r.2 - r.3).fold(f64::MAX, f64::min);
    (left, top)
}

fn keep(name: &str, bytes: &[u8]) {
    if let Ok(dir) = std::env::var("RAADSBRIEF_PDF_OUT") {
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).expect("write");
    }
}

#[test]
fn huizen_margins_sizes_fonts_and_bands_in_the_pdf() {
    let (style, warnings) = style_of("huizen");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(style.body.size, 10.0, "body size from docDefaults");
    assert_eq!(
        style.body_font(),
        "Carlito",
        "body in the theme's minor font"
    );
    assert_eq!(style.family(style.headings[0].family), "Arial");
    assert_eq!(
        style.family(style.headings[1].family),
        "Arial",
        "Heading 2 based on 1"
    );
    assert_eq!(style.headings[1].size, 12.5);
    let doc = letter(style);
    let lay = layout::layout(&doc);
    assert!(lay.pages.len() >= 2, "two pages at least");
    let (left, top) = body_edges(&lay, 10.0);
    assert!((left - 3.0 * PT_PER_CM).abs() < 0.5, "left edge {left}");
    assert!(top >= 4.0 * PT_PER_CM - 0.5, "top {top}");
    let p1 = page_text(&lay, 0);
    assert!(
        p1.contains("Gemeente Huizen") && p1.contains("Voorbeeldadres"),
        "{p1}"
    );
    let n = lay.pages.len();
    assert!(p1.contains(&format!("1 / {n}")), "{p1}");
    let p2 = page_text(&lay, 1);
    assert!(p2.contains(&format!("2 / {n}")), "{p2}");
    assert!(p2.contains("Gemeente Huizen"), "the later header: {p2}");
    // The anchored logo: 14 cm from the page's left, 1 cm from the top, first page only.
    let logo: Vec<_> = lay.pages[0]
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            ItemKind::Image(b) => Some(b.rect),
            _ => None,
        })
        .collect();
    assert_eq!(logo.len(), 1);
    assert!((logo[0].x - 14.0 * PT_PER_CM).abs() < 0.01);
    assert!((logo[0].y - 1.0 * PT_PER_CM).abs() < 0.01);
    assert!(!lay.pages[1]
        .items
        .iter()
        .any(|i| matches!(i.kind, ItemKind::Image(_))));

    // The PDF draws it there: x and (from the bottom) y in the page's `cm`.
    let pdf = raadsbrief::render::pdf::render_layout(&doc, &lay).expect("pdf");
    keep("huizen.pdf", &pdf.bytes);
    let again = raadsbrief::render::pdf::render(&doc).expect("pdf");
    assert_eq!(pdf.bytes, again.bytes, "byte-identical");
    let lo = LoDocument::load_mem(&pdf.bytes).expect("reads");
    let first = *lo.get_pages().get(&1).expect("page 1");
    let content = Content::decode(&lo.get_page_content(first)).expect("ops");
    let placed = content.operations.iter().any(|op| {
        let v: Vec<f32> = op
            .operands
            .iter()
            .filter_map(|o| o.as_float().ok())
            .collect();
        op.operator == "cm"
            && v.len() == 6
            && (f64::from(v[4]) - 14.0 * PT_PER_CM).abs() < 0.05
            && (f64::from(v[5] + v[3]) - (doc.page.style.page.height - PT_PER_CM)).abs() < 0.05
    });
    assert!(placed, "the logo's cm on page 1");
    let xobjects = lo.objects.values().filter(|o| matches!(o, Object::Stream(s) if s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image".as_slice()))).count();
    assert_eq!(xobjects, 1);
}

#[test]
fn gooise_meren_letterhead_table_and_later_page_header() {
    let (style, warnings) = style_of("gooise-meren");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(style.body_font(), "Carlito");
    let size = style.body.size;
    let doc = letter(style);
    let lay = layout::layout(&doc);
    assert!(lay.pages.len() >= 2);
    let (left, top) = body_edges(&lay, size);
    assert!((left - 2.5 * PT_PER_CM).abs() < 0.5, "left edge {left}");
    assert!(top >= 3.0 * PT_PER_CM - 0.5, "top {top}");
    let p1 = page_text(&lay, 0);
    assert!(
        p1.contains("Voorbeeldadres 1") && p1.contains("Gemeente Gooise Meren"),
        "{p1}"
    );
    assert!(
        p1.contains("www.voorbeeld-gooisemeren.nl"),
        "first-page footer: {p1}"
    );
    let p2 = page_text(&lay, 1);
    assert!(p2.contains("pagina 2"), "{p2}");
    let n = lay.pages.len();
    assert!(p2.contains(&format!("Pagina 2 van {n}")), "{p2}");
    // The paragraph clears the Header style's centre and right stops and sets its own
    // right stop at the text's right edge (9355 twips): "pagina 2" ends there.
    let all = runs(&lay, 1);
    let y = all
        .iter()
        .find(|r| r.0.contains("pagina"))
        .expect("pagina")
        .2;
    let line: Vec<_> = all
        .into_iter()
        .filter(|r| r.2 == y && (r.0.contains("pagina") || r.0.trim() == "2"))
        .collect();
    assert_eq!(line.len(), 2, "{line:?}");
    let g = doc.page.style.page;
    let start = line[0].1;
    let end = line[1].1 + line[1].0.len() as f64 * 0.556 * line[1].3;
    let stop = g.margin_left + 9355.0 / 20.0;
    assert!(
        (end - stop).abs() < 3.0,
        "{line:?} ends at {end}, the stop is at {stop}"
    );
    assert!(start < stop - 20.0, "{line:?}");
    // The logo in the table's first cell, on the first page.
    assert!(lay.pages[0]
        .items
        .iter()
        .any(|i| matches!(i.kind, ItemKind::Image(_))));
    let pdf = raadsbrief::render::pdf::render_layout(&doc, &lay).expect("pdf");
    keep("gooise-meren.pdf", &pdf.bytes);
}

#[test]
fn html_shows_the_header_and_footer_text() {
    let (style, _) = style_of("huizen");
    let html = String::from_utf8(raadsbrief::render::html::render(&letter(style)).expect("html"))
        .expect("utf-8");
    assert!(html.contains("Gemeente Huizen"), "header");
    assert!(html.contains("www.voorbeeld-huizen.nl"), "footer");
    assert!(html.contains("data:image/png;base64,"), "the logo embedded");
    let (style, _) = style_of("gooise-meren");
    let html = String::from_utf8(raadsbrief::render::html::render(&letter(style)).expect("html"))
        .expect("utf-8");
    assert!(html.contains("1401 XX  Bussum") || html.contains("1401 XX&nbsp; Bussum"));
}

#[test]
fn a_text_box_in_a_header_gives_one_warning() {
    let mut parts = unzip("samples/sjablonen/huizen.dotx");
    let header = String::from_utf8(parts["word/header1.xml"].clone()).expect("utf-8");
    let box_ = r#"<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Vak</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"#;
    let twice = format!("<w:p>{box_}{box_}</w:p></w:hdr>");
    parts.insert(
        "word/header1.xml".into(),
        header.replace("</w:hdr>", &twice).into_bytes(),
    );
    let mut style = HouseStyle::default();
    let warnings = apply_style(&parts, &mut style);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("Koptekst eerste pagina (header1.xml)"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("tekstvak"), "{}", warnings[0]);
}
