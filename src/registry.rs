//! The bureau's own lists (FORMS §2): the roster of units and the budget project list. Both are
//! spreadsheets with a header row somewhere near the top; columns are found by name.

use crate::cellref::CellRef;
use crate::money::Money;
use crate::read::grid::Grid;
use crate::read::label::{name_key, normalize};
use crate::read::value::{CellValue, parse_amount, parse_code};
use crate::read::workbook::{OpenError, read_workbook};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;

pub mod rule_table;

/// Column names of the bureau's lists (FORMS §2), as the lists spell them.
pub mod col {
    pub const UNIT_CODE: &str = "单位编码";
    pub const UNIT_NAME: &str = "单位名称";
    pub const DEPARTMENT: &str = "主管部门";
    pub const UNIT_KIND: &str = "单位类型";
    pub const CONTACT: &str = "联系人";
    pub const EMAIL: &str = "邮箱";
    /// Other spellings of 联系人 and 邮箱.
    pub const CONTACTS: &[&str] = &[CONTACT, "联系人姓名", "联系人员", "填报人"];
    pub const EMAILS: &[&str] = &[
        EMAIL,
        "电子邮箱",
        "电子邮件",
        "邮件地址",
        "联系邮箱",
        "E-mail",
        "Email",
        "email",
    ];
    pub const ALIASES: &str = "别名";
    pub const HAS_PROJECTS: &str = "是否有项目支出";
    pub const PROJECT_CODE: &str = "项目编码";
    pub const PROJECT_NAME: &str = "项目名称";
    pub const BUDGET_TYPE: &str = "预算类型";
    pub const ATTRIBUTE: &str = "项目属性";
    pub const AMOUNT: &str = "本年预算数";
    pub const LAST_YEAR: &str = "上年预算数";
    pub const CATEGORY: &str = "项目类别";
    pub const FIELD: &str = "领域";
}

/// The roster's columns.
pub const ROSTER_COLUMNS: &[&str] = &[
    col::UNIT_CODE,
    col::UNIT_NAME,
    col::DEPARTMENT,
    col::UNIT_KIND,
    col::CONTACT,
    col::EMAIL,
    col::ALIASES,
    col::HAS_PROJECTS,
];

/// The budget project list's columns.
pub const BUDGET_COLUMNS: &[&str] = &[
    col::UNIT_CODE,
    col::PROJECT_CODE,
    col::PROJECT_NAME,
    col::BUDGET_TYPE,
    col::ATTRIBUTE,
    col::AMOUNT,
    col::LAST_YEAR,
    col::CATEGORY,
    col::DEPARTMENT,
    col::FIELD,
];

/// Whether a workbook is a roster (a header row with 单位编码, 单位名称 and 联系人).
pub fn is_roster(grids: &[Grid]) -> bool {
    Listing::find(grids, &[col::UNIT_CODE, col::UNIT_NAME, col::CONTACT]).is_some()
}

/// Whether a workbook is a budget project list (单位编码, 项目名称 and 本年预算数).
pub fn is_budget_list(grids: &[Grid]) -> bool {
    Listing::find(grids, &[col::UNIT_CODE, col::PROJECT_NAME, col::AMOUNT]).is_some()
}

/// A plain list read by header names (the header row is found among the first 20 rows).
///
/// A header may take two rows: a group (`预算数`, `预算金额（万元）`) over its parts (`本年预算数`
/// `上年预算数`, or `本年` `上年`). The parts are then the columns, also under their name joined
/// to the group's (`本年预算金额`), and the group's own name names none of them.
pub(crate) struct Listing<'g> {
    grid: &'g Grid,
    cols: HashMap<String, u32>,
    /// The first header row, and the last (the second of a two-row header).
    first_header_row: u32,
    header_row: u32,
    /// A line above the header says the amounts are in 元 (`单位：元`).
    yuan_line: bool,
}

