//! The monitoring stage (绩效运行监控, "双监控", FORMS §4.3, §5, §6): project cards as of month N
//! cross-checked against the declared targets, and every unit's budget execution from the
//! budget system's export. Its workbook adds the monitoring columns to 项目汇总 and 指标明细, and
//! 监控预警, 收回建议, 单位收回建议 and 单位执行进度.

use super::Context;
use super::common::{
    indicator_owner, indicator_row, project_code, project_row, row_source, source,
};
use super::coverage::{self, Basis, Coverage};
use crate::batch::{Batch, Entry};
use crate::card::Indicator;
use crate::cellref::CellRef;
use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::forms::{Col, Field};
use crate::meta::Declared;
use crate::money::Money;
use crate::read::label::{month_of, name_key};
use crate::registry::{Listing, Roster, open};
use crate::rules::monitor::{self, Likely, Progress, card_likely, likelihoods, live_rows};
use crate::schema::{col, project_key, sheet};
use crate::table::{MadeSheet, Sheet, Table};
use crate::table_row;
use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

table_row! {
    /// 项目汇总: the monitoring columns.
    pub struct MonitorCols {
        month: Option<u32> => col::MONTH, Ordinal;
        start: Option<Money> => col::BUDGET_START, Money;
        adjusted: Option<Money> => col::BUDGET_ADJUSTED, Money;
        executed: Option<Money> => col::EXECUTED, Money;
        rate: Option<f64> => col::EXEC_RATE, Percent;
        progress: Option<f64> => col::TIME_PROGRESS, Percent;
        lag: Option<f64> => col::LAG, Percent;
        forecast: Option<Money> => col::FORECAST, Money;
        surplus: Option<Money> => col::SURPLUS, Money;
        likely: String => col::LIKELY, Text;
    }
}

table_row! {
    /// 指标明细: the monitoring columns.
    pub struct MonitorIndicatorCols {
        executed: String => col::IND_EXECUTED, Text;
        forecast: String => col::IND_FORECAST, Text;
        reason: String => col::IND_REASON, LongText;
        likely: String => col::IND_LIKELY, Text;
    }
}

table_row! {
    /// 监控预警: one row per warning.
    pub struct AlertRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        kind: String => col::ALERT, Text;
        rate: Option<f64> => col::EXEC_RATE, Percent;
        progress: Option<f64> => col::TIME_PROGRESS, Percent;
        lag: Option<f64> => col::LAG, Percent;
        message: String => col::MESSAGE, LongText;
        file: String => col::FILE, Text;
        sheet: String => col::SHEET, Text;
        cell: String => col::CELL, Text;
    }
}

table_row! {
    /// 收回建议: one row per card with an expected surplus.
    pub struct SurplusRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        budget: Option<Money> => col::BUDGET, Money;
        forecast: Option<Money> => col::FORECAST, Money;
        surplus: Money => col::SURPLUS, Money;
        reason: String => col::REASON, LongText;
        file: String => col::FILE, Text;
        sheet: String => col::SHEET, Text;
    }
}

table_row! {
    /// 单位收回建议: one row per unit with an expected surplus.
    pub struct UnitSurplusRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        projects: usize => col::PROJECTS, Int;
        budget: Money => col::BUDGET, Money;
        forecast: Money => col::FORECAST, Money;
        surplus: Money => col::SURPLUS, Money;
        reason: String => col::REASON, LongText;
    }
}

table_row! {
    /// 单位执行进度: one row per roster unit (execution monitoring of every unit).
    pub struct UnitExecutionRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        start: Option<Money> => col::BUDGET_START, Money;
        adjusted: Option<Money> => col::BUDGET_ADJUSTED, Money;
        executed: Option<Money> => col::EXECUTED, Money;
        rate: Option<f64> => col::EXEC_RATE, Percent;
        progress: Option<f64> => col::TIME_PROGRESS, Percent;
        lag: Option<f64> => col::LAG, Percent;
        status: String => col::EXEC_STATUS, Text;
        monitored: usize => col::MONITORED, Int;
        expected: usize => col::EXPECTED_PROJECTS, Int;
    }
}

/// Alert kinds of 监控预警.
pub mod alert {
    pub const BEHIND: &str = "执行进度滞后";
    pub const MAYBE: &str = "完成目标可能性：有可能";
    pub const IMPOSSIBLE: &str = "完成目标可能性：完全不可能";
    pub const RATE: &str = "执行率与金额不符";
}

