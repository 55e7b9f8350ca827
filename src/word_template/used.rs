//! The parts of a template that a letter can use: the main document, the parts it
//! relates to as styles, settings, theme, font table, numbering, header or footer, what
//! those relate to in turn (a header's picture), and the relationships and content
//! types that tie them together. Everything else a package may carry (Word 2010's
//! `stylesWithEffects.xml`, web settings, custom XML, a glossary, the thumbnail) no
//! reader and no renderer looks at: it is left out when the template is opened, so it
//! is neither checked nor held (`stylesWithEffects.xml` alone was 438 KB of the sample
//! template's 870 KB of XML, and checking it an eighth of a letter's work).

use std::collections::BTreeSet;

use super::rels;
use super::Parts;

/// The relationship types, by their last path segment, of the main document's parts
/// that the readers (`styles`, `theme`, `section`, `furniture`) and the DOCX renderer
/// (`render::docx::base`) take from a template.
pub const KINDS: &[&str] = &[
    "styles",
    "settings",
    "theme",
    "fontTable",
    "numbering",
    "header",
    "footer",
];

/// The names of the used parts of a package whose main document is `main`.
pub fn parts(package: &dyn Parts, main: &str) -> BTreeSet<String> {
    let mut used: BTreeSet<String> = [
        "[Content_Types].xml".to_owned(),
        "_rels/.rels".to_owned(),
        main.to_owned(),
        rels::rels_name(main),
    ]
    .into();
    // Of the main document's relationships only these kinds; of the parts they lead
    // to, every one, as the DOCX copies them.
    let mut todo: Vec<String> = rels::of(package, main)
        .into_iter()
        .filter(|r| !r.external && KINDS.contains(&r.kind.rsplit('/').next().unwrap_or("")))
        .map(|r| r.target)
        .collect();
    while let Some(part) = todo.pop() {
        if !used.insert(part.clone()) {
            continue;
        }
        used.insert(rels::rels_name(&part));
        todo.extend(
            rels::of(package, &part)
                .into_iter()
                .filter(|r| !r.external)
                .map(|r| r.target),
        );
    }
    used
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    fn rels(items: &[(&str, &str)]) -> Vec<u8> {
        let mut xml = String::from(
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
        );
        for (i, (kind, target)) in items.iter().enumerate() {
            xml.push_str(&format!(
                r#"<Relationship Id="rId{i}" Type="{R}/{kind}" Target="{target}"/>"#
            ));
        }
        xml.push_str("</Relationships>");
        xml.into_bytes()
    }

    #[test]
    fn the_used_kinds_and_what_they_use_are_kept_and_the_rest_left_out() {
        let mut p: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for name in [
            "word/document.xml",
            "word/styles.xml",
            "word/stylesWithEffects.xml",
            "word/webSettings.xml",
            "word/header1.xml",
            "word/media/logo.png",
            "word/media/unused.png",
            "customXml/item1.xml",
        ] {
            p.insert(name.into(), b"<x/>".to_vec());
        }
        p.insert(
            "word/_rels/document.xml.rels".into(),
            rels(&[
                ("styles", "styles.xml"),
                ("stylesWithEffects", "stylesWithEffects.xml"),
                ("webSettings", "webSettings.xml"),
                ("header", "header1.xml"),
                ("image", "media/unused.png"),
            ]),
        );
        p.insert(
            "word/_rels/header1.xml.rels".into(),
            rels(&[("image", "media/logo.png")]),
        );
        let used = parts(&p, "word/document.xml");
        for kept in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/header1.xml",
            "word/_rels/header1.xml.rels",
            "word/media/logo.png",
        ] {
            assert!(used.contains(kept), "{kept}: {used:?}");
        }
        for left in [
            "word/stylesWithEffects.xml",
            "word/webSettings.xml",
            "word/media/unused.png",
            "customXml/item1.xml",
        ] {
            assert!(!used.contains(left), "{left}: {used:?}");
        }
    }
}
