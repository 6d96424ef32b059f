//! `jixiao feedback`: one feedback workbook per unit that handed in — what to fix, with copies of
//! its cards marked where the problems are.

use super::{Inputs, exit, progress_bar, status_for, summary_line};
use crate::output::feedback::{self, Options, UnitFeedback};
use crate::output::{Format, Sheet, terminal};
use crate::stage;
use crate::table_row;
use anyhow::{Result, bail};
use clap::Args;
use indicatif::ProgressStyle;
use rayon::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};

pub const EXAMPLES: &str = "示例：
  jixiao feedback 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx --out 反馈/
  jixiao feedback 收表/ --roster 单位名册.xlsx --out 反馈/ --deadline 2024年3月20日 --contact \"预算科 张三 028-12345678\"
  jixiao feedback 监控表/ --stage monitor --roster 单位名册.xlsx --targets 目标汇总.xlsx --out 监控反馈/ --format json

每个报送了文件的单位一个工作簿（<单位编码>_<单位名称>_<阶段>反馈.xlsx）：反馈说明、问题清单、缺报项目（需 --budget）、
所报各表的副本（有问题的单元格标色并加批注）；没有问题的单位只有一页反馈说明。名册外单位的工作簿以“名册外_”开头。
截止时间、联系人也可写在 jixiao.toml（deadline、contact）。
退出码：0 没有错误；1 有错误级问题；2 无法完成（参数、名册或写出有误）";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct FeedbackArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// 反馈工作簿写入的文件夹（不存在时新建；同名文件会被替换）
    #[arg(long, short, value_name = "DIR")]
    pub out: PathBuf,
    /// 重新报送的截止时间，写入反馈说明（默认取 jixiao.toml 的 deadline）
    #[arg(long)]
    pub deadline: Option<String>,
    /// 联系人及电话，写入反馈说明（默认取 jixiao.toml 的 contact）
    #[arg(long)]
    pub contact: Option<String>,
}

table_row! {
    /// One written feedback workbook.
    pub struct WrittenRow {
        unit_code: String => "单位编码", Code;
        unit_name: String => "单位名称", Text;
        status: String => "状态", Text;
        errors: usize => "错误数", Int;
        warnings: usize => "警告数", Int;
        infos: usize => "提示数", Int;
        missing: usize => "缺报项目数", Int;
        cards: usize => "副本表数", Int;
        file: String => "文件", Text;
    }
}

/// The folder and the path as given, made absolute through the nearest folder that exists.
fn absolute(p: &Path) -> Option<PathBuf> {
    let mut rest = Vec::new();
    let mut cur = p.to_path_buf();
    loop {
        if let Ok(c) = cur.canonicalize() {
            return Some(rest.iter().rev().fold(c, |acc, part| acc.join(part)));
        }
        rest.push(cur.file_name()?.to_os_string());
        cur = match cur.parent() {
            Some(q) if !q.as_os_str().is_empty() => q.to_path_buf(),
            _ => PathBuf::from("."),
        };
    }
}

/// `--out` must be a folder, and not one the returned forms are read from: the next run would
/// read the feedback workbooks (which hold copies of the cards) as handed-in forms.
fn check_out(out: &Path, inputs: &[PathBuf]) -> Result<()> {
    if out.exists() && !out.is_dir() {
        bail!(
            "`--out {}` 是一个文件：反馈工作簿写入文件夹，请给出文件夹（不存在时会新建）",
            out.display()
        );
    }
    let Some(target) = absolute(out) else {
        return Ok(());
    };
    for p in inputs.iter().filter(|p| p.is_dir()) {
        if let Ok(dir) = p.canonicalize()
            && target.starts_with(&dir)
        {
            bail!(
                "输出文件夹 `{}` 在报回文件的文件夹 `{}` 之内：反馈工作簿含各表的副本，下次运行会被当作报回的表读取。请把 --out 放在别处",
                out.display(),
                p.display()
            );
        }
    }
    Ok(())
}

