//! A document with every kind of block, rendered and read back as a reader of the file
//! would see it.

use std::sync::Arc;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::document::fixtures::*;
use crate::document::*;

use super::read::{self, Paragraph};
use super::render;

const NASTY: &str = "Tekens <&>\"' en een\u{B}verticale tab";

/// Every block kind, a draft with logo, two numbered lists that must each start at 1.
pub(crate) fn sample() -> Document {
    let nested = ListItem {
        blocks: vec![
            Block::Paragraph(vec![text("Lokale toegang en gecontracteerde hulp")]),
            list(
                Numbering::LowerAlpha,
                vec![
                    item("Oog voor een veilige leefomgeving"),
                    item("Tijdig signaleren"),
                ],
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
            header: "Gemeente Blaricum".into(),
            footer: "Pagina {pagina} van {paginas}".into(),
            draft: true,
            logo: Some(Image {
                bytes: Arc::new(PNG.to_vec()),
                format: ImageFormat::Png,
                width_px: 300,
                height_px: 100,
                alt: "Logo van de gemeente Blaricum".into(),
            }),
            style: crate::document::style::HouseStyle::with_accent(Rgb(0x00, 0x5A, 0x9C))
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
            list(
                Numbering::Decimal,
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
        ],
    )
}

fn rendered() -> Vec<u8> {
    match render(&sample()) {
        Ok(bytes) => bytes,
        Err(e) => panic!("render failed: {e}"),
    }
}

fn part(docx: &[u8], name: &str) -> String {
    read::part(docx, name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn body(docx: &[u8]) -> Vec<Paragraph> {
    read::paragraphs(docx).unwrap_or_else(|e| panic!("document.xml: {e}"))
}

/// The texts of the model's spans, in order, as the file must show them.
fn span_texts(blocks: &[Block], out: &mut Vec<String>) {
    let inline = |content: &[Inline], out: &mut Vec<String>| {
        for i in content {
            if let Inline::Text(s) = i {
                out.push(s.text.replace('\u{B}', " "));
            }
        }
    };
    for b in blocks {
        match b {
            Block::Subtitle(c) | Block::Paragraph(c) => inline(c, out),
            Block::Title { content, .. } | Block::Heading { content, .. } => inline(content, out),
            Block::List(l) => l.items.iter().for_each(|i| span_texts(&i.blocks, out)),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| inline(c, out)),
            Block::Fields(f) => f.rows.iter().for_each(|r| {
                inline(&r.label, out);
                inline(&r.value, out);
            }),
            Block::Signatures(s) => {
                inline(&s.sender, out);
                s.signers.iter().for_each(|x| {
                    inline(&x.role, out);
                    inline(&x.name, out);
                });
            }
            Block::TableOfContents | Block::PageBreak => {}
        }
    }
}

#[test]
fn every_text_appears_in_document_order() {
    let docx = rendered();
    let shown: String = body(&docx)
        .iter()
        .filter(|p| !p.style.as_deref().unwrap_or("").starts_with("TOC"))
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut expected = Vec::new();
    span_texts(&sample().blocks, &mut expected);
    let mut from = 0;
    for t in expected {
        match shown[from..].find(&t) {
            Some(at) => from += at + t.len(),
            None => panic!("{t:?} missing or out of order in:\n{shown}"),
        }
    }
    assert!(shown.contains("samenwerkt, zie de VNG.\nTweede regel."));
}

#[test]
fn the_text_reads_back_as_the_model_gives_it() {
    let docx = rendered();
    let text = read::docx_text(&docx).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(text, sample().text().replace('\u{B}', " "));
}

fn paragraph<'a>(ps: &'a [Paragraph], text: &str) -> &'a Paragraph {
    ps.iter()
        .find(|p| p.text == text && !p.style.as_deref().unwrap_or("").starts_with("TOC"))
        .unwrap_or_else(|| panic!("no paragraph {text:?}"))
}

#[test]
fn blocks_carry_their_word_styles() {
    let ps = body(&rendered());
    let style = |t: &str| paragraph(&ps, t).style.clone().unwrap_or_default();
    assert_eq!(style("Raadsinformatiebrief"), "Title");
    assert_eq!(
        style("Doorontwikkeling samenwerkingsafspraken Jeugd"),
        "Subtitle"
    );
    assert_eq!(style("Kennisnemen van"), "Heading1");
    assert_eq!(style("Consequenties"), "Heading2");
    assert_eq!(style("Bijlagen"), "Heading3");
    assert_eq!(style("Onderwerp"), "FieldLabel");
    assert_eq!(style("Samenwerkingsafspraken"), "FieldValue");
    assert_eq!(style("Van"), "FieldInlineLabel");
    assert_eq!(style(&NASTY.replace('\u{B}', " ")), "BodyText");
    let toc: Vec<&str> = ps
        .iter()
        .filter(|p| p.style.as_deref().unwrap_or("").starts_with("TOC"))
        .map(|p| p.text.rsplit_once('\t').map_or(p.text.as_str(), |(t, _)| t))
        .collect();
    assert_eq!(
        toc,
        ["Kennisnemen van", "Consequenties", "Bijlagen", "Vervolg"],
        "the TOC's cached entries are the outline, each with its page number"
    );

    let styles = part(&rendered(), "word/styles.xml");
    for (id, name, level) in [
        ("Heading1", "heading 1", 0),
        ("Heading2", "heading 2", 1),
        ("Heading3", "heading 3", 2),
    ] {
        let at = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("no style {id}"));
        let def = &styles[at..at + styles[at..].find("</w:style>").unwrap_or(0)];
        assert!(
            def.contains(&format!("<w:name w:val=\"{name}\"/>")),
            "{def}"
        );
        assert!(
            def.contains(&format!("<w:outlineLvl w:val=\"{level}\"/>")),
            "{def}"
        );
        assert!(def.contains("<w:color w:val=\"005A9C\"/>"), "{def}");
    }
    for name in [
        "Title",
        "Subtitle",
        "Normal",
        "List Number",
        "List Bullet",
        "Table Grid",
    ] {
        assert!(
            styles.contains(&format!("<w:name w:val=\"{name}\"/>")),
            "{name}"
        );
    }
    assert!(styles.contains("<w:lang w:val=\"nl-NL\""));
    assert!(styles.contains("w:ascii=\"Arial\""));
}

