//! The letter's own parts (closing block, date and kenmerk, contact, aanhef) from the
//! region file to DOCX and HTML, read back; the PDF side is in `tests/pdf.rs`.

mod common;
use common::regions;

use common::{document, normalise};
use raadsbrief::compose::Kind;
use raadsbrief::document::{plain_text, Block};
use regions::{edit, gooi, valid};

/// The Gooi sample with example names for Blaricum, a kenmerk, an aanhef and a contact.
fn region() -> String {
    let text = edit(
        &gooi(),
        "burgemeester: \"[in te vullen: burgemeester Blaricum]\"\n      secretaris: \"[in te vullen: gemeentesecretaris Blaricum]\"",
        "burgemeester: Voorbeeld Burgemeester\n      secretaris: Voorbeeld Secretaris",
    );
    edit(
        &text,
        "  openbaar: true\n",
        "  openbaar: true\n  kenmerk: Z-2021-001\n  aanhef: Geachte leden van de raad,\n  behandeld-door:\n    naam: Voorbeeld Ambtenaar\n    telefoon: 035 000 00 00\n    e-mail: ambtenaar@example.org\n",
    )
}

const SENDER: &str = "Het college van burgemeester en wethouders van Blaricum,";

fn blaricum_doc() -> raadsbrief::document::Document {
    document(&valid(&region()), Kind::Letter(0))
}

