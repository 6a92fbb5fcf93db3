//! Validation errors, each naming its message in the catalogue.

use liaison_i18n::{Locale, Msg};
use thiserror::Error;

/// Why a value was refused. `msg` and `args` give the text for the user.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ValidationError {
    /// A required value is empty (or only white space).
    #[error("required")]
    Required,
    /// The text is longer than `max` characters (Unicode scalar values).
    #[error("longer than {max} characters")]
    TooLong {
        /// The limit.
        max: usize,
    },
    /// A category code that is not in the catalogue.
    #[error("unknown category")]
    UnknownCategory,
    /// A list of categories that names one code twice.
    #[error("duplicate category")]
    DuplicateCategory,
    /// A date-time that cannot be read.
    #[error("invalid date-time")]
    DateTimeInvalid,
    /// A date-time later than now (beyond the allowed clock tolerance).
    #[error("date-time in the future")]
    DateTimeInFuture,
    /// A date-time before the earliest plausible date.
    #[error("date-time too early")]
    DateTimeTooEarly,
    /// Not a mainland mobile number.
    #[error("not a mainland mobile number")]
    PhoneInvalid,
    /// An end time before the start time.
    #[error("ends before it starts")]
    EndBeforeStart,
    /// More items than allowed (attendees, photos, opinions …).
    #[error("more than {max} items")]
    TooMany {
        /// The limit.
        max: usize,
    },
    /// A value that is not one of the allowed choices.
    #[error("unknown choice")]
    UnknownChoice,
    /// A day that cannot be read (`2026-01-31`).
    #[error("invalid date")]
    DateInvalid,
    /// The same thing listed twice where once is meant (a liaison point assigned twice …).
    #[error("listed twice")]
    ListedTwice,
    /// A record id that is not a UUID.
    #[error("invalid id")]
    IdInvalid,
    /// A login name outside 3–32 characters of `a-z 0-9 _ . -`.
    #[error("invalid login name")]
    LoginInvalid,
    /// A password shorter than `min` characters.
    #[error("shorter than {min} characters")]
    TooShort {
        /// The least allowed.
        min: usize,
    },
    /// A number outside `min..=max`.
    #[error("not between {min} and {max}")]
    OutOfRange {
        /// The least allowed.
        min: u32,
        /// The most allowed.
        max: u32,
    },
    /// A file name holding a path separator or a control character.
    #[error("invalid file name")]
    FileNameInvalid,
    /// A SHA-256 that is not 64 lowercase hex digits.
    #[error("invalid SHA-256")]
    HashInvalid,
    /// A file above the size allowed.
    #[error("file too large")]
    FileTooLarge,
    /// A stored or sent record of a format version this build does not know.
    #[error("unsupported format version {version}")]
    UnsupportedVersion {
        /// The version found.
        version: u32,
    },
}

impl ValidationError {
    /// The catalogue key of this error.
    pub fn msg(&self) -> Msg {
        match self {
            ValidationError::Required => Msg::Required,
            ValidationError::TooLong { .. } => Msg::TooLong,
            ValidationError::UnknownCategory => Msg::UnknownCategory,
            ValidationError::DuplicateCategory => Msg::DuplicateCategory,
            ValidationError::DateTimeInvalid => Msg::DateTimeInvalid,
            ValidationError::DateTimeInFuture => Msg::DateTimeInFuture,
            ValidationError::DateTimeTooEarly => Msg::DateTimeTooEarly,
            ValidationError::IdInvalid => Msg::IdInvalid,
            ValidationError::PhoneInvalid => Msg::PhoneInvalid,
            ValidationError::EndBeforeStart => Msg::EndBeforeStart,
            ValidationError::TooMany { .. } => Msg::TooMany,
            ValidationError::UnknownChoice => Msg::UnknownChoice,
            ValidationError::DateInvalid => Msg::DateInvalid,
            ValidationError::ListedTwice => Msg::ListedTwice,
            ValidationError::UnsupportedVersion { .. } => Msg::UnsupportedVersion,
            ValidationError::LoginInvalid => Msg::LoginInvalid,
            ValidationError::TooShort { .. } => Msg::TooShort,
            ValidationError::OutOfRange { .. } => Msg::OutOfRange,
            ValidationError::FileNameInvalid => Msg::FileNameInvalid,
            ValidationError::HashInvalid => Msg::HashInvalid,
            ValidationError::FileTooLarge => Msg::FileTooLarge,
        }
    }

    /// The message for the user, in `locale`.
    pub fn message(&self, locale: Locale) -> String {
        match self {
            ValidationError::TooLong { max } => self.msg().fill(locale, &[("max", &max.to_string())]),
            ValidationError::TooShort { min } => self.msg().fill(locale, &[("min", &min.to_string())]),
            ValidationError::OutOfRange { min, max } => {
                self.msg().fill(locale, &[("min", &min.to_string()), ("max", &max.to_string())])
            }
            ValidationError::UnsupportedVersion { version } => {
                self.msg().fill(locale, &[("version", &version.to_string())])
            }
            _ => self.msg().text(locale).to_owned(),
        }
    }
}

