//! The monitoring stage's rules (docs/RULES.md J01–J13, M01 on the money block's other columns)
//! through the real binary: for each code a monitoring card that breaks the rule (the finding
//! appears with that code, severity and cell) and one that does not (no finding of that code).
//! Also the cross-checks against `--targets` (J07–J11), the month read from the headers, how a
//! run picks its stage, the monitoring sheets of `consolidate --stage monitor`, and two
//! regressions of the target stage (files of the same name in two folders; a card without
//! 项目编码 matched to the budget list).
//!
//! Monitoring cards are built by tests/common/monitor.rs (national layout, FORMS §4.3), target
//! cards by tests/common/cards.rs; both write xlsx with rust_xlsxwriter and their defaults are
//! clean.

#[path = "common/cards.rs"]
mod cards;
mod common;
#[path = "common/monitor.rs"]
mod monitor;

use cards::*;
use common::checked::*;
use common::*;
use monitor::*;

/// Writes one monitoring card to `file` and validates it with `--stage monitor` (and `extra`);
/// the card must be read as one card.
fn check_with(wd: &Workdir, file: &str, card: &MonitorCard, extra: &[&str]) -> Checked {
    save_monitor(&wd.path(file), card);
    let mut args = vec![file, "--stage", "monitor"];
    args.extend_from_slice(extra);
    let c = validate(wd, &args);
    assert_eq!(
        c.json["cards"],
        1,
        "cards read from {file}:\n{}",
        c.listing()
    );
    c
}

fn check(wd: &Workdir, file: &str, card: &MonitorCard) -> Checked {
    check_with(wd, file, card, &[])
}

const SHEET: &str = "监控1";

/// Writes the default roster as `roster.xlsx`.
fn roster(wd: &Workdir) -> &'static str {
    write_roster(&wd.path("roster.xlsx"), &roster_units());
    "roster.xlsx"
}

/// Runs `jixiao consolidate <args> --out <out> -q`, which must exit 0 or 1 and write `out`.
fn consolidate(wd: &Workdir, args: &[&str], out: &str) -> Run {
    let mut all: Vec<&str> = vec!["consolidate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", out, "-q"]);
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
// The clean card

#[test]
fn clean_monitoring_card_has_no_findings() {
    let wd = Workdir::new();
    let r = roster(&wd);
    check_with(&wd, "clean.xlsx", &MonitorCard::default(), &["--roster", r])
        .clean()
        .run
        .expect_code(0);
    // With the 调整后预算数 column too.
    let adjusted = MonitorCard::with(|c| {
        c.set_adjusted(None);
        for m in &mut c.money {
            m.adjusted = m.start.clone();
        }
    });
    check(&wd, "adjusted.xlsx", &adjusted).clean();
}

// ---------------------------------------------------------------------------------------------
// J01 执行率与金额不符

#[test]
fn j01_stated_rate_differs_from_the_amounts() {
    let wd = Workdir::new();
    let at = MonitorCard::default().cells();
    // 70 ÷ 120 = 58.33%; stated 57.80%: 0.53 points off.
    let off = MonitorCard::with(|c| c.money[TOTAL].rate = Some(num(0.578)));
    check(&wd, "off.xlsx", &off).expect(
        "J01",
        "错误",
        "off.xlsx",
        SHEET,
        &at.money(TOTAL, MCol::Rate),
    );
    // A part's row is checked on its own amounts: 60 ÷ 100 = 60%, stated 46%.
    let part = MonitorCard::with(|c| c.money[FISCAL].rate = Some(txt("46.00%")));
    check(&wd, "part.xlsx", &part).expect(
        "J01",
        "错误",
        "part.xlsx",
        SHEET,
        &at.money(FISCAL, MCol::Rate),
    );
    // The right rate, as text with a percent sign, as a fraction, as percent points.
    for (i, stated) in [txt("58.33%"), num(0.5833), num(58.33), txt("58.33")]
        .into_iter()
        .enumerate()
    {
        let card = MonitorCard::with(|c| c.money[TOTAL].rate = Some(stated.clone()));
        check(&wd, &format!("right{i}.xlsx"), &card)
            .none("J01")
            .clean();
    }
    // Exactly 0.5 points off is within the tolerance; 0.6 is not. 60 ÷ 100 = 60%.
    for (i, (stated, bad)) in [
        (num(0.605), false),
        (num(0.595), false),
        (txt("60.50%"), false),
        (num(59.5), false),
        (num(0.606), true),
        (txt("59.40%"), true),
    ]
    .into_iter()
    .enumerate()
    {
        let card = MonitorCard::with(|c| {
            c.set_money(100.0, 60.0, 100.0);
            c.money[TOTAL].rate = Some(stated.clone());
        });
        let file = format!("edge{i}.xlsx");
        let checked = check(&wd, &file, &card);
        if bad {
            checked.expect("J01", "错误", &file, SHEET, &at.money(TOTAL, MCol::Rate));
        } else {
            checked.none("J01");
        }
    }
    // With 调整后预算数 the rate is measured against it: 60 ÷ 80 = 75%.
    let adjusted = |stated: f64| {
        MonitorCard::with(|c| {
            c.set_money(100.0, 60.0, 80.0);
            c.set_adjusted(Some(80.0));
            c.money[TOTAL].rate = Some(num(stated));
            c.money[FISCAL].rate = Some(num(stated));
        })
    };
    let adj_at = adjusted(0.75).cells();
    check(&wd, "adj-right.xlsx", &adjusted(0.75)).none("J01");
    let c = check(&wd, "adj-start.xlsx", &adjusted(0.6));
    assert_eq!(c.of("J01").len(), 2, "{}", c.listing());
    assert!(
        c.of("J01")
            .iter()
            .any(|f| f.cell == adj_at.money(TOTAL, MCol::Rate))
    );
}

