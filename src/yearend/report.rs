//! The year's figures (年度情况): every figure of the annual summary of budget performance
//! management, computed from the workbooks jixiao wrote at each stage — the screening's
//! conclusions, the target, monitoring and self-evaluation workbooks, the key-evaluation list and
//! a round-two workbook's 整改情况 — each with the counts behind it and the workbook, sheet and
//! rows it came from. A stage not given is reported as 未提供, never as zero.

use crate::forms::Stage;
use crate::money::Money;
use crate::read::grid::Grid;
use crate::read::value::parse_number;
use crate::registry::{Budget, Listing, Roster, open};
use crate::schema::{TOTAL_LABEL, col, sheet, sheets};
use crate::table_row;
use crate::yearend::screen;
use anyhow::Result;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// What is not given.
pub const NOT_GIVEN: &str = "未提供";

/// Stage names as the summary writes them.
pub mod stage {
    pub const SCREEN: &str = "事前绩效评估";
    pub const TARGETS: &str = "绩效目标";
    pub const MONITOR: &str = "绩效运行监控";
    pub const SELF_EVAL: &str = "绩效自评";
    pub const KEY: &str = "重点评价";
    pub const REVIEW: &str = "审核整改";
}

table_row! {
    /// 年度情况: one row per figure.
    pub struct FigureRow {
        stage: String => col::STAGE, Text;
        figure: String => col::FIGURE, Text;
        value: String => col::FIGURE_VALUE, Text;
        numerator: String => col::NUMERATOR, Text;
        denominator: String => col::DENOMINATOR, Text;
        source: String => col::SOURCE, LongText;
    }
}

/// Where a figure comes from.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Source {
    pub file: String,
    #[serde(skip)]
    pub path: PathBuf,
    pub sheet: String,
    /// Excel rows (1-based), as `第2行` or `第2–87行`, with what was counted.
    pub rows: String,
}

impl Source {
    pub fn text(&self) -> String {
        if self.file.is_empty() {
            return String::new();
        }
        format!("{} › {} {}", self.file, self.sheet, self.rows)
            .trim_end()
            .to_string()
    }
}

/// One figure of the year.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Figure {
    pub stage: &'static str,
    pub name: String,
    /// The figure as the summary states it (`85`, `100.0%`, `21,477.00 万元`), or 未提供.
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub source: Source,
}

impl Figure {
    pub fn row(&self) -> FigureRow {
        FigureRow {
            stage: self.stage.into(),
            figure: self.name.clone(),
            value: self.value.clone(),
            numerator: self.numerator.clone(),
            denominator: self.denominator.clone(),
            source: self.source.text(),
        }
    }

    fn missing(stage: &'static str, name: &str) -> Figure {
        Figure {
            stage,
            name: name.into(),
            value: NOT_GIVEN.into(),
            numerator: String::new(),
            denominator: String::new(),
            source: Source::default(),
        }
    }
}

/// The workbooks of the year, each optional but the roster.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub screen: Option<PathBuf>,
    pub targets: Option<PathBuf>,
    pub monitor: Option<PathBuf>,
    pub self_eval: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub review: Option<PathBuf>,
}

/// Money as the summary writes it: thousands separated, two decimals (`21,477.00`).
pub fn money_text(m: Money) -> String {
    let s = m.to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

fn pct(n: usize, d: usize) -> String {
    if d == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / d as f64)
    }
}

fn rows_text(rows: &[u32], what: &str) -> String {
    let mut rows = rows.to_vec();
    rows.sort_unstable();
    let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
        return format!("（无{what}）");
    };
    let contiguous = (last - first) as usize + 1 == rows.len();
    let range = if first == last {
        format!("第{}行", first + 1)
    } else if contiguous || rows.len() > 12 {
        format!("第{}–{}行", first + 1, last + 1)
    } else {
        let list: Vec<String> = rows.iter().map(|r| (r + 1).to_string()).collect();
        format!("第{}行", list.join("、"))
    };
    if what.is_empty() {
        range
    } else {
        format!("{range}（{what}，{} 行）", rows.len())
    }
}

/// A workbook opened for the report.
struct Book {
    file: String,
    path: PathBuf,
    grids: Vec<Grid>,
}

