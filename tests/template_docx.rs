//! The DOCX built on a municipality's Word template, read back; and every kind of
//! template that is refused or trimmed, with packages built here.

mod common;
use common::regions;

use std::io::{Cursor, Write};

use raadsbrief::render::docx::{self, read};
use raadsbrief::word_template::package;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

fn letter_of(name: &str, draft: bool) -> Vec<u8> {
    let mut doc = common::letter(&common::validated(common::GOOI), name);
    assert!(doc.page.style.base.is_some(), "{name} has a template");
    doc.page.draft = draft;
    docx::render(&doc).expect("renders")
}

fn template_part(file: &str, part: &str) -> String {
    let bytes = std::fs::read(format!("samples/sjablonen/{file}")).expect("sample template");
    read::part(&bytes, part).expect("part in template")
}

/// The raw `<w:style …>` element with `id` in a styles part.
fn style_xml(styles: &str, id: &str) -> String {
    let at = styles
        .find(&format!("w:styleId=\"{id}\""))
        .unwrap_or_else(|| panic!("style {id}"));
    let start = styles[..at].rfind("<w:style ").expect("style start");
    let end = at + styles[at..].find("</w:style>").expect("style end") + "</w:style>".len();
    styles[start..end].to_owned()
}

/// The `<w:pgMar …/>` element of a part.
fn page_margins(xml: &str) -> String {
    let at = xml.find("<w:pgMar ").expect("pgMar");
    xml[at..at + xml[at..].find("/>").expect("end") + 2].to_owned()
}

