//! Typed cards, built from what the reader found through a form description. Every value keeps
//! the cell it came from.

use crate::cellref::CellRef;
use crate::finding::{CardId, FileId, Finding, Name, Rule};
use crate::forms::taxonomy::{Level1, Level2};
use crate::forms::{Col, Field, FormKind, Table};
use crate::money::Money;
use crate::read::extract::{Hit, RawCard, RawRow};
use crate::read::value::{Amount, AmountError, CellValue, Code, parse_amount, parse_code};
use crate::target_value::{self, Comparator, TargetValue, ValueKind};
use litemap::LiteMap;
use serde::Serialize;

/// A card's small maps (fields, columns, cells by key), on a sorted vector: a card has a few
/// entries in each, where a B-tree takes a node of eleven; tens of thousands of cards are held
/// whole through a consolidation.
pub type Map<K, V> = LiteMap<K, V>;

/// A copy of a map the reader built.
fn copied<K: Copy, V: Clone>(map: &std::collections::BTreeMap<K, V>) -> Map<K, V> {
    // A B-tree's entries come sorted and once each.
    Map::from_sorted_store_unchecked(map.iter().map(|(k, v)| (*k, v.clone())).collect())
}

/// A map built by inserting, on a vector no longer than its entries.
fn tight<K, V>(map: Map<K, V>) -> Map<K, V> {
    let mut entries = map.into_tuple_vec();
    entries.shrink_to_fit();
    Map::from_sorted_store_unchecked(entries)
}

/// Keeps the entries whose key passes, on a vector no longer than they are.
fn retain_keys<K: Ord, V>(map: &mut Map<K, V>, keep: impl Fn(&K) -> bool) {
    map.retain(|k, _| keep(k));
    *map = tight(std::mem::take(map));
}

/// Where a card was read from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Source {
    #[serde(skip)]
    pub file_id: FileId,
    /// Shared by the file's cards and their findings.
    pub file: Name,
    /// Field order matters: cards sort by file, then by their place in the workbook.
    #[serde(skip)]
    pub sheet_index: usize,
    pub sheet: Name,
}

impl Source {
    pub fn card_id(&self) -> CardId {
        CardId {
            file: self.file_id,
            sheet: u32::try_from(self.sheet_index).unwrap_or(u32::MAX),
        }
    }

