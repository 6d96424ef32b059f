//! One file per subcommand: arguments, a call into the library, rendering, an exit status.

pub mod apply;
pub mod assess;
pub mod collect;
pub mod consolidate;
pub mod coverage;
pub mod feedback;
pub mod key_eval;
pub mod mail;
pub mod publish;
pub mod report;
pub mod screen;
pub mod template;
pub mod validate;

use crate::batch::{self, Batch, Expect};
use crate::config::Config;
use crate::messages;
use crate::output::Format;
use crate::read::workbook::{FileKey, InputFile, SkippedFile, discover, read_workbook};
use crate::registry::{Budget, Roster};
use crate::rules::bureau::RuleTable;
use crate::schema::{self, Consolidated};
use crate::stage::{self, Context, Execution, Stage};
use anyhow::{Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::PathBuf;

/// Exit statuses (FORMS §8).
pub mod exit {
    /// Nothing to report.
    pub const OK: u8 = 0;
    /// The data has error findings (or missing units with `--strict`).
    pub const FINDINGS: u8 = 1;
    /// The tool could not do its job.
    pub const FAILURE: u8 = 2;

    use std::sync::atomic::{AtomicU8, Ordering};

    static VERDICT: AtomicU8 = AtomicU8::new(OK);

    /// Records the data's verdict before the data is written, so that a reader closing stdout
    /// early (`jixiao validate … | head`) does not turn it into success.
    pub fn settle(code: u8) -> u8 {
        VERDICT.store(code, Ordering::SeqCst);
        code
    }

    /// The verdict recorded by [`settle`].
    pub fn verdict() -> u8 {
        VERDICT.load(Ordering::SeqCst)
    }
}

/// Options every command takes.
#[derive(Args, Debug, Clone)]
pub struct Common {
    /// 配置文件：审核阈值、年度、截止时间、联系人（默认：当前目录下的 jixiao.toml，如有）
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// 安静模式：不显示进度条和汇总信息
    #[arg(long, short)]
    pub quiet: bool,
    /// 标准输出的格式：table 表格、json、csv
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// CSV 不写字节顺序标记（BOM）；默认写，Excel 直接打开不乱码
    #[arg(long)]
    pub no_bom: bool,
    /// 出错时另外显示系统或程序库给出的原始（英文）信息，便于技术人员排查（只显示在屏幕上，不写入工作簿）
    #[arg(long)]
    pub verbose: bool,
}

/// Reads the self-evaluation stage's consolidated workbook (`apply`, `key-eval`), refused when
/// it consolidates another stage (its 项目汇总 columns say which, FORMS §6).
pub fn read_self_eval(path: &std::path::Path) -> Result<Consolidated> {
    let c = schema::read(path)?;
    if c.stage != Stage::SelfEval {
        bail!(
            "`{}` 是{}阶段的汇总工作簿，不是{}阶段的汇总工作簿：请用 jixiao consolidate --stage self-eval 生成",
            path.display(),
            c.stage.name(),
            Stage::SelfEval.name()
        );
    }
    Ok(c)
}

/// Refuses an output workbook whose name does not end in `.xlsx`: the file written is always a
/// workbook, and a `.csv` name would hide that.
pub fn xlsx_out(path: &std::path::Path) -> Result<()> {
    let ok = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !ok {
        bail!(
            "输出文件 `{}` 应以 .xlsx 结尾：jixiao 写出的是 Excel 工作簿；要 CSV 请用 `--format csv` 输出到标准输出",
            path.display()
        );
    }
    Ok(())
}

/// An output workbook must be named as a file: not a folder, not under a file (exit 2).
pub fn check_output_file(path: &std::path::Path, flag: &str) -> Result<()> {
    match messages::output_file_problem(path, Some(flag)) {
        Some(why) => bail!(why),
        None => Ok(()),
    }
}

/// An error on stderr in Chinese: `错误：` and the message, `原因：` for each cause, the
/// original English of translated causes only with `--verbose`.
pub fn print_error(e: &anyhow::Error) {
    use std::io::Write;
    let mut err = anstream::stderr();
    let label = messages::ERROR;
    let mut shown: Vec<String> = Vec::new();
    let mut originals = Vec::new();
    for cause in e.chain() {
        let (text, original) = messages::describe(cause);
        originals.extend(original);
        if shown.iter().any(|s| s.contains(&text)) {
            continue;
        }
        let _ = if shown.is_empty() {
            writeln!(err, "{label}错误：{label:#}{text}")
        } else {
            writeln!(err, "  原因：{text}")
        };
        shown.push(text);
    }
    if !originals.is_empty() {
        if messages::verbose() {
            for o in originals {
                let _ = writeln!(err, "  原始信息：{o}");
            }
        } else {
            let _ = writeln!(err, "  （技术人员可加 --verbose 查看系统给出的原始信息）");
        }
    }
}

/// Inputs shared by the commands that read returned workbooks.
#[derive(Args, Debug, Clone)]
pub struct Inputs {
    /// 报回的工作簿，或含工作簿的文件夹（递归查找 .xlsx .xlsm .xls .xlsb .ods）
    #[arg(required = true, value_name = "PATHS")]
    pub paths: Vec<PathBuf>,
    /// 单位名册（xlsx）：单位编码、单位名称、主管部门、联系人、邮箱、别名、是否有项目支出
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// 预算项目清单（xlsx）：单位编码、项目编码、项目名称、预算类型、本年预算数……
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    /// 收集的阶段：target 绩效目标、monitor 绩效监控、self-eval 绩效自评（默认：按报回的表判断；几个阶段的表混在一起时必须指明）
    #[arg(long, value_enum)]
    pub stage: Option<Stage>,
    /// 监控阶段：绩效目标阶段的汇总工作簿（jixiao consolidate 生成），用来核对监控表的指标与申报的是否一致
    #[arg(long, value_name = "目标汇总.xlsx")]
    pub targets: Option<PathBuf>,
    /// 上一轮的汇总工作簿（同一阶段，jixiao consolidate 生成）：写出“整改情况”，列出已整改、未整改、新问题和新增、撤回的表
    #[arg(long, value_name = "上一轮汇总.xlsx")]
    pub previous: Option<PathBuf>,
    /// 同一项目交了几份而填报日期、文件名都分不出先后时：newer 以文件修改时间较新的为准（默认报重复）
    #[arg(long, value_enum, value_name = "newer")]
    pub prefer: Option<Prefer>,
    /// 监控阶段：预算系统导出的预算执行情况表（单位编码、年初预算数、调整后预算数、1-N月执行数），对所有单位做执行监控
    #[arg(long, value_name = "预算执行情况表.xlsx")]
    pub execution: Option<PathBuf>,
    /// 预算年度：jixiao 模板的年度不符时报 T02（默认取 jixiao.toml 的 year）
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    /// 财政局的审核口径表（xlsx：编码、审核对象、模式、审核意见表述、正则表达式……），在绩效目标阶段逐表审核（默认取 jixiao.toml 的 rules）
    #[arg(long, value_name = "审核口径.xlsx")]
    pub rules: Option<PathBuf>,
}

/// How to order resubmissions that nothing on the forms orders.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Prefer {
    /// 文件修改时间较新的为准
    Newer,
}

