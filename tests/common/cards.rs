//! Card builders for the rule tests: national-layout target cards (FORMS §4.1), unit-wide cards
//! (FORMS §4.2), a roster and a budget list, written with rust_xlsxwriter.
//!
//! Every default is CLEAN: a default card, with the default roster and budget list, gives no
//! error and no warning. A test changes one knob and looks for the one finding it causes.
//! Each card also knows where it put things (`TargetCard::cells`), so that a test names the cell
//! a finding must point at without counting rows by hand.
#![allow(dead_code)]

use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Formula, Workbook, Worksheet};
use std::path::Path;

/// An amount cell as a unit fills it in.
#[derive(Clone, Debug, PartialEq)]
pub enum Amt {
    Num(f64),
    /// A number typed as text (`190.00`, `1,234.5`, `１２３`, `12.5万元`).
    Text(String),
    /// Left empty.
    Blank,
}

pub fn num(v: f64) -> Amt {
    Amt::Num(v)
}

pub fn txt(s: &str) -> Amt {
    Amt::Text(s.to_string())
}

/// 项目编码 as text, or typed into a number cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Code {
    Text(String),
    Num(f64),
}

/// One indicator row: 一级指标, 二级指标, 三级指标, 指标值.
#[derive(Clone, Debug, PartialEq)]
pub struct Ind {
    pub l1: String,
    pub l2: String,
    pub name: String,
    pub value: String,
}

pub fn ind(l1: &str, l2: &str, name: &str, value: &str) -> Ind {
    Ind {
        l1: l1.into(),
        l2: l2.into(),
        name: name.into(),
        value: value.into(),
    }
}

/// How header labels are spelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Labels {
    /// `项目名称`, `其中：财政拨款`.
    Plain,
    /// `项 目 名 称`, with ordinary and ideographic spaces.
    Spaced,
    /// `年度资金总额（万元）`, `实施单位（盖章）`.
    Suffixed,
    /// `项目名称：` with a full-width colon.
    Colon,
}

/// The six indicators of the clean card: 数量, 质量, 时效, 成本, 社会效益, 服务对象满意度.
pub fn clean_indicators() -> Vec<Ind> {
    vec![
        ind("产出指标", "数量指标", "校园安保人员配备数", "≥30人"),
        ind("产出指标", "质量指标", "安保设备完好率", "≥95%"),
        ind("产出指标", "时效指标", "设备维修响应时间", "≤24小时"),
        ind("产出指标", "成本指标", "人均安保经费", "≤4万元"),
        ind("效益指标", "社会效益指标", "校园安全事故发生率", "≤1%"),
        ind("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%"),
    ]
}

/// The clean indicators with level-2 groups of two rows (两项数量指标, 两项服务对象满意度指标):
/// merged down, the second row of a group has its level names only through the merge.
pub fn grouped_indicators() -> Vec<Ind> {
    let mut rows = clean_indicators();
    rows.insert(1, ind("产出指标", "数量指标", "安防设备维护数", "≥120台"));
    rows.push(ind(
        "满意度指标",
        "服务对象满意度指标",
        "家长满意度",
        "满意",
    ));
    rows
}

pub const UNIT: &str = "区教育局";
pub const UNIT_CODE: &str = "301001";
pub const PROJECT: &str = "校园安全保障经费";
pub const PROJECT_CODE: &str = "301001240001";

/// A 项目支出绩效目标申报表 in the national layout.
///
/// `Option` header fields: `None` leaves the whole label out of the sheet, `Some("")` prints the
/// label with an empty value.
#[derive(Clone, Debug)]
pub struct TargetCard {
    pub sheet: String,
    pub title: String,
    pub name: Option<String>,
    pub code: Option<Code>,
    pub department: String,
    pub unit: Option<String>,
    pub attribute: String,
    pub period: String,
    pub total: Amt,
    pub fiscal: Amt,
    pub carryover: Amt,
    pub other: Amt,
    /// A mid-term money block (`中期资金总额` and the same sub-labels) left of the annual one:
    /// total, fiscal, carryover, other.
    pub mid: Option<[Amt; 4]>,
    pub goal: Option<String>,
    /// The 88号 layout of the goals: `中期目标 | 年度目标` side by side, values on the row below.
    pub goal_below: bool,
    /// `false`: the sheet has no indicator table at all.
    pub table: bool,
    pub indicators: Vec<Ind>,
    /// Level names merged down (else repeated on every row).
    pub merged: bool,
    /// Empty rows between the goal and the indicator table.
    pub blank_rows: u32,
    pub labels: Labels,
    /// Cells written last, over what the card wrote there (A1 notation).
    pub raw: Vec<(String, Raw)>,
}

