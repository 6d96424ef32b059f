//! Reading a batch of returned workbooks: in parallel, each file isolated, then the checks that
//! need the whole batch (units, budget list, duplicates).

use crate::card::{Card, Source};
use crate::cellref::CellRef;
use crate::config::Config;
use crate::finding::{CardId, FileId, Finding, Findings, Name, Names, Rule, Severity, Tally};
use crate::forms::{Field, Stage};
use crate::meta::{Declared, TemplateMeta, read_meta};
use crate::read::extract::{classify, classify_by_structure, extract};
use crate::read::label::name_key;
use crate::read::workbook::{InputFile, OpenError, read_sheets};
use crate::registry::{Budget, Roster};
use crate::rules;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// What the clerk expects of a batch: the stage (`None`: the stage of the cards found), the
/// budget year when known, and whether resubmissions nothing else orders go by the files'
/// modification times (`--prefer newer`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Expect {
    pub stage: Option<Stage>,
    pub year: Option<i32>,
    pub prefer_newer: bool,
    /// Only findings and counts are wanted (`validate`, `coverage`): a card lets go of its tables
    /// and amounts once it is checked and identified, so that a city's batch fits in memory.
    pub findings_only: bool,
}

/// A card handed in again replaces the earlier one: by what, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Replaced {
    /// The entry that replaced it; `None` when the corrected file no longer holds the card.
    pub by: Option<usize>,
    /// What ordered the two: `填报日期 …`, `名称标记“修改版”`, `文件修改时间`, or why it is gone.
    pub basis: String,
}

/// A card with what the batch learned about it.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Boxed: a city's batch moves and sorts its entries, not the cards.
    pub card: Box<Card>,
    /// Shared with the unit's other cards and their findings.
    pub unit_code: Name,
    pub unit_name: Name,
    pub department: Name,
    /// Matched by the roster (false: 名册外, or no roster given).
    pub in_roster: bool,
    /// Index into the budget list.
    pub budget: Option<usize>,
    pub untouched: bool,
    /// A later copy of a card already handed in, with nothing to say which of the two holds.
    pub duplicate: bool,
    /// Replaced by a later resubmission: neither counted nor reported.
    pub replaced: Option<Replaced>,
    /// Its amounts were written in 元 in 万元 columns (M03): counted divided by 10,000.
    pub in_yuan: bool,
    pub tally: Tally,
    /// The declared indicators the card's jixiao template carried (monitoring, self-evaluation).
    pub declared: Option<Vec<Declared>>,
}

/// A sheet that is not a card: listed, never silently dropped.
#[derive(Clone, Debug)]
pub struct Skipped {
    pub file: String,
    pub sheet: String,
}

impl Entry {
    /// Whether the card counts in the stage's figures: not a duplicate, not an untouched
    /// template, not replaced by a resubmission.
    pub fn counts(&self) -> bool {
        !self.duplicate && !self.untouched && self.replaced.is_none()
    }

    /// Why a card does not count, if it does not (`计入合计` of 项目汇总).
    pub fn not_counted_because(&self) -> Option<&'static str> {
        if self.replaced.is_some() {
            Some("已被更正文件替换")
        } else if self.duplicate {
            Some("重复报送")
        } else if self.untouched {
            Some("空表")
        } else {
            None
        }
    }
}

/// A file that could not be read and that a later, corrected file of the same name replaces.
#[derive(Clone, Debug)]
pub struct ReplacedFile {
    pub file: String,
    pub by: String,
    pub basis: String,
}

#[derive(Debug, Default)]
pub struct Batch {
    /// The stage the batch was read for (asked for, or the stage of its cards).
    pub stage: Stage,
    pub files: usize,
    pub entries: Vec<Entry>,
    pub findings: Findings,
    pub skipped: Vec<Skipped>,
    /// Files that gave a file-level finding, with the unit their name points to (if any).
    pub bad_files: Vec<String>,
    /// Unreadable files that a corrected file of the same name replaced.
    pub replaced_files: Vec<ReplacedFile>,
    /// What became of each file (by [`FileId`]): read, failed, or the bureau's own (skipped).
    pub outcomes: Vec<Outcome>,
}

/// What became of one file of a batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Opened and its sheets read (whether or not it held a card).
    Read,
    /// Could not be opened or read at all (F01, F02, F04, F06): one finding names it.
    Failed,
    /// The bureau's own file (S11): read, found not to be a unit's return, skipped.
    Own,
}

/// The files of a run: found = read + skipped + failed, always.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FileCounts {
    /// Every file in the folders and files given.
    pub found: usize,
    /// Read as returned forms.
    pub read: usize,
    /// Not read as returned forms: not workbooks, lock files, the bureau's own files.
    pub skipped: usize,
    /// Could not be opened or read; each is a finding naming it.
    pub failed: usize,
}

impl FileCounts {
    pub fn adds_up(&self) -> bool {
        self.found == self.read + self.skipped + self.failed
    }
}

impl Batch {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }

    /// The files of the run, given the files skipped before the batch was read (not
    /// workbooks, the roster and other inputs found in the folders).
    pub fn counts(&self, skipped_before: usize) -> FileCounts {
        let n = |o: Outcome| self.outcomes.iter().filter(|x| **x == o).count();
        FileCounts {
            found: self.files + skipped_before,
            read: n(Outcome::Read),
            skipped: skipped_before + n(Outcome::Own),
            failed: n(Outcome::Failed),
        }
    }

    /// Whether a unit handed in a file that could not be read (found by the 单位编码 its name
    /// starts with).
    pub fn sent_unreadable(&self, unit_code: &str) -> bool {
        !unit_code.is_empty() && self.bad_files.iter().any(|f| file_code(f) == unit_code)
    }

    pub fn projects(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| !e.card.kind.is_unit_wide())
    }

    /// Adds findings made after the batch was read (a stage's cross-checks): each gets its
    /// card's unit and project and counts on its card, and the list is sorted again.
    pub fn add_findings(&mut self, findings: Vec<Finding>, roster: Option<&Roster>) {
        if findings.is_empty() {
            return;
        }
        self.findings.add(findings);
        for e in &mut self.entries {
            e.tally = Tally::default();
        }
        attach(self, roster);
    }
}

