//! Measures the target stage on the sample district, scaled up: read + check, consolidate,
//! write, in process; then the whole commands against the floor (every cell of every file read
//! with calamine on 2 threads), with their CPU time and peak memory. Prints tables; run with
//! `cargo build --release && cargo run --release --example bench -- [FILES] [--runs N]
//! [--from DIR|FILE…]`, or `… --example bench -- --commands DIR` for a folder as it is.

#[path = "sample_district/mod.rs"]
#[allow(dead_code)]
mod sample_district;

use jixiao::config::Config;
use jixiao::output::xlsx;
use jixiao::read::workbook::discover;
use jixiao::registry::{Budget, Roster};
use jixiao::stage::{self, Context};
use std::time::Instant;

// The allocator of the `jixiao` binary, so that the steps measured in process cost what they
// cost in the commands.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    // `bench [FILES] [--from DIR|FILE…]`: a corpus of FILES workbooks, copies of the given cards
    // (default: the real target forms in ../shared/realworld, else the sample district's returns).
    let mut args = std::env::args().skip(1);
    let mut n_files: usize = 1000;
    let mut from: Vec<std::path::PathBuf> = Vec::new();
    let mut runs = None;
    let mut only_commands = None;
    while let Some(a) = args.next() {
        if a == "--floor" {
            return floor(std::path::Path::new(&args.next().unwrap_or_default()));
        } else if a == "--commands" {
            // Only the commands against the floor, on a folder as it is (no roster).
            only_commands = Some(std::path::PathBuf::from(args.next().unwrap_or_default()));
        } else if a == "--runs" {
            runs = args.next().and_then(|n| n.parse().ok());
        } else if a == "--from" {
            from.extend(args.by_ref().map(std::path::PathBuf::from));
        } else if let Ok(n) = a.parse() {
            n_files = n;
        }
    }
    if let Some(dir) = only_commands {
        return commands(&dir, &[], runs.unwrap_or(3));
    }
    let runs = runs.unwrap_or(1);
    let tmp = tempfile::tempdir()?;
    let base = tmp.path().join("district");
    sample_district::generate(&base).map_err(|e| anyhow::anyhow!("{e}"))?;
    if from.is_empty() {
        let real = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld");
        from = std::fs::read_dir(&real)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains("targets"))
            })
            .collect();
        from.sort();
        if from.is_empty() {
            from.push(base.join("targets"));
        }
    }
    // The sample district's roster and budget list go with its own returns only.
    let district = from == [base.join("targets")];
    let sources = discover(&from).files;
    anyhow::ensure!(!sources.is_empty(), "no workbook in {from:?}");
    // The given cards copied round robin up to FILES workbooks, 100 to a folder.
    let batch_dir = tmp.path().join("batch");
    for i in 0..n_files {
        let src = &sources[i % sources.len()];
        let d = batch_dir.join(format!("part{:04}", i / 100));
        std::fs::create_dir_all(&d)?;
        let name = src.path.file_name().unwrap_or_default().to_string_lossy();
        std::fs::copy(&src.path, d.join(format!("{i:06}-{name}")))?;
    }
    eprintln!(
        "corpus: {n_files} files from {} source workbooks",
        sources.len()
    );
    let roster = Roster::load(&base.join("roster.xlsx"))?;
    let budget = Budget::load(&base.join("budget-2024.xlsx"))?;
    let cfg = Config::default();

    let t0 = Instant::now();
    let files = discover(std::slice::from_ref(&batch_dir)).files;
    let batch = jixiao::batch::run(
        &files,
        district.then_some(&roster),
        district.then_some(&budget),
        &cfg,
        &Default::default(),
        &|_| {},
    )?;
    let read = t0.elapsed();
    let rss_read = rss_mib();
    let t1 = Instant::now();
    let cx = Context {
        roster: district.then_some(&roster),
        budget: district.then_some(&budget),
        config: Some(&cfg),
        ..Context::default()
    };
    // As `consolidate` does: each sheet written while the next is built.
    let out = tmp.path().join("out.xlsx");
    let counts = xlsx::write_streamed(&out, |emit| stage::each_sheet(&batch, &cx, emit))?;
    let write = t1.elapsed();
    let rss_write = rss_mib();
    eprintln!(
        "memory in use (RSS): after reading {rss_read:.0} MiB, after writing {rss_write:.0} MiB"
    );
    let size = std::fs::metadata(&out)?.len();
    let cards = batch.entries.len();
    let indicators: usize = batch.entries.iter().map(|e| e.card.indicators.len()).sum();

    println!("| step | time | throughput |");
    println!("|---|---|---|");
    println!(
        "| read + check {} files ({} cards, {} indicators, {} findings) | {:.3} s | {:.0} cards/s |",
        files.len(),
        cards,
        indicators,
        batch.findings.len(),
        read.as_secs_f64(),
        cards as f64 / read.as_secs_f64()
    );
    println!(
        "| build and write the workbook ({} KB) | {:.3} s | {:.0} rows/s |",
        size / 1024,
        write.as_secs_f64(),
        counts.iter().map(|c| c.rows).sum::<usize>() as f64 / write.as_secs_f64()
    );
    println!("| total | {:.3} s | |", (read + write).as_secs_f64());

    // Templates for the whole district: one target-stage workbook per roster unit.
    let plan = jixiao::template::sources::from_budget(&roster, &budget, 0);
    let opts = jixiao::template::Options {
        kind: jixiao::forms::FormKind::Target,
        year: 2024,
        month: None,
        deadline: None,
        contact: None,
        password: None,
        rules: cfg.clone(),
    };
    // On 2 threads, as `jixiao template` writes them; the best of 5 rounds.
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    let mut templates = std::time::Duration::MAX;
    let mut bytes = 0;
    for _ in 0..5 {
        let t3 = Instant::now();
        bytes = pool.install(|| {
            plan.units
                .par_iter()
                .map(|unit| jixiao::template::to_bytes(unit, &opts).map(|b| b.len()))
                .sum::<anyhow::Result<usize>>()
        })?;
        templates = templates.min(t3.elapsed());
    }
    let cards: usize = plan.units.iter().map(|u| u.cards.len()).sum();
    println!(
        "| target templates on 2 threads: {} workbooks, {} cards ({} KB in all) | {:.3} s | {:.0} workbooks/s |",
        plan.units.len(),
        cards,
        bytes / 1024,
        templates.as_secs_f64(),
        plan.units.len() as f64 / templates.as_secs_f64()
    );
    let roster = base.join("roster.xlsx").display().to_string();
    let budget = base.join("budget-2024.xlsx").display().to_string();
    let registry: Vec<&str> = if district {
        vec!["--roster", &roster, "--budget", &budget]
    } else {
        Vec::new()
    };
    // The commands run with the machine's memory to themselves.
    drop(batch);
    commands(&batch_dir, &registry, runs)?;
    Ok(())
}

