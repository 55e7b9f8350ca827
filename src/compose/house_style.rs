//! The house style a document is drawn in: the built-in style — or the Word template's
//! look, when the house style names a `sjabloon` — then the region's `huisstijl`, then
//! the municipality's, key by key ([`Huisstijl::over`]), in points.
//!
//! Done once per document here, so that the renderers get every number decided and
//! none of them reads the region file's settings itself.

use crate::document::style::{
    tint, HouseStyle, Side, DEFAULT_ACCENT, DEFAULT_BODY_SIZE, PT_PER_CM,
};
use crate::document::Rgb;
use crate::model::{Huisstijl, Kant};

/// The resolved style of `settings` (already merged over the region's), on the look of
/// the checked Word template it names, if any (read once per run by
/// [`crate::word_template::TemplateSet`]).
pub fn resolve(settings: &Huisstijl, template: Option<&HouseStyle>) -> HouseStyle {
    let accent = settings.kleur.as_deref().and_then(Rgb::parse);
    let mut style = match template {
        // What the template states stands; only the keys written next to it change it.
        Some(look) => {
            let mut style = look.clone();
            if let Some(accent) = accent {
                set_accent(&mut style, accent);
            }
            if let Some(size) = settings.lettergrootte {
                set_body_size(&mut style, size);
            }
            if let Some(on) = settings.uitvullen {
                style = style.justified(on);
            }
            style
        }
        None => HouseStyle::built_in(
            accent.unwrap_or(DEFAULT_ACCENT),
            settings.lettergrootte.unwrap_or(DEFAULT_BODY_SIZE),
        )
        .justified(settings.uitvullen.unwrap_or(false)),
    };
    if let Some(font) = settings.lettertype.as_deref().map(str::trim) {
        if !font.is_empty() {
            style.families[0] = font.to_owned();
        }
    }
    if let Some(m) = settings.marges {
        let cm = |v: Option<f64>, current: f64| v.map_or(current, |v| v * PT_PER_CM);
        let g = &mut style.page;
        g.margin_top = cm(m.boven, g.margin_top);
        g.margin_right = cm(m.rechts, g.margin_right);
        g.margin_bottom = cm(m.onder, g.margin_bottom);
        g.margin_left = cm(m.links, g.margin_left);
    }
    if let Some(side) = settings.logo_positie {
        style.logo.side = match side {
            Kant::Links => Side::Left,
            Kant::Rechts => Side::Right,
        };
    }
    if let Some(width) = settings.logo_breedte {
        style.logo.width = Some(width * PT_PER_CM);
    }
    if let Some(address) = settings.adresregel.as_deref() {
        style.address = address.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    style
}

/// `kleur` next to a template: the roles that take the accent follow it, as in the
/// built-in style (title, headings, the table header's tint).
fn set_accent(style: &mut HouseStyle, accent: Rgb) {
    let old = style.colors.accent;
    style.colors.accent = accent;
    for role in std::iter::once(&mut style.title).chain(style.headings.iter_mut()) {
        if role.color == old {
            role.color = accent;
        }
    }
    style.table.header_fill = tint(accent, 0.14);
}

/// `lettergrootte` next to a template: the body and the roles set at body size (fields,
/// table of contents) take the new size, their line heights in proportion.
fn set_body_size(style: &mut HouseStyle, size: f64) {
    let size = if size.is_finite() {
        size.clamp(6.0, 24.0)
    } else {
        return;
    };
    let old = style.body.size;
    let scale = |role: &mut crate::document::style::TextRole| {
        if (role.size - old).abs() < 0.01 {
            role.line_height *= size / role.size.max(1.0);
            role.size = size;
        }
    };
    scale(&mut style.body);
    scale(&mut style.fields.label);
    scale(&mut style.fields.stacked_label);
    scale(&mut style.fields.value);
    scale(&mut style.toc.entry);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Marges;

    #[test]
    fn nothing_said_is_the_built_in_style() {
        assert_eq!(resolve(&Huisstijl::default(), None), HouseStyle::default());
    }

    #[test]
    fn the_municipality_overrides_the_region_key_by_key() {
        let region = Huisstijl {
            kleur: Some("#8B1A3C".into()),
            lettergrootte: Some(11.0),
            marges: Some(Marges {
                links: Some(3.0),
                boven: Some(2.0),
                ..Marges::default()
            }),
            adresregel: Some("Postbus 1  ·  1200 AA  Regio".into()),
            ..Huisstijl::default()
        };
        let own = Huisstijl {
            kleur: Some("#005A9C".into()),
            marges: Some(Marges {
                links: Some(2.0),
                ..Marges::default()
            }),
            logo_positie: Some(Kant::Links),
            ..Huisstijl::default()
        };
        let s = resolve(&own.over(&region), None);
        assert_eq!(s.colors.accent, Rgb(0x00, 0x5A, 0x9C), "own colour wins");
        assert_eq!(s.body.size, 11.0, "the region's size stays");
        assert!(
            (s.page.margin_left - 2.0 * PT_PER_CM).abs() < 1e-9,
            "own left margin"
        );
        assert!(
            (s.page.margin_top - 2.0 * PT_PER_CM).abs() < 1e-9,
            "the region's top"
        );
        assert!(
            (s.page.margin_right - 2.5 * PT_PER_CM).abs() < 1e-9,
            "built-in right"
        );
        assert_eq!(s.logo.side, Side::Left);
        assert_eq!(s.address, "Postbus 1 · 1200 AA Regio");
    }

    #[test]
    fn an_own_logo_brings_its_own_alternative_text() {
        let region = Huisstijl {
            logo: Some("regio.png".into()),
            logo_alt: Some("Logo van de regio".into()),
            ..Huisstijl::default()
        };
        let own = Huisstijl {
            logo: Some("gemeente.png".into()),
            ..Huisstijl::default()
        };
        assert_eq!(own.over(&region).logo_alt, None);
        assert_eq!(
            Huisstijl::default().over(&region).logo_alt.as_deref(),
            Some("Logo van de regio")
        );
    }

    #[test]
    fn a_municipality_template_stops_the_regions_look_but_not_its_fonts() {
        let region = Huisstijl {
            kleur: Some("#8B1A3C".into()),
            lettergrootte: Some(12.0),
            lettertypen: Some(crate::model::Lettertypen::One("fonts/".into())),
            ..Huisstijl::default()
        };
        let own = Huisstijl {
            sjabloon: Some("sjablonen/eigen.dotx".into()),
            uitvullen: Some(true),
            ..Huisstijl::default()
        };
        let merged = own.over(&region);
        assert_eq!(merged.kleur, None);
        assert_eq!(merged.lettergrootte, None);
        assert_eq!(merged.uitvullen, Some(true));
        assert_eq!(merged.lettertypen, region.lettertypen);
        // Without a template of its own, the region's look is inherited as before.
        let plain = Huisstijl {
            uitvullen: Some(true),
            ..Huisstijl::default()
        };
        assert_eq!(plain.over(&region).kleur, region.kleur);
    }
}
