//! Round two of the target stage: the corrected returns of the units the bureau told to fix
//! something, read together with round one's folder (`targets/` + `targets-round2/`).
//!
//! Most units with an error or a warning in round one hand the whole workbook in again under a
//! marked name (`（修改版）`, `_更正`, `重报`, `_v2`) with a later 填报日期 (two keep the old
//! one and rely on the marker). Most mistakes are fixed; a few are not or only partly (an M01
//! still off by another amount, an I09 and an M04 left as they were, a workbook whose 填报说明
//! stays while its mistake is fixed); one corrected card brings a new mistake; one unit withdraws
//! a card; 银江镇, which handed in nothing in round one, hands in one card. The unreadable files of
//! round one (a truncated zip, a web page named .xls) come back as proper workbooks.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use super::cards::{self, Layout, OverallCard, Plant, ProjectCard};
use super::data;
use super::grid::a1;
use super::layout::{self, FILL_DATE};
use super::rng::Rng;
use super::targets::{
    INSTRUCTIONS_SHEET, OVERALL_SHEET, Sheet, UnitPlan, Written, plant_cell, sheet_name,
};
use super::world::World;
use super::{CardRef, FileEntry, Followed, Manifest, Planted, Replaced, Resubmission, xlsx};

/// Units with a finding that do not hand in again: warning-only units that let it stand.
const STAYING_WARNING_UNITS: usize = 3;
/// The 填报日期 of the corrected returns.
const DATES: &[&str] = &["2024年2月5日", "2024年2月6日", "2024年2月7日"];
/// How many corrected returns keep round one's 填报日期 (the name marker decides).
const SAME_DATE_FILES: usize = 2;
/// Name markers but `（修改版）`, the most common one, and how many returns use each.
const MARKERS: &[(&str, usize)] = &[("更正", 5), ("重报", 4), ("v2", 3)];

/// A card of a unit: the project index, or `None` for the unit-wide card.
type CardKey = (usize, Option<usize>);

/// One corrected workbook.
struct Return {
    plan: usize,
    /// the round-one file it corrects
    old: String,
    name: String,
    marker: &'static str,
    date: &'static str,
    sheets: Vec<Sheet>,
}

/// Where a card is: file, sheet, whether it carries a 填报日期 and which.
#[derive(Clone)]
struct Place {
    file: String,
    sheet: String,
    date: Option<&'static str>,
}

fn marked(stem: &str, marker: &str) -> String {
    match marker {
        "修改版" => format!("{stem}（修改版）.xlsx"),
        "重报" => format!("{stem}重报.xlsx"),
        m => format!("{stem}_{m}.xlsx"),
    }
}

fn stem(name: &str) -> &str {
    name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name)
}

fn unit_code_of(file: &str) -> &str {
    file.trim_start_matches("~$")
        .split('_')
        .next()
        .unwrap_or("")
}

