//! Every rule of docs/RULES.md, through the real binary: for each code a card that breaks the
//! rule (the finding appears with that code, severity and cell) and the same card made right (no
//! finding of that code). Also the exit codes, the JSON/CSV/report outputs, the files a folder
//! may hold besides cards, and the layouts a clean card may arrive in.
//!
//! Cards are built here (tests/common/cards.rs) with rust_xlsxwriter; their defaults are clean.

#[path = "common/cards.rs"]
mod cards;
mod common;

use cards::*;
use common::checked::*;
use common::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;

/// Writes a book to `file` in the scratch folder and validates that one file.
/// Every card sheet of the book must be read as a card (so that "no finding" means something).
fn check_book(wd: &Workdir, file: &str, book: Book, extra: &[&str]) -> Checked {
    book.save(&wd.path(file));
    let mut args = vec![file];
    args.extend_from_slice(extra);
    let c = validate(wd, &args);
    let cards = book
        .sheets
        .iter()
        .filter(|s| !matches!(s, Sheet::Other(..)))
        .count();
    assert_eq!(
        c.json["cards"],
        cards,
        "cards read from {file}:\n{}",
        c.listing()
    );
    c
}

fn check(wd: &Workdir, file: &str, card: &TargetCard) -> Checked {
    check_book(wd, file, Book::new().target(card.clone()), &[])
}

fn check_overall(wd: &Workdir, file: &str, card: &OverallCard) -> Checked {
    check_book(wd, file, Book::new().overall(card.clone()), &[])
}

/// Writes the default roster as `roster.xlsx`.
fn roster(wd: &Workdir) -> &'static str {
    write_roster(&wd.path("roster.xlsx"), &roster_units());
    "roster.xlsx"
}

/// Writes a budget list as `budget.xlsx`.
fn budget(wd: &Workdir, rows: &[BudgetRow]) -> &'static str {
    write_budget(&wd.path("budget.xlsx"), rows);
    "budget.xlsx"
}

const SHEET: &str = "项目1";

// ---------------------------------------------------------------------------------------------
// The clean card

#[test]
fn clean_card_has_no_findings() {
    let wd = Workdir::new();
    let r = roster(&wd);
    let b = budget(&wd, &budget_rows());
    let c = check_book(
        &wd,
        "clean.xlsx",
        Book::new().target(TargetCard::default()),
        &["--roster", r, "--budget", b],
    );
    assert!(c.found.is_empty(), "clean card:\n{}", c.listing());
    assert_eq!(c.json["cards"], 1);
    assert_eq!(c.json["project_cards"], 1);
    c.run.expect_code(0);

    let c = check_book(
        &wd,
        "overall.xlsx",
        Book::new().overall(OverallCard::default()),
        &["--roster", r],
    );
    assert!(c.found.is_empty(), "clean unit-wide card:\n{}", c.listing());
    assert_eq!(c.json["overall_cards"], 1);
    c.run.expect_code(0);
    // The unit-wide framework: 投入/过程/产出/效果, with level-2 names of the region's choosing.
    let framework = OverallCard::with(|c| {
        c.indicators = vec![
            ind("投入指标", "预算编制", "预算编制准确率", "≥95%"),
            ind("过程指标", "预算执行", "预算执行率", "≥90%"),
            ind("产出指标", "数量指标", "完成年度重点任务数", "≥20项"),
            ind("效果指标", "社会效益", "群众满意度", "≥90%"),
        ];
    });
    let c = check_book(
        &wd,
        "framework.xlsx",
        Book::new().overall(framework),
        &["--roster", r],
    );
    assert!(
        c.found.is_empty(),
        "投入/过程/产出/效果 card:\n{}",
        c.listing()
    );
}

/// The same clean card, in every layout units hand in: each is read without an error or a
/// warning (the budget list holds each card's total, so a wrong money cell shows as M04).
#[test]
fn clean_card_in_every_layout_has_no_errors() {
    let layouts: Vec<(&str, TargetCard)> = vec![
        (
            "level names merged down",
            TargetCard::with(|c| {
                c.merged = true;
                c.indicators = grouped_indicators();
            }),
        ),
        (
            "level names repeated on every row",
            TargetCard::with(|c| c.indicators = grouped_indicators()),
        ),
        (
            "labels spaced out",
            TargetCard::with(|c| c.labels = Labels::Spaced),
        ),
        (
            "labels with （万元） suffix",
            TargetCard::with(|c| c.labels = Labels::Suffixed),
        ),
        (
            "labels with full-width colons",
            TargetCard::with(|c| c.labels = Labels::Colon),
        ),
        (
            "blank rows above the indicator table",
            TargetCard::with(|c| c.blank_rows = 3),
        ),
        (
            "mid-term money block beside the annual one",
            TargetCard::with(|c| c.mid = Some([num(500.0), num(400.0), num(0.0), num(100.0)])),
        ),
        (
            "goals as 中期目标 | 年度目标 with the values below",
            TargetCard::with(|c| c.goal_below = true),
        ),
        (
            "cells as Excel stores what was typed: a date, 95%, a SUM formula",
            TargetCard::with(|c| {
                let at = c.cells();
                let time = c.index_of("时效指标");
                let quality = c.index_of("质量指标");
                c.raw = vec![
                    (at.value(time), Raw::Date(2024, 12, 31)),
                    (at.value(quality), Raw::Percent(0.95)),
                    (
                        at.total.clone(),
                        Raw::Formula(format!("=SUM({}:{})", at.fiscal, at.other), 120.0),
                    ),
                ];
            }),
        ),
        (
            "values as text",
            TargetCard::with(|c| {
                c.total = txt("1,234.5");
                c.fiscal = txt("１０３２");
                c.carryover = txt("12.5万元");
                c.other = txt("190.00");
            }),
        ),
        (
            "merged, spaced, suffixed, blank rows, mid-term and text all at once",
            TargetCard::with(|c| {
                c.merged = true;
                c.indicators = grouped_indicators();
                c.labels = Labels::Spaced;
                c.blank_rows = 2;
                c.mid = Some([num(500.0), num(400.0), num(0.0), num(100.0)]);
                c.fiscal = txt("１００");
                c.other = txt("20.00");
            }),
        ),
    ];
    let wd = Workdir::new();
    let mut rows = Vec::new();
    let mut files = Vec::new();
    for (i, (what, card)) in layouts.iter().enumerate() {
        let code = format!("30100124010{i}");
        let name = format!("{PROJECT}{i}");
        let card = TargetCard {
            name: Some(name.clone()),
            code: Some(Code::Text(code.clone())),
            ..card.clone()
        };
        let total = match &card.total {
            Amt::Num(n) => *n,
            _ => 1234.5,
        };
        rows.push(budget_row(UNIT_CODE, &code, &name, total));
        let file = format!("in/{i}.xlsx");
        save_target(&wd.path(&file), &card);
        files.push((format!("{i}.xlsx"), *what));
    }
    let r = roster(&wd);
    let b = budget(&wd, &rows);
    let c = validate(&wd, &["in", "--roster", r, "--budget", b]);
    assert_eq!(c.json["cards"], layouts.len(), "{}", c.listing());
    let mut bad = Vec::new();
    for (file, what) in &files {
        let wrong: Vec<_> = c
            .of_severity(&["错误", "警告"])
            .into_iter()
            .filter(|f| &f.file == file)
            .collect();
        if !wrong.is_empty() {
            bad.push(format!("{what} ({file}): {wrong:?}"));
        }
    }
    assert!(bad.is_empty(), "layouts with findings:\n{}", bad.join("\n"));
    c.run.expect_code(0);
}

