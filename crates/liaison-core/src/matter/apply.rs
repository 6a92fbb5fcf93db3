//! The transition function. [`apply`] checks who acts (the [`rule`]'s party),
//! then the state, then what the action carries against the matter, and only
//! then builds the new matter and its audit event. It reads no clock: `now`
//! is the server's time of the change.

use super::deadline::china_date;
use super::parts::{Adoption, Closure, Evaluation, ExtensionRequest, Information, Informed, Reply};
use super::{Action, ActionKind, Actor, AuditEvent, Matter, MatterState, Satisfaction, TransitionError, rule};
use crate::time::FUTURE_TOLERANCE;
use chrono::{DateTime, Utc};

/// Applies `action` by `actor` to `matter` at `now`: the new matter and the
/// one event recording the change, or why it was refused (nothing changed).
pub fn apply(
    matter: &Matter,
    actor: &Actor,
    action: Action,
    now: DateTime<Utc>,
) -> Result<(Matter, AuditEvent), TransitionError> {
    allowed(matter, actor, action.kind())?;
    let mut next = matter.clone();
    change(&mut next, actor, &action, now)?;
    next.version = matter.version.saturating_add(1);
    let event = AuditEvent {
        matter: matter.id,
        seq: next.version,
        actor: actor.user,
        device: actor.device,
        role: actor.role,
        at: now,
        before: matter.state,
        after: next.state,
        action,
    };
    Ok((next, event))
}

/// Whether `actor` may take an action of `kind` on `matter` now: the party
/// first, then the state — what [`apply`] checks before what the action
/// carries. For a caller that must refuse before it reads a costly content
/// (a file's bytes).
pub fn allowed(matter: &Matter, actor: &Actor, kind: ActionKind) -> Result<(), TransitionError> {
    let rule = rule(kind);
    if !rule.party.includes(actor, matter) {
        return Err(TransitionError::NotPermitted { action: kind, party: rule.party });
    }
    if !rule.from.contains(&matter.state) {
        return Err(TransitionError::WrongState { action: kind, state: matter.state });
    }
    Ok(())
}

