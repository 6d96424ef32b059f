//! The stages of the management cycle a batch of returned forms belongs to, and which card
//! kinds each stage collects.

use crate::forms::FormKind;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Stage {
    /// 绩效目标: project target cards and unit-wide target cards.
    #[default]
    Target,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Target => "绩效目标",
        }
    }

    pub fn kinds(self) -> &'static [FormKind] {
        match self {
            Stage::Target => &[FormKind::Target, FormKind::Overall],
        }
    }
}

/// What the clerk expects of a batch: the stage, and the budget year when known.
#[derive(Clone, Copy, Debug, Default)]
pub struct Expect {
    pub stage: Stage,
    pub year: Option<i32>,
}
