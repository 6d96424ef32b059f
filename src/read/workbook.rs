//! Finding and opening workbooks: every format calamine reads, lock files skipped, a broken or
//! hostile file isolated as one problem while the others are read.

use super::grid::Grid;
use super::value::CellValue;
use crate::cellref::CellRef;
use crate::messages;
use calamine::{Data, DataRef, Reader, SheetType, Sheets};
use std::io::Cursor;
use std::path::{Path, PathBuf};

pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "xlsb", "ods"];

/// A workbook found in the inputs, with the name findings use for it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputFile {
    /// Path relative to the folder it was found in (or as given, for a file argument).
    pub display: String,
    pub path: PathBuf,
    /// When the file was last written (`--prefer newer` orders resubmissions by it).
    pub modified: Option<std::time::SystemTime>,
    /// Why the file cannot be opened, found while looking for it (a link to nothing, a link
    /// loop, a folder that cannot be opened, a pipe): it becomes one finding naming it.
    pub problem: Option<String>,
    /// The name is not UTF-8 (a zip unpacked with GBK names): `display` is the name decoded as
    /// GBK, or with the bytes that are not text escaped as `\xD6`.
    pub odd_name: bool,
    /// Which file it is (`None`: it cannot be looked at), from the look taken to find it.
    pub key: Option<FileKey>,
}

/// What makes two paths one file: its device and inode where the system has them (a link, a
/// second path to it and a hard link are the same file), else its canonical path. One look at
/// the file (`stat`), where a canonical path takes one per folder on the way.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKey {
    Inode(u64, u64),
    Path(PathBuf),
}

impl FileKey {
    /// The file `path` names (links followed), `None` when there is none.
    pub fn of(path: &Path) -> Option<FileKey> {
        Self::with(path, &std::fs::metadata(path).ok()?)
    }

    /// The file `path` names, from a look already taken at it (links followed).
    pub fn with(path: &Path, meta: &std::fs::Metadata) -> Option<FileKey> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let _ = path;
            Some(FileKey::Inode(meta.dev(), meta.ino()))
        }
        #[cfg(not(unix))]
        {
            let _ = meta;
            path.canonicalize().ok().map(FileKey::Path)
        }
    }
}

/// The files this run reads as inputs: an output never replaces one.
static INPUTS: std::sync::Mutex<Vec<FileKey>> = std::sync::Mutex::new(Vec::new());

/// Notes a file the run reads (a returned form, the roster, a consolidated workbook …).
pub fn note_input(path: &Path) {
    if let Some(key) = FileKey::of(path) {
        note_input_key(key);
    }
}

/// Notes a file the run reads, known by its key.
pub fn note_input_key(key: FileKey) {
    if let Ok(mut inputs) = INPUTS.lock() {
        inputs.push(key);
    }
}

/// Whether `path` names a file this run reads as an input.
pub fn is_input(path: &Path) -> bool {
    let Some(key) = FileKey::of(path) else {
        return false;
    };
    INPUTS.lock().is_ok_and(|inputs| inputs.contains(&key))
}

/// A file found in the inputs that is not read as a returned form, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SkippedFile {
    pub display: String,
    pub why: String,
}

/// What a search of the inputs found: the workbooks to read (those that cannot be opened
/// included, each with its problem), the files that are not workbooks, and the paths given
/// that do not exist. Every file found is in exactly one of `files` and `skipped`.
#[derive(Debug, Default)]
pub struct Discovered {
    pub files: Vec<InputFile>,
    pub skipped: Vec<SkippedFile>,
    pub missing: Vec<PathBuf>,
}

impl Discovered {
    /// Every file found: read, skipped or failed.
    pub fn found(&self) -> usize {
        self.files.len() + self.skipped.len()
    }
}

