//! Generic extraction driven by a form description: classify a sheet by its title, find header
//! fields by label and their values beside (or below) them, find tables by their header row.
//! Nothing here knows a particular form.

use super::grid::Grid;
use super::label::{canon, normalize, normalized, normalized_head};
use super::value::CellValue;
use crate::cellref::CellRef;
use crate::forms::{
    Col, Field, FormKind, FormSpec, KINDS, MoneyBlockSpec, STOP_PREFIXES, Table, TableSpec,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, HashSet};

/// Classifies a sheet by its title: the first short text cells must end with a known title.
pub fn classify(grid: &Grid) -> Option<(FormKind, CellRef)> {
    for (at, text) in grid.leading_texts(5) {
        let t = normalized(text);
        if t.chars().count() > 40 {
            continue;
        }
        for &kind in KINDS {
            // A title ends the text or stands before a note: `…申报表(2024年度)`.
            if kind
                .spec()
                .title_patterns
                .iter()
                .any(|p| t.ends_with(p) || t.match_indices('(').any(|(i, _)| t[..i].ends_with(p)))
            {
                return Some((kind, at));
            }
        }
    }
    None
}

/// Recognises a card whose title was deleted or never typed, by its structure: every required
/// field's label and every table of one kind (most specific kind first). Only for sheets
/// [`classify`] could not place.
pub fn classify_by_structure(grid: &Grid) -> Option<FormKind> {
    let texts = Texts::of(grid);
    KINDS.iter().copied().find(|&kind| {
        let spec = kind.spec();
        let labels = Labels::new(spec, grid, &texts);
        spec.fields
            .iter()
            .filter(|f| f.required)
            .all(|f| !labels.find(f.labels).is_empty())
            && spec
                .tables
                .iter()
                .all(|t| find_table(grid, &labels, t).is_some())
            && spec
                .money
                .is_none_or(|m| find_money(grid, &labels, m).is_some())
    })
}

/// A located cell value.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub cell: CellRef,
    pub value: CellValue,
}

/// Where a field's label stands and what value was found for it.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldHit {
    pub label: CellRef,
    pub value: Option<Hit>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawRow {
    pub row: u32,
    pub cells: BTreeMap<Col, Hit>,
    /// Columns whose value was filled down from a row above (merged level names).
    pub inherited: HashSet<Col>,
}