// ---------------------------------------------------------------------------------------------
// File-level rules

#[test]
fn f01_file_unreadable() {
    let wd = Workdir::new();
    save_target(&wd.path("in/good.xlsx"), &TargetCard::default());
    let whole = std::fs::read(wd.path("in/good.xlsx")).unwrap();
    std::fs::write(wd.path("in/truncated.xlsx"), &whole[..whole.len() / 2]).unwrap();
    std::fs::write(
        wd.path("in/html.xls"),
        "\u{feff}<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta charset=\"utf-8\"></head>\
         <body><table><tr><td>项目支出绩效目标申报表</td></tr><tr><td>项目名称</td><td>校园安全保障经费</td></tr></table></body></html>",
    )
    .unwrap();
    std::fs::write(
        wd.path("in/csv.xls"),
        "项目名称,实施单位,年度资金总额\n校园安全保障经费,区教育局,120\n",
    )
    .unwrap();
    let c = validate(&wd, &["in"]);
    assert_eq!(c.json["files"], 4);
    assert_eq!(c.json["cards"], 1, "the run goes on after a bad file");
    for file in ["truncated.xlsx", "html.xls", "csv.xls"] {
        let of_file: Vec<_> = c.found.iter().filter(|f| f.file == file).collect();
        assert_eq!(
            of_file,
            vec![&Found {
                rule: "F01".into(),
                severity: "错误".into(),
                file: file.into(),
                sheet: String::new(),
                cell: String::new(),
            }],
            "{}",
            c.listing()
        );
    }
    // A file-level finding points at no cell.
    for f in c.json["findings"].as_array().unwrap() {
        assert!(f["cell"].is_null(), "{f}");
    }
    assert!(
        c.found.iter().all(|f| f.file != "good.xlsx"),
        "{}",
        c.listing()
    );
    c.run.expect_code(1);
}

#[test]
fn f02_file_empty() {
    let wd = Workdir::new();
    save_target(&wd.path("in/good.xlsx"), &TargetCard::default());
    std::fs::write(wd.path("in/empty.xlsx"), b"").unwrap();
    let c = validate(&wd, &["in"]);
    c.expect("F02", "错误", "empty.xlsx", "", "");
    assert_eq!(c.found.len(), 1, "{}", c.listing());
    assert_eq!(c.json["cards"], 1);
}

#[test]
fn f03_no_card_in_file() {
    let wd = Workdir::new();
    let budget_detail = ["预算明细表", "项目名称    金额", "校园安全保障经费    120"];
    Book::new()
        .other("预算明细", &budget_detail)
        .save(&wd.path("in/other.xlsx"));
    Book::new()
        .other("预算明细", &budget_detail)
        .target(TargetCard::default())
        .save(&wd.path("in/with_card.xlsx"));
    let c = validate(&wd, &["in"]);
    c.expect("F03", "错误", "other.xlsx", "", "");
    assert!(
        c.of("S01").iter().any(|f| f.file == "other.xlsx"),
        "the non-card sheet is listed too\n{}",
        c.listing()
    );
    assert!(
        c.of("F03").iter().all(|f| f.file != "with_card.xlsx"),
        "{}",
        c.listing()
    );
}

/// An .xls (OLE container) whose `Workbook` stream holds one record.
fn write_xls(path: &std::path::Path, workbook_stream: &[u8]) {
    let file = std::fs::File::create(path).unwrap();
    let mut cfb = cfb::CompoundFile::create_with_version(cfb::Version::V3, file).unwrap();
    let mut stream = cfb.create_stream("/Workbook").unwrap();
    stream.write_all(workbook_stream).unwrap();
    stream.flush().unwrap();
    drop(stream);
    cfb.flush().unwrap();
}

#[test]
fn f04_library_panic_is_isolated() {
    let wd = Workdir::new();
    save_target(&wd.path("in/good.xlsx"), &TargetCard::default());
    // A CodePage record (0x0042) cut to no data: calamine 0.38 reads its two bytes without a
    // length check and panics (index out of range), in debug and release builds alike.
    write_xls(&wd.path("in/cut.xls"), &[0x42, 0x00, 0x00, 0x00]);
    // The same record whole (code page 1200): a workbook without sheets, no panic.
    write_xls(
        &wd.path("in/whole.xls"),
        &[0x42, 0x00, 0x02, 0x00, 0xB0, 0x04],
    );
    let c = validate(&wd, &["in"]);
    c.expect("F04", "错误", "cut.xls", "", "");
    assert_eq!(c.json["files"], 3);
    assert_eq!(
        c.json["cards"],
        1,
        "the other files are read\n{}",
        c.listing()
    );
    assert!(
        c.found.iter().all(|f| f.file != "good.xlsx"),
        "{}",
        c.listing()
    );
    assert!(
        c.found
            .iter()
            .any(|f| f.file == "whole.xls" && f.rule.starts_with('F')),
        "{}",
        c.listing()
    );
    // The library's panic message stays off the terminal.
    assert!(!c.run.stderr().contains("panicked"), "{}", c.run.stderr());
    c.run.expect_code(1);
}

