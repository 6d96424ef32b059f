//! Typed output tables.

use crate::money::Money;
use serde::Serialize;

/// How a column is typed and shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColKind {
    Text,
    /// Wide text (goals, messages): wrapped.
    LongText,
    /// Codes: always text, never numbers.
    Code,
    /// 万元 with two decimals.
    Money,
    Int,
    /// A whole number that names rather than counts (a month, a row, a rank): shown as [`ColKind::Int`],
    /// never summed.
    Ordinal,
    /// A fraction shown as a percent with one decimal.
    Percent,
    /// A plain number with up to two decimals (scores).
    Number,
}

#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub name: &'static str,
    pub kind: ColKind,
}

impl Column {
    /// The header as people read it: money columns say their unit (`年度资金总额（万元）`). Readers
    /// of a written workbook find the column by `name` (label normalisation drops the unit).
    pub fn header(&self) -> std::borrow::Cow<'static, str> {
        if self.kind == ColKind::Money && !self.name.contains("万元") {
            format!("{}（万元）", self.name).into()
        } else {
            self.name.into()
        }
    }
}

/// A cell of an output table.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Val {
    Text(String),
    Money(Money),
    Int(i64),
    Num(f64),
    Empty,
}

impl Val {
    /// [`Val::display`] appended to a buffer (the writer measures every cell's width).
    pub fn write_display(&self, kind: ColKind, out: &mut String) {
        use std::fmt::Write;
        match self {
            Val::Text(s) => out.push_str(s),
            Val::Money(m) => {
                let _ = write!(out, "{m}");
            }
            Val::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Val::Num(n) if kind == ColKind::Percent => {
                let _ = write!(out, "{:.1}%", n * 100.0);
            }
            Val::Num(n) => {
                let start = out.len();
                let _ = write!(out, "{n:.2}");
                let keep = out[start..]
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .len();
                out.truncate(start + keep);
            }
            Val::Empty => {}
        }
    }

    pub fn display(&self, kind: ColKind) -> String {
        let mut out = String::new();
        self.write_display(kind, &mut out);
        out
    }
}

pub trait ToVal {
    fn to_val(&self) -> Val;
    /// The value, taking it (a text moves instead of being copied).
    fn into_val(self) -> Val
    where
        Self: Sized,
    {
        self.to_val()
    }
}

impl ToVal for String {
    fn to_val(&self) -> Val {
        self.clone().into_val()
    }
    fn into_val(self) -> Val {
        if self.is_empty() {
            Val::Empty
        } else {
            Val::Text(self)
        }
    }
}

impl ToVal for Money {
    fn to_val(&self) -> Val {
        Val::Money(*self)
    }
}

impl<T: ToVal> ToVal for Option<T> {
    fn to_val(&self) -> Val {
        self.as_ref().map(ToVal::to_val).unwrap_or(Val::Empty)
    }
    fn into_val(self) -> Val {
        self.map(ToVal::into_val).unwrap_or(Val::Empty)
    }
}

impl ToVal for usize {
    fn to_val(&self) -> Val {
        Val::Int(*self as i64)
    }
}

impl ToVal for u32 {
    fn to_val(&self) -> Val {
        Val::Int(*self as i64)
    }
}

impl ToVal for f64 {
    fn to_val(&self) -> Val {
        if self.is_finite() {
            Val::Num(*self)
        } else {
            Val::Empty
        }
    }
}

/// A struct that is one row of an output table. Rows compose: a tuple of rows is a row whose
/// columns are theirs in order (a stage's columns between the common ones and the source).
pub trait Row {
    fn columns() -> Vec<Column>;
    fn push_values(&self, out: &mut Vec<Val>);
    fn values(&self) -> Vec<Val> {
        let mut v = Vec::new();
        self.push_values(&mut v);
        v
    }
    /// As [`Row::push_values`], taking the row: its texts move into the values.
    fn push_into(self, out: &mut Vec<Val>);
    fn into_values(self) -> Vec<Val>
    where
        Self: Sized,
    {
        let mut v = Vec::new();
        self.push_into(&mut v);
        v
    }
}

impl<A: Row, B: Row> Row for (A, B) {
    fn columns() -> Vec<Column> {
        let mut c = A::columns();
        c.extend(B::columns());
        c
    }
    fn push_values(&self, out: &mut Vec<Val>) {
        self.0.push_values(out);
        self.1.push_values(out);
    }
    fn push_into(self, out: &mut Vec<Val>) {
        self.0.push_into(out);
        self.1.push_into(out);
    }
}

impl<A: Row, B: Row, C: Row> Row for (A, B, C) {
    fn columns() -> Vec<Column> {
        let mut c = A::columns();
        c.extend(B::columns());
        c.extend(C::columns());
        c
    }
    fn push_values(&self, out: &mut Vec<Val>) {
        self.0.push_values(out);
        self.1.push_values(out);
        self.2.push_values(out);
    }
    fn push_into(self, out: &mut Vec<Val>) {
        self.0.push_into(out);
        self.1.push_into(out);
        self.2.push_into(out);
    }
}

