//! How fast is the main job? `cargo bench --bench build`
//!
//! Measures, in one run on the same machine:
//! - per document: compose, DOCX render and PDF render of the Blaricum letter and the
//!   Gooi samenwerkingsdocument (median and minimum);
//! - the full batch of each sample (8 municipalities × letter + appendix × DOCX + PDF,
//!   written to a temporary folder), wall time and the peak RSS of a child process that
//!   does only that batch;
//! - generated regions of 8, 42, 171 and 342 municipalities (linearity);
//!
//! The peers (Typst, pandoc + LibreOffice) are compared in `benches/peers.rs`.
//!
//! Options (after `--`): `--iterations N` (default 30), `--quick` (5 iterations).

#[path = "../tests/common/regions.rs"]
mod regions;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use raadsbrief::batch::{self, Documents, Format, Plan};
use raadsbrief::compose::{Composer, Kind};
use raadsbrief::templates::Templates;
use raadsbrief::validate::{validate_file, Validated};

fn median_min(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    (times[times.len() / 2], times[0])
}

fn time(iterations: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    f();
    let times = (0..iterations)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    median_min(times)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn plan(out: &Path) -> Plan {
    Plan {
        gemeenten: Vec::new(),
        documents: Default::default(),
        formats: vec![Format::Docx, Format::Pdf],
        out: out.to_path_buf(),
        templates: None,
        pdf_profile: Default::default(),
        lettertypen: Vec::new(),
    }
}

fn batch_once(v: &Validated) -> usize {
    batch_of(v, Documents::All)
}

fn batch_of(v: &Validated, documents: Documents) -> usize {
    let dir = tempfile::tempdir().expect("temp dir");
    batch_into(v, documents, dir.path())
}

fn batch_into(v: &Validated, documents: Documents, out: &Path) -> usize {
    let plan = Plan {
        documents,
        ..plan(out)
    };
    let report = batch::build(v, &plan).expect("batch builds");
    report.manifest.files.len()
}

/// Child mode: validate `file`, optionally grow its region to `grow` municipalities in
/// memory (see [`grow`]), run one batch (into `out` when given, to compare the files of
/// two builds; else a temporary folder) and print this process's peak RSS in KiB.
fn child(file: &str, grow_to: Option<usize>, documents: Documents, out: Option<&Path>) {
    let mut v = validate_file(Path::new(file)).expect("valid region");
    if let Some(n) = grow_to {
        grow(&mut v, n);
    }
    black_box(match out {
        Some(out) => batch_into(&v, documents, out),
        None => batch_of(&v, documents),
    });
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or("0");
    // What the peak is made of, for whoever profiles: heap and stacks (RssAnon) versus
    // the mapped program (RssFile).
    for line in status.lines().filter(|l| l.starts_with("Rss")) {
        eprintln!("{line}");
    }
    println!("{hwm}");
}

/// Repeats the validated municipalities until there are `n`, each copy with its own
/// name and a code above every real one (GM2000 and up). Validation rightly refuses
/// invented CBS codes and a name or code twice, and the Netherlands has fewer than 400
/// municipalities, so a region of 1 000 or 5 000 can only exist after validation; the
/// file it starts from is validated in full, at the size of the whole country.
fn grow(v: &mut Validated, n: usize) {
    let real = v.region.gemeenten.clone();
    let mut i = 0;
    while v.region.gemeenten.len() < n {
        let mut g = real[i % real.len()].clone();
        g.naam = format!("{} {}", g.naam, i / real.len() + 2);
        g.cbs = format!("GM{:04}", 2000 + i);
        v.region.gemeenten.push(g);
        i += 1;
    }
}

fn peak_rss_kib(file: &str, grow_to: Option<usize>, documents: Documents) -> Option<u64> {
    child_run(file, grow_to, documents).map(|(kib, _)| kib)
}

/// The child's peak RSS in KiB and its wall time (validation, growing and the batch).
fn child_run(file: &str, grow_to: Option<usize>, documents: Documents) -> Option<(u64, Duration)> {
    let mut cmd = Command::new(std::env::current_exe().ok()?);
    cmd.args(["--child-batch", file]);
    if let Some(n) = grow_to {
        cmd.args(["--grow", &n.to_string()]);
    }
    if documents == Documents::Letters {
        cmd.arg("--letters-only");
    }
    let start = Instant::now();
    let out = cmd.output().ok()?;
    let wall = start.elapsed();
    if !out.status.success() {
        eprintln!(
            "child build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let kib = String::from_utf8_lossy(&out.stdout).trim().parse().ok()?;
    Some((kib, wall))
}

/// `--memory`: only the peak RSS of a child process building the Gooi sample (8
/// municipalities), every municipality of the country (342, validated from the file)
/// and that region grown in memory to 1 000 and 5 000 (see [`grow`]), against the
/// bounds of issues 13 and 14, with each child's wall time per municipality (the
/// linearity beyond 342). Documents are written to the staging folder as soon as they
/// are rendered, so memory must not grow with the region.
fn memory() {
    let dir = tempfile::tempdir().unwrap();
    let country = regions::write(dir.path(), "region-342.yaml", regions::region_with(342));
    let country = country.to_str().unwrap().to_owned();
    let gooi = regions::samples_dir().join("gooi-en-vechtstreek.yaml");
    let gooi = gooi.to_str().unwrap().to_owned();
    println!(
        "{:<36} {:>12} {:>10}    {:>8} {:>16}",
        "peak RSS of a child build", "peak", "bound", "wall s", "ms/municipality"
    );
    // The last row leaves out the samenwerkingsdocument, which lists every
    // municipality and so is the one document that grows with the region.
    let all = Documents::All;
    let letters = Documents::Letters;
    /// Name, region file, municipalities to grow to, documents, bound in MiB.
    type Run<'a> = (&'a str, &'a str, Option<usize>, Documents, Option<f64>);
    let runs: [Run; 5] = [
        ("Gooi sample (8)", &gooi, None, all, Some(30.0)),
        ("342 municipalities (validated)", &country, None, all, None),
        (
            "1 000 municipalities (grown)",
            &country,
            Some(1000),
            all,
            Some(60.0),
        ),
        (
            "5 000 municipalities (grown)",
            &country,
            Some(5000),
            all,
            Some(80.0),
        ),
        ("5 000, letters only", &country, Some(5000), letters, None),
    ];
    for (name, file, grow_to, documents, bound) in runs {
        let run = child_run(file, grow_to, documents);
        let mib = run.map(|(k, _)| k as f64 / 1024.0);
        let shown = mib.map_or("?".into(), |m| format!("{m:.1} MiB"));
        let (bound, verdict) = match (bound, mib) {
            (None, _) => (String::new(), ""),
            (Some(b), Some(m)) if m <= b => (format!("{b:.0} MiB"), "ok"),
            (Some(b), _) => (format!("{b:.0} MiB"), "OVER"),
        };
        // The whole child process, validation and start included: per municipality
        // it shows whether the cost stays flat as the region grows.
        let n = grow_to.unwrap_or(if file == gooi.as_str() { 8 } else { 342 });
        let (wall, per) = run.map_or(("?".into(), "?".into()), |(_, t)| {
            (
                format!("{:.1}", t.as_secs_f64()),
                format!("{:.2}", ms(t) / n as f64),
            )
        });
        println!("{name:<36} {shown:>12} {bound:>10} {verdict:<4} {wall:>7} {per:>16}");
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child-batch") {
        let grow_to = args
            .iter()
            .position(|a| a == "--grow")
            .and_then(|j| args.get(j + 1))
            .and_then(|n| n.parse().ok());
        let documents = if args.iter().any(|a| a == "--letters-only") {
            Documents::Letters
        } else if args.iter().any(|a| a == "--appendix-only") {
            Documents::Appendix
        } else {
            Documents::All
        };
        // `--child-batch country` builds the generated 342-municipality region, so
        // that one child can be run by hand under a profiler:
        // `target/<target>/release/deps/build-* --child-batch country --grow 5000`, with
        // `--letters-only` or `--appendix-only`, and `--out DIR` to keep the files.
        let dir = tempfile::tempdir().unwrap();
        let file = match args[i + 1].as_str() {
            "country" => {
                let path = regions::write(dir.path(), "region-342.yaml", regions::region_with(342));
                path.to_str().unwrap().to_owned()
            }
            file => file.to_owned(),
        };
        let out = args
            .iter()
            .position(|a| a == "--out")
            .and_then(|j| args.get(j + 1))
            .map(Path::new);
        return child(&file, grow_to, documents, out);
    }
    let iterations = if args.iter().any(|a| a == "--quick") {
        5
    } else {
        args.iter()
            .position(|a| a == "--iterations")
            .and_then(|i| args.get(i + 1))
            .and_then(|n| n.parse().ok())
            .unwrap_or(30)
    };
    if args.iter().any(|a| a == "--memory") {
        return memory();
    }
    let threads = rayon::current_num_threads();
    println!("raadsbrief build benchmark: {iterations} iterations, {threads} threads\n");

    let gooi = validate_file(Path::new(
        regions::samples_dir()
            .join("gooi-en-vechtstreek.yaml")
            .to_str()
            .unwrap(),
    ))
    .unwrap();
    let templates = Templates::builtin().unwrap();
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

    println!(
        "{:<44} {:>10} {:>10} {:>7}",
        "per document", "median ms", "min ms", "pages"
    );
    for (name, kind) in [
        ("Blaricum letter", Kind::Letter(0)),
        ("samenwerkingsdocument", Kind::Appendix),
    ] {
        let (m, n) = time(iterations, || {
            black_box(composer.compose(kind).unwrap());
        });
        println!(
            "{:<44} {:>10.3} {:>10.3}",
            format!("{name}: compose (templates + Markdown)"),
            ms(m),
            ms(n)
        );
        let doc = composer.compose(kind).unwrap();
        let (m, n) = time(iterations, || {
            black_box(raadsbrief::render::docx::render(&doc).unwrap());
        });
        println!(
            "{:<44} {:>10.3} {:>10.3}",
            format!("{name}: DOCX"),
            ms(m),
            ms(n)
        );
        let pages = raadsbrief::render::pdf::render(&doc).unwrap().pages;
        let (m, n) = time(iterations, || {
            black_box(raadsbrief::render::pdf::render(&doc).unwrap());
        });
        println!(
            "{:<44} {:>10.3} {:>10.3} {:>7}",
            format!("{name}: PDF"),
            ms(m),
            ms(n),
            pages
        );
    }

    println!(
        "\n{:<44} {:>10} {:>10} {:>7} {:>10}",
        "full batch (validate + render + write)", "median ms", "min ms", "files", "peak RSS"
    );
    for sample in ["gooi-en-vechtstreek.yaml", "midden-ijssel-oost-veluwe.yaml"] {
        let path = regions::samples_dir().join(sample);
        let path = path.to_str().unwrap().to_owned();
        let mut files = 0;
        let (m, n) = time(iterations, || {
            let v = validate_file(Path::new(&path)).unwrap();
            files = batch_once(&v);
        });
        let rss = peak_rss_kib(&path, None, Documents::All)
            .map_or("?".into(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        println!(
            "{:<44} {:>10.1} {:>10.1} {:>7} {:>10}",
            sample,
            ms(m),
            ms(n),
            files,
            rss
        );
    }

    println!(
        "\n{:<44} {:>10} {:>14} {:>10}",
        "generated region (linearity)", "median ms", "ms/municipality", "vs 8"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut base = f64::NAN;
    for n in [8usize, 42, 171, 342] {
        let file = regions::write(
            dir.path(),
            &format!("region-{n}.yaml"),
            regions::region_with(n),
        );
        let v = validate_file(&file).unwrap();
        let runs = if n > 100 {
            iterations.div_ceil(6).max(3)
        } else {
            iterations.div_ceil(2).max(3)
        };
        let (m, _) = time(runs, || {
            black_box(batch_once(&v));
        });
        if base.is_nan() {
            base = ms(m);
        }
        println!(
            "{:<44} {:>10.1} {:>14.2} {:>9.1}×",
            format!("{n} municipalities ({} files)", 2 * (n + 1)),
            ms(m),
            ms(m) / n as f64,
            ms(m) / base
        );
    }
}
