//! One declarative description per form kind. The reader finds fields and tables through it,
//! the template writer lays the card out from it, the checks and the consolidated columns name
//! its fields. Chinese labels of a form live in its description and nowhere else.

pub mod monitor;
pub mod overall;
pub mod overall_self_eval;
pub mod self_eval;
mod stage;
pub mod target;
pub mod taxonomy;

use serde::Serialize;

pub use stage::Stage;

/// The kinds of card the toolkit knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum FormKind {
    /// 项目支出绩效目标申报表 (FORMS §4.1).
    Target,
    /// 部门（单位）整体支出绩效目标申报表 (FORMS §4.2).
    Overall,
    /// 项目支出绩效目标执行监控表 (FORMS §4.3).
    Monitor,
    /// 项目支出绩效自评表 (FORMS §4.4).
    SelfEval,
    /// 部门整体支出绩效自评表 (FORMS §4.4 note).
    OverallSelfEval,
}

impl FormKind {
    pub fn spec(self) -> &'static FormSpec {
        match self {
            FormKind::Target => &target::SPEC,
            FormKind::Overall => &overall::SPEC,
            FormKind::Monitor => &monitor::SPEC,
            FormKind::SelfEval => &self_eval::SPEC,
            FormKind::OverallSelfEval => &overall_self_eval::SPEC,
        }
    }

    pub fn name(self) -> &'static str {
        self.spec().title
    }

    /// A card about a whole unit (部门整体), not one project.
    pub fn is_unit_wide(self) -> bool {
        matches!(self, FormKind::Overall | FormKind::OverallSelfEval)
    }
}

/// Every kind, most specific title first: classification tries them in this order.
pub const KINDS: &[FormKind] = &[
    FormKind::OverallSelfEval,
    FormKind::SelfEval,
    FormKind::Monitor,
    FormKind::Overall,
    FormKind::Target,
];

/// A header field of a card (a label with its value beside or below it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Field {
    ProjectName,
    ProjectCode,
    Department,
    Unit,
    Attribute,
    Period,
    MidTotal,
    Total,
    Fiscal,
    Carryover,
    Other,
    /// Sichuan self-evaluation money rows: 财政专户管理资金, 单位资金.
    SpecialAccount,
    UnitFunds,
    MidGoal,
    AnnualGoal,
    /// Target cards of some regions (Shenzhen): 政策依据 (the project's legal and policy basis)
    /// and 测算依据 (how the amount was calculated), long texts a bureau's rule table checks.
    PolicyBasis,
    CostBasis,
    /// Monitoring: 1-N月执行情况 of the annual goal; self-evaluation: 实际完成情况.
    GoalProgress,
    UnitName,
    /// Self-evaluation: the stated 总分 and the 评价结论.
    Conclusion,
}

/// How a field's value is read and checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    Text,
    /// A paragraph (goals): a tall merged input cell in templates.
    LongText,
    /// A code that must stay text (项目编码, 单位编码).
    Code,
    /// An amount in 万元.
    Money,
    /// One of a fixed list; the reader also accepts the listed synonyms.
    Choice(&'static [&'static str]),
}

#[derive(Debug)]
pub struct FieldSpec {
    pub field: Field,
    /// Accepted labels after normalisation; the first is the one templates print.
    pub labels: &'static [&'static str],
    pub ty: ValueType,
    pub required: bool,
    /// A part of a money block: prefer the label standing below this field's label in the same
    /// column (a card may carry a mid-term block beside the annual one with the same sub-labels).
    pub under: Option<Field>,
}

/// A column of a table inside a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Col {
    Level1,
    Level2,
    Level3,
    TargetValue,
    Explanation,
    TaskName,
    TaskContent,
    TaskTotal,
    TaskFiscal,
    TaskOther,
    /// Monitoring: 1-N月执行数 of an indicator; self-evaluation: 实际完成值.
    Actual,
    /// Monitoring: 全年预计执行数 of an indicator.
    Forecast,
    ReasonFunding,
    ReasonSystem,
    ReasonStaff,
    ReasonHardware,
    ReasonOther,
    /// 原因说明 / 偏差原因分析及改进措施.
    ReasonText,
    LikelySure,
    LikelyMaybe,
    LikelyNo,
    Remark,
    /// Sichuan: 指标性质 (=, ≥, ≤, 定性) and 度量单位.
    Nature,
    MeasureUnit,
    /// Unit-wide self-evaluation: 调整指标值 and 得分系数.
    AdjustedValue,
    Coefficient,
    Weight,
    Score,
    /// Money-block columns.
    BudgetStart,
    BudgetFull,
    Executed,
    ExecRate,
    ExecForecast,
}

#[derive(Debug)]
pub struct ColumnSpec {
    pub col: Col,
    pub labels: &'static [&'static str],
    pub required: bool,
    /// Filled down from the row above when empty (merged level names).
    pub carry_down: bool,
    /// A grouped header above this column (`偏差原因分析`, `完成目标可能性`, `预算申请（万元）`):
    /// templates print it over the group, the reader finds the column on the row below.
    pub group: Option<&'static str>,
    /// What the column holds, for template formats and validation.
    pub input: Input,
}

