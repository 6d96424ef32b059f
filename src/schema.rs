//! The one schema of the consolidated workbook (FORMS §6, docs/WORKBOOKS.md): sheet names,
//! column names and the key that names a project. The stage modules write through it, and every
//! reader of a consolidated workbook (`template --from`, the monitoring cross-check against the
//! targets, the later stages) reads through it, so a column cannot drift between the two.

use crate::forms::Stage;
use crate::meta::Declared;
use crate::money::Money;
use crate::read::grid::Grid;
use crate::read::label::name_key;
use crate::read::value::{CellValue, is_not_applicable, parse_number};
use crate::registry::{Listing, open};
use anyhow::{Result, bail};
use std::collections::HashMap;
use std::path::Path;

/// Sheet names.
pub mod sheet {
    pub const PROJECTS: &str = "项目汇总";
    pub const INDICATORS: &str = "指标明细";
    pub const UNITS: &str = "单位汇总";
    pub const FINDINGS: &str = "问题清单";
    pub const OVERALL: &str = "整体目标";
    pub const COVERAGE: &str = "覆盖情况";
    pub const CHASE: &str = "催报名单";
    pub const MISSING_PROJECTS: &str = "缺报项目";
    pub const NO_PROJECTS: &str = "无项目支出单位";
    pub const ALERTS: &str = "监控预警";
    pub const SURPLUS: &str = "收回建议";
    pub const UNIT_SURPLUS: &str = "单位收回建议";
    pub const UNIT_EXECUTION: &str = "单位执行进度";
    pub const RECHECK: &str = "评分复核";
    pub const GRADES: &str = "等级分布";
    pub const OVERALL_EVAL: &str = "整体自评";
    pub const KEY_LIST: &str = "重点评价清单";
    pub const KEY_SUMMARY: &str = "重点评价汇总";
    pub const ADVICE: &str = "结果应用建议";
    pub const UNIT_ADVICE: &str = "单位应用建议";
    pub const REPLACED: &str = "已替换";
    pub const REVIEW: &str = "整改情况";
    // Ex-ante screening, the annual summary, the units' work scored.
    pub const SCREEN: &str = "事前评估清单";
    pub const SCREEN_TALLY: &str = "评估结论汇总";
    pub const SCREEN_FLAGGED: &str = "不予支持仍在预算";
    pub const ANNUAL: &str = "年度情况";
    pub const ASSESS: &str = "绩效管理考核";
}

