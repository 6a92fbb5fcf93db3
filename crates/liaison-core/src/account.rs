//! Accounts: who may sign in to the server, and with what role. The rules of a
//! login name, a display name, a device's name and a password live here, so the
//! phone's sign-in form and the server's administration check them alike.
//!
//! Password *hashing* is the server's business (it needs randomness); this
//! module only says what a password must be.

use crate::choice::choices;
use crate::error::Collector;
use crate::{Field, FieldErrors, OrganisationId, ValidationError};
use std::fmt;

pub use crate::text::{DeviceName, DisplayName};

choices!(
    /// What a user does, which decides what they may see and do.
    Role {
        /// 党代表: fills out cards in the field.
        Representative = "representative" => RoleRepresentative,
        /// 专职联络员: keeps a studio's registers, helps representatives.
        LiaisonOfficer = "liaison_officer" => RoleLiaisonOfficer,
        /// 联络工作办公室: receives, triages and dispatches opinions.
        Office = "office" => RoleOffice,
        /// 责任单位: handles the opinions dispatched to its unit.
        UnitMember = "unit_member" => RoleUnitMember,
        /// 系统管理员: accounts, devices, organisations.
        Admin = "admin" => RoleAdmin,
    }
);

/// A login name: 3–32 characters of `a-z`, `0-9`, `_`, `.` and `-`. Input is
/// trimmed and lower-cased first (phones capitalise the first letter), so
/// `ZhangSan` and `zhangsan` are one login.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login(String);

impl Login {
    /// The fewest characters.
    pub const MIN_CHARS: usize = 3;
    /// The most characters.
    pub const MAX_CHARS: usize = 32;

    /// Parses what a user typed.
    pub fn parse(input: &str) -> Result<Login, ValidationError> {
        let login = input.trim().to_ascii_lowercase();
        if login.is_empty() {
            return Err(ValidationError::Required);
        }
        let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '.' | '-');
        if !(Self::MIN_CHARS..=Self::MAX_CHARS).contains(&login.len()) || !login.chars().all(allowed) {
            return Err(ValidationError::LoginInvalid);
        }
        Ok(Login(login))
    }

    /// The login name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Login {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Login({:?})", self.0)
    }
}

impl TryFrom<String> for Login {
    type Error = ValidationError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Login::parse(&value)
    }
}

impl From<Login> for String {
    fn from(value: Login) -> String {
        value.0
    }
}

/// A password as typed: at least 8 and at most 128 characters, kept exactly
/// (not trimmed: spaces may be part of it). Its `Debug` never shows it, and it
/// is neither serialised nor stored — the server stores only a hash.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    /// The fewest characters.
    pub const MIN_CHARS: usize = 8;
    /// The most characters (a bound on the work a sign-in costs).
    pub const MAX_CHARS: usize = 128;

    /// Checks a new password.
    pub fn parse(input: &str) -> Result<Password, ValidationError> {
        let chars = input.chars().count();
        if input.trim().is_empty() {
            Err(ValidationError::Required)
        } else if chars < Self::MIN_CHARS {
            Err(ValidationError::TooShort { min: Self::MIN_CHARS })
        } else if chars > Self::MAX_CHARS {
            Err(ValidationError::TooLong { max: Self::MAX_CHARS })
        } else {
            Ok(Password(input.to_owned()))
        }
    }

    /// The password, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A new account as an administrator fills it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAccount {
    /// The login name.
    pub login: Login,
    /// The name shown to others.
    pub name: DisplayName,
    /// What the user does.
    pub role: Role,
    /// The first password.
    pub password: Password,
    /// The organisation the user belongs to, if one was named.
    pub organisation_id: Option<OrganisationId>,
}

/// The new-account form as strings, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NewAccountInput {
    /// Login name as typed.
    pub login: String,
    /// Display name as typed.
    pub name: String,
    /// Role code.
    pub role: String,
    /// Password as typed.
    pub password: String,
    /// Organisation id, if any (empty means none).
    pub organisation_id: Option<String>,
}

impl NewAccount {
    /// Checks every field, reporting every refused one at once.
    pub fn parse(input: &NewAccountInput) -> Result<NewAccount, FieldErrors> {
        let mut errors = Collector::default();
        let login = errors.take(Field::Login, Login::parse(&input.login));
        let name = errors.take(Field::Name, DisplayName::parse(&input.name));
        let role = errors.take(Field::Role, Role::parse(&input.role));
        let password = errors.take(Field::Password, Password::parse(&input.password));
        let organisation_id = errors.take(
            Field::Organisation,
            match input.organisation_id.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(id) => id.parse::<OrganisationId>().map(Some).map_err(|_| ValidationError::IdInvalid),
            },
        );
        errors.finish()?;
        match (login, name, role, password, organisation_id) {
            (Some(login), Some(name), Some(role), Some(password), Some(organisation_id)) => {
                Ok(NewAccount { login, name, role, password, organisation_id })
            }
            _ => unreachable!("the collector reported every missing field"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_lower_cased_and_limited_to_a_small_alphabet() {
        assert_eq!(Login::parse("  ZhangSan ").unwrap().as_str(), "zhangsan");
        for ok in ["abc", "zhang.san-2_x", &"a".repeat(32)] {
            assert!(Login::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(Login::parse(" "), Err(ValidationError::Required));
        for bad in ["ab", &"a".repeat(33), "zhang san", "张三", "a@b.cn", "abc/"] {
            assert_eq!(Login::parse(bad), Err(ValidationError::LoginInvalid), "{bad}");
        }
    }

    #[test]
    fn passwords_have_a_length_rule_and_never_show() {
        assert_eq!(Password::parse("1234567"), Err(ValidationError::TooShort { min: 8 }));
        assert_eq!(Password::parse("        "), Err(ValidationError::Required));
        assert_eq!(Password::parse(&"x".repeat(129)), Err(ValidationError::TooLong { max: 128 }));
        // Counted in characters, kept exactly.
        let p = Password::parse(" 密码密码密码密码 ").unwrap();
        assert_eq!(p.expose(), " 密码密码密码密码 ");
        assert_eq!(format!("{p:?}"), "Password(…)");
    }

    #[test]
    fn roles_have_codes_and_labels() {
        assert_eq!(Role::parse("liaison_officer"), Ok(Role::LiaisonOfficer));
        assert_eq!(Role::parse("root"), Err(ValidationError::UnknownChoice));
        assert_eq!(Role::Admin.label(), liaison_i18n::Msg::RoleAdmin);
        assert_eq!(Role::ALL.len(), 5);
    }

    #[test]
    fn a_new_account_reports_every_refused_field() {
        let errors = NewAccount::parse(&NewAccountInput {
            login: "x".into(),
            name: "".into(),
            role: "boss".into(),
            password: "short".into(),
            organisation_id: Some("nope".into()),
        })
        .unwrap_err();
        let fields: Vec<Field> = errors.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::Login, Field::Name, Field::Role, Field::Password, Field::Organisation]);
        let ok = NewAccount::parse(&NewAccountInput {
            login: "Wang.Wu".into(),
            name: " 王五 ".into(),
            role: "representative".into(),
            password: "correct horse".into(),
            organisation_id: None,
        })
        .unwrap();
        assert_eq!(ok.login.as_str(), "wang.wu");
        assert_eq!(ok.name.as_str(), "王五");
    }
}
