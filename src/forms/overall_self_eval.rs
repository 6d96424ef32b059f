//! 部门（单位）整体支出绩效自评表 (FORMS §4.4 note): unit-level indicators under 投入/过程/产出/效果
//! or 产出/效益/满意度, each with its weight and score, scored the same way as a project's.

use super::self_eval::MONEY;
use super::target::LEVEL1;
use super::*;

pub static SPEC: FormSpec = FormSpec {
    kind: FormKind::OverallSelfEval,
    title: "部门整体支出绩效自评表",
    title_patterns: &[
        "部门整体支出绩效自评表",
        "部门(单位)整体支出绩效自评表",
        "单位整体支出绩效自评表",
        "整体支出绩效自评表",
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
            labels: &["年度总体目标", "总体目标", "年度绩效目标", "预期目标"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
        FieldSpec {
            field: Field::GoalProgress,
            labels: &["实际完成情况", "年度总体目标完成情况"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
        FieldSpec {
            field: Field::Conclusion,
            labels: &["评价结论", "自评结论", "自评等级", "评价等级"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
    ],
    money: Some(&MONEY),
    tables: &[TableSpec {
        table: Table::Indicators,
        caption: "年度绩效指标",
        columns: &[
            LEVEL1,
            ColumnSpec::new(Col::Level2, &["二级指标"], Input::Level2).carry(),
            ColumnSpec::new(
                Col::Level3,
                &["指标名称", "三级指标", "绩效指标名称"],
                Input::Text,
            )
            .required(),
            ColumnSpec::new(Col::MeasureUnit, &["计量单位", "度量单位"], Input::Text),
            ColumnSpec::new(Col::Nature, &["指标性质"], Input::Text),
            ColumnSpec::new(
                Col::TargetValue,
                &["年初指标值", "年度指标值", "指标值", "目标值"],
                Input::Text,
            ),
            ColumnSpec::new(
                Col::AdjustedValue,
                &["调整指标值", "调整后指标值"],
                Input::Text,
            ),
            ColumnSpec::new(
                Col::Actual,
                &["全年完成值", "实际完成值", "完成值"],
                Input::Text,
            )
            .required(),
            ColumnSpec::new(Col::Coefficient, &["得分系数"], Input::Score),
            ColumnSpec::new(Col::Weight, &["指标权重", "权重", "分值"], Input::Score).required(),
            ColumnSpec::new(Col::Score, &["指标得分", "得分"], Input::Score),
            ColumnSpec::new(
                Col::ReasonText,
                &[
                    "偏差原因分析及改进措施",
                    "未完成原因分析",
                    "偏差原因",
                    "原因",
                ],
                Input::LongText,
            ),
        ],
        total_labels: &["总分", "合计"],
    }],
    other_labels: &[
        "年度绩效指标",
        "绩效指标",
        "预算执行情况",
        "项目资金",
        "存在问题",
        "改进措施",
        "填表人",
        "填报人",
        "联系电话",
        "填报日期",
        "单位盖章",
    ],
};