/// A cell as Excel stores what a unit typed, beyond plain text and numbers.
#[derive(Clone, Debug, PartialEq)]
pub enum Raw {
    /// A date (`2024/12/31` typed into a cell): a serial number with a date format.
    Date(u16, u8, u8),
    /// A number shown as a percent (`95%` typed into a cell: 0.95 with format `0%`).
    Percent(f64),
    /// A formula with the result Excel saved with it.
    Formula(String, f64),
}

impl Default for TargetCard {
    fn default() -> Self {
        TargetCard {
            sheet: "项目1".into(),
            title: "项目支出绩效目标申报表".into(),
            name: Some(PROJECT.into()),
            code: Some(Code::Text(PROJECT_CODE.into())),
            department: "区教育局（301）".into(),
            unit: Some(UNIT.into()),
            attribute: "新增".into(),
            period: "1年".into(),
            total: num(120.0),
            fiscal: num(100.0),
            carryover: num(0.0),
            other: num(20.0),
            mid: None,
            goal: Some(
                "全年保障全区32所学校安保力量和设备正常运行，校园安全事故发生率控制在1%以内。"
                    .into(),
            ),
            goal_below: false,
            table: true,
            indicators: clean_indicators(),
            merged: false,
            blank_rows: 0,
            labels: Labels::Plain,
            raw: Vec::new(),
        }
    }
}

/// Where a target card put its fields and indicator rows (A1 notation).
#[derive(Clone, Debug, Default)]
pub struct TargetCells {
    pub name_label: String,
    pub name: String,
    pub code: String,
    pub unit_label: String,
    pub unit: String,
    pub attribute: String,
    pub total_label: String,
    pub total: String,
    pub fiscal: String,
    pub carryover: String,
    pub other: String,
    pub goal_label: String,
    /// The `一级指标` header cell.
    pub header: String,
    /// Excel row numbers (1-based) of the indicator rows, in order.
    pub rows: Vec<u32>,
}

impl TargetCells {
    pub fn l1(&self, i: usize) -> String {
        format!("B{}", self.rows[i])
    }
    pub fn l2(&self, i: usize) -> String {
        format!("C{}", self.rows[i])
    }
    pub fn l3(&self, i: usize) -> String {
        format!("D{}", self.rows[i])
    }
    pub fn value(&self, i: usize) -> String {
        format!("E{}", self.rows[i])
    }
}

/// `C7` for zero-based row 6, column 2.
pub fn a1(row: u32, col: u16) -> String {
    format!("{}{}", (b'A' + col as u8) as char, row + 1)
}

/// The positions of a target card's parts (zero-based rows), shared by the writer and `cells`.
struct Plan {
    name: Option<u32>,
    code: Option<u32>,
    unit: u32,
    attribute: u32,
    money: u32,
    goal: Option<u32>,
    header: Option<u32>,
    first_row: u32,
    footer: u32,
}

impl TargetCard {
    /// The clean card, with `f` applied.
    pub fn with(f: impl FnOnce(&mut TargetCard)) -> TargetCard {
        let mut c = TargetCard::default();
        f(&mut c);
        c
    }

    /// Removes the indicator rows of this level-2 name.
    pub fn without(mut self, l2: &str) -> Self {
        self.indicators.retain(|i| i.l2 != l2);
        self
    }

    /// Adds an indicator row at the end.
    pub fn with_row(mut self, row: Ind) -> Self {
        self.indicators.push(row);
        self
    }

