//! Coverage (覆盖情况, FORMS §7): who handed in, what share of units, projects and funds is
//! covered, broken down by 主管部门 and by 预算类型, and whom to chase.

use crate::batch::Batch;
use crate::forms::FormKind;
use crate::money::Money;
use crate::registry::{Budget, Roster};
use crate::schema::{col, sheet};
use crate::table::Sheet;
use crate::table_row;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A count out of an expected count.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Share {
    pub expected: usize,
    pub done: usize,
}

impl Share {
    pub fn rate(&self) -> Option<f64> {
        (self.expected > 0).then(|| self.done as f64 / self.expected as f64)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FundShare {
    pub expected: Money,
    pub done: Money,
}

impl FundShare {
    pub fn rate(&self) -> Option<f64> {
        self.done.ratio(self.expected)
    }
}

// JSON carries the rate beside the counts behind it.
impl Serialize for Share {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Share", 3)?;
        st.serialize_field("expected", &self.expected)?;
        st.serialize_field("done", &self.done)?;
        st.serialize_field("rate", &self.rate())?;
        st.end()
    }
}

impl Serialize for FundShare {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("FundShare", 3)?;
        st.serialize_field("expected", &self.expected)?;
        st.serialize_field("done", &self.done)?;
        st.serialize_field("rate", &self.rate())?;
        st.end()
    }
}

/// Figures for one group (the whole district, a 主管部门, a 预算类型).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Figures {
    pub group: String,
    /// All roster units (any form of the stage); `None` for a group of projects (a 预算类型, a
    /// 项目类别), which units are not counted by.
    pub units: Option<Share>,
    /// Units expected to hand in project cards (those with project expenditure); `None` as
    /// `units`.
    pub project_units: Option<Share>,
    pub projects: Option<Share>,
    pub funds: Option<FundShare>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MissingUnit {
    pub code: String,
    pub name: String,
    pub department: String,
    pub contact: String,
    pub email: String,
    /// What is missing: `全部` or `项目表`.
    pub missing: String,
    pub projects: usize,
    pub funds: Money,
}

#[derive(Clone, Debug, Serialize)]
pub struct MissingProject {
    pub unit_code: String,
    pub unit_name: String,
    pub code: String,
    pub name: String,
    pub budget_type: String,
    pub amount: Money,
    /// Its card came back as the blank template (S06), which does not count.
    #[serde(skip)]
    pub blank: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    pub stage: String,
    /// How the unit figures read for this stage.
    pub units_label: &'static str,
    pub project_units_label: &'static str,
    pub total: Figures,
    pub by_department: Vec<Figures>,
    pub by_budget_type: Vec<Figures>,
    /// By 项目类别 (self-evaluation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_category: Vec<Figures>,
    /// Roster units that handed in the stage's unit-wide form (self-evaluation), with its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<(String, Share)>,
    /// 催报名单: units that handed in nothing expected of them.
    pub chase: Vec<MissingUnit>,
    /// Budget projects without a card, of units that did hand in.
    pub missing_projects: Vec<MissingProject>,
    /// Units left out of the project-form figures (no project expenditure).
    pub excluded: Vec<MissingUnit>,
}

impl Figures {
    /// A group of units (the whole district, a 主管部门): units counted, from none.
    fn of_units(group: String) -> Figures {
        Figures {
            group,
            units: Some(Share::default()),
            project_units: Some(Share::default()),
            ..Default::default()
        }
    }
}

impl Coverage {
    pub fn missing_units(&self) -> usize {
        self.chase.len()
    }
}

/// What counts as done, where a stage differs from the target stage's reading.
#[derive(Clone, Debug, Default)]
pub struct Basis {
    /// Units counted as covered instead of the units that handed in a card (monitoring: the
    /// units of the execution export).
    pub units_done: Option<BTreeSet<String>>,
    /// A unit counts for the project figures only when every budget project of it is covered
    /// (monitoring's "监控面100%"), not when it handed in at least one project card.
    pub every_project: bool,
    /// The stage collects project cards only (monitoring): units without project expenditure
    /// owe nothing and are not chased.
    pub project_forms_only: bool,
    /// Also break projects and funds down by the budget list's 项目类别 (项目 / 政策 / 专项资金).
    pub by_category: bool,
    /// The stage's unit-wide form, counted apart: roster units that handed one in.
    pub overall_kind: Option<FormKind>,
    /// How the terminal names the two unit figures (`单位`, `项目表单位` by default).
    pub units_label: &'static str,
    pub project_units_label: &'static str,
}

