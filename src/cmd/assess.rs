//! `jixiao assess`: the units' own performance-management work scored for the district's annual
//! 目标绩效考核 — on time, complete, quality, fixed on resubmission, each in its own column,
//! adding up to the total — and the ranking.

use super::{Common, exit};
use crate::config::Config;
use crate::finding::Rule;
use crate::output::{Format, Sheet, terminal, xlsx};
use crate::registry::{Budget, Listing, Roster};
use crate::schema::{self, col, sheet};
use crate::yearend::assess::{self, Inputs, Stage};
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "示例：
  jixiao assess --roster 单位名册.xlsx --targets 2024年绩效目标汇总.xlsx --monitor 2024年1-7月绩效监控汇总.xlsx \\
      --self-eval 2024年绩效自评汇总.xlsx --review 2024年绩效目标汇总（第二轮）.xlsx \\
      --received 收件记录.csv --out 绩效管理考核.xlsx

每个单位四项得分各占一列，相加为总分，按总分排名（同分同名次）：
  按时报送：收件记录中该单位最后到达的时间对照截止时间（jixiao.toml 的 deadline 或 --deadline），
            未给收件记录或截止时间时得满分，依据列注明；
  完整性：  各阶段报送的项目占应报项目（给 --budget 时按预算项目清单，否则按各阶段出现过的项目）的比例；
  质量：    1 − (错误数 + 0.25 × 警告数) ÷ (2 × 项目表数)，不低于 0；
  整改：    第二轮汇总的整改情况中已整改问题的比例；未给第二轮汇总或没有问题时得满分。
各项分值取 jixiao.toml 的 assess_weights（默认 按时 20、完整 30、质量 40、整改 10）。
退出码：0 完成；2 无法完成";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct AssessArgs {
    /// 单位名册（xlsx）
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// 绩效目标阶段的汇总工作簿
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// 绩效监控阶段的汇总工作簿
    #[arg(long, value_name = "FILE")]
    pub monitor: Option<PathBuf>,
    /// 绩效自评阶段的汇总工作簿
    #[arg(long = "self-eval", value_name = "FILE")]
    pub self_eval: Option<PathBuf>,
    /// 第二轮的汇总工作簿（带 --previous 汇总，含整改情况）
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,
    /// 收件记录（jixiao collect 写出的 收件记录.csv）：各单位的到达时间
    #[arg(long, value_name = "收件记录.csv")]
    pub received: Option<PathBuf>,
    /// 没有收件记录时：报回的工作簿或文件夹，按表上的填报日期（没有则按文件修改时间）判断是否按时
    #[arg(long, value_name = "收表/")]
    pub returns: Vec<PathBuf>,
    /// 报送截止时间（默认取 jixiao.toml 的 deadline）
    #[arg(long)]
    pub deadline: Option<String>,
    /// 预算项目清单：各单位应报的项目
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// 写出考核工作簿（绩效管理考核）
    #[arg(long, short, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

/// `(单位编码, 整改情况)` of a round-two workbook's `整改情况`: its errors and warnings (a notice
/// is nothing to fix).
fn review_rows(path: &Path) -> Result<Vec<(String, String)>> {
    let grids = crate::registry::open(path, "第二轮汇总工作簿")?;
    let mut out = Vec::new();
    let mut found = false;
    for g in schema::sheets(&grids, sheet::REVIEW) {
        let Some(list) = Listing::find(
            std::slice::from_ref(g),
            &[col::UNIT_CODE, col::REVIEW_STATE],
        ) else {
            continue;
        };
        found = true;
        for r in list.rows() {
            if !schema::review_state::to_fix(&list.text(r, col::SEVERITY)) {
                continue;
            }
            out.push((
                list.code(r, col::UNIT_CODE),
                list.text(r, col::REVIEW_STATE),
            ));
        }
    }
    if !found {
        bail!(
            "`{}` 中没有“整改情况”工作表：请给出带 --previous 汇总的第二轮汇总工作簿",
            path.display()
        );
    }
    Ok(out)
}

