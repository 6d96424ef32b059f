//! 部门（单位）整体支出绩效目标申报表 (FORMS §4.2).

use super::target::INDICATOR_COLUMNS;
use super::*;

/// What stands in the 项目名称 column of the consolidated tables for a unit-wide card.
pub const PROJECT_PLACEHOLDER: &str = "（部门整体）";

pub static SPEC: FormSpec = FormSpec {
    kind: FormKind::Overall,
    title: "部门（单位）整体支出绩效目标申报表",
    title_patterns: &[
        "部门(单位)整体支出绩效目标申报表",
        "整体支出绩效目标申报表",
        "部门整体支出绩效目标表",
        "单位整体支出绩效目标申报表",
    ],
    fields: &[
        FieldSpec {
            field: Field::UnitName,
            labels: &[
                "部门（单位）名称",
                "部门(单位)名称",
                "部门名称",
                "单位名称",
                "部门(单位)",
            ],
            ty: ValueType::Text,
            required: true,
            under: None,
        },
        FieldSpec {
            field: Field::AnnualGoal,
            labels: &["年度总体目标", "总体目标", "年度绩效目标"],
            ty: ValueType::LongText,
            required: true,
            under: None,
        },
    ],
    money: None,
    tables: &[
        TableSpec {
            table: Table::Tasks,
            caption: "年度主要任务",
            columns: &[
                ColumnSpec::new(Col::TaskName, &["任务名称"], Input::Text).required(),
                ColumnSpec::new(Col::TaskContent, &["主要内容"], Input::LongText),
                ColumnSpec::new(Col::TaskTotal, &["总额", "资金总额"], Input::Money)
                    .required()
                    .group("预算申请（万元）"),
                ColumnSpec::new(
                    Col::TaskFiscal,
                    &["财政拨款", "当年财政拨款", "财政资金"],
                    Input::Money,
                )
                .group("预算申请（万元）"),
                ColumnSpec::new(Col::TaskOther, &["其他资金"], Input::Money)
                    .group("预算申请（万元）"),
            ],
            total_labels: &["金额合计", "合计", "总计"],
        },
        TableSpec {
            table: Table::Indicators,
            caption: "年度绩效指标",
            columns: INDICATOR_COLUMNS,
            total_labels: &[],
        },
    ],
    other_labels: &[
        "年度主要任务",
        "预算申请",
        "年度绩效指标",
        "绩效指标",
        "填表人",
        "填报人",
        "联系电话",
        "填报日期",
        "单位盖章",
    ],
};
