//! `jixiao mail` and `jixiao collect` against real servers on 127.0.0.1: an SMTP server
//! (Python's aiosmtpd) and an IMAP server (Dovecot), both started by the test on a free port.

mod common;

use common::*;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn fixtures() -> PathBuf {
    project_dir().join("fixtures")
}

fn roster() -> String {
    fixtures().join("roster.xlsx").display().to_string()
}

fn budget() -> String {
    fixtures().join("budget-2024.xlsx").display().to_string()
}

fn script(name: &str) -> String {
    project_dir()
        .join("tests/mail")
        .join(name)
        .display()
        .to_string()
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn sha256(path: &Path) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(std::fs::read(path).unwrap());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

/// Each message of a folder as Python's `email` package reads it (one JSON object a message).
fn parsed(dir: &Path) -> Vec<Value> {
    let out = Command::new("python3")
        .arg(script("check_eml.py"))
        .arg(dir)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "check_eml.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The sample district's templates, written by `jixiao template`.
fn templates(w: &Workdir) -> PathBuf {
    w.run(&[
        "template",
        "--kind",
        "target",
        "--roster",
        &roster(),
        "--budget",
        &budget(),
        "--year",
        "2024",
        "--out",
        "tpl",
        "-q",
    ])
    .expect_code(0);
    w.path("tpl")
}

/// An SMTP server (aiosmtpd) on 127.0.0.1, stopped when dropped.
struct Smtp {
    child: Child,
    port: u16,
    store: PathBuf,
}

impl Smtp {
    fn start(store: PathBuf, refused: &[&str]) -> Option<Smtp> {
        if !python_has("aiosmtpd") {
            return None;
        }
        std::fs::create_dir_all(&store).unwrap();
        let port = free_port();
        let mut child = Command::new("python3")
            .arg(script("smtp_server.py"))
            .arg(port.to_string())
            .arg(&store)
            .args(refused)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .ok()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .ok()?;
        if !line.starts_with("READY") {
            let _ = child.kill();
            return None;
        }
        Some(Smtp { child, port, store })
    }

    fn server(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn messages(&self) -> Vec<Value> {
        parsed(&self.store)
    }
}

impl Drop for Smtp {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The `mail --format json` lines by unit code.
fn lines(run: &Run) -> BTreeMap<String, Value> {
    run.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["code"].as_str().unwrap().to_string(), l.clone()))
        .collect()
}

#[test]
fn template_mails_of_the_sample_district_parse_with_attachments_intact() {
    let w = Workdir::new();
    let tpl = templates(&w);
    let run = w.run(&[
        "mail",
        "--kind",
        "template",
        "--roster",
        &roster(),
        "--attach",
        "tpl",
        "--out",
        "eml",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let mails = parsed(&w.path("eml"));
    assert_eq!(mails.len(), 86);
    for m in &mails {
        let atts = m["attachments"].as_array().unwrap();
        assert_eq!(atts.len(), 1, "{m}");
        let name = atts[0]["name"].as_str().unwrap();
        // The Chinese name reads back as written, and the bytes are the template's.
        assert!(name.contains("绩效目标申报表"), "{name}");
        assert_eq!(atts[0]["sha256"], sha256(&tpl.join(name)), "{name}");
        let code = &name[..6];
        assert!(m["subject"].as_str().unwrap().contains(code), "{m}");
        assert!(!m["to"].as_array().unwrap().is_empty());
    }
    // A re-run writes the same messages (same Message-ID), not more.
    w.run(&[
        "mail",
        "--kind",
        "template",
        "--roster",
        &roster(),
        "--attach",
        "tpl",
        "--out",
        "eml",
        "-q",
    ])
    .expect_code(0);
    let n = std::fs::read_dir(w.path("eml"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "eml")
        })
        .count();
    assert_eq!(n, 86);
}

#[test]
fn collect_from_eml_files_saves_each_workbook_once() {
    let w = Workdir::new();
    templates(&w);
    w.run(&[
        "mail",
        "--kind",
        "template",
        "--roster",
        &roster(),
        "--attach",
        "tpl",
        "--out",
        "eml",
        "-q",
    ])
    .expect_code(0);
    // Sent from jixiao, not from a unit: each unit is found by the code in the file name.
    let run = w.run(&[
        "collect",
        "--roster",
        &roster(),
        "--eml",
        "eml",
        "--out",
        "back",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let saved: Vec<_> = std::fs::read_dir(w.path("back")).unwrap().collect();
    assert_eq!(saved.len(), 86);
    for e in std::fs::read_dir(w.path("back")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(sha256(&p), sha256(&w.path("tpl").join(&name)), "{name}");
    }
    let log = std::fs::read_to_string(w.path("收件记录.csv")).unwrap();
    assert_eq!(log.lines().count(), 87, "{log}");
    let again = w.run(&[
        "collect",
        "--roster",
        &roster(),
        "--eml",
        "eml",
        "--out",
        "back",
    ]);
    again.expect_code(0);
    assert!(
        again.stderr().contains("保存工作簿 0 个"),
        "{}",
        again.stderr()
    );
    assert_eq!(
        std::fs::read_to_string(w.path("收件记录.csv")).unwrap(),
        log
    );
}

#[test]
fn smtp_delivers_each_unit_its_workbook_and_a_refused_address_fails_alone() {
    let w = Workdir::new();
    let tpl = templates(&w);
    // Four units' templates.
    std::fs::create_dir_all(w.path("few")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&tpl)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names.truncate(4);
    for n in &names {
        std::fs::copy(tpl.join(n), w.path("few").join(n)).unwrap();
    }
    // Whom each unit is written to, as the roster says.
    let review = w.run(&[
        "mail",
        "--kind",
        "template",
        "--roster",
        &roster(),
        "--attach",
        "few",
        "--out",
        "review",
        "--format",
        "json",
        "-q",
    ]);
    review.expect_code(0);
    let units = lines(&review);
    let codes: Vec<String> = names.iter().map(|n| n[..6].to_string()).collect();
    let refused = units[&codes[1]]["to"][0].as_str().unwrap().to_string();
    let Some(smtp) = Smtp::start(w.path("smtp"), &[&refused]) else {
        skip(
            "smtp_delivers_each_unit_its_workbook_and_a_refused_address_fails_alone",
            "python3 aiosmtpd is not installed (pip install aiosmtpd)",
        );
        return;
    };
    let send = |w: &Workdir| {
        w.run(&[
            "mail",
            "--kind",
            "template",
            "--roster",
            &roster(),
            "--attach",
            "few",
            "--out",
            "sent",
            "--send",
            "--smtp",
            &smtp.server(),
            "--sender",
            "绩效科 <jxk@example.gov.cn>",
            "--rate",
            "600",
            "--format",
            "json",
        ])
    };
    let first = send(&w);
    first.expect_code(1);
    assert!(first.stderr().contains(&refused), "{}", first.stderr());
    let got = smtp.messages();
    assert_eq!(got.len(), 3, "{got:?}");
    for m in &got {
        let att = &m["attachments"][0];
        let name = att["name"].as_str().unwrap();
        let code = &name[..6];
        assert_ne!(code, codes[1]);
        assert_eq!(att["sha256"], sha256(&tpl.join(name)));
        let want: Vec<Value> = units[code]["to"].as_array().unwrap().clone();
        assert_eq!(m["to"].as_array().unwrap(), &want);
        assert_eq!(m["envelope"].as_array().unwrap().len(), 1);
        assert!(want.contains(&m["envelope"][0]));
        assert_eq!(m["subject"], units[code]["subject"]);
    }
    let result = lines(&first);
    assert_eq!(result[&codes[1]]["failures"].as_array().unwrap().len(), 1);
    assert_eq!(result[&codes[0]]["status"], "已发送");
    // A re-run sends nothing new: only the refused address is tried again.
    let second = send(&w);
    second.expect_code(1);
    assert_eq!(smtp.messages().len(), 3);
    assert_eq!(lines(&second)[&codes[0]]["status"], "以前已发送，未重发");
    let log = std::fs::read_to_string(w.path("sent/发送记录.csv")).unwrap();
    assert_eq!(log.matches("已发送").count(), 3, "{log}");
}

#[test]
fn reminders_go_to_the_missing_units_only() {
    let w = Workdir::new();
    // The returns of all but the first five units.
    std::fs::create_dir_all(w.path("in")).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(fixtures().join("targets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(|c: char| c.is_ascii_digit())
        })
        .collect();
    files.sort();
    let left_out: BTreeSet<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy()[..6].to_string())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .take(5)
        .collect();
    for f in &files {
        let n = f.file_name().unwrap().to_string_lossy().into_owned();
        if !left_out.contains(&n[..6]) {
            std::fs::copy(f, w.path("in").join(&n)).unwrap();
        }
    }
    let cov = w.run(&[
        "coverage",
        "in",
        "--roster",
        &roster(),
        "--budget",
        &budget(),
        "--format",
        "json",
    ]);
    let chase: BTreeSet<String> = cov.json()["chase"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["code"].as_str().unwrap().to_string())
        .collect();
    assert!(left_out.is_subset(&chase), "{left_out:?} {chase:?}");
    w.run(&[
        "consolidate",
        "in",
        "--roster",
        &roster(),
        "--budget",
        &budget(),
        "--out",
        "汇总.xlsx",
        "-q",
    ]);
    assert!(w.path("汇总.xlsx").exists());
    let Some(smtp) = Smtp::start(w.path("smtp"), &[]) else {
        skip(
            "reminders_go_to_the_missing_units_only",
            "python3 aiosmtpd is not installed (pip install aiosmtpd)",
        );
        return;
    };
    let run = w.run(&[
        "mail",
        "--kind",
        "reminder",
        "--roster",
        &roster(),
        "--from",
        "汇总.xlsx",
        "--out",
        "remind",
        "--send",
        "--smtp",
        &smtp.server(),
        "--sender",
        "jxk@example.gov.cn",
        "--rate",
        "600",
        "--format",
        "json",
    ]);
    run.expect_code(0);
    let mailed: BTreeSet<String> = lines(&run).keys().cloned().collect();
    assert_eq!(mailed, chase);
    let got = smtp.messages();
    let addresses: usize = lines(&run)
        .values()
        .map(|l| l["to"].as_array().unwrap().len())
        .sum();
    assert_eq!(got.len(), addresses);
    for m in &got {
        assert!(m["subject"].as_str().unwrap().contains("催报"), "{m}");
        assert!(m["body"].as_str().unwrap().contains("尚未报送"), "{m}");
    }
    // The same list from a fresh coverage run over the returns.
    let fresh = w.run(&[
        "mail",
        "--kind",
        "reminder",
        "--roster",
        &roster(),
        "--returns",
        "in",
        "--budget",
        &budget(),
        "--out",
        "remind2",
        "--format",
        "json",
    ]);
    fresh.expect_code(0);
    assert_eq!(
        lines(&fresh).keys().cloned().collect::<BTreeSet<_>>(),
        chase
    );
}

/// A private Dovecot on 127.0.0.1 (MAIL-TESTING.md), stopped when dropped.
struct Dovecot {
    dir: tempfile::TempDir,
    port: u16,
}

impl Dovecot {
    fn start() -> Result<Dovecot, String> {
        let have = |p: &str| {
            Command::new("sh")
                .args(["-c", &format!("command -v {p} || test -x /usr/sbin/{p}")])
                .output()
                .is_ok_and(|o| o.status.success())
        };
        if !have("dovecot") {
            return Err("dovecot is not installed (apt-get install dovecot-imapd)".into());
        }
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let d = dir.path().display().to_string();
        let port = free_port();
        let conf = format!(
            "protocols = imap\nlisten = 127.0.0.1\nbase_dir = {d}/run\nstate_dir = {d}/state\n\
             ssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
             log_path = {d}/dovecot.log\nmail_location = maildir:{d}/mail/%u\nfirst_valid_uid = 8\n\
             passdb {{\n  driver = static\n  args = password=secret\n}}\n\
             userdb {{\n  driver = static\n  args = uid=mail gid=mail home={d}/mail/%u\n}}\n\
             service imap-login {{\n  inet_listener imap {{\n    port = {port}\n  }}\n  \
             inet_listener imaps {{\n    port = 0\n  }}\n}}\n"
        );
        std::fs::write(dir.path().join("dovecot.conf"), conf).map_err(|e| e.to_string())?;
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir_all(dir.path().join(sub)).map_err(|e| e.to_string())?;
        }
        // The temp dir is private to root: the mail user must reach its mail folder.
        Command::new("chmod")
            .args(["755", &d])
            .status()
            .map_err(|e| e.to_string())?;
        let chown = Command::new("chown")
            .args(["-R", "mail:mail", &format!("{d}/mail")])
            .status()
            .map_err(|e| e.to_string())?;
        if !chown.success() {
            return Err("cannot chown the mail folder to the mail user (not root?)".into());
        }
        let conf_path = format!("{d}/dovecot.conf");
        let status = Command::new("dovecot")
            .args(["-c", &conf_path])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        let dc = Dovecot { dir, port };
        if !status.success() {
            return Err(format!("dovecot did not start: {}", dc.log()));
        }
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(dc);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        Err(format!("dovecot does not listen: {}", dc.log()))
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let conf = self.dir.path().join("dovecot.conf");
        let _ = Command::new("doveadm")
            .arg("-c")
            .arg(&conf)
            .arg("stop")
            .status();
    }
}

#[test]
fn collect_over_imap_saves_every_workbook_under_its_unit() {
    let name = "collect_over_imap_saves_every_workbook_under_its_unit";
    let w = Workdir::new();
    // The units' addresses and returns, as the roster and the file names say.
    let review = w.run(&[
        "mail",
        "--kind",
        "template",
        "--roster",
        &roster(),
        "--attach",
        &fixtures().join("targets").display().to_string(),
        "--out",
        "review",
        "--format",
        "json",
        "-q",
    ]);
    let units = lines(&review);
    let targets = fixtures().join("targets");
    let mut messages = Vec::new();
    let mut expected = 0;
    for (code, l) in &units {
        let atts: Vec<Value> = l["attachments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let n = a.as_str().unwrap();
                serde_json::json!([n, targets.join(n).display().to_string()])
            })
            .collect();
        if atts.is_empty() || l["to"].as_array().unwrap().is_empty() {
            continue;
        }
        expected += atts.len();
        messages.push(serde_json::json!({
            "sender": l["to"][0],
            "subject": format!("{code} 绩效目标申报表"),
            "attachments": atts,
        }));
    }
    let any = targets.join(
        units.values().next().unwrap()["attachments"][0]
            .as_str()
            .unwrap(),
    );
    messages.push(serde_json::json!({
        "sender": "stranger@elsewhere.example",
        "subject": "材料",
        "attachments": [["报表.xlsx", any.display().to_string()]],
    }));
    let (first_code, first) = units.iter().next().unwrap();
    messages.push(serde_json::json!({
        "sender": first["to"][0],
        "subject": "请问模板在哪里下载",
        "attachments": [],
    }));
    let dovecot = match Dovecot::start() {
        Ok(d) => d,
        Err(why) => {
            skip(name, &why);
            return;
        }
    };
    let mut fill = Command::new("python3")
        .arg(script("imap_fill.py"))
        .arg(dovecot.port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    fill.stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&messages).unwrap().as_bytes())
        .unwrap();
    let out = fill.wait_with_output().unwrap();
    assert!(out.status.success(), "imap_fill: {}", dovecot.log());
    let server = format!("127.0.0.1:{}", dovecot.port);
    let env = [
        ("JIXIAO_IMAP_USER", Some("clerk")),
        ("JIXIAO_IMAP_PASSWORD", Some("secret")),
    ];
    let args = [
        "collect",
        "--roster",
        &roster(),
        "--imap",
        &server,
        "--out",
        "returns",
        "--format",
        "json",
    ];
    let run = w.run_env(&args, &env);
    run.expect_code(1);
    let saved: Vec<PathBuf> = std::fs::read_dir(w.path("returns"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(saved.len(), expected);
    for p in &saved {
        let n = p.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(sha256(p), sha256(&targets.join(&n)), "{n}");
    }
    let result = run.json();
    let statuses: Vec<(&str, &str)> = result
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["sender"].as_str().unwrap(), l["status"].as_str().unwrap()))
        .collect();
    assert!(statuses.contains(&("stranger@elsewhere.example", "发件人不明")));
    let no_wb = result
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["status"] == "没有工作簿")
        .unwrap();
    assert_eq!(no_wb["unit_code"].as_str().unwrap(), first_code);
    assert!(run.stderr().contains("stranger@elsewhere.example"));
    let log = std::fs::read_to_string(w.path("收件记录.csv")).unwrap();
    assert_eq!(log.lines().count(), expected + 1);
    // A second run saves nothing.
    let again = w.run_env(&args, &env);
    again.expect_code(1);
    assert_eq!(
        std::fs::read_dir(w.path("returns")).unwrap().count(),
        expected
    );
    assert_eq!(
        std::fs::read_to_string(w.path("收件记录.csv")).unwrap(),
        log
    );
    // The collected folder consolidates to the same figures as the original returns.
    let figures = |dir: &str| {
        let v = w
            .run(&[
                "coverage",
                dir,
                "--roster",
                &roster(),
                "--budget",
                &budget(),
                "--format",
                "json",
            ])
            .json();
        (v["total"].clone(), v["chase"].clone())
    };
    assert_eq!(figures("returns"), figures(&targets.display().to_string()));
    for (dir, out) in [
        ("returns", "a.xlsx"),
        (&*targets.display().to_string(), "b.xlsx"),
    ] {
        w.run(&[
            "consolidate",
            dir,
            "--roster",
            &roster(),
            "--budget",
            &budget(),
            "--out",
            out,
            "-q",
        ]);
    }
    let (a, b) = (
        read_sheet(&w.path("a.xlsx"), "项目汇总"),
        read_sheet(&w.path("b.xlsx"), "项目汇总"),
    );
    assert_eq!(a.rows.len(), b.rows.len());
    assert!(a.rows.len() > 400, "{}", a.rows.len());
    assert_eq!(a.total, b.total);
}