// ---------------------------------------------------------------------------------------------
// J02 执行进度滞后

#[test]
fn j02_execution_behind_time_progress() {
    let wd = Workdir::new();
    let at = MonitorCard::default().cells();
    let exec_cell = at.money(TOTAL, MCol::Executed);
    // July: time progress 58.33%. 43% is 15.33 points behind, 44% is 14.33.
    let card = |executed: f64| MonitorCard::with(|c| c.set_money(100.0, executed, 100.0));
    let c = check(&wd, "behind.xlsx", &card(43.0));
    c.expect("J02", "警告", "behind.xlsx", SHEET, &exec_cell);
    assert!(c.message("J02").contains("43.0%"), "{}", c.listing());
    c.run.expect_code(0);
    check(&wd, "fine.xlsx", &card(44.0)).none("J02").clean();
    // With 调整后预算数 the rate uses it: 43 ÷ 80 = 53.75% is fine; 50 ÷ 120 = 41.67% is behind
    // although 50 ÷ 100 would be fine.
    let adjusted = |executed: f64, adjusted: f64| {
        MonitorCard::with(|c| {
            c.set_money(100.0, executed, adjusted);
            c.set_adjusted(Some(adjusted));
        })
    };
    let adj_at = adjusted(43.0, 80.0).cells();
    check(&wd, "adj-fine.xlsx", &adjusted(43.0, 80.0))
        .none("J02")
        .none("J01");
    check(&wd, "adj-behind.xlsx", &adjusted(50.0, 120.0)).expect(
        "J02",
        "警告",
        "adj-behind.xlsx",
        SHEET,
        &adj_at.money(TOTAL, MCol::Executed),
    );
    // lag_points = 20 in jixiao.toml: 15.33 points behind is no longer 滞后; 20.33 is.
    std::fs::write(wd.path("lag.toml"), "lag_points = 20\n").unwrap();
    check_with(&wd, "behind.xlsx", &card(43.0), &["--config", "lag.toml"]).none("J02");
    check_with(&wd, "far.xlsx", &card(38.0), &["--config", "lag.toml"])
        .expect("J02", "警告", "far.xlsx", SHEET, &exec_cell);
    // And a stricter bureau: 10 points.
    std::fs::write(wd.path("strict.toml"), "lag_points = 10\n").unwrap();
    check_with(&wd, "fine.xlsx", &card(47.0), &["--config", "strict.toml"]).expect(
        "J02",
        "警告",
        "fine.xlsx",
        SHEET,
        &exec_cell,
    );
}

// ---------------------------------------------------------------------------------------------
// J03 / J04 完成目标可能性

#[test]
fn j03_no_tick_and_j04_several_ticks() {
    let wd = Workdir::new();
    let none = MonitorCard::with(|c| c.indicators[2] = c.indicators[2].clone().likely("", "", ""));
    let at = none.cells();
    check(&wd, "none.xlsx", &none)
        .expect("J03", "错误", "none.xlsx", SHEET, &at.sure(2))
        .none("J04");
    let two = MonitorCard::with(|c| c.indicators[4] = c.indicators[4].clone().likely("√", "√", ""));
    check(&wd, "two.xlsx", &two)
        .expect("J04", "错误", "two.xlsx", SHEET, &at.sure(4))
        .none("J03");
    let three =
        MonitorCard::with(|c| c.indicators[0] = c.indicators[0].clone().likely("✔", "是", "1"));
    check(&wd, "three.xlsx", &three).expect("J04", "错误", "three.xlsx", SHEET, &at.sure(0));
    // Ticks as units type them, in each column; 否, 0, ×, / beside a tick are no tick.
    let marks = MonitorCard::with(|c| {
        let rows = &mut c.indicators;
        rows[0] = rows[0].clone().likely("√", "否", "0");
        rows[1] = rows[1].clone().likely("✔", "", "×");
        rows[2] = rows[2].clone().likely("是", "/", "");
        rows[3] = rows[3].clone().likely("1", "", "");
        rows[4] = rows[4].clone().only(MAYBE, "✔").reason(2);
        rows[5] = rows[5]
            .clone()
            .only(MAYBE, "是")
            .why("问卷调查安排在第四季度。");
    });
    check(&wd, "marks.xlsx", &marks)
        .none("J03")
        .none("J04")
        .clean();
    // A row marked 不适用, and a row with only the printed level names, are not checked.
    let skipped = MonitorCard::with(|c| {
        let mut na = mind("产出指标", "时效指标", "不适用", "不适用").likely("", "", "");
        na.actual = "不适用".into();
        na.forecast = "不适用".into();
        c.indicators.insert(3, na);
        let mut empty = mind("效益指标", "经济效益指标", "", "").likely("", "", "");
        empty.actual = String::new();
        empty.forecast = String::new();
        c.indicators.insert(5, empty);
    });
    check(&wd, "skipped.xlsx", &skipped)
        .none("J03")
        .none("J04")
        .clean();
}

// ---------------------------------------------------------------------------------------------
// J05 完全不可能 without a reason