fn header_texts(docx_bytes: &[u8]) -> Vec<String> {
    let names = read::part_names(docx_bytes).unwrap();
    names
        .iter()
        .filter(|n| n.starts_with("word/header") || n.starts_with("word/footer"))
        .filter(|n| n.ends_with(".xml"))
        .map(|n| {
            read::paragraphs_of(&read::part(docx_bytes, n).unwrap())
                .unwrap()
                .into_iter()
                .map(|p| p.text)
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

fn check_on_template(name: &str, file: &str, heading_id: &str, other_heading: &str) {
    let out = letter_of(name, false);
    let styles = read::part(&out, "word/styles.xml").unwrap();
    let theirs = template_part(file, "word/styles.xml");
    assert_eq!(
        style_xml(&styles, heading_id),
        style_xml(&theirs, heading_id),
        "the template's heading 1 is kept as it is"
    );
    let body = read::part(&out, "word/document.xml").unwrap();
    assert!(body.contains(&format!("<w:pStyle w:val=\"{heading_id}\"/>")));
    assert!(!body.contains(&format!("<w:pStyle w:val=\"{other_heading}\"/>")));
    assert!(
        !body.contains("Sjabloontekst"),
        "the template's body text is not copied"
    );
    assert!(body.contains("<w:titlePg/>"), "first-page header switch");
    assert_eq!(
        page_margins(&body),
        page_margins(&template_part(file, "word/document.xml"))
    );
    let types = read::part(&out, "[Content_Types].xml").unwrap();
    assert!(types.contains("wordprocessingml.document.main+xml"));
    assert!(!types.contains("template.main"), "{types}");
    let names = read::part_names(&out).unwrap();
    assert!(
        names.iter().any(|n| n.starts_with("word/media/")),
        "{names:?}"
    );
    let furniture = header_texts(&out);
    assert!(
        furniture
            .iter()
            .any(|t| t.contains(&format!("Gemeente {name}"))),
        "{furniture:?}"
    );
    assert!(
        !furniture.iter().any(|t| t.contains("CONCEPT")),
        "our own header is not added"
    );
    let settings = read::part(&out, "word/settings.xml").unwrap();
    assert!(!settings.contains("attachedTemplate"));
    assert_eq!(out, letter_of(name, false), "byte-identical across runs");
}

#[test]
fn huizen_letter_is_built_on_its_dutch_template() {
    check_on_template("Huizen", "huizen.dotx", "Kop1", "Heading1");
}

#[test]
fn gooise_meren_letter_is_built_on_its_english_template() {
    check_on_template("Gooise Meren", "gooise-meren.dotx", "Heading1", "Kop1");
}

#[test]
fn a_draft_on_a_template_keeps_its_watermark_in_the_templates_headers() {
    let out = letter_of("Huizen", true);
    let names = read::part_names(&out).unwrap();
    let headers: Vec<String> = names
        .iter()
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(|n| read::part(&out, n).unwrap())
        .collect();
    assert_eq!(headers.len(), 2, "first-page and later header");
    for h in &headers {
        assert!(
            h.contains("PowerPlusWaterMarkObject"),
            "watermark in every header"
        );
        assert!(h.contains("Huizen"), "the template's own header");
    }
}

// --- refusals, with packages built here ---

const CT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOC: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:sectPr/></w:body></w:document>"#;

fn package_of(entries: &[(&str, Vec<u8>, CompressionMethod)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes, method) in entries {
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(*method),
        )
        .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn minimal(extra: Vec<(&str, Vec<u8>, CompressionMethod)>) -> Vec<u8> {
    let d = CompressionMethod::Deflated;
    let mut entries = vec![
        ("[Content_Types].xml", CT.as_bytes().to_vec(), d),
        ("_rels/.rels", RELS.as_bytes().to_vec(), d),
        ("word/document.xml", DOC.as_bytes().to_vec(), d),
    ];
    entries.extend(extra);
    package_of(&entries)
}

fn refused(bytes: &[u8]) -> &'static str {
    match package::open_bytes(bytes, "sjablonen/test.dotx") {
        Ok(_) => panic!("should be refused"),
        Err(r) => r.rule,
    }
}

/// A part no letter uses (Word 2010's `stylesWithEffects.xml`) is neither checked nor
/// kept, even broken; the same damage in a part the letter uses refuses the template.
#[test]
fn only_the_parts_a_letter_uses_are_checked_and_kept() {
    let d = CompressionMethod::Deflated;
    let rels = |kind: &str, target: &str| {
        format!(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/></Relationships>"#
        )
        .into_bytes()
    };
    let broken = b"<w:styles><w:style></w:styles>".to_vec();
    let unused = minimal(vec![
        (
            "word/_rels/document.xml.rels",
            rels("stylesWithEffects", "stylesWithEffects.xml"),
            d,
        ),
        ("word/stylesWithEffects.xml", broken.clone(), d),
    ]);
    let checked = package::open_bytes(&unused, "t.dotx").expect("accepted");
    assert!(!checked
        .base
        .parts
        .contains_key("word/stylesWithEffects.xml"));
    let used = minimal(vec![
        (
            "word/_rels/document.xml.rels",
            rels("styles", "styles.xml"),
            d,
        ),
        ("word/styles.xml", broken, d),
    ]);
    assert_eq!(refused(&used), "template-broken");
}

#[test]
fn a_minimal_template_is_accepted() {
    let checked = package::open_bytes(&minimal(vec![]), "t.dotx").expect("accepted");
    assert_eq!(checked.main, "word/document.xml");
    assert!(checked.base.left_out.is_empty());
}

#[test]
fn macros_are_refused_by_part_and_by_extension() {
    let vba = minimal(vec![(
        "word/vbaProject.bin",
        b"VBA".to_vec(),
        CompressionMethod::Stored,
    )]);
    assert_eq!(refused(&vba), "template-macros");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huisstijl.dotm");
    std::fs::write(&path, minimal(vec![])).unwrap();
    let err = package::open(&path, "huisstijl.dotm").unwrap_err();
    assert_eq!(err.rule, "template-macros");
    assert!(err.help.contains("zonder macro's"));
}

#[test]
fn encrypted_and_non_zip_files_are_refused() {
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(1024, 0);
    assert_eq!(refused(&cfb), "template-encrypted");
    assert_eq!(refused(b"Dit is geen sjabloon."), "template-broken");
    // A zip without a Word document in it.
    let other = package_of(&[("a.txt", b"x".to_vec(), CompressionMethod::Stored)]);
    assert_eq!(refused(&other), "template-broken");
}

/// The document's relationships to one header, `target`: a part a letter uses.
fn header_rels(target: &str) -> Vec<u8> {
    format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="{target}"/></Relationships>"#
    )
    .into_bytes()
}

#[test]
fn a_zip_bomb_is_refused_while_it_inflates() {
    let d = CompressionMethod::Deflated;
    let zeros = vec![0u8; 40 * 1024 * 1024];
    let bomb = minimal(vec![
        (
            "word/_rels/document.xml.rels",
            header_rels("header1.xml"),
            d,
        ),
        ("word/header1.xml", zeros.clone(), d),
    ]);
    assert!(bomb.len() < 200 * 1024, "small on disk: {}", bomb.len());
    assert_eq!(refused(&bomb), "template-too-large");
    // A relationship part is always inflated (macros and the structure are read there).
    let in_rels = minimal(vec![("word/_rels/document.xml.rels", zeros.clone(), d)]);
    assert_eq!(refused(&in_rels), "template-too-large");
    // The same bomb where nothing leads a letter is never inflated: it can do no harm,
    // and the package is not kept with it.
    let unused = minimal(vec![("word/media/x.bin", zeros, d)]);
    let checked = package::open_bytes(&unused, "sjablonen/test.dotx").expect("accepted");
    assert!(!checked.base.parts.contains_key("word/media/x.bin"));
}

/// `package` with the CRC-32 or the inflated size that the zip's local and central
/// headers give for `name` replaced by `value` (`field`: 0 the CRC-32, 8 the size).
fn misstated(package: &[u8], name: &str, field: usize, value: u32) -> Vec<u8> {
    let mut bytes = package.to_vec();
    let mut patched = 0;
    // Where the CRC-32, the name's length and the name are in each header.
    for (signature, fields, len_at, name_at) in
        [(b"PK\x03\x04", 14, 26, 30), (b"PK\x01\x02", 16, 28, 46)]
    {
        let mut at = 0;
        while let Some(found) = bytes[at..].windows(4).position(|w| w == signature) {
            let start = at + found;
            let len = usize::from(u16::from_le_bytes([
                bytes[start + len_at],
                bytes[start + len_at + 1],
            ]));
            if bytes.get(start + name_at..start + name_at + len) == Some(name.as_bytes()) {
                let field = start + fields + field;
                bytes[field..field + 4].copy_from_slice(&value.to_le_bytes());
                patched += 1;
            }
            at = start + 4;
        }
    }
    assert_eq!(patched, 2, "{name} in both headers");
    bytes
}

/// Parts are inflated whole, to the size the zip says; a zip that misstates a part's
/// size or checksum is read as a stream instead, or refused, never believed.
#[test]
fn a_part_whose_size_or_checksum_the_zip_misstates_is_not_believed() {
    let d = CompressionMethod::Deflated;
    let header = br#"<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p/></w:hdr>"#.to_vec();
    let honest = minimal(vec![
        (
            "word/_rels/document.xml.rels",
            header_rels("header1.xml"),
            d,
        ),
        ("word/header1.xml", header.clone(), d),
    ]);
    let read = package::open_bytes(&honest, "sjablonen/test.dotx").expect("accepted");
    assert_eq!(read.base.parts["word/header1.xml"], header);
    // A damaged part: the checksum no longer matches what it inflates to.
    let damaged = misstated(&honest, "word/header1.xml", 0, 0x1234_5678);
    let refusal = package::open_bytes(&damaged, "sjablonen/test.dotx").unwrap_err();
    assert_eq!(refusal.rule, "template-broken");
    assert_eq!(refusal.part.as_deref(), Some("word/header1.xml"));
    // A bomb that says it is small: 40 MiB of zeros claimed as 100 bytes.
    let bomb = minimal(vec![
        (
            "word/_rels/document.xml.rels",
            header_rels("header1.xml"),
            d,
        ),
        ("word/header1.xml", vec![0u8; 40 * 1024 * 1024], d),
    ]);
    assert_eq!(
        refused(&misstated(&bomb, "word/header1.xml", 8, 100)),
        "template-too-large"
    );
    // A size claimed larger or smaller than the part's never shortens or pads it: the
    // stream reads what the part holds, and its checksum holds.
    for claimed in [header.len() as u32 + 10, header.len() as u32 - 10] {
        let odd = misstated(&honest, "word/header1.xml", 8, claimed);
        let read = package::open_bytes(&odd, "sjablonen/test.dotx").expect("accepted");
        assert_eq!(read.base.parts["word/header1.xml"], header, "{claimed}");
    }
}

#[test]
fn an_oversized_part_and_too_many_entries_are_refused() {
    let d = CompressionMethod::Deflated;
    let big = minimal(vec![
        (
            "word/_rels/document.xml.rels",
            header_rels("header1.xml"),
            d,
        ),
        (
            "word/header1.xml",
            vec![7u8; 17 * 1024 * 1024],
            CompressionMethod::Stored,
        ),
    ]);
    assert_eq!(refused(&big), "template-too-large");
    // Counted in the central directory, before anything is inflated.
    let names: Vec<String> = (0..1001).map(|i| format!("word/x{i}.bin")).collect();
    let many = minimal(
        names
            .iter()
            .map(|n| (n.as_str(), vec![1u8], CompressionMethod::Stored))
            .collect(),
    );
    assert_eq!(refused(&many), "template-too-large");
}

#[test]
fn an_entry_name_that_climbs_out_is_refused() {
    let evil = minimal(vec![(
        "../../evil.xml",
        b"<a/>".to_vec(),
        CompressionMethod::Stored,
    )]);
    assert_eq!(refused(&evil), "template-path");
}

#[test]
fn external_pictures_and_attached_template_are_left_out() {
    let d = CompressionMethod::Deflated;
    let doc_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="https://example.org/logo.png" TargetMode="External"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>"#;
    let document = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body><w:p><w:r><w:drawing><a:blip xmlns:a="a" r:link="rId7"/></w:drawing></w:r></w:p><w:sectPr/></w:body></w:document>"#;
    let settings_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="file:///C:/Sjablonen/Normal.dotm" TargetMode="External"/></Relationships>"#;
    let settings = r#"<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:attachedTemplate r:id="rId1"/><w:zoom w:percent="100"/></w:settings>"#;
    let mut entries = vec![
        ("[Content_Types].xml", CT.as_bytes().to_vec(), d),
        ("_rels/.rels", RELS.as_bytes().to_vec(), d),
        ("word/document.xml", document.as_bytes().to_vec(), d),
        (
            "word/_rels/document.xml.rels",
            doc_rels.as_bytes().to_vec(),
            d,
        ),
        ("word/settings.xml", settings.as_bytes().to_vec(), d),
        (
            "word/_rels/settings.xml.rels",
            settings_rels.as_bytes().to_vec(),
            d,
        ),
    ];
    entries.sort_by_key(|e| e.0);
    let checked = package::open_bytes(&package_of(&entries), "t.dotx").expect("accepted");
    let part = |n: &str| String::from_utf8(checked.base.parts[n].clone()).unwrap();
    assert!(!part("word/document.xml").contains("w:drawing"));
    assert!(!part("word/_rels/document.xml.rels").contains("example.org"));
    assert!(!part("word/settings.xml").contains("attachedTemplate"));
    assert!(part("word/settings.xml").contains("w:zoom"));
    assert!(!part("word/_rels/settings.xml.rels").contains("Normal.dotm"));
    assert_eq!(
        checked.base.left_out.len(),
        2,
        "{:?}",
        checked.base.left_out
    );
    // What the check changed is not kept as the template stored it; the rest is.
    let stored: Vec<&str> = checked.base.stored.keys().map(String::as_str).collect();
    assert_eq!(stored, ["[Content_Types].xml", "_rels/.rels"], "{stored:?}");
}

/// The template's parts that a letter leaves as they are go into its DOCX as the
/// template's zip stored them (the same compressed bytes, not compressed again); the
/// ones it changes (styles, document, content types) are written anew. Word's reader
/// of the package, the zip crate here, checks every entry's CRC.
#[test]
fn unchanged_template_parts_are_copied_as_stored() {
    let template = std::fs::read("samples/sjablonen/gooise-meren.dotx").expect("sample template");
    let mut archive = zip::ZipArchive::new(Cursor::new(template)).expect("zip");
    let mut raw_of = |name: &str| {
        let mut raw = Vec::new();
        let i = archive.index_for_name(name).expect(name);
        std::io::Read::read_to_end(&mut archive.by_index_raw(i).expect(name), &mut raw)
            .expect("raw");
        raw
    };
    let kept = [
        "word/theme/theme1.xml",
        "word/fontTable.xml",
        "word/media/image1.png",
    ]
    .map(|name| (name, raw_of(name)));
    let styles = raw_of("word/styles.xml");
    let letter = letter_of("Gooise Meren", false);
    let contains = |needle: &[u8]| letter.windows(needle.len()).any(|w| w == needle);
    for (name, raw) in &kept {
        assert!(contains(raw), "{name} copied as the template stored it");
    }
    assert!(
        !contains(&styles),
        "styles.xml (ours merged in) written anew"
    );
    let mut out = zip::ZipArchive::new(Cursor::new(letter.clone())).expect("our DOCX is a zip");
    for i in 0..out.len() {
        let mut entry = out.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).expect("reads with its CRC");
    }
    assert_eq!(letter, letter_of("Gooise Meren", false), "byte-identical");
}

#[test]
fn validate_reports_a_broken_template_at_its_sjabloon_value() {
    let dir = tempfile::tempdir().unwrap();
    let root = regions::root();
    // The templates are copied next to the copy (one of them broken); the fonts and
    // signatures are named where the sample keeps them.
    let text = regions::sample("gooi-en-vechtstreek.yaml")
        .replace(
            "lettertypen: lettertypen/",
            &format!(
                "lettertypen: {}/",
                root.join("samples/lettertypen").display()
            ),
        )
        .replace(
            "afbeelding: handtekeningen/",
            &format!(
                "afbeelding: {}/",
                root.join("samples/handtekeningen").display()
            ),
        );
    let file = dir.path().join("regio.yaml");
    std::fs::write(&file, &text).unwrap();
    std::fs::create_dir(dir.path().join("sjablonen")).unwrap();
    std::fs::copy(
        root.join("samples/sjablonen/gooise-meren.dotx"),
        dir.path().join("sjablonen/gooise-meren.dotx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("sjablonen/huizen.dotx"), b"kapot").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .args(["validate", "--format", "json"])
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let findings = json["files"][0]["findings"].as_array().unwrap();
    let f = findings
        .iter()
        .find(|f| f["rule"] == "template-broken")
        .unwrap_or_else(|| panic!("{stdout}"));
    let (line, _) = regions::pos_of(&text, "sjablonen/huizen.dotx");
    assert_eq!(f["line"], line, "{f}");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("sjablonen/huizen.dotx"));
}
