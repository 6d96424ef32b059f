//! The README's self-evaluation run on the shipped sample district (`fixtures/self-eval/`):
//! 85 units self-evaluated, every score recomputed as the generator computed it, every planted
//! problem at its cell, and the key-evaluation list of 8 units, 16 projects, 21,477.00 万元.

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

fn run() -> &'static (PathBuf, Workdir) {
    static RUN: OnceLock<(PathBuf, Workdir)> = OnceLock::new();
    RUN.get_or_init(|| {
        let wd = Workdir::new();
        let f = fixtures();
        let s = |p: &str| f.join(p).display().to_string();
        wd.run(&[
            "consolidate",
            &s("self-eval"),
            "--stage",
            "self-eval",
            "--roster",
            &s("roster.xlsx"),
            "--budget",
            &s("budget-2024.xlsx"),
            "--out",
            "自评汇总.xlsx",
            "-q",
        ])
        .expect_code(1);
        (wd.path("自评汇总.xlsx"), wd)
    })
}

fn manifest() -> sample_district::Manifest {
    sample_district::read_manifest(&fixtures().join("self-eval")).expect("self-eval manifest")
}

#[test]
fn every_planted_scoring_problem_is_found_at_its_cell_and_nothing_else() {
    let (out, _) = run();
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
    let planted: BTreeSet<(String, String, String, String, String)> = manifest()
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
    assert!(planted.len() >= 40);
    let missing: Vec<_> = planted.difference(&found).collect();
    let unexplained: Vec<_> = found.difference(&planted).collect();
    assert!(missing.is_empty(), "planted, not reported: {missing:#?}");
    assert!(
        unexplained.is_empty(),
        "reported, not planted: {unexplained:#?}"
    );
}

#[test]
fn every_card_is_rescored_as_the_generator_scored_it() {
    let (out, _) = run();
    let m = manifest();
    let projects = read_sheet(out, "项目汇总");
    let overall = read_sheet(out, "整体自评");
    assert_eq!(projects.rows.len() + overall.rows.len(), m.scores.len());
    for s in &m.scores {
        let sheet = if s.project_code.is_empty() {
            &overall
        } else {
            &projects
        };
        let r = (0..sheet.rows.len())
            .find(|&r| {
                sheet.text(r, "来源文件") == s.file && sheet.text(r, "来源工作表") == s.sheet
            })
            .unwrap_or_else(|| panic!("no row for {s:?}"));
        let total: f64 = s.recomputed_total.parse().unwrap();
        let got = sheet.num(r, "复核总分").unwrap();
        assert!((got - total).abs() < 0.005, "{s:?}: recomputed {got}");
        assert_eq!(sheet.text(r, "复核等级"), s.grade, "{s:?}");
        let stated: f64 = s.stated_total.parse().unwrap();
        assert!(
            (sheet.num(r, "自评总分").unwrap() - stated).abs() < 0.005,
            "{s:?}"
        );
    }
    // 评分复核: every card the generator marked for review, and only cards whose grade or total
    // (beyond a rounding) differ, or that carry a wrong stated score.
    let recheck = read_sheet(out, "评分复核");
    let problems = read_sheet(out, "问题清单");
    let listed: BTreeSet<(String, String)> = (0..recheck.rows.len())
        .map(|r| (recheck.text(r, "来源文件"), recheck.text(r, "来源工作表")))
        .collect();
    let cents = |s: &str| (s.parse::<f64>().unwrap() * 100.0).round() as i64;
    for key in &listed {
        let s = m
            .scores
            .iter()
            .find(|s| (&s.file, &s.sheet) == (&key.0, &key.1))
            .unwrap();
        let wrong_score = (0..problems.rows.len()).any(|r| {
            problems.text(r, "来源文件") == key.0
                && problems.text(r, "来源工作表") == key.1
                && ["E04", "E05", "E07", "E09"].contains(&problems.text(r, "规则编码").as_str())
        });
        assert!(
            s.stated_grade != s.grade
                || (cents(&s.stated_total) - cents(&s.recomputed_total)).abs() > 5
                || wrong_score,
            "{s:?} listed in 评分复核 without a reason"
        );
    }
    let flagged: BTreeSet<(String, String)> = m
        .scores
        .iter()
        .filter(|s| s.review)
        .map(|s| (s.file.clone(), s.sheet.clone()))
        .collect();
    assert!(
        flagged.is_subset(&listed),
        "every planted scoring problem is in 评分复核"
    );
}

