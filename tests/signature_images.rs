//! Signature images in the closing block (`ondertekening.handtekeningen`): from the
//! region file through the document model to DOCX, PDF and HTML, read back with the
//! picture and its alternative text; and the mistakes a user can make with them.

mod common;
use common::regions;

use lopdf::content::Content;
use lopdf::{Dictionary, Document as LoDocument, Object, ObjectId};
use raadsbrief::compose::Kind;
use raadsbrief::document::{Block, Document, Signatures};
use regions::{edit, gooi, pos_of, single, valid};

const EEMNES: Kind = Kind::Letter(1);
const ALT_SECRETARIS: &str = "Voorbeeldhandtekening van de secretaris, geen echte handtekening";
const ALT_BURGEMEESTER: &str = "Voorbeeldhandtekening van de burgemeester, geen echte handtekening";

/// The bundled sample, whose Eemnes has example signatures.
fn eemnes() -> Document {
    common::document(&common::validated(common::GOOI), EEMNES)
}

fn closing_block(doc: &Document) -> &Signatures {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Signatures(s) => Some(s),
            _ => None,
        })
        .expect("the letter has a closing block")
}

/// Gooi with Blaricum's signers named and given signatures; `alt` is the
/// burgemeester's `alt:` line, or none.
fn blaricum_with_signatures(alt: Option<&str>) -> String {
    let alt = alt.map_or(String::new(), |a| format!("\n          alt: {a}"));
    edit(
        &gooi(),
        "      burgemeester: \"[in te vullen: burgemeester Blaricum]\"\n      secretaris: \"[in te vullen: gemeentesecretaris Blaricum]\"\n",
        &format!(
            "      burgemeester: Voorbeeld Burgemeester\n      secretaris: Voorbeeld Secretaris\n      handtekeningen:\n        burgemeester:\n          afbeelding: {}{alt}\n",
            regions::samples_dir()
                .join("handtekeningen/eemnes-burgemeester.png")
                .display()
        ),
    )
}

#[test]
fn the_model_carries_each_signature_with_its_alt_text_and_drawn_size() {
    let doc = eemnes();
    let block = closing_block(&doc);
    let signatures: Vec<(String, f64, f64)> = block
        .signers
        .iter()
        .map(|s| {
            let sig = s.signature.as_ref().expect("both Eemnes signers have one");
            (sig.image.alt.clone(), sig.width, sig.height)
        })
        .collect();
    // 420 × 140 pixels at the house style's height, the width by the ratio.
    let h = doc.page.style.signatures.image_height;
    assert_eq!(
        signatures,
        [
            (ALT_SECRETARIS.to_owned(), 3.0 * h, h),
            (ALT_BURGEMEESTER.to_owned(), 3.0 * h, h),
        ]
    );
    assert!(h <= doc.page.style.signatures.signature_space);
    // The token is gone from the names: they read as before.
    let names: Vec<String> = block
        .signers
        .iter()
        .map(|s| raadsbrief::document::plain_text(&s.name))
        .collect();
    assert_eq!(
        names,
        [
            "[in te vullen: gemeentesecretaris Eemnes]",
            "[in te vullen: burgemeester Eemnes]"
        ]
    );
    // A municipality without signatures has none.
    let blaricum = common::document(&common::validated(common::GOOI), Kind::Letter(0));
    assert!(closing_block(&blaricum)
        .signers
        .iter()
        .all(|s| s.signature.is_none()));
}

#[test]
fn without_alt_the_alternative_text_names_the_signer() {
    let doc = common::document(&valid(&blaricum_with_signatures(None)), Kind::Letter(0));
    let block = closing_block(&doc);
    assert!(
        block.signers[0].signature.is_none(),
        "the secretaris has none"
    );
    let sig = block.signers[1]
        .signature
        .as_ref()
        .expect("the burgemeester's");
    assert_eq!(sig.image.alt, "Handtekening van Voorbeeld Burgemeester");
    let own = common::document(
        &valid(&blaricum_with_signatures(Some("Handtekening burgemeester"))),
        Kind::Letter(0),
    );
    let sig = closing_block(&own).signers[1].signature.clone().unwrap();
    assert_eq!(sig.image.alt, "Handtekening burgemeester");
}

