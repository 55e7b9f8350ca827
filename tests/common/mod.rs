//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::Path;

#[path = "regions.rs"]
pub mod regions;

/// A PDF text string as Rust text (UTF-16BE with BOM, or PDFDocEncoding ≈ Latin-1); empty
/// for an object that is no string.
pub fn pdf_text(o: &lopdf::Object) -> String {
    let Ok(b) = o.as_str() else {
        return String::new();
    };
    if let Some(utf16) = b.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        b.iter().map(|&c| char::from(c)).collect()
    }
}

use raadsbrief::compose::{Composer, Kind};
use raadsbrief::document::Document;
use raadsbrief::templates::Templates;
use raadsbrief::validate::{validate_file, Validated};

pub const GOOI: &str = "samples/gooi-en-vechtstreek.yaml";
pub const MIJOV: &str = "samples/midden-ijssel-oost-veluwe.yaml";

pub fn validated(path: &str) -> Validated {
    validate_file(Path::new(path)).unwrap_or_else(|e| panic!("{path} should validate: {e}"))
}

/// The composed document of `kind` for a sample.
pub fn document(v: &Validated, kind: Kind) -> Document {
    let templates = Templates::builtin().expect("built-in templates compile");
    let (word_templates, _) =
        raadsbrief::compose::word_templates::load(&v.region, &v.source.dir, &|p| v.value_place(p));
    let composer = Composer {
        region: &v.region,
        templates: &templates,
        base_dir: &v.source.dir,
        word_templates: &word_templates,
    };
    composer.compose(kind).expect("document composes")
}

/// The letter of municipality `name` of a sample, composed.
pub fn letter(v: &Validated, name: &str) -> Document {
    let index = v
        .region
        .gemeenten
        .iter()
        .position(|g| g.naam == name)
        .unwrap_or_else(|| panic!("{name} is in the sample"));
    document(v, Kind::Letter(index))
}

/// The Word template at `path` with each part for which `change` gives bytes replaced
/// by them, every part written again with the zip crate's defaults.
pub fn template_with(path: &str, change: impl Fn(&str, &[u8]) -> Option<Vec<u8>>) -> Vec<u8> {
    use std::io::{Read as _, Write as _};
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().to_owned();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("read");
        if let Some(changed) = change(&name, &data) {
            data = changed;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        out.write_all(&data).expect("write");
    }
    out.finish().expect("zip").into_inner()
}

/// The sample's relative template and font paths made absolute, for a copy written
/// elsewhere.
pub fn regions_portable(text: &str) -> String {
    regions::portable(text)
}

pub fn seed(name: &str) -> String {
    std::fs::read_to_string(Path::new("tests/data/seeds").join(name)).expect("seed present")
}

/// Whitespace-normalised text: the seeds come from PDF extraction with arbitrary line
/// breaks and double spaces, so only the sequence of words and punctuation counts.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Panics with a readable word-level diff at the first difference.
pub fn assert_same_text(expected: &str, actual: &str) {
    let e: Vec<&str> = expected.split_whitespace().collect();
    let a: Vec<&str> = actual.split_whitespace().collect();
    if e == a {
        return;
    }
    let at = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let show = |w: &[&str]| w[at.saturating_sub(12)..(at + 12).min(w.len())].join(" ");
    panic!(
        "texts differ at word {at} (expected {} words, got {}):\n  expected: …{}…\n  actual:   …{}…\n  first difference: expected {:?}, got {:?}",
        e.len(),
        a.len(),
        show(&e),
        show(&a),
        e.get(at),
        a.get(at)
    );
}
