//! The bureau's own rule table 审核口径 (FORMS §2), loaded as the bureau wrote it in Excel (the
//! checks that run it on a card are `rules::bureau`).
//!
//! A row names an object (`年度目标`, `三级指标`, `二级指标==数量`, `指标值`, the whole card…), a
//! mode (`正则匹配`, `必填`, `长度`, `人工`), a pattern written with Python and Excel habits, and
//! the text the bureau sends back (`审核意见表述（问题+建议）`). Each finding carries the row's own
//! code (`B` and its 编码) and that text, at the object's cell. docs/RULES.md explains the reading
//! of each column; loading refuses a table it cannot read faithfully, naming the row.

use super::{Listing, open};
use crate::card::Indicator;
use crate::cellref::CellRef;
use crate::finding::{BureauRule, Severity};
use crate::forms::taxonomy::{Level1, Level2};
use crate::forms::{Col, Field, overall, target};
use crate::label::{fold_width, normalize};
use anyhow::{Result, bail};
use regex::Regex;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

/// Column names of the table (after label normalisation, which drops `（问题+建议）`).
pub mod col {
    pub const CODE: &str = "编码";
    pub const OBJECT: &str = "审核对象";
    pub const MODE: &str = "模式";
    pub const POINT: &str = "审核要点";
    pub const DETAIL: &str = "审核细项";
    pub const ADVICE: &[&str] = &["审核意见表述", "审核意见", "意见表述"];
    pub const PATTERN: &[&str] = &["正则表达式", "正则", "表达式"];
    pub const DIRECTION: &str = "方向";
    pub const LEVEL: &str = "级别";
}

/// How a row checks its object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `正则匹配`: the pattern, read in its direction.
    Regex,
    /// `必填`: the object must not be empty.
    Required,
    /// `长度`: the number of characters, bounded by the pattern column (`≤15`, `5-200`).
    Length,
    /// `人工`: for a person to check (提示); with a pattern, where the pattern points.
    Manual,
}

impl Mode {
    fn parse(s: &str) -> Option<Mode> {
        Some(match normalize(s).as_str() {
            "正则匹配" | "正则" | "正则表达式" | "匹配" => Mode::Regex,
            "必填" | "必填项" | "非空" | "不能为空" => Mode::Required,
            "长度" | "字数" | "长度限制" => Mode::Length,
            "人工" | "人工审核" | "人工判断" | "人工核对" => Mode::Manual,
            _ => return None,
        })
    }
}

/// Whether a pattern describes what the object must look like, or what it must not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `须匹配`: a finding where the pattern does not match.
    MustMatch,
    /// `不得匹配`: a finding where the pattern matches (`空`, `.{15,}`, a bare number).
    MustNotMatch,
}

/// A level-1 or level-2 category of indicators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    L1(Level1),
    L2(Level2),
}

impl Category {
    fn name(self) -> &'static str {
        match self {
            Category::L1(k) => k.name(),
            Category::L2(k) => k.name(),
        }
    }

    pub(crate) fn holds(self, i: &Indicator) -> bool {
        match self {
            Category::L2(Level2::Cost) => i.level2_kind().is_some_and(Level2::is_cost),
            Category::L2(k) => i.level2_kind() == Some(k),
            Category::L1(k) => match i.level1_kind() {
                Some(l1) => l1 == k,
                None => i.level2_kind().is_some_and(|l2| l2.parents().contains(&k)),
            },
        }
    }

    /// The cell naming the category on an indicator row.
    pub(crate) fn cell(self, i: &Indicator) -> Option<CellRef> {
        match self {
            Category::L1(_) => i.level1().map(|l| l.cell),
            Category::L2(_) => i.level2().map(|l| l.cell),
        }
    }
}

/// What a row checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Object {
    /// A header field (`年度目标`, `政策依据`, `项目名称`…): its value.
    Field(Field, &'static str),
    /// A column of every indicator row (`三级指标`, `指标值`, `指标解释`).
    Column(Col),
    /// The 三级指标 names of the rows of one category (`二级指标==数量`).
    Names(Category),
    /// A category as a whole (`数量`, `社会`): the names of its rows together, empty when it has
    /// none.
    Category(Category),
    /// Each indicator (`绩效指标`): the value it targets (its 指标值).
    Indicator,
    /// The whole card (`绩效目标表`): what the unit fills in (goals, bases, indicator cells).
    Card,
}

