//! The year's end through the real binary: `jixiao key-eval` (projects proposed for key
//! evaluation, or the bureau's own list) and `jixiao apply` (advice and next year's amounts per
//! grade), both reading a self-evaluation workbook made here with `consolidate --stage
//! self-eval` from cards built by tests/common/self_eval.rs, and a budget list with 领域.
//!
//! The projects (万元, recomputed total, grade):
//!
//! | | unit | project | 领域 | amount | total | proposed because |
//! |---|---|---|---|---|---|---|
//! | K1 | 301001 区教育局 | 学校食堂改造 | 教育 | 600.35 | 100 优 | key 领域, ≥ 500 |
//! | K2 | 301001 区教育局 | 教师培训 | 教育 | 400.00 | 80 良 | — (below 500; 80 is not below 80) |
//! | K3 | 302001 区卫生健康局 | 基层卫生服务 | 卫生 | 100.05 | 50 差 | total below 80 |
//! | K6 | 302001 区卫生健康局 | 社区卫生监测 | 卫生 | 100.05 | 75 中 | total below 80 |
//! | K4 | 303001 区林业局 | 林区防火宣传 | 宣传 | 80.10 | 90 优, stated 100 | stated 10 above |
//! | K5 | 303001 区林业局 | 办公设备购置 | 其他 | 50.00 | 90 优, stated 94 | — (4 above) |
//!
//! 区教育局 also hands in a unit-wide self-evaluation (100, 优).

#[path = "common/cards.rs"]
mod cards;
mod common;
#[path = "common/self_eval.rs"]
mod self_eval;

use cards::{TargetCard, num, roster_units, save_target, unit, write_roster};
use common::*;
use self_eval::*;
use serde_json::Value;

struct P {
    key: &'static str,
    unit_code: &'static str,
    unit: &'static str,
    name: &'static str,
    code: &'static str,
    field: &'static str,
    amount: f64,
    total: u32,
}

const PROJECTS: [P; 6] = [
    P {
        key: "K1",
        unit_code: "301001",
        unit: "区教育局",
        name: "学校食堂改造",
        code: "301001240001",
        field: "教育",
        amount: 600.35,
        total: 100,
    },
    P {
        key: "K2",
        unit_code: "301001",
        unit: "区教育局",
        name: "教师培训",
        code: "301001240002",
        field: "教育",
        amount: 400.0,
        total: 80,
    },
    P {
        key: "K3",
        unit_code: "302001",
        unit: "区卫生健康局",
        name: "基层卫生服务",
        code: "302001240001",
        field: "卫生",
        amount: 100.05,
        total: 50,
    },
    P {
        key: "K6",
        unit_code: "302001",
        unit: "区卫生健康局",
        name: "社区卫生监测",
        code: "302001240002",
        field: "卫生",
        amount: 100.05,
        total: 75,
    },
    P {
        key: "K4",
        unit_code: "303001",
        unit: "区林业局",
        name: "林区防火宣传",
        code: "303001240001",
        field: "宣传",
        amount: 80.10,
        total: 90,
    },
    P {
        key: "K5",
        unit_code: "303001",
        unit: "区林业局",
        name: "办公设备购置",
        code: "303001240002",
        field: "其他",
        amount: 50.0,
        total: 90,
    },
];

fn project(key: &str) -> &'static P {
    PROJECTS.iter().find(|p| p.key == key).unwrap()
}

fn name(key: &str) -> &'static str {
    project(key).name
}

