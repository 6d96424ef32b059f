//! One card sheet, laid out from the form description that also reads it (FORMS §4): every
//! label is a `labels[0]` of the `FormSpec`, a header field's value stands in the next cell to
//! the right, a table's header row holds exactly its column labels (a grouped header on the row
//! above its sub-columns), a money block is a matrix whose header row holds the column labels
//! and whose rows start with the row labels.

use super::meta::{CardMeta, Key, META_SHEET, money_text, prefill_hash};
use super::style::Styles;
use super::{Declared, Options, Prefill, UnitForms, protect};
use crate::cellref::CellRef;
use crate::forms::self_eval::{COMPLETION_GRADES, EXECUTION_POINTS};
use crate::forms::target::{ATTRIBUTES, GOAL_CAPTION, MONEY_CAPTION};
use crate::forms::taxonomy::{Level1, Level2};
use crate::forms::{
    Col, ColumnSpec, FOOTER_LABELS, Field, FormKind, GOAL_BLOCK, Input, MoneyBlockSpec, TICKS,
    Table, TableSpec, ValueType,
};
use crate::money::Money;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, Formula, Note, Workbook,
    Worksheet, XlsxError,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

type R<T> = Result<T, XlsxError>;

/// Columns the national layout does not have: the Sichuan self-evaluation variant's 指标性质 and
/// 度量单位 (FORMS §4.4). The reader accepts them; templates leave them out.
const OMITTED: &[Col] = &[Col::Nature, Col::MeasureUnit];
/// Indicator rows per level-2 category of a card without declared indicators.
const ROWS_PER_CATEGORY: usize = 3;
/// Blank rows after the declared indicators of a monitoring or self-evaluation card.
const EXTRA_ROWS: usize = 3;
/// Task rows of a unit-wide card.
const TASK_ROWS: usize = 8;
/// Where the dropdown lists stand on the metadata sheet (column K onwards).
const LIST_COL: u16 = 10;

/// A rectangle of cells, merged when larger than one cell: rows r1..=r2, columns c1..=c2.
#[derive(Clone, Copy)]
struct Sp(u32, u16, u32, u16);

impl Sp {
    fn row(r: u32, c1: u16, c2: u16) -> Sp {
        Sp(r, c1, r, c2)
    }

    fn top_left(self) -> CellRef {
        CellRef::new(self.0, self.1 as u32)
    }
}

enum Content {
    Blank,
    Text(String),
    Number(f64),
    /// A formula and its cached result.
    Formula(String, String),
}

/// How an input is validated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Rule {
    /// Any value; the validation only carries the input message.
    Any,
    Level1,
    /// A level-2 name, listed by the level-1 in the same row (INDIRECT over named ranges).
    Level2,
    Attribute,
    /// A non-negative decimal (万元).
    Money,
    /// A decimal between 0 and 100.
    Score,
    Tick,
    /// The qualitative completion values, offered; `strict` where the declared value is
    /// qualitative, a mere suggestion where it may be a number.
    Completion {
        strict: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Check {
    rule: Rule,
    title: String,
    message: String,
}

/// What the template already knows of a cell.
enum Pre {
    None,
    Text(String),
    Money(Money),
    /// A suggestion in an input cell (项目属性 from the budget list).
    Default(String),
}

impl Pre {
    fn text(s: &str) -> Pre {
        if s.trim().is_empty() {
            Pre::None
        } else {
            Pre::Text(s.trim().to_string())
        }
    }

    fn money(m: Option<Money>) -> Pre {
        m.map(Pre::Money).unwrap_or(Pre::None)
    }
}

/// An indicator row to print.
struct IndRow {
    level1: String,
    level2: String,
    declared: Option<Declared>,
}

struct CardSheet<'a> {
    ws: Worksheet,
    st: &'a Styles,
    kind: FormKind,
    month: Option<u32>,
    /// Width of the card in columns (the indicator table's printed columns).
    n: u16,
    row: u32,
    level1_col: u16,
    /// A 三级指标 name of this many characters or more is flagged (config `long_name`).
    long_name: usize,
    checks: BTreeMap<Check, Vec<CellRef>>,
    inputs: Vec<CellRef>,
    prefilled: Vec<(Key, String)>,
    /// Where the money block's cells stand (top-left of each), for formulas below it.
    block: BTreeMap<(Field, Col), CellRef>,
    /// The look of single cells written without it, given at the end in rectangles
    /// ([`CardSheet::give_formats`]).
    formats: FxHashMap<(u32, u16), &'a Format>,
    /// Every cell written, and the formats the sheet has used (by address: all are `st`'s).
    taken: FxHashSet<(u32, u16)>,
    used: FxHashSet<*const Format>,
}

