//! Notifications (issue 5): who is told of a change of a matter, by the
//! core's `matter::notify::told`.
//!
//! Two ways out:
//! - **outbound**, through the [`Notifier`] trait, called after a change is
//!   committed (desk actions and merges); [`LogNotifier`], the default, writes
//!   one log line a notice, and SMS or e-mail senders can take its place;
//! - **in the app**: `GET /api/v1/notifications` lists what concerns the
//!   caller, read from the audit log itself (so nothing is lost if a sender
//!   fails), with how many are new since `POST /api/v1/notifications/seen`
//!   (migration 0009, `notification_marks`), and the reminders of clocks due
//!   soon or overdue (the core's `deadline::reminders`: the office of triage,
//!   the unit of its reply and, once overdue, the office too).

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::AppError;
use crate::matters::similar::excerpt;
use crate::store::{MatterChange, MatterFilter, MatterScope, NotificationEntry};
use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::routing::{get, post};
use chrono::{DateTime, Utc};
use liaison_core::matter::deadline::{Clock, DeadlineStatus, due_soon_before, reminders as reminders_of};
use liaison_core::matter::notify::told;
use liaison_core::matter::{ActionKind, Matter, MatterState, Party};
use liaison_core::{MatterId, OrganisationId, UserId};
use serde::Serialize;

/// Who a notice goes to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Recipient {
    /// The office of this organisation.
    Office(OrganisationId),
    /// The members of this unit.
    Unit(OrganisationId),
    /// This user (the collector).
    User(UserId),
}

/// One notice: a change of a matter someone is told of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// Who.
    pub to: Recipient,
    /// Which matter.
    pub matter: MatterId,
    /// What was done.
    pub action: ActionKind,
    /// Where the matter is now.
    pub state: MatterState,
    /// When.
    pub at: DateTime<Utc>,
}

/// Sends notices out of the app. Called after the change is committed; a
/// failure to send loses nothing (the in-app list reads the audit log).
pub trait Notifier: Send + Sync + std::fmt::Debug {
    /// Sends one notice.
    fn notify(&self, notice: &Notice);
}

/// Writes each notice to the log (the default sender).
#[derive(Debug, Default)]
pub struct LogNotifier;

impl Notifier for LogNotifier {
    fn notify(&self, notice: &Notice) {
        tracing::info!(to = ?notice.to, matter = %notice.matter, action = notice.action.code(), "notice");
    }
}

/// The party as a recipient, for the matter after the change.
fn recipient(party: Party, matter: &Matter) -> Option<Recipient> {
    match party {
        Party::Office => Some(Recipient::Office(matter.organisation)),
        Party::Unit => matter.unit.map(Recipient::Unit),
        Party::Collector => Some(Recipient::User(matter.collector)),
    }
}

/// The notices of committed changes.
pub fn notices(changes: &[MatterChange]) -> Vec<Notice> {
    changes
        .iter()
        .flat_map(|c| {
            let kind = c.event.kind();
            told(kind).iter().filter_map(move |party| {
                Some(Notice {
                    to: recipient(*party, &c.matter)?,
                    matter: c.matter.id,
                    action: kind,
                    state: c.event.after,
                    at: c.event.at,
                })
            })
        })
        .collect()
}

/// Sends the notices of `changes`.
pub fn send(state: &AppState, changes: &[MatterChange]) {
    for notice in notices(changes) {
        state.notifier.notify(&notice);
    }
}

/// The party `scope` is told as.
fn party_of(scope: &MatterScope) -> Party {
    match scope {
        MatterScope::Office { .. } => Party::Office,
        MatterScope::Unit(_) => Party::Unit,
        MatterScope::Collector(_) => Party::Collector,
    }
}

/// How many notices a list holds at most.
const LIST: usize = 50;

#[derive(Debug, Serialize)]
struct Item {
    matter: MatterId,
    action: ActionKind,
    state: MatterState,
    at: String,
    actor_name: String,
    excerpt: String,
    new: bool,
}

/// A clock due soon or overdue on a matter of the caller's (提醒、督办).
#[derive(Debug, Serialize)]
struct Due {
    matter: MatterId,
    clock: &'static str,
    status: DeadlineStatus,
    due: String,
    excerpt: String,
}

#[derive(Debug, Serialize)]
struct List {
    items: Vec<Item>,
    unseen: usize,
    reminders: Vec<Due>,
}

/// The caller's reminders at `now`: the matters of the scope whose running
/// clock is due soon or overdue (the inbox's query, bounded by the core's
/// `due_soon_before`), each kept if the core's `Reminder::recipients` names
/// the caller's party; most urgent first, at most [`LIST`].
async fn reminders(
    state: &AppState,
    scope: &MatterScope,
    party: Party,
    now: DateTime<Utc>,
) -> Result<Vec<Due>, AppError> {
    if party == Party::Collector {
        return Ok(Vec::new());
    }
    let filter =
        MatterFilter { overdue: true, now: due_soon_before(now), limit: LIST as u32, ..MatterFilter::everything(now) };
    let page = state.store.matters(scope, &filter).await?;
    let mut due: Vec<Due> = page
        .items
        .iter()
        .flat_map(|listing| {
            let excerpt = listing.cards.first().map(|c| excerpt(c.content.as_str())).unwrap_or_default();
            reminders_of(&listing.matter, now).into_iter().filter(|r| r.recipients().contains(&party)).map(move |r| {
                Due {
                    matter: listing.matter.id,
                    clock: match r.clock {
                        Clock::Triage => "triage",
                        Clock::Reply => "reply",
                    },
                    status: r.status,
                    due: liaison_core::time::to_wire(r.due),
                    excerpt: excerpt.clone(),
                }
            })
        })
        .collect();
    due.sort_by(|a, b| b.status.cmp(&a.status).then(a.due.cmp(&b.due)));
    Ok(due)
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/api/v1/notifications", get(list)).route("/api/v1/notifications/seen", post(seen))
}

async fn list(auth: AuthDevice, State(state): State<AppState>) -> Result<Json<List>, AppError> {
    let scope = crate::matters::scope_of(&state, &auth.user).await?.ok_or(AppError::NoHandling)?;
    let party = party_of(&scope);
    let seen = state.store.notifications_seen(auth.user.id).await?;
    let entries: Vec<NotificationEntry> = state.store.recent_events(&scope, 4 * LIST as u32).await?;
    let items: Vec<Item> = entries
        .into_iter()
        .filter(|e| e.event.actor != auth.user.id && told(e.event.kind()).contains(&party))
        .take(LIST)
        .map(|e| Item {
            matter: e.event.matter,
            action: e.event.kind(),
            state: e.event.after,
            at: liaison_core::time::to_wire(e.event.at),
            actor_name: e.actor_name,
            excerpt: excerpt(&e.content),
            new: seen.is_none_or(|s| e.event.at > s),
        })
        .collect();
    let unseen = items.iter().filter(|i| i.new).count();
    let reminders = reminders(&state, &scope, party, auth::now()).await?;
    Ok(Json(List { items, unseen, reminders }))
}

async fn seen(auth: AuthDevice, State(state): State<AppState>) -> Result<axum::http::StatusCode, AppError> {
    crate::matters::scope_of(&state, &auth.user).await?.ok_or(AppError::NoHandling)?;
    state.store.set_notifications_seen(auth.user.id, auth::now()).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
