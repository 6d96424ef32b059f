//! Test helpers: a scratch folder, the real binary, and workbooks read back with calamine.
#![allow(dead_code)]

pub mod checked;

use calamine::{Data, Reader, open_workbook_auto};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A scratch folder for one test, removed at the end.
pub struct Workdir {
    pub dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Workdir {
        Workdir {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Runs `jixiao` with these arguments in the scratch folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run jixiao");
        Run {
            out,
            args: args.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl Workdir {
    /// Runs `jixiao` with these environment variables set (`Some`) or removed (`None`).
    pub fn run_env(&self, args: &[&str], env: &[(&str, Option<&str>)]) -> Run {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_jixiao"));
        cmd.args(args).current_dir(self.dir.path());
        for (k, v) in env {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        Run {
            out: cmd.output().expect("run jixiao"),
            args: args.iter().map(|s| s.to_string()).collect(),
        }
    }
}

/// The outcome of one run, printed in full when an assertion about it fails.
pub struct Run {
    pub out: Output,
    pub args: Vec<String>,
}

impl Run {
    pub fn code(&self) -> i32 {
        self.out.status.code().unwrap_or(-1)
    }

    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.out.stdout).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.out.stderr).into_owned()
    }

    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code(),
            code,
            "jixiao {:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.args,
            self.stdout(),
            self.stderr()
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.out.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\n{}",
                self.stdout(),
                self.stderr()
            )
        })
    }
}

/// A sheet of a written workbook: header names, rows of cells, and the closing `合计` row when
/// the sheet has one (kept apart so that `rows` are the data rows).
#[derive(Debug, Clone)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<Data>>,
    pub total: Option<Vec<Data>>,
}

/// A header as a reader finds it: money headers carry their unit (`年度资金总额（万元）`).
pub fn header_name(h: &str) -> &str {
    h.strip_suffix("（万元）").unwrap_or(h)
}

impl Table {
    pub fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| header_name(h) == name)
            .unwrap_or_else(|| panic!("no column {name} in {:?}", self.header))
    }

    /// A number of the total row.
    pub fn total_num(&self, name: &str) -> Option<f64> {
        match self.total.as_ref()?.get(self.col(name))? {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    /// The text of a cell (numbers formatted plainly).
    pub fn text(&self, row: usize, name: &str) -> String {
        cell_text(&self.rows[row][self.col(name)])
    }

    pub fn num(&self, row: usize, name: &str) -> Option<f64> {
        match &self.rows[row][self.col(name)] {
            Data::Float(f) => Some(*f),
            Data::Int(i) => Some(*i as f64),
            _ => None,
        }
    }

    /// Rows where column `name` has this text.
    pub fn rows_where<'a>(
        &'a self,
        name: &str,
        value: &'a str,
    ) -> impl Iterator<Item = usize> + 'a {
        let c = self.col(name);
        (0..self.rows.len()).filter(move |&r| cell_text(&self.rows[r][c]) == value)
    }
}

pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    }
}

/// Reads one sheet of a workbook as a table whose first row is the header.
pub fn read_sheet(path: &Path, sheet: &str) -> Table {
    let mut book =
        open_workbook_auto(path).unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    let range = book
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("sheet {sheet} of {}: {e}", path.display()));
    let mut rows = range.rows().map(|r| r.to_vec());
    let header = rows
        .next()
        .map(|h| h.iter().map(cell_text).collect())
        .unwrap_or_default();
    let mut rows: Vec<Vec<Data>> = rows.collect();
    let total = rows
        .last()
        .filter(|r| r.first().is_some_and(|c| cell_text(c) == "合计"))
        .is_some()
        .then(|| rows.pop())
        .flatten();
    Table {
        header,
        rows,
        total,
    }
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    open_workbook_auto(path).expect("open").sheet_names()
}

/// The project's own folder (fixtures live there).
pub fn project_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/realworld` beside the checkout, if present.
pub fn realworld_dir() -> Option<PathBuf> {
    let p = project_dir().join("../shared/realworld");
    p.join("shenzhen-targets-1.xlsx").exists().then_some(p)
}

/// Says loudly that a test did not run and why. Written to the process's stderr directly, past
/// the test harness's output capture, so that a passing `cargo test` still shows it.
pub fn skip(test: &str, why: &str) {
    use std::io::Write;
    let line = format!("SKIPPED: {test}: {why}");
    // The harness captures `eprintln!` and `io::stderr()`; a file handle on the same stream is
    // not captured.
    match std::fs::OpenOptions::new().append(true).open("/dev/stderr") {
        Ok(mut f) => {
            let _ = writeln!(f, "{line}");
        }
        Err(_) => eprintln!("{line}"),
    }
}

/// A LibreOffice command, under `timeout` where the machine has it: a converter that hangs on
/// its first start fails the test instead of the whole CI run.
pub fn soffice_command(soffice: &Path) -> Command {
    if Path::new("/usr/bin/timeout").exists() {
        let mut c = Command::new("/usr/bin/timeout");
        c.arg("300").arg(soffice);
        c
    } else {
        Command::new(soffice)
    }
}

/// Whether LibreOffice is installed; prints a loud skip line when it is not.
pub fn soffice_or_skip(test: &str) -> Option<PathBuf> {
    for p in [
        "/usr/bin/soffice",
        "/usr/local/bin/soffice",
        "/usr/bin/libreoffice",
    ] {
        if Path::new(p).exists() {
            return Some(PathBuf::from(p));
        }
    }
    skip(
        test,
        "LibreOffice (soffice) is not installed on this machine; .ci/run installs it",
    );
    None
}

/// A minimal clean target card on a sheet of its own: no finding but none expected of it.
pub fn minimal_card<'a>(
    book: &'a mut rust_xlsxwriter::Workbook,
    name: &str,
    project: &str,
) -> &'a mut rust_xlsxwriter::Worksheet {
    let ws = book.add_worksheet();
    ws.set_name(name).unwrap();
    let cells: &[(u32, u16, &str)] = &[
        (0, 0, "项目支出绩效目标申报表"),
        (1, 0, "项目名称"),
        (1, 1, project),
        (2, 0, "实施单位"),
        (2, 1, "区第一中学"),
        (3, 0, "年度资金总额"),
        (4, 0, "年度目标"),
        (4, 1, "完成校舍维修"),
        (5, 0, "一级指标"),
        (5, 1, "二级指标"),
        (5, 2, "三级指标"),
        (5, 3, "指标值"),
        (6, 0, "产出指标"),
        (6, 1, "数量指标"),
        (6, 2, "维修面积"),
        (6, 3, "≥1200平方米"),
        (7, 1, "质量指标"),
        (7, 2, "验收合格率"),
        (7, 3, "100%"),
        (8, 1, "时效指标"),
        (8, 2, "完工时间"),
        (8, 3, "2024年8月31日前"),
        (9, 0, "效益指标"),
        (9, 1, "社会效益指标"),
        (9, 2, "安全隐患消除数"),
        (9, 3, "≥5处"),
    ];
    for &(r, c, t) in cells {
        ws.write_string(r, c, t).unwrap();
    }
    ws.write_number(3, 1, 88.5).unwrap();
    ws
}