impl Book {
    /// A stage's consolidated workbook: refused when it is another stage's, whose figures
    /// would be reported as this one's.
    fn of_stage(path: &Path, what: &str, stage: Stage, flag: &str) -> Result<Book> {
        let book = Book::open(path, what)?;
        if let Some(found) = crate::schema::stage_of(&book.grids) {
            crate::schema::expect_stage(found, path, &[stage], flag)?;
        }
        Ok(book)
    }

    fn open(path: &Path, what: &str) -> Result<Book> {
        Ok(Book {
            file: path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string()),
            path: path.to_path_buf(),
            grids: open(path, what)?,
        })
    }

    /// A sheet by name (the first of its continuations) read by its header.
    fn table<'a>(&'a self, name: &'a str, required: &[&str]) -> Option<Listing<'a>> {
        sheets(&self.grids, name).find_map(|g| Listing::find(std::slice::from_ref(g), required))
    }

    fn source(&self, sheet: &str, rows: String) -> Source {
        Source {
            file: self.file.clone(),
            path: self.path.clone(),
            sheet: sheet.into(),
            rows,
        }
    }
}

/// The data rows of a listing: `key` not empty, the total row left out.
fn data_rows(list: &Listing<'_>, key: &str) -> Vec<u32> {
    list.rows()
        .filter(|&r| {
            let t = list.text(r, key);
            !t.is_empty() && t != TOTAL_LABEL
        })
        .collect()
}

fn int(list: &Listing<'_>, r: u32, name: &str) -> usize {
    list.cell(r, name)
        .and_then(parse_number)
        .map(|n| n.round().max(0.0) as usize)
        .unwrap_or(0)
}

fn count_figure(
    stage: &'static str,
    name: &str,
    n: usize,
    d: Option<usize>,
    source: Source,
) -> Figure {
    Figure {
        stage,
        name: name.into(),
        value: match d {
            Some(d) => format!("{n}（{}）", pct(n, d)),
            None => n.to_string(),
        },
        numerator: n.to_string(),
        denominator: d.map(|d| d.to_string()).unwrap_or_default(),
        source,
    }
}

/// The `全区` row of a 覆盖情况 sheet, and the rows of one 范围.
fn coverage<'b>(book: &'b Book) -> Option<(Listing<'b>, Vec<u32>)> {
    let list = book.table(sheet::COVERAGE, &[col::SCOPE, col::GROUP])?;
    let rows = data_rows(&list, col::SCOPE);
    Some((list, rows))
}

fn screen_figures(path: &Path, out: &mut Vec<Figure>) -> Result<()> {
    let book = Book::open(path, "事前评估结论")?;
    let (rows, _) = screen::load_results(path)?;
    let list = book.table(sheet::SCREEN, &[col::PROJECT_NAME, col::CONCLUSION]);
    let lines: Vec<u32> = list
        .as_ref()
        .map(|l| data_rows(l, col::PROJECT_NAME))
        .unwrap_or_default();
    let src = |what: &str| book.source(sheet::SCREEN, rows_text(&lines, what));
    let n = rows.len();
    out.push(count_figure(
        stage::SCREEN,
        "开展事前绩效评估的项目数",
        n,
        None,
        src(""),
    ));
    for c in [col::SUPPORTED, col::PARTLY, col::NOT_SUPPORTED] {
        let k = rows.iter().filter(|r| r.conclusion == c).count();
        let matching: Vec<u32> = list
            .as_ref()
            .map(|l| {
                lines
                    .iter()
                    .copied()
                    .filter(|&r| screen::conclusion(&l.text(r, col::CONCLUSION)) == Some(c))
                    .collect()
            })
            .unwrap_or_default();
        out.push(count_figure(
            stage::SCREEN,
            &format!("评估结论为{c}的项目数"),
            k,
            Some(n),
            book.source(
                sheet::SCREEN,
                rows_text(&matching, &format!("评估结论为“{c}”的行")),
            ),
        ));
    }
    let asked: Money = rows.iter().map(|r| r.amount).sum();
    let granted: Money = rows.iter().map(screen::granted).sum();
    out.push(Figure {
        stage: stage::SCREEN,
        name: "申请金额与支持金额".into(),
        value: format!("{} 万元（{}）", money_text(granted), ratio(granted, asked)),
        numerator: granted.to_string(),
        denominator: asked.to_string(),
        source: src("本年预算数、建议金额列"),
    });
    Ok(())
}

fn ratio(a: Money, b: Money) -> String {
    a.ratio(b)
        .map(|r| format!("{:.1}%", r * 100.0))
        .unwrap_or_else(|| "—".into())
}