/// Files and folders the user named, expanded recursively into workbooks in a stable order.
/// Lock files (`~$…`, `.~lock…`), macOS resource forks (`._…`), `.DS_Store` and files that are
/// not workbooks by extension are skipped (and listed). Symbolic links are followed, also to
/// files and folders outside the folder given (a link is read as the workbook it points to,
/// and named by the link); a link to nothing, a link loop, a folder that cannot be opened and
/// a pipe or device named like a workbook are kept as files with their problem, never dropped.
/// Paths that do not exist at all are returned in `missing`.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    let mut d = Discovered::default();
    for root in paths {
        match std::fs::metadata(root) {
            Ok(m) if m.is_dir() => walk(root, &mut d),
            Ok(m) => {
                let (display, odd_name) = file_name_of(root);
                if is_system_file(root) && !is_workbook_name(root) {
                    d.skipped.push(SkippedFile {
                        display,
                        why: "系统或锁定文件".into(),
                    });
                    continue;
                }
                d.files.push(InputFile {
                    display,
                    path: root.clone(),
                    modified: m.modified().ok(),
                    problem: (!m.is_file()).then(not_a_file),
                    odd_name,
                    key: FileKey::with(root, &m),
                });
            }
            // A link that points nowhere or loops exists as a link: a file gone missing, not a
            // typing mistake in the command line.
            Err(e) if root.symlink_metadata().is_ok() => {
                let (display, odd_name) = file_name_of(root);
                d.files.push(InputFile {
                    display,
                    path: root.clone(),
                    modified: None,
                    problem: Some(link_problem(root, &e)),
                    odd_name,
                    key: None,
                });
            }
            Err(_) => d.missing.push(root.clone()),
        }
    }
    // The same file reached twice (given twice, or through a link to a file or folder also
    // given) is read once; the other path is listed as skipped.
    d.files.sort();
    let mut first: std::collections::HashMap<FileKey, String> = Default::default();
    let mut kept = Vec::with_capacity(d.files.len());
    for f in std::mem::take(&mut d.files) {
        let key = f
            .key
            .clone()
            .unwrap_or_else(|| FileKey::Path(f.path.clone()));
        match first.get(&key) {
            Some(shown) => d.skipped.push(SkippedFile {
                display: f.display.clone(),
                why: format!("与 `{shown}` 是同一个文件，只读取一次"),
            }),
            None => {
                first.insert(key, f.display.clone());
                kept.push(f);
            }
        }
    }
    d.files = kept;
    // Two files shown by the same name (`a/x.xlsx` and `b/x.xlsx` given as `a/ b/`) are named
    // by their paths as given, so every finding and row tells them apart.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in &d.files {
        *seen.entry(f.display.clone()).or_default() += 1;
    }
    for f in &mut d.files {
        if seen[&f.display] > 1 {
            f.display = slash_path(&f.path).0;
        }
    }
    d.files.sort();
    d.skipped.sort();
    d
}

/// One folder, recursively, links followed.
fn walk(root: &Path, d: &mut Discovered) {
    for entry in walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
    {
        let (path, problem, meta, regular) = match &entry {
            Ok(e) if e.file_type().is_dir() => continue,
            Ok(e) => (e.path(), None, e.metadata().ok(), e.file_type().is_file()),
            Err(err) => {
                let path = err.path().unwrap_or(root);
                let why = if err.loop_ancestor().is_some() {
                    "符号链接构成循环（指向它自己所在的文件夹或上级文件夹），没有读取".to_string()
                } else if let Some(io) = err.io_error() {
                    if path.is_dir() {
                        format!("无法打开文件夹：{}", messages::io_cause(io))
                    } else {
                        link_problem(path, io)
                    }
                } else {
                    "无法访问".to_string()
                };
                (path, Some(why), None, true)
            }
        };
        let (display, odd_name) = slash_path(path.strip_prefix(root).unwrap_or(path));
        let display = if display.is_empty() {
            slash_path(path).0
        } else {
            display
        };
        // A name that says it is no workbook is skipped whatever else is wrong with it; a
        // problem without such a name (a folder that cannot be opened) may be hiding forms.
        let keep = problem.is_some() && path.is_dir();
        if let Some(why) = not_workbook(path, problem.is_some()).filter(|_| !keep) {
            d.skipped.push(SkippedFile { display, why });
            continue;
        }
        d.files.push(InputFile {
            display,
            path: path.to_path_buf(),
            modified: meta.as_ref().and_then(|m| m.modified().ok()),
            problem: problem.or_else(|| (!regular).then(not_a_file)),
            odd_name,
            key: meta.as_ref().and_then(|m| FileKey::with(path, m)),
        });
    }
}

/// Why a file is not read as a workbook, by its name; `None` when it should be read. With a
/// problem, only a name with another extension or a system file's is skipped.
fn not_workbook(path: &Path, problem: bool) -> Option<String> {
    if is_system_file(path) {
        return Some("系统或锁定文件".into());
    }
    if is_workbook_name(path) {
        return None;
    }
    if problem && path.extension().is_none() {
        return None;
    }
    Some("不是工作簿（按扩展名）".into())
}

fn not_a_file() -> String {
    "这不是普通文件（可能是管道、设备或套接字），没有读取".into()
}