/// Statuses of 单位执行进度.
pub mod exec_status {
    pub const NORMAL: &str = "正常";
    pub const BEHIND: &str = "滞后";
    pub const ABSENT: &str = "执行表中没有";
}

/// One unit of the budget system's execution export (FORMS §2).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExecutionRow {
    pub unit_code: String,
    pub unit_name: String,
    pub start: Option<Money>,
    pub adjusted: Option<Money>,
    pub executed: Option<Money>,
}

/// 预算执行情况表: every unit's execution, as of month N.
#[derive(Clone, Debug, Default)]
pub struct Execution {
    pub month: Option<u32>,
    pub rows: Vec<ExecutionRow>,
    /// What the clerk should know about how the file was read, one line each.
    pub notes: Vec<String>,
}

impl Execution {
    /// Reads the export: a header row with `单位编码` and a `1-N月执行数` column (or `执行数`),
    /// `年初预算数`, optional `调整后预算数` and `单位名称`.
    ///
    /// # Errors
    ///
    /// The file cannot be read, or has no such header row.
    pub fn load(path: &Path) -> Result<Execution> {
        let grids = open(path, "预算执行情况表")?;
        let executed_names = ["1-N月执行数", "1-N月执行情况", "执行数", "累计执行数"];
        let mut hidden = Vec::new();
        let Some((lists, exec_col)) = executed_names.iter().find_map(|n| {
            let lists = Listing::find_all(&grids, &[col::UNIT_CODE, n], &mut hidden);
            (!lists.is_empty()).then_some((lists, *n))
        }) else {
            bail!(
                "预算执行情况表 `{}` 中没有找到含 `单位编码` 和 `1-N月执行数` 的表头行",
                path.display()
            );
        };
        let mut notes = Vec::new();
        if !hidden.is_empty() {
            notes.push(format!(
                "预算执行情况表 `{}` 的隐藏工作表“{}”也有表头，未读取（只读可见的工作表）",
                path.display(),
                hidden.join("”“")
            ));
        }
        let month = lists
            .iter()
            .flat_map(|l| l.header_texts())
            .find_map(|t| month_of(&t));
        let mut rows: Vec<ExecutionRow> = Vec::new();
        // A unit's row by its code (or, without one, its name).
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut several = 0;
        for list in &lists {
            for r in list.rows() {
                let unit_code = list.code(r, col::UNIT_CODE);
                let unit_name = list.text(r, col::UNIT_NAME);
                if (unit_code.is_empty() && unit_name.is_empty()) || list.is_total_or_note(r) {
                    continue;
                }
                let row = ExecutionRow {
                    unit_name,
                    start: list
                        .money(r, col::BUDGET_START)
                        .or_else(|| list.money(r, "年初预算")),
                    adjusted: list
                        .money(r, col::BUDGET_ADJUSTED)
                        .or_else(|| list.money(r, "全年预算数")),
                    executed: list.money(r, exec_col),
                    unit_code,
                };
                // A unit on several rows (by 资金性质 or 科目): its amounts add up.
                let key = if row.unit_code.is_empty() {
                    format!("名称:{}", name_key(&row.unit_name))
                } else {
                    row.unit_code.clone()
                };
                match index.get(&key) {
                    Some(&i) => {
                        let e = &mut rows[i];
                        let add = |a: Option<Money>, b: Option<Money>| match (a, b) {
                            (Some(a), Some(b)) => Some(a + b),
                            (a, b) => a.or(b),
                        };
                        e.start = add(e.start, row.start);
                        e.adjusted = add(e.adjusted, row.adjusted);
                        e.executed = add(e.executed, row.executed);
                        several += 1;
                    }
                    None => {
                        index.insert(key, rows.len());
                        rows.push(row);
                    }
                }
            }
        }
        if several > 0 {
            notes.push(format!(
                "预算执行情况表 `{}` 中有 {several} 行与上面的行单位相同，已并入同一单位（金额相加）",
                path.display()
            ));
        }
        Ok(Execution { month, rows, notes })
    }

    /// The row of a roster unit: by code, else by name.
    pub fn of_unit(&self, code: &str, name: &str) -> Option<&ExecutionRow> {
        self.rows.iter().find(|r| r.unit_code == code).or_else(|| {
            self.rows
                .iter()
                .find(|r| !r.unit_name.is_empty() && name_key(&r.unit_name) == name_key(name))
        })
    }
}

