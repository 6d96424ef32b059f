//! Structure-aware fuzzing of the whole path, shared by `tests/test_fuzz.rs` (a short run in
//! `cargo test`) and `examples/fuzz.rs` (a long run with a seed and a time budget).
//!
//! A case starts from real cards (the sample district's returned workbooks, all three stages,
//! read back with calamine), mutates them as units and their programs do (cell values and types,
//! merged ranges, inserted and deleted rows and columns, shuffled, hidden, renamed and copied
//! sheets, labels with odd spacing and widths, formulas without results), writes them with
//! rust_xlsxwriter, and sometimes damages the bytes (XML parts, zip entries, the whole file).
//! The files go through the reader, the card extraction, the rules and the writer, and the
//! properties of issue 13 are checked: no panic, no hang (a time bound per file), every file
//! accounted for, no finding without file and cell, totals equal the sum of their rows, and
//! the written workbook reads back to the same values.
#![allow(dead_code)]

use calamine::{Data, Reader, open_workbook_auto, open_workbook_auto_from_rs};
use jixiao::batch::{self, Batch, Expect};
use jixiao::config::Config;
use jixiao::output::xlsx::fit_cell;
use jixiao::read::workbook::{InputFile, discover};
use jixiao::registry::{Budget, Roster};
use jixiao::stage::{self, Context, Stage};
use jixiao::table::{ColKind, Sheet, Val};
use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once, mpsc};
use std::time::Duration;

/// The sample district's seeded generator (SplitMix64): a case is reproduced from its seed alone.
#[path = "../../examples/sample_district/rng.rs"]
mod rng;
pub use rng::Rng;

/// A cell of a generated sheet.
#[derive(Clone, Debug)]
pub enum Cell {
    Text(String),
    Num(f64),
    Bool(bool),
    /// A date serial, written with a date format.
    Date(f64),
    /// An error value (`#DIV/0!`), written as a formula with that result.
    Error(&'static str),
    /// A formula, with its cached result or without one (the file's program never calculated).
    Formula(String, Option<String>),
}

#[derive(Clone, Debug)]
pub struct GenSheet {
    pub name: String,
    pub hidden: bool,
    pub cells: BTreeMap<(u32, u16), Cell>,
    /// Inclusive: first row, first column, last row, last column.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

/// A workbook of real cards read back, the start of every case.
#[derive(Clone, Debug)]
pub struct Seed {
    /// The file name it came from (its unit code and markers make the case's file names).
    pub name: String,
    pub sheets: Vec<GenSheet>,
    /// The file as it was: `.xls` and `.ods` seeds are only damaged at the byte level.
    pub bytes: Vec<u8>,
    pub ext: String,
    /// From a folder outside the project (real forms that are not ours to redistribute): cases
    /// made from it are not saved among the project's fixtures.
    pub private: bool,
}

/// The sample district's forms and the registries beside them.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Where failing cases are kept as regression fixtures (replayed by `tests/test_fuzz.rs`).
pub fn regressions() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz")
}

/// Reads a returned workbook into a seed.
pub fn load_seed(path: &Path) -> Option<Seed> {
    let bytes = std::fs::read(path).ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    let ext = path.extension()?.to_string_lossy().to_lowercase();
    let mut book = open_workbook_auto(path).ok()?;
    let meta: Vec<(String, bool)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible != calamine::SheetVisible::Visible))
        .collect();
    let mut sheets = Vec::new();
    for (sheet, hidden) in meta {
        let Ok(range) = book.worksheet_range(&sheet) else {
            continue;
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut cells = BTreeMap::new();
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r as u32 + r0, (c as u32 + c0) as u16);
            let cell = match v {
                Data::String(s) => Cell::Text(s.clone()),
                Data::Float(f) => Cell::Num(*f),
                Data::Int(i) => Cell::Num(*i as f64),
                Data::Bool(b) => Cell::Bool(*b),
                Data::DateTime(d) => Cell::Date(d.as_f64()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(_) => Cell::Error("#N/A"),
                Data::Empty => continue,
            };
            cells.insert((row, col), cell);
        }
        sheets.push(GenSheet {
            name: sheet,
            hidden,
            cells,
            merges: Vec::new(),
        });
    }
    Some(Seed {
        name,
        sheets,
        bytes,
        ext,
        private: false,
    })
}

/// The seeds: `per_folder` workbooks of each stage's returns (all when `None`), spread over
/// the folder, and every `.xls` and `.ods` among them; `extra` folders (real forms) in full.
pub fn load_seeds(per_folder: Option<usize>, extra: &[PathBuf]) -> Vec<Seed> {
    let mut paths = Vec::new();
    for folder in ["targets", "monitor", "self-eval", "targets-round2"] {
        let files = discover(&[fixtures().join(folder)]).files;
        let step = per_folder.map_or(1, |n| (files.len() / n.max(1)).max(1));
        for (i, f) in files.iter().enumerate() {
            let odd = !f.display.ends_with(".xlsx");
            if i % step == 0 || odd {
                paths.push(f.path.clone());
            }
        }
    }
    let mut seeds: Vec<Seed> = paths.iter().filter_map(|p| load_seed(p)).collect();
    for folder in extra {
        let files = discover(std::slice::from_ref(folder)).files;
        for f in files {
            if let Some(mut s) = load_seed(&f.path) {
                s.private = true;
                seeds.push(s);
            }
        }
    }
    seeds
}

