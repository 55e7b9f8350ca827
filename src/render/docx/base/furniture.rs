//! The template's headers and footers, its page and its settings, as the letter takes
//! them over; and the draft watermark, added into the template's own headers.

use super::tree::{self, Child};

/// A header or footer of the template: its type (`default`, `first`, `even`), whether
/// it is a header, and its part.
pub(super) struct Reference {
    pub kind: String,
    pub header: bool,
    pub part: String,
}

/// The template's last (body-level) `w:sectPr`, as its children.
pub(super) fn section(document: &[u8]) -> Vec<Child> {
    let body = tree::split(document)
        .and_then(|d| d.children.into_iter().find(|c| c.name == "w:body"))
        .map(|b| b.children())
        .unwrap_or_default();
    body.into_iter()
        .rev()
        .find(|c| c.name == "w:sectPr")
        .map(|s| s.children())
        .unwrap_or_default()
}

/// The headers and footers the section refers to, resolved through the main part's
/// relationships; references to parts that are not in the package are dropped.
pub(super) fn references(
    section: &[Child],
    main: &str,
    rels: &[(String, String, String, bool)],
    has: impl Fn(&str) -> bool,
) -> Vec<Reference> {
    section
        .iter()
        .filter_map(|c| {
            let header = match c.name.as_str() {
                "w:headerReference" => true,
                "w:footerReference" => false,
                _ => return None,
            };
            let id = c.attr_local("id")?;
            let (_, _, target, external) = rels.iter().find(|r| r.0 == id)?;
            let part = tree::resolve(main, target);
            (!external && has(&part)).then(|| Reference {
                kind: c.attr("w:type").unwrap_or("default").to_owned(),
                header,
                part,
            })
        })
        .collect()
}

/// The children of the section Word may keep from the template, in CT_SectPr order:
/// page size, margins and distances, columns, the first-page switch, the grid.
/// References are ours to write; printer settings and revision marks are not copied.
const KEPT: &[&str] = &[
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
];

/// Whether a section child is taken over.
pub(super) fn kept(c: &Child) -> bool {
    KEPT.contains(&c.name.as_str()) && !c.raw.contains("r:id=")
}

/// Settings that do not belong in a letter built on the template: the link to the
/// template itself, protection (the letter is to be edited), a mail merge's data
/// source, revision tracking, and footnote settings that refer to a footnotes part we
/// do not copy.
const SETTINGS_LEFT_OUT: &[&str] = &[
    "w:attachedTemplate",
    "w:documentProtection",
    "w:writeProtection",
    "w:mailMerge",
    "w:trackRevisions",
    "w:footnotePr",
    "w:endnotePr",
    "w:saveThroughXslt",
];

/// The template's settings part without what [`SETTINGS_LEFT_OUT`] names, and without
/// anything that refers to a relationship (the settings' relationships are not copied).
pub(super) fn settings(xml: &[u8]) -> Option<Vec<u8>> {
    let split = tree::split(xml)?;
    if !split.head.contains("<w:settings") {
        return None;
    }
    let mut out = split.head.clone();
    for c in &split.children {
        if SETTINGS_LEFT_OUT.contains(&c.name.as_str()) || c.raw.contains("r:id=") {
            continue;
        }
        out.push_str(&c.raw);
    }
    out.push_str(&split.tail);
    Some(out.into_bytes())
}

/// `header` with the watermark `run` as the first run of its first paragraph (a
/// paragraph of its own when it has none), and the VML namespaces the run needs
/// declared on its root.
pub(super) fn with_watermark(header: &[u8], run: &str) -> Vec<u8> {
    let mut xml = String::from_utf8_lossy(header).into_owned();
    let Some(root) = xml.find("<w:hdr") else {
        return header.to_vec();
    };
    let Some(root_end) = xml[root..].find('>').map(|i| root + i) else {
        return header.to_vec();
    };
    let mut declarations = String::new();
    for (prefix, ns) in [
        ("v", "urn:schemas-microsoft-com:vml"),
        ("o", "urn:schemas-microsoft-com:office:office"),
        ("w10", "urn:schemas-microsoft-com:office:word"),
    ] {
        if !xml[root..root_end].contains(&format!("xmlns:{prefix}=")) {
            declarations.push_str(&format!(" xmlns:{prefix}=\"{ns}\""));
        }
    }
    xml.insert_str(root_end, &declarations);
    let body = root_end + declarations.len() + 1;
    let paragraph = ["<w:p>", "<w:p ", "<w:p/>"]
        .iter()
        .filter_map(|p| xml[body..].find(p).map(|i| body + i))
        .min();
    match paragraph {
        Some(at) if xml[at..].starts_with("<w:p/>") => {
            xml.replace_range(at..at + 6, &format!("<w:p>{run}</w:p>"));
        }
        Some(at) => {
            let tag_end = at + xml[at..].find('>').unwrap_or(0) + 1;
            let insert = if xml[tag_end..].starts_with("<w:pPr/>") {
                tag_end + "<w:pPr/>".len()
            } else if xml[tag_end..].starts_with("<w:pPr") {
                xml[tag_end..]
                    .find("</w:pPr>")
                    .map_or(tag_end, |i| tag_end + i + "</w:pPr>".len())
            } else {
                tag_end
            };
            xml.insert_str(insert, run);
        }
        None => {
            if let Some(end) = xml.rfind("</w:hdr>") {
                xml.insert_str(end, &format!("<w:p>{run}</w:p>"));
            }
        }
    }
    xml.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_watermark_goes_into_the_first_paragraph_after_its_properties() {
        let header = r#"<w:hdr xmlns:w="w"><w:tbl><w:tr><w:tc><w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>Gemeente</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:hdr>"#;
        let out = String::from_utf8(with_watermark(header.as_bytes(), "<w:r>WM</w:r>")).unwrap();
        assert!(
            out.contains(
                r#"<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r>WM</w:r><w:r><w:t>Gemeente"#
            ),
            "{out}"
        );
        assert!(
            out.starts_with(r#"<w:hdr xmlns:w="w" xmlns:v="urn:schemas-microsoft-com:vml""#),
            "{out}"
        );
        let bare = String::from_utf8(with_watermark(
            br#"<w:hdr xmlns:w="w"></w:hdr>"#,
            "<w:r>WM</w:r>",
        ))
        .unwrap();
        assert!(bare.contains("<w:p><w:r>WM</w:r></w:p></w:hdr>"), "{bare}");
    }

    #[test]
    fn settings_lose_the_template_link_and_protection() {
        let xml = r#"<w:settings xmlns:w="w" xmlns:r="r"><w:zoom w:percent="100"/><w:documentProtection w:edit="readOnly"/><w:attachedTemplate r:id="rId1"/><w:evenAndOddHeaders/></w:settings>"#;
        let out = String::from_utf8(settings(xml.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            out,
            r#"<w:settings xmlns:w="w" xmlns:r="r"><w:zoom w:percent="100"/><w:evenAndOddHeaders/></w:settings>"#
        );
    }
}
