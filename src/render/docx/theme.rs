//! `word/theme/theme1.xml` and `word/fontTable.xml`: the house font and colour as Word's
//! theme, so that "theme fonts" and the first accent colour in Word's pickers are the
//! house style, and Word does not have to invent a theme (validators flag a main document
//! without theme and font table relationships).

use crate::document::Rgb;

use super::xml::Xml;

const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";

/// The theme: Office's default colours with the house accent first, the house font as
/// both heading and body font, and the simplest formatting scheme DrawingML allows.
pub(super) fn theme_xml(font: &str, accent: Rgb) -> Vec<u8> {
    let mut x = Xml::part();
    x.start("a:theme", &[("xmlns:a", NS_A), ("name", "raadsbrief")]);
    x.start("a:themeElements", &[]);
    colour_scheme(&mut x, accent);
    font_scheme(&mut x, font);
    format_scheme(&mut x);
    x.end("a:themeElements");
    x.empty("a:objectDefaults", &[]);
    x.empty("a:extraClrSchemeLst", &[]);
    x.end("a:theme");
    x.into_bytes()
}

fn colour_scheme(x: &mut Xml, accent: Rgb) {
    let accent = accent.hex();
    x.start("a:clrScheme", &[("name", "raadsbrief")]);
    for (slot, system, colour) in [
        ("a:dk1", "windowText", "000000"),
        ("a:lt1", "window", "FFFFFF"),
    ] {
        x.start(slot, &[]);
        x.empty("a:sysClr", &[("val", system), ("lastClr", colour)]);
        x.end(slot);
    }
    for (slot, colour) in [
        ("a:dk2", "44546A"),
        ("a:lt2", "E7E6E6"),
        ("a:accent1", accent.as_str()),
        ("a:accent2", "ED7D31"),
        ("a:accent3", "A5A5A5"),
        ("a:accent4", "FFC000"),
        ("a:accent5", "5B9BD5"),
        ("a:accent6", "70AD47"),
        ("a:hlink", "0563C1"),
        ("a:folHlink", "954F72"),
    ] {
        x.start(slot, &[]);
        x.empty("a:srgbClr", &[("val", colour)]);
        x.end(slot);
    }
    x.end("a:clrScheme");
}

fn font_scheme(x: &mut Xml, font: &str) {
    x.start("a:fontScheme", &[("name", "raadsbrief")]);
    for group in ["a:majorFont", "a:minorFont"] {
        x.start(group, &[]);
        x.empty("a:latin", &[("typeface", font)]);
        x.empty("a:ea", &[("typeface", "")]);
        x.empty("a:cs", &[("typeface", "")]);
        x.end(group);
    }
    x.end("a:fontScheme");
}

/// Three of each style, as the schema requires; all plain.
fn format_scheme(x: &mut Xml) {
    let solid = |x: &mut Xml| {
        x.start("a:solidFill", &[]);
        x.empty("a:schemeClr", &[("val", "phClr")]);
        x.end("a:solidFill");
    };
    x.start("a:fmtScheme", &[("name", "raadsbrief")]);
    x.start("a:fillStyleLst", &[]);
    (0..3).for_each(|_| solid(x));
    x.end("a:fillStyleLst");
    x.start("a:lnStyleLst", &[]);
    for width in ["6350", "12700", "19050"] {
        x.start("a:ln", &[("w", width)]);
        solid(x);
        x.end("a:ln");
    }
    x.end("a:lnStyleLst");
    x.start("a:effectStyleLst", &[]);
    for _ in 0..3 {
        x.start("a:effectStyle", &[]);
        x.empty("a:effectLst", &[]);
        x.end("a:effectStyle");
    }
    x.end("a:effectStyleLst");
    x.start("a:bgFillStyleLst", &[]);
    (0..3).for_each(|_| solid(x));
    x.end("a:bgFillStyleLst");
    x.end("a:fmtScheme");
}

/// The font table names the house font; "swiss" (sans serif) is what Word substitutes
/// from when the font is not installed, the usual kind of house font.
pub(super) fn font_table_xml(font: &str) -> Vec<u8> {
    let mut x = Xml::part();
    x.start("w:fonts", &[("xmlns:w", super::NS_W)]);
    x.start("w:font", &[("w:name", font)]);
    x.val("w:family", "swiss");
    x.val("w:pitch", "variable");
    x.end("w:font");
    x.end("w:fonts");
    x.into_bytes()
}
