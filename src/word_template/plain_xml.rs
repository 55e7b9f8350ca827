//! A quick scan for the plain XML Word writes: an optional `<?xml …?>` declaration,
//! one root, elements with plain names and quoted attributes, text without references,
//! whitespace around the root, nothing else. A part that is all of that is well-formed
//! (every end tag matches its start), and its events are exactly those quick-xml gives
//! for it, at the same byte positions: the check takes them from here, for less than
//! quick-xml's cost (the sample template's parts: 4.6 M instructions instead of 7.3 M,
//! quick-xml's tag scanner having been the largest part of opening it). Anything else
//! — a reference, a comment, CDATA, a processing instruction, a document type, a byte
//! order mark, a name or attribute out of the ordinary, a mismatched end — makes the
//! scan give up, and quick-xml reads the part from its start as before, with its own
//! verdict and message. So this scan only ever accepts what quick-xml accepts; the
//! tests compare the two on real parts and on thousands of damaged ones.

/// One piece of a part by its byte range: the markup with its `<` and `>`, or text;
/// for a tag, the length of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    pub name_len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Decl,
    Start,
    Empty,
    End,
    Text,
}

/// Byte classes, looked up per byte: the scan is a few instructions a byte.
const NAME_START: u8 = 1;
const NAME: u8 = 2;
const SPACE: u8 = 4;
/// Where text stops: `<`, and what plain text has not (`&`, `>`).
const TEXT_STOP: u8 = 8;
/// Where an attribute value stops: either quote, `<`, `>`.
const VALUE_STOP: u8 = 16;

static CLASS: [u8; 256] = classes();

const fn classes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        let mut class = 0;
        if b.is_ascii_alphabetic() || b == b'_' {
            class |= NAME_START | NAME;
        }
        if b.is_ascii_digit() || b == b'-' || b == b'.' || b == b':' {
            class |= NAME;
        }
        if matches!(b, b' ' | b'\r' | b'\n' | b'\t') {
            class |= SPACE;
        }
        if matches!(b, b'<' | b'&' | b'>') {
            class |= TEXT_STOP;
        }
        if matches!(b, b'"' | b'\'' | b'<' | b'>') {
            class |= VALUE_STOP;
        }
        table[i] = class;
        i += 1;
    }
    table
}

fn is(b: u8, class: u8) -> bool {
    CLASS[b as usize] & class != 0
}

/// The first position from `at` whose byte is of `class`, or the end.
fn until(xml: &[u8], mut at: usize, class: u8) -> usize {
    while at < xml.len() && !is(xml[at], class) {
        at += 1;
    }
    at
}

/// The first position from `at` whose byte is not of `class`, or the end.
fn past(xml: &[u8], mut at: usize, class: u8) -> usize {
    while at < xml.len() && is(xml[at], class) {
        at += 1;
    }
    at
}

/// What the scan gives next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Token(Token),
    /// The part ended, and all of it was plain XML.
    End,
    /// The part is not plain XML as above (the scan gives up here, for good).
    NotPlain,
}

