//! `jixiao template`: every template the tool writes reads back through the tool's own reader as
//! the right kind with the right values, also after a unit fills it and a real spreadsheet
//! program (LibreOffice) re-saves it as xlsx or xls. Tests that need LibreOffice say so loudly
//! and return where it is not installed (CI installs it).

mod common;

use common::Workdir;
use jixiao::card::{Card, Source};
use jixiao::cellref::CellRef;
use jixiao::config::Config;
use jixiao::finding::{Rule, Severity};
use jixiao::forms::{Col, Field, FormKind};
use jixiao::read::extract::{classify, extract};
use jixiao::read::grid::Grid;
use jixiao::read::label::normalize;
use jixiao::read::value::CellValue;
use jixiao::read::workbook::read_workbook;
use jixiao::template::meta::{Key, META_SHEET};
use jixiao::template::{TemplateMeta, read_meta};
use rust_xlsxwriter::Workbook;
use std::path::{Path, PathBuf};

// ---------------------------------------------------------------------------------------------
// A small district: roster, budget list, consolidated target workbook.

/// Writes a workbook from `|`-separated rows, the first of each sheet its header; the columns
/// named in `numbers` hold numbers, the others text (codes stay text).
fn write_rows(path: &Path, sheets: &[(&str, &[&str])], numbers: &[&str]) {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let ws = book.add_worksheet();
        ws.set_name(*name).unwrap();
        let header: Vec<&str> = rows[0].split('|').collect();
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.split('|').enumerate().filter(|(_, v)| !v.is_empty()) {
                let (r, c16) = (r as u32, c as u16);
                if r > 0 && numbers.contains(&header[c]) {
                    ws.write_number(r, c16, v.parse::<f64>().unwrap()).unwrap();
                } else {
                    ws.write_string(r, c16, v).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

const LONG_NAME: &str = "区某某街道办事处社区卫生服务中心（区妇幼保健计划生育服务中心、区疾病预防控制中心分中心）附属机构";

/// Five units: one with a slash and a colon in its name, one with a very long name, one
/// without project expenditure, one without budget projects.
fn district(wd: &Workdir) {
    let long = format!("301003|{LONG_NAME}|区卫生健康局|事业|是");
    let roster = [
        "单位编码|单位名称|主管部门|单位类型|是否有项目支出",
        "301001|区教育和体育局|区教育和体育局|行政|是",
        "301002|区卫生/健康:局|区卫生健康局|行政|是",
        long.as_str(),
        "301004|区档案馆|区委办公室|事业|否",
        "301005|区林业局|区林业局|行政|是",
    ];
    write_rows(&wd.path("roster.xlsx"), &[("名册", &roster)], &[]);
    let budget = [
        "单位编码|项目编码|项目名称|项目属性|本年预算数",
        "301001|510100240000000001|校舍维修改造项目|新增|120.5",
        "301001|510100240000000002|学生营养改善计划[配套]资金|延续|86.25",
        "301001|510100240000000003|教师培训：2024/春季*|新增|12",
        "301002|510100240000000004|基本公共卫生服务|延续|300",
        "301003|510100240000000005|社区健康宣传|新增|45.6",
    ];
    write_rows(
        &wd.path("budget.xlsx"),
        &[("预算项目", &budget)],
        &["本年预算数"],
    );
}

/// A consolidated target workbook as `jixiao consolidate` writes it (FORMS §6).
fn consolidated(wd: &Workdir) {
    let projects = [
        "单位编码|单位名称|主管部门|项目编码|项目名称|项目属性|预算类型|年度资金总额|财政拨款|上年结转资金|其他资金|年度目标",
        "301001|区教育和体育局|区教育和体育局|510100240000000001|校舍维修改造项目|新增|一般公共预算|120.5|100.5||20|完成12所学校校舍维修，改善办学条件。",
        "301001|区教育和体育局|区教育和体育局|510100240000000002|学生营养改善计划[配套]资金|延续|一般公共预算|86.25|86.25|||保障学生营养餐。",
        "301002|区卫生/健康:局|区卫生健康局|510100240000000004|基本公共卫生服务|延续|一般公共预算|300|300|||为辖区居民提供基本公共卫生服务。",
    ];
    let indicators = [
        "单位编码|项目编码|项目名称|一级指标|二级指标|三级指标|指标值",
        "301001|510100240000000001||产出指标|数量指标|维修学校数量|≥12所",
        "301001|510100240000000001||产出|质量|验收合格率|≥95%",
        "301001|510100240000000001||效益指标|社会效益指标|受益学生人数|≥3000人",
        "301001|510100240000000001||产出指标|时效指标|完工时间|2024年12月31日前",
        "301001|510100240000000001||满意度指标|服务对象满意度指标|师生满意度|≥90%",
        "301001|510100240000000001||产出指标|成本指标|不适用|",
        "301001|510100240000000002||产出指标|数量指标|受益学生数|≥5000人",
        "301001|510100240000000002||效益指标|社会效益指标|学生营养状况|明显改善",
        "301002|510100240000000004|基本公共卫生服务|产出指标|数量指标|建档人数|≥20万人",
    ];
    write_rows(
        &wd.path("target-consolidated.xlsx"),
        &[("项目汇总", &projects), ("指标明细", &indicators)],
        &["年度资金总额", "财政拨款", "上年结转资金", "其他资金"],
    );
}

/// Runs `jixiao` with a command line split at white space.
fn jx(wd: &Workdir, cmd: &str) -> common::Run {
    wd.run(&cmd.split_whitespace().collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------------------------
// Reading back through the tool's own reader.

struct Book {
    grids: Vec<Grid>,
    cards: Vec<Card>,
    meta: TemplateMeta,
}

fn read_back(path: &Path) -> Book {
    let grids = read_workbook(path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    let meta =
        read_meta(&grids).unwrap_or_else(|| panic!("{}: no template metadata", path.display()));
    let mut cards = Vec::new();
    for g in grids.iter().filter(|g| !g.hidden) {
        if let Some((kind, at)) = classify(g) {
            let raw = extract(g, kind, at);
            let src = Source {
                file_id: Default::default(),
                file: path.display().to_string().into(),
                sheet_index: g.index,
                sheet: g.name.as_str().into(),
            };
            cards.push(Card::from_raw(&raw, src));
        }
    }
    Book { grids, cards, meta }
}

impl Book {
    fn grid(&self, sheet: &str) -> &Grid {
        self.grids.iter().find(|g| g.name == sheet).unwrap()
    }

    fn card(&self, name: &str) -> &Card {
        self.cards
            .iter()
            .find(|c| c.text(Field::ProjectName) == name)
            .unwrap_or_else(|| {
                panic!(
                    "no card {name} in {:?}",
                    self.cards
                        .iter()
                        .map(|c| c.text(Field::ProjectName))
                        .collect::<Vec<_>>()
                )
            })
    }
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The indicator rows that carry a 三级指标 (declared ones, or filled in), without the blank
/// rows a template prints for each category.
fn named(card: &Card) -> Vec<&jixiao::card::Indicator> {
    card.indicators
        .iter()
        .filter(|i| i.name().is_some())
        .collect()
}

fn money(card: &Card, f: Field) -> Option<String> {
    card.money(f).map(|a| a.money.to_string())
}

fn find(grid: &Grid, label: &str) -> CellRef {
    let want = normalize(label);
    grid.iter()
        .find(|(_, v)| matches!(v, CellValue::Text(s) if normalize(s) == want))
        .map(|(at, _)| at)
        .unwrap_or_else(|| panic!("no `{label}` on sheet {}", grid.name))
}

fn errors(card: &Card) -> Vec<(Rule, String)> {
    jixiao::rules::check_card(card, &Config::default())
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| (f.rule, f.cell_text()))
        .collect()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn target_templates_read_back_as_target_cards_with_the_prefilled_values() {
    let wd = Workdir::new();
    district(&wd);
    let run = jx(
        &wd,
        "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --out out --format json",
    );
    run.expect_code(0);
    let json = run.json();
    // One workbook per roster unit: its unit-wide card, then one card per budget project.
    assert_eq!(json["workbooks"].as_array().unwrap().len(), 5, "{json}");
    // 301004 has no project expenditure: its workbook holds the unit-wide card alone.
    assert!(run.stderr().contains("区档案馆"), "{}", run.stderr());

    let names = files(&wd.path("out"));
    assert_eq!(names.len(), 5, "{names:?}");
    assert!(
        names.contains(&"301001_区教育和体育局_2024年度项目支出绩效目标申报表.xlsx".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"301002_区卫生／健康：局_2024年度项目支出绩效目标申报表.xlsx".to_string()),
        "{names:?}"
    );
    for n in &names {
        assert!(n.len() < 200, "{n} is {} bytes", n.len());
        assert!(
            !n.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|']),
            "{n}"
        );
    }

    let archive = read_back(&wd.path("out/301004_区档案馆_2024年度项目支出绩效目标申报表.xlsx"));
    assert_eq!(archive.cards.len(), 1);
    assert_eq!(archive.cards[0].kind, FormKind::Overall);
    assert_eq!(archive.cards[0].text(Field::UnitName), "区档案馆");
    assert_eq!(archive.meta.cards[0].kind, FormKind::Overall);

    let book = read_back(&wd.path("out/301001_区教育和体育局_2024年度项目支出绩效目标申报表.xlsx"));
    assert_eq!(book.cards.len(), 4);
    assert_eq!(book.cards[0].kind, FormKind::Overall);
    assert_eq!(book.cards[0].src.sheet, "部门整体");
    assert!(book.cards[1..].iter().all(|c| c.kind == FormKind::Target));
    assert_eq!(book.grids[0].name, "填报说明");
    assert!(book.grids.iter().any(|g| g.name == META_SHEET && g.hidden));
    assert_eq!(book.meta.kind, FormKind::Target);
    assert_eq!(book.meta.year, 2024);
    assert_eq!(book.meta.unit_code, "301001");
    assert!(book.meta.intact());
    for (name, code, total) in [
        ("校舍维修改造项目", "510100240000000001", "120.50"),
        ("学生营养改善计划[配套]资金", "510100240000000002", "86.25"),
        ("教师培训：2024/春季*", "510100240000000003", "12.00"),
    ] {
        let card = book.card(name);
        assert_eq!(card.kind, FormKind::Target);
        assert_eq!(card.code(Field::ProjectCode).unwrap().text, code);
        assert!(!card.code(Field::ProjectCode).unwrap().lost_digits);
        assert_eq!(card.text(Field::Unit), "区教育和体育局");
        assert_eq!(card.text(Field::Department), "区教育和体育局");
        assert_eq!(money(card, Field::Total).as_deref(), Some(total));
        assert_eq!(money(card, Field::Fiscal), None);
        assert!(card.labels.contains_key(&Field::Fiscal));
        assert!(card.labels.contains_key(&Field::Carryover));
        assert!(card.labels.contains_key(&Field::Other));
        assert!(card.labels.contains_key(&Field::AnnualGoal));
        // 3 rows for each of the 10 level-2 categories, level names printed.
        assert_eq!(card.indicators.len(), 30);
        assert_eq!(card.indicators[0].level1().unwrap().value, "产出指标");
        assert_eq!(card.indicators[0].level2().unwrap().value, "数量指标");
        assert_eq!(
            card.indicators[29].level2().unwrap().value,
            "其他满意度指标"
        );
        // An untouched template is exactly that, and nothing else.
        let findings = jixiao::rules::check_card(card, &Config::default());
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].rule, Rule::Untouched);
        let cm = book.meta.card_for(card).expect("card metadata");
        assert_eq!(cm.project_code, code);
        assert!(cm.is_untouched(book.grid(&card.src.sheet)));
        assert!(cm.edited(card).is_empty(), "{:?}", cm.edited(card));
    }
    // Sheet names Excel accepts, made from the project names.
    let sheets: Vec<&str> = book.cards.iter().map(|c| &*c.src.sheet).collect();
    assert_eq!(
        sheets,
        [
            "部门整体",
            "校舍维修改造项目",
            "学生营养改善计划［配套］资金",
            "教师培训：2024／春季＊"
        ]
    );

    // The attribute from the budget list is offered as the default.
    let card = book.card("学生营养改善计划[配套]资金");
    assert_eq!(card.text(Field::Attribute), "延续");

    // The long unit name is cut in the file name, never in the card.
    let long = names.iter().find(|n| n.starts_with("301003_")).unwrap();
    let book = read_back(&wd.path("out").join(long));
    assert_eq!(book.cards[0].text(Field::UnitName), LONG_NAME);
    assert_eq!(book.cards[1].text(Field::Unit), LONG_NAME);
    assert_eq!(book.meta.unit_name, LONG_NAME);
}

#[test]
fn templates_written_twice_are_identical() {
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    for out in ["a", "b"] {
        jx(&wd, &format!("template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --out {out} --spare 1 -q"))
            .expect_code(0);
        jx(&wd, &format!("template --kind monitor --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --month 7 --out {out}/monitor -q"))
.expect_code(0);
    }
    for sub in ["", "monitor"] {
        let (a, b) = (wd.path("a").join(sub), wd.path("b").join(sub));
        let names = files(&a);
        assert_eq!(names, files(&b));
        for n in names.iter().filter(|n| n.ends_with(".xlsx")) {
            assert!(
                std::fs::read(a.join(n)).unwrap() == std::fs::read(b.join(n)).unwrap(),
                "{n} differs between two runs"
            );
        }
    }
}

#[test]
fn monitor_and_self_eval_templates_carry_the_declared_targets() {
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    jx(&wd, "template --kind monitor --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --month 7 --out monitor")
    .expect_code(0);
    let names = files(&wd.path("monitor"));
    assert_eq!(names.len(), 2, "{names:?}");
    let file = "301001_区教育和体育局_2024年1-7月项目支出绩效目标执行监控表.xlsx";
    assert!(names.contains(&file.to_string()), "{names:?}");
    let book = read_back(&wd.path("monitor").join(file));
    assert_eq!(book.meta.kind, FormKind::Monitor);
    assert_eq!(book.meta.month, Some(7));
    let card = book.card("校舍维修改造项目");
    assert_eq!(card.kind, FormKind::Monitor);
    assert_eq!(card.month, Some(7));
    assert_eq!(
        card.code(Field::ProjectCode).unwrap().text,
        "510100240000000001"
    );
    assert_eq!(card.text(Field::Unit), "区教育和体育局");
    assert_eq!(
        card.text(Field::AnnualGoal),
        "完成12所学校校舍维修，改善办学条件。"
    );
    let block = |f: Field, c: Col| {
        card.block
            .get(&(f, c))
            .map(|h| h.value.display())
            .unwrap_or_default()
    };
    assert_eq!(block(Field::Total, Col::BudgetStart), "120.5");
    assert_eq!(block(Field::Fiscal, Col::BudgetStart), "100.5");
    assert_eq!(block(Field::Other, Col::BudgetStart), "20");
    assert_eq!(block(Field::Carryover, Col::BudgetStart), "");
    // At least three rows for each of the 10 level-2 categories, the declared ones among them.
    assert_eq!(card.indicators.len(), 30);
    // The five declared indicators (not the 不适用 row), in taxonomy order; the blank rows
    // count for nothing while empty.
    let ind: Vec<(String, String, String, String)> = named(card)
        .iter()
        .map(|i| {
            (
                i.level1().map(|x| x.value.to_string()).unwrap_or_default(),
                i.level2().map(|x| x.value.to_string()).unwrap_or_default(),
                i.name().map(|x| x.value.to_string()).unwrap_or_default(),
                i.value().map(|x| x.value.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    let want = [
        ("产出指标", "数量指标", "维修学校数量", "≥12所"),
        ("产出指标", "质量指标", "验收合格率", "≥95%"),
        ("产出指标", "时效指标", "完工时间", "2024年12月31日前"),
        ("效益指标", "社会效益指标", "受益学生人数", "≥3000人"),
        ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%"),
    ];
    assert_eq!(ind.len(), want.len(), "{ind:#?}");
    for (got, want) in ind.iter().zip(want) {
        assert_eq!(
            (
                got.0.as_str(),
                got.1.as_str(),
                got.2.as_str(),
                got.3.as_str()
            ),
            want
        );
    }
    let cm = book.meta.card_for(card).unwrap();
    assert_eq!(cm.indicators.len(), 5);
    assert!(
        cm.prefilled
            .contains(&(Key::Block(Field::Total, Col::BudgetStart), "120.5".into()))
    );
    assert!(cm.is_untouched(book.grid(&card.src.sheet)));
    assert!(cm.edited(card).is_empty(), "{:?}", cm.edited(card));
    assert!(find(book.grid(&card.src.sheet), "1-7月执行数").row > 0);

    jx(&wd, "template --kind self-eval --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --out self --spare 1")
    .expect_code(0);
    let book = read_back(&wd.path("self/301001_区教育和体育局_2024年度项目支出绩效自评表.xlsx"));
    assert_eq!(book.meta.kind, FormKind::SelfEval);
    assert_eq!(book.cards.len(), 3, "two projects and a spare card");
    let card = book.card("学生营养改善计划[配套]资金");
    assert_eq!(card.kind, FormKind::SelfEval);
    assert_eq!(named(card).len(), 2);
    assert_eq!(named(card)[1].value().unwrap().value, "明显改善");
    // The execution rate's 分值 is written; 执行率 and 得分 are formulas, empty until filled.
    assert_eq!(
        card.block
            .get(&(Field::Total, Col::Weight))
            .map(|h| h.value.display())
            .as_deref(),
        Some("10")
    );
    assert!(
        !card.block.contains_key(&(Field::Total, Col::ExecRate)),
        "{:?}",
        card.block.get(&(Field::Total, Col::ExecRate))
    );
    let spare = book
        .cards
        .iter()
        .find(|c| c.src.sheet == "备用1")
        .expect("spare card");
    assert_eq!(spare.text(Field::ProjectName), "");
    assert_eq!(spare.text(Field::Unit), "区教育和体育局");
    assert!(
        book.meta
            .cards
            .iter()
            .any(|c| c.spare && c.sheet == "备用1")
    );
}

#[test]
fn overall_templates_are_one_per_roster_unit() {
    let wd = Workdir::new();
    district(&wd);
    jx(
        &wd,
        "template --kind overall --roster roster.xlsx --year 2024 --out o -q",
    )
    .expect_code(0);
    let names = files(&wd.path("o"));
    assert_eq!(names.len(), 5, "{names:?}");
    let book =
        read_back(&wd.path("o/301004_区档案馆_2024年度部门（单位）整体支出绩效目标申报表.xlsx"));
    assert_eq!(book.cards.len(), 1);
    let card = &book.cards[0];
    assert_eq!(card.kind, FormKind::Overall);
    assert_eq!(card.text(Field::UnitName), "区档案馆");
    assert!(card.labels.contains_key(&Field::AnnualGoal));
    assert_eq!(card.indicators.len(), 30);
    let findings = jixiao::rules::check_card(card, &Config::default());
    assert_eq!(
        findings.iter().map(|f| f.rule).collect::<Vec<_>>(),
        [Rule::Untouched]
    );
}

#[test]
fn units_spare_cards_and_bad_arguments() {
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    let run = jx(
        &wd,
        "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --out u --units 301002,301005 --spare 2 --format csv",
    );
    run.expect_code(0);
    assert_eq!(files(&wd.path("u")).len(), 2);
    let book = read_back(&wd.path("u/301005_区林业局_2024年度项目支出绩效目标申报表.xlsx"));
    assert_eq!(
        book.cards.len(),
        3,
        "the unit-wide card and two spare cards"
    );
    assert!(
        book.meta
            .cards
            .iter()
            .all(|c| c.spare || c.kind == FormKind::Overall)
    );
    assert!(run.stdout().contains("301005"), "{}", run.stdout());

    let bad = [
        "template --kind target --roster roster.xlsx --year 2024 --out x",
        "template --kind monitor --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --out x",
        "template --kind monitor --roster roster.xlsx --from budget.xlsx --year 2024 --month 7 --out x",
        "template --kind target --roster roster.xlsx --budget budget.xlsx --out x",
        "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --units 999999 --out x",
        "template --kind target --roster nope.xlsx --budget budget.xlsx --year 2024 --out x",
        "template --kind overall --roster roster.xlsx --budget budget.xlsx --year 2024 --out x",
        "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --month 7 --out x",
    ];
    for args in bad {
        let run = jx(&wd, args);
        run.expect_code(2);
        assert!(run.stderr().contains("错误："), "{}", run.stderr());
    }
    assert!(!wd.path("x").exists());
}

#[test]
fn template_help_shows_examples_in_chinese() {
    let wd = Workdir::new();
    let run = jx(&wd, "template --help");
    run.expect_code(0);
    assert!(run.stdout().contains("示例："), "{}", run.stdout());
    assert!(run.stdout().contains("--spare"), "{}", run.stdout());
}

// ---------------------------------------------------------------------------------------------
// Real spreadsheet programs: filled with umya-spreadsheet (as Excel or WPS would save it),
// re-saved by LibreOffice as xlsx and as xls.

fn soffice(test: &str) -> Option<PathBuf> {
    common::soffice_or_skip(test)
}

/// `soffice --headless --convert-to <fmt> --outdir <dir> <file>`, with a profile of its own so
/// that tests running at the same time do not share one. The profile recalculates formulas on
/// load, as LibreOffice does while a unit types into the cells: umya-spreadsheet, which fills
/// the templates here, does not calculate, and a converter that keeps cached results would
/// otherwise keep the template's (a 总分 of 10).
fn convert(soffice: &Path, wd: &Workdir, file: &Path, fmt: &str, dir: &str) -> PathBuf {
    let home = wd.path(&format!("lo-{dir}"));
    std::fs::create_dir_all(home.join("user")).unwrap();
    let item = |key: &str| {
        format!(
            r#"<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="{key}" oor:op="fuse"><value>0</value></prop></item>"#
        )
    };
    std::fs::write(
        home.join("user/registrymodifications.xcu"),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">{}{}</oor:items>"#,
            item("OOXMLRecalcMode"),
            item("ODFRecalcMode")
        ),
    )
    .unwrap();
    let profile = format!("-env:UserInstallation=file://{}", home.display());
    let out = common::soffice_command(soffice)
        .args([&profile, "--headless", "--convert-to", fmt, "--outdir"])
        .arg(wd.path(dir))
        .arg(file)
        .output()
        .expect("run soffice");
    let stem = file.file_stem().unwrap().to_string_lossy();
    let ext = fmt.split(':').next().unwrap();
    let result = wd.path(dir).join(format!("{stem}.{ext}"));
    assert!(
        out.status.success() && result.exists(),
        "soffice --convert-to {fmt} {} failed:\n{}\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    result
}

enum Fill {
    T(String),
    N(f64),
}

/// Writes values into cells of a workbook and saves it elsewhere, as a unit's program would.
fn fill(src: &Path, dst: &Path, edits: &[(String, CellRef, Fill)]) {
    let mut book = umya_spreadsheet::reader::xlsx::read(src).expect("umya reads the template");
    for (sheet, at, v) in edits {
        let ws = book.sheet_by_name_mut(sheet).expect("sheet");
        let cell = ws.cell_mut(at.to_string().as_str());
        match v {
            Fill::T(s) => {
                cell.set_value_string(s.clone());
            }
            Fill::N(n) => {
                cell.set_value_number(*n);
            }
        }
    }
    umya_spreadsheet::writer::xlsx::write(&book, dst).expect("umya writes");
}

/// What a careful unit writes into a target card: parts that add up (or, with `planted`, do
/// not), a goal, and the indicators of a real card; rows that do not apply say 不适用.
fn fill_target(grid: &Grid, planted: bool) -> Vec<(String, CellRef, Fill)> {
    let s = grid.name.clone();
    let right = |label: &str, dc: u32| {
        let at = find(grid, label);
        CellRef::new(at.row, at.col + dc)
    };
    let mut e = vec![
        (
            s.clone(),
            right("其中：财政拨款", 1),
            Fill::N(if planted { 95.5 } else { 100.5 }),
        ),
        (s.clone(), right("其他资金", 1), Fill::N(20.0)),
        (
            s.clone(),
            right("项目期限", 1),
            Fill::T("2024年1月-2024年12月".into()),
        ),
        (
            s.clone(),
            right("年度目标", 1),
            Fill::T("完成12所学校校舍维修，改善办学条件。".into()),
        ),
    ];
    let header = find(grid, "一级指标");
    let mut used = std::collections::HashSet::new();
    for (at, v) in grid
        .iter()
        .filter(|(at, _)| at.row > header.row && at.col == 1)
    {
        let l2 = v.display();
        let content = match l2.as_str() {
            "数量指标" => Some(("维修学校数量", "≥12所")),
            "质量指标" => Some(("验收合格率", "≥95%")),
            "时效指标" => Some(("完工时间", "2024年12月31日前")),
            "社会效益指标" => Some(("受益学生人数", "≥3000人")),
            "服务对象满意度指标" => Some(("师生满意度", "≥90%")),
            _ => None,
        };
        match content {
            Some((name, value)) if used.insert(l2.clone()) => {
                e.push((s.clone(), CellRef::new(at.row, 2), Fill::T(name.into())));
                e.push((s.clone(), CellRef::new(at.row, 3), Fill::T(value.into())));
            }
            _ => e.push((s.clone(), CellRef::new(at.row, 2), Fill::T("不适用".into()))),
        }
    }
    e
}

#[test]
fn a_filled_target_template_survives_libreoffice_as_xlsx_and_xls() {
    let test = "a_filled_target_template_survives_libreoffice_as_xlsx_and_xls";
    let Some(soffice) = soffice(test) else { return };
    let wd = Workdir::new();
    district(&wd);
    jx(&wd, "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --out t --units 301001 -q")
    .expect_code(0);
    let template = wd.path("t/301001_区教育和体育局_2024年度项目支出绩效目标申报表.xlsx");
    let blank = read_back(&template);
    let good = blank.card("校舍维修改造项目").src.sheet.to_string();
    let bad = blank
        .card("学生营养改善计划[配套]资金")
        .src
        .sheet
        .to_string();
    let mut edits = fill_target(blank.grid(&good), false);
    edits.extend(fill_target(blank.grid(&bad), true));
    // The planted error's cell: the total's value, right of its label.
    let total_label = find(blank.grid(&bad), "年度资金总额");
    let total_cell = CellRef::new(total_label.row, total_label.col + 1).to_string();
    std::fs::create_dir_all(wd.path("filled")).unwrap();
    let filled = wd.path("filled/301001_区教育和体育局.xlsx");
    fill(&template, &filled, &edits);

    let xlsx = convert(&soffice, &wd, &filled, "xlsx", "lo-xlsx");
    let xls = convert(&soffice, &wd, &filled, "xls", "lo-xls");
    for path in [&filled, &xlsx, &xls] {
        let book = read_back(path);
        let what = path.display();
        // `validate` as the clerk runs it: exactly the planted error and the untouched card.
        let run = wd.run(&[
            "validate",
            &path.display().to_string(),
            "--roster",
            "roster.xlsx",
            "--budget",
            "budget.xlsx",
            "--year",
            "2024",
            "--format",
            "json",
        ]);
        run.expect_code(1);
        let mut errors_found: Vec<(String, String, String)> = run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == "错误")
            .map(|f| {
                let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
                (s("rule"), s("sheet"), s("cell"))
            })
            .collect();
        errors_found.sort();
        let third = book.card("教师培训：2024/春季*").src.sheet.to_string();
        let mut want = vec![
            ("M01".to_string(), bad.clone(), total_cell.clone()),
            ("S06".to_string(), third, "A1".to_string()),
            // The unit-wide card, left as it came.
            ("S06".to_string(), "部门整体".to_string(), "A1".to_string()),
        ];
        want.sort();
        assert_eq!(errors_found, want, "{what}");
        assert_eq!(book.meta.kind, FormKind::Target, "{what}");
        assert_eq!(book.meta.year, 2024, "{what}");
        assert!(book.meta.intact(), "{what}");
        assert_eq!(book.cards.len(), 4, "{what}");

        let card = book.card("校舍维修改造项目");
        assert_eq!(
            card.code(Field::ProjectCode).unwrap().text,
            "510100240000000001",
            "{what}"
        );
        assert_eq!(
            money(card, Field::Total).as_deref(),
            Some("120.50"),
            "{what}"
        );
        assert_eq!(
            money(card, Field::Fiscal).as_deref(),
            Some("100.50"),
            "{what}"
        );
        assert_eq!(
            money(card, Field::Other).as_deref(),
            Some("20.00"),
            "{what}"
        );
        assert_eq!(money(card, Field::Carryover), None, "{what}");
        assert_eq!(card.text(Field::Period), "2024年1月-2024年12月", "{what}");
        assert_eq!(
            card.text(Field::AnnualGoal),
            "完成12所学校校舍维修，改善办学条件。",
            "{what}"
        );
        assert_eq!(card.text(Field::Attribute), "新增", "{what}");
        let live: Vec<(&str, &str)> = card
            .live_indicators()
            .map(|i| (i.name().unwrap().value, i.value().unwrap().value))
            .collect();
        assert_eq!(
            live,
            [
                ("维修学校数量", "≥12所"),
                ("验收合格率", "≥95%"),
                ("完工时间", "2024年12月31日前"),
                ("受益学生人数", "≥3000人"),
                ("师生满意度", "≥90%"),
            ],
            "{what}"
        );
        assert_eq!(card.indicators.len(), 30, "{what}");
        assert_eq!(errors(card), [], "{what}");
        let cm = book.meta.card_for(card).unwrap();
        assert!(!cm.is_untouched(book.grid(&card.src.sheet)), "{what}");
        assert!(cm.edited(card).is_empty(), "{what}: {:?}", cm.edited(card));

        let card = book.card("学生营养改善计划[配套]资金");
        assert_eq!(
            errors(card),
            [(Rule::SumMismatch, total_cell.clone())],
            "{what}"
        );

        // The third card was left as it was: untouched, by the rules and by the metadata.
        let card = book.card("教师培训：2024/春季*");
        let cm = book.meta.card_for(card).unwrap();
        assert!(cm.is_untouched(book.grid(&card.src.sheet)), "{what}");
        assert_eq!(
            errors(card),
            [(Rule::Untouched, "A1".to_string())],
            "{what}"
        );
    }
}

#[test]
fn edited_prefilled_keys_are_noticed() {
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    jx(&wd, "template --kind monitor --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --month 7 --out m --units 301001 -q")
    .expect_code(0);
    let template = wd.path("m/301001_区教育和体育局_2024年1-7月项目支出绩效目标执行监控表.xlsx");
    let blank = read_back(&template);
    let card = blank.card("校舍维修改造项目");
    let sheet = card.src.sheet.to_string();
    let name_cell = card.texts[&Field::ProjectName].cell;
    let start = card.block[&(Field::Total, Col::BudgetStart)].cell;
    let value = named(card)[1].value_cell();
    let edited = wd.path("edited.xlsx");
    fill(
        &template,
        &edited,
        &[
            (
                sheet.to_string(),
                name_cell,
                Fill::T("校舍维修改造项目（二期）".into()),
            ),
            (sheet.to_string(), start, Fill::N(150.0)),
            (sheet.to_string(), value, Fill::T("≥90%".into())),
        ],
    );
    let book = read_back(&edited);
    let card = book.cards.iter().find(|c| c.src.sheet == sheet).unwrap();
    let cm = book.meta.card_for(card).unwrap();
    let got: Vec<(Option<Key>, String, String)> = cm
        .edited(card)
        .into_iter()
        .map(|e| (e.key, e.expected, e.found))
        .collect();
    assert_eq!(
        got,
        [
            (
                Some(Key::Field(Field::ProjectName)),
                "校舍维修改造项目".into(),
                "校舍维修改造项目（二期）".into()
            ),
            (
                Some(Key::Block(Field::Total, Col::BudgetStart)),
                "120.5".into(),
                "150".into()
            ),
            (None, "≥95%".into(), "≥90%".into()),
        ]
    );
}

#[test]
fn every_kind_of_template_opens_in_libreoffice_and_prints_to_pdf() {
    let test = "every_kind_of_template_opens_in_libreoffice_and_prints_to_pdf";
    let Some(soffice) = soffice(test) else { return };
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    let runs = [
        "--kind target --budget budget.xlsx --spare 1",
        "--kind overall",
        "--kind monitor --from target-consolidated.xlsx --month 7",
        "--kind self-eval --from target-consolidated.xlsx",
    ];
    for (i, extra) in runs.iter().enumerate() {
        let out = format!("k{i}");
        jx(
            &wd,
            &format!(
                "template --roster roster.xlsx --year 2024 --units 301001 -q --out {out} {extra}"
            ),
        )
        .expect_code(0);
        let name = files(&wd.path(&out)).pop().unwrap();
        let pdf = convert(
            &soffice,
            &wd,
            &wd.path(&out).join(&name),
            "pdf",
            &format!("pdf{i}"),
        );
        let bytes = std::fs::read(&pdf).unwrap();
        assert!(
            bytes.starts_with(b"%PDF") && bytes.len() > 10_000,
            "{name}: {} bytes",
            bytes.len()
        );
        // Re-saved by LibreOffice, the template still reads back as its kind.
        let resaved = convert(
            &soffice,
            &wd,
            &wd.path(&out).join(&name),
            "xlsx",
            &format!("re{i}"),
        );
        let book = read_back(&resaved);
        assert!(!book.cards.is_empty(), "{name}");
        let meta_kinds: Vec<FormKind> = book.meta.cards.iter().map(|c| c.kind).collect();
        let card_kinds: Vec<FormKind> = book.cards.iter().map(|c| c.kind).collect();
        assert_eq!(card_kinds, meta_kinds, "{name}");
    }
}

// ---------------------------------------------------------------------------------------------
// The sample district (fixtures/, written by examples/sample_district).

#[test]
fn sample_district_templates_read_back_with_every_prefilled_value() {
    let fixtures = common::project_dir().join("fixtures");
    let (roster, budget) = (
        fixtures.join("roster.xlsx"),
        fixtures.join("budget-2024.xlsx"),
    );
    assert!(
        roster.exists() && budget.exists(),
        "fixtures/ is shipped with the project"
    );
    let wd = Workdir::new();
    let (r, b) = (roster.display().to_string(), budget.display().to_string());
    wd.run(&[
        "template", "--kind", "target", "--roster", &r, "--budget", &b, "--year", "2024", "--out",
        "t", "-q",
    ])
    .expect_code(0);
    let roster_units = jixiao::registry::Roster::load(&roster).unwrap();
    let budget_list = jixiao::registry::Budget::load(&budget).unwrap();
    let expected: Vec<_> = budget_list
        .projects
        .iter()
        .filter(|p| {
            roster_units
                .by_code(&p.unit_code)
                .is_some_and(|u| u.has_projects)
        })
        .collect();
    let mut seen = 0;
    for name in files(&wd.path("t")) {
        let book = read_back(&wd.path("t").join(&name));
        assert_eq!(book.meta.kind, FormKind::Target, "{name}");
        let unit = roster_units.by_code(&book.meta.unit_code).unwrap();
        for card in book.cards.iter().filter(|c| c.kind == FormKind::Target) {
            let code = &card.code(Field::ProjectCode).unwrap().text;
            let want = expected
                .iter()
                .find(|p| &p.code == code && p.unit_code == unit.code)
                .unwrap_or_else(|| panic!("{name}: card for unknown project {code}"));
            assert_eq!(card.text(Field::ProjectName), want.name, "{name}");
            assert_eq!(card.text(Field::Unit), unit.name, "{name}");
            assert_eq!(
                card.money(Field::Total).map(|a| a.money.cents()),
                Some(want.amount.cents()),
                "{name}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, expected.len());

    // Monitoring from the consolidated targets, with the budget for units that handed in none.
    let cons = wd.path("targets-consolidated.xlsx");
    let run = wd.run(&[
        "consolidate",
        &fixtures.join("targets").display().to_string(),
        "--roster",
        &r,
        "--budget",
        &b,
        "--out",
        "targets-consolidated.xlsx",
        "-q",
    ]);
    assert!(cons.exists(), "consolidate wrote nothing: {}", run.stderr());
    let stage = jixiao::template::sources::read_consolidated(&cons).unwrap();
    wd.run(&[
        "template",
        "--kind",
        "monitor",
        "--roster",
        &r,
        "--from",
        "targets-consolidated.xlsx",
        "--budget",
        &b,
        "--year",
        "2024",
        "--month",
        "7",
        "--out",
        "m",
        "-q",
    ])
    .expect_code(0);
    let mut declared = 0;
    for name in files(&wd.path("m")) {
        let book = read_back(&wd.path("m").join(&name));
        assert_eq!(book.meta.kind, FormKind::Monitor, "{name}");
        for card in &book.cards {
            assert_eq!(card.month, Some(7), "{name}");
            let cm = book.meta.card_for(card).unwrap();
            assert!(cm.edited(card).is_empty(), "{name}: {:?}", cm.edited(card));
            let Some(p) = stage
                .projects
                .iter()
                .find(|p| p.unit_code == book.meta.unit_code && p.code == cm.project_code)
            else {
                continue;
            };
            assert_eq!(card.text(Field::ProjectName), p.name, "{name}");
            assert_eq!(
                cm.indicators.len(),
                p.indicators
                    .iter()
                    .filter(|d| !jixiao::read::value::is_not_applicable(&d.level3))
                    .count(),
                "{name}"
            );
            let live: Vec<&str> = card
                .indicators
                .iter()
                .filter_map(|i| i.name())
                .map(|n| n.value)
                .collect();
            for d in &cm.indicators {
                assert!(
                    live.contains(&d.level3.as_str()),
                    "{name}: {} missing",
                    d.level3
                );
            }
            declared += cm.indicators.len();
        }
    }
    assert!(
        declared > 100,
        "only {declared} declared indicators carried"
    );
}

fn find_all(grid: &Grid, label: &str) -> Vec<CellRef> {
    let want = normalize(label);
    grid.iter()
        .filter(|(_, v)| matches!(v, CellValue::Text(s) if normalize(s) == want))
        .map(|(at, _)| at)
        .collect()
}

/// The cell where a money block's row meets its column (both found by their labels; the money
/// block's header comes before the indicator table's, which may repeat a label).
fn block_cell(grid: &Grid, row: &str, col: &str) -> CellRef {
    CellRef::new(find(grid, row).row, find(grid, col).col)
}

/// The cell of an indicator table column (the last header with that label) on a row.
fn table_cell(grid: &Grid, row: u32, col: &str) -> CellRef {
    CellRef::new(row, find_all(grid, col).last().unwrap().col)
}

/// A number as the reader takes it (LibreOffice writes a recalculated formula whose cached
/// result was text, as Excel writes an empty `""` result, back as formatted text: `49.79%`).
fn number(v: Option<&CellValue>) -> Option<f64> {
    v.and_then(jixiao::read::value::parse_number)
}

fn text_of(card: &Card, f: Field, c: Col) -> String {
    card.block
        .get(&(f, c))
        .map(|h| h.value.display())
        .unwrap_or_default()
}

#[test]
fn filled_monitor_and_self_eval_cards_survive_libreoffice() {
    let test = "filled_monitor_and_self_eval_cards_survive_libreoffice";
    let Some(soffice) = soffice(test) else { return };
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    for (kind, extra) in [("monitor", "--month 7"), ("self-eval", "")] {
        jx(&wd, &format!("template --kind {kind} --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --units 301001 -q --out {kind} {extra}"))
            .expect_code(0);
    }

    // Monitoring: execution to July, a tick per indicator, a reason where it lags.
    let template = wd
        .path("monitor")
        .join(files(&wd.path("monitor")).pop().unwrap());
    let blank = read_back(&template);
    let card = blank.card("校舍维修改造项目");
    let g = blank.grid(&card.src.sheet);
    let s = card.src.sheet.to_string();
    let mut edits = vec![
        (
            s.clone(),
            block_cell(g, "年度资金总额", "1-7月执行数"),
            Fill::N(60.0),
        ),
        (
            s.clone(),
            block_cell(g, "其中：财政拨款", "1-7月执行数"),
            Fill::N(50.0),
        ),
        (
            s.clone(),
            block_cell(g, "其他资金", "1-7月执行数"),
            Fill::N(10.0),
        ),
        (
            s.clone(),
            block_cell(g, "年度资金总额", "全年预计执行数"),
            Fill::N(120.5),
        ),
        (
            s.clone(),
            CellRef::new(
                card.texts[&Field::AnnualGoal].cell.row,
                find(g, "1-7月执行情况").col,
            ),
            Fill::T("已完成8所学校维修。".into()),
        ),
    ];
    for (k, ind) in named(card).iter().enumerate() {
        edits.push((
            s.clone(),
            table_cell(g, ind.row, "1-7月执行数"),
            Fill::T(format!("完成{k}")),
        ));
        let tick = if k == 0 { "有可能" } else { "确定能" };
        edits.push((s.clone(), table_cell(g, ind.row, tick), Fill::T("√".into())));
    }
    let first = named(card)[0].row;
    edits.push((
        s.clone(),
        table_cell(g, first, "经费保障"),
        Fill::T("√".into()),
    ));
    edits.push((
        s.clone(),
        table_cell(g, first, "原因说明"),
        Fill::T("部分学校暑期施工。".into()),
    ));
    let filled = wd.path("monitor-filled.xlsx");
    fill(&template, &filled, &edits);
    for path in [
        filled.clone(),
        convert(&soffice, &wd, &filled, "xlsx", "m-xlsx"),
        convert(&soffice, &wd, &filled, "xls", "m-xls"),
    ] {
        let what = path.display().to_string();
        let book = read_back(&path);
        let card = book.card("校舍维修改造项目");
        assert_eq!(card.kind, FormKind::Monitor, "{what}");
        assert_eq!(card.month, Some(7), "{what}");
        assert_eq!(
            text_of(card, Field::Total, Col::BudgetStart),
            "120.5",
            "{what}"
        );
        assert_eq!(text_of(card, Field::Total, Col::Executed), "60", "{what}");
        assert_eq!(text_of(card, Field::Fiscal, Col::Executed), "50", "{what}");
        assert_eq!(
            text_of(card, Field::Total, Col::ExecForecast),
            "120.5",
            "{what}"
        );
        assert_eq!(
            card.text(Field::GoalProgress),
            "已完成8所学校维修。",
            "{what}"
        );
        assert_eq!(named(card).len(), 5, "{what}");
        let raw = |sheet: &str| {
            let g = book.grid(sheet);
            let at = table_cell(g, named(card)[0].row, "经费保障");
            g.get(at).map(|v| v.display()).unwrap_or_default()
        };
        assert_eq!(raw(&card.src.sheet), "√", "{what}");
        let cm = book.meta.card_for(card).unwrap();
        assert!(cm.edited(card).is_empty(), "{what}: {:?}", cm.edited(card));
        assert!(!cm.is_untouched(book.grid(&card.src.sheet)), "{what}");
        // The other card was not touched.
        let other = book.card("学生营养改善计划[配套]资金");
        assert!(
            book.meta
                .card_for(other)
                .unwrap()
                .is_untouched(book.grid(&other.src.sheet)),
            "{what}"
        );
        // LibreOffice recalculates the rate on load; the file as filled keeps what it had.
        if path != filled {
            let r = number(
                card.block
                    .get(&(Field::Total, Col::ExecRate))
                    .map(|h| &h.value),
            );
            let r = r.unwrap_or_else(|| panic!("{what}: no rate"));
            assert!((r - 60.0 / 120.5).abs() < 1e-6, "{what}: rate {r}");
        }
    }

    // Self-evaluation: the year's execution, scores, the totals.
    let template = wd
        .path("self-eval")
        .join(files(&wd.path("self-eval")).pop().unwrap());
    let blank = read_back(&template);
    let card = blank.card("校舍维修改造项目");
    let g = blank.grid(&card.src.sheet);
    let s = card.src.sheet.to_string();
    let mut edits = vec![
        (
            s.clone(),
            block_cell(g, "年度资金总额", "全年预算数"),
            Fill::N(120.5),
        ),
        (
            s.clone(),
            block_cell(g, "年度资金总额", "全年执行数"),
            Fill::N(110.0),
        ),
        (
            s.clone(),
            CellRef::new(
                card.texts[&Field::AnnualGoal].cell.row,
                find(g, "实际完成情况").col,
            ),
            Fill::T("完成11所学校维修。".into()),
        ),
    ];
    let plan = [
        ("11所", 20.0, 18.33, ""),
        ("96%", 15.0, 15.0, ""),
        ("2024年12月20日", 15.0, 15.0, ""),
        ("3200人", 30.0, 30.0, ""),
        ("达成年度指标", 10.0, 9.0, "个别学生反映施工噪音。"),
    ];
    for (ind, (actual, weight, score, why)) in named(card).iter().zip(plan) {
        edits.push((
            s.clone(),
            table_cell(g, ind.row, "实际完成值"),
            Fill::T(actual.into()),
        ));
        edits.push((s.clone(), table_cell(g, ind.row, "分值"), Fill::N(weight)));
        edits.push((s.clone(), table_cell(g, ind.row, "得分"), Fill::N(score)));
        if !why.is_empty() {
            edits.push((
                s.clone(),
                table_cell(g, ind.row, "偏差原因分析及改进措施"),
                Fill::T(why.into()),
            ));
        }
    }
    let filled = wd.path("self-filled.xlsx");
    fill(&template, &filled, &edits);
    for path in [
        filled.clone(),
        convert(&soffice, &wd, &filled, "xlsx", "s-xlsx"),
        convert(&soffice, &wd, &filled, "xls", "s-xls"),
    ] {
        let what = path.display().to_string();
        let book = read_back(&path);
        let card = book.card("校舍维修改造项目");
        assert_eq!(card.kind, FormKind::SelfEval, "{what}");
        assert_eq!(
            text_of(card, Field::Total, Col::BudgetFull),
            "120.5",
            "{what}"
        );
        assert_eq!(text_of(card, Field::Total, Col::Executed), "110", "{what}");
        assert_eq!(text_of(card, Field::Total, Col::Weight), "10", "{what}");
        assert_eq!(
            card.text(Field::GoalProgress),
            "完成11所学校维修。",
            "{what}"
        );
        assert_eq!(named(card).len(), 5, "{what}");
        let g = book.grid(&card.src.sheet);
        let cell = |row: u32, col: &str| {
            g.get(table_cell(g, row, col))
                .map(|v| v.display())
                .unwrap_or_default()
        };
        assert_eq!(
            cell(named(card)[4].row, "实际完成值"),
            "达成年度指标",
            "{what}"
        );
        assert_eq!(cell(named(card)[0].row, "得分"), "18.33", "{what}");
        if path != filled {
            // Recalculated by LibreOffice: 执行率, its score, and the totals.
            let block = |c: Col| {
                number(card.block.get(&(Field::Total, c)).map(|h| &h.value))
                    .unwrap_or_else(|| panic!("{what}: no {c:?}"))
            };
            let rate = block(Col::ExecRate);
            assert!((rate - 110.0 / 120.5).abs() < 1e-6, "{what}: rate {rate}");
            let score = block(Col::Score);
            assert!(
                (score - 10.0 * 110.0 / 120.5).abs() < 1e-3,
                "{what}: score {score}"
            );
            let total_row = find(g, "总分").row;
            let total = |col: &str| number(g.get(table_cell(g, total_row, col))).unwrap();
            assert_eq!(total("分值"), 100.0, "{what}");
            assert!((total("得分") - (score + 87.33)).abs() < 1e-3, "{what}");
        }
        let cm = book.meta.card_for(card).unwrap();
        assert!(cm.edited(card).is_empty(), "{what}: {:?}", cm.edited(card));
    }
}

/// The parts of a workbook package, by name.
fn package(path: &Path) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap_or_default();
            (name, s)
        })
        .collect()
}

#[test]
fn templates_carry_dropdowns_protection_and_print_setup() {
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    jx(&wd, "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --units 301001 --out t -q").expect_code(0);
    let parts = package(&wd.path("t/301001_区教育和体育局_2024年度项目支出绩效目标申报表.xlsx"));
    let book = &parts["xl/workbook.xml"];
    // 二级 dropdowns: a named range per 一级 name over the hidden list sheet; the metadata sheet
    // very hidden; title rows repeated when printed.
    for name in ["产出指标", "效益指标", "满意度指标"] {
        assert!(
            book.contains(&format!(r#"<definedName name="{name}">'_jixiao'!"#)),
            "{book}"
        );
    }
    assert!(
        book.contains(r#"name="_jixiao" sheetId="6" state="veryHidden""#),
        "{book}"
    );
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    // sheet1 填报说明, sheet2 部门整体, sheet3 the first project card.
    let card = &parts["xl/worksheets/sheet3.xml"];
    assert!(card.contains("<sheetProtection"), "protected");
    assert!(!card.contains("password="), "no password unless configured");
    assert!(card.contains(r#"orientation="landscape""#) && card.contains(r#"paperSize="9""#));
    assert!(card.contains(r#"fitToHeight="0""#));
    for dv in [
        "INDIRECT($A",
        "'_jixiao'!$K$2:$K$4",
        r#""新增,延续""#,
        r#"type="decimal" operator="greaterThanOrEqual""#,
    ] {
        assert!(card.contains(dv), "no validation {dv}");
    }
    assert!(card.contains("promptTitle=\"三级指标\""), "input messages");
    // The same template with a password from the command line.
    jx(&wd, "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --units 301001 --out p --password 1234 -q").expect_code(0);
    let parts = package(&wd.path("p/301001_区教育和体育局_2024年度项目支出绩效目标申报表.xlsx"));
    assert!(parts["xl/worksheets/sheet3.xml"].contains("password="));

    // Monitoring: ticks; self-evaluation: scores, the qualitative grades, and what monitoring
    // reported as a note on 全年执行数.
    jx(&wd, "template --kind monitor --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --month 7 --units 301001 --out m -q").expect_code(0);
    let parts = package(&wd.path("m").join(files(&wd.path("m")).pop().unwrap()));
    let card = &parts["xl/worksheets/sheet2.xml"];
    assert!(card.contains(r#""√""#), "tick list");
    assert!(card.contains("<f>IF(ISNUMBER("), "rate formula");
    let monitoring = [
        "单位编码|项目编码|项目名称|监控月份|年初预算数|执行数|执行率|全年预计执行数|完成目标可能性",
        "301001|510100240000000001|校舍维修改造项目|7|120.5|60|0.4979|120.5|确定能",
    ];
    write_rows(
        &wd.path("monitor-consolidated.xlsx"),
        &[("项目汇总", &monitoring)],
        &[
            "年初预算数",
            "执行数",
            "执行率",
            "全年预计执行数",
            "监控月份",
        ],
    );
    jx(&wd, "template --kind self-eval --roster roster.xlsx --from target-consolidated.xlsx --monitor monitor-consolidated.xlsx --year 2024 --units 301001 --out s -q").expect_code(0);
    let parts = package(&wd.path("s").join(files(&wd.path("s")).pop().unwrap()));
    let card = &parts["xl/worksheets/sheet2.xml"];
    assert!(card.contains("达成年度指标,部分达成年度指标并具有一定效果,未达成年度指标且效果较差"));
    assert!(
        card.contains(r#"<dataValidation type="decimal" allowBlank="1""#),
        "score validation"
    );
    let notes: String = parts
        .iter()
        .filter(|(k, _)| k.starts_with("xl/comments"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert!(
        notes.contains("绩效监控（1-7月）：执行数 60.00 万元，执行率 49.8%，全年预计执行数 120.50 万元，完成目标可能性：确定能。"),
        "{notes}"
    );
}

// ---------------------------------------------------------------------------------------------
// validate, on returned templates: the hidden sheet tells untouched cards, edited pre-fills,
// the wrong year, the wrong kind and a tampered metadata sheet.

/// `(rule, sheet, cell)` of every finding of a `validate --format json` run.
fn findings(run: &common::Run) -> Vec<(String, String, String)> {
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("sheet"), s("cell"))
        })
        .collect()
}

#[test]
fn validate_reads_the_hidden_sheet_of_returned_templates() {
    let wd = Workdir::new();
    district(&wd);
    jx(&wd, "template --kind target --roster roster.xlsx --budget budget.xlsx --year 2024 --out t --units 301001 -q")
        .expect_code(0);
    let template = wd.path("t/301001_区教育和体育局_2024年度项目支出绩效目标申报表.xlsx");
    let blank = read_back(&template);
    let sheets: Vec<String> = blank
        .cards
        .iter()
        .map(|c| c.src.sheet.to_string())
        .collect();
    assert_eq!(
        sheets.len(),
        4,
        "the unit-wide card and three project cards"
    );

    // Returned untouched: one S06 per card and nothing else (no empty-row noise, no skipped
    // 填报说明).
    let run = jx(
        &wd,
        "validate t --roster roster.xlsx --budget budget.xlsx --year 2024 --format json",
    );
    run.expect_code(1);
    let got = findings(&run);
    assert_eq!(got.len(), 4, "{got:?}");
    for s in &sheets {
        assert!(
            got.contains(&("S06".into(), s.clone(), "A1".into())),
            "{got:?}"
        );
    }

    // The clerk's chase list says what came back.
    let cov = jx(&wd, "coverage t --roster roster.xlsx --format json").json();
    let unit = cov["chase"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "301001")
        .cloned();
    assert_eq!(
        unit.expect("301001 is still to chase")["missing"],
        "全部（报回的是空表）"
    );

    // One card filled well, one with its pre-filled code edited, one left blank.
    let good = blank.card("校舍维修改造项目");
    let good_sheet = good.src.sheet.to_string();
    let mut edits = fill_target(blank.grid(&good_sheet), false);
    let edited = blank.card("学生营养改善计划[配套]资金");
    let edited_sheet = edited.src.sheet.to_string();
    let code_cell = edited.codes[&Field::ProjectCode].cell;
    edits.extend(
        fill_target(blank.grid(&edited_sheet), false)
            .into_iter()
            .filter(|(_, at, _)| at.row > code_cell.row + 2),
    );
    edits.push((
        edited_sheet.clone(),
        code_cell,
        Fill::T("510100240000000099".into()),
    ));
    std::fs::create_dir_all(wd.path("returned")).unwrap();
    fill(&template, &wd.path("returned/301001.xlsx"), &edits);
    let run = jx(
        &wd,
        "validate returned --roster roster.xlsx --budget budget.xlsx --year 2024 --format json",
    );
    let got = findings(&run);
    assert!(
        !got.iter().any(|(_, s, _)| s == &good_sheet),
        "the well-filled card has no finding: {got:?}"
    );
    assert!(
        got.contains(&("T03".into(), edited_sheet.clone(), code_cell.to_string())),
        "{got:?}"
    );
    let blank_sheet = sheets
        .iter()
        .find(|s| **s != good_sheet && **s != edited_sheet && *s != "部门整体")
        .unwrap();
    assert!(
        got.contains(&("S06".into(), blank_sheet.clone(), "A1".into())),
        "{got:?}"
    );

    // Collected for another year: every card says so.
    let run = jx(&wd, "validate returned --year 2025 --format json");
    let t02 = findings(&run).into_iter().filter(|f| f.0 == "T02").count();
    assert_eq!(t02, 4);

    // The hidden sheet edited by hand: the pre-fill can no longer be trusted.
    let mut book = umya_spreadsheet::reader::xlsx::read(wd.path("returned/301001.xlsx")).unwrap();
    let meta = book
        .sheet_by_name_mut(jixiao::template::meta::META_SHEET)
        .unwrap();
    let hash_cell = (1..=60u32)
        .find(|&r| meta.value((1, r)) == "card")
        .map(|r| (6u32, r))
        .expect("a card record");
    meta.cell_mut(hash_cell).set_value_string("0000");
    umya_spreadsheet::writer::xlsx::write(&book, wd.path("tampered.xlsx")).unwrap();
    let run = jx(&wd, "validate tampered.xlsx --format json");
    assert!(
        findings(&run).contains(&("T04".into(), String::new(), String::new())),
        "{:?}",
        findings(&run)
    );
}

#[test]
fn a_form_of_another_stage_is_refused_and_kept_out_of_the_tables() {
    let wd = Workdir::new();
    district(&wd);
    consolidated(&wd);
    jx(&wd, "template --kind monitor --roster roster.xlsx --from target-consolidated.xlsx --year 2024 --month 7 --out m --units 301001 -q")
        .expect_code(0);
    let run = jx(
        &wd,
        "consolidate m --stage target --out out.xlsx --format json",
    );
    run.expect_code(1);
    let projects = common::read_sheet(&wd.path("out.xlsx"), "项目汇总");
    assert_eq!(projects.rows.len(), 0);
    let problems = common::read_sheet(&wd.path("out.xlsx"), "问题清单");
    let t01 = problems.rows_where("规则编码", "T01").count();
    assert_eq!(t01, problems.rows.len());
    assert!(t01 >= 2, "one T01 per monitoring card: {t01}");
}
