//! The outline levels of paragraph styles in `word/styles.xml`: what makes a paragraph
//! styled "Heading 1" a heading when it says nothing itself.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Decoder, Reader};

use crate::error::Result;

use super::{attribute, unreadable, value};

/// `w:outlineLvl` of body text; 0–8 are heading levels.
pub(super) const BODY_TEXT: u8 = 9;

/// `basedOn` chains longer than this are broken (or cyclic) and end there.
const MAX_CHAIN: usize = 16;

#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    outline: Option<u8>,
}

#[derive(Debug, Default)]
pub(super) struct StyleOutlines {
    styles: HashMap<String, Style>,
}

impl StyleOutlines {
    pub(super) fn parse(xml: &str) -> Result<StyleOutlines> {
        let mut out = StyleOutlines::default();
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        loop {
            match reader.read_event().map_err(|e| unreadable(&e))? {
                Event::Start(e) if e.name().as_ref() == b"w:style" => {
                    current =
                        paragraph_style(&e, reader.decoder())?.map(|id| (id, Style::default()));
                }
                Event::Empty(e) => {
                    if let Some((_, style)) = current.as_mut() {
                        let decoder = reader.decoder();
                        match e.name().as_ref() {
                            b"w:basedOn" => style.based_on = value(&e, decoder)?,
                            b"w:outlineLvl" => {
                                style.outline = value(&e, decoder)?.and_then(|v| v.parse().ok())
                            }
                            _ => {}
                        }
                    }
                }
                Event::End(e) if e.name().as_ref() == b"w:style" => {
                    if let Some((id, style)) = current.take() {
                        out.styles.insert(id, style);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(out)
    }

    /// The outline level style `id` gives its paragraphs, its own or inherited.
    pub(super) fn of(&self, id: &str) -> Option<u8> {
        let mut at = self.styles.get(id)?;
        for _ in 0..MAX_CHAIN {
            if let Some(level) = at.outline {
                return Some(level);
            }
            at = self.styles.get(at.based_on.as_deref()?)?;
        }
        None
    }
}

/// The style id of a `w:style` of type paragraph.
fn paragraph_style(e: &BytesStart, decoder: Decoder) -> Result<Option<String>> {
    if attribute(e, "w:type", decoder)?.as_deref() != Some("paragraph") {
        return Ok(None);
    }
    attribute(e, "w:styleId", decoder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_levels_are_inherited_through_based_on() {
        let xml = r#"<w:styles xmlns:w="w">
            <w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Mine"><w:basedOn w:val="Heading1"/></w:style>
            <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
            <w:style w:type="character" w:styleId="Char"><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Normal"/>
          </w:styles>"#;
        let s = StyleOutlines::parse(xml).unwrap_or_default();
        assert_eq!(s.of("Heading1"), Some(0));
        assert_eq!(s.of("Mine"), Some(0));
        assert_eq!(s.of("Loop"), None);
        assert_eq!(s.of("Char"), None, "not a paragraph style");
        assert_eq!(s.of("Normal"), None);
        assert_eq!(s.of("Missing"), None);
    }
}