#[test]
fn lists_are_numbered_and_every_list_restarts() {
    let docx = rendered();
    let ps = body(&docx);
    let numbered = |t: &str| {
        let p = paragraph(&ps, t);
        (
            p.style.clone().unwrap_or_default(),
            p.num_id.unwrap_or(0),
            p.level.unwrap_or(0),
        )
    };
    let (style, first, level) = numbered("Zorglandschap");
    assert_eq!((style.as_str(), level), ("ListNumber", 0));
    assert_eq!(numbered("Lokale toegang en gecontracteerde hulp").1, first);
    let (_, nested, nested_level) = numbered("Oog voor een veilige leefomgeving");
    assert_eq!(nested_level, 1);
    assert_ne!(nested, first);
    let (bullet_style, _, bullet_level) = numbered("Niet vrijblijvend");
    assert_eq!((bullet_style.as_str(), bullet_level), ("ListBullet", 1));
    assert_eq!(
        paragraph(&ps, "Met één aanspreekpunt voor de regio.")
            .style
            .as_deref(),
        Some("ListContinue")
    );
    let (style, second, _) = numbered("Een toekomst met perspectief");
    assert_eq!(style, "ListNumber");
    assert_ne!(first, second, "the attachments are a list of their own");
    assert_eq!(numbered("Basisfunctie").0, "ListBullet");

    let numbering = part(&docx, "word/numbering.xml");
    for num_id in [first, second] {
        let at = numbering
            .find(&format!("<w:num w:numId=\"{num_id}\">"))
            .unwrap_or_else(|| panic!("no w:num {num_id}"));
        let num = &numbering[at..at + numbering[at..].find("</w:num>").unwrap_or(0)];
        assert!(num.contains("<w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/>"));
        let abstract_id = num
            .split("<w:abstractNumId w:val=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("?");
        let abs_at = numbering
            .find(&format!(
                "<w:abstractNum w:abstractNumId=\"{abstract_id}\">"
            ))
            .unwrap_or_else(|| panic!("no abstractNum {abstract_id}"));
        assert!(numbering[abs_at..].starts_with(&format!(
            "<w:abstractNum w:abstractNumId=\"{abstract_id}\"><w:multiLevelType \
             w:val=\"hybridMultilevel\"/><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>\
             <w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/>"
        )));
    }
}

#[test]
fn tables_links_breaks_and_logo_are_real_word_constructs() {
    let docx = rendered();
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains("<w:tblStyle w:val=\"TableGrid\"/>"));
    assert!(doc.contains("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"));
    // The 1:3 table fills the house style's text width (453.5 pt, whole twips).
    assert!(
        doc.contains("<w:gridCol w:w=\"2267\"/><w:gridCol w:w=\"6803\"/>"),
        "{doc}"
    );
    assert!(doc.contains("<w:tblStyle w:val=\"FieldsTable\"/>"));
    assert!(doc.contains("<w:gridCol w:w=\"1984\"/>"));
    assert!(doc.contains("<w:pStyle w:val=\"Heading1\"/><w:pageBreakBefore/>"));
    assert!(doc.contains(
        "<w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText>"
    ));
    assert!(doc.contains("<w:hyperlink w:anchor=\"_Toc00000004\""));
    assert!(doc.contains("<w:bookmarkStart w:id=\"3\" w:name=\"_Toc00000004\"/>"));
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(doc.contains("<w:hyperlink r:id=\"rIdLink1\" w:history=\"1\">"));
    let rels = part(&docx, "word/_rels/document.xml.rels");
    assert!(rels.contains(
        "Id=\"rIdLink1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" \
         Target=\"https://vng.nl/norm%20voor%20opdrachtgeverschap\" TargetMode=\"External\""
    ));
    let header = part(&docx, "word/header1.xml");
    assert!(header.contains("descr=\"Logo van de gemeente Blaricum\""));
    assert!(part(&docx, "word/_rels/header1.xml.rels").contains("Target=\"media/logo.png\""));
    assert_eq!(part_bytes(&docx, "word/media/logo.png"), PNG);
}

