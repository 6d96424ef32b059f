//! Returned forms out of mail: messages parsed, workbook attachments (also inside a `.zip`)
//! taken out, the unit found by sender address or by the name in the file or the subject, and
//! the received log (`收件记录.csv`).

use super::{is_workbook_name, safe_file_name};
use crate::read::label::name_key;
use crate::registry::{Roster, Unit};
use anyhow::{Context, Result, bail};
use mail_parser::{MessageParser, MimeHeaders};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// One message as read from a mailbox or a `.eml` file.
#[derive(Clone, Debug)]
pub struct Incoming {
    /// Where it came from: the `.eml` file or `INBOX#UID`.
    pub source: String,
    pub id: String,
    pub sender: String,
    pub subject: String,
    pub arrived: String,
    /// Workbook attachments: name and bytes (entries of zip attachments included).
    pub workbooks: Vec<(String, Vec<u8>)>,
    /// What could not be taken out (a zip over its limits, an entry escaping its folder).
    pub problems: Vec<String>,
}

/// Limits of a zip attachment.
pub const ZIP_MAX_ENTRIES: usize = 1000;
pub const ZIP_MAX_ENTRY: u64 = 50 * 1024 * 1024;
pub const ZIP_MAX_TOTAL: u64 = 200 * 1024 * 1024;

/// Parses a raw message; `arrived` overrides the `Date` header (an IMAP INTERNALDATE).
pub fn parse(raw: &[u8], source: &str, arrived: Option<String>) -> Result<Incoming> {
    let Some(m) = MessageParser::default().parse(raw) else {
        bail!("`{source}` 不是可以读取的邮件");
    };
    let id = m
        .message_id()
        .map(|s| format!("<{}>", s.trim_matches(['<', '>'])))
        .unwrap_or_else(|| {
            let d = Sha256::digest(raw);
            let hex: String = d.iter().take(16).map(|b| format!("{b:02x}")).collect();
            format!("sha256:{hex}")
        });
    let sender = m
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_string();
    let subject = m.subject().unwrap_or_default().to_string();
    let arrived = arrived
        .or_else(|| m.date().map(|d| d.to_rfc3339()))
        .unwrap_or_default();
    let mut workbooks = Vec::new();
    let mut problems = Vec::new();
    for part in m.attachments() {
        let Some(name) = part.attachment_name() else {
            continue;
        };
        let name = safe_file_name(name);
        let bytes = part.contents();
        if is_workbook_name(&name) {
            workbooks.push((name, bytes.to_vec()));
        } else if name.to_lowercase().ends_with(".zip") {
            match unzip(bytes, &mut workbooks) {
                Ok(()) => {}
                Err(e) => problems.push(format!("压缩包 `{name}`：{e:#}")),
            }
        }
    }
    unique_names(&mut workbooks);
    Ok(Incoming {
        source: source.to_string(),
        id,
        sender,
        subject,
        arrived,
        workbooks,
        problems,
    })
}

/// Gives the second and later workbooks of one name in a message (two attachments, or two
/// folders of a zip) `_2`, `_3`… so that each is saved and logged on its own; the same bytes
/// again under the same name stay one workbook.
fn unique_names(workbooks: &mut [(String, Vec<u8>)]) {
    let mut used: HashSet<String> = HashSet::new();
    let mut first: Vec<(String, Vec<u8>)> = Vec::new();
    for (name, bytes) in workbooks.iter_mut() {
        if used.insert(name.to_lowercase()) {
            first.push((name.to_lowercase(), bytes.clone()));
            continue;
        }
        if first
            .iter()
            .any(|(n, b)| *n == name.to_lowercase() && b == bytes)
        {
            continue;
        }
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (name.clone(), String::new()),
        };
        let mut n = 2;
        while !used.insert(format!("{stem}_{n}{ext}").to_lowercase()) {
            n += 1;
        }
        *name = format!("{stem}_{n}{ext}");
    }
}

