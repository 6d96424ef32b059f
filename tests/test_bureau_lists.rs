//! The bureau's own lists (FORMS §2) as other programs and people keep them: the sample
//! district's roster, budget project list and execution export rewritten in other layouts
//! (title and unit lines, amounts in 元, 小计/合计 rows, notes below, two sheets, a hidden stale
//! copy, a two-row header, a project on two rows, a unit code merged down its projects, a unit
//! on two rows of the export). Each layout must give the coverage, the chase list and the
//! execution figures of the original, to the cent.

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use common::*;
use rust_xlsxwriter::{Workbook, Worksheet};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    project_dir().join("fixtures")
}

/// A list as rows of cells: the header, then the entries.
#[derive(Clone)]
struct List {
    header: Vec<String>,
    rows: Vec<Vec<Data>>,
}

impl List {
    /// The list of a fixture workbook's first sheet, from its row holding `key`.
    fn of(file: &str, key: &str) -> List {
        let mut book = open_workbook_auto(fixtures().join(file)).unwrap();
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
        let at = rows
            .iter()
            .position(|r| r.iter().any(|c| cell_text(c) == key))
            .unwrap();
        List {
            header: rows[at].iter().map(cell_text).collect(),
            rows: rows[at + 1..]
                .iter()
                .filter(|r| r.iter().any(|c| !matches!(c, Data::Empty)))
                .cloned()
                .collect(),
        }
    }

    fn col(&self, name: &str) -> usize {
        self.header.iter().position(|h| h == name).unwrap()
    }

    /// Every amount of these columns multiplied by 10,000 (the list in 元).
    fn in_yuan(mut self, cols: &[&str]) -> List {
        for name in cols {
            let c = self.col(name);
            for r in &mut self.rows {
                if let Data::Float(f) = r[c] {
                    r[c] = Data::Float((f * 10_000.0 * 100.0).round() / 100.0);
                }
            }
        }
        self
    }
}

fn write_cell(ws: &mut Worksheet, r: u32, c: u16, d: &Data) {
    match d {
        Data::Empty => {}
        Data::Float(f) => {
            ws.write_number(r, c, *f).unwrap();
        }
        Data::Int(i) => {
            ws.write_number(r, c, *i as f64).unwrap();
        }
        other => {
            ws.write_string(r, c, cell_text(other)).unwrap();
        }
    }
}

/// Writes `lines` (title and unit lines) from row 0, then the header and the rows.
fn write_list(ws: &mut Worksheet, lines: &[&str], header: &[String], rows: &[Vec<Data>]) {
    for (i, l) in lines.iter().enumerate() {
        ws.write_string(i as u32, 0, *l).unwrap();
    }
    let top = lines.len() as u32;
    for (c, h) in header.iter().enumerate() {
        ws.write_string(top, c as u16, h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, d) in row.iter().enumerate() {
            write_cell(ws, top + 1 + i as u32, c as u16, d);
        }
    }
}

fn save(book: &mut Workbook, path: &Path) {
    book.save(path).unwrap();
}

