//! Findings are data: a plain, sortable, serialisable value naming file, sheet, cell, rule and
//! severity. Checks return them; nothing here prints.
//!
//! The rule catalogue is the one place where codes, severities and titles live; docs/RULES.md
//! mirrors it for readers of the repository.

use crate::cellref::CellRef;
use crate::forms::FormKind;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    #[serde(rename = "错误")]
    Error,
    #[serde(rename = "警告")]
    Warning,
    #[serde(rename = "提示")]
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Info => "提示",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

macro_rules! rules {
    ($($variant:ident = $code:literal, $sev:ident, $title:literal;)*) => {
        /// Every built-in rule (the code is stable: it never changes meaning), and the rows of
        /// the bureau's own rule table (`--rules`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($variant,)*
            /// A row of the bureau's rule table 审核口径 (FORMS §2): its own code and title (held
            /// for the process, so that a rule is two words in each of a million findings).
            Bureau(&'static BureauRule),
        }

        impl Rule {
            /// The built-in rules (the rule table's rows are not among them).
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* Rule::Bureau(b) => b.code }
            }

            /// The default severity (a finding of a rule-table row carries the row's own).
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* Rule::Bureau(b) => b.severity }
            }

            /// The short Chinese title of the rule, used in listings and the 填报说明 sheet.
            pub fn title(self) -> &'static str {
                match self { $(Rule::$variant => $title,)* Rule::Bureau(b) => b.title }
            }
        }
    };
}

/// A row of the bureau's rule table as a rule: its code (`B` and the table's 编码, so that it
/// never collides with a built-in code), its 审核细项 as the title, its severity. The texts live
/// as long as the process (a table has a few dozen rows and is loaded once).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BureauRule {
    pub code: &'static str,
    pub title: &'static str,
    pub severity: Severity,
}

