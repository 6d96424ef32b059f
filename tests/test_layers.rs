//! The library's layers import downwards only (see `src/lib.rs`): a module never uses one of a
//! higher layer, so reading never depends on analysis, nor analysis on output or commands.

use std::path::{Path, PathBuf};

/// Top-level modules by layer, lowest first.
const LAYERS: &[&[&str]] = &[
    &["cellref", "money", "label", "messages", "forms"],
    &["read"],
    &[
        "card",
        "finding",
        "config",
        "registry",
        "meta",
        "table",
        "schema",
        "target_value",
    ],
    &["rules"],
    &["batch"],
    &["stage", "yearend"],
    &["output", "template", "mail"],
    &["cmd"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn modules_import_downwards_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "main" {
            continue;
        }
        let own = layer(&top).unwrap_or_else(|| panic!("{top} has no layer in this test"));
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for part in line.split("crate::").skip(1) {
                let used: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                let Some(l) = layer(&used) else { continue };
                checked += 1;
                if l > own {
                    wrong.push(format!("{}:{}: {top} uses {used}", rel.display(), n + 1));
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} imports seen");
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
}
