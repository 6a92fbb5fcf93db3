//! The frozen storage and wire form of a policy, [`PolicyRecordV1`]. A
//! compatibility promise like every record here: never change a field, add a
//! version and keep reading this one. `tests/golden.rs` holds it to
//! `tests/golden/policy_v1.json`.

use super::error::{PolicyError, PolicyErrors};
use super::period::Term;
use super::policy::{Policy, PolicyVersion};
use super::rules::{Rules, RulesRecord};
use crate::OrganisationId;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A policy, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyRecordV1 {
    /// Format version: 1.
    pub v: u32,
    /// The organisation's id, a hyphenated UUID.
    pub organisation: String,
    /// The parent organisation's id, or empty for the root.
    pub parent: String,
    /// The versions, oldest first.
    pub versions: Vec<PolicyVersionRecord>,
    /// The terms, earliest first.
    pub terms: Vec<TermRecord>,
    /// Annual congress dates, `2026-03-20`, earliest first.
    pub congresses: Vec<String>,
}

impl PolicyRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;
}

/// A version of the rules in [`PolicyRecordV1`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyVersionRecord {
    /// The first day in force, `2026-01-01`.
    pub effective_from: String,
    /// The values it sets (absent = inherited).
    pub rules: RulesRecord,
}

/// A term in [`PolicyRecordV1`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermRecord {
    /// `2022-01-01`.
    pub first_day: String,
    /// `2026-12-31`, included.
    pub last_day: String,
}

impl From<&Policy> for PolicyRecordV1 {
    fn from(p: &Policy) -> Self {
        PolicyRecordV1 {
            v: PolicyRecordV1::VERSION,
            organisation: p.organisation().to_string(),
            parent: p.parent().map(|o| o.to_string()).unwrap_or_default(),
            versions: p
                .versions()
                .iter()
                .map(|v| PolicyVersionRecord {
                    effective_from: v.effective_from.to_string(),
                    rules: RulesRecord::from(&v.rules),
                })
                .collect(),
            terms: p
                .terms()
                .iter()
                .map(|t| TermRecord { first_day: t.first_day().to_string(), last_day: t.last_day().to_string() })
                .collect(),
            congresses: p.congresses().iter().map(NaiveDate::to_string).collect(),
        }
    }
}

fn date(s: &str, errors: &mut Vec<PolicyError>) -> Option<NaiveDate> {
    let parsed = crate::time::parse_date(s);
    if parsed.is_none() {
        errors.push(PolicyError::DateInvalid(s.to_owned()));
    }
    parsed
}

impl TryFrom<PolicyRecordV1> for Policy {
    type Error = PolicyErrors;

    /// Checks the record as strictly as an editor's form, reporting every problem.
    fn try_from(r: PolicyRecordV1) -> Result<Self, Self::Error> {
        if r.v != PolicyRecordV1::VERSION {
            return Err(PolicyErrors(vec![PolicyError::UnsupportedVersion { version: r.v }]));
        }
        let mut errors = Vec::new();
        let organisation = r.organisation.parse::<OrganisationId>().map_err(|_| PolicyError::IdInvalid);
        let parent = if r.parent.is_empty() {
            Ok(None)
        } else {
            r.parent.parse::<OrganisationId>().map(Some).map_err(|_| PolicyError::IdInvalid)
        };
        let versions: Vec<_> = r
            .versions
            .iter()
            .filter_map(|v| {
                let effective_from = date(&v.effective_from, &mut errors);
                let rules = Rules::from_record(&v.rules, &mut errors);
                Some(PolicyVersion { effective_from: effective_from?, rules })
            })
            .collect();
        let terms: Vec<_> = r
            .terms
            .iter()
            .filter_map(|t| {
                let (first, last) = (date(&t.first_day, &mut errors), date(&t.last_day, &mut errors));
                let term = Term::new(first?, last?);
                if term.is_none() {
                    errors.push(PolicyError::TermEndsBeforeStart);
                }
                term
            })
            .collect();
        let congresses: Vec<_> = r.congresses.iter().filter_map(|d| date(d, &mut errors)).collect();
        let (organisation, parent) = match (organisation, parent) {
            (Ok(o), Ok(p)) => (o, p),
            (Err(e), _) | (_, Err(e)) => {
                errors.insert(0, e);
                return Err(PolicyErrors(errors));
            }
        };
        match Policy::new(organisation, parent, versions, terms, congresses) {
            Ok(policy) => PolicyErrors::check(errors).map(|()| policy),
            Err(PolicyErrors(more)) => {
                errors.extend(more);
                Err(PolicyErrors(errors))
            }
        }
    }
}