/// Writes the card sheet `name` for one project (or, for a unit-wide card, the unit).
pub(crate) fn card_sheet(
    name: &str,
    p: &Prefill,
    unit: &UnitForms,
    opts: &Options,
    st: &Styles,
) -> R<(Worksheet, CardMeta)> {
    let kind = p.kind(opts);
    let spec = kind.spec();
    let Some(table) = spec.table(Table::Indicators) else {
        return Err(XlsxError::ParameterError(format!(
            "{} 没有绩效指标表",
            spec.title
        )));
    };
    let cols: Vec<&ColumnSpec> = table
        .columns
        .iter()
        .filter(|c| !OMITTED.contains(&c.col))
        .collect();
    let mut s = CardSheet {
        ws: Worksheet::new(),
        st,
        kind,
        month: opts.month,
        n: cols.len() as u16,
        row: 0,
        level1_col: 0,
        long_name: opts.rules.long_name,
        checks: BTreeMap::new(),
        inputs: Vec::new(),
        prefilled: Vec::new(),
        block: BTreeMap::new(),
        formats: FxHashMap::default(),
        taken: FxHashSet::default(),
        used: FxHashSet::default(),
    };
    s.ws.set_name(name)?;
    // An empty cached result reads as empty (the default would be 0, a wrong 执行率 of 0%).
    s.ws.set_formula_result_default("");
    // A column serves every table of the card (a unit-wide card's tasks and indicators): it is
    // as wide as its widest use.
    for (i, c) in cols.iter().enumerate() {
        let w = spec
            .tables
            .iter()
            .filter_map(|t| {
                t.columns
                    .iter()
                    .filter(|c| !OMITTED.contains(&c.col))
                    .nth(i)
            })
            .map(|c| column_width(kind, c.col))
            .fold(column_width(kind, c.col), f64::max);
        s.ws.set_column_width(i as u16, if i == 0 { w.max(12.0) } else { w })?;
    }
    s.title(spec.title, &opts.period())?;
    let unit_name = if p.unit_name.is_empty() {
        &unit.name
    } else {
        &p.unit_name
    };
    let (name_pre, code_pre) = if p.spare {
        (Pre::None, Pre::None)
    } else {
        (Pre::text(&p.project_name), Pre::text(&p.project_code))
    };
    match kind {
        FormKind::Overall | FormKind::OverallSelfEval => {
            s.wide_field(Field::UnitName, Pre::text(unit_name), 24.0)?;
            if let Some(tasks) = spec.table(Table::Tasks) {
                s.tasks(tasks)?;
            }
            s.wide_field(Field::AnnualGoal, Pre::None, 60.0)?;
        }
        FormKind::Target | FormKind::Monitor | FormKind::SelfEval => {
            s.pairs(vec![
                (Field::ProjectName, name_pre, Field::ProjectCode, code_pre),
                (
                    Field::Department,
                    Pre::text(&p.department),
                    Field::Unit,
                    Pre::text(unit_name),
                ),
            ])?;
            match spec.money {
                // Targets: the amounts as header fields, then the goals.
                None => {
                    s.target_money(p)?;
                    s.target_goals()?;
                }
                Some(m) => {
                    s.money_matrix(m, p)?;
                    s.goal_block(p)?;
                }
            }
        }
    }
    let plan = rows_plan(kind, p);
    let (first, last) = s.indicators(table, &cols, &plan)?;
    if kind == FormKind::SelfEval {
        s.total_row(table, &cols, first, last)?;
        s.wide_field(Field::Conclusion, Pre::None, 48.0)?;
    }
    s.footer()?;
    s.give_formats()?;
    let declared: Vec<Declared> = plan.into_iter().filter_map(|r| r.declared).collect();
    let CardSheet {
        mut ws,
        checks,
        inputs,
        prefilled,
        row,
        n,
        level1_col,
        ..
    } = s;
    for (check, cells) in &checks {
        add_validation(&mut ws, check, cells, level1_col)?;
    }
    print_setup(&mut ws, row.saturating_sub(1), n - 1)?;
    protect(&mut ws, opts);
    let hash = prefill_hash(kind, opts.year, &unit.code, &prefilled, &declared);
    let meta = CardMeta {
        sheet: name.to_string(),
        project_code: if p.spare {
            String::new()
        } else {
            p.project_code.clone()
        },
        project_name: if p.spare {
            String::new()
        } else {
            p.project_name.clone()
        },
        spare: p.spare,
        kind,
        prefilled,
        indicators: declared,
        inputs,
        hash,
    };
    Ok((ws, meta))
}

/// Column widths in Excel character units (CJK counts two), by what a column holds.
fn column_width(kind: FormKind, col: Col) -> f64 {
    match col {
        Col::Level1 => 11.0,
        Col::Level2 => 18.0,
        Col::TaskName => 16.0,
        Col::TaskContent => 30.0,
        Col::TaskTotal | Col::TaskFiscal | Col::TaskOther => 12.0,
        Col::Level3 => 24.0,
        Col::TargetValue => 16.0,
        Col::Explanation => 26.0,
        Col::Actual if kind == FormKind::SelfEval => 18.0,
        Col::Actual | Col::Forecast => 12.0,
        Col::ReasonText if kind == FormKind::SelfEval => 28.0,
        Col::ReasonText => 22.0,
        Col::ReasonFunding
        | Col::ReasonSystem
        | Col::ReasonStaff
        | Col::ReasonHardware
        | Col::ReasonOther
        | Col::LikelySure
        | Col::LikelyMaybe
        | Col::LikelyNo => 7.0,
        Col::Weight | Col::Score => 9.0,
        Col::Remark => 10.0,
        _ => 14.0,
    }
}

/// The indicator rows of a card: for every level-2 category of the taxonomy, its declared
/// indicators (monitoring, self-evaluation) and blank rows with the level names printed, at
/// least three rows a category; declared indicators outside the taxonomy come last, with a few
/// blank rows.
fn rows_plan(kind: FormKind, p: &Prefill) -> Vec<IndRow> {
    let carries = matches!(kind, FormKind::Monitor | FormKind::SelfEval);
    let declared: &[Declared] = if carries { &p.indicators } else { &[] };
    let category = |d: &Declared| (Level1::parse(&d.level1), Level2::parse(&d.level2));
    let blank = |l1: Level1, l2: Level2| IndRow {
        level1: l1.name().to_string(),
        level2: l2.name().to_string(),
        declared: None,
    };
    let mut rows = Vec::new();
    let mut placed = vec![false; declared.len()];
    for &l1 in Level1::PROJECT {
        for &l2 in Level2::children(l1) {
            let mut n = 0;
            for (i, d) in declared.iter().enumerate() {
                if category(d) == (Some(l1), Some(l2)) {
                    placed[i] = true;
                    n += 1;
                    rows.push(IndRow {
                        level1: l1.name().to_string(),
                        level2: l2.name().to_string(),
                        declared: Some(Declared {
                            level1: l1.name().to_string(),
                            level2: l2.name().to_string(),
                            ..d.clone()
                        }),
                    });
                }
            }
            rows.extend((n..ROWS_PER_CATEGORY).map(|_| blank(l1, l2)));
        }
    }
    let others: Vec<&Declared> = declared
        .iter()
        .zip(&placed)
        .filter(|(_, p)| !**p)
        .map(|(d, _)| d)
        .collect();
    if !others.is_empty() {
        for d in others {
            rows.push(IndRow {
                level1: d.level1.clone(),
                level2: d.level2.clone(),
                declared: Some(d.clone()),
            });
        }
        rows.extend((0..EXTRA_ROWS).map(|_| IndRow {
            level1: String::new(),
            level2: String::new(),
            declared: None,
        }));
    }
    rows
}

