//! Writing typed tables to a workbook: typed cells, frozen header, autofilter, widths that fit
//! Chinese text, long tables continued on `(2)` sheets. Written atomically.

use crate::messages::{self, Localized};
use crate::table::{ColKind, Column, Sheet, Table, Val};
use anyhow::{Context, Result, bail};
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::io::Write;
use std::ops::Range;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

/// Excel's last row is 1,048,576; one goes to the header.
pub const MAX_DATA_ROWS: usize = 1_048_575;

pub struct Formats {
    pub header: Format,
    pub text: Format,
    pub long: Format,
    pub code: Format,
    pub money: Format,
    pub int: Format,
    pub percent: Format,
    pub number: Format,
    pub total_label: Format,
    pub total_money: Format,
    pub total_int: Format,
}

impl Default for Formats {
    fn default() -> Self {
        let base = Format::new()
            .set_font_name("宋体")
            .set_font_size(10.5)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7))
                .set_border(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Center),
            text: base.clone().set_text_wrap(),
            long: base.clone().set_text_wrap(),
            code: base.clone().set_num_format("@"),
            money: base.clone().set_num_format("#,##0.00"),
            int: base.clone().set_num_format("0"),
            percent: base.clone().set_num_format("0.0%"),
            number: base.clone().set_num_format("General"),
            total_label: base.clone().set_bold().set_border(FormatBorder::Thin),
            total_money: base
                .clone()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_num_format("#,##0.00"),
            total_int: base
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_num_format("0"),
        }
    }
}

impl Formats {
    /// The format a column of this kind gives its cells.
    pub fn column(&self, kind: ColKind) -> &Format {
        match kind {
            ColKind::Code => &self.code,
            ColKind::LongText => &self.long,
            ColKind::Text => &self.text,
            ColKind::Money => &self.money,
            ColKind::Int | ColKind::Ordinal => &self.int,
            ColKind::Percent => &self.percent,
            ColKind::Number => &self.number,
        }
    }

    /// The format of a value in a column of this kind, and whether it is the column's own.
    fn of(&self, v: &Val, kind: ColKind) -> (&Format, bool) {
        let format = match (v, kind) {
            (Val::Text(_), ColKind::Code) => &self.code,
            (Val::Text(_), ColKind::LongText) => &self.long,
            (Val::Text(_), _) => &self.text,
            (Val::Money(_), _) => &self.money,
            (Val::Int(_), _) => &self.int,
            (Val::Num(_), ColKind::Percent) => &self.percent,
            (Val::Num(_), _) | (Val::Empty, _) => &self.number,
        };
        (format, std::ptr::eq(format, self.column(kind)))
    }
}

/// Display width of text in Excel's character units: CJK counts two.
pub fn text_width(s: &str) -> usize {
    // Printable ASCII on one line (codes, numbers, dates) is as wide as it is long.
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return s.len();
    }
    s.lines().map(line_width).max().unwrap_or(0)
}

/// The width of one line: Chinese text counted directly, a table lookup per character only for
/// a line with anything else (emoji, combining marks, ...).
fn line_width(line: &str) -> usize {
    let mut w = 0;
    for c in line.chars() {
        w += match c {
            ' '..='~' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => 1,
            '\u{4E00}'..='\u{9FFF}' | '\u{3001}'..='\u{3011}' | '\u{FF01}'..='\u{FF60}' => 2,
            _ => return UnicodeWidthStr::width(line),
        };
    }
    w
}

/// The most a cell holds, in UTF-16 units (Excel's limit, which rust_xlsxwriter enforces).
pub const CELL_LIMIT: usize = 32_767;

/// A text as a cell can hold it: a longer one (a unit's 年度目标 pasted many times over, a
/// message quoting it) is cut and ends with `…`, rather than failing the whole workbook.
pub fn fit_cell(s: &str) -> std::borrow::Cow<'_, str> {
    fit_text(s, CELL_LIMIT)
}

/// [`fit_cell`], taking the text: one that fits moves as it is.
fn fit_owned(s: String) -> String {
    match fit_cell(&s) {
        std::borrow::Cow::Borrowed(_) => s,
        std::borrow::Cow::Owned(cut) => cut,
    }
}

