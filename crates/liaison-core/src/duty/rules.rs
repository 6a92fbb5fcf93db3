//! The rules of a policy: one value per rule, each a setting (seed values as
//! presets). A [`Rules`] holds each value as an `Option`: a policy version may
//! set only some of them and inherit the rest from its parent organisation.

use super::error::PolicyError;
use liaison_i18n::Msg;

/// The largest count a rule may require.
pub const MAX_COUNT: u32 = 1000;
/// The longest deadline a rule may give, in days.
pub const MAX_DAYS: u16 = 365;

/// How many of something a rule requires: 0 to [`MAX_COUNT`] (0 = not required).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Count(u32);

impl Count {
    /// Parses a typed or stored number for `rule`.
    pub fn parse(rule: Rule, value: i64) -> Result<Count, PolicyError> {
        if value < 0 {
            Err(PolicyError::Negative { rule, value })
        } else if value > i64::from(MAX_COUNT) {
            Err(PolicyError::TooLarge { rule, max: MAX_COUNT })
        } else {
            Ok(Count(value as u32))
        }
    }

    /// The number.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A number of days a rule gives: 1 to [`MAX_DAYS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Days(u16);

impl Days {
    /// Parses a typed or stored number of days for `rule`.
    pub fn parse(rule: Rule, value: i64) -> Result<Days, PolicyError> {
        if (1..=i64::from(MAX_DAYS)).contains(&value) {
            Ok(Days(value as u16))
        } else {
            Err(PolicyError::DaysOutOfRange { rule, min: 1, max: MAX_DAYS })
        }
    }

    /// The number of days.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// A value type of a rule: read from and written as a plain integer.
pub trait RuleValue: Sized + Copy {
    /// Parses a stored integer.
    fn parse(rule: Rule, value: i64) -> Result<Self, PolicyError>;
    /// The stored integer.
    fn to_i64(self) -> i64;
}

impl RuleValue for Count {
    fn parse(rule: Rule, value: i64) -> Result<Self, PolicyError> {
        Count::parse(rule, value)
    }
    fn to_i64(self) -> i64 {
        i64::from(self.0)
    }
}

impl RuleValue for Days {
    fn parse(rule: Rule, value: i64) -> Result<Self, PolicyError> {
        Days::parse(rule, value)
    }
    fn to_i64(self) -> i64 {
        i64::from(self.0)
    }
}

/// Declares the rules once: the [`Rule`] enum (codes and labels), the
/// [`Rules`] struct of optional values, and [`RulesRecord`], their frozen form.
macro_rules! rules {
    ($( $(#[$doc:meta])* $field:ident: $ty:ident => $variant:ident, $msg:ident; )*) => {
        /// One rule of a policy.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in the order an editor lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable snake_case code (the field's name in the record).
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => stringify!($field),)* }
            }

            /// Its label in the catalogue.
            pub fn msg(self) -> Msg {
                match self { $(Rule::$variant => Msg::$msg,)* }
            }
        }

