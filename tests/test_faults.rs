//! Faults of the machine and the file system, through the real binary: links to nothing, link
//! loops, pipes, odd and long names, folders that cannot be opened, an output folder that is
//! read-only, disappears or fills up, an output that is also an input, two runs writing the
//! same output, files that vanish or change while read, 20,000 files under a low open-file
//! limit. Each gives a Chinese finding or error naming the file and the exit status of FORMS §8;
//! outputs are whole or absent, inputs are never changed, and every file found is counted as
//! read, skipped or failed (docs/RELIABILITY.md).

// Links, pipes, permission bits, resource limits: the faults of a Unix file system.
#![cfg(unix)]

mod common;

use common::*;
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStringExt;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const JIXIAO: &str = env!("CARGO_BIN_EXE_jixiao");

/// Rules whose finding means the file could not be read at all.
const FAILED_RULES: &[&str] = &["F01", "F02", "F04", "F06"];

/// Writes a minimal clean target card into a workbook of its own.
fn card_file(path: &Path, project: &str) {
    let mut book = Workbook::new();
    minimal_card(&mut book, "卡片", project);
    book.save(path).unwrap();
}

/// The smallest workbook calamine reads: one sheet, one cell (no styles, no theme), so that
/// thousands of copies are read quickly in a debug build.
fn tiny_workbook(path: &Path) {
    let parts: &[(&str, &str)] = &[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/worksheets/sheet1.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>说明</t></is></c></row></sheetData></worksheet>"#,
        ),
    ];
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    for (name, body) in parts {
        z.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body.as_bytes()).unwrap();
    }
    z.finish().unwrap();
}

/// The SHA-256 of every regular file under `dir` (links not followed): compared before and
/// after a run, it shows that no input was changed, added or removed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).unwrap();
            let hash = Sha256::digest(&bytes);
            let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
            out.insert(e.path().to_path_buf(), hex);
        }
    }
    out
}

