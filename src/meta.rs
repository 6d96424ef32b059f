//! The hidden metadata sheet of a template (`_jixiao`): which form, which year, which unit, and
//! per card what the bureau pre-filled. `validate` reads it back to refuse a form of the wrong
//! kind or year, to tell an untouched template, and to notice pre-filled keys that were edited.
//!
//! The sheet is plain text cells, one record per row, first cell the record type, so that it
//! survives a re-save by Excel, WPS or LibreOffice (xlsx or xls) unchanged:
//!
//! ```text
//! jixiao-template | <version>
//! kind            | Target            | 项目支出绩效目标申报表
//! year            | 2024
//! month           | 7                 (monitoring only)
//! unit            | <单位编码>        | <单位名称>
//! card            | <sheet> | <项目编码> | <项目名称> | spare 0/1 | <hash> | <input cells> | <kind>
//! prefill         | <sheet> | <key>     | <value>
//! indicator       | <sheet> | <一级>    | <二级> | <三级> | <指标值>
//! ```

use crate::card::Card;
use crate::cellref::CellRef;
use crate::forms::{Col, Field, FormKind, KINDS, ValueType};
use crate::money::Money;
use crate::read::grid::Grid;
use crate::read::label::name_key;
use crate::read::value::{CellValue, parse_amount};
use rust_xlsxwriter::{Worksheet, XlsxError};
use sha2::{Digest, Sha256};

/// A declared indicator carried from the target stage into later cards.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Declared {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub value: String,
    pub explanation: String,
}

/// The instructions sheet, first in every template (listed as skipped when a template comes
/// back, never reported).
pub const GUIDE_SHEET: &str = "填报说明";

/// The fixed name of the metadata sheet.
pub const META_SHEET: &str = "_jixiao";
/// The first cell of the metadata sheet: tells a template from any workbook with such a sheet.
const MAGIC: &str = "jixiao-template";

/// A pre-filled cell of a card, by what it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// A header field: 项目名称, 项目编码, 主管部门, 实施单位, a target card's 年度资金总额, the
    /// 年初设定目标 of a monitoring card…
    Field(Field),
    /// A cell of the money block of a monitoring or self-evaluation card: row, column
    /// (年度资金总额 × 年初预算数).
    Block(Field, Col),
}

impl Key {
    fn id(self) -> String {
        match self {
            Key::Field(f) => format!("{f:?}"),
            Key::Block(f, c) => format!("{f:?}/{c:?}"),
        }
    }

    fn parse(s: &str, kind: FormKind) -> Option<Key> {
        let spec = kind.spec();
        let named = |f: &Field| format!("{f:?}");
        match s.split_once('/') {
            None => spec
                .fields
                .iter()
                .map(|f| f.field)
                .find(|f| named(f) == s)
                .map(Key::Field),
            Some((f, c)) => {
                let m = spec.money?;
                let row = m.rows.iter().map(|r| r.0).find(|r| named(r) == f)?;
                let col = m
                    .columns
                    .iter()
                    .map(|c| c.col)
                    .find(|col| format!("{col:?}") == c)?;
                Some(Key::Block(row, col))
            }
        }
    }

    /// The key as a user reads it, with the form's own labels: `项目名称`, `年度资金总额·年初预算数`.
    pub fn label(self, kind: FormKind) -> String {
        let spec = kind.spec();
        let row_label = |f: Field| {
            spec.money
                .and_then(|m| m.rows.iter().find(|r| r.0 == f))
                .map(|r| r.1[0])
                .unwrap_or_else(|| spec.label(f))
        };
        match self {
            Key::Field(f) => spec.label(f).to_string(),
            Key::Block(f, c) => {
                let col = spec
                    .money
                    .and_then(|m| m.column(c))
                    .map(|c| c.labels[0])
                    .unwrap_or("");
                format!("{}·{col}", row_label(f))
            }
        }
    }

    fn is_money(self, kind: FormKind) -> bool {
        match self {
            Key::Block(..) => true,
            Key::Field(f) => kind
                .spec()
                .field(f)
                .is_some_and(|s| s.ty == ValueType::Money),
        }
    }
}

/// What the bureau pre-filled on one card sheet.
#[derive(Clone, Debug, PartialEq)]
pub struct CardMeta {
    pub sheet: String,
    /// Empty for a spare card (a project not yet listed).
    pub project_code: String,
    pub project_name: String,
    pub spare: bool,
    /// The card's kind: a target-stage workbook holds the unit-wide card beside project cards.
    pub kind: FormKind,
    /// Pre-filled values as text: names as written, amounts as plain decimals (`24.68`).
    pub prefilled: Vec<(Key, String)>,
    /// Declared indicators carried over from the target stage (monitoring, self-evaluation).
    pub indicators: Vec<Declared>,
    /// The input cells that were empty in the template (top-left cell of a merged input).
    pub inputs: Vec<CellRef>,
    /// `prefill_hash` of the above when the template was written.
    pub hash: String,
}

