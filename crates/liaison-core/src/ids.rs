//! Typed record ids. Ids are UUIDs made by the caller (UUIDv7 on the device that
//! creates the record); this crate only parses and carries them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;
use uuid::Uuid;

/// A string that is not a UUID.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("not a UUID: {0:?}")]
pub struct IdError(pub String);

/// Declares a typed UUID id (used by the record modules).
macro_rules! typed_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// Wraps an id made by the caller.
            pub const fn from_uuid(uuid: Uuid) -> Self {
                $name(uuid)
            }

            /// The UUID inside.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl FromStr for $name {
            type Err = IdError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                // Only the hyphenated form: one spelling per id keeps keys comparable.
                if s.len() != 36 {
                    return Err(IdError(s.to_owned()));
                }
                Uuid::try_parse(s).map($name).map_err(|_| IdError(s.to_owned()))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }
    };
}

typed_id!(
    /// The id of an opinion card (社情民意收集卡).
    OpinionCardId
);
typed_id!(
    /// The id of a reception record card (接待、约见活动记录卡).
    ReceptionCardId
);
typed_id!(
    /// The id of a contact (联系对象).
    ContactId
);
typed_id!(
    /// The id of a representatives' studio (党代表工作室).
    StudioId
);
typed_id!(
    /// The id of a liaison point (联系点).
    LiaisonPointId
);
typed_id!(
    /// The id of an addendum (补充说明) to a submitted card.
    AddendumId
);
typed_id!(
    /// The id of a photo attached to a card.
    PhotoId
);
typed_id!(
    /// The id of an organisation (a party committee, a liaison office).
    OrganisationId
);
typed_id!(
    /// The id of a representative (党代表 / 班子成员).
    RepresentativeId
);
typed_id!(
    /// The id of a matter (事项): one opinion in handling at the liaison office,
    /// made by the server when the opinion card arrives.
    MatterId
);
typed_id!(
    /// The id of a collector's request about a matter (the person was told,
    /// their verdict), made on the phone.
    MatterRequestId
);
typed_id!(
    /// The id of a proposal (提案 / 意见建议) a representative submitted.
    ProposalId
);
typed_id!(
    /// The id of a research report (调研报告).
    ResearchReportId
);
typed_id!(
    /// The id of a representative's yearly report to their group (述职 / 汇报).
    YearlyReportId
);
typed_id!(
    /// The id of a document a representative submitted and recorded on their
    /// phone: a proposal, a research report or a yearly report
    /// ([`crate::document`]).
    DocumentId
);
typed_id!(
    /// The id of a user account on the server.
    UserId
);
typed_id!(
    /// The id of a signed-in device (one phone or computer of a user).
    DeviceId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_hyphenated_uuids() {
        let id: OpinionCardId = "01936f4e-8c2a-7b3d-9f10-123456789abc".parse().unwrap();
        assert_eq!(id.to_string(), "01936f4e-8c2a-7b3d-9f10-123456789abc");
        for bad in ["", "x", "01936f4e8c2a7b3d9f10123456789abc", "01936f4e-8c2a-7b3d-9f10-123456789abz"] {
            assert!(bad.parse::<OpinionCardId>().is_err(), "{bad}");
        }
    }
}
typed_id!(
    /// The id of a pairing (对口联系) of a department with a party or the
    /// federation of commerce.
    PairingId
);
typed_id!(
    /// The id of an event of a pairing (a joint meeting, a leaders' visit, a
    /// document exchange).
    PairedEventId
);
