//! `jixiao template`: the workbooks the bureau emails to its units, one per unit, pre-filled.

use super::{Common, exit, progress_bar};
use crate::config::Config;
use crate::forms::{FormKind, Stage};
use crate::output::xlsx::write_atomic;
use crate::output::{Format, Sheet, terminal};
use crate::registry::{Budget, Roster};
use crate::schema;
use crate::table_row;
use crate::template::sources::{self, Plan};
use crate::template::{self, Options};
use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use indicatif::ProgressStyle;
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

pub const EXAMPLES: &str = "示例：
  jixiao template --kind target --roster 单位名册.xlsx --budget 预算项目清单.xlsx --year 2024 --out 目标模板/
  jixiao template --kind overall --roster 单位名册.xlsx --year 2024 --out 整体目标模板/
  jixiao template --kind monitor --roster 单位名册.xlsx --from 2024年绩效目标汇总.xlsx --budget 预算项目清单.xlsx --year 2024 --month 7 --out 监控模板/
  jixiao template --kind self-eval --roster 单位名册.xlsx --from 2024年绩效目标汇总.xlsx --monitor 2024年监控汇总.xlsx --year 2024 --out 自评模板/
  jixiao template --kind self-eval --roster 单位名册.xlsx --from 2024年1-7月绩效监控汇总.xlsx --year 2024 --out 自评模板/
  jixiao template --kind target --roster 单位名册.xlsx --budget 预算项目清单.xlsx --units 301001,301002 --spare 2 --year 2024 \\
      --deadline 2024年3月15日 --contact \"预算科 张三 028-12345678\" --out 目标模板/

每个单位写一个工作簿：<单位编码>_<单位名称>_<年度><表名>.xlsx，内含“填报说明”和每个项目一张卡片。
预填的内容（单位、编码、名称、金额、已申报的指标）锁定，黄色单元格由单位填写；报回后用 jixiao validate 检查。
年度、截止时间、联系人也可写在 jixiao.toml（year、deadline、contact、template_password）。
退出码：0 全部写出；2 无法完成（参数、名册、预算清单或汇总表有误，或无法写出文件）";

/// The form kinds templates are written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// 绩效目标：每个单位的部门整体表和每个预算项目一张项目表（需 --budget）
    Target,
    /// 部门（单位）整体支出绩效目标申报表（每个单位一张）
    Overall,
    /// 项目支出绩效目标执行监控表（需 --from 目标汇总表 和 --month）
    Monitor,
    /// 项目支出绩效自评表（需 --from 目标汇总表，可加 --monitor 监控汇总表）
    #[value(name = "self-eval")]
    SelfEval,
}

impl KindArg {
    fn kind(self) -> FormKind {
        match self {
            KindArg::Target => FormKind::Target,
            KindArg::Overall => FormKind::Overall,
            KindArg::Monitor => FormKind::Monitor,
            KindArg::SelfEval => FormKind::SelfEval,
        }
    }
}

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct TemplateArgs {
    /// 表的种类
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// 单位名册（xlsx）：单位编码、单位名称、主管部门……
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// 预算年度（默认取 jixiao.toml 的 year）
    #[arg(long)]
    pub year: Option<i32>,
    /// 输出文件夹（不存在时创建；同名文件会被替换）
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// 预算项目清单（xlsx）：绩效目标表（target）必需，每个预算项目一张卡片；监控表、自评表可加，
    /// 为汇总表中没有的预算项目（未报目标的单位）也写卡片
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// 上一阶段的汇总工作簿（jixiao consolidate 生成），监控表和自评表必需
    #[arg(long, value_name = "FILE.xlsx")]
    pub from: Option<PathBuf>,
    /// 自评表：绩效监控的汇总工作簿，把各项目的监控执行情况作为批注附在全年执行数上
    #[arg(long, value_name = "FILE.xlsx")]
    pub monitor: Option<PathBuf>,
    /// 监控表：监控截至的月份 N（表头写作 1-N月）
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=12))]
    pub month: Option<u32>,
    /// 每个单位另加 K 张空白备用卡片，供名单外的项目使用
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub spare: usize,
    /// 只写这些单位（单位编码，逗号分隔）
    #[arg(long, value_name = "CODE,…", value_delimiter = ',')]
    pub units: Vec<String>,
    /// 报送截止时间，写入填报说明（默认取 jixiao.toml 的 deadline）
    #[arg(long)]
    pub deadline: Option<String>,
    /// 联系人及电话，写入填报说明（默认取 jixiao.toml 的 contact）
    #[arg(long)]
    pub contact: Option<String>,
    /// 工作表保护密码（默认不设密码，取 jixiao.toml 的 template_password）
    #[arg(long)]
    pub password: Option<String>,
    #[command(flatten)]
    pub common: Common,
}

