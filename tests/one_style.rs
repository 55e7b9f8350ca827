//! One house style, three renderers: the DOCX's Word styles, the PDF's layout and the
//! HTML's CSS all carry the numbers of the document's `HouseStyle`.
//!
//! The style under test is deliberately not the built-in one (other sizes, margins,
//! logo side, footer alignment, accent), so a renderer that kept a number of its own
//! would show here rather than agree by coincidence.

mod common;

use std::path::Path;

use raadsbrief::compose::{load_logo, Kind};
use raadsbrief::document::style::{Align, HouseStyle, Side, PT_PER_CM};
use raadsbrief::document::{Document, Rgb};
use raadsbrief::layout::{self, ItemKind, Layout, Role};
use raadsbrief::render::docx::read;

fn custom_style() -> HouseStyle {
    let mut s = HouseStyle::with_accent(Rgb(0x8B, 0x1A, 0x3C)).justified(true);
    s.page.margin_left = 3.0 * PT_PER_CM;
    s.page.margin_right = 2.0 * PT_PER_CM;
    s.page.margin_bottom = 2.2 * PT_PER_CM;
    s.body.size = 11.0;
    s.body.line_height = 15.0;
    s.body.space_after = 8.0;
    s.title.size = 22.0;
    s.headings[0].size = 15.0;
    s.headings[1].size = 12.5;
    s.headings[2].size = 11.5;
    s.footer.text.align = Align::Center;
    s.logo.side = Side::Left;
    s.logo.height = 28.0;
    s
}

fn styled(kind: Kind) -> Document {
    let v = common::validated(common::GOOI);
    let mut doc = common::document(&v, kind);
    doc.page.style = custom_style();
    doc.page.logo = Some(
        load_logo(
            Path::new("tests/data/logo.png"),
            "Logo gemeente Blaricum".into(),
        )
        .expect("test logo loads"),
    );
    doc
}

/// The `w:style` element with this id in styles.xml.
fn word_style<'a>(styles: &'a str, id: &str) -> &'a str {
    let start = styles
        .find(&format!("w:styleId=\"{id}\""))
        .unwrap_or_else(|| panic!("style {id} missing"));
    let end = styles[start..].find("</w:style>").expect("style closes") + start;
    &styles[start..end]
}

/// The value of `attr` on the first `element` in `xml`.
fn attr(xml: &str, element: &str, attr: &str) -> Option<String> {
    let at = xml.find(&format!("<{element} "))?;
    let tag_end = xml[at..].find('>')? + at;
    let tag = &xml[at..tag_end];
    let key = format!("{attr}=\"");
    let v = tag.find(&key)? + key.len();
    let len = tag[v..].find('"')?;
    Some(tag[v..v + len].to_owned())
}

fn twips(pt: f64) -> String {
    ((pt * 20.0).round() as u32).to_string()
}

fn half_points(pt: f64) -> String {
    ((pt * 2.0).round() as u32).to_string()
}

/// Sizes of the glyph runs of content nodes with `role`.
fn run_sizes(l: &Layout, role: Role) -> Vec<f64> {
    let mut sizes = Vec::new();
    for page in &l.pages {
        for item in &page.items {
            if let ItemKind::Text(run) = &item.kind {
                if l.nodes[item.node].role == role && !run.glyphs.is_empty() {
                    sizes.push(run.size);
                }
            }
        }
    }
    sizes
}

#[test]
fn word_styles_carry_the_house_style() {
    let s = custom_style();
    let docx = raadsbrief::render::docx::render(&styled(Kind::Letter(0))).expect("renders");
    let styles = read::part(&docx, "word/styles.xml").unwrap();
    for (id, role) in [
        ("BodyText", &s.body),
        ("Title", &s.title),
        ("Heading1", &s.headings[0]),
        ("Heading2", &s.headings[1]),
        ("Heading3", &s.headings[2]),
        ("TableText", &s.table.text),
    ] {
        let def = word_style(&styles, id);
        assert_eq!(
            attr(def, "w:sz", "w:val"),
            Some(half_points(role.size)),
            "{id}"
        );
        assert_eq!(
            attr(def, "w:spacing", "w:after"),
            Some(twips(role.space_after)),
            "{id}"
        );
        assert_eq!(
            attr(def, "w:spacing", "w:line"),
            Some(twips(role.line_height)),
            "{id}"
        );
        assert_eq!(
            attr(def, "w:color", "w:val"),
            Some(role.color.hex()),
            "{id}"
        );
    }
    assert_eq!(
        attr(word_style(&styles, "BodyText"), "w:jc", "w:val").as_deref(),
        Some("both"),
        "uitvullen justifies the body"
    );
    assert_eq!(
        attr(word_style(&styles, "Footer"), "w:jc", "w:val").as_deref(),
        Some("center")
    );

    let document = read::part(&docx, "word/document.xml").unwrap();
    assert_eq!(attr(&document, "w:pgSz", "w:w"), Some(twips(s.page.width)));
    assert_eq!(attr(&document, "w:pgSz", "w:h"), Some(twips(s.page.height)));
    assert_eq!(
        attr(&document, "w:pgMar", "w:left"),
        Some(twips(s.page.margin_left))
    );
    assert_eq!(
        attr(&document, "w:pgMar", "w:right"),
        Some(twips(s.page.margin_right))
    );
    assert_eq!(
        attr(&document, "w:pgMar", "w:bottom"),
        Some(twips(s.page.margin_bottom))
    );
    assert_eq!(
        attr(&document, "w:pgMar", "w:header"),
        Some(twips(s.page.header_distance))
    );

    // The logo stands left of the header text, as the style says.
    let header = read::part(&docx, "word/header1.xml").unwrap();
    let (logo, text) = (
        header.find("<w:drawing>").expect("logo in the header"),
        header.find("Gemeente Blaricum").expect("header text"),
    );
    assert!(logo < text, "logo left of the text");
    let height_emu: u64 = attr(&header, "wp:extent", "cy").unwrap().parse().unwrap();
    assert_eq!(height_emu, (s.logo.height * 12_700.0).round() as u64);
}

