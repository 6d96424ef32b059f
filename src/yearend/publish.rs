//! The public version (公开版) of a stage's consolidated workbook: its `项目汇总` and `指标明细`
//! without the columns that are for the bureau only (source files and rows, error counts,
//! whether a row counted, amount notes, contacts), only the rows that count, one set of tables
//! per unit and one for the district.

use crate::cellref::CellRef;
use crate::read::grid::Grid;
use crate::read::label::{clean_text, normalize};
use crate::read::value::{CellValue, parse_amount, parse_code, parse_number};
use crate::schema::{TOTAL_LABEL, col, project_key, sheet, sheets};
use crate::stage::common::{IndicatorRow, ProjectRow};
use crate::stage::monitor::{MonitorCols, MonitorIndicatorCols};
use crate::stage::self_eval::{SelfEvalCols, SelfEvalIndicatorCols};
use crate::table::{ColKind, Column, Row, Sheet, Val};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Columns for the bureau only: never in a public workbook.
pub const INTERNAL: &[&str] = &[
    col::FILE,
    col::SHEET,
    col::ROW,
    col::ERRORS,
    col::WARNINGS,
    col::COUNTED,
    col::AMOUNT_NOTE,
    col::CONTACT,
    col::EMAIL,
];

/// The sheets a public workbook holds, in order.
pub const PUBLIC_SHEETS: [&str; 2] = [sheet::PROJECTS, sheet::INDICATORS];

/// The columns the stages write to `项目汇总` and `指标明细`, with their kinds. A column not
/// among them is not published (it may hold anything).
fn known_columns() -> Vec<Column> {
    let mut c = ProjectRow::columns();
    c.extend(SelfEvalCols::columns());
    c.extend(MonitorCols::columns());
    c.extend(IndicatorRow::columns());
    c.extend(SelfEvalIndicatorCols::columns());
    c.extend(MonitorIndicatorCols::columns());
    c
}

/// Whether a header names a column for the bureau only.
pub fn is_internal(header: &str) -> bool {
    let h = normalize(header);
    INTERNAL.iter().any(|i| normalize(i) == h)
}

/// One public workbook: the district's (`unit_code` empty) or a unit's.
#[derive(Clone, Debug)]
pub struct PublicBook {
    pub unit_code: String,
    pub unit_name: String,
    pub sheets: Vec<Sheet>,
}

impl PublicBook {
    /// Rows of a sheet (continuations are written by the workbook writer, not here).
    pub fn rows(&self, name: &str) -> usize {
        self.sheets
            .iter()
            .find(|s| s.name == name)
            .map_or(0, |s| s.rows.len())
    }

    /// The sum of the `年度资金总额` of its projects.
    pub fn funds(&self) -> crate::money::Money {
        let Some(s) = self.sheets.iter().find(|s| s.name == sheet::PROJECTS) else {
            return crate::money::Money::default();
        };
        let Some(c) = s.columns.iter().position(|c| c.name == col::TOTAL) else {
            return crate::money::Money::default();
        };
        s.rows
            .iter()
            .filter_map(|r| match r.get(c) {
                Some(Val::Money(m)) => Some(*m),
                _ => None,
            })
            .fold(crate::money::Money::default(), |a, m| {
                crate::money::Money(a.0 + m.0)
            })
    }
}

/// The public workbooks of a consolidated workbook.
#[derive(Clone, Debug, Default)]
pub struct Published {
    /// The district's workbook first, then one per unit with counted projects, by unit code.
    pub books: Vec<PublicBook>,
    /// Columns left out because jixiao does not know them (never internal ones).
    pub unknown: Vec<String>,
    /// Rows of `项目汇总` left out because they did not count.
    pub uncounted: usize,
}

/// A table read from the consolidated workbook: the public columns and, per row, its values,
/// its unit, its project key and the card it came from.
struct Read {
    columns: Vec<Column>,
    rows: Vec<ReadRow>,
}

struct ReadRow {
    values: Vec<Val>,
    unit_code: String,
    unit_name: String,
    key: (String, String),
    source: (String, String),
    counted: bool,
}

/// A header cell: its column, its normalized text and its text as shown.
type HeaderCell = (u32, String, String);

