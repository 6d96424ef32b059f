//! The district as the finance bureau knows it: the roster and the 2024 budget project list.

use super::data::{self, ProjectDef, Size, UnitDef};
use super::rng::Rng;

/// Money in cents of 万元 (0.01万元), so sums are exact.
pub type Cents = i64;

pub struct Unit {
    pub def: &'static UnitDef,
    /// index of the unit heading its department (itself for a head)
    pub head: usize,
    pub contact: String,
    pub phone: String,
    pub email: String,
    /// indices into `World::projects`, in code order
    pub projects: Vec<usize>,
}

#[allow(dead_code)]
impl Unit {
    pub fn code(&self) -> &'static str {
        self.def.code
    }
    pub fn name(&self) -> &'static str {
        self.def.name
    }
    pub fn is_town(&self) -> bool {
        self.def.code == data::TOWN_CODE
    }
}

pub struct Project {
    pub unit: usize,
    pub code: String,
    pub name: &'static str,
    pub def: &'static ProjectDef,
    /// 项目属性 新增 (true) / 延续
    pub is_new: bool,
    /// 本年预算数
    pub amount: Cents,
    /// 上年预算数 (延续 only)
    pub previous: Option<Cents>,
    /// 上年结转资金 and 其他资金 within `amount`; 财政拨款 is the rest
    pub carried: Cents,
    pub other: Cents,
    /// years of the project period (1 for a one-year project)
    pub years: u32,
    /// meets the ex-ante thresholds (新增 > 50万元, or 延续 up more than 20%)
    pub ex_ante: bool,
}

#[allow(dead_code)]
impl Project {
    pub fn fiscal(&self) -> Cents {
        self.amount - self.carried - self.other
    }
}

pub struct World {
    pub units: Vec<Unit>,
    pub projects: Vec<Project>,
}

#[allow(dead_code)]
impl World {
    pub fn head_of(&self, unit: usize) -> &Unit {
        &self.units[self.units[unit].head]
    }
}

/// How many projects in the budget meet the ex-ante thresholds.
pub const EX_ANTE_COUNT: usize = 8;

/// Units on the Shenzhen-style budget system use its long (20-digit) project codes.
pub fn long_codes(unit: &UnitDef) -> bool {
    data::SZ_UNITS.contains(&unit.code)
}

pub fn build(rng: &Rng) -> World {
    let mut r = rng.fork(1);
    let mut units: Vec<Unit> = Vec::new();
    for (idx, def) in data::UNITS.iter().enumerate() {
        let prefix = &def.code[..3];
        let head = data::UNITS
            .iter()
            .position(|d| d.code[..3] == *prefix && d.code.ends_with("001"))
            .unwrap_or(idx);
        let contact = format!("{}{}", r.pick(data::SURNAMES), r.pick(data::GIVEN_NAMES));
        let phone = format!("0831-{}", r.range(2100000, 2899999));
        units.push(Unit {
            def,
            head,
            contact,
            phone,
            email: format!("{}_{}@example.gov.cn", def.mail, def.code),
            projects: Vec::new(),
        });
    }

    let mut projects: Vec<Project> = Vec::new();
    for (ui, unit) in units.iter_mut().enumerate() {
        if !unit.def.has_projects {
            continue;
        }
        let own = data::projects_of(unit.def.pool);
        let general = data::projects_of(data::Pool::General);
        let is_head = unit.def.code.ends_with("001");
        let count = match unit.def.pool {
            data::Pool::Town => 4,
            data::Pool::Street => r.range(5, 7),
            data::Pool::General if is_head => r.range(3, 6),
            _ if is_head => r.range(5, 8),
            _ => r.range(3, 5),
        } as usize;
        // fund-budget and capital-budget projects are few; a unit that has one lists it
        let mut defs: Vec<&'static ProjectDef> = own
            .iter()
            .filter(|d| d.budget != data::GENERAL_BUDGET)
            .take(count)
            .collect();
        let general_own: Vec<&'static ProjectDef> = own
            .iter()
            .filter(|d| d.budget == data::GENERAL_BUDGET)
            .collect();
        let wanted = count - defs.len();
        for i in r.sample(general_own.len(), wanted) {
            defs.push(general_own[i]);
        }
        // a unit whose own list is short tops up with everyday projects
        if defs.len() < count {
            for i in r.sample(general.len(), general.len()) {
                if defs.len() == count {
                    break;
                }
                if !defs.iter().any(|d| d.name == general[i].name) {
                    defs.push(&general[i]);
                }
            }
        }
        for (seq, def) in defs.into_iter().enumerate() {
            let seq = seq + 1;
            let code = if long_codes(unit.def) {
                format!("4403062024{}0{:03}", unit.def.code, seq)
            } else {
                format!("2024{}{:03}", unit.def.code, seq)
            };
            let p = new_project(&mut r, ui, code, def, unit.def);
            unit.projects.push(projects.len());
            projects.push(p);
        }
    }

    pick_ex_ante(&mut r, &units, &mut projects);
    World { units, projects }
}

