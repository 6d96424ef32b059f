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
    pub fn display(&self, kind: ColKind) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Money(m) => m.to_string(),
            Val::Int(i) => i.to_string(),
            Val::Num(n) if kind == ColKind::Percent => format!("{:.1}%", n * 100.0),
            Val::Num(n) => format!("{:.2}", n),
            Val::Empty => String::new(),
        }
    }
}

pub trait ToVal {
    fn to_val(&self) -> Val;
}

impl ToVal for String {
    fn to_val(&self) -> Val {
        if self.is_empty() {
            Val::Empty
        } else {
            Val::Text(self.clone())
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

/// A struct that is one row of an output table.
pub trait Row {
    const COLUMNS: &'static [Column];
    fn values(&self) -> Vec<Val>;
}

/// Declares a row struct and its columns in one place: field, header, kind.
#[macro_export]
macro_rules! table_row {
    ($(#[$m:meta])* pub struct $name:ident { $($field:ident : $ty:ty => $col:literal as $kind:ident),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Debug, serde::Serialize)]
        pub struct $name { $(#[serde(rename = $col)] pub $field: $ty),* }

        impl $crate::output::table::Row for $name {
            const COLUMNS: &'static [$crate::output::table::Column] =
                &[$($crate::output::table::Column { name: $col, kind: $crate::output::table::ColKind::$kind }),*];
            fn values(&self) -> Vec<$crate::output::table::Val> {
                use $crate::output::table::ToVal;
                vec![$(self.$field.to_val()),*]
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
}

impl Sheet {
    pub fn of<R: Row>(name: &str, rows: &[R]) -> Sheet {
        Sheet {
            name: name.to_string(),
            columns: R::COLUMNS.to_vec(),
            rows: rows.iter().map(Row::values).collect(),
        }
    }
}
