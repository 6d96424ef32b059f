//! The units' own performance-management work scored (绩效管理考核) for the district's annual
//! 目标绩效考核: per unit, four parts in their own columns — handed in on time (按时), complete
//! (完整), quality (质量), fixed on resubmission (整改) — each out of its weight in `jixiao.toml`
//! (`assess_weights`), adding up to the total, and the ranking.
//!
//! Each part is its weight times a fraction from 0 to 1, rounded to two decimals; the total is
//! the sum of the rounded parts, so that the columns add up exactly.
//!
//! - 按时: the unit's latest arrival in the received log (`收件记录.csv` of `collect`) against
//!   the deadline — on or before it 1, after it 0, no arrival 0. Without a log or a deadline the
//!   part is full marks, and `依据` says so.
//! - 完整: per stage given, the unit's counted projects over its expected projects (the budget
//!   list's when given, else every project the unit has in any stage given), averaged over the
//!   stages. A unit without project expenditure is full marks.
//! - 质量: `1 − (错误 + 0.25 × 警告) / (2 × 项目表数)`, not below 0, over the stages' findings and
//!   counted cards. A unit with no card is full marks (its 完整 is what falls).
//! - 整改: of the findings of round one, the share fixed in round two (`整改情况` of a round-two
//!   workbook). None to fix, or no round-two workbook, is full marks.

use crate::config::AssessWeights;
use crate::config::Config;
use crate::registry::{Budget, Roster};
use crate::schema::{Consolidated, col};
use crate::table_row;
use std::collections::{BTreeMap, BTreeSet, HashMap};

table_row! {
    /// 绩效管理考核: one row per roster unit, ranked.
    pub struct AssessRow {
        rank: usize => col::RANK, Ordinal;
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        department: String => col::DEPARTMENT, Text;
        handed_in_at: String => col::HANDED_IN_AT, Text;
        time_basis: String => col::TIME_BASIS, Text;
        projects: usize => col::PROJECTS, Int;
        errors: usize => col::ERRORS, Int;
        warnings: usize => col::WARNINGS, Int;
        fixed_count: usize => col::FINDINGS_FIXED, Int;
        open_count: usize => col::FINDINGS_OPEN, Int;
        on_time: f64 => col::ON_TIME_SCORE, Number;
        complete: f64 => col::COMPLETE_SCORE, Number;
        quality: f64 => col::QUALITY_SCORE, Number;
        fixed: f64 => col::FIXED_SCORE, Number;
        total: f64 => col::SCORE, Number;
        basis: String => col::BASIS, LongText;
    }
}

/// A stage's consolidated workbook and its name (`绩效目标`, `绩效监控`, `绩效自评`).
pub struct Stage<'a> {
    pub name: &'static str,
    pub data: &'a Consolidated,
}

/// An arrival of the received log: unit code and time as written, and what says so
/// (`收件记录`, `填报日期`, `文件修改时间`).
#[derive(Clone, Debug, Default)]
pub struct Arrival {
    pub unit_code: String,
    pub at: String,
    pub basis: &'static str,
}

/// When each unit handed in, from the returned forms themselves when there is no received log:
/// the latest `填报日期` its cards state, else the latest modification time of its files.
pub fn arrivals_from_forms(
    batch: &crate::batch::Batch,
    files: &[crate::read::workbook::InputFile],
) -> Vec<Arrival> {
    use crate::read::value::date_text;
    let mut by_unit: HashMap<String, (Option<f64>, Option<f64>)> = HashMap::new();
    for e in batch
        .entries
        .iter()
        .filter(|e| e.counts() && !e.unit_code.is_empty())
    {
        let slot = by_unit.entry(e.unit_code.to_string()).or_default();
        if let Some(d) = e.card.fill_date {
            slot.0 = Some(slot.0.map_or(d, |x: f64| x.max(d)));
        }
        let modified = files
            .get(e.card.src.file_id.index())
            .and_then(|f| f.modified)
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_secs_f64() / 86_400.0 + 25_569.0);
        if let Some(m) = modified {
            slot.1 = Some(slot.1.map_or(m, |x: f64| x.max(m)));
        }
    }
    let mut out: Vec<Arrival> = by_unit
        .into_iter()
        .filter_map(|(unit_code, (filled, modified))| {
            let (serial, basis) = match (filled, modified) {
                (Some(d), _) => (d, "填报日期"),
                (None, Some(m)) => (m, "文件修改时间"),
                (None, None) => return None,
            };
            let day = date_text(serial.floor())?;
            let minutes = ((serial - serial.floor()) * 1440.0).round() as u32;
            let at = if basis == "填报日期" {
                day
            } else {
                format!("{day} {:02}:{:02}", minutes / 60, minutes % 60)
            };
            Some(Arrival {
                unit_code,
                at,
                basis,
            })
        })
        .collect();
    out.sort_by(|a, b| a.unit_code.cmp(&b.unit_code));
    out
}

