//! Key evaluation (重点评价): the projects the bureau evaluates itself, proposed by configurable
//! criteria from the self-evaluation workbook — large projects of the key 领域, low or
//! suspicious self-evaluation scores, left alone when evaluated in the last N years — or taken
//! from the bureau's own list; with the totals the annual summary needs.

use super::{amount_of, budget_of};
use crate::config::Config;
use crate::money::Money;
use crate::read::label::name_key;
use crate::registry::{Budget, Listing, open};
use crate::schema::{Consolidated, col};
use crate::table_row;
use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

table_row! {
    /// 重点评价清单: one row per project.
    pub struct KeyRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        domain: String => col::DOMAIN, Text;
        budget_type: String => col::BUDGET_TYPE, Text;
        amount: Money => col::KEY_AMOUNT, Money;
        stated: Option<f64> => col::STATED_TOTAL, Number;
        score: Option<f64> => col::RECHECKED_TOTAL, Number;
        grade: String => col::RECHECKED_GRADE, Text;
        reason: String => col::KEY_REASON, LongText;
    }
}

table_row! {
    /// 重点评价汇总: the district's totals, then one row per 领域.
    pub struct KeySummaryRow {
        scope: String => col::SCOPE, Text;
        group: String => col::GROUP, Text;
        units: usize => col::UNIT_COUNT, Int;
        projects: usize => col::PROJECTS, Int;
        funds: Money => col::FUNDS, Money;
        domains: String => col::DOMAIN, Text;
    }
}

/// A project on the bureau's own list (重点评价项目): `单位编码, 项目编码, 项目名称` and optional
/// `单位名称`, `领域`, `金额` (the funds the bureau evaluates, when they differ from the budget).
#[derive(Clone, Debug, Default)]
pub struct Listed {
    pub unit_code: String,
    pub unit_name: String,
    pub code: String,
    pub name: String,
    pub domain: String,
    pub amount: Option<Money>,
}

/// Reads the bureau's list.
///
/// # Errors
///
/// The file cannot be read, or has no header row with `项目名称`.
pub fn load_list(path: &Path) -> Result<Vec<Listed>> {
    let grids = open(path, "重点评价项目清单")?;
    let Some(list) = Listing::find(&grids, &[col::PROJECT_NAME]) else {
        bail!(
            "重点评价项目清单 `{}` 中没有找到含 `项目名称` 的表头行",
            path.display()
        );
    };
    Ok(list
        .rows()
        .filter_map(|r| {
            let name = list.text(r, col::PROJECT_NAME);
            (!name.is_empty() && name != crate::schema::TOTAL_LABEL).then(|| Listed {
                unit_code: list.code(r, col::UNIT_CODE),
                unit_name: list.text(r, col::UNIT_NAME),
                code: list.code(r, col::PROJECT_CODE),
                name,
                domain: list.text(r, col::DOMAIN),
                amount: list
                    .money(r, col::KEY_AMOUNT)
                    .or_else(|| list.money(r, col::AMOUNT)),
            })
        })
        .collect())
}

/// Evaluations of earlier years (`项目编码` or `单位编码`+`项目名称`, and `评价年度`).
#[derive(Clone, Debug, Default)]
pub struct History {
    /// (project code or `unit|name`, year).
    pub evaluated: Vec<(String, i32)>,
}

impl History {
    /// # Errors
    ///
    /// The file cannot be read, or has no `评价年度` column.
    pub fn load(path: &Path) -> Result<History> {
        let grids = open(path, "重点评价历史清单")?;
        let Some(list) = Listing::find(&grids, &[col::EVAL_YEAR]) else {
            bail!(
                "重点评价历史清单 `{}` 中没有找到含 `评价年度` 的表头行",
                path.display()
            );
        };
        let mut evaluated = Vec::new();
        for r in list.rows() {
            let year = list
                .text(r, col::EVAL_YEAR)
                .trim_end_matches('年')
                .parse::<i32>();
            let Ok(year) = year else { continue };
            let code = list.code(r, col::PROJECT_CODE);
            let key = if code.is_empty() {
                format!(
                    "{}|{}",
                    list.code(r, col::UNIT_CODE),
                    name_key(&list.text(r, col::PROJECT_NAME))
                )
            } else {
                code
            };
            evaluated.push((key, year));
        }
        Ok(History { evaluated })
    }

