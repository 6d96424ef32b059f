//! `jixiao collect`: returned forms taken out of mail (an IMAP mailbox or a folder of `.eml`
//! files), saved into the returns folder under the unit's code, with a received log.

use super::{Common, exit};
use crate::mail::collect::{self, Incoming, ReceivedLog};
use crate::output::Format;
use crate::registry::Roster;
use anyhow::{Result, bail};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub const EXAMPLES: &str = "示例：
  jixiao collect --roster 单位名册.xlsx --eml 收到的邮件/ --out 收表/
  jixiao collect --roster 单位名册.xlsx --imap imap.example.gov.cn:993 --out 收表/
  jixiao collect --roster 单位名册.xlsx --imap imap.example.gov.cn:993 --mailbox 绩效 --mark-seen --out 收表/

IMAP 用户名和密码取自环境变量 JIXIAO_IMAP_USER、JIXIAO_IMAP_PASSWORD；默认只读，不改变邮件状态。
收件记录写在收表文件夹旁的 收件记录.csv 中：再次运行时已保存的附件不再保存。

退出码：0 全部保存；1 有发件人不明、没有工作簿或附件无法取出的邮件（列在最后）；2 无法完成";

#[derive(Args, Debug)]
#[command(after_help = EXAMPLES)]
pub struct CollectArgs {
    /// 单位名册（xlsx）：按“邮箱”列认发件人，按单位编码、名称认文件名和主题
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// 收表文件夹：附件保存在这里（文件名前加单位编码）
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// 从文件夹中的 .eml 邮件文件收取（任何邮件客户端都可“另存为”）
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with = "imap",
        required_unless_present = "imap"
    )]
    pub eml: Option<PathBuf>,
    /// 从 IMAP 邮箱收取：HOST:PORT（TLS；本机可不加密）
    #[arg(long, value_name = "HOST:PORT")]
    pub imap: Option<String>,
    /// IMAP 邮件夹
    #[arg(long, value_name = "NAME", default_value = "INBOX")]
    pub mailbox: String,
    /// IMAP 不加密（只允许本机）；默认：本机不加密，其余 TLS
    #[arg(long)]
    pub plain: bool,
    /// 把处理过的邮件标为已读（默认只读打开邮件夹）
    #[arg(long)]
    pub mark_seen: bool,
    #[command(flatten)]
    pub common: Common,
}

/// One message's outcome.
#[derive(Debug, serde::Serialize)]
struct Line {
    source: String,
    message_id: String,
    sender: String,
    subject: String,
    arrived: String,
    unit_code: String,
    unit_name: String,
    matched_by: String,
    saved: Vec<String>,
    already: Vec<String>,
    status: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    problems: Vec<String>,
}

const SAVED: &str = "已保存";
const ALREADY: &str = "以前已保存";
const UNKNOWN: &str = "发件人不明";
const NO_WORKBOOK: &str = "没有工作簿";