/// Units with a return among the fixtures: code, first roster address, the return.
fn returning_units(w: &Workdir) -> Vec<(String, String, PathBuf)> {
    let targets = fixtures().join("targets");
    let review = w.run(&[
        "mail",
        "--kind",
        "template",
        "--roster",
        &roster(),
        "--attach",
        &targets.display().to_string(),
        "--out",
        "review",
        "--format",
        "json",
        "-q",
    ]);
    lines(&review)
        .into_iter()
        .filter_map(|(code, l)| {
            let address = l["to"].get(0)?.as_str()?.to_string();
            let file = l["attachments"].get(0)?.as_str()?;
            Some((code, address, targets.join(file)))
        })
        .collect()
}

/// `.eml` files in `dir`, written by Python's `email` package (`tests/mail/make_eml.py`).
fn make_eml(dir: &Path, messages: &Value) {
    let mut child = Command::new("python3")
        .arg(script("make_eml.py"))
        .arg(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(messages.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "make_eml.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every file under `dir`, relative to it, with `/` between folders.
fn files_under(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

fn line_of<'a>(result: &'a Value, file: &str) -> &'a Value {
    result
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["source"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("no line for {file}: {result}"))
}

#[test]
fn collect_takes_workbooks_out_of_zip_attachments_and_refuses_hostile_zips() {
    let w = Workdir::new();
    let units = returning_units(&w);
    assert!(units.len() >= 4);
    let [
        (a, a_addr, a_file),
        (_, b_addr, b_file),
        (c, c_addr, c_file),
        (d, d_addr, _),
    ] = [0, 1, 2, 3].map(|i| units[i].clone());
    let (a_file, b_file, c_file) = (
        a_file.display().to_string(),
        b_file.display().to_string(),
        c_file.display().to_string(),
    );
    let b_name = Path::new(&b_file)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    make_eml(
        &w.path("eml"),
        &serde_json::json!([
            {
                // Two workbooks, one in a subfolder, and a text file, from a unit's address.
                "file": "1-good.eml",
                "sender": a_addr,
                "subject": "报送材料",
                "attachments": [{"name": "材料.zip", "zip": [
                    ["目标表.xlsx", a_file],
                    ["分表/补充表.xlsx", b_file],
                    ["说明.txt", null],
                ]}],
            },
            {
                // A workbook beside a zip one of whose entries climbs out of its folder.
                "file": "2-escape.eml",
                "sender": b_addr,
                "subject": "报送材料",
                "attachments": [
                    {"name": b_name, "path": b_file},
                    {"name": "坏.zip", "zip": [["正常.xlsx", c_file], ["../x.xlsx", c_file]]},
                ],
            },
            {
                // One entry over the limit of 1000.
                "file": "3-many.eml",
                "sender": c_addr,
                "subject": "报送材料",
                "attachments": [{"name": "多.zip", "zip": [["表.xlsx", c_file]], "filler": 1000}],
            },
            {
                "file": "4-climb.eml",
                "sender": d_addr,
                "subject": "报送材料",
                "attachments": [{"name": "深.zip", "zip": [["分表/../../y.xlsx", c_file]]}],
            },
        ]),
    );
    let args = [
        "collect",
        "--roster",
        &roster(),
        "--eml",
        "eml",
        "--out",
        "returns",
        "--format",
        "json",
    ];
    let run = w.run(&args);
    run.expect_code(1);
    let saved = files_under(&w.path("returns"));
    let want: BTreeSet<String> = [
        format!("{a}_目标表.xlsx"),
        format!("{a}_补充表.xlsx"),
        b_name.clone(),
    ]
    .into_iter()
    .collect();
    assert_eq!(saved, want);
    let returns = w.path("returns");
    assert_eq!(
        sha256(&returns.join(format!("{a}_目标表.xlsx"))),
        sha256(Path::new(&a_file))
    );
    assert_eq!(
        sha256(&returns.join(format!("{a}_补充表.xlsx"))),
        sha256(Path::new(&b_file))
    );
    assert_eq!(sha256(&returns.join(&b_name)), sha256(Path::new(&b_file)));
    // Nothing written outside `--out` but the received log.
    let all = files_under(w.dir.path());
    let outside: Vec<&String> = all
        .iter()
        .filter(|f| {
            !(f.starts_with("returns/")
                || f.starts_with("eml/")
                || f.starts_with("review/")
                || *f == "收件记录.csv")
        })
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    assert!(
        !all.iter()
            .any(|f| f.ends_with("x.xlsx") || f.ends_with("y.xlsx"))
    );

    let result = run.json();
    let good = line_of(&result, "1-good.eml");
    assert_eq!(good["status"], "已保存");
    assert_eq!(good["unit_code"].as_str().unwrap(), a);
    assert!(good.get("problems").is_none(), "{good}");
    let escape = line_of(&result, "2-escape.eml");
    assert_eq!(escape["status"], "已保存");
    assert_eq!(escape["saved"], serde_json::json!([b_name]));
    let problem = escape["problems"].to_string();
    assert!(
        problem.contains("坏.zip") && problem.contains("../x.xlsx"),
        "{problem}"
    );
    let many = line_of(&result, "3-many.eml");
    assert_eq!(many["status"], "没有工作簿");
    assert_eq!(many["unit_code"].as_str().unwrap(), c);
    assert!(many["problems"].to_string().contains("多.zip"), "{many}");
    let climb = line_of(&result, "4-climb.eml");
    assert_eq!(climb["status"], "没有工作簿");
    assert_eq!(climb["unit_code"].as_str().unwrap(), d);
    assert!(climb["problems"].to_string().contains("深.zip"), "{climb}");
    // The refused zips are listed for the clerk.
    for z in ["坏.zip", "多.zip", "深.zip"] {
        assert!(run.stderr().contains(z), "{z}: {}", run.stderr());
    }
    assert!(!run.stderr().contains("材料.zip"), "{}", run.stderr());
    let log = std::fs::read_to_string(w.path("收件记录.csv")).unwrap();
    assert_eq!(log.lines().count(), 4, "{log}");
    assert!(!log.contains("说明.txt"), "{log}");

    // A second run saves nothing new and still lists the refused zips.
    let again = w.run(&args);
    again.expect_code(1);
    assert!(
        again.stderr().contains("保存工作簿 0 个"),
        "{}",
        again.stderr()
    );
    assert_eq!(files_under(&w.path("returns")), want);
    assert_eq!(
        std::fs::read_to_string(w.path("收件记录.csv")).unwrap(),
        log
    );
}

#[test]
fn collect_keeps_two_workbooks_of_one_name_in_one_zip() {
    let w = Workdir::new();
    let units = returning_units(&w);
    let (code, address, first) = units[0].clone();
    let second = units[1].2.clone();
    make_eml(
        &w.path("eml"),
        &serde_json::json!([{
            "file": "1.eml",
            "sender": address,
            "subject": "报送材料",
            "attachments": [{"name": "材料.zip", "zip": [
                ["表.xlsx", first.display().to_string()],
                ["分表/表.xlsx", second.display().to_string()],
                // The same workbook again is not a third.
                ["副本/表.xlsx", first.display().to_string()],
            ]}],
        }]),
    );
    let args = [
        "collect",
        "--roster",
        &roster(),
        "--eml",
        "eml",
        "--out",
        "returns",
    ];
    w.run(&args).expect_code(0);
    let saved = files_under(&w.path("returns"));
    assert_eq!(saved.len(), 2, "{saved:?}");
    let hashes: BTreeSet<String> = saved
        .iter()
        .map(|f| sha256(&w.path("returns").join(f)))
        .collect();
    assert_eq!(
        hashes,
        [sha256(&first), sha256(&second)].into_iter().collect(),
        "{saved:?}"
    );
    // The second of the name gets `_2`.
    let names: BTreeSet<String> = [format!("{code}_表.xlsx"), format!("{code}_表_2.xlsx")]
        .into_iter()
        .collect();
    assert_eq!(saved, names);
    let log = std::fs::read_to_string(w.path("收件记录.csv")).unwrap();
    assert_eq!(log.lines().count(), 3, "{log}");
    // A second run saves neither again.
    w.run(&args).expect_code(0);
    assert_eq!(files_under(&w.path("returns")), saved);
    assert_eq!(
        std::fs::read_to_string(w.path("收件记录.csv")).unwrap(),
        log
    );
}

/// The sequence numbers of the unseen messages of INBOX (Python's imaplib, read-only).
fn unseen(port: u16) -> Vec<u32> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import imaplib, sys\n\
             M = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]))\n\
             M.login('clerk', 'secret')\n\
             M.select('INBOX', readonly=True)\n\
             print(M.search(None, 'UNSEEN')[1][0].decode())\n\
             M.logout()",
            &port.to_string(),
        ])
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "imaplib: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect()
}