pub fn run(args: &FeedbackArgs) -> Result<u8> {
    if args.inputs.roster.is_none() {
        bail!("feedback 需要单位名册：请加上 `--roster 单位名册.xlsx`（按名册确定各单位）");
    }
    check_out(&args.out, &args.inputs.paths)?;
    let l = args.inputs.load(None)?;
    let Some(roster) = l.roster.as_ref() else {
        bail!("没有单位名册")
    };
    let coverage = stage::coverage(&l.batch, &l.context());
    let stage_name = l.batch.stage.name();
    let year = args.inputs.year.or(l.config.year);
    let opts = Options {
        stage: stage_name.to_string(),
        title: match year {
            Some(y) => format!("{y}年度{stage_name}"),
            None => stage_name.to_string(),
        },
        deadline: args.deadline.clone().or(l.config.deadline.clone()),
        contact: args.contact.clone().or(l.config.contact.clone()),
    };
    let units = feedback::plan(&l.batch, roster, coverage.as_ref(), &opts);
    if units.is_empty() {
        bail!("没有可写的反馈：报回的文件中没有任何单位的表");
    }
    std::fs::create_dir_all(&args.out).map_err(|e| {
        crate::messages::Localized::io(format!("无法创建输出文件夹 `{}`", args.out.display()), &e)
    })?;

    let bar = progress_bar(units.len() as u64, args.inputs.common.quiet);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} 写出 {pos}/{len} 个反馈工作簿 [{bar:30}] {elapsed}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    let results: Vec<(&UnitFeedback, Result<()>)> = units
        .par_iter()
        .map(|u| {
            let r = feedback::write(u, &l.files, &opts, &args.out.join(&u.file_name));
            bar.inc(1);
            (u, r)
        })
        .collect();
    bar.finish_and_clear();

    let mut rows = Vec::new();
    let mut failed = 0;
    for (u, r) in results {
        match r {
            Ok(()) => rows.push(WrittenRow {
                unit_code: u.code.clone(),
                unit_name: u.name.clone(),
                status: u.status.clone(),
                errors: u.tally.errors,
                warnings: u.tally.warnings,
                infos: u.tally.infos,
                missing: u.missing.len(),
                cards: if u.copies_cards() { u.cards.len() } else { 0 },
                file: u.file_name.clone(),
            }),
            Err(e) => {
                failed += 1;
                super::print_error(&e.context(format!("单位“{}”的反馈工作簿写出失败", u.label())));
            }
        }
    }
    let status = exit::settle(if failed > 0 {
        exit::FAILURE
    } else {
        status_for(&l.batch)
    });
    let sheet = Sheet::of("反馈", &rows);
    let mut out = std::io::stdout().lock();
    match args.inputs.common.format {
        Format::Json => {
            let outside: Vec<&str> = units
                .iter()
                .filter(|u| !u.in_roster)
                .map(|u| u.name.as_str())
                .collect();
            serde_json::to_writer_pretty(
                &mut out,
                &serde_json::json!({
                    "stage": stage_name,
                    "out": args.out.display().to_string(),
                    "workbooks": rows,
                    "units": rows.len(),
                    "outside_roster": outside,
                    "findings": rows.iter().map(|r| r.errors + r.warnings + r.infos).sum::<usize>(),
                    "tally": l.batch.tally(),
                    "counts": l.counts(),
                    "failed": failed,
                }),
            )?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(&[&sheet], !args.inputs.common.no_bom, &mut out)?,
        Format::Table => writeln!(out, "{}", terminal::table(&sheet))?,
    }
    if !args.inputs.common.quiet {
        eprintln!("{}", summary_line(&l));
        let written: Vec<&UnitFeedback> = units
            .iter()
            .filter(|u| rows.iter().any(|r| r.file == u.file_name))
            .collect();
        let inside = written.iter().filter(|u| u.in_roster).count();
        let to_fix = written
            .iter()
            .filter(|u| u.in_roster && u.needs_fixing())
            .count();
        let outside: Vec<String> = written
            .iter()
            .filter(|u| !u.in_roster)
            .map(|u| format!("“{}”", u.name))
            .collect();
        eprintln!(
            "已写出 {} 个反馈工作簿到 `{}`：名册内单位 {inside} 个（需改正或补报 {to_fix} 个，已通过 {} 个），名册外 {} 个",
            written.len(),
            args.out.display(),
            inside - to_fix,
            outside.len()
        );
        if !outside.is_empty() {
            eprintln!(
                "名册外（单位名称与名册不符或无法识别单位）：{}",
                outside.join("、")
            );
        }
        let silent = coverage.as_ref().map_or(0, |c| {
            c.chase
                .iter()
                .filter(|m| !units.iter().any(|u| u.in_roster && u.code == m.code))
                .count()
        });
        if silent > 0 {
            eprintln!(
                "另有 {silent} 个名册单位没有报送，未写反馈：见 `jixiao coverage` 的催报名单"
            );
        }
    }
    Ok(status)
}
