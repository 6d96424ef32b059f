//! The sample district (see `../shared/SAMPLE-DISTRICT.md`): a deterministic generator of the
//! roster, the 2024 budget project list, the target-stage workbooks units hand in, the budget
//! system's execution export and the monitoring returns (1-7月), with a manifest per stage of
//! the mistakes planted in them.
//!
//! The roster, the budget list and the target stage stand alone: their workbooks are drawn by
//! the generator's own writers. The monitoring stage uses the `jixiao` library for one thing:
//! most units hand in jixiao's own monitoring template (`jixiao::template`), which the generator
//! builds as the bureau would send it and then fills in as a unit would. Every expected finding
//! is still worked out here from the generator's own data, never by running jixiao. The module
//! can be included in tests with
//! `#[path = "../examples/sample_district/mod.rs"] mod sample_district;`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

mod cards;
mod data;
mod grid;
mod keyeval;
mod layout;
mod monitor;
mod monitor_layout;
mod monitor_template;
mod ods;
mod rng;
mod round2;
mod screening;
mod selfeval;
mod selfeval_layout;
mod selfeval_template;
mod tables;
mod targets;
mod world;
mod xls;
mod xlsx;

/// The one seed of the district; change it and every name, amount and mistake moves.
pub const SEED: u64 = 2024_0118;

/// `targets/manifest.json` and `monitor/manifest.json`: the mistakes planted in a stage, and
/// what was written. The monitoring fields are left out of the target manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub stage: String,
    pub year: u32,
    /// the N of `1-N月` (monitoring)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// round two of a stage (the corrected returns); all of it left out of a round-one manifest
    #[serde(flatten)]
    pub resubmission: Resubmission,
    pub planted: Vec<Planted>,
    /// monitoring: the expected rows of `监控预警`
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<Alert>,
    /// monitoring: every card with an expected surplus (the rows of `收回建议`)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub surplus: Vec<Surplus>,
    /// monitoring: the units of the execution export more than 15 points behind time progress
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub units_behind: Vec<UnitBehind>,
    /// self-evaluation: every card's stated and recomputed total and grade
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<ScoreEntry>,
    #[serde(default)]
    pub summary: Summary,
}

/// `targets-round2/manifest.json`: the corrected returns of round two, read together with
/// round one's folder. Files are named relative to the folder they are in (`targets/` or
/// `targets-round2/`); no name is in both. `planted` (in [`Manifest`]) is every finding round two
/// gives: the `open` ones at their round-two cells and the `new` ones.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resubmission {
    /// 2 for the corrected returns
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<u32>,
    /// the folder of the round before (`targets`)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// round-one findings (as in the round-one manifest) that round two no longer gives
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed: Vec<Planted>,
    /// round-one findings still given, each with where it is now
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub open: Vec<Followed>,
    /// findings round one did not give
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new: Vec<Planted>,
    /// every card (and every unreadable file, with empty sheets) a later return replaces
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<Replaced>,
    /// round-one cards the corrected returns no longer hold
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withdrawn: Vec<CardRef>,
    /// cards round one did not have
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<CardRef>,
    /// corrected returns per name marker (`修改版`, `更正`, `重报`, `v2`)
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files_by_marker: BTreeMap<String, usize>,
}

/// A round-one finding still open in round two: `file`, `sheet`, `cell` where round two gives
/// it, `previous_*` where round one gave it; `what` as round two finds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Followed {
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub rule: String,
    pub severity: String,
    pub what: String,
    pub previous_file: String,
    pub previous_sheet: String,
    pub previous_cell: String,
}

/// A card handed in again: the earlier `old_*` is replaced by the later `new_*`; `order` is what
/// makes the new one later: `填报日期` (both cards carry one and the new one is later) or
/// `名称标记` (same 填报日期, or a card without one: the marker in the file name). An unreadable
/// round-one file replaced by a proper workbook has empty sheets and empty codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Replaced {
    pub old_file: String,
    pub old_sheet: String,
    pub new_file: String,
    pub new_sheet: String,
    pub order: String,
    pub unit_code: String,
    /// empty for a unit-wide card
    pub project_code: String,
}

