//! What each unit writes on its cards: clean content drawn from the pools, then the planted
//! mistakes, each on its own card.

use super::data::{self, IndDef, Kind};
use super::rng::Rng;
use super::world::{Cents, Project, Unit, World};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Layout {
    /// national card, level names merged down
    NMerged,
    /// national card, level names repeated on every row, spaced labels
    NRepeated,
    /// Shenzhen import layout (二级项目支出绩效目标申报表)
    Sz,
}

impl Layout {
    pub fn label(self) -> &'static str {
        match self {
            Layout::NMerged => "N-merged",
            Layout::NRepeated => "N-repeated",
            Layout::Sz => "SZ",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Indicator {
    pub l1: &'static str,
    pub l2: &'static str,
    pub name: String,
    pub value: String,
    pub explain: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    Num(f64),
    /// a number typed as text, e.g. `'24.68`
    Text(String),
    Blank,
}

#[derive(Debug, Clone)]
pub struct Money {
    pub total: Amount,
    pub fiscal: Amount,
    pub carried: Amount,
    pub other: Amount,
}

#[derive(Debug, Clone)]
pub enum Code {
    Text(String),
    /// a code typed into a number cell (shown in scientific notation)
    Num(f64),
}

/// A planted mistake. The indicator ones carry the index of the indicator they touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plant {
    M01,
    M02,
    M03,
    M04,
    I03,
    I05,
    I08(usize),
    I09(usize),
    I10(usize),
    I12(usize),
    S02,
    S06,
    S07,
}

impl Plant {
    pub fn rule(self) -> &'static str {
        match self {
            Plant::M01 => "M01",
            Plant::M02 => "M02",
            Plant::M03 => "M03",
            Plant::M04 => "M04",
            Plant::I03 => "I03",
            Plant::I05 => "I05",
            Plant::I08(_) => "I08",
            Plant::I09(_) => "I09",
            Plant::I10(_) => "I10",
            Plant::I12(_) => "I12",
            Plant::S02 => "S02",
            Plant::S06 => "S06",
            Plant::S07 => "S07",
        }
    }