/// A pre-filled value that the returned card no longer holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Edited {
    /// `None` for a declared indicator.
    pub key: Option<Key>,
    /// What was edited, in Chinese: `项目编码`, `三级指标“培训人次”的指标值`.
    pub what: String,
    pub expected: String,
    /// Empty when the value was deleted.
    pub found: String,
    /// Where the card holds (or should hold) the value.
    pub cell: Option<CellRef>,
}

/// The metadata of one template workbook.
#[derive(Clone, Debug, PartialEq)]
pub struct TemplateMeta {
    pub kind: FormKind,
    pub version: u32,
    pub year: i32,
    /// The N of `1-N月` (monitoring).
    pub month: Option<u32>,
    pub unit_code: String,
    pub unit_name: String,
    pub cards: Vec<CardMeta>,
}

/// A hash of a card's pre-filled content (hex, 32 digits). Any change of kind, year, unit, a
/// pre-filled value or a declared indicator changes it.
pub fn prefill_hash(
    kind: FormKind,
    year: i32,
    unit_code: &str,
    prefilled: &[(Key, String)],
    indicators: &[Declared],
) -> String {
    let mut h = Sha256::new();
    h.update(format!("{kind:?}\t{year}\t{unit_code}\n"));
    for (k, v) in prefilled {
        h.update(format!("{}\t{v}\n", k.id()));
    }
    for d in indicators {
        h.update(format!(
            "{}\t{}\t{}\t{}\n",
            d.level1, d.level2, d.level3, d.value
        ));
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text a pre-filled amount is recorded as: a plain decimal without trailing zeros.
pub fn money_text(m: Money) -> String {
    m.0.normalize().to_string()
}

impl TemplateMeta {
    /// The card meta of a sheet, by sheet name; else (a renamed sheet) by project code.
    pub fn card_for(&self, card: &Card) -> Option<&CardMeta> {
        self.cards
            .iter()
            .find(|c| card.src.sheet == c.sheet)
            .or_else(|| {
                let code = card.project_code()?;
                self.cards.iter().find(|c| c.project_code == code)
            })
    }

    /// The metadata itself was not edited: every card's stored hash matches its stored values.
    pub fn intact(&self) -> bool {
        self.cards.iter().all(|c| {
            prefill_hash(
                c.kind,
                self.year,
                &self.unit_code,
                &c.prefilled,
                &c.indicators,
            ) == c.hash
        })
    }
}

impl CardMeta {
    /// Every input cell of the template is still empty in `grid` (the card's sheet as read).
    pub fn is_untouched(&self, grid: &Grid) -> bool {
        self.inputs
            .iter()
            .all(|&at| grid.get(at).is_none_or(CellValue::is_blank))
    }

    /// Pre-filled values the returned card no longer holds: edited or deleted keys and amounts,
    /// and declared indicators whose 三级指标 is gone or whose 指标值 changed. Texts compare
    /// ignoring white space and full/half width, amounts to the cent.
    pub fn edited(&self, card: &Card) -> Vec<Edited> {
        let kind = card.kind;
        let mut out = Vec::new();
        for &(key, ref expected) in &self.prefilled {
            let (found, cell) = current(card, key);
            let same = if key.is_money(kind) {
                let want = Money::from_str_exact(expected);
                let got = Money::from_str_exact(&found);
                match (want, got) {
                    (Some(a), Some(b)) => a.cents() == b.cents(),
                    _ => name_key(expected) == name_key(&found),
                }
            } else {
                name_key(expected) == name_key(&found)
            };
            if !same {
                out.push(Edited {
                    key: Some(key),
                    what: key.label(kind),
                    expected: expected.clone(),
                    found,
                    cell,
                });
            }
        }
        for d in &self.indicators {
            let found = card.indicators.iter().find(|i| {
                i.name()
                    .is_some_and(|n| name_key(n.value) == name_key(&d.level3))
            });
            match found {
                None => out.push(Edited {
                    key: None,
                    what: format!("三级指标“{}”", d.level3),
                    expected: d.level3.clone(),
                    found: String::new(),
                    cell: card.indicator_header,
                }),
                Some(i) => {
                    let v = i.value_text();
                    if name_key(v) != name_key(&d.value) {
                        out.push(Edited {
                            key: None,
                            what: format!("三级指标“{}”的指标值", d.level3),
                            expected: d.value.clone(),
                            found: v.to_string(),
                            cell: Some(i.value_cell()),
                        });
                    }
                }
            }
        }
        out
    }
}

/// The value a card holds for a key now, as text, and its cell.
fn current(card: &Card, key: Key) -> (String, Option<CellRef>) {
    match key {
        Key::Field(f) => {
            if let Some(c) = card.codes.get(&f) {
                return (c.value.text.clone(), Some(c.cell));
            }
            if let Some(a) = card.amounts.get(&f) {
                let text = match &a.value {
                    crate::card::AmountCell::Value(v) => money_text(v.money),
                    crate::card::AmountCell::Bad(s) => s.clone(),
                };
                return (text, Some(a.cell));
            }
            match card.texts.get(&f) {
                Some(t) => (t.value.to_string(), Some(t.cell)),
                None => (String::new(), card.labels.get(&f).copied()),
            }
        }
        Key::Block(f, c) => match card.block.get(&(f, c)) {
            Some(hit) => {
                let text = match parse_amount(&hit.value) {
                    Ok(Some(a)) => money_text(a.money),
                    _ => hit.value.clean_display(),
                };
                (text, Some(hit.cell))
            }
            None => (String::new(), None),
        },
    }
}

/// Writes the metadata records into `ws` (the caller names, hides and protects the sheet).
pub fn write_sheet(ws: &mut Worksheet, meta: &TemplateMeta) -> Result<(), XlsxError> {
    let mut rows: Vec<Vec<String>> = vec![
        vec![MAGIC.into(), meta.version.to_string()],
        vec![
            "kind".into(),
            format!("{:?}", meta.kind),
            meta.kind.name().into(),
        ],
        vec!["year".into(), meta.year.to_string()],
    ];
    if let Some(m) = meta.month {
        rows.push(vec!["month".into(), m.to_string()]);
    }
    rows.push(vec![
        "unit".into(),
        meta.unit_code.clone(),
        meta.unit_name.clone(),
    ]);
    for c in &meta.cards {
        rows.push(vec![
            "card".into(),
            c.sheet.clone(),
            c.project_code.clone(),
            c.project_name.clone(),
            if c.spare { "1" } else { "0" }.into(),
            c.hash.clone(),
            cells_text(&c.inputs),
            format!("{:?}", c.kind),
        ]);
        for (k, v) in &c.prefilled {
            rows.push(vec!["prefill".into(), c.sheet.clone(), k.id(), v.clone()]);
        }
        for d in &c.indicators {
            rows.push(vec![
                "indicator".into(),
                c.sheet.clone(),
                d.level1.clone(),
                d.level2.clone(),
                d.level3.clone(),
                d.value.clone(),
            ]);
        }
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32, c as u16, v)?;
            }
        }
    }
    Ok(())
}

