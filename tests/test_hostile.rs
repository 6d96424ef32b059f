//! Hostile and broken inputs: memory follows the cells present, one bad file never takes the
//! run down, and every broken file is one finding naming it.

mod common;

use common::*;
use rust_xlsxwriter::Workbook;
use std::io::{Read, Write};
use std::process::Command;

/// Runs jixiao under a 1 GiB address-space limit: reading the full rectangle of a sheet that
/// declares A1:XFD1048576 would need tens of gigabytes.
fn run_limited(wd: &Workdir, args: &str) -> std::process::Output {
    let cmd = format!(
        "ulimit -v 1048576; exec '{}' {args}",
        env!("CARGO_BIN_EXE_jixiao")
    );
    Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .current_dir(wd.dir.path())
        .output()
        .unwrap()
}

#[test]
fn a_stray_cell_at_xfd1048576_costs_nothing() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    minimal_card(&mut book, "卡片", "校舍维修")
        .write_string(1_048_575, 16_383, "stray")
        .unwrap();
    book.save(wd.path("far.xlsx")).unwrap();
    let out = run_limited(&wd, "validate far.xlsx --format json");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(json["project_cards"], 1);
    assert_eq!(json["errors"], 0, "{json}");
}

/// Rewrites the `<dimension ref=…>` of every worksheet in an xlsx.
fn declare_dimension(src: &std::path::Path, dst: &std::path::Path, dim: &str) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("xl/worksheets/sheet") {
            let text = String::from_utf8(body).unwrap();
            let start = text.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
            let end = start + text[start..].find('"').unwrap();
            body = format!("{}{}{}", &text[..start], dim, &text[end..]).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&body).unwrap();
    }
    zout.finish().unwrap();
}

#[test]
fn a_declared_dimension_of_the_whole_sheet_is_ignored() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    minimal_card(&mut book, "卡片", "校舍维修");
    book.save(wd.path("plain.xlsx")).unwrap();
    declare_dimension(
        &wd.path("plain.xlsx"),
        &wd.path("huge.xlsx"),
        "A1:XFD1048576",
    );
    std::fs::remove_file(wd.path("plain.xlsx")).unwrap();
    let out = run_limited(&wd, "validate huge.xlsx --format json");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(json["project_cards"], 1);
    assert_eq!(json["errors"], 0, "{json}");
}

