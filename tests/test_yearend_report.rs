//! The year's end on the sample district through the real binary: `examples/year.sh` runs the
//! whole year (templates, the stages, screening, key evaluation, the annual figures) and the
//! report must state the figures of the district's summary, each with its source; a stage not
//! given is 未提供; the screening's tally is 3 / 3 / 2.

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_jixiao")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn figure<'v>(figs: &'v Value, name: &str) -> &'v Value {
    figs["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no figure {name}"))
}

fn report_json(out: &Path, extra: &[&str]) -> Value {
    let o = Command::new(bin())
        .current_dir(root())
        .args([
            "report",
            "--roster",
            "fixtures/roster.xlsx",
            "--format",
            "json",
            "-q",
            "--out",
        ])
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn the_whole_year_of_the_sample_district() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2024年度");
    let o = Command::new("sh")
        .current_dir(root())
        .arg("examples/year.sh")
        .arg(&out)
        .env("JIXIAO", bin())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let md = std::fs::read_to_string(out.join("年度情况/年度情况.md")).unwrap();
    for said in [
        "对 8 个项目开展事前绩效评估，其中予以支持 3 个、部分支持 3 个、不予支持 2 个",
        "85 个单位编报了项目支出、部门（单位）整体和专项资金绩效目标",
        "对 86 个单位开展绩效目标和预算执行“双监控”，其中 82 个单位项目监控比例达 100%",
        "85 个单位开展绩效自评，覆盖一般公共预算、政府性基金预算、国有资本经营预算",
        "对 8 个单位 16 个项目（政策）开展重点评价，涉及资金 21,477.00 万元",
    ] {
        assert!(md.contains(said), "{said}\n{md}");
    }
    assert!(out.join("年度情况/年度情况.xlsx").exists());
    // The same figures as data, each with its source.
    let v = report_json(
        &dir.path().join("again"),
        &[
            "--screen",
            "fixtures/screening-2024-results.xlsx",
            "--targets",
            out.join("2024年绩效目标汇总.xlsx").to_str().unwrap(),
            "--monitor",
            out.join("2024年1-7月绩效监控汇总.xlsx").to_str().unwrap(),
            "--self-eval",
            out.join("2024年绩效自评汇总.xlsx").to_str().unwrap(),
            "--key",
            out.join("重点评价清单.xlsx").to_str().unwrap(),
            "--review",
            out.join("2024年绩效目标汇总（第二轮）.xlsx")
                .to_str()
                .unwrap(),
        ],
    );
    let check = |name: &str, n: &str, d: &str, sheet: &str, rows: &str| {
        let f = figure(&v, name);
        assert_eq!(f["numerator"], n, "{name}");
        assert_eq!(f["denominator"], d, "{name}");
        assert_eq!(f["source"]["sheet"], sheet, "{name}");
        assert!(
            f["source"]["rows"].as_str().unwrap().starts_with(rows),
            "{name}: {}",
            f["source"]["rows"]
        );
    };
    check(
        "开展事前绩效评估的项目数",
        "8",
        "",
        "事前评估清单",
        "第2–9行",
    );
    check(
        "评估结论为予以支持的项目数",
        "3",
        "8",
        "事前评估清单",
        "第2、5、8行",
    );
    check(
        "评估结论为部分支持的项目数",
        "3",
        "8",
        "事前评估清单",
        "第3、6、9行",
    );
    check(
        "评估结论为不予支持的项目数",
        "2",
        "8",
        "事前评估清单",
        "第4、7行",
    );
    check("编报绩效目标的单位数", "85", "86", "覆盖情况", "第2行");
    check(
        "编报部门（单位）整体绩效目标的单位数",
        "85",
        "86",
        "整体目标",
        "第2–86行",
    );
    check(
        "开展绩效目标和预算执行“双监控”的单位数",
        "86",
        "86",
        "单位执行进度",
        "第2–87行",
    );
    check(
        "项目监控比例达 100% 的单位数",
        "82",
        "82",
        "单位执行进度",
        "第2–87行",
    );
    check("开展绩效自评的单位数", "85", "86", "覆盖情况", "第2行");
    check("自评覆盖的预算类型", "3", "3", "覆盖情况", "第49–51行");
    check("重点评价的单位数", "8", "", "重点评价汇总", "第2行");
    check(
        "重点评价的项目（政策）数",
        "16",
        "",
        "重点评价汇总",
        "第2行",
    );
    check("重点评价涉及资金", "21477.00", "", "重点评价汇总", "第2行");
    check(
        "建议收回的预计结余资金",
        "390.00",
        "",
        "收回建议",
        "第2–20行",
    );
    // Errors and warnings only: a notice (提示) the units were told needs no change is listed in
    // 整改情况 but is neither fixed nor open.
    check("审核发现问题已整改数", "34", "40", "整改情况", "");
    let round_two = out.join("2024年绩效目标汇总（第二轮）.xlsx");
    let review = common::read_sheet(&round_two, "整改情况");
    let mut to_fix: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let mut notices = 0;
    for r in 0..review.rows.len() {
        let state = review.text(r, "整改情况");
        if !["已整改", "未整改"].contains(&state.as_str()) {
            continue;
        }
        if review.text(r, "严重程度") == "提示" {
            notices += 1;
            continue;
        }
        let e = to_fix.entry(review.text(r, "单位编码")).or_default();
        if state == "已整改" {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    assert!(notices > 0, "the sample district's round one has notices");
    // Without --budget the 专项资金 figure is 未提供, and the paragraph does not claim it.
    let no_budget = dir.path().join("no-budget");
    report_json(
        &no_budget,
        &[
            "--targets",
            out.join("2024年绩效目标汇总.xlsx").to_str().unwrap(),
        ],
    );
    let md = std::fs::read_to_string(no_budget.join("年度情况.md")).unwrap();
    assert!(
        md.contains("85 个单位编报了项目支出和部门（单位）整体绩效目标。"),
        "{md}"
    );
    let o = Command::new(bin())
        .current_dir(root())
        .args([
            "assess",
            "--roster",
            "fixtures/roster.xlsx",
            "--format",
            "json",
            "-q",
        ])
        .arg("--targets")
        .arg(out.join("2024年绩效目标汇总.xlsx"))
        .arg("--review")
        .arg(&round_two)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let assessed: Value = serde_json::from_slice(&o.stdout).unwrap();
    for u in assessed["units"].as_array().unwrap() {
        let code = u["单位编码"].as_str().unwrap();
        let (fixed, open) = to_fix.get(code).copied().unwrap_or_default();
        assert_eq!(u["已整改数"], fixed, "{u}");
        assert_eq!(u["未整改数"], open, "{u}");
        if fixed + open == 0 {
            assert_eq!(u["整改得分"].as_f64(), Some(10.0), "nothing to fix: {u}");
        }
    }
    assert_eq!(
        figure(
            &v,
            "编报专项资金绩效目标的单位数（需要 --budget 的项目类别）"
        )["value"],
        "未提供"
    );

    // Another stage's workbook where one stage's is read is refused (exit 2, naming both
    // stages), never read as the wrong stage's figures.
    let book = |name: &str| out.join(name).display().to_string();
    let (targets, monitor, self_eval) = (
        book("2024年绩效目标汇总.xlsx"),
        book("2024年1-7月绩效监控汇总.xlsx"),
        book("2024年绩效自评汇总.xlsx"),
    );
    let wrong: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "consolidate",
                "fixtures/monitor",
                "--stage",
                "monitor",
                "--roster",
                "fixtures/roster.xlsx",
                "--targets",
                &self_eval,
                "--out",
                "x.xlsx",
            ],
            "是绩效自评阶段的汇总工作簿，--targets 应为",
        ),
        (
            vec![
                "consolidate",
                "fixtures/targets",
                "--roster",
                "fixtures/roster.xlsx",
                "--previous",
                &monitor,
                "--out",
                "x.xlsx",
            ],
            "是绩效监控阶段的汇总工作簿，--previous 应为绩效目标阶段",
        ),
        (
            vec![
                "report",
                "--roster",
                "fixtures/roster.xlsx",
                "--monitor",
                &targets,
                "--out",
                "r",
            ],
            "是绩效目标阶段的汇总工作簿，--monitor 应为绩效监控阶段",
        ),
        (
            vec![
                "assess",
                "--roster",
                "fixtures/roster.xlsx",
                "--self-eval",
                &monitor,
            ],
            "是绩效监控阶段的汇总工作簿，--self-eval 应为绩效自评阶段",
        ),
        (
            vec![
                "template",
                "--kind",
                "self-eval",
                "--roster",
                "fixtures/roster.xlsx",
                "--from",
                &targets,
                "--monitor",
                &targets,
                "--year",
                "2024",
                "--out",
                "t",
            ],
            "--monitor 应为绩效监控阶段",
        ),
    ];
    let scratch = tempfile::tempdir().unwrap();
    for (args, says) in wrong {
        let args: Vec<String> = args
            .iter()
            .map(|a| match *a {
                "x.xlsx" | "r" | "t" => scratch.path().join(a).display().to_string(),
                _ => a.to_string(),
            })
            .collect();
        let o = Command::new(bin())
            .current_dir(root())
            .args(&args)
            .arg("-q")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!scratch.path().join("x.xlsx").exists(), "{args:?}");
    }
}

