//! Self-evaluation cards on the generator's own grid: the Sichuan project card (报表编号
//! 510000_0013zp: `预算执行情况(10分)`, `绩效指标(90分)`, then 合计, 评价结论, 存在问题, 改进措施) and
//! the unit-wide 部门整体支出绩效自评表 (FORMS §4.4 note).

use std::io;

use super::cards::wan;
use super::grid::{Grid, Style, Val};
use super::selfeval::{Filled, SAnchors, SCard, SLayout, SRow, UnitPlan, YEAR};
use super::world::World;
use super::{xls, xlsx};

pub const OVERALL_SHEET: &str = "部门整体自评";
const FILL_DATE: &str = "2025年3月20日";

fn percent_text(r: f64) -> String {
    format!("{:.2}%", r * 100.0)
}

fn score_val(h: i64) -> Val {
    Val::Num(h as f64 / 100.0)
}

/// `(指标性质, 指标值, 度量单位, 完成值)` of a row on a card that writes the number bare.
fn bare(row: &SRow) -> (String, Val, String, Val) {
    match (&row.quant, row.actual_bare()) {
        (Some(q), Some(actual)) => (
            q.cmp.sign().to_string(),
            Val::Num(q.target()),
            q.unit.clone(),
            Val::Num(actual.parse().unwrap()),
        ),
        (Some(q), None) => (
            q.cmp.sign().to_string(),
            Val::Num(q.target()),
            q.unit.clone(),
            Val::Str(row.actual.clone()),
        ),
        (None, _) => (
            "定性".to_string(),
            if row.value.is_empty() {
                Val::Blank
            } else {
                Val::Str(row.value.clone())
            },
            String::new(),
            Val::Str(row.actual.clone()),
        ),
    }
}

/// Merges the level columns down over their runs (else repeats them on every row).
fn levels(g: &mut Grid, rows: &[SRow], first: u32, c1: u16, merged: bool, suffix: &str) {
    let name1 = |r: &SRow| format!("{}{suffix}", r.l1);
    let name2 = |r: &SRow| format!("{}{suffix}", r.l2);
    let mut k = 0;
    while k < rows.len() {
        let mut e = k;
        while e + 1 < rows.len() && rows[e + 1].l1 == rows[k].l1 {
            e += 1;
        }
        if merged {
            g.merged_text(
                first + k as u32,
                c1,
                first + e as u32,
                c1,
                &name1(&rows[k]),
                Style::Text,
            );
            for j in k + 1..=e {
                g.put(first + j as u32, c1, Val::Blank, Style::Text);
            }
        } else {
            for (j, row) in rows.iter().enumerate().take(e + 1).skip(k) {
                g.text(first + j as u32, c1, &name1(row), Style::Text);
            }
        }
        k = e + 1;
    }
    let mut k = 0;
    while k < rows.len() {
        let mut e = k;
        while e + 1 < rows.len() && rows[e + 1].l2 == rows[k].l2 && rows[e + 1].l1 == rows[k].l1 {
            e += 1;
        }
        if merged {
            g.merged_text(
                first + k as u32,
                c1 + 1,
                first + e as u32,
                c1 + 1,
                &name2(&rows[k]),
                Style::Text,
            );
            for j in k + 1..=e {
                g.put(first + j as u32, c1 + 1, Val::Blank, Style::Text);
            }
        } else {
            for (j, row) in rows.iter().enumerate().take(e + 1).skip(k) {
                g.text(first + j as u32, c1 + 1, &name2(row), Style::Text);
            }
        }
        k = e + 1;
    }
}

