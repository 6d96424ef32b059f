//! The self-evaluation stage's rules (docs/RULES.md E01–E10, and J01 on a self-evaluation card)
//! through the real binary: for each code a card that breaks the rule (the finding appears with
//! that code, severity and cell) and one that does not; the thresholds set in `jixiao.toml`
//! (`score_tolerance`, `execution_reason_below`, `grade_excellent`) changing the verdicts; and
//! the self-evaluation sheets of `consolidate --stage self-eval` (项目汇总 grades on their
//! bounds, 评分复核, 等级分布).
//!
//! Cards are built by tests/common/self_eval.rs (national layout, FORMS §4.4, and a unit-wide
//! 部门整体支出绩效自评表); their defaults are clean.

#[path = "common/cards.rs"]
mod cards;
mod common;
#[path = "common/self_eval.rs"]
mod self_eval;

use cards::{num, roster_units, txt, unit, write_roster};
use common::checked::*;
use common::*;
use self_eval::*;
use std::collections::BTreeMap;

/// Writes one self-evaluation card to `file` and validates it with `--stage self-eval` (and
/// `extra`); the card must be read as one card.
fn check_with(wd: &Workdir, file: &str, card: &SelfEvalCard, extra: &[&str]) -> Checked {
    save_self_eval(&wd.path(file), card);
    let mut args = vec![file, "--stage", "self-eval"];
    args.extend_from_slice(extra);
    let c = validate(wd, &args);
    assert_eq!(
        c.json["project_cards"],
        1,
        "cards read from {file}:\n{}",
        c.listing()
    );
    c
}

fn check(wd: &Workdir, file: &str, card: &SelfEvalCard) -> Checked {
    check_with(wd, file, card, &[])
}

/// Writes `text` as a config file and returns its name.
fn config(wd: &Workdir, name: &'static str, text: &str) -> &'static str {
    std::fs::write(wd.path(name), text).unwrap();
    name
}

const SHEET: &str = "自评1";

/// Runs `jixiao consolidate <args> --stage self-eval --out <out> -q`, which must exit 0 or 1.
fn consolidate(wd: &Workdir, args: &[&str], out: &str) -> Run {
    let mut all: Vec<&str> = vec!["consolidate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--stage", "self-eval", "--out", out, "-q"]);
    let run = wd.run(&all);
    assert!(
        matches!(run.code(), 0 | 1),
        "jixiao {:?} exited {}\n--- stdout\n{}\n--- stderr\n{}",
        run.args,
        run.code(),
        run.stdout(),
        run.stderr()
    );
    assert!(wd.path(out).exists(), "{out} not written");
    run
}

fn approx(got: Option<f64>, want: f64, what: &str) {
    let g = got.unwrap_or_else(|| panic!("{what}: not a number"));
    assert!((g - want).abs() < 0.005, "{what}: want {want}, got {g}");
}

// ---------------------------------------------------------------------------------------------
// Clean cards

#[test]
fn clean_self_evaluation_cards_have_no_findings() {
    let wd = Workdir::new();
    write_roster(&wd.path("roster.xlsx"), &roster_units());
    check_with(
        &wd,
        "clean.xlsx",
        &SelfEvalCard::default(),
        &["--roster", "roster.xlsx"],
    )
    .clean();
    // With a 原因 column beside the money, and a card scored below full marks.
    check(
        &wd,
        "reason-col.xlsx",
        &SelfEvalCard::with(|c| c.reason_col = true),
    )
    .clean();
    for total in [90, 85, 60, 50] {
        check(
            &wd,
            &format!("scored{total}.xlsx"),
            &SelfEvalCard::scored(total),
        )
        .clean();
    }
    save_overall_self_eval(&wd.path("overall.xlsx"), &OverallSelfEvalCard::default());
    let c = validate(&wd, &["overall.xlsx", "--stage", "self-eval"]);
    assert_eq!(c.json["overall_cards"], 1, "{}", c.listing());
    c.clean();
}

// ---------------------------------------------------------------------------------------------
// E01 执行率低于 90% 且没有说明原因

