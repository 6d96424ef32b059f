//! The three project-card layouts, the unit-wide card and the 填报说明 sheet, drawn into grids.
//! Each card layout also returns where its key cells ended up, so planted mistakes are
//! recorded at the cell the layout really used.

use super::cards::{Amount, Code, Indicator, LEVELS, Layout, Money, OverallCard, ProjectCard, wan};
use super::data;
use super::grid::{Grid, Pos, Style, Val};

/// Where a project card's key cells are.
#[derive(Debug, Clone)]
pub struct Anchors {
    pub code_value: Pos,
    pub total_value: Pos,
    /// the annual 其他资金 value (the total where the layout has no parts)
    pub other_value: Pos,
    pub goal_label: Pos,
    /// the `一级指标` header cell
    pub l1_header: Pos,
    /// per card indicator: (三级指标 cell, 指标值 cell)
    pub inds: Vec<(Pos, Pos)>,
}

pub const TITLE_NATIONAL: &str = "项目支出绩效目标申报表";
pub const TITLE_SZ: &str = "二级项目支出绩效目标申报表";
pub const TITLE_OVERALL: &str = "部门（单位）整体支出绩效目标申报表";
pub const YEAR_LINE: &str = "（2024年度）";
pub const FILL_DATE: &str = "2024年1月18日";

fn amount(g: &mut Grid, row: u32, col: u16, a: &Amount) {
    match a {
        Amount::Num(v) => g.num(row, col, *v),
        Amount::Text(s) => g.text(row, col, s, Style::Money),
        Amount::Blank => g.put(row, col, Val::Blank, Style::Money),
    }
}

fn code(g: &mut Grid, row: u32, col: u16, c: &Code) {
    match c {
        Code::Text(s) => g.text(row, col, s, Style::Text),
        Code::Num(v) => g.put(row, col, Val::Num(*v), Style::Text),
    }
}

fn with_suffix(level: &str) -> String {
    format!("{level}指标")
}

/// Rows that share a value in `key`, as (first index, last index) runs.
fn runs<T: PartialEq>(keys: &[T]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=keys.len() {
        if i == keys.len() || keys[i] != keys[start] {
            if start < keys.len() {
                out.push((start, i - 1));
            }
            start = i;
        }
    }
    out
}

fn footer(g: &mut Grid, row: u32, contact: &str, phone: &str, date: &str) {
    g.text(row, 0, "填表人：", Style::Plain);
    g.text(row, 1, contact, Style::Plain);
    g.text(row, 2, "联系电话：", Style::Plain);
    g.text(row, 3, phone, Style::Plain);
    g.text(row, 4, "填报日期：", Style::Plain);
    g.text(row, 5, date, Style::Plain);
}

pub fn project_card(sheet: &str, card: &ProjectCard) -> (Grid, Anchors) {
    project_card_dated(sheet, card, FILL_DATE)
}

/// A project card whose footer says `date` as its 填报日期 (the Shenzhen layout has none).
pub fn project_card_dated(sheet: &str, card: &ProjectCard, date: &str) -> (Grid, Anchors) {
    match card.layout {
        Layout::NMerged => national(sheet, card, false, date),
        Layout::NRepeated => national(sheet, card, true, date),
        Layout::Sz => shenzhen(sheet, card),
    }
}