    /// Index of the first indicator row of this level-2 name.
    pub fn index_of(&self, l2: &str) -> usize {
        self.indicators
            .iter()
            .position(|i| i.l2 == l2)
            .unwrap_or_else(|| panic!("no {l2} row"))
    }

    fn plan(&self) -> Plan {
        let mut r = 2;
        let mut next = || {
            let at = r;
            r += 1;
            at
        };
        let name = self.name.as_ref().map(|_| next());
        let code = self.code.as_ref().map(|_| next());
        let unit = next();
        let attribute = next();
        let money = next();
        let _ = (next(), next(), next());
        let goal = self.goal.as_ref().map(|_| next());
        if goal.is_some() && self.goal_below {
            next();
        }
        let header = self.blank_rows + r;
        let footer = header + 1 + self.indicators.len() as u32 + 1;
        Plan {
            name,
            code,
            unit,
            attribute,
            money,
            goal,
            header: self.table.then_some(header),
            first_row: header + 1,
            footer,
        }
    }

    /// The money block's label and value columns.
    fn money_cols(&self) -> (u16, u16) {
        if self.mid.is_some() { (3, 4) } else { (1, 2) }
    }

    pub fn cells(&self) -> TargetCells {
        let p = self.plan();
        let (lc, vc) = self.money_cols();
        TargetCells {
            name_label: p.name.map(|r| a1(r, 0)).unwrap_or_default(),
            name: p.name.map(|r| a1(r, 1)).unwrap_or_default(),
            code: p.code.map(|r| a1(r, 1)).unwrap_or_default(),
            unit_label: a1(p.unit, 3),
            unit: a1(p.unit, 4),
            attribute: a1(p.attribute, 1),
            total_label: a1(p.money, lc),
            total: a1(p.money, vc),
            fiscal: a1(p.money + 1, vc),
            carryover: a1(p.money + 2, vc),
            other: a1(p.money + 3, vc),
            goal_label: p
                .goal
                .map(|r| a1(r, if self.goal_below { 3 } else { 1 }))
                .unwrap_or_default(),
            header: p.header.map(|r| a1(r, 1)).unwrap_or_default(),
            rows: (0..self.indicators.len() as u32)
                .map(|i| p.first_row + i + 1)
                .collect(),
        }
    }

    fn label(&self, s: &str, money: bool) -> String {
        match self.labels {
            Labels::Plain => s.to_string(),
            Labels::Spaced => {
                let spaced: Vec<String> = s.chars().map(String::from).collect();
                format!(" {}\u{3000}", spaced.join(" "))
            }
            Labels::Suffixed if money => format!("{s}（万元）"),
            Labels::Suffixed if s == "实施单位" => format!("{s}（盖章）"),
            Labels::Suffixed => s.to_string(),
            Labels::Colon => format!("{s}："),
        }
    }

