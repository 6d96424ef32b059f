//! The sheets every stage's consolidated workbook shares (FORMS §6): one row per card, per
//! indicator, per roster unit, per finding. A stage adds its own columns between the common ones
//! and the source columns.

use crate::batch::{Batch, Entry};
use crate::card::Indicator;
use crate::finding::{Finding, Severity};
use crate::forms::taxonomy::{Level1, Level2};
use crate::forms::{Col, Field};
use crate::money::Money;
use crate::registry::{Budget, BudgetProject, Roster};
use crate::schema::{col, sheet, status};
use crate::table::{MadeSheet, Sheet, Table};
use crate::table_row;
use std::collections::{BTreeMap, HashMap};

table_row! {
    /// 项目汇总: the columns of every stage.
    pub struct ProjectRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        attribute: String => col::ATTRIBUTE, Text;
        budget_type: String => col::BUDGET_TYPE, Text;
        total: Option<Money> => col::TOTAL, Money;
        fiscal: Option<Money> => col::FISCAL, Money;
        carryover: Option<Money> => col::CARRYOVER, Money;
        other: Option<Money> => col::OTHER, Money;
        goal: String => col::GOAL, LongText;
        indicators: usize => col::INDICATORS, Int;
        quantified: usize => col::QUANTIFIED, Int;
        errors: usize => col::ERRORS, Int;
        warnings: usize => col::WARNINGS, Int;
        counted: String => col::COUNTED, Text;
        amount_note: String => col::AMOUNT_NOTE, Text;
    }
}

table_row! {
    /// Where a card was read from: the last columns of a card's row.
    pub struct SourceCols {
        file: String => col::FILE, Text;
        sheet: String => col::SHEET, Text;
    }
}

table_row! {
    /// 指标明细: the columns of every stage.
    pub struct IndicatorRow {
        unit_code: String => col::UNIT_CODE, Code;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        level1: String => col::LEVEL1, Text;
        level2: String => col::LEVEL2, Text;
        level3: String => col::LEVEL3, Text;
        value: String => col::VALUE, Text;
        comparator: String => col::COMPARATOR, Text;
        number: Option<f64> => col::NUMBER, Number;
        unit: String => col::MEASURE, Text;
        explanation: String => col::EXPLANATION, LongText;
    }
}

table_row! {
    /// Where an indicator row was read from.
    pub struct RowSource {
        file: String => col::FILE, Text;
        sheet: String => col::SHEET, Text;
        row: u32 => col::ROW, Ordinal;
    }
}

table_row! {
    /// 单位汇总: one row per roster unit, and one per unit outside the roster.
    pub struct UnitRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        status: String => col::STATUS, Text;
        projects: usize => col::PROJECTS, Int;
        funds: Money => col::FUNDS, Money;
        errors: usize => col::ERRORS, Int;
        warnings: usize => col::WARNINGS, Int;
    }
}

table_row! {
    /// 问题清单: one row per finding.
    pub struct FindingRow {
        severity: String => col::SEVERITY, Text;
        rule: String => col::RULE, Text;
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        project: String => col::PROJECT_NAME, Text;
        file: String => col::FILE, Text;
        sheet: String => col::SHEET, Text;
        cell: String => col::CELL, Text;
        message: String => col::MESSAGE, LongText;
    }
}

impl From<&Finding> for FindingRow {
    fn from(f: &Finding) -> Self {
        FindingRow {
            severity: f.severity.label().into(),
            rule: f.rule.code().into(),
            unit_code: f.unit_code.to_string(),
            unit_name: f.unit_name.to_string(),
            project: f.project.to_string(),
            file: f.file.to_string(),
            sheet: f.sheet.to_string(),
            cell: f.cell_text(),
            message: f.message.to_string(),
        }
    }
}

/// An amount of a card as it counts: one written in 元 in a 万元 column (M03) divided by 10,000.
pub fn money_of(e: &Entry, f: Field) -> Option<Money> {
    let m = e.card.money(f)?.money;
    Some(if e.in_yuan { m.from_yuan() } else { m })
}

/// The budget project a card was matched to.
pub fn budget_project<'b>(e: &Entry, budget: Option<&'b Budget>) -> Option<&'b BudgetProject> {
    e.budget.and_then(|i| budget.map(|b| &b.projects[i]))
}

/// The 项目编码 of a card in every sheet: as written on the card, else the matched budget
/// project's (a card handed in without its code).
/// A code whose digits were lost to scientific notation (S07) gives way to the budget's.
pub fn project_code(e: &Entry, budget: Option<&Budget>) -> String {
    e.card
        .project_code()
        .map(str::to_string)
        .or_else(|| budget_project(e, budget).map(|p| p.code.clone()))
        .or_else(|| e.card.code(Field::ProjectCode).map(|c| c.text.clone()))
        .unwrap_or_default()
}

pub fn source(e: &Entry) -> SourceCols {
    SourceCols {
        file: e.card.src.file.to_string(),
        sheet: e.card.src.sheet.to_string(),
    }
}

