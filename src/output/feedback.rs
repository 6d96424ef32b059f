//! 反馈工作簿: one workbook per unit that handed in, saying what to fix and where. It opens with
//! `反馈说明` (the unit, its status, the counts, what to do, the deadline and whom to ask), then
//! `问题清单` (the unit's findings, errors first), `缺报项目` (budget projects without a card), and a
//! copy of each of the unit's cards: the values at the same cells as in the unit's file, the
//! cells with findings filled by severity and carrying the findings as a note.
//!
//! Every finding of a batch belongs to exactly one unit's workbook: by its card's unit, else by
//! its file's, else by the roster unit the file name points to, else to a workbook named after
//! the file (`名册外_…`).

use crate::batch::{Batch, Entry};
use crate::cellref::CellRef;
use crate::finding::{CardId, FileId, Finding, Severity, Tally};
use crate::output::xlsx;
use crate::read::grid::Grid;
use crate::read::value::CellValue;
use crate::read::workbook::{InputFile, OpenError, read_sheets};
use crate::registry::Roster;
use crate::schema::{col, sheet, status};
use crate::stage::common::unit_rows;
use crate::stage::coverage::{Coverage, MissingProject, MissingProjectRow};
use crate::table::Sheet;
use crate::table_row;
use crate::template::names::{SheetNames, file_component, workbook_file_name};
use anyhow::{Context, Result};
use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatUnderline, Note, Url, Workbook, Worksheet,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The first sheet of a feedback workbook.
pub const GUIDE_SHEET: &str = "反馈说明";
/// The prefix of the workbooks of units outside the roster.
pub const OUTSIDE: &str = "名册外";

/// Cell fills by severity, used on the card copies, in `问题清单` and in the legend.
pub const ERROR_FILL: u32 = 0xFFC7CE;
pub const WARNING_FILL: u32 = 0xFFEB9C;
pub const INFO_FILL: u32 = 0xDDEBF7;

pub fn fill(s: Severity) -> u32 {
    match s {
        Severity::Error => ERROR_FILL,
        Severity::Warning => WARNING_FILL,
        Severity::Info => INFO_FILL,
    }
}

const FONT: &str = "宋体";
const SIZE: f64 = 10.5;
/// A line of 10.5 pt text, in points.
const LINE: f64 = 14.0;

/// What every workbook of a run shares.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `绩效目标`: the stage's name, in file names.
    pub stage: String,
    /// `2024年度绩效目标`: the title.
    pub title: String,
    pub deadline: Option<String>,
    pub contact: Option<String>,
}

/// Whose workbook a finding or card goes to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Key {
    /// A roster unit, by its code.
    Unit(String),
    /// A unit outside the roster, by the unit text of its cards or the file's name.
    Outside(String),
}

/// One unit's feedback: what its workbook holds.
#[derive(Clone, Debug)]
pub struct UnitFeedback<'a> {
    /// Empty outside the roster.
    pub code: String,
    /// The roster's name, or outside the roster the unit text of the cards (else the file).
    pub name: String,
    pub department: String,
    pub in_roster: bool,
    /// `已报-通过`, `已报-有警告`, `已报-有错误`, `重复报送`, `空表`, `名册外`.
    pub status: String,
    /// Errors first, then warnings, then hints; within each in reading order.
    pub findings: Vec<&'a Finding>,
    pub tally: Tally,
    /// The files the unit handed in, by their display name.
    pub files: Vec<String>,
    /// The cards (read by the batch, or of another stage) of the unit, in reading order.
    pub cards: Vec<CardId>,
    /// The title cell of each card the batch read.
    pub titles: HashMap<CardId, CellRef>,
    pub missing: Vec<MissingProjectRow>,
    /// How many of `missing` came back as the blank template (S06): one to-do, not two.
    pub missing_blank: usize,
    /// The 催报名单's `项目表` when the unit handed in no project card though it has projects.
    pub chase: Option<String>,
    pub file_name: String,
}

