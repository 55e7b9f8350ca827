//! Just enough XML structure to take a template part apart and put it together again
//! without rewriting what we do not touch: the root's children as raw byte ranges, a
//! child's attributes and first-level children, relationships and content types.
//! Everything handed in was checked to be well-formed when the template was opened.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// A part split at its root: the bytes up to and including the root's start tag, the
/// root's element children, and the root's end tag with whatever follows.
pub(super) struct Split {
    pub head: String,
    pub children: Vec<Child>,
    pub tail: String,
}

/// One element, raw, with its qualified name and attributes.
#[derive(Clone)]
pub(super) struct Child {
    pub name: String,
    pub raw: String,
    pub attrs: BTreeMap<String, String>,
}

impl Child {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// An attribute by local name, whatever its prefix (`r:id` under any prefix).
    pub fn attr_local(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k.rsplit(':').next() == Some(local) && k.contains(':'))
            .map(|(_, v)| v.as_str())
    }

    /// The element's own children.
    pub fn children(&self) -> Vec<Child> {
        split(self.raw.as_bytes()).map_or_else(Vec::new, |s| s.children)
    }

    /// The attribute `attr` of the first own child named `child` (a style's
    /// `w:name`/`w:val`), read without taking the element apart: a template's styles
    /// part has hundreds of styles, and [`Child::children`] for each was a fifth of a
    /// letter's work on a template.
    pub fn child_attr(&self, child: &str, attr: &str) -> Option<String> {
        let mut reader = Reader::from_reader(self.raw.as_bytes());
        let mut depth = 0usize;
        loop {
            match reader.read_event().ok()? {
                Event::Start(e) => {
                    if depth == 1 && e.name().as_ref() == child.as_bytes() {
                        return attr_of(&e, attr);
                    }
                    depth += 1;
                }
                Event::Empty(e) if depth == 1 && e.name().as_ref() == child.as_bytes() => {
                    return attr_of(&e, attr);
                }
                Event::End(_) => {
                    depth = depth.checked_sub(1)?;
                    if depth == 0 {
                        return None;
                    }
                }
                Event::Eof => return None,
                _ => {}
            }
        }
    }
}

fn attr_of(e: &BytesStart, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
    Some(value.into_owned())
}

fn attrs_of(e: &BytesStart) -> BTreeMap<String, String> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
            let value = a
                .normalized_value(XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (key, value)
        })
        .collect()
}

