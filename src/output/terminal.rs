//! Terminal tables (comfy-table) and CSV/JSON for tables.

use crate::messages;
use crate::table::{ColKind, Sheet};
use comfy_table::{
    Attribute, Cell, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED,
};
use std::io::Write;

/// A table for stdout. On a terminal (and without `NO_COLOR`) the severities `错误` and `警告`
/// are coloured; on a pipe or in a file nothing but text is written.
pub fn table(sheet: &Sheet) -> Table {
    let colour = messages::colour(&std::io::stdout());
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if colour {
        t.enforce_styling();
    }
    t.set_header(sheet.columns.iter().map(|c| c.header()));
    let total = sheet.total.then(|| sheet.total_row());
    for row in sheet.rows.iter().chain(total.as_ref()) {
        t.add_row(row.iter().zip(&sheet.columns).map(|(v, c)| {
            let text = v.display(c.kind);
            let cell = Cell::new(&text);
            match text.as_str() {
                "错误" if colour => cell.fg(Color::Red).add_attribute(Attribute::Bold),
                "警告" if colour => cell.fg(Color::Yellow),
                _ => cell,
            }
        }));
    }
    for (i, c) in sheet.columns.iter().enumerate() {
        if matches!(
            c.kind,
            ColKind::Money | ColKind::Int | ColKind::Percent | ColKind::Number
        ) && let Some(col) = t.column_mut(i)
        {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
    t
}

/// Tables as CSV: with a UTF-8 byte-order mark unless `bom` is false (Excel on a Chinese Windows
/// reads CSV without one in the local code page and shows it garbled). Several tables follow
/// one another, each under a line with its name and separated by an empty line. Total rows are
/// left out: a script sums for itself.
pub fn csv(sheets: &[&Sheet], bom: bool, mut out: impl Write) -> anyhow::Result<()> {
    if bom {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    let several = sheets.len() > 1;
    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(out);
    for (i, sheet) in sheets.iter().enumerate() {
        if several {
            if i > 0 {
                w.write_record([""])?;
            }
            w.write_record([sheet.name.as_str()])?;
        }
        w.write_record(sheet.columns.iter().map(|c| c.header().into_owned()))?;
        for row in &sheet.rows {
            w.write_record(
                row.iter()
                    .zip(&sheet.columns)
                    .map(|(v, c)| v.display(c.kind)),
            )?;
        }
    }
    w.flush()?;
    Ok(())
}
