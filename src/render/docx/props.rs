//! Paragraph and run properties, and text runs, written in schema order.
//!
//! Formatting lives in the styles (see [`super::styles`]); what is here is only what a
//! single paragraph or run needs on top of its style, so that a civil servant who edits
//! the document in Word finds styled text rather than direct formatting.

use super::xml::Xml;

/// The direct properties of one paragraph (`w:pPr`).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Para<'a> {
    pub style: &'a str,
    /// Keep on one page with the next paragraph (the closing block's sender line).
    pub keep_next: bool,
    pub page_break_before: bool,
    /// `(numId, ilvl)` of a list paragraph.
    pub numbering: Option<(u32, u32)>,
    /// Space before in twips, on top of the style's (room for a signature).
    pub space_before: Option<u32>,
    /// Left indent in twips, for text that continues a list item.
    pub indent_left: Option<u32>,
    pub align: Option<&'a str>,
    /// `w:outlineLvl`, 0-based (9: body text): a heading's level in the structure.
    pub outline: Option<u8>,
}

impl Para<'_> {
    pub(super) fn styled(style: &str) -> Para<'_> {
        Para {
            style,
            ..Para::default()
        }
    }

    /// Writes `w:pPr`, if there is anything to say; the order of the children is the
    /// schema's (CT_PPrBase).
    pub(super) fn write(&self, x: &mut Xml) {
        let empty = self.style.is_empty()
            && !self.keep_next
            && self.space_before.is_none()
            && !self.page_break_before
            && self.numbering.is_none()
            && self.indent_left.is_none()
            && self.align.is_none()
            && self.outline.is_none();
        if empty {
            return;
        }
        x.start("w:pPr", &[]);
        if !self.style.is_empty() {
            x.val("w:pStyle", self.style);
        }
        if self.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if self.page_break_before {
            x.empty("w:pageBreakBefore", &[]);
        }
        if let Some((num_id, ilvl)) = self.numbering {
            x.start("w:numPr", &[]);
            x.val("w:ilvl", &ilvl.to_string());
            x.val("w:numId", &num_id.to_string());
            x.end("w:numPr");
        }
        if let Some(before) = self.space_before {
            x.empty("w:spacing", &[("w:before", &before.to_string())]);
        }
        if let Some(left) = self.indent_left {
            x.empty("w:ind", &[("w:left", &left.to_string())]);
        }
        if let Some(align) = self.align {
            x.val("w:jc", align);
        }
        if let Some(level) = self.outline {
            x.val("w:outlineLvl", &level.to_string());
        }
        x.end("w:pPr");
    }
}

/// The direct properties of one run (`w:rPr`).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Run<'a> {
    /// A character style, e.g. "Hyperlink".
    pub style: Option<&'a str>,
    pub bold: bool,
    pub italic: bool,
    /// `RRGGBB`.
    pub color: Option<&'a str>,
    /// Spell checking off, for generated marks such as "CONCEPT".
    pub no_proof: bool,
    /// Word's yellow highlight, for an open field.
    pub highlight: bool,
}

impl Run<'_> {
    /// Writes `w:rPr` (CT_RPr order), or nothing when there is nothing to say.
    pub(super) fn write(&self, x: &mut Xml) {
        let empty = self.style.is_none()
            && !self.bold
            && !self.italic
            && self.color.is_none()
            && !self.no_proof
            && !self.highlight;
        if empty {
            return;
        }
        x.start("w:rPr", &[]);
        if let Some(style) = self.style {
            x.val("w:rStyle", style);
        }
        if self.bold {
            x.empty("w:b", &[]);
            x.empty("w:bCs", &[]);
        }
        if self.italic {
            x.empty("w:i", &[]);
            x.empty("w:iCs", &[]);
        }
        if self.no_proof {
            x.empty("w:noProof", &[]);
        }
        if let Some(color) = self.color {
            x.val("w:color", color);
        }
        if self.highlight {
            x.val("w:highlight", "yellow");
        }
        x.end("w:rPr");
    }
}

/// Writes `text` as runs with properties `run`.
///
/// Word ignores tabs and line feeds inside `w:t`, so a tab becomes `w:tab` and a line
/// break (`\n`, `\r\n` or a lone `\r`) becomes `w:br`: the text reads as it was typed.
pub(super) fn text_run(x: &mut Xml, run: Run, text: &str) {
    if text.is_empty() {
        return;
    }
    x.start("w:r", &[]);
    run.write(x);
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest.find(['\t', '\n', '\r']).unwrap_or(rest.len());
        let (piece, tail) = rest.split_at(cut);
        if !piece.is_empty() {
            x.element("w:t", &[("xml:space", "preserve")], piece);
        }
        let mut chars = tail.chars();
        match chars.next() {
            Some('\t') => x.empty("w:tab", &[]),
            Some('\r') if chars.as_str().starts_with('\n') => {
                x.empty("w:br", &[]);
                chars.next();
            }
            Some(_) => x.empty("w:br", &[]),
            None => {}
        }
        rest = chars.as_str();
    }
    x.end("w:r");
}

/// A run holding only a line break.
pub(super) fn line_break(x: &mut Xml) {
    x.start("w:r", &[]);
    x.empty("w:br", &[]);
    x.end("w:r");
}

/// A complex field (`w:fldChar` begin … separate … end) with a cached result, so that it
/// shows something before Word updates it.
pub(super) fn field(x: &mut Xml, run: Run, instruction: &str, cached: &str) {
    field_begin(x, run, instruction);
    text_run(x, run, cached);
    field_end(x, run);
}

/// The first half of a field, up to its separator; [`field_end`] closes it.
pub(super) fn field_begin(x: &mut Xml, run: Run, instruction: &str) {
    fld_char(x, run, "begin");
    x.start("w:r", &[]);
    run.write(x);
    x.element("w:instrText", &[("xml:space", "preserve")], instruction);
    x.end("w:r");
    fld_char(x, run, "separate");
}

pub(super) fn field_end(x: &mut Xml, run: Run) {
    fld_char(x, run, "end");
}

fn fld_char(x: &mut Xml, run: Run, kind: &str) {
    x.start("w:r", &[]);
    run.write(x);
    x.empty("w:fldChar", &[("w:fldCharType", kind)]);
    x.end("w:r");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(text: &str) -> String {
        let mut x = Xml::fragment();
        text_run(&mut x, Run::default(), text);
        String::from_utf8(x.into_bytes()).unwrap_or_default()
    }

    #[test]
    fn tabs_and_line_breaks_become_elements() {
        assert_eq!(
            runs("a\tb\r\nc\rd\n"),
            "<w:r><w:t xml:space=\"preserve\">a</w:t><w:tab/>\
             <w:t xml:space=\"preserve\">b</w:t><w:br/>\
             <w:t xml:space=\"preserve\">c</w:t><w:br/>\
             <w:t xml:space=\"preserve\">d</w:t><w:br/></w:r>"
        );
        assert_eq!(runs(""), "");
    }
}
