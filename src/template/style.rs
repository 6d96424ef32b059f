//! The look of a template: grey labels, yellow input cells (unlocked), green computed cells,
//! white pre-filled cells (locked). One place, so every card looks the same.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Input cells: the colour units learn to look for.
pub const INPUT_FILL: u32 = 0xFFF2CC;
const LABEL_FILL: u32 = 0xEDEDED;
const CAPTION_FILL: u32 = 0xDDEBF7;
const FORMULA_FILL: u32 = 0xE2EFDA;
pub const FONT: &str = "宋体";
pub const MONEY: &str = "#,##0.00";

pub struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub caption: Format,
    pub label: Format,
    pub fixed: Format,
    pub fixed_long: Format,
    pub fixed_code: Format,
    pub fixed_money: Format,
    pub fixed_score: Format,
    pub blank: Format,
    pub input: Format,
    pub input_long: Format,
    pub input_code: Format,
    pub input_money: Format,
    pub input_tick: Format,
    pub input_score: Format,
    pub formula_rate: Format,
    pub formula_score: Format,
    pub formula_money: Format,
    pub footer_label: Format,
    pub footer_input: Format,
    /// The 填报说明 sheet.
    pub guide_title: Format,
    pub guide_heading: Format,
    pub guide_text: Format,
    pub guide_header: Format,
    pub guide_cell: Format,
}

impl Default for Styles {
    fn default() -> Self {
        let base = Format::new()
            .set_font_name(FONT)
            .set_font_size(10.5)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let boxed = base.clone().set_border(FormatBorder::Thin);
        let input = boxed
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(INPUT_FILL));
        let formula = boxed
            .clone()
            .set_background_color(Color::RGB(FORMULA_FILL))
            .set_align(FormatAlign::Right);
        Styles {
            title: base
                .clone()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center),
            subtitle: base
                .clone()
                .set_font_size(11)
                .set_align(FormatAlign::Center),
            caption: boxed
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(CAPTION_FILL))
                .set_align(FormatAlign::Center),
            label: boxed
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_align(FormatAlign::Center),
            fixed: boxed.clone().set_indent(1),
            fixed_long: boxed.clone().set_indent(1).set_align(FormatAlign::Top),
            fixed_code: boxed.clone().set_indent(1).set_num_format("@"),
            fixed_money: boxed
                .clone()
                .set_indent(1)
                .set_num_format(MONEY)
                .set_align(FormatAlign::Right),
            fixed_score: boxed
                .clone()
                .set_num_format("0.00")
                .set_align(FormatAlign::Center),
            blank: boxed,
            input: input.clone().set_indent(1),
            input_long: input.clone().set_indent(1).set_align(FormatAlign::Top),
            input_code: input.clone().set_indent(1).set_num_format("@"),
            input_money: input
                .clone()
                .set_indent(1)
                .set_num_format(MONEY)
                .set_align(FormatAlign::Right),
            input_tick: input.clone().set_align(FormatAlign::Center),
            input_score: input.set_num_format("0.00").set_align(FormatAlign::Center),
            formula_rate: formula.clone().set_num_format("0.00%"),
            formula_score: formula.clone().set_num_format("0.00"),
            formula_money: formula.set_indent(1).set_num_format(MONEY),
            footer_label: base.clone().set_align(FormatAlign::Right),
            footer_input: base
                .clone()
                .set_unlocked()
                .set_background_color(Color::RGB(INPUT_FILL))
                .set_border_bottom(FormatBorder::Thin),
            guide_title: base
                .clone()
                .set_font_size(15)
                .set_bold()
                .set_align(FormatAlign::Center),
            guide_heading: base.clone().set_font_size(11.5).set_bold(),
            guide_text: base.clone(),
            guide_header: base
                .clone()
                .set_bold()
                .set_border(FormatBorder::Thin)
                .set_background_color(Color::RGB(CAPTION_FILL))
                .set_align(FormatAlign::Center),
            guide_cell: base.set_border(FormatBorder::Thin),
        }
    }
}
