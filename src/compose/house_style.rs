//! The house style a document is drawn in: the built-in style, then the region's
//! `huisstijl`, then the municipality's, key by key ([`Huisstijl::over`]), in points.
//!
//! Done once per document here, so that the renderers get every number decided and
//! none of them reads the region file's settings itself.

use crate::document::style::{HouseStyle, Side, DEFAULT_ACCENT, DEFAULT_BODY_SIZE, PT_PER_CM};
use std::sync::Arc;

use crate::document::word_base::WordBase;
use crate::document::Rgb;
use crate::model::{Huisstijl, Kant};

/// The resolved style of `settings` (already merged over the region's), on the checked
/// Word template it names, if any.
pub fn resolve(settings: &Huisstijl, base: Option<Arc<WordBase>>) -> HouseStyle {
    let accent = settings
        .kleur
        .as_deref()
        .and_then(Rgb::parse)
        .unwrap_or(DEFAULT_ACCENT);
    let body = settings.lettergrootte.unwrap_or(DEFAULT_BODY_SIZE);
    let mut style =
        HouseStyle::built_in(accent, body).justified(settings.uitvullen.unwrap_or(false));
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
    style.base = base;
    style
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