/// A text cut to `limit` UTF-16 units, ending with `…` when cut.
pub fn fit_text(s: &str, limit: usize) -> std::borrow::Cow<'_, str> {
    if s.len() <= limit || s.encode_utf16().count() <= limit {
        return s.into();
    }
    let mut used = 0;
    let mut out = String::new();
    for c in s.chars() {
        used += c.len_utf16();
        if used > limit - 1 {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out.into()
}

/// A score or count to four decimals; one so large that rounding overflows stays as it is.
fn round4(n: f64) -> f64 {
    let r = (n * 1e4).round() / 1e4;
    if r.is_finite() { r } else { n }
}

/// Adds the sheets of `tables` to a workbook held in memory (small workbooks beside other
/// sheets: the feedback to one unit).
pub fn add_sheets(book: &mut Workbook, tables: &[Sheet]) -> Result<()> {
    let f = Formats::default();
    for t in tables {
        let t = Table::from(t);
        for part in parts(&t, MAX_DATA_ROWS) {
            let ws = book.add_worksheet();
            part.write(ws, &f, None)?;
        }
    }
    Ok(())
}

/// One worksheet's share of a table: a long table continues on `name(2)`, `name(3)`… after
/// `max_rows` rows, each with the header; the total row closes the last.
struct Part<'t, 'a> {
    name: String,
    table: &'t Table<'a>,
    rows: Range<usize>,
    total: bool,
}

impl Part<'_, '_> {
    /// Writes the part into `ws`; `out` names the workbook a streaming worksheet is written
    /// for (see [`on_sheet`]).
    fn write(&self, ws: &mut Worksheet, f: &Formats, out: Option<&Path>) -> Result<()> {
        ws.set_name(&self.name)
            .with_context(|| format!("工作表名“{}”无效", self.name))?;
        write_table(ws, self, f, out)
    }
}

/// Runs calls on a worksheet. A streaming worksheet that cannot write its temporary file (a
/// full disk, a size limit) panics inside the library: for a workbook written to `out`, that
/// is an error naming it, never a crash. Only the worksheet's own calls run here, never the
/// making of rows, so that a fault there is not mistaken for a full disk.
fn on_sheet<R>(out: Option<&Path>, calls: impl FnOnce() -> Result<R>) -> Result<R> {
    let Some(out) = out else {
        return calls();
    };
    messages::catch_quietly(calls).unwrap_or_else(|why| {
        Err(Localized::new(
            format!(
                "写出 `{}` 时出错：{}",
                out.display(),
                messages::write_panic_cause(&why)
            ),
            why,
        )
        .into())
    })
}

fn parts<'t, 'a>(t: &'t Table<'a>, max_rows: usize) -> Vec<Part<'t, 'a>> {
    // The total row takes a row of the last sheet.
    let per_sheet = if t.total() { max_rows - 1 } else { max_rows }.max(1);
    let n = t.len().div_ceil(per_sheet).max(1);
    (0..n)
        .map(|i| Part {
            name: if i == 0 {
                t.name().to_string()
            } else {
                format!("{}({})", t.name(), i + 1)
            },
            table: t,
            rows: i * per_sheet..((i + 1) * per_sheet).min(t.len()),
            total: t.total() && i + 1 == n,
        })
        .collect()
}

/// The row limit of a sheet: Excel's, or a lower one a test sets (`JIXIAO_TEST_MAX_ROWS`) to
/// see the `(2)` continuation sheets without writing a million rows.
fn max_rows() -> usize {
    std::env::var("JIXIAO_TEST_MAX_ROWS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|&n| n >= 2)
        .map_or(MAX_DATA_ROWS, |n| n.min(MAX_DATA_ROWS))
}

/// Writes tables as a new workbook, atomically (see [`write_streamed`]).
pub fn write_tables(path: &Path, tables: &[Sheet]) -> Result<()> {
    write_streamed(path, |emit| {
        for t in tables {
            emit(t.into());
        }
    })
    .map(|_| ())
}

/// How many rows each table written had.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SheetCount {
    pub sheet: String,
    pub rows: usize,
}

/// Writes a new workbook, atomically, from the tables `build` hands over one by one: each is
/// written on a worker thread as soon as it is handed over (while the next is being built) and
/// dropped once written; a table made as it is written ([`Table::Made`]) is never whole in
/// memory. Each worksheet streams its rows to a temporary file (memory holds one row per sheet,
/// not its cells), with its texts in the cells themselves rather than in a table of shared
/// strings (which would hold every distinct text of the workbook until the save), and the
/// package goes straight to the output's temporary file; so memory holds the tables in flight,
/// never the whole workbook.
pub fn write_streamed<'a>(
    path: &Path,
    build: impl FnOnce(&mut dyn FnMut(Table<'a>)) + Send,
) -> Result<Vec<SheetCount>> {
    use std::sync::Mutex;
    let mut book = Workbook::new();
    // Level 2 of 9, zlib-rs's fastest with real matching: the save deflates every sheet on one
    // thread while the other core idles. On 200,000 rows level 3 (its first with lazy matches)
    // takes 0.2 s more for a file a tenth smaller, the default 6 1.5 s more for a file a quarter
    // smaller; level 1 is faster still but 60% larger.
    book.set_zip_compression_level(2);
    let book = Mutex::new(book);
    let max = max_rows();
    let f = Formats::default();
    // Each worksheet written, by (table, part): pushed into the book in that order at the end.
    type Written = Vec<((usize, usize), Result<Worksheet>)>;
    let written: Mutex<Written> = Mutex::new(Vec::new());
    let mut counts = Vec::new();
    // Worksheets start in the order they are handed over, each on its own task: a table past
    // the row limit is two worksheets, and each goes to the first core free. (A plain scope
    // starts the last handed over first on its own thread: the longest, `指标明细`, handed over
    // second, waited for `项目汇总` on the other, and ran alone at the end; 0.5 s of 6 on 1,000
    // files. The parts of one table on one task went one after the other: at 10,000 files
    // `指标明细(2)` waited 11 s for `指标明细`, then ran alone for 8 s.)
    rayon::scope_fifo(|scope| {
        let mut index = 0;
        build(&mut |table: Table<'a>| {
            counts.push(SheetCount {
                sheet: table.name().to_string(),
                rows: table.len(),
            });
            let i = index;
            index += 1;
            // The table goes when its last worksheet is written.
            let table = std::sync::Arc::new(table);
            for k in 0..parts(&table, max).len() {
                let (table, book, f, written) = (table.clone(), &book, &f, &written);
                scope.spawn_fifo(move |_| {
                    let result = write_part(book, &parts(&table, max)[k], f, path);
                    drop(table);
                    written
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(((i, k), result));
                });
            }
        });
    });
    let mut written = written.into_inner().unwrap_or_else(|e| e.into_inner());
    written.sort_by_key(|(at, _)| *at);
    let mut book = book.into_inner().unwrap_or_else(|e| e.into_inner());
    for (_, ws) in written {
        book.push_worksheet(ws?);
    }
    save(&mut book, path)?;
    Ok(counts)
}

/// One worksheet of a table (a table past the row limit has more than one).
///
/// Its texts are written in their cells (`inlineStr`, as Excel, WPS and LibreOffice read them),
/// not shared. A table of shared strings holds each distinct text until the save, behind a lock
/// every text cell of every sheet takes and a hash of each text: on 1,000 workbooks of distinct
/// texts it was 80 MiB of the peak (212 → 131 MiB) and 1.2 s of 7.5 (median of 3); the file is
/// a quarter larger (22.6 → 28.2 MB), as a text repeated on many rows is written out each time.
fn write_part(
    book: &std::sync::Mutex<Workbook>,
    part: &Part<'_, '_>,
    f: &Formats,
    path: &Path,
) -> Result<Worksheet> {
    let mut ws = book
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .new_worksheet_with_constant_memory()
        .map_err(|e| Localized::new("无法创建临时文件以生成工作簿", e.to_string()))?;
    part.write(&mut ws, f, Some(path))?;
    Ok(ws)
}

/// Rows measured or written at a time: a table made as it is written holds a few slices of
/// each sheet in memory (the one being written and the next, made beside it), never the
/// table. Unit tests use a tiny slice, so that theirs cross slice boundaries.
const SLICE: usize = if cfg!(test) { 3 } else { 4096 };

/// The slices of a sheet's rows.
fn slices_of(rows: &Range<usize>) -> Vec<Range<usize>> {
    rows.clone()
        .step_by(SLICE)
        .map(|s| s..(s + SLICE).min(rows.end))
        .collect()
}

/// The widths a sheet's columns need for `rows`, before the clamp to each kind's range.
fn measure(columns: &[Column], rows: &[Vec<Val>], widths: &mut [usize]) {
    let mut shown = String::new();
    for row in rows {
        for (c, (v, col)) in row.iter().zip(columns).enumerate() {
            // Text is never wider than its bytes: a cell that cannot widen its column (or one
            // already at the widest its kind shows) is not measured.
            if widths[c] >= width_cap(col.kind) {
                continue;
            }
            let w = match v {
                Val::Text(s) if s.len() + 2 <= widths[c] => continue,
                Val::Text(s) => text_width(s),
                Val::Empty => 0,
                _ => {
                    shown.clear();
                    v.write_display(col.kind, &mut shown);
                    shown.len()
                }
            } + 2;
            if w > widths[c] {
                widths[c] = w;
            }
        }
    }
}

/// Writes one sheet row by row (so that a streaming worksheet can flush each row). A made
/// table's slices are made once to be written (the next made, measured and given its rows'
/// heights beside the one being written) and a second time for its total row when it has one.
///
/// Nothing waits for the widths, which are set once every row is written (a streaming
/// worksheet writes its columns' record at the save): a text wraps only in a column at its
/// kind's widest (a narrower column is as wide as its widest text), so a row's height is
/// counted at that width; the header's height takes each column as wide as its own header
/// needs, so a numeric column's long header, set to wrap onto two lines, keeps its two lines
/// even where its numbers have widened the column.
fn write_table(
    ws: &mut Worksheet,
    part: &Part<'_, '_>,
    f: &Formats,
    out: Option<&Path>,
) -> Result<()> {
    let t = part.table;
    let columns = t.columns();
    let headers: Vec<String> = columns.iter().map(|c| c.header().into_owned()).collect();
    let header_widths: Vec<usize> = columns
        .iter()
        .zip(&headers)
        .map(|(c, h)| header_width(c.kind, h))
        .collect();
    let caps: Vec<usize> = columns.iter().map(|c| width_cap(c.kind)).collect();
    let header_lines = headers
        .iter()
        .zip(header_widths.iter().zip(&caps))
        .map(|(h, (&w, &cap))| lines_of(h, w.clamp(6, cap)))
        .max()
        .unwrap_or(1);
    let header_height = (header_lines as f64 * LINE_HEIGHT + 6.0).max(28.0);
    on_sheet(out, || {
        for (c, col) in columns.iter().enumerate() {
            ws.set_column_format(c as u16, f.column(col.kind))?;
        }
        // The header row's height, as every row's (see `write_rows`).
        ws.set_default_row_height(header_height);
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &f.header)?;
        }
        Ok(())
    })?;
    // A slice is made, measured and given its rows' heights beside the one being written; the
    // writer takes its rows, whose texts move into the worksheet (never copied on its thread).
    let make = |r: &Range<usize>| {
        let rows = t.rows(r.clone());
        let heights = row_heights(columns, &caps, &rows);
        let mut widths = header_widths.clone();
        measure(columns, &rows, &mut widths);
        (rows.into_owned(), heights, widths)
    };
    let slices = slices_of(&part.rows);
    let mut widths = header_widths.clone();
    let mut next = slices.first().map(make);
    let mut last = Some(header_height);
    for (k, r) in slices.iter().enumerate() {
        let Some((rows, heights, measured)) = next.take() else {
            break;
        };
        for (w, m) in widths.iter_mut().zip(measured) {
            *w = (*w).max(m);
        }
        let first = (r.start - part.rows.start) as u32 + 1;
        let (written, made) = rayon::join(
            || {
                on_sheet(out, || {
                    write_rows(ws, columns, rows, &heights, first, f, &mut last)
                })
            },
            || slices.get(k + 1).map(make),
        );
        written?;
        next = made;
    }
    let widths: Vec<usize> = widths
        .iter()
        .zip(&caps)
        .map(|(&w, &cap)| w.clamp(6, cap))
        .collect();
    // The sums of all the table's rows (a table continued on `(2)` sheets sums them all).
    let whole = 0..t.len();
    let total = part.total.then(|| {
        use rayon::prelude::*;
        let mut total = match t {
            Table::Held(sheet) => crate::table::sums(columns, &sheet.rows),
            Table::Made(_) => slices_of(&whole)
                .par_iter()
                .map(|r| crate::table::sums(columns, &t.rows(r.clone())))
                .reduce(|| crate::table::sums(columns, &[]), crate::table::add_sums),
        };
        crate::table::label_total(&mut total);
        total
    });
    on_sheet(out, || {
        // The last row is written out (at the default height of the moment) by the first cell
        // of the row after it, else by the save. A record of its own would not do: with one,
        // the save writes the row twice, which Excel takes for a damaged file. So a row goes
        // after it: the total, else one blank cell in its column's own format (as any empty
        // cell of the column shows); then the default goes back to Excel's. On a sheet full to
        // Excel's row limit nothing can go after it, and nothing shows below it either: the
        // default stays the last row's height.
        let tall = total.is_none()
            && !columns.is_empty()
            && last.is_some_and(|height| height != DEFAULT_HEIGHT);
        let full = part.rows.len() >= MAX_DATA_ROWS;
        if let Some(total) = &total {
            write_total(ws, columns, total, part.rows.len(), part.rows == whole, f)?;
        } else if tall && !full {
            let end = part.rows.len() as u32;
            ws.write_blank(end + 1, 0, f.column(columns[0].kind))?;
            // Excel prints every row with a cell, even a blank one: the table only.
            ws.set_print_area(0, 0, end, (columns.len() - 1) as u16)?;
        }
        if !(tall && full) {
            ws.set_default_row_height(DEFAULT_HEIGHT);
        }
        for (c, &w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, w as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
        print_layout(ws, columns, &widths)?;
        if !columns.is_empty() {
            ws.autofilter(0, 0, part.rows.len() as u32, (columns.len() - 1) as u16)?;
        }
        Ok(())
    })
}

