//! The self-evaluation stage (绩效自评, 2024 returns handed in in spring 2025): a project card
//! (项目支出绩效自评表) for every budget-list project of the 81 district units with projects —
//! most on jixiao's own template, eight units on the Sichuan layout (one of them as .xls) — and a
//! unit-wide self-evaluation (部门整体支出绩效自评表) from each of the 85 units that hand in. Every
//! score is worked out here from the generator's own numbers (FORMS §5), never by running jixiao:
//! the recomputed totals and grades, and the findings the planted mistakes should give.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use super::cards::{self, Amount, Indicator, Layout, ProjectCard, wan_text};
use super::data;
use super::grid::{Pos, a1};
use super::rng::Rng;
use super::selfeval_layout;
use super::selfeval_template;
use super::targets::Written;
use super::world::{Cents, World};
use super::{FileEntry, Manifest, Planted, ScoreEntry, Summary};

pub const YEAR: i32 = 2024;
pub const REACHED: &str = "达成年度指标";
pub const PARTLY: &str = "部分达成年度指标并具有一定效果";
pub const MISSED: &str = "未达成年度指标且效果较差";
/// What a unit writes where it has no number (an E10 hint).
const NO_NUMBER: &[&str] = &["见佐证材料", "详见自评报告", "见附件"];
/// 执行率 points of a project card.
pub const EXEC_POINTS: i64 = 1000;
/// Units on the Sichuan layout (the last of them hands in an .xls).
const SICHUAN_UNITS: usize = 8;
/// Template units that type their 执行率 (correctly) over the template's formula.
const TYPED_RATE_UNITS: usize = 6;
/// Template units whose own split of the 90 points is 产出 60 / 效益 20 / 满意度 10 (E03).
const OWN_SPLIT_UNITS: usize = 4;
/// Clean cards with an actual value that is not a number (E10).
const NO_NUMBER_CARDS: usize = 4;
/// Cards graded 差 by construction.
const POOR_CARDS: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SLayout {
    /// jixiao's own template (`jixiao template --kind self-eval`), filled in
    Template,
    /// the Sichuan card (报表编号 510000_0013zp), .xlsx
    Sichuan,
    /// the Sichuan card, .xls
    SichuanXls,
}

impl SLayout {
    pub fn label(self) -> &'static str {
        match self {
            SLayout::Template => "jixiao-template",
            SLayout::Sichuan => "sichuan",
            SLayout::SichuanXls => "sichuan-xls",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Ge,
    Le,
    Eq,
}

impl Cmp {
    pub fn sign(self) -> &'static str {
        match self {
            Cmp::Ge => "≥",
            Cmp::Le => "≤",
            Cmp::Eq => "=",
        }
    }
}

/// A quantified 年度指标值: comparator, number (as written) and unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quant {
    pub cmp: Cmp,
    pub num: String,
    pub unit: String,
}

impl Quant {
    pub fn target(&self) -> f64 {
        self.num.parse().expect("a number")
    }
}

/// `≥95%` → (≥, 95, %); `120人次` → (≥, 120, 人次). Dates, years, bare numbers and words are
/// not quantified here (the card answers them with a completion grade).
pub fn quant_of(v: &str) -> Option<Quant> {
    let body = v.trim_start_matches(['≥', '≤', '=']);
    let cmp = match &v[..v.len() - body.len()] {
        "≥" | "" => Cmp::Ge,
        "≤" => Cmp::Le,
        "=" => Cmp::Eq,
        _ => return None,
    };
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    if end == 0 {
        return None;
    }
    let (num, unit) = body.split_at(end);
    if unit.is_empty() || unit.starts_with('年') || unit.contains(['前', '月']) {
        return None;
    }
    Some(Quant {
        cmp,
        num: num.to_string(),
        unit: unit.to_string(),
    })
}

/// An indicator row as the unit fills it. Points and scores in hundredths.
#[derive(Debug, Clone)]
pub struct SRow {
    pub l1: &'static str,
    pub l2: &'static str,
    pub name: String,
    /// 年度指标值 as shown
    pub value: String,
    /// pre-filled on a template
    pub declared: bool,
    pub quant: Option<Quant>,
    /// unit-wide cards: 调整指标值 (a bare number)
    pub adjusted: Option<String>,
    /// 实际完成值: a number (with the unit on national cards), a completion grade, or words
    pub actual: String,
    pub points: i64,
    pub score: i64,
    pub reason: String,
}

/// How a row is scored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    Quant(f64),
    Qual(f64, f64),
    /// nothing to recompute from: the stated score stands
    Stated {
        unreadable: bool,
    },
}

pub fn band(actual: &str) -> Option<(f64, f64)> {
    match actual {
        REACHED => Some((0.8, 1.0)),
        PARTLY => Some((0.6, 0.8)),
        MISSED => Some((0.0, 0.6)),
        _ => None,
    }
}

/// The number a written actual value starts with.
fn leading_number(s: &str) -> Option<f64> {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    s[..end].parse().ok()
}

impl SRow {
    pub fn target(&self) -> Option<f64> {
        let q = self.quant.as_ref()?;
        Some(match &self.adjusted {
            Some(a) => a.parse().expect("a number"),
            None => q.target(),
        })
    }

    pub fn method(&self) -> Method {
        if self.quant.is_some()
            && let Some(a) = leading_number(&self.actual)
        {
            return Method::Quant(a);
        }
        match band(&self.actual) {
            Some((lo, hi)) => Method::Qual(lo, hi),
            None => Method::Stated {
                unreadable: self.quant.is_some() && !self.actual.is_empty(),
            },
        }
    }

    pub fn recomputed(&self) -> f64 {
        let p = self.points as f64 / 100.0;
        let s = self.score as f64 / 100.0;
        match self.method() {
            Method::Quant(a) => {
                let q = self.quant.as_ref().expect("quantified");
                quantitative(q.cmp, self.target().expect("a target"), a, p)
            }
            Method::Qual(lo, hi) => s.clamp(lo * p, hi * p),
            Method::Stated { .. } => s,
        }
    }

    /// The actual value's number as written (Sichuan and unit-wide cards write it bare).
    pub fn actual_bare(&self) -> Option<String> {
        let q = self.quant.as_ref()?;
        self.actual.strip_suffix(q.unit.as_str()).and_then(|n| {
            n.parse::<f64>().ok()?;
            Some(n.to_string())
        })
    }
}