#[test]
fn j05_impossible_without_reason() {
    let wd = Workdir::new();
    let impossible = |f: fn(MInd) -> MInd| {
        MonitorCard::with(|c| c.indicators[1] = f(c.indicators[1].clone().only(IMPOSSIBLE, "√")))
    };
    let bare = impossible(|i| i);
    let at = bare.cells();
    check(&wd, "bare.xlsx", &bare)
        .expect("J05", "错误", "bare.xlsx", SHEET, &at.why(1))
        .none("J03")
        .none("J04");
    check(
        &wd,
        "text.xlsx",
        &impossible(|i| i.why("设备供应商破产，采购需重新招标。")),
    )
    .none("J05")
    .clean();
    for k in 0..REASONS.len() {
        let card = MonitorCard::with(|c| {
            c.indicators[1] = c.indicators[1].clone().only(IMPOSSIBLE, "√").reason(k);
        });
        check(&wd, &format!("tick{k}.xlsx"), &card)
            .none("J05")
            .clean();
    }
    // A reason on another row does not explain this one.
    let elsewhere = MonitorCard::with(|c| {
        c.indicators[1] = c.indicators[1].clone().only(IMPOSSIBLE, "√");
        c.indicators[3] = c.indicators[3].clone().why("单价下降。");
    });
    check(&wd, "elsewhere.xlsx", &elsewhere).expect(
        "J05",
        "错误",
        "elsewhere.xlsx",
        SHEET,
        &at.why(1),
    );
    // 有可能 without a reason is no J05.
    let maybe = MonitorCard::with(|c| c.indicators[1] = c.indicators[1].clone().only(MAYBE, "√"));
    check(&wd, "maybe.xlsx", &maybe).none("J05");
}

// ---------------------------------------------------------------------------------------------
// J06 expected surplus without a reason

#[test]
fn j06_surplus_without_reason() {
    let wd = Workdir::new();
    let surplus = |f: fn(&mut MonitorCard)| {
        MonitorCard::with(|c| {
            c.set_money(120.0, 70.0, 100.0);
            f(c);
        })
    };
    let bare = surplus(|_| {});
    let at = bare.cells();
    check(&wd, "bare.xlsx", &bare).expect(
        "J06",
        "错误",
        "bare.xlsx",
        SHEET,
        &at.money(TOTAL, MCol::Forecast),
    );
    // A reason on any row, as text or as a tick, explains the card's surplus.
    check(
        &wd,
        "text.xlsx",
        &surplus(|c| c.indicators[5] = c.indicators[5].clone().why("政府采购中标价低于预算。")),
    )
    .none("J06")
    .clean();
    check(
        &wd,
        "tick.xlsx",
        &surplus(|c| c.indicators[0] = c.indicators[0].clone().reason(4)),
    )
    .none("J06")
    .clean();
    // Spending it all, or more, is no surplus; a cent short is within the tolerance.
    check(
        &wd,
        "all.xlsx",
        &surplus(|c| c.set_money(120.0, 70.0, 120.0)),
    )
    .none("J06");
    check(
        &wd,
        "cent.xlsx",
        &surplus(|c| c.set_money(120.0, 70.0, 119.99)),
    )
    .none("J06");
    check(
        &wd,
        "more.xlsx",
        &surplus(|c| c.set_money(120.0, 70.0, 125.0)),
    )
    .none("J06");
    // With 调整后预算数 the surplus is measured against it: 100 of 100 leaves nothing.
    let adjusted = surplus(|c| c.set_adjusted(Some(100.0)));
    check(&wd, "adjusted.xlsx", &adjusted).none("J06");
    let short = surplus(|c| {
        c.set_money(100.0, 70.0, 100.0);
        c.set_adjusted(Some(110.0));
    });
    let adj_at = short.cells();
    check(&wd, "short.xlsx", &short).expect(
        "J06",
        "错误",
        "short.xlsx",
        SHEET,
        &adj_at.money(TOTAL, MCol::Forecast),
    );
}

// ---------------------------------------------------------------------------------------------
// J12 no month, J13 over-executed

#[test]
fn j12_no_month_in_the_headers() {
    let wd = Workdir::new();
    let card = MonitorCard::with(|c| c.months = None);
    check(&wd, "nomonth.xlsx", &card)
        .expect("J12", "警告", "nomonth.xlsx", SHEET, "A1")
        .none("J02");
    for m in ["1-7月", "1至9月", "1～9月", "1-12月"] {
        let card = MonitorCard::with(|c| c.months = Some(m.into()));
        check(&wd, "month.xlsx", &card).none("J12");
    }
}

#[test]
fn j13_executed_above_the_budget() {
    let wd = Workdir::new();
    let over = MonitorCard::with(|c| c.set_money(100.0, 110.0, 110.0));
    let at = over.cells();
    check(&wd, "over.xlsx", &over)
        .expect(
            "J13",
            "警告",
            "over.xlsx",
            SHEET,
            &at.money(TOTAL, MCol::Executed),
        )
        .none("J01");
    check(
        &wd,
        "all.xlsx",
        &MonitorCard::with(|c| c.set_money(100.0, 100.0, 100.0)),
    )
    .none("J13")
    .clean();
    // Against 调整后预算数 when there is one: 110 of an adjusted 120 is fine, of 100 is not.
    let adj = |a: f64| {
        MonitorCard::with(|c| {
            c.set_money(100.0, 110.0, a.max(110.0));
            c.set_adjusted(Some(a));
        })
    };
    check(&wd, "adj-fine.xlsx", &adj(120.0)).none("J13");
    check(&wd, "adj-over.xlsx", &adj(105.0)).expect(
        "J13",
        "警告",
        "adj-over.xlsx",
        SHEET,
        &adj(105.0).cells().money(TOTAL, MCol::Executed),
    );
}

// ---------------------------------------------------------------------------------------------
// M01 on the block's other columns

