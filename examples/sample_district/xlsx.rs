//! Grids to .xlsx with rust_xlsxwriter, with a fixed creation date so the bytes are the same
//! on every run.

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use super::grid::{Grid, Style, Val};

struct Formats {
    title: Format,
    subtitle: Format,
    label: Format,
    header: Format,
    text: Format,
    money: Format,
    plain: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("宋体").set_font_size(11);
        let boxed = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        Formats {
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: base.clone().set_align(FormatAlign::Center),
            label: boxed.clone().set_align(FormatAlign::Center),
            header: boxed.clone().set_bold().set_align(FormatAlign::Center),
            text: boxed.clone(),
            money: boxed.set_num_format("0.00"),
            plain: base,
        }
    }

    fn of(&self, s: Style) -> &Format {
        match s {
            Style::Title => &self.title,
            Style::Subtitle => &self.subtitle,
            Style::Label => &self.label,
            Style::Header => &self.header,
            Style::Text => &self.text,
            Style::Money => &self.money,
            Style::Plain => &self.plain,
        }
    }
}

/// The fixed document date of every generated workbook.
pub fn doc_properties() -> Result<DocProperties, XlsxError> {
    let created = ExcelDateTime::from_ymd(2024, 1, 18)?.and_hms(9, 30, 0)?;
    Ok(DocProperties::new()
        .set_author("jixiao sample district")
        .set_creation_datetime(&created))
}

pub fn workbook(grids: &[Grid]) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    wb.set_properties(&doc_properties()?);
    for g in grids {
        let ws = wb.add_worksheet();
        ws.set_name(&g.name)?;
        for (c, w) in g.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w)?;
        }
        for m in &g.merges {
            let fmt = f.of(g.style_at(m.r1, m.c1));
            ws.merge_range(m.r1, m.c1, m.r2, m.c2, "", fmt)?;
        }
        for c in g.sorted_cells() {
            let fmt = f.of(c.style);
            match &c.val {
                Val::Str(s) => ws.write_string_with_format(c.row, c.col, s, fmt)?,
                Val::Num(v) => ws.write_number_with_format(c.row, c.col, *v, fmt)?,
                Val::Blank => ws.write_blank(c.row, c.col, fmt)?,
            };
        }
    }
    wb.save_to_buffer()
}

/// A plain table: a bold header row, then rows of text and numbers (numbers shown with two
/// decimals). Used for the roster and the budget list.
pub fn table(
    sheet: &str,
    header: &[&str],
    rows: &[Vec<Val>],
    widths: &[f64],
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&doc_properties()?);
    let bold = Format::new().set_bold().set_border(FormatBorder::Thin);
    let text = Format::new().set_border(FormatBorder::Thin);
    let money = Format::new()
        .set_border(FormatBorder::Thin)
        .set_num_format("0.00");
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                Val::Str(s) => ws.write_string_with_format(r, c, s, &text)?,
                Val::Num(n) => ws.write_number_with_format(r, c, *n, &money)?,
                Val::Blank => ws.write_blank(r, c, &text)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, header.len() as u16 - 1)?;
    wb.save_to_buffer()
}