/// The height of each row, in points: wrapped text gets the lines it needs (up to 30), so that
/// it does not run into the rows below; a row of one line has Excel's default height.
fn row_heights(columns: &[Column], widths: &[usize], rows: &[Vec<Val>]) -> Vec<f64> {
    rows.iter()
        .map(|row| {
            let lines = row
                .iter()
                .zip(columns)
                .zip(widths)
                .filter(|((_, col), _)| matches!(col.kind, ColKind::Text | ColKind::LongText))
                .map(|((v, _), &w)| match v {
                    Val::Text(s) => lines_of(s, w),
                    _ => 1,
                })
                .max()
                .unwrap_or(1);
            if lines > 1 {
                (lines.min(30) as f64) * LINE_HEIGHT + 3.0
            } else {
                DEFAULT_HEIGHT
            }
        })
        .collect()
}

/// Writes `rows` from sheet row `first` on, each as high as `heights` says; `last` is the
/// height of the last row written.
///
/// Heights go without a record per row: rust_xlsxwriter keeps each `set_row_height` for the
/// life of the worksheet (about 400 bytes a row: a gigabyte on a province's 指标明细), while a
/// streaming worksheet writes a row out, at the sheet's default height unless it has a record,
/// when the first cell of a later row is stored. So once a row's first cell is stored (which
/// wrote out the row before, at its height), the default becomes this row's height; the last
/// row is written out by a row after it ([`write_table`]).
fn write_rows(
    ws: &mut Worksheet,
    columns: &[Column],
    rows: Vec<Vec<Val>>,
    heights: &[f64],
    first: u32,
    f: &Formats,
    last: &mut Option<f64>,
) -> Result<()> {
    for (r, (row, &height)) in rows.into_iter().zip(heights).enumerate() {
        let r = r as u32 + first;
        let mut stored = false;
        for (c, (v, col)) in row.into_iter().zip(columns).enumerate() {
            let cc = c as u16;
            // A cell in its column's own format is written without one: it takes the
            // column's (looking a format up hashes all of it, a tenth of a big workbook's time).
            let (format, own) = f.of(&v, col.kind);
            let format = (!own).then_some(format);
            let n = match v {
                Val::Empty => continue,
                // An empty text is stored only with a format of its own (as a blank).
                Val::Text(s) if s.is_empty() && format.is_none() => continue,
                Val::Text(s) => {
                    let s = fit_owned(s);
                    match format {
                        Some(x) => ws.write_string_with_format(r, cc, s, x)?,
                        None => ws.write_string(r, cc, s)?,
                    };
                    None
                }
                Val::Num(n) if col.kind == ColKind::Number => Some(round4(n)),
                Val::Num(n) => Some(n),
                Val::Money(m) => Some(m.cents().try_into().unwrap_or(0.0)),
                Val::Int(i) => Some(i as f64),
            };
            if let Some(n) = n {
                match format {
                    Some(x) => ws.write_number_with_format(r, cc, n, x)?,
                    None => ws.write_number(r, cc, n)?,
                };
            }
            if !stored {
                stored = true;
                ws.set_default_row_height(height);
                *last = Some(height);
            }
        }
    }
    Ok(())
}

