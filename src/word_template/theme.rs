//! The template's theme (`word/theme/theme1.xml`): the major and minor fonts that
//! styles name as `majorHAnsi`/`minorHAnsi`, and the colour scheme behind
//! `w:themeColor`.

use std::collections::BTreeMap;

use crate::document::Rgb;

use super::xml::{self, Element};
use super::{rels, Parts};

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Headings' font (`majorFont/latin`).
    pub major: Option<String>,
    /// Body font (`minorFont/latin`).
    pub minor: Option<String>,
    /// `accent1`, `dk1`, `hlink`, … by their scheme names.
    colors: BTreeMap<String, Rgb>,
}

impl Theme {
    /// The theme the main document refers to; an empty one when there is none.
    pub fn read(parts: &dyn Parts, document: &str) -> Theme {
        let name = rels::of(parts, document)
            .into_iter()
            .find(|r| r.kind.ends_with("/theme") && !r.external)
            .map_or_else(|| "word/theme/theme1.xml".to_owned(), |r| r.target);
        parts
            .part(&name)
            .and_then(|bytes| xml::parse_with(bytes, unread))
            .map_or_else(Theme::default, |root| Theme::from_xml(&root))
    }

    pub fn from_xml(root: &Element) -> Theme {
        let latin = |which: &str| {
            root.find(which)
                .and_then(|f| f.child("a:latin"))
                .and_then(|l| l.attr("typeface"))
                .filter(|t| !t.trim().is_empty())
                .map(str::to_owned)
        };
        let mut colors = BTreeMap::new();
        if let Some(scheme) = root.find("a:clrScheme") {
            for c in scheme.elements() {
                let key = c.name.trim_start_matches("a:").to_owned();
                let value = c.elements().find_map(|v| match v.name.as_ref() {
                    "a:srgbClr" => v.attr("val"),
                    "a:sysClr" => v.attr("lastClr"),
                    _ => None,
                });
                if let Some(rgb) = value.and_then(|v| Rgb::parse(&format!("#{v}"))) {
                    colors.insert(key, rgb);
                }
            }
        }
        Theme {
            major: latin("a:majorFont"),
            minor: latin("a:minorFont"),
            colors,
        }
    }

    /// A `w:asciiTheme`/`w:hAnsiTheme` value ("majorHAnsi", "minorBidi", …).
    pub fn font(&self, theme_font: &str) -> Option<&str> {
        if theme_font.starts_with("major") {
            self.major.as_deref()
        } else if theme_font.starts_with("minor") {
            self.minor.as_deref()
        } else {
            None
        }
    }

    /// A `w:themeColor` value; WordprocessingML's names ("text1") map onto the
    /// scheme's ("dk1").
    pub fn color(&self, name: &str) -> Option<Rgb> {
        let key = match name {
            "text1" | "dark1" => "dk1",
            "text2" | "dark2" => "dk2",
            "background1" | "light1" => "lt1",
            "background2" | "light2" => "lt2",
            "hyperlink" => "hlink",
            "followedHyperlink" => "folHlink",
            other => other,
        };
        self.colors.get(key).copied()
    }
}

/// What [`Theme::from_xml`] never looks at, and which holds none of what it looks
/// for: the format scheme (fills, lines and effects, most of a theme part) and the
/// drawing defaults.
fn unread(_parent: &str, name: &str) -> bool {
    matches!(name, "a:fmtScheme" | "a:objectDefaults")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fonts_and_colours() {
        let xml = br#"<a:theme><a:themeElements><a:clrScheme name="x">
            <a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>
            <a:accent1><a:srgbClr val="4F81BD"/></a:accent1></a:clrScheme>
            <a:fontScheme><a:majorFont><a:latin typeface="Arial"/></a:majorFont>
            <a:minorFont><a:latin typeface="Carlito"/></a:minorFont></a:fontScheme>
            </a:themeElements></a:theme>"#;
        let t = Theme::from_xml(&xml::parse(xml).unwrap());
        assert_eq!(t.font("majorHAnsi"), Some("Arial"));
        assert_eq!(t.font("minorHAnsi"), Some("Carlito"));
        assert_eq!(t.color("accent1"), Some(Rgb(0x4F, 0x81, 0xBD)));
        assert_eq!(t.color("text1"), Some(Rgb(0, 0, 0)));
        assert_eq!(t.color("accent2"), None);
    }

    /// The sample templates' themes read alike with and without their unread parts.
    #[test]
    fn what_is_left_unread_changes_nothing() {
        let themes = super::super::sample_parts().into_iter();
        for (template, _, xml) in themes.filter(|(_, name, _)| name == "word/theme/theme1.xml") {
            let all = Theme::from_xml(&xml::parse(&xml).unwrap());
            let read = Theme::from_xml(&xml::parse_with(&xml, unread).unwrap());
            assert_eq!(format!("{all:?}"), format!("{read:?}"), "{template}");
            assert!(
                read.minor.is_some() && read.color("accent1").is_some(),
                "{template}"
            );
        }
    }
}
