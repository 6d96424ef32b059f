//! Mail out and mail in: the messages sent to units (templates, feedback, reminders), the send
//! log that keeps a re-run from sending twice, and the returned forms taken out of mail with a
//! received log (`收件记录`).

pub mod collect;
pub mod send;

use crate::config::{MailSettings, MailText};
use crate::registry::{Roster, Unit};
use anyhow::{Context, Result, bail};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a mail is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Template,
    Feedback,
    Reminder,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Template => "填报模板",
            Kind::Feedback => "审核反馈",
            Kind::Reminder => "催报",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Kind::Template => "template",
            Kind::Feedback => "feedback",
            Kind::Reminder => "reminder",
        }
    }

    pub fn text(self, s: &MailSettings) -> &MailText {
        match self {
            Kind::Template => &s.template,
            Kind::Feedback => &s.feedback,
            Kind::Reminder => &s.reminder,
        }
    }
}

/// The addresses of a roster's `邮箱` cell: several allowed, separated by `;`, `,`, `、` or
/// spaces, full-width forms too.
pub fn addresses(cell: &str) -> Vec<String> {
    cell.split([';', '；', ',', '，', '、', ' ', '\n', '\t', '\u{3000}'])
        .map(|s| s.trim().trim_matches(['<', '>']).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether an address looks like one (`x@y`), so that a typo is reported, not sent.
pub fn plausible(address: &str) -> bool {
    address.parse::<lettre::Address>().is_ok()
}

/// Workbook file extensions.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods", "et"];

pub fn is_workbook_name(name: &str) -> bool {
    let lower = name.to_lowercase();
    WORKBOOK_EXTENSIONS
        .iter()
        .any(|e| lower.ends_with(&format!(".{e}")))
}

/// The files of `dir` (recursively) whose name starts with a roster unit's code (followed by
/// something other than a digit), by unit code, each list sorted by name.
pub fn attachments_by_unit(dir: &Path, roster: &Roster) -> Result<BTreeMap<String, Vec<PathBuf>>> {
    if !dir.is_dir() {
        bail!("附件文件夹 `{}` 不存在或不是文件夹", dir.display());
    }
    let mut out: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let e = e.map_err(|e| walk_error("附件文件夹", &e))?;
        if !e.file_type().is_file() {
            continue;
        }
        let name = e.file_name().to_string_lossy();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if let Some(code) = leading_code(&name, roster) {
            out.entry(code).or_default().push(e.into_path());
        }
    }
    Ok(out)
}

/// A file or folder that cannot be opened while a folder is searched (links are followed: a
/// link to nothing or a loop is named, never passed over).
pub(crate) fn walk_error(what: &str, e: &walkdir::Error) -> anyhow::Error {
    let path = e
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    let why = match (e.loop_ancestor(), e.io_error()) {
        (Some(_), _) => "符号链接构成循环".to_string(),
        (None, Some(io)) => crate::messages::io_cause(io),
        (None, None) => "无法访问".to_string(),
    };
    anyhow::anyhow!("{what}中的 `{path}` 无法读取：{why}")
}

/// The roster code a file name starts with: the run of digits (and letters) before the first
/// separator, when it is a roster code.
pub fn leading_code(name: &str, roster: &Roster) -> Option<String> {
    let run: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    if run.is_empty() {
        return None;
    }
    roster.by_code(&run).map(|u| u.code.clone())
}

/// What a reminder says a unit still owes.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Owed {
    pub missing: String,
    pub projects: usize,
}

/// The values the placeholders of a template take.
pub struct Fill<'a> {
    pub unit: &'a Unit,
    pub stage: &'a str,
    pub year: String,
    pub deadline: String,
    pub contact: String,
    pub attachments: &'a [String],
    pub owed: Option<&'a Owed>,
}

/// A template with its `{占位符}` filled; an unknown placeholder stays as written.
pub fn render(template: &str, f: &Fill<'_>) -> String {
    let owed = f.owed.cloned().unwrap_or_default();
    let values: [(&str, String); 12] = [
        ("单位名称", f.unit.name.clone()),
        ("单位编码", f.unit.code.clone()),
        ("主管部门", f.unit.department.clone()),
        ("单位联系人", f.unit.contact.clone()),
        ("阶段", f.stage.to_string()),
        ("年度", f.year.clone()),
        ("截止时间", f.deadline.clone()),
        ("联系人", f.contact.clone()),
        ("附件数", f.attachments.len().to_string()),
        ("附件", f.attachments.join("、")),
        ("缺报内容", owed.missing),
        ("应报项目数", owed.projects.to_string()),
    ];
    let mut out = template.to_string();
    if f.year.is_empty() {
        // No year set: `{年度}年` says nothing rather than a bare `年`.
        out = out.replace("{年度}年", "");
    }
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), &v);
    }
    out
}

