//! Label normalisation (FORMS §3.3): units space labels out, export them with full-width
//! brackets, add `（万元）` or `(10分)`; all of that must compare equal.

use std::borrow::Cow;

/// One character folded to half width (`１` → `1`, `（` → `(`, U+3000 → space).
fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        _ => c,
    }
}

/// White space, including U+3000 and U+2002, and the zero-width characters.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}')
}

/// Folds full-width ASCII (`１２３`, `（`, `：`) to half-width.
pub fn fold_width(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// Removes all white space, including U+3000, U+2002 and zero-width characters.
pub fn strip_space(s: &str) -> String {
    s.chars().filter(|&c| !is_space(c)).collect()
}

/// Width folded and spaces removed, in one pass: the text itself when that changes nothing,
/// else one allocation.
fn folded_compact(s: &str) -> Cow<'_, str> {
    let mut t: Option<String> = None;
    // Runs of characters that stay as they are are copied whole.
    let mut run = 0;
    for (i, c) in s.char_indices() {
        // Most characters are Chinese or printable ASCII: neither folds nor is a space.
        if c.is_ascii_graphic() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            continue;
        }
        let f = fold_char(c);
        if f == c && !is_space(c) {
            continue;
        }
        let t = t.get_or_insert_with(|| String::with_capacity(s.len()));
        t.push_str(&s[run..i]);
        run = i + c.len_utf8();
        if !is_space(f) {
            t.push(f);
        }
    }
    match t {
        None => Cow::Borrowed(s),
        Some(mut t) => {
            t.push_str(&s[run..]);
            Cow::Owned(t)
        }
    }
}

/// The first two characters of [`normalized`]`(s)`, told without working it out, or `None` when
/// they cannot be: fewer than two characters, a leading `其中` or `1` (a prefix dropped, a month
/// range rewritten), or a bracketed note or colons from the second character on (cut off).
pub fn normalized_head(s: &str) -> Option<[char; 2]> {
    let mut chars = s.chars().map(fold_char).filter(|&c| !is_space(c));
    let (a, b) = (chars.next()?, chars.next()?);
    if matches!(a, '其' | '1') || matches!(b, '(' | ':') {
        return None;
    }
    Some([a, b])
}

/// The canonical form of a label: no spaces, half-width punctuation, no trailing colon, no
/// trailing bracketed note (`（万元）`, `(10分)`, `（盖章）`, `（跨度多年的项目需填）`), no leading `其中：`.
pub fn normalize(s: &str) -> String {
    normalized(s).into_owned()
}

/// [`normalize`] without a copy when the text is already in its normal form (most of a card's
/// texts: names, targets, values), else with one. It runs on every text cell of every card.
/// A step added here that changes a text's first two characters must be named in
/// [`normalized_head`]'s exceptions (the reader skips texts by their head).
pub fn normalized(s: &str) -> Cow<'_, str> {
    let mut t = folded_compact(s);
    let end = without_notes(&t).len();
    if end < t.len() {
        t.to_mut().truncate(end);
    }
    if t.contains('月')
        && let Some((start, end, _)) = month_range(&t)
    {
        t.to_mut().replace_range(start..end, "1-N月");
    }
    for prefix in ["其中:", "其中"] {
        if t.starts_with(prefix) {
            if t.len() > prefix.len() {
                t.to_mut().replace_range(..prefix.len(), "");
            }
            break;
        }
    }
    t
}

/// `t` without its trailing colons and bracketed notes, as many as follow one another.
fn without_notes(mut t: &str) -> &str {
    loop {
        let before = t.len();
        t = t.trim_end_matches(':');
        if t.ends_with(')')
            && let Some(open) = matching_open(t)
            && open > 0
        {
            t = &t[..open];
        }
        if t.len() == before {
            return t;
        }
    }
}