/// Folds `duplicate` into `into` (both of one organisation, the duplicate not
/// yet dispatched): the duplicate becomes `merged`, and `into` takes its
/// opinion cards, so it counts everyone who raised it. Store both matters and
/// both events together, or neither.
pub fn merge(
    duplicate: &Matter,
    into: &Matter,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(Matter, Matter, [AuditEvent; 2]), TransitionError> {
    if duplicate.id == into.id {
        return Err(TransitionError::MergeIntoSelf);
    }
    if duplicate.organisation != into.organisation {
        return Err(TransitionError::MergeAcrossOrganisations);
    }
    let (merged, merged_event) = apply(duplicate, actor, Action::MergeInto { into: into.id }, now)?;
    let absorb = Action::Absorb { from: duplicate.id, opinions: duplicate.opinions.clone() };
    let (grown, grown_event) = apply(into, actor, absorb, now)?;
    Ok((merged, grown, [merged_event, grown_event]))
}

/// The change itself; the party and the state were checked.
fn change(m: &mut Matter, actor: &Actor, action: &Action, now: DateTime<Utc>) -> Result<(), TransitionError> {
    use MatterState as S;
    match action {
        Action::Triage { category, urgency } => {
            m.category = category.clone();
            m.urgency = *urgency;
            m.state = S::Triaged;
        }
        Action::Dispatch { unit, due_on } => {
            if *due_on < china_date(now) {
                return Err(TransitionError::DueInPast);
            }
            m.unit = Some(*unit);
            m.dispatched_at = Some(now);
            m.due_on = Some(*due_on);
            m.extension = None;
            m.reply = None;
            m.informed = None;
            m.state = S::Dispatched;
        }
        Action::ReturnDispatch { .. } => {
            m.unit = None;
            m.dispatched_at = None;
            m.due_on = None;
            m.extension = None;
            m.state = S::Triaged;
        }
        Action::AcceptDispatch => m.state = S::InProgress,
        Action::AddProgressNote { .. }
        | Action::Urge { .. }
        | Action::RevealRaiser { .. }
        | Action::AddAttachment { .. } => {}
        Action::RequestExtension { until, reason } => {
            if m.extension.is_some() {
                return Err(TransitionError::ExtensionPending);
            }
            if m.due_on.is_some_and(|due| *until <= due) {
                return Err(TransitionError::ExtensionNotLater);
            }
            m.extension = Some(ExtensionRequest { until: *until, reason: reason.clone(), at: now });
        }
        Action::GrantExtension { .. } => {
            let request = m.extension.take().ok_or(TransitionError::NoExtensionPending)?;
            m.due_on = Some(request.until);
        }
        Action::DenyExtension { .. } => {
            m.extension.take().ok_or(TransitionError::NoExtensionPending)?;
        }
        Action::SubmitReply { text } => {
            // A pending extension lapses: the work is done.
            m.extension = None;
            m.reply = Some(Reply { text: text.clone(), by: actor.user, unit: m.unit, at: now });
            m.state = S::Replied;
        }
        Action::AcceptReply => {
            m.rework_reason = None;
            m.state = S::ReplyAccepted;
        }
        Action::SendBack { reason } => {
            m.reply = None;
            m.rework_reason = Some(reason.clone());
            m.rework_count = m.rework_count.saturating_add(1);
            m.state = S::InProgress;
        }
        Action::RecordInformed { how, when } => {
            if *when > now + FUTURE_TOLERANCE {
                return Err(TransitionError::InformedInFuture);
            }
            m.informed = Some(Informed { how: *how, at: *when });
            m.state = S::PersonInformed;
        }
        Action::RecordEvaluation { satisfaction, reason } => {
            let not_satisfied = *satisfaction == Satisfaction::NotSatisfied;
            if not_satisfied && reason.is_none() {
                return Err(TransitionError::ReasonRequired);
            }
            m.evaluation = Some(Evaluation { satisfaction: *satisfaction, reason: reason.clone(), at: now });
            if not_satisfied {
                m.rework_reason = reason.clone();
                m.rework_count = m.rework_count.saturating_add(1);
                m.state = S::Reopened;
            } else {
                m.state = S::Evaluated;
            }
        }
        Action::Close => {
            m.closure = Some(Closure::Completed { at: now });
            m.state = S::Closed;
        }
        Action::Reopen { reason } => {
            m.closure = None;
            m.rework_reason = Some(reason.clone());
            m.rework_count = m.rework_count.saturating_add(1);
            m.state = S::Reopened;
        }
        Action::MergeInto { into } => {
            if *into == m.id {
                return Err(TransitionError::MergeIntoSelf);
            }
            m.merged_into = Some(*into);
            m.state = S::Merged;
        }
        Action::Absorb { from, opinions } => {
            if *from == m.id {
                return Err(TransitionError::MergeIntoSelf);
            }
            let new: Vec<_> = opinions.iter().filter(|id| !m.opinions.contains(id)).copied().collect();
            if new.is_empty() {
                return Err(TransitionError::NothingToAbsorb);
            }
            m.opinions.extend(new);
        }
        Action::CloseWithReason { reason, text } => {
            if *reason == super::CloseReason::ReportedAsInformation && m.information.is_none() {
                return Err(TransitionError::InformationNotReported);
            }
            m.extension = None;
            m.closure = Some(Closure::WithReason { reason: *reason, text: text.clone(), at: now });
            m.state = S::Closed;
        }
        Action::AnswerDirectly { text } => {
            m.reply = Some(Reply { text: text.clone(), by: actor.user, unit: None, at: now });
            m.informed = None;
            m.rework_reason = None;
            m.state = S::ReplyAccepted;
        }
        Action::ForwardUpward { to } => {
            if *to == m.organisation {
                return Err(TransitionError::ForwardToSameOrganisation);
            }
            m.forwarded_from = Some(m.organisation);
            m.organisation = *to;
            m.state = S::Reported;
        }
        Action::ReportAsInformation { sent_to } => {
            if m.information.is_some() {
                return Err(TransitionError::InformationAlreadyReported);
            }
            m.information = Some(Information { sent_to: sent_to.clone(), sent_at: now, adoption: None });
        }
        Action::RecordAdoption { level, instruction } => {
            let information = m.information.as_mut().ok_or(TransitionError::InformationNotReported)?;
            information.adoption = Some(Adoption { level: *level, instruction: instruction.clone(), at: now });
        }
    }
    Ok(())
}
