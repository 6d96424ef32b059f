//! The indicator taxonomy (FORMS §3.5, §5): level-1 and level-2 names and their aliases.

use crate::label::normalized;

/// Level-1 categories of both frameworks: 产出/效益/满意度 (project cards) and 投入/过程/产出/效果
/// (unit-wide cards), plus 成本 as a level-1 in the 2021 national framework.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level1 {
    Output,
    Benefit,
    Satisfaction,
    Cost,
    Input,
    Process,
    Effect,
}

impl Level1 {
    pub fn name(self) -> &'static str {
        match self {
            Level1::Output => "产出指标",
            Level1::Benefit => "效益指标",
            Level1::Satisfaction => "满意度指标",
            Level1::Cost => "成本指标",
            Level1::Input => "投入指标",
            Level1::Process => "过程指标",
            Level1::Effect => "效果指标",
        }
    }

    /// Recognises a level-1 name after normalisation (`产出` = `产出指标`).
    pub fn parse(s: &str) -> Option<Level1> {
        let t = normalized(s);
        let t = t.strip_suffix("指标").unwrap_or(&t);
        Some(match t {
            "产出" => Level1::Output,
            "效益" => Level1::Benefit,
            "满意度" => Level1::Satisfaction,
            "成本" => Level1::Cost,
            "投入" => Level1::Input,
            "过程" => Level1::Process,
            "效果" => Level1::Effect,
            _ => return None,
        })
    }

    /// The unit-wide framework's own categories, whose level-2 names vary by region.
    pub fn is_overall_framework(self) -> bool {
        matches!(self, Level1::Input | Level1::Process | Level1::Effect)
    }

    /// Names offered in template dropdowns.
    pub const PROJECT: &'static [Level1] = &[Level1::Output, Level1::Benefit, Level1::Satisfaction];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level2 {
    Quantity,
    Quality,
    Timeliness,
    Cost,
    EconomicCost,
    SocialCost,
    EcoCost,
    EconomicBenefit,
    SocialBenefit,
    EcoBenefit,
    Sustainability,
    ServiceSatisfaction,
    OtherSatisfaction,
}

impl Level2 {
    pub fn name(self) -> &'static str {
        match self {
            Level2::Quantity => "数量指标",
            Level2::Quality => "质量指标",
            Level2::Timeliness => "时效指标",
            Level2::Cost => "成本指标",
            Level2::EconomicCost => "经济成本指标",
            Level2::SocialCost => "社会成本指标",
            Level2::EcoCost => "生态环境成本指标",
            Level2::EconomicBenefit => "经济效益指标",
            Level2::SocialBenefit => "社会效益指标",
            Level2::EcoBenefit => "生态效益指标",
            Level2::Sustainability => "可持续影响指标",
            Level2::ServiceSatisfaction => "服务对象满意度指标",
            Level2::OtherSatisfaction => "其他满意度指标",
        }
    }

    pub fn parse(s: &str) -> Option<Level2> {
        let t = normalized(s);
        let t = t.strip_suffix("指标").unwrap_or(&t);
        Some(match t {
            "数量" => Level2::Quantity,
            "质量" => Level2::Quality,
            "时效" => Level2::Timeliness,
            "成本" => Level2::Cost,
            "经济成本" => Level2::EconomicCost,
            "社会成本" => Level2::SocialCost,
            "生态环境成本" | "环境成本" | "生态成本" => Level2::EcoCost,
            "经济效益" => Level2::EconomicBenefit,
            "社会效益" => Level2::SocialBenefit,
            "生态效益" | "环境效益" | "生态环境效益" => Level2::EcoBenefit,
            "可持续影响" | "可持续发展" => Level2::Sustainability,
            "服务对象满意度" | "社会公众或服务对象满意度" | "社会公众满意度" => {
                Level2::ServiceSatisfaction
            }
            "其他满意度" => Level2::OtherSatisfaction,
            _ => return None,
        })
    }

    /// The level-1 category this level-2 belongs to in the project framework.
    pub fn parents(self) -> &'static [Level1] {
        match self {
            Level2::Quantity | Level2::Quality | Level2::Timeliness => &[Level1::Output],
            Level2::Cost | Level2::EconomicCost | Level2::SocialCost | Level2::EcoCost => {
                &[Level1::Output, Level1::Cost]
            }
            Level2::EconomicBenefit
            | Level2::SocialBenefit
            | Level2::EcoBenefit
            | Level2::Sustainability => &[Level1::Benefit, Level1::Effect],
            Level2::ServiceSatisfaction | Level2::OtherSatisfaction => {
                &[Level1::Satisfaction, Level1::Effect]
            }
        }
    }

    pub fn is_cost(self) -> bool {
        matches!(
            self,
            Level2::Cost | Level2::EconomicCost | Level2::SocialCost | Level2::EcoCost
        )
    }

    /// Level-2 names offered under a level-1 in template dropdowns.
    pub fn children(l1: Level1) -> &'static [Level2] {
        match l1 {
            Level1::Output => &[
                Level2::Quantity,
                Level2::Quality,
                Level2::Timeliness,
                Level2::Cost,
            ],
            Level1::Cost => &[Level2::EconomicCost, Level2::SocialCost, Level2::EcoCost],
            Level1::Benefit => &[
                Level2::EconomicBenefit,
                Level2::SocialBenefit,
                Level2::EcoBenefit,
                Level2::Sustainability,
            ],
            Level1::Satisfaction => &[Level2::ServiceSatisfaction, Level2::OtherSatisfaction],
            Level1::Input | Level1::Process | Level1::Effect => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_resolve_both_ways() {
        assert_eq!(Level1::parse("产出"), Some(Level1::Output));
        assert_eq!(Level1::parse("产出指标"), Some(Level1::Output));
        assert_eq!(Level1::parse("满意度指标 "), Some(Level1::Satisfaction));
        assert_eq!(Level1::parse("产品"), None);
        assert_eq!(Level2::parse("数量"), Some(Level2::Quantity));
        assert_eq!(Level2::parse("环境效益指标"), Some(Level2::EcoBenefit));
        assert_eq!(
            Level2::parse("社会公众或服务对象满意度指标"),
            Some(Level2::ServiceSatisfaction)
        );
        assert_eq!(Level2::parse("经济成本指标"), Some(Level2::EconomicCost));
        assert!(Level2::EconomicCost.is_cost());
        assert_eq!(Level2::parse("其他满意度"), Some(Level2::OtherSatisfaction));
    }
}
