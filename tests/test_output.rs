//! Output that scripts and Excel take as it is: CSV with a byte-order mark (or not, on
//! request), coverage's lists in CSV, the data's verdict kept when a reader closes stdout early,
//! `--out` refused unless it names an `.xlsx`, money in JSON as exact decimal strings and
//! `null` for every absent value, and dates of the 1904 date system read right.

#[path = "common/cards.rs"]
mod cards;
mod common;

use cards::*;
use common::*;
use std::io::Read;
use std::process::{Command, Stdio};

/// A folder with one card of 区教育局 carrying an error (M01) and a roster of two units (so one
/// is missing).
fn district(wd: &Workdir) {
    let card = TargetCard {
        fiscal: num(1.0),
        ..TargetCard::default()
    };
    save_target(&wd.path("收表/301001_区教育局.xlsx"), &card);
    write_roster(&wd.path("roster.xlsx"), &roster_units());
}

#[test]
fn csv_starts_with_a_byte_order_mark_unless_asked_not_to() {
    let wd = Workdir::new();
    district(&wd);
    let with = wd.run(&["validate", "收表", "--format", "csv", "-q"]);
    assert!(with.out.stdout.starts_with("\u{FEFF}".as_bytes()), "BOM");
    assert!(with.stdout().contains("规则编码"));
    let without = wd.run(&["validate", "收表", "--format", "csv", "--no-bom", "-q"]);
    assert!(without.out.stdout.starts_with("严重程度".as_bytes()));
    // consolidate's list of the sheets written, the same way.
    let with = wd.run(&[
        "consolidate",
        "收表",
        "--out",
        "汇总.xlsx",
        "--format",
        "csv",
    ]);
    assert!(with.out.stdout.starts_with("\u{FEFF}".as_bytes()), "BOM");
    let without = wd.run(&[
        "consolidate",
        "收表",
        "--out",
        "汇总.xlsx",
        "--format",
        "csv",
        "--no-bom",
    ]);
    let text = without.stdout();
    assert!(text.starts_with("工作表,行数\n"), "{text}");
    assert!(text.lines().any(|l| l == "项目汇总,1"), "{text}");
}

#[test]
fn coverage_csv_carries_the_chase_list_and_the_missing_projects() {
    let wd = Workdir::new();
    district(&wd);
    let run = wd.run(&[
        "coverage",
        "收表",
        "--roster",
        "roster.xlsx",
        "--format",
        "csv",
        "-q",
    ]);
    let text = run.stdout();
    for section in ["覆盖情况", "催报名单", "缺报项目", "无项目支出单位"] {
        assert!(
            text.lines()
                .any(|l| l.trim_start_matches('\u{FEFF}') == section),
            "{section} in {text}"
        );
    }
    assert!(text.contains("区卫生健康局"), "the missing unit is listed");
}

#[test]
fn coverage_exits_0_when_only_units_are_missing_and_1_with_strict() {
    let wd = Workdir::new();
    save_target(
        &wd.path("收表/301001_区教育局.xlsx"),
        &TargetCard::default(),
    );
    write_roster(&wd.path("roster.xlsx"), &roster_units());
    wd.run(&["coverage", "收表", "--roster", "roster.xlsx", "-q"])
        .expect_code(0);
    wd.run(&[
        "coverage",
        "收表",
        "--roster",
        "roster.xlsx",
        "--strict",
        "-q",
    ])
    .expect_code(1);
}

#[test]
fn a_reader_closing_stdout_early_does_not_turn_errors_into_success() {
    let wd = Workdir::new();
    district(&wd);
    // Enough findings that the output outgrows the pipe's buffer: the writer meets the closed
    // pipe for sure.
    for i in 0..300 {
        std::fs::copy(
            wd.path("收表/301001_区教育局.xlsx"),
            wd.path(&format!("收表/301001_区教育局_{i:03}.xlsx")),
        )
        .unwrap();
    }
    for format in ["table", "json", "csv"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(["validate", "收表", "-q", "--format", format])
            .current_dir(wd.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Like `| head -c 1`: read a byte, then close the pipe.
        let mut out = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        let _ = out.read(&mut byte);
        drop(out);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(1), "--format {format}");
    }
}

