//! The one message catalogue: every string a user can see, in Simplified Chinese
//! (the default) and English.
//!
//! Keys are a Rust enum, so a missing translation or a typo in a key does not
//! compile. Texts may hold named placeholders (`{max}`) filled by [`Msg::fill`].
//! Domain errors in `liaison-core` name their key; the app and the server turn
//! keys into text at the edge, in the user's language.

mod catalogue;
mod locale;

pub use catalogue::Msg;
pub use locale::Locale;

impl Msg {
    /// This message in `locale`, with every `{name}` placeholder replaced by its value.
    /// Unknown placeholders are left as they are, so a mistake shows instead of vanishing.
    pub fn fill(self, locale: Locale, args: &[(&str, &str)]) -> String {
        let mut text = self.text(locale).to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut names: Vec<&str> =
            text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_placeholders() {
        for msg in Msg::ALL {
            let zh = msg.text(Locale::ZhCn);
            let en = msg.text(Locale::En);
            assert!(!zh.trim().is_empty(), "{msg:?} has no Chinese text");
            assert!(!en.trim().is_empty(), "{msg:?} has no English text");
            assert_eq!(placeholders(zh), placeholders(en), "{msg:?}");
        }
    }

    #[test]
    fn chinese_texts_are_chinese() {
        // A message left in English in the zh-CN column is a translation bug.
        for msg in Msg::ALL {
            let zh = msg.text(Locale::ZhCn);
            // Han characters, or the full-width punctuation a Chinese text uses (：，。).
            let has_han = zh.chars().any(|c| {
                ('\u{4e00}'..='\u{9fff}').contains(&c)
                    || ('\u{3000}'..='\u{303f}').contains(&c)
                    || ('\u{ff00}'..='\u{ffef}').contains(&c)
            });
            assert!(has_han || msg.is_language_neutral(), "{msg:?}: {zh}");
        }
    }

    #[test]
    fn keys_are_unique_and_stable() {
        let mut keys: Vec<&str> = Msg::ALL.iter().map(|m| m.key()).collect();
        let count = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), count);
        assert_eq!(Msg::from_key("required"), Some(Msg::Required));
        assert_eq!(Msg::from_key("no_such_key"), None);
    }

    #[test]
    fn fill_replaces_named_placeholders() {
        assert_eq!(Msg::TooLong.fill(Locale::En, &[("max", "2000")]), "At most 2000 characters.");
        assert_eq!(Msg::TooLong.fill(Locale::ZhCn, &[("max", "2000")]), "不能超过 2000 个字。");
    }
}