/// The Sichuan project card `k` of a unit. Columns: A caption; B:C money row label / B 一级
/// 指标, C 二级指标; D 三级指标 / 年初预算; E 指标性质 / 调整后预算数; F 指标值 / 预算执行数;
/// G 度量单位 / 预算执行率; H 完成值 / 权重; I 权重 / 得分; J 得分 / 原因 (J:K); K 未完成原因分析.
pub fn sichuan(
    world: &World,
    card: &SCard,
    k: usize,
    merged: bool,
    text_rates: bool,
) -> (Grid, SAnchors) {
    let p = &world.projects[card.project.expect("a project card")];
    let unit = &world.units[p.unit];
    let short: String = p.name.chars().take(12).collect();
    let widths = [
        16.0, 12.0, 16.0, 22.0, 10.0, 12.0, 12.0, 16.0, 8.0, 8.0, 30.0,
    ];
    let mut g = Grid::new(&format!("{}.{short}", k + 1), &widths);
    g.text(0, 10, "报表编号：510000_0013zp", Style::Plain);
    g.merged_text(1, 0, 1, 10, "项目支出绩效自评表", Style::Title);
    g.merged_text(2, 0, 2, 10, &format!("（{YEAR}年度）"), Style::Subtitle);
    g.text(3, 0, "项目名称", Style::Label);
    g.merged_text(3, 1, 3, 5, p.name, Style::Text);
    g.merged_text(3, 6, 3, 7, "项目编码", Style::Label);
    g.merged_text(3, 8, 3, 10, &p.code, Style::Text);
    g.text(4, 0, "主管部门", Style::Label);
    g.merged_text(4, 1, 4, 4, world.head_of(p.unit).name(), Style::Text);
    g.merged_text(4, 5, 4, 6, "实施单位", Style::Label);
    g.merged_text(4, 7, 4, 10, unit.name(), Style::Text);

    // 预算执行情况(10分)
    g.merged_text(5, 0, 10, 0, "预算执行情况(10分)", Style::Label);
    g.merged_text(5, 1, 5, 2, "", Style::Header);
    for (c, h) in [
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        g.text(5, 3 + c as u16, h, Style::Header);
    }
    g.merged_text(5, 9, 5, 10, "原因", Style::Header);
    // 总额, 财政资金 (财政拨款 and 上年结转), 财政专户管理资金, 单位资金 (其他资金), 其他资金
    let rows_of = |a: &[i64; 4]| [a[0], a[1] + a[2], 0, a[3], 0];
    let (start, full, done) = (
        rows_of(&card.start),
        rows_of(&card.full),
        rows_of(&card.executed),
    );
    let labels = [
        "总额",
        "其中:财政资金",
        "财政专户管理资金",
        "单位资金",
        "其他资金",
    ];
    for (i, label) in labels.iter().enumerate() {
        let r = 6 + i as u32;
        g.merged_text(r, 1, r, 2, label, Style::Label);
        g.put(r, 3, Val::Num(wan(start[i])), Style::Money);
        g.put(r, 4, Val::Num(wan(full[i])), Style::Money);
        g.put(r, 5, Val::Num(wan(done[i])), Style::Money);
        let rate = if i == 0 {
            card.shown_rate(0)
        } else {
            (full[i] > 0).then(|| (done[i] as f64 / full[i] as f64 * 10000.0).round() / 10000.0)
        };
        let rv = match rate {
            Some(v) if text_rates => Val::Str(percent_text(v)),
            Some(v) => Val::Num(v),
            None => Val::Blank,
        };
        g.put(r, 6, rv, Style::Text);
        if i == 0 {
            g.put(r, 7, Val::Num(10.0), Style::Text);
            g.put(
                r,
                8,
                Val::Num(super::selfeval::round2(card.exec_written())),
                Style::Text,
            );
            g.merged_text(r, 9, r, 10, &card.money_reason, Style::Text);
        } else {
            g.put(r, 7, Val::Blank, Style::Text);
            g.put(r, 8, Val::Blank, Style::Text);
            g.merged_text(r, 9, r, 10, "", Style::Text);
        }
    }
    // 年度总体目标
    g.merged_text(11, 0, 12, 0, "年度总体目标", Style::Label);
    g.merged_text(11, 1, 11, 5, "预期目标", Style::Label);
    g.merged_text(11, 6, 11, 10, "实际完成情况", Style::Label);
    g.merged_text(12, 1, 12, 5, &card.goal, Style::Text);
    g.merged_text(12, 6, 12, 10, &card.done, Style::Text);

    // 绩效指标(90分)
    let h = 13;
    for (c, label) in [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ]
    .iter()
    .enumerate()
    {
        g.text(h, 1 + c as u16, label, Style::Header);
    }
    let first = h + 1;
    let mut cells = Vec::new();
    for (j, row) in card.rows.iter().enumerate() {
        let r = first + j as u32;
        let (nature, value, unit_text, actual) = bare(row);
        g.text(r, 3, &row.name, Style::Text);
        g.text(r, 4, &nature, Style::Text);
        g.put(r, 5, value, Style::Text);
        g.text_or_blank(r, 6, &unit_text, Style::Text);
        g.put(r, 7, actual, Style::Text);
        g.put(r, 8, score_val(row.points), Style::Text);
        g.put(r, 9, score_val(row.score), Style::Text);
        g.text_or_blank(r, 10, &row.reason, Style::Text);
        cells.push([(r, 7), (r, 9), (r, 10)]);
    }
    levels(&mut g, &card.rows, first, 1, merged, "指标");
    let last = first + card.rows.len() as u32 - 1;
    g.merged_text(h, 0, last, 0, "绩效指标(90分)", Style::Label);
    let t = last + 1;
    g.merged_text(t, 0, t, 7, "合计", Style::Label);
    g.put(
        t,
        8,
        score_val(card.points() + super::selfeval::EXEC_POINTS),
        Style::Text,
    );
    g.put(t, 9, Val::Num(card.total_written()), Style::Text);
    g.put(t, 10, Val::Blank, Style::Text);
    let problems = if card.rows.iter().any(|r| r.score < r.points) || !card.money_reason.is_empty()
    {
        "个别绩效指标未完全达到年度目标。"
    } else {
        "无。"
    };
    let measures = if problems == "无。" {
        "继续加强项目管理。"
    } else {
        "加强项目实施进度管理，科学合理设置绩效指标。"
    };
    for (i, (label, text)) in [
        ("评价结论", card.conclusion.as_str()),
        ("存在问题", problems),
        ("改进措施", measures),
    ]
    .iter()
    .enumerate()
    {
        let r = t + 1 + i as u32;
        g.text(r, 0, label, Style::Label);
        g.merged_text(r, 1, r, 10, text, Style::Text);
    }
    let foot = t + 5;
    g.text(foot, 0, "填报人：", Style::Plain);
    g.text(foot, 1, &unit.contact, Style::Plain);
    g.text(foot, 4, "联系电话：", Style::Plain);
    g.text(foot, 5, &unit.phone, Style::Plain);
    g.text(foot, 7, "填报日期：", Style::Plain);
    g.text(foot, 8, FILL_DATE, Style::Plain);
    let anchors = SAnchors {
        rates: (0..5).map(|i| (6 + i, 6)).collect(),
        exec_score: (6, 8),
        weight_header: (h, 8),
        l1_header: (h, 1),
        total_score: (t, 9),
        conclusion: (t + 1, 1),
        rows: cells,
    };
    (g, anchors)
}