/// The national card (财预〔2015〕88号). `repeated`: level names on every row, no merges in
/// the table, labels spaced out or suffixed, blank rows above the table, a mid-term column.
fn national(sheet: &str, card: &ProjectCard, repeated: bool, date: &str) -> (Grid, Anchors) {
    let lab = |plain: &'static str, spaced: &'static str| if repeated { spaced } else { plain };
    let widths: &[f64] = if repeated {
        &[16.0, 20.0, 14.0, 22.0, 18.0, 30.0, 10.0]
    } else {
        &[16.0, 16.0, 14.0, 22.0, 16.0, 16.0, 16.0]
    };
    let mut g = Grid::new(sheet, widths);
    g.merged_text(0, 0, 0, 6, TITLE_NATIONAL, Style::Title);
    g.merged_text(1, 0, 1, 6, YEAR_LINE, Style::Subtitle);

    g.text(2, 0, lab("项目名称", "项 目 名 称"), Style::Label);
    g.merged_text(2, 1, 2, 3, &card.name, Style::Text);
    g.text(2, 4, lab("项目编码", "项 目 编 码"), Style::Label);
    code(&mut g, 2, 5, &card.code);
    g.merge(2, 5, 2, 6);

    g.text(3, 0, "主管部门及代码", Style::Label);
    let dept = format!("{} {}", card.dept_name, card.dept_code);
    g.merged_text(3, 1, 3, 3, &dept, Style::Text);
    g.text(3, 4, lab("实施单位", "实施单位（盖章）"), Style::Label);
    g.merged_text(3, 5, 3, 6, &card.unit_name, Style::Text);

    g.text(4, 0, lab("项目属性", "项 目 属 性"), Style::Label);
    let attr = if card.is_new { "新增" } else { "延续" };
    g.merged_text(4, 1, 4, 3, attr, Style::Text);
    g.text(4, 4, "项目期限", Style::Label);
    g.merged_text(4, 5, 4, 6, &card.period, Style::Text);

    g.merged_text(5, 0, 8, 0, "项目资金（万元）", Style::Label);
    let parts = ["其中：财政拨款", "上年结转资金", "其他资金"];
    let money_rows = |g: &mut Grid, label_col: u16, total_label: &str, m: &Money| {
        g.text(5, label_col, total_label, Style::Label);
        amount(g, 5, label_col + 1, &m.total);
        for (k, (label, a)) in parts
            .iter()
            .zip([&m.fiscal, &m.carried, &m.other])
            .enumerate()
        {
            g.text(6 + k as u32, label_col, label, Style::Label);
            amount(g, 6 + k as u32, label_col + 1, a);
        }
    };
    let (total_value, other_value) = match (&card.mid, repeated) {
        (Some(mid), true) => {
            money_rows(&mut g, 1, "中期资金总额", mid);
            money_rows(&mut g, 3, "年度资金总额", &card.money);
            ((5, 4), (8, 4))
        }
        _ => {
            money_rows(
                &mut g,
                1,
                lab("年度资金总额", "年度资金总额（万元）"),
                &card.money,
            );
            if !repeated {
                for r in 5..=8 {
                    g.merge(r, 2, r, 6);
                }
            }
            ((5, 2), (8, 2))
        }
    };

    let mut row = 9;
    let goal_label;
    if let Some(mid_goal) = &card.mid_goal {
        g.merged_text(9, 0, 10, 0, "总体目标", Style::Label);
        g.text(9, 1, "中期目标", Style::Label);
        g.merged_text(9, 2, 9, 6, mid_goal, Style::Text);
        g.text(10, 1, "年度目标", Style::Label);
        g.merged_text(10, 2, 10, 6, &card.goal, Style::Text);
        goal_label = (10, 1);
        row = 11;
    } else {
        g.text(9, 0, lab("总体目标", "总 体 目 标"), Style::Label);
        g.text(9, 1, lab("年度目标", "年 度 目 标"), Style::Label);
        g.merged_text(9, 2, 9, 6, &card.goal, Style::Text);
        goal_label = (9, 1);
        row += 1;
    }
    row += card.blank_rows;

    let header = row;
    g.text(header, 0, "绩效指标", Style::Label);
    for (c, h) in ["一级指标", "二级指标", "三级指标", "指标值", "指标解释"]
        .iter()
        .enumerate()
    {
        g.text(header, 1 + c as u16, h, Style::Header);
    }
    if !repeated {
        g.merge(header, 5, header, 6);
    }

    let first = header + 1;
    let mut inds = Vec::new();
    let last;
    if card.untouched {
        last = first + 7;
        for r in first..=last {
            for c in 1..=6 {
                g.put(r, c, Val::Blank, Style::Text);
            }
            g.merge(r, 5, r, 6);
        }
    } else {
        let n = card.indicators.len() as u32;
        last = first + n - 1;
        for (k, ind) in card.indicators.iter().enumerate() {
            let r = first + k as u32;
            g.text(r, 1, &with_suffix(ind.l1), Style::Text);
            let l2 = if repeated {
                ind.l2.to_string()
            } else {
                with_suffix(ind.l2)
            };
            g.text(r, 2, &l2, Style::Text);
            g.text(r, 3, &ind.name, Style::Text);
            g.text_or_blank(r, 4, &ind.value, Style::Text);
            g.text(r, 5, &ind.explain, Style::Text);
            if !repeated {
                g.merge(r, 5, r, 6);
            }
            inds.push(((r, 3), (r, 4)));
        }
        if !repeated {
            merge_levels(&mut g, &card.indicators, first, 1);
        }
    }
    if !repeated {
        g.merge(header, 0, last, 0);
    }
    footer(
        &mut g,
        last + if repeated { 2 } else { 1 },
        &card.contact,
        &card.phone,
        date,
    );

    let anchors = Anchors {
        code_value: (2, 5),
        total_value,
        other_value,
        goal_label,
        l1_header: (header, 1),
        inds,
    };
    (g, anchors)
}

