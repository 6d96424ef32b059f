//! 项目支出绩效自评表 (FORMS §4.4; 财预〔2020〕10号), with the Sichuan variant's spellings.

use super::target::{
    ATTRIBUTE, DEPARTMENT, LEVEL1, LEVEL2, LEVEL3, MONEY_ROWS, PROJECT_CODE, PROJECT_NAME,
    TARGET_VALUE, UNIT,
};
use super::*;

/// The 执行率 share of the total score (national default).
pub const EXECUTION_POINTS: u32 = 10;

/// The qualitative completion values of an indicator (财预〔2020〕10号): 达成 scores 80-100% of
/// its 分值, 部分达成 60-80%, 未达成 below 60%.
pub const COMPLETION_GRADES: &[&str] = &[
    "达成年度指标",
    "部分达成年度指标并具有一定效果",
    "未达成年度指标且效果较差",
];

/// The Sichuan card's rows beside the national ones (`总额`, `其中:财政资金` are aliases of
/// 年度资金总额 and 财政拨款).
pub const EXTRA_ROWS: &[(Field, &[&str])] = &[
    (Field::SpecialAccount, &["财政专户管理资金"]),
    (Field::UnitFunds, &["单位资金"]),
];

/// The block's caption on national cards; the Sichuan card writes `预算执行情况(10分)`.
pub const MONEY_CAPTION: &str = "项目资金（万元）";

pub static MONEY: MoneyBlockSpec = MoneyBlockSpec {
    caption: MONEY_CAPTION,
    rows: MONEY_ROWS,
    extra_rows: EXTRA_ROWS,
    columns: &[
        ColumnSpec::new(
            Col::BudgetStart,
            &["年初预算数", "年初预算", "年初预算数(A)"],
            Input::Money,
        )
        .required(),
        ColumnSpec::new(
            Col::BudgetFull,
            &["全年预算数", "调整后预算数", "调整后预算"],
            Input::Money,
        )
        .required(),
        ColumnSpec::new(
            Col::Executed,
            &["全年执行数", "预算执行数", "全年实际执行数"],
            Input::Money,
        )
        .required(),
        ColumnSpec::new(Col::Weight, &["分值", "权重"], Input::Score),
        ColumnSpec::new(Col::ExecRate, &["执行率", "预算执行率"], Input::Rate),
        ColumnSpec::new(Col::Score, &["得分"], Input::Score),
        ColumnSpec::new(
            Col::ReasonText,
            &["原因", "偏差原因", "未完成原因"],
            Input::LongText,
        ),
    ],
};

pub static SPEC: FormSpec = FormSpec {
    kind: FormKind::SelfEval,
    title: "项目支出绩效自评表",
    title_patterns: &[
        "项目支出绩效自评表",
        "部门预算项目支出绩效自评表",
        "绩效自评表",
    ],
    fields: &[
        PROJECT_NAME,
        PROJECT_CODE,
        DEPARTMENT,
        UNIT,
        ATTRIBUTE,
        FieldSpec {
            field: Field::AnnualGoal,
            labels: &["预期目标", "年度目标"],
            ty: ValueType::LongText,
            required: true,
            under: None,
        },
        FieldSpec {
            field: Field::GoalProgress,
            labels: &["实际完成情况"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
        FieldSpec {
            field: Field::Conclusion,
            labels: &["评价结论", "自评等级", "评价等级"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
    ],
    money: Some(&MONEY),
    tables: &[TableSpec {
        table: Table::Indicators,
        caption: "绩效指标",
        columns: &[
            LEVEL1,
            LEVEL2,
            LEVEL3,
            ColumnSpec::new(Col::Nature, &["指标性质"], Input::Text),
            TARGET_VALUE,
            ColumnSpec::new(Col::MeasureUnit, &["度量单位", "计量单位"], Input::Text),
            ColumnSpec::new(Col::Actual, &["实际完成值", "完成值"], Input::Text).required(),
            ColumnSpec::new(Col::Weight, &["分值", "权重"], Input::Score).required(),
            ColumnSpec::new(Col::Score, &["得分"], Input::Score),
            ColumnSpec::new(
                Col::ReasonText,
                &["偏差原因分析及改进措施", "未完成原因分析", "原因"],
                Input::LongText,
            ),
        ],
        total_labels: &["总分", "合计"],
    }],
    other_labels: &[
        "年度总体目标",
        "项目资金",
        "预算执行情况",
        "绩效指标",
        "报表编号",
        "存在问题",
        "改进措施",
        "填表人",
        "填报人",
        "联系电话",
        "填报日期",
        "单位盖章",
    ],
};
