//! `jixiao mail`: one message per unit (templates, feedback, reminders), written as `.eml` files
//! for review, or sent through SMTP with a send log so that a re-run sends nothing twice.

use super::{Common, Inputs, exit};
use crate::config::Config;
use crate::mail::send::{self, Security, SendLog};
use crate::mail::{self, Fill, Kind, Outgoing, Owed};
use crate::output::Format;
use crate::output::xlsx::write_atomic;
use crate::registry::{Listing, Roster, open};
use crate::schema::{col, sheet, sheets};
use crate::stage::{self, Stage};
use anyhow::{Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const EXAMPLES: &str = "示例：
  jixiao mail --kind template --roster 单位名册.xlsx --attach 模板/ --out 邮件/
  jixiao mail --kind template --roster 单位名册.xlsx --attach 模板/ --out 邮件/ --send --smtp smtp.example.gov.cn:465
  jixiao mail --kind feedback --roster 单位名册.xlsx --attach 反馈/ --out 反馈邮件/
  jixiao mail --kind reminder --roster 单位名册.xlsx --from 汇总.xlsx --out 催报邮件/
  jixiao mail --kind reminder --roster 单位名册.xlsx --returns 收表/ --budget 预算项目清单.xlsx --out 催报邮件/

发送时 SMTP 用户名和密码取自环境变量 JIXIAO_SMTP_USER、JIXIAO_SMTP_PASSWORD。
发送记录写在 --out 文件夹的 发送记录.csv 中：再次运行时已发送的不再发送。

退出码：0 全部写出或发出；1 有单位没有邮箱或发送失败（列在最后）；2 无法完成";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// 填报模板
    Template,
    /// 审核反馈
    Feedback,
    /// 催报（只发给催报名单上的单位）
    Reminder,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TlsArg {
    /// 465 端口用 TLS，本机用明文，其余用 STARTTLS
    Auto,
    /// STARTTLS
    Starttls,
    /// 直接 TLS（通常是 465 端口）
    Tls,
    /// 不加密（只允许本机）
    None,
}

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct MailArgs {
    /// 单位名册（xlsx），收件人取自“邮箱”列（可填几个地址，用分号隔开）
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// 邮件类别：template 填报模板、feedback 审核反馈、reminder 催报
    #[arg(long, value_enum)]
    pub kind: KindArg,
    /// 附件所在文件夹：文件名以单位编码开头的文件作为该单位的附件
    #[arg(long, value_name = "DIR")]
    pub attach: Option<PathBuf>,
    /// 输出文件夹：每个单位一个 .eml 文件，以及发送记录.csv
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// 阶段（邮件中的“{阶段}”）：target 绩效目标、monitor 绩效监控、self-eval 绩效自评
    #[arg(long, value_enum, default_value_t = Stage::Target)]
    pub stage: Stage,
    /// 催报：汇总工作簿（jixiao consolidate 或 coverage 生成），取其中的催报名单
    #[arg(long, value_name = "汇总.xlsx")]
    pub from: Option<PathBuf>,
    /// 催报：报回的工作簿或文件夹，现场统计覆盖情况得出催报名单
    #[arg(long, value_name = "PATHS", num_args = 1..)]
    pub returns: Vec<PathBuf>,
    /// 催报：预算项目清单（与 --returns 一起用）
    #[arg(long, value_name = "FILE")]
    pub budget: Option<PathBuf>,
    /// 发送邮件（默认只写出 .eml 文件供检查）
    #[arg(long, requires = "smtp")]
    pub send: bool,
    /// SMTP 服务器 HOST:PORT
    #[arg(long, value_name = "HOST:PORT")]
    pub smtp: Option<String>,
    /// SMTP 连接加密方式
    #[arg(long, value_enum, default_value_t = TlsArg::Auto)]
    pub tls: TlsArg,
    /// 发件人（默认取 jixiao.toml 的 [mail] from）
    #[arg(long, value_name = "ADDR")]
    pub sender: Option<String>,
    /// 每分钟最多发送的邮件数（默认取 jixiao.toml 的 [mail] rate，60）
    #[arg(long, value_name = "N")]
    pub rate: Option<u32>,
    /// 年度（邮件中的“{年度}”，默认取 jixiao.toml 的 year）
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,
    #[command(flatten)]
    pub common: Common,
}

/// One unit's line of the result.
#[derive(Debug, serde::Serialize)]
struct Line {
    code: String,
    name: String,
    to: Vec<String>,
    attachments: Vec<String>,
    subject: String,
    eml: String,
    status: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    failures: Vec<String>,
}

pub fn run(args: &MailArgs) -> Result<u8> {
    let config = Config::load(args.common.config.as_deref())?;
    let roster = Roster::load(&args.roster)?;
    super::tell_list_notes(args.common.quiet, Some(&roster), None, None);
    let kind = match args.kind {
        KindArg::Template => Kind::Template,
        KindArg::Feedback => Kind::Feedback,
        KindArg::Reminder => Kind::Reminder,
    };
    if kind != Kind::Reminder && args.attach.is_none() {
        bail!("{} 邮件需要附件：请加上 `--attach 文件夹`", kind.name());
    }
    if args.send && args.smtp.is_none() {
        bail!("发送邮件需要 SMTP 服务器：请加上 `--smtp HOST:PORT`");
    }
    let attachments = match &args.attach {
        Some(d) => mail::attachments_by_unit(d, &roster)?,
        None => BTreeMap::new(),
    };
    // Whom to write to, and (reminders) what each owes.
    let owed: Option<BTreeMap<String, Owed>> = match kind {
        Kind::Reminder => Some(chase_list(args, &roster)?),
        _ => None,
    };
    let sender_text = args
        .sender
        .clone()
        .or_else(|| config.mail.from.clone())
        .unwrap_or_else(|| "jixiao <jixiao@localhost>".to_string());
    let sender: lettre::message::Mailbox = sender_text
        .parse()
        .map_err(|e| anyhow::anyhow!("发件人 `{sender_text}` 格式不对：{e}"))?;
    if args.send && args.sender.is_none() && config.mail.from.is_none() {
        bail!("发送邮件需要发件人：请加上 `--sender 地址` 或在 jixiao.toml 的 [mail] 中写 from");
    }
    let text = kind.text(&config.mail);
    let year = args
        .year
        .or(config.year)
        .map(|y| y.to_string())
        .unwrap_or_default();
    let deadline = config
        .deadline
        .clone()
        .unwrap_or_else(|| "通知规定的时间".into());
    let contact = config.contact.clone().unwrap_or_default();
    std::fs::create_dir_all(&args.out).map_err(|e| {
        crate::messages::Localized::io(format!("无法创建输出文件夹 `{}`", args.out.display()), &e)
    })?;
    let transport = match (&args.smtp, args.send) {
        (Some(s), true) => Some(send::transport(
            s,
            match args.tls {
                TlsArg::Auto => Security::Auto,
                TlsArg::Starttls => Security::StartTls,
                TlsArg::Tls => Security::Tls,
                TlsArg::None => Security::None,
            },
        )?),
        _ => None,
    };
    let mut log = SendLog::open(&args.out)?;
    let rate = args.rate.unwrap_or(config.mail.rate).clamp(1, 600);
    let gap = Duration::from_secs_f64(60.0 / f64::from(rate));
    let units: Vec<_> = roster
        .units
        .iter()
        .filter(|u| owed.as_ref().is_none_or(|o| o.contains_key(&u.code)))
        .collect();
    let bar = bar(units.len() as u64, args.common.quiet, args.send);
    let mut lines = Vec::new();
    let mut last_send: Option<Instant> = None;
    for u in units {
        bar.inc(1);
        let files = attachments.get(&u.code).cloned().unwrap_or_default();
        let names: Vec<String> = files
            .iter()
            .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect();
        let to = mail::addresses(&u.email);
        let fill = Fill {
            unit: u,
            stage: args.stage.name(),
            year: year.clone(),
            deadline: deadline.clone(),
            contact: contact.clone(),
            attachments: &names,
            owed: owed.as_ref().and_then(|o| o.get(&u.code)),
        };
        let mut line = Line {
            code: u.code.clone(),
            name: u.name.clone(),
            to: to.clone(),
            attachments: names.clone(),
            subject: mail::render(&text.subject, &fill),
            eml: String::new(),
            status: String::new(),
            failures: Vec::new(),
        };
        if to.is_empty() {
            line.status = "没有邮箱".into();
            lines.push(line);
            continue;
        }
        if let Some(bad) = to.iter().find(|a| !mail::plausible(a)) {
            line.status = format!("邮箱格式不对：{bad}");
            lines.push(line);
            continue;
        }
        if kind != Kind::Reminder && files.is_empty() {
            line.status = "没有附件，未写邮件".into();
            lines.push(line);
            continue;
        }
        let o = Outgoing {
            unit_code: u.code.clone(),
            unit_name: u.name.clone(),
            to: to.clone(),
            subject: line.subject.clone(),
            body: mail::render(&text.body, &fill),
            attachments: files.clone(),
        };
        let data = mail::read_attachments(&files)?;
        let message = mail::build(&o, &sender, kind, &data)?;
        let bytes = message.formatted();
        let eml_name = mail::safe_file_name(&format!("{}_{}_{}.eml", u.code, u.name, kind.name()));
        write_atomic(&args.out.join(&eml_name), &bytes)?;
        line.eml = eml_name;
        let Some(t) = &transport else {
            line.status = "已写出".into();
            lines.push(line);
            continue;
        };
        let digest = mail::digest(&data);
        let mut sent = 0;
        let mut before = 0;
        for a in &to {
            if log.sent(kind.key(), &u.code, a, &digest) {
                before += 1;
                continue;
            }
            if let Some(at) = last_send {
                let waited = at.elapsed();
                if waited < gap {
                    std::thread::sleep(gap - waited);
                }
            }
            last_send = Some(Instant::now());
            let result = send::send_one(t, &sender.email, a, &bytes);
            let status = match &result {
                Ok(()) => send::SENT.to_string(),
                Err(e) => format!("失败：{e}"),
            };
            log.record(vec![
                kind.key().into(),
                u.code.clone(),
                u.name.clone(),
                a.clone(),
                line.subject.clone(),
                names.join(";"),
                digest.clone(),
                mail::now_utc(),
                status,
            ])?;
            match result {
                Ok(()) => sent += 1,
                Err(e) => line.failures.push(format!("{a}：{e}")),
            }
        }
        line.status = if !line.failures.is_empty() {
            format!("发送失败 {} 个地址", line.failures.len())
        } else if sent == 0 && before > 0 {
            "以前已发送，未重发".into()
        } else {
            "已发送".into()
        };
        lines.push(line);
    }
    bar.finish_and_clear();
    let failed: Vec<&Line> = lines
        .iter()
        .filter(|l| {
            !l.failures.is_empty() || l.status == "没有邮箱" || l.status.starts_with("邮箱格式")
        })
        .collect();
    let status = exit::settle(if failed.is_empty() {
        exit::OK
    } else {
        exit::FINDINGS
    });
    let mut out = std::io::stdout().lock();
    match args.common.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &lines)?;
            writeln!(out)?;
        }
        Format::Csv => {
            if !args.common.no_bom {
                out.write_all("\u{feff}".as_bytes())?;
            }
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "单位编码",
                "单位名称",
                "收件人",
                "附件",
                "主题",
                "邮件文件",
                "结果",
            ])?;
            for l in &lines {
                w.write_record([
                    &l.code,
                    &l.name,
                    &l.to.join(";"),
                    &l.attachments.join(";"),
                    &l.subject,
                    &l.eml,
                    &format!("{}{}", l.status, failures_text(l)),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            for l in &lines {
                writeln!(
                    out,
                    "{}\t{}\t{}\t附件 {} 个\t{}{}",
                    l.code,
                    l.name,
                    if l.to.is_empty() {
                        "（无邮箱）".into()
                    } else {
                        l.to.join(";")
                    },
                    l.attachments.len(),
                    l.status,
                    failures_text(l)
                )?;
            }
        }
    }
    if !args.common.quiet {
        let mut err = anstream::stderr();
        let count = |s: &str| lines.iter().filter(|l| l.status == s).count();
        let verb = if transport.is_some() {
            "发送"
        } else {
            "写出"
        };
        writeln!(
            err,
            "{}邮件：{} 个单位，{verb} {} 封（已发过未重发 {}），没有附件 {}，没有邮箱 {}，失败 {}；邮件文件在 `{}`",
            kind.name(),
            lines.len(),
            if transport.is_some() {
                count("已发送")
            } else {
                count("已写出")
            },
            count("以前已发送，未重发"),
            count("没有附件，未写邮件"),
            count("没有邮箱"),
            lines.iter().filter(|l| !l.failures.is_empty()).count(),
            args.out.display()
        )?;
        if !failed.is_empty() {
            writeln!(err, "未能送达的单位：")?;
            for l in &failed {
                writeln!(
                    err,
                    "  {}（{}）：{}{}",
                    l.name,
                    l.code,
                    l.status,
                    failures_text(l)
                )?;
            }
        }
    }
    Ok(status)
}