pub fn compute(batch: &Batch, roster: &Roster, budget: Option<&Budget>) -> Coverage {
    let basis = Basis {
        units_label: "单位",
        project_units_label: "项目表单位",
        ..Basis::default()
    };
    compute_with(batch, roster, budget, &basis)
}

pub fn compute_with(
    batch: &Batch,
    roster: &Roster,
    budget: Option<&Budget>,
    basis: &Basis,
) -> Coverage {
    let stage = batch.stage.name();
    // Units with any card, and with a project card.
    let mut any: BTreeSet<&str> = BTreeSet::new();
    let mut with_projects: BTreeSet<&str> = BTreeSet::new();
    let mut covered: BTreeSet<usize> = BTreeSet::new();
    for e in batch
        .entries
        .iter()
        .filter(|e| e.in_roster && !e.untouched && e.replaced.is_none())
    {
        any.insert(&e.unit_code);
        if !e.card.kind.is_unit_wide() {
            with_projects.insert(&e.unit_code);
            if let Some(b) = e.budget {
                covered.insert(b);
            }
        }
    }
    if basis.every_project
        && let Some(b) = budget
    {
        with_projects.retain(|u| {
            b.projects
                .iter()
                .enumerate()
                .filter(|(_, p)| p.unit_code == *u)
                .all(|(i, _)| covered.contains(&i))
        });
    }
    let units_done = |code: &str| match &basis.units_done {
        Some(set) => set.contains(code),
        None => any.contains(code),
    };
    let dept_of = |code: &str| {
        roster
            .by_code(code)
            .map(|u| u.department.clone())
            .unwrap_or_default()
    };
    let mut depts: BTreeMap<String, Figures> = BTreeMap::new();
    let mut total = Figures::of_units("合计".into());
    for u in &roster.units {
        let d = depts
            .entry(u.department.clone())
            .or_insert_with(|| Figures::of_units(u.department.clone()));
        // A stage of project cards only owes nothing from a unit without project expenditure,
        // unless its units are counted by what else covers them (monitoring's execution export).
        let owes = u.has_projects || !basis.project_forms_only || basis.units_done.is_some();
        for f in [&mut total, d] {
            let units = f.units.get_or_insert_default();
            units.expected += owes as usize;
            units.done += (owes && units_done(&u.code)) as usize;
            if u.has_projects {
                let p = f.project_units.get_or_insert_default();
                p.expected += 1;
                p.done += with_projects.contains(u.code.as_str()) as usize;
            }
        }
    }
    let mut types: BTreeMap<String, Figures> = BTreeMap::new();
    let mut categories: BTreeMap<String, Figures> = BTreeMap::new();
    if let Some(b) = budget {
        total.projects = Some(Share::default());
        total.funds = Some(FundShare::default());
        for d in depts.values_mut() {
            d.projects = Some(Share::default());
            d.funds = Some(FundShare::default());
        }
        for (i, p) in b.projects.iter().enumerate() {
            let done = covered.contains(&i);
            let dept = if p.department.is_empty() {
                dept_of(&p.unit_code)
            } else {
                p.department.clone()
            };
            let t = types
                .entry(p.budget_type.clone())
                .or_insert_with(|| Figures {
                    group: p.budget_type.clone(),
                    projects: Some(Share::default()),
                    funds: Some(FundShare::default()),
                    ..Default::default()
                });
            let d = depts.entry(dept.clone()).or_insert_with(|| Figures {
                projects: Some(Share::default()),
                funds: Some(FundShare::default()),
                ..Figures::of_units(dept.clone())
            });
            let mut c = Figures::default();
            let category = if basis.by_category {
                let name = if p.category.is_empty() {
                    "（未分类）".to_string()
                } else {
                    p.category.clone()
                };
                categories.entry(name.clone()).or_insert_with(|| Figures {
                    group: name,
                    ..Default::default()
                })
            } else {
                &mut c
            };
            for f in [&mut total, d, t, category] {
                let s = f.projects.get_or_insert_with(Share::default);
                s.expected += 1;
                s.done += done as usize;
                let m = f.funds.get_or_insert_with(FundShare::default);
                m.expected += p.amount;
                if done {
                    m.done += p.amount;
                }
            }
        }
    }
    let unit_budget = |code: &str| -> (usize, Money) {
        budget
            .map(|b| {
                b.projects
                    .iter()
                    .filter(|p| p.unit_code == code)
                    .fold((0, Money::ZERO), |(n, m), p| (n + 1, m + p.amount))
            })
            .unwrap_or_default()
    };
    let missing = |u: &crate::registry::Unit, what: &str| {
        let (projects, funds) = unit_budget(&u.code);
        MissingUnit {
            code: u.code.clone(),
            name: u.name.clone(),
            department: u.department.clone(),
            contact: u.contact.clone(),
            email: u.email.clone(),
            missing: what.into(),
            projects,
            funds,
        }
    };
    let mut chase = Vec::new();
    let mut excluded = Vec::new();
    for u in &roster.units {
        if !u.has_projects {
            excluded.push(missing(u, "无项目支出"));
        }
        if basis.project_forms_only && !u.has_projects {
            continue;
        }
        if !any.contains(u.code.as_str()) {
            // A unit whose only file could not be read did send something: say so.
            let unreadable = batch.sent_unreadable(&u.code);
            let all_untouched = batch
                .entries
                .iter()
                .any(|e| e.in_roster && e.unit_code == u.code && e.untouched);
            let what = if unreadable {
                "全部（报回的文件无法读取）"
            } else if all_untouched {
                "全部（报回的是空表）"
            } else {
                "全部"
            };
            chase.push(missing(u, what));
        } else if u.has_projects && !with_projects.contains(u.code.as_str()) {
            chase.push(missing(u, "项目表"));
        }
    }
    let blank: BTreeSet<usize> = batch
        .entries
        .iter()
        .filter(|e| e.in_roster && e.untouched)
        .filter_map(|e| e.budget)
        .collect();
    let mut missing_projects = Vec::new();
    if let Some(b) = budget {
        for (i, p) in b.projects.iter().enumerate() {
            if !covered.contains(&i) && with_projects.contains(p.unit_code.as_str()) {
                missing_projects.push(MissingProject {
                    unit_code: p.unit_code.clone(),
                    unit_name: roster
                        .by_code(&p.unit_code)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    code: p.code.clone(),
                    name: p.name.clone(),
                    budget_type: p.budget_type.clone(),
                    amount: p.amount,
                    blank: blank.contains(&i),
                });
            }
        }
    }
    Coverage {
        stage: stage.into(),
        units_label: basis.units_label,
        project_units_label: basis.project_units_label,
        total,
        by_department: in_roster_order(depts, roster),
        by_budget_type: {
            // The three budgets in the order of the budget law, any other type after them.
            let mut v: Vec<Figures> = types.into_values().collect();
            v.sort_by_key(|f| {
                BUDGET_TYPES
                    .iter()
                    .position(|t| *t == f.group)
                    .unwrap_or(BUDGET_TYPES.len())
            });
            v
        },
        by_category: {
            let mut v: Vec<Figures> = categories.into_values().collect();
            v.sort_by_key(|f| {
                CATEGORIES
                    .iter()
                    .position(|t| *t == f.group)
                    .unwrap_or(CATEGORIES.len())
            });
            v
        },
        overall: basis.overall_kind.map(|kind| {
            let handed_in: BTreeSet<&str> = batch
                .entries
                .iter()
                .filter(|e| e.in_roster && !e.untouched && e.card.kind == kind)
                .map(|e| &*e.unit_code)
                .collect();
            (
                kind.name().to_string(),
                Share {
                    expected: roster.units.len(),
                    done: roster
                        .units
                        .iter()
                        .filter(|u| handed_in.contains(u.code.as_str()))
                        .count(),
                },
            )
        }),
        chase,
        missing_projects,
        excluded,
    }
}

