//! A document with every kind of block, rendered and read back the way a browser and a
//! screen reader would see its structure.

use std::sync::Arc;

use crate::document::fixtures::*;
use crate::document::*;

use super::render;
use super::style::{accessible_accent, contrast, MIN_CONTRAST};

const NASTY: &str = "Tekens <&>\"' en een\u{B}verticale tab <script>alert(1)</script>";

/// Every block kind, a draft with logo, nested lists three deep, hostile text.
fn sample() -> Document {
    let deepest = ListItem {
        blocks: vec![
            Block::Paragraph(vec![text("Tijdig signaleren")]),
            list(
                Numbering::LowerRoman,
                vec![item("Triage"), item("Brede blik")],
            ),
        ],
    };
    let nested = ListItem {
        blocks: vec![
            Block::Paragraph(vec![text("Lokale toegang en gecontracteerde hulp")]),
            list(
                Numbering::LowerAlpha,
                vec![item("Oog voor een veilige leefomgeving"), deepest],
            ),
        ],
    };
    let with_bullets = ListItem {
        blocks: vec![
            Block::Paragraph(vec![text("Governance")]),
            Block::Paragraph(vec![text("Met één aanspreekpunt voor de regio.")]),
            list(
                Numbering::Bullet(BulletKind::Dash),
                vec![item("Niet vrijblijvend")],
            ),
        ],
    };
    Document::new(
        Properties {
            title: "Raadsinformatiebrief Norm voor Opdrachtgeverschap".into(),
            subject: "Doorontwikkeling samenwerkingsafspraken Jeugd".into(),
            author: "College van Burgemeester en Wethouders van Blaricum".into(),
            keywords: vec!["jeugdzorg".into(), "NvO".into()],
            language: "nl-NL".into(),
            date: Date {
                year: 2026,
                month: 11,
                day: 23,
            },
        },
        PageStyle {
            header: "Gemeente Blaricum  ·  Raadsinformatiebrief".into(),
            footer: "Gemeente Blaricum · Pagina {pagina} van {paginas}".into(),
            draft: true,
            logo: Some(Image {
                bytes: Arc::new(PNG.to_vec()),
                format: ImageFormat::Png,
                width_px: 300,
                height_px: 100,
                alt: "Logo van de gemeente Blaricum".into(),
            }),
            style: crate::document::style::HouseStyle::with_accent(Rgb(0x00, 0x9F, 0xE3))
                .justified(true),
        },
        vec![
            Block::title(vec![text("Raadsinformatiebrief")]),
            Block::Subtitle(vec![text("Doorontwikkeling samenwerkingsafspraken Jeugd")]),
            Block::Fields(Fields {
                layout: FieldLayout::Inline,
                rows: vec![
                    field("Van", "College van Burgemeester en Wethouders"),
                    field("Aan", "Gemeente Blaricum - Gemeenteraad"),
                ],
            }),
            Block::Fields(Fields {
                layout: FieldLayout::Stacked,
                rows: vec![
                    field("Onderwerp", "Samenwerkingsafspraken"),
                    field("Openbaar", "Ja"),
                ],
            }),
            Block::TableOfContents,
            heading(1, "Kennisnemen van"),
            Block::Paragraph(vec![
                text("De wijze waarop "),
                span("Blaricum", true, false, None),
                text(" samenwerkt, zie "),
                span(
                    "de VNG",
                    false,
                    true,
                    Some("https://vng.nl/norm voor opdrachtgeverschap"),
                ),
                span(
                    " en haar norm",
                    true,
                    false,
                    Some("https://vng.nl/norm voor opdrachtgeverschap"),
                ),
                text(", of "),
                span("dit", false, false, Some("javascript:alert(1)")),
                text(" of "),
                span(
                    "griffie@blaricum.nl",
                    false,
                    false,
                    Some("mailto:griffie@blaricum.nl"),
                ),
                text("."),
                Inline::LineBreak,
                text("Tweede regel."),
            ]),
            heading(2, "Consequenties"),
            list(
                Numbering::Decimal,
                vec![item("Zorglandschap"), nested, with_bullets],
            ),
            heading(3, "Bijlagen"),
            list_from(
                Numbering::Decimal,
                4,
                vec![item("Een toekomst met perspectief"), item("Regiovisie")],
            ),
            list(
                Numbering::Bullet(BulletKind::Disc),
                vec![item("Basisfunctie"), item("Leer en verbeter")],
            ),
            Block::Table(Table {
                widths: vec![1.0, 3.0],
                header: vec![vec![text("Afspraak")], vec![text("Status")]],
                rows: vec![
                    vec![vec![text("Governance")], vec![text("Vastgesteld")]],
                    vec![vec![text("Reële prijs")], vec![text("In ontwikkeling")]],
                ],
            }),
            Block::PageBreak,
            heading(1, "Vervolg"),
            Block::Paragraph(vec![text(NASTY)]),
            heading(1, "Vervolg"),
            Block::Paragraph(vec![text("Een tweede kop met dezelfde tekst.")]),
        ],
    )
}

