//! Monitoring (双监控, FORMS §4.3 and §5 "Monitoring"): the execution rate against the amounts and
//! the time progress N/12, the ticks of 完成目标可能性, reasons for what will not be reached, and
//! the money blocks' other columns. The facts a monitoring card states (rate, progress, surplus,
//! judgements) are worked out here once, for the checks and for the stage's sheets.

use super::Sink;
use crate::card::{Card, Indicator};
use crate::config::Config;
use crate::finding::Rule;
use crate::forms::{Col, Field, FormKind};
use crate::money::Money;
use crate::read::label::fold_width;
use crate::read::value::{CellValue, parse_number};

/// The judgement of one indicator row (完成目标可能性).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Likely {
    Sure,
    Maybe,
    No,
}

impl Likely {
    pub const ALL: [Likely; 3] = [Likely::Sure, Likely::Maybe, Likely::No];

    pub fn col(self) -> Col {
        match self {
            Likely::Sure => Col::LikelySure,
            Likely::Maybe => Col::LikelyMaybe,
            Likely::No => Col::LikelyNo,
        }
    }

    /// The column's label on the form: 确定能, 有可能, 完全不可能.
    pub fn label(self) -> &'static str {
        column_label(self.col())
    }
}

/// The 偏差原因分析 tick columns, in the form's order.
pub const REASON_TICKS: [Col; 5] = [
    Col::ReasonFunding,
    Col::ReasonSystem,
    Col::ReasonStaff,
    Col::ReasonHardware,
    Col::ReasonOther,
];

fn column_label(col: Col) -> &'static str {
    FormKind::Monitor
        .spec()
        .tables
        .iter()
        .find_map(|t| t.column(col))
        .map(|c| c.labels[0])
        .unwrap_or("")
}

/// Whether a cell's text is a tick. `√ ✔ ✓ ☑ 是 1 Y V` are; empty, `否`, `0`, `×`, `/`, `-`
/// are not; any other mark a unit typed into a tick column is taken as one.
pub fn is_tick(text: &str) -> bool {
    let t = fold_width(text.trim());
    if t.is_empty() {
        return false;
    }
    !matches!(
        t.as_str(),
        "否" | "0" | "×" | "✗" | "✘" | "/" | "-" | "—" | "无" | "N" | "n" | "不适用"
    )
}

/// The judgements ticked on a row.
pub fn likelihoods(i: &Indicator) -> Vec<Likely> {
    Likely::ALL
        .into_iter()
        .filter(|l| is_tick(i.col_text(l.col())))
        .collect()
}

/// The reasons a row gives: the ticked 偏差原因 and the 原因说明, as one text.
pub fn reason_text(i: &Indicator) -> String {
    let mut parts: Vec<String> = REASON_TICKS
        .iter()
        .filter(|c| is_tick(i.col_text(**c)))
        .map(|c| column_label(*c).to_string())
        .collect();
    let text = i.col_text(Col::ReasonText).trim();
    if !text.is_empty() {
        parts.push(text.to_string());
    }
    parts.join("；")
}

fn has_reason(i: &Indicator) -> bool {
    !reason_text(i).is_empty()
}

/// Indicator rows a unit filled (not the printed level names alone, not 不适用).
pub fn live_rows(card: &Card) -> impl Iterator<Item = &Indicator> {
    card.indicators
        .iter()
        .filter(|i| i.is_filled() && !i.not_applicable())
}

/// The card's overall judgement: the worst of its rows.
pub fn card_likely(card: &Card) -> Option<Likely> {
    live_rows(card).flat_map(likelihoods).max()
}

/// What a monitoring card states about its money, as of month N.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Progress {
    pub month: Option<u32>,
    pub start: Option<Money>,
    pub adjusted: Option<Money>,
    pub executed: Option<Money>,
    pub forecast: Option<Money>,
}

