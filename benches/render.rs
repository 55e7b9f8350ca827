//! How fast is each renderer? `cargo bench --bench render`
//!
//! Per document (the Blaricum letter, the Gooi samenwerkingsdocument and a long
//! document of that appendix's blocks six times over): the layout alone, the PDF in
//! both profiles (archief: tagged PDF/A-2a + PDF/UA-1; plain), the DOCX and the HTML;
//! median and minimum wall time, the mean CPU time of this thread (Linux; so the
//! figures mean something on a busy machine), and the size of the file.
//!
//! Options (after `--`): `--iterations N` (default 50; a tenth of it, at least 3, for
//! the long document), `--quick` (5 iterations).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use raadsbrief::compose::{Composer, Kind};
use raadsbrief::document::{Block, Document};
use raadsbrief::render::docx::Docx;
use raadsbrief::render::html::Html;
use raadsbrief::render::pdf::{Pdf, PdfOptions, PdfProfile};
use raadsbrief::render::Renderer;
use raadsbrief::templates::Templates;
use raadsbrief::validate::validate_file;

/// CPU time of this thread in nanoseconds; 0 where /proc does not have it.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

struct Stats {
    median: Duration,
    min: Duration,
    cpu: Duration,
}

fn measure(iterations: usize, mut f: impl FnMut()) -> Stats {
    f();
    let mut wall = Vec::with_capacity(iterations);
    // The kernel accounts CPU time per scheduler tick: summed over all runs, not
    // per run, or short renders would read as zero.
    let cpu_start = cpu_ns();
    for _ in 0..iterations {
        let t = Instant::now();
        f();
        wall.push(t.elapsed());
    }
    let runs = u64::try_from(iterations.max(1)).unwrap_or(1);
    let cpu = Duration::from_nanos(cpu_ns().saturating_sub(cpu_start) / runs);
    wall.sort();
    Stats {
        median: wall[wall.len() / 2],
        min: wall[0],
        cpu,
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The appendix with its body repeated six times over: some 27 pages.
fn long_document(appendix: &Document) -> Document {
    let mut doc = appendix.clone();
    let body: Vec<Block> = doc
        .blocks
        .iter()
        .filter(|b| !matches!(b, Block::TableOfContents | Block::Title { .. }))
        .cloned()
        .collect();
    for _ in 0..5 {
        doc.blocks.extend(body.iter().cloned());
    }
    doc
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let iterations = if args.iter().any(|a| a == "--quick") {
        5
    } else {
        args.iter()
            .position(|a| a == "--iterations")
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(50)
    };
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/gooi-en-vechtstreek.yaml");
    let gooi = validate_file(&sample).expect("the Gooi sample validates");
    let templates = Templates::builtin().expect("built-in templates");
    let (word_templates, _) =
        raadsbrief::compose::word_templates::load(&gooi.region, &gooi.source.dir, &|p| {
            gooi.value_place(p)
        });
    let composer = Composer {
        region: &gooi.region,
        templates: &templates,
        base_dir: &gooi.source.dir,
        word_templates: &word_templates,
    };
    let letter = composer.compose(Kind::Letter(0)).expect("letter composes");
    let appendix = composer.compose(Kind::Appendix).expect("appendix composes");
    let long = long_document(&appendix);

    // A letter in a custom font (Carlito from `lettertypen`), against the default style.
    let mijov_file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/midden-ijssel-oost-veluwe.yaml");
    let mijov = validate_file(&mijov_file).expect("the MIJOV sample validates");
    let deventer = mijov
        .region
        .gemeenten
        .iter()
        .position(|g| g.naam == "Deventer")
        .expect("Deventer");
    let (mijov_templates, _) =
        raadsbrief::compose::word_templates::load(&mijov.region, &mijov.source.dir, &|p| {
            mijov.value_place(p)
        });
    let carlito = Composer {
        region: &mijov.region,
        templates: &templates,
        base_dir: &mijov.source.dir,
        word_templates: &mijov_templates,
    }
    .compose(Kind::Letter(deventer))
    .expect("letter composes");

    let archief = Pdf {
        options: PdfOptions {
            profile: PdfProfile::Archief,
        },
        ..Pdf::default()
    };
    let plain = Pdf {
        options: PdfOptions {
            profile: PdfProfile::Plain,
        },
        ..Pdf::default()
    };
    let docx = Docx::default();
    let renderers: [(&str, &dyn Renderer); 4] = [
        ("PDF archief", &archief),
        ("PDF plain", &plain),
        ("DOCX", &docx),
        ("HTML", &Html),
    ];

    println!("raadsbrief render benchmark: {iterations} iterations\n");
    println!(
        "{:<40} {:>10} {:>10} {:>10} {:>6} {:>10}",
        "per document", "median ms", "min ms", "CPU ms", "pages", "bytes"
    );
    for (name, doc, runs) in [
        ("Blaricum letter", &letter, iterations),
        ("Deventer letter (Carlito)", &carlito, iterations),
        ("samenwerkingsdocument", &appendix, iterations),
        ("long document", &long, (iterations / 10).max(3)),
    ] {
        let pages = raadsbrief::layout::layout(doc).pages.len();
        let s = measure(runs, || {
            black_box(raadsbrief::layout::layout(doc));
        });
        println!(
            "{:<40} {:>10.3} {:>10.3} {:>10.3} {:>6}",
            format!("{name}: layout alone"),
            ms(s.median),
            ms(s.min),
            ms(s.cpu),
            pages
        );
        for (format, renderer) in renderers {
            let out = renderer.render(doc).expect("renders");
            let s = measure(runs, || {
                black_box(renderer.render(doc).expect("renders"));
            });
            println!(
                "{:<40} {:>10.3} {:>10.3} {:>10.3} {:>6} {:>10}",
                format!("{name}: {format}"),
                ms(s.median),
                ms(s.min),
                ms(s.cpu),
                out.pages.map_or("–".into(), |p| p.to_string()),
                out.bytes.len()
            );
        }
    }
}
