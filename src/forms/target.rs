//! 项目支出绩效目标申报表 (FORMS §4.1; 财预〔2015〕88号 national card, the Shenzhen import layout,
//! and the spellings units produce).

use super::*;

pub const ATTRIBUTES: &[&str] = &["新增", "延续"];

/// Captions templates print in front of the money rows and the goals (the reader knows them as
/// `other_labels`).
pub const MONEY_CAPTION: &str = "项目资金（万元）";
pub const GOAL_CAPTION: &str = "总体目标";

pub const LEVEL1: ColumnSpec = ColumnSpec::new(Col::Level1, &["一级指标"], Input::Level1)
    .required()
    .carry();
pub const LEVEL2: ColumnSpec = ColumnSpec::new(Col::Level2, &["二级指标"], Input::Level2)
    .required()
    .carry();
pub const LEVEL3: ColumnSpec = ColumnSpec::new(
    Col::Level3,
    &["三级指标", "指标名称", "绩效指标名称", "指标内容"],
    Input::Text,
)
.required();
pub const TARGET_VALUE: ColumnSpec = ColumnSpec::new(
    Col::TargetValue,
    &["指标值", "目标值", "年度指标值", "年度目标值", "绩效指标值"],
    Input::Text,
)
.required();

pub const INDICATOR_COLUMNS: &[ColumnSpec] = &[
    LEVEL1,
    LEVEL2,
    LEVEL3,
    TARGET_VALUE,
    ColumnSpec::new(
        Col::Explanation,
        &["指标解释", "指标说明", "评(扣)分标准", "备注说明"],
        Input::LongText,
    ),
];

/// The header fields every project card starts with (target, monitoring, self-evaluation).
pub const PROJECT_NAME: FieldSpec = FieldSpec {
    field: Field::ProjectName,
    labels: &["项目名称"],
    ty: ValueType::Text,
    required: true,
    under: None,
};
pub const PROJECT_CODE: FieldSpec = FieldSpec {
    field: Field::ProjectCode,
    labels: &["项目编码", "项目代码"],
    ty: ValueType::Code,
    required: false,
    under: None,
};
pub const DEPARTMENT: FieldSpec = FieldSpec {
    field: Field::Department,
    labels: &[
        "主管部门及代码",
        "主管部门",
        "一级预算单位",
        "主管部门(单位)",
    ],
    ty: ValueType::Text,
    required: false,
    under: None,
};
pub const UNIT: FieldSpec = FieldSpec {
    field: Field::Unit,
    labels: &["实施单位", "申请单位", "项目单位", "预算单位"],
    ty: ValueType::Text,
    required: true,
    under: None,
};

/// Money rows of a block (monitoring, self-evaluation): the same labels as the target card's fields.
/// `项目属性` (新增/延续); the Shenzhen card asks `是否新增项目`.
pub const ATTRIBUTE: FieldSpec = FieldSpec {
    field: Field::Attribute,
    labels: &["项目属性", "是否新增项目"],
    ty: ValueType::Choice(ATTRIBUTES),
    required: false,
    under: None,
};

pub const MONEY_ROWS: &[(Field, &[&str])] = &[
    (
        Field::Total,
        &[
            "年度资金总额",
            "本年度项目金额",
            "本年度资金总额",
            "年度资金申请总额",
            "年度预算",
            "年度预算数",
            "总额",
        ],
    ),
    (
        Field::Fiscal,
        &["财政拨款", "当年财政拨款", "本年财政拨款", "财政资金"],
    ),
    (Field::Carryover, &["上年结转资金", "上年结转"]),
    (Field::Other, &["其他资金"]),
];

pub static SPEC: FormSpec = FormSpec {
    kind: FormKind::Target,
    title: "项目支出绩效目标申报表",
    title_patterns: &[
        "项目支出绩效目标申报表",
        "项目绩效目标申报表",
        "绩效目标申报表",
        "绩效目标表",
    ],
    fields: &[
        PROJECT_NAME,
        PROJECT_CODE,
        DEPARTMENT,
        UNIT,
        ATTRIBUTE,
        FieldSpec {
            field: Field::Period,
            labels: &["项目期限", "项目周期", "实施期限"],
            ty: ValueType::Text,
            required: false,
            under: None,
        },
        FieldSpec {
            field: Field::MidTotal,
            labels: &["中期资金总额", "项目总金额", "项目资金总额"],
            ty: ValueType::Money,
            required: false,
            under: None,
        },
        FieldSpec {
            field: Field::Total,
            labels: MONEY_ROWS[0].1,
            ty: ValueType::Money,
            required: true,
            under: None,
        },
        FieldSpec {
            field: Field::Fiscal,
            labels: MONEY_ROWS[1].1,
            ty: ValueType::Money,
            required: false,
            under: Some(Field::Total),
        },
        FieldSpec {
            field: Field::Carryover,
            labels: MONEY_ROWS[2].1,
            ty: ValueType::Money,
            required: false,
            under: Some(Field::Total),
        },
        FieldSpec {
            field: Field::Other,
            labels: MONEY_ROWS[3].1,
            ty: ValueType::Money,
            required: false,
            under: Some(Field::Total),
        },
        FieldSpec {
            field: Field::MidGoal,
            labels: &["中期目标", "长期目标", "项目总目标"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
        FieldSpec {
            field: Field::AnnualGoal,
            labels: &["年度目标", "年度绩效目标", "年度总体目标", "总体目标"],
            ty: ValueType::LongText,
            required: true,
            under: None,
        },
        // Not on the national form: read where a card has them, never printed by templates.
        FieldSpec {
            field: Field::PolicyBasis,
            labels: &["政策依据", "立项依据"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
        FieldSpec {
            field: Field::CostBasis,
            labels: &["测算依据", "资金测算依据"],
            ty: ValueType::LongText,
            required: false,
            under: None,
        },
    ],
    money: None,
    tables: &[TableSpec {
        table: Table::Indicators,
        caption: "绩效指标",
        columns: INDICATOR_COLUMNS,
        total_labels: &[],
    }],
    other_labels: &[
        "项目资金",
        "总体目标",
        "绩效指标",
        "年度绩效指标",
        "长期绩效指标",
        "项目类型",
        "分配方式",
        "项目概况",
        "填表人",
        "填报人",
        "联系电话",
        "填报日期",
        "单位盖章",
        "项目负责人",
        "项目绩效目标",
        "项目性质",
        "项目类别",
        "计划开始日期",
        "计划完成日期",
    ],
};
