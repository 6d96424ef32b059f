//! The monitoring stage (绩效运行监控, 1-7月): the budget system's execution export of every
//! roster unit, and the monitoring cards (项目支出绩效目标执行监控表) of every project of the
//! units with projects: what each unit reports, the mistakes planted on about one card in ten,
//! and the manifest of findings, alerts and expected surpluses they should give.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use super::cards::{self, Amount, Indicator, Layout, ProjectCard, wan, wan_text};
use super::data;
use super::grid::{Grid, Pos, Style, Val, a1};
use super::monitor_layout;
use super::monitor_template;
use super::rng::Rng;
use super::targets::Written;
use super::world::{Cents, World};
use super::{Alert, FileEntry, Manifest, Planted, Summary, Surplus, UnitBehind, xls, xlsx};

/// The N of `1-N月`.
pub const MONTH: u32 = 7;
pub const YEAR: i32 = 2024;
/// The execution export, in the fixtures folder.
pub const EXECUTION_FILE: &str = "execution-2024-07.xlsx";
/// Time progress N/12 minus the 15 points of `lag_points`, in basis points (43.33%): a rate
/// below it is behind schedule.
const BEHIND_BP: i64 = 4333;
/// How many units of the execution export are planted behind schedule.
const UNITS_BEHIND: usize = 4;
/// Clean cards with an expected surplus and a reason (the planted J06 cards come on top).
const SURPLUS_CARDS: usize = 16;
/// Of those, how many give the reason as a 偏差原因 tick alone.
const SURPLUS_BY_TICK: usize = 3;
/// Clean cards with one indicator row judged 有可能 (with its reason).
const MAYBE_CARDS: usize = 10;
/// Template units that type the 执行率 (correctly) over the template's formula.
const TYPED_RATE_UNITS: usize = 6;

/// The 偏差原因 columns, in order.
pub const REASONS: [&str; 5] = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"];
/// The 完成目标可能性 columns, in order.
pub const LIKELY: [&str; 3] = ["确定能", "有可能", "完全不可能"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MLayout {
    /// jixiao's own template (`jixiao template --kind monitor`), filled in
    Template,
    /// the central system's export: amounts and rates as text, no merges
    Export,
    /// the national card as an .xls, level names merged down
    Xls,
}

impl MLayout {
    pub fn label(self) -> &'static str {
        match self {
            MLayout::Template => "jixiao-template",
            MLayout::Export => "national-export",
            MLayout::Xls => "national-xls",
        }
    }

    fn file_kind(self) -> &'static str {
        match self {
            MLayout::Template => "template",
            MLayout::Export => "export",
            MLayout::Xls => "xls",
        }
    }
}

/// A mistake planted on a monitoring card; the row ones carry the index into `MonCard::rows`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MPlant {
    /// a typed 执行率 that disagrees with the amounts
    J01,
    /// execution far behind time progress
    J02,
    /// no 完成目标可能性 ticked on a row
    J03(usize),
    /// two ticks on a row
    J04(usize),
    /// 完全不可能 without a reason
    J05(usize),
    /// 完全不可能 with a reason: no finding, a 监控预警 row
    Impossible(usize),
    /// an expected surplus without any reason
    J06,
    /// a declared indicator left out
    J08,
    /// a declared 年度指标值 changed
    J10(usize),
}

impl MPlant {
    fn rule(self) -> Option<&'static str> {
        Some(match self {
            MPlant::J01 => "J01",
            MPlant::J02 => "J02",
            MPlant::J03(_) => "J03",
            MPlant::J04(_) => "J04",
            MPlant::J05(_) => "J05",
            MPlant::Impossible(_) => return None,
            MPlant::J06 => "J06",
            MPlant::J08 => "J08",
            MPlant::J10(_) => "J10",
        })
    }

    fn severity(self) -> &'static str {
        match self {
            MPlant::J02 | MPlant::J08 | MPlant::J10(_) => "警告",
            _ => "错误",
        }
    }
}

/// What a plant needs of the card it lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Any,
    /// a declared indicator whose value holds a number
    NumericDeclared,
    /// declared indicators (at least four)
    Declared,
}