/// Column names.
pub mod col {
    pub const UNIT_CODE: &str = "单位编码";
    pub const UNIT_NAME: &str = "单位名称";
    pub const DEPARTMENT: &str = "主管部门";
    pub const PROJECT_CODE: &str = "项目编码";
    pub const PROJECT_NAME: &str = "项目名称";
    pub const ATTRIBUTE: &str = "项目属性";
    pub const BUDGET_TYPE: &str = "预算类型";
    pub const TOTAL: &str = "年度资金总额";
    pub const FISCAL: &str = "财政拨款";
    pub const CARRYOVER: &str = "上年结转资金";
    pub const OTHER: &str = "其他资金";
    pub const GOAL: &str = "年度目标";
    pub const INDICATORS: &str = "指标数";
    pub const QUANTIFIED: &str = "量化指标数";
    pub const ERRORS: &str = "错误数";
    pub const WARNINGS: &str = "警告数";
    pub const FILE: &str = "来源文件";
    pub const SHEET: &str = "来源工作表";
    pub const ROW: &str = "来源行";
    pub const LEVEL1: &str = "一级指标";
    pub const LEVEL2: &str = "二级指标";
    pub const LEVEL3: &str = "三级指标";
    pub const VALUE: &str = "指标值";
    pub const COMPARATOR: &str = "比较符";
    pub const NUMBER: &str = "目标数值";
    pub const MEASURE: &str = "计量单位";
    pub const EXPLANATION: &str = "指标解释";
    pub const STATUS: &str = "状态";
    pub const PROJECTS: &str = "项目数";
    pub const FUNDS: &str = "资金合计";
    pub const SEVERITY: &str = "严重程度";
    pub const RULE: &str = "规则编码";
    pub const CELL: &str = "单元格";
    pub const MESSAGE: &str = "说明";
    pub const TASKS: &str = "任务数";
    pub const OVERALL_GOAL: &str = "年度总体目标";
    // Monitoring (FORMS §6).
    pub const MONTH: &str = "监控月份";
    pub const BUDGET_START: &str = "年初预算数";
    pub const BUDGET_ADJUSTED: &str = "调整后预算数";
    pub const EXECUTED: &str = "执行数";
    pub const EXEC_RATE: &str = "执行率";
    pub const TIME_PROGRESS: &str = "时间进度";
    pub const LAG: &str = "进度偏差";
    pub const FORECAST: &str = "全年预计执行数";
    pub const SURPLUS: &str = "预计结余";
    pub const LIKELY: &str = "完成目标可能性";
    pub const IND_EXECUTED: &str = "执行情况";
    pub const IND_FORECAST: &str = "全年预计";
    pub const IND_REASON: &str = "偏差原因";
    pub const IND_LIKELY: &str = "完成可能性";
    pub const ALERT: &str = "预警类型";
    pub const BUDGET: &str = "预算数";
    pub const REASON: &str = "原因";
    pub const EXEC_STATUS: &str = "执行状态";
    pub const MONITORED: &str = "项目监控表数";
    pub const EXPECTED_PROJECTS: &str = "应报项目数";
    // Self-evaluation (FORMS §6).
    pub const BUDGET_FULL: &str = "全年预算数";
    pub const EXECUTED_FULL: &str = "全年执行数";
    pub const EXEC_SCORE: &str = "执行率得分";
    pub const STATED_TOTAL: &str = "自评总分";
    pub const RECHECKED_TOTAL: &str = "复核总分";
    pub const STATED_GRADE: &str = "自评等级";
    pub const RECHECKED_GRADE: &str = "复核等级";
    pub const CATEGORY: &str = "项目类别";
    pub const ACTUAL: &str = "实际完成值";
    pub const POINTS: &str = "分值";
    pub const STATED_SCORE: &str = "自评得分";
    pub const RECHECKED_SCORE: &str = "复核得分";
    pub const DIFFERENCE: &str = "差额";
    pub const EXCELLENT_COUNT: &str = "优项目数";
    pub const EXCELLENT_FUNDS: &str = "优资金";
    pub const GOOD_COUNT: &str = "良项目数";
    pub const GOOD_FUNDS: &str = "良资金";
    pub const FAIR_COUNT: &str = "中项目数";
    pub const FAIR_FUNDS: &str = "中资金";
    pub const POOR_COUNT: &str = "差项目数";
    pub const POOR_FUNDS: &str = "差资金";
    // Key evaluation and results used.
    pub const DOMAIN: &str = "领域";
    pub const KEY_AMOUNT: &str = "金额";
    pub const KEY_REASON: &str = "选取理由";
    pub const UNIT_COUNT: &str = "单位数";
    pub const EVAL_YEAR: &str = "评价年度";
    pub const ADVICE: &str = "应用建议";
    pub const CHANGE: &str = "建议调整比例";
    pub const NEXT_AMOUNT: &str = "下年预算数";
    pub const SUGGESTED: &str = "建议下年金额";
    pub const UNIT_GRADE: &str = "整体自评等级";
    // Review rounds.
    pub const COUNTED: &str = "计入合计";
    pub const AMOUNT_NOTE: &str = "金额说明";
    pub const OLD_FILE: &str = "原文件";
    pub const OLD_SHEET: &str = "原工作表";
    pub const NEW_FILE: &str = "替换文件";
    pub const NEW_SHEET: &str = "替换工作表";
    pub const BASIS: &str = "依据";
    pub const REVIEW_STATE: &str = "整改情况";
    pub const THIS_FILE: &str = "本轮文件";
    pub const THIS_SHEET: &str = "本轮工作表";
    pub const LAST_FILE: &str = "上轮文件";
    pub const LAST_SHEET: &str = "上轮工作表";
    // Coverage (FORMS §7).
    pub const SCOPE: &str = "范围";
    pub const GROUP: &str = "分组";
    pub const UNITS_EXPECTED: &str = "应报单位数";
    pub const UNITS_DONE: &str = "已报单位数";
    pub const UNITS_RATE: &str = "单位覆盖率";
    pub const PROJECT_UNITS_EXPECTED: &str = "应报项目单位数";
    pub const PROJECT_UNITS_DONE: &str = "已报项目单位数";
    pub const PROJECT_UNITS_RATE: &str = "项目单位覆盖率";
    pub const PROJECTS_DONE: &str = "已报项目数";
    pub const PROJECTS_RATE: &str = "项目覆盖率";
    pub const FUNDS_EXPECTED: &str = "应报资金";
    pub const FUNDS_DONE: &str = "已报资金";
    pub const FUNDS_RATE: &str = "资金覆盖率";
    pub const MISSING: &str = "缺报内容";
    pub const CONTACT: &str = "联系人";
    pub const EMAIL: &str = "邮箱";
    pub const AMOUNT: &str = "本年预算数";
    // Ex-ante screening (事前评估清单).
    pub const LAST_YEAR: &str = "上年预算数";
    pub const INCREASE: &str = "增长额";
    pub const INCREASE_RATE: &str = "增长率";
    pub const SCREEN_REASON: &str = "筛选理由";
    pub const CONCLUSION: &str = "评估结论";
    pub const SUGGESTED_AMOUNT: &str = "建议金额";
    pub const SUPPORTED: &str = "予以支持";
    pub const PARTLY: &str = "部分支持";
    pub const NOT_SUPPORTED: &str = "不予支持";
    pub const PENDING: &str = "未填结论";
    pub const ASKED: &str = "申请金额";
    pub const SUPPORTED_AMOUNT: &str = "支持金额";
    // The annual summary (年度情况).
    pub const STAGE: &str = "阶段";
    pub const FIGURE: &str = "指标";
    pub const FIGURE_VALUE: &str = "数值";
    pub const NUMERATOR: &str = "分子";
    pub const DENOMINATOR: &str = "分母";
    pub const SOURCE: &str = "来源";
    // The units' work scored (绩效管理考核).
    pub const HANDED_IN_AT: &str = "报送时间";
    pub const TIME_BASIS: &str = "时间依据";
    pub const ON_TIME_SCORE: &str = "按时报送得分";
    pub const COMPLETE_SCORE: &str = "完整性得分";
    pub const QUALITY_SCORE: &str = "质量得分";
    pub const FIXED_SCORE: &str = "整改得分";
    pub const SCORE: &str = "总分";
    pub const RANK: &str = "排名";
    pub const FINDINGS_FIXED: &str = "已整改数";
    pub const FINDINGS_OPEN: &str = "未整改数";
}