        /// The values of a policy version; `None` = not set here (inherited).
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct Rules {
            $( $(#[$doc])* pub $field: Option<$ty>, )*
        }

        impl Rules {
            /// Each value set here, else `parent`'s.
            pub fn or(self, parent: &Rules) -> Rules {
                Rules { $( $field: self.$field.or(parent.$field), )* }
            }

            /// Reads a record, collecting every refused value.
            pub fn from_record(r: &RulesRecord, errors: &mut Vec<PolicyError>) -> Rules {
                let mut rules = Rules::default();
                $(
                    if let Some(value) = r.$field {
                        match <$ty as RuleValue>::parse(Rule::$variant, value) {
                            Ok(v) => rules.$field = Some(v),
                            Err(e) => errors.push(e),
                        }
                    }
                )*
                rules
            }
        }

        /// The frozen form of [`Rules`]: each value a plain integer, absent
        /// when not set (so a bad number reaches validation, not the parser).
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RulesRecord {
            $(
                $(#[$doc])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<i64>,
            )*
        }

        impl From<&Rules> for RulesRecord {
            fn from(r: &Rules) -> Self {
                RulesRecord { $( $field: r.$field.map(RuleValue::to_i64), )* }
            }
        }
    };
}

rules! {
    /// Contacts each representative is linked to (seed 004 parts 2, 3: ≥ 5 or ≥ 10).
    contacts_per_representative: Count => ContactsPerRepresentative, RuleContactsPerRepresentative;
    /// Visits to each contact a year (parts 2, 3: ≥ 2 or ≥ 4).
    visits_per_contact: Count => VisitsPerContact, RuleVisitsPerContact;
    /// Receptions a quarter by a provincial representative (part 5: ≥ 1).
    receptions_per_quarter_provincial: Count => ReceptionsPerQuarterProvincial, RuleReceptionsProvincial;
    /// Receptions a quarter by a representative below provincial level (part 5: ≥ 2).
    receptions_per_quarter: Count => ReceptionsPerQuarter, RuleReceptions;
    /// Days within which an opinion is reported upward (part 5: 3).
    opinion_report_days: Days => OpinionReportDays, RuleOpinionReportDays;
    /// Proposals a year (part 5: ≥ 2).
    proposals_per_year: Count => ProposalsPerYear, RuleProposalsPerYear;
    /// Research reports a year (part 5: ≥ 1).
    research_reports_per_year: Count => ResearchReportsPerYear, RuleResearchReportsPerYear;
    /// Proposals a term, or … (parts 2, 3: ≥ 2) …
    term_proposals: Count => TermProposals, RuleTermProposals;
    /// … research reports a term (parts 2, 3: ≥ 1); either discharges the duty.
    term_research_reports: Count => TermResearchReports, RuleTermResearchReports;
    /// Members in poverty each representative is paired with (part 5: 1).
    paired_members_in_poverty: Count => PairedMembersInPoverty, RulePairedMembersInPoverty;
    /// Households in need each representative is paired with (part 5: 1).
    paired_households_in_need: Count => PairedHouseholdsInNeed, RulePairedHouseholdsInNeed;
    /// Days before the annual congress the yearly report to the group is due (part 2: 15).
    yearly_report_days_before_congress: Days => YearlyReportDays, RuleYearlyReportDays;
    /// Liaison-point activities a year by each leadership member (seed 000 art. 7: ≥ 1).
    point_activities_per_year: Count => PointActivitiesPerYear, RulePointActivities;
    /// Lectures a year at each assigned liaison point (seed 001 §4: 1).
    point_lectures: Count => PointLectures, RulePointLectures;
    /// Forums or branch meetings a year at each assigned liaison point (seed 001 §4: 1).
    point_forums_or_branch_meetings: Count => PointForums, RulePointForums;
    /// Veteran visits a year at each assigned liaison point (seed 001 §4: 1).
    point_veteran_visits: Count => PointVeteranVisits, RulePointVeteranVisits;
}

/// The presets: the seeds' values.
pub mod presets {
    use super::{Count, Days, Rules};

    fn count(n: u32) -> Option<Count> {
        Some(Count(n))
    }

    fn days(n: u16) -> Option<Days> {
        Some(Days(n))
    }

    /// What both counties share (seeds 000, 001, 004 parts 2, 3, 5).
    fn common() -> Rules {
        Rules {
            contacts_per_representative: None,
            visits_per_contact: None,
            receptions_per_quarter_provincial: count(1),
            receptions_per_quarter: count(2),
            opinion_report_days: days(3),
            proposals_per_year: count(2),
            research_reports_per_year: count(1),
            term_proposals: count(2),
            term_research_reports: count(1),
            paired_members_in_poverty: count(1),
            paired_households_in_need: count(1),
            yearly_report_days_before_congress: days(15),
            point_activities_per_year: count(1),
            point_lectures: count(1),
            point_forums_or_branch_meetings: count(1),
            point_veteran_visits: count(1),
        }
    }

    /// "County A" (seed 004 part 2): ≥ 5 contacts, each visited ≥ 2 times a year.
    pub fn county_a() -> Rules {
        Rules { contacts_per_representative: count(5), visits_per_contact: count(2), ..common() }
    }

    /// "County B" (seed 004 part 3): ≥ 10 contacts, each visited ≥ 4 times a year.
    pub fn county_b() -> Rules {
        Rules { contacts_per_representative: count(10), visits_per_contact: count(4), ..common() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_days_are_parsed_at_the_boundary() {
        let rule = Rule::VisitsPerContact;
        assert_eq!(Count::parse(rule, 0).map(Count::get), Ok(0));
        assert_eq!(Count::parse(rule, 1000).map(Count::get), Ok(1000));
        assert_eq!(Count::parse(rule, -1), Err(PolicyError::Negative { rule, value: -1 }));
        assert_eq!(Count::parse(rule, 1001), Err(PolicyError::TooLarge { rule, max: MAX_COUNT }));
        let rule = Rule::OpinionReportDays;
        assert_eq!(Days::parse(rule, 3).map(Days::get), Ok(3));
        for bad in [0, -3, 366] {
            assert_eq!(Days::parse(rule, bad), Err(PolicyError::DaysOutOfRange { rule, min: 1, max: MAX_DAYS }));
        }
    }

    #[test]
    fn a_child_overrides_only_what_it_sets() {
        let child = Rules { visits_per_contact: Count::parse(Rule::VisitsPerContact, 3).ok(), ..Rules::default() };
        let merged = child.or(&presets::county_a());
        assert_eq!(merged.visits_per_contact.map(Count::get), Some(3));
        assert_eq!(merged.contacts_per_representative.map(Count::get), Some(5));
        assert_eq!(Rules::default().or(&presets::county_b()), presets::county_b());
    }

    #[test]
    fn codes_are_unique_and_records_round_trip() {
        let mut codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
        for preset in [presets::county_a(), presets::county_b()] {
            let mut errors = Vec::new();
            assert_eq!(Rules::from_record(&RulesRecord::from(&preset), &mut errors), preset);
            assert!(errors.is_empty());
        }
    }
}
