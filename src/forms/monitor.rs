//! 项目支出绩效目标执行监控表 (FORMS §4.3; 财预〔2019〕136号 "双监控"). Labels read `1-N月`; the
//! reader folds any month range to `1-N月` (see `label::normalize`) and reads N from the text.

use super::target::{
    ATTRIBUTE, DEPARTMENT, LEVEL1, LEVEL2, LEVEL3, MONEY_ROWS, PROJECT_CODE, PROJECT_NAME,
    TARGET_VALUE, UNIT,
};
use super::*;

pub const REASON_GROUP: &str = "偏差原因分析";
pub const LIKELY_GROUP: &str = "完成目标可能性";

pub static MONEY: MoneyBlockSpec = MoneyBlockSpec {
    caption: "项目资金（万元）",
    rows: MONEY_ROWS,
    extra_rows: &[],
    columns: &[
        ColumnSpec::new(Col::BudgetStart, &["年初预算数"], Input::Money).required(),
        ColumnSpec::new(
            Col::BudgetFull,
            &["调整后预算数", "全年预算数"],
            Input::Money,
        ),
        ColumnSpec::new(
            Col::Executed,
            &["1-N月执行数", "执行数", "1-N月执行情况"],
            Input::Money,
        )
        .required(),
        ColumnSpec::new(Col::ExecRate, &["1-N月执行率", "执行率"], Input::Rate),
        ColumnSpec::new(
            Col::ExecForecast,
            &["全年预计执行数", "全年预计完成情况"],
            Input::Money,
        ),
    ],
};

pub static SPEC: FormSpec = FormSpec {
    kind: FormKind::Monitor,
    title: "项目支出绩效目标执行监控表",
    title_patterns: &[
        "项目支出绩效目标执行监控表",
        "绩效目标执行监控表",
        "执行监控表",
        "绩效运行监控表",
    ],
    fields: &[
        PROJECT_NAME,
        PROJECT_CODE,
        DEPARTMENT,
        UNIT,
        ATTRIBUTE,
        FieldSpec {
            field: Field::AnnualGoal,
            labels: &["年初设定目标", "年度目标"],
            ty: ValueType::LongText,
            required: true,
            under: None,
        },
        FieldSpec {
            field: Field::GoalProgress,
            labels: &["1-N月执行情况", "目标执行情况"],
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
            TARGET_VALUE,
            ColumnSpec::new(
                Col::Actual,
                &["1-N月执行数", "1-N月执行情况", "执行情况"],
                Input::Text,
            )
            .required(),
            ColumnSpec::new(
                Col::Forecast,
                &["全年预计执行数", "全年预计完成情况", "全年预计"],
                Input::Text,
            ),
            ColumnSpec::new(Col::ReasonFunding, &["经费保障"], Input::Tick).group(REASON_GROUP),
            ColumnSpec::new(Col::ReasonSystem, &["制度保障"], Input::Tick).group(REASON_GROUP),
            ColumnSpec::new(Col::ReasonStaff, &["人员保障"], Input::Tick).group(REASON_GROUP),
            ColumnSpec::new(Col::ReasonHardware, &["硬件条件保障"], Input::Tick)
                .group(REASON_GROUP),
            ColumnSpec::new(Col::ReasonOther, &["其他"], Input::Tick).group(REASON_GROUP),
            ColumnSpec::new(Col::ReasonText, &["原因说明"], Input::LongText).group(REASON_GROUP),
            ColumnSpec::new(Col::LikelySure, &["确定能"], Input::Tick).group(LIKELY_GROUP),
            ColumnSpec::new(Col::LikelyMaybe, &["有可能"], Input::Tick).group(LIKELY_GROUP),
            ColumnSpec::new(Col::LikelyNo, &["完全不可能"], Input::Tick).group(LIKELY_GROUP),
            ColumnSpec::new(Col::Remark, &["备注"], Input::Text),
        ],
        total_labels: &[],
    }],
    other_labels: &[
        "年度总体目标",
        "项目资金",
        "绩效指标",
        "偏差原因分析",
        "完成目标可能性",
        "填表人",
        "填报人",
        "联系电话",
        "填报日期",
        "单位盖章",
    ],
};
