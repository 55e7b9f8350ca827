//! Each municipality's `cbs` code against the official list, on the letter's date.
//!
//! The schema only knows the shape `GM` + four digits, so Amsterdam's code on Katwijk
//! or a code that never existed went into every letter and manifest. Here the code must
//! exist, belong to the municipality named beside it, and be valid on the day the
//! letter is dated; where the name is known the fix names the right code.

use std::collections::BTreeSet;

use super::cbs::{self, Municipality};
use super::rules::Checker;
use crate::diagnostics::Severity;
use crate::model::{Date, Region};

pub fn check(c: &mut Checker, region: &Region) {
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for (i, g) in region.gemeenten.iter().enumerate() {
        // A repeated code or name, or a blank name, already has its finding
        // (`cbs-duplicate`, `gemeente-duplicate`, `name-blank`); one mistake, one message.
        let fresh_code = codes.insert(g.cbs.as_str());
        let fresh_name = names.insert(cbs::name_key(&g.naam));
        if !fresh_code || !fresh_name || g.naam.trim().is_empty() {
            continue;
        }
        let pointer = format!("/gemeenten/{i}/cbs");
        let date = letter_date(region, i);
        let Some(listed) = cbs::by_code(&g.cbs) else {
            let help = match suggestion(&g.naam, date) {
                Some(s) => s,
                None => format!(
                    "zoek de code van {} op in de lijst ‘Gemeentelijke indeling op 1 januari {}’ van het CBS (cbs.nl)",
                    g.naam.trim(),
                    date.map_or(2021, |d| d.year)
                ),
            };
            c.report(
                Severity::Error,
                "cbs-unknown",
                &pointer,
                false,
                format!("{} is geen gemeentecode van het CBS", g.cbs),
                help,
            );
            continue;
        };
        if !listed.is_named(&g.naam) {
            let help = match suggestion(&g.naam, date) {
                Some(s) => s,
                None => format!(
                    "is dit {}, schrijf dan `naam: {}`; anders: zoek de code van {} op in de lijst ‘Gemeentelijke indeling’ van het CBS",
                    listed.name,
                    listed.name,
                    g.naam.trim()
                ),
            };
            c.report(
                Severity::Error,
                "cbs-other-municipality",
                &pointer,
                false,
                format!(
                    "{} is de code van {}, niet van {}",
                    g.cbs,
                    listed.name,
                    g.naam.trim()
                ),
                help,
            );
            continue;
        }
        let Some(date) = date else { continue };
        if listed.is_valid_on(date) {
            continue;
        }
        let (message, help) = not_valid(listed, date);
        c.report(
            Severity::Error,
            "cbs-not-valid-on-date",
            &pointer,
            false,
            message,
            help,
        );
    }
}

/// The date on this municipality's letter: its own `brief.datum`, else the region's.
/// `None` for a date the date rule already refuses.
fn letter_date(region: &Region, i: usize) -> Option<Date> {
    let own = region.gemeenten[i]
        .brief
        .as_ref()
        .and_then(|b| b.get("datum"))
        .and_then(|d| d.as_str());
    match own {
        Some("vandaag") => Some(Date::today()),
        Some(text) => Date::parse_iso(text).ok(),
        None => region.brief.date(),
    }
}

/// "Katwijk heeft CBS-code GM0537: schrijf `cbs: GM0537`" when the name is on the list;
/// the codes valid on the letter's date come first.
fn suggestion(name: &str, date: Option<Date>) -> Option<String> {
    let mut found = cbs::by_name(name);
    if let Some(d) = date {
        if found.iter().any(|m| m.is_valid_on(d)) {
            found.retain(|m| m.is_valid_on(d));
        }
    }
    match found[..] {
        [] => None,
        [m] => Some(format!(
            "{} heeft CBS-code {}: schrijf `cbs: {}`",
            m.name, m.code, m.code
        )),
        ref several => Some(format!(
            "bedoelt u {}? Schrijf de code van de juiste gemeente",
            several
                .iter()
                .map(|m| format!("{} (`cbs: {}`)", m.name, m.code))
                .collect::<Vec<_>>()
                .join(" of ")
        )),
    }
}

fn not_valid(m: &Municipality, date: Date) -> (String, String) {
    match (m.since, m.until) {
        (_, Some(until)) if date > until => {
            let message = format!(
                "{} ({}) bestaat niet meer op de datum van de brief ({}): de code gold tot en met {}",
                m.code,
                m.name,
                date.dutch(),
                until.dutch()
            );
            let successors: Vec<String> = m
                .successors
                .iter()
                .filter_map(|s| cbs::by_code(s))
                .map(|s| format!("{} (`cbs: {}`)", s.name, s.code))
                .collect();
            let help = match successors.len() {
                0 => "schrijf de gemeente die er nu voor in de plaats is gekomen".to_owned(),
                1 => format!(
                    "{} is daarna opgegaan in {}: schrijf die gemeente, of geef de brief een datum tot en met {}",
                    m.name,
                    successors[0],
                    until.dutch()
                ),
                _ => format!(
                    "{} is daarna verdeeld over {}: schrijf de gemeente waar het om gaat",
                    m.name,
                    successors.join(", ")
                ),
            };
            (message, help)
        }
        (Some(since), _) => (
            format!(
                "{} ({}) bestaat pas vanaf {}; de brief is gedateerd {}",
                m.code,
                m.name,
                since.dutch(),
                date.dutch()
            ),
            format!(
                "geef de brief een datum vanaf {}, of schrijf de gemeente zoals die op {} bestond",
                since.dutch(),
                date.dutch()
            ),
        ),
        // Unreachable for an entry that is not valid on `date`, but a finding is
        // better than silence.
        _ => (
            format!("{} ({}) is niet geldig op {}", m.code, m.name, date.dutch()),
            "controleer de code in de lijst ‘Gemeentelijke indeling’ van het CBS".to_owned(),
        ),
    }
}
