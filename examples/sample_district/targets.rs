//! The target stage (绩效目标): who uses which layout, which cards carry a planted mistake,
//! how the cards are bundled into files, and the writing of those files.

use std::io;
use std::path::Path;

use super::cards::{self, Amount, Layout, OverallCard, Plant, ProjectCard};
use super::data;
use super::grid::{Grid, a1};
use super::layout::{self, Anchors};
use super::rng::Rng;
use super::world::{Cents, World};
use super::{FileEntry, Planted, Summary, ods, xls, xlsx};

/// How many units fill the N-repeated variant of the national card.
const N_REPEATED_UNITS: usize = 15;
/// How many units hand in two workbooks (`…_整体.xlsx`, `…_项目.xlsx`).
const SPLIT_UNITS: usize = 6;
/// How many workbooks keep the template's 填报说明 sheet.
const INSTRUCTION_UNITS: usize = 10;
/// How many unit-wide cards use the 投入/过程/产出/效果 framework.
const FOUR_LEVEL_UNITS: usize = 8;

/// The planted mistakes on project cards: rule, the layout of the card, variant.
const PLANTS: &[(Plant, Layout, usize)] = &[
    (Plant::M01, Layout::NRepeated, 0),
    (Plant::M01, Layout::NMerged, 1),
    (Plant::M01, Layout::NRepeated, 2),
    (Plant::M01, Layout::NMerged, 3),
    (Plant::M01, Layout::NRepeated, 4),
    (Plant::M01, Layout::NMerged, 5),
    (Plant::M03, Layout::NMerged, 0),
    (Plant::M03, Layout::NRepeated, 0),
    (Plant::M03, Layout::Sz, 0),
    (Plant::M03, Layout::NMerged, 0),
    (Plant::I05, Layout::NMerged, 0),
    (Plant::I05, Layout::NRepeated, 0),
    (Plant::I05, Layout::Sz, 0),
    (Plant::I05, Layout::NMerged, 0),
    (Plant::I05, Layout::NRepeated, 0),
    (Plant::I03, Layout::NMerged, 0),
    (Plant::I03, Layout::Sz, 0),
    (Plant::I09(0), Layout::NMerged, 0),
    (Plant::I09(0), Layout::NMerged, 1),
    (Plant::I09(0), Layout::NMerged, 2),
    (Plant::I09(0), Layout::NRepeated, 3),
    (Plant::I09(0), Layout::NRepeated, 4),
    (Plant::I09(0), Layout::Sz, 5),
    (Plant::I10(0), Layout::NMerged, 0),
    (Plant::I10(0), Layout::NRepeated, 0),
    (Plant::I08(0), Layout::NMerged, 0),
    (Plant::I08(0), Layout::Sz, 1),
    (Plant::I12(0), Layout::NMerged, 0),
    (Plant::I12(0), Layout::NRepeated, 0),
    (Plant::S02, Layout::NMerged, 0),
    (Plant::S02, Layout::Sz, 0),
    (Plant::S07, Layout::NMerged, 0),
    (Plant::S07, Layout::Sz, 0),
    (Plant::M02, Layout::NRepeated, 0),
    (Plant::M04, Layout::NMerged, 0),
    (Plant::M04, Layout::Sz, 1),
    (Plant::S06, Layout::NMerged, 0),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sheet {
    Instructions,
    Overall,
    Project(usize),
}

#[derive(Debug, Clone)]
pub struct FileSpec {
    pub name: String,
    pub format: Format,
    pub sheets: Vec<Sheet>,
}

/// Everything one unit hands in.
#[derive(Debug, Clone)]
pub struct UnitPlan {
    pub unit: usize,
    pub layout: Layout,
    pub overall: OverallCard,
    pub cards: Vec<ProjectCard>,
    pub files: Vec<FileSpec>,
    /// the project card handed in a second time, in a `（修改版）` workbook
    pub resubmitted: Option<usize>,
    /// per card carrying a planted mistake: its index and the card as it was before the
    /// mistake (what a corrected return hands in)
    pub clean: Vec<(usize, ProjectCard)>,
}

/// Units with a special part to play, each a different unit.
#[derive(Debug, Clone)]
pub struct Roles {
    pub xls: usize,
    pub ods: usize,
    pub resubmit: usize,
    pub corrupt: usize,
    pub html: usize,
    pub wrong_sum: usize,
    pub alias: usize,
}

pub fn sheet_name(card: &ProjectCard, k: usize) -> String {
    match card.layout {
        Layout::Sz => format!("{}.{}", k + 1, card.name)
            .chars()
            .take(31)
            .collect(),
        _ => {
            let short: String = card.name.chars().take(10).collect();
            format!("项目{}-{}", k + 1, short)
        }
    }
}

pub const OVERALL_SHEET: &str = "部门整体";
pub const INSTRUCTIONS_SHEET: &str = "填报说明";

/// Round one as the units handed it in, for the corrected returns of round two.
pub struct RoundOne {
    pub plans: Vec<UnitPlan>,
    pub roles: Roles,
}

pub struct Written {
    pub planted: Vec<Planted>,
    pub summary: Summary,
    /// every project card handed in (the resubmitted copy not repeated), for the later stages
    pub cards: Vec<ProjectCard>,
    /// per unit index: the basic expenditure (基本支出) of its unit-wide card, for units that
    /// handed one in
    pub basic: Vec<Option<Cents>>,
    pub round_one: RoundOne,
}

pub fn write(dir: &Path, world: &World, rng: &Rng) -> io::Result<Written> {
    let mut r = rng.fork(2);
    let district: Vec<usize> = (0..world.units.len())
        .filter(|&i| !world.units[i].is_town())
        .collect();
    let with_projects: Vec<usize> = district
        .iter()
        .copied()
        .filter(|&i| world.units[i].def.has_projects)
        .collect();

    // layouts
    let sz: Vec<usize> = with_projects
        .iter()
        .copied()
        .filter(|&i| data::SZ_UNITS.contains(&world.units[i].code()))
        .collect();
    let mut national: Vec<usize> = with_projects
        .iter()
        .copied()
        .filter(|i| !sz.contains(i))
        .collect();
    r.shuffle(&mut national);
    let repeated: Vec<usize> = national[..N_REPEATED_UNITS].to_vec();
    let mut merged: Vec<usize> = national[N_REPEATED_UNITS..].to_vec();
    let layout_of = |i: usize| {
        if sz.contains(&i) {
            Layout::Sz
        } else if repeated.contains(&i) {
            Layout::NRepeated
        } else {
            Layout::NMerged
        }
    };

    // special parts, taken off the merged list so no planted mistake lands on them
    let take = |merged: &mut Vec<usize>, ok: &dyn Fn(usize) -> bool| {
        let at = merged
            .iter()
            .position(|&i| ok(i))
            .expect("a unit for a role");
        merged.remove(at)
    };
    let mid_sized = |i: usize| (3..=5).contains(&world.units[i].projects.len());
    let roles = Roles {
        xls: take(&mut merged, &mid_sized),
        ods: take(&mut merged, &mid_sized),
        resubmit: take(&mut merged, &|_| true),
        corrupt: take(&mut merged, &|_| true),
        html: take(&mut merged, &|_| true),
        wrong_sum: take(&mut merged, &|_| true),
        alias: take(&mut merged, &|i| !world.units[i].def.alias.is_empty()),
    };

    // clean cards
    let four_levels = r.sample(district.len(), FOUR_LEVEL_UNITS);
    let mut plans: Vec<UnitPlan> = Vec::new();
    for (n, &ui) in district.iter().enumerate() {
        let layout = layout_of(ui);
        let overall = cards::overall_card(
            &mut r,
            world,
            ui,
            layout != Layout::NRepeated,
            four_levels.contains(&n),
        );
        let cards = world.units[ui]
            .projects
            .iter()
            .map(|&pi| cards::project_card(&mut r, world, pi, layout))
            .collect();
        plans.push(UnitPlan {
            unit: ui,
            layout,
            overall,
            cards,
            files: Vec::new(),
            resubmitted: None,
            clean: Vec::new(),
        });
    }
    let plan_of = |plans: &[UnitPlan], ui: usize| {
        plans
            .iter()
            .position(|p| p.unit == ui)
            .expect("unit hands in")
    };

    // planted mistakes, one unit each
    let mut pools = [merged.clone(), repeated.clone(), sz.clone()];
    for pool in &mut pools {
        r.shuffle(pool);
    }
    for &(what, layout, variant) in PLANTS {
        let pool = &mut pools[layout as usize];
        assert!(!pool.is_empty(), "no unit left for {}", what.rule());
        let ui = pool.remove(0);
        let at = plan_of(&plans, ui);
        let plan = &mut plans[at];
        let k = r.below(plan.cards.len());
        let card = &mut plan.cards[k];
        if what == Plant::M01 && layout == Layout::NRepeated && variant == 0 {
            // the annual total beside a mid-term column
            cards::add_mid_term(card, world);
        }
        let before = card.clone();
        cards::plant(card, world, what, variant);
        plan.clean.push((k, before));
    }
    for plan in &plans {
        for card in plan.cards.iter().filter(|c| c.plant.is_none()) {
            cards::assert_clean(card);
        }
    }

    // accepted oddities on clean cards: amounts typed as text, an alias as 实施单位
    for &ui in repeated.iter().take(3) {
        let at = plan_of(&plans, ui);
        let plan = &mut plans[at];
        if let Some(card) = plan.cards.iter_mut().find(|c| c.plant.is_none()) {
            let amount = world.projects[card.project].amount;
            card.money.total = Amount::Text(cards::typed_text(amount));
        }
    }
    {
        let at = plan_of(&plans, roles.alias);
        let plan = &mut plans[at];
        let alias = world.units[roles.alias]
            .def
            .alias
            .split(';')
            .next()
            .unwrap();
        plan.cards[0].unit_name = alias.to_string();
    }
    {
        let at = plan_of(&plans, roles.wrong_sum);
        let plan = &mut plans[at];
        let sum: i64 = plan.overall.tasks.iter().map(|t| t.total).sum();
        plan.overall.wrong_sum = Some(sum + 1000);
    }

    // files
    let mut plain: Vec<usize> = (0..plans.len())
        .filter(|&p| {
            let u = plans[p].unit;
            u != roles.xls && u != roles.ods && u != roles.corrupt && u != roles.resubmit
        })
        .collect();
    r.shuffle(&mut plain);
    let split: Vec<usize> = plain
        .iter()
        .copied()
        .filter(|&p| !plans[p].cards.is_empty())
        .take(SPLIT_UNITS)
        .collect();
    let with_instructions: Vec<usize> = plain
        .iter()
        .copied()
        .filter(|p| !split.contains(p))
        .take(INSTRUCTION_UNITS)
        .collect();
    for (p, plan) in plans.iter_mut().enumerate() {
        let unit = &world.units[plan.unit];
        let base = format!("{}_{}_2024年绩效目标申报表", unit.code(), unit.name());
        let projects: Vec<Sheet> = (0..plan.cards.len()).map(Sheet::Project).collect();
        if split.contains(&p) {
            plan.files.push(FileSpec {
                name: format!("{base}_整体.xlsx"),
                format: Format::Xlsx,
                sheets: vec![Sheet::Overall],
            });
            plan.files.push(FileSpec {
                name: format!("{base}_项目.xlsx"),
                format: Format::Xlsx,
                sheets: projects,
            });
            continue;
        }
        let mut sheets = Vec::new();
        let overall_last = r.chance(15);
        if !overall_last {
            sheets.push(Sheet::Overall);
        }
        sheets.extend(projects);
        if overall_last {
            sheets.push(Sheet::Overall);
        }
        if let Some(n) = with_instructions.iter().position(|&w| w == p) {
            if n % 2 == 0 {
                sheets.insert(0, Sheet::Instructions);
            } else {
                sheets.push(Sheet::Instructions);
            }
        }
        let (ext, format) = if plan.unit == roles.xls {
            ("xls", Format::Xls)
        } else if plan.unit == roles.ods {
            ("ods", Format::Ods)
        } else {
            ("xlsx", Format::Xlsx)
        };
        plan.files.push(FileSpec {
            name: format!("{base}.{ext}"),
            format,
            sheets,
        });
        if plan.unit == roles.resubmit {
            let k = r.below(plan.cards.len());
            plan.resubmitted = Some(k);
            // full-width brackets sort after `.xlsx`, so the copy is the later card
            plan.files.push(FileSpec {
                name: format!("{base}（修改版）.xlsx"),
                format: Format::Xlsx,
                sheets: vec![Sheet::Project(k)],
            });
        }
    }

    let mut planted = Vec::new();
    let mut files = Vec::new();
    for plan in &plans {
        let unit = &world.units[plan.unit];
        for spec in &plan.files {
            let mut grids = Vec::new();
            for sheet in &spec.sheets {
                let grid = sheet_grid(plan, *sheet, spec, &mut planted);
                grids.push(grid);
            }
            let bytes = match spec.format {
                Format::Xlsx => xlsx::workbook(&grids).map_err(io::Error::other)?,
                Format::Xls => xls::workbook(&grids)?,
                Format::Ods => ods::workbook(&grids)?,
            };
            std::fs::write(dir.join(&spec.name), &bytes)?;
            files.push(FileEntry::new(&spec.name, "workbook"));

            if plan.unit == roles.corrupt {
                let name = format!(
                    "{}_{}_2024年绩效目标申报表_备份.xlsx",
                    unit.code(),
                    unit.name()
                );
                std::fs::write(dir.join(&name), &bytes[..bytes.len() * 2 / 3])?;
                planted.push(file_finding(&name, "文件损坏（压缩包被截断），无法打开"));
                files.push(FileEntry::new(&name, "corrupt"));
            }
        }
        if plan.unit == roles.html {
            let name = format!("{}_{}_项目支出绩效目标表.xls", unit.code(), unit.name());
            std::fs::write(dir.join(&name), html_table(&plan.cards[0]))?;
            planted.push(file_finding(&name, "网页表格另存为.xls，不是工作簿"));
            files.push(FileEntry::new(&name, "html"));
        }
        if plan.unit == roles.alias {
            let name = format!(
                "~${}_{}_2024年绩效目标申报表.xlsx",
                unit.code(),
                unit.name()
            );
            std::fs::write(dir.join(&name), lock_file())?;
            files.push(FileEntry::new(&name, "lock"));
        }
    }
    std::fs::write(dir.join(".DS_Store"), ds_store())?;
    files.push(FileEntry::new(".DS_Store", "junk"));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    planted.sort_by(|a, b| (&a.file, &a.sheet, &a.cell).cmp(&(&b.file, &b.sheet, &b.cell)));

    let mut summary = Summary {
        roster_units: world.units.len(),
        units_with_projects: world.units.iter().filter(|u| u.def.has_projects).count(),
        budget_projects: world.projects.len(),
        ex_ante_projects: world.projects.iter().filter(|p| p.ex_ante).count(),
        units_handing_in: plans.len(),
        overall_cards: plans.len(),
        project_cards: plans.iter().map(|p| p.cards.len()).sum(),
        duplicate_cards: plans.iter().filter(|p| p.resubmitted.is_some()).count(),
        planted_on_cards: PLANTS.len(),
        ..Summary::default()
    };
    for plan in &plans {
        *summary
            .cards_by_layout
            .entry(plan.layout.label().to_string())
            .or_default() += plan.cards.len();
    }
    summary.files = files;
    let mut basic = vec![None; world.units.len()];
    for plan in &plans {
        basic[plan.unit] = Some(if world.units[plan.unit].projects.is_empty() {
            plan.overall.tasks.iter().map(|t| t.total).sum()
        } else {
            plan.overall.tasks[0].total
        });
    }
    let cards = plans.iter().flat_map(|p| p.cards.clone()).collect();
    Ok(Written {
        planted,
        summary,
        cards,
        basic,
        round_one: RoundOne { plans, roles },
    })
}

/// Draws one sheet and records the mistakes planted on it.
fn sheet_grid(plan: &UnitPlan, sheet: Sheet, spec: &FileSpec, planted: &mut Vec<Planted>) -> Grid {
    match sheet {
        Sheet::Instructions => {
            planted.push(Planted {
                file: spec.name.clone(),
                sheet: INSTRUCTIONS_SHEET.to_string(),
                cell: "A1".to_string(),
                rule: "S01".to_string(),
                severity: "提示".to_string(),
                what: "填报说明工作表，不是绩效表，已跳过".to_string(),
            });
            layout::instructions(INSTRUCTIONS_SHEET)
        }
        Sheet::Overall => {
            let (grid, sum_cell) = layout::overall_card(OVERALL_SHEET, &plan.overall);
            if plan.overall.wrong_sum.is_some() {
                planted.push(Planted {
                    file: spec.name.clone(),
                    sheet: OVERALL_SHEET.to_string(),
                    cell: a1(sum_cell),
                    rule: "O01".to_string(),
                    severity: "错误".to_string(),
                    what: "年度主要任务金额合计（总额）不等于各任务总额之和".to_string(),
                });
            }
            grid
        }
        Sheet::Project(k) => {
            let card = &plan.cards[k];
            let name = sheet_name(card, k);
            let (grid, anchors) = layout::project_card(&name, card);
            // A card handed in again in a `（修改版）` workbook replaces the first one: no
            // finding, the earlier card is listed in 已替换.
            let resubmission = spec.name.contains("（修改版）");
            if let (false, Some(what)) = (resubmission, card.plant) {
                planted.push(Planted {
                    file: spec.name.clone(),
                    sheet: name,
                    cell: a1(plant_cell(what, &anchors)),
                    rule: what.rule().to_string(),
                    severity: what.severity().to_string(),
                    what: card.what.clone(),
                });
            }
            grid
        }
    }
}

/// The cell a finding about `what` points at (docs/RULES.md).
pub fn plant_cell(what: Plant, a: &Anchors) -> (u32, u16) {
    match what {
        Plant::M01 | Plant::M03 | Plant::M04 => a.total_value,
        Plant::M02 => a.other_value,
        Plant::I03 | Plant::I05 => a.l1_header,
        Plant::I08(i) => a.inds[i].0,
        Plant::I09(i) | Plant::I10(i) | Plant::I12(i) => a.inds[i].1,
        Plant::S02 => a.goal_label,
        Plant::S06 => (0, 0),
        Plant::S07 => a.code_value,
    }
}

pub fn file_finding(name: &str, what: &str) -> Planted {
    Planted {
        file: name.to_string(),
        sheet: String::new(),
        cell: String::new(),
        rule: "F01".to_string(),
        severity: "错误".to_string(),
        what: what.to_string(),
    }
}

/// What a web export saved under an .xls name looks like.
fn html_table(card: &ProjectCard) -> String {
    let mut rows = vec![
        format!("<tr><td colspan=\"5\">{}</td></tr>", layout::TITLE_NATIONAL),
        format!("<tr><td>项目名称</td><td colspan=\"4\">{}</td></tr>", card.name),
        format!("<tr><td>实施单位</td><td colspan=\"4\">{}</td></tr>", card.unit_name),
        "<tr><td>一级指标</td><td>二级指标</td><td>三级指标</td><td>指标值</td><td>指标解释</td></tr>"
            .to_string(),
    ];
    for i in &card.indicators {
        rows.push(format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            i.l1, i.l2, i.name, i.value, i.explain
        ));
    }
    format!(
        "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n<table border=\"1\">\n{}\n</table>\n</body>\n</html>\n",
        layout::TITLE_NATIONAL,
        rows.join("\n")
    )
}

/// An Office owner file (`~$name.xlsx`): the user name, padded to 165 bytes.
fn lock_file() -> Vec<u8> {
    let user = "caiwu";
    let mut b = vec![user.len() as u8];
    b.extend_from_slice(user.as_bytes());
    b.resize(54, b' ');
    b.extend(user.encode_utf16().flat_map(|u| u.to_le_bytes()));
    b.resize(165, 0);
    b
}

/// The first bytes of a macOS Finder file.
fn ds_store() -> Vec<u8> {
    let mut b = vec![0, 0, 0, 1];
    b.extend_from_slice(b"Bud1");
    b.resize(64, 0);
    b
}
