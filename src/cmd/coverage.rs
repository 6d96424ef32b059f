//! `jixiao coverage`: who handed in, what share is covered, whom to chase (FORMS §7).

use super::{Inputs, exit, status_for, summary_line};
use crate::output::{ColKind, Column, Format, Sheet, Val, terminal, xlsx};
use crate::schema::sheet;
use crate::stage::{self, coverage::Coverage};
use anyhow::{Result, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao coverage 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx
  jixiao coverage 收表/ --roster 单位名册.xlsx --strict --format json
  jixiao coverage 收表/ --roster 单位名册.xlsx --out 覆盖情况.xlsx

退出码：0 没有错误；1 有错误级问题（加 --strict 时有未报单位也算）；2 无法完成";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// 有未报单位时退出码为 1
    #[arg(long)]
    pub strict: bool,
    /// 同时把覆盖情况、催报名单、缺报项目写入工作簿
    #[arg(long, value_name = "FILE.xlsx")]
    pub out: Option<PathBuf>,
}

fn pct(done: usize, expected: usize) -> String {
    if expected == 0 {
        format!("{done}/{expected}")
    } else {
        format!(
            "{done}/{expected}（{:.1}%）",
            done as f64 * 100.0 / expected as f64
        )
    }
}

pub fn run(args: &CoverageArgs) -> Result<u8> {
    if args.inputs.roster.is_none() {
        bail!("coverage 需要单位名册：请加上 `--roster 单位名册.xlsx`");
    }
    if let Some(p) = &args.out {
        super::xlsx_out(p)?;
    }
    // Coverage counts cards and units, never their tables.
    let l = args.inputs.load_findings(args.out.as_deref())?;
    let Some(cov) = stage::coverage(&l.batch, &l.context()) else {
        bail!("没有单位名册")
    };
    let status = exit::settle(if args.strict && cov.missing_units() > 0 {
        exit::FINDINGS
    } else {
        status_for(&l.batch)
    });
    if let Some(p) = &args.out {
        xlsx::write_tables(p, &cov.sheets())?;
    }
    let mut out = std::io::stdout().lock();
    match args.inputs.common.format {
        Format::Json => {
            // The coverage, and the files it was counted from.
            let mut json = serde_json::to_value(&cov)?;
            if let Some(map) = json.as_object_mut() {
                map.insert("counts".into(), serde_json::to_value(l.counts())?);
            }
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(
            &[
                &Sheet::of(sheet::COVERAGE, &cov.rows()),
                &Sheet::of(sheet::CHASE, &cov.chase_rows()),
                &Sheet::of(sheet::MISSING_PROJECTS, &cov.missing_project_rows()),
                &Sheet::of(sheet::NO_PROJECTS, &cov.excluded_rows()),
            ],
            !args.inputs.common.no_bom,
            &mut out,
        )?,
        Format::Table => render(&cov, &mut out)?,
    }
    if !args.inputs.common.quiet {
        eprintln!("{}", summary_line(&l));
    }
    Ok(status)
}

/// A share as `已报/应报（比率）`; nothing for one not counted.
fn share(s: Option<crate::stage::coverage::Share>) -> String {
    s.map(|s| pct(s.done, s.expected)).unwrap_or_default()
}

/// The breakdown as a terminal reads it: each share as `已报/应报（比率）`, one column per
/// measure (the workbook keeps the counts in columns of their own).
fn compact(cov: &Coverage) -> Sheet {
    let funds = |f: Option<crate::stage::coverage::FundShare>| {
        f.map(|f| {
            let rate = f
                .rate()
                .map(|r| format!("（{:.1}%）", r * 100.0))
                .unwrap_or_default();
            format!("{}/{}{rate}", f.done, f.expected)
        })
        .unwrap_or_default()
    };
    let text = |s: String| {
        if s.is_empty() {
            Val::Empty
        } else {
            Val::Text(s)
        }
    };
    let mut rows = Vec::new();
    let groups = std::iter::once(("全区", &cov.total))
        .chain(cov.by_department.iter().map(|f| ("主管部门", f)))
        .chain(cov.by_budget_type.iter().map(|f| ("预算类型", f)));
    for (scope, f) in groups {
        rows.push(vec![
            text(scope.to_string()),
            text(f.group.clone()),
            text(share(f.units)),
            text(share(f.project_units)),
            text(share(f.projects)),
            text(funds(f.funds)),
        ]);
    }
    let col = |name| Column {
        name,
        kind: ColKind::Text,
    };
    Sheet {
        name: sheet::COVERAGE.into(),
        columns: vec![
            col("范围"),
            col("分组"),
            col(cov.units_label),
            col(cov.project_units_label),
            col("项目"),
            col("资金（万元）"),
        ],
        rows,
        total: false,
    }
}

fn render(cov: &Coverage, out: &mut impl Write) -> Result<()> {
    let t = &cov.total;
    writeln!(out, "覆盖情况（{}）", cov.stage)?;
    writeln!(out, "  {}：已报 {}", cov.units_label, share(t.units))?;
    writeln!(
        out,
        "  {}：已报 {}（不含无项目支出单位 {} 个）",
        cov.project_units_label,
        share(t.project_units),
        cov.excluded.len()
    )?;
    if let (Some(p), Some(f)) = (t.projects, t.funds) {
        writeln!(out, "  项目：已报 {}", pct(p.done, p.expected))?;
        let rate = f
            .rate()
            .map(|r| format!("（{:.1}%）", r * 100.0))
            .unwrap_or_default();
        writeln!(out, "  资金：已报 {} / {} 万元{rate}", f.done, f.expected)?;
    }
    writeln!(out, "\n按主管部门、预算类型：")?;
    writeln!(out, "{}", terminal::table(&compact(cov)))?;
    if cov.chase.is_empty() {
        writeln!(out, "\n催报名单：无，应报单位均已报送。")?;
    } else {
        writeln!(out, "\n催报名单（{} 个单位）：", cov.chase.len())?;
        writeln!(
            out,
            "{}",
            terminal::table(&Sheet::of(sheet::CHASE, &cov.chase_rows()))
        )?;
    }
    if !cov.missing_projects.is_empty() {
        writeln!(
            out,
            "\n已报单位的缺报项目（{} 个）：",
            cov.missing_projects.len()
        )?;
        writeln!(
            out,
            "{}",
            terminal::table(&Sheet::of(
                sheet::MISSING_PROJECTS,
                &cov.missing_project_rows()
            ))
        )?;
    }
    if !cov.excluded.is_empty() {
        writeln!(
            out,
            "\n无项目支出、不需报项目表的单位（{} 个）：",
            cov.excluded.len()
        )?;
        writeln!(
            out,
            "{}",
            terminal::table(&Sheet::of(sheet::NO_PROJECTS, &cov.excluded_rows()))
        )?;
    }
    Ok(())
}
