//! `word/styles.xml`: the house style as named Word styles.
//!
//! The content only names styles; fonts, sizes, colours and spacing live here. A civil
//! servant who edits the draft in Word then finds "Kop 1", "Lijstnummering" and so on in
//! the style gallery (Word shows its built-in styles under their Dutch names when the
//! English built-in name is used), the navigation pane and the table of contents work
//! through the outline levels, and changing the house style is changing one style.
//!
//! Sizes are in half-points (`w:sz`), spacing and indents in twips.

use crate::document::{PageStyle, Rgb};

use super::page::TEXT_WIDTH;
use super::xml::Xml;

/// Body text size: 10 pt.
const BODY_SIZE: u32 = 20;
/// 1.15 line spacing (in 240ths of a line).
const LINE: &str = "276";

/// Style ids used by the content; the names Word shows are in [`xml`].
pub(super) mod id {
    pub const TITLE: &str = "Title";
    pub const SUBTITLE: &str = "Subtitle";
    pub const HEADINGS: [&str; 3] = ["Heading1", "Heading2", "Heading3"];
    pub const BODY: &str = "BodyText";
    pub const LIST_NUMBER: &str = "ListNumber";
    pub const LIST_BULLET: &str = "ListBullet";
    pub const LIST_CONTINUE: &str = "ListContinue";
    pub const TABLE: &str = "TableGrid";
    pub const TABLE_TEXT: &str = "TableText";
    pub const FIELDS_TABLE: &str = "FieldsTable";
    pub const FIELD_TEXT: &str = "FieldText";
    pub const FIELD_LABEL: &str = "FieldLabel";
    pub const FIELD_VALUE: &str = "FieldValue";
    pub const TOC: [&str; 3] = ["TOC1", "TOC2", "TOC3"];
    pub const HEADER: &str = "Header";
    pub const FOOTER: &str = "Footer";
    pub const HYPERLINK: &str = "Hyperlink";
}

/// What a style contains besides its name; `None`/`false` leaves it to the base style.
#[derive(Default)]
struct Def<'a> {
    kind: &'a str,
    id: &'a str,
    name: &'a str,
    is_default: bool,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    ui_priority: Option<u32>,
    hidden_until_used: bool,
    /// Shown in Word's style gallery (`w:qFormat`).
    gallery: bool,
    ppr: Option<Ppr<'a>>,
    rpr: Option<Rpr<'a>>,
}

#[derive(Default, Clone, Copy)]
struct Ppr<'a> {
    keep_next: bool,
    keep_lines: bool,
    /// Tab stops as (kind, leader, position).
    tabs: &'a [(&'a str, &'a str, u32)],
    before: Option<u32>,
    after: Option<u32>,
    line: Option<&'a str>,
    indent_left: Option<u32>,
    contextual: bool,
    align: Option<&'a str>,
    outline: Option<u32>,
}

#[derive(Default, Clone, Copy)]
struct Rpr<'a> {
    bold: bool,
    italic: bool,
    color: Option<&'a str>,
    size: Option<u32>,
    underline: bool,
}

/// The styles part for a document in `page`'s house style and `language`.
pub(super) fn xml(page: &PageStyle, language: &str) -> Vec<u8> {
    let font = font_name(&page.font);
    let accent = page.accent.hex();
    let accent = accent.as_str();
    let mut x = Xml::part();
    x.start("w:styles", &[("xmlns:w", super::NS_W)]);
    doc_defaults(&mut x, font, language);
    for def in paragraph_styles(accent, page.justify) {
        write_style(&mut x, &def);
    }
    for def in character_styles() {
        write_style(&mut x, &def);
    }
    table_normal(&mut x);
    table_grid(&mut x, page.accent);
    fields_table(&mut x);
    no_list(&mut x);
    x.end("w:styles");
    x.into_bytes()
}