impl<'g> Listing<'g> {
    pub(crate) fn find(grids: &'g [Grid], required: &[&str]) -> Option<Listing<'g>> {
        grids.iter().find_map(|g| Listing::in_grid(g, required))
    }

    /// The list on every sheet that has its header: on the visible sheets, or (when none is
    /// visible) on the hidden ones. The hidden sheets left out are named in `left_out`.
    pub(crate) fn find_all(
        grids: &'g [Grid],
        required: &[&str],
        left_out: &mut Vec<String>,
    ) -> Vec<Listing<'g>> {
        let (visible, hidden): (Vec<Listing>, Vec<Listing>) = grids
            .iter()
            .filter_map(|g| Listing::in_grid(g, required))
            .partition(|l| !l.grid.hidden);
        if visible.is_empty() {
            return hidden;
        }
        left_out.extend(hidden.iter().map(|l| l.grid.name.clone()));
        visible
    }

    fn in_grid(grid: &'g Grid, required: &[&str]) -> Option<Listing<'g>> {
        let rows = grid.row_numbers();
        for (k, &r) in rows.iter().enumerate().take(20) {
            let mut cols: HashMap<String, u32> = grid
                .row(r)
                .filter(|&(_, v)| matches!(v, CellValue::Text(_)))
                .map(|(at, v)| (normalize(&v.display()), at.col))
                .collect();
            if !required.iter().all(|h| cols.contains_key(*h)) {
                continue;
            }
            let yuan_line = rows[..k].iter().any(|&above| {
                grid.row(above)
                    .any(|(_, v)| matches!(v, CellValue::Text(t) if says_yuan_unit(t)))
            });
            let mut header_row = r;
            if let Some(&next) = rows.get(k + 1)
                && next == r + 1
                && let Some(parts) = sub_header(grid, r, next, &cols, required)
            {
                for (group, part, col) in parts {
                    cols.remove(&group);
                    cols.entry(format!("{part}{group}")).or_insert(col);
                    cols.entry(part).or_insert(col);
                }
                header_row = next;
            }
            return Some(Listing {
                grid,
                cols,
                first_header_row: r,
                header_row,
                yuan_line,
            });
        }
        None
    }

    /// The sheet the list is on.
    pub(crate) fn sheet(&self) -> &str {
        &self.grid.name
    }

    /// Whether the amounts of a column are in 元: its header says `（元）`, or (saying no unit)
    /// a line above the header says `单位：元`.
    fn in_yuan(&self, col: u32) -> bool {
        let header: String = (self.first_header_row..=self.header_row)
            .filter_map(|r| self.grid.get(CellRef::new(r, col)))
            .map(|v| v.display())
            .collect();
        if header.contains("万元") {
            false
        } else if header.contains('元') {
            true
        } else {
            self.yuan_line
        }
    }

    /// A row that is not an entry: a 合计/小计/总计 row (its first text starts or ends so, or
    /// another of its texts says only that: `101001 | 小计`, `区委办公室小计`), or a note below the
    /// list (`注：…`, `制表人：…`).
    pub(crate) fn is_total_or_note(&self, row: u32) -> bool {
        let texts: Vec<String> = self
            .grid
            .row(row)
            .filter_map(|(_, v)| match v {
                CellValue::Text(t) => Some(normalize(t)),
                _ => None,
            })
            .collect();
        let Some(first) = texts.first() else {
            return false;
        };
        const TOTALS: [&str; 3] = ["合计", "小计", "总计"];
        const NOTES: [&str; 8] = [
            "注",
            "说明",
            "备注",
            "制表",
            "填表",
            "审核",
            "负责人",
            "数据来源",
        ];
        let total = |t: &String| {
            TOTALS.iter().any(|w| {
                t.ends_with(w)
                    || t.starts_with(&format!("{w}:"))
                    || t.starts_with(&format!("{w}："))
            })
        };
        texts.iter().any(total)
            || TOTALS.iter().chain(&["总额"]).any(|t| first.starts_with(t))
            || NOTES.iter().any(|n| {
                first.starts_with(n)
                    && first[n.len()..]
                        .chars()
                        .next()
                        .is_none_or(|c| matches!(c, ':' | '：' | '1' | '一' | '人'))
            })
    }

    /// The header row's texts as written (before normalisation).
    pub(crate) fn header_texts(&self) -> impl Iterator<Item = String> + '_ {
        (self.first_header_row..=self.header_row)
            .flat_map(|r| self.grid.row(r))
            .map(|(_, v)| v.display())
    }

