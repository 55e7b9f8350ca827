//! A small element tree of one template part, so that the style and header readers can
//! follow `basedOn` chains and walk tables without a state machine each.
//!
//! The tree borrows its names, attribute values and text from the part's bytes (a
//! `styles.xml` of 350 KB is some 20 000 elements; a `String` per name and value was
//! most of reading a template), and a reader can leave out subtrees it never looks at
//! ([`parse_with`]): table-style conditions in `styles.xml`, the body of
//! `document.xml` but for its `sectPr`. The package reader has already capped the
//! parts' size and checked them to be well-formed; depth is capped here too, so that
//! a hostile part of nested elements cannot exhaust the stack of the readers that
//! recurse over it.

use std::borrow::Cow;

use quick_xml::events::attributes::Attributes;
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};

/// Deeper than any real WordprocessingML part (a table in a table in a header is ~20).
const MAX_DEPTH: usize = 256;

/// An element's attributes, name and value, in their order in the tag.
pub type Attrs<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

#[derive(Debug, Clone, Default)]
pub struct Element<'a> {
    /// The qualified name as written ("w:p"): Word always writes the usual prefixes.
    pub name: Cow<'a, str>,
    pub attrs: Attrs<'a>,
    pub children: Vec<Node<'a>>,
}

#[derive(Debug, Clone)]
pub enum Node<'a> {
    Element(Element<'a>),
    Text(Cow<'a, str>),
}

impl<'a> Element<'a> {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_ref())
    }

    /// `w:val`, the attribute most WordprocessingML properties carry.
    pub fn val(&self) -> Option<&str> {
        self.attr("w:val")
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element<'a>> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.elements().find(|e| e.name == name)
    }

    pub fn children_named<'b>(&'b self, name: &'b str) -> impl Iterator<Item = &'b Element<'a>> {
        self.elements().filter(move |e| e.name == name)
    }

    /// The first element named `name` anywhere below, depth first.
    pub fn find(&self, name: &str) -> Option<&Element<'a>> {
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
    pub fn path(&self, names: &[&str]) -> Option<&Element<'a>> {
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
pub fn parse(bytes: &[u8]) -> Option<Element<'_>> {
    parse_with(bytes, |_, _| false)
}

/// Parses a part, leaving out every element (with all below it) for which
/// `skip(parent, name)` holds: what a reader never looks at costs it no tree.
pub fn parse_with(bytes: &[u8], skip: impl Fn(&str, &str) -> bool) -> Option<Element<'_>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Plain XML, as Word writes it, from the quick scan: quick-xml's events at less
    // than its cost (`plain_xml`). A tree that fails on one of them fails on it in
    // quick-xml's reading too; a part that is not plain is read again by quick-xml.
    let mut plain = Some(Tree::new(text, &skip));
    let whole = super::external::read_plain(text, &mut plain, |tree, (event, _, _)| {
        if tree.as_mut().and_then(|t| t.push(event)).is_none() {
            *tree = None;
        }
    });
    if whole {
        return plain?.finish();
    }
    parse_quick(text, skip)
}

/// A part's tree from quick-xml's events.
fn parse_quick(text: &str, skip: impl Fn(&str, &str) -> bool) -> Option<Element<'_>> {
    let mut reader = Reader::from_str(text);
    let mut tree = Tree::new(text, skip);
    loop {
        match reader.read_event().ok()? {
            Event::Eof => return tree.finish(),
            event => tree.push(event)?,
        }
    }
}

/// A tree being built from a part's events, one at a time, so that a reader that
/// also checks the part (see `styles_part`) builds it in the same pass.
pub struct Tree<'a, F> {
    /// The part the events come from; names and values borrow from it.
    text: &'a str,
    skip: F,
    stack: Vec<Element<'a>>,
    /// Open elements inside a left-out one: its events are passed over unread.
    skipping: usize,
}

