//! The audit log: every successful transition yields one [`AuditEvent`]. A
//! matter's history is the list of its events in `seq` order; events are only
//! ever appended. Its frozen form is `AuditEventRecordV1`.

use super::{Action, ActionKind, MatterState};
use crate::account::Role;
use crate::{DeviceId, MatterId, UserId};
use chrono::{DateTime, Utc};

/// One change to a matter: who, from which device, as what, when, what they
/// did, and the state before and after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    /// The matter.
    pub matter: MatterId,
    /// Its place in the matter's history, from 1: the matter's `version` after it.
    pub seq: u32,
    /// Who.
    pub actor: UserId,
    /// From which device, when known.
    pub device: Option<DeviceId>,
    /// As what.
    pub role: Role,
    /// When (the server's clock).
    pub at: DateTime<Utc>,
    /// The state before.
    pub before: MatterState,
    /// The state after.
    pub after: MatterState,
    /// What was done, with everything it carried (the details).
    pub action: Action,
}

impl AuditEvent {
    /// The kind of what was done.
    pub fn kind(&self) -> ActionKind {
        self.action.kind()
    }
}

/// Whether the unit that has the matter now may see who raised it: the
/// office revealed it (`RevealRaiser`) after the last dispatch. A new
/// dispatch, to the same unit or another, hides it again.
pub fn raiser_revealed(events: &[AuditEvent]) -> bool {
    let last = |kind: ActionKind| events.iter().rposition(|e| e.kind() == kind);
    matches!((last(ActionKind::Dispatch), last(ActionKind::RevealRaiser)), (Some(d), Some(r)) if r > d)
}

/// Checks that `events` are one matter's unbroken history: numbered 1, 2, …,
/// each starting in the state the one before ended in, the first from
/// `reported`. Returns the index of the first event that breaks it.
pub fn check_history(events: &[AuditEvent]) -> Result<(), usize> {
    let mut state = MatterState::Reported;
    for (i, event) in events.iter().enumerate() {
        let numbered = usize::try_from(event.seq).ok() == Some(i + 1);
        if !numbered || event.before != state || event.matter != events[0].matter {
            return Err(i);
        }
        state = event.after;
    }
    Ok(())
}