/// What kind of text an object holds: the samples the direction of a pattern is read with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    Names,
    Values,
    Text,
}

impl Object {
    fn holds(self) -> Holds {
        match self {
            Object::Column(Col::Level1 | Col::Level2 | Col::Level3) | Object::Names(_) => {
                Holds::Names
            }
            Object::Column(Col::TargetValue) | Object::Indicator => Holds::Values,
            _ => Holds::Text,
        }
    }

    /// Resolves an object as the table writes it. `context` (the row's other texts) picks
    /// among level-2 names sharing a prefix (`社会` → 社会效益指标 when the row says 社会效益).
    fn parse(s: &str, context: &str) -> Option<Object> {
        let t = normalize(s);
        if matches!(
            t.as_str(),
            "绩效目标表"
                | "绩效目标申报表"
                | "项目支出绩效目标申报表"
                | "二级项目支出绩效目标申报表"
                | "申报表"
                | "整表"
                | "全表"
                | "整张表"
        ) {
            return Some(Object::Card);
        }
        if matches!(t.as_str(), "绩效指标" | "指标" | "绩效指标行") {
            return Some(Object::Indicator);
        }
        if let Some((level, name)) = t.split_once("==").or_else(|| t.split_once('=')) {
            let name = name.trim_start_matches('=');
            let cat = match level {
                "二级指标" | "二级" => category_l2(name, context).map(Category::L2),
                "一级指标" | "一级" => Level1::parse(name).map(Category::L1),
                _ => None,
            }?;
            return Some(Object::Names(cat));
        }
        for (col, labels) in [
            (Col::Level1, target::LEVEL1.labels),
            (Col::Level2, target::LEVEL2.labels),
            (Col::Level3, target::LEVEL3.labels),
            (Col::TargetValue, target::TARGET_VALUE.labels),
            (Col::Explanation, target::INDICATOR_COLUMNS[4].labels),
        ] {
            if labels.iter().any(|l| normalize(l) == t) {
                return Some(Object::Column(col));
            }
        }
        for spec in [&target::SPEC, &overall::SPEC] {
            if let Some(f) = spec
                .fields
                .iter()
                .find(|f| f.labels.iter().any(|l| normalize(l) == t))
            {
                return Some(Object::Field(f.field, spec.label(f.field)));
            }
        }
        if let Some(k) = category_l2(&t, context) {
            return Some(Object::Category(Category::L2(k)));
        }
        Level1::parse(&t).map(|k| Object::Category(Category::L1(k)))
    }

    /// How messages name the object.
    pub(crate) fn label(self) -> String {
        match self {
            Object::Field(_, label) => label.to_string(),
            Object::Column(c) => column_label(c).to_string(),
            Object::Names(cat) => format!("{}的三级指标", cat.name()),
            Object::Category(cat) => cat.name().to_string(),
            Object::Indicator => "绩效指标".to_string(),
            Object::Card => "绩效目标表".to_string(),
        }
    }
}

fn column_label(c: Col) -> &'static str {
    match c {
        Col::Level1 => "一级指标",
        Col::Level2 => "二级指标",
        Col::Level3 => "三级指标",
        Col::TargetValue => "指标值",
        _ => "指标解释",
    }
}

const LEVEL2_ALL: [Level2; 13] = [
    Level2::Quantity,
    Level2::Quality,
    Level2::Timeliness,
    Level2::Cost,
    Level2::EconomicCost,
    Level2::SocialCost,
    Level2::EcoCost,
    Level2::EconomicBenefit,
    Level2::SocialBenefit,
    Level2::EcoBenefit,
    Level2::Sustainability,
    Level2::ServiceSatisfaction,
    Level2::OtherSatisfaction,
];

