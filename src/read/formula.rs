//! Formulas without a cached result. Excel, WPS and LibreOffice store the result beside every
//! formula; programs that write workbooks without calculating them (openpyxl, some web exports)
//! store the formula alone, and the cell then reads as empty. The sums and differences forms use
//! (`=SUM(C7:C9)`, `=C7+C8+C9`, `=ROUND(D7/C7*100,2)`) are worked out here so that such a card
//! reads as Excel would show it; anything else stays empty.

use super::grid::Grid;
use super::value::CellValue;
use crate::cellref::CellRef;
use std::collections::HashSet;

/// Evaluates the pending formulas of a sheet in place, repeating while one result feeds another;
/// those it cannot work out stay blank and are listed in [`Grid::uncalculated`].
pub fn settle(grid: &mut Grid, mut pending: Vec<(CellRef, String)>) {
    for _ in 0..8 {
        let before = pending.len();
        // A cell still waiting for its own formula is unknown, not an empty zero.
        let waiting: HashSet<CellRef> = pending.iter().map(|(at, _)| *at).collect();
        let mut done = Vec::new();
        pending.retain(|(at, f)| match outcome(grid, f, &waiting) {
            Outcome::Number(n) => {
                done.push((*at, CellValue::Number(n)));
                false
            }
            // What Excel shows for a division by zero (a rate of a row of zeros).
            Outcome::DivZero => {
                done.push((*at, CellValue::Error(DIV_ZERO.into())));
                false
            }
            Outcome::Unknown => true,
        });
        for (at, v) in done {
            grid.set(at.row, at.col, v);
        }
        if pending.is_empty() || pending.len() == before {
            break;
        }
    }
    grid.uncalculated = pending;
}

/// The value of a formula over the sheet's cells, or `None` when it uses anything unsupported
/// or a cell that is not (yet) a number.
pub fn evaluate(grid: &Grid, formula: &str) -> Option<f64> {
    eval_with(grid, formula, &HashSet::new())
}

fn eval_with(grid: &Grid, formula: &str, waiting: &HashSet<CellRef>) -> Option<f64> {
    match outcome(grid, formula, waiting) {
        Outcome::Number(n) => Some(n),
        Outcome::DivZero | Outcome::Unknown => None,
    }
}

const DIV_ZERO: &str = "#DIV/0!";

/// What working out a formula gives.
enum Outcome {
    Number(f64),
    /// A division by zero, here or in a cell it uses: Excel's `#DIV/0!`.
    DivZero,
    /// Something unsupported, or a cell that is not (yet) a number.
    Unknown,
}

