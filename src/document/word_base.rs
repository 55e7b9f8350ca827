//! A municipality's Word template as the DOCX builds on it: the parts of the package,
//! already checked (size, macros, broken XML) and with every external reference left
//! out, so a renderer can take them as they are.
//!
//! The type lives here rather than in `word_template` so that the house style can carry
//! it to the DOCX renderer without the renderer depending on the template reader.

use std::collections::BTreeMap;

/// The checked parts of a template package by their names inside the zip, without a
/// leading slash ("word/styles.xml"). A `BTreeMap`, so that every walk over the parts is
/// in the same order and the output stays byte-identical.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct WordBase {
    /// The template as the user named it, for messages ("sjablonen/huizen.dotx").
    pub name: String,
    /// The main document part ("word/document.xml"), as the package relationship names it.
    pub main: String,
    /// Each XML part as UTF-8 without a byte order mark, whatever the template's zip
    /// held: readers take parts apart by byte positions, and no reader counts a BOM.
    pub parts: BTreeMap<String, Vec<u8>>,
    /// What the check left out of the package (a linked picture, `attachedTemplate`),
    /// in Dutch, to be repeated as a warning with every document built on it.
    pub left_out: Vec<String>,
    /// The parts as the package stores them, compressed, for those the checks left
    /// as they were: a DOCX built on the template copies such a part as it is instead
    /// of compressing it again (a template's styles parts alone are ~800 KB of XML).
    pub stored: BTreeMap<String, StoredPart>,
    /// The styles part taken apart at its root by the check that opened the template,
    /// in the same pass: the DOCX merges its styles by these ranges instead of reading
    /// the part again for every letter (a template's styles are some 350 KB of XML).
    pub styles_outline: Option<PartOutline>,
}

/// A part split at its root: where the root's start tag ends, where its end tag
/// begins, and its element children, each by its byte range in the part.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PartOutline {
    /// The part these ranges are into ("word/styles.xml") and its length, so that an
    /// outline is only ever used on the bytes it was made from.
    pub part: String,
    pub len: usize,
    pub head_end: usize,
    pub tail_start: usize,
    pub children: Vec<OutlineChild>,
}

/// One element child of a part's root: its range, qualified name, the attributes the
/// DOCX's merge reads of it (a style's `w:type`, `w:styleId` and `w:default`), and the
/// `w:val` of its first own `w:name` child (a style's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineChild {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub attrs: BTreeMap<String, String>,
    pub name_val: Option<String>,
}

/// A part's entry in the template's zip: its data as stored there, deflated or not,
/// and the CRC-32 of what it unpacks to.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredPart {
    pub deflated: bool,
    pub crc32: u32,
    pub data: Vec<u8>,
}

impl WordBase {
    pub fn part(&self, name: &str) -> Option<&[u8]> {
        self.parts.get(name).map(Vec::as_slice)
    }

    /// The outline of part `name`, if the check made one of these very bytes.
    pub fn outline(&self, name: &str) -> Option<&PartOutline> {
        let outline = self.styles_outline.as_ref()?;
        let bytes = self.part(name)?;
        (outline.part == name && outline.len == bytes.len()).then_some(outline)
    }

    /// The stored entry of part `name`, if `bytes` are still its contents.
    pub fn stored_as(&self, name: &str, bytes: &[u8]) -> Option<&StoredPart> {
        let stored = self.stored.get(name)?;
        (self.part(name)? == bytes).then_some(stored)
    }
}

/// Part names and sizes only: a house style in a test's failure message should not
/// print a megabyte of XML.
impl std::fmt::Debug for WordBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<(&str, usize)> = self
            .parts
            .iter()
            .map(|(name, bytes)| (name.as_str(), bytes.len()))
            .collect();
        f.debug_struct("WordBase")
            .field("name", &self.name)
            .field("parts", &parts)
            .field("left_out", &self.left_out)
            .field("stored", &self.stored.keys().collect::<Vec<_>>())
            .field(
                "styles_outline",
                &self.styles_outline.as_ref().map(|o| o.children.len()),
            )
            .finish()
    }
}
