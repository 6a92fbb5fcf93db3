//! An organisation's policy: its rule versions by effective date, its terms
//! and its annual congress dates; and its resolution against its parents into
//! the one set of values in force on a day ([`ResolvedPolicy`]).

use super::error::{PolicyError, PolicyErrors};
use super::period::{Term, Year, china_date};
use super::rules::Rules;
use crate::OrganisationId;
use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// The rules an organisation sets from a day on (until its next version).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyVersion {
    /// The first day (China time) this version is in force.
    pub effective_from: NaiveDate,
    /// The values it sets; the others are inherited.
    pub rules: Rules,
}

/// A valid policy of one organisation: versions sorted by effective date with
/// no two on one day, terms sorted and not overlapping, at most one annual
/// congress a year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    organisation: OrganisationId,
    parent: Option<OrganisationId>,
    versions: Vec<PolicyVersion>,
    terms: Vec<Term>,
    congresses: Vec<NaiveDate>,
}

impl Policy {
    /// Checks and sorts the parts of a policy; every problem is reported.
    /// `parent` is the organisation it inherits from (none for the root).
    pub fn new(
        organisation: OrganisationId,
        parent: Option<OrganisationId>,
        mut versions: Vec<PolicyVersion>,
        mut terms: Vec<Term>,
        mut congresses: Vec<NaiveDate>,
    ) -> Result<Policy, PolicyErrors> {
        let mut errors = Vec::new();
        versions.sort_by_key(|v| v.effective_from);
        for pair in versions.windows(2) {
            if pair[0].effective_from == pair[1].effective_from {
                errors.push(PolicyError::DuplicateEffectiveDate { date: pair[0].effective_from });
            }
        }
        terms.sort();
        for pair in terms.windows(2) {
            if pair[0].overlaps(pair[1]) {
                errors.push(PolicyError::TermsOverlap { first: pair[0].first_day(), second: pair[1].first_day() });
            }
        }
        congresses.sort();
        congresses.dedup();
        for pair in congresses.windows(2) {
            if pair[0].year() == pair[1].year() {
                errors.push(PolicyError::CongressTwiceInYear { year: pair[0].year() });
            }
        }
        PolicyErrors::check(errors)?;
        Ok(Policy { organisation, parent, versions, terms, congresses })
    }

    /// A policy that sets nothing: the organisation inherits every rule.
    pub fn empty(organisation: OrganisationId, parent: Option<OrganisationId>) -> Policy {
        Policy { organisation, parent, versions: Vec::new(), terms: Vec::new(), congresses: Vec::new() }
    }

    /// The organisation it belongs to.
    pub fn organisation(&self) -> OrganisationId {
        self.organisation
    }

    /// The organisation it inherits from.
    pub fn parent(&self) -> Option<OrganisationId> {
        self.parent
    }

    /// Its versions, oldest first.
    pub fn versions(&self) -> &[PolicyVersion] {
        &self.versions
    }

    /// Its terms, earliest first.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Its annual congress dates, earliest first.
    pub fn congresses(&self) -> &[NaiveDate] {
        &self.congresses
    }

    /// The values this organisation itself sets on `day`: those of the last
    /// version in force by then (none before its first version).
    pub fn rules_on(&self, day: NaiveDate) -> Rules {
        self.versions.iter().rev().find(|v| v.effective_from <= day).map(|v| v.rules).unwrap_or_default()
    }
}

/// The values in force for one organisation on one day, inherited and
/// overridden: what [`super::evaluate`] reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolvedPolicy {
    /// Each rule's value: the nearest organisation's that sets it; `None` =
    /// nobody does and the duty is not assessed.
    pub rules: Rules,
    /// The terms of the nearest organisation that has any.
    pub terms: Vec<Term>,
    /// The annual congress dates of the nearest organisation that has any.
    pub congresses: Vec<NaiveDate>,
}

impl ResolvedPolicy {
    /// Resolves `chain` — the organisation's policy first, then its parent's,
    /// and so on up — on `day`. Each policy after the first must belong to the
    /// previous one's parent.
    pub fn resolve(chain: &[&Policy], day: NaiveDate) -> Result<ResolvedPolicy, PolicyError> {
        for pair in chain.windows(2) {
            if pair[0].parent != Some(pair[1].organisation) {
                return Err(PolicyError::NotParent { expected: pair[0].parent, found: pair[1].organisation });
            }
        }
        let mut resolved = ResolvedPolicy::default();
        for policy in chain {
            resolved.rules = resolved.rules.or(&policy.rules_on(day));
            if resolved.terms.is_empty() {
                resolved.terms = policy.terms.clone();
            }
            if resolved.congresses.is_empty() {
                resolved.congresses = policy.congresses.clone();
            }
        }
        Ok(resolved)
    }

