//! The self-evaluation stage (绩效自评, FORMS §4.4, §5, §6): project cards and unit-wide cards
//! of the year before, every score recomputed. Its workbook adds the self-evaluation columns to
//! 项目汇总 and 指标明细, and 评分复核 (stated against recomputed), 等级分布 (count and funds per
//! grade), 整体自评 (the unit-wide cards); coverage shows the three budgets, the 项目类别 and the
//! unit-wide self-evaluations apart.

use super::Context;
use super::common::{
    budget_project, indicator_owner, indicator_row, project_code, project_row, row_source, source,
};
use super::coverage::{self, Basis, Coverage};
use crate::batch::{Batch, Entry};
use crate::card::Indicator;
use crate::config::Config;
use crate::finding::CardId;
use crate::forms::{Col, FormKind};
use crate::money::Money;
use crate::registry::Roster;
use crate::rules::self_eval::{CardScore, Grade, explain, fmt, score};
use crate::schema::{col, sheet};
use crate::table::{MadeSheet, Sheet, Table};
use crate::table_row;
use std::collections::{BTreeMap, HashSet};

table_row! {
    /// 项目汇总: the self-evaluation columns.
    pub struct SelfEvalCols {
        budget: Option<Money> => col::BUDGET_FULL, Money;
        executed: Option<Money> => col::EXECUTED_FULL, Money;
        rate: Option<f64> => col::EXEC_RATE, Percent;
        exec_score: Option<f64> => col::EXEC_SCORE, Number;
        stated: Option<f64> => col::STATED_TOTAL, Number;
        total: f64 => col::RECHECKED_TOTAL, Number;
        stated_grade: String => col::STATED_GRADE, Text;
        grade: String => col::RECHECKED_GRADE, Text;
        category: String => col::CATEGORY, Text;
    }
}

table_row! {
    /// 指标明细: the self-evaluation columns.
    pub struct SelfEvalIndicatorCols {
        actual: String => col::ACTUAL, Text;
        points: Option<f64> => col::POINTS, Number;
        stated: Option<f64> => col::STATED_SCORE, Number;
        recomputed: Option<f64> => col::RECHECKED_SCORE, Number;
    }
}

table_row! {
    /// 评分复核: a card whose stated total or grade differs from the recomputed one.
    pub struct RecheckRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        project_code: String => col::PROJECT_CODE, Code;
        project_name: String => col::PROJECT_NAME, Text;
        stated: Option<f64> => col::STATED_TOTAL, Number;
        total: f64 => col::RECHECKED_TOTAL, Number;
        difference: Option<f64> => col::DIFFERENCE, Number;
        stated_grade: String => col::STATED_GRADE, Text;
        grade: String => col::RECHECKED_GRADE, Text;
        reason: String => col::REASON, LongText;
        file: String => col::FILE, Text;
        sheet: String => col::SHEET, Text;
    }
}

table_row! {
    /// 等级分布: count and funds per recomputed grade, for the district and each group.
    pub struct GradeRow {
        scope: String => col::SCOPE, Text;
        group: String => col::GROUP, Text;
        excellent: usize => col::EXCELLENT_COUNT, Int;
        excellent_funds: Money => col::EXCELLENT_FUNDS, Money;
        good: usize => col::GOOD_COUNT, Int;
        good_funds: Money => col::GOOD_FUNDS, Money;
        fair: usize => col::FAIR_COUNT, Int;
        fair_funds: Money => col::FAIR_FUNDS, Money;
        poor: usize => col::POOR_COUNT, Int;
        poor_funds: Money => col::POOR_FUNDS, Money;
        projects: usize => col::PROJECTS, Int;
        funds: Money => col::FUNDS, Money;
    }
}

table_row! {
    /// 整体自评: one row per unit-wide self-evaluation.
    pub struct OverallEvalRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        indicators: usize => col::INDICATORS, Int;
        stated: Option<f64> => col::STATED_TOTAL, Number;
        total: f64 => col::RECHECKED_TOTAL, Number;
        stated_grade: String => col::STATED_GRADE, Text;
        grade: String => col::RECHECKED_GRADE, Text;
        errors: usize => col::ERRORS, Int;
        warnings: usize => col::WARNINGS, Int;
    }
}

fn config<'a>(cx: &Context<'a>, default: &'a Config) -> &'a Config {
    cx.config.unwrap_or(default)
}

/// Project cards that count: neither a later duplicate nor an untouched template.
fn counted(batch: &Batch) -> impl Iterator<Item = &Entry> {
    batch
        .entries
        .iter()
        .filter(|e| e.card.kind == FormKind::SelfEval && e.counts())
}

/// A card's scores, its money as it counts in 万元: amounts written in 元 in the 万元 block
/// (M03) are divided by 10,000, a cell that says 万元 stays as it is (the scores do not change).
fn score_of(e: &Entry, cfg: &Config) -> CardScore {
    let mut s = score(&e.card, cfg);
    let wan = |col| {
        e.card
            .block_money_in_wan(crate::forms::Field::Total, col, e.in_yuan)
    };
    s.budget = wan(Col::BudgetFull).or_else(|| wan(Col::BudgetStart));
    s.executed = wan(Col::Executed);
    s
}

