//! Two builds of raadsbrief (or any two commands) timed as whole processes, in pairs:
//! `cargo run --release --example paired_runs -- [--runs N] A B -- ARGS…`
//!
//! Each round spawns `A ARGS…` and `B ARGS…` (every other round B first), every `OUT` among the arguments
//! replaced by a fresh folder (so each run writes into an empty output folder, as a
//! user's first run does), and the first round is thrown away. It prints each
//! command's median and the median of the rounds' differences `B − A` with its
//! quartiles. The shared two-core machine's speed drifts by up to a third within an
//! hour: medians taken of each command alone then compare two different machines,
//! while a round's two runs see the same one. Session 10 judged two changes wrongly by
//! separate medians before it measured this way.
//!
//! A and B are paths of programs; to time a run with an argument that holds a space
//! (`--gemeente "Gooise Meren"`), give it as one argument after `--`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mut runs, mut rest) = (41usize, args.as_slice());
    if rest.first().map(String::as_str) == Some("--runs") {
        runs = rest
            .get(1)
            .and_then(|n| n.parse().ok())
            .expect("--runs takes a number");
        rest = &rest[2..];
    }
    let runs = runs.max(1);
    let split = rest.iter().position(|a| a == "--").unwrap_or(rest.len());
    let (commands, shared) = (&rest[..split], rest.get(split + 1..).unwrap_or_default());
    let [a, b] = commands else {
        eprintln!("usage: paired_runs [--runs N] A B -- ARGS… (OUT: a fresh folder per run)");
        std::process::exit(2);
    };
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let mut fresh = 0usize;
    let mut time = |program: &str| {
        fresh += 1;
        let out = scratch.path().join(format!("out-{fresh}"));
        let elapsed = run(program, shared, &out);
        let _ = std::fs::remove_dir_all(&out);
        elapsed
    };
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for round in 0..=runs {
        // Every other round B goes first, so that what running second does to a
        // process (a warm cache, a core just busy) falls on both alike.
        let (ta, tb) = if round % 2 == 0 {
            let ta = time(a);
            (ta, time(b))
        } else {
            let tb = time(b);
            (time(a), tb)
        };
        if round > 0 {
            times_a.push(ta);
            times_b.push(tb);
        }
    }
    let differences: Vec<f64> = times_b.iter().zip(&times_a).map(|(b, a)| b - a).collect();
    for (label, times) in [(a, &times_a), (b, &times_b)] {
        let (p25, median, p75) = quartiles(times);
        println!("{median:>8.2} ms (p25 {p25:.2}, p75 {p75:.2})  {label}");
    }
    let (p25, median, p75) = quartiles(&differences);
    println!("B − A, median of {runs} rounds: {median:+.2} ms (p25 {p25:+.2}, p75 {p75:+.2})");
}

/// Milliseconds for one whole process; a failed run stops the comparison.
fn run(program: &str, args: &[String], out: &Path) -> f64 {
    let args: Vec<PathBuf> = args
        .iter()
        .map(|a| {
            if a == "OUT" {
                out.to_path_buf()
            } else {
                PathBuf::from(a)
            }
        })
        .collect();
    let started = Instant::now();
    let status = Command::new(program)
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{program} could not be started: {e}"));
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    assert!(status.success(), "{program} {args:?} failed: {status}");
    elapsed
}

fn quartiles(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    (at(0.25), at(0.5), at(0.75))
}
