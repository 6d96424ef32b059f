//! `jixiao validate`: read returned workbooks and report every problem with file, sheet and cell.

use super::{Inputs, status_for, summary_lines};
use crate::batch::FileCounts;
use crate::finding::{Finding, Severity, Tally};
use crate::output::{ColKind, Column, Format, Sheet, Val, terminal, xlsx};
use crate::schema::sheet;
use crate::stage::common::finding_rows;
use anyhow::Result;
use clap::Args;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao validate 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx
  jixiao validate 301001_区教育局.xlsx --format json > 问题.json
  jixiao validate 收表/ --roster 单位名册.xlsx --report 问题清单.xlsx

退出码：0 没有错误；1 有错误级问题；2 无法完成（参数、名册或输出有误）";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// 同时把问题清单写入工作簿
    #[arg(long, value_name = "FILE.xlsx")]
    pub report: Option<PathBuf>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    /// Workbooks read or tried (`counts.read + counts.failed` and the bureau's own files).
    files: usize,
    counts: FileCounts,
    cards: usize,
    project_cards: usize,
    overall_cards: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    findings: &'a [Finding],
    skipped_sheets: Vec<BTreeMap<&'static str, &'a str>>,
    skipped_files: Vec<BTreeMap<&'static str, &'a str>>,
}

pub fn run(args: &ValidateArgs) -> Result<u8> {
    if let Some(p) = &args.report {
        super::xlsx_out(p)?;
    }
    let l = args.inputs.load_findings(args.report.as_deref())?;
    if let Some(path) = &args.report {
        xlsx::write_tables(path, &[Sheet::of(sheet::FINDINGS, &finding_rows(&l.batch))])?;
    }
    // Buffered: a line-buffered stdout makes one system call per line of JSON or CSV.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let findings = &l.batch.findings;
    match args.inputs.common.format {
        Format::Json => {
            let t = l.batch.tally();
            let projects = l.batch.projects().count();
            let json = JsonOut {
                files: l.files.len(),
                counts: l.counts(),
                cards: l.batch.entries.len(),
                project_cards: projects,
                overall_cards: l.batch.entries.len() - projects,
                errors: t.errors,
                warnings: t.warnings,
                infos: t.infos,
                findings: &[],
                skipped_sheets: l
                    .batch
                    .skipped
                    .iter()
                    .map(|s| {
                        BTreeMap::from([("file", s.file.as_str()), ("sheet", s.sheet.as_str())])
                    })
                    .collect(),
                skipped_files: l
                    .skipped_files
                    .iter()
                    .map(|s| {
                        BTreeMap::from([("file", s.display.as_str()), ("why", s.why.as_str())])
                    })
                    .collect(),
            };
            let findings: Vec<&Finding> = findings.iter().collect();
            terminal::json_with_items(&json, "findings", &findings, &mut out)?;
            writeln!(out)?;
        }
        Format::Csv => terminal::csv(
            &[&Sheet::of(sheet::FINDINGS, &finding_rows(&l.batch))],
            !args.inputs.common.no_bom,
            &mut out,
        )?,
        Format::Table => {
            if findings.is_empty() {
                writeln!(out, "没有发现问题。")?;
            }
            // Grouped by unit, then by file: a heading each, then the findings of that file.
            let mut groups: BTreeMap<(&str, &str), BTreeMap<&str, Vec<&Finding>>> = BTreeMap::new();
            for f in findings {
                groups
                    .entry((&f.unit_code, &f.unit_name))
                    .or_default()
                    .entry(&f.file)
                    .or_default()
                    .push(f);
            }
            for ((code, name), files) in groups {
                let label = match (code.is_empty(), name.is_empty()) {
                    (true, true) => "未能识别单位".to_string(),
                    (true, false) => name.to_string(),
                    _ => format!("{code} {name}"),
                };
                let t = Tally::of(files.values().flatten().copied());
                writeln!(
                    out,
                    "\n【{label}】错误 {}，警告 {}，提示 {}",
                    t.errors, t.warnings, t.infos
                )?;
                for (file, list) in files {
                    writeln!(out, "  文件：{file}")?;
                    let sheet = Sheet {
                        name: String::new(),
                        columns: vec![
                            Column {
                                name: "级别",
                                kind: ColKind::Text,
                            },
                            Column {
                                name: "规则",
                                kind: ColKind::Text,
                            },
                            Column {
                                name: "工作表",
                                kind: ColKind::Text,
                            },
                            Column {
                                name: "单元格",
                                kind: ColKind::Text,
                            },
                            Column {
                                name: "说明",
                                kind: ColKind::LongText,
                            },
                        ],
                        rows: list
                            .iter()
                            .map(|f| {
                                [
                                    f.severity.label().to_string(),
                                    f.rule.code().to_string(),
                                    f.sheet.to_string(),
                                    f.cell_text(),
                                    f.message.to_string(),
                                ]
                                .into_iter()
                                .map(Val::Text)
                                .collect()
                            })
                            .collect(),
                        total: false,
                    };
                    writeln!(out, "{}", terminal::table(&sheet))?;
                }
            }
        }
    }
    out.flush()?;
    drop(out);
    if !args.inputs.common.quiet {
        for line in summary_lines(&l) {
            eprintln!("{line}");
        }
        // Whom to send the forms back to.
        let units = |sev: Severity| {
            let mut v: Vec<(&str, &str)> = findings
                .iter()
                .filter(|f| f.severity == sev)
                .map(|f| (&*f.unit_code, &*f.unit_name))
                .collect();
            v.sort();
            v.dedup();
            v.len()
        };
        let (e, w) = (units(Severity::Error), units(Severity::Warning));
        if e + w > 0 {
            eprintln!("有错误的单位 {e} 个（须改正后重新报送），有警告的单位 {w} 个（请核实）");
        }
        if let Some(p) = &args.report {
            eprintln!("问题清单已写入 `{}`", p.display());
        }
    }
    let status = status_for(&l.batch);
    // A city's batch is hundreds of thousands of small allocations: the process is about to
    // end, and the system takes its memory back faster than freeing them one by one.
    std::mem::forget(l);
    Ok(status)
}
