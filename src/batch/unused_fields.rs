//! Fields of the letter that the chosen letter format does not use: their text would
//! silently not appear (`kennisnemen-van` with `soort: actieve-raadsinformatie`), so
//! the user is told, with the place in the region file.
//!
//! Checked against the templates this run uses, the user's own included, because only
//! a template knows which fields it shows.

use std::collections::{BTreeSet, HashMap};

use crate::diagnostics::{Finding, Severity};
use crate::templates::context::effective_brief;
use crate::templates::Templates;
use crate::validate::locate::{find_key, Place};
use crate::validate::Validated;

/// The optional fields of a letter: key in the region file, key in the template context.
const OPTIONAL: [(&str, &str); 6] = [
    ("kennisnemen-van", "kennisnemen_van"),
    ("consequenties", "consequenties"),
    ("vervolg", "vervolg"),
    ("aanhef", "aanhef"),
    ("behandeld-door", "behandeld_door"),
    ("kenmerk", "kenmerk"),
];

/// The warnings as `build` prints them: one line each, with the place first.
pub fn check(validated: &Validated, templates: &Templates, indices: &[usize]) -> Vec<String> {
    findings(validated, templates, indices)
        .into_iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {}. Haal het veld weg, kies een ander `soort`, of neem het op in \
                 uw eigen sjabloon",
                f.file, f.line, f.column, f.message
            )
        })
        .collect()
}

/// One warning per field given in the file (shared or a municipality's own) that the
/// letter format of the municipalities in `indices` never shows; `validate` shows them
/// as findings with their line.
pub fn findings(validated: &Validated, templates: &Templates, indices: &[usize]) -> Vec<Finding> {
    let region = &validated.region;
    let mut said = BTreeSet::new();
    let mut shared: HashMap<&str, Option<Place>> = HashMap::new();
    let mut warnings = Vec::new();
    for &i in indices {
        let Some(gemeente) = region.gemeenten.get(i) else {
            continue;
        };
        let Ok(brief) = effective_brief(region, gemeente) else {
            continue;
        };
        let format = brief.soort.id();
        for (yaml, key) in OPTIONAL {
            let given = match yaml {
                "kennisnemen-van" => brief.kennisnemen_van.is_some(),
                "consequenties" => brief.consequenties.is_some(),
                "vervolg" => brief.vervolg.is_some(),
                "aanhef" => brief.aanhef.is_some(),
                "behandeld-door" => brief.behandeld_door.is_some(),
                _ => brief.kenmerk.is_some(),
            };
            if !given || templates.mentions(format, key) {
                continue;
            }
            // A municipality's own key only where it overrides the field; the shared
            // key is looked up once, not once per letter (each look-up walks the file).
            let overrides = matches!(&gemeente.brief,
                Some(serde_json::Value::Object(o)) if o.contains_key(yaml));
            let own = overrides
                .then(|| find_key(validated, &format!("gemeenten[{i}].brief.{yaml}")))
                .flatten();
            let place = own.or_else(|| {
                shared
                    .entry(yaml)
                    .or_insert_with(|| find_key(validated, &format!("brief.{yaml}")))
                    .clone()
            });
            let Some(place) = place else { continue };
            if !said.insert((format, place.field.clone())) {
                continue;
            }
            warnings.push(Finding::new(
                Severity::Warning,
                "unused-field",
                validated.source.name.clone(),
                (place.line, place.column),
                place.field.clone(),
                format!(
                    "het veld `{}` staat in het regiobestand, maar het briefformat `{format}` \
                     (sjabloon {}) gebruikt het niet: de tekst komt niet in de brief",
                    place.field,
                    templates.origin(format),
                ),
                "haal het veld weg, kies een ander `soort`, of neem het op in uw eigen sjabloon",
            ));
        }
    }
    warnings
}