/// The workbooks of a zip attachment, with its limits checked: the number of entries, each
/// entry's size and the total, and no entry whose path leaves the folder.
fn unzip(bytes: &[u8], out: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| anyhow::anyhow!("无法打开：{e}"))?;
    if z.len() > ZIP_MAX_ENTRIES {
        bail!("有 {} 个文件，超过上限 {ZIP_MAX_ENTRIES} 个", z.len());
    }
    let mut total = 0u64;
    let mut taken = Vec::new();
    for i in 0..z.len() {
        let mut f = z
            .by_index(i)
            .map_err(|e| anyhow::anyhow!("第 {} 个文件无法读取：{e}", i + 1))?;
        if f.is_dir() {
            continue;
        }
        let raw_name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let Some(path) = f.enclosed_name() else {
            bail!("其中的 `{raw_name}` 路径越出压缩包所在文件夹，整个压缩包不予保存");
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !is_workbook_name(&name) || name.starts_with("~$") || name.starts_with('.') {
            continue;
        }
        if f.size() > ZIP_MAX_ENTRY {
            bail!("其中的 `{name}` 解压后 {} 字节，超过单个文件上限", f.size());
        }
        let mut data = Vec::new();
        (&mut f)
            .take(ZIP_MAX_ENTRY + 1)
            .read_to_end(&mut data)
            .map_err(|e| anyhow::anyhow!("其中的 `{name}` 无法解压：{e}"))?;
        if data.len() as u64 > ZIP_MAX_ENTRY {
            bail!("其中的 `{name}` 解压后超过单个文件上限");
        }
        total += data.len() as u64;
        if total > ZIP_MAX_TOTAL {
            bail!("解压后总大小超过上限 {ZIP_MAX_TOTAL} 字节");
        }
        taken.push((safe_file_name(&name), data));
    }
    out.extend(taken);
    Ok(())
}

/// How a message's unit was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matched {
    Sender,
    FileName,
    Subject,
}

impl Matched {
    pub fn name(self) -> &'static str {
        match self {
            Matched::Sender => "发件人邮箱",
            Matched::FileName => "文件名",
            Matched::Subject => "邮件主题",
        }
    }
}

/// The unit of a sender address (roster `邮箱`, several per unit allowed).
pub fn unit_by_sender<'r>(roster: &'r Roster, sender: &str) -> Option<&'r Unit> {
    let s = sender.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    roster.units.iter().find(|u| {
        super::addresses(&u.email)
            .iter()
            .any(|a| a.to_lowercase() == s)
    })
}

/// The unit a text names: a roster code at its start, else the longest unit name or alias in it.
pub fn unit_named<'r>(roster: &'r Roster, text: &str) -> Option<&'r Unit> {
    if let Some(code) = super::leading_code(text, roster) {
        return roster.by_code(&code);
    }
    let key = name_key(text);
    let mut best: Option<(&Unit, usize)> = None;
    for u in &roster.units {
        for n in std::iter::once(&u.name).chain(u.aliases.iter()) {
            let k = name_key(n);
            if k.chars().count() >= 2
                && key.contains(&k)
                && best.is_none_or(|(_, l)| k.chars().count() > l)
            {
                best = Some((u, k.chars().count()));
            }
        }
    }
    best.map(|(u, _)| u)
}

/// The unit of one attachment of a message: by sender address, else by the file name, else by
/// the subject.
pub fn unit_of<'r>(
    roster: &'r Roster,
    m: &Incoming,
    file_name: &str,
) -> Option<(&'r Unit, Matched)> {
    unit_by_sender(roster, &m.sender)
        .map(|u| (u, Matched::Sender))
        .or_else(|| unit_named(roster, file_name).map(|u| (u, Matched::FileName)))
        .or_else(|| unit_named(roster, &m.subject).map(|u| (u, Matched::Subject)))
}

/// The name a workbook is saved under: the original, with the unit code in front unless it
/// already starts with it.
pub fn saved_name(code: &str, original: &str) -> String {
    let starts = original.starts_with(code)
        && !original[code.len()..]
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    if starts {
        original.to_string()
    } else {
        format!("{code}_{original}")
    }
}