impl Policy {
    /// The current storage and wire form.
    pub fn to_record(&self) -> PolicyRecordV1 {
        PolicyRecordV1::from(self)
    }

    /// Reads a stored or received policy of any known format version.
    pub fn from_json(value: serde_json::Value) -> Result<Policy, PolicyErrors> {
        let version = value.get("v").and_then(serde_json::Value::as_u64).unwrap_or(0);
        let malformed = || PolicyErrors(vec![PolicyError::UnsupportedVersion { version: version as u32 }]);
        match version {
            1 => serde_json::from_value::<PolicyRecordV1>(value).map_err(|_| malformed())?.try_into(),
            _ => Err(malformed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duty::rules::{Rule, presets};

    fn record() -> PolicyRecordV1 {
        let policy = Policy::new(
            OrganisationId::from_uuid(uuid::Uuid::from_u128(7)),
            None,
            vec![PolicyVersion {
                effective_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
                rules: presets::county_b(),
            }],
            vec![],
            vec![NaiveDate::from_ymd_opt(2026, 3, 20).unwrap()],
        )
        .unwrap();
        policy.to_record()
    }

    #[test]
    fn round_trips_and_refuses_bad_values_all_at_once() {
        let r = record();
        let policy = Policy::try_from(r.clone()).unwrap();
        assert_eq!(policy.to_record(), r);
        assert_eq!(Policy::from_json(serde_json::to_value(&r).unwrap()), Ok(policy));

        let mut bad = r.clone();
        bad.versions[0].rules.visits_per_contact = Some(-1);
        bad.versions[0].rules.opinion_report_days = Some(0);
        bad.versions.push(bad.versions[0].clone());
        bad.terms.push(TermRecord { first_day: "2026-12-31".into(), last_day: "2022-01-01".into() });
        bad.congresses.push("2026/03/20".into());
        let errors = Policy::try_from(bad).unwrap_err().0;
        assert_eq!(
            errors,
            vec![
                PolicyError::Negative { rule: Rule::VisitsPerContact, value: -1 },
                PolicyError::DaysOutOfRange { rule: Rule::OpinionReportDays, min: 1, max: 365 },
                PolicyError::Negative { rule: Rule::VisitsPerContact, value: -1 },
                PolicyError::DaysOutOfRange { rule: Rule::OpinionReportDays, min: 1, max: 365 },
                PolicyError::TermEndsBeforeStart,
                PolicyError::DateInvalid("2026/03/20".into()),
                PolicyError::DuplicateEffectiveDate { date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() },
            ]
        );
        let bad = PolicyRecordV1 { parent: "nope".into(), ..r.clone() };
        assert_eq!(Policy::try_from(bad).unwrap_err().0, vec![PolicyError::IdInvalid]);
        let bad = PolicyRecordV1 { v: 2, ..r.clone() };
        assert_eq!(Policy::try_from(bad).unwrap_err().0, vec![PolicyError::UnsupportedVersion { version: 2 }]);
        assert!(Policy::from_json(serde_json::json!({"v": 1, "rules": {}})).is_err());
        let unknown_rule = serde_json::json!({
            "v": 1, "organisation": r.organisation, "parent": "", "terms": [], "congresses": [],
            "versions": [{"effective_from": "2026-01-01", "rules": {"lunches_per_week": 3}}],
        });
        assert!(Policy::from_json(unknown_rule).is_err());
    }
}