    fn write(&self, ws: &mut Worksheet) {
        let f = Fmt::new();
        let p = self.plan();
        ws.merge_range(0, 0, 0, 5, &self.title, &f.title).unwrap();
        ws.merge_range(1, 0, 1, 5, "（2024年度）", &f.plain)
            .unwrap();
        let field = |ws: &mut Worksheet, row: u32, label: &str, value: &str| {
            ws.write_string(row, 0, self.label(label, false)).unwrap();
            ws.merge_range(row, 1, row, 5, value, &f.plain).unwrap();
        };
        if let (Some(r), Some(v)) = (p.name, &self.name) {
            field(ws, r, "项目名称", v);
        }
        if let (Some(r), Some(c)) = (p.code, &self.code) {
            ws.write_string(r, 0, self.label("项目编码", false))
                .unwrap();
            match c {
                Code::Text(t) => ws.write_string(r, 1, t).unwrap(),
                Code::Num(n) => ws.write_number(r, 1, *n).unwrap(),
            };
        }
        ws.write_string(p.unit, 0, self.label("主管部门及代码", false))
            .unwrap();
        ws.write_string(p.unit, 1, &self.department).unwrap();
        if let Some(u) = &self.unit {
            ws.write_string(p.unit, 3, self.label("实施单位", false))
                .unwrap();
            ws.merge_range(p.unit, 4, p.unit, 5, u, &f.plain).unwrap();
        }
        ws.write_string(p.attribute, 0, self.label("项目属性", false))
            .unwrap();
        ws.write_string(p.attribute, 1, &self.attribute).unwrap();
        ws.write_string(p.attribute, 3, self.label("项目期限", false))
            .unwrap();
        ws.write_string(p.attribute, 4, &self.period).unwrap();
        ws.merge_range(
            p.money,
            0,
            p.money + 3,
            0,
            &self.label("项目资金", true),
            &f.plain,
        )
        .unwrap();
        let parts = ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金"];
        let annual = [&self.total, &self.fiscal, &self.carryover, &self.other];
        let (lc, vc) = self.money_cols();
        for (i, (label, amount)) in parts.iter().zip(annual).enumerate() {
            let r = p.money + i as u32;
            ws.write_string(r, lc, self.label(label, true)).unwrap();
            write_amount(ws, r, vc, amount, &f);
        }
        if let Some(mid) = &self.mid {
            let labels = ["中期资金总额", "其中：财政拨款", "上年结转资金", "其他资金"];
            for (i, (label, amount)) in labels.iter().zip(mid).enumerate() {
                let r = p.money + i as u32;
                ws.write_string(r, 1, self.label(label, true)).unwrap();
                write_amount(ws, r, 2, amount, &f);
            }
        }
        if let (Some(r), Some(goal), true) = (p.goal, &self.goal, self.goal_below) {
            let label = |s: &str| self.label(s, false);
            ws.merge_range(r, 0, r + 1, 0, &label("总体目标"), &f.plain)
                .unwrap();
            ws.merge_range(r, 1, r, 2, &label("中期目标（2024-2026年）"), &f.plain)
                .unwrap();
            ws.merge_range(r, 3, r, 5, &label("年度目标"), &f.plain)
                .unwrap();
            let mid = "三年内全区学校安防设施全面达标。";
            ws.merge_range(r + 1, 1, r + 1, 2, mid, &f.plain).unwrap();
            ws.merge_range(r + 1, 3, r + 1, 5, goal, &f.plain).unwrap();
        } else if let (Some(r), Some(goal)) = (p.goal, &self.goal) {
            ws.write_string(r, 0, self.label("总体目标", false))
                .unwrap();
            ws.write_string(r, 1, self.label("年度目标", false))
                .unwrap();
            ws.merge_range(r, 2, r, 5, goal, &f.plain).unwrap();
        }
        for b in 0..self.blank_rows {
            for c in 0..6 {
                ws.write_blank(p.first_row - 1 - self.blank_rows + b, c, &f.plain)
                    .unwrap();
            }
        }
        if let Some(h) = p.header {
            write_indicators(ws, h, &self.indicators, self.merged, &|s| {
                self.label(s, false)
            });
            ws.write_string(p.footer, 0, "填表人：王芳    联系电话：028-12345678")
                .unwrap();
        }
        for (at, raw) in &self.raw {
            let col = at.as_bytes()[0] - b'A';
            let row: u32 = at[1..].parse::<u32>().unwrap() - 1;
            write_raw(ws, row, col as u16, raw);
        }
    }
}