impl Progress {
    pub fn of(card: &Card) -> Progress {
        Progress {
            month: card.month,
            start: card.block_money(Field::Total, Col::BudgetStart),
            adjusted: card.block_money(Field::Total, Col::BudgetFull),
            executed: card.block_money(Field::Total, Col::Executed),
            forecast: card.block_money(Field::Total, Col::ExecForecast),
        }
    }

    /// The budget the execution is measured against: 调整后预算数, else 年初预算数 (FORMS §5).
    pub fn budget(&self) -> Option<Money> {
        self.adjusted.or(self.start)
    }

    /// 执行率 = 1-N月执行数 ÷ budget.
    pub fn rate(&self) -> Option<f64> {
        self.executed?.ratio(self.budget()?)
    }

    /// 时间进度 = N ÷ 12.
    pub fn time_progress(&self) -> Option<f64> {
        self.month.map(|m| f64::from(m) / 12.0)
    }

    /// 进度偏差 = 执行率 − 时间进度 (negative: behind).
    pub fn lag(&self) -> Option<f64> {
        Some(self.rate()? - self.time_progress()?)
    }

    /// 预计结余 = budget − 全年预计执行数, when positive.
    pub fn surplus(&self) -> Option<Money> {
        let s = self.budget()? - self.forecast?;
        (s > Money::ZERO).then_some(s)
    }

    pub fn behind(&self, cfg: &Config) -> bool {
        self.lag().is_some_and(|l| l < -cfg.lag() - 1e-9)
    }
}

/// A rate as stated: a fraction, percent text, or (a number above 1.5 in a rate cell) percent
/// points typed without the sign.
pub fn stated_rate(v: &CellValue) -> Option<f64> {
    let n = parse_number(v)?;
    let percent_text = matches!(v, CellValue::Text(s) if s.contains('%') || s.contains('％'));
    Some(if !percent_text && n.abs() > 1.5 {
        n / 100.0
    } else {
        n
    })
}

