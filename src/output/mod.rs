//! Rendering: rows are structs rendered once, to the terminal, JSON, CSV or a workbook, so a
//! column cannot drift from its header.

pub mod feedback;
pub mod terminal;
pub mod xlsx;

pub use crate::table::{ColKind, Column, Row, Sheet, Val};

/// `--format` of every command that prints data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}
