//! 部门（单位）整体支出绩效目标申报表 (FORMS §4.2).

use super::target::INDICATOR_COLUMNS;
use super::*;

pub static SPEC: FormSpec = FormSpec {
    kind: FormKind::Overall,
    title: "部门（单位）整体支出绩效目标申报表",
    title_patterns: &["部门(单位)整体支出绩效目标申报表", "整体支出绩效目标申报表", "部门整体支出绩效目标表", "单位整体支出绩效目标申报表"],
    fields: &[
        FieldSpec { field: Field::UnitName, labels: &["部门(单位)名称", "部门名称", "单位名称", "部门(单位)"], ty: ValueType::Text, required: true, under: None },
        FieldSpec { field: Field::AnnualGoal, labels: &["年度总体目标", "总体目标", "年度绩效目标"], ty: ValueType::LongText, required: true, under: None },
    ],
    tables: &[
        TableSpec {
            table: Table::Tasks,
            caption: "年度主要任务",
            columns: &[
                ColumnSpec { col: Col::TaskName, labels: &["任务名称"], required: true, carry_down: false },
                ColumnSpec { col: Col::TaskContent, labels: &["主要内容"], required: false, carry_down: false },
                ColumnSpec { col: Col::TaskTotal, labels: &["总额", "预算申请", "资金总额"], required: true, carry_down: false },
                ColumnSpec { col: Col::TaskFiscal, labels: &["财政拨款", "当年财政拨款", "财政资金"], required: false, carry_down: false },
                ColumnSpec { col: Col::TaskOther, labels: &["其他资金"], required: false, carry_down: false },
            ],
            total_labels: &["金额合计", "合计", "总计"],
        },
        TableSpec { table: Table::Indicators, caption: "年度绩效指标", columns: INDICATOR_COLUMNS, total_labels: &[] },
    ],
    other_labels: &["年度主要任务", "预算申请", "年度绩效指标", "绩效指标", "填表人", "填报人", "联系电话", "填报日期", "单位盖章"],
};
