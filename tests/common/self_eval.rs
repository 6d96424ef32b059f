//! A self-evaluation card builder (项目支出绩效自评表, FORMS §4.4) in the national layout, a
//! unit-wide 部门整体支出绩效自评表, and a budget list with every column settable, written with
//! rust_xlsxwriter, for the self-evaluation rule tests and the year's-end commands.
//!
//! Every default is CLEAN: the default card (120 万元 budgeted and spent, execution 10 points,
//! indicators split 产出 50 / 效益 30 / 满意度 10, every indicator met, 总分 100, 评价结论 优)
//! gives no error and no warning. `SelfEvalCard::scored(total)` makes a clean card whose
//! recomputed total is exactly `total` (50..=100), the indicators falling short stating the
//! recomputed score and a reason. Each card knows where it put things (`SelfEvalCard::cells`).
//!
//! Layout (columns A..I, J when the money block has a `原因` column):
//! row 1 title, row 2 year; row 3 `项目名称` B..E, `项目编码` F, code G..I; row 4 `主管部门` B..D,
//! `实施单位` E, unit F..I; rows 5-9 the money block: caption A, labels B..C, then
//! D `年初预算数`, E `全年预算数`, F `全年执行数`, G `分值`, H `执行率`, I `得分` (J `原因`);
//! rows 10-11 `年度总体目标` (`预期目标` B..E | `实际完成情况` F..I); row 12 the indicator header
//! (A caption, B 一级指标, C 二级指标, D 三级指标, E 年度指标值, F 实际完成值, G 分值, H 得分,
//! I 偏差原因分析及改进措施), then one row per indicator; then `总分` (A..F) with 分值 in G and
//! 得分 in H; then `评价结论` A with the value in B..I.
#![allow(dead_code)]

use crate::cards::{Amt, PROJECT, PROJECT_CODE, UNIT, a1, num};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::path::Path;

/// The money block's rows, in the form's order.
pub const TOTAL: usize = 0;
pub const FISCAL: usize = 1;
pub const CARRYOVER: usize = 2;
pub const OTHER: usize = 3;
pub const MONEY_LABELS: [&str; 4] = [
    "年度资金总额",
    "其中：当年财政拨款",
    "上年结转资金",
    "其他资金",
];

/// The money block's columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SCol {
    Start,
    Full,
    Executed,
    Points,
    Rate,
    Score,
    Reason,
}

/// One row of the money block.
#[derive(Clone, Debug, PartialEq)]
pub struct SMoney {
    pub start: Amt,
    pub full: Amt,
    pub executed: Amt,
    /// The stated 执行率; `None` writes executed ÷ full as a number shown as a percent (blank
    /// where full is 0 or missing).
    pub rate: Option<Amt>,
    /// Written only when the card has the `原因` column.
    pub reason: String,
}

pub fn money_row(start: f64, full: f64, executed: f64) -> SMoney {
    SMoney {
        start: num(start),
        full: num(full),
        executed: num(executed),
        rate: None,
        reason: String::new(),
    }
}

impl SMoney {
    fn value(a: &Amt) -> Option<f64> {
        match a {
            Amt::Num(n) => Some(*n),
            _ => None,
        }
    }

    /// executed ÷ full, as the builder writes it when no rate is given.
    pub fn computed_rate(&self) -> Option<f64> {
        let full = SMoney::value(&self.full)?;
        let exec = SMoney::value(&self.executed)?;
        (full != 0.0).then(|| exec / full)
    }
}

/// One indicator row of a self-evaluation card.
#[derive(Clone, Debug, PartialEq)]
pub struct SInd {
    pub l1: String,
    pub l2: String,
    pub name: String,
    pub value: String,
    pub actual: String,
    pub points: Amt,
    pub score: Amt,
    pub reason: String,
}

/// A row met in full: the actual value given, the score equal to the points.
pub fn sind(l1: &str, l2: &str, name: &str, value: &str, actual: &str, points: f64) -> SInd {
    SInd {
        l1: l1.into(),
        l2: l2.into(),
        name: name.into(),
        value: value.into(),
        actual: actual.into(),
        points: num(points),
        score: num(points),
        reason: String::new(),
    }
}

