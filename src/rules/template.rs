//! What a jixiao template's hidden sheet tells about a returned card (T01–T04, S06): the year,
//! an untouched card, pre-filled keys that were edited.

use crate::card::Card;
use crate::finding::{Finding, Rule};
use crate::forms::FormKind;
use crate::meta::TemplateMeta;

/// Adds the template's findings to a card's: `findings` holds what the card checks found.
pub fn check(
    meta: &TemplateMeta,
    card: &Card,
    untouched: bool,
    year: Option<i32>,
    findings: &mut Vec<Finding>,
) {
    let at = |rule: Rule, cell, msg: String| card.src.finding(rule, cell, msg);
    if let Some(year) = year.filter(|&y| y != meta.year) {
        findings.push(at(
            Rule::WrongYear,
            Some(card.title_cell),
            format!(
                "这是 {} 年度的模板，本次收集的是 {year} 年度：请用本年度的模板填报",
                meta.year
            ),
        ));
    }
    // A card of another stage is refused as a whole (T01): its details do not matter here.
    if findings.iter().any(|f| f.rule == Rule::WrongKind) {
        return;
    }
    let Some(cm) = meta.card_for(card) else {
        return;
    };
    if untouched {
        findings.retain(|f| matches!(f.rule, Rule::WrongKind | Rule::WrongYear));
        findings.push(at(
            Rule::Untouched,
            Some(card.title_cell),
            format!(
                "“{}”是未填写的空表：模板原样交回，请填写后重新报送",
                &*card.src.sheet
            ),
        ));
        return;
    }
    // Template rows print their level names: an unused row is not a problem.
    findings.retain(|f| f.rule != Rule::EmptyIndicatorRow);
    // A monitoring card's declared indicators are compared by the stage (J08-J10), which
    // names what changed more precisely than T03.
    let indicators_checked_elsewhere = card.kind == FormKind::Monitor;
    for e in cm
        .edited(card)
        .into_iter()
        .filter(|e| !(indicators_checked_elsewhere && e.key.is_none()))
    {
        let found = if e.found.is_empty() {
            "已被删除".to_string()
        } else {
            format!("被改为“{}”", e.found)
        };
        findings.push(at(
            Rule::PrefillEdited,
            e.cell.or(Some(card.title_cell)),
            format!(
                "模板预填的{}“{}”{found}：预填内容不要改动，如确有错误请联系财政局",
                e.what, e.expected
            ),
        ));
    }
}