#[test]
fn e01_low_execution_without_a_reason() {
    let wd = Workdir::new();
    // 96 ÷ 120 = 80%: the execution scores 8, nothing explains it.
    let low = |executed: f64| SelfEvalCard::with(|c| c.set_money(120.0, executed));
    let at = low(96.0).cells();
    let rate_cell = at.money(TOTAL, SCol::Rate);
    let c = check(&wd, "low.xlsx", &low(96.0));
    c.expect("E01", "警告", "low.xlsx", SHEET, &rate_cell)
        .only(&["E01"]);
    assert!(c.message("E01").contains("80.0%"), "{}", c.listing());
    // A reason in any row's 偏差原因分析 explains it (the national card has no other place).
    let explained = SelfEvalCard::with(|c| {
        c.set_money(120.0, 96.0);
        c.indicators[SATISFACTION].reason = "部分设备采购延至下年，资金结转。".into();
    });
    check(&wd, "explained.xlsx", &explained).clean();
    // 108 ÷ 120 = 90% is not below 90%.
    check(&wd, "ninety.xlsx", &low(108.0)).clean();
    check(&wd, "just-below.xlsx", &low(107.99)).expect(
        "E01",
        "警告",
        "just-below.xlsx",
        SHEET,
        &rate_cell,
    );
    // execution_reason_below = 80: 80% needs no reason, 79% still does.
    let cfg = config(&wd, "lenient.toml", "execution_reason_below = 80\n");
    check_with(&wd, "low.xlsx", &low(96.0), &["--config", cfg]).clean();
    check_with(&wd, "lower.xlsx", &low(94.8), &["--config", cfg]).expect(
        "E01",
        "警告",
        "lower.xlsx",
        SHEET,
        &rate_cell,
    );
    // With a 原因 column beside the money, the reason belongs there: a row's reason is not
    // enough, the block's is.
    let with_col = |block_reason: &str| {
        SelfEvalCard::with(|c| {
            c.reason_col = true;
            c.set_money(120.0, 96.0);
            c.money[TOTAL].reason = block_reason.into();
            c.indicators[SATISFACTION].reason = "部分设备采购延至下年。".into();
        })
    };
    check(&wd, "col-empty.xlsx", &with_col("")).expect(
        "E01",
        "警告",
        "col-empty.xlsx",
        SHEET,
        &rate_cell,
    );
    check(
        &wd,
        "col-filled.xlsx",
        &with_col("设备采购延至下年，资金结转。"),
    )
    .clean();
}

// ---------------------------------------------------------------------------------------------
// E02 分值合计不是 100, E03 分值分配与国家默认不同

#[test]
fn e02_points_not_adding_up_to_100() {
    let wd = Workdir::new();
    let short = SelfEvalCard::with(|c| {
        c.indicators[SATISFACTION].points = num(5.0);
        c.indicators[SATISFACTION].score = num(5.0);
    });
    let at = short.cells();
    let c = check(&wd, "short.xlsx", &short);
    c.expect("E02", "错误", "short.xlsx", SHEET, &at.points_header)
        .none("E03");
    assert!(c.message("E02").contains("95"), "{}", c.listing());
    // Points above 100 too.
    let over = SelfEvalCard::with(|c| {
        c.indicators[QUALITY].points = num(15.0);
        c.indicators[QUALITY].score = num(15.0);
    });
    check(&wd, "over.xlsx", &over).expect("E02", "错误", "over.xlsx", SHEET, &at.points_header);
    check(&wd, "clean.xlsx", &SelfEvalCard::default()).none("E02");
    // The unit-wide card has no execution points: its weights alone make 100.
    let overall_short = OverallSelfEvalCard::with(|c| {
        c.indicators[0].weight = 10.0;
        c.indicators[0].score = 10.0;
    });
    save_overall_self_eval(&wd.path("overall.xlsx"), &overall_short);
    let c = validate(&wd, &["overall.xlsx", "--stage", "self-eval"]);
    assert_eq!(c.of("E02").len(), 1, "{}", c.listing());
}

#[test]
fn e03_split_other_than_the_national_one() {
    let wd = Workdir::new();
    // 产出 40, 效益 40, 满意度 10: still 100 with the execution.
    let split = SelfEvalCard::with(|c| {
        c.indicators[QUANTITY].points = num(10.0);
        c.indicators[QUANTITY].score = num(10.0);
        c.indicators[BENEFIT].points = num(40.0);
        c.indicators[BENEFIT].score = num(40.0);
    });
    let at = split.cells();
    let c = check(&wd, "split.xlsx", &split);
    c.expect("E03", "提示", "split.xlsx", SHEET, &at.header)
        .none("E02")
        .only(&["E03"]);
    c.run.expect_code(0);
    check(&wd, "clean.xlsx", &SelfEvalCard::default()).none("E03");
    // The unit-wide card's 投入/过程/产出/效果 framework is no departure.
    save_overall_self_eval(&wd.path("overall.xlsx"), &OverallSelfEvalCard::default());
    validate(&wd, &["overall.xlsx", "--stage", "self-eval"]).none("E03");
}

// ---------------------------------------------------------------------------------------------
// E04 得分高于分值

