//! The workbooks print: LibreOffice turns the sample district's consolidated workbook and the
//! 问题清单 that goes back to units into PDF, and poppler's `pdftotext -bbox` says that no text is
//! set below 9 pt and that every page has its page number. Skipped loudly where LibreOffice or
//! poppler is not installed (CI installs both).

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.exists())
}

/// Per page: the number of words, the smallest text height (points), and whether the page
/// carries `第 N 页`.
fn pages(pdf: &Path) -> Vec<(usize, f64, bool)> {
    let html = pdf.with_extension("html");
    let status = Command::new(tool("pdftotext").unwrap())
        .arg("-bbox")
        .arg(pdf)
        .arg(&html)
        .status()
        .unwrap();
    assert!(status.success());
    let text = std::fs::read_to_string(&html).unwrap();
    let word = regex::Regex::new(
        r#"<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>"#,
    )
    .unwrap();
    let page_no = regex::Regex::new(r"第\s*\d+\s*页").unwrap();
    text.split("<page ")
        .skip(1)
        .map(|p| {
            let mut smallest = f64::MAX;
            let mut words = Vec::new();
            for c in word.captures_iter(p) {
                let h = c[2].parse::<f64>().unwrap() - c[1].parse::<f64>().unwrap();
                smallest = smallest.min(h);
                words.push(c[3].to_string());
            }
            let joined = words.join(" ");
            (words.len(), smallest, page_no.is_match(&joined))
        })
        .collect()
}

fn to_pdf(soffice: &Path, wd: &Workdir, book: &Path) -> PathBuf {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        wd.path("lo-profile").display()
    );
    let out = soffice_command(soffice)
        .args([
            &profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            &wd.path("pdf").display().to_string(),
            &book.display().to_string(),
        ])
        .output()
        .unwrap();
    let pdf = wd
        .path("pdf")
        .join(book.file_stem().unwrap())
        .with_extension("pdf");
    assert!(
        pdf.exists(),
        "LibreOffice wrote no PDF: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// The height pdftotext gives a word set in 9 pt, measured on a workbook that prints 9 pt text
/// at 100% (the box runs from the font's ascent to its descent, so it is taller than 9).
fn nine_point_height(soffice: &Path, wd: &Workdir) -> f64 {
    let path = wd.path("参考.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    let f = rust_xlsxwriter::Format::new()
        .set_font_name("宋体")
        .set_font_size(9);
    ws.write_string_with_format(0, 0, "参考文字", &f).unwrap();
    ws.set_print_scale(100);
    book.save(&path).unwrap();
    let pdf = to_pdf(soffice, wd, &path);
    let p = pages(&pdf);
    assert!(p[0].0 > 0, "the reference prints");
    p[0].1
}

fn assert_prints(pdf: &Path, nine: f64) {
    let pages = pages(pdf);
    assert!(!pages.is_empty(), "{}: no page", pdf.display());
    for (i, (words, smallest, numbered)) in pages.iter().enumerate() {
        if *words == 0 {
            continue;
        }
        assert!(
            *smallest >= nine - 0.05,
            "{} page {}: text smaller than 9 pt ({smallest:.1} against {nine:.1} for 9 pt)",
            pdf.display(),
            i + 1
        );
        assert!(numbered, "{} page {}: no page number", pdf.display(), i + 1);
    }
}

#[test]
fn the_consolidated_workbook_and_the_findings_print_at_9_pt_with_page_numbers() {
    let test = "the_consolidated_workbook_and_the_findings_print_at_9_pt_with_page_numbers";
    let Some(soffice) = soffice_or_skip(test) else {
        return;
    };
    if tool("pdftotext").is_none() {
        skip(
            test,
            "poppler-utils (pdftotext) is not installed; .ci/run installs it",
        );
        return;
    }
    let wd = Workdir::new();
    let f = project_dir().join("fixtures");
    let s = |p: &str| f.join(p).display().to_string();
    wd.run(&[
        "consolidate",
        &s("targets"),
        "--roster",
        &s("roster.xlsx"),
        "--budget",
        &s("budget-2024.xlsx"),
        "--out",
        "汇总.xlsx",
        "-q",
    ])
    .expect_code(1);
    wd.run(&[
        "validate",
        &s("targets"),
        "--roster",
        &s("roster.xlsx"),
        "--report",
        "问题清单.xlsx",
        "-q",
        "--format",
        "json",
    ])
    .expect_code(1);
    let nine = nine_point_height(&soffice, &wd);
    for book in ["汇总.xlsx", "问题清单.xlsx"] {
        let pdf = to_pdf(&soffice, &wd, &wd.path(book));
        assert_prints(&pdf, nine);
    }
}