/// The font family to name; an empty name falls back to Arial, the design's default.
pub(super) fn font_name(font: &str) -> &str {
    let font = font.trim();
    if font.is_empty() {
        "Arial"
    } else {
        font
    }
}

fn doc_defaults(x: &mut Xml, font: &str, language: &str) {
    x.start("w:docDefaults", &[]);
    x.start("w:rPrDefault", &[]);
    x.start("w:rPr", &[]);
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", font),
            ("w:eastAsia", font),
            ("w:hAnsi", font),
            ("w:cs", font),
        ],
    );
    x.val("w:sz", &BODY_SIZE.to_string());
    x.val("w:szCs", &BODY_SIZE.to_string());
    x.empty(
        "w:lang",
        &[
            ("w:val", language),
            ("w:eastAsia", language),
            ("w:bidi", language),
        ],
    );
    x.end("w:rPr");
    x.end("w:rPrDefault");
    x.start("w:pPrDefault", &[]);
    x.start("w:pPr", &[]);
    x.empty(
        "w:spacing",
        &[("w:after", "120"), ("w:line", LINE), ("w:lineRule", "auto")],
    );
    x.end("w:pPr");
    x.end("w:pPrDefault");
    x.end("w:docDefaults");
}

fn paragraph_styles(accent: &str, justify: bool) -> Vec<Def<'_>> {
    let heading = |level: u32| {
        let (size, before, after) = match level {
            0 => (26, 360, 120),
            1 => (22, 280, 80),
            _ => (20, 220, 60),
        };
        Def {
            id: id::HEADINGS[level as usize],
            name: ["heading 1", "heading 2", "heading 3"][level as usize],
            next: Some(id::BODY),
            ui_priority: Some(9),
            hidden_until_used: level > 0,
            gallery: true,
            ppr: Some(Ppr {
                keep_next: true,
                keep_lines: true,
                before: Some(before),
                after: Some(after),
                outline: Some(level),
                ..Ppr::default()
            }),
            rpr: Some(Rpr {
                bold: true,
                italic: level == 2,
                color: Some(accent),
                size: Some(size),
                ..Rpr::default()
            }),
            ..para_def()
        }
    };
    let toc = |level: u32| Def {
        id: id::TOC[level as usize],
        name: ["toc 1", "toc 2", "toc 3"][level as usize],
        next: Some("Normal"),
        ui_priority: Some(39),
        hidden_until_used: true,
        ppr: Some(Ppr {
            tabs: &[("right", "dot", TEXT_WIDTH)],
            after: Some(60),
            indent_left: Some(220 * level),
            ..Ppr::default()
        }),
        rpr: Some(Rpr {
            bold: level == 0,
            ..Rpr::default()
        }),
        ..para_def()
    };
    let tight = |id, name, after| Def {
        id,
        name,
        ppr: Some(Ppr {
            before: Some(0),
            after: Some(after),
            ..Ppr::default()
        }),
        ..para_def()
    };
    let furniture = |id, name, size| Def {
        id,
        name,
        ui_priority: Some(99),
        hidden_until_used: true,
        ppr: Some(Ppr {
            tabs: &[("right", "none", TEXT_WIDTH)],
            after: Some(0),
            line: Some("240"),
            ..Ppr::default()
        }),
        rpr: Some(Rpr {
            size: Some(size),
            ..Rpr::default()
        }),
        ..para_def()
    };
    let list = |id, name| Def {
        id,
        name,
        ui_priority: Some(99),
        hidden_until_used: true,
        gallery: true,
        ppr: Some(Ppr {
            after: Some(60),
            ..Ppr::default()
        }),
        ..para_def()
    };
    vec![
        Def {
            id: "Normal",
            name: "Normal",
            is_default: true,
            based_on: None,
            gallery: true,
            ..para_def()
        },
        Def {
            id: id::TITLE,
            name: "Title",
            next: Some(id::BODY),
            ui_priority: Some(10),
            gallery: true,
            ppr: Some(Ppr {
                keep_next: true,
                after: Some(80),
                line: Some("240"),
                contextual: true,
                ..Ppr::default()
            }),
            rpr: Some(Rpr {
                bold: true,
                color: Some(accent),
                size: Some(36),
                ..Rpr::default()
            }),
            ..para_def()
        },
        Def {
            id: id::SUBTITLE,
            name: "Subtitle",
            next: Some(id::BODY),
            ui_priority: Some(11),
            gallery: true,
            ppr: Some(Ppr {
                keep_next: true,
                after: Some(240),
                ..Ppr::default()
            }),
            rpr: Some(Rpr {
                color: Some(accent),
                size: Some(24),
                ..Rpr::default()
            }),
            ..para_def()
        },
        heading(0),
        heading(1),
        heading(2),
        Def {
            id: id::BODY,
            name: "Body Text",
            ui_priority: Some(99),
            gallery: true,
            ppr: Some(Ppr {
                align: justify.then_some("both"),
                ..Ppr::default()
            }),
            ..para_def()
        },
        list(id::LIST_NUMBER, "List Number"),
        list(id::LIST_BULLET, "List Bullet"),
        list(id::LIST_CONTINUE, "List Continue"),
        // Table columns are measured in the layout's table type (layout::table): the
        // text must be set in that size for the words to fit as measured.
        Def {
            rpr: Some(Rpr {
                size: Some(half_points(crate::layout::style::TABLE_SIZE)),
                ..Rpr::default()
            }),
            ..tight(id::TABLE_TEXT, "Tabeltekst", 0)
        },
        tight(id::FIELD_TEXT, "Veldtekst", 120),
        Def {
            id: id::FIELD_LABEL,
            name: "Veldlabel",
            gallery: true,
            next: Some(id::FIELD_VALUE),
            ppr: Some(Ppr {
                keep_next: true,
                before: Some(0),
                after: Some(0),
                ..Ppr::default()
            }),
            rpr: Some(Rpr {
                bold: true,
                ..Rpr::default()
            }),
            ..para_def()
        },
        Def {
            next: Some(id::FIELD_LABEL),
            ..tight(id::FIELD_VALUE, "Veldwaarde", 200)
        },
        toc(0),
        toc(1),
        toc(2),
        furniture(id::HEADER, "header", 18),
        furniture(id::FOOTER, "footer", 16),
    ]
}