    /// A finding about the card read from here.
    pub fn finding(
        &self,
        rule: Rule,
        cell: Option<CellRef>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::on_card(
            rule,
            self.card_id(),
            self.file.clone(),
            self.sheet.clone(),
            cell,
            message,
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Located<T> {
    pub value: T,
    pub cell: CellRef,
}

/// A text of an indicator row: a batch holds millions, so without a `String`'s spare capacity
/// (16 bytes, not 24).
pub type Text = Box<str>;

/// The five columns every indicator table names, in the order [`Indicator`] holds them.
pub const NAMED: [Col; 5] = [
    Col::Level1,
    Col::Level2,
    Col::Level3,
    Col::TargetValue,
    Col::Explanation,
];

/// One row of an indicator table.
///
/// A city's batch holds two million of these: the texts of the five named columns share one
/// allocation (one after another, `ends[k]` where the `k`-th ends) instead of one each, with the
/// unit of the parsed 指标值 after them; bit `k` of `present` says whether the `k`-th has a
/// cell. 112 bytes and one text, not 192 and six.
#[derive(Clone, Debug)]
pub struct Indicator {
    pub row: u32,
    /// Bits 0-4: the named columns that have a cell; bit 5: the 指标值 has a number.
    present: u8,
    kind: ValueKind,
    comparator: Option<Comparator>,
    ends: [u32; 5],
    /// The column of 指标值 (where it is, or would be): findings about it point there.
    value_col: u32,
    texts: Box<str>,
    cells: [CellRef; 5],
    /// Every other column the form's table declares (monitoring's 执行数, ticks and reasons;
    /// self-evaluation's 实际完成值, 分值, 得分…), as read.
    /// In column order, each column once; a slice, not a map (a map's vector carries a
    /// capacity word: 8 more bytes in each of a city's two million rows, most of which have
    /// no other column).
    pub other: Box<[(Col, Located<Text>)]>,
    number: f64,
}

/// Bit of [`Indicator::present`]: the parsed 指标值 has a number.
const HAS_NUMBER: u8 = 1 << 5;

impl Indicator {
    /// A row from the cells of its five named columns (in the order of [`NAMED`]; `None`: no
    /// text there), packed into one text, its 指标值 parsed, and its other columns.
    pub fn new(
        row: u32,
        named: [Option<Located<String>>; 5],
        other: Box<[(Col, Located<Text>)]>,
        value_col: u32,
    ) -> Indicator {
        // 指标值, the fourth, with its 指标性质 and 度量单位 where the form gives them columns.
        let part = |col| {
            other
                .iter()
                .find(|(c, _)| *c == col)
                .map_or("", |(_, l)| &*l.value)
        };
        let parsed = target_value::parse_parts(
            part(Col::Nature),
            named[3].as_ref().map_or("", |l| l.value.as_str()),
            part(Col::MeasureUnit),
        );
        let len = named.iter().flatten().map(|l| l.value.len()).sum::<usize>() + parsed.unit.len();
        let mut texts = String::with_capacity(len);
        let (mut present, mut ends, mut cells) = (0u8, [0u32; 5], [CellRef::default(); 5]);
        for (k, l) in named.iter().enumerate() {
            if let Some(l) = l {
                present |= 1 << k;
                texts.push_str(&l.value);
                cells[k] = l.cell;
            }
            // A cell holds at most 32,767 characters, far below u32::MAX bytes for five.
            ends[k] = u32::try_from(texts.len()).unwrap_or(u32::MAX);
        }
        texts.push_str(&parsed.unit);
        if parsed.number.is_some() {
            present |= HAS_NUMBER;
        }
        Indicator {
            row,
            present,
            kind: parsed.kind,
            comparator: parsed.comparator,
            ends,
            value_col,
            texts: texts.into_boxed_str(),
            cells,
            other,
            number: parsed.number.unwrap_or_default(),
        }
    }

    /// The 指标值 parsed (FORMS §5).
    pub fn parsed(&self) -> TargetValue<&str> {
        TargetValue {
            kind: self.kind,
            comparator: self.comparator,
            number: (self.present & HAS_NUMBER != 0).then_some(self.number),
            unit: self.texts.get(self.ends[4] as usize..).unwrap_or(""),
        }
    }

    /// The cell where 指标值 is (or would be), for findings about it.
    pub fn value_cell(&self) -> CellRef {
        CellRef::new(self.row, self.value_col)
    }

    /// The `k`-th named column's cell.
    fn named(&self, k: usize) -> Option<Located<&str>> {
        if self.present & (1 << k) == 0 {
            return None;
        }
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        Some(Located {
            value: self.texts.get(start..self.ends[k] as usize).unwrap_or(""),
            cell: self.cells[k],
        })
    }

    /// 一级指标.
    pub fn level1(&self) -> Option<Located<&str>> {
        self.named(0)
    }

    /// 二级指标.
    pub fn level2(&self) -> Option<Located<&str>> {
        self.named(1)
    }

    /// 三级指标, the indicator's name.
    pub fn name(&self) -> Option<Located<&str>> {
        self.named(2)
    }

    /// 指标值.
    pub fn value(&self) -> Option<Located<&str>> {
        self.named(3)
    }

    /// 说明 (or 备注).
    pub fn explanation(&self) -> Option<Located<&str>> {
        self.named(4)
    }

    pub fn level1_kind(&self) -> Option<Level1> {
        self.level1().and_then(|l| Level1::parse(l.value))
    }

    pub fn level2_kind(&self) -> Option<Level2> {
        self.level2().and_then(|l| Level2::parse(l.value))
    }

    /// A column of the row, any column the form declares.
    pub fn col(&self, c: Col) -> Option<Located<&str>> {
        match NAMED.iter().position(|&n| n == c) {
            Some(k) => self.named(k),
            None => self
                .other
                .iter()
                .find(|(k, _)| *k == c)
                .map(|(_, v)| Located {
                    value: &*v.value,
                    cell: v.cell,
                }),
        }
    }

    /// The text of a column, empty when the cell is.
    pub fn col_text(&self, c: Col) -> &str {
        self.col(c).map_or("", |l| l.value)
    }

    /// The text of 三级指标, empty when the cell is.
    pub fn name_text(&self) -> &str {
        self.name().map_or("", |l| l.value)
    }

    /// The text of 指标值, empty when the cell is.
    pub fn value_text(&self) -> &str {
        self.value().map_or("", |l| l.value)
    }

    /// The row names an indicator or a target of its own (not only the printed level names).
    pub fn is_filled(&self) -> bool {
        !self.name_text().is_empty() || !self.value_text().is_empty()
    }

    /// The whole row is marked 不适用 (a level-2 that does not apply to this project).
    pub fn not_applicable(&self) -> bool {
        use crate::read::value::is_not_applicable;
        let name = self.name_text();
        let value = self.value_text();
        (name.is_empty() || is_not_applicable(name))
            && (value.is_empty() || is_not_applicable(value))
            && !(name.is_empty() && value.is_empty())
    }
}

/// As JSON an indicator row shows its columns by name, its other columns as a map.
impl Serialize for Indicator {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Columns<'a>(&'a [(Col, Located<Text>)]);
        impl Serialize for Columns<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(c, l)| (c, l)))
            }
        }
        let mut st = s.serialize_struct("Indicator", 9)?;
        st.serialize_field("row", &self.row)?;
        st.serialize_field("level1", &self.level1())?;
        st.serialize_field("level2", &self.level2())?;
        st.serialize_field("name", &self.name())?;
        st.serialize_field("value", &self.value())?;
        st.serialize_field("explanation", &self.explanation())?;
        st.serialize_field("other", &Columns(&self.other))?;
        st.serialize_field("parsed", &self.parsed())?;
        st.serialize_field("value_cell", &self.value_cell())?;
        st.end()
    }
}

