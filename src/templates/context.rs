//! The data a template sees: the region, resolved for one document.
//!
//! This is the templates' public interface, documented in README.md, so it is built
//! explicitly rather than by serialising the model: overrides are already applied,
//! placeholders in plain fields filled, and markup-capable fields replaced by tokens
//! whose blocks were parsed on their own (see [`crate::compose::markdown`]).

use std::sync::Arc;

use serde_json::{json, Value};

use crate::document::ListKind;
use crate::error::{Error, Result};
use crate::markup::{self, FieldTokens, Lists, Values};
use crate::model::{Brief, Gemeente, Region};
use crate::templates::uses::Uses;

/// The shared letter with `gemeente`'s overrides applied. Field by field: an override
/// replaces the shared value, nothing else is touched.
pub fn effective_brief(region: &Region, gemeente: &Gemeente) -> Result<Brief> {
    let Some(Value::Object(overrides)) = &gemeente.brief else {
        return Ok(region.brief.clone());
    };
    let mut merged = serde_json::to_value(&region.brief).map_err(|e| {
        Error::failed(
            format!("kan de brief van {} niet samenstellen: {e}", gemeente.naam),
            "",
        )
    })?;
    if let Value::Object(base) = &mut merged {
        for (key, value) in overrides {
            base.insert(key.clone(), value.clone());
        }
    }
    serde_json::from_value(merged).map_err(|e| {
        Error::failed(
            format!(
                "het blok `brief:` van {} past niet op de gedeelde brief: {e}",
                gemeente.naam
            ),
            "vergelijk de velden met die van het gedeelde blok `brief:`",
        )
    })
}

/// What is the same in every document of a run, built once: the generated lists
/// (`{gemeenten}` has an item per municipality, so building them per letter made a
/// region quadratic in its size).
#[derive(Debug, Clone)]
pub struct Shared {
    lists: Arc<Lists>,
}

impl Shared {
    pub fn new(region: &Region) -> Shared {
        let doc = &region.samenwerkingsdocument;
        Shared {
            lists: Arc::new(vec![
                (
                    "afspraken",
                    ListKind::Numbered,
                    doc.afspraken.iter().map(|a| a.label.clone()).collect(),
                ),
                (
                    "basisfuncties",
                    ListKind::Bulleted,
                    doc.basisfuncties.iter().map(|b| b.label.clone()).collect(),
                ),
                (
                    "brondocumenten",
                    ListKind::Bulleted,
                    doc.brondocumenten.iter().map(|b| b.titel.clone()).collect(),
                ),
                (
                    "gemeenten",
                    ListKind::Bulleted,
                    region.gemeenten.iter().map(|g| g.naam.clone()).collect(),
                ),
            ]),
        }
    }
}

/// Placeholder values for a document; `gemeente` is absent for the region's appendix.
pub fn values(shared: &Shared, region: &Region, gemeente: Option<&Gemeente>) -> Values {
    let a = &region.regio.aanspreekpunt;
    let doc = &region.samenwerkingsdocument;
    let mut inline = vec![
        ("regio", region.regio.naam.clone()),
        ("samenwerkingsdocument", doc.titel.clone()),
        (
            "aanspreekpunt",
            format!("{} ({}, {})", a.naam, a.rol, a.organisatie),
        ),
    ];
    if let Some(g) = gemeente {
        inline.push(("gemeente", g.naam.clone()));
        inline.push(("portefeuillehouder", g.portefeuillehouder.clone()));
    }
    Values {
        inline,
        lists: Arc::clone(&shared.lists),
    }
}

/// Builds contexts, registering each markup-capable field's blocks as it goes.
pub struct ContextBuilder<'a> {
    /// Shared with the field tokens, which parse their text when a template uses it.
    values: Arc<Values>,
    pub tokens: FieldTokens,
    region: &'a Region,
}

impl<'a> ContextBuilder<'a> {
    pub fn new(shared: &Shared, region: &'a Region, gemeente: Option<&Gemeente>) -> Self {
        ContextBuilder {
            values: Arc::new(values(shared, region, gemeente)),
            tokens: FieldTokens::default(),
            region,
        }
    }

