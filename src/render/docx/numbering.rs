//! `word/numbering.xml`: one numbering definition per list.
//!
//! Word continues a numbered list across everything that shares a `w:num`, and
//! LibreOffice also across lists that share an `w:abstractNum`. The letters have several
//! numbered lists that must each start at 1 (the seven arrangements, then the
//! attachments), so every list gets its own abstract definition and its own `w:num`, with
//! a `w:startOverride` as well: both programs then restart it, whatever the user later
//! does to neighbouring lists.

use crate::document::ListKind;

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
    kind: ListKind,
    start: u32,
    level: u32,
}

impl Numbering {
    /// Registers a list shown at `level` and returns its `numId` (1-based; 0 means "no
    /// list" to Word).
    pub(super) fn add(&mut self, kind: ListKind, start: u32, level: u32) -> u32 {
        self.lists.push(ListDef {
            kind,
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
        let start = if level == list.level { list.start } else { 1 };
        let (format, text) = marker(list.kind, level);
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

/// Number format and level text: "1." / "a." / "i." and "•" / "–" / "▪", repeating
/// below level 2 so that deep nesting still reads as nesting.
fn marker(kind: ListKind, level: u32) -> (&'static str, String) {
    let cycle = level % 3;
    match kind {
        ListKind::Numbered => {
            let format = ["decimal", "lowerLetter", "lowerRoman"][cycle as usize];
            (format, format!("%{}.", level + 1))
        }
        ListKind::Bulleted => ("bullet", ["•", "–", "▪"][cycle as usize].to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_list_gets_its_own_definition_and_start() {
        let mut n = Numbering::default();
        assert_eq!(n.add(ListKind::Numbered, 1, 0), 1);
        assert_eq!(n.add(ListKind::Bulleted, 1, 1), 2);
        assert_eq!(n.add(ListKind::Numbered, 3, 12), 3);
        let xml = String::from_utf8(n.xml()).unwrap_or_default();
        assert_eq!(xml.matches("<w:abstractNum ").count(), 3);
        assert!(xml.contains(
            "<w:num w:numId=\"3\"><w:abstractNumId w:val=\"2\"/>\
             <w:lvlOverride w:ilvl=\"8\"><w:startOverride w:val=\"3\"/>"
        ));
        assert!(xml.contains("<w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"%2.\"/>"));
        assert!(xml.contains("<w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"–\"/>"));
    }
}