impl SInd {
    pub fn actual(mut self, a: &str) -> Self {
        self.actual = a.into();
        self
    }
    pub fn score(mut self, s: f64) -> Self {
        self.score = num(s);
        self
    }
    pub fn reason(mut self, r: &str) -> Self {
        self.reason = r.into();
        self
    }
    fn score_value(&self) -> f64 {
        match self.score {
            Amt::Num(n) => n,
            _ => 0.0,
        }
    }
    fn points_value(&self) -> f64 {
        match self.points {
            Amt::Num(n) => n,
            _ => 0.0,
        }
    }
}

/// The index of the 数量指标 row (20 points, `≥30人`).
pub const QUANTITY: usize = 0;
/// The index of the 质量指标 row (10 points, `≥95%`).
pub const QUALITY: usize = 1;
/// The index of the 社会效益指标 row (30 points, `≥300人`).
pub const BENEFIT: usize = 4;
/// The index of the 满意度 row (10 points, `≥90%`).
pub const SATISFACTION: usize = 5;

/// Six indicators, all met: 产出 50 (数量 20, 质量 10, 时效 10, 成本 10), 效益 30, 满意度 10.
pub fn clean_self_eval_indicators() -> Vec<SInd> {
    vec![
        sind(
            "产出指标",
            "数量指标",
            "校园安保人员配备数",
            "≥30人",
            "30人",
            20.0,
        ),
        sind(
            "产出指标",
            "质量指标",
            "安保设备完好率",
            "≥95%",
            "96%",
            10.0,
        ),
        sind(
            "产出指标",
            "时效指标",
            "设备维修响应时间",
            "≤24小时",
            "12小时",
            10.0,
        ),
        sind(
            "产出指标",
            "成本指标",
            "人均安保经费",
            "≤4万元",
            "3.8万元",
            10.0,
        ),
        sind(
            "效益指标",
            "社会效益指标",
            "安全教育覆盖学生数",
            "≥300人",
            "300人",
            30.0,
        ),
        sind(
            "满意度指标",
            "服务对象满意度指标",
            "师生满意度",
            "≥90%",
            "92%",
            10.0,
        ),
    ]
}

/// A 项目支出绩效自评表 in the national layout. `Option` header fields: `None` leaves the label
/// out of the sheet.
#[derive(Clone, Debug)]
pub struct SelfEvalCard {
    pub sheet: String,
    pub title: String,
    pub name: Option<String>,
    pub code: Option<String>,
    pub department: String,
    pub unit: Option<String>,
    /// TOTAL, FISCAL, CARRYOVER, OTHER.
    pub money: [SMoney; 4],
    /// The 分值 of the 年度资金总额 row.
    pub exec_points: Amt,
    /// The 得分 of the 年度资金总额 row; `None` writes min(rate, 1) × points to the cent.
    pub exec_score: Option<Amt>,
    /// Whether the money block has a `原因` column (J).
    pub reason_col: bool,
    pub goal: String,
    pub progress: String,
    pub indicators: Vec<SInd>,
    /// Whether the card has a `总分` row.
    pub total_row: bool,
    /// The 总分 row's 分值; `None` writes the sum of the points plus the execution's.
    pub total_points: Option<Amt>,
    /// The 总分 row's 得分; `None` writes the sum of the stated scores.
    pub total_score: Option<Amt>,
    /// The 评价结论; `None` leaves the label out.
    pub conclusion: Option<String>,
    /// The label of the 评价结论 (`评价结论`, or `自评等级`, `评价等级`, `自评结论`).
    pub conclusion_label: String,
}

