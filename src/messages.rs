//! What a clerk or a unit reads when something goes wrong, in Chinese: the causes of system and
//! library errors (whose own texts are English), clap's help and errors, `jixiao.toml` errors,
//! and colour on a terminal.
//!
//! Layer 1: uses nothing else of the crate. The original English of a translated error is kept
//! only for `--verbose` (on stderr), never in a workbook.

use clap::builder::PossibleValue;
use clap::builder::styling::{AnsiColor, Style};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};
use std::fmt::{self, Display};
use std::io::{self, ErrorKind as Io};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// `--verbose`: the original English of translated errors is shown on stderr.
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, Ordering::Relaxed);
}

pub fn verbose() -> bool {
    VERBOSE.load(Ordering::Relaxed)
}

/// With `--verbose`, the original text of an error that was translated, on stderr.
pub fn note_original(whose: &str, original: &str) {
    if verbose() && !original.is_empty() {
        let mut err = anstream::stderr();
        let _ = io::Write::write_fmt(
            &mut err,
            format_args!("{DIM}  原始信息（{whose}）：{original}{DIM:#}\n"),
        );
    }
}

/// An error whose text is Chinese, the original (English) text kept for `--verbose`. It has no
/// `source`, so that no English is printed by whoever shows the chain (`{e:#}`).
#[derive(Debug)]
pub struct Localized {
    pub text: String,
    pub original: String,
}

impl Localized {
    pub fn new(text: impl Into<String>, original: impl Into<String>) -> Localized {
        Localized {
            text: text.into(),
            original: original.into(),
        }
    }

    /// `{what}：{the cause in Chinese}`.
    pub fn io(what: impl Display, e: &io::Error) -> Localized {
        Localized::new(format!("{what}：{}", io_cause(e)), e.to_string())
    }
}

impl Display for Localized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::error::Error for Localized {}

// Error numbers the standard library gives no kind of its own (POSIX values; ELOOP differs).
const EIO: i32 = 5;
const ENFILE: i32 = 23;
const EMFILE: i32 = 24;
#[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
const ELOOP: i32 = 62;
#[cfg(not(any(target_os = "macos", target_os = "ios", target_os = "freebsd")))]
const ELOOP: i32 = 40;

/// The cause of a system error, in Chinese.
pub fn io_cause(e: &io::Error) -> String {
    let s = match e.kind() {
        Io::NotFound => "文件或文件夹不存在",
        Io::PermissionDenied => {
            "没有访问权限（文件可能设为只读、正被其他程序占用，或当前用户无权访问）"
        }
        Io::AlreadyExists => "同名的文件或文件夹已存在",
        Io::IsADirectory => "这是一个文件夹，不是文件",
        Io::NotADirectory => "路径中有一部分是文件，而不是文件夹",
        Io::DirectoryNotEmpty => "文件夹不是空的",
        Io::StorageFull => "磁盘空间不足",
        Io::QuotaExceeded => "超出了磁盘配额",
        Io::ReadOnlyFilesystem => "磁盘或共享文件夹是只读的，不能写入",
        Io::FileTooLarge => "文件太大",
        Io::InvalidFilename => "文件名无效或太长",
        Io::InvalidData => "文件内容无效（例如不是 UTF-8 编码的文本）",
        Io::InvalidInput => "给出的路径或参数无效",
        Io::UnexpectedEof => "文件不完整（内容提前结束）",
        Io::BrokenPipe => "输出已被关闭（接收输出的程序已退出）",
        Io::WriteZero => "无法继续写入",
        Io::Interrupted => "操作被中断",
        Io::TimedOut => "操作超时",
        Io::ResourceBusy | Io::ExecutableFileBusy => "文件或设备正被占用",
        Io::WouldBlock => "文件暂时无法访问，请稍后重试",
        Io::CrossesDevices => "不能跨磁盘移动文件",
        Io::TooManyLinks => "链接太多",
        Io::StaleNetworkFileHandle => "网络共享上的文件已失效，请重新打开共享文件夹",
        Io::NetworkDown
        | Io::NetworkUnreachable
        | Io::HostUnreachable
        | Io::ConnectionRefused
        | Io::ConnectionReset
        | Io::ConnectionAborted
        | Io::NotConnected => "网络连接出错（共享文件夹可能无法访问）",
        Io::OutOfMemory => "内存不足",
        Io::Unsupported => "系统不支持此操作",
        Io::Deadlock => "文件被锁定",
        _ => {
            return match e.raw_os_error() {
                Some(code) if code == ELOOP => {
                    "符号链接构成循环（链接指向自己或上级文件夹）".to_string()
                }
                Some(EMFILE | ENFILE) => "同时打开的文件太多（超过了系统的上限）".to_string(),
                Some(EIO) => "磁盘或网络共享读写出错（输入输出错误）".to_string(),
                Some(code) => format!("系统错误（错误码 {code}）"),
                None => "系统错误".to_string(),
            };
        }
    };
    s.to_string()
}