/// The batch holds cards of more than one stage and no stage was asked for.
#[derive(Debug)]
pub struct MixedStages(pub Vec<(Stage, usize)>);

impl std::fmt::Display for MixedStages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(s, n)| format!("{}表 {n} 张", s.name()))
            .collect();
        write!(
            f,
            "报回的表属于不同阶段（{}）：请用 `--stage target|monitor|self-eval` 指明本次收集的阶段",
            parts.join("、")
        )
    }
}

impl std::error::Error for MixedStages {}

/// A card as read, before the checks of its stage.
struct ReadCard {
    card: Box<Card>,
    /// The title cell when the card was recognised by its structure (S10).
    untitled: Option<CellRef>,
    /// The template's metadata, and whether the card's input cells are all still empty.
    template: Option<(Arc<TemplateMeta>, bool)>,
    /// Formulas of the sheet saved without their result that were read as blank (S12).
    uncalculated: Vec<(CellRef, String)>,
}

struct FileResult {
    cards: Vec<ReadCard>,
    findings: Vec<Finding>,
    skipped: Vec<Skipped>,
    outcome: Outcome,
}

/// Reads one file: its cards, and the findings about the file itself (stage-independent).
/// A fault planted by a test (`JIXIAO_TEST_PANIC` = a file's or a sheet's name) to see that it
/// stays isolated: a file or a card fails alone, the run goes on.
fn planted_fault(name: &str) {
    static PLANTED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let planted = PLANTED.get_or_init(|| std::env::var("JIXIAO_TEST_PANIC").ok());
    if planted.as_deref() == Some(name) {
        panic!("planted fault in {name}");
    }
}

/// A file whose reading failed inside jixiao itself: one finding, the run goes on.
fn crashed(id: FileId, file: &InputFile) -> FileResult {
    FileResult {
        cards: Vec::new(),
        findings: vec![Finding::in_file(
            Rule::FileCrashed,
            id,
            &file.display,
            "",
            None,
            "读取此文件时程序内部出错（已隔离，其他文件照常读取）：请把这份文件发给软件维护人员",
        )],
        skipped: Vec::new(),
        outcome: Outcome::Failed,
    }
}

fn read_file(id: FileId, file: &InputFile) -> FileResult {
    planted_fault(&file.display);
    let mut out = FileResult {
        cards: Vec::new(),
        findings: Vec::new(),
        skipped: Vec::new(),
        outcome: Outcome::Failed,
    };
    if file.odd_name {
        out.findings.push(Finding::in_file(
            Rule::FileNameEncoding,
            id,
            &file.display,
            "",
            None,
            format!("文件名不是 UTF-8 编码（多见于在中文 Windows 上打包、在别处解压的文件），这里显示为“{}”：建议把文件改名，以免其他程序找不到它", file.display),
        ));
    }
    if let Some(why) = &file.problem {
        out.findings.push(Finding::in_file(
            Rule::FileInaccessible,
            id,
            &file.display,
            "",
            None,
            why.clone(),
        ));
        return out;
    }
    match &file.key {
        Some(key) => crate::read::workbook::note_input_key(key.clone()),
        None => crate::read::workbook::note_input(&file.path),
    }
    let result = crate::messages::catch_quietly(|| read_sheets(&file.path));
    let grids = match result {
        Ok(Ok(book)) => {
            // A damaged sheet is one finding; the workbook's other sheets are read.
            for (sheet, why) in &book.broken {
                out.findings.push(Finding::in_file(
                    Rule::SheetUnreadable,
                    id,
                    &file.display,
                    sheet,
                    None,
                    format!("工作表“{sheet}”已损坏，无法读取（{why}）：请在 Excel/WPS 中打开该工作表检查后重新报送"),
                ));
            }
            book.grids
        }
        Ok(Err(OpenError::Empty)) => {
            out.findings.push(Finding::in_file(
                Rule::FileEmpty,
                id,
                &file.display,
                "",
                None,
                "文件是空的：没有任何工作表内容",
            ));
            return out;
        }
        Ok(Err(OpenError::Io(why))) => {
            out.findings.push(Finding::in_file(
                Rule::FileInaccessible,
                id,
                &file.display,
                "",
                None,
                why,
            ));
            return out;
        }
        Ok(Err(OpenError::Unreadable(why))) => {
            out.findings.push(Finding::in_file(
                Rule::FileUnreadable,
                id,
                &file.display,
                "",
                None,
                why,
            ));
            return out;
        }
        Err(_) => {
            out.findings.push(Finding::in_file(Rule::FileCrashed, id, &file.display, "", None, "读取此文件时程序库内部出错，文件可能已损坏：请在 Excel/WPS 中打开后另存为 .xlsx 再报送"));
            return out;
        }
    };
    out.outcome = Outcome::Read;
    let meta = read_meta(&grids).map(Arc::new);
    if meta.as_ref().is_some_and(|m| !m.intact()) {
        out.findings.push(Finding::in_file(
            Rule::MetaTampered,
            id,
            &file.display,
            "",
            None,
            "模板的隐藏工作表被改动过，无法核对预填内容：请使用财政局下发的原模板",
        ));
    }
    let file_name = Name::from(file.display.as_str());
    for grid in &grids {
        // A sheet without a known title may still be a card whose title row was deleted.
        let mut untitled = false;
        let classified = classify(grid).or_else(|| {
            if grid.hidden || grid.is_empty() {
                return None;
            }
            let kind = classify_by_structure(grid)?;
            untitled = true;
            grid.iter().next().map(|(at, _)| (kind, at))
        });
        match classified {
            Some((kind, title)) => {
                let raw = extract(grid, kind, title);
                let src = Source {
                    file_id: id,
                    file: file_name.clone(),
                    sheet: Name::from(grid.name.as_str()),
                    sheet_index: grid.index,
                };
                let card = Card::from_raw(&raw, src);
                let template = meta.as_ref().map(|m| {
                    let untouched = m.card_for(&card).is_some_and(|cm| cm.is_untouched(grid));
                    (Arc::clone(m), untouched)
                });
                out.cards.push(ReadCard {
                    card: Box::new(card),
                    untitled: untitled.then_some(title),
                    template,
                    uncalculated: grid.uncalculated.clone(),
                });
            }
            None if grid.is_empty() || grid.hidden => {}
            // The instructions sheet of our own template: listed as skipped, nothing to report.
            None if meta.is_some() && grid.name == crate::meta::GUIDE_SHEET => {
                out.skipped.push(Skipped {
                    file: file.display.clone(),
                    sheet: grid.name.clone(),
                });
            }
            None => {
                out.skipped.push(Skipped {
                    file: file.display.clone(),
                    sheet: grid.name.clone(),
                });
                let first = grid
                    .leading_texts(1)
                    .first()
                    .map(|(_, t)| t.chars().take(20).collect::<String>())
                    .unwrap_or_default();
                out.findings.push(Finding::in_file(
                    Rule::SheetSkipped,
                    id,
                    &file.display,
                    &grid.name,
                    grid.iter().next().map(|(at, _)| at),
                    format!(
                        "工作表“{}”不是绩效表（开头为“{}”），已跳过",
                        grid.name, first
                    ),
                ));
            }
        }
    }
    // The bureau's own files left in the folder of returned forms (a consolidated workbook
    // jixiao wrote, the roster, the budget list) are not units' forms: one hint instead of a
    // skipped sheet each and an error.
    if out.cards.is_empty()
        && let Some(what) = bureau_file(&grids)
    {
        out.findings.retain(|f| f.rule == Rule::FileNameEncoding);
        // Skipped whole: its sheets are not also counted among the skipped sheets.
        out.skipped.clear();
        out.outcome = Outcome::Own;
        out.findings.push(Finding::in_file(
            Rule::OwnOutput,
            id,
            &file.display,
            "",
            None,
            format!("这是{what}，不是单位报回的表，已跳过"),
        ));
        return out;
    }
    if out.cards.is_empty()
        && out
            .findings
            .iter()
            .all(|f| matches!(f.rule, Rule::SheetSkipped | Rule::SheetUnreadable))
    {
        out.findings.push(Finding::in_file(
            Rule::FileNoForm,
            id,
            &file.display,
            "",
            None,
            "文件中没有可识别的绩效表（表头标题应为“项目支出绩效目标申报表”等）",
        ));
    }
    out
}

