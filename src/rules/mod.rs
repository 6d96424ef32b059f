//! Built-in checks (FORMS §5). Each is a pure function from a card to findings; none stops at
//! the first problem and none prints.

pub mod budget;
pub mod bureau;
pub mod indicators;
pub mod money;
pub mod monitor;
pub mod self_eval;
pub mod structure;
pub mod template;

use crate::card::Card;
use crate::cellref::CellRef;
use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::forms::FormKind;

/// Collects findings for one card.
pub struct Sink<'a> {
    card: &'a Card,
    pub out: Vec<Finding>,
}

impl<'a> Sink<'a> {
    pub fn new(card: &'a Card) -> Self {
        Sink {
            card,
            out: Vec::new(),
        }
    }

    pub fn push(&mut self, rule: Rule, cell: CellRef, message: impl Into<String>) {
        self.out
            .push(self.card.src.finding(rule, Some(cell), message));
    }
}

/// All card-level checks. A template returned untouched gets that one finding only.
pub fn check_card(card: &Card, cfg: &Config) -> Vec<Finding> {
    let mut sink = Sink::new(card);
    if structure::is_untouched(card) {
        sink.push(
            Rule::Untouched,
            card.title_cell,
            format!(
                "“{}”是未填写的空表（年度目标和绩效指标都是空的），请填写后重新报送",
                &*card.src.sheet
            ),
        );
        return sink.out;
    }
    structure::check(card, &mut sink);
    money::check(card, cfg, &mut sink);
    match card.kind {
        FormKind::Target | FormKind::Overall => indicators::check(card, cfg, &mut sink),
        FormKind::Monitor => monitor::check(card, cfg, &mut sink),
        FormKind::SelfEval | FormKind::OverallSelfEval => self_eval::check(card, cfg, &mut sink),
    }
    sink.out
}