/// 项目类别 of the budget list, in the order the annual summary names them.
pub const CATEGORIES: &[&str] = &["项目", "政策", "专项资金"];

/// 一般公共预算, 政府性基金预算, 国有资本经营预算 (and 社会保险基金预算, rarely on a project list).
pub const BUDGET_TYPES: &[&str] = &[
    "一般公共预算",
    "政府性基金预算",
    "国有资本经营预算",
    "社会保险基金预算",
];

/// Departments in the order the roster lists them (the bureau's own order), any others last.
fn in_roster_order(mut depts: BTreeMap<String, Figures>, roster: &Roster) -> Vec<Figures> {
    let mut out = Vec::with_capacity(depts.len());
    for u in &roster.units {
        if let Some(f) = depts.remove(&u.department) {
            out.push(f);
        }
    }
    out.extend(depts.into_values());
    out
}

table_row! {
    /// One line of the 覆盖情况 sheet.
    pub struct CoverageRow {
        scope: String => col::SCOPE, Text;
        group: String => col::GROUP, Text;
        units_expected: Option<usize> => col::UNITS_EXPECTED, Int;
        units_done: Option<usize> => col::UNITS_DONE, Int;
        units_rate: Option<f64> => col::UNITS_RATE, Percent;
        project_units_expected: Option<usize> => col::PROJECT_UNITS_EXPECTED, Int;
        project_units_done: Option<usize> => col::PROJECT_UNITS_DONE, Int;
        project_units_rate: Option<f64> => col::PROJECT_UNITS_RATE, Percent;
        projects_expected: Option<usize> => col::EXPECTED_PROJECTS, Int;
        projects_done: Option<usize> => col::PROJECTS_DONE, Int;
        projects_rate: Option<f64> => col::PROJECTS_RATE, Percent;
        funds_expected: Option<Money> => col::FUNDS_EXPECTED, Money;
        funds_done: Option<Money> => col::FUNDS_DONE, Money;
        funds_rate: Option<f64> => col::FUNDS_RATE, Percent;
    }
}

