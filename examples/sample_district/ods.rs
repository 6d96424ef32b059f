//! Grids to an OpenDocument spreadsheet (.ods), written by hand: a zip whose first entry is
//! the uncompressed `mimetype`, a manifest, styles and content.xml.

use std::collections::BTreeMap;
use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::grid::{Grid, Style, Val};

const MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

const NS: &str = concat!(
    r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" "#,
    r#"xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" "#,
    r#"xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" "#,
    r#"xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" "#,
    r#"xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" "#,
    r#"xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" "#,
    r#"office:version="1.2""#
);

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("<text:tab/>"),
            _ => out.push(ch),
        }
    }
    out
}

fn paragraphs(s: &str) -> String {
    s.split('\n')
        .map(|line| format!("<text:p>{}</text:p>", escape(line)))
        .collect()
}

fn cell_style(s: Style) -> &'static str {
    match s {
        Style::Money => "ceM",
        Style::Title => "ceH",
        Style::Header => "ceB",
        Style::Plain | Style::Subtitle => "Default",
        Style::Label | Style::Text => "ceT",
    }
}

fn width_style(w: f64) -> String {
    format!("co{}", (w * 10.0) as u32)
}

fn content(grids: &[Grid]) -> String {
    let mut widths: BTreeMap<String, f64> = BTreeMap::new();
    for g in grids {
        for w in &g.widths {
            widths.insert(width_style(*w), *w);
        }
    }
    let mut x = String::new();
    x.push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
    x.push_str(&format!("<office:document-content {NS}>"));
    x.push_str("<office:automatic-styles>");
    for (name, w) in &widths {
        x.push_str(&format!(
            r#"<style:style style:name="{name}" style:family="table-column"><style:table-column-properties style:column-width="{:.2}cm"/></style:style>"#,
            w * 0.21
        ));
    }
    x.push_str(concat!(
        r#"<number:number-style style:name="N2"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1"/></number:number-style>"#,
        r#"<style:style style:name="ceM" style:family="table-cell" style:parent-style-name="Default" style:data-style-name="N2"><style:table-cell-properties fo:border="0.06pt solid #000000"/></style:style>"#,
        r#"<style:style style:name="ceT" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:wrap-option="wrap" style:vertical-align="middle" fo:border="0.06pt solid #000000"/></style:style>"#,
        r#"<style:style style:name="ceB" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties fo:border="0.06pt solid #000000"/><style:text-properties fo:font-weight="bold"/></style:style>"#,
        r#"<style:style style:name="ceH" style:family="table-cell" style:parent-style-name="Default"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>"#,
    ));
    x.push_str("</office:automatic-styles><office:body><office:spreadsheet>");
    for g in grids {
        table(&mut x, g);
    }
    x.push_str("</office:spreadsheet></office:body></office:document-content>");
    x
}

fn table(x: &mut String, g: &Grid) {
    x.push_str(&format!(
        r#"<table:table table:name="{}">"#,
        escape(&g.name)
    ));
    for w in &g.widths {
        x.push_str(&format!(
            r#"<table:table-column table:style-name="{}"/>"#,
            width_style(*w)
        ));
    }
    let cells: BTreeMap<(u32, u16), _> = g.cells.iter().map(|c| ((c.row, c.col), c)).collect();
    let last_col = g.last_col();
    for r in 0..=g.last_row() {
        x.push_str("<table:table-row>");
        let mut empty_run = 0;
        for c in 0..=last_col {
            let span = g.merges.iter().find(|m| m.r1 == r && m.c1 == c);
            let covered = span.is_none()
                && g.merges
                    .iter()
                    .any(|m| (m.r1..=m.r2).contains(&r) && (m.c1..=m.c2).contains(&c));
            let cell = cells.get(&(r, c));
            if span.is_none() && !covered && cell.is_none() {
                empty_run += 1;
                continue;
            }
            if empty_run > 0 {
                x.push_str(&format!(
                    r#"<table:table-cell table:number-columns-repeated="{empty_run}"/>"#
                ));
                empty_run = 0;
            }
            if covered {
                x.push_str("<table:covered-table-cell/>");
                continue;
            }
            let mut attrs = String::new();
            if let Some(m) = span {
                attrs.push_str(&format!(
                    r#" table:number-columns-spanned="{}" table:number-rows-spanned="{}""#,
                    m.c2 - m.c1 + 1,
                    m.r2 - m.r1 + 1
                ));
            }
            match cell.map(|c| (&c.val, c.style)) {
                Some((Val::Str(s), style)) => x.push_str(&format!(
                    r#"<table:table-cell table:style-name="{}" office:value-type="string"{attrs}>{}</table:table-cell>"#,
                    cell_style(style),
                    paragraphs(s)
                )),
                Some((Val::Num(v), style)) => x.push_str(&format!(
                    r#"<table:table-cell table:style-name="{}" office:value-type="float" office:value="{v}"{attrs}><text:p>{v}</text:p></table:table-cell>"#,
                    cell_style(style)
                )),
                Some((Val::Blank, style)) => x.push_str(&format!(
                    r#"<table:table-cell table:style-name="{}"{attrs}/>"#,
                    cell_style(style)
                )),
                None => x.push_str(&format!("<table:table-cell{attrs}/>")),
            }
        }
        if empty_run > 0 {
            x.push_str(&format!(
                r#"<table:table-cell table:number-columns-repeated="{empty_run}"/>"#
            ));
        }
        x.push_str("</table:table-row>");
    }
    x.push_str("</table:table>");
}

fn styles() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}><office:styles><style:style style:name="Default" style:family="table-cell"><style:text-properties style:font-name="宋体" fo:font-size="11pt"/></style:style></office:styles></office:document-styles>"#
    )
}

fn manifest() -> String {
    concat!(
        r#"<?xml version="1.0" encoding="UTF-8"?>"#,
        r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">"#,
        r#"<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>"#,
        r#"<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>"#,
        r#"<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>"#,
        r#"</manifest:manifest>"#
    )
    .to_string()
}

pub fn workbook(grids: &[Grid]) -> io::Result<Vec<u8>> {
    let when = DateTime::from_date_and_time(2024, 1, 18, 9, 30, 0).map_err(io::Error::other)?;
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(when);
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(when);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file("mimetype", stored)
        .map_err(io::Error::other)?;
    zip.write_all(MIMETYPE.as_bytes())?;
    for (name, text) in [
        ("META-INF/manifest.xml", manifest()),
        ("styles.xml", styles()),
        ("content.xml", content(grids)),
    ] {
        zip.start_file(name, deflated).map_err(io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish().map_err(io::Error::other)?.into_inner())
}