pub fn run(args: &CollectArgs) -> Result<u8> {
    let roster = Roster::load(&args.roster)?;
    if args.out.exists() && !args.out.is_dir() {
        bail!("收表文件夹 `{}` 是一个文件，不是文件夹", args.out.display());
    }
    std::fs::create_dir_all(&args.out).map_err(|e| {
        crate::messages::Localized::io(format!("无法创建收表文件夹 `{}`", args.out.display()), &e)
    })?;
    let mut log = ReceivedLog::open(&args.out)?;
    let mut lines = Vec::new();
    let mut bar = ProgressBar::hidden();
    let mut handle = |i: usize, total: usize, m: Incoming| -> Result<bool> {
        if i == 0 {
            bar = progress(total as u64, args.common.quiet);
        }
        bar.inc(1);
        let line = take(&roster, &m, &args.out, &mut log)?;
        let handled = line.status == SAVED || line.status == ALREADY;
        lines.push(line);
        Ok(handled)
    };
    if let Some(dir) = &args.eml {
        let files = collect::eml_files(dir)?;
        let total = files.len();
        for (i, f) in files.iter().enumerate() {
            let raw = std::fs::read(f).map_err(|e| {
                crate::messages::Localized::io(format!("无法读取邮件 `{}`", f.display()), &e)
            })?;
            let name = f.display().to_string();
            let m = match collect::parse(&raw, &name, None) {
                Ok(m) => m,
                Err(e) => Incoming {
                    source: name,
                    id: String::new(),
                    sender: String::new(),
                    subject: String::new(),
                    arrived: String::new(),
                    workbooks: Vec::new(),
                    problems: vec![format!("{e:#}")],
                },
            };
            handle(i, total, m)?;
        }
    } else if let Some(server) = &args.imap {
        let (host, port) = crate::mail::send::host_port(server, 993)?;
        let loopback = crate::mail::send::is_loopback(&host, port);
        let tls = !(args.plain || (loopback && port != 993));
        let mailbox = args.mailbox.clone();
        collect::imap_fetch(
            server,
            &args.mailbox,
            tls,
            args.mark_seen,
            &mut |i, total, raw, uid, date| {
                let source = format!("{mailbox}#{uid}");
                let m = collect::parse(raw, &source, date)?;
                handle(i, total, m)
            },
        )?;
    }
    bar.finish_and_clear();
    log.write()?;
    let trouble: Vec<&Line> = lines
        .iter()
        .filter(|l| l.status != SAVED && l.status != ALREADY || !l.problems.is_empty())
        .collect();
    let status = exit::settle(if trouble.is_empty() {
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
                "邮件",
                "邮件编号",
                "发件人",
                "主题",
                "到达时间",
                "单位编码",
                "单位名称",
                "识别依据",
                "保存为",
                "结果",
            ])?;
            for l in &lines {
                w.write_record([
                    &l.source,
                    &l.message_id,
                    &l.sender,
                    &l.subject,
                    &l.arrived,
                    &l.unit_code,
                    &l.unit_name,
                    &l.matched_by,
                    &l.saved.join(";"),
                    &status_text(l),
                ])?;
            }
            w.flush()?;
        }
        Format::Table => {
            for l in &lines {
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}",
                    if l.sender.is_empty() {
                        "（无发件人）"
                    } else {
                        &l.sender
                    },
                    if l.unit_name.is_empty() {
                        "-"
                    } else {
                        &l.unit_name
                    },
                    if l.saved.is_empty() {
                        "-".to_string()
                    } else {
                        l.saved.join("、")
                    },
                    status_text(l)
                )?;
            }
        }
    }
    if !args.common.quiet {
        let mut err = anstream::stderr();
        let count = |s: &str| lines.iter().filter(|l| l.status == s).count();
        let files: usize = lines.iter().map(|l| l.saved.len()).sum();
        writeln!(
            err,
            "收取邮件 {} 封：保存工作簿 {} 个（{} 封），以前已保存 {} 封，发件人不明 {} 封，没有工作簿 {} 封；收件记录 `{}`",
            lines.len(),
            files,
            count(SAVED),
            count(ALREADY),
            count(UNKNOWN),
            count(NO_WORKBOOK),
            log.path.display()
        )?;
        if !trouble.is_empty() {
            writeln!(err, "需要人工处理的邮件：")?;
            for l in &trouble {
                writeln!(
                    err,
                    "  {}（{}，主题“{}”）：{}",
                    if l.sender.is_empty() {
                        "（无发件人）"
                    } else {
                        &l.sender
                    },
                    l.source,
                    l.subject,
                    status_text(l)
                )?;
            }
        }
    }
    Ok(status)
}

fn status_text(l: &Line) -> String {
    if l.problems.is_empty() {
        l.status.clone()
    } else {
        format!("{}（{}）", l.status, l.problems.join("；"))
    }
}

/// Saves a message's workbooks under its unit, unless the log has them already.
fn take(
    roster: &Roster,
    m: &Incoming,
    out: &std::path::Path,
    log: &mut ReceivedLog,
) -> Result<Line> {
    let mut line = Line {
        source: m.source.clone(),
        message_id: m.id.clone(),
        sender: m.sender.clone(),
        subject: m.subject.clone(),
        arrived: m.arrived.clone(),
        unit_code: String::new(),
        unit_name: String::new(),
        matched_by: String::new(),
        saved: Vec::new(),
        already: Vec::new(),
        status: String::new(),
        problems: m.problems.clone(),
    };
    if m.workbooks.is_empty() {
        // Still say whose it is, so that the clerk knows whom to ask.
        if let Some((u, how)) = collect::unit_of(roster, m, "") {
            line.unit_code = u.code.clone();
            line.unit_name = u.name.clone();
            line.matched_by = how.name().into();
        }
        line.status = NO_WORKBOOK.into();
        return Ok(line);
    }
    let mut unknown = 0;
    for (name, bytes) in &m.workbooks {
        let Some((u, how)) = collect::unit_of(roster, m, name) else {
            unknown += 1;
            continue;
        };
        line.unit_code = u.code.clone();
        line.unit_name = u.name.clone();
        line.matched_by = how.name().into();
        if log.saved(&m.id, name) {
            line.already.push(name.clone());
            continue;
        }
        let saved = collect::save(out, &collect::saved_name(&u.code, name), bytes)?;
        log.record(vec![
            m.id.clone(),
            m.sender.clone(),
            u.code.clone(),
            u.name.clone(),
            m.arrived.clone(),
            name.clone(),
            saved.clone(),
        ]);
        line.saved.push(saved);
    }
    line.status = if unknown == m.workbooks.len() {
        UNKNOWN.into()
    } else if line.saved.is_empty() {
        ALREADY.into()
    } else {
        SAVED.into()
    };
    if unknown > 0 && unknown < m.workbooks.len() {
        line.problems
            .push(format!("{unknown} 个附件认不出单位，未保存"));
    }
    Ok(line)
}

fn progress(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || len < 5 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{spinner} 收取邮件 {pos}/{len} [{bar:30}] {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    bar
}
