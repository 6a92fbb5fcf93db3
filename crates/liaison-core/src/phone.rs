//! Mainland China mobile numbers (手机号).

use crate::ValidationError;
use serde::{Deserialize, Serialize};

/// An 11-digit mainland mobile number, `1[3-9]xxxxxxxxx`, stored without spaces
/// or country code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobilePhone(String);

impl MobilePhone {
    /// Parses a number as people write it: spaces, hyphens, a `+86`/`0086`
    /// prefix and full-width digits are accepted.
    pub fn parse(input: &str) -> Result<MobilePhone, ValidationError> {
        let digits: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}' | '(' | ')'))
            .map(|c| match c {
                '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
                '＋' => '+',
                _ => c,
            })
            .collect();
        if digits.is_empty() {
            return Err(ValidationError::Required);
        }
        let national = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
        let bytes = national.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid { Ok(MobilePhone(national.to_owned())) } else { Err(ValidationError::PhoneInvalid) }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****1234`: for screens where the full number must not show.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl TryFrom<String> for MobilePhone {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        MobilePhone::parse(&value)
    }
}

impl From<MobilePhone> for String {
    fn from(value: MobilePhone) -> String {
        value.0
    }
}

/// An optional phone field: empty is fine, anything else must be a valid number.
pub fn parse_optional_phone(input: &str) -> Result<Option<MobilePhone>, ValidationError> {
    if input.trim().is_empty() { Ok(None) } else { MobilePhone::parse(input).map(Some) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn cases() {
        let ok = |input: &str, want: &str| assert_eq!(MobilePhone::parse(input).unwrap().as_str(), want, "{input}");
        ok("13812345678", "13812345678");
        ok("138 1234 5678", "13812345678");
        ok("138-1234-5678", "13812345678");
        ok("+86 138 1234 5678", "13812345678");
        ok("008613812345678", "13812345678");
        ok("１３８１２３４５６７８", "13812345678");
        ok("19912345678", "19912345678");
        for bad in ["1381234567", "138123456789", "12812345678", "23812345678", "0571-88888888", "138abc45678"] {
            assert_eq!(MobilePhone::parse(bad), Err(ValidationError::PhoneInvalid), "{bad}");
        }
        assert_eq!(MobilePhone::parse("  "), Err(ValidationError::Required));
        assert_eq!(parse_optional_phone(" "), Ok(None));
        assert_eq!(MobilePhone::parse("13812345678").unwrap().masked(), "138****5678");
    }

    proptest! {
        #[test]
        fn never_panics_and_valid_numbers_round_trip(s in "\\PC{0,20}", n in 13_000_000_000u64..20_000_000_000) {
            let _ = MobilePhone::parse(&s);
            let text = n.to_string();
            if let Ok(phone) = MobilePhone::parse(&text) {
                prop_assert_eq!(MobilePhone::parse(phone.as_str()), Ok(phone.clone()));
                prop_assert_eq!(phone.as_str(), text);
            }
        }
    }
}