#[test]
fn e04_score_above_points() {
    let wd = Workdir::new();
    let above = SelfEvalCard::with(|c| c.indicators[QUALITY].score = num(12.0));
    let at = above.cells();
    check(&wd, "above.xlsx", &above)
        .expect("E04", "错误", "above.xlsx", SHEET, &at.score(QUALITY))
        .none("E05");
    // Equal to the points is fine.
    check(&wd, "equal.xlsx", &SelfEvalCard::default()).none("E04");
}

// ---------------------------------------------------------------------------------------------
// E05 得分超出数据允许的范围

#[test]
fn e05_quantitative_score_against_the_formula() {
    let wd = Workdir::new();
    // ≥30人, 24人: 24/30 × 20 = 16.
    let card = |stated: f64| {
        SelfEvalCard::with(|c| {
            let q = &mut c.indicators[QUANTITY];
            q.actual = "24人".into();
            q.score = num(stated);
            q.reason = "招聘未完成。".into();
        })
    };
    let at = card(16.0).cells();
    let cell = at.score(QUANTITY);
    let c = check(&wd, "full.xlsx", &card(20.0));
    c.expect("E05", "警告", "full.xlsx", SHEET, &cell)
        .only(&["E05"]);
    assert!(c.message("E05").contains("复核得分 16"), "{}", c.listing());
    check(&wd, "right.xlsx", &card(16.0)).clean();
    // The tolerance is 0.5 points.
    check(&wd, "within.xlsx", &card(16.5)).none("E05");
    check(&wd, "beyond.xlsx", &card(16.6)).expect("E05", "警告", "beyond.xlsx", SHEET, &cell);
    // score_tolerance = 1 in jixiao.toml.
    let cfg = config(&wd, "tol.toml", "score_tolerance = 1\n");
    check_with(&wd, "beyond.xlsx", &card(16.6), &["--config", cfg]).none("E05");
    check_with(&wd, "far.xlsx", &card(17.1), &["--config", cfg])
        .expect("E05", "警告", "far.xlsx", SHEET, &cell);
    // ≤24小时, 36小时: (1 − 12/24) × 10 = 5; 48小时 (twice the target) scores 0.
    let slow = |actual: &str, stated: f64| {
        SelfEvalCard::with(|c| {
            let t = &mut c.indicators[2];
            t.actual = actual.into();
            t.score = num(stated);
            t.reason = "维修人员不足。".into();
        })
    };
    check(&wd, "slow-full.xlsx", &slow("36小时", 10.0)).expect(
        "E05",
        "警告",
        "slow-full.xlsx",
        SHEET,
        &at.score(2),
    );
    check(&wd, "slow-right.xlsx", &slow("36小时", 5.0)).clean();
    check(&wd, "slow-zero.xlsx", &slow("48小时", 0.0)).clean();
    check(&wd, "slow-two.xlsx", &slow("48小时", 2.0)).expect(
        "E05",
        "警告",
        "slow-two.xlsx",
        SHEET,
        &at.score(2),
    );
}

#[test]
fn e05_qualitative_score_within_its_band() {
    let wd = Workdir::new();
    // 30 points: 达成 24–30, 部分达成 18–24, 未达成 0–18.
    let card = |actual: &str, stated: f64| {
        SelfEvalCard::with(|c| {
            let b = &mut c.indicators[BENEFIT];
            b.value = "明显提升".into();
            b.actual = actual.into();
            b.score = num(stated);
            b.reason = "效果有待持续观察。".into();
            // The grade follows the stated total.
            c.conclusion = None;
        })
    };
    let cell = card("", 0.0).cells().score(BENEFIT);
    let partly = "部分达成年度指标并具有一定效果";
    let c = check(&wd, "partly-full.xlsx", &card(partly, 30.0));
    c.expect("E05", "警告", "partly-full.xlsx", SHEET, &cell)
        .only(&["E05"]);
    assert!(c.message("E05").contains("18–24"), "{}", c.listing());
    check(&wd, "partly-low.xlsx", &card(partly, 10.0)).expect(
        "E05",
        "警告",
        "partly-low.xlsx",
        SHEET,
        &cell,
    );
    check(&wd, "partly-in.xlsx", &card(partly, 20.0)).clean();
    check(&wd, "partly-top.xlsx", &card(partly, 24.0)).clean();
    check(&wd, "met-full.xlsx", &card("达成年度指标", 30.0)).clean();
    check(&wd, "met-low.xlsx", &card("达成年度指标", 24.0)).clean();
    check(&wd, "met-lower.xlsx", &card("达成年度指标", 20.0)).expect(
        "E05",
        "警告",
        "met-lower.xlsx",
        SHEET,
        &cell,
    );
    check(&wd, "missed.xlsx", &card("未达成年度指标且效果较差", 20.0)).expect(
        "E05",
        "警告",
        "missed.xlsx",
        SHEET,
        &cell,
    );
    check(
        &wd,
        "missed-in.xlsx",
        &card("未达成年度指标且效果较差", 15.0),
    )
    .clean();
}

