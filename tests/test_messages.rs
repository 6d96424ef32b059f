//! Every message a clerk or a unit reads is Chinese: clap's help and errors, system and library
//! errors, `jixiao.toml` errors, output paths that name a folder, the 问题清单 of broken
//! workbooks. Colour only on a terminal, never on a pipe or with `NO_COLOR`.

mod common;

use common::{Run, Workdir, project_dir, read_sheet};
use regex::Regex;

/// An English sentence: three or more ASCII words in a row (the brief's
/// `\b[A-Za-z]{2,}( [A-Za-z]{2,}){2,}\b`, punctuation between words allowed), once file names, `--flags`,
/// placeholders and quoted values are taken out.
fn english(text: &str) -> Option<String> {
    let allowed = Regex::new(r"`[^`]*`|--?[A-Za-z][A-Za-z0-9-]*|<[^>]*>|\[[^\]]*\]|\S+\.(xlsx|xlsm|xls|xlsb|ods|toml|txt)\b|Excel/WPS|HTML/XML")
        .unwrap();
    // Words with punctuation between them count too (`error: unexpected argument`).
    let sentence = Regex::new(r#"\b[A-Za-z]{2,}([,:;.'"]* +['"]?[A-Za-z]{2,}){2,}\b"#).unwrap();
    let cleaned = allowed.replace_all(text, " · ");
    sentence.find(&cleaned).map(|m| m.as_str().to_string())
}

/// Exit 2 and a Chinese `错误：` with no English sentence on stderr.
fn assert_chinese_failure(run: &Run) {
    run.expect_code(2);
    let err = run.stderr();
    assert!(err.contains("错误："), "no 错误： in\n{err}");
    if let Some(s) = english(&err) {
        panic!("English `{s}` on stderr of jixiao {:?}:\n{err}", run.args);
    }
    assert!(!err.contains('\u{1b}'), "escape codes on a pipe:\n{err}");
}

fn fixture(rel: &str) -> String {
    project_dir()
        .join("fixtures")
        .join(rel)
        .display()
        .to_string()
}

/// A folder of broken returns beside a good one: truncated zip, an HTML page named .xls, an
/// encrypted workbook.
fn broken_returns(wd: &Workdir) -> String {
    let dir = wd.path("收表");
    std::fs::create_dir_all(&dir).unwrap();
    let targets = project_dir().join("fixtures/targets");
    let mut good: Vec<_> = std::fs::read_dir(&targets)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    good.sort();
    let bytes = std::fs::read(&good[0]).unwrap();
    std::fs::write(dir.join("good.xlsx"), &bytes).unwrap();
    std::fs::write(dir.join("truncated.xlsx"), &bytes[..bytes.len() / 3]).unwrap();
    std::fs::write(
        dir.join("page.xls"),
        "<html><body><table><tr><td>项目名称</td></tr></table></body></html>",
    )
    .unwrap();
    std::fs::copy(
        project_dir().join("tests/data/broken/encrypted.xlsx"),
        dir.join("encrypted.xlsx"),
    )
    .unwrap();
    "收表".to_string()
}

#[test]
fn bad_command_lines_are_refused_in_chinese_with_the_names_kept() {
    let wd = Workdir::new();
    let cases: &[(&[&str], &str)] = &[
        (&[], "缺少命令"),
        (&["frobnicate"], "frobnicate"),
        (&["validat", "x"], "validate"),
        (&["validate"], "<PATHS>"),
        (&["validate", "x", "--fromat", "json"], "--format"),
        (&["validate", "x", "--format", "xml"], "table"),
        (&["validate", "x", "--quiet", "--quiet"], "--quiet"),
        (&["consolidate", "x"], "--out"),
        (&["coverage", "x", "--year", "abc"], "abc"),
        (&["coverage", "x", "--stage", "final"], "self-eval"),
        (&["template", "--kind", "foo"], "overall"),
        (
            &[
                "template", "--kind", "monitor", "--roster", "r.xlsx", "--out", "o", "--month",
                "13",
            ],
            "1 到 12",
        ),
        (&["key-eval", "--bogus"], "--bogus"),
        (&["apply"], "自评汇总.xlsx"),
        (&["apply", "a.xlsx", "--out"], "--out"),
    ];
    for (args, kept) in cases {
        let run = wd.run(args);
        assert_chinese_failure(&run);
        assert!(run.stderr().contains(kept), "{kept} in\n{}", run.stderr());
        assert!(
            run.stderr().contains("提示：命令行参数有误"),
            "the hint line:\n{}",
            run.stderr()
        );
    }
}

#[test]
fn help_is_chinese_and_complete() {
    let wd = Workdir::new();
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["validate", "--help"],
        &["consolidate", "--help"],
        &["coverage", "--help"],
        &["template", "--help"],
        &["key-eval", "--help"],
        &["apply", "-h"],
        &["help", "template"],
    ] {
        let run = wd.run(args);
        run.expect_code(0);
        let out = run.stdout();
        for heading in ["用法：", "选项：", "显示帮助", "示例："] {
            assert!(out.contains(heading), "{heading} in {args:?}:\n{out}");
        }
        for english_text in [
            "Usage:",
            "Options:",
            "Arguments:",
            "Commands:",
            "Print help",
            "possible values",
            "default:",
        ] {
            assert!(
                !out.contains(english_text),
                "{english_text} in {args:?}:\n{out}"
            );
        }
        if let Some(s) = english(&out) {
            panic!("English `{s}` in help {args:?}:\n{out}");
        }
    }
    let top = wd.run(&["--help"]).stdout();
    assert!(top.contains("显示版本") && top.contains("命令："), "{top}");
    assert!(top.contains("退出码："), "after_help kept:\n{top}");
    let template = wd.run(&["template", "--help"]).stdout();
    assert!(
        template.contains("参数：") || template.contains("--kind"),
        "{template}"
    );
    assert!(
        template.contains("self-eval"),
        "possible values listed:\n{template}"
    );
    let validate = wd.run(&["validate", "--help"]).stdout();
    assert!(
        validate.contains("参数：") && validate.contains("--verbose"),
        "{validate}"
    );
    assert!(
        validate.contains("可选：table、json、csv；默认：table"),
        "{validate}"
    );
    let version = wd.run(&["--version"]);
    version.expect_code(0);
    assert!(
        version.stdout().starts_with("jixiao "),
        "{}",
        version.stdout()
    );
}