/// What kind of bureau file a workbook is, if it is one.
fn bureau_file(grids: &[crate::read::grid::Grid]) -> Option<&'static str> {
    if crate::schema::is_consolidated(grids) {
        Some("jixiao 生成的汇总工作簿")
    } else if crate::registry::is_budget_list(grids) {
        Some("预算项目清单")
    } else if crate::registry::is_roster(grids) {
        Some("单位名册")
    } else {
        None
    }
}

/// The checks of a card once its stage is known: its kind's rules (or T01 when the kind belongs
/// to another stage), its template's, and S10 for a card found by its structure.
fn check(rc: &ReadCard, stage: Stage, cfg: &Config, expect: &Expect) -> Vec<Finding> {
    let card = &rc.card;
    let mut findings = if stage.kinds().contains(&card.kind) {
        rules::check_card(card, cfg)
    } else {
        let msg = format!(
            "本次收集的是{}，这张表是“{}”：请用本阶段的模板填报",
            stage.name(),
            card.kind.name()
        );
        vec![
            card.src
                .finding(Rule::WrongKind, Some(card.title_cell), msg),
        ]
    };
    // The bureau's rule table (`--rules`) on every card of the target stage.
    if stage == Stage::Target {
        rules::bureau::check(card, cfg, &mut findings);
    }
    if let Some((meta, untouched)) = &rc.template {
        rules::template::check(meta, card, *untouched, expect.year, &mut findings);
    }
    if let Some(title) = rc.untitled {
        let kind = card.kind.name();
        let msg =
            format!("工作表没有“{kind}”之类的表头标题，已按表格内容识别为{kind}：请保留表头标题");
        findings.push(card.src.finding(Rule::TitleMissing, Some(title), msg));
    }
    uncalculated(card, &rc.uncalculated, &mut findings);
    findings
}

/// S12: formulas saved without their result that could not be worked out, read as blank. The
/// first few each by its cell; the rest in one finding.
fn uncalculated(card: &Card, formulas: &[(CellRef, String)], findings: &mut Vec<Finding>) {
    const SHOWN: usize = 10;
    for (at, f) in formulas.iter().take(SHOWN) {
        let f = f.trim_start_matches('=');
        let f: String = if f.chars().count() > 40 {
            f.chars().take(40).chain(['…']).collect()
        } else {
            f.to_string()
        };
        let msg = format!(
            "单元格中是公式“={f}”，但文件没有保存公式的计算结果（生成文件的程序未计算公式），已按空白读取：请在 Excel 或 WPS 中打开、保存后重新报送"
        );
        findings.push(card.src.finding(Rule::Uncalculated, Some(*at), msg));
    }
    if let Some((at, _)) = formulas.get(SHOWN) {
        let msg = format!(
            "本表另有 {} 个公式同样没有保存计算结果，已按空白读取：请在 Excel 或 WPS 中打开、保存后重新报送",
            formulas.len() - SHOWN
        );
        findings.push(card.src.finding(Rule::Uncalculated, Some(*at), msg));
    }
}

