//! The rules a pairing is judged by, one set per organisation (the nearest
//! organisation up the tree that set them wins; none set: the seed's
//! preset). Kept apart from the representatives' duty policy on purpose: a
//! department's obligations are not a representative's.

use crate::duty::rules::MAX_COUNT;
use liaison_i18n::{Locale, Msg};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One of the paired-liaison rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PairedRule {
    /// Joint meetings a year, at least.
    JointMeetings,
    /// Leaders' visits a year, at least.
    LeaderVisitsMin,
    /// Leaders' visits a year, at most.
    LeaderVisitsMax,
}

impl PairedRule {
    /// Its label in the catalogue.
    pub fn msg(self) -> Msg {
        match self {
            PairedRule::JointMeetings => Msg::PairedRuleJointMeetings,
            PairedRule::LeaderVisitsMin => Msg::PairedRuleLeaderVisitsMin,
            PairedRule::LeaderVisitsMax => Msg::PairedRuleLeaderVisitsMax,
        }
    }
}

/// One thing wrong with paired-liaison rules.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum PairedRuleError {
    /// A count below zero.
    #[error("{rule:?}: negative count {value}")]
    Negative {
        /// The rule.
        rule: PairedRule,
        /// The value given.
        value: i64,
    },
    /// A count above [`MAX_COUNT`].
    #[error("{rule:?}: more than {max}")]
    TooLarge {
        /// The rule.
        rule: PairedRule,
        /// The limit.
        max: u32,
    },
    /// The least number of visits is above the most.
    #[error("visits: least {min} above most {max}")]
    MinAboveMax {
        /// The least.
        min: u32,
        /// The most.
        max: u32,
    },
    /// A record of a format version this build does not know.
    #[error("unsupported format version {version}")]
    UnsupportedVersion {
        /// The version found.
        version: u32,
    },
}

impl PairedRuleError {
    /// The catalogue key.
    pub fn msg(&self) -> Msg {
        match self {
            PairedRuleError::Negative { .. } => Msg::PolicyNegative,
            PairedRuleError::TooLarge { .. } => Msg::PolicyTooLarge,
            PairedRuleError::MinAboveMax { .. } => Msg::PairedRuleMinAboveMax,
            PairedRuleError::UnsupportedVersion { .. } => Msg::UnsupportedVersion,
        }
    }

    /// The message for the user, in `locale`, with the rule and numbers.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            PairedRuleError::Negative { rule, .. } => self.msg().fill(locale, &[("rule", rule.msg().text(locale))]),
            PairedRuleError::TooLarge { rule, max } => {
                self.msg().fill(locale, &[("rule", rule.msg().text(locale)), ("max", &max.to_string())])
            }
            PairedRuleError::MinAboveMax { min, max } => {
                self.msg().fill(locale, &[("min", &min.to_string()), ("max", &max.to_string())])
            }
            PairedRuleError::UnsupportedVersion { version } => {
                self.msg().fill(locale, &[("version", &version.to_string())])
            }
        }
    }
}

/// Everything wrong with a set of rules, in the order found. Never empty.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{} problem(s) in the paired-liaison rules: {:?}", .0.len(), .0)]
pub struct PairedRuleErrors(pub Vec<PairedRuleError>);

/// Paired-liaison rules, checked: every count 0–[`MAX_COUNT`], the least
/// visits not above the most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PairedRules {
    joint_meetings: u32,
    visits_min: u32,
    visits_max: u32,
}

impl PairedRules {
    /// Seed 002 §3(三) and §3(六): at least one joint meeting a year; the
    /// leaders visit one to two times a year.
    pub const SEED_002: PairedRules = PairedRules { joint_meetings: 1, visits_min: 1, visits_max: 2 };

    /// Checks typed or stored numbers, collecting every problem.
    pub fn new(joint_meetings: i64, visits_min: i64, visits_max: i64) -> Result<PairedRules, PairedRuleErrors> {
        let mut errors = Vec::new();
        let mut count = |rule, value: i64| {
            if value < 0 {
                errors.push(PairedRuleError::Negative { rule, value });
                None
            } else if value > i64::from(MAX_COUNT) {
                errors.push(PairedRuleError::TooLarge { rule, max: MAX_COUNT });
                None
            } else {
                u32::try_from(value).ok()
            }
        };
        let meetings = count(PairedRule::JointMeetings, joint_meetings);
        let min = count(PairedRule::LeaderVisitsMin, visits_min);
        let max = count(PairedRule::LeaderVisitsMax, visits_max);
        if let (Some(min), Some(max)) = (min, max)
            && min > max
        {
            errors.push(PairedRuleError::MinAboveMax { min, max });
        }
        match (meetings, min, max) {
            (Some(joint_meetings), Some(visits_min), Some(visits_max)) if errors.is_empty() => {
                Ok(PairedRules { joint_meetings, visits_min, visits_max })
            }
            _ => Err(PairedRuleErrors(errors)),
        }
    }

    /// Joint meetings a year, at least.
    pub fn joint_meetings(self) -> u32 {
        self.joint_meetings
    }

    /// Leaders' visits a year, at least.
    pub fn visits_min(self) -> u32 {
        self.visits_min
    }

    /// Leaders' visits a year, at most.
    pub fn visits_max(self) -> u32 {
        self.visits_max
    }

    /// The frozen form.
    pub fn to_record(self) -> PairedRulesRecordV1 {
        PairedRulesRecordV1 {
            v: 1,
            joint_meetings_per_year: i64::from(self.joint_meetings),
            leader_visits_min: i64::from(self.visits_min),
            leader_visits_max: i64::from(self.visits_max),
        }
    }
}

impl Default for PairedRules {
    fn default() -> Self {
        PairedRules::SEED_002
    }
}

/// An organisation's paired-liaison rules as stored and sent (frozen; golden
/// file `paired_rules_v1.json`). Numbers are read as sent so that every
/// problem can be named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedRulesRecordV1 {
    /// Always 1.
    pub v: u32,
    /// Joint meetings a year, at least.
    pub joint_meetings_per_year: i64,
    /// Leaders' visits a year, at least.
    pub leader_visits_min: i64,
    /// Leaders' visits a year, at most.
    pub leader_visits_max: i64,
}

impl TryFrom<PairedRulesRecordV1> for PairedRules {
    type Error = PairedRuleErrors;

    fn try_from(record: PairedRulesRecordV1) -> Result<Self, Self::Error> {
        if record.v != 1 {
            return Err(PairedRuleErrors(vec![PairedRuleError::UnsupportedVersion { version: record.v }]));
        }
        PairedRules::new(record.joint_meetings_per_year, record.leader_visits_min, record.leader_visits_max)
    }
}