/// The first cell of a sheet's closing total row.
pub const TOTAL_LABEL: &str = "合计";

/// Unit statuses of `单位汇总` (FORMS §6).
pub mod status {
    pub const PASSED: &str = "已报-通过";
    pub const WARNINGS: &str = "已报-有警告";
    pub const ERRORS: &str = "已报-有错误";
    pub const MISSING: &str = "未报";
    pub const DUPLICATE: &str = "重复报送";
    pub const EMPTY: &str = "空表";
    pub const NO_PROJECTS: &str = "无项目支出";
    pub const OUTSIDE: &str = "名册外";
}

/// The states of `整改情况` (review rounds).
pub mod review_state {
    pub const FIXED: &str = "已整改";
    pub const OPEN: &str = "未整改";
    pub const NEW: &str = "新问题";
    pub const ADDED: &str = "新增表";
    pub const WITHDRAWN: &str = "撤回表";
    pub const ALL: [&str; 5] = [FIXED, OPEN, NEW, ADDED, WITHDRAWN];

    /// Whether a row of 整改情况 of this 严重程度 is a problem to fix: errors and warnings.
    /// Notices (提示) are listed too, but the feedback tells the units they need no change, so
    /// they count neither as fixed nor as open.
    pub fn to_fix(severity: &str) -> bool {
        severity != crate::finding::Severity::Info.label()
    }
}

/// The sheets a workbook must hold to be a jixiao consolidated workbook.
pub const SIGNATURE: [&str; 3] = [sheet::PROJECTS, sheet::INDICATORS, sheet::FINDINGS];