/// Texts a unit types where a number, a date or a label belongs.
const ODD_TEXTS: &[&str] = &[
    "",
    " ",
    "\u{3000}",
    "\n",
    "１２３．４５",
    "12.5万元",
    "1,234,567.89",
    "约100",
    "-0",
    "1e308",
    "NaN",
    "inf",
    "≥",
    "≥≥≥95%",
    "100%%",
    "≤-5%",
    "2024年13月45日",
    "2024-02-30",
    "0000-00-00",
    "=SUM(B1:B3)",
    "#N/A",
    "无",
    "/",
    "——",
    "是",
    "否",
    "合计",
    "项目名称",
    "年度资金总额",
    "产出指标",
    "项目支出绩效目标申报表",
    "部门整体支出绩效目标申报表",
    "项目支出绩效自评表",
    "\u{1}\u{2}控制字符",
    "emoji 🎉😀",
    "\u{200b}零宽",
    "'0012",
    "(2)",
    "第二次",
    "修改版",
];

const ERRORS: &[&str] = &["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!"];

/// Cell types an XML part may claim for a shared string.
const TYPES: &[&str] = &["t=\"n\"", "t=\"b\"", "t=\"e\"", "t=\"d\"", "t=\"x\""];

fn odd_number(r: &mut Rng) -> f64 {
    match r.below(12) {
        0 => 0.0,
        1 => -(r.below(100_000) as f64) / 100.0,
        2 => 1e15,
        3 => 9.999_999_999_999_99e307,
        4 => 0.005,
        5 => 1e-10,
        6 => r.below(10_000_000) as f64,
        7 => 123_456_789.123,
        8 => 0.1 + 0.2,
        9 => 45_000.5,
        10 => 2_958_466.0,
        _ => r.below(10_000) as f64 / 100.0,
    }
}

fn long_text(r: &mut Rng) -> String {
    let unit = *r.pick(&["目标", "a", "🎉", "　", "指标值≥", "\n"]);
    let n = match r.below(4) {
        0 => 300,
        1 => 2_000,
        2 => 32_767 / unit.chars().count(),
        _ => r.below(100),
    };
    unit.repeat(n).chars().take(32_767).collect()
}

fn random_cell(r: &mut Rng, near: (u32, u16)) -> Cell {
    match r.below(10) {
        0..=2 => Cell::Text(r.pick(ODD_TEXTS).to_string()),
        3 => Cell::Text(long_text(r)),
        4 | 5 => Cell::Num(odd_number(r)),
        6 => Cell::Bool(r.chance(50)),
        7 => Cell::Date(*r.pick(&[0.0, 1.0, 60.0, 45_000.0, 45_536.75, 2_958_465.0, -1.0])),
        8 => Cell::Error(ERRORS[r.below(ERRORS.len())]),
        _ => {
            let col = rust_xlsxwriter::utility::column_number_to_name(near.1);
            let f = match r.below(5) {
                0 => format!("={col}{}*2", near.0.max(1)),
                1 => format!("=SUM({col}1:{col}{})", near.0 + 1),
                2 => "=1/0".to_string(),
                3 => format!("={col}{}", near.0 + 1),
                _ => "=NOSUCHFUNCTION(A1)".to_string(),
            };
            let result = match r.below(3) {
                0 => None,
                1 => Some(format!("{}", odd_number(r))),
                _ => Some(r.pick(ODD_TEXTS).to_string()),
            };
            Cell::Formula(f, result)
        }
    }
}