pub fn run(args: &AssessArgs) -> Result<u8> {
    if let Some(p) = &args.out {
        super::xlsx_out(p)?;
    }
    let cfg = Config::load(args.common.config.as_deref())?;
    let roster = Roster::load(&args.roster)?;
    let budget = args.budget.as_deref().map(Budget::load).transpose()?;
    // Each stage's own workbook: another stage's would be scored as this one's.
    let read = |p: &Option<PathBuf>, stage: crate::forms::Stage, what: &str| {
        p.as_deref()
            .map(|path| schema::read_stage(path, &[stage], what))
            .transpose()
    };
    use crate::forms::Stage as S;
    let (targets, monitor, self_eval) = (
        read(&args.targets, S::Target, "--targets")?,
        read(&args.monitor, S::Monitor, "--monitor")?,
        read(&args.self_eval, S::SelfEval, "--self-eval")?,
    );
    let mut stages = Vec::new();
    for (name, data) in [
        ("绩效目标", &targets),
        ("绩效监控", &monitor),
        ("绩效自评", &self_eval),
    ] {
        if let Some(data) = data {
            stages.push(Stage { name, data });
        }
    }
    // When each unit handed in: the received log of `collect`, else the returned forms' own
    // 填报日期, else their files' modification times.
    let arrivals = match (&args.received, args.returns.is_empty()) {
        (Some(p), _) => {
            if !p.is_file() {
                bail!("收件记录 `{}` 不存在", p.display());
            }
            Some(assess::arrivals(&crate::mail::read_log(p)?))
        }
        (None, false) => {
            let found = crate::read::workbook::discover(&args.returns);
            if let Some(m) = found.missing.first() {
                bail!("找不到 `{}`：请检查路径", m.display());
            }
            let files = found.files;
            let batch = crate::batch::run(
                &files,
                Some(&roster),
                budget.as_ref(),
                &cfg,
                &crate::batch::Expect::default(),
                &|_| {},
            )?;
            if !args.common.quiet {
                let c = batch.counts(found.skipped.len());
                eprintln!(
                    "报回的表：找到 {} 个文件（读取 {}，跳过 {}，无法读取 {}）",
                    c.found, c.read, c.skipped, c.failed
                );
                for f in batch.findings.iter().filter(|f| {
                    matches!(
                        f.rule,
                        Rule::FileUnreadable
                            | Rule::FileEmpty
                            | Rule::FileCrashed
                            | Rule::FileInaccessible
                    )
                }) {
                    eprintln!("  无法读取 `{}`：{}", &*f.file, &*f.message);
                }
            }
            Some(assess::arrivals_from_forms(&batch, &files))
        }
        (None, true) => None,
    };
    let review = args
        .review
        .as_deref()
        .map(review_rows)
        .transpose()?
        .map(|r| assess::review(&r));
    let deadline = args.deadline.clone().or(cfg.deadline.clone());
    let rows = assess::assess(&Inputs {
        roster: &roster,
        budget: budget.as_ref(),
        stages,
        arrivals: arrivals.as_deref(),
        deadline: deadline.as_deref(),
        review: review.as_ref(),
        weights: &cfg.assess_weights,
    });
    let status = exit::settle(exit::OK);
    let table = Sheet::of(sheet::ASSESS, &rows);
    if let Some(out) = &args.out {
        xlsx::write_tables(out, std::slice::from_ref(&table))?;
    }
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({
                    "weights": {
                        "on_time": Config::f(cfg.assess_weights.on_time),
                        "complete": Config::f(cfg.assess_weights.complete),
                        "quality": Config::f(cfg.assess_weights.quality),
                        "fixed": Config::f(cfg.assess_weights.fixed),
                    },
                    "deadline": deadline,
                    "units": rows,
                }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(&[&table], !args.common.no_bom, &mut out)?,
        Format::Table => writeln!(out, "{}", terminal::table(&table))?,
    }
    if !args.common.quiet {
        eprintln!(
            "绩效管理考核：{} 个单位；阶段：{}",
            rows.len(),
            [
                ("绩效目标", args.targets.is_some()),
                ("绩效监控", args.monitor.is_some()),
                ("绩效自评", args.self_eval.is_some()),
            ]
            .iter()
            .filter(|(_, given)| *given)
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join("、")
        );
        if let Some(p) = &args.out {
            eprintln!("考核结果已写入 `{}`", p.display());
        }
    }
    Ok(status)
}
