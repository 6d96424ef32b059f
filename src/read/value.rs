//! Turning cell contents into typed values (FORMS §3.6): numbers that arrive as text, percents,
//! full-width digits, `万元` suffixes; codes that must stay text.

use super::label::name_key;
use crate::money::Money;
use rust_decimal::Decimal;
use std::str::FromStr;

/// One cell as read from any workbook format.
#[derive(Clone, Debug, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
    Bool(bool),
    /// An Excel date serial number.
    Date(f64),
    Error(String),
}

impl CellValue {
    /// The value as a user sees it in the cell (numbers without a trailing `.0`).
    pub fn display(&self) -> String {
        match self {
            CellValue::Text(s) => s.clone(),
            CellValue::Number(n) => format_number(*n),
            // A deadline typed as `2024/12/31` is a date cell: show it as a date, not a serial.
            CellValue::Date(n) => date_text(*n).unwrap_or_else(|| format_number(*n)),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::Error(e) => e.clone(),
        }
    }

    /// [`display`](Self::display) trimmed of the tabs and newlines units leave behind
    /// ([`clean_text`](crate::label::clean_text)), a text copied once.
    pub fn clean_display(&self) -> String {
        match self {
            CellValue::Text(s) => crate::label::clean_str(s).to_string(),
            v => crate::label::clean_text(&v.display()),
        }
    }

    pub fn is_blank(&self) -> bool {
        matches!(self, CellValue::Text(s) if s.trim().is_empty())
    }
}

pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n}");
        s
    }
}

/// An Excel date serial (1900 date system) as `2024年12月31日`; `None` outside 1900-9999 or
/// for a time of day alone.
pub fn date_text(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    if days < 60 {
        // Excel counts a 1900-02-29 that never was.
        days += 1;
    }
    // Days since 1970-01-01, then the civil date (H. Hinnant's algorithm).
    let z = days - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(format!("{year}年{month}月{day}日"))
}

/// A date cell, or a date written as text (`2024年1月18日`, `2024-01-18`, `2024.1.18`,
/// `2024/1/18`), as a 1900-system serial.
pub fn date_of(v: &CellValue) -> Option<f64> {
    match v {
        CellValue::Date(d) => Some(*d),
        // A date typed into a General cell arrives as its serial.
        CellValue::Number(n) if (36_526.0..73_051.0).contains(n) => Some(*n),
        CellValue::Text(s) => date_of_text(s),
        _ => None,
    }
}

/// A date written as text (see [`date_of`]).
pub fn date_of_text(s: &str) -> Option<f64> {
    let t = name_key(s);
    let mut nums = Vec::new();
    let mut cur = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            cur.push(c);
        } else {
            if !cur.is_empty() {
                nums.push(std::mem::take(&mut cur));
            }
            if nums.len() == 3 {
                break;
            }
            if !matches!(c, '年' | '月' | '日' | '-' | '/' | '.') {
                if !nums.is_empty() {
                    break;
                }
                continue;
            }
        }
    }
    if !cur.is_empty() {
        nums.push(cur);
    }
    let [y, m, d] = nums.get(..3)? else {
        return None;
    };
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    if !(1990..=2100).contains(&y) {
        return None;
    }
    serial_of(y, m, d)
}

/// The 1900-system serial of a calendar date (the inverse of [`date_text`]); `None` before
/// 1900-03-01, where Excel's phantom 1900-02-29 makes serials ambiguous.
pub fn serial_of(year: i64, month: i64, day: i64) -> Option<f64> {
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Days since 1970-01-01 of the civil date (H. Hinnant's algorithm), then Excel's epoch.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let serial = days + 25_569;
    (serial >= 61).then_some(serial as f64)
}

/// Marks that mean "not applicable" in an indicator row, as opposed to empty.
pub fn is_not_applicable(s: &str) -> bool {
    // The marks are a few characters; longer text (spaces aside) is never one.
    if s.len() > 64 {
        return false;
    }
    // Nor is text of more than three characters once spaces go (folding keeps the count): a
    // 三级指标's name is ruled out without a copy.
    if s.chars()
        .filter(|&c| !super::label::is_space(c))
        .nth(3)
        .is_some()
    {
        return false;
    }
    let t = name_key(s);
    matches!(
        t.as_str(),
        "不适用" | "不适应" | "/" | "—" | "-" | "--" | "——" | "无" | "N/A" | "n/a"
    )
}

/// Why an amount could not be read.
#[derive(Clone, Debug, PartialEq)]
pub enum AmountError {
    NotANumber(String),
}

/// An amount read from a 万元 column. `yuan` is set when the cell itself says 元 (not 万元).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amount {
    pub money: Money,
    pub yuan: bool,
}

