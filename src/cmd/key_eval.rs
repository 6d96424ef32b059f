//! `jixiao key-eval`: the projects proposed for key evaluation (重点评价), or the bureau's own
//! list completed from the self-evaluation workbook, with the totals the annual summary needs.

use super::{Common, exit};
use crate::config::Config;
use crate::output::{Format, Sheet, terminal, xlsx};
use crate::registry::Budget;
use crate::schema::sheet;
use crate::yearend::key_eval::{self, History, KeyRow};
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao key-eval 2024年绩效自评汇总.xlsx --budget 预算项目清单.xlsx --out 重点评价清单.xlsx
  jixiao key-eval 2024年绩效自评汇总.xlsx --budget 预算项目清单.xlsx --history 历年重点评价.xlsx --year 2024
  jixiao key-eval 2024年绩效自评汇总.xlsx --list 财政局重点评价项目.xlsx --budget 预算项目清单.xlsx --format json

不给 --list 时按 jixiao.toml 的条件提出建议：重点领域（key_domains）且金额不低于 key_min_amount 万元、
复核总分低于 key_low_score、自评总分比复核总分高 key_suspicious_points 分以上；给出 --history 时，
近 key_years 年评价过的项目不再提出。给 --list 时以财政局自己的清单为准。
退出码：0 完成；1 清单中有项目在自评汇总和预算清单中都找不到；2 无法完成";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct KeyEvalArgs {
    /// 自评阶段的汇总工作簿（jixiao consolidate --stage self-eval 生成）
    #[arg(value_name = "自评汇总.xlsx")]
    pub self_eval: Option<PathBuf>,
    /// 预算项目清单：项目的领域、预算类型和金额
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// 财政局确定的重点评价项目清单（单位编码、项目编码、项目名称，可有领域、金额）
    #[arg(long, value_name = "FILE")]
    pub list: Option<PathBuf>,
    /// 历年重点评价清单（项目编码或单位编码+项目名称、评价年度）：近几年评价过的不再提出
    #[arg(long, value_name = "FILE")]
    pub history: Option<PathBuf>,
    /// 自评所属的预算年度（默认取 jixiao.toml 的 year）
    #[arg(long)]
    pub year: Option<i32>,
    /// 写出重点评价清单工作簿（重点评价清单、重点评价汇总）
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: &KeyEvalArgs) -> Result<u8> {
    if let Some(p) = &args.out {
        super::xlsx_out(p)?;
    }
    let cfg = Config::load(args.common.config.as_deref())?;
    let se = args
        .self_eval
        .as_deref()
        .map(super::read_self_eval)
        .transpose()?;
    let budget = args.budget.as_deref().map(Budget::load).transpose()?;
    super::tell_list_notes(args.common.quiet, None, budget.as_ref(), None);
    let (rows, unknown): (Vec<KeyRow>, Vec<String>) = match &args.list {
        Some(path) => {
            let listed = key_eval::load_list(path)?;
            key_eval::from_list(&listed, se.as_ref(), budget.as_ref())
        }
        None => {
            let Some(se) = &se else {
                bail!("请给出自评汇总工作簿，或用 `--list` 给出财政局确定的重点评价项目清单");
            };
            let history = args.history.as_deref().map(History::load).transpose()?;
            let rows = key_eval::propose(
                se,
                budget.as_ref(),
                history.as_ref(),
                args.year.or(cfg.year),
                &cfg,
            );
            (rows, Vec::new())
        }
    };
    let totals = key_eval::totals(&rows);
    let status = exit::settle(if unknown.is_empty() {
        exit::OK
    } else {
        exit::FINDINGS
    });
    let list = Sheet::of(sheet::KEY_LIST, &rows).with_total();
    if let Some(out) = &args.out {
        xlsx::write_tables(
            out,
            &[
                list.clone(),
                Sheet::of(sheet::KEY_SUMMARY, &key_eval::summary_rows(&rows)),
            ],
        )?;
    }
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({
                    "units": totals.units,
                    "projects": totals.projects,
                    "funds": totals.funds,
                    "domains": totals.domains,
                    "not_found": unknown,
                    "items": rows,
                }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(&[&list], !args.common.no_bom, &mut out)?,
        Format::Table => writeln!(out, "{}", terminal::table(&list))?,
    }
    if !args.common.quiet {
        eprintln!(
            "重点评价：{} 个单位，{} 个项目，资金 {} 万元；领域：{}",
            totals.units,
            totals.projects,
            totals.funds,
            if totals.domains.is_empty() {
                "（未注明）".to_string()
            } else {
                totals.domains.join("、")
            }
        );
        for u in &unknown {
            eprintln!("警告：清单中的项目 `{u}` 在自评汇总和预算项目清单中都没有找到");
        }
        if let Some(p) = &args.out {
            eprintln!("重点评价清单已写入 `{}`", p.display());
        }
    }
    Ok(status)
}
