//! Why a policy was refused. Each variant names its catalogue message;
//! [`PolicyError::message`] fills in the rule, the numbers and the dates.

use super::rules::Rule;
use crate::OrganisationId;
use chrono::NaiveDate;
use liaison_i18n::{Locale, Msg};
use thiserror::Error;

/// One thing wrong with a policy.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PolicyError {
    /// A count below zero.
    #[error("{rule:?}: negative count {value}")]
    Negative {
        /// The rule.
        rule: Rule,
        /// The value given.
        value: i64,
    },
    /// A count above the limit.
    #[error("{rule:?}: more than {max}")]
    TooLarge {
        /// The rule.
        rule: Rule,
        /// The limit.
        max: u32,
    },
    /// A number of days outside `min..=max`.
    #[error("{rule:?}: days outside {min}..={max}")]
    DaysOutOfRange {
        /// The rule.
        rule: Rule,
        /// The least allowed.
        min: u16,
        /// The most allowed.
        max: u16,
    },
    /// Two versions take effect on the same day.
    #[error("two versions take effect on {date}")]
    DuplicateEffectiveDate {
        /// The day.
        date: NaiveDate,
    },
    /// A term whose last day is before its first.
    #[error("a term ends before it starts")]
    TermEndsBeforeStart,
    /// Two terms share days.
    #[error("terms starting {first} and {second} overlap")]
    TermsOverlap {
        /// The first day of the earlier term.
        first: NaiveDate,
        /// The first day of the later term.
        second: NaiveDate,
    },
    /// Two annual congress dates in one year.
    #[error("two annual congress dates in {year}")]
    CongressTwiceInYear {
        /// The year.
        year: i32,
    },
    /// A date that is not `YYYY-MM-DD`.
    #[error("not a date: {0:?}")]
    DateInvalid(String),
    /// An organisation id that is not a UUID.
    #[error("invalid id")]
    IdInvalid,
    /// A record of a format version this build does not know.
    #[error("unsupported format version {version}")]
    UnsupportedVersion {
        /// The version found.
        version: u32,
    },
    /// A chain of policies where one is not the next one's parent.
    #[error("the policy of {found} is not the parent ({expected:?})")]
    NotParent {
        /// The parent the child names.
        expected: Option<OrganisationId>,
        /// The organisation of the policy given as its parent.
        found: OrganisationId,
    },
}

impl PolicyError {
    /// The catalogue key.
    pub fn msg(&self) -> Msg {
        match self {
            PolicyError::Negative { .. } => Msg::PolicyNegative,
            PolicyError::TooLarge { .. } => Msg::PolicyTooLarge,
            PolicyError::DaysOutOfRange { .. } => Msg::PolicyDaysOutOfRange,
            PolicyError::DuplicateEffectiveDate { .. } => Msg::PolicyDuplicateEffectiveDate,
            PolicyError::TermEndsBeforeStart => Msg::EndBeforeStart,
            PolicyError::TermsOverlap { .. } => Msg::PolicyTermsOverlap,
            PolicyError::CongressTwiceInYear { .. } => Msg::PolicyCongressTwice,
            PolicyError::DateInvalid(_) => Msg::PolicyDateInvalid,
            PolicyError::IdInvalid => Msg::IdInvalid,
            PolicyError::UnsupportedVersion { .. } => Msg::UnsupportedVersion,
            PolicyError::NotParent { .. } => Msg::PolicyNotParent,
        }
    }

    /// The message for the user, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        let rule = |r: &Rule| r.msg().text(locale);
        match self {
            PolicyError::Negative { rule: r, .. } => self.msg().fill(locale, &[("rule", rule(r))]),
            PolicyError::TooLarge { rule: r, max } => {
                self.msg().fill(locale, &[("rule", rule(r)), ("max", &max.to_string())])
            }
            PolicyError::DaysOutOfRange { rule: r, min, max } => {
                self.msg().fill(locale, &[("rule", rule(r)), ("min", &min.to_string()), ("max", &max.to_string())])
            }
            PolicyError::DuplicateEffectiveDate { date } => self.msg().fill(locale, &[("date", &date.to_string())]),
            PolicyError::TermsOverlap { first, second } => {
                self.msg().fill(locale, &[("first", &first.to_string()), ("second", &second.to_string())])
            }
            PolicyError::CongressTwiceInYear { year } => self.msg().fill(locale, &[("year", &year.to_string())]),
            PolicyError::DateInvalid(value) => self.msg().fill(locale, &[("value", value)]),
            PolicyError::UnsupportedVersion { version } => {
                self.msg().fill(locale, &[("version", &version.to_string())])
            }
            PolicyError::TermEndsBeforeStart | PolicyError::IdInvalid | PolicyError::NotParent { .. } => {
                self.msg().text(locale).to_owned()
            }
        }
    }
}

/// Everything wrong with a policy, in the order found. Never empty.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{} problem(s) in the policy: {:?}", .0.len(), .0)]
pub struct PolicyErrors(pub Vec<PolicyError>);

impl PolicyErrors {
    /// `Ok(())` when `errors` is empty.
    pub(crate) fn check(errors: Vec<PolicyError>) -> Result<(), PolicyErrors> {
        if errors.is_empty() { Ok(()) } else { Err(PolicyErrors(errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_rule_and_the_numbers() {
        let e = PolicyError::Negative { rule: Rule::VisitsPerContact, value: -2 };
        assert_eq!(e.message(Locale::ZhCn), "每年走访每位联系对象的次数：不能为负数。");
        let e = PolicyError::DaysOutOfRange { rule: Rule::OpinionReportDays, min: 1, max: 365 };
        assert_eq!(e.message(Locale::En), "Days to report an opinion upward: between 1 and 365 days.");
        let date = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let e = PolicyError::DuplicateEffectiveDate { date };
        assert!(e.message(Locale::ZhCn).contains("2026-01-01"));
        for e in [e, PolicyError::IdInvalid, PolicyError::TermEndsBeforeStart] {
            assert!(!e.message(Locale::ZhCn).contains('{'), "{e:?}");
        }
    }
}