/// A label as a unit's keyboard leaves it: spaces between the characters, full-width forms,
/// line breaks, a colon or star, brackets.
fn odd_label(r: &mut Rng, s: &str) -> String {
    match r.below(9) {
        0 => s.chars().map(|c| format!("{c} ")).collect(),
        1 => s.chars().map(|c| format!("{c}\u{3000}")).collect(),
        2 => {
            let mid = s.chars().count() / 2;
            s.chars()
                .enumerate()
                .flat_map(|(i, c)| if i == mid { vec!['\n', c] } else { vec![c] })
                .collect()
        }
        3 => s
            .chars()
            .map(|c| match c {
                '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect(),
        4 => format!("{s}："),
        5 => format!("*{s}"),
        6 => format!("（{s}）"),
        7 => format!("\u{a0}{s}\r\n"),
        _ => s.chars().rev().collect(),
    }
}

/// One structural mutation of a sheet.
fn mutate_sheet(r: &mut Rng, s: &mut GenSheet) {
    let keys: Vec<(u32, u16)> = s.cells.keys().copied().collect();
    let any = |r: &mut Rng| -> (u32, u16) {
        if keys.is_empty() {
            (r.below(30) as u32, r.below(8) as u16)
        } else {
            *r.pick(&keys)
        }
    };
    let numbers: Vec<(u32, u16)> = s
        .cells
        .iter()
        .filter(|(_, v)| matches!(v, Cell::Num(_) | Cell::Date(_)))
        .map(|(k, _)| *k)
        .collect();
    match r.below(16) {
        13 | 14 if !numbers.is_empty() => {
            // An amount, a score or a date typed otherwise.
            let at = *r.pick(&numbers);
            let v = match r.below(4) {
                0 => Cell::Num(*r.pick(&[1e308, -1e308, 1e20, -1e20, 5e-324, 1e-300, 0.0])),
                1 => Cell::Num(odd_number(r)),
                2 => {
                    let n = odd_number(r);
                    let t = *r.pick(&["{n}万元", "{n}元", "￥{n}", "{n}%", "（{n}）", "{n}e400"]);
                    Cell::Text(t.replace("{n}", &n.to_string()))
                }
                _ => random_cell(r, at),
            };
            s.cells.insert(at, v);
        }
        15 => {
            // A label or value copied to another place (two cells with one label).
            let (from, to) = (any(r), any(r));
            if let Some(v) = s.cells.get(&from).cloned() {
                s.cells.insert(to, v);
            }
        }
        0 | 1 => {
            let at = any(r);
            let v = random_cell(r, at);
            s.cells.insert(at, v);
        }
        2 | 3 => {
            let at = any(r);
            if let Some(Cell::Text(t)) = s.cells.get(&at) {
                let t = odd_label(r, t);
                s.cells.insert(at, Cell::Text(t));
            }
        }
        4 => {
            let at = any(r);
            s.cells.remove(&at);
        }
        5 => {
            // Rows inserted (a unit adds indicators or notes).
            let at = any(r).0;
            let n = 1 + r.below(3) as u32;
            shift(s, |(row, col)| {
                if row >= at {
                    (row + n, col)
                } else {
                    (row, col)
                }
            });
            if r.chance(50) {
                for c in 0..1 + r.below(6) as u16 {
                    let v = random_cell(r, (at, c));
                    s.cells.insert((at, c), v);
                }
            }
        }
        6 => {
            // A column inserted (a sequence number, a note column).
            let at = any(r).1;
            shift(s, |(row, col)| {
                if col >= at {
                    (row, col + 1)
                } else {
                    (row, col)
                }
            });
        }
        7 => {
            // A row deleted.
            let at = any(r).0;
            s.cells.retain(|k, _| k.0 != at);
            shift(
                s,
                |(row, col)| {
                    if row > at { (row - 1, col) } else { (row, col) }
                },
            );
        }
        8 => {
            // A column deleted.
            let at = any(r).1;
            s.cells.retain(|k, _| k.1 != at);
            shift(
                s,
                |(row, col)| {
                    if col > at { (row, col - 1) } else { (row, col) }
                },
            );
        }
        9 => {
            let (row, col) = any(r);
            let (h, w) = (r.below(4) as u32, r.below(4) as u16);
            if h + w as u32 > 0 {
                s.merges.push((row, col, row + h, col + w));
            }
        }
        10 => {
            // The card moved down and right (a title block pasted above it).
            let (dr, dc) = (r.below(40) as u32, r.below(5) as u16);
            shift(s, |(row, col)| (row + dr, col + dc));
        }
        11 => {
            // Two rows swapped.
            let (a, b) = (any(r).0, any(r).0);
            shift(s, |(row, col)| {
                if row == a {
                    (b, col)
                } else if row == b {
                    (a, col)
                } else {
                    (row, col)
                }
            });
        }
        _ => {
            // A stray cell far away.
            let at = *r.pick(&[
                (1_048_575, 16_383),
                (100_000, 3),
                (5, 16_000),
                (65_535, 255),
            ]);
            s.cells.insert(at, Cell::Text("stray".into()));
        }
    }
}

fn shift(s: &mut GenSheet, f: impl Fn((u32, u16)) -> (u32, u16)) {
    let limit = |(row, col): (u32, u16)| (row.min(1_048_575), col.min(16_383));
    s.cells = std::mem::take(&mut s.cells)
        .into_iter()
        .map(|(k, v)| (limit(f(k)), v))
        .collect();
    for m in &mut s.merges {
        let (r1, c1) = limit(f((m.0, m.1)));
        let (r2, c2) = limit(f((m.2, m.3)));
        *m = (r1.min(r2), c1.min(c2), r1.max(r2), c1.max(c2));
    }
}

const ODD_SHEET_NAMES: &[&str] = &[
    "Sheet1",
    "Sheet1 (2)",
    "项目支出绩效目标申报表",
    "  空格  ",
    "附件1-1",
    "_jixiao",
    "填报说明",
    "项目汇总",
    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
    "'引号",
    "表 (10)",
];

/// One mutation of the workbook as a whole.
fn mutate_book(r: &mut Rng, sheets: &mut Vec<GenSheet>, seeds: &[Seed], private: &mut bool) {
    let n = sheets.len();
    match r.below(10) {
        0 if n > 1 => {
            let (a, b) = (r.below(n), r.below(n));
            sheets.swap(a, b);
        }
        1 if n > 0 => {
            let i = r.below(n);
            sheets[i].name = r.pick(ODD_SHEET_NAMES).to_string();
        }
        2 if n > 0 => {
            let i = r.below(n);
            sheets[i].hidden = !sheets[i].hidden;
        }
        3 if n > 0 => {
            let i = r.below(n);
            let mut copy = sheets[i].clone();
            copy.name = format!("{} (2)", copy.name.chars().take(20).collect::<String>());
            sheets.insert(r.below(n + 1), copy);
        }
        4 if n > 1 => {
            sheets.remove(r.below(n));
        }
        5 => {
            // A card of another workbook (maybe of another stage) pasted in.
            let other = r.pick(seeds);
            if !other.sheets.is_empty() {
                *private |= other.private;
                let s = r.pick(&other.sheets).clone();
                sheets.insert(r.below(n + 1), s);
            }
        }
        7 if n > 0 => {
            // Another card pasted below or beside one (two cards on a sheet).
            let other = r.pick(seeds);
            if !other.sheets.is_empty() {
                *private |= other.private;
                let src = r.pick(&other.sheets).clone();
                let i = r.below(n);
                let below =
                    sheets[i].cells.keys().map(|k| k.0).max().unwrap_or(0) + 1 + r.below(3) as u32;
                let right = sheets[i].cells.keys().map(|k| k.1).max().unwrap_or(0) + 1;
                let (dr, dc) = if r.chance(70) { (below, 0) } else { (0, right) };
                for ((row, col), v) in src.cells {
                    let at = (
                        (row + dr).min(1_048_575),
                        col.saturating_add(dc).min(16_383),
                    );
                    sheets[i].cells.insert(at, v);
                }
            }
        }
        6 => sheets.insert(
            r.below(n + 1),
            GenSheet {
                name: format!("Sheet{}", r.below(9)),
                hidden: false,
                cells: BTreeMap::new(),
                merges: Vec::new(),
            },
        ),
        _ if n > 0 => {
            let i = r.below(n);
            mutate_sheet(r, &mut sheets[i]);
        }
        _ => {}
    }
}

/// Writes sheets as an xlsx the way rust_xlsxwriter does; what it refuses (a bad sheet name, an
/// overlapping merge) is left out, as Excel would not have saved it either.
pub fn write_xlsx(sheets: &[GenSheet]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Formula, Workbook};
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut used = std::collections::HashSet::new();
    for (i, s) in sheets.iter().enumerate() {
        let ws = book.add_worksheet();
        let key = s.name.to_lowercase();
        if used.contains(&key) || ws.set_name(&s.name).is_err() {
            ws.set_name(format!("Sheet{}", i + 100)).ok();
        } else {
            used.insert(key);
        }
        for &(r1, c1, r2, c2) in &s.merges {
            let _ = ws.merge_range(r1, c1, r2, c2, "", &Format::new());
        }
        for (&(row, col), v) in &s.cells {
            let _ = match v {
                Cell::Text(t) => ws.write_string(row, col, t).map(|_| ()),
                Cell::Num(n) => ws.write_number(row, col, *n).map(|_| ()),
                Cell::Bool(b) => ws.write_boolean(row, col, *b).map(|_| ()),
                Cell::Date(d) => ws.write_number_with_format(row, col, *d, &date).map(|_| ()),
                Cell::Error(e) => ws
                    .write_formula(row, col, Formula::new("=1/0").set_result(*e))
                    .map(|_| ()),
                Cell::Formula(f, res) => {
                    let mut formula = Formula::new(f);
                    formula = formula.set_result(res.clone().unwrap_or_default());
                    ws.write_formula(row, col, formula).map(|_| ())
                }
            };
        }
        if s.hidden && sheets.len() > 1 && i > 0 {
            ws.set_hidden(true);
        }
    }
    let bytes = book
        .save_to_buffer()
        .expect("rust_xlsxwriter writes what it accepted");
    let no_results = sheets.iter().any(|s| {
        s.cells
            .values()
            .any(|c| matches!(c, Cell::Formula(_, None)))
    });
    if no_results {
        // Formulas saved without their results (a program that never calculates).
        map_entries(&bytes, |name, data| {
            if name.starts_with("xl/worksheets/") {
                let text = String::from_utf8_lossy(&data);
                let text = strip_results(&text);
                Some(text.into_bytes())
            } else {
                Some(data)
            }
        })
        .unwrap_or(bytes)
    } else {
        bytes
    }
}

/// `<f>…</f><v></v>`: the empty results rust_xlsxwriter writes for a result left unset.
fn strip_results(xml: &str) -> String {
    xml.replace("<v></v>", "").replace(" t=\"str\"><f>", "><f>")
}

/// Rewrites a zip entry by entry (`None` drops the entry).
fn map_entries(
    bytes: &[u8],
    mut f: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    let entries = read_entries(bytes)?;
    let mut out = Vec::new();
    for (name, data) in entries {
        if let Some(d) = f(&name, data) {
            out.push((name, d, true));
        }
    }
    write_entries(&out)
}

fn read_entries(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut e = zip.by_index(i).ok()?;
        let mut data = Vec::new();
        e.read_to_end(&mut data).ok()?;
        out.push((e.name().ok()?.into_owned(), data));
    }
    Some(out)
}

