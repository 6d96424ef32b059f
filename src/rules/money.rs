//! Money: totals equal the sum of their parts, no negative amounts, no 元 in a 万元 column.

use super::Sink;
use crate::card::{AmountCell, Card, Located};
use crate::config::Config;
use crate::finding::Rule;
use crate::forms::taxonomy::Level2;
use crate::forms::{Col, Field, Table};
use crate::money::Money;
use crate::read::value::{AmountError, parse_amount};
use crate::rules::monitor::stated_rate;
use rust_decimal::Decimal;

const PARTS: [Field; 5] = [
    Field::Fiscal,
    Field::Carryover,
    Field::SpecialAccount,
    Field::UnitFunds,
    Field::Other,
];

pub fn check(card: &Card, cfg: &Config, sink: &mut Sink<'_>) {
    let spec = card.kind.spec();
    for (&field, cell) in &card.amounts {
        match &cell.value {
            AmountCell::Bad(text) => sink.push(
                Rule::AmountNotNumber,
                cell.cell,
                format!(
                    "“{}”的值“{}”不是数字：请只填写以万元为单位的金额",
                    spec.label(field),
                    text.trim()
                ),
            ),
            AmountCell::Value(a) if a.money.is_negative() => sink.push(
                Rule::NegativeAmount,
                cell.cell,
                format!("“{}”为负数 {} 万元", spec.label(field), a.money),
            ),
            _ => {}
        }
    }
    check_tasks(card, cfg, sink);
    let (Some(total), Some(total_cell)) = (card.money(Field::Total), card.money_cell(Field::Total))
    else {
        return;
    };
    let parts: Vec<(Field, Money)> = PARTS
        .iter()
        .filter_map(|&f| card.money(f).map(|a| (f, a.money)))
        .collect();
    if !parts.is_empty() {
        let sum: Money = parts.iter().map(|(_, m)| *m).sum();
        if total.money.differs_from(sum, cfg.tolerance) {
            let detail: Vec<String> = parts
                .iter()
                .map(|(f, m)| format!("{} {}", spec.label(*f), m))
                .collect();
            sink.push(
                Rule::SumMismatch,
                total_cell,
                format!(
                    "年度资金总额 {} 万元 ≠ {} = {} 万元（相差 {} 万元）",
                    total.money,
                    detail.join(" + "),
                    sum,
                    (total.money - sum).abs()
                ),
            );
        }
    }
    if let Some(why) = looks_like_yuan(card, total.money, total.yuan, cfg) {
        sink.push(
            Rule::AmountInYuan,
            total_cell,
            format!(
                "年度资金总额 {} 疑似以“元”填写（{}）：本栏单位为万元，请除以 10000 后重填",
                total.money, why
            ),
        );
    } else if total.money.is_zero() {
        sink.push(
            Rule::ZeroAmount,
            total_cell,
            "年度资金总额为 0 万元：请核实项目金额",
        );
    }
}

/// Evidence that an amount in a 万元 column was written in 元. Budget-list evidence is added by
/// the batch (it knows the list); here: the cell's own `元`, the ceiling, and the card's own cost
/// indicators (`总成本不超过0.3万元` on a card whose total says 3000).
pub fn looks_like_yuan(card: &Card, total: Money, says_yuan: bool, cfg: &Config) -> Option<String> {
    if says_yuan {
        return Some("单元格写明了“元”".into());
    }
    if total.0 > cfg.yuan_ceiling {
        return Some(format!(
            "单个项目超过 {} 万元",
            cfg.yuan_ceiling.normalize()
        ));
    }
    if total.0 < Decimal::new(1000, 0) {
        return None;
    }
    for ind in card.live_indicators() {
        let name = ind.name_text();
        let is_cost = ind.level2_kind().is_some_and(Level2::is_cost) || name.contains("成本");
        // A cost per person or per item (人均补助标准 1200元) says nothing of the total.
        let per_unit = ["人均", "每", "单价", "标准", "/", "／", "单位成本", "平均"]
            .iter()
            .any(|w| name.contains(w) || ind.value_text().contains(w));
        if per_unit {
            continue;
        }
        let parsed = ind.parsed();
        let (Some(n), true) = (parsed.number, is_cost) else {
            continue;
        };
        if n <= 0.0 {
            continue;
        }
        let t = total.to_f64();
        let close = |a: f64, b: f64| (a - b).abs() <= 0.05 * b;
        if parsed.unit.starts_with("万") && close(t / 10_000.0, n) && !close(t, n) {
            return Some(format!("成本指标写的是 {n} 万元"));
        }
        if parsed.unit == "元" && close(t, n) {
            return Some(format!("成本指标写的是 {n} 元"));
        }
    }
    None
}

