//! Parsing a 指标值 into (comparator, number, unit) — FORMS §5. Real cards write `≥95%`,
//! `达到95%以上`, `不超过15万元`, `3个工作日`, `2023年12月31日前`, `两小时之内`, `明显`…

use crate::read::label::{clean_str, fold_width};
use crate::read::value::is_not_applicable;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Comparator {
    #[serde(rename = "≥")]
    Ge,
    #[serde(rename = "≤")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "=")]
    Eq,
    #[serde(rename = "≈")]
    About,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Le => "≤",
            Comparator::Gt => ">",
            Comparator::Lt => "<",
            Comparator::Eq => "=",
            Comparator::About => "≈",
        }
    }
}

/// What kind of value a 指标值 is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ValueKind {
    /// A number with a unit (`≥95%`, `100人次`).
    Quantity,
    /// A number with a comparator but no unit (`=1`, `≥60`).
    Number,
    /// A deadline or date (`2024年12月31日前`, `11月底前`).
    Deadline,
    /// A number with neither comparator nor unit (`100`): not quantified.
    BareNumber,
    /// A grade on a scale (`优`, `良好`, `显著`, `明显`, `一般`).
    Grade,
    /// Words only (`及时`, `好`, `得到提升`).
    Qualitative,
    /// `不适用`, `/`, `—`.
    NotApplicable,
    Empty,
}

/// A parsed 指标值. Its unit held (`Box<str>`, what [`parse`] gives) or borrowed from where it
/// is kept (`&str`, an indicator row's).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetValue<U = Box<str>> {
    pub kind: ValueKind,
    pub comparator: Option<Comparator>,
    pub number: Option<f64>,
    pub unit: U,
}

impl<U> TargetValue<U> {
    pub fn is_quantified(&self) -> bool {
        matches!(
            self.kind,
            ValueKind::Quantity | ValueKind::Number | ValueKind::Deadline
        )
    }
}

const GRADES: &[&str] = &[
    "优",
    "良",
    "中",
    "差",
    "优秀",
    "良好",
    "合格",
    "不合格",
    "显著",
    "明显",
    "一般",
    "较好",
    "较差",
    "满意",
    "基本满意",
    "不满意",
    "非常满意",
    "比较满意",
];

/// Comparator words, longest first so that `大于等于` wins over `大于`.
const PREFIX_WORDS: &[(&str, Comparator)] = &[
    ("大于或等于", Comparator::Ge),
    ("小于或等于", Comparator::Le),
    ("大于或者等于", Comparator::Ge),
    ("小于或者等于", Comparator::Le),
    ("大于等于", Comparator::Ge),
    ("小于等于", Comparator::Le),
    ("不低于", Comparator::Ge),
    ("不少于", Comparator::Ge),
    ("不小于", Comparator::Ge),
    ("至少", Comparator::Ge),
    ("达到", Comparator::Ge),
    ("不超过", Comparator::Le),
    ("不超", Comparator::Le),
    ("不高于", Comparator::Le),
    ("不大于", Comparator::Le),
    ("不多于", Comparator::Le),
    ("控制在", Comparator::Le),
    ("低于", Comparator::Lt),
    ("少于", Comparator::Lt),
    ("小于", Comparator::Lt),
    ("高于", Comparator::Gt),
    ("超过", Comparator::Gt),
    ("多于", Comparator::Gt),
    ("大于", Comparator::Gt),
    ("等于", Comparator::Eq),
    (">=", Comparator::Ge),
    ("<=", Comparator::Le),
    ("≥", Comparator::Ge),
    ("≧", Comparator::Ge),
    ("≤", Comparator::Le),
    ("≦", Comparator::Le),
    (">", Comparator::Gt),
    ("<", Comparator::Lt),
    ("=", Comparator::Eq),
    ("约", Comparator::About),
];

const SUFFIX_WORDS: &[(&str, Comparator)] = &[
    ("以上", Comparator::Ge),
    ("及以上", Comparator::Ge),
    ("以下", Comparator::Le),
    ("及以下", Comparator::Le),
    ("以内", Comparator::Le),
    ("之内", Comparator::Le),
    ("内", Comparator::Le),
    ("之前", Comparator::Le),
    ("以前", Comparator::Le),
    ("前", Comparator::Le),
];

/// Unit characters stop at these (what follows a unit is a comparator word or a note).
const UNIT_STOPS: &[&str] = &[
    "以上", "以下", "以内", "之内", "之前", "以前", "前", "内", "及", "一年", "，", ",", "；", ";",
    "、", "(", "（", "满意", "完成",
];

