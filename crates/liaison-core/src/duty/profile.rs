//! Who a representative is for their duties, as an administrator sets it:
//! provincial or below, a member of the leadership or not, and the liaison
//! points assigned to them and for which days ([`RepresentativeProfile`],
//! frozen as [`RepresentativeProfileRecordV1`]); and what a phone is sent to
//! count its representative's duties offline ([`DutySetupRecordV1`]: its
//! organisation's policies up the tree and its profile).
//!
//! Both records are compatibility promises like every record here:
//! `tests/golden.rs` holds them to `tests/golden/representative_profile_v1.json`
//! and `duty_setup_v1.json`.

use super::facts::{PointAssignment, RepresentativeFacts, RepresentativeLevel};
use super::policy::{Policy, ResolvedPolicy};
use super::record::PolicyRecordV1;
use crate::{LiaisonPointId, RepresentativeId, ValidationError};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A representative's standing for their duties.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RepresentativeProfile {
    /// Provincial or below (which reception rule applies).
    pub level: RepresentativeLevel,
    /// A member of the leadership (班子成员): owes liaison-point activities.
    pub leadership_member: bool,
    /// The liaison points assigned, each for its days.
    pub liaison_points: Vec<PointAssignment>,
}

impl Default for RepresentativeProfile {
    /// What is assumed until an administrator says more: below provincial
    /// level, not of the leadership, no liaison point. The phone and the
    /// server both start from this, so they count the same.
    fn default() -> Self {
        RepresentativeProfile {
            level: RepresentativeLevel::BelowProvincial,
            leadership_member: false,
            liaison_points: Vec::new(),
        }
    }
}

impl RepresentativeProfile {
    /// The facts evaluation reads, for representative `id`.
    pub fn facts(&self, id: RepresentativeId) -> RepresentativeFacts {
        RepresentativeFacts {
            id,
            level: self.level,
            leadership_member: self.leadership_member,
            liaison_points: self.liaison_points.clone(),
        }
    }

    /// The frozen form.
    pub fn to_record(&self) -> RepresentativeProfileRecordV1 {
        RepresentativeProfileRecordV1 {
            v: RepresentativeProfileRecordV1::VERSION,
            level: match self.level {
                RepresentativeLevel::Provincial => "provincial",
                RepresentativeLevel::BelowProvincial => "below_provincial",
            }
            .to_owned(),
            leadership_member: self.leadership_member,
            liaison_points: self
                .liaison_points
                .iter()
                .map(|p| PointAssignmentRecord {
                    point: p.point.to_string(),
                    first_day: p.first_day.to_string(),
                    last_day: p.last_day.to_string(),
                })
                .collect(),
        }
    }
}

/// A representative's profile, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepresentativeProfileRecordV1 {
    /// Format version: 1.
    pub v: u32,
    /// `provincial` or `below_provincial`.
    pub level: String,
    /// A member of the leadership.
    pub leadership_member: bool,
    /// The liaison points assigned.
    pub liaison_points: Vec<PointAssignmentRecord>,
}

impl RepresentativeProfileRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;
}

/// A liaison point assigned, in [`RepresentativeProfileRecordV1`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointAssignmentRecord {
    /// The point's id, a hyphenated UUID.
    pub point: String,
    /// `2026-01-01`.
    pub first_day: String,
    /// `2026-12-31`, included.
    pub last_day: String,
}

/// Checked as strictly as the administrator's form; each refusal a
/// catalogue message through [`ValidationError`].
impl TryFrom<RepresentativeProfileRecordV1> for RepresentativeProfile {
    type Error = ValidationError;

    fn try_from(r: RepresentativeProfileRecordV1) -> Result<Self, Self::Error> {
        if r.v != RepresentativeProfileRecordV1::VERSION {
            return Err(ValidationError::UnsupportedVersion { version: r.v });
        }
        let level = match r.level.as_str() {
            "provincial" => RepresentativeLevel::Provincial,
            "below_provincial" => RepresentativeLevel::BelowProvincial,
            _ => return Err(ValidationError::UnknownChoice),
        };
        let mut liaison_points = Vec::with_capacity(r.liaison_points.len());
        for p in &r.liaison_points {
            let point: LiaisonPointId = p.point.parse().map_err(|_| ValidationError::IdInvalid)?;
            let day = |s: &str| crate::time::parse_date(s).ok_or(ValidationError::DateInvalid);
            let (first_day, last_day): (NaiveDate, NaiveDate) = (day(&p.first_day)?, day(&p.last_day)?);
            if last_day < first_day {
                return Err(ValidationError::EndBeforeStart);
            }
            if liaison_points.iter().any(|a: &PointAssignment| a.point == point) {
                return Err(ValidationError::ListedTwice);
            }
            liaison_points.push(PointAssignment { point, first_day, last_day });
        }
        Ok(RepresentativeProfile { level, leadership_member: r.leadership_member, liaison_points })
    }
}

/// What a phone is sent to count its representative's duties offline,
/// version 1: the policies of its organisation and of every organisation
/// above it, nearest first (an organisation with none set has an empty
/// one, so the chain is unbroken), and the representative's profile (none
/// until an administrator sets it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutySetupRecordV1 {
    /// Format version: 1.
    pub v: u32,
    /// The chain of policies, the representative's organisation first.
    pub policies: Vec<PolicyRecordV1>,
    /// The representative's profile.
    pub profile: Option<RepresentativeProfileRecordV1>,
}