fn self_eval_cols(e: &Entry, s: &CardScore, cx: &Context<'_>) -> SelfEvalCols {
    SelfEvalCols {
        budget: s.budget,
        executed: s.executed,
        rate: s.rate,
        exec_score: s.exec_score,
        stated: s.stated_total,
        total: s.total,
        stated_grade: s
            .stated_grade
            .map(|g| g.label().to_string())
            .unwrap_or_default(),
        grade: s.grade.label().to_string(),
        category: budget_project(e, cx.budget)
            .map(|p| p.category.clone())
            .unwrap_or_default(),
    }
}

/// Why a card's stated total or grade differs from the recomputed one, in words.
fn reasons(e: &Entry, s: &CardScore) -> String {
    let mut out = Vec::new();
    if let (Some(stated), Some(exec)) = (s.exec_stated, s.exec_score)
        && (stated - exec).abs() > 0.005
    {
        out.push(format!(
            "执行率得分 {} → {}（执行率 {:.2}%）",
            fmt(stated),
            fmt(exec),
            s.rate.unwrap_or_default() * 100.0
        ));
    }
    for r in &s.rows {
        let (Some(stated), Some(re)) = (r.stated, r.recomputed) else {
            continue;
        };
        if (stated - re).abs() > 0.005 {
            let i: &Indicator = &e.card.indicators[r.index];
            out.push(format!(
                "“{}” {} → {}（{}）",
                i.name_text(),
                fmt(stated),
                fmt(re),
                explain(&r.method, r.points.unwrap_or_default())
            ));
        }
    }
    if let Some(stated) = s.stated_total
        && (stated - s.stated_sum).abs() > 0.05
    {
        out.push(format!(
            "填报总分 {} 不等于各项得分之和 {}",
            fmt(stated),
            fmt(s.stated_sum)
        ));
    }
    if (s.points + s.exec_points - 100.0).abs() > 0.01 && !s.rows.is_empty() {
        out.push(format!(
            "分值合计 {} 分，不是 100 分",
            fmt(s.points + s.exec_points)
        ));
    }
    out.join("；")
}

/// Whether a card belongs in 评分复核: its stated grade differs from the recomputed one, or its
/// stated total does by more than a rounding (0.05), or one of its stated scores is wrong
/// (E04, E05, E07, E09) even where the errors cancel out in the total.
fn differs(s: &CardScore, e: &Entry, wrong_scores: &HashSet<CardId>) -> bool {
    s.stated_grade.is_some_and(|g| g != s.grade)
        || s.stated_total
            .is_some_and(|t| (t - s.total).abs() > 0.05 + 1e-9)
        || wrong_scores.contains(&e.card.src.card_id())
}

/// The cards with a wrong stated score (E04, E05, E07, E09), looked up once.
fn wrong_scores(batch: &Batch) -> HashSet<CardId> {
    use crate::finding::Rule;
    batch
        .findings
        .iter()
        .filter(|f| {
            matches!(
                f.rule,
                Rule::ScoreAbovePoints
                    | Rule::ScoreOutOfRange
                    | Rule::TotalMismatch
                    | Rule::ExecScoreWrong
            )
        })
        .filter_map(|f| f.card_id)
        .collect()
}

fn money_of_card(s: &CardScore) -> Money {
    s.budget.unwrap_or_default()
}

fn grade_rows(batch: &Batch, cx: &Context<'_>, cfg: &Config) -> Vec<GradeRow> {
    let mut groups: BTreeMap<(usize, usize, String), GradeRow> = BTreeMap::new();
    let empty = |scope: &str, group: &str| GradeRow {
        scope: scope.into(),
        group: group.into(),
        excellent: 0,
        excellent_funds: Money::ZERO,
        good: 0,
        good_funds: Money::ZERO,
        fair: 0,
        fair_funds: Money::ZERO,
        poor: 0,
        poor_funds: Money::ZERO,
        projects: 0,
        funds: Money::ZERO,
    };
    let order = |dept: &str| -> usize {
        cx.roster
            .and_then(|r| r.units.iter().position(|u| u.department == dept))
            .unwrap_or(usize::MAX)
    };
    for e in counted(batch) {
        let s = score_of(e, cfg);
        let funds = money_of_card(&s);
        let budget_type = budget_project(e, cx.budget)
            .map(|p| p.budget_type.clone())
            .unwrap_or_default();
        let keys = [
            ((0, 0, String::new()), "全区", "合计".to_string()),
            (
                (1, order(&e.department), e.department.to_string()),
                "主管部门",
                e.department.to_string(),
            ),
            (
                (2, budget_order(&budget_type), budget_type.clone()),
                "预算类型",
                budget_type,
            ),
        ];
        for (key, scope, group) in keys {
            if group.is_empty() {
                continue;
            }
            let g = groups.entry(key).or_insert_with(|| empty(scope, &group));
            let (n, m) = match s.grade {
                Grade::Excellent => (&mut g.excellent, &mut g.excellent_funds),
                Grade::Good => (&mut g.good, &mut g.good_funds),
                Grade::Fair => (&mut g.fair, &mut g.fair_funds),
                Grade::Poor => (&mut g.poor, &mut g.poor_funds),
            };
            *n += 1;
            *m += funds;
            g.projects += 1;
            g.funds += funds;
        }
    }
    groups.into_values().collect()
}

