//! Size against time for each deflate level, on the PDFs raadsbrief writes:
//! `cargo run --release --example deflate_levels [-- --iterations N]`.
//!
//! Renders the Blaricum letter (Word template, own font, logo) and the
//! samenwerkingsdocument of the Gooi sample, takes every stream back out of them
//! uncompressed, and for each level 1–9 deflates them all again the way the renderer
//! does (each stream at the level with `render::deflate`, libdeflate; the object streams
//! through lopdf's save at the same level). It prints the file size and the median time
//! of that work per level, which is what the level in `render::pdf`'s `deflate` is
//! chosen by, and beside it the same with zlib-rs (flate2), which deflated our streams
//! before libdeflate did.
//!
//! Then the same for the DOCX: every DOCX of the sample region (eight letters, two of
//! them on a Word template, and the samenwerkingsdocument), each entry the DOCX writer
//! deflates (not pictures, which it stores, nor a template's parts it copies as the
//! template stored them) deflated again at each level, the level in
//! `render::docx::zip_writer` is chosen by; again libdeflate beside zlib-rs.

use std::collections::HashSet;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Instant;

use lopdf::{Document, Object};
use raadsbrief::compose::{Composer, Kind};
use raadsbrief::render::deflate::{deflate, Wrapper};
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
fn compress(mut doc: Document, level: u32, engine: Engine) -> usize {
    for object in doc.objects.values_mut() {
        if let Object::Stream(s) = object {
            let is_xmp =
                s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata".as_slice());
            if is_xmp {
                continue;
            }
            let data = match engine {
                Engine::Libdeflate => deflate(&s.content, level, Wrapper::Zlib).unwrap(),
                Engine::ZlibRs => {
                    let mut z = flate2::write::ZlibEncoder::new(
                        Vec::new(),
                        flate2::Compression::new(level),
                    );
                    z.write_all(&s.content).unwrap();
                    z.finish().unwrap()
                }
            };
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

/// The entries of a ZIP: name, CRC and the uncompressed bytes of each deflated one.
fn deflated_entries(zip: &[u8]) -> Vec<(String, u32, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a ZIP");
    (0..archive.len())
        .filter_map(|i| {
            let mut file = archive.by_index(i).expect("an entry");
            if file.compression() != zip::CompressionMethod::Deflated {
                return None;
            }
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("inflates");
            Some((file.name().to_owned(), file.crc32(), bytes))
        })
        .collect()
}

/// Which compressor: ours, or the one it replaced.
#[derive(Clone, Copy)]
enum Engine {
    Libdeflate,
    ZlibRs,
}

/// Total raw-deflate size of `parts` at `level`, as the DOCX writer deflates an entry.
fn deflate_all(parts: &[Vec<u8>], level: u32, engine: Engine) -> usize {
    parts
        .iter()
        .map(|part| match engine {
            Engine::Libdeflate => deflate(part, level, Wrapper::Raw).unwrap().len(),
            Engine::ZlibRs => {
                let mut z =
                    flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::new(level));
                z.write_all(part).unwrap();
                z.finish().unwrap().len()
            }
        })
        .sum()
}

/// Size and median milliseconds of `work` at `level` for each engine, as one table row.
fn row(level: u32, iterations: usize, work: &mut dyn FnMut(Engine) -> usize) {
    let mut cells = Vec::new();
    for engine in [Engine::Libdeflate, Engine::ZlibRs] {
        let mut size = 0;
        let times: Vec<f64> = (0..iterations)
            .map(|_| {
                let t = Instant::now();
                size = work(engine);
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect();
        cells.push(format!("{size:>10}  {:>6.2}", median(times)));
    }
    println!("  {level}    {}    {}", cells[0], cells[1]);
}

fn docx_levels(root: &Path, validated: &raadsbrief::validate::Validated, iterations: usize) {
    let plan = raadsbrief::batch::Plan {
        formats: vec![raadsbrief::batch::Format::Docx],
        out: root.join("unused"),
        gemeenten: Vec::new(),
        documents: raadsbrief::batch::Documents::All,
        templates: None,
        pdf_profile: Default::default(),
        lettertypen: Vec::new(),
    };
    let rendered = raadsbrief::batch::render(validated, &plan).expect("the sample renders");
    // A template's parts the writer copies as stored: same name and CRC as in a template.
    let mut copied = HashSet::new();
    for entry in std::fs::read_dir(root.join("samples/sjablonen")).expect("the sample templates") {
        let path = entry.expect("an entry").path();
        if !path.extension().is_some_and(|e| e == "dotx" || e == "docx") {
            continue;
        }
        for (name, crc, _) in deflated_entries(&std::fs::read(&path).expect("a template")) {
            copied.insert((name, crc));
        }
    }
    let mut parts = Vec::new();
    let mut written = 0;
    for file in &rendered {
        written += file.bytes.len();
        for (name, crc, bytes) in deflated_entries(&file.bytes) {
            if !copied.contains(&(name, crc)) {
                parts.push(bytes);
            }
        }
    }
    let plain: usize = parts.iter().map(Vec::len).sum();
    println!(
        "the region's {} DOCX ({written} bytes as written today): {} entries deflated, {plain} bytes before",
        rendered.len(),
        parts.len()
    );
    println!("level  libdeflate: bytes, ms    zlib-rs: bytes, ms  (median of {iterations})");
    for level in 1..=9 {
        row(level, iterations, &mut |engine| {
            deflate_all(&parts, level, engine)
        });
    }
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
    println!(
        "level  libdeflate: file bytes, deflate + save ms    zlib-rs: the same  (median of {iterations})"
    );
    for (label, kind) in [
        ("Blaricum letter", Kind::Letter(blaricum)),
        ("samenwerkingsdocument", Kind::Appendix),
    ] {
        let doc = composer.compose(kind).expect("composes");
        let bytes = pdf.render(&doc).expect("renders").bytes;
        let plain = inflated(&bytes);
        println!("{label} (as written today: {} bytes)", bytes.len());
        for level in 1..=9 {
            row(level, iterations, &mut |engine| {
                compress(plain.clone(), level, engine)
            });
        }
    }
    docx_levels(root, &validated, iterations);
}
