//! The house style a template gives the PDF and HTML: its page, its styles mapped onto
//! our text roles, and its header and footer bands.

use std::sync::Arc;

use crate::document::page_bands::{BandPair, PageBands};
use crate::document::style::{tint, HouseStyle, TextRole};

use super::furniture::{self, Context, Report};
use super::section::Section;
use super::styles::{Props, Styles};
use super::styles_part::StylesPart;
use super::theme::Theme;
use super::{rels, Parts};

/// Fills `style` from the template in `parts`: what the template states replaces the
/// built-in value, what it does not state stays. Returns the warnings (Dutch, for
/// the user): parts that could not be read, and what the PDF and HTML cannot draw.
pub fn apply_style(parts: &dyn Parts, style: &mut HouseStyle) -> Vec<String> {
    apply_style_read(parts, None, style)
}

/// [`apply_style`] with the styles part as the check that opened the template already
/// read it ([`StylesPart`]), used when it is the part the main document names.
pub(super) fn apply_style_read(
    parts: &dyn Parts,
    read: Option<StylesPart>,
    style: &mut HouseStyle,
) -> Vec<String> {
    let mut report = Report::default();
    let document = rels::main_document(parts);
    let theme = Theme::read(parts, &document);
    let styles_part = rels::styles_part(parts, &document);
    let styles = match read.filter(|r| r.part == styles_part) {
        Some(read) => Some(read.styles),
        None => parts.part(&styles_part).map(Styles::parse),
    };
    let styles = match styles {
        Some(Some(s)) => s,
        Some(None) => {
            report.messages.push(format!(
                "Sjabloon ({styles_part}): de opmaakprofielen zijn geen leesbare XML; de PDF en \
                 de HTML gebruiken de standaardopmaak"
            ));
            Styles::default()
        }
        None => Styles::default(),
    };
    apply_roles(&styles, &theme, style);
    let section = Section::read(parts, &document);
    if let Some(section) = &section {
        section.apply(&mut style.page);
        let bands = read_bands(parts, &styles, &theme, section, style, &mut report);
        if let Some(bands) = bands {
            // The template's letterhead replaces our header line and its rule.
            style.header.rule = false;
            style.bands = Some(Arc::new(bands));
        }
    }
    report.messages
}

fn read_bands(
    parts: &dyn Parts,
    styles: &Styles,
    theme: &Theme,
    section: &Section,
    style: &mut HouseStyle,
    report: &mut Report,
) -> Option<PageBands> {
    if section.headers.is_empty() && section.footers.is_empty() {
        return None;
    }
    let cx = Context {
        parts,
        styles,
        theme,
        fallback: style.body,
    };
    let mut read = |list: &[(String, String)], kind: &str, label: &str| {
        Section::part(list, kind)
            .map(|p| furniture::read_band(&cx, style, p, label, report))
            .unwrap_or_default()
    };
    let default = BandPair {
        header: read(&section.headers, "default", "Koptekst"),
        footer: read(&section.footers, "default", "Voettekst"),
    };
    // Word shows no header on a first page that has titlePg but no first header.
    let first = section.title_page.then(|| BandPair {
        header: read(&section.headers, "first", "Koptekst eerste pagina"),
        footer: read(&section.footers, "first", "Voettekst eerste pagina"),
    });
    Some(PageBands { first, default })
}

/// The template's styles onto our roles, by Word's built-in names.
fn apply_roles(styles: &Styles, theme: &Theme, style: &mut HouseStyle) {
    let normal = styles.resolve(None);
    if let Some(font) = normal.family(theme) {
        if let Some(first) = style.families.first_mut() {
            *first = font.to_owned();
        }
    }
    style.body = role(&normal, theme, style, style.body);
    let body = style.body;
    style.colors.text = body.color;
    let default_text = HouseStyle::default().colors.text;
    for field in [
        &mut style.fields.label,
        &mut style.fields.value,
        &mut style.fields.stacked_label,
        &mut style.toc.entry,
    ] {
        // Roles that take the body's colour follow it; the muted label keeps its own.
        let color = if field.color == default_text {
            body.color
        } else {
            field.color
        };
        *field = TextRole {
            family: body.family,
            size: body.size,
            line_height: body.line_height,
            color,
            ..*field
        };
    }
    let mut apply = |name: &str, target: fn(&mut HouseStyle) -> &mut TextRole| {
        if let Some(props) = styles.by_name(name) {
            let base = *target(style);
            let r = role(&props, theme, style, base);
            *target(style) = r;
            true
        } else {
            false
        }
    };
    apply("Title", |s| &mut s.title);
    apply("Subtitle", |s| &mut s.subtitle);
    let h1 = apply("heading 1", |s| &mut s.headings[0]);
    apply("heading 2", |s| &mut s.headings[1]);
    apply("heading 3", |s| &mut s.headings[2]);
    apply("header", |s| &mut s.header.text);
    apply("footer", |s| &mut s.footer.text);
    // The accent follows the first heading's colour, else the title's.
    let accent = if h1 {
        Some(style.headings[0].color)
    } else if styles.has("Title") {
        Some(style.title.color)
    } else {
        None
    };
    if let Some(accent) = accent {
        style.colors.accent = accent;
        style.table.header_fill = tint(accent, 0.14);
    }
    if let Some(list) = styles.by_name("List Paragraph") {
        if list.contextual == Some(true) {
            style.lists.item_gap = 0.0;
        } else if let Some(after) = list.space_after {
            style.lists.item_gap = after;
        }
        if let Some(hanging) = list.hanging.filter(|h| *h > 0.0) {
            style.lists.indent = hanging;
        }
    }
    if let Some(own) = styles.own_by_name("Table Grid") {
        let mut props = normal.clone();
        props.overlay(&own);
        let text = role(&props, theme, style, style.table.text);
        style.table.text = text;
        style.table.header = TextRole { bold: true, ..text };
        if let Some(m) = own.cell_margin {
            style.table.pad_x = m;
        }
    }
}

/// `base` with what `props` states.
fn role(props: &Props, theme: &Theme, style: &mut HouseStyle, base: TextRole) -> TextRole {
    let mut r = base;
    if let Some(name) = props.family(theme) {
        r.family = style.family_id(name);
    }
    if let Some(size) = props.size.filter(|s| s.is_finite() && *s > 0.0) {
        let leading = base.line_height / base.size.max(1.0);
        r.size = size.clamp(4.0, 96.0);
        r.line_height = r.size * leading;
    }
    if let Some(line) = props.line {
        r.line_height = line.points(r.size).max(r.size * 0.8);
    }
    if let Some(c) = props.rgb(theme) {
        r.color = c;
    }
    if let Some(b) = props.bold {
        r.bold = b;
    }
    if let Some(i) = props.italic {
        r.italic = i;
    }
    if let Some(v) = props.space_before {
        r.space_before = v;
    }
    if let Some(v) = props.space_after {
        r.space_after = v;
    }
    if let Some(a) = props.align {
        r.align = a;
    }
    r
}
