//! The year's end, worked out from the stages' consolidated workbooks rather than from returned
//! forms: projects proposed for key evaluation (重点评价) and the use of the results (结果应用).

pub mod apply;
pub mod assess;
pub mod key_eval;
pub mod publish;
pub mod report;
pub mod screen;

use crate::money::Money;
use crate::registry::{Budget, BudgetProject};
use crate::schema::Project;

/// The budget project a consolidated project is: by code, else by unit and name.
pub fn budget_of<'b>(budget: Option<&'b Budget>, p: &Project) -> Option<&'b BudgetProject> {
    let b = budget?;
    (!p.code.is_empty())
        .then(|| b.by_code(&p.code))
        .flatten()
        .or_else(|| b.by_unit_and_name(&p.unit_code, &p.name))
        .map(|(_, bp)| bp)
}

/// A project's funds for the year: the budget list's, else the year's budget the card states,
/// else its 年度资金总额.
pub fn amount_of(p: &Project, bp: Option<&BudgetProject>) -> Money {
    bp.map(|b| b.amount)
        .or(p.budget_full)
        .or(p.total)
        .unwrap_or_default()
}