/// Writes zip entries, deflated or stored.
fn write_entries(entries: &[(String, Vec<u8>, bool)]) -> Option<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data, deflate) in entries {
        let method = if *deflate {
            zip::CompressionMethod::Deflated
        } else {
            zip::CompressionMethod::Stored
        };
        let opts = SimpleFileOptions::default().compression_method(method);
        w.start_file(name.as_str(), opts).ok()?;
        w.write_all(data).ok()?;
    }
    Some(w.finish().ok()?.into_inner())
}

/// Damage to one XML part, as a crashed save, a disk error or a hand edit leaves it.
fn mutate_xml(r: &mut Rng, data: Vec<u8>) -> Vec<u8> {
    let mut d = data;
    if d.is_empty() {
        return d;
    }
    match r.below(12) {
        0 => {
            d.truncate(r.below(d.len()));
            d
        }
        1 => {
            for _ in 0..1 + r.below(8) {
                let i = r.below(d.len());
                d[i] ^= 1 << r.below(8);
            }
            d
        }
        2 => {
            let a = r.below(d.len());
            let b = (a + r.below(200)).min(d.len());
            d.drain(a..b);
            d
        }
        3 => {
            let a = r.below(d.len());
            let b = (a + r.below(400)).min(d.len());
            let span = d[a..b].to_vec();
            let at = r.below(d.len());
            d.splice(at..at, span);
            d
        }
        4 => {
            let t = String::from_utf8_lossy(&d).into_owned();
            let bad = *r.pick(&[
                "r=\"A0\"",
                "r=\"XFE1\"",
                "r=\"A1048577\"",
                "r=\"\"",
                "r=\"1A\"",
                "r=\"B99999999999\"",
            ]);
            let mut n = 0;
            let t = t
                .split("r=\"")
                .map(|p| {
                    n += 1;
                    p.to_string()
                })
                .collect::<Vec<_>>();
            // Replace one reference among them.
            let k = 1 + r.below(n.max(2) - 1);
            let mut out = String::new();
            for (i, p) in t.iter().enumerate() {
                if i == 0 {
                    out.push_str(p);
                } else if i == k {
                    let rest = p.split_once('"').map_or("", |(_, rest)| rest);
                    out.push_str(bad);
                    out.push_str(rest);
                } else {
                    out.push_str("r=\"");
                    out.push_str(p);
                }
            }
            out.into_bytes()
        }
        5 => String::from_utf8_lossy(&d)
            .replacen(
                "<sheetData",
                "<dimension ref=\"A1:XFD1048576\"/><sheetData",
                1,
            )
            .into_bytes(),
        6 => String::from_utf8_lossy(&d)
            .replacen("<v>", "<v>&#0;&bogus;", 1)
            .into_bytes(),
        7 => {
            let at = r.below(d.len());
            d.splice(at..at, [0xFF, 0xFE, 0xC0, 0x80]);
            d
        }
        8 => String::from_utf8_lossy(&d)
            .replace("t=\"s\"", TYPES[r.below(TYPES.len())])
            .into_bytes(),
        9 => String::from_utf8_lossy(&d)
            .replacen("<v>", "<v>99999999", 1)
            .into_bytes(),
        10 => String::from_utf8_lossy(&d)
            .replace(
                "</mergeCells>",
                "<mergeCell ref=\"A1:XFD1048576\"/><mergeCell ref=\"B2:A1\"/></mergeCells>",
            )
            .into_bytes(),
        _ => {
            // Deeply nested elements.
            let at = r.below(d.len());
            let nest = "<a>".repeat(5_000);
            d.splice(at..at, nest.into_bytes());
            d
        }
    }
}