/// An amount field: read, or the text that could not be read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum AmountCell {
    Value(Amount),
    Bad(String),
}

impl AmountCell {
    /// The amount when the cell could be read.
    pub fn amount(&self) -> Option<Amount> {
        match self {
            AmountCell::Value(a) => Some(*a),
            AmountCell::Bad(_) => None,
        }
    }
}

impl Located<AmountCell> {
    pub fn money(&self) -> Option<Money> {
        self.value.amount().map(|a| a.money)
    }
}

impl Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.money.serialize(s)
    }
}

/// The common header and indicator table of a card, for every kind.
#[derive(Clone, Debug, Serialize)]
pub struct Card {
    pub kind: FormKind,
    pub src: Source,
    pub title_cell: CellRef,
    /// Text fields (names, goals, attribute), cleaned of stray tabs and newlines; held exactly.
    pub texts: Map<Field, Located<Text>>,
    pub codes: Map<Field, Located<Code>>,
    pub amounts: Map<Field, Located<AmountCell>>,
    /// Where each found label stands (also for fields whose value is empty).
    pub labels: Map<Field, CellRef>,
    pub indicator_header: Option<CellRef>,
    /// The header cell of every indicator column found (for findings about an empty cell).
    pub indicator_columns: Map<Col, CellRef>,
    pub indicators: Vec<Indicator>,
    /// The indicator table's closing total row (self-evaluation: `总分` / `合计`).
    pub indicator_total: Option<Box<Indicator>>,
    /// Unit-wide cards: the 年度主要任务 rows and their 金额合计 row.
    pub tasks: Vec<Task>,
    pub task_total: Option<Box<Task>>,
    /// Monitoring and self-evaluation: the money matrix, by row and column.
    #[serde(skip)]
    pub block: Map<(Field, Col), Hit>,
    /// Where the money matrix's row labels and column headers stand.
    #[serde(skip)]
    pub block_rows: Map<Field, CellRef>,
    #[serde(skip)]
    pub block_columns: Map<Col, CellRef>,
    /// The month N of a monitoring card, read from its `1-N月` labels.
    pub month: Option<u32>,
    /// The `填报日期` the card states (a date serial), which orders a resubmission.
    pub fill_date: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub row: u32,
    pub name: String,
    pub content: String,
    pub total: Option<Located<AmountCell>>,
    pub fiscal: Option<Located<AmountCell>>,
    pub other: Option<Located<AmountCell>>,
}

/// The texts only a card's own checks read (required fields, a bureau's rule table): the
/// sheets and the checks across cards never do. Long paragraphs on some regions' forms.
const TEXTS_READ_ONCE: [Field; 5] = [
    Field::Period,
    Field::MidGoal,
    Field::PolicyBasis,
    Field::CostBasis,
    Field::GoalProgress,
];

impl Card {
    /// Lets go of what nothing reads once the card is checked and identified, for a run that
    /// holds it whole (for its sheets and the checks across cards): the texts only its own
    /// checks read (long paragraphs, on some regions' forms), and the places of its labels but
    /// 项目名称's (findings about it point there when it is empty).
    pub fn trim(&mut self) {
        retain_keys(&mut self.texts, |f| !TEXTS_READ_ONCE.contains(f));
        retain_keys(&mut self.labels, |f| *f == Field::ProjectName);
    }

