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
    t.set_header(sheet.columns.iter().map(|c| c.name));
    for row in &sheet.rows {
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

pub fn csv(sheet: &Sheet, out: impl Write) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(sheet.columns.iter().map(|c| c.name))?;
    for row in &sheet.rows {
        w.write_record(
            row.iter()
                .zip(&sheet.columns)
                .map(|(v, c)| v.display(c.kind)),
        )?;
    }
    w.flush()?;
    Ok(())
}