/// The part's pieces one at a time, as they are scanned: a reader takes each event as
/// it comes rather than a list of the whole part first (for a 350 KB styles part some
/// 470 KB of tokens, most of the scan's cost in a fresh process being the pages they
/// took). Whether the part is plain is known only at its end.
pub struct Scanner<'a> {
    xml: &'a [u8],
    at: usize,
    /// Names of the open elements, by their byte range.
    open: Vec<(usize, usize)>,
    rooted: bool,
    done: bool,
    /// How many elements may be open where `xml` ends: none for a whole part, the
    /// root for the first piece of a part cut inside its root ([`Scanner::before`]).
    open_at_end: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(xml: &'a [u8]) -> Self {
        Scanner {
            xml,
            at: 0,
            open: Vec::new(),
            rooted: false,
            done: false,
            open_at_end: 0,
        }
    }

    /// A scan of a part's first piece, `xml` being the part up to a cut inside its
    /// root: it ends plainly only with the root, and nothing else, open there.
    pub fn before(xml: &'a [u8]) -> Self {
        Scanner {
            open_at_end: 1,
            ..Scanner::new(xml)
        }
    }

    /// A scan of the rest of `xml` from `at`, a cut just inside the root, whose name
    /// lies at `root` (as [`Scanner::root`] gave it): given the same state as a scan
    /// of the whole part has there, it gives the same tokens from there on.
    pub fn after(xml: &'a [u8], at: usize, root: (usize, usize)) -> Self {
        Scanner {
            at,
            open: vec![root],
            rooted: true,
            ..Scanner::new(xml)
        }
    }

    /// The byte range of the root's name, once its start tag was scanned and while it
    /// is the one element open.
    pub fn root(&self) -> Option<(usize, usize)> {
        match self.open.as_slice() {
            [root] => Some(*root),
            _ => None,
        }
    }

    pub fn next(&mut self) -> Step {
        if self.done {
            return Step::NotPlain;
        }
        match self.token() {
            Some(Some(token)) => Step::Token(token),
            Some(None) if self.open.len() == self.open_at_end && self.rooted => {
                self.done = true;
                Step::End
            }
            _ => {
                self.done = true;
                Step::NotPlain
            }
        }
    }

    /// The next piece; `Some(None)` at the part's end, `None` where it is not plain.
    fn token(&mut self) -> Option<Option<Token>> {
        let xml = self.xml;
        let at = self.at;
        if at >= xml.len() {
            return Some(None);
        }
        if at == 0 && xml.starts_with(b"<?xml") {
            let end = declaration(xml)?;
            self.at = end;
            return Some(Some(Token {
                kind: Kind::Decl,
                start: 0,
                end,
                name_len: 3,
            }));
        }
        if xml[at] != b'<' {
            let end = until(xml, at, TEXT_STOP);
            if end < xml.len() && xml[end] != b'<' {
                return None;
            }
            if self.open.is_empty() && past(xml, at, SPACE) < end {
                return None;
            }
            self.at = end;
            return Some(Some(Token {
                kind: Kind::Text,
                start: at,
                end,
                name_len: 0,
            }));
        }
        if xml.get(at + 1) == Some(&b'/') {
            let name_end = name(xml, at + 2)?;
            let end = past(xml, name_end, SPACE);
            if xml.get(end) != Some(&b'>') {
                return None;
            }
            let (s, e) = self.open.pop()?;
            if xml[s..e] != xml[at + 2..name_end] {
                return None;
            }
            self.at = end + 1;
            return Some(Some(Token {
                kind: Kind::End,
                start: at,
                end: end + 1,
                name_len: name_end - at - 2,
            }));
        }
        if self.open.is_empty() && self.rooted {
            return None;
        }
        let name_end = name(xml, at + 1)?;
        let (end, empty) = attributes(xml, name_end)?;
        if empty {
            self.rooted |= self.open.is_empty();
        } else {
            self.open.push((at + 1, name_end));
            self.rooted = true;
        }
        self.at = end;
        Some(Some(Token {
            kind: if empty { Kind::Empty } else { Kind::Start },
            start: at,
            end,
            name_len: name_end - at - 1,
        }))
    }
}

/// The end of a declaration `<?xml …?>` at the part's start, with no `<` or `>` in it.
fn declaration(xml: &[u8]) -> Option<usize> {
    if !xml.get(5).is_some_and(|b| is(*b, SPACE)) {
        return None;
    }
    let gt = 1 + xml[1..].iter().position(|b| matches!(b, b'<' | b'>'))?;
    (xml[gt] == b'>' && xml[gt - 1] == b'?' && gt >= 7).then_some(gt + 1)
}

/// The end of a plain name starting at `at`: a letter or `_`, then letters, digits,
/// `_`, `-`, `.` and `:` (ASCII only).
fn name(xml: &[u8], at: usize) -> Option<usize> {
    if !is(*xml.get(at)?, NAME_START) {
        return None;
    }
    Some(past(xml, at + 1, NAME))
}