impl Default for SelfEvalCard {
    fn default() -> Self {
        SelfEvalCard {
            sheet: "自评1".into(),
            title: "项目支出绩效自评表".into(),
            name: Some(PROJECT.into()),
            code: Some(PROJECT_CODE.into()),
            department: "区教育局".into(),
            unit: Some(UNIT.into()),
            money: [
                money_row(120.0, 120.0, 120.0),
                money_row(100.0, 100.0, 100.0),
                money_row(0.0, 0.0, 0.0),
                money_row(20.0, 20.0, 20.0),
            ],
            exec_points: num(10.0),
            exec_score: None,
            reason_col: false,
            goal: "全年保障全区32所学校安保力量和设备正常运行。".into(),
            progress: "全年安保力量配备到位，设备运行正常，未发生校园安全事故。".into(),
            indicators: clean_self_eval_indicators(),
            total_row: true,
            total_points: None,
            total_score: None,
            conclusion: Some("优".into()),
            conclusion_label: "评价结论".into(),
        }
    }
}

/// Where a self-evaluation card put its fields, money cells and indicator rows (A1 notation).
#[derive(Clone, Debug)]
pub struct SelfEvalCells {
    pub title: String,
    pub name: String,
    pub code: String,
    pub unit: String,
    /// The `一级指标` header cell.
    pub header: String,
    /// The `分值` header cell of the indicator table.
    pub points_header: String,
    /// Excel row numbers (1-based) of the indicator rows, in order.
    pub rows: Vec<u32>,
    /// The `总分` row's 分值 and 得分 cells.
    pub total_points: String,
    pub total_score: String,
    /// The `评价结论` label and value cells.
    pub conclusion_label: String,
    pub conclusion: String,
}

