//! House-style settings in the region file: the region's `huisstijl` as the default that
//! a municipality's overrides key by key (margins, size, logo side and width, address
//! line), read back from the DOCX, the PDF's layout and the HTML that `build` writes.

mod common;
use common::regions;

use std::path::Path;
use std::process::Command;

use raadsbrief::compose::Kind;
use raadsbrief::document::style::{Side, PT_PER_CM};
use raadsbrief::layout::{self, ItemKind, Role};
use raadsbrief::render::docx::read;

const ADDRESS: &str = "Postbus 251 · 1200 AG Hilversum · www.regiogv.nl";

/// The Gooi sample with a region-wide house style, and Blaricum deviating from it.
fn region(dir: &Path) -> std::path::PathBuf {
    std::fs::copy("tests/data/logo.png", dir.join("logo.png")).expect("logo copied");
    let text = regions::gooi();
    let text = regions::edit(
        &text,
        "    organisatie: Regio Gooi en Vechtstreek\n",
        &format!(
            "    organisatie: Regio Gooi en Vechtstreek\n  huisstijl:\n    lettergrootte: 11\n    \
             marges: {{ links: 3, boven: 2.2 }}\n    adresregel: \"{ADDRESS}\"\n"
        ),
    );
    let text = regions::edit(
        &text,
        "      kleur: \"#1F5F8B\" # voorbeeldkleur, geen officiële huisstijl\n",
        "      kleur: \"#1F5F8B\"\n      marges: { links: 2 }\n      logo: logo.png\n      \
         logo-alt: Logo gemeente Blaricum\n      logo-positie: links\n      logo-breedte: 3\n",
    );
    let path = dir.join("regio.yaml");
    std::fs::write(&path, text).expect("region written");
    path
}

fn twips(cm: f64) -> String {
    ((cm * PT_PER_CM * 20.0).round() as u32).to_string()
}

fn attr(xml: &str, element: &str, attr: &str) -> Option<String> {
    let at = xml.find(&format!("<{element} "))?;
    let tag = &xml[at..at + xml[at..].find('>')?];
    let key = format!("{attr}=\"");
    let v = tag.find(&key)? + key.len();
    Some(tag[v..v + tag[v..].find('"')?].to_owned())
}