    /// The column of a header name.
    pub(crate) fn column(&self, name: &str) -> Option<u32> {
        self.cols.get(name).copied()
    }

    pub(crate) fn rows(&self) -> impl Iterator<Item = u32> + '_ {
        self.grid
            .row_numbers()
            .into_iter()
            .filter(move |&r| r > self.header_row)
    }

    pub(crate) fn cell(&self, row: u32, name: &str) -> Option<&CellValue> {
        self.cols
            .get(name)
            .and_then(|&c| self.grid.get(CellRef::new(row, c)))
    }

    pub(crate) fn text(&self, row: u32, name: &str) -> String {
        self.cell(row, name)
            .map(|v| v.clean_display())
            .unwrap_or_default()
    }

    pub(crate) fn code(&self, row: u32, name: &str) -> String {
        self.cell(row, name)
            .and_then(parse_code)
            .map(|c| c.text)
            .unwrap_or_default()
    }

    /// An amount in 万元 (divided by 10,000 where the list is in 元).
    pub(crate) fn money(&self, row: u32, name: &str) -> Option<Money> {
        let col = *self.cols.get(name)?;
        let m = self
            .cell(row, name)
            .and_then(|v| parse_amount(v).ok().flatten())
            .map(|a| a.money)?;
        Some(if self.in_yuan(col) { m.from_yuan() } else { m })
    }

    /// The amount column named by its year (`2024年预算数`, `2024年预算`): the latest year's.
    fn latest_year_column(&self) -> Option<&str> {
        self.cols
            .keys()
            .filter_map(|k| {
                let (year, rest) = k.split_once('年')?;
                (year.len() == 4
                    && year.bytes().all(|b| b.is_ascii_digit())
                    && matches!(rest, "预算数" | "预算" | "预算金额" | "年初预算数"))
                .then_some((year, k.as_str()))
            })
            .max()
            .map(|(_, k)| k)
    }

    /// The first of these columns the list has.
    pub(crate) fn first_of<'n>(&self, names: &[&'n str]) -> Option<&'n str> {
        names.iter().find(|n| self.cols.contains_key(**n)).copied()
    }
}

/// `单位：元`, `金额单位：元` (and not `单位：万元`).
fn says_yuan_unit(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    t.match_indices("单位").any(|(i, _)| {
        t[i + "单位".len()..]
            .trim_start_matches([':', '：'])
            .starts_with('元')
    })
}

/// The second row of a two-row header: the parts (`本年预算数`, `本年`) under a group heading,
/// as (group, part, column). A row is one when it holds texts only, none of them under a
/// required column (an entry always fills those), and at least one under a group (a heading
/// whose row has no text of its own above the part's column, or the group's own column).
fn sub_header(
    grid: &Grid,
    top: u32,
    next: u32,
    cols: &HashMap<String, u32>,
    required: &[&str],
) -> Option<Vec<(String, String, u32)>> {
    let required_cols: Vec<u32> = required
        .iter()
        .filter_map(|h| cols.get(*h))
        .copied()
        .collect();
    let heads: Vec<(u32, String)> = grid
        .row(top)
        .filter_map(|(at, v)| match v {
            CellValue::Text(t) => Some((at.col, normalize(t))),
            _ => None,
        })
        .collect();
    let mut parts = Vec::new();
    for (at, v) in grid.row(next) {
        let CellValue::Text(t) = v else {
            return None;
        };
        if required_cols.contains(&at.col) {
            return None;
        }
        // The heading at or left of the part's column.
        let Some((_, group)) = heads.iter().rev().find(|(c, _)| *c <= at.col) else {
            continue;
        };
        parts.push((group.clone(), normalize(t), at.col));
    }
    // A group heads two parts or more; a single text under a heading is not a part.
    parts.retain(|(g, _, _)| {
        let n = heads.iter().filter(|(_, h)| h == g).count();
        n == 1
    });
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (g, _, _) in &parts {
        *counts.entry(g.as_str()).or_default() += 1;
    }
    let parts: Vec<_> = parts
        .iter()
        .filter(|(g, _, _)| counts[g.as_str()] >= 2)
        .cloned()
        .collect();
    (!parts.is_empty()).then_some(parts)
}

