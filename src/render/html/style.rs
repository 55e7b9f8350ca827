//! The embedded stylesheet: readable on screen, A4 in print, colours that pass WCAG AA.

use crate::document::style::{Align, FamilyId, HouseStyle, TextRole};
use crate::document::{PageStyle, Rgb};

use super::text::{css_string, print_footer};

/// WCAG 2.1 relative luminance of an sRGB colour.
pub fn luminance(c: Rgb) -> f64 {
    let channel = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
}

/// WCAG contrast ratio between two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

const WHITE: Rgb = Rgb(0xFF, 0xFF, 0xFF);
/// WCAG 2.1 AA for normal text (1.4.3).
pub const MIN_CONTRAST: f64 = 4.5;

/// The accent colour, darkened in 2 % steps (same hue) until it has at least 4.5:1
/// contrast against white, so headings and links in the house colour stay readable.
pub fn accessible_accent(accent: Rgb) -> Rgb {
    for percent in (0..=100u32).rev().step_by(2) {
        let scale = |v: u8| ((u32::from(v) * percent + 50) / 100) as u8;
        let c = Rgb(scale(accent.0), scale(accent.1), scale(accent.2));
        if contrast(c, WHITE) >= MIN_CONTRAST {
            return c;
        }
    }
    Rgb(0, 0, 0)
}

const FONT_STACK: &str = "Arial, \"Liberation Sans\", system-ui, -apple-system, \"Segoe UI\", Roboto, Helvetica, sans-serif";

/// Screen text is read at arm's length: the house style's sizes are scaled by this
/// (10.5 pt body → 17 px), keeping their proportions.
const SCREEN_SCALE: f64 = 17.0 / 10.5;

/// The whole stylesheet for one document: the screen layout and, for print, the house
/// style's page, sizes and spacing exactly, in points.
pub fn stylesheet(page: &PageStyle) -> String {
    let style = &page.style;
    let accent = accessible_accent(style.colors.accent);
    let font = style.body_font().trim();
    let font = if font.is_empty() {
        FONT_STACK.to_owned()
    } else {
        format!("{}, {FONT_STACK}", css_string(font))
    };
    let mut css = format!(
        ":root {{\n  --accent: {};\n  --tint: {};\n  --text: {};\n  --muted: {};\n  \
         --rule: {};\n  --font: {font};\n}}\n",
        hex(accent),
        hex(style.table.header_fill),
        hex(accessible_accent(style.colors.text)),
        hex(accessible_accent(style.colors.muted)),
        hex(style.colors.rule),
    );
    css.push_str(SCREEN);
    let px = |pt: f64| format!("{:.2}px", pt * SCREEN_SCALE);
    css.push_str(&roles(style, &px));
    css.push_str(NARROW);
    // The logo stands where the house style puts it, the header text beside it.
    css.push_str(match style.logo.side {
        crate::document::style::Side::Left => ".page-header .logo { order: -1; }\n",
        crate::document::style::Side::Right => ".page-header .logo { order: 1; }\n",
    });
    css.push_str("@media print {\n");
    let g = &style.page;
    let logo = page.logo.as_ref().map(|l| (l.width_px, l.height_px));
    css.push_str(&format!(
        "  @page {{\n    size: {:.2}pt {:.2}pt;\n    margin: {:.2}pt {:.2}pt {:.2}pt {:.2}pt;\n",
        g.width,
        g.height,
        style.body_top(logo),
        g.margin_right,
        g.margin_bottom,
        g.margin_left
    ));
    let furniture = |role: &TextRole| {
        format!(
            "font-family: var(--font); font-size: {:.2}pt; color: {};",
            role.size,
            hex(role.color)
        )
    };
    if let Some(content) = print_footer(&page.footer) {
        let slot = match style.footer.text.align {
            Align::Left => "bottom-left",
            Align::Center => "bottom-center",
            Align::Right | Align::Justify => "bottom-right",
        };
        css.push_str(&format!(
            "    @{slot} {{ content: {content}; {} }}\n",
            furniture(&style.footer.text)
        ));
    }
    if !style.address.is_empty() {
        // Beside a footer at the right, as in the PDF; otherwise the footer's own slot
        // is taken and the address goes above the bottom margin's middle.
        let slot = if style.footer.text.align == Align::Left {
            "bottom-center"
        } else {
            "bottom-left"
        };
        css.push_str(&format!(
            "    @{slot} {{ content: {}; {} }}\n",
            css_string(&style.address),
            furniture(&style.footer.text)
        ));
    }
    let header = page.header.split_whitespace().collect::<Vec<_>>().join(" ");
    if !header.is_empty() {
        css.push_str(&format!(
            "    @top-left {{ content: {}; {} }}\n",
            css_string(&header),
            furniture(&style.header.text)
        ));
    }
    css.push_str("  }\n  @page :first {\n    @top-left { content: none; }\n  }\n");
    css.push_str(PRINT);
    let pt = |v: f64| format!("{v:.2}pt");
    css.push_str(&indent(&roles(style, &pt)));
    if page.draft {
        css.push_str(
            &WATERMARK
                .replace(
                    "{angle}",
                    &format!("{:.1}", -style.watermark.angle.to_degrees()),
                )
                .replace("{size}", &format!("{:.1}", style.watermark.size))
                .replace("{color}", &hex(style.colors.watermark)),
        );
    }
    css.push_str("}\n");
    css
}

