//! A Word template whose XML parts start with a byte order mark, as some XSLT and .NET
//! writers save them (Word never does): the letter built on it is the letter built on
//! the same template without one, and a part in UTF-16 is refused in Dutch.

mod common;

use std::path::Path;

use quick_xml::events::Event;
use raadsbrief::compose::Kind;
use raadsbrief::document::style::HouseStyle;
use raadsbrief::render::docx::{self, read};
use raadsbrief::word_template::package;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
const SAMPLE: &str = "samples/sjablonen/gooise-meren.dotx";

fn is_xml(name: &str) -> bool {
    name.ends_with(".xml") || name.ends_with(".rels")
}

/// The sample template with each XML part for which `change` gives bytes replaced by them.
fn rewritten(change: impl Fn(&str, &[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    common::template_with(SAMPLE, |name, data| {
        is_xml(name).then(|| change(name, data)).flatten()
    })
}

/// Every XML part of the sample with a UTF-8 byte order mark in front.
fn with_boms() -> Vec<u8> {
    rewritten(|_, data| {
        assert!(!data.starts_with(UTF8_BOM), "the sample has no BOM yet");
        Some([UTF8_BOM, data].concat())
    })
}

/// The sample region with Gooise Meren's template at `template`, validated.
fn region_on(dir: &Path, template: &Path) -> raadsbrief::validate::Validated {
    let text = common::regions_portable(&common::regions::sample("gooi-en-vechtstreek.yaml"));
    let sample = common::regions::samples_dir().join("sjablonen/gooise-meren.dotx");
    let from = format!("sjabloon: {}", sample.display());
    assert_eq!(text.matches(&from).count(), 1, "one use of the template");
    let text = text.replace(&from, &format!("sjabloon: {}", template.display()));
    let file = dir.join("regio.yaml");
    std::fs::write(&file, text).expect("write region");
    raadsbrief::validate::validate_file(&file).expect("validates")
}

/// Gooise Meren's letter DOCX and house style on the template `template` (the sample
/// region, written next to it in a temporary folder).
fn letter_on(template: &[u8]) -> (Vec<u8>, HouseStyle) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gooise-meren.dotx");
    std::fs::write(&path, template).expect("write template");
    let v = region_on(dir.path(), &path);
    let index = v
        .region
        .gemeenten
        .iter()
        .position(|g| g.naam == "Gooise Meren")
        .expect("municipality");
    let doc = common::document(&v, Kind::Letter(index));
    assert!(doc.page.style.base.is_some(), "built on a template");
    let docx = docx::render(&doc).expect("renders");
    (docx, doc.page.style)
}

fn assert_well_formed(name: &str, xml: &str) {
    assert!(!xml.starts_with('\u{feff}'), "{name}: no BOM is written");
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed: {e}\n{xml:.300}"),
        }
    }
    assert_eq!(depth, 0, "{name}: every element closed");
}