/// What a table column or money cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    Text,
    LongText,
    Money,
    /// A rate computed from other cells (a formula in templates).
    Rate,
    /// A score or weight between 0 and 100.
    Score,
    /// A tick (`✔`, `√`, `是`, `1`).
    Tick,
    /// A level-1 name from the taxonomy.
    Level1,
    /// A level-2 name, depending on the level-1.
    Level2,
}

/// Marks accepted as a tick; the first is the one templates offer.
pub const TICKS: &[&str] = &["√", "✔", "是", "1"];

/// The caption of the goal block of monitoring and self-evaluation cards (`年初设定目标 |
/// 1-N月执行情况`, `预期目标 | 实际完成情况`).
pub const GOAL_BLOCK: &str = "年度总体目标";

/// The footer of every card: where the unit signs and stamps a printed form. Each is also a
/// `STOP_PREFIXES` entry, so a table ends there.
pub const FOOTER_LABELS: [&str; 4] = ["填报人", "联系电话", "填报日期", "单位盖章"];

/// A money block laid out as a matrix: rows 年度资金总额 / 其中：财政拨款 / 上年结转资金 / 其他资金,
/// columns 年初预算数 / 1-N月执行数 / … (monitoring and self-evaluation cards).
#[derive(Debug)]
pub struct MoneyBlockSpec {
    pub caption: &'static str,
    /// The row fields, first the total; each with its accepted labels.
    pub rows: &'static [(Field, &'static [&'static str])],
    /// Rows the reader also takes as parts of the total, which templates do not print (the
    /// Sichuan self-evaluation's 财政专户管理资金 and 单位资金).
    pub extra_rows: &'static [(Field, &'static [&'static str])],
    /// The first column is the anchor the block's header row is found by.
    pub columns: &'static [ColumnSpec],
}

impl MoneyBlockSpec {
    pub fn column(&self, col: Col) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.col == col)
    }

    /// Every row the reader looks for: the printed ones, then the extra ones.
    pub fn all_rows(&self) -> impl Iterator<Item = &(Field, &'static [&'static str])> {
        self.rows.iter().chain(self.extra_rows)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Table {
    Indicators,
    Tasks,
}

#[derive(Debug)]
pub struct TableSpec {
    pub table: Table,
    /// The label written in front of the table in templates (`绩效指标`, `年度主要任务`).
    pub caption: &'static str,
    /// The first column is the anchor the header row is found by.
    pub columns: &'static [ColumnSpec],
    /// Labels of a closing total row (`金额合计`), read as the table's total.
    pub total_labels: &'static [&'static str],
}

impl ColumnSpec {
    /// A plain column: not required, no carry, no group.
    pub const fn new(col: Col, labels: &'static [&'static str], input: Input) -> Self {
        ColumnSpec {
            col,
            labels,
            required: false,
            carry_down: false,
            group: None,
            input,
        }
    }

    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub const fn carry(mut self) -> Self {
        self.carry_down = true;
        self
    }

    pub const fn group(mut self, g: &'static str) -> Self {
        self.group = Some(g);
        self
    }
}

impl TableSpec {
    pub fn column(&self, col: Col) -> Option<&ColumnSpec> {
        self.columns.iter().find(|c| c.col == col)
    }
}

#[derive(Debug)]
pub struct FormSpec {
    pub kind: FormKind,
    /// The canonical title, as printed on templates.
    pub title: &'static str,
    /// Normalised title texts that identify the kind; a title ends with one of these.
    pub title_patterns: &'static [&'static str],
    pub fields: &'static [FieldSpec],
    /// Monitoring and self-evaluation: money as a matrix instead of single fields.
    pub money: Option<&'static MoneyBlockSpec>,
    pub tables: &'static [TableSpec],
    /// Labels that are neither fields nor columns (block captions, footer labels): known so that
    /// the reader never takes them for a value.
    pub other_labels: &'static [&'static str],
}

/// Rows whose first label starts with one of these end a table (footers and notes).
pub const STOP_PREFIXES: &[&str] = &[
    "备注",
    "填表人",
    "填报人",
    "联系电话",
    "填报日期",
    "单位盖章",
    "审核人",
    "单位负责人",
    "财务负责人",
    "说明:",
];

impl FormSpec {
    pub fn field(&self, f: Field) -> Option<&FieldSpec> {
        self.fields.iter().find(|s| s.field == f)
    }

    pub fn table(&self, t: Table) -> Option<&TableSpec> {
        self.tables.iter().find(|s| s.table == t)
    }

    /// The canonical label of a field (the one templates print and messages name).
    pub fn label(&self, f: Field) -> &'static str {
        self.field(f)
            .map(|s| s.labels[0])
            .or_else(|| {
                self.money
                    .and_then(|m| m.all_rows().find(|r| r.0 == f))
                    .map(|r| r.1[0])
            })
            .unwrap_or("")
    }
}
