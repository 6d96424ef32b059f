//! What a template is pre-filled from: the roster and the budget project list (targets, one card
//! per budget project), the roster alone (unit-wide targets), or the consolidated workbook of the
//! previous stage (monitoring and self-evaluation: one card per consolidated project, carrying
//! its declared indicators).

use super::{Prefill, UnitForms};
use crate::registry::{Budget, Roster};
use crate::schema::{self, Consolidated, Project, project_key};
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

/// Reads a consolidated workbook (`jixiao consolidate --out`) through the one schema.
///
/// # Errors
///
/// The file cannot be read, or is not a consolidated workbook.
pub fn read_consolidated(path: &Path) -> Result<Consolidated> {
    schema::read(path)
}

/// The card a consolidated project pre-fills.
fn prefill_of(p: &Project) -> Prefill {
    Prefill {
        project_code: p.code.clone(),
        project_name: p.name.clone(),
        department: p.department.clone(),
        unit_name: p.unit_name.clone(),
        attribute: p.attribute.clone(),
        total: p.total,
        fiscal: p.fiscal,
        carryover: p.carryover,
        other: p.other,
        goal: p.goal.clone(),
        indicators: p.indicators.clone(),
        ..Prefill::default()
    }
}

/// What a monitoring workbook says of a project, as one line (empty columns left out).
fn progress_note(p: &Project) -> Option<String> {
    let executed = p.executed?;
    let period = if p.month.is_empty() {
        "绩效监控".to_string()
    } else {
        format!("绩效监控（1-{}月）", p.month.trim_end_matches('月'))
    };
    let mut parts = vec![format!("执行数 {executed} 万元")];
    if let Some(rate) = p.rate {
        parts.push(format!("执行率 {:.1}%", rate * 100.0));
    }
    if let Some(f) = p.forecast {
        parts.push(format!("全年预计执行数 {f} 万元"));
    }
    if !p.likely.is_empty() {
        parts.push(format!("完成目标可能性：{}", p.likely));
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
    let progress: HashMap<(String, String), String> = monitor
        .map(|m| {
            m.projects
                .iter()
                .filter_map(|p| progress_note(p).map(|n| (p.key(), n)))
                .collect()
        })
        .unwrap_or_default();
    let mut cards: Vec<(String, Prefill)> = stage
        .map(|s| s.projects.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|p| (p.unit_code.clone(), prefill_of(p)))
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
        p.reference = progress.get(&key).cloned();
    }
    group(roster, cards, spare, false, &mut plan);
    plan
}
