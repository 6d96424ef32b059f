//! Fuzzing in `cargo test` (issue 13): a short run of generated workbooks through the reader,
//! the checks and the writer, and every failing case the long run saved (`tests/data/fuzz/`)
//! replayed. The long run: `cargo run --release --example fuzz -- --seed N --minutes M`.

mod fuzz;

use std::sync::Arc;
use std::time::Duration;

/// A debug build reads a small card in tens of milliseconds; a file taking this long hangs.
const BOUND: Duration = Duration::from_secs(30);

fn cases() -> u64 {
    std::env::var("JIXIAO_FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000)
}

#[test]
fn generated_workbooks_never_panic_hang_or_lose_a_file() {
    let seeds = fuzz::single_cards(&fuzz::load_seeds(Some(2), &[]));
    assert!(seeds.len() >= 12, "{} seeds", seeds.len());
    let mut env = fuzz::Env::load(BOUND);
    env.feedback_every = 4;
    let env = Arc::new(env);
    let mut failures = Vec::new();
    let stats = fuzz::run(
        13,
        cases(),
        Duration::from_secs(600),
        &seeds,
        &env,
        &mut |i, files, why| {
            let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
            failures.push(format!("case {i} ({}): {why}", names.join(", ")));
        },
    );
    eprintln!("fuzz: {stats:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(stats.cases, cases());
}

#[test]
fn saved_failing_cases_pass() {
    let env = Arc::new(fuzz::Env::load(BOUND));
    let mut stats = fuzz::Stats::default();
    let mut failures = Vec::new();
    for (name, files) in fuzz::saved_cases(&fuzz::regressions()) {
        if let Err(why) = fuzz::check_case(&files, &env, &mut stats) {
            failures.push(format!("{name}: {why}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
