//! Review rounds: corrected files replace what they correct (by 填报日期, a name marker, or with
//! `--prefer newer` the file's time), `整改情况` against the previous round, and totals that
//! count only the rows that count — on the sample district's two rounds and on small cases.

#[path = "common/cards.rs"]
mod cards;
mod common;

#[path = "../examples/sample_district/mod.rs"]
#[allow(dead_code)]
mod sample_district;

use cards::*;
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

fn fixtures() -> PathBuf {
    project_dir().join("fixtures")
}

/// Round one, then round two (both folders) with `--previous` round one; once per binary.
fn rounds() -> &'static (PathBuf, PathBuf, Workdir) {
    static RUN: OnceLock<(PathBuf, PathBuf, Workdir)> = OnceLock::new();
    RUN.get_or_init(|| {
        let wd = Workdir::new();
        let f = fixtures();
        let s = |p: &str| f.join(p).display().to_string();
        let common = [
            "--roster",
            &s("roster.xlsx"),
            "--budget",
            &s("budget-2024.xlsx"),
        ];
        let mut one = vec!["consolidate", &*s("targets")]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>();
        one.extend(common.iter().map(|x| x.to_string()));
        one.extend(["--out", "第一轮.xlsx", "-q"].map(String::from));
        let args: Vec<&str> = one.iter().map(String::as_str).collect();
        wd.run(&args).expect_code(1);
        let mut two: Vec<String> = ["consolidate", &s("targets"), &s("targets-round2")]
            .map(String::from)
            .to_vec();
        two.extend(common.iter().map(|x| x.to_string()));
        two.extend(["--previous", "第一轮.xlsx", "--out", "第二轮.xlsx", "-q"].map(String::from));
        let args: Vec<&str> = two.iter().map(String::as_str).collect();
        wd.run(&args).expect_code(1);
        (wd.path("第一轮.xlsx"), wd.path("第二轮.xlsx"), wd)
    })
}

fn manifest() -> sample_district::Manifest {
    sample_district::read_manifest(&fixtures().join("targets-round2")).expect("round-two manifest")
}

type Key = (String, String, String, String);

#[test]
fn the_second_round_lists_exactly_the_fixes_the_partial_fixes_and_the_new_mistake() {
    let (_, two, _) = rounds();
    let m = manifest();
    let review = read_sheet(two, "整改情况");
    let rows_of =
        |state: &str| -> Vec<usize> { review.rows_where("整改情况", state).collect() };
    let this = |r: usize| -> Key {
        (
            review.text(r, "本轮文件"),
            review.text(r, "本轮工作表"),
            review.text(r, "单元格"),
            review.text(r, "规则编码"),
        )
    };
    let before = |r: usize| -> Key {
        (
            review.text(r, "上轮文件"),
            review.text(r, "上轮工作表"),
            review.text(r, "单元格"),
            review.text(r, "规则编码"),
        )
    };
    let fixed: BTreeSet<Key> = rows_of("已整改").into_iter().map(before).collect();
    let want: BTreeSet<Key> = m
        .resubmission
        .fixed
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
    assert_eq!(fixed, want, "已整改");
    let open: BTreeSet<Key> = rows_of("未整改").into_iter().map(this).collect();
    let want: BTreeSet<Key> = m
        .resubmission
        .open
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
    assert_eq!(open, want, "未整改");
    let new: BTreeSet<Key> = rows_of("新问题").into_iter().map(this).collect();
    let want: BTreeSet<Key> = m
        .resubmission
        .new
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
    assert_eq!(new, want, "新问题");
    let withdrawn: BTreeSet<(String, String)> = rows_of("撤回表")
        .into_iter()
        .map(|r| (review.text(r, "上轮文件"), review.text(r, "上轮工作表")))
        .collect();
    let want: BTreeSet<(String, String)> = m
        .resubmission
        .withdrawn
        .iter()
        .map(|c| (c.file.clone(), c.sheet.clone()))
        .collect();
    assert_eq!(withdrawn, want, "撤回表");
    let added: BTreeSet<(String, String)> = rows_of("新增表")
        .into_iter()
        .map(|r| (review.text(r, "本轮文件"), review.text(r, "本轮工作表")))
        .collect();
    let want: BTreeSet<(String, String)> = m
        .resubmission
        .added
        .iter()
        .map(|c| (c.file.clone(), c.sheet.clone()))
        .collect();
    assert_eq!(added, want, "新增表");
}

