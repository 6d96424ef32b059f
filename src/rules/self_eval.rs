//! Self-evaluation (绩效自评, FORMS §4.4 and §5 "Self-evaluation", 财预〔2020〕10号): every score
//! a unit states is recomputed from the data on its card — the execution rate's points, each
//! quantitative indicator by its comparator, each qualitative one within the band of its
//! completion — and the grade follows from the recomputed total. The recomputation is worked out
//! here once, for the checks and for the stage's sheets.

use super::Sink;
use crate::card::{Card, Indicator};
use crate::cellref::CellRef;
use crate::config::Config;
use crate::finding::Rule;
use crate::forms::taxonomy::Level1;
use crate::forms::{Col, Field};
use crate::label::name_key;
use crate::money::Money;
use crate::read::value::{CellValue, parse_number};
use crate::target_value::{self, Comparator};

/// A grade of the recomputed total (FORMS §5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    Excellent,
    Good,
    Fair,
    Poor,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优",
            Grade::Good => "良",
            Grade::Fair => "中",
            Grade::Poor => "差",
        }
    }

    /// The grade of a total: 优 [90, 100], 良 [80, 90), 中 [60, 80), 差 [0, 60).
    pub fn of(total: f64, cfg: &Config) -> Grade {
        let t = total + 1e-9;
        if t >= Config::f(cfg.grade_excellent) {
            Grade::Excellent
        } else if t >= Config::f(cfg.grade_good) {
            Grade::Good
        } else if t >= Config::f(cfg.grade_pass) {
            Grade::Fair
        } else {
            Grade::Poor
        }
    }

    /// The grade a 评价结论 states: a short answer (`优`, `良好`, `中等`, `较差`), or a sentence
    /// naming it (`自评等级为良`, `评价结论：优秀`); `None` when it states none.
    pub fn stated(text: &str) -> Option<Grade> {
        use std::sync::OnceLock;
        static SENTENCE: OnceLock<regex::Regex> = OnceLock::new();
        let word = |w: &str| match w {
            "优" | "优秀" => Some(Grade::Excellent),
            "良" | "良好" => Some(Grade::Good),
            "中" | "中等" | "合格" | "一般" => Some(Grade::Fair),
            "差" | "较差" | "不合格" => Some(Grade::Poor),
            _ => None,
        };
        let t = name_key(text);
        let short = t.trim_end_matches(['。', '.', '级']);
        if let Some(g) = word(short) {
            return Some(g);
        }
        let re = SENTENCE.get_or_init(|| {
            regex::Regex::new(
                "(?:等级|等次|评价|结论|评定|评级|评为|定为)(?:为|是|:)?(优秀|优|良好|良|中等|合格|中|不合格|较差|差)",
            )
            .expect("valid pattern")
        });
        re.captures(&t).and_then(|c| word(&c[1]))
    }

    pub fn parse(label: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.label() == label.trim())
    }
}

/// The comparator a quantitative indicator is scored by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `≥` (and `>`): more is better.
    AtLeast,
    /// `≤` (and `<`): less is better.
    AtMost,
    /// `=`: scored as `≥`, except that a target of 0 is met only by 0 or less.
    Equal,
}

/// The score of a quantitative indicator (FORMS §5): `≥`: actual ≥ target → full, else
/// actual/target × points; `≤`: actual ≤ target → full, target < actual < 2·target →
/// (1 − (actual − target)/target) × points, else 0; `=`: as `≥` (target 0: actual ≤ 0 → full,
/// else 0).
pub fn quantitative(cmp: Cmp, target: f64, actual: f64, points: f64) -> f64 {
    let share = match cmp {
        Cmp::Equal if target == 0.0 => {
            if actual <= 0.0 {
                1.0
            } else {
                0.0
            }
        }
        Cmp::AtLeast | Cmp::Equal => {
            if actual >= target {
                1.0
            } else if target > 0.0 {
                (actual / target).clamp(0.0, 1.0)
            } else {
                0.0
            }
        }
        Cmp::AtMost => {
            if actual <= target {
                1.0
            } else if target > 0.0 && actual < 2.0 * target {
                1.0 - (actual - target) / target
            } else {
                0.0
            }
        }
    };
    share * points
}