/// `#rrggbb`.
fn hex(c: Rgb) -> String {
    format!("#{}", c.hex().to_ascii_lowercase())
}

fn indent(css: &str) -> String {
    css.lines().map(|l| format!("  {l}\n")).collect()
}

/// The text roles of the house style as CSS rules, sizes through `unit`.
fn roles(style: &HouseStyle, unit: &dyn Fn(f64) -> String) -> String {
    let rule = |selector: &str, role: &TextRole, color: Option<&str>| {
        let color = color.map_or_else(|| hex(accessible_accent(role.color)), str::to_owned);
        // The role's own family before the body's stack; the body itself uses the stack.
        let family = style.family(role.family).trim();
        let font = if role.family == FamilyId::BODY || family.is_empty() {
            "var(--font)".to_owned()
        } else {
            format!("{}, var(--font)", css_string(family))
        };
        format!(
            "{selector} {{ font-size: {}; line-height: {:.3}; font-weight: {}; font-style: {}; \
             color: {color}; margin-top: {}; margin-bottom: {}; text-align: {}; font-family: {font}; }}\n",
            unit(role.size),
            role.line_height / role.size.max(1.0),
            if role.bold { "bold" } else { "normal" },
            if role.italic { "italic" } else { "normal" },
            unit(role.space_before),
            unit(role.space_after),
            match role.align {
                Align::Left => "left",
                Align::Center => "center",
                Align::Right => "right",
                Align::Justify => "justify",
            },
        )
    };
    let accent = Some("var(--accent)");
    let mut css = String::new();
    css.push_str(&rule("body", &style.body, Some("var(--text)")));
    css.push_str(&rule("main p, main li", &style.body, Some("var(--text)")));
    css.push_str(&rule(".title", &style.title, accent));
    css.push_str(&rule(".subtitle", &style.subtitle, Some("var(--muted)")));
    for (level, role) in style.headings.iter().enumerate() {
        css.push_str(&rule(&format!(".kop{}", level + 1), role, accent));
    }
    css.push_str(&rule(
        "li > p",
        &TextRole {
            space_after: style.lists.item_gap,
            ..style.body
        },
        None,
    ));
    css.push_str(&rule("td", &style.table.text, None));
    css.push_str(&rule("th", &style.table.header, None));
    css.push_str(&rule(
        "dl.fields-inline dt",
        &style.fields.label,
        Some("var(--muted)"),
    ));
    css.push_str(&rule(
        "dl.fields-stacked dt",
        &style.fields.stacked_label,
        None,
    ));
    css.push_str(&rule("dl.fields dd", &style.fields.value, None));
    css.push_str(&rule(
        ".page-header-text",
        &style.header.text,
        Some("var(--muted)"),
    ));
    css.push_str(&rule(
        ".page-footer",
        &style.footer.text,
        Some("var(--muted)"),
    ));
    css.push_str(&format!(
        "th, td {{ padding: {} {}; border: {} solid var(--rule); }}\n\
         table {{ border-top: {} solid var(--accent); margin-bottom: {}; }}\n\
         dl.fields-inline {{ grid-template-columns: {} 1fr; margin-bottom: {}; }}\n\
         ol, ul {{ padding-left: {}; }}\n\
         nav.toc li {{ margin-bottom: {}; }}\n\
         nav.toc ul ul {{ padding-left: {}; }}\n\
         .logo {{ height: {}; max-width: {}; }}\n\
         .page-header {{ border-bottom: {}; }}\n\
         .signatures {{ margin-top: {}; }}\n\
         .signers {{ display: flex; margin-top: {}; }}\n\
         .signer {{ flex: 1; margin: 0; }}\n\
         .signer-name {{ display: block; margin-top: {}; }}\n\
         .signature {{ display: flex; align-items: flex-end; height: {}; }}\n\
         .signature + .signer-name {{ margin-top: 0; }}\n\
         mark.open-field {{ background: {}; color: var(--text); }}\n",
        unit(style.table.pad_y),
        unit(style.table.pad_x),
        unit(style.table.rule_width.max(0.75)),
        unit(style.table.top_rule_width.max(0.75)),
        unit(style.table.space_after),
        unit(style.fields.label_width),
        unit(style.fields.space_after),
        unit(style.lists.indent),
        unit(style.toc.entry.space_after),
        unit(style.toc.indent),
        unit(style.logo.height),
        unit(style.logo.max_width),
        if style.header.rule {
            format!(
                "{} solid var(--rule)",
                unit(style.table.rule_width.max(0.75))
            )
        } else {
            "none".to_owned()
        },
        unit(style.signatures.space_before),
        unit(style.signatures.gap),
        unit(style.signatures.signature_space),
        unit(style.signatures.signature_space),
        hex(style.colors.open_field),
    ));
    css
}

