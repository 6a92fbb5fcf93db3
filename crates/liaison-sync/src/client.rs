//! The phone's side of sync, as a state machine the app drives: it builds the
//! requests, checks each response against the request it answers, and says
//! what to write locally ([`Effects`]) and what to do next ([`Step`]). The app
//! moves the bytes (fetch) and runs the writes (IndexedDB).
//!
//! # The app's contract
//!
//! - A record and its [`OutboxEntry`] are written in **one transaction**: either
//!   both are on the phone or neither is.
//! - [`Effects`] of one response are written in **one transaction**: removed and
//!   quarantined entries, [`Effects::apply_to`] for every touched record, shown
//!   conflicts, and the cursor (only when [`Effects::cursor`] is `Some`). A
//!   crash before it commits leaves the phone as it was; the next sync asks
//!   again and gets the same answers (the server dedups by device and sequence
//!   number).
//! - When [`Effects::reoffer`] is set (the end of a pull after a server restore),
//!   the same transaction replaces the outbox by [`reoffer`]'s.
//!
//! Nothing here reads the phone's clock to order anything: `now` is used only to
//! warn about a wrong clock.

use crate::wire::{
    Body, Change, Cursor, DeviceId, FieldConflict, Limits, Mutation, MutationResult, MutationSeq, Op, Outcome,
    RecordKey, Rejection, SyncRequest, SyncResponse, VERSION,
};
use chrono::{DateTime, Utc};
use liaison_i18n::Msg;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::time::Duration;
use thiserror::Error;
use uuid::Uuid;

/// Where an outbox entry stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case", deny_unknown_fields)]
pub enum OutboxState {
    /// Not sent yet, or sent without an answer (sent again next time).
    Waiting,
    /// In a request whose answer has not come; treated as waiting by the next
    /// session (re-sending is safe).
    Sending,
    /// Refused by the server: kept and shown, never sent again, never blocking
    /// the others.
    Quarantined {
        /// Why.
        rejection: Rejection,
    },
}

/// A mutation waiting for the server's answer, stored on the phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboxEntry {
    /// The mutation.
    pub mutation: Mutation,
    /// Where it stands.
    pub state: OutboxState,
}

impl OutboxEntry {
    /// A new entry, waiting.
    pub fn waiting(mutation: Mutation) -> OutboxEntry {
        OutboxEntry { mutation, state: OutboxState::Waiting }
    }

    /// Whether it still goes to the server (waiting or sending).
    pub fn is_pending(&self) -> bool {
        !matches!(self.state, OutboxState::Quarantined { .. })
    }
}

/// What the phone last learned of a record from the server.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerCopy {
    /// The epoch it was learned in (versions of another epoch do not compare).
    pub epoch: Uuid,
    /// The record's version.
    pub version: u64,
    /// The body (none for a tombstone received without one).
    pub body: Option<Body>,
    /// A tombstone.
    pub deleted: bool,
}

/// A record on the phone: the server's copy and what the user sees, which is
/// the server's copy with the pending outbox edits on top.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalRecord {
    /// Which record.
    pub key: RecordKey,
    /// The server's copy, once known.
    pub server: Option<ServerCopy>,
    /// What the user sees; `None` when deleted (or not known at all).
    pub body: Option<Body>,
}

/// The body the user sees: `server`'s, with `pending` (the record's waiting
/// mutations, oldest first) applied on top.
pub fn view(server: Option<&ServerCopy>, pending: &[&Mutation]) -> Option<Body> {
    let mut body = server.filter(|s| !s.deleted).and_then(|s| s.body.clone());
    for m in pending {
        match &m.op {
            Op::Create { body: created } | Op::Offer { body: created } => {
                if body.is_none() {
                    body = Some(created.clone());
                }
            }
            Op::Update { fields, .. } => {
                if let Some(body) = body.as_mut() {
                    for (field, change) in fields {
                        body.insert(field.clone(), change.new.clone());
                    }
                }
            }
            Op::Delete { .. } => body = None,
        }
    }
    body
}

/// Stores a pulled change: it replaces the server's copy if it is newer (or from
/// another epoch); the record's pending edits stay on top until the server
/// answers them. A receipt (own, no body) is a card this device created: any
/// body the phone holds for it is that body (cards never change).
pub fn merge_incoming(local: Option<&LocalRecord>, pending: &[&Mutation], change: &Change, epoch: Uuid) -> LocalRecord {
    let old = local.and_then(|l| l.server.as_ref());
    let newer = old.is_none_or(|s| s.epoch != epoch || change.version > s.version);
    let server = if newer {
        let body = match &change.body {
            Some(body) => Some(body.clone()),
            None if change.deleted => old.and_then(|s| s.body.clone()),
            // A receipt: the body is the device's own create, still pending or
            // already settled into the server copy. (Failing both, what the user sees.)
            None => pending
                .iter()
                .find_map(|m| match &m.op {
                    Op::Create { body } | Op::Offer { body } => Some(body.clone()),
                    _ => None,
                })
                .or_else(|| old.and_then(|s| s.body.clone()))
                .or_else(|| local.and_then(|l| l.body.clone())),
        };
        Some(ServerCopy { epoch, version: change.version, body, deleted: change.deleted })
    } else {
        old.cloned()
    };
    LocalRecord { key: change.key, body: view(server.as_ref(), pending), server }
}