/// [`check`], a fault in it isolated as one finding on its card (the other cards are checked).
fn checked(rc: &ReadCard, stage: Stage, cfg: &Config, expect: &Expect) -> Vec<Finding> {
    crate::messages::catch_quietly(|| {
        planted_fault(&rc.card.src.sheet);
        check(rc, stage, cfg, expect)
    })
    .unwrap_or_else(|_| vec![fault(&rc.card)])
}

/// The finding of a fault met while checking a card (isolated: the other cards are checked).
fn fault(card: &Card) -> Finding {
    card.src.finding(
        Rule::FileCrashed,
        Some(card.title_cell),
        "检查这张表时程序内部出错（已隔离，其他表照常检查）：请把这份文件发给软件维护人员",
    )
}

/// The stage of a batch: the one asked for, else the stage of its cards (the target stage when
/// there are none).
fn stage_of<'a>(
    results: impl Iterator<Item = &'a FileResult>,
    expect: &Expect,
) -> Result<Stage, MixedStages> {
    if let Some(s) = expect.stage {
        return Ok(s);
    }
    let mut counts: std::collections::BTreeMap<Stage, usize> = Default::default();
    for c in results.flat_map(|r| &r.cards) {
        *counts.entry(Stage::of_kind(c.card.kind)).or_default() += 1;
    }
    match counts.len() {
        0 => Ok(Stage::default()),
        1 => Ok(*counts.keys().next().expect("one stage")),
        _ => Err(MixedStages(counts.into_iter().collect())),
    }
}

/// Reads all files (in parallel) and runs every check. `progress` is called once per file.
///
/// # Errors
///
/// No stage was asked for and the cards belong to more than one.
pub fn run(
    files: &[InputFile],
    roster: Option<&Roster>,
    budget: Option<&Budget>,
    cfg: &Config,
    expect: &Expect,
    progress: &(dyn Fn(&str) + Sync),
) -> Result<Batch, MixedStages> {
    // Each card is checked and identified (unit, budget project, budget checks) as soon as its
    // file is read, on the same thread, against the stage asked for or else its own kind's:
    // the batch's stage, since cards of more than one stage are refused when none is asked for.
    let guess = |rc: &ReadCard| expect.stage.unwrap_or(Stage::of_kind(rc.card.kind));
    // One file at a time to each core (rayon otherwise hands out runs of files, and the last
    // run was read on one core while the other waited: 0.2 s of 2 on 1,000 files).
    let results: Vec<(FileResult, Vec<Checked>)> = files
        .par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(i, f)| {
            let (r, checked) =
                read_and_check(FileId::at(i), f, roster, budget, cfg, expect, &guess);
            progress(&f.display);
            (r, checked)
        })
        .collect();
    let stage = stage_of(results.iter().map(|(r, _)| r), expect)?;
    debug_assert!(
        results
            .iter()
            .all(|(r, _)| r.cards.iter().all(|rc| guess(rc) == stage))
    );
    let mut batch = Batch {
        stage,
        files: files.len(),
        ..Default::default()
    };
    // Held exactly: a vector grown by doubling holds up to twice what it needs at the end.
    batch
        .entries
        .reserve_exact(results.iter().map(|(r, _)| r.cards.len()).sum());
    // The findings stay in the lists they were made in, by file and card.
    let mut extra = Vec::new();
    for (r, checked_as_read) in results {
        batch.outcomes.push(r.outcome);
        if r.cards.is_empty()
            && let Some(f) = r.findings.iter().find(|f| f.severity == Severity::Error)
        {
            batch.bad_files.push(f.file.to_string());
        }
        batch.findings.add(r.findings);
        batch.skipped.extend(r.skipped);
        for (rc, checked) in r.cards.into_iter().zip(checked_as_read) {
            // A card of another stage is reported (T01) and kept out of this stage's tables.
            if !stage.kinds().contains(&rc.card.kind) {
                batch.findings.add(checked.findings);
                continue;
            }
            let Checked {
                findings,
                identity: id,
                declared,
            } = checked;
            extra.extend(id.findings);
            batch.entries.push(Entry {
                card: rc.card,
                unit_code: id.unit_code,
                unit_name: id.unit_name,
                department: id.department,
                in_roster: id.in_roster,
                budget: id.budget,
                untouched: id.untouched,
                duplicate: false,
                replaced: None,
                in_yuan: false,
                tally: Tally::default(),
                declared,
            });
            batch.findings.add(findings);
        }
    }
    // In reading order, file first: a file's cards side by side ([`cards_of`]).
    // (No two cards share a sheet of a file: a sort that holds no copy of half of them.)
    batch
        .entries
        .sort_unstable_by(|a, b| a.card.src.cmp(&b.card.src));
    let ranks = ranks_of(files);
    resolve_resubmissions(
        &mut batch.entries,
        files,
        &ranks,
        expect.prefer_newer,
        &mut extra,
    );
    batch.findings.add(extra);
    drop_superseded(&mut batch, files, &ranks);
    attach(&mut batch, roster);
    Ok(batch)
}

/// Who a card belongs to, as [`identify`] finds it.
#[derive(Default)]
struct Identity {
    unit_code: Name,
    unit_name: Name,
    department: Name,
    in_roster: bool,
    budget: Option<usize>,
    untouched: bool,
    /// Its findings: unknown unit, not in the budget list, the budget checks.
    findings: Vec<Finding>,
}

/// A card checked and identified on the thread that read it.
struct Checked {
    findings: Vec<Finding>,
    identity: Identity,
    /// The declared indicators the card's jixiao template carried.
    declared: Option<Vec<Declared>>,
}