impl<'a, F: Fn(&str, &str) -> bool> Tree<'a, F> {
    pub fn new(text: &'a str, skip: F) -> Self {
        Tree {
            text,
            skip,
            stack: vec![Element::default()],
            skipping: 0,
        }
    }

    /// A tree of the rest of a part cut just inside its root, named `root`: finished,
    /// it is that root with the children after the cut (the first piece's tree ends
    /// at the cut, [`Tree::finish_at_seam`]).
    pub fn inside(text: &'a str, skip: F, root: &'a str) -> Self {
        let mut tree = Tree::new(text, skip);
        tree.stack.push(Element {
            name: Cow::Borrowed(root),
            ..Element::default()
        });
        tree
    }

    /// The root as far as this tree of a part's first piece has read it, every event
    /// before a cut just inside the root taken; `None` unless the root, and only the
    /// root, is open there, as [`Tree::inside`] begins the rest.
    pub fn finish_at_seam(mut self) -> Option<Element<'a>> {
        if self.stack.len() != 2 || self.skipping > 0 {
            return None;
        }
        self.stack.pop()
    }

    /// Takes the next event (anything but `Eof`); `None` when the part cannot become a
    /// tree (too deep, a broken name, attribute or reference), after which the tree is
    /// not to be used.
    pub fn push(&mut self, event: Event<'a>) -> Option<()> {
        if self.skipping > 0 {
            match event {
                Event::Start(_) => self.skipping += 1,
                Event::End(_) => self.skipping -= 1,
                _ => {}
            }
            return Some(());
        }
        match event {
            Event::Start(e) => {
                if self.stack.len() > MAX_DEPTH {
                    return None;
                }
                let name = std::str::from_utf8(e.name().into_inner()).ok()?;
                if (self.skip)(&self.stack.last()?.name, name) {
                    self.skipping = 1;
                    return Some(());
                }
                self.stack.push(element(self.text, &e)?);
            }
            Event::Empty(e) => {
                let name = std::str::from_utf8(e.name().into_inner()).ok()?;
                if (self.skip)(&self.stack.last()?.name, name) {
                    return Some(());
                }
                let el = element(self.text, &e)?;
                self.stack.last_mut()?.children.push(Node::Element(el));
            }
            Event::End(_) => {
                let done = self.stack.pop()?;
                self.stack.last_mut()?.children.push(Node::Element(done));
            }
            Event::Text(t) => {
                let s = t.xml10_content().ok()?;
                push_text(self.stack.last_mut()?, s);
            }
            Event::CData(t) => {
                let s = String::from_utf8(t.into_inner().into_owned()).ok()?;
                push_text(self.stack.last_mut()?, Cow::Owned(s));
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().ok()?;
                        quick_xml::escape::resolve_predefined_entity(&name)?.to_owned()
                    }
                };
                push_text(self.stack.last_mut()?, Cow::Owned(s));
            }
            _ => {}
        }
        Some(())
    }

    /// The root element, once the part's events are all taken; `None` when an element
    /// was left open or there is none.
    pub fn finish(mut self) -> Option<Element<'a>> {
        if self.stack.len() != 1 || self.skipping > 0 {
            return None;
        }
        let root = self.stack.pop()?;
        root.children.into_iter().find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }
}

fn push_text<'a>(parent: &mut Element<'a>, s: Cow<'a, str>) {
    if let Some(Node::Text(t)) = parent.children.last_mut() {
        t.to_mut().push_str(&s);
    } else {
        parent.children.push(Node::Text(s));
    }
}

/// An element from its tag's content (name and attributes), borrowing from `text`,
/// the part the reader reads.
fn element<'a>(text: &'a str, tag: &[u8]) -> Option<Element<'a>> {
    match lend(text, tag) {
        Some(tag) => element_of(tag),
        // A reader over a string hands out its tags in place; this stays correct if not.
        None => element_of(std::str::from_utf8(tag).ok()?).map(Element::into_owned),
    }
}

