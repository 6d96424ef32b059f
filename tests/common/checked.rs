//! Findings as a test reads them: `validate --format json` run in a scratch folder, each finding
//! (rule, severity, file, sheet, cell) with assertions that print every finding when they fail.

use super::{Run, Workdir};
use serde_json::Value;

/// One finding as a user reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    pub rule: String,
    pub severity: String,
    pub file: String,
    pub sheet: String,
    pub cell: String,
}

/// A `validate --format json` run: its exit code, the JSON and the findings.
pub struct Checked {
    pub run: Run,
    pub json: Value,
    pub found: Vec<Found>,
}

impl Checked {
    pub fn of(&self, rule: &str) -> Vec<&Found> {
        self.found.iter().filter(|f| f.rule == rule).collect()
    }

    pub fn listing(&self) -> String {
        self.json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                format!(
                    "  {} {} {} / {} / {}: {}",
                    f["rule"].as_str().unwrap_or(""),
                    f["severity"].as_str().unwrap_or(""),
                    f["file"].as_str().unwrap_or(""),
                    f["sheet"].as_str().unwrap_or(""),
                    f["cell"].as_str().unwrap_or(""),
                    f["message"].as_str().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Exactly one finding of `rule`, with this severity, in this file and sheet, at this cell.
    pub fn expect(&self, rule: &str, severity: &str, file: &str, sheet: &str, cell: &str) -> &Self {
        let want = Found {
            rule: rule.into(),
            severity: severity.into(),
            file: file.into(),
            sheet: sheet.into(),
            cell: cell.into(),
        };
        let got = self.of(rule);
        assert!(
            got.len() == 1 && *got[0] == want,
            "want exactly one {want:?}\nfindings of jixiao {:?}:\n{}",
            self.run.args,
            self.listing()
        );
        self
    }

    /// No finding of `rule`.
    pub fn none(&self, rule: &str) -> &Self {
        assert!(
            self.of(rule).is_empty(),
            "want no {rule}\nfindings of jixiao {:?}:\n{}",
            self.run.args,
            self.listing()
        );
        self
    }

    /// The findings of these severities.
    pub fn of_severity(&self, severities: &[&str]) -> Vec<&Found> {
        self.found
            .iter()
            .filter(|f| severities.contains(&f.severity.as_str()))
            .collect()
    }

    /// No finding at all.
    pub fn clean(&self) -> &Self {
        assert!(
            self.found.is_empty(),
            "want no findings\nfindings of jixiao {:?}:\n{}",
            self.run.args,
            self.listing()
        );
        self
    }

    /// Only findings of these rules.
    pub fn only(&self, rules: &[&str]) -> &Self {
        let other: Vec<&Found> = self
            .found
            .iter()
            .filter(|f| !rules.contains(&f.rule.as_str()))
            .collect();
        assert!(
            other.is_empty(),
            "want only {rules:?}\nfindings of jixiao {:?}:\n{}",
            self.run.args,
            self.listing()
        );
        self
    }

    /// The message of the one finding of `rule`.
    pub fn message(&self, rule: &str) -> String {
        self.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .and_then(|f| f["message"].as_str())
            .unwrap_or_default()
            .to_string()
    }
}

/// Runs `jixiao validate <args> --format json` in the scratch folder.
pub fn validate(wd: &Workdir, args: &[&str]) -> Checked {
    let mut all: Vec<&str> = vec!["validate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let run = wd.run(&all);
    assert!(
        run.code() == 0 || run.code() == 1,
        "jixiao {:?} failed ({}):\n{}",
        run.args,
        run.code(),
        run.stderr()
    );
    let json = run.json();
    let text = |f: &Value, k: &str| f[k].as_str().unwrap_or("").to_string();
    let found = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| Found {
            rule: text(f, "rule"),
            severity: text(f, "severity"),
            file: text(f, "file"),
            sheet: text(f, "sheet"),
            cell: text(f, "cell"),
        })
        .collect::<Vec<Found>>();
    let errors = found.iter().filter(|f| f.severity == "错误").count();
    assert_eq!(json["errors"], errors);
    run.expect_code(if errors > 0 { 1 } else { 0 });
    Checked { run, json, found }
}