fn target_figures(
    path: &Path,
    roster: &Roster,
    budget: Option<&Budget>,
    out: &mut Vec<Figure>,
) -> Result<()> {
    let book = Book::of_stage(path, "绩效目标汇总", Stage::Target, "--targets")?;
    let all = roster.units.len();
    if let Some((list, rows)) = coverage(&book)
        && let Some(&r) = rows.iter().find(|&&r| list.text(r, col::SCOPE) == "全区")
    {
        let src = book.source(sheet::COVERAGE, format!("第{}行（全区 合计）", r + 1));
        out.push(count_figure(
            stage::TARGETS,
            "编报绩效目标的单位数",
            int(&list, r, col::UNITS_DONE),
            Some(int(&list, r, col::UNITS_EXPECTED)),
            src.clone(),
        ));
        out.push(count_figure(
            stage::TARGETS,
            "编报项目支出绩效目标的单位数",
            int(&list, r, col::PROJECT_UNITS_DONE),
            Some(int(&list, r, col::PROJECT_UNITS_EXPECTED)),
            src.clone(),
        ));
        out.push(count_figure(
            stage::TARGETS,
            "编报绩效目标的项目数",
            int(&list, r, col::PROJECTS_DONE),
            Some(int(&list, r, col::EXPECTED_PROJECTS)),
            src,
        ));
    } else {
        out.push(Figure::missing(
            stage::TARGETS,
            "编报绩效目标的单位数（汇总中没有覆盖情况）",
        ));
    }
    match book.table(sheet::OVERALL, &[col::UNIT_CODE, col::UNIT_NAME]) {
        Some(list) => {
            let rows = data_rows(&list, col::UNIT_CODE);
            let units: BTreeSet<String> =
                rows.iter().map(|&r| list.code(r, col::UNIT_CODE)).collect();
            out.push(count_figure(
                stage::TARGETS,
                "编报部门（单位）整体绩效目标的单位数",
                units.len(),
                Some(all),
                book.source(sheet::OVERALL, rows_text(&rows, "每行一张整体目标表")),
            ));
        }
        None => out.push(Figure::missing(
            stage::TARGETS,
            "编报部门（单位）整体绩效目标的单位数",
        )),
    }
    // Special funds: the budget list says which projects are 专项资金.
    let special = budget.map(|b| {
        b.projects
            .iter()
            .filter(|p| p.category == "专项资金")
            .collect::<Vec<_>>()
    });
    match (
        special,
        book.table(sheet::PROJECTS, &[col::UNIT_CODE, col::PROJECT_NAME]),
    ) {
        (Some(special), Some(list)) => {
            let rows = data_rows(&list, col::UNIT_CODE);
            let expected: BTreeSet<&str> = special.iter().map(|p| p.unit_code.as_str()).collect();
            let mut done = BTreeSet::new();
            let mut lines = Vec::new();
            for &r in &rows {
                let counted = list.text(r, col::COUNTED);
                if !(counted.is_empty() || counted == crate::table::COUNTED) {
                    continue;
                }
                let unit = list.code(r, col::UNIT_CODE);
                let code = list.code(r, col::PROJECT_CODE);
                let name = list.text(r, col::PROJECT_NAME);
                let is_special = special.iter().any(|p| {
                    p.unit_code == unit && ((!code.is_empty() && p.code == code) || p.name == name)
                });
                if is_special {
                    lines.push(r);
                    done.insert(unit);
                }
            }
            out.push(count_figure(
                stage::TARGETS,
                "编报专项资金绩效目标的单位数",
                done.len(),
                Some(expected.len()),
                book.source(
                    sheet::PROJECTS,
                    rows_text(&lines, "预算项目清单中项目类别为专项资金的项目"),
                ),
            ));
        }
        _ => out.push(Figure::missing(
            stage::TARGETS,
            "编报专项资金绩效目标的单位数（需要 --budget 的项目类别）",
        )),
    }
    Ok(())
}

