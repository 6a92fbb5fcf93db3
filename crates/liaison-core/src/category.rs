//! Categories of opinions (意见类别). The wire form is a stable snake_case code,
//! so a later configurable catalogue can keep reading what is stored today.

use liaison_i18n::Msg;
use serde::{Deserialize, Serialize};

/// What an opinion is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// 城乡建设
    UrbanConstruction,
    /// 经济发展
    Economy,
    /// 教育
    Education,
    /// 医疗卫生
    Health,
    /// 生态环境
    Environment,
    /// 社会保障
    SocialSecurity,
    /// 社会治安
    PublicOrder,
    /// 党的建设
    PartyBuilding,
    /// 其他
    Other,
}

impl Category {
    /// Every category, in the order a form lists them.
    pub const ALL: [Category; 9] = [
        Category::UrbanConstruction,
        Category::Economy,
        Category::Education,
        Category::Health,
        Category::Environment,
        Category::SocialSecurity,
        Category::PublicOrder,
        Category::PartyBuilding,
        Category::Other,
    ];

    /// The stable code, as stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Category::UrbanConstruction => "urban_construction",
            Category::Economy => "economy",
            Category::Education => "education",
            Category::Health => "health",
            Category::Environment => "environment",
            Category::SocialSecurity => "social_security",
            Category::PublicOrder => "public_order",
            Category::PartyBuilding => "party_building",
            Category::Other => "other",
        }
    }

    /// Parses a code; an empty one means "not chosen".
    pub fn parse(code: &str) -> Result<Category, crate::ValidationError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(crate::ValidationError::Required);
        }
        Category::ALL.into_iter().find(|c| c.code() == code).ok_or(crate::ValidationError::UnknownCategory)
    }

    /// The category's name in the catalogue.
    pub fn label(self) -> Msg {
        match self {
            Category::UrbanConstruction => Msg::CategoryUrbanConstruction,
            Category::Economy => Msg::CategoryEconomy,
            Category::Education => Msg::CategoryEducation,
            Category::Health => Msg::CategoryHealth,
            Category::Environment => Msg::CategoryEnvironment,
            Category::SocialSecurity => Msg::CategorySocialSecurity,
            Category::PublicOrder => Msg::CategoryPublicOrder,
            Category::PartyBuilding => Msg::CategoryPartyBuilding,
            Category::Other => Msg::CategoryOther,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidationError;

    #[test]
    fn codes_round_trip_through_serde_and_parse() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Ok(c));
            assert_eq!(serde_json::to_string(&c).unwrap(), format!("\"{}\"", c.code()));
        }
        assert_eq!(Category::parse(""), Err(ValidationError::Required));
        assert_eq!(Category::parse("weather"), Err(ValidationError::UnknownCategory));
    }
}