fn part_bytes(docx: &[u8], name: &str) -> Vec<u8> {
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let read = zip.by_name(name).map(|mut f| f.read_to_end(&mut out));
    assert!(matches!(read, Ok(Ok(_))), "{name}");
    out
}

#[test]
fn header_footer_and_core_properties() {
    let docx = rendered();
    let header = part(&docx, "word/header1.xml");
    let texts: Vec<String> = read::paragraphs_of(&header)
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.text)
        .collect();
    assert!(
        texts.contains(&"Gemeente Blaricum\tCONCEPT".to_owned()),
        "{texts:?}"
    );
    assert!(header.contains("string=\"CONCEPT\""), "the watermark");
    let footer = part(&docx, "word/footer1.xml");
    assert!(footer.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
    assert!(footer.contains("<w:instrText xml:space=\"preserve\"> NUMPAGES </w:instrText>"));
    let footer_text = read::paragraphs_of(&footer).unwrap_or_default();
    assert_eq!(
        footer_text[0].text, "Pagina 1 van 1",
        "cached field results"
    );

    let core = part(&docx, "docProps/core.xml");
    for expected in [
        "<dc:title>Raadsinformatiebrief Norm voor Opdrachtgeverschap</dc:title>",
        "<dc:subject>Doorontwikkeling samenwerkingsafspraken Jeugd</dc:subject>",
        "<dc:creator>College van Burgemeester en Wethouders van Blaricum</dc:creator>",
        "<cp:keywords>jeugdzorg; NvO</cp:keywords>",
        "<dc:language>nl-NL</dc:language>",
        "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-11-23T00:00:00Z</dcterms:created>",
        "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2026-11-23T00:00:00Z</dcterms:modified>",
    ] {
        assert!(core.contains(expected), "{expected} not in {core}");
    }
}

#[test]
fn renders_are_byte_identical_and_dated_by_the_document() {
    let first = rendered();
    let other_thread = std::thread::spawn(rendered).join().unwrap_or_default();
    assert!(first == rendered() && first == other_thread);
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(&first)).unwrap_or_else(|e| panic!("{e}"));
    for i in 0..zip.len() {
        let file = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let t = file.last_modified().unwrap_or_default();
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour()),
            (2026, 11, 23, 0),
            "{}",
            file.name()
        );
    }
}

