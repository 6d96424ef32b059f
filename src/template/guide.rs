//! The `填报说明` sheet: what the workbook holds, what to fill, the rules the returned forms will
//! be checked against (from the rule catalogue), the deadline and whom to ask.

use super::meta::TemplateMeta;
use super::style::Styles;
use super::{GUIDE_SHEET, Options, UnitForms, protect};
use crate::finding::Rule;
use crate::forms::FormKind;
use crate::forms::self_eval::{COMPLETION_GRADES, EXECUTION_POINTS};
use crate::output::xlsx::text_width;
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

const WIDTHS: [f64; 5] = [6.0, 24.0, 20.0, 44.0, 16.0];

/// Whether a built-in rule is listed for cards of this kind: the catalogue's applicability,
/// less the two a unit cannot act on.
fn applies(rule: Rule, kind: FormKind) -> bool {
    !matches!(rule, Rule::FileCrashed | Rule::SheetSkipped) && rule.applies_to(kind)
}

/// What to fill, per kind, in plain Chinese.
fn instructions(opts: &Options, spares: usize) -> Vec<String> {
    let month = opts.month.unwrap_or(12);
    let mut out: Vec<String> = match opts.kind {
        FormKind::Target => vec![
            "“部门整体”工作表填写本单位的部门（单位）整体支出绩效目标：年度主要任务（任务名称、主要内容、预算申请金额）、年度总体目标和年度绩效指标。".into(),
            "其余每个项目一张工作表。项目名称、项目编码、主管部门、实施单位和年度资金总额已按预算批复预填（白色单元格，已锁定），不需修改；如有错误请联系财政局。".into(),
            "黄色单元格由单位填写。财政拨款、上年结转资金、其他资金以万元为单位，只填数字，三者之和应等于年度资金总额。".into(),
            "项目属性从下拉列表选择“新增”或“延续”；项目期限写明起止年月。".into(),
            "年度目标概括本年度要完成的任务和达到的效果，与绩效指标相对应；跨年度项目另填中期目标。".into(),
            format!("绩效指标按一级、二级指标分类填写三级指标和指标值，至少包括数量指标、质量或时效指标和效益指标，量化指标不少于 {} 个；面向社会公众的项目应设满意度指标。三级指标名称简明扼要，少于 {} 个字。", opts.rules.min_quantified, opts.rules.long_name),
            "指标值应量化，写明比较符、数值和计量单位，如“≥95%”“100人次”“≤30天”“2024年12月31日前”；不要只写“及时”“明显”“好”。".into(),
            "不涉及的指标行，在“三级指标”栏填写“不适用”，不要留空；行数不够可插入行。".into(),
        ],
        FormKind::Overall => vec![
            "部门（单位）名称已预填。年度主要任务逐项填写任务名称、主要内容和预算申请金额（万元），金额合计自动计算。".into(),
            "年度总体目标概括本单位本年度的绩效目标；年度绩效指标按一级、二级指标分类填写三级指标和指标值。".into(),
            "指标值应量化，写明比较符、数值和计量单位；不涉及的指标行在“三级指标”栏填写“不适用”。".into(),
        ],
        FormKind::Monitor => vec![
            "每个项目一张工作表。项目名称、项目编码、单位、年初预算数、年初设定目标和绩效指标的年度指标值已按批复的绩效目标预填（白色单元格，已锁定）。".into(),
            format!("项目资金填写调整后预算数（未调整的可不填）、1-{month}月执行数和全年预计执行数（万元）；执行率自动计算：执行数 ÷ 调整后预算数（未调整的按年初预算数）。"),
            format!("时间进度为 {month}/12 = {:.1}%；执行率低于时间进度 15 个百分点以上的，请在备注或原因说明中写明原因。", month as f64 / 12.0 * 100.0),
            format!("绩效指标逐项填写1-{month}月执行数和全年预计执行数（含计量单位）；“完成目标可能性”三栏中选且只选一栏打“√”。"),
            "选择“完全不可能”、预计全年不能完成或有资金结余的，必须勾选偏差原因，并在“原因说明”中写明原因和改进措施。".into(),
            format!("1-{month}月执行情况概述年度目标的执行进展。"),
        ],
        FormKind::OverallSelfEval => vec![
            "部门（单位）名称已预填。年度绩效指标逐项填写全年完成值、指标权重和指标得分；各指标权重之和应为 100 分。".into(),
            "定量指标按“≥”“≤”“=”的指标性质计分，定性指标按完成程度分档计分；得分低于权重的须说明原因。".into(),
        ],
        FormKind::SelfEval => vec![
            "每个项目一张工作表。项目名称、项目编码、单位、年初预算数、预期目标和绩效指标的年度指标值已按批复的绩效目标预填（白色单元格，已锁定）。".into(),
            format!("项目资金填写全年预算数（调整后）和全年执行数（万元）；执行率和执行率得分（{EXECUTION_POINTS} 分 × 执行率，最高 {EXECUTION_POINTS} 分）自动计算；执行率低于 90% 的须在“原因”栏说明。"),
            format!("绩效指标逐项填写实际完成值、分值和得分。各指标分值之和加预算执行率 {EXECUTION_POINTS} 分应为 100 分（一般产出 50 分、效益 30 分、满意度 10 分）。"),
            "定量指标：“≥”类完成即得满分，未完成按 实际值 ÷ 目标值 × 分值 计分；“≤”类不超过目标得满分，超过目标两倍以内按比例扣分，超过两倍不得分。".into(),
            format!("定性指标从下拉列表选择完成情况：“{}”得分值的 80%-100%，“{}”得 60%-80%，“{}”得 0-60%。", COMPLETION_GRADES[0], COMPLETION_GRADES[1], COMPLETION_GRADES[2]),
            "得分低于分值的指标，须在“偏差原因分析及改进措施”中说明原因和改进措施。总分自动计算；等级：优 90 分及以上，良 80-90 分，中 60-80 分，差 60 分以下。".into(),
        ],
    };
    if spares > 0 {
        out.push(format!(
            "“备用”工作表（共 {spares} 张）供名单中没有列出的项目使用：项目名称、项目编码和金额由单位填写；不用的备用表保持空白即可。"
        ));
    }
    out.push(
        "请勿修改工作表名称，不要删除、移动或复制工作表；隐藏的工作表供核对使用，请勿改动。".into(),
    );
    out
}

