//! Structure: required fields, the indicator table, codes, the project attribute.

use super::Sink;
use crate::card::Card;
use crate::finding::Rule;
use crate::forms::{Field, FormKind, ValueType};

/// A card whose input cells are all empty: no goal, no indicator text, no task.
pub fn is_untouched(card: &Card) -> bool {
    let goal = !card.text(Field::AnnualGoal).is_empty();
    let indicators = card
        .indicators
        .iter()
        .any(|i| i.name().is_some() || i.value().is_some());
    let tasks = card.tasks.iter().any(|t| !t.name.is_empty());
    !goal && !indicators && !tasks && card.indicator_header.is_some()
}

pub fn check(card: &Card, sink: &mut Sink<'_>) {
    let spec = card.kind.spec();
    for f in spec.fields.iter().filter(|f| f.required) {
        let present = match f.ty {
            ValueType::Money => card.amounts.contains_key(&f.field),
            ValueType::Code => card.codes.contains_key(&f.field),
            _ => card.texts.contains_key(&f.field),
        };
        if !present {
            let (cell, how) = match card.labels.get(&f.field) {
                Some(&c) => (c, "为空"),
                None => (card.title_cell, "缺失（表中没有这一栏）"),
            };
            sink.push(
                Rule::RequiredMissing,
                cell,
                format!("必填项“{}”{}", f.labels[0], how),
            );
        }
    }
    if card.indicator_header.is_none() {
        sink.push(
            Rule::NoIndicatorTable,
            card.title_cell,
            "没有找到绩效指标表（表头应含“一级指标、二级指标、三级指标、指标值”）",
        );
    }
    for (&field, code) in &card.codes {
        if code.value.lost_digits {
            sink.push(
                Rule::CodeAsFloat,
                code.cell,
                format!("“{}”以数字 {} 存储，Excel 显示为科学计数法，后几位可能已丢失：请把单元格设为文本后重新填写完整编码", spec.label(field), code.value.text),
            );
        }
    }
    if card.kind == FormKind::Target
        && let Some(a) = card.texts.get(&Field::Attribute)
        && !matches!(&*a.value, "新增" | "延续")
    {
        sink.push(
            Rule::BadAttribute,
            a.cell,
            format!("项目属性“{}”应为“新增”或“延续”", a.value),
        );
    }
    if card.kind == FormKind::Overall && card.tasks.is_empty() {
        sink.push(Rule::NoTasks, card.title_cell, "没有填写年度主要任务");
    }
}