#[test]
fn collect_over_imap_marks_messages_seen_only_when_asked() {
    let name = "collect_over_imap_marks_messages_seen_only_when_asked";
    let w = Workdir::new();
    let units = returning_units(&w);
    let mut messages: Vec<Value> = units[..3]
        .iter()
        .map(|(code, address, file)| {
            serde_json::json!({
                "sender": address,
                "subject": format!("{code} 绩效目标申报表"),
                "attachments": [[
                    file.file_name().unwrap().to_string_lossy(),
                    file.display().to_string(),
                ]],
            })
        })
        .collect();
    // Not handled (no unit), so never marked seen.
    messages.push(serde_json::json!({
        "sender": "stranger@elsewhere.example",
        "subject": "材料",
        "attachments": [["报表.xlsx", units[0].2.display().to_string()]],
    }));
    let dovecot = match Dovecot::start() {
        Ok(d) => d,
        Err(why) => {
            skip(name, &why);
            return;
        }
    };
    let mut fill = Command::new("python3")
        .arg(script("imap_fill.py"))
        .arg(dovecot.port.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    fill.stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&messages).unwrap().as_bytes())
        .unwrap();
    assert!(
        fill.wait_with_output().unwrap().status.success(),
        "imap_fill: {}",
        dovecot.log()
    );
    assert_eq!(unseen(dovecot.port), vec![1, 2, 3, 4]);
    let server = format!("127.0.0.1:{}", dovecot.port);
    let env = [
        ("JIXIAO_IMAP_USER", Some("clerk")),
        ("JIXIAO_IMAP_PASSWORD", Some("secret")),
    ];
    let roster_path = roster();
    let collect = |out: &str, mark: bool| {
        let mut args = vec![
            "collect",
            "--roster",
            &roster_path,
            "--imap",
            &server,
            "--out",
            out,
        ];
        if mark {
            args.push("--mark-seen");
        }
        w.run_env(&args, &env)
    };
    // Without --mark-seen the mailbox is opened read-only: all stay unseen.
    let first = collect("returns", false);
    first.expect_code(1);
    assert_eq!(files_under(&w.path("returns")).len(), 3);
    assert_eq!(unseen(dovecot.port), vec![1, 2, 3, 4]);
    let log = std::fs::read_to_string(w.path("收件记录.csv")).unwrap();
    assert_eq!(log.lines().count(), 4, "{log}");
    // With it, the handled messages are seen afterwards; nothing new is saved.
    let second = collect("returns", true);
    second.expect_code(1);
    assert!(
        second.stderr().contains("保存工作簿 0 个"),
        "{}",
        second.stderr()
    );
    assert_eq!(unseen(dovecot.port), vec![4]);
    assert_eq!(files_under(&w.path("returns")).len(), 3);
    assert_eq!(
        std::fs::read_to_string(w.path("收件记录.csv")).unwrap(),
        log
    );
    // Again: still nothing new, and seen messages are still read.
    let third = collect("returns", true);
    third.expect_code(1);
    assert!(
        third.stderr().contains("保存工作簿 0 个"),
        "{}",
        third.stderr()
    );
    assert_eq!(unseen(dovecot.port), vec![4]);
    assert_eq!(
        std::fs::read_to_string(w.path("收件记录.csv")).unwrap(),
        log
    );
    // A fresh returns folder gets all three from the seen messages.
    let fresh = collect("fresh/returns", true);
    fresh.expect_code(1);
    assert_eq!(files_under(&w.path("fresh/returns")).len(), 3);
}
