//! `jixiao consolidate`: the consolidated workbook of a stage (FORMS §6).

use super::{Inputs, status_for, summary_lines};
use crate::output::{Format, terminal, xlsx};
use crate::stage;
use crate::table::{ColKind, Column, Sheet, ToVal};
use anyhow::Result;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao consolidate 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx --out 2024年绩效目标汇总.xlsx
  jixiao consolidate 收表/ --out 汇总.xlsx --format json
  jixiao consolidate 监控表/ --stage monitor --roster 单位名册.xlsx --budget 预算项目清单.xlsx --targets 2024年绩效目标汇总.xlsx --execution 预算执行情况表.xlsx --out 2024年绩效监控汇总.xlsx

写出的工作表：项目汇总、指标明细、单位汇总、问题清单；绩效目标另有整体目标；绩效监控另有监控预警、收回建议、单位收回建议、单位执行进度（需 --execution）；给出名册时另有覆盖情况、催报名单、缺报项目、无项目支出单位。
退出码：0 没有错误；1 有错误级问题；2 无法完成";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct ConsolidateArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// 要写出的汇总工作簿（整体写入，已有同名文件会被替换）
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub out: PathBuf,
}

pub fn run(args: &ConsolidateArgs) -> Result<u8> {
    super::xlsx_out(&args.out)?;
    let l = args.inputs.load(Some(&args.out))?;
    // Each sheet is written while the next is built, and dropped once written.
    let cx = l.context();
    let counts = xlsx::write_streamed(&args.out, |emit| stage::each_sheet(&l.batch, &cx, emit))?;
    let mut out = std::io::stdout().lock();
    match args.inputs.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({ "out": args.out.display().to_string(), "sheets": counts, "tally": l.batch.tally(), "counts": l.counts() }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(
            &[&sheet_counts(&counts)],
            !args.inputs.common.no_bom,
            &mut out,
        )?,
        Format::Table => writeln!(out, "{}", terminal::table(&sheet_counts(&counts)))?,
    }
    if !args.inputs.common.quiet {
        for line in summary_lines(&l) {
            eprintln!("{line}");
        }
        eprintln!("汇总工作簿已写入 `{}`", args.out.display());
    }
    let status = status_for(&l.batch);
    // A city's batch is hundreds of thousands of small allocations: the process is about to
    // end, and the system takes its memory back faster than freeing them one by one.
    std::mem::forget(l);
    Ok(status)
}

/// The sheets written and their rows, as the terminal and CSV show them.
fn sheet_counts(counts: &[xlsx::SheetCount]) -> Sheet {
    Sheet {
        name: "工作表".to_string(),
        columns: vec![
            Column {
                name: "工作表",
                kind: ColKind::Text,
            },
            Column {
                name: "行数",
                kind: ColKind::Int,
            },
        ],
        rows: counts
            .iter()
            .map(|c| vec![c.sheet.to_val(), c.rows.to_val()])
            .collect(),
        total: false,
    }
}