impl UnitFeedback<'_> {
    /// Whether the unit has anything to fix: errors, warnings or forms missing.
    pub fn needs_fixing(&self) -> bool {
        self.tally.errors + self.tally.warnings > 0
            || !self.missing.is_empty()
            || self.chase.is_some()
    }

    /// Whether the workbook carries copies of the cards (only where something is to be fixed
    /// on them).
    pub fn copies_cards(&self) -> bool {
        self.tally.errors + self.tally.warnings > 0
    }

    /// How the unit is named in messages: `301001 区教育局`, or the text outside the roster.
    pub fn label(&self) -> String {
        if self.code.is_empty() {
            self.name.clone()
        } else {
            format!("{} {}", self.code, self.name)
        }
    }
}

/// The name of a file without its folder and extension.
fn file_stem(display: &str) -> String {
    let name = display.rsplit('/').next().unwrap_or(display);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem.to_string(),
        _ => name.to_string(),
    }
}

fn entry_key(e: &Entry) -> Key {
    if e.in_roster {
        Key::Unit(e.unit_code.to_string())
    } else if !e.unit_name.trim().is_empty() {
        Key::Outside(e.unit_name.trim().to_string())
    } else {
        Key::Outside(file_stem(&e.card.src.file))
    }
}

/// Splits a checked batch into one feedback per unit that handed in (roster units in roster
/// order, then those outside the roster). `coverage` (with a budget list) gives the projects
/// missing.
pub fn plan<'a>(
    batch: &'a Batch,
    roster: &Roster,
    coverage: Option<&Coverage>,
    opts: &Options,
) -> Vec<UnitFeedback<'a>> {
    let by_card: HashMap<CardId, &Entry> = batch
        .entries
        .iter()
        .map(|e| (e.card.src.card_id(), e))
        .collect();
    let mut by_file: HashMap<FileId, &Entry> = HashMap::new();
    for e in &batch.entries {
        by_file.entry(e.card.src.file_id).or_insert(e);
    }
    let in_roster = |code: &str| !code.is_empty() && roster.by_code(code).is_some();
    let finding_key = |f: &Finding| -> Key {
        if let Some(e) = f.card_id.and_then(|id| by_card.get(&id)) {
            return entry_key(e);
        }
        if let Some(e) = f.file_id.and_then(|id| by_file.get(&id)) {
            return entry_key(e);
        }
        if in_roster(&f.unit_code) {
            return Key::Unit(f.unit_code.to_string());
        }
        if f.file_id.is_none() && !f.unit_name.trim().is_empty() {
            return Key::Outside(f.unit_name.trim().to_string());
        }
        Key::Outside(file_stem(&f.file))
    };

    struct Acc<'a> {
        entries: Vec<&'a Entry>,
        findings: Vec<&'a Finding>,
        files: BTreeSet<(Option<FileId>, String)>,
        cards: BTreeSet<CardId>,
    }
    let mut groups: BTreeMap<Key, Acc<'a>> = BTreeMap::new();
    for e in &batch.entries {
        let a = groups.entry(entry_key(e)).or_insert_with(|| Acc {
            entries: Vec::new(),
            findings: Vec::new(),
            files: BTreeSet::new(),
            cards: BTreeSet::new(),
        });
        a.entries.push(e);
        a.files
            .insert((Some(e.card.src.file_id), e.card.src.file.to_string()));
        a.cards.insert(e.card.src.card_id());
    }
    for f in &batch.findings {
        let a = groups.entry(finding_key(f)).or_insert_with(|| Acc {
            entries: Vec::new(),
            findings: Vec::new(),
            files: BTreeSet::new(),
            cards: BTreeSet::new(),
        });
        a.findings.push(f);
        if let Some(id) = f.file_id {
            a.files.insert((Some(id), f.file.to_string()));
        }
        if let Some(id) = f.card_id {
            a.cards.insert(id);
        }
    }

    let statuses: HashMap<String, String> = unit_rows(batch, Some(roster))
        .into_iter()
        .filter(|r| !r.unit_code.is_empty())
        .map(|r| (r.unit_code, r.status))
        .collect();
    let missing: &[MissingProject] = coverage.map_or(&[], |c| &c.missing_projects);
    let order: HashMap<&str, usize> = roster
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.as_str(), i))
        .collect();
    let mut keyed: Vec<(Key, Acc)> = groups.into_iter().collect();
    keyed.sort_by_key(|(k, _)| match k {
        Key::Unit(c) => (
            0,
            order.get(c.as_str()).copied().unwrap_or(usize::MAX),
            String::new(),
        ),
        Key::Outside(l) => (1, 0, l.clone()),
    });

    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for (key, mut a) in keyed {
        a.findings.sort_by_key(|f| {
            (
                f.severity,
                &*f.file,
                f.sheet_place(),
                &*f.sheet,
                f.cell.map(|c| (c.row, c.col)),
                f.rule,
            )
        });
        let tally = Tally::of(a.findings.iter().copied());
        let (code, name, department, in_roster, status) = match &key {
            Key::Unit(code) => {
                let u = roster.by_code(code);
                (
                    code.clone(),
                    u.map(|u| u.name.clone()).unwrap_or_default(),
                    u.map(|u| u.department.clone()).unwrap_or_default(),
                    true,
                    statuses.get(code).cloned().unwrap_or_else(|| {
                        if tally.errors > 0 {
                            status::ERRORS.into()
                        } else if tally.warnings > 0 {
                            status::WARNINGS.into()
                        } else {
                            status::PASSED.into()
                        }
                    }),
                )
            }
            Key::Outside(label) => (
                String::new(),
                label.clone(),
                a.entries
                    .iter()
                    .map(|e| e.department.to_string())
                    .find(|d| !d.is_empty())
                    .unwrap_or_default(),
                false,
                status::OUTSIDE.to_string(),
            ),
        };
        let unit_missing: Vec<&MissingProject> = missing
            .iter()
            .filter(|m| in_roster && m.unit_code == code)
            .collect();
        let missing_blank = unit_missing.iter().filter(|m| m.blank).count();
        let missing = unit_missing
            .into_iter()
            .map(MissingProjectRow::from)
            .collect();
        let chase = coverage
            .and_then(|c| c.chase.iter().find(|m| in_roster && m.code == code))
            .map(|m| m.missing.clone());
        let wanted = if in_roster {
            workbook_file_name(&code, &name, &format!("{}反馈", opts.stage))
        } else {
            workbook_file_name(OUTSIDE, &name, &format!("{}反馈", opts.stage))
        };
        let mut file_name = wanted.clone();
        let mut n = 2;
        while !taken.insert(file_name.to_lowercase()) {
            file_name = format!("{}({n}).xlsx", wanted.trim_end_matches(".xlsx"));
            n += 1;
        }
        let mut files: Vec<String> = Vec::new();
        for (_, f) in &a.files {
            if !files.contains(f) {
                files.push(f.clone());
            }
        }
        out.push(UnitFeedback {
            code,
            name,
            department,
            in_roster,
            status,
            tally,
            files,
            cards: a.cards.into_iter().collect(),
            titles: a
                .entries
                .iter()
                .map(|e| (e.card.src.card_id(), e.card.title_cell))
                .collect(),
            findings: a.findings,
            missing,
            missing_blank,
            chase,
            file_name,
        });
    }
    out
}