/// Why a path that exists as a link (or a file that vanished) cannot be opened.
fn link_problem(path: &Path, e: &std::io::Error) -> String {
    match std::fs::read_link(path) {
        Ok(target) if e.kind() == std::io::ErrorKind::NotFound => format!(
            "这是一个链接（快捷方式），指向的 `{}` 不存在：文件可能已被移走或删除",
            target.display()
        ),
        Ok(target) => format!(
            "这是一个链接（快捷方式），指向 `{}`，无法打开：{}",
            target.display(),
            messages::io_cause(e)
        ),
        Err(_) => format!("无法打开：{}", messages::io_cause(e)),
    }
}

/// The last component of a path as shown, and whether it was not UTF-8.
fn file_name_of(p: &Path) -> (String, bool) {
    match p.file_name() {
        Some(n) => name_text(n),
        None => slash_path(p),
    }
}

/// A path with `/` between its parts, and whether a part was not UTF-8.
fn slash_path(p: &Path) -> (String, bool) {
    let mut odd = false;
    let parts: Vec<String> = p
        .components()
        .map(|c| {
            let (t, o) = name_text(c.as_os_str());
            odd |= o;
            t
        })
        .collect();
    (parts.join("/"), odd)
}

/// A name as text: as it is when UTF-8; else decoded as GBK (names from a zip made on a
/// Chinese Windows), else with the bytes that are not text shown as `\xD6`.
fn name_text(n: &std::ffi::OsStr) -> (String, bool) {
    if let Some(s) = n.to_str() {
        return (s.to_string(), false);
    }
    let bytes = n.as_encoded_bytes();
    if let Some(s) = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(bytes) {
        return (s.into_owned(), true);
    }
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    (out, true)
}

fn is_system_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.starts_with("~$")
        || name.starts_with(".~lock")
        || name.starts_with("._")
        || name == ".DS_Store"
}

pub fn is_workbook_name(p: &Path) -> bool {
    if is_system_file(p) {
        return false;
    }
    let ext = p
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    WORKBOOK_EXTENSIONS.contains(&ext.as_str())
}

/// Why a file could not be read at all.
#[derive(Clone, Debug, PartialEq)]
pub enum OpenError {
    /// Zero bytes or no sheet with any cell.
    Empty,
    /// Not a workbook, encrypted or corrupt; the text says which in Chinese.
    Unreadable(String),
    /// The file could not be opened or read through (gone, no permission, a link to nothing,
    /// changed while it was read, an I/O error); the text says which in Chinese.
    Io(String),
}

/// The largest file read as a workbook: a form with hundreds of projects is a few megabytes;
/// anything this big is no form, and reading it whole would cost its size in memory.
pub const MAX_WORKBOOK_BYTES: u64 = 256 * 1024 * 1024;

/// Reads every worksheet of a workbook into grids (chart sheets and the like are left out).
pub fn read_workbook(path: &Path) -> Result<Vec<Grid>, OpenError> {
    let book = read_sheets(path)?;
    match book.broken.first() {
        Some((sheet, why)) => Err(OpenError::Unreadable(format!(
            "工作表“{sheet}”无法读取：{why}"
        ))),
        None => Ok(book.grids),
    }
}

/// A workbook as read: the sheets that could be read, and those that could not with why.
#[derive(Debug, Default)]
pub struct ReadBook {
    pub grids: Vec<Grid>,
    pub broken: Vec<(String, String)>,
}

/// Reads every worksheet; a damaged sheet is set aside with its reason and the others are read.
/// The file is read whole, once, and refused when it changed while it was read (a file still
/// being copied into the folder), so that its cards come from one version of it.
pub fn read_sheets(path: &Path) -> Result<ReadBook, OpenError> {
    let io = |e: std::io::Error| {
        messages::note_original(&path.display().to_string(), &e.to_string());
        if path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
        {
            OpenError::Io(link_problem(path, &e))
        } else if e.kind() == std::io::ErrorKind::NotFound {
            OpenError::Io("文件在读取前已被删除或移走".into())
        } else {
            OpenError::Io(format!("无法读取文件：{}", messages::io_cause(&e)))
        }
    };
    let before = std::fs::metadata(path).map_err(io)?;
    if before.is_dir() {
        return Err(OpenError::Io("这是一个文件夹，不是文件".into()));
    }
    if !before.is_file() {
        return Err(OpenError::Io(not_a_file()));
    }
    if before.len() > MAX_WORKBOOK_BYTES {
        return Err(OpenError::Unreadable(format!(
            "文件太大（{} MB，超过 {} MB 的上限），不像是绩效表，没有读取",
            before.len() / (1024 * 1024),
            MAX_WORKBOOK_BYTES / (1024 * 1024)
        )));
    }
    let bytes = read_at_most(path, MAX_WORKBOOK_BYTES).map_err(io)?;
    let after = std::fs::metadata(path).map_err(io)?;
    if after.len() != bytes.len() as u64 || after.modified().ok() != before.modified().ok() {
        return Err(OpenError::Io(
            "读取时文件正在被改动（可能还在复制或保存中）：请等文件保存完毕后重新运行".into(),
        ));
    }
    read_workbook_bytes(&bytes, path)
}