/// FORMS §5: `≥` (and `=`): actual ≥ target → full, else actual/target × points; `≤`: actual ≤
/// target → full, target < actual < 2·target → (1 − (actual − target)/target) × points, else 0;
/// `=` with target 0: actual ≤ 0 → full, else 0.
pub fn quantitative(cmp: Cmp, target: f64, actual: f64, points: f64) -> f64 {
    let share = match cmp {
        Cmp::Eq if target == 0.0 => f64::from(u8::from(actual <= 0.0)),
        Cmp::Ge | Cmp::Eq => {
            if actual >= target {
                1.0
            } else if target > 0.0 {
                (actual / target).clamp(0.0, 1.0)
            } else {
                0.0
            }
        }
        Cmp::Le => {
            if actual <= target {
                1.0
            } else if target > 0.0 && actual < 2.0 * target {
                1.0 - (actual - target) / target
            } else {
                0.0
            }
        }
    };
    share * points
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn hundredths(x: f64) -> i64 {
    (x * 100.0).round() as i64
}

pub fn grade(total_hundredths: i64) -> &'static str {
    match total_hundredths {
        t if t >= 9000 => "优",
        t if t >= 8000 => "良",
        t if t >= 6000 => "中",
        _ => "差",
    }
}

/// The grade a 评价结论 states (the words this generator writes).
pub fn stated_grade(conclusion: &str) -> Option<&'static str> {
    ["优", "良", "中", "差"]
        .into_iter()
        .find(|g| conclusion.contains(g))
}

fn pts(h: i64) -> String {
    let x = h as f64 / 100.0;
    if h % 100 == 0 {
        format!("{}", h / 100)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// A planted mistake; the row ones carry the row index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SPlant {
    E01,
    E02(usize),
    E04(usize),
    E05Quant(usize),
    E05Qual(usize),
    E06(usize),
    E07,
    E08,
    E09,
    J01,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    E01,
    E02,
    E04,
    E05Quant,
    E05Qual,
    E06,
    E07,
    E08,
    E09,
    J01,
}

/// The planted mistakes: what, on the template (true) or the Sichuan cards.
const PLANTS: &[(Kind, bool)] = &[
    (Kind::E05Quant, true),
    (Kind::E05Quant, true),
    (Kind::E05Quant, true),
    (Kind::E05Quant, true),
    (Kind::E05Quant, false),
    (Kind::E05Qual, true),
    (Kind::E05Qual, true),
    (Kind::E05Qual, true),
    (Kind::E05Qual, false),
    (Kind::E04, true),
    (Kind::E04, true),
    (Kind::E04, true),
    (Kind::E04, false),
    (Kind::E07, true),
    (Kind::E07, true),
    (Kind::E07, true),
    (Kind::E07, false),
    (Kind::E02, true),
    (Kind::E02, true),
    (Kind::E02, true),
    (Kind::E02, false),
    (Kind::E01, true),
    (Kind::E01, true),
    (Kind::E01, true),
    (Kind::E01, false),
    (Kind::E06, true),
    (Kind::E06, true),
    (Kind::E06, true),
    (Kind::E06, true),
    (Kind::E06, false),
    (Kind::E09, true),
    (Kind::E09, true),
    (Kind::E09, true),
    (Kind::E09, false),
    (Kind::E08, true),
    (Kind::E08, true),
    (Kind::E08, true),
    (Kind::E08, false),
    (Kind::J01, true),
    (Kind::J01, true),
    (Kind::J01, true),
    (Kind::J01, false),
];

/// One self-evaluation card: a project's, or (project `None`) a unit's unit-wide one. Amounts
/// are `[年度资金总额, 财政拨款, 上年结转资金, 其他资金]`.
#[derive(Debug, Clone)]
pub struct SCard {
    pub project: Option<usize>,
    pub unit: usize,
    pub layout: SLayout,
    pub goal: String,
    pub goal_declared: bool,
    pub done: String,
    pub start: [Cents; 4],
    pub full: [Cents; 4],
    pub executed: [Cents; 4],
    pub parts_known: [bool; 4],
    pub money_reason: String,
    pub declared: Vec<Indicator>,
    pub rows: Vec<SRow>,
    /// the unit types its rates (rounded to 0.01%) over the template's formulas
    pub typed_rates: bool,
    /// a typed 年度资金总额 执行率 that disagrees with the amounts (J01)
    pub stated_rate: Option<f64>,
    /// a typed 执行率得分 (E09), hundredths
    pub stated_exec: Option<i64>,
    /// a typed 总分 (E07), hundredths
    pub stated_total: Option<i64>,
    pub conclusion: String,
    pub plant: Option<SPlant>,
    pub what: String,
}

impl SCard {
    pub fn is_project(&self) -> bool {
        self.project.is_some()
    }

    pub fn rate(&self, part: usize) -> Option<f64> {
        (self.full[part] > 0).then(|| self.executed[part] as f64 / self.full[part] as f64)
    }

    /// The 执行率 the card shows on a money row.
    pub fn shown_rate(&self, part: usize) -> Option<f64> {
        if part == 0
            && let Some(r) = self.stated_rate
        {
            return Some(r);
        }
        let r = self.rate(part)?;
        Some(if self.typed_rates || self.layout != SLayout::Template {
            (r * 10000.0).round() / 10000.0
        } else {
            r
        })
    }

    /// The 执行率得分 the card shows: the template's formula on the shown rate, a Sichuan
    /// unit's typed two decimals, or a typed mistake.
    pub fn exec_written(&self) -> f64 {
        if !self.is_project() {
            return 0.0;
        }
        if let Some(s) = self.stated_exec {
            return s as f64 / 100.0;
        }
        let v = self.shown_rate(0).unwrap_or(0.0).min(1.0) * 10.0;
        if self.layout == SLayout::Template {
            v
        } else {
            round2(v)
        }
    }

    pub fn exec_recomputed(&self) -> f64 {
        if !self.is_project() {
            return 0.0;
        }
        round2(self.rate(0).unwrap_or(0.0).min(1.0) * 10.0)
    }

    pub fn stated_sum(&self) -> f64 {
        self.exec_written()
            + self
                .rows
                .iter()
                .map(|r| r.score as f64 / 100.0)
                .sum::<f64>()
    }

    /// The 总分 the card shows.
    pub fn total_written(&self) -> f64 {
        match self.stated_total {
            Some(t) => t as f64 / 100.0,
            None if self.layout == SLayout::Template && self.is_project() => self.stated_sum(),
            None => round2(self.stated_sum()),
        }
    }

    /// The recomputed total, in hundredths.
    pub fn total_recomputed(&self) -> i64 {
        hundredths(self.exec_recomputed() + self.rows.iter().map(SRow::recomputed).sum::<f64>())
    }

    pub fn points(&self) -> i64 {
        self.rows.iter().map(|r| r.points).sum()
    }
}

/// Where a card's key cells ended up.
#[derive(Debug, Clone, Default)]
pub struct SAnchors {
    /// money rows' 执行率 cells (年度资金总额 first)
    pub rates: Vec<Pos>,
    pub exec_score: Pos,
    pub weight_header: Pos,
    pub l1_header: Pos,
    pub total_score: Pos,
    pub conclusion: Pos,
    /// per row: 实际完成值, 得分, 偏差原因
    pub rows: Vec<[Pos; 3]>,
}

/// One expected finding of a card.
pub struct Finding {
    pub rule: &'static str,
    pub cell: Pos,
    pub what: String,
}

fn severity(rule: &str) -> &'static str {
    match rule {
        "E02" | "E04" | "E07" | "J01" => "错误",
        "E03" | "E10" => "提示",
        _ => "警告",
    }
}