/// Cards that count: neither a later duplicate nor an untouched template.
fn counted(batch: &Batch) -> impl Iterator<Item = &Entry> {
    batch.projects().filter(|e| e.counts())
}

fn pct_gap(lag: f64) -> String {
    format!("{:.1}", -lag * 100.0)
}

/// The cross-checks against the declared targets (J07–J11): from `--targets` when the project
/// is there, else from the card's jixiao template.
pub fn cross_check(batch: &Batch, cx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    let targets = cx.previous;
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    let mut by_name: HashMap<(String, String), usize> = HashMap::new();
    // A project code names one project whatever the unit (a card read without a roster has
    // none).
    let mut by_code: HashMap<&str, usize> = HashMap::new();
    if let Some(t) = targets {
        for (i, p) in t.projects.iter().enumerate() {
            if !p.code.is_empty() {
                by_code.entry(p.code.as_str()).or_insert(i);
            }
            by_key.entry(p.key()).or_insert(i);
            by_name
                .entry(project_key(&p.unit_code, "", &p.name))
                .or_insert(i);
        }
    }
    let mut matched: HashSet<usize> = HashSet::new();
    for e in batch
        .projects()
        .filter(|e| !e.untouched && e.replaced.is_none())
    {
        let code = project_code(e, cx.budget);
        let name = e.card.text(Field::ProjectName);
        let found = by_key
            .get(&project_key(&e.unit_code, &code, name))
            .or_else(|| by_code.get(code.as_str()).filter(|_| !code.is_empty()))
            .or_else(|| by_name.get(&project_key(&e.unit_code, "", name)))
            .copied();
        if let Some(i) = found {
            matched.insert(i);
        }
        let declared: Option<&[Declared]> = found
            .and_then(|i| targets.map(|t| t.projects[i].indicators.as_slice()))
            .filter(|d| !d.is_empty())
            .or_else(|| e.declared.as_deref().filter(|d| !d.is_empty()));
        match declared {
            Some(d) => compare(e, d, &mut out),
            None if targets.is_some() || e.declared.is_some() => out.push(e.card.src.finding(
                Rule::NoDeclaredTargets,
                Some(e.card.name_cell()),
                format!("项目“{name}”没有可对照的绩效目标（目标汇总中没有该项目的指标）"),
            )),
            None => {}
        }
    }
    // Projects with targets but no monitoring card, of units that handed in monitoring cards
    // (a unit that handed in nothing is on the 催报名单).
    if let Some(t) = targets {
        let units: BTreeSet<&str> = batch
            .projects()
            .map(|e| &*e.unit_code)
            .filter(|c| !c.is_empty())
            .collect();
        for (i, p) in t.projects.iter().enumerate() {
            if matched.contains(&i) || !units.contains(p.unit_code.as_str()) {
                continue;
            }
            if p.indicators.is_empty() {
                continue;
            }
            let mut f = Finding::new(
                Rule::NotMonitored,
                cx.previous_name,
                &p.sheet,
                Some(CellRef::new(p.row, p.name_col)),
                format!("项目“{}”申报了绩效目标，但没有报监控表", p.name),
            );
            f.unit_code = p.unit_code.as_str().into();
            f.unit_name = p.unit_name.as_str().into();
            f.project = p.name.as_str().into();
            out.push(f);
        }
    }
    out
}

/// J08–J10: the card's indicators against the declared ones, by 三级指标 name.
fn compare(e: &Entry, declared: &[Declared], out: &mut Vec<Finding>) {
    let card = &e.card;
    let rows: Vec<&Indicator> = live_rows(card).collect();
    let declared_names: HashSet<String> = declared.iter().map(|d| name_key(&d.level3)).collect();
    for d in declared {
        let key = name_key(&d.level3);
        match rows.iter().find(|i| name_key(i.name_text()) == key) {
            None => {
                if let Some(cell) = card.indicator_header {
                    out.push(card.src.finding(
                        Rule::IndicatorDropped,
                        Some(cell),
                        format!(
                            "申报的绩效指标“{}”（{}，指标值 {}）不在监控表中：请补上该指标的执行情况",
                            d.level3, d.level2, d.value
                        ),
                    ));
                }
            }
            Some(i) => {
                let v = i.value_text();
                if name_key(v) != name_key(&d.value) {
                    out.push(card.src.finding(
                        Rule::TargetChanged,
                        Some(i.value_cell()),
                        format!(
                            "指标“{}”的年度指标值“{v}”与申报的“{}”不一致：监控表应填申报时的指标值",
                            d.level3, d.value
                        ),
                    ));
                }
            }
        }
    }
    for i in &rows {
        let n = i.name_text();
        if !n.is_empty()
            && !declared_names.contains(&name_key(n))
            && let Some(cell) = i.name().map(|l| l.cell)
        {
            out.push(card.src.finding(
                Rule::IndicatorAdded,
                Some(cell),
                format!("指标“{n}”不是申报时的绩效指标：监控表只填已申报的指标"),
            ));
        }
    }
}