#[test]
fn all_85_units_and_the_three_budgets_are_covered() {
    let (out, _) = run();
    let cov = read_sheet(out, "覆盖情况");
    let total = cov.rows_where("范围", "全区").next().unwrap();
    assert_eq!(cov.num(total, "已报单位数"), Some(85.0));
    assert_eq!(cov.num(total, "应报单位数"), Some(86.0));
    // Unit-wide self-evaluations, counted apart: all 85 units that handed in.
    let unit_wide = cov.rows_where("范围", "部门整体").next().unwrap();
    assert_eq!(cov.num(unit_wide, "已报单位数"), Some(85.0));
    // Each budget type and each 项目类别 on its own row; the projects of the 81 district
    // units are all covered, 银江镇's (not handed in) are the only ones missing.
    let chase = read_sheet(out, "催报名单");
    assert_eq!(chase.rows.len(), 1);
    assert_eq!(chase.text(0, "单位名称"), "银江镇");
    let missing = chase.num(0, "应报项目数").unwrap();
    let types: Vec<usize> = cov.rows_where("范围", "预算类型").collect();
    assert!(types.len() >= 3, "the three budgets");
    let categories: Vec<usize> = cov.rows_where("范围", "项目类别").collect();
    assert!(categories.len() >= 3, "项目, 政策, 专项资金");
    for rows in [&types, &categories] {
        let expected: f64 = rows
            .iter()
            .map(|&r| cov.num(r, "应报项目数").unwrap())
            .sum();
        let done: f64 = rows
            .iter()
            .map(|&r| cov.num(r, "已报项目数").unwrap())
            .sum();
        assert_eq!(expected - done, missing);
    }
    // 等级分布 counts every project card once.
    let grades = read_sheet(out, "等级分布");
    let all = grades.rows_where("范围", "全区").next().unwrap();
    assert_eq!(
        grades.num(all, "项目数"),
        Some(read_sheet(out, "项目汇总").rows.len() as f64)
    );
}

#[test]
fn the_key_evaluations_are_8_units_16_projects_21477_wan() {
    let (out, wd) = run();
    let f = fixtures();
    let r = wd.run(&[
        "key-eval",
        &out.display().to_string(),
        "--list",
        &f.join("key-eval-2024.xlsx").display().to_string(),
        "--budget",
        &f.join("budget-2024.xlsx").display().to_string(),
        "--out",
        "重点评价清单.xlsx",
        "--format",
        "json",
        "-q",
    ]);
    r.expect_code(0);
    let json = r.json();
    assert_eq!(json["units"], 8);
    assert_eq!(json["projects"], 16);
    assert_eq!(json["funds"], "21477.00");
    let domains: BTreeSet<&str> = json["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(
        domains,
        BTreeSet::from(["教育", "卫生", "医疗", "环卫", "林业"])
    );
    let list = read_sheet(&wd.path("重点评价清单.xlsx"), "重点评价清单");
    assert_eq!(list.rows.len(), 16);
    let cents: i64 = (0..16)
        .map(|r| (list.num(r, "金额").unwrap() * 100.0).round() as i64)
        .sum();
    assert_eq!(cents, 2_147_700);
    assert_eq!(
        (list.total_num("金额").unwrap() * 100.0).round() as i64,
        cents
    );
    let summary = read_sheet(&wd.path("重点评价清单.xlsx"), "重点评价汇总");
    let all = summary.rows_where("范围", "全区").next().unwrap();
    assert_eq!(summary.num(all, "单位数"), Some(8.0));
    assert_eq!(summary.num(all, "项目数"), Some(16.0));
    assert_eq!(summary.num(all, "资金合计"), Some(21477.0));
    // The results used: every project a grade's advice.
    let a = wd.run(&[
        "apply",
        &out.display().to_string(),
        "--budget",
        &f.join("budget-2024.xlsx").display().to_string(),
        "--format",
        "json",
        "-q",
    ]);
    a.expect_code(0);
    let advice = a.json();
    let projects = advice["projects"].as_array().unwrap();
    assert_eq!(projects.len(), 400);
    assert!(projects.iter().all(|p| !p["应用建议"].is_null()));
}