/// Declares a row struct and its columns in one place: field, header (a `schema::col`
/// constant), kind.
#[macro_export]
macro_rules! table_row {
    ($(#[$m:meta])* pub struct $name:ident { $($field:ident : $ty:ty => $col:expr, $kind:ident);* $(;)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug)]
        pub struct $name { $(pub $field: $ty),* }

        impl $crate::table::Row for $name {
            fn columns() -> Vec<$crate::table::Column> {
                vec![$($crate::table::Column { name: $col, kind: $crate::table::ColKind::$kind }),*]
            }
            fn push_values(&self, out: &mut Vec<$crate::table::Val>) {
                use $crate::table::ToVal;
                $(out.push(self.$field.to_val());)*
            }
            fn push_into(self, out: &mut Vec<$crate::table::Val>) {
                use $crate::table::ToVal;
                $(out.push(self.$field.into_val());)*
            }
        }

        // JSON carries a row under its column names, as the workbook does.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap;
                use $crate::table::Row;
                let cols = Self::columns();
                let vals = self.values();
                let mut m = s.serialize_map(Some(cols.len()))?;
                for (c, v) in cols.iter().zip(&vals) {
                    m.serialize_entry(c.name, v)?;
                }
                m.end()
            }
        }
    };
}

/// A named table ready to write.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Val>>,
    /// Ends with a total row (`合计`).
    pub total: bool,
}

/// The value of a `计入合计` column for a row that counts.
pub const COUNTED: &str = "是";

impl Sheet {
    pub fn of<R: Row>(name: &str, rows: &[R]) -> Sheet {
        Sheet {
            name: name.to_string(),
            columns: R::columns(),
            rows: rows.iter().map(Row::values).collect(),
            total: false,
        }
    }

    /// As [`Sheet::of`], taking the rows: each typed row is dropped as soon as it is converted,
    /// so that a long table is never held twice. Converted on every core, in order.
    pub fn from_rows<R: Row + Send>(name: &str, rows: Vec<R>) -> Sheet {
        use rayon::prelude::*;
        Sheet {
            name: name.to_string(),
            columns: R::columns(),
            rows: rows.into_par_iter().map(Row::into_values).collect(),
            total: false,
        }
    }

    /// The sheet ends with a `合计` row summing its money and count columns (written as
    /// formulas with their results).
    pub fn with_total(mut self) -> Sheet {
        self.total = true;
        self
    }

    /// The column whose `是` says a row counts in the total (`计入合计`), when the sheet has one.
    pub fn count_column(&self) -> Option<usize> {
        count_column(&self.columns)
    }

    /// The sums of the total row: the label in the first column, money and counts summed to
    /// the cent, other columns empty.
    pub fn total_row(&self) -> Vec<Val> {
        let mut sums = sums(&self.columns, &self.rows);
        label_total(&mut sums);
        sums
    }
}

/// The column whose `是` says a row counts in the total (`计入合计`), when the sheet has one.
pub fn count_column(columns: &[Column]) -> Option<usize> {
    columns
        .iter()
        .position(|c| c.name == crate::schema::col::COUNTED)
}

/// The money and count columns of `rows` that count, summed (the rows as written, to the cent,
/// so that the total is their sum to the cent when a unit typed 万元 with more decimals); other
/// columns empty. Sums of slices of a table add up with [`add_sums`].
pub fn sums(columns: &[Column], rows: &[Vec<Val>]) -> Vec<Val> {
    let key = count_column(columns);
    let counted: Vec<&Vec<Val>> = rows
        .iter()
        .filter(|r| key.is_none_or(|c| matches!(r.get(c), Some(Val::Text(t)) if t == COUNTED)))
        .collect();
    columns
        .iter()
        .enumerate()
        .map(|(c, col)| match col.kind {
            ColKind::Money => Val::Money(
                counted
                    .iter()
                    .filter_map(|r| match r.get(c) {
                        Some(Val::Money(m)) => Some(Money(m.cents())),
                        _ => None,
                    })
                    .sum(),
            ),
            ColKind::Int => Val::Int(
                counted
                    .iter()
                    .filter_map(|r| match r.get(c) {
                        Some(Val::Int(i)) => Some(*i),
                        _ => None,
                    })
                    .sum(),
            ),
            _ => Val::Empty,
        })
        .collect()
}

/// Adds the sums of one slice of a table to those of another.
pub fn add_sums(mut a: Vec<Val>, b: Vec<Val>) -> Vec<Val> {
    for (x, y) in a.iter_mut().zip(b) {
        match (x, y) {
            (Val::Money(m), Val::Money(n)) => *m = Money(m.cents() + n.cents()),
            (Val::Int(i), Val::Int(j)) => *i += j,
            _ => {}
        }
    }
    a
}

/// Sums as a total row: `合计` in the first column.
pub fn label_total(sums: &mut [Val]) {
    if let Some(first) = sums.first_mut() {
        *first = Val::Text(crate::schema::TOTAL_LABEL.into());
    }
}