#[test]
fn the_docx_draws_each_signature_inline_with_its_description_and_media_part() {
    let docx = raadsbrief::render::docx::render(&eemnes()).unwrap();
    let xml = raadsbrief::render::docx::read::part(&docx, "word/document.xml").unwrap();
    // In the signers' row, each picture between its function and its name.
    let row_start = xml.find("de secretaris,").unwrap();
    let row = &xml[row_start..row_start + xml[row_start..].find("</w:tr>").unwrap()];
    let descr: Vec<&str> = row
        .split("<wp:docPr ")
        .skip(1)
        .map(|d| {
            let at = d.find("descr=\"").unwrap() + 7;
            &d[at..at + d[at..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(descr, [ALT_SECRETARIS, ALT_BURGEMEESTER]);
    let picture = row.find("<w:drawing>").unwrap();
    assert!(
        picture
            < row
                .find("[in te vullen: gemeentesecretaris Eemnes]")
                .unwrap()
    );
    // 108 × 36 pt in EMU.
    assert!(
        row.contains("<wp:extent cx=\"1371600\" cy=\"457200\"/>"),
        "{row}"
    );
    // Each picture's relationship points at a media part holding the image.
    let rels = raadsbrief::render::docx::read::part(&docx, "word/_rels/document.xml.rels").unwrap();
    let names = raadsbrief::render::docx::read::part_names(&docx).unwrap();
    for embed in row.split("r:embed=\"").skip(1) {
        let id = &embed[..embed.find('"').unwrap()];
        let rel = &rels[rels.find(&format!("Id=\"{id}\"")).unwrap()..];
        let rel = &rel[..rel.find("/>").unwrap()];
        assert!(rel.contains("relationships/image\""), "{rel}");
        let target = &rel[rel.find("Target=\"").unwrap() + 8..];
        let target = format!("word/{}", &target[..target.find('"').unwrap()]);
        assert!(names.contains(&target), "{target} in {names:?}");
    }
    let types = raadsbrief::render::docx::read::part(&docx, "[Content_Types].xml").unwrap();
    assert_eq!(types.matches("Extension=\"png\"").count(), 1, "{types}");
    // The pictures are the sample's files, unchanged.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&docx)).unwrap();
    let mut media = Vec::new();
    std::io::Read::read_to_end(
        &mut zip.by_name("word/media/rb-afbeelding1.png").unwrap(),
        &mut media,
    )
    .unwrap();
    assert_eq!(
        media,
        std::fs::read("samples/handtekeningen/eemnes-secretaris.png").unwrap()
    );
}

#[test]
fn the_docx_on_a_word_template_carries_the_signatures_too() {
    // Huizen's letter is built on its Word template (`sjabloon:`).
    let text = edit(
        &gooi(),
        "      burgemeester: \"[in te vullen: burgemeester Huizen]\"\n",
        &format!(
            "      burgemeester: \"[in te vullen: burgemeester Huizen]\"\n      handtekeningen:\n        burgemeester: {{ afbeelding: {} }}\n",
            regions::samples_dir()
                .join("handtekeningen/eemnes-burgemeester.png")
                .display()
        ),
    );
    let doc = common::document(&valid(&text), Kind::Letter(4));
    assert!(doc.page.style.base.is_some(), "Huizen has a Word template");
    let docx = raadsbrief::render::docx::render(&doc).unwrap();
    let xml = raadsbrief::render::docx::read::part(&docx, "word/document.xml").unwrap();
    assert!(
        xml.contains("descr=\"Handtekening van de burgemeester\""),
        "an open name"
    );
    assert!(xml.starts_with("<?xml") && xml.contains("xmlns:wp=\""));
    let rels = raadsbrief::render::docx::read::part(&docx, "word/_rels/document.xml.rels").unwrap();
    assert!(
        rels.contains("Target=\"media/rb-afbeelding1.png\""),
        "{rels}"
    );
    assert!(raadsbrief::render::docx::read::part_names(&docx)
        .unwrap()
        .contains(&"word/media/rb-afbeelding1.png".to_owned()));
}

#[test]
fn the_html_shows_each_signature_with_its_alt_text_above_the_name() {
    let html = String::from_utf8(raadsbrief::render::html::render(&eemnes()).unwrap()).unwrap();
    let start = html.find("<div class=\"signers\">").unwrap();
    let block = &html[start..start + html[start..].find("</div>").unwrap()];
    let images: Vec<&str> = block.split("<img ").skip(1).collect();
    assert_eq!(images.len(), 2, "{block}");
    for (img, alt) in images.iter().zip([ALT_SECRETARIS, ALT_BURGEMEESTER]) {
        assert!(img.starts_with("src=\"data:image/png;base64,"), "{img}");
        assert!(img.contains(&format!("alt=\"{alt}\"")), "{img}");
        assert!(
            img.contains("style=\"width:108.0pt;height:36.0pt\""),
            "{img}"
        );
    }
    let function = block.find("de secretaris,").unwrap();
    let picture = block.find("<img ").unwrap();
    let name = block.find("<span class=\"signer-name\">").unwrap();
    assert!(function < picture && picture < name);
    assert!(html.contains(".signature { display: flex; align-items: flex-end; height: 42.00pt; }"));
}

// ---------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------

fn dict<'a>(pdf: &'a LoDocument, o: &'a Object) -> &'a Dictionary {
    let o = match o {
        Object::Reference(id) => pdf.get_object(*id).expect("reference resolves"),
        o => o,
    };
    match o {
        Object::Dictionary(d) => d,
        Object::Stream(s) => &s.dict,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn name(d: &Dictionary, key: &[u8]) -> String {
    d.get(key)
        .and_then(Object::as_name)
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .unwrap_or_default()
}

/// Every `Figure` in the structure tree: its /Alt, its parent's type and its MCIDs.
fn figures(pdf: &LoDocument) -> Vec<(String, String, Vec<i64>)> {
    fn walk(
        pdf: &LoDocument,
        elem: &Dictionary,
        parent: &str,
        out: &mut Vec<(String, String, Vec<i64>)>,
    ) {
        let kind = name(elem, b"S");
        let kids: Vec<Object> = match elem.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(o) => vec![o.clone()],
            Err(_) => Vec::new(),
        };
        if kind == "Figure" {
            let alt = elem.get(b"Alt").map(common::pdf_text).unwrap_or_default();
            let mcids = kids.iter().filter_map(|k| k.as_i64().ok()).collect();
            out.push((alt, parent.to_owned(), mcids));
        }
        for kid in &kids {
            if let Object::Reference(_) = kid {
                let d = dict(pdf, kid);
                if name(d, b"Type") == "StructElem" {
                    walk(pdf, d, &kind, out);
                }
            }
        }
    }
    let catalog = pdf.catalog().unwrap();
    let root = dict(pdf, catalog.get(b"StructTreeRoot").unwrap());
    let mut out = Vec::new();
    walk(pdf, dict(pdf, root.get(b"K").unwrap()), "", &mut out);
    out
}

/// The image XObjects each marked-content id of `page` paints (`/Figure <</MCID n>>
/// BDC … /ImN Do … EMC`).
fn painted_images(pdf: &LoDocument, page: ObjectId) -> Vec<(i64, String)> {
    let content = Content::decode(&pdf.get_page_content(page)).unwrap();
    let resources = pdf.get_page_resources(page).unwrap();
    let xobjects: Vec<&Dictionary> = resources
        .0
        .into_iter()
        .chain(
            resources
                .1
                .iter()
                .filter_map(|id| pdf.get_dictionary(*id).ok()),
        )
        .filter_map(|r| r.get(b"XObject").ok().map(|x| dict(pdf, x)))
        .collect();
    let mut open: Option<i64> = None;
    let mut out = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" if op.operands.first().and_then(|o| o.as_name().ok()) == Some(b"Figure") => {
                open = op
                    .operands
                    .get(1)
                    .and_then(|p| p.as_dict().ok())
                    .and_then(|d| d.get(b"MCID").ok())
                    .and_then(|m| m.as_i64().ok());
            }
            "EMC" => open = None,
            "Do" => {
                let image = op.operands[0].as_name().unwrap();
                let subtype = xobjects
                    .iter()
                    .find_map(|x| x.get(image).ok())
                    .map(|o| name(dict(pdf, o), b"Subtype"));
                if let (Some(mcid), Some("Image")) = (open, subtype.as_deref()) {
                    out.push((mcid, String::from_utf8_lossy(image).into_owned()));
                }
            }
            _ => {}
        }
    }
    out
}

#[test]
fn the_pdf_draws_each_signature_as_a_figure_with_its_alt_text_inside_its_signer() {
    let bytes = raadsbrief::render::pdf::render(&eemnes()).unwrap().bytes;
    let pdf = LoDocument::load_mem(&bytes).unwrap();
    let found = figures(&pdf);
    let signatures: Vec<&(String, String, Vec<i64>)> = found
        .iter()
        .filter(|f| f.0.contains("Voorbeeldhandtekening"))
        .collect();
    assert_eq!(
        signatures
            .iter()
            .map(|f| (f.0.as_str(), f.1.as_str()))
            .collect::<Vec<_>>(),
        [(ALT_SECRETARIS, "P"), (ALT_BURGEMEESTER, "P")],
        "{found:?}"
    );
    // Each Figure's marked content paints an image XObject, on the letter's last page.
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    let painted = painted_images(&pdf, *pages.last().unwrap());
    for (_, _, mcids) in &signatures {
        assert_eq!(mcids.len(), 1);
        assert!(
            painted.iter().any(|(m, _)| *m == mcids[0]),
            "MCID {mcids:?} paints no image: {painted:?}"
        );
    }
}

#[test]
fn in_the_pdf_layout_each_signature_stands_on_its_name_and_the_names_are_level() {
    let doc = eemnes();
    let l = raadsbrief::layout::layout(&doc);
    let page = l.pages.last().unwrap();
    let images: Vec<raadsbrief::layout::Rect> = page
        .items
        .iter()
        .filter_map(|i| match &i.kind {
            raadsbrief::layout::ItemKind::Image(img)
                if l.nodes[i.node].role == raadsbrief::layout::Role::Figure =>
            {
                Some(img.rect)
            }
            _ => None,
        })
        .collect();
    assert_eq!(images.len(), 2);
    let name_top = |needle: &str| {
        page.items
            .iter()
            .find_map(|i| match &i.kind {
                raadsbrief::layout::ItemKind::Text(r) if r.text().contains(needle) => {
                    Some(r.bounds())
                }
                _ => None,
            })
            .unwrap()
    };
    let secretaris = name_top("gemeentesecretaris Eemnes");
    let burgemeester = name_top("burgemeester Eemnes]");
    assert!((secretaris.y - burgemeester.y).abs() < 0.01, "names level");
    for (image, name) in images.iter().zip([secretaris, burgemeester]) {
        assert!((image.x - name.x).abs() < 0.01, "above its own name");
        assert!(
            image.bottom() <= name.y + 0.01,
            "no overlap: {image:?} vs {name:?}"
        );
        assert!(name.y - image.bottom() < 6.0, "stands on the name");
    }
    assert!((images[0].y - images[1].y).abs() < 0.01);
}

// ---------------------------------------------------------------------------------
// Mistakes
// ---------------------------------------------------------------------------------

/// The sample as it is, with relative paths (validated as if in samples/).
fn sample() -> String {
    regions::sample("gooi-en-vechtstreek.yaml")
}

#[test]
fn a_missing_signature_file_is_reported_at_its_value() {
    let text = edit(
        &sample(),
        "afbeelding: handtekeningen/eemnes-burgemeester.png",
        "afbeelding: handtekeningen/bestaat-niet.png",
    );
    let findings = regions::findings(&text);
    let f = single(&findings);
    regions::assert_finding(
        f,
        "file-missing",
        pos_of(&text, "handtekeningen/bestaat-niet.png"),
        "gemeenten[1].ondertekening.handtekeningen.burgemeester.afbeelding",
        "bestand ‘handtekeningen/bestaat-niet.png’ bestaat niet (gezocht naar ",
    );
}

#[test]
fn a_signature_that_is_no_image_is_refused_in_dutch_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let fake = dir.path().join("handtekening.png");
    std::fs::write(&fake, "dit is geen afbeelding\n").unwrap();
    let text = blaricum_with_signatures(None).replace(
        &regions::samples_dir()
            .join("handtekeningen/eemnes-burgemeester.png")
            .display()
            .to_string(),
        &fake.display().to_string(),
    );
    let yaml = dir.path().join("regio.yaml");
    std::fs::write(&yaml, &text).unwrap();
    let out = dir.path().join("uit");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .args(["build", "--gemeente", "Blaricum", "--out"])
        .arg(&out)
        .arg(&yaml)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("de handtekening is geen leesbare PNG- of JPEG-afbeelding"),
        "{stderr}"
    );
    assert!(stderr.contains("handtekening-format"), "{stderr}");
    assert!(
        stderr.contains("sla de handtekening opnieuw op als PNG"),
        "{stderr}"
    );
    assert!(!out.join("blaricum").exists(), "nothing written");
}