/// `jixiao coverage` of the sample district's target returns with this roster and budget list
/// (and `extra` arguments), which must exit 0 or 1.
fn run_coverage(wd: &Workdir, roster: &Path, budget: &Path, extra: &[&str]) -> Run {
    let targets = fixtures().join("targets");
    let mut args = vec![
        "coverage",
        targets.to_str().unwrap(),
        "--roster",
        roster.to_str().unwrap(),
        "--budget",
        budget.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = wd.run(&args);
    assert!(
        matches!(run.code(), 0 | 1),
        "coverage exited {}: {}",
        run.code(),
        run.stderr()
    );
    run
}

/// The coverage as JSON.
fn coverage(wd: &Workdir, roster: &Path, budget: &Path) -> Value {
    let run = run_coverage(wd, roster, budget, &["--format", "json", "-q"]);
    serde_json::from_str(&run.stdout()).unwrap()
}

/// What a clerk reads of a coverage: the totals, the chase list (with the contacts) and the
/// missing projects.
fn figures(v: &Value) -> (Value, Value, Value) {
    (
        v["total"].clone(),
        v["chase"].clone(),
        v["missing_projects"].clone(),
    )
}

#[test]
fn budget_lists_in_other_layouts_give_the_same_coverage() {
    let wd = Workdir::new();
    let roster = fixtures().join("roster.xlsx");
    let truth = figures(&coverage(
        &wd,
        &roster,
        &fixtures().join("budget-2024.xlsx"),
    ));
    assert!(
        truth.0["funds"]["expected"]
            .as_str()
            .is_some_and(|f| f != "0.00")
    );
    assert!(!truth.1.as_array().unwrap().is_empty(), "someone to chase");
    let list = List::of("budget-2024.xlsx", "项目名称");
    let (unit, name, amount) = (
        list.col("单位编码"),
        list.col("项目名称"),
        list.col("本年预算数"),
    );
    let width = list.header.len();
    let blank = || vec![Data::Empty; width];

    let mut layouts: Vec<(&str, PathBuf)> = Vec::new();
    // Title lines, `单位：元` above a header without a unit, a 小计 row after each unit and a
    // 合计 row, notes below.
    {
        let yuan = list.clone().in_yuan(&["本年预算数", "上年预算数"]);
        let mut rows = Vec::new();
        let mut sum = 0.0;
        for (i, r) in yuan.rows.iter().enumerate() {
            rows.push(r.clone());
            sum += match r[amount] {
                Data::Float(f) => f,
                _ => 0.0,
            };
            let next_unit = yuan.rows.get(i + 1).map(|n| cell_text(&n[unit]));
            if next_unit.as_deref() != Some(&cell_text(&r[unit])) {
                let mut s = blank();
                s[unit] = r[unit].clone();
                s[name] = Data::String("小计".into());
                s[amount] = Data::Float(sum);
                rows.push(s);
                sum = 0.0;
            }
        }
        let mut total = blank();
        total[0] = Data::String("合计".into());
        rows.push(total);
        let mut note = blank();
        note[0] = Data::String("注：本表由预算管理一体化系统导出。".into());
        rows.push(note);
        let mut book = Workbook::new();
        write_list(
            book.add_worksheet(),
            &["2024年部门预算项目清单", "单位：元"],
            &yuan.header,
            &rows,
        );
        let p = wd.path("subtotals_yuan.xlsx");
        save(&mut book, &p);
        layouts.push(("小计/合计 rows, 单位：元 line", p));
    }
    // The header says （元）; the list split over two sheets by 预算类型; a hidden stale copy
    // first.
    {
        let mut header = list.header.clone();
        header[amount] = "本年预算数（元）".into();
        let yuan = list.clone().in_yuan(&["本年预算数"]);
        let kind = list.col("预算类型");
        let (general, other): (Vec<_>, Vec<_>) = yuan
            .rows
            .iter()
            .cloned()
            .partition(|r| cell_text(&r[kind]) == "一般公共预算");
        assert!(!general.is_empty() && !other.is_empty());
        let mut book = Workbook::new();
        let stale = book.add_worksheet();
        stale.set_name("旧版").unwrap();
        // Last year's amounts (doubled here): read, they would change the figures.
        let old: Vec<Vec<Data>> = yuan.rows[..5]
            .iter()
            .map(|r| {
                let mut r = r.clone();
                if let Data::Float(f) = r[amount] {
                    r[amount] = Data::Float(f * 2.0);
                }
                r
            })
            .collect();
        write_list(stale, &[], &header, &old);
        stale.set_hidden(true);
        let a = book.add_worksheet();
        a.set_name("一般公共预算").unwrap();
        // The first visible sheet is the one open (a workbook's open sheet cannot be hidden).
        a.set_active(true);
        write_list(a, &[], &header, &general);
        let b = book.add_worksheet();
        b.set_name("其他预算").unwrap();
        write_list(b, &["政府性基金预算、国有资本经营预算"], &header, &other);
        let p = wd.path("sheets.xlsx");
        save(&mut book, &p);
        layouts.push(("two sheets, a hidden stale copy, （元）", p));
    }
    // A two-row header: `预算数` over `上年预算数 | 本年预算数`, in that order.
    {
        let last = list.col("上年预算数");
        let mut order: Vec<usize> = (0..width).filter(|&c| c != amount && c != last).collect();
        order.extend([last, amount]);
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        for (k, &c) in order.iter().enumerate() {
            if c == last {
                ws.write_string(0, k as u16, "预算数").unwrap();
                ws.write_string(1, k as u16, "上年预算数").unwrap();
            } else if c == amount {
                ws.write_string(1, k as u16, "本年预算数").unwrap();
            } else {
                ws.write_string(0, k as u16, &list.header[c]).unwrap();
            }
        }
        for (i, r) in list.rows.iter().enumerate() {
            for (k, &c) in order.iter().enumerate() {
                write_cell(ws, 2 + i as u32, k as u16, &r[c]);
            }
        }
        let p = wd.path("two_row_header.xlsx");
        save(&mut book, &p);
        layouts.push(("two-row header", p));
    }
    // The unit code on a unit's first row only (merged down), and every 7th project on two
    // rows of the same code (its amount split).
    {
        let mut rows = Vec::new();
        let mut previous = String::new();
        for (i, r) in list.rows.iter().enumerate() {
            let mut r = r.clone();
            let code = cell_text(&r[unit]);
            if code == previous {
                r[unit] = Data::Empty;
            }
            previous = code;
            match (i % 7, r[amount].clone()) {
                (3, Data::Float(f)) if f > 1.0 => {
                    let half = (f * 50.0).round() / 100.0;
                    r[amount] = Data::Float(half);
                    let mut rest = r.clone();
                    rest[unit] = Data::Empty;
                    rest[amount] = Data::Float(((f - half) * 100.0).round() / 100.0);
                    rest[list.col("上年预算数")] = Data::Empty;
                    rows.push(r);
                    rows.push(rest);
                }
                _ => rows.push(r),
            }
        }
        let mut book = Workbook::new();
        write_list(book.add_worksheet(), &[], &list.header, &rows);
        let p = wd.path("merged_split.xlsx");
        save(&mut book, &p);
        layouts.push(("unit code merged down, projects on two rows", p));
    }
    for (what, path) in &layouts {
        let got = figures(&coverage(&wd, &roster, path));
        assert_eq!(got, truth, "{what}");
    }
    // What was done to a list is said on stderr; so are project codes stored as numbers
    // (shown in scientific notation, their digits perhaps lost).
    let mut numbers = list.clone();
    let code = numbers.col("项目编码");
    for r in numbers.rows.iter_mut().take(3) {
        r[code] = Data::Float(cell_text(&r[code]).parse().unwrap());
    }
    let mut book = Workbook::new();
    write_list(book.add_worksheet(), &[], &numbers.header, &numbers.rows);
    let p = wd.path("numbers.xlsx");
    save(&mut book, &p);
    let run = run_coverage(&wd, &roster, &p, &[]);
    assert!(
        run.stderr().contains("3 个项目编码以科学计数法存储"),
        "{}",
        run.stderr()
    );
    let run = run_coverage(&wd, &roster, &layouts[1].1, &[]);
    assert!(
        run.stderr().contains("隐藏工作表“旧版”"),
        "{}",
        run.stderr()
    );
}

#[test]
fn rosters_in_other_layouts_give_the_same_coverage() {
    let wd = Workdir::new();
    let budget = fixtures().join("budget-2024.xlsx");
    let truth = figures(&coverage(&wd, &fixtures().join("roster.xlsx"), &budget));
    let list = List::of("roster.xlsx", "单位名称");
    let has = list.col("是否有项目支出");
    let mut header = list.header.clone();
    header[list.col("邮箱")] = "电子邮箱".into();
    header[list.col("联系人")] = "联系人姓名".into();
    let spellings = ["否（无项目支出）", "无项目支出", "×", "否 "];
    let mut k = 0;
    let mut rows: Vec<Vec<Data>> = list
        .rows
        .iter()
        .map(|r| {
            let mut r = r.clone();
            if cell_text(&r[has]) == "否" {
                r[has] = Data::String(spellings[k % spellings.len()].into());
                k += 1;
            }
            r
        })
        .collect();
    assert!(k >= 3, "the roster has units without projects");
    for foot in [
        "合计：86个单位",
        "注：单位类型按机构编制部门批复。",
        "制表人：张三",
    ] {
        let mut r = vec![Data::Empty; header.len()];
        r[0] = Data::String(foot.into());
        rows.push(r);
    }
    let mut book = Workbook::new();
    let template = book.add_worksheet();
    template.set_name("模板").unwrap();
    write_list(template, &[], &header, &[]);
    template.set_hidden(true);
    let units = book.add_worksheet();
    units.set_active(true);
    write_list(units, &["2024年预算单位名册"], &header, &rows);
    let p = wd.path("roster.xlsx");
    save(&mut book, &p);
    // The chase list carries the contacts, read under their other headers.
    assert_eq!(figures(&coverage(&wd, &p, &budget)), truth);
}

#[test]
fn an_execution_export_in_yuan_with_a_unit_on_two_rows_gives_the_same_figures() {
    let wd = Workdir::new();
    let roster = fixtures().join("roster.xlsx");
    let budget = fixtures().join("budget-2024.xlsx");
    let unit_sums = |execution: &Path, out: &str| -> Vec<(String, Option<f64>, Option<f64>)> {
        let run = wd.run(&[
            "consolidate",
            fixtures().join("monitor").to_str().unwrap(),
            "--stage",
            "monitor",
            "--roster",
            roster.to_str().unwrap(),
            "--budget",
            budget.to_str().unwrap(),
            "--execution",
            execution.to_str().unwrap(),
            "--out",
            out,
            "-q",
        ]);
        assert!(matches!(run.code(), 0 | 1), "{}", run.stderr());
        let t = read_sheet(&wd.path(out), "单位执行进度");
        (0..t.rows.len())
            .map(|r| {
                (
                    t.text(r, "单位编码"),
                    t.num(r, "年初预算数").map(|x| (x * 100.0).round()),
                    t.num(r, "执行数").map(|x| (x * 100.0).round()),
                )
            })
            .collect()
    };
    let truth = unit_sums(&fixtures().join("execution-2024-07.xlsx"), "truth.xlsx");
    assert!(truth.iter().filter(|r| r.2.is_some()).count() > 80);
    let list = List::of("execution-2024-07.xlsx", "单位编码").in_yuan(&[
        "年初预算数",
        "调整后预算数",
        "1-7月执行数",
    ]);
    // Each unit on two rows (财政拨款 and 单位资金), the amounts split.
    let mut rows = Vec::new();
    for r in &list.rows {
        let mut a = r.clone();
        let mut b = r.clone();
        for c in 2..r.len() {
            if let Data::Float(f) = r[c] {
                let part = (f * 0.6).round();
                a[c] = Data::Float(part);
                b[c] = Data::Float(f - part);
            }
        }
        rows.push(a);
        rows.push(b);
    }
    let mut header = list.header.clone();
    for h in header.iter_mut().skip(2) {
        h.push_str("（元）");
    }
    let mut book = Workbook::new();
    write_list(
        book.add_worksheet(),
        &["2024年1-7月预算执行情况表"],
        &header,
        &rows,
    );
    let p = wd.path("execution.xlsx");
    save(&mut book, &p);
    assert_eq!(unit_sums(&p, "yuan.xlsx"), truth);
}