fn monitor_figures(path: &Path, roster: &Roster, out: &mut Vec<Figure>) -> Result<()> {
    let book = Book::of_stage(path, "绩效监控汇总", Stage::Monitor, "--monitor")?;
    match book.table(sheet::UNIT_EXECUTION, &[col::UNIT_CODE, col::EXEC_STATUS]) {
        Some(list) => {
            let rows = data_rows(&list, col::UNIT_CODE);
            let monitored: Vec<u32> = rows
                .iter()
                .copied()
                .filter(|&r| {
                    let s = list.text(r, col::EXEC_STATUS);
                    !s.is_empty() && s != "执行表中没有"
                })
                .collect();
            let monitored_units: BTreeSet<String> = monitored
                .iter()
                .map(|&r| list.code(r, col::UNIT_CODE))
                .collect();
            let cards: BTreeSet<String> = rows
                .iter()
                .filter(|&&r| int(&list, r, col::MONITORED) > 0)
                .map(|&r| list.code(r, col::UNIT_CODE))
                .collect();
            let double: BTreeSet<&String> = monitored_units
                .iter()
                .filter(|u| {
                    cards.contains(*u) || roster.by_code(u).is_some_and(|x| !x.has_projects)
                })
                .collect();
            out.push(count_figure(
                stage::MONITOR,
                "开展绩效目标和预算执行“双监控”的单位数",
                double.len(),
                Some(roster.units.len()),
                book.source(
                    sheet::UNIT_EXECUTION,
                    rows_text(&monitored, "执行状态为正常或滞后的单位"),
                ),
            ));
            let with_projects: Vec<u32> = rows
                .iter()
                .copied()
                .filter(|&r| int(&list, r, col::EXPECTED_PROJECTS) > 0)
                .collect();
            let every: Vec<u32> = with_projects
                .iter()
                .copied()
                .filter(|&r| int(&list, r, col::MONITORED) >= int(&list, r, col::EXPECTED_PROJECTS))
                .collect();
            out.push(count_figure(
                stage::MONITOR,
                "项目监控比例达 100% 的单位数",
                every.len(),
                Some(with_projects.len()),
                book.source(
                    sheet::UNIT_EXECUTION,
                    rows_text(&every, "项目监控表数不少于应报项目数的单位"),
                ),
            ));
        }
        None => out.push(Figure::missing(
            stage::MONITOR,
            "开展“双监控”的单位数（汇总中没有单位执行进度：监控汇总时请加 --execution）",
        )),
    }
    if let Some((list, rows)) = coverage(&book)
        && let Some(&r) = rows.iter().find(|&&r| list.text(r, col::SCOPE) == "全区")
    {
        out.push(count_figure(
            stage::MONITOR,
            "开展监控的项目数",
            int(&list, r, col::PROJECTS_DONE),
            Some(int(&list, r, col::EXPECTED_PROJECTS)),
            book.source(sheet::COVERAGE, format!("第{}行（全区 合计）", r + 1)),
        ));
    }
    match book.table(sheet::SURPLUS, &[col::PROJECT_NAME, col::SURPLUS]) {
        Some(list) => {
            let rows = data_rows(&list, col::UNIT_CODE);
            let total: Money = rows
                .iter()
                .filter_map(|&r| list.money(r, col::SURPLUS))
                .sum();
            out.push(Figure {
                stage: stage::MONITOR,
                name: "建议收回的预计结余资金".into(),
                value: format!("{} 万元", money_text(total)),
                numerator: total.to_string(),
                denominator: String::new(),
                source: book.source(
                    sheet::SURPLUS,
                    rows_text(&rows, &format!("{} 个项目", rows.len())),
                ),
            });
        }
        None => out.push(Figure::missing(stage::MONITOR, "建议收回的预计结余资金")),
    }
    Ok(())
}