#[test]
fn m01_on_a_money_column_other_than_the_start_budget() {
    let wd = Workdir::new();
    let at = MonitorCard::default().cells();
    // 全年预计执行数: 120 ≠ 90 + 0 + 20.
    let forecast = MonitorCard::with(|c| c.money[FISCAL].forecast = num(90.0));
    let c = check(&wd, "forecast.xlsx", &forecast);
    c.expect(
        "M01",
        "错误",
        "forecast.xlsx",
        SHEET,
        &at.money(TOTAL, MCol::Forecast),
    );
    assert!(
        c.message("M01").contains("全年预计执行数"),
        "{}",
        c.listing()
    );
    // 1-7月执行数: 70 ≠ 60 + 0 + 15.
    let executed = MonitorCard::with(|c| {
        c.money[OTHER].executed = num(15.0);
        c.money[OTHER].rate = Some(num(0.75));
    });
    check(&wd, "executed.xlsx", &executed).expect(
        "M01",
        "错误",
        "executed.xlsx",
        SHEET,
        &at.money(TOTAL, MCol::Executed),
    );
    // 调整后预算数: 130 ≠ 100 + 0 + 20.
    let adjusted = MonitorCard::with(|c| {
        c.set_adjusted(None);
        for m in &mut c.money {
            m.adjusted = m.start.clone();
        }
        c.money[TOTAL].adjusted = num(130.0);
        c.money[TOTAL].executed = num(70.0);
        c.money[TOTAL].rate = Some(num(70.0 / 130.0));
        c.money[TOTAL].forecast = num(120.0);
    });
    let adj_at = adjusted.cells();
    let c = check(&wd, "adjusted.xlsx", &adjusted);
    c.expect(
        "M01",
        "错误",
        "adjusted.xlsx",
        SHEET,
        &adj_at.money(TOTAL, MCol::Adjusted),
    );
    // 年初预算数 as on target cards: 130 ≠ 100 + 0 + 20.
    let start = MonitorCard::with(|c| {
        c.money[TOTAL].start = num(130.0);
        c.money[TOTAL].forecast = num(130.0);
        c.money[FISCAL].forecast = num(110.0);
        c.money[TOTAL].rate = Some(num(70.0 / 130.0));
    });
    check(&wd, "start.xlsx", &start).expect(
        "M01",
        "错误",
        "start.xlsx",
        SHEET,
        &at.money(TOTAL, MCol::Start),
    );
    // Every column adds up (and a cent off is within the tolerance).
    let cent = MonitorCard::with(|c| c.money[FISCAL].forecast = num(99.99));
    check(&wd, "cent.xlsx", &cent).none("M01");
}

// ---------------------------------------------------------------------------------------------
// Cross-checks with --targets (J07–J11)

const HEALTH: &str = "区卫生健康局";
const HEALTH_PROJECT: &str = "基本公共卫生服务";

/// `target.xlsx`: the target stage's workbook, consolidated by jixiao from the clean target card
/// of 区教育局 and a card of 区卫生健康局 (which hands in no monitoring card below).
fn targets(wd: &Workdir) -> &'static str {
    let r = roster(wd);
    save_target(&wd.path("t/edu.xlsx"), &TargetCard::default());
    let health = TargetCard::with(|c| {
        c.unit = Some(HEALTH.into());
        c.department = HEALTH.into();
        c.name = Some(HEALTH_PROJECT.into());
        c.code = Some(Code::Text("302001240001".into()));
    });
    save_target(&wd.path("t/health.xlsx"), &health);
    consolidate(
        wd,
        &["t", "--stage", "target", "--roster", r],
        "target.xlsx",
    )
    .expect_code(0);
    "target.xlsx"
}

/// Validates the monitoring cards of folder `m` against `target.xlsx`, with the roster.
fn cross(wd: &Workdir, cards: &[MonitorCard]) -> Checked {
    let _ = std::fs::remove_dir_all(wd.path("m"));
    save_monitor_book(&wd.path("m/edu.xlsx"), cards);
    let c = validate(
        wd,
        &[
            "m",
            "--stage",
            "monitor",
            "--roster",
            "roster.xlsx",
            "--targets",
            "target.xlsx",
        ],
    );
    assert_eq!(c.json["cards"], cards.len(), "{}", c.listing());
    c
}

#[test]
fn j08_j09_j10_indicators_against_the_declared_targets() {
    let wd = Workdir::new();
    targets(&wd);
    let file = "edu.xlsx";
    // The card repeats the declared indicators: nothing to say.
    cross(&wd, &[MonitorCard::default()])
        .clean()
        .run
        .expect_code(0);
    // One declared indicator dropped: J08 at the 一级指标 header.
    let dropped = MonitorCard::with(|c| {
        c.indicators.remove(5);
    });
    let c = cross(&wd, std::slice::from_ref(&dropped));
    c.expect("J08", "警告", file, SHEET, &dropped.cells().header)
        .none("J09")
        .none("J10")
        .none("J11");
    assert!(c.message("J08").contains("师生满意度"), "{}", c.listing());
    // One indicator added: J09 at its 三级指标 cell.
    let added = MonitorCard::with(|c| {
        c.indicators
            .push(mind("产出指标", "数量指标", "安防演练次数", "≥4次"));
    });
    cross(&wd, std::slice::from_ref(&added))
        .expect("J09", "警告", file, SHEET, &added.cells().l3(6))
        .none("J08")
        .none("J10");
    // A 年度指标值 changed: J10 at that cell.
    let changed = MonitorCard::with(|c| c.indicators[1].value = "≥90%".into());
    let c = cross(&wd, std::slice::from_ref(&changed));
    c.expect("J10", "警告", file, SHEET, &changed.cells().value(1))
        .none("J08")
        .none("J09");
    assert!(c.message("J10").contains("≥95%"), "{}", c.listing());
    // Matched by unit and name when the monitoring card has no 项目编码.
    let uncoded = MonitorCard::with(|c| {
        c.code = None;
        c.indicators[1].value = "≥90%".into();
    });
    cross(&wd, std::slice::from_ref(&uncoded))
        .expect("J10", "警告", file, SHEET, &uncoded.cells().value(1))
        .none("J11");
}

