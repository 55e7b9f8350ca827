//! A small element tree of one template part, so that the style and header readers can
//! follow `basedOn` chains and walk tables without a state machine each.
//!
//! Parts are small (styles.xml is tens of kilobytes); the package reader has already
//! capped their size. Depth is capped here too, so that a hostile part of nested
//! elements cannot exhaust the stack of the readers that recurse over it.

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// Deeper than any real WordprocessingML part (a table in a table in a header is ~20).
const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, Default)]
pub struct Element {
    /// The qualified name as written ("w:p"): Word always writes the usual prefixes.
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone)]
pub enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `w:val`, the attribute most WordprocessingML properties carry.
    pub fn val(&self) -> Option<&str> {
        self.attr("w:val")
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first element named `name` anywhere below, depth first.
    pub fn find(&self, name: &str) -> Option<&Element> {
        for e in self.elements() {
            if e.name == name {
                return Some(e);
            }
            if let Some(found) = e.find(name) {
                return Some(found);
            }
        }
        None
    }

    /// A path of children: `path(&["w:body", "w:sectPr"])`.
    pub fn path(&self, names: &[&str]) -> Option<&Element> {
        names.iter().try_fold(self, |e, n| e.child(n))
    }

    /// All text below, in order.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.children {
            match n {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => out.push_str(&e.text()),
            }
        }
        out
    }

    /// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`): `None` when absent.
    pub fn toggle(&self, name: &str) -> Option<bool> {
        self.child(name)
            .map(|e| !matches!(e.val(), Some("0" | "false" | "off")))
    }
}

/// Parses a part; `None` when it is not well-formed XML or too deeply nested, which
/// the readers report as a part they could not use.
pub fn parse(bytes: &[u8]) -> Option<Element> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return None;
                }
                stack.push(element(&e, &reader)?);
            }
            Event::Empty(e) => {
                let el = element(&e, &reader)?;
                stack.last_mut()?.children.push(Node::Element(el));
            }
            Event::End(_) => {
                let done = stack.pop()?;
                stack.last_mut()?.children.push(Node::Element(done));
            }
            Event::Text(t) => {
                let s = t.xml10_content().ok()?;
                push_text(stack.last_mut()?, &s);
            }
            Event::CData(t) => {
                let s = String::from_utf8(t.into_inner().into_owned()).ok()?;
                push_text(stack.last_mut()?, &s);
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().ok()?;
                        quick_xml::escape::resolve_predefined_entity(&name)?.to_owned()
                    }
                };
                push_text(stack.last_mut()?, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return None;
    }
    let root = stack.pop()?;
    root.children.into_iter().find_map(|n| match n {
        Node::Element(e) => Some(e),
        Node::Text(_) => None,
    })
}

fn push_text(parent: &mut Element, s: &str) {
    if let Some(Node::Text(t)) = parent.children.last_mut() {
        t.push_str(s);
    } else {
        parent.children.push(Node::Text(s.to_owned()));
    }
}

fn element(e: &BytesStart, reader: &Reader<&[u8]>) -> Option<Element> {
    let name = String::from_utf8(e.name().as_ref().to_vec()).ok()?;
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.ok()?;
        let key = String::from_utf8(a.key.as_ref().to_vec()).ok()?;
        let value = a
            .decoded_and_normalized_value(XmlVersion::Implicit1_0, reader.decoder())
            .ok()?
            .into_owned();
        attrs.push((key, value));
    }
    Some(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_attributes_and_text() {
        let root = parse(br#"<w:p a="1"><w:r><w:t>a &amp; b</w:t></w:r><w:b/></w:p>"#).unwrap();
        assert_eq!(root.name, "w:p");
        assert_eq!(root.attr("a"), Some("1"));
        assert_eq!(root.text(), "a & b");
        assert_eq!(root.toggle("w:b"), Some(true));
        assert_eq!(root.toggle("w:i"), None);
    }

    #[test]
    fn refuses_broken_and_too_deep_parts() {
        assert!(parse(b"<a><b></a>").is_none());
        let deep = "<a>".repeat(MAX_DEPTH + 2) + &"</a>".repeat(MAX_DEPTH + 2);
        assert!(parse(deep.as_bytes()).is_none());
    }
}