/// Everything a command needs, loaded and read.
pub struct Loaded {
    pub files: Vec<InputFile>,
    /// Files found that are not read as returned forms, and why.
    pub skipped_files: Vec<SkippedFile>,
    pub roster: Option<Roster>,
    pub budget: Option<Budget>,
    pub config: Config,
    pub batch: Batch,
    /// The previous stage's consolidated workbook (`--targets`) and how findings name it.
    pub previous: Option<Consolidated>,
    pub previous_name: String,
    pub execution: Option<Execution>,
    /// The previous round of the same stage (`--previous`).
    pub last_round: Option<Consolidated>,
}

impl Loaded {
    /// The files found, read, skipped and failed.
    pub fn counts(&self) -> batch::FileCounts {
        self.batch.counts(self.skipped_files.len())
    }
    /// What the stage analysis uses besides the batch.
    pub fn context(&self) -> Context<'_> {
        Context {
            roster: self.roster.as_ref(),
            budget: self.budget.as_ref(),
            config: Some(&self.config),
            previous: self.previous.as_ref(),
            previous_name: &self.previous_name,
            execution: self.execution.as_ref(),
            last_round: self.last_round.as_ref(),
        }
    }
}

impl Inputs {
    /// Loads and reads the inputs, leaving out the roster, the budget list and `output` when
    /// they sit in a folder being read (a clerk keeps them beside the returned forms).
    pub fn load(&self, output: Option<&std::path::Path>) -> Result<Loaded> {
        self.load_as(output, false)
    }

