//! What a template is pre-filled from: the roster and the budget project list (targets, one card
//! per budget project), the roster alone (unit-wide targets), or the consolidated workbook of the
//! previous stage (monitoring and self-evaluation: one card per consolidated project, carrying
//! its declared indicators).

use super::{Declared, Prefill, UnitForms};
use crate::consolidate::sheet;
use crate::read::grid::Grid;
use crate::read::label::name_key;
use crate::read::value::{is_not_applicable, parse_number};
use crate::registry::{Budget, Listing, Roster, open};
use anyhow::{Result, bail};
use std::collections::HashMap;
use std::path::Path;

/// Units to write, and what was left out (said on stderr).
#[derive(Debug, Default)]
pub struct Plan {
    pub units: Vec<UnitForms>,
    /// Roster units without project expenditure (`是否有项目支出` = 否), not written for
    /// project forms.
    pub no_projects: Vec<String>,
    /// Roster units with no project in the source and no spare card asked for.
    pub without_cards: Vec<String>,
    /// Projects whose 单位编码 is not in the roster: `单位编码 项目名称`.
    pub outside_roster: Vec<String>,
    /// Projects listed twice in the source (same unit and code, or name): kept once.
    pub duplicates: Vec<String>,
}

impl Plan {
    /// Keeps the units of these codes only.
    ///
    /// # Errors
    ///
    /// A code that names no unit of the plan (mistyped, or a unit without cards).
    pub fn select(&mut self, codes: &[String], roster: &Roster) -> Result<()> {
        let codes: Vec<&str> = codes
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        if codes.is_empty() {
            return Ok(());
        }
        for c in &codes {
            if roster.by_code(c).is_none() {
                bail!("`--units` 中的单位编码 `{c}` 不在单位名册中");
            }
            if !self.units.iter().any(|u| u.code == *c) {
                bail!(
                    "单位 `{c}` 没有可写的卡片（无项目支出，或来源中没有它的项目；可加 --spare）"
                );
            }
        }
        self.units.retain(|u| codes.contains(&u.code.as_str()));
        Ok(())
    }
}

/// Groups cards by unit in roster order; adds `spare` blank cards to every unit with projects.
/// With `overall`, every roster unit's workbook opens with its unit-wide card, and units without
/// project expenditure get that card alone.
fn group(
    roster: &Roster,
    cards: Vec<(String, Prefill)>,
    spare: usize,
    overall: bool,
    plan: &mut Plan,
) {
    let mut by_unit: HashMap<String, Vec<Prefill>> = HashMap::new();
    for (code, p) in cards {
        if roster.by_code(&code).is_none() {
            plan.outside_roster
                .push(format!("{code} {}", p.project_name).trim().to_string());
            continue;
        }
        by_unit.entry(code).or_default().push(p);
    }
    for u in &roster.units {
        let mut cards = Vec::new();
        if overall {
            cards.push(Prefill::overall(&u.name, &u.department));
        }
        if !u.has_projects {
            plan.no_projects.push(format!("{} {}", u.code, u.name));
            if !overall {
                continue;
            }
        } else {
            cards.extend(by_unit.remove(&u.code).unwrap_or_default());
            cards.extend((0..spare).map(|_| Prefill::spare(&u.name, &u.department)));
        }
        if cards.is_empty() {
            plan.without_cards.push(format!("{} {}", u.code, u.name));
            continue;
        }
        for c in &mut cards {
            c.unit_name.clone_from(&u.name);
            if c.department.is_empty() {
                c.department.clone_from(&u.department);
            }
        }
        plan.units.push(UnitForms {
            code: u.code.clone(),
            name: u.name.clone(),
            department: u.department.clone(),
            cards,
        });
    }
}

/// The target stage: each roster unit's unit-wide card, then one card per budget project of the
/// unit.
pub fn from_budget(roster: &Roster, budget: &Budget, spare: usize) -> Plan {
    let mut plan = Plan::default();
    let cards = budget
        .projects
        .iter()
        .map(|b| {
            (
                b.unit_code.clone(),
                Prefill {
                    project_code: b.code.clone(),
                    project_name: b.name.clone(),
                    department: b.department.clone(),
                    attribute: b.attribute.clone(),
                    total: Some(b.amount),
                    ..Prefill::default()
                },
            )
        })
        .collect();
    group(roster, cards, spare, true, &mut plan);
    plan
}