/// The findings of round one per unit in a round-two workbook's `整改情况`: (fixed, open).
pub type Review = HashMap<String, (usize, usize)>;

/// Everything scored.
pub struct Inputs<'a> {
    pub roster: &'a Roster,
    pub budget: Option<&'a Budget>,
    pub stages: Vec<Stage<'a>>,
    pub arrivals: Option<&'a [Arrival]>,
    pub deadline: Option<&'a str>,
    pub review: Option<&'a Review>,
    pub weights: &'a AssessWeights,
}

/// A time's numbers, `(年, 月, 日, 时, 分)`: `2024-03-18T10:22:00+08:00`, `2024年3月20日`,
/// `2024/3/20 17:00`. A date alone is the end of that day. The time zone is not read.
pub fn time_key(s: &str) -> Option<(u32, u32, u32, u32, u32)> {
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|t| !t.is_empty())
        .filter_map(|t| t.parse().ok())
        .collect();
    let &[y, m, d, ..] = nums.as_slice() else {
        return None;
    };
    if !(1900..3000).contains(&y) || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let (h, min) = match nums.get(3..5) {
        Some(&[h, min]) => (h, min),
        _ => match nums.get(3) {
            Some(&h) => (h, 0),
            None => (23, 59),
        },
    };
    Some((y, m, d, h, min))
}

/// Two decimals.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The rows, ranked: highest total first, equal totals the same rank (1, 2, 2, 4), then by
/// unit code.
pub fn assess(inp: &Inputs) -> Vec<AssessRow> {
    let w_time = Config::f(inp.weights.on_time);
    let w_complete = Config::f(inp.weights.complete);
    let w_quality = Config::f(inp.weights.quality);
    let w_fixed = Config::f(inp.weights.fixed);
    let deadline = inp.deadline.and_then(time_key);
    let mut latest: HashMap<&str, &Arrival> = HashMap::new();
    for a in inp.arrivals.unwrap_or_default() {
        let e = latest.entry(a.unit_code.as_str()).or_insert(a);
        if time_key(&a.at) > time_key(&e.at) {
            *e = a;
        }
    }
    let mut rows = Vec::new();
    for u in &inp.roster.units {
        let mut why = Vec::new();
        // 按时.
        let (handed_in_at, time_basis, time_frac) = match (inp.arrivals, deadline) {
            (Some(_), Some(dl)) => match latest.get(u.code.as_str()) {
                Some(a) => {
                    let on_time = time_key(&a.at).is_some_and(|t| t <= dl);
                    (
                        a.at.clone(),
                        a.basis.to_string(),
                        if on_time { 1.0 } else { 0.0 },
                    )
                }
                None => (String::new(), "没有该单位报送的记录".to_string(), 0.0),
            },
            (None, _) => (
                String::new(),
                "未提供收件记录，按时报送得满分".to_string(),
                1.0,
            ),
            (Some(_), None) => (
                String::new(),
                "未设截止时间（jixiao.toml 的 deadline），按时报送得满分".to_string(),
                1.0,
            ),
        };
        // 完整 and 质量, over the stages given.
        let budgeted: BTreeSet<(String, String)> = inp
            .budget
            .map(|b| {
                b.projects
                    .iter()
                    .filter(|p| p.unit_code == u.code)
                    .map(|p| crate::schema::project_key(&p.unit_code, &p.code, &p.name))
                    .collect()
            })
            .unwrap_or_default();
        let mut expected = budgeted.clone();
        if inp.budget.is_none() {
            for s in &inp.stages {
                expected.extend(
                    s.data
                        .projects
                        .iter()
                        .filter(|p| p.unit_code == u.code)
                        .map(crate::schema::Project::key),
                );
            }
        }
        let (mut cards, mut errors, mut warnings) = (0usize, 0usize, 0usize);
        let mut shares = Vec::new();
        for s in &inp.stages {
            let mine: BTreeSet<(String, String)> = s
                .data
                .projects
                .iter()
                .filter(|p| p.unit_code == u.code)
                .map(|p| {
                    super::budget_of(inp.budget, p).map_or_else(
                        || p.key(),
                        |b| crate::schema::project_key(&b.unit_code, &b.code, &b.name),
                    )
                })
                .collect();
            cards += mine.len();
            for f in s.data.findings.iter().filter(|f| f.unit_code == u.code) {
                match f.severity.as_str() {
                    "错误" => errors += 1,
                    "警告" => warnings += 1,
                    _ => {}
                }
            }
            if !expected.is_empty() {
                let done = expected.intersection(&mine).count();
                shares.push(done as f64 / expected.len() as f64);
                why.push(format!("{}报送 {done}/{} 个项目", s.name, expected.len()));
            }
        }
        let complete_frac = if inp.stages.is_empty() {
            why.push("未提供阶段汇总，完整性得满分".into());
            1.0
        } else if expected.is_empty() {
            if u.has_projects {
                why.push("各阶段都没有该单位的项目".into());
                0.0
            } else {
                why.push("无项目支出，完整性得满分".into());
                1.0
            }
        } else {
            shares.iter().sum::<f64>() / shares.len() as f64
        };
        let quality_frac = if cards == 0 {
            1.0
        } else {
            let penalty = (errors as f64 + 0.25 * warnings as f64) / (2.0 * cards as f64);
            why.push(format!(
                "{cards} 张项目表：错误 {errors} 个、警告 {warnings} 个"
            ));
            (1.0 - penalty).max(0.0)
        };
        // 整改.
        let (fixed_count, open_count) = inp
            .review
            .and_then(|r| r.get(&u.code).copied())
            .unwrap_or_default();
        let fixed_frac = match inp.review {
            None => {
                why.push("未提供第二轮汇总，整改得满分".into());
                1.0
            }
            Some(_) if fixed_count + open_count == 0 => 1.0,
            Some(_) => {
                why.push(format!(
                    "整改 {fixed_count}/{} 个问题",
                    fixed_count + open_count
                ));
                fixed_count as f64 / (fixed_count + open_count) as f64
            }
        };
        let on_time = round2(w_time * time_frac);
        let complete = round2(w_complete * complete_frac);
        let quality = round2(w_quality * quality_frac);
        let fixed = round2(w_fixed * fixed_frac);
        rows.push(AssessRow {
            rank: 0,
            unit_code: u.code.clone(),
            unit_name: u.name.clone(),
            department: u.department.clone(),
            handed_in_at,
            time_basis,
            projects: cards,
            errors,
            warnings,
            fixed_count,
            open_count,
            on_time,
            complete,
            quality,
            fixed,
            total: round2(on_time + complete + quality + fixed),
            basis: why.join("；"),
        });
    }
    rank(&mut rows);
    rows
}