impl<'a> CardSheet<'a> {
    /// Writes a cell, or a merged rectangle of them, in the format `f`.
    ///
    /// Looking a format up hashes all of it (a fifth of a template's time went there, for the
    /// same few formats over and over): a single cell in a format the sheet has used already is
    /// written without one, and given it at the end with the other cells of its format, a
    /// rectangle at a time. The first cell in each format is written with it, so the formats are
    /// numbered in the order the sheet first uses them, as when every cell carried its own.
    fn put(&mut self, sp: Sp, v: Content, f: &'a Format) -> R<()> {
        let Sp(r1, c1, r2, c2) = sp;
        let merged = r1 != r2 || c1 != c2;
        if !merged {
            let key = (r1, c1);
            let again = !self.taken.insert(key);
            if self.used.contains(&std::ptr::from_ref(f)) && !(again && matches!(v, Content::Blank))
            {
                match v {
                    Content::Blank => {}
                    Content::Text(t) => {
                        self.ws.write_string(r1, c1, t)?;
                    }
                    Content::Number(x) => {
                        self.ws.write_number(r1, c1, x)?;
                    }
                    Content::Formula(fx, cached) => {
                        self.ws
                            .write_formula(r1, c1, Formula::new(fx).set_result(cached))?;
                    }
                }
                self.formats.insert(key, f);
                return Ok(());
            }
            self.formats.remove(&key);
        } else {
            for r in r1..=r2 {
                for c in c1..=c2 {
                    self.formats.remove(&(r, c));
                    self.taken.insert((r, c));
                }
            }
        }
        self.used.insert(std::ptr::from_ref(f));
        if merged {
            let text = match &v {
                Content::Text(t) => t.as_str(),
                _ => "",
            };
            self.ws.merge_range(r1, c1, r2, c2, text, f)?;
            if matches!(v, Content::Text(_) | Content::Blank) {
                return Ok(());
            }
        }
        match v {
            Content::Blank => self.ws.write_blank(r1, c1, f)?,
            Content::Text(t) => self.ws.write_string_with_format(r1, c1, t, f)?,
            Content::Number(x) => self.ws.write_number_with_format(r1, c1, x, f)?,
            Content::Formula(fx, cached) => {
                self.ws
                    .write_formula_with_format(r1, c1, Formula::new(fx).set_result(cached), f)?
            }
        };
        Ok(())
    }