/// `bytes` as the piece of `text` it is, when it lies inside `text` (two live
/// allocations never overlap, so an address inside `text` is `text`'s).
fn lend<'a>(text: &'a str, bytes: &[u8]) -> Option<&'a str> {
    let start = (bytes.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(start..start.checked_add(bytes.len())?)
}

fn element_of(tag: &str) -> Option<Element<'_>> {
    let name_len = tag
        .bytes()
        .position(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'))
        .unwrap_or(tag.len());
    if let Some(attrs) = plain_attributes(&tag[name_len..]) {
        return Some(Element {
            name: Cow::Borrowed(&tag[..name_len]),
            attrs,
            children: Vec::new(),
        });
    }
    Some(Element {
        name: Cow::Borrowed(&tag[..name_len]),
        attrs: quick_attributes(tag, name_len)?,
        children: Vec::new(),
    })
}

/// The attributes after a tag's name (`name_len` bytes) by quick-xml's checked reader,
/// unescaped and normalised; `None` where it finds one broken or twice.
fn quick_attributes(tag: &str, name_len: usize) -> Option<Attrs<'_>> {
    Attributes::new(tag, name_len)
        .map(|a| {
            let a = a.ok()?;
            let key = std::str::from_utf8(a.key.into_inner()).ok()?;
            Some((
                Cow::Borrowed(key),
                a.normalized_value(XmlVersion::Implicit1_0).ok()?,
            ))
        })
        .collect()
}

/// The attributes after a tag's name as quick-xml's checked reading gives them, where
/// they are as Word writes them: each after spaces as `name="value"` (or with `'`),
/// the value free of `&`, `<` and line breaks or tabs, so that it reads as written,
/// and no name twice. Anything else is `None`, for quick-xml to read with its own
/// checks and normalisation. The attribute reader was most of a styles tree's cost
/// (1 370 elements of the sample's styles part: 1.9 M instructions).
fn plain_attributes(rest: &str) -> Option<Attrs<'_>> {
    let b = rest.as_bytes();
    let mut attrs: Attrs<'_> = Vec::with_capacity(b.iter().filter(|c| **c == b'=').count());
    let mut i = 0;
    loop {
        let spaces = i;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if i == b.len() {
            return Some(attrs);
        }
        if i == spaces {
            return None;
        }
        let key_start = i;
        while b
            .get(i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b':' | b'_' | b'-' | b'.'))
        {
            i += 1;
        }
        let quote = *b.get(i + 1)?;
        if i == key_start || b[i] != b'=' || !matches!(quote, b'"' | b'\'') {
            return None;
        }
        let key = &rest[key_start..i];
        i += 2;
        let value_start = i;
        while *b.get(i)? != quote {
            if matches!(b[i], b'&' | b'<' | b'\t' | b'\r' | b'\n') {
                return None;
            }
            i += 1;
        }
        if attrs.iter().any(|(k, _)| k == key) {
            return None;
        }
        attrs.push((Cow::Borrowed(key), Cow::Borrowed(&rest[value_start..i])));
        i += 1;
    }
}