/// A letter as the templates make it: no Title block, sections at level 1, a skip from
/// level 1 to 3, no logo, not a draft.
fn letter() -> Document {
    let mut doc = sample();
    doc.page.draft = false;
    doc.page.logo = None;
    doc.page.footer = "Pagina {pagina} van {paginas}".into();
    with_blocks(
        doc,
        vec![
            Block::Fields(Fields {
                layout: FieldLayout::Inline,
                rows: vec![field("Aan", "De gemeenteraad")],
            }),
            heading(1, "Aanleiding"),
            Block::Paragraph(vec![text("Tekst.")]),
            heading(3, "Te diep"),
            heading(3, "Ook te diep"),
            heading(1, "Vervolg"),
            heading(2, "Planning"),
        ],
    )
}

/// `doc` with other blocks, built anew so that their headings are decided.
fn with_blocks(doc: Document, blocks: Vec<Block>) -> Document {
    Document::new(doc.properties, doc.page, blocks)
}

fn html(doc: &Document) -> String {
    let bytes = render(doc).unwrap_or_else(|e| panic!("render failed: {e}"));
    String::from_utf8(bytes).expect("UTF-8")
}

/// The levels of all `<hN` start tags, in order.
fn heading_levels(html: &str) -> Vec<u8> {
    let b = html.as_bytes();
    (0..b.len().saturating_sub(3))
        .filter(|&i| b[i] == b'<' && b[i + 1] == b'h' && (b'1'..=b'6').contains(&b[i + 2]))
        .filter(|&i| matches!(b[i + 3], b'>' | b' '))
        .map(|i| b[i + 2] - b'0')
        .collect()
}

fn assert_no_skipped_levels(levels: &[u8]) {
    assert_eq!(levels.first(), Some(&1), "starts with h1: {levels:?}");
    for pair in levels.windows(2) {
        assert!(pair[1] <= pair[0] + 1, "skipped a level: {levels:?}");
    }
}

/// A document with a Title has it as its one h1.
fn assert_one_h1(levels: &[u8]) {
    assert_eq!(
        levels.iter().filter(|l| **l == 1).count(),
        1,
        "one h1: {levels:?}"
    );
}

fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}"));
    let end = html[start..]
        .find(close)
        .unwrap_or_else(|| panic!("no {close}"))
        + start;
    &html[start..end + close.len()]
}

