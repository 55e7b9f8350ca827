//! Reading a DOCX back: its parts and the paragraphs of its body.
//!
//! Tests compare what a reader of the file would see with what the document model says
//! (and with the seed letters), so this reads the package as Word would, not through the
//! writer's own structures: any DOCX can be read, including one saved by Word.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Decoder, Reader, XmlVersion};

use crate::error::{Error, Result};

mod labels;
mod outline;

pub use labels::Level as ListLevel;

/// A paragraph as a reader sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paragraph {
    /// The paragraph style id (`w:pStyle`), e.g. `Heading1`.
    pub style: Option<String>,
    /// `w:numId` and `w:ilvl` of a list paragraph.
    pub num_id: Option<u32>,
    pub level: Option<u32>,
    /// The list label Word shows ("1.", "b.", "•"), counted from `numbering.xml`.
    pub label: Option<String>,
    /// The definition of the paragraph's list level in `numbering.xml`: number format,
    /// level text and start.
    pub list: Option<ListLevel>,
    /// The outline level (0-based, as `w:outlineLvl`) that makes the paragraph a
    /// heading: its own, else its style's (through `w:basedOn`); `None` for body text.
    pub outline: Option<u8>,
    /// The visible text: tabs as `\t`, line breaks as `\n`; field codes are not text,
    /// field results are.
    pub text: String,
}

/// One part of the package (e.g. `word/document.xml`) as text.
pub fn part(docx: &[u8], name: &str) -> Result<String> {
    optional_part(docx, name)?.ok_or_else(|| {
        Error::failed(
            format!("the DOCX file has no part {name}"),
            "the file is damaged or not a DOCX file",
        )
    })
}

/// A part that a package may lack, such as `word/numbering.xml`.
pub fn optional_part(docx: &[u8], name: &str) -> Result<Option<String>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| unreadable(&e))?;
    let mut file = match archive.by_name(name) {
        Ok(file) => file,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(unreadable(&e)),
    };
    let mut text = String::new();
    file.read_to_string(&mut text).map_err(|e| unreadable(&e))?;
    Ok(Some(text))
}

/// The names of all parts, in archive order.
pub fn part_names(docx: &[u8]) -> Result<Vec<String>> {
    let archive = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| unreadable(&e))?;
    Ok(archive.file_names().map(str::to_owned).collect())
}

/// The paragraphs of the body in reading order, with their list labels; table cells
/// give one paragraph each.
pub fn paragraphs(docx: &[u8]) -> Result<Vec<Paragraph>> {
    let mut paragraphs = paragraphs_of(&part(docx, "word/document.xml")?)?;
    if let Some(numbering) = optional_part(docx, "word/numbering.xml")? {
        let mut labels = labels::Labels::parse(&numbering)?;
        for p in &mut paragraphs {
            if let Some(num_id) = p.num_id {
                let level = p.level.unwrap_or(0);
                p.list = labels.level(num_id, level).cloned();
                p.label = labels.next(num_id, level);
            }
        }
    }
    let styles = match optional_part(docx, "word/styles.xml")? {
        Some(xml) => outline::StyleOutlines::parse(&xml)?,
        None => outline::StyleOutlines::default(),
    };
    for p in &mut paragraphs {
        p.outline = p
            .outline
            .or_else(|| p.style.as_deref().and_then(|s| styles.of(s)))
            .filter(|level| *level < outline::BODY_TEXT);
    }
    Ok(paragraphs)
}

/// The text of each paragraph of the body.
pub fn paragraph_texts(docx: &[u8]) -> Result<Vec<String>> {
    Ok(paragraphs(docx)?.into_iter().map(|p| p.text).collect())
}

/// The body's text as [`Document::text`](crate::document::Document::text) gives it for
/// the rendered document: one line per paragraph, list paragraphs after their label and
/// a space, line breaks as spaces. Left out are
/// what the model has no text for: the table of contents' entries (they repeat the
/// headings) and empty paragraphs (empty list items, the paragraph Word needs after a
/// table or for a page break).
pub fn docx_text(docx: &[u8]) -> Result<String> {
    let mut out = String::new();
    for p in paragraphs(docx)? {
        let toc = p.style.as_deref().is_some_and(|s| s.starts_with("TOC"));
        if toc || (p.text.is_empty() && p.label.is_none()) {
            continue;
        }
        if let Some(label) = &p.label {
            out.push_str(label);
            out.push(' ');
        }
        out.push_str(&p.text.replace('\n', " "));
        out.push('\n');
    }
    Ok(out)
}