/// A file's bytes, refused when there are more than `limit` (a file that grows while it is
/// read is not read without end).
fn read_at_most(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::from(std::io::ErrorKind::FileTooLarge));
    }
    Ok(bytes)
}

pub fn read_workbook_bytes(bytes: &[u8], path: &Path) -> Result<ReadBook, OpenError> {
    if bytes.is_empty() {
        return Err(OpenError::Empty);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let defused = super::xls_guard::defuse(bytes);
    let bytes = defused.as_deref().unwrap_or(bytes);
    let mut book = open(bytes, &ext, path)?;
    // Whether the package holds formulas saved without their results is asked only once a
    // sheet read for its styles has a cell without a value (a styled blank, most often).
    let formulas = std::cell::OnceCell::new();
    let formulas = || *formulas.get_or_init(|| has_uncalculated_formulas(bytes));
    let metas = book.sheets_metadata().to_vec();
    let mut out = ReadBook::default();
    for (index, meta) in metas.iter().enumerate() {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let mut grid = Grid::new(meta.name.clone(), index);
        grid.hidden = meta.visible != calamine::SheetVisible::Visible;
        match load_cells(&mut book, &meta.name, &mut grid, &formulas) {
            Ok(()) => out.grids.push(grid),
            Err(why) => {
                // The library's reason is English: the clerk and the unit read it in Chinese.
                messages::note_original(&format!("{}：{}", path.display(), meta.name), &why);
                out.broken.push((
                    meta.name.clone(),
                    messages::workbook_cause(&why).to_string(),
                ));
            }
        }
    }
    if out.broken.is_empty() && out.grids.iter().all(Grid::is_empty) {
        return Err(OpenError::Empty);
    }
    if !out.broken.is_empty() && out.grids.iter().all(Grid::is_empty) {
        let (sheet, why) = &out.broken[0];
        return Err(OpenError::Unreadable(format!(
            "文件已损坏：工作表“{sheet}”无法读取（{why}）"
        )));
    }
    Ok(out)
}

fn open<'a>(
    bytes: &'a [u8],
    ext: &str,
    path: &Path,
) -> Result<Sheets<Cursor<&'a [u8]>>, OpenError> {
    let head = &bytes[..bytes.len().min(512)];
    let is_zip = head.starts_with(b"PK\x03\x04");
    let is_ole = head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let text_head = String::from_utf8_lossy(head)
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .to_ascii_lowercase();
    if !is_zip && !is_ole {
        if text_head.starts_with('<') {
            return Err(OpenError::Unreadable("这是网页（HTML/XML）文件另存为的表格，不是真正的工作簿：请在 Excel/WPS 中“另存为”.xlsx 后重新报送".into()));
        }
        if head
            .iter()
            .all(|&b| b == b'\t' || b == b'\n' || b == b'\r' || b >= 0x20)
        {
            return Err(OpenError::Unreadable(
                "这是文本（如 CSV）文件，不是工作簿：请另存为 .xlsx 后重新报送".into(),
            ));
        }
        return Err(OpenError::Unreadable("文件已损坏或不是工作簿".into()));
    }
    if is_ole && ext != "xls" {
        // An xlsx that starts as an OLE container is an encrypted (password-protected) package.
        if contains(bytes, "EncryptedPackage") {
            return Err(OpenError::Unreadable(
                "文件设置了打开密码（已加密），无法读取：请取消密码后重新报送".into(),
            ));
        }
    }
    let cursor = Cursor::new(bytes);
    let by_ext = match ext {
        "xls" if is_ole => calamine::open_workbook_from_rs(cursor.clone())
            .map(Sheets::Xls)
            .map_err(|e| e.to_string()),
        "xlsx" | "xlsm" if is_zip => calamine::open_workbook_from_rs(cursor.clone())
            .map(Sheets::Xlsx)
            .map_err(|e| e.to_string()),
        "xlsb" if is_zip => calamine::open_workbook_from_rs(cursor.clone())
            .map(Sheets::Xlsb)
            .map_err(|e| e.to_string()),
        "ods" if is_zip => calamine::open_workbook_from_rs(cursor.clone())
            .map(Sheets::Ods)
            .map_err(|e| e.to_string()),
        _ => Err(String::new()),
    };
    match by_ext {
        Ok(b) => Ok(b),
        // A renamed file (an .xlsx saved as .xls): detect the format from the content.
        Err(first) => calamine::open_workbook_auto_from_rs(cursor).map_err(|e| {
            let detail = if first.is_empty() {
                e.to_string()
            } else {
                first
            };
            if is_ole && contains(bytes, "EncryptedPackage") {
                OpenError::Unreadable(
                    "文件设置了打开密码（已加密），无法读取：请取消密码后重新报送".into(),
                )
            } else {
                messages::note_original(&path.display().to_string(), &detail);
                OpenError::Unreadable(format!(
                    "文件已损坏或不是有效的工作簿：{}。请在 Excel/WPS 中打开，另存为 .xlsx 后重新报送",
                    messages::workbook_cause(&detail)
                ))
            }
        }),
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    // OLE directory names are UTF-16LE.
    let utf16: Vec<u8> = needle
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    hay.windows(utf16.len()).any(|w| w == utf16.as_slice())
}