/// Reads an amount: numbers as they are, text with thousands separators, full-width digits and a
/// `万元`/`万`/`元` suffix. Empty text and not-applicable marks give `Ok(None)`.
pub fn parse_amount(v: &CellValue) -> Result<Option<Amount>, AmountError> {
    match v {
        CellValue::Number(n) => Ok(Money::from_f64(*n).map(|money| Amount { money, yuan: false })),
        CellValue::Bool(_) | CellValue::Date(_) | CellValue::Error(_) => {
            Err(AmountError::NotANumber(v.display()))
        }
        CellValue::Text(s) => {
            // Some exports keep Excel's text prefix: `'190.00`.
            let t = name_key(s).replace([',', '，'], "");
            let t = t.strip_prefix('\'').map(str::to_string).unwrap_or(t);
            if t.is_empty() || is_not_applicable(&t) {
                return Ok(None);
            }
            let (num, yuan) =
                if let Some(x) = t.strip_suffix("万元").or_else(|| t.strip_suffix('万')) {
                    (x, false)
                } else if let Some(x) = t.strip_suffix('元') {
                    (x, true)
                } else {
                    (t.as_str(), false)
                };
            match Decimal::from_str(num).or_else(|_| Decimal::from_scientific(num)) {
                Ok(d) => Ok(Some(Amount {
                    money: Money(d.normalize()),
                    yuan,
                })),
                Err(_) => Err(AmountError::NotANumber(s.clone())),
            }
        }
    }
}

/// Reads a plain number (scores, rates): like an amount, and `12.5%` becomes 0.125.
pub fn parse_number(v: &CellValue) -> Option<f64> {
    match v {
        CellValue::Number(n) => Some(*n),
        CellValue::Text(s) => {
            let t = name_key(s).replace([',', '，'], "");
            let t = t.strip_prefix('\'').unwrap_or(&t);
            if let Some(p) = t.strip_suffix('%') {
                return p.parse::<f64>().ok().map(|x| x / 100.0);
            }
            let t = t.trim_end_matches("万元").trim_end_matches('分');
            t.parse::<f64>().ok()
        }
        _ => None,
    }
}

/// A code (项目编码, 单位编码) read as text.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Code {
    pub text: String,
    /// The code arrived as a number Excel shows in scientific notation (12 digits or more), or as
    /// text like `2.0243E+12`: digits may be lost, so it is never silently "fixed".
    pub lost_digits: bool,
}

pub fn parse_code(v: &CellValue) -> Option<Code> {
    match v {
        CellValue::Text(s) => {
            let t = name_key(s);
            if t.is_empty() {
                return None;
            }
            let sci = looks_scientific(&t);
            Some(Code {
                text: t,
                lost_digits: sci,
            })
        }
        CellValue::Number(n) => {
            if !n.is_finite() {
                return None;
            }
            let whole = n.fract() == 0.0;
            // Excel's General format switches to scientific notation from 12 digits on, and an
            // f64 keeps at most 15-17 significant digits: such a code cannot be trusted.
            let lost = !whole || n.abs() >= 1e11;
            let text = if whole && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                format!("{n:E}")
            };
            Some(Code {
                text,
                lost_digits: lost,
            })
        }
        CellValue::Bool(_) | CellValue::Date(_) | CellValue::Error(_) => Some(Code {
            text: v.display(),
            lost_digits: false,
        }),
    }
}

