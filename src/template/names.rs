//! Names that every program accepts: file names safe on Windows, macOS and Linux whatever a
//! unit's name holds, and sheet names Excel takes (31 characters, no `[]:*?/\`, unique).

use std::collections::HashSet;

/// Characters a file name may not hold on one of the three systems (Windows is the strictest),
/// mapped to their full-width look-alikes so that a name stays readable.
fn file_char(c: char) -> Option<char> {
    Some(match c {
        '/' => '／',
        '\\' => '＼',
        ':' => '：',
        '*' => '＊',
        '?' => '？',
        '"' => '＂',
        '<' => '＜',
        '>' => '＞',
        '|' => '｜',
        c if c.is_control() => return None,
        c => c,
    })
}

/// One component of a file name: forbidden characters replaced, control characters dropped,
/// white space collapsed, at most `max_chars` characters, no leading or trailing dot or space
/// (Windows drops them silently).
pub fn file_component(s: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        let Some(c) = file_char(c) else { continue };
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    let out: String = out.chars().take(max_chars).collect();
    out.trim_matches(|c: char| c == '.' || c == ' ').to_string()
}

/// `<单位编码>_<单位名称>_<年度><表名>.xlsx`. The unit's name is cut to 30 characters so that the
/// whole name stays well under the 255-byte limit of Linux and macOS file systems and inside
/// Windows' 260-character paths.
pub fn workbook_file_name(unit_code: &str, unit_name: &str, stage: &str) -> String {
    let code = file_component(unit_code, 30);
    let name = file_component(unit_name, 30);
    let code = if code.is_empty() {
        "无编码".into()
    } else {
        code
    };
    let name = if name.is_empty() {
        "未命名单位".into()
    } else {
        name
    };
    format!("{code}_{name}_{}.xlsx", file_component(stage, 60))
}

/// Excel's limit on a sheet name, in UTF-16 code units.
pub const SHEET_NAME_MAX: usize = 31;

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Cuts a text to at most `max` UTF-16 units.
fn cut_utf16(s: &str, max: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    for c in s.chars() {
        n += c.len_utf16();
        if n > max {
            break;
        }
        out.push(c);
    }
    out
}

/// A sheet name Excel accepts: the characters it refuses become full-width look-alikes, no
/// apostrophe at either end, at most 31 characters.
pub fn sheet_name(s: &str) -> String {
    let mapped: String = s
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '[' => '［',
            ']' => '］',
            ':' => '：',
            '*' => '＊',
            '?' => '？',
            '/' => '／',
            '\\' => '＼',
            c => c,
        })
        .collect();
    let t = mapped.trim().trim_matches('\'');
    cut_utf16(t, SHEET_NAME_MAX)
        .trim_end_matches('\'')
        .trim()
        .to_string()
}

/// Gives out sheet names, unique within one workbook (Excel compares them ignoring case).
#[derive(Default)]
pub struct SheetNames {
    used: HashSet<String>,
}

impl SheetNames {
    /// Reserves a fixed name (`填报说明`, the metadata sheet).
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_lowercase());
    }

    /// A unique valid name close to `wanted`: `(2)`, `(3)`… replace the end when taken.
    pub fn take(&mut self, wanted: &str) -> String {
        let base = sheet_name(wanted);
        let base = if base.is_empty() || base.eq_ignore_ascii_case("history") {
            format!("{base}表")
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while self.used.contains(&name.to_lowercase()) {
            let suffix = format!("({n})");
            name = format!(
                "{}{suffix}",
                cut_utf16(&base, SHEET_NAME_MAX - utf16_len(&suffix))
            );
            n += 1;
        }
        self.used.insert(name.to_lowercase());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_survive_hostile_unit_names() {
        let cases = [
            (
                "301001",
                "区教育/体育局",
                "301001_区教育／体育局_2024年度表.xlsx",
            ),
            ("301002", "  A:B*C?  ", "301002_A：B＊C？_2024年度表.xlsx"),
            ("", "..区\u{7}局. ", "无编码_区局_2024年度表.xlsx"),
            (
                "301003",
                "区<一>|\"二\"\\三",
                "301003_区＜一＞｜＂二＂＼三_2024年度表.xlsx",
            ),
        ];
        for (code, name, want) in cases {
            assert_eq!(workbook_file_name(code, name, "2024年度表"), want);
        }
        let long = "很".repeat(200);
        let f = workbook_file_name("301004", &long, "2024年度项目支出绩效目标执行监控表");
        assert!(f.len() < 200, "{} bytes", f.len());
        assert!(f.ends_with(".xlsx"));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut names = SheetNames::default();
        names.reserve("填报说明");
        let long = "区义务教育阶段学生营养改善计划配套资金（含农村学校与城区学校）项目";
        let a = names.take(long);
        let b = names.take(long);
        assert!(utf16_len(&a) <= 31 && utf16_len(&b) <= 31);
        assert_ne!(a, b);
        assert!(b.ends_with("(2)"));
        assert_eq!(names.take("a/b[c]:d*e?f\\g"), "a／b［c］：d＊e？f＼g");
        assert_eq!(names.take("'引号'"), "引号");
        assert_eq!(names.take("填报说明"), "填报说明(2)");
        assert_eq!(names.take("History"), "History表");
        // A character outside the BMP counts two UTF-16 units.
        let emoji = "𠀀".repeat(20);
        assert_eq!(utf16_len(&names.take(&emoji)), 30);
        for n in [&a, &b] {
            rust_xlsxwriter::Worksheet::new()
                .set_name(n)
                .expect("Excel accepts the name");
        }
    }
}
