//! The reader: files → workbooks → grids → cards, by labels, never coordinates (FORMS §3).

pub mod extract;
pub mod formula;
pub mod grid;
pub mod value;
pub mod workbook;
pub mod xls_guard;

/// Label normalisation lives below the reader (the form descriptions use it too).
pub use crate::label;
