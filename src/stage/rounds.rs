//! Review rounds: what changed since the previous round of the same stage (`--previous`). Each
//! finding of the previous workbook's 问题清单 is fixed (not found again), still open, or the
//! current one is new; cards are added or withdrawn.

use crate::batch::{Batch, Entry};
use crate::forms::Field;
use crate::read::label::name_key;
use crate::schema::{Consolidated, PastFinding, col, project_key};
use crate::table_row;
use std::collections::{BTreeMap, HashSet};

table_row! {
    /// 整改情况: one row per finding fixed, open or new, and per card added or withdrawn.
    pub struct ReviewRow {
        unit_code: String => col::UNIT_CODE, Code;
        unit_name: String => col::UNIT_NAME, Text;
        project: String => col::PROJECT_NAME, Text;
        state: String => col::REVIEW_STATE, Text;
        rule: String => col::RULE, Text;
        severity: String => col::SEVERITY, Text;
        cell: String => col::CELL, Text;
        message: String => col::MESSAGE, LongText;
        file: String => col::THIS_FILE, Text;
        sheet: String => col::THIS_SHEET, Text;
        previous_file: String => col::LAST_FILE, Text;
        previous_sheet: String => col::LAST_SHEET, Text;
    }
}

/// The states of 整改情况: written here, read by the annual report, so they live in the schema.
pub use crate::schema::review_state as state;

/// A unit's changes, for the terminal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitChange {
    pub unit: String,
    pub counts: BTreeMap<&'static str, usize>,
}

fn key(unit: &str, project: &str, rule: &str) -> (String, String, String) {
    (unit.to_string(), name_key(project), rule.to_string())
}