/// Merges the level-1 column and the level-2 column (`col + 1`) down over their groups,
/// blanking the repeated names inside a group.
fn merge_levels(g: &mut Grid, inds: &[Indicator], first: u32, col: u16) {
    let l1: Vec<&str> = inds.iter().map(|i| i.l1).collect();
    let l2: Vec<(&str, &str)> = inds.iter().map(|i| (i.l1, i.l2)).collect();
    for (keys_col, groups) in [(col, runs(&l1)), (col + 1, runs(&l2))] {
        for (a, b) in groups {
            for k in a + 1..=b {
                g.put(first + k as u32, keys_col, Val::Blank, Style::Text);
            }
            g.merge(first + a as u32, keys_col, first + b as u32, keys_col);
        }
    }
}

/// The Shenzhen import layout: labels with a trailing colon, a fixed skeleton of level-2
/// rows with `不适用` where a level does not apply.
fn shenzhen(sheet: &str, card: &ProjectCard) -> (Grid, Anchors) {
    let ws = |s: &str, tail: &str| {
        if card.trailing_ws && !s.is_empty() {
            format!("{s}{tail}")
        } else {
            s.to_string()
        }
    };
    let mut g = Grid::new(sheet, &[18.0, 14.0, 30.0, 18.0, 44.0]);
    g.merged_text(0, 0, 0, 4, TITLE_SZ, Style::Title);
    let pair = |g: &mut Grid, row: u32, left: &str, right: &str, right_val: &str| {
        g.text(row, 0, left, Style::Label);
        g.merge(row, 1, row, 2);
        g.text(row, 3, right, Style::Label);
        g.text(row, 4, right_val, Style::Text);
    };
    pair(&mut g, 1, "项目编码：", "项目名称：", &card.name);
    code(&mut g, 1, 1, &card.code);
    pair(&mut g, 2, "申请单位：", "一级预算单位：", &card.dept_name);
    g.text(2, 1, &card.unit_name, Style::Text);
    pair(&mut g, 3, "实施期限：", "项目类型：", &card.category);
    g.text(3, 1, &card.years.to_string(), Style::Text);
    pair(&mut g, 4, "是否新增项目：", "分配方式：", "项目法");
    g.text(4, 1, if card.is_new { "是" } else { "否" }, Style::Text);
    g.text(5, 0, "项目总金额（中期规划，万元）：", Style::Label);
    if let Some(mid) = &card.mid {
        amount(&mut g, 5, 1, &mid.total);
    }
    g.merge(5, 1, 5, 2);
    g.text(5, 3, "本年度项目金额（万元）：", Style::Label);
    amount(&mut g, 5, 4, &card.money.total);
    let long_goal = format!(
        "通过持续实施{}，巩固工作成效，更好地服务辖区群众。",
        card.name
    );
    for (row, label, text) in [
        (6, "政策依据：", ws(&card.basis, "")),
        (7, "测算依据：", ws(&card.calc, "\t\t\t\n")),
        (8, "年度目标：", ws(&card.goal, "\t\t\t\n")),
        (
            9,
            "长期目标（跨度多年的项目需填）：",
            ws(&long_goal, "\t\t\t\n"),
        ),
    ] {
        g.text(row, 0, label, Style::Label);
        g.merged_text(row, 1, row, 4, &text, Style::Text);
    }
    for (c, h) in ["一级指标", "二级指标", "三级指标", "目标值", "指标解释"]
        .iter()
        .enumerate()
    {
        g.text(10, c as u16, h, Style::Header);
    }

    let mut inds = vec![((0, 0), (0, 0)); card.indicators.len()];
    let mut row = 11;
    for (l1, l2s) in LEVELS {
        let l1_first = row;
        for l2 in *l2s {
            let l2_first = row;
            let mine: Vec<usize> = (0..card.indicators.len())
                .filter(|&k| card.indicators[k].l2 == *l2)
                .collect();
            if mine.is_empty() {
                for c in 2..=4 {
                    g.text(row, c, &ws("不适用", "\n"), Style::Text);
                }
                row += 1;
            }
            for k in mine {
                let ind = &card.indicators[k];
                g.text(row, 2, &ws(&ind.name, "\n"), Style::Text);
                g.text_or_blank(row, 3, &ws(&ind.value, "\n"), Style::Text);
                g.text(row, 4, &ws(&ind.explain, "\n"), Style::Text);
                inds[k] = ((row, 2), (row, 3));
                row += 1;
            }
            g.text(l2_first, 1, l2, Style::Text);
            g.merge(l2_first, 1, row - 1, 1);
        }
        g.text(l1_first, 0, l1, Style::Text);
        g.merge(l1_first, 0, row - 1, 0);
    }
    g.text(
        row,
        0,
        "备注：作为导入模板，置灰信息无需录入，作为导出模板，置灰信息系统自动带出。",
        Style::Plain,
    );

    let anchors = Anchors {
        code_value: (1, 1),
        total_value: (5, 4),
        other_value: (5, 4),
        goal_label: (8, 0),
        l1_header: (10, 0),
        inds,
    };
    (g, anchors)
}

