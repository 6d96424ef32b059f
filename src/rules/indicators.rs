//! Indicators: the taxonomy, the required categories, quantified values.

use super::Sink;
use crate::card::{Card, Indicator};
use crate::config::Config;
use crate::finding::Rule;
use crate::forms::taxonomy::{Level1, Level2};
use crate::forms::{Col, FormKind};
use crate::read::label::name_key;
use crate::target_value::ValueKind;
use std::collections::HashSet;

/// A row's level-1 and level-2 categories, where recognised.
type Kinds = (Option<Level1>, Option<Level2>);

pub fn check(card: &Card, cfg: &Config, sink: &mut Sink<'_>) {
    let Some(header) = card.indicator_header else {
        return;
    };
    // Each row's categories, recognised once (the checks below ask for them again and again).
    let kinds: Vec<Kinds> = card
        .indicators
        .iter()
        .map(|i| (i.level1_kind(), i.level2_kind()))
        .collect();
    let overall_framework = kinds
        .iter()
        .any(|(k1, _)| k1.is_some_and(Level1::is_overall_framework));
    let mut seen_cells = HashSet::new();
    for (ind, &(kind1, kind2)) in card.indicators.iter().zip(&kinds) {
        if let Some(l1) = ind.level1()
            && kind1.is_none()
            && seen_cells.insert(l1.cell)
        {
            sink.push(Rule::BadLevel1, l1.cell, format!("一级指标“{}”不在指标体系内（应为产出、效益、满意度指标，或整体支出的投入、过程、产出、效果）", l1.value));
        }
        if let (Some(l2), false) = (ind.level2(), overall_framework) {
            let ok = match (kind2, kind1) {
                (Some(k2), Some(k1)) => k2.parents().contains(&k1),
                (Some(_), None) => true,
                (None, _) => false,
            };
            if !ok && seen_cells.insert(l2.cell) {
                sink.push(
                    Rule::BadLevel2,
                    l2.cell,
                    format!(
                        "二级指标“{}”不在指标体系内，或不属于一级指标“{}”",
                        l2.value,
                        ind.col_text(Col::Level1)
                    ),
                );
            }
        }
    }
    // The rows of `Card::live_indicators`, with their categories.
    let live: Vec<(&Indicator, Kinds)> = card
        .indicators
        .iter()
        .zip(kinds)
        .filter(|(i, _)| !i.not_applicable())
        .collect();
    if card.kind == FormKind::Target {
        let has2 = |ks: &[Level2]| {
            live.iter()
                .any(|(i, (_, k2))| k2.is_some_and(|k| ks.contains(&k)) && i.name().is_some())
        };
        if !has2(&[Level2::Quantity]) {
            sink.push(Rule::NoQuantity, header, "缺少产出指标中的数量指标");
        }
        if !has2(&[Level2::Quality, Level2::Timeliness]) {
            sink.push(
                Rule::NoQualityOrTimeliness,
                header,
                "缺少产出指标中的质量指标或时效指标（至少一项）",
            );
        }
        if !live.iter().any(|(i, (k1, _))| {
            matches!(k1, Some(Level1::Benefit | Level1::Effect)) && i.name().is_some()
        }) {
            sink.push(
                Rule::NoBenefit,
                header,
                "缺少效益指标（至少一项经济、社会、生态效益或可持续影响指标）",
            );
        }
    }
    let mut names = HashSet::new();
    for &(ind, (kind1, kind2)) in &live {
        let Some(name) = ind.name() else {
            if ind.value().is_some() {
                sink.push(
                    Rule::EmptyIndicatorRow,
                    ind.value_cell(),
                    "填了指标值但三级指标名称为空",
                );
            } else {
                sink.push(
                    Rule::EmptyIndicatorRow,
                    ind.value_cell(),
                    format!(
                        "“{}”指标行未填写：不涉及的请在三级指标、指标值处填写“不适用”，不要留空",
                        ind.col_text(Col::Level2)
                    ),
                );
            }
            continue;
        };
        let key = (kind2, name_key(name.value));
        if !names.insert(key) {
            sink.push(
                Rule::DuplicateIndicator,
                name.cell,
                format!("三级指标“{}”在本表中重复", name.value),
            );
        }
        let len = name.value.chars().count();
        if len >= cfg.long_name {
            sink.push(
                Rule::LongIndicatorName,
                name.cell,
                format!(
                    "三级指标名称“{}”有 {len} 个字，过于冗长：请简明扼要表述",
                    name.value
                ),
            );
        }
        let satisfaction = kind1 == Some(Level1::Satisfaction)
            || matches!(
                kind2,
                Some(Level2::ServiceSatisfaction | Level2::OtherSatisfaction)
            );
        let value_text = ind.value_text();
        match ind.parsed().kind {
            ValueKind::Empty => sink.push(Rule::EmptyTargetValue, ind.value_cell(), format!("三级指标“{}”的指标值为空", name.value)),
            ValueKind::Qualitative if kind2 == Some(Level2::Timeliness) && value_text.trim() == "及时" => {
                sink.push(Rule::OnlyTimely, ind.value_cell(), format!("时效指标“{}”的指标值只写了“及时”：请写明完成时限，如“2024年12月31日前”“≤3个工作日”", name.value))
            }
            ValueKind::Qualitative | ValueKind::Grade if !satisfaction => sink.push(
                Rule::Unquantified,
                ind.value_cell(),
                format!("指标值“{}”是定性表述，未量化：请用数值、比例或时限表示，如“≥95%”“100人次”", value_text.trim()),
            ),
            ValueKind::BareNumber => sink.push(Rule::Unquantified, ind.value_cell(), format!("指标值“{}”只有数字，没有计量单位", value_text.trim())),
            _ => {}
        }
    }
    let quantified = card.quantified_count();
    if card.kind == FormKind::Target && !live.is_empty() && quantified < cfg.min_quantified {
        sink.push(
            Rule::FewQuantified,
            header,
            format!(
                "量化指标只有 {quantified} 个，少于 {} 个",
                cfg.min_quantified
            ),
        );
    }
}