impl RawRow {
    pub fn get(&self, c: Col) -> Option<&Hit> {
        self.cells.get(&c)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawTable {
    pub header_row: u32,
    pub header: BTreeMap<Col, CellRef>,
    pub rows: Vec<RawRow>,
    pub total: Option<RawRow>,
}

/// What the reader found on one card sheet, before typing.
#[derive(Clone, Debug)]
pub struct RawCard {
    pub kind: FormKind,
    pub title_cell: CellRef,
    pub fields: BTreeMap<Field, FieldHit>,
    pub tables: BTreeMap<Table, RawTable>,
    /// A money block (monitoring, self-evaluation): row labels and the cells of each column.
    pub money: Option<RawMoney>,
    /// The month N of `1-N月` labels, read from the sheet, never assumed.
    pub month: Option<u32>,
    /// The card's `填报日期` (a 1900-system date serial), when it states one.
    pub fill_date: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawMoney {
    pub header_row: u32,
    pub header: BTreeMap<Col, CellRef>,
    /// Where each row's label stands.
    pub rows: BTreeMap<Field, CellRef>,
    pub cells: BTreeMap<(Field, Col), Hit>,
}

/// The normalised text of every text cell of a sheet, worked out once and shared by every
/// lookup of every form kind tried on it; in reading order (the grid's).
/// A text already in its normal form (most of a card's: names, targets, values) is the grid's
/// own, not a copy. A text whose normal form starts no label of any form and no prefix looked
/// for ([`Heads`]; a unit's own words, mostly) stands as the empty text, which matches nothing.
struct Texts<'g>(Vec<((u32, u32), std::borrow::Cow<'g, str>)>);

impl<'g> Texts<'g> {
    fn of(grid: &'g Grid) -> Texts<'g> {
        let heads = Heads::get();
        Texts(
            grid.iter()
                .filter_map(|(at, v)| match v {
                    CellValue::Text(s) if heads.rule_out(s) => {
                        Some(((at.row, at.col), std::borrow::Cow::Borrowed("")))
                    }
                    CellValue::Text(s) => Some(((at.row, at.col), normalized(s))),
                    _ => None,
                })
                .collect(),
        )
    }

    fn iter(&self) -> impl Iterator<Item = ((u32, u32), &str)> {
        self.0.iter().map(|(at, n)| (*at, &**n))
    }

    /// The texts of row `row` from column 0 to `last_col`, left to right.
    fn in_row(&self, row: u32, last_col: u32) -> impl Iterator<Item = ((u32, u32), &str)> {
        let start = self.0.partition_point(|(at, _)| *at < (row, 0));
        self.0[start..]
            .iter()
            .take_while(move |(at, _)| *at <= (row, last_col))
            .map(|(at, n)| (*at, &**n))
    }
}

/// How the texts the reader compares with start: every label of every form (matched whole) and
/// every prefix looked for (`STOP_PREFIXES`, the fill-date labels), normalised. A text whose
/// normal form starts otherwise is none of them, and is not normalised (a third of `validate`'s
/// own work was normalising texts that are values, not labels).
struct Heads {
    /// First characters of the one-character texts.
    one: FxHashSet<char>,
    /// First two characters of the others.
    two: FxHashSet<[char; 2]>,
}

impl Heads {
    fn get() -> &'static Heads {
        static HEADS: std::sync::OnceLock<Heads> = std::sync::OnceLock::new();
        HEADS.get_or_init(|| {
            let mut heads = Heads {
                one: FxHashSet::default(),
                two: FxHashSet::default(),
            };
            let prefixes = STOP_PREFIXES
                .iter()
                .chain(&FILL_DATE_LABELS)
                .map(|p| canon(p));
            let labels = KINDS
                .iter()
                .flat_map(|k| known_labels(k.spec()).iter().copied());
            for t in prefixes.chain(labels) {
                let mut chars = t.chars();
                match (chars.next(), chars.next()) {
                    (Some(a), Some(b)) => heads.two.insert([a, b]),
                    (Some(a), None) => heads.one.insert(a),
                    // An empty label would be matched by the empty text anyway.
                    (None, _) => true,
                };
            }
            heads
        })
    }

    /// Whether the normal form of `s` is certainly none of the texts, nor starts with a prefix.
    fn rule_out(&self, s: &str) -> bool {
        normalized_head(s)
            .is_some_and(|[a, b]| !self.one.contains(&a) && !self.two.contains(&[a, b]))
    }
}

/// Every label of a form, normalised: worked out once per form kind and thread.
fn known_labels(spec: &'static FormSpec) -> &'static FxHashSet<&'static str> {
    use std::cell::RefCell;
    thread_local! {
        static KNOWN: RefCell<FxHashMap<FormKind, &'static FxHashSet<&'static str>>> =
            RefCell::default();
    }
    KNOWN.with(|k| {
        *k.borrow_mut().entry(spec.kind).or_insert_with(|| {
            let mut known: FxHashSet<&'static str> = FxHashSet::default();
            for f in spec.fields {
                known.extend(f.labels.iter().map(|l| canon(l)));
            }
            if let Some(m) = spec.money {
                known.insert(canon(m.caption));
                for (_, labels) in m.all_rows() {
                    known.extend(labels.iter().map(|l| canon(l)));
                }
                for c in m.columns {
                    known.extend(c.labels.iter().map(|l| canon(l)));
                }
            }
            for t in spec.tables {
                known.insert(canon(t.caption));
                for g in t.columns.iter().filter_map(|c| c.group) {
                    known.insert(canon(g));
                }
                for c in t.columns {
                    known.extend(c.labels.iter().map(|l| canon(l)));
                }
                known.extend(t.total_labels.iter().map(|l| canon(l)));
            }
            known.extend(spec.other_labels.iter().map(|l| canon(l)));
            Box::leak(Box::new(known))
        })
    })
}

struct Labels<'t> {
    spec: &'static FormSpec,
    /// Every text cell, normalised.
    texts: &'t Texts<'t>,
    /// Every text cell whose normalised text is a label of this form.
    cells: BTreeMap<(u32, u32), &'t str>,
    /// The same cells by their text, each text's in reading order.
    by_text: rustc_hash::FxHashMap<&'t str, Vec<CellRef>>,
    /// Inline `项目名称：XXX` cells: field, value.
    inline: Vec<(Field, CellRef, String)>,
}

