//! How late a helper thread runs when a busy thread starts it, and again when the busy
//! thread wakes it: started plainly (`std::thread::spawn`) and as raadsbrief starts its
//! helpers (`alongside::spawn`, see `src/alongside/cores.rs`).
//!
//! `cargo run --release --example helper_start -- [--rounds N]`
//!
//! Each round is a fresh process, as each raadsbrief run is (in one long-lived process
//! the scheduler placed the plain thread well after its first few): it starts a thread
//! and keeps busy for 3 ms, then wakes the thread (which waits on a channel) and keeps
//! busy for 3 ms again; the thread notes when it first ran and when it woke. The two
//! ways alternate, so both see the same machine. Where the scheduler puts a new or
//! woken thread on an idle core, both are some tens of microseconds; where it queues it
//! behind its busy starter, the plain thread waits up to the 3 ms.

use std::sync::mpsc;
use std::time::{Duration, Instant};

const BUSY: Duration = Duration::from_millis(3);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(way) = args
        .iter()
        .position(|a| a == "--child")
        .and_then(|i| args.get(i + 1))
    {
        let (started, woken) = once(way == "placed");
        println!("{started} {woken}");
        return;
    }
    let me = std::env::current_exe().expect("this program's path");
    let child = |way: &str| -> (u128, u128) {
        let out = std::process::Command::new(&me)
            .args(["--child", way])
            .output()
            .expect("a child process");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut numbers = text.split_whitespace().map(|n| n.parse().unwrap_or(0));
        (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
    };
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(60);
    let (mut plain, mut placed) = (Vec::new(), Vec::new());
    for round in 0..rounds * 2 {
        if round % 2 == 0 {
            plain.push(child("plain"));
        } else {
            placed.push(child("placed"));
        }
    }
    println!(
        "{} rounds each, {} cores; µs until the thread ran (p10 / p50 / p90)",
        rounds,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    for (name, samples) in [
        ("std::thread::spawn", &plain),
        ("alongside::spawn", &placed),
    ] {
        let started: Vec<u128> = samples.iter().map(|s| s.0).collect();
        let woken: Vec<u128> = samples.iter().map(|s| s.1).collect();
        println!(
            "{name:>20}: started {}   woken {}",
            quantiles(started),
            quantiles(woken)
        );
    }
}

/// One round: µs from the start to the thread's first step, and from the wake to its
/// next.
fn once(placed: bool) -> (u128, u128) {
    let (wake, woken) = mpsc::channel::<Instant>();
    let (report, reports) = mpsc::channel::<u128>();
    let started = Instant::now();
    let helper = move || {
        let _ = report.send(started.elapsed().as_micros());
        if let Ok(at) = woken.recv() {
            let _ = report.send(at.elapsed().as_micros());
        }
    };
    let handle = if placed {
        raadsbrief::alongside::spawn(std::thread::Builder::new(), helper)
    } else {
        std::thread::Builder::new().spawn(helper)
    }
    .expect("a thread");
    busy(started);
    let woke = Instant::now();
    let _ = wake.send(woke);
    busy(woke);
    handle.join().expect("the thread ended");
    let first = reports.recv().unwrap_or(0);
    let second = reports.recv().unwrap_or(0);
    (first, second)
}

fn busy(from: Instant) {
    while from.elapsed() < BUSY {
        std::hint::spin_loop();
    }
}

fn quantiles(mut v: Vec<u128>) -> String {
    v.sort_unstable();
    let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    format!("{:>5} / {:>5} / {:>5}", at(0.1), at(0.5), at(0.9))
}