/// 整改情况, and the changes per unit (units where something changed).
pub fn review(batch: &Batch, last: &Consolidated) -> (Vec<ReviewRow>, Vec<UnitChange>) {
    let mut rows = Vec::new();
    // This round's findings, matched to the last round's by unit, project, rule and cell, then
    // by unit, project and rule (a row moved).
    let mut unmatched: Vec<bool> = vec![true; batch.findings.len()];
    let mut matched_last: Vec<Option<usize>> = vec![None; last.findings.len()];
    let mut by_key: std::collections::HashMap<(String, String, String), Vec<usize>> =
        Default::default();
    for (j, f) in batch.findings.iter().enumerate() {
        by_key
            .entry(key(&f.unit_code, &f.project, f.rule.code()))
            .or_default()
            .push(j);
    }
    for exact in [true, false] {
        for (i, p) in last.findings.iter().enumerate() {
            if matched_last[i].is_some() {
                continue;
            }
            let k = key(&p.unit_code, &p.project, &p.rule);
            let found = by_key
                .get(&k)
                .into_iter()
                .flatten()
                .copied()
                .find(|&j| unmatched[j] && (!exact || batch.findings[j].cell_text() == p.cell));
            if let Some(j) = found {
                unmatched[j] = false;
                matched_last[i] = Some(j);
            }
        }
    }
    let row = |p: &PastFinding, state: &str| ReviewRow {
        unit_code: p.unit_code.clone(),
        unit_name: p.unit_name.clone(),
        project: p.project.clone(),
        state: state.into(),
        rule: p.rule.clone(),
        severity: p.severity.clone(),
        cell: p.cell.clone(),
        message: p.message.clone(),
        file: String::new(),
        sheet: String::new(),
        previous_file: p.file.clone(),
        previous_sheet: p.sheet.clone(),
    };
    for (i, p) in last.findings.iter().enumerate() {
        match matched_last[i] {
            None => rows.push(row(p, state::FIXED)),
            Some(j) => {
                let f = &batch.findings[j];
                let mut r = row(p, state::OPEN);
                r.file = f.file.to_string();
                r.sheet = f.sheet.to_string();
                r.cell = f.cell_text();
                r.message = f.message.to_string();
                rows.push(r);
            }
        }
    }
    for (j, f) in batch.findings.iter().enumerate() {
        if unmatched[j] {
            rows.push(ReviewRow {
                unit_code: f.unit_code.to_string(),
                unit_name: f.unit_name.to_string(),
                project: f.project.to_string(),
                state: state::NEW.into(),
                rule: f.rule.code().into(),
                severity: f.severity.label().into(),
                cell: f.cell_text(),
                message: f.message.to_string(),
                file: f.file.to_string(),
                sheet: f.sheet.to_string(),
                previous_file: String::new(),
                previous_sheet: String::new(),
            });
        }
    }
    // Cards: the last round's counted projects against this round's.
    let now: Vec<&Entry> = batch
        .projects()
        .filter(|e| e.counts() && !e.card.kind.is_unit_wide())
        .collect();
    let entry_keys = |e: &Entry| {
        let name = e.card.text(Field::ProjectName);
        let code = e.card.project_code().unwrap_or("");
        [
            project_key(&e.unit_code, code, name),
            project_key(&e.unit_code, "", name),
        ]
    };
    let now_keys: HashSet<(String, String)> = now.iter().flat_map(|e| entry_keys(e)).collect();
    let mut last_keys: HashSet<(String, String)> = HashSet::new();
    for p in last.projects.iter().filter(|p| p.counted) {
        last_keys.insert(p.key());
        last_keys.insert(project_key(&p.unit_code, "", &p.name));
        if !now_keys.contains(&p.key())
            && !now_keys.contains(&project_key(&p.unit_code, "", &p.name))
        {
            rows.push(ReviewRow {
                unit_code: p.unit_code.clone(),
                unit_name: p.unit_name.clone(),
                project: p.name.clone(),
                state: state::WITHDRAWN.into(),
                rule: String::new(),
                severity: String::new(),
                cell: String::new(),
                message: "上一轮报送的项目表，本轮不再计入".into(),
                file: String::new(),
                sheet: String::new(),
                previous_file: p.src_file.clone(),
                previous_sheet: p.src_sheet.clone(),
            });
        }
    }
    // A card the last round held but did not count (an untouched template, say) is not new.
    for (unit, code, name) in &last.uncounted {
        last_keys.insert(project_key(unit, code, name));
        last_keys.insert(project_key(unit, "", name));
    }
    for e in now {
        if entry_keys(e).iter().any(|k| last_keys.contains(k)) {
            continue;
        }
        rows.push(ReviewRow {
            unit_code: e.unit_code.to_string(),
            unit_name: e.unit_name.to_string(),
            project: e.card.text(Field::ProjectName).to_string(),
            state: state::ADDED.into(),
            rule: String::new(),
            severity: String::new(),
            cell: String::new(),
            message: "本轮新报送的项目表".into(),
            file: e.card.src.file.to_string(),
            sheet: e.card.src.sheet.to_string(),
            previous_file: String::new(),
            previous_sheet: String::new(),
        });
    }
    let order = |s: &str| state::ALL.iter().position(|x| *x == s).unwrap_or(9);
    rows.sort_by(|a, b| {
        (
            &a.unit_code,
            &a.unit_name,
            order(&a.state),
            &a.project,
            &a.cell,
        )
            .cmp(&(
                &b.unit_code,
                &b.unit_name,
                order(&b.state),
                &b.project,
                &b.cell,
            ))
    });
    let mut units: BTreeMap<(String, String), UnitChange> = BTreeMap::new();
    for r in &rows {
        let u = units
            .entry((r.unit_code.clone(), r.unit_name.clone()))
            .or_insert_with(|| UnitChange {
                unit: if r.unit_name.is_empty() {
                    r.unit_code.clone()
                } else {
                    r.unit_name.clone()
                },
                counts: BTreeMap::new(),
            });
        let s = state::ALL
            .iter()
            .copied()
            .find(|s| *s == r.state)
            .unwrap_or(state::NEW);
        *u.counts.entry(s).or_default() += 1;
    }
    // A unit with only open findings did not change.
    let changes = units
        .into_values()
        .filter(|u| u.counts.keys().any(|s| *s != state::OPEN))
        .collect();
    (rows, changes)
}
