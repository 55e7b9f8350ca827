//! How do we compare with the tools a user could use instead? `cargo bench --bench peers`
//!
//! One interleaved run on this machine (medians; every tool gets the same letters):
//! - one letter as a whole process: `raadsbrief build … --gemeente X --alleen brieven
//!   --format pdf` (tagged PDF/A-2a + PDF/UA-1), for a municipality in the built-in
//!   style and one with a Word template and its own font;
//! - the whole region (every letter and the appendix, DOCX + PDF, the manifest);
//! - Typst, when the `typst` Python package is installed: the same letters (our document
//!   model written as Typst markup, `support/typst_source.rs`) compiled with
//!   `pdf_standards=["a-2a", "ua-1"]` in our font; timed inside Python after the import,
//!   so Python's own start is not counted against Typst. "8 compiles" are eight fresh
//!   processes, as a user scripting Typst per municipality would run it; "warm" is one
//!   process compiling all eight, Typst's best case;
//! - pandoc (Markdown → DOCX) + LibreOffice (DOCX → PDF) for one letter, when installed
//!   (the median of three conversions, against our letter's median);
//! - the peak RSS of our region build (`/usr/bin/time`);
//! - our process started and ended with nothing to do (`--version`), the part of a
//!   whole-process time that Typst's in-process times leave out.
//!
//! Every timed run follows an untimed run of the same tool on the same input (as
//! hyperfine's `--warmup`): in an interleaved run each tool would otherwise start with
//! the caches the other left (our letter took 8.4 ms right after a Typst process and
//! 7.8 ms after one of its own), and no user runs one right after the other.
//!
//! Options (after `--`): `--iterations N` (default 7), `--keep` (keep the work folder
//! with the `.typ` sources and every PDF, to compare them by eye), `--python PATH` (a Python with
//! `typst`; else `RAADSBRIEF_TYPST_PYTHON`, `python3`, or the venv `.ci/conformance`
//! makes). The targets printed beside the ratios are those of the performance issue.

#[path = "support/typst_source.rs"]
mod typst_source;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use raadsbrief::compose::{Composer, Kind};
use raadsbrief::templates::Templates;
use raadsbrief::validate::validate_file;

const OURS: &str = env!("CARGO_BIN_EXE_raadsbrief");

/// Compiles each file given and prints the seconds each compile took.
const DRIVER: &str = r#"
import sys, time, typst
fonts, files = sys.argv[1], sys.argv[2:]
for f in files:
    t = time.perf_counter()
    typst.compile(f, output=f[:-4] + ".pdf", font_paths=[fonts], ignore_system_fonts=True,
                  pdf_standards=["a-2a", "ua-1"])
    print(time.perf_counter() - t)
