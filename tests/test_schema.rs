//! The consolidated workbook is a contract: what one version writes, the next stage reads through
//! the one schema (`jixiao::schema`), and the target stage's workbook of the sample district stays
//! the same cell for cell (`tests/data/golden/targets.tsv`; after a deliberate change, rewrite it
//! with `JIXIAO_BLESS=1 cargo test --test test_schema`).

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use common::*;
use std::path::Path;

fn consolidate_targets(wd: &Workdir) -> std::path::PathBuf {
    let f = project_dir().join("fixtures");
    let s = |p: &str| f.join(p).display().to_string();
    wd.run(&[
        "consolidate",
        &s("targets"),
        "--roster",
        &s("roster.xlsx"),
        "--budget",
        &s("budget-2024.xlsx"),
        "--out",
        "目标汇总.xlsx",
        "-q",
    ])
    .expect_code(1);
    wd.path("目标汇总.xlsx")
}

/// Every sheet as text: a `## name` line, then one tab-separated line per row, each cell typed
/// (`s:` text, `n:` number, `e:` empty).
fn dump(path: &Path) -> String {
    let mut book = open_workbook_auto(path).unwrap();
    let mut out = String::new();
    for name in book.sheet_names() {
        out.push_str(&format!("## {name}\n"));
        let range = book.worksheet_range(&name).unwrap();
        for row in range.rows() {
            let cells: Vec<String> = row
                .iter()
                .map(|d| match d {
                    Data::Empty => "e:".to_string(),
                    Data::String(s) => format!("s:{}", s.replace(['\t', '\n'], " ")),
                    Data::Float(f) => format!("n:{f}"),
                    Data::Int(i) => format!("n:{i}"),
                    other => format!("?:{other}"),
                })
                .collect();
            out.push_str(&cells.join("\t"));
            out.push('\n');
        }
    }
    out
}

/// Compares a workbook with its golden dump (`tests/data/golden/NAME.tsv`), or rewrites the dump
/// with `JIXIAO_BLESS=1`.
fn assert_golden(name: &str, out: &Path) {
    let got = dump(out);
    let golden = project_dir().join(format!("tests/data/golden/{name}.tsv"));
    if std::env::var_os("JIXIAO_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &got).unwrap();
    }
    let want =
        std::fs::read_to_string(&golden).unwrap_or_else(|_| panic!("tests/data/golden/{name}.tsv"));
    if got != want {
        let (n, (g, w)) = got
            .lines()
            .zip(want.lines())
            .enumerate()
            .find(|(_, (g, w))| g != w)
            .unwrap_or((0, ("(length differs)", "")));
        panic!(
            "the {name} workbook changed at line {}:\n  now:    {g}\n  before: {w}",
            n + 1
        );
    }
}

#[test]
fn the_target_workbook_of_the_sample_district_is_unchanged_cell_for_cell() {
    let wd = Workdir::new();
    let out = consolidate_targets(&wd);
    assert_golden("targets", &out);
}

/// The other stages' workbooks of the sample district, as the year script writes them, are
/// pinned cell for cell as well (their goldens were written by the code before the streaming
/// writer, and compared equal in values, formats, widths and row heights).
#[test]
fn every_stage_workbook_of_the_sample_district_is_unchanged_cell_for_cell() {
    let wd = Workdir::new();
    let targets = consolidate_targets(&wd);
    let f = project_dir().join("fixtures");
    let s = |p: &str| f.join(p).display().to_string();
    let t = targets.display().to_string();
    let [
        targets_dir,
        round2,
        monitor,
        self_eval,
        execution,
        roster,
        budget,
    ] = [
        "targets",
        "targets-round2",
        "monitor",
        "self-eval",
        "execution-2024-07.xlsx",
        "roster.xlsx",
        "budget-2024.xlsx",
    ]
    .map(s);
    let registry = ["--roster", &roster, "--budget", &budget];
    let runs: [(&str, Vec<&str>); 3] = [
        (
            "targets-round2",
            vec!["consolidate", &targets_dir, &round2, "--previous", &t],
        ),
        (
            "monitor",
            vec![
                "consolidate",
                &monitor,
                "--stage",
                "monitor",
                "--targets",
                &t,
                "--execution",
                &execution,
            ],
        ),
        (
            "self-eval",
            vec!["consolidate", &self_eval, "--stage", "self-eval"],
        ),
    ];
    for (name, mut args) in runs {
        let out = format!("{name}.xlsx");
        args.extend(registry);
        args.extend(["--out", &out, "-q"]);
        let run = wd.run(&args);
        assert!(matches!(run.code(), 0 | 1), "{name}: {}", run.stderr());
        assert_golden(name, &wd.path(&out));
    }
}