    /// [`Inputs::load`] for a command that reports findings and counts only (`validate`,
    /// `coverage`): cards let go of their tables once checked (see [`Expect::findings_only`]).
    pub fn load_findings(&self, output: Option<&std::path::Path>) -> Result<Loaded> {
        self.load_as(output, true)
    }

    fn load_as(&self, output: Option<&std::path::Path>, findings_only: bool) -> Result<Loaded> {
        let mut config = Config::load(self.common.config.as_deref())?;
        // The rule table is loaded (or refused) before any form is read.
        let rules = self.rules.clone().or_else(|| config.rules.clone());
        if let Some(path) = &rules {
            config.rule_table = Some(std::sync::Arc::new(RuleTable::load(path)?));
        }
        let roster = self.roster.as_deref().map(Roster::load).transpose()?;
        let budget = self.budget.as_deref().map(Budget::load).transpose()?;
        // The declared targets: the target stage's workbook (or monitoring's, which carries them).
        let previous = self
            .targets
            .as_deref()
            .map(|p| schema::read_stage(p, &[Stage::Target, Stage::Monitor], "--targets"))
            .transpose()?;
        // Without a budget list, the projects expected are the previous stage's (FORMS §7).
        let budget = budget.or_else(|| previous.as_ref().map(Budget::from_consolidated));
        let execution = self.execution.as_deref().map(Execution::load).transpose()?;
        tell_list_notes(
            self.common.quiet,
            roster.as_ref(),
            budget.as_ref(),
            execution.as_ref(),
        );
        let last_round = self.previous.as_deref().map(schema::read).transpose()?;
        // The previous round of the same stage: checked here when the stage is named, else
        // once the returns tell it.
        if let (Some(l), Some(path), Some(stage)) = (&last_round, &self.previous, self.stage) {
            schema::expect_stage(l.stage, path, &[stage], "--previous")?;
        }
        let found = discover(&self.paths);
        if let Some(m) = found.missing.first() {
            bail!("找不到 `{}`：请检查路径", m.display());
        }
        let (mut files, mut skipped) = (found.files, found.skipped);
        // The roster, the budget list, the other inputs and the output, kept in a folder being
        // read, are not returned forms: skipped and counted as such.
        let inputs: Vec<(FileKey, &str)> = [
            (self.roster.as_deref(), "单位名册（--roster）"),
            (self.budget.as_deref(), "预算项目清单（--budget）"),
            (self.targets.as_deref(), "目标汇总工作簿（--targets）"),
            (self.execution.as_deref(), "预算执行情况表（--execution）"),
            (self.previous.as_deref(), "上一轮汇总工作簿（--previous）"),
            (rules.as_deref(), "审核口径表（--rules）"),
        ]
        .into_iter()
        .filter_map(|(p, what)| Some((FileKey::of(p?)?, what)))
        .collect();
        let out = output.and_then(|o| Some((o, FileKey::of(o)?)));
        if let Some((shown, out)) = &out {
            if let Some((_, what)) = inputs.iter().find(|(p, _)| p == out) {
                bail!(
                    "输出文件 `{}` 就是{what}：写出会覆盖这个输入文件，请换一个输出文件名",
                    shown.display()
                );
            }
            // An earlier output may be replaced; a unit's return in its place may not.
            if let Some(f) = files.iter().find(|f| f.key.as_ref() == Some(out))
                && !read_workbook(&f.path).is_ok_and(|g| schema::is_consolidated(&g))
            {
                bail!(
                    "输出文件 `{}` 是要读取的报表之一（`{}`，不是 jixiao 写出的汇总工作簿）：写出会覆盖它，请换一个输出文件名或位置",
                    shown.display(),
                    f.display
                );
            }
        }
        files.retain(|f| {
            let Some(p) = &f.key else {
                return true;
            };
            let what = match inputs.iter().find(|(i, _)| i == p) {
                Some((_, what)) => *what,
                None if out.as_ref().is_some_and(|(_, o)| o == p) => "本次的输出文件",
                None => return true,
            };
            skipped.push(SkippedFile {
                display: f.display.clone(),
                why: format!("{what}，不是报回的表"),
            });
            false
        });
        if files.is_empty() {
            let named = self
                .paths
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join("、");
            // What was found instead, and why each was not read (a lock file named by hand).
            let why: Vec<String> = skipped
                .iter()
                .take(3)
                .map(|s| format!("`{}`：{}", s.display, s.why))
                .collect();
            if why.is_empty() {
                bail!("在 {named} 中没有找到任何工作簿（.xlsx .xlsm .xls .xlsb .ods）");
            }
            bail!(
                "在 {named} 中没有找到可以读取的工作簿（.xlsx .xlsm .xls .xlsb .ods）；跳过了 {} 个文件：{}{}",
                skipped.len(),
                why.join("；"),
                if skipped.len() > why.len() {
                    "……"
                } else {
                    ""
                }
            );
        }
        let bar = progress_bar(files.len() as u64, self.common.quiet);
        let expect = Expect {
            prefer_newer: self.prefer == Some(Prefer::Newer),
            stage: self.stage,
            year: self.year.or(config.year),
            findings_only,
        };
        let batch = batch::run(
            &files,
            roster.as_ref(),
            budget.as_ref(),
            &config,
            &expect,
            &|_| bar.inc(1),
        );
        bar.finish_and_clear();
        let batch = batch?;
        if let (Some(l), Some(path), None) = (&last_round, &self.previous, self.stage) {
            schema::expect_stage(l.stage, path, &[batch.stage], "--previous")?;
        }
        let mut loaded = Loaded {
            files,
            skipped_files: skipped,
            roster,
            budget,
            config,
            batch,
            previous,
            previous_name: self
                .targets
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            execution,
            last_round,
        };
        let mut batch = std::mem::take(&mut loaded.batch);
        stage::cross_check(&mut batch, &loaded.context());
        loaded.batch = batch;
        exit::settle(status_for(&loaded.batch));
        Ok(loaded)
    }
}