/// The attributes after a start tag's name, each after whitespace as `name="value"`
/// or `name='value'` with no `<` or `>` in the value, then `>` or `/>` (whitespace
/// before them allowed): the tag's end and whether it was empty.
fn attributes(xml: &[u8], mut at: usize) -> Option<(usize, bool)> {
    loop {
        let spaced = past(xml, at, SPACE);
        let gap = spaced > at;
        at = spaced;
        match *xml.get(at)? {
            b'>' => return Some((at + 1, false)),
            b'/' => return (xml.get(at + 1) == Some(&b'>')).then_some((at + 2, true)),
            _ if !gap => return None,
            _ => {}
        }
        at = name(xml, at)?;
        if xml.get(at) != Some(&b'=') {
            return None;
        }
        let quote = *xml.get(at + 1)?;
        if !matches!(quote, b'"' | b'\'') {
            return None;
        }
        at += 2;
        loop {
            at = until(xml, at, VALUE_STOP);
            match xml.get(at) {
                Some(b) if *b == quote => break,
                Some(b'"' | b'\'') => at += 1,
                _ => return None,
            }
        }
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::super::external::{plain_events, quick_xml_events, read_checked, Placed};

    /// Every event with its range.
    fn described(events: Vec<Placed>) -> Vec<(String, usize, usize)> {
        events
            .into_iter()
            .map(|(event, before, after)| (format!("{event:?}"), before, after))
            .collect()
    }

    /// The quick scan gives what quick-xml gives, where it reads a part at all; and the
    /// check gives a reader those events, whichever read them.
    fn agrees(xml: &[u8]) -> bool {
        let quick = quick_xml_events(xml).map(described);
        let checked = read_checked(xml, Vec::new, |events, placed| events.push(placed));
        assert_eq!(
            checked.map(described),
            quick,
            "{:?}",
            String::from_utf8_lossy(xml)
        );
        let Some(plain) = plain_events(xml) else {
            return false;
        };
        assert!(
            quick.is_ok(),
            "accepted what quick-xml refuses: {:?}",
            String::from_utf8_lossy(xml)
        );
        assert_eq!(
            Ok(described(plain)),
            quick,
            "{:?}",
            String::from_utf8_lossy(xml)
        );
        true
    }

    const SNIPPET: &str = "<?xml version=\"1.0\" encoding='UTF-8' standalone=\"yes\"?>\r\n<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r='r'>\n  <w:p w:rsidR=\"00A1\"><w:pPr><w:pStyle w:val=\"Header\"/><w:tabs><w:tab w:val=\"right\" w:pos=\"9072\" /></w:tabs></w:pPr>\n\t<w:r><w:rPr><w:b/><w:color w:val='1F4E79'/></w:rPr><w:t xml:space=\"preserve\">Gemeente \"Gooise\" Meren's brief</w:t></w:r></w:p >\n<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl ></w:hdr>\n";

    #[test]
    fn plain_parts_read_as_quick_xml_reads_them() {
        assert!(agrees(SNIPPET.as_bytes()));
        for plain in [
            "<a/>",
            "<a></a>",
            " <a b='\"'>x</a> ",
            "<?xml ?><a/>",
            "<a\tb=\"1\"\n/>",
        ] {
            assert!(agrees(plain.as_bytes()), "{plain}");
        }
        for other in [
            "",
            "\u{feff}<a/>",
            "<a>&amp;</a>",
            "<a><!-- c --></a>",
            "<a><![CDATA[x]]></a>",
            "<!DOCTYPE a><a/>",
            "<a/><b/>",
            "x<a/>",
            "<a b = \"1\"/>",
            "<a b=\"1\"c=\"2\"/>",
            "<a></b>",
            "<a>",
            "<a b=\"<\"/>",
            "<a>x>y</a>",
            "<?pi x?><a/>",
            "<é/>",
        ] {
            assert!(!agrees(other.as_bytes()), "{other:?} is left to quick-xml");
        }
    }

    /// A part that stops being plain only near its end: the reader that took its
    /// first events is replaced, and the second one is given quick-xml's events from
    /// the start, not a mix.
    #[test]
    fn a_reader_starts_again_where_the_scan_gives_up_late() {
        let xml = format!(
            "{}<w:t>a &amp; b</w:t></w:hdr>",
            &SNIPPET[..SNIPPET.len() - 9]
        );
        let mut made = 0;
        let events = read_checked(
            xml.as_bytes(),
            || {
                made += 1;
                Vec::new()
            },
            |events, placed| events.push(placed),
        );
        assert_eq!(made, 2);
        assert_eq!(
            events.map(described),
            quick_xml_events(xml.as_bytes()).map(described)
        );
        let mut made = 0;
        let plain = read_checked(SNIPPET.as_bytes(), || made += 1, |_, _| {});
        assert_eq!((plain, made), (Ok(()), 1));
    }

    /// Damage at every byte of a part: whatever the scan still reads, quick-xml reads
    /// the same, and what quick-xml refuses, the scan never reads.
    #[test]
    fn damaged_parts_are_read_alike_or_left_to_quick_xml() {
        let xml = SNIPPET.as_bytes();
        let mut read = 0;
        for damaged in super::super::damaged_copies(xml, b"<>/=\"'&?! a:") {
            read += usize::from(agrees(&damaged));
        }
        assert!(
            read > xml.len(),
            "the scan reads damaged but plain parts too ({read})"
        );
    }

    /// The parts of the sample templates are plain: the quick scan is what reads them.
    #[test]
    fn the_sample_templates_parts_are_plain() {
        for (file, name, bytes) in super::super::sample_parts() {
            assert!(agrees(&bytes), "{file}: {name} is plain");
        }
    }
}