/// Excel's default row height, in points: a row of one line.
const DEFAULT_HEIGHT: f64 = 15.0;

/// A line of 10.5 pt text, in points.
const LINE_HEIGHT: f64 = 14.0;

/// The widest a column of each kind grows before its text wraps (Excel's character units).
fn width_cap(kind: ColKind) -> usize {
    match kind {
        ColKind::LongText => 36,
        ColKind::Text => 20,
        ColKind::Code => 20,
        ColKind::Money => 16,
        ColKind::Int | ColKind::Ordinal | ColKind::Percent | ColKind::Number => 12,
    }
}

/// A header's width: long headers of narrow columns wrap onto two lines.
fn header_width(kind: ColKind, header: &str) -> usize {
    let w = text_width(header) + 2;
    match kind {
        ColKind::Int | ColKind::Ordinal | ColKind::Percent | ColKind::Number | ColKind::Money
            if w > 12 =>
        {
            w.div_ceil(2) + 2
        }
        _ => w,
    }
}

/// How many lines a text takes in a column this wide.
fn lines_of(s: &str, width: usize) -> usize {
    let usable = width.saturating_sub(1).max(1);
    // Text is never wider than its bytes: a short line takes one.
    if s.len() <= usable && !s.contains('\n') {
        return 1;
    }
    s.lines()
        .map(|l| text_width(l).div_ceil(usable).max(1))
        .sum::<usize>()
        .max(1)
}

