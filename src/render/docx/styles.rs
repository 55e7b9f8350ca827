//! `word/styles.xml`: the house style as named Word styles.
//!
//! The content only names styles; fonts, sizes, colours and spacing live here. A civil
//! servant who edits the draft in Word then finds "Kop 1", "Lijstnummering" and so on in
//! the style gallery (Word shows its built-in styles under their Dutch names when the
//! English built-in name is used), the navigation pane and the table of contents work
//! through the outline levels, and changing the house style is changing one style.
//!
//! Sizes are in half-points (`w:sz`), spacing and indents in twips.

use crate::document::style::{Align, Furniture, HouseStyle, TextRole, HEADER_RULE_GAP};

use super::units::{eighths, half_points, twips};
use super::xml::Xml;

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
    pub const TABLE_HEADER_TEXT: &str = "TableHeaderText";
    pub const FIELDS_TABLE: &str = "FieldsTable";
    pub const FIELD_TEXT: &str = "FieldText";
    pub const FIELD_INLINE_LABEL: &str = "FieldInlineLabel";
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
    ppr: Option<Ppr>,
    rpr: Option<Rpr>,
}

#[derive(Default, Clone)]
struct Ppr {
    keep_next: bool,
    keep_lines: bool,
    /// A rule under the paragraph: (width in eighths of a point, gap in points, colour).
    rule_below: Option<(u32, u32, String)>,
    /// Tab stops as (kind, leader, position in twips).
    tabs: Vec<(&'static str, &'static str, u32)>,
    before: Option<u32>,
    after: Option<u32>,
    /// Line height in twips, as a minimum (`w:lineRule="atLeast"`): the baseline
    /// distance the PDF lays out with, growing only for larger inline text as it does.
    line: Option<u32>,
    indent_left: Option<u32>,
    contextual: bool,
    align: Option<&'static str>,
    outline: Option<u32>,
}

#[derive(Default, Clone)]
struct Rpr {
    /// The role's font family (`w:rFonts`), so a heading in its own family keeps it.
    font: Option<String>,
    bold: bool,
    italic: bool,
    color: Option<String>,
    size: Option<u32>,
    underline: bool,
}

/// Paragraph properties of a text role: its spacing, line height and alignment.
fn role_ppr(role: &TextRole) -> Ppr {
    Ppr {
        before: Some(twips(role.space_before)),
        after: Some(twips(role.space_after)),
        line: Some(twips(role.line_height)),
        align: Some(jc(role.align)),
        ..Ppr::default()
    }
}

/// Run properties of a text role: family, weight, slant, colour and size, all explicit.
fn role_rpr(role: &TextRole, style: &HouseStyle) -> Rpr {
    Rpr {
        font: Some(font_name(style.family(role.family)).to_owned()),
        bold: role.bold,
        italic: role.italic,
        color: Some(role.color.hex()),
        size: Some(half_points(role.size)),
        underline: false,
    }
}

/// `w:jc` for an alignment.
pub(super) fn jc(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "both",
    }
}