/// The header row (among the first 20) holding `单位编码`, and its cells.
fn header(g: &Grid) -> Option<(u32, Vec<HeaderCell>)> {
    for r in g.row_numbers().into_iter().take(20) {
        let cells: Vec<HeaderCell> = g
            .row(r)
            .filter_map(|(at, v)| match v {
                CellValue::Text(t) => Some((at.col, normalize(t), clean_text(t))),
                _ => None,
            })
            .collect();
        if cells.iter().any(|(_, h, _)| h == col::UNIT_CODE) {
            return Some((r, cells));
        }
    }
    None
}

fn value(v: Option<&CellValue>, kind: ColKind) -> Val {
    let Some(v) = v else { return Val::Empty };
    let text = || v.clean_display();
    match kind {
        ColKind::Code => parse_code(v).map_or(Val::Empty, |c| Val::Text(c.text)),
        ColKind::Text | ColKind::LongText => {
            let t = text();
            if t.is_empty() {
                Val::Empty
            } else {
                Val::Text(t)
            }
        }
        ColKind::Money => match parse_amount(v) {
            Ok(Some(a)) => Val::Money(a.money),
            _ if text().is_empty() => Val::Empty,
            _ => Val::Text(text()),
        },
        ColKind::Int | ColKind::Ordinal => match v {
            CellValue::Number(n) => Val::Int(n.round() as i64),
            _ => text()
                .parse::<i64>()
                .map_or_else(|_| Val::Text(text()), Val::Int),
        },
        ColKind::Number | ColKind::Percent => match parse_number(v) {
            Some(n) => Val::Num(n),
            None if text().is_empty() => Val::Empty,
            None => Val::Text(text()),
        },
    }
}

/// Reads one table (with its continuation sheets), keeping the public columns.
fn read_table(
    grids: &[Grid],
    name: &str,
    known: &[Column],
    unknown: &mut BTreeSet<String>,
) -> Read {
    let mut out = Read {
        columns: Vec::new(),
        rows: Vec::new(),
    };
    for g in sheets(grids, name) {
        let Some((hr, cells)) = header(g) else {
            continue;
        };
        let at = |h: &str| cells.iter().find(|(_, n, _)| n == h).map(|(c, _, _)| *c);
        // The public columns of this sheet, in its order.
        let mut public: Vec<(u32, Column)> = Vec::new();
        for (c, norm, shown) in &cells {
            if is_internal(norm) {
                continue;
            }
            match known.iter().find(|k| normalize(k.name) == *norm) {
                Some(k) => public.push((*c, *k)),
                None => {
                    unknown.insert(shown.clone());
                }
            }
        }
        if out.columns.is_empty() {
            out.columns = public.iter().map(|(_, k)| *k).collect();
        }
        let cell = |r: u32, h: &str| at(h).and_then(|c| g.get(CellRef::new(r, c)));
        let text = |r: u32, h: &str| cell(r, h).map(|v| v.clean_display()).unwrap_or_default();
        let code = |r: u32, h: &str| {
            cell(r, h)
                .and_then(parse_code)
                .map(|c| c.text)
                .unwrap_or_default()
        };
        for r in g.row_numbers().into_iter().filter(|&r| r > hr) {
            let unit_code = code(r, col::UNIT_CODE);
            let project = text(r, col::PROJECT_NAME);
            if (unit_code.is_empty() && project.is_empty()) || unit_code == TOTAL_LABEL {
                continue;
            }
            let counted = text(r, col::COUNTED);
            // Columns in the first sheet's order, whatever the continuation's.
            let values = out
                .columns
                .iter()
                .map(|k| {
                    public
                        .iter()
                        .find(|(_, p)| p.name == k.name)
                        .map_or(Val::Empty, |(c, _)| {
                            value(g.get(CellRef::new(r, *c)), k.kind)
                        })
                })
                .collect();
            out.rows.push(ReadRow {
                values,
                key: project_key(&unit_code, &code(r, col::PROJECT_CODE), &project),
                unit_name: text(r, col::UNIT_NAME),
                unit_code,
                source: (text(r, col::FILE), text(r, col::SHEET)),
                counted: counted.is_empty() || counted == crate::table::COUNTED,
            });
        }
    }
    out
}

