//! References out of the package: relationships with `TargetMode="External"` (a linked
//! picture, `attachedTemplate` in the settings, a remote data source) and internal
//! targets that climb out of the package. None is ever fetched; each is left out, with
//! the element that uses it, and named in a warning. Hyperlinks are the exception: a
//! link in the letterhead is text for the reader, not something we open.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Reader;

use super::plain_xml;
use super::refusal::Refusal;

const NS_R: &[u8] = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const HYPERLINK: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

/// Elements that are removed as a whole when something inside them refers to a
/// relationship that was left out: a picture is only valid with its image.
const WHOLE: &[&[u8]] = &[b"w:drawing", b"w:pict", b"w:object"];

/// The parts of a package by name.
type PartMap = BTreeMap<String, Vec<u8>>;
/// A relationship and its element's byte range in the `.rels` part.
type Located = (Rel, (usize, usize));

/// One `Relationship` of a `.rels` part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rel {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The relationships of a `.rels` part.
pub fn relationships(xml: &[u8]) -> Result<Vec<Rel>, String> {
    Ok(scan_relationships(xml)?
        .into_iter()
        .map(|(rel, _)| rel)
        .collect())
}

fn scan_relationships(xml: &[u8]) -> Result<Vec<Located>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut found = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| xml_error(&reader, &e))?;
        match event {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == b"Relationship" => {
                let get = |name: &str| attribute(&e, name).unwrap_or_default();
                let rel = Rel {
                    id: get("Id"),
                    kind: get("Type"),
                    target: get("Target"),
                    external: get("TargetMode").eq_ignore_ascii_case("external"),
                };
                found.push((rel, (start, reader.buffer_position() as usize)));
            }
            Event::Eof => return Ok(found),
            _ => {}
        }
    }
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.try_get_attribute(name).ok().flatten().and_then(|a| {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .ok()
            .map(|v| v.into_owned())
    })
}

fn xml_error(reader: &Reader<&[u8]>, e: &dyn std::fmt::Display) -> String {
    format!(
        "de XML is beschadigd bij byte {} ({e})",
        reader.error_position()
    )
}

/// Whether a part is XML Word can read: parsed to its end, every element closed, no
/// document type declaration.
pub fn well_formed(xml: &[u8]) -> Result<(), String> {
    read_checked(xml, || (), |_, _| {})
}

/// An event and the byte range it came from.
pub type Placed<'a> = (Event<'a>, usize, usize);

/// Hands a part's events, with the byte range each came from, to `take`, checked as
/// [`well_formed`] checks: a reader that needs more of a part than the check (the
/// styles part) takes it from the same pass instead of reading the part again; the
/// error is the check's reason. Plain XML, as Word writes it, comes from a quick scan
/// ([`plain_xml`]) as it is scanned. Whether a part is plain is known only at its end:
/// where the scan gives up, `start` makes a fresh reader and quick-xml reads the part
/// from its start, with its own verdict and message. A reader is made once for a
/// plain part, twice for any other.
pub fn read_checked<'a, R>(
    xml: &'a [u8],
    mut start: impl FnMut() -> R,
    mut take: impl FnMut(&mut R, Placed<'a>),
) -> Result<R, String> {
    if let Ok(text) = std::str::from_utf8(xml) {
        let mut read = start();
        if read_plain(text, &mut read, &mut take) {
            return Ok(read);
        }
    }
    let mut read = start();
    let mut reader = QuickXml {
        reader: Reader::from_reader(xml),
        depth: 0,
    };
    while let Some(placed) = reader.next()? {
        take(&mut read, placed);
    }
    Ok(read)
}

/// Hands the events of `text` to `take` as the quick scan ([`plain_xml`]) gives them,
/// while it can: whether the part was plain to its end. Where it was not, what `take`
/// was given is to be thrown away, and the part read again by quick-xml.
pub fn read_plain<'a, R>(
    text: &'a str,
    read: &mut R,
    take: impl FnMut(&mut R, Placed<'a>),
) -> bool {
    scan_plain(
        text,
        &mut plain_xml::Scanner::new(text.as_bytes()),
        read,
        take,
    )
}