rules! {
    FileUnreadable = "F01", Error, "文件无法打开（损坏、加密或不是工作簿）";
    FileEmpty = "F02", Error, "文件没有任何内容";
    FileNoForm = "F03", Error, "文件中没有可识别的绩效表";
    FileCrashed = "F04", Error, "读取文件时程序库内部出错（已隔离）";
    SheetUnreadable = "F05", Error, "工作表已损坏，无法读取（其他工作表照常读取）";
    FileInaccessible = "F06", Error, "文件无法访问（链接失效、没有权限、读取时被改动或删除）";
    FileNameEncoding = "F07", Info, "文件名不是 UTF-8 编码";
    SheetSkipped = "S01", Info, "工作表不是绩效表，已跳过";
    RequiredMissing = "S02", Error, "必填项缺失或为空";
    NoIndicatorTable = "S03", Error, "没有找到绩效指标表";
    UnknownUnit = "S04", Error, "单位不在名册中";
    Duplicate = "S05", Error, "同一项目重复报送";
    Untouched = "S06", Error, "空表：模板原样交回，未填写";
    CodeAsFloat = "S07", Error, "编码以科学计数法数字存储，已丢失位数";
    NotInBudget = "S08", Warning, "项目不在预算项目清单中";
    BadAttribute = "S09", Warning, "项目属性不是“新增/延续”";
    TitleMissing = "S10", Info, "表头标题缺失，已按表格内容识别";
    OwnOutput = "S11", Info, "财政局自己的文件（汇总工作簿、单位名册、预算项目清单），已跳过";
    Uncalculated = "S12", Warning, "公式没有保存计算结果，已按空白读取";
    SumMismatch = "M01", Error, "年度资金总额不等于各部分之和";
    NegativeAmount = "M02", Error, "金额为负数";
    AmountInYuan = "M03", Error, "金额疑似以“元”填写";
    BudgetMismatch = "M04", Warning, "年度资金总额与预算项目清单不一致";
    AmountNotNumber = "M05", Error, "金额无法识别为数字";
    ZeroAmount = "M06", Warning, "年度资金总额为 0";
    BadLevel1 = "I01", Error, "一级指标名称不在指标体系内";
    BadLevel2 = "I02", Error, "二级指标名称不在指标体系内或与一级指标不对应";
    NoQuantity = "I03", Error, "缺少数量指标";
    NoQualityOrTimeliness = "I04", Error, "缺少质量或时效指标";
    NoBenefit = "I05", Error, "缺少效益指标";
    NoSatisfaction = "I06", Warning, "面向公众的项目缺少满意度指标";
    DuplicateIndicator = "I07", Warning, "指标重复";
    LongIndicatorName = "I08", Warning, "三级指标名称过长";
    Unquantified = "I09", Warning, "指标值未量化";
    OnlyTimely = "I10", Warning, "时效指标值仅为“及时”";
    FewQuantified = "I11", Warning, "量化指标过少";
    EmptyTargetValue = "I12", Error, "指标值为空";
    EmptyIndicatorRow = "I13", Warning, "指标行未填写";
    TaskSumMismatch = "O01", Error, "年度主要任务金额合计不等于各任务之和";
    NoTasks = "O02", Warning, "没有填写年度主要任务";
    RateMismatch = "J01", Error, "填报的执行率与金额不符";
    BehindSchedule = "J02", Warning, "执行进度滞后";
    NoLikelihood = "J03", Error, "完成目标可能性未勾选";
    SeveralLikelihoods = "J04", Error, "完成目标可能性勾选了多项";
    ImpossibleNoReason = "J05", Error, "选择“完全不可能”但未说明原因";
    SurplusNoReason = "J06", Error, "预计有结余但未说明原因";
    NotMonitored = "J07", Warning, "已申报绩效目标的项目没有报监控表";
    IndicatorDropped = "J08", Warning, "监控表缺少已申报的绩效指标";
    IndicatorAdded = "J09", Warning, "监控表中有申报时没有的指标";
    TargetChanged = "J10", Warning, "年度指标值与申报的不一致";
    NoDeclaredTargets = "J11", Info, "项目没有可对照的绩效目标";
    NoMonth = "J12", Warning, "监控月份无法识别";
    OverExecuted = "J13", Warning, "执行数超过预算数";
    LowExecutionNoReason = "E01", Warning, "执行率低于 90% 且未说明原因";
    PointsNot100 = "E02", Error, "指标分值合计加执行率分值不等于 100";
    NonNationalSplit = "E03", Info, "一级指标分值与国家默认分配不同";
    ScoreAbovePoints = "E04", Error, "得分高于分值";
    ScoreOutOfRange = "E05", Warning, "自评得分超出数据允许的范围";
    LowScoreNoReason = "E06", Warning, "得分低于分值但没有填写偏差原因";
    TotalMismatch = "E07", Error, "总分不等于各项得分之和";
    GradeMismatch = "E08", Warning, "自评等级与复核等级不一致";
    ExecScoreWrong = "E09", Warning, "执行率得分与数据不符";
    ActualUnreadable = "E10", Info, "实际完成值无法识别为数字";
    WrongKind = "T01", Error, "表的种类与本阶段不符";
    WrongYear = "T02", Error, "模板年度与本次收集的年度不符";
    PrefillEdited = "T03", Warning, "预填内容被改动";
    MetaTampered = "T04", Warning, "模板的元数据被改动";
}

