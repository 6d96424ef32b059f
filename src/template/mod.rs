//! Templates: the workbooks the bureau sends its units, one per unit, pre-filled with what the
//! bureau already knows, laid out from the same form description that reads them back.
//!
//! A template holds a `填报说明` sheet (what to fill, the rules that will be checked, deadline and
//! contact), one card sheet per project in the national layout (FORMS §4), and a very hidden
//! `_jixiao` sheet with the metadata `validate` uses (see [`meta`]). Pre-filled cells are locked,
//! input cells unlocked and shaded, the sheets protected; every input carries a data validation
//! with an input message; computed cells are formulas with their results cached.

mod guide;
mod layout;
pub mod names;
pub mod sources;
mod style;

use crate::config::Config;
use crate::forms::FormKind;
use crate::money::Money;
use anyhow::{Context, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet};

/// The metadata format is a model-level module (`crate::meta`) that the checks read too.
pub use crate::meta;
pub use crate::meta::{CardMeta, Declared, TemplateMeta, prefill_hash, read_meta};

/// The version of the template layout, recorded in the metadata. Raised whenever a card's
/// layout changes in a way `validate` must know about.
pub const VERSION: u32 = 1;

pub use crate::meta::GUIDE_SHEET;
/// The sheet of the unit-wide card.
pub const OVERALL_SHEET: &str = "部门整体";

/// What a run of `jixiao template` is writing.
#[derive(Clone, Debug)]
pub struct Options {
    pub kind: FormKind,
    pub year: i32,
    /// The N of `1-N月` (monitoring).
    pub month: Option<u32>,
    pub deadline: Option<String>,
    pub contact: Option<String>,
    /// Sheet protection password; none by default (units can still unprotect, the point is to
    /// keep them from overwriting pre-filled cells by accident).
    pub password: Option<String>,
    /// The thresholds the returned forms are checked against, quoted in the instructions.
    pub rules: Config,
}

impl Options {
    /// The period a template is for: `2024年度`, or `2024年1-7月` for monitoring.
    pub fn period(&self) -> String {
        match (self.kind, self.month) {
            (FormKind::Monitor, Some(m)) => format!("{}年1-{m}月", self.year),
            _ => format!("{}年度", self.year),
        }
    }

    /// `2024年度项目支出绩效目标申报表`: the stage part of file names and titles.
    pub fn stage_title(&self) -> String {
        format!("{}{}", self.period(), self.kind.name())
    }
}

/// What the bureau knows of one card before the unit fills it.
#[derive(Clone, Debug, Default)]
pub struct Prefill {
    pub project_code: String,
    pub project_name: String,
    pub department: String,
    pub unit_name: String,
    /// 新增 / 延续, offered as the default of the (editable) 项目属性.
    pub attribute: String,
    pub total: Option<Money>,
    pub fiscal: Option<Money>,
    pub carryover: Option<Money>,
    pub other: Option<Money>,
    /// The declared 年度目标 (monitoring, self-evaluation).
    pub goal: String,
    pub indicators: Vec<Declared>,
    /// Self-evaluation: what monitoring reported for the project, shown as a note.
    pub reference: Option<String>,
    /// A blank card for a project not yet listed.
    pub spare: bool,
    /// The card's own kind when it differs from the run's: the unit-wide card that opens every
    /// target-stage workbook.
    pub kind: Option<FormKind>,
}

impl Prefill {
    /// The unit-wide card of a unit (部门（单位）整体支出绩效目标申报表).
    pub fn overall(unit_name: &str, department: &str) -> Prefill {
        Prefill {
            unit_name: unit_name.to_string(),
            department: department.to_string(),
            kind: Some(FormKind::Overall),
            ..Prefill::default()
        }
    }

    pub fn kind(&self, opts: &Options) -> FormKind {
        self.kind.unwrap_or(opts.kind)
    }
}

impl Prefill {
    /// A blank card of a unit.
    pub fn spare(unit_name: &str, department: &str) -> Prefill {
        Prefill {
            unit_name: unit_name.to_string(),
            department: department.to_string(),
            spare: true,
            ..Prefill::default()
        }
    }
}