#[test]
fn j07_j11_projects_on_one_side_only() {
    let wd = Workdir::new();
    let t = targets(&wd);
    // 区教育局 hands in a card of a project it declared no targets for, and none for the one it
    // did declare.
    let other = MonitorCard::with(|c| {
        c.name = Some("学生资助经费".into());
        c.code = Some("301001240009".into());
    });
    let c = cross(&wd, std::slice::from_ref(&other));
    c.expect("J11", "提示", "edu.xlsx", SHEET, &other.cells().name)
        .none("J08")
        .none("J09")
        .none("J10");
    // J07 names the target workbook, its 项目汇总 and the declared project's 项目名称 cell.
    let summary = read_sheet(&wd.path(t), "项目汇总");
    let row = summary
        .rows_where("项目名称", PROJECT)
        .next()
        .expect("the project in 项目汇总");
    let name_cell = a1(row as u32 + 1, summary.col("项目名称") as u16);
    c.expect("J07", "警告", t, "项目汇总", &name_cell);
    let j07 = c.json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "J07")
        .unwrap();
    assert_eq!(j07["unit_code"], UNIT_CODE);
    assert_eq!(j07["project"], PROJECT);
    // 区卫生健康局 handed in no monitoring card at all: it is on the 催报名单, not J07.
    assert!(
        !c.listing().contains(HEALTH_PROJECT),
        "no finding about {HEALTH_PROJECT}:\n{}",
        c.listing()
    );
    // Both cards handed in: neither J07 nor J11.
    cross(
        &wd,
        &[MonitorCard::default(), {
            let mut o = other.clone();
            o.sheet = "监控2".into();
            o
        }],
    )
    .none("J07")
    .expect("J11", "提示", "edu.xlsx", "监控2", &other.cells().name);
    // Without --targets there is nothing to compare with: no J07–J11.
    save_monitor(&wd.path("alone/edu.xlsx"), &other);
    validate(
        &wd,
        &["alone", "--stage", "monitor", "--roster", "roster.xlsx"],
    )
    .clean();
}

// ---------------------------------------------------------------------------------------------
// The month

