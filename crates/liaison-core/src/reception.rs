//! The reception record card (接待、约见党员群众活动记录卡, seed 004): one per
//! reception, appointment, visit or meeting — when, where, who was there, what
//! was said — and the opinions raised, each its own opinion card.

use crate::choice::choices;
use crate::contact::{ContactInput, Person};
use crate::error::{Collector, check_version};
use crate::opinion::{OpinionCardInput, RaisedByInput};
use crate::text::optional;
use crate::time::{check_happened, from_wire, parse_local, to_input_value, to_wire};
use crate::{
    Categories, ContactId, Field, FieldError, FieldErrors, LiaisonPointId, OpinionCard, OpinionCardId, PersonName,
    PlaceName, ReceptionCardId, StudioId, Summary, Topic, ValidationError,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// At most this many representatives on one card.
pub const MAX_REPRESENTATIVES: usize = 20;
/// At most this many attendees on one card (a forum can be large).
pub const MAX_ATTENDEES: usize = 200;
/// At most this many opinions raised at one meeting.
pub const MAX_OPINIONS: usize = 50;

choices!(
    /// The kinds of liaison activity (活动形式).
    ActivityKind {
        /// 接待
        Reception = "reception" => KindReception,
        /// 约见
        Appointment = "appointment" => KindAppointment,
        /// 走访谈心
        HomeVisit = "home_visit" => KindHomeVisit,
        /// 座谈会
        Forum = "forum" => KindForum,
        /// 专题讲座
        Lecture = "lecture" => KindLecture,
        /// 支部生活会
        BranchMeeting = "branch_meeting" => KindBranchMeeting,
        /// 看望老同志
        VeteranVisit = "veteran_visit" => KindVeteranVisit,
        /// 调研
        FieldResearch = "field_research" => KindFieldResearch,
        /// 恳谈
        Consultation = "consultation" => KindConsultation,
        /// 结对帮扶
        AssistanceVisit = "assistance_visit" => KindAssistanceVisit,
    }
);

/// Where an activity took place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Venue {
    /// A representatives' studio (党代表工作室).
    Studio {
        /// Its id.
        id: StudioId,
        /// Its name at the time.
        name: PlaceName,
    },
    /// A liaison point (联系点).
    LiaisonPoint {
        /// Its id.
        id: LiaisonPointId,
        /// Its name at the time.
        name: PlaceName,
    },
    /// Anywhere else (a home, a village square …).
    Place {
        /// As typed.
        name: PlaceName,
    },
}

impl Venue {
    /// The place's name.
    pub fn name(&self) -> &PlaceName {
        match self {
            Venue::Studio { name, .. } | Venue::LiaisonPoint { name, .. } | Venue::Place { name } => name,
        }
    }
}

/// The venue fields of a form.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct VenueInput {
    /// `studio`, `liaison_point` or `place` (empty = `place`).
    pub kind: String,
    /// The studio's or liaison point's id.
    pub id: String,
    /// The name.
    pub name: String,
}

impl VenueInput {
    fn parse(&self) -> Result<Venue, ValidationError> {
        let name = PlaceName::parse(&self.name)?;
        let bad_id = |_| ValidationError::IdInvalid;
        match self.kind.as_str() {
            "" | "place" => Ok(Venue::Place { name }),
            "studio" => Ok(Venue::Studio { id: self.id.parse().map_err(bad_id)?, name }),
            "liaison_point" => Ok(Venue::LiaisonPoint { id: self.id.parse().map_err(bad_id)?, name }),
            _ => Err(ValidationError::UnknownChoice),
        }
    }

    fn from_venue(venue: &Venue) -> VenueInput {
        let (kind, id) = match venue {
            Venue::Studio { id, .. } => ("studio", id.to_string()),
            Venue::LiaisonPoint { id, .. } => ("liaison_point", id.to_string()),
            Venue::Place { .. } => ("place", String::new()),
        };
        VenueInput { kind: kind.into(), id, name: venue.name().as_str().into() }
    }
}