/// [`read_plain`] with the scan given: of a whole part, or of a piece of one
/// ([`plain_xml::Scanner::before`], [`plain_xml::Scanner::after`]); `text` is the
/// whole part, which the scan's positions point into.
pub fn scan_plain<'a, R>(
    text: &'a str,
    scan: &mut plain_xml::Scanner<'_>,
    read: &mut R,
    mut take: impl FnMut(&mut R, Placed<'a>),
) -> bool {
    loop {
        match scan.next() {
            plain_xml::Step::Token(token) => take(read, plain_event(text, token)),
            plain_xml::Step::End => return true,
            plain_xml::Step::NotPlain => return false,
        }
    }
}

/// The events of a plain part as the quick scan gives them; `None` for any other.
#[cfg(test)]
pub fn plain_events(xml: &[u8]) -> Option<Vec<Placed<'_>>> {
    let text = std::str::from_utf8(xml).ok()?;
    let mut events = Vec::new();
    read_plain(text, &mut events, |events, placed| events.push(placed)).then_some(events)
}

/// The events of a part as quick-xml gives them, checked as [`well_formed`] checks.
#[cfg(test)]
pub fn quick_xml_events(xml: &[u8]) -> Result<Vec<Placed<'_>>, String> {
    let mut reader = QuickXml {
        reader: Reader::from_reader(xml),
        depth: 0,
    };
    let mut events = Vec::new();
    while let Some(placed) = reader.next()? {
        events.push(placed);
    }
    Ok(events)
}

/// quick-xml's reader, with the checks it leaves to its caller: an element left open
/// at the end, a document type declaration.
struct QuickXml<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
}

impl<'a> QuickXml<'a> {
    /// The next event and where it lies in the part; `None` at a well-formed end, the
    /// reason (Dutch, with the byte) where the part is not well-formed.
    fn next(&mut self) -> Result<Option<Placed<'a>>, String> {
        let reader = &mut self.reader;
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| xml_error(reader, &e))?;
        match event {
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => {
                return Err(
                    "de XML bevat een documenttypedefinitie (<!DOCTYPE>), die Word nooit schrijft"
                        .into(),
                )
            }
            Event::Eof if self.depth == 0 => return Ok(None),
            Event::Eof => return Err("de XML houdt op midden in een element".into()),
            _ => {}
        }
        Ok(Some((event, before, reader.buffer_position() as usize)))
    }
}

/// The event quick-xml gives for a piece of plain XML.
pub(super) fn plain_event<'a>(text: &'a str, t: plain_xml::Token) -> Placed<'a> {
    use plain_xml::Kind;
    let piece = &text[t.start..t.end];
    let event = match t.kind {
        Kind::Decl => Event::Decl(BytesDecl::from_start(BytesStart::from_content(
            &piece[2..piece.len() - 2],
            t.name_len,
        ))),
        Kind::Start => Event::Start(BytesStart::from_content(
            &piece[1..piece.len() - 1],
            t.name_len,
        )),
        Kind::Empty => Event::Empty(BytesStart::from_content(
            &piece[1..piece.len() - 2],
            t.name_len,
        )),
        Kind::End => Event::End(BytesEnd::new(&piece[2..2 + t.name_len])),
        Kind::Text => Event::Text(BytesText::from_escaped(piece)),
    };
    (event, t.start, t.end)
}

/// The part a `.rels` part belongs to: `word/_rels/header1.xml.rels` → `word/header1.xml`,
/// `_rels/.rels` → none (the package itself).
fn source_of(rels: &str) -> Option<String> {
    let (dir, file) = rels.rsplit_once("_rels/")?;
    let file = file.strip_suffix(".rels")?;
    (!file.is_empty()).then(|| format!("{dir}{file}"))
}