#[test]
fn the_month_is_read_from_the_headers() {
    let wd = Workdir::new();
    let cards = [
        ("七月", "1-7月", 7),
        ("九月至", "1至9月", 9),
        ("九月波浪", "1～9月", 9),
        ("六月全角", "1－6月", 6),
    ];
    for (i, (name, months, _)) in cards.iter().enumerate() {
        let card = MonitorCard::with(|c| {
            c.name = Some((*name).into());
            c.code = Some(format!("30100124010{i}"));
            c.months = Some((*months).into());
        });
        save_monitor(&wd.path(&format!("m/{i}.xlsx")), &card);
    }
    consolidate(&wd, &["m", "--stage", "monitor"], "out.xlsx");
    let p = read_sheet(&wd.path("out.xlsx"), "项目汇总");
    for (name, months, n) in cards {
        let r = p
            .rows_where("项目名称", name)
            .next()
            .unwrap_or_else(|| panic!("{name} in 项目汇总"));
        assert_eq!(p.text(r, "监控月份"), n.to_string(), "{months}");
        let progress = p.num(r, "时间进度").unwrap();
        assert!(
            (progress - f64::from(n) / 12.0).abs() < 1e-4,
            "{months}: 时间进度 {progress}"
        );
    }
    let findings = read_sheet(&wd.path("out.xlsx"), "问题清单");
    assert_eq!(findings.rows_where("规则编码", "J12").count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Which stage a run is

#[test]
fn the_stage_follows_the_cards_unless_they_are_mixed() {
    let wd = Workdir::new();
    let no_tick =
        MonitorCard::with(|c| c.indicators[0] = c.indicators[0].clone().likely("", "", ""));
    save_monitor(&wd.path("m/edu.xlsx"), &no_tick);
    // Only monitoring cards: the monitoring stage, without --stage.
    let c = validate(&wd, &["m"]);
    c.expect("J03", "错误", "edu.xlsx", SHEET, &no_tick.cells().sure(0))
        .none("T01");
    // Target and monitoring cards together: the run must be told which stage it is.
    save_monitor(&wd.path("mixed/monitor.xlsx"), &no_tick);
    save_target(&wd.path("mixed/target.xlsx"), &TargetCard::default());
    for cmd in ["validate", "consolidate"] {
        let mut args = vec![cmd, "mixed"];
        if cmd == "consolidate" {
            args.extend(["--out", "out.xlsx"]);
        }
        let run = wd.run(&args);
        run.expect_code(2);
        assert!(
            run.stderr().contains("--stage"),
            "{cmd}: the message names --stage:\n{}",
            run.stderr()
        );
    }
    assert!(!wd.path("out.xlsx").exists());
    // --stage target: the monitoring card is of the wrong kind (T01), not checked as one.
    let c = validate(&wd, &["mixed", "--stage", "target"]);
    c.expect("T01", "错误", "monitor.xlsx", SHEET, "A1")
        .none("J03");
    assert_eq!(c.of("T01").len(), 1);
    // --stage monitor: the other way round.
    let c = validate(&wd, &["mixed", "--stage", "monitor"]);
    c.expect("T01", "错误", "target.xlsx", "项目1", "A1");
    c.expect(
        "J03",
        "错误",
        "monitor.xlsx",
        SHEET,
        &no_tick.cells().sure(0),
    );
}

// ---------------------------------------------------------------------------------------------
// consolidate --stage monitor: 收回建议, 监控预警

#[test]
fn consolidate_lists_surpluses_to_the_cent_and_alerts() {
    let wd = Workdir::new();
    // 150.00 − 132.35 = 17.65, with a reason.
    let a = MonitorCard::with(|c| {
        c.set_money(150.0, 87.5, 132.35);
        c.indicators[3] = c.indicators[3].clone().why("政府采购中标价低于预算。");
    });
    // 210.01 (调整后预算数) − 180.50 = 29.51.
    let b = MonitorCard::with(|c| {
        c.name = Some("学生资助经费".into());
        c.code = Some("301001240009".into());
        c.set_money(200.0, 122.51, 180.5);
        c.set_adjusted(Some(210.01));
    });
    // 43 of 100 in July: behind; spends everything, so no surplus.
    let behind = MonitorCard::with(|c| {
        c.name = Some("教师培训经费".into());
        c.code = Some("301001240010".into());
        c.set_money(100.0, 43.0, 100.0);
    });
    save_monitor(&wd.path("m/a.xlsx"), &a);
    save_monitor(&wd.path("m/b.xlsx"), &b);
    save_monitor(&wd.path("m/c.xlsx"), &behind);
    let r = roster(&wd);
    consolidate(&wd, &["m", "--stage", "monitor", "--roster", r], "out.xlsx");
    let out = wd.path("out.xlsx");

    let s = read_sheet(&out, "收回建议");
    assert_eq!(s.rows.len(), 2, "two cards (the total apart): {:?}", s.rows);
    let want = [
        ("学生资助经费", 210.01, 180.5, 29.51, "b.xlsx"),
        (PROJECT, 150.0, 132.35, 17.65, "a.xlsx"),
    ];
    for (r, (name, budget, forecast, surplus, file)) in want.iter().enumerate() {
        assert_eq!(s.text(r, "项目名称"), *name, "row {r}, largest first");
        approx(s.num(r, "预算数"), *budget, "预算数");
        approx(s.num(r, "全年预计执行数"), *forecast, "全年预计执行数");
        approx(s.num(r, "预计结余"), *surplus, "预计结余");
        let (b, f, x) = (
            s.num(r, "预算数").unwrap(),
            s.num(r, "全年预计执行数").unwrap(),
            s.num(r, "预计结余").unwrap(),
        );
        approx(Some(x), b - f, "预计结余 = 预算数 − 全年预计执行数");
        assert_eq!(s.text(r, "来源文件"), *file);
        assert_eq!(s.text(r, "单位编码"), UNIT_CODE);
    }
    assert!(s.text(1, "原因").contains("政府采购中标价低于预算"));
    assert_eq!(s.text(0, "原因"), "");
    assert!(s.total.is_some(), "收回建议 ends with a 合计 row");
    for (col, want) in [
        ("预算数", 360.01),
        ("全年预计执行数", 312.85),
        ("预计结余", 47.16),
    ] {
        let sum: f64 = (0..s.rows.len()).map(|r| s.num(r, col).unwrap()).sum();
        approx(
            s.total_num(col),
            sum,
            &format!("合计 {col} = sum of the rows"),
        );
        approx(s.total_num(col), want, &format!("合计 {col}"));
    }

    let u = read_sheet(&out, "单位收回建议");
    assert_eq!(u.rows.len(), 1, "{:?}", u.rows);
    assert_eq!(u.text(0, "单位编码"), UNIT_CODE);
    assert_eq!(u.num(0, "项目数"), Some(2.0));
    approx(u.num(0, "预计结余"), 47.16, "单位收回建议 预计结余");
    assert!(u.total.is_some());
    approx(u.total_num("预计结余"), 47.16, "单位收回建议 合计");

    let p = read_sheet(&out, "项目汇总");
    let ra = p.rows_where("项目名称", PROJECT).next().unwrap();
    approx(p.num(ra, "预计结余"), 17.65, "项目汇总 预计结余");
    let rc = p.rows_where("项目名称", "教师培训经费").next().unwrap();
    assert_eq!(p.text(rc, "预计结余"), "", "no surplus: empty");
    approx(p.num(rc, "执行率"), 0.43, "执行率");

    let alerts = read_sheet(&out, "监控预警");
    let behind_rows: Vec<usize> = alerts.rows_where("预警类型", "执行进度滞后").collect();
    assert_eq!(behind_rows.len(), 1, "{:?}", alerts.rows);
    let r = behind_rows[0];
    assert_eq!(alerts.text(r, "项目名称"), "教师培训经费");
    assert_eq!(alerts.text(r, "来源文件"), "c.xlsx");
    assert_eq!(
        alerts.text(r, "单元格"),
        behind.cells().money(TOTAL, MCol::Executed)
    );
    let lag = alerts.num(r, "进度偏差").unwrap();
    assert!((lag - (0.43 - 7.0 / 12.0)).abs() < 1e-4, "进度偏差 {lag}");
}

/// A card written in 元 in the 万元 block (M03) counts in 万元 in every money column of the
/// workbook, not only in 年度资金总额: 执行率, 预计结余 and the totals stay in one unit.
#[test]
fn amounts_in_yuan_count_in_wan_in_every_money_column() {
    let wd = Workdir::new();
    let yuan = MonitorCard::with(|c| c.set_money(1_500_000.0, 875_000.0, 1_323_500.0));
    let wan = MonitorCard::with(|c| {
        c.name = Some("学生资助经费".into());
        c.code = Some("301001240009".into());
        c.set_money(100.0, 60.0, 100.0);
    });
    save_monitor(&wd.path("m/yuan.xlsx"), &yuan);
    save_monitor(&wd.path("m/wan.xlsx"), &wan);
    let r = roster(&wd);
    let run = consolidate(&wd, &["m", "--stage", "monitor", "--roster", r], "out.xlsx");
    let out = wd.path("out.xlsx");
    let problems = read_sheet(&out, "问题清单");
    let m03: Vec<usize> = problems.rows_where("规则编码", "M03").collect();
    assert_eq!(m03.len(), 1, "{}", run.stderr());
    assert_eq!(problems.text(m03[0], "来源文件"), "yuan.xlsx");

    let p = read_sheet(&out, "项目汇总");
    let row = p.rows_where("来源文件", "yuan.xlsx").next().unwrap();
    approx(p.num(row, "年度资金总额"), 150.0, "年度资金总额");
    approx(p.num(row, "年初预算数"), 150.0, "年初预算数");
    approx(p.num(row, "执行数"), 87.5, "执行数");
    approx(p.num(row, "全年预计执行数"), 132.35, "全年预计执行数");
    approx(p.num(row, "预计结余"), 17.65, "预计结余");
    approx(p.num(row, "执行率"), 0.5833, "执行率");
    approx(p.total_num("执行数"), 147.5, "合计 执行数");
    approx(p.total_num("年初预算数"), 250.0, "合计 年初预算数");
    // A cell that says its unit counts as it says, on a card in 元 or not.
    let mixed = MonitorCard::with(|c| {
        c.set_money(1_500_000.0, 0.0, 0.0);
        for m in &mut c.money[..2] {
            m.executed = txt("87.5万元");
            m.forecast = txt("1323500元");
            m.rate = Some(num(0.5833));
        }
    });
    save_monitor(&wd.path("m2/mixed.xlsx"), &mixed);
    consolidate(
        &wd,
        &["m2", "--stage", "monitor", "--roster", r],
        "mixed.xlsx",
    );
    let p = read_sheet(&wd.path("mixed.xlsx"), "项目汇总");
    approx(p.num(0, "年初预算数"), 150.0, "年初预算数 in 元");
    approx(p.num(0, "执行数"), 87.5, "执行数 that says 万元");
    approx(
        p.num(0, "全年预计执行数"),
        132.35,
        "全年预计执行数 that says 元",
    );
    approx(p.num(0, "预计结余"), 17.65, "预计结余");

    let s = read_sheet(&out, "收回建议");
    let row = s.rows_where("来源文件", "yuan.xlsx").next().unwrap();
    approx(s.num(row, "预算数"), 150.0, "收回建议 预算数");
    approx(s.num(row, "预计结余"), 17.65, "收回建议 预计结余");
}

/// `1-7月执行情况` heads the money block's executed column on some cards (FORMS §3.5 alias of
/// `1-7月执行数`): the amounts are read and the card is clean.
#[test]
fn the_executed_column_headed_execution_status_is_read() {
    let wd = Workdir::new();
    let card = MonitorCard::with(|c| c.executed_word = "执行情况".into());
    check(&wd, "m/status.xlsx", &card).clean();
    let r = roster(&wd);
    consolidate(&wd, &["m", "--stage", "monitor", "--roster", r], "out.xlsx");
    let p = read_sheet(&wd.path("out.xlsx"), "项目汇总");
    approx(p.num(0, "执行数"), 70.0, "执行数");
    approx(p.num(0, "执行率"), 70.0 / 120.0, "执行率");
}

// ---------------------------------------------------------------------------------------------
// Regressions of the target stage

#[test]
fn files_of_the_same_name_in_two_folders_are_told_apart() {
    let wd = Workdir::new();
    let r = roster(&wd);
    let long_name = TargetCard::with(|c| {
        c.indicators[0].name = "全区中小学校园安保人员配备到岗人数".into();
    });
    let health_bad = TargetCard::with(|c| {
        c.unit = Some(HEALTH.into());
        c.department = HEALTH.into();
        c.name = Some(HEALTH_PROJECT.into());
        c.code = Some(Code::Text("302001240001".into()));
        c.total = num(150.0);
    });
    save_target(&wd.path("a/x.xlsx"), &long_name);
    save_target(&wd.path("b/x.xlsx"), &health_bad);
    let c = validate(&wd, &["a/", "b/"]);
    c.expect("I08", "警告", "a/x.xlsx", "项目1", &long_name.cells().l3(0))
        .expect(
            "M01",
            "错误",
            "b/x.xlsx",
            "项目1",
            &health_bad.cells().total,
        );
    for f in &c.found {
        assert!(
            f.file == "a/x.xlsx" || f.file == "b/x.xlsx",
            "{f:?} names its own file\n{}",
            c.listing()
        );
    }

    // The clean card in a/, the erring one in b/.
    save_target(&wd.path("a/x.xlsx"), &TargetCard::default());
    consolidate(&wd, &["a/", "b/", "--roster", r], "out.xlsx").expect_code(1);
    let out = wd.path("out.xlsx");
    let units = read_sheet(&out, "单位汇总");
    let status = |code: &str| {
        let r = units
            .rows_where("单位编码", code)
            .next()
            .unwrap_or_else(|| panic!("{code} in 单位汇总: {:?}", units.rows));
        units.text(r, "状态")
    };
    assert_eq!(status(UNIT_CODE), "已报-通过");
    assert_eq!(status("302001"), "已报-有错误");
    let projects = read_sheet(&out, "项目汇总");
    for (name, file) in [(PROJECT, "a/x.xlsx"), (HEALTH_PROJECT, "b/x.xlsx")] {
        let r = projects.rows_where("项目名称", name).next().unwrap();
        assert_eq!(projects.text(r, "来源文件"), file, "{name}");
    }
    let findings = read_sheet(&out, "问题清单");
    let m01: Vec<usize> = findings.rows_where("规则编码", "M01").collect();
    assert_eq!(m01.len(), 1);
    assert_eq!(findings.text(m01[0], "来源文件"), "b/x.xlsx");
    assert_eq!(findings.text(m01[0], "单位编码"), "302001");
}

#[test]
fn a_card_without_project_code_carries_the_budget_code_into_the_monitoring_template() {
    use jixiao::card::{Card, Source};
    use jixiao::forms::Field;
    use jixiao::read::extract::{classify, extract};
    use jixiao::read::workbook::read_workbook;
    use jixiao::template::read_meta;

    let wd = Workdir::new();
    let r = roster(&wd);
    write_budget(&wd.path("budget.xlsx"), &budget_rows());
    let uncoded = TargetCard::with(|c| c.code = None);
    save_target(&wd.path("t/edu.xlsx"), &uncoded);
    consolidate(
        &wd,
        &[
            "t",
            "--stage",
            "target",
            "--roster",
            r,
            "--budget",
            "budget.xlsx",
        ],
        "target.xlsx",
    )
    .expect_code(0);
    let out = wd.path("target.xlsx");
    let projects = read_sheet(&out, "项目汇总");
    assert_eq!(projects.rows.len(), 1);
    assert_eq!(projects.text(0, "项目编码"), PROJECT_CODE);
    let indicators = read_sheet(&out, "指标明细");
    assert_eq!(indicators.rows.len(), uncoded.indicators.len());
    for i in 0..indicators.rows.len() {
        assert_eq!(
            indicators.text(i, "项目编码"),
            PROJECT_CODE,
            "指标明细 row {i} carries the budget's 项目编码"
        );
        assert_eq!(indicators.text(i, "项目名称"), PROJECT);
    }

    wd.run(&[
        "template",
        "--kind",
        "monitor",
        "--from",
        "target.xlsx",
        "--roster",
        r,
        "--year",
        "2024",
        "--month",
        "7",
        "--out",
        "tpl",
        "-q",
    ])
    .expect_code(0);
    let file = std::fs::read_dir(wd.path("tpl"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(UNIT_CODE)
        })
        .expect("a template for 区教育局");
    let grids = read_workbook(&file).unwrap();
    let meta = read_meta(&grids).expect("the _jixiao sheet");
    let card = grids
        .iter()
        .filter(|g| !g.hidden)
        .filter_map(|g| {
            let (kind, at) = classify(g)?;
            let src = Source {
                file_id: Default::default(),
                file: file.display().to_string().into(),
                sheet_index: g.index,
                sheet: g.name.as_str().into(),
            };
            Some(Card::from_raw(&extract(g, kind, at), src))
        })
        .find(|c| c.text(Field::ProjectName) == PROJECT)
        .expect("the project's monitoring card");
    assert_eq!(card.month, Some(7));
    let declared = &meta
        .card_for(&card)
        .expect("the card's metadata")
        .indicators;
    let names: Vec<&str> = declared.iter().map(|d| d.level3.as_str()).collect();
    let want: Vec<&str> = uncoded.indicators.iter().map(|i| i.name.as_str()).collect();
    let mut sorted_names = names.clone();
    sorted_names.sort();
    let mut sorted_want = want.clone();
    sorted_want.sort();
    assert_eq!(sorted_names, sorted_want, "the declared indicators");
    let on_card: Vec<&str> = card
        .indicators
        .iter()
        .filter_map(|i| i.name().map(|n| n.value))
        .collect();
    for w in &want {
        assert!(on_card.contains(w), "{w} printed on the card: {on_card:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: bugs found while writing these tests, fixed since

/// `validate 监控表/ --stage monitor --targets 目标汇总.xlsx` without `--roster` (and without
/// `--budget`): the card carries the declared project's very 项目编码, yet it is J11 "目标汇总中
/// 没有该项目的指标" and its changed 年度指标值 goes unreported. The cross-check keys projects by
/// (unit code, 项目编码) and the card's unit code is empty without a roster.
#[test]
fn cross_checks_match_by_project_code_without_a_roster() {
    let wd = Workdir::new();
    targets(&wd);
    let changed = MonitorCard::with(|c| c.indicators[1].value = "≥90%".into());
    save_monitor(&wd.path("m/edu.xlsx"), &changed);
    validate(
        &wd,
        &["m", "--stage", "monitor", "--targets", "target.xlsx"],
    )
    .none("J11")
    .expect("J10", "警告", "edu.xlsx", SHEET, &changed.cells().value(1));
}

/// A negative part (M02) is left out of the sum of the block's other columns: 全年预计执行数
/// 80 = 100 + 0 + (−20) gets M01 "80.00 ≠ 各部分之和 100.00", while the same numbers in the
/// 年初预算数 column (checked as on target cards) add up and get no M01.
#[test]
fn m01_counts_a_negative_part_in_every_column() {
    let wd = Workdir::new();
    let start = MonitorCard::with(|c| {
        c.money[FISCAL].start = num(140.0);
        c.money[OTHER].start = num(-20.0);
    });
    let at = start.cells();
    check(&wd, "start.xlsx", &start)
        .expect(
            "M02",
            "错误",
            "start.xlsx",
            SHEET,
            &at.money(OTHER, MCol::Start),
        )
        .none("M01");
    let forecast = MonitorCard::with(|c| {
        c.money[TOTAL].forecast = num(80.0);
        c.money[OTHER].forecast = num(-20.0);
        c.indicators[0] = c.indicators[0].clone().why("部分资金预计结余。");
    });
    check(&wd, "forecast.xlsx", &forecast)
        .expect(
            "M02",
            "错误",
            "forecast.xlsx",
            SHEET,
            &at.money(OTHER, MCol::Forecast),
        )
        .none("M01");
}