table_row! {
    /// 问题清单 of a feedback workbook: the unit is the workbook's.
    pub struct FeedbackRow {
        severity: String => col::SEVERITY, Text;
        rule: String => col::RULE, Text;
        project: String => col::PROJECT_NAME, Text;
        file: String => col::FILE, Text;
        sheet: String => col::SHEET, Text;
        cell: String => col::CELL, Text;
        message: String => col::MESSAGE, LongText;
    }
}

/// What a unit is to do about a finding, when its message does not say.
fn advice(f: &Finding) -> &'static str {
    match f.severity {
        Severity::Error => "请改正后重新报送",
        Severity::Warning => "请核实，确有理由的请在表中说明",
        Severity::Info => "仅供参考",
    }
}

/// The 说明 of a finding: the message, and what to do when the message does not say.
pub fn explanation(f: &Finding) -> String {
    if f.message.contains('请') || f.severity == Severity::Info {
        f.message.to_string()
    } else {
        format!(
            "{}；{}",
            f.message.trim_end_matches(['。', '；']),
            advice(f)
        )
    }
}

/// The text of the note at a cell: each finding there with its severity and rule.
pub fn note_text(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "【{}】{} {}：{}",
                f.severity.label(),
                f.rule.code(),
                f.rule.title(),
                explanation(f)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(SIZE)
        .set_align(FormatAlign::VerticalCenter)
}

