//! A sheet as a plain grid of cells and merged ranges. The layouts draw into it once; the
//! xlsx, xls and ods writers each turn it into their own format.

#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Num(f64),
    /// an empty cell that still carries its border
    Blank,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Title,
    Subtitle,
    Label,
    Text,
    Money,
    Header,
    Plain,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub row: u32,
    pub col: u16,
    pub val: Val,
    pub style: Style,
}

/// A merged range, inclusive: first row, first column, last row, last column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub r1: u32,
    pub c1: u16,
    pub r2: u32,
    pub c2: u16,
}

#[derive(Debug, Clone)]
pub struct Grid {
    pub name: String,
    pub cells: Vec<Cell>,
    pub merges: Vec<Merge>,
    /// column widths in characters, from column A
    pub widths: Vec<f64>,
}

/// `(row, col)`, zero-based.
pub type Pos = (u32, u16);

#[allow(dead_code)]
impl Grid {
    pub fn new(name: &str, widths: &[f64]) -> Grid {
        Grid {
            name: name.to_string(),
            cells: Vec::new(),
            merges: Vec::new(),
            widths: widths.to_vec(),
        }
    }

    pub fn put(&mut self, row: u32, col: u16, val: Val, style: Style) {
        if let Some(c) = self.cells.iter_mut().find(|c| c.row == row && c.col == col) {
            c.val = val;
            c.style = style;
        } else {
            self.cells.push(Cell {
                row,
                col,
                val,
                style,
            });
        }
    }

    pub fn text(&mut self, row: u32, col: u16, s: &str, style: Style) {
        self.put(row, col, Val::Str(s.to_string()), style);
    }

    /// Text, or a bordered empty cell when `s` is empty.
    pub fn text_or_blank(&mut self, row: u32, col: u16, s: &str, style: Style) {
        if s.is_empty() {
            self.put(row, col, Val::Blank, style);
        } else {
            self.text(row, col, s, style);
        }
    }

    pub fn num(&mut self, row: u32, col: u16, v: f64) {
        self.put(row, col, Val::Num(v), Style::Money);
    }

    /// Merges a range; ranges of one cell are skipped, as Excel has no use for them.
    pub fn merge(&mut self, r1: u32, c1: u16, r2: u32, c2: u16) {
        if r1 == r2 && c1 == c2 {
            return;
        }
        debug_assert!(
            self.merges
                .iter()
                .all(|m| m.r2 < r1 || r2 < m.r1 || m.c2 < c1 || c2 < m.c1),
            "overlapping merge in {}",
            self.name
        );
        self.merges.push(Merge { r1, c1, r2, c2 });
    }

    /// Writes `s` in the first cell of a range and merges it.
    pub fn merged_text(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, s: &str, style: Style) {
        self.text_or_blank(r1, c1, s, style);
        self.merge(r1, c1, r2, c2);
    }

    /// Cells in row-major order.
    pub fn sorted_cells(&self) -> Vec<&Cell> {
        let mut v: Vec<&Cell> = self.cells.iter().collect();
        v.sort_by_key(|c| (c.row, c.col));
        v
    }

    pub fn last_row(&self) -> u32 {
        let cells = self.cells.iter().map(|c| c.row);
        let merges = self.merges.iter().map(|m| m.r2);
        cells.chain(merges).max().unwrap_or(0)
    }

    pub fn last_col(&self) -> u16 {
        let cells = self.cells.iter().map(|c| c.col);
        let merges = self.merges.iter().map(|m| m.c2);
        cells.chain(merges).max().unwrap_or(0)
    }

    pub fn style_at(&self, row: u32, col: u16) -> Style {
        self.cells
            .iter()
            .find(|c| c.row == row && c.col == col)
            .map_or(Style::Text, |c| c.style)
    }
}

/// `A1` reference of a zero-based position.
pub fn a1(pos: Pos) -> String {
    let (row, col) = pos;
    let mut letters = Vec::new();
    let mut n = col as u32 + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push((b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}