/// Stores the server's answer to one of the device's mutations. A create's
/// answer makes its body the server's copy (at version 1: the version the
/// create wrote, so any later change replaces it); an offer's, at version 0. An update's or delete's is
/// applied to the copy optimistically at the copy's version: the server's
/// resulting state arrives as a change with its body, because only creates come
/// back as receipts. Conflicting fields take the server's value. A rejection
/// leaves the copy alone. `pending` are the record's mutations still waiting
/// after this answer.
pub fn settle(
    local: Option<&LocalRecord>,
    mutation: &Mutation,
    outcome: &Outcome,
    pending: &[&Mutation],
    epoch: Uuid,
) -> LocalRecord {
    let mut server = local.and_then(|l| l.server.clone());
    let conflicts: &[FieldConflict] = match outcome {
        Outcome::Conflict { conflicts, .. } => conflicts,
        _ => &[],
    };
    if !matches!(outcome, Outcome::Rejected { .. }) {
        match &mutation.op {
            Op::Create { body } => {
                if server.as_ref().is_none_or(|s| s.epoch != epoch) {
                    server = Some(ServerCopy { epoch, version: 1, body: Some(body.clone()), deleted: false });
                }
            }
            // Applied may mean "the server's record stands", of any version and
            // body: version 0 lets the record's next change replace it.
            Op::Offer { body } => {
                if server.as_ref().is_none_or(|s| s.epoch != epoch) {
                    server = Some(ServerCopy { epoch, version: 0, body: Some(body.clone()), deleted: false });
                }
            }
            Op::Update { fields, .. } => {
                if let Some(body) = server.as_mut().and_then(|s| s.body.as_mut()) {
                    for (field, change) in fields {
                        body.insert(field.clone(), change.new.clone());
                    }
                    for conflict in conflicts {
                        body.insert(conflict.field.clone(), conflict.server.clone());
                    }
                }
            }
            Op::Delete { .. } => {
                if let Some(s) = server.as_mut() {
                    s.deleted = true;
                }
            }
        }
    }
    LocalRecord { key: mutation.key, body: view(server.as_ref(), pending), server }
}

/// A new outbox after a server restore ([`Effects::reoffer`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reoffered {
    /// The outbox that replaces the old one.
    pub outbox: Vec<OutboxEntry>,
    /// The device's next sequence number.
    pub next_seq: MutationSeq,
}

/// After a restore, the server may have lost records the phone holds. Every
/// record the re-pull did not bring back (its copy is still of another epoch),
/// that is not deleted and has no pending create, is offered again
/// ([`Op::Offer`]: written if the server has none) with its server copy, ahead
/// of the pending entries, which are renumbered after
/// them (from `next_seq`) so that they apply on top. Renumbering is safe: no
/// entry has been applied in the new epoch (a reset applies no push, and the
/// re-pull pushes nothing). Pending creates become offers too: one may have
/// been applied before the restore and reached other phones, which offer it
/// back first. Records are offered by every phone holding them, so any one
/// brings a lost card back; the first offer wins, the others leave it. Quarantined entries stay as they are.
pub fn reoffer<'a>(
    records: impl IntoIterator<Item = &'a LocalRecord>,
    outbox: &[OutboxEntry],
    epoch: Uuid,
    next_seq: MutationSeq,
) -> Reoffered {
    let created: BTreeSet<RecordKey> = outbox
        .iter()
        .filter(|e| e.is_pending() && matches!(e.mutation.op, Op::Create { .. } | Op::Offer { .. }))
        .map(|e| e.mutation.key)
        .collect();
    let mut seq = next_seq;
    let mut lost: Vec<(RecordKey, Body)> = records
        .into_iter()
        .filter(|r| !created.contains(&r.key))
        .filter_map(|r| {
            let s = r.server.as_ref()?;
            (s.epoch != epoch && !s.deleted).then(|| s.body.clone().map(|b| (r.key, b)))?
        })
        .collect();
    lost.sort_by_key(|(key, _)| *key);
    let mut new = Vec::with_capacity(lost.len() + outbox.len());
    for (key, body) in lost {
        new.push(OutboxEntry::waiting(Mutation { seq, key, op: Op::Offer { body } }));
        seq = seq.next();
    }
    let mut pending: Vec<&OutboxEntry> = outbox.iter().filter(|e| e.is_pending()).collect();
    pending.sort_by_key(|e| e.mutation.seq);
    for entry in pending {
        let op = match &entry.mutation.op {
            Op::Create { body } => Op::Offer { body: body.clone() },
            op => op.clone(),
        };
        new.push(OutboxEntry::waiting(Mutation { seq, key: entry.mutation.key, op }));
        seq = seq.next();
    }
    new.extend(outbox.iter().filter(|e| !e.is_pending()).cloned());
    Reoffered { outbox: new, next_seq: seq }
}

/// Why a request failed, as the app saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer (offline, timeout, connection lost). Retryable.
    Network,
    /// The server answered with an error (5xx), or an answer that did not fit
    /// ([`ProtocolError`]). Retryable.
    Server,
    /// The server does not know the device (401). Permanent.
    Unauthorized,
    /// The device was revoked (403). Permanent.
    Revoked,
}

/// What the app does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Send this request now.
    Send(SyncRequest),
    /// Send this request again after `after` (plus any jitter the app adds).
    Retry {
        /// How long to wait.
        after: Duration,
        /// The same request as before: re-sending is safe.
        request: SyncRequest,
    },
    /// Nothing more to do now.
    Done,
    /// Stop syncing and tell the user; everything stays on the phone.
    Stop {
        /// What to tell them.
        reason: Msg,
    },
}

/// The wait before retry number `attempt` (1, 2, …): 1 s, 2 s, 4 s … capped at
/// 5 minutes. Deterministic; the app may add jitter.
pub fn backoff(attempt: u32) -> Duration {
    const CAP: u64 = 300;
    let exponent = attempt.saturating_sub(1).min(16);
    Duration::from_secs((1u64 << exponent).min(CAP))
}

/// How far the phone's clock is from the server's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClockSkew {
    /// Server time minus phone time, in seconds.
    pub seconds: i64,
    /// More than [`SKEW_TOLERANCE_SECONDS`] either way: warn the user
    /// ([`Msg::SyncClockSkew`]). Sync works anyway: nothing orders by the phone's clock.
    pub flagged: bool,
}

