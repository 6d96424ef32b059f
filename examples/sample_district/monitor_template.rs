//! Monitoring returns on jixiao's own template: the workbook `jixiao template --kind monitor
//! --month 7 --from <consolidated targets> --budget …` sends a unit (built with the library),
//! then filled in the input cells as the unit fills it.
//!
//! The template is built twice from the same pre-fill: once to read back (with calamine) where
//! its cells and formulas stand, once to fill in and save. The cells are found by their labels,
//! never assumed.

use std::collections::BTreeMap;
use std::io::{self, Cursor};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use jixiao::config::Config;
use jixiao::forms::FormKind;
use jixiao::money::Money;
use jixiao::template::{self, Declared, Options, Prefill, UnitForms};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError};

use super::cards::{wan, wan_text};
use super::grid::Pos;
use super::monitor::{Filled, LIKELY, MAnchors, MONTH, MPlant, MonCard, REASONS, RowCells, YEAR};
use super::world::{Cents, World};

/// The tick a unit picks from the template's dropdown.
const TICK: &str = "√";

pub fn options() -> Options {
    Options {
        kind: FormKind::Monitor,
        year: YEAR,
        month: Some(MONTH),
        deadline: None,
        contact: None,
        password: None,
        rules: Config::default(),
    }
}

fn money(c: Cents) -> Money {
    Money::from_str_exact(&wan_text(c)).expect("an amount")
}

/// What the bureau pre-fills on a card: the project from the budget list, its amounts (the
/// parts where the target stage gave them), and what the target card declared.
fn prefill(world: &World, card: &MonCard) -> Prefill {
    let p = &world.projects[card.project];
    let part = |i: usize| card.parts_known[i].then(|| money(card.budget[i]));
    Prefill {
        project_code: p.code.clone(),
        project_name: p.name.to_string(),
        department: world.head_of(p.unit).name().to_string(),
        unit_name: world.units[p.unit].name().to_string(),
        attribute: if p.is_new { "新增" } else { "延续" }.to_string(),
        total: Some(money(card.budget[0])),
        fiscal: part(1),
        carryover: part(2),
        other: part(3),
        goal: if card.goal_declared {
            card.goal.clone()
        } else {
            String::new()
        },
        indicators: card
            .declared
            .iter()
            .map(|i| Declared {
                level1: i.l1.to_string(),
                level2: i.l2.to_string(),
                level3: i.name.clone(),
                value: i.value.clone(),
                explanation: i.explain.clone(),
            })
            .collect(),
        ..Prefill::default()
    }
}

/// Where the cells of one card sheet of a template stand.
struct Located {
    sheet: String,
    name_value: Pos,
    /// `[row][column]`: rows 年度资金总额, 财政拨款, 上年结转资金, 其他资金; columns 年初预算数,
    /// 调整后预算数, 1-N月执行数, 1-N月执行率, 全年预计执行数
    money: [[Pos; 5]; 4],
    /// the formula of each row's 执行率
    rate_formula: [String; 4],
    goal_value: Pos,
    progress_value: Pos,
    l1_header: Pos,
    /// indicator table columns by header label
    cols: BTreeMap<String, u16>,
    /// data rows: (row, 一级指标, 二级指标, 三级指标)
    rows: Vec<(u32, String, String, String)>,
}

fn err(what: String) -> io::Error {
    io::Error::other(what)
}

