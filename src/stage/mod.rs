//! Stage analysis: what each stage makes of a checked batch. One module per stage owns its card
//! kinds' cross-checks, its consolidated sheets and its coverage definition; the commands
//! dispatch on the stage here and hold nothing stage-specific.

pub mod common;
pub mod coverage;
pub mod monitor;
pub mod rounds;
pub mod self_eval;
pub mod target;

use crate::batch::Batch;
use crate::config::Config;
use crate::registry::{Budget, Roster};
use crate::schema::Consolidated;
use crate::table::{Sheet, Table};
use coverage::Coverage;

pub use crate::forms::Stage;
pub use monitor::Execution;

/// What a stage's analysis may use besides the batch.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    pub roster: Option<&'a Roster>,
    pub budget: Option<&'a Budget>,
    pub config: Option<&'a Config>,
    /// The previous stage's consolidated workbook (monitoring: the targets).
    pub previous: Option<&'a Consolidated>,
    /// How findings name the previous stage's workbook (its path as given).
    pub previous_name: &'a str,
    /// Monitoring: the budget system's execution export.
    pub execution: Option<&'a Execution>,
    /// The previous round of the same stage (`--previous`): 整改情况.
    pub last_round: Option<&'a Consolidated>,
}

/// The cross-checks of a stage that need the whole batch and the inputs beside it; their
/// findings are added to the batch.
pub fn cross_check(batch: &mut Batch, cx: &Context<'_>) {
    let found = match batch.stage {
        Stage::Target | Stage::SelfEval => Vec::new(),
        Stage::Monitor => monitor::cross_check(batch, cx),
    };
    batch.add_findings(found, cx.roster);
}

/// The sheets of the stage's consolidated workbook, coverage sheets included when a roster is
/// given.
pub fn sheets(batch: &Batch, cx: &Context<'_>) -> Vec<Sheet> {
    let mut sheets = Vec::new();
    each_sheet(batch, cx, &mut |s| sheets.push(s.into_sheet()));
    sheets
}

/// The same sheets handed over one by one as each is built, in order, so that a writer can
/// write and drop one while the next is being built.
pub fn each_sheet<'a>(batch: &'a Batch, cx: &Context<'a>, emit: &mut dyn FnMut(Table<'a>)) {
    match batch.stage {
        Stage::Target => target::sheets(batch, cx, emit),
        Stage::Monitor => monitor::sheets(batch, cx, emit),
        Stage::SelfEval => self_eval::sheets(batch, cx, emit),
    }
    if let Some(c) = coverage(batch, cx) {
        for s in c.sheets() {
            emit(s.into());
        }
    }
    if let Some(last) = cx.last_round {
        let (rows, _) = rounds::review(batch, last);
        emit(Sheet::of(crate::schema::sheet::REVIEW, &rows).into());
    }
}

/// Coverage of the stage (needs the roster).
pub fn coverage(batch: &Batch, cx: &Context<'_>) -> Option<Coverage> {
    let roster = cx.roster?;
    Some(match batch.stage {
        Stage::Target => coverage::compute(batch, roster, cx.budget),
        Stage::Monitor => monitor::coverage(batch, roster, cx),
        Stage::SelfEval => self_eval::coverage(batch, roster, cx),
    })
}