/// Sorts by total, highest first, and numbers the ranks (equal totals share one).
fn rank(rows: &mut [AssessRow]) {
    rows.sort_by(|a, b| {
        b.total
            .total_cmp(&a.total)
            .then_with(|| a.unit_code.cmp(&b.unit_code))
    });
    let mut last: Option<f64> = None;
    let mut at = 0;
    for (i, r) in rows.iter_mut().enumerate() {
        if last != Some(r.total) {
            at = i + 1;
            last = Some(r.total);
        }
        r.rank = at;
    }
}

/// The received log's arrivals (`收件记录.csv`: 单位编码 in the third column, 到达时间 in the
/// fifth, as `collect` writes it).
pub fn arrivals(rows: &[Vec<String>]) -> Vec<Arrival> {
    rows.iter()
        .filter_map(|r| {
            let code = r.get(2)?.trim();
            let at = r.get(4)?.trim();
            (!code.is_empty() && !at.is_empty()).then(|| Arrival {
                unit_code: code.to_string(),
                at: at.to_string(),
                basis: "收件记录",
            })
        })
        .collect()
}

/// Per unit, the findings of round one fixed and still open, from `整改情况` rows
/// `(单位编码, 整改情况)`.
pub fn review(rows: &[(String, String)]) -> Review {
    let mut out: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (unit, state) in rows {
        let e = out.entry(unit.clone()).or_default();
        match state.as_str() {
            crate::stage::rounds::state::FIXED => e.0 += 1,
            crate::stage::rounds::state::OPEN => e.1 += 1,
            _ => {}
        }
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_compare_by_their_numbers() {
        assert_eq!(time_key("2024年3月20日"), Some((2024, 3, 20, 23, 59)));
        assert_eq!(
            time_key("2024-03-18T10:22:00+08:00"),
            Some((2024, 3, 18, 10, 22))
        );
        assert!(time_key("2024-03-21T08:00:00+08:00") > time_key("2024年3月20日"));
        assert_eq!(time_key("尽快"), None);
    }

    #[test]
    fn equal_totals_share_a_rank() {
        let row = |code: &str, total: f64| AssessRow {
            rank: 0,
            unit_code: code.into(),
            unit_name: String::new(),
            department: String::new(),
            handed_in_at: String::new(),
            time_basis: String::new(),
            projects: 0,
            errors: 0,
            warnings: 0,
            fixed_count: 0,
            open_count: 0,
            on_time: 0.0,
            complete: 0.0,
            quality: 0.0,
            fixed: 0.0,
            total,
            basis: String::new(),
        };
        let mut rows = vec![
            row("3", 90.0),
            row("1", 95.0),
            row("2", 90.0),
            row("4", 80.0),
        ];
        rank(&mut rows);
        let got: Vec<(&str, usize)> = rows
            .iter()
            .map(|r| (r.unit_code.as_str(), r.rank))
            .collect();
        assert_eq!(got, [("1", 1), ("2", 2), ("3", 2), ("4", 4)]);
    }
}
