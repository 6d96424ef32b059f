//! The `jixiao` binary: parses the command line and hands over to `cmd::<name>::run`.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use jixiao::cmd::{self, exit};
use jixiao::messages;
use std::process::ExitCode;

// Many small allocations (cell texts, findings) made and freed on several threads: mimalloc
// keeps them per thread, with less memory left behind than glibc's arenas (15% at 1,000 files).
// Without transparent huge pages (`no_thp`): with them a run paid 0.1 s or 0.7 s of kernel time
// zeroing and compacting 2 MiB pages, depending on the machine's state. Its version 2 (`v2`):
// against version 3, validate 1,000 files in 7% less time and 4% less memory, one run after
// the other on the same machine.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ABOUT: &str = "jixiao（绩效）：区县财政局预算绩效管理表格工具——读取各单位报回的工作簿，逐格检查，汇总，统计覆盖情况。";

const EXAMPLES: &str = "示例：
  jixiao validate 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx
  jixiao consolidate 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx --out 汇总.xlsx
  jixiao coverage 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx
  jixiao template --kind target --roster 单位名册.xlsx --budget 预算项目清单.xlsx --year 2024 --out 模板/
  jixiao consolidate 自评表/ --stage self-eval --roster 单位名册.xlsx --budget 预算项目清单.xlsx --out 自评汇总.xlsx
  jixiao key-eval 自评汇总.xlsx --budget 预算项目清单.xlsx --out 重点评价清单.xlsx
  jixiao apply 自评汇总.xlsx --budget 预算项目清单.xlsx --out 结果应用建议.xlsx
  jixiao screen --budget 预算项目清单.xlsx --roster 单位名册.xlsx --out 事前评估清单.xlsx
  jixiao report --roster 单位名册.xlsx --targets 目标汇总.xlsx --monitor 监控汇总.xlsx --self-eval 自评汇总.xlsx --out 年度情况/
  jixiao publish 目标汇总.xlsx --out 公开/
  jixiao assess --roster 单位名册.xlsx --targets 目标汇总.xlsx --self-eval 自评汇总.xlsx --out 绩效管理考核.xlsx
  jixiao feedback 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx --out 反馈/
  jixiao mail --kind template --roster 单位名册.xlsx --attach 模板/ --out 邮件/
  jixiao collect --roster 单位名册.xlsx --eml 收到的邮件/ --out 收表/

退出码：0 没有要报告的问题；1 数据中有错误级问题（coverage 加 --strict 时未报单位也算）；2 无法完成（参数、名册、输出文件有误）";

#[derive(Parser, Debug)]
#[command(name = "jixiao", version, about = ABOUT, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 检查报回的工作簿，逐个指出问题所在的文件、工作表和单元格
    Validate(cmd::validate::ValidateArgs),
    /// 写出本阶段的汇总工作簿（项目汇总、指标明细、单位汇总、问题清单）
    Consolidate(cmd::consolidate::ConsolidateArgs),
    /// 统计报送覆盖情况（单位、项目、资金），列出催报名单
    Coverage(cmd::coverage::CoverageArgs),
    /// 写出发给各单位的填报模板（每个单位一个工作簿，预填已知内容）
    Template(cmd::template::TemplateArgs),
    /// 提出重点评价项目（或按财政局清单），汇总单位数、项目数、资金和领域
    KeyEval(cmd::key_eval::KeyEvalArgs),
    /// 按复核等级给出结果应用建议（每个项目、每个单位，含下年预算建议金额）
    Apply(cmd::apply::ApplyArgs),
    /// 给每个报送单位写一个反馈工作簿：问题清单、缺报项目、所报各表的副本（问题单元格标色加批注）
    Feedback(cmd::feedback::FeedbackArgs),
    /// 给每个单位写（或发送）一封邮件：填报模板、审核反馈或催报，附上该单位的工作簿
    Mail(cmd::mail::MailArgs),
    /// 从邮箱（IMAP）或 .eml 邮件文件中取出报回的工作簿，按单位存入收表文件夹并记下收件记录
    Collect(cmd::collect::CollectArgs),
    /// 事前绩效评估：筛选需要评估的项目（新增、增长较多的延续项目），汇总评估结论
    Screen(cmd::screen::ScreenArgs),
    /// 年度情况：从各阶段的汇总工作簿算出全年预算绩效管理的各项数字（Markdown 情况说明和工作簿）
    Report(cmd::report::ReportArgs),
    /// 公开版：某一阶段汇总工作簿的公开表格（每个单位一个工作簿、全区一个），不含内部列
    Publish(cmd::publish::PublishArgs),
    /// 绩效管理考核：各单位按时报送、完整性、质量、整改的得分（分列、相加为总分）和排名
    Assess(cmd::assess::AssessArgs),
}