#[test]
fn an_out_that_is_not_an_xlsx_is_refused_with_a_hint() {
    let wd = Workdir::new();
    district(&wd);
    for args in [
        vec!["consolidate", "收表", "--out", "汇总.csv"],
        vec!["validate", "收表", "--report", "问题.json"],
        vec![
            "coverage",
            "收表",
            "--roster",
            "roster.xlsx",
            "--out",
            "覆盖",
        ],
    ] {
        let run = wd.run(&args);
        run.expect_code(2);
        assert!(run.stderr().contains(".xlsx"), "{}", run.stderr());
        assert!(!wd.path("汇总.csv").exists());
    }
    wd.run(&["consolidate", "收表", "--out", "汇总.XLSX", "-q"])
        .expect_code(1);
}

#[test]
fn json_money_is_an_exact_decimal_string_and_absent_values_are_null() {
    let wd = Workdir::new();
    district(&wd);
    let run = wd.run(&[
        "coverage",
        "收表",
        "--roster",
        "roster.xlsx",
        "--format",
        "json",
        "-q",
    ]);
    let json = run.json();
    let funds = &json["chase"][0]["funds"];
    assert!(funds.is_string(), "money as a string: {funds}");
    let s = funds.as_str().unwrap();
    assert_eq!(s.split('.').nth(1).map(str::len), Some(2), "{s}");
    // Findings: a file-level finding's sheet and an unknown unit are null, never "".
    std::fs::write(wd.path("收表/坏.xlsx"), b"not a workbook").unwrap();
    let v = wd
        .run(&["validate", "收表", "--format", "json", "-q"])
        .json();
    let text = serde_json::to_string(&v).unwrap();
    assert!(!text.contains("\"\""), "no empty strings in {text}");
    let bad = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "坏.xlsx")
        .unwrap();
    assert!(bad["sheet"].is_null());
    assert!(bad["cell"].is_null());
}

#[test]
fn dates_of_the_1904_date_system_read_as_the_same_day() {
    let dir = project_dir().join("tests/data/dates");
    for file in ["target-1900.xlsx", "target-1904.xlsx"] {
        let wd = Workdir::new();
        wd.run(&[
            "consolidate",
            &dir.join(file).display().to_string(),
            "--out",
            "out.xlsx",
            "-q",
        ]);
        let ind = read_sheet(&wd.path("out.xlsx"), "指标明细");
        let r = ind.rows_where("三级指标", "完工时间").next().unwrap();
        assert_eq!(ind.text(r, "指标值"), "2024年12月31日", "{file}");
    }
}

#[test]
fn units_of_one_name_among_the_most_errors_are_told_apart_by_their_codes() {
    // Two units of the roster share a name (a 本级 and a subordinate body, say); each hands in a
    // card with an error; a third unit's name is its own.
    let wd = Workdir::new();
    let units = vec![
        unit("301001", "区教育局"),
        unit("301002", "区教育局"),
        unit("302001", "区卫生健康局"),
    ];
    write_roster(&wd.path("roster.xlsx"), &units);
    for (code, name) in [
        ("301001", "区教育局"),
        ("301002", "区教育局"),
        ("302001", "区卫生健康局"),
    ] {
        let card = TargetCard::with(|c| {
            c.fiscal = num(1.0);
            c.unit = Some(name.into());
            c.name = Some(format!("{name}{code}项目"));
            c.code = None;
        });
        save_target(&wd.path(&format!("收表/{code}_{name}.xlsx")), &card);
    }
    let run = wd.run(&["validate", "收表", "--roster", "roster.xlsx"]);
    let err = run.stderr();
    let line = err
        .lines()
        .find(|l| l.starts_with("错误最多的单位："))
        .unwrap_or_else(|| panic!("no line of the units with most errors:\n{err}"));
    assert!(line.contains("区教育局（301001）"), "{line}");
    assert!(line.contains("区教育局（301002）"), "{line}");
    assert!(
        line.contains("区卫生健康局 ") && !line.contains("302001"),
        "{line}"
    );
}
