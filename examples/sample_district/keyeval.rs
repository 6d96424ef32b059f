//! The bureau's key-evaluation list (重点评价, `key-eval-2024.xlsx`): 8 units and 16 projects in
//! 教育, 卫生, 医疗, 环卫 and 林业, worth 21,477.00万元 in all.
//!
//! No 16 projects of 8 units in those fields add up to 21,477.00万元 of 本年预算数 (all their
//! projects together come to about 15,300万元), so 金额 is the amount the bureau evaluates: the
//! funds a project received over 2022–2024 — 本年预算数, plus 上年预算数 for a continuing
//! project, plus its 2022 funds from the bureau's own records (not in the budget list). The
//! 2022 funds are spread over the continuing projects in proportion to their 上年预算数 so that
//! the column comes to exactly 21,477.00万元.

use std::io;
use std::path::Path;

use super::grid::Val;
use super::world::{Cents, World};
use super::xlsx;

pub const FILE: &str = "key-eval-2024.xlsx";
pub const SHEET: &str = "重点评价项目";
pub const COLUMNS: &[&str] = &[
    "单位编码",
    "单位名称",
    "项目编码",
    "项目名称",
    "领域",
    "金额",
];
pub const FIELDS: &[&str] = &["教育", "卫生", "医疗", "环卫", "林业"];
pub const TOTAL: Cents = 2_147_700;
const UNITS: usize = 8;

/// The selected projects and their evaluated amounts.
pub fn select(world: &World) -> Vec<(usize, Cents)> {
    let two_year = |pi: usize| {
        let p = &world.projects[pi];
        p.amount + p.previous.unwrap_or(0)
    };
    // per unit in the fields: its two largest projects
    let mut units: Vec<(usize, Vec<usize>, Cents)> = Vec::new();
    for (ui, u) in world.units.iter().enumerate() {
        if u.is_town() || !FIELDS.contains(&u.def.domain) || u.projects.len() < 2 {
            continue;
        }
        let mut ps = u.projects.clone();
        ps.sort_by_key(|&pi| (-world.projects[pi].amount, world.projects[pi].code.clone()));
        ps.truncate(2);
        let score = ps.iter().map(|&pi| two_year(pi)).sum();
        units.push((ui, ps, score));
    }
    units.sort_by_key(|(ui, _, score)| (-score, *ui));
    // the best unit of every field, then the best of the rest
    let mut chosen: Vec<usize> = Vec::new();
    for field in FIELDS {
        let k = units
            .iter()
            .position(|(ui, _, _)| world.units[*ui].def.domain == *field)
            .expect("a unit in every field");
        chosen.push(k);
    }
    for k in 0..units.len() {
        if chosen.len() == UNITS {
            break;
        }
        if !chosen.contains(&k) {
            chosen.push(k);
        }
    }
    chosen.sort();
    let projects: Vec<usize> = chosen
        .iter()
        .flat_map(|&k| units[k].1.iter().copied())
        .collect();
    let base: Cents = projects.iter().map(|&pi| two_year(pi)).sum();
    let gap = TOTAL - base;
    let continuing: Vec<usize> = projects
        .iter()
        .copied()
        .filter(|&pi| world.projects[pi].previous.is_some())
        .collect();
    let prev_sum: Cents = continuing
        .iter()
        .map(|&pi| world.projects[pi].previous.unwrap())
        .sum();
    assert!(gap > 0 && gap < prev_sum * 3 / 2, "2022 funds out of range");
    let mut left = gap;
    let mut out = Vec::new();
    for &pi in &projects {
        let p = &world.projects[pi];
        let extra = match p.previous {
            Some(_) if Some(&pi) == continuing.last() => left,
            Some(prev) => {
                let e = gap * prev / prev_sum;
                left -= e;
                e
            }
            None => 0,
        };
        out.push((pi, two_year(pi) + extra));
    }
    assert_eq!(out.iter().map(|(_, a)| a).sum::<Cents>(), TOTAL);
    out
}

pub fn write(dir: &Path, world: &World) -> io::Result<Vec<(usize, Cents)>> {
    let chosen = select(world);
    let rows: Vec<Vec<Val>> = chosen
        .iter()
        .map(|&(pi, amount)| {
            let p = &world.projects[pi];
            let u = &world.units[p.unit];
            vec![
                Val::Str(u.code().to_string()),
                Val::Str(u.name().to_string()),
                Val::Str(p.code.clone()),
                Val::Str(p.name.to_string()),
                Val::Str(u.def.domain.to_string()),
                Val::Num(amount as f64 / 100.0),
            ]
        })
        .collect();
    let widths = [10.0, 26.0, 24.0, 32.0, 8.0, 14.0];
    let bytes = xlsx::table(SHEET, COLUMNS, &rows, &widths).map_err(io::Error::other)?;
    std::fs::write(dir.join(FILE), bytes)?;
    Ok(chosen)
}