    /// Gives the cells written without their format ([`CardSheet::put`]) their format: runs of
    /// a row in one format, and runs spanning the same columns on consecutive rows, joined into
    /// one rectangle each.
    fn give_formats(&mut self) -> R<()> {
        // Runs along each row in one format: by format (its address), row, column.
        let mut cells: Vec<(usize, u32, u16, &'a Format)> = self
            .formats
            .drain()
            .map(|((r, c), f)| (std::ptr::from_ref(f).addr(), r, c, f))
            .collect();
        cells.sort_unstable_by_key(|&(a, r, c, _)| (a, r, c));
        let mut runs: Vec<(usize, u16, u16, u32, &'a Format)> = Vec::new();
        for (a, r, c, f) in cells {
            match runs.last_mut() {
                Some((la, _, last, lr, _)) if *la == a && *lr == r && *last + 1 == c => *last = c,
                _ => runs.push((a, c, c, r, f)),
            }
        }
        // Rectangles: the same run on consecutive rows.
        runs.sort_unstable_by_key(|&(a, c1, c2, r, _)| (a, c1, c2, r));
        let mut i = 0;
        while i < runs.len() {
            let (a, c1, c2, top, f) = runs[i];
            let mut bottom = top;
            while runs
                .get(i + 1)
                .is_some_and(|&(na, n1, n2, nr, _)| (na, n1, n2, nr) == (a, c1, c2, bottom + 1))
            {
                bottom += 1;
                i += 1;
            }
            self.ws.set_range_format(top, c1, bottom, c2, f)?;
            i += 1;
        }
        Ok(())
    }

    /// A label as printed: `1-N月` with the real month.
    fn text_of(&self, label: &str) -> String {
        match self.month {
            Some(m) => label.replace("1-N月", &format!("1-{m}月")),
            None => label.to_string(),
        }
    }

    fn label(&mut self, sp: Sp, text: &str) -> R<()> {
        let t = self.text_of(text);
        let st = self.st;
        self.put(sp, Content::Text(t), &st.label)
    }

    fn caption(&mut self, text: &str) -> R<()> {
        let (r, st) = (self.row, self.st);
        self.put(
            Sp::row(r, 0, self.n - 1),
            Content::Text(text.into()),
            &st.caption,
        )?;
        self.ws.set_row_height(r, 22)?;
        self.row += 1;
        Ok(())
    }

    fn fixed(&mut self, sp: Sp, v: Content, f: &'a Format, key: Option<(Key, String)>) -> R<()> {
        self.put(sp, v, f)?;
        self.prefilled.extend(key);
        Ok(())
    }

    fn input(&mut self, sp: Sp, v: Content, f: &'a Format, check: Option<&Check>) -> R<()> {
        if matches!(v, Content::Blank) {
            self.inputs.push(sp.top_left());
        }
        if let Some(c) = check {
            match self.checks.get_mut(c) {
                Some(cells) => cells.push(sp.top_left()),
                None => {
                    self.checks.insert(c.clone(), vec![sp.top_left()]);
                }
            }
        }
        self.put(sp, v, f)
    }

    fn title(&mut self, title: &str, period: &str) -> R<()> {
        let (t, s) = (&self.st.title, &self.st.subtitle);
        self.put(Sp::row(0, 0, self.n - 1), Content::Text(title.into()), t)?;
        self.put(
            Sp::row(1, 0, self.n - 1),
            Content::Text(format!("（{period}）")),
            s,
        )?;
        self.ws.set_row_height(0, 32)?;
        self.ws.set_row_height(1, 20)?;
        self.row = 2;
        Ok(())
    }

    /// The label a header field prints: its first label (`其中：` before a money part).
    fn field_label(&self, field: Field) -> String {
        let l = self.kind.spec().label(field);
        if field == Field::Fiscal {
            format!("其中：{l}")
        } else {
            l.to_string()
        }
    }

    /// A header field's value cell: pre-filled and locked when known, else an input.
    fn field_value(&mut self, field: Field, sp: Sp, pre: Pre) -> R<()> {
        let ty = self
            .kind
            .spec()
            .field(field)
            .map(|f| f.ty)
            .unwrap_or(ValueType::Text);
        let st = self.st;
        match pre {
            Pre::Text(t) => {
                let f = match ty {
                    ValueType::Code => &st.fixed_code,
                    ValueType::LongText => &st.fixed_long,
                    _ => &st.fixed,
                };
                let key = (Key::Field(field), t.clone());
                self.fixed(sp, Content::Text(t), f, Some(key))
            }
            Pre::Money(m) => {
                let key = (Key::Field(field), money_text(m));
                self.fixed(sp, Content::Number(m.to_f64()), &st.fixed_money, Some(key))
            }
            Pre::None | Pre::Default(_) => {
                let v = match pre {
                    Pre::Default(t) => Content::Text(t),
                    _ => Content::Blank,
                };
                let f = match ty {
                    ValueType::Code => &st.input_code,
                    ValueType::Money => &st.input_money,
                    ValueType::LongText => &st.input_long,
                    _ => &st.input,
                };
                let check = self.field_check(field, ty);
                self.input(sp, v, f, check.as_ref())
            }
        }
    }

    fn field_check(&self, field: Field, ty: ValueType) -> Option<Check> {
        let title = self.text_of(self.kind.spec().label(field));
        let (rule, message) = match ty {
            ValueType::Money => (Rule::Money, MONEY_HELP.to_string()),
            ValueType::Choice(_) => (
                Rule::Attribute,
                "从下拉列表选择：新增项目选“新增”，以前年度已有的项目选“延续”。".to_string(),
            ),
            _ => (Rule::Any, field_help(self.kind, field)?.to_string()),
        };
        Some(Check {
            rule,
            title,
            message,
        })
    }

    /// Rows of two header fields each: label, value, label, value.
    fn pairs(&mut self, rows: Vec<(Field, Pre, Field, Pre)>) -> R<()> {
        let n = self.n;
        let m = n.div_ceil(2);
        let l2 = if n >= 12 { 2 } else { 1 };
        for (f1, p1, f2, p2) in rows {
            let r = self.row;
            self.label(Sp::row(r, 0, 0), &self.field_label(f1))?;
            self.field_value(f1, Sp::row(r, 1, m - 1), p1)?;
            self.label(Sp::row(r, m, m + l2 - 1), &self.field_label(f2))?;
            self.field_value(f2, Sp::row(r, m + l2, n - 1), p2)?;
            self.ws.set_row_height(r, 24)?;
            self.row += 1;
        }
        Ok(())
    }

    /// A field over the whole width: label, then one long value cell.
    fn wide_field(&mut self, field: Field, pre: Pre, height: f64) -> R<()> {
        let r = self.row;
        self.label(Sp::row(r, 0, 0), &self.field_label(field))?;
        self.field_value(field, Sp::row(r, 1, self.n - 1), pre)?;
        self.ws.set_row_height(r, height)?;
        self.row += 1;
        Ok(())
    }

    /// The target card's money: 年度资金总额 and its parts in one column, values to the right;
    /// 项目属性, 项目期限 and 中期资金总额 beside them.
    fn target_money(&mut self, p: &Prefill) -> R<()> {
        let r = self.row;
        let n = self.n;
        let caption = &self.st.label;
        self.put(
            Sp(r, 0, r + 3, 0),
            Content::Text(MONEY_CAPTION.into()),
            caption,
        )?;
        let total = if p.spare { None } else { p.total };
        let rows = [
            (Field::Total, Pre::money(total)),
            (Field::Fiscal, Pre::money(p.fiscal)),
            (Field::Carryover, Pre::money(p.carryover)),
            (Field::Other, Pre::money(p.other)),
        ];
        for (i, (field, pre)) in rows.into_iter().enumerate() {
            let ri = r + i as u32;
            self.label(Sp::row(ri, 1, 1), &self.field_label(field))?;
            self.field_value(field, Sp::row(ri, 2, 2), pre)?;
            self.ws.set_row_height(ri, 22)?;
        }
        let attribute = if ATTRIBUTES.contains(&p.attribute.trim()) {
            Pre::Default(p.attribute.trim().to_string())
        } else {
            Pre::None
        };
        let side = [
            (Field::Attribute, attribute),
            (Field::Period, Pre::None),
            (Field::MidTotal, Pre::None),
        ];
        for (i, (field, pre)) in side.into_iter().enumerate() {
            let ri = r + i as u32;
            self.label(Sp::row(ri, 3, 3), &self.field_label(field))?;
            self.field_value(field, Sp::row(ri, 4, n - 1), pre)?;
        }
        let filler = &self.st.label;
        self.put(Sp::row(r + 3, 3, n - 1), Content::Blank, filler)?;
        self.row = r + 4;
        Ok(())
    }

    /// The target card's goals: 年度目标 and 中期目标 under the caption 总体目标.
    fn target_goals(&mut self) -> R<()> {
        let r = self.row;
        let caption = &self.st.label;
        self.put(
            Sp(r, 0, r + 1, 0),
            Content::Text(GOAL_CAPTION.into()),
            caption,
        )?;
        for (i, (field, height)) in [(Field::AnnualGoal, 56.0), (Field::MidGoal, 36.0)]
            .into_iter()
            .enumerate()
        {
            let ri = r + i as u32;
            self.label(Sp::row(ri, 1, 1), &self.field_label(field))?;
            self.field_value(field, Sp::row(ri, 2, self.n - 1), Pre::None)?;
            self.ws.set_row_height(ri, height)?;
        }
        self.row = r + 2;
        Ok(())
    }

    /// The money matrix of monitoring and self-evaluation cards.
    fn money_matrix(&mut self, m: &MoneyBlockSpec, p: &Prefill) -> R<()> {
        let n = self.n;
        let label_end: u16 = if n >= 12 { 1 } else { 0 };
        self.caption(m.caption)?;
        let h = self.row;
        let spans = distribute(label_end + 1, n - 1, m.columns.len());
        let lf = &self.st.label;
        self.put(Sp::row(h, 0, label_end), Content::Blank, lf)?;
        for (c, &(a, b)) in m.columns.iter().zip(&spans) {
            self.label(Sp::row(h, a, b), c.labels[0])?;
        }
        self.ws.set_row_height(h, 30)?;
        let first = h + 1;
        let last = h + m.rows.len() as u32;
        let at = |col: Col| -> Option<u16> {
            m.columns
                .iter()
                .position(|c| c.col == col)
                .map(|i| spans[i].0)
        };
        let cell = |r: u32, col: Col| at(col).map(|c| CellRef::new(r, c as u32).to_string());
        let st = self.st;
        for (i, (field, labels)) in m.rows.iter().enumerate() {
            let r = first + i as u32;
            let label = if *field == Field::Fiscal {
                format!("其中：{}", labels[0])
            } else {
                labels[0].to_string()
            };
            self.label(Sp::row(r, 0, label_end), &label)?;
            self.ws.set_row_height(r, 22)?;
            for (c, &(a, b)) in m.columns.iter().zip(&spans) {
                let sp = Sp::row(r, a, b);
                self.block.insert((*field, c.col), sp.top_left());
                let whole = Sp(first, a, last, b);
                match (c.col, c.input) {
                    (Col::BudgetStart, _) => {
                        let pre = match field {
                            Field::Total => p.total,
                            Field::Fiscal => p.fiscal,
                            Field::Carryover => p.carryover,
                            Field::Other => p.other,
                            _ => None,
                        }
                        .filter(|_| !p.spare);
                        match pre {
                            Some(v) => {
                                let key = (Key::Block(*field, c.col), money_text(v));
                                self.fixed(
                                    sp,
                                    Content::Number(v.to_f64()),
                                    &st.fixed_money,
                                    Some(key),
                                )?
                            }
                            None => self.money_input(sp, c)?,
                        }
                    }
                    (_, Input::Money) => {
                        self.money_input(sp, c)?;
                        if c.col == Col::Executed
                            && *field == Field::Total
                            && let Some(note) = &p.reference
                        {
                            self.ws.insert_note(
                                r,
                                a,
                                &Note::new(note).set_author("jixiao").set_width(320),
                            )?;
                        }
                    }
                    (Col::ExecRate, _) => {
                        let executed = cell(r, Col::Executed).unwrap_or_default();
                        let formula = match (cell(r, Col::BudgetFull), cell(r, Col::BudgetStart)) {
                            // Monitoring: 1-N月执行数 ÷ (调整后预算数, else 年初预算数).
                            (Some(full), Some(start)) if self.kind == FormKind::Monitor => format!(
                                "IF(ISNUMBER({executed}),IF(N({full})>0,{executed}/{full},IF(N({start})>0,{executed}/{start},\"\")),\"\")"
                            ),
                            // Self-evaluation: 全年执行数 ÷ 全年预算数.
                            (Some(full), _) => format!(
                                "IF(AND(ISNUMBER({executed}),N({full})>0),{executed}/{full},\"\")"
                            ),
                            _ => String::new(),
                        };
                        let f = &st.formula_rate;
                        self.put(sp, Content::Formula(formula, String::new()), f)?;
                    }
                    // 分值, 得分 and 原因 of the execution rate: one cell over the block's rows.
                    (Col::Weight, _) if *field == Field::Total => {
                        self.put(
                            whole,
                            Content::Number(EXECUTION_POINTS as f64),
                            &st.fixed_score,
                        )?;
                    }
                    (Col::Score, _) if *field == Field::Total => {
                        let rate = cell(r, Col::ExecRate).unwrap_or_default();
                        let weight = cell(r, Col::Weight).unwrap_or_default();
                        self.put(
                            whole,
                            Content::Formula(
                                format!("IF(ISNUMBER({rate}),MIN({rate},1)*{weight},\"\")"),
                                String::new(),
                            ),
                            &st.formula_score,
                        )?;
                    }
                    (_, Input::LongText) if *field == Field::Total => {
                        let check = self.column_check(c, None);
                        self.input(whole, Content::Blank, &st.input_long, check.as_ref())?;
                    }
                    (Col::Weight | Col::Score, _) | (_, Input::LongText) => {}
                    _ => {
                        let check = self.column_check(c, None);
                        self.input(sp, Content::Blank, &st.input, check.as_ref())?;
                    }
                }
            }
        }
        self.row = last + 1;
        Ok(())
    }

    fn money_input(&mut self, sp: Sp, c: &ColumnSpec) -> R<()> {
        let check = self.column_check(c, None);
        let f = &self.st.input_money;
        self.input(sp, Content::Blank, f, check.as_ref())
    }

    /// 年度总体目标 of monitoring and self-evaluation: the declared goal beside its progress.
    fn goal_block(&mut self, p: &Prefill) -> R<()> {
        let r = self.row;
        let n = self.n;
        let half = n / 2 - 1;
        let lf = &self.st.label;
        self.put(Sp(r, 0, r + 1, 0), Content::Text(GOAL_BLOCK.into()), lf)?;
        self.label(Sp::row(r, 1, half), &self.field_label(Field::AnnualGoal))?;
        self.label(
            Sp::row(r, half + 1, n - 1),
            &self.field_label(Field::GoalProgress),
        )?;
        let goal = if p.spare {
            Pre::None
        } else {
            Pre::text(&p.goal)
        };
        self.field_value(Field::AnnualGoal, Sp::row(r + 1, 1, half), goal)?;
        self.field_value(
            Field::GoalProgress,
            Sp::row(r + 1, half + 1, n - 1),
            Pre::None,
        )?;
        self.ws.set_row_height(r, 22)?;
        self.ws.set_row_height(r + 1, 56)?;
        self.row = r + 2;
        Ok(())
    }

    /// A table's caption and header: one row, or two where grouped headers stand above their
    /// sub-columns.
    fn table_header(&mut self, t: &TableSpec, cols: &[&ColumnSpec]) -> R<()> {
        self.caption(t.caption)?;
        let h = self.row;
        let grouped = cols.iter().any(|c| c.group.is_some());
        let bottom = if grouped { h + 1 } else { h };
        let mut i = 0;
        while i < cols.len() {
            let c = cols[i];
            let col = i as u16;
            match c.group {
                Some(g) => {
                    let end = (i..cols.len())
                        .take_while(|&j| cols[j].group == Some(g))
                        .last()
                        .unwrap_or(i);
                    self.label(Sp::row(h, col, end as u16), g)?;
                    for (j, sub) in cols.iter().enumerate().take(end + 1).skip(i) {
                        self.label(Sp::row(bottom, j as u16, j as u16), sub.labels[0])?;
                    }
                    i = end + 1;
                }
                None => {
                    self.label(Sp(h, col, bottom, col), c.labels[0])?;
                    i += 1;
                }
            }
        }
        self.ws.set_row_height(h, 24)?;
        if grouped {
            self.ws.set_row_height(bottom, 30)?;
        }
        self.row = bottom + 1;
        Ok(())
    }

    /// The indicator table; returns its first and last data rows.
    fn indicators(
        &mut self,
        t: &TableSpec,
        cols: &[&ColumnSpec],
        plan: &[IndRow],
    ) -> R<(u32, u32)> {
        self.table_header(t, cols)?;
        self.level1_col = cols.iter().position(|c| c.col == Col::Level1).unwrap_or(0) as u16;
        let first = self.row;
        let st = self.st;
        let checks = self.column_checks(cols);
        for (k, row) in plan.iter().enumerate() {
            let r = first + k as u32;
            self.ws.set_row_height(r, 18)?;
            for (i, c) in cols.iter().enumerate() {
                let sp = Sp::row(r, i as u16, i as u16);
                let declared = row.declared.as_ref().and_then(|d| match c.col {
                    Col::Level1 => Some(d.level1.as_str()),
                    Col::Level2 => Some(d.level2.as_str()),
                    Col::Level3 => Some(d.level3.as_str()),
                    Col::TargetValue => Some(d.value.as_str()),
                    _ => None,
                });
                if let Some(v) = declared {
                    let v = if v.is_empty() {
                        Content::Blank
                    } else {
                        Content::Text(v.to_string())
                    };
                    self.fixed(sp, v, &st.fixed, None)?;
                    continue;
                }
                let printed = match c.col {
                    Col::Level1 => &row.level1,
                    Col::Level2 => &row.level2,
                    _ => "",
                };
                let v = if printed.is_empty() {
                    Content::Blank
                } else {
                    Content::Text(printed.to_string())
                };
                let f = match c.input {
                    Input::Money => &st.input_money,
                    Input::Score => &st.input_score,
                    Input::Tick => &st.input_tick,
                    Input::LongText => &st.input_long,
                    _ => &st.input,
                };
                let own = self
                    .check_follows_row(c)
                    .then(|| self.column_check(c, row.declared.as_ref()))
                    .flatten();
                self.input(sp, v, f, own.as_ref().or(checks[i].as_ref()))?;
            }
        }
        let last = first + plan.len().saturating_sub(1) as u32;
        self.row = first + plan.len() as u32;
        Ok((first, last))
    }

    /// Each column's check, worked out once for the whole table; none for a column whose check
    /// follows the row ([`Self::check_follows_row`]), worked out row by row.
    fn column_checks(&self, cols: &[&ColumnSpec]) -> Vec<Option<Check>> {
        cols.iter()
            .map(|c| {
                (!self.check_follows_row(c))
                    .then(|| self.column_check(c, None))
                    .flatten()
            })
            .collect()
    }

    /// Whether a column's check depends on the row's declared value: a self-evaluation's
    /// completion is strict where the declared value is qualitative ([`Self::column_check`]).
    fn check_follows_row(&self, c: &ColumnSpec) -> bool {
        self.kind == FormKind::SelfEval && c.col == Col::Actual
    }

    fn column_check(&self, c: &ColumnSpec, declared: Option<&Declared>) -> Option<Check> {
        let title = self.text_of(c.labels[0]);
        let (rule, message) = match (c.input, c.col) {
            (Input::Level1, _) => (
                Rule::Level1,
                "从下拉列表选择一级指标：产出指标、效益指标、满意度指标。".to_string(),
            ),
            (Input::Level2, _) => (
                Rule::Level2,
                "先选一级指标，再从下拉列表选择其下的二级指标。".to_string(),
            ),
            (Input::Money, _) => (Rule::Money, MONEY_HELP.to_string()),
            (Input::Score, Col::Weight) => (
                Rule::Score,
                format!(
                    "0-100 之间的数字。各指标分值之和加预算执行率 {EXECUTION_POINTS} 分应为 100 分（一般产出 50、效益 30、满意度 10）。"
                ),
            ),
            (Input::Score, _) => (
                Rule::Score,
                "0-100 之间的数字，不超过分值；定量指标按完成比例计分，定性指标按完成情况计分。"
                    .to_string(),
            ),
            (Input::Tick, _) => (
                Rule::Tick,
                format!("符合的一栏选“{}”，其余留空。", TICKS[0]),
            ),
            _ if self.check_follows_row(c) => {
                let qualitative = declared.is_some_and(|d| {
                    !d.value.is_empty() && !crate::target_value::parse(&d.value).is_quantified()
                });
                (
                    Rule::Completion {
                        strict: qualitative,
                    },
                    "定量指标填写实际数值和单位（如“98%”“120人次”）；定性指标从下拉列表选择：达成年度指标 / 部分达成年度指标并具有一定效果 / 未达成年度指标且效果较差。".to_string(),
                )
            }
            (_, Col::Level3) => (
                Rule::Any,
                format!(
                    "简明扼要，少于{}个字。不涉及的指标行，在此填写“不适用”。",
                    self.long_name
                ),
            ),
            _ => (Rule::Any, column_help(self.kind, c.col)?.to_string()),
        };
        Some(Check {
            rule,
            title,
            message,
        })
    }

    /// Self-evaluation: 总分 = 执行率分值 + the indicators' 分值 (100), and the stated score.
    fn total_row(&mut self, t: &TableSpec, cols: &[&ColumnSpec], first: u32, last: u32) -> R<()> {
        let r = self.row;
        let pos = |col: Col| cols.iter().position(|c| c.col == col).map(|i| i as u16);
        let (Some(w), Some(s)) = (pos(Col::Weight), pos(Col::Score)) else {
            return Ok(());
        };
        let st = self.st;
        self.label(Sp::row(r, 0, w - 1), t.total_labels[0])?;
        let range = |c: u16| {
            format!(
                "{}:{}",
                CellRef::new(first, c as u32),
                CellRef::new(last, c as u32)
            )
        };
        let block = |col: Col| {
            self.block
                .get(&(Field::Total, col))
                .map(|c| c.to_string())
                .unwrap_or_else(|| "0".into())
        };
        let (money_weight, money_score) = (block(Col::Weight), block(Col::Score));
        self.put(
            Sp::row(r, w, w),
            Content::Formula(
                format!("N({money_weight})+SUM({})", range(w)),
                EXECUTION_POINTS.to_string(),
            ),
            &st.formula_score,
        )?;
        self.put(
            Sp::row(r, s, s),
            Content::Formula(
                format!(
                    "IF(AND(NOT(ISNUMBER({money_score})),COUNT({})=0),\"\",N({money_score})+SUM({}))",
                    range(s),
                    range(s)
                ),
                String::new(),
            ),
            &st.formula_score,
        )?;
        if s + 1 < self.n {
            self.put(Sp::row(r, s + 1, self.n - 1), Content::Blank, &st.blank)?;
        }
        self.ws.set_row_height(r, 24)?;
        self.row += 1;
        Ok(())
    }

    /// Unit-wide card: 年度主要任务 and their 金额合计 (sums as formulas).
    fn tasks(&mut self, t: &TableSpec) -> R<()> {
        let cols: Vec<&ColumnSpec> = t.columns.iter().collect();
        self.table_header(t, &cols)?;
        let first = self.row;
        let last = first + TASK_ROWS as u32 - 1;
        let st = self.st;
        let checks = self.column_checks(&cols);
        for r in first..=last {
            self.ws.set_row_height(r, 22)?;
            for (i, c) in cols.iter().enumerate() {
                let f = match c.input {
                    Input::Money => &st.input_money,
                    Input::LongText => &st.input_long,
                    _ => &st.input,
                };
                let at = Sp::row(r, i as u16, i as u16);
                self.input(at, Content::Blank, f, checks[i].as_ref())?;
            }
        }
        let r = last + 1;
        let money_start = cols
            .iter()
            .position(|c| c.input == Input::Money)
            .unwrap_or(cols.len()) as u16;
        self.label(
            Sp::row(r, 0, money_start.saturating_sub(1)),
            t.total_labels[0],
        )?;
        for i in money_start..cols.len() as u16 {
            let range = format!(
                "{}:{}",
                CellRef::new(first, i as u32),
                CellRef::new(last, i as u32)
            );
            self.put(
                Sp::row(r, i, i),
                Content::Formula(
                    format!("IF(COUNT({range})=0,\"\",SUM({range}))"),
                    String::new(),
                ),
                &st.formula_money,
            )?;
        }
        self.ws.set_row_height(r, 22)?;
        self.row = r + 1;
        Ok(())
    }

    /// 填报人 / 联系电话 / 填报日期 / 单位盖章: where a printed card is signed and stamped.
    fn footer(&mut self) -> R<()> {
        let n = self.n;
        let m = n.div_ceil(2);
        let l2 = if n >= 12 { 2 } else { 1 };
        let r = self.row + 1;
        let st = self.st;
        let [filler, phone, date, stamp] = FOOTER_LABELS;
        for (k, (a, b)) in [(filler, phone), (date, stamp)].into_iter().enumerate() {
            let ri = r + k as u32;
            let label = |t: &str| Content::Text(format!("{t}："));
            self.put(Sp::row(ri, 0, 0), label(a), &st.footer_label)?;
            self.put(Sp::row(ri, 1, m - 1), Content::Blank, &st.footer_input)?;
            self.put(Sp::row(ri, m, m + l2 - 1), label(b), &st.footer_label)?;
            if k == 0 {
                self.put(Sp::row(ri, m + l2, n - 1), Content::Blank, &st.footer_input)?;
            }
            self.ws.set_row_height(ri, 24)?;
        }
        // Room for the stamp below its label.
        self.ws.set_row_height(r + 2, 36)?;
        self.row = r + 3;
        Ok(())
    }
}

/// Splits columns `from..=to` into `k` consecutive spans, as even as possible (wider first).
fn distribute(from: u16, to: u16, k: usize) -> Vec<(u16, u16)> {
    let total = (to + 1).saturating_sub(from) as usize;
    let k = k.max(1);
    let base = total / k;
    let extra = total % k;
    let mut out = Vec::with_capacity(k);
    let mut c = from;
    for i in 0..k {
        let w = (base + usize::from(i < extra)).max(1) as u16;
        out.push((c, c + w - 1));
        c += w;
    }
    out
}

const MONEY_HELP: &str = "单位：万元，只填数字，保留两位小数（如 12.50），不要写“元”“万元”。年度资金总额 = 财政拨款 + 上年结转资金 + 其他资金。";

/// Input messages of header fields that need one.
fn field_help(kind: FormKind, field: Field) -> Option<&'static str> {
    Some(match (kind, field) {
        (_, Field::ProjectName) => "与预算批复的项目名称一致。",
        (_, Field::ProjectCode) => "预算系统中的项目编码，按文本完整填写，不要改成数字。",
        (_, Field::Department) => "主管部门名称（及代码）。",
        (_, Field::Period) => "如“2024年1月—2024年12月”；跨年度项目写明起止年月。",
        (FormKind::Target, Field::AnnualGoal) => {
            "概括本年度要完成的任务和达到的效果，与下方绩效指标相对应。"
        }
        (FormKind::Overall, Field::AnnualGoal) => "概括本单位本年度的总体绩效目标。",
        (FormKind::Monitor, Field::AnnualGoal) => "年初批复的年度绩效目标。",
        (FormKind::SelfEval, Field::AnnualGoal) => "年初设定的年度绩效目标。",
        (_, Field::MidGoal) => "跨年度项目填写实施期内的总体目标；一年期项目可不填。",
        (FormKind::Monitor, Field::GoalProgress) => "截至监控月末，年度目标的执行情况。",
        (_, Field::GoalProgress) => "全年目标的实际完成情况。",
        (_, Field::Conclusion) => "总体评价结论、存在的问题和改进措施。",
        _ => return None,
    })
}

/// Input messages of table columns that need one.
fn column_help(kind: FormKind, col: Col) -> Option<&'static str> {
    Some(match (kind, col) {
        (_, Col::TargetValue) => {
            "写明比较符、数值和计量单位，如“≥95%”“100人次”“≤30天”“2024年12月31日前”。"
        }
        (_, Col::Explanation) => "指标的含义、数据来源或计算方法。",
        (FormKind::Monitor, Col::Actual) => "截至监控月末的实际完成值（含计量单位）。",
        (_, Col::Forecast) => "预计全年能达到的值（含计量单位）。",
        (FormKind::Monitor, Col::ReasonText) => {
            "勾选了偏差原因、预计不能完成或有结余的，必须写明原因和改进措施。"
        }
        (_, Col::ReasonText) => "得分低于分值、执行率低于90%的，写明原因和改进措施。",
        (_, Col::TaskName) => "本单位本年度的主要工作任务。",
        (_, Col::TaskContent) => "任务的主要内容。",
        _ => return None,
    })
}

