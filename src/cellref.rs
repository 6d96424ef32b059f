//! One cell-reference type for the whole crate: zero-based row and column inside, `C7` outside.

use std::fmt;

/// An absolute cell position, zero-based, shown and parsed as `A1` notation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct CellRef {
    pub row: u32,
    pub col: u32,
}

impl CellRef {
    pub const fn new(row: u32, col: u32) -> Self {
        CellRef { row, col }
    }

    /// Column letters for a zero-based column: 0 → `A`, 26 → `AA`.
    pub fn col_name(col: u32) -> String {
        let mut n = col as u64 + 1;
        let mut out = Vec::new();
        while n > 0 {
            let rem = ((n - 1) % 26) as u8;
            out.push(b'A' + rem);
            n = (n - 1) / 26;
        }
        out.reverse();
        String::from_utf8(out).unwrap_or_default()
    }

    /// Parses `C7` (also `c7`, `$C$7`). Returns `None` on anything else.
    pub fn parse(s: &str) -> Option<CellRef> {
        let s = s.trim().replace('$', "");
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = s.split_at(split);
        if letters.is_empty() || !letters.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let mut col: u32 = 0;
        for c in letters.chars() {
            col = col
                .checked_mul(26)?
                .checked_add(c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)?;
        }
        let row: u32 = digits.parse().ok()?;
        if row == 0 || col == 0 {
            return None;
        }
        Some(CellRef::new(row - 1, col - 1))
    }
}

impl fmt::Display for CellRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", CellRef::col_name(self.col), self.row as u64 + 1)
    }
}

impl serde::Serialize for CellRef {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_a1_notation() {
        for (text, row, col) in [
            ("A1", 0, 0),
            ("C7", 6, 2),
            ("Z10", 9, 25),
            ("AA1", 0, 26),
            ("XFD1048576", 1_048_575, 16_383),
        ] {
            let c = CellRef::parse(text).unwrap();
            assert_eq!((c.row, c.col), (row, col), "{text}");
            assert_eq!(c.to_string(), text);
        }
        assert_eq!(CellRef::parse("$B$2"), Some(CellRef::new(1, 1)));
        assert_eq!(CellRef::parse("7C"), None);
        assert_eq!(CellRef::parse("A0"), None);
        assert_eq!(CellRef::parse(""), None);
    }
}
