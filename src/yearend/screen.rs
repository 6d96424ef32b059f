//! Ex-ante screening (事前绩效评估): the projects of the budget list that need an evaluation
//! before the budget is drafted — new projects above an amount, continuing projects whose
//! increase over last year is above a percentage — and, once the bureau has filled in its
//! conclusions, the tally and the money asked vs supported.

use crate::config::Config;
use crate::money::Money;
use crate::read::label::name_key;
use crate::registry::{Budget, BudgetProject, Listing, Roster, open};
use crate::schema::{TOTAL_LABEL, col};
use crate::table_row;
use anyhow::{Result, bail};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::Path;

table_row! {
    /// 事前评估清单: one row per project that meets a threshold; the last two columns are the
    /// bureau's to fill in.
    pub struct ScreenRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        attribute: String => col::ATTRIBUTE, Text;
        budget_type: String => col::BUDGET_TYPE, Text;
        category: String => col::CATEGORY, Text;
        domain: String => col::DOMAIN, Text;
        amount: Money => col::AMOUNT, Money;
        last_year: Option<Money> => col::LAST_YEAR, Money;
        increase: Option<Money> => col::INCREASE, Money;
        increase_rate: Option<f64> => col::INCREASE_RATE, Percent;
        reason: String => col::SCREEN_REASON, LongText;
        conclusion: String => col::CONCLUSION, Text;
        suggested: Option<Money> => col::SUGGESTED_AMOUNT, Money;
    }
}

table_row! {
    /// 评估结论汇总: the district, then one row per unit.
    pub struct TallyRow {
        scope: String => col::SCOPE, Text;
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        projects: usize => col::PROJECTS, Int;
        supported: usize => col::SUPPORTED, Int;
        partly: usize => col::PARTLY, Int;
        not_supported: usize => col::NOT_SUPPORTED, Int;
        pending: usize => col::PENDING, Int;
        asked: Money => col::ASKED, Money;
        granted: Money => col::SUPPORTED_AMOUNT, Money;
    }
}

table_row! {
    /// 不予支持仍在预算: projects not supported that the budget list still carries.
    pub struct FlaggedRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        amount: Money => col::AMOUNT, Money;
        message: String => col::MESSAGE, LongText;
    }
}

/// Last year's amount of a project: the list's 上年预算数, else last year's list by code, else by
/// unit and name.
fn last_year_of(bp: &BudgetProject, previous: Option<&Budget>) -> Option<Money> {
    bp.last_year.or_else(|| {
        let prev = previous?;
        (!bp.code.is_empty())
            .then(|| prev.by_code(&bp.code))
            .flatten()
            .or_else(|| prev.by_unit_and_name(&bp.unit_code, &bp.name))
            .map(|(_, p)| p.amount)
    })
}

/// The projects that need an ex-ante evaluation, in the order of the budget list.
pub fn screen(
    budget: &Budget,
    previous: Option<&Budget>,
    roster: Option<&Roster>,
    cfg: &Config,
) -> Vec<ScreenRow> {
    let limit = cfg.screen_new_amount;
    let pct = cfg.screen_increase_percent;
    let mut rows = Vec::new();
    for bp in &budget.projects {
        let last = last_year_of(bp, previous);
        let is_new = match bp.attribute.as_str() {
            "新增" => true,
            "延续" => false,
            _ => last.is_none(),
        };
        let (reason, increase, rate) = if is_new {
            if bp.amount.0 <= limit {
                continue;
            }
            (
                format!(
                    "新增项目，本年预算数 {} 万元，超过 {} 万元",
                    bp.amount,
                    limit.normalize()
                ),
                None,
                None,
            )
        } else {
            let Some(last) = last.filter(|l| l.0 > Decimal::ZERO) else {
                continue;
            };
            let inc = bp.amount - last;
            if inc.0 * Decimal::ONE_HUNDRED <= pct * last.0 {
                continue;
            }
            let rate = inc.ratio(last);
            (
                format!(
                    "延续项目，比上年预算数 {last} 万元增长 {inc} 万元（{:.1}%），超过 {}%",
                    rate.unwrap_or(0.0) * 100.0,
                    pct.normalize()
                ),
                Some(inc),
                rate,
            )
        };
        let unit = roster.and_then(|r| r.by_code(&bp.unit_code));
        rows.push(ScreenRow {
            unit_code: bp.unit_code.clone(),
            unit_name: unit.map(|u| u.name.clone()).unwrap_or_default(),
            department: if bp.department.is_empty() {
                unit.map(|u| u.department.clone()).unwrap_or_default()
            } else {
                bp.department.clone()
            },
            project_code: bp.code.clone(),
            project_name: bp.name.clone(),
            attribute: if is_new { "新增" } else { "延续" }.into(),
            budget_type: bp.budget_type.clone(),
            category: bp.category.clone(),
            domain: bp.field.clone(),
            amount: bp.amount,
            last_year: last,
            increase,
            increase_rate: rate,
            reason,
            conclusion: String::new(),
            suggested: None,
        });
    }
    rows
}

