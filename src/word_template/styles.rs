//! The template's styles (`word/styles.xml`), resolved as Word resolves them: a style's
//! own properties over those of the style it is `basedOn`, over `docDefaults`.
//!
//! Styles are found by `w:name`, case-insensitively, never by id: a Dutch Word calls
//! Heading 1 `Kop1` and Normal `Standaard` but keeps the English built-in name, so the
//! name is what every Word agrees on.

use std::collections::BTreeMap;

use crate::document::page_bands::{TabKind, TabStop};
use crate::document::style::Align;
use crate::document::Rgb;

use super::theme::Theme;
use super::xml::{self, Element};

/// Twips (twentieths of a point) per point.
const TWIPS: f64 = 20.0;

/// A single line of text as a multiple of the font size: Arial's (and its metric
/// twins') ascent plus descent plus line gap. Word's "auto" line spacing is a multiple
/// of this.
pub const SINGLE_LINE: f64 = 1.15;

/// Longest `basedOn` chain followed; Word itself stops long before, and a template
/// with a loop (A based on B based on A) must not hang the build.
const MAX_CHAIN: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LineSpacing {
    /// `lineRule="auto"`: a multiple of a single line.
    Multiple(f64),
    /// `exact`, in points.
    Exact(f64),
    /// `atLeast`, in points.
    AtLeast(f64),
}

