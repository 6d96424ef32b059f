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
pub(crate) struct Listing<'g> {
    grid: &'g Grid,
    cols: HashMap<String, u32>,
    header_row: u32,
}

impl<'g> Listing<'g> {
    pub(crate) fn find(grids: &'g [Grid], required: &[&str]) -> Option<Listing<'g>> {
        for grid in grids {
            for r in grid.row_numbers().into_iter().take(20) {
                let cols: HashMap<String, u32> = grid
                    .row(r)
                    .filter(|&(_, v)| matches!(v, CellValue::Text(_)))
                    .map(|(at, v)| (normalize(&v.display()), at.col))
                    .collect();
                if required.iter().all(|h| cols.contains_key(*h)) {
                    return Some(Listing {
                        grid,
                        cols,
                        header_row: r,
                    });
                }
            }
        }
        None
    }

    /// The header row's texts as written (before normalisation).
    pub(crate) fn header_texts(&self) -> impl Iterator<Item = String> + '_ {
        self.grid.row(self.header_row).map(|(_, v)| v.display())
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

    pub(crate) fn money(&self, row: u32, name: &str) -> Option<Money> {
        self.cell(row, name)
            .and_then(|v| parse_amount(v).ok().flatten())
            .map(|a| a.money)
    }
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
}

impl Roster {
    pub fn load(path: &Path) -> Result<Roster> {
        let grids = open(path, "单位名册")?;
        let Some(list) = Listing::find(&grids, &[col::UNIT_CODE, col::UNIT_NAME]) else {
            bail!(
                "单位名册 `{}` 中没有找到含 `单位编码`、`单位名称` 的表头行",
                path.display()
            );
        };
        let mut units = Vec::new();
        for r in list.rows() {
            let code = list.code(r, col::UNIT_CODE);
            let name = list.text(r, col::UNIT_NAME);
            if code.is_empty() && name.is_empty() {
                continue;
            }
            let aliases = list
                .text(r, col::ALIASES)
                .split([';', '；', ',', '，'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let has = list.text(r, col::HAS_PROJECTS);
            units.push(Unit {
                code,
                department: list.text(r, col::DEPARTMENT),
                kind: list.text(r, col::UNIT_KIND),
                contact: list.text(r, col::CONTACT),
                email: list.text(r, col::EMAIL),
                aliases,
                has_projects: !matches!(has.as_str(), "否" | "无" | "N" | "n" | "0"),
                name,
            });
        }
        if units.is_empty() {
            bail!("单位名册 `{}` 没有任何单位", path.display());
        }
        Ok(Roster::from_units(units))
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
        if !self.shared.contains(&key) {
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
}

impl Budget {
    pub fn load(path: &Path) -> Result<Budget> {
        let grids = open(path, "预算项目清单")?;
        let Some(list) = Listing::find(&grids, &[col::UNIT_CODE, col::PROJECT_NAME]) else {
            bail!(
                "预算项目清单 `{}` 中没有找到含 `单位编码`、`项目名称` 的表头行",
                path.display()
            );
        };
        let amount_col = [col::AMOUNT, "预算数", "本年预算"]
            .into_iter()
            .find(|c| list.cols.contains_key(*c))
            .context("预算项目清单缺少 `本年预算数` 列")?;
        let mut projects = Vec::new();
        for r in list.rows() {
            let name = list.text(r, col::PROJECT_NAME);
            if name.is_empty() {
                continue;
            }
            projects.push(BudgetProject {
                unit_code: list.code(r, col::UNIT_CODE),
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
            });
        }
        Ok(Budget::from_projects(projects))
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
}