/// Writes the roster, the cards, the budget list (`budget.xlsx`) and the self-evaluation
/// workbook (`se.xlsx`).
fn setup() -> Workdir {
    let wd = Workdir::new();
    let mut units = roster_units();
    units.push(unit("303001", "区林业局"));
    write_roster(&wd.path("roster.xlsx"), &units);
    let mut sheets: Vec<SelfEvalSheet> = Vec::new();
    for (i, p) in PROJECTS.iter().enumerate() {
        let mut c = SelfEvalCard::scored(p.total).project(
            &format!("自评{}", i + 1),
            p.name,
            p.code,
            p.unit,
        );
        c.set_money(p.amount, p.amount);
        match p.key {
            // States 30 on the 社会效益 row where 200人 of 300 gives 20: 100 stated.
            "K4" => c.indicators[BENEFIT].score = num(30.0),
            // 24 there: 94 stated.
            "K5" => c.indicators[BENEFIT].score = num(24.0),
            _ => {}
        }
        sheets.push(c.into());
    }
    sheets.push(OverallSelfEvalCard::default().into());
    save_self_eval_book(&wd.path("cards/自评.xlsx"), &sheets);
    let list: Vec<ListRow> = PROJECTS
        .iter()
        .map(|p| list_row(p.unit_code, p.code, p.name, p.amount, p.field))
        .collect();
    write_budget_list(&wd.path("budget.xlsx"), &list);
    let run = wd.run(&[
        "consolidate",
        "cards",
        "--stage",
        "self-eval",
        "--roster",
        "roster.xlsx",
        "--budget",
        "budget.xlsx",
        "--out",
        "se.xlsx",
        "-q",
    ]);
    assert!(matches!(run.code(), 0 | 1), "{}", run.stderr());
    // The workbook says what the table above says.
    let p = read_sheet(&wd.path("se.xlsx"), "项目汇总");
    for want in &PROJECTS {
        let r = p.rows_where("项目名称", want.name).next().unwrap();
        approx(p.num(r, "复核总分"), want.total as f64, want.name);
    }
    wd
}

/// A JSON figure: money comes as an exact decimal string (`"880.55"`), scores as numbers.
fn jnum(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn approx(got: Option<f64>, want: f64, what: &str) {
    let g = got.unwrap_or_else(|| panic!("{what}: not a number"));
    assert!((g - want).abs() < 0.005, "{what}: want {want}, got {g}");
}

/// Runs `jixiao key-eval se.xlsx --budget budget.xlsx <extra> --format json`.
fn key_eval(wd: &Workdir, extra: &[&str], code: i32) -> (Run, Value) {
    let mut args = vec!["key-eval", "se.xlsx", "--budget", "budget.xlsx"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--format", "json"]);
    let run = wd.run(&args);
    run.expect_code(code);
    let json = run.json();
    (run, json)
}

/// The 项目名称 of the items, in order.
fn items(json: &Value) -> Vec<String> {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["项目名称"].as_str().unwrap().to_string())
        .collect()
}

fn item<'a>(json: &'a Value, name: &str) -> &'a Value {
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["项目名称"] == name)
        .unwrap_or_else(|| panic!("no item {name}: {json:#}"))
}

// ---------------------------------------------------------------------------------------------
// key-eval

