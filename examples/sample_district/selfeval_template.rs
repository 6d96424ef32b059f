//! Self-evaluation returns on jixiao's own template: the workbook `jixiao template --kind
//! self-eval --from <consolidated targets> --budget …` sends a unit (built with the library),
//! filled in as the unit fills it. As for monitoring, the template is built twice from the same
//! pre-fill — once to read back where its cells and formulas stand, once to fill in and save —
//! and every cell is found by its label.

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
use super::selfeval::{Filled, SAnchors, SCard, UnitPlan, YEAR};
use super::selfeval_layout;
use super::world::{Cents, World};

pub fn options() -> Options {
    Options {
        kind: FormKind::SelfEval,
        year: YEAR,
        month: None,
        deadline: None,
        contact: None,
        password: None,
        rules: Config::default(),
    }
}

fn money(c: Cents) -> Money {
    Money::from_str_exact(&wan_text(c)).expect("an amount")
}

/// What the bureau pre-fills: the project from the budget list, its 年初预算数 (the parts the
/// target stage gave), the declared goal and indicators.
fn prefill(world: &World, card: &SCard) -> Prefill {
    let p = &world.projects[card.project.expect("a project card")];
    let part = |i: usize| card.parts_known[i].then(|| money(card.start[i]));
    Prefill {
        project_code: p.code.clone(),
        project_name: p.name.to_string(),
        department: world.head_of(p.unit).name().to_string(),
        unit_name: world.units[p.unit].name().to_string(),
        attribute: if p.is_new { "新增" } else { "延续" }.to_string(),
        total: Some(money(card.start[0])),
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

/// Where the cells of one card sheet stand.
struct Located {
    sheet: String,
    /// `[row][column]`: rows 年度资金总额, 财政拨款, 上年结转资金, 其他资金; columns 年初预算数,
    /// 全年预算数, 全年执行数, 执行率
    money: [[Pos; 4]; 4],
    rate_formula: [String; 4],
    exec_score: Pos,
    exec_score_formula: String,
    money_reason: Pos,
    goal_value: Pos,
    progress_value: Pos,
    l1_header: Pos,
    /// indicator columns by header label
    cols: BTreeMap<String, u16>,
    header_row: u32,
    /// data rows: (row, 一级指标, 二级指标, 三级指标)
    rows: Vec<(u32, String, String, String)>,
    total_row: u32,
    total_weight_formula: String,
    total_score_formula: String,
    conclusion: Pos,
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
        let in_row = |row: u32, label: &str| -> io::Result<u32> {
            text.iter()
                .find(|((r, _), v)| *r == row && v.as_str() == label)
                .map(|((_, c), _)| *c)
                .ok_or_else(|| err(format!("{name}: no `{label}` in row {row}")))
        };
        let formula = |(r, c): (u32, u32)| -> io::Result<String> {
            formulas
                .get_value((r, c))
                .cloned()
                .filter(|f| !f.is_empty())
                .ok_or_else(|| err(format!("{name}: no formula at ({r}, {c})")))
        };
        let pos = |(r, c): (u32, u32)| -> Pos { (r, c as u16) };
        let (hr, _) = find("年初预算数")?;
        let cols: Vec<u32> = ["年初预算数", "全年预算数", "全年执行数", "执行率"]
            .iter()
            .map(|l| in_row(hr, l))
            .collect::<io::Result<_>>()?;
        let (score_col, reason_col) = (in_row(hr, "得分")?, in_row(hr, "原因")?);
        let mut money = [[(0, 0); 4]; 4];
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
            for (j, &c) in cols.iter().enumerate() {
                money[i][j] = pos((row, c));
            }
            rate_formula[i] = formula((row, cols[3]))?;
        }
        let total_money_row = money[0][0].0;
        let (gr, gc) = find("预期目标")?;
        let (pr, pc) = find("实际完成情况")?;
        let (ir, ic) = find("一级指标")?;
        let mut icols = BTreeMap::new();
        for ((r, c), v) in &text {
            if *r == ir {
                icols.insert(v.clone(), *c as u16);
            }
        }
        let mut rows = Vec::new();
        let mut r = ir + 1;
        while let Some(l1) = text.get(&(r, ic)) {
            if l1 == "总分" {
                break;
            }
            let cell = |c: u32| text.get(&(r, c)).cloned().unwrap_or_default();
            rows.push((r, l1.clone(), cell(ic + 1), cell(ic + 2)));
            r += 1;
        }
        let (tr, _) = find("总分")?;
        let wcol = *icols
            .get("分值")
            .ok_or_else(|| err(format!("{name}: no 分值 column")))? as u32;
        let scol = *icols
            .get("得分")
            .ok_or_else(|| err(format!("{name}: no 得分 column")))? as u32;
        let (cr, cc) = find("评价结论")?;
        out.push(Located {
            sheet: name.clone(),
            money,
            rate_formula,
            exec_score: pos((total_money_row, score_col)),
            exec_score_formula: formula((total_money_row, score_col))?,
            money_reason: pos((total_money_row, reason_col)),
            goal_value: pos((gr + 1, gc)),
            progress_value: pos((pr + 1, pc)),
            l1_header: pos((ir, ic)),
            cols: icols,
            header_row: ir,
            rows,
            total_row: tr,
            total_weight_formula: formula((tr, wcol))?,
            total_score_formula: formula((tr, scol))?,
            conclusion: pos((cr, cc + 1)),
        });
    }
    Ok(out)
}

