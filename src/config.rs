//! Thresholds of the rules. Every one is a default that a `jixiao.toml` can override (FORMS).

use crate::messages::{self, Localized};
use crate::registry::rule_table::RuleTable;
use anyhow::Result;
use rust_decimal::Decimal;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Tolerance of money sums, 万元.
    pub tolerance: Decimal,
    /// A single project above this many 万元 is taken to be written in 元.
    pub yuan_ceiling: Decimal,
    /// A card with fewer quantified indicators than this gets a warning.
    pub min_quantified: usize,
    /// A 三级指标 name of this many characters or more gets a warning.
    pub long_name: usize,
    /// 领域 of the budget list whose projects serve the public and should carry 满意度指标.
    pub public_fields: Vec<String>,
    /// Monitoring: execution this many percentage points behind the time progress N/12 is
    /// 执行进度滞后 (J02).
    pub lag_points: Decimal,
    /// Monitoring: a stated 执行率 may differ from the amounts by this many points (J01).
    pub rate_tolerance: Decimal,
    /// Self-evaluation: the points of the execution rate (national default 10).
    pub execution_points: Decimal,
    /// Self-evaluation: an execution rate below this percentage needs a reason (E01).
    pub execution_reason_below: Decimal,
    /// Self-evaluation: a stated score may differ from the recomputed one by this much (E05,
    /// E09).
    pub score_tolerance: Decimal,
    /// Self-evaluation grades: 优 from this total up, 良 from `grade_good`, 中 from
    /// `grade_pass`, 差 below.
    pub grade_excellent: Decimal,
    pub grade_good: Decimal,
    pub grade_pass: Decimal,
    /// Key evaluation (重点评价): the 领域 whose large projects are proposed, the amount from
    /// which they are (万元), the recomputed total below which a project is proposed, the gap
    /// between stated and recomputed totals that makes a self-evaluation suspicious, and the
    /// years a project evaluated before is left alone.
    pub key_domains: Vec<String>,
    pub key_min_amount: Decimal,
    pub key_low_score: Decimal,
    pub key_suspicious_points: Decimal,
    pub key_years: i32,
    /// Results used (结果应用): the advice and the budget change for each grade.
    pub advice: BTreeMap<String, Advice>,
    pub year: Option<i32>,
    pub deadline: Option<String>,
    pub contact: Option<String>,
    /// Sheet protection password of templates (`jixiao template`); none by default.
    pub template_password: Option<String>,
    /// The bureau's rule table 审核口径 (FORMS §2), run on every card of the target stage;
    /// relative to the folder of the configuration file. `--rules` takes precedence.
    pub rules: Option<PathBuf>,
    /// The rule table as loaded (`--rules` or `rules`), before any form is read.
    #[serde(skip)]
    pub rule_table: Option<Arc<RuleTable>>,
    /// Mail (`jixiao mail`, `jixiao collect`): sender, rate and the texts of each kind.
    pub mail: MailSettings,
    /// Ex-ante screening (事前绩效评估, `jixiao screen`): a 新增 project above this many 万元,
    /// a 延续 project whose increase over last year is above this percentage.
    pub screen_new_amount: Decimal,
    pub screen_increase_percent: Decimal,
    /// The units' own work scored (`jixiao assess`): the points of each part, out of their sum.
    pub assess_weights: AssessWeights,
}

/// `[mail]` of `jixiao.toml`.
#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MailSettings {
    /// The sender (`绩效科 <jxk@example.gov.cn>`).
    pub from: Option<String>,
    /// At most this many messages a minute when sending.
    pub rate: u32,
    /// `[mail.template]`, `[mail.feedback]`, `[mail.reminder]`: subject and body, with
    /// placeholders such as `{单位名称}`, `{阶段}`, `{截止时间}`, `{联系人}`, `{缺报内容}`.
    pub template: MailText,
    pub feedback: MailText,
    pub reminder: MailText,
}

/// The subject and body of one kind of mail.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MailText {
    pub subject: String,
    pub body: String,
}

impl Default for MailSettings {
    fn default() -> Self {
        MailSettings {
            from: None,
            rate: 60,
            template: MailText {
                subject: "【{年度}年{阶段}】{单位名称}（{单位编码}）填报模板".into(),
                body: "{单位名称}：\n\n\
                       现将{年度}年{阶段}填报模板发给你单位（附件 {附件数} 个），请按模板填写，\
                       于 {截止时间} 前将填好的工作簿作为附件回复本邮件，文件名请保留单位编码。\n\n\
                       联系人：{联系人}\n"
                    .into(),
            },
            feedback: MailText {
                subject: "【{年度}年{阶段}】{单位名称}（{单位编码}）审核反馈".into(),
                body: "{单位名称}：\n\n\
                       你单位报送的{阶段}材料已审核，反馈工作簿见附件（{附件数} 个），\
                       问题单元格已标色并加批注。请按反馈意见修改后，于 {截止时间} 前重新报送。\n\n\
                       联系人：{联系人}\n"
                    .into(),
            },
            reminder: MailText {
                subject: "【催报】{年度}年{阶段}：{单位名称}（{单位编码}）尚未报送".into(),
                body: "{单位名称}：\n\n\
                       截至目前，你单位{阶段}尚未报送：{缺报内容}（应报项目 {应报项目数} 个）。\
                       请于 {截止时间} 前报送。如已报送，请忽略本邮件。\n\n\
                       联系人：{联系人}\n"
                    .into(),
            },
        }
    }
}