/// How many lines a text takes in a column this wide (Excel's character units).
fn lines_of(s: &str, width: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    s.lines()
        .map(|l| ((xlsx::text_width(l) as f64) / usable).ceil().max(1.0) as usize)
        .sum::<usize>()
        .max(1)
}

/// Builds one unit's feedback workbook; `files` are the batch's input files (the unit's are
/// read again for the card copies).
pub fn build(unit: &UnitFeedback, files: &[InputFile], opts: &Options) -> Result<Workbook> {
    let mut book = Workbook::new();
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_title(format!("{}审核反馈", opts.title))
            .set_subject(unit.label())
            .set_author("jixiao"),
    );
    // The card copies, read first: their sheet names are linked from 问题清单.
    let mut names = SheetNames::default();
    for n in [GUIDE_SHEET, sheet::FINDINGS, sheet::MISSING_PROJECTS] {
        names.reserve(n);
    }
    let mut copies: Vec<(CardId, String, Grid)> = Vec::new();
    if unit.copies_cards() {
        let mut read: HashMap<FileId, Vec<Grid>> = HashMap::new();
        for id in &unit.cards {
            // Read again for the copies: a file gone or broken since the check fails this
            // unit's workbook (named), never leaves it without the copies its list links to.
            let grids = match read.entry(id.file) {
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                std::collections::hash_map::Entry::Vacant(v) => {
                    let Some(f) = files.get(id.file.index()) else {
                        continue;
                    };
                    let book = read_sheets(&f.path).map_err(|e| {
                        let why = match e {
                            OpenError::Empty => "文件是空的".to_string(),
                            OpenError::Unreadable(w) | OpenError::Io(w) => w,
                        };
                        anyhow::anyhow!("再次读取 `{}` 以复制其中的表时出错：{why}", f.display)
                    })?;
                    v.insert(book.grids)
                }
            };
            if let Some(pos) = grids.iter().position(|g| g.index == id.sheet as usize) {
                let grid = grids.swap_remove(pos);
                let name = names.take(&grid.name);
                copies.push((*id, name, grid));
            }
        }
    }
    let copy_of: HashMap<CardId, &str> = copies
        .iter()
        .map(|(id, name, _)| (*id, name.as_str()))
        .collect();

    let mut guide = guide_sheet(unit, copies.len(), opts)?;
    guide.set_active(true);
    book.push_worksheet(guide);

    if !unit.findings.is_empty() {
        let rows: Vec<FeedbackRow> = unit
            .findings
            .iter()
            .map(|f| FeedbackRow {
                severity: f.severity.label().into(),
                rule: f.rule.code().into(),
                project: f.project.to_string(),
                file: f.file.to_string(),
                sheet: f.sheet.to_string(),
                cell: f.cell_text(),
                message: explanation(f),
            })
            .collect();
        xlsx::add_sheets(&mut book, &[Sheet::of(sheet::FINDINGS, &rows)])?;
        let ws = book.worksheet_from_name(sheet::FINDINGS)?;
        let link = base()
            .set_font_color(Color::RGB(0x0563C1))
            .set_underline(FormatUnderline::Single);
        for (i, f) in unit.findings.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string_with_format(
                r,
                0,
                f.severity.label(),
                &base()
                    .set_background_color(Color::RGB(fill(f.severity)))
                    .set_align(FormatAlign::Center),
            )?;
            if let (Some(cell), Some(name)) = (f.cell, f.card_id.and_then(|id| copy_of.get(&id))) {
                let target = format!("internal:'{}'!{cell}", name.replace('\'', "''"));
                ws.write_url_with_format(r, 5, Url::new(target).set_text(cell.to_string()), &link)?;
            }
        }
    }
    if !unit.missing.is_empty() {
        xlsx::add_sheets(
            &mut book,
            &[Sheet::of(sheet::MISSING_PROJECTS, &unit.missing).with_total()],
        )?;
    }
    for (id, name, grid) in &copies {
        let findings: Vec<&Finding> = unit
            .findings
            .iter()
            .copied()
            .filter(|f| f.card_id == Some(*id))
            .collect();
        let title = unit.titles.get(id).copied();
        let origin = files
            .get(id.file.index())
            .map_or("", |f| f.display.as_str());
        let ws = card_copy(name, grid, &findings, title, origin)
            .with_context(|| format!("生成工作表“{name}”的副本失败"))?;
        book.push_worksheet(ws);
    }
    Ok(book)
}