/// A table past the row limit continues on `(2)`, `(3)`… sheets, each with the header; only the
/// last closes with the total row, which sums every row of every part. The limit is lowered for
/// the test (`JIXIAO_TEST_MAX_ROWS`) so that the sample district goes past it.
#[test]
fn long_tables_continue_on_numbered_sheets_past_the_row_limit() {
    let wd = Workdir::new();
    let whole = consolidate_targets(&wd);
    let f = project_dir().join("fixtures");
    let s = |p: &str| f.join(p).display().to_string();
    let run = wd.run_env(
        &[
            "consolidate",
            &s("targets"),
            "--roster",
            &s("roster.xlsx"),
            "--budget",
            &s("budget-2024.xlsx"),
            "--out",
            "分页.xlsx",
            "-q",
        ],
        &[("JIXIAO_TEST_MAX_ROWS", Some("300"))],
    );
    run.expect_code(1);
    let split = wd.path("分页.xlsx");
    let mut a = open_workbook_auto(&whole).unwrap();
    let mut b = open_workbook_auto(&split).unwrap();
    let names = b.sheet_names();
    for sheet in a.sheet_names() {
        let full = a.worksheet_range(&sheet).unwrap();
        let full_rows: Vec<Vec<Data>> = full.rows().map(|r| r.to_vec()).collect();
        let mut parts = vec![sheet.clone()];
        parts.extend(
            (2..)
                .map(|i| format!("{sheet}({i})"))
                .take_while(|n| names.contains(n)),
        );
        let has_total = full_rows
            .last()
            .is_some_and(|r| r[0] == Data::String("合计".into()));
        let data_rows = full_rows.len() - 1 - usize::from(has_total);
        let per_sheet = if has_total { 299 } else { 300 };
        assert_eq!(
            parts.len(),
            data_rows.div_ceil(per_sheet).max(1),
            "{sheet}: {data_rows} rows"
        );
        // The parts, header dropped, are the whole table's rows in order.
        let mut joined: Vec<Vec<Data>> = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            let range = b.worksheet_range(p).unwrap();
            let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
            assert_eq!(rows[0], full_rows[0], "{p}: the header repeats");
            let last = i + 1 == parts.len();
            let body = &rows[1..];
            if has_total && last {
                let (total, body) = body.split_last().unwrap();
                assert_eq!(total[0], Data::String("合计".into()), "{p}");
                // The total of a split table is a plain number: the sum of all parts' rows.
                for (c, v) in total.iter().enumerate().skip(1) {
                    let whole_total = &full_rows.last().unwrap()[c];
                    assert_eq!(v, whole_total, "{p}: total of column {c}");
                }
                joined.extend(body.iter().cloned());
            } else {
                assert!(body.len() <= 300, "{p}");
                if has_total {
                    assert!(body.iter().all(|r| r[0] != Data::String("合计".into())));
                }
                joined.extend(body.iter().cloned());
            }
        }
        assert_eq!(joined.as_slice(), &full_rows[1..1 + data_rows], "{sheet}");
    }
    assert!(
        names.iter().any(|n| n == "指标明细(2)") && names.iter().any(|n| n == "项目汇总(2)"),
        "{names:?}"
    );
}