    /// A markup field as a token (or null when absent, so `{{#if}}` works).
    fn markup(&mut self, text: Option<&str>) -> Value {
        match text.map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => Value::String(self.tokens.add_text(text, &self.values)),
            None => Value::Null,
        }
    }

    fn plain(&self, text: &str) -> String {
        markup::scrub(&markup::fill(text, &self.values)).into_owned()
    }

    /// What letters and the appendix share: `regio` always, the region-wide
    /// `samenwerkingsdocument` and `gemeenten` only for a template that can reach them
    /// (see [`crate::templates::uses`]).
    fn common(&mut self, uses: &Uses) -> serde_json::Map<String, Value> {
        let region = self.region;
        let a = &region.regio.aanspreekpunt;
        let mut map = serde_json::Map::new();
        map.insert(
            "regio".into(),
            json!({
                "naam": region.regio.naam,
                "aanspreekpunt": { "naam": a.naam, "rol": a.rol, "organisatie": a.organisatie },
            }),
        );
        if uses.reaches("samenwerkingsdocument") {
            let doc = self.samenwerkingsdocument();
            map.insert("samenwerkingsdocument".into(), doc);
        }
        if uses.reaches("gemeenten") {
            map.insert(
                "gemeenten".into(),
                region
                    .gemeenten
                    .iter()
                    .map(|g| Value::String(g.naam.clone()))
                    .collect(),
            );
        }
        map
    }

    fn samenwerkingsdocument(&mut self) -> Value {
        let doc = &self.region.samenwerkingsdocument;
        let afspraken: Vec<Value> = doc
            .afspraken
            .iter()
            .enumerate()
            .map(|(i, a)| {
                json!({
                    "nummer": i + 1,
                    "label": self.plain(&a.label),
                    "status": a.status.id(),
                    "onderwerpen": a.onderwerpen.iter().map(|o| o.name()).collect::<Vec<_>>(),
                    "onderwerp_ids": a.onderwerpen.iter().map(|o| o.id()).collect::<Vec<_>>(),
                    "samenvatting": self.plain(a.samenvatting.as_deref().unwrap_or(&a.label)),
                    "tekst": self.markup(Some(&a.tekst)),
                })
            })
            .collect();
        let basisfuncties: Vec<Value> = doc
            .basisfuncties
            .iter()
            .map(|b| {
                json!({
                    "functie": b.functie.id(),
                    "label": self.plain(&b.label),
                    "status": b.status.id(),
                    "toelichting": self.markup(b.toelichting.as_deref()),
                })
            })
            .collect();
        let brondocumenten: Vec<Value> = doc
            .brondocumenten
            .iter()
            .map(|b| {
                json!({
                    "titel": self.plain(&b.titel),
                    "omschrijving": b.omschrijving.as_deref().map(|o| self.plain(o)),
                    "url": b.url,
                })
            })
            .collect();
        let inleiding = self.markup(doc.inleiding.as_deref());
        json!({
            "titel": doc.titel,
            "ondertitel": doc.ondertitel,
            "vastgesteld": doc.vastgesteld,
            "inleiding": inleiding,
            "afspraken": afspraken,
            "basisfuncties": basisfuncties,
            "brondocumenten": brondocumenten,
        })
    }

    /// Context for the region's samenwerkingsdocument, as far as its template
    /// (`uses`) can reach.
    pub fn appendix(&mut self, uses: &Uses) -> Value {
        Value::Object(self.common(uses))
    }

    /// Context for `gemeente`'s letter, with `brief` its effective letter, as far as
    /// its template (`uses`) can reach.
    pub fn letter(&mut self, gemeente: &Gemeente, brief: &Brief, uses: &Uses) -> Value {
        let mut map = self.common(uses);
        let date = brief
            .date()
            .map(|d| d.iso())
            .unwrap_or_else(|| brief.datum.clone());
        let raad = self.plain(&gemeente.adressering.raad);
        let college = self.plain(&gemeente.adressering.college);
        let ondertekening = gemeente.ondertekening.as_ref().map(|o| {
            // A signature is a picture, which template text cannot carry: the
            // template places a token that the compose stage replaces by the image
            // it loaded (see `compose::signatures`); null when there is none.
            let handtekening = |role: &str, image: Option<&crate::model::Handtekening>| {
                image.map(|_| markup::image_token(&format!("handtekening-{role}")))
            };
            let images = o.handtekeningen.as_ref();
            json!({
                "burgemeester": self.plain(&o.burgemeester),
                "secretaris": self.plain(&o.secretaris),
                "handtekeningen": {
                    "burgemeester": handtekening("burgemeester", images.and_then(|h| h.burgemeester.as_ref())),
                    "secretaris": handtekening("secretaris", images.and_then(|h| h.secretaris.as_ref())),
                },
            })
        });
        map.insert(
            "gemeente".into(),
            json!({
                "naam": gemeente.naam,
                "cbs": gemeente.cbs,
                "portefeuillehouder": gemeente.portefeuillehouder,
                "college": college,
                "raad": raad,
                "afzender": format!("{college} van {}", gemeente.naam),
                "ondertekening": ondertekening,
            }),
        );
        let behandeld_door = brief.behandeld_door.as_ref().map(|b| {
            json!({
                "naam": self.plain(&b.naam),
                "telefoon": b.telefoon.as_deref().map(|t| self.plain(t)),
                "e_mail": b.email.as_deref().map(|e| self.plain(e)),
            })
        });
        let brief_json = json!({
            "soort": brief.soort.id(),
            "status": if brief.status == crate::model::BriefStatus::Concept { "concept" } else { "definitief" },
            "concept": brief.status == crate::model::BriefStatus::Concept,
            "datum": date,
            "kenmerk": brief.kenmerk.as_deref().map(|k| self.plain(k)),
            "aanhef": brief.aanhef.as_deref().map(|a| self.plain(a)),
            "behandeld_door": behandeld_door,
            "onderwerp": self.plain(&brief.onderwerp),
            "openbaar": brief.openbaar,
            "kennisnemen_van": self.markup(brief.kennisnemen_van.as_deref()),
            "aanleiding": self.markup(Some(&brief.aanleiding)),
            "kernboodschap": self.markup(Some(&brief.kernboodschap)),
            "consequenties": self.markup(brief.consequenties.as_deref()),
            "vervolg": self.markup(brief.vervolg.as_deref()),
            "bijlagen": brief.bijlagen.iter().map(|b| self.plain(b)).collect::<Vec<_>>(),
        });
        map.insert("brief".into(), brief_json);
        Value::Object(map)
    }
}