#[test]
fn a_signature_named_like_no_image_or_with_a_blank_alt_is_reported_at_its_value() {
    let text = edit(
        &sample(),
        "          afbeelding: handtekeningen/eemnes-burgemeester.png\n          alt: Voorbeeldhandtekening van de burgemeester, geen echte handtekening\n",
        "          afbeelding: handtekeningen/eemnes-burgemeester.pdf\n          alt: \" \"\n",
    );
    let findings = regions::findings(&text);
    let format = findings
        .iter()
        .find(|f| f.rule == "handtekening-format")
        .expect("the extension is refused");
    let (line, column) = pos_of(&text, "handtekeningen/eemnes-burgemeester.pdf");
    assert_eq!((format.line, format.column), (line, column));
    assert_eq!(
        format.message,
        "handtekening ‘handtekeningen/eemnes-burgemeester.pdf’ is geen PNG- of JPEG-bestand"
    );
    let alt = findings
        .iter()
        .find(|f| f.rule == "handtekening-alt")
        .expect("the blank alt is refused");
    assert_eq!(
        alt.field,
        "gemeenten[1].ondertekening.handtekeningen.burgemeester.alt"
    );
    assert_eq!(
        alt.message,
        "de alternatieve tekst van de handtekening is leeg"
    );
    assert_eq!((alt.line, alt.column), pos_of(&text, "\" \""));
}