fn failures_text(l: &Line) -> String {
    if l.failures.is_empty() {
        String::new()
    } else {
        format!("（{}）", l.failures.join("；"))
    }
}

fn bar(len: u64, quiet: bool, sending: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || len < 5 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    let what = if sending { "发送" } else { "写出" };
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what}邮件 {{pos}}/{{len}} [{{bar:30}}] {{elapsed}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

/// The units to chase and what each owes: from a consolidated workbook's 催报名单, or from a
/// coverage run over the returns.
fn chase_list(args: &MailArgs, roster: &Roster) -> Result<BTreeMap<String, Owed>> {
    let mut out = BTreeMap::new();
    if let Some(path) = &args.from {
        let grids = open(path, "汇总工作簿")?;
        let chase: Vec<_> = sheets(&grids, sheet::CHASE).cloned().collect();
        let Some(list) = Listing::find(&chase, &[col::UNIT_CODE, col::MISSING]) else {
            bail!(
                "汇总工作簿 `{}` 中没有“{}”工作表（含 单位编码、缺报内容 列）",
                path.display(),
                sheet::CHASE
            );
        };
        for r in list.rows() {
            let code = list.code(r, col::UNIT_CODE);
            if code.is_empty() || roster.by_code(&code).is_none() {
                continue;
            }
            let projects = list
                .text(r, col::EXPECTED_PROJECTS)
                .parse::<usize>()
                .unwrap_or(0);
            out.insert(
                code,
                Owed {
                    missing: list.text(r, col::MISSING),
                    projects,
                },
            );
        }
        return Ok(out);
    }
    if args.returns.is_empty() {
        bail!("催报需要催报名单：请加上 `--from 汇总.xlsx`，或用 `--returns 收表/` 现场统计");
    }
    let inputs = Inputs {
        paths: args.returns.clone(),
        roster: Some(args.roster.clone()),
        budget: args.budget.clone(),
        common: Common {
            quiet: true,
            ..args.common.clone()
        },
        stage: Some(args.stage),
        targets: None,
        previous: None,
        prefer: None,
        rules: None,
        execution: None,
        year: args.year,
    };
    let l = inputs.load(Some(Path::new(&args.out)))?;
    exit::settle(exit::OK);
    if !args.common.quiet {
        eprintln!("{}", super::summary_line(&l));
    }
    let Some(cov) = stage::coverage(&l.batch, &l.context()) else {
        bail!("没有单位名册");
    };
    for m in &cov.chase {
        out.insert(
            m.code.clone(),
            Owed {
                missing: m.missing.clone(),
                projects: m.projects,
            },
        );
    }
    Ok(out)
}