fn check_tasks(card: &Card, cfg: &Config, sink: &mut Sink<'_>) {
    let Some(total) = &card.task_total else {
        return;
    };
    type Column = fn(&crate::card::Task) -> Option<&Located<AmountCell>>;
    let columns: [(Col, Column); 3] = [
        (Col::TaskTotal, |t| t.total.as_ref()),
        (Col::TaskFiscal, |t| t.fiscal.as_ref()),
        (Col::TaskOther, |t| t.other.as_ref()),
    ];
    let tasks = card.kind.spec().table(Table::Tasks);
    for (col, get) in columns {
        let name = tasks
            .and_then(|t| t.column(col))
            .map(|c| c.labels[0])
            .unwrap_or_default();
        let Some(stated) = get(total) else { continue };
        let AmountCell::Value(stated_amount) = &stated.value else {
            continue;
        };
        let sum: Money = card.tasks.iter().filter_map(|t| get(t)?.money()).sum();
        if stated_amount.money.differs_from(sum, cfg.tolerance) {
            sink.push(
                Rule::TaskSumMismatch,
                stated.cell,
                format!(
                    "年度主要任务“{name}”金额合计 {} 万元 ≠ 各任务之和 {} 万元",
                    stated_amount.money, sum
                ),
            );
        }
    }
}

/// A money matrix's columns other than 年初预算数 (checked as the card's amounts): numbers, not
/// negative, the total equal to its parts.
pub fn check_block(card: &Card, cfg: &Config, sink: &mut Sink<'_>) {
    let Some(block) = card.kind.spec().money else {
        return;
    };
    for col in [Col::BudgetFull, Col::Executed, Col::ExecForecast] {
        let Some(cs) = block.column(col) else {
            continue;
        };
        let col_name = cs.labels[0];
        let mut parts = Vec::new();
        let mut total = None;
        for &(field, labels) in block.all_rows() {
            let Some(hit) = card.block.get(&(field, col)) else {
                continue;
            };
            match parse_amount(&hit.value) {
                Ok(Some(a)) => {
                    if a.money.is_negative() {
                        sink.push(
                            Rule::NegativeAmount,
                            hit.cell,
                            format!("“{}”的{col_name}为负数 {} 万元", labels[0], a.money),
                        );
                    }
                    if field == Field::Total {
                        total = Some((a.money, hit.cell));
                    } else if PARTS.contains(&field) {
                        parts.push(a.money);
                    }
                }
                Ok(None) => {}
                Err(AmountError::NotANumber(s)) => sink.push(
                    Rule::AmountNotNumber,
                    hit.cell,
                    format!(
                        "“{}”的{col_name}“{}”不是数字：请只填写以万元为单位的金额",
                        labels[0],
                        s.trim()
                    ),
                ),
            }
        }
        if let Some((t, cell)) = total
            && !parts.is_empty()
        {
            let sum: Money = parts.iter().copied().sum();
            if t.differs_from(sum, cfg.tolerance) {
                sink.push(
                    Rule::SumMismatch,
                    cell,
                    format!(
                        "年度资金总额的{col_name} {t} 万元 ≠ 各部分之和 {sum} 万元（相差 {} 万元）",
                        (t - sum).abs()
                    ),
                );
            }
        }
    }
}

/// Every stated 执行率 against 执行数 ÷ (调整后预算数, else 年初预算数) of its row.
pub fn check_rates(card: &Card, cfg: &Config, sink: &mut Sink<'_>) {
    let Some(block) = card.kind.spec().money else {
        return;
    };
    for &(field, labels) in block.all_rows() {
        let Some(hit) = card.block.get(&(field, Col::ExecRate)) else {
            continue;
        };
        let Some(stated) = stated_rate(&hit.value) else {
            continue;
        };
        let base = card
            .block_money(field, Col::BudgetFull)
            .or_else(|| card.block_money(field, Col::BudgetStart));
        let (Some(exec), Some(base)) = (card.block_money(field, Col::Executed), base) else {
            continue;
        };
        let Some(rate) = exec.ratio(base) else {
            continue;
        };
        if (stated - rate).abs() > cfg.rate_slack() + 1e-9 {
            sink.push(
                Rule::RateMismatch,
                hit.cell,
                format!(
                    "“{}”填报的执行率 {:.2}% 与金额不符：{exec} ÷ {base} = {:.2}%（相差 {:.2} 个百分点）",
                    labels[0],
                    stated * 100.0,
                    rate * 100.0,
                    (stated - rate).abs() * 100.0
                ),
            );
        }
    }
}
