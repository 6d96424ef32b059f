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
}

/// Files and folders the user named, expanded recursively into workbooks in a stable order.
/// Lock files (`~$…`, `.~lock…`), macOS resource forks (`._…`) and `.DS_Store` are skipped, as are
/// files that are not workbooks by extension. Paths that do not exist are returned separately.
pub fn discover(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<PathBuf>) {
    let mut files = Vec::new();
    let mut missing = Vec::new();
    for root in paths {
        if root.is_dir() {
            for entry in walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .flatten()
            {
                if !entry.file_type().is_file() || !is_workbook_name(entry.path()) {
                    continue;
                }
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                files.push(InputFile {
                    display: slash_path(rel),
                    path: entry.path().to_path_buf(),
                    modified: entry.metadata().ok().and_then(|m| m.modified().ok()),
                });
            }
        } else if root.is_file() {
            if is_workbook_name(root) || !is_system_file(root) {
                let name = root
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push(InputFile {
                    display: name,
                    path: root.clone(),
                    modified: root.metadata().ok().and_then(|m| m.modified().ok()),
                });
            }
        } else {
            missing.push(root.clone());
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    // Two files shown by the same name (`a/x.xlsx` and `b/x.xlsx` given as `a/ b/`) are named
    // by their paths as given, so every finding and row tells them apart.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for f in &files {
        *seen.entry(f.display.clone()).or_default() += 1;
    }
    for f in &mut files {
        if seen[&f.display] > 1 {
            f.display = slash_path(&f.path);
        }
    }
    files.sort();
    (files, missing)
}

fn slash_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
}

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
pub fn read_sheets(path: &Path) -> Result<ReadBook, OpenError> {
    let bytes = std::fs::read(path).map_err(|e| {
        messages::note_original(&path.display().to_string(), &e.to_string());
        OpenError::Unreadable(format!("无法读取文件：{}", messages::io_cause(&e)))
    })?;
    read_workbook_bytes(&bytes, path)
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
    let metas = book.sheets_metadata().to_vec();
    let mut out = ReadBook::default();
    for (index, meta) in metas.iter().enumerate() {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let mut grid = Grid::new(meta.name.clone(), index);
        grid.hidden = meta.visible != calamine::SheetVisible::Visible;
        match load_cells(&mut book, &meta.name, &mut grid) {
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

fn load_cells(book: &mut Sheets<Cursor<&[u8]>>, name: &str, grid: &mut Grid) -> Result<(), String> {
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
            while let Some((cell, style)) = reader
                .next_cell_with_style_id()
                .map_err(|e| e.to_string())?
            {
                let (r, c) = cell.get_position();
                match from_ref(cell.get_value()) {
                    Some(CellValue::Number(n)) if percent.get(style) == Some(&true) => {
                        let shown = super::value::format_number((n * 100.0 * 1e6).round() / 1e6);
                        grid.set(r, c, CellValue::Text(format!("{shown}%")));
                    }
                    Some(v) => grid.set(r, c, v),
                    None => {}
                }
            }
            drop(reader);
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