fn draw_amount(r: &mut Rng, size: Size) -> Cents {
    match size {
        Size::S => r.range(500, 5000),
        Size::M => r.range(2000, 30000),
        Size::L => r.range(10000, 80000),
        Size::H => r.range(100000, 300000),
    }
}

fn new_project(
    r: &mut Rng,
    unit: usize,
    code: String,
    def: &'static ProjectDef,
    ud: &UnitDef,
) -> Project {
    let new_percent = match def.size {
        Size::S | Size::M => 25,
        Size::L => 10,
        Size::H => 0,
    };
    let is_new = r.chance(new_percent);
    let (amount, previous) = if is_new {
        // below the ex-ante threshold of 50万元
        (r.range(500, 5000), None)
    } else {
        let amount = draw_amount(r, def.size);
        // growth between -20% and +18%: never above the +20% threshold
        let growth = r.range(80, 118);
        let mut previous = (amount * 100 + growth / 2) / growth;
        while amount * 10 > previous * 12 {
            previous += 1;
        }
        (amount, Some(previous))
    };
    let carried = if !is_new && r.chance(20) {
        amount * r.range(5, 30) / 100
    } else {
        0
    };
    let other = if ud.kind == "事业" && r.chance(30) {
        amount * r.range(10, 40) / 100
    } else {
        0
    };
    let years = if is_new || r.chance(60) { 1 } else { 3 };
    Project {
        unit,
        code,
        name: def.name,
        def,
        is_new,
        amount,
        previous,
        carried,
        other,
        years,
        ex_ante: false,
    }
}

/// Makes exactly `EX_ANTE_COUNT` projects meet the thresholds: five new projects over 50万元
/// and three continuing ones up by more than 20%. Every other project stays below both.
fn pick_ex_ante(r: &mut Rng, units: &[Unit], projects: &mut [Project]) {
    let candidates: Vec<usize> = (0..projects.len())
        .filter(|&i| {
            let p = &projects[i];
            !units[p.unit].is_town() && matches!(p.def.size, Size::M | Size::L)
        })
        .collect();
    let chosen = r.sample(candidates.len(), EX_ANTE_COUNT);
    for (n, ci) in chosen.into_iter().enumerate() {
        let p = &mut projects[candidates[ci]];
        p.ex_ante = true;
        if n < 5 {
            p.is_new = true;
            p.amount = r.range(6000, 60000);
            p.previous = None;
            p.carried = 0;
            p.years = 1;
        } else {
            p.is_new = false;
            let previous = r.range(5000, 40000);
            p.amount = previous * r.range(130, 180) / 100;
            p.previous = Some(previous);
        }
        p.other = p.other.min(p.amount / 4);
        p.carried = p.carried.min(p.amount / 4);
    }
    let meets = projects
        .iter()
        .filter(|p| match p.previous {
            None => p.amount > 5000,
            Some(prev) => p.amount * 10 > prev * 12,
        })
        .count();
    assert_eq!(
        meets, EX_ANTE_COUNT,
        "ex-ante thresholds met by the wrong number of projects"
    );
}