// ---------------------------------------------------------------------------------------------
// E06 得分低于分值但没有填写偏差原因

#[test]
fn e06_low_score_without_a_reason() {
    let wd = Workdir::new();
    let card = |reason: &str| {
        SelfEvalCard::with(|c| {
            let q = &mut c.indicators[QUANTITY];
            q.actual = "24人".into();
            q.score = num(16.0);
            q.reason = reason.into();
        })
    };
    let at = card("").cells();
    check(&wd, "bare.xlsx", &card(""))
        .expect("E06", "警告", "bare.xlsx", SHEET, &at.reason(QUANTITY))
        .only(&["E06"]);
    check(&wd, "reason.xlsx", &card("招聘未完成，下年补足。")).clean();
    // A reason on another row does not explain this one.
    let elsewhere = SelfEvalCard::with(|c| {
        let q = &mut c.indicators[QUANTITY];
        q.actual = "24人".into();
        q.score = num(16.0);
        c.indicators[SATISFACTION].reason = "问卷覆盖面不足。".into();
    });
    check(&wd, "elsewhere.xlsx", &elsewhere).expect(
        "E06",
        "警告",
        "elsewhere.xlsx",
        SHEET,
        &at.reason(QUANTITY),
    );
    // The unit-wide card has no reason column: a score below its weight is no E06.
    // ≥10项, 9项: 0.9 × 30 = 27.
    let overall = OverallSelfEvalCard::with(|c| {
        c.indicators[2].actual = "9".into();
        c.indicators[2].score = 27.0;
        c.conclusion = "优".into();
    });
    save_overall_self_eval(&wd.path("overall.xlsx"), &overall);
    let c = validate(&wd, &["overall.xlsx", "--stage", "self-eval"]);
    assert_eq!(c.json["overall_cards"], 1, "{}", c.listing());
    c.none("E06").clean();
}

// ---------------------------------------------------------------------------------------------
// E07 总分不等于各项得分之和

#[test]
fn e07_total_not_the_sum() {
    let wd = Workdir::new();
    let off = SelfEvalCard::with(|c| c.total_score = Some(num(95.0)));
    let at = off.cells();
    let c = check(&wd, "off.xlsx", &off);
    c.expect("E07", "错误", "off.xlsx", SHEET, &at.total_score)
        .only(&["E07"]);
    assert!(c.message("E07").contains("100"), "{}", c.listing());
    check(&wd, "clean.xlsx", &SelfEvalCard::default()).none("E07");
    // A sum with decimals: 9.5 + 90.
    let decimals = SelfEvalCard::with(|c| c.set_money(120.0, 114.0));
    check(&wd, "decimals.xlsx", &decimals).clean();
    let decimals_off = SelfEvalCard::with(|c| {
        c.set_money(120.0, 114.0);
        c.total_score = Some(num(100.0));
    });
    check(&wd, "decimals-off.xlsx", &decimals_off).expect(
        "E07",
        "错误",
        "decimals-off.xlsx",
        SHEET,
        &at.total_score,
    );
}

// ---------------------------------------------------------------------------------------------
// E08 自评等级与复核等级不一致

#[test]
fn e08_stated_grade_differs() {
    let wd = Workdir::new();
    let at = SelfEvalCard::default().cells();
    let said = |conclusion: &str| SelfEvalCard::with(|c| c.conclusion = Some(conclusion.into()));
    // A short word and a sentence.
    for (i, text) in ["良", "良好", "自评等级为良", "评价结论：中等"]
        .into_iter()
        .enumerate()
    {
        let file = format!("wrong{i}.xlsx");
        let c = check(&wd, &file, &said(text));
        c.expect("E08", "警告", &file, SHEET, &at.conclusion)
            .only(&["E08"]);
    }
    assert!(
        check(&wd, "sentence.xlsx", &said("自评等级为良"))
            .message("E08")
            .contains("良"),
    );
    for (i, text) in [
        "优",
        "优秀",
        "自评等级为优。",
        "项目总体实施情况较好，资金使用规范",
    ]
    .into_iter()
    .enumerate()
    {
        check(&wd, &format!("right{i}.xlsx"), &said(text)).clean();
    }
    // 88 is 良; a bureau whose 优 starts at 85 calls it 优.
    let eighty_eight = SelfEvalCard::with(|c| {
        c.set_total(88);
        c.conclusion = Some("优".into());
    });
    check(&wd, "88.xlsx", &eighty_eight).expect("E08", "警告", "88.xlsx", SHEET, &at.conclusion);
    // The grade under the other labels cards give it.
    for label in ["自评等级", "评价等级"] {
        let file = format!("{label}.xlsx");
        let card = SelfEvalCard::with(|c| {
            c.conclusion = Some("良".into());
            c.conclusion_label = label.into();
        });
        check(&wd, &file, &card)
            .expect("E08", "警告", &file, SHEET, &at.conclusion)
            .only(&["E08"]);
    }
    let cfg = config(&wd, "grades.toml", "grade_excellent = 85\n");
    check_with(&wd, "88.xlsx", &eighty_eight, &["--config", cfg]).clean();
    check_with(
        &wd,
        "84.xlsx",
        &SelfEvalCard::with(|c| {
            c.set_total(84);
            c.conclusion = Some("优".into());
        }),
        &["--config", cfg],
    )
    .expect("E08", "警告", "84.xlsx", SHEET, &at.conclusion);
}