/// The cause of a workbook library error (calamine, zip, xml), in Chinese.
pub fn workbook_cause(detail: &str) -> &'static str {
    let d = detail.to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| d.contains(w));
    if has(&["password", "encrypt"]) {
        "文件设置了密码（已加密）"
    } else if has(&[
        "zip",
        "eocd",
        "archive",
        "central directory",
        "deflate",
        "checksum",
        "crc",
    ]) {
        "文件不是完整的 xlsx（压缩包已损坏或被截断）"
    } else if has(&["cfb", "ole", "compound", "sector", "fat"]) {
        "旧版 .xls 文件的内部结构已损坏"
    } else if has(&["xml", "eof", "unexpected end", "node", "attribute", "tag"]) {
        "文件内部的 XML 内容已损坏"
    } else if has(&["cannot detect", "unrecognized", "unsupported", "unknown"]) {
        "无法识别的文件格式，或用了不支持的功能"
    } else if has(&["not found", "missing", "cannot find", "could not find"]) {
        "文件缺少必要的组成部分（如工作表或共享字符串）"
    } else if has(&["utf", "encoding", "codepage"]) {
        "文件中的文字编码有误"
    } else if has(&["io error", "os error"]) {
        "读取文件时出错"
    } else {
        "文件内容无法解析"
    }
}