impl<'t> Labels<'t> {
    fn new(spec: &'static FormSpec, grid: &Grid, texts: &'t Texts<'t>) -> Self {
        let known = known_labels(spec);
        let mut cells = BTreeMap::new();
        let mut inline = Vec::new();
        for ((row, col), n) in texts.iter() {
            // A text ruled out as a label (see `Texts`) is no `项目名称：XXX` either: its first two
            // characters are those of what stands before the colon.
            if n.is_empty() {
                continue;
            }
            if known.contains(n) {
                cells.insert((row, col), n);
                continue;
            }
            // `项目名称：XXX` written into one cell.
            let at = CellRef::new(row, col);
            let Some(CellValue::Text(s)) = grid.get(at) else {
                continue;
            };
            if let Some(idx) = s.find(['：', ':']) {
                let (head, rest) = s.split_at(idx);
                let rest = rest.trim_start_matches(['：', ':']).trim();
                if rest.is_empty() {
                    continue;
                }
                let head = normalize(head);
                if let Some(f) = spec
                    .fields
                    .iter()
                    .find(|f| f.labels.iter().any(|l| canon(l) == head))
                {
                    inline.push((f.field, at, rest.to_string()));
                }
            }
        }
        let mut by_text: rustc_hash::FxHashMap<&str, Vec<CellRef>> = Default::default();
        for (&(row, col), &n) in &cells {
            by_text.entry(n).or_default().push(CellRef::new(row, col));
        }
        Labels {
            spec,
            texts,
            cells,
            by_text,
            inline,
        }
    }

    fn is_label(&self, at: CellRef) -> bool {
        self.cells.contains_key(&(at.row, at.col))
    }