#[test]
fn key_eval_proposes_by_each_criterion_largest_first() {
    let wd = setup();
    let (_, json) = key_eval(&wd, &[], 0);
    // Largest first; the two of 100.05 by unit then project code.
    assert_eq!(
        items(&json),
        [name("K1"), name("K3"), name("K6"), name("K4")],
        "{json:#}"
    );
    let reason = |k: &str| {
        item(&json, name(k))["选取理由"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        reason("K1").contains("重点领域（教育）"),
        "{}",
        reason("K1")
    );
    assert!(reason("K3").contains("低于 80"), "{}", reason("K3"));
    assert!(reason("K6").contains("低于 80"), "{}", reason("K6"));
    assert!(reason("K4").contains("高 10.00 分"), "{}", reason("K4"));
    assert!(!reason("K4").contains("重点领域"), "{}", reason("K4"));
    let k1 = item(&json, name("K1"));
    assert_eq!(k1["领域"], "教育");
    assert_eq!(k1["单位编码"], "301001");
    assert_eq!(k1["项目编码"], "301001240001");
    approx(jnum(&k1["金额"]), 600.35, "K1 金额");
    let k4 = item(&json, name("K4"));
    approx(jnum(&k4["自评总分"]), 100.0, "K4 自评总分");
    approx(jnum(&k4["复核总分"]), 90.0, "K4 复核总分");
    assert_eq!(k4["复核等级"], "优");
    // The totals.
    assert_eq!(json["units"], 3);
    assert_eq!(json["projects"], 4);
    approx(jnum(&json["funds"]), 880.55, "funds");
    assert_eq!(json["domains"], serde_json::json!(["教育", "卫生", "宣传"]));
}

#[test]
fn key_eval_settings_from_jixiao_toml() {
    let wd = setup();
    std::fs::write(
        wd.path("jixiao.toml"),
        "key_domains = [\"教育\"]\nkey_min_amount = 300\nkey_low_score = 60\nkey_suspicious_points = 15\n",
    )
    .unwrap();
    // Read from the working folder, and with --config.
    // K1 and K2 by 领域 and amount (K2's 400 now counts), K3 (50) below 60; K6 (75) is not,
    // K4 (10 points above) no longer suspicious.
    let want = [name("K1"), name("K2"), name("K3")];
    let (_, json) = key_eval(&wd, &[], 0);
    assert_eq!(items(&json), want, "{json:#}");
    assert!(
        item(&json, name("K2"))["选取理由"]
            .as_str()
            .unwrap()
            .contains("不低于 300 万元")
    );
    let (_, json) = key_eval(&wd, &["--config", "jixiao.toml"], 0);
    assert_eq!(items(&json), want, "{json:#}");
    // Low score at 51: only the 差 (50) one; suspicious from 4 points: K4 and K5.
    std::fs::write(
        wd.path("other.toml"),
        "key_domains = []\nkey_low_score = 51\nkey_suspicious_points = 4\n",
    )
    .unwrap();
    let (_, json) = key_eval(&wd, &["--config", "other.toml"], 0);
    assert_eq!(
        items(&json),
        [name("K3"), name("K4"), name("K5")],
        "{json:#}"
    );
}

#[test]
fn key_eval_leaves_alone_projects_evaluated_within_key_years() {
    let wd = setup();
    // K1 by code in 2021, K3 by code in 2020, K4 by unit and name in 2023.
    write_plain_list(
        &wd.path("history.xlsx"),
        "历年重点评价",
        &["单位编码", "项目编码", "项目名称", "评价年度"],
        &[
            vec![s("301001"), s("301001240001"), s(name("K1")), n(2021.0)],
            vec![s("302001"), s("302001240001"), s(name("K3")), s("2020")],
            vec![s("303001"), s(""), s(name("K4")), s("2023年")],
        ],
    );
    let (_, json) = key_eval(&wd, &["--history", "history.xlsx", "--year", "2024"], 0);
    assert_eq!(items(&json), [name("K3"), name("K6")], "{json:#}");
    // key_years = 1: only 2023 counts.
    std::fs::write(wd.path("one.toml"), "key_years = 1\n").unwrap();
    let (_, json) = key_eval(
        &wd,
        &[
            "--history",
            "history.xlsx",
            "--year",
            "2024",
            "--config",
            "one.toml",
        ],
        0,
    );
    assert_eq!(
        items(&json),
        [name("K1"), name("K3"), name("K6")],
        "{json:#}"
    );
}

#[test]
fn key_eval_takes_the_bureaus_own_list() {
    let wd = setup();
    // With a 金额 column: the bureau's amounts.
    write_plain_list(
        &wd.path("list.xlsx"),
        "重点评价项目",
        &["单位编码", "项目编码", "项目名称", "金额"],
        &[
            vec![s("301001"), s("301001240002"), s(name("K2")), n(250.5)],
            vec![s("303001"), s("303001240002"), s(name("K5")), n(12.34)],
        ],
    );
    let (_, json) = key_eval(&wd, &["--list", "list.xlsx"], 0);
    assert_eq!(items(&json), [name("K2"), name("K5")], "{json:#}");
    let k2 = item(&json, name("K2"));
    approx(jnum(&k2["金额"]), 250.5, "K2 金额");
    assert_eq!(k2["选取理由"], "财政局确定");
    assert_eq!(k2["领域"], "教育");
    approx(jnum(&k2["复核总分"]), 80.0, "K2 复核总分");
    assert_eq!(k2["复核等级"], "良");
    approx(jnum(&json["funds"]), 262.84, "funds");
    assert_eq!(json["units"], 2);
    // Without one: the budget list's amounts; a project found by unit and name.
    write_plain_list(
        &wd.path("plain.xlsx"),
        "重点评价项目",
        &["单位编码", "项目编码", "项目名称"],
        &[
            vec![s("301001"), s("301001240002"), s(name("K2"))],
            vec![s("303001"), s(""), s(name("K5"))],
        ],
    );
    let (_, json) = key_eval(&wd, &["--list", "plain.xlsx"], 0);
    approx(jnum(&item(&json, name("K2"))["金额"]), 400.0, "K2 金额");
    let k5 = item(&json, name("K5"));
    approx(jnum(&k5["金额"]), 50.0, "K5 金额");
    assert_eq!(k5["项目编码"], "303001240002");
    approx(jnum(&json["funds"]), 450.0, "funds");
    // A listed project found nowhere: exit 1, named on stderr, still listed.
    write_plain_list(
        &wd.path("unknown.xlsx"),
        "重点评价项目",
        &["单位编码", "项目编码", "项目名称"],
        &[
            vec![s("301001"), s("301001240002"), s(name("K2"))],
            vec![s("309001"), s("309001240009"), s("不存在的项目")],
        ],
    );
    let (run, json) = key_eval(&wd, &["--list", "unknown.xlsx"], 1);
    assert!(run.stderr().contains("不存在的项目"), "{}", run.stderr());
    assert!(!run.stderr().contains(name("K2")), "{}", run.stderr());
    assert_eq!(
        json["not_found"],
        serde_json::json!(["309001 不存在的项目"])
    );
}

#[test]
fn key_eval_workbook_ends_with_a_total_to_the_cent() {
    let wd = setup();
    let run = wd.run(&[
        "key-eval",
        "se.xlsx",
        "--budget",
        "budget.xlsx",
        "--out",
        "key.xlsx",
        "-q",
    ]);
    run.expect_code(0);
    let t = read_sheet(&wd.path("key.xlsx"), "重点评价清单");
    for c in [
        "单位编码",
        "单位名称",
        "主管部门",
        "项目编码",
        "项目名称",
        "领域",
        "预算类型",
        "金额",
        "自评总分",
        "复核总分",
        "复核等级",
        "选取理由",
    ] {
        t.col(c);
    }
    let last = t.rows.len();
    assert_eq!(last, 4, "{t:?}");
    assert!(t.total.is_some(), "a 合计 row closes the list");
    // Every figure is a number, not text.
    for r in 0..last {
        for c in ["金额", "自评总分", "复核总分"] {
            assert!(
                matches!(t.rows[r][t.col(c)], calamine::Data::Float(_)),
                "row {r} {c}: {:?}",
                t.rows[r][t.col(c)]
            );
        }
        assert!(matches!(
            t.rows[r][t.col("项目编码")],
            calamine::Data::String(_)
        ));
    }
    let cents: i64 = (0..last)
        .map(|r| (t.num(r, "金额").unwrap() * 100.0).round() as i64)
        .sum();
    assert_eq!(cents, 88055);
    let total = t.total_num("金额").expect("合计 金额 is a number");
    assert_eq!((total * 100.0).round() as i64, cents);
    assert!((total - 880.55).abs() < 1e-9, "{total}");
    // 重点评价汇总.
    let s = read_sheet(&wd.path("key.xlsx"), "重点评价汇总");
    for c in ["单位数", "项目数", "资金合计", "领域"] {
        s.col(c);
    }
    let d = s.rows_where("范围", "全区").next().expect("全区 row");
    approx(s.num(d, "单位数"), 3.0, "单位数");
    approx(s.num(d, "项目数"), 4.0, "项目数");
    approx(s.num(d, "资金合计"), 880.55, "资金合计");
    assert_eq!(s.text(d, "领域"), "教育、卫生、宣传");
    let health = s.rows_where("分组", "卫生").next().expect("卫生 row");
    approx(s.num(health, "项目数"), 2.0, "卫生 项目数");
    approx(s.num(health, "单位数"), 1.0, "卫生 单位数");
    approx(s.num(health, "资金合计"), 200.10, "卫生 资金合计");
}

// ---------------------------------------------------------------------------------------------
// apply

/// Runs `jixiao apply se.xlsx --budget budget.xlsx <extra> --format json`.
fn apply(wd: &Workdir, extra: &[&str]) -> Value {
    let mut args = vec!["apply", "se.xlsx", "--budget", "budget.xlsx"];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--format", "json"]);
    let run = wd.run(&args);
    run.expect_code(0);
    run.json()
}

fn row<'a>(json: &'a Value, list: &str, key: &str, value: &str) -> &'a Value {
    json[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i[key] == value)
        .unwrap_or_else(|| panic!("no {list} row with {key} = {value}: {json:#}"))
}