fn para_def<'a>() -> Def<'a> {
    Def {
        kind: "paragraph",
        based_on: Some("Normal"),
        ..Def::default()
    }
}

fn character_styles<'a>() -> Vec<Def<'a>> {
    vec![
        Def {
            kind: "character",
            id: "DefaultParagraphFont",
            name: "Default Paragraph Font",
            is_default: true,
            ui_priority: Some(1),
            hidden_until_used: true,
            ..Def::default()
        },
        Def {
            kind: "character",
            id: id::HYPERLINK,
            name: "Hyperlink",
            based_on: Some("DefaultParagraphFont"),
            ui_priority: Some(99),
            hidden_until_used: true,
            rpr: Some(Rpr {
                color: Some("0563C1"),
                underline: true,
                ..Rpr::default()
            }),
            ..Def::default()
        },
    ]
}

/// Writes one `w:style` (CT_Style order: name, basedOn, next, uiPriority, semiHidden,
/// unhideWhenUsed, qFormat, pPr, rPr).
fn write_style(x: &mut Xml, def: &Def) {
    let mut attrs = vec![("w:type", def.kind)];
    if def.is_default {
        attrs.push(("w:default", "1"));
    }
    attrs.push(("w:styleId", def.id));
    x.start("w:style", &attrs);
    x.val("w:name", def.name);
    if let Some(base) = def.based_on {
        x.val("w:basedOn", base);
    }
    if let Some(next) = def.next {
        x.val("w:next", next);
    }
    if let Some(priority) = def.ui_priority {
        x.val("w:uiPriority", &priority.to_string());
    }
    if def.hidden_until_used {
        x.empty("w:semiHidden", &[]);
        x.empty("w:unhideWhenUsed", &[]);
    }
    if def.gallery {
        x.empty("w:qFormat", &[]);
    }
    if let Some(ppr) = def.ppr {
        write_ppr(x, &ppr);
    }
    if let Some(rpr) = def.rpr {
        write_rpr(x, &rpr);
    }
    x.end("w:style");
}