// ---------------------------------------------------------------------------------------------
// Structure

#[test]
fn s01_other_sheet_skipped() {
    let wd = Workdir::new();
    let c = check_book(
        &wd,
        "card.xlsx",
        Book::new()
            .other(
                "填报说明",
                &["填报说明", "1. 金额单位为万元。", "2. 指标值须量化。"],
            )
            .target(TargetCard::default()),
        &[],
    );
    c.expect("S01", "提示", "card.xlsx", "填报说明", "A1");
    assert_eq!(
        c.json["skipped_sheets"],
        serde_json::json!([{"file": "card.xlsx", "sheet": "填报说明"}])
    );
    assert_eq!(c.found.len(), 1, "{}", c.listing());
    c.run.expect_code(0);

    check(&wd, "alone.xlsx", &TargetCard::default()).none("S01");
}

#[test]
fn s02_required_field_missing() {
    let wd = Workdir::new();
    // What is wrong, the card, and the cell the finding must point at.
    type Case = (&'static str, TargetCard, fn(&TargetCells) -> String);
    let cases: Vec<Case> = vec![
        (
            "项目名称 empty",
            TargetCard::with(|c| c.name = Some(String::new())),
            |at| at.name_label.clone(),
        ),
        (
            "项目名称 only spaces",
            TargetCard::with(|c| c.name = Some("   ".into())),
            |at| at.name_label.clone(),
        ),
        (
            "实施单位 empty",
            TargetCard::with(|c| c.unit = Some(String::new())),
            |at| at.unit_label.clone(),
        ),
        (
            "年度资金总额 empty",
            TargetCard::with(|c| c.total = Amt::Blank),
            |at| at.total_label.clone(),
        ),
        (
            "年度目标 empty",
            TargetCard::with(|c| c.goal = Some(String::new())),
            |at| at.goal_label.clone(),
        ),
        (
            "年度目标 empty, value expected below the label",
            TargetCard::with(|c| {
                c.goal = Some(String::new());
                c.goal_below = true;
            }),
            |at| at.goal_label.clone(),
        ),
        (
            "项目名称 label absent",
            TargetCard::with(|c| c.name = None),
            |_| "A1".into(),
        ),
        (
            "实施单位 label absent",
            TargetCard::with(|c| c.unit = None),
            |_| "A1".into(),
        ),
    ];
    for (i, (what, card, cell)) in cases.iter().enumerate() {
        let file = format!("case{i}.xlsx");
        let c = check(&wd, &file, card);
        assert_eq!(c.of("S02").len(), 1, "{what}:\n{}", c.listing());
        c.expect("S02", "错误", &file, SHEET, &cell(&card.cells()));
    }
    let c = check_overall(&wd, "overall.xlsx", &OverallCard::with(|c| c.unit.clear()));
    c.expect(
        "S02",
        "错误",
        "overall.xlsx",
        "整体",
        &OverallCard::default().cells().unit_label,
    );
    let c = check_overall(
        &wd,
        "overall_goal.xlsx",
        &OverallCard::with(|c| c.goal.clear()),
    );
    assert_eq!(c.of("S02").len(), 1, "{}", c.listing());

    check(&wd, "good.xlsx", &TargetCard::default()).none("S02");
    check_overall(&wd, "good_overall.xlsx", &OverallCard::default()).none("S02");
}

#[test]
fn s03_no_indicator_table() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| c.table = false);
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("S03", "错误", "bad.xlsx", SHEET, "A1");
    // Without a table there is nothing to count: no I03/I04/I05/I11 on top.
    for rule in ["I03", "I04", "I05", "I11", "S06"] {
        c.none(rule);
    }
    check(&wd, "good.xlsx", &TargetCard::default()).none("S03");
}

#[test]
fn s04_unit_not_in_roster() {
    let wd = Workdir::new();
    let r = roster(&wd);
    let card = TargetCard::with(|c| c.unit = Some("区教育所".into()));
    let c = check_book(
        &wd,
        "bad.xlsx",
        Book::new().target(card.clone()),
        &["--roster", r],
    );
    c.expect("S04", "错误", "bad.xlsx", SHEET, &card.cells().unit);

    let overall = OverallCard::with(|c| c.unit = "区教育所".into());
    let c = check_book(
        &wd,
        "bad_overall.xlsx",
        Book::new().overall(overall.clone()),
        &["--roster", r],
    );
    c.expect(
        "S04",
        "错误",
        "bad_overall.xlsx",
        "整体",
        &overall.cells().unit,
    );

    let c = check_book(
        &wd,
        "good.xlsx",
        Book::new().target(TargetCard::default()),
        &["--roster", r],
    );
    c.none("S04");
    let c = check_book(
        &wd,
        "good_overall.xlsx",
        Book::new().overall(OverallCard::default()),
        &["--roster", r],
    );
    c.none("S04");
    // An alias of the roster counts as the unit.
    let mut units = roster_units();
    units[0].alias = "区教育所;教育局".into();
    write_roster(&wd.path("alias.xlsx"), &units);
    let c = check_book(
        &wd,
        "alias_card.xlsx",
        Book::new().target(card),
        &["--roster", "alias.xlsx"],
    );
    c.none("S04");
}