"#;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let opt = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let iterations: usize = opt("--iterations")
        .and_then(|n| n.parse().ok())
        .unwrap_or(7);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("samples/gooi-en-vechtstreek.yaml");
    let work = tempfile::tempdir().expect("temp dir");

    let validated = validate_file(&sample).expect("the sample validates");
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
    let names: Vec<String> = validated
        .region
        .gemeenten
        .iter()
        .map(|g| g.naam.clone())
        .collect();
    // Eemnes is in the built-in style; Gooise Meren has a Word template and its own font.
    let letters: Vec<&str> = ["Eemnes", "Gooise Meren"]
        .into_iter()
        .filter(|n| names.iter().any(|m| m == n))
        .collect();
    let mut typ_files = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let doc = composer
            .compose(Kind::Letter(i))
            .expect("the letter composes");
        let path = work.path().join(format!("{}.typ", slug(name)));
        std::fs::write(&path, typst_source::source(&doc)).expect("write .typ");
        typ_files.push((name.clone(), path));
    }
    let driver = work.path().join("typst_driver.py");
    std::fs::write(&driver, DRIVER).expect("write driver");
    let fonts = root.join("fonts");
    let python = find_python(opt("--python"));
    if let Some(py) = &python {
        // One compile to check the source and warm the file cache; its errors are shown.
        let out = Command::new(py)
            .arg(&driver)
            .arg(&fonts)
            .arg(&typ_files[0].1)
            .output()
            .expect("run python");
        if !out.status.success() {
            eprintln!(
                "Typst could not compile our letter:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::process::exit(1);
        }
    }

    println!(
        "raadsbrief vs peers: {iterations} interleaved iterations, medians, {} cores\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    let mut ours_letter: Vec<Vec<f64>> = vec![Vec::new(); letters.len()];
    let mut typst_letter: Vec<Vec<f64>> = vec![Vec::new(); letters.len()];
    let (mut ours_region, mut typst_each, mut typst_warm) = (Vec::new(), Vec::new(), Vec::new());
    let mut ours_start = Vec::new();
    let mut run = 0;
    let mut fresh = || {
        run += 1;
        work.path().join(format!("out-{run}"))
    };
    for _ in 0..iterations {
        for (i, name) in letters.iter().enumerate() {
            let letter = |out: PathBuf| {
                time_ours(&[
                    sample.to_str().unwrap(),
                    "--gemeente",
                    name,
                    "--alleen",
                    "brieven",
                    "--format",
                    "pdf",
                    "--out",
                    out.to_str().unwrap(),
                ])
            };
            letter(fresh());
            ours_letter[i].push(letter(fresh()));
            if let Some(py) = &python {
                let file = &typ_files.iter().find(|(n, _)| n == name).unwrap().1;
                typst_times(py, &driver, &fonts, &[file]);
                typst_letter[i].push(typst_times(py, &driver, &fonts, &[file])[0]);
            }
        }
        time_start();
        ours_start.push(time_start());
        let region =
            |out: PathBuf| time_ours(&[sample.to_str().unwrap(), "--out", out.to_str().unwrap()]);
        region(fresh());
        ours_region.push(region(fresh()));
        if let Some(py) = &python {
            // Each compile in a process of its own, after one of its own untimed.
            let each: f64 = typ_files
                .iter()
                .map(|(_, f)| {
                    typst_times(py, &driver, &fonts, &[f]);
                    typst_times(py, &driver, &fonts, &[f])[0]
                })
                .sum();
            typst_each.push(each);
            let all: Vec<&PathBuf> = typ_files.iter().map(|(_, f)| f).collect();
            typst_times(py, &driver, &fonts, &all);
            typst_warm.push(typst_times(py, &driver, &fonts, &all).iter().sum());
        }
    }

    println!("{:<58} {:>10} {:>12}", "", "median ms", "ratio");
    for (i, name) in letters.iter().enumerate() {
        let ours = median(ours_letter[i].clone());
        println!(
            "{:<58} {:>10.1}",
            format!("ours: one letter, {name} (whole process, PDF/A-2a+UA-1)"),
            ours
        );
        if python.is_some() {
            let typst = median(typst_letter[i].clone());
            println!(
                "{:<58} {:>10.1} {:>11.2}×  (Typst / ours; target ≥ 2)",
                format!("Typst: the same letter, {name}"),
                typst,
                typst / ours
            );
        }
    }
    let start = median(ours_start);
    println!(
        "{:<58} {:>10.1}        ({:.0} % of the first letter; Typst's time has none of it)",
        "ours: process start and exit alone (`--version`)",
        start,
        100.0 * start / median(ours_letter[0].clone())
    );
    let region = median(ours_region);
    println!(
        "{:<58} {:>10.1}",
        format!(
            "ours: whole region ({} letters + appendix, DOCX + PDF)",
            names.len()
        ),
        region
    );
    if python.is_some() {
        let each = median(typst_each);
        let warm = median(typst_warm);
        println!(
            "{:<58} {:>10.1} {:>11.2}   (ours / Typst; target ≤ 0.25)",
            format!("Typst: {} letters as {} compiles", names.len(), names.len()),
            each,
            region / each
        );
        println!(
            "{:<58} {:>10.1} {:>11.2}   (ours / Typst)",
            format!("Typst: {} letters warm in one process", names.len()),
            warm,
            region / warm
        );
    } else {
        println!("Typst: not installed (pip install typst==0.15.2, or --python PATH): skipped");
    }

    if let Some(kib) = peak_rss_kib(&sample, &fresh()) {
        println!(
            "{:<58} {:>9.1} MiB  (target ≤ 30 MiB)",
            "ours: peak RSS of the region build",
            kib as f64 / 1024.0
        );
    }
    // The same letter as our first timed one, so the ratio compares one letter's work.
    let first = letters
        .first()
        .and_then(|name| names.iter().position(|n| n == name))
        .unwrap_or(0);
    pandoc_libreoffice(
        &composer,
        work.path(),
        first,
        median(ours_letter[0].clone()),
    );
    if args.iter().any(|a| a == "--keep") {
        println!("\nwork folder kept: {}", work.keep().display());
    }
}

fn time_ours(args: &[&str]) -> f64 {
    let t = Instant::now();
    let out = Command::new(OURS)
        .arg("build")
        .args(args)
        .output()
        .expect("run raadsbrief");
    let elapsed = ms(t.elapsed());
    if !out.status.success() {
        eprintln!(
            "raadsbrief build {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::process::exit(1);
    }
    elapsed
}

/// Our process started and ended with nothing to do: what every whole-process time
/// above contains and Typst's in-process times do not.
fn time_start() -> f64 {
    let t = Instant::now();
    let out = Command::new(OURS)
        .arg("--version")
        .output()
        .expect("run raadsbrief");
    let elapsed = ms(t.elapsed());
    assert!(out.status.success(), "raadsbrief --version failed");
    elapsed
}

/// Milliseconds per compile, as Typst measured inside the Python process.
fn typst_times(python: &Path, driver: &Path, fonts: &Path, files: &[&PathBuf]) -> Vec<f64> {
    let out = Command::new(python)
        .arg(driver)
        .arg(fonts)
        .args(files)
        .output()
        .expect("run python");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.trim().parse::<f64>().ok())
        .map(|s| s * 1000.0)
        .collect()
}

fn find_python(given: Option<String>) -> Option<PathBuf> {
    let mut candidates: Vec<PathBuf> = given.into_iter().map(PathBuf::from).collect();
    if let Ok(p) = std::env::var("RAADSBRIEF_TYPST_PYTHON") {
        candidates.push(p.into());
    }
    candidates.push("python3".into());
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
    if let Some(dir) = cache.map(|c| c.join("raadsbrief-ci")) {
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut venvs: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path().join("bin/python"))
                .collect();
            venvs.sort();
            candidates.extend(venvs);
        }
    }
    candidates.into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import typst"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn peak_rss_kib(sample: &Path, out: &Path) -> Option<u64> {
    let result = Command::new("/usr/bin/time")
        .args(["-f", "%M", OURS, "build"])
        .arg(sample)
        .arg("--out")
        .arg(out)
        .output()
        .ok()?;
    String::from_utf8_lossy(&result.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

/// What a user does today for one letter: pandoc to DOCX, then LibreOffice to PDF.
fn pandoc_libreoffice(composer: &Composer, dir: &Path, letter: usize, ours_letter: f64) {
    let have = |cmd: &str| {
        Command::new(cmd)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("pandoc") || !have("soffice") {
        println!("pandoc + LibreOffice: not both installed: skipped");
        return;
    }
    let md = dir.join("letter.md");
    let docx = dir.join("letter.docx");
    let text = composer
        .compose(Kind::Letter(letter))
        .expect("compose")
        .text();
    std::fs::write(&md, text).expect("write md");
    // One conversion took 1.0 s in one bench run and 4.5 s in another on the same
    // machine (LibreOffice's start varies most): the median of a few is the baseline.
    let mut times = Vec::new();
    for _ in 0..PANDOC_LO_RUNS {
        let t = Instant::now();
        let pandoc = Command::new("pandoc")
            .arg(&md)
            .arg("-o")
            .arg(&docx)
            .status()
            .is_ok_and(|s| s.success());
        let lo = pandoc
            && Command::new("soffice")
                .args([
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                ])
                .arg(dir)
                .arg(&docx)
                .output()
                .is_ok_and(|o| o.status.success());
        if !lo {
            println!("pandoc + LibreOffice: the conversion failed: skipped");
            return;
        }
        times.push(ms(t.elapsed()));
    }
    let both = median(times);
    println!(
        "{:<58} {:>10.0} {:>10.0}×  (pandoc+LO / ours; target ≥ 200; median of {PANDOC_LO_RUNS})",
        "pandoc → DOCX + LibreOffice → PDF, one letter",
        both,
        both / ours_letter
    );
}

/// How often pandoc + LibreOffice convert the letter: each run is a second or more.
const PANDOC_LO_RUNS: usize = 3;

fn slug(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect()
}