/// The text of some HTML as a browser shows it: tags gone (block tags as line breaks),
/// the five references resolved, whitespace collapsed per line.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let gt = rest[lt..].find('>').expect("tag closes") + lt;
        let tag = &rest[lt + 1..gt];
        let name = tag
            .trim_start_matches('/')
            .split([' ', '>'])
            .next()
            .unwrap_or("");
        if matches!(
            name,
            "p" | "li"
                | "dt"
                | "dd"
                | "th"
                | "td"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "ol"
                | "ul"
                | "tr"
        ) {
            out.push('\n');
        } else if name == "br" {
            out.push(' ');
        }
        rest = &rest[gt + 1..];
    }
    out.push_str(rest);
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `doc.text()` without the list labels, vertical tabs as spaces, whitespace collapsed.
fn model_lines(doc: &Document) -> Vec<String> {
    doc.text()
        .replace('\u{B}', " ")
        .lines()
        .map(|line| {
            let mut l = line;
            // A list item's line starts with its labels ("2. a. "), one per level.
            while let Some((label, rest)) = l.split_once(' ') {
                let numbered = label.len() > 1
                    && label.ends_with('.')
                    && label[..label.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase());
                if numbered || matches!(label, "•" | "–" | "▪") {
                    l = rest;
                } else {
                    break;
                }
            }
            l.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn a_dutch_html5_document_with_its_metadata() {
    let h = html(&sample());
    assert!(h.starts_with("<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">"));
    assert!(h.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
    assert!(h.contains("<title>Raadsinformatiebrief Norm voor Opdrachtgeverschap</title>"));
    assert!(h.contains(
        "<meta name=\"description\" content=\"Doorontwikkeling samenwerkingsafspraken Jeugd\">"
    ));
    assert!(h.contains(
        "<meta name=\"author\" content=\"College van Burgemeester en Wethouders van Blaricum\">"
    ));
    assert!(h.contains("<meta name=\"keywords\" content=\"jeugdzorg, NvO\">"));
    assert!(h.contains("<meta name=\"generator\" content=\"raadsbrief\">"));
    assert!(h.ends_with("</html>\n"));
    for landmark in ["<header", "<main", "<footer", "<nav"] {
        assert_eq!(h.matches(landmark).count(), 1, "{landmark}");
    }
}

#[test]
fn exactly_one_h1_and_no_skipped_levels() {
    let h = html(&sample());
    let levels = heading_levels(&h);
    assert_no_skipped_levels(&levels);
    assert_one_h1(&levels);
    // Title, the contents' heading, then the sections one level below the title.
    assert_eq!(levels, [1, 2, 2, 3, 4, 2, 2]);
    assert!(h.contains("<h1 class=\"title\">Raadsinformatiebrief</h1>"));
    assert!(h.contains("<p class=\"subtitle\">Doorontwikkeling samenwerkingsafspraken Jeugd</p>"));
}

#[test]
fn a_letter_without_title_has_its_sections_as_h1s() {
    let h = html(&letter());
    let levels = heading_levels(&h);
    assert_no_skipped_levels(&levels);
    // Aanleiding and Vervolg are siblings: both h1, each with its subsections below.
    assert_eq!(levels, [1, 2, 2, 1, 2]);
    assert!(h.contains("<h1 class=\"kop1\" id=\"aanleiding\">Aanleiding</h1>"));
    assert!(
        !h.contains("<h1>Raadsinformatiebrief"),
        "no h1 made up from the properties"
    );
    assert!(h.contains("<h2 class=\"kop3\" id=\"te-diep\">Te diep</h2>"));
    assert!(h.contains("<h1 class=\"kop1\" id=\"vervolg\">Vervolg</h1>"));
    assert!(!h.contains("<img"), "no logo, no image");
    assert!(!h.contains("role=\"note\""), "not a draft");
    assert!(!h.contains("body::before"), "no watermark");
}

#[test]
fn every_text_appears_in_order() {
    let doc = sample();
    let h = html(&doc);
    let main = between(&h, "<main", "</main>");
    let nav = between(main, "<nav", "</nav>");
    let shown = visible_text(&main.replace(nav, ""));
    let mut from = 0;
    for line in model_lines(&doc) {
        match shown[from..].find(&line) {
            Some(at) => from += at + line.len(),
            None => panic!("{line:?} missing or out of order in:\n{shown}"),
        }
    }
    let header = visible_text(between(&h, "<header", "</header>"));
    assert!(
        header.contains("Gemeente Blaricum · Raadsinformatiebrief"),
        "{header}"
    );
    let footer = visible_text(between(&h, "<footer", "</footer>"));
    assert_eq!(footer, "Gemeente Blaricum · 23 november 2026");
}

#[test]
fn inline_styles_links_and_line_breaks() {
    let h = html(&sample());
    assert!(
        h.contains(
            "De wijze waarop <strong>Blaricum</strong> samenwerkt, zie \
         <a href=\"https://vng.nl/norm%20voor%20opdrachtgeverschap\" class=\"show-url\">\
         <em>de VNG</em><strong> en haar norm</strong></a>, of dit of \
         <a href=\"mailto:griffie@blaricum.nl\">griffie@blaricum.nl</a>.<br>Tweede regel.</p>"
        ),
        "{h}"
    );
    assert!(!h.contains("javascript:"));
}

#[test]
fn a_document_without_headings_gets_its_h1_from_the_properties() {
    let doc = with_blocks(
        sample(),
        vec![Block::Paragraph(vec![text("Alleen tekst.")])],
    );
    let h = html(&doc);
    assert_eq!(heading_levels(&h), [1]);
    assert!(h.contains("<h1>Raadsinformatiebrief Norm voor Opdrachtgeverschap</h1>"));
}

#[test]
fn lists_map_their_scheme_and_start() {
    let h = html(&sample());
    assert!(h.contains("<ol type=\"1\">\n<li>Zorglandschap</li>"));
    assert!(h.contains("<li>Lokale toegang en gecontracteerde hulp<ol type=\"a\">"));
    assert!(h.contains("<li>Tijdig signaleren<ol type=\"i\">\n<li>Triage</li>"));
    assert!(h.contains(
        "<li>\n<p>Governance</p>\n<p>Met één aanspreekpunt voor de regio.</p>\n<ul class=\"bullet-dash\">"
    ));
    assert!(h.contains("<ol type=\"1\" start=\"4\">\n<li>Een toekomst met perspectief</li>"));
    assert!(h.contains("<ul class=\"bullet-disc\">\n<li>Basisfunctie</li>"));
    // The scheme is the list's, not its depth's.
    let doc = with_blocks(
        sample(),
        vec![
            list_from(Numbering::LowerRoman, 9, vec![item("negen")]),
            list(Numbering::Bullet(BulletKind::Square), vec![item("blok")]),
        ],
    );
    let h = html(&doc);
    assert!(h.contains("<ol type=\"i\" start=\"9\">\n<li>negen</li>"));
    assert!(h.contains("<ul class=\"bullet-square\">\n<li>blok</li>"));
    let css = between(&h, "<style>", "</style>");
    for class in ["bullet-disc", "bullet-dash", "bullet-square"] {
        assert!(
            css.contains(&format!("ul.{class} {{ list-style-type:")),
            "{class}"
        );
    }
}

#[test]
fn tables_have_header_cells_with_scope_and_widths() {
    let h = html(&sample());
    let table = between(&h, "<table>", "</table>");
    assert!(table.contains(
        "<colgroup><col style=\"width: 25.00%\"><col style=\"width: 75.00%\"></colgroup>"
    ));
    assert!(table.contains(
        "<thead>\n<tr><th scope=\"col\">Afspraak</th><th scope=\"col\">Status</th></tr>\n</thead>"
    ));
    assert!(table.contains("<tbody>\n<tr><td>Governance</td><td>Vastgesteld</td></tr>"));
    assert_eq!(
        table.matches("<th ").count(),
        table.matches("scope=\"col\"").count()
    );
}

#[test]
fn fields_are_a_description_list() {
    let h = html(&sample());
    assert!(h.contains(
        "<dl class=\"fields fields-inline\">\n<dt>Van</dt>\n<dd>College van Burgemeester en Wethouders</dd>"
    ));
    assert!(h.contains("<dl class=\"fields fields-stacked\">\n<dt>Onderwerp</dt>"));
}

#[test]
fn the_logo_is_embedded_with_its_alt_text() {
    let h = html(&sample());
    assert!(h.contains("<img class=\"logo\" src=\"data:image/png;base64,iVBORw0KGgo"));
    assert!(h.contains("alt=\"Logo van de gemeente Blaricum\" width=\"300\" height=\"100\">"));
}

#[test]
fn the_contents_link_to_unique_heading_ids() {
    let h = html(&sample());
    let nav = between(&h, "<nav", "</nav>");
    assert!(nav.starts_with("<nav class=\"toc\" aria-labelledby=\"inhoudsopgave\">\n<h2 id=\"inhoudsopgave\">Inhoudsopgave</h2>"));
    for (id, text) in [
        ("kennisnemen-van", "Kennisnemen van"),
        ("consequenties", "Consequenties"),
        ("bijlagen", "Bijlagen"),
        ("vervolg", "Vervolg"),
        ("vervolg-2", "Vervolg"),
    ] {
        assert!(
            nav.contains(&format!("<a href=\"#{id}\">{text}</a>")),
            "{id}"
        );
        assert!(h.contains(&format!(" id=\"{id}\">{text}</h")), "{id}");
    }
    // Nested by level: Consequenties under Kennisnemen van, Bijlagen under that.
    assert!(nav.contains(
        "Kennisnemen van</a>\n<ul>\n<li><a href=\"#consequenties\">Consequenties</a>\n<ul>"
    ));
    let ids: Vec<&str> = h
        .split(" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap_or(0)])
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "{ids:?}");
}

#[test]
fn hostile_text_is_escaped() {
    let h = html(&sample());
    assert!(!h.contains("<script"));
    assert!(!h.contains('\u{B}'));
    assert!(h.contains(
        "<p>Tekens &lt;&amp;&gt;&quot;&#39; en een verticale tab &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    ));
    let mut doc = sample();
    doc.properties.title = "</title><script>x</script>".into();
    doc.page.header = "</style><script>".into();
    doc.page.footer = "\"</style>{pagina}".into();
    doc.page.style.families[0] = "A\"rial</style>".into();
    if let Some(logo) = &mut doc.page.logo {
        logo.alt = "\"><script>".into();
    }
    let h = html(&doc);
    assert!(!h.contains("<script"), "{h}");
    assert_eq!(h.matches("</style>").count(), 1);
    assert_eq!(h.matches("</title>").count(), 1);
}

#[test]
fn draft_has_a_note_and_a_print_watermark() {
    let h = html(&sample());
    assert!(h.contains("<p class=\"concept\" role=\"note\"><strong>CONCEPT</strong>"));
    let print = &h[h.find("@media print").expect("print styles")..];
    assert!(print.contains("content: \"CONCEPT\""));
    // A4 and the house style's margins, in points.
    assert!(print.contains("size: 595.28pt 841.89pt;"), "{print}");
    assert!(
        print.contains("margin: 70.87pt 70.87pt 70.87pt 70.87pt;"),
        "{print}"
    );
    assert!(print.contains("break-before: page"));
    assert!(print.contains("break-after: avoid"));
    assert!(print.contains("@bottom-right { content: \"Gemeente Blaricum · Pagina \" counter(page) \" van \" counter(pages);"));
    assert!(h.contains("<div class=\"page-break\"></div>"));
}

#[test]
fn the_accent_colour_is_darkened_to_pass_aa() {
    let light = Rgb(0x00, 0x9F, 0xE3);
    assert!(contrast(light, Rgb(255, 255, 255)) < MIN_CONTRAST);
    let used = accessible_accent(light);
    assert!(contrast(used, Rgb(255, 255, 255)) >= MIN_CONTRAST);
    let h = html(&sample());
    assert!(h.contains(&format!("--accent: #{};", used.hex().to_ascii_lowercase())));
}

#[test]
fn identical_input_identical_bytes() {
    let a = render(&sample()).expect("render");
    let b = render(&sample()).expect("render");
    assert_eq!(a, b);
    let c = render(&letter()).expect("render");
    assert_eq!(c, render(&letter()).expect("render"));
}

#[test]
fn empty_and_odd_documents_still_make_valid_pages() {
    let mut doc = letter();
    doc.properties.title = "  ".into();
    doc.properties.subject.clear();
    doc.properties.keywords.clear();
    doc.page.header.clear();
    doc.page.footer.clear();
    let doc = with_blocks(
        doc,
        vec![
            list(Numbering::Bullet(BulletKind::Disc), vec![]),
            Block::Table(Table {
                widths: vec![0.0, f32::NAN],
                header: vec![],
                rows: vec![
                    vec![vec![text("a")]],
                    vec![vec![text("b")], vec![text("c")]],
                ],
            }),
            Block::TableOfContents,
            heading(0, ""),
            heading(200, "Diep"),
            Block::title(vec![text("Late titel")]),
        ],
    );
    let h = html(&doc);
    assert!(h.contains("<title>Late titel</title>"));
    assert!(!h.contains("<meta name=\"description\""));
    assert!(!h.contains("<header"));
    assert!(!h.contains("<ul class"));
    assert!(!h.contains("<colgroup"));
    assert!(h.contains("<tr><td>a</td><td></td></tr>"));
    assert!(h.contains("<p class=\"title\">Late titel</p>"));
    // The first heading with text is the h1; the contents before it get their heading
    // one level below, as after it.
    assert_eq!(heading_levels(&h), [2, 1]);
    assert!(h.contains("<h1 class=\"kop3\" id=\"diep\">Diep</h1>"));
    assert!(!h.contains("id=\"sectie\""), "an empty heading is left out");
    assert!(!h.contains("<a href=\"#sectie\""));
}

/// Writes the sample to the temp folder for a look in a browser:
/// `cargo test --lib render::html::tests::write_for_inspection -- --ignored`. A real
/// letter and appendix: `cargo run --example html_preview`.
#[test]
#[ignore]
fn write_for_inspection() {
    let dir = std::env::temp_dir();
    std::fs::write(dir.join("raadsbrief-sample.html"), html(&sample())).expect("write");
}