/// A `jixiao.toml` error: where it is (line, column) and what is wrong, in Chinese.
pub fn toml_error(
    path: &Path,
    text: &str,
    message: &str,
    span: Option<std::ops::Range<usize>>,
) -> String {
    let at = span
        .map(|s| {
            let before = &text[..s.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("第 {line} 行第 {column} 列")
        })
        .unwrap_or_default();
    let m = message.trim();
    let quoted = |s: &str| -> Vec<String> {
        s.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    let what = if let Some(rest) = m.strip_prefix("unknown field") {
        let keys = quoted(rest);
        match keys.split_first() {
            Some((key, known)) if !known.is_empty() => format!(
                "不认识的设置项 `{key}`（可用的设置项：{}）",
                known.join("、")
            ),
            Some((key, _)) => format!("不认识的设置项 `{key}`"),
            None => "不认识的设置项".to_string(),
        }
    } else if let Some(rest) = m.strip_prefix("missing field") {
        match quoted(rest).first() {
            Some(key) => format!("缺少设置项 `{key}`"),
            None => "缺少必需的设置项".to_string(),
        }
    } else if m.starts_with("invalid type") || m.starts_with("invalid value") {
        let expected = m
            .rsplit_once("expected ")
            .map(|(_, e)| e.trim_end_matches('.'))
            .unwrap_or("");
        format!("值的类型不对{}", expected_zh(expected))
    } else if m.contains("unquoted key") || m.contains("invalid key") {
        "设置项名称写法有误：名称只用英文字母、数字、`-`、`_`，中文名称要加英文双引号，如 `[advice.\"中\"]`".to_string()
    } else if m.contains("string values must be quoted") {
        "文字值写法有误：文字要用英文双引号括起来，如 `contact = \"预算科 张三\"`".to_string()
    } else if m.contains("expected `=`") || m.contains("key with no value") {
        "缺少等号或值：每行写作 `名称 = 值`".to_string()
    } else if m.contains("duplicate key") || m.contains("duplicate") {
        "设置项重复：同一个设置项写了两次".to_string()
    } else if m.contains("invalid digit")
        || m.contains("number")
        || m.contains("decimal")
        || m.contains("integer")
    {
        "数值无效：请写数字，如 `0.01`".to_string()
    } else if m.contains("string") || m.contains("quote") {
        "文字值写法有误：文字要用英文双引号括起来，如 `contact = \"预算科 张三\"`".to_string()
    } else {
        "TOML 格式有误：请检查等号、引号和方括号（每行写作 `名称 = 值`）".to_string()
    };
    let place = if at.is_empty() {
        String::new()
    } else {
        format!("（{at}）")
    };
    format!("配置文件 `{}` 格式有误{place}：{what}", path.display())
}

fn expected_zh(expected: &str) -> String {
    let e = expected.to_ascii_lowercase();
    let zh = if e.contains("sequence") || e.contains("array") {
        "列表，如 `[\"教育\", \"卫生\"]`"
    } else if e.contains("decimal") || e.contains("float") || e.contains("number") {
        "数字"
    } else if e.contains("i32")
        || e.contains("i64")
        || e.contains("u32")
        || e.contains("usize")
        || e.contains("integer")
    {
        "整数"
    } else if e.contains("string") {
        "用双引号括起来的文字"
    } else if e.contains("map") || e.contains("struct") || e.contains("table") {
        "一组设置（[表名]）"
    } else if e.contains("bool") {
        "true 或 false"
    } else {
        return String::new();
    };
    format!("：应为{zh}")
}

/// True for a text that reads as an English sentence: three or more ASCII words in a row. A
/// file extension (`.xlsx .xls`) is not a word.
pub fn looks_english(s: &str) -> bool {
    let mut run = 0;
    for word in s.split([' ', '\t', '\n']) {
        let w = word.trim_matches(|c: char| matches!(c, ',' | '.' | ':' | ';' | '(' | ')' | '\''));
        let extension = word.trim_start_matches(['(', '（']).starts_with('.');
        if !extension && w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic()) {
            run += 1;
            if run >= 3 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// A text without its backtick-quoted parts.
fn unquoted(s: &str) -> String {
    s.split('`').step_by(2).collect()
}

pub fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// An error anywhere in a chain, in Chinese, with its original text when it was translated.
pub fn describe(e: &(dyn std::error::Error + 'static)) -> (String, Option<String>) {
    if let Some(l) = e.downcast_ref::<Localized>() {
        return (
            l.text.clone(),
            Some(l.original.clone()).filter(|o| !o.is_empty()),
        );
    }
    if let Some(io) = e.downcast_ref::<io::Error>() {
        return (io_cause(io), Some(io.to_string()));
    }
    if let Some(j) = e.downcast_ref::<serde_json::Error>()
        && let Some(kind) = j.io_error_kind()
    {
        return (io_cause(&io::Error::from(kind)), Some(j.to_string()));
    }
    if let Some(c) = e.downcast_ref::<csv::Error>()
        && let csv::ErrorKind::Io(io) = c.kind()
    {
        return (io_cause(io), Some(c.to_string()));
    }
    if let Some(c) = e.downcast_ref::<calamine::Error>() {
        let s = c.to_string();
        return (workbook_cause(&s).to_string(), Some(s));
    }
    if e.downcast_ref::<rust_xlsxwriter::XlsxError>().is_some() {
        return ("生成工作簿时出错".to_string(), Some(e.to_string()));
    }
    // jixiao's own messages are Chinese, with what they name (paths, sheets, values) quoted in
    // backticks: only the words outside the quotes tell a library's English from ours.
    let s = e.to_string();
    let own = unquoted(&s);
    if has_chinese(&own) && !looks_english(&own) {
        (s, None)
    } else {
        ("程序内部出错".to_string(), Some(s))
    }
}

// ---------------------------------------------------------------------------------------------
// Colour.

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
pub const GOOD: Style = AnsiColor::Green.on_default();
pub const DIM: Style = Style::new().dimmed();
pub const BOLD: Style = Style::new().bold();
const HEADER: Style = Style::new().bold().underline();

/// Whether to colour what is written to this stream: a terminal, no `NO_COLOR` (anstream also
/// honours `CLICOLOR`, `CLICOLOR_FORCE` and `TERM=dumb`).
pub fn colour<S: anstream::stream::RawStream>(stream: &S) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

/// `text` in `style` when `on`.
pub fn paint(on: bool, style: Style, text: &str) -> String {
    if on {
        format!("{style}{text}{style:#}")
    } else {
        text.to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// clap: help and errors in Chinese.

/// The command line in Chinese: a help template with Chinese headings, the help and version
/// flags with Chinese help, possible and default values written in Chinese, on every
/// subcommand. `jixiao help <命令>` is handled by [`help_subcommand`].
pub fn localize_command(cmd: Command) -> Command {
    let cmd = localize_one(cmd)
        .disable_help_subcommand(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        );
    cmd.mut_subcommands(localize_one)
}

fn localize_one(cmd: Command) -> Command {
    let positionals = cmd.get_positionals().any(|a| !a.is_hide_set());
    let subcommands = cmd.has_subcommands();
    let mut t = String::from("{before-help}{about-with-newline}\n");
    t += &format!("{HEADER}用法：{HEADER:#}{{usage}}\n");
    if subcommands {
        t += &format!("\n{HEADER}命令：{HEADER:#}\n{{subcommands}}\n");
    }
    if positionals {
        t += &format!("\n{HEADER}参数：{HEADER:#}\n{{positionals}}\n");
    }
    t += &format!("\n{HEADER}选项：{HEADER:#}\n{{options}}{{after-help}}");
    cmd.disable_help_flag(true)
        .mut_args(localize_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        )
        .help_template(t)
}

fn localize_arg(a: Arg) -> Arg {
    if !a.get_action().takes_values() {
        return a;
    }
    let values: Vec<PossibleValue> = a
        .get_possible_values()
        .into_iter()
        .filter(|v| !v.is_hide_set())
        .collect();
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if values.is_empty() && defaults.is_empty() {
        return a;
    }
    let mut extra = String::new();
    let default = if defaults.is_empty() {
        String::new()
    } else {
        format!("默认：{}", defaults.join("、"))
    };
    if values.is_empty() {
        extra += &format!("（{default}）");
    } else {
        let helps: Vec<String> = values
            .iter()
            .filter_map(|v| v.get_help().map(|h| h.to_string()))
            .collect();
        if helps.len() == values.len() && helps.iter().all(|h| !looks_english(h)) {
            if !default.is_empty() {
                extra += &format!("（{default}）");
            }
            extra += "\n可选：";
            for (v, h) in values.iter().zip(&helps) {
                extra += &format!("\n  {}：{h}", v.get_name());
            }
        } else {
            let names: Vec<&str> = values.iter().map(|v| v.get_name()).collect();
            let default = if default.is_empty() {
                default
            } else {
                format!("；{default}")
            };
            extra += &format!("（可选：{}{default}）", names.join("、"));
        }
    }
    let help = a.get_help().map(|h| h.to_string()).unwrap_or_default();
    let long = a.get_long_help().map(|h| format!("{h}{extra}"));
    let a = a
        .help(format!("{help}{extra}"))
        .hide_possible_values(true)
        .hide_default_value(true);
    match long {
        Some(l) => a.long_help(l),
        None => a,
    }
}

/// `jixiao help [命令]` as `jixiao [命令] --help` (clap's own help subcommand speaks English).
pub fn help_subcommand(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if args.get(1).is_some_and(|a| a == "help") {
        args.remove(1);
        args.truncate(2);
        args.push("--help".into());
    }
    args
}

/// Clap's placeholders in usage lines, in Chinese.
pub fn localize_usage(s: &str) -> String {
    s.replace("Usage:", "用法：")
        .replace("用法： ", "用法：")
        .replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("[COMMAND]", "[命令]")
}

/// A clap error in Chinese (without the `错误：` label), with the argument names and values,
/// then the usage line.
pub fn clap_error(e: &clap::Error) -> String {
    let s = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        Some(ContextValue::Bool(b)) => Some(b.to_string()),
        _ => None,
    };
    let list = |k: ContextKind| match e.get(k) {
        Some(ContextValue::Strings(v)) => v.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>(),
        Some(ContextValue::String(x)) => vec![format!("`{x}`")],
        _ => Vec::new(),
    };
    let arg = s(ContextKind::InvalidArg).unwrap_or_default();
    let value = s(ContextKind::InvalidValue).unwrap_or_default();
    let mut m = match e.kind() {
        ErrorKind::UnknownArgument => format!("无法识别的参数 `{arg}`"),
        ErrorKind::InvalidSubcommand => {
            let sub = s(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("没有 `{sub}` 这个命令")
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("参数 `{arg}` 需要一个值，但没有给出")
        }
        ErrorKind::InvalidValue => {
            let valid = list(ContextKind::ValidValue);
            let mut m = format!("参数 `{arg}` 的值 `{value}` 无效");
            if !valid.is_empty() {
                m += &format!("；可用的值：{}", valid.join("、"));
            }
            m
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|c| value_reason(&c.to_string()))
                .unwrap_or_default();
            format!("参数 `{arg}` 的值 `{value}` 无效{why}")
        }
        ErrorKind::NoEquals => format!("给参数 `{arg}` 赋值时需要写等号，如 `{arg}=值`"),
        ErrorKind::TooManyValues => format!("参数 `{arg}` 多给了一个值 `{value}`"),
        ErrorKind::TooFewValues => format!(
            "参数 `{arg}` 至少需要 {} 个值，只给了 {} 个",
            s(ContextKind::MinValues).unwrap_or_default(),
            s(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::WrongNumberOfValues => format!(
            "参数 `{arg}` 需要 {} 个值，给了 {} 个",
            s(ContextKind::ExpectedNumValues).unwrap_or_default(),
            s(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        ErrorKind::ArgumentConflict => {
            let prior = list(ContextKind::PriorArg);
            if prior.is_empty() || prior == [format!("`{arg}`")] {
                format!("参数 `{arg}` 只能用一次")
            } else {
                format!("参数 `{arg}` 不能与 {} 同时使用", prior.join("、"))
            }
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = list(ContextKind::InvalidArg);
            format!("缺少必需的参数：{}", missing.join("、"))
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少命令".to_string()
        }
        ErrorKind::InvalidUtf8 => "参数中有无法识别的字符（不是有效的 UTF-8 文字）".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    let subs = list(ContextKind::ValidSubcommand);
    if matches!(
        e.kind(),
        ErrorKind::MissingSubcommand | ErrorKind::InvalidSubcommand
    ) && !subs.is_empty()
    {
        m += &format!("；可用的命令：{}", subs.join("、"));
    }
    for (kind, what) in [
        (ContextKind::SuggestedArg, "参数"),
        (ContextKind::SuggestedSubcommand, "命令"),
        (ContextKind::SuggestedValue, "值"),
    ] {
        let similar = list(kind);
        if !similar.is_empty() {
            m += &format!("\n  提示：相近的{what}有 {}", similar.join("、"));
        }
    }
    if s(ContextKind::TrailingArg).as_deref() == Some("true") && !arg.is_empty() {
        m += &format!("\n  提示：如果 `{arg}` 是要传入的值，请写成 `-- {arg}`");
    }
    if let Some(usage) = s(ContextKind::Usage) {
        m += &format!("\n\n{}", localize_usage(usage.trim()));
    }
    m
}

/// Why a value was refused by its parser, in Chinese (`：…`), from the parser's English.
fn value_reason(english: &str) -> String {
    let e = english.to_ascii_lowercase();
    if let Some((_, range)) = english.split_once(" is not in ") {
        let (lo, hi) = range.split_once("..=").unwrap_or((range, ""));
        return format!("：应在 {lo} 到 {hi} 之间");
    }
    let zh = if e.contains("invalid digit") {
        "应为整数（只写数字）"
    } else if e.contains("too large") || e.contains("too big") {
        "数字太大"
    } else if e.contains("too small") {
        "数字太小"
    } else if e.contains("empty") {
        "不能为空"
    } else if e.contains("float") {
        "应为数字"
    } else {
        "格式不对"
    };
    format!("：{zh}")
}

// ---------------------------------------------------------------------------------------------
// Output paths.

/// Why `path` cannot be written as an output file, if it cannot: it names a folder (or ends with
/// a slash), or a part of it is a file. `flag` is the option that named it (`--out`).
pub fn output_file_problem(path: &Path, flag: Option<&str>) -> Option<String> {
    let shown = path.display().to_string();
    let slash = shown.ends_with('/') || shown.ends_with(std::path::MAIN_SEPARATOR);
    let who = flag.map_or(String::new(), |f| format!("{f} "));
    if slash || path.is_dir() {
        let example =
            Path::new(shown.trim_end_matches(['/', std::path::MAIN_SEPARATOR])).join("汇总.xlsx");
        let what = if path.is_dir() {
            "是一个文件夹"
        } else {
            "以斜杠结尾，是文件夹的写法"
        };
        return Some(format!(
            "输出路径 `{shown}` {what}：{who}需要输出文件的名称（含文件名），例如 `{}`",
            example.display()
        ));
    }
    for above in path.ancestors().skip(1) {
        if above.as_os_str().is_empty() {
            break;
        }
        match std::fs::metadata(above) {
            Ok(m) if m.is_dir() => break,
            Ok(_) => {
                return Some(format!(
                    "无法写出 `{shown}`：`{}` 是一个文件，不是文件夹，不能在其中写文件；请换一个输出位置",
                    above.display()
                ));
            }
            Err(_) => {}
        }
    }
    None
}

std::thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic inside it (a library's, on a hostile file or a failed write) into
/// an error carrying the panic's text, without the default panic message on the terminal
/// (panics elsewhere still print).
pub fn catch_quietly<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                default(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// The cause of a failed write that a library reported by panicking with the I/O error's
/// debug text (`… kind: StorageFull …`), in Chinese.
pub fn write_panic_cause(text: &str) -> String {
    let kinds = [
        ("StorageFull", Io::StorageFull),
        ("QuotaExceeded", Io::QuotaExceeded),
        ("FileTooLarge", Io::FileTooLarge),
        ("ReadOnlyFilesystem", Io::ReadOnlyFilesystem),
        ("PermissionDenied", Io::PermissionDenied),
        ("NotFound", Io::NotFound),
    ];
    kinds
        .iter()
        .find(|(name, _)| text.contains(name))
        .map(|&(_, kind)| io_cause(&io::Error::from(kind)))
        .unwrap_or_else(|| "临时文件无法写入（磁盘可能已满）".to_string())
}