#[test]
fn missing_and_unreadable_inputs_fail_in_chinese() {
    let wd = Workdir::new();
    let returns = broken_returns(&wd);
    // A folder named like a workbook, given where a file is read: fails as root too.
    std::fs::create_dir_all(wd.path("x.xlsx")).unwrap();
    let roster = fixture("roster.xlsx");
    let budget = fixture("budget-2024.xlsx");
    let cases: Vec<Vec<&str>> = vec![
        vec!["validate", "nowhere.xlsx"],
        vec!["validate", &returns, "--roster", "missing.xlsx"],
        vec!["validate", &returns, "--roster", "x.xlsx"],
        vec![
            "consolidate",
            &returns,
            "--budget",
            "x.xlsx",
            "--out",
            "o.xlsx",
        ],
        vec!["coverage", &returns, "--roster", "missing.xlsx"],
        vec!["coverage", &returns],
        vec![
            "template", "--kind", "target", "--roster", "x.xlsx", "--budget", &budget, "--year",
            "2024", "--out", "t",
        ],
        vec![
            "template",
            "--kind",
            "target",
            "--roster",
            &roster,
            "--budget",
            "missing.xlsx",
            "--year",
            "2024",
            "--out",
            "t",
        ],
        vec!["key-eval", "x.xlsx"],
        vec!["key-eval", "missing.xlsx"],
        vec!["apply", "x.xlsx"],
        vec!["apply", "missing.xlsx"],
        vec!["apply", "收表/truncated.xlsx"],
        vec!["key-eval", "收表/page.xls"],
        vec!["apply", "收表/encrypted.xlsx"],
        vec!["validate", &returns, "--config", "missing.toml"],
    ];
    for args in &cases {
        let run = wd.run(args);
        assert_chinese_failure(&run);
    }
    let run = wd.run(&["validate", &returns, "--roster", "x.xlsx"]);
    assert!(run.stderr().contains("文件夹"), "{}", run.stderr());
    // A mistyped path is not there, not "moved away while read".
    let run = wd.run(&["validate", &returns, "--roster", "missing.xlsx"]);
    assert!(
        run.stderr().contains("找不到单位名册 `missing.xlsx`"),
        "{}",
        run.stderr()
    );
    // jixiao's own message, not 程序内部出错, whatever the folder is called: file extensions
    // and English words in a quoted path are not an English sentence.
    for folder in ["空文件夹", "Returns from all budget units"] {
        std::fs::create_dir_all(wd.path(folder)).unwrap();
        let run = wd.run(&["validate", folder]);
        assert_chinese_failure(&run);
        assert!(
            run.stderr().contains("没有找到任何工作簿") && !run.stderr().contains("程序内部出错"),
            "{}",
            run.stderr()
        );
    }
    let run = wd.run(&["apply", "收表/truncated.xlsx"]);
    assert!(
        run.stderr().contains("压缩包已损坏或被截断"),
        "{}",
        run.stderr()
    );

    // A file without read permission: only meaningful when not root.
    let locked = wd.path("locked.xlsx");
    std::fs::copy(project_dir().join("fixtures/roster.xlsx"), &locked).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&locked).is_err() {
            let run = wd.run(&["validate", &returns, "--roster", "locked.xlsx"]);
            assert_chinese_failure(&run);
            assert!(run.stderr().contains("权限"), "{}", run.stderr());
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[test]
fn outputs_that_cannot_be_written_fail_in_chinese_before_reading() {
    let wd = Workdir::new();
    let returns = broken_returns(&wd);
    std::fs::write(wd.path("plain.txt"), "a file").unwrap();
    std::fs::create_dir_all(wd.path("已有文件夹")).unwrap();
    let roster = fixture("roster.xlsx");
    let budget = fixture("budget-2024.xlsx");
    let folder_cases: Vec<Vec<&str>> = vec![
        vec!["consolidate", &returns, "--out", "汇总/"],
        vec!["consolidate", &returns, "--out", "已有文件夹"],
        vec!["validate", &returns, "--report", "问题/"],
        vec![
            "coverage",
            &returns,
            "--roster",
            &roster,
            "--out",
            "已有文件夹/",
        ],
        vec!["key-eval", "x.xlsx", "--out", "清单/"],
        vec!["apply", "x.xlsx", "--out", "已有文件夹"],
    ];
    for args in &folder_cases {
        let run = wd.run(args);
        assert_chinese_failure(&run);
        assert!(
            run.stderr().contains("需要输出文件的名称"),
            "{args:?}:\n{}",
            run.stderr()
        );
        assert!(
            !run.stderr().contains("Not a directory"),
            "{}",
            run.stderr()
        );
    }
    let under_file: Vec<Vec<&str>> = vec![
        vec!["consolidate", &returns, "--out", "plain.txt/汇总.xlsx"],
        vec!["validate", &returns, "--report", "plain.txt/sub/问题.xlsx"],
        vec![
            "template",
            "--kind",
            "target",
            "--roster",
            &roster,
            "--budget",
            &budget,
            "--year",
            "2024",
            "--out",
            "plain.txt/模板",
        ],
        vec![
            "template",
            "--kind",
            "target",
            "--roster",
            &roster,
            "--budget",
            &budget,
            "--year",
            "2024",
            "--out",
            "plain.txt",
        ],
    ];
    for args in &under_file {
        let run = wd.run(args);
        assert_chinese_failure(&run);
        assert!(run.stderr().contains("plain.txt"), "{}", run.stderr());
    }
    assert!(!wd.path("汇总").exists());
}

#[test]
fn a_broken_jixiao_toml_is_explained_with_line_column_and_key() {
    let wd = Workdir::new();
    let returns = broken_returns(&wd);
    let cases = [
        (
            "year = 2024\ntolerence = 0.01\n",
            &["第 2 行", "tolerence", "tolerance"][..],
        ),
        ("tolerance = \"abc\"\n", &["第 1 行", "数字"]),
        ("key_domains = \"教育\"\n", &["第 1 行", "列表"]),
        ("contact = 张三\n", &["第 1 行", "双引号"]),
        ("year = 2024\nyear = 2025\n", &["第 2 行", "重复"]),
        (
            "[advice.\"中\"]\ntext = \"压减\"\nchange = -10\nratio = 1\n",
            &["第 4 行", "ratio"],
        ),
        ("[advice.中]\ntext = \"压减\"\n", &["第 1 行", "双引号"]),
        ("year 2024\n", &["第 1 行"]),
    ];
    for (toml, wanted) in cases {
        std::fs::write(wd.path("jixiao.toml"), toml).unwrap();
        for args in [
            &["validate", returns.as_str()][..],
            &["consolidate", returns.as_str(), "--out", "汇总.xlsx"],
            &["key-eval", "x.xlsx"],
            &["apply", "x.xlsx"],
        ] {
            let run = wd.run(args);
            assert_chinese_failure(&run);
            let err = run.stderr();
            assert!(err.contains("jixiao.toml"), "{err}");
            for w in wanted {
                assert!(err.contains(w), "{w} for {toml:?}:\n{err}");
            }
        }
        let verbose = wd.run(&["validate", &returns, "--verbose"]);
        verbose.expect_code(2);
        assert!(
            verbose.stderr().contains("原始信息"),
            "--verbose keeps the parser's text:\n{}",
            verbose.stderr()
        );
    }
}

#[test]
fn the_findings_of_broken_workbooks_hold_no_english() {
    let wd = Workdir::new();
    let returns = broken_returns(&wd);
    // --verbose shows the library's English on stderr only, never in the workbook.
    let run = wd.run(&["consolidate", &returns, "--out", "汇总.xlsx", "--verbose"]);
    run.expect_code(1);
    assert!(run.stderr().contains("原始信息"), "{}", run.stderr());
    let findings = read_sheet(&wd.path("汇总.xlsx"), "问题清单");
    let mut files = Vec::new();
    for row in &findings.rows {
        for cell in row {
            let text = common::cell_text(cell);
            assert!(
                english(&text).is_none() && !text.contains("error") && !text.contains("Zip"),
                "English in 问题清单: {text}"
            );
        }
        files.push(common::cell_text(&row[findings.col("来源文件")]));
    }
    for f in ["truncated.xlsx", "page.xls", "encrypted.xlsx"] {
        assert!(files.iter().any(|x| x == f), "{f} in {files:?}");
    }
    let truncated = findings
        .rows_where("来源文件", "truncated.xlsx")
        .next()
        .unwrap();
    assert!(
        findings
            .text(truncated, "说明")
            .contains("压缩包已损坏或被截断"),
        "{}",
        findings.text(truncated, "说明")
    );
    // The same through validate's JSON and report.
    let run = wd.run(&[
        "validate",
        &returns,
        "--format",
        "json",
        "--report",
        "问题.xlsx",
    ]);
    run.expect_code(1);
    for f in run.json()["findings"].as_array().unwrap() {
        let m = f["message"].as_str().unwrap();
        assert!(english(m).is_none() && !m.contains("Zip"), "{m}");
    }
}

#[test]
fn no_escape_codes_on_a_pipe_or_with_no_color() {
    let wd = Workdir::new();
    let returns = broken_returns(&wd);
    let args = ["validate", returns.as_str()];
    let plain = wd.run_env(
        &args,
        &[
            ("NO_COLOR", None),
            ("CLICOLOR_FORCE", None),
            ("CLICOLOR", None),
        ],
    );
    plain.expect_code(1);
    assert!(!plain.stdout().contains('\u{1b}'), "{}", plain.stdout());
    assert!(!plain.stderr().contains('\u{1b}'), "{}", plain.stderr());
    // Forced colour shows that there is colour to leave out…
    let forced = wd.run_env(&args, &[("NO_COLOR", None), ("CLICOLOR_FORCE", Some("1"))]);
    assert!(forced.stdout().contains('\u{1b}'), "{}", forced.stdout());
    assert!(forced.stderr().contains('\u{1b}'), "{}", forced.stderr());
    // …and NO_COLOR wins over it.
    let none = wd.run_env(
        &args,
        &[("NO_COLOR", Some("1")), ("CLICOLOR_FORCE", Some("1"))],
    );
    assert!(!none.stdout().contains('\u{1b}'), "{}", none.stdout());
    assert!(!none.stderr().contains('\u{1b}'), "{}", none.stderr());
    for args in [
        &["--help"][..],
        &["validate", "--foo"],
        &["validate", "nowhere"],
    ] {
        let run = wd.run_env(
            args,
            &[("NO_COLOR", Some("1")), ("CLICOLOR_FORCE", Some("1"))],
        );
        assert!(!run.stdout().contains('\u{1b}'), "{}", run.stdout());
        assert!(!run.stderr().contains('\u{1b}'), "{}", run.stderr());
    }
}

#[test]
fn the_english_detector_finds_sentences_and_spares_names() {
    assert!(english("错误：Zip error: invalid Zip archive: Could not find EOCD").is_some());
    assert!(english("error: unexpected argument '--foo' found").is_some());
    assert!(english("No such file or directory (os error 2)").is_some());
    assert!(
        english("错误：无法识别的参数 `--foo bar baz`；用 jixiao validate --format json 试试")
            .is_none()
    );
    assert!(english("找不到 `收表/301001 Office Budget Form.xlsx`：请检查路径").is_none());
}