/// The three budgets in the order of the budget law.
fn budget_order(t: &str) -> usize {
    coverage::BUDGET_TYPES
        .iter()
        .position(|b| *b == t)
        .unwrap_or(coverage::BUDGET_TYPES.len())
}

/// The sheets of the self-evaluation workbook, in order (coverage sheets are added by the
/// caller).
pub fn sheets<'a>(batch: &'a Batch, cx: &Context<'a>, emit: &mut dyn FnMut(Table<'a>)) {
    let default = Config::default();
    let cfg = config(cx, &default);
    let mut projects = Vec::new();
    let mut indicators = Vec::new();
    let mut recheck = Vec::new();
    let mut overall = Vec::new();
    let wrong = wrong_scores(batch);
    for e in &batch.entries {
        let s = score_of(e, cfg);
        let (code, name) = indicator_owner(e, cx.budget);
        if e.replaced.is_none() && !s.rows.is_empty() {
            indicators.push((e, code, name.clone(), s.rows.clone()));
        }
        match e.card.kind {
            FormKind::OverallSelfEval => overall.push((
                OverallEvalRow {
                    unit_code: e.unit_code.to_string(),
                    unit_name: e.unit_name.to_string(),
                    department: e.department.to_string(),
                    indicators: s.rows.len(),
                    stated: s.stated_total,
                    total: s.total,
                    stated_grade: s
                        .stated_grade
                        .map(|g| g.label().to_string())
                        .unwrap_or_default(),
                    grade: s.grade.label().to_string(),
                    errors: e.tally.errors,
                    warnings: e.tally.warnings,
                },
                source(e),
            )),
            _ => {
                let mut row = project_row(e, cx.budget);
                row.indicators = s.rows.len();
                projects.push((row, self_eval_cols(e, &s, cx), source(e)));
            }
        }
        if e.counts() && differs(&s, e, &wrong) {
            recheck.push(RecheckRow {
                unit_code: e.unit_code.to_string(),
                unit_name: e.unit_name.to_string(),
                project_code: if e.card.kind == FormKind::OverallSelfEval {
                    String::new()
                } else {
                    project_code(e, cx.budget)
                },
                project_name: name.clone(),
                stated: s.stated_total,
                total: s.total,
                difference: s
                    .stated_total
                    .map(|t| ((t - s.total) * 100.0).round() / 100.0),
                stated_grade: s
                    .stated_grade
                    .map(|g| g.label().to_string())
                    .unwrap_or_default(),
                grade: s.grade.label().to_string(),
                reason: reasons(e, &s),
                file: e.card.src.file.to_string(),
                sheet: e.card.src.sheet.to_string(),
            });
        }
    }
    emit(
        Sheet::from_rows(sheet::PROJECTS, projects)
            .with_total()
            .into(),
    );
    // One row per scored indicator: made as it is written, never whole.
    let indicators = MadeSheet::new(
        sheet::INDICATORS,
        indicators,
        |(_, _, _, rows)| rows.len(),
        |(e, code, name, rows)| {
            rows.iter()
                .map(|r| {
                    let i = &e.card.indicators[r.index];
                    (
                        indicator_row(e, code, name, i),
                        SelfEvalIndicatorCols {
                            actual: i.col_text(Col::Actual).to_string(),
                            points: r.points,
                            stated: r.stated,
                            recomputed: r.recomputed,
                        },
                        row_source(e, i),
                    )
                })
                .collect()
        },
    );
    emit(indicators.into());
    emit(Sheet::of(sheet::RECHECK, &recheck).into());
    emit(Sheet::of(sheet::GRADES, &grade_rows(batch, cx, cfg)).into());
    if !overall.is_empty() {
        emit(Sheet::of(sheet::OVERALL_EVAL, &overall).with_total().into());
    }
    super::common::closing_sheets(batch, cx.roster, cx.budget, emit);
}

/// Coverage of self-evaluation: units that self-evaluated anything, units with project cards,
/// projects and funds of each budget type and 项目类别, and the unit-wide self-evaluations.
pub fn coverage(batch: &Batch, roster: &Roster, cx: &Context<'_>) -> Coverage {
    let basis = Basis {
        units_label: "单位",
        project_units_label: "项目自评单位",
        by_category: true,
        overall_kind: Some(FormKind::OverallSelfEval),
        ..Basis::default()
    };
    coverage::compute_with(batch, roster, cx.budget, &basis)
}
