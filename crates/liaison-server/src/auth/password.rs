//! Password hashes: argon2id with the crate's default (OWASP) parameters, as
//! PHC strings, with a random salt from the OS. Hashing is slow on purpose, so
//! callers run it on a blocking thread.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use liaison_core::account::Password;
use std::sync::OnceLock;

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// The PHC string of a new password (`$argon2id$v=19$…`).
pub fn hash(password: &Password) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(argon2().hash_password(password.expose().as_bytes(), &salt)?.to_string())
}

/// Whether `password` matches the stored PHC string. A hash that cannot be
/// read matches nothing (and is logged).
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(hash) => argon2().verify_password(password.as_bytes(), &hash).is_ok(),
        Err(error) => {
            tracing::error!(%error, "a stored password hash cannot be read");
            false
        }
    }
}

/// Spends the time of one verification, for a login that does not exist, so
/// that the answer's timing does not tell which logins exist.
pub fn verify_nothing(password: &str) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        let password = Password::parse("not anyone's password").expect("a valid password");
        hash(&password).expect("hashing a constant")
    });
    let _ = verify(password, dummy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_salted_and_verifies_only_its_password() {
        let password = Password::parse("正确的马电池订书钉").unwrap();
        let first = hash(&password).unwrap();
        let second = hash(&password).unwrap();
        assert!(first.starts_with("$argon2id$v=19$"), "{first}");
        assert_ne!(first, second, "salted");
        assert!(verify("正确的马电池订书钉", &first));
        assert!(!verify("正确的马电池订书", &first));
        assert!(!verify("anything", "not a phc string"));
    }
}
