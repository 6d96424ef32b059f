//! The target stage (绩效目标, FORMS §4.1–4.2): project target cards and unit-wide target cards.
//! Its workbook: 项目汇总, 指标明细, 单位汇总, 问题清单, 整体目标.

use super::Context;
use super::common::{self, indicator_owner, indicator_row, project_row, row_source, source};
use crate::batch::{Batch, Entry};
use crate::forms::{Field, FormKind};
use crate::money::Money;
use crate::schema::{col, sheet};
use crate::table::{MadeSheet, Sheet, Table};
use crate::table_row;

table_row! {
    /// 整体目标: one row per unit-wide card.
    pub struct OverallRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        tasks: usize => col::TASKS, Int;
        total: Money => col::FUNDS, Money;
        fiscal: Money => col::FISCAL, Money;
        other: Money => col::OTHER, Money;
        goal: String => col::OVERALL_GOAL, LongText;
        indicators: usize => col::INDICATORS, Int;
        quantified: usize => col::QUANTIFIED, Int;
        errors: usize => col::ERRORS, Int;
        warnings: usize => col::WARNINGS, Int;
    }
}

fn overall_row(e: &Entry) -> OverallRow {
    let sum = |get: fn(&crate::card::Task) -> Option<Money>| {
        e.card.tasks.iter().filter_map(get).sum::<Money>()
    };
    OverallRow {
        unit_code: e.unit_code.to_string(),
        unit_name: e.unit_name.to_string(),
        department: e.department.to_string(),
        tasks: e.card.tasks.len(),
        total: sum(|t| t.total.as_ref()?.money()),
        fiscal: sum(|t| t.fiscal.as_ref()?.money()),
        other: sum(|t| t.other.as_ref()?.money()),
        goal: e.card.text(Field::AnnualGoal).to_string(),
        indicators: e.card.indicators.len(),
        quantified: e.card.quantified_count(),
        errors: e.tally.errors,
        warnings: e.tally.warnings,
    }
}

/// The sheets of the target-stage workbook, in order, each handed over as soon as it is built
/// (coverage sheets are added by the caller).
pub fn sheets<'a>(batch: &'a Batch, cx: &Context<'a>, emit: &mut dyn FnMut(Table<'a>)) {
    let budget = cx.budget;
    let projects = MadeSheet::of(sheet::PROJECTS, batch.projects().collect(), move |e| {
        (project_row(e, budget), source(e))
    });
    emit(projects.with_total().into());
    // The longest table, one row per indicator: made as it is written, never whole.
    let cards: Vec<_> = batch
        .entries
        .iter()
        .filter(|e| e.replaced.is_none())
        .map(|e| (e, indicator_owner(e, budget)))
        .collect();
    emit(
        MadeSheet::new(
            sheet::INDICATORS,
            cards,
            |(e, _)| e.card.indicators.len(),
            |(e, (code, name))| {
                e.card
                    .indicators
                    .iter()
                    .map(|i| (indicator_row(e, code, name, i), row_source(e, i)))
                    .collect()
            },
        )
        .into(),
    );
    common::closing_sheets(batch, cx.roster, budget, emit);
    let overall: Vec<_> = batch
        .entries
        .iter()
        .filter(|e| e.card.kind == FormKind::Overall && e.replaced.is_none())
        .map(|e| (overall_row(e), common::source(e)))
        .collect();
    if !overall.is_empty() {
        emit(Sheet::of(sheet::OVERALL, &overall).with_total().into());
    }
}