/// Whether these sheets are a consolidated workbook written by jixiao.
pub fn is_consolidated(grids: &[Grid]) -> bool {
    SIGNATURE.iter().all(|n| grids.iter().any(|g| g.name == *n))
}

/// The key of a project across stages: its unit and code, or (no code) its unit and name.
pub fn project_key(unit_code: &str, code: &str, name: &str) -> (String, String) {
    if code.is_empty() {
        (unit_code.to_string(), format!("名称:{}", name_key(name)))
    } else {
        (unit_code.to_string(), code.to_string())
    }
}

/// Sheets of a consolidated workbook named `name`, with their `(2)`, `(3)`… continuations.
pub fn sheets<'g>(grids: &'g [Grid], name: &'g str) -> impl Iterator<Item = &'g Grid> {
    grids.iter().filter(move |g| {
        g.name == name
            || g.name
                .strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('(') && rest.ends_with(')'))
    })
}

/// A project of a consolidated workbook (`项目汇总`), with its indicators (`指标明细`).
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub unit_code: String,
    pub unit_name: String,
    pub department: String,
    pub code: String,
    pub name: String,
    pub attribute: String,
    pub budget_type: String,
    pub total: Option<Money>,
    pub fiscal: Option<Money>,
    pub carryover: Option<Money>,
    pub other: Option<Money>,
    pub goal: String,
    pub indicators: Vec<Declared>,
    /// Monitoring workbooks: the month, the 1-N月 execution and its rate, the forecast and the
    /// judgement of the card.
    pub month: String,
    pub executed: Option<Money>,
    pub rate: Option<f64>,
    pub forecast: Option<Money>,
    pub likely: String,
    /// Self-evaluation workbooks: the year's budget, the stated and recomputed totals, the
    /// recomputed grade, the 项目类别.
    pub budget_full: Option<Money>,
    pub stated_total: Option<f64>,
    pub score: Option<f64>,
    pub grade: String,
    pub category: String,
    /// Where the row stands: the sheet and the 项目名称 cell (0-based row).
    pub sheet: String,
    pub row: u32,
    pub name_col: u32,
    /// The card the row was read from, and whether it counted (`计入合计`; a workbook written
    /// before that column counted every row).
    pub src_file: String,
    pub src_sheet: String,
    pub counted: bool,
}

impl Project {
    pub fn key(&self) -> (String, String) {
        project_key(&self.unit_code, &self.code, &self.name)
    }
}

/// A finding of a consolidated workbook's `问题清单`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PastFinding {
    pub severity: String,
    pub rule: String,
    pub unit_code: String,
    pub unit_name: String,
    pub project: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub message: String,
}

/// A unit-wide self-evaluation of a consolidated workbook (`整体自评`).
#[derive(Clone, Debug, Default)]
pub struct UnitEval {
    pub unit_code: String,
    pub unit_name: String,
    pub score: Option<f64>,
    pub grade: String,
}

/// A consolidated workbook as the next stage reads it.
#[derive(Debug, Default)]
pub struct Consolidated {
    /// The stage it consolidates, told by its 项目汇总 columns (FORMS §6: monitoring adds
    /// `监控月份`, self-evaluation `自评总分` and `复核总分`).
    pub stage: Stage,
    pub projects: Vec<Project>,
    /// Self-evaluation workbooks: the unit-wide self-evaluations.
    pub unit_evals: Vec<UnitEval>,
    /// The findings of its 问题清单 (an earlier round of the same stage).
    pub findings: Vec<PastFinding>,
    /// Rows of 项目汇总 that did not count (replaced, duplicate, untouched): unit, code, name.
    pub uncounted: Vec<(String, String, String)>,
    /// Projects listed twice (`单位编码 项目名称`): the first is kept.
    pub duplicates: Vec<String>,
}

/// The stage a consolidated workbook consolidates, told by its 项目汇总 columns (FORMS §6:
/// monitoring adds `监控月份`, self-evaluation `自评总分` and `复核总分`); none without a
/// 项目汇总 header.
pub fn stage_of(grids: &[Grid]) -> Option<Stage> {
    sheets(grids, sheet::PROJECTS)
        .find_map(|g| {
            Listing::find(
                std::slice::from_ref(g),
                &[col::UNIT_CODE, col::PROJECT_NAME],
            )
        })
        .map(|list| stage_by_columns(&list))
}