/// The `w:styleId` of every style by its `w:name`, in the order of the part.
fn styles_by_name(styles: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(styles);
    let mut id = None;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) | Event::Empty(e) => {
                let attr = |n: &str| {
                    e.try_get_attribute(n)
                        .ok()
                        .flatten()
                        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
                };
                match e.name().as_ref() {
                    b"w:style" => id = attr("w:styleId"),
                    b"w:name" => {
                        if let (Some(id), Some(name)) = (id.take(), attr("w:val")) {
                            out.push((name, id));
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

#[test]
fn a_template_whose_parts_start_with_a_bom_gives_the_same_letter() {
    let (plain, plain_look) = letter_on(&std::fs::read(SAMPLE).expect("sample"));
    let (bom, bom_look) = letter_on(&with_boms());
    let names = read::part_names(&bom).expect("a zip");
    assert_eq!(names, read::part_names(&plain).expect("a zip"));
    for name in names.iter().filter(|n| is_xml(n)) {
        let part = read::part(&bom, name).expect("part");
        assert_well_formed(name, &part);
        assert!(
            part == read::part(&plain, name).expect("part"),
            "{name} is the part built on the template without BOMs"
        );
    }
    let styles = styles_by_name(&read::part(&bom, "word/styles.xml").expect("styles"));
    assert!(
        styles
            .iter()
            .any(|(n, id)| n == "heading 1" && id == "Heading1"),
        "the template's styles by name and id: {styles:?}"
    );
    // The look the PDF and HTML are drawn in, but for the package it carries.
    let (mut plain_look, mut bom_look) = (plain_look, bom_look);
    plain_look.base = None;
    bom_look.base = None;
    assert!(
        bom_look == plain_look,
        "the house style read from the template"
    );
    assert_ne!(
        plain_look.body,
        HouseStyle::default().body,
        "styles applied"
    );
}

/// The parts as the check hands them on start with their markup: no reader after it
/// can count a BOM that is not in its bytes.
#[test]
fn the_checked_parts_carry_no_bom() {
    let checked = package::open_bytes(&with_boms(), "sjablonen/gooise-meren.dotx").expect("opens");
    assert!(checked.base.parts.len() > 10);
    for (name, bytes) in &checked.base.parts {
        if is_xml(name) {
            assert!(bytes.starts_with(b"<"), "{name}");
        }
    }
    let plain = package::open_bytes(&std::fs::read(SAMPLE).unwrap(), "x.dotx").expect("opens");
    assert_eq!(checked.base.parts, plain.base.parts);
    assert_eq!(checked.base.styles_outline, plain.base.styles_outline);
}

fn utf16(data: &[u8], big_endian: bool) -> Vec<u8> {
    // The sample's parts are declared as Word declares them, in single quotes.
    let text = std::str::from_utf8(data).expect("utf-8");
    assert!(text.starts_with("<?xml version='1.0' encoding='UTF-8'"));
    let text = text.replacen("encoding='UTF-8'", "encoding='UTF-16'", 1);
    let mut out = if big_endian {
        vec![0xFE, 0xFF]
    } else {
        vec![0xFF, 0xFE]
    };
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

/// Every part in `parts` of the sample in UTF-16 (little-endian), the rest as it is.
fn in_utf16(parts: &[&str]) -> Vec<u8> {
    rewritten(|name, data| parts.contains(&name).then(|| utf16(data, false)))
}

/// A part in UTF-16, which Word reads as well, is read as its UTF-8: the letter is
/// the letter on the sample, the declaration saying UTF-8 as the part now is.
#[test]
fn a_template_with_parts_in_utf16_gives_the_same_letter() {
    let (plain, plain_look) = letter_on(&std::fs::read(SAMPLE).expect("sample"));
    for big_endian in [false, true] {
        let template = rewritten(|name, data| {
            let used = [
                "[Content_Types].xml",
                "_rels/.rels",
                "word/_rels/document.xml.rels",
                "word/styles.xml",
                "word/header1.xml",
                "word/numbering.xml",
            ];
            used.contains(&name).then(|| utf16(data, big_endian))
        });
        let (docx, look) = letter_on(&template);
        let names = read::part_names(&docx).expect("a zip");
        assert_eq!(names, read::part_names(&plain).expect("a zip"));
        for name in names.iter().filter(|n| is_xml(n)) {
            let part = read::part(&docx, name).expect("part");
            assert_well_formed(name, &part);
            assert!(!part.contains("UTF-16"), "{name}: declared as what it is");
            assert!(part == read::part(&plain, name).expect("part"), "{name}");
        }
        let (mut look, mut plain_look) = (look, plain_look.clone());
        look.base = None;
        plain_look.base = None;
        assert!(look == plain_look, "the house style read from the template");
    }
}

/// A lone surrogate: what no UTF-16 writer gives.
fn broken_utf16(data: &[u8]) -> Vec<u8> {
    let mut bytes = utf16(data, false);
    bytes.extend([0x00, 0xD8]);
    bytes
}

/// A used part that is not even UTF-16 is refused, named, in words that say what to
/// do; the same in a part no letter uses (custom XML) leaves the template usable.
#[test]
fn a_part_broken_as_utf16_is_refused_in_dutch_where_a_letter_uses_it() {
    for part in ["word/styles.xml", "word/header1.xml", "[Content_Types].xml"] {
        let template = rewritten(|name, data| (name == part).then(|| broken_utf16(data)));
        let err =
            package::open_bytes(&template, "sjablonen/gooise-meren.dotx").expect_err("refused");
        assert_eq!(err.rule, "template-broken", "{part}");
        assert_eq!(err.part.as_deref(), Some(part));
        assert!(err.reason.contains("UTF-16"), "{part}: {}", err.reason);
        assert!(err.help.contains("opnieuw op"), "{}", err.help);
    }
    let unused =
        rewritten(|name, data| (name == "customXml/item1.xml").then(|| broken_utf16(data)));
    let checked = package::open_bytes(&unused, "t.dotx").expect("accepted");
    assert!(!checked.base.parts.contains_key("customXml/item1.xml"));
}

/// `raadsbrief validate` on the sample region with Gooise Meren's template at `template`:
/// exit code and everything it said.
fn validate_on(template: &[u8]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("gooise-meren.dotx");
    std::fs::write(&path, template).expect("write");
    let text = common::regions_portable(&common::regions::sample("gooi-en-vechtstreek.yaml"));
    let sample = common::regions::samples_dir().join("sjablonen/gooise-meren.dotx");
    let text = text.replace(
        &format!("sjabloon: {}", sample.display()),
        &format!("sjabloon: {}", path.display()),
    );
    let file = dir.path().join("regio.yaml");
    std::fs::write(&file, text).expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .arg("validate")
        .arg(&file)
        .output()
        .expect("runs");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), all)
}

/// From the command line: a template with BOMs or UTF-16 parts is fine as it is; one
/// whose styles are broken UTF-16 is refused at its `sjabloon`, with the part named.
#[test]
fn validate_takes_boms_and_utf16_and_refuses_broken_utf16() {
    let (code, all) = validate_on(&with_boms());
    assert_eq!(code, Some(0), "{all}");
    assert!(!all.contains("template-"), "{all}");
    let (code, all) = validate_on(&in_utf16(&["word/styles.xml", "_rels/.rels"]));
    assert_eq!(code, Some(0), "{all}");
    let broken = rewritten(|name, data| (name == "word/styles.xml").then(|| broken_utf16(data)));
    let (code, all) = validate_on(&broken);
    assert_eq!(code, Some(2), "{all}");
    assert!(all.contains("template-broken"), "{all}");
    assert!(
        all.contains("word/styles.xml") && all.contains("UTF-16"),
        "{all}"
    );
}
