//! The consolidated workbook of the target stage (FORMS §6): one row per card, per indicator,
//! per roster unit, per finding.

use crate::batch::{Batch, Entry};
use crate::card::Indicator;
use crate::finding::{Finding, Severity};
use crate::forms::taxonomy::{Level1, Level2};
use crate::forms::{Field, FormKind};
use crate::money::Money;
use crate::output::Sheet;
use crate::registry::{Budget, Roster};
use crate::table_row;
use std::collections::{BTreeMap, HashMap};

table_row! {
    /// 项目汇总: one row per project card.
    pub struct ProjectRow {
        unit_code: String => "单位编码" as Code,
        unit_name: String => "单位名称" as Text,
        department: String => "主管部门" as Text,
        project_code: String => "项目编码" as Code,
        project_name: String => "项目名称" as Text,
        attribute: String => "项目属性" as Text,
        budget_type: String => "预算类型" as Text,
        total: Option<Money> => "年度资金总额" as Money,
        fiscal: Option<Money> => "财政拨款" as Money,
        carryover: Option<Money> => "上年结转资金" as Money,
        other: Option<Money> => "其他资金" as Money,
        goal: String => "年度目标" as LongText,
        indicators: usize => "指标数" as Int,
        quantified: usize => "量化指标数" as Int,
        errors: usize => "错误数" as Int,
        warnings: usize => "警告数" as Int,
        file: String => "来源文件" as Text,
        sheet: String => "来源工作表" as Text,
    }
}

table_row! {
    /// 指标明细: one row per indicator row of every card.
    pub struct IndicatorRow {
        unit_code: String => "单位编码" as Code,
        project_code: String => "项目编码" as Code,
        project_name: String => "项目名称" as Text,
        level1: String => "一级指标" as Text,
        level2: String => "二级指标" as Text,
        level3: String => "三级指标" as Text,
        value: String => "指标值" as Text,
        comparator: String => "比较符" as Text,
        number: Option<f64> => "目标数值" as Number,
        unit: String => "计量单位" as Text,
        explanation: String => "指标解释" as LongText,
        file: String => "来源文件" as Text,
        sheet: String => "来源工作表" as Text,
        row: u32 => "来源行" as Int,
    }
}

table_row! {
    /// 单位汇总: one row per roster unit, and one per unit outside the roster.
    pub struct UnitRow {
        unit_code: String => "单位编码" as Code,
        unit_name: String => "单位名称" as Text,
        department: String => "主管部门" as Text,
        status: String => "状态" as Text,
        projects: usize => "项目数" as Int,
        funds: Money => "资金合计" as Money,
        errors: usize => "错误数" as Int,
        warnings: usize => "警告数" as Int,
    }
}

table_row! {
    /// 问题清单: one row per finding.
    pub struct FindingRow {
        severity: String => "严重程度" as Text,
        rule: String => "规则编码" as Text,
        unit_code: String => "单位编码" as Code,
        unit_name: String => "单位名称" as Text,
        project: String => "项目名称" as Text,
        file: String => "来源文件" as Text,
        sheet: String => "来源工作表" as Text,
        cell: String => "单元格" as Text,
        message: String => "说明" as LongText,
    }
}

table_row! {
    /// 整体目标: one row per unit-wide card.
    pub struct OverallRow {
        unit_code: String => "单位编码" as Code,
        unit_name: String => "单位名称" as Text,
        department: String => "主管部门" as Text,
        tasks: usize => "任务数" as Int,
        total: Money => "资金合计" as Money,
        fiscal: Money => "财政拨款" as Money,
        other: Money => "其他资金" as Money,
        goal: String => "年度总体目标" as LongText,
        indicators: usize => "指标数" as Int,
        quantified: usize => "量化指标数" as Int,
        errors: usize => "错误数" as Int,
        warnings: usize => "警告数" as Int,
        file: String => "来源文件" as Text,
        sheet: String => "来源工作表" as Text,
    }
}

impl From<&Finding> for FindingRow {
    fn from(f: &Finding) -> Self {
        FindingRow {
            severity: f.severity.label().into(),
            rule: f.rule.code().into(),
            unit_code: f.unit_code.clone(),
            unit_name: f.unit_name.clone(),
            project: f.project.clone(),
            file: f.file.clone(),
            sheet: f.sheet.clone(),
            cell: f.cell_text(),
            message: f.message.clone(),
        }
    }
}

/// Sheet names of the consolidated workbook (FORMS §6): written here, read back by the template
/// writer (`--from`) and recognised in a folder of returned forms.
pub mod sheet {
    pub const PROJECTS: &str = "项目汇总";
    pub const INDICATORS: &str = "指标明细";
    pub const UNITS: &str = "单位汇总";
    pub const FINDINGS: &str = "问题清单";
    pub const OVERALL: &str = "整体目标";
}

/// Unit statuses of 单位汇总 (FORMS §6).
pub mod status {
    pub const PASSED: &str = "已报-通过";
    pub const WARNINGS: &str = "已报-有警告";
    pub const ERRORS: &str = "已报-有错误";
    pub const MISSING: &str = "未报";
    pub const DUPLICATE: &str = "重复报送";
    pub const EMPTY: &str = "空表";
    pub const NO_PROJECTS: &str = "无项目支出";
    pub const OUTSIDE: &str = "名册外";
}

fn money_of(e: &Entry, f: Field) -> Option<Money> {
    e.card.money(f).map(|a| a.money)
}