/// Whether any worksheet of an xlsx package holds a formula saved without its result (by a
/// program that does not calculate), which the reader works out itself. Asked when a pass that
/// sees styles, not formulas, met a cell without a value (most often a styled blank). A formula
/// whose result is the empty string (an empty `<v>` in a cell of type `str`: Excel's and WPS's
/// `IF(…,"")`, in every filled-in monitoring template) has its result and asks for nothing.
/// Inflating the sheets costs a fraction of a parse of their cells. Anything this does not
/// recognise (a namespace prefix, a formula without a result element, an empty result in a cell
/// of another type, an inline-string cell, no sheet found) answers yes.
fn has_uncalculated_formulas(bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    let mut xml = Vec::new();
    let mut scanned = 0;
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            return true;
        };
        let Ok(name) = entry.name() else {
            return true;
        };
        // As calamine finds sheets: any case, `\\` for `/` (a package made by an odd zipper).
        let name = name.replace('\\', "/").to_ascii_lowercase();
        if !name.contains("worksheets/") || !name.ends_with(".xml") {
            continue;
        }
        scanned += 1;
        // A sheet claiming more than this (a zip bomb) is left to the cell pass's own limits.
        const LIMIT: u64 = 256 << 20;
        xml.clear();
        if (&mut entry).take(LIMIT).read_to_end(&mut xml).is_err() || xml.len() as u64 >= LIMIT {
            return true;
        }
        if sheet_has_uncalculated_formulas(&xml) {
            return true;
        }
    }
    // No sheet where one was looked for: the package is laid out otherwise.
    scanned == 0
}