/// Builds and saves one unit's workbook atomically into `path`.
pub fn write(
    unit: &UnitFeedback,
    files: &[InputFile],
    opts: &Options,
    path: &std::path::Path,
) -> Result<()> {
    let mut book = build(unit, files, opts)?;
    xlsx::save(&mut book, path)
}

/// The `反馈说明` sheet.
fn guide_sheet(unit: &UnitFeedback, copies: usize, opts: &Options) -> Result<Worksheet> {
    const WIDTHS: [f64; 5] = [14.0, 14.0, 14.0, 14.0, 18.0];
    let width: f64 = WIDTHS.iter().sum();
    let mut ws = Worksheet::new();
    ws.set_name(GUIDE_SHEET)?;
    for (i, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    let text = base().set_text_wrap().set_align(FormatAlign::Top);
    let heading = base().set_bold().set_font_size(11.5);
    let title = base()
        .set_bold()
        .set_font_size(15)
        .set_align(FormatAlign::Center);
    let boxed = base()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let header = boxed
        .clone()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7));
    let mut row: u32 = 0;
    let para = |ws: &mut Worksheet, row: &mut u32, s: &str, f: &Format| -> Result<()> {
        // LibreOffice and Excel set Chinese a little narrower than two units a character.
        let lines = lines_of(s, (width - 3.0) * 1.12);
        ws.merge_range(*row, 0, *row, 4, s, f)?;
        ws.set_row_height(*row, lines as f64 * 16.0 + 5.0)?;
        *row += 1;
        Ok(())
    };
    ws.merge_range(0, 0, 0, 4, &format!("{}审核反馈", opts.title), &title)?;
    ws.set_row_height(0, 32)?;
    row += 1;
    para(&mut ws, &mut row, &format!("单位：{}", unit.label()), &text)?;
    if !unit.department.is_empty() && unit.department != unit.name {
        para(
            &mut ws,
            &mut row,
            &format!("主管部门：{}", unit.department),
            &text,
        )?;
    }
    let verdict_fill = if unit.tally.errors > 0 {
        ERROR_FILL
    } else if unit.tally.warnings > 0 || unit.needs_fixing() {
        WARNING_FILL
    } else {
        0xE2EFDA
    };
    ws.write_string_with_format(row, 0, "审核结果", &header)?;
    ws.merge_range(
        row,
        1,
        row,
        4,
        &unit.status,
        &boxed
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(verdict_fill)),
    )?;
    ws.set_row_height(row, 22)?;
    row += 1;
    let cards = unit.cards.len();
    let counts = [
        ("错误", unit.tally.errors.to_string()),
        ("警告", unit.tally.warnings.to_string()),
        ("提示", unit.tally.infos.to_string()),
        ("报送文件", unit.files.len().to_string()),
        ("绩效表（张）", cards.to_string()),
    ];
    for (c, (h, v)) in counts.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &header)?;
        ws.write_string_with_format(row + 1, c as u16, v, &boxed)?;
    }
    ws.set_row_height(row, 20)?;
    ws.set_row_height(row + 1, 20)?;
    row += 3;

    para(&mut ws, &mut row, "报送的文件：", &heading)?;
    for f in &unit.files {
        para(&mut ws, &mut row, &format!("· {f}"), &text)?;
    }
    row += 1;

    para(&mut ws, &mut row, "一、需要做的", &heading)?;
    let mut todo: Vec<String> = Vec::new();
    if !unit.in_roster {
        todo.push(format!(
            "报送的表中的单位“{}”不在财政局的单位名册中（或无法识别报送单位）：请按名册核对单位全称，在表中写明后重新报送。",
            unit.name
        ));
    }
    if unit.tally.errors > 0 {
        todo.push(format!(
            "改正“问题清单”中的 {} 个错误（红色）：在原报送的工作簿中逐条改正，改好后重新报送整个工作簿。",
            unit.tally.errors
        ));
    }
    if unit.tally.warnings > 0 {
        todo.push(format!(
            "核实“问题清单”中的 {} 个警告（黄色）：确有错误的请改正；填写无误、确有理由的，请在表中相应栏目或备注中说明。",
            unit.tally.warnings
        ));
    }
    if !unit.missing.is_empty() {
        let blank = if unit.missing_blank > 0 {
            format!(
                "（其中 {} 个交回的是未填写的空白模板，见“问题清单”：填写后一并报送即可）",
                unit.missing_blank
            )
        } else {
            String::new()
        };
        todo.push(format!(
            "补报“缺报项目”中的 {} 个预算项目的{}表{blank}。",
            unit.missing.len(),
            opts.stage
        ));
    }
    if let Some(what) = &unit.chase {
        todo.push(format!("尚未报送：{what}。请补报。"));
    }
    if unit.needs_fixing() {
        if unit.tally.infos > 0 {
            todo.push(format!(
                "“问题清单”中另有 {} 条提示（蓝色），仅供参考，不必修改。",
                unit.tally.infos
            ));
        }
    } else {
        let mut s =
            format!("贵单位报送的 {cards} 张表已通过审核，没有需要改正的问题，无需重新报送。");
        if unit.tally.infos > 0 {
            s.push_str(&format!(
                "“问题清单”中有 {} 条提示，仅供参考。",
                unit.tally.infos
            ));
        }
        todo.push(s);
    }
    for (i, t) in todo.iter().enumerate() {
        para(&mut ws, &mut row, &format!("{}. {t}", i + 1), &text)?;
    }
    row += 1;

    para(&mut ws, &mut row, "二、本工作簿的内容", &heading)?;
    let mut parts: Vec<String> = Vec::new();
    if !unit.findings.is_empty() {
        parts.push(format!(
            "“问题清单”：{} 条，错误在前{}。",
            unit.findings.len(),
            if copies > 0 {
                "；“单元格”一栏可点击，跳到下面副本中的该单元格"
            } else {
                ""
            }
        ));
    }
    if !unit.missing.is_empty() {
        parts.push(format!(
            "“缺报项目”：{} 个预算项目没有报送{}表。",
            unit.missing.len(),
            opts.stage
        ));
    }
    if copies > 0 {
        parts.push(format!(
            "其后 {copies} 张工作表是所报各表的副本，单元格位置与报送的文件相同；有问题的单元格已按下列颜色标出，鼠标指向单元格可看批注（写明问题和改法）。副本仅供对照，请在原工作簿中修改，不要报送本反馈工作簿。"
        ));
    }
    if parts.is_empty() {
        parts.push("只有本说明。".into());
    }
    for p in &parts {
        para(&mut ws, &mut row, &format!("· {p}"), &text)?;
    }
    if copies > 0 || !unit.findings.is_empty() {
        let legend = [
            (Severity::Error, "须改正后重新报送"),
            (Severity::Warning, "请核实，确有理由的在表中说明"),
            (Severity::Info, "仅供参考"),
        ];
        for (sev, what) in legend {
            ws.write_string_with_format(
                row,
                0,
                sev.label(),
                &boxed.clone().set_background_color(Color::RGB(fill(sev))),
            )?;
            ws.merge_range(row, 1, row, 4, what, &base())?;
            ws.set_row_height(row, 20)?;
            row += 1;
        }
    }
    row += 1;

    para(&mut ws, &mut row, "三、报送要求", &heading)?;
    let deadline = opts.deadline.as_deref().unwrap_or("以财政局通知为准");
    let contact = opts.contact.as_deref().unwrap_or("见财政局通知");
    if unit.needs_fixing() {
        para(
            &mut ws,
            &mut row,
            &format!("重新报送截止时间：{deadline}"),
            &text,
        )?;
    } else {
        para(
            &mut ws,
            &mut row,
            &format!("报送截止时间：{deadline}"),
            &text,
        )?;
    }
    para(&mut ws, &mut row, &format!("联系人：{contact}"), &text)?;
    if unit.needs_fixing() {
        para(
            &mut ws,
            &mut row,
            "请以原格式（.xlsx）、原文件名重新报送改好的工作簿；有疑问请与联系人联系。",
            &text,
        )?;
    }
    ws.set_paper_size(9)
        .set_portrait()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3)
        .set_footer("&L&A&R第 &P 页，共 &N 页")
        .set_screen_gridlines(false);
    ws.set_print_area(0, 0, row.saturating_sub(1), 4)?;
    Ok(ws)
}

