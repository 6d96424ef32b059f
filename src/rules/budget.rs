//! Checks against the budget project list: the card's amount, 元 written in a 万元 column, and
//! 满意度 for projects that serve the public.

use super::Sink;
use crate::card::Card;
use crate::config::Config;
use crate::finding::{Finding, Rule};
use crate::forms::taxonomy::Level1;
use crate::forms::{Field, FormKind};
use crate::registry::BudgetProject;

/// The checks of a card matched to its budget project, from `source` (what findings call the
/// list: [`crate::registry::Budget::source`]).
pub fn check(card: &Card, project: &BudgetProject, source: &str, cfg: &Config) -> Vec<Finding> {
    let mut sink = Sink::new(card);
    // Projects that serve the public (by the budget list's 领域) should ask their users.
    if card.kind == FormKind::Target
        && cfg
            .public_fields
            .iter()
            .any(|f| !f.is_empty() && project.field.contains(f.as_str()))
        && let Some(header) = card.indicator_header
        && !card
            .live_indicators()
            .any(|i| i.name().is_some() && i.level1_kind() == Some(Level1::Satisfaction))
    {
        sink.push(
            Rule::NoSatisfaction,
            header,
            format!(
                "项目属于“{}”领域、直接面向公众，应设置满意度指标（如服务对象满意度）",
                project.field
            ),
        );
    }
    let (Some(total), Some(cell)) = (card.money(Field::Total), card.money_cell(Field::Total))
    else {
        return sink.out;
    };
    // 元 in a 万元 column, seen against the budget list: the ratio is about ten thousand.
    let already_yuan = super::money::looks_like_yuan(card, total.money, total.yuan, cfg).is_some();
    let ratio = total.money.ratio(project.amount);
    if !already_yuan && ratio.is_some_and(|r| (5_000.0..=20_000.0).contains(&r)) {
        sink.push(
            Rule::AmountInYuan,
            cell,
            format!("年度资金总额 {} 疑似以“元”填写（{source}为 {} 万元）：本栏单位为万元，请除以 10000 后重填", total.money, project.amount),
        );
    } else if !already_yuan
        && total.money.differs_from(project.amount, cfg.tolerance)
        && !total.money.is_zero()
    {
        sink.push(
            Rule::BudgetMismatch,
            cell,
            format!(
                "年度资金总额 {} 万元与{source}的 {} 万元不一致（相差 {} 万元）",
                total.money,
                project.amount,
                (total.money - project.amount).abs()
            ),
        );
    }
    sink.out
}