/// How a sheet prints: the header row on every page, the sheet name and page numbers in the
/// footer, and a paper chosen by the width of the columns so that text stays at 9 pt or more:
/// one A4 page wide (portrait, else landscape) when that needs no more shrinking than 9/10.5,
/// else one A3 landscape page wide, else A3 landscape spread over pages with the key columns (up
/// to 项目名称 or 单位名称) repeated on each.
fn print_layout(ws: &mut Worksheet, columns: &[Column], widths: &[usize]) -> Result<()> {
    // Printable widths in Excel's character units at 100%, measured on LibreOffice's PDFs of
    // these sheets (about 0.107 in a unit, 0.4 in margins).
    const A4_PORTRAIT: f64 = 70.0;
    const A4_LANDSCAPE: f64 = 101.0;
    const A3_LANDSCAPE: f64 = 147.0;
    const MIN_SCALE: f64 = 9.0 / 10.5;
    const A4: u8 = 9;
    const A3: u8 = 8;
    let total: f64 = widths.iter().map(|&w| w as f64).sum();
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer("&L&A&R第 &P 页，共 &N 页");
    ws.set_repeat_rows(0, 0)?;
    let fits = |width: f64| total <= width / MIN_SCALE;
    if fits(A4_PORTRAIT) {
        ws.set_paper_size(A4);
        ws.set_portrait();
        ws.set_print_fit_to_pages(1, 0);
    } else if fits(A4_LANDSCAPE) {
        ws.set_paper_size(A4);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
    } else if fits(A3_LANDSCAPE) {
        ws.set_paper_size(A3);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_paper_size(A3);
        ws.set_landscape();
        ws.set_print_scale(100);
        let key = columns
            .iter()
            .position(|c| c.name == crate::schema::col::PROJECT_NAME)
            .or_else(|| {
                columns
                    .iter()
                    .position(|c| c.name == crate::schema::col::UNIT_NAME)
            });
        if let Some(k) = key {
            let key_width: f64 = widths[..=k].iter().map(|&w| w as f64).sum();
            if key_width <= A3_LANDSCAPE * 0.4 {
                ws.set_repeat_columns(0, k as u16)?;
            }
        }
    }
    Ok(())
}

/// The closing `合计` row: sums as formulas over the rows above, with their results cached so
/// that viewers which do not recalculate show them. A table continued on `(2)` sheets sums all
/// its rows, as a plain number.
fn write_total(
    ws: &mut Worksheet,
    columns: &[Column],
    total: &[Val],
    rows: usize,
    whole: bool,
    f: &Formats,
) -> Result<()> {
    let r = rows as u32 + 1;
    for (c, (v, col)) in total.iter().zip(columns).enumerate() {
        let cc = c as u16;
        let (value, format) = match v {
            Val::Text(s) => {
                ws.write_string_with_format(r, cc, s, &f.total_label)?;
                continue;
            }
            Val::Money(m) => (f64::try_from(m.cents()).unwrap_or(0.0), &f.total_money),
            Val::Int(i) => (*i as f64, &f.total_int),
            _ => {
                ws.write_blank(r, cc, &f.total_label)?;
                continue;
            }
        };
        if whole && rows > 0 {
            let letter = rust_xlsxwriter::utility::column_number_to_name(cc);
            let shown = match col.kind {
                ColKind::Money => format!("{value:.2}"),
                _ => format!("{value}"),
            };
            // Only the rows that count (`计入合计` = 是) add up.
            let text = match crate::table::count_column(columns) {
                Some(k) => {
                    let key = rust_xlsxwriter::utility::column_number_to_name(k as u16);
                    format!(
                        "=SUMIF({key}2:{key}{r},\"{}\",{letter}2:{letter}{r})",
                        crate::table::COUNTED
                    )
                }
                None => format!("=SUM({letter}2:{letter}{r})"),
            };
            let formula = rust_xlsxwriter::Formula::new(text).set_result(shown);
            ws.write_formula_with_format(r, cc, formula, format)?;
        } else {
            ws.write_number_with_format(r, cc, value, format)?;
        }
    }
    Ok(())
}