    /// The latest year a project was evaluated.
    fn last(&self, code: &str, unit: &str, name: &str) -> Option<i32> {
        let by_name = format!("{unit}|{}", name_key(name));
        self.evaluated
            .iter()
            .filter(|(k, _)| (!code.is_empty() && k == code) || *k == by_name)
            .map(|&(_, y)| y)
            .max()
    }

    fn latest_year(&self) -> Option<i32> {
        self.evaluated.iter().map(|&(_, y)| y).max()
    }
}

/// The proposals by the configured criteria, largest first.
pub fn propose(
    se: &Consolidated,
    budget: Option<&Budget>,
    history: Option<&History>,
    year: Option<i32>,
    cfg: &Config,
) -> Vec<KeyRow> {
    let year = year.or_else(|| history.and_then(History::latest_year).map(|y| y + 1));
    let low = Config::f(cfg.key_low_score);
    let suspicious = Config::f(cfg.key_suspicious_points);
    let mut rows = Vec::new();
    for p in &se.projects {
        let bp = budget_of(budget, p);
        let amount = amount_of(p, bp);
        let domain = bp.map(|b| b.field.clone()).unwrap_or_default();
        let mut why = Vec::new();
        if let Some(d) = cfg
            .key_domains
            .iter()
            .find(|d| !d.is_empty() && domain.contains(d.as_str()))
            && amount.0 >= cfg.key_min_amount
        {
            why.push(format!(
                "重点领域（{d}），金额 {amount} 万元不低于 {} 万元",
                cfg.key_min_amount.normalize()
            ));
        }
        if let Some(s) = p.score
            && s < low - 1e-9
        {
            why.push(format!("复核总分 {s:.2} 低于 {low}"));
        }
        if let (Some(stated), Some(s)) = (p.stated_total, p.score)
            && stated - s >= suspicious - 1e-9
        {
            why.push(format!("自评总分比复核总分高 {:.2} 分", stated - s));
        }
        if why.is_empty() {
            continue;
        }
        if let (Some(h), Some(y)) = (history, year)
            && let Some(last) = h.last(&p.code, &p.unit_code, &p.name)
            && last > y - 1 - cfg.key_years
        {
            continue;
        }
        rows.push(KeyRow {
            unit_code: p.unit_code.clone(),
            unit_name: p.unit_name.clone(),
            department: p.department.clone(),
            project_code: p.code.clone(),
            project_name: p.name.clone(),
            domain,
            budget_type: bp
                .map(|b| b.budget_type.clone())
                .unwrap_or_else(|| p.budget_type.clone()),
            amount,
            stated: p.stated_total,
            score: p.score,
            grade: p.grade.clone(),
            reason: why.join("；"),
        });
    }
    rows.sort_by(|a, b| {
        b.amount
            .cmp(&a.amount)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
            .then_with(|| a.project_code.cmp(&b.project_code))
    });
    rows
}

