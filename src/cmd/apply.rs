//! `jixiao apply`: 结果应用建议 — what each re-checked grade means for next year's budget, per
//! project and per unit.

use super::{Common, exit};
use crate::config::Config;
use crate::output::{Format, Sheet, terminal, xlsx};
use crate::registry::Budget;
use crate::schema::sheet;
use crate::yearend::apply;
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao apply 2024年绩效自评汇总.xlsx --budget 预算项目清单.xlsx --out 结果应用建议.xlsx
  jixiao apply 2024年绩效自评汇总.xlsx --next-budget 2025年预算项目清单.xlsx --format json

每个等级的建议和调整比例可在 jixiao.toml 中设定，例如：
  [advice.\"中\"]
  text = \"压减20%\"
  change = -20
（等级写在引号里；没写的等级仍用默认建议：优 优先保障，良 正常安排，中 压减10%，差 压减50%或取消）
退出码：0 完成；1 有项目没有复核等级；2 无法完成";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct ApplyArgs {
    /// 自评阶段的汇总工作簿（jixiao consolidate --stage self-eval 生成）
    #[arg(value_name = "自评汇总.xlsx")]
    pub self_eval: PathBuf,
    /// 本年预算项目清单：各项目的本年预算数
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// 下年预算项目清单：有下年预算数的项目按它计算建议金额
    #[arg(long, value_name = "FILE")]
    pub next_budget: Option<PathBuf>,
    /// 写出结果应用建议工作簿（结果应用建议、单位应用建议）
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: &ApplyArgs) -> Result<u8> {
    if let Some(p) = &args.out {
        super::xlsx_out(p)?;
    }
    let cfg = Config::load(args.common.config.as_deref())?;
    let se = super::read_self_eval(&args.self_eval)?;
    let budget = args.budget.as_deref().map(Budget::load).transpose()?;
    let next = args.next_budget.as_deref().map(Budget::load).transpose()?;
    let rows = apply::project_rows(&se, budget.as_ref(), next.as_ref(), &cfg);
    let units = apply::unit_rows(&se, &rows);
    let projects = Sheet::of(sheet::ADVICE, &rows).with_total();
    if let Some(out) = &args.out {
        xlsx::write_tables(
            out,
            &[
                projects.clone(),
                Sheet::of(sheet::UNIT_ADVICE, &units).with_total(),
            ],
        )?;
    }
    let ungraded = rows.iter().filter(|r| r.change.is_none()).count();
    let status = exit::settle(if ungraded == 0 {
        exit::OK
    } else {
        exit::FINDINGS
    });
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({ "projects": rows, "units": units }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(&[&projects], !args.common.no_bom, &mut out)?,
        Format::Table => writeln!(out, "{}", terminal::table(&projects))?,
    }
    if !args.common.quiet {
        let mut counts = std::collections::BTreeMap::new();
        for r in &rows {
            *counts.entry(r.grade.as_str()).or_insert(0) += 1;
        }
        let by_grade: Vec<String> = ["优", "良", "中", "差"]
            .iter()
            .map(|g| format!("{g} {}", counts.get(g).copied().unwrap_or(0)))
            .collect();
        eprintln!(
            "结果应用：{} 个项目（{}），{} 个单位",
            rows.len(),
            by_grade.join("，"),
            units.len()
        );
        if ungraded > 0 {
            eprintln!("警告：{ungraded} 个项目没有复核等级，未给出建议");
        }
        if let Some(p) = &args.out {
            eprintln!("结果应用建议已写入 `{}`", p.display());
        }
    }
    Ok(status)
}