/// Reads one file and checks and identifies its cards (as `guess` says their stage is). With
/// [`Expect::findings_only`], a card that no later check reads whole lets go of its tables;
/// one held whole lets go of what only its own checks read ([`Card::trim`]).
fn read_and_check(
    id: FileId,
    f: &InputFile,
    roster: Option<&Roster>,
    budget: Option<&Budget>,
    cfg: &Config,
    expect: &Expect,
    guess: &(dyn Fn(&ReadCard) -> Stage + Sync),
) -> (FileResult, Vec<Checked>) {
    // A fault in reading a card (not only in the reader library) is isolated to its file.
    let mut r =
        crate::messages::catch_quietly(|| read_file(id, f)).unwrap_or_else(|_| crashed(id, f));
    // Monitoring cards are compared with the target stage's once all are read: held whole.
    let whole = |rc: &ReadCard| !expect.findings_only || guess(rc) == Stage::Monitor;
    let checked: Vec<Checked> = r
        .cards
        .iter()
        .map(|rc| {
            let findings = checked(rc, guess(rc), cfg, expect);
            identified(rc, findings, roster, budget, cfg, whole(rc))
        })
        .collect();
    for rc in &mut r.cards {
        if whole(rc) {
            rc.card.trim();
        } else {
            rc.card.slim();
            rc.template = None;
        }
    }
    (r, checked)
}

/// A card's findings with its identity, and the indicators its template declared (when the
/// card is held `whole`).
fn identified(
    rc: &ReadCard,
    findings: Vec<Finding>,
    roster: Option<&Roster>,
    budget: Option<&Budget>,
    cfg: &Config,
    whole: bool,
) -> Checked {
    // A fault here is isolated like one in the checks: the card keeps its findings.
    let untouched = findings.iter().any(|f| f.rule == Rule::Untouched);
    let crash = || Identity {
        untouched,
        findings: vec![fault(&rc.card)],
        ..Default::default()
    };
    let (identity, declared) = crate::messages::catch_quietly(|| {
        let identity = identify(&rc.card, untouched, roster, budget, cfg);
        let declared = rc.template.as_ref().filter(|_| whole).and_then(|(m, _)| {
            m.card_for(&rc.card)
                .filter(|cm| !cm.spare)
                .map(|cm| cm.indicators.clone())
        });
        (identity, declared)
    })
    .unwrap_or_else(|_| (crash(), None));
    Checked {
        findings,
        identity,
        declared,
    }
}

/// Which unit and which budget project a card belongs to.
fn identify(
    card: &Card,
    untouched: bool,
    roster: Option<&Roster>,
    budget: Option<&Budget>,
    cfg: &Config,
) -> Identity {
    let mut e = Identity {
        untouched,
        ..Default::default()
    };
    let out = &mut e.findings;
    let unit_field = if card.kind.is_unit_wide() {
        Field::UnitName
    } else {
        Field::Unit
    };
    let unit_text = card.text(unit_field).to_string();
    let file_code = file_code(&card.src.file);
    let by_code = card
        .project_code()
        .and_then(|c| budget.and_then(|b| b.by_code(c)));
    if let Some(roster) = roster {
        let codes: Vec<&str> = by_code
            .iter()
            .map(|(_, p)| p.unit_code.as_str())
            .chain([file_code.as_str()])
            .collect();
        let unit = roster
            .by_name_preferring(&unit_text, &codes)
            .or_else(|| by_code.and_then(|(_, p)| roster.by_code(&p.unit_code)))
            .or_else(|| roster.by_code(&file_code))
            .or_else(|| {
                roster
                    .by_name(card.text(Field::Department))
                    .filter(|_| card.kind.is_unit_wide())
            });
        match unit {
            Some(u) => {
                e.unit_code = Name::recent(&u.code);
                e.unit_name = Name::recent(&u.name);
                e.department = Name::recent(&u.department);
                e.in_roster = true;
            }
            None => {
                e.unit_name = Name::recent(&unit_text);
                e.department = Name::recent(department_name(card.text(Field::Department)));
                if !untouched {
                    let cell = card
                        .texts
                        .get(&unit_field)
                        .map(|l| l.cell)
                        .or_else(|| card.labels.get(&unit_field).copied())
                        .unwrap_or(card.title_cell);
                    out.push(card.src.finding(
                        Rule::UnknownUnit,
                        Some(cell),
                        format!("单位“{unit_text}”不在单位名册中：请核对单位全称"),
                    ));
                }
            }
        }
    } else {
        e.unit_name = Name::recent(unit_text);
        e.unit_code = Name::recent(by_code.map_or(file_code, |(_, p)| p.unit_code.clone()));
        e.department = Name::recent(department_name(card.text(Field::Department)));
    }
    if card.kind.is_unit_wide() {
        return e;
    }
    let Some(budget) = budget else { return e };
    let matched =
        by_code.or_else(|| budget.by_unit_and_name(&e.unit_code, card.text(Field::ProjectName)));
    let Some((idx, project)) = matched else {
        if !untouched {
            e.findings.push(card.src.finding(
                Rule::NotInBudget,
                Some(card.name_cell()),
                format!(
                    "项目“{}”不在{}中（按项目编码和项目名称都没有找到）",
                    card.text(Field::ProjectName),
                    budget.source
                ),
            ));
        }
        return e;
    };
    e.budget = Some(idx);
    if untouched {
        return e;
    }
    e.findings
        .extend(rules::budget::check(card, project, budget.source, cfg));
    e
}

/// Words of a file name that say it corrects an earlier one, ranked as a second submission.
const MARKERS: &[&str] = &[
    "修改版",
    "修改稿",
    "修订版",
    "修订稿",
    "修订",
    "更正版",
    "更正稿",
    "更正",
    "重新报送",
    "重报",
    "补正",
    "修改",
];

