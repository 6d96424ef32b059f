//! Real filled target cards from a Shenzhen sub-district (`../shared/realworld`): all 95 cards
//! are read, every indicator row reaches 指标明细, and the amounts in 元 under a 万元 label are
//! flagged. The files are not ours to redistribute, so these tests run where the folder is
//! present (CI has it) and say loudly when it is not.

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use common::*;
use std::collections::{BTreeMap, BTreeSet};

fn realworld_or_skip(test: &str) -> Option<std::path::PathBuf> {
    let dir = realworld_dir();
    if dir.is_none() {
        skip(
            test,
            "../shared/realworld is not present beside the checkout",
        );
    }
    dir
}

/// An independent count of indicator rows: rows between the header row holding `一级指标` and
/// the `备注` row with anything in 三级指标/目标值/指标解释 or a level-2 name of their own.
fn count_indicator_rows(path: &std::path::Path) -> (usize, usize) {
    let mut book = open_workbook_auto(path).unwrap();
    let mut cards = 0;
    let mut rows = 0;
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let mut in_table = false;
        for row in range.rows() {
            let text = |i: usize| {
                row.get(i)
                    .map(cell_text)
                    .unwrap_or_default()
                    .trim()
                    .to_string()
            };
            if text(0) == "一级指标" {
                in_table = true;
                cards += 1;
                continue;
            }
            if !in_table {
                continue;
            }
            if text(0).starts_with("备注") {
                break;
            }
            if (1..5).any(|i| !text(i).is_empty()) {
                rows += 1;
            }
        }
    }
    (cards, rows)
}

#[test]
fn all_95_real_cards_are_consolidated_with_every_indicator_row() {
    let Some(dir) =
        realworld_or_skip("all_95_real_cards_are_consolidated_with_every_indicator_row")
    else {
        return;
    };
    let wd = Workdir::new();
    let files: Vec<String> = (1..=5)
        .map(|i| {
            dir.join(format!("shenzhen-targets-{i}.xlsx"))
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["consolidate"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--out", "out.xlsx", "--quiet"]);
    // The real cards carry error-level problems (amounts in 元), so the exit status is 1.
    wd.run(&args).expect_code(1);
    let out = wd.path("out.xlsx");

    let (mut cards, mut rows) = (0, 0);
    for f in &files {
        let (c, r) = count_indicator_rows(std::path::Path::new(f));
        cards += c;
        rows += r;
    }
    assert_eq!(cards, 95, "the oracle itself should see 95 cards");
    let projects = read_sheet(&out, "项目汇总");
    assert_eq!(projects.rows.len(), 95);
    let indicators = read_sheet(&out, "指标明细");
    assert_eq!(indicators.rows.len(), rows);

    // Every card keeps its code as text, exactly as written.
    for r in 0..projects.rows.len() {
        let code = projects.text(r, "项目编码");
        assert!(
            code.starts_with("4403") && code.len() == 21,
            "code {code:?}"
        );
        assert!(matches!(
            projects.rows[r][projects.col("项目编码")],
            Data::String(_)
        ));
    }
    // The 指标数 of each card adds up to the rows of 指标明细.
    let sum: f64 = (0..projects.rows.len())
        .filter_map(|r| projects.num(r, "指标数"))
        .sum();
    assert_eq!(sum as usize, rows);

    let problems = read_sheet(&out, "问题清单");
    let rules: BTreeSet<String> = (0..problems.rows.len())
        .map(|r| problems.text(r, "规则编码"))
        .collect();
    assert!(
        !rules.iter().any(|r| r.starts_with('F')),
        "no file may be reported unreadable: {rules:?}"
    );

    // Every card whose 本年度项目金额 is not zero is written in 元: each is flagged M03 at E6.
    let flagged: BTreeSet<(String, String)> = problems
        .rows_where("规则编码", "M03")
        .map(|r| (problems.text(r, "来源文件"), problems.text(r, "来源工作表")))
        .collect();
    for r in 0..problems.rows.len() {
        if problems.text(r, "规则编码") == "M03" {
            assert_eq!(problems.text(r, "单元格"), "E6");
        }
    }
    let mut nonzero = 0;
    for r in 0..projects.rows.len() {
        if projects.num(r, "年度资金总额").unwrap_or(0.0) > 0.0 {
            nonzero += 1;
            let key = (projects.text(r, "来源文件"), projects.text(r, "来源工作表"));
            assert!(flagged.contains(&key), "amount in 元 not flagged: {key:?}");
        }
    }
    assert!(nonzero >= 80, "most real cards have an amount: {nonzero}");
}

#[test]
fn the_real_review_rule_table_is_not_a_card_and_says_so() {
    let Some(dir) = realworld_or_skip("the_real_review_rule_table_is_not_a_card_and_says_so")
    else {
        return;
    };
    let wd = Workdir::new();
    let file = dir.join("审核口径模板.xlsx").display().to_string();
    let run = wd.run(&["validate", &file, "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        vec!["F03", "S01"],
        "one file-level finding and the skipped sheet listed"
    );
}

#[test]
fn validate_reads_the_real_folder_in_one_run() {
    let Some(dir) = realworld_or_skip("validate_reads_the_real_folder_in_one_run") else {
        return;
    };
    let wd = Workdir::new();
    let run = wd.run(&["validate", &dir.display().to_string(), "--format", "json"]);
    let json = run.json();
    assert_eq!(json["files"], 6);
    assert_eq!(json["project_cards"], 95);
    // Findings per file name, for the record in a failure message.
    let mut per_file: BTreeMap<String, usize> = BTreeMap::new();
    for f in json["findings"].as_array().unwrap() {
        *per_file
            .entry(f["file"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(per_file.len(), 6, "{per_file:?}");
}
