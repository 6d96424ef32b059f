//! Grids to a BIFF8 .xls (Excel 97-2003) workbook: a minimal Workbook stream inside a
//! compound file. Strings go through the shared string table (SST), numbers are NUMBER
//! records, merged ranges are MERGEDCELLS. Enough for Excel, LibreOffice, xlrd and calamine.

use std::collections::BTreeMap;
use std::io::{self, Cursor, Write};
use std::time::{Duration, UNIX_EPOCH};

use super::grid::{Grid, Style, Val};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CODEPAGE: u16 = 0x0042;
const WINDOW1: u16 = 0x003D;
const FONT: u16 = 0x0031;
const XF: u16 = 0x00E0;
const STYLE: u16 = 0x0293;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const EXTSST: u16 = 0x00FF;
const COLINFO: u16 = 0x007D;
const DIMENSIONS: u16 = 0x0200;
const WINDOW2: u16 = 0x023E;
const LABELSST: u16 = 0x00FD;
const NUMBER: u16 = 0x0203;
const BLANK: u16 = 0x0201;
const MERGEDCELLS: u16 = 0x00E5;

/// Largest record body BIFF8 allows.
const MAX_RECORD: usize = 8224;

fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    assert!(data.len() <= MAX_RECORD);
    out.extend_from_slice(&typ.to_le_bytes());
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(data);
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn bof(kind: u16) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&0x0600u16.to_le_bytes()); // BIFF8
    d.extend_from_slice(&kind.to_le_bytes()); // 0x0005 globals, 0x0010 worksheet
    d.extend_from_slice(&0x0DBBu16.to_le_bytes()); // build
    d.extend_from_slice(&0x07CCu16.to_le_bytes()); // year
    d.extend_from_slice(&0u32.to_le_bytes()); // file history flags
    d.extend_from_slice(&6u32.to_le_bytes()); // lowest BIFF version
    d
}

fn font(height_twips: u16, bold: bool) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&height_twips.to_le_bytes());
    // bit 0 repeats the weight for old readers; no italic, no strike-out
    d.extend_from_slice(&u16::from(bold).to_le_bytes());
    d.extend_from_slice(&0x7FFFu16.to_le_bytes()); // automatic colour
    d.extend_from_slice(&(if bold { 700u16 } else { 400u16 }).to_le_bytes());
    d.extend_from_slice(&0u16.to_le_bytes()); // no super/subscript
    d.extend_from_slice(&[0, 0, 0x86, 0]); // underline, family, GB2312 charset, reserved
    let name = utf16("宋体");
    d.push(2); // characters
    d.push(1); // UTF-16
    d.extend_from_slice(&name);
    d
}

/// An XF record. `style`: a style XF (else a cell XF with parent 0).
fn xf(font: u16, num_fmt: u16, style: bool, align: u8) -> Vec<u8> {
    let mut d = Vec::new();
    d.extend_from_slice(&font.to_le_bytes());
    d.extend_from_slice(&num_fmt.to_le_bytes());
    let flags: u16 = if style { 0xFFF5 } else { 0x0001 };
    d.extend_from_slice(&flags.to_le_bytes());
    d.push(align);
    d.push(0); // rotation
    d.push(0); // indent, shrink, reading order
    d.push(if style { 0x00 } else { 0xF8 }); // attributes set by this XF
    d.extend_from_slice(&0u32.to_le_bytes()); // borders
    d.extend_from_slice(&0u32.to_le_bytes());
    d.extend_from_slice(&0x20C0u16.to_le_bytes()); // pattern colours: automatic
    d
}

const ALIGN_BOTTOM: u8 = 0x20;
const ALIGN_CENTER_MIDDLE: u8 = 0x12;
const ALIGN_CENTER_MIDDLE_WRAP: u8 = 0x1A;
const ALIGN_LEFT_MIDDLE_WRAP: u8 = 0x18;

/// Cell XF index of a style (see `globals`: 15 general, 16 money, 17 label, 18 header,
/// 19 title, 20 wrapped text).
fn xf_index(s: Style) -> u16 {
    match s {
        Style::Plain => 15,
        Style::Money => 16,
        Style::Label | Style::Subtitle => 17,
        Style::Header => 18,
        Style::Title => 19,
        Style::Text => 20,
    }
}

/// The shared string table: strings in order of first use.
struct Strings {
    list: Vec<String>,
    index: BTreeMap<String, u32>,
    total: u32,
}