/// The planted mistakes: what, on which layout.
const PLANTS: &[(PlantKind, MLayout)] = &[
    (PlantKind::J02, MLayout::Template),
    (PlantKind::J02, MLayout::Template),
    (PlantKind::J02, MLayout::Template),
    (PlantKind::J02, MLayout::Template),
    (PlantKind::J02, MLayout::Template),
    (PlantKind::J02, MLayout::Template),
    (PlantKind::J02, MLayout::Template),
    (PlantKind::J02, MLayout::Xls),
    (PlantKind::J01, MLayout::Template),
    (PlantKind::J01, MLayout::Template),
    (PlantKind::J01, MLayout::Template),
    (PlantKind::J01, MLayout::Template),
    (PlantKind::J01, MLayout::Export),
    (PlantKind::J03, MLayout::Template),
    (PlantKind::J03, MLayout::Template),
    (PlantKind::J03, MLayout::Template),
    (PlantKind::J03, MLayout::Xls),
    (PlantKind::J04, MLayout::Template),
    (PlantKind::J04, MLayout::Template),
    (PlantKind::J04, MLayout::Template),
    (PlantKind::J04, MLayout::Export),
    (PlantKind::J05, MLayout::Template),
    (PlantKind::J05, MLayout::Template),
    (PlantKind::J05, MLayout::Export),
    (PlantKind::Impossible, MLayout::Template),
    (PlantKind::Impossible, MLayout::Template),
    (PlantKind::Impossible, MLayout::Template),
    (PlantKind::J06, MLayout::Template),
    (PlantKind::J06, MLayout::Template),
    (PlantKind::J06, MLayout::Xls),
    (PlantKind::J08, MLayout::Export),
    (PlantKind::J08, MLayout::Export),
    (PlantKind::J08, MLayout::Xls),
    (PlantKind::J10, MLayout::Template),
    (PlantKind::J10, MLayout::Template),
    (PlantKind::J10, MLayout::Template),
    (PlantKind::J10, MLayout::Template),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PlantKind {
    J01,
    J02,
    J03,
    J04,
    J05,
    Impossible,
    J06,
    J08,
    J10,
}

impl PlantKind {
    fn need(self) -> Need {
        match self {
            PlantKind::J10 => Need::NumericDeclared,
            PlantKind::J08 => Need::Declared,
            _ => Need::Any,
        }
    }
}

/// An indicator row as the unit fills it.
#[derive(Debug, Clone)]
pub struct Row {
    pub l1: &'static str,
    pub l2: &'static str,
    pub name: String,
    /// 年度指标值 as the card shows it (a planted J10 differs from the declared one)
    pub value: String,
    /// carried over from the target stage (pre-filled on a template)
    pub declared: bool,
    pub actual: String,
    pub forecast: String,
    pub reasons: [bool; 5],
    pub reason: String,
    pub likely: [bool; 3],
}

/// One monitoring card. Amounts are `[年度资金总额, 财政拨款, 上年结转资金, 其他资金]`.
#[derive(Debug, Clone)]
pub struct MonCard {
    pub project: usize,
    pub layout: MLayout,
    /// 年初设定目标 as the card shows it
    pub goal: String,
    /// the goal was declared in the target stage (pre-filled on a template)
    pub goal_declared: bool,
    /// 1-7月执行情况 of the goal
    pub progress: String,
    pub budget: [Cents; 4],
    /// per amount row, the bureau knows the 年初预算数 (pre-filled on a template): the total
    /// always, a part where the target card stated it
    pub parts_known: [bool; 4],
    pub executed: [Cents; 4],
    pub forecast: [Cents; 4],
    /// the declared indicators of the target stage
    pub declared: Vec<Indicator>,
    /// the live indicator rows
    pub rows: Vec<Row>,
    /// a typed 年度资金总额 执行率 that disagrees with the amounts (J01)
    pub stated_rate: Option<f64>,
    /// the unit types the rates (correctly) instead of keeping the template's formulas
    pub typed_rates: bool,
    pub plant: Option<MPlant>,
    pub what: String,
    /// the reason the card gives for its expected surplus
    pub surplus_reason: String,
}

impl MonCard {
    pub fn has_surplus(&self) -> bool {
        self.forecast[0] < self.budget[0]
    }

    /// 1-7月执行率 of an amount row, as a fraction (`None` where the budget is zero).
    pub fn rate(&self, part: usize) -> Option<f64> {
        (self.budget[part] > 0).then(|| self.executed[part] as f64 / self.budget[part] as f64)
    }
}

/// Where a card's key cells ended up.
#[derive(Debug, Clone)]
pub struct MAnchors {
    pub name_value: Pos,
    pub total_executed: Pos,
    pub total_rate: Pos,
    pub total_forecast: Pos,
    /// the indicator table's `一级指标` header cell
    pub l1_header: Pos,
    /// per live row
    pub rows: Vec<RowCells>,
}

#[derive(Debug, Clone, Copy)]
pub struct RowCells {
    pub value: Pos,
    pub reason: Pos,
    /// 确定能, 有可能, 完全不可能
    pub likely: [Pos; 3],
}

/// Splits an executed or forecast total over the parts of a budget: carried-over and other
/// funds in proportion, 财政拨款 the rest, so the parts always add up.
fn split(budget: &[Cents; 4], total: Cents) -> [Cents; 4] {
    let carried = budget[2] * total / budget[0];
    let other = budget[3] * total / budget[0];
    [total, total - carried - other, carried, other]
}

fn percent(rate: f64) -> String {
    format!("{:.2}%", rate * 100.0)
}

/// A 年度指标值 split into comparator, number and unit: `≥95%` → (`≥`, `95`, `%`).
fn parse_value(v: &str) -> Option<(&str, &str, &str)> {
    let body = v.trim_start_matches(['≥', '≤', '=', '>', '<']);
    let cmp = &v[..v.len() - body.len()];
    let end = body
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(body.len());
    if end == 0 {
        return None;
    }
    let (num, unit) = body.split_at(end);
    // a date (`2024年12月31日前`) is not an amount
    if unit.starts_with('年') {
        return None;
    }
    Some((cmp, num, unit))
}

/// What a unit reports on an indicator by the end of July, and expects for the year.
fn progress_of(
    r: &mut Rng,
    value: &str,
    card_exec: Cents,
    card_forecast: Cents,
) -> (String, String) {
    let Some((cmp, num, unit)) = parse_value(value) else {
        return if value.contains('年') {
            ("按计划推进".to_string(), value.to_string())
        } else {
            ("逐步显现".to_string(), value.to_string())
        };
    };
    if unit == "万元" {
        return (
            format!("{}万元", wan_text(card_exec)),
            format!("{}万元", wan_text(card_forecast)),
        );
    }
    let target = format!("{num}{unit}");
    if unit.starts_with('%') || cmp == "≤" || num.contains('.') {
        return (target.clone(), target);
    }
    let n: i64 = num.parse().unwrap_or(1);
    if n < 2 {
        return (target.clone(), target);
    }
    let done = (n * r.range(45, 70) / 100).max(1);
    (format!("{done}{unit}"), target)
}

/// A declared value with a number, changed as a unit would retype it: `≥95%` → `≥90%`,
/// `120人次` → `96人次`.
fn changed_value(v: &str) -> Option<String> {
    let (cmp, num, unit) = parse_value(v)?;
    if num.contains('.') {
        return None;
    }
    let n: i64 = num.parse().ok()?;
    let m = if unit.starts_with('%') {
        if n < 10 {
            return None;
        }
        if n > 95 { n - 3 } else { n - 5 }
    } else {
        if n < 5 {
            return None;
        }
        n * 8 / 10
    };
    Some(format!("{cmp}{m}{unit}"))
}

fn row_of(r: &mut Rng, ind: &Indicator, declared: bool, exec: Cents, forecast: Cents) -> Row {
    let (actual, fc) = progress_of(r, &ind.value, exec, forecast);
    Row {
        l1: ind.l1,
        l2: ind.l2,
        name: ind.name.clone(),
        value: ind.value.clone(),
        declared,
        actual,
        forecast: fc,
        reasons: [false; 5],
        reason: String::new(),
        likely: [true, false, false],
    }
}

/// The clean card of a project: execution between 48% and 95% of the budget, the whole
/// budget expected to be spent, every row 确定能.
fn clean_card(
    r: &mut Rng,
    world: &World,
    pi: usize,
    target: Option<&ProjectCard>,
    layout: MLayout,
) -> MonCard {
    let p = &world.projects[pi];
    let budget = [p.amount, p.fiscal(), p.carried, p.other];
    let bp = r.range(4800, 9500);
    let executed = split(&budget, p.amount * bp / 10000);
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
    let rows = inds
        .iter()
        .map(|i| row_of(r, i, is_declared, executed[0], budget[0]))
        .collect();
    MonCard {
        project: pi,
        layout,
        goal,
        goal_declared,
        progress: format!(
            "截至7月底已支出{}万元，各项工作按计划推进，预计年底前完成年度目标。",
            wan_text(executed[0])
        ),
        budget,
        parts_known: parts_known(target),
        executed,
        forecast: budget,
        declared,
        rows,
        stated_rate: None,
        typed_rates: false,
        plant: None,
        what: String::new(),
        surplus_reason: String::new(),
    }
}

/// The amounts a consolidated target card gives: the parts the card stated (a Shenzhen card
/// states the total alone; a part left blank is not known).
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

/// Re-draws a card's execution at `bp` basis points of its budget.
fn execute(card: &mut MonCard, bp: i64) {
    card.executed = split(&card.budget, card.budget[0] * bp / 10000);
    card.progress = format!(
        "截至7月底已支出{}万元，各项工作按计划推进，预计年底前完成年度目标。",
        wan_text(card.executed[0])
    );
    for row in &mut card.rows {
        if row.value.ends_with("万元") && row.value.starts_with('≤') {
            row.actual = format!("{}万元", wan_text(card.executed[0]));
        }
    }
}

/// Gives a card an expected surplus of `bp` basis points of its budget, taken off 财政拨款.
fn expect_surplus(card: &mut MonCard, bp: i64) -> Cents {
    let room = card.budget[1] - card.executed[1];
    let s = (card.budget[0] * bp / 10000).min(room);
    assert!(s > 0, "no room for a surplus");
    card.forecast = card.budget;
    card.forecast[0] -= s;
    card.forecast[1] -= s;
    for row in &mut card.rows {
        if row.value.ends_with("万元") && row.value.starts_with('≤') {
            row.forecast = format!("{}万元", wan_text(card.forecast[0]));
        }
    }
    s
}

/// The row a reason is best written on: the cost row, else the first row.
fn reason_row(card: &MonCard) -> usize {
    card.rows.iter().position(|r| r.l2 == "成本").unwrap_or(0)
}

/// Plants one mistake on a clean card.
fn plant(r: &mut Rng, card: &mut MonCard, kind: PlantKind) {
    let n = card.rows.len();
    let pick_row = |r: &mut Rng| r.below(n);
    let placed = match kind {
        PlantKind::J01 => {
            let rate = card.rate(0).expect("a budget");
            let delta = [0.06, -0.08, 0.12, 0.035, -0.05][r.below(5)];
            let stated = ((rate + delta) * 10000.0).round() / 10000.0;
            card.stated_rate = Some(stated);
            card.what = format!(
                "填报的1-7月执行率{}，按金额计算为{}",
                percent(stated),
                percent(rate)
            );
            MPlant::J01
        }
        PlantKind::J02 => {
            let bp = r.range(1500, 3800);
            execute(card, bp);
            let rate = card.rate(0).unwrap();
            card.progress = format!(
                "截至7月底已支出{}万元，受前期手续办理影响进度较慢，下半年加快实施。",
                wan_text(card.executed[0])
            );
            card.what = format!(
                "1-7月执行率{}，低于时间进度58.33%超过15个百分点",
                percent(rate)
            );
            MPlant::J02
        }
        PlantKind::J03 => {
            let k = pick_row(r);
            card.rows[k].likely = [false; 3];
            card.what = format!("指标“{}”未勾选完成目标可能性", card.rows[k].name);
            MPlant::J03(k)
        }
        PlantKind::J04 => {
            let k = pick_row(r);
            card.rows[k].likely = [true, true, false];
            card.rows[k].reason = "部分工作受天气影响，进度存在不确定性".to_string();
            card.what = format!("指标“{}”同时勾选了“确定能”和“有可能”", card.rows[k].name);
            MPlant::J04(k)
        }
        PlantKind::J05 => {
            let k = pick_row(r);
            card.rows[k].likely = [false, false, true];
            card.what = format!("指标“{}”选择“完全不可能”，未说明原因", card.rows[k].name);
            MPlant::J05(k)
        }
        PlantKind::Impossible => {
            let k = pick_row(r);
            let row = &mut card.rows[k];
            row.likely = [false, false, true];
            row.reasons[[0, 4][r.below(2)]] = true;
            row.reason = [
                "上级政策调整，该项工作暂停实施，年内无法完成",
                "受场地征用未完成影响，年内无法开工",
                "项目所需配套资金未落实，年内无法完成",
            ][r.below(3)]
            .to_string();
            row.forecast = "无法完成".to_string();
            card.what = format!(
                "指标“{}”选择“完全不可能”并说明了原因（不是问题，列入监控预警）",
                row.name
            );
            MPlant::Impossible(k)
        }
        PlantKind::J06 => {
            execute(card, r.range(5000, 6500));
            let s = expect_surplus(card, r.range(800, 2500));
            card.what = format!(
                "全年预计执行数{}万元，低于预算{}万元，预计结余{}万元，表内没有任何原因说明",
                wan_text(card.forecast[0]),
                wan_text(card.budget[0]),
                wan_text(s)
            );
            MPlant::J06
        }
        PlantKind::J08 => {
            let k = card
                .rows
                .iter()
                .rposition(|r| r.l1 == "产出")
                .expect("an output row");
            let gone = card.rows.remove(k);
            card.what = format!("漏报已申报的绩效指标“{}”（{}）", gone.name, gone.value);
            MPlant::J08
        }
        PlantKind::J10 => {
            let k = card
                .rows
                .iter()
                .position(|row| row.declared && changed_value(&row.value).is_some())
                .expect("a numeric declared value");
            let row = &mut card.rows[k];
            let new = changed_value(&row.value).unwrap();
            card.what = format!(
                "指标“{}”的年度指标值由申报的“{}”改为“{}”",
                row.name, row.value, new
            );
            row.value = new;
            MPlant::J10(k)
        }
    };
    card.plant = Some(placed);
}

fn fits(card: &MonCard, need: Need) -> bool {
    match need {
        Need::Any => !card.rows.is_empty(),
        Need::Declared => card.rows.iter().filter(|r| r.declared).count() >= 4,
        Need::NumericDeclared => card
            .rows
            .iter()
            .any(|r| r.declared && changed_value(&r.value).is_some()),
    }
}

/// Everything one unit hands in.
struct UnitPlan {
    unit: usize,
    layout: MLayout,
    cards: Vec<MonCard>,
}

/// The budget system's execution export: one row per roster unit. 年初预算数 is the unit's
/// project budget plus its basic expenditure; a few units have an adjusted budget; a few are
/// far behind time progress. Returns those.
pub fn write_execution(
    dir: &Path,
    world: &World,
    targets: &Written,
    rng: &Rng,
) -> io::Result<Vec<UnitBehind>> {
    let mut r = rng.fork(3);
    let behind = r.sample(world.units.len(), UNITS_BEHIND);
    let mut g = Grid::new("预算执行情况", &[12.0, 30.0, 16.0, 16.0, 16.0]);
    let title = format!("{YEAR}年1-{MONTH}月预算执行情况表");
    g.merged_text(0, 0, 0, 4, &title, Style::Title);
    g.text(1, 0, "统计口径：本级财政拨款及单位资金", Style::Plain);
    g.text(1, 4, "单位：万元", Style::Plain);
    let header = [
        "单位编码",
        "单位名称",
        "年初预算数",
        "调整后预算数",
        &format!("1-{MONTH}月执行数"),
    ];
    for (c, h) in header.iter().enumerate() {
        g.text(2, c as u16, h, Style::Header);
    }
    let mut out = Vec::new();
    for (ui, unit) in world.units.iter().enumerate() {
        let projects: Cents = unit
            .projects
            .iter()
            .map(|&p| world.projects[p].amount)
            .sum();
        let basic = targets.basic[ui].unwrap_or_else(|| r.range(150000, 400000));
        let start = projects + basic;
        let adjusted = if r.chance(25) {
            let pct = [-6, -4, -3, 3, 5, 8, 12][r.below(7)];
            start + start * pct / 100
        } else {
            start
        };
        let is_behind = behind.contains(&ui);
        let bp = if is_behind {
            r.range(2500, 4100)
        } else {
            r.range(4800, 9000)
        };
        let executed = adjusted * bp / 10000;
        if is_behind {
            assert!(executed * 10000 < adjusted * BEHIND_BP);
            out.push(UnitBehind {
                file: EXECUTION_FILE.to_string(),
                unit_code: unit.code().to_string(),
                unit_name: unit.name().to_string(),
                budget: wan_text(adjusted),
                executed: wan_text(executed),
                rate: percent(executed as f64 / adjusted as f64),
            });
        } else {
            assert!(executed * 10000 >= adjusted * BEHIND_BP);
        }
        let row = 3 + ui as u32;
        g.text(row, 0, unit.code(), Style::Text);
        g.text(row, 1, unit.name(), Style::Text);
        g.num(row, 2, wan(start));
        g.num(row, 3, wan(adjusted));
        g.num(row, 4, wan(executed));
    }
    let bytes = xlsx::workbook(&[g]).map_err(io::Error::other)?;
    std::fs::write(dir.join(EXECUTION_FILE), bytes)?;
    Ok(out)
}

/// Writes the monitoring returns into `dir` and returns their manifest (without
/// `units_behind`, which the execution export gives).
pub fn write(dir: &Path, world: &World, targets: &Written, rng: &Rng) -> io::Result<Manifest> {
    let mut r = rng.fork(4);
    let target_of: BTreeMap<usize, &ProjectCard> =
        targets.cards.iter().map(|c| (c.project, c)).collect();
    let complete = |ui: usize| {
        world.units[ui].projects.iter().all(|p| {
            target_of
                .get(p)
                .is_some_and(|c| !c.indicators.is_empty() && !c.goal.is_empty())
        })
    };
    let with_projects: Vec<usize> = (0..world.units.len())
        .filter(|&i| world.units[i].def.has_projects)
        .collect();

    // the two units on their own layouts
    let mut own: Vec<usize> = with_projects
        .iter()
        .copied()
        .filter(|&i| !world.units[i].is_town() && complete(i))
        .collect();
    r.shuffle(&mut own);
    let take = |own: &mut Vec<usize>, min: usize| {
        let at = own
            .iter()
            .position(|&i| world.units[i].projects.len() >= min)
            .expect("a unit for an own layout");
        own.remove(at)
    };
    let export_unit = take(&mut own, 7);
    let xls_unit = take(&mut own, 6);
    let layout_of = |ui: usize| {
        if ui == export_unit {
            MLayout::Export
        } else if ui == xls_unit {
            MLayout::Xls
        } else {
            MLayout::Template
        }
    };

    // clean cards
    let mut plans: Vec<UnitPlan> = with_projects
        .iter()
        .map(|&ui| {
            let layout = layout_of(ui);
            let cards = world.units[ui]
                .projects
                .iter()
                .map(|&pi| clean_card(&mut r, world, pi, target_of.get(&pi).copied(), layout))
                .collect();
            UnitPlan {
                unit: ui,
                layout,
                cards,
            }
        })
        .collect();

    // planted mistakes: template ones one unit each, own-layout ones one card each
    let mut template_units: Vec<usize> = (0..plans.len())
        .filter(|&k| plans[k].layout == MLayout::Template && !world.units[plans[k].unit].is_town())
        .collect();
    r.shuffle(&mut template_units);
    let mut planted_cards = 0;
    for &(kind, layout) in PLANTS {
        let (k, c) = match layout {
            MLayout::Template => {
                let at = template_units
                    .iter()
                    .position(|&k| plans[k].cards.iter().any(|c| fits(c, kind.need())))
                    .expect("a unit for a plant");
                let k = template_units.remove(at);
                let fitting: Vec<usize> = (0..plans[k].cards.len())
                    .filter(|&c| fits(&plans[k].cards[c], kind.need()))
                    .collect();
                (k, fitting[r.below(fitting.len())])
            }
            _ => {
                let k = plans.iter().position(|p| p.layout == layout).unwrap();
                let free: Vec<usize> = (0..plans[k].cards.len())
                    .filter(|&c| {
                        plans[k].cards[c].plant.is_none() && fits(&plans[k].cards[c], kind.need())
                    })
                    .collect();
                (k, free[r.below(free.len())])
            }
        };
        plant(&mut r, &mut plans[k].cards[c], kind);
        if kind != PlantKind::Impossible {
            planted_cards += 1;
        }
    }

    // expected surpluses with a reason, and rows judged 有可能, on clean cards of the
    // district units
    let mut clean: Vec<(usize, usize)> = Vec::new();
    for (k, plan) in plans.iter().enumerate() {
        for (c, card) in plan.cards.iter().enumerate() {
            if card.plant.is_none() && !world.units[plan.unit].is_town() {
                clean.push((k, c));
            }
        }
    }
    r.shuffle(&mut clean);
    for (n, &(k, c)) in clean.iter().take(SURPLUS_CARDS).enumerate() {
        let card = &mut plans[k].cards[c];
        execute(card, r.range(4800, 6500));
        let s = expect_surplus(card, r.range(800, 3000));
        let row = reason_row(card);
        if n < SURPLUS_BY_TICK {
            card.rows[row].reasons[4] = true;
            card.surplus_reason = "（勾选偏差原因：其他）".to_string();
        } else {
            let text = [
                format!("政府采购节约资金{}万元，预计年末结余", wan_text(s)),
                format!("部分项目内容调整，预计结余{}万元", wan_text(s)),
                format!("实际服务对象少于预期，预计结余{}万元", wan_text(s)),
            ][r.below(3)]
            .clone();
            card.rows[row].reason.clone_from(&text);
            card.rows[row].reasons[0] = r.chance(50);
            card.surplus_reason = text;
        }
    }
    for &(k, c) in clean.iter().skip(SURPLUS_CARDS).take(MAYBE_CARDS) {
        let card = &mut plans[k].cards[c];
        let row = r.below(card.rows.len());
        let row = &mut card.rows[row];
        row.likely = [false, true, false];
        row.reasons[[2, 3, 4][r.below(3)]] = true;
        row.reason = [
            "受人员变动影响，部分工作进度滞后，正在加快推进",
            "设备采购周期较长，预计四季度完成，存在一定不确定性",
            "受天气影响施工进度偏慢，年底前完成存在一定难度",
        ][r.below(3)]
        .to_string();
    }

    // template units typing their rates
    let typing: Vec<usize> = (0..plans.len())
        .filter(|&k| plans[k].layout == MLayout::Template)
        .collect();
    for i in r.sample(typing.len(), TYPED_RATE_UNITS) {
        for card in &mut plans[typing[i]].cards {
            card.typed_rates = true;
        }
    }
    check_clean(&plans);

    // the files
    let mut expected = Expected::default();
    let mut files = Vec::new();
    for plan in &plans {
        let filled = match plan.layout {
            MLayout::Template => monitor_template::workbook(world, plan.unit, &plan.cards)?,
            MLayout::Export | MLayout::Xls => own_layout(world, plan)?,
        };
        std::fs::write(dir.join(&filled.name), &filled.bytes)?;
        files.push(FileEntry::new(&filled.name, plan.layout.file_kind()));
        for (card, (sheet, a)) in plan.cards.iter().zip(&filled.sheets) {
            expected.record(world, card, &filled.name, sheet, a);
        }
    }
    let Expected {
        mut planted,
        mut alerts,
        mut surplus,
    } = expected;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    planted.sort_by(|a, b| (&a.file, &a.sheet, &a.cell).cmp(&(&b.file, &b.sheet, &b.cell)));
    alerts.sort_by(|a, b| (&a.file, &a.sheet, &a.cell).cmp(&(&b.file, &b.sheet, &b.cell)));
    surplus.sort_by(|a, b| (&a.file, &a.sheet).cmp(&(&b.file, &b.sheet)));

    let mut summary = Summary {
        roster_units: world.units.len(),
        units_with_projects: with_projects.len(),
        budget_projects: world.projects.len(),
        ex_ante_projects: world.projects.iter().filter(|p| p.ex_ante).count(),
        units_handing_in: plans.len(),
        overall_cards: 0,
        project_cards: plans.iter().map(|p| p.cards.len()).sum(),
        duplicate_cards: 0,
        planted_on_cards: planted_cards,
        ..Summary::default()
    };
    for plan in &plans {
        *summary
            .cards_by_layout
            .entry(plan.layout.label().to_string())
            .or_default() += plan.cards.len();
    }
    summary.files = files;
    Ok(Manifest {
        resubmission: super::Resubmission::default(),
        stage: "monitor".to_string(),
        year: YEAR as u32,
        month: Some(MONTH),
        planted,
        alerts,
        surplus,
        units_behind: Vec::new(),
        scores: Vec::new(),
        summary,
    })
}

/// Asserts what every card without a planted finding must hold, so a change of the pools or
/// the draws cannot plant a mistake by accident.
fn check_clean(plans: &[UnitPlan]) {
    for card in plans.iter().flat_map(|p| &p.cards) {
        let ok_rows = |card: &MonCard| {
            card.rows.iter().all(|row| {
                let ticks = row.likely.iter().filter(|&&t| t).count();
                ticks == 1 && (row.likely[0] || !row.reason.is_empty())
            })
        };
        let sums = |a: &[Cents; 4]| a[0] == a[1] + a[2] + a[3] && a.iter().all(|&x| x >= 0);
        assert!(sums(&card.budget) && sums(&card.executed) && sums(&card.forecast));
        assert!(card.forecast[0] >= card.executed[0]);
        assert!(card.executed[0] <= card.budget[0]);
        let reasons = card
            .rows
            .iter()
            .any(|r| !r.reason.is_empty() || r.reasons.iter().any(|&t| t));
        match card.plant {
            None | Some(MPlant::Impossible(_)) => {
                assert!(ok_rows(card), "a clean card with a bad row");
                assert!(card.executed[0] * 100 >= card.budget[0] * 45);
                assert!(!card.has_surplus() || reasons, "a surplus without a reason");
            }
            Some(MPlant::J06) => {
                assert!(card.has_surplus() && !reasons && ok_rows(card));
            }
            Some(MPlant::J02) => {
                assert!(card.executed[0] * 10000 < card.budget[0] * BEHIND_BP);
            }
            Some(_) => {}
        }
        if card.plant != Some(MPlant::J02) {
            assert!(card.executed[0] * 10000 >= card.budget[0] * BEHIND_BP);
        }
    }
}

/// One unit's workbook as written: its file name, each card's sheet and cells, the bytes.
pub struct Filled {
    pub name: String,
    pub sheets: Vec<(String, MAnchors)>,
    pub bytes: Vec<u8>,
}

/// A unit's workbook on the export or the .xls layout.
fn own_layout(world: &World, plan: &UnitPlan) -> io::Result<Filled> {
    let unit = &world.units[plan.unit];
    let mut grids = Vec::new();
    let mut sheets = Vec::new();
    for (k, card) in plan.cards.iter().enumerate() {
        let (g, a) = monitor_layout::card(world, card, k);
        sheets.push((g.name.clone(), a));
        grids.push(g);
    }
    let (name, bytes) = if plan.layout == MLayout::Export {
        let name = format!(
            "{}_{}_{YEAR}年1-{MONTH}月绩效监控表（系统导出）.xlsx",
            unit.code(),
            unit.name()
        );
        (name, xlsx::workbook(&grids).map_err(io::Error::other)?)
    } else {
        let name = format!(
            "{}_{}_{YEAR}年1-{MONTH}月项目支出绩效目标执行监控表.xls",
            unit.code(),
            unit.name()
        );
        (name, xls::workbook(&grids)?)
    };
    Ok(Filled {
        name,
        sheets,
        bytes,
    })
}

/// What the cards should give.
#[derive(Default)]
struct Expected {
    planted: Vec<Planted>,
    alerts: Vec<Alert>,
    surplus: Vec<Surplus>,
}

impl Expected {
    /// Records what a card should give: its planted finding (J11 where no target was declared),
    /// its 监控预警 rows and its expected surplus.
    fn record(&mut self, world: &World, card: &MonCard, file: &str, sheet: &str, a: &MAnchors) {
        let (planted, alerts, surplus) = (&mut self.planted, &mut self.alerts, &mut self.surplus);
        let p = &world.projects[card.project];
        let finding = |cell: Pos, rule: &str, severity: &str, what: &str| Planted {
            file: file.to_string(),
            sheet: sheet.to_string(),
            cell: a1(cell),
            rule: rule.to_string(),
            severity: severity.to_string(),
            what: what.to_string(),
        };
        if card.declared.is_empty() {
            planted.push(finding(
                a.name_value,
                "J11",
                "提示",
                &format!("项目“{}”没有申报绩效目标，无可对照的指标", p.name),
            ));
        }
        if let Some(what) = card.plant {
            let cell = match what {
                MPlant::J01 => Some(a.total_rate),
                MPlant::J02 => Some(a.total_executed),
                MPlant::J03(k) | MPlant::J04(k) => Some(a.rows[k].likely[0]),
                MPlant::J05(k) => Some(a.rows[k].reason),
                MPlant::Impossible(_) => None,
                MPlant::J06 => Some(a.total_forecast),
                MPlant::J08 => Some(a.l1_header),
                MPlant::J10(k) => Some(a.rows[k].value),
            };
            if let (Some(cell), Some(rule)) = (cell, what.rule()) {
                planted.push(finding(cell, rule, what.severity(), &card.what));
            }
        }
        let alert = |kind: &str, cell: Pos| Alert {
            file: file.to_string(),
            sheet: sheet.to_string(),
            kind: kind.to_string(),
            cell: a1(cell),
            project_code: p.code.clone(),
        };
        match card.plant {
            Some(MPlant::J02) => alerts.push(alert("执行进度滞后", a.total_executed)),
            Some(MPlant::J01) => alerts.push(alert("执行率与金额不符", a.total_rate)),
            _ => {}
        }
        for (row, cells) in card.rows.iter().zip(&a.rows) {
            // two ticks (a planted J04) are an error, not a judgement: no alert is expected
            match row.likely {
                [false, true, false] => {
                    alerts.push(alert("完成目标可能性：有可能", cells.likely[1]))
                }
                [false, false, true] => {
                    alerts.push(alert("完成目标可能性：完全不可能", cells.likely[2]))
                }
                _ => {}
            }
        }
        if card.has_surplus() {
            surplus.push(Surplus {
                file: file.to_string(),
                sheet: sheet.to_string(),
                unit_code: world.units[p.unit].code().to_string(),
                project_code: p.code.clone(),
                budget: wan_text(card.budget[0]),
                forecast: wan_text(card.forecast[0]),
                surplus: wan_text(card.budget[0] - card.forecast[0]),
                reason: card.surplus_reason.clone(),
            });
        }
    }
}

/// The amount cell texts of the export layout: `'190.00'`.
pub fn amount_text(c: Cents) -> String {
    wan_text(c)
}

/// A rate as the export layout prints it: `'65.23%'` (`'0.00%'` where the budget is zero).
pub fn rate_text(rate: Option<f64>) -> String {
    percent(rate.unwrap_or(0.0))
}

/// An amount as a grid value: text on the export layout, a number elsewhere.
pub fn amount_val(layout: MLayout, c: Cents) -> Val {
    match layout {
        MLayout::Export => Val::Str(amount_text(c)),
        _ => Val::Num(wan(c)),
    }
}
