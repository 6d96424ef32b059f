//! The bureau's rule table 审核口径 (`--rules`, FORMS §2): each kind of row on small cards with a
//! small table written here, tables the tool must refuse (naming the row), the setting in
//! `jixiao.toml`, and the real table of a Shenzhen sub-district run over its real cards (skipped
//! loudly when `../shared/realworld` is absent).

#[path = "common/cards.rs"]
mod cards;
mod common;

use cards::*;
use common::*;
use jixiao::rules::bureau::{Direction, Mode, RuleTable};
use rust_xlsxwriter::Workbook;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One finding as a user reads it: code, severity, sheet, cell, message.
#[derive(Clone, Debug)]
struct Found {
    rule: String,
    severity: String,
    file: String,
    sheet: String,
    cell: String,
    message: String,
}

fn findings(run: &Run) -> Vec<Found> {
    let json = run.json();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| Found {
            rule: s(&f["rule"]),
            severity: s(&f["severity"]),
            file: s(&f["file"]),
            sheet: s(&f["sheet"]),
            cell: s(&f["cell"]),
            message: s(&f["message"]),
        })
        .collect()
}

/// The findings of the table's rows only (codes `B…`).
fn table_findings(run: &Run) -> Vec<Found> {
    findings(run)
        .into_iter()
        .filter(|f| f.rule.starts_with('B'))
        .collect()
}

fn cells_of(found: &[Found], rule: &str) -> Vec<String> {
    found
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| f.cell.clone())
        .collect()
}

const HEADER: [&str; 8] = [
    "编码",
    "审核对象",
    "模式",
    "审核细项",
    "审核意见表述（问题+建议）",
    "正则表达式",
    "方向",
    "级别",
];

/// A rule table as a bureau keeps it: a title row, the header on row 2, one rule per row
/// (columns as in `HEADER`; missing trailing cells are left empty).
fn write_table(path: &Path, rows: &[&[&str]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("审核口径").unwrap();
    ws.write_string(0, 1, "xx区财政局绩效目标审核口径").unwrap();
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(1, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            // Codes as numbers, as Excel keeps them.
            match (c, v.parse::<f64>()) {
                (0, Ok(n)) => ws.write_number(r as u32 + 2, 0, n),
                _ => ws.write_string(r as u32 + 2, c as u16, *v),
            }
            .unwrap();
        }
    }
    wb.save(path).unwrap();
}

/// A Shenzhen-like target card (项目编码…年度目标 as `label：value` rows, then 一级指标 | 二级指标 |
/// 三级指标 | 目标值 | 指标解释), for the fields the national layout does not have.
fn write_shenzhen(path: &Path, policy: &str, basis: &str, rows: &[[&str; 5]]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("1.社区服务经费").unwrap();
    let header = [
        (
            "项目编码：",
            "440306231391500000001",
            "项目名称：",
            "社区服务经费",
        ),
        ("申请单位：", "区教育局", "一级预算单位：", "区教育局"),
        ("实施期限：", "1", "项目类型：", "其他经费"),
        ("是否新增项目：", "否", "分配方式：", "项目法"),
    ];
    ws.write_string(0, 0, "二级项目支出绩效目标申报表").unwrap();
    for (i, (a, b, c, d)) in header.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *a).unwrap();
        ws.write_string(r, 1, *b).unwrap();
        ws.write_string(r, 3, *c).unwrap();
        ws.write_string(r, 4, *d).unwrap();
    }
    ws.write_string(5, 0, "项目总金额（中期规划，万元）：")
        .unwrap();
    ws.write_number(5, 1, 30.0).unwrap();
    ws.write_string(5, 3, "本年度项目金额（万元）：").unwrap();
    ws.write_number(5, 4, 30.0).unwrap();
    ws.write_string(6, 0, "政策依据：").unwrap();
    ws.write_string(6, 1, policy).unwrap();
    ws.write_string(7, 0, "测算依据：").unwrap();
    ws.write_string(7, 1, basis).unwrap();
    ws.write_string(8, 0, "年度目标：").unwrap();
    ws.write_string(8, 1, "通过购买社区服务，达成全年服务居民3000人次的目标。")
        .unwrap();
    for (c, h) in ["一级指标", "二级指标", "三级指标", "目标值", "指标解释"]
        .iter()
        .enumerate()
    {
        ws.write_string(9, c as u16, *h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(10 + i as u32, c as u16, *v).unwrap();
            }
        }
    }
    ws.write_string(10 + rows.len() as u32, 0, "备注：")
        .unwrap();
    wb.save(path).unwrap();
}