/// CT_PPrBase order: keepNext, keepLines, tabs, spacing, ind, contextualSpacing, jc,
/// outlineLvl.
fn write_ppr(x: &mut Xml, p: &Ppr) {
    x.start("w:pPr", &[]);
    if p.keep_next {
        x.empty("w:keepNext", &[]);
    }
    if p.keep_lines {
        x.empty("w:keepLines", &[]);
    }
    if !p.tabs.is_empty() {
        x.start("w:tabs", &[]);
        for (kind, leader, pos) in p.tabs {
            x.empty(
                "w:tab",
                &[
                    ("w:val", kind),
                    ("w:leader", leader),
                    ("w:pos", &pos.to_string()),
                ],
            );
        }
        x.end("w:tabs");
    }
    let before = p.before.map(|v| v.to_string());
    let after = p.after.map(|v| v.to_string());
    let mut spacing = Vec::new();
    if let Some(before) = &before {
        spacing.push(("w:before", before.as_str()));
    }
    if let Some(after) = &after {
        spacing.push(("w:after", after.as_str()));
    }
    if let Some(line) = p.line {
        spacing.push(("w:line", line));
        spacing.push(("w:lineRule", "auto"));
    }
    if !spacing.is_empty() {
        x.empty("w:spacing", &spacing);
    }
    if let Some(left) = p.indent_left {
        x.empty("w:ind", &[("w:left", &left.to_string())]);
    }
    if p.contextual {
        x.empty("w:contextualSpacing", &[]);
    }
    if let Some(align) = p.align {
        x.val("w:jc", align);
    }
    if let Some(level) = p.outline {
        x.val("w:outlineLvl", &level.to_string());
    }
    x.end("w:pPr");
}

/// CT_RPr order: b, bCs, i, iCs, color, sz, szCs, u.
fn write_rpr(x: &mut Xml, r: &Rpr) {
    x.start("w:rPr", &[]);
    if r.bold {
        x.empty("w:b", &[]);
        x.empty("w:bCs", &[]);
    }
    if r.italic {
        x.empty("w:i", &[]);
        x.empty("w:iCs", &[]);
    }
    if let Some(color) = r.color {
        x.val("w:color", color);
    }
    if let Some(size) = r.size {
        x.val("w:sz", &size.to_string());
        x.val("w:szCs", &size.to_string());
    }
    if r.underline {
        x.val("w:u", "single");
    }
    x.end("w:rPr");
}

/// Word's default table style; without it Word and LibreOffice disagree on cell margins.
fn table_normal(x: &mut Xml) {
    x.start(
        "w:style",
        &[
            ("w:type", "table"),
            ("w:default", "1"),
            ("w:styleId", "TableNormal"),
        ],
    );
    x.val("w:name", "Normal Table");
    x.val("w:uiPriority", "99");
    x.empty("w:semiHidden", &[]);
    x.empty("w:unhideWhenUsed", &[]);
    x.start("w:tblPr", &[]);
    x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
    cell_margins(x, 0, 108);
    x.end("w:tblPr");
    x.end("w:style");
}