impl SelfEvalCells {
    /// The cell of a money row (TOTAL, FISCAL, CARRYOVER, OTHER) in a column.
    pub fn money(&self, row: usize, col: SCol) -> String {
        let c = match col {
            SCol::Start => 3,
            SCol::Full => 4,
            SCol::Executed => 5,
            SCol::Points => 6,
            SCol::Rate => 7,
            SCol::Score => 8,
            SCol::Reason => 9,
        };
        a1(MONEY_TOP + 1 + row as u32, c)
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
    pub fn actual(&self, i: usize) -> String {
        format!("F{}", self.rows[i])
    }
    pub fn points(&self, i: usize) -> String {
        format!("G{}", self.rows[i])
    }
    pub fn score(&self, i: usize) -> String {
        format!("H{}", self.rows[i])
    }
    pub fn reason(&self, i: usize) -> String {
        format!("I{}", self.rows[i])
    }
}

// Zero-based rows of the fixed parts.
const NAME_ROW: u32 = 2;
const UNIT_ROW: u32 = 3;
const MONEY_TOP: u32 = 4;
const GOAL_ROW: u32 = 9;
const HEADER_ROW: u32 = 11;
const LAST_COL: u16 = 8;

/// The grade of a total by the national bounds: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差.
pub fn grade_of(total: u32) -> &'static str {
    match total {
        90.. => "优",
        80..=89 => "良",
        60..=79 => "中",
        _ => "差",
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

impl SelfEvalCard {
    /// The clean card, with `f` applied.
    pub fn with(f: impl FnOnce(&mut SelfEvalCard)) -> SelfEvalCard {
        let mut c = SelfEvalCard::default();
        f(&mut c);
        c
    }

    /// A clean card whose recomputed total is exactly `total` (50..=100): the 社会效益 row
    /// (30 points, `≥300人`) loses up to 30 points, then the 数量 row (20 points, `≥30人`);
    /// each row that falls short states its recomputed score and a reason, and the 评价结论
    /// states the grade of `total`. The execution rate stays 100% (10 points).
    pub fn scored(total: u32) -> SelfEvalCard {
        assert!((50..=100).contains(&total), "scored({total})");
        let mut c = SelfEvalCard::default();
        c.set_total(total);
        c
    }

    /// Makes the indicators give a recomputed total of `total` (see [`SelfEvalCard::scored`]),
    /// assuming an execution score of 10.
    pub fn set_total(&mut self, total: u32) {
        assert!((50..=100).contains(&total), "set_total({total})");
        let loss = 100 - total;
        let benefit_loss = loss.min(30);
        let quantity_loss = loss - benefit_loss;
        if benefit_loss > 0 {
            let kept = 30 - benefit_loss;
            let b = &mut self.indicators[BENEFIT];
            // ≥300人 over 30 points: each point is 10人.
            b.actual = format!("{}人", kept * 10);
            b.score = num(kept as f64);
            b.reason = "部分学校安全教育课程未能按期开展，下年纳入教学计划。".into();
        }
        if quantity_loss > 0 {
            let kept = 20 - quantity_loss;
            let q = &mut self.indicators[QUANTITY];
            // ≥30人 over 20 points: each point is 1.5人.
            q.actual = format!("{}人", kept as f64 * 1.5);
            q.score = num(kept as f64);
            q.reason = "安保人员招聘未完成，下年通过购买服务补足。".into();
        }
        self.conclusion = Some(grade_of(total).into());
    }

    /// Sets the whole money block from the total row: everything on 当年财政拨款 (so every
    /// column adds up).
    pub fn set_money(&mut self, full: f64, executed: f64) {
        self.money = [
            money_row(full, full, executed),
            money_row(full, full, executed),
            money_row(0.0, 0.0, 0.0),
            money_row(0.0, 0.0, 0.0),
        ];
    }

    /// A project of another name, code and unit.
    pub fn project(mut self, sheet: &str, name: &str, code: &str, unit: &str) -> Self {
        self.sheet = sheet.into();
        self.name = Some(name.into());
        self.code = Some(code.into());
        self.department = unit.into();
        self.unit = Some(unit.into());
        self
    }

    /// The execution score as written: stated, else min(rate, 1) × points to the cent.
    pub fn exec_score_written(&self) -> Option<f64> {
        match &self.exec_score {
            Some(Amt::Num(n)) => Some(*n),
            Some(_) => None,
            None => {
                let rate = self.money[TOTAL].computed_rate()?;
                let points = SMoney::value(&self.exec_points)?;
                Some(round2(rate.clamp(0.0, 1.0) * points))
            }
        }
    }

    /// The 总分 as written when not set: the execution score and the indicators' scores.
    pub fn stated_sum(&self) -> f64 {
        round2(
            self.exec_score_written().unwrap_or(0.0)
                + self.indicators.iter().map(SInd::score_value).sum::<f64>(),
        )
    }

    fn points_sum(&self) -> f64 {
        SMoney::value(&self.exec_points).unwrap_or(0.0)
            + self.indicators.iter().map(SInd::points_value).sum::<f64>()
    }

    fn total_at(&self) -> u32 {
        HEADER_ROW + 1 + self.indicators.len() as u32
    }

    fn conclusion_at(&self) -> u32 {
        self.total_at() + u32::from(self.total_row)
    }

    pub fn cells(&self) -> SelfEvalCells {
        let first = HEADER_ROW + 1;
        let t = self.total_at();
        let c = self.conclusion_at();
        SelfEvalCells {
            title: "A1".into(),
            name: a1(NAME_ROW, 1),
            code: a1(NAME_ROW, 6),
            unit: a1(UNIT_ROW, 5),
            header: a1(HEADER_ROW, 1),
            points_header: a1(HEADER_ROW, 6),
            rows: (0..self.indicators.len() as u32)
                .map(|i| first + i + 1)
                .collect(),
            total_points: a1(t, 6),
            total_score: a1(t, 7),
            conclusion_label: a1(c, 0),
            conclusion: a1(c, 1),
        }
    }

    fn write(&self, ws: &mut Worksheet) {
        let f = Fmt::new();
        let last_col = if self.reason_col {
            LAST_COL + 1
        } else {
            LAST_COL
        };
        let merge = |ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, s: &str| {
            if (r0, c0) == (r1, c1) {
                ws.write_string_with_format(r0, c0, s, &f.plain).unwrap();
            } else {
                ws.merge_range(r0, c0, r1, c1, s, &f.plain).unwrap();
            }
        };
        ws.merge_range(0, 0, 0, last_col, &self.title, &f.title)
            .unwrap();
        merge(ws, 1, 0, 1, last_col, "（2024年度）");
        if let Some(name) = &self.name {
            ws.write_string(NAME_ROW, 0, "项目名称").unwrap();
            merge(ws, NAME_ROW, 1, NAME_ROW, 4, name);
        }
        if let Some(code) = &self.code {
            ws.write_string(NAME_ROW, 5, "项目编码").unwrap();
            merge(ws, NAME_ROW, 6, NAME_ROW, last_col, code);
        }
        ws.write_string(UNIT_ROW, 0, "主管部门").unwrap();
        merge(ws, UNIT_ROW, 1, UNIT_ROW, 3, &self.department);
        if let Some(unit) = &self.unit {
            ws.write_string(UNIT_ROW, 4, "实施单位").unwrap();
            merge(ws, UNIT_ROW, 5, UNIT_ROW, last_col, unit);
        }
        // The money block.
        merge(ws, MONEY_TOP, 0, MONEY_TOP + 4, 0, "项目资金（万元）");
        merge(ws, MONEY_TOP, 1, MONEY_TOP, 2, "");
        let mut heads = vec![
            "年初预算数",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ];
        if self.reason_col {
            heads.push("原因");
        }
        for (i, h) in heads.iter().enumerate() {
            ws.write_string_with_format(MONEY_TOP, 3 + i as u16, *h, &f.plain)
                .unwrap();
        }
        for (k, (label, m)) in MONEY_LABELS.iter().zip(&self.money).enumerate() {
            let r = MONEY_TOP + 1 + k as u32;
            merge(ws, r, 1, r, 2, label);
            write_amount(ws, r, 3, &m.start, &f);
            write_amount(ws, r, 4, &m.full, &f);
            write_amount(ws, r, 5, &m.executed, &f);
            match &m.rate {
                None => match m.computed_rate() {
                    Some(v) => ws.write_number_with_format(r, 7, v, &f.rate),
                    None => ws.write_blank(r, 7, &f.plain),
                }
                .map(|_| ())
                .unwrap(),
                Some(Amt::Num(v)) => {
                    ws.write_number_with_format(r, 7, *v, &f.rate).unwrap();
                }
                Some(a) => write_amount(ws, r, 7, a, &f),
            }
            if k == TOTAL {
                write_amount(ws, r, 6, &self.exec_points, &f);
                match &self.exec_score {
                    Some(a) => write_amount(ws, r, 8, a, &f),
                    None => match self.exec_score_written() {
                        Some(v) => {
                            ws.write_number_with_format(r, 8, v, &f.score).unwrap();
                        }
                        None => {
                            ws.write_blank(r, 8, &f.plain).unwrap();
                        }
                    },
                }
            } else {
                ws.write_blank(r, 6, &f.plain).unwrap();
                ws.write_blank(r, 8, &f.plain).unwrap();
            }
            if self.reason_col {
                if m.reason.is_empty() {
                    ws.write_blank(r, 9, &f.plain).unwrap();
                } else {
                    ws.write_string_with_format(r, 9, &m.reason, &f.plain)
                        .unwrap();
                }
            }
        }
        // 年度总体目标.
        merge(ws, GOAL_ROW, 0, GOAL_ROW + 1, 0, "年度总体目标");
        merge(ws, GOAL_ROW, 1, GOAL_ROW, 4, "预期目标");
        merge(ws, GOAL_ROW, 5, GOAL_ROW, last_col, "实际完成情况");
        merge(ws, GOAL_ROW + 1, 1, GOAL_ROW + 1, 4, &self.goal);
        merge(ws, GOAL_ROW + 1, 5, GOAL_ROW + 1, last_col, &self.progress);
        // The indicator table.
        let h = HEADER_ROW;
        let last = h + self.indicators.len() as u32;
        merge(ws, h, 0, last, 0, "绩效指标");
        for (c, label) in [
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
            "偏差原因分析及改进措施",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(h, 1 + c as u16, *label, &f.plain)
                .unwrap();
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            let r = h + 1 + i as u32;
            for (c, t) in [
                (1, &ind.l1),
                (2, &ind.l2),
                (3, &ind.name),
                (4, &ind.value),
                (5, &ind.actual),
                (8, &ind.reason),
            ] {
                if !t.is_empty() {
                    ws.write_string(r, c, t).unwrap();
                }
            }
            write_amount(ws, r, 6, &ind.points, &f);
            write_amount(ws, r, 7, &ind.score, &f);
        }
        if self.total_row {
            let t = self.total_at();
            merge(ws, t, 0, t, 5, "总分");
            let points = self
                .total_points
                .clone()
                .unwrap_or_else(|| num(self.points_sum()));
            let score = self
                .total_score
                .clone()
                .unwrap_or_else(|| num(self.stated_sum()));
            write_amount(ws, t, 6, &points, &f);
            write_amount(ws, t, 7, &score, &f);
        }
        let c = self.conclusion_at();
        if let Some(conclusion) = &self.conclusion {
            ws.write_string_with_format(c, 0, &self.conclusion_label, &f.plain)
                .unwrap();
            merge(ws, c, 1, c, last_col, conclusion);
        }
        ws.write_string(c + 2, 0, "填表人：王芳").unwrap();
        ws.write_string(c + 2, 4, "联系电话：028-12345678").unwrap();
    }
}

/// One indicator of a unit-wide self-evaluation: 一级, 二级, 指标名称, 计量单位, 指标性质,
/// 年初指标值, 全年完成值, 指标权重, 指标得分 (调整指标值 and 得分系数 left empty).
#[derive(Clone, Debug, PartialEq)]
pub struct OInd {
    pub l1: String,
    pub l2: String,
    pub name: String,
    pub unit: String,
    pub nature: String,
    pub value: String,
    pub actual: String,
    pub weight: f64,
    pub score: f64,
}

#[allow(clippy::too_many_arguments)]
pub fn oind(
    l1: &str,
    l2: &str,
    name: &str,
    unit: &str,
    nature: &str,
    value: &str,
    actual: &str,
    weight: f64,
    score: f64,
) -> OInd {
    OInd {
        l1: l1.into(),
        l2: l2.into(),
        name: name.into(),
        unit: unit.into(),
        nature: nature.into(),
        value: value.into(),
        actual: actual.into(),
        weight,
        score,
    }
}

/// A 部门整体支出绩效自评表 (FORMS §4.4 note): no money block, no reason column.
#[derive(Clone, Debug)]
pub struct OverallSelfEvalCard {
    pub sheet: String,
    pub unit: String,
    pub department: String,
    pub indicators: Vec<OInd>,
    /// The 合计 row's 得分; `None` writes the sum of the scores.
    pub total_score: Option<f64>,
    pub conclusion: String,
}

impl Default for OverallSelfEvalCard {
    /// 投入 20, 过程 20, 产出 30, 效果 30; every indicator met: 100, 优.
    fn default() -> Self {
        OverallSelfEvalCard {
            sheet: "整体自评".into(),
            unit: UNIT.into(),
            department: UNIT.into(),
            indicators: vec![
                oind(
                    "投入",
                    "预算执行",
                    "预算执行率",
                    "%",
                    "≥",
                    "95",
                    "97",
                    20.0,
                    20.0,
                ),
                oind(
                    "过程",
                    "财务管理",
                    "资金使用合规率",
                    "%",
                    "=",
                    "100",
                    "100",
                    20.0,
                    20.0,
                ),
                oind(
                    "产出",
                    "职责履行",
                    "重点工作任务完成数",
                    "项",
                    "≥",
                    "10",
                    "10",
                    30.0,
                    30.0,
                ),
                oind(
                    "效果",
                    "服务对象满意度",
                    "服务对象满意度",
                    "%",
                    "≥",
                    "90",
                    "93",
                    30.0,
                    30.0,
                ),
            ],
            total_score: None,
            conclusion: "优".into(),
        }
    }
}

/// Where a unit-wide card put its parts.
#[derive(Clone, Debug)]
pub struct OverallSelfEvalCells {
    pub unit: String,
    /// Excel row numbers (1-based) of the indicator rows.
    pub rows: Vec<u32>,
    pub total_score: String,
    pub conclusion: String,
}

impl OverallSelfEvalCard {
    pub fn with(f: impl FnOnce(&mut OverallSelfEvalCard)) -> OverallSelfEvalCard {
        let mut c = OverallSelfEvalCard::default();
        f(&mut c);
        c
    }

    pub fn cells(&self) -> OverallSelfEvalCells {
        let first = 7;
        let t = first + self.indicators.len() as u32;
        OverallSelfEvalCells {
            unit: a1(2, 1),
            rows: (0..self.indicators.len() as u32)
                .map(|i| first + i + 1)
                .collect(),
            total_score: a1(t, 10),
            conclusion: a1(t + 1, 1),
        }
    }

    fn write(&self, ws: &mut Worksheet) {
        let f = Fmt::new();
        ws.merge_range(0, 0, 0, 10, "部门整体支出绩效自评表", &f.title)
            .unwrap();
        ws.merge_range(1, 0, 1, 10, "（2024年度）", &f.plain)
            .unwrap();
        ws.write_string(2, 0, "部门（单位）名称").unwrap();
        ws.merge_range(2, 1, 2, 4, &self.unit, &f.plain).unwrap();
        ws.merge_range(2, 5, 2, 6, "主管部门", &f.plain).unwrap();
        ws.merge_range(2, 7, 2, 10, &self.department, &f.plain)
            .unwrap();
        ws.merge_range(3, 0, 4, 0, "年度总体目标", &f.plain)
            .unwrap();
        ws.merge_range(3, 1, 3, 5, "预期目标", &f.plain).unwrap();
        ws.merge_range(3, 6, 3, 10, "实际完成情况", &f.plain)
            .unwrap();
        ws.merge_range(4, 1, 4, 5, "履行教育管理职责，保障学校正常运转。", &f.plain)
            .unwrap();
        ws.merge_range(4, 6, 4, 10, "完成年度重点工作任务10项。", &f.plain)
            .unwrap();
        ws.merge_range(5, 0, 5, 10, "年度绩效指标完成情况", &f.plain)
            .unwrap();
        for (c, h) in [
            "一级指标",
            "二级指标",
            "指标名称",
            "计量单位",
            "指标性质",
            "年初指标值",
            "调整指标值",
            "全年完成值",
            "得分系数",
            "指标权重",
            "指标得分",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(6, c as u16, *h, &f.plain)
                .unwrap();
        }
        for (i, ind) in self.indicators.iter().enumerate() {
            let r = 7 + i as u32;
            for (c, t) in [
                (0, &ind.l1),
                (1, &ind.l2),
                (2, &ind.name),
                (3, &ind.unit),
                (4, &ind.nature),
                (5, &ind.value),
                (7, &ind.actual),
            ] {
                if !t.is_empty() {
                    ws.write_string(r, c, t).unwrap();
                }
            }
            ws.write_number(r, 9, ind.weight).unwrap();
            ws.write_number(r, 10, ind.score).unwrap();
        }
        let t = 7 + self.indicators.len() as u32;
        ws.merge_range(t, 0, t, 8, "合计", &f.plain).unwrap();
        ws.write_number(t, 9, self.indicators.iter().map(|i| i.weight).sum::<f64>())
            .unwrap();
        let total = self
            .total_score
            .unwrap_or_else(|| round2(self.indicators.iter().map(|i| i.score).sum::<f64>()));
        ws.write_number(t, 10, total).unwrap();
        ws.write_string(t + 1, 0, "评价结论").unwrap();
        ws.merge_range(t + 1, 1, t + 1, 10, &self.conclusion, &f.plain)
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
    score: Format,
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
            score: plain.clone().set_num_format("0.00"),
            plain,
        }
    }
}

/// A sheet of a self-evaluation workbook.
#[derive(Clone, Debug)]
pub enum SelfEvalSheet {
    Project(Box<SelfEvalCard>),
    Overall(OverallSelfEvalCard),
}

impl From<SelfEvalCard> for SelfEvalSheet {
    fn from(c: SelfEvalCard) -> Self {
        SelfEvalSheet::Project(Box::new(c))
    }
}

impl From<OverallSelfEvalCard> for SelfEvalSheet {
    fn from(c: OverallSelfEvalCard) -> Self {
        SelfEvalSheet::Overall(c)
    }
}

/// Writes a workbook of self-evaluation cards (one per sheet), creating its folder.
pub fn save_self_eval_book(path: &Path, sheets: &[SelfEvalSheet]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut wb = Workbook::new();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_column_width(0, 14).unwrap();
        ws.set_column_range_width(1, 10, 12).unwrap();
        match s {
            SelfEvalSheet::Project(c) => {
                ws.set_name(&c.sheet).unwrap();
                c.write(ws);
            }
            SelfEvalSheet::Overall(c) => {
                ws.set_name(&c.sheet).unwrap();
                c.write(ws);
            }
        }
    }
    wb.save(path).unwrap();
}