/// Damage at the byte level: XML parts and zip entries of an xlsx, or the whole file.
pub fn mutate_bytes(r: &mut Rng, bytes: Vec<u8>) -> Vec<u8> {
    let entries = if r.chance(80) {
        read_entries(&bytes)
    } else {
        None
    };
    let Some(mut entries) = entries else {
        let mut d = bytes;
        match r.below(5) {
            0 => d.truncate(r.below(d.len().max(1))),
            1 => {
                for _ in 0..1 + r.below(16) {
                    if !d.is_empty() {
                        let i = r.below(d.len());
                        d[i] = r.next_u64() as u8;
                    }
                }
            }
            2 => d = b"<html><body>not a workbook</body></html>".to_vec(),
            3 => d.clear(),
            _ => {
                let tail = d.clone();
                d.extend_from_slice(&tail);
            }
        }
        return d;
    };
    let mut stored: Vec<bool> = vec![true; entries.len()];
    for _ in 0..1 + r.below(3) {
        if entries.is_empty() {
            break;
        }
        let i = r.below(entries.len());
        match r.below(7) {
            0..=2 => {
                let data = std::mem::take(&mut entries[i].1);
                entries[i].1 = mutate_xml(r, data);
            }
            3 => {
                entries.remove(i);
                stored.remove(i);
            }
            4 => {
                let name = entries[i].0.clone();
                entries[i].0 = match r.below(3) {
                    0 => name.to_uppercase(),
                    1 => name.replace('/', "\\"),
                    _ => format!("{name}.bak"),
                };
            }
            5 => stored[i] = false,
            _ => {
                let (name, data) = entries[i].clone();
                entries.push((format!("{name}#"), data));
                stored.push(true);
            }
        }
    }
    let list: Vec<(String, Vec<u8>, bool)> = entries
        .into_iter()
        .zip(stored)
        .map(|((name, data), s)| (name, data, s))
        .collect();
    let Some(mut out) = write_entries(&list) else {
        return bytes;
    };
    if r.chance(15) {
        // A compression method in a local header that disagrees with the central directory.
        let sig = [0x50, 0x4B, 0x03, 0x04];
        let heads: Vec<usize> = out
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == sig)
            .map(|(i, _)| i)
            .collect();
        if !heads.is_empty() {
            let h = *r.pick(&heads);
            if h + 9 < out.len() {
                out[h + 8] = *r.pick(&[0u8, 8, 12, 14, 99]);
            }
        }
    }
    if r.chance(10) {
        let cut = r.below(out.len());
        out.truncate(cut);
    }
    out
}

/// A file of a case.
#[derive(Clone, Debug)]
pub struct CaseFile {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Made from a private seed (see [`Seed::private`]).
    pub private: bool,
}

/// File-name markers of a resubmission, and odd names.
const MARKERS: &[&str] = &[
    "",
    "",
    "",
    "（修改版）",
    "_更正",
    "重报",
    "_v2",
    "(2)",
    " ",
    "第二次",
];

/// One case: one to three files made from the seeds.
pub fn gen_case(r: &mut Rng, seeds: &[Seed]) -> Vec<CaseFile> {
    let n = match r.below(10) {
        0..=6 => 1,
        7 | 8 => 2,
        _ => 3,
    };
    let mut out: Vec<CaseFile> = Vec::new();
    for i in 0..n {
        let seed = r.pick(seeds);
        let mut private = seed.private;
        let stem = seed
            .name
            .rsplit_once('.')
            .map_or(seed.name.as_str(), |(s, _)| s);
        let marker = if i > 0 { *r.pick(MARKERS) } else { "" };
        let (bytes, ext) = if seed.ext != "xlsx" || r.chance(3) {
            let bytes = if r.chance(70) {
                mutate_bytes(r, seed.bytes.clone())
            } else {
                seed.bytes.clone()
            };
            (bytes, seed.ext.clone())
        } else {
            let mut sheets = seed.sheets.clone();
            for _ in 0..1 + r.below(6) {
                mutate_book(r, &mut sheets, seeds, &mut private);
            }
            let mut bytes = write_xlsx(&sheets);
            if r.chance(25) {
                bytes = mutate_bytes(r, bytes);
            }
            let ext = if r.chance(3) { "xls" } else { "xlsx" };
            (bytes, ext.to_string())
        };
        let mut name = format!("{stem}{marker}.{ext}");
        while out.iter().any(|f| f.name == name) {
            name = format!("{stem}{marker}_{}.{ext}", out.len());
        }
        out.push(CaseFile {
            name,
            bytes,
            private,
        });
    }
    out
}