/// A conclusion as the bureau writes it, normalised: 予以支持, 部分支持, 不予支持, or empty.
pub fn conclusion(text: &str) -> Option<&'static str> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return None;
    }
    if t.contains("部分") {
        Some(col::PARTLY)
    } else if t.contains("不予") || t.contains("不支持") || t == "否" {
        Some(col::NOT_SUPPORTED)
    } else if t.contains("支持") || t == "同意" {
        Some(col::SUPPORTED)
    } else {
        None
    }
}

/// Reads a filled 事前评估清单: its rows with their conclusions (normalised) and 建议金额.
/// Returns the rows and the conclusions that could not be read (`单位 项目：文字`).
///
/// # Errors
///
/// The file cannot be read, or has no header row with `项目名称` and `评估结论`.
pub fn load_results(path: &Path) -> Result<(Vec<ScreenRow>, Vec<String>)> {
    let grids = open(path, "事前评估结论")?;
    let Some(list) = Listing::find(&grids, &[col::PROJECT_NAME, col::CONCLUSION]) else {
        bail!(
            "`{}` 中没有找到含 `项目名称`、`评估结论` 的表头行（请在 jixiao screen 写出的事前评估清单上填写结论）",
            path.display()
        );
    };
    let mut rows = Vec::new();
    let mut unreadable = Vec::new();
    for r in list.rows() {
        let name = list.text(r, col::PROJECT_NAME);
        let unit_code = list.code(r, col::UNIT_CODE);
        if name.is_empty() || unit_code == TOTAL_LABEL {
            continue;
        }
        let written = list.text(r, col::CONCLUSION);
        let c = conclusion(&written);
        if c.is_none() && !written.is_empty() {
            unreadable.push(format!("{unit_code} {name}：{written}"));
        }
        rows.push(ScreenRow {
            unit_code,
            unit_name: list.text(r, col::UNIT_NAME),
            department: list.text(r, col::DEPARTMENT),
            project_code: list.code(r, col::PROJECT_CODE),
            project_name: name,
            attribute: list.text(r, col::ATTRIBUTE),
            budget_type: list.text(r, col::BUDGET_TYPE),
            category: list.text(r, col::CATEGORY),
            domain: list.text(r, col::DOMAIN),
            amount: list.money(r, col::AMOUNT).unwrap_or_default(),
            last_year: list.money(r, col::LAST_YEAR),
            increase: list.money(r, col::INCREASE),
            increase_rate: None,
            reason: list.text(r, col::SCREEN_REASON),
            conclusion: c.unwrap_or_default().to_string(),
            suggested: list.money(r, col::SUGGESTED_AMOUNT),
        });
    }
    Ok((rows, unreadable))
}

/// The money a conclusion supports: all that was asked (or the 建议金额 when given), the
/// 建议金额 of a partial support, nothing of a refusal or an open conclusion.
pub fn granted(r: &ScreenRow) -> Money {
    match r.conclusion.as_str() {
        col::SUPPORTED => r.suggested.unwrap_or(r.amount),
        col::PARTLY => r.suggested.unwrap_or_default(),
        _ => Money::default(),
    }
}

