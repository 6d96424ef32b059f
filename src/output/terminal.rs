//! Terminal tables (comfy-table) and CSV/JSON for tables.

use crate::table::{ColKind, Sheet};
use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::io::Write;

pub fn table(sheet: &Sheet) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(sheet.columns.iter().map(|c| c.name));
    for row in &sheet.rows {
        t.add_row(
            row.iter()
                .zip(&sheet.columns)
                .map(|(v, c)| v.display(c.kind)),
        );
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