/// The data table: thin grey grid, header row in the accent colour, repeated on every
/// page.
fn table_grid(x: &mut Xml, accent: Rgb) {
    x.start("w:style", &[("w:type", "table"), ("w:styleId", id::TABLE)]);
    x.val("w:name", "Table Grid");
    x.val("w:basedOn", "TableNormal");
    x.val("w:uiPriority", "39");
    x.start("w:pPr", &[]);
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            ("w:line", "240"),
            ("w:lineRule", "auto"),
        ],
    );
    x.end("w:pPr");
    x.start("w:tblPr", &[]);
    x.start("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        border(x, side, "single", "A6A6A6");
    }
    x.end("w:tblBorders");
    // The layout's cell padding, which the column widths include.
    cell_margins(x, 57, twips(crate::layout::style::CELL_PAD_X));
    x.end("w:tblPr");
    x.start("w:tblStylePr", &[("w:type", "firstRow")]);
    x.start("w:rPr", &[]);
    x.empty("w:b", &[]);
    x.empty("w:bCs", &[]);
    x.val("w:color", on_colour(accent));
    x.end("w:rPr");
    x.start("w:trPr", &[]);
    x.empty("w:tblHeader", &[]);
    x.end("w:trPr");
    x.start("w:tcPr", &[]);
    x.empty(
        "w:shd",
        &[
            ("w:val", "clear"),
            ("w:color", "auto"),
            ("w:fill", &accent.hex()),
        ],
    );
    x.end("w:tcPr");
    x.end("w:tblStylePr");
    x.end("w:style");
}

/// The label/value block of a letter: no borders, text aligned with the body.
fn fields_table(x: &mut Xml) {
    x.start(
        "w:style",
        &[("w:type", "table"), ("w:styleId", id::FIELDS_TABLE)],
    );
    x.val("w:name", "Velden");
    x.val("w:basedOn", "TableNormal");
    x.val("w:uiPriority", "99");
    x.start("w:tblPr", &[]);
    x.start("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        border(x, side, "nil", "auto");
    }
    x.end("w:tblBorders");
    x.start("w:tblCellMar", &[]);
    x.empty("w:top", &[("w:w", "0"), ("w:type", "dxa")]);
    x.empty("w:left", &[("w:w", "0"), ("w:type", "dxa")]);
    x.empty("w:bottom", &[("w:w", "0"), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", "113"), ("w:type", "dxa")]);
    x.end("w:tblCellMar");
    x.end("w:tblPr");
    x.end("w:style");
}

fn no_list(x: &mut Xml) {
    x.start(
        "w:style",
        &[
            ("w:type", "numbering"),
            ("w:default", "1"),
            ("w:styleId", "NoList"),
        ],
    );
    x.val("w:name", "No List");
    x.val("w:uiPriority", "99");
    x.empty("w:semiHidden", &[]);
    x.empty("w:unhideWhenUsed", &[]);
    x.end("w:style");
}

fn border(x: &mut Xml, side: &str, kind: &str, color: &str) {
    x.empty(
        side,
        &[
            ("w:val", kind),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", color),
        ],
    );
}

fn half_points(points: f64) -> u32 {
    (points * 2.0).round() as u32
}

fn twips(points: f64) -> u32 {
    (points * 20.0).round() as u32
}

fn cell_margins(x: &mut Xml, vertical: u32, horizontal: u32) {
    let (v, h) = (vertical.to_string(), horizontal.to_string());
    x.start("w:tblCellMar", &[]);
    x.empty("w:top", &[("w:w", &v), ("w:type", "dxa")]);
    x.empty("w:left", &[("w:w", &h), ("w:type", "dxa")]);
    x.empty("w:bottom", &[("w:w", &v), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", &h), ("w:type", "dxa")]);
    x.end("w:tblCellMar");
}

/// Black or white, whichever reads better on `background` (a light house colour would
/// make white header text invisible).
fn on_colour(background: Rgb) -> &'static str {
    let Rgb(r, g, b) = background;
    let luma = 299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b);
    if luma > 150_000 {
        "000000"
    } else {
        "FFFFFF"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_contrasts_with_the_accent() {
        assert_eq!(on_colour(Rgb(0, 0x5A, 0x9C)), "FFFFFF");
        assert_eq!(on_colour(Rgb(0xFF, 0xD7, 0x00)), "000000");
    }
}