    /// The policy in force at the instant `now` (on its China day).
    pub fn resolve_at(chain: &[&Policy], now: DateTime<Utc>) -> Result<ResolvedPolicy, PolicyError> {
        ResolvedPolicy::resolve(chain, china_date(now))
    }

    /// The seeds' first county's rules ([`presets::county_a`](super::presets::county_a)),
    /// what the phone and the server evaluate under until an organisation's
    /// own policy is stored.
    pub fn preset() -> ResolvedPolicy {
        ResolvedPolicy::from_rules(super::rules::presets::county_a())
    }

    /// Only `rules`, no terms or congress dates (tests, previews of a preset).
    pub fn from_rules(rules: Rules) -> ResolvedPolicy {
        ResolvedPolicy { rules, ..ResolvedPolicy::default() }
    }

    /// The term `at` falls in.
    pub fn term_containing(&self, at: DateTime<Utc>) -> Option<Term> {
        self.terms.iter().copied().find(|t| t.contains(at))
    }

    /// The annual congress held in `year`.
    pub fn congress_in(&self, year: Year) -> Option<NaiveDate> {
        self.congresses.iter().copied().find(|d| d.year() == year.number())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duty::rules::{Count, Rule, presets};

    fn org(n: u128) -> OrganisationId {
        OrganisationId::from_uuid(uuid::Uuid::from_u128(n))
    }

    fn date(s: &str) -> NaiveDate {
        crate::time::parse_date(s).unwrap()
    }

    fn visits(n: i64) -> Rules {
        Rules { visits_per_contact: Count::parse(Rule::VisitsPerContact, n).ok(), ..Rules::default() }
    }

    #[test]
    fn versions_take_effect_on_their_day_and_children_override_per_rule() {
        let province = Policy::new(
            org(1),
            None,
            vec![PolicyVersion { effective_from: date("2020-01-01"), rules: presets::county_a() }],
            vec![Term::new(date("2022-01-01"), date("2026-12-31")).unwrap()],
            vec![date("2026-03-20")],
        )
        .unwrap();
        let county = Policy::new(
            org(2),
            Some(org(1)),
            vec![
                PolicyVersion { effective_from: date("2026-07-01"), rules: visits(4) },
                PolicyVersion { effective_from: date("2026-01-01"), rules: visits(3) },
            ],
            vec![],
            vec![],
        )
        .unwrap();
        let on = |day| ResolvedPolicy::resolve(&[&county, &province], date(day)).unwrap();
        let get = |p: ResolvedPolicy| p.rules.visits_per_contact.map(Count::get);
        assert_eq!(get(on("2025-12-31")), Some(2));
        assert_eq!(get(on("2026-01-01")), Some(3));
        assert_eq!(get(on("2026-06-30")), Some(3));
        assert_eq!(get(on("2026-07-01")), Some(4));
        let resolved = on("2026-07-01");
        assert_eq!(resolved.rules.contacts_per_representative.map(Count::get), Some(5));
        assert_eq!(resolved.terms, province.terms);
        assert_eq!(resolved.congress_in(Year::new(2026)), Some(date("2026-03-20")));
        assert_eq!(resolved.congress_in(Year::new(2027)), None);
        // Before the root's first version nothing is in force.
        assert_eq!(on("2019-12-31").rules, Rules::default());
        // A chain out of order is refused.
        assert_eq!(
            ResolvedPolicy::resolve(&[&province, &county], date("2026-01-01")),
            Err(PolicyError::NotParent { expected: None, found: org(2) })
        );
    }

    #[test]
    fn bad_policies_report_every_problem() {
        let v = |day| PolicyVersion { effective_from: date(day), rules: Rules::default() };
        let term = |a, b| Term::new(date(a), date(b)).unwrap();
        let errors = Policy::new(
            org(1),
            None,
            vec![v("2026-01-01"), v("2025-01-01"), v("2026-01-01")],
            vec![term("2022-01-01", "2026-12-31"), term("2026-12-31", "2031-12-31")],
            vec![date("2026-03-20"), date("2026-04-01"), date("2026-03-20")],
        )
        .unwrap_err();
        assert_eq!(
            errors.0,
            vec![
                PolicyError::DuplicateEffectiveDate { date: date("2026-01-01") },
                PolicyError::TermsOverlap { first: date("2022-01-01"), second: date("2026-12-31") },
                PolicyError::CongressTwiceInYear { year: 2026 },
            ]
        );
    }
}