#[test]
fn a_stage_not_given_is_not_zero() {
    let dir = tempfile::tempdir().unwrap();
    let v = report_json(
        dir.path(),
        &["--screen", "fixtures/screening-2024-results.xlsx"],
    );
    assert_eq!(figure(&v, "开展事前绩效评估的项目数")["numerator"], "8");
    for name in [
        "编报绩效目标的单位数",
        "开展“双监控”的单位数",
        "开展绩效自评的单位数",
        "重点评价的单位数和项目数",
        "审核发现问题已整改数",
    ] {
        assert_eq!(figure(&v, name)["value"], "未提供", "{name}");
    }
    let md = std::fs::read_to_string(dir.path().join("年度情况.md")).unwrap();
    assert!(md.contains("- 编报绩效目标的单位数：未提供"), "{md}");
    assert!(!md.contains("**0"), "{md}");
}

#[test]
fn screening_on_the_sample_district() {
    let o = Command::new(bin())
        .current_dir(root())
        .args([
            "screen",
            "--budget",
            "fixtures/budget-2024.xlsx",
            "--format",
            "json",
            "-q",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["projects"], 8);
    let o = Command::new(bin())
        .current_dir(root())
        .args([
            "screen",
            "--results",
            "fixtures/screening-2024-results.xlsx",
            "--budget",
            "fixtures/budget-2024.xlsx",
            "--format",
            "json",
            "-q",
        ])
        .output()
        .unwrap();
    // the two projects not supported are still in the budget list: exit 1, flagged
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (
            &v["supported"],
            &v["partly"],
            &v["not_supported"],
            &v["pending"]
        ),
        (
            &Value::from(3),
            &Value::from(3),
            &Value::from(2),
            &Value::from(0)
        )
    );
    assert_eq!(v["asked"], "2250.40");
    assert_eq!(v["flagged"].as_array().unwrap().len(), 2);
}