/// [`has_uncalculated_formulas`] for one sheet's XML.
fn sheet_has_uncalculated_formulas(xml: &[u8]) -> bool {
    use memchr::memmem;
    let is_element_end =
        |b: Option<&u8>| matches!(b, Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r'));
    // Formulas written with a namespace prefix (`<x:f>`): not looked into.
    let prefixed_f = memmem::find_iter(xml, b":f").any(|at| {
        let name = xml[..at]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
            .count();
        is_element_end(xml.get(at + 2)) && name > 0 && at > name && xml[at - name - 1] == b'<'
    });
    if prefixed_f {
        return true;
    }
    for at in memmem::find_iter(xml, b"<f") {
        if !is_element_end(xml.get(at + 2)) {
            continue; // `<formula1>` of a data validation and the like
        }
        // The end of the formula: `<f …/>` (a cell of a shared formula) or `<f …>…</f>`.
        let Some(tag_end) = memchr::memchr(b'>', &xml[at..]).map(|i| at + i) else {
            return true;
        };
        let after = if xml[tag_end - 1] == b'/' {
            tag_end + 1
        } else {
            // `</f>`, or `</f >` as a writer may space it.
            let close = memmem::find_iter(&xml[tag_end..], b"</f")
                .map(|i| tag_end + i + 3)
                .find(|&i| matches!(xml.get(i), Some(b'>' | b' ' | b'\t' | b'\n' | b'\r')));
            let Some(close) = close else {
                return true;
            };
            match memchr::memchr(b'>', &xml[close..]) {
                Some(i) => close + i + 1,
                None => return true,
            }
        };
        // The cell's start tag: its type.
        let Some(cell) =
            memmem::rfind_iter(&xml[..at], b"<c").find(|&i| is_element_end(xml.get(i + 2)))
        else {
            return true;
        };
        let tag = &xml[cell..at];
        let typ = cell_type(&tag[..memchr::memchr(b'>', tag).unwrap_or(tag.len())]);
        // calamine takes an inline-string cell's value from `<is>` only.
        if typ == Some(b"inlineStr") {
            return true;
        }
        let rest = &xml[after..];
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        let empty = if let Some(v) = rest.strip_prefix(b"<v>") {
            v.starts_with(b"</v>")
        } else if rest.starts_with(b"<v/>") {
            true
        } else {
            return true; // no result at all
        };
        // An empty result is the empty string only in a cell of type `str`.
        if empty && typ != Some(b"str") {
            return true;
        }
    }
    false
}

/// The `t` attribute of a cell's start tag (`<c r="A1" t="str"`), `None` when it has none.
fn cell_type(tag: &[u8]) -> Option<&[u8]> {
    let at = memchr::memmem::find(tag, b" t=")? + 3;
    let quote = *tag.get(at).filter(|q| matches!(q, b'"' | b'\''))?;
    let value = &tag[at + 1..];
    Some(&value[..memchr::memchr(quote, value)?])
}

fn load_cells(
    book: &mut Sheets<Cursor<&[u8]>>,
    name: &str,
    grid: &mut Grid,
    formulas: &dyn Fn() -> bool,
) -> Result<(), String> {
    match book {
        // xlsx and xlsb are read cell by cell: a declared dimension of A1:XFD1048576 or one stray
        // far cell costs nothing.
        Sheets::Xlsx(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            // `95%` typed into a cell is stored as 0.95 with a percent format: keep it `95%`.
            let percent: Vec<bool> = reader
                .styles()
                .iter()
                .map(|s| {
                    s.number_format
                        .as_ref()
                        .is_some_and(|f| is_percent_format(&f.format_code))
                })
                .collect();
            // A formula stored without its result (by a program that does not calculate) needs
            // a second pass, for its text. A workbook without percent formats (the real forms')
            // is read in one pass that sees each cell's formula as well as its value. With
            // percent formats the pass must see each cell's style instead: a cell without a
            // value there may be a formula or only a format (a self-closing `<c/>`, as WPS writes
            // on every styled blank), and the package is scanned once to tell whether any formula
            // lacks its result.
            let pending = if percent.contains(&true) {
                let mut unvalued = false;
                while let Some((cell, style)) = reader
                    .next_cell_with_style_id()
                    .map_err(|e| e.to_string())?
                {
                    let (r, c) = cell.get_position();
                    match from_ref(cell.get_value()) {
                        Some(CellValue::Number(n)) if percent.get(style) == Some(&true) => {
                            let shown =
                                super::value::format_number((n * 100.0 * 1e6).round() / 1e6);
                            grid.set(r, c, CellValue::Text(format!("{shown}%")));
                        }
                        Some(v) => grid.set(r, c, v),
                        None => unvalued = true,
                    }
                }
                unvalued && formulas()
            } else {
                let mut pending = false;
                while let Some(cell) = reader
                    .next_cell_with_formula_metadata()
                    .map_err(|e| e.to_string())?
                {
                    match from_ref(&cell.value) {
                        Some(v) => grid.set(cell.pos.0, cell.pos.1, v),
                        None => pending |= cell.formula.is_some(),
                    }
                }
                pending
            };
            drop(reader);
            if !pending {
                return Ok(());
            }
            // Formulas written without their result (by programs that do not calculate) are
            // worked out once the sheet's values are in: a second pass, for their text.
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            let mut pending = Vec::new();
            while let Some(cell) = reader.next_cell_with_formula().map_err(|e| e.to_string())? {
                if let (DataRef::Empty, Some(f)) = (&cell.value, cell.formula) {
                    pending.push((CellRef::new(cell.pos.0, cell.pos.1), f));
                }
            }
            drop(reader);
            super::formula::settle(grid, pending);
            Ok(())
        }
        Sheets::Xlsb(x) => {
            let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
            while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                let (r, c) = cell.get_position();
                if let Some(v) = from_ref(cell.get_value()) {
                    grid.set(r, c, v);
                }
            }
            Ok(())
        }
        Sheets::Xls(_) | Sheets::Ods(_) => {
            let range = book.worksheet_range(name).map_err(|e| e.to_string())?;
            let (r0, c0) = range.start().unwrap_or((0, 0));
            for (r, c, d) in range.used_cells() {
                if let Some(v) = from_data(d) {
                    grid.set(r0 + r as u32, c0 + c as u32, v);
                }
            }
            Ok(())
        }
    }
}

