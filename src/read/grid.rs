//! A sheet as the cells actually present: memory follows the cells, never the declared
//! dimension or the span between them (FORMS §3.8).

use super::value::CellValue;
use crate::cellref::CellRef;
use rayon::iter::Either;
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
    /// Formulas saved without their result that could not be worked out (read as blank), with
    /// their text: the card's findings name them.
    pub uncalculated: Vec<(CellRef, String)>,
    cells: Cells,
}

/// A sheet's cells arrive in row-major order (as every spreadsheet program writes them): kept
/// in one sorted vector, storing one is a push and finding one a binary search of one block of
/// memory. A long sheet whose cells come out of order (a hostile or odd file) moves to a tree,
/// so that no order of cells costs more than a tree's inserts.
#[derive(Clone, Debug)]
enum Cells {
    Sorted(Vec<((u32, u32), CellValue)>),
    Tree(BTreeMap<(u32, u32), CellValue>),
}

impl Default for Cells {
    fn default() -> Self {
        Cells::Sorted(Vec::new())
    }
}

/// The most cells a sorted vector takes an out-of-order cell into (by moving the cells after
/// it) before the sheet moves to a tree.
const SORTED_INSERTS_UP_TO: usize = 4096;

impl Grid {
    pub fn new(name: impl Into<String>, index: usize) -> Self {
        Grid {
            name: name.into(),
            index,
            hidden: false,
            uncalculated: Vec::new(),
            cells: Cells::default(),
        }
    }

    /// Stores a cell; empty and whitespace-only text is not stored, nor a cell outside Excel's
    /// limits (a hostile file may claim any position).
    pub fn set(&mut self, row: u32, col: u32, v: CellValue) {
        if row > MAX_ROW || col > MAX_COL || v.is_blank() {
            return;
        }
        let key = (row, col);
        match &mut self.cells {
            Cells::Sorted(cells) if cells.last().is_none_or(|(last, _)| *last < key) => {
                cells.push((key, v));
            }
            Cells::Sorted(cells) => match cells.binary_search_by_key(&key, |(k, _)| *k) {
                Ok(i) => cells[i].1 = v,
                Err(i) if cells.len() < SORTED_INSERTS_UP_TO => cells.insert(i, (key, v)),
                Err(_) => {
                    let mut tree: BTreeMap<_, _> = std::mem::take(cells).into_iter().collect();
                    tree.insert(key, v);
                    self.cells = Cells::Tree(tree);
                }
            },
            Cells::Tree(tree) => {
                tree.insert(key, v);
            }
        }
    }

    pub fn get(&self, at: CellRef) -> Option<&CellValue> {
        let key = (at.row, at.col);
        match &self.cells {
            Cells::Sorted(cells) => {
                let i = cells.binary_search_by_key(&key, |(k, _)| *k).ok()?;
                Some(&cells[i].1)
            }
            Cells::Tree(tree) => tree.get(&key),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn len(&self) -> usize {
        match &self.cells {
            Cells::Sorted(cells) => cells.len(),
            Cells::Tree(tree) => tree.len(),
        }
    }

    /// All cells in row-major order.
    pub fn iter(&self) -> impl Iterator<Item = (CellRef, &CellValue)> {
        match &self.cells {
            Cells::Sorted(cells) => Either::Left(cells.iter().map(|(k, v)| (k, v))),
            Cells::Tree(tree) => Either::Right(tree.iter()),
        }
        .map(|(&(r, c), v)| (CellRef::new(r, c), v))
    }

    /// The cells of one row, left to right.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (CellRef, &CellValue)> {
        match &self.cells {
            Cells::Sorted(cells) => {
                let start = cells.partition_point(|((r, _), _)| *r < row);
                let end = start + cells[start..].partition_point(|((r, _), _)| *r == row);
                Either::Left(cells[start..end].iter().map(|(k, v)| (k, v)))
            }
            Cells::Tree(tree) => Either::Right(tree.range((row, 0)..=(row, u32::MAX))),
        }
        .map(|(&(r, c), v)| (CellRef::new(r, c), v))
    }

    /// Row numbers that hold at least one cell, ascending.
    pub fn row_numbers(&self) -> Vec<u32> {
        let mut rows: Vec<u32> = self.iter().map(|(at, _)| at.row).collect();
        rows.dedup();
        rows
    }

    pub fn last_row(&self) -> Option<u32> {
        match &self.cells {
            Cells::Sorted(cells) => cells.last().map(|((r, _), _)| *r),
            Cells::Tree(tree) => tree.keys().next_back().map(|&(r, _)| r),
        }
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

    /// What a grid says of cells stored in the given order, with the cells as a tree would
    /// hold them (the last value of a cell stored twice).
    fn reads_as_a_tree(cells: &[(u32, u32, f64)]) {
        let mut g = Grid::new("s", 0);
        let mut want = BTreeMap::new();
        for &(r, c, n) in cells {
            g.set(r, c, CellValue::Number(n));
            want.insert((r, c), n.to_string());
        }
        let shown = |it: &mut dyn Iterator<Item = (CellRef, &CellValue)>| {
            it.map(|(at, v)| ((at.row, at.col), v.display()))
                .collect::<Vec<_>>()
        };
        let want: Vec<_> = want.into_iter().collect();
        assert_eq!(shown(&mut g.iter()), want);
        assert_eq!(g.len(), want.len());
        let rows: Vec<u32> = want.iter().map(|((r, _), _)| *r).collect();
        for &r in &rows {
            let row: Vec<_> = want.iter().filter(|((x, _), _)| *x == r).cloned().collect();
            assert_eq!(shown(&mut g.row(r)), row);
        }
        assert_eq!(g.row(MAX_ROW).count(), 0);
        let mut distinct = rows.clone();
        distinct.dedup();
        assert_eq!(g.row_numbers(), distinct);
        assert_eq!(g.last_row(), rows.last().copied());
        for ((r, c), v) in &want {
            assert_eq!(
                g.get(CellRef::new(*r, *c)).map(|x| x.display()).as_ref(),
                Some(v)
            );
            assert!(g.get(CellRef::new(*r, c + 1_000_000)).is_none());
        }
    }

    #[test]
    fn cells_in_any_order_read_back_in_row_major_order_each_once() {
        reads_as_a_tree(&[
            (2, 1, 1.0),
            (0, 5, 2.0),
            (2, 0, 3.0),
            (0, 5, 4.0),
            (1, 3, 5.0),
        ]);
        // Past the sorted vector's limit, in reverse (a tree from then on) and in order.
        let n = SORTED_INSERTS_UP_TO as u32 * 2;
        let reverse: Vec<_> = (0..n).rev().map(|i| (i / 3, i % 3, f64::from(i))).collect();
        reads_as_a_tree(&reverse);
        let mut mixed: Vec<_> = (0..n).map(|i| (i / 7, i % 7, f64::from(i))).collect();
        mixed.push((0, 0, -1.0));
        mixed.push((n, 0, -2.0));
        reads_as_a_tree(&mixed);
    }
}