/// One message to one unit.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub unit_code: String,
    pub unit_name: String,
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<PathBuf>,
}

/// The MIME type of an attachment by its extension.
pub fn mime_of(name: &str) -> &'static str {
    let lower = name.to_lowercase();
    let ext = lower.rsplit('.').next().unwrap_or("");
    match ext {
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsm" => "application/vnd.ms-excel.sheet.macroEnabled.12",
        "xls" | "et" => "application/vnd.ms-excel",
        "xlsb" => "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
        "ods" => "application/vnd.oasis.opendocument.spreadsheet",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// The digest of a message's attachments (names and bytes), so that a re-run knows whether a
/// unit was already sent these very files.
pub fn digest(files: &[(String, Vec<u8>)]) -> String {
    let mut h = Sha256::new();
    for (name, bytes) in files {
        h.update(name.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    h.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads the attachments of a message: file name and bytes.
pub fn read_attachments(paths: &[PathBuf]) -> Result<Vec<(String, Vec<u8>)>> {
    paths
        .iter()
        .map(|p| {
            let bytes =
                std::fs::read(p).with_context(|| format!("无法读取附件 `{}`", p.display()))?;
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Ok((name, bytes))
        })
        .collect()
}

/// Builds the message: UTF-8 subject and names encoded (RFC 2047), attachment names as RFC
/// 2231 `filename*` (and an RFC 2047 `name` for older clients), a Message-ID that a re-run
/// gives again.
pub fn build(
    o: &Outgoing,
    from: &Mailbox,
    kind: Kind,
    files: &[(String, Vec<u8>)],
) -> Result<Message> {
    let mut b = Message::builder()
        .from(from.clone())
        .subject(o.subject.clone());
    for a in &o.to {
        let addr: lettre::Address = a
            .parse()
            .with_context(|| format!("{}（{}）的邮箱 `{a}` 格式不对", o.unit_name, o.unit_code))?;
        b = b.to(Mailbox::new(Some(o.unit_name.clone()), addr));
    }
    let id = format!(
        "<jixiao.{}.{}.{}@{}>",
        kind.key(),
        o.unit_code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>(),
        digest(files),
        from.email.domain()
    );
    b = b.message_id(Some(id));
    let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(o.body.clone()));
    for (name, bytes) in files {
        let ct = ContentType::parse(&format!(
            "{}; name=\"{}\"",
            mime_of(name),
            encoded_word(name)
        ))
        .or_else(|_| ContentType::parse(mime_of(name)))
        .map_err(|e| anyhow::anyhow!("附件类型有误：{e}"))?;
        parts = parts.singlepart(Attachment::new(name.clone()).body(bytes.clone(), ct));
    }
    b.multipart(parts)
        .map_err(|e| anyhow::anyhow!("无法生成给{}的邮件：{e}", o.unit_name))
}

/// `=?UTF-8?B?…?=` for a non-ASCII text (RFC 2047), the text itself otherwise.
pub fn encoded_word(text: &str) -> String {
    if text.is_ascii() && !text.contains(['"', '\\']) {
        return text.to_string();
    }
    format!("=?UTF-8?B?{}?=", base64(text.as_bytes()))
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A file name made safe for any file system: no folders, no control characters.
pub fn safe_file_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        "附件".to_string()
    } else {
        cleaned
    }
}

/// Now, as `YYYY-MM-DD HH:MM:SS` in UTC.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Reads a CSV log (with or without a BOM) as rows of strings, the header left out; no file is
/// no rows.
pub fn read_log(path: &Path) -> Result<Vec<Vec<String>>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        // No log yet; a link to a log that is gone is an error, or every mail would go again.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && path.symlink_metadata().is_err() => {
            return Ok(Vec::new());
        }
        Err(e) => return Err(e).with_context(|| format!("无法读取 `{}`", path.display())),
    };
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.with_context(|| format!("记录文件 `{}` 格式有误", path.display()))?;
        rows.push(rec.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

/// Writes a CSV log (header and rows, with a BOM so that Excel shows the Chinese) atomically.
pub fn write_log(path: &Path, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        w.write_record(r)?;
    }
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?);
    crate::output::xlsx::write_atomic(path, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn several_addresses_in_one_cell() {
        assert_eq!(
            addresses("a@x.cn；b@y.cn, c@z.cn 、d@w.cn"),
            vec!["a@x.cn", "b@y.cn", "c@z.cn", "d@w.cn"]
        );
        assert!(addresses("  ").is_empty());
    }

    #[test]
    fn base64_and_encoded_words() {
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(encoded_word("a.xlsx"), "a.xlsx");
        assert!(encoded_word("表.xlsx").starts_with("=?UTF-8?B?"));
    }

    #[test]
    fn file_names_lose_folders() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("a\\b\\表.xlsx"), "表.xlsx");
        assert_eq!(safe_file_name(".."), "附件");
    }
}
