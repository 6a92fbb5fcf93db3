//! Device tokens: 32 random bytes, base64url without padding (43 characters),
//! shown once to the device that signed in; the database holds only their
//! SHA-256 ([`TokenHash`]).

use crate::store::TokenHash;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::fmt;

/// The length of a token as sent.
pub const TOKEN_CHARS: usize = 43;

/// A device's secret. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceToken(String);

impl DeviceToken {
    /// A new random token.
    pub fn generate() -> DeviceToken {
        let mut bytes = [0u8; 32];
        OsRng.fill_bytes(&mut bytes);
        DeviceToken(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// A token as a client sent it; `None` if it cannot be one of ours.
    pub fn parse(sent: &str) -> Option<DeviceToken> {
        let ok = sent.len() == TOKEN_CHARS && URL_SAFE_NO_PAD.decode(sent).is_ok_and(|b| b.len() == 32);
        ok.then(|| DeviceToken(sent.to_owned()))
    }

    /// The token from an `Authorization: Bearer …` header value.
    pub fn from_bearer(header: &str) -> Option<DeviceToken> {
        let (scheme, token) = header.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("bearer") {
            return None;
        }
        DeviceToken::parse(token.trim())
    }

    /// What is stored and looked up.
    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0.as_bytes()).into())
    }

    /// The token, to send to the device once.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for DeviceToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DeviceToken(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_url_safe_characters_and_parse_back() {
        let token = DeviceToken::generate();
        assert_eq!(token.expose().len(), TOKEN_CHARS);
        assert!(token.expose().chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_ne!(token, DeviceToken::generate());
        let header = format!("Bearer {}", token.expose());
        assert_eq!(DeviceToken::from_bearer(&header).unwrap().hash(), token.hash());
        assert_eq!(format!("{token:?}"), "DeviceToken(…)");
    }

    #[test]
    fn anything_else_is_not_a_token() {
        let token = DeviceToken::generate();
        for bad in [
            String::new(),
            token.expose().to_owned(),
            format!("Basic {}", token.expose()),
            format!("Bearer {}x", token.expose()),
            format!("Bearer {}", &token.expose()[1..]),
            format!("Bearer {}", "+".repeat(43)),
        ] {
            assert!(DeviceToken::from_bearer(&bad).is_none(), "{bad}");
        }
    }
}