pub fn project_row(e: &Entry, budget: Option<&Budget>) -> ProjectRow {
    let bp = budget_project(e, budget);
    ProjectRow {
        unit_code: e.unit_code.to_string(),
        unit_name: e.unit_name.to_string(),
        department: e.department.to_string(),
        project_code: project_code(e, budget),
        project_name: e.card.text(Field::ProjectName).to_string(),
        attribute: match e.card.text(Field::Attribute) {
            "" => bp.map(|p| p.attribute.clone()).unwrap_or_default(),
            a => a.to_string(),
        },
        budget_type: bp.map(|p| p.budget_type.clone()).unwrap_or_default(),
        total: money_of(e, Field::Total),
        fiscal: money_of(e, Field::Fiscal),
        carryover: money_of(e, Field::Carryover),
        other: money_of(e, Field::Other),
        goal: e.card.text(Field::AnnualGoal).to_string(),
        indicators: e.card.indicators.len(),
        quantified: e.card.quantified_count(),
        errors: e.tally.errors,
        warnings: e.tally.warnings,
        counted: match e.not_counted_because() {
            None => crate::table::COUNTED.to_string(),
            Some(why) => format!("否（{why}）"),
        },
        amount_note: if e.in_yuan {
            e.card
                .money(Field::Total)
                .map(|a| {
                    format!(
                        "填报 {} 疑似以元填写，按 {} 万元计",
                        a.money.0.normalize(),
                        a.money.from_yuan()
                    )
                })
                .unwrap_or_default()
        } else {
            String::new()
        },
    }
}

fn level_name(raw: &str, canonical: Option<&'static str>) -> String {
    canonical
        .map(str::to_string)
        .unwrap_or_else(|| raw.to_string())
}

/// The common columns of one indicator row of a card.
pub fn indicator_row(e: &Entry, code: &str, name: &str, i: &Indicator) -> IndicatorRow {
    let parsed = i.parsed();
    IndicatorRow {
        unit_code: e.unit_code.to_string(),
        project_code: code.to_string(),
        project_name: name.to_string(),
        level1: level_name(i.col_text(Col::Level1), i.level1_kind().map(Level1::name)),
        level2: level_name(i.col_text(Col::Level2), i.level2_kind().map(Level2::name)),
        level3: i.name_text().to_string(),
        value: i.value_text().to_string(),
        comparator: parsed
            .comparator
            .map(|c| c.symbol().to_string())
            .unwrap_or_default(),
        number: parsed.number,
        unit: parsed.unit.to_string(),
        explanation: i.col_text(Col::Explanation).to_string(),
    }
}

pub fn row_source(e: &Entry, i: &Indicator) -> RowSource {
    RowSource {
        file: e.card.src.file.to_string(),
        sheet: e.card.src.sheet.to_string(),
        row: i.row + 1,
    }
}

/// The 项目编码 and 项目名称 a card's indicator rows carry (the unit-wide card has a
/// placeholder name and no code).
pub fn indicator_owner(e: &Entry, budget: Option<&Budget>) -> (String, String) {
    match e.card.kind {
        k if k.is_unit_wide() => (
            String::new(),
            crate::forms::overall::PROJECT_PLACEHOLDER.to_string(),
        ),
        _ => (
            project_code(e, budget),
            e.card.text(Field::ProjectName).to_string(),
        ),
    }
}

/// 单位汇总. Units expected to hand in project cards but without any are 未报; units without
/// project expenditure that handed in nothing are 无项目支出.
pub fn unit_rows(batch: &Batch, roster: Option<&Roster>) -> Vec<UnitRow> {
    let mut by_unit: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &batch.entries {
        // Without a roster, a unit is known by the code its cards or file names carry.
        let key = if e.in_roster || (roster.is_none() && !e.unit_code.is_empty()) {
            e.unit_code.to_string()
        } else {
            format!("?{}", &*e.unit_name)
        };
        by_unit.entry(key).or_default().push(e);
    }
    let mut findings: HashMap<&str, (usize, usize)> = HashMap::new();
    for f in &batch.findings {
        let c = findings.entry(&*f.unit_code).or_default();
        match f.severity {
            Severity::Error => c.0 += 1,
            Severity::Warning => c.1 += 1,
            Severity::Info => {}
        }
    }
    let mut rows = Vec::new();
    let row = |code: &str,
               name: &str,
               dept: &str,
               entries: &[&Entry],
               outside: bool,
               has_projects: bool| {
        let (errors, warnings) = if outside || code.is_empty() {
            entries.iter().fold((0, 0), |(e, w), x| {
                (e + x.tally.errors, w + x.tally.warnings)
            })
        } else {
            findings.get(code).copied().unwrap_or_default()
        };
        let projects: Vec<&&Entry> = entries
            .iter()
            .filter(|e| !e.card.kind.is_unit_wide() && e.counts())
            .collect();
        let bad_file = !outside && batch.sent_unreadable(code);
        let status = if outside {
            status::OUTSIDE
        } else if entries.is_empty() && !bad_file {
            if has_projects {
                status::MISSING
            } else {
                status::NO_PROJECTS
            }
        } else if entries.iter().any(|e| e.duplicate && e.replaced.is_none()) {
            status::DUPLICATE
        } else if !entries.is_empty()
            && entries
                .iter()
                .filter(|e| e.replaced.is_none())
                .all(|e| e.untouched)
        {
            status::EMPTY
        } else if errors > 0 {
            status::ERRORS
        } else if warnings > 0 {
            status::WARNINGS
        } else {
            status::PASSED
        };
        UnitRow {
            unit_code: code.to_string(),
            unit_name: name.to_string(),
            department: dept.to_string(),
            status: status.to_string(),
            projects: projects.len(),
            funds: projects
                .iter()
                .filter_map(|e| money_of(e, Field::Total))
                .sum(),
            errors,
            warnings,
        }
    };
    let Some(roster) = roster else {
        for (key, entries) in &by_unit {
            let first = entries[0];
            let code = if key.starts_with('?') {
                ""
            } else {
                key.as_str()
            };
            rows.push(row(
                code,
                &first.unit_name,
                &first.department,
                entries,
                false,
                true,
            ));
        }
        return rows;
    };
    for u in &roster.units {
        let entries = by_unit.get(&u.code).cloned().unwrap_or_default();
        rows.push(row(
            &u.code,
            &u.name,
            &u.department,
            &entries,
            false,
            u.has_projects,
        ));
    }
    for (key, entries) in &by_unit {
        if let Some(name) = key.strip_prefix('?') {
            let dept = entries
                .first()
                .map(|e| e.department.clone())
                .unwrap_or_default();
            rows.push(row("", name, &dept, entries, true, true));
        }
    }
    rows
}

