//! Results used (结果应用): what each re-checked grade means for next year's budget — the advice
//! and the change configured per grade — per project and per unit, with next year's amounts
//! where a budget list of next year has them.

use super::{amount_of, budget_of};
use crate::config::{Advice, Config};
use crate::money::Money;
use crate::registry::Budget;
use crate::schema::{Consolidated, col};
use crate::table_row;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

table_row! {
    /// 结果应用建议: one row per project.
    pub struct AdviceRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        score: Option<f64> => col::RECHECKED_TOTAL, Number;
        grade: String => col::RECHECKED_GRADE, Text;
        advice: String => col::ADVICE, Text;
        amount: Money => col::AMOUNT, Money;
        change: Option<f64> => col::CHANGE, Percent;
        next: Option<Money> => col::NEXT_AMOUNT, Money;
        suggested: Option<Money> => col::SUGGESTED, Money;
    }
}

table_row! {
    /// 单位应用建议: one row per unit.
    pub struct UnitAdviceRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        unit_grade: String => col::UNIT_GRADE, Text;
        projects: usize => col::PROJECTS, Int;
        excellent: usize => col::EXCELLENT_COUNT, Int;
        good: usize => col::GOOD_COUNT, Int;
        fair: usize => col::FAIR_COUNT, Int;
        poor: usize => col::POOR_COUNT, Int;
        amount: Money => col::AMOUNT, Money;
        next: Money => col::NEXT_AMOUNT, Money;
        suggested: Money => col::SUGGESTED, Money;
    }
}

/// The suggested amount: the base changed by `change` percent, to the cent.
pub fn changed(base: Money, change: Decimal) -> Money {
    Money(base.0 * (Decimal::ONE_HUNDRED + change) / Decimal::ONE_HUNDRED).to_cent()
}

/// The advice of every project of the self-evaluation workbook, in its order.
pub fn project_rows(
    se: &Consolidated,
    budget: Option<&Budget>,
    next: Option<&Budget>,
    cfg: &Config,
) -> Vec<AdviceRow> {
    se.projects
        .iter()
        .map(|p| {
            let advice: Option<&Advice> = cfg.advice.get(p.grade.as_str());
            let amount = amount_of(p, budget_of(budget, p));
            let next_amount = budget_of(next, p).map(|b| b.amount);
            let suggested = advice.map(|a| changed(next_amount.unwrap_or(amount), a.change));
            AdviceRow {
                unit_code: p.unit_code.clone(),
                unit_name: p.unit_name.clone(),
                project_code: p.code.clone(),
                project_name: p.name.clone(),
                score: p.score,
                grade: p.grade.clone(),
                advice: advice
                    .map(|a| a.text.clone())
                    .unwrap_or_else(|| "未评定等级，请核实".into()),
                amount,
                change: advice.map(|a| Config::f(a.change) / 100.0),
                next: next_amount,
                suggested,
            }
        })
        .collect()
}

/// The advice summed per unit, with the unit-wide self-evaluation's grade.
pub fn unit_rows(se: &Consolidated, rows: &[AdviceRow]) -> Vec<UnitAdviceRow> {
    let mut by_unit: BTreeMap<(String, String), UnitAdviceRow> = BTreeMap::new();
    for r in rows {
        let u = by_unit
            .entry((r.unit_code.clone(), r.unit_name.clone()))
            .or_insert_with(|| UnitAdviceRow {
                unit_code: r.unit_code.clone(),
                unit_name: r.unit_name.clone(),
                unit_grade: se
                    .unit_evals
                    .iter()
                    .find(|e| {
                        (!e.unit_code.is_empty() && e.unit_code == r.unit_code)
                            || e.unit_name == r.unit_name
                    })
                    .map(|e| e.grade.clone())
                    .unwrap_or_default(),
                projects: 0,
                excellent: 0,
                good: 0,
                fair: 0,
                poor: 0,
                amount: Money::ZERO,
                next: Money::ZERO,
                suggested: Money::ZERO,
            });
        u.projects += 1;
        match r.grade.as_str() {
            "优" => u.excellent += 1,
            "良" => u.good += 1,
            "中" => u.fair += 1,
            "差" => u.poor += 1,
            _ => {}
        }
        u.amount += r.amount;
        u.next += r.next.unwrap_or_default();
        u.suggested += r.suggested.unwrap_or_default();
    }
    by_unit.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_in_percent_to_the_cent() {
        let m = |s: &str| Money::from_str_exact(s).unwrap();
        assert_eq!(changed(m("100"), Decimal::new(-10, 0)), m("90"));
        assert_eq!(changed(m("33.33"), Decimal::new(-10, 0)), m("30.00"));
        assert_eq!(changed(m("12.34"), Decimal::ZERO), m("12.34"));
        assert_eq!(changed(m("0.05"), Decimal::new(-50, 0)), m("0.03"));
    }
}