/// What the case ran against: with or without the roster and budget list.
pub struct Env {
    pub roster: Roster,
    pub budget: Budget,
    pub config: Config,
    /// The time one file may take to be read and checked.
    pub bound: Duration,
    /// One case in this many also writes the units' feedback workbooks.
    pub feedback_every: usize,
}

impl Env {
    pub fn load(bound: Duration) -> Env {
        Env {
            roster: Roster::load(&fixtures().join("roster.xlsx")).expect("roster"),
            budget: Budget::load(&fixtures().join("budget-2024.xlsx")).expect("budget"),
            config: Config::default(),
            bound,
            feedback_every: 1,
        }
    }
}

/// Counts over a run.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub cases: u64,
    pub files: u64,
    pub cards: u64,
    pub findings: u64,
    pub unreadable: u64,
    /// Panics inside a reader library, caught per file and reported as F04-like findings.
    pub library_panics: u64,
    pub workbooks_written: u64,
    pub mixed_stages: u64,
    /// Cases whose feedback workbooks were written.
    pub feedback: u64,
    /// Time spent generating, reading and checking, and writing and reading back.
    pub t_gen: Duration,
    pub t_read: Duration,
    pub t_write: Duration,
}

/// The last panic's message and place (any thread: the reader's panic is on a rayon worker).
static PANIC_AT: Mutex<Option<String>> = Mutex::new(None);

fn take_panic() -> Option<String> {
    PANIC_AT.lock().map_or(None, |mut p| p.take())
}

/// Records where a panic happened (jixiao's code or a library's); installed before jixiao's own
/// hook, which wraps it.
pub fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            let msg = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            if let Ok(mut p) = PANIC_AT.lock() {
                *p = Some(format!("{msg} at {at}"));
            }
            default(info);
        }));
    });
}

/// Whether a panic location is in a library (the crates' registry) rather than jixiao's code.
fn in_library(at: &str) -> bool {
    at.contains("/.cargo/registry/") || at.contains("/rustc/")
}

/// Runs one case and checks every property; `Err` says which failed.
pub fn check_case(files: &[CaseFile], env: &Arc<Env>, stats: &mut Stats) -> Result<(), String> {
    install_hook();
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let returns = dir.path().join("收表");
    std::fs::create_dir(&returns).map_err(|e| e.to_string())?;
    for f in files {
        std::fs::write(returns.join(&f.name), &f.bytes).map_err(|e| e.to_string())?;
    }
    let found = discover(std::slice::from_ref(&returns)).files;
    if found.len() != files.len() {
        return Err(format!(
            "lost file: {} written, {} found",
            files.len(),
            found.len()
        ));
    }
    stats.cases += 1;
    stats.files += found.len() as u64;
    let t = std::time::Instant::now();
    // Each file alone, under the time bound: no panic, no hang, accounted for.
    let mut batches = Vec::new();
    for f in &found {
        let one = run_bounded(std::slice::from_ref(f), env, Expect::default(), env.bound)?;
        if let Ok(b) = &one {
            account(std::slice::from_ref(f), b)?;
            library_panics(f, b, stats)?;
        }
        batches.push(one);
    }
    // The files together, as `consolidate` reads them.
    let whole = if found.len() == 1 {
        batches.pop().expect("one")
    } else {
        run_bounded(
            &found,
            env,
            Expect::default(),
            env.bound * found.len() as u32,
        )?
    };
    let mut batch = match whole {
        Ok(b) => b,
        // Mixed stages are refused with a hint to pass `--stage`: the clerk does so.
        Err(mixed) => {
            stats.mixed_stages += 1;
            let expect = Expect {
                stage: Some(mixed.0[0].0),
                ..Default::default()
            };
            match run_bounded(&found, env, expect, env.bound * found.len() as u32)? {
                Ok(b) => b,
                Err(_) => return Err("mixed stages with `--stage` given".into()),
            }
        }
    };
    account(&found, &batch)?;
    findings_placed(&found, &batch)?;
    stats.cards += batch.entries.len() as u64;
    stats.findings += batch.findings.len() as u64;
    stats.unreadable += batch.bad_files.len() as u64;
    stats.t_read += t.elapsed();
    let t = std::time::Instant::now();
    // The coverage sheets (with the roster) are large: one case in eight has them.
    let roster_given = files
        .iter()
        .map(|f| f.bytes.len())
        .sum::<usize>()
        .is_multiple_of(8);
    let out = dir.path().join("汇总.xlsx");
    let sheets = catch_unwind(AssertUnwindSafe(|| {
        let cx = Context {
            roster: roster_given.then_some(&env.roster),
            budget: roster_given.then_some(&env.budget),
            config: Some(&env.config),
            ..Default::default()
        };
        stage::cross_check(&mut batch, &cx);
        stage::sheets(&batch, &cx)
    }))
    .map_err(|_| panicked("the stage's sheets"))?;
    catch_unwind(AssertUnwindSafe(|| {
        jixiao::output::xlsx::write_tables(&out, &sheets)
    }))
    .map_err(|_| panicked("the writer"))?
    .map_err(|e| format!("the consolidated workbook could not be written: {e:#}"))?;
    stats.workbooks_written += 1;
    reads_back(&out, &sheets)?;
    catch_unwind(AssertUnwindSafe(|| jixiao::schema::read(&out)))
        .map_err(|_| panicked("schema::read"))?
        .map_err(|e| format!("the written workbook does not read as consolidated: {e:#}"))?;
    let size: usize = files.iter().map(|f| f.bytes.len()).sum();
    if size.is_multiple_of(env.feedback_every.max(1)) {
        feedback(&found, &batch, env)?;
        stats.feedback += 1;
    }
    stats.t_write += t.elapsed();
    Ok(())
}