#[test]
fn the_pdf_lays_out_with_the_same_numbers() {
    let s = custom_style();
    let doc = styled(Kind::Letter(0));
    let l = layout::layout(&doc);
    assert_eq!(l.page_width, s.page.width);
    assert_eq!(l.page_height, s.page.height);
    assert!((l.frame.body.x - s.page.margin_left).abs() < 1e-9);
    assert!((l.frame.body.right() - (s.page.width - s.page.margin_right)).abs() < 1e-9);
    assert!((l.frame.body.bottom() - (s.page.height - s.page.margin_bottom)).abs() < 1e-9);

    let paragraphs = run_sizes(&l, Role::Paragraph);
    assert!(!paragraphs.is_empty());
    assert!(paragraphs.iter().all(|&size| size == s.body.size));
    for level in 1..=3u8 {
        let sizes = run_sizes(&l, Role::Heading(level));
        assert!(
            sizes.iter().all(|&size| size == s.heading(level).size),
            "heading {level}: {sizes:?}"
        );
    }

    // The logo on the left margin, as tall as the style says; the footer centred.
    let mut logo = None;
    let mut footer_centres = Vec::new();
    for page in &l.pages {
        for item in &page.items {
            match (&item.kind, l.nodes[item.node].role) {
                (ItemKind::Image(image), Role::HeaderArtifact) => logo = Some(image.rect),
                (ItemKind::Text(run), Role::FooterArtifact) => {
                    footer_centres.push(run.x + run.width() / 2.0)
                }
                _ => {}
            }
        }
    }
    let logo = logo.expect("logo drawn");
    assert!((logo.x - s.page.margin_left).abs() < 1e-9);
    assert!((logo.height - s.logo.height).abs() < 1e-9);
    let centre = s.page.margin_left + s.page.text_width() / 2.0;
    assert!(!footer_centres.is_empty());
    for c in footer_centres {
        assert!((c - centre).abs() < 0.5, "footer centred: {c} vs {centre}");
    }
}

#[test]
fn table_headers_look_alike_in_docx_and_pdf() {
    let s = custom_style();
    let doc = styled(Kind::Appendix);
    let l = layout::layout(&doc);
    let fills: Vec<Rgb> = l
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match &i.kind {
            ItemKind::Fill(f) => Some(f.color),
            _ => None,
        })
        .collect();
    assert!(fills.contains(&s.table.header_fill), "{fills:?}");
    let header_runs: Vec<_> = l
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match (&i.kind, l.nodes[i.node].role) {
            (ItemKind::Text(run), Role::TableHeaderCell) => Some(run),
            _ => None,
        })
        .collect();
    assert!(!header_runs.is_empty());
    for run in header_runs {
        assert_eq!(run.color, s.table.header.color);
        assert_eq!(run.size, s.table.header.size);
    }

    let docx = raadsbrief::render::docx::render(&doc).expect("renders");
    let document = read::part(&docx, "word/document.xml").unwrap();
    let header_row = &document[document.find("<w:tblHeader/>").expect("header row")..];
    assert_eq!(
        attr(header_row, "w:shd", "w:fill"),
        Some(s.table.header_fill.hex())
    );
    let styles = read::part(&docx, "word/styles.xml").unwrap();
    let header_text = word_style(&styles, "TableHeaderText");
    assert_eq!(
        attr(header_text, "w:color", "w:val"),
        Some(s.table.header.color.hex())
    );
    assert_eq!(
        attr(header_text, "w:sz", "w:val"),
        Some(half_points(s.table.header.size))
    );
}