/// Someone who came.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Attendee {
    /// Someone from the contact list (their details as they were that day).
    Contact {
        /// The contact.
        id: ContactId,
        /// Their details.
        #[serde(flatten)]
        person: Person,
    },
    /// Someone not in the contact list.
    WalkIn {
        /// Their details.
        #[serde(flatten)]
        person: Person,
    },
}

impl Attendee {
    /// Who they are.
    pub fn person(&self) -> &Person {
        match self {
            Attendee::Contact { person, .. } | Attendee::WalkIn { person } => person,
        }
    }
}

/// An attendee in a form: a contact (with its id) or a walk-in (no id).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AttendeeInput {
    /// The contact's id; empty for a walk-in.
    pub contact_id: String,
    /// Their details.
    pub person: ContactInput,
}

impl AttendeeInput {
    /// The "raised by" an opinion gets when this attendee raised it.
    pub fn as_raiser(&self) -> RaisedByInput {
        let (kind, phone) = if self.contact_id.is_empty() {
            ("walk_in", self.person.phone.clone())
        } else {
            ("contact", String::new())
        };
        RaisedByInput { kind: kind.into(), contact_id: self.contact_id.clone(), name: self.person.name.clone(), phone }
    }
}

/// What a user typed into the reception card form, with the opinions added to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReceptionInput {
    /// An [`ActivityKind`] code.
    pub kind: String,
    /// China time, `2026-11-22T09:30`.
    pub started_at: String,
    /// China time, may be empty.
    pub ended_at: String,
    /// Where.
    pub venue: VenueInput,
    /// Names of the representatives present.
    pub representatives: Vec<String>,
    /// Who came.
    pub attendees: Vec<AttendeeInput>,
    /// The subject.
    pub topic: String,
    /// What was said.
    pub summary: String,
    /// Opinions raised; place and time default to the meeting's.
    pub opinions: Vec<OpinionCardInput>,
}

/// A valid reception record card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceptionCard {
    /// Made by the device (UUIDv7).
    pub id: ReceptionCardId,
    /// The kind of activity.
    pub kind: ActivityKind,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it ended, if recorded.
    pub ended_at: Option<DateTime<Utc>>,
    /// Where.
    pub venue: Venue,
    /// The representatives present (at least one).
    pub representatives: Vec<PersonName>,
    /// Who came.
    pub attendees: Vec<Attendee>,
    /// The subject.
    pub topic: Topic,
    /// What was said.
    pub summary: Summary,
}

/// Everything wrong with a submitted reception form: the card's own fields,
/// and each attendee's and each opinion's, by position.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SubmissionErrors {
    /// The card's fields.
    pub card: Vec<FieldError>,
    /// Attendee position → its errors.
    pub attendees: Vec<(usize, FieldErrors)>,
    /// Opinion position → its errors.
    pub opinions: Vec<(usize, FieldErrors)>,
}

impl SubmissionErrors {
    /// The card's error for `field`.
    pub fn card_error(&self, field: Field) -> Option<&ValidationError> {
        self.card.iter().find(|e| e.field == field).map(|e| &e.error)
    }

    /// The error of attendee `index`'s `field`.
    pub fn attendee_error(&self, index: usize, field: Field) -> Option<&ValidationError> {
        self.attendees.iter().find(|(i, _)| *i == index).and_then(|(_, e)| e.get(field))
    }

    /// The error of opinion `index`'s `field`.
    pub fn opinion_error(&self, index: usize, field: Field) -> Option<&ValidationError> {
        self.opinions.iter().find(|(i, _)| *i == index).and_then(|(_, e)| e.get(field))
    }
}

