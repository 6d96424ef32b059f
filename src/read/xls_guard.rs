//! A damaged `.xls` whose DIMENSIONS record claims billions of cells (or a last row before its
//! first) makes calamine reserve memory for all of them before it reads one cell: the
//! allocation fails and aborts the whole run, which no `catch_unwind` stops (found by the
//! fuzzer: 2.7 TB asked for). Such a record is rewritten to an empty range before calamine sees
//! the file; calamine uses it for nothing else, the cells come from their own records.

use std::io::{Cursor, Read, Seek, SeekFrom, Write};

/// The most cells a sheet's DIMENSIONS record may claim (a sheet really holding this many is a
/// file of hundreds of megabytes).
const MAX_CELLS: i64 = 4_000_000;

/// DIMENSIONS (MS-XLS 2.4.90).
const DIMENSIONS: u16 = 0x0200;

/// The file with every implausible DIMENSIONS record emptied, or `None` when there is nothing to
/// change (not an OLE file, no workbook stream, or every record plausible).
pub fn defuse(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return None;
    }
    let mut comp = cfb::CompoundFile::open(Cursor::new(bytes.to_vec())).ok()?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| comp.is_stream(n))?;
    let mut data = Vec::new();
    comp.open_stream(name).ok()?.read_to_end(&mut data).ok()?;
    let bad = implausible(&data);
    if bad.is_empty() {
        return None;
    }
    let mut stream = comp.open_stream(name).ok()?;
    for (at, len) in bad {
        stream.seek(SeekFrom::Start(at as u64)).ok()?;
        stream.write_all(&vec![0; len]).ok()?;
    }
    stream.flush().ok()?;
    drop(stream);
    comp.flush().ok()?;
    Some(comp.into_inner().into_inner())
}

/// Where the bodies of the implausible DIMENSIONS records of a BIFF stream are.
fn implausible(data: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= data.len() {
        let typ = u16::from_le_bytes([data[i], data[i + 1]]);
        let len = u16::from_le_bytes([data[i + 2], data[i + 3]]) as usize;
        let body = i + 4;
        if body + len > data.len() {
            break;
        }
        if typ == DIMENSIONS && cells(&data[body..body + len]) > MAX_CELLS {
            out.push((body, len));
        }
        i = body + len;
    }
    out
}

/// The cells a DIMENSIONS record makes calamine reserve (`i64::MAX` when its range is upside
/// down, which calamine's arithmetic wraps into a huge number).
fn cells(r: &[u8]) -> i64 {
    let u16_at = |k: usize| i64::from(u16::from_le_bytes([r[k], r[k + 1]]));
    let u32_at = |k: usize| i64::from(u32::from_le_bytes([r[k], r[k + 1], r[k + 2], r[k + 3]]));
    let (rf, rl, mut cf, cl) = match r.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return 1;
    }
    let (rows, cols) = (rl - 1 - rf + 1, cl - 1 - cf + 1);
    if rows < 1 || cols < 1 {
        return i64::MAX;
    }
    rows.saturating_mul(cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut r = vec![0x00, 0x02, 14, 0];
        r.extend(rf.to_le_bytes());
        r.extend(rl.to_le_bytes());
        r.extend(cf.to_le_bytes());
        r.extend(cl.to_le_bytes());
        r.extend([0, 0]);
        r
    }

    #[test]
    fn a_sheet_claiming_too_many_cells_or_an_upside_down_range_is_found() {
        let mut stream = record(0, 40, 0, 8);
        stream.extend(record(0, 65_536, 0, 256));
        stream.extend(record(10, 3, 0, 8));
        stream.extend(record(0, 0, 0, 0));
        assert_eq!(implausible(&stream), vec![(22, 14), (40, 14)]);
    }
}