/// A level-2 name, also shortened (`社会` for 社会效益指标) when the row's own text says which.
fn category_l2(name: &str, context: &str) -> Option<Level2> {
    if name.is_empty() {
        return None;
    }
    if let Some(k) = Level2::parse(name) {
        return Some(k);
    }
    let short = |k: Level2| k.name().trim_end_matches("指标");
    let cands: Vec<Level2> = LEVEL2_ALL
        .into_iter()
        .filter(|&k| short(k).starts_with(name))
        .collect();
    if cands.len() == 1 {
        return Some(cands[0]);
    }
    let said: Vec<Level2> = cands
        .into_iter()
        .filter(|&k| context.contains(short(k)))
        .collect();
    (said.len() == 1).then(|| said[0])
}

/// A `长度` row's bound on the number of characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    pub min: Option<usize>,
    pub max: Option<usize>,
}

impl Bound {
    /// `15` or `≤15` (at most), `<15`, `≥5` `不少于5` (at least), `>5`, `5-200` (between).
    fn parse(s: &str) -> Option<Bound> {
        let t: String = fold_width(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let t = t
            .trim_end_matches("个字符")
            .trim_end_matches("个字")
            .trim_end_matches("字符")
            .trim_end_matches('字');
        let num = |x: &str| x.parse::<usize>().ok();
        for sep in ["-", "~", "至", "—", "–"] {
            if let Some((a, b)) = t.split_once(sep)
                && let (Some(a), Some(b)) = (num(a), num(b))
                && a <= b
            {
                return Some(Bound {
                    min: Some(a),
                    max: Some(b),
                });
            }
        }
        let at_most = |n| Bound {
            min: None,
            max: Some(n),
        };
        let at_least = |n| Bound {
            min: Some(n),
            max: None,
        };
        for p in ["≤", "<=", "不超过", "最多", "至多", "不多于"] {
            if let Some(n) = t.strip_prefix(p).and_then(num) {
                return Some(at_most(n));
            }
        }
        for p in ["≥", ">=", "不少于", "至少", "最少", "不低于"] {
            if let Some(n) = t.strip_prefix(p).and_then(num) {
                return Some(at_least(n));
            }
        }
        if let Some(n) = t.strip_prefix('<').and_then(num) {
            return (n > 0).then(|| at_most(n - 1));
        }
        if let Some(n) = t.strip_prefix('>').and_then(num) {
            return Some(at_least(n + 1));
        }
        num(t).map(at_most)
    }

    pub(crate) fn allows(self, n: usize) -> bool {
        self.min.is_none_or(|m| n >= m) && self.max.is_none_or(|m| n <= m)
    }

    pub(crate) fn describe(self) -> String {
        match (self.min, self.max) {
            (Some(a), Some(b)) => format!("{a}～{b} 个字"),
            (Some(a), None) => format!("不少于 {a} 个字"),
            (None, Some(b)) => format!("不超过 {b} 个字"),
            (None, None) => String::new(),
        }
    }
}

/// A pattern of the table, as written and as the `regex` crate reads it.
#[derive(Clone, Debug)]
pub struct Pattern {
    pub written: String,
    pub translated: String,
    pub re: Regex,
    pub direction: Direction,
}

/// One row of the table, ready to run.
#[derive(Clone, Debug)]
pub struct TableRule {
    /// The row in the workbook, as Excel numbers it.
    pub row: u32,
    pub rule: &'static BureauRule,
    pub object: Object,
    pub mode: Mode,
    pub pattern: Option<Pattern>,
    pub bound: Option<Bound>,
    /// 审核细项 (or 审核要点): what the problem is called.
    pub detail: String,
    /// 审核意见表述（问题+建议）: the text sent back to the unit.
    pub advice: String,
}

/// The bureau's rule table, loaded.
#[derive(Clone, Debug)]
pub struct RuleTable {
    pub rules: Vec<TableRule>,
}

/// Texts that live as long as the process, each stored once (rule codes and titles).
fn intern(s: String) -> &'static str {
    static POOL: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut pool = POOL
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(&s) = pool.get(s.as_str()) {
        return s;
    }
    let s: &'static str = Box::leak(s.into_boxed_str());
    pool.insert(s);
    s
}