/// A card: its file and sheet, unit, project (code and name; empty for a unit-wide card).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardRef {
    pub file: String,
    pub sheet: String,
    pub unit_code: String,
    pub project_code: String,
    pub project_name: String,
}

/// A self-evaluation card's scores: `project_code` is empty for a unit-wide card; totals are
/// 2-decimal strings; `grade` is the grade of the recomputed total (优 ≥ 90, 良 ≥ 80, 中 ≥ 60,
/// 差), `stated_grade` the one the 评价结论 states; `budget` is the card's 全年预算数 (万元, empty
/// on a unit-wide card); `review`: the card belongs in `评分复核` (stated total more than 0.5
/// from the recomputed one, or stated grade ≠ recomputed grade).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreEntry {
    pub file: String,
    pub sheet: String,
    pub unit_code: String,
    pub project_code: String,
    pub stated_total: String,
    pub recomputed_total: String,
    pub stated_grade: String,
    pub grade: String,
    pub budget: String,
    pub review: bool,
}

/// An expected row of the monitoring workbook's `监控预警`. `type` is `执行进度滞后`,
/// `完成目标可能性：完全不可能`, `完成目标可能性：有可能` or `执行率与金额不符`; `cell` is the
/// J02 / J01 cell for those rules, the ticked cell of the indicator row for a judgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alert {
    pub file: String,
    pub sheet: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub cell: String,
    pub project_code: String,
}

/// A card whose 全年预计执行数 is below its budget: amounts in 万元 as exact 2-decimal strings;
/// `reason` is what the card says (empty for a planted J06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Surplus {
    pub file: String,
    pub sheet: String,
    pub unit_code: String,
    pub project_code: String,
    pub budget: String,
    pub forecast: String,
    pub surplus: String,
    pub reason: String,
}

/// A unit of the execution export behind time progress: 调整后预算数, 1-N月执行数 (万元, 2
/// decimals), 执行率 (percent, 2 decimals) and the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitBehind {
    pub file: String,
    pub unit_code: String,
    pub unit_name: String,
    pub budget: String,
    pub executed: String,
    pub rate: String,
}

/// One expected finding: `file` is relative to the stage's folder (`targets/`, `monitor/`); `sheet` and `cell` are
/// empty for file-level findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Planted {
    pub file: String,
    pub sheet: String,
    pub cell: String,
    pub rule: String,
    pub severity: String,
    pub what: String,
}

/// Counts of what the generator wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub roster_units: usize,
    pub units_with_projects: usize,
    pub budget_projects: usize,
    /// projects meeting the ex-ante thresholds (新增 > 50万元, 延续 up > 20%)
    pub ex_ante_projects: usize,
    pub units_handing_in: usize,
    pub overall_cards: usize,
    /// project cards, one per project of the units handing in (the resubmitted copy not counted)
    pub project_cards: usize,
    /// project cards handed in a second time
    pub duplicate_cards: usize,
    /// project cards carrying a planted mistake
    pub planted_on_cards: usize,
    /// project cards per layout: `N-merged`, `N-repeated`, `SZ` (targets); `jixiao-template`,
    /// `national-export`, `national-xls` (monitoring)
    pub cards_by_layout: BTreeMap<String, usize>,
    /// every file in the stage's folder but the manifest, sorted by path
    pub files: Vec<FileEntry>,
}

/// A file of a stage's folder. `kind`: `workbook`, `corrupt` (a truncated zip), `html`
/// (a web page named .xls), `lock` (an Office owner file `~$…`) or `junk` (`.DS_Store`) in
/// `targets/`; `template` (a filled jixiao template), `export` (the central system's export,
/// .xlsx) or `xls` (the national card as .xls) in `monitor/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub kind: String,
}

impl FileEntry {
    fn new(path: &str, kind: &str) -> FileEntry {
        FileEntry {
            path: path.to_string(),
            kind: kind.to_string(),
        }
    }
}