table_row! {
    /// One written workbook.
    pub struct WrittenRow {
        unit_code: String => "单位编码", Code;
        unit_name: String => "单位名称", Text;
        cards: usize => "卡片数", Int;
        spare: usize => "备用卡片", Int;
        file: String => "文件", Text;
    }
}

fn plan(args: &TemplateArgs, kind: FormKind, roster: &Roster) -> Result<Plan> {
    Ok(match kind {
        FormKind::Target => {
            let Some(b) = &args.budget else {
                bail!(
                    "绩效目标表需要预算项目清单：请加 `--budget 预算项目清单.xlsx`（每个预算项目写一张卡片）"
                );
            };
            sources::from_budget(roster, &Budget::load(b)?, args.spare)
        }
        FormKind::Overall => sources::overall(roster),
        FormKind::OverallSelfEval => {
            bail!("部门整体自评表没有模板：请用 --kind target|overall|monitor|self-eval")
        }
        FormKind::Monitor | FormKind::SelfEval => {
            if args.from.is_none() && args.budget.is_none() {
                bail!(
                    "{}需要上一阶段的汇总工作簿：请加 `--from 绩效目标汇总.xlsx`（由 jixiao consolidate 生成）",
                    kind.name()
                );
            }
            // Projects and declared targets come from the target or monitoring stage's workbook.
            let stage = args
                .from
                .as_deref()
                .map(|p| schema::read_stage(p, &[Stage::Target, Stage::Monitor], "--from"))
                .transpose()?;
            let budget = args.budget.as_deref().map(Budget::load).transpose()?;
            let monitor = match (&args.monitor, kind) {
                (Some(m), FormKind::SelfEval) => {
                    Some(schema::read_stage(m, &[Stage::Monitor], "--monitor")?)
                }
                (Some(_), _) => bail!("`--monitor` 只用于自评表（--kind self-eval）"),
                (None, _) => None,
            };
            // A self-evaluation from the monitoring workbook: its projects, declared indicators
            // and what monitoring reported, all from the one workbook.
            let monitored = stage
                .as_ref()
                .filter(|s| kind == FormKind::SelfEval && s.stage == Stage::Monitor);
            sources::from_consolidated(
                roster,
                stage.as_ref(),
                budget.as_ref(),
                monitor.as_ref().or(monitored),
                args.spare,
            )
        }
    })
}

/// Lists what was left out, on stderr.
fn report_left_out(plan: &Plan, kind: FormKind) {
    let list = |v: &[String]| {
        let shown: Vec<&str> = v.iter().take(5).map(String::as_str).collect();
        let more = if v.len() > 5 {
            format!(" 等 {} 个", v.len())
        } else {
            String::new()
        };
        format!("{}{more}", shown.join("、"))
    };
    if !plan.no_projects.is_empty() {
        let what = if kind == FormKind::Target {
            "只写了部门整体表".to_string()
        } else {
            format!("未写{}", kind.name())
        };
        eprintln!(
            "提示：{} 个单位在名册中标为无项目支出，{what}：{}",
            plan.no_projects.len(),
            list(&plan.no_projects)
        );
    }
    if !plan.without_cards.is_empty() {
        eprintln!(
            "提示：{} 个单位在来源中没有项目，未写（需要空白卡片可加 --spare）：{}",
            plan.without_cards.len(),
            list(&plan.without_cards)
        );
    }
    if !plan.outside_roster.is_empty() {
        eprintln!(
            "警告：{} 个项目的单位编码不在名册中，已跳过：{}",
            plan.outside_roster.len(),
            list(&plan.outside_roster)
        );
    }
    if !plan.duplicates.is_empty() {
        eprintln!(
            "警告：汇总表中 {} 个项目重复出现，只写一次：{}",
            plan.duplicates.len(),
            list(&plan.duplicates)
        );
    }
}