/// The national split of the 90 indicator points, in hundredths.
const NATIONAL: [(&str, i64); 3] = [("产出", 5000), ("效益", 3000), ("满意度", 1000)];

/// Every finding the card should give (FORMS §5, RULES.md E01–E10 and J01), worked out from the
/// card's numbers.
pub fn findings(card: &SCard, a: &SAnchors) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push =
        |rule: &'static str, cell: Pos, what: String| out.push(Finding { rule, cell, what });
    if card.is_project() {
        // parts are shown as the amounts give them; only a typed total rate can be off
        if let (Some(shown), Some(rate), Some(&cell)) =
            (card.shown_rate(0), card.rate(0), a.rates.first())
            && (shown - rate).abs() > 0.005 + 1e-9
        {
            push(
                "J01",
                cell,
                format!(
                    "填报执行率{:.2}%，按金额为{:.2}%",
                    shown * 100.0,
                    rate * 100.0
                ),
            );
        }
        let rate = card.rate(0).unwrap_or(0.0);
        let any_reason =
            !card.money_reason.is_empty() || card.rows.iter().any(|r| !r.reason.is_empty());
        if rate < 0.9 - 1e-9 && !any_reason {
            push(
                "E01",
                a.rates[0],
                format!("执行率{:.2}%低于90%，未说明原因", rate * 100.0),
            );
        }
        let (w, e) = (card.exec_written(), card.exec_recomputed());
        if (w - e).abs() > 0.5 + 1e-9 {
            push(
                "E09",
                a.exec_score,
                format!(
                    "执行率得分填报{}，应为{}",
                    pts(hundredths(w)),
                    pts(hundredths(e))
                ),
            );
        }
    }
    let exec_points = if card.is_project() { EXEC_POINTS } else { 0 };
    let points = card.points();
    if points + exec_points != 10000 {
        push(
            "E02",
            a.weight_header,
            format!(
                "指标分值合计{}{}，不等于100",
                pts(points),
                if card.is_project() {
                    "加执行率10分"
                } else {
                    ""
                }
            ),
        );
    } else if card.is_project() {
        let split: Vec<i64> = NATIONAL
            .iter()
            .map(|(l1, _)| {
                card.rows
                    .iter()
                    .filter(|r| r.l1 == *l1)
                    .map(|r| r.points)
                    .sum()
            })
            .collect();
        if split
            .iter()
            .zip(NATIONAL)
            .any(|(got, (_, want))| *got != want)
        {
            push(
                "E03",
                a.l1_header,
                format!(
                    "分值分配为产出{}、效益{}、满意度{}",
                    pts(split[0]),
                    pts(split[1]),
                    pts(split[2])
                ),
            );
        }
    }
    for (row, cells) in card.rows.iter().zip(&a.rows) {
        let (s, p) = (row.score, row.points);
        let re = row.recomputed();
        if s > p {
            push(
                "E04",
                cells[1],
                format!("“{}”得分{}高于分值{}", row.name, pts(s), pts(p)),
            );
        } else if ((s as f64 / 100.0) - re).abs() > 0.5 + 1e-9 {
            push(
                "E05",
                cells[1],
                format!(
                    "“{}”得分{}，复核得分{}",
                    row.name,
                    pts(s),
                    pts(hundredths(re))
                ),
            );
        }
        if s < p && row.reason.is_empty() {
            push(
                "E06",
                cells[2],
                format!(
                    "“{}”得分{}低于分值{}，未填偏差原因",
                    row.name,
                    pts(s),
                    pts(p)
                ),
            );
        }
        if row.method() == (Method::Stated { unreadable: true }) {
            push(
                "E10",
                cells[0],
                format!("“{}”实际完成值“{}”不是数字", row.name, row.actual),
            );
        }
    }
    let (written, sum) = (card.total_written(), round2(card.stated_sum()));
    if (written - sum).abs() > 0.05 {
        push(
            "E07",
            a.total_score,
            format!(
                "总分{}，各项得分之和{}",
                pts(hundredths(written)),
                pts(hundredths(sum))
            ),
        );
    }
    let total = card.total_recomputed();
    if let Some(g) = stated_grade(&card.conclusion)
        && g != grade(total)
    {
        push(
            "E08",
            a.conclusion,
            format!(
                "评价结论“{}”，复核总分{}应为“{}”",
                g,
                pts(total),
                grade(total)
            ),
        );
    }
    out
}

// ------------------------------------------------------------------ drawing the cards

/// How well a project went: 0 excellent … 3 poor.
fn profile(r: &mut Rng) -> u8 {
    match r.below(100) {
        0..=49 => 0,
        50..=89 => 1,
        _ => 2,
    }
}