/// The band of a qualitative completion (财预〔2020〕10号): 达成 80-100% of the points,
/// 部分达成 60-80%, 未达成 0-60%. `None`: the text says none of these.
pub fn band(completion: &str) -> Option<(f64, f64)> {
    let t = name_key(completion);
    if t.is_empty() {
        return None;
    }
    const LOW: [&str; 5] = ["未达成", "未完成", "没有达成", "较差", "差"];
    const MID: [&str; 6] = ["部分达成", "部分完成", "基本达成", "基本完成", "一般", "中"];
    const HIGH: [&str; 10] = [
        "达成", "完成", "达到", "优", "良", "好", "满意", "显著", "明显", "是",
    ];
    if LOW.iter().any(|w| t.contains(w)) {
        Some((0.0, 0.6))
    } else if MID.iter().any(|w| t.contains(w)) {
        Some((0.6, 0.8))
    } else if HIGH.iter().any(|w| t.contains(w)) {
        Some((0.8, 1.0))
    } else {
        None
    }
}

/// How an indicator's score was recomputed.
#[derive(Clone, Debug, PartialEq)]
pub enum Method {
    Quantitative {
        cmp: Cmp,
        target: f64,
        actual: f64,
    },
    /// Qualitative: the band of its completion, as fractions of the points.
    Qualitative {
        low: f64,
        high: f64,
    },
    /// Nothing to recompute from: a quantitative row whose actual value is not a number, or a
    /// completion in words outside the three bands. The stated score stands.
    Stated {
        unreadable_actual: bool,
    },
}

/// One indicator row, scored.
#[derive(Clone, Debug, PartialEq)]
pub struct RowScore {
    /// Index into `card.indicators`.
    pub index: usize,
    pub points: Option<f64>,
    pub stated: Option<f64>,
    pub recomputed: Option<f64>,
    pub method: Method,
}

/// A self-evaluation card, scored.
#[derive(Clone, Debug, PartialEq)]
pub struct CardScore {
    pub budget: Option<Money>,
    pub executed: Option<Money>,
    pub rate: Option<f64>,
    /// The points of the execution rate (the block's 分值, else `execution_points`; none on a
    /// unit-wide card without a money block).
    pub exec_points: f64,
    pub exec_stated: Option<f64>,
    pub exec_score: Option<f64>,
    pub rows: Vec<RowScore>,
    /// The sum of the indicator rows' points.
    pub points: f64,
    /// The 总分 as stated (the execution points added when the card's total covers the
    /// indicators only).
    pub stated_total: Option<f64>,
    /// The sum the card's own scores give (execution and indicators, as stated).
    pub stated_sum: f64,
    pub total: f64,
    pub grade: Grade,
    /// The grade the card states: its 评价结论, else the grade of its stated total.
    pub stated_grade: Option<Grade>,
}

fn number(s: &str) -> Option<f64> {
    let v = target_value::parse(s);
    v.number
        .or_else(|| parse_number(&CellValue::Text(s.to_string())))
}

fn cell_number(i: &Indicator, col: Col) -> Option<f64> {
    let t = i.col_text(col);
    if t.trim().is_empty() {
        return None;
    }
    parse_number(&CellValue::Text(t.to_string())).or_else(|| number(t))
}

/// The comparator of a row: its 指标性质 (Sichuan, unit-wide), else its 指标值's.
fn comparator(i: &Indicator) -> Option<Cmp> {
    let nature = name_key(i.col_text(Col::Nature));
    if !nature.is_empty() {
        return match nature.as_str() {
            "≥" | ">=" | ">" | "大于等于" | "不低于" | "正向" | "≧" => {
                Some(Cmp::AtLeast)
            }
            "≤" | "<=" | "<" | "小于等于" | "不高于" | "反向" | "≦" => {
                Some(Cmp::AtMost)
            }
            "=" | "等于" | "＝" => Some(Cmp::Equal),
            _ => None,
        };
    }
    let target = target_text(i);
    let v = target_value::parse(target);
    match v.comparator {
        Some(Comparator::Ge | Comparator::Gt) => Some(Cmp::AtLeast),
        Some(Comparator::Le | Comparator::Lt) => Some(Cmp::AtMost),
        Some(Comparator::Eq | Comparator::About) => Some(Cmp::Equal),
        // `100人次`: a count to reach.
        None if v.is_quantified() && v.number.is_some() => Some(Cmp::AtLeast),
        None => None,
    }
}