fn hash_file(path: &Path) -> String {
    let hash = Sha256::digest(std::fs::read(path).unwrap());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Temporary files an interrupted write would leave (`.jixiao-*.tmp`) anywhere under `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".jixiao-"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Runs a command, killed after `secs` seconds (a reader blocked on a pipe fails the test
/// instead of hanging it).
fn run_within(mut cmd: Command, secs: u64) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    // Drain the pipes on threads so that a large output never blocks the child.
    let mut so = child.stdout.take().unwrap();
    let mut se = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut so, &mut v).ok();
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut se, &mut v).ok();
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(secs) {
            child.kill().ok();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

fn jixiao(wd: &Workdir, args: &[&str]) -> Command {
    let mut c = Command::new(JIXIAO);
    c.args(args).current_dir(wd.dir.path());
    c
}

/// `sh -c` with a resource limit (`ulimit …`) in front of jixiao.
fn limited(wd: &Workdir, limit: &str, args: &[&str]) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("{limit}; exec \"$0\" \"$@\""))
        .arg(JIXIAO)
        .args(args)
        .current_dir(wd.dir.path());
    c
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn show(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        text(&o.stdout),
        text(&o.stderr)
    )
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", show(o)))
}

/// The counts of a JSON summary, checked to add up.
fn counts(json: &Value) -> (u64, u64, u64, u64) {
    let c = &json["counts"];
    let n = |k: &str| {
        c[k].as_u64()
            .unwrap_or_else(|| panic!("no counts.{k} in {c}"))
    };
    let (found, read, skipped, failed) = (n("found"), n("read"), n("skipped"), n("failed"));
    assert_eq!(found, read + skipped + failed, "counts add up: {c}");
    (found, read, skipped, failed)
}

fn findings(json: &Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or("").to_string(),
                f["rule"].as_str().unwrap_or("").to_string(),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The message of the finding of `rule` about `file`.
fn finding_about(json: &Value, file: &str, rule: &str) -> String {
    findings(json)
        .into_iter()
        .find(|(f, r, _)| f == file && r == rule)
        .map(|(_, _, m)| m)
        .unwrap_or_else(|| panic!("no {rule} about {file}: {:#?}", findings(json)))
}

fn has_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Every file under a folder, counted as the user sees them (links included, not followed).
fn files_under(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .count()
}

fn fixtures() -> PathBuf {
    project_dir().join("fixtures")
}

/// Copies a few of the sample district's returns into `dir`.
fn some_returns(dir: &Path, skip: usize, n: usize) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join("targets"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("申报表.xlsx") && !n.starts_with("~$"))
        .collect();
    names.sort();
    let names: Vec<String> = names.into_iter().skip(skip).take(n).collect();
    for n in &names {
        std::fs::copy(fixtures().join("targets").join(n), dir.join(n)).unwrap();
    }
    names
}

/// The prefix that runs a child as `nobody` (root ignores permission bits), if the machine can.
fn unprivileged(test: &str) -> Option<Vec<&'static str>> {
    let prefix = vec![
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    let ok = Command::new(prefix[0])
        .args(&prefix[1..])
        .arg("true")
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip(
            test,
            "cannot drop privileges (setpriv missing or refused); as root permission bits are ignored",
        );
        return None;
    }
    Some(prefix)
}

fn as_nobody(prefix: &[&str], wd: &Workdir, args: &[&str]) -> Command {
    let mut c = Command::new(prefix[0]);
    c.args(&prefix[1..])
        .arg(JIXIAO)
        .args(args)
        .current_dir(wd.dir.path());
    c
}

/// The scratch folder open to `nobody` (a temporary folder is private to its owner).
fn open_to_all(wd: &Workdir) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(wd.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn mkfifo(p: &Path) {
    let st = Command::new("mkfifo").arg(p).status().expect("mkfifo");
    assert!(st.success());
}

#[test]
fn counts_add_up_on_the_sample_district() {
    let wd = Workdir::new();
    let targets = fixtures().join("targets");
    let before = snapshot(&targets);
    let common = [
        "--roster",
        "fixtures/roster.xlsx",
        "--budget",
        "fixtures/budget-2024.xlsx",
    ];
    let run = |args: &[&str]| {
        let mut c = Command::new(JIXIAO);
        c.args(args).args(common).current_dir(project_dir());
        run_within(c, 300)
    };
    let v = run(&["validate", "fixtures/targets", "--format", "json"]);
    assert_eq!(v.status.code(), Some(1), "{}", show(&v));
    let json = json_of(&v);
    let (found, read, skipped, failed) = counts(&json);
    assert_eq!(found as usize, files_under(&targets), "every file is found");
    assert_eq!(
        json["files"].as_u64().unwrap(),
        read + failed,
        "the workbooks tried are read or failed"
    );
    let skipped_files: BTreeSet<&str> = json["skipped_files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(skipped_files.len() as u64, skipped);
    assert!(skipped_files.contains(".DS_Store") && skipped_files.contains("manifest.json"));
    // Each failed file is named by one finding of a rule that says so.
    let named: BTreeSet<String> = findings(&json)
        .into_iter()
        .filter(|(_, r, _)| FAILED_RULES.contains(&r.as_str()))
        .map(|(f, _, _)| f)
        .collect();
    assert_eq!(named.len() as u64, failed, "{named:?}");
    // The same counts in the other summaries.
    let c = run(&[
        "consolidate",
        "fixtures/targets",
        "--out",
        &wd.path("汇总.xlsx").display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(c.status.code(), Some(1), "{}", show(&c));
    assert_eq!(json_of(&c)["counts"], json["counts"]);
    let stderr = text(&c.stderr);
    assert!(
        stderr.contains(&format!(
            "找到 {found} 个文件（读取 {read}，跳过 {skipped}，无法读取 {failed}）"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("无法读取的文件："), "{stderr}");
    let cov = run(&["coverage", "fixtures/targets", "--format", "json"]);
    assert_eq!(json_of(&cov)["counts"], json["counts"], "{}", show(&cov));
    let fb = run(&[
        "feedback",
        "fixtures/targets",
        "--out",
        &wd.path("反馈").display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(json_of(&fb)["counts"], json["counts"], "{}", show(&fb));
    assert_eq!(snapshot(&targets), before, "inputs unchanged");
}

#[test]
fn planted_bad_entries_are_each_named_and_counted() {
    let wd = Workdir::new();
    let dir = wd.path("收表");
    std::fs::create_dir_all(dir.join("子文件夹")).unwrap();
    card_file(&dir.join("301001_区教育局_申报表.xlsx"), "校舍维修");
    // A link to nothing, named like a unit's workbook: the issue that started this.
    symlink("已删除的文件.xlsx", dir.join("x.xlsx")).unwrap();
    // A link to nothing that says it is no workbook: skipped like any such file.
    symlink("nowhere.txt", dir.join("备注.txt")).unwrap();
    // A link loop, and a folder link back up the tree.
    symlink("loop-b.xlsx", dir.join("loop-a.xlsx")).unwrap();
    symlink("loop-a.xlsx", dir.join("loop-b.xlsx")).unwrap();
    symlink("..", dir.join("子文件夹/上级")).unwrap();
    // Links to a workbook and a folder outside the returns folder: read, named by the link.
    let elsewhere = wd.path("别处");
    std::fs::create_dir_all(elsewhere.join("更多")).unwrap();
    card_file(&elsewhere.join("card.xlsx"), "道路维修");
    card_file(&elsewhere.join("更多/inner.xlsx"), "绿化养护");
    symlink(
        elsewhere.join("card.xlsx"),
        dir.join("301002_外部链接.xlsx"),
    )
    .unwrap();
    symlink(elsewhere.join("更多"), dir.join("外部文件夹")).unwrap();
    // A pipe named like a workbook: opening it would wait for ever.
    mkfifo(&dir.join("pipe.xlsx"));
    // A name in GBK (a zip made on a Chinese Windows, unpacked here): 301003_中.xlsx.
    let mut gbk = b"301003_".to_vec();
    gbk.extend([0xD6, 0xD0]);
    gbk.extend(b".xlsx");
    card_file(&dir.join(OsString::from_vec(gbk)), "河道清淤");
    // A name that is not text in any encoding.
    let mut junk = b"junk_".to_vec();
    junk.extend([0xFF, 0xFE, 0x80]);
    junk.extend(b".xlsx");
    card_file(&dir.join(OsString::from_vec(junk)), "路灯更换");
    // The longest name a file may have: 255 bytes.
    let long = format!("{}.xlsx", "长".repeat(83)); // 249 + 5 = 254 bytes
    let long = format!("x{long}");
    assert_eq!(long.len(), 255);
    card_file(&dir.join(&long), "公园维护");
    // A link to a file of the same folder: the file is read once.
    symlink("301001_区教育局_申报表.xlsx", dir.join("副本.xlsx")).unwrap();
    // A hard link to it (the same file under a second name): read once too.
    std::fs::hard_link(
        dir.join("301001_区教育局_申报表.xlsx"),
        dir.join("硬链接.xlsx"),
    )
    .unwrap();
    std::fs::write(dir.join("说明.docx"), b"not a workbook").unwrap();
    std::fs::write(dir.join("~$301001_区教育局_申报表.xlsx"), b"lock").unwrap();
    let before = snapshot(&elsewhere);

    let mut cmd = jixiao(&wd, &["validate", "收表", "--format", "json"]);
    cmd.env("NO_COLOR", "1");
    let out = run_within(cmd, 120);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let json = json_of(&out);
    let (found, read, skipped, failed) = counts(&json);
    // The 16 entries under the folder, the folder link counted as the one file it leads to.
    assert_eq!(found as usize, files_under(&dir), "{:#?}", json["counts"]);
    assert_eq!(
        skipped, 5,
        "备注.txt, 说明.docx, the lock file, 副本.xlsx, 硬链接.xlsx: {}",
        json["skipped_files"]
    );
    for copy in ["副本.xlsx", "硬链接.xlsx"] {
        let same = json["skipped_files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["file"] == copy)
            .unwrap();
        assert!(
            same["why"]
                .as_str()
                .unwrap()
                .contains("301001_区教育局_申报表.xlsx"),
            "{same}"
        );
    }
    let m = finding_about(&json, "x.xlsx", "F06");
    assert!(
        m.contains("已删除的文件.xlsx") && m.contains("不存在"),
        "{m}"
    );
    for l in ["loop-a.xlsx", "loop-b.xlsx"] {
        let m = finding_about(&json, l, "F06");
        assert!(m.contains("循环"), "{m}");
    }
    let m = finding_about(&json, "子文件夹/上级", "F06");
    assert!(m.contains("循环"), "{m}");
    let m = finding_about(&json, "pipe.xlsx", "F06");
    assert!(m.contains("不是普通文件"), "{m}");
    assert_eq!(failed, 5, "x, two loop links, the folder loop, the pipe");
    let m = finding_about(&json, "301003_中.xlsx", "F07");
    assert!(m.contains("UTF-8"), "{m}");
    let m = finding_about(&json, "junk_\\xFF\\xFE\\x80.xlsx", "F07");
    assert!(m.contains("改名"), "{m}");
    // Read: the card, the two links outside, the two odd names, the long name.
    assert_eq!(read, 6);
    assert_eq!(json["cards"], 6, "{:#?}", findings(&json));
    assert!(
        findings(&json)
            .iter()
            .all(|(f, _, _)| f != "301002_外部链接.xlsx"),
        "the card behind a link outside is read like any other"
    );
    for (file, rule, message) in findings(&json) {
        assert!(
            !file.is_empty(),
            "every finding names its file: {rule} {message}"
        );
        assert!(has_chinese(&message), "{message}");
    }
    let stderr = text(&out.stderr);
    assert!(stderr.contains("无法读取 5"), "{stderr}");
    assert!(stderr.contains("x.xlsx"), "{stderr}");
    assert_eq!(
        snapshot(&elsewhere),
        before,
        "what the links point at is unchanged"
    );
}

#[test]
fn bureau_inputs_that_cannot_be_opened_are_refused_naming_them() {
    let wd = Workdir::new();
    some_returns(&wd.path("收表"), 0, 1);
    symlink("单位名册-已删除.xlsx", wd.path("名册.xlsx")).unwrap();
    symlink("b2.xlsx", wd.path("b1.xlsx")).unwrap();
    symlink("b1.xlsx", wd.path("b2.xlsx")).unwrap();
    mkfifo(&wd.path("口径.xlsx"));
    mkfifo(&wd.path("配置.toml"));
    std::fs::create_dir_all(wd.path("汇总.xlsx")).unwrap();
    let cases: &[(&[&str], &str, &str)] = &[
        (&["--roster", "名册.xlsx"], "名册.xlsx", "不存在"),
        (&["--budget", "b1.xlsx"], "b1.xlsx", "循环"),
        (&["--rules", "口径.xlsx"], "口径.xlsx", "不是普通文件"),
        (&["--config", "配置.toml"], "配置.toml", "不是普通文件"),
        (
            &["--targets", "汇总.xlsx", "--stage", "monitor"],
            "汇总.xlsx",
            "是一个文件夹",
        ),
    ];
    for (extra, file, why) in cases {
        let mut args = vec!["validate", "收表"];
        args.extend_from_slice(extra);
        let out = run_within(jixiao(&wd, &args), 60);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("错误：") && stderr.contains(file) && stderr.contains(why),
            "{extra:?}: {stderr}"
        );
    }
}

#[test]
fn an_output_naming_an_input_is_refused_and_the_input_kept() {
    let wd = Workdir::new();
    let names = some_returns(&wd.path("收表"), 0, 2);
    std::fs::copy(fixtures().join("roster.xlsx"), wd.path("名册.xlsx")).unwrap();
    std::fs::copy(fixtures().join("budget-2024.xlsx"), wd.path("预算.xlsx")).unwrap();
    let before = snapshot(wd.dir.path());
    let unit = format!("收表/{}", names[0]);
    let refused: &[(&[&str], &str)] = &[
        (
            &["consolidate", "收表", "--out", &unit],
            "是要读取的报表之一",
        ),
        (
            &[
                "consolidate",
                "收表",
                "--roster",
                "名册.xlsx",
                "--out",
                "名册.xlsx",
            ],
            "就是单位名册",
        ),
        (
            &[
                "validate",
                "收表",
                "--budget",
                "预算.xlsx",
                "--report",
                "预算.xlsx",
            ],
            "就是预算项目清单",
        ),
        // A command that reads single workbooks: caught where every output is written.
        (
            &["screen", "--budget", "预算.xlsx", "--out", "预算.xlsx"],
            "本次读取的输入文件",
        ),
    ];
    for (args, why) in refused {
        let out = run_within(jixiao(&wd, args), 120);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        let stderr = text(&out.stderr);
        assert!(stderr.contains(why), "{args:?}: {stderr}");
        assert_eq!(snapshot(wd.dir.path()), before, "{args:?} changed an input");
    }
    // An earlier output in the returns folder is replaced, and counted as skipped.
    let first = run_within(
        jixiao(&wd, &["consolidate", "收表", "--out", "收表/汇总.xlsx"]),
        120,
    );
    assert!(
        matches!(first.status.code(), Some(0 | 1)),
        "{}",
        show(&first)
    );
    let again = run_within(
        jixiao(
            &wd,
            &[
                "consolidate",
                "收表",
                "--out",
                "收表/汇总.xlsx",
                "--format",
                "json",
            ],
        ),
        120,
    );
    assert!(
        matches!(again.status.code(), Some(0 | 1)),
        "{}",
        show(&again)
    );
    assert_eq!(counts(&json_of(&again)), (3, 2, 1, 0));
}

#[test]
fn long_and_odd_output_names() {
    let wd = Workdir::new();
    some_returns(&wd.path("收表"), 0, 1);
    // 255 bytes: written; 256: refused in Chinese, nothing written.
    let ok = format!("{}.xlsx", "x".repeat(250));
    let out = run_within(
        jixiao(&wd, &["consolidate", "收表", "--out", &ok, "-q"]),
        120,
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", show(&out));
    assert!(sheet_names(&wd.path(&ok)).contains(&"项目汇总".to_string()));
    let too_long = format!("{}.xlsx", "x".repeat(251));
    let out = run_within(
        jixiao(&wd, &["consolidate", "收表", "--out", &too_long]),
        120,
    );
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        text(&out.stderr).contains("文件名无效或太长"),
        "{}",
        show(&out)
    );
    assert!(leftovers(wd.dir.path()).is_empty());
    // A name that is not UTF-8 is written as given.
    let mut raw = b"\xD6\xD0".to_vec();
    raw.extend(b".xlsx");
    let name = OsString::from_vec(raw);
    let mut c = Command::new(JIXIAO);
    c.args(["consolidate", "收表", "-q", "--out"])
        .arg(&name)
        .current_dir(wd.dir.path());
    let out = run_within(c, 120);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", show(&out));
    assert!(sheet_names(&wd.path("").join(&name)).contains(&"项目汇总".to_string()));
}

#[test]
fn a_read_only_output_folder_is_refused_and_nothing_is_written() {
    let Some(nobody) = unprivileged("a_read_only_output_folder_is_refused_and_nothing_is_written")
    else {
        return;
    };
    let wd = Workdir::new();
    open_to_all(&wd);
    some_returns(&wd.path("收表"), 0, 2);
    let ro = wd.path("只读");
    std::fs::create_dir_all(&ro).unwrap();
    std::fs::write(ro.join("汇总.xlsx"), b"the earlier output").unwrap();
    set_mode(&ro, 0o555);
    let before = snapshot(wd.dir.path());
    for args in [
        &["consolidate", "收表", "--out", "只读/汇总.xlsx"][..],
        &["consolidate", "收表", "--out", "只读/新汇总.xlsx"][..],
        &[
            "feedback",
            "收表",
            "--roster",
            &fixtures().join("roster.xlsx").display().to_string(),
            "--out",
            "只读/反馈",
        ][..],
    ] {
        let out = run_within(as_nobody(&nobody, &wd, args), 120);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("没有访问权限") && stderr.contains("只读"),
            "{args:?}: {stderr}"
        );
        assert_eq!(
            snapshot(wd.dir.path()),
            before,
            "{args:?} wrote or changed something"
        );
    }
}

#[test]
fn unreadable_files_and_folders_are_named_when_running_unprivileged() {
    let Some(nobody) =
        unprivileged("unreadable_files_and_folders_are_named_when_running_unprivileged")
    else {
        return;
    };
    let wd = Workdir::new();
    open_to_all(&wd);
    let dir = wd.path("收表");
    some_returns(&dir, 0, 1);
    card_file(&dir.join("无权限.xlsx"), "校舍维修");
    set_mode(&dir.join("无权限.xlsx"), 0o000);
    std::fs::create_dir_all(dir.join("锁住的文件夹")).unwrap();
    card_file(&dir.join("锁住的文件夹/a.xlsx"), "道路维修");
    set_mode(&dir.join("锁住的文件夹"), 0o000);
    let out = run_within(
        as_nobody(&nobody, &wd, &["validate", "收表", "--format", "json"]),
        120,
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let json = json_of(&out);
    assert_eq!(counts(&json), (3, 1, 0, 2));
    for f in ["无权限.xlsx", "锁住的文件夹"] {
        let m = finding_about(&json, f, "F06");
        assert!(m.contains("没有访问权限"), "{m}");
    }
}

#[test]
fn an_output_that_fills_the_disk_leaves_the_earlier_output_whole() {
    let wd = Workdir::new();
    some_returns(&wd.path("收表"), 0, 3);
    let first = run_within(
        jixiao(&wd, &["consolidate", "收表", "--out", "汇总.xlsx", "-q"]),
        120,
    );
    assert!(
        matches!(first.status.code(), Some(0 | 1)),
        "{}",
        show(&first)
    );
    let earlier = hash_file(&wd.path("汇总.xlsx"));
    let inputs = snapshot(&wd.path("收表"));
    // At most 16 blocks of 512 bytes: the workbook (tens of kilobytes) does not fit. The
    // signal a full quota sends (SIGXFSZ) is not left to kill jixiao half-way.
    let out = run_within(
        limited(
            &wd,
            "ulimit -f 16",
            &["consolidate", "收表", "--out", "汇总.xlsx"],
        ),
        120,
    );
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("错误：") && stderr.contains("汇总.xlsx") && stderr.contains("文件太大"),
        "{stderr}"
    );
    assert_eq!(
        hash_file(&wd.path("汇总.xlsx")),
        earlier,
        "the earlier output is whole"
    );
    assert!(
        leftovers(wd.dir.path()).is_empty(),
        "{:?}",
        leftovers(wd.dir.path())
    );
    assert_eq!(snapshot(&wd.path("收表")), inputs);
    // The same with a folder of outputs: the workbooks written are whole, the others absent.
    let out = run_within(
        limited(
            &wd,
            "ulimit -f 16",
            &[
                "template",
                "--kind",
                "overall",
                "--roster",
                &fixtures().join("roster.xlsx").display().to_string(),
                "--year",
                "2024",
                "--out",
                "模板",
                "-q",
            ],
        ),
        300,
    );
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(text(&out.stderr).contains("文件太大"), "{}", show(&out));
    assert!(leftovers(&wd.path("模板")).is_empty());
    for e in std::fs::read_dir(wd.path("模板")).unwrap().flatten() {
        assert!(
            !sheet_names(&e.path()).is_empty(),
            "{} is whole",
            e.path().display()
        );
    }
}

#[test]
fn an_output_folder_that_disappears_while_written() {
    // The folder must vanish while jixiao runs; on a fast machine the run can end
    // before the remover gets to it, so the scene is played again (up to 20 times).
    let played = (0..20).any(|_| output_folder_disappears(&Workdir::new()));
    assert!(
        played,
        "the folder was never removed while jixiao wrote into it"
    );
}

/// One run of `template` while another thread removes its output folder; false
/// unless the folder was removed while jixiao ran: the run then failed on it (exit 2)
/// or made the folder again and went on (only jixiao makes it, so a folder there at the
/// end was made after the last removal). A removal after jixiao ended does not count.
fn output_folder_disappears(wd: &Workdir) -> bool {
    let out_dir = wd.path("模板");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let remover = {
        let (stop, out_dir) = (stop.clone(), out_dir.clone());
        std::thread::spawn(move || {
            let mut removed = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                // While files are being created, one attempt can meet a new file
                // between listing and rmdir; retry at once until the folder is gone.
                if out_dir.exists() {
                    for _ in 0..1000 {
                        if std::fs::remove_dir_all(&out_dir).is_ok() {
                            removed += 1;
                            break;
                        }
                        if !out_dir.exists() {
                            break;
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            removed
        })
    };
    let roster = fixtures().join("roster.xlsx").display().to_string();
    let out = run_within(
        jixiao(
            wd,
            &[
                "template", "--kind", "overall", "--roster", &roster, "--year", "2024", "--out",
                "模板", "-q",
            ],
        ),
        300,
    );
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let removed = remover.join().unwrap();
    let code = out.status.code();
    assert!(matches!(code, Some(0 | 2)), "{}", show(&out));
    if code == Some(2) {
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("错误：") && stderr.contains("模板"),
            "{stderr}"
        );
    }
    assert!(!text(&out.stderr).contains("panicked"), "{}", show(&out));
    if out_dir.exists() {
        assert!(leftovers(&out_dir).is_empty());
        for e in std::fs::read_dir(&out_dir).unwrap().flatten() {
            assert!(
                !sheet_names(&e.path()).is_empty(),
                "{} is whole",
                e.path().display()
            );
        }
    }
    removed > 0 && (code == Some(2) || out_dir.exists())
}

#[test]
fn two_runs_writing_the_same_out_at_once_leave_one_whole_workbook() {
    let wd = Workdir::new();
    some_returns(&wd.path("甲"), 0, 4);
    some_returns(&wd.path("乙"), 10, 4);
    // What each run writes alone: the rows of 项目汇总 by source file and project.
    let rows_of = |path: &Path| -> BTreeSet<(String, String)> {
        let t = read_sheet(path, "项目汇总");
        (0..t.rows.len())
            .map(|r| (t.text(r, "来源文件"), t.text(r, "项目名称")))
            .collect()
    };
    let mut alone = Vec::new();
    for dir in ["甲", "乙"] {
        let out = format!("{dir}.xlsx");
        let o = run_within(jixiao(&wd, &["consolidate", dir, "--out", &out, "-q"]), 120);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", show(&o));
        alone.push(rows_of(&wd.path(&out)));
    }
    assert_ne!(alone[0], alone[1]);
    for round in 0..3 {
        let spawn = |dir: &str| {
            let mut c = jixiao(&wd, &["consolidate", dir, "--out", "汇总.xlsx", "-q"]);
            c.stdout(Stdio::null()).stderr(Stdio::piped());
            c.spawn().unwrap()
        };
        let (pa, pb) = (spawn("甲"), spawn("乙"));
        for p in [pa, pb] {
            let o = p.wait_with_output().unwrap();
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "round {round}: {}",
                text(&o.stderr)
            );
        }
        let rows = rows_of(&wd.path("汇总.xlsx"));
        assert!(
            alone.contains(&rows),
            "round {round}: one run's workbook, whole: {rows:?}"
        );
        assert!(leftovers(wd.dir.path()).is_empty());
    }
}

#[test]
fn a_file_that_vanishes_or_is_replaced_before_it_is_read_is_named() {
    // Through the library, so that the file goes between finding and reading for certain.
    use jixiao::batch::{Expect, run};
    use jixiao::config::Config;
    use jixiao::read::workbook::discover;
    let wd = Workdir::new();
    let dir = wd.path("收表");
    std::fs::create_dir_all(&dir).unwrap();
    for n in ["a", "b", "c"] {
        card_file(&dir.join(format!("{n}.xlsx")), &format!("项目{n}"));
    }
    let found = discover(std::slice::from_ref(&dir));
    assert_eq!(found.files.len(), 3);
    std::fs::remove_file(dir.join("a.xlsx")).unwrap();
    std::fs::write(dir.join("b.xlsx"), b"half a file").unwrap();
    let batch = run(
        &found.files,
        None,
        None,
        &Config::default(),
        &Expect::default(),
        &|_| {},
    )
    .unwrap();
    let c = batch.counts(found.skipped.len());
    assert!(c.adds_up(), "{c:?}");
    assert_eq!((c.found, c.read, c.failed), (3, 1, 2));
    let about = |file: &str| {
        batch
            .findings
            .iter()
            .find(|f| *f.file == *file)
            .unwrap_or_else(|| panic!("no finding about {file}"))
    };
    assert_eq!(about("a.xlsx").rule.code(), "F06");
    assert!(about("a.xlsx").message.contains("已被删除或移走"));
    assert_eq!(about("b.xlsx").rule.code(), "F01");
    assert_eq!(batch.entries.len(), 1);
}

#[test]
fn a_file_growing_while_it_is_read_is_named_never_read_in_part() {
    let wd = Workdir::new();
    let dir = wd.path("收表");
    some_returns(&dir, 0, 3);
    // A workbook still being copied in: 30 MB so far, and growing while jixiao runs.
    let growing = dir.join("正在复制.xlsx");
    std::fs::copy(
        dir.join(
            std::fs::read_dir(&dir)
                .unwrap()
                .flatten()
                .next()
                .unwrap()
                .file_name(),
        ),
        &growing,
    )
    .unwrap();
    {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&growing)
            .unwrap();
        f.write_all(&vec![b'x'; 30 << 20]).unwrap();
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, growing) = (stop.clone(), growing.clone());
        std::thread::spawn(move || {
            let mut f = std::fs::OpenOptions::new()
                .append(true)
                .open(&growing)
                .unwrap();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                f.write_all(&[b'y'; 4096]).unwrap();
                std::thread::sleep(Duration::from_millis(1));
            }
        })
    };
    let out = run_within(jixiao(&wd, &["validate", "收表", "--format", "json"]), 300);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let json = json_of(&out);
    assert_eq!(counts(&json), (4, 3, 0, 1));
    let about: Vec<(String, String)> = findings(&json)
        .into_iter()
        .filter(|(f, _, _)| f == "正在复制.xlsx")
        .map(|(_, r, m)| (r, m))
        .collect();
    assert!(
        about.len() == 1 && matches!(about[0].0.as_str(), "F06" | "F01"),
        "{about:?}"
    );
}

#[test]
fn twenty_thousand_files_under_a_low_open_file_limit() {
    let wd = Workdir::new();
    let dir = wd.path("收表");
    // 100 folders of 200 files: copies of one tiny workbook (every tenth) and empty files, so
    // that each of the 20,000 is opened and a debug build stays quick. (Copies, not hard links:
    // a hard link is the same file, read once.)
    let tiny = wd.path("tiny.xlsx");
    let empty = wd.path("empty.xlsx");
    tiny_workbook(&tiny);
    std::fs::write(&empty, b"").unwrap();
    for d in 0..100 {
        let sub = dir.join(format!("{d:03}"));
        std::fs::create_dir_all(&sub).unwrap();
        for i in 0..200 {
            let src = if i % 10 == 0 { &tiny } else { &empty };
            std::fs::copy(src, sub.join(format!("{i:03}.xlsx"))).unwrap();
        }
    }
    let out = run_within(
        limited(
            &wd,
            "ulimit -n 64",
            &["validate", "收表", "--format", "json", "-q"],
        ),
        600,
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let json = json_of(&out);
    assert_eq!(counts(&json), (20_000, 2_000, 0, 18_000));
    let by_rule = findings(&json)
        .into_iter()
        .fold(BTreeMap::new(), |mut m, (_, r, _)| {
            *m.entry(r).or_insert(0) += 1;
            m
        });
    // No file failed for want of a file handle: the empty ones are empty, the others read.
    assert_eq!(by_rule.get("F02"), Some(&18_000), "{by_rule:?}");
    assert_eq!(by_rule.get("F06"), None, "{by_rule:?}");
    assert_eq!(by_rule.get("F03"), Some(&2_000), "{by_rule:?}");
}

#[test]
fn a_huge_file_is_refused_without_reading_it() {
    let wd = Workdir::new();
    let dir = wd.path("收表");
    some_returns(&dir, 0, 1);
    // 300 MB of nothing (a sparse file): read whole, it would not fit under the limit below.
    let f = std::fs::File::create(dir.join("video.xlsx")).unwrap();
    f.set_len(300 << 20).unwrap();
    let out = run_within(
        limited(
            &wd,
            "ulimit -v 1048576",
            &["validate", "收表", "--format", "json"],
        ),
        120,
    );
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let json = json_of(&out);
    assert_eq!(counts(&json), (2, 1, 0, 1));
    let m = finding_about(&json, "video.xlsx", "F01");
    assert!(m.contains("文件太大"), "{m}");
}

#[test]
fn collect_saves_an_attachment_whose_name_is_too_long_under_a_shorter_one() {
    use jixiao::mail::collect::{save, saved_name};
    let wd = Workdir::new();
    let dir = wd.path("收表");
    std::fs::create_dir_all(&dir).unwrap();
    // 84 Chinese characters and `.xlsx`: 257 bytes, and the unit code goes in front.
    let original = format!("{}.xlsx", "绩".repeat(84));
    let name = saved_name("301001", &original);
    assert!(name.len() > 255);
    let first = save(&dir, &name, b"one").unwrap();
    let second = save(&dir, &name, b"two").unwrap();
    assert_eq!(
        save(&dir, &name, b"one").unwrap(),
        first,
        "the same bytes are not saved twice"
    );
    for saved in [&first, &second] {
        assert!(saved.len() <= 255 && saved.starts_with("301001_") && saved.ends_with(".xlsx"));
        assert!(dir.join(saved).is_file(), "{saved}");
    }
    assert!(second.ends_with("_2.xlsx"), "{second}");
}

#[test]
fn folders_of_attachments_and_mails_name_a_link_to_nothing() {
    let wd = Workdir::new();
    let roster = fixtures().join("roster.xlsx").display().to_string();
    std::fs::create_dir_all(wd.path("附件")).unwrap();
    symlink("gone.xlsx", wd.path("附件/101001_区委办公室.xlsx")).unwrap();
    std::fs::create_dir_all(wd.path("邮件")).unwrap();
    symlink("gone.eml", wd.path("邮件/a.eml")).unwrap();
    // The received log on a share that is gone: an error, not an empty log (which would save
    // every workbook again).
    std::fs::create_dir_all(wd.path("空邮件")).unwrap();
    std::fs::create_dir_all(wd.path("另")).unwrap();
    symlink("/nonexistent/收件记录.csv", wd.path("另/收件记录.csv")).unwrap();
    let runs: &[(&[&str], &str)] = &[
        (
            &[
                "mail", "--kind", "template", "--roster", &roster, "--attach", "附件", "--out",
                "发出",
            ],
            "101001_区委办公室.xlsx",
        ),
        (
            &[
                "collect",
                "--roster",
                &roster,
                "--eml",
                "空邮件",
                "--out",
                "另/收表",
            ],
            "收件记录.csv",
        ),
        (
            &[
                "collect", "--roster", &roster, "--eml", "邮件", "--out", "收表",
            ],
            "a.eml",
        ),
    ];
    for (args, file) in runs {
        let out = run_within(jixiao(&wd, args), 120);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("错误：") && stderr.contains(file) && stderr.contains("不存在"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn a_return_gone_before_its_feedback_copy_fails_that_workbook_naming_it() {
    // Through the library: the file goes between the check and the copy for certain.
    use jixiao::batch::{Expect, run};
    use jixiao::config::Config;
    use jixiao::output::feedback::{Options, plan, write};
    use jixiao::read::workbook::discover;
    use jixiao::registry::Roster;
    let wd = Workdir::new();
    let dir = wd.path("收表");
    std::fs::create_dir_all(&dir).unwrap();
    let name = "104001_区纪委监委机关_2024年绩效目标申报表.xlsx";
    std::fs::copy(fixtures().join("targets").join(name), dir.join(name)).unwrap();
    let roster = Roster::load(&fixtures().join("roster.xlsx")).unwrap();
    let found = discover(std::slice::from_ref(&dir));
    let batch = run(
        &found.files,
        Some(&roster),
        None,
        &Config::default(),
        &Expect::default(),
        &|_| {},
    )
    .unwrap();
    let opts = Options {
        stage: "绩效目标".into(),
        title: "2024年度绩效目标".into(),
        deadline: None,
        contact: None,
    };
    let units = plan(&batch, &roster, None, &opts);
    let unit = units
        .iter()
        .find(|u| u.copies_cards())
        .expect("a unit with something to fix");
    std::fs::remove_file(dir.join(name)).unwrap();
    let out = wd.path("反馈.xlsx");
    let err = write(unit, &found.files, &opts, &out).unwrap_err();
    let msg = format!("{err:#}");
    assert!(msg.contains(name) && msg.contains("删除或移走"), "{msg}");
    assert!(
        !out.exists(),
        "no workbook without the copies its list links to"
    );
}