// ---------------------------------------------------------------------------------------------
// E09 执行率得分与数据不符

#[test]
fn e09_execution_score_against_the_rate() {
    let wd = Workdir::new();
    let at = SelfEvalCard::default().cells();
    let cell = at.money(TOTAL, SCol::Score);
    // 100% executed: 10 points; stated 9.
    let stated = |s: f64| SelfEvalCard::with(|c| c.exec_score = Some(num(s)));
    let c = check(&wd, "nine.xlsx", &stated(9.0));
    c.expect("E09", "警告", "nine.xlsx", SHEET, &cell)
        .only(&["E09"]);
    assert!(c.message("E09").contains("10.00"), "{}", c.listing());
    check(&wd, "half.xlsx", &stated(9.5)).none("E09");
    // 114 ÷ 120 = 95%: 9.5 points; stating 10 is 0.5 off (within), 10 on 94% is not.
    let rate = |executed: f64, s: f64| {
        SelfEvalCard::with(|c| {
            c.set_money(120.0, executed);
            c.exec_score = Some(num(s));
        })
    };
    check(&wd, "95.xlsx", &rate(114.0, 9.5)).clean();
    check(&wd, "95-full.xlsx", &rate(114.0, 10.0)).none("E09");
    check(&wd, "94-full.xlsx", &rate(112.8, 10.0)).expect(
        "E09",
        "警告",
        "94-full.xlsx",
        SHEET,
        &cell,
    );
    // Over 100% executed is capped at 10.
    check(&wd, "over.xlsx", &rate(130.0, 10.0)).none("E09");
    // score_tolerance = 1.
    let cfg = config(&wd, "tol.toml", "score_tolerance = 1\n");
    check_with(&wd, "nine.xlsx", &stated(9.0), &["--config", cfg]).none("E09");
    check_with(&wd, "eight.xlsx", &stated(8.9), &["--config", cfg]).expect(
        "E09",
        "警告",
        "eight.xlsx",
        SHEET,
        &cell,
    );
}

// ---------------------------------------------------------------------------------------------
// E10 定量指标的实际完成值无法识别为数字

#[test]
fn e10_actual_value_not_a_number() {
    let wd = Workdir::new();
    let card = |actual: &str| SelfEvalCard::with(|c| c.indicators[QUANTITY].actual = actual.into());
    let at = card("").cells();
    let c = check(&wd, "annex.xlsx", &card("见附件"));
    c.expect("E10", "提示", "annex.xlsx", SHEET, &at.actual(QUANTITY))
        .only(&["E10"]);
    c.run.expect_code(0);
    assert!(c.message("E10").contains("见附件"), "{}", c.listing());
    check(&wd, "number.xlsx", &card("32人")).clean();
    // A completion in words is scored within its band, not E10.
    check(&wd, "words.xlsx", &card("达成年度指标")).none("E10");
}

// ---------------------------------------------------------------------------------------------
// J01 on a self-evaluation card