/// Writes bytes to `path` through a temporary file in the same folder, renamed into place: a
/// reader never sees a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |file| {
        file.write_all(bytes)
            .map_err(|e| Localized::io(format!("写出 `{}` 时出错", path.display()), &e).into())
    })
}

/// Writes `path` through a temporary file in the same folder, filled by `fill` and renamed into
/// place once complete: a reader never sees a half-written file, and a failure leaves nothing.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> Result<()>,
) -> Result<()> {
    // Errors in Chinese; the system's English only with --verbose.
    if let Some(why) = messages::output_file_problem(path, None) {
        bail!(why);
    }
    // Inputs are never modified: not even replaced by an output of the same name.
    if crate::read::workbook::is_input(path) {
        bail!(
            "不能写出 `{}`：这是本次读取的输入文件，写出会覆盖它；请换一个输出文件名或位置",
            path.display()
        );
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .map_err(|e| Localized::io(format!("无法创建输出文件夹 `{}`", dir.display()), &e))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".jixiao-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Localized::io(format!("无法在 `{}` 中写文件", dir.display()), &e))?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all().ok();
    // A temporary file is private (0600); the output is an ordinary file for its folder.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0o644);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode)).ok();
    }
    tmp.persist(path).map_err(|e| {
        let mut l = Localized::io(format!("无法写入 `{}`", path.display()), &e.error);
        if e.error.kind() == std::io::ErrorKind::PermissionDenied {
            l.text += "；如果这个文件正在 Excel/WPS 中打开，请先关闭它再运行";
        }
        l
    })?;
    Ok(())
}

