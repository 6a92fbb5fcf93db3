//! Who acts on a matter, and the three parties a transition may require.
//!
//! The core cannot look anyone up: the caller (the server, from the signed-in
//! device) says who the actor is, and the matter says its organisation, its
//! unit and its collector. A party is a role *and* a relationship:
//!
//! | party | role | relationship |
//! |---|---|---|
//! | [`Party::Office`] | office | the actor's organisation is the matter's organisation |
//! | [`Party::Unit`] | unit member | the actor's organisation is the unit the matter is dispatched to |
//! | [`Party::Collector`] | representative or liaison officer | the actor is the user who collected the opinion |
//!
//! Administrators manage accounts and organisations; they take no part in
//! handling. Which organisations an office may *see* (its subtree) is the
//! server's scope question, not this one.

use super::Matter;
use crate::account::Role;
use crate::{DeviceId, OrganisationId, UserId};
use serde::{Deserialize, Serialize};

/// The user making a change, as the server knows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// Their account.
    pub user: UserId,
    /// Their role.
    pub role: Role,
    /// The organisation they belong to (a unit member's is their unit).
    pub organisation: Option<OrganisationId>,
    /// The device they act from, when known.
    pub device: Option<DeviceId>,
}

/// Who may make a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The liaison office of the matter's organisation.
    Office,
    /// The responsible unit the matter is dispatched to.
    Unit,
    /// The representative (or liaison officer) who collected the opinion.
    Collector,
}

impl Party {
    /// Whether `actor` is this party for `matter`.
    pub fn includes(self, actor: &Actor, matter: &Matter) -> bool {
        match self {
            Party::Office => actor.role == Role::Office && actor.organisation == Some(matter.organisation),
            Party::Unit => actor.role == Role::UnitMember && matter.unit.is_some() && actor.organisation == matter.unit,
            Party::Collector => {
                matches!(actor.role, Role::Representative | Role::LiaisonOfficer) && actor.user == matter.collector
            }
        }
    }
}