#[test]
fn j01_stated_rate_against_the_amounts() {
    let wd = Workdir::new();
    let at = SelfEvalCard::default().cells();
    // 120 ÷ 120 = 100%; stated 90%.
    let total = SelfEvalCard::with(|c| c.money[TOTAL].rate = Some(num(0.9)));
    check(&wd, "total.xlsx", &total)
        .expect(
            "J01",
            "错误",
            "total.xlsx",
            SHEET,
            &at.money(TOTAL, SCol::Rate),
        )
        .only(&["J01"]);
    // A part's row: 100 ÷ 100, stated as text 50%.
    let part = SelfEvalCard::with(|c| c.money[FISCAL].rate = Some(txt("50%")));
    check(&wd, "part.xlsx", &part).expect(
        "J01",
        "错误",
        "part.xlsx",
        SHEET,
        &at.money(FISCAL, SCol::Rate),
    );
    // Within 0.5 points, or as text that says the same.
    check(
        &wd,
        "close.xlsx",
        &SelfEvalCard::with(|c| c.money[TOTAL].rate = Some(num(0.996))),
    )
    .clean();
    check(
        &wd,
        "text.xlsx",
        &SelfEvalCard::with(|c| c.money[TOTAL].rate = Some(txt("100.00%"))),
    )
    .clean();
    // The rate is executed ÷ 全年预算数, not ÷ 年初预算数: 114 ÷ 120 = 95% where the year
    // started with 100.
    let adjusted = SelfEvalCard::with(|c| {
        c.set_money(120.0, 114.0);
        c.money[TOTAL].start = num(100.0);
        c.money[FISCAL].start = num(100.0);
        c.money[TOTAL].rate = Some(num(0.95));
    });
    check(&wd, "adjusted.xlsx", &adjusted).clean();
    let on_start = SelfEvalCard::with(|c| {
        c.set_money(120.0, 114.0);
        c.money[TOTAL].start = num(100.0);
        c.money[FISCAL].start = num(100.0);
        c.money[TOTAL].rate = Some(num(1.14));
    });
    check(&wd, "on-start.xlsx", &on_start).expect(
        "J01",
        "错误",
        "on-start.xlsx",
        SHEET,
        &at.money(TOTAL, SCol::Rate),
    );
}

// ---------------------------------------------------------------------------------------------
// consolidate --stage self-eval: 项目汇总, 评分复核, 等级分布

/// The roster of the consolidation tests: 区教育局, 区卫生健康局, 区林业局.
fn three_units(wd: &Workdir) -> &'static str {
    let mut units = roster_units();
    units.push(unit("303001", "区林业局"));
    write_roster(&wd.path("roster.xlsx"), &units);
    "roster.xlsx"
}

/// A clean card of another project scored `total`, with `full` 万元 budgeted and spent.
fn project(sheet: &str, name: &str, code: &str, unit: &str, total: u32, full: f64) -> SelfEvalCard {
    let mut c = SelfEvalCard::scored(total).project(sheet, name, code, unit);
    c.set_money(full, full);
    c
}

#[test]
fn totals_exactly_on_a_bound_get_that_grade() {
    let wd = Workdir::new();
    let r = three_units(&wd);
    let cards: Vec<SelfEvalSheet> = [(100, "优"), (90, "优"), (80, "良"), (60, "中"), (50, "差")]
        .iter()
        .enumerate()
        .map(|(i, (total, _))| {
            project(
                &format!("自评{i}"),
                &format!("测试项目{total}"),
                &format!("30100124{i:04}"),
                "区教育局",
                *total,
                100.0,
            )
            .into()
        })
        .collect();
    save_self_eval_book(&wd.path("cards/bounds.xlsx"), &cards);
    consolidate(&wd, &["cards", "--roster", r], "out.xlsx").expect_code(0);
    let p = read_sheet(&wd.path("out.xlsx"), "项目汇总");
    for (total, grade) in [(100, "优"), (90, "优"), (80, "良"), (60, "中"), (50, "差")] {
        let rows: Vec<usize> = p
            .rows_where("项目名称", &format!("测试项目{total}"))
            .collect();
        assert_eq!(rows.len(), 1, "{total}");
        let row = rows[0];
        approx(p.num(row, "复核总分"), total as f64, "复核总分");
        approx(p.num(row, "自评总分"), total as f64, "自评总分");
        approx(p.num(row, "执行率得分"), 10.0, "执行率得分");
        assert_eq!(p.text(row, "复核等级"), grade, "{total}");
        assert_eq!(p.text(row, "自评等级"), grade, "{total}");
    }
}