/// The clock difference tolerated without a warning: 5 minutes.
pub const SKEW_TOLERANCE_SECONDS: i64 = 300;

/// A conflict to show the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShownConflict {
    /// The record.
    pub key: RecordKey,
    /// The device's mutation.
    pub seq: MutationSeq,
    /// The record's version after it.
    pub version: u64,
    /// The fields where the server kept its value.
    pub conflicts: Vec<FieldConflict>,
}

/// What to write on the phone for one response, in one transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effects {
    /// Outbox entries answered (applied, merged, conflict): remove them.
    pub remove: Vec<MutationSeq>,
    /// Outbox entries refused: mark them quarantined with their rejection.
    pub quarantine: Vec<(MutationSeq, Rejection)>,
    /// Each answered mutation with its answer, for [`Effects::apply_to`] and
    /// the "received by the server" state.
    pub settled: Vec<(Mutation, MutationResult)>,
    /// Pulled changes, in log order.
    pub changes: Vec<Change>,
    /// Conflicts to record and show.
    pub conflicts: Vec<ShownConflict>,
    /// The epoch the changes belong to.
    pub epoch: Uuid,
    /// The cursor to save with the page; `None` while a re-pull after a restore
    /// is under way (a crash during it restarts the re-pull).
    pub cursor: Option<Cursor>,
    /// The server was restored: a re-pull from the start began with this response.
    pub reset: bool,
    /// The re-pull is complete: replace the outbox by [`reoffer`]'s, in this transaction.
    pub reoffer: bool,
    /// The phone's clock against the server's.
    pub clock: ClockSkew,
    /// What to do next.
    pub next: Step,
}

impl Effects {
    /// Whether this response changes nothing on a phone whose saved cursor
    /// is `saved`: no answer, no change, no conflict, no restore, the same
    /// cursor and a clock in time. The phone may then skip writing it (a sync
    /// with nothing to do writes nothing).
    pub fn changes_nothing(&self, saved: Option<Cursor>) -> bool {
        self.remove.is_empty()
            && self.quarantine.is_empty()
            && self.settled.is_empty()
            && self.changes.is_empty()
            && self.conflicts.is_empty()
            && !self.reset
            && !self.reoffer
            && !self.clock.flagged
            && self.cursor.is_some()
            && self.cursor == saved
    }

    /// Every record this response touches, for the app to read before calling
    /// [`Effects::apply_to`].
    pub fn touched_keys(&self) -> BTreeSet<RecordKey> {
        self.settled.iter().map(|(m, _)| m.key).chain(self.changes.iter().map(|c| c.key)).collect()
    }

    /// The new state of `key`'s record: the answers to its mutations, then its
    /// pulled changes. `pending` are its outbox mutations still waiting after
    /// this response, oldest first.
    pub fn apply_to(&self, key: RecordKey, local: Option<&LocalRecord>, pending: &[&Mutation]) -> Option<LocalRecord> {
        let mut record = local.cloned();
        for (mutation, result) in self.settled.iter().filter(|(m, _)| m.key == key) {
            record = Some(settle(record.as_ref(), mutation, &result.outcome, pending, self.epoch));
        }
        for change in self.changes.iter().filter(|c| c.key == key) {
            record = Some(merge_incoming(record.as_ref(), pending, change, self.epoch));
        }
        record
    }
}

/// A response that does not answer the request it came for. Nothing of it is
/// applied; the app treats it as [`Failure::Server`].
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ProtocolError {
    /// No request is waiting for an answer.
    #[error("no request is waiting for an answer")]
    NotWaiting,
    /// An answer for a mutation that was not in the request.
    #[error("answer for mutation {0:?}, which was not sent")]
    NotInRequest(MutationSeq),
    /// Two answers for one mutation.
    #[error("two answers for mutation {0:?}")]
    DuplicateResult(MutationSeq),
    /// A mutation sent without an answer.
    #[error("no answer for mutation {0:?}")]
    MissingResult(MutationSeq),
    /// Answers in a reset, which applies nothing.
    #[error("answers in a reset")]
    ResultsOnReset,
    /// A reset that does not change the epoch, or an epoch change without reset.
    #[error("epoch changed without reset, or reset without a new epoch")]
    Epoch,
    /// The cursor went backwards within its epoch.
    #[error("cursor went back from {from} to {to}")]
    CursorBackwards {
        /// The request's.
        from: u64,
        /// The response's.
        to: u64,
    },
    /// A change not after the request's cursor, out of order, or beyond the response's cursor.
    #[error("change {0} out of order")]
    ChangeOutOfOrder(u64),
    /// More changes than asked for.
    #[error("more changes than asked for")]
    TooManyChanges,
    /// A change without body that is neither a receipt nor a tombstone.
    #[error("change {0} has no body")]
    MissingBody(u64),
    /// `more` with an empty page: the pull would never end.
    #[error("more changes announced but none sent")]
    NoProgress,
    /// Not protocol version 1.
    #[error("unsupported protocol version {0}")]
    Version(u32),
}

impl ProtocolError {
    /// The catalogue key for the user.
    pub fn msg(&self) -> Msg {
        Msg::SyncProtocol
    }
}

/// One sync: requests until the outbox it was given (at the start, and in
/// portions since: [`Session::extend`]) is pushed and the log is pulled to
/// its end.
#[derive(Clone, Debug)]
pub struct Session {
    device: DeviceId,
    limits: Limits,
    /// Mutations not yet answered, in sequence order; the first of them are in flight.
    queue: Vec<Mutation>,
    in_flight: Option<SyncRequest>,
    /// Re-pulling after a restore: push nothing, save no cursor until the end.
    resetting: bool,
    attempts: u32,
    /// The most bytes of mutations the next push carries (at least one
    /// mutation goes whatever its size): see [`Session::on_response_in`].
    budget: usize,
}

/// The bytes of mutations a session's first push carries at most: about 180
/// cards of 1 KB of text, a few seconds on a weak mobile network.
pub const FIRST_PUSH_BYTES: usize = 256 << 10;

