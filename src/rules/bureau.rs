//! The bureau's own rule table 审核口径 (FORMS §2) run on a card of the target stage, on top of
//! the built-in rules: each row on the object it names, each finding with the row's own code and
//! 审核意见 text at the object's cell. Loading and reading the table is
//! `registry::rule_table`; docs/RULES.md explains both.

use super::Sink;
use crate::card::{Card, Indicator};
use crate::cellref::CellRef;
use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::forms::{Col, Field, FormKind};
use crate::read::value::is_not_applicable;
pub use crate::registry::rule_table::{
    Bound, Category, Direction, Mode, Object, Pattern, RuleTable, TableRule, rule_code, translate,
};

/// One place a row looks at on a card.
struct Spot {
    text: String,
    cell: CellRef,
    /// Marked 不适用: a `须匹配` pattern does not apply.
    not_applicable: bool,
}

/// The row is a table row with something of its own (not a blank or spare row).
fn written(i: &Indicator) -> bool {
    i.is_filled() || i.explanation().is_some()
}

fn short(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let n = one_line.chars().count();
    if n > 24 {
        format!("{}…", one_line.chars().take(24).collect::<String>())
    } else {
        one_line
    }
}

impl TableRule {
    /// The places of a card the row looks at; `None` where the card has no such place (the
    /// form has no such field or column, or no indicator table).
    fn spots(&self, card: &Card) -> Option<Vec<Spot>> {
        let table = card.indicator_header.is_some();
        let rows = || card.indicators.iter().filter(|i| written(i));
        match self.object {
            Object::Field(f, _) => {
                let (text, cell) = field_text(card, f)?;
                Some(vec![Spot {
                    not_applicable: is_not_applicable(&text),
                    text,
                    cell,
                }])
            }
            Object::Column(c) => {
                if !table || !(card.indicator_columns.contains_key(&c)) {
                    return None;
                }
                Some(
                    rows()
                        .map(|i| {
                            let text = i.col_text(c).to_string();
                            Spot {
                                not_applicable: i.not_applicable() || is_not_applicable(&text),
                                cell: card.indicator_cell(i, c).unwrap_or(i.value_cell()),
                                text,
                            }
                        })
                        .collect(),
                )
            }
            Object::Names(cat) => table.then(|| {
                rows()
                    .filter(|i| cat.holds(i))
                    .map(|i| {
                        let text = i.name_text().to_string();
                        Spot {
                            not_applicable: i.not_applicable() || is_not_applicable(&text),
                            cell: card
                                .indicator_cell(i, Col::Level3)
                                .unwrap_or(i.value_cell()),
                            text,
                        }
                    })
                    .collect()
            }),
            Object::Indicator => table.then(|| {
                rows()
                    .map(|i| Spot {
                        text: i.value_text().to_string(),
                        cell: card
                            .indicator_cell(i, Col::TargetValue)
                            .unwrap_or(i.value_cell()),
                        not_applicable: i.not_applicable(),
                    })
                    .collect()
            }),
            Object::Category(cat) => {
                let header = card.indicator_header?;
                let mine: Vec<&Indicator> =
                    card.indicators.iter().filter(|i| cat.holds(i)).collect();
                let names: Vec<&str> = mine
                    .iter()
                    .map(|i| i.name_text())
                    .filter(|n| !n.is_empty())
                    .collect();
                Some(vec![Spot {
                    text: names.join("\n"),
                    cell: mine.iter().find_map(|i| cat.cell(i)).unwrap_or(header),
                    not_applicable: !mine.is_empty() && mine.iter().all(|i| i.not_applicable()),
                }])
            }
            Object::Card => {
                let mut parts: Vec<&str> = [
                    Field::AnnualGoal,
                    Field::MidGoal,
                    Field::PolicyBasis,
                    Field::CostBasis,
                ]
                .into_iter()
                .map(|f| card.text(f))
                .collect();
                for i in &card.indicators {
                    parts.extend([i.name_text(), i.value_text(), i.col_text(Col::Explanation)]);
                }
                parts.retain(|p| !p.is_empty());
                Some(vec![Spot {
                    text: parts.join("\n"),
                    cell: card.title_cell,
                    not_applicable: false,
                }])
            }
        }
    }