const SCREEN: &str = r#"*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto;
  max-width: 42em;
  padding: 1.5rem 1.25rem 3rem;
  font-family: var(--font);
  background: #ffffff;
  overflow-wrap: break-word;
}
h1, h2, h3, h4, h5, h6, .title { color: var(--accent); }
p, ul, ol, dl, table { margin: 0 0 1em; }
a { color: var(--accent); text-decoration: underline; text-underline-offset: 0.15em; }
a:hover { text-decoration-thickness: 0.125em; }
a:focus-visible { outline: 3px solid #1b1b1b; outline-offset: 2px; }
.skip:not(:focus) {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
.skip:focus { display: inline-block; margin-bottom: 1rem; padding: 0.25em 0.5em; }
.page-header {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  justify-content: space-between;
  gap: 0.75rem 1.5rem;
  padding-bottom: 0.75rem;
  margin-bottom: 1.5rem;
}
.page-header .concept { flex-basis: 100%; }
.logo { display: block; width: auto; }
.concept {
  margin: 0;
  padding: 0.5rem 0.75rem;
  border: 2px solid #8a6100;
  background: #fff4d6;
  color: #1b1b1b;
}
li { margin: 0.25em 0; }
li > p { margin: 0 0 0.5em; }
li > ol, li > ul { margin: 0.25em 0; }
ul.bullet-disc { list-style-type: disc; }
ul.bullet-dash { list-style-type: "– "; }
ul.bullet-square { list-style-type: square; }
/* Letters as Word counts them: after z come aa, bb (not ab), as in the PDF and the DOCX. */
@counter-style word-lower-alpha {
  system: symbolic;
  symbols: a b c d e f g h i j k l m n o p q r s t u v w x y z;
  suffix: ". ";
}
ol[type="a"] { list-style-type: word-lower-alpha; }
table { border-collapse: collapse; width: 100%; }
th, td {
  text-align: left;
  vertical-align: top;
}
thead th { background: var(--tint); }
dl.fields dd { margin: 0; }
dl.fields-inline {
  display: grid;
  gap: 0.25em 1.5em;
}
dl.fields-stacked dd { margin-bottom: 0.75em; }
nav.toc {
  border-left: 4px solid var(--accent);
  padding: 0.25em 0 0.25em 1em;
  margin: 1.5em 0 2em;
}
nav.toc h2 { margin-top: 0; font-size: 1.1875rem; }
nav.toc ul { list-style: none; padding-left: 0; margin: 0; }
.page-break { display: none; }
.page-footer {
  margin-top: 3rem;
  padding-top: 0.75rem;
  border-top: 1px solid #8c8c8c;
}
.page-footer p { margin: 0; }
"#;

/// Small screens: one column for the fields, smaller title; after the roles so that it
/// wins over them.
const NARROW: &str = r#"@media (max-width: 30em) {
  .title { font-size: 1.5rem; hyphens: auto; }
  dl.fields-inline { grid-template-columns: 1fr; row-gap: 0; }
  dl.fields-inline dd { margin-bottom: 0.5em; }
}
"#;

const PRINT: &str = r#"  body { max-width: none; padding: 0; }
  .skip { display: none; }
  a { color: inherit; }
  nav a { text-decoration: none; color: inherit; }
  a.show-url::after { content: " (" attr(href) ")"; word-break: break-all; }
  h1, h2, h3, h4, h5, h6, .title { break-after: avoid; page-break-after: avoid; break-inside: avoid; }
  p, li, dd { orphans: 3; widows: 3; }
  tr, img, dt, li { break-inside: avoid; page-break-inside: avoid; }
  dt { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
  .page-break { display: block; break-before: page; page-break-before: always; }
  .page-footer { margin-top: 2rem; }
"#;

const WATERMARK: &str = r#"  body::before {
    content: "CONCEPT";
    position: fixed;
    top: 50%;
    left: 50%;
    transform: translate(-50%, -50%) rotate({angle}deg);
    font-size: {size}pt;
    font-weight: bold;
    color: {color};
    white-space: nowrap;
    z-index: -1;
    pointer-events: none;
  }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_known_values() {
        assert!((contrast(WHITE, Rgb(0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        // #767676 is the classic lightest grey that passes 4.5:1 on white.
        assert!(contrast(Rgb(0x76, 0x76, 0x76), WHITE) >= 4.5);
        assert!(contrast(Rgb(0x77, 0x77, 0x77), WHITE) < 4.5);
    }

    #[test]
    fn light_accents_are_darkened_until_they_pass() {
        let dark = Rgb(0x1F, 0x3A, 0x5F);
        assert_eq!(accessible_accent(dark), dark, "a passing colour is kept");
        for light in [
            Rgb(0xFF, 0xCC, 0x00),
            Rgb(0x00, 0xA0, 0xE0),
            WHITE,
            Rgb(0x77, 0x77, 0x77),
        ] {
            let c = accessible_accent(light);
            assert!(contrast(c, WHITE) >= MIN_CONTRAST, "{light:?} → {c:?}");
            assert!(c.0 <= light.0 && c.1 <= light.1 && c.2 <= light.2);
        }
    }
}
