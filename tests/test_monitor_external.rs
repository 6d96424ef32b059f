//! Monitoring cards (项目支出绩效目标执行监控表, FORMS §4.3) written by programs jixiao never saw
//! (openpyxl in the national layout and as a central-system export with text amounts; the
//! national file re-saved by LibreOffice as .xls) consolidate with `--stage monitor` to the
//! numbers a careful clerk would copy by hand: `tests/data/external/expected_monitor.json`,
//! written by the same script (`make_monitor.py`) that wrote the workbooks in
//! `tests/data/external/monitor/`. The findings planted there (J01–J06, M01) must be reported
//! on their cards; other findings may appear beside them.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

const MONEY_TOL: f64 = 0.005;
const RATE_TOL: f64 = 0.0001;

fn data_dir() -> PathBuf {
    project_dir().join("tests/data/external")
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(data_dir().join("expected_monitor.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v.as_object().unwrap().clone()
}

fn with_suffix(level: &str) -> String {
    if level.ends_with("指标") {
        level.to_string()
    } else {
        format!("{level}指标")
    }
}

/// The sheets of one file's consolidated monitoring workbook.
struct Consolidated {
    projects: Table,
    indicators: Table,
    findings: Table,
    alerts: Table,
    recover: Table,
}

/// `jixiao consolidate <file> --stage monitor --out out.xlsx -q`: exit 0 or 1 (errors were
/// planted), never 2, and the workbook is written.
fn consolidate(file: &str) -> Consolidated {
    let wd = Workdir::new();
    let path = data_dir().join("monitor").join(file);
    assert!(
        path.exists(),
        "{} missing: run make_monitor.py",
        path.display()
    );
    let path = path.display().to_string();
    let run = wd.run(&[
        "consolidate",
        &path,
        "--stage",
        "monitor",
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
    Consolidated {
        projects: read_sheet(&out, "项目汇总"),
        indicators: read_sheet(&out, "指标明细"),
        findings: read_sheet(&out, "问题清单"),
        alerts: read_sheet(&out, "监控预警"),
        recover: read_sheet(&out, "收回建议"),
    }
}

/// A money or rate cell: the number within `tol`, or empty where the clerk copies nothing.
fn assert_amount(t: &Table, r: usize, col: &str, want: &Value, tol: f64, ctx: &str) {
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

fn check_card(c: &Consolidated, file: &str, sheet: &str, want: &Value) {
    let ctx = format!("{file}/{sheet}");

    // 项目汇总: one row for the card.
    let p = &c.projects;
    let rows: Vec<usize> = p.rows_where("来源工作表", sheet).collect();
    assert_eq!(rows.len(), 1, "{ctx}: rows in 项目汇总");
    let r = rows[0];
    for (col, key) in [
        ("项目名称", "name"),
        ("项目编码", "code"),
        ("单位名称", "unit"),
    ] {
        assert_eq!(p.text(r, col), want[key].as_str().unwrap(), "{ctx} {col}");
    }
    assert_eq!(
        p.text(r, "监控月份"),
        want["month"].as_i64().unwrap().to_string(),
        "{ctx} 监控月份"
    );
    for (col, key) in [
        ("年初预算数", "budget_start"),
        ("调整后预算数", "budget_adjusted"),
        ("执行数", "executed"),
        ("全年预计执行数", "forecast"),
        ("预计结余", "surplus"),
    ] {
        assert_amount(p, r, col, &want[key], MONEY_TOL, &ctx);
    }
    assert_amount(p, r, "执行率", &want["rate"], RATE_TOL, &ctx);
    assert_amount(p, r, "时间进度", &want["time_progress"], RATE_TOL, &ctx);
    let count = want["indicator_count"].as_u64().unwrap() as usize;
    assert_eq!(p.num(r, "指标数"), Some(count as f64), "{ctx} 指标数");
    if let Some(l) = want["likelihood"].as_str() {
        assert_eq!(p.text(r, "完成目标可能性"), l, "{ctx} 完成目标可能性");
    }

    // 指标明细: one row per indicator row of the card, in order, the level names carried down
    // where merged, the single tick read whatever mark it is.
    let ind = &c.indicators;
    let rows: Vec<usize> = ind.rows_where("来源工作表", sheet).collect();
    assert_eq!(rows.len(), count, "{ctx}: rows in 指标明细");
    for (r, w) in rows.iter().zip(want["indicators"].as_array().unwrap()) {
        let w = w.as_array().unwrap();
        let l3 = w[2].as_str().unwrap();
        assert_eq!(
            ind.text(*r, "一级指标"),
            with_suffix(w[0].as_str().unwrap()),
            "{ctx} {l3}"
        );
        assert_eq!(
            ind.text(*r, "二级指标"),
            with_suffix(w[1].as_str().unwrap()),
            "{ctx} {l3}"
        );
        assert_eq!(ind.text(*r, "三级指标"), l3, "{ctx}");
        if let Some(likely) = w[3].as_str() {
            assert_eq!(ind.text(*r, "完成可能性"), likely, "{ctx} {l3} 完成可能性");
        }
    }

    // 问题清单: the planted rule codes are reported on this card.
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

    // 监控预警: the planted alert types.
    let a = &c.alerts;
    let types: BTreeSet<String> = a
        .rows_where("来源工作表", sheet)
        .map(|r| a.text(r, "预警类型"))
        .collect();
    for t in strings(&want["alerts"]) {
        assert!(
            types.contains(&t),
            "{ctx}: 监控预警 has no {t} (got {types:?})"
        );
    }

    // 收回建议: the card with an expected surplus, and only it.
    let rc = &c.recover;
    let rows: Vec<usize> = rc.rows_where("来源工作表", sheet).collect();
    if want["surplus"].is_null() {
        assert!(rows.is_empty(), "{ctx}: no surplus, yet in 收回建议");
    } else {
        assert_eq!(rows.len(), 1, "{ctx}: rows in 收回建议");
        let r = rows[0];
        assert_eq!(
            rc.text(r, "项目名称"),
            want["name"].as_str().unwrap(),
            "{ctx}"
        );
        assert_amount(rc, r, "预计结余", &want["surplus"], MONEY_TOL, &ctx);
        assert_amount(rc, r, "全年预计执行数", &want["forecast"], MONEY_TOL, &ctx);
        let base = if want["budget_adjusted"].is_null() {
            &want["budget_start"]
        } else {
            &want["budget_adjusted"]
        };
        assert_amount(rc, r, "预算数", base, MONEY_TOL, &ctx);
        if want["surplus_reason"].as_bool() == Some(true) {
            assert!(
                !rc.text(r, "原因").trim().is_empty(),
                "{ctx}: the card gives a reason, 收回建议 shows none"
            );
        }
    }
}

#[test]
fn other_programs_monitoring_cards_consolidate_to_the_hand_copied_numbers() {
    let files = expected();
    assert!(files.len() >= 2);
    assert!(files.contains_key("openpyxl-monitor-national.xlsx"));
    assert!(files.contains_key("openpyxl-monitor-central.xlsx"));
    for (file, sheets) in &files {
        let c = consolidate(file);
        for (sheet, want) in sheets.as_object().unwrap() {
            check_card(&c, file, sheet, want);
        }
    }
}

/// The central-system card of exactly 14 indicator rows, its amounts and rates stored as text
/// (`'1,234.50'`, `'47.00%'`), its month 1-6: 14 rows in 指标明细, and the amounts in 项目汇总 as
/// numbers, not as the text they arrived as.
#[test]
fn central_export_text_amounts_read_as_numbers() {
    let files = expected();
    let file = "openpyxl-monitor-central.xlsx";
    let sheets = files[file].as_object().unwrap();
    let (sheet, want) = sheets
        .iter()
        .find(|(_, w)| w["indicator_count"] == 14)
        .expect("a 14-row card in the central file");
    assert_eq!(want["text_amounts"], true);
    let c = consolidate(file);
    let ctx = format!("{file}/{sheet}");
    assert_eq!(
        c.indicators.rows_where("来源工作表", sheet).count(),
        14,
        "{ctx}: rows in 指标明细"
    );
    let r = c
        .projects
        .rows_where("来源工作表", sheet)
        .next()
        .unwrap_or_else(|| panic!("{ctx} missing in 项目汇总"));
    for (col, key, tol) in [
        ("年初预算数", "budget_start", MONEY_TOL),
        ("执行数", "executed", MONEY_TOL),
        ("执行率", "rate", RATE_TOL),
        ("全年预计执行数", "forecast", MONEY_TOL),
    ] {
        assert_amount(&c.projects, r, col, &want[key], tol, &ctx);
    }
    assert_eq!(c.projects.num(r, "指标数"), Some(14.0), "{ctx} 指标数");
    assert_ne!(
        want["month"], 7,
        "the 14-row card is the one of another month"
    );
    assert_eq!(
        c.projects.text(r, "监控月份"),
        want["month"].as_i64().unwrap().to_string(),
        "{ctx} 监控月份"
    );
}