/// The least a push's budget shrinks to after slow answers.
pub const LEAST_PUSH_BYTES: usize = 32 << 10;

/// An answer within this lets the next push carry twice as much (up to
/// [`Limits::max_request_bytes`]); a slower one halves it.
pub const QUICK_ANSWER: Duration = Duration::from_secs(2);

/// The length of a mutation as encoded in a request (a comma after it).
fn encoded_len(mutation: &Mutation) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(1);
    // Every field serialises infallibly (see `wire::encode_request`); were it
    // not to, the mutation would count as large and go alone.
    match serde_json::to_writer(&mut count, mutation) {
        Ok(()) => count.0,
        Err(_) => usize::MAX,
    }
}

impl Session {
    /// Starts a sync from `cursor` with the pending entries of `outbox` (at most
    /// `limits.max_push` a request and [`FIRST_PUSH_BYTES`] in the first,
    /// oldest first; a device's first sync, with no cursor, pulls once before
    /// it pushes). The app may mark the sent
    /// entries [`OutboxState::Sending`].
    pub fn start(
        device: DeviceId,
        cursor: Option<Cursor>,
        outbox: &[OutboxEntry],
        limits: &Limits,
    ) -> (Session, SyncRequest) {
        let budget = FIRST_PUSH_BYTES.min(limits.max_request_bytes);
        let mut session = Session {
            device,
            limits: *limits,
            queue: Vec::new(),
            in_flight: None,
            resetting: false,
            attempts: 0,
            budget,
        };
        session.extend(outbox);
        let request = session.request(cursor);
        (session, request)
    }

    fn request(&mut self, cursor: Option<Cursor>) -> SyncRequest {
        // Nothing is pushed during a re-pull, nor before the first cursor: every
        // push names its epoch, so a restore is noticed before anything applies.
        let push = if self.resetting || cursor.is_none() {
            Vec::new()
        } else {
            // Oldest first, as many as the budget holds, and always one.
            let mut bytes = 0usize;
            let mut push = Vec::new();
            for mutation in self.queue.iter().take(self.limits.max_push) {
                bytes = bytes.saturating_add(encoded_len(mutation));
                if !push.is_empty() && bytes > self.budget {
                    break;
                }
                push.push(mutation.clone());
            }
            push
        };
        let request =
            SyncRequest { v: VERSION, device: self.device, cursor, push, pull_limit: self.limits.max_pull.max(1) };
        self.in_flight = Some(request.clone());
        request
    }

    /// Adds outbox entries read after the session started (an outbox read in
    /// portions while the first pushes travel): their pending mutations join
    /// the queue in sequence order, and an entry already queued is not queued
    /// twice. Added before an answer is handed to [`Session::on_response`],
    /// they go in the request that answer leads to.
    ///
    /// The session ends once its queue is empty and the log is pulled to its
    /// end, so the app adds the next portion while [`Session::queued`] is
    /// more than one push (it reads the next one below two pushes: see
    /// `app/tools/src/sync.rs`).
    pub fn extend(&mut self, outbox: &[OutboxEntry]) {
        self.queue.extend(outbox.iter().filter(|e| e.is_pending()).map(|e| e.mutation.clone()));
        self.queue.sort_by_key(|m| m.seq);
        self.queue.dedup_by_key(|m| m.seq);
    }

    /// How many mutations wait for an answer (those in flight included).
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// The request waiting for an answer, if any.
    pub fn in_flight(&self) -> Option<&SyncRequest> {
        self.in_flight.as_ref()
    }

    /// [`Session::on_response`] for an answer that came `elapsed` after its
    /// request left: within [`QUICK_ANSWER`] the next push may carry twice
    /// the bytes (up to [`Limits::max_request_bytes`]), slower it carries
    /// half (down to [`LEAST_PUSH_BYTES`]). So a fast network moves many
    /// cards a request, and a weak one is not given requests it cannot carry.
    pub fn on_response_in(
        &mut self,
        response: &SyncResponse,
        now: DateTime<Utc>,
        elapsed: Duration,
    ) -> Result<Effects, ProtocolError> {
        let least = LEAST_PUSH_BYTES.min(self.limits.max_request_bytes);
        self.budget = if elapsed <= QUICK_ANSWER {
            self.budget.saturating_mul(2).min(self.limits.max_request_bytes)
        } else {
            (self.budget / 2).max(least)
        };
        self.on_response(response, now)
    }

    /// Checks `response` against the request in flight and says what to write.
    /// `now` is the phone's clock, used only for the skew warning. The next
    /// push carries as many bytes as the last.
    pub fn on_response(&mut self, response: &SyncResponse, now: DateTime<Utc>) -> Result<Effects, ProtocolError> {
        let request = self.in_flight.as_ref().ok_or(ProtocolError::NotWaiting)?;
        check(request, response)?;
        let request = self.in_flight.take().unwrap_or_else(|| unreachable!("checked above"));
        self.attempts = 0;

        let mut effects = Effects {
            remove: Vec::new(),
            quarantine: Vec::new(),
            settled: Vec::new(),
            changes: response.changes.clone(),
            conflicts: Vec::new(),
            epoch: response.cursor.epoch,
            cursor: None,
            reset: response.reset,
            reoffer: false,
            clock: skew(response.server_time, now),
            next: Step::Done,
        };
        // In the order sent (the server may answer in any order): a record's
        // answers are settled oldest first.
        for mutation in &request.push {
            let Some(result) = response.results.iter().find(|r| r.seq == mutation.seq) else { continue };
            match &result.outcome {
                Outcome::Rejected { reason } => effects.quarantine.push((result.seq, reason.clone())),
                Outcome::Conflict { version, conflicts } => {
                    effects.remove.push(result.seq);
                    effects.conflicts.push(ShownConflict {
                        key: mutation.key,
                        seq: result.seq,
                        version: *version,
                        conflicts: conflicts.clone(),
                    });
                }
                Outcome::Applied { .. } | Outcome::Merged { .. } => effects.remove.push(result.seq),
            }
            effects.settled.push((mutation.clone(), result.clone()));
        }
        let answered: BTreeSet<MutationSeq> = response.results.iter().map(|r| r.seq).collect();
        self.queue.retain(|m| !answered.contains(&m.seq));

        if response.reset {
            self.resetting = true;
        }
        if response.more {
            if !self.resetting {
                effects.cursor = Some(response.cursor);
            }
            effects.next = Step::Send(self.request(Some(response.cursor)));
        } else if self.resetting {
            // The re-pull is complete: save the cursor with the new outbox; the
            // app syncs again to push it.
            self.resetting = false;
            effects.cursor = Some(response.cursor);
            effects.reoffer = true;
        } else {
            effects.cursor = Some(response.cursor);
            if !self.queue.is_empty() {
                effects.next = Step::Send(self.request(Some(response.cursor)));
            }
        }
        Ok(effects)
    }