fn add_validation(ws: &mut Worksheet, check: &Check, cells: &[CellRef], level1_col: u16) -> R<()> {
    let mut cells = cells.to_vec();
    cells.sort();
    if check.rule == Rule::Level2 {
        // The list depends on the row's level-1 cell: a relative reference, so one validation
        // per vertical run anchored at its own first row.
        let mut by_col: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for c in &cells {
            by_col.entry(c.col).or_default().push(c.row);
        }
        for (col, mut rows) in by_col {
            rows.sort();
            let mut i = 0;
            while i < rows.len() {
                let mut j = i;
                while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
                    j += 1;
                }
                let formula = format!(
                    "INDIRECT(${}{})",
                    CellRef::col_name(level1_col as u32),
                    rows[i] + 1
                );
                let dv = DataValidation::new()
                    .allow_list_formula(Formula::new(formula))
                    .set_error_style(DataValidationErrorStyle::Warning);
                let dv = messages(dv, check, "请从下拉列表选择与一级指标对应的二级指标。")?;
                ws.add_data_validation(rows[i], col as u16, rows[j], col as u16, &dv)?;
                i = j + 1;
            }
        }
        return Ok(());
    }
    let Some(first) = cells.first().copied() else {
        return Ok(());
    };
    let (dv, error) = match check.rule {
        Rule::Any => (DataValidation::new().allow_any_value(), ""),
        Rule::Level1 => (
            DataValidation::new()
                .allow_list_formula(Formula::new(format!(
                    "'{META_SHEET}'!${c}$2:${c}${}",
                    1 + Level1::PROJECT.len(),
                    c = CellRef::col_name(LIST_COL as u32)
                )))
                .set_error_style(DataValidationErrorStyle::Warning),
            "请从下拉列表选择指标体系内的一级指标。",
        ),
        Rule::Attribute => (
            DataValidation::new().allow_list_strings(ATTRIBUTES)?,
            "请选择“新增”或“延续”。",
        ),
        Rule::Money => (
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0)),
            "请填写不小于 0 的数字（单位：万元），不要带“元”“万元”等文字。",
        ),
        Rule::Score => (
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0)),
            "请填写 0 到 100 之间的数字。",
        ),
        Rule::Tick => (
            DataValidation::new().allow_list_strings(&TICKS[..1])?,
            "请选择“√”，或留空。",
        ),
        Rule::Completion { strict } => (
            DataValidation::new()
                .allow_list_strings(COMPLETION_GRADES)?
                .set_error_style(if strict {
                    DataValidationErrorStyle::Warning
                } else {
                    DataValidationErrorStyle::Information
                }),
            "定性指标请从下拉列表选择完成情况。",
        ),
        Rule::Level2 => unreachable!("handled above"),
    };
    let dv = messages(dv, check, error)?.set_multi_range(sqref(&cells));
    ws.add_data_validation(
        first.row,
        first.col as u16,
        first.row,
        first.col as u16,
        &dv,
    )?;
    Ok(())
}

