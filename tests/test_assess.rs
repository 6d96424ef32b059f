//! `jixiao assess` on the sample district: every roster unit scored, the four parts adding up
//! to the total, the ranking ordered, the on-time part full marks (and saying so) without a
//! received log.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn the_parts_add_up_to_the_total_and_the_ranking_is_ordered() {
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
    let out = w.path("考核.xlsx");
    let run = w.run(&[
        "assess",
        "--roster",
        &f("fixtures/roster.xlsx"),
        "--targets",
        stage.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "json",
        "-q",
    ]);
    run.expect_code(0);
    let json = run.json();
    let units = json["units"].as_array().unwrap();
    assert!(units.len() > 80, "{} units", units.len());
    let n = |u: &Value, k: &str| u[k].as_f64().unwrap_or_else(|| panic!("{k} in {u}"));
    let mut last: Option<(f64, u64)> = None;
    for (i, u) in units.iter().enumerate() {
        let parts = n(u, "按时报送得分") + n(u, "完整性得分") + n(u, "质量得分") + n(u, "整改得分");
        assert!((parts - n(u, "总分")).abs() < 0.005, "{u}");
        assert!(n(u, "总分") <= 100.0 + 1e-9, "{u}");
        assert_eq!(n(u, "按时报送得分"), 20.0, "{u}");
        assert!(u["时间依据"].as_str().unwrap().contains("未提供收件记录"));
        let rank = u["排名"].as_u64().unwrap();
        if let Some((t, r)) = last {
            assert!(n(u, "总分") <= t, "not ordered at {i}");
            if n(u, "总分") == t {
                assert_eq!(rank, r);
            } else {
                assert_eq!(rank, i as u64 + 1);
            }
        } else {
            assert_eq!(rank, 1);
        }
        last = Some((n(u, "总分"), rank));
    }
    // Not every unit has full marks: the planted mistakes cost quality.
    assert!(units.iter().any(|u| n(u, "质量得分") < 40.0));

    // The workbook: the parts in their own columns adding up to 总分, 排名 ascending.
    let t = read_sheet(&out, "绩效管理考核");
    assert_eq!(t.rows.len(), units.len());
    for r in 0..t.rows.len() {
        let parts: f64 = ["按时报送得分", "完整性得分", "质量得分", "整改得分"]
            .iter()
            .map(|c| t.num(r, c).unwrap())
            .sum();
        assert!((parts - t.num(r, "总分").unwrap()).abs() < 0.005);
        if r > 0 {
            assert!(t.num(r, "排名") >= t.num(r - 1, "排名"));
        }
    }
}

#[test]
fn a_late_arrival_loses_the_on_time_part() {
    let w = Workdir::new();
    let root = project_dir();
    let f = |p: &str| root.join(p).display().to_string();
    let log = w.path("收件记录.csv");
    std::fs::write(
        &log,
        "邮件编号,发件人,单位编码,单位名称,到达时间,附件,保存为\n\
         1,a@x.cn,101001,,2024-03-19T10:00:00+08:00,a.xlsx,a.xlsx\n\
         2,b@x.cn,101002,,2024-03-21T09:00:00+08:00,b.xlsx,b.xlsx\n",
    )
    .unwrap();
    let run = w.run(&[
        "assess",
        "--roster",
        &f("fixtures/roster.xlsx"),
        "--received",
        log.to_str().unwrap(),
        "--deadline",
        "2024年3月20日",
        "--format",
        "json",
        "-q",
    ]);
    run.expect_code(0);
    let json = run.json();
    let units = json["units"].as_array().unwrap();
    for u in units {
        let expect = if u["单位编码"] == "101001" {
            20.0
        } else {
            0.0
        };
        assert_eq!(u["按时报送得分"].as_f64().unwrap(), expect, "{u}");
    }
}

#[test]
fn without_a_received_log_the_forms_filling_date_decides() {
    let w = Workdir::new();
    let root = project_dir();
    let f = |p: &str| root.join(p).display().to_string();
    // The sample district's target cards are dated 2024年1月18日; 银江镇 handed in nothing.
    for (deadline, want) in [("2024年1月31日", 20.0), ("2024年1月17日", 0.0)] {
        let run = w.run(&[
            "assess",
            "--roster",
            &f("fixtures/roster.xlsx"),
            "--returns",
            &f("fixtures/targets"),
            "--deadline",
            deadline,
            "--format",
            "json",
            "-q",
        ]);
        run.expect_code(0);
        let json = run.json();
        let units = json["units"].as_array().unwrap();
        let dated = units
            .iter()
            .filter(|u| u["时间依据"] == "填报日期")
            .collect::<Vec<_>>();
        assert!(
            dated.len() >= 80,
            "{} units dated by their forms",
            dated.len()
        );
        for u in &dated {
            assert_eq!(u["按时报送得分"].as_f64().unwrap(), want, "{deadline}: {u}");
        }
        let yinjiang = units.iter().find(|u| u["单位名称"] == "银江镇").unwrap();
        assert_eq!(yinjiang["按时报送得分"].as_f64().unwrap(), 0.0);
    }
}
