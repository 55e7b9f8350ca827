//! Size against time for each deflate level, on the PDFs raadsbrief writes:
//! `cargo run --release --example deflate_levels [-- --iterations N]`.
//!
//! Renders the Blaricum letter (Word template, own font, logo) and the
//! samenwerkingsdocument of the Gooi sample, takes every stream back out of them
//! uncompressed, and for each level 1–9 deflates them all again the way the renderer
//! does (each stream at the level; the object streams through lopdf's save at the same
//! level). It prints the file size and the median time of that work per level, which
//! is what the level in `render::pdf`'s `deflate` is chosen by.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use lopdf::{Document, Object};
use raadsbrief::compose::{Composer, Kind};
use raadsbrief::render::pdf::Pdf;
use raadsbrief::render::Renderer;
use raadsbrief::templates::Templates;
use raadsbrief::validate::validate_file;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The PDF with every stream stored uncompressed, ready to be compressed again.
fn inflated(bytes: &[u8]) -> Document {
    let mut doc = Document::load_mem(bytes).expect("our PDF loads");
    for object in doc.objects.values_mut() {
        if let Object::Stream(s) = object {
            if s.dict.get(b"Filter").is_ok() {
                let raw = s.decompressed_content().expect("our streams inflate");
                s.dict.remove(b"Filter");
                s.dict.remove(b"DecodeParms");
                s.set_content(raw);
            }
        }
    }
    doc
}

/// Deflates every stream of `doc` at `level` and saves it with object streams, as
/// the renderer does; returns the file size.
fn compress(mut doc: Document, level: u32) -> usize {
    for object in doc.objects.values_mut() {
        if let Object::Stream(s) = object {
            let is_xmp =
                s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata".as_slice());
            if is_xmp {
                continue;
            }
            let mut z =
                flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::new(level));
            z.write_all(&s.content).unwrap();
            let data = z.finish().unwrap();
            if data.len() < s.content.len() {
                s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                s.set_content(data);
            }
        }
    }
    let save = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .max_objects_per_stream(200)
        .compression_level(level)
        .build();
    let mut out = Vec::new();
    doc.save_with_options(&mut out, save).expect("save");
    out.len()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let iterations: usize = args
        .iter()
        .position(|a| a == "--iterations")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(15);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let validated =
        validate_file(&root.join("samples/gooi-en-vechtstreek.yaml")).expect("the sample");
    let templates = Templates::builtin().expect("built-in templates");
    let (word_templates, _) =
        raadsbrief::compose::word_templates::load(&validated.region, &validated.source.dir, &|p| {
            validated.value_place(p)
        });
    let composer = Composer {
        region: &validated.region,
        templates: &templates,
        base_dir: &validated.source.dir,
        word_templates: &word_templates,
    };
    let blaricum = validated
        .region
        .gemeenten
        .iter()
        .position(|g| g.naam == "Blaricum")
        .expect("Blaricum is in the sample");
    let pdf = Pdf::default();
    println!("level  file (bytes)  deflate + save (ms, median of {iterations})");
    for (label, kind) in [
        ("Blaricum letter", Kind::Letter(blaricum)),
        ("samenwerkingsdocument", Kind::Appendix),
    ] {
        let doc = composer.compose(kind).expect("composes");
        let bytes = pdf.render(&doc).expect("renders").bytes;
        let plain = inflated(&bytes);
        println!("{label} (as written today: {} bytes)", bytes.len());
        for level in 1..=9 {
            let mut size = 0;
            let times: Vec<f64> = (0..iterations)
                .map(|_| {
                    let doc = plain.clone();
                    let t = Instant::now();
                    size = compress(doc, level);
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            println!("  {level}    {size:>10}    {:>6.2}", median(times));
        }
    }
}
