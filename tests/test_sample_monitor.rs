//! The README's monitoring run on the shipped sample district (`fixtures/monitor/`, the July
//! execution export): double monitoring of every unit, every planted mistake at its cell, the
//! planted behind-schedule projects and nothing else in 监控预警, 收回建议 to the cent.

mod common;

#[path = "../examples/sample_district/mod.rs"]
#[allow(dead_code)]
mod sample_district;

use common::*;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    project_dir().join("fixtures")
}

/// The target stage's workbook, then the monitoring run against it; once per test binary.
fn monitoring() -> &'static (PathBuf, Workdir) {
    static RUN: OnceLock<(PathBuf, Workdir)> = OnceLock::new();
    RUN.get_or_init(|| {
        let wd = Workdir::new();
        let f = fixtures();
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
        wd.run(&[
            "consolidate",
            &s("monitor"),
            "--stage",
            "monitor",
            "--roster",
            &s("roster.xlsx"),
            "--budget",
            &s("budget-2024.xlsx"),
            "--targets",
            "目标汇总.xlsx",
            "--execution",
            &s("execution-2024-07.xlsx"),
            "--out",
            "监控汇总.xlsx",
            "-q",
        ])
        .expect_code(1);
        (wd.path("监控汇总.xlsx"), wd)
    })
}

fn manifest() -> sample_district::Manifest {
    sample_district::read_manifest(&fixtures().join("monitor")).expect("monitor manifest")
}