/// The paragraphs of any WordprocessingML part (document, header, footer).
pub fn paragraphs_of(xml: &str) -> Result<Vec<Paragraph>> {
    let mut reader = Reader::from_str(xml);
    let mut done = Vec::new();
    let mut open: Vec<Paragraph> = Vec::new();
    let mut run_depth = 0usize;
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| unreadable(&e))?;
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"w:p" => open.push(Paragraph::default()),
                b"w:r" => run_depth += 1,
                b"w:t" => in_text = true,
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"w:p" => done.extend(open.pop()),
                b"w:r" => run_depth = run_depth.saturating_sub(1),
                b"w:t" => in_text = false,
                _ => {}
            },
            Event::Empty(e) if e.name().as_ref() == b"w:p" => done.push(Paragraph::default()),
            Event::Empty(e) => {
                if let Some(p) = open.last_mut() {
                    empty_element(p, &e, run_depth > 0, reader.decoder())?;
                }
            }
            Event::Text(t) if in_text => {
                if let Some(p) = open.last_mut() {
                    p.text
                        .push_str(&t.xml10_content().map_err(|e| unreadable(&e))?);
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = open.last_mut() {
                    push_reference(&mut p.text, &r)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(done)
}

fn empty_element(p: &mut Paragraph, e: &BytesStart, in_run: bool, decoder: Decoder) -> Result<()> {
    match e.name().as_ref() {
        b"w:tab" if in_run => p.text.push('\t'),
        b"w:br" | b"w:cr" if in_run => p.text.push('\n'),
        b"w:pStyle" => p.style = value(e, decoder)?,
        b"w:numId" => p.num_id = value(e, decoder)?.and_then(|v| v.parse().ok()),
        b"w:ilvl" => p.level = value(e, decoder)?.and_then(|v| v.parse().ok()),
        b"w:outlineLvl" => p.outline = value(e, decoder)?.and_then(|v| v.parse().ok()),
        _ => {}
    }
    Ok(())
}

/// The `w:val` attribute, unescaped.
fn value(e: &BytesStart, decoder: Decoder) -> Result<Option<String>> {
    attribute(e, "w:val", decoder)
}

fn attribute(e: &BytesStart, name: &str, decoder: Decoder) -> Result<Option<String>> {
    let attr = e.try_get_attribute(name).map_err(|e| unreadable(&e))?;
    attr.map(|a| {
        a.decoded_and_normalized_value(XmlVersion::Implicit1_0, decoder)
            .map(|v| v.into_owned())
            .map_err(|e| unreadable(&e))
    })
    .transpose()
}

/// `&amp;`, `&#233;` and friends inside text.
fn push_reference(text: &mut String, r: &quick_xml::events::BytesRef) -> Result<()> {
    if let Some(c) = r.resolve_char_ref().map_err(|e| unreadable(&e))? {
        text.push(c);
        return Ok(());
    }
    let name = r.decode().map_err(|e| unreadable(&e))?;
    match quick_xml::escape::resolve_predefined_entity(&name) {
        Some(resolved) => {
            text.push_str(resolved);
            Ok(())
        }
        None => Err(Error::failed(
            format!("the DOCX file uses an unknown entity &{name};"),
            "the file is damaged or not a DOCX file",
        )),
    }
}

fn unreadable(err: &dyn std::fmt::Display) -> Error {
    Error::failed(
        format!("cannot read the DOCX file: {err}"),
        "the file is damaged or not a DOCX file",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_styles_numbering_and_text() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
            <w:p><w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr>
            <w:tabs><w:tab w:val="right" w:pos="9000"/></w:tabs></w:pPr>
            <w:r><w:t>a &amp; b&#233;</w:t><w:tab/><w:t>c</w:t><w:br/></w:r>
            <w:r><w:instrText> PAGE </w:instrText></w:r></w:p>
            <w:p/></w:body></w:document>"#;
        let ps = paragraphs_of(xml).unwrap_or_default();
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1], Paragraph::default());
        assert_eq!(ps[0].style.as_deref(), Some("ListNumber"));
        assert_eq!((ps[0].num_id, ps[0].level), (Some(3), Some(1)));
        assert_eq!(ps[0].text, "a & bé\tc\n");
    }

    #[test]
    fn malformed_xml_is_an_error() {
        assert!(paragraphs_of("<w:p><w:r></w:p>").is_err());
        assert!(part(b"not a zip", "word/document.xml").is_err());
    }
}