/// Input cells as `C14:E14,G14`: runs of neighbours in one row become a range.
fn cells_text(cells: &[CellRef]) -> String {
    let mut sorted = cells.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len()
            && sorted[i + 1].row == start.row
            && sorted[i + 1].col == end.col + 1
        {
            i += 1;
            end = sorted[i];
        }
        parts.push(if end == start {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

fn parse_cells(s: &str) -> Vec<CellRef> {
    let mut out = Vec::new();
    for part in s.split(',').filter(|p| !p.trim().is_empty()) {
        match part.split_once(':') {
            Some((a, b)) => {
                if let (Some(a), Some(b)) = (CellRef::parse(a), CellRef::parse(b)) {
                    for row in a.row..=b.row {
                        for col in a.col..=b.col {
                            out.push(CellRef::new(row, col));
                        }
                    }
                }
            }
            None => out.extend(CellRef::parse(part)),
        }
    }
    out
}

/// Reads the metadata of a template from its sheets (as `read_workbook` returns them, hidden
/// sheets included). `None` when the workbook holds no readable `_jixiao` sheet: not a template
/// written by this tool, or one whose metadata was removed.
pub fn read_meta(grids: &[Grid]) -> Option<TemplateMeta> {
    let grid = grids.iter().find(|g| g.name == META_SHEET)?;
    let text = |r: u32, c: u32| {
        grid.get(CellRef::new(r, c))
            .map(|v| v.clean_display())
            .unwrap_or_default()
    };
    let rows = grid.row_numbers();
    let first = *rows.first()?;
    if text(first, 0) != MAGIC {
        return None;
    }
    let version = text(first, 1).parse().ok()?;
    let mut kind = None;
    let mut year = None;
    let mut month = None;
    let mut unit = (String::new(), String::new());
    let mut cards: Vec<CardMeta> = Vec::new();
    let mut pending_prefill: Vec<(String, String, String)> = Vec::new();
    let mut card_kinds: Vec<Option<FormKind>> = Vec::new();
    for &r in &rows[1..] {
        match text(r, 0).as_str() {
            "kind" => {
                let k = text(r, 1);
                kind = KINDS.iter().copied().find(|x| format!("{x:?}") == k);
            }
            "year" => year = text(r, 1).parse().ok(),
            "month" => month = text(r, 1).parse().ok(),
            "unit" => unit = (text(r, 1), text(r, 2)),
            "card" => {
                card_kinds.push(
                    KINDS
                        .iter()
                        .copied()
                        .find(|x| format!("{x:?}") == text(r, 7)),
                );
                cards.push(CardMeta {
                    sheet: text(r, 1),
                    project_code: text(r, 2),
                    project_name: text(r, 3),
                    spare: text(r, 4) == "1",
                    kind: FormKind::Target,
                    prefilled: Vec::new(),
                    indicators: Vec::new(),
                    inputs: parse_cells(&text(r, 6)),
                    hash: text(r, 5),
                })
            }
            "prefill" => pending_prefill.push((text(r, 1), text(r, 2), text(r, 3))),
            "indicator" => {
                let sheet = text(r, 1);
                if let Some(c) = cards.iter_mut().find(|c| c.sheet == sheet) {
                    c.indicators.push(Declared {
                        level1: text(r, 2),
                        level2: text(r, 3),
                        level3: text(r, 4),
                        value: text(r, 5),
                        explanation: String::new(),
                    });
                }
            }
            _ => {}
        }
    }
    let kind = kind?;
    // A card is of the workbook's kind unless its record names its own.
    for (c, k) in cards.iter_mut().zip(card_kinds) {
        c.kind = k.unwrap_or(kind);
    }
    for (sheet, key, value) in pending_prefill {
        if let Some(c) = cards.iter_mut().find(|c| c.sheet == sheet)
            && let Some(key) = Key::parse(&key, c.kind)
        {
            c.prefilled.push((key, value));
        }
    }
    Some(TemplateMeta {
        kind,
        version,
        year: year?,
        month,
        unit_code: unit.0,
        unit_name: unit.1,
        cards,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_cells_compress_and_expand() {
        let cells = vec![
            CellRef::new(13, 2),
            CellRef::new(13, 3),
            CellRef::new(13, 4),
            CellRef::new(13, 6),
            CellRef::new(2, 1),
        ];
        let text = cells_text(&cells);
        assert_eq!(text, "B3,C14:E14,G14");
        let mut back = parse_cells(&text);
        back.sort();
        let mut want = cells;
        want.sort();
        assert_eq!(back, want);
    }

    #[test]
    fn keys_round_trip_through_their_ids() {
        for (kind, key) in [
            (FormKind::Target, Key::Field(Field::Total)),
            (FormKind::Target, Key::Field(Field::ProjectCode)),
            (
                FormKind::Monitor,
                Key::Block(Field::Fiscal, Col::BudgetStart),
            ),
            (FormKind::SelfEval, Key::Field(Field::AnnualGoal)),
        ] {
            assert_eq!(Key::parse(&key.id(), kind), Some(key));
        }
        assert_eq!(Key::parse("Total", FormKind::Monitor), None);
        assert_eq!(
            Key::Block(Field::Total, Col::BudgetStart).label(FormKind::Monitor),
            "年度资金总额·年初预算数"
        );
    }

    #[test]
    fn the_hash_follows_every_prefilled_value() {
        let p = vec![(Key::Field(Field::ProjectName), "校舍维修".to_string())];
        let a = prefill_hash(FormKind::Target, 2024, "301001", &p, &[]);
        assert_eq!(a.len(), 32);
        assert_eq!(a, prefill_hash(FormKind::Target, 2024, "301001", &p, &[]));
        assert_ne!(a, prefill_hash(FormKind::Target, 2025, "301001", &p, &[]));
        assert_ne!(a, prefill_hash(FormKind::Monitor, 2024, "301001", &p, &[]));
        let q = vec![(Key::Field(Field::ProjectName), "校舍维修2".to_string())];
        assert_ne!(a, prefill_hash(FormKind::Target, 2024, "301001", &q, &[]));
    }
}