/// Cells as a validation's range list: vertical runs become `E15:E22`.
fn sqref(cells: &[CellRef]) -> String {
    let mut by_col: Vec<CellRef> = cells.to_vec();
    by_col.sort_by_key(|c| (c.col, c.row));
    by_col.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < by_col.len() {
        let start = by_col[i];
        while i + 1 < by_col.len()
            && by_col[i + 1].col == start.col
            && by_col[i + 1].row == by_col[i].row + 1
        {
            i += 1;
        }
        let end = by_col[i];
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(" ")
}

fn messages(dv: DataValidation, check: &Check, error: &str) -> R<DataValidation> {
    let mut dv = dv
        .set_input_title(cut(&check.title, 32))?
        .set_input_message(cut(&check.message, 255))?;
    if !error.is_empty() {
        dv = dv
            .set_error_title(cut(&check.title, 32))?
            .set_error_message(error)?;
    }
    Ok(dv)
}

/// The longest start of `s` within `max_utf16` UTF-16 units (Excel's limits on a check's title
/// and message), without a copy.
fn cut(s: &str, max_utf16: usize) -> &str {
    let mut n = 0;
    for (i, c) in s.char_indices() {
        n += c.len_utf16();
        if n > max_utf16 {
            return &s[..i];
        }
    }
    s
}

/// A4 landscape, one page wide, title rows repeated on every page, page numbers below.
fn print_setup(ws: &mut Worksheet, last_row: u32, last_col: u16) -> R<()> {
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3)
        .set_footer("&C第 &P 页，共 &N 页")
        .set_screen_gridlines(false);
    ws.set_repeat_rows(0, 1)?;
    ws.set_print_area(0, 0, last_row, last_col)?;
    Ok(())
}

