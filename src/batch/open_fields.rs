//! Open fields (`[in te vullen: …]`) in the composed documents: a definitief document
//! with one is refused, with a finding per field that points into the region file; a
//! concept is built with them highlighted, and a warning says how many are left.
//!
//! Checked on the documents rather than on the region file, so that only what a
//! document really shows counts (a field no template uses is no open field) and a
//! user's own template is covered as well as the built-in ones.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::compose::Kind;
use crate::diagnostics::{self, Finding, Severity};
use crate::document::Document;
use crate::error::{Error, Result};
use crate::model::BriefStatus;
use crate::templates::context::effective_brief;
use crate::validate::locate::{Locator, Place};
use crate::validate::Validated;

/// The rule id of an open field in a definitief document.
pub const RULE: &str = "open-field";

/// For a concept document with open fields, the warning that says which; for a
/// definitief one, every open field as an error. `places` is the run's [`Locator`],
/// made when the first document with an open field needs it.
pub fn check<'v>(
    validated: &'v Validated,
    places: &OnceLock<Locator<'v>>,
    kind: Kind,
    doc: &Document,
) -> Result<Option<String>> {
    let fields = doc.open_fields();
    if fields.is_empty() {
        return Ok(None);
    }
    let places = self::places(
        places.get_or_init(|| Locator::new(validated)),
        kind,
        &fields,
    );
    if status(validated, kind) == BriefStatus::Definitief {
        let what = match kind {
            Kind::Letter(i) => format!(
                "de definitieve brief van {}",
                validated.region.gemeenten[i].naam
            ),
            Kind::Appendix => "het definitieve samenwerkingsdocument".to_owned(),
        };
        let mut errors: Vec<Finding> = places
            .into_iter()
            .map(|(text, place)| finding(validated, &what, &text, place))
            .collect();
        diagnostics::sort(&mut errors);
        return Err(Error::Invalid(errors));
    }
    let list: Vec<String> = places
        .iter()
        .map(|(text, place)| match place {
            Some(p) => format!(
                "{} ({}:{}:{})",
                p.field, validated.source.name, p.line, p.column
            ),
            None => format!("‘{text}’ (uit het sjabloon)"),
        })
        .collect();
    let n = list.len();
    Ok(Some(format!(
        "{n} open veld{} ([in te vullen: …]), geel gemarkeerd in het concept: {}",
        if n == 1 { "" } else { "en" },
        list.join(", ")
    )))
}

fn status(validated: &Validated, kind: Kind) -> BriefStatus {
    let region = &validated.region;
    match kind {
        Kind::Letter(i) => {
            effective_brief(region, &region.gemeenten[i]).map_or(region.brief.status, |b| b.status)
        }
        Kind::Appendix => region.brief.status,
    }
}

/// Each distinct open field of a document with its place in the region file (`None`
/// when a template wrote it). A letter looks in its own municipality first (its
/// overrides included), then in the shared letter and the region.
fn places(locator: &Locator, kind: Kind, fields: &[String]) -> Vec<(String, Option<Place>)> {
    let own = match kind {
        Kind::Letter(i) => format!("gemeenten[{i}]"),
        Kind::Appendix => "samenwerkingsdocument".to_owned(),
    };
    let scopes = [own.as_str(), "brief", "regio", "samenwerkingsdocument", ""];
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for text in fields {
        let place = locator.find(&scopes, text);
        let key = place
            .as_ref()
            .map_or((String::new(), 0, 0, text.clone()), |p| {
                (p.field.clone(), p.line, p.column, String::new())
            });
        if seen.insert(key) {
            out.push((text.clone(), place));
        }
    }
    out
}

fn finding(validated: &Validated, what: &str, text: &str, place: Option<Place>) -> Finding {
    match place {
        Some(p) => Finding::new(
            Severity::Error,
            RULE,
            validated.source.name.clone(),
            (p.line, p.column),
            p.field,
            format!("open veld in {what}: ‘{text}’"),
            "vervang ‘[in te vullen: …]’ door de echte waarde; of zet in `brief:` `status: concept` om eerst een concept te maken, waarin elk open veld geel gemarkeerd is",
        ),
        None => Finding::new(
            Severity::Error,
            RULE,
            validated.source.name.clone(),
            (1, 1),
            String::new(),
            format!("open veld in {what}: ‘{text}’ staat in het sjabloon, niet in het regiobestand"),
            "vul de tekst in uw sjabloon in (`--templates`), of zet in `brief:` `status: concept` om eerst een concept te maken",
        ),
    }
}