/// Each file's resubmission rank and marker ([`marker`]; 1 and none for a first submission),
/// worked out once per file, on every core.
fn ranks_of(files: &[InputFile]) -> Vec<(u32, String)> {
    files
        .par_iter()
        .map(|f| marker(&f.display).unwrap_or((1, String::new())))
        .collect()
}

/// Why a file replaces another by its name.
fn marker_basis(m: &str) -> String {
    format!("文件名标记“{m}”")
}

/// The resubmission a file name says it is (`修改版`, `更正`, `重报`, `第二次`, `v2`, `(2)`): its
/// rank (a first submission is 1) and the marker as written.
pub fn marker(display: &str) -> Option<(u32, String)> {
    let stem = stem(display);
    let mut best: Option<(u32, String)> = None;
    let mut consider = |rank: u32, text: String| {
        if best.as_ref().is_none_or(|(r, _)| rank > *r) {
            best = Some((rank, text));
        }
    };
    for m in MARKERS {
        if stem.contains(m) {
            consider(2, (*m).to_string());
        }
    }
    let chars: Vec<char> = stem.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // 第二次, 第3次
        if c == '第'
            && let Some(j) = chars[i + 1..].iter().position(|&x| x == '次')
            && j > 0
            && j <= 2
        {
            let n: String = chars[i + 1..i + 1 + j].iter().collect();
            if let Some(rank) = chinese_or_digits(&n) {
                consider(rank, format!("第{n}次"));
            }
        }
    }
    // v2, V3 (after a separator or at the end), (2), （3）
    let folded = crate::label::fold_width(&stem);
    if let Some(caps) = version_re().captures(&folded) {
        let n = caps
            .get(1)
            .or_else(|| caps.get(2))
            .map(|m| m.as_str())
            .unwrap_or("");
        if let Ok(rank) = n.parse::<u32>()
            && rank >= 2
        {
            consider(rank, caps[0].to_string());
        }
    }
    best
}

fn version_re() -> &'static regex::Regex {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        regex::Regex::new(r"(?:^|[_\-\s.(])[vV](\d{1,2})(?:$|[_\-\s)])|\((\d{1,2})\)\s*$")
            .expect("valid pattern")
    })
}

fn chinese_or_digits(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let digit = |c| "零一二三四五六七八九".chars().position(|d| d == c);
    match s.chars().collect::<Vec<_>>().as_slice() {
        ['十'] => Some(10),
        [c] => digit(*c).map(|d| d as u32),
        ['十', c] => digit(*c).map(|d| 10 + d as u32),
        _ => None,
    }
}

fn stem(display: &str) -> String {
    let name = display.rsplit('/').next().unwrap_or(display);
    match name.rsplit_once('.') {
        Some((s, _)) => s.to_string(),
        None => name.to_string(),
    }
}

/// A file's name without its resubmission marker: `x（修改版）.xlsx` and `x_v2.xlsx` are `x`.
pub fn base_name(display: &str) -> String {
    let mut s = crate::label::fold_width(&stem(display));
    if let Some((_, m)) = marker(display) {
        s = s.replace(&crate::label::fold_width(&m), "");
    }
    for m in MARKERS {
        s = s.replace(m, "");
    }
    let s = s.replace("()", "").replace("[]", "");
    let s = s.trim_end_matches(['_', '-', ' ', '.', '(', ')']).trim();
    name_key(s)
}

/// Which of two cards of the same project holds: `Greater` when `b` is the later, with the
/// reason; `None` when nothing orders them.
fn later(
    a: &Entry,
    b: &Entry,
    files: &[InputFile],
    ranks: &[(u32, String)],
    prefer_newer: bool,
) -> Option<(std::cmp::Ordering, String)> {
    use std::cmp::Ordering::*;
    if let (Some(x), Some(y)) = (a.card.fill_date, b.card.fill_date)
        && (x - y).abs() >= 1.0
    {
        let show = |d: f64| crate::read::value::date_text(d).unwrap_or_default();
        let ord = if y > x { Greater } else { Less };
        return Some((
            ord,
            format!("填报日期 {} → {}", show(x.min(y)), show(x.max(y))),
        ));
    }
    let file = |e: &Entry| files.get(e.card.src.file_id.index());
    let no_marker = (1, String::new());
    let rank = |e: &Entry| ranks.get(e.card.src.file_id.index()).unwrap_or(&no_marker);
    let (ra, rb) = (rank(a), rank(b));
    if ra.0 != rb.0 {
        let (ord, m) = if rb.0 > ra.0 {
            (Greater, &rb.1)
        } else {
            (Less, &ra.1)
        };
        return Some((ord, marker_basis(m)));
    }
    if prefer_newer
        && let (Some(x), Some(y)) = (
            file(a).and_then(|f| f.modified),
            file(b).and_then(|f| f.modified),
        )
        && x != y
    {
        return Some((
            if y > x { Greater } else { Less },
            "文件修改时间较新".into(),
        ));
    }
    None
}