/// A field of a form or record, so an error can be shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The record's id.
    Id,
    /// An opinion's text.
    Content,
    /// An opinion's category.
    Category,
    /// Where something happened.
    Place,
    /// When an opinion was collected.
    CollectedAt,
    /// The format version of a record.
    Version,
    /// How urgent an opinion is.
    Urgency,
    /// Who raised an opinion.
    RaisedBy,
    /// A person's name.
    Name,
    /// A phone number.
    Phone,
    /// Member or public.
    ContactKind,
    /// Contact tags.
    Tags,
    /// An organisation's name.
    Organisation,
    /// The kind of a reception or activity.
    ActivityKind,
    /// When an activity started.
    StartedAt,
    /// When an activity ended.
    EndedAt,
    /// Where an activity took place.
    Venue,
    /// The representatives present.
    Representatives,
    /// The people who came.
    Attendees,
    /// The subject of a meeting.
    Topic,
    /// What was said.
    Summary,
    /// The opinions raised at a meeting.
    Opinions,
    /// Photos attached to a card.
    Photos,
    /// Who collected an opinion.
    CollectedBy,
    /// A user's login name.
    Login,
    /// A user's password.
    Password,
    /// A user's role.
    Role,
    /// The name a user gives a device.
    DeviceName,
    /// How the person who raised an opinion was told the reply.
    InformedHow,
    /// When they were told.
    InformedAt,
    /// Their verdict on the reply.
    Satisfaction,
    /// A reason written with a decision (why not satisfied …).
    Reason,
    /// What a request asks to be done to a matter.
    Action,
    /// What kind of document a representative submitted.
    DocumentKind,
    /// The day a document was submitted.
    SubmittedOn,
    /// Whom a document was submitted to.
    SubmittedTo,
}

impl Field {
    /// A stable snake_case name, for answers that say which field was refused.
    pub fn code(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Content => "content",
            Field::Category => "category",
            Field::Place => "place",
            Field::CollectedAt => "collected_at",
            Field::Version => "version",
            Field::Urgency => "urgency",
            Field::RaisedBy => "raised_by",
            Field::Name => "name",
            Field::Phone => "phone",
            Field::ContactKind => "contact_kind",
            Field::Tags => "tags",
            Field::Organisation => "organisation",
            Field::ActivityKind => "activity_kind",
            Field::StartedAt => "started_at",
            Field::EndedAt => "ended_at",
            Field::Venue => "venue",
            Field::Representatives => "representatives",
            Field::Attendees => "attendees",
            Field::Topic => "topic",
            Field::Summary => "summary",
            Field::Opinions => "opinions",
            Field::Photos => "photos",
            Field::CollectedBy => "collected_by",
            Field::Login => "login",
            Field::Password => "password",
            Field::Role => "role",
            Field::DeviceName => "device_name",
            Field::InformedHow => "informed_how",
            Field::InformedAt => "informed_at",
            Field::Satisfaction => "satisfaction",
            Field::Reason => "reason",
            Field::Action => "action",
            Field::DocumentKind => "document_kind",
            Field::SubmittedOn => "submitted_on",
            Field::SubmittedTo => "submitted_to",
        }
    }
}

/// One refused field.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{field:?}: {error}")]
pub struct FieldError {
    /// Which field.
    pub field: Field,
    /// Why.
    pub error: ValidationError,
}

/// Every refused field of one input, in form order. Never empty.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{} invalid field(s): {:?}", .0.len(), .0)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// A single refused field.
    pub fn one(field: Field, error: ValidationError) -> Self {
        FieldErrors(vec![FieldError { field, error }])
    }

    /// The error for `field`, if it was refused.
    pub fn get(&self, field: Field) -> Option<&ValidationError> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.error)
    }
}

/// Collects field results so that every error of a form is reported at once.
#[derive(Debug, Default)]
pub(crate) struct Collector(Vec<FieldError>);

impl Collector {
    pub(crate) fn take<T>(&mut self, field: Field, result: Result<T, ValidationError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(FieldError { field, error });
                None
            }
        }
    }

    pub(crate) fn finish(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(FieldErrors(self.0)) }
    }
}

/// Refuses a record whose format version is not `expected`.
/// The `v` of a stored or received record (0 when it has none).
pub(crate) fn version_of(value: &serde_json::Value) -> u64 {
    value.get("v").and_then(serde_json::Value::as_u64).unwrap_or(0)
}

/// The refusal of a record of `version`, which this build does not read
/// (or of a record that is not that version's shape).
pub(crate) fn unsupported(version: u64) -> FieldErrors {
    FieldErrors::one(
        Field::Version,
        ValidationError::UnsupportedVersion { version: u32::try_from(version).unwrap_or(u32::MAX) },
    )
}

pub(crate) fn check_version(found: u32, expected: u32) -> Result<(), FieldErrors> {
    if found == expected {
        Ok(())
    } else {
        Err(FieldErrors::one(Field::Version, ValidationError::UnsupportedVersion { version: found }))
    }
}
