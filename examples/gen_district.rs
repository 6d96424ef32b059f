//! Writes the sample district used by the README and the tests.
//!
//! ```text
//! cargo run --example gen_district [OUTPUT_DIR]   # default: fixtures
//! ```

mod sample_district;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "fixtures".to_string()),
    );
    let (manifest, monitoring, self_eval, round2) = match sample_district::generate_all(&dir) {
        Ok(m) => m,
        Err(e) => {
            eprintln!(
                "error: cannot write the sample district to `{}`",
                dir.display()
            );
            eprintln!("caused by: {e}");
            return ExitCode::from(2);
        }
    };
    let s = &manifest.summary;
    println!("sample district written to {}", dir.display());
    println!(
        "units: {} in the roster, {} with projects, {} hand in targets",
        s.roster_units, s.units_with_projects, s.units_handing_in
    );
    println!(
        "projects: {} in the budget list, {} meet the ex-ante thresholds",
        s.budget_projects, s.ex_ante_projects
    );
    let layouts: Vec<String> = s
        .cards_by_layout
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    println!(
        "cards: {} unit-wide, {} project ({}), {} resubmitted",
        s.overall_cards,
        s.project_cards,
        layouts.join(", "),
        s.duplicate_cards
    );
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &s.files {
        *kinds.entry(f.kind.as_str()).or_default() += 1;
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, v)| format!("{v} {k}")).collect();
    println!("files in targets/: {}", kinds.join(", "));
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &manifest.planted {
        *rules.entry(p.rule.as_str()).or_default() += 1;
    }
    let rules: Vec<String> = rules.iter().map(|(k, v)| format!("{k}×{v}")).collect();
    println!("planted: {} ({})", manifest.planted.len(), rules.join(" "));
    print_monitoring(&monitoring);
    print_self_eval(&self_eval);
    print_round2(&round2);
    ExitCode::SUCCESS
}

/// One line on round two of the target stage: the corrected returns, their name markers, what
/// is fixed, still open, new, replaced, withdrawn and added.
fn print_round2(m: &sample_district::Manifest) {
    let r = &m.resubmission;
    let markers: Vec<String> = r
        .files_by_marker
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let mut orders: BTreeMap<&str, usize> = BTreeMap::new();
    for x in r.replaced.iter().filter(|x| !x.old_sheet.is_empty()) {
        *orders.entry(x.order.as_str()).or_default() += 1;
    }
    let orders: Vec<String> = orders.iter().map(|(k, v)| format!("{k} {v}")).collect();
    println!(
        "targets round 2: {} units hand in {} files ({}); round-one findings fixed {}, open {}, new {}; {} cards replaced ({}), {} files unreadable before, {} withdrawn, {} added; planted {}",
        m.summary.units_handing_in,
        m.summary.files.len(),
        markers.join(", "),
        r.fixed.len(),
        r.open.len(),
        r.new.len(),
        r.replaced
            .iter()
            .filter(|x| !x.old_sheet.is_empty())
            .count(),
        orders.join(", "),
        r.replaced.iter().filter(|x| x.old_sheet.is_empty()).count(),
        r.withdrawn.len(),
        r.added.len(),
        m.planted.len()
    );
}

/// One line on the monitoring stage: the returns, the planted findings, the alerts and the
/// expected surplus, and the units behind schedule in the execution export.
fn print_monitoring(m: &sample_district::Manifest) {
    let s = &m.summary;
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &s.files {
        *kinds.entry(f.kind.as_str()).or_default() += 1;
    }
    let kinds: Vec<String> = kinds.iter().map(|(k, v)| format!("{v} {k}")).collect();
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &m.planted {
        *rules.entry(p.rule.as_str()).or_default() += 1;
    }
    let rules: Vec<String> = rules.iter().map(|(k, v)| format!("{k}×{v}")).collect();
    let cents: i64 = m
        .surplus
        .iter()
        .map(|x| {
            let (int, dec) = x.surplus.split_once('.').unwrap_or((&x.surplus, "0"));
            int.parse::<i64>().unwrap_or(0) * 100 + dec.parse::<i64>().unwrap_or(0)
        })
        .sum();
    println!(
        "monitoring 1-{}月: {} units, {} cards in {} files ({}); planted {} ({}); {} alerts; {} cards with a surplus ({}.{:02}万元); execution export: {} units behind",
        m.month.unwrap_or(0),
        s.units_handing_in,
        s.project_cards,
        s.files.len(),
        kinds.join(", "),
        m.planted.len(),
        rules.join(" "),
        m.alerts.len(),
        m.surplus.len(),
        cents / 100,
        cents % 100,
        m.units_behind.len()
    );
}

/// One line on the self-evaluation stage: the returns, the planted findings, the grades and the
/// cards due for 评分复核.
fn print_self_eval(m: &sample_district::Manifest) {
    let s = &m.summary;
    let layouts: Vec<String> = s
        .cards_by_layout
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    let mut rules: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &m.planted {
        *rules.entry(p.rule.as_str()).or_default() += 1;
    }
    let rules: Vec<String> = rules.iter().map(|(k, v)| format!("{k}×{v}")).collect();
    let mut grades: BTreeMap<&str, usize> = BTreeMap::new();
    for c in m.scores.iter().filter(|c| !c.project_code.is_empty()) {
        *grades.entry(c.grade.as_str()).or_default() += 1;
    }
    let grades: Vec<String> = ["优", "良", "中", "差"]
        .iter()
        .map(|g| format!("{g} {}", grades.get(g).copied().unwrap_or(0)))
        .collect();
    println!(
        "self-evaluation 2024: {} units, {} project cards and {} unit-wide in {} files ({}); planted on {} cards, {} findings expected ({}); project grades {}; {} cards to review; key-eval-2024.xlsx",
        s.units_handing_in,
        s.project_cards,
        s.overall_cards,
        s.files.len(),
        layouts.join(", "),
        s.planted_on_cards,
        m.planted.len(),
        rules.join(" "),
        grades.join(", "),
        m.scores.iter().filter(|c| c.review).count()
    );
}