#[test]
fn a_consolidated_workbook_reads_back_through_the_schema() {
    let wd = Workdir::new();
    let out = consolidate_targets(&wd);
    let read = jixiao::schema::read(&out).expect("read through the schema");
    let projects = read_sheet(&out, "项目汇总");
    let indicators = read_sheet(&out, "指标明细");
    // One project per counted row of 项目汇总; the card its `（修改版）` replaced is a row that
    // does not count.
    assert_eq!(
        read.projects.len() + read.duplicates.len() + read.uncounted.len(),
        projects.rows.len()
    );
    let not_counted = (0..projects.rows.len())
        .filter(|&r| projects.text(r, "计入合计").starts_with('否'))
        .count();
    assert_eq!(read.uncounted.len(), not_counted);
    assert_eq!(
        not_counted, 2,
        "the replaced card and the untouched template"
    );
    assert!(read.duplicates.is_empty());
    for p in &read.projects {
        let r = projects
            .rows_where("来源工作表", &p.sheet)
            .find(|&r| projects.text(r, "项目名称") == p.name)
            .map(|_| ())
            .or_else(|| {
                (0..projects.rows.len())
                    .find(|&r| {
                        projects.text(r, "项目名称") == p.name
                            && projects.text(r, "单位编码") == p.unit_code
                    })
                    .map(|_| ())
            });
        assert!(r.is_some(), "{} read back", p.name);
    }
    // Every named indicator row of a project card belongs to exactly one project read back (the
    // unit-wide cards' rows are not projects).
    let named = |card: Option<&(String, String)>| {
        (0..indicators.rows.len())
            .filter(|&r| {
                let n = indicators.text(r, "三级指标");
                !n.is_empty()
                    && n != "不适用"
                    && indicators.text(r, "项目名称") != "（部门整体）"
                    && card.is_none_or(|(f, s)| {
                        indicators.text(r, "来源文件") == *f
                            && indicators.text(r, "来源工作表") == *s
                    })
            })
            .count()
    };
    let read_back: usize = read.projects.iter().map(|p| p.indicators.len()).sum();
    // The replaced card's indicators are not in 指标明细 at all.
    assert_eq!(read_back, named(None));
    // A card without 项目编码 carries the budget's code in both sheets alike.
    for r in 0..projects.rows.len() {
        let code = projects.text(r, "项目编码");
        let name = projects.text(r, "项目名称");
        let sheet = projects.text(r, "来源工作表");
        let file = projects.text(r, "来源文件");
        for i in indicators.rows_where("来源工作表", &sheet) {
            if indicators.text(i, "来源文件") == file && indicators.text(i, "项目名称") == name
            {
                assert_eq!(indicators.text(i, "项目编码"), code, "{name}");
            }
        }
    }
}

/// `validate` reports only findings, and its cards let go of their tables once checked and
/// identified: every finding, unit, budget match, resubmission and count is the same as with
/// the cards held whole (as `consolidate` holds them), at every stage, for resubmissions, and
/// for cards of another stage than the one asked for.
#[test]
fn cards_let_go_of_their_tables_give_the_same_findings_and_units() {
    use jixiao::batch::{Expect, run};
    use jixiao::config::Config;
    use jixiao::forms::Stage;
    use jixiao::read::workbook::discover;
    use jixiao::registry::{Budget, Roster};
    let f = project_dir().join("fixtures");
    let roster = Roster::load(&f.join("roster.xlsx")).unwrap();
    let budget = Budget::load(&f.join("budget-2024.xlsx")).unwrap();
    let runs: [(&[&str], Option<Stage>); 5] = [
        (&["targets"], None),
        (&["targets", "targets-round2"], None),
        (&["monitor"], Some(Stage::Monitor)),
        (&["self-eval"], None),
        (&["targets", "self-eval"], Some(Stage::SelfEval)),
    ];
    for (dirs, stage) in runs {
        let paths: Vec<_> = dirs.iter().map(|d| f.join(d)).collect();
        let files = discover(&paths).files;
        let batch = |findings_only| {
            let expect = Expect {
                stage,
                findings_only,
                ..Default::default()
            };
            let cfg = Config::default();
            run(&files, Some(&roster), Some(&budget), &cfg, &expect, &|_| {}).unwrap()
        };
        let (whole, slim) = (batch(false), batch(true));
        assert!(!whole.findings.is_empty(), "{dirs:?}");
        assert_eq!(whole.findings, slim.findings, "{dirs:?}");
        let who = |b: &jixiao::batch::Batch| -> Vec<String> {
            b.entries
                .iter()
                .map(|e| {
                    format!(
                        "{} {} {} {} {:?} {} {} {:?} {:?} {} {}",
                        &*e.card.src.file,
                        &*e.card.src.sheet,
                        &*e.unit_code,
                        &*e.unit_name,
                        e.budget,
                        e.untouched,
                        e.duplicate,
                        e.replaced,
                        e.tally,
                        e.in_yuan,
                        e.card.text(jixiao::forms::Field::ProjectName),
                    )
                })
                .collect()
        };
        assert_eq!(who(&whole), who(&slim), "{dirs:?}");
        assert_eq!(whole.tally(), slim.tally(), "{dirs:?}");
        // Tables let go of where the stage allows it.
        let held = |b: &jixiao::batch::Batch| -> usize {
            b.entries.iter().map(|e| e.card.indicators.len()).sum()
        };
        assert!(held(&whole) > 0, "{dirs:?}");
        if stage != Some(Stage::Monitor) {
            assert_eq!(held(&slim), 0, "{dirs:?}");
        }
    }
}