#[test]
fn corrected_files_replace_what_they_correct_and_are_never_duplicates() {
    let (_, two, _) = rounds();
    let m = manifest();
    let problems = read_sheet(two, "问题清单");
    assert_eq!(problems.rows_where("规则编码", "S05").count(), 0);
    // Every finding of round two is one the manifest expects, and no other.
    let found: BTreeSet<Key> = (0..problems.rows.len())
        .map(|r| {
            (
                problems.text(r, "来源文件"),
                problems.text(r, "来源工作表"),
                problems.text(r, "单元格"),
                problems.text(r, "规则编码"),
            )
        })
        .collect();
    let planted: BTreeSet<Key> = m
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
    assert_eq!(found, planted);
    // 已替换: every replaced card, with the rule that ordered it.
    let replaced = read_sheet(two, "已替换");
    for r in &m.resubmission.replaced {
        let row = (0..replaced.rows.len())
            .find(|&i| {
                replaced.text(i, "原文件") == r.old_file
                    && replaced.text(i, "原工作表") == r.old_sheet
            })
            .unwrap_or_else(|| panic!("{r:?} not in 已替换"));
        assert_eq!(replaced.text(row, "替换文件"), r.new_file, "{r:?}");
        let basis = replaced.text(row, "依据");
        let want = if r.order == "填报日期" {
            "填报日期"
        } else {
            "文件名标记"
        };
        assert!(basis.contains(want), "{r:?}: {basis}");
    }
    // The replaced cards are in 项目汇总, not counted.
    let projects = read_sheet(two, "项目汇总");
    let not_counted = (0..projects.rows.len())
        .filter(|&r| {
            projects
                .text(r, "计入合计")
                .starts_with("否（已被更正文件替换")
        })
        .count();
    let project_cards = m
        .resubmission
        .replaced
        .iter()
        .filter(|r| !r.project_code.is_empty() && !r.old_sheet.is_empty())
        .count()
        + m.resubmission.withdrawn.len();
    assert_eq!(not_counted, project_cards);
}

/// The counted 年度资金总额 is the budget amounts of the projects handed in (覆盖情况's 已报资金)
/// and the differences that findings name, to the cent.
fn reconcile(book: &std::path::Path) {
    let f = fixtures();
    let budget = read_sheet(&f.join("budget-2024.xlsx"), "预算项目清单");
    let amount: BTreeMap<String, i64> = (0..budget.rows.len())
        .map(|r| {
            (
                budget.text(r, "项目编码"),
                (budget.num(r, "本年预算数").unwrap() * 100.0).round() as i64,
            )
        })
        .collect();
    let projects = read_sheet(book, "项目汇总");
    let problems = read_sheet(book, "问题清单");
    let cents = |x: Option<f64>| (x.unwrap_or(0.0) * 100.0).round() as i64;
    let mut counted = 0;
    let mut budgeted: BTreeSet<String> = BTreeSet::new();
    let mut named_differences = 0;
    for r in 0..projects.rows.len() {
        if projects.text(r, "计入合计") != "是" {
            continue;
        }
        let total = cents(projects.num(r, "年度资金总额"));
        counted += total;
        let code = projects.text(r, "项目编码");
        let file = projects.text(r, "来源文件");
        let sheet = projects.text(r, "来源工作表");
        let card_rules: BTreeSet<String> = (0..problems.rows.len())
            .filter(|&p| {
                problems.text(p, "来源文件") == file && problems.text(p, "来源工作表") == sheet
            })
            .map(|p| problems.text(p, "规则编码"))
            .collect();
        match amount.get(&code) {
            Some(&b) if budgeted.insert(code.clone()) => {
                if total != b {
                    assert!(
                        ["M04", "M03", "M01", "S02"]
                            .iter()
                            .any(|c| card_rules.contains(*c)),
                        "{file}/{sheet}: {total} against the budget's {b} with no finding naming it"
                    );
                    named_differences += total - b;
                }
            }
            _ => {
                assert!(
                    card_rules.contains("S08") || card_rules.contains("S05"),
                    "{file}/{sheet}: counted outside the budget list with no finding"
                );
                named_differences += total;
            }
        }
    }
    let cov = read_sheet(book, "覆盖情况");
    let all = cov.rows_where("范围", "全区").next().unwrap();
    let handed_in = cents(cov.num(all, "已报资金"));
    assert_eq!(counted, handed_in + named_differences, "{}", book.display());
    assert_eq!(cents(projects.total_num("年度资金总额")), counted);
}