#[test]
fn s05_project_handed_in_twice() {
    let wd = Workdir::new();
    // Same 项目编码 in two files: the later file carries the finding.
    save_target(&wd.path("code/a.xlsx"), &TargetCard::default());
    let renamed = TargetCard::with(|c| c.name = Some("校园安保经费".into()));
    save_target(&wd.path("code/b.xlsx"), &renamed);
    let c = validate(&wd, &["code"]);
    c.expect("S05", "错误", "b.xlsx", SHEET, &renamed.cells().name);

    // No code: same unit and same project name (spaces aside), two sheets of one workbook.
    let no_code = TargetCard::with(|c| c.code = None);
    let again = TargetCard {
        sheet: "项目2".into(),
        name: Some(format!(" {PROJECT} ")),
        ..no_code.clone()
    };
    Book::new()
        .target(no_code.clone())
        .target(again.clone())
        .save(&wd.path("name/one.xlsx"));
    let c = validate(&wd, &["name"]);
    c.expect("S05", "错误", "one.xlsx", "项目2", &again.cells().name);

    // Two different projects of the same unit.
    save_target(&wd.path("ok/a.xlsx"), &TargetCard::default());
    save_target(
        &wd.path("ok/b.xlsx"),
        &TargetCard::with(|c| {
            c.name = Some("学生资助经费".into());
            c.code = Some(Code::Text("301001240002".into()));
        }),
    );
    let c = validate(&wd, &["ok"]);
    c.none("S05");
    assert_eq!(c.json["cards"], 2);
}

/// The template as it was sent out: labels and the printed level names, nothing filled in.
fn untouched_template() -> TargetCard {
    TargetCard::with(|c| {
        c.name = Some(String::new());
        c.code = Some(Code::Text(String::new()));
        c.department = String::new();
        c.unit = Some(String::new());
        c.attribute = String::new();
        c.period = String::new();
        c.total = Amt::Blank;
        c.fiscal = Amt::Blank;
        c.carryover = Amt::Blank;
        c.other = Amt::Blank;
        c.goal = Some(String::new());
        c.indicators = clean_indicators()
            .into_iter()
            .map(|i| ind(&i.l1, &i.l2, "", ""))
            .collect();
    })
}

#[test]
fn s06_template_returned_untouched() {
    let wd = Workdir::new();
    let r = roster(&wd);
    let c = check_book(
        &wd,
        "bad.xlsx",
        Book::new().target(untouched_template()),
        &["--roster", r],
    );
    c.expect("S06", "错误", "bad.xlsx", SHEET, "A1");
    assert_eq!(
        c.found.len(),
        1,
        "an untouched template gets S06 only:\n{}",
        c.listing()
    );

    let filled = TargetCard {
        goal: Some("保障校园安全。".into()),
        ..untouched_template()
    };
    let c = check(&wd, "filled_goal.xlsx", &filled);
    c.none("S06");
    check(&wd, "good.xlsx", &TargetCard::default()).none("S06");
}

#[test]
fn s07_code_stored_as_float() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| c.code = Some(Code::Num(301_001_240_001.0)));
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("S07", "错误", "bad.xlsx", SHEET, &card.cells().code);

    let sci_text = TargetCard::with(|c| c.code = Some(Code::Text("3.01001E+11".into())));
    check(&wd, "sci.xlsx", &sci_text).expect("S07", "错误", "sci.xlsx", SHEET, &card.cells().code);

    check(&wd, "good.xlsx", &TargetCard::default()).none("S07");
    // A short code typed as a number has lost nothing.
    let short = TargetCard::with(|c| c.code = Some(Code::Num(2401.0)));
    check(&wd, "short.xlsx", &short).none("S07");
}

#[test]
fn s08_project_not_in_budget() {
    let wd = Workdir::new();
    let b = budget(
        &wd,
        &[budget_row(UNIT_CODE, "301001240009", "学生资助经费", 80.0)],
    );
    let card = TargetCard::default();
    let c = check_book(
        &wd,
        "bad.xlsx",
        Book::new().target(card.clone()),
        &["--budget", b],
    );
    c.expect("S08", "警告", "bad.xlsx", SHEET, &card.cells().name);
    c.run.expect_code(0);

    let b = budget(&wd, &budget_rows());
    let c = check_book(&wd, "good.xlsx", Book::new().target(card), &["--budget", b]);
    c.none("S08");
    // Found by unit and name when the card has no code.
    let no_code = TargetCard::with(|c| c.code = None);
    let r = roster(&wd);
    let c = check_book(
        &wd,
        "no_code.xlsx",
        Book::new().target(no_code),
        &["--budget", b, "--roster", r],
    );
    c.none("S08");
}

#[test]
fn s09_attribute_not_new_or_continuing() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| c.attribute = "新建".into());
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("S09", "警告", "bad.xlsx", SHEET, &card.cells().attribute);
    for (i, good) in ["新增", "延续"].iter().enumerate() {
        let card = TargetCard::with(|c| c.attribute = good.to_string());
        check(&wd, &format!("good{i}.xlsx"), &card).none("S09");
    }
}

/// Writes `card` to `file` as a program that never calculates leaves it: every formula without
/// its result (the results Excel saves are taken out of the package).
fn save_uncalculated(path: &std::path::Path, card: &TargetCard) {
    use std::io::Read;
    save_target(path, card);
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let re = regex::Regex::new(r"(</f>)<v>[^<]*</v>").unwrap();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut data = Vec::new();
        e.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let xml = String::from_utf8(data).unwrap();
            data = re
                .replace_all(&xml, "$1")
                .replace(" t=\"str\"><f>", "><f>")
                .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn s12_formula_saved_without_its_result() {
    let wd = Workdir::new();
    let card = TargetCard::default();
    let at = card.cells();
    let quality = card.index_of("质量指标");
    // A sum jixiao works out as Excel would: no finding.
    let sum = TargetCard::with(|c| {
        c.raw = vec![(
            at.total.clone(),
            Raw::Formula(format!("=SUM({}:{})", at.fiscal, at.other), 120.0),
        )]
    });
    save_uncalculated(&wd.path("sum.xlsx"), &sum);
    let c = validate(&wd, &["sum.xlsx"]);
    c.clean();
    // A lookup it cannot: the 指标值 reads as blank, and the finding says why.
    let lookup = TargetCard::with(|c| {
        c.raw = vec![(
            at.value(quality),
            Raw::Formula("=VLOOKUP(A1,指标库!A:B,2,FALSE)".into(), 95.0),
        )]
    });
    save_uncalculated(&wd.path("lookup.xlsx"), &lookup);
    let c = validate(&wd, &["lookup.xlsx"]);
    c.expect("S12", "警告", "lookup.xlsx", SHEET, &at.value(quality))
        .expect("I12", "错误", "lookup.xlsx", SHEET, &at.value(quality))
        .only(&["S12", "I12"]);
    assert!(c.message("S12").contains("VLOOKUP"), "{}", c.message("S12"));
    // A division by zero is Excel's #DIV/0!, not a formula left unknown.
    let zero = TargetCard::with(|c| {
        c.raw = vec![(
            "H2".into(),
            Raw::Formula(format!("={}/{}", at.total, at.carryover), 0.0),
        )]
    });
    assert_eq!(zero.carryover, num(0.0), "the divisor is 0");
    save_uncalculated(&wd.path("zero.xlsx"), &zero);
    validate(&wd, &["zero.xlsx"]).none("S12");
    // The same card as Excel saves it, with the result (95): read, no S12 nor I12.
    save_target(&wd.path("saved.xlsx"), &lookup);
    validate(&wd, &["saved.xlsx"]).none("S12").none("I12");
}

// ---------------------------------------------------------------------------------------------
// Money

#[test]
fn m01_total_not_sum_of_parts() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| c.total = num(150.0));
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("M01", "错误", "bad.xlsx", SHEET, &card.cells().total);
    c.run.expect_code(1);

    // Within the tolerance of 0.01 万元.
    let close = TargetCard::with(|c| c.total = num(120.005));
    check(&wd, "close.xlsx", &close).none("M01");
    // The parts of the mid-term block do not count against the annual total.
    let mid = TargetCard::with(|c| c.mid = Some([num(500.0), num(400.0), num(0.0), num(100.0)]));
    check(&wd, "mid.xlsx", &mid).none("M01");
    let mid_bad = TargetCard {
        total: num(130.0),
        ..mid.clone()
    };
    check(&wd, "mid_bad.xlsx", &mid_bad).expect(
        "M01",
        "错误",
        "mid_bad.xlsx",
        SHEET,
        &mid.cells().total,
    );
}