/// Reads every cell of every workbook with calamine, on 2 threads: nothing that reads these
/// files is faster. Run as `bench --floor DIR` (a child process, so its time and memory are
/// measured like the commands'); prints the number of cells.
fn floor(dir: &std::path::Path) -> anyhow::Result<()> {
    use calamine::{Reader, open_workbook_auto};
    use rayon::prelude::*;
    let files = discover(&[dir.to_path_buf()]).files;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    let cells: usize = pool.install(|| {
        files
            .par_iter()
            .map(|f| {
                let Ok(mut book) = open_workbook_auto(&f.path) else {
                    return 0;
                };
                book.sheet_names()
                    .into_iter()
                    .filter_map(|n| book.worksheet_range(&n).ok())
                    .map(|r| r.used_cells().count())
                    .sum::<usize>()
            })
            .sum()
    });
    println!("{cells}");
    Ok(())
}

/// The process's resident memory now (Linux), in MiB.
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |pages| pages * 4096.0 / (1 << 20) as f64)
}

/// A run measured by GNU time.
struct Timed {
    wall: f64,
    cpu: f64,
    mib: f64,
}

/// Runs a program under GNU time: wall and CPU seconds, peak memory.
fn timed(bin: &std::path::Path, args: &[&str]) -> anyhow::Result<Timed> {
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %U %S %M")
        .arg(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()?;
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap_or("");
    let v: Vec<f64> = last
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(f64::NAN))
        .collect();
    anyhow::ensure!(v.len() == 4, "GNU time said: {err}");
    Ok(Timed {
        wall: v[0],
        cpu: v[1] + v[2],
        mib: v[3] / 1024.0,
    })
}

/// The whole commands against the floor, measured in the same run: `runs` rounds of the three, and
/// each figure the median round's.
fn commands(batch_dir: &std::path::Path, registry: &[&str], runs: usize) -> anyhow::Result<()> {
    let me = std::env::current_exe()?;
    let bin = me
        .parent()
        .and_then(|d| d.parent())
        .map(|d| d.join("jixiao"))
        .filter(|p| p.exists());
    let Some(bin) = bin else {
        println!("\n(no release binary beside the example: `cargo build --release` first)");
        return Ok(());
    };
    if !std::path::Path::new("/usr/bin/time").exists() {
        println!("\n(GNU time is missing: `apt-get install time` to measure the commands)");
        return Ok(());
    }
    let files = discover(&[batch_dir.to_path_buf()]).files;
    let d = batch_dir.display().to_string();
    let out_dir = tempfile::tempdir()?;
    let out = out_dir.path().join("out.xlsx").display().to_string();
    let mut v_args = vec!["validate", &d, "--format", "json", "-q"];
    v_args.extend(registry);
    let mut c_args = vec!["consolidate", &d, "--out", &out, "-q"];
    c_args.extend(registry);
    // Rounds of floor, validate and consolidate back to back: a virtual machine's speed drifts
    // by a third over minutes, so each command is compared with the floor of its own round, and
    // the median round of each is shown.
    let mut rounds: Vec<[Timed; 3]> = Vec::new();
    for _ in 0..runs.max(1) {
        rounds.push([
            timed(&me, &["--floor", &d])?,
            timed(&bin, &v_args)?,
            timed(&bin, &c_args)?,
        ]);
    }
    let median = |mut xs: Vec<f64>| {
        xs.sort_by(f64::total_cmp);
        xs[xs.len() / 2]
    };
    println!(
        "\n| run ({} files, {:.0} MB; median of {} rounds) | wall | × floor | CPU | peak memory |",
        files.len(),
        files
            .iter()
            .filter_map(|f| std::fs::metadata(&f.path).ok())
            .map(|m| m.len() as f64)
            .sum::<f64>()
            / 1e6,
        rounds.len()
    );
    println!("|---|---|---|---|---|");
    let names = [
        "floor: every cell read with calamine on 2 threads",
        "`jixiao validate --format json`",
        "`jixiao consolidate --out`",
    ];
    for (i, name) in names.iter().enumerate() {
        let of = |g: fn(&Timed) -> f64| median(rounds.iter().map(|r| g(&r[i])).collect());
        let ratio = median(rounds.iter().map(|r| r[i].wall / r[0].wall).collect());
        let peak = rounds.iter().map(|r| r[i].mib).fold(0.0, f64::max);
        println!(
            "| {name} | {:.2} s | {ratio:.2} | {:.2} s | {peak:.0} MiB |",
            of(|t| t.wall),
            of(|t| t.cpu),
        );
    }
    Ok(())
}