impl Rule {
    /// Whether the rule is checked on cards of this kind (the 填报说明 of a template lists
    /// these).
    pub fn applies_to(self, kind: FormKind) -> bool {
        use FormKind::*;
        let project = matches!(kind, Target | Monitor | SelfEval);
        let self_eval = matches!(kind, SelfEval | OverallSelfEval);
        match self {
            Rule::FileUnreadable
            | Rule::FileEmpty
            | Rule::FileNoForm
            | Rule::FileCrashed
            | Rule::SheetUnreadable
            | Rule::SheetSkipped
            | Rule::RequiredMissing
            | Rule::NoIndicatorTable
            | Rule::UnknownUnit
            | Rule::Duplicate
            | Rule::Untouched
            | Rule::CodeAsFloat
            | Rule::TitleMissing
            | Rule::OwnOutput
            | Rule::Uncalculated
            | Rule::WrongKind
            | Rule::WrongYear
            | Rule::PrefillEdited
            | Rule::MetaTampered => true,
            Rule::NotInBudget | Rule::BudgetMismatch => project,
            Rule::BadAttribute
            | Rule::NoQuantity
            | Rule::NoQualityOrTimeliness
            | Rule::NoBenefit
            | Rule::NoSatisfaction
            | Rule::FewQuantified => kind == Target,
            Rule::SumMismatch
            | Rule::NegativeAmount
            | Rule::AmountInYuan
            | Rule::AmountNotNumber
            | Rule::ZeroAmount => kind != Overall,
            Rule::BadLevel1
            | Rule::BadLevel2
            | Rule::DuplicateIndicator
            | Rule::LongIndicatorName
            | Rule::Unquantified
            | Rule::OnlyTimely
            | Rule::EmptyTargetValue
            | Rule::EmptyIndicatorRow => matches!(kind, Target | Overall),
            Rule::TaskSumMismatch | Rule::NoTasks => kind == Overall,
            Rule::RateMismatch => kind == Monitor || self_eval,
            Rule::BehindSchedule
            | Rule::NoLikelihood
            | Rule::SeveralLikelihoods
            | Rule::ImpossibleNoReason
            | Rule::SurplusNoReason
            | Rule::NotMonitored
            | Rule::IndicatorDropped
            | Rule::IndicatorAdded
            | Rule::TargetChanged
            | Rule::NoDeclaredTargets
            | Rule::NoMonth
            | Rule::OverExecuted => kind == Monitor,
            Rule::LowExecutionNoReason
            | Rule::PointsNot100
            | Rule::NonNationalSplit
            | Rule::ScoreAbovePoints
            | Rule::ScoreOutOfRange
            | Rule::LowScoreNoReason
            | Rule::TotalMismatch
            | Rule::GradeMismatch
            | Rule::ExecScoreWrong
            | Rule::ActualUnreadable => self_eval,
            // About the bureau's copy of a file (its folder, its name on disk), not what a unit
            // filled in: not in a template's 填报说明.
            Rule::FileInaccessible | Rule::FileNameEncoding => false,
            // The rule table is run on the cards of the target stage.
            Rule::Bureau(_) => matches!(kind, Target | Overall),
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A file of the batch: its place in the list of input files, given when it is found (32 bits:
/// a million findings carry it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

impl FileId {
    /// The file at `index` of the batch's list.
    pub fn at(index: usize) -> FileId {
        FileId(u32::try_from(index).unwrap_or(u32::MAX))
    }

    /// Its place in the batch's list of input files.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A card of the batch: its file and the place of its sheet in that workbook.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardId {
    pub file: FileId,
    pub sheet: u32,
}

/// A name a finding carries (file, sheet, unit, project): shared by all the findings about
/// one card rather than copied into each (see [`Names`]). One word, not two: a city's million
/// findings carry five each.
///
/// It is shown as the text it derefs to, and has no `Display` of its own: `to_string()` is then
/// the text's own copy, not a pass through the formatting machinery (5% of writing the rows of
/// a big consolidated workbook).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(std::sync::Arc<Box<str>>);

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, other: &String) -> bool {
        **self == **other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Name {
        Name(std::sync::Arc::new(Box::from(s)))
    }
}

/// Held exactly: `format!` reserves about twice its literal text, so a text with spare room is
/// copied (shrinking in place would keep the allocator's whole block).
impl From<String> for Name {
    fn from(s: String) -> Name {
        if s.capacity() > s.len() {
            Name::from(s.as_str())
        } else {
            Name(std::sync::Arc::new(s.into_boxed_str()))
        }
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl Serialize for Name {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl Name {
    /// The name spelled `s`, shared with a recent one spelled the same on this thread if there
    /// is one. A batch's findings say the same thing many times over (the same qualitative
    /// 指标值, the same missing field, across a city's units): a small table on each thread,
    /// one slot for each hash, keeps the last of each, so they are held once or twice, not
    /// once each. The table is bounded, needs no lock, and costs a hash and a comparison.
    pub fn recent(s: impl AsRef<str> + Into<String>) -> Name {
        use std::hash::BuildHasher;
        const SLOTS: usize = 4096;
        thread_local! {
            static RECENT: std::cell::RefCell<Vec<Option<Name>>> =
                std::cell::RefCell::new(vec![None; SLOTS]);
        }
        let slot = rustc_hash::FxBuildHasher.hash_one(s.as_ref()) as usize % SLOTS;
        RECENT.with_borrow_mut(|recent| match &recent[slot] {
            Some(n) if **n == *s.as_ref() => n.clone(),
            _ => {
                let n = Name::from(s.into());
                recent[slot] = Some(n.clone());
                n
            }
        })
    }
}

impl Default for Name {
    fn default() -> Name {
        no_name()
    }
}

/// The empty name, shared.
pub fn no_name() -> Name {
    static EMPTY: std::sync::LazyLock<Name> = std::sync::LazyLock::new(|| Name::from(""));
    EMPTY.clone()
}

/// The names findings carry, each held once: a batch of thousands of findings about a few
/// hundred cards holds each unit and project name once, not once a finding. (A card's file and
/// sheet names are the card's own, which its findings share.)
#[derive(Default)]
pub struct Names(rustc_hash::FxHashSet<Name>);

impl Names {
    /// The shared name spelled `s`.
    pub fn of(&mut self, s: &str) -> Name {
        if let Some(n) = self.0.get(s) {
            return n.clone();
        }
        let n = Name::from(s);
        self.0.insert(n.clone());
        n
    }
}

/// One problem found in the returned forms.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// The input file and card the finding is about, set when it is made: findings are joined
    /// to cards and units by these, never by the file's display name.
    #[serde(skip)]
    pub file_id: Option<FileId>,
    #[serde(skip)]
    pub card_id: Option<CardId>,
    pub file: Name,
    /// Empty for a finding about a whole file (JSON: `null`, as every absent value).
    #[serde(serialize_with = "empty_as_null")]
    pub sheet: Name,
    pub cell: Option<CellRef>,
    pub severity: Severity,
    pub rule: Rule,
    #[serde(serialize_with = "empty_as_null")]
    pub unit_code: Name,
    #[serde(serialize_with = "empty_as_null")]
    pub unit_name: Name,
    #[serde(serialize_with = "empty_as_null")]
    pub project: Name,
    /// Held exactly, and shared with the findings made just before that say the same (see
    /// [`Name::recent`]): a city's million findings hold their messages.
    pub message: Name,
}

/// JSON has one way to say "not applicable": `null`, never `""`.
fn empty_as_null<S: serde::Serializer>(v: &Name, s: S) -> Result<S::Ok, S::Error> {
    if v.is_empty() {
        s.serialize_none()
    } else {
        s.serialize_str(v)
    }
}

impl Finding {
    /// The place in its workbook of the sheet the finding is about, for ordering findings in
    /// reading order: a finding about the whole file comes after its sheets.
    pub fn sheet_place(&self) -> u32 {
        self.card_id.map_or(u32::MAX, |c| c.sheet)
    }

    pub fn new(
        rule: Rule,
        file: &str,
        sheet: &str,
        cell: Option<CellRef>,
        message: impl Into<String>,
    ) -> Self {
        Finding::named(rule, file.into(), sheet.into(), cell, message)
    }

    /// [`Finding::new`] with names already made (a card's, shared by its findings).
    fn named(
        rule: Rule,
        file: Name,
        sheet: Name,
        cell: Option<CellRef>,
        message: impl Into<String>,
    ) -> Self {
        let message = Name::recent(message.into());
        Finding {
            file_id: None,
            card_id: None,
            file,
            sheet,
            cell,
            severity: rule.severity(),
            rule,
            unit_code: no_name(),
            unit_name: no_name(),
            project: no_name(),
            message,
        }
    }

    /// A finding about an input file as a whole or one of its sheets.
    pub fn in_file(
        rule: Rule,
        id: FileId,
        file: &str,
        sheet: &str,
        cell: Option<CellRef>,
        message: impl Into<String>,
    ) -> Self {
        let mut f = Finding::new(rule, file, sheet, cell, message);
        f.file_id = Some(id);
        f
    }

    /// A finding about a card.
    pub fn on_card(
        rule: Rule,
        card: CardId,
        file: Name,
        sheet: Name,
        cell: Option<CellRef>,
        message: impl Into<String>,
    ) -> Self {
        let mut f = Finding::named(rule, file, sheet, cell, message);
        f.file_id = Some(card.file);
        f.card_id = Some(card);
        f
    }

    pub fn cell_text(&self) -> String {
        self.cell.map(|c| c.to_string()).unwrap_or_default()
    }
}

/// A batch's findings, kept in the lists they were made in (a file's, a card's) and read in an
/// order of their own. A city has a million findings, made a few at a time on the threads
/// that read the files: joining them into one vector would hold them twice for a moment, in a
/// block of memory the freed lists cannot be reused for (100 MB at 10,000 files).
#[derive(Clone, Default)]
pub struct Findings {
    lists: Vec<Vec<Finding>>,
    /// Where each finding is, in reading order: its list and its place there.
    order: Vec<(u32, u32)>,
}

impl Findings {
    /// Adds a list of findings after those already held.
    pub fn add(&mut self, mut list: Vec<Finding>) {
        if list.is_empty() {
            return;
        }
        // Held exactly: the lists are kept as they are, and a vector grown by pushes has room
        // to spare.
        list.shrink_to_fit();
        let l = u32::try_from(self.lists.len()).expect("fewer than 4 billion lists");
        let n = u32::try_from(list.len()).expect("fewer than 4 billion findings in a list");
        self.order.extend((0..n).map(|i| (l, i)));
        self.lists.push(list);
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    fn at(&self, (l, i): (u32, u32)) -> &Finding {
        &self.lists[l as usize][i as usize]
    }

    /// The findings in their order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            findings: self,
            order: self.order.iter(),
        }
    }

    /// Every finding, on every core, in no particular order.
    pub fn par_iter_mut(&mut self) -> impl rayon::iter::ParallelIterator<Item = &mut Finding> {
        use rayon::prelude::*;
        self.lists.par_iter_mut().flat_map_iter(|l| l.iter_mut())
    }

    /// Keeps the findings `keep` says yes to, in their order.
    pub fn retain(&mut self, keep: impl Fn(&Finding) -> bool) {
        const GONE: u32 = u32::MAX;
        // Each finding's new place in its list (`GONE`: let go).
        let places: Vec<Vec<u32>> = self
            .lists
            .iter()
            .map(|l| {
                let mut kept = 0;
                l.iter()
                    .map(|f| {
                        if keep(f) {
                            kept += 1;
                            kept - 1
                        } else {
                            GONE
                        }
                    })
                    .collect()
            })
            .collect();
        for (l, p) in self.lists.iter_mut().zip(&places) {
            let mut k = p.iter();
            l.retain(|_| k.next().is_some_and(|&at| at != GONE));
            l.shrink_to_fit();
        }
        self.order = self
            .order
            .iter()
            .filter_map(|&(l, i)| {
                let at = places[l as usize][i as usize];
                (at != GONE).then_some((l, at))
            })
            .collect();
    }

    /// Puts the findings in the order `cmp` gives, keeping the order of equal ones; on every
    /// core, moving places only.
    pub fn sort_by(&mut self, cmp: impl Fn(&Finding, &Finding) -> std::cmp::Ordering + Sync) {
        use rayon::prelude::*;
        let mut order = std::mem::take(&mut self.order);
        order.par_sort_by(|&a, &b| cmp(self.at(a), self.at(b)));
        self.order = order;
    }
}

/// The findings in their order.
impl fmt::Debug for Findings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The same findings in the same order, however they are kept.
impl PartialEq for Findings {
    fn eq(&self, other: &Findings) -> bool {
        self.iter().eq(other.iter())
    }
}

impl std::ops::Index<usize> for Findings {
    type Output = Finding;
    fn index(&self, i: usize) -> &Finding {
        self.at(self.order[i])
    }
}

impl<'a> IntoIterator for &'a Findings {
    type Item = &'a Finding;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The findings of a [`Findings`] in their order.
#[derive(Clone)]
pub struct Iter<'a> {
    findings: &'a Findings,
    order: std::slice::Iter<'a, (u32, u32)>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Finding;
    fn next(&mut self) -> Option<&'a Finding> {
        self.order.next().map(|&at| self.findings.at(at))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.order.next_back().map(|&at| self.findings.at(at))
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// Counts by severity, for summaries and exit codes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Tally {
        let mut t = Tally::default();
        for f in findings {
            match f.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info => t.infos += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(msgs: &[&str]) -> Vec<Finding> {
        msgs.iter()
            .map(|m| Finding::new(Rule::Unquantified, "a.xlsx", "表", None, *m))
            .collect()
    }

    fn messages(f: &Findings) -> Vec<&str> {
        f.iter().map(|f| &*f.message).collect()
    }

    #[test]
    fn findings_that_say_the_same_share_their_message() {
        let said = |m: &str| Finding::new(Rule::Unquantified, "a.xlsx", "表", None, m.to_string());
        let (a, b, c) = (
            said("指标值“良好”"),
            said("指标值“良好”"),
            said("指标值“达标”"),
        );
        assert!(std::sync::Arc::ptr_eq(&a.message.0, &b.message.0));
        assert!(!std::sync::Arc::ptr_eq(&a.message.0, &c.message.0));
        assert_eq!(&*c.message, "指标值“达标”");
        // A name made on another thread is its own, and still the same text.
        let other = std::thread::spawn(move || said("指标值“良好”").message)
            .join()
            .expect("thread");
        assert_eq!(other, a.message);
    }

    #[test]
    fn findings_kept_in_lists_read_in_one_order() {
        let mut f = Findings::default();
        f.add(list(&["c1", "a1", "b1"]));
        f.add(Vec::new());
        f.add(list(&["a2", "c2"]));
        assert_eq!(f.len(), 5);
        assert_eq!(messages(&f), ["c1", "a1", "b1", "a2", "c2"]);
        // Sorted by the letter alone: equal ones keep the order they were added in.
        f.sort_by(|x, y| x.message[..1].cmp(&y.message[..1]));
        assert_eq!(messages(&f), ["a1", "a2", "b1", "c1", "c2"]);
        assert_eq!(&*f[3].message, "c1");
        assert_eq!(f.iter().next_back().map(|x| &*x.message), Some("c2"));
        // Letting some go keeps the order of the rest, in every list.
        f.retain(|x| x.message != "a1" && x.message != "c2");
        assert_eq!(messages(&f), ["a2", "b1", "c1"]);
        f.add(list(&["a3"]));
        assert_eq!(messages(&f), ["a2", "b1", "c1", "a3"]);
        f.sort_by(|x, y| x.message[..1].cmp(&y.message[..1]));
        assert_eq!(messages(&f), ["a2", "a3", "b1", "c1"]);
        let t = Tally::of(&f);
        assert_eq!(t.errors + t.warnings + t.infos, 4);
        let mut g = Findings::default();
        g.add(list(&["a2", "a3", "b1", "c1"]));
        assert_eq!(f, g);
    }
}