    /// The request in flight failed: retry it after a back-off, or stop.
    pub fn on_failure(&mut self, failure: Failure) -> Step {
        let Some(request) = self.in_flight.clone() else { return Step::Done };
        match failure {
            Failure::Network | Failure::Server => {
                self.attempts = self.attempts.saturating_add(1);
                Step::Retry { after: backoff(self.attempts), request }
            }
            Failure::Unauthorized => {
                self.in_flight = None;
                Step::Stop { reason: Msg::SyncUnauthorized }
            }
            Failure::Revoked => {
                self.in_flight = None;
                Step::Stop { reason: Msg::SyncRevoked }
            }
        }
    }
}

fn skew(server_time: DateTime<Utc>, now: DateTime<Utc>) -> ClockSkew {
    let seconds = (server_time - now).num_seconds();
    ClockSkew { seconds, flagged: seconds.abs() > SKEW_TOLERANCE_SECONDS }
}

/// Whether `response` can answer `request`.
fn check(request: &SyncRequest, response: &SyncResponse) -> Result<(), ProtocolError> {
    if response.v != request.v {
        return Err(ProtocolError::Version(response.v));
    }
    let sent: BTreeSet<MutationSeq> = request.push.iter().map(|m| m.seq).collect();
    let mut seen = BTreeSet::new();
    for result in &response.results {
        if !sent.contains(&result.seq) {
            return Err(ProtocolError::NotInRequest(result.seq));
        }
        if !seen.insert(result.seq) {
            return Err(ProtocolError::DuplicateResult(result.seq));
        }
    }
    if response.reset {
        if !response.results.is_empty() {
            return Err(ProtocolError::ResultsOnReset);
        }
    } else if let Some(missing) = sent.difference(&seen).next() {
        return Err(ProtocolError::MissingResult(*missing));
    }
    let after = match (request.cursor, response.reset) {
        (None, true) => return Err(ProtocolError::Epoch),
        (Some(c), true) if c.epoch == response.cursor.epoch => return Err(ProtocolError::Epoch),
        (Some(c), false) if c.epoch != response.cursor.epoch => return Err(ProtocolError::Epoch),
        (Some(c), false) if response.cursor.seq < c.seq => {
            return Err(ProtocolError::CursorBackwards { from: c.seq, to: response.cursor.seq });
        }
        (Some(c), false) => c.seq,
        (_, _) => 0,
    };
    if response.changes.len() > request.pull_limit as usize {
        return Err(ProtocolError::TooManyChanges);
    }
    let mut last = after;
    for change in &response.changes {
        if change.seq <= last || change.seq > response.cursor.seq {
            return Err(ProtocolError::ChangeOutOfOrder(change.seq));
        }
        last = change.seq;
        if change.body.is_none() && !change.own && !change.deleted {
            return Err(ProtocolError::MissingBody(change.seq));
        }
    }
    if response.more && response.changes.is_empty() {
        return Err(ProtocolError::NoProgress);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{Collection, FieldChange};
    use serde_json::json;

    const EPOCH: Uuid = Uuid::from_u128(0xe1);

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn device() -> DeviceId {
        DeviceId::from_uuid(Uuid::from_u128(0xd1))
    }

    fn key(n: u128) -> RecordKey {
        RecordKey { collection: Collection::Contact, id: Uuid::from_u128(n) }
    }

    fn body(name: &str, phone: &str) -> Body {
        let serde_json::Value::Object(b) = json!({"name": name, "phone": phone}) else { unreachable!() };
        b
    }

    fn create(seq: u64, n: u128) -> Mutation {
        Mutation { seq: MutationSeq(seq), key: key(n), op: Op::Create { body: body("张三", "") } }
    }

    fn edit(seq: u64, n: u128, base_version: u64, field: &str, old: &str, new: &str) -> Mutation {
        let fields = [(field.to_owned(), FieldChange { old: json!(old), new: json!(new) })].into();
        Mutation { seq: MutationSeq(seq), key: key(n), op: Op::Update { base_version, fields } }
    }

    fn result(seq: u64, outcome: Outcome) -> MutationResult {
        MutationResult { seq: MutationSeq(seq), outcome, received_at: at("2026-11-22T01:30:00Z") }
    }

    fn response(results: Vec<MutationResult>, changes: Vec<Change>, seq: u64) -> SyncResponse {
        SyncResponse {
            v: VERSION,
            results,
            changes,
            cursor: Cursor { epoch: EPOCH, seq },
            more: false,
            reset: false,
            server_time: at("2026-11-22T01:30:00Z"),
        }
    }

    fn change(seq: u64, n: u128, version: u64, body: Option<Body>) -> Change {
        Change { seq, key: key(n), version, body, deleted: false, own: false, received_at: at("2026-11-22T01:30:00Z") }
    }

    fn start(cursor: Option<Cursor>, outbox: &[OutboxEntry]) -> (Session, SyncRequest) {
        Session::start(device(), cursor, outbox, &Limits { max_push: 2, max_pull: 10, ..Limits::default() })
    }

    #[test]
    fn nothing_to_do_is_one_request() {
        let (mut session, request) = start(Some(Cursor { epoch: EPOCH, seq: 4 }), &[]);
        assert!(request.push.is_empty());
        let effects = session.on_response(&response(vec![], vec![], 4), at("2026-11-22T01:31:00Z")).unwrap();
        assert_eq!(effects.next, Step::Done);
        assert_eq!(effects.cursor, Some(Cursor { epoch: EPOCH, seq: 4 }));
        assert!(!effects.clock.flagged);
        assert!(effects.changes_nothing(Some(Cursor { epoch: EPOCH, seq: 4 })));
        assert!(!effects.changes_nothing(Some(Cursor { epoch: EPOCH, seq: 3 })), "a cursor to save");
        assert!(!effects.changes_nothing(None));
        // A second copy of the answer finds nothing waiting.
        assert_eq!(
            session.on_response(&response(vec![], vec![], 4), at("2026-11-22T01:31:00Z")),
            Err(ProtocolError::NotWaiting)
        );
    }

    #[test]
    fn the_outbox_goes_in_batches_and_rejections_do_not_block() {
        let outbox = [
            OutboxEntry::waiting(create(3, 3)),
            OutboxEntry::waiting(create(1, 1)),
            OutboxEntry { mutation: create(2, 2), state: OutboxState::Sending },
            OutboxEntry {
                mutation: create(0, 9),
                state: OutboxState::Quarantined { rejection: Rejection::new(Msg::SyncIdTaken) },
            },
        ];
        let (mut session, request) = start(Some(Cursor { epoch: EPOCH, seq: 0 }), &outbox);
        assert_eq!(request.push.iter().map(|m| m.seq.0).collect::<Vec<_>>(), [1, 2]);
        let answer = response(
            vec![
                result(2, Outcome::Applied { version: 1 }),
                result(1, Outcome::Rejected { reason: Rejection::new(Msg::SyncIdTaken) }),
            ],
            vec![],
            0,
        );
        let effects = session.on_response(&answer, at("2026-11-22T01:30:00Z")).unwrap();
        assert_eq!(effects.remove, [MutationSeq(2)]);
        assert_eq!(effects.quarantine, [(MutationSeq(1), Rejection::new(Msg::SyncIdTaken))]);
        assert!(!effects.changes_nothing(effects.cursor), "answers to write");
        let Step::Send(next) = effects.next else { panic!("the third entry is still to go") };
        assert_eq!(next.push.iter().map(|m| m.seq.0).collect::<Vec<_>>(), [3]);
        assert_eq!(next.cursor, Some(Cursor { epoch: EPOCH, seq: 0 }));
    }

    /// A contact whose name is `chars` Chinese characters (3 bytes each).
    fn long_create(seq: u64, chars: usize) -> Mutation {
        Mutation {
            seq: MutationSeq(seq),
            key: key(u128::from(seq)),
            op: Op::Create { body: body(&"张".repeat(chars), "") },
        }
    }

    fn applied_all(request: &SyncRequest, seq: u64) -> SyncResponse {
        let results = request.push.iter().map(|m| result(m.seq.0, Outcome::Applied { version: 1 })).collect();
        response(results, vec![], seq)
    }

    #[test]
    fn pushes_grow_while_answers_are_quick_and_shrink_when_slow() {
        // 200 mutations of about 30 KB each; a limit of 1 MiB a request.
        let outbox: Vec<OutboxEntry> = (1..=200).map(|seq| OutboxEntry::waiting(long_create(seq, 10_000))).collect();
        let size = encoded_len(&outbox[0].mutation);
        assert!((30_000..31_000).contains(&size), "{size}");
        let limits = Limits { max_push: 1_000, max_request_bytes: 1 << 20, ..Limits::default() };
        let (mut session, mut request) =
            Session::start(device(), Some(Cursor { epoch: EPOCH, seq: 0 }), &outbox, &limits);
        let mut counts = Vec::new();
        let quick = Duration::from_millis(300);
        let slow = QUICK_ANSWER + Duration::from_millis(1);
        for elapsed in [quick, quick, quick, quick, slow, slow, slow, slow, slow] {
            counts.push(request.push.len());
            assert!(crate::wire::encode_request(&request).len() <= limits.max_request_bytes + 200);
            let answer = applied_all(&request, 0);
            let effects = session.on_response_in(&answer, at("2026-11-22T01:30:00Z"), elapsed).unwrap();
            let Step::Send(next) = effects.next else { panic!("more to push") };
            request = next;
        }
        // 256 KiB, then doubling to the limit, then halving to the least (32 KiB: one).
        let per = |bytes: usize| bytes / size;
        assert_eq!(
            counts,
            [
                per(256 << 10),
                per(512 << 10),
                per(1 << 20),
                per(1 << 20),
                per(1 << 20),
                per(512 << 10),
                per(256 << 10),
                per(128 << 10),
                per(64 << 10)
            ]
        );
        assert_eq!(request.push.len(), 1, "32 KiB holds one");
        // Nothing is skipped or sent twice: the pushes follow one another.
        let sent: usize = counts.iter().sum();
        assert_eq!(request.push[0].seq, MutationSeq(sent as u64 + 1));
    }

    #[test]
    fn a_mutation_larger_than_the_budget_goes_alone() {
        let outbox = [OutboxEntry::waiting(long_create(1, 200_000)), OutboxEntry::waiting(create(2, 2))];
        let limits = Limits { max_push: 10, max_request_bytes: 64 << 10, ..Limits::default() };
        let (mut session, request) = Session::start(device(), Some(Cursor { epoch: EPOCH, seq: 0 }), &outbox, &limits);
        assert_eq!(request.push.iter().map(|m| m.seq.0).collect::<Vec<_>>(), [1]);
        let effects = session.on_response(&applied_all(&request, 0), at("2026-11-22T01:30:00Z")).unwrap();
        let Step::Send(next) = effects.next else { panic!("the second is still to go") };
        assert_eq!(next.push.iter().map(|m| m.seq.0).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn entries_added_during_a_session_go_in_order_once_each() {
        let limits = Limits { max_push: 2, ..Limits::default() };
        let cursor = Some(Cursor { epoch: EPOCH, seq: 0 });
        let first = [OutboxEntry::waiting(create(1, 1)), OutboxEntry::waiting(create(2, 2))];
        let (mut session, request) = Session::start(device(), cursor, &first, &limits);
        assert_eq!(request.push.iter().map(|m| m.seq.0).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(session.queued(), 2);
        // The next portion arrives while the first push travels; one of it was
        // already queued, one is refused (it stays quarantined, unsent).
        let refused = OutboxEntry {
            mutation: create(4, 4),
            state: OutboxState::Quarantined { rejection: Rejection::new(Msg::SyncIdTaken) },
        };
        session.extend(&[OutboxEntry::waiting(create(5, 5)), OutboxEntry::waiting(create(2, 2)), refused]);
        session.extend(&[OutboxEntry::waiting(create(3, 3))]);
        assert_eq!(session.queued(), 4);
        let effects = session.on_response(&applied_all(&request, 0), at("2026-11-22T01:30:00Z")).unwrap();
        let Step::Send(next) = effects.next else { panic!("the added entries are still to go") };
        assert_eq!(next.push.iter().map(|m| m.seq.0).collect::<Vec<_>>(), [3, 5]);
        let effects = session.on_response(&applied_all(&next, 0), at("2026-11-22T01:30:00Z")).unwrap();
        assert_eq!(effects.next, Step::Done);
        assert_eq!(session.queued(), 0);
    }

    #[test]
    fn answers_that_do_not_fit_the_request_are_refused_whole() {
        let cursor = Some(Cursor { epoch: EPOCH, seq: 5 });
        let outbox = [OutboxEntry::waiting(create(1, 1))];
        let applied = |seq| result(seq, Outcome::Applied { version: 1 });
        let other_epoch = SyncResponse {
            cursor: Cursor { epoch: Uuid::from_u128(2), seq: 6 },
            ..response(vec![applied(1)], vec![], 6)
        };
        for (answer, want) in [
            (response(vec![applied(1), applied(2)], vec![], 5), ProtocolError::NotInRequest(MutationSeq(2))),
            (response(vec![applied(1), applied(1)], vec![], 5), ProtocolError::DuplicateResult(MutationSeq(1))),
            (response(vec![], vec![], 5), ProtocolError::MissingResult(MutationSeq(1))),
            (response(vec![applied(1)], vec![], 4), ProtocolError::CursorBackwards { from: 5, to: 4 }),
            (other_epoch, ProtocolError::Epoch),
            (
                response(vec![applied(1)], vec![change(5, 1, 1, Some(body("a", "")))], 5),
                ProtocolError::ChangeOutOfOrder(5),
            ),
            (
                response(vec![applied(1)], vec![change(7, 1, 1, Some(body("a", "")))], 6),
                ProtocolError::ChangeOutOfOrder(7),
            ),
            (
                response(vec![applied(1)], vec![change(7, 1, 1, None), change(6, 2, 1, None)], 7),
                ProtocolError::MissingBody(7),
            ),
            (SyncResponse { more: true, ..response(vec![applied(1)], vec![], 5) }, ProtocolError::NoProgress),
            (SyncResponse { reset: true, ..response(vec![applied(1)], vec![], 0) }, ProtocolError::ResultsOnReset),
            (SyncResponse { reset: true, ..response(vec![], vec![], 0) }, ProtocolError::Epoch),
        ] {
            let (mut session, _) = start(cursor, &outbox);
            assert_eq!(session.on_response(&answer, at("2026-11-22T01:30:00Z")).unwrap_err(), want);
            // Nothing was taken: the request is still waiting and can be retried.
            assert!(session.in_flight().is_some());
        }
    }

    #[test]
    fn the_first_sync_pulls_before_it_pushes() {
        let (mut session, request) = start(None, &[OutboxEntry::waiting(create(1, 1))]);
        assert!(request.push.is_empty());
        let effects = session.on_response(&response(vec![], vec![], 3), at("2026-11-22T01:30:00Z")).unwrap();
        let Step::Send(next) = effects.next else { panic!("the outbox is still to go") };
        assert_eq!(next.cursor, Some(Cursor { epoch: EPOCH, seq: 3 }));
        assert_eq!(next.push.len(), 1);
    }

    #[test]
    fn a_wrong_clock_is_flagged_either_way_and_changes_nothing_else() {
        for (now, flagged) in [
            ("2026-11-22T01:35:00Z", false),
            ("2026-11-22T01:35:01Z", true),
            ("2026-11-22T01:24:59Z", true),
            ("2027-11-22T01:30:00Z", true),
            ("2025-11-22T01:30:00Z", true),
        ] {
            let (mut session, _) = start(None, &[]);
            let effects = session.on_response(&response(vec![], vec![], 0), at(now)).unwrap();
            assert_eq!(effects.clock.flagged, flagged, "{now}");
            assert_eq!(effects.cursor, Some(Cursor { epoch: EPOCH, seq: 0 }));
            // A wrong clock is written down (and shown), even with nothing else.
            assert_eq!(effects.changes_nothing(effects.cursor), !flagged, "{now}");
        }
    }

    #[test]
    fn failures_back_off_or_stop() {
        assert_eq!(
            (1..=11).map(|n| backoff(n).as_secs()).collect::<Vec<_>>(),
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]
        );
        assert_eq!(backoff(u32::MAX).as_secs(), 300);
        let (mut session, request) = start(None, &[OutboxEntry::waiting(create(1, 1))]);
        assert_eq!(
            session.on_failure(Failure::Network),
            Step::Retry { after: Duration::from_secs(1), request: request.clone() }
        );
        assert_eq!(session.on_failure(Failure::Server), Step::Retry { after: Duration::from_secs(2), request });
        assert_eq!(session.on_failure(Failure::Revoked), Step::Stop { reason: Msg::SyncRevoked });
        assert_eq!(session.on_failure(Failure::Network), Step::Done);
        let (mut session, _) = start(None, &[]);
        assert_eq!(session.on_failure(Failure::Unauthorized), Step::Stop { reason: Msg::SyncUnauthorized });
    }

    #[test]
    fn pending_edits_stay_on_top_of_pulled_values() {
        let pending = edit(2, 1, 1, "name", "张三", "张三丰");
        let local = LocalRecord {
            key: key(1),
            server: Some(ServerCopy { epoch: EPOCH, version: 1, body: Some(body("张三", "")), deleted: false }),
            body: Some(body("张三丰", "")),
        };
        // Another device set the phone: pulled under the pending name.
        let pulled =
            merge_incoming(Some(&local), &[&pending], &change(9, 1, 2, Some(body("张三", "13812345678"))), EPOCH);
        assert_eq!(pulled.body, Some(body("张三丰", "13812345678")));
        assert_eq!(pulled.server.as_ref().map(|s| s.version), Some(2));
        // An older version never replaces a newer one.
        let stale = merge_incoming(Some(&pulled), &[&pending], &change(10, 1, 1, Some(body("旧", ""))), EPOCH);
        assert_eq!(stale, pulled);
        // The server answers (merged); its full state follows as a change.
        let settled = settle(Some(&pulled), &pending, &Outcome::Merged { version: 3 }, &[], EPOCH);
        assert_eq!(settled.body, Some(body("张三丰", "13812345678")));
        let done = merge_incoming(Some(&settled), &[], &change(11, 1, 3, Some(body("张三丰", "13812345678"))), EPOCH);
        assert_eq!(done.server.as_ref().map(|s| s.version), Some(3));
    }

    #[test]
    fn a_conflict_keeps_the_servers_value() {
        let mine = edit(2, 1, 1, "name", "张三", "张山");
        let local = LocalRecord {
            key: key(1),
            server: Some(ServerCopy { epoch: EPOCH, version: 1, body: Some(body("张三", "")), deleted: false }),
            body: Some(body("张山", "")),
        };
        let conflicts =
            vec![FieldConflict { field: "name".into(), server: json!("张三丰"), device: json!("张山") }];
        let settled = settle(Some(&local), &mine, &Outcome::Conflict { version: 2, conflicts }, &[], EPOCH);
        assert_eq!(settled.body, Some(body("张三丰", "")));
    }

    #[test]
    fn receipts_are_the_devices_own_creates() {
        let mine = create(1, 1);
        let receipt = Change { own: true, ..change(3, 1, 1, None) };
        // Pulled before the answer is stored: the pending create gives the body.
        let early = merge_incoming(None, &[&mine], &receipt, EPOCH);
        assert_eq!(early.server.as_ref().and_then(|s| s.body.clone()), Some(body("张三", "")));
        // Answered first, then the receipt: nothing changes.
        let settled = settle(None, &mine, &Outcome::Applied { version: 1 }, &[], EPOCH);
        assert_eq!(merge_incoming(Some(&settled), &[], &receipt, EPOCH), settled);
        assert_eq!(settled.body, Some(body("张三", "")));
    }

    #[test]
    fn a_restore_repulls_without_pushing_then_reoffers() {
        let old = Uuid::from_u128(0xe0);
        let outbox = [OutboxEntry::waiting(edit(5, 1, 3, "name", "张三", "李四"))];
        let (mut session, request) = start(Some(Cursor { epoch: old, seq: 40 }), &outbox);
        assert_eq!(request.push.len(), 1);
        let first = SyncResponse {
            reset: true,
            more: true,
            ..response(vec![], vec![change(1, 2, 1, Some(body("王五", "")))], 1)
        };
        let effects = session.on_response(&first, at("2026-11-22T01:30:00Z")).unwrap();
        assert!(effects.reset && !effects.reoffer);
        assert_eq!(effects.cursor, None, "no cursor is saved until the re-pull ends");
        let Step::Send(next) = effects.next else { panic!("the re-pull goes on") };
        assert!(next.push.is_empty(), "nothing is pushed during the re-pull");
        assert_eq!(next.cursor, Some(Cursor { epoch: EPOCH, seq: 1 }));
        let effects = session.on_response(&response(vec![], vec![], 1), at("2026-11-22T01:30:00Z")).unwrap();
        assert!(effects.reoffer);
        assert_eq!(effects.cursor, Some(Cursor { epoch: EPOCH, seq: 1 }));
        assert_eq!(effects.next, Step::Done);

        // Record 1 was not brought back: offered again, ahead of its edit.
        let copy = |epoch| Some(ServerCopy { epoch, version: 3, body: Some(body("张三", "")), deleted: false });
        let records = [
            LocalRecord { key: key(1), server: copy(old), body: Some(body("李四", "")) },
            LocalRecord { key: key(2), server: copy(EPOCH), body: Some(body("王五", "")) },
        ];
        let new = reoffer(&records, &outbox, EPOCH, MutationSeq(6));
        assert_eq!(new.next_seq, MutationSeq(8));
        assert_eq!(
            new.outbox,
            [
                OutboxEntry::waiting(Mutation {
                    seq: MutationSeq(6),
                    key: key(1),
                    op: Op::Offer { body: body("张三", "") }
                }),
                OutboxEntry::waiting(edit(7, 1, 3, "name", "张三", "李四")),
            ]
        );
    }
}