    /// Lets go of all but what names and orders the card once it is checked and identified
    /// (kind, place, project name and code, fill date and month): for a run that reports only
    /// findings, whose batch then holds a few hundred bytes a card instead of its tables.
    pub fn slim(&mut self) {
        let keep = |f: &Field| *f == Field::ProjectName;
        retain_keys(&mut self.texts, keep);
        retain_keys(&mut self.labels, keep);
        retain_keys(&mut self.codes, |f| *f == Field::ProjectCode);
        self.amounts = Map::new();
        self.indicator_columns = Map::new();
        self.indicators = Vec::new();
        self.indicator_total = None;
        self.tasks = Vec::new();
        self.task_total = None;
        self.block = Map::new();
        self.block_rows = Map::new();
        self.block_columns = Map::new();
    }

    pub fn text(&self, f: Field) -> &str {
        self.texts.get(&f).map_or("", |l| &*l.value)
    }

    pub fn money(&self, f: Field) -> Option<Amount> {
        self.amounts.get(&f).and_then(|l| l.value.amount())
    }

    pub fn money_cell(&self, f: Field) -> Option<CellRef> {
        self.amounts.get(&f).map(|l| l.cell)
    }

    /// A cell of the money matrix, read as an amount (`None`: empty or not a number).
    pub fn block_money(&self, row: Field, col: Col) -> Option<Money> {
        self.block
            .get(&(row, col))
            .and_then(|h| parse_amount(&h.value).ok().flatten())
            .map(|a| a.money)
    }

    /// A cell of the money matrix as it counts, in 万元: one that says 元 (`377500元`) is
    /// divided by 10,000, and so is one that says no unit on a card whose amounts were found
    /// written in 元 (`card_in_yuan`, M03); one that says 万元 is taken as it is.
    pub fn block_money_in_wan(&self, row: Field, col: Col, card_in_yuan: bool) -> Option<Money> {
        let h = self.block.get(&(row, col))?;
        let a = parse_amount(&h.value).ok().flatten()?;
        let says_wan = matches!(&h.value, CellValue::Text(t) if t.contains('万'));
        Some(if a.yuan || (card_in_yuan && !says_wan) {
            a.money.from_yuan()
        } else {
            a.money
        })
    }

    /// Where a cell of the money matrix is, filled or not.
    pub fn block_cell(&self, row: Field, col: Col) -> Option<CellRef> {
        if let Some(h) = self.block.get(&(row, col)) {
            return Some(h.cell);
        }
        let r = self.block_rows.get(&row)?;
        let c = self.block_columns.get(&col)?;
        Some(CellRef::new(r.row, c.col))
    }

    /// Where a cell of an indicator row is, filled or not.
    pub fn indicator_cell(&self, i: &Indicator, col: Col) -> Option<CellRef> {
        i.col(col).map(|l| l.cell).or_else(|| {
            self.indicator_columns
                .get(&col)
                .map(|h| CellRef::new(i.row, h.col))
        })
    }

    pub fn code(&self, f: Field) -> Option<&Code> {
        self.codes.get(&f).map(|l| &l.value)
    }

    /// The 项目名称 value cell, or its label, or the title.
    pub fn name_cell(&self) -> CellRef {
        self.texts
            .get(&Field::ProjectName)
            .map(|l| l.cell)
            .or_else(|| self.labels.get(&Field::ProjectName).copied())
            .unwrap_or(self.title_cell)
    }

    /// A project code usable as a key: present and not mangled.
    pub fn project_code(&self) -> Option<&str> {
        self.code(Field::ProjectCode)
            .filter(|c| !c.lost_digits)
            .map(|c| c.text.as_str())
    }