fn locate(bytes: &[u8]) -> io::Result<Vec<Located>> {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(io::Error::other)?;
    let names: Vec<String> = wb.sheet_names().to_vec();
    let mut out = Vec::new();
    for name in names
        .iter()
        .filter(|n| *n != template::GUIDE_SHEET && *n != template::meta::META_SHEET)
    {
        let range = wb.worksheet_range(name).map_err(io::Error::other)?;
        let formulas = wb.worksheet_formula(name).map_err(io::Error::other)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut text: BTreeMap<(u32, u32), String> = BTreeMap::new();
        for (r, c, v) in range.used_cells() {
            if let Data::String(s) = v {
                text.insert((r0 + r as u32, c0 + c as u32), s.clone());
            }
        }
        let find = |label: &str| -> io::Result<(u32, u32)> {
            text.iter()
                .find(|(_, v)| v.as_str() == label)
                .map(|(k, _)| *k)
                .ok_or_else(|| err(format!("{name}: no `{label}` in the template")))
        };
        let pos = |(r, c): (u32, u32)| -> Pos { (r, c as u16) };
        let (nr, nc) = find("项目名称")?;
        let (hr, _) = find("年初预算数")?;
        let month_label = |l: &str| l.replace("1-N月", &format!("1-{MONTH}月"));
        let money_cols: Vec<u32> = [
            "年初预算数",
            "调整后预算数",
            "1-N月执行数",
            "1-N月执行率",
            "全年预计执行数",
        ]
        .iter()
        .map(|l| {
            let l = month_label(l);
            text.iter()
                .find(|((r, _), v)| *r == hr && **v == l)
                .map(|((_, c), _)| *c)
                .ok_or_else(|| err(format!("{name}: no money column `{l}`")))
        })
        .collect::<io::Result<_>>()?;
        let mut money = [[(0, 0); 5]; 4];
        let mut rate_formula: [String; 4] = Default::default();
        for (i, label) in ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金"]
            .iter()
            .enumerate()
        {
            let (row, _) = text
                .iter()
                .find(|((r, _), v)| *r > hr && v.as_str() == *label)
                .map(|(k, _)| *k)
                .ok_or_else(|| err(format!("{name}: no money row `{label}`")))?;
            for (j, &c) in money_cols.iter().enumerate() {
                money[i][j] = pos((row, c));
            }
            rate_formula[i] = formulas
                .get_value((row, money_cols[3]))
                .cloned()
                .filter(|f| !f.is_empty())
                .ok_or_else(|| err(format!("{name}: no rate formula")))?;
        }
        let (gr, gc) = find("年初设定目标")?;
        let (pr, pc) = find(&month_label("1-N月执行情况"))?;
        let (ir, ic) = find("一级指标")?;
        let mut cols = BTreeMap::new();
        for ((r, c), v) in &text {
            if *r == ir || *r == ir + 1 {
                cols.entry(v.clone()).or_insert(*c as u16);
            }
        }
        let mut rows = Vec::new();
        let mut r = ir + 2;
        while let Some(l1) = text.get(&(r, ic)) {
            if l1.starts_with("填报人") {
                break;
            }
            let cell = |c: u32| text.get(&(r, c)).cloned().unwrap_or_default();
            rows.push((r, l1.clone(), cell(ic + 1), cell(ic + 2)));
            r += 1;
        }
        out.push(Located {
            sheet: name.clone(),
            name_value: pos((nr, nc + 1)),
            money,
            rate_formula,
            goal_value: pos((gr + 1, gc)),
            progress_value: pos((pr + 1, pc)),
            l1_header: pos((ir, ic)),
            cols,
            rows,
        });
    }
    Ok(out)
}

/// The template's formats of the cells a unit fills (`src/template/style.rs`), so a filled
/// cell keeps its look.
struct Formats {
    input: Format,
    input_long: Format,
    input_money: Format,
    input_tick: Format,
    rate: Format,
    fixed: Format,
}

impl Formats {
    fn new() -> Formats {
        let boxed = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap()
            .set_border(FormatBorder::Thin);
        let input = boxed
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFF2CC));
        Formats {
            input: input.clone().set_indent(1),
            input_long: input.clone().set_indent(1).set_align(FormatAlign::Top),
            input_money: input
                .clone()
                .set_indent(1)
                .set_num_format("#,##0.00")
                .set_align(FormatAlign::Right),
            input_tick: input.set_align(FormatAlign::Center),
            rate: boxed
                .clone()
                .set_background_color(Color::RGB(0xE2EFDA))
                .set_align(FormatAlign::Right)
                .set_num_format("0.00%"),
            fixed: boxed.set_indent(1),
        }
    }
}

fn col_of(loc: &Located, label: &str) -> io::Result<u16> {
    loc.cols
        .get(label)
        .copied()
        .ok_or_else(|| err(format!("{}: no column `{label}`", loc.sheet)))
}