/// A card's money as it counts, in 万元: amounts written in 元 in the 万元 block (M03) are
/// divided by 10,000 all together, so 年初预算数, 执行数 and 全年预计执行数 stay in one unit (a
/// cell that says 万元 stays as it is).
fn progress(e: &Entry) -> Progress {
    let wan = |col| e.card.block_money_in_wan(Field::Total, col, e.in_yuan);
    Progress {
        start: wan(Col::BudgetStart),
        adjusted: wan(Col::BudgetFull),
        executed: wan(Col::Executed),
        forecast: wan(Col::ExecForecast),
        ..Progress::of(&e.card)
    }
}

fn monitor_cols(e: &Entry) -> MonitorCols {
    let p = progress(e);
    MonitorCols {
        month: p.month,
        start: p.start,
        adjusted: p.adjusted,
        executed: p.executed,
        rate: p.rate(),
        progress: p.time_progress(),
        lag: p.lag(),
        forecast: p.forecast,
        surplus: p.surplus(),
        likely: card_likely(&e.card)
            .map(|l| l.label().to_string())
            .unwrap_or_default(),
    }
}

fn indicator_cols(i: &Indicator) -> MonitorIndicatorCols {
    MonitorIndicatorCols {
        executed: i.col_text(Col::Actual).to_string(),
        forecast: i.col_text(Col::Forecast).to_string(),
        reason: monitor::reason_text(i),
        likely: likelihoods(i)
            .iter()
            .map(|l| l.label())
            .collect::<Vec<_>>()
            .join("、"),
    }
}

/// The reasons a card gives anywhere: its rows' ticked reasons and 原因说明.
fn card_reasons(e: &Entry) -> String {
    let mut seen = Vec::new();
    for i in live_rows(&e.card) {
        let r = monitor::reason_text(i);
        if !r.is_empty() && !seen.contains(&r) {
            seen.push(r);
        }
    }
    seen.join("；")
}

fn alert_rows(batch: &Batch, cx: &Context<'_>, cfg: &Config) -> Vec<AlertRow> {
    let mut rows = Vec::new();
    // The stated rates that disagree with the amounts (J01), by card, looked up once.
    let mut rate_findings: HashMap<crate::finding::CardId, Vec<&Finding>> = HashMap::new();
    for f in batch
        .findings
        .iter()
        .filter(|f| f.rule == Rule::RateMismatch)
    {
        if let Some(id) = f.card_id {
            rate_findings.entry(id).or_default().push(f);
        }
    }
    for e in counted(batch) {
        let p = progress(e);
        let code = project_code(e, cx.budget);
        let name = e.card.text(Field::ProjectName).to_string();
        let base = |kind: &str, message: String, cell: Option<CellRef>| AlertRow {
            unit_code: e.unit_code.to_string(),
            unit_name: e.unit_name.to_string(),
            project_code: code.clone(),
            project_name: name.clone(),
            kind: kind.to_string(),
            rate: p.rate(),
            progress: p.time_progress(),
            lag: p.lag(),
            message,
            file: e.card.src.file.to_string(),
            sheet: e.card.src.sheet.to_string(),
            cell: cell.map(|c| c.to_string()).unwrap_or_default(),
        };
        if p.behind(cfg) {
            let why = card_reasons(e);
            let msg = format!(
                "执行率低于时间进度 {} 个百分点{}",
                pct_gap(p.lag().unwrap_or_default()),
                if why.is_empty() {
                    String::new()
                } else {
                    format!("；原因：{why}")
                }
            );
            rows.push(base(
                alert::BEHIND,
                msg,
                e.card.block_cell(Field::Total, Col::Executed),
            ));
        }
        for f in rate_findings
            .get(&e.card.src.card_id())
            .into_iter()
            .flatten()
        {
            rows.push(base(alert::RATE, f.message.to_string(), f.cell));
        }
        for i in live_rows(&e.card) {
            // A row with several ticks states no judgement (J04 asks for one).
            let (l, kind) = match likelihoods(i).as_slice() {
                [Likely::No] => (Likely::No, alert::IMPOSSIBLE),
                [Likely::Maybe] => (Likely::Maybe, alert::MAYBE),
                _ => continue,
            };
            let why = monitor::reason_text(i);
            let msg = format!(
                "指标“{}”（年度指标值 {}，1-{}月执行 {}）{}",
                i.name_text(),
                i.value_text(),
                p.month.map(|m| m.to_string()).unwrap_or_else(|| "N".into()),
                i.col_text(Col::Actual),
                if why.is_empty() {
                    "；未说明原因".to_string()
                } else {
                    format!("；原因：{why}")
                }
            );
            rows.push(base(kind, msg, e.card.indicator_cell(i, l.col())));
        }
    }
    rows
}

