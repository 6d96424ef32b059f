//! The README's main job on the shipped sample district (`fixtures/`): the coverage a clerk
//! reads, every planted mistake at its cell, no error the manifest does not explain.

mod common;

#[path = "../examples/sample_district/mod.rs"]
#[allow(dead_code)]
mod sample_district;

use common::*;
use std::collections::BTreeSet;

fn fixtures() -> std::path::PathBuf {
    project_dir().join("fixtures")
}

/// The main job of the README, run once per test that needs its workbook.
fn consolidate(wd: &Workdir) -> std::path::PathBuf {
    let f = fixtures();
    let out = wd.path("汇总.xlsx");
    wd.run(&[
        "consolidate",
        &f.join("targets").display().to_string(),
        "--roster",
        &f.join("roster.xlsx").display().to_string(),
        "--budget",
        &f.join("budget-2024.xlsx").display().to_string(),
        "--out",
        &out.display().to_string(),
        "-q",
    ])
    .expect_code(1);
    out
}

#[test]
fn the_generator_writes_the_shipped_fixtures_byte_for_byte() {
    let wd = Workdir::new();
    let manifest = sample_district::generate(wd.dir.path()).expect("generate");
    let shipped = sample_district::read_manifest(&fixtures().join("targets")).expect("manifest");
    assert_eq!(
        manifest, shipped,
        "fixtures/targets/manifest.json is out of date: run `cargo run --example gen_district`"
    );
    let mut compared = 0;
    for entry in walkdir::WalkDir::new(wd.dir.path())
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry.path().strip_prefix(wd.dir.path()).unwrap();
        let ours = std::fs::read(entry.path()).unwrap();
        let theirs = std::fs::read(fixtures().join(rel))
            .unwrap_or_else(|_| panic!("fixtures/{} is missing", rel.display()));
        assert!(
            ours == theirs,
            "fixtures/{} differs from what the generator writes",
            rel.display()
        );
        compared += 1;
    }
    assert!(compared > 90, "{compared} files");
}