/// Saves a workbook atomically, written straight to the output's temporary file.
pub fn save(book: &mut Workbook, path: &Path) -> Result<()> {
    write_atomic_with(path, |file| {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        book.save_to_writer(&mut w).map_err(|e| match e {
            rust_xlsxwriter::XlsxError::IoError(io) => {
                Localized::io(format!("写出 `{}` 时出错", path.display()), &io)
            }
            e => Localized::new("生成工作簿失败", e.to_string()),
        })?;
        w.flush()
            .map_err(|e| Localized::io(format!("写出 `{}` 时出错", path.display()), &e))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::MadeSheet;
    use calamine::Reader;

    #[test]
    fn chinese_text_is_as_wide_as_the_unicode_tables_say() {
        // Every character counted directly has the width the tables give it.
        let direct = (' '..='~')
            .chain(['\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}'])
            .chain('\u{4E00}'..='\u{9FFF}')
            .chain('\u{3001}'..='\u{3011}')
            .chain('\u{FF01}'..='\u{FF60}');
        for c in direct {
            let s = c.to_string();
            assert_eq!(line_width(&s), UnicodeWidthStr::width(s.as_str()), "{c:?}");
        }
        for s in [
            "群众满意度≥95%",
            "“十四五”规划（2021-2025年）",
            "e\u{301}t\u{e9}",
            "👨‍👩‍👧 家庭",
            "１２３，ａｂｃ",
        ] {
            assert_eq!(line_width(s), UnicodeWidthStr::width(s), "{s:?}");
        }
        assert_eq!(text_width("第一行\n第二行很长很长"), 14);
    }

    #[test]
    fn a_row_is_as_high_at_its_columns_widest_as_at_the_width_measured() {
        // Rows are given their heights before the widths are measured: a text column's lines
        // counted at its kind's widest must be those at the width its texts come to.
        let texts = [
            "",
            "是",
            "A-01",
            "项目名称",
            "群众满意度≥95%",
            "全年开展培训不少于12期，覆盖全区各单位",
            "第一行\n第二行很长很长很长很长很长很长很长很长",
            "a very long line of plain ascii text that keeps going past any cap",
            "短\n\n短",
            "“十四五”规划（2021-2025年）重点项目建设进度达到预期目标的百分之九十以上",
            "👨‍👩‍👧 家庭医生签约服务覆盖率",
        ];
        for kind in [ColKind::Text, ColKind::LongText] {
            for name in ["名称", "绩效指标具体内容及其指标值的说明文字"] {
                let columns = [Column { name, kind }];
                let cap = width_cap(kind);
                for a in texts {
                    for b in texts {
                        let rows = vec![vec![Val::Text(a.into())], vec![Val::Text(b.into())]];
                        let mut widths = vec![header_width(kind, name)];
                        measure(&columns, &rows, &mut widths);
                        let width = widths[0].clamp(6, cap);
                        assert_eq!(
                            super::row_heights(&columns, &[cap], &rows),
                            super::row_heights(&columns, &[width], &rows),
                            "{kind:?} {name} {a:?} {b:?}"
                        );
                    }
                }
            }
        }
    }

    crate::table_row! {
        pub struct TestRow {
            name: String => "项目名称", Text;
            amount: usize => "年度资金总额", Int;
        }
    }

    /// Writes a table's parts (at most `max` rows a sheet) and reads the workbook back.
    fn written(table: &Table<'_>, max: usize) -> calamine::Xlsx<std::io::Cursor<Vec<u8>>> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        // As `write_streamed` does: each of the table's sheets on its own.
        let book = std::sync::Mutex::new(Workbook::new());
        let sheets: Vec<Worksheet> = parts(table, max)
            .iter()
            .map(|p| write_part(&book, p, &Formats::default(), &path).unwrap())
            .collect();
        let mut book = book.into_inner().unwrap();
        for ws in sheets {
            book.push_worksheet(ws);
        }
        save(&mut book, &path).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap()
    }

    /// The formulas of every sheet, row by row.
    fn formulas(wb: &mut calamine::Xlsx<std::io::Cursor<Vec<u8>>>) -> Vec<Vec<String>> {
        wb.sheet_names()
            .into_iter()
            .flat_map(|n| {
                let range = wb.worksheet_formula(&n).unwrap();
                range.rows().map(|r| r.to_vec()).collect::<Vec<_>>()
            })
            .collect()
    }

    fn cells(wb: &mut calamine::Xlsx<std::io::Cursor<Vec<u8>>>) -> Vec<Vec<String>> {
        wb.sheet_names()
            .into_iter()
            .flat_map(|n| {
                let range = wb.worksheet_range(&n).unwrap();
                range
                    .rows()
                    .map(|r| r.iter().map(|c| c.to_string()).collect())
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn long_tables_continue_on_numbered_sheets_with_their_header() {
        let rows: Vec<TestRow> = (0..7)
            .map(|i| TestRow {
                name: format!("项目{i}"),
                amount: i,
            })
            .collect();
        let sheet = Sheet::of("项目汇总", &rows);
        let mut wb = written(&Table::from(&sheet), 3);
        assert_eq!(wb.sheet_names(), ["项目汇总", "项目汇总(2)", "项目汇总(3)"]);
        let last = wb.worksheet_range("项目汇总(3)").unwrap();
        assert_eq!(last.get_size(), (2, 2));
        assert_eq!(last.get_value((0, 0)).unwrap().to_string(), "项目名称");
        assert_eq!(last.get_value((1, 0)).unwrap().to_string(), "项目6");
        // The same rows made as they are written, from items giving 0 to 4 rows each, split
        // across sheets and slices inside items: the same cells, none lost or repeated.
        let numbered = || {
            MadeSheet::new(
                "项目汇总",
                vec![(0, 2), (2, 0), (2, 4), (6, 1), (7, 0)],
                |&(_, n)| n,
                |&(from, n)| {
                    (from..from + n)
                        .map(|i| TestRow {
                            name: format!("项目{i}"),
                            amount: i,
                        })
                        .collect()
                },
            )
        };
        assert_eq!(numbered().len(), 7);
        for r in [0..7, 1..3, 2..6, 5..7, 6..7, 3..3] {
            assert_eq!(numbered().rows(r.clone()), sheet.rows[r].to_vec());
        }
        let held = cells(&mut written(&Table::from(&sheet), 3));
        let mut wb = written(&Table::Made(numbered()), 3);
        assert_eq!(wb.sheet_names(), ["项目汇总", "项目汇总(2)", "项目汇总(3)"]);
        assert_eq!(cells(&mut wb), held);
        // With a total row: on one sheet (a formula with its result) and continued (the sum of
        // all the rows on the last sheet), the same cells held or made; 0 + 1 + … + 6 = 21.
        let with_total = sheet.clone().with_total();
        for max in [3, 100] {
            let mut held = written(&Table::from(&with_total), max);
            let mut made = written(&Table::Made(numbered().with_total()), max);
            let cells_made = cells(&mut made);
            assert_eq!(cells_made, cells(&mut held));
            let last = cells_made.last().unwrap();
            assert_eq!((last[0].as_str(), last[1].as_str()), ("合计", "21"));
            let sums = formulas(&mut made);
            assert_eq!(sums, formulas(&mut held));
            // One sheet: the total is a formula over the rows above; continued: a number.
            let sum = sums.iter().flatten().any(|f| f.contains("SUM(B2:B8)"));
            assert_eq!(sum, max == 100, "{sums:?}");
        }
    }

    crate::table_row! {
        pub struct NoteRow {
            note: String => "说明", LongText;
            n: Option<f64> => "数", Number;
        }
    }

    /// Each `<row>` of each sheet: its number and its `ht` (none: the default, one line).
    fn row_heights(path: &Path) -> Vec<Vec<(u32, Option<String>)>> {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut sheets = Vec::new();
        for i in 1.. {
            let Ok(mut f) = zip.by_name(&format!("xl/worksheets/sheet{i}.xml")) else {
                break;
            };
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
            assert!(
                xml.contains("<sheetFormatPr defaultRowHeight=\"15\"/>"),
                "{xml}"
            );
            let attr = |tag: &str, name: &str| {
                let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
                Some(tag[at..at + tag[at..].find('"')?].to_string())
            };
            sheets.push(
                xml.split("<row ")
                    .skip(1)
                    .map(|t| {
                        let tag = format!(" {}", &t[..t.find('>').unwrap()]);
                        let tag = tag.as_str();
                        (attr(tag, "r").unwrap().parse().unwrap(), attr(tag, "ht"))
                    })
                    .collect(),
            );
        }
        sheets
    }

    #[test]
    fn every_row_gets_the_height_its_text_needs_without_a_record_of_its_own() {
        // 100 and 40 CJK characters in a 36-wide column wrap to 6 and 3 lines (87 and 45
        // points); an empty row is not written at all; the last row is written by the save.
        let long = |n| "项".repeat(n);
        let rows = vec![
            NoteRow {
                note: "短".into(),
                n: Some(1.0),
            },
            NoteRow {
                note: long(100),
                n: None,
            },
            NoteRow {
                note: String::new(),
                n: Some(5.0),
            },
            NoteRow {
                note: String::new(),
                n: None,
            },
            NoteRow {
                note: long(40),
                n: Some(2.0),
            },
            NoteRow {
                note: "短".into(),
                n: None,
            },
            NoteRow {
                note: long(40),
                n: None,
            },
            NoteRow {
                note: long(100),
                n: Some(3.0),
            },
        ];
        let (h87, h45) = (Some("87".to_string()), Some("45".to_string()));
        let expected = [
            (2, None),
            (3, h87.clone()),
            (4, None),
            (6, h45.clone()),
            (7, None),
            (8, h45.clone()),
            (9, h87.clone()),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        // Every sheet: the header row's own height first, each row once and in order.
        let checked = |path: &Path| {
            let sheets = row_heights(path);
            for s in &sheets {
                assert!(s[0].0 == 1 && s[0].1.is_some(), "{s:?}");
                assert!(s.windows(2).all(|w| w[0].0 < w[1].0), "{s:?}");
            }
            sheets
        };
        // Then the data rows, then the row after them at the default height: the total, or a
        // blank cell that writes out a last row taller than the default.
        for total in [false, true] {
            let mut sheet = Sheet::of("说明", &rows);
            if total {
                sheet = sheet.with_total();
            }
            let table = Table::from(&sheet);
            write_streamed(&path, |emit| emit(table)).unwrap();
            let sheets = checked(&path);
            assert_eq!(sheets.len(), 1);
            assert_eq!(sheets[0][1..8], expected, "total {total}");
            assert_eq!(sheets[0][8..], [(10, None)], "total {total}");
            // The blank row is not printed: the print area is the table.
            let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
            let mut book = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book)
                .unwrap();
            let area = "name=\"_xlnm.Print_Area\" localSheetId=\"0\">说明!$A$1:$B$9<";
            assert_eq!(book.contains(area), !total, "{book}");
        }
        // A table without rows: its header, then the total or the blank row.
        for total in [false, true] {
            let mut sheet = Sheet::of("说明", &rows[..0]);
            if total {
                sheet = sheet.with_total();
            }
            let table = Table::from(&sheet);
            write_streamed(&path, |emit| emit(table)).unwrap();
            assert_eq!(checked(&path)[0][1..], [(2, None)], "total {total}");
        }
        // Past the row limit (5 rows a sheet) each sheet's rows get their heights too; row
        // numbers restart on every `(2)` sheet.
        let parts: Vec<NoteRow> = rows
            .iter()
            .chain(&rows)
            .map(|r| NoteRow {
                note: r.note.clone(),
                n: r.n,
            })
            .collect();
        let sheet = Sheet::of("说明", &parts);
        let book = std::sync::Mutex::new(Workbook::new());
        let table = Table::from(&sheet);
        let made: Vec<Worksheet> = super::parts(&table, 5)
            .iter()
            .map(|p| write_part(&book, p, &Formats::default(), &path).unwrap())
            .collect();
        let mut book = book.into_inner().unwrap();
        for ws in made {
            book.push_worksheet(ws);
        }
        save(&mut book, &path).unwrap();
        let sheets = checked(&path);
        assert_eq!(sheets.len(), 4);
        let heights: Vec<Option<String>> = sheets
            .iter()
            .zip([5, 5, 5, 1])
            .flat_map(|(s, len)| {
                s[1..]
                    .iter()
                    .filter(move |(r, _)| *r <= len + 1)
                    .map(|(_, h)| h.clone())
            })
            .collect();
        let one: Vec<Option<String>> = expected.iter().map(|(_, h)| h.clone()).collect();
        assert_eq!(heights, [one.clone(), one].concat());
        // A sheet whose last row is taller than the default ends with the blank row.
        assert_eq!(sheets[0].last(), Some(&(7, None)));
        assert_eq!(sheets[3].last(), Some(&(3, None)));
    }

    #[test]
    fn a_sheet_full_to_the_row_limit_keeps_its_last_rows_height() {
        // Excel's last row holds the table's last row: nothing can go after it, and the save
        // writes it out at the sheet's default height, which stays that row's (87 points).
        let table = Table::Made(MadeSheet::of(
            "说明",
            (0..MAX_DATA_ROWS).collect(),
            |&i| NoteRow {
                note: if i + 1 == MAX_DATA_ROWS {
                    "项".repeat(100)
                } else {
                    String::new()
                },
                n: Some(i as f64),
            },
        ));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        write_streamed(&path, |emit| emit(table)).unwrap();
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut xml,
        )
        .unwrap();
        assert!(xml.contains("<sheetFormatPr defaultRowHeight=\"87\" customHeight=\"1\"/>"));
        let tail = &xml[xml.rfind("<row ").unwrap()..];
        assert!(
            tail.starts_with("<row r=\"1048576\" ht=\"87\" customHeight=\"1\">"),
            "{tail}"
        );
        assert_eq!(xml.matches("r=\"1048576\"").count(), 1);
    }
}
