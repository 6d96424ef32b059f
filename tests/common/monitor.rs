//! A monitoring card builder (项目支出绩效目标执行监控表, FORMS §4.3) in the national layout,
//! written with rust_xlsxwriter, for the monitoring rule tests.
//!
//! Every default is CLEAN: the default card (month 7, 58.33% executed, all money to be spent,
//! every indicator row ticked 确定能) gives no error and no warning. The project, unit and
//! indicators are those of the clean target card (tests/common/cards.rs), so a target-stage
//! workbook consolidated from `TargetCard::default()` declares exactly this card's indicators.
//! Each card knows where it put things (`MonitorCard::cells`), so that a test names the cell a
//! finding must point at without counting rows by hand.
//!
//! Layout (columns A..Q): A captions; B..D the money rows' labels and the indicator levels;
//! money block from E: `年初预算数 | 调整后预算数 (optional) | 1-N月执行数 | 1-N月执行率 |
//! 全年预计执行数`; indicator table: B 一级指标, C 二级指标, D 三级指标, E 年度指标值,
//! F 1-N月执行数, G 全年预计执行数, H..L 偏差原因分析 ticks (经费保障 制度保障 人员保障
//! 硬件条件保障 其他), M 原因说明, N..P 完成目标可能性 (确定能 有可能 完全不可能), Q 备注; the
//! grouped headers span two header rows.
#![allow(dead_code)]

use crate::cards::{Amt, PROJECT, PROJECT_CODE, UNIT, a1, clean_indicators, num};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::path::Path;

/// The money block's rows, in the form's order.
pub const TOTAL: usize = 0;
pub const FISCAL: usize = 1;
pub const CARRYOVER: usize = 2;
pub const OTHER: usize = 3;
pub const MONEY_LABELS: [&str; 4] = ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金"];

/// The money block's columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MCol {
    Start,
    Adjusted,
    Executed,
    Rate,
    Forecast,
}

/// The 偏差原因分析 tick columns, in the form's order.
pub const REASONS: [&str; 5] = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"];
/// The 完成目标可能性 columns, in the form's order.
pub const LIKELY: [&str; 3] = ["确定能", "有可能", "完全不可能"];
pub const SURE: usize = 0;
pub const MAYBE: usize = 1;
pub const IMPOSSIBLE: usize = 2;

/// One row of the money block.
#[derive(Clone, Debug, PartialEq)]
pub struct MoneyRow {
    pub start: Amt,
    /// Written only when the card has the `调整后预算数` column.
    pub adjusted: Amt,
    pub executed: Amt,
    /// The stated 执行率; `None` writes executed ÷ (adjusted, else start) as a number shown as
    /// a percent (blank where the base is 0 or missing); `Some(Amt::Num)` a number without a
    /// percent format (0.5833, or 58.33 typed as points).
    pub rate: Option<Amt>,
    pub forecast: Amt,
}

fn row(start: f64, executed: f64, forecast: f64) -> MoneyRow {
    MoneyRow {
        start: num(start),
        adjusted: Amt::Blank,
        executed: num(executed),
        rate: None,
        forecast: num(forecast),
    }
}