/// Parses `xml` completely, attribute values and entity references included.
fn assert_well_formed(name: &str, xml: &str) {
    if let Some(c) = xml.chars().find(|c| super::xml::is_unwanted(*c)) {
        panic!("{name} contains U+{:04X}", u32::from(c));
    }
    let mut reader = Reader::from_str(xml);
    let mut depth = 0i32;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        let attributes = match &event {
            Event::Start(e) | Event::Empty(e) => Some(e.attributes()),
            _ => None,
        };
        for attr in attributes.into_iter().flatten() {
            let ok = attr.map_err(|e| e.to_string()).and_then(|a| {
                a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, reader.decoder())
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            });
            assert!(ok.is_ok(), "{name}: bad attribute {ok:?}");
        }
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::GeneralRef(r) => {
                let name_ = r.decode().map(|n| n.into_owned()).unwrap_or_default();
                let known = r.is_char_ref()
                    || quick_xml::escape::resolve_predefined_entity(&name_).is_some();
                assert!(known, "{name}: unknown entity &{name_};");
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0, "{name}");
}

fn assert_all_parts_well_formed(docx: &[u8]) {
    let names = read::part_names(docx).unwrap_or_default();
    assert!(names.len() >= 11, "{names:?}");
    for name in names
        .iter()
        .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
    {
        assert_well_formed(name, &part(docx, name));
    }
}

#[test]
fn every_part_is_well_formed_xml_without_forbidden_characters() {
    let docx = rendered();
    assert_all_parts_well_formed(&docx);
    let doc = part(&docx, "word/document.xml");
    assert!(doc.contains("Tekens &lt;&amp;&gt;\"' en een verticale tab"));
}

#[test]
fn text_in_attributes_and_properties_cannot_break_the_xml() {
    let mut doc = sample();
    let nasty = format!("{NASTY}\u{0}\u{FFFF}\u{85}");
    doc.properties.title = nasty.clone();
    doc.properties.author = nasty.clone();
    doc.properties.keywords = vec![nasty.clone()];
    doc.page.header = nasty.clone();
    doc.page.footer = format!("{nasty} {{pagina}}");
    doc.page.style.families[0] = "Ari\"al <&> ;x:y".into();
    if let Some(logo) = doc.page.logo.as_mut() {
        logo.alt = nasty.clone();
    }
    doc.blocks.push(Block::Paragraph(vec![span(
        &nasty,
        true,
        false,
        Some("https://x.nl/?a=\"<&>\u{B}"),
    )]));
    let docx = render(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert_all_parts_well_formed(&docx);
}

#[test]
fn a_plain_document_needs_no_header_footer_or_numbering() {
    let mut doc = sample();
    doc.page = PageStyle {
        header: String::new(),
        footer: String::new(),
        draft: false,
        logo: None,
        style: crate::document::style::HouseStyle::with_accent(Rgb(0, 0, 0)).justified(false),
    };
    doc.blocks = vec![Block::Table(Table {
        widths: vec![],
        header: vec![],
        rows: vec![vec![vec![text("alleen")]]],
    })];
    let docx = render(&doc).unwrap_or_default();
    let names = read::part_names(&docx).unwrap_or_default();
    assert!(
        !names
            .iter()
            .any(|n| n.contains("header") || n.contains("footer") || n.contains("numbering")),
        "{names:?}"
    );
    let texts = read::paragraph_texts(&docx).unwrap_or_default();
    assert_eq!(texts, ["alleen", ""], "a table is followed by a paragraph");
    assert!(part(&docx, "word/styles.xml").contains("w:ascii=\"Arial\""));
}

#[test]
fn a_logo_that_is_not_what_it_claims_is_refused() {
    let mut doc = sample();
    if let Some(logo) = doc.page.logo.as_mut() {
        logo.format = ImageFormat::Jpeg;
    }
    let err = render(&doc)
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("geen geldige JPEG-afbeelding"), "{err}");
}
