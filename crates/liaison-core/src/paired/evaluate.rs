//! Where a pairing stands this year: its joint meetings and its leaders'
//! visits, each with done / required and the duties' status.

use super::pairing::{PairedEvent, PairedEventKind};
use super::rules::PairedRules;
use crate::PairingId;
use crate::duty::period::{Year, start_of_day};
use crate::duty::{DutyStatus, Progress};
use chrono::{DateTime, Utc};
use std::collections::HashSet;

/// One obligation of a pairing, this year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairedLine {
    /// Done and required (the least the rule asks).
    pub progress: Progress,
    /// Where it stands.
    pub status: DutyStatus,
    /// By when: the year's end (exclusive).
    pub due: DateTime<Utc>,
}

/// A pairing's year at `now`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PairedReport {
    /// The year counted.
    pub year: Year,
    /// Joint meetings (工作例会或联席会议).
    pub joint_meetings: PairedLine,
    /// Leaders' visits (领导走访), required = the rule's least.
    pub leader_visits: PairedLine,
    /// More visits than the rule's most.
    pub above_max: bool,
    /// Document exchanges recorded this year (nothing is owed).
    pub documents: u32,
}

impl PairedReport {
    /// The worse of the two statuses.
    pub fn worst(&self) -> DutyStatus {
        self.joint_meetings.status.max(self.leader_visits.status)
    }

    /// Everything still owed.
    pub fn owed(&self) -> u32 {
        self.joint_meetings.progress.owed() + self.leader_visits.progress.owed()
    }
}

/// Evaluates `pairing` at `now` under `rules` from `events` (any order, any
/// pairing's, repeats allowed: each id counts once, only this pairing's, only
/// those held this year in China).
pub fn evaluate(rules: PairedRules, pairing: PairingId, events: &[PairedEvent], now: DateTime<Utc>) -> PairedReport {
    let year = Year::containing(now);
    let mut seen = HashSet::new();
    let (mut meetings, mut visits, mut documents) = (0u32, 0u32, 0u32);
    for e in events {
        if e.pairing != pairing || !year.contains(start_of_day(Some(e.on))) || !seen.insert(e.id) {
            continue;
        }
        match e.kind {
            PairedEventKind::JointMeeting => meetings += 1,
            PairedEventKind::LeaderVisit => visits += 1,
            PairedEventKind::DocumentExchange => documents += 1,
        }
    }
    let line = |done, required| {
        let progress = Progress { done, required };
        let status = DutyStatus::of(progress.is_met(), progress, year.start(), year.end(), now);
        PairedLine { progress, status, due: year.end() }
    };
    PairedReport {
        year,
        joint_meetings: line(meetings, rules.joint_meetings()),
        leader_visits: line(visits, rules.visits_min()),
        above_max: visits > rules.visits_max(),
        documents,
    }
}