fn cents(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

fn cents_of(s: &str) -> i64 {
    cents(s.parse::<f64>().unwrap())
}

#[test]
fn all_86_units_under_execution_monitoring_and_82_monitor_every_project() {
    let (out, _) = monitoring();
    let cov = read_sheet(out, "覆盖情况");
    let r = cov.rows_where("范围", "全区").next().unwrap();
    assert_eq!(cov.num(r, "应报单位数"), Some(86.0));
    assert_eq!(cov.num(r, "已报单位数"), Some(86.0));
    assert_eq!(cov.num(r, "应报项目单位数"), Some(82.0));
    assert_eq!(cov.num(r, "已报项目单位数"), Some(82.0));
    assert_eq!(cov.num(r, "应报项目数"), Some(404.0));
    assert_eq!(cov.num(r, "已报项目数"), Some(404.0));
    assert_eq!(cov.num(r, "项目覆盖率"), Some(1.0));
    assert_eq!(read_sheet(out, "催报名单").rows.len(), 0);
    let units = read_sheet(out, "单位执行进度");
    assert_eq!(units.rows.len(), 86);
    assert_eq!(units.rows_where("执行状态", "执行表中没有").count(), 0);
    // The units the export shows behind time progress, and only those.
    let behind: BTreeSet<String> = units
        .rows_where("执行状态", "滞后")
        .map(|r| units.text(r, "单位编码"))
        .collect();
    let planted: BTreeSet<String> = manifest()
        .units_behind
        .iter()
        .map(|u| u.unit_code.clone())
        .collect();
    assert_eq!(behind, planted);
    for u in &manifest().units_behind {
        let r = units.rows_where("单位编码", &u.unit_code).next().unwrap();
        assert_eq!(
            cents(units.num(r, "执行数").unwrap()),
            cents_of(&u.executed)
        );
        let rate: f64 = u.rate.trim_end_matches('%').parse().unwrap();
        assert!((units.num(r, "执行率").unwrap() * 100.0 - rate).abs() < 0.006);
        assert!((units.num(r, "时间进度").unwrap() - 7.0 / 12.0).abs() < 1e-9);
    }
    let projects = read_sheet(out, "项目汇总");
    assert_eq!(projects.rows.len(), 404);
    assert!((0..404).all(|r| projects.num(r, "监控月份") == Some(7.0)));
}

#[test]
fn every_planted_monitoring_problem_is_found_at_its_cell_and_nothing_else() {
    let (out, _) = monitoring();
    let m = manifest();
    let problems = read_sheet(out, "问题清单");
    let found: BTreeSet<(String, String, String, String, String)> = (0..problems.rows.len())
        .map(|r| {
            (
                problems.text(r, "来源文件"),
                problems.text(r, "来源工作表"),
                problems.text(r, "单元格"),
                problems.text(r, "规则编码"),
                problems.text(r, "严重程度"),
            )
        })
        .collect();
    let planted: BTreeSet<(String, String, String, String, String)> = m
        .planted
        .iter()
        .map(|p| {
            (
                p.file.clone(),
                p.sheet.clone(),
                p.cell.clone(),
                p.rule.clone(),
                p.severity.clone(),
            )
        })
        .collect();
    assert!(planted.len() >= 35, "{} planted", planted.len());
    let missing: Vec<_> = planted.difference(&found).collect();
    let unexplained: Vec<_> = found.difference(&planted).collect();
    assert!(missing.is_empty(), "planted, not reported: {missing:#?}");
    assert!(
        unexplained.is_empty(),
        "reported, not planted: {unexplained:#?}"
    );
}

#[test]
fn the_warnings_are_exactly_the_planted_ones() {
    let (out, _) = monitoring();
    let alerts = read_sheet(out, "监控预警");
    let found: BTreeSet<(String, String, String, String)> = (0..alerts.rows.len())
        .map(|r| {
            (
                alerts.text(r, "来源文件"),
                alerts.text(r, "来源工作表"),
                alerts.text(r, "预警类型"),
                alerts.text(r, "单元格"),
            )
        })
        .collect();
    let planted: BTreeSet<(String, String, String, String)> = manifest()
        .alerts
        .iter()
        .map(|a| {
            (
                a.file.clone(),
                a.sheet.clone(),
                a.kind.clone(),
                a.cell.clone(),
            )
        })
        .collect();
    assert_eq!(found.len(), alerts.rows.len(), "one row per warning");
    assert_eq!(found, planted);
    // Behind schedule at time progress 7/12: the planted J02 cards.
    let behind = alerts.rows_where("预警类型", "执行进度滞后").count();
    let j02 = manifest()
        .planted
        .iter()
        .filter(|p| p.rule == "J02")
        .count();
    assert_eq!(behind, j02);
    for r in alerts.rows_where("预警类型", "执行进度滞后") {
        assert!((alerts.num(r, "时间进度").unwrap() - 7.0 / 12.0).abs() < 1e-9);
        assert!(alerts.num(r, "进度偏差").unwrap() < -0.15);
    }
}

#[test]
fn money_to_take_back_lists_every_surplus_and_adds_up_to_the_cent() {
    let (out, _) = monitoring();
    let m = manifest();
    let sheet = read_sheet(out, "收回建议");
    assert!(sheet.total.is_some(), "收回建议 ends with a 合计 row");
    let rows: Vec<usize> = (0..sheet.rows.len()).collect();
    assert_eq!(rows.len(), m.surplus.len());
    let mut sum = 0;
    let mut last = i64::MAX;
    for s in &m.surplus {
        let r = rows
            .iter()
            .copied()
            .find(|&r| {
                sheet.text(r, "来源文件") == s.file && sheet.text(r, "来源工作表") == s.sheet
            })
            .unwrap_or_else(|| panic!("no 收回建议 row for {s:?}"));
        assert_eq!(sheet.text(r, "项目编码"), s.project_code);
        assert_eq!(
            cents(sheet.num(r, "预计结余").unwrap()),
            cents_of(&s.surplus)
        );
        assert_eq!(cents(sheet.num(r, "预算数").unwrap()), cents_of(&s.budget));
        assert_eq!(
            cents(sheet.num(r, "全年预计执行数").unwrap()),
            cents_of(&s.forecast)
        );
        assert_eq!(
            sheet.text(r, "原因").is_empty(),
            s.reason.is_empty(),
            "{s:?}"
        );
    }
    for &r in &rows {
        let c = cents(sheet.num(r, "预计结余").unwrap());
        assert!(c <= last, "sorted by amount, largest first");
        last = c;
        sum += c;
    }
    let planted_sum: i64 = m.surplus.iter().map(|s| cents_of(&s.surplus)).sum();
    assert_eq!(sum, planted_sum);
    assert_eq!(cents(sheet.total_num("预计结余").unwrap()), sum);
    // Per unit: the same money, unit by unit.
    let units = read_sheet(out, "单位收回建议");
    let unit_sum: i64 = (0..units.rows.len())
        .map(|r| cents(units.num(r, "预计结余").unwrap()))
        .sum();
    assert_eq!(unit_sum, sum);
    assert_eq!(cents(units.total_num("预计结余").unwrap()), sum);
}

#[test]
fn the_monitoring_columns_follow_the_cards() {
    let (out, _) = monitoring();
    let projects = read_sheet(out, "项目汇总");
    for r in 0..projects.rows.len() {
        let budget = projects
            .num(r, "调整后预算数")
            .or(projects.num(r, "年初预算数"))
            .unwrap();
        let executed = projects.num(r, "执行数").unwrap();
        let rate = projects.num(r, "执行率").unwrap();
        assert!((rate - executed / budget).abs() < 1e-9, "row {r}");
        let lag = projects.num(r, "进度偏差").unwrap();
        assert!((lag - (rate - 7.0 / 12.0)).abs() < 1e-9, "row {r}");
        if let Some(s) = projects.num(r, "预计结余") {
            let f = projects.num(r, "全年预计执行数").unwrap();
            assert_eq!(cents(s), cents(budget) - cents(f), "row {r}");
        }
        // The card's 项目属性, else the budget list's.
        let attribute = projects.text(r, "项目属性");
        assert!(
            matches!(attribute.as_str(), "新增" | "延续"),
            "row {r}: 项目属性 {attribute:?}"
        );
    }
    // The 合计 row adds money and counts, not months.
    assert!(projects.total.is_some());
    assert_eq!(projects.total_num("监控月份"), None);
    assert!(projects.total_num("执行数").is_some());
    // 指标明细 carries what the units filled, not the template's empty rows.
    let indicators = read_sheet(out, "指标明细");
    let declared: usize = (0..projects.rows.len())
        .map(|r| projects.num(r, "指标数").unwrap() as usize)
        .sum();
    assert_eq!(indicators.rows.len(), declared);
    assert!((0..indicators.rows.len()).all(|r| !indicators.text(r, "三级指标").is_empty()));
}

/// Without the execution export, the units that owe monitoring cards are the units with project
/// expenditure: the four without are neither expected nor chased (FORMS §7).
#[test]
fn without_the_execution_export_units_without_projects_are_not_expected() {
    let (_, wd) = monitoring();
    let f = fixtures();
    let s = |p: &str| f.join(p).display().to_string();
    wd.run(&[
        "consolidate",
        &s("monitor"),
        "--stage",
        "monitor",
        "--roster",
        &s("roster.xlsx"),
        "--budget",
        &s("budget-2024.xlsx"),
        "--targets",
        "目标汇总.xlsx",
        "--out",
        "监控汇总（无执行表）.xlsx",
        "-q",
    ])
    .expect_code(1);
    let out = wd.path("监控汇总（无执行表）.xlsx");
    let cov = read_sheet(&out, "覆盖情况");
    let r = cov.rows_where("范围", "全区").next().unwrap();
    assert_eq!(cov.num(r, "应报单位数"), Some(82.0));
    assert_eq!(cov.num(r, "已报单位数"), Some(82.0));
    assert_eq!(read_sheet(&out, "无项目支出单位").rows.len(), 4);
    assert_eq!(read_sheet(&out, "催报名单").rows.len(), 0);
}
