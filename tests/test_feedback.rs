//! `jixiao feedback`: one workbook per unit that handed in, every finding in exactly one of them,
//! marked on a copy of the card at the cell it names.

#[path = "common/cards.rs"]
mod cards;
mod common;

use cards::*;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const ERROR_FILL: &str = "FFFFC7CE";
const WARNING_FILL: &str = "FFFFEB9C";
const INFO_FILL: &str = "FFDDEBF7";

/// A finding as `validate --format json` gives it and as a `问题清单` row shows it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Seen {
    file: String,
    sheet: String,
    cell: String,
    rule: String,
    severity: String,
}

/// A small district: 区教育局 with planted errors on two cards (and a budget project it did not
/// hand in), 区卫生健康局 clean, 区民政局 an unreadable file, a unit outside the roster, and
/// 区文化馆 who handed in nothing.
struct District {
    wd: Workdir,
    /// The emptied 指标值 of 区教育局's second card.
    empty_value: String,
}

fn district() -> District {
    let wd = Workdir::new();
    write_roster(
        &wd.path("单位名册.xlsx"),
        &[
            unit(UNIT_CODE, UNIT),
            unit("302001", "区卫生健康局"),
            unit("303001", "区民政局"),
            unit("304001", "区文化馆"),
        ],
    );
    write_budget(
        &wd.path("预算项目清单.xlsx"),
        &[
            budget_row(UNIT_CODE, PROJECT_CODE, PROJECT, 120.0),
            budget_row(UNIT_CODE, "301001240002", "课后服务经费", 80.0),
            budget_row(UNIT_CODE, "301001240003", "教师培训经费", 50.0),
            budget_row("302001", "302001240001", "公共卫生服务", 60.0),
        ],
    );
    // 区教育局: parts that do not add up on 项目1, an empty 指标值 on 项目2.
    let first = TargetCard::with(|c| c.fiscal = num(90.0));
    let mut second = TargetCard::with(|c| {
        c.sheet = "项目2".into();
        c.name = Some("课后服务经费".into());
        c.code = Some(Code::Text("301001240002".into()));
        c.total = num(80.0);
        c.fiscal = num(60.0);
        c.other = num(20.0);
    });
    second.indicators[1].value = String::new();
    let empty_value = second.cells().value(1);
    Book::new()
        .target(first)
        .target(second)
        .save(&wd.path("收表/301001_区教育局.xlsx"));
    let clean = TargetCard::with(|c| {
        c.name = Some("公共卫生服务".into());
        c.code = Some(Code::Text("302001240001".into()));
        c.unit = Some("区卫生健康局".into());
        c.department = "区卫生健康局".into();
        c.total = num(60.0);
        c.fiscal = num(50.0);
        c.other = num(10.0);
    });
    save_target(&wd.path("收表/302001_区卫生健康局.xlsx"), &clean);
    std::fs::write(
        wd.path("收表/303001_区民政局.xlsx"),
        [0u8, 159, 146, 150, 1, 2, 3],
    )
    .unwrap();
    let outside = TargetCard::with(|c| {
        c.name = Some("外来项目".into());
        c.code = None;
        c.unit = Some("区外来局".into());
        c.department = "区外来局".into();
        c.total = num(10.0);
        c.fiscal = num(10.0);
        c.other = num(0.0);
    });
    save_target(&wd.path("收表/外单位报表.xlsx"), &outside);
    District { wd, empty_value }
}

fn validate_findings(wd: &Workdir, inputs: &[&str]) -> Vec<Seen> {
    let mut args = vec!["validate"];
    args.extend_from_slice(inputs);
    args.extend(["--format", "json", "-q"]);
    let run = wd.run(&args);
    let json = run.json();
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    let mut out: Vec<Seen> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| Seen {
            file: s(&f["file"]),
            sheet: s(&f["sheet"]),
            cell: s(&f["cell"]),
            rule: s(&f["rule"]),
            severity: s(&f["severity"]),
        })
        .collect();
    out.sort();
    out
}

/// The rows of a feedback workbook's `问题清单` (none when it has no such sheet).
fn listed(book: &Path) -> Vec<Seen> {
    if !sheet_names(book).iter().any(|n| n == "问题清单") {
        return Vec::new();
    }
    let t = read_sheet(book, "问题清单");
    (0..t.rows.len())
        .map(|r| Seen {
            file: t.text(r, "来源文件"),
            sheet: t.text(r, "来源工作表"),
            cell: t.text(r, "单元格"),
            rule: t.text(r, "规则编码"),
            severity: t.text(r, "严重程度"),
        })
        .collect()
}

fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// The text of the `反馈说明` sheet, all cells joined.
fn guide_text(book: &Path) -> String {
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(book).unwrap();
    let range = wb.worksheet_range("反馈说明").unwrap();
    range
        .cells()
        .map(|(_, _, d)| cell_text(d))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_feedback(d: &District, out: &str) -> Run {
    d.wd.run(&[
        "feedback",
        "收表",
        "--roster",
        "单位名册.xlsx",
        "--budget",
        "预算项目清单.xlsx",
        "--out",
        out,
        "--deadline",
        "2024年3月20日",
        "--contact",
        "预算科 张三 028-12345678",
        "--format",
        "json",
    ])
}

#[test]
fn one_workbook_per_unit_and_every_finding_in_exactly_one() {
    let d = district();
    let expected = validate_findings(
        &d.wd,
        &[
            "收表",
            "--roster",
            "单位名册.xlsx",
            "--budget",
            "预算项目清单.xlsx",
        ],
    );
    // The planted problems are there, the clean unit has none.
    let has = |file: &str, rule: &str| expected.iter().any(|f| f.file == file && f.rule == rule);
    assert!(has("301001_区教育局.xlsx", "M01"), "{expected:#?}");
    assert!(
        expected.iter().any(|f| f.file == "301001_区教育局.xlsx"
            && f.rule == "I12"
            && f.cell == d.empty_value),
        "{expected:#?}"
    );
    assert!(has("303001_区民政局.xlsx", "F01"));
    assert!(has("外单位报表.xlsx", "S04"));
    assert!(
        !expected
            .iter()
            .any(|f| f.file == "302001_区卫生健康局.xlsx")
    );

    let run = run_feedback(&d, "反馈");
    run.expect_code(1);
    let json = run.json();
    let dir = d.wd.path("反馈");
    let books = workbooks(&dir);
    let names: Vec<String> = books.iter().map(|p| file_name(p)).collect();
    assert_eq!(
        names,
        [
            "301001_区教育局_绩效目标反馈.xlsx",
            "302001_区卫生健康局_绩效目标反馈.xlsx",
            "303001_区民政局_绩效目标反馈.xlsx",
            "名册外_区外来局_绩效目标反馈.xlsx",
        ],
        "{}",
        run.stderr()
    );
    assert_eq!(json["units"], 4);
    assert_eq!(json["workbooks"].as_array().unwrap().len(), 4);
    assert_eq!(json["outside_roster"][0], "区外来局");
    assert_eq!(json["findings"].as_u64().unwrap() as usize, expected.len());
    // stderr: how many, and who is outside the roster.
    let err = run.stderr();
    assert!(err.contains("已写出 4 个反馈工作簿"), "{err}");
    assert!(err.contains("名册外 1 个"), "{err}");
    assert!(err.contains("“区外来局”"), "{err}");

    // Every finding in exactly one workbook's 问题清单, and in its unit's.
    let mut all = Vec::new();
    let mut per_book: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
    for b in &books {
        let rows = listed(b);
        // Errors first.
        let ranks: Vec<u8> = rows
            .iter()
            .map(|r| match r.severity.as_str() {
                "错误" => 0,
                "警告" => 1,
                _ => 2,
            })
            .collect();
        assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{rows:#?}");
        all.extend(rows.clone());
        per_book.insert(file_name(b), rows);
    }
    all.sort();
    assert_eq!(all, expected);
    for (book, rows) in &per_book {
        for r in rows {
            let owner = match r.file.as_str() {
                "301001_区教育局.xlsx" => "301001_",
                "302001_区卫生健康局.xlsx" => "302001_",
                "303001_区民政局.xlsx" => "303001_",
                _ => "名册外_",
            };
            assert!(book.starts_with(owner), "{r:?} in {book}");
        }
    }

    // 区教育局: the guide, the findings, the project not handed in, a copy of each card.
    let edu = &books[0];
    assert_eq!(
        sheet_names(edu),
        ["反馈说明", "问题清单", "缺报项目", "项目1", "项目2"]
    );
    let guide = guide_text(edu);
    for want in [
        "301001 区教育局",
        "已报-有错误",
        "改正",
        "重新报送",
        "2024年3月20日",
        "预算科 张三 028-12345678",
    ] {
        assert!(guide.contains(want), "{want} not in {guide}");
    }
    let missing = read_sheet(edu, "缺报项目");
    assert_eq!(missing.rows.len(), 1);
    assert_eq!(missing.text(0, "项目编码"), "301001240003");
    // The copy holds the card's values at the same cells.
    let copy = read_sheet(edu, "项目2");
    let name_cell = TargetCard::default().cells().name;
    let at = jixiao::cellref::CellRef::parse(&name_cell).unwrap();
    // read_sheet takes row 0 as the header.
    let value = if at.row == 0 {
        copy.header[at.col as usize].clone()
    } else {
        cell_text(&copy.rows[at.row as usize - 1][at.col as usize])
    };
    assert_eq!(value, "课后服务经费");

    // The clean unit: a confirmation only.
    let clean = &books[1];
    assert_eq!(sheet_names(clean), ["反馈说明"]);
    let guide = guide_text(clean);
    assert!(guide.contains("已报-通过"), "{guide}");
    assert!(guide.contains("已通过审核"), "{guide}");
    assert!(guide.contains("无需重新报送"), "{guide}");

    // The unreadable file: in 问题清单 only, no copy.
    let bad = &books[2];
    assert_eq!(sheet_names(bad), ["反馈说明", "问题清单"]);
    assert!(
        listed(bad)
            .iter()
            .all(|r| r.rule == "F01" && r.cell.is_empty())
    );

    // Outside the roster: said so, and a copy of its card.
    let outside = &books[3];
    assert!(sheet_names(outside).contains(&"项目1".to_string()));
    let guide = guide_text(outside);
    assert!(guide.contains("名册外"), "{guide}");
    assert!(guide.contains("不在财政局的单位名册中"), "{guide}");
}

fn comment_text(c: &umya_spreadsheet::Comment) -> String {
    let t = c.text();
    if let Some(r) = t.rich_text() {
        r.text().to_string()
    } else if let Some(x) = t.text() {
        x.value().to_string()
    } else {
        String::new()
    }
}

/// Each finding at a cell of a card: a note at that cell naming the rule, and the fill of its
/// severity.
fn assert_marked(book: &Path, findings: &[&Seen]) {
    let wb = umya_spreadsheet::reader::xlsx::read(book)
        .unwrap_or_else(|e| panic!("umya reads {}: {e:?}", book.display()));
    assert!(!findings.is_empty());
    for f in findings {
        let ws = wb
            .sheet_by_name(&f.sheet)
            .unwrap_or_else(|_| panic!("no copy of {} in {}", f.sheet, book.display()));
        let notes: Vec<String> = ws
            .comments()
            .iter()
            .filter(|c| c.coordinate().to_string() == f.cell)
            .map(comment_text)
            .collect();
        assert_eq!(
            notes.len(),
            1,
            "one note at {} {}: {notes:?}",
            f.sheet,
            f.cell
        );
        assert!(
            notes[0].contains(&f.rule) && notes[0].contains(&format!("【{}】", f.severity)),
            "{f:?}: {}",
            notes[0]
        );
        let want = match f.severity.as_str() {
            "错误" => ERROR_FILL,
            "警告" => WARNING_FILL,
            _ => INFO_FILL,
        };
        let fill = ws
            .style(f.cell.as_str())
            .background_color()
            .map(|c| c.argb_str())
            .unwrap_or_default();
        // Several findings at one cell: the fill of the worst.
        if findings
            .iter()
            .filter(|g| g.sheet == f.sheet && g.cell == f.cell)
            .all(|g| g.severity == f.severity)
        {
            assert_eq!(fill, want, "{f:?}");
        } else {
            assert!(!fill.is_empty(), "{f:?}");
        }
    }
    // No note where there is no finding.
    for f in findings {
        let ws = wb.sheet_by_name(&f.sheet).unwrap();
        for c in ws.comments() {
            let at = c.coordinate().to_string();
            assert!(
                findings.iter().any(|g| g.sheet == f.sheet && g.cell == at),
                "a note at {} {at} without a finding",
                f.sheet
            );
        }
    }
}

#[test]
fn findings_are_marked_at_their_cells_also_after_libreoffice_saves_the_workbook() {
    let d = district();
    let expected = validate_findings(
        &d.wd,
        &[
            "收表",
            "--roster",
            "单位名册.xlsx",
            "--budget",
            "预算项目清单.xlsx",
        ],
    );
    run_feedback(&d, "反馈").expect_code(1);
    let mut checked = 0;
    for (book, file) in [
        ("301001_区教育局_绩效目标反馈.xlsx", "301001_区教育局.xlsx"),
        ("名册外_区外来局_绩效目标反馈.xlsx", "外单位报表.xlsx"),
    ] {
        let at_cells: Vec<&Seen> = expected
            .iter()
            .filter(|f| f.file == file && !f.cell.is_empty() && !f.sheet.is_empty())
            .collect();
        // As written.
        assert_marked(&d.wd.path(&format!("反馈/{book}")), &at_cells);
        checked += at_cells.len();
    }
    assert!(checked >= 3, "{checked}");

    let Some(soffice) = soffice_or_skip(
        "findings_are_marked_at_their_cells_also_after_libreoffice_saves_the_workbook",
    ) else {
        return;
    };
    let profile = format!(
        "-env:UserInstallation=file://{}",
        d.wd.path("lo-profile").display()
    );
    let book = d.wd.path("反馈/301001_区教育局_绩效目标反馈.xlsx");
    let status = soffice_command(&soffice)
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            &d.wd.path("resaved").display().to_string(),
            &book.display().to_string(),
        ])
        .output()
        .expect("run soffice");
    let resaved = d.wd.path("resaved/301001_区教育局_绩效目标反馈.xlsx");
    assert!(
        resaved.exists(),
        "LibreOffice wrote nothing: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let at_cells: Vec<&Seen> = expected
        .iter()
        .filter(|f| f.file == "301001_区教育局.xlsx" && !f.cell.is_empty())
        .collect();
    assert_marked(&resaved, &at_cells);
    assert!(
        at_cells
            .iter()
            .any(|f| f.cell == d.empty_value && f.rule == "I12")
    );
}

#[test]
fn exit_codes_and_outputs_that_cannot_be_written() {
    let d = district();
    // No roster: refused.
    d.wd.run(&["feedback", "收表", "--out", "反馈"])
        .expect_code(2);
    // --out names a file.
    std::fs::write(d.wd.path("占用.xlsx"), b"x").unwrap();
    let r = d.wd.run(&[
        "feedback",
        "收表",
        "--roster",
        "单位名册.xlsx",
        "--out",
        "占用.xlsx",
    ]);
    r.expect_code(2);
    assert!(r.stderr().contains("文件夹"), "{}", r.stderr());
    // --out inside the folder of returned forms: the next run would read the copies.
    let r = d.wd.run(&[
        "feedback",
        "收表",
        "--roster",
        "单位名册.xlsx",
        "--out",
        "收表/反馈",
    ]);
    r.expect_code(2);
    assert!(!d.wd.path("收表/反馈").exists());
    // A clean district: 0, and one confirmation per unit.
    let wd = Workdir::new();
    write_roster(&wd.path("单位名册.xlsx"), &roster_units());
    write_budget(&wd.path("预算项目清单.xlsx"), &budget_rows());
    save_target(
        &wd.path("收表/301001_区教育局.xlsx"),
        &TargetCard::default(),
    );
    let r = wd.run(&[
        "feedback",
        "收表",
        "--roster",
        "单位名册.xlsx",
        "--budget",
        "预算项目清单.xlsx",
        "--out",
        "反馈",
        "-q",
    ]);
    r.expect_code(0);
    let books = workbooks(&wd.path("反馈"));
    assert_eq!(books.len(), 1);
    assert_eq!(sheet_names(&books[0]), ["反馈说明"]);
}

#[test]
fn the_sample_district_gets_one_workbook_per_unit_that_handed_in() {
    let wd = Workdir::new();
    let fx = project_dir().join("fixtures");
    let targets = fx.join("targets").display().to_string();
    let roster = fx.join("roster.xlsx").display().to_string();
    let budget = fx.join("budget-2024.xlsx").display().to_string();
    let inputs = [
        targets.as_str(),
        "--roster",
        roster.as_str(),
        "--budget",
        budget.as_str(),
    ];
    let expected = validate_findings(&wd, &inputs);
    let mut args = vec!["feedback"];
    args.extend_from_slice(&inputs);
    args.extend(["--out", "反馈", "--format", "json"]);
    let run = wd.run(&args);
    run.expect_code(1);
    let json = run.json();
    // Units that handed in: every roster unit with a card or a file, as coverage counts them.
    let cov = wd.run(&[
        "coverage",
        targets.as_str(),
        "--roster",
        roster.as_str(),
        "--budget",
        budget.as_str(),
        "--format",
        "json",
        "-q",
    ]);
    let cj = cov.json();
    let handed_in = cj["total"]["units"]["done"].as_u64().unwrap() as usize;
    let books = workbooks(&wd.path("反馈"));
    let outside = json["outside_roster"].as_array().unwrap().len();
    assert_eq!(books.len(), json["units"].as_u64().unwrap() as usize);
    assert_eq!(books.len() - outside, handed_in, "{}", run.stderr());
    let mut all: Vec<Seen> = books.iter().flat_map(|b| listed(b)).collect();
    all.sort();
    assert_eq!(all.len(), expected.len());
    assert_eq!(all, expected);
    // A project whose card came back as the blank template (S06) is one thing to do: its line
    // in 缺报项目 says so.
    let blank = manifest_s06_units(&fx.join("targets"));
    assert!(!blank.is_empty());
    for book in &books {
        let text = guide_text(book);
        let has = blank
            .iter()
            .any(|u| file_name(book).starts_with(u.as_str()));
        assert_eq!(
            text.contains("交回的是未填写的空白模板"),
            has,
            "{}: {text}",
            file_name(book)
        );
    }
}

/// The unit codes of the files with a planted S06 (a card returned as the blank template).
fn manifest_s06_units(dir: &Path) -> Vec<String> {
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    m["planted"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["rule"] == "S06")
        .map(|p| p["file"].as_str().unwrap()[..6].to_string())
        .collect()
}