#[test]
fn apply_gives_advice_and_amounts_per_grade() {
    let wd = setup();
    let json = apply(&wd, &[]);
    assert_eq!(json["projects"].as_array().unwrap().len(), 6);
    for (k, grade, advice, change, suggested) in [
        ("K1", "优", "优先保障", 0.0, 600.35),
        ("K2", "良", "正常安排", 0.0, 400.0),
        // 100.05 × 0.9 = 90.045 and × 0.5 = 50.025: half-cents away from zero.
        ("K6", "中", "压减10%", -0.1, 90.05),
        ("K3", "差", "压减50%或取消", -0.5, 50.03),
    ] {
        let p = row(&json, "projects", "项目名称", name(k));
        assert_eq!(p["复核等级"], grade, "{k}");
        assert_eq!(p["应用建议"], advice, "{k}");
        approx(jnum(&p["建议调整比例"]), change, k);
        approx(jnum(&p["本年预算数"]), project(k).amount, k);
        approx(jnum(&p["建议下年金额"]), suggested, k);
        assert!(p["下年预算数"].is_null(), "{k}: {p}");
    }
}

/// `[advice."中"]`: 中 gets the bureau's advice and change.
const ADVICE_QUOTED: &str = "[advice.\"中\"]\ntext = \"压减20%\"\nchange = -20\n";
/// The example of `jixiao apply --help`, as it spells it.
fn advice_from_help(wd: &Workdir) -> String {
    let help = wd.run(&["apply", "--help"]).stdout();
    let start = help
        .find("[advice.")
        .expect("an [advice.…] example in apply --help");
    help[start..]
        .lines()
        .take(3)
        .map(|l| l.trim().to_string() + "\n")
        .collect()
}

