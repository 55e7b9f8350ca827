//! `word/numbering.xml`: one numbering definition per list.
//!
//! Word continues a numbered list across everything that shares a `w:num`, and
//! LibreOffice also across lists that share an `w:abstractNum`. The letters have several
//! numbered lists that must each start at 1 (the seven arrangements, then the
//! attachments), so every list gets its own abstract definition and its own `w:num`, with
//! a `w:startOverride` as well: both programs then restart it, whatever the user later
//! does to neighbouring lists.

use crate::document::Numbering as Scheme;

use super::xml::Xml;

/// Indent step per list level, in twips (0.75 cm): room for "viii." at level 2.
pub(super) const INDENT_STEP: u32 = 425;

/// Word knows nine list levels (0–8); deeper nesting stays at the last one.
pub(super) const MAX_LEVEL: u32 = 8;

/// The lists of one document, in the order they were met.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    lists: Vec<ListDef>,
}

#[derive(Debug, Clone, Copy)]
struct ListDef {
    scheme: Scheme,
    start: u32,
    level: u32,
}

impl Numbering {
    /// Registers a list shown at `level` and returns its `numId` (1-based; 0 means "no
    /// list" to Word).
    pub(super) fn add(&mut self, scheme: Scheme, start: u32, level: u32) -> u32 {
        self.lists.push(ListDef {
            scheme,
            start,
            level: level.min(MAX_LEVEL),
        });
        self.lists.len() as u32
    }

    pub(super) fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// The left indent of text at `level`, where the hanging number ends.
    pub(super) fn indent(level: u32) -> u32 {
        INDENT_STEP * (level.min(MAX_LEVEL) + 1)
    }

    pub(super) fn xml(&self) -> Vec<u8> {
        let mut x = Xml::part();
        x.start("w:numbering", &[("xmlns:w", super::NS_W)]);
        for (index, list) in self.lists.iter().enumerate() {
            abstract_num(&mut x, index as u32, list);
        }
        for (index, list) in self.lists.iter().enumerate() {
            let num_id = (index + 1).to_string();
            x.start("w:num", &[("w:numId", &num_id)]);
            x.val("w:abstractNumId", &index.to_string());
            x.start("w:lvlOverride", &[("w:ilvl", &list.level.to_string())]);
            x.val("w:startOverride", &list.start.to_string());
            x.end("w:lvlOverride");
            x.end("w:num");
        }
        x.end("w:numbering");
        x.into_bytes()
    }
}

fn abstract_num(x: &mut Xml, id: u32, list: &ListDef) {
    x.start("w:abstractNum", &[("w:abstractNumId", &id.to_string())]);
    x.val("w:multiLevelType", "hybridMultilevel");
    for level in 0..=MAX_LEVEL {
        // The list's own level says what the document decided; the others are only
        // there for a user who indents an item in Word, and get the house scheme of
        // that depth.
        let (start, scheme) = if level == list.level {
            (list.start, list.scheme)
        } else {
            (1, Scheme::for_depth(list.scheme.kind(), level as usize))
        };
        let (format, text) = marker(scheme, level);
        x.start("w:lvl", &[("w:ilvl", &level.to_string())]);
        x.val("w:start", &start.to_string());
        x.val("w:numFmt", format);
        x.val("w:lvlText", &text);
        x.val("w:lvlJc", "left");
        x.start("w:pPr", &[]);
        x.empty(
            "w:ind",
            &[
                ("w:left", &Numbering::indent(level).to_string()),
                ("w:hanging", &INDENT_STEP.to_string()),
            ],
        );
        x.end("w:pPr");
        x.end("w:lvl");
    }
    x.end("w:abstractNum");
}

/// `w:numFmt` and `w:lvlText` of a scheme at `level`: the level's own number and a
/// full stop ("9.", "i."), or the bullet itself.
fn marker(scheme: Scheme, level: u32) -> (&'static str, String) {
    let number = || format!("%{}.", level + 1);
    match scheme {
        Scheme::Decimal => ("decimal", number()),
        Scheme::LowerAlpha => ("lowerLetter", number()),
        Scheme::LowerRoman => ("lowerRoman", number()),
        Scheme::Bullet(bullet) => ("bullet", bullet.glyph().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::BulletKind;

    #[test]
    fn every_list_gets_its_own_definition_with_its_scheme_and_start() {
        let mut n = Numbering::default();
        assert_eq!(n.add(Scheme::Decimal, 1, 0), 1);
        assert_eq!(n.add(Scheme::Bullet(BulletKind::Dash), 1, 1), 2);
        // Not the house scheme of level 0: the list's own scheme wins.
        assert_eq!(n.add(Scheme::LowerRoman, 9, 0), 3);
        assert_eq!(n.add(Scheme::LowerAlpha, 3, 12), 4);
        let xml = String::from_utf8(n.xml()).unwrap_or_default();
        assert_eq!(xml.matches("<w:abstractNum ").count(), 4);
        let level = |abstract_id: usize, ilvl: u32| -> String {
            let def = xml
                .split("<w:abstractNum ")
                .nth(abstract_id + 1)
                .unwrap_or("");
            let at = def
                .find(&format!("<w:lvl w:ilvl=\"{ilvl}\">"))
                .unwrap_or(def.len());
            let rest = &def[at..];
            rest[..rest.find("</w:lvl>").unwrap_or(rest.len())].to_owned()
        };
        assert!(level(0, 0).contains(
            "<w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/>"
        ));
        assert!(level(1, 1).contains("<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"–\"/>"));
        assert!(level(2, 0).contains(
            "<w:start w:val=\"9\"/><w:numFmt w:val=\"lowerRoman\"/><w:lvlText w:val=\"%1.\"/>"
        ));
        assert!(level(3, 8).contains(
            "<w:start w:val=\"3\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%9.\"/>"
        ));
        assert!(xml.contains(
            "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/>\
             <w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"9\"/>"
        ));
        assert!(xml.contains(
            "<w:num w:numId=\"4\"><w:abstractNumId w:val=\"3\"/>\
             <w:lvlOverride w:ilvl=\"8\"><w:startOverride w:val=\"3\"/>"
        ));
    }
}