/// A long table (one row per card, indicator or finding) whose rows are made only when
/// written, a slice at a time, from the items the caller holds: it is never whole in memory.
pub struct MadeSheet<'a> {
    pub name: String,
    pub columns: Vec<Column>,
    /// Ends with a total row (`合计`).
    pub total: bool,
    /// Where each item's rows end, counted from the first row.
    ends: Vec<usize>,
    make: Box<dyn Fn(usize) -> Vec<Vec<Val>> + Send + Sync + 'a>,
}

impl<'a> MadeSheet<'a> {
    /// A table of the rows each of `items` gives (`rows`, in order); `count` says how many
    /// rows an item gives without making them, and must agree with `rows`.
    pub fn new<T: Send + Sync + 'a, R: Row>(
        name: &str,
        items: Vec<T>,
        count: impl Fn(&T) -> usize + Send + Sync + 'a,
        rows: impl Fn(&T) -> Vec<R> + Send + Sync + 'a,
    ) -> MadeSheet<'a> {
        let ends = items
            .iter()
            .scan(0, |end, t| {
                *end += count(t);
                Some(*end)
            })
            .collect();
        MadeSheet {
            name: name.to_string(),
            columns: R::columns(),
            total: false,
            ends,
            make: Box::new(move |i| {
                let made: Vec<Vec<Val>> =
                    rows(&items[i]).into_iter().map(Row::into_values).collect();
                debug_assert_eq!(
                    made.len(),
                    count(&items[i]),
                    "rows and count of an item differ"
                );
                made
            }),
        }
    }

    /// A table of one row per item (a card, a finding).
    pub fn of<T: Send + Sync + 'a, R: Row>(
        name: &str,
        items: Vec<T>,
        row: impl Fn(&T) -> R + Send + Sync + 'a,
    ) -> MadeSheet<'a> {
        MadeSheet::new(name, items, |_| 1, move |t| vec![row(t)])
    }

    pub fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// The table ends with a `合计` row (see [`Sheet::with_total`]).
    pub fn with_total(mut self) -> Self {
        self.total = true;
        self
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows in `range`, made now on the calling thread.
    pub fn rows(&self, range: std::ops::Range<usize>) -> Vec<Vec<Val>> {
        let mut out = Vec::with_capacity(range.len());
        let mut i = self.ends.partition_point(|&e| e <= range.start);
        while out.len() < range.len() && i < self.ends.len() {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            // Exactly the rows `count` promised, so that no row moves to another's place.
            let mut made = (self.make)(i);
            made.resize_with(self.ends[i] - start, || {
                vec![Val::Empty; self.columns.len()]
            });
            let want = range.len() - out.len();
            out.extend(
                made.into_iter()
                    .skip(range.start.saturating_sub(start))
                    .take(want),
            );
            i += 1;
        }
        out
    }

    /// The whole table, held.
    pub fn into_sheet(self) -> Sheet {
        Sheet {
            rows: self.rows(0..self.len()),
            name: self.name,
            columns: self.columns,
            total: self.total,
        }
    }
}

/// A table handed to a writer: held (owned or lent), or made as it is written.
pub enum Table<'a> {
    Held(std::borrow::Cow<'a, Sheet>),
    Made(MadeSheet<'a>),
}

impl Table<'_> {
    pub fn name(&self) -> &str {
        match self {
            Table::Held(s) => &s.name,
            Table::Made(m) => &m.name,
        }
    }

    pub fn columns(&self) -> &[Column] {
        match self {
            Table::Held(s) => &s.columns,
            Table::Made(m) => &m.columns,
        }
    }

    pub fn len(&self) -> usize {
        match self {
            Table::Held(s) => s.rows.len(),
            Table::Made(m) => m.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Ends with a total row.
    pub fn total(&self) -> bool {
        match self {
            Table::Held(s) => s.total,
            Table::Made(m) => m.total,
        }
    }

    /// The rows in `range`: lent when held, made when not.
    pub fn rows(&self, range: std::ops::Range<usize>) -> std::borrow::Cow<'_, [Vec<Val>]> {
        match self {
            Table::Held(s) => std::borrow::Cow::Borrowed(&s.rows[range]),
            Table::Made(m) => std::borrow::Cow::Owned(m.rows(range)),
        }
    }

    /// The whole table, held.
    pub fn into_sheet(self) -> Sheet {
        match self {
            Table::Held(s) => s.into_owned(),
            Table::Made(m) => m.into_sheet(),
        }
    }
}

impl From<Sheet> for Table<'_> {
    fn from(s: Sheet) -> Self {
        Table::Held(std::borrow::Cow::Owned(s))
    }
}

impl<'a> From<&'a Sheet> for Table<'a> {
    fn from(s: &'a Sheet) -> Self {
        Table::Held(std::borrow::Cow::Borrowed(s))
    }
}

impl<'a> From<MadeSheet<'a>> for Table<'a> {
    fn from(m: MadeSheet<'a>) -> Self {
        Table::Made(m)
    }
}