/// The template's formats of the cells a unit fills (`src/template/style.rs`).
struct Formats {
    input: Format,
    input_long: Format,
    input_money: Format,
    input_score: Format,
    rate: Format,
    score: Format,
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
            input_score: input.set_align(FormatAlign::Center),
            rate: boxed
                .clone()
                .set_background_color(Color::RGB(0xE2EFDA))
                .set_align(FormatAlign::Right)
                .set_num_format("0.00%"),
            score: boxed
                .set_background_color(Color::RGB(0xE2EFDA))
                .set_align(FormatAlign::Center)
                .set_num_format("0.00"),
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
fn fill(ws: &mut Worksheet, card: &SCard, loc: &Located, f: &Formats) -> io::Result<SAnchors> {
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
    let formula = |ws: &mut Worksheet, (r, c): Pos, fx: &str, cached: String, fmt: &Format| {
        ws.write_formula_with_format(r, c, Formula::new(fx).set_result(cached), fmt)
            .map(|_| ())
            .map_err(x)
    };

    // the money block
    for i in 0..4 {
        let m = loc.money[i];
        if !card.parts_known[i] {
            num(ws, m[0], wan(card.start[i]), &f.input_money)?;
        }
        num(ws, m[1], wan(card.full[i]), &f.input_money)?;
        num(ws, m[2], wan(card.executed[i]), &f.input_money)?;
        let typed = card.typed_rates || (i == 0 && card.stated_rate.is_some());
        match card.shown_rate(i) {
            Some(v) if typed => num(ws, m[3], v, &f.rate)?,
            shown => formula(
                ws,
                m[3],
                &loc.rate_formula[i],
                shown.map(|v| v.to_string()).unwrap_or_default(),
                &f.rate,
            )?,
        }
    }
    match card.stated_exec {
        Some(s) => num(ws, loc.exec_score, s as f64 / 100.0, &f.input_score)?,
        None => formula(
            ws,
            loc.exec_score,
            &loc.exec_score_formula,
            card.exec_written().to_string(),
            &f.score,
        )?,
    }
    if !card.money_reason.is_empty() {
        text(ws, loc.money_reason, &card.money_reason, &f.input_long)?;
    }
    if !card.goal_declared {
        text(ws, loc.goal_value, &card.goal, &f.input_long)?;
    }
    text(ws, loc.progress_value, &card.done, &f.input_long)?;

    // the indicator rows
    let c = |l: &str| col_of(loc, l);
    let (c3, cv, ca) = (c("三级指标")?, c("指标值")?, c("实际完成值")?);
    let (cw, cs, cr) = (c("分值")?, c("得分")?, c("偏差原因分析及改进措施")?);
    let mut used = vec![false; loc.rows.len()];
    let mut cells = Vec::new();
    for row in &card.rows {
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
        }
        text(ws, (r, ca), &row.actual, &f.input)?;
        num(ws, (r, cw), row.points as f64 / 100.0, &f.input_score)?;
        num(ws, (r, cs), row.score as f64 / 100.0, &f.input_score)?;
        if !row.reason.is_empty() {
            text(ws, (r, cr), &row.reason, &f.input_long)?;
        }
        cells.push([(r, ca), (r, cs), (r, cr)]);
    }
    let points: i64 = card.points() + super::selfeval::EXEC_POINTS;
    formula(
        ws,
        (loc.total_row, cw),
        &loc.total_weight_formula,
        (points as f64 / 100.0).to_string(),
        &f.score,
    )?;
    match card.stated_total {
        Some(t) => num(ws, (loc.total_row, cs), t as f64 / 100.0, &f.input_score)?,
        None => formula(
            ws,
            (loc.total_row, cs),
            &loc.total_score_formula,
            card.total_written().to_string(),
            &f.score,
        )?,
    }
    text(ws, loc.conclusion, &card.conclusion, &f.input_long)?;
    Ok(SAnchors {
        rates: loc.money.iter().map(|m| m[3]).collect(),
        exec_score: loc.exec_score,
        weight_header: (loc.header_row, cw),
        l1_header: loc.l1_header,
        total_score: (loc.total_row, cs),
        conclusion: loc.conclusion,
        rows: cells,
    })
}