/// The received log's columns.
pub const LOG_HEADER: &[&str] = &[
    "邮件编号",
    "发件人",
    "单位编码",
    "单位名称",
    "到达时间",
    "附件",
    "保存为",
];

/// `收件记录.csv`, beside the returns folder.
pub struct ReceivedLog {
    pub path: PathBuf,
    pub rows: Vec<Vec<String>>,
    done: HashSet<(String, String)>,
}

impl ReceivedLog {
    /// The log of the returns folder `out`: `收件记录.csv` in the folder that holds it.
    pub fn open(out: &Path) -> Result<ReceivedLog> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let path = parent.join("收件记录.csv");
        let rows = super::read_log(&path)?;
        let done = rows
            .iter()
            .map(|r| {
                (
                    r.first().cloned().unwrap_or_default(),
                    r.get(5).cloned().unwrap_or_default(),
                )
            })
            .collect();
        Ok(ReceivedLog { path, rows, done })
    }

    pub fn saved(&self, id: &str, attachment: &str) -> bool {
        self.done
            .contains(&(id.to_string(), attachment.to_string()))
    }

    pub fn record(&mut self, row: Vec<String>) {
        self.done.insert((
            row.first().cloned().unwrap_or_default(),
            row.get(5).cloned().unwrap_or_default(),
        ));
        self.rows.push(row);
    }

    pub fn write(&self) -> Result<()> {
        super::write_log(&self.path, LOG_HEADER, &self.rows)
    }
}

/// The longest file name (in bytes) the usual file systems take.
const NAME_MAX: usize = 255;

/// `stem` cut (at a character) so that it takes at most `room` bytes.
fn cut(stem: &str, room: usize) -> &str {
    let mut end = room.min(stem.len());
    while !stem.is_char_boundary(end) {
        end -= 1;
    }
    &stem[..end]
}

/// Saves a workbook into the returns folder under `name`; the same bytes already there are not
/// written again, other bytes under the same name get `_2`, `_3`… A name longer than a file
/// name may be (a long Chinese title and the unit code in front) is shortened, its extension
/// kept. Gives the name used.
pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> Result<String> {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s.to_string(), format!(".{e}")),
        None => (name.to_string(), String::new()),
    };
    for n in 1..1000 {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!("_{n}")
        };
        let room = NAME_MAX.saturating_sub(ext.len() + suffix.len());
        let candidate = format!("{}{suffix}{ext}", cut(&stem, room));
        let path = dir.join(&candidate);
        match std::fs::read(&path) {
            Ok(existing) if existing == bytes => return Ok(candidate),
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                crate::output::xlsx::write_atomic(&path, bytes)?;
                return Ok(candidate);
            }
            // A file of that name that cannot be read is never replaced unseen.
            Err(e) => {
                return Err(crate::messages::Localized::io(
                    format!("收表文件夹中已有 `{candidate}`，但无法读取它来比较"),
                    &e,
                )
                .into());
            }
        }
    }
    bail!("收表文件夹中已有太多名为 `{name}` 的文件")
}

/// The `.eml` files of a folder, sorted by name.
pub fn eml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        bail!("邮件文件夹 `{}` 不存在或不是文件夹", dir.display());
    }
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let e = e.map_err(|e| super::walk_error("邮件文件夹", &e))?;
        if e.file_type().is_file()
            && e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("eml"))
        {
            out.push(e.into_path());
        }
    }
    Ok(out)
}

/// The environment variables of the IMAP credentials.
pub const IMAP_USER_VAR: &str = "JIXIAO_IMAP_USER";
pub const IMAP_PASSWORD_VAR: &str = "JIXIAO_IMAP_PASSWORD";

/// A byte stream to an IMAP server: TLS, or plain on loopback.
pub trait Stream: std::io::Read + std::io::Write {}

