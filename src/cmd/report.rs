//! `jixiao report`: the year's figures (年度情况) from the workbooks jixiao wrote at each stage —
//! a Markdown summary in Chinese, each figure with the counts behind it and a link to the
//! workbook, sheet and rows it came from, and a `年度情况` workbook, one row per figure.

use super::{Common, exit};
use crate::config::Config;
use crate::output::{Format, Sheet, terminal, xlsx};
use crate::registry::{Budget, Roster};
use crate::schema::sheet;
use crate::yearend::report::{self, Inputs};
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

pub const EXAMPLES: &str = "示例：
  jixiao report --roster 单位名册.xlsx --screen 事前评估结论.xlsx --targets 2024年绩效目标汇总.xlsx \\
      --monitor 2024年1-7月绩效监控汇总.xlsx --self-eval 2024年绩效自评汇总.xlsx --key 重点评价清单.xlsx \\
      --review 2024年绩效目标汇总（第二轮）.xlsx --budget 预算项目清单.xlsx --out 年度情况/

写出 年度情况/年度情况.md（情况说明，每个数字注明计算依据和来源的工作簿、工作表、行）和
年度情况/年度情况.xlsx（每个数字一行：阶段、指标、数值、分子、分母、来源）。
没有给出的阶段写“未提供”，不按零计。--budget 用来统计专项资金绩效目标（预算项目清单的项目类别）。
退出码：0 完成；2 无法完成（名册、工作簿无法读取，输出文件夹无法写入）";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct ReportArgs {
    /// 单位名册（xlsx）
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// 已填评估结论的事前评估清单（jixiao screen 写出后填写）
    #[arg(long, value_name = "FILE")]
    pub screen: Option<PathBuf>,
    /// 绩效目标阶段的汇总工作簿（第一轮）
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// 绩效监控阶段的汇总工作簿（汇总时带 --execution）
    #[arg(long, value_name = "FILE")]
    pub monitor: Option<PathBuf>,
    /// 绩效自评阶段的汇总工作簿
    #[arg(long = "self-eval", value_name = "FILE")]
    pub self_eval: Option<PathBuf>,
    /// 重点评价清单（jixiao key-eval 写出）
    #[arg(long, value_name = "FILE")]
    pub key: Option<PathBuf>,
    /// 第二轮的汇总工作簿（带 --previous 汇总，含整改情况）
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// 预算项目清单：项目类别（专项资金）
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// 预算年度（默认取 jixiao.toml 的 year）
    #[arg(long)]
    pub year: Option<i32>,
    /// 输出文件夹：写出 年度情况.md 和 年度情况.xlsx
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub common: Common,
}

/// A path as seen from `from` (both made absolute), for a link in a file written there.
fn relative(path: &Path, from: &Path) -> String {
    let (Ok(to), Ok(base)) = (path.canonicalize(), from.canonicalize()) else {
        return path.display().to_string();
    };
    let a: Vec<Component> = to.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &a[common..] {
        out.push(c.as_os_str());
    }
    out.to_string_lossy().replace('\\', "/")
}

pub fn run(args: &ReportArgs) -> Result<u8> {
    let cfg = Config::load(args.common.config.as_deref())?;
    if args.out.is_file() {
        bail!("`--out` 应是文件夹：`{}` 是一个文件", args.out.display());
    }
    let roster = Roster::load(&args.roster)?;
    let budget = args.budget.as_deref().map(Budget::load).transpose()?;
    super::tell_list_notes(args.common.quiet, Some(&roster), budget.as_ref(), None);
    let inputs = Inputs {
        screen: args.screen.clone(),
        targets: args.targets.clone(),
        monitor: args.monitor.clone(),
        self_eval: args.self_eval.clone(),
        key: args.key.clone(),
        review: args.review.clone(),
    };
    let figures = report::figures(&inputs, &roster, budget.as_ref())?;
    exit::settle(exit::OK);
    std::fs::create_dir_all(&args.out).map_err(|e| {
        crate::messages::Localized::io(format!("无法创建输出文件夹 `{}`", args.out.display()), &e)
    })?;
    let out_dir = args.out.clone();
    let md = report::markdown(&figures, args.year.or(cfg.year), &|p| {
        format!("<{}>", relative(p, &out_dir))
    });
    let rows: Vec<report::FigureRow> = figures.iter().map(report::Figure::row).collect();
    let table = Sheet::of(sheet::ANNUAL, &rows);
    let md_path = args.out.join("年度情况.md");
    let xlsx_path = args.out.join("年度情况.xlsx");
    xlsx::write_atomic(&md_path, md.as_bytes())?;
    xlsx::write_tables(&xlsx_path, std::slice::from_ref(&table))?;
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &serde_json::json!({ "figures": figures }))?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(&[&table], !args.common.no_bom, &mut out)?,
        Format::Table => writeln!(out, "{}", terminal::table(&table))?,
    }
    if !args.common.quiet {
        let missing = figures
            .iter()
            .filter(|f| f.value == report::NOT_GIVEN)
            .count();
        eprintln!(
            "年度情况：{} 项数字（未提供 {} 项），已写入 `{}` 和 `{}`",
            figures.len(),
            missing,
            md_path.display(),
            xlsx_path.display()
        );
    }
    Ok(exit::OK)
}
