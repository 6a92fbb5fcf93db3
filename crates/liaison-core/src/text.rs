//! Validated text values. Each is trimmed, non-empty and within its length limit,
//! counted in characters (a Chinese character counts as one).

use crate::ValidationError;
use serde::{Deserialize, Serialize};

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, single_line = $single:expr) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The most characters allowed.
            pub const MAX_CHARS: usize = $max;

            /// Parses user input: trims it, then checks it is present and short enough.
            pub fn parse(input: &str) -> Result<Self, ValidationError> {
                normalise(input, $single, Self::MAX_CHARS).map($name)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

bounded_text!(
    /// What an opinion says (意见内容): up to 2,000 characters, line breaks kept.
    OpinionContent, max = 2000, single_line = false
);

bounded_text!(
    /// A place name (地点): one line, up to 100 characters.
    PlaceName, max = 100, single_line = true
);

bounded_text!(
    /// A person's name (姓名): one line, up to 50 characters.
    PersonName, max = 50, single_line = true
);

bounded_text!(
    /// An organisation's name (单位): one line, up to 100 characters.
    OrganisationName, max = 100, single_line = true
);

bounded_text!(
    /// The subject of a meeting (主题): one line, up to 100 characters.
    Topic, max = 100, single_line = true
);

bounded_text!(
    /// What was said at a meeting (交流内容): up to 5,000 characters, line breaks kept.
    Summary, max = 5000, single_line = false
);

bounded_text!(
    /// The name of an opinion category (类别名称): one line, up to 40 characters.
    CategoryName, max = 40, single_line = true
);

bounded_text!(
    /// A user's name as others see it (姓名 on the account): one line, up to 40 characters.
    DisplayName, max = 40, single_line = true
);

bounded_text!(
    /// The name a user gives a device when signing in on it ("张三的手机"): one line, up to 40 characters.
    DeviceName, max = 40, single_line = true
);

bounded_text!(
    /// Why something was done to a matter (理由 / 原因: sending a reply back, a
    /// close reason, why the person is not satisfied, an extension's reason):
    /// up to 500 characters, line breaks kept.
    Reason, max = 500, single_line = false
);

bounded_text!(
    /// A reply to a matter (答复), from the responsible unit or the office:
    /// up to 5,000 characters, line breaks kept.
    ReplyText, max = 5000, single_line = false
);

bounded_text!(
    /// A note on a matter: a unit's progress note (办理进展) or the office's
    /// chasing note (督办意见): up to 2,000 characters, line breaks kept.
    NoteText, max = 2000, single_line = false
);

bounded_text!(
    /// A leader's instruction on a piece of information (领导批示), with who gave
    /// it as written: up to 1,000 characters, line breaks kept.
    Instruction, max = 1000, single_line = false
);

/// An optional text field: empty is `None`, anything else must parse.
pub fn optional<T>(input: &str, parse: fn(&str) -> Result<T, ValidationError>) -> Result<Option<T>, ValidationError> {
    if input.trim().is_empty() { Ok(None) } else { parse(input).map(Some) }
}

fn normalise(input: &str, single_line: bool, max: usize) -> Result<String, ValidationError> {
    let text = if single_line {
        input.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        input.replace("\r\n", "\n").replace('\r', "\n").trim().to_owned()
    };
    // Control characters other than line breaks and tabs are never typed on purpose.
    let text: String = text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    if text.is_empty() {
        return Err(ValidationError::Required);
    }
    if text.chars().count() > max {
        return Err(ValidationError::TooLong { max });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cases() {
        let long_content = "意".repeat(2001);
        let max_content = "意".repeat(2000);
        let cases: &[(&str, Result<&str, ValidationError>)] = &[
            ("", Err(ValidationError::Required)),
            ("   \n\t ", Err(ValidationError::Required)),
            ("\u{3000}", Err(ValidationError::Required)), // full-width space
            ("  路灯坏了 ", Ok("路灯坏了")),
            ("第一行\r\n第二行", Ok("第一行\n第二行")),
            (&max_content, Ok(&max_content)),
            (&long_content, Err(ValidationError::TooLong { max: 2000 })),
        ];
        for (input, expected) in cases {
            let got = OpinionContent::parse(input);
            assert_eq!(got.as_ref().map(OpinionContent::as_str), expected.as_ref().map(|s| *s), "{input:?}");
        }
    }

    #[test]
    fn place_is_one_line() {
        assert_eq!(PlaceName::parse(" 城关镇\n 工作室 ").unwrap().as_str(), "城关镇 工作室");
        assert_eq!(PlaceName::parse(&"地".repeat(101)), Err(ValidationError::TooLong { max: 100 }));
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<PlaceName>("\"\"").is_err());
        assert_eq!(serde_json::from_str::<PlaceName>("\"村委会\"").unwrap().as_str(), "村委会");
    }

    proptest! {
        #[test]
        fn parsing_is_idempotent(input in "\\PC{0,300}") {
            if let Ok(first) = OpinionContent::parse(&input) {
                let again = OpinionContent::parse(first.as_str()).unwrap();
                prop_assert_eq!(first, again);
            }
            if let Ok(first) = PlaceName::parse(&input) {
                prop_assert!(first.as_str().chars().count() <= PlaceName::MAX_CHARS);
                prop_assert_eq!(PlaceName::parse(first.as_str()).unwrap(), first);
            }
        }
    }
}