#[test]
fn region_default_and_municipal_override_reach_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let file = region(dir.path());
    let out = dir.path().join("uit");
    let result = Command::new(env!("CARGO_BIN_EXE_raadsbrief"))
        .args(["build"])
        .arg(&file)
        .arg("--out")
        .arg(&out)
        .args(["--quiet", "--format", "docx,pdf,html"])
        .output()
        .expect("binary runs");
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );

    let docx = |path: &str| std::fs::read(out.join(path)).expect(path);
    let blaricum = docx("blaricum/raadsinformatiebrief-2021-11-16-concept.docx");
    let eemnes = docx("eemnes/raadsinformatiebrief-2021-11-16-concept.docx");
    let doc = |d: &[u8]| read::part(d, "word/document.xml").unwrap();
    // Blaricum's own left margin; Eemnes the region's; both the region's top margin
    // (Blaricum's logo header fits above it) and the built-in right margin.
    assert_eq!(attr(&doc(&blaricum), "w:pgMar", "w:left"), Some(twips(2.0)));
    assert_eq!(attr(&doc(&eemnes), "w:pgMar", "w:left"), Some(twips(3.0)));
    assert_eq!(attr(&doc(&eemnes), "w:pgMar", "w:top"), Some(twips(2.2)));
    assert_eq!(attr(&doc(&eemnes), "w:pgMar", "w:right"), Some(twips(2.5)));
    let styles = read::part(&eemnes, "word/styles.xml").unwrap();
    let body = &styles[styles.find("w:styleId=\"BodyText\"").unwrap()..];
    assert_eq!(attr(body, "w:sz", "w:val").as_deref(), Some("22"), "11 pt");
    for d in [&blaricum, &eemnes] {
        let footer = read::part(d, "word/footer1.xml").unwrap();
        assert!(footer.contains(ADDRESS), "{footer}");
    }
    // The logo at the left of Blaricum's header, 3 cm wide.
    let header = read::part(&blaricum, "word/header1.xml").unwrap();
    assert!(header.find("<w:drawing>").unwrap() < header.find("Gemeente Blaricum").unwrap());
    let cx: f64 = attr(&header, "wp:extent", "cx").unwrap().parse().unwrap();
    assert!((cx - 3.0 * PT_PER_CM * 12_700.0).abs() < 1.0, "{cx}");

    let html =
        std::fs::read_to_string(out.join("eemnes/raadsinformatiebrief-2021-11-16-concept.html"))
            .expect("html");
    assert!(html.contains(&format!("<p class=\"address\">{ADDRESS}</p>")));
    assert!(html.contains(&format!("{:.2}pt;", 3.0 * PT_PER_CM)));

    // The PDF: the same margins, size, logo and address, from the layout of each letter.
    let v = common::validated(file.to_str().unwrap());
    for (index, left, logo) in [(0, 2.0, true), (1, 3.0, false)] {
        let d = common::document(&v, Kind::Letter(index));
        let side = if logo { Side::Left } else { Side::Right };
        assert_eq!(
            d.page.style.logo.side, side,
            "Blaricum's own, Eemnes the built-in"
        );
        let l = layout::layout(&d);
        assert!((l.frame.body.x - left * PT_PER_CM).abs() < 1e-9);
        let mut address = String::new();
        let mut image = None;
        let mut sizes = Vec::new();
        for item in &l.pages[0].items {
            match (&item.kind, l.nodes[item.node].role) {
                (ItemKind::Text(run), Role::FooterArtifact) => address.push_str(&run.text()),
                (ItemKind::Image(img), Role::HeaderArtifact) => image = Some(img.rect),
                (ItemKind::Text(run), Role::Paragraph) => sizes.push(run.size),
                _ => {}
            }
        }
        assert!(address.contains("Postbus 251"), "{address}");
        assert!(sizes.iter().all(|&s| s == 11.0), "{sizes:?}");
        assert_eq!(image.is_some(), logo);
        if let Some(rect) = image {
            assert!(
                (rect.x - l.frame.body.x).abs() < 1e-9,
                "logo on the left margin"
            );
            assert!((rect.width - 3.0 * PT_PER_CM).abs() < 1e-9);
        }
    }
}

#[test]
fn the_appendix_takes_the_region_style() {
    let dir = tempfile::tempdir().unwrap();
    let file = region(dir.path());
    let v = common::validated(file.to_str().unwrap());
    let d = common::document(&v, Kind::Appendix);
    assert!((d.page.style.page.margin_left - 3.0 * PT_PER_CM).abs() < 1e-9);
    assert_eq!(d.page.style.body.size, 11.0);
    assert_eq!(d.page.style.address, ADDRESS);
    assert!(d.page.logo.is_none(), "Blaricum's logo is Blaricum's alone");
}

#[test]
fn a_logo_without_alternative_text_is_refused_for_the_region_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy("tests/data/logo.png", dir.path().join("logo.png")).unwrap();
    let text = regions::edit(
        &regions::gooi(),
        "    organisatie: Regio Gooi en Vechtstreek\n",
        "    organisatie: Regio Gooi en Vechtstreek\n  huisstijl:\n    logo: logo.png\n",
    );
    let path = dir.path().join("regio.yaml");
    std::fs::write(&path, &text).unwrap();
    let findings = match raadsbrief::validate::validate_file(&path) {
        Err(raadsbrief::error::Error::Invalid(f)) => f,
        other => panic!("expected findings, got {other:?}"),
    };
    let f = findings
        .iter()
        .find(|f| f.rule == "logo-alt")
        .expect("logo-alt finding");
    assert_eq!(f.field, "regio.huisstijl");
}