/// The same project (or unit-wide form) handed in more than once: the later card replaces the
/// earlier — by its 填报日期, else a name marker, else (`--prefer newer`) the file's modification
/// time; with nothing to order them the later one in file order is a duplicate (S05). A corrected
/// file of the same name replaces the whole earlier file: its cards the corrected file no longer
/// holds are withdrawn.
fn resolve_resubmissions(
    entries: &mut [Entry],
    files: &[InputFile],
    ranks: &[(u32, String)],
    prefer_newer: bool,
    out: &mut Vec<Finding>,
) {
    // What makes two cards the same card: worked out on every core, once each.
    let keys: Vec<String> = entries
        .par_iter()
        .map(|e| {
            let unit = if e.unit_code.is_empty() {
                name_key(&e.unit_name)
            } else {
                e.unit_code.to_string()
            };
            match (e.card.kind, e.budget, e.card.project_code()) {
                (k, _, _) if k.is_unit_wide() => format!("overall|{unit}"),
                (_, Some(b), _) => format!("budget|{b}"),
                (_, None, Some(code)) => format!("code|{code}"),
                _ => format!("name|{unit}|{}", name_key(e.card.text(Field::ProjectName))),
            }
        })
        .collect();
    let mut kept: rustc_hash::FxHashMap<&str, usize> = Default::default();
    // (old file, new file) pairs where a card was replaced.
    let mut superseded: Vec<(FileId, FileId)> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        let key = key.as_str();
        let Some(&first) = kept.get(key) else {
            kept.insert(key, i);
            continue;
        };
        // An untouched template never replaces a filled card; a filled card replaces an
        // untouched one (by its date or marker when it has one, else because it is filled).
        use std::cmp::Ordering::{Greater, Less};
        let (a_empty, b_empty) = (entries[first].untouched, entries[i].untouched);
        let ordered = match (
            later(&entries[first], &entries[i], files, ranks, prefer_newer),
            a_empty,
            b_empty,
        ) {
            (Some((Greater, basis)), _, false) => Some((Greater, basis)),
            (Some((Less, basis)), false, _) => Some((Less, basis)),
            (_, true, false) => Some((Greater, "空表由填写的表替换".to_string())),
            (_, _, true) => Some((Less, "空表，已有同一张表".to_string())),
            (o, false, false) => o,
        };
        match ordered {
            Some((std::cmp::Ordering::Greater, basis)) => {
                superseded.push((entries[first].card.src.file_id, entries[i].card.src.file_id));
                entries[first].replaced = Some(Replaced { by: Some(i), basis });
                kept.insert(key, i);
            }
            Some((_, basis)) => {
                superseded.push((entries[i].card.src.file_id, entries[first].card.src.file_id));
                entries[i].replaced = Some(Replaced {
                    by: Some(first),
                    basis,
                });
            }
            None => {
                let f = &entries[first].card.src;
                let card = &entries[i].card;
                let what = if card.kind.is_unit_wide() {
                    format!("“{}”", card.kind.name())
                } else {
                    format!("项目“{}”", card.text(Field::ProjectName))
                };
                out.push(card.src.finding(
                    Rule::Duplicate,
                    Some(card.name_cell()),
                    format!(
                        "{what}重复报送：已在“{}”的工作表“{}”中报送过（两份都没有更晚的填报日期或“修改版”之类的文件名标记，无法判断以哪份为准）",
                        &*f.file, &*f.sheet
                    ),
                ));
                entries[i].duplicate = true;
            }
        }
    }
    // A corrected file of the same name that replaces most of an earlier file's cards replaces
    // the whole file: what it no longer holds is withdrawn. (A `修改版` holding one card of
    // five replaces that card only.)
    let mut pairs: HashMap<(FileId, FileId), usize> = HashMap::new();
    for p in superseded {
        *pairs.entry(p).or_default() += 1;
    }
    let mut pairs: Vec<((FileId, FileId), usize)> = pairs.into_iter().collect();
    pairs.sort();
    for ((old, new), replaced) in pairs {
        let (Some(of), Some(nf)) = (files.get(old.index()), files.get(new.index())) else {
            continue;
        };
        let cards_of_old = cards_of(entries, old);
        if base_name(&of.display) != base_name(&nf.display)
            || replaced < 2
            || replaced * 2 < cards_of_old.len()
        {
            continue;
        }
        for e in &mut entries[cards_of_old] {
            if e.replaced.is_none() && !e.duplicate {
                e.replaced = Some(Replaced {
                    by: None,
                    basis: format!("更正文件“{}”中已无此表", nf.display),
                });
            }
        }
    }
}

/// The entries of a file's cards, side by side: entries are sorted by where their cards were
/// read from, the file first.
fn cards_of(entries: &[Entry], file: FileId) -> std::ops::Range<usize> {
    let start = entries.partition_point(|e| e.card.src.file_id < file);
    start..start + entries[start..].partition_point(|e| e.card.src.file_id == file)
}

/// Findings of replaced cards are no longer reported; an unreadable file a corrected file of the
/// same name replaces is no longer reported either, and is listed as replaced.
fn drop_superseded(batch: &mut Batch, files: &[InputFile], ranks: &[(u32, String)]) {
    let replaced: std::collections::HashSet<CardId> = batch
        .entries
        .iter()
        .filter(|e| e.replaced.is_some())
        .map(|e| e.card.src.card_id())
        .collect();
    let with_cards: std::collections::HashSet<FileId> =
        batch.entries.iter().map(|e| e.card.src.file_id).collect();
    // Looked up once each, not once per pair of files: a folder of thousands of bad files
    // stays linear.
    let bad: std::collections::HashSet<String> = batch.bad_files.iter().cloned().collect();
    let mut by_base: HashMap<String, Vec<(usize, u32)>> = HashMap::new();
    for (j, g) in files.iter().enumerate() {
        if with_cards.contains(&FileId::at(j)) {
            let rank = ranks[j].0;
            by_base
                .entry(base_name(&g.display))
                .or_default()
                .push((j, rank));
        }
    }
    let mut gone: std::collections::HashSet<FileId> = Default::default();
    for (i, f) in files.iter().enumerate() {
        let id = FileId::at(i);
        if with_cards.contains(&id) || !bad.contains(&f.display) {
            continue;
        }
        let rank = ranks[i].0;
        let by = by_base
            .get(&base_name(&f.display))
            .and_then(|c| c.iter().find(|(j, r)| *j != i && *r > rank))
            .map(|(j, _)| *j);
        if let Some(j) = by {
            gone.insert(id);
            let m = &ranks[j].1;
            batch.replaced_files.push(ReplacedFile {
                file: f.display.clone(),
                by: files[j].display.clone(),
                basis: if m.is_empty() {
                    String::new()
                } else {
                    marker_basis(m)
                },
            });
            batch.bad_files.retain(|b| *b != f.display);
        }
    }
    // A file whose every card was replaced is superseded as a whole: its notes (a skipped
    // instructions sheet) go with it.
    let mut kept_cards: HashMap<FileId, bool> = HashMap::new();
    for e in &batch.entries {
        *kept_cards.entry(e.card.src.file_id).or_default() |= e.replaced.is_none();
    }
    gone.extend(
        kept_cards
            .into_iter()
            .filter(|(_, kept)| !kept)
            .map(|(id, _)| id),
    );
    batch.findings.retain(|f| {
        !f.card_id.is_some_and(|c| replaced.contains(&c))
            && !f.file_id.is_some_and(|id| gone.contains(&id))
    });
}