/// [`list_notes`] on stderr, unless `--quiet`.
pub fn tell_list_notes(
    quiet: bool,
    roster: Option<&Roster>,
    budget: Option<&Budget>,
    execution: Option<&Execution>,
) {
    if !quiet {
        for note in list_notes(roster, budget, execution) {
            eprintln!("提示：{note}");
        }
    }
}

/// What the clerk should know about how the bureau's lists were read: their own notes, and
/// budget projects of units the roster does not hold (counted, but chased from nobody).
pub fn list_notes(
    roster: Option<&Roster>,
    budget: Option<&Budget>,
    execution: Option<&Execution>,
) -> Vec<String> {
    let mut notes: Vec<String> = [
        roster.map(|r| r.notes.as_slice()),
        budget.map(|b| b.notes.as_slice()),
        execution.map(|e| e.notes.as_slice()),
    ]
    .into_iter()
    .flatten()
    .flatten()
    .cloned()
    .collect();
    if let (Some(r), Some(b)) = (roster, budget) {
        let mut outside: Vec<&str> = b
            .projects
            .iter()
            .map(|p| p.unit_code.as_str())
            .filter(|c| r.by_code(c).is_none())
            .collect();
        outside.sort_unstable();
        outside.dedup();
        if !outside.is_empty() {
            let shown: Vec<&str> = outside.iter().take(10).copied().collect();
            notes.push(format!(
                "预算项目清单中 {} 个单位编码不在单位名册中（其项目计入应报，但不在催报名单上）：{}{}",
                outside.len(),
                shown.iter().map(|c| if c.is_empty() { "（空）" } else { c }).collect::<Vec<_>>().join("、"),
                if outside.len() > shown.len() { "等" } else { "" }
            ));
        }
    }
    notes
}

/// A progress bar on stderr, only on a terminal and never with `--quiet`.
pub fn progress_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{spinner} 读取 {pos}/{len} 个文件 [{bar:30}] {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}

/// A one-line summary of a batch, for stderr.
pub fn summary_line(l: &Loaded) -> String {
    let t = l.batch.tally();
    let projects = l.batch.projects().count();
    let overall = l.batch.entries.len() - projects;
    // Coloured on a terminal: the counts of errors and warnings stand out when there are any.
    let on = messages::colour(&std::io::stderr());
    let count = |n: usize, label: &str, style| {
        let text = format!("{label} {n}");
        if n > 0 {
            messages::paint(on, style, &text)
        } else {
            text
        }
    };
    let c = l.counts();
    format!(
        "{}：找到 {} 个文件（读取 {}，跳过 {}，{}），{} 张绩效表（项目表 {}，整体表 {}），跳过 {} 个其他工作表；{}，{}，提示 {}",
        messages::paint(on, messages::BOLD, l.batch.stage.name()),
        c.found,
        c.read,
        c.skipped,
        count(c.failed, "无法读取", messages::ERROR),
        l.batch.entries.len(),
        projects,
        overall,
        l.batch.skipped.len(),
        count(t.errors, "错误", messages::ERROR),
        count(t.warnings, "警告", messages::WARNING),
        t.infos
    )
}