impl DutySetupRecordV1 {
    /// This format's version.
    pub const VERSION: u32 = 1;
}

/// Why a duty setup does not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DutySetupError {
    /// A policy of the chain.
    #[error("policy: {0}")]
    Policy(#[from] super::error::PolicyErrors),
    /// The profile, or the record's version.
    #[error("profile: {0}")]
    Profile(#[from] ValidationError),
}

/// A representative's duty setup, read: the policy chain and the profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DutySetup {
    /// Nearest first.
    pub chain: Vec<Policy>,
    /// Their standing.
    pub profile: RepresentativeProfile,
}

impl DutySetup {
    /// Reads a setup; a policy or profile that does not read refuses the whole.
    pub fn from_record(r: DutySetupRecordV1) -> Result<DutySetup, DutySetupError> {
        if r.v != DutySetupRecordV1::VERSION {
            return Err(DutySetupError::Profile(ValidationError::UnsupportedVersion { version: r.v }));
        }
        let chain = r.policies.into_iter().map(Policy::try_from).collect::<Result<Vec<_>, _>>()?;
        let profile = r.profile.map(RepresentativeProfile::try_from).transpose()?.unwrap_or_default();
        Ok(DutySetup { chain, profile })
    }

    /// The policy in force at `now`: the chain resolved, or the seeds'
    /// preset when no organisation in it has set any rules (so a new
    /// installation counts something sensible from the first day).
    pub fn policy_at(&self, now: DateTime<Utc>) -> ResolvedPolicy {
        if self.chain.iter().all(|p| p.versions().is_empty()) {
            return ResolvedPolicy::preset();
        }
        let refs: Vec<&Policy> = self.chain.iter().collect();
        ResolvedPolicy::resolve_at(&refs, now).unwrap_or_else(|_| ResolvedPolicy::preset())
    }

    /// True when the preset is what counts (no organisation set rules).
    pub fn is_preset(&self) -> bool {
        self.chain.iter().all(|p| p.versions().is_empty())
    }

    /// The frozen form.
    pub fn to_record(&self) -> DutySetupRecordV1 {
        DutySetupRecordV1 {
            v: DutySetupRecordV1::VERSION,
            policies: self.chain.iter().map(PolicyRecordV1::from).collect(),
            profile: Some(self.profile.to_record()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(level: &str, points: Vec<(&str, &str, &str)>) -> RepresentativeProfileRecordV1 {
        RepresentativeProfileRecordV1 {
            v: 1,
            level: level.to_owned(),
            leadership_member: true,
            liaison_points: points
                .into_iter()
                .map(|(p, f, l)| PointAssignmentRecord {
                    point: p.to_owned(),
                    first_day: f.to_owned(),
                    last_day: l.to_owned(),
                })
                .collect(),
        }
    }

    const POINT: &str = "01936f4e-8c2a-7b3d-9f10-00000000d001";

    #[test]
    fn profiles_are_checked_at_the_boundary() {
        let cases: Vec<(RepresentativeProfileRecordV1, Result<(), ValidationError>)> = vec![
            (record("provincial", vec![(POINT, "2026-01-01", "2026-12-31")]), Ok(())),
            (record("below_provincial", vec![]), Ok(())),
            (record("county", vec![]), Err(ValidationError::UnknownChoice)),
            (record("provincial", vec![("x", "2026-01-01", "2026-12-31")]), Err(ValidationError::IdInvalid)),
            (record("provincial", vec![(POINT, "2026-13-01", "2026-12-31")]), Err(ValidationError::DateInvalid)),
            (record("provincial", vec![(POINT, "2026-12-31", "2026-01-01")]), Err(ValidationError::EndBeforeStart)),
            (
                record("provincial", vec![(POINT, "2026-01-01", "2026-06-30"), (POINT, "2026-07-01", "2026-12-31")]),
                Err(ValidationError::ListedTwice),
            ),
            (
                RepresentativeProfileRecordV1 { v: 2, ..record("provincial", vec![]) },
                Err(ValidationError::UnsupportedVersion { version: 2 }),
            ),
        ];
        for (r, expected) in cases {
            let got = RepresentativeProfile::try_from(r.clone());
            assert_eq!(got.as_ref().map(|_| ()).map_err(Clone::clone), expected, "{r:?}");
            if let Ok(p) = got {
                assert_eq!(p.to_record(), r, "round trip");
            }
        }
    }

    #[test]
    fn a_setup_with_no_rules_anywhere_counts_under_the_preset() {
        let now = crate::time::from_wire("2026-12-06T00:00:00Z").unwrap();
        let org = crate::OrganisationId::from_uuid(uuid::Uuid::from_u128(1));
        let empty = Policy::empty(org, None);
        assert_eq!(Policy::new(org, None, vec![], vec![], vec![]), Ok(empty.clone()));
        let setup = DutySetup { chain: vec![empty], profile: RepresentativeProfile::default() };
        assert!(setup.is_preset());
        assert_eq!(setup.policy_at(now), ResolvedPolicy::preset());
        assert_eq!(DutySetup::from_record(setup.to_record()), Ok(setup));
    }
}