#[test]
fn coverage_shows_85_of_86_units_and_81_of_82_with_projects() {
    let wd = Workdir::new();
    let f = fixtures();
    let run = wd.run(&[
        "coverage",
        &f.join("targets").display().to_string(),
        "--roster",
        &f.join("roster.xlsx").display().to_string(),
        "--budget",
        &f.join("budget-2024.xlsx").display().to_string(),
        "--format",
        "json",
    ]);
    run.expect_code(1);
    let cov = run.json();
    assert_eq!(cov["total"]["units"]["expected"], 86);
    assert_eq!(cov["total"]["units"]["done"], 85);
    assert_eq!(cov["total"]["project_units"]["expected"], 82);
    assert_eq!(cov["total"]["project_units"]["done"], 81);
    // Departments count units; budget types count projects and funds only.
    for d in cov["by_department"].as_array().unwrap() {
        assert!(d["units"]["expected"].as_u64().unwrap() > 0, "{d}");
    }
    let types = cov["by_budget_type"].as_array().unwrap();
    assert!(!types.is_empty());
    for t in types {
        assert!(t["units"].is_null() && t["project_units"].is_null(), "{t}");
        assert!(t["projects"]["expected"].as_u64().unwrap() > 0, "{t}");
    }
    let roster = read_sheet(&f.join("roster.xlsx"), "单位名册");
    // The missing unit, with its contact, and only it.
    let chase = cov["chase"].as_array().unwrap();
    assert_eq!(chase.len(), 1, "{chase:?}");
    assert_eq!(chase[0]["name"], "银江镇");
    let r = roster.rows_where("单位名称", "银江镇").next().unwrap();
    assert_eq!(chase[0]["contact"], roster.text(r, "联系人").as_str());
    assert_eq!(chase[0]["email"], roster.text(r, "邮箱").as_str());
    // The units without project expenditure are excluded and listed.
    let no_projects: BTreeSet<String> = roster
        .rows_where("是否有项目支出", "否")
        .map(|r| roster.text(r, "单位名称"))
        .collect();
    assert_eq!(no_projects.len(), 4);
    let excluded: BTreeSet<String> = cov["excluded"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(excluded, no_projects);
    // Funds: the covered share is the sum of the covered projects' budgets.
    let budget = read_sheet(&f.join("budget-2024.xlsx"), "预算项目清单");
    let total: f64 = (0..budget.rows.len())
        .filter_map(|r| budget.num(r, "本年预算数"))
        .sum();
    // JSON money is an exact decimal string with two places.
    let expected = cov["total"]["funds"]["expected"].as_str().unwrap();
    assert_eq!(expected, format!("{total:.2}"));
    assert_eq!(
        cov["total"]["projects"]["expected"].as_u64().unwrap() as usize,
        budget.rows.len()
    );
}

#[test]
fn strict_coverage_fails_on_missing_units_even_without_errors() {
    let wd = Workdir::new();
    let f = fixtures();
    let manifest = sample_district::read_manifest(&f.join("targets")).unwrap();
    // One unit's clean workbook: no error in it, but 85 units missing.
    let clean = manifest
        .summary
        .files
        .iter()
        .find(|e| e.kind == "workbook" && !manifest.planted.iter().any(|p| p.file == e.path))
        .unwrap();
    let file = f.join("targets").join(&clean.path).display().to_string();
    let roster = f.join("roster.xlsx").display().to_string();
    wd.run(&["coverage", &file, "--roster", &roster, "-q"])
        .expect_code(0);
    let strict = wd.run(&["coverage", &file, "--roster", &roster, "--strict", "-q"]);
    strict.expect_code(1);
    assert!(
        strict.stdout().contains("催报名单（85 个单位）"),
        "{}",
        strict.stdout()
    );
}

#[test]
fn every_planted_mistake_is_found_at_its_cell_and_no_error_is_unexplained() {
    let wd = Workdir::new();
    let out = consolidate(&wd);
    let manifest = sample_district::read_manifest(&fixtures().join("targets")).unwrap();
    let problems = read_sheet(&out, "问题清单");
    let found: BTreeSet<(String, String, String, String)> = (0..problems.rows.len())
        .map(|r| {
            (
                problems.text(r, "来源文件"),
                problems.text(r, "来源工作表"),
                problems.text(r, "单元格"),
                problems.text(r, "规则编码"),
            )
        })
        .collect();
    let planted: BTreeSet<(String, String, String, String)> = manifest
        .planted
        .iter()
        .map(|p| {
            (
                p.file.clone(),
                p.sheet.clone(),
                p.cell.clone(),
                p.rule.clone(),
            )
        })
        .collect();
    let missing: Vec<_> = planted.difference(&found).collect();
    assert!(
        missing.is_empty(),
        "planted mistakes not reported: {missing:#?}"
    );
    for p in &manifest.planted {
        let r = (0..problems.rows.len())
            .find(|&r| {
                problems.text(r, "来源文件") == p.file
                    && problems.text(r, "来源工作表") == p.sheet
                    && problems.text(r, "规则编码") == p.rule
            })
            .unwrap();
        assert_eq!(problems.text(r, "严重程度"), p.severity, "{p:?}");
    }
    let unexplained: Vec<_> = (0..problems.rows.len())
        .filter(|&r| problems.text(r, "严重程度") == "错误")
        .map(|r| {
            (
                problems.text(r, "来源文件"),
                problems.text(r, "来源工作表"),
                problems.text(r, "单元格"),
                problems.text(r, "规则编码"),
            )
        })
        .filter(|k| !planted.contains(k))
        .collect();
    assert!(
        unexplained.is_empty(),
        "error findings the manifest does not explain: {unexplained:#?}"
    );
}

#[test]
fn the_consolidated_workbook_adds_up() {
    let wd = Workdir::new();
    let out = consolidate(&wd);
    let manifest = sample_district::read_manifest(&fixtures().join("targets")).unwrap();
    let s = &manifest.summary;
    let names = sheet_names(&out);
    for sheet in [
        "项目汇总",
        "指标明细",
        "单位汇总",
        "问题清单",
        "整体目标",
        "覆盖情况",
        "催报名单",
    ] {
        assert!(
            names.contains(&sheet.to_string()),
            "{sheet} missing from {names:?}"
        );
    }
    let projects = read_sheet(&out, "项目汇总");
    assert_eq!(
        projects.rows.len(),
        s.project_cards + s.duplicate_cards,
        "every project card read appears once"
    );
    let overall = read_sheet(&out, "整体目标");
    assert_eq!(overall.rows.len(), s.overall_cards);
    // 指标数 per card adds up to the rows of 指标明细 (project and unit-wide cards), but for the
    // card replaced by its `（修改版）`: it stays in 项目汇总, not counted, its indicators gone.
    let indicators = read_sheet(&out, "指标明细");
    let replaced: Vec<usize> = (0..projects.rows.len())
        .filter(|&r| {
            projects
                .text(r, "计入合计")
                .starts_with("否（已被更正文件替换")
        })
        .collect();
    assert_eq!(replaced.len(), 1);
    let per_card: f64 = (0..projects.rows.len())
        .filter(|r| !replaced.contains(r))
        .filter_map(|r| projects.num(r, "指标数"))
        .sum::<f64>()
        + (0..overall.rows.len())
            .filter_map(|r| overall.num(r, "指标数"))
            .sum::<f64>();
    assert_eq!(per_card as usize, indicators.rows.len());

    let units = read_sheet(&out, "单位汇总");
    assert_eq!(
        units.rows.len(),
        s.roster_units,
        "one row per roster unit, none outside it"
    );
    let status_of =
        |name: &str| units.text(units.rows_where("单位名称", name).next().unwrap(), "状态");
    assert_eq!(status_of("银江镇"), "未报");
    // The card handed in again in a `（修改版）` replaces the first: no duplicate, not counted.
    assert!(manifest.planted.iter().all(|p| p.rule != "S05"));
    let replaced_code = projects.text(replaced[0], "单位编码");
    assert_ne!(
        units.text(
            units.rows_where("单位编码", &replaced_code).next().unwrap(),
            "状态"
        ),
        "重复报送"
    );
    // 资金合计 per unit adds up, to the cent, to the 年度资金总额 of its counted cards (the
    // replaced card and the untouched template left out).
    let mut cents = std::collections::BTreeMap::<String, i64>::new();
    for r in 0..projects.rows.len() {
        if projects.text(r, "计入合计") != "是" {
            continue;
        }
        *cents.entry(projects.text(r, "单位编码")).or_default() +=
            (projects.num(r, "年度资金总额").unwrap_or(0.0) * 100.0).round() as i64;
    }
    // The total row adds up the counted rows only.
    let counted_total: i64 = cents.values().sum();
    assert_eq!(
        (projects.total_num("年度资金总额").unwrap() * 100.0).round() as i64,
        counted_total
    );
    for r in 0..units.rows.len() {
        let code = units.text(r, "单位编码");
        let stated = (units.num(r, "资金合计").unwrap_or(0.0) * 100.0).round() as i64;
        assert_eq!(
            stated,
            cents.get(&code).copied().unwrap_or(0),
            "unit {code}"
        );
    }
    // Codes stay text.
    assert!(matches!(
        projects.rows[0][projects.col("项目编码")],
        calamine::Data::String(_)
    ));
    assert!(matches!(
        units.rows[0][units.col("单位编码")],
        calamine::Data::String(_)
    ));
}

#[test]
fn the_xls_and_ods_workbooks_are_read_like_the_others() {
    let wd = Workdir::new();
    let t = fixtures().join("targets");
    for ext in ["xls", "ods"] {
        let file = std::fs::read_dir(&t)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.extension().is_some_and(|e| e == ext)
                    && !p
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .contains("项目支出绩效目标表")
            });
        let file = file.unwrap_or_else(|| panic!("no .{ext} workbook in fixtures/targets"));
        let run = wd.run(&["validate", &file.display().to_string(), "--format", "json"]);
        let json = run.json();
        assert!(
            json["project_cards"].as_u64().unwrap() >= 2,
            "{ext}: {json}"
        );
        assert_eq!(json["overall_cards"], 1, "{ext}");
        assert_eq!(json["errors"], 0, "{ext}: {json}");
    }
}