#[test]
fn closing_block_is_one_signatures_block_with_the_signers_in_order() {
    let doc = blaricum_doc();
    let signatures: Vec<_> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Signatures(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(signatures.len(), 1);
    let s = signatures[0];
    assert_eq!(plain_text(&s.sender), SENDER);
    let signers: Vec<(String, String)> = s
        .signers
        .iter()
        .map(|x| (plain_text(&x.role), plain_text(&x.name)))
        .collect();
    assert_eq!(
        signers,
        [
            ("de secretaris,".into(), "Voorbeeld Secretaris".into()),
            ("de burgemeester,".into(), "Voorbeeld Burgemeester".into()),
        ]
    );
    // Before the Bijlagen, after the last section's text.
    let text = normalise(&doc.text());
    let closing = text.find(SENDER).unwrap();
    assert!(closing < text.find("Bijlagen").unwrap());
    assert!(closing > text.find("waardevolle toekomst bieden.").unwrap());
}

#[test]
fn field_block_has_date_kenmerk_and_contact_and_the_aanhef_follows() {
    let text = normalise(&blaricum_doc().text());
    for part in [
        "Datum 16 november 2021 Kenmerk Z-2021-001 Onderwerp",
        "Openbaar Ja Behandeld door Voorbeeld Ambtenaar Telefoon 035 000 00 00 E-mail ambtenaar@example.org",
        "Geachte leden van de raad, Kennisnemen van",
    ] {
        assert!(text.contains(part), "missing ‘{part}’ in: {text}");
    }
}

#[test]
fn a_municipality_overrides_behandeld_door_in_its_own_brief() {
    let text = edit(
        &region(),
        "    portefeuillehouder: \"[in te vullen: portefeuillehouder Eemnes]\"\n",
        "    portefeuillehouder: \"[in te vullen: portefeuillehouder Eemnes]\"\n    brief:\n      behandeld-door: { naam: Ander Voorbeeld }\n",
    );
    let v = valid(&text);
    let eemnes = normalise(&document(&v, Kind::Letter(1)).text());
    assert!(
        eemnes.contains("Behandeld door Ander Voorbeeld"),
        "{eemnes}"
    );
    assert!(!eemnes.contains("Voorbeeld Ambtenaar"));
    let blaricum = normalise(&document(&v, Kind::Letter(0)).text());
    assert!(blaricum.contains("Behandeld door Voorbeeld Ambtenaar"));
}

#[test]
fn without_ondertekening_there_is_no_closing_block() {
    let text = edit(
        &region(),
        "    ondertekening:\n      burgemeester: Voorbeeld Burgemeester\n      secretaris: Voorbeeld Secretaris\n",
        "",
    );
    let doc = document(&valid(&text), Kind::Letter(0));
    assert!(!doc.blocks.iter().any(|b| matches!(b, Block::Signatures(_))));
    assert!(!doc.text().contains("Het college van burgemeester"));
}

#[test]
fn signature_block_reads_back_from_the_docx() {
    let docx = raadsbrief::render::docx::render(&blaricum_doc()).unwrap();
    let paragraphs = raadsbrief::render::docx::read::paragraph_texts(&docx).unwrap();
    let at = paragraphs
        .iter()
        .position(|p| p == SENDER)
        .expect("the sender's line is a paragraph of its own");
    assert_eq!(
        paragraphs[at + 1..at + 5],
        [
            "de secretaris,",
            "Voorbeeld Secretaris",
            "de burgemeester,",
            "Voorbeeld Burgemeester"
        ]
    );
    // Side by side: one table row with a cell per signer.
    let xml = raadsbrief::render::docx::read::part(&docx, "word/document.xml").unwrap();
    let start = xml.find("Voorbeeld Secretaris").unwrap();
    let row_start = xml[..start].rfind("<w:tr>").unwrap();
    let row_end = start + xml[start..].find("</w:tr>").unwrap();
    let row = &xml[row_start..row_end];
    assert_eq!(row.matches("<w:tc>").count(), 2, "{row}");
    assert!(row.contains("Voorbeeld Burgemeester"));
}

#[test]
fn signature_block_reads_back_from_the_html() {
    let html =
        String::from_utf8(raadsbrief::render::html::render(&blaricum_doc()).unwrap()).unwrap();
    let start = html
        .find("<div class=\"signatures\">")
        .expect("the closing block");
    let block = &html[start..start + html[start..].find("</div>\n</div>").unwrap()];
    let text: String = {
        let mut out = String::new();
        let mut in_tag = false;
        for c in block.chars() {
            match c {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        normalise(&out)
    };
    assert_eq!(
        text,
        format!(
            "{SENDER} de secretaris, Voorbeeld Secretaris de burgemeester, Voorbeeld Burgemeester"
        )
    );
    assert_eq!(block.matches("<p class=\"signer\">").count(), 2);
    assert!(html.contains(".signers { display: flex;"));
}

// ---------------------------------------------------------------------------------
// Open fields
// ---------------------------------------------------------------------------------

/// The Gooi sample as it is: a concept whose signers are still open fields.
fn concept_blaricum() -> raadsbrief::document::Document {
    document(&valid(&gooi()), Kind::Letter(0))
}

#[test]
fn open_fields_are_marked_in_the_document_model() {
    let doc = concept_blaricum();
    assert_eq!(
        doc.open_fields(),
        [
            "[in te vullen: gemeentesecretaris Blaricum]",
            "[in te vullen: burgemeester Blaricum]"
        ]
    );
}

#[test]
fn open_fields_are_highlighted_in_the_docx() {
    let docx = raadsbrief::render::docx::render(&concept_blaricum()).unwrap();
    let xml = raadsbrief::render::docx::read::part(&docx, "word/document.xml").unwrap();
    let runs: Vec<&str> = xml.split("<w:r>").skip(1).collect();
    let highlighted: Vec<&str> = runs
        .iter()
        .filter(|r| r.contains("<w:highlight w:val=\"yellow\"/>"))
        .copied()
        .collect();
    assert_eq!(highlighted.len(), 2, "{highlighted:?}");
    assert!(highlighted[0].contains(">[in te vullen: gemeentesecretaris Blaricum]</w:t>"));
    assert!(highlighted[1].contains(">[in te vullen: burgemeester Blaricum]</w:t>"));
    let plain = runs
        .iter()
        .find(|r| r.contains(">de secretaris,</w:t>"))
        .unwrap();
    assert!(!plain.contains("w:highlight"));
}

#[test]
fn open_fields_are_marked_in_the_html() {
    let html =
        String::from_utf8(raadsbrief::render::html::render(&concept_blaricum()).unwrap()).unwrap();
    assert_eq!(html.matches("<mark class=\"open-field\">").count(), 2);
    assert!(
        html.contains("<mark class=\"open-field\">[in te vullen: burgemeester Blaricum]</mark>")
    );
    assert!(html.contains("mark.open-field { background: #ffff00;"));
}

/// The findings of building `text` (all municipalities, DOCX only, nothing written).
fn open_field_errors(text: &str) -> Vec<raadsbrief::diagnostics::Finding> {
    let v = valid(text);
    let plan = raadsbrief::batch::Plan {
        gemeenten: Vec::new(),
        documents: raadsbrief::batch::Documents::All,
        formats: vec![raadsbrief::batch::Format::Docx],
        out: std::path::PathBuf::from("unused"),
        templates: None,
        pdf_profile: Default::default(),
        lettertypen: Vec::new(),
    };
    match raadsbrief::batch::render(&v, &plan) {
        Err(raadsbrief::error::Error::Invalid(findings)) => findings,
        other => panic!("expected findings, got {:?}", other.map(|r| r.len())),
    }
}

/// Gooi with every open field filled and the letter definitief.
fn filled_definitief() -> String {
    let mut text = gooi().replace("  status: concept", "  status: definitief");
    while let Some(at) = text.find("[in te vullen: ") {
        let end = at + text[at..].find(']').unwrap() + 1;
        let inner = text[at + "[in te vullen: ".len()..end - 1].to_owned();
        text.replace_range(at..end, &format!("Voorbeeld {inner}"));
    }
    text
}

#[test]
fn a_filled_definitief_region_builds() {
    let v = valid(&filled_definitief());
    let plan = raadsbrief::batch::Plan {
        gemeenten: vec![0],
        documents: raadsbrief::batch::Documents::All,
        formats: vec![raadsbrief::batch::Format::Docx],
        out: std::path::PathBuf::from("unused"),
        templates: None,
        pdf_profile: Default::default(),
        lettertypen: Vec::new(),
    };
    let rendered = raadsbrief::batch::render(&v, &plan).expect("no open field left");
    assert!(rendered.iter().all(|r| r.warnings.is_empty()));
}

#[test]
fn an_open_field_inside_a_block_text_points_at_itself_and_an_override_at_the_override() {
    let text = edit(
        &filled_definitief(),
        "    nader uitgewerkt in een (uitvoerings)agenda",
        "    nader uitgewerkt in een [in te vullen: naam agenda] (uitvoerings)agenda",
    );
    let text = edit(
        &text,
        "  - naam: Laren\n    cbs: GM0417\n",
        "  - naam: Laren\n    cbs: GM0417\n    brief:\n      kenmerk: \"[in te vullen: kenmerk Laren]\"\n",
    );
    let findings = open_field_errors(&text);
    let (line, column) = regions::pos_of(&text, "[in te vullen: naam agenda]");
    let vervolg: Vec<_> = findings
        .iter()
        .filter(|f| f.field == "brief.vervolg")
        .collect();
    // Once per letter, each naming its municipality, all at the text itself.
    assert_eq!(vervolg.len(), 8, "{}", regions::show(&findings));
    for f in &vervolg {
        assert_eq!((f.rule, f.line, f.column), ("open-field", line, column));
    }
    assert!(vervolg.iter().any(|f| f.message
        == "open veld in de definitieve brief van Huizen: ‘[in te vullen: naam agenda]’"));
    let (line, column) = regions::pos_of(&text, "[in te vullen: kenmerk Laren]");
    let laren: Vec<_> = findings
        .iter()
        .filter(|f| f.message.contains("kenmerk Laren"))
        .collect();
    assert_eq!(laren.len(), 1, "{}", regions::show(&findings));
    assert_eq!(laren[0].field, "gemeenten[5].brief.kenmerk");
    assert_eq!((laren[0].line, laren[0].column), (line, column));
    assert_eq!(
        laren[0].message,
        "open veld in de definitieve brief van Laren: ‘[in te vullen: kenmerk Laren]’"
    );
    // The appendix does not show the letter's text: no finding for it.
    assert!(!findings
        .iter()
        .any(|f| f.message.contains("samenwerkingsdocument")));
}

/// Open fields are looked up through one index per run: a municipality's own scope is
/// exactly its entry (`gemeenten[1]` is not `gemeenten[10]`), and a text it does not
/// hold itself is found in the shared letter.
#[test]
fn an_open_field_is_placed_in_its_own_municipality_or_else_the_shared_letter() {
    let text = edit(
        &filled_definitief(),
        "  datum: \"2021-11-16\"\n",
        "  datum: \"2021-11-16\"\n  kenmerk: \"[in te vullen: kenmerk]\"\n",
    );
    let mut text = regions::generate_region(&text, 12);
    // The eleventh municipality overrides the shared kenmerk with the same open text.
    let eleventh = text.match_indices("\n  - naam: ").nth(10).unwrap().0;
    let cbs_end = eleventh + text[eleventh..].find("\n    cbs: ").unwrap() + 1;
    let line_end = cbs_end + text[cbs_end..].find('\n').unwrap() + 1;
    text.insert_str(
        line_end,
        "    brief:\n      kenmerk: \"[in te vullen: kenmerk]\"\n",
    );
    let findings = open_field_errors(&text);
    let v = valid(&text);
    let field_of = |i: usize| {
        let naam = &v.region.gemeenten[i].naam;
        let of: Vec<&str> = findings
            .iter()
            .filter(|f| {
                f.message
                    == format!(
                        "open veld in de definitieve brief van {naam}: ‘[in te vullen: kenmerk]’"
                    )
            })
            .map(|f| f.field.as_str())
            .collect();
        of
    };
    assert_eq!(
        field_of(1),
        ["brief.kenmerk"],
        "{}",
        regions::show(&findings)
    );
    assert_eq!(field_of(10), ["gemeenten[10].brief.kenmerk"]);
    // At the text itself, inside the quotes of the shared line.
    let line = text
        .lines()
        .position(|l| l == "  kenmerk: \"[in te vullen: kenmerk]\"")
        .unwrap();
    let shared = (line + 1, "  kenmerk: \"".len() + 1);
    let f = findings
        .iter()
        .find(|f| f.field == "brief.kenmerk")
        .unwrap();
    assert_eq!((f.line, f.column), shared);
}
