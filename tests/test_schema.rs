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

#[test]
fn the_target_workbook_of_the_sample_district_is_unchanged_cell_for_cell() {
    let wd = Workdir::new();
    let out = consolidate_targets(&wd);
    let got = dump(&out);
    let golden = project_dir().join("tests/data/golden/targets.tsv");
    if std::env::var_os("JIXIAO_BLESS").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, &got).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("tests/data/golden/targets.tsv");
    if got != want {
        let (n, (g, w)) = got
            .lines()
            .zip(want.lines())
            .enumerate()
            .find(|(_, (g, w))| g != w)
            .unwrap_or((0, ("(length differs)", "")));
        panic!(
            "the target workbook changed at line {}:\n  now:    {g}\n  before: {w}",
            n + 1
        );
    }
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