/// The indicator table: caption in A, `一级指标 | 二级指标 | 三级指标 | 指标值 | 指标解释` in B..F.
fn write_indicators(
    ws: &mut Worksheet,
    header: u32,
    rows: &[Ind],
    merged: bool,
    label: &dyn Fn(&str) -> String,
) {
    let f = Fmt::new();
    let last = header + rows.len() as u32;
    if last > header {
        ws.merge_range(header, 0, last, 0, &label("绩效指标"), &f.plain)
            .unwrap();
    } else {
        ws.write_string(header, 0, label("绩效指标")).unwrap();
    }
    for (c, h) in ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"]
        .iter()
        .enumerate()
    {
        ws.write_string(header, c as u16 + 1, label(h)).unwrap();
    }
    let first = header + 1;
    for (i, ind) in rows.iter().enumerate() {
        let r = first + i as u32;
        if !ind.name.is_empty() {
            ws.write_string(r, 3, &ind.name).unwrap();
        }
        if !ind.value.is_empty() {
            ws.write_string(r, 4, &ind.value).unwrap();
        }
        if !ind.name.is_empty() {
            ws.write_string(r, 5, "按年度实际统计").unwrap();
        }
        if !merged {
            for (c, v) in [(1, &ind.l1), (2, &ind.l2)] {
                if !v.is_empty() {
                    ws.write_string(r, c, v).unwrap();
                }
            }
        }
    }
    if merged {
        // Runs of equal level-1 names, and of equal level-2 names inside them.
        let mut i = 0;
        while i < rows.len() {
            let mut j = i;
            while j + 1 < rows.len() && rows[j + 1].l1 == rows[i].l1 {
                j += 1;
            }
            merge_or_write(ws, first + i as u32, first + j as u32, 1, &rows[i].l1, &f);
            let mut k = i;
            while k <= j {
                let mut m = k;
                while m < j && rows[m + 1].l2 == rows[k].l2 {
                    m += 1;
                }
                merge_or_write(ws, first + k as u32, first + m as u32, 2, &rows[k].l2, &f);
                k = m + 1;
            }
            i = j + 1;
        }
    }
}

fn merge_or_write(ws: &mut Worksheet, from: u32, to: u32, col: u16, text: &str, f: &Fmt) {
    if from == to {
        if !text.is_empty() {
            ws.write_string(from, col, text).unwrap();
        }
    } else {
        ws.merge_range(from, col, to, col, text, &f.plain).unwrap();
    }
}

fn write_raw(ws: &mut Worksheet, row: u32, col: u16, raw: &Raw) {
    match raw {
        Raw::Date(y, m, d) => {
            let date = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
            let f = Format::new().set_num_format("yyyy/m/d");
            ws.write_datetime_with_format(row, col, &date, &f)
        }
        Raw::Percent(v) => {
            let f = Format::new().set_num_format("0%");
            ws.write_number_with_format(row, col, *v, &f)
        }
        Raw::Formula(text, result) => {
            let formula = Formula::new(text).set_result(result.to_string());
            ws.write_formula(row, col, formula)
        }
    }
    .unwrap();
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
}

impl Fmt {
    fn new() -> Fmt {
        let plain = Format::new().set_border(FormatBorder::Thin);
        Fmt {
            title: Format::new().set_bold().set_font_size(16),
            money: plain.clone().set_num_format("0.00"),
            plain,
        }
    }
}

/// One 年度主要任务 row: name, total, fiscal, other (万元).
#[derive(Clone, Debug, PartialEq)]
pub struct TaskRow {
    pub name: String,
    pub total: f64,
    pub fiscal: f64,
    pub other: f64,
}

pub fn task(name: &str, total: f64, fiscal: f64, other: f64) -> TaskRow {
    TaskRow {
        name: name.into(),
        total,
        fiscal,
        other,
    }
}

/// A 部门（单位）整体支出绩效目标申报表 (FORMS §4.2).
#[derive(Clone, Debug)]
pub struct OverallCard {
    pub sheet: String,
    pub unit: String,
    pub tasks: Vec<TaskRow>,
    /// The 金额合计 row as written: total, fiscal, other; `None` writes the sums of the tasks.
    pub sum: Option<[f64; 3]>,
    pub goal: String,
    pub indicators: Vec<Ind>,
}

impl Default for OverallCard {
    fn default() -> Self {
        OverallCard {
            sheet: "整体".into(),
            unit: UNIT.into(),
            tasks: vec![
                task("学校运转保障", 500.0, 450.0, 50.0),
                task("校园安全保障", 120.0, 100.0, 20.0),
            ],
            sum: None,
            goal: "保障全区32所学校正常运转，办学条件持续改善，群众满意度稳步提高。".into(),
            indicators: clean_indicators(),
        }
    }
}

/// Where an overall card put its parts.
#[derive(Clone, Debug)]
pub struct OverallCells {
    pub unit_label: String,
    pub unit: String,
    /// The 金额合计 row's 总额 cell.
    pub sum_total: String,
    pub header: String,
}