/// The unit-wide self-evaluation. Columns: A 一级指标, B 二级指标, C 指标名称, D 计量单位,
/// E 指标性质, F 年初指标值, G 调整指标值, H 全年完成值, I 得分系数, J 指标权重, K 指标得分,
/// L 偏差原因分析及改进措施.
pub fn overall(world: &World, card: &SCard, sheet: &str) -> (Grid, SAnchors) {
    let unit = &world.units[card.unit];
    let widths = [
        10.0, 14.0, 22.0, 10.0, 10.0, 12.0, 12.0, 14.0, 10.0, 10.0, 10.0, 30.0,
    ];
    let mut g = Grid::new(sheet, &widths);
    g.merged_text(0, 0, 0, 11, "部门整体支出绩效自评表", Style::Title);
    g.merged_text(1, 0, 1, 11, &format!("（{YEAR}年度）"), Style::Subtitle);
    g.text(2, 0, "部门（单位）名称", Style::Label);
    g.merged_text(2, 1, 2, 5, unit.name(), Style::Text);
    g.merged_text(2, 6, 2, 7, "主管部门", Style::Label);
    g.merged_text(2, 8, 2, 11, world.head_of(card.unit).name(), Style::Text);
    g.merged_text(3, 0, 4, 0, "年度总体目标", Style::Label);
    g.merged_text(3, 1, 3, 5, "预期目标", Style::Label);
    g.merged_text(3, 6, 3, 11, "实际完成情况", Style::Label);
    g.merged_text(4, 1, 4, 5, &card.goal, Style::Text);
    g.merged_text(4, 6, 4, 11, &card.done, Style::Text);
    g.merged_text(5, 0, 5, 11, "年度绩效指标完成情况", Style::Label);
    let h = 6;
    for (c, label) in [
        "一级指标",
        "二级指标",
        "指标名称",
        "计量单位",
        "指标性质",
        "年初指标值",
        "调整指标值",
        "全年完成值",
        "得分系数",
        "指标权重",
        "指标得分",
        "偏差原因分析及改进措施",
    ]
    .iter()
    .enumerate()
    {
        g.text(h, c as u16, label, Style::Header);
    }
    let first = h + 1;
    let mut cells = Vec::new();
    for (j, row) in card.rows.iter().enumerate() {
        let r = first + j as u32;
        let (nature, value, unit_text, actual) = bare(row);
        g.text(r, 2, &row.name, Style::Text);
        g.text_or_blank(r, 3, &unit_text, Style::Text);
        g.text(r, 4, &nature, Style::Text);
        g.put(r, 5, value, Style::Text);
        match &row.adjusted {
            Some(a) => g.put(r, 6, Val::Num(a.parse().unwrap()), Style::Text),
            None => g.put(r, 6, Val::Blank, Style::Text),
        }
        g.put(r, 7, actual, Style::Text);
        let coef = (row.score as f64 / row.points as f64 * 10000.0).round() / 10000.0;
        g.put(r, 8, Val::Num(coef), Style::Text);
        g.put(r, 9, score_val(row.points), Style::Text);
        g.put(r, 10, score_val(row.score), Style::Text);
        g.text_or_blank(r, 11, &row.reason, Style::Text);
        cells.push([(r, 7), (r, 10), (r, 11)]);
    }
    let merged = card.unit.is_multiple_of(2);
    levels(&mut g, &card.rows, first, 0, merged, "");
    let t = first + card.rows.len() as u32;
    g.merged_text(t, 0, t, 8, "总分", Style::Label);
    g.put(t, 9, score_val(card.points()), Style::Text);
    g.put(t, 10, Val::Num(card.total_written()), Style::Text);
    g.put(t, 11, Val::Blank, Style::Text);
    g.text(t + 1, 0, "评价结论", Style::Label);
    g.merged_text(t + 1, 1, t + 1, 11, &card.conclusion, Style::Text);
    let foot = t + 3;
    g.text(foot, 0, "填报人：", Style::Plain);
    g.text(foot, 1, &unit.contact, Style::Plain);
    g.text(foot, 4, "联系电话：", Style::Plain);
    g.text(foot, 5, &unit.phone, Style::Plain);
    g.text(foot, 8, "填报日期：", Style::Plain);
    g.text(foot, 9, FILL_DATE, Style::Plain);
    let anchors = SAnchors {
        rates: Vec::new(),
        exec_score: (0, 0),
        weight_header: (h, 9),
        l1_header: (h, 0),
        total_score: (t, 10),
        conclusion: (t + 1, 1),
        rows: cells,
    };
    (g, anchors)
}

