//! `jixiao publish` on the sample district's target workbook: one public workbook per unit with
//! counted projects and one for the district, no internal column anywhere, only the rows that
//! count, amounts to the cent.

mod common;

use calamine::{Data, Reader, open_workbook_auto};
use common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const INTERNAL: [&str; 9] = [
    "来源文件",
    "来源工作表",
    "来源行",
    "错误数",
    "警告数",
    "计入合计",
    "金额说明",
    "联系人",
    "邮箱",
];

/// Every data row of a sheet and its `(2)` continuations (total rows left out).
fn all_rows(path: &Path, name: &str) -> Table {
    let mut names: Vec<String> = sheet_names(path)
        .into_iter()
        .filter(|s| {
            s == name
                || s.strip_prefix(name)
                    .is_some_and(|r| r.starts_with('(') && r.ends_with(')'))
        })
        .collect();
    names.sort_by_key(|s| (s.len(), s.clone()));
    let mut t = read_sheet(path, &names[0]);
    for n in &names[1..] {
        t.rows.extend(read_sheet(path, n).rows);
    }
    t
}

fn cents(d: &Data) -> i64 {
    match d {
        Data::Float(f) => (f * 100.0).round() as i64,
        Data::Int(i) => i * 100,
        _ => 0,
    }
}

#[test]
fn the_sample_districts_targets_published_per_unit_without_internal_columns() {
    let w = Workdir::new();
    let root = project_dir();
    let f = |p: &str| root.join(p).display().to_string();
    let stage = w.path("目标汇总.xlsx");
    let code = w
        .run(&[
            "consolidate",
            &f("fixtures/targets"),
            "--roster",
            &f("fixtures/roster.xlsx"),
            "--budget",
            &f("fixtures/budget-2024.xlsx"),
            "--out",
            stage.to_str().unwrap(),
            "-q",
        ])
        .code();
    assert!(code <= 1, "consolidate failed: {code}");
    let out = w.path("公开");
    w.run(&[
        "publish",
        stage.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ])
    .expect_code(0);

    // The source: counted projects per unit, their amounts, and their cards.
    let src = all_rows(&stage, "项目汇总");
    let counted_col = src.header.iter().position(|h| h == "计入合计");
    let counts = |r: &Vec<Data>| counted_col.is_none_or(|c| cell_text(&r[c]) == "是");
    let mut per_unit: BTreeMap<String, (String, usize, i64)> = BTreeMap::new();
    let mut cards = BTreeSet::new();
    let (uc, un, tc) = (
        src.col("单位编码"),
        src.col("单位名称"),
        src.col("年度资金总额"),
    );
    let (fc, sc) = (src.col("来源文件"), src.col("来源工作表"));
    for r in src.rows.iter().filter(|r| counts(r)) {
        let e = per_unit
            .entry(cell_text(&r[uc]))
            .or_insert_with(|| (cell_text(&r[un]), 0, 0));
        e.1 += 1;
        e.2 += cents(&r[tc]);
        cards.insert((cell_text(&r[fc]), cell_text(&r[sc])));
    }
    assert!(per_unit.len() > 10, "{} units", per_unit.len());
    let ind = all_rows(&stage, "指标明细");
    let (ifc, isc, iuc) = (
        ind.col("来源文件"),
        ind.col("来源工作表"),
        ind.col("单位编码"),
    );
    let mut ind_per_unit: BTreeMap<String, usize> = BTreeMap::new();
    for r in &ind.rows {
        if cards.contains(&(cell_text(&r[ifc]), cell_text(&r[isc]))) {
            *ind_per_unit.entry(cell_text(&r[iuc])).or_default() += 1;
        }
    }

    // One workbook per unit with counted projects, plus the district's.
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), per_unit.len() + 1, "{files:?}");
    assert!(files.contains(&"全区_公开.xlsx".to_string()));

    for file in &files {
        let path = out.join(file);
        // No internal column in any sheet, no finding sheet.
        let mut book = open_workbook_auto(&path).unwrap();
        for name in book.sheet_names() {
            assert!(
                name.starts_with("项目汇总") || name.starts_with("指标明细"),
                "{file}: sheet {name}"
            );
            let range = book.worksheet_range(&name).unwrap();
            for h in range.rows().next().into_iter().flatten() {
                let h = cell_text(h);
                assert!(
                    !INTERNAL.contains(&header_name(&h)),
                    "{file} {name}: internal column {h}"
                );
            }
        }
        let p = all_rows(&path, "项目汇总");
        let i = all_rows(&path, "指标明细");
        let amount: i64 = p
            .rows
            .iter()
            .map(|r| cents(&r[p.col("年度资金总额")]))
            .sum();
        if file == "全区_公开.xlsx" {
            assert_eq!(p.rows.len(), per_unit.values().map(|u| u.1).sum::<usize>());
            assert_eq!(amount, per_unit.values().map(|u| u.2).sum::<i64>());
            assert_eq!(i.rows.len(), ind_per_unit.values().sum::<usize>());
            let total = p.total_num("年度资金总额").expect("total row");
            assert_eq!((total * 100.0).round() as i64, amount);
        } else {
            let unit = file.split('_').next().unwrap();
            let (name, n, money) = &per_unit[unit];
            assert_eq!(*file, format!("{unit}_{name}_公开.xlsx"));
            assert_eq!(p.rows.len(), *n, "{file}");
            assert_eq!(amount, *money, "{file}");
            assert_eq!(
                i.rows.len(),
                ind_per_unit.get(unit).copied().unwrap_or(0),
                "{file}"
            );
            // Money is a number, not text.
            assert!(
                p.rows.iter().all(|r| matches!(
                    r[p.col("年度资金总额")],
                    Data::Float(_) | Data::Int(_) | Data::Empty
                )),
                "{file}"
            );
        }
    }
}