#[test]
fn m02_negative_amount() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| {
        c.fiscal = num(-20.0);
        c.other = num(140.0);
    });
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("M02", "错误", "bad.xlsx", SHEET, &card.cells().fiscal);
    c.none("M01");
    check(&wd, "good.xlsx", &TargetCard::default()).none("M02");
}

#[test]
fn m03_amount_in_yuan() {
    let wd = Workdir::new();
    let cell = TargetCard::default().cells().total;
    // Above the ceiling of 10,000 万元 for one project.
    let big = TargetCard::with(|c| {
        c.total = num(246_800.0);
        c.fiscal = num(246_800.0);
        c.other = num(0.0);
    });
    check(&wd, "big.xlsx", &big).expect("M03", "错误", "big.xlsx", SHEET, &cell);
    // The cell itself says 元.
    let says = TargetCard::with(|c| {
        c.total = txt("1200元");
        c.fiscal = num(1000.0);
        c.other = num(200.0);
    });
    check(&wd, "says.xlsx", &says).expect("M03", "错误", "says.xlsx", SHEET, &cell);
    // The budget list says 0.5 万元 and the card 5000: ten thousand times as much.
    let b = budget(&wd, &[budget_row(UNIT_CODE, PROJECT_CODE, PROJECT, 0.5)]);
    let yuan = TargetCard::with(|c| {
        c.total = num(5000.0);
        c.fiscal = num(5000.0);
        c.other = num(0.0);
    });
    let c = check_book(&wd, "yuan.xlsx", Book::new().target(yuan), &["--budget", b]);
    c.expect("M03", "错误", "yuan.xlsx", SHEET, &cell);
    c.none("M04");

    let right = TargetCard::with(|c| {
        c.total = num(0.5);
        c.fiscal = num(0.5);
        c.other = num(0.0);
    });
    let c = check_book(
        &wd,
        "right.xlsx",
        Book::new().target(right),
        &["--budget", b],
    );
    c.none("M03").none("M04");
    // A large amount below the ceiling, without a budget list to compare with.
    let large = TargetCard::with(|c| {
        c.total = num(9000.0);
        c.fiscal = num(9000.0);
        c.other = num(0.0);
    });
    check(&wd, "large.xlsx", &large).none("M03");
    check(&wd, "good.xlsx", &TargetCard::default()).none("M03");
}

#[test]
fn m04_total_differs_from_budget() {
    let wd = Workdir::new();
    let b = budget(&wd, &budget_rows());
    let card = TargetCard::with(|c| {
        c.total = num(150.0);
        c.fiscal = num(130.0);
    });
    let c = check_book(
        &wd,
        "bad.xlsx",
        Book::new().target(card.clone()),
        &["--budget", b],
    );
    c.expect("M04", "警告", "bad.xlsx", SHEET, &card.cells().total);
    c.none("M01");
    let c = check_book(
        &wd,
        "good.xlsx",
        Book::new().target(TargetCard::default()),
        &["--budget", b],
    );
    c.none("M04");
}

#[test]
fn m05_amount_not_a_number() {
    let wd = Workdir::new();
    let at = TargetCard::default().cells();
    let card = TargetCard::with(|c| c.total = txt("约十万"));
    let c = check(&wd, "total.xlsx", &card);
    c.expect("M05", "错误", "total.xlsx", SHEET, &at.total);
    c.none("S02");
    let card = TargetCard::with(|c| c.fiscal = txt("待定"));
    check(&wd, "fiscal.xlsx", &card).expect("M05", "错误", "fiscal.xlsx", SHEET, &at.fiscal);

    let text = TargetCard::with(|c| c.total = txt("120.00"));
    check(&wd, "good.xlsx", &text).none("M05").none("M01");
}

#[test]
fn m06_total_is_zero() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| {
        c.total = num(0.0);
        c.fiscal = num(0.0);
        c.other = num(0.0);
    });
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("M06", "警告", "bad.xlsx", SHEET, &card.cells().total);
    c.none("M01");
    check(&wd, "good.xlsx", &TargetCard::default()).none("M06");
}

// ---------------------------------------------------------------------------------------------
// Indicators

#[test]
fn i01_level1_outside_taxonomy() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| c.indicators[1].l1 = "产品指标".into());
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I01", "错误", "bad.xlsx", SHEET, &card.cells().l1(1));
    // Short names are aliases.
    let short = TargetCard::with(|c| {
        for i in &mut c.indicators {
            i.l1 = i.l1.trim_end_matches("指标").to_string();
        }
    });
    check(&wd, "good.xlsx", &short).none("I01");
}