/// The stage whose columns a 项目汇总 header carries.
fn stage_by_columns(list: &Listing<'_>) -> Stage {
    let has = |c: &str| list.column(c).is_some();
    if has(col::MONTH) {
        Stage::Monitor
    } else if has(col::STATED_TOTAL) || has(col::RECHECKED_TOTAL) {
        Stage::SelfEval
    } else {
        Stage::Target
    }
}

/// Refuses a consolidated workbook of another stage than one of `stages`, given as `what`
/// (`--targets` and the like): its figures would be read as the wrong stage's without a word.
///
/// # Errors
///
/// The workbook consolidates another stage.
pub fn expect_stage(found: Stage, path: &Path, stages: &[Stage], what: &str) -> Result<()> {
    if stages.contains(&found) {
        return Ok(());
    }
    let wanted: Vec<&str> = stages.iter().map(|s| s.name()).collect();
    bail!(
        "`{}` 是{}阶段的汇总工作簿，{what} 应为{}阶段的汇总工作簿",
        path.display(),
        found.name(),
        wanted.join("或")
    );
}

/// Reads a consolidated workbook given as `what` (`--targets` and the like), refused when it
/// consolidates another stage than one of `stages`.
///
/// # Errors
///
/// As [`read`], or the workbook consolidates another stage.
pub fn read_stage(path: &Path, stages: &[Stage], what: &str) -> Result<Consolidated> {
    let c = read(path)?;
    expect_stage(c.stage, path, stages, what)?;
    Ok(c)
}