fn looks_scientific(t: &str) -> bool {
    let upper = t.to_ascii_uppercase();
    match upper.split_once('E') {
        Some((m, e)) => {
            !m.is_empty()
                && m.chars().all(|c| c.is_ascii_digit() || c == '.')
                && m.chars().any(|c| c.is_ascii_digit())
                && !e.is_empty()
                && e.trim_start_matches(['+', '-'])
                    .chars()
                    .all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_applicable_marks_however_spaced_or_wide() {
        for t in [
            "不适用",
            "不 适 用",
            "\u{3000}不适用\n",
            "Ｎ／Ａ",
            "n/a",
            "－－",
            "—",
            "/",
            "无",
            "不适应",
        ] {
            assert!(is_not_applicable(t), "{t:?}");
        }
        for t in ["不适用项目", "无偿", "N/A/", "", "  ", "群众满意度", "--/"] {
            assert!(!is_not_applicable(t), "{t:?}");
        }
    }

    #[test]
    fn dates_written_as_text() {
        let d = serial_of(2024, 2, 5);
        for t in [
            "2024年2月5日",
            "2024-02-05",
            "2024.2.5",
            "2024/2/5",
            " 2024年 2 月 5 日",
        ] {
            assert_eq!(date_of_text(t), d, "{t}");
        }
        assert_eq!(date_of_text("二〇二四年"), None);
        assert_eq!(date_of_text("1-7月"), None);
        assert_eq!(date_of(&CellValue::Date(45_327.0)), Some(45_327.0));
    }

    #[test]
    fn serials_and_dates_round_trip() {
        assert_eq!(serial_of(2024, 12, 31), Some(45657.0));
        assert_eq!(serial_of(1900, 3, 1), Some(61.0));
        assert_eq!(date_text(45657.0).as_deref(), Some("2024年12月31日"));
        for s in [61.0, 45_000.0, 45_658.0, 73_050.0] {
            let t = date_text(s).unwrap();
            let (y, rest) = t.split_once('年').unwrap();
            let (m, rest) = rest.split_once('月').unwrap();
            let d = rest.trim_end_matches('日');
            assert_eq!(
                serial_of(y.parse().unwrap(), m.parse().unwrap(), d.parse().unwrap()),
                Some(s)
            );
        }
    }

    fn amt(v: CellValue) -> Option<String> {
        parse_amount(&v).unwrap().map(|a| a.money.to_string())
    }

    #[test]
    fn reads_amounts_in_every_spelling() {
        assert_eq!(
            amt(CellValue::Text("'190.00".trim_start_matches('\'').into())),
            Some("190.00".into())
        );
        assert_eq!(
            amt(CellValue::Text("1,234.5".into())),
            Some("1234.50".into())
        );
        assert_eq!(amt(CellValue::Text("１２３".into())), Some("123.00".into()));
        assert_eq!(
            amt(CellValue::Text("12.5万元".into())),
            Some("12.50".into())
        );
        assert_eq!(
            amt(CellValue::Text(" 12.5 \t".into())),
            Some("12.50".into())
        );
        assert_eq!(amt(CellValue::Number(63144.52)), Some("63144.52".into()));
        assert_eq!(amt(CellValue::Text("".into())), None);
        assert_eq!(amt(CellValue::Text("—".into())), None);
        let y = parse_amount(&CellValue::Text("246800元".into()))
            .unwrap()
            .unwrap();
        assert!(y.yuan);
        assert!(parse_amount(&CellValue::Text("约十万".into())).is_err());
    }

    #[test]
    fn date_cells_read_as_dates() {
        assert_eq!(CellValue::Date(45657.0).display(), "2024年12月31日");
        assert_eq!(CellValue::Date(45658.5).display(), "2025年1月1日");
        assert_eq!(CellValue::Date(1.0).display(), "1900年1月1日");
        assert_eq!(CellValue::Date(61.0).display(), "1900年3月1日");
        assert_eq!(CellValue::Date(0.5).display(), "0.5");
        assert_eq!(CellValue::Number(45657.0).display(), "45657");
    }

    #[test]
    fn percent_text_becomes_a_fraction() {
        assert_eq!(parse_number(&CellValue::Text("0.00%".into())), Some(0.0));
        assert_eq!(parse_number(&CellValue::Text("85.5%".into())), Some(0.855));
    }

    #[test]
    fn codes_stay_text_and_floats_are_caught() {
        let c = parse_code(&CellValue::Text("440306231391500000173".into())).unwrap();
        assert_eq!(c.text, "440306231391500000173");
        assert!(!c.lost_digits);
        assert!(
            parse_code(&CellValue::Number(4.403062313915e20))
                .unwrap()
                .lost_digits
        );
        assert!(
            parse_code(&CellValue::Number(2024301001001.0))
                .unwrap()
                .lost_digits
        );
        assert!(
            parse_code(&CellValue::Text("2.0243E+12".into()))
                .unwrap()
                .lost_digits
        );
        let short = parse_code(&CellValue::Number(301001.0)).unwrap();
        assert_eq!(short.text, "301001");
        assert!(!short.lost_digits);
    }
}