/// A copy of a card: its values at their cells, widths that fit, and each finding at its cell
/// as a fill and a note. Findings without a cell go to the card's title cell.
fn card_copy(
    name: &str,
    grid: &Grid,
    findings: &[&Finding],
    title: Option<CellRef>,
    origin: &str,
) -> Result<Worksheet> {
    let mut ws = Worksheet::new();
    ws.set_name(name)?;
    let anchor = title
        .or_else(|| grid.iter().next().map(|(at, _)| at))
        .unwrap_or(CellRef::new(0, 0));
    let mut at_cell: BTreeMap<(u32, u32), Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        let c = f.cell.unwrap_or(anchor);
        at_cell.entry((c.row, c.col)).or_default().push(f);
    }
    // Rows holding one cell only (titles, notes under the card): their text runs on over the
    // empty cells beside it instead of widening or wrapping its column.
    let mut per_row: HashMap<u32, usize> = HashMap::new();
    for (at, _) in grid.iter() {
        *per_row.entry(at.row).or_default() += 1;
    }
    let first_row = grid.iter().next().map(|(at, _)| at.row);
    let lone = |at: CellRef, text: &str| {
        per_row.get(&at.row) == Some(&1)
            && (Some(at.row) == first_row || xlsx::text_width(text) > 24)
    };
    let mut widths: BTreeMap<u32, f64> = BTreeMap::new();
    for (at, v) in grid.iter() {
        let text = v.display();
        if lone(at, &text) {
            continue;
        }
        let w = text.lines().map(xlsx::text_width).max().unwrap_or(0) as f64 + 2.0;
        let e = widths.entry(at.col).or_insert(6.0);
        *e = e.max(w.clamp(6.0, 40.0));
    }
    for &(_, c) in at_cell.keys() {
        widths.entry(c).or_insert(10.0);
    }
    for (&c, &w) in &widths {
        if c <= u32::from(u16::MAX) {
            ws.set_column_width(c as u16, w)?;
        }
    }
    let width_of = |c: u32| widths.get(&c).copied().unwrap_or(8.43);
    let mut heights: BTreeMap<u32, usize> = BTreeMap::new();
    let worst = |fs: &[&Finding]| fs.iter().map(|f| f.severity).min();
    let format_for =
        |sev: Option<Severity>, lone_cell: bool, title_row: bool, v: Option<&CellValue>| {
            let mut f = base();
            if lone_cell {
                if title_row {
                    f = f.set_bold().set_font_size(14);
                }
            } else {
                f = f.set_border(FormatBorder::Thin).set_text_wrap();
            }
            if let Some(CellValue::Date(_)) = v {
                f = f.set_num_format("yyyy/m/d");
            }
            if let Some(s) = sev {
                f = f.set_background_color(Color::RGB(fill(s)));
                if !lone_cell {
                    f = f.set_border(FormatBorder::Medium);
                }
            }
            f
        };
    for (at, v) in grid.iter() {
        let (r, c) = (at.row, at.col);
        if c > u32::from(u16::MAX) {
            continue;
        }
        let cc = c as u16;
        let text = v.display();
        let lone_cell = lone(at, &text);
        let sev = at_cell.get(&(r, c)).and_then(|fs| worst(fs));
        let f = format_for(sev, lone_cell, Some(r) == first_row, Some(v));
        match v {
            CellValue::Text(s) | CellValue::Error(s) => {
                ws.write_string_with_format(r, cc, xlsx::fit_cell(s), &f)?;
            }
            CellValue::Number(n) | CellValue::Date(n) => {
                ws.write_number_with_format(r, cc, *n, &f)?;
            }
            CellValue::Bool(b) => {
                ws.write_boolean_with_format(r, cc, *b, &f)?;
            }
        }
        if lone_cell {
            if Some(r) == first_row {
                heights.insert(r, usize::MAX);
            }
        } else {
            let lines = lines_of(&text, width_of(c)).min(30);
            let e = heights.entry(r).or_insert(1);
            if *e != usize::MAX {
                *e = (*e).max(lines);
            }
        }
    }
    for (&(r, c), fs) in &at_cell {
        if c > u32::from(u16::MAX) {
            continue;
        }
        let cc = c as u16;
        if grid.get(CellRef::new(r, c)).is_none() {
            ws.write_blank(r, cc, &format_for(worst(fs), false, false, None))?;
        }
        // A note holds a little less than a cell (rust_xlsxwriter keeps room for its author).
        let text = xlsx::fit_text(&note_text(fs), xlsx::CELL_LIMIT - 54).into_owned();
        let lines: usize = text
            .lines()
            .map(|l| (xlsx::text_width(l) as f64 / 44.0).ceil().max(1.0) as usize)
            .sum();
        let note = Note::new(text)
            .add_author_prefix(false)
            .set_author("财政局审核")
            .set_font_name(FONT)
            .set_font_size(10)
            .set_width(300)
            .set_height((lines as u32) * 16 + 12);
        ws.insert_note(r, cc, &note)?;
    }
    for (&r, &lines) in &heights {
        if lines == usize::MAX {
            ws.set_row_height(r, 24)?;
        } else if lines > 1 {
            ws.set_row_height(r, lines as f64 * LINE + 4.0)?;
        }
    }
    // Print: the copy's origin in the header, A4 (landscape when wide), one page wide.
    let total: f64 = widths.values().sum();
    const A4_PORTRAIT: f64 = 70.0;
    const A4_LANDSCAPE: f64 = 101.0;
    const MIN_SCALE: f64 = 9.0 / 10.5;
    ws.set_paper_size(if total <= A4_LANDSCAPE / MIN_SCALE {
        9
    } else {
        8
    });
    if total <= A4_PORTRAIT / MIN_SCALE {
        ws.set_portrait();
    } else {
        ws.set_landscape();
    }
    let origin = file_component(origin, 60).replace('&', "&&");
    let header = format!("&L副本：{origin}　工作表“{}”", grid.name.replace('&', "&&"));
    ws.set_header(&header)
        .set_footer("&L&A&R第 &P 页，共 &N 页")
        .set_margins(0.4, 0.4, 0.7, 0.6, 0.3, 0.3)
        .set_print_fit_to_pages(1, 0);
    let tab = match findings.iter().map(|f| f.severity).min() {
        Some(Severity::Error) => 0xC00000,
        Some(Severity::Warning) => 0xFFC000,
        _ => 0x70AD47,
    };
    ws.set_tab_color(Color::RGB(tab));
    Ok(ws)
}