    /// The cells that hold any of `labels`, in reading order.
    fn find(&self, labels: &[&'static str]) -> Vec<CellRef> {
        let mut found: Vec<CellRef> = labels
            .iter()
            .filter_map(|l| self.by_text.get(canon(l)))
            .flatten()
            .copied()
            .collect();
        if labels.len() > 1 {
            // Two aliases may be the same text once normalised.
            found.sort_by_key(|c| (c.row, c.col));
            found.dedup();
        }
        found
    }
}

/// Reads a classified sheet through its form description.
pub fn extract(grid: &Grid, kind: FormKind, title_cell: CellRef) -> RawCard {
    let spec = kind.spec();
    let texts = Texts::of(grid);
    let labels = Labels::new(spec, grid, &texts);
    let mut tables = BTreeMap::new();
    for t in spec.tables {
        if let Some(raw) = find_table(grid, &labels, t) {
            tables.insert(t.table, raw);
        }
    }
    // Cells inside a table's body never count as header fields (a 三级指标 named 总额, say).
    let in_table = |at: CellRef| {
        tables.values().any(|t: &RawTable| {
            at.row > t.header_row && t.rows.last().is_some_and(|r| at.row <= r.row)
        })
    };
    let mut fields = BTreeMap::new();
    for f in spec.fields {
        // Candidates in the order of the form's aliases (its own label first), then in
        // reading order.
        let mut cands: Vec<CellRef> = Vec::new();
        for l in f.labels {
            for at in labels.find(&[l]) {
                if !in_table(at) && !cands.contains(&at) {
                    cands.push(at);
                }
            }
        }
        if let Some(anchor) = f
            .under
            .and_then(|a| fields.get(&a).map(|h: &FieldHit| h.label))
        {
            // A money part: the label below the anchor in the same column wins; else one after
            // it (to its right on the same row, when the block is laid out as a header row).
            if let Some(best) = cands
                .iter()
                .copied()
                .filter(|c| c.col == anchor.col && c.row > anchor.row)
                .min_by_key(|c| c.row)
            {
                cands = vec![best];
            } else {
                cands.retain(|c| (c.row, c.col) > (anchor.row, anchor.col));
            }
        }
        // The first label with a value wins; else the first label, to say where the value is
        // missing; else a `项目名称：XXX` cell.
        let hit = cands
            .iter()
            .map(|&label| FieldHit {
                label,
                value: value_of(grid, &labels, label),
            })
            .find(|h| h.value.is_some())
            .or_else(|| cands.first().map(|&label| FieldHit { label, value: None }))
            .or_else(|| {
                labels
                    .inline
                    .iter()
                    .find(|(field, at, _)| *field == f.field && !in_table(*at))
                    .map(|(_, at, v)| FieldHit {
                        label: *at,
                        value: Some(Hit {
                            cell: *at,
                            value: CellValue::Text(v.clone()),
                        }),
                    })
            });
        if let Some(h) = hit {
            fields.insert(f.field, h);
        }
    }
    let money = spec.money.and_then(|m| find_money(grid, &labels, m));
    let month = labels
        .cells
        .iter()
        .filter(|(_, n)| n.contains("1-N月"))
        .find_map(|(&(r, c), _)| {
            grid.get(CellRef::new(r, c))
                .and_then(|v| super::label::month_of(&v.display()))
        });
    RawCard {
        kind,
        title_cell,
        fields,
        tables,
        money,
        month,
        fill_date: fill_date(grid, &labels),
    }
}

/// The labels a card's footer dates it by.
const FILL_DATE_LABELS: [&str; 3] = ["填报日期", "填表日期", "报送日期"];

/// The card's `填报日期`: a date next to (or below) the label, or written after it in the same
/// cell (`填报日期：2024年1月18日`).
fn fill_date(grid: &Grid, labels: &Labels<'_>) -> Option<f64> {
    let dated = labels
        .texts
        .iter()
        .filter(|(_, n)| FILL_DATE_LABELS.iter().any(|l| n.starts_with(l)));
    for ((row, col), _) in dated {
        let at = CellRef::new(row, col);
        let Some(CellValue::Text(s)) = grid.get(at) else {
            continue;
        };
        let t = super::label::name_key(s);
        let Some(label) = FILL_DATE_LABELS.iter().find(|l| t.starts_with(*l)) else {
            continue;
        };
        let rest = t[label.len()..].trim_start_matches(':');
        if let Some(d) = super::value::date_of_text(rest) {
            return Some(d);
        }
        if let Some(hit) = value_of(grid, labels, at)
            && let Some(d) = super::value::date_of(&hit.value)
        {
            return Some(d);
        }
    }
    None
}

/// A money matrix: the header row holds the anchor column label; each row label stands left of
/// the first money column below it.
fn find_money(grid: &Grid, labels: &Labels<'_>, spec: &MoneyBlockSpec) -> Option<RawMoney> {
    let anchor = labels.find(spec.columns[0].labels).into_iter().next()?;
    let mut header = BTreeMap::new();
    for c in spec.columns {
        let found = labels
            .find(c.labels)
            .into_iter()
            .filter(|at| at.row == anchor.row || at.row == anchor.row + 1)
            .min_by_key(|at| (at.row, at.col));
        if let Some(at) = found {
            header.insert(c.col, at);
        }
    }
    let first_col = header.values().map(|c| c.col).min()?;
    let data_row = header.values().map(|c| c.row).max().unwrap_or(anchor.row);
    let mut rows = BTreeMap::new();
    let mut cells = BTreeMap::new();
    for (field, names) in spec.all_rows() {
        let Some(label) = labels
            .find(names)
            .into_iter()
            .filter(|at| at.row > data_row && at.col < first_col)
            .min_by_key(|at| at.row)
        else {
            continue;
        };
        rows.insert(*field, label);
        for (&col, &h) in &header {
            let at = CellRef::new(label.row, h.col);
            if let Some(v) = grid.get(at) {
                cells.insert(
                    (*field, col),
                    Hit {
                        cell: at,
                        value: v.clone(),
                    },
                );
            }
        }
    }
    Some(RawMoney {
        header_row: anchor.row,
        header,
        rows,
        cells,
    })
}

/// The value of a label: the next non-empty cell to its right that is not itself a label; if
/// the row has none, the cell below it.
fn value_of(grid: &Grid, labels: &Labels<'_>, label: CellRef) -> Option<Hit> {
    // When the next cell is another label, this field's value is empty on this row.
    if let Some((at, v)) = grid.row(label.row).find(|(at, _)| at.col > label.col)
        && !labels.is_label(at)
    {
        return Some(Hit {
            cell: at,
            value: v.clone(),
        });
    }
    let below = CellRef::new(label.row + 1, label.col);
    match grid.get(below) {
        Some(v) if !labels.is_label(below) => Some(Hit {
            cell: below,
            value: v.clone(),
        }),
        _ => None,
    }
}

fn find_table(grid: &Grid, labels: &Labels<'_>, spec: &TableSpec) -> Option<RawTable> {
    let anchor = &spec.columns[0];
    // Candidate header rows: rows holding the anchor label; the first complete one wins.
    let mut anchor_rows: Vec<u32> = labels.find(anchor.labels).iter().map(|c| c.row).collect();
    anchor_rows.dedup();
    for row in anchor_rows {
        // A card with a mid-term block beside the annual one repeats the headers: the rightmost
        // set is the annual one.
        let start = labels
            .find(anchor.labels)
            .into_iter()
            .filter(|c| c.row == row)
            .max_by_key(|c| c.col)?;
        let mut header = BTreeMap::new();
        let mut used_sub = false;
        let mut complete = true;
        for c in spec.columns {
            let wanted: Vec<&str> = c.labels.iter().map(|l| canon(l)).collect();
            let find_in = |r: u32| {
                labels
                    .cells
                    .range((r, start.col)..=(r, u32::MAX))
                    .find(|(_, n)| wanted.contains(n))
                    .map(|(&(r, c), _)| CellRef::new(r, c))
            };
            match find_in(row).or_else(|| find_in(row + 1).inspect(|_| used_sub = true)) {
                Some(at) => {
                    header.insert(c.col, at);
                }
                None if c.required => complete = false,
                None => {}
            }
        }
        if !complete {
            continue;
        }
        let first_data = if used_sub { row + 2 } else { row + 1 };
        let (rows, total) = table_rows(grid, labels, spec, &header, first_data);
        return Some(RawTable {
            header_row: row,
            header,
            rows,
            total,
        });
    }
    None
}

/// What ends a table of a form, normalised: its total rows' labels, the form's field labels and
/// the other tables' anchors, and the prefixes that stop any table. Worked out once per table
/// and thread (not once per card).
struct TableEnds {
    totals: Vec<&'static str>,
    field_labels: FxHashSet<&'static str>,
    other_anchors: FxHashSet<&'static str>,
    stops: Vec<&'static str>,
}

impl TableEnds {
    fn of(form: &'static FormSpec, spec: &TableSpec) -> &'static TableEnds {
        use std::cell::RefCell;
        thread_local! {
            static ENDS: RefCell<FxHashMap<(FormKind, Table), &'static TableEnds>> =
                RefCell::default();
        }
        ENDS.with(|e| {
            *e.borrow_mut()
                .entry((form.kind, spec.table))
                .or_insert_with(|| {
                    let other_anchors = form
                        .tables
                        .iter()
                        .filter(|t| t.table != spec.table)
                        .flat_map(|t| {
                            t.columns[0]
                                .labels
                                .iter()
                                .chain(std::iter::once(&t.caption))
                                .map(|l| canon(l))
                        })
                        .collect();
                    Box::leak(Box::new(TableEnds {
                        totals: spec.total_labels.iter().map(|l| canon(l)).collect(),
                        field_labels: form
                            .fields
                            .iter()
                            .flat_map(|f| f.labels.iter().map(|l| canon(l)))
                            .collect(),
                        other_anchors,
                        stops: STOP_PREFIXES.iter().map(|p| canon(p)).collect(),
                    }))
                })
        })
    }
}

fn table_rows(
    grid: &Grid,
    labels: &Labels<'_>,
    spec: &TableSpec,
    header: &BTreeMap<Col, CellRef>,
    first: u32,
) -> (Vec<RawRow>, Option<RawRow>) {
    let first_col = header.values().map(|c| c.col).min().unwrap_or(0);
    let TableEnds {
        totals,
        field_labels,
        other_anchors,
        stops,
    } = TableEnds::of(labels.spec, spec);
    let mut rows = Vec::new();
    let mut carried: BTreeMap<Col, Hit> = BTreeMap::new();
    let last = grid.last_row().unwrap_or(0);
    for r in grid
        .row_numbers()
        .into_iter()
        .filter(|&r| r >= first && r <= last)
    {
        // The row's leading text (left of and at the first table column) decides whether the
        // table has ended.
        let lead = labels
            .texts
            .in_row(r, first_col + 1)
            .next()
            .map(|((r, c), n)| (CellRef::new(r, c), n));
        if let Some((at, n)) = lead.filter(|(_, n)| !n.is_empty()) {
            let mut parts = RawRow {
                row: r,
                ..Default::default()
            };
            if totals.contains(&n) {
                for (&col, &h) in header {
                    if let Some(v) = grid.get(CellRef::new(r, h.col)) {
                        parts.cells.insert(
                            col,
                            Hit {
                                cell: CellRef::new(r, h.col),
                                value: v.clone(),
                            },
                        );
                    }
                }
                return (rows, Some(parts));
            }
            if stops.iter().any(|p| n.starts_with(p))
                || (labels.is_label(at) && (field_labels.contains(n) || other_anchors.contains(n)))
            {
                break;
            }
        }
        let mut row = RawRow {
            row: r,
            ..Default::default()
        };
        for (&col, &h) in header {
            let at = CellRef::new(r, h.col);
            if let Some(v) = grid.get(at) {
                row.cells.insert(
                    col,
                    Hit {
                        cell: at,
                        value: v.clone(),
                    },
                );
            }
        }
        // A new level-1 name resets the level-2 carried from the previous group.
        if let Some(h) = row.cells.get(&Col::Level1)
            && carried.get(&Col::Level1).map(|c| &c.value) != Some(&h.value)
        {
            carried.remove(&Col::Level2);
        }
        for c in spec.columns.iter().filter(|c| c.carry_down) {
            match row.cells.get(&c.col) {
                Some(h) => {
                    carried.insert(c.col, h.clone());
                }
                None => {
                    if let Some(h) = carried.get(&c.col) {
                        row.cells.insert(c.col, h.clone());
                        row.inherited.insert(c.col);
                    }
                }
            }
        }
        // A row counts when it holds anything of its own: an indicator row left empty under a
        // printed level name is still a row the unit should have filled (or marked 不适用).
        let own = row.cells.len() > row.inherited.len();
        if own {
            rows.push(row);
        }
    }
    (rows, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every text the reader compares with: the labels of every form and the prefixes.
    fn targets() -> (FxHashSet<&'static str>, Vec<&'static str>) {
        let labels = KINDS
            .iter()
            .flat_map(|k| known_labels(k.spec()).iter().copied())
            .collect();
        let prefixes = STOP_PREFIXES
            .iter()
            .chain(&FILL_DATE_LABELS)
            .map(|p| canon(p))
            .collect();
        (labels, prefixes)
    }

    #[test]
    fn a_text_ruled_out_is_never_a_label_nor_starts_with_a_prefix() {
        let (labels, prefixes) = targets();
        let heads = Heads::get();
        // Labels and prefixes as units write them (spaced, full width, with notes, colons and
        // `其中`), cut short, run on, and joined with each other's characters.
        let mut texts: Vec<String> = Vec::new();
        let words: Vec<&str> = labels.iter().copied().chain(prefixes.clone()).collect();
        for w in &words {
            let chars: Vec<char> = w.chars().collect();
            let spaced: String = chars.iter().map(|c| format!("{c} ")).collect();
            let wide: String = w
                .chars()
                .map(|c| match c {
                    '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
                    _ => c,
                })
                .collect();
            texts.extend([
                w.to_string(),
                spaced,
                wide,
                format!("{w}："),
                format!("{w}（万元）"),
                format!("其中：{w}"),
                format!(" \u{3000}{w}\u{200B}"),
                format!("{w}以及其他"),
                format!("【{w}】"),
            ]);
            // A month range as typed (`1至6月` reads as `1-N月`).
            for month in ["1至6月", "1－12月", "1—6月", "1~3月"] {
                texts.push(w.replace("1-N月", month));
            }
            for cut in 1..chars.len() {
                texts.push(chars[..cut].iter().collect());
                texts.push(chars[cut..].iter().collect());
            }
        }
        let pool: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            let len = 1 + (seed % 6) as usize;
            let mut s = String::new();
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                s.push(pool[(seed % pool.len() as u64) as usize]);
            }
            texts.push(s);
        }
        let mut ruled_out = 0;
        for s in &texts {
            if !heads.rule_out(s) {
                continue;
            }
            ruled_out += 1;
            let n = normalized(s);
            assert!(
                !labels.contains(&*n),
                "{s:?} ruled out but is the label {n:?}"
            );
            assert!(
                !prefixes.iter().any(|p| n.starts_with(p)),
                "{s:?} ruled out but starts with a prefix"
            );
        }
        // The test rules out texts at all (of the random joins, most).
        assert!(ruled_out > 10_000, "{ruled_out} of {}", texts.len());
        // A unit's own words are ruled out; labels, spaced or not, are not.
        assert!(heads.rule_out("开展职业技能培训"));
        assert!(!heads.rule_out("项 目 名 称"));
        assert!(!heads.rule_out("其中：财政资金"));
    }
}