    pub fn severity(self) -> &'static str {
        match self {
            Plant::M04 | Plant::I08(_) | Plant::I09(_) | Plant::I10(_) => "警告",
            _ => "错误",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ProjectCard {
    pub project: usize,
    pub layout: Layout,
    pub name: String,
    pub code: Code,
    pub dept_name: String,
    pub dept_code: String,
    /// 实施单位 as written (the roster name, or one of its aliases)
    pub unit_name: String,
    pub is_new: bool,
    pub period: String,
    pub years: u32,
    pub category: String,
    pub money: Money,
    /// 中期资金 column (N-repeated) or 项目总金额 (SZ)
    pub mid: Option<Money>,
    pub goal: String,
    pub mid_goal: Option<String>,
    pub basis: String,
    pub calc: String,
    pub indicators: Vec<Indicator>,
    /// template returned as it came: no goal, no indicators
    pub untouched: bool,
    /// trailing `\n`/`\t` in some cells (SZ exports)
    pub trailing_ws: bool,
    /// blank rows above the indicator table (N-repeated)
    pub blank_rows: u32,
    pub contact: String,
    pub phone: String,
    pub plant: Option<Plant>,
    /// Chinese description of the planted mistake
    pub what: String,
}

#[derive(Debug, Clone)]
pub struct Task {
    pub name: String,
    pub content: String,
    pub total: Cents,
    pub fiscal: Cents,
    pub other: Cents,
}

#[derive(Debug, Clone)]
pub struct OverallCard {
    pub unit_name: String,
    pub tasks: Vec<Task>,
    /// a wrong 金额合计 总额 (planted O01)
    pub wrong_sum: Option<Cents>,
    pub goal: String,
    pub indicators: Vec<Indicator>,
    /// level names merged down (else repeated)
    pub merged: bool,
    pub contact: String,
    pub phone: String,
}

pub fn wan(c: Cents) -> f64 {
    c as f64 / 100.0
}

pub fn wan_text(c: Cents) -> String {
    format!("{}.{:02}", c / 100, (c % 100).abs())
}

/// Level-1 and level-2 order of a card's indicator table.
pub const LEVELS: &[(&str, &[&str])] = &[
    ("产出", &["数量", "质量", "时效", "成本"]),
    ("效益", &["经济效益", "社会效益", "生态效益", "可持续影响"]),
    ("满意度", &["服务对象满意度", "其他满意度"]),
];

fn level_rank(l1: &str, l2: &str) -> usize {
    for (i, (one, twos)) in LEVELS.iter().enumerate() {
        if *one == l1
            && let Some(j) = twos.iter().position(|t| *t == l2)
        {
            return i * 10 + j;
        }
    }
    99
}

fn l1_of(l2: &str) -> &'static str {
    for (one, twos) in LEVELS {
        if twos.contains(&l2) {
            return one;
        }
    }
    panic!("level-2 {l2} has no level-1")
}

/// Fills `{a-b}` with a number drawn from a..=b and `{amt}` with an amount in 万元.
pub fn render_value(r: &mut Rng, template: &str, amount: Cents) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = start + rest[start..].find('}').expect("unclosed {");
        let inner = &rest[start + 1..end];
        if inner == "amt" {
            out.push_str(&wan_text(amount));
        } else {
            let (a, b) = inner.split_once('-').expect("range a-b");
            let (a, b): (i64, i64) = (a.parse().unwrap(), b.parse().unwrap());
            let mut n = r.range(a, b);
            // round big counts as people do
            if n >= 1000 {
                n = n / 100 * 100;
            } else if n >= 100 {
                n = n / 10 * 10;
            }
            out.push_str(&n.to_string());
        }
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

fn explain(l1: &str, l2: &str, name: &str) -> String {
    match (l1, l2) {
        ("产出", "数量") => format!("反映{name}的完成情况"),
        ("产出", "质量") => format!("反映{name}的达标情况"),
        ("产出", "时效") => format!("反映{name}的及时程度"),
        ("产出", "成本") => "反映项目成本控制情况".to_string(),
        ("满意度", _) => "反映服务对象对项目实施的满意程度".to_string(),
        _ => format!("反映项目实施产生的{l2}"),
    }
}

fn indicator(r: &mut Rng, d: &IndDef, amount: Cents) -> Indicator {
    let l1 = l1_of(d.l2);
    Indicator {
        l1,
        l2: d.l2,
        name: d.name.to_string(),
        value: render_value(r, d.value, amount),
        explain: explain(l1, d.l2, d.name),
    }
}

fn draw(r: &mut Rng, pool: &[IndDef], lo: usize, hi: usize, amount: Cents) -> Vec<Indicator> {
    let k = r.range(lo as i64, hi.min(pool.len()) as i64) as usize;
    r.sample(pool.len(), k)
        .into_iter()
        .map(|i| indicator(r, &pool[i], amount))
        .collect()
}

/// A clean indicator set: 数量, 质量, 时效, usually 成本, 效益 and 满意度.
pub fn project_indicators(r: &mut Rng, kind: Kind, amount: Cents) -> Vec<Indicator> {
    let pool = data::pool_of(kind);
    let mut out = Vec::new();
    out.extend(draw(r, pool.quantity, 1, 2, amount));
    out.extend(draw(r, pool.quality, 1, 2, amount));
    out.extend(draw(r, pool.timeliness, 1, 1, amount));
    if r.chance(85) {
        out.extend(draw(r, pool.cost, 1, 1, amount));
    }
    out.extend(draw(r, pool.benefit, 1, 2, amount));
    out.extend(draw(r, pool.satisfaction, 1, 1, amount));
    sort_levels(&mut out);
    out
}

pub fn sort_levels(inds: &mut [Indicator]) {
    inds.sort_by_key(|i| level_rank(i.l1, i.l2));
}

/// Checks a clean card against the rules it must pass, so a pool edit cannot plant a
/// mistake by accident.
pub fn assert_clean(card: &ProjectCard) {
    let inds = &card.indicators;
    let has = |l2: &str| inds.iter().any(|i| i.l2 == l2);
    assert!(
        has("数量") && (has("质量") || has("时效")),
        "{}: output levels",
        card.name
    );
    assert!(
        inds.iter().any(|i| i.l1 == "效益"),
        "{}: no benefit",
        card.name
    );
    assert!(
        inds.iter().any(|i| i.l1 == "满意度"),
        "{}: no satisfaction",
        card.name
    );
    for (n, i) in inds.iter().enumerate() {
        assert!(
            i.name.chars().count() < 15,
            "{}: long name {}",
            card.name,
            i.name
        );
        assert!(!i.value.is_empty(), "{}: empty value", card.name);
        assert!(
            inds[..n].iter().all(|j| j.name != i.name),
            "{}: duplicate {}",
            card.name,
            i.name
        );
    }
    assert!(!card.goal.is_empty());
}

fn plain_money(p: &Project, scale: i64) -> Money {
    let n = |c: Cents| Amount::Num(wan(c * scale));
    Money {
        total: n(p.amount),
        fiscal: n(p.fiscal()),
        carried: n(p.carried),
        other: n(p.other),
    }
}

fn money_from(total: Cents, fiscal: Cents, carried: Cents, other: Cents) -> Money {
    Money {
        total: Amount::Num(wan(total)),
        fiscal: Amount::Num(wan(fiscal)),
        carried: Amount::Num(wan(carried)),
        other: Amount::Num(wan(other)),
    }
}

fn scaled_mid(p: &Project, scale: i64) -> Money {
    let y = p.years as i64;
    let n = |c: Cents| Amount::Num(wan(c * y * scale));
    Money {
        total: n(p.amount),
        fiscal: n(p.fiscal()),
        carried: n(p.carried),
        other: n(p.other),
    }
}

/// Gives an N-repeated card the mid-term money column and goal.
pub fn add_mid_term(card: &mut ProjectCard, world: &World) {
    let p = &world.projects[card.project];
    card.mid = Some(scaled_mid(p, 1));
    card.mid_goal = Some(format!(
        "持续实施{}，建立长效保障机制，项目效益稳定发挥。",
        p.name
    ));
}

/// An amount typed as text the way people type it: `24.68`, `1,234.50`.
pub fn typed_text(c: Cents) -> String {
    let plain = wan_text(c);
    let (int, dec) = plain.split_once('.').expect("two decimals");
    let mut grouped = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    format!("{grouped}.{dec}")
}

fn period(r: &mut Rng, p: &Project) -> String {
    if p.years > 1 {
        "2023年1月-2025年12月".to_string()
    } else if r.chance(50) {
        "2024年1月-2024年12月".to_string()
    } else {
        "1年".to_string()
    }
}

/// The clean card of a project.
pub fn project_card(r: &mut Rng, world: &World, pi: usize, layout: Layout) -> ProjectCard {
    let p = &world.projects[pi];
    let unit: &Unit = &world.units[p.unit];
    let head = world.head_of(p.unit);
    let kind_goal = data::pool_of(p.def.kind).goal.replace("{p}", p.name);
    let indicators = project_indicators(r, p.def.kind, p.amount);
    let mid = match layout {
        Layout::NMerged => None,
        Layout::NRepeated if r.chance(40) => Some(scaled_mid(p, 1)),
        Layout::NRepeated => None,
        Layout::Sz => Some(scaled_mid(p, 1)),
    };
    let mid_goal = mid
        .as_ref()
        .filter(|_| layout == Layout::NRepeated)
        .map(|_| format!("持续实施{}，建立长效保障机制，项目效益稳定发挥。", p.name));
    let mut money = plain_money(p, 1);
    if layout == Layout::NRepeated && r.chance(50) {
        // zero parts left blank, as many units do
        for a in [&mut money.carried, &mut money.other] {
            if *a == Amount::Num(0.0) {
                *a = Amount::Blank;
            }
        }
    }
    ProjectCard {
        project: pi,
        layout,
        name: p.name.to_string(),
        code: Code::Text(p.code.clone()),
        dept_name: head.name().to_string(),
        dept_code: head.code().to_string(),
        unit_name: unit.name().to_string(),
        is_new: p.is_new,
        period: period(r, p),
        years: p.years,
        category: p.def.category.to_string(),
        money,
        mid,
        goal: kind_goal,
        mid_goal,
        basis: format!(
            "根据区委、区政府2024年度工作部署及{}工作职责安排。",
            unit.def.domain
        ),
        calc: format!(
            "按2024年度工作量和相关支出标准测算，共需资金{}万元。",
            wan_text(p.amount)
        ),
        indicators,
        untouched: false,
        trailing_ws: layout == Layout::Sz && r.chance(40),
        blank_rows: if layout == Layout::NRepeated {
            r.range(1, 2) as u32
        } else {
            0
        },
        contact: unit.contact.clone(),
        phone: unit.phone.clone(),
        plant: None,
        what: String::new(),
    }
}

/// Values that do not say how much; `(level-2 or "效益", value)`.
pub const UNQUANTIFIED: &[(&str, &str)] = &[
    ("质量", "及时"),
    ("数量", "100"),
    ("效益", "有效提升"),
    ("质量", "好"),
    ("效益", "逐步改善"),
    ("质量", "90"),
];

pub const LONG_NAMES: &[&str] = &[
    "项目实施后服务对象生活条件改善程度",
    "辖区群众对项目实施效果的综合评价情况",
];

/// Plants one mistake on a clean card. `variant` picks among the variants of a rule.
pub fn plant(card: &mut ProjectCard, world: &World, what: Plant, variant: usize) {
    let p = &world.projects[card.project];
    let find = |card: &ProjectCard, f: &dyn Fn(&Indicator) -> bool| {
        card.indicators
            .iter()
            .position(f)
            .expect("indicator to plant on")
    };
    let placed = match what {
        Plant::M01 => {
            let delta: Cents = [150, -200, 1000, 80, 500, -60][variant % 6];
            card.money = money_from(p.amount, p.fiscal() + delta, p.carried, p.other);
            card.what = format!(
                "年度资金总额{}万元，各项之和{}万元",
                wan_text(p.amount),
                wan_text(p.amount + delta)
            );
            what
        }
        Plant::M02 => {
            let neg: Cents = 300;
            card.money = money_from(p.amount, p.fiscal() + neg, p.carried, p.other - neg);
            card.what = format!("其他资金为负数（{}万元）", wan_text(p.other - neg));
            what
        }
        Plant::M03 => {
            card.money = plain_money(p, 10000);
            if card.mid.is_some() {
                card.mid = Some(scaled_mid(p, 10000));
            }
            card.what = format!(
                "金额以元填写：预算清单{}万元，表中{}",
                wan_text(p.amount),
                p.amount * 100
            );
            what
        }
        Plant::M04 => {
            let delta: Cents = [300, -250][variant % 2];
            let total = p.amount + delta;
            card.money = money_from(total, total - p.carried - p.other, p.carried, p.other);
            if let Some(mid) = &mut card.mid {
                mid.total = Amount::Num(wan(total * p.years as i64));
            }
            card.what = format!(
                "年度资金总额{}万元，预算清单{}万元",
                wan_text(total),
                wan_text(p.amount)
            );
            what
        }
        Plant::I03 => {
            card.indicators.retain(|i| i.l2 != "数量");
            ensure_quality_and_time(card);
            card.what = "缺少产出数量指标".to_string();
            what
        }
        Plant::I05 => {
            card.indicators.retain(|i| i.l1 != "效益");
            card.what = "缺少效益指标".to_string();
            what
        }
        Plant::I08(_) => {
            let at = card
                .indicators
                .iter()
                .position(|i| i.l2 == "社会效益")
                .unwrap_or_else(|| find(card, &|i| i.l1 == "效益"));
            let name = LONG_NAMES[variant % LONG_NAMES.len()];
            card.indicators[at].name = name.to_string();
            card.indicators[at].value = "≥90%".to_string();
            card.what = format!("三级指标名称{}个字：{}", name.chars().count(), name);
            Plant::I08(at)
        }
        Plant::I09(_) => {
            let (level, value) = UNQUANTIFIED[variant % UNQUANTIFIED.len()];
            let at = find(card, &|i| i.l2 == level || i.l1 == level);
            card.indicators[at].value = value.to_string();
            card.what = format!("指标值未量化：“{value}”（{}）", card.indicators[at].name);
            Plant::I09(at)
        }
        Plant::I10(_) => {
            let at = find(card, &|i| i.l2 == "时效");
            card.indicators[at].value = "及时".to_string();
            card.what = format!("时效指标“{}”的指标值仅为“及时”", card.indicators[at].name);
            Plant::I10(at)
        }
        Plant::I12(_) => {
            let at = find(card, &|i| i.l2 == "质量");
            card.indicators[at].value = String::new();
            card.what = format!("三级指标“{}”未填指标值", card.indicators[at].name);
            Plant::I12(at)
        }
        Plant::S02 => {
            card.goal = String::new();
            card.mid_goal = None;
            card.what = "年度目标未填写".to_string();
            what
        }
        Plant::S06 => {
            card.untouched = true;
            card.goal = String::new();
            card.mid_goal = None;
            card.indicators.clear();
            card.period = String::new();
            card.what = "模板原样交回：未填年度目标和绩效指标".to_string();
            what
        }
        Plant::S07 => {
            let code = match &card.code {
                Code::Text(s) => s.clone(),
                Code::Num(_) => unreachable!(),
            };
            let f: f64 = code.parse().expect("digits");
            card.code = Code::Num(f);
            card.what = format!("项目编码{}以数值存储，显示为科学计数法", code);
            what
        }
    };
    card.plant = Some(placed);
}

/// After removing the 数量 rows a card must still have 质量 and 时效 and enough quantified rows.
fn ensure_quality_and_time(card: &mut ProjectCard) {
    let has = |l2: &str| card.indicators.iter().any(|i| i.l2 == l2);
    assert!(has("质量") && has("时效"));
}

/// The unit-wide card of a unit.
pub fn overall_card(
    r: &mut Rng,
    world: &World,
    ui: usize,
    merged: bool,
    four_levels: bool,
) -> OverallCard {
    let unit = &world.units[ui];
    let def = unit.def;
    // 基本支出: staff and running costs
    let basic: Cents = match (def.kind, def.domain) {
        ("事业", "医疗") => r.range(300000, 900000),
        ("事业", "教育") => r.range(80000, 350000),
        ("事业", _) => r.range(30000, 250000),
        ("群团", _) => r.range(8000, 40000),
        _ => r.range(40000, 300000),
    };
    let basic_other = if def.kind == "事业" && r.chance(60) {
        basic * r.range(10, 45) / 100
    } else {
        0
    };
    let mut tasks = Vec::new();
    let projects: Vec<&Project> = unit.projects.iter().map(|&i| &world.projects[i]).collect();
    if projects.is_empty() {
        let n = r.range(3, data::PLAIN_TASKS.len() as i64) as usize;
        let mut left = basic;
        for (k, (name, content)) in data::PLAIN_TASKS.iter().take(n).enumerate() {
            let total = if k + 1 == n {
                left
            } else {
                basic * [55, 20, 15][k] / 100
            };
            left -= total;
            tasks.push(Task {
                name: name.to_string(),
                content: content.to_string(),
                total,
                fiscal: total,
                other: 0,
            });
        }
    } else {
        tasks.push(Task {
            name: "保障机构正常运转".to_string(),
            content: "保障在职人员工资福利及日常办公运转".to_string(),
            total: basic,
            fiscal: basic - basic_other,
            other: basic_other,
        });
        let shown = if projects.len() > 5 {
            4
        } else {
            projects.len()
        };
        for p in &projects[..shown] {
            tasks.push(Task {
                name: p.name.to_string(),
                content: format!("实施{}，完成年度绩效目标", p.name),
                total: p.amount,
                fiscal: p.fiscal(),
                other: p.carried + p.other,
            });
        }
        if projects.len() > shown {
            let rest = &projects[shown..];
            tasks.push(Task {
                name: "其他专项业务".to_string(),
                content: format!("实施{}等{}个项目", rest[0].name, rest.len()),
                total: rest.iter().map(|p| p.amount).sum(),
                fiscal: rest.iter().map(|p| p.fiscal()).sum(),
                other: rest.iter().map(|p| p.carried + p.other).sum(),
            });
        }
    }

    let benefits = data::overall_benefits(def.domain);
    let total: Cents = tasks.iter().map(|t| t.total).sum();
    let mut inds = Vec::new();
    let mut push = |r: &mut Rng, l1: &'static str, l2: &'static str, name: &str, value: &str| {
        let l1s: &'static str = l1;
        inds.push(Indicator {
            l1: l1s,
            l2,
            name: name.to_string(),
            value: render_value(r, value, total),
            explain: String::new(),
        });
    };
    if four_levels {
        for &(l1, l2, name, value) in data::OVERALL_FOUR {
            if l1 == "效果" {
                let (bn, bv) = benefits[r.below(2)];
                push(r, "效果", "社会效益", bn, bv);
            }
            push(r, l1, l2, name, value);
        }
    } else {
        let out = data::OVERALL_OUTPUT;
        let keep = |r: &mut Rng, name: &str| -> bool {
            match name {
                "年度重点任务完成数" | "重点任务完成率" | "社会公众满意度" => {
                    true
                }
                "服务对象覆盖人数" => projects.is_empty() || r.chance(50),
                "项目验收合格率" => !projects.is_empty() && r.chance(50),
                "资金支付及时率" => r.chance(50),
                _ => r.chance(50),
            }
        };
        let mut has_time = false;
        for &(l1, l2, name, value) in out {
            if l1 == "效益" {
                let n = r.range(1, 2) as usize;
                for &(bn, bv) in benefits.iter().take(n) {
                    push(r, "效益", "社会效益", bn, bv);
                }
            }
            if l2 == "时效" {
                if has_time {
                    continue;
                }
                if name == "任务按期完成率" || keep(r, name) {
                    has_time = true;
                    push(r, l1, l2, name, value);
                }
                continue;
            }
            if keep(r, name) {
                push(r, l1, l2, name, value);
            }
            if name == "年度重点任务完成数" && !projects.is_empty() {
                push(
                    r,
                    "产出",
                    "数量",
                    "预算项目实施个数",
                    &format!("{}个", projects.len()),
                );
            }
        }
    }
    if !four_levels {
        sort_levels(&mut inds);
    }
    OverallCard {
        unit_name: unit.name().to_string(),
        tasks,
        wrong_sum: None,
        goal: format!(
            "全面履行{}职责，保障机构正常运转，{}提升公共服务质量和财政资金使用效益。",
            if def.domain == "综合" {
                "本单位"
            } else {
                def.domain
            },
            if projects.is_empty() {
                String::new()
            } else {
                format!("按计划实施{}个预算项目，", projects.len())
            }
        ),
        indicators: inds,
        merged,
        contact: unit.contact.clone(),
        phone: unit.phone.clone(),
    }
}