pub fn project_rows(batch: &Batch, budget: Option<&Budget>) -> Vec<ProjectRow> {
    batch
        .projects()
        .map(|e| {
            let bp = e.budget.and_then(|i| budget.map(|b| &b.projects[i]));
            let code = e
                .card
                .code(Field::ProjectCode)
                .map(|c| c.text.clone())
                .or_else(|| bp.map(|p| p.code.clone()))
                .unwrap_or_default();
            ProjectRow {
                unit_code: e.unit_code.clone(),
                unit_name: e.unit_name.clone(),
                department: e.department.clone(),
                project_code: code,
                project_name: e.card.text(Field::ProjectName).to_string(),
                attribute: e.card.text(Field::Attribute).to_string(),
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
                file: e.card.src.file.clone(),
                sheet: e.card.src.sheet.clone(),
            }
        })
        .collect()
}

fn level_name(raw: &str, canonical: Option<&'static str>) -> String {
    canonical
        .map(str::to_string)
        .unwrap_or_else(|| raw.to_string())
}

pub fn indicator_rows(batch: &Batch) -> Vec<IndicatorRow> {
    let mut rows = Vec::new();
    for e in &batch.entries {
        let (code, name) = match e.card.kind {
            FormKind::Overall => (
                String::new(),
                crate::forms::overall::PROJECT_PLACEHOLDER.to_string(),
            ),
            _ => (
                e.card
                    .code(Field::ProjectCode)
                    .map(|c| c.text.clone())
                    .unwrap_or_default(),
                e.card.text(Field::ProjectName).to_string(),
            ),
        };
        for i in &e.card.indicators {
            rows.push(IndicatorRow {
                unit_code: e.unit_code.clone(),
                project_code: code.clone(),
                project_name: name.clone(),
                level1: level_name(
                    Indicator::text(&i.level1),
                    i.level1_kind().map(Level1::name),
                ),
                level2: level_name(
                    Indicator::text(&i.level2),
                    i.level2_kind().map(Level2::name),
                ),
                level3: Indicator::text(&i.name).to_string(),
                value: Indicator::text(&i.value).to_string(),
                comparator: i
                    .parsed
                    .comparator
                    .map(|c| c.symbol().to_string())
                    .unwrap_or_default(),
                number: i.parsed.number,
                unit: i.parsed.unit.clone(),
                explanation: Indicator::text(&i.explanation).to_string(),
                file: e.card.src.file.clone(),
                sheet: e.card.src.sheet.clone(),
                row: i.row + 1,
            });
        }
    }
    rows
}

pub fn overall_rows(batch: &Batch) -> Vec<OverallRow> {
    batch
        .entries
        .iter()
        .filter(|e| e.card.kind == FormKind::Overall)
        .map(|e| {
            let sum = |get: fn(&crate::card::Task) -> Option<Money>| {
                e.card.tasks.iter().filter_map(get).sum::<Money>()
            };
            OverallRow {
                unit_code: e.unit_code.clone(),
                unit_name: e.unit_name.clone(),
                department: e.department.clone(),
                tasks: e.card.tasks.len(),
                total: sum(|t| t.total.as_ref()?.money()),
                fiscal: sum(|t| t.fiscal.as_ref()?.money()),
                other: sum(|t| t.other.as_ref()?.money()),
                goal: e.card.text(Field::AnnualGoal).to_string(),
                indicators: e.card.indicators.len(),
                quantified: e.card.quantified_count(),
                errors: e.tally.errors,
                warnings: e.tally.warnings,
                file: e.card.src.file.clone(),
                sheet: e.card.src.sheet.clone(),
            }
        })
        .collect()
}

/// 单位汇总. Units expected to hand in project cards but without any are 未报; units without
/// project expenditure that handed in nothing are 无项目支出.
pub fn unit_rows(batch: &Batch, roster: Option<&Roster>) -> Vec<UnitRow> {
    let mut by_unit: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &batch.entries {
        // Without a roster, a unit is known by the code its cards or file names carry.
        let key = if e.in_roster || (roster.is_none() && !e.unit_code.is_empty()) {
            e.unit_code.clone()
        } else {
            format!("?{}", e.unit_name)
        };
        by_unit.entry(key).or_default().push(e);
    }
    let mut findings: HashMap<String, (usize, usize)> = HashMap::new();
    for f in &batch.findings {
        let c = findings.entry(f.unit_code.clone()).or_default();
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
            .filter(|e| e.card.kind != FormKind::Overall && !e.duplicate && !e.untouched)
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
        } else if entries.iter().any(|e| e.duplicate) {
            status::DUPLICATE
        } else if !entries.is_empty() && entries.iter().all(|e| e.untouched) {
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

pub fn finding_rows(batch: &Batch) -> Vec<FindingRow> {
    batch.findings.iter().map(FindingRow::from).collect()
}

/// The sheets of the target-stage workbook, in order.
pub fn target_sheets(
    batch: &Batch,
    roster: Option<&Roster>,
    budget: Option<&Budget>,
) -> Vec<Sheet> {
    let mut sheets = vec![
        Sheet::of(sheet::PROJECTS, &project_rows(batch, budget)),
        Sheet::of(sheet::INDICATORS, &indicator_rows(batch)),
    ];
    sheets.push(Sheet::of(sheet::UNITS, &unit_rows(batch, roster)));
    sheets.push(Sheet::of(sheet::FINDINGS, &finding_rows(batch)));
    let overall = overall_rows(batch);
    if !overall.is_empty() {
        sheets.push(Sheet::of(sheet::OVERALL, &overall));
    }
    sheets
}