table_row! {
    /// 已替换: a card (or an unreadable file) a later resubmission replaced.
    pub struct ReplacedRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        old_file: String => col::OLD_FILE, Text;
        old_sheet: String => col::OLD_SHEET, Text;
        new_file: String => col::NEW_FILE, Text;
        new_sheet: String => col::NEW_SHEET, Text;
        basis: String => col::BASIS, Text;
    }
}

/// 已替换: every replaced card with the card that replaced it, and the unreadable files a
/// corrected file replaced.
pub fn replaced_rows(batch: &Batch, budget: Option<&Budget>) -> Vec<ReplacedRow> {
    let mut rows: Vec<ReplacedRow> = batch
        .entries
        .iter()
        .filter_map(|e| {
            let r = e.replaced.as_ref()?;
            let by = r.by.map(|i| &batch.entries[i].card.src);
            let (_, name) = indicator_owner(e, budget);
            Some(ReplacedRow {
                unit_code: e.unit_code.to_string(),
                unit_name: e.unit_name.to_string(),
                project_code: if e.card.kind.is_unit_wide() {
                    String::new()
                } else {
                    project_code(e, budget)
                },
                project_name: name,
                old_file: e.card.src.file.to_string(),
                old_sheet: e.card.src.sheet.to_string(),
                new_file: by.map(|s| s.file.to_string()).unwrap_or_default(),
                new_sheet: by.map(|s| s.sheet.to_string()).unwrap_or_default(),
                basis: r.basis.clone(),
            })
        })
        .collect();
    rows.extend(batch.replaced_files.iter().map(|f| ReplacedRow {
        unit_code: String::new(),
        unit_name: String::new(),
        project_code: String::new(),
        project_name: String::new(),
        old_file: f.file.clone(),
        old_sheet: String::new(),
        new_file: f.by.clone(),
        new_sheet: String::new(),
        basis: format!("原文件无法读取，{}", f.basis),
    }));
    rows
}

/// 问题清单: errors first, then warnings, then hints; within each by unit, file, the sheet's
/// place in its workbook and the cell.
pub fn finding_rows(batch: &Batch) -> Vec<FindingRow> {
    sorted_findings(batch)
        .into_iter()
        .map(FindingRow::from)
        .collect()
}

/// The sheets every stage's workbook closes with: 单位汇总, 问题清单, and 被替换 when a
/// resubmission replaced cards.
pub fn closing_sheets<'a>(
    batch: &'a Batch,
    roster: Option<&Roster>,
    budget: Option<&Budget>,
    emit: &mut dyn FnMut(Table<'a>),
) {
    emit(
        Sheet::of(sheet::UNITS, &unit_rows(batch, roster))
            .with_total()
            .into(),
    );
    emit(finding_sheet(batch).into());
    let replaced = replaced_rows(batch, budget);
    if !replaced.is_empty() {
        emit(Sheet::of(sheet::REPLACED, &replaced).into());
    }
}

/// 问题清单 made as it is written (one row per finding, in the order of [`finding_rows`]).
pub fn finding_sheet(batch: &Batch) -> MadeSheet<'_> {
    MadeSheet::of(sheet::FINDINGS, sorted_findings(batch), |&f| {
        FindingRow::from(f)
    })
}

fn sorted_findings(batch: &Batch) -> Vec<&Finding> {
    let mut sorted: Vec<&Finding> = batch.findings.iter().collect();
    sorted.sort_by_key(|f| {
        (
            f.severity,
            &*f.unit_code,
            &*f.file,
            f.sheet_place(),
            &*f.sheet,
            f.cell.map(|c| (c.row, c.col)),
            f.rule,
        )
    });
    sorted
}