/// The finding code of a row: `B` and its 编码 (`0` → `B00`, `12` → `B12`, `ZB-3` → `B-ZB-3`);
/// a row without a 编码 is `BR` and its row number.
pub fn rule_code(written: &str) -> String {
    let t = fold_width(written.trim());
    match t.parse::<u64>() {
        Ok(n) => format!("B{n:02}"),
        Err(_) => format!("B-{t}"),
    }
}

/// What stands in the pattern column when a row has no pattern.
fn no_pattern(s: &str) -> bool {
    matches!(s.trim(), "" | "无" | "/" | "—" | "-" | "不适用")
}

impl RuleTable {
    /// Loads a rule table. Refuses (with `第 N 行`) a row whose pattern does not compile even
    /// after translation, whose object or mode is unknown, or whose code repeats another's.
    pub fn load(path: &Path) -> Result<RuleTable> {
        let grids = open(path, "审核口径表")?;
        let Some(list) = Listing::find(&grids, &[col::OBJECT, col::MODE]) else {
            bail!(
                "审核口径表 `{}` 中没有找到含 `审核对象`、`模式` 的表头行",
                path.display()
            );
        };
        let first = |names: &'static [&'static str]| -> Option<&'static str> {
            names.iter().find(|n| list.column(n).is_some()).copied()
        };
        let advice_col = first(col::ADVICE);
        let pattern_col = first(col::PATTERN);
        let raw = |r: u32, name: Option<&str>| {
            name.and_then(|n| list.cell(r, n))
                .map(|v| v.display().trim().to_string())
                .unwrap_or_default()
        };
        let mut rules = Vec::new();
        let mut codes: HashMap<String, u32> = HashMap::new();
        for r in list.rows() {
            let object = list.text(r, col::OBJECT);
            let mode = list.text(r, col::MODE);
            let advice = raw(r, advice_col);
            let pattern = raw(r, pattern_col);
            let written_code = list.text(r, col::CODE);
            if object.is_empty() && mode.is_empty() && advice.is_empty() && pattern.is_empty() {
                continue;
            }
            let row = r + 1;
            let fail = |why: String| -> anyhow::Error {
                anyhow::anyhow!("审核口径表 `{}` 第 {row} 行：{why}", path.display())
            };
            let detail = [list.text(r, col::DETAIL), list.text(r, col::POINT)]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or_else(|| object.clone());
            let context = format!("{detail}\n{advice}");
            let Some(obj) = Object::parse(&object, &context) else {
                return Err(fail(format!(
                    "审核对象“{object}”不认识：应为表头栏目（如 年度目标、政策依据、测算依据、项目名称）、三级指标、指标值、指标解释、绩效指标、某类指标（如 数量、二级指标==数量）或 绩效目标表"
                )));
            };
            let Some(mode) = Mode::parse(&mode) else {
                return Err(fail(format!(
                    "模式“{mode}”不认识：应为 正则匹配、必填、长度 或 人工"
                )));
            };
            // A row without a code is named by its place in the workbook.
            let code = if written_code.is_empty() {
                format!("BR{row}")
            } else {
                rule_code(&written_code)
            };
            if let Some(other) = codes.insert(code.clone(), row) {
                return Err(fail(format!(
                    "编码“{written_code}”与第 {other} 行重复：每条审核口径的编码应不同"
                )));
            }
            let direction = match list.text(r, col::DIRECTION).as_str() {
                "" => None,
                d => Some(
                    parse_direction(d)
                        .ok_or_else(|| fail(format!("方向“{d}”不认识：应为 须匹配 或 不得匹配")))?,
                ),
            };
            let severity = match list.text(r, col::LEVEL).as_str() {
                "" if mode == Mode::Manual => Severity::Info,
                "" => Severity::Warning,
                "错误" => Severity::Error,
                "警告" => Severity::Warning,
                "提示" => Severity::Info,
                l => return Err(fail(format!("级别“{l}”不认识：应为 错误、警告 或 提示"))),
            };
            let mut compiled = None;
            let mut bound = None;
            match mode {
                Mode::Regex | Mode::Manual if !no_pattern(&pattern) => {
                    let translated = translate(&pattern)
                        .map_err(|why| fail(format!("正则表达式“{pattern}”无法使用：{why}")))?;
                    let re = Regex::new(&translated).map_err(|e| {
                        fail(format!(
                            "正则表达式“{pattern}”无法编译：{}",
                            regex_reason(&e)
                        ))
                    })?;
                    let direction =
                        direction.unwrap_or_else(|| read_direction(&re, obj.holds(), &advice));
                    compiled = Some(Pattern {
                        written: pattern.clone(),
                        translated,
                        re,
                        direction,
                    });
                }
                Mode::Regex => {
                    return Err(fail("模式是“正则匹配”，但没有填写正则表达式".to_string()));
                }
                Mode::Length => {
                    bound = Some(Bound::parse(&pattern).ok_or_else(|| {
                        fail(format!(
                            "长度“{pattern}”无法识别：应写成 15（不超过 15 个字）、≥5、5-200 之类"
                        ))
                    })?);
                }
                _ => {}
            }
            rules.push(TableRule {
                row,
                rule: Box::leak(Box::new(BureauRule {
                    code: intern(code),
                    title: intern(detail.clone()),
                    severity,
                })),
                object: obj,
                mode,
                pattern: compiled,
                bound,
                detail,
                advice,
            });
        }
        if rules.is_empty() {
            bail!("审核口径表 `{}` 没有任何审核口径", path.display());
        }
        Ok(RuleTable { rules })
    }
}