/// Splits typed representative names (`张三,李四、王五`) into names.
pub fn split_names(text: &str) -> Vec<String> {
    text.split([',', ',', '、', ';', ';', '\n']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

impl ReceptionCard {
    /// Parses a submitted form into the card and its opinion cards, all or
    /// nothing. `opinion_ids` gives one new id per opinion, in order;
    /// `categories` is the organisation's list the opinions choose from.
    pub fn submit(
        id: ReceptionCardId,
        opinion_ids: &[OpinionCardId],
        input: &ReceptionInput,
        categories: &Categories,
        now: DateTime<Utc>,
    ) -> Result<(ReceptionCard, Vec<OpinionCard>), SubmissionErrors> {
        assert_eq!(opinion_ids.len(), input.opinions.len(), "one id per opinion");
        let mut errors = Collector::default();
        let kind = errors.take(Field::ActivityKind, ActivityKind::parse(&input.kind));
        let started_at =
            errors.take(Field::StartedAt, parse_local(&input.started_at).and_then(|t| check_happened(t, now)));
        let ended_at = errors.take(
            Field::EndedAt,
            optional(&input.ended_at, parse_local)
                .and_then(|end| end.map(|t| check_happened(t, now)).transpose())
                .and_then(|end| match (end, started_at) {
                    (Some(end), Some(start)) if end < start => Err(ValidationError::EndBeforeStart),
                    _ => Ok(end),
                }),
        );
        let venue = errors.take(Field::Venue, input.venue.parse());
        let representatives = errors.take(Field::Representatives, parse_representatives(&input.representatives));
        let topic = errors.take(Field::Topic, Topic::parse(&input.topic));
        let summary = errors.take(Field::Summary, Summary::parse(&input.summary));
        if input.attendees.len() > MAX_ATTENDEES {
            errors.take::<()>(Field::Attendees, Err(ValidationError::TooMany { max: MAX_ATTENDEES }));
        }
        if input.opinions.len() > MAX_OPINIONS {
            errors.take::<()>(Field::Opinions, Err(ValidationError::TooMany { max: MAX_OPINIONS }));
        }

        let mut all = SubmissionErrors::default();
        let mut attendees = Vec::with_capacity(input.attendees.len());
        for (i, attendee) in input.attendees.iter().enumerate() {
            match parse_attendee(attendee) {
                Ok(a) => attendees.push(a),
                Err(e) => all.attendees.push((i, e)),
            }
        }
        let mut opinions = Vec::with_capacity(input.opinions.len());
        for (i, (opinion, opinion_id)) in input.opinions.iter().zip(opinion_ids).enumerate() {
            let mut opinion = opinion.clone();
            if opinion.place.trim().is_empty() {
                opinion.place = input.venue.name.clone();
            }
            if opinion.collected_at.trim().is_empty() {
                opinion.collected_at = input.started_at.clone();
            }
            opinion.reception = Some(id.to_string());
            // Collected at the meeting by the representatives present: the first one signs.
            if opinion.collected_by.trim().is_empty()
                && let Some(first) = input.representatives.iter().flat_map(|r| split_names(r)).next()
            {
                opinion.collected_by = first;
            }
            match OpinionCard::create(*opinion_id, &opinion, categories, now) {
                Ok(card) => opinions.push(card),
                Err(e) => all.opinions.push((i, e)),
            }
        }
        if let Err(card_errors) = errors.finish() {
            all.card = card_errors.0;
        }
        if !all.card.is_empty() || !all.attendees.is_empty() || !all.opinions.is_empty() {
            return Err(all);
        }
        match (kind, started_at, ended_at, venue, representatives, topic, summary) {
            (
                Some(kind),
                Some(started_at),
                Some(ended_at),
                Some(venue),
                Some(representatives),
                Some(topic),
                Some(summary),
            ) => {
                let card =
                    ReceptionCard { id, kind, started_at, ended_at, venue, representatives, attendees, topic, summary };
                Ok((card, opinions))
            }
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }

    /// Back to form fields (opinions are separate records and not included).
    pub fn to_input(&self) -> ReceptionInput {
        ReceptionInput {
            kind: self.kind.code().into(),
            started_at: to_input_value(self.started_at),
            ended_at: self.ended_at.map(to_input_value).unwrap_or_default(),
            venue: VenueInput::from_venue(&self.venue),
            representatives: self.representatives.iter().map(|r| r.as_str().to_owned()).collect(),
            attendees: self
                .attendees
                .iter()
                .map(|a| match a {
                    Attendee::Contact { id, person } => {
                        AttendeeInput { contact_id: id.to_string(), person: person.to_input() }
                    }
                    Attendee::WalkIn { person } => {
                        AttendeeInput { contact_id: String::new(), person: person.to_input() }
                    }
                })
                .collect(),
            topic: self.topic.as_str().into(),
            summary: self.summary.as_str().into(),
            opinions: Vec::new(),
        }
    }
}

fn parse_representatives(names: &[String]) -> Result<Vec<PersonName>, ValidationError> {
    let mut parsed = Vec::new();
    for name in names.iter().flat_map(|n| split_names(n)) {
        let name = PersonName::parse(&name)?;
        if !parsed.contains(&name) {
            parsed.push(name);
        }
    }
    if parsed.is_empty() {
        return Err(ValidationError::Required);
    }
    if parsed.len() > MAX_REPRESENTATIVES {
        return Err(ValidationError::TooMany { max: MAX_REPRESENTATIVES });
    }
    Ok(parsed)
}

fn parse_attendee(input: &AttendeeInput) -> Result<Attendee, FieldErrors> {
    let mut errors = Collector::default();
    let person = Person::collect(&input.person, &mut errors);
    let id = if input.contact_id.is_empty() {
        None
    } else {
        errors.take(Field::Id, input.contact_id.parse::<ContactId>().map(Some).map_err(|_| ValidationError::IdInvalid))
    };
    errors.finish()?;
    match (person, id) {
        (Some(person), Some(Some(id))) => Ok(Attendee::Contact { id, person }),
        (Some(person), None) => Ok(Attendee::WalkIn { person }),
        _ => unreachable!("Collector::finish reports every missing field"),
    }
}

/// The frozen storage and wire form of a reception card, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceptionCardRecord {
    /// Format version: 1.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// An [`ActivityKind`] code.
    pub kind: String,
    /// RFC 3339 UTC.
    pub started_at: String,
    /// RFC 3339 UTC, or empty.
    pub ended_at: String,
    /// Where.
    pub venue: Venue,
    /// Names.
    pub representatives: Vec<String>,
    /// Who came.
    pub attendees: Vec<Attendee>,
    /// Subject.
    pub topic: String,
    /// What was said.
    pub summary: String,
}

impl From<&ReceptionCard> for ReceptionCardRecord {
    fn from(card: &ReceptionCard) -> Self {
        ReceptionCardRecord {
            v: 1,
            id: card.id.to_string(),
            kind: card.kind.code().into(),
            started_at: to_wire(card.started_at),
            ended_at: card.ended_at.map(to_wire).unwrap_or_default(),
            venue: card.venue.clone(),
            representatives: card.representatives.iter().map(|r| r.as_str().to_owned()).collect(),
            attendees: card.attendees.clone(),
            topic: card.topic.as_str().into(),
            summary: card.summary.as_str().into(),
        }
    }
}

impl TryFrom<ReceptionCardRecord> for ReceptionCard {
    type Error = FieldErrors;

    fn try_from(r: ReceptionCardRecord) -> Result<Self, Self::Error> {
        check_version(r.v, 1)?;
        let mut errors = Collector::default();
        let id = errors.take(Field::Id, r.id.parse::<ReceptionCardId>().map_err(|_| ValidationError::IdInvalid));
        let kind = errors.take(Field::ActivityKind, ActivityKind::parse(&r.kind));
        let started_at = errors.take(Field::StartedAt, from_wire(&r.started_at));
        let ended_at = errors.take(Field::EndedAt, optional(&r.ended_at, from_wire));
        let representatives = errors.take(Field::Representatives, parse_representatives(&r.representatives));
        let topic = errors.take(Field::Topic, Topic::parse(&r.topic));
        let summary = errors.take(Field::Summary, Summary::parse(&r.summary));
        errors.finish()?;
        match (id, kind, started_at, ended_at, representatives, topic, summary) {
            (
                Some(id),
                Some(kind),
                Some(started_at),
                Some(ended_at),
                Some(representatives),
                Some(topic),
                Some(summary),
            ) => Ok(ReceptionCard {
                id,
                kind,
                started_at,
                ended_at,
                venue: r.venue,
                representatives,
                attendees: r.attendees,
                topic,
                summary,
            }),
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn now() -> DateTime<Utc> {
        "2026-11-22T08:00:00Z".parse().unwrap()
    }

    fn id(n: u128) -> uuid::Uuid {
        uuid::Uuid::from_u128(0x01936f4e_8c2a_7b3d_9f10_000000000000 + n)
    }

    fn person(name: &str, phone: &str) -> ContactInput {
        ContactInput { name: name.into(), phone: phone.into(), kind: "public".into(), ..ContactInput::default() }
    }

    fn valid() -> ReceptionInput {
        ReceptionInput {
            kind: "reception".into(),
            started_at: "2026-11-22T09:00".into(),
            ended_at: "2026-11-22T11:00".into(),
            venue: VenueInput { kind: "place".into(), id: String::new(), name: "幸福村村委会".into() },
            representatives: vec!["王建国、李红梅".into()],
            attendees: vec![
                AttendeeInput { contact_id: id(7).to_string(), person: person("张三", "13812345678") },
                AttendeeInput { contact_id: String::new(), person: person("赵六", "") },
            ],
            topic: "老旧小区改造".into(),
            summary: "居民反映加装电梯的问题。".into(),
            opinions: vec![OpinionCardInput {
                content: "希望加装电梯".into(),
                category: "urban_construction".into(),
                ..OpinionCardInput::default()
            }],
        }
    }

    fn submit(input: &ReceptionInput) -> Result<(ReceptionCard, Vec<OpinionCard>), SubmissionErrors> {
        let opinion_ids: Vec<_> =
            (0..input.opinions.len()).map(|i| OpinionCardId::from_uuid(id(100 + i as u128))).collect();
        ReceptionCard::submit(ReceptionCardId::from_uuid(id(1)), &opinion_ids, input, &Categories::preset(), now())
    }

    #[test]
    fn a_valid_card_gives_linked_opinions_with_the_meetings_place_and_time() {
        let (card, opinions) = submit(&valid()).unwrap();
        assert_eq!(card.representatives.len(), 2);
        assert!(matches!(card.attendees[0], Attendee::Contact { .. }));
        assert!(matches!(card.attendees[1], Attendee::WalkIn { .. }));
        assert_eq!(opinions.len(), 1);
        assert_eq!(opinions[0].reception, Some(card.id));
        assert_eq!(opinions[0].place.as_str(), "幸福村村委会");
        assert_eq!(opinions[0].collected_at, card.started_at);
        assert_eq!(card.to_input().representatives, vec!["王建国", "李红梅"]);
    }

    #[test]
    fn validation_table() {
        type Case = (fn(&mut ReceptionInput), Field, ValidationError);
        let cases: &[Case] = &[
            (|i| i.kind = String::new(), Field::ActivityKind, ValidationError::Required),
            (|i| i.kind = "party".into(), Field::ActivityKind, ValidationError::UnknownChoice),
            (|i| i.started_at = "2026-11-23T09:00".into(), Field::StartedAt, ValidationError::DateTimeInFuture),
            (|i| i.ended_at = "2026-11-22T08:59".into(), Field::EndedAt, ValidationError::EndBeforeStart),
            (|i| i.venue.name = " ".into(), Field::Venue, ValidationError::Required),
            (|i| i.venue.kind = "studio".into(), Field::Venue, ValidationError::IdInvalid),
            (|i| i.representatives = vec![" , 、".into()], Field::Representatives, ValidationError::Required),
            (
                |i| i.representatives = vec!["名".repeat(51)],
                Field::Representatives,
                ValidationError::TooLong { max: 50 },
            ),
            (|i| i.topic = String::new(), Field::Topic, ValidationError::Required),
            (|i| i.summary = "话".repeat(5001), Field::Summary, ValidationError::TooLong { max: 5000 }),
            (
                |i| i.attendees = vec![AttendeeInput::default(); MAX_ATTENDEES + 1],
                Field::Attendees,
                ValidationError::TooMany { max: MAX_ATTENDEES },
            ),
        ];
        for (change, field, error) in cases {
            let mut input = valid();
            change(&mut input);
            let errors = submit(&input).unwrap_err();
            assert_eq!(errors.card_error(*field), Some(error), "{field:?}: {:?}", errors.card);
        }
    }

    #[test]
    fn attendee_and_opinion_errors_are_reported_by_position() {
        let mut input = valid();
        input.attendees[1].person.phone = "12345".into();
        input.opinions.push(OpinionCardInput::default());
        let errors = submit(&input).unwrap_err();
        assert!(errors.card.is_empty());
        assert_eq!(errors.attendee_error(1, Field::Phone), Some(&ValidationError::PhoneInvalid));
        assert_eq!(errors.opinion_error(1, Field::Content), Some(&ValidationError::Required));
        assert_eq!(errors.opinion_error(0, Field::Content), None);
    }

    #[test]
    fn attendees_become_raisers_the_opinion_form_can_use() {
        let input = valid();
        let raisers: Vec<_> = input.attendees.iter().map(AttendeeInput::as_raiser).collect();
        assert_eq!(
            (raisers[0].kind.as_str(), raisers[0].name.as_str(), raisers[0].phone.as_str()),
            ("contact", "张三", "")
        );
        assert_eq!(raisers[1].kind, "walk_in");
        let mut input = input;
        input.opinions[0].raised_by = raisers[0].clone();
        let (_, opinions) = submit(&input).unwrap();
        assert!(matches!(&opinions[0].raised_by, crate::RaisedBy::Contact { name, .. } if name.as_str() == "张三"));
    }

    #[test]
    fn representatives_are_split_and_deduplicated() {
        assert_eq!(split_names("张三,李四、王五;张三\n"), vec!["张三", "李四", "王五", "张三"]);
        let names = parse_representatives(&["张三,李四".into(), "张三".into()]).unwrap();
        assert_eq!(names.len(), 2);
    }

    proptest! {
        #[test]
        fn records_round_trip(summary in "[\\p{Han}。,]{1,200}", minutes in 0i64..100_000) {
            let mut input = valid();
            input.summary = summary;
            let (card, _) = submit(&input).unwrap();
            let mut card = card;
            card.started_at -= chrono::TimeDelta::minutes(minutes);
            let json = serde_json::to_string(&ReceptionCardRecord::from(&card)).unwrap();
            let back: ReceptionCardRecord = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(ReceptionCard::try_from(back), Ok(card));
        }
    }

    #[test]
    fn opinions_raised_at_a_meeting_are_collected_by_its_first_representative() {
        let mut input = valid();
        input.representatives = vec!["李红梅、王建国".into()];
        let (_, opinions) = submit(&input).unwrap();
        assert_eq!(opinions[0].collected_by.as_ref().map(|p| p.as_str()), Some("李红梅"));
        input.opinions[0].collected_by = "联络员小周".into();
        let (_, opinions) = submit(&input).unwrap();
        assert_eq!(opinions[0].collected_by.as_ref().map(|p| p.as_str()), Some("联络员小周"));
    }
}
