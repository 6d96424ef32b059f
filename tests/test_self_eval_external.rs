//! Self-evaluation cards (项目支出绩效自评表, FORMS §4.4, in the national and the Sichuan
//! 510000_0013zp layouts; and one unit-wide 部门整体支出绩效自评表) written by programs jixiao never
//! saw (openpyxl; the national file re-saved by LibreOffice as .xls) consolidate with
//! `--stage self-eval` to the scores recomputed BY HAND, independently of jixiao, with exact
//! fractions: `tests/data/external/expected_self_eval.json`, written by the same script
//! (`make_self_eval.py`) that wrote the workbooks in `tests/data/external/self-eval/`.
//!
//! Per card (rows matched by `来源工作表`): `项目汇总` (or `整体自评` for the unit-wide card) carries
//! the amounts, the 执行率, the recomputed 执行率得分, the stated and the recomputed totals and the
//! grade; `指标明细` each indicator row's 分值, stated and recomputed score; `问题清单` the planted
//! rule codes (E01–E09), never the codes the card does not call for; `评分复核` exactly the cards
//! whose stated total or grade differs from the recomputed one. Three cards land exactly on a
//! grade boundary (90, 80, 60): a total summed in floating point must be rounded before grading.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MONEY_TOL: f64 = 0.005;
const RATE_TOL: f64 = 0.0001;
const SCORE_TOL: f64 = 0.01;