/// Reads the projects and indicators of a consolidated workbook (`jixiao consolidate --out`),
/// columns by name, continuation sheets included, the total row left out.
///
/// # Errors
///
/// The file cannot be read, or holds no `项目汇总` sheet with `单位编码` and `项目名称` columns.
pub fn read(path: &Path) -> Result<Consolidated> {
    let grids = open(path, "汇总工作簿")?;
    let mut out = Consolidated::default();
    let mut index: HashMap<(String, String), usize> = HashMap::new();
    // The card each kept row was read from: a project handed in twice keeps the indicators of
    // the card kept, not those of both.
    let mut kept_source: Vec<(String, String)> = Vec::new();
    let mut found = false;
    for g in sheets(&grids, sheet::PROJECTS) {
        let Some(list) = Listing::find(
            std::slice::from_ref(g),
            &[col::UNIT_CODE, col::PROJECT_NAME],
        ) else {
            continue;
        };
        if !found {
            out.stage = stage_by_columns(&list);
        }
        found = true;
        for r in list.rows() {
            let unit_code = list.code(r, col::UNIT_CODE);
            let name = list.text(r, col::PROJECT_NAME);
            if (unit_code.is_empty() && name.is_empty()) || unit_code == TOTAL_LABEL {
                continue;
            }
            // A row that did not count (replaced, duplicate, untouched) is not the project.
            let counted = list.text(r, col::COUNTED);
            if !(counted.is_empty() || counted == crate::table::COUNTED) {
                out.uncounted.push((
                    unit_code.clone(),
                    list.code(r, col::PROJECT_CODE),
                    name.clone(),
                ));
                continue;
            }
            let code = list.code(r, col::PROJECT_CODE);
            let key = project_key(&unit_code, &code, &name);
            if index.contains_key(&key) {
                out.duplicates
                    .push(format!("{unit_code} {name}").trim().to_string());
                continue;
            }
            index.insert(key, out.projects.len());
            kept_source.push((list.text(r, col::FILE), list.text(r, col::SHEET)));
            out.projects.push(Project {
                unit_name: list.text(r, col::UNIT_NAME),
                department: list.text(r, col::DEPARTMENT),
                attribute: list.text(r, col::ATTRIBUTE),
                budget_type: list.text(r, col::BUDGET_TYPE),
                total: list.money(r, col::TOTAL),
                fiscal: list.money(r, col::FISCAL),
                carryover: list.money(r, col::CARRYOVER),
                other: list.money(r, col::OTHER),
                goal: list.text(r, col::GOAL),
                indicators: Vec::new(),
                month: list.text(r, col::MONTH),
                executed: list.money(r, col::EXECUTED),
                rate: list.cell(r, col::EXEC_RATE).and_then(parse_rate),
                forecast: list.money(r, col::FORECAST),
                likely: list.text(r, col::LIKELY),
                budget_full: list.money(r, col::BUDGET_FULL),
                stated_total: list.cell(r, col::STATED_TOTAL).and_then(parse_number),
                score: list.cell(r, col::RECHECKED_TOTAL).and_then(parse_number),
                grade: list.text(r, col::RECHECKED_GRADE),
                category: list.text(r, col::CATEGORY),
                sheet: g.name.clone(),
                src_file: list.text(r, col::FILE),
                src_sheet: list.text(r, col::SHEET),
                counted: true,
                row: r,
                name_col: list.column(col::PROJECT_NAME).unwrap_or(0),
                unit_code,
                code,
                name,
            });
        }
    }
    if !found {
        bail!(
            "`{}` 不是汇总工作簿：没有含 `单位编码`、`项目名称` 列的“项目汇总”工作表（请用 jixiao consolidate 生成）",
            path.display()
        );
    }
    for g in sheets(&grids, sheet::INDICATORS) {
        let Some(list) = Listing::find(std::slice::from_ref(g), &[col::UNIT_CODE, col::LEVEL3])
        else {
            continue;
        };
        for r in list.rows() {
            let d = Declared {
                level1: list.text(r, col::LEVEL1),
                level2: list.text(r, col::LEVEL2),
                level3: list.text(r, col::LEVEL3),
                value: list.text(r, col::VALUE),
                explanation: list.text(r, col::EXPLANATION),
            };
            let na = |s: &str| s.is_empty() || is_not_applicable(s);
            if na(&d.level3) && na(&d.value) {
                continue;
            }
            let key = project_key(
                &list.code(r, col::UNIT_CODE),
                &list.code(r, col::PROJECT_CODE),
                &list.text(r, col::PROJECT_NAME),
            );
            let Some(&i) = index.get(&key) else { continue };
            let (file, sheet) = &kept_source[i];
            let from = (list.text(r, col::FILE), list.text(r, col::SHEET));
            let same_card = (file.is_empty() && sheet.is_empty())
                || from.0.is_empty()
                || (&from.0, &from.1) == (file, sheet);
            if same_card {
                out.projects[i].indicators.push(d);
            }
        }
    }
    for g in sheets(&grids, sheet::FINDINGS) {
        let Some(list) = Listing::find(std::slice::from_ref(g), &[col::RULE, col::MESSAGE]) else {
            continue;
        };
        for r in list.rows() {
            let rule = list.text(r, col::RULE);
            if rule.is_empty() {
                continue;
            }
            out.findings.push(PastFinding {
                severity: list.text(r, col::SEVERITY),
                rule,
                unit_code: list.code(r, col::UNIT_CODE),
                unit_name: list.text(r, col::UNIT_NAME),
                project: list.text(r, col::PROJECT_NAME),
                file: list.text(r, col::FILE),
                sheet: list.text(r, col::SHEET),
                cell: list.text(r, col::CELL),
                message: list.text(r, col::MESSAGE),
            });
        }
    }
    for g in sheets(&grids, sheet::OVERALL_EVAL) {
        let Some(list) = Listing::find(
            std::slice::from_ref(g),
            &[col::UNIT_NAME, col::RECHECKED_TOTAL],
        ) else {
            continue;
        };
        for r in list.rows() {
            let unit_code = list.code(r, col::UNIT_CODE);
            let unit_name = list.text(r, col::UNIT_NAME);
            if unit_name.is_empty() || unit_code == TOTAL_LABEL {
                continue;
            }
            out.unit_evals.push(UnitEval {
                unit_code,
                unit_name,
                score: list.cell(r, col::RECHECKED_TOTAL).and_then(parse_number),
                grade: list.text(r, col::RECHECKED_GRADE),
            });
        }
    }
    Ok(out)
}

/// A rate cell: a fraction, or percent text.
fn parse_rate(v: &CellValue) -> Option<f64> {
    parse_number(v)
}
