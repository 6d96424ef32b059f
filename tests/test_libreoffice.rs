//! The consolidated workbook opens in a real spreadsheet program: LibreOffice converts it to CSV
//! and re-saves it, and the re-saved file reads back with the same values. Skipped loudly where
//! LibreOffice is not installed (CI installs it).

mod common;

use calamine::{Reader, open_workbook_auto};
use common::*;

#[test]
fn consolidated_workbook_opens_in_libreoffice_with_the_same_values() {
    let Some(soffice) =
        soffice_or_skip("consolidated_workbook_opens_in_libreoffice_with_the_same_values")
    else {
        return;
    };
    let wd = Workdir::new();
    let input = project_dir()
        .join("tests/data/external")
        .display()
        .to_string();
    wd.run(&[
        "consolidate",
        &input,
        "--stage",
        "target",
        "--out",
        "out.xlsx",
        "-q",
    ]);
    let out = wd.path("out.xlsx");
    assert!(out.exists());
    let profile = format!(
        "-env:UserInstallation=file://{}",
        wd.path("lo-profile").display()
    );
    for (fmt, dir) in [("csv", "csv"), ("xlsx", "resaved")] {
        let status = soffice_command(&soffice)
            .args([
                &profile,
                "--headless",
                "--convert-to",
                fmt,
                "--outdir",
                &wd.path(dir).display().to_string(),
                &out.display().to_string(),
            ])
            .output()
            .expect("run soffice");
        assert!(
            status.status.success(),
            "soffice --convert-to {fmt} failed: {}",
            String::from_utf8_lossy(&status.stderr)
        );
    }
    assert!(wd.path("csv/out.csv").exists(), "LibreOffice wrote no CSV");
    let mut a = open_workbook_auto(&out).unwrap();
    let mut b = open_workbook_auto(wd.path("resaved/out.xlsx")).unwrap();
    assert_eq!(a.sheet_names(), b.sheet_names());
    for name in a.sheet_names() {
        let ra = a.worksheet_range(&name).unwrap();
        let rb = b.worksheet_range(&name).unwrap();
        assert_eq!(ra.get_size(), rb.get_size(), "sheet {name}");
        for (x, y) in ra.rows().zip(rb.rows()) {
            let xs: Vec<String> = x.iter().map(cell_text).collect();
            let ys: Vec<String> = y.iter().map(cell_text).collect();
            assert_eq!(xs, ys, "sheet {name}");
        }
    }
}