/// Unit-wide cards: one per roster unit (units without project expenditure included).
pub fn overall(roster: &Roster) -> Plan {
    Plan {
        units: roster
            .units
            .iter()
            .map(|u| UnitForms {
                code: u.code.clone(),
                name: u.name.clone(),
                department: u.department.clone(),
                cards: vec![Prefill {
                    unit_name: u.name.clone(),
                    department: u.department.clone(),
                    ..Prefill::default()
                }],
            })
            .collect(),
        ..Plan::default()
    }
}

/// A project of a consolidated workbook (`项目汇总`), with its indicators (`指标明细`).
#[derive(Clone, Debug, Default)]
pub struct StageProject {
    pub unit_code: String,
    pub prefill: Prefill,
    /// Monitoring workbooks: what the project reported (for the self-evaluation note).
    pub progress: Option<String>,
}

/// The consolidated workbook of a stage, as far as templates need it.
#[derive(Debug, Default)]
pub struct Consolidated {
    pub projects: Vec<StageProject>,
    pub duplicates: Vec<String>,
}

fn project_key(unit_code: &str, code: &str, name: &str) -> (String, String) {
    if code.is_empty() {
        (unit_code.to_string(), format!("名称:{}", name_key(name)))
    } else {
        (unit_code.to_string(), code.to_string())
    }
}

/// Sheets of a consolidated workbook named `name`, with their `(2)`, `(3)`… continuations.
fn sheets<'g>(grids: &'g [Grid], name: &'g str) -> impl Iterator<Item = &'g Grid> {
    grids.iter().filter(move |g| {
        g.name == name
            || g.name
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('(') && rest.ends_with(')'))
    })
}

/// Reads a consolidated workbook (`jixiao consolidate --out`): `项目汇总` and `指标明细`, columns
/// by name.
///
/// # Errors
///
/// The file cannot be read, or holds no `项目汇总` sheet with `单位编码` and `项目名称` columns.
pub fn read_consolidated(path: &Path) -> Result<Consolidated> {
    let grids = open(path, "汇总工作簿")?;
    let mut out = Consolidated::default();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    let mut found = false;
    for g in sheets(&grids, sheet::PROJECTS) {
        let Some(list) = Listing::find(std::slice::from_ref(g), &["单位编码", "项目名称"])
        else {
            continue;
        };
        found = true;
        for r in list.rows() {
            let unit_code = list.code(r, "单位编码");
            let name = list.text(r, "项目名称");
            if unit_code.is_empty() && name.is_empty() {
                continue;
            }
            let code = list.code(r, "项目编码");
            let key = project_key(&unit_code, &code, &name);
            if index.contains_key(&key) {
                out.duplicates
                    .push(format!("{unit_code} {name}").trim().to_string());
                continue;
            }
            index.insert(key, out.projects.len());
            out.projects.push(StageProject {
                unit_code,
                prefill: Prefill {
                    project_code: code,
                    project_name: name,
                    department: list.text(r, "主管部门"),
                    unit_name: list.text(r, "单位名称"),
                    attribute: list.text(r, "项目属性"),
                    total: list.money(r, "年度资金总额"),
                    fiscal: list.money(r, "财政拨款"),
                    carryover: list.money(r, "上年结转资金"),
                    other: list.money(r, "其他资金"),
                    goal: list.text(r, "年度目标"),
                    ..Prefill::default()
                },
                progress: progress_note(&list, r),
            });
        }
    }
    if !found {
        bail!(
            "`{}` 不是汇总工作簿：没有含 `单位编码`、`项目名称` 列的“项目汇总”工作表（请用 jixiao consolidate 生成）",
            path.display()
        );
    }
    for g in sheets(&grids, sheet::INDICATORS) {
        let Some(list) = Listing::find(std::slice::from_ref(g), &["单位编码", "三级指标"])
        else {
            continue;
        };
        for r in list.rows() {
            let d = Declared {
                level1: list.text(r, "一级指标"),
                level2: list.text(r, "二级指标"),
                level3: list.text(r, "三级指标"),
                value: list.text(r, "指标值"),
                explanation: list.text(r, "指标解释"),
            };
            let na = |s: &str| s.is_empty() || is_not_applicable(s);
            if na(&d.level3) && na(&d.value) {
                continue;
            }
            let key = project_key(
                &list.code(r, "单位编码"),
                &list.code(r, "项目编码"),
                &list.text(r, "项目名称"),
            );
            if let Some(&i) = index.get(&key) {
                out.projects[i].prefill.indicators.push(d);
            }
        }
    }
    Ok(out)
}