table_row! {
    /// 催报名单.
    pub struct ChaseRow {
        code: String => col::UNIT_CODE, Code;
        name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        missing: String => col::MISSING, Text;
        projects: usize => col::EXPECTED_PROJECTS, Int;
        funds: Money => col::FUNDS_EXPECTED, Money;
        contact: String => col::CONTACT, Text;
        email: String => col::EMAIL, Text;
    }
}

table_row! {
    /// 缺报项目.
    pub struct MissingProjectRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        code: String => col::PROJECT_CODE, Code;
        name: String => col::PROJECT_NAME, Text;
        budget_type: String => col::BUDGET_TYPE, Text;
        amount: Money => col::AMOUNT, Money;
    }
}

fn figures_row(scope: &str, f: &Figures) -> CoverageRow {
    CoverageRow {
        scope: scope.into(),
        group: f.group.clone(),
        units_expected: f.units.map(|s| s.expected),
        units_done: f.units.map(|s| s.done),
        units_rate: f.units.and_then(|s| s.rate()),
        project_units_expected: f.project_units.map(|s| s.expected),
        project_units_done: f.project_units.map(|s| s.done),
        project_units_rate: f.project_units.and_then(|s| s.rate()),
        projects_expected: f.projects.map(|s| s.expected),
        projects_done: f.projects.map(|s| s.done),
        projects_rate: f.projects.and_then(|s| s.rate()),
        funds_expected: f.funds.map(|s| s.expected),
        funds_done: f.funds.map(|s| s.done),
        funds_rate: f.funds.and_then(|s| s.rate()),
    }
}

impl From<&MissingProject> for MissingProjectRow {
    fn from(p: &MissingProject) -> Self {
        MissingProjectRow {
            unit_code: p.unit_code.clone(),
            unit_name: p.unit_name.clone(),
            code: p.code.clone(),
            name: p.name.clone(),
            budget_type: p.budget_type.clone(),
            amount: p.amount,
        }
    }
}

impl From<&MissingUnit> for ChaseRow {
    fn from(m: &MissingUnit) -> Self {
        ChaseRow {
            code: m.code.clone(),
            name: m.name.clone(),
            department: m.department.clone(),
            missing: m.missing.clone(),
            projects: m.projects,
            funds: m.funds,
            contact: m.contact.clone(),
            email: m.email.clone(),
        }
    }
}

impl Coverage {
    pub fn rows(&self) -> Vec<CoverageRow> {
        let mut rows = vec![figures_row("全区", &self.total)];
        rows.extend(
            self.by_department
                .iter()
                .map(|f| figures_row("主管部门", f)),
        );
        rows.extend(
            self.by_budget_type
                .iter()
                .map(|f| figures_row("预算类型", f)),
        );
        rows.extend(self.by_category.iter().map(|f| figures_row("项目类别", f)));
        if let Some((name, share)) = &self.overall {
            let f = Figures {
                group: name.clone(),
                units: Some(*share),
                ..Default::default()
            };
            rows.push(figures_row("部门整体", &f));
        }
        rows
    }

    pub fn chase_rows(&self) -> Vec<ChaseRow> {
        self.chase.iter().map(ChaseRow::from).collect()
    }

    pub fn missing_project_rows(&self) -> Vec<MissingProjectRow> {
        self.missing_projects
            .iter()
            .map(MissingProjectRow::from)
            .collect()
    }

    pub fn excluded_rows(&self) -> Vec<ChaseRow> {
        self.excluded.iter().map(ChaseRow::from).collect()
    }

    /// The sheets written into a workbook: 覆盖情况, 催报名单, 缺报项目, 无项目支出单位.
    pub fn sheets(&self) -> Vec<Sheet> {
        vec![
            Sheet::of(sheet::COVERAGE, &self.rows()),
            Sheet::of(sheet::CHASE, &self.chase_rows()).with_total(),
            Sheet::of(sheet::MISSING_PROJECTS, &self.missing_project_rows()).with_total(),
            Sheet::of(sheet::NO_PROJECTS, &self.excluded_rows()),
        ]
    }
}