/// A number format that shows the value times 100 with a `%` (`0%`, `0.00%`; not `0"%"`).
fn is_percent_format(code: &str) -> bool {
    let (mut quoted, mut escaped) = (false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

fn from_data(d: &Data) -> Option<CellValue> {
    Some(match d {
        Data::Empty => return None,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Float(f) => CellValue::Number(*f),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => date(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(format!("{e}")),
    })
}

fn from_ref(d: &DataRef<'_>) -> Option<CellValue> {
    Some(match d {
        DataRef::Empty => return None,
        DataRef::String(s) => CellValue::Text(s.clone()),
        DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
        DataRef::Float(f) => CellValue::Number(*f),
        DataRef::Int(i) => CellValue::Number(*i as f64),
        DataRef::Bool(b) => CellValue::Bool(*b),
        DataRef::DateTime(dt) => date(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => CellValue::Text(s.clone()),
        DataRef::Error(e) => CellValue::Error(format!("{e}")),
    })
}

/// A date cell as a 1900-system serial, read through calamine's own date handling so that a
/// workbook saved with the 1904 date system (older Mac Excel) gives the same calendar date.
fn date(dt: &calamine::ExcelDateTime) -> CellValue {
    if !dt.is_datetime() {
        return CellValue::Date(dt.as_f64());
    }
    let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
    let time =
        (f64::from(h) * 3600.0 + f64::from(mi) * 60.0 + f64::from(s) + f64::from(ms) / 1000.0)
            / 86_400.0;
    match super::value::serial_of(i64::from(y), i64::from(mo), i64::from(d)) {
        Some(day) => CellValue::Date(day + time),
        None => CellValue::Date(dt.as_f64()),
    }
}

#[cfg(test)]
mod tests {
    use super::is_percent_format;
    use crate::cellref::CellRef;
    use crate::read::value::CellValue;

    /// A workbook whose formulas were saved without their results (as a program that never
    /// calculates leaves them), with a styled blank beside them; `percent` adds a cell shown as a
    /// percent (so the palette holds a percent format).
    fn uncalculated(percent: bool) -> Vec<u8> {
        use rust_xlsxwriter::{Format, Formula, Workbook};
        use std::io::{Read, Write};
        let mut book = Workbook::new();
        let ws = book.add_worksheet();
        ws.write_number(0, 0, 30.0).unwrap();
        ws.write_number(1, 0, 12.5).unwrap();
        ws.write_formula(2, 0, Formula::new("=SUM(A1:A2)").set_result("DROP"))
            .unwrap();
        ws.write_formula(3, 0, Formula::new("=A3*2").set_result("DROP"))
            .unwrap();
        ws.write_blank(4, 0, &Format::new().set_bold()).unwrap();
        ws.write_formula(5, 0, Formula::new("=A1").set_result("30"))
            .unwrap();
        if percent {
            ws.write_number_with_format(6, 0, 0.95, &Format::new().set_num_format("0%"))
                .unwrap();
        }
        let bytes = book.save_to_buffer().unwrap();
        // Take the placeholder results out.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut e = zip.by_index(i).unwrap();
            let name = e.name().unwrap().to_string();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            if name.starts_with("xl/worksheets/") {
                let xml = String::from_utf8(data).unwrap();
                assert!(xml.contains("<v>DROP</v>"), "{xml}");
                data = xml
                    .replace("<v>DROP</v>", "")
                    .replace(" t=\"str\"><f>", "><f>")
                    .into_bytes();
            }
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&data).unwrap();
        }
        out.finish().unwrap().into_inner()
    }

    #[test]
    fn formulas_saved_without_results_are_worked_out_with_or_without_percent_formats() {
        for percent in [false, true] {
            let bytes = uncalculated(percent);
            let book = super::read_workbook_bytes(&bytes, std::path::Path::new("x.xlsx")).unwrap();
            let grid = &book.grids[0];
            let at = |r| grid.get(CellRef::new(r, 0));
            assert_eq!(at(2), Some(&CellValue::Number(42.5)), "percent {percent}");
            assert_eq!(at(3), Some(&CellValue::Number(85.0)), "percent {percent}");
            assert_eq!(at(4), None, "a styled blank is blank");
            assert_eq!(at(5), Some(&CellValue::Number(30.0)), "a stored result");
            if percent {
                assert_eq!(at(6), Some(&CellValue::Text("95%".into())));
            }
        }
    }

    #[test]
    fn only_formulas_without_their_result_ask_for_a_second_reading() {
        use super::sheet_has_uncalculated_formulas as lacks;
        let sheet = |cells: &str| {
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{cells}</row></sheetData><dataValidations count="1"><dataValidation type="decimal" sqref="B2"><formula1>0</formula1></dataValidation></dataValidations></worksheet>"#
            )
            .into_bytes()
        };
        // Results stored: a number, Excel's and WPS's empty string, a shared formula's cell,
        // on separate lines.
        for cells in [
            r#"<c r="A1"><v>1</v></c>"#,
            r#"<c r="A1" s="3"><f>B1*2</f><v>4</v></c>"#,
            r#"<c r="L9" s="13" t="str"><f>IF(ISNUMBER(I9),I9/F9,"")</f><v></v></c>"#,
            r#"<c r="L9" t="str"><f>IF(A1,"","")</f><v/></c>"#,
            r#"<c r="A2"><f t="shared" ref="A2:A3" si="0">B2</f><v>1</v></c><c r="A3"><f t="shared" si="0"/><v>2</v></c>"#,
            "<c r=\"A1\">\n  <f>B1</f>\n  <v>3</v>\n</c>",
        ] {
            assert!(!lacks(&sheet(cells)), "{cells}");
        }
        // No result: none at all, an empty one in a number cell (as openpyxl writes), an empty
        // one after a shared formula's cell.
        for cells in [
            r#"<c r="A3"><f>SUM(A1:A2)</f></c>"#,
            r#"<c r="A3"><f>SUM(A1:A2)</f><v></v></c>"#,
            r#"<c r="A3" t="n"><f>SUM(A1:A2)</f><v/></c>"#,
            r#"<c r="A4"><f t="shared" si="0"/></c>"#,
            r#"<c r="A1" t="str"><f>"x"</f><v>x</v></c><c r="A2"><f>A1</f></c>"#,
            r#"<c r="A1" t="str"><v>x</v></c><c><f>A1</f><v></v></c>"#,
            // calamine reads an inline-string cell's `<is>` only.
            r#"<c r="A1" t="inlineStr"><f>B1</f><v>x</v></c>"#,
            // `</f >` is an end tag too: A1's formula has no result (not B2's).
            r#"<c r="A1"><f>B1</f ></c><c r="B2"><f>B2</f><v>1</v></c>"#,
        ] {
            assert!(lacks(&sheet(cells)), "{cells}");
        }
        // A sheet written with namespace prefixes is not looked into.
        let prefixed = br#"<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:f>B1</x:f><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
        assert!(lacks(prefixed));
        let mixed = br#"<worksheet xmlns="m" xmlns:x="m"><sheetData><x:row r="1"><x:c r="A1"><x:f>B1</x:f></x:c></x:row></sheetData></worksheet>"#;
        assert!(lacks(mixed));
        // A package whose sheets are not where they are looked for is not looked into; one
        // whose sheet's name is in capitals is.
        let sheets = |name: &str, xml: &[u8]| {
            use std::io::Write;
            let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            out.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(xml).unwrap();
            out.finish().unwrap().into_inner()
        };
        let no_result = sheet(r#"<c r="A3"><f>SUM(A1:A2)</f></c>"#);
        let with_result = sheet(r#"<c r="A3"><f>SUM(A1:A2)</f><v>3</v></c>"#);
        assert!(super::has_uncalculated_formulas(&sheets(
            "xl/Worksheets/Sheet1.XML",
            &no_result
        )));
        assert!(!super::has_uncalculated_formulas(&sheets(
            "xl/Worksheets/Sheet1.XML",
            &with_result
        )));
        assert!(super::has_uncalculated_formulas(&sheets(
            "docProps/app.xml",
            &with_result
        )));
    }

    #[test]
    fn percent_formats_are_told_from_literal_percent_signs() {
        for code in ["0%", "0.00%", "#,##0.0%;[Red]-0.0%"] {
            assert!(is_percent_format(code), "{code}");
        }
        for code in ["0.00", "0\"%\"", "0\\%", "General", "yyyy/m/d"] {
            assert!(!is_percent_format(code), "{code}");
        }
    }
}