/// Whether an internal target stays inside the package, resolved from `source`'s folder.
fn stays_inside(source: Option<&str>, target: &str) -> bool {
    if target.contains("://") || target.starts_with("\\\\") || target.starts_with("//") {
        return false;
    }
    let mut path: Vec<&str> = match (target.starts_with('/'), source) {
        (false, Some(source)) => {
            let mut p: Vec<&str> = source.split('/').collect();
            p.pop();
            p
        }
        _ => Vec::new(),
    };
    for step in target.trim_start_matches('/').split('/') {
        match step {
            "" | "." => {}
            ".." => {
                if path.pop().is_none() {
                    return false;
                }
            }
            s => path.push(s),
        }
    }
    true
}

/// What [`strip`] gives: the parts, what was left out (in Dutch) and the names of the
/// parts it changed.
pub struct Stripped {
    pub parts: PartMap,
    pub left_out: Vec<String>,
    pub changed: BTreeSet<String>,
}

/// Leaves out every reference out of the package, in the `.rels` parts and in the parts
/// that use them.
pub fn strip(mut parts: PartMap) -> Result<Stripped, Refusal> {
    let mut left_out = Vec::new();
    let mut changed = BTreeSet::new();
    let rels_parts: Vec<String> = parts
        .keys()
        .filter(|n| n.ends_with(".rels"))
        .cloned()
        .collect();
    for rels_name in rels_parts {
        let source = source_of(&rels_name);
        let scanned = scan_relationships(&parts[&rels_name])
            .map_err(|reason| Refusal::broken(Some(&rels_name), reason))?;
        let mut removed = BTreeSet::new();
        let mut ranges = Vec::new();
        for (rel, range) in scanned {
            let outside = if rel.external {
                rel.kind != HYPERLINK
            } else {
                !stays_inside(source.as_deref(), &rel.target)
            };
            if outside {
                let kind = rel.kind.rsplit('/').next().unwrap_or_default().to_owned();
                left_out.push(format!(
                    "{}: de verwijzing ‘{kind}’ naar ‘{}’ buiten het sjabloon is weggelaten en wordt nooit opgehaald",
                    source.as_deref().unwrap_or("het pakket"),
                    rel.target
                ));
                removed.insert(rel.id);
                ranges.push(range);
            }
        }
        if removed.is_empty() {
            continue;
        }
        let rels = cut(&parts[&rels_name], ranges);
        parts.insert(rels_name.clone(), rels);
        changed.insert(rels_name.clone());
        if let Some(source) = source.filter(|s| parts.contains_key(s)) {
            let ranges = referring(&parts[&source], &removed)
                .map_err(|reason| Refusal::broken(Some(&source), reason))?;
            let stripped = cut(&parts[&source], ranges);
            parts.insert(source.clone(), stripped);
            changed.insert(source);
        }
    }
    Ok(Stripped {
        parts,
        left_out,
        changed,
    })
}

/// The byte ranges of the elements in `xml` that refer (by an attribute in the
/// relationships namespace) to one of `ids`, widened to a whole picture or object.
fn referring(xml: &[u8], ids: &BTreeSet<String>) -> Result<Vec<(usize, usize)>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut prefixes: BTreeSet<Vec<u8>> = BTreeSet::new();
    // Open elements: name, start offset, whether to remove it when it closes.
    let mut open: Vec<(Vec<u8>, usize, bool)> = Vec::new();
    let mut ranges = Vec::new();
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| xml_error(&reader, &e))?;
        let (e, empty) = match &event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                if let Some((_, from, true)) = open.pop() {
                    ranges.push((from, reader.buffer_position() as usize));
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let mut refers = false;
        for attr in e.attributes().flatten() {
            let key = attr.key.as_ref();
            if let Some(prefix) = key.strip_prefix(b"xmlns:") {
                if attr.value.as_ref() == NS_R {
                    prefixes.insert(prefix.to_vec());
                }
            } else if let Some((prefix, _)) = split_prefix(key) {
                let value = String::from_utf8_lossy(&attr.value);
                if prefixes.contains(prefix) && ids.contains(value.as_ref()) {
                    refers = true;
                }
            }
        }
        let name = e.name().as_ref().to_vec();
        if !empty {
            open.push((name.clone(), start, false));
        }
        if refers {
            let whole = open
                .iter_mut()
                .rev()
                .find(|(n, _, _)| WHOLE.contains(&n.as_slice()));
            match whole {
                Some(entry) => entry.2 = true,
                None if empty => ranges.push((start, reader.buffer_position() as usize)),
                None => {
                    if let Some(entry) = open.last_mut() {
                        entry.2 = true;
                    }
                }
            }
        }
    }
    Ok(ranges)
}