/// The dropdown lists on the metadata sheet: level-1 names in column K, under each level-1 name
/// (a named range of that name) its level-2 names, for `INDIRECT` in the level-2 dropdowns.
pub(crate) fn write_lists(ws: &mut Worksheet, book: &mut Workbook) -> R<()> {
    ws.write_string(0, LIST_COL, "一级指标")?;
    for (i, l1) in Level1::PROJECT.iter().enumerate() {
        ws.write_string(1 + i as u32, LIST_COL, l1.name())?;
        let col = LIST_COL + 1 + i as u16;
        ws.write_string(0, col, l1.name())?;
        let kids = Level2::children(*l1);
        for (j, l2) in kids.iter().enumerate() {
            ws.write_string(1 + j as u32, col, l2.name())?;
        }
        let c = CellRef::col_name(col as u32);
        book.define_name(
            l1.name(),
            &format!("='{META_SHEET}'!${c}$2:${c}${}", 1 + kids.len()),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_the_columns() {
        assert_eq!(
            distribute(2, 15, 5),
            vec![(2, 4), (5, 7), (8, 10), (11, 13), (14, 15)]
        );
        assert_eq!(distribute(1, 7, 7)[6], (7, 7));
    }

    #[test]
    fn every_category_gets_three_rows_or_as_many_as_were_declared() {
        let d = |l1: &str, l2: &str, name: &str| Declared {
            level1: l1.into(),
            level2: l2.into(),
            level3: name.into(),
            value: "≥1个".into(),
            explanation: String::new(),
        };
        let p = Prefill {
            indicators: vec![
                d("产出", "数量", "甲"),
                d("产出指标", "数量指标", "乙"),
                d("产出指标", "数量指标", "丙"),
                d("产出指标", "数量指标", "丁"),
                d("效益指标", "社会效益指标", "戊"),
                d("其他", "其他", "己"),
            ],
            ..Prefill::default()
        };
        let rows = rows_plan(FormKind::Monitor, &p);
        let count = |l2: &str| rows.iter().filter(|r| r.level2 == l2).count();
        assert_eq!(count("数量指标"), 4);
        assert_eq!(count("社会效益指标"), 3);
        assert_eq!(count("质量指标"), 3);
        // 10 categories (one with four rows), the one outside the taxonomy and spare rows.
        assert_eq!(rows.len(), 31 + 1 + EXTRA_ROWS);
        assert_eq!(rows.iter().filter(|r| r.declared.is_some()).count(), 6);
        // A target card declares nothing: the national skeleton.
        assert_eq!(rows_plan(FormKind::Target, &p).len(), 30);
    }
}