pub fn write(dir: &Path, world: &World, written: &Written, rng: &Rng) -> io::Result<Manifest> {
    let mut r = rng.fork(6);
    let plans = &written.round_one.plans;
    let roles = &written.round_one.roles;
    let round_one = &written.planted;
    let code_of = |p: usize| world.units[plans[p].unit].code();
    let serious = |p: &Planted| p.severity != "提示";

    // who was told to fix something, and who hands in again
    let flagged: Vec<usize> = (0..plans.len())
        .filter(|&p| {
            round_one
                .iter()
                .any(|f| serious(f) && unit_code_of(&f.file) == code_of(p))
        })
        .collect();
    let mut warning_only: Vec<usize> = flagged
        .iter()
        .copied()
        .filter(|&p| {
            round_one
                .iter()
                .filter(|f| serious(f) && unit_code_of(&f.file) == code_of(p))
                .all(|f| f.severity == "警告")
        })
        .collect();
    r.shuffle(&mut warning_only);
    let staying: Vec<usize> = warning_only[..STAYING_WARNING_UNITS].to_vec();
    let resubmitting: Vec<usize> = flagged
        .iter()
        .copied()
        .filter(|p| !staying.contains(p) && plans[*p].unit != roles.resubmit)
        .collect();

    // what each resubmitting unit hands in again
    let mut returns: Vec<Return> = Vec::new();
    for &p in &resubmitting {
        let plan = &plans[p];
        let unit = &world.units[plan.unit];
        for spec in &plan.files {
            if round_one.iter().any(|f| serious(f) && f.file == spec.name) {
                returns.push(Return {
                    plan: p,
                    old: spec.name.clone(),
                    name: String::new(),
                    marker: "",
                    date: "",
                    sheets: spec.sheets.clone(),
                });
            }
        }
        if plan.unit == roles.corrupt {
            returns.push(Return {
                plan: p,
                old: format!(
                    "{}_{}_2024年绩效目标申报表_备份.xlsx",
                    unit.code(),
                    unit.name()
                ),
                name: String::new(),
                marker: "",
                date: "",
                sheets: plan.files[0].sheets.clone(),
            });
        }
        if plan.unit == roles.html {
            returns.push(Return {
                plan: p,
                old: format!("{}_{}_项目支出绩效目标表.xls", unit.code(), unit.name()),
                name: String::new(),
                marker: "",
                date: "",
                sheets: vec![Sheet::Project(0)],
            });
        }
    }
    let mut order: Vec<usize> = (0..returns.len()).collect();
    r.shuffle(&mut order);
    let mut at = 0;
    for &(marker, n) in MARKERS {
        for &i in &order[at..at + n] {
            returns[i].marker = marker;
        }
        at += n;
    }
    for &i in &order[at..] {
        returns[i].marker = "修改版";
    }
    for ret in &mut returns {
        ret.name = marked(stem(&ret.old), ret.marker);
        ret.date = *r.pick(DATES);
    }
    // two returns keep round one's date: national cards whose old file was readable
    let mut same_date: Vec<usize> = (0..returns.len())
        .filter(|&i| {
            let plan = &plans[returns[i].plan];
            plan.layout != Layout::Sz
                && plan.unit != roles.corrupt
                && plan.unit != roles.html
                && plan.files.iter().any(|f| f.name == returns[i].old)
        })
        .collect();
    r.shuffle(&mut same_date);
    for &i in &same_date[..SAME_DATE_FILES] {
        returns[i].date = FILL_DATE;
    }

    // the corrected cards: fixed, but for a few
    let mut cards2: BTreeMap<usize, Vec<ProjectCard>> = BTreeMap::new();
    let mut overall2: BTreeMap<usize, OverallCard> = BTreeMap::new();
    for &p in &resubmitting {
        let plan = &plans[p];
        let mut cs = plan.cards.clone();
        for (k, clean) in &plan.clean {
            cs[*k] = clean.clone();
        }
        cards2.insert(p, cs);
        let mut o = plan.overall.clone();
        o.wrong_sum = None;
        overall2.insert(p, o);
    }
    let planted_on = |p: usize, f: &dyn Fn(&ProjectCard) -> bool| -> Option<usize> {
        plans[p]
            .clean
            .iter()
            .map(|(k, _)| *k)
            .find(|&k| f(&plans[p].cards[k]))
    };
    let mut shuffled = resubmitting.clone();
    r.shuffle(&mut shuffled);
    let mut special: BTreeSet<usize> = BTreeSet::new();
    // an M01 still off, by another amount
    let (p, k) = shuffled
        .iter()
        .find_map(|&p| {
            planted_on(p, &|c| {
                c.plant == Some(Plant::M01) && c.layout == Layout::NMerged
            })
            .map(|k| (p, k))
        })
        .expect("an M01 to leave open");
    special.insert(p);
    let before = plans[p].cards[k].what.clone();
    let card = (0..6)
        .map(|v| {
            let mut c = plans[p]
                .clean
                .iter()
                .find(|(j, _)| *j == k)
                .unwrap()
                .1
                .clone();
            cards::plant(&mut c, world, Plant::M01, v);
            c
        })
        .find(|c| c.what != before)
        .expect("another amount");
    cards2.get_mut(&p).unwrap()[k] = card;
    // an I09 and an M04 left as they were
    for rule in ["I09", "M04"] {
        let (p, k) = shuffled
            .iter()
            .filter(|p| !special.contains(p))
            .find_map(|&p| {
                planted_on(p, &|c| c.plant.is_some_and(|w| w.rule() == rule)).map(|k| (p, k))
            })
            .expect("a mistake to leave open");
        special.insert(p);
        cards2.get_mut(&p).unwrap()[k] = plans[p].cards[k].clone();
    }
    // a card withdrawn: a clean card of a national workbook with four cards or more
    let readable_return = |p: usize| {
        returns
            .iter()
            .any(|ret| ret.plan == p && plans[p].files.iter().any(|f| f.name == ret.old))
    };
    let clean_cards = |p: usize| -> Vec<usize> {
        (0..plans[p].cards.len())
            .filter(|k| plans[p].clean.iter().all(|(j, _)| j != k))
            .collect()
    };
    let withdrawn_at = shuffled
        .iter()
        .copied()
        .filter(|p| !special.contains(p) && readable_return(*p))
        .find(|&p| plans[p].cards.len() >= 4 && plans[p].layout != Layout::Sz)
        .map(|p| (p, *clean_cards(p).last().unwrap()))
        .expect("a unit to withdraw a card");
    special.insert(withdrawn_at.0);
    // one new mistake: a 质量 value left empty on a card that was clean
    let new_at = shuffled
        .iter()
        .copied()
        .filter(|p| !special.contains(p) && readable_return(*p))
        .find_map(|p| {
            clean_cards(p)
                .into_iter()
                .find(|&k| plans[p].cards[k].indicators.iter().any(|i| i.l2 == "质量"))
                .map(|k| (p, k))
        })
        .expect("a card for the new mistake");
    {
        let card = &mut cards2.get_mut(&new_at.0).unwrap()[new_at.1];
        cards::plant(card, world, Plant::I12(0), 0);
    }

    // where every round-one card is, in file order (a later copy after the first)
    let mut places: BTreeMap<CardKey, Vec<Place>> = BTreeMap::new();
    let mut card_at: BTreeMap<(String, String), CardKey> = BTreeMap::new();
    for plan in plans {
        for spec in &plan.files {
            for sheet in &spec.sheets {
                let (key, name, dated) = match sheet {
                    Sheet::Instructions => continue,
                    Sheet::Overall => ((plan.unit, None), OVERALL_SHEET.to_string(), true),
                    Sheet::Project(k) => {
                        let c = &plan.cards[*k];
                        (
                            (plan.unit, Some(c.project)),
                            sheet_name(c, *k),
                            c.layout != Layout::Sz,
                        )
                    }
                };
                card_at.insert((spec.name.clone(), name.clone()), key);
                places.entry(key).or_default().push(Place {
                    file: spec.name.clone(),
                    sheet: name,
                    date: dated.then_some(FILL_DATE),
                });
            }
        }
    }

    // write the corrected returns; note each finding by card and rule
    let mut files = Vec::new();
    let mut found: Vec<(Option<CardKey>, Planted)> = Vec::new();
    let mut replaced: Vec<Replaced> = Vec::new();
    let mut withdrawn: Vec<CardRef> = Vec::new();
    let mut superseded: BTreeSet<String> = BTreeSet::new();
    let mut new_places: BTreeMap<CardKey, Place> = BTreeMap::new();
    let project_code = |pi: usize| world.projects[pi].code.clone();
    for ret in &returns {
        let plan: &UnitPlan = &plans[ret.plan];
        let unit_code = world.units[plan.unit].code();
        superseded.insert(ret.old.clone());
        let cs = &cards2[&ret.plan];
        let overall = &overall2[&ret.plan];
        let mut grids = Vec::new();
        for sheet in &ret.sheets {
            let (key, name, dated) = match sheet {
                Sheet::Instructions => {
                    found.push((
                        None,
                        Planted {
                            file: ret.name.clone(),
                            sheet: INSTRUCTIONS_SHEET.to_string(),
                            cell: "A1".to_string(),
                            rule: "S01".to_string(),
                            severity: "提示".to_string(),
                            what: "填报说明工作表，不是绩效表，已跳过".to_string(),
                        },
                    ));
                    grids.push(layout::instructions(INSTRUCTIONS_SHEET));
                    continue;
                }
                Sheet::Overall => {
                    let (grid, _) = layout::overall_card_dated(OVERALL_SHEET, overall, ret.date);
                    grids.push(grid);
                    ((plan.unit, None), OVERALL_SHEET.to_string(), true)
                }
                Sheet::Project(k) => {
                    let card = &cs[*k];
                    let name = sheet_name(card, *k);
                    if (ret.plan, *k) == withdrawn_at {
                        withdrawn.push(CardRef {
                            file: ret.old.clone(),
                            sheet: name,
                            unit_code: unit_code.to_string(),
                            project_code: project_code(card.project),
                            project_name: card.name.clone(),
                        });
                        continue;
                    }
                    let (grid, anchors) = layout::project_card_dated(&name, card, ret.date);
                    grids.push(grid);
                    let key = (plan.unit, Some(card.project));
                    if let Some(what) = card.plant {
                        found.push((
                            Some(key),
                            Planted {
                                file: ret.name.clone(),
                                sheet: name.clone(),
                                cell: a1(plant_cell(what, &anchors)),
                                rule: what.rule().to_string(),
                                severity: what.severity().to_string(),
                                what: card.what.clone(),
                            },
                        ));
                    }
                    (key, name, card.layout != Layout::Sz)
                }
            };
            let date = dated.then_some(ret.date);
            for old in places.get(&key).into_iter().flatten() {
                let order = match (old.date, date) {
                    (Some(a), Some(b)) if a != b => "填报日期",
                    _ => "名称标记",
                };
                replaced.push(Replaced {
                    old_file: old.file.clone(),
                    old_sheet: old.sheet.clone(),
                    new_file: ret.name.clone(),
                    new_sheet: name.clone(),
                    order: order.to_string(),
                    unit_code: unit_code.to_string(),
                    project_code: key.1.map(project_code).unwrap_or_default(),
                });
            }
            new_places.insert(
                key,
                Place {
                    file: ret.name.clone(),
                    sheet: name,
                    date,
                },
            );
        }
        if !plan.files.iter().any(|f| f.name == ret.old) {
            // an unreadable file of round one, back as a workbook
            replaced.push(Replaced {
                old_file: ret.old.clone(),
                old_sheet: String::new(),
                new_file: ret.name.clone(),
                new_sheet: String::new(),
                order: "名称标记".to_string(),
                unit_code: unit_code.to_string(),
                project_code: String::new(),
            });
        }
        let bytes = xlsx::workbook(&grids).map_err(io::Error::other)?;
        std::fs::write(dir.join(&ret.name), &bytes)?;
        files.push(FileEntry::new(&ret.name, "workbook"));
    }
    // round one's own resubmitted copy replaces the first card, by its name marker
    for plan in plans {
        if let Some(k) = plan.resubmitted {
            let key = (plan.unit, Some(plan.cards[k].project));
            if new_places.contains_key(&key) {
                continue;
            }
            let at = &places[&key];
            replaced.push(Replaced {
                old_file: at[0].file.clone(),
                old_sheet: at[0].sheet.clone(),
                new_file: at[1].file.clone(),
                new_sheet: at[1].sheet.clone(),
                order: "名称标记".to_string(),
                unit_code: world.units[plan.unit].code().to_string(),
                project_code: project_code(plan.cards[k].project),
            });
        }
    }

    // 银江镇 hands in a card for one of its projects, missing in round one
    let town = (0..world.units.len())
        .find(|&i| world.units[i].def.code == data::TOWN_CODE)
        .expect("the town");
    let pi = world.units[town].projects[0];
    let card = cards::project_card(&mut r, world, pi, Layout::NMerged);
    cards::assert_clean(&card);
    let town_file = format!(
        "{}_{}_2024年绩效目标申报表.xlsx",
        world.units[town].code(),
        world.units[town].name()
    );
    let town_sheet = sheet_name(&card, 0);
    let (grid, _) = layout::project_card_dated(&town_sheet, &card, DATES[0]);
    std::fs::write(
        dir.join(&town_file),
        xlsx::workbook(&[grid]).map_err(io::Error::other)?,
    )?;
    files.push(FileEntry::new(&town_file, "workbook"));
    let added = vec![CardRef {
        file: town_file.clone(),
        sheet: town_sheet,
        unit_code: world.units[town].code().to_string(),
        project_code: project_code(pi),
        project_name: card.name.clone(),
    }];

    // round one's findings: fixed or open; round two's: open or new
    let mut fixed = Vec::new();
    let mut open = Vec::new();
    let mut matched: BTreeSet<usize> = BTreeSet::new();
    for f in round_one {
        let gone_file = superseded.contains(&f.file);
        if f.rule == "S05" || (f.rule == "F01" && gone_file) {
            // a copy handed in again replaces the first; an unreadable file is back readable
            fixed.push(f.clone());
            continue;
        }
        if !gone_file {
            open.push(follow(f, f));
            continue;
        }
        let key = card_at.get(&(f.file.clone(), f.sheet.clone())).copied();
        let ret_name = returns
            .iter()
            .find(|ret| ret.old == f.file)
            .map(|ret| ret.name.clone())
            .unwrap_or_default();
        let now = found.iter().position(|(k, g)| {
            *k == key && g.rule == f.rule && (key.is_some() || g.file == ret_name)
        });
        match now {
            Some(i) => {
                matched.insert(i);
                open.push(follow(&found[i].1, f));
            }
            None => fixed.push(f.clone()),
        }
    }
    let new: Vec<Planted> = (0..found.len())
        .filter(|i| !matched.contains(i))
        .map(|i| found[i].1.clone())
        .collect();
    assert_eq!(new.len(), 1, "exactly one new finding: {new:?}");
    let mut planted: Vec<Planted> = open
        .iter()
        .map(|o| Planted {
            file: o.file.clone(),
            sheet: o.sheet.clone(),
            cell: o.cell.clone(),
            rule: o.rule.clone(),
            severity: o.severity.clone(),
            what: o.what.clone(),
        })
        .chain(new.iter().cloned())
        .collect();
    let by_place = |a: &Planted, b: &Planted| {
        (&a.file, &a.sheet, &a.cell, &a.rule).cmp(&(&b.file, &b.sheet, &b.cell, &b.rule))
    };
    planted.sort_by(by_place);
    fixed.sort_by(by_place);
    open.sort_by(|a, b| (&a.file, &a.sheet, &a.cell).cmp(&(&b.file, &b.sheet, &b.cell)));
    replaced.sort_by(|a, b| {
        (&a.old_file, &a.old_sheet, &a.new_file).cmp(&(&b.old_file, &b.old_sheet, &b.new_file))
    });
    files.sort_by(|a, b| a.path.cmp(&b.path));

    let mut files_by_marker: BTreeMap<String, usize> = BTreeMap::new();
    for ret in &returns {
        *files_by_marker.entry(ret.marker.to_string()).or_default() += 1;
    }
    let mut summary = written.summary.clone();
    let units: BTreeSet<&str> = files.iter().map(|f| unit_code_of(&f.path)).collect();
    summary.units_handing_in = units.len();
    summary.overall_cards = returns
        .iter()
        .filter(|r| r.sheets.contains(&Sheet::Overall))
        .count();
    summary.cards_by_layout = BTreeMap::new();
    summary.project_cards = 0;
    for ret in &returns {
        for s in &ret.sheets {
            if let Sheet::Project(k) = s
                && (ret.plan, *k) != withdrawn_at
            {
                summary.project_cards += 1;
                *summary
                    .cards_by_layout
                    .entry(plans[ret.plan].layout.label().to_string())
                    .or_default() += 1;
            }
        }
    }
    summary.project_cards += 1;
    *summary
        .cards_by_layout
        .entry(Layout::NMerged.label().to_string())
        .or_default() += 1;
    summary.duplicate_cards = 0;
    summary.planted_on_cards = found.iter().filter(|(k, _)| k.is_some()).count();
    summary.files = files;
    Ok(Manifest {
        stage: "target".to_string(),
        year: 2024,
        month: None,
        resubmission: Resubmission {
            round: Some(2),
            previous: Some("targets".to_string()),
            fixed,
            open,
            new,
            replaced,
            withdrawn,
            added,
            files_by_marker,
        },
        planted,
        alerts: Vec::new(),
        surplus: Vec::new(),
        units_behind: Vec::new(),
        scores: Vec::new(),
        summary,
    })
}

/// `now` (where round two gives it) following `was` (where round one gave it).
fn follow(now: &Planted, was: &Planted) -> Followed {
    Followed {
        file: now.file.clone(),
        sheet: now.sheet.clone(),
        cell: now.cell.clone(),
        rule: now.rule.clone(),
        severity: now.severity.clone(),
        what: now.what.clone(),
        previous_file: was.file.clone(),
        previous_sheet: was.sheet.clone(),
        previous_cell: was.cell.clone(),
    }
}
