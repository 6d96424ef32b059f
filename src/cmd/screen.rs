//! `jixiao screen`: the projects that need an ex-ante evaluation (事前绩效评估) before the budget
//! is drafted, written as a 事前评估清单 with columns for the conclusion; with `--results`, the
//! filled conclusions tallied, per unit and in total, with the money asked and supported.

use super::{Common, exit};
use crate::config::Config;
use crate::output::{Format, Sheet, terminal, xlsx};
use crate::registry::{Budget, Roster};
use crate::schema::sheet;
use crate::yearend::screen;
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao screen --budget 2025年预算项目清单.xlsx --roster 单位名册.xlsx --out 事前评估清单.xlsx
  jixiao screen --budget 2025年预算项目清单.xlsx --previous 2024年预算项目清单.xlsx --out 事前评估清单.xlsx
  jixiao screen --results 事前评估清单（已填结论）.xlsx --budget 2025年预算项目清单.xlsx --out 评估结论汇总.xlsx

筛选条件在 jixiao.toml 中设定：新增项目本年预算数超过 screen_new_amount 万元（默认 50），延续项目比上年
预算数增长超过 screen_increase_percent%（默认 20）；清单没有上年预算数时用 --previous 给出上年的清单。
在写出的事前评估清单上填写“评估结论”（予以支持 / 部分支持 / 不予支持）和“建议金额”，再用 --results 汇总；
同时给出 --budget 时，列出评估结论为不予支持、预算项目清单中仍有的项目。
退出码：0 完成；1 有不予支持的项目仍在预算清单中，或有结论未填、无法识别；2 无法完成";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct ScreenArgs {
    /// 预算项目清单（项目库导出）：项目属性、本年预算数、上年预算数
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// 上年的预算项目清单：本年清单没有上年预算数时，按项目编码（或单位编码+项目名称）取上年的金额
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
    /// 单位名册：清单中写上单位名称
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// 已填好评估结论的事前评估清单：统计结论和金额
    #[arg(long, value_name = "FILE")]
    pub results: Option<PathBuf>,
    /// 写出工作簿（事前评估清单；给 --results 时为评估结论汇总）
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: &ScreenArgs) -> Result<u8> {
    if let Some(p) = &args.out {
        super::xlsx_out(p)?;
    }
    let cfg = Config::load(args.common.config.as_deref())?;
    let budget = args.budget.as_deref().map(Budget::load).transpose()?;
    super::tell_list_notes(args.common.quiet, None, budget.as_ref(), None);
    match &args.results {
        Some(path) => results(args, path, budget.as_ref()),
        None => {
            let Some(budget) = &budget else {
                bail!(
                    "请用 `--budget` 给出预算项目清单，或用 `--results` 给出已填结论的事前评估清单"
                );
            };
            let previous = args.previous.as_deref().map(Budget::load).transpose()?;
            let roster = args.roster.as_deref().map(Roster::load).transpose()?;
            let rows = screen::screen(budget, previous.as_ref(), roster.as_ref(), &cfg);
            exit::settle(exit::OK);
            let list = Sheet::of(sheet::SCREEN, &rows).with_total();
            if let Some(out) = &args.out {
                xlsx::write_tables(out, std::slice::from_ref(&list))?;
            }
            let mut out = std::io::stdout().lock();
            match args.common.format {
                Format::Json => {
                    serde_json::to_writer_pretty(
                        &mut out,
                        &serde_json::json!({ "projects": rows.len(), "items": rows }),
                    )?;
                    writeln!(out)?;
                }
                Format::Csv => terminal::csv(&[&list], !args.common.no_bom, &mut out)?,
                Format::Table => writeln!(out, "{}", terminal::table(&list))?,
            }
            if !args.common.quiet {
                let new = rows.iter().filter(|r| r.attribute == "新增").count();
                eprintln!(
                    "事前绩效评估：{} 个项目达到条件（新增超过 {} 万元 {} 个，延续增长超过 {}% {} 个），预算 {} 万元",
                    rows.len(),
                    cfg.screen_new_amount.normalize(),
                    new,
                    cfg.screen_increase_percent.normalize(),
                    rows.len() - new,
                    rows.iter().map(|r| r.amount).sum::<crate::money::Money>()
                );
                if let Some(p) = &args.out {
                    eprintln!(
                        "事前评估清单已写入 `{}`：请填写“评估结论”和“建议金额”后用 --results 汇总",
                        p.display()
                    );
                }
            }
            Ok(exit::OK)
        }
    }
}

fn results(args: &ScreenArgs, path: &std::path::Path, budget: Option<&Budget>) -> Result<u8> {
    let (rows, unreadable) = screen::load_results(path)?;
    let tally = screen::tally(&rows);
    let flagged = budget
        .map(|b| screen::flagged(&rows, b))
        .unwrap_or_default();
    let total = &tally[0];
    let status = exit::settle(
        if flagged.is_empty() && unreadable.is_empty() && total.pending == 0 {
            exit::OK
        } else {
            exit::FINDINGS
        },
    );
    let tally_sheet = Sheet::of(sheet::SCREEN_TALLY, &tally);
    let flagged_sheet = Sheet::of(sheet::SCREEN_FLAGGED, &flagged);
    if let Some(out) = &args.out {
        xlsx::write_tables(
            out,
            &[
                tally_sheet.clone(),
                flagged_sheet.clone(),
                Sheet::of(sheet::SCREEN, &rows).with_total(),
            ],
        )?;
    }
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({
                    "projects": total.projects,
                    "supported": total.supported,
                    "partly": total.partly,
                    "not_supported": total.not_supported,
                    "pending": total.pending,
                    "asked": total.asked,
                    "granted": total.granted,
                    "tally": tally,
                    "flagged": flagged,
                    "unreadable": unreadable,
                }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(
            &[&tally_sheet, &flagged_sheet],
            !args.common.no_bom,
            &mut out,
        )?,
        Format::Table => {
            writeln!(out, "{}", terminal::table(&tally_sheet))?;
            if !flagged.is_empty() {
                writeln!(out, "{}", terminal::table(&flagged_sheet))?;
            }
        }
    }
    if !args.common.quiet {
        eprintln!(
            "事前绩效评估：{} 个项目，予以支持 {} 个，部分支持 {} 个，不予支持 {} 个{}；申请 {} 万元，支持 {} 万元",
            total.projects,
            total.supported,
            total.partly,
            total.not_supported,
            if total.pending > 0 {
                format!("，未填结论 {} 个", total.pending)
            } else {
                String::new()
            },
            total.asked,
            total.granted
        );
        for f in &flagged {
            eprintln!("警告：{} {}：{}", f.unit_name, f.project_name, f.message);
        }
        for u in &unreadable {
            eprintln!("警告：评估结论无法识别（应为予以支持、部分支持或不予支持）：{u}");
        }
        if let Some(p) = &args.out {
            eprintln!("评估结论汇总已写入 `{}`", p.display());
        }
    }
    Ok(status)
}
