//! Measures the target stage on the sample district, scaled up: read + check, consolidate,
//! write, in process; then the whole commands against the floor (every cell of every file read
//! with calamine on 2 threads), with their peak memory. Prints tables; run with
//! `cargo build --release && cargo run --release --example bench -- [COPIES]`.

#[path = "sample_district/mod.rs"]
#[allow(dead_code)]
mod sample_district;

use jixiao::config::Config;
use jixiao::output::xlsx;
use jixiao::read::workbook::discover;
use jixiao::registry::{Budget, Roster};
use jixiao::stage::{self, Context};
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let copies: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let tmp = tempfile::tempdir()?;
    let base = tmp.path().join("district");
    sample_district::generate(&base).map_err(|e| anyhow::anyhow!("{e}"))?;
    // The returned folder copied `copies` times: a bureau's year of deadlines in one run.
    let batch_dir = tmp.path().join("batch");
    for i in 0..copies {
        let d = batch_dir.join(format!("copy{i:02}"));
        std::fs::create_dir_all(&d)?;
        for e in std::fs::read_dir(base.join("targets"))? {
            let e = e?;
            std::fs::copy(e.path(), d.join(e.file_name()))?;
        }
    }
    let roster = Roster::load(&base.join("roster.xlsx"))?;
    let budget = Budget::load(&base.join("budget-2024.xlsx"))?;
    let cfg = Config::default();

    let t0 = Instant::now();
    let files = discover(std::slice::from_ref(&batch_dir)).files;
    let batch = jixiao::batch::run(
        &files,
        Some(&roster),
        Some(&budget),
        &cfg,
        &Default::default(),
        &|_| {},
    )?;
    let read = t0.elapsed();
    let t1 = Instant::now();
    let cx = Context {
        roster: Some(&roster),
        budget: Some(&budget),
        config: Some(&cfg),
        ..Context::default()
    };
    let sheets = stage::sheets(&batch, &cx);
    let build = t1.elapsed();
    let t2 = Instant::now();
    let out = tmp.path().join("out.xlsx");
    xlsx::write_tables(&out, &sheets)?;
    let write = t2.elapsed();
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
    println!("| build sheets | {:.3} s | |", build.as_secs_f64());
    println!(
        "| write workbook ({} KB) | {:.3} s | {:.0} rows/s |",
        size / 1024,
        write.as_secs_f64(),
        sheets.iter().map(|s| s.rows.len()).sum::<usize>() as f64 / write.as_secs_f64()
    );
    println!(
        "| total | {:.3} s | |",
        (read + build + write).as_secs_f64()
    );

    // Templates for the whole district: one target-stage workbook per roster unit.
    let t3 = Instant::now();
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
    let mut bytes = 0;
    let mut cards = 0;
    for unit in &plan.units {
        bytes += jixiao::template::to_bytes(unit, &opts)?.len();
        cards += unit.cards.len();
    }
    let templates = t3.elapsed();
    println!(
        "| target templates: {} workbooks, {} cards ({} KB in all) | {:.3} s | {:.0} workbooks/s |",
        plan.units.len(),
        cards,
        bytes / 1024,
        templates.as_secs_f64(),
        plan.units.len() as f64 / templates.as_secs_f64()
    );
    commands(&batch_dir, &base)?;
    Ok(())
}

/// Reads every cell of every workbook with calamine, on 2 threads: nothing that reads these
/// files is faster.
fn floor(files: &[jixiao::read::workbook::InputFile]) -> anyhow::Result<(f64, usize)> {
    use calamine::{Reader, open_workbook_auto};
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    let t = Instant::now();
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
    Ok((t.elapsed().as_secs_f64(), cells))
}

/// Runs the release binary under GNU time: wall seconds and peak memory (MiB).
fn timed(bin: &std::path::Path, args: &[&str]) -> anyhow::Result<(f64, f64)> {
    let out = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()?;
    let err = String::from_utf8_lossy(&out.stderr);
    let last = err.lines().last().unwrap_or("");
    let mut it = last.split_whitespace();
    let wall: f64 = it.next().and_then(|x| x.parse().ok()).unwrap_or(f64::NAN);
    let kb: f64 = it.next().and_then(|x| x.parse().ok()).unwrap_or(f64::NAN);
    Ok((wall, kb / 1024.0))
}

/// The whole commands against the floor, measured in the same run.
fn commands(batch_dir: &std::path::Path, base: &std::path::Path) -> anyhow::Result<()> {
    let bin = std::env::current_exe()?
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
    let (floor_s, cells) = floor(&files)?;
    let d = batch_dir.display().to_string();
    let roster = base.join("roster.xlsx").display().to_string();
    let budget = base.join("budget-2024.xlsx").display().to_string();
    let out = batch_dir.with_file_name("out.xlsx").display().to_string();
    let (v_s, v_mb) = timed(
        &bin,
        &[
            "validate", &d, "--roster", &roster, "--budget", &budget, "--format", "json", "-q",
        ],
    )?;
    let (c_s, c_mb) = timed(
        &bin,
        &[
            "consolidate",
            &d,
            "--roster",
            &roster,
            "--budget",
            &budget,
            "--out",
            &out,
            "-q",
        ],
    )?;
    println!(
        "\n| run ({} files, {} cells) | wall | × floor | peak memory |",
        files.len(),
        cells
    );
    println!("|---|---|---|---|");
    println!("| floor: every cell read with calamine on 2 threads | {floor_s:.2} s | 1.0 | — |");
    println!(
        "| `jixiao validate --format json` | {v_s:.2} s | {:.1} | {v_mb:.0} MiB |",
        v_s / floor_s
    );
    println!(
        "| `jixiao consolidate --out` | {c_s:.2} s | {:.1} | {c_mb:.0} MiB |",
        c_s / floor_s
    );
    Ok(())
}