#[test]
fn i02_level2_outside_taxonomy() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| c.indicators[1].l2 = "质量效果指标".into());
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I02", "错误", "bad.xlsx", SHEET, &card.cells().l2(1));
    // A level-2 name under the wrong level-1.
    let wrong_parent = TargetCard::with(|c| {
        c.indicators
            .push(ind("效益指标", "数量指标", "受益学生人数", "≥2万人"));
    });
    let c = check(&wd, "parent.xlsx", &wrong_parent);
    c.expect(
        "I02",
        "错误",
        "parent.xlsx",
        SHEET,
        &wrong_parent.cells().l2(6),
    );
    // The same, with the level-1 name merged down over it: the parent comes from the merge.
    let merged = TargetCard::with(|c| {
        c.merged = true;
        c.indicators
            .insert(5, ind("效益指标", "数量指标", "受益学生人数", "≥2万人"));
    });
    let c = check(&wd, "merged.xlsx", &merged);
    c.expect("I02", "错误", "merged.xlsx", SHEET, &merged.cells().l2(5));

    let short = TargetCard::with(|c| {
        for i in &mut c.indicators {
            i.l2 = i.l2.trim_end_matches("指标").to_string();
        }
    });
    check(&wd, "good.xlsx", &short).none("I02");
}

#[test]
fn i03_no_quantity_indicator() {
    let wd = Workdir::new();
    let card = TargetCard::default().without("数量指标");
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I03", "错误", "bad.xlsx", SHEET, &card.cells().header);
    check(&wd, "good.xlsx", &TargetCard::default()).none("I03");
}

#[test]
fn i04_no_quality_or_timeliness_indicator() {
    let wd = Workdir::new();
    let card = TargetCard::default()
        .without("质量指标")
        .without("时效指标");
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I04", "错误", "bad.xlsx", SHEET, &card.cells().header);
    // One of the two is enough.
    check(&wd, "time.xlsx", &TargetCard::default().without("质量指标")).none("I04");
    check(
        &wd,
        "quality.xlsx",
        &TargetCard::default().without("时效指标"),
    )
    .none("I04");
}

#[test]
fn i05_no_benefit_indicator() {
    let wd = Workdir::new();
    let card = TargetCard::default().without("社会效益指标");
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I05", "错误", "bad.xlsx", SHEET, &card.cells().header);
    // A benefit row marked 不适用 is no benefit either.
    let na = TargetCard::with(|c| {
        let i = c.index_of("社会效益指标");
        c.indicators[i].name = "不适用".into();
        c.indicators[i].value = "不适用".into();
    });
    check(&wd, "na.xlsx", &na).expect("I05", "错误", "na.xlsx", SHEET, &na.cells().header);
    // A benefit row with its level names printed and nothing else.
    let blank = TargetCard::with(|c| {
        let i = c.index_of("社会效益指标");
        c.indicators[i].name = String::new();
        c.indicators[i].value = String::new();
    });
    check(&wd, "blank.xlsx", &blank).expect(
        "I05",
        "错误",
        "blank.xlsx",
        SHEET,
        &blank.cells().header,
    );
    let eco = TargetCard::default().without("社会效益指标").with_row(ind(
        "效益指标",
        "生态效益指标",
        "校园绿化覆盖率",
        "≥35%",
    ));
    check(&wd, "good.xlsx", &eco).none("I05");
}

#[test]
fn i06_public_project_without_satisfaction() {
    let wd = Workdir::new();
    let b = budget(&wd, &budget_rows()); // 领域 教育: serves the public
    let card = TargetCard::default().without("服务对象满意度指标");
    let c = check_book(
        &wd,
        "bad.xlsx",
        Book::new().target(card.clone()),
        &["--budget", b],
    );
    c.expect("I06", "警告", "bad.xlsx", SHEET, &card.cells().header);

    let c = check_book(
        &wd,
        "good.xlsx",
        Book::new().target(TargetCard::default()),
        &["--budget", b],
    );
    c.none("I06");
    let mut rows = budget_rows();
    rows[0].field = "农业".into();
    let b = budget(&wd, &rows);
    let c = check_book(
        &wd,
        "not_public.xlsx",
        Book::new().target(card),
        &["--budget", b],
    );
    c.none("I06");
}

#[test]
fn i07_duplicate_indicator() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| {
        c.indicators.insert(
            1,
            ind("产出指标", "数量指标", "校园安保人员配备数", "≥35人"),
        );
    });
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I07", "警告", "bad.xlsx", SHEET, &card.cells().l3(1));
    // The same name under another level-2 is another indicator.
    let other = TargetCard::with(|c| {
        c.indicators
            .insert(1, ind("产出指标", "数量指标", "安保设备数量", "≥100台"));
        c.indicators
            .insert(3, ind("产出指标", "质量指标", "安保设备数量", "≥100台"));
    });
    check(&wd, "good.xlsx", &other).none("I07");
}

#[test]
fn i08_indicator_name_too_long() {
    let wd = Workdir::new();
    let fifteen = "全区中小学校园安保人员配备人数";
    assert_eq!(fifteen.chars().count(), 15);
    let card = TargetCard::with(|c| c.indicators[0].name = fifteen.into());
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I08", "警告", "bad.xlsx", SHEET, &card.cells().l3(0));
    let fourteen = "全区中小学校园安保人员配备数";
    assert_eq!(fourteen.chars().count(), 14);
    let card = TargetCard::with(|c| c.indicators[0].name = fourteen.into());
    check(&wd, "good.xlsx", &card).none("I08");
}