    /// Indicator rows that carry a target (not 不适用).
    pub fn live_indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.iter().filter(|i| !i.not_applicable())
    }

    pub fn quantified_count(&self) -> usize {
        self.live_indicators()
            .filter(|i| i.parsed().is_quantified())
            .count()
    }

    /// Builds the typed card from what the reader found.
    pub fn from_raw(raw: &RawCard, src: Source) -> Card {
        let spec = raw.kind.spec();
        let mut card = Card {
            kind: raw.kind,
            src,
            title_cell: raw.title_cell,
            texts: Map::new(),
            codes: Map::new(),
            amounts: Map::new(),
            labels: Map::new(),
            indicator_header: None,
            indicator_columns: Map::new(),
            indicators: Vec::new(),
            indicator_total: None,
            tasks: Vec::new(),
            task_total: None,
            block: raw
                .money
                .as_ref()
                .map(|m| copied(&m.cells))
                .unwrap_or_default(),
            block_rows: raw
                .money
                .as_ref()
                .map(|m| copied(&m.rows))
                .unwrap_or_default(),
            block_columns: raw
                .money
                .as_ref()
                .map(|m| copied(&m.header))
                .unwrap_or_default(),
            month: raw.month,
            fill_date: raw.fill_date,
        };
        // A money matrix's 年初预算数 column is the card's amount (its 年度资金总额 and parts).
        if let Some(m) = &raw.money {
            for (&(field, col), hit) in &m.cells {
                if col == Col::BudgetStart
                    && let Some(a) = amount_cell(hit)
                {
                    card.amounts.insert(field, a);
                }
            }
        }
        for (&field, hit) in &raw.fields {
            card.labels.insert(field, hit.label);
            let Some(v) = &hit.value else { continue };
            let Some(fs) = spec.field(field) else {
                continue;
            };
            use crate::forms::ValueType::*;
            match fs.ty {
                Code => {
                    if let Some(c) = parse_code(&v.value) {
                        card.codes.insert(
                            field,
                            Located {
                                value: c,
                                cell: v.cell,
                            },
                        );
                    }
                }
                Money => {
                    if let Some(a) = amount_cell(v) {
                        card.amounts.insert(field, a);
                    }
                }
                Text | LongText => {
                    let t = v.value.clean_display();
                    if !t.is_empty() {
                        card.texts.insert(
                            field,
                            Located {
                                value: t.into_boxed_str(),
                                cell: v.cell,
                            },
                        );
                    }
                }
                Choice(_) => {
                    let t = v.value.clean_display();
                    if !t.is_empty() {
                        let t = match (field, t.as_str()) {
                            // Shenzhen: 是否新增项目 是/否.
                            (Field::Attribute, "是") => "新增".to_string(),
                            (Field::Attribute, "否") => "延续".to_string(),
                            _ => t,
                        };
                        card.texts.insert(
                            field,
                            Located {
                                value: t.into_boxed_str(),
                                cell: v.cell,
                            },
                        );
                    }
                }
            }
        }
        if let Some(t) = raw.tables.get(&Table::Indicators) {
            card.indicator_header = t.header.get(&Col::Level1).copied();
            card.indicator_columns = copied(&t.header);
            let value_col = t.header.get(&Col::TargetValue).map(|c| c.col).unwrap_or(0);
            card.indicators = t.rows.iter().map(|r| indicator(r, value_col)).collect();
            card.indicator_total = t.total.as_ref().map(|r| Box::new(indicator(r, value_col)));
        }
        if let Some(t) = raw.tables.get(&Table::Tasks) {
            card.tasks = t.rows.iter().map(task).collect();
            card.task_total = t.total.as_ref().map(|r| Box::new(task(r)));
        }
        card.texts = tight(card.texts);
        card.codes = tight(card.codes);
        card.amounts = tight(card.amounts);
        card.labels = tight(card.labels);
        card
    }
}

fn located_text(h: Option<&Hit>) -> Option<Located<String>> {
    h.and_then(|h| {
        let t = h.value.clean_display();
        (!t.is_empty()).then_some(Located {
            value: t,
            cell: h.cell,
        })
    })
}

/// [`located_text`] for an indicator row's other columns.
fn located_cell(h: &Hit) -> Option<Located<Text>> {
    located_text(Some(h)).map(|l| Located {
        value: l.value.into_boxed_str(),
        cell: l.cell,
    })
}

fn amount_cell(h: &Hit) -> Option<Located<AmountCell>> {
    match parse_amount(&h.value) {
        Ok(Some(a)) => Some(Located {
            value: AmountCell::Value(a),
            cell: h.cell,
        }),
        Ok(None) => None,
        Err(AmountError::NotANumber(s)) => Some(Located {
            value: AmountCell::Bad(s),
            cell: h.cell,
        }),
    }
}

fn indicator(r: &RawRow, value_col: u32) -> Indicator {
    // The row's cells come in column order, each once.
    let other = r
        .cells
        .iter()
        .filter(|(c, _)| !NAMED.contains(c))
        .filter_map(|(&c, h)| located_cell(h).map(|l| (c, l)))
        .collect();
    Indicator::new(
        r.row,
        NAMED.map(|c| located_text(r.get(c))),
        other,
        value_col,
    )
}

fn task(r: &RawRow) -> Task {
    let text = |c| {
        r.get(c)
            .map(|h: &Hit| h.value.clean_display())
            .unwrap_or_default()
    };
    Task {
        row: r.row,
        name: text(Col::TaskName),
        content: text(Col::TaskContent),
        total: r.get(Col::TaskTotal).and_then(amount_cell),
        fiscal: r.get(Col::TaskFiscal).and_then(amount_cell),
        other: r.get(Col::TaskOther).and_then(amount_cell),
    }
}
