//! The stages of the management cycle (FORMS §1) and which card kinds each collects.

use super::FormKind;
use serde::Serialize;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, clap::ValueEnum,
)]
pub enum Stage {
    /// 绩效目标: project target cards and unit-wide target cards.
    #[default]
    Target,
    /// 绩效监控 (双监控): monitoring cards as of month N.
    Monitor,
    /// 绩效自评: self-evaluation cards.
    SelfEval,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Target, Stage::Monitor, Stage::SelfEval];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Target => "绩效目标",
            Stage::Monitor => "绩效监控",
            Stage::SelfEval => "绩效自评",
        }
    }

    /// The value of `--stage`.
    pub fn arg(self) -> &'static str {
        match self {
            Stage::Target => "target",
            Stage::Monitor => "monitor",
            Stage::SelfEval => "self-eval",
        }
    }

    pub fn kinds(self) -> &'static [FormKind] {
        match self {
            Stage::Target => &[FormKind::Target, FormKind::Overall],
            Stage::Monitor => &[FormKind::Monitor],
            Stage::SelfEval => &[FormKind::SelfEval, FormKind::OverallSelfEval],
        }
    }

    /// The stage that collects a kind of card.
    pub fn of_kind(kind: FormKind) -> Stage {
        match kind {
            FormKind::Target | FormKind::Overall => Stage::Target,
            FormKind::Monitor => Stage::Monitor,
            FormKind::SelfEval | FormKind::OverallSelfEval => Stage::SelfEval,
        }
    }
}