#[test]
fn score_review_lists_exactly_the_cards_that_differ() {
    let wd = Workdir::new();
    let r = three_units(&wd);
    let exact = project("自评1", "准确项目", "301001240001", "区教育局", 90, 100.0);
    // The 社会效益 row states 30 where 200人 of ≥300人 gives 20: 100 stated, 90 recomputed.
    let mut inflated = project("自评2", "虚高项目", "301001240002", "区教育局", 90, 100.0);
    inflated.indicators[BENEFIT].score = num(30.0);
    // Totals agree (88) but the 评价结论 says 优.
    let mut wrong_grade = project(
        "自评3",
        "等级不符项目",
        "301001240003",
        "区教育局",
        88,
        100.0,
    );
    wrong_grade.conclusion = Some("自评等级为优".into());
    let good = project(
        "自评4",
        "良好项目",
        "302001240001",
        "区卫生健康局",
        85,
        100.0,
    );
    // No 评价结论: the grade of the stated total, which agrees.
    let mut silent = project(
        "自评5",
        "无结论项目",
        "302001240002",
        "区卫生健康局",
        70,
        100.0,
    );
    silent.conclusion = None;
    save_self_eval_book(
        &wd.path("cards/review.xlsx"),
        &[
            exact.into(),
            inflated.into(),
            wrong_grade.into(),
            good.into(),
            silent.into(),
        ],
    );
    consolidate(&wd, &["cards", "--roster", r], "out.xlsx");
    let review = read_sheet(&wd.path("out.xlsx"), "评分复核");
    let mut names: Vec<String> = (0..review.rows.len())
        .map(|i| review.text(i, "项目名称"))
        .collect();
    names.sort();
    assert_eq!(names, ["等级不符项目", "虚高项目"], "{review:?}");
    let r = review.rows_where("项目名称", "虚高项目").next().unwrap();
    approx(review.num(r, "自评总分"), 100.0, "自评总分");
    approx(review.num(r, "复核总分"), 90.0, "复核总分");
    approx(review.num(r, "差额"), 10.0, "差额");
    assert_eq!(review.text(r, "自评等级"), "优");
    assert_eq!(review.text(r, "复核等级"), "优");
    assert!(
        review.text(r, "原因").contains("安全教育覆盖学生数"),
        "{}",
        review.text(r, "原因")
    );
    assert_eq!(review.text(r, "单位编码"), "301001");
    assert_eq!(review.text(r, "项目编码"), "301001240002");
    let r = review
        .rows_where("项目名称", "等级不符项目")
        .next()
        .unwrap();
    approx(review.num(r, "自评总分"), 88.0, "自评总分");
    approx(review.num(r, "复核总分"), 88.0, "复核总分");
    approx(review.num(r, "差额"), 0.0, "差额");
    assert_eq!(review.text(r, "自评等级"), "优");
    assert_eq!(review.text(r, "复核等级"), "良");
    // 项目汇总 agrees with the review.
    let p = read_sheet(&wd.path("out.xlsx"), "项目汇总");
    let row = p.rows_where("项目名称", "无结论项目").next().unwrap();
    assert_eq!(p.text(row, "自评等级"), "中");
    assert_eq!(p.text(row, "复核等级"), "中");
}

#[test]
fn grade_distribution_counts_and_funds_add_up_to_the_projects() {
    let wd = Workdir::new();
    let r = three_units(&wd);
    let specs: [(&str, &str, &str, u32, f64, &str); 5] = [
        (
            "教育优",
            "301001240001",
            "区教育局",
            95,
            120.35,
            "一般公共预算",
        ),
        (
            "教育良",
            "301001240002",
            "区教育局",
            85,
            80.10,
            "政府性基金预算",
        ),
        (
            "卫生中",
            "302001240001",
            "区卫生健康局",
            70,
            55.55,
            "一般公共预算",
        ),
        (
            "卫生差",
            "302001240002",
            "区卫生健康局",
            50,
            33.33,
            "一般公共预算",
        ),
        (
            "卫生优",
            "302001240003",
            "区卫生健康局",
            100,
            10.01,
            "一般公共预算",
        ),
    ];
    let mut cards = Vec::new();
    let mut list = Vec::new();
    for (i, (name, code, unit_name, total, full, budget_type)) in specs.iter().enumerate() {
        cards.push(project(&format!("自评{i}"), name, code, unit_name, *total, *full).into());
        let mut row = list_row(&code[..6], code, name, *full, "教育");
        row.budget_type = budget_type.to_string();
        list.push(row);
    }
    save_self_eval_book(&wd.path("cards/grades.xlsx"), &cards);
    write_budget_list(&wd.path("budget.xlsx"), &list);
    consolidate(
        &wd,
        &["cards", "--roster", r, "--budget", "budget.xlsx"],
        "out.xlsx",
    );
    let p = read_sheet(&wd.path("out.xlsx"), "项目汇总");
    let g = read_sheet(&wd.path("out.xlsx"), "等级分布");
    // What 项目汇总 says, per grade.
    let mut want: BTreeMap<String, (usize, f64)> = BTreeMap::new();
    for row in 0..p.rows.len() {
        let e = want.entry(p.text(row, "复核等级")).or_default();
        e.0 += 1;
        e.1 += p.num(row, "全年预算数").unwrap();
    }
    let district: Vec<usize> = g.rows_where("范围", "全区").collect();
    assert_eq!(district.len(), 1, "{g:?}");
    let d = district[0];
    for (grade, count, funds) in [
        ("优", "优项目数", "优资金"),
        ("良", "良项目数", "良资金"),
        ("中", "中项目数", "中资金"),
        ("差", "差项目数", "差资金"),
    ] {
        let (n, m) = want.get(grade).copied().unwrap_or_default();
        approx(g.num(d, count), n as f64, count);
        approx(g.num(d, funds), m, funds);
    }
    approx(g.num(d, "项目数"), 5.0, "项目数");
    approx(g.num(d, "资金合计"), 299.34, "资金合计");
    approx(g.num(d, "优资金"), 130.36, "优资金");
    // The groups of each scope add up to the district's row.
    for scope in ["主管部门", "预算类型"] {
        let rows: Vec<usize> = g.rows_where("范围", scope).collect();
        assert!(!rows.is_empty(), "no {scope} rows: {g:?}");
        for col in [
            "优项目数",
            "优资金",
            "良项目数",
            "良资金",
            "中项目数",
            "中资金",
            "差项目数",
            "差资金",
            "项目数",
            "资金合计",
        ] {
            let sum: f64 = rows.iter().map(|&r| g.num(r, col).unwrap_or(0.0)).sum();
            approx(Some(sum), g.num(d, col).unwrap(), &format!("{scope} {col}"));
        }
    }
    let fund_row = g.rows_where("分组", "政府性基金预算").next().unwrap();
    approx(g.num(fund_row, "良项目数"), 1.0, "基金 良项目数");
    approx(g.num(fund_row, "良资金"), 80.10, "基金 良资金");
}