fn check_fair_overridden(json: &Value) {
    let k6 = row(json, "projects", "项目名称", name("K6"));
    assert_eq!(k6["应用建议"], "压减20%");
    approx(jnum(&k6["建议调整比例"]), -0.2, "K6");
    // 100.05 × 0.8 = 80.04.
    approx(jnum(&k6["建议下年金额"]), 80.04, "K6");
}

#[test]
fn apply_advice_overridden_in_jixiao_toml() {
    let wd = setup();
    std::fs::write(wd.path("advice.toml"), ADVICE_QUOTED).unwrap();
    let run = wd.run(&[
        "apply",
        "se.xlsx",
        "--budget",
        "budget.xlsx",
        "--config",
        "advice.toml",
        "--format",
        "json",
    ]);
    assert!(matches!(run.code(), 0 | 1), "{}", run.stderr());
    check_fair_overridden(&run.json());
}

#[test]
fn apply_advice_overridden_as_the_help_spells_it() {
    let wd = setup();
    std::fs::write(wd.path("jixiao.toml"), advice_from_help(&wd)).unwrap();
    check_fair_overridden(&apply(&wd, &[]));
}

#[test]
fn apply_advice_override_keeps_the_other_grades_defaults() {
    let wd = setup();
    std::fs::write(wd.path("advice.toml"), ADVICE_QUOTED).unwrap();
    let json = apply(&wd, &["--config", "advice.toml"]);
    check_fair_overridden(&json);
    let k1 = row(&json, "projects", "项目名称", name("K1"));
    assert_eq!(k1["应用建议"], "优先保障");
    let k3 = row(&json, "projects", "项目名称", name("K3"));
    assert_eq!(k3["应用建议"], "压减50%或取消");
    approx(jnum(&k3["建议下年金额"]), 50.03, "K3");
}

#[test]
fn apply_with_next_years_budget() {
    let wd = setup();
    let next = [
        list_row("301001", "301001240001", name("K1"), 700.0, "教育"),
        // 差: 90.01 × 0.5 = 45.005 → 45.01.
        list_row("302001", "302001240001", name("K3"), 90.01, "卫生"),
    ];
    write_budget_list(&wd.path("next.xlsx"), &next);
    let json = apply(&wd, &["--next-budget", "next.xlsx"]);
    let k1 = row(&json, "projects", "项目名称", name("K1"));
    approx(jnum(&k1["下年预算数"]), 700.0, "K1 下年预算数");
    approx(jnum(&k1["建议下年金额"]), 700.0, "K1 建议");
    approx(jnum(&k1["本年预算数"]), 600.35, "K1 本年");
    let k3 = row(&json, "projects", "项目名称", name("K3"));
    approx(jnum(&k3["下年预算数"]), 90.01, "K3 下年预算数");
    approx(jnum(&k3["建议下年金额"]), 45.01, "K3 建议");
    // Not in next year's list: this year's amount.
    let k6 = row(&json, "projects", "项目名称", name("K6"));
    assert!(k6["下年预算数"].is_null(), "{k6}");
    approx(jnum(&k6["建议下年金额"]), 90.05, "K6 建议");
}