/// A Sichuan unit's workbook: its unit-wide self-evaluation first, then a sheet a project.
pub fn unit_files(world: &World, plan: &UnitPlan) -> io::Result<Filled> {
    let u = &world.units[plan.unit];
    let k_overall = plan.cards.len() - 1;
    let (og, oa) = overall(world, &plan.cards[k_overall], OVERALL_SHEET);
    let xls_file = plan.layout == SLayout::SichuanXls;
    let name = format!(
        "{}_{}_{YEAR}年度绩效自评表.{}",
        u.code(),
        u.name(),
        if xls_file { "xls" } else { "xlsx" }
    );
    let mut sheets = vec![(k_overall, name.clone(), og.name.clone(), oa)];
    let mut grids = vec![og];
    let merged = !plan.unit.is_multiple_of(3);
    let text_rates = plan.unit % 2 == 1;
    for k in 0..k_overall {
        let (g, a) = sichuan(world, &plan.cards[k], k, merged, text_rates);
        sheets.push((k, name.clone(), g.name.clone(), a));
        grids.push(g);
    }
    let bytes = if xls_file {
        xls::workbook(&grids)?
    } else {
        xlsx::workbook(&grids).map_err(io::Error::other)?
    };
    Ok(Filled {
        files: vec![(
            name,
            if xls_file { "sichuan-xls" } else { "sichuan" },
            bytes,
        )],
        sheets,
    })
}