#[test]
fn e08_a_sentence_with_other_words_before_the_grade() {
    let wd = Workdir::new();
    let card = SelfEvalCard::with(|c| {
        c.conclusion = Some("将校园安全作为中心工作推进，自评等级为优".into());
    });
    check(&wd, "sentence.xlsx", &card).none("E08").clean();
}

/// A card written in 元 in the 万元 block (M03) counts in 万元 in 全年预算数 and 全年执行数 too;
/// its rate and scores are those of the amounts as written.
#[test]
fn amounts_in_yuan_count_in_wan_beside_the_total() {
    let wd = Workdir::new();
    let yuan = SelfEvalCard::with(|c| c.set_money(1_200_000.0, 1_200_000.0));
    save_self_eval(&wd.path("cards/yuan.xlsx"), &yuan);
    consolidate(&wd, &["cards"], "out.xlsx");
    let out = wd.path("out.xlsx");
    let problems = read_sheet(&out, "问题清单");
    assert_eq!(problems.rows_where("规则编码", "M03").count(), 1);
    let p = read_sheet(&out, "项目汇总");
    approx(p.num(0, "年度资金总额"), 120.0, "年度资金总额");
    approx(p.num(0, "全年预算数"), 120.0, "全年预算数");
    approx(p.num(0, "全年执行数"), 120.0, "全年执行数");
    approx(p.num(0, "执行率"), 1.0, "执行率");
    approx(p.num(0, "复核总分"), 100.0, "复核总分");
    let g = read_sheet(&out, "等级分布");
    let all = g.rows_where("范围", "全区").next().unwrap();
    approx(g.num(all, "资金合计"), 120.0, "等级分布 资金合计");
}

/// A card that writes 指标性质, the bare 指标值 and its 度量单位 in three columns (unit-wide and
/// Sichuan cards, FORMS §4.4): 指标明细 shows the comparator, number and unit they make, and the
/// rows count as quantified.
#[test]
fn nature_value_and_unit_in_three_columns_make_one_target() {
    let wd = Workdir::new();
    let card = OverallSelfEvalCard::with(|c| {
        c.indicators[0].nature = "正向".into();
        c.indicators[1].unit = String::new();
    });
    save_overall_self_eval(&wd.path("cards/overall.xlsx"), &card);
    consolidate(&wd, &["cards"], "out.xlsx");
    let t = read_sheet(&wd.path("out.xlsx"), "指标明细");
    assert_eq!(t.rows.len(), card.indicators.len(), "{:?}", t.rows);
    let want = [
        ("预算执行率", "≥", 95.0, "%"),
        ("资金使用合规率", "=", 100.0, ""),
        ("重点工作任务完成数", "≥", 10.0, "项"),
        ("服务对象满意度", "≥", 90.0, "%"),
    ];
    for (name, cmp, number, unit) in want {
        let r = t.rows_where("三级指标", name).next().unwrap();
        assert_eq!(t.text(r, "比较符"), cmp, "{name}");
        approx(t.num(r, "目标数值"), number, name);
        assert_eq!(t.text(r, "计量单位"), unit, "{name}");
    }
}