pub fn parse(raw: &str) -> TargetValue {
    let folded = fold_width(raw);
    let text: String = clean_str(&folded)
        .chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\t' | ' '))
        .collect();
    let none = |kind| TargetValue {
        kind,
        comparator: None,
        number: None,
        unit: Box::default(),
    };
    if text.is_empty() {
        return none(ValueKind::Empty);
    }
    if is_not_applicable(&text) {
        return none(ValueKind::NotApplicable);
    }
    if GRADES.contains(&text.as_str()) {
        return none(ValueKind::Grade);
    }
    if is_deadline(&text) {
        return TargetValue {
            kind: ValueKind::Deadline,
            comparator: Some(Comparator::Le),
            number: None,
            unit: "日期".into(),
        };
    }
    let chars: Vec<char> = text.chars().collect();
    // The first number, in Arabic digits or simple Chinese numerals.
    let Some((start, end, number)) = first_number(&chars) else {
        return none(ValueKind::Qualitative);
    };
    let before: String = chars[..start].iter().collect();
    let after: String = chars[end..].iter().collect();
    // Most values start with their number: nothing before it to search.
    let mut comparator = if before.is_empty() {
        None
    } else {
        PREFIX_WORDS
            .iter()
            .find(|(w, _)| before.contains(w))
            .map(|&(_, c)| c)
    };
    let unit = take_unit(&after);
    let rest = &after[unit.len()..];
    if comparator.is_none() {
        comparator = SUFFIX_WORDS
            .iter()
            .find(|(w, _)| rest.starts_with(w))
            .map(|&(_, c)| c);
    }
    let kind = if !unit.is_empty() {
        ValueKind::Quantity
    } else if comparator.is_some() {
        ValueKind::Number
    } else if before.is_empty() && rest.is_empty() {
        ValueKind::BareNumber
    } else {
        ValueKind::Quantity
    };
    TargetValue {
        kind,
        comparator,
        number: Some(number),
        unit: unit.into_boxed_str(),
    }
}

/// A 指标值 written in three columns (Sichuan, unit-wide self-evaluations, FORMS §4.4): its
/// 指标性质 (`≥`, `≤`, `=`, `定性`; also `正向`/`反向`), the bare value and its 度量单位
/// (`≥` `95` `%` is `≥95%`; the unit as its column writes it, `台（套）`). A value that states
/// its own comparator or unit keeps it.
pub fn parse_parts(nature: &str, value: &str, unit: &str) -> TargetValue {
    let own = parse(value);
    if own.number.is_none() || (nature.trim().is_empty() && unit.trim().is_empty()) {
        return own;
    }
    let nature: String = clean_str(&fold_width(nature))
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let nature = nature
        .strip_suffix("指标")
        .unwrap_or(&nature)
        .trim_end_matches('型');
    let prefix = match nature {
        _ if own.comparator.is_some() => "",
        "正向" => "≥",
        "反向" => "≤",
        n if PREFIX_WORDS.iter().any(|(w, _)| *w == n) => n,
        _ => "",
    };
    let mut t = if prefix.is_empty() {
        own
    } else {
        parse(&format!("{prefix}{}", value.trim()))
    };
    let unit: String = unit.chars().filter(|c| !c.is_whitespace()).collect();
    if t.unit.is_empty() && !unit.is_empty() {
        t.unit = unit.into_boxed_str();
        if matches!(t.kind, ValueKind::Number | ValueKind::BareNumber) {
            t.kind = ValueKind::Quantity;
        }
    }
    t
}

fn is_deadline(t: &str) -> bool {
    let has_date = t.contains('月')
        && (t.contains('年')
            || t.contains('日')
            || t.contains("月底")
            || t.contains("月前")
            || t.contains("号"));
    let ends = [
        "前",
        "之前",
        "以前",
        "底",
        "完成",
        "前完成",
        "底前",
        "底完成",
        "前出具报告",
    ];
    // A complete date (`2024年12月31日`, also what a date cell reads as) is a deadline too.
    let full_date = t.contains('年') && t.ends_with('日');
    has_date
        && (full_date
            || ends.iter().any(|e| t.ends_with(e))
            || t.contains("月前")
            || t.contains("日前")
            || t.contains("底前")
            || t.contains("之前"))
}

fn chinese_digit(c: char) -> Option<f64> {
    Some(match c {
        '零' => 0.0,
        '一' => 1.0,
        '二' | '两' => 2.0,
        '三' => 3.0,
        '四' => 4.0,
        '五' => 5.0,
        '六' => 6.0,
        '七' => 7.0,
        '八' => 8.0,
        '九' => 9.0,
        '十' => 10.0,
        '半' => 0.5,
        _ => return None,
    })
}