/// The target a row is scored against: the adjusted value when given (unit-wide cards).
fn target_text(i: &Indicator) -> &str {
    let adjusted = i.col_text(Col::AdjustedValue);
    if adjusted.trim().is_empty() {
        i.value_text()
    } else {
        adjusted
    }
}

fn score_row(index: usize, i: &Indicator) -> RowScore {
    let points = cell_number(i, Col::Weight);
    let stated = cell_number(i, Col::Score);
    let actual_text = i.col_text(Col::Actual);
    let target = number(target_text(i));
    let method = match (comparator(i), target) {
        (Some(cmp), Some(target)) => match number(actual_text) {
            Some(actual) => Method::Quantitative {
                cmp,
                target,
                actual,
            },
            None => match band(actual_text) {
                Some((low, high)) => Method::Qualitative { low, high },
                None => Method::Stated {
                    unreadable_actual: !actual_text.trim().is_empty(),
                },
            },
        },
        _ => match band(actual_text) {
            Some((low, high)) => Method::Qualitative { low, high },
            None => Method::Stated {
                unreadable_actual: false,
            },
        },
    };
    let recomputed = match (&method, points) {
        (
            Method::Quantitative {
                cmp,
                target,
                actual,
            },
            Some(p),
        ) => Some(quantitative(*cmp, *target, *actual, p)),
        (Method::Qualitative { low, high }, Some(p)) => {
            // A negative 分值 turns the band around and an unreadable one leaves none: neither
            // may stop the run (`f64::clamp` panics on them).
            let (a, b) = (low * p, high * p);
            let (lo, hi) = (a.min(b), a.max(b));
            let s = stated.unwrap_or(lo);
            Some(if lo <= hi { s.clamp(lo, hi) } else { s })
        }
        _ => stated,
    };
    RowScore {
        index,
        points,
        stated,
        recomputed,
        method,
    }
}

/// Rows that are indicators of the card (named, not 不适用).
fn scored_rows(card: &Card) -> impl Iterator<Item = (usize, &Indicator)> {
    card.indicators
        .iter()
        .enumerate()
        .filter(|(_, i)| i.is_filled() && !i.not_applicable())
}

