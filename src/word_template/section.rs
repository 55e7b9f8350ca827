//! The template's page: the body's final `w:sectPr` (the last section's settings are
//! the ones a new letter on the template gets): paper, margins, header and footer
//! distances, a different first page, and which parts are its headers and footers.

use crate::document::style::PageGeometry;

use super::xml::{self, Element};
use super::{rels, Parts};

const TWIPS: f64 = 20.0;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    /// Width, height, then top, right, bottom, left margin, header and footer
    /// distance, in points; each `None` when the template does not state it.
    pub size: [Option<f64>; 2],
    pub margins: [Option<f64>; 6],
    /// `w:titlePg`: the first page has its own header and footer.
    pub title_page: bool,
    /// Part names by reference type ("first", "default"; "even" is not used).
    pub headers: Vec<(String, String)>,
    pub footers: Vec<(String, String)>,
}

impl Section {
    pub fn read(parts: &dyn Parts, document: &str) -> Option<Section> {
        // Only the body's own `sectPr` is read: its paragraphs and tables are not.
        let root = xml::parse_with(parts.part(document)?, |parent, name| {
            parent == "w:body" && name != "w:sectPr"
        })?;
        let sect = root.path(&["w:body", "w:sectPr"])?;
        let rels = rels::of(parts, document);
        let mut s = Section::from_xml(sect);
        let target = |id: &str| {
            rels.iter()
                .find(|r| r.id == id && !r.external)
                .map(|r| r.target.clone())
        };
        for (name, list) in [
            ("w:headerReference", &mut s.headers),
            ("w:footerReference", &mut s.footers),
        ] {
            for r in sect.children_named(name) {
                let kind = r.attr("w:type").unwrap_or("default").to_owned();
                if let Some(part) = r.attr("r:id").and_then(target) {
                    list.push((kind, part));
                }
            }
        }
        Some(s)
    }

    pub fn from_xml(sect: &Element) -> Section {
        let num = |e: Option<&Element>, name: &str| {
            e.and_then(|e| e.attr(name))
                .and_then(|v| v.parse::<f64>().ok())
                .filter(|v| v.is_finite())
                .map(|v| v.abs() / TWIPS)
        };
        let size = sect.child("w:pgSz");
        let mar = sect.child("w:pgMar");
        Section {
            size: [num(size, "w:w"), num(size, "w:h")],
            margins: [
                num(mar, "w:top"),
                num(mar, "w:right"),
                num(mar, "w:bottom"),
                num(mar, "w:left"),
                num(mar, "w:header"),
                num(mar, "w:footer"),
            ],
            title_page: sect.toggle("w:titlePg").unwrap_or(false),
            headers: Vec::new(),
            footers: Vec::new(),
        }
    }

    /// `page` with what the section states; a size or margin that would leave no
    /// text area is ignored (the built-in page stays).
    pub fn apply(&self, page: &mut PageGeometry) {
        let mut p = *page;
        let set = |v: Option<f64>, to: &mut f64| {
            if let Some(v) = v {
                *to = v;
            }
        };
        set(self.size[0], &mut p.width);
        set(self.size[1], &mut p.height);
        set(self.margins[0], &mut p.margin_top);
        set(self.margins[1], &mut p.margin_right);
        set(self.margins[2], &mut p.margin_bottom);
        set(self.margins[3], &mut p.margin_left);
        set(self.margins[4], &mut p.header_distance);
        set(self.margins[5], &mut p.footer_distance);
        if p.text_width() >= 72.0
            && p.text_height() >= 72.0
            && p.width <= 14_400.0
            && p.height <= 14_400.0
        {
            *page = p;
        }
    }

    /// The part of the header or footer of `kind`.
    pub fn part<'a>(list: &'a [(String, String)], kind: &str) -> Option<&'a str> {
        list.iter()
            .find(|(k, _)| k == kind)
            .map(|(_, p)| p.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::style::{HouseStyle, PT_PER_CM};

    #[test]
    fn twips_become_points() {
        let sect = xml::parse(
            br#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2268" w:right="1417"
            w:bottom="1701" w:left="1701" w:header="680" w:footer="680" w:gutter="0"/><w:titlePg/></w:sectPr>"#,
        )
        .unwrap();
        let s = Section::from_xml(&sect);
        assert!(s.title_page);
        let mut page = HouseStyle::default().page;
        s.apply(&mut page);
        assert!((page.margin_left - 3.0 * PT_PER_CM).abs() < 0.1);
        assert!((page.margin_top - 4.0 * PT_PER_CM).abs() < 0.1);
        assert_eq!(page.header_distance, 34.0);
        assert!((page.width - 595.3).abs() < 0.1);
    }

    #[test]
    fn a_page_without_text_area_is_ignored() {
        let sect = xml::parse(br#"<w:sectPr><w:pgMar w:left="99999"/></w:sectPr>"#).unwrap();
        let mut page = HouseStyle::default().page;
        Section::from_xml(&sect).apply(&mut page);
        assert_eq!(page, HouseStyle::default().page);
    }
}