/// Finds the first number: `(start, end, value)` in char indices.
fn first_number(chars: &[char]) -> Option<(usize, usize, f64)> {
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].is_ascii_digit()
                    || chars[i] == '.'
                    || (chars[i] == ',' && i + 1 < chars.len() && chars[i + 1].is_ascii_digit()))
            {
                if chars[i] != ',' {
                    s.push(chars[i]);
                }
                i += 1;
            }
            let s = s.trim_end_matches('.');
            // A minus sign right before, not between two numbers (`-3.5%`, `≤-5%`; `1-7` is a
            // range): the number is negative.
            let negative = start > 0
                && matches!(chars[start - 1], '-' | '−' | '－')
                && (start < 2 || !chars[start - 2].is_ascii_digit());
            let (start, sign) = if negative {
                (start - 1, -1.0)
            } else {
                (start, 1.0)
            };
            return s.parse::<f64>().ok().map(|n| (start, i, sign * n));
        }
        // Chinese numerals only where a measure word follows (`两栋`, `三小时`, `半小时`).
        if let Some(d) = chinese_digit(chars[i]) {
            let next = chars.get(i + 1).copied();
            let measure = next
                .is_some_and(|n| "个栋座台次场人项条份件天日周月年小时分名所家宗处本".contains(n));
            if measure {
                return Some((i, i + 1, d));
            }
        }
        i += 1;
    }
    None
}

fn take_unit(after: &str) -> String {
    let mut unit = String::new();
    let mut rest = after;
    while let Some(c) = rest.chars().next() {
        if UNIT_STOPS.iter().any(|s| rest.starts_with(s)) || c.is_ascii_digit() {
            break;
        }
        if unit.chars().count() >= 6 {
            break;
        }
        unit.push(c);
        rest = &rest[c.len_utf8()..];
    }
    unit
}

#[cfg(test)]
mod tests {
    use super::*;
    use Comparator::*;
    use ValueKind::*;

    /// 指标性质 | 指标值 | 度量单位 in three columns (FORMS §4.4).
    #[test]
    fn parses_a_value_in_three_columns() {
        let p = |n, v, u| {
            let t = parse_parts(n, v, u);
            (t.kind, t.comparator, t.number, t.unit.to_string())
        };
        assert_eq!(
            p("≥", "95", "%"),
            (Quantity, Some(Ge), Some(95.0), "%".into())
        );
        assert_eq!(
            p("≤", "30", "天"),
            (Quantity, Some(Le), Some(30.0), "天".into())
        );
        assert_eq!(p("=", "1", ""), (Number, Some(Eq), Some(1.0), "".into()));
        assert_eq!(
            p("正向", "12", "次"),
            (Quantity, Some(Ge), Some(12.0), "次".into())
        );
        assert_eq!(
            p("正向指标", "12", "台（套）"),
            (Quantity, Some(Ge), Some(12.0), "台（套）".into())
        );
        assert_eq!(
            p("≥", "95以上", "%"),
            (Quantity, Some(Ge), Some(95.0), "%".into())
        );
        assert_eq!(
            p("反向", "5", "%"),
            (Quantity, Some(Le), Some(5.0), "%".into())
        );
        // A value that states its own comparator and unit keeps them.
        assert_eq!(
            p("≥", "≤3个工作日", "天"),
            (Quantity, Some(Le), Some(3.0), "个工作日".into())
        );
        // 定性, and words: the value alone.
        assert_eq!(
            p("定性", "建立健全", ""),
            (Qualitative, None, None, "".into())
        );
        assert_eq!(
            p("定性", "100", ""),
            (BareNumber, None, Some(100.0), "".into())
        );
        assert_eq!(p("", "95", ""), (BareNumber, None, Some(95.0), "".into()));
        assert_eq!(p("", "", "%"), (Empty, None, None, "".into()));
    }