/// A score to the hundredth as Excel shows it: `86.505` (stored as 86.50499…) is 86.51.
fn round2(x: f64) -> f64 {
    use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
    rust_decimal::Decimal::from_f64(x)
        .map(|d| d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
        .and_then(|d| d.to_f64())
        .unwrap_or(x)
}

/// Recomputes every score of a self-evaluation card.
pub fn score(card: &Card, cfg: &Config) -> CardScore {
    let budget = card
        .block_money(Field::Total, Col::BudgetFull)
        .or_else(|| card.block_money(Field::Total, Col::BudgetStart));
    let executed = card.block_money(Field::Total, Col::Executed);
    let rate = executed.zip(budget).and_then(|(e, b)| e.ratio(b));
    let has_block = !card.block.is_empty();
    let block_number = |col| {
        card.block
            .get(&(Field::Total, col))
            .and_then(|h| parse_number(&h.value))
    };
    let exec_points = if has_block {
        block_number(Col::Weight).unwrap_or(Config::f(cfg.execution_points))
    } else {
        0.0
    };
    let exec_stated = block_number(Col::Score);
    let exec_score = rate.map(|r| round2(r.clamp(0.0, 1.0) * exec_points));
    let rows: Vec<RowScore> = scored_rows(card).map(|(k, i)| score_row(k, i)).collect();
    let points: f64 = rows.iter().filter_map(|r| r.points).sum();
    let rows_total: f64 = rows.iter().filter_map(|r| r.recomputed).sum();
    let total = round2(exec_score.unwrap_or(0.0) + rows_total);
    let stated_rows: f64 = rows.iter().filter_map(|r| r.stated).sum();
    let stated_exec = exec_stated.or(exec_score).unwrap_or(0.0);
    let stated_sum = round2(stated_exec + stated_rows);
    // A 合计 whose points are the indicators' alone (Sichuan: 90) leaves the execution out.
    let stated_total = card.indicator_total.as_ref().and_then(|t| {
        let s = cell_number(t, Col::Score)?;
        let p = cell_number(t, Col::Weight);
        let indicators_only =
            has_block && p.is_some_and(|p| (p - points).abs() < 0.01 && (p - 100.0).abs() > 0.01);
        Some(round2(if indicators_only { s + stated_exec } else { s }))
    });
    let stated_grade = Grade::stated(card.text(Field::Conclusion))
        .or_else(|| stated_total.map(|t| Grade::of(t, cfg)));
    CardScore {
        budget,
        executed,
        rate,
        exec_points,
        exec_stated,
        exec_score,
        rows,
        points,
        stated_total,
        stated_sum,
        total,
        grade: Grade::of(total, cfg),
        stated_grade,
    }
}

/// The national split of the indicator points: 产出 50, 效益 30, 满意度 10.
const NATIONAL_SPLIT: [(Level1, f64); 3] = [
    (Level1::Output, 50.0),
    (Level1::Benefit, 30.0),
    (Level1::Satisfaction, 10.0),
];

pub fn check(card: &Card, cfg: &Config, sink: &mut Sink<'_>) {
    super::money::check_block(card, cfg, sink);
    super::money::check_rates(card, cfg, sink);
    let s = score(card, cfg);
    let tol = Config::f(cfg.score_tolerance);
    let has_reason = |i: &Indicator| !i.col_text(Col::ReasonText).trim().is_empty();
    // E01: execution below 90% needs a reason (the block's 原因, or a row's 偏差原因).
    if let Some(rate) = s.rate
        && rate < Config::f(cfg.execution_reason_below) / 100.0 - 1e-9
    {
        // Where the form has a 原因 column beside the money (Sichuan), the reason goes there;
        // else the 偏差原因分析 of the indicator rows is the only place for it.
        let block_reason = card
            .block
            .iter()
            .any(|((_, c), h)| *c == Col::ReasonText && !h.value.display().trim().is_empty());
        let any_reason = if card.block_columns.contains_key(&Col::ReasonText) {
            block_reason
        } else if card.indicator_columns.contains_key(&Col::ReasonText) {
            card.indicators.iter().any(has_reason)
        } else {
            // No place on the form for a reason.
            true
        };
        if !any_reason
            && let Some(cell) = card
                .block_cell(Field::Total, Col::ExecRate)
                .or_else(|| card.block_cell(Field::Total, Col::Executed))
        {
            sink.push(
                Rule::LowExecutionNoReason,
                cell,
                format!(
                    "预算执行率 {:.1}% 低于 {}%，但没有说明原因：请在原因栏或偏差原因分析中说明",
                    rate * 100.0,
                    cfg.execution_reason_below.normalize()
                ),
            );
        }
    }
    // E09: the stated execution score.
    if let (Some(stated), Some(exec)) = (s.exec_stated, s.exec_score)
        && (stated - exec).abs() > tol + 1e-9
        && let Some(cell) = card.block_cell(Field::Total, Col::Score)
    {
        sink.push(
            Rule::ExecScoreWrong,
            cell,
            format!(
                "执行率得分填报 {stated} 分，按执行率 {:.2}% 应为 {exec:.2} 分（{} 分 × 执行率，最高 {} 分）",
                s.rate.unwrap_or_default() * 100.0,
                s.exec_points,
                s.exec_points
            ),
        );
    }
    // E02, E03: the points.
    let full = s.points + s.exec_points;
    if !s.rows.is_empty() && (full - 100.0).abs() > 0.01 {
        let cell = card
            .indicator_columns
            .get(&Col::Weight)
            .copied()
            .or(card.indicator_header)
            .unwrap_or(card.title_cell);
        sink.push(
            Rule::PointsNot100,
            cell,
            format!(
                "各指标分值之和 {} 分{}，合计 {} 分，应为 100 分",
                fmt(s.points),
                if s.exec_points > 0.0 {
                    format!("加执行率 {} 分", fmt(s.exec_points))
                } else {
                    String::new()
                },
                fmt(full)
            ),
        );
    } else if !s.rows.is_empty()
        && let Some(header) = card.indicator_header
    {
        let by_level = |l: Level1| -> f64 {
            s.rows
                .iter()
                .filter(|r| card.indicators[r.index].level1_kind() == Some(l))
                .filter_map(|r| r.points)
                .sum()
        };
        let national = card
            .indicators
            .iter()
            .all(|i| i.level1_kind().is_none_or(|l| !l.is_overall_framework()));
        let split: Vec<(Level1, f64, f64)> = NATIONAL_SPLIT
            .iter()
            .map(|&(l, want)| (l, by_level(l), want))
            .collect();
        if national
            && s.exec_points > 0.0
            && split.iter().any(|(_, got, want)| (got - want).abs() > 0.01)
        {
            let got: Vec<String> = split
                .iter()
                .map(|(l, got, _)| format!("{} {}", l.name(), fmt(*got)))
                .collect();
            sink.push(
                Rule::NonNationalSplit,
                header,
                format!(
                    "分值分配为 {}，与国家默认（产出 50、效益 30、满意度 10）不同",
                    got.join("、")
                ),
            );
        }
    }
    // E04, E05, E06, E10: each indicator.
    for r in &s.rows {
        let i = &card.indicators[r.index];
        let name = i.name_text();
        let score_cell = card.indicator_cell(i, Col::Score);
        if let (Some(stated), Some(points)) = (r.stated, r.points) {
            if stated > points + 1e-9 {
                if let Some(cell) = score_cell {
                    sink.push(
                        Rule::ScoreAbovePoints,
                        cell,
                        format!("指标“{name}”得分 {} 高于分值 {}", fmt(stated), fmt(points)),
                    );
                }
            } else if let Some(re) = r.recomputed
                && (stated - re).abs() > tol + 1e-9
                && let Some(cell) = score_cell
            {
                sink.push(
                    Rule::ScoreOutOfRange,
                    cell,
                    format!(
                        "指标“{name}”得分 {} 与数据不符：{}，复核得分 {}",
                        fmt(stated),
                        explain(&r.method, points),
                        fmt(re)
                    ),
                );
            }
            // Only where the form has a column for the reason (the unit-wide form has none).
            if stated < points - 1e-9
                && !has_reason(i)
                && card.indicator_columns.contains_key(&Col::ReasonText)
            {
                let cell = card
                    .indicator_cell(i, Col::ReasonText)
                    .or(score_cell)
                    .unwrap_or(i.value_cell());
                sink.push(
                    Rule::LowScoreNoReason,
                    cell,
                    format!(
                        "指标“{name}”得分 {} 低于分值 {}，但没有填写偏差原因分析及改进措施",
                        fmt(stated),
                        fmt(points)
                    ),
                );
            }
        }
        if let Method::Stated {
            unreadable_actual: true,
        } = r.method
            && let Some(cell) = card.indicator_cell(i, Col::Actual)
        {
            sink.push(
                Rule::ActualUnreadable,
                cell,
                format!(
                    "指标“{name}”的实际完成值“{}”无法识别为数字，无法按公式复核，按填报得分计",
                    i.col_text(Col::Actual)
                ),
            );
        }
    }
    // E07: the stated total.
    if let Some(stated) = s.stated_total
        && (stated - s.stated_sum).abs() > 0.05
        && let Some(cell) = card
            .indicator_total
            .as_ref()
            .and_then(|t| card.indicator_cell(t, Col::Score))
    {
        sink.push(
            Rule::TotalMismatch,
            cell,
            format!(
                "总分 {} 不等于各项得分之和 {}",
                fmt(stated),
                fmt(s.stated_sum)
            ),
        );
    }
    // E08: the stated grade.
    if let Some(stated) = Grade::stated(card.text(Field::Conclusion))
        && stated != s.grade
        && let Some(cell) = card.texts.get(&Field::Conclusion).map(|l| l.cell)
    {
        sink.push(
            Rule::GradeMismatch,
            cell,
            format!(
                "评价结论为“{}”，按复核总分 {} 分应为“{}”",
                stated.label(),
                fmt(s.total),
                s.grade.label()
            ),
        );
    }
}

/// A score as people write it: `8`, `7.5`, `6.67`.
pub fn fmt(x: f64) -> String {
    let r = round2(x);
    if (r - r.round()).abs() < 1e-9 {
        format!("{}", r.round() as i64)
    } else {
        let s = format!("{r:.2}");
        s.trim_end_matches('0').to_string()
    }
}

/// How a recomputed score came about, in words.
pub fn explain(m: &Method, points: f64) -> String {
    match m {
        Method::Quantitative {
            cmp,
            target,
            actual,
        } => {
            let sym = match cmp {
                Cmp::AtLeast => "≥",
                Cmp::AtMost => "≤",
                Cmp::Equal => "=",
            };
            format!(
                "目标 {sym}{}，实际 {}，分值 {}",
                fmt(*target),
                fmt(*actual),
                fmt(points)
            )
        }
        Method::Qualitative { low, high } => format!(
            "定性指标按完成程度应在 {}–{} 分之间",
            fmt(low * points),
            fmt(high * points)
        ),
        Method::Stated { .. } => "无法复核".into(),
    }
}

/// Where a card states its 总分, for the 评分复核 sheet.
pub fn total_cell(card: &Card) -> Option<CellRef> {
    card.indicator_total
        .as_ref()
        .and_then(|t| card.indicator_cell(t, Col::Score))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn quantitative_scores_follow_the_formulas_and_their_edges() {
        use Cmp::*;
        let cases: &[(Cmp, f64, f64, f64, f64)] = &[
            // cmp, target, actual, points, score
            (AtLeast, 100.0, 120.0, 10.0, 10.0),
            (AtLeast, 100.0, 100.0, 10.0, 10.0),
            (AtLeast, 100.0, 80.0, 10.0, 8.0),
            (AtLeast, 95.0, 0.0, 20.0, 0.0),
            (AtLeast, 0.0, 0.0, 5.0, 5.0),
            (AtLeast, 0.0, -1.0, 5.0, 0.0),
            (AtMost, 30.0, 25.0, 10.0, 10.0),
            (AtMost, 30.0, 30.0, 10.0, 10.0),
            (AtMost, 30.0, 45.0, 10.0, 5.0),
            (AtMost, 30.0, 60.0, 10.0, 0.0), // exactly 2 × target
            (AtMost, 30.0, 90.0, 10.0, 0.0),
            (AtMost, 0.0, 0.0, 4.0, 4.0),
            (AtMost, 0.0, 1.0, 4.0, 0.0),
            (Equal, 1.0, 1.0, 6.0, 6.0),
            (Equal, 4.0, 3.0, 8.0, 6.0),
            (Equal, 0.0, 0.0, 6.0, 6.0),
            (Equal, 0.0, 2.0, 6.0, 0.0),
        ];
        for &(cmp, target, actual, points, want) in cases {
            let got = quantitative(cmp, target, actual, points);
            assert!(
                close(got, want),
                "{cmp:?} target {target} actual {actual}: {got} ≠ {want}"
            );
        }
    }

    #[test]
    fn completion_words_fall_in_their_bands() {
        assert_eq!(band("达成年度指标"), Some((0.8, 1.0)));
        assert_eq!(band("部分达成年度指标并具有一定效果"), Some((0.6, 0.8)));
        assert_eq!(band("未达成年度指标且效果较差"), Some((0.0, 0.6)));
        assert_eq!(band("基本完成"), Some((0.6, 0.8)));
        assert_eq!(band("已完成"), Some((0.8, 1.0)));
        assert_eq!(band(""), None);
        assert_eq!(band("见附件"), None);
    }

    #[test]
    fn grades_at_their_bounds() {
        let cfg = Config::default();
        for (total, want) in [
            (100.0, "优"),
            (90.0, "优"),
            (89.99, "良"),
            (80.0, "良"),
            (79.99, "中"),
            (60.0, "中"),
            (59.99, "差"),
            (0.0, "差"),
        ] {
            assert_eq!(Grade::of(total, &cfg).label(), want, "{total}");
        }
        assert_eq!(Grade::stated("自评等级：良好"), Some(Grade::Good));
        assert_eq!(Grade::stated("优秀"), Some(Grade::Excellent));
        assert_eq!(Grade::stated("较差"), Some(Grade::Poor));
        assert_eq!(Grade::stated("中"), Some(Grade::Fair));
        assert_eq!(Grade::stated("自评等级为优。"), Some(Grade::Excellent));
        assert_eq!(Grade::stated("评价结论：中等"), Some(Grade::Fair));
        assert_eq!(Grade::stated("项目实施中存在资金拨付较慢的问题"), None);
        assert_eq!(Grade::stated(""), None);
    }

    #[test]
    fn scores_print_as_people_write_them() {
        assert_eq!(fmt(8.0), "8");
        assert_eq!(fmt(7.5), "7.5");
        assert_eq!(fmt(6.666), "6.67");
    }
}