/// What [`imap_fetch`] hands each message to: its index, the count, the raw message, its UID
/// and its INTERNALDATE; it answers whether the message was handled (to mark it seen).
pub type Each<'a> = dyn FnMut(usize, usize, &[u8], u32, Option<String>) -> Result<bool> + 'a;
impl<T: std::io::Read + std::io::Write> Stream for T {}

/// Reads every message of `mailbox` over IMAP (read-only with EXAMINE unless `mark_seen`, which
/// marks each message handed to `each` as seen when `each` says so). `each` gets the raw message,
/// its UID and its INTERNALDATE.
pub fn imap_fetch(
    server: &str,
    mailbox: &str,
    tls: bool,
    mark_seen: bool,
    each: &mut Each<'_>,
) -> Result<()> {
    let (host, port) = super::send::host_port(server, if tls { 993 } else { 143 })?;
    let loopback = super::send::is_loopback(&host, port);
    if !tls && !loopback {
        bail!("不加密的 IMAP 连接只允许连本机（127.0.0.1）：`{server}` 请用 TLS（默认端口 993）");
    }
    let (Ok(user), Ok(password)) = (
        std::env::var(IMAP_USER_VAR),
        std::env::var(IMAP_PASSWORD_VAR),
    ) else {
        bail!("请在环境变量 {IMAP_USER_VAR}、{IMAP_PASSWORD_VAR} 中给出邮箱的用户名和密码");
    };
    let tcp = std::net::TcpStream::connect((host.as_str(), port))
        .with_context(|| format!("无法连接 IMAP 服务器 `{host}:{port}`"))?;
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(120)))
        .ok();
    let stream: Box<dyn Stream> = if tls {
        Box::new(tls_stream(&host, tcp)?)
    } else {
        Box::new(tcp)
    };
    let mut client = imap::Client::new(stream);
    client
        .read_greeting()
        .with_context(|| format!("IMAP 服务器 `{host}:{port}` 没有应答"))?;
    let mut session = client
        .login(&user, &password)
        .map_err(|(e, _)| anyhow::anyhow!("IMAP 登录失败：{e}"))?;
    let mbox = if mark_seen {
        session.select(mailbox)
    } else {
        session.examine(mailbox)
    }
    .map_err(|e| anyhow::anyhow!("无法打开邮件夹 `{mailbox}`：{e}"))?;
    if mbox.exists > 0 {
        let fetches = session
            .fetch("1:*", "(UID INTERNALDATE BODY.PEEK[])")
            .map_err(|e| anyhow::anyhow!("读取邮件夹 `{mailbox}` 的邮件失败：{e}"))?;
        let total = fetches.len();
        let mut seen = Vec::new();
        for (i, f) in fetches.iter().enumerate() {
            let Some(body) = f.body() else { continue };
            let uid = f.uid.unwrap_or(f.message);
            let date = f.internal_date().map(|d| d.to_rfc3339());
            if each(i, total, body, uid, date)? && mark_seen {
                seen.push(uid.to_string());
            }
        }
        if mark_seen && !seen.is_empty() {
            session
                .uid_store(seen.join(","), "+FLAGS (\\Seen)")
                .map_err(|e| anyhow::anyhow!("无法把邮件标为已读：{e}"))?;
        }
    }
    session.logout().ok();
    Ok(())
}

fn tls_stream(
    host: &str,
    tcp: std::net::TcpStream,
) -> Result<rustls::StreamOwned<rustls::ClientConnection, std::net::TcpStream>> {
    use std::sync::Arc;
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| anyhow::anyhow!("TLS 设置有误：{e}"))?
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = rustls::pki_types::ServerName::try_from(host.to_string())
        .map_err(|e| anyhow::anyhow!("服务器名 `{host}` 不能用于 TLS：{e}"))?;
    let conn = rustls::ClientConnection::new(Arc::new(config), name)
        .map_err(|e| anyhow::anyhow!("无法建立 TLS 连接：{e}"))?;
    Ok(rustls::StreamOwned::new(conn, tcp))
}
