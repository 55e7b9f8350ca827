//! The samples reproduce the two real letters word for word (layout aside).
//!
//! The seeds have no date row, contact rows or closing block; the samples' letters do.
//! Those parts are taken out of the letter's text before the comparison, each exactly
//! where and as often as expected, so the seed's own words must still match one for one
//! and nothing else may be added.

mod common;

use common::*;
use raadsbrief::compose::Kind;

/// The closing block of `gemeente`'s letter, as the sample fills it.
fn closing(gemeente: &str) -> String {
    format!(
        "Het college van burgemeester en wethouders van {gemeente}, \
         de secretaris, [in te vullen: gemeentesecretaris {gemeente}] \
         de burgemeester, [in te vullen: burgemeester {gemeente}]"
    )
}

/// `text` (whitespace-normalised) without each of `parts`, which must occur exactly once
/// and, in the order given, each after the previous one.
fn without_letter_parts(text: &str, parts: &[String]) -> String {
    let mut text = normalise(text);
    let mut from = 0;
    for part in parts {
        let part = normalise(part);
        assert_eq!(
            text.matches(&part).count(),
            1,
            "the letter's own part ‘{part}’ is not in the letter exactly once"
        );
        let at = text.find(&part).unwrap();
        assert!(at >= from, "‘{part}’ is out of order");
        text.replace_range(at..at + part.len(), "");
        from = at;
    }
    text
}

fn blaricum_parts() -> Vec<String> {
    vec!["Datum 16 november 2021".to_owned(), closing("Blaricum")]
}

#[test]
fn blaricum_letter_is_seed_000() {
    let v = validated(GOOI);
    let blaricum = v
        .region
        .gemeenten
        .iter()
        .position(|g| g.naam == "Blaricum")
        .unwrap();
    let doc = document(&v, Kind::Letter(blaricum));
    let text = without_letter_parts(&doc.text(), &blaricum_parts());
    assert_same_text(&seed("000_a929228ba5883c46.txt"), &text);
}

#[test]
fn apeldoorn_ari_contains_seed_002_from_inleiding_on() {
    let v = validated(MIJOV);
    let doc = document(&v, Kind::Letter(0));
    let text = normalise(&doc.text());
    let start = text
        .find("Inleiding ")
        .expect("the Ari has an Inleiding section");
    let text = without_letter_parts(&text[start..], &[closing("Apeldoorn")]);
    assert_same_text(&seed("002_f51720f0e3c6cc20.txt"), &text);
}

#[test]
fn every_letter_of_a_region_differs_only_in_personal_fields() {
    let v = validated(GOOI);
    let texts: Vec<(String, String)> = (0..v.region.gemeenten.len())
        .map(|i| {
            let g = &v.region.gemeenten[i];
            let mut text = document(&v, Kind::Letter(i)).text();
            if let Some(o) = &g.ondertekening {
                text = text
                    .replace(&o.burgemeester, "{burgemeester}")
                    .replace(&o.secretaris, "{secretaris}");
            }
            let text = text
                .replace(&g.portefeuillehouder, "{portefeuillehouder}")
                .replace(&g.naam, "{gemeente}");
            (g.naam.clone(), text)
        })
        .collect();
    for (name, text) in &texts[1..] {
        assert_eq!(
            text, &texts[0].1,
            "{name}'s letter deviates from {}'s",
            texts[0].0
        );
    }
}

#[test]
fn blaricum_docx_reads_back_as_seed_000() {
    let v = validated(GOOI);
    let blaricum = v
        .region
        .gemeenten
        .iter()
        .position(|g| g.naam == "Blaricum")
        .unwrap();
    let docx = raadsbrief::render::docx::render(&document(&v, Kind::Letter(blaricum))).unwrap();
    let text = raadsbrief::render::docx::read::docx_text(&docx).unwrap();
    let text = without_letter_parts(&text, &blaricum_parts());
    assert_same_text(&seed("000_a929228ba5883c46.txt"), &text);
}