    /// Where a `人工` row's one item goes: the object's cell, else the card's title.
    fn manual_cell(&self, card: &Card) -> CellRef {
        let header = card.indicator_header.unwrap_or(card.title_cell);
        match self.object {
            Object::Field(f, _) => field_text(card, f).map_or(card.title_cell, |(_, c)| c),
            Object::Column(c) => card.indicator_columns.get(&c).copied().unwrap_or(header),
            Object::Names(cat) | Object::Category(cat) => card
                .indicators
                .iter()
                .filter(|i| cat.holds(i))
                .find_map(|i| cat.cell(i))
                .unwrap_or(header),
            Object::Indicator => header,
            Object::Card => card.title_cell,
        }
    }

    fn what(&self, spot: &Spot) -> String {
        let label = match self.object {
            // An indicator is checked by the value it targets.
            Object::Indicator => "指标值".to_string(),
            o => o.label(),
        };
        match self.object {
            Object::Card | Object::Category(_) => label,
            _ if spot.text.trim().is_empty() => format!("{label}（未填写）"),
            Object::Names(_) => format!("三级指标“{}”", short(&spot.text)),
            _ => format!("{label}“{}”", short(&spot.text)),
        }
    }

    /// Runs the row on a card.
    pub fn check(&self, card: &Card, sink: &mut Sink<'_>) {
        let rule = Rule::Bureau(self.rule);
        let spots = self.spots(card);
        let say = |sink: &mut Sink<'_>, cell, what: String, extra: String| {
            sink.push(
                rule,
                cell,
                format!("【{}】{what}：{}{extra}", self.detail, self.advice),
            );
        };
        match (self.mode, &self.pattern) {
            (Mode::Manual, None) => {
                let msg = format!(
                    "【{}】请人工审核{}：{}",
                    self.detail,
                    self.object.label(),
                    self.advice
                );
                sink.push(rule, self.manual_cell(card), msg);
            }
            (Mode::Regex | Mode::Manual, Some(p)) => {
                for s in spots.into_iter().flatten() {
                    if s.not_applicable && p.direction == Direction::MustMatch {
                        continue;
                    }
                    let matched = p.re.is_match(&s.text);
                    if matched == (p.direction == Direction::MustNotMatch) {
                        let what = self.what(&s);
                        let what = if self.mode == Mode::Manual {
                            format!("请人工审核{what}")
                        } else {
                            what
                        };
                        say(sink, s.cell, what, String::new());
                    }
                }
            }
            (Mode::Required, _) => match spots {
                Some(spots) => {
                    for s in spots.iter().filter(|s| s.text.trim().is_empty()) {
                        say(sink, s.cell, self.what(s), String::new());
                    }
                }
                None => {
                    let what = format!("{}（表中没有这一栏）", self.object.label());
                    say(sink, self.manual_cell(card), what, String::new());
                }
            },
            (Mode::Length, _) => {
                let Some(bound) = self.bound else { return };
                for s in spots.into_iter().flatten() {
                    let n = s.text.trim().chars().count();
                    if n == 0 || s.not_applicable || bound.allows(n) {
                        continue;
                    }
                    let extra = format!("（现为 {n} 个字，要求{}）", bound.describe());
                    say(sink, s.cell, self.what(&s), extra);
                }
            }
            (Mode::Regex, None) => {}
        }
    }
}

/// A header field's text and cell: its value, or its label's cell when the value is empty;
/// `None` when the card has no such label.
fn field_text(card: &Card, f: Field) -> Option<(String, CellRef)> {
    if let Some(t) = card.texts.get(&f) {
        return Some((t.value.to_string(), t.cell));
    }
    if let Some(c) = card.codes.get(&f) {
        return Some((c.value.text.clone(), c.cell));
    }
    if let Some(a) = card.amounts.get(&f) {
        let text = match &a.value {
            crate::card::AmountCell::Value(v) => v.money.to_string(),
            crate::card::AmountCell::Bad(s) => s.clone(),
        };
        return Some((text, a.cell));
    }
    card.labels.get(&f).map(|&c| (String::new(), c))
}

/// Runs the rule table of `cfg` (if any) on a card of the target stage, adding its findings.
/// A card returned untouched keeps its one S06 finding.
pub fn check(card: &Card, cfg: &Config, findings: &mut Vec<Finding>) {
    let Some(table) = &cfg.rule_table else {
        return;
    };
    if !matches!(card.kind, FormKind::Target | FormKind::Overall)
        || findings.iter().any(|f| f.rule == Rule::Untouched)
    {
        return;
    }
    findings.extend(table.check(card));
}

impl RuleTable {
    /// The findings of every row on one card.
    pub fn check(&self, card: &Card) -> Vec<Finding> {
        let mut sink = Sink::new(card);
        for r in &self.rules {
            r.check(card, &mut sink);
        }
        sink.out
    }
}