impl OverallCard {
    pub fn with(f: impl FnOnce(&mut OverallCard)) -> OverallCard {
        let mut c = OverallCard::default();
        f(&mut c);
        c
    }

    fn sum_row(&self) -> u32 {
        5 + self.tasks.len() as u32
    }

    pub fn cells(&self) -> OverallCells {
        let s = self.sum_row();
        OverallCells {
            unit_label: a1(2, 0),
            unit: a1(2, 1),
            sum_total: a1(s, 3),
            header: a1(s + 2, 1),
        }
    }

    fn write(&self, ws: &mut Worksheet) {
        let f = Fmt::new();
        ws.merge_range(0, 0, 0, 5, "部门（单位）整体支出绩效目标申报表", &f.title)
            .unwrap();
        ws.merge_range(1, 0, 1, 5, "（2024年度）", &f.plain)
            .unwrap();
        ws.write_string(2, 0, "部门（单位）名称").unwrap();
        ws.merge_range(2, 1, 2, 5, &self.unit, &f.plain).unwrap();
        let s = self.sum_row();
        ws.merge_range(3, 0, s, 0, "年度主要任务", &f.plain)
            .unwrap();
        ws.merge_range(3, 1, 4, 1, "任务名称", &f.plain).unwrap();
        ws.merge_range(3, 2, 4, 2, "主要内容", &f.plain).unwrap();
        ws.merge_range(3, 3, 3, 5, "预算申请（万元）", &f.plain)
            .unwrap();
        for (c, h) in ["总额", "财政拨款", "其他资金"].iter().enumerate() {
            ws.write_string(4, 3 + c as u16, *h).unwrap();
        }
        for (i, t) in self.tasks.iter().enumerate() {
            let r = 5 + i as u32;
            ws.write_string(r, 1, &t.name).unwrap();
            ws.write_string(r, 2, format!("{}相关工作", t.name))
                .unwrap();
            for (c, v) in [t.total, t.fiscal, t.other].iter().enumerate() {
                ws.write_number_with_format(r, 3 + c as u16, *v, &f.money)
                    .unwrap();
            }
        }
        let sums = self.sum.unwrap_or_else(|| {
            let add = |g: fn(&TaskRow) -> f64| self.tasks.iter().map(g).sum::<f64>();
            [add(|t| t.total), add(|t| t.fiscal), add(|t| t.other)]
        });
        ws.merge_range(s, 1, s, 2, "金额合计", &f.plain).unwrap();
        for (c, v) in sums.iter().enumerate() {
            ws.write_number_with_format(s, 3 + c as u16, *v, &f.money)
                .unwrap();
        }
        ws.write_string(s + 1, 0, "年度总体目标").unwrap();
        ws.merge_range(s + 1, 1, s + 1, 5, &self.goal, &f.plain)
            .unwrap();
        write_indicators(ws, s + 2, &self.indicators, false, &|l| {
            if l == "绩效指标" {
                "年度绩效指标".to_string()
            } else {
                l.to_string()
            }
        });
    }
}

/// A sheet of a workbook to write.
#[derive(Clone, Debug)]
pub enum Sheet {
    Target(Box<TargetCard>),
    Overall(OverallCard),
    /// Any other sheet (a 填报说明): a name and lines of text in column A.
    Other(String, Vec<String>),
}

/// A workbook of cards and other sheets.
#[derive(Clone, Debug, Default)]
pub struct Book {
    pub sheets: Vec<Sheet>,
}

impl Book {
    pub fn new() -> Book {
        Book::default()
    }

    pub fn target(mut self, c: TargetCard) -> Book {
        self.sheets.push(Sheet::Target(Box::new(c)));
        self
    }

    pub fn overall(mut self, c: OverallCard) -> Book {
        self.sheets.push(Sheet::Overall(c));
        self
    }

    pub fn other(mut self, name: &str, lines: &[&str]) -> Book {
        self.sheets.push(Sheet::Other(
            name.into(),
            lines.iter().map(|s| s.to_string()).collect(),
        ));
        self
    }