fn tally_of(scope: &str, code: &str, name: &str, rows: &[&ScreenRow]) -> TallyRow {
    let n = |c: &str| rows.iter().filter(|r| r.conclusion == c).count();
    TallyRow {
        scope: scope.into(),
        unit_code: code.into(),
        unit_name: name.into(),
        projects: rows.len(),
        supported: n(col::SUPPORTED),
        partly: n(col::PARTLY),
        not_supported: n(col::NOT_SUPPORTED),
        pending: n(""),
        asked: rows.iter().map(|r| r.amount).sum(),
        granted: rows.iter().map(|r| granted(r)).sum(),
    }
}

/// The tally: the district first, then each unit in code order.
pub fn tally(rows: &[ScreenRow]) -> Vec<TallyRow> {
    let all: Vec<&ScreenRow> = rows.iter().collect();
    let mut out = vec![tally_of("全区", "", "合计", &all)];
    let mut by_unit: BTreeMap<&str, Vec<&ScreenRow>> = BTreeMap::new();
    for r in rows {
        by_unit.entry(&r.unit_code).or_default().push(r);
    }
    for (code, list) in by_unit {
        out.push(tally_of("单位", code, &list[0].unit_name, &list));
    }
    out
}

/// Projects not supported that the budget list still carries.
pub fn flagged(rows: &[ScreenRow], budget: &Budget) -> Vec<FlaggedRow> {
    rows.iter()
        .filter(|r| r.conclusion == col::NOT_SUPPORTED)
        .filter_map(|r| {
            let bp = (!r.project_code.is_empty())
                .then(|| budget.by_code(&r.project_code))
                .flatten()
                .or_else(|| {
                    budget.projects.iter().enumerate().find(|(_, b)| {
                        b.unit_code == r.unit_code && name_key(&b.name) == name_key(&r.project_name)
                    })
                })
                .map(|(_, b)| b)?;
            Some(FlaggedRow {
                unit_code: r.unit_code.clone(),
                unit_name: r.unit_name.clone(),
                project_code: bp.code.clone(),
                project_name: bp.name.clone(),
                amount: bp.amount,
                message: format!(
                    "事前绩效评估结论为不予支持，预算项目清单中仍有该项目（本年预算数 {} 万元）",
                    bp.amount
                ),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bp(code: &str, attr: &str, amount: i64, last: Option<i64>) -> BudgetProject {
        BudgetProject {
            unit_code: "301001".into(),
            code: code.into(),
            name: format!("项目{code}"),
            budget_type: "一般公共预算".into(),
            attribute: attr.into(),
            amount: Money(Decimal::new(amount, 2)),
            last_year: last.map(|l| Money(Decimal::new(l, 2))),
            category: "项目".into(),
            department: String::new(),
            field: String::new(),
        }
    }

    #[test]
    fn thresholds_are_strictly_above() {
        let b = Budget::from_projects(vec![
            bp("1", "新增", 5000, None),         // exactly 50: no
            bp("2", "新增", 5001, None),         // over 50: yes
            bp("3", "延续", 12000, Some(10000)), // exactly 20%: no
            bp("4", "延续", 12001, Some(10000)), // over 20%: yes
            bp("5", "延续", 50000, None),        // no last year known: no
        ]);
        let rows = screen(&b, None, None, &Config::default());
        let codes: Vec<&str> = rows.iter().map(|r| r.project_code.as_str()).collect();
        assert_eq!(codes, ["2", "4"]);
        // last year's list gives the 上年预算数 the list lacks
        let prev = Budget::from_projects(vec![bp("5", "新增", 10000, None)]);
        let rows = screen(&b, Some(&prev), None, &Config::default());
        assert!(rows.iter().any(|r| r.project_code == "5"));
    }

    #[test]
    fn conclusions_normalise() {
        assert_eq!(conclusion(" 予以支持 "), Some(col::SUPPORTED));
        assert_eq!(conclusion("支持"), Some(col::SUPPORTED));
        assert_eq!(conclusion("部分支持"), Some(col::PARTLY));
        assert_eq!(conclusion("不予支持"), Some(col::NOT_SUPPORTED));
        assert_eq!(conclusion("不支持"), Some(col::NOT_SUPPORTED));
        assert_eq!(conclusion(""), None);
    }
}
