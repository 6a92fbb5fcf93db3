//! Categories of opinions (意见类别), configurable per organisation.
//!
//! A [`Category`] is a stable code (`urban_construction`, `rural_roads` …), as
//! stored on cards and sent. Which codes a new card may use, and their names,
//! is the organisation's list, [`Categories`], part of its reference data
//! (`OrgRecordV2`). The seeds' nine categories are the preset: their names come
//! from the message catalogue. A card keeps its code even when the
//! organisation later drops that category, so stored cards stay readable.

use crate::ValidationError;
use crate::text::{CategoryName, optional};
use liaison_i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};

/// A category code: 1–32 characters of `a`–`z`, `0`–`9` and `_`, starting
/// with a letter.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Category(String);

/// The preset categories (the seeds'), with their catalogue names, in form order.
const PRESET: [(&str, Msg); 9] = [
    ("urban_construction", Msg::CategoryUrbanConstruction),
    ("economy", Msg::CategoryEconomy),
    ("education", Msg::CategoryEducation),
    ("health", Msg::CategoryHealth),
    ("environment", Msg::CategoryEnvironment),
    ("social_security", Msg::CategorySocialSecurity),
    ("public_order", Msg::CategoryPublicOrder),
    ("party_building", Msg::CategoryPartyBuilding),
    ("other", Msg::CategoryOther),
];

impl Category {
    /// The longest code.
    pub const MAX_LEN: usize = 32;

    /// Parses a code's spelling; an empty one means "not chosen". Whether the
    /// organisation offers it is [`Categories::choose`]'s question.
    pub fn parse(code: &str) -> Result<Category, ValidationError> {
        let code = code.trim();
        if code.is_empty() {
            return Err(ValidationError::Required);
        }
        let well_formed = code.len() <= Self::MAX_LEN
            && code.starts_with(|c: char| c.is_ascii_lowercase())
            && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if well_formed { Ok(Category(code.to_owned())) } else { Err(ValidationError::UnknownCategory) }
    }

    /// The stable code, as stored and sent.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// The catalogue's name for a preset category.
    pub fn preset_label(&self) -> Option<Msg> {
        PRESET.iter().find(|(code, _)| *code == self.0).map(|(_, msg)| *msg)
    }
}

impl TryFrom<String> for Category {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Category::parse(&value)
    }
}

impl From<Category> for String {
    fn from(value: Category) -> String {
        value.0
    }
}

/// One category an organisation offers, with its name in each language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryDef {
    /// Its code.
    pub code: Category,
    /// Its Chinese name.
    pub name_zh: CategoryName,
    /// Its English name; the Chinese one stands in when there is none.
    pub name_en: Option<CategoryName>,
}

impl CategoryDef {
    /// Parses one entry of an organisation's list (an empty English name is none).
    pub fn parse(code: &str, name_zh: &str, name_en: &str) -> Result<CategoryDef, ValidationError> {
        Ok(CategoryDef {
            code: Category::parse(code)?,
            name_zh: CategoryName::parse(name_zh)?,
            name_en: optional(name_en, CategoryName::parse)?,
        })
    }

    /// Its name in `locale`.
    pub fn name(&self, locale: Locale) -> &str {
        match (locale, &self.name_en) {
            (Locale::En, Some(en)) => en.as_str(),
            _ => self.name_zh.as_str(),
        }
    }
}

/// The categories an organisation offers on new cards, in the order forms list
/// them: at least one, at most [`Categories::MAX`], codes unique.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Categories(Vec<CategoryDef>);

impl Categories {
    /// The most categories a list may hold.
    pub const MAX: usize = 100;

    /// Checks a list.
    pub fn new(defs: Vec<CategoryDef>) -> Result<Categories, ValidationError> {
        if defs.is_empty() {
            return Err(ValidationError::Required);
        }
        if defs.len() > Self::MAX {
            return Err(ValidationError::TooMany { max: Self::MAX });
        }
        for (i, def) in defs.iter().enumerate() {
            if defs[..i].iter().any(|d| d.code == def.code) {
                return Err(ValidationError::DuplicateCategory);
            }
        }
        Ok(Categories(defs))
    }