/// Every finding goes back to exactly one unit, and every unit's workbook can be written.
fn feedback(files: &[InputFile], batch: &Batch, env: &Env) -> Result<(), String> {
    use jixiao::output::feedback::{Options, build, plan};
    let opts = Options {
        stage: batch.stage.name().to_string(),
        title: batch.stage.name().to_string(),
        deadline: None,
        contact: None,
    };
    catch_unwind(AssertUnwindSafe(|| {
        let units = plan(batch, &env.roster, None, &opts);
        let given: usize = units.iter().map(|u| u.findings.len()).sum();
        if given != batch.findings.len() {
            return Err(format!(
                "feedback: {given} findings in the units' workbooks, {} in the run",
                batch.findings.len()
            ));
        }
        for u in &units {
            let mut book = build(u, files, &opts)
                .map_err(|e| format!("feedback of `{}` not built: {e:#}", u.file_name))?;
            book.save_to_buffer()
                .map_err(|e| format!("feedback of `{}` not saved: {e}", u.file_name))?;
        }
        Ok(())
    }))
    .map_err(|_| panicked("feedback"))?
}

fn panicked(what: &str) -> String {
    let at = take_panic().unwrap_or_default();
    format!("panic in {what}: {at}")
}

type Outcome = Result<Batch, jixiao::batch::MixedStages>;

/// Reads and checks files on a worker thread; more than `bound` is a hang.
fn run_bounded(
    files: &[InputFile],
    env: &Arc<Env>,
    expect: Expect,
    bound: Duration,
) -> Result<Outcome, String> {
    let (tx, rx) = mpsc::channel();
    let files_owned = files.to_vec();
    let env2 = Arc::clone(env);
    std::thread::Builder::new()
        .name("fuzz-case".into())
        .spawn(move || {
            let r = catch_unwind(AssertUnwindSafe(|| {
                batch::run(
                    &files_owned,
                    Some(&env2.roster),
                    Some(&env2.budget),
                    &env2.config,
                    &expect,
                    &|_| {},
                )
            }));
            let r = r.map_err(|_| panicked("batch::run"));
            let _ = tx.send(r);
        })
        .map_err(|e| e.to_string())?;
    match rx.recv_timeout(bound) {
        Ok(r) => r,
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "hang: {} not read within {:?}",
            files
                .iter()
                .map(|f| f.display.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            bound
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the worker died".into()),
    }
}

/// Every input file is read (a card), skipped with a reason, or a finding.
fn account(files: &[InputFile], b: &Batch) -> Result<(), String> {
    for f in files {
        let d = &f.display;
        let seen = b.entries.iter().any(|e| *e.card.src.file == **d)
            || b.findings.iter().any(|x| *x.file == **d)
            || b.skipped.iter().any(|s| &s.file == d)
            || b.replaced_files.iter().any(|r| &r.file == d);
        if !seen {
            return Err(format!(
                "lost file: `{d}` gave no card, no finding, no skip"
            ));
        }
    }
    Ok(())
}

/// Every finding names an input file; every finding about a card names its cell.
fn findings_placed(files: &[InputFile], b: &Batch) -> Result<(), String> {
    for x in &b.findings {
        if !files.iter().any(|f| *f.display == *x.file) {
            return Err(format!(
                "finding without its file: {:?} {} `{}`",
                x.rule, &*x.file, &*x.message
            ));
        }
        if x.card_id.is_some() && x.cell.is_none() {
            return Err(format!(
                "finding on a card without a cell: {:?} {} `{}` `{}`",
                x.rule, &*x.file, &*x.sheet, &*x.message
            ));
        }
    }
    Ok(())
}

/// A panic caught while reading a file must come from a library, never from jixiao's code.
fn library_panics(f: &InputFile, b: &Batch, stats: &mut Stats) -> Result<(), String> {
    let crashed = b
        .findings
        .iter()
        .any(|x| x.rule == jixiao::finding::Rule::FileCrashed);
    if !crashed {
        return Ok(());
    }
    stats.library_panics += 1;
    take_panic();
    let r = catch_unwind(AssertUnwindSafe(|| {
        jixiao::read::workbook::read_sheets(&f.path).map(|_| ())
    }));
    if r.is_err() {
        let at = take_panic().unwrap_or_default();
        if !in_library(&at) {
            return Err(format!("panic in jixiao's reader: {at}"));
        }
    }
    Ok(())
}

/// The written workbook holds the tables' values, and each total row the sum of its rows.
fn reads_back(path: &Path, sheets: &[Sheet]) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut book =
        open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| format!("read back: {e}"))?;
    for t in sheets {
        if t.rows.len() >= 1_048_000 {
            continue;
        }
        let range = book
            .worksheet_range(&t.name)
            .map_err(|e| format!("sheet `{}` not read back: {e}", t.name))?;
        let get = |r: usize, c: usize| range.get_value((r as u32, c as u32)).cloned();
        for (c, col) in t.columns.iter().enumerate() {
            let h = get(0, c);
            if h != Some(Data::String(col.header().into_owned())) {
                return Err(format!("`{}` header {c}: {h:?}", t.name));
            }
        }
        for (r, row) in t.rows.iter().enumerate() {
            for (c, (v, col)) in row.iter().zip(&t.columns).enumerate() {
                let got = get(r + 1, c);
                if !same(v, col.kind, got.as_ref()) {
                    return Err(format!(
                        "`{}` row {} column `{}`: wrote {v:?}, read back {got:?}",
                        t.name,
                        r + 2,
                        col.name
                    ));
                }
            }
        }
        if t.total {
            totals_add_up(t, &get)?;
        }
    }
    Ok(())
}

fn cents(x: f64) -> i128 {
    (x * 100.0).round() as i128
}