fn self_eval_figures(path: &Path, out: &mut Vec<Figure>) -> Result<()> {
    let book = Book::of_stage(path, "绩效自评汇总", Stage::SelfEval, "--self-eval")?;
    let Some((list, rows)) = coverage(&book) else {
        out.push(Figure::missing(
            stage::SELF_EVAL,
            "开展绩效自评的单位数（汇总中没有覆盖情况）",
        ));
        return Ok(());
    };
    let src = |r: u32, what: &str| book.source(sheet::COVERAGE, format!("第{}行（{what}）", r + 1));
    if let Some(&r) = rows.iter().find(|&&r| list.text(r, col::SCOPE) == "全区") {
        out.push(count_figure(
            stage::SELF_EVAL,
            "开展绩效自评的单位数",
            int(&list, r, col::UNITS_DONE),
            Some(int(&list, r, col::UNITS_EXPECTED)),
            src(r, "全区 合计"),
        ));
        out.push(count_figure(
            stage::SELF_EVAL,
            "开展项目支出绩效自评的项目数",
            int(&list, r, col::PROJECTS_DONE),
            Some(int(&list, r, col::EXPECTED_PROJECTS)),
            src(r, "全区 合计"),
        ));
    }
    if let Some(&r) = rows
        .iter()
        .find(|&&r| list.text(r, col::SCOPE) == "部门整体")
    {
        out.push(count_figure(
            stage::SELF_EVAL,
            "开展部门（单位）整体支出绩效自评的单位数",
            int(&list, r, col::UNITS_DONE),
            Some(int(&list, r, col::UNITS_EXPECTED)),
            src(r, "部门整体"),
        ));
    }
    let types: Vec<u32> = rows
        .iter()
        .copied()
        .filter(|&r| list.text(r, col::SCOPE) == "预算类型")
        .collect();
    let expected: Vec<u32> = types
        .iter()
        .copied()
        .filter(|&r| int(&list, r, col::EXPECTED_PROJECTS) > 0)
        .collect();
    let covered: Vec<String> = expected
        .iter()
        .filter(|&&r| int(&list, r, col::PROJECTS_DONE) > 0)
        .map(|&r| list.text(r, col::GROUP))
        .collect();
    out.push(Figure {
        stage: stage::SELF_EVAL,
        name: "自评覆盖的预算类型".into(),
        value: format!("{} 本（{}）", covered.len(), covered.join("、")),
        numerator: covered.len().to_string(),
        denominator: expected.len().to_string(),
        source: book.source(sheet::COVERAGE, rows_text(&types, "范围为预算类型的行")),
    });
    for &r in &types {
        let g = list.text(r, col::GROUP);
        out.push(count_figure(
            stage::SELF_EVAL,
            &format!("自评项目数：{g}"),
            int(&list, r, col::PROJECTS_DONE),
            Some(int(&list, r, col::EXPECTED_PROJECTS)),
            src(r, &format!("预算类型 {g}")),
        ));
    }
    for r in rows
        .iter()
        .copied()
        .filter(|&r| list.text(r, col::SCOPE) == "项目类别")
    {
        let g = list.text(r, col::GROUP);
        out.push(count_figure(
            stage::SELF_EVAL,
            &format!("自评项目数：{g}"),
            int(&list, r, col::PROJECTS_DONE),
            Some(int(&list, r, col::EXPECTED_PROJECTS)),
            src(r, &format!("项目类别 {g}")),
        ));
    }
    Ok(())
}

fn key_figures(path: &Path, out: &mut Vec<Figure>) -> Result<()> {
    let book = Book::open(path, "重点评价清单")?;
    let Some(list) = book.table(sheet::KEY_SUMMARY, &[col::SCOPE, col::UNIT_COUNT]) else {
        out.push(Figure::missing(
            stage::KEY,
            "重点评价（清单中没有重点评价汇总）",
        ));
        return Ok(());
    };
    let rows = data_rows(&list, col::SCOPE);
    let Some(&r) = rows.iter().find(|&&r| list.text(r, col::SCOPE) == "全区") else {
        out.push(Figure::missing(stage::KEY, "重点评价"));
        return Ok(());
    };
    let src = || book.source(sheet::KEY_SUMMARY, format!("第{}行（全区 合计）", r + 1));
    out.push(count_figure(
        stage::KEY,
        "重点评价的单位数",
        int(&list, r, col::UNIT_COUNT),
        None,
        src(),
    ));
    out.push(count_figure(
        stage::KEY,
        "重点评价的项目（政策）数",
        int(&list, r, col::PROJECTS),
        None,
        src(),
    ));
    let funds = list.money(r, col::FUNDS).unwrap_or_default();
    out.push(Figure {
        stage: stage::KEY,
        name: "重点评价涉及资金".into(),
        value: format!("{} 万元", money_text(funds)),
        numerator: funds.to_string(),
        denominator: String::new(),
        source: src(),
    });
    let domains = list.text(r, col::DOMAIN);
    out.push(Figure {
        stage: stage::KEY,
        name: "重点评价涉及领域".into(),
        value: domains.clone(),
        numerator: domains
            .split('、')
            .filter(|d| !d.is_empty())
            .count()
            .to_string(),
        denominator: String::new(),
        source: src(),
    });
    Ok(())
}