fn main() -> ExitCode {
    // A file-size limit (`ulimit -f`) reached while writing an output kills the process by
    // default, leaving its temporary file behind; ignored, the write fails with an error that
    // is reported (exit 2) and the temporary file is removed.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to "ignore" at start, before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    let args = messages::help_subcommand(std::env::args_os().collect());
    let verbose_asked = args.iter().any(|a| a == "--verbose");
    let parsed = messages::localize_command(Cli::command())
        .try_get_matches_from(&args)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => return clap_failure(&e, verbose_asked),
    };
    let common = match &cli.command {
        Command::Validate(a) => &a.inputs.common,
        Command::Consolidate(a) => &a.inputs.common,
        Command::Coverage(a) => &a.inputs.common,
        Command::Template(a) => &a.common,
        Command::KeyEval(a) => &a.common,
        Command::Apply(a) => &a.common,
        Command::Feedback(a) => &a.inputs.common,
        Command::Mail(a) => &a.common,
        Command::Collect(a) => &a.common,
        Command::Screen(a) => &a.common,
        Command::Report(a) => &a.common,
        Command::Publish(a) => &a.common,
        Command::Assess(a) => &a.common,
    };
    messages::set_verbose(common.verbose);
    // An output workbook named as a folder fails now, not after every file has been read.
    let output = match &cli.command {
        Command::Validate(a) => a.report.as_deref().map(|p| (p, "--report")),
        Command::Consolidate(a) => Some((a.out.as_path(), "--out")),
        Command::Coverage(a) => a.out.as_deref().map(|p| (p, "--out")),
        Command::KeyEval(a) => a.out.as_deref().map(|p| (p, "--out")),
        Command::Apply(a) => a.out.as_deref().map(|p| (p, "--out")),
        Command::Screen(a) => a.out.as_deref().map(|p| (p, "--out")),
        Command::Assess(a) => a.out.as_deref().map(|p| (p, "--out")),
        Command::Template(_)
        | Command::Feedback(_)
        | Command::Mail(_)
        | Command::Collect(_)
        | Command::Report(_)
        | Command::Publish(_) => None,
    };
    let checked = match output {
        Some((path, flag)) => cmd::check_output_file(path, flag),
        None => Ok(()),
    };
    let result = checked.and_then(|()| match &cli.command {
        Command::Validate(a) => cmd::validate::run(a),
        Command::Consolidate(a) => cmd::consolidate::run(a),
        Command::Coverage(a) => cmd::coverage::run(a),
        Command::Template(a) => cmd::template::run(a),
        Command::KeyEval(a) => cmd::key_eval::run(a),
        Command::Apply(a) => cmd::apply::run(a),
        Command::Feedback(a) => cmd::feedback::run(a),
        Command::Mail(a) => cmd::mail::run(a),
        Command::Collect(a) => cmd::collect::run(a),
        Command::Screen(a) => cmd::screen::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Publish(a) => cmd::publish::run(a),
        Command::Assess(a) => cmd::assess::run(a),
    });
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // `jixiao … | head` closing the pipe is not an error.
            if is_broken_pipe(&e) {
                return ExitCode::from(exit::verdict());
            }
            cmd::print_error(&e);
            ExitCode::from(exit::FAILURE)
        }
    }
}

/// Help, version, or a command line clap refused: in Chinese, then the hint.
fn clap_failure(e: &clap::Error, verbose: bool) -> ExitCode {
    use clap::error::ErrorKind;
    use std::io::Write;
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let mut out = anstream::stdout();
            // A closed pipe (`jixiao --help | head`) is not an error.
            let _ = writeln!(out, "{}", help_text(e)).and_then(|()| out.flush());
            return ExitCode::from(exit::OK);
        }
        _ => {}
    }
    let mut err = anstream::stderr();
    let label = messages::ERROR;
    if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let _ = writeln!(err, "{}\n", help_text(e));
        let _ = writeln!(err, "{label}错误：{label:#}缺少命令");
    } else {
        let _ = writeln!(err, "{label}错误：{label:#}{}", messages::clap_error(e));
    }
    if verbose {
        let _ = writeln!(err, "\n原始信息：{}", e.render().to_string().trim_end());
    }
    let _ = writeln!(
        err,
        "\n提示：命令行参数有误，用 `jixiao --help` 或 `jixiao <命令> --help` 查看用法和示例"
    );
    ExitCode::from(exit::FAILURE)
}

/// The help (or version) clap rendered, with its placeholders in Chinese.
fn help_text(e: &clap::Error) -> String {
    let text = messages::localize_usage(&e.render().ansi().to_string());
    text.trim_end().to_string()
}

/// `jixiao … | head` closing the pipe early: whatever writer met it.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    use std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .is_some_and(|j| j.io_error_kind() == Some(BrokenPipe))
            || c.downcast_ref::<csv::Error>().is_some_and(
                |x| matches!(x.kind(), csv::ErrorKind::Io(io) if io.kind() == BrokenPipe),
            )
    })
}