/// The styles part for a document in `style` and `language`.
pub(super) fn xml(style: &HouseStyle, language: &str) -> Vec<u8> {
    let font = font_name(style.body_font());
    let mut x = Xml::part();
    x.start("w:styles", &[("xmlns:w", super::NS_W)]);
    doc_defaults(&mut x, font, language, style);
    for def in paragraph_styles(style) {
        write_style(&mut x, &def);
    }
    for def in character_styles(style) {
        write_style(&mut x, &def);
    }
    table_normal(&mut x);
    table_grid(&mut x, style);
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

fn doc_defaults(x: &mut Xml, font: &str, language: &str, style: &HouseStyle) {
    let size = half_points(style.body.size).to_string();
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
    x.val("w:color", &style.colors.text.hex());
    x.val("w:sz", &size);
    x.val("w:szCs", &size);
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
    let (after, line) = (
        twips(style.body.space_after).to_string(),
        twips(style.body.line_height).to_string(),
    );
    x.empty(
        "w:spacing",
        &[
            ("w:after", &after),
            ("w:line", &line),
            ("w:lineRule", "atLeast"),
        ],
    );
    x.end("w:pPr");
    x.end("w:pPrDefault");
    x.end("w:docDefaults");
}

fn paragraph_styles(style: &HouseStyle) -> Vec<Def<'static>> {
    let text_width = twips(style.page.text_width());
    let heading = |level: usize| {
        let role = &style.headings[level];
        Def {
            id: id::HEADINGS[level],
            name: ["heading 1", "heading 2", "heading 3"][level],
            next: Some(id::BODY),
            ui_priority: Some(9),
            hidden_until_used: level > 0,
            gallery: true,
            ppr: Some(Ppr {
                keep_next: true,
                keep_lines: true,
                outline: Some(level as u32),
                ..role_ppr(role)
            }),
            rpr: Some(role_rpr(role, style)),
            ..para_def()
        }
    };
    let toc = |level: usize| {
        let role = &style.toc.entry;
        Def {
            id: id::TOC[level],
            name: ["toc 1", "toc 2", "toc 3"][level],
            next: Some("Normal"),
            ui_priority: Some(39),
            hidden_until_used: true,
            ppr: Some(Ppr {
                tabs: vec![("right", "dot", text_width)],
                indent_left: Some(twips(style.toc.indent * level as f64)),
                before: Some(twips(if level == 0 { style.toc.group_gap } else { 0.0 })),
                ..role_ppr(role)
            }),
            rpr: Some(Rpr {
                bold: level == 0,
                ..role_rpr(role, style)
            }),
            ..para_def()
        }
    };
    let plain = |id, name, role: &TextRole| Def {
        id,
        name,
        ppr: Some(role_ppr(role)),
        rpr: Some(role_rpr(role, style)),
        ..para_def()
    };
    let furniture = |id, name, band: &Furniture| Def {
        id,
        name,
        ui_priority: Some(99),
        hidden_until_used: true,
        ppr: Some(Ppr {
            tabs: vec![("right", "none", text_width)],
            rule_below: band.rule.then(|| {
                (
                    eighths(style.table.rule_width),
                    HEADER_RULE_GAP.round() as u32,
                    style.colors.rule.hex(),
                )
            }),
            ..role_ppr(&band.text)
        }),
        rpr: Some(role_rpr(&band.text, style)),
        ..para_def()
    };
    let list = |id, name| {
        let role = TextRole {
            space_after: style.lists.item_gap,
            ..style.body
        };
        Def {
            id,
            name,
            ui_priority: Some(99),
            hidden_until_used: true,
            gallery: true,
            ppr: Some(role_ppr(&role)),
            rpr: Some(role_rpr(&role, style)),
            ..para_def()
        }
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
                contextual: true,
                ..role_ppr(&style.title)
            }),
            rpr: Some(role_rpr(&style.title, style)),
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
                ..role_ppr(&style.subtitle)
            }),
            rpr: Some(role_rpr(&style.subtitle, style)),
            ..para_def()
        },
        heading(0),
        heading(1),
        heading(2),
        Def {
            ui_priority: Some(99),
            gallery: true,
            ..plain(id::BODY, "Body Text", &style.body)
        },
        list(id::LIST_NUMBER, "List Number"),
        list(id::LIST_BULLET, "List Bullet"),
        list(id::LIST_CONTINUE, "List Continue"),
        plain(id::TABLE_TEXT, "Tabeltekst", &style.table.text),
        plain(id::TABLE_HEADER_TEXT, "Tabelkop", &style.table.header),
        plain(id::FIELD_TEXT, "Veldtekst", &style.fields.value),
        plain(
            id::FIELD_INLINE_LABEL,
            "Veldlabel naast",
            &style.fields.label,
        ),
        Def {
            gallery: true,
            next: Some(id::FIELD_VALUE),
            ppr: Some(Ppr {
                keep_next: true,
                ..role_ppr(&style.fields.stacked_label)
            }),
            ..plain(id::FIELD_LABEL, "Veldlabel", &style.fields.stacked_label)
        },
        Def {
            next: Some(id::FIELD_LABEL),
            ..plain(id::FIELD_VALUE, "Veldwaarde", &style.fields.value)
        },
        toc(0),
        toc(1),
        toc(2),
        furniture(id::HEADER, "header", &style.header),
        furniture(id::FOOTER, "footer", &style.footer),
    ]
}