#[test]
fn i09_value_not_quantified() {
    let wd = Workdir::new();
    let bare = TargetCard::with(|c| c.indicators[0].value = "30".into());
    check(&wd, "bare.xlsx", &bare).expect(
        "I09",
        "警告",
        "bare.xlsx",
        SHEET,
        &bare.cells().value(0),
    );
    let words = TargetCard::with(|c| {
        let i = c.index_of("社会效益指标");
        c.indicators[i].value = "明显".into();
    });
    let i = words.index_of("社会效益指标");
    check(&wd, "words.xlsx", &words).expect(
        "I09",
        "警告",
        "words.xlsx",
        SHEET,
        &words.cells().value(i),
    );
    let vague = TargetCard::with(|c| c.indicators[1].value = "好".into());
    check(&wd, "vague.xlsx", &vague).expect(
        "I09",
        "警告",
        "vague.xlsx",
        SHEET,
        &vague.cells().value(1),
    );

    let unit = TargetCard::with(|c| c.indicators[0].value = "30人".into());
    check(&wd, "good.xlsx", &unit).none("I09");
    // 满意度 may be a grade.
    let grade = TargetCard::with(|c| {
        let i = c.index_of("服务对象满意度指标");
        c.indicators[i].value = "满意".into();
    });
    check(&wd, "grade.xlsx", &grade).none("I09");
}

#[test]
fn i10_timeliness_only_timely() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| {
        let i = c.index_of("时效指标");
        c.indicators[i].value = "及时".into();
    });
    let i = card.index_of("时效指标");
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I10", "警告", "bad.xlsx", SHEET, &card.cells().value(i));
    c.none("I09");
    let deadline = TargetCard::with(|c| {
        let i = c.index_of("时效指标");
        c.indicators[i].value = "2024年12月31日前".into();
    });
    check(&wd, "good.xlsx", &deadline).none("I10");
}

#[test]
fn i11_too_few_quantified() {
    let wd = Workdir::new();
    // Two quantified values (≥30人, ≥95%); a grade and a satisfaction grade do not count.
    let two = TargetCard::with(|c| {
        c.indicators = vec![
            ind("产出指标", "数量指标", "校园安保人员配备数", "≥30人"),
            ind("产出指标", "质量指标", "安保设备完好率", "≥95%"),
            ind("效益指标", "社会效益指标", "校园安全状况", "显著"),
            ind("满意度指标", "服务对象满意度指标", "师生满意度", "满意"),
        ];
    });
    let c = check(&wd, "bad.xlsx", &two);
    c.expect("I11", "警告", "bad.xlsx", SHEET, &two.cells().header);
    let three = two
        .clone()
        .with_row(ind("产出指标", "时效指标", "设备维修响应时间", "≤24小时"));
    check(&wd, "good.xlsx", &three).none("I11");
}

#[test]
fn i12_target_value_empty() {
    let wd = Workdir::new();
    let card = TargetCard::with(|c| c.indicators[0].value = String::new());
    let c = check(&wd, "bad.xlsx", &card);
    c.expect("I12", "错误", "bad.xlsx", SHEET, &card.cells().value(0));
    c.none("I13");
    check(&wd, "good.xlsx", &TargetCard::default()).none("I12");
}

#[test]
fn i13_indicator_row_not_filled() {
    let wd = Workdir::new();
    // A printed 成本指标 row left empty.
    let empty = TargetCard::with(|c| {
        let i = c.index_of("成本指标");
        c.indicators[i].name = String::new();
        c.indicators[i].value = String::new();
    });
    let i = empty.index_of("成本指标");
    let c = check(&wd, "empty.xlsx", &empty);
    c.expect("I13", "警告", "empty.xlsx", SHEET, &empty.cells().value(i));
    c.none("I12");
    // A value without a name.
    let nameless = TargetCard::with(|c| c.indicators[0].name = String::new());
    check(&wd, "nameless.xlsx", &nameless).expect(
        "I13",
        "警告",
        "nameless.xlsx",
        SHEET,
        &nameless.cells().value(0),
    );

    // The row marked 不适用 is what the rule asks for.
    let na = TargetCard::with(|c| {
        let i = c.index_of("成本指标");
        c.indicators[i].name = "不适用".into();
        c.indicators[i].value = "不适用".into();
    });
    check(&wd, "good.xlsx", &na)
        .none("I13")
        .none("I12")
        .none("I09");
}

// ---------------------------------------------------------------------------------------------
// Unit-wide cards

#[test]
fn o01_task_sum_mismatch() {
    let wd = Workdir::new();
    // Tasks: 500 + 120 = 620 总额, 450 + 100 = 550 财政拨款, 50 + 20 = 70 其他资金.
    let card = OverallCard::with(|c| c.sum = Some([700.0, 550.0, 70.0]));
    let c = check_overall(&wd, "bad.xlsx", &card);
    c.expect("O01", "错误", "bad.xlsx", "整体", &card.cells().sum_total);
    let right = OverallCard::with(|c| c.sum = Some([620.0, 550.0, 70.0]));
    check_overall(&wd, "good.xlsx", &right).none("O01");
}

#[test]
fn o02_no_tasks() {
    let wd = Workdir::new();
    let card = OverallCard::with(|c| c.tasks.clear());
    let c = check_overall(&wd, "bad.xlsx", &card);
    c.expect("O02", "警告", "bad.xlsx", "整体", "A1");
    check_overall(&wd, "good.xlsx", &OverallCard::default()).none("O02");
    let one = OverallCard::with(|c| c.tasks.truncate(1));
    check_overall(&wd, "one.xlsx", &one).none("O02").none("O01");
}

// ---------------------------------------------------------------------------------------------
// The command line

#[test]
fn exit_codes() {
    let wd = Workdir::new();
    save_target(&wd.path("clean.xlsx"), &TargetCard::default());
    save_target(
        &wd.path("error.xlsx"),
        &TargetCard::with(|c| c.total = num(150.0)),
    );
    save_target(
        &wd.path("warning.xlsx"),
        &TargetCard::with(|c| c.attribute = "新建".into()),
    );
    wd.run(&["validate", "clean.xlsx", "--format", "json"])
        .expect_code(0);
    wd.run(&["validate", "error.xlsx", "--format", "json"])
        .expect_code(1);
    // Warnings alone are no error.
    wd.run(&["validate", "warning.xlsx", "--format", "json"])
        .expect_code(0);
    // A broken file is an error finding, not a failure of the tool.
    std::fs::write(wd.path("empty.xlsx"), b"").unwrap();
    wd.run(&["validate", "empty.xlsx", "clean.xlsx", "--format", "json"])
        .expect_code(1);

    // The tool could not do its job.
    let missing = wd.run(&["validate", "nowhere/", "--format", "json"]);
    missing.expect_code(2);
    assert!(missing.stderr().contains("nowhere"), "{}", missing.stderr());
    std::fs::write(wd.path("roster.xlsx"), b"this is not a workbook").unwrap();
    wd.run(&[
        "validate",
        "clean.xlsx",
        "--roster",
        "roster.xlsx",
        "--format",
        "json",
    ])
    .expect_code(2);
    wd.run(&["validate", "clean.xlsx", "--roster", "no_roster.xlsx"])
        .expect_code(2);
    wd.run(&["validate", "--format", "json"]).expect_code(2);
    wd.run(&["validate"]).expect_code(2);
}