impl Element<'_> {
    /// The same element owning its strings (children are not copied: it has none yet).
    fn into_owned(self) -> Element<'static> {
        Element {
            name: Cow::Owned(self.name.into_owned()),
            attrs: self
                .attrs
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k.into_owned()), Cow::Owned(v.into_owned())))
                .collect(),
            children: Vec::new(),
        }
    }
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
    fn attribute_values_are_normalised_and_unescaped() {
        let root = parse(b"<w:p w:val=\"a&amp;b\tc\"/>").unwrap();
        assert_eq!(root.val(), Some("a&b c"));
    }

    /// Tags as Word writes them take the short way; each reads as quick-xml's
    /// checked reading reads it, and what the short way leaves to quick-xml too.
    #[test]
    fn plain_attributes_read_as_quick_xml_reads_them() {
        let owned = |attrs: Attrs| -> Vec<(String, String)> {
            attrs
                .into_iter()
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect()
        };
        let quick = |tag: &str| {
            let name_len = tag.find([' ', '\t', '\r', '\n']).unwrap_or(tag.len());
            quick_attributes(tag, name_len).map(owned)
        };
        let ours = |tag: &str| element_of(tag).map(|e| owned(e.attrs));
        let short = [
            "w:style",
            "w:style w:type=\"paragraph\" w:styleId='Kop1'",
            "w:rFonts w:ascii=\"Carlito\" w:hAnsi=\"Carlito\"  ",
            "w:t xml:space=\"preserve\"",
            "a b=\"it's\" c='say \"x\"'",
            "a b=\"\"",
        ];
        for tag in short {
            let name_len = tag.find(' ').unwrap_or(tag.len());
            assert!(plain_attributes(&tag[name_len..]).is_some(), "{tag}");
            assert_eq!(ours(tag), quick(tag), "{tag}");
        }
        let long_way = [
            "a b=\"x &amp; y\"",
            "a b=\"x\ty\"",
            "a\tb=\"1\"",
            "a b=\"1\" b=\"2\"",
            "a b = \"1\"",
            "a b=1",
            "a b=\"1\"c=\"2\"",
            "a b=\"open",
            "a =\"1\"",
            "a b=\"1\"/",
        ];
        for tag in long_way {
            let name_len = tag.find([' ', '\t']).unwrap_or(tag.len());
            assert!(plain_attributes(&tag[name_len..]).is_none(), "{tag}");
            assert_eq!(ours(tag), quick(tag), "{tag}");
        }
    }

    /// The quick scan's tree is quick-xml's, for every XML part of the sample
    /// templates and for damaged ones.
    #[test]
    fn the_plain_scan_builds_the_tree_quick_xml_builds() {
        let skip = |parent: &str, name: &str| parent == "w:styles" && name == "w:latentStyles";
        let same = |xml: &str| {
            let ours = format!("{:?}", parse_with(xml.as_bytes(), skip));
            let quick = format!("{:?}", parse_quick(xml, skip));
            assert_eq!(ours, quick, "{xml}");
            ours != "None"
        };
        let parts = super::super::sample_parts();
        for (template, name, bytes) in &parts {
            let xml = std::str::from_utf8(bytes).expect("UTF-8");
            assert!(same(xml), "{template} {name}");
        }
        let parts = parts.len();
        assert!(parts > 30, "{parts}");
        let xml = r#"<w:hdr a="1"><w:p><w:r><w:t xml:space="preserve">a &amp; b</w:t></w:r></w:p></w:hdr>"#;
        for at in 0..xml.len() {
            for damage in ["", "<", ">", "&", "\"", "</w:p>", "<!-- -->", "\t"] {
                same(&format!("{}{damage}{}", &xml[..at], &xml[at + 1..]));
            }
        }
    }

    #[test]
    fn skipped_subtrees_are_left_out_and_the_rest_is_read() {
        let xml = br#"<w:body><w:p><w:r><w:t>x</w:t></w:r></w:p><w:tbl/><w:sectPr><w:pgSz w:w="11906"/></w:sectPr></w:body>"#;
        let root =
            parse_with(xml, |parent, name| parent == "w:body" && name != "w:sectPr").unwrap();
        assert_eq!(root.children.len(), 1);
        assert_eq!(
            root.path(&["w:sectPr", "w:pgSz"])
                .and_then(|e| e.attr("w:w")),
            Some("11906")
        );
        assert_eq!(root.text(), "");
    }

    #[test]
    fn refuses_broken_and_too_deep_parts() {
        assert!(parse(b"<a><b></a>").is_none());
        let deep = "<a>".repeat(MAX_DEPTH + 2) + &"</a>".repeat(MAX_DEPTH + 2);
        assert!(parse(deep.as_bytes()).is_none());
    }
}
