//! A small XML writer for the package parts, and the one place where text becomes XML.
//!
//! Every part is written by hand in the element order the OOXML schema prescribes: Word
//! silently drops, or offers to "repair", children it finds out of order. This writer only
//! has to guarantee well-formedness, and it does so for data as well as markup: every
//! text and attribute value passes through [`push_clean`], so nothing that comes from the
//! YAML can add markup or make the XML unreadable.

/// An XML document being written, as a string (all parts are small).
pub(super) struct Xml {
    out: String,
}

impl Xml {
    /// A part, starting with the XML declaration Word writes.
    pub(super) fn part() -> Xml {
        let mut out = String::with_capacity(16 * 1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        Xml { out }
    }

    /// `<name a="v" …>`; names are ours, values are escaped.
    pub(super) fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.open_tag(name, attrs);
        self.out.push('>');
    }

    /// `<name a="v" …/>`.
    pub(super) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.open_tag(name, attrs);
        self.out.push_str("/>");
    }

    /// `<name w:val="value"/>`, the shape of most WordprocessingML properties.
    pub(super) fn val(&mut self, name: &str, value: &str) {
        self.empty(name, &[("w:val", value)]);
    }

    pub(super) fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Character data; characters XML 1.0 forbids are replaced, see [`push_clean`].
    pub(super) fn text(&mut self, text: &str) {
        push_clean(&mut self.out, text, false);
    }

    /// `<name>text</name>`.
    pub(super) fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.start(name, attrs);
        self.text(text);
        self.end(name);
    }

    /// Appends a fragment written by another `Xml` (see [`Xml::fragment`]).
    pub(super) fn append(&mut self, fragment: Xml) {
        self.out.push_str(&fragment.out);
    }

    /// A piece of a part, without declaration, to be appended later.
    pub(super) fn fragment() -> Xml {
        Xml {
            out: String::with_capacity(16 * 1024),
        }
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.out.into_bytes()
    }

    fn open_tag(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attrs {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            push_clean(&mut self.out, value, true);
            self.out.push('"');
        }
    }
}

/// Appends `text` escaped for XML, replacing what XML 1.0 cannot carry.
///
/// XML 1.0 forbids the C0 control characters other than tab, line feed and carriage
/// return (e.g. U+000B, the vertical tab Word uses as a manual line break when text is
/// pasted from it) and the non-characters U+FFFE/U+FFFF; one of them makes the whole part
/// unreadable for Word. The C1 controls (U+007F–U+009F) are allowed but invisible, and
/// trip up other readers. All of these become a space, so that words they separated stay
/// separate. In attribute values tab, line feed and carriage return become spaces too,
/// as an XML parser would normalise them anyway. Run text never contains them: the body
/// writer turns them into `w:tab` and `w:br` first.
pub(super) fn push_clean(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\t' | '\n' | '\r' if attribute => out.push(' '),
            c if is_unwanted(c) => out.push(' '),
            c => out.push(c),
        }
    }
}

/// Characters that [`push_clean`] replaces by a space.
pub(super) fn is_unwanted(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}'
        | '\u{7F}'..='\u{9F}' | '\u{FFFE}' | '\u{FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_replaces_forbidden_characters() {
        let mut x = Xml::fragment();
        x.element("w:t", &[("a", "\"<&>\"\t")], "<&>\"'\u{B}x\u{0}\u{FFFF}");
        let out = String::from_utf8(x.into_bytes()).unwrap_or_default();
        assert_eq!(
            out,
            "<w:t a=\"&quot;&lt;&amp;&gt;&quot; \">&lt;&amp;&gt;\"' x  </w:t>"
        );
    }
}