pub fn check(card: &Card, cfg: &Config, sink: &mut Sink<'_>) {
    let p = Progress::of(card);
    if card.month.is_none() {
        sink.push(
            Rule::NoMonth,
            card.title_cell,
            "表头中没有“1-N月”（如“1-7月执行数”），无法确定监控月份和时间进度：请使用财政局下发的监控表",
        );
    }
    super::money::check_block(card, cfg, sink);
    super::money::check_rates(card, cfg, sink);
    let exec_cell = card.block_cell(Field::Total, Col::Executed);
    if let (Some(cell), Some(rate)) = (exec_cell, p.rate()) {
        if p.behind(cfg)
            && let Some(progress) = p.time_progress()
        {
            sink.push(
                Rule::BehindSchedule,
                cell,
                format!(
                    "执行进度滞后：1-{}月执行率 {:.1}%，时间进度 {:.1}%，落后 {:.1} 个百分点（超过 {} 个百分点）",
                    p.month.unwrap_or_default(),
                    rate * 100.0,
                    progress * 100.0,
                    (progress - rate) * 100.0,
                    cfg.lag_points.normalize()
                ),
            );
        }
        if let (Some(e), Some(b)) = (p.executed, p.budget())
            && e.differs_from(b, cfg.tolerance)
            && e > b
        {
            sink.push(
                Rule::OverExecuted,
                cell,
                format!("1-N月执行数 {e} 万元超过预算数 {b} 万元：请核实"),
            );
        }
    }
    let mut any_reason = false;
    for i in live_rows(card) {
        any_reason |= has_reason(i);
        let ticked = likelihoods(i);
        let name = i.name_text();
        let Some(cell) = card.indicator_cell(i, Col::LikelySure) else {
            continue;
        };
        match ticked.len() {
            0 => sink.push(
                Rule::NoLikelihood,
                cell,
                format!(
                    "指标“{name}”的完成目标可能性未勾选：请在“确定能、有可能、完全不可能”中勾选一项"
                ),
            ),
            1 => {}
            _ => sink.push(
                Rule::SeveralLikelihoods,
                cell,
                format!(
                    "指标“{name}”的完成目标可能性勾选了{}：只能勾选一项",
                    ticked
                        .iter()
                        .map(|l| format!("“{}”", l.label()))
                        .collect::<Vec<_>>()
                        .join("和")
                ),
            ),
        }
        if ticked.contains(&Likely::No)
            && !has_reason(i)
            && let Some(cell) = card.indicator_cell(i, Col::ReasonText)
        {
            sink.push(
                Rule::ImpossibleNoReason,
                cell,
                format!("指标“{name}”选择了“完全不可能”，但没有勾选偏差原因，也没有填写原因说明"),
            );
        }
    }
    if let Some(s) = p.surplus()
        && !any_reason
        && s.differs_from(Money::ZERO, cfg.tolerance)
        && let Some(cell) = card.block_cell(Field::Total, Col::ExecForecast)
    {
        sink.push(
            Rule::SurplusNoReason,
            cell,
            format!(
                "全年预计执行数 {} 万元少于预算数 {} 万元，预计结余 {s} 万元，但表内没有说明原因：请在偏差原因分析中说明",
                p.forecast.unwrap_or_default(),
                p.budget().unwrap_or_default()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_read_as_units_write_them() {
        for t in ["√", "✔", "✓", "☑", "是", "1", "Ｙ", "V", " √ "] {
            assert!(is_tick(t), "{t:?}");
        }
        for t in ["", " ", "否", "0", "×", "/", "-", "不适用"] {
            assert!(!is_tick(t), "{t:?}");
        }
    }

    #[test]
    fn stated_rates_as_fraction_percent_text_or_points() {
        assert_eq!(stated_rate(&CellValue::Number(0.583)), Some(0.583));
        assert_eq!(stated_rate(&CellValue::Text("58.30%".into())), Some(0.583));
        assert_eq!(stated_rate(&CellValue::Text("'0.00%".into())), Some(0.0));
        assert_eq!(stated_rate(&CellValue::Number(58.3)), Some(0.583));
        assert_eq!(stated_rate(&CellValue::Number(1.2)), Some(1.2));
    }

    fn money(s: &str) -> Option<Money> {
        Money::from_str_exact(s)
    }

    #[test]
    fn surplus_is_the_budget_less_the_forecast_to_the_cent() {
        let p = Progress {
            month: Some(7),
            start: money("190.00"),
            adjusted: None,
            executed: money("95.00"),
            forecast: money("172.35"),
        };
        assert_eq!(p.surplus(), money("17.65"));
        assert_eq!(p.rate(), Some(0.5));
        assert!((p.time_progress().unwrap() - 7.0 / 12.0).abs() < 1e-12);
        // The adjusted budget wins over the one at the start of the year.
        let q = Progress {
            adjusted: money("200.01"),
            ..p
        };
        assert_eq!(q.surplus(), money("27.66"));
        // Spending everything, or more, leaves nothing to take back.
        let r = Progress {
            forecast: money("190.00"),
            ..p
        };
        assert_eq!(r.surplus(), None);
        let s = Progress {
            forecast: money("250"),
            ..p
        };
        assert_eq!(s.surplus(), None);
    }

    #[test]
    fn behind_schedule_is_more_than_the_configured_points_behind() {
        let cfg = Config::default();
        let at = |exec: &str| Progress {
            month: Some(7),
            start: money("100"),
            executed: money(exec),
            ..Progress::default()
        };
        // 7/12 = 58.33%; 15 points behind is 43.33%.
        assert!(!at("43.34").behind(&cfg));
        assert!(at("43.33").behind(&cfg));
        assert!(at("10").behind(&cfg));
        assert!(!at("90").behind(&cfg));
        let no_month = Progress {
            month: None,
            ..at("10")
        };
        assert!(!no_month.behind(&cfg));
    }
}