#[test]
fn an_image_token_outside_a_signer_is_a_template_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("raadsinformatiebrief.md.hbs"),
        "---\ntitel: Brief\n---\n\n{{gemeente.ondertekening.handtekeningen.burgemeester}}\n\nTekst.\n",
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .args(["build", "--gemeente", "Eemnes", "--templates"])
        .arg(dir.path())
        .arg("--out")
        .arg(dir.path().join("uit"))
        .arg(common::GOOI)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("kan alleen in <div class=\"ondertekening\"> staan"),
        "{stderr}"
    );
}

#[test]
fn identical_input_gives_identical_files_in_every_format() {
    let (a, b) = (eemnes(), eemnes());
    assert_eq!(
        raadsbrief::render::docx::render(&a).unwrap(),
        raadsbrief::render::docx::render(&b).unwrap()
    );
    assert_eq!(
        raadsbrief::render::pdf::render(&a).unwrap().bytes,
        raadsbrief::render::pdf::render(&b).unwrap().bytes
    );
    assert_eq!(
        raadsbrief::render::html::render(&a).unwrap(),
        raadsbrief::render::html::render(&b).unwrap()
    );
}

#[test]
fn an_open_field_in_an_alt_text_is_one_in_a_definitief_letter() {
    let text = blaricum_with_signatures(Some("\"[in te vullen: alt handtekening]\""))
        .replace("  status: concept", "  status: definitief");
    let doc = common::document(&valid(&text), Kind::Letter(0));
    assert!(doc
        .open_fields()
        .contains(&"[in te vullen: alt handtekening]".to_owned()));
}