fn para_def<'a>() -> Def<'a> {
    Def {
        kind: "paragraph",
        based_on: Some("Normal"),
        ..Def::default()
    }
}

fn character_styles(style: &HouseStyle) -> Vec<Def<'static>> {
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
                color: Some(style.colors.link.hex()),
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
    if let Some(ppr) = &def.ppr {
        write_ppr(x, ppr);
    }
    if let Some(rpr) = &def.rpr {
        write_rpr(x, rpr);
    }
    x.end("w:style");
}

/// CT_PPrBase order: keepNext, keepLines, pBdr, tabs, spacing, ind, contextualSpacing,
/// jc, outlineLvl.
fn write_ppr(x: &mut Xml, p: &Ppr) {
    x.start("w:pPr", &[]);
    if p.keep_next {
        x.empty("w:keepNext", &[]);
    }
    if p.keep_lines {
        x.empty("w:keepLines", &[]);
    }
    if let Some((size, space, color)) = &p.rule_below {
        x.start("w:pBdr", &[]);
        x.empty(
            "w:bottom",
            &[
                ("w:val", "single"),
                ("w:sz", &size.to_string()),
                ("w:space", &space.to_string()),
                ("w:color", color),
            ],
        );
        x.end("w:pBdr");
    }
    if !p.tabs.is_empty() {
        x.start("w:tabs", &[]);
        for (kind, leader, pos) in &p.tabs {
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
    let line = p.line.map(|v| v.to_string());
    let mut spacing = Vec::new();
    if let Some(before) = &before {
        spacing.push(("w:before", before.as_str()));
    }
    if let Some(after) = &after {
        spacing.push(("w:after", after.as_str()));
    }
    if let Some(line) = &line {
        spacing.push(("w:line", line.as_str()));
        spacing.push(("w:lineRule", "atLeast"));
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

/// CT_RPr order: rFonts, b, bCs, i, iCs, color, sz, szCs, u.
fn write_rpr(x: &mut Xml, r: &Rpr) {
    x.start("w:rPr", &[]);
    if let Some(font) = r.font.as_deref() {
        x.empty(
            "w:rFonts",
            &[
                ("w:ascii", font),
                ("w:eastAsia", font),
                ("w:hAnsi", font),
                ("w:cs", font),
            ],
        );
    }
    if r.bold {
        x.empty("w:b", &[]);
        x.empty("w:bCs", &[]);
    }
    if r.italic {
        x.empty("w:i", &[]);
        x.empty("w:iCs", &[]);
    }
    if let Some(color) = &r.color {
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

/// The data table: a thin grid, a stronger rule above in the accent colour, the header
/// row filled with a tint of it and repeated on every page.
fn table_grid(x: &mut Xml, style: &HouseStyle) {
    let table = &style.table;
    x.start("w:style", &[("w:type", "table"), ("w:styleId", id::TABLE)]);
    x.val("w:name", "Table Grid");
    x.val("w:basedOn", "TableNormal");
    x.val("w:uiPriority", "39");
    x.start("w:tblPr", &[]);
    x.start("w:tblBorders", &[]);
    let rule = style.colors.rule.hex();
    let (grid, top) = (eighths(table.rule_width), eighths(table.top_rule_width));
    border(x, "w:top", top, &style.colors.accent.hex());
    for side in ["w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        border(x, side, grid, &rule);
    }
    x.end("w:tblBorders");
    cell_margins(x, twips(table.pad_y), twips(table.pad_x));
    x.end("w:tblPr");
    x.start("w:tblStylePr", &[("w:type", "firstRow")]);
    x.start("w:trPr", &[]);
    x.empty("w:tblHeader", &[]);
    x.end("w:trPr");
    x.start("w:tcPr", &[]);
    x.empty(
        "w:shd",
        &[
            ("w:val", "clear"),
            ("w:color", "auto"),
            ("w:fill", &table.header_fill.hex()),
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
        x.empty(side, &[("w:val", "nil")]);
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

fn border(x: &mut Xml, side: &str, size: u32, color: &str) {
    x.empty(
        side,
        &[
            ("w:val", "single"),
            ("w:sz", &size.to_string()),
            ("w:space", "0"),
            ("w:color", color),
        ],
    );
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