#[test]
fn broken_files_are_one_finding_each_and_the_run_goes_on() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    minimal_card(&mut book, "卡片", "校舍维修");
    book.save(wd.path("good.xlsx")).unwrap();
    let good = std::fs::read(wd.path("good.xlsx")).unwrap();
    std::fs::write(wd.path("truncated.xlsx"), &good[..good.len() / 2]).unwrap();
    std::fs::write(
        wd.path("page.xls"),
        "<html><body><table><tr><td>项目名称</td></tr></table></body></html>",
    )
    .unwrap();
    std::fs::write(wd.path("empty.xlsx"), b"").unwrap();
    std::fs::write(wd.path("garbage.xlsb"), [0u8, 159, 146, 150, 1, 2, 3]).unwrap();
    // Zip that is not a workbook.
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(wd.path("notabook.ods")).unwrap());
        z.start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(b"hello").unwrap();
        z.finish().unwrap();
    }
    std::fs::write(wd.path("~$good.xlsx"), b"lock").unwrap();
    let run = wd.run(&["validate", ".", "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    assert_eq!(json["files"], 6, "the lock file is not counted");
    assert_eq!(json["project_cards"], 1);
    let mut by_file: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    by_file.sort();
    let want: Vec<(String, String)> = [
        ("empty.xlsx", "F02"),
        ("garbage.xlsb", "F01"),
        ("notabook.ods", "F01"),
        ("page.xls", "F01"),
        ("truncated.xlsx", "F01"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(by_file, want);
    for f in json["findings"].as_array().unwrap() {
        assert!(
            f["sheet"].is_null(),
            "a file-level finding has no sheet: {f}"
        );
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "message in Chinese: {f}"
        );
    }
}

/// A fault inside jixiao itself (planted by the test-only `JIXIAO_TEST_PANIC`: a panic while a
/// file is read, or while a card is checked) is one F04 finding, never a crash: the other files
/// and cards are read, checked and consolidated.
#[test]
fn a_fault_in_reading_or_checking_is_isolated_to_its_file_or_card() {
    let wd = Workdir::new();
    for (file, sheets) in [("a.xlsx", &["甲", "乙"][..]), ("b.xlsx", &["丙"][..])] {
        let mut book = Workbook::new();
        for s in sheets {
            minimal_card(&mut book, s, "校舍维修");
        }
        book.save(wd.path(file)).unwrap();
    }
    let rules = |run: &Run| -> Vec<(String, String, String)> {
        let mut v: Vec<_> = run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "F04")
            .map(|f| {
                (
                    f["file"].as_str().unwrap().to_string(),
                    f["sheet"].as_str().unwrap_or("").to_string(),
                    f["cell"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        v.sort();
        v
    };
    // A card: one finding at its title, the other two cards counted.
    let run = wd.run_env(
        &["validate", ".", "--format", "json"],
        &[("JIXIAO_TEST_PANIC", Some("乙"))],
    );
    run.expect_code(1);
    assert_eq!(
        rules(&run),
        [("a.xlsx".to_string(), "乙".to_string(), "A1".to_string())]
    );
    assert_eq!(run.json()["project_cards"], 3);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    // A file: one finding naming it, the other file's card consolidated.
    let run = wd.run_env(
        &["consolidate", ".", "--out", "汇总.xlsx", "--format", "json"],
        &[("JIXIAO_TEST_PANIC", Some("a.xlsx"))],
    );
    run.expect_code(1);
    assert!(!run.stderr().contains("panicked"), "{}", run.stderr());
    let projects = read_sheet(&wd.path("汇总.xlsx"), "项目汇总");
    assert_eq!(projects.rows.len(), 1);
    assert_eq!(projects.text(0, "来源文件"), "b.xlsx");
    let findings = read_sheet(&wd.path("汇总.xlsx"), "问题清单");
    assert!(
        (0..findings.rows.len())
            .any(|r| findings.text(r, "规则编码") == "F04"
                && findings.text(r, "来源文件") == "a.xlsx"),
        "{findings:?}"
    );
}

#[test]
fn a_sheet_of_far_repeated_ods_cells_is_refused_without_exhausting_memory() {
    let wd = Workdir::new();
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="S1"><table:table-row><table:table-cell office:value-type="string"><text:p>项目支出绩效目标申报表</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut z = zip::ZipWriter::new(std::fs::File::create(wd.path("far.ods")).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    z.start_file("mimetype", stored).unwrap();
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    z.start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    z.write_all(content.as_bytes()).unwrap();
    z.finish().unwrap();
    let out = run_limited(&wd, "validate far.ods --format json");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    assert_eq!(json["findings"][0]["file"], "far.ods");
}

#[test]
fn a_password_protected_workbook_is_one_finding_that_says_so() {
    let wd = Workdir::new();
    let file = project_dir()
        .join("tests/data/broken/encrypted.xlsx")
        .display()
        .to_string();
    let run = wd.run(&["validate", &file, "--format", "json"]);
    run.expect_code(1);
    let json = run.json();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["rule"], "F01");
    assert!(
        findings[0]["message"].as_str().unwrap().contains("密码"),
        "{}",
        findings[0]
    );
}

#[test]
fn a_card_without_its_title_is_recognised_by_its_structure() {
    let wd = Workdir::new();
    let mut book = Workbook::new();
    let ws = minimal_card(&mut book, "无标题", "校舍维修");
    // The title row deleted, as a unit tidying "the heading" away would.
    ws.clear_cell(0, 0);
    // And a sheet that is no card at all stays skipped.
    let other = book.add_worksheet();
    other.set_name("说明").unwrap();
    other.write_string(0, 0, "请于3月15日前报送").unwrap();
    book.save(wd.path("untitled.xlsx")).unwrap();
    let run = wd.run(&["validate", "untitled.xlsx", "--format", "json"]);
    run.expect_code(0);
    let json = run.json();
    assert_eq!(json["project_cards"], 1);
    let rules: Vec<(&str, &str)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["rule"].as_str().unwrap(), f["sheet"].as_str().unwrap()))
        .collect();
    assert_eq!(rules, [("S10", "无标题"), ("S01", "说明")]);
}

/// A deterministic stream of pseudo-random numbers (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Copies an xlsx with bytes of one worksheet's XML changed at random: inside the zip, so that
/// the damage reaches the XML reader and the card reader, not just the zip's checksum.
fn mangle(src: &std::path::Path, dst: &std::path::Path, rng: &mut Rng, changes: usize) {
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let sheets: Vec<String> = zin
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .map(|n| n.to_string())
        .collect();
    let victim = sheets[(rng.next() as usize) % sheets.len()].clone();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    const NOISE: &[u8] = b"0123456789<>/=\"' -.:ABCDEFcrvtsf";
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let mut body = Vec::new();
        f.read_to_end(&mut body).unwrap();
        let name = f.name().unwrap().to_string();
        if name == victim && !body.is_empty() {
            for _ in 0..changes {
                let at = (rng.next() as usize) % body.len();
                body[at] = NOISE[(rng.next() as usize) % NOISE.len()];
            }
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&body).unwrap();
    }
    zout.finish().unwrap();
}

#[test]
fn mangled_workbooks_never_take_the_run_down() {
    let wd = Workdir::new();
    let targets = project_dir().join("fixtures/targets");
    let mut sources: Vec<std::path::PathBuf> = std::fs::read_dir(&targets)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "xlsx")
                && !p.file_name().unwrap().to_string_lossy().starts_with("~$")
        })
        .collect();
    sources.sort();
    let mut rng = Rng(20_241_124);
    let dir = wd.path("mangled");
    std::fs::create_dir_all(&dir).unwrap();
    let mut made = 0;
    for (i, src) in sources.iter().step_by(4).take(24).enumerate() {
        for changes in [1, 5, 40] {
            mangle(
                src,
                &dir.join(format!("m{i:02}-{changes}.xlsx")),
                &mut rng,
                changes,
            );
            made += 1;
        }
    }
    let run = wd.run(&["validate", "mangled", "--format", "json", "-q"]);
    assert!(
        matches!(run.code(), 0 | 1),
        "exit {} — {}",
        run.code(),
        run.stderr()
    );
    let json = run.json();
    assert_eq!(json["files"], made);
    // One damaged sheet never costs the workbook's other cards.
    let findings = json["findings"].as_array().unwrap();
    let cards = json["cards"].as_u64().unwrap();
    assert!(
        cards >= made as u64,
        "{cards} cards from {made} workbooks of several cards each"
    );
    assert!(
        findings.iter().any(|f| f["rule"] == "F05"),
        "some sheets were broken beyond reading"
    );
}