#[test]
fn html_prints_with_the_same_page_and_sizes() {
    let s = custom_style();
    let html =
        String::from_utf8(raadsbrief::render::html::render(&styled(Kind::Letter(0))).unwrap())
            .unwrap();
    let print = &html[html.find("@media print").expect("print styles")..];
    assert!(print.contains(&format!(
        "size: {:.2}pt {:.2}pt;",
        s.page.width, s.page.height
    )));
    assert!(print.contains(&format!(
        "{:.2}pt {:.2}pt {:.2}pt;",
        s.page.margin_right, s.page.margin_bottom, s.page.margin_left
    )));
    for (class, role) in [
        (".kop1", &s.headings[0]),
        (".kop2", &s.headings[1]),
        (".kop3", &s.headings[2]),
        (".title", &s.title),
    ] {
        assert!(
            print.contains(&format!("{class} {{ font-size: {:.2}pt;", role.size)),
            "{class}"
        );
    }
    assert!(print.contains(&format!(
        "main p, main li {{ font-size: {:.2}pt;",
        s.body.size
    )));
    assert!(print.contains("text-align: justify"));
    assert!(print.contains("@bottom-center"), "footer centred");
    assert!(
        html.contains(".page-header .logo { order: -1; }"),
        "logo left"
    );
    assert!(html.contains(&format!(
        "--tint: #{};",
        s.table.header_fill.hex().to_ascii_lowercase()
    )));
}

/// (title, 1-based page) of every bookmark of a PDF, in document order.
fn pdf_outline(bytes: &[u8]) -> Vec<(String, usize)> {
    use lopdf::{Document as Pdf, Object, ObjectId};
    let pdf = Pdf::load_mem(bytes).expect("PDF reads");
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let title = |d: &lopdf::Dictionary| {
        let raw = d.get(b"Title").and_then(Object::as_str).expect("title");
        // UTF-16BE with BOM, as PDF text strings for non-ASCII titles are written.
        if raw.starts_with(&[0xFE, 0xFF]) {
            let units: Vec<u16> = raw[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            String::from_utf8_lossy(raw).into_owned()
        }
    };
    fn walk(
        pdf: &lopdf::Document,
        first: Option<ObjectId>,
        pages: &[ObjectId],
        title: &dyn Fn(&lopdf::Dictionary) -> String,
        out: &mut Vec<(String, usize)>,
    ) {
        let mut entry = first;
        while let Some(id) = entry {
            let d = pdf.get_dictionary(id).expect("outline entry");
            let dest = d.get(b"Dest").and_then(Object::as_array).expect("Dest");
            let page = dest[0].as_reference().expect("page ref");
            let index = pages.iter().position(|p| *p == page).expect("known page");
            out.push((title(d), index + 1));
            walk(
                pdf,
                d.get(b"First").and_then(Object::as_reference).ok(),
                pages,
                title,
                out,
            );
            entry = d.get(b"Next").and_then(Object::as_reference).ok();
        }
    }
    let outlines = pdf
        .catalog()
        .and_then(|c| c.get(b"Outlines"))
        .and_then(Object::as_reference)
        .and_then(|id| pdf.get_dictionary(id))
        .expect("outline");
    let mut out = Vec::new();
    walk(
        &pdf,
        outlines.get(b"First").and_then(Object::as_reference).ok(),
        &pages,
        &title,
        &mut out,
    );
    out
}

#[test]
fn docx_table_of_contents_has_the_pdf_page_numbers() {
    // The built-in style and the custom one: the numbers follow each document's layout.
    for custom in [false, true] {
        let v = common::validated(common::GOOI);
        let mut doc = common::document(&v, Kind::Appendix);
        if custom {
            doc.page.style = custom_style();
        }
        let docx = raadsbrief::render::docx::render(&doc).expect("DOCX renders");
        let entries: Vec<(String, usize)> = read::paragraphs(&docx)
            .unwrap()
            .into_iter()
            .filter(|p| p.style.as_deref().is_some_and(|s| s.starts_with("TOC")))
            .map(|p| {
                let (title, page) = p.text.rsplit_once('\t').expect("title, tab, page number");
                (title.to_owned(), page.parse().expect("a page number"))
            })
            .collect();
        let pdf = raadsbrief::render::pdf::render(&doc).expect("PDF renders");
        let outline = pdf_outline(&pdf.bytes);
        assert!(entries.len() >= 5, "{entries:?}");
        assert_eq!(entries, outline);
        assert!(
            entries.iter().any(|(_, page)| *page > 2),
            "the appendix runs over several pages: {entries:?}"
        );

        // Inside Word's TOC field, each number a PAGEREF to the heading's bookmark, so
        // that "Update table" recomputes them.
        let xml = read::part(&docx, "word/document.xml").unwrap();
        assert!(xml.contains(" TOC \\o \"1-3\" \\h \\z \\u "));
        for i in 1..=entries.len() {
            let bookmark = format!("_Toc{i:08}");
            assert!(
                xml.contains(&format!(" PAGEREF {bookmark} \\h ")),
                "{bookmark}"
            );
            assert!(
                xml.contains(&format!("w:name=\"{bookmark}\"")),
                "{bookmark}"
            );
        }
    }
}
