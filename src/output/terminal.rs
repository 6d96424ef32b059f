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
            ColKind::Money | ColKind::Int | ColKind::Ordinal | ColKind::Percent | ColKind::Number
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

/// `value` as pretty JSON, its empty array `key` (at the top level) filled with `items`: the
/// items are rendered on every core, a few thousand at a time, and written as they are done,
/// so that a city's hundreds of thousands of findings neither wait on one core nor are held
/// twice. The bytes are those `serde_json::to_writer_pretty` writes for the whole.
pub fn json_with_items<T: serde::Serialize + Sync>(
    value: &impl serde::Serialize,
    key: &str,
    items: &[T],
    mut out: impl Write,
) -> anyhow::Result<()> {
    use rayon::prelude::*;
    let whole = serde_json::to_string_pretty(value)?;
    let empty = format!("\n  {}: []", serde_json::to_string(key)?);
    let Some(at) = whole.find(&empty) else {
        anyhow::bail!("JSON without the array {key}");
    };
    if items.is_empty() {
        out.write_all(whole.as_bytes())?;
        return Ok(());
    }
    out.write_all(&whole.as_bytes()[..at + empty.len() - 1])?;
    const BATCH: usize = 8192;
    const CHUNK: usize = 256;
    for (b, batch) in items.chunks(BATCH).enumerate() {
        let parts: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(c, chunk)| -> serde_json::Result<Vec<u8>> {
                let mut buf = Vec::new();
                for (j, item) in chunk.iter().enumerate() {
                    if b * BATCH + c * CHUNK + j > 0 {
                        buf.push(b',');
                    }
                    // Nested two levels deep: every line of the item indented by four spaces
                    // (a JSON string never holds a raw line break).
                    for line in serde_json::to_string_pretty(item)?.split('\n') {
                        buf.extend_from_slice(b"\n    ");
                        buf.extend_from_slice(line.as_bytes());
                    }
                }
                Ok(buf)
            })
            .collect::<serde_json::Result<_>>()?;
        for part in parts {
            out.write_all(&part)?;
        }
    }
    out.write_all(b"\n  ]")?;
    out.write_all(&whole.as_bytes()[at + empty.len()..])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::json_with_items;

    #[derive(serde::Serialize)]
    struct Out<'a> {
        before: usize,
        items: &'a [Item],
        after: Vec<&'a str>,
    }

    #[derive(serde::Serialize)]
    struct Item {
        n: usize,
        text: String,
        inner: Vec<u8>,
    }

    #[test]
    fn long_arrays_are_written_as_serde_json_writes_them() {
        for n in [0, 1, 2, 255, 256, 257, 8191, 8192, 8193, 20_000] {
            let items: Vec<Item> = (0..n)
                .map(|n| Item {
                    n,
                    text: format!("第{n}条\n\"引号\""),
                    inner: vec![1, 2],
                })
                .collect();
            let whole = Out {
                before: n,
                items: &items,
                after: vec!["x", "y"],
            };
            let want = serde_json::to_string_pretty(&whole).unwrap();
            let mut got = Vec::new();
            let empty = Out {
                items: &[],
                ..whole
            };
            json_with_items(&empty, "items", &items, &mut got).unwrap();
            assert_eq!(String::from_utf8(got).unwrap(), want, "{n} items");
        }
    }
}
