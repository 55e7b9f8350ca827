//! How fast is validation? `cargo bench --bench validate`
//!
//! Plain `std::time` (no criterion: build time matters). Measures the two samples and
//! generated regions of 8, 42, 171 and 342 municipalities (the Gooi sample's entries
//! repeated with unique names and CBS codes), reports median and minimum per file,
//! time per municipality, the 342/8 ratio (linearity), and the peak RSS of the process.
//!
//! Options (after `--`): `--iterations N` (default 200), `--quick` (20 iterations).
//! Timings on a busy machine are noisy: compare the `min` column, and the load
//! average printed at the end.

#[path = "../tests/common/regions.rs"]
mod regions;

use std::hint::black_box;
use std::time::{Duration, Instant};

use raadsbrief::parse::Source;
use raadsbrief::validate::{validate_file, validate_source};

struct Stats {
    median: Duration,
    min: Duration,
}

fn measure(iterations: usize, mut f: impl FnMut()) -> Stats {
    // Warm-up: caches, allocator, the schema's OnceLock.
    for _ in 0..iterations.div_ceil(10).max(3) {
        f();
    }
    let mut times: Vec<Duration> = (0..iterations)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    Stats {
        median: times[times.len() / 2],
        min: times[0],
    }
}

fn source(name: &str, text: &str) -> Source {
    Source {
        name: name.to_owned(),
        dir: regions::samples_dir(),
        text: text.to_owned(),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut iterations = 200usize;
    if args.iter().any(|a| a == "--quick") {
        iterations = 20;
    }
    if let Some(i) = args.iter().position(|a| a == "--iterations") {
        iterations = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .expect("--iterations N");
    }
    let iterations = iterations.max(5);

    // The first call compiles the JSON Schema; report it separately.
    let gooi = regions::gooi();
    let start = Instant::now();
    validate_source(source("gooi", &gooi)).expect("the Gooi sample validates");
    let cold = start.elapsed();

    println!("raadsbrief validation bench — {iterations} iterations per case (after warm-up)");
    println!(
        "first validation in the process (includes compiling the schema): {:.2} ms",
        ms(cold)
    );
    println!();
    println!(
        "{:<58} {:>7} {:>10} {:>10} {:>10} {:>12}",
        "case", "size", "median ms", "min ms", "parse ms¹", "µs/gemeente"
    );

    for path in regions::sample_paths() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let v = validate_file(&path).expect("samples validate");
        let n = v.region.gemeenten.len();
        let full = measure(iterations, || {
            black_box(validate_file(black_box(&path)).is_ok());
        });
        let parse = measure(iterations, || {
            black_box(source(&name, &text).parse().is_ok());
        });
        println!(
            "{:<58} {:>5}KB {:>10.3} {:>10.3} {:>10.3} {:>12.1}",
            format!("{name} (validate_file, {n} gemeenten)"),
            text.len() / 1024,
            ms(full.median),
            ms(full.min),
            ms(parse.median),
            us(full.median) / n as f64
        );
    }

    let mut medians = Vec::new();
    for n in [8usize, 42, 171, 342] {
        let text = regions::generate_region(&gooi, n);
        let v = validate_source(source("generated", &text)).expect("generated region validates");
        assert_eq!(v.region.gemeenten.len(), n);
        let full = measure(iterations, || {
            black_box(validate_source(source("generated", black_box(&text))).is_ok());
        });
        let parse = measure(iterations, || {
            black_box(source("generated", &text).parse().is_ok());
        });
        println!(
            "{:<58} {:>5}KB {:>10.3} {:>10.3} {:>10.3} {:>12.1}",
            format!("generated, {n} gemeenten (validate_source)"),
            text.len() / 1024,
            ms(full.median),
            ms(full.min),
            ms(parse.median),
            us(full.median) / n as f64
        );
        medians.push((n, full.median, full.min));
    }

    let (_, m8, min8) = medians[0];
    let (_, m342, min342) = medians[medians.len() - 1];
    println!();
    println!(
        "ratio 342 / 8 gemeenten: median {:.1}×, min {:.1}× (the file grows {:.1}×; 342/8 = 42.75)",
        m342.as_secs_f64() / m8.as_secs_f64(),
        min342.as_secs_f64() / min8.as_secs_f64(),
        regions::generate_region(&gooi, 342).len() as f64
            / regions::generate_region(&gooi, 8).len() as f64
    );
    let (_, m171, _) = medians[2];
    println!(
        "ratio 342 / 171 gemeenten: median {:.2}× (2.00 = linear)",
        m342.as_secs_f64() / m171.as_secs_f64()
    );
    // Marginal cost: least-squares slope of the median over the four sizes.
    let k = medians.len() as f64;
    let xs: Vec<f64> = medians.iter().map(|m| m.0 as f64).collect();
    let ys: Vec<f64> = medians.iter().map(|m| ms(m.1)).collect();
    let (mx, my) = (xs.iter().sum::<f64>() / k, ys.iter().sum::<f64>() / k);
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    let syy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    let slope = sxy / sxx;
    println!(
        "linear fit of the medians: {:.1} µs per added gemeente + {:.3} ms fixed (r² = {:.4})",
        slope * 1e3,
        my - slope * mx,
        sxy * sxy / (sxx * syy)
    );
    println!("¹ parse ms: median of Source::parse alone (YAML → positioned tree), same input");
    println!("load average: {}", load_average());
    println!("peak RSS (VmHWM): {}", peak_rss());
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

fn peak_rss() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(|l| l["VmHWM:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "unknown (no /proc/self/status)".into())
}