/// Writes the sample district into `dir` (see [`generate_all`]) and returns the target
/// manifest.
#[allow(dead_code)]
pub fn generate(dir: &Path) -> io::Result<Manifest> {
    generate_all(dir).map(|(targets, _, _, _)| targets)
}

/// Writes the sample district into `dir`: `roster.xlsx`, `budget-2024.xlsx`, `targets/` (the
/// returned workbooks and `manifest.json`), `execution-2024-07.xlsx` and `monitor/` (the
/// monitoring returns and `manifest.json`), `self-eval/` (the self-evaluation returns and
/// `manifest.json`), `key-eval-2024.xlsx` and `targets-round2/` (the corrected target returns
/// of round two and `manifest.json`). `targets/`, `monitor/`, `self-eval/` and
/// `targets-round2/` are emptied first. Returns the target, the monitoring, the self-evaluation
/// and the round-two target manifests.
pub fn generate_all(dir: &Path) -> io::Result<(Manifest, Manifest, Manifest, Manifest)> {
    let rng = rng::Rng::new(SEED);
    let world = world::build(&rng);
    fs::create_dir_all(dir)?;
    tables::write_roster(&dir.join("roster.xlsx"), &world)?;
    tables::write_budget(&dir.join("budget-2024.xlsx"), &world)?;

    let targets_dir = dir.join("targets");
    if targets_dir.exists() {
        fs::remove_dir_all(&targets_dir)?;
    }
    fs::create_dir_all(&targets_dir)?;
    let written = targets::write(&targets_dir, &world, &rng)?;
    let manifest = Manifest {
        stage: "target".to_string(),
        year: 2024,
        month: None,
        resubmission: Resubmission::default(),
        planted: written.planted.clone(),
        alerts: Vec::new(),
        surplus: Vec::new(),
        units_behind: Vec::new(),
        scores: Vec::new(),
        summary: written.summary.clone(),
    };
    let json = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    fs::write(targets_dir.join("manifest.json"), json + "\n")?;

    let units_behind = monitor::write_execution(dir, &world, &written, &rng)?;
    let monitor_dir = dir.join("monitor");
    if monitor_dir.exists() {
        fs::remove_dir_all(&monitor_dir)?;
    }
    fs::create_dir_all(&monitor_dir)?;
    let mut monitoring = monitor::write(&monitor_dir, &world, &written, &rng)?;
    monitoring.units_behind = units_behind;
    let json = serde_json::to_string_pretty(&monitoring).map_err(io::Error::other)?;
    fs::write(monitor_dir.join("manifest.json"), json + "\n")?;

    let self_dir = dir.join("self-eval");
    if self_dir.exists() {
        fs::remove_dir_all(&self_dir)?;
    }
    fs::create_dir_all(&self_dir)?;
    let self_eval = selfeval::write(&self_dir, &world, &written, &rng)?;
    let json = serde_json::to_string_pretty(&self_eval).map_err(io::Error::other)?;
    fs::write(self_dir.join("manifest.json"), json + "\n")?;
    keyeval::write(dir, &world)?;

    let round2_dir = dir.join("targets-round2");
    if round2_dir.exists() {
        fs::remove_dir_all(&round2_dir)?;
    }
    fs::create_dir_all(&round2_dir)?;
    let round2 = round2::write(&round2_dir, &world, &written, &rng)?;
    let json = serde_json::to_string_pretty(&round2).map_err(io::Error::other)?;
    fs::write(round2_dir.join("manifest.json"), json + "\n")?;
    screening::write(dir, &world)?;
    Ok((manifest, monitoring, self_eval, round2))
}

/// Reads a manifest written by `generate`.
#[allow(dead_code)]
pub fn read_manifest(targets_dir: &Path) -> io::Result<Manifest> {
    let text = fs::read_to_string(targets_dir.join("manifest.json"))?;
    serde_json::from_str(&text).map_err(io::Error::other)
}