/// Fills one card sheet; returns where its key cells are.
fn fill(ws: &mut Worksheet, card: &MonCard, loc: &Located, f: &Formats) -> io::Result<MAnchors> {
    let x = |e: XlsxError| io::Error::other(e);
    let num = |ws: &mut Worksheet, (r, c): Pos, v: f64, fmt: &Format| {
        ws.write_number_with_format(r, c, v, fmt)
            .map(|_| ())
            .map_err(x)
    };
    let text = |ws: &mut Worksheet, (r, c): Pos, s: &str, fmt: &Format| {
        ws.write_string_with_format(r, c, s, fmt)
            .map(|_| ())
            .map_err(x)
    };

    // the money block
    for i in 0..4 {
        let m = loc.money[i];
        if !card.parts_known[i] {
            num(ws, m[0], wan(card.budget[i]), &f.input_money)?;
        }
        num(ws, m[2], wan(card.executed[i]), &f.input_money)?;
        num(ws, m[4], wan(card.forecast[i]), &f.input_money)?;
        let rate = card.rate(i);
        match (i, card.stated_rate, rate) {
            (0, Some(stated), _) => num(ws, m[3], stated, &f.rate)?,
            (_, _, Some(v)) if card.typed_rates => {
                num(ws, m[3], (v * 10000.0).round() / 10000.0, &f.rate)?
            }
            _ => {
                let cached = rate.map(|v| v.to_string()).unwrap_or_default();
                let formula = Formula::new(&loc.rate_formula[i]).set_result(cached);
                ws.write_formula_with_format(m[3].0, m[3].1, formula, &f.rate)
                    .map_err(x)?;
            }
        }
    }
    if !card.goal_declared {
        text(ws, loc.goal_value, &card.goal, &f.input_long)?;
    }
    text(ws, loc.progress_value, &card.progress, &f.input_long)?;

    // the indicator rows
    let c = |l: &str| col_of(loc, l);
    let (c3, cv) = (c("三级指标")?, c("指标值")?);
    let (ca, cf) = (c(&format!("1-{MONTH}月执行数"))?, c("全年预计执行数")?);
    let creasons: Vec<u16> = REASONS.iter().map(|l| c(l)).collect::<io::Result<_>>()?;
    let clikely: Vec<u16> = LIKELY.iter().map(|l| c(l)).collect::<io::Result<_>>()?;
    let creason = c("原因说明")?;
    let mut used = vec![false; loc.rows.len()];
    let mut cells = Vec::new();
    for (i, row) in card.rows.iter().enumerate() {
        let l1 = format!("{}指标", row.l1);
        let l2 = format!("{}指标", row.l2);
        let at = (0..loc.rows.len())
            .find(|&k| {
                let (_, a, b, name) = &loc.rows[k];
                !used[k]
                    && if row.declared {
                        *name == row.name
                    } else {
                        *a == l1 && *b == l2 && name.is_empty()
                    }
            })
            .ok_or_else(|| err(format!("{}: no row for `{}`", loc.sheet, row.name)))?;
        used[at] = true;
        let r = loc.rows[at].0;
        if !row.declared {
            text(ws, (r, c3), &row.name, &f.input)?;
            text(ws, (r, cv), &row.value, &f.input)?;
        } else if card.plant == Some(MPlant::J10(i)) {
            // a declared value retyped over the locked cell (planted J10)
            text(ws, (r, cv), &row.value, &f.fixed)?;
        }
        text(ws, (r, ca), &row.actual, &f.input)?;
        text(ws, (r, cf), &row.forecast, &f.input)?;
        for (k, &on) in row.reasons.iter().enumerate() {
            if on {
                text(ws, (r, creasons[k]), TICK, &f.input_tick)?;
            }
        }
        if !row.reason.is_empty() {
            text(ws, (r, creason), &row.reason, &f.input_long)?;
        }
        for (k, &on) in row.likely.iter().enumerate() {
            if on {
                text(ws, (r, clikely[k]), TICK, &f.input_tick)?;
            }
        }
        cells.push(RowCells {
            value: (r, cv),
            reason: (r, creason),
            likely: [(r, clikely[0]), (r, clikely[1]), (r, clikely[2])],
        });
    }
    Ok(MAnchors {
        name_value: loc.name_value,
        total_executed: loc.money[0][2],
        total_rate: loc.money[0][3],
        total_forecast: loc.money[0][4],
        l1_header: loc.l1_header,
        rows: cells,
    })
}

/// A unit's filled template: its file name, each card's sheet and cells, and the bytes.
pub fn workbook(world: &World, unit: usize, cards: &[MonCard]) -> io::Result<Filled> {
    let u = &world.units[unit];
    let forms = UnitForms {
        code: u.code().to_string(),
        name: u.name().to_string(),
        department: world.head_of(unit).name().to_string(),
        cards: cards.iter().map(|c| prefill(world, c)).collect(),
    };
    let opts = options();
    let blank = template::to_bytes(&forms, &opts).map_err(io::Error::other)?;
    let located = locate(&blank)?;
    assert_eq!(
        located.len(),
        cards.len(),
        "{}: one sheet per card",
        u.name()
    );
    let mut book = template::build(&forms, &opts).map_err(io::Error::other)?;
    let formats = Formats::new();
    let mut sheets = Vec::new();
    for (card, loc) in cards.iter().zip(&located) {
        let ws = book
            .worksheet_from_name(&loc.sheet)
            .map_err(io::Error::other)?;
        let anchors = fill(ws, card, loc, &formats)?;
        sheets.push((loc.sheet.clone(), anchors));
    }
    let bytes = book.save_to_buffer().map_err(io::Error::other)?;
    Ok(Filled {
        name: forms.file_name(&opts),
        sheets,
        bytes,
    })
}