pub(crate) fn open(path: &Path, what: &str) -> Result<Vec<Grid>> {
    // A path the user typed: one that is not there was mistyped, not moved away while read.
    if path
        .symlink_metadata()
        .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
    {
        anyhow::bail!("找不到{what} `{}`：请检查路径", path.display());
    }
    crate::read::workbook::note_input(path);
    read_workbook(path).map_err(|e| match e {
        OpenError::Empty => anyhow::anyhow!("{what} `{}` 是空的", path.display()),
        OpenError::Unreadable(why) | OpenError::Io(why) => {
            anyhow::anyhow!("{what} `{}` 无法读取：{why}", path.display())
        }
    })
}

/// `是否有项目支出`: no is `否`, `无`, `×`, `N`, `0`, or a text that says so (`否（无项目支出）`,
/// `无项目支出`); anything else (also empty) is yes.
fn has_projects(text: &str) -> bool {
    let t = normalize(text);
    let no = matches!(
        t.as_str(),
        "否" | "无" | "N" | "n" | "0" | "×" | "✗" | "x" | "X"
    ) || t.starts_with('否')
        || t.starts_with("无项目")
        || t.starts_with("没有");
    !no
}

/// A note that hidden sheets holding the list were not read.
fn left_out_note(notes: &mut Vec<String>, what: &str, path: &Path, hidden: &[String]) {
    if !hidden.is_empty() {
        notes.push(format!(
            "{what} `{}` 的隐藏工作表“{}”也有表头，未读取（只读可见的工作表）",
            path.display(),
            hidden.join("”“")
        ));
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub department: String,
    pub kind: String,
    pub contact: String,
    pub email: String,
    pub aliases: Vec<String>,
    /// `是否有项目支出`: units without project expenditure hand in unit-wide forms only.
    pub has_projects: bool,
}

/// 单位名册.
#[derive(Clone, Debug, Default)]
pub struct Roster {
    pub units: Vec<Unit>,
    by_code: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Names (normalised) that more than one unit of the roster bears.
    shared: std::collections::HashSet<String>,
    /// What the clerk should know about how the file was read (sheets left out, codes borne
    /// twice), one line each.
    pub notes: Vec<String>,
}

impl Roster {
    pub fn load(path: &Path) -> Result<Roster> {
        let grids = open(path, "单位名册")?;
        let mut notes = Vec::new();
        let mut hidden = Vec::new();
        let lists = Listing::find_all(&grids, &[col::UNIT_CODE, col::UNIT_NAME], &mut hidden);
        if lists.is_empty() {
            bail!(
                "单位名册 `{}` 中没有找到含 `单位编码`、`单位名称` 的表头行",
                path.display()
            );
        }
        left_out_note(&mut notes, "单位名册", path, &hidden);
        let mut units: Vec<Unit> = Vec::new();
        for list in &lists {
            let contact = list.first_of(col::CONTACTS).unwrap_or(col::CONTACT);
            let email = list.first_of(col::EMAILS).unwrap_or(col::EMAIL);
            for r in list.rows() {
                let code = list.code(r, col::UNIT_CODE);
                let name = list.text(r, col::UNIT_NAME);
                if (code.is_empty() && name.is_empty()) || list.is_total_or_note(r) {
                    continue;
                }
                let aliases = list
                    .text(r, col::ALIASES)
                    .split([';', '；', ',', '，'])
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                units.push(Unit {
                    code,
                    department: list.text(r, col::DEPARTMENT),
                    kind: list.text(r, col::UNIT_KIND),
                    contact: list.text(r, contact),
                    email: list.text(r, email),
                    aliases,
                    has_projects: has_projects(&list.text(r, col::HAS_PROJECTS)),
                    name,
                });
            }
        }
        if units.is_empty() {
            bail!("单位名册 `{}` 没有任何单位", path.display());
        }
        let mut seen: HashMap<&str, &str> = HashMap::new();
        for u in &units {
            if u.code.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(&u.code, &u.name) {
                notes.push(format!(
                    "单位名册 `{}` 中单位编码 {} 出现两次（“{first}”和“{}”）：按编码只认第一个",
                    path.display(),
                    u.code,
                    u.name
                ));
            }
        }
        let mut roster = Roster::from_units(units);
        roster.notes = notes;
        Ok(roster)
    }

    pub fn from_units(units: Vec<Unit>) -> Roster {
        let mut by_code = HashMap::new();
        let mut by_name = HashMap::new();
        let mut shared = std::collections::HashSet::new();
        for (i, u) in units.iter().enumerate() {
            by_code.entry(u.code.clone()).or_insert(i);
            let key = name_key(&u.name);
            match by_name.entry(key) {
                std::collections::hash_map::Entry::Occupied(e) => {
                    shared.insert(e.key().clone());
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
        // Aliases never shadow a real name.
        for (i, u) in units.iter().enumerate() {
            for a in &u.aliases {
                by_name.entry(name_key(a)).or_insert(i);
            }
        }
        Roster {
            units,
            by_code,
            by_name,
            shared,
            notes: Vec::new(),
        }
    }

    pub fn by_code(&self, code: &str) -> Option<&Unit> {
        self.by_code.get(code.trim()).map(|&i| &self.units[i])
    }

    /// [`Roster::by_name`]; where more than one unit of the roster bears the name, the one of
    /// these codes (the budget project's unit, the file name's) that bears it.
    pub fn by_name_preferring(&self, name: &str, codes: &[&str]) -> Option<&Unit> {
        let unit = self.by_name(name)?;
        let key = name_key(&unit.name);
        // A code written beside the name (`区教育局 301002`) says which unit it is.
        let written = name.split_whitespace().count() > 1
            && name.split_whitespace().any(|p| self.by_code(p).is_some());
        if !self.shared.contains(&key) || written {
            return Some(unit);
        }
        let of_code = codes
            .iter()
            .filter_map(|c| self.by_code(c))
            .find(|u| name_key(&u.name) == key);
        Some(of_code.unwrap_or(unit))
    }

    /// Matches by normalised name, then by alias; a trailing 单位编码 (`区教育局 301001`) is
    /// tried as a code too.
    pub fn by_name(&self, name: &str) -> Option<&Unit> {
        let key = name_key(name);
        if let Some(&i) = self.by_name.get(&key) {
            return Some(&self.units[i]);
        }
        // `区第一中学（盖章）`: the stamp note is not part of the name.
        for note in ["(盖章)", "(公章)", "(章)", "(签章)"] {
            if let Some(&i) = key.strip_suffix(note).and_then(|k| self.by_name.get(k)) {
                return Some(&self.units[i]);
            }
        }
        let parts: Vec<&str> = name.split_whitespace().collect();
        if parts.len() > 1 {
            if let Some(u) = parts.iter().rev().find_map(|p| self.by_code(p)) {
                return Some(u);
            }
            return self
                .by_name
                .get(&name_key(parts[0]))
                .map(|&i| &self.units[i]);
        }
        None
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct BudgetProject {
    pub unit_code: String,
    pub code: String,
    pub name: String,
    pub budget_type: String,
    pub attribute: String,
    pub amount: Money,
    pub last_year: Option<Money>,
    pub category: String,
    pub department: String,
    pub field: String,
}

/// 预算项目清单.
#[derive(Clone, Debug, Default)]
pub struct Budget {
    pub projects: Vec<BudgetProject>,
    /// What the projects were taken from, as findings name it: `预算项目清单`, or the previous
    /// stage's consolidated workbook when no budget list was given.
    pub source: &'static str,
    by_code: HashMap<String, usize>,
    by_unit_name: HashMap<(String, String), usize>,
    /// What the clerk should know about how the file was read, one line each.
    pub notes: Vec<String>,
}

impl Budget {
    pub fn load(path: &Path) -> Result<Budget> {
        let grids = open(path, "预算项目清单")?;
        let mut notes = Vec::new();
        let mut hidden = Vec::new();
        let lists = Listing::find_all(&grids, &[col::UNIT_CODE, col::PROJECT_NAME], &mut hidden);
        if lists.is_empty() {
            bail!(
                "预算项目清单 `{}` 中没有找到含 `单位编码`、`项目名称` 的表头行",
                path.display()
            );
        }
        left_out_note(&mut notes, "预算项目清单", path, &hidden);
        let mut projects: Vec<BudgetProject> = Vec::new();
        // A project code's entry, and the sheet it was read on.
        let mut by_code: HashMap<String, (usize, String)> = HashMap::new();
        let (mut split, mut twice, mut lost) = (0, Vec::new(), Vec::new());
        for list in &lists {
            let amount_col = list
                .first_of(&[
                    col::AMOUNT,
                    "预算数",
                    "本年预算",
                    "本年预算金额",
                    "本年预算数合计",
                ])
                .or_else(|| list.latest_year_column())
                .with_context(|| {
                    format!(
                        "预算项目清单 `{}` 的工作表“{}”缺少 `本年预算数` 列（表头：{}）",
                        path.display(),
                        list.sheet(),
                        list.header_texts().collect::<Vec<_>>().join("、")
                    )
                })?;
            let mut unit_above = String::new();
            for r in list.rows() {
                let name = list.text(r, col::PROJECT_NAME);
                if name.is_empty() || list.is_total_or_note(r) {
                    continue;
                }
                // A unit code merged down a unit's projects is in the first row only.
                let mut unit_code = list.code(r, col::UNIT_CODE);
                if unit_code.is_empty() {
                    unit_code.clone_from(&unit_above);
                } else {
                    unit_above.clone_from(&unit_code);
                }
                if list
                    .cell(r, col::PROJECT_CODE)
                    .and_then(parse_code)
                    .is_some_and(|c| c.lost_digits)
                {
                    lost.push(format!("“{}”第 {} 行", list.sheet(), r + 1));
                }
                let p = BudgetProject {
                    unit_code,
                    code: list.code(r, col::PROJECT_CODE),
                    name,
                    budget_type: Some(list.text(r, col::BUDGET_TYPE))
                        .filter(|s| !s.is_empty())
                        .unwrap_or_else(|| "一般公共预算".into()),
                    attribute: list.text(r, col::ATTRIBUTE),
                    amount: list.money(r, amount_col).unwrap_or_default(),
                    last_year: list.money(r, col::LAST_YEAR),
                    category: list.text(r, col::CATEGORY),
                    department: list.text(r, col::DEPARTMENT),
                    field: list.text(r, col::FIELD),
                };
                // A project on several rows of a sheet (by 功能科目 or 资金来源) is one
                // project: its amounts add up. The same code on another sheet is a copy.
                if !p.code.is_empty()
                    && let Some((i, sheet)) = by_code.get(&p.code)
                {
                    if sheet == list.sheet() {
                        let first = &mut projects[*i];
                        first.amount += p.amount;
                        first.last_year = match (first.last_year, p.last_year) {
                            (Some(a), Some(b)) => Some(a + b),
                            (a, b) => a.or(b),
                        };
                        split += 1;
                    } else {
                        twice.push(format!("{}（“{sheet}”和“{}”）", p.code, list.sheet()));
                    }
                    continue;
                }
                if !p.code.is_empty() {
                    by_code.insert(p.code.clone(), (projects.len(), list.sheet().to_string()));
                }
                projects.push(p);
            }
        }
        if !lost.is_empty() {
            notes.push(format!(
                "预算项目清单 `{}` 中 {} 个项目编码以科学计数法存储，可能已丢失位数（{}）：请把项目编码列设为文本后重新导出",
                path.display(),
                lost.len(),
                lost.iter().take(5).cloned().collect::<Vec<_>>().join("，")
            ));
        }
        if split > 0 {
            notes.push(format!(
                "预算项目清单 `{}` 中有 {split} 行与上面的行项目编码相同，已并入同一项目（金额相加）",
                path.display()
            ));
        }
        if !twice.is_empty() {
            notes.push(format!(
                "预算项目清单 `{}` 中 {} 个项目编码在两个工作表都有，只计一次：{}",
                path.display(),
                twice.len(),
                twice.iter().take(5).cloned().collect::<Vec<_>>().join("，")
            ));
        }
        let mut budget = Budget::from_projects(projects);
        budget.notes = notes;
        Ok(budget)
    }

    pub fn from_projects(projects: Vec<BudgetProject>) -> Budget {
        let mut by_code = HashMap::new();
        let mut by_unit_name = HashMap::new();
        for (i, p) in projects.iter().enumerate() {
            if !p.code.is_empty() {
                by_code.entry(p.code.clone()).or_insert(i);
            }
            by_unit_name
                .entry((p.unit_code.clone(), name_key(&p.name)))
                .or_insert(i);
        }
        Budget {
            projects,
            source: "预算项目清单",
            by_code,
            by_unit_name,
            notes: Vec::new(),
        }
    }

    /// The projects of a consolidated workbook as the list of projects expected.
    pub fn from_consolidated(c: &crate::schema::Consolidated) -> Budget {
        let mut budget = Budget::from_projects(
            c.projects
                .iter()
                .map(|p| BudgetProject {
                    unit_code: p.unit_code.clone(),
                    code: p.code.clone(),
                    name: p.name.clone(),
                    budget_type: if p.budget_type.is_empty() {
                        "一般公共预算".into()
                    } else {
                        p.budget_type.clone()
                    },
                    attribute: p.attribute.clone(),
                    amount: p.total.unwrap_or_default(),
                    last_year: None,
                    category: String::new(),
                    department: p.department.clone(),
                    field: String::new(),
                })
                .collect(),
        );
        budget.source = "上一阶段的汇总工作簿";
        budget
    }

    pub fn by_code(&self, code: &str) -> Option<(usize, &BudgetProject)> {
        self.by_code.get(code).map(|&i| (i, &self.projects[i]))
    }

    pub fn by_unit_and_name(&self, unit_code: &str, name: &str) -> Option<(usize, &BudgetProject)> {
        self.by_unit_name
            .get(&(unit_code.to_string(), name_key(name)))
            .map(|&i| (i, &self.projects[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(code: &str, name: &str, aliases: &[&str]) -> Unit {
        Unit {
            code: code.into(),
            name: name.into(),
            department: String::new(),
            kind: String::new(),
            contact: String::new(),
            email: String::new(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            has_projects: true,
        }
    }

    #[test]
    fn units_match_by_code_name_alias_and_spelling() {
        let r = Roster::from_units(vec![
            unit("301002", "区第一中学", &["区一中"]),
            unit("302001", "区卫生健康局（区中医药局）", &[]),
        ]);
        assert_eq!(r.by_code("301002").unwrap().name, "区第一中学");
        for spelling in [
            "区第一中学",
            " 区 第一中学 ",
            "区一中",
            "区第一中学（盖章）",
            "区第一中学(盖章)",
            "区一中 301002",
        ] {
            assert_eq!(
                r.by_name(spelling).map(|u| u.code.as_str()),
                Some("301002"),
                "{spelling:?}"
            );
        }
        assert_eq!(
            r.by_name("区卫生健康局(区中医药局)").unwrap().code,
            "302001"
        );
        assert!(r.by_name("区第二中学").is_none());
    }

    /// Two units of one name: the code written beside the name says which; else the first of
    /// the codes given (the budget project's, the file name's) that bears the name.
    #[test]
    fn units_of_one_name_are_told_apart_by_a_code() {
        let r = Roster::from_units(vec![
            unit("301001", "区教育局", &[]),
            unit("301002", "区教育局", &[]),
        ]);
        let code = |name, codes: &[&str]| r.by_name_preferring(name, codes).unwrap().code.clone();
        assert_eq!(code("区教育局", &[]), "301001");
        assert_eq!(code("区教育局", &["301002"]), "301002");
        assert_eq!(code("区教育局", &["999999", "301002"]), "301002");
        assert_eq!(code("区教育局 301002", &["301001"]), "301002");
        assert_eq!(code("区教育局 301001", &["301002"]), "301001");
    }
}