struct Guide<'a> {
    ws: Worksheet,
    st: &'a Styles,
    row: u32,
}

impl Guide<'_> {
    fn width() -> f64 {
        WIDTHS.iter().sum()
    }

    /// A paragraph over the whole width, its row tall enough for the wrapped text.
    fn para(&mut self, text: &str, f: &Format) -> Result<(), XlsxError> {
        let lines = (text_width(text) as f64 / (Self::width() - 4.0))
            .ceil()
            .max(1.0);
        self.ws
            .merge_range(self.row, 0, self.row, 4, text, f)?
            .set_row_height(self.row, 16.0 * lines + 4.0)?;
        self.row += 1;
        Ok(())
    }

    /// A bordered table; `spans` gives each column's first and last sheet column.
    fn table(
        &mut self,
        spans: &[(u16, u16)],
        header: &[&str],
        rows: &[Vec<String>],
    ) -> Result<(), XlsxError> {
        let header: Vec<String> = header.iter().map(|s| s.to_string()).collect();
        let (hf, cf) = (self.st.guide_header.clone(), self.st.guide_cell.clone());
        for (cells, f) in std::iter::once((&header, &hf)).chain(rows.iter().map(|r| (r, &cf))) {
            let mut lines = 1.0f64;
            for (text, &(c1, c2)) in cells.iter().zip(spans) {
                let w: f64 = WIDTHS[c1 as usize..=c2 as usize].iter().sum();
                lines = lines.max((text_width(text) as f64 / (w - 1.0)).ceil());
                if c1 == c2 {
                    self.ws.write_string_with_format(self.row, c1, text, f)?;
                } else {
                    self.ws.merge_range(self.row, c1, self.row, c2, text, f)?;
                }
            }
            self.ws.set_row_height(self.row, 15.0 * lines + 5.0)?;
            self.row += 1;
        }
        self.row += 1;
        Ok(())
    }
}

