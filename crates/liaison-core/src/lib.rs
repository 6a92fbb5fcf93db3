//! Liaison's domain: the records representatives capture and the rules they are
//! checked against.
//!
//! This crate is pure. It does no IO, reads no clock, draws no random numbers and
//! has no async code: callers pass the current time (`now`) and new ids in. It is
//! compiled natively for the server and to WebAssembly for the app, so the phone
//! and the server apply exactly the same rules.
//!
//! Values are parsed once at a boundary into newtypes ([`OpinionContent`],
//! [`PlaceName`], …); code that holds one never checks it again. Errors are enums
//! whose variants name a message in the `liaison-i18n` catalogue.

pub mod account;
pub mod addendum;
mod category;
mod choice;
pub mod contact;
pub mod demo;
pub mod document;
pub mod duty;
mod error;
pub mod export;
pub mod find;
mod ids;
pub mod matter;
mod opinion;
pub mod org;
pub mod org_tree;
pub mod paired;
mod phone;
pub mod photo;
pub mod pinyin;
pub mod reception;
pub mod roster;
pub mod schedule;
pub mod sort;
mod text;
pub mod time;

pub use category::{Categories, Category, CategoryDef};
pub use contact::{Contact, ContactInput, ContactKind, ContactRecord, ContactTag, Person};
pub use error::{Field, FieldError, FieldErrors, ValidationError};
pub use ids::{
    AddendumId, ContactId, DeviceId, DocumentId, IdError, LiaisonPointId, MatterId, MatterRequestId, OpinionCardId,
    OrganisationId, PairedEventId, PairingId, PhotoId, ProposalId, ReceptionCardId, RepresentativeId, ResearchReportId,
    StudioId, UserId, YearlyReportId,
};
pub use opinion::{
    OpinionCard, OpinionCardInput, OpinionCardRecord, OpinionCardRecordV2, OpinionCardRecordV3, RaisedBy,
    RaisedByInput, Urgency,
};
pub use phone::{MobilePhone, parse_optional_phone};
pub use reception::{
    ActivityKind, Attendee, AttendeeInput, ReceptionCard, ReceptionCardRecord, ReceptionInput, SubmissionErrors, Venue,
    VenueInput,
};
pub use text::{
    CategoryName, Instruction, NoteText, OpinionContent, OrganisationName, PersonName, PlaceName, Reason, ReplyText,
    Summary, Topic,
};