#[test]
fn the_same_inputs_give_the_same_workbook() {
    let (a, b) = (Workdir::new(), Workdir::new());
    let (first, second) = (consolidate(&a), consolidate(&b));
    let names = sheet_names(&first);
    assert_eq!(names, sheet_names(&second));
    for name in &names {
        let (x, y) = (read_sheet(&first, name), read_sheet(&second, name));
        assert_eq!(x.header, y.header, "{name}");
        assert_eq!(x.rows, y.rows, "{name}");
    }
}

#[test]
fn the_bureaus_own_files_in_the_folder_are_skipped_not_reported() {
    // A clerk keeps the roster, the budget list and last run's workbook beside the returned forms.
    let wd = Workdir::new();
    let f = fixtures();
    let dir = wd.path("收表");
    std::fs::create_dir_all(&dir).unwrap();
    for e in std::fs::read_dir(f.join("targets")).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    std::fs::copy(f.join("roster.xlsx"), dir.join("单位名册.xlsx")).unwrap();
    std::fs::copy(f.join("budget-2024.xlsx"), dir.join("预算项目清单.xlsx")).unwrap();
    let args = |out: &str| {
        [
            "consolidate",
            "收表",
            "--roster",
            "收表/单位名册.xlsx",
            "--budget",
            "收表/预算项目清单.xlsx",
            "--out",
            out,
            "-q",
        ]
        .map(String::from)
    };
    let first = args("收表/汇总.xlsx");
    wd.run(&first.each_ref().map(String::as_str)).expect_code(1);
    let again = args("收表/汇总-2.xlsx");
    wd.run(&again.each_ref().map(String::as_str)).expect_code(1);
    let problems = read_sheet(&wd.path("收表/汇总-2.xlsx"), "问题清单");
    let manifest = sample_district::read_manifest(&f.join("targets")).unwrap();
    // The planted findings, and one hint for last run's workbook: nothing about the roster or
    // the budget list, which were given as such.
    assert_eq!(problems.rows.len(), manifest.planted.len() + 1);
    let hint = problems
        .rows_where("规则编码", "S11")
        .next()
        .expect("a hint for the old workbook");
    assert_eq!(problems.text(hint, "来源文件"), "汇总.xlsx");
    // A validate run without --budget lists the budget list as the bureau's file, not an error.
    let run = wd.run(&["validate", "收表", "--format", "json"]);
    let s11: Vec<String> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "S11")
        .map(|x| x["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        s11,
        [
            "单位名册.xlsx",
            "汇总-2.xlsx",
            "汇总.xlsx",
            "预算项目清单.xlsx"
        ]
    );
    // Skipped whole, their sheets are not also counted among the skipped sheets.
    let json = run.json();
    let own_sheets: Vec<&str> = json["skipped_sheets"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["file"].as_str())
        .filter(|f| s11.iter().any(|o| o == f))
        .collect();
    assert!(own_sheets.is_empty(), "{own_sheets:?}");
}
