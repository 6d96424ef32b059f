//! Sending through SMTP (STARTTLS, implicit TLS, or plain on loopback only) and the send log
//! (`发送记录.csv`) that keeps a re-run from sending anything twice.

use anyhow::{Result, bail};
use lettre::Transport;
use lettre::address::Envelope;
use lettre::transport::smtp::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use std::collections::HashSet;
use std::net::{IpAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How the connection is secured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// Port 465 implicit TLS, plain on loopback, STARTTLS otherwise.
    Auto,
    StartTls,
    Tls,
    /// Plain text: refused unless the server is on loopback.
    None,
}

/// `HOST:PORT` split; a bare host takes `default_port`.
pub fn host_port(text: &str, default_port: u16) -> Result<(String, u16)> {
    let (host, port) = match text.rsplit_once(':') {
        Some((h, p)) if !h.is_empty() && !h.ends_with(':') => (
            h.trim_matches(['[', ']']).to_string(),
            p.parse::<u16>()
                .map_err(|_| anyhow::anyhow!("服务器地址 `{text}` 的端口不是数字"))?,
        ),
        _ => (text.to_string(), default_port),
    };
    if host.is_empty() {
        bail!("服务器地址 `{text}` 缺少主机名");
    }
    Ok((host, port))
}

/// Whether every address the host resolves to is a loopback address.
pub fn is_loopback(host: &str, port: u16) -> bool {
    if let Ok(ip) = host.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    match (host, port).to_socket_addrs() {
        Ok(addrs) => {
            let all: Vec<_> = addrs.collect();
            !all.is_empty() && all.iter().all(|a| a.ip().is_loopback())
        }
        Err(_) => false,
    }
}

/// The environment variables of the SMTP credentials.
pub const USER_VAR: &str = "JIXIAO_SMTP_USER";
pub const PASSWORD_VAR: &str = "JIXIAO_SMTP_PASSWORD";

/// A transport to `HOST:PORT`; credentials from the environment, never from a flag.
pub fn transport(server: &str, security: Security) -> Result<SmtpTransport> {
    let (host, port) = host_port(server, 587)?;
    let loopback = is_loopback(&host, port);
    let security = match security {
        Security::Auto if port == 465 => Security::Tls,
        Security::Auto if loopback => Security::None,
        Security::Auto => Security::StartTls,
        s => s,
    };
    let tls = || {
        TlsParameters::new(host.clone())
            .map_err(|e| anyhow::anyhow!("无法建立到 `{host}` 的 TLS 参数：{e}"))
    };
    let builder = match security {
        Security::None if !loopback => bail!(
            "不加密的 SMTP 连接只允许连本机（127.0.0.1）：`{server}` 请用 STARTTLS 或 TLS（--tls starttls 或 --tls tls）"
        ),
        Security::None | Security::Auto => SmtpTransport::builder_dangerous(&host).port(port),
        Security::StartTls => SmtpTransport::builder_dangerous(&host)
            .port(port)
            .tls(Tls::Required(tls()?)),
        Security::Tls => SmtpTransport::builder_dangerous(&host)
            .port(port)
            .tls(Tls::Wrapper(tls()?)),
    };
    let mut builder = builder.timeout(Some(Duration::from_secs(60)));
    match (std::env::var(USER_VAR), std::env::var(PASSWORD_VAR)) {
        (Ok(u), Ok(p)) if !u.is_empty() => {
            builder = builder.credentials(Credentials::new(u, p));
        }
        (Ok(u), Err(_)) if !u.is_empty() => {
            bail!("设置了 {USER_VAR} 但没有设置 {PASSWORD_VAR}：请在环境变量中给出 SMTP 密码")
        }
        _ => {}
    }
    Ok(builder.build())
}

/// Sends the formatted message to one recipient (one envelope per address, so that a refused
/// address fails alone).
pub fn send_one(
    t: &SmtpTransport,
    from: &lettre::Address,
    to: &str,
    message: &[u8],
) -> std::result::Result<(), String> {
    let rcpt: lettre::Address = to.parse().map_err(|e| format!("邮箱格式不对：{e}"))?;
    let env = Envelope::new(Some(from.clone()), vec![rcpt]).map_err(|e| e.to_string())?;
    t.send_raw(&env, message).map(|_| ()).map_err(describe)
}

/// An SMTP error in Chinese, with the server's own words.
fn describe(e: lettre::transport::smtp::Error) -> String {
    let detail = e.to_string();
    if e.is_permanent() {
        format!("服务器拒收（永久性错误）：{detail}")
    } else if e.is_transient() {
        format!("服务器暂时拒收，可稍后重发：{detail}")
    } else if e.is_timeout() {
        format!("连接超时：{detail}")
    } else {
        format!("发送失败：{detail}")
    }
}

/// The send log's columns.
pub const LOG_HEADER: &[&str] = &[
    "类别",
    "单位编码",
    "单位名称",
    "收件人",
    "主题",
    "附件",
    "附件摘要",
    "发送时间",
    "结果",
];

pub const SENT: &str = "已发送";

/// The send log beside the `.eml` files.
pub struct SendLog {
    pub path: PathBuf,
    pub rows: Vec<Vec<String>>,
    done: HashSet<(String, String, String, String)>,
}

impl SendLog {
    pub fn open(out: &Path) -> Result<SendLog> {
        let path = out.join("发送记录.csv");
        let rows = super::read_log(&path)?;
        let done = rows
            .iter()
            .filter(|r| r.get(8).map(String::as_str) == Some(SENT))
            .map(|r| Self::key_of(r))
            .collect();
        Ok(SendLog { path, rows, done })
    }

    fn key_of(r: &[String]) -> (String, String, String, String) {
        let g = |i: usize| r.get(i).cloned().unwrap_or_default().to_lowercase();
        (g(0), g(1), g(3), g(6))
    }

    /// Whether this recipient was already sent these attachments for this kind.
    pub fn sent(&self, kind: &str, code: &str, to: &str, digest: &str) -> bool {
        self.done.contains(&(
            kind.to_lowercase(),
            code.to_lowercase(),
            to.to_lowercase(),
            digest.to_lowercase(),
        ))
    }

    /// Records a send (or a failure) and writes the log at once, so that an interrupted run
    /// keeps what it sent.
    pub fn record(&mut self, row: Vec<String>) -> Result<()> {
        if row.get(8).map(String::as_str) == Some(SENT) {
            self.done.insert(Self::key_of(&row));
        }
        self.rows.push(row);
        super::write_log(&self.path, LOG_HEADER, &self.rows)
    }
}