fn surplus_rows(batch: &Batch, cx: &Context<'_>) -> Vec<SurplusRow> {
    let mut rows: Vec<SurplusRow> = counted(batch)
        .filter_map(|e| {
            let p = progress(e);
            let surplus = p.surplus()?;
            Some(SurplusRow {
                unit_code: e.unit_code.to_string(),
                unit_name: e.unit_name.to_string(),
                department: e.department.to_string(),
                project_code: project_code(e, cx.budget),
                project_name: e.card.text(Field::ProjectName).to_string(),
                budget: p.budget(),
                forecast: p.forecast,
                surplus,
                reason: card_reasons(e),
                file: e.card.src.file.to_string(),
                sheet: e.card.src.sheet.to_string(),
            })
        })
        .collect();
    rows.sort_by(|a, b| {
        b.surplus
            .cmp(&a.surplus)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
            .then_with(|| a.project_code.cmp(&b.project_code))
    });
    rows
}

fn unit_surplus_rows(rows: &[SurplusRow]) -> Vec<UnitSurplusRow> {
    let mut by_unit: BTreeMap<(String, String), UnitSurplusRow> = BTreeMap::new();
    for r in rows {
        let u = by_unit
            .entry((r.unit_code.clone(), r.unit_name.clone()))
            .or_insert_with(|| UnitSurplusRow {
                unit_code: r.unit_code.clone(),
                unit_name: r.unit_name.clone(),
                department: r.department.clone(),
                projects: 0,
                budget: Money::ZERO,
                forecast: Money::ZERO,
                surplus: Money::ZERO,
                reason: String::new(),
            });
        u.projects += 1;
        u.budget += r.budget.unwrap_or_default();
        u.forecast += r.forecast.unwrap_or_default();
        u.surplus += r.surplus;
        if !r.reason.is_empty() {
            if !u.reason.is_empty() {
                u.reason.push('\n');
            }
            u.reason
                .push_str(&format!("{}：{}", r.project_name, r.reason));
        }
    }
    let mut out: Vec<UnitSurplusRow> = by_unit.into_values().collect();
    out.sort_by(|a, b| {
        b.surplus
            .cmp(&a.surplus)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
    });
    out
}

/// The month of the batch: the export's, else the most common month of the cards.
fn batch_month(batch: &Batch, ex: Option<&Execution>) -> Option<u32> {
    ex.and_then(|x| x.month).or_else(|| {
        let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
        for e in counted(batch) {
            if let Some(m) = e.card.month {
                *counts.entry(m).or_default() += 1;
            }
        }
        counts
            .into_iter()
            .max_by_key(|&(m, n)| (n, m))
            .map(|(m, _)| m)
    })
}

