//! The samples reproduce the two real letters word for word (layout aside).

mod common;

use common::*;
use raadsbrief::compose::Kind;

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
    assert_same_text(&seed("000_a929228ba5883c46.txt"), &doc.text());
}

#[test]
fn apeldoorn_ari_contains_seed_002_from_inleiding_on() {
    let v = validated(MIJOV);
    let doc = document(&v, Kind::Letter(0));
    let text = normalise(&doc.text());
    let start = text
        .find("Inleiding ")
        .expect("the Ari has an Inleiding section");
    assert_same_text(&seed("002_f51720f0e3c6cc20.txt"), &text[start..]);
}

#[test]
fn every_letter_of_a_region_differs_only_in_personal_fields() {
    let v = validated(GOOI);
    let texts: Vec<(String, String)> = (0..v.region.gemeenten.len())
        .map(|i| {
            let g = &v.region.gemeenten[i];
            let text = document(&v, Kind::Letter(i))
                .text()
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
    assert_same_text(&seed("000_a929228ba5883c46.txt"), &text);
}