/// What a monitoring workbook says of a project, as one line (empty columns left out).
fn progress_note(list: &Listing<'_>, r: u32) -> Option<String> {
    let executed = list.money(r, "执行数")?;
    let month = list.text(r, "监控月份");
    let period = if month.is_empty() {
        "绩效监控".to_string()
    } else {
        format!("绩效监控（1-{}月）", month.trim_end_matches('月'))
    };
    let mut parts = vec![format!("执行数 {executed} 万元")];
    if let Some(rate) = list.cell(r, "执行率").and_then(parse_number) {
        parts.push(format!("执行率 {:.1}%", rate * 100.0));
    }
    if let Some(f) = list.money(r, "全年预计执行数") {
        parts.push(format!("全年预计执行数 {f} 万元"));
    }
    let likely = list.text(r, "完成目标可能性");
    if !likely.is_empty() {
        parts.push(format!("完成目标可能性：{likely}"));
    }
    Some(format!("{period}：{}。", parts.join("，")))
}

/// Monitoring and self-evaluation cards: one per project of the previous stage's consolidated
/// workbook, then one per budget project it lacks (a unit that handed in no targets is still
/// monitored: its cards carry the budget amount and no declared indicator); `monitor`
/// (self-evaluation) adds what monitoring reported as a note.
pub fn from_consolidated(
    roster: &Roster,
    stage: Option<&Consolidated>,
    budget: Option<&Budget>,
    monitor: Option<&Consolidated>,
    spare: usize,
) -> Plan {
    let mut plan = Plan {
        duplicates: stage.map(|s| s.duplicates.clone()).unwrap_or_default(),
        ..Plan::default()
    };
    let progress: HashMap<(String, String), &String> = monitor
        .map(|m| {
            m.projects
                .iter()
                .filter_map(|p| {
                    let key = project_key(
                        &p.unit_code,
                        &p.prefill.project_code,
                        &p.prefill.project_name,
                    );
                    p.progress.as_ref().map(|n| (key, n))
                })
                .collect()
        })
        .unwrap_or_default();
    let mut cards: Vec<(String, Prefill)> = stage
        .map(|s| s.projects.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|p| (p.unit_code.clone(), p.prefill.clone()))
        .collect();
    if let Some(b) = budget {
        // A budget project is the consolidated one when its code matches, or (either code
        // missing) its unit and name do.
        let known: std::collections::HashSet<(String, String)> = cards
            .iter()
            .flat_map(|(u, p)| {
                [
                    project_key(u, &p.project_code, &p.project_name),
                    project_key(u, "", &p.project_name),
                ]
            })
            .collect();
        for bp in &b.projects {
            let by_code = project_key(&bp.unit_code, &bp.code, &bp.name);
            let by_name = project_key(&bp.unit_code, "", &bp.name);
            if known.contains(&by_code) || known.contains(&by_name) {
                continue;
            }
            cards.push((
                bp.unit_code.clone(),
                Prefill {
                    project_code: bp.code.clone(),
                    project_name: bp.name.clone(),
                    department: bp.department.clone(),
                    attribute: bp.attribute.clone(),
                    total: Some(bp.amount),
                    ..Prefill::default()
                },
            ));
        }
    }
    for (unit, p) in &mut cards {
        let key = project_key(unit, &p.project_code, &p.project_name);
        p.reference = progress.get(&key).map(|s| s.to_string());
    }
    group(roster, cards, spare, false, &mut plan);
    plan
}
