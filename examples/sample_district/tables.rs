//! The bureau's own tables: the roster (单位名册) and the budget project list (预算项目清单).

use std::io;
use std::path::Path;

use super::cards::wan;
use super::grid::Val;
use super::world::World;
use super::xlsx;

pub const ROSTER_SHEET: &str = "单位名册";
pub const ROSTER_COLUMNS: &[&str] = &[
    "单位编码",
    "单位名称",
    "主管部门",
    "单位类型",
    "联系人",
    "邮箱",
    "别名",
    "是否有项目支出",
];

pub const BUDGET_SHEET: &str = "预算项目清单";
pub const BUDGET_COLUMNS: &[&str] = &[
    "单位编码",
    "项目编码",
    "项目名称",
    "预算类型",
    "项目属性",
    "本年预算数",
    "上年预算数",
    "项目类别",
    "主管部门",
    "领域",
];

fn s(text: &str) -> Val {
    Val::Str(text.to_string())
}

pub fn write_roster(path: &Path, world: &World) -> io::Result<()> {
    let rows: Vec<Vec<Val>> = world
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                s(u.code()),
                s(u.name()),
                s(world.head_of(i).name()),
                s(u.def.kind),
                s(&u.contact),
                s(&u.email),
                if u.def.alias.is_empty() {
                    Val::Blank
                } else {
                    s(u.def.alias)
                },
                s(if u.def.has_projects { "是" } else { "否" }),
            ]
        })
        .collect();
    let widths = [10.0, 28.0, 24.0, 10.0, 10.0, 30.0, 24.0, 14.0];
    let bytes =
        xlsx::table(ROSTER_SHEET, ROSTER_COLUMNS, &rows, &widths).map_err(io::Error::other)?;
    std::fs::write(path, bytes)
}

pub fn write_budget(path: &Path, world: &World) -> io::Result<()> {
    let rows: Vec<Vec<Val>> = world
        .projects
        .iter()
        .map(|p| {
            let unit = &world.units[p.unit];
            vec![
                s(unit.code()),
                s(&p.code),
                s(p.name),
                s(p.def.budget),
                s(if p.is_new { "新增" } else { "延续" }),
                Val::Num(wan(p.amount)),
                p.previous.map_or(Val::Blank, |c| Val::Num(wan(c))),
                s(p.def.category),
                s(world.head_of(p.unit).name()),
                s(unit.def.domain),
            ]
        })
        .collect();
    let widths = [10.0, 24.0, 30.0, 16.0, 10.0, 12.0, 12.0, 10.0, 24.0, 8.0];
    let bytes =
        xlsx::table(BUDGET_SHEET, BUDGET_COLUMNS, &rows, &widths).map_err(io::Error::other)?;
    std::fs::write(path, bytes)
}