fn outcome(grid: &Grid, formula: &str, waiting: &HashSet<CellRef>) -> Outcome {
    let text: String = formula
        .trim_start_matches('=')
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
        grid,
        waiting,
        div_zero: std::cell::Cell::new(false),
    };
    match p.expr() {
        Some(_) | None if p.i != p.s.len() => Outcome::Unknown,
        Some(_) if p.div_zero.get() => Outcome::DivZero,
        Some(v) if v.is_finite() => Outcome::Number(v),
        _ => Outcome::Unknown,
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
    grid: &'a Grid,
    waiting: &'a HashSet<CellRef>,
    /// A division by zero was met (the value goes on as NaN).
    div_zero: std::cell::Cell<bool>,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Option<f64> {
        let mut v = self.term()?;
        loop {
            if self.eat(b'+') {
                v += self.term()?;
            } else if self.eat(b'-') {
                v -= self.term()?;
            } else {
                return Some(v);
            }
        }
    }

    fn term(&mut self) -> Option<f64> {
        let mut v = self.factor()?;
        loop {
            if self.eat(b'*') {
                v *= self.factor()?;
            } else if self.eat(b'/') {
                let d = self.factor()?;
                if d == 0.0 {
                    self.div_zero.set(true);
                    v = f64::NAN;
                } else {
                    v /= d;
                }
            } else {
                return Some(v);
            }
        }
    }

    fn factor(&mut self) -> Option<f64> {
        if self.eat(b'-') {
            return self.factor().map(|v| -v);
        }
        if self.eat(b'+') {
            return self.factor();
        }
        if self.eat(b'(') {
            let v = self.expr()?;
            return self.eat(b')').then_some(v);
        }
        match self.peek()? {
            b'0'..=b'9' | b'.' => self.number(),
            b'A'..=b'Z' | b'a'..=b'z' | b'$' => self.name(),
            _ => None,
        }
    }

    fn number(&mut self) -> Option<f64> {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9' | b'.')) {
            self.i += 1;
        }
        std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .parse()
            .ok()
    }

    /// A cell reference, or a function call: SUM(…), ROUND(x, n).
    fn name(&mut self) -> Option<f64> {
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'$')
        ) {
            self.i += 1;
        }
        let word = std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .to_ascii_uppercase();
        if self.eat(b'(') {
            let v = match word.as_str() {
                "SUM" => {
                    let mut total = 0.0;
                    loop {
                        total += self.sum_arg()?;
                        if !self.eat(b',') {
                            break;
                        }
                    }
                    total
                }
                "ROUND" => {
                    let x = self.expr()?;
                    let n = if self.eat(b',') { self.expr()? } else { 0.0 };
                    let f = 10f64.powi(n as i32);
                    (x * f).round() / f
                }
                _ => return None,
            };
            return self.eat(b')').then_some(v);
        }
        self.cell(&word)
    }

    /// An argument of SUM: a range `C7:C9` (empty and text cells count nothing) or an expression.
    fn sum_arg(&mut self) -> Option<f64> {
        let save = self.i;
        let start = self.i;
        while matches!(
            self.peek(),
            Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'$')
        ) {
            self.i += 1;
        }
        if self.eat(b':') {
            let a = CellRef::parse(std::str::from_utf8(&self.s[start..self.i - 1]).ok()?)?;
            let from = self.i;
            while matches!(
                self.peek(),
                Some(b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'$')
            ) {
                self.i += 1;
            }
            let b = CellRef::parse(std::str::from_utf8(&self.s[from..self.i]).ok()?)?;
            let (cols, rows) = (
                a.col.min(b.col)..=a.col.max(b.col),
                a.row.min(b.row)..=a.row.max(b.row),
            );
            if self
                .waiting
                .iter()
                .any(|w| cols.contains(&w.col) && rows.contains(&w.row))
            {
                return None;
            }
            let mut total = 0.0;
            for row in rows {
                for (at, v) in self.grid.row(row) {
                    if let (true, CellValue::Number(n)) = (cols.contains(&at.col), v) {
                        total += n;
                    }
                }
            }
            return Some(total);
        }
        self.i = save;
        self.expr()
    }

    fn cell(&self, name: &str) -> Option<f64> {
        let at = CellRef::parse(name)?;
        if self.waiting.contains(&at) {
            return None;
        }
        match self.grid.get(at) {
            Some(CellValue::Number(n)) => Some(*n),
            None => Some(0.0),
            Some(CellValue::Error(e)) if e == DIV_ZERO => {
                self.div_zero.set(true);
                Some(f64::NAN)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        let mut g = Grid::new("s", 0);
        g.set(6, 2, CellValue::Number(100.5));
        g.set(7, 2, CellValue::Number(20.0));
        g.set(8, 2, CellValue::Text("备注".into()));
        g
    }

    #[test]
    fn works_out_the_formulas_forms_use() {
        let g = grid();
        assert_eq!(evaluate(&g, "=SUM(C7:C9)"), Some(120.5));
        assert_eq!(evaluate(&g, "=C7+C8"), Some(120.5));
        assert_eq!(evaluate(&g, "=$C$7-C8"), Some(80.5));
        assert_eq!(evaluate(&g, "=ROUND(C8/C7*100,2)"), Some(19.9));
        assert_eq!(evaluate(&g, "=SUM(C7,C8,5)"), Some(125.5));
        assert_eq!(evaluate(&g, "=(C7+C8)*2"), Some(241.0));
        assert_eq!(evaluate(&g, "=-C8"), Some(-20.0));
        // Empty cells count as zero, as in Excel.
        assert_eq!(evaluate(&g, "=C7+C20"), Some(100.5));
    }

    #[test]
    fn leaves_what_it_cannot_work_out() {
        let g = grid();
        assert_eq!(evaluate(&g, "=C9+1"), None, "text in arithmetic");
        assert_eq!(evaluate(&g, "=VLOOKUP(A1,B:C,2)"), None);
        assert_eq!(evaluate(&g, "='Sheet 2'!A1"), None);
        assert_eq!(evaluate(&g, "=C7/0"), None);
        assert_eq!(evaluate(&g, "=C7+"), None);
        assert_eq!(evaluate(&g, "=SUM(C7:C9"), None);
    }

    #[test]
    fn settles_formulas_that_feed_each_other() {
        let mut g = grid();
        let pending = vec![
            (CellRef::new(10, 2), "=C10*2".to_string()),
            (CellRef::new(9, 2), "=SUM(C7:C8)".to_string()),
        ];
        settle(&mut g, pending);
        assert_eq!(g.get(CellRef::new(9, 2)), Some(&CellValue::Number(120.5)));
        assert_eq!(g.get(CellRef::new(10, 2)), Some(&CellValue::Number(241.0)));
    }
}
