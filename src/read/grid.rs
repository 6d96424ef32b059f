//! A sheet as the cells actually present: memory follows the cells, never the declared
//! dimension or the span between them (FORMS §3.8).

use super::value::CellValue;
use crate::cellref::CellRef;
use std::collections::BTreeMap;

/// Excel's last row and column, zero-based.
pub const MAX_ROW: u32 = 1_048_575;
pub const MAX_COL: u32 = 16_383;

/// The non-empty cells of one worksheet, keyed by absolute position in row-major order.
#[derive(Clone, Debug, Default)]
pub struct Grid {
    pub name: String,
    /// Position of the sheet in its workbook, for stable ordering.
    pub index: usize,
    pub hidden: bool,
    cells: BTreeMap<(u32, u32), CellValue>,
}

impl Grid {
    pub fn new(name: impl Into<String>, index: usize) -> Self {
        Grid {
            name: name.into(),
            index,
            hidden: false,
            cells: BTreeMap::new(),
        }
    }

    /// Stores a cell; empty and whitespace-only text is not stored, nor a cell outside Excel's
    /// limits (a hostile file may claim any position).
    pub fn set(&mut self, row: u32, col: u32, v: CellValue) {
        if row <= MAX_ROW && col <= MAX_COL && !v.is_blank() {
            self.cells.insert((row, col), v);
        }
    }

    pub fn get(&self, at: CellRef) -> Option<&CellValue> {
        self.cells.get(&(at.row, at.col))
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// All cells in row-major order.
    pub fn iter(&self) -> impl Iterator<Item = (CellRef, &CellValue)> {
        self.cells
            .iter()
            .map(|(&(r, c), v)| (CellRef::new(r, c), v))
    }

    /// The cells of one row, left to right.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (CellRef, &CellValue)> {
        self.cells
            .range((row, 0)..=(row, u32::MAX))
            .map(|(&(r, c), v)| (CellRef::new(r, c), v))
    }

    /// Row numbers that hold at least one cell, ascending.
    pub fn row_numbers(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.cells.keys().map(|&(r, _)| r).collect();
        rows.dedup();
        rows
    }

    pub fn last_row(&self) -> Option<u32> {
        self.cells.keys().next_back().map(|&(r, _)| r)
    }

    /// The first `n` text cells of the sheet, for classifying it by its title.
    pub fn leading_texts(&self, n: usize) -> Vec<(CellRef, &str)> {
        self.iter()
            .filter_map(|(at, v)| match v {
                CellValue::Text(s) => Some((at, s.as_str())),
                _ => None,
            })
            .take(n)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_far_stray_cell_costs_one_entry() {
        let mut g = Grid::new("s", 0);
        g.set(0, 0, CellValue::Text("标题".into()));
        g.set(1_048_575, 16_383, CellValue::Number(1.0));
        g.set(3, 3, CellValue::Text("  ".into()));
        assert_eq!(g.len(), 2);
        assert_eq!(g.row_numbers(), vec![0, 1_048_575]);
        assert_eq!(g.row(1_048_575).count(), 1);
    }
}
