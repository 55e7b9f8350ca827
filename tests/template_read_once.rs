//! A template's styles part is read once, when the template is opened: the check, the
//! house style's styles and the DOCX's outline of the part come from one pass. What
//! that pass gives must be what reading the part again gives: the same house style
//! for the PDF and HTML, the same DOCX bytes, and the same refusal of a broken part.

mod common;

use std::path::Path;
use std::sync::Arc;

use raadsbrief::document::style::HouseStyle;
use raadsbrief::render::docx;
use raadsbrief::word_template::{apply_style, package, Opening, Place, TemplateSet, Use};

const TEMPLATES: [&str; 2] = ["gooise-meren.dotx", "huizen.dotx"];

fn use_of(file: &str) -> Use {
    Use {
        written: format!("sjablonen/{file}"),
        path: Path::new("samples/sjablonen").join(file),
        place: Place {
            file: "regio.yaml".into(),
            line: 1,
            column: 1,
            field: "gemeenten[0].huisstijl.sjabloon".into(),
        },
    }
}

#[test]
fn the_look_read_at_opening_is_the_look_read_from_the_parts() {
    for file in TEMPLATES {
        let u = use_of(file);
        let (set, findings) = TemplateSet::load(std::slice::from_ref(&u));
        assert!(findings.is_empty(), "{file}: {findings:?}");
        let look = set.look(&u.path).expect("loaded");
        let base = set.get(&u.path).expect("loaded");
        assert!(
            base.outline("word/styles.xml").is_some(),
            "{file}: outlined at opening"
        );
        // The styles part parsed again from the checked parts, as a test's parts are.
        let mut again = HouseStyle::default();
        let notes = apply_style(base.as_ref(), &mut again);
        assert!(notes.is_empty(), "{file}: {notes:?}");
        again.base = Some(Arc::clone(&base));
        assert_eq!(*look, again, "{file}");
        assert_ne!(
            again.body,
            HouseStyle::default().body,
            "{file}: styles applied"
        );
    }
}

#[test]
fn the_docx_merged_by_the_outline_is_the_docx_merged_by_reading_the_part() {
    let v = common::validated(common::GOOI);
    for name in ["Gooise Meren", "Huizen"] {
        let doc = common::letter(&v, name);
        let base = doc.page.style.base.clone().expect("a template");
        assert!(base.styles_outline.is_some(), "{name}: outlined");
        let outlined = docx::render(&doc).expect("renders");
        let mut without = doc.clone();
        let mut bare = (*base).clone();
        bare.styles_outline = None;
        without.page.style.base = Some(Arc::new(bare));
        let read_again = docx::render(&without).expect("renders");
        assert!(outlined == read_again, "{name}: the DOCX differs");
        let styles = docx::read::part(&outlined, "word/styles.xml").expect("styles");
        assert!(styles.contains("w:styleId=\"Heading1\"") || styles.contains("Kop1"));
    }
}

/// A run without a DOCX opens its templates without the outline, and they give the
/// same look; the same check refuses what it refuses.
#[test]
fn a_run_without_a_docx_opens_the_same_look_without_the_outline() {
    for file in TEMPLATES {
        let u = use_of(file);
        let opened = |docx: bool| {
            let (set, findings) =
                TemplateSet::load_from(std::slice::from_ref(&u), &Opening::for_run(docx));
            assert!(findings.is_empty(), "{file}: {findings:?}");
            let base = set.get(&u.path).expect("loaded");
            let mut look = (*set.look(&u.path).expect("loaded")).clone();
            look.base = None;
            (base.styles_outline.is_some(), look)
        };
        let (outlined, with_docx) = opened(true);
        let (outlined_without, without_docx) = opened(false);
        assert!(outlined && !outlined_without, "{file}");
        assert_eq!(with_docx, without_docx, "{file}");
    }
    let broken = with_styles(b"<w:styles><w:style></w:styles>");
    let refusal = |needs| {
        package::open_bytes_for(&broken, "t.dotx", needs)
            .map(|_| ())
            .map_err(|e| (e.rule, e.part, e.reason))
    };
    assert!(refusal(package::Needs::Look).is_err());
    assert_eq!(refusal(package::Needs::Look), refusal(package::Needs::Docx));
}

/// The sample template with its styles part replaced by `styles`.
fn with_styles(styles: &[u8]) -> Vec<u8> {
    common::template_with("samples/sjablonen/gooise-meren.dotx", |name, _| {
        (name == "word/styles.xml").then(|| styles.to_vec())
    })
}

#[test]
fn a_styles_part_broken_where_no_style_is_read_is_refused_at_its_byte() {
    let original = std::fs::read("samples/sjablonen/gooise-meren.dotx").expect("sample");
    let styles = docx::read::part(&original, "word/styles.xml").expect("styles");
    // Unclosed inside the latent styles, which the house style never reads.
    let broken = styles.replacen(
        "<w:lsdException w:name=\"Normal\"",
        "<w:lsdException><x w:name=\"Normal\"",
        1,
    );
    assert_ne!(broken, styles);
    let err = package::open_bytes(
        &with_styles(broken.as_bytes()),
        "sjablonen/gooise-meren.dotx",
    )
    .expect_err("refused");
    assert_eq!(err.rule, "template-broken");
    assert_eq!(err.part.as_deref(), Some("word/styles.xml"));
    assert!(
        err.reason.starts_with("de XML is beschadigd bij byte "),
        "{}",
        err.reason
    );
    assert!(
        err.message("sjablonen/gooise-meren.dotx")
            .starts_with("sjabloon ‘sjablonen/gooise-meren.dotx’, onderdeel word/styles.xml: de XML is beschadigd bij byte"),
        "{}",
        err.message("x")
    );
    // A document type declaration in the styles part is refused as in any other part.
    let doctype = format!(
        "<!DOCTYPE w:styles>{}",
        styles.split_once("?>").expect("decl").1
    );
    let err = package::open_bytes(&with_styles(doctype.as_bytes()), "t.dotx").expect_err("refused");
    assert_eq!(err.part.as_deref(), Some("word/styles.xml"));
    assert!(err.reason.contains("<!DOCTYPE>"), "{}", err.reason);
}