    /// Writes the workbook, creating the folder it goes into.
    pub fn save(&self, path: &Path) {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        let mut wb = Workbook::new();
        for s in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_column_width(0, 16).unwrap();
            ws.set_column_range_width(1, 5, 22).unwrap();
            match s {
                Sheet::Target(c) => {
                    ws.set_name(&c.sheet).unwrap();
                    c.write(ws);
                }
                Sheet::Overall(c) => {
                    ws.set_name(&c.sheet).unwrap();
                    c.write(ws);
                }
                Sheet::Other(name, lines) => {
                    ws.set_name(name).unwrap();
                    for (i, l) in lines.iter().enumerate() {
                        ws.write_string(i as u32, 0, l).unwrap();
                    }
                }
            }
        }
        wb.save(path).unwrap();
    }
}

/// A workbook holding one target card.
pub fn save_target(path: &Path, c: &TargetCard) {
    Book::new().target(c.clone()).save(path);
}

/// A row of the roster (单位名册).
#[derive(Clone, Debug)]
pub struct RosterUnit {
    pub code: String,
    pub name: String,
    pub department: String,
    pub alias: String,
}

pub fn unit(code: &str, name: &str) -> RosterUnit {
    RosterUnit {
        code: code.into(),
        name: name.into(),
        department: name.into(),
        alias: String::new(),
    }
}

/// The default roster: 区教育局 and 区卫生健康局.
pub fn roster_units() -> Vec<RosterUnit> {
    vec![unit(UNIT_CODE, UNIT), unit("302001", "区卫生健康局")]
}

pub fn write_roster(path: &Path, units: &[RosterUnit]) {
    let header = jixiao::registry::ROSTER_COLUMNS;
    let rows = units
        .iter()
        .map(|u| {
            vec![
                Cell::S(u.code.clone()),
                Cell::S(u.name.clone()),
                Cell::S(u.department.clone()),
                Cell::S("行政".into()),
                Cell::S("张三".into()),
                Cell::S("zhangsan@example.cn".into()),
                Cell::S(u.alias.clone()),
                Cell::S("是".into()),
            ]
        })
        .collect::<Vec<_>>();
    write_list(path, "单位名册", header, &rows);
}

/// A row of the budget list (预算项目清单).
#[derive(Clone, Debug)]
pub struct BudgetRow {
    pub unit_code: String,
    pub code: String,
    pub name: String,
    pub amount: f64,
    pub field: String,
}

pub fn budget_row(unit_code: &str, code: &str, name: &str, amount: f64) -> BudgetRow {
    BudgetRow {
        unit_code: unit_code.into(),
        code: code.into(),
        name: name.into(),
        amount,
        field: "教育".into(),
    }
}

/// The default budget list: the clean card's project at 120 万元.
pub fn budget_rows() -> Vec<BudgetRow> {
    vec![budget_row(UNIT_CODE, PROJECT_CODE, PROJECT, 120.0)]
}

pub fn write_budget(path: &Path, rows: &[BudgetRow]) {
    let header = jixiao::registry::BUDGET_COLUMNS;
    let rows = rows
        .iter()
        .map(|b| {
            vec![
                Cell::S(b.unit_code.clone()),
                Cell::S(b.code.clone()),
                Cell::S(b.name.clone()),
                Cell::S("一般公共预算".into()),
                Cell::S("新增".into()),
                Cell::N(b.amount),
                Cell::Blank,
                Cell::S("项目".into()),
                Cell::S(UNIT.into()),
                Cell::S(b.field.clone()),
            ]
        })
        .collect::<Vec<_>>();
    write_list(path, "预算项目清单", header, &rows);
}

enum Cell {
    S(String),
    N(f64),
    Blank,
}

fn write_list(path: &Path, sheet: &str, header: &[&str], rows: &[Vec<Cell>]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match v {
                Cell::S(s) if !s.is_empty() => {
                    ws.write_string(r, c, s).unwrap();
                }
                Cell::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                _ => {}
            }
        }
    }
    wb.save(path).unwrap();
}
