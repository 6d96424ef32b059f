//! The long fuzz run (issue 13): generated workbooks through the reader, the checks and the
//! writer for a time budget; each failing case is saved under `tests/data/fuzz/` (replayed by
//! `tests/test_fuzz.rs`).
//!
//! ```sh
//! nice -n 19 cargo run --release --example fuzz -- --seed 7 --minutes 60
//! ```
//!
//! Options: `--seed N` (default 1), `--minutes M` (default 10), `--cases K` (a limit),
//! `--bound S` (seconds one file may take, default 10), `--extra DIR` (more seed forms, e.g. the
//! real ones), `--out DIR` (where failing cases go), `--replay DIR` (check the cases saved there
//! and nothing else). Reads on one thread.

#[path = "../tests/fuzz/mod.rs"]
mod fuzz;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn main() {
    let mut seed = 1u64;
    let mut minutes = 10.0f64;
    let mut cases = u64::MAX;
    let mut bound = 10u64;
    let mut extra = Vec::new();
    let mut out = fuzz::regressions();
    let mut replay = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&a));
        match a.as_str() {
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage("--seed")),
            "--minutes" => minutes = value().parse().unwrap_or_else(|_| usage("--minutes")),
            "--cases" => cases = value().parse().unwrap_or_else(|_| usage("--cases")),
            "--bound" => bound = value().parse().unwrap_or_else(|_| usage("--bound")),
            "--extra" => extra.push(PathBuf::from(value())),
            "--out" => out = PathBuf::from(value()),
            "--replay" => replay = Some(PathBuf::from(value())),
            _ => usage(&a),
        }
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build_global()
        .expect("one reading thread");
    if let Some(dir) = replay {
        let env = Arc::new(fuzz::Env::load(Duration::from_secs(bound)));
        let mut stats = fuzz::Stats::default();
        let mut failed = 0;
        for (name, files) in fuzz::saved_cases(&dir) {
            match fuzz::check_case(&files, &env, &mut stats) {
                Ok(()) => eprintln!("ok {name}"),
                Err(why) => {
                    failed += 1;
                    eprintln!("FAIL {name}: {why}");
                }
            }
        }
        std::process::exit(if failed == 0 { 0 } else { 1 });
    }
    let start = Instant::now();
    let seeds = fuzz::load_seeds(None, &extra);
    let env = Arc::new(fuzz::Env::load(Duration::from_secs(bound)));
    eprintln!(
        "fuzz: seed {seed}, {} seed workbooks loaded in {:.1?}, {minutes} minutes",
        seeds.len(),
        start.elapsed()
    );
    let budget = Duration::from_secs_f64(minutes * 60.0);
    let mut failed = 0;
    // The same bug fails many cases: the first three of each kind are saved.
    let mut kinds: std::collections::HashMap<String, u32> = Default::default();
    let mut total = fuzz::Stats::default();
    // Rounds of 500 cases, each from its own seed, so that progress shows and a case is
    // reproduced by `--seed` and its number.
    let mut round = 0u64;
    while start.elapsed() < budget && total.cases < cases {
        let left = budget.saturating_sub(start.elapsed());
        let s = seed.wrapping_mul(1_000).wrapping_add(round);
        let stats = fuzz::run(
            s,
            500.min(cases - total.cases),
            left,
            &seeds,
            &env,
            &mut |i, files, why| {
                failed += 1;
                let name = format!("seed{s}-case{i}");
                let kind: String = why
                    .chars()
                    .filter(|c| !c.is_ascii_digit())
                    .take(60)
                    .collect();
                let seen = kinds.entry(kind).or_default();
                *seen += 1;
                if *seen > 3 {
                    eprintln!("FAIL {name}: {why} (not saved: a fourth of its kind)");
                    return;
                }
                // Cases from forms that are not ours (`--extra`) stay outside the project.
                let dir = if files.iter().any(|f| f.private) {
                    std::env::temp_dir().join("jixiao-fuzz-private")
                } else {
                    out.clone()
                };
                match fuzz::save_case(&dir, &name, files, why) {
                    Ok(p) => eprintln!("FAIL {name}: {why}\n  saved in {}", p.display()),
                    Err(e) => eprintln!("FAIL {name}: {why}\n  not saved: {e}"),
                }
                if why.starts_with("hang") {
                    eprintln!("fuzz: stopping after a hang (the stuck reader holds the thread)");
                    std::process::exit(1);
                }
            },
        );
        total.cases += stats.cases;
        total.files += stats.files;
        total.cards += stats.cards;
        total.findings += stats.findings;
        total.unreadable += stats.unreadable;
        total.library_panics += stats.library_panics;
        total.workbooks_written += stats.workbooks_written;
        total.mixed_stages += stats.mixed_stages;
        total.feedback += stats.feedback;
        round += 1;
        eprintln!(
            "fuzz: {:.0?} {} cases, {} files, {} cards, {} findings, {} unreadable, {} library panics caught, {} workbooks written, {} with feedback, {failed} failed",
            start.elapsed(),
            total.cases,
            total.files,
            total.cards,
            total.findings,
            total.unreadable,
            total.library_panics,
            total.workbooks_written,
            total.feedback
        );
    }
    println!(
        "fuzz: seed {seed}: {} cases ({} files) in {:.0?}, {failed} failed",
        total.cases,
        total.files,
        start.elapsed()
    );
    std::process::exit(if failed == 0 { 0 } else { 1 });
}

fn usage(at: &str) -> ! {
    eprintln!(
        "error: bad argument `{at}`\nusage: fuzz [--seed N] [--minutes M] [--cases K] [--bound S] [--extra DIR] [--out DIR] [--replay DIR]"
    );
    std::process::exit(2);
}
