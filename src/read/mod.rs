//! The reader: files → workbooks → grids → cards, by labels, never coordinates (FORMS §3).

pub mod extract;
pub mod formula;
pub mod grid;
pub mod label;
pub mod value;
pub mod workbook;