fn totals_add_up(t: &Sheet, get: &dyn Fn(usize, usize) -> Option<Data>) -> Result<(), String> {
    let total_at = t.rows.len() + 1;
    let label = get(total_at, 0);
    if label != Some(Data::String(jixiao::schema::TOTAL_LABEL.into())) {
        return Err(format!("`{}`: no total row, {label:?}", t.name));
    }
    let counted: Vec<usize> = (1..=t.rows.len())
        .filter(|&r| match t.count_column() {
            Some(k) => get(r, k) == Some(Data::String(jixiao::table::COUNTED.into())),
            None => true,
        })
        .collect();
    for (c, col) in t.columns.iter().enumerate().skip(1) {
        if !matches!(col.kind, ColKind::Money | ColKind::Int) {
            continue;
        }
        let Some(total) = get(total_at, c).and_then(|d| num(&d)) else {
            continue;
        };
        let sum: i128 = counted
            .iter()
            .filter_map(|&r| get(r, c).and_then(|d| num(&d)))
            .map(cents)
            .sum();
        // Beyond 2^53 cents a float holds no cents: there the total agrees to 1e-12.
        let exact = total.abs() < 9e13;
        let off = if exact {
            cents(total) != sum
        } else {
            ((sum as f64 / 100.0) - total).abs() > 1e-12 * total.abs()
        };
        if off {
            return Err(format!(
                "`{}` total of `{}` is {total}, its counted rows add up to {}",
                t.name,
                col.name,
                sum as f64 / 100.0
            ));
        }
    }
    Ok(())
}

fn num(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

fn same(v: &Val, kind: ColKind, got: Option<&Data>) -> bool {
    let empty = matches!(got, None | Some(Data::Empty));
    match v {
        Val::Empty => empty,
        Val::Text(s) if s.is_empty() => empty || got == Some(&Data::String(String::new())),
        Val::Text(s) => got == Some(&Data::String(fit_cell(s).into_owned())),
        Val::Money(m) => {
            let want: f64 = m.cents().try_into().unwrap_or(f64::NAN);
            got.and_then(num).is_some_and(|g| {
                cents(g) == cents(want)
                    || (want.abs() >= 9e13 && (g - want).abs() <= 1e-12 * want.abs())
            })
        }
        Val::Int(i) => got.and_then(num) == Some(*i as f64),
        // rust_xlsxwriter writes what Excel has no number for as text.
        Val::Num(n) if !n.is_finite() => matches!(got, Some(Data::String(_))),
        Val::Num(n) => {
            let round = (n * 1e4).round() / 1e4;
            let want = if kind == ColKind::Number && round.is_finite() {
                round
            } else {
                *n
            };
            got.and_then(num)
                .is_some_and(|g| (g - want).abs() <= 1e-9 * want.abs().max(1.0))
        }
    }
}

/// Saves a failing case under `dir` as `<name>/` holding its files.
pub fn save_case(
    dir: &Path,
    name: &str,
    files: &[CaseFile],
    why: &str,
) -> std::io::Result<PathBuf> {
    let at = dir.join(name);
    std::fs::create_dir_all(&at)?;
    for f in files {
        std::fs::write(at.join(&f.name), &f.bytes)?;
    }
    std::fs::write(at.join("WHY.txt"), format!("{why}\n"))?;
    Ok(at)
}

/// The saved cases: each folder under `dir`, its workbooks.
pub fn saved_cases(dir: &Path) -> Vec<(String, Vec<CaseFile>)> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut dirs: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for d in dirs {
        let mut files = Vec::new();
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&d)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n != "WHY.txt"))
            .collect();
        entries.sort();
        for p in entries {
            if let Ok(bytes) = std::fs::read(&p) {
                let name = p.file_name().expect("name").to_string_lossy().into_owned();
                files.push(CaseFile {
                    name,
                    bytes,
                    private: false,
                });
            }
        }
        let name = d.file_name().expect("name").to_string_lossy().into_owned();
        out.push((name, files));
    }
    out
}

/// Each card of the seeds as a workbook of its own (with the template's hidden sheet when it
/// had one): small cases, for the short run in a debug build.
pub fn single_cards(seeds: &[Seed]) -> Vec<Seed> {
    let mut out = Vec::new();
    for s in seeds {
        if s.ext != "xlsx" {
            out.push(s.clone());
            continue;
        }
        let hidden: Vec<&GenSheet> = s.sheets.iter().filter(|g| g.hidden).collect();
        for g in s.sheets.iter().filter(|g| !g.hidden) {
            let mut one = s.clone();
            one.sheets = std::iter::once(g)
                .chain(hidden.iter().copied())
                .cloned()
                .collect();
            out.push(one);
        }
    }
    out
}

/// Generates and checks cases from `seed` until `cases` are run or `budget` is spent; calls
/// `fail` with each failing case.
pub fn run(
    seed: u64,
    cases: u64,
    budget: Duration,
    seeds: &[Seed],
    env: &Arc<Env>,
    fail: &mut dyn FnMut(u64, &[CaseFile], &str),
) -> Stats {
    let start = std::time::Instant::now();
    let mut stats = Stats::default();
    let mut i = 0;
    while i < cases && start.elapsed() < budget {
        let mut r = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i) ^ 0x9E37_79B9_7F4A_7C15);
        let t = std::time::Instant::now();
        let files = gen_case(&mut r, seeds);
        stats.t_gen += t.elapsed();
        if let Err(why) = check_case(&files, env, &mut stats) {
            fail(i, &files, &why);
            if why.starts_with("hang") {
                // The stuck worker holds the pool: nothing after it would be timed fairly.
                break;
            }
        }
        i += 1;
    }
    stats
}

/// `Stage` is re-exported for the callers' messages.
pub type FuzzStage = Stage;