/// [`normalize`] of a label the program itself spells (a form's aliases, titles, captions):
/// worked out once per thread and kept, since the same few hundred labels are compared with
/// every card.
pub fn canon(label: &'static str) -> &'static str {
    use std::cell::RefCell;
    thread_local! {
        static KNOWN: RefCell<rustc_hash::FxHashMap<(usize, usize), &'static str>> =
            RefCell::default();
    }
    KNOWN.with(|known| {
        *known
            .borrow_mut()
            .entry((label.as_ptr() as usize, label.len()))
            .or_insert_with(|| Box::leak(normalize(label).into_boxed_str()))
    })
}

/// Finds `1-N月` in a text: byte range of the match and N.
fn month_range(t: &str) -> Option<(usize, usize, u32)> {
    let chars: Vec<(usize, char)> = t.char_indices().collect();
    for i in 0..chars.len() {
        if chars[i].1 != '1' || (i > 0 && chars[i - 1].1.is_ascii_digit()) {
            continue;
        }
        let Some(&(_, sep)) = chars.get(i + 1) else {
            continue;
        };
        if !matches!(sep, '-' | '－' | '—' | '~' | '～' | '至' | '到' | '–') {
            continue;
        }
        let mut j = i + 2;
        let mut n = 0u32;
        while j < chars.len() && chars[j].1.is_ascii_digit() && j < i + 4 {
            n = n * 10 + chars[j].1.to_digit(10).unwrap_or(0);
            j += 1;
        }
        if j > i + 2 && chars.get(j).is_some_and(|c| c.1 == '月') && (1..=12).contains(&n) {
            let end = chars.get(j + 1).map(|c| c.0).unwrap_or(t.len());
            return Some((chars[i].0, end, n));
        }
    }
    None
}

/// The month N of a `1-N月` label (`1-7月执行数` → 7).
pub fn month_of(label: &str) -> Option<u32> {
    month_range(&folded_compact(label)).map(|(_, _, n)| n)
}

/// Byte index of the `(` that closes with the final `)`, honouring nesting.
fn matching_open(t: &str) -> Option<usize> {
    let mut depth = 0i32;
    for (i, c) in t.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Normalised text for comparing names (units, projects): spaces and width folded, brackets
/// unified, but nothing dropped.
pub fn name_key(s: &str) -> String {
    folded_compact(s).into_owned()
}

/// A cell value as text for the output: trimmed of the tabs and newlines units leave behind.
pub fn clean_text(s: &str) -> String {
    clean_str(s).to_string()
}

/// [`clean_text`] without the copy.
pub fn clean_str(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{2002}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_already_normal_is_not_copied() {
        for s in [
            "项目名称",
            "群众满意度≥95%",
            "项目名称：",
            "项 目",
            "预算执行情况(10分)",
            "其中财政拨款",
            "1-6月执行数",
            "７月",
            "【说明】",
            "",
            "N/A",
            "执行率(B/A)",
        ] {
            let n = normalized(s);
            assert_eq!(n, normalize(s), "{s:?}");
            assert_eq!(matches!(n, std::borrow::Cow::Borrowed(_)), n == s, "{s:?}");
        }
    }

    #[test]
    fn normalises_real_label_spellings() {
        let cases = [
            ("项目名称：", "项目名称"),
            ("项 目 名 称", "项目名称"),
            ("项\u{3000}目名称:", "项目名称"),
            ("本年度项目金额（万元）：", "本年度项目金额"),
            ("年度资金总额（万元）", "年度资金总额"),
            ("实施单位（盖章）", "实施单位"),
            ("长期目标（跨度多年的项目需填）：", "长期目标"),
            ("预算执行情况(10分)", "预算执行情况"),
            ("执行率（B/A）", "执行率"),
            ("其中：财政拨款", "财政拨款"),
            ("其中:当年财政拨款", "当年财政拨款"),
            ("部门（单位）名称", "部门(单位)名称"),
            (
                "部门（单位）整体支出绩效目标申报表",
                "部门(单位)整体支出绩效目标申报表",
            ),
            ("（2024年度）", "(2024年度)"),
            ("指标值\u{2002}", "指标值"),
            ("项目总金额（中期规划，万元）：", "项目总金额"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize(raw), want, "{raw:?}");
        }
    }

    #[test]
    fn month_ranges_fold_to_n() {
        assert_eq!(normalize("1-7月执行数"), "1-N月执行数");
        assert_eq!(normalize("1至6月执行率（%）"), "1-N月执行率");
        assert_eq!(normalize("1－12月执行情况"), "1-N月执行情况");
        assert_eq!(month_of("1-7月执行数"), Some(7));
        assert_eq!(month_of("1～10月执行数"), Some(10));
        assert_eq!(month_of("11-7月"), None);
        assert_eq!(month_of("全年执行数"), None);
    }

    #[test]
    fn folds_and_compacts_in_one_pass() {
        assert_eq!(
            name_key(" 区　第一 中学（本级）\u{200B}"),
            "区第一中学(本级)"
        );
        assert_eq!(name_key("【通知】ａ b"), "[通知]ab");
        assert_eq!(name_key(""), "");
    }

    #[test]
    fn folds_full_width_digits() {
        assert_eq!(fold_width("１２３．５"), "123.5");
    }
}