/// One unit's workbook: who it is for and its cards.
#[derive(Clone, Debug)]
pub struct UnitForms {
    pub code: String,
    pub name: String,
    pub department: String,
    pub cards: Vec<Prefill>,
}

impl UnitForms {
    /// The workbook's file name, `<单位编码>_<单位名称>_<年度><表名>.xlsx`, safe on every system.
    pub fn file_name(&self, opts: &Options) -> String {
        names::workbook_file_name(&self.code, &self.name, &opts.stage_title())
    }
}

/// Builds one unit's template workbook.
///
/// # Errors
///
/// A name or text Excel refuses (none is expected: names are made valid first).
pub fn build(unit: &UnitForms, opts: &Options) -> Result<Workbook> {
    let styles = style::Styles::default();
    let mut book = Workbook::new();
    // Deflate level 1 of 9: against level 3, a seventh less time per workbook for files a
    // fifth larger (the sample district's target templates: 32 → 39 KB each).
    book.set_zip_compression_level(1);
    // A date derived from the year, not the clock: the same inputs give the same bytes.
    let created = ExcelDateTime::from_ymd(opts.year.clamp(1900, 9999) as u16, 1, 1)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(opts.stage_title())
            .set_subject(format!("{} {}", unit.code, unit.name))
            .set_author("jixiao")
            .set_comment(format!("jixiao 模板 v{VERSION}"))
            .set_creation_datetime(&created),
    );
    let mut sheet_names = names::SheetNames::default();
    sheet_names.reserve(GUIDE_SHEET);
    sheet_names.reserve(meta::META_SHEET);
    let mut cards = Vec::new();
    let mut sheets = Vec::new();
    let mut spare_no = 0;
    for p in &unit.cards {
        let wanted = if p.spare {
            spare_no += 1;
            format!("备用{spare_no}")
        } else if p.kind(opts) == FormKind::Overall {
            OVERALL_SHEET.to_string()
        } else if !p.project_name.is_empty() {
            p.project_name.clone()
        } else if !p.project_code.is_empty() {
            p.project_code.clone()
        } else {
            opts.kind.name().to_string()
        };
        let name = sheet_names.take(&wanted);
        let (ws, card) = layout::card_sheet(&name, p, unit, opts, &styles)
            .with_context(|| format!("生成工作表“{name}”失败"))?;
        sheets.push(ws);
        cards.push(card);
    }
    let tm = TemplateMeta {
        kind: opts.kind,
        version: VERSION,
        year: opts.year,
        month: opts.month.filter(|_| opts.kind == FormKind::Monitor),
        unit_code: unit.code.clone(),
        unit_name: unit.name.clone(),
        cards,
    };
    let mut guide = guide::sheet(unit, &tm, opts, &styles)?;
    guide.set_active(true);
    book.push_worksheet(guide);
    for ws in sheets {
        book.push_worksheet(ws);
    }
    let mut hidden = Worksheet::new();
    hidden.set_name(meta::META_SHEET)?;
    meta::write_sheet(&mut hidden, &tm)?;
    layout::write_lists(&mut hidden, &mut book)?;
    hidden.set_very_hidden(true);
    protect(&mut hidden, opts);
    book.push_worksheet(hidden);
    Ok(book)
}

/// Builds and serialises one unit's template.
pub fn to_bytes(unit: &UnitForms, opts: &Options) -> Result<Vec<u8>> {
    build(unit, opts)?
        .save_to_buffer()
        .context("生成工作簿失败")
}

/// Sheet protection: pre-filled cells stay as the bureau wrote them; units may still resize
/// rows and columns and insert indicator rows.
pub(crate) fn protect(ws: &mut Worksheet, opts: &Options) {
    let options = rust_xlsxwriter::ProtectionOptions {
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        ..Default::default()
    };
    if let Some(p) = opts.password.as_deref().filter(|p| !p.is_empty()) {
        ws.protect_with_password(p);
    }
    ws.protect_with_options(&options);
}
