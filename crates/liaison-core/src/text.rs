//! Validated text values. Each is trimmed, non-empty and within its length limit,
//! counted in characters (a Chinese character counts as one).

use crate::ValidationError;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
                normalise(Cow::Borrowed(input), $single, Self::MAX_CHARS).map($name)
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValidationError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                normalise(Cow::Owned(value), $single, Self::MAX_CHARS).map($name)
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

/// `input` trimmed, its line breaks made `\n` (or, for one line, every run of
/// white space one space), without control characters; then checked. Text
/// that is so already — nearly all of it, and all of a record read back — is
/// only checked, and kept as it came: a sync of 10,000 cards reads 10,000
/// contents.
fn normalise(input: Cow<'_, str>, single_line: bool, max: usize) -> Result<String, ValidationError> {
    let text = if is_normal(&input, single_line) { input.into_owned() } else { rewrite(&input, single_line) };
    if text.is_empty() {
        return Err(ValidationError::Required);
    }
    if text.chars().count() > max {
        return Err(ValidationError::TooLong { max });
    }
    Ok(text)
}

/// What [`normalise`] makes of `input`, before its checks.
fn rewrite(input: &str, single_line: bool) -> String {
    let text = if single_line {
        input.split_whitespace().collect::<Vec<_>>().join(" ")
    } else {
        input.replace("\r\n", "\n").replace('\r', "\n").trim().to_owned()
    };
    // Control characters other than line breaks and tabs are never typed on purpose.
    text.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect()
}

/// Whether [`rewrite`] would give `input` back unchanged.
fn is_normal(input: &str, single_line: bool) -> bool {
    if input.trim().len() != input.len() {
        return false;
    }
    if single_line {
        // One space between words, no other white space, no control characters.
        let mut space = false;
        input.chars().all(|c| {
            let ok = if c.is_whitespace() { c == ' ' && !space } else { !c.is_control() };
            space = c == ' ';
            ok
        })
    } else {
        // No `\r`, and no control characters but `\n` and `\t`, looked for
        // byte by byte: they are U+0000–U+001F, U+007F (one byte each) and
        // U+0080–U+009F (0xC2 then 0x80–0x9F). One pass over every byte
        // without branches first (the compiler makes it wide); the exact
        // look only when it saw a byte that may begin one.
        let bytes = input.as_bytes();
        let maybe = |b: u8| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F || b == 0xC2;
        if !bytes.iter().fold(false, |seen, &b| seen | maybe(b)) {
            return true;
        }
        !bytes
            .iter()
            .enumerate()
            .any(|(i, &b)| maybe(b) && (b != 0xC2 || bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n))))
    }
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

    #[test]
    fn text_already_normal_is_kept_and_any_other_rewritten() {
        for (input, normal) in [
            ("路灯坏了", true),
            ("第一行\n\t第二行", true),
            ("阿卜杜·热合曼", true),
            (" 路灯", false),
            ("路灯\u{3000}", false),
            ("第一行\r\n第二行", false),
            ("路\u{0}灯", false),
            ("路\u{7f}灯", false),
            ("路\u{85}灯", false),
            ("路\u{9f}灯", false),
            ("é\u{a0}", false),
        ] {
            assert_eq!(is_normal(input, false), normal, "{input:?}");
        }
        for (input, normal) in [
            ("城关镇 工作室", true),
            ("城关镇  工作室", false),
            ("城关镇\t工作室", false),
            ("城关镇\u{3000}工作室", false),
        ] {
            assert_eq!(is_normal(input, true), normal, "{input:?}");
        }
    }

    proptest! {
        #[test]
        fn text_called_normal_is_what_the_rewrite_gives(
            input in "(\\PC|[ \t\r\n\u{0}-\u{1f}\u{7f}-\u{a0}\u{3000}]){0,40}",
            single_line in any::<bool>(),
        ) {
            if is_normal(&input, single_line) {
                prop_assert_eq!(rewrite(&input, single_line), input);
            }
        }

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
