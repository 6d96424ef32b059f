//! The `jixiao` binary: parses the command line and hands over to `cmd::<name>::run`.

use clap::{Parser, Subcommand};
use jixiao::cmd::{self, exit};
use std::process::ExitCode;

const ABOUT: &str = "jixiao（绩效）：区县财政局预算绩效管理表格工具——读取各单位报回的工作簿，逐格检查，汇总，统计覆盖情况。";

const EXAMPLES: &str = "示例：
  jixiao validate 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx
  jixiao consolidate 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx --out 汇总.xlsx
  jixiao coverage 收表/ --roster 单位名册.xlsx --budget 预算项目清单.xlsx
  jixiao template --kind target --roster 单位名册.xlsx --budget 预算项目清单.xlsx --year 2024 --out 模板/
  jixiao consolidate 自评表/ --stage self-eval --roster 单位名册.xlsx --budget 预算项目清单.xlsx --out 自评汇总.xlsx
  jixiao key-eval 自评汇总.xlsx --budget 预算项目清单.xlsx --out 重点评价清单.xlsx
  jixiao apply 自评汇总.xlsx --budget 预算项目清单.xlsx --out 结果应用建议.xlsx

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
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() {
                exit::FAILURE
            } else {
                exit::OK
            };
            let _ = e.print();
            if e.use_stderr() {
                eprintln!(
                    "提示：命令行参数有误，用 `jixiao --help` 或 `jixiao <命令> --help` 查看用法和示例"
                );
            }
            return ExitCode::from(code);
        }
    };
    let result = match &cli.command {
        Command::Validate(a) => cmd::validate::run(a),
        Command::Consolidate(a) => cmd::consolidate::run(a),
        Command::Coverage(a) => cmd::coverage::run(a),
        Command::Template(a) => cmd::template::run(a),
        Command::KeyEval(a) => cmd::key_eval::run(a),
        Command::Apply(a) => cmd::apply::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // `jixiao … | head` closing the pipe is not an error.
            if is_broken_pipe(&e) {
                return ExitCode::from(exit::verdict());
            }
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(exit::FAILURE)
        }
    }
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
