//! The sample district (see `../shared/SAMPLE-DISTRICT.md`): a deterministic generator of the
//! roster, the 2024 budget project list and the target-stage workbooks units hand in, with a
//! manifest of the mistakes planted in them.
//!
//! This module stands alone (it does not use the `jixiao` library) so it can be included in
//! tests with `#[path = "../examples/sample_district/mod.rs"] mod sample_district;`.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

mod cards;
mod data;
mod grid;
mod layout;
mod ods;
mod rng;
mod tables;
mod targets;
mod world;
mod xls;
mod xlsx;

/// The one seed of the district; change it and every name, amount and mistake moves.
pub const SEED: u64 = 2024_0118;

/// `targets/manifest.json`: the mistakes planted in the target stage, and what was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub stage: String,
    pub year: u32,
    pub planted: Vec<Planted>,
    #[serde(default)]
    pub summary: Summary,
}

/// One expected finding: `file` is relative to the targets folder; `sheet` and `cell` are
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
    /// project cards per layout: `N-merged`, `N-repeated`, `SZ`
    pub cards_by_layout: BTreeMap<String, usize>,
    /// every file in the targets folder but the manifest, sorted by path
    pub files: Vec<FileEntry>,
}

/// A file of the targets folder. `kind`: `workbook`, `corrupt` (a truncated zip), `html`
/// (a web page named .xls), `lock` (an Office owner file `~$…`) or `junk` (`.DS_Store`).
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

/// Writes the sample district into `dir`: `roster.xlsx`, `budget-2024.xlsx` and
/// `targets/` (the returned workbooks and `manifest.json`). `targets/` is emptied first.
pub fn generate(dir: &Path) -> io::Result<Manifest> {
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
        planted: written.planted,
        summary: written.summary,
    };
    let json = serde_json::to_string_pretty(&manifest).map_err(io::Error::other)?;
    fs::write(targets_dir.join("manifest.json"), json + "\n")?;
    Ok(manifest)
}

/// Reads a manifest written by `generate`.
#[allow(dead_code)]
pub fn read_manifest(targets_dir: &Path) -> io::Result<Manifest> {
    let text = fs::read_to_string(targets_dir.join("manifest.json"))?;
    serde_json::from_str(&text).map_err(io::Error::other)
}
