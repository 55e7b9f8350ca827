//! Our styles on the template's: each of ours that the template also has — matched by
//! `w:name`, case-insensitively, as Word's built-in names are language-independent
//! while the ids are localised (`Kop1` is "heading 1") — is the template's, and the
//! content names the template's id. The others are added, under ids that do not
//! collide with the template's. The template's own definitions and `docDefaults` are
//! never touched.

use std::collections::{BTreeMap, BTreeSet};

use crate::document::word_base::PartOutline;

use super::tree::{self, Child};

/// The merged styles part and the map from our style ids to the ids in it.
pub(super) struct Merged {
    pub xml: Vec<u8>,
    pub ids: BTreeMap<String, String>,
}

struct StyleInfo {
    kind: String,
    id: String,
    name: String,
    default: bool,
}

/// A `w:style` element's identity from its attributes and the value of its `w:name`.
fn style_info<'a>(
    element: &str,
    attr: impl Fn(&str) -> Option<&'a str>,
    name: impl FnOnce() -> Option<String>,
) -> Option<StyleInfo> {
    if element != "w:style" {
        return None;
    }
    let name = name().unwrap_or_default();
    Some(StyleInfo {
        kind: attr("w:type").unwrap_or("paragraph").to_owned(),
        id: attr("w:styleId").unwrap_or_default().to_owned(),
        name: name.trim().to_lowercase(),
        default: matches!(attr("w:default"), Some("1" | "true" | "on")),
    })
}

fn info(c: &Child) -> Option<StyleInfo> {
    style_info(&c.name, |a| c.attr(a), || c.child_attr("w:name", "w:val"))
}

/// The template's styles part as the merge needs it: its root's start and end, and
/// each child's bytes with its identity if it is a style.
struct Theirs<'a> {
    head: &'a [u8],
    children: Vec<(&'a [u8], Option<StyleInfo>)>,
    tail: &'a [u8],
}

impl<'a> Theirs<'a> {
    /// From the outline the template's check made of `xml`.
    fn outlined(xml: &'a [u8], o: &'a PartOutline) -> Option<Theirs<'a>> {
        let children = o
            .children
            .iter()
            .map(|c| {
                let info = style_info(
                    &c.name,
                    |a| c.attrs.get(a).map(String::as_str),
                    || c.name_val.clone(),
                );
                Some((xml.get(c.start..c.end)?, info))
            })
            .collect::<Option<_>>()?;
        Some(Theirs {
            head: xml.get(..o.head_end)?,
            children,
            tail: xml.get(o.tail_start..)?,
        })
    }

    fn split(s: &'a tree::Split) -> Theirs<'a> {
        Theirs {
            head: s.head.as_bytes(),
            children: s
                .children
                .iter()
                .map(|c| (c.raw.as_bytes(), info(c)))
                .collect(),
            tail: s.tail.as_bytes(),
        }
    }
}

/// Merges `ours` (our whole styles part) into the template's `theirs`, taken apart by
/// `outline` where the template's check made one; `None` when the template's part
/// cannot be taken apart (then ours is used alone).
pub(super) fn merge(theirs: &[u8], outline: Option<&PartOutline>, ours: &[u8]) -> Option<Merged> {
    let split;
    let theirs = match outline.and_then(|o| Theirs::outlined(theirs, o)) {
        Some(t) => t,
        None => {
            split = tree::split(theirs)?;
            Theirs::split(&split)
        }
    };
    if !theirs.head.windows(9).any(|w| w == b"<w:styles") {
        return None;
    }
    let ours = tree::split(ours)?;
    let their_styles: Vec<&StyleInfo> = theirs
        .children
        .iter()
        .filter_map(|(_, info)| info.as_ref())
        .collect();
    let mut taken: BTreeSet<String> = their_styles.iter().map(|s| s.id.to_lowercase()).collect();
    let defaults: BTreeSet<&str> = their_styles
        .iter()
        .filter(|s| s.default)
        .map(|s| s.kind.as_str())
        .collect();
    let mut ids = BTreeMap::new();
    let mut added: Vec<(&Child, StyleInfo)> = Vec::new();
    for child in &ours.children {
        let Some(style) = info(child) else { continue };
        let same = their_styles
            .iter()
            .find(|t| t.kind == style.kind && !style.name.is_empty() && t.name == style.name);
        match same {
            Some(t) => {
                ids.insert(style.id.clone(), t.id.clone());
            }
            None => {
                let mut id = style.id.clone();
                let mut n = 1;
                while taken.contains(&id.to_lowercase()) {
                    n += 1;
                    id = format!("{}{n}", style.id);
                }
                taken.insert(id.to_lowercase());
                ids.insert(style.id.clone(), id);
                added.push((child, style));
            }
        }
    }
    let mut out = theirs.head.to_vec();
    for (raw, _) in &theirs.children {
        out.extend_from_slice(raw);
    }
    for (child, style) in added {
        let mut raw = child.raw.clone();
        for prefix in [
            "w:styleId=\"",
            "<w:basedOn w:val=\"",
            "<w:next w:val=\"",
            "<w:link w:val=\"",
        ] {
            raw = tree::rewrite(&raw, prefix, |v| ids.get(v).map(|id| escape(id)));
        }
        if style.default && defaults.contains(style.kind.as_str()) {
            raw = raw.replacen(" w:default=\"1\"", "", 1);
        }
        out.extend_from_slice(raw.as_bytes());
    }
    out.extend_from_slice(theirs.tail);
    Some(Merged { xml: out, ids })
}

/// A template's style id as an attribute value.
pub(super) fn escape(id: &str) -> String {
    let mut out = String::new();
    crate::render::docx::xml::push_clean(&mut out, id, true);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const THEIRS: &str = r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault/></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:basedOn w:val="Standaard"/><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Eigen tekst"/></w:style></w:styles>"#;
    const OURS: &str = r#"<w:styles xmlns:w="w"><w:docDefaults/><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="Heading 1"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="BodyText"><w:name w:val="Body Text"/><w:basedOn w:val="Normal"/><w:next w:val="Heading1"/></w:style></w:styles>"#;

    #[test]
    fn styles_are_matched_by_name_and_the_rest_added_without_collisions() {
        let merged = merge(THEIRS.as_bytes(), None, OURS.as_bytes()).expect("merges");
        let xml = String::from_utf8(merged.xml).unwrap();
        assert_eq!(merged.ids["Normal"], "Standaard");
        assert_eq!(merged.ids["Heading1"], "Kop1");
        assert_eq!(merged.ids["BodyText"], "BodyText2", "their id is taken");
        assert!(xml.contains(r#"<w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/><w:basedOn w:val="Standaard"/><w:rPr><w:b/></w:rPr></w:style>"#), "theirs kept: {xml}");
        assert!(xml.contains(r#"<w:style w:type="paragraph" w:styleId="BodyText2"><w:name w:val="Body Text"/><w:basedOn w:val="Standaard"/><w:next w:val="Kop1"/></w:style>"#), "ours renamed and rebased: {xml}");
        assert!(xml.contains("<w:docDefaults><w:rPrDefault/></w:docDefaults>"));
        assert_eq!(xml.matches("<w:docDefaults").count(), 1);
    }
}