fn unit_execution_rows(
    batch: &Batch,
    roster: &Roster,
    cx: &Context<'_>,
    ex: &Execution,
    cfg: &Config,
) -> Vec<UnitExecutionRow> {
    let month = batch_month(batch, Some(ex));
    let progress = month.map(|m| f64::from(m) / 12.0);
    let mut monitored: HashMap<&str, usize> = HashMap::new();
    for e in counted(batch) {
        *monitored.entry(&*e.unit_code).or_default() += 1;
    }
    roster
        .units
        .iter()
        .map(|u| {
            let row = ex.of_unit(&u.code, &u.name);
            let base = row.and_then(|r| r.adjusted.or(r.start));
            let rate = row.and_then(|r| r.executed?.ratio(base?));
            let lag = rate.zip(progress).map(|(r, p)| r - p);
            let status = match (row, lag) {
                (None, _) => exec_status::ABSENT,
                (Some(_), Some(l)) if l < -cfg.lag() - 1e-9 => exec_status::BEHIND,
                _ => exec_status::NORMAL,
            };
            UnitExecutionRow {
                unit_code: u.code.clone(),
                unit_name: u.name.clone(),
                department: u.department.clone(),
                start: row.and_then(|r| r.start),
                adjusted: row.and_then(|r| r.adjusted),
                executed: row.and_then(|r| r.executed),
                rate,
                progress,
                lag,
                status: status.to_string(),
                monitored: monitored.get(u.code.as_str()).copied().unwrap_or(0),
                expected: cx
                    .budget
                    .map(|b| b.projects.iter().filter(|p| p.unit_code == u.code).count())
                    .unwrap_or(0),
            }
        })
        .collect()
}

/// The sheets of the monitoring workbook, in order (coverage sheets are added by the caller).
pub fn sheets<'a>(batch: &'a Batch, cx: &Context<'a>, emit: &mut dyn FnMut(Table<'a>)) {
    let default = Config::default();
    let cfg = cx.config.unwrap_or(&default);
    // A template's printed rows left empty are not indicators of the card.
    let budget = cx.budget;
    let projects = MadeSheet::of(sheet::PROJECTS, batch.projects().collect(), move |e| {
        let mut row = project_row(e, budget);
        row.indicators = live_rows(&e.card).count();
        (row, monitor_cols(e), source(e))
    });
    // One row per indicator filled in: made as it is written, never whole.
    fn filled(e: &Entry) -> impl Iterator<Item = &crate::card::Indicator> {
        e.card.indicators.iter().filter(|i| i.is_filled())
    }
    let cards: Vec<_> = batch
        .projects()
        .filter(|e| e.replaced.is_none())
        .map(|e| (e, indicator_owner(e, cx.budget)))
        .collect();
    let indicators = MadeSheet::new(
        sheet::INDICATORS,
        cards,
        |(e, _)| filled(e).count(),
        |(e, (code, name))| {
            filled(e)
                .map(|i| {
                    (
                        indicator_row(e, code, name, i),
                        indicator_cols(i),
                        row_source(e, i),
                    )
                })
                .collect()
        },
    );
    emit(projects.with_total().into());
    emit(indicators.into());
    let surplus = surplus_rows(batch, cx);
    emit(Sheet::of(sheet::ALERTS, &alert_rows(batch, cx, cfg)).into());
    emit(Sheet::of(sheet::SURPLUS, &surplus).with_total().into());
    emit(
        Sheet::of(sheet::UNIT_SURPLUS, &unit_surplus_rows(&surplus))
            .with_total()
            .into(),
    );
    if let (Some(roster), Some(ex)) = (cx.roster, cx.execution) {
        emit(
            Sheet::of(
                sheet::UNIT_EXECUTION,
                &unit_execution_rows(batch, roster, cx, ex, cfg),
            )
            .with_total()
            .into(),
        );
    }
    super::common::closing_sheets(batch, cx.roster, cx.budget, emit);
}

/// Coverage of monitoring: units under execution monitoring (the export, when given) and units
/// that monitored every project of theirs, projects and funds.
pub fn coverage(batch: &Batch, roster: &Roster, cx: &Context<'_>) -> Coverage {
    let units_done = cx.execution.map(|ex| {
        roster
            .units
            .iter()
            .filter(|u| ex.of_unit(&u.code, &u.name).is_some())
            .map(|u| u.code.clone())
            .collect()
    });
    let basis = Basis {
        units_label: if units_done.is_some() {
            "执行监控单位"
        } else {
            "单位"
        },
        units_done,
        every_project: true,
        project_forms_only: true,
        project_units_label: "项目全部监控的单位",
        ..Basis::default()
    };
    coverage::compute_with(batch, roster, cx.budget, &basis)
}