pub fn run(args: &TemplateArgs) -> Result<u8> {
    let started = Instant::now();
    let config = Config::load(args.common.config.as_deref())?;
    let kind = args.kind.kind();
    let Some(year) = args.year.or(config.year) else {
        bail!("请用 `--year 2024` 指定预算年度（或在 jixiao.toml 中写 year = 2024）");
    };
    if !(2000..=2100).contains(&year) {
        bail!("年度 `{year}` 不像预算年度：请写四位数年份，如 `--year 2024`");
    }
    let month = match (kind, args.month) {
        (FormKind::Monitor, None) => {
            bail!("监控表需要监控月份：请加 `--month 7`（表头写作 1-7月）")
        }
        (FormKind::Monitor, m) => m,
        (_, Some(_)) => bail!("`--month` 只用于监控表（--kind monitor）"),
        (_, None) => None,
    };
    if kind == FormKind::Overall && (args.budget.is_some() || args.from.is_some()) {
        bail!("整体支出绩效目标表（overall）按名册每个单位一张，不用 `--budget` 或 `--from`");
    }
    let opts = Options {
        kind,
        year,
        month,
        deadline: args.deadline.clone().or(config.deadline.clone()),
        contact: args.contact.clone().or(config.contact.clone()),
        password: args.password.clone().or(config.template_password.clone()),
        rules: config.clone(),
    };
    let roster = Roster::load(&args.roster)?;
    super::tell_list_notes(args.common.quiet, Some(&roster), None, None);
    let mut plan = plan(args, kind, &roster)?;
    plan.select(&args.units, &roster)?;
    if !args.common.quiet {
        report_left_out(&plan, kind);
    }
    if plan.units.is_empty() {
        bail!("没有要写的单位：名册中的单位在来源中都没有项目");
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("无法创建输出文件夹 `{}`", args.out.display()))?;

    let bar = progress_bar(plan.units.len() as u64, args.common.quiet);
    bar.set_style(
        ProgressStyle::with_template("{spinner} 写出 {pos}/{len} 个工作簿 [{bar:30}] {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let results: Vec<(WrittenRow, Result<u64>)> = plan
        .units
        .par_iter()
        .map(|u| {
            let file = u.file_name(&opts);
            let path = args.out.join(&file);
            let written = template::to_bytes(u, &opts).and_then(|bytes| {
                write_atomic(&path, &bytes)?;
                Ok(bytes.len() as u64)
            });
            bar.inc(1);
            let spare = u.cards.iter().filter(|c| c.spare).count();
            let row = WrittenRow {
                unit_code: u.code.clone(),
                unit_name: u.name.clone(),
                cards: u.cards.len() - spare,
                spare,
                file,
            };
            (row, written)
        })
        .collect();
    bar.finish_and_clear();

    let mut rows = Vec::new();
    let mut failed = 0;
    let mut bytes = 0;
    for (row, r) in results {
        match r {
            Ok(n) => {
                bytes += n;
                rows.push(row);
            }
            Err(e) => {
                failed += 1;
                eprintln!(
                    "错误：单位 `{} {}` 的模板写出失败：{e:#}",
                    row.unit_code, row.unit_name
                );
            }
        }
    }
    let sheet = Sheet::of("模板", &rows);
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({
                    "kind": kind.name(),
                    "year": year,
                    "month": month,
                    "out": args.out.display().to_string(),
                    "workbooks": rows,
                    "bytes": bytes,
                }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(&[&sheet], !args.common.no_bom, &mut out)?,
        Format::Table => writeln!(out, "{}", terminal::table(&sheet))?,
    }
    if !args.common.quiet {
        let cards: usize = rows.iter().map(|r| r.cards + r.spare).sum();
        eprintln!(
            "已写出 {} 个{}工作簿（{} 张卡片，共 {:.1} MB）到 `{}`，用时 {:.2} 秒",
            rows.len(),
            kind.name(),
            cards,
            bytes as f64 / 1_048_576.0,
            args.out.display(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(if failed > 0 { exit::FAILURE } else { exit::OK })
}