fn fmt_num(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Draws what a unit reports on a quantified row: the actual value, given how far short it
/// falls (`share` of the target, 1.0 or more = met).
fn actual_of(q: &Quant, share: f64, cost: Option<Cents>) -> String {
    let t = q.target();
    if let Some(exec) = cost {
        return format!("{}{}", wan_text(exec), q.unit);
    }
    let decimals = if q.num.contains('.') || q.unit == "%" || q.unit == "‰" {
        1
    } else {
        0
    };
    let v = match q.cmp {
        Cmp::Le => {
            if share >= 1.0 {
                t * (2.0 - share.min(1.4))
            } else {
                t * (2.0 - share)
            }
        }
        _ if t == 0.0 => 0.0,
        _ => t * share,
    };
    let mut v = v.max(0.0);
    if q.unit == "%" {
        v = v.min(100.0);
    }
    let mut s = fmt_num(v, decimals);
    // a shortfall stays a shortfall after rounding
    if share < 1.0 && q.cmp != Cmp::Le && t > 0.0 {
        let back: f64 = s.parse().unwrap();
        if back >= t {
            s = fmt_num(t - if decimals == 1 { 0.1 } else { 1.0 }, decimals);
        }
    }
    format!("{s}{}", q.unit)
}

const REASONS: &[&str] = &[
    "受项目实施进度影响，部分任务未全部完成；下年加强进度调度，按月跟踪。",
    "实际需求低于年初预计，完成值略低于目标；下年据实测算指标值。",
    "部分工作受客观因素影响延后，已结转下年继续实施。",
    "服务对象反馈意见尚未完全整改到位；下年完善服务流程。",
    "指标设置偏高，下年结合历史数据合理设置。",
];
const MONEY_REASONS: &[&str] = &[
    "部分合同尾款未到支付节点，资金结转下年支付。",
    "政府采购节约资金，形成结余。",
    "项目实施内容调整，部分资金未支出。",
    "工程进度滞后，工程款未能按期支付。",
];

fn reason(r: &mut Rng) -> String {
    r.pick(REASONS).to_string()
}

/// Splits points (hundredths) over `n` rows in whole points.
fn spread(total: i64, n: usize) -> Vec<i64> {
    let whole = total / 100;
    let base = whole / n as i64;
    let extra = (whole % n as i64) as usize;
    (0..n)
        .map(|k| (base + i64::from(k < extra)) * 100)
        .collect()
}

fn split_amounts(shape: &[Cents; 4], total: Cents) -> [Cents; 4] {
    if shape[0] == 0 {
        return [total, total, 0, 0];
    }
    let carried = shape[2] * total / shape[0];
    let other = shape[3] * total / shape[0];
    [total, total - carried - other, carried, other]
}

/// Assigns the card's points: 产出 50 / 效益 30 / 满意度 10 (or the unit's own split), a level
/// without rows giving its points to 产出.
fn assign_points(rows: &mut [SRow], split: [(&str, i64); 3]) {
    let mut own = split;
    for k in 1..3 {
        if !rows.iter().any(|r| r.l1 == own[k].0) {
            own[0].1 += own[k].1;
            own[k].1 = 0;
        }
    }
    for (l1, total) in own {
        let idx: Vec<usize> = (0..rows.len()).filter(|&i| rows[i].l1 == l1).collect();
        if idx.is_empty() {
            continue;
        }
        for (i, p) in idx.iter().zip(spread(total, idx.len())) {
            rows[*i].points = p;
        }
    }
}

/// Fills a row's actual value, score and reason for a project that went as `prof` says.
fn fill_row(r: &mut Rng, row: &mut SRow, prof: u8, executed: Cents, qualitative_words: bool) {
    let short_chance = [8, 50, 70, 90][prof as usize];
    let short = r.chance(short_chance);
    let cost = row
        .quant
        .as_ref()
        .filter(|q| q.unit == "万元" && q.cmp == Cmp::Le)
        .map(|_| executed);
    match row.quant.clone() {
        Some(q) if !(qualitative_words && row.l1 != "产出") => {
            let tiny = q.target() < 3.0 || (q.cmp == Cmp::Eq && q.target() == 0.0);
            let share = if short && !tiny && cost.is_none() {
                let lo = [85, 55, 45, 10][prof as usize];
                let hi = [98, 92, 85, 60][prof as usize];
                r.range(lo, hi) as f64 / 100.0
            } else {
                1.0 + r.range(0, 15) as f64 / 100.0
            };
            row.actual = actual_of(&q, share, cost);
            row.score = hundredths(row.recomputed_with_score(0));
        }
        _ => {
            let p = row.points;
            let (actual, lo, hi) = if !short {
                (REACHED, 90, 100)
            } else if prof >= 2 && r.chance(50) {
                (MISSED, 30, 55)
            } else {
                (PARTLY, 62, 78)
            };
            row.actual = actual.to_string();
            let share = r.range(lo, hi);
            // half points, as units score
            row.score = (p * share / 100 / 50) * 50;
            if actual == REACHED && (share >= 98 || row.score * 10 < p * 8) {
                row.score = p;
            }
            if actual == PARTLY && row.score * 10 < p * 6 {
                row.score = p * 7 / 1000 * 100;
            }
        }
    }
    if row.score < row.points {
        row.reason = reason(r);
    }
}

impl SRow {
    /// The recomputed score when the stated one would be `s` (qualitative rows clamp it).
    fn recomputed_with_score(&self, s: i64) -> f64 {
        let mut c = self.clone();
        c.score = s;
        c.recomputed()
    }
}

fn row_from(ind: &Indicator, declared: bool) -> SRow {
    SRow {
        l1: ind.l1,
        l2: ind.l2,
        name: ind.name.clone(),
        value: ind.value.clone(),
        declared,
        quant: quant_of(&ind.value),
        adjusted: None,
        actual: String::new(),
        points: 0,
        score: 0,
        reason: String::new(),
    }
}

fn parts_known(target: Option<&ProjectCard>) -> [bool; 4] {
    match target {
        Some(c) if c.layout != Layout::Sz => {
            let known = |a: &Amount| *a != Amount::Blank;
            [
                true,
                known(&c.money.fiscal),
                known(&c.money.carried),
                known(&c.money.other),
            ]
        }
        _ => [true, false, false, false],
    }
}

/// A clean project card.
#[allow(clippy::too_many_arguments)]
fn project_card(
    r: &mut Rng,
    world: &World,
    pi: usize,
    target: Option<&ProjectCard>,
    layout: SLayout,
    prof: u8,
    split: [(&'static str, i64); 3],
) -> SCard {
    let p = &world.projects[pi];
    let start = [p.amount, p.fiscal(), p.carried, p.other];
    // the year's budget: mostly as at the start, sometimes adjusted
    let full_total = match r.below(100) {
        0..=79 => p.amount,
        80..=93 => p.amount - p.amount * r.range(3, 15) / 100,
        _ => p.amount + p.amount * r.range(3, 10) / 100,
    };
    let full = split_amounts(&start, full_total);
    let bp = match prof {
        0 => {
            if r.chance(30) {
                10000
            } else {
                r.range(9300, 9990)
            }
        }
        1 => r.range(9000, 9950),
        2 => r.range(8000, 9600),
        _ => r.range(5500, 7500),
    };
    let executed = split_amounts(&full, full_total * bp / 10000);
    let declared: Vec<Indicator> = target.map(|c| c.indicators.clone()).unwrap_or_default();
    let declared_goal = target.map(|c| c.goal.clone()).unwrap_or_default();
    let goal_declared = !declared_goal.is_empty();
    let goal = if goal_declared {
        declared_goal
    } else {
        data::pool_of(p.def.kind).goal.replace("{p}", p.name)
    };
    let own;
    let (inds, is_declared) = if declared.is_empty() {
        own = cards::project_indicators(r, p.def.kind, p.amount);
        (&own, false)
    } else {
        (&declared, true)
    };
    let mut rows: Vec<SRow> = inds.iter().map(|i| row_from(i, is_declared)).collect();
    assign_points(&mut rows, split);
    let words = r.chance(20);
    for row in &mut rows {
        fill_row(r, row, prof, executed[0], words);
    }
    let money_reason = if bp < 9000 {
        r.pick(MONEY_REASONS).to_string()
    } else {
        String::new()
    };
    let done = format!(
        "全年执行{}万元，{}",
        wan_text(executed[0]),
        match prof {
            0 => "年度绩效目标全面完成。",
            1 => "年度绩效目标基本完成，个别指标略低于预期。",
            2 => "部分绩效目标未完成。",
            _ => "多项绩效目标未完成，项目实施进度滞后。",
        }
    );
    let mut card = SCard {
        project: Some(pi),
        unit: p.unit,
        layout,
        goal,
        goal_declared,
        done,
        start,
        full,
        executed,
        parts_known: parts_known(target),
        money_reason,
        declared,
        rows,
        typed_rates: false,
        stated_rate: None,
        stated_exec: None,
        stated_total: None,
        conclusion: String::new(),
        plant: None,
        what: String::new(),
    };
    let g = grade(card.total_recomputed());
    conclude(r, &mut card, g);
    card
}

fn conclusion_text(r: &mut Rng, g: &str) -> String {
    match r.below(4) {
        0 => g.to_string(),
        1 => format!("自评等级为{g}"),
        2 => match g {
            "优" => "优秀".to_string(),
            "良" => "良好".to_string(),
            "中" => "中等".to_string(),
            _ => "较差".to_string(),
        },
        _ => format!("经自评，本项目得分{}，评价等级：{g}", "{t}"),
    }
}

/// Sets the card's conclusion from its stated total (a unit grades its own score).
fn conclude(r: &mut Rng, card: &mut SCard, g: &str) {
    let text = conclusion_text(r, g);
    card.conclusion = text.replace("{t}", &pts(hundredths(card.total_written())));
}

/// Makes every row of a card fully met (for the E01 plant: no reason anywhere).
fn all_met(card: &mut SCard) {
    for row in &mut card.rows {
        match row.quant.clone() {
            Some(q) if leading_number(&row.actual).is_some() => {
                let cost = (q.unit == "万元" && q.cmp == Cmp::Le).then_some(card.executed[0]);
                row.actual = actual_of(&q, 1.0, cost);
            }
            _ => row.actual = REACHED.to_string(),
        }
        row.score = row.points;
        row.reason.clear();
    }
}

fn pick_row(r: &mut Rng, card: &SCard, f: impl Fn(&SRow) -> bool) -> Option<usize> {
    let c: Vec<usize> = (0..card.rows.len()).filter(|&i| f(&card.rows[i])).collect();
    (!c.is_empty()).then(|| c[r.below(c.len())])
}

fn numeric_ge(row: &SRow) -> bool {
    row.quant
        .as_ref()
        .is_some_and(|q| q.cmp != Cmp::Le && q.target() >= 5.0 && q.unit != "万元")
        && leading_number(&row.actual).is_some()
        && row.points >= 500
}

/// Plants one mistake; `None` where the card does not fit it.
fn plant(r: &mut Rng, card: &mut SCard, kind: Kind) -> Option<()> {
    let placed = match kind {
        Kind::E05Quant => {
            let k = pick_row(r, card, numeric_ge)?;
            let row = &mut card.rows[k];
            let q = row.quant.clone().unwrap();
            let share = r.range(70, 85) as f64 / 100.0;
            row.actual = actual_of(&q, share, None);
            row.score = row.points;
            row.reason.clear();
            card.what = format!(
                "“{}”目标{}，实际{}，按满分{}填报",
                row.name,
                row.value,
                row.actual,
                pts(row.points)
            );
            SPlant::E05Quant(k)
        }
        Kind::E05Qual => {
            let k = pick_row(r, card, |row| row.l1 != "产出" && row.points >= 500)?;
            let row = &mut card.rows[k];
            if r.chance(50) {
                row.actual = PARTLY.to_string();
                row.score = row.points * 95 / 100 / 50 * 50;
                row.reason = reason(r);
            } else {
                row.actual = REACHED.to_string();
                row.score = row.points * 60 / 100 / 50 * 50;
                row.reason = reason(r);
            }
            card.what = format!(
                "“{}”完成情况“{}”，得分{}（分值{}）超出该档",
                row.name,
                row.actual,
                pts(row.score),
                pts(row.points)
            );
            SPlant::E05Qual(k)
        }
        Kind::E04 => {
            let k = pick_row(r, card, numeric_ge)?;
            let row = &mut card.rows[k];
            let q = row.quant.clone().unwrap();
            if q.unit == "%" && q.target() > 80.0 {
                return None;
            }
            row.actual = actual_of(&q, 1.25, None);
            row.score = row.points + [200, 300, 500][r.below(3)];
            row.reason = "超额完成年度目标，加分。".to_string();
            card.what = format!(
                "“{}”超额完成，得分{}高于分值{}",
                row.name,
                pts(row.score),
                pts(row.points)
            );
            SPlant::E04(k)
        }
        Kind::E06 => {
            let k = match pick_row(r, card, |row| row.score < row.points) {
                Some(k) => k,
                None => {
                    let k = pick_row(r, card, numeric_ge)?;
                    let row = &mut card.rows[k];
                    let q = row.quant.clone().unwrap();
                    row.actual = actual_of(&q, 0.9, None);
                    row.score = hundredths(row.recomputed_with_score(0));
                    k
                }
            };
            let row = &mut card.rows[k];
            if row.score >= row.points {
                return None;
            }
            row.reason.clear();
            card.what = format!(
                "“{}”得分{}低于分值{}，未填偏差原因",
                row.name,
                pts(row.score),
                pts(row.points)
            );
            SPlant::E06(k)
        }
        Kind::E02 => {
            let k = pick_row(r, card, |row| row.score == row.points && row.points >= 800)?;
            let delta = [500, -500, 1000][r.below(3)];
            card.rows[k].points += delta;
            card.rows[k].score = card.rows[k].points;
            card.what = format!(
                "“{}”分值改为{}，指标分值合计{}，加执行率10分为{}",
                card.rows[k].name,
                pts(card.rows[k].points),
                pts(card.points()),
                pts(card.points() + EXEC_POINTS)
            );
            SPlant::E02(k)
        }
        Kind::E01 => {
            let bp = r.range(7500, 8800);
            card.executed = split_amounts(&card.full, card.full[0] * bp / 10000);
            all_met(card);
            card.money_reason.clear();
            card.done = format!(
                "全年执行{}万元，年度绩效目标全面完成。",
                wan_text(card.executed[0])
            );
            card.what = format!("执行率{:.2}%，未说明原因", card.rate(0).unwrap() * 100.0);
            SPlant::E01
        }
        Kind::E09 => {
            let bp = r.range(9000, 9400);
            card.executed = split_amounts(&card.full, card.full[0] * bp / 10000);
            card.money_reason.clear();
            card.stated_exec = Some(EXEC_POINTS);
            card.what = format!(
                "执行率{:.2}%，执行率得分填10分",
                card.rate(0).unwrap() * 100.0
            );
            SPlant::E09
        }
        Kind::E07 => {
            let sum = hundredths(round2(card.stated_sum()));
            let total = if r.chance(50) {
                // the 执行率 points left out
                sum - hundredths(card.exec_written())
            } else {
                sum + [300, -250, 500, 150][r.below(4)]
            };
            card.stated_total = Some(total);
            card.what = format!("总分填{}，各项得分之和{}", pts(total), pts(sum));
            SPlant::E07
        }
        Kind::E08 => {
            let g = grade(card.total_recomputed());
            let better = match g {
                "良" => "优",
                "中" => "良",
                _ => return None,
            };
            card.what = format!(
                "复核总分{}为“{}”，评价结论写“{}”",
                pts(card.total_recomputed()),
                g,
                better
            );
            card.plant = Some(SPlant::E08);
            card.conclusion = format!("自评等级为{better}");
            return Some(());
        }
        Kind::J01 => {
            let rate = card.rate(0)?;
            if rate > 0.97 {
                return None;
            }
            let delta = [0.02, -0.03, 0.015, -0.04][r.below(4)];
            let stated = ((rate + delta) * 10000.0).round() / 10000.0;
            card.stated_rate = Some(stated);
            card.what = format!(
                "填报执行率{:.2}%，按金额计算为{:.2}%",
                stated * 100.0,
                rate * 100.0
            );
            SPlant::J01
        }
    };
    card.plant = Some(placed);
    // the unit grades its own total
    let g = grade(hundredths(card.total_written()));
    conclude(r, card, g);
    Some(())
}

fn tie(x: f64) -> bool {
    ((x * 100.0).fract().abs() - 0.5).abs() < 1e-6
}

/// Moves a card off a half-hundredth: its 执行率得分 by a cent of execution, its total by a unit
/// more on a short quantified row whose score follows its data.
fn fix_ties(card: &mut SCard) {
    for _ in 0..20 {
        if card.is_project() && tie(card.rate(0).unwrap_or(0.0).min(1.0) * 10.0) {
            card.executed[0] -= 1;
            card.executed[1] -= 1;
            continue;
        }
        let total = card.exec_recomputed() + card.rows.iter().map(SRow::recomputed).sum::<f64>();
        if !tie(total) {
            return;
        }
        let k = (0..card.rows.len())
            .find(|&k| {
                let row = &card.rows[k];
                matches!(row.method(), Method::Quant(_))
                    && row
                        .quant
                        .as_ref()
                        .is_some_and(|q| q.cmp != Cmp::Le && q.unit != "万元")
                    && row.score < row.points
                    && row.score == hundredths(row.recomputed())
            })
            .expect("a row to move a tie");
        let row = &mut card.rows[k];
        let q = row.quant.clone().unwrap();
        let a = leading_number(&row.actual).unwrap();
        let step = if row.actual.trim_end_matches(q.unit.as_str()).contains('.') {
            0.1
        } else {
            1.0
        };
        row.actual = format!("{}{}", fmt_num(a + step, 1), q.unit);
        row.score = hundredths(row.recomputed());
    }
    panic!("a tie that does not go away");
}

// ------------------------------------------------------------------ unit-wide cards

/// A unit's unit-wide self-evaluation: indicators under 投入/过程/产出/效果 or 产出/效益/满意度,
/// weights summing to 100, scored like a project's.
fn overall_card(r: &mut Rng, world: &World, ui: usize, projects: &[&SCard]) -> SCard {
    let unit = &world.units[ui];
    let def = unit.def;
    let four = r.chance(45);
    let benefits = data::overall_benefits(def.domain);
    let (full, executed): (Cents, Cents) = if projects.is_empty() {
        let f = r.range(30000, 200000);
        (f, f * r.range(9400, 9990) / 10000)
    } else {
        (
            projects.iter().map(|c| c.full[0]).sum(),
            projects.iter().map(|c| c.executed[0]).sum(),
        )
    };
    let exec_rate = (executed as f64 * 1000.0 / full as f64).round() / 10.0;
    let mut rows = Vec::new();
    let mut push = |l1: &'static str, l2: &'static str, name: &str, value: String| {
        rows.push(SRow {
            l1,
            l2,
            name: name.to_string(),
            quant: quant_of(&value),
            value,
            declared: false,
            adjusted: None,
            actual: String::new(),
            points: 0,
            score: 0,
            reason: String::new(),
        });
    };
    let weights: Vec<i64> = if four {
        for &(l1, l2, name, value) in data::OVERALL_FOUR {
            if l1 == "效果" {
                let (bn, bv) = benefits[r.below(2)];
                push("效果", "社会效益", bn, bv.to_string());
            }
            push(l1, l2, name, cards::render_value(r, value, full));
        }
        vec![15, 5, 10, 10, 15, 10, 10, 15, 10]
    } else {
        push(
            "产出",
            "数量",
            "年度重点任务完成数",
            cards::render_value(r, "≥{5-20}项", full),
        );
        if !projects.is_empty() {
            push(
                "产出",
                "数量",
                "预算项目实施个数",
                format!("{}个", projects.len()),
            );
        } else {
            push(
                "产出",
                "数量",
                "服务对象覆盖人数",
                cards::render_value(r, "≥{1000-50000}人", full),
            );
        }
        push("产出", "质量", "重点任务完成率", "≥95%".into());
        push("产出", "时效", "任务按期完成率", "≥95%".into());
        push("产出", "成本", "三公经费控制率", "≤100%".into());
        for &(bn, bv) in &benefits {
            push("效益", "社会效益", bn, bv.to_string());
        }
        push("效益", "可持续影响", "制度建设完善率", "≥95%".into());
        push("满意度", "服务对象满意度", "社会公众满意度", "≥90%".into());
        vec![15, 10, 15, 10, 10, 10, 10, 10, 10]
    };
    assert_eq!(weights.len(), rows.len());
    assert_eq!(weights.iter().sum::<i64>(), 100);
    let prof = profile(r).min(1);
    for (row, w) in rows.iter_mut().zip(&weights) {
        row.points = w * 100;
        match row.name.as_str() {
            "预算执行率" => {
                row.actual = format!("{}%", fmt_num(exec_rate, 1));
                row.score = hundredths(row.recomputed_with_score(0));
            }
            "三公经费变动率" => {
                row.actual = "0%".to_string();
                row.score = row.points;
            }
            "预算项目实施个数" => {
                row.actual = row.value.clone();
                row.score = row.points;
            }
            _ => fill_row(r, row, prof, executed, false),
        }
        if row.score < row.points && row.reason.is_empty() {
            row.reason = reason(r);
        }
        // a target adjusted during the year
        if let Some(q) = &row.quant
            && q.unit == "项"
            && r.chance(30)
        {
            let t = q.target() as i64;
            row.adjusted = Some((t - 1).max(1).to_string());
        }
    }
    let mut card = SCard {
        project: None,
        unit: ui,
        layout: SLayout::Template,
        goal: format!(
            "全面履行{}职责，保障机构正常运转，提升公共服务质量和财政资金使用效益。",
            if def.domain == "综合" {
                "本单位"
            } else {
                def.domain
            }
        ),
        goal_declared: false,
        done: format!(
            "全年支出{}万元，预算执行率{}%，年度重点工作任务按计划完成。",
            wan_text(executed),
            fmt_num(exec_rate, 1)
        ),
        start: [full, full, 0, 0],
        full: [full, full, 0, 0],
        executed: [executed, executed, 0, 0],
        parts_known: [true; 4],
        money_reason: String::new(),
        declared: Vec::new(),
        rows,
        typed_rates: false,
        stated_rate: None,
        stated_exec: None,
        stated_total: None,
        conclusion: String::new(),
        plant: None,
        what: String::new(),
    };
    // a row re-scored after the target's adjustment
    for row in &mut card.rows {
        if row.adjusted.is_some()
            && let Method::Quant(_) = row.method()
        {
            row.score = hundredths(row.recomputed_with_score(0));
            if row.score < row.points && row.reason.is_empty() {
                row.reason = reason(r);
            }
        }
    }
    let g = grade(card.total_recomputed());
    conclude(r, &mut card, g);
    card
}

// ------------------------------------------------------------------ writing

/// One unit's files as written: per file its name, kind and bytes, and per card the file and
/// sheet it landed on with its cells.
pub struct Filled {
    pub files: Vec<(String, &'static str, Vec<u8>)>,
    /// (card index in the plan, file name, sheet, anchors)
    pub sheets: Vec<(usize, String, String, SAnchors)>,
}

/// Everything one unit hands in: its project cards and its unit-wide card (last).
pub struct UnitPlan {
    pub unit: usize,
    pub layout: SLayout,
    pub cards: Vec<SCard>,
}

/// Writes the self-evaluation returns into `dir` and returns their manifest.
pub fn write(dir: &Path, world: &World, targets: &Written, rng: &Rng) -> io::Result<Manifest> {
    let mut r = rng.fork(5);
    let target_of: BTreeMap<usize, &ProjectCard> =
        targets.cards.iter().map(|c| (c.project, c)).collect();
    let handing_in: Vec<usize> = (0..world.units.len())
        .filter(|&i| !world.units[i].is_town())
        .collect();
    let with_projects: Vec<usize> = handing_in
        .iter()
        .copied()
        .filter(|&i| world.units[i].def.has_projects)
        .collect();

    // the Sichuan units: units with at least four projects
    let mut pool: Vec<usize> = with_projects
        .iter()
        .copied()
        .filter(|&i| world.units[i].projects.len() >= 4)
        .collect();
    r.shuffle(&mut pool);
    let sichuan: Vec<usize> = pool.iter().copied().take(SICHUAN_UNITS).collect();
    let layout_of = |ui: usize| match sichuan.iter().position(|&u| u == ui) {
        Some(k) if k + 1 == SICHUAN_UNITS => SLayout::SichuanXls,
        Some(_) => SLayout::Sichuan,
        None => SLayout::Template,
    };
    let template_units: Vec<usize> = with_projects
        .iter()
        .copied()
        .filter(|&u| layout_of(u) == SLayout::Template)
        .collect();
    let own_split: Vec<usize> = r
        .sample(template_units.len(), OWN_SPLIT_UNITS)
        .into_iter()
        .map(|i| template_units[i])
        .collect();

    // clean project cards
    let mut plans: Vec<UnitPlan> = Vec::new();
    for &ui in &handing_in {
        let layout = layout_of(ui);
        let split = if own_split.contains(&ui) {
            [("产出", 6000), ("效益", 2000), ("满意度", 1000)]
        } else {
            NATIONAL
        };
        let cards: Vec<SCard> = world.units[ui]
            .projects
            .iter()
            .map(|&pi| {
                let prof = profile(&mut r);
                project_card(
                    &mut r,
                    world,
                    pi,
                    target_of.get(&pi).copied(),
                    layout,
                    prof,
                    split,
                )
            })
            .collect();
        plans.push(UnitPlan {
            unit: ui,
            layout,
            cards,
        });
    }
    // a few projects that went badly
    let mut all: Vec<(usize, usize)> = Vec::new();
    for (k, plan) in plans.iter().enumerate() {
        for c in 0..plan.cards.len() {
            all.push((k, c));
        }
    }
    r.shuffle(&mut all);
    let mut poor = 0;
    let mut next = 0;
    while poor < POOR_CARDS {
        let (k, c) = all[next];
        next += 1;
        let ui = plans[k].unit;
        let pi = plans[k].cards[c].project.unwrap();
        let split = if own_split.contains(&ui) {
            [("产出", 6000), ("效益", 2000), ("满意度", 1000)]
        } else {
            NATIONAL
        };
        let card = project_card(
            &mut r,
            world,
            pi,
            target_of.get(&pi).copied(),
            plans[k].layout,
            3,
            split,
        );
        if grade(card.total_recomputed()) == "差" {
            plans[k].cards[c] = card;
            poor += 1;
        }
    }

    // planted mistakes, one card each, on cards that are clean and not poor
    let mut free: Vec<(usize, usize)> = all[next..].to_vec();
    for &(kind, on_template) in PLANTS {
        let mut placed = false;
        for at in 0..free.len() {
            let (k, c) = free[at];
            let is_template = plans[k].layout == SLayout::Template;
            if is_template != on_template {
                continue;
            }
            let mut card = plans[k].cards[c].clone();
            let mut rr = r.fork(at as u64 + 17 * k as u64 + c as u64);
            if plant(&mut rr, &mut card, kind).is_some() {
                plans[k].cards[c] = card;
                free.remove(at);
                placed = true;
                break;
            }
        }
        assert!(placed, "no card for the plant {kind:?}");
    }
    // actual values that are not numbers, on clean template cards
    let mut hints = 0;
    for &(k, c) in &free {
        if hints == NO_NUMBER_CARDS {
            break;
        }
        if plans[k].layout != SLayout::Template {
            continue;
        }
        let card = &mut plans[k].cards[c];
        let Some(i) = pick_row(&mut r, card, |row| {
            numeric_ge(row) && row.score == row.points && row.l1 == "产出"
        }) else {
            continue;
        };
        card.rows[i].actual = r.pick(NO_NUMBER).to_string();
        hints += 1;
    }
    // template units typing their rates
    let typing: Vec<usize> = (0..plans.len())
        .filter(|&k| plans[k].layout == SLayout::Template && !plans[k].cards.is_empty())
        .collect();
    for i in r.sample(typing.len(), TYPED_RATE_UNITS) {
        for card in &mut plans[typing[i]].cards {
            card.typed_rates = true;
        }
    }
    // no total on a half-hundredth: rounding it would depend on the arithmetic
    for plan in &mut plans {
        for card in &mut plan.cards {
            fix_ties(card);
        }
    }
    // the unit-wide cards
    for plan in &mut plans {
        let refs: Vec<&SCard> = plan.cards.iter().collect();
        let mut card = overall_card(&mut r, world, plan.unit, &refs);
        fix_ties(&mut card);
        card.layout = plan.layout;
        plan.cards.push(card);
    }

    // the files, and what they should give
    let mut planted = Vec::new();
    let mut scores = Vec::new();
    let mut files = Vec::new();
    let mut by_layout: BTreeMap<String, usize> = BTreeMap::new();
    let mut planted_cards = 0;
    for plan in &plans {
        let filled = match plan.layout {
            SLayout::Template => selfeval_template::unit_files(world, plan)?,
            _ => selfeval_layout::unit_files(world, plan)?,
        };
        for (name, kind, bytes) in &filled.files {
            std::fs::write(dir.join(name), bytes)?;
            files.push(FileEntry::new(name, kind));
        }
        for (ci, file, sheet, a) in &filled.sheets {
            let card = &plan.cards[*ci];
            let found = findings(card, a);
            check(card, &found);
            if card.plant.is_some() {
                planted_cards += 1;
            }
            let label = if card.is_project() {
                plan.layout.label()
            } else {
                "unit-wide"
            };
            *by_layout.entry(label.to_string()).or_default() += 1;
            for f in found {
                planted.push(Planted {
                    file: file.clone(),
                    sheet: sheet.clone(),
                    cell: a1(f.cell),
                    rule: f.rule.to_string(),
                    severity: severity(f.rule).to_string(),
                    what: f.what,
                });
            }
            scores.push(score_entry(world, card, file, sheet));
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    planted.sort_by(|a, b| {
        (&a.file, &a.sheet, &a.cell, &a.rule).cmp(&(&b.file, &b.sheet, &b.cell, &b.rule))
    });
    scores.sort_by(|a, b| (&a.file, &a.sheet).cmp(&(&b.file, &b.sheet)));
    let project_cards: usize = plans
        .iter()
        .map(|p| p.cards.iter().filter(|c| c.is_project()).count())
        .sum();
    let summary = Summary {
        roster_units: world.units.len(),
        units_with_projects: with_projects.len(),
        budget_projects: world.projects.len(),
        ex_ante_projects: world.projects.iter().filter(|p| p.ex_ante).count(),
        units_handing_in: plans.len(),
        overall_cards: plans.len(),
        project_cards,
        duplicate_cards: 0,
        planted_on_cards: planted_cards,
        cards_by_layout: by_layout,
        files,
    };
    Ok(Manifest {
        resubmission: super::Resubmission::default(),
        stage: "self-eval".to_string(),
        year: YEAR as u32,
        month: None,
        planted,
        alerts: Vec::new(),
        surplus: Vec::new(),
        units_behind: Vec::new(),
        scores,
        summary,
    })
}

/// What a card without a plant may give (hints only), and that a planted card gives its rule.
fn check(card: &SCard, found: &[Finding]) {
    let rules: Vec<&str> = found.iter().map(|f| f.rule).collect();
    match card.plant {
        None => assert!(
            rules.iter().all(|r| *r == "E03" || *r == "E10"),
            "a clean card gives {rules:?}"
        ),
        Some(p) => {
            let want = match p {
                SPlant::E01 => "E01",
                SPlant::E02(_) => "E02",
                SPlant::E04(_) => "E04",
                SPlant::E05Quant(_) | SPlant::E05Qual(_) => "E05",
                SPlant::E06(_) => "E06",
                SPlant::E07 => "E07",
                SPlant::E08 => "E08",
                SPlant::E09 => "E09",
                SPlant::J01 => "J01",
            };
            assert!(rules.contains(&want), "plant {p:?} gives {rules:?}");
        }
    }
}

fn score_entry(world: &World, card: &SCard, file: &str, sheet: &str) -> ScoreEntry {
    let total = card.total_recomputed();
    let stated = hundredths(card.total_written());
    let g = grade(total);
    let stated_g = stated_grade(&card.conclusion).unwrap_or_else(|| grade(stated));
    ScoreEntry {
        file: file.to_string(),
        sheet: sheet.to_string(),
        unit_code: world.units[card.unit].code().to_string(),
        project_code: card
            .project
            .map(|p| world.projects[p].code.clone())
            .unwrap_or_default(),
        stated_total: format!("{:.2}", stated as f64 / 100.0),
        recomputed_total: format!("{:.2}", total as f64 / 100.0),
        stated_grade: stated_g.to_string(),
        grade: g.to_string(),
        budget: if card.is_project() {
            wan_text(card.full[0])
        } else {
            String::new()
        },
        review: (stated - total).abs() > 50 || stated_g != g,
    }
}