    /// Spellings taken from real target cards (realworld/shenzhen-targets-*.xlsx) and FORMS §5.
    #[test]
    fn parses_real_spellings() {
        type Case<'a> = (&'a str, ValueKind, Option<Comparator>, Option<f64>, &'a str);
        let cases: &[Case] = &[
            ("≥95%", Quantity, Some(Ge), Some(95.0), "%"),
            ("≤-5%", Quantity, Some(Le), Some(-5.0), "%"),
            ("-3.5%", Quantity, None, Some(-3.5), "%"),
            ("≤30天", Quantity, Some(Le), Some(30.0), "天"),
            ("100人次", Quantity, None, Some(100.0), "人次"),
            ("=1", Number, Some(Eq), Some(1.0), ""),
            ("达到95%以上", Quantity, Some(Ge), Some(95.0), "%"),
            ("≧1宗", Quantity, Some(Ge), Some(1.0), "宗"),
            ("3个工作日", Quantity, None, Some(3.0), "个工作日"),
            ("2024年12月31日前", Deadline, Some(Le), None, "日期"),
            ("2023年12月31日前\n", Deadline, Some(Le), None, "日期"),
            ("11月底前", Deadline, Some(Le), None, "日期"),
            ("2024年12月31日", Deadline, Some(Le), None, "日期"),
            ("在2023年6月之前出具报告", Deadline, Some(Le), None, "日期"),
            ("90%以上", Quantity, Some(Ge), Some(90.0), "%"),
            ("100%\n", Quantity, None, Some(100.0), "%"),
            ("98%\t", Quantity, None, Some(98.0), "%"),
            ("3个小时内", Quantity, Some(Le), Some(3.0), "个小时"),
            ("1处", Quantity, None, Some(1.0), "处"),
            ("不超过15万元", Quantity, Some(Le), Some(15.0), "万元"),
            ("≥95分", Quantity, Some(Ge), Some(95.0), "分"),
            ("大于10次", Quantity, Some(Gt), Some(10.0), "次"),
            ("小于或等于12小时", Quantity, Some(Le), Some(12.0), "小时"),
            (
                "总成本不超过888.5862万元一年\n",
                Quantity,
                Some(Le),
                Some(888.5862),
                "万元",
            ),
            ("≥15人\t\n", Quantity, Some(Ge), Some(15.0), "人"),
            ("60%以上", Quantity, Some(Ge), Some(60.0), "%"),
            (
                "每年成本不超过324000元\n",
                Quantity,
                Some(Le),
                Some(324000.0),
                "元",
            ),
            ("15天以内", Quantity, Some(Le), Some(15.0), "天"),
            ("两栋\n", Quantity, None, Some(2.0), "栋"),
            ("半小时内", Quantity, Some(Le), Some(0.5), "小时"),
            ("三小时之内\n", Quantity, Some(Le), Some(3.0), "小时"),
            ("≥60", Number, Some(Ge), Some(60.0), ""),
            ("≤2%", Quantity, Some(Le), Some(2.0), "%"),
            ("不少于40场", Quantity, Some(Ge), Some(40.0), "场"),
            ("19994盏", Quantity, None, Some(19994.0), "盏"),
            ("1904645.13㎡", Quantity, None, Some(1904645.13), "㎡"),
            ("大于等于98%", Quantity, Some(Ge), Some(98.0), "%"),
            ("95%满意", Quantity, None, Some(95.0), "%"),
            ("大于等于95%满意度", Quantity, Some(Ge), Some(95.0), "%"),
            (
                "小于等于23,739,200.00",
                Number,
                Some(Le),
                Some(23739200.0),
                "",
            ),
            ("约30个", Quantity, Some(About), Some(30.0), "个"),
            ("<3小时", Quantity, Some(Lt), Some(3.0), "小时"),
            ("≦5次", Quantity, Some(Le), Some(5.0), "次"),
            ("≧0.5万亩", Quantity, Some(Ge), Some(0.5), "万亩"),
            ("0%", Quantity, None, Some(0.0), "%"),
            ("14.3公顷", Quantity, None, Some(14.3), "公顷"),
            ("≤7.8875万元\n", Quantity, Some(Le), Some(7.8875), "万元"),
            ("30分钟内进行应答", Quantity, Some(Le), Some(30.0), "分钟"),
            ("100", BareNumber, None, Some(100.0), ""),
            ("１２０", BareNumber, None, Some(120.0), ""),
            ("明显", Grade, None, None, ""),
            ("明显\n\n", Grade, None, None, ""),
            ("良好", Grade, None, None, ""),
            ("显著\n", Grade, None, None, ""),
            ("及时", Qualitative, None, None, ""),
            ("及时\t\n", Qualitative, None, None, ""),
            ("好", Qualitative, None, None, ""),
            ("得到提升", Qualitative, None, None, ""),
            ("达标", Qualitative, None, None, ""),
            ("不适用", NotApplicable, None, None, ""),
            ("不适用\t\n", NotApplicable, None, None, ""),
            ("不适应", NotApplicable, None, None, ""),
            ("/", NotApplicable, None, None, ""),
            ("—", NotApplicable, None, None, ""),
            ("", Empty, None, None, ""),
        ];
        for (raw, kind, cmp, num, unit) in cases {
            let v = parse(raw);
            assert_eq!(v.kind, *kind, "kind of {raw:?}: {v:?}");
            assert_eq!(v.comparator, *cmp, "comparator of {raw:?}: {v:?}");
            assert_eq!(v.number, *num, "number of {raw:?}: {v:?}");
            assert_eq!(&*v.unit, *unit, "unit of {raw:?}: {v:?}");
        }
        assert!(cases.len() >= 40);
    }
}