fn shenzhen_rows() -> Vec<[&'static str; 5]> {
    vec![
        [
            "产出",
            "数量",
            "服务居民人次",
            "≥3000人次",
            "考察全年服务居民的人次",
        ],
        ["", "质量", "服务合格率", "≥95%", "反映服务达标的程度"],
        ["", "时效", "服务响应及时率", "≥95%", "考察按时响应的比例"],
        ["", "成本", "人均服务成本", "≤100元", "考察每人次服务的成本"],
        [
            "效益",
            "社会效益",
            "居民生活改善",
            "明显",
            "体现居民生活改善的程度",
        ],
        [
            "满意度",
            "服务对象满意度",
            "居民满意度",
            "≥90%",
            "反映居民对服务的满意程度",
        ],
    ]
}

#[test]
fn regex_rows_fire_where_the_pattern_does_not_match_or_does() {
    let wd = Workdir::new();
    write_table(
        &wd.path("口径.xlsx"),
        &[
            // Must look like: a goal saying how (通过) and what is reached (达成).
            &[
                "3",
                "年度目标",
                "正则匹配",
                "年度绩效目标不规范",
                "年度绩效目标过于简单。",
                "通过.*达成",
            ],
            // Must not: an indicator name of 15 characters or more.
            &[
                "21",
                "三级指标",
                "正则匹配",
                "绩效指标表述过于冗长",
                "表述冗长，请简明扼要表述。",
                ".{15,}",
            ],
        ],
    );
    let long = "全区中小学校园安保人员配备及培训数量合计";
    let bad = TargetCard::default().with_row(ind("产出指标", "数量指标", long, "≥30人"));
    let at = bad.cells();
    save_target(&wd.path("bad.xlsx"), &bad);
    let run = wd.run(&[
        "validate",
        "bad.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    let found = table_findings(&run);
    // The goal has no 通过…达成: B03 at its value cell (beside the label).
    let goal = cells_of(&found, "B03");
    assert_eq!(goal.len(), 1, "{found:#?}");
    let label_row = &at.goal_label[1..];
    assert_eq!(goal[0], format!("C{label_row}"), "{found:#?}");
    let b03 = found.iter().find(|f| f.rule == "B03").unwrap();
    assert_eq!(b03.severity, "警告");
    assert!(
        b03.message.contains("年度绩效目标过于简单。"),
        "{}",
        b03.message
    );
    assert!(
        b03.message.contains("年度绩效目标不规范"),
        "{}",
        b03.message
    );
    // Only the long name, at its 三级指标 cell.
    assert_eq!(cells_of(&found, "B21"), vec![at.l3(6)], "{found:#?}");
    assert!(
        found
            .iter()
            .any(|f| f.rule == "B21" && f.message.contains(long))
    );

    let good = TargetCard::with(|c| {
        c.goal = Some("通过配齐安保力量，达成校园安全事故发生率控制在1%以内的目标。".into())
    });
    save_target(&wd.path("good.xlsx"), &good);
    let run = wd.run(&[
        "validate",
        "good.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    assert!(
        table_findings(&run).is_empty(),
        "{:#?}",
        table_findings(&run)
    );
}

#[test]
fn required_length_manual_and_category_rows() {
    let wd = Workdir::new();
    write_table(
        &wd.path("口径.xlsx"),
        &[
            &[
                "1",
                "项目名称",
                "必填",
                "项目名称未填写",
                "请填写项目名称。",
            ],
            &[
                "2",
                "年度目标",
                "长度",
                "年度目标过长",
                "请精简年度目标。",
                "≤20",
            ],
            &[
                "3",
                "绩效指标",
                "人工",
                "绩效指标重复",
                "与重复，请修改完善。",
                "无",
            ],
            &[
                "4",
                "二级指标==数量",
                "正则匹配",
                "数量指标不规范",
                "数量指标请以数量、数结尾。",
                "(数量|数)$",
            ],
            &[
                "5",
                "时效",
                "正则匹配",
                "时效指标未填写",
                "时效指标为必填项。",
                "^\\s*$",
            ],
            &[
                "6",
                "指标值",
                "正则匹配",
                "指标值未填写",
                "指标值未填写。",
                "空",
            ],
        ],
    );
    let card = TargetCard::with(|c| c.name = Some(String::new()))
        .without("时效指标")
        .with_row(ind("产出指标", "数量指标", "安保巡逻", "每天"))
        .with_row(ind("产出指标", "质量指标", "设备巡检合格率", ""));
    let at = card.cells();
    save_target(&wd.path("card.xlsx"), &card);
    let run = wd.run(&[
        "validate",
        "card.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    let found = table_findings(&run);
    // 必填: the empty 项目名称, at its label (its value cell is empty).
    assert_eq!(
        cells_of(&found, "B01"),
        vec![at.name_label.clone()],
        "{found:#?}"
    );
    // 长度: the default goal has 38 characters.
    let long = found.iter().find(|f| f.rule == "B02").expect("B02");
    assert!(long.message.contains("不超过 20 个字"), "{}", long.message);
    // 人工: one 提示 for the card, at the indicator table's header.
    let manual: Vec<&Found> = found.iter().filter(|f| f.rule == "B03").collect();
    assert_eq!(manual.len(), 1, "{found:#?}");
    assert_eq!(manual[0].severity, "提示");
    assert_eq!(manual[0].cell, at.header);
    assert!(
        manual[0].message.contains("请人工审核"),
        "{}",
        manual[0].message
    );
    // 二级指标==数量: only the 数量 name that ends otherwise (安保巡逻), at its 三级指标 cell.
    let i = card
        .indicators
        .iter()
        .position(|r| r.name == "安保巡逻")
        .unwrap();
    assert_eq!(cells_of(&found, "B04"), vec![at.l3(i)], "{found:#?}");
    // A category as a whole: the card has no 时效指标.
    assert_eq!(
        cells_of(&found, "B05"),
        vec![at.header.clone()],
        "{found:#?}"
    );
    // 指标值 `空`: the row with a name and no value, at its 指标值 cell.
    let j = card.indicators.len() - 1;
    assert_eq!(cells_of(&found, "B06"), vec![at.value(j)], "{found:#?}");

    // The clean card: no finding but the manual item.
    save_target(
        &wd.path("clean.xlsx"),
        &TargetCard::with(|c| c.goal = Some("保障全区学校安全。".into())),
    );
    let run = wd.run(&[
        "validate",
        "clean.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    let rules: Vec<String> = table_findings(&run).into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, vec!["B03"]);
    run.expect_code(0);
}

#[test]
fn the_direction_and_level_columns_override() {
    let wd = Workdir::new();
    write_table(
        &wd.path("口径.xlsx"),
        &[
            // Read alone, `及时` on a value is "must not" (a value saying only 及时).
            &[
                "1",
                "指标值",
                "正则匹配",
                "时间限制不合理",
                "请写明时限。",
                "及时",
            ],
            // The 方向 column says otherwise, the 级别 column makes it an error.
            &[
                "2",
                "指标值",
                "正则匹配",
                "须含及时",
                "指标值应含“及时”。",
                "及时",
                "须匹配",
                "错误",
            ],
        ],
    );
    let card =
        TargetCard::default().with_row(ind("产出指标", "时效指标", "维修响应及时性", "及时"));
    let at = card.cells();
    save_target(&wd.path("card.xlsx"), &card);
    let run = wd.run(&[
        "validate",
        "card.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    let found = table_findings(&run);
    let last = card.indicators.len() - 1;
    assert_eq!(cells_of(&found, "B01"), vec![at.value(last)], "{found:#?}");
    let b02 = cells_of(&found, "B02");
    assert_eq!(b02.len(), card.indicators.len() - 1, "{found:#?}");
    assert!(!b02.contains(&at.value(last)));
    assert!(
        found
            .iter()
            .filter(|f| f.rule == "B02")
            .all(|f| f.severity == "错误")
    );
    run.expect_code(1);
}

#[test]
fn policy_basis_and_explanations_of_a_shenzhen_like_card() {
    let wd = Workdir::new();
    write_table(
        &wd.path("口径.xlsx"),
        &[
            &[
                "0",
                "政策依据",
                "正则匹配",
                "政策依据不规范",
                "政策依据表述过于简单。",
                "\\《[\\u4e00-\\u9fa5\\-a-zA-Z0-9\\（\\）]{5,}\\》",
            ],
            &[
                "17",
                "指标解释",
                "正则匹配",
                "指标解释未填写",
                "指标解释未填写。",
                "考察|体现|反映|反应",
            ],
            &[
                "9",
                "社会",
                "正则匹配",
                "社会效益未填写",
                "社会效益指标为必填项，但未填写。",
                "^\\s*$",
            ],
            &[
                "15",
                "二级指标==社会",
                "正则匹配",
                "社会效益指标不规范",
                "社会效益指标填写不规范。",
                "提升|改善",
            ],
        ],
    );
    let mut rows = shenzhen_rows();
    rows[1][4] = "根据验收报告判定";
    write_shenzhen(&wd.path("sz.xlsx"), "根据有关文件设立本项目。", "略", &rows);
    let run = wd.run(&[
        "validate",
        "sz.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    let found = table_findings(&run);
    assert_eq!(cells_of(&found, "B00"), vec!["B7"], "{found:#?}");
    assert_eq!(cells_of(&found, "B17"), vec!["E12"], "{found:#?}");
    assert!(cells_of(&found, "B09").is_empty(), "{found:#?}");
    assert!(cells_of(&found, "B15").is_empty(), "{found:#?}");

    // A basis citing a document passes; a card without 社会效益 gets B09 at the table header
    // and its 不适用 row no B15.
    let mut rows = shenzhen_rows();
    rows[4] = ["效益", "社会效益", "", "", ""];
    write_shenzhen(
        &wd.path("sz2.xlsx"),
        "根据《区社区服务管理办法》设立本项目。",
        "略",
        &rows,
    );
    let run = wd.run(&[
        "validate",
        "sz2.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    let found = table_findings(&run);
    assert!(cells_of(&found, "B00").is_empty(), "{found:#?}");
    assert_eq!(cells_of(&found, "B09"), vec!["B15"], "{found:#?}");
    let mut rows = shenzhen_rows();
    rows[4] = ["效益", "社会效益", "不适用", "不适用", "不适用"];
    write_shenzhen(
        &wd.path("sz3.xlsx"),
        "根据《区社区服务管理办法》。",
        "略",
        &rows,
    );
    let run = wd.run(&[
        "validate",
        "sz3.xlsx",
        "--rules",
        "口径.xlsx",
        "--format",
        "json",
        "--quiet",
    ]);
    let found = table_findings(&run);
    assert!(found.is_empty(), "不适用 is filled in: {found:#?}");
}

#[test]
fn broken_tables_are_refused_naming_the_row_before_any_form_is_read() {
    let wd = Workdir::new();
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "bad regex",
            &["7", "三级指标", "正则匹配", "x", "x", "(数量|数"],
            "正则表达式",
        ),
        (
            "look-around",
            &["7", "三级指标", "正则匹配", "x", "x", "(?=数量)"],
            "前后查找",
        ),
        (
            "unknown object",
            &["7", "预算明细表", "正则匹配", "x", "x", "^\\s*$"],
            "审核对象“预算明细表”",
        ),
        (
            "unknown mode",
            &["7", "年度目标", "模糊匹配", "x", "x", "通过"],
            "模式“模糊匹配”",
        ),
        (
            "regex without pattern",
            &["7", "年度目标", "正则匹配", "x", "x", "无"],
            "没有填写正则表达式",
        ),
    ];
    for (what, bad, says) in cases {
        write_table(
            &wd.path("口径.xlsx"),
            &[
                &["1", "年度目标", "必填", "年度目标未填写", "请填写。"],
                bad,
            ],
        );
        // The forms do not exist: the table is refused first.
        let run = wd.run(&[
            "validate",
            "没有这个文件夹",
            "--rules",
            "口径.xlsx",
            "--quiet",
        ]);
        run.expect_code(2);
        let err = run.stderr();
        assert!(err.contains("第 4 行"), "{what}: {err}");
        assert!(err.contains(says), "{what}: {err}");
        assert!(
            !err.contains("找不到"),
            "{what}: forms were looked for: {err}"
        );
    }
}

#[test]
fn the_table_may_stand_in_jixiao_toml() {
    let wd = Workdir::new();
    std::fs::create_dir(wd.path("设置")).unwrap();
    write_table(
        &wd.path("设置/口径.xlsx"),
        &[&[
            "3",
            "年度目标",
            "正则匹配",
            "年度绩效目标不规范",
            "年度绩效目标过于简单。",
            "通过.*达成",
        ]],
    );
    std::fs::write(wd.path("设置/jixiao.toml"), "rules = \"口径.xlsx\"\n").unwrap();
    std::fs::create_dir(wd.path("报回")).unwrap();
    save_target(&wd.path("报回/card.xlsx"), &TargetCard::default());
    let run = wd.run(&[
        "consolidate",
        "报回",
        "--config",
        "设置/jixiao.toml",
        "--out",
        "汇总.xlsx",
        "--quiet",
    ]);
    run.expect_code(0);
    let problems = read_sheet(&wd.path("汇总.xlsx"), "问题清单");
    assert_eq!(problems.rows_where("规则编码", "B03").count(), 1);
}

fn real_table(dir: &Path) -> std::path::PathBuf {
    dir.join("审核口径模板.xlsx")
}

#[test]
fn the_real_rule_table_loads_unmodified_with_every_pattern_compiled() {
    let Some(dir) = realworld_dir() else {
        skip(
            "the_real_rule_table_loads_unmodified_with_every_pattern_compiled",
            "../shared/realworld is not present beside the checkout",
        );
        return;
    };
    let table = RuleTable::load(&real_table(&dir)).expect("the real table loads");
    assert_eq!(table.rules.len(), 26);
    let by_code: BTreeMap<&str, _> = table.rules.iter().map(|r| (r.rule.code, r)).collect();
    let codes: Vec<String> = (0..26).map(|n| format!("B{n:02}")).collect();
    assert_eq!(
        by_code.keys().map(|c| c.to_string()).collect::<Vec<_>>(),
        codes
    );
    // Every regex row (and the 人工 row with a pattern) compiled.
    for r in &table.rules {
        match r.mode {
            Mode::Regex => assert!(r.pattern.is_some(), "row {} has no pattern", r.row),
            Mode::Manual => {}
            m => panic!("the real table has no {m:?} row (row {})", r.row),
        }
    }
    let manual: BTreeSet<&str> = table
        .rules
        .iter()
        .filter(|r| r.mode == Mode::Manual)
        .map(|r| r.rule.code)
        .collect();
    assert_eq!(manual, BTreeSet::from(["B18", "B19", "B20", "B22", "B24"]));
    assert!(
        by_code["B20"].pattern.is_some(),
        "B20's bare-number pattern"
    );
    // The reading of each pattern: "must not" for 空, ^\s*$, .{15,}, a bare number, 及时.
    let must_not: BTreeSet<&str> = table
        .rules
        .iter()
        .filter(|r| {
            r.pattern
                .as_ref()
                .is_some_and(|p| p.direction == Direction::MustNotMatch)
        })
        .map(|r| r.rule.code)
        .collect();
    assert_eq!(
        must_not,
        BTreeSet::from([
            "B02", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B16", "B20", "B21", "B25"
        ])
    );
    // The patterns mean what they meant: escaped CJK punctuation and \u ranges.
    let policy = &by_code["B00"].pattern.as_ref().unwrap().re;
    assert!(policy.is_match("根据《宝安区2022年度反走私综合治理工作要点》的通知"));
    assert!(!policy.is_match("根据有关文件精神"));
    let value = &by_code["B23"].pattern.as_ref().unwrap().re;
    assert!(value.is_match("≥95%") && value.is_match("2023年12月31日") && !value.is_match("明显"));
}

#[test]
fn the_real_rule_table_over_the_real_cards() {
    let Some(dir) = realworld_dir() else {
        skip(
            "the_real_rule_table_over_the_real_cards",
            "../shared/realworld is not present beside the checkout",
        );
        return;
    };
    let wd = Workdir::new();
    let table = real_table(&dir).display().to_string();
    let files: Vec<String> = (1..=5)
        .map(|i| {
            dir.join(format!("shenzhen-targets-{i}.xlsx"))
                .display()
                .to_string()
        })
        .collect();
    let mut args = vec!["validate"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--rules", &table, "--format", "json", "--quiet"]);
    let run = wd.run(&args);
    run.expect_code(1);
    let found = table_findings(&run);
    let has = |file: &str, sheet: &str, cell: &str, rule: &str| {
        found.iter().any(|f| {
            f.file == file && f.sheet.starts_with(sheet) && f.cell == cell && f.rule == rule
        })
    };
    let f1 = "shenzhen-targets-1.xlsx";
    // 政策依据 without a cited document (《…》), 年度目标 without 通过…达成, 指标解释 without
    // 考察/体现/反映, an indicator name of 18 characters.
    assert!(has(f1, "1.政府购买服务", "B7", "B00"), "{found:#?}");
    assert!(has(f1, "1.政府购买服务", "B9", "B03"));
    assert!(has(f1, "1.政府购买服务", "E12", "B17"));
    assert!(has(f1, "1.政府购买服务", "C13", "B21"));
    // A 政策依据 citing 《宝安区2022年度反走私综合治理工作要点》 passes.
    assert!(
        !found
            .iter()
            .any(|f| f.file == f1 && f.sheet.starts_with("18.") && f.rule == "B00")
    );
    // File 3, card 17: 社会效益 left empty; a 时效 value that says only 及时.
    let f3 = "shenzhen-targets-3.xlsx";
    assert!(has(f3, "17.", "B19", "B09"), "{found:#?}");
    assert!(has(f3, "17.", "D16", "B25"));
    assert!(
        has(f3, "17.", "D14", "B23"),
        "指标值 规范 is not quantified"
    );
    // The 人工 rows: one 提示 per card, at the indicator table.
    for code in ["B18", "B19", "B22", "B24"] {
        let items: Vec<&Found> = found.iter().filter(|f| f.rule == code).collect();
        assert_eq!(items.len(), 95, "{code}");
        assert!(
            items
                .iter()
                .all(|f| f.severity == "提示" && f.cell == "A11")
        );
    }
    // Every other row is a 警告.
    assert!(
        found
            .iter()
            .filter(|f| !["B18", "B19", "B20", "B22", "B24"].contains(&f.rule.as_str()))
            .all(|f| f.severity == "警告")
    );
    // Untouched by the table: the whole-card rows (the cards are filled in) and the bare-number
    // row (no real value is a bare number).
    for code in ["B04", "B10", "B20"] {
        assert!(cells_of(&found, code).is_empty(), "{code}: {found:#?}");
    }
}