/// The bureau's own list, each project completed from the self-evaluation workbook and the
/// budget list; listed projects found in neither are returned by name.
pub fn from_list(
    listed: &[Listed],
    se: Option<&Consolidated>,
    budget: Option<&Budget>,
) -> (Vec<KeyRow>, Vec<String>) {
    let mut rows = Vec::new();
    let mut unknown = Vec::new();
    for l in listed {
        let p = se.and_then(|c| {
            c.projects.iter().find(|p| {
                (!l.code.is_empty() && p.code == l.code)
                    || (p.unit_code == l.unit_code && name_key(&p.name) == name_key(&l.name))
            })
        });
        let bp = budget.and_then(|b| {
            (!l.code.is_empty())
                .then(|| b.by_code(&l.code))
                .flatten()
                .or_else(|| b.by_unit_and_name(&l.unit_code, &l.name))
                .map(|(_, bp)| bp)
        });
        if p.is_none() && bp.is_none() {
            unknown.push(format!("{} {}", l.unit_code, l.name).trim().to_string());
        }
        let amount = l
            .amount
            .or_else(|| bp.map(|b| b.amount))
            .or_else(|| p.map(|p| amount_of(p, None)))
            .unwrap_or_default();
        rows.push(KeyRow {
            unit_code: if l.unit_code.is_empty() {
                p.map(|p| p.unit_code.clone()).unwrap_or_default()
            } else {
                l.unit_code.clone()
            },
            unit_name: if l.unit_name.is_empty() {
                p.map(|p| p.unit_name.clone()).unwrap_or_default()
            } else {
                l.unit_name.clone()
            },
            department: p
                .map(|p| p.department.clone())
                .or_else(|| bp.map(|b| b.department.clone()))
                .unwrap_or_default(),
            project_code: if l.code.is_empty() {
                bp.map(|b| b.code.clone()).unwrap_or_default()
            } else {
                l.code.clone()
            },
            project_name: l.name.clone(),
            domain: if l.domain.is_empty() {
                bp.map(|b| b.field.clone()).unwrap_or_default()
            } else {
                l.domain.clone()
            },
            budget_type: bp.map(|b| b.budget_type.clone()).unwrap_or_default(),
            amount,
            stated: p.and_then(|p| p.stated_total),
            score: p.and_then(|p| p.score),
            grade: p.map(|p| p.grade.clone()).unwrap_or_default(),
            reason: "财政局确定".into(),
        });
    }
    (rows, unknown)
}

/// The totals of a key-evaluation list: units, projects, funds, 领域.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Totals {
    pub units: usize,
    pub projects: usize,
    pub funds: Money,
    pub domains: Vec<String>,
}

pub fn totals(rows: &[KeyRow]) -> Totals {
    let units: BTreeSet<&str> = rows
        .iter()
        .map(|r| {
            if r.unit_code.is_empty() {
                r.unit_name.as_str()
            } else {
                r.unit_code.as_str()
            }
        })
        .collect();
    let mut domains: Vec<String> = Vec::new();
    for r in rows {
        if !r.domain.is_empty() && !domains.contains(&r.domain) {
            domains.push(r.domain.clone());
        }
    }
    Totals {
        units: units.len(),
        projects: rows.len(),
        funds: rows.iter().map(|r| r.amount).sum(),
        domains,
    }
}

pub fn summary_rows(rows: &[KeyRow]) -> Vec<KeySummaryRow> {
    let t = totals(rows);
    let mut out = vec![KeySummaryRow {
        scope: "全区".into(),
        group: "合计".into(),
        units: t.units,
        projects: t.projects,
        funds: t.funds,
        domains: t.domains.join("、"),
    }];
    let mut by_domain: BTreeMap<usize, (String, Vec<KeyRow>)> = BTreeMap::new();
    for r in rows {
        let name = if r.domain.is_empty() {
            "（未注明）".to_string()
        } else {
            r.domain.clone()
        };
        let order = t
            .domains
            .iter()
            .position(|d| *d == name)
            .unwrap_or(usize::MAX);
        by_domain
            .entry(order)
            .or_insert_with(|| (name, Vec::new()))
            .1
            .push(r.clone());
    }
    for (_, (name, list)) in by_domain {
        let t = totals(&list);
        out.push(KeySummaryRow {
            scope: "领域".into(),
            group: name.clone(),
            units: t.units,
            projects: t.projects,
            funds: t.funds,
            domains: name,
        });
    }
    out
}
