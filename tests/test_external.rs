//! Workbooks the bureau never saw, written by other programs (openpyxl; re-saved by LibreOffice
//! as .xls and .ods), in the national layouts with the liberties units take. They consolidate
//! with the numbers a careful clerk would copy by hand: `tests/data/external/expected.json`,
//! written by the same script (`make.py`) that wrote the workbooks.

mod common;

use common::*;
use serde_json::Value;

fn with_suffix(level: &str) -> String {
    if level.ends_with("指标") {
        level.to_string()
    } else {
        format!("{level}指标")
    }
}

#[test]
fn other_programs_workbooks_consolidate_to_the_hand_copied_numbers() {
    let dir = project_dir().join("tests/data/external");
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let files = expected.as_object().unwrap();
    assert!(files.len() >= 2);
    for (file, sheets) in files {
        let wd = Workdir::new();
        let path = dir.join(file).display().to_string();
        wd.run(&["consolidate", &path, "--out", "out.xlsx", "-q"])
            .expect_code(0);
        let out = wd.path("out.xlsx");
        let projects = read_sheet(&out, "项目汇总");
        let indicators = read_sheet(&out, "指标明细");
        for (sheet, want) in sheets.as_object().unwrap() {
            if want.get("tasks").is_some() {
                let overall = read_sheet(&out, "整体目标");
                let r = overall
                    .rows_where("来源工作表", sheet)
                    .next()
                    .unwrap_or_else(|| panic!("{file}/{sheet} missing in 整体目标"));
                assert_eq!(
                    overall.text(r, "单位名称"),
                    want["unit"].as_str().unwrap(),
                    "{file}/{sheet}"
                );
                assert_eq!(
                    overall.num(r, "任务数"),
                    want["tasks"].as_f64(),
                    "{file}/{sheet}"
                );
                assert_eq!(
                    overall.num(r, "资金合计"),
                    want["task_total"].as_f64(),
                    "{file}/{sheet}"
                );
                assert_eq!(
                    overall.num(r, "指标数"),
                    want["indicators"].as_f64(),
                    "{file}/{sheet}"
                );
                continue;
            }
            let r = projects
                .rows_where("来源工作表", sheet)
                .next()
                .unwrap_or_else(|| panic!("{file}/{sheet} missing in 项目汇总"));
            let ctx = format!("{file}/{sheet}");
            assert_eq!(
                projects.text(r, "项目名称"),
                want["name"].as_str().unwrap(),
                "{ctx}"
            );
            assert_eq!(
                projects.text(r, "项目编码"),
                want["code"].as_str().unwrap(),
                "{ctx}"
            );
            assert_eq!(
                projects.text(r, "单位名称"),
                want["unit"].as_str().unwrap(),
                "{ctx}"
            );
            assert_eq!(
                projects.text(r, "项目属性"),
                want["attribute"].as_str().unwrap(),
                "{ctx}"
            );
            assert_eq!(
                projects.text(r, "年度目标"),
                want["goal"].as_str().unwrap(),
                "{ctx}"
            );
            for (col, key) in [
                ("年度资金总额", "total"),
                ("财政拨款", "fiscal"),
                ("上年结转资金", "carryover"),
                ("其他资金", "other"),
            ] {
                assert_eq!(projects.num(r, col), want[key].as_f64(), "{ctx} {col}");
            }
            let rows: Vec<usize> = indicators.rows_where("来源工作表", sheet).collect();
            let want_ind = want["indicators"].as_array().unwrap();
            assert_eq!(rows.len(), want_ind.len(), "{ctx} indicator rows");
            for (r, w) in rows.iter().zip(want_ind) {
                let w: Vec<&str> = w
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap())
                    .collect();
                assert_eq!(indicators.text(*r, "一级指标"), with_suffix(w[0]), "{ctx}");
                assert_eq!(indicators.text(*r, "二级指标"), with_suffix(w[1]), "{ctx}");
                assert_eq!(indicators.text(*r, "三级指标"), w[2], "{ctx}");
                assert_eq!(indicators.text(*r, "指标值"), w[3], "{ctx}");
            }
            assert_eq!(
                projects.num(r, "指标数"),
                Some(want_ind.len() as f64),
                "{ctx}"
            );
        }
    }
}