fn parse_direction(d: &str) -> Option<Direction> {
    let t = normalize(d);
    if t.starts_with('不') || t.starts_with('禁') || t.starts_with("非") {
        matches!(
            t.as_str(),
            "不得匹配" | "不能匹配" | "不应匹配" | "不匹配" | "禁止匹配" | "非匹配"
        )
        .then_some(Direction::MustNotMatch)
    } else {
        matches!(t.as_str(), "须匹配" | "必须匹配" | "应匹配" | "匹配")
            .then_some(Direction::MustMatch)
    }
}

/// A regex error in Chinese, with the crate's own words for the technician.
fn regex_reason(e: &regex::Error) -> String {
    let text = e.to_string();
    let last = text
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let what = if text.contains("look-around") {
        "使用了前后查找（(?=…)、(?!…)、(?<=…)），本工具不支持"
    } else if text.contains("backreference") {
        "使用了反向引用（\\1），本工具不支持"
    } else if text.contains("unclosed") {
        "括号或方括号没有配对"
    } else {
        "语法错误"
    };
    format!("{what}（{}）", last.trim().trim_start_matches("error: "))
}

/// Translates a pattern written for Python's `re` (and typed in Excel) into the `regex` crate's
/// syntax, keeping its meaning:
///
/// - `空` (and `为空`, `空值`, `空白`) is the empty text: `^\s*$`;
/// - an escaped non-ASCII character (`\《`, `\（`, `\“`) is that character;
/// - `\uXXXX` and `\UXXXXXXXX` become `\x{XXXX}`; `\Z` becomes `\z`; `\<` and `\>` are the
///   characters `<` and `>` (Python), not word boundaries (`regex`);
/// - `{,n}` becomes `{0,n}`; a repetition typed with full-width digits or comma (`{15，}`)
///   becomes `{15,}`; a brace that is not a repetition is a literal brace (Python);
/// - inside a character class, `[` and the pairs `&&`, `--`, `~~` are literal (Python), not
///   class operations (`regex`).
///
/// Back-references and named Unicode characters (`\N{…}`) cannot be carried over.
pub fn translate(pattern: &str) -> Result<String, String> {
    let p = pattern.trim();
    if matches!(p, "空" | "为空" | "空值" | "空白") {
        return Ok(r"^\s*$".to_string());
    }
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let mut in_class = false;
    // The position just after a class opened (a `]` there is literal).
    let mut class_start = false;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\\' {
            let Some(n) = next else {
                return Err("末尾多了一个反斜杠“\\”".to_string());
            };
            class_start = false;
            match n {
                'u' | 'U' => {
                    let len = if n == 'u' { 4 } else { 8 };
                    if chars.get(i + 2) == Some(&'{') {
                        // Already `\u{…}`: the regex crate reads it.
                        out.push('\\');
                        out.push(n);
                        i += 2;
                        continue;
                    }
                    let hex: String = chars.iter().skip(i + 2).take(len).collect();
                    if hex.chars().count() != len || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                        return Err(format!("“\\{n}”后面应是 {len} 位十六进制数字"));
                    }
                    out.push_str(&format!("\\x{{{hex}}}"));
                    i += 2 + len;
                    continue;
                }
                'Z' => out.push_str("\\z"),
                '<' | '>' => out.push(n),
                'N' => return Err("“\\N{…}”（按名称写的字符）不受支持".to_string()),
                '1'..='9' if !in_class => {
                    return Err(format!("“\\{n}”是反向引用，本工具不支持"));
                }
                n if !n.is_ascii() => out.push(n),
                n => {
                    out.push('\\');
                    out.push(n);
                }
            }
            i += 2;
            continue;
        }
        if in_class {
            match c {
                ']' if !class_start => {
                    in_class = false;
                    out.push(']');
                }
                '[' => out.push_str("\\["),
                '&' | '-' | '~' if next == Some(c) => {
                    out.push('\\');
                    out.push(c);
                    out.push('\\');
                    out.push(c);
                    i += 1;
                }
                _ => out.push(c),
            }
            class_start = false;
            i += 1;
            continue;
        }
        match c {
            '[' => {
                in_class = true;
                class_start = true;
                out.push('[');
                if next == Some('^') {
                    out.push('^');
                    i += 1;
                }
            }
            '{' | '｛' => match repetition(&chars[i + 1..]) {
                Some((rep, used)) => {
                    out.push_str(&rep);
                    i += used;
                }
                None if c == '{' => out.push_str("\\{"),
                None => out.push(c),
            },
            '}' => out.push_str("\\}"),
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

/// A counted repetition after its opening brace: `15,}`, `,3}`, `１５，}` → (`{15,}`, chars
/// read including the closing brace).
fn repetition(rest: &[char]) -> Option<(String, usize)> {
    let end = rest.iter().position(|&c| c == '}' || c == '｝')?;
    let inner: String = fold_width(&rest[..end].iter().collect::<String>())
        .chars()
        .map(|c| if c == '，' { ',' } else { c })
        .filter(|c| *c != ' ')
        .collect();
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let rep = match inner.split_once(',') {
        None if ok(&inner) => format!("{{{inner}}}"),
        Some((a, "")) if ok(a) => format!("{{{a},}}"),
        Some(("", b)) if ok(b) => format!("{{0,{b}}}"),
        Some((a, b)) if ok(a) && ok(b) => format!("{{{a},{b}}}"),
        _ => return None,
    };
    Some((rep, end + 1))
}

/// Samples of what units write, by the kind of text an object holds: a pattern that matches a
/// known defect and none of the good samples describes the defect (`不得匹配`); any other
/// pattern describes what the object must look like (`须匹配`).
const LONG: &str = "甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸甲乙丙丁戊己庚辛壬癸";
const DEFECTS_ANY: &[&str] = &["", " ", LONG];
const DEFECTS_VALUES: &[&str] = &["100", "12.5", "及时", "好", "明显", "较好"];
const GOOD_NAMES: &[&str] = &[
    "房屋修缮面积",
    "设备更新改造数量",
    "验收合格率",
    "投诉响应及时率",
];
const GOOD_VALUES: &[&str] = &["≥95%", "≤30天", "100人次", "2024年12月31日前", "3个工作日"];

fn read_direction(re: &Regex, holds: Holds, advice: &str) -> Direction {
    let defects = DEFECTS_ANY
        .iter()
        .chain(if holds == Holds::Values {
            DEFECTS_VALUES
        } else {
            &[]
        })
        .copied();
    let good: Vec<&str> = match holds {
        Holds::Names => GOOD_NAMES.to_vec(),
        Holds::Values => GOOD_VALUES.to_vec(),
        Holds::Text => Vec::new(),
    }
    .into_iter()
    .chain(quoted(advice))
    .collect();
    let mut defects = defects;
    if defects.any(|s| re.is_match(s)) && !good.iter().any(|s| re.is_match(s)) {
        Direction::MustNotMatch
    } else {
        Direction::MustMatch
    }
}

/// The examples a text quotes: “…”.
fn quoted(text: &str) -> impl Iterator<Item = &str> {
    text.split('“')
        .skip(1)
        .filter_map(|s| s.split_once('”').map(|(q, _)| q))
        .filter(|q| !q.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translates_python_and_excel_habits() {
        let t = |p: &str| translate(p).unwrap();
        assert_eq!(t("空"), r"^\s*$");
        assert_eq!(
            t(r"\《[\u4e00-\u9fa5]{5,}\》"),
            r"《[\x{4e00}-\x{9fa5}]{5,}》"
        );
        assert_eq!(t(r"[\（\）]"), "[（）]");
        assert_eq!(t(".{15，}"), ".{15,}");
        assert_eq!(t("a{,3}"), "a{0,3}");
        assert_eq!(t("a{x}"), r"a\{x\}");
        assert_eq!(t(r"end\Z"), r"end\z");
        assert_eq!(t(r"\<b\>"), "<b>");
        assert_eq!(t("[[a]"), r"[\[a]");
        assert_eq!(t("[a&&b]"), r"[a\&\&b]");
        assert!(translate(r"(a)\1").is_err());
        for p in [
            r#"\《[\u4e00-\u9fa5\-a-zA-Z0-9\"\'\(\)\（\）]{5,}\》"#,
            r"(大于|≥|>)?[0-9]+(\.?[0-9]+)?(\%|[\u4e00-\u9fa5]{1,5}[/每]?([回次周月季]|学期)?)?",
        ] {
            Regex::new(&t(p)).unwrap();
        }
        let re = Regex::new(&t(r"\《[\u4e00-\u9fa5]{5,}\》")).unwrap();
        assert!(re.is_match("根据《深圳市社区工作站管理办法》"));
        assert!(!re.is_match("根据有关文件"));
    }

    #[test]
    fn directions_follow_the_samples() {
        let d = |p: &str, h| read_direction(&Regex::new(&translate(p).unwrap()).unwrap(), h, "");
        assert_eq!(d("空", Holds::Text), Direction::MustNotMatch);
        assert_eq!(d(r"^\s*$", Holds::Text), Direction::MustNotMatch);
        assert_eq!(d(".{15,}", Holds::Names), Direction::MustNotMatch);
        assert_eq!(d("(数量|数|次|人)$", Holds::Names), Direction::MustMatch);
        assert_eq!(
            d(r"^[0-9]+(\.?[0-9]+)?$", Holds::Values),
            Direction::MustNotMatch
        );
        assert_eq!(d("及时", Holds::Values), Direction::MustNotMatch);
        assert_eq!(d("[0-9]+", Holds::Values), Direction::MustMatch);
        assert_eq!(d("通过.*达成", Holds::Text), Direction::MustMatch);
    }

    #[test]
    fn bounds_and_codes() {
        assert_eq!(
            Bound::parse("15"),
            Some(Bound {
                min: None,
                max: Some(15)
            })
        );
        assert_eq!(
            Bound::parse("<15"),
            Some(Bound {
                min: None,
                max: Some(14)
            })
        );
        assert_eq!(
            Bound::parse("≥５"),
            Some(Bound {
                min: Some(5),
                max: None
            })
        );
        assert_eq!(
            Bound::parse("5-200字"),
            Some(Bound {
                min: Some(5),
                max: Some(200)
            })
        );
        assert_eq!(Bound::parse("很长"), None);
        assert_eq!(rule_code("0"), "B00");
        assert_eq!(rule_code("25"), "B25");
        assert_eq!(rule_code("ZB3"), "B-ZB3");
        assert_eq!(
            category_l2("社会", "社会效益未填写"),
            Some(Level2::SocialBenefit)
        );
        assert_eq!(category_l2("社会", ""), None);
        assert_eq!(category_l2("数量", ""), Some(Level2::Quantity));
    }
}