/// A workbook holding one self-evaluation card.
pub fn save_self_eval(path: &Path, c: &SelfEvalCard) {
    save_self_eval_book(path, &[c.clone().into()]);
}

/// A workbook holding one unit-wide self-evaluation.
pub fn save_overall_self_eval(path: &Path, c: &OverallSelfEvalCard) {
    save_self_eval_book(path, &[c.clone().into()]);
}

/// A row of a budget list (预算项目清单) with every column set.
#[derive(Clone, Debug)]
pub struct ListRow {
    pub unit_code: String,
    pub code: String,
    pub name: String,
    pub budget_type: String,
    pub attribute: String,
    pub amount: f64,
    pub category: String,
    pub department: String,
    pub field: String,
}

pub fn list_row(unit_code: &str, code: &str, name: &str, amount: f64, field: &str) -> ListRow {
    ListRow {
        unit_code: unit_code.into(),
        code: code.into(),
        name: name.into(),
        budget_type: "一般公共预算".into(),
        attribute: "延续".into(),
        amount,
        category: "项目".into(),
        department: String::new(),
        field: field.into(),
    }
}

/// Writes a budget list with the columns of `jixiao::registry::BUDGET_COLUMNS`.
pub fn write_budget_list(path: &Path, rows: &[ListRow]) {
    let header = jixiao::registry::BUDGET_COLUMNS;
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("预算项目清单").unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, b) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, name) in header.iter().enumerate() {
            let c = c as u16;
            let text = match *name {
                "单位编码" => &b.unit_code,
                "项目编码" => &b.code,
                "项目名称" => &b.name,
                "预算类型" => &b.budget_type,
                "项目属性" => &b.attribute,
                "项目类别" => &b.category,
                "主管部门" => &b.department,
                "领域" => &b.field,
                "本年预算数" => {
                    ws.write_number(r, c, b.amount).unwrap();
                    continue;
                }
                _ => continue,
            };
            if !text.is_empty() {
                ws.write_string(r, c, text).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

/// Writes a plain list: a header row and rows of text or numbers (`Ok` numbers, `Err` text).
pub fn write_plain_list(path: &Path, sheet: &str, header: &[&str], rows: &[Vec<ListCell>]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet).unwrap();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (i as u32 + 1, c as u16);
            match v {
                ListCell::S(s) if !s.is_empty() => {
                    ws.write_string(r, c, s).unwrap();
                }
                ListCell::N(n) => {
                    ws.write_number(r, c, *n).unwrap();
                }
                _ => {}
            }
        }
    }
    wb.save(path).unwrap();
}

/// A cell of a plain list.
#[derive(Clone, Debug)]
pub enum ListCell {
    S(String),
    N(f64),
}

pub fn s(t: &str) -> ListCell {
    ListCell::S(t.into())
}

pub fn n(v: f64) -> ListCell {
    ListCell::N(v)
}