#[test]
fn the_counted_totals_reconcile_with_the_coverage_to_the_cent() {
    let (one, two, _) = rounds();
    reconcile(one);
    reconcile(two);
}

/// Two copies of one card in two files, told apart as the test says.
fn two_copies(wd: &Workdir, first: &str, second: &str) {
    save_target(&wd.path(&format!("收表/{first}")), &TargetCard::default());
    let better = TargetCard {
        fiscal: num(1.0),
        ..TargetCard::default()
    };
    save_target(&wd.path(&format!("收表/{second}")), &better);
}

fn counted_file(wd: &Workdir) -> Vec<String> {
    let p = read_sheet(&wd.path("out.xlsx"), "项目汇总");
    (0..p.rows.len())
        .filter(|&r| p.text(r, "计入合计") == "是")
        .map(|r| p.text(r, "来源文件"))
        .collect()
}

#[test]
fn nothing_to_order_two_copies_is_a_duplicate_naming_both_and_prefer_newer_orders_them() {
    let wd = Workdir::new();
    two_copies(&wd, "a.xlsx", "b.xlsx");
    let run = wd.run(&["validate", "收表", "--format", "json", "-q"]);
    let json = run.json();
    let dup: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "S05")
        .collect();
    assert_eq!(dup.len(), 1);
    assert!(dup[0]["message"].as_str().unwrap().contains("a.xlsx"));
    // --prefer newer: the file written later holds, whatever its name.
    let old = std::fs::File::options()
        .write(true)
        .open(wd.path("收表/b.xlsx"))
        .unwrap();
    old.set_modified(
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
    )
    .unwrap();
    drop(old);
    wd.run(&[
        "consolidate",
        "收表",
        "--prefer",
        "newer",
        "--out",
        "out.xlsx",
        "-q",
    ]);
    assert_eq!(counted_file(&wd), vec!["a.xlsx".to_string()]);
    let replaced = read_sheet(&wd.path("out.xlsx"), "已替换");
    assert_eq!(replaced.text(0, "依据"), "文件修改时间较新");
}

#[test]
fn a_name_marker_orders_two_copies_and_the_later_file_holds() {
    let wd = Workdir::new();
    two_copies(
        &wd,
        "301001_区教育局_目标表_v2.xlsx",
        "301001_区教育局_目标表.xlsx",
    );
    wd.run(&["consolidate", "收表", "--out", "out.xlsx", "-q"]);
    assert_eq!(
        counted_file(&wd),
        vec!["301001_区教育局_目标表_v2.xlsx".to_string()]
    );
    // The replaced copy's error (M01) is not reported.
    let problems = read_sheet(&wd.path("out.xlsx"), "问题清单");
    assert_eq!(problems.rows_where("规则编码", "M01").count(), 0);
    assert_eq!(problems.rows_where("规则编码", "S05").count(), 0);
}

/// The unreadable files of round one handed in again readable: the terminal says they were
/// replaced, and does not send the clerk to a 问题清单 that no longer names them.
#[test]
fn unreadable_files_handed_in_again_are_said_to_be_replaced() {
    let (_, two, wd) = rounds();
    let problems = read_sheet(two, "问题清单");
    assert_eq!(problems.rows_where("规则编码", "F01").count(), 0);
    let f = fixtures();
    let s = |p: &str| f.join(p).display().to_string();
    let run = wd.run(&[
        "validate",
        &s("targets"),
        &s("targets-round2"),
        "--roster",
        &s("roster.xlsx"),
        "--budget",
        &s("budget-2024.xlsx"),
        "--format",
        "json",
    ]);
    let err = run.stderr();
    assert!(
        err.contains("无法读取、已被重新报送的版本替换的文件 2 个"),
        "{err}"
    );
    assert!(!err.contains("原因见问题清单"), "{err}");
}
