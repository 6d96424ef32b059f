//! The national monitoring card (财预〔2019〕136号 项目支出绩效目标执行监控表) on the generator's
//! own grid: as the central system exports it (amounts and rates as text, level names on every
//! row, nothing merged) and as a unit's .xls (numbers, level names merged down).

use super::grid::{Grid, Style, Val};
use super::monitor::{
    LIKELY, MAnchors, MLayout, MONTH, MonCard, REASONS, RowCells, YEAR, amount_val, rate_text,
};
use super::world::World;

pub const TITLE: &str = "项目支出绩效目标执行监控表";
const WIDTHS: &[f64] = &[
    14.0, 16.0, 22.0, 16.0, 14.0, 14.0, 6.0, 6.0, 6.0, 8.0, 6.0, 24.0, 6.0, 6.0, 8.0, 10.0,
];
/// The last column (备注).
const LAST: u16 = 15;

fn sheet_name(world: &World, card: &MonCard, k: usize) -> String {
    let p = &world.projects[card.project];
    match card.layout {
        MLayout::Export => p.code.clone(),
        _ => {
            let short: String = p.name.chars().take(10).collect();
            format!("项目{}-{}", k + 1, short)
        }
    }
}

/// Draws card `k` of a unit on the export or the .xls layout.
pub fn card(world: &World, card: &MonCard, k: usize) -> (Grid, MAnchors) {
    let p = &world.projects[card.project];
    let unit = &world.units[p.unit];
    let head = world.head_of(p.unit);
    let merged = card.layout == MLayout::Xls;
    let tick = if merged { "√" } else { "✔" };
    let mut g = Grid::new(&sheet_name(world, card, k), WIDTHS);
    let span = |g: &mut Grid, r1: u32, c1: u16, r2: u32, c2: u16| {
        if merged {
            g.merge(r1, c1, r2, c2);
        }
    };

    g.text(0, 0, TITLE, Style::Title);
    span(&mut g, 0, 0, 0, LAST);
    g.text(1, 0, &format!("（{YEAR}年1-{MONTH}月）"), Style::Subtitle);
    span(&mut g, 1, 0, 1, LAST);

    let pairs = [
        ("项目名称", p.name.to_string(), "项目编码", p.code.clone()),
        (
            "主管部门及代码",
            format!("{} {}", head.name(), head.code()),
            "实施单位",
            unit.name().to_string(),
        ),
    ];
    for (i, (l1, v1, l2, v2)) in pairs.iter().enumerate() {
        let r = 2 + i as u32;
        g.text(r, 0, l1, Style::Label);
        g.text(r, 1, v1, Style::Text);
        span(&mut g, r, 1, r, 7);
        g.text(r, 8, l2, Style::Label);
        g.text(r, 9, v2, Style::Text);
        span(&mut g, r, 9, r, LAST);
    }

    // the money block
    g.text(4, 0, "项目资金（万元）", Style::Label);
    span(&mut g, 4, 0, 4, LAST);
    let heads = [
        "年初预算数".to_string(),
        format!("1-{MONTH}月执行数"),
        format!("1-{MONTH}月执行率"),
        "全年预计执行数".to_string(),
    ];
    g.put(5, 0, Val::Blank, Style::Label);
    for (c, h) in heads.iter().enumerate() {
        g.text(5, 1 + c as u16, h, Style::Header);
    }
    let labels = ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金"];
    for (i, label) in labels.iter().enumerate() {
        let r = 6 + i as u32;
        g.text(r, 0, label, Style::Label);
        g.put(r, 1, amount_val(card.layout, card.budget[i]), Style::Money);
        g.put(
            r,
            2,
            amount_val(card.layout, card.executed[i]),
            Style::Money,
        );
        let rate = match (i, card.stated_rate) {
            (0, Some(stated)) => rate_text(Some(stated)),
            _ => rate_text(card.rate(i)),
        };
        g.put(r, 3, Val::Str(rate), Style::Money);
        g.put(
            r,
            4,
            amount_val(card.layout, card.forecast[i]),
            Style::Money,
        );
    }

    // the goal
    g.text(10, 0, "年度总体目标", Style::Label);
    span(&mut g, 10, 0, 11, 0);
    g.text(10, 1, "年初设定目标", Style::Label);
    span(&mut g, 10, 1, 10, 7);
    g.text(10, 8, &format!("1-{MONTH}月执行情况"), Style::Label);
    span(&mut g, 10, 8, 10, LAST);
    g.text(11, 1, &card.goal, Style::Text);
    span(&mut g, 11, 1, 11, 7);
    g.text(11, 8, &card.progress, Style::Text);
    span(&mut g, 11, 8, 11, LAST);

    // the indicator table: two header rows
    let h = 12;
    let single = [
        (0, "一级指标".to_string()),
        (1, "二级指标".to_string()),
        (2, "三级指标".to_string()),
        (3, "年度指标值".to_string()),
        (4, format!("1-{MONTH}月执行数")),
        (5, "全年预计执行数".to_string()),
        (LAST, "备注".to_string()),
    ];
    for (c, label) in &single {
        g.text(h, *c, label, Style::Header);
        if merged {
            g.merge(h, *c, h + 1, *c);
        } else {
            g.put(h + 1, *c, Val::Blank, Style::Header);
        }
    }
    g.text(h, 6, "偏差原因分析", Style::Header);
    span(&mut g, h, 6, h, 11);
    g.text(h, 12, "完成目标可能性", Style::Header);
    span(&mut g, h, 12, h, 14);
    for (k, label) in REASONS.iter().chain(["原因说明"].iter()).enumerate() {
        g.text(h + 1, 6 + k as u16, label, Style::Header);
    }
    for (k, label) in LIKELY.iter().enumerate() {
        g.text(h + 1, 12 + k as u16, label, Style::Header);
    }

    let first = h + 2;
    let mut cells = Vec::new();
    for (k, row) in card.rows.iter().enumerate() {
        let r = first + k as u32;
        g.text(r, 0, &format!("{}指标", row.l1), Style::Text);
        g.text(r, 1, &format!("{}指标", row.l2), Style::Text);
        g.text(r, 2, &row.name, Style::Text);
        g.text(r, 3, &row.value, Style::Text);
        g.text(r, 4, &row.actual, Style::Text);
        g.text(r, 5, &row.forecast, Style::Text);
        for (j, &on) in row.reasons.iter().enumerate() {
            g.text_or_blank(r, 6 + j as u16, if on { tick } else { "" }, Style::Text);
        }
        g.text_or_blank(r, 11, &row.reason, Style::Text);
        for (j, &on) in row.likely.iter().enumerate() {
            g.text_or_blank(r, 12 + j as u16, if on { tick } else { "" }, Style::Text);
        }
        g.put(r, LAST, Val::Blank, Style::Text);
        cells.push(RowCells {
            value: (r, 3),
            reason: (r, 11),
            likely: [(r, 12), (r, 13), (r, 14)],
        });
    }
    if merged {
        merge_runs(&mut g, card, first);
    }
    let last = first + card.rows.len() as u32 - 1;
    let foot = last + 2;
    g.text(foot, 0, "填报人：", Style::Plain);
    g.text(foot, 4, "联系电话：", Style::Plain);
    g.text(foot, 5, &unit.phone, Style::Plain);
    g.text(foot, 8, "填报日期：", Style::Plain);
    g.text(foot, 9, &format!("{YEAR}年8月9日"), Style::Plain);
    g.text(foot, 1, &unit.contact, Style::Plain);

    let anchors = MAnchors {
        name_value: (2, 1),
        total_executed: (6, 2),
        total_rate: (6, 3),
        total_forecast: (6, 4),
        l1_header: (h, 0),
        rows: cells,
    };
    (g, anchors)
}

/// Merges the level-1 and level-2 columns down over their groups, blanking the repeats.
fn merge_runs(g: &mut Grid, card: &MonCard, first: u32) {
    let keys1: Vec<&str> = card.rows.iter().map(|r| r.l1).collect();
    let keys2: Vec<(&str, &str)> = card.rows.iter().map(|r| (r.l1, r.l2)).collect();
    let runs1 = runs(&keys1);
    let runs2 = runs(&keys2);
    for (col, groups) in [(0u16, runs1), (1u16, runs2)] {
        for (a, b) in groups {
            for k in a + 1..=b {
                g.put(first + k as u32, col, Val::Blank, Style::Text);
            }
            g.merge(first + a as u32, col, first + b as u32, col);
        }
    }
}

fn runs<T: PartialEq>(keys: &[T]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=keys.len() {
        if i == keys.len() || keys[i] != keys[start] {
            out.push((start, i - 1));
            start = i;
        }
    }
    out
}
