//! `jixiao publish`: the public version of a stage's consolidated workbook, one workbook per
//! unit and one for the district, ready for the government website.

use super::{Common, exit};
use crate::output::{Format, Sheet, terminal, xlsx};
use crate::schema::{self, sheet};
use crate::table_row;
use crate::template::names::workbook_file_name;
use crate::yearend::publish;
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao publish 2024年绩效目标汇总.xlsx --out 公开/目标/
  jixiao publish 2024年绩效自评汇总.xlsx --out 公开/自评/

每个有项目的单位写一个 <单位编码>_<单位名称>_公开.xlsx，全区写一个 全区_公开.xlsx：
项目汇总（自评阶段含自评、复核得分和等级）和指标明细，只含计入合计的行，
不含来源文件、来源工作表、来源行、错误数、警告数、计入合计、金额说明、联系人、邮箱等内部列，也不含问题清单。
退出码：0 完成；2 无法完成（不是汇总工作簿，输出文件夹无法写入）";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct PublishArgs {
    /// 某一阶段的汇总工作簿（jixiao consolidate 生成）
    #[arg(value_name = "汇总.xlsx")]
    pub stage: PathBuf,
    /// 输出文件夹
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

/// The district's public workbook.
pub const DISTRICT_FILE: &str = "全区_公开.xlsx";

table_row! {
    /// What was written: one row per workbook.
    pub struct PublishedRow {
        unit_code: String => schema::col::UNIT_CODE, Code;
        unit_name: String => schema::col::UNIT_NAME, Text;
        projects: usize => schema::col::PROJECTS, Int;
        indicators: usize => schema::col::INDICATORS, Int;
        funds: crate::money::Money => schema::col::FUNDS, Money;
        file: String => schema::col::FILE, Text;
    }
}

pub fn run(args: &PublishArgs) -> Result<u8> {
    if args.out.is_file() {
        bail!(
            "输出位置 `{}` 是一个文件：--out 应是文件夹",
            args.out.display()
        );
    }
    let grids = crate::registry::open(&args.stage, "汇总工作簿")?;
    if !schema::is_consolidated(&grids) {
        bail!(
            "`{}` 不是 jixiao 写出的汇总工作簿（缺少项目汇总、指标明细或问题清单）：请用 jixiao consolidate 生成",
            args.stage.display()
        );
    }
    let published = publish::publish(&grids);
    let status = exit::settle(exit::OK);
    let mut rows = Vec::new();
    for b in &published.books {
        let name = if b.unit_code.is_empty() {
            DISTRICT_FILE.to_string()
        } else {
            workbook_file_name(&b.unit_code, &b.unit_name, "公开")
        };
        xlsx::write_tables(&args.out.join(&name), &b.sheets)?;
        rows.push(PublishedRow {
            unit_code: b.unit_code.clone(),
            unit_name: b.unit_name.clone(),
            projects: b.rows(sheet::PROJECTS),
            indicators: b.rows(sheet::INDICATORS),
            funds: b.funds(),
            file: name,
        });
    }
    let table = Sheet::of("公开版", &rows);
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({
                    "workbooks": rows.len(),
                    "uncounted_rows_left_out": published.uncounted,
                    "unknown_columns_left_out": published.unknown,
                    "items": rows,
                }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(&[&table], !args.common.no_bom, &mut out)?,
        Format::Table => writeln!(out, "{}", terminal::table(&table))?,
    }
    if !args.common.quiet {
        eprintln!(
            "公开版：{} 个单位的工作簿和全区工作簿已写入 `{}`（不计入合计的行 {} 行未公开）",
            rows.len().saturating_sub(1),
            args.out.display(),
            published.uncounted
        );
        if !published.unknown.is_empty() {
            eprintln!(
                "提示：以下列不是 jixiao 写出的列，未公开：{}",
                published.unknown.join("、")
            );
        }
    }
    Ok(status)
}