fn data_dir() -> PathBuf {
    project_dir().join("tests/data/external")
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(data_dir().join("expected_self_eval.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v.as_object().unwrap().clone()
}

/// The sheets of one file's consolidated self-evaluation workbook. `overall` is read only when
/// the file holds a unit-wide card; `review` may be absent from the workbook when no card of the
/// file belongs there (then it reads as empty).
struct Consolidated {
    projects: Table,
    indicators: Table,
    findings: Table,
    review: Option<Table>,
    overall: Option<Table>,
}

fn is_overall(want: &Value) -> bool {
    want["kind"] == "overall"
}

/// `jixiao consolidate <file> --stage self-eval --out out.xlsx -q`: exit 0 or 1 (errors were
/// planted), never 2, and the workbook is written.
fn consolidate(file: &str, with_overall: bool) -> Consolidated {
    let wd = Workdir::new();
    let path = data_dir().join("self-eval").join(file);
    assert!(
        path.exists(),
        "{} missing: run make_self_eval.py",
        path.display()
    );
    let path = path.display().to_string();
    let run = wd.run(&[
        "consolidate",
        &path,
        "--stage",
        "self-eval",
        "--out",
        "out.xlsx",
        "-q",
    ]);
    assert!(
        matches!(run.code(), 0 | 1),
        "jixiao {:?} exited {}\n--- stdout\n{}\n--- stderr\n{}",
        run.args,
        run.code(),
        run.stdout(),
        run.stderr()
    );
    let out = wd.path("out.xlsx");
    assert!(out.exists(), "{file}: out.xlsx not written");
    let names = sheet_names(&out);
    let optional = |s: &str| names.iter().any(|n| n == s).then(|| read_sheet(&out, s));
    Consolidated {
        projects: read_sheet(&out, "项目汇总"),
        indicators: read_sheet(&out, "指标明细"),
        findings: read_sheet(&out, "问题清单"),
        review: optional("评分复核"),
        overall: with_overall.then(|| read_sheet_or_fail(&out, &names, "整体自评")),
    }
}

fn read_sheet_or_fail(out: &Path, names: &[String], sheet: &str) -> Table {
    assert!(
        names.iter().any(|n| n == sheet),
        "the file holds a 部门整体支出绩效自评表, yet the workbook has no {sheet} (sheets {names:?})"
    );
    read_sheet(out, sheet)
}

/// A number cell within `tol`, or empty where the expectation is null.
fn assert_number(t: &Table, r: usize, col: &str, want: &Value, tol: f64, ctx: &str) {
    match want.as_f64() {
        Some(w) => {
            let got = t.num(r, col).unwrap_or_else(|| {
                panic!(
                    "{ctx} {col}: want the number {w}, got {:?} (not a number)",
                    t.rows[r][t.col(col)]
                )
            });
            assert!((got - w).abs() <= tol, "{ctx} {col}: want {w}, got {got}");
        }
        None => assert_eq!(t.text(r, col), "", "{ctx} {col}: want empty"),
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("expected_self_eval.json: {key} is not text"))
}

fn check_card(c: &Consolidated, file: &str, sheet: &str, want: &Value) {
    let ctx = format!("{file}/{sheet}");
    let count = want["indicator_count"].as_u64().unwrap() as usize;

    if is_overall(want) {
        // 整体自评: one row for the unit-wide card, and no row in 项目汇总.
        let o = c.overall.as_ref().unwrap();
        let rows: Vec<usize> = o.rows_where("来源工作表", sheet).collect();
        assert_eq!(rows.len(), 1, "{ctx}: rows in 整体自评");
        let r = rows[0];
        assert_eq!(o.text(r, "单位名称"), text(want, "unit"), "{ctx} 单位名称");
        assert_eq!(o.num(r, "指标数"), Some(count as f64), "{ctx} 指标数");
        assert_number(o, r, "自评总分", &want["stated_total"], SCORE_TOL, &ctx);
        assert_number(o, r, "复核总分", &want["recomputed_total"], SCORE_TOL, &ctx);
        assert_eq!(o.text(r, "复核等级"), text(want, "grade"), "{ctx} 复核等级");
        assert_eq!(
            c.projects.rows_where("来源工作表", sheet).count(),
            0,
            "{ctx}: a unit-wide card is not a project of 项目汇总"
        );
    } else {
        // 项目汇总: one row for the card.
        let p = &c.projects;
        let rows: Vec<usize> = p.rows_where("来源工作表", sheet).collect();
        assert_eq!(rows.len(), 1, "{ctx}: rows in 项目汇总");
        let r = rows[0];
        assert_eq!(p.text(r, "项目名称"), text(want, "name"), "{ctx} 项目名称");
        assert_eq!(p.text(r, "单位名称"), text(want, "unit"), "{ctx} 单位名称");
        assert_eq!(p.num(r, "指标数"), Some(count as f64), "{ctx} 指标数");
        assert_number(p, r, "全年预算数", &want["budget_full"], MONEY_TOL, &ctx);
        assert_number(p, r, "全年执行数", &want["executed"], MONEY_TOL, &ctx);
        assert_number(p, r, "执行率", &want["rate"], RATE_TOL, &ctx);
        assert_number(p, r, "执行率得分", &want["exec_score"], SCORE_TOL, &ctx);
        assert_number(p, r, "自评总分", &want["stated_total"], SCORE_TOL, &ctx);
        assert_number(p, r, "复核总分", &want["recomputed_total"], SCORE_TOL, &ctx);
        assert_eq!(p.text(r, "复核等级"), text(want, "grade"), "{ctx} 复核等级");
        assert_eq!(
            p.text(r, "自评等级"),
            text(want, "stated_grade"),
            "{ctx} 自评等级 (the card's 评价结论)"
        );
    }

    // 指标明细: one row per indicator row of the card; each matched by its 三级指标.
    let ind = &c.indicators;
    let rows: Vec<usize> = ind.rows_where("来源工作表", sheet).collect();
    assert_eq!(rows.len(), count, "{ctx}: rows in 指标明细");
    for w in want["indicators"].as_array().unwrap() {
        let l3 = text(w, "l3");
        let hits: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&r| ind.text(r, "三级指标") == l3)
            .collect();
        assert_eq!(hits.len(), 1, "{ctx}: rows of {l3} in 指标明细");
        let r = hits[0];
        let ctx = format!("{ctx} {l3} ({})", text(w, "comparator"));
        assert_number(ind, r, "分值", &w["weight"], SCORE_TOL, &ctx);
        assert_number(ind, r, "自评得分", &w["stated"], SCORE_TOL, &ctx);
        assert_number(ind, r, "复核得分", &w["recomputed"], SCORE_TOL, &ctx);
    }

    // 问题清单: the planted rule codes are reported on this card, and none it does not call for.
    let f = &c.findings;
    let codes: BTreeSet<String> = f
        .rows_where("来源工作表", sheet)
        .map(|r| f.text(r, "规则编码"))
        .collect();
    for code in strings(&want["rules"]) {
        assert!(
            codes.contains(&code),
            "{ctx}: planted {code} not in 问题清单 (got {codes:?})"
        );
    }
    for code in strings(&want["absent_rules"]) {
        assert!(
            !codes.contains(&code),
            "{ctx}: {code} in 问题清单, but the card does not call for it (got {codes:?})"
        );
    }

    // 评分复核: the card's row, if it belongs there, with the stated and the recomputed total.
    let review_rows: Vec<usize> = c
        .review
        .as_ref()
        .map(|t| t.rows_where("来源工作表", sheet).collect())
        .unwrap_or_default();
    if want["in_review"].as_bool().unwrap() {
        assert_eq!(review_rows.len(), 1, "{ctx}: rows in 评分复核");
        let t = c.review.as_ref().unwrap();
        let r = review_rows[0];
        assert_number(t, r, "自评总分", &want["stated_total"], SCORE_TOL, &ctx);
        assert_number(t, r, "复核总分", &want["recomputed_total"], SCORE_TOL, &ctx);
        let diff = (want["stated_total"].as_f64().unwrap()
            - want["recomputed_total"].as_f64().unwrap())
        .abs();
        let got = t
            .num(r, "差额")
            .unwrap_or_else(|| panic!("{ctx} 差额 is not a number"));
        assert!(
            (got.abs() - diff).abs() <= SCORE_TOL,
            "{ctx} 差额: want ±{diff}, got {got}"
        );
        assert_eq!(t.text(r, "复核等级"), text(want, "grade"), "{ctx} 复核等级");
        assert_eq!(
            t.text(r, "自评等级"),
            text(want, "stated_grade"),
            "{ctx} 自评等级"
        );
    } else {
        assert!(
            review_rows.is_empty(),
            "{ctx}: stated total and grade agree with the recomputed ones, yet in 评分复核"
        );
    }
}

#[test]
fn other_programs_self_evaluation_cards_rescore_to_the_hand_computed_scores() {
    let files = expected();
    for f in [
        "openpyxl-selfeval-national.xlsx",
        "openpyxl-selfeval-sichuan.xlsx",
        "openpyxl-selfeval-overall.xlsx",
    ] {
        assert!(files.contains_key(f), "expected_self_eval.json lacks {f}");
    }
    for (file, sheets) in &files {
        let sheets = sheets.as_object().unwrap();
        let c = consolidate(file, sheets.values().any(is_overall));
        for (sheet, want) in sheets {
            check_card(&c, file, sheet, want);
        }
        // 评分复核 lists exactly the marked cards of this file (no others, e.g. by a looser
        // tolerance or by rounding noise on the clean cards).
        let marked: BTreeSet<String> = sheets
            .iter()
            .filter(|(_, w)| w["in_review"].as_bool().unwrap())
            .map(|(s, _)| s.clone())
            .collect();
        let listed: BTreeSet<String> = c
            .review
            .as_ref()
            .map(|t| {
                (0..t.rows.len())
                    .map(|r| t.text(r, "来源工作表"))
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(listed, marked, "{file}: the cards in 评分复核");
    }
}

/// Totals exactly on 90, 80 and 60 are 优, 良 and 中 (the lower bounds are inclusive), whatever
/// floating-point noise a sum of 14.25 + 9.75 + … leaves; and a 执行率 above 100% scores 10.
#[test]
fn grade_boundaries_and_the_execution_cap() {
    let files = expected();
    let mut seen = BTreeSet::new();
    let mut capped = false;
    for (file, sheets) in &files {
        let sheets = sheets.as_object().unwrap();
        let interesting: Vec<(&String, &Value)> = sheets
            .iter()
            .filter(|(_, w)| {
                let t = w["recomputed_total"].as_f64().unwrap();
                [90.0, 80.0, 60.0].contains(&t) || w["rate"].as_f64().is_some_and(|r| r > 1.0)
            })
            .collect();
        if interesting.is_empty() {
            continue;
        }
        let c = consolidate(file, sheets.values().any(is_overall));
        for (sheet, want) in interesting {
            let ctx = format!("{file}/{sheet}");
            let r = c
                .projects
                .rows_where("来源工作表", sheet)
                .next()
                .unwrap_or_else(|| panic!("{ctx} missing in 项目汇总"));
            let total = want["recomputed_total"].as_f64().unwrap();
            let grade = [(90.0, "优"), (80.0, "良"), (60.0, "中")]
                .iter()
                .find(|(bound, _)| *bound == total)
                .map(|(_, g)| *g);
            if let Some(g) = grade {
                assert_number(
                    &c.projects,
                    r,
                    "复核总分",
                    &want["recomputed_total"],
                    SCORE_TOL,
                    &ctx,
                );
                assert_eq!(c.projects.text(r, "复核等级"), g, "{ctx}: 复核总分 {total}");
                seen.insert(g);
            }
            if want["rate"].as_f64().is_some_and(|x| x > 1.0) {
                assert_number(&c.projects, r, "执行率", &want["rate"], RATE_TOL, &ctx);
                assert_number(
                    &c.projects,
                    r,
                    "执行率得分",
                    &Value::from(10.0),
                    SCORE_TOL,
                    &ctx,
                );
                capped = true;
            }
        }
    }
    assert_eq!(
        seen.len(),
        3,
        "cards on the boundaries 90, 80, 60: {seen:?}"
    );
    assert!(capped, "a card with 执行率 above 100%");
}