/// The public workbooks of a consolidated workbook's sheets: the district's, then one per unit
/// with at least one counted project. Indicators are those of the counted cards.
pub fn publish(grids: &[Grid]) -> Published {
    let known = known_columns();
    let mut unknown = BTreeSet::new();
    let projects = read_table(grids, sheet::PROJECTS, &known, &mut unknown);
    let indicators = read_table(grids, sheet::INDICATORS, &known, &mut unknown);
    let uncounted = projects.rows.iter().filter(|r| !r.counted).count();
    // The card each counted project was read from.
    let mut counted: HashMap<(String, String), (String, String)> = HashMap::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    let kept: Vec<&ReadRow> = projects.rows.iter().filter(|r| r.counted).collect();
    for r in &kept {
        counted
            .entry(r.key.clone())
            .or_insert_with(|| r.source.clone());
        let n = names.entry(r.unit_code.clone()).or_default();
        if n.is_empty() {
            n.clone_from(&r.unit_name);
        }
    }
    let kept_ind: Vec<&ReadRow> = indicators
        .rows
        .iter()
        .filter(|r| {
            counted.get(&r.key).is_some_and(|(file, sh)| {
                r.source.0.is_empty()
                    || (file.is_empty() && sh.is_empty())
                    || (&r.source.0, &r.source.1) == (file, sh)
            })
        })
        .collect();
    let tables = |unit: Option<&str>| -> Vec<Sheet> {
        let pick = |rows: &[&ReadRow]| -> Vec<Vec<Val>> {
            rows.iter()
                .filter(|r| unit.is_none_or(|u| r.unit_code == u))
                .map(|r| r.values.clone())
                .collect()
        };
        vec![
            Sheet {
                name: sheet::PROJECTS.to_string(),
                columns: projects.columns.clone(),
                rows: pick(&kept),
                total: false,
            }
            .with_total(),
            Sheet {
                name: sheet::INDICATORS.to_string(),
                columns: indicators.columns.clone(),
                rows: pick(&kept_ind),
                total: false,
            },
        ]
    };
    let mut books = vec![PublicBook {
        unit_code: String::new(),
        unit_name: "全区".into(),
        sheets: tables(None),
    }];
    for (code, name) in &names {
        books.push(PublicBook {
            unit_code: code.clone(),
            unit_name: name.clone(),
            sheets: tables(Some(code)),
        });
    }
    Published {
        books,
        unknown: unknown.into_iter().collect(),
        uncounted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(name: &str, rows: &[&[&str]]) -> Grid {
        let mut g = Grid::new(name, 0);
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    let cv = v
                        .parse::<f64>()
                        .map_or_else(|_| CellValue::Text((*v).into()), CellValue::Number);
                    g.set(r as u32, c as u32, cv);
                }
            }
        }
        g
    }

    #[test]
    fn internal_columns_and_uncounted_rows_are_left_out() {
        let grids = vec![
            grid(
                sheet::PROJECTS,
                &[
                    &[
                        "单位编码",
                        "单位名称",
                        "项目名称",
                        "年度资金总额（万元）",
                        "错误数",
                        "计入合计",
                        "来源文件",
                    ],
                    &["101", "甲局", "道路", "12.34", "1", "是", "a.xlsx"],
                    &["101", "甲局", "道路", "99", "0", "否（已替换）", "old.xlsx"],
                    &["102", "乙局", "学校", "5", "0", "是", "b.xlsx"],
                    &["合计", "", "", "17.34", "", "", ""],
                ],
            ),
            grid(
                sheet::INDICATORS,
                &[
                    &[
                        "单位编码",
                        "项目名称",
                        "三级指标",
                        "指标值",
                        "来源文件",
                        "来源行",
                    ],
                    &["101", "道路", "里程", "5公里", "a.xlsx", "7"],
                    &["101", "道路", "里程", "4公里", "old.xlsx", "7"],
                    &["102", "学校", "班级", "3个", "b.xlsx", "8"],
                ],
            ),
        ];
        let p = publish(&grids);
        assert_eq!(p.books.len(), 3);
        assert_eq!(p.uncounted, 1);
        let district = &p.books[0];
        assert_eq!(district.rows(sheet::PROJECTS), 2);
        assert_eq!(district.rows(sheet::INDICATORS), 2);
        assert_eq!(district.funds().to_string(), "17.34");
        for b in &p.books {
            for s in &b.sheets {
                assert!(
                    s.columns.iter().all(|c| !is_internal(c.name)),
                    "{:?}",
                    s.columns
                );
            }
        }
        assert_eq!(p.books[1].unit_name, "甲局");
        assert_eq!(p.books[1].rows(sheet::INDICATORS), 1);
    }
}