/// A template unit's files: its filled template (when it has projects) and its unit-wide
/// self-evaluation as a workbook of its own.
pub fn unit_files(world: &World, plan: &UnitPlan) -> io::Result<Filled> {
    let u = &world.units[plan.unit];
    let mut out = Filled {
        files: Vec::new(),
        sheets: Vec::new(),
    };
    let projects: Vec<usize> = (0..plan.cards.len())
        .filter(|&k| plan.cards[k].is_project())
        .collect();
    if !projects.is_empty() {
        let forms = UnitForms {
            code: u.code().to_string(),
            name: u.name().to_string(),
            department: world.head_of(plan.unit).name().to_string(),
            cards: projects
                .iter()
                .map(|&k| prefill(world, &plan.cards[k]))
                .collect(),
        };
        let opts = options();
        let blank = template::to_bytes(&forms, &opts).map_err(io::Error::other)?;
        let located = locate(&blank)?;
        assert_eq!(
            located.len(),
            projects.len(),
            "{}: one sheet a card",
            u.name()
        );
        let mut book = template::build(&forms, &opts).map_err(io::Error::other)?;
        let formats = Formats::new();
        let name = forms.file_name(&opts);
        for (&k, loc) in projects.iter().zip(&located) {
            let ws = book
                .worksheet_from_name(&loc.sheet)
                .map_err(io::Error::other)?;
            let anchors = fill(ws, &plan.cards[k], loc, &formats)?;
            out.sheets
                .push((k, name.clone(), loc.sheet.clone(), anchors));
        }
        let bytes = book.save_to_buffer().map_err(io::Error::other)?;
        out.files.push((name, "template", bytes));
    }
    let k = plan.cards.len() - 1;
    let (grid, anchors) =
        selfeval_layout::overall(world, &plan.cards[k], selfeval_layout::OVERALL_SHEET);
    let name = format!(
        "{}_{}_{YEAR}年度部门整体支出绩效自评表.xlsx",
        u.code(),
        u.name()
    );
    out.sheets
        .push((k, name.clone(), grid.name.clone(), anchors));
    let bytes = super::xlsx::workbook(&[grid]).map_err(io::Error::other)?;
    out.files.push((name, "unit-wide", bytes));
    Ok(out)
}