/// Gives every finding its unit and project (joined by the ids it was made with), sorts them,
/// and counts them per card.
fn attach(batch: &mut Batch, roster: Option<&Roster>) {
    let index: rustc_hash::FxHashMap<CardId, usize> = batch
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.card.src.card_id(), i))
        .collect();
    // Each card's names, held once for all its findings: its unit's are already shared words,
    // its project's is made one here (and one for cards that share it).
    let mut names = Names::default();
    let named: Vec<[Name; 3]> = batch
        .entries
        .iter()
        .map(|e| {
            let project = if e.card.kind.is_unit_wide() {
                crate::forms::overall::PROJECT_PLACEHOLDER
            } else {
                e.card.text(Field::ProjectName)
            };
            [e.unit_code.clone(), e.unit_name.clone(), names.of(project)]
        })
        .collect();
    // On every core: each finding's names.
    let owner = |f: &Finding| f.card_id.as_ref().and_then(|id| index.get(id)).copied();
    batch.findings.par_iter_mut().for_each(|f| {
        if let Some(i) = owner(f) {
            let [code, name, project] = &named[i];
            f.unit_code = code.clone();
            f.unit_name = name.clone();
            f.project = project.clone();
            return;
        }
        // A file's own findings go to the unit of its first card.
        let cards = f.file_id.map(|id| cards_of(&batch.entries, id));
        if let Some(i) = cards.filter(|c| !c.is_empty()).map(|c| c.start) {
            f.unit_code = named[i][0].clone();
            f.unit_name = named[i][1].clone();
        } else if f.file_id.is_some()
            && let Some(u) = roster.and_then(|r| r.by_code(&file_code(&f.file)))
        {
            // A file that could not be read: its name usually starts with the 单位编码.
            f.unit_code = Name::from(u.code.as_str());
            f.unit_name = Name::from(u.name.as_str());
        }
    });
    // Each card's count of its findings.
    for f in &batch.findings {
        let Some(i) = owner(f) else { continue };
        let e = &mut batch.entries[i];
        match f.severity {
            Severity::Error => e.tally.errors += 1,
            Severity::Warning => e.tally.warnings += 1,
            Severity::Info => e.tally.infos += 1,
        }
        if f.rule == Rule::AmountInYuan {
            e.in_yuan = true;
        }
    }
    // Findings in reading order: unit, file, the sheet's place in its workbook, row, column.
    fn key(f: &Finding) -> impl Ord + '_ {
        (
            &*f.unit_code,
            &*f.file,
            f.file_id,
            f.sheet_place(),
            &*f.sheet,
            f.cell.map(|c| (c.row, c.col)),
            f.rule,
        )
    }
    batch.findings.sort_by(|a, b| key(a).cmp(&key(b)));
}

/// The 单位编码 a file name starts with (`301001_区教育局_….xlsx`): leading digits before a `_`.
pub fn file_code(display: &str) -> String {
    let name = display.rsplit('/').next().unwrap_or("");
    match name.split_once(['_', '-', ' ']) {
        Some((head, _)) if !head.is_empty() && head.chars().all(|c| c.is_ascii_digit()) => {
            head.to_string()
        }
        _ => String::new(),
    }
}

/// `主管部门及代码` often reads `区教育和体育局 301001`: the name without its code.
fn department_name(text: &str) -> String {
    let t = text.trim();
    match t.rsplit_once(char::is_whitespace) {
        Some((name, code)) if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) => {
            name.trim().to_string()
        }
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod resubmission_tests {
    use super::*;

    #[test]
    fn file_names_say_which_submission_they_are() {
        for (name, rank) in [
            ("301001_区教育局_绩效目标申报表.xlsx", None),
            ("301001_区教育局_绩效目标申报表（修改版）.xlsx", Some(2)),
            ("301001_区教育局_绩效目标申报表_更正.xlsx", Some(2)),
            ("301001_区教育局_绩效目标申报表重报.xlsx", Some(2)),
            ("301001_区教育局_第三次报送.xlsx", Some(3)),
            ("301001_区教育局_绩效目标申报表_v2.xlsx", Some(2)),
            ("301001_区教育局_绩效目标申报表 V3.xlsx", Some(3)),
            ("301001_区教育局_绩效目标申报表(2).xlsx", Some(2)),
            ("301001_区教育局_绩效目标申报表（2）.xlsx", Some(2)),
            ("dev2024_区教育局.xlsx", None),
        ] {
            assert_eq!(marker(name).map(|m| m.0), rank, "{name}");
        }
        let base = base_name("a/301001_区教育局_绩效目标申报表.xlsx");
        for other in [
            "b/301001_区教育局_绩效目标申报表（修改版）.xlsx",
            "301001_区教育局_绩效目标申报表_v2.xlsx",
            "301001_区教育局_绩效目标申报表(2).xlsx",
            "301001_区教育局_绩效目标申报表_更正.xlsx",
        ] {
            assert_eq!(base_name(other), base, "{other}");
        }
        assert_ne!(base_name("301001_区教育局_整体.xlsx"), base);
    }
}