fn review_figures(path: &Path, out: &mut Vec<Figure>) -> Result<()> {
    let book = Book::open(path, "第二轮汇总")?;
    let Some(list) = book.table(sheet::REVIEW, &[col::REVIEW_STATE]) else {
        out.push(Figure::missing(
            stage::REVIEW,
            "问题整改（工作簿中没有整改情况：第二轮汇总时请加 --previous）",
        ));
        return Ok(());
    };
    use crate::schema::review_state;
    // Errors and warnings: a notice is nothing to fix.
    let rows = data_rows(&list, col::REVIEW_STATE);
    let of = |s: &str| -> Vec<u32> {
        rows.iter()
            .copied()
            .filter(|&r| {
                list.text(r, col::REVIEW_STATE) == s
                    && review_state::to_fix(&list.text(r, col::SEVERITY))
            })
            .collect()
    };
    let fixed = of(review_state::FIXED);
    let open_ = of(review_state::OPEN);
    let new = of(review_state::NEW);
    out.push(count_figure(
        stage::REVIEW,
        "审核发现问题已整改数",
        fixed.len(),
        Some(fixed.len() + open_.len()),
        book.source(
            sheet::REVIEW,
            rows_text(
                &[fixed.clone(), open_].concat(),
                "整改情况为已整改、未整改的错误和警告",
            ),
        ),
    ));
    out.push(count_figure(
        stage::REVIEW,
        "重新报送时出现的新问题数",
        new.len(),
        None,
        book.source(
            sheet::REVIEW,
            rows_text(&new, "整改情况为新问题的错误和警告"),
        ),
    ));
    Ok(())
}

/// Every figure of the year, stage by stage; the stages not given are 未提供.
///
/// # Errors
///
/// A workbook given cannot be read.
pub fn figures(inputs: &Inputs, roster: &Roster, budget: Option<&Budget>) -> Result<Vec<Figure>> {
    let mut out = Vec::new();
    match &inputs.screen {
        Some(p) => screen_figures(p, &mut out)?,
        None => out.push(Figure::missing(stage::SCREEN, "开展事前绩效评估的项目数")),
    }
    match &inputs.targets {
        Some(p) => target_figures(p, roster, budget, &mut out)?,
        None => out.push(Figure::missing(stage::TARGETS, "编报绩效目标的单位数")),
    }
    match &inputs.monitor {
        Some(p) => monitor_figures(p, roster, &mut out)?,
        None => out.push(Figure::missing(stage::MONITOR, "开展“双监控”的单位数")),
    }
    match &inputs.self_eval {
        Some(p) => self_eval_figures(p, &mut out)?,
        None => out.push(Figure::missing(stage::SELF_EVAL, "开展绩效自评的单位数")),
    }
    match &inputs.key {
        Some(p) => key_figures(p, &mut out)?,
        None => out.push(Figure::missing(stage::KEY, "重点评价的单位数和项目数")),
    }
    match &inputs.review {
        Some(p) => review_figures(p, &mut out)?,
        None => out.push(Figure::missing(stage::REVIEW, "审核发现问题已整改数")),
    }
    Ok(out)
}

fn find<'f>(figs: &'f [Figure], stage: &str, name: &str) -> Option<&'f Figure> {
    figs.iter()
        .find(|f| f.stage == stage && f.name == name && f.value != NOT_GIVEN)
}