#[test]
fn json_shape() {
    let wd = Workdir::new();
    save_target(
        &wd.path("in/a.xlsx"),
        &TargetCard::with(|c| c.total = num(150.0)),
    );
    Book::new()
        .other("填报说明", &["填报说明"])
        .overall(OverallCard::default())
        .save(&wd.path("in/b.xlsx"));
    let c = validate(&wd, &["in"]);
    let keys = |v: &Value| -> BTreeSet<String> {
        v.as_object().expect("object").keys().cloned().collect()
    };
    let want: BTreeSet<String> = [
        "files",
        "cards",
        "project_cards",
        "overall_cards",
        "errors",
        "warnings",
        "infos",
        "findings",
        "skipped_sheets",
        "counts",
        "skipped_files",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    assert_eq!(keys(&c.json), want);
    let finding_keys: BTreeSet<String> = [
        "file",
        "sheet",
        "cell",
        "severity",
        "rule",
        "unit_code",
        "unit_name",
        "project",
        "message",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let findings = c.json["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        assert_eq!(keys(f), finding_keys, "{f}");
        assert!(!f["message"].as_str().unwrap().is_empty(), "{f}");
    }
    assert_eq!(c.json["files"], 2);
    assert_eq!(
        c.json["counts"],
        serde_json::json!({"found": 2, "read": 2, "skipped": 0, "failed": 0})
    );
    assert_eq!(c.json["cards"], 2);
    assert_eq!(c.json["project_cards"], 1);
    assert_eq!(c.json["overall_cards"], 1);
    // The counts are the findings by severity.
    for (key, sev) in [("errors", "错误"), ("warnings", "警告"), ("infos", "提示")] {
        assert_eq!(
            c.json[key].as_u64().unwrap() as usize,
            c.of_severity(&[sev]).len(),
            "{key}"
        );
    }
    assert_eq!(c.json["errors"], 1);
    assert_eq!(c.json["infos"], 1);
    let m01 = findings.iter().find(|f| f["rule"] == "M01").unwrap();
    assert_eq!(m01["project"], PROJECT);
    assert_eq!(m01["unit_name"], UNIT);
    assert_eq!(m01["cell"], TargetCard::default().cells().total);
    assert_eq!(
        c.json["skipped_sheets"],
        serde_json::json!([{"file": "b.xlsx", "sheet": "填报说明"}])
    );
}

#[test]
fn csv_format_header() {
    let wd = Workdir::new();
    save_target(
        &wd.path("in/a.xlsx"),
        &TargetCard::with(|c| c.total = num(150.0)),
    );
    save_target(
        &wd.path("in/b.xlsx"),
        &TargetCard::with(|c| {
            c.code = Some(Code::Text("301001240002".into()));
            c.name = Some("学生资助经费".into());
            c.attribute = "新建".into();
        }),
    );
    let json = validate(&wd, &["in"]);
    let run = wd.run(&["validate", "in", "--format", "csv"]);
    run.expect_code(1);
    let out = run.stdout();
    let first = out.lines().next().unwrap_or("");
    assert_eq!(
        first.trim_start_matches('\u{feff}'),
        "严重程度,规则编码,单位编码,单位名称,项目名称,来源文件,来源工作表,单元格,说明"
    );
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), json.found.len(), "{out}");
    let rules: Vec<&str> = records.iter().map(|r| &r[1]).collect();
    let want: Vec<&str> = json.found.iter().map(|f| f.rule.as_str()).collect();
    assert_eq!(rules, want);
    assert!(rules.contains(&"M01") && rules.contains(&"S09"), "{out}");
}

#[test]
fn report_writes_findings_sheet() {
    let wd = Workdir::new();
    save_target(
        &wd.path("in/a.xlsx"),
        &TargetCard::with(|c| c.total = num(150.0)),
    );
    save_target(
        &wd.path("in/b.xlsx"),
        &TargetCard::with(|c| {
            c.code = Some(Code::Text("301001240002".into()));
            c.name = Some("学生资助经费".into());
            c.attribute = "新建".into();
            c.indicators[0].value = "30".into();
        }),
    );
    let c = validate(&wd, &["in", "--report", "report.xlsx"]);
    assert!(c.found.len() >= 3, "{}", c.listing());
    let sheet = read_sheet(&wd.path("report.xlsx"), "问题清单");
    assert_eq!(sheet.rows.len(), c.found.len());
    for (i, f) in c.found.iter().enumerate() {
        assert_eq!(sheet.text(i, "规则编码"), f.rule);
        assert_eq!(sheet.text(i, "严重程度"), f.severity);
        assert_eq!(sheet.text(i, "来源文件"), f.file);
        assert_eq!(sheet.text(i, "单元格"), f.cell);
    }
}

#[test]
fn lock_and_system_files_are_skipped_silently() {
    let wd = Workdir::new();
    save_target(&wd.path("in/a.xlsx"), &TargetCard::default());
    std::fs::write(wd.path("in/~$a.xlsx"), b"\x0cowner lock").unwrap();
    std::fs::write(wd.path("in/.DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    std::fs::write(wd.path("in/.~lock.a.xlsx#"), b"owner,host").unwrap();
    std::fs::write(wd.path("in/._a.xlsx"), b"\0\x05\x16\x07").unwrap();
    let c = validate(&wd, &["in"]);
    assert_eq!(c.json["files"], 1);
    assert!(c.found.is_empty(), "{}", c.listing());
    assert_eq!(c.json["skipped_sheets"], serde_json::json!([]));
    c.run.expect_code(0);
}
