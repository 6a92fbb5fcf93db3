//! The languages Liaison speaks.

use serde::{Deserialize, Serialize};

/// A user-interface language. Simplified Chinese is the default everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    /// Simplified Chinese (mainland China).
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    /// English.
    #[serde(rename = "en")]
    En,
}

impl Locale {
    /// Every supported locale, the default first.
    pub const ALL: [Locale; 2] = [Locale::ZhCn, Locale::En];

    /// The BCP 47 tag, as used in `<html lang>` and stored settings.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::En => "en",
        }
    }

    /// Parses a BCP 47 tag leniently (`zh`, `zh-Hans-CN`, `en-GB` …).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "zh" => Some(Locale::ZhCn),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The locale an HTTP `Accept-Language` header prefers most among the
    /// supported ones (weights `q` honoured, ties in the header's order);
    /// the default when it names none.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let Some(locale) = pieces.next().and_then(|tag| Locale::from_tag(tag.trim())) else { continue };
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(top, _)| q > top) {
                best = Some((q, locale));
            }
        }
        best.map(|(_, locale)| locale).unwrap_or_default()
    }

    /// The name of the language in itself, for a language switch.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::ZhCn => "中文",
            Locale::En => "English",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip_and_parse_leniently() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
        assert_eq!(Locale::from_tag("zh-Hans-CN"), Some(Locale::ZhCn));
        assert_eq!(Locale::from_tag("en_GB"), Some(Locale::En));
        assert_eq!(Locale::from_tag("fr"), None);
        assert_eq!(Locale::from_tag(""), None);
    }

    #[test]
    fn accept_language_picks_the_most_wanted_supported_locale() {
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Locale::En);
        assert_eq!(Locale::from_accept_language("fr-FR, zh;q=0.5, en;q=0.4"), Locale::ZhCn);
        assert_eq!(Locale::from_accept_language("zh-CN;q=0.2, en;q=0.7"), Locale::En);
        assert_eq!(Locale::from_accept_language("en;q=0, fr"), Locale::ZhCn, "q=0 means not wanted");
        assert_eq!(Locale::from_accept_language(""), Locale::ZhCn);
        assert_eq!(Locale::from_accept_language(";;,q=x,en;q=abc"), Locale::En, "a bad weight counts as 1");
    }
}