/// A few lines for stderr after a run, so a clerk sees the result without opening the
/// workbook: what was read, the coverage (with a roster), and the units with most errors.
pub fn summary_lines(l: &Loaded) -> Vec<String> {
    let mut out = vec![summary_line(l)];
    // An unreadable file handed in again in a readable version is in 已替换, not 问题清单.
    let (replaced, failed): (Vec<&str>, Vec<&str>) = l
        .batch
        .outcomes
        .iter()
        .zip(&l.files)
        .filter(|(o, _)| **o == batch::Outcome::Failed)
        .map(|(_, f)| f.display.as_str())
        .partition(|f| l.batch.replaced_files.iter().any(|r| r.file == *f));
    if !replaced.is_empty() {
        out.push(format!(
            "无法读取、已被重新报送的版本替换的文件 {} 个（见已替换）",
            replaced.len()
        ));
    }
    if !failed.is_empty() {
        let more = if failed.len() > 5 {
            format!(" 等 {} 个", failed.len())
        } else {
            String::new()
        };
        out.push(format!(
            "无法读取的文件：{}{more}（原因见问题清单）",
            failed[..failed.len().min(5)].join("、")
        ));
    }
    if let Some(cov) = stage::coverage(&l.batch, &l.context()) {
        let share = |s: stage::coverage::Share| {
            let rate = s
                .rate()
                .map(|r| format!("（{:.1}%）", r * 100.0))
                .unwrap_or_default();
            format!("{}/{}{rate}", s.done, s.expected)
        };
        let t = &cov.total;
        let mut parts = vec![
            format!("{} {}", cov.units_label, share(t.units.unwrap_or_default())),
            format!(
                "{} {}",
                cov.project_units_label,
                share(t.project_units.unwrap_or_default())
            ),
        ];
        if let Some(p) = t.projects {
            parts.push(format!("项目 {}", share(p)));
        }
        if let Some(f) = t.funds {
            let rate = f
                .rate()
                .map(|r| format!("（{:.1}%）", r * 100.0))
                .unwrap_or_default();
            parts.push(format!("资金 {}/{} 万元{rate}", f.done, f.expected));
        }
        out.push(format!("覆盖情况：{}", parts.join("，")));
        if !cov.chase.is_empty() {
            let names: Vec<&str> = cov.chase.iter().take(5).map(|m| m.name.as_str()).collect();
            let more = if cov.chase.len() > 5 {
                format!(" 等 {} 个", cov.chase.len())
            } else {
                String::new()
            };
            out.push(format!("催报：{}{more}", names.join("、")));
        }
    }
    if let Some(last) = &l.last_round {
        let (_, changes) = stage::rounds::review(&l.batch, last);
        out.push(format!("与上一轮相比有变化的单位 {} 个：", changes.len()));
        for c in &changes {
            let parts: Vec<String> = stage::rounds::state::ALL
                .iter()
                .filter_map(|s| c.counts.get(s).map(|n| format!("{s} {n}")))
                .collect();
            out.push(format!("  {}：{}", c.unit, parts.join("，")));
        }
    }
    let mut errors: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for f in &l.batch.findings {
        if f.severity == crate::finding::Severity::Error {
            *errors.entry((&f.unit_code, &f.unit_name)).or_default() += 1;
        }
    }
    if !errors.is_empty() {
        let mut worst: Vec<((&str, &str), usize)> = errors.into_iter().collect();
        worst.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let top = &worst[..worst.len().min(5)];
        // Two units of one name among them are told apart by their codes.
        let shared = |name: &str| top.iter().filter(|((_, n), _)| *n == name).count() > 1;
        let shown: Vec<String> = top
            .iter()
            .map(|((code, name), n)| {
                let who = match (code.is_empty(), name.is_empty()) {
                    (false, false) if shared(name) => format!("{name}（{code}）"),
                    (_, false) => name.to_string(),
                    (false, true) => code.to_string(),
                    (true, true) => "未能识别单位的文件".to_string(),
                };
                format!("{who} {n} 个")
            })
            .collect();
        out.push(format!("错误最多的单位：{}", shown.join("，")));
    }
    out
}

/// The exit status for a batch: findings of error severity give 1.
pub fn status_for(batch: &Batch) -> u8 {
    if batch.tally().errors > 0 {
        exit::FINDINGS
    } else {
        exit::OK
    }
}