/// The points of each part of a unit's score (`jixiao assess`): handed in on time, complete,
/// quality, fixed on resubmission.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AssessWeights {
    pub on_time: Decimal,
    pub complete: Decimal,
    pub quality: Decimal,
    pub fixed: Decimal,
}

impl Default for AssessWeights {
    fn default() -> Self {
        AssessWeights {
            on_time: Decimal::new(20, 0),
            complete: Decimal::new(30, 0),
            quality: Decimal::new(40, 0),
            fixed: Decimal::new(10, 0),
        }
    }
}

/// What a grade means for next year's budget.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Advice {
    /// The advice as the bureau writes it (`优先保障`, `压减10%`).
    pub text: String,
    /// The suggested change of the budget, in percent (`-10`).
    pub change: Decimal,
}

impl Advice {
    /// The national practice: 优 优先保障, 良 正常安排, 中 压减10%, 差 压减或取消.
    pub fn defaults() -> BTreeMap<String, Advice> {
        [
            ("优", "优先保障", 0),
            ("良", "正常安排", 0),
            ("中", "压减10%", -10),
            ("差", "压减50%或取消", -50),
        ]
        .into_iter()
        .map(|(g, t, c)| {
            (
                g.to_string(),
                Advice {
                    text: t.to_string(),
                    change: Decimal::new(c, 0),
                },
            )
        })
        .collect()
    }
}

impl Config {
    /// A setting as a float (scores are compared as floats, with a tolerance).
    pub fn f(d: Decimal) -> f64 {
        f64::try_from(d).unwrap_or(0.0)
    }

    /// [`Config::lag_points`] as a fraction.
    pub fn lag(&self) -> f64 {
        f64::try_from(self.lag_points).unwrap_or(15.0) / 100.0
    }

    /// [`Config::rate_tolerance`] as a fraction.
    pub fn rate_slack(&self) -> f64 {
        f64::try_from(self.rate_tolerance).unwrap_or(0.5) / 100.0
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tolerance: Decimal::new(1, 2),
            yuan_ceiling: Decimal::new(10_000, 0),
            min_quantified: 3,
            long_name: 15,
            public_fields: [
                "教育", "卫生", "医疗", "民政", "文化", "交通", "环卫", "社保", "就业",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            lag_points: Decimal::new(15, 0),
            rate_tolerance: Decimal::new(5, 1),
            execution_points: Decimal::new(10, 0),
            execution_reason_below: Decimal::new(90, 0),
            score_tolerance: Decimal::new(5, 1),
            grade_excellent: Decimal::new(90, 0),
            grade_good: Decimal::new(80, 0),
            grade_pass: Decimal::new(60, 0),
            key_domains: ["教育", "卫生", "医疗", "环卫", "林业"]
                .iter()
                .map(|s| s.to_string())
                .collect(),
            key_min_amount: Decimal::new(500, 0),
            key_low_score: Decimal::new(80, 0),
            key_suspicious_points: Decimal::new(5, 0),
            key_years: 3,
            advice: Advice::defaults(),
            year: None,
            deadline: None,
            contact: None,
            template_password: None,
            rules: None,
            rule_table: None,
            mail: MailSettings::default(),
            screen_new_amount: Decimal::new(50, 0),
            screen_increase_percent: Decimal::new(20, 0),
            assess_weights: AssessWeights::default(),
        }
    }
}

impl Config {
    /// Loads `path` if given, else `jixiao.toml` in the working folder if it exists, else the
    /// defaults.
    pub fn load(path: Option<&Path>) -> Result<Config> {
        let default = Path::new("jixiao.toml");
        let path = match path {
            Some(p) => p,
            None if default.exists() => default,
            None => return Ok(Config::default()),
        };
        // A pipe or a folder is not read (a pipe would wait for ever).
        if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
            anyhow::bail!("无法读取配置文件 `{}`：这不是普通文件", path.display());
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| Localized::io(format!("无法读取配置文件 `{}`", path.display()), &e))?;
        // toml's messages are English: in Chinese, with the line, the column and the key.
        let mut cfg: Config = toml::from_str(&text).map_err(|e| {
            let text = messages::toml_error(path, &text, e.message(), e.span());
            anyhow::Error::from(Localized::new(text, e.to_string()))
        })?;
        // A grade the file does not set keeps its default advice.
        for (grade, advice) in Advice::defaults() {
            cfg.advice.entry(grade).or_insert(advice);
        }
        if let (Some(rules), Some(dir)) = (&cfg.rules, path.parent())
            && rules.is_relative()
        {
            cfg.rules = Some(dir.join(rules));
        }
        Ok(cfg)
    }
}