#[test]
fn apply_per_unit_with_the_unit_wide_grade_and_totals() {
    let wd = setup();
    let json = apply(&wd, &[]);
    let units = json["units"].as_array().unwrap();
    assert_eq!(units.len(), 3, "{json:#}");
    let edu = row(&json, "units", "单位编码", "301001");
    assert_eq!(edu["整体自评等级"], "优");
    assert_eq!(edu["项目数"], 2);
    assert_eq!(
        (edu["优项目数"].clone(), edu["良项目数"].clone()),
        (1.into(), 1.into())
    );
    approx(jnum(&edu["本年预算数"]), 1000.35, "区教育局 本年预算数");
    let health = row(&json, "units", "单位编码", "302001");
    assert_eq!(
        health["整体自评等级"].as_str().unwrap_or(""),
        "",
        "{health}"
    );
    assert_eq!(health["中项目数"], 1);
    assert_eq!(health["差项目数"], 1);
    approx(jnum(&health["建议下年金额"]), 140.08, "区卫生健康局 建议");
    let forest = row(&json, "units", "单位编码", "303001");
    assert_eq!(forest["优项目数"], 2);
    // The workbook: both sheets end with a total row.
    wd.run(&[
        "apply",
        "se.xlsx",
        "--budget",
        "budget.xlsx",
        "--out",
        "apply.xlsx",
        "-q",
    ])
    .expect_code(0);
    let t = read_sheet(&wd.path("apply.xlsx"), "结果应用建议");
    assert_eq!(t.rows.len(), 6);
    assert!(t.total.is_some(), "结果应用建议 ends with 合计");
    approx(t.total_num("本年预算数"), 1330.55, "合计 本年预算数");
    // 600.35 + 400 + 50.03 + 90.05 + 80.10 + 50.
    approx(t.total_num("建议下年金额"), 1270.53, "合计 建议下年金额");
    let u = read_sheet(&wd.path("apply.xlsx"), "单位应用建议");
    assert_eq!(u.rows.len(), 3);
    assert!(u.total.is_some(), "单位应用建议 ends with 合计");
    approx(u.total_num("项目数"), 6.0, "合计 项目数");
    approx(u.total_num("优项目数"), 3.0, "合计 优项目数");
    approx(u.total_num("本年预算数"), 1330.55, "合计 本年预算数");
    approx(u.total_num("建议下年金额"), 1270.53, "合计 建议下年金额");
    let r = u.rows_where("单位编码", "301001").next().unwrap();
    assert_eq!(u.text(r, "整体自评等级"), "优");
}

#[test]
fn apply_refuses_a_workbook_that_is_not_a_self_evaluation() {
    let wd = setup();
    // The target stage's workbook.
    save_target(&wd.path("targets/t.xlsx"), &TargetCard::default());
    let run = wd.run(&[
        "consolidate",
        "targets",
        "--stage",
        "target",
        "--out",
        "targets.xlsx",
        "-q",
    ]);
    assert!(matches!(run.code(), 0 | 1), "{}", run.stderr());
    for (file, says) in [
        (
            "targets.xlsx",
            "是绩效目标阶段的汇总工作簿，不是绩效自评阶段的汇总工作簿",
        ),
        ("budget.xlsx", "不是汇总工作簿"),
    ] {
        let run = wd.run(&["apply", file]);
        run.expect_code(2);
        assert!(run.stderr().contains(says), "{file}: {}", run.stderr());
        assert!(run.stdout().is_empty(), "{file}: {}", run.stdout());
        let run = wd.run(&["key-eval", file]);
        run.expect_code(2);
        assert!(
            run.stderr().contains(says),
            "key-eval {file}: {}",
            run.stderr()
        );
    }
}