impl Strings {
    fn collect(grids: &[Grid]) -> Strings {
        let mut s = Strings {
            list: Vec::new(),
            index: BTreeMap::new(),
            total: 0,
        };
        for g in grids {
            for c in g.sorted_cells() {
                if let Val::Str(text) = &c.val {
                    s.total += 1;
                    if !s.index.contains_key(text) {
                        s.index.insert(text.clone(), s.list.len() as u32);
                        s.list.push(text.clone());
                    }
                }
            }
        }
        s
    }
}

/// SST and its CONTINUE records, then EXTSST. `at`: stream position where SST starts.
fn sst(out: &mut Vec<u8>, strings: &Strings, at: usize) {
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    let mut body = Vec::new();
    body.extend_from_slice(&strings.total.to_le_bytes());
    body.extend_from_slice(&(strings.list.len() as u32).to_le_bytes());
    // (stream position of the string, offset inside its record) of every 8th string
    let mut buckets: Vec<(u32, u16)> = Vec::new();
    let mut record_start = at;
    for (k, s) in strings.list.iter().enumerate() {
        let mut enc = Vec::new();
        enc.extend_from_slice(&(s.encode_utf16().count() as u16).to_le_bytes());
        enc.push(1); // UTF-16, no rich text, no phonetic block
        enc.extend_from_slice(&utf16(s));
        assert!(enc.len() <= MAX_RECORD, "string too long for one record");
        if body.len() + enc.len() > MAX_RECORD {
            record_start += 4 + body.len();
            bodies.push(std::mem::take(&mut body));
        }
        if k % 8 == 0 {
            let offset = 4 + body.len();
            buckets.push(((record_start + offset) as u32, offset as u16));
        }
        body.extend_from_slice(&enc);
    }
    bodies.push(body);
    for (k, b) in bodies.iter().enumerate() {
        record(out, if k == 0 { SST } else { CONTINUE }, b);
    }
    let mut ext = Vec::new();
    ext.extend_from_slice(&8u16.to_le_bytes());
    for (pos, off) in buckets {
        ext.extend_from_slice(&pos.to_le_bytes());
        ext.extend_from_slice(&off.to_le_bytes());
        ext.extend_from_slice(&0u16.to_le_bytes());
    }
    record(out, EXTSST, &ext);
}

fn globals(grids: &[Grid], strings: &Strings, sheet_offsets: &[u32]) -> Vec<u8> {
    let mut out = Vec::new();
    record(&mut out, BOF, &bof(0x0005));
    record(&mut out, CODEPAGE, &1200u16.to_le_bytes());
    let mut w1 = Vec::new();
    for v in [0u16, 0, 0x4000, 0x2000, 0x0038, 0, 0, 1, 0x0258] {
        w1.extend_from_slice(&v.to_le_bytes());
    }
    record(&mut out, WINDOW1, &w1);
    // fonts 0-3 regular (index 4 does not exist in BIFF), 5 bold, 6 title
    for _ in 0..4 {
        record(&mut out, FONT, &font(220, false));
    }
    record(&mut out, FONT, &font(220, true));
    record(&mut out, FONT, &font(320, true));
    for _ in 0..15 {
        record(&mut out, XF, &xf(0, 0, true, ALIGN_BOTTOM));
    }
    record(&mut out, XF, &xf(0, 0, false, ALIGN_BOTTOM)); // 15 general
    record(&mut out, XF, &xf(0, 2, false, ALIGN_BOTTOM)); // 16 money, built-in "0.00"
    record(&mut out, XF, &xf(0, 0, false, ALIGN_CENTER_MIDDLE_WRAP)); // 17 label
    record(&mut out, XF, &xf(5, 0, false, ALIGN_CENTER_MIDDLE_WRAP)); // 18 header
    record(&mut out, XF, &xf(6, 0, false, ALIGN_CENTER_MIDDLE)); // 19 title
    record(&mut out, XF, &xf(0, 0, false, ALIGN_LEFT_MIDDLE_WRAP)); // 20 text
    record(&mut out, STYLE, &[0x00, 0x80, 0x00, 0xFF]); // built-in Normal
    for (g, off) in grids.iter().zip(sheet_offsets) {
        let mut d = Vec::new();
        d.extend_from_slice(&off.to_le_bytes());
        d.push(0); // visible
        d.push(0); // worksheet
        d.push(g.name.encode_utf16().count() as u8);
        d.push(1);
        d.extend_from_slice(&utf16(&g.name));
        record(&mut out, BOUNDSHEET, &d);
    }
    let at = out.len();
    sst(&mut out, strings, at);
    record(&mut out, EOF, &[]);
    out
}