/// The Markdown summary: a paragraph in the words of a 情况说明, then each stage's figures with
/// the counts behind them and a link to the workbook, sheet and rows.
pub fn markdown(figs: &[Figure], year: Option<i32>, link: &dyn Fn(&Path) -> String) -> String {
    let mut md = String::new();
    let year = year
        .map(|y| format!("{y}年度"))
        .unwrap_or_else(|| "本年度".into());
    md.push_str(&format!("# {year}预算绩效管理工作情况（数据汇总）\n\n"));
    md.push_str("本文每个数字都由 jixiao 从各阶段的汇总工作簿计算得出，数字后注明计算所依据的数量和来源（工作簿、工作表、行）；未提供的阶段写“未提供”，不作为零。\n\n");
    // The paragraph.
    let mut parts = Vec::new();
    let num = |s: &str, n: &str| find(figs, s, n).map(|f| f.numerator.clone());
    if let Some(n) = num(stage::SCREEN, "开展事前绩效评估的项目数") {
        let c = |x: &str| num(stage::SCREEN, &format!("评估结论为{x}的项目数")).unwrap_or_default();
        parts.push(format!(
            "对 {n} 个项目开展事前绩效评估，其中予以支持 {} 个、部分支持 {} 个、不予支持 {} 个",
            c(col::SUPPORTED),
            c(col::PARTLY),
            c(col::NOT_SUPPORTED)
        ));
    }
    if let Some(n) = num(stage::TARGETS, "编报绩效目标的单位数") {
        // Only the kinds of target whose figures are given: a figure 未提供 is not claimed.
        let kinds: Vec<&str> = [
            ("编报项目支出绩效目标的单位数", "项目支出"),
            ("编报部门（单位）整体绩效目标的单位数", "部门（单位）整体"),
            ("编报专项资金绩效目标的单位数", "专项资金"),
        ]
        .into_iter()
        .filter(|(figure, _)| find(figs, stage::TARGETS, figure).is_some())
        .map(|(_, kind)| kind)
        .collect();
        let kinds = match kinds.split_last() {
            Some((last, [])) => (*last).to_string(),
            Some((last, rest)) => format!("{}和{last}", rest.join("、")),
            None => String::new(),
        };
        parts.push(format!("{n} 个单位编报了{kinds}绩效目标"));
    }
    if let Some(n) = num(stage::MONITOR, "开展绩效目标和预算执行“双监控”的单位数")
    {
        let every = find(figs, stage::MONITOR, "项目监控比例达 100% 的单位数");
        parts.push(match every {
            Some(e) => format!(
                "对 {n} 个单位开展绩效目标和预算执行“双监控”，其中 {} 个单位项目监控比例达 100%",
                e.numerator
            ),
            None => format!("对 {n} 个单位开展绩效目标和预算执行“双监控”"),
        });
    }
    if let Some(n) = num(stage::SELF_EVAL, "开展绩效自评的单位数") {
        let types = find(figs, stage::SELF_EVAL, "自评覆盖的预算类型")
            .map(|f| {
                f.value
                    .split_once('（')
                    .map_or(String::new(), |(_, t)| t.trim_end_matches('）').to_string())
            })
            .unwrap_or_default();
        parts.push(format!("{n} 个单位开展绩效自评，覆盖{types}"));
    }
    if let (Some(u), Some(p), Some(f)) = (
        num(stage::KEY, "重点评价的单位数"),
        num(stage::KEY, "重点评价的项目（政策）数"),
        find(figs, stage::KEY, "重点评价涉及资金"),
    ) {
        let domains = find(figs, stage::KEY, "重点评价涉及领域")
            .map(|d| format!("，涉及{}等领域", d.value))
            .unwrap_or_default();
        parts.push(format!(
            "对 {u} 个单位 {p} 个项目（政策）开展重点评价，涉及资金 {}{domains}",
            f.value
        ));
    }
    if !parts.is_empty() {
        md.push_str(&format!("{year}，{}。\n\n", parts.join("；")));
    }
    let mut last = "";
    for f in figs {
        if f.stage != last {
            md.push_str(&format!("\n## {}\n\n", f.stage));
            last = f.stage;
        }
        if f.value == NOT_GIVEN {
            md.push_str(&format!("- {}：{NOT_GIVEN}\n", f.name));
            continue;
        }
        let counts = if f.denominator.is_empty() {
            String::new()
        } else {
            format!("（{} / {}）", f.numerator, f.denominator)
        };
        let src = if f.source.file.is_empty() {
            String::new()
        } else {
            format!(
                " — 来源：[{} › {}]({}) {}",
                f.source.file,
                f.source.sheet,
                link(&f.source.path),
                f.source.rows
            )
        };
        md.push_str(&format!("- {}：**{}**{counts}{src}\n", f.name, f.value));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn money_is_written_with_thousands() {
        assert_eq!(money_text(Money(Decimal::new(2_147_700, 2))), "21,477.00");
        assert_eq!(money_text(Money(Decimal::new(39000, 2))), "390.00");
        assert_eq!(
            money_text(Money(Decimal::new(-123_456_789, 2))),
            "-1,234,567.89"
        );
    }

    #[test]
    fn a_stage_not_given_is_not_zero() {
        let roster = Roster::from_units(Vec::new());
        let figs = figures(&Inputs::default(), &roster, None).unwrap();
        assert!(figs.iter().all(|f| f.value == NOT_GIVEN));
        let md = markdown(&figs, Some(2024), &|p| p.display().to_string());
        assert!(md.contains("未提供"));
        assert!(!md.contains("**0**"));
    }
}