/// Splits `xml` at its root element; `None` if it has none or does not parse.
pub(super) fn split(xml: &[u8]) -> Option<Split> {
    let text = std::str::from_utf8(xml).ok()?;
    let mut reader = Reader::from_reader(xml);
    let mut depth = 0usize;
    let mut head_end = None;
    let mut children = Vec::new();
    let mut current: Option<(usize, String, BTreeMap<String, String>)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().ok()?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(e) => {
                if depth == 0 {
                    head_end = Some(after);
                } else if depth == 1 {
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    current = Some((before, name, attrs_of(&e)));
                }
                depth += 1;
            }
            Event::Empty(e) => {
                if depth == 0 {
                    // An empty root: give it an explicit end so children can be added.
                    let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                    let tag = &text[before..after];
                    let open = format!("{}>", tag.trim_end_matches("/>").trim_end());
                    return Some(Split {
                        head: format!("{}{open}", &text[..before]),
                        children: Vec::new(),
                        tail: format!("</{name}>{}", &text[after..]),
                    });
                }
                if depth == 1 {
                    children.push(Child {
                        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                        raw: text[before..after].to_owned(),
                        attrs: attrs_of(&e),
                    });
                }
            }
            Event::End(_) => {
                depth = depth.checked_sub(1)?;
                if depth == 1 {
                    let (start, name, attrs) = current.take()?;
                    children.push(Child {
                        name,
                        raw: text[start..after].to_owned(),
                        attrs,
                    });
                } else if depth == 0 {
                    return Some(Split {
                        head: text[..head_end?].to_owned(),
                        children,
                        tail: text[before..].to_owned(),
                    });
                }
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// Relationships of a `.rels` part: id → (type, target, external).
pub(super) fn relationships(xml: &[u8]) -> Vec<(String, String, String, bool)> {
    split(xml)
        .map(|s| s.children)
        .unwrap_or_default()
        .into_iter()
        .filter(|c| c.name.rsplit(':').next() == Some("Relationship"))
        .map(|c| {
            let get = |k: &str| c.attr(k).unwrap_or_default().to_owned();
            let external = get("TargetMode").eq_ignore_ascii_case("external");
            (get("Id"), get("Type"), get("Target"), external)
        })
        .collect()
}

/// The part a relationship target names, resolved from the folder of `source`.
pub(super) fn resolve(source: &str, target: &str) -> String {
    let mut path: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        let mut p: Vec<&str> = source.split('/').collect();
        p.pop();
        p
    };
    for step in target.trim_start_matches('/').split('/') {
        match step {
            "" | "." => {}
            ".." => {
                path.pop();
            }
            s => path.push(s),
        }
    }
    path.join("/")
}

/// The `.rels` part of `part`: `word/header1.xml` → `word/_rels/header1.xml.rels`.
pub(super) fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The template's content types: defaults by extension and overrides by part name
/// (without the leading slash), both keys lower-case.
#[derive(Default)]
pub(super) struct ContentTypes {
    pub defaults: BTreeMap<String, String>,
    pub overrides: BTreeMap<String, String>,
}

impl ContentTypes {
    pub fn parse(xml: &[u8]) -> ContentTypes {
        let mut types = ContentTypes::default();
        for c in split(xml).map(|s| s.children).unwrap_or_default() {
            let ct = c.attr("ContentType").unwrap_or_default().to_owned();
            match c.name.as_str() {
                "Default" => {
                    let ext = c.attr("Extension").unwrap_or_default().to_lowercase();
                    types.defaults.insert(ext, ct);
                }
                "Override" => {
                    let part = c.attr("PartName").unwrap_or_default();
                    let part = part.trim_start_matches('/').to_lowercase();
                    types.overrides.insert(part, ct);
                }
                _ => {}
            }
        }
        types
    }
}

/// Rewrites every value that follows `prefix` up to the next `"` in `xml` through `f`
/// (`<w:pStyle w:val="` → the style id), in one pass so that mapped values are never
/// mapped twice.
pub(super) fn rewrite(xml: &str, prefix: &str, f: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(prefix) {
        let value_start = at + prefix.len();
        out.push_str(&rest[..value_start]);
        let tail = &rest[value_start..];
        let end = tail.find('"').unwrap_or(tail.len());
        let value = &tail[..end];
        match f(value) {
            Some(new) => out.push_str(&new),
            None => out.push_str(value),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_splits_into_raw_children_and_back() {
        let xml = r#"<?xml version="1.0"?><w:styles xmlns:w="x"><w:docDefaults/> <w:style w:styleId="A"><w:name w:val="a"/></w:style></w:styles>"#;
        let s = split(xml.as_bytes()).expect("splits");
        assert_eq!(s.head, r#"<?xml version="1.0"?><w:styles xmlns:w="x">"#);
        assert_eq!(s.children.len(), 2);
        assert_eq!(s.children[1].attr("w:styleId"), Some("A"));
        assert_eq!(s.children[1].children()[0].attr("w:val"), Some("a"));
        assert_eq!(
            s.children[1].child_attr("w:name", "w:val").as_deref(),
            Some("a")
        );
        assert_eq!(s.children[1].child_attr("w:basedOn", "w:val"), None);
        let nested =
            split(br#"<r><s><x><w:name w:val="deep"/></x><w:name w:val="own"></w:name></s></r>"#)
                .expect("splits");
        assert_eq!(
            nested.children[0].child_attr("w:name", "w:val").as_deref(),
            Some("own"),
            "a grandchild is not a child"
        );
        assert_eq!(s.tail, "</w:styles>");
        let empty = split(br#"<w:numbering xmlns:w="x"/>"#).expect("splits");
        assert_eq!(
            format!("{}{}", empty.head, empty.tail),
            r#"<w:numbering xmlns:w="x"></w:numbering>"#
        );
    }

    #[test]
    fn values_are_rewritten_once() {
        let xml = r#"<w:numId w:val="1"/><w:numId w:val="2"/>"#;
        let out = rewrite(xml, r#"<w:numId w:val=""#, |v| {
            Some((v.parse::<u32>().ok()? + 1).to_string())
        });
        assert_eq!(out, r#"<w:numId w:val="2"/><w:numId w:val="3"/>"#);
    }

    #[test]
    fn targets_resolve_from_the_source_folder() {
        assert_eq!(
            resolve("word/document.xml", "media/a.png"),
            "word/media/a.png"
        );
        assert_eq!(resolve("word/document.xml", "/word/x.xml"), "word/x.xml");
        assert_eq!(rels_of("word/header1.xml"), "word/_rels/header1.xml.rels");
    }
}
