//! Measures the target stage on the sample district, scaled up: read + check, consolidate,
//! write. Prints a table; run with `cargo run --release --example bench [COPIES]`.

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
    let (files, _) = discover(std::slice::from_ref(&batch_dir));
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
    Ok(())
}