fn sheet(g: &Grid, strings: &Strings, first: bool) -> Vec<u8> {
    let mut out = Vec::new();
    record(&mut out, BOF, &bof(0x0010));
    for (c, w) in g.widths.iter().enumerate() {
        let mut d = Vec::new();
        for v in [c as u16, c as u16, (w * 256.0) as u16, 15, 0, 0] {
            d.extend_from_slice(&v.to_le_bytes());
        }
        record(&mut out, COLINFO, &d);
    }
    let mut dim = Vec::new();
    dim.extend_from_slice(&0u32.to_le_bytes());
    dim.extend_from_slice(&(g.last_row() + 1).to_le_bytes());
    dim.extend_from_slice(&0u16.to_le_bytes());
    dim.extend_from_slice(&(g.last_col() + 1).to_le_bytes());
    dim.extend_from_slice(&0u16.to_le_bytes());
    record(&mut out, DIMENSIONS, &dim);
    for c in g.sorted_cells() {
        let mut d = Vec::new();
        d.extend_from_slice(&(c.row as u16).to_le_bytes());
        d.extend_from_slice(&c.col.to_le_bytes());
        d.extend_from_slice(&xf_index(c.style).to_le_bytes());
        match &c.val {
            Val::Str(s) => {
                d.extend_from_slice(&strings.index[s].to_le_bytes());
                record(&mut out, LABELSST, &d);
            }
            Val::Num(v) => {
                d.extend_from_slice(&v.to_le_bytes());
                record(&mut out, NUMBER, &d);
            }
            Val::Blank => record(&mut out, BLANK, &d),
        }
    }
    let grbit: u16 = if first { 0x06B6 } else { 0x00B6 };
    let mut w2 = Vec::new();
    for v in [grbit, 0, 0, 64, 0, 0, 0, 0, 0] {
        w2.extend_from_slice(&v.to_le_bytes());
    }
    record(&mut out, WINDOW2, &w2);
    for chunk in g.merges.chunks(1026) {
        let mut d = Vec::new();
        d.extend_from_slice(&(chunk.len() as u16).to_le_bytes());
        for m in chunk {
            for v in [m.r1 as u16, m.r2 as u16, m.c1, m.c2] {
                d.extend_from_slice(&v.to_le_bytes());
            }
        }
        record(&mut out, MERGEDCELLS, &d);
    }
    record(&mut out, EOF, &[]);
    out
}

/// The Workbook stream: globals, then one substream per sheet.
fn workbook_stream(grids: &[Grid]) -> Vec<u8> {
    let strings = Strings::collect(grids);
    let sheets: Vec<Vec<u8>> = grids
        .iter()
        .enumerate()
        .map(|(k, g)| sheet(g, &strings, k == 0))
        .collect();
    // BOUNDSHEET records have a fixed size, so a first pass gives the globals' length
    let globals_len = globals(grids, &strings, &vec![0; grids.len()]).len();
    let mut offsets = Vec::new();
    let mut at = globals_len;
    for s in &sheets {
        offsets.push(at as u32);
        at += s.len();
    }
    let mut stream = globals(grids, &strings, &offsets);
    assert_eq!(stream.len(), globals_len);
    for s in sheets {
        stream.extend_from_slice(&s);
    }
    // Excel expects the Workbook stream outside the compound file's mini stream
    if stream.len() < 4096 {
        stream.resize(4096, 0);
    }
    stream
}

pub fn workbook(grids: &[Grid]) -> io::Result<Vec<u8>> {
    let stream = workbook_stream(grids);
    let mut comp =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))?;
    {
        let mut s = comp.create_stream("/Workbook")?;
        s.write_all(&stream)?;
    }
    // the root storage gets the clock time by default; pin it for byte-stable output
    let fixed = UNIX_EPOCH + Duration::from_secs(1_705_570_200); // 2024-01-18 09:30 UTC
    comp.set_created_time("/", fixed)?;
    comp.set_modified_time("/", fixed)?;
    comp.flush()?;
    Ok(comp.into_inner().into_inner())
}