fn split_prefix(key: &[u8]) -> Option<(&[u8], &[u8])> {
    let at = key.iter().position(|b| *b == b':')?;
    Some((&key[..at], &key[at + 1..]))
}

/// `bytes` without the given ranges; a range inside an earlier one is already gone.
fn cut(bytes: &[u8], mut ranges: Vec<(usize, usize)>) -> Vec<u8> {
    ranges.sort_unstable();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    for (from, to) in ranges {
        if from < at {
            at = at.max(to);
            continue;
        }
        out.extend_from_slice(&bytes[at..from]);
        at = to;
    }
    out.extend_from_slice(&bytes[at.min(bytes.len())..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

    #[test]
    fn a_linked_picture_goes_with_its_drawing_and_a_hyperlink_stays() {
        let rels = format!(
            r#"<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="https://example.org/logo.png" TargetMode="External"/><Relationship Id="rId2" Type="{HYPERLINK}" Target="https://example.org" TargetMode="External"/></Relationships>"#
        );
        let header = r#"<w:hdr xmlns:w="w" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:r><w:drawing><a:blip r:link="rId1"/></w:drawing></w:r><w:hyperlink r:id="rId2"><w:r><w:t>site</w:t></w:r></w:hyperlink></w:p></w:hdr>"#;
        let parts: BTreeMap<String, Vec<u8>> = [
            ("word/_rels/header1.xml.rels".to_owned(), rels.into_bytes()),
            ("word/header1.xml".to_owned(), header.as_bytes().to_vec()),
        ]
        .into();
        let Stripped {
            parts,
            left_out,
            changed,
        } = strip(parts).expect("strips");
        assert_eq!(
            changed,
            ["word/_rels/header1.xml.rels", "word/header1.xml"]
                .map(str::to_owned)
                .into()
        );
        let header = String::from_utf8(parts["word/header1.xml"].clone()).unwrap();
        assert!(
            !header.contains("drawing") && !header.contains("rId1"),
            "{header}"
        );
        assert!(header.contains(r#"<w:hyperlink r:id="rId2">"#), "{header}");
        let rels = String::from_utf8(parts["word/_rels/header1.xml.rels"].clone()).unwrap();
        assert!(!rels.contains("rId1") && rels.contains("rId2"), "{rels}");
        assert_eq!(left_out.len(), 1);
        assert!(left_out[0].contains("https://example.org/logo.png"));
    }

    #[test]
    fn internal_targets_may_not_climb_out() {
        assert!(stays_inside(Some("word/document.xml"), "media/a.png"));
        assert!(stays_inside(
            Some("word/document.xml"),
            "../customXml/item1.xml"
        ));
        assert!(!stays_inside(Some("word/document.xml"), "../../etc/passwd"));
        assert!(!stays_inside(
            Some("word/document.xml"),
            "file:///etc/passwd"
        ));
        assert!(stays_inside(None, "/word/document.xml"));
    }

    #[test]
    fn broken_xml_and_doctypes_are_not_well_formed() {
        assert!(well_formed(b"<a><b/></a>").is_ok());
        assert!(well_formed(b"<a><b></a>").is_err());
        assert!(well_formed(b"<a>").is_err());
        assert!(well_formed(b"<!DOCTYPE a [<!ENTITY x \"y\">]><a/>").is_err());
    }
}