/// Writes the `填报说明` sheet of one unit's template.
pub(crate) fn sheet(
    unit: &UnitForms,
    meta: &TemplateMeta,
    opts: &Options,
    st: &Styles,
) -> Result<Worksheet, XlsxError> {
    let mut g = Guide {
        ws: Worksheet::new(),
        st,
        row: 0,
    };
    g.ws.set_name(GUIDE_SHEET)?;
    for (i, w) in WIDTHS.iter().enumerate() {
        g.ws.set_column_width(i as u16, *w)?;
    }
    g.ws.merge_range(
        0,
        0,
        0,
        4,
        &format!("{}填报说明", opts.stage_title()),
        &st.guide_title,
    )?
    .set_row_height(0, 30)?;
    g.row = 1;
    g.para(
        &format!("填报单位：{} {}", unit.code, unit.name),
        &st.guide_text,
    )?;
    g.row += 1;

    let spares = meta.cards.iter().filter(|c| c.spare).count();
    g.para("一、本工作簿的内容", &st.guide_heading)?;
    let what = if opts.kind == FormKind::Overall {
        "本工作簿含本单位的部门（单位）整体支出绩效目标申报表一张。".to_string()
    } else {
        let overall = meta
            .cards
            .iter()
            .filter(|c| c.kind == FormKind::Overall)
            .count();
        let lead = if overall > 0 {
            "部门整体表一张，其余"
        } else {
            ""
        };
        format!(
            "本工作簿共 {} 张表，{lead}每个项目一张工作表（其中备用表 {spares} 张）。黄色单元格由单位填写，白色单元格已预填并锁定，绿色单元格自动计算。",
            meta.cards.len()
        )
    };
    g.para(&what, &st.guide_text)?;
    if opts.kind != FormKind::Overall {
        let rows: Vec<Vec<String>> = meta
            .cards
            .iter()
            .enumerate()
            .map(|(i, c)| {
                vec![
                    (i + 1).to_string(),
                    c.sheet.clone(),
                    c.project_code.clone(),
                    if c.spare {
                        "（备用：名单外的项目）".into()
                    } else if c.kind == FormKind::Overall {
                        "（部门（单位）整体支出绩效目标）".into()
                    } else {
                        c.project_name.clone()
                    },
                ]
            })
            .collect();
        g.table(
            &[(0, 0), (1, 1), (2, 2), (3, 4)],
            &["序号", "工作表", "项目编码", "项目名称"],
            &rows,
        )?;
    }

    g.para("二、填写要求", &st.guide_heading)?;
    for (i, line) in instructions(opts, spares).iter().enumerate() {
        g.para(&format!("{}. {line}", i + 1), &st.guide_text)?;
    }
    g.row += 1;

    g.para("三、审核规则（报回后财政局将逐项检查）", &st.guide_heading)?;
    let rules: Vec<Vec<String>> = Rule::ALL
        .iter()
        .filter(|r| {
            applies(**r, opts.kind)
                || meta
                    .cards
                    .iter()
                    .any(|c| c.kind != opts.kind && applies(**r, c.kind))
        })
        .map(|r| {
            vec![
                r.code().to_string(),
                r.severity().label().to_string(),
                r.title().to_string(),
            ]
        })
        .collect();
    g.table(
        &[(0, 0), (1, 1), (2, 4)],
        &["编码", "严重程度", "审核内容"],
        &rules,
    )?;
    g.para(
        "“错误”须改正后重新报送；“警告”请核实，确有理由的在相应栏目中说明；“提示”仅供参考。",
        &st.guide_text,
    )?;
    g.row += 1;

    g.para("四、报送要求", &st.guide_heading)?;
    let deadline = opts.deadline.as_deref().unwrap_or("以财政局通知为准");
    let contact = opts.contact.as_deref().unwrap_or("见财政局通知");
    g.para(&format!("截止时间：{deadline}"), &st.guide_text)?;
    g.para(&format!("联系人：{contact}"), &st.guide_text)?;
    g.para(
        "请在本工作簿中直接填写，以原格式（.xlsx）报送；纸质表打印后由单位盖章，与电子表一并报送。",
        &st.guide_text,
    )?;

    g.ws.set_paper_size(9)
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_screen_gridlines(false);
    protect(&mut g.ws, opts);
    Ok(g.ws)
}
