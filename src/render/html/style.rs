//! The embedded stylesheet: readable on screen, A4 in print, colours that pass WCAG AA.

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

/// A light tint of the accent (10 % accent on white), for table header cells.
fn tint(c: Rgb) -> Rgb {
    let mix = |v: u8| ((u32::from(v) + 9 * 255 + 5) / 10) as u8;
    Rgb(mix(c.0), mix(c.1), mix(c.2))
}

const FONT_STACK: &str = "Arial, \"Liberation Sans\", system-ui, -apple-system, \"Segoe UI\", Roboto, Helvetica, sans-serif";

/// The whole stylesheet for one document.
pub fn stylesheet(page: &PageStyle) -> String {
    let accent = accessible_accent(page.accent);
    let font = page.font.trim();
    let font = if font.is_empty() {
        FONT_STACK.to_owned()
    } else {
        format!("{}, {FONT_STACK}", css_string(font))
    };
    let mut css = format!(
        ":root {{\n  --accent: #{};\n  --tint: #{};\n  --font: {font};\n}}\n",
        accent.hex().to_ascii_lowercase(),
        tint(accent).hex().to_ascii_lowercase(),
    );
    css.push_str(SCREEN);
    css.push_str("@media print {\n");
    css.push_str("  @page {\n    size: A4;\n    margin: 25mm 20mm 25mm 25mm;\n");
    if let Some(content) = print_footer(&page.footer) {
        css.push_str(&format!(
            "    @bottom-right {{ content: {content}; {MARGIN_BOX_FONT} }}\n"
        ));
    }
    let header = page.header.split_whitespace().collect::<Vec<_>>().join(" ");
    if !header.is_empty() {
        css.push_str(&format!(
            "    @top-right {{ content: {}; {MARGIN_BOX_FONT} }}\n",
            css_string(&header)
        ));
    }
    css.push_str("  }\n  @page :first {\n    @top-right { content: none; }\n  }\n");
    css.push_str(PRINT);
    if page.justify {
        css.push_str("  main p { text-align: justify; hyphens: auto; }\n");
    }
    if page.draft {
        css.push_str(WATERMARK);
    }
    css.push_str("}\n");
    css
}

const MARGIN_BOX_FONT: &str =
    "font-family: Arial, \"Liberation Sans\", sans-serif; font-size: 9pt; color: #404040;";

const SCREEN: &str = r#"*, *::before, *::after { box-sizing: border-box; }
html { color-scheme: light; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0 auto;
  max-width: 42em;
  padding: 1.5rem 1.25rem 3rem;
  font-family: var(--font);
  font-size: 1.0625rem;
  line-height: 1.5;
  color: #1b1b1b;
  background: #ffffff;
  overflow-wrap: break-word;
}
h1, h2, h3, h4, h5, h6, .title {
  color: var(--accent);
  line-height: 1.25;
  margin: 1.75em 0 0.5em;
}
h1, .title { font-size: 1.75rem; margin-top: 1rem; font-weight: bold; }
h2 { font-size: 1.375rem; }
h3 { font-size: 1.1875rem; }
h4, h5, h6 { font-size: 1.0625rem; }
p, ul, ol, dl, table { margin: 0 0 1em; }
.subtitle { font-size: 1.1875rem; color: #404040; margin-top: -0.25em; }
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
  border-bottom: 3px solid var(--accent);
  padding-bottom: 0.75rem;
  margin-bottom: 1.5rem;
}
.page-header .concept { flex-basis: 100%; }
.logo {
  display: block;
  width: auto;
  height: auto;
  max-width: min(100%, 16rem);
  max-height: 5rem;
}
.page-header-text { margin: 0; font-weight: bold; color: #404040; }
.concept {
  margin: 0;
  padding: 0.5rem 0.75rem;
  border: 2px solid #8a6100;
  background: #fff4d6;
  color: #1b1b1b;
}
ol, ul { padding-left: 1.75em; }
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
  border: 1px solid #8c8c8c;
  padding: 0.35em 0.6em;
  text-align: left;
  vertical-align: top;
}
thead th { background: var(--tint); }
dl.fields dt { font-weight: bold; }
dl.fields dd { margin: 0; }
dl.fields-inline {
  display: grid;
  grid-template-columns: minmax(7em, max-content) 1fr;
  gap: 0.25em 1.5em;
}
dl.fields-stacked dd { margin-bottom: 0.75em; }
@media (max-width: 30em) {
  h1, .title { font-size: 1.5rem; hyphens: auto; }
  dl.fields-inline { grid-template-columns: 1fr; row-gap: 0; }
  dl.fields-inline dd { margin-bottom: 0.5em; }
}
nav.toc {
  border-left: 4px solid var(--accent);
  padding: 0.25em 0 0.25em 1em;
  margin: 1.5em 0 2em;
}
nav.toc h2 { margin-top: 0; font-size: 1.1875rem; }
nav.toc ul { list-style: none; padding-left: 0; margin: 0; }
nav.toc ul ul { padding-left: 1.25em; }
.page-break { display: none; }
.page-footer {
  margin-top: 3rem;
  padding-top: 0.75rem;
  border-top: 1px solid #8c8c8c;
  font-size: 0.9375rem;
  color: #404040;
}
.page-footer p { margin: 0; }
"#;

const PRINT: &str = r#"  html { font-size: 11pt; }
  body { max-width: none; padding: 0; font-size: 11pt; color: #000000; }
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
    transform: translate(-50%, -50%) rotate(-45deg);
    font-size: 96pt;
    font-weight: bold;
    letter-spacing: 0.1em;
    color: rgba(0, 0, 0, 0.08);
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
