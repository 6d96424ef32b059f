//! The ex-ante screening's conclusions (事前绩效评估, `screening-2024-results.xlsx`): the 8
//! projects of the budget list that meet the default thresholds (新增 over 50万元, 延续 up more
//! than 20%), laid out as `jixiao screen` writes its 事前评估清单, with the bureau's conclusions
//! filled in: 3 予以支持, 3 部分支持 (70% of the amount asked), 2 不予支持.

use std::io;
use std::path::Path;

use super::grid::Val;
use super::world::{Cents, World};
use super::xlsx;

pub const FILE: &str = "screening-2024-results.xlsx";
pub const SHEET: &str = "事前评估清单";
pub const COLUMNS: &[&str] = &[
    "单位编码",
    "单位名称",
    "主管部门",
    "项目编码",
    "项目名称",
    "项目属性",
    "预算类型",
    "项目类别",
    "领域",
    "本年预算数（万元）",
    "上年预算数（万元）",
    "增长额（万元）",
    "增长率",
    "筛选理由",
    "评估结论",
    "建议金额（万元）",
];
/// The conclusions, in the order of the projects in the budget list: 3 / 3 / 2.
pub const CONCLUSIONS: [&str; 8] = [
    "予以支持",
    "部分支持",
    "不予支持",
    "予以支持",
    "部分支持",
    "不予支持",
    "予以支持",
    "部分支持",
];

fn wan(c: Cents) -> f64 {
    c as f64 / 100.0
}

fn money(c: Cents) -> String {
    format!("{}.{:02}", c / 100, c % 100)
}

pub fn write(dir: &Path, world: &World) -> io::Result<()> {
    let chosen: Vec<usize> = (0..world.projects.len())
        .filter(|&i| world.projects[i].ex_ante)
        .collect();
    assert_eq!(chosen.len(), CONCLUSIONS.len(), "8 projects screened");
    let rows: Vec<Vec<Val>> = chosen
        .iter()
        .zip(CONCLUSIONS)
        .map(|(&pi, conclusion)| {
            let p = &world.projects[pi];
            let u = &world.units[p.unit];
            let (increase, rate, reason) = match p.previous {
                Some(prev) if !p.is_new => {
                    let inc = p.amount - prev;
                    let rate = inc as f64 / prev as f64;
                    (
                        Val::Num(wan(inc)),
                        Val::Num(rate),
                        format!(
                            "延续项目，比上年预算数 {} 万元增长 {} 万元（{:.1}%），超过 20%",
                            money(prev),
                            money(inc),
                            rate * 100.0
                        ),
                    )
                }
                _ => (
                    Val::Blank,
                    Val::Blank,
                    format!(
                        "新增项目，本年预算数 {} 万元，超过 50 万元",
                        money(p.amount)
                    ),
                ),
            };
            let suggested = match conclusion {
                "予以支持" => p.amount,
                "部分支持" => p.amount * 7 / 10,
                _ => 0,
            };
            vec![
                Val::Str(u.code().to_string()),
                Val::Str(u.name().to_string()),
                Val::Str(world.head_of(p.unit).name().to_string()),
                Val::Str(p.code.clone()),
                Val::Str(p.name.to_string()),
                Val::Str(if p.is_new { "新增" } else { "延续" }.to_string()),
                Val::Str(p.def.budget.to_string()),
                Val::Str(p.def.category.to_string()),
                Val::Str(u.def.domain.to_string()),
                Val::Num(wan(p.amount)),
                p.previous.map_or(Val::Blank, |c| Val::Num(wan(c))),
                increase,
                rate,
                Val::Str(reason),
                Val::Str(conclusion.to_string()),
                Val::Num(wan(suggested)),
            ]
        })
        .collect();
    let widths = [
        10.0, 26.0, 24.0, 24.0, 30.0, 8.0, 16.0, 10.0, 8.0, 14.0, 14.0, 12.0, 10.0, 48.0, 10.0,
        14.0,
    ];
    let bytes = xlsx::table(SHEET, COLUMNS, &rows, &widths).map_err(io::Error::other)?;
    std::fs::write(dir.join(FILE), bytes)
}