impl MoneyRow {
    fn value(a: &Amt) -> Option<f64> {
        match a {
            Amt::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// executed ÷ (adjusted, else start), as the builder writes it when no rate is given.
    pub fn computed_rate(&self) -> Option<f64> {
        let base = MoneyRow::value(&self.adjusted).or(MoneyRow::value(&self.start))?;
        let exec = MoneyRow::value(&self.executed)?;
        (base != 0.0).then(|| (exec / base * 10_000.0).round() / 10_000.0)
    }
}

/// One indicator row of a monitoring card.
#[derive(Clone, Debug, PartialEq)]
pub struct MInd {
    pub l1: String,
    pub l2: String,
    pub name: String,
    pub value: String,
    pub actual: String,
    pub forecast: String,
    /// The marks in 经费保障 … 其他 (empty: no tick).
    pub reasons: [String; 5],
    pub why: String,
    /// The marks in 确定能, 有可能, 完全不可能 (empty: no tick).
    pub likely: [String; 3],
    pub remark: String,
}

/// A row as units fill it: executed and forecast as the target, ticked 确定能 with `√`.
pub fn mind(l1: &str, l2: &str, name: &str, value: &str) -> MInd {
    MInd {
        l1: l1.into(),
        l2: l2.into(),
        name: name.into(),
        value: value.into(),
        actual: value.into(),
        forecast: value.into(),
        reasons: Default::default(),
        why: String::new(),
        likely: ["√".into(), String::new(), String::new()],
        remark: String::new(),
    }
}

impl MInd {
    /// The 完成目标可能性 marks: 确定能, 有可能, 完全不可能.
    pub fn likely(mut self, sure: &str, maybe: &str, no: &str) -> Self {
        self.likely = [sure.into(), maybe.into(), no.into()];
        self
    }

    /// Ticks only this 完成目标可能性 column (SURE, MAYBE, IMPOSSIBLE) with `mark`.
    pub fn only(mut self, which: usize, mark: &str) -> Self {
        self.likely = Default::default();
        self.likely[which] = mark.into();
        self
    }

    /// Ticks the 偏差原因 column `i` (0 经费保障 … 4 其他) with `√`.
    pub fn reason(mut self, i: usize) -> Self {
        self.reasons[i] = "√".into();
        self
    }

    /// Writes the 原因说明.
    pub fn why(mut self, text: &str) -> Self {
        self.why = text.into();
        self
    }
}

/// The clean target card's six indicators, as a monitoring card repeats them.
pub fn clean_monitor_indicators() -> Vec<MInd> {
    clean_indicators()
        .into_iter()
        .map(|i| mind(&i.l1, &i.l2, &i.name, &i.value))
        .collect()
}

/// A 项目支出绩效目标执行监控表 in the national layout. `Option` header fields: `None` leaves
/// the label out of the sheet.
#[derive(Clone, Debug)]
pub struct MonitorCard {
    pub sheet: String,
    pub title: String,
    /// The month range as the headers spell it (`1-7月`, `1至9月`, `1～9月`); `None`: headers
    /// without a month (`执行数`, `执行率`, `执行情况`).
    pub months: Option<String>,
    pub name: Option<String>,
    pub code: Option<String>,
    pub department: String,
    pub unit: Option<String>,
    /// Whether the money block has the `调整后预算数` column.
    pub adjusted: bool,
    /// The money block's word for the executed amount: `执行数`, or its alias `执行情况`
    /// (`1-7月执行情况`, FORMS §3.5).
    pub executed_word: String,
    /// TOTAL, FISCAL, CARRYOVER, OTHER.
    pub money: [MoneyRow; 4],
    pub goal: String,
    pub progress: String,
    pub indicators: Vec<MInd>,
}

impl Default for MonitorCard {
    fn default() -> Self {
        MonitorCard {
            sheet: "监控1".into(),
            title: "项目支出绩效目标执行监控表".into(),
            months: Some("1-7月".into()),
            name: Some(PROJECT.into()),
            code: Some(PROJECT_CODE.into()),
            department: "区教育局（301）".into(),
            unit: Some(UNIT.into()),
            adjusted: false,
            executed_word: "执行数".into(),
            // 70 ÷ 120 = 58.33%, the time progress of July.
            money: [
                row(120.0, 70.0, 120.0),
                row(100.0, 60.0, 100.0),
                row(0.0, 0.0, 0.0),
                row(20.0, 10.0, 20.0),
            ],
            goal: "全年保障全区32所学校安保力量和设备正常运行，校园安全事故发生率控制在1%以内。"
                .into(),
            progress: "1-7月安保力量配备到位，设备运行正常。".into(),
            indicators: clean_monitor_indicators(),
        }
    }
}

/// Where a monitoring card put its fields, money cells and indicator rows (A1 notation).
#[derive(Clone, Debug)]
pub struct MonitorCells {
    pub title: String,
    pub name: String,
    pub code: String,
    pub unit: String,
    /// The `一级指标` header cell.
    pub header: String,
    /// Excel row numbers (1-based) of the indicator rows, in order.
    pub rows: Vec<u32>,
    money_top: u32,
    adjusted: bool,
}

impl MonitorCells {
    /// The cell of a money row (TOTAL, FISCAL, CARRYOVER, OTHER) in a column.
    pub fn money(&self, row: usize, col: MCol) -> String {
        let order: &[MCol] = if self.adjusted {
            &[
                MCol::Start,
                MCol::Adjusted,
                MCol::Executed,
                MCol::Rate,
                MCol::Forecast,
            ]
        } else {
            &[MCol::Start, MCol::Executed, MCol::Rate, MCol::Forecast]
        };
        let at = order
            .iter()
            .position(|k| *k == col)
            .unwrap_or_else(|| panic!("the card has no {col:?} column"));
        a1(self.money_top + 1 + row as u32, 4 + at as u16)
    }
    pub fn l1(&self, i: usize) -> String {
        format!("B{}", self.rows[i])
    }
    pub fn l3(&self, i: usize) -> String {
        format!("D{}", self.rows[i])
    }
    pub fn value(&self, i: usize) -> String {
        format!("E{}", self.rows[i])
    }
    pub fn why(&self, i: usize) -> String {
        format!("M{}", self.rows[i])
    }
    /// The row's 确定能 cell.
    pub fn sure(&self, i: usize) -> String {
        format!("N{}", self.rows[i])
    }
}

// Zero-based rows of the fixed parts.
const NAME_ROW: u32 = 2;
const UNIT_ROW: u32 = 3;
const MONEY_TOP: u32 = 4;
const GOAL_ROW: u32 = 9;
const HEADER_ROW: u32 = 11;
const LAST_COL: u16 = 16;

impl MonitorCard {
    /// The clean card, with `f` applied.
    pub fn with(f: impl FnOnce(&mut MonitorCard)) -> MonitorCard {
        let mut c = MonitorCard::default();
        f(&mut c);
        c
    }

    /// Sets the whole money block from the total row: everything on 财政拨款, nothing carried
    /// over or from other sources (so every column adds up).
    pub fn set_money(&mut self, start: f64, executed: f64, forecast: f64) {
        self.money = [
            row(start, executed, forecast),
            row(start, executed, forecast),
            row(0.0, 0.0, 0.0),
            row(0.0, 0.0, 0.0),
        ];
        if self.adjusted {
            self.set_adjusted(None);
        }
    }

    /// Adds the 调整后预算数 column: `Some(v)` on the total and 财政拨款 rows (0 elsewhere);
    /// `None` keeps the values already set.
    pub fn set_adjusted(&mut self, v: Option<f64>) {
        self.adjusted = true;
        if let Some(v) = v {
            self.money[TOTAL].adjusted = num(v);
            self.money[FISCAL].adjusted = num(v);
            self.money[CARRYOVER].adjusted = num(0.0);
            self.money[OTHER].adjusted = num(0.0);
        }
    }

    /// The header text with the month: `1-7月执行数`, or `执行数` without one.
    fn m(&self, what: &str) -> String {
        match &self.months {
            Some(m) => format!("{m}{what}"),
            None => what.to_string(),
        }
    }

    pub fn cells(&self) -> MonitorCells {
        let first = HEADER_ROW + 2;
        MonitorCells {
            title: "A1".into(),
            name: a1(NAME_ROW, 1),
            code: a1(NAME_ROW, 10),
            unit: a1(UNIT_ROW, 10),
            header: a1(HEADER_ROW, 1),
            rows: (0..self.indicators.len() as u32)
                .map(|i| first + i + 1)
                .collect(),
            money_top: MONEY_TOP,
            adjusted: self.adjusted,
        }
    }

    fn write(&self, ws: &mut Worksheet) {
        let f = Fmt::new();
        let merge = |ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, s: &str| {
            ws.merge_range(r0, c0, r1, c1, s, &f.plain).unwrap();
        };
        ws.merge_range(0, 0, 0, LAST_COL, &self.title, &f.title)
            .unwrap();
        merge(ws, 1, 0, 1, LAST_COL, "（2024年度）");
        // Header fields.
        if let Some(name) = &self.name {
            ws.write_string(NAME_ROW, 0, "项目名称").unwrap();
            merge(ws, NAME_ROW, 1, NAME_ROW, 7, name);
        }
        if let Some(code) = &self.code {
            merge(ws, NAME_ROW, 8, NAME_ROW, 9, "项目编码");
            merge(ws, NAME_ROW, 10, NAME_ROW, LAST_COL, code);
        }
        ws.write_string(UNIT_ROW, 0, "主管部门").unwrap();
        merge(ws, UNIT_ROW, 1, UNIT_ROW, 7, &self.department);
        if let Some(unit) = &self.unit {
            merge(ws, UNIT_ROW, 8, UNIT_ROW, 9, "实施单位");
            merge(ws, UNIT_ROW, 10, UNIT_ROW, LAST_COL, unit);
        }
        // The money block.
        merge(ws, MONEY_TOP, 0, MONEY_TOP + 4, 0, "项目资金（万元）");
        merge(ws, MONEY_TOP, 1, MONEY_TOP, 3, "");
        let mut heads = vec!["年初预算数".to_string()];
        if self.adjusted {
            heads.push("调整后预算数".into());
        }
        heads.extend([
            self.m(&self.executed_word),
            self.m("执行率"),
            "全年预计执行数".into(),
        ]);
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(MONEY_TOP, 4 + i as u16, h, &f.plain)
                .unwrap();
        }
        for (k, (label, m)) in MONEY_LABELS.iter().zip(&self.money).enumerate() {
            let r = MONEY_TOP + 1 + k as u32;
            merge(ws, r, 1, r, 3, label);
            let mut c = 4;
            write_amount(ws, r, c, &m.start, &f);
            c += 1;
            if self.adjusted {
                write_amount(ws, r, c, &m.adjusted, &f);
                c += 1;
            }
            write_amount(ws, r, c, &m.executed, &f);
            c += 1;
            match &m.rate {
                None => match m.computed_rate() {
                    Some(v) => ws.write_number_with_format(r, c, v, &f.rate),
                    None => ws.write_blank(r, c, &f.plain),
                }
                .map(|_| ())
                .unwrap(),
                // A number typed into a cell without a percent format.
                Some(Amt::Num(v)) => {
                    ws.write_number_with_format(r, c, *v, &f.plain).unwrap();
                }
                Some(a) => write_amount(ws, r, c, a, &f),
            }
            c += 1;
            write_amount(ws, r, c, &m.forecast, &f);
        }
        // 年度总体目标.
        merge(ws, GOAL_ROW, 0, GOAL_ROW + 1, 0, "年度总体目标");
        merge(ws, GOAL_ROW, 1, GOAL_ROW, 7, "年初设定目标");
        let progress_label = match &self.months {
            Some(m) => format!("{m}执行情况"),
            None => "目标执行情况".to_string(),
        };
        merge(ws, GOAL_ROW, 8, GOAL_ROW, LAST_COL, &progress_label);
        merge(ws, GOAL_ROW + 1, 1, GOAL_ROW + 1, 7, &self.goal);
        merge(ws, GOAL_ROW + 1, 8, GOAL_ROW + 1, LAST_COL, &self.progress);
        // The indicator table: two header rows.
        let h = HEADER_ROW;
        let actual = match &self.months {
            Some(m) => format!("{m}执行数"),
            None => "执行情况".to_string(),
        };
        for (c, label) in [
            (1, "一级指标"),
            (2, "二级指标"),
            (3, "三级指标"),
            (4, "年度指标值"),
            (5, actual.as_str()),
            (6, "全年预计执行数"),
            (16, "备注"),
        ] {
            merge(ws, h, c, h + 1, c, label);
        }
        merge(ws, h, 7, h, 12, "偏差原因分析");
        merge(ws, h, 13, h, 15, "完成目标可能性");
        for (i, label) in REASONS
            .iter()
            .chain(&["原因说明"])
            .chain(LIKELY.iter())
            .enumerate()
        {
            ws.write_string_with_format(h + 1, 7 + i as u16, *label, &f.plain)
                .unwrap();
        }
        let first = h + 2;
        let last = first + self.indicators.len() as u32;
        if self.indicators.is_empty() {
            merge(ws, h, 0, h + 1, 0, "绩效指标");
        } else {
            merge(ws, h, 0, last - 1, 0, "绩效指标");
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            let r = first + i as u32;
            let texts = [
                (1, &ind.l1),
                (2, &ind.l2),
                (3, &ind.name),
                (4, &ind.value),
                (5, &ind.actual),
                (6, &ind.forecast),
                (12, &ind.why),
                (16, &ind.remark),
            ];
            for (c, t) in texts {
                if !t.is_empty() {
                    ws.write_string(r, c, t).unwrap();
                }
            }
            for (k, t) in ind.reasons.iter().enumerate() {
                if !t.is_empty() {
                    ws.write_string(r, 7 + k as u16, t).unwrap();
                }
            }
            for (k, t) in ind.likely.iter().enumerate() {
                if !t.is_empty() {
                    ws.write_string(r, 13 + k as u16, t).unwrap();
                }
            }
        }
        ws.write_string(last + 1, 0, "填表人：王芳").unwrap();
        ws.write_string(last + 1, 5, "联系电话：028-12345678")
            .unwrap();
    }
}

fn write_amount(ws: &mut Worksheet, row: u32, col: u16, a: &Amt, f: &Fmt) {
    match a {
        Amt::Num(n) => ws.write_number_with_format(row, col, *n, &f.money),
        Amt::Text(t) => ws.write_string_with_format(row, col, t, &f.plain),
        Amt::Blank => ws.write_blank(row, col, &f.plain),
    }
    .unwrap();
}

struct Fmt {
    title: Format,
    plain: Format,
    money: Format,
    rate: Format,
}

impl Fmt {
    fn new() -> Fmt {
        let plain = Format::new().set_border(FormatBorder::Thin);
        Fmt {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            money: plain.clone().set_num_format("0.00"),
            rate: plain.clone().set_num_format("0.00%"),
            plain,
        }
    }
}

/// Writes a workbook of monitoring cards (one per sheet), creating the folder it goes into.
pub fn save_monitor_book(path: &Path, cards: &[MonitorCard]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut wb = Workbook::new();
    for c in cards {
        let ws = wb.add_worksheet();
        ws.set_name(&c.sheet).unwrap();
        ws.set_column_width(0, 14).unwrap();
        ws.set_column_range_width(1, LAST_COL, 12).unwrap();
        c.write(ws);
    }
    wb.save(path).unwrap();
}

/// A workbook holding one monitoring card.
pub fn save_monitor(path: &Path, c: &MonitorCard) {
    save_monitor_book(path, std::slice::from_ref(c));
}