impl LineSpacing {
    /// Baseline-to-baseline distance for text of `size` points.
    pub fn points(self, size: f64) -> f64 {
        match self {
            LineSpacing::Multiple(m) => size * SINGLE_LINE * m,
            LineSpacing::Exact(v) => v,
            LineSpacing::AtLeast(v) => v.max(size * SINGLE_LINE),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FontRef {
    Name(String),
    /// "majorHAnsi", "minorHAnsi", …: the theme's font.
    Theme(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum ColorRef {
    Rgb(Rgb),
    /// A theme colour, with the value Word wrote beside it for readers without a theme.
    Theme {
        name: String,
        fallback: Option<Rgb>,
    },
    /// `auto`: black on white.
    Auto,
}

/// What a style (or a paragraph's or run's own properties) states; `None` is "not
/// stated here", so that the next style down the chain decides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Props {
    pub font: Option<FontRef>,
    /// In points.
    pub size: Option<f64>,
    pub color: Option<ColorRef>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub space_before: Option<f64>,
    pub space_after: Option<f64>,
    pub line: Option<LineSpacing>,
    pub align: Option<Align>,
    /// Set tab stops by position (twips, so that equal stops compare equal); `None`
    /// is a `clear` that removes an inherited stop.
    pub tabs: BTreeMap<i64, Option<TabKind>>,
    /// `contextualSpacing`: no space between paragraphs of the same style.
    pub contextual: Option<bool>,
    /// The hanging indent, in points.
    pub hanging: Option<f64>,
    /// A table style's left/right cell margin, in points.
    pub cell_margin: Option<f64>,
}

impl Props {
    /// `top`'s stated values over `self`'s.
    pub fn overlay(&mut self, top: &Props) {
        macro_rules! take {
            ($($f:ident),*) => { $( if top.$f.is_some() { self.$f = top.$f.clone(); } )* };
        }
        take!(
            font,
            size,
            color,
            bold,
            italic,
            space_before,
            space_after,
            line,
            align,
            contextual,
            hanging,
            cell_margin
        );
        for (pos, kind) in &top.tabs {
            self.tabs.insert(*pos, *kind);
        }
    }

    /// Paragraph properties (`w:pPr`) and run properties (`w:rPr`) of one element.
    pub fn read(ppr: Option<&Element>, rpr: Option<&Element>) -> Props {
        let mut p = Props::default();
        if let Some(ppr) = ppr {
            p.read_ppr(ppr);
        }
        if let Some(rpr) = rpr {
            p.read_rpr(rpr);
        }
        p
    }

    fn read_ppr(&mut self, ppr: &Element) {
        if let Some(s) = ppr.child("w:spacing") {
            let twips = |name: &str| s.attr(name).and_then(|v| v.parse::<f64>().ok());
            self.space_before = twips("w:before").map(|v| v.max(0.0) / TWIPS);
            self.space_after = twips("w:after").map(|v| v.max(0.0) / TWIPS);
            if let Some(line) = twips("w:line").filter(|v| *v > 0.0) {
                self.line = Some(match s.attr("w:lineRule") {
                    Some("exact") => LineSpacing::Exact(line / TWIPS),
                    Some("atLeast") => LineSpacing::AtLeast(line / TWIPS),
                    _ => LineSpacing::Multiple(line / 240.0),
                });
            }
        }
        if let Some(jc) = ppr.child("w:jc").and_then(Element::val) {
            self.align = match jc {
                "left" | "start" => Some(Align::Left),
                "center" => Some(Align::Center),
                "right" | "end" => Some(Align::Right),
                "both" | "distribute" => Some(Align::Justify),
                _ => None,
            };
        }
        if let Some(tabs) = ppr.child("w:tabs") {
            for t in tabs.children_named("w:tab") {
                let Some(pos) = t.attr("w:pos").and_then(|v| v.parse::<i64>().ok()) else {
                    continue;
                };
                let kind = match t.val() {
                    Some("clear") => None,
                    Some("center") => Some(TabKind::Center),
                    Some("right" | "end" | "decimal") => Some(TabKind::Right),
                    _ => Some(TabKind::Left),
                };
                self.tabs.insert(pos, kind);
            }
        }
        if let Some(on) = ppr.toggle("w:contextualSpacing") {
            self.contextual = Some(on);
        }
        if let Some(ind) = ppr.child("w:ind") {
            self.hanging = ind
                .attr("w:hanging")
                .and_then(|v| v.parse::<f64>().ok())
                .map(|v| v / TWIPS);
        }
    }

    fn read_rpr(&mut self, rpr: &Element) {
        if let Some(f) = rpr.child("w:rFonts") {
            let theme = f.attr("w:asciiTheme").or_else(|| f.attr("w:hAnsiTheme"));
            let name = f.attr("w:ascii").or_else(|| f.attr("w:hAnsi"));
            self.font = match (theme, name) {
                (Some(t), _) => Some(FontRef::Theme(t.to_owned())),
                (None, Some(n)) if !n.trim().is_empty() => Some(FontRef::Name(n.trim().to_owned())),
                _ => self.font.take(),
            };
        }
        if let Some(sz) = rpr.child("w:sz").and_then(Element::val) {
            self.size = sz.parse::<f64>().ok().filter(|v| *v > 0.0).map(|v| v / 2.0);
        }
        if let Some(c) = rpr.child("w:color") {
            let rgb = c.val().and_then(|v| Rgb::parse(&format!("#{v}")));
            self.color = match (c.attr("w:themeColor"), c.val()) {
                (Some(t), _) => Some(ColorRef::Theme {
                    name: t.to_owned(),
                    fallback: rgb,
                }),
                (None, Some("auto")) => Some(ColorRef::Auto),
                (None, _) => rgb.map(ColorRef::Rgb),
            };
        }
        if let Some(b) = rpr.toggle("w:b") {
            self.bold = Some(b);
        }
        if let Some(i) = rpr.toggle("w:i") {
            self.italic = Some(i);
        }
    }

    /// The font's family name, the theme's font where the style names one.
    pub fn family<'a>(&'a self, theme: &'a Theme) -> Option<&'a str> {
        match self.font.as_ref()? {
            FontRef::Name(n) => Some(n),
            FontRef::Theme(t) => theme.font(t),
        }
    }

    pub fn rgb(&self, theme: &Theme) -> Option<Rgb> {
        match self.color.as_ref()? {
            ColorRef::Rgb(c) => Some(*c),
            ColorRef::Auto => Some(Rgb(0, 0, 0)),
            ColorRef::Theme { name, fallback } => theme.color(name).or(*fallback),
        }
    }

    /// The tab stops that are set, in points, left to right.
    pub fn tab_stops(&self) -> Vec<TabStop> {
        self.tabs
            .iter()
            .filter_map(|(pos, kind)| {
                kind.map(|kind| TabStop {
                    position: *pos as f64 / TWIPS,
                    kind,
                })
            })
            .collect()
    }
}

#[derive(Debug, Clone)]
struct StyleDef {
    /// `w:name`, lower case.
    name: String,
    kind: String,
    default: bool,
    based_on: Option<String>,
    props: Props,
}

/// What [`Styles::from_xml`] never looks at, left out of the tree: Word's list of
/// latent styles and, per style, everything but its name, parent and paragraph, run
/// and table-cell-margin properties, and of those only what [`Props::read`] and the
/// left cell margin read (a property read there must be named here too). Most of a
/// real `styles.xml` is table styles' conditional formats (`w:tblStylePr`), borders
/// and shading.
pub(super) fn unread(parent: &str, name: &str) -> bool {
    match parent {
        "w:styles" => !matches!(name, "w:docDefaults" | "w:style"),
        "w:style" => !matches!(name, "w:name" | "w:basedOn" | "w:pPr" | "w:rPr" | "w:tblPr"),
        "w:pPr" => !matches!(
            name,
            "w:spacing" | "w:jc" | "w:tabs" | "w:contextualSpacing" | "w:ind"
        ),
        "w:rPr" => !matches!(name, "w:rFonts" | "w:sz" | "w:color" | "w:b" | "w:i"),
        "w:tblPr" => name != "w:tblCellMar",
        "w:tblCellMar" => name != "w:left",
        _ => false,
    }
}

/// All styles of a template, by id, with the document defaults.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    by_id: BTreeMap<String, StyleDef>,
    defaults: Props,
}

impl Styles {
    pub fn parse(bytes: &[u8]) -> Option<Styles> {
        Some(Styles::from_xml(&xml::parse_with(bytes, unread)?))
    }

    pub fn from_xml(root: &Element) -> Styles {
        Styles::read_children(root).0
    }

    /// The styles of a part read in two pieces, `first` before a cut inside the root
    /// and `rest` after it, each read by [`Styles::read_children`] of its piece of the
    /// root: the styles of the whole root, as [`Styles::from_xml`] reads them (the
    /// first document defaults; of two styles with one id, the later).
    pub fn joined((first, first_has_defaults): (Styles, bool), rest: Styles) -> Styles {
        let mut by_id = first.by_id;
        by_id.extend(rest.by_id);
        Styles {
            by_id,
            defaults: if first_has_defaults {
                first.defaults
            } else {
                rest.defaults
            },
        }
    }

    /// The styles among `root`'s children, and whether one of them gave the document
    /// defaults.
    pub fn read_children(root: &Element) -> (Styles, bool) {
        let doc_defaults = root.child("w:docDefaults");
        let defaults = doc_defaults.map_or_else(Props::default, |d| {
            Props::read(
                d.path(&["w:pPrDefault", "w:pPr"]),
                d.path(&["w:rPrDefault", "w:rPr"]),
            )
        });
        let mut by_id = BTreeMap::new();
        for s in root.children_named("w:style") {
            let Some(id) = s.attr("w:styleId") else {
                continue;
            };
            let name = s
                .child("w:name")
                .and_then(Element::val)
                .unwrap_or(id)
                .to_lowercase();
            by_id.insert(
                id.to_owned(),
                StyleDef {
                    name,
                    kind: s.attr("w:type").unwrap_or("paragraph").to_owned(),
                    default: matches!(s.attr("w:default"), Some("1" | "true")),
                    based_on: s
                        .child("w:basedOn")
                        .and_then(Element::val)
                        .map(str::to_owned),
                    props: Props {
                        cell_margin: s
                            .path(&["w:tblPr", "w:tblCellMar", "w:left"])
                            .and_then(|m| m.attr("w:w"))
                            .and_then(|v| v.parse::<f64>().ok())
                            .map(|v| v.max(0.0) / TWIPS),
                        ..Props::read(s.child("w:pPr"), s.child("w:rPr"))
                    },
                },
            );
        }
        (Styles { by_id, defaults }, doc_defaults.is_some())
    }

    /// The id of the style Word calls `name` ("heading 1"), whatever its id.
    pub fn id_by_name(&self, name: &str) -> Option<&str> {
        let name = name.to_lowercase();
        self.by_id
            .iter()
            .find(|(_, s)| s.name == name)
            .map(|(id, _)| id.as_str())
    }

    /// Whether a style with this name exists.
    pub fn has(&self, name: &str) -> bool {
        self.id_by_name(name).is_some()
    }

    /// The resolved properties of the style named `name`: `docDefaults`, then its
    /// chain from the root down. `None` when the template has no such style.
    pub fn by_name(&self, name: &str) -> Option<Props> {
        self.id_by_name(name).map(|id| self.resolve(Some(id)))
    }

    /// The resolved properties of the style with id `id`; the default paragraph
    /// style's (Normal) for `None` or an unknown id, as Word does for a paragraph
    /// without a style.
    pub fn resolve(&self, id: Option<&str>) -> Props {
        let start = id
            .filter(|id| self.by_id.contains_key(*id))
            .or_else(|| self.default_paragraph());
        let mut chain: Vec<&StyleDef> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut next = start;
        while let Some(id) = next {
            if seen.contains(&id) || seen.len() >= MAX_CHAIN {
                break;
            }
            let Some(def) = self.by_id.get(id) else {
                break;
            };
            seen.push(id);
            chain.push(def);
            next = def.based_on.as_deref();
        }
        let mut props = self.defaults.clone();
        for def in chain.iter().rev() {
            props.overlay(&def.props);
        }
        props
    }

    /// Only what the style named `name` and its chain state, without `docDefaults`: a
    /// table style's paragraph and run properties, laid over Normal's.
    pub fn own_by_name(&self, name: &str) -> Option<Props> {
        self.own_by_id(self.id_by_name(name)?)
    }

    /// Like [`Styles::own_by_name`], by id: a run's character style (`w:rStyle`).
    pub fn own_by_id(&self, id: &str) -> Option<Props> {
        self.by_id.get(id)?;
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            if chain.len() >= MAX_CHAIN || chain.iter().any(|(i, _)| *i == id) {
                break;
            }
            let Some(def) = self.by_id.get(id) else {
                break;
            };
            chain.push((id, def));
            next = def.based_on.as_deref();
        }
        let mut props = Props::default();
        for (_, def) in chain.iter().rev() {
            props.overlay(&def.props);
        }
        Some(props)
    }

    /// The id of the paragraph style marked default, else the one named "Normal".
    fn default_paragraph(&self) -> Option<&str> {
        self.by_id
            .iter()
            .find(|(_, s)| s.default && s.kind == "paragraph")
            .or_else(|| self.by_id.iter().find(|(_, s)| s.name == "normal"))
            .map(|(id, _)| id.as_str())
    }

    /// The document defaults alone.
    #[cfg(test)]
    pub fn defaults(&self) -> &Props {
        &self.defaults
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles(body: &str) -> Styles {
        let xml = format!(
            r#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/>
            <w:rFonts w:asciiTheme="minorHAnsi"/></w:rPr></w:rPrDefault>
            <w:pPrDefault><w:pPr><w:spacing w:after="200" w:line="276" w:lineRule="auto"/>
            </w:pPr></w:pPrDefault></w:docDefaults>{body}</w:styles>"#
        );
        Styles::parse(xml.as_bytes()).unwrap()
    }

    #[test]
    fn a_chain_of_based_on_resolves_from_the_root_down() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="A"><w:name w:val="Normal"/>
               <w:rPr><w:color w:val="111111"/></w:rPr></w:style>
               <w:style w:type="paragraph" w:styleId="B"><w:name w:val="heading 1"/>
               <w:basedOn w:val="A"/><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>
               <w:style w:type="paragraph" w:styleId="C"><w:name w:val="heading 2"/>
               <w:basedOn w:val="B"/><w:rPr><w:sz w:val="25"/></w:rPr></w:style>"#,
        );
        let h2 = s.by_name("Heading 2").unwrap();
        assert_eq!(h2.size, Some(12.5));
        assert_eq!(h2.bold, Some(true));
        assert_eq!(h2.color, Some(ColorRef::Rgb(Rgb(0x11, 0x11, 0x11))));
    }

    #[test]
    fn doc_defaults_fill_what_no_style_states() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#,
        );
        let normal = s.by_name("normal").unwrap();
        assert_eq!(normal.size, Some(10.0));
        assert_eq!(normal.space_after, Some(10.0));
        assert_eq!(normal.line, Some(LineSpacing::Multiple(276.0 / 240.0)));
        assert_eq!(normal.font, Some(FontRef::Theme("minorHAnsi".into())));
    }

    #[test]
    fn a_theme_font_resolves_through_the_theme() {
        let s = styles("");
        let theme = Theme::from_xml(
            &xml::parse(
                br#"<a:theme><a:minorFont><a:latin typeface="Carlito"/></a:minorFont></a:theme>"#,
            )
            .unwrap(),
        );
        assert_eq!(s.defaults().family(&theme), Some("Carlito"));
    }

    #[test]
    fn dutch_ids_are_found_by_their_english_name() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:default="1" w:styleId="Standaard"><w:name w:val="Normal"/></w:style>
               <w:style w:type="paragraph" w:styleId="Kop1"><w:name w:val="heading 1"/>
               <w:basedOn w:val="Standaard"/><w:rPr><w:sz w:val="30"/></w:rPr></w:style>"#,
        );
        assert_eq!(s.id_by_name("Heading 1"), Some("Kop1"));
        assert_eq!(s.by_name("heading 1").unwrap().size, Some(15.0));
        assert!(s.by_name("Kop1").is_none(), "ids are not names");
        // A paragraph without a style is Normal, found by its default flag.
        assert_eq!(s.resolve(None).size, Some(10.0));
    }

    #[test]
    fn a_based_on_cycle_ends() {
        let s = styles(
            r#"<w:style w:type="paragraph" w:styleId="A"><w:name w:val="heading 1"/>
               <w:basedOn w:val="B"/><w:rPr><w:b/></w:rPr></w:style>
               <w:style w:type="paragraph" w:styleId="B"><w:name w:val="heading 2"/>
               <w:basedOn w:val="A"/><w:rPr><w:sz w:val="40"/></w:rPr></w:style>"#,
        );
        let h1 = s.by_name("heading 1").unwrap();
        assert_eq!(h1.bold, Some(true));
        assert_eq!(h1.size, Some(20.0));
    }

    /// `unread` leaves out nothing `Props::read` reads: every property it knows, with
    /// others beside them, reads the same from the full tree.
    #[test]
    fn what_the_reader_leaves_out_is_never_read() {
        let xml = br#"<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="nl-NL"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:latentStyles><w:lsdException w:name="Normal"/></w:latentStyles>
            <w:style w:type="paragraph" w:default="1" w:styleId="A"><w:name w:val="Normal"/><w:qFormat/>
            <w:pPr><w:keepNext/><w:spacing w:before="120" w:after="60" w:line="300" w:lineRule="exact"/><w:jc w:val="center"/>
            <w:tabs><w:tab w:val="right" w:pos="9000"/><w:tab w:val="clear" w:pos="4536"/></w:tabs><w:contextualSpacing/><w:ind w:hanging="360"/><w:outlineLvl w:val="0"/></w:pPr>
            <w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:b/><w:bCs/><w:i w:val="0"/><w:color w:val="FF0000" w:themeColor="accent1"/><w:kern w:val="28"/><w:sz w:val="28"/></w:rPr></w:style>
            <w:style w:type="table" w:styleId="T"><w:name w:val="Table Grid"/><w:basedOn w:val="A"/><w:tblPr><w:tblInd w:w="0"/><w:tblCellMar><w:top w:w="0"/><w:left w:w="108"/><w:right w:w="108"/></w:tblCellMar></w:tblPr>
            <w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style></w:styles>"#;
        let read = Styles::parse(xml).expect("parses");
        let full = Styles::from_xml(&xml::parse(xml).expect("parses"));
        for id in ["A", "T"] {
            assert_eq!(read.resolve(Some(id)), full.resolve(Some(id)), "{id}");
            assert_eq!(read.own_by_id(id), full.own_by_id(id), "{id}");
        }
        let normal = read.resolve(Some("A"));
        assert_eq!(normal.size, Some(14.0));
        assert_eq!(normal.tabs.len(), 2);
        assert_eq!(read.own_by_id("T").and_then(|p| p.cell_margin), Some(5.4));
    }

    #[test]
    fn line_rules_become_points() {
        assert!((LineSpacing::Multiple(1.0).points(10.0) - 11.5).abs() < 1e-9);
        assert_eq!(LineSpacing::Exact(14.0).points(30.0), 14.0);
        assert_eq!(LineSpacing::AtLeast(14.0).points(10.0), 14.0);
        assert!((LineSpacing::AtLeast(5.0).points(10.0) - 11.5).abs() < 1e-9);
    }
}