/// The unit-wide card (部门（单位）整体支出绩效目标申报表). Returns the grid and the cell of
/// the 金额合计 总额.
pub fn overall_card(sheet: &str, card: &OverallCard) -> (Grid, Pos) {
    overall_card_dated(sheet, card, FILL_DATE)
}

/// The unit-wide card with `date` as its 填报日期.
pub fn overall_card_dated(sheet: &str, card: &OverallCard, date: &str) -> (Grid, Pos) {
    let mut g = Grid::new(sheet, &[16.0, 22.0, 36.0, 16.0, 14.0, 14.0]);
    g.merged_text(0, 0, 0, 5, TITLE_OVERALL, Style::Title);
    g.merged_text(1, 0, 1, 5, YEAR_LINE, Style::Subtitle);
    g.text(2, 0, "部门（单位）名称", Style::Label);
    g.merged_text(2, 1, 2, 5, &card.unit_name, Style::Text);

    g.merged_text(3, 1, 4, 1, "任务名称", Style::Header);
    g.merged_text(3, 2, 4, 2, "主要内容", Style::Header);
    g.merged_text(3, 3, 3, 5, "预算申请（万元）", Style::Header);
    for (c, h) in ["总额", "财政拨款", "其他资金"].iter().enumerate() {
        g.text(4, 3 + c as u16, h, Style::Header);
    }
    let mut row = 5;
    for t in &card.tasks {
        g.text(row, 1, &t.name, Style::Text);
        g.text(row, 2, &t.content, Style::Text);
        g.num(row, 3, wan(t.total));
        g.num(row, 4, wan(t.fiscal));
        g.num(row, 5, wan(t.other));
        row += 1;
    }
    let sum_row = row;
    g.merged_text(sum_row, 1, sum_row, 2, "金额合计", Style::Label);
    let total: i64 = card.tasks.iter().map(|t| t.total).sum();
    g.num(sum_row, 3, wan(card.wrong_sum.unwrap_or(total)));
    g.num(sum_row, 4, wan(card.tasks.iter().map(|t| t.fiscal).sum()));
    g.num(sum_row, 5, wan(card.tasks.iter().map(|t| t.other).sum()));
    g.merged_text(3, 0, sum_row, 0, "年度主要任务", Style::Label);

    g.text(sum_row + 1, 0, "年度总体目标", Style::Label);
    g.merged_text(sum_row + 1, 1, sum_row + 1, 5, &card.goal, Style::Text);

    let header = sum_row + 2;
    g.text(header, 0, "年度绩效指标", Style::Label);
    for (c, h) in ["一级指标", "二级指标", "三级指标", "指标值"]
        .iter()
        .enumerate()
    {
        g.text(header, 1 + c as u16, h, Style::Header);
    }
    g.merge(header, 4, header, 5);
    let first = header + 1;
    let four = card.indicators.iter().any(|i| i.l1 == "投入");
    for (k, ind) in card.indicators.iter().enumerate() {
        let r = first + k as u32;
        let (l1, l2) = if four {
            (ind.l1.to_string(), ind.l2.to_string())
        } else {
            (with_suffix(ind.l1), with_suffix(ind.l2))
        };
        g.text(r, 1, &l1, Style::Text);
        g.text(r, 2, &l2, Style::Text);
        g.text(r, 3, &ind.name, Style::Text);
        g.text(r, 4, &ind.value, Style::Text);
        g.merge(r, 4, r, 5);
    }
    let last = first + card.indicators.len() as u32 - 1;
    if card.merged {
        merge_levels(&mut g, &card.indicators, first, 1);
        g.merge(header, 0, last, 0);
    }
    footer(&mut g, last + 1, &card.contact, &card.phone, date);
    (g, (sum_row, 3))
}

/// The instructions sheet a bureau's template carries; readers skip it.
pub fn instructions(sheet: &str) -> Grid {
    let mut g = Grid::new(sheet, &[90.0]);
    for (r, line) in data::INSTRUCTIONS.iter().enumerate() {
        let style = if r == 0 { Style::Title } else { Style::Plain };
        g.text(r as u32, 0, line, style);
    }
    g
}