    /// The seeds' nine categories, named by the catalogue.
    pub fn preset() -> Categories {
        Categories(
            PRESET
                .iter()
                .map(|(code, msg)| {
                    CategoryDef::parse(code, msg.text(Locale::ZhCn), msg.text(Locale::En))
                        .expect("the preset names fit the rules (tested)")
                })
                .collect(),
        )
    }

    /// The list.
    pub fn defs(&self) -> &[CategoryDef] {
        &self.0
    }

    /// The category a form chose: it must be one this list offers.
    pub fn choose(&self, code: &str) -> Result<Category, ValidationError> {
        let category = Category::parse(code)?;
        if self.0.iter().any(|d| d.code == category) { Ok(category) } else { Err(ValidationError::UnknownCategory) }
    }

    /// A category's name in `locale`: the organisation's, else the catalogue's
    /// for a preset code, else the code itself (a category dropped since).
    pub fn label(&self, category: &Category, locale: Locale) -> String {
        match self.0.iter().find(|d| d.code == *category) {
            Some(def) => def.name(locale).to_owned(),
            None => category.preset_label().map_or_else(|| category.code().to_owned(), |m| m.text(locale).to_owned()),
        }
    }
}

impl Default for Categories {
    fn default() -> Self {
        Categories::preset()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidationError::*;

    #[test]
    fn codes_are_checked_for_spelling_only() {
        for code in ["health", "rural_roads", "a", "x2", &"a".repeat(32)] {
            assert_eq!(Category::parse(code).map(|c| c.code().to_owned()), Ok(code.to_owned()), "{code}");
        }
        assert_eq!(Category::parse("  "), Err(Required));
        for code in ["Health", "2x", "_x", "rural-roads", "道路", "a b", &"a".repeat(33)] {
            assert_eq!(Category::parse(code), Err(UnknownCategory), "{code}");
        }
        let c = Category::parse("health").unwrap();
        assert_eq!(serde_json::to_string(&c).unwrap(), "\"health\"");
        assert!(serde_json::from_str::<Category>("\"Health\"").is_err());
    }

    #[test]
    fn a_list_offers_its_codes_and_names_them() {
        let preset = Categories::preset();
        assert_eq!(preset.defs().len(), 9);
        assert_eq!(preset.choose("health").map(|c| c.code().to_owned()), Ok("health".into()));
        assert_eq!(preset.choose("rural_roads"), Err(UnknownCategory));
        assert_eq!(preset.choose(""), Err(Required));
        let health = Category::parse("health").unwrap();
        assert_eq!(preset.label(&health, Locale::ZhCn), "医疗卫生");
        assert_eq!(preset.label(&health, Locale::En), "Health");

        let own = Categories::new(vec![
            CategoryDef::parse("rural_roads", "农村道路", "Rural roads").unwrap(),
            CategoryDef::parse("elderly_care", "养老服务", "").unwrap(),
        ])
        .unwrap();
        assert_eq!(own.choose("health"), Err(UnknownCategory));
        let roads = own.choose("rural_roads").unwrap();
        assert_eq!(own.label(&roads, Locale::ZhCn), "农村道路");
        assert_eq!(own.label(&own.choose("elderly_care").unwrap(), Locale::En), "养老服务");
        // A card of a category the organisation no longer offers keeps a name.
        assert_eq!(own.label(&health, Locale::ZhCn), "医疗卫生");
        assert_eq!(own.label(&Category::parse("dropped").unwrap(), Locale::ZhCn), "dropped");
    }

    #[test]
    fn bad_lists_are_refused() {
        let def = |code: &str| CategoryDef::parse(code, "名称", "Name").unwrap();
        assert_eq!(Categories::new(vec![]), Err(Required));
        assert_eq!(Categories::new(vec![def("a"), def("b"), def("a")]), Err(DuplicateCategory));
        assert_eq!(Categories::new((0..101).map(|i| def(&format!("c{i}"))).collect()), Err(TooMany { max: 100 }));
        assert_eq!(CategoryDef::parse("a", " ", "x"), Err(Required));
        assert_eq!(CategoryDef::parse("a", &"长".repeat(41), ""), Err(TooLong { max: 40 }));
        assert_eq!(CategoryDef::parse("a", " 名\n称 ", "").unwrap().name_zh.as_str(), "名 称");
        assert_eq!(CategoryDef::parse("A", "名称", ""), Err(UnknownCategory));
    }
}
