//! Property tests: random walks of (actor, action) from `reported`.
//!
//! Each step is a choice of action and of actor. Most steps choose among the
//! actions the table allows in the current state, by the party it names, so
//! walks get deep (a uniform choice almost never leaves `reported`); the rest
//! choose any action by anyone, and every walk mixes in refused content (不满意
//! without a reason, due days in the past, merging into itself …).

use super::super::fixtures::*;
use super::super::*;
use proptest::prelude::*;

/// Every action the walks try, including ones with refused content.
fn pool(m: &Matter, now: DateTime<Utc>) -> Vec<Action> {
    let today = deadline::china_date(now);
    let plus = |d: u64| today.checked_add_days(chrono::Days::new(d)).unwrap();
    let due = m.due_on.unwrap_or(today);
    let after_due = |d: u64| due.checked_add_days(chrono::Days::new(d)).unwrap();
    vec![
        Action::Triage { category: Category::parse("health").unwrap(), urgency: Urgency::Urgent },
        Action::Dispatch { unit: unit_org(), due_on: plus(15) },
        Action::Dispatch { unit: unit_org(), due_on: today.pred_opt().unwrap() },
        Action::Dispatch { unit: other_unit_org(), due_on: plus(3) },
        Action::ReturnDispatch { reason: reason("不属于本单位职责。") },
        Action::AcceptDispatch,
        Action::AddProgressNote { note: note("正在办理。") },
        Action::Urge { note: note("请抓紧。") },
        Action::RevealRaiser { reason: reason("需要当面核实。") },
        Action::AddAttachment { attachment: attachment("答复函.pdf") },
        Action::RequestExtension { until: after_due(10), reason: reason("需协调。") },
        Action::RequestExtension { until: due, reason: reason("需协调。") },
        Action::GrantExtension { reason: None },
        Action::DenyExtension { reason: reason("不同意。") },
        Action::SubmitReply { text: reply_text("已办理。") },
        Action::AcceptReply,
        Action::SendBack { reason: reason("不具体。") },
        Action::RecordInformed { how: InformedHow::Phone, when: now },
        Action::RecordInformed { how: InformedHow::Phone, when: now + chrono::TimeDelta::hours(2) },
        Action::RecordEvaluation { satisfaction: Satisfaction::Satisfied, reason: None },
        Action::RecordEvaluation {
            satisfaction: Satisfaction::BasicallySatisfied, reason: Some(reason("慢了点。"))
        },
        Action::RecordEvaluation { satisfaction: Satisfaction::NotSatisfied, reason: Some(reason("没解决。")) },
        Action::RecordEvaluation { satisfaction: Satisfaction::NotSatisfied, reason: None },
        Action::Close,
        Action::Reopen { reason: reason("又反映了。") },
        Action::MergeInto { into: other_matter_id() },
        Action::MergeInto { into: matter_id() },
        Action::Absorb { from: other_matter_id(), opinions: vec![card(2)] },
        Action::CloseWithReason { reason: CloseReason::Unreachable, text: reason("电话停机。") },
        Action::CloseWithReason { reason: CloseReason::ReportedAsInformation, text: reason("已报送。") },
        Action::AnswerDirectly { text: reply_text("按政策答复。") },
        Action::ForwardUpward { to: other_org() },
        Action::ForwardUpward { to: m.organisation },
        Action::ReportAsInformation { sent_to: sent_to() },
        Action::RecordAdoption { level: Some(AdoptionLevel::Provincial), instruction: None },
    ]
}

/// The actor who is `party` for `m` (the office follows a forwarded matter).
fn party_actor(party: Party, m: &Matter) -> Actor {
    match party {
        Party::Office => Actor { organisation: Some(m.organisation), ..office() },
        Party::Unit => Actor { organisation: m.unit, ..unit() },
        Party::Collector => collector(),
    }
}

/// One step of a walk: which action, which actor, how chosen, how much later.
type Step = (usize, usize, u8, i64);

fn choose(m: &Matter, now: DateTime<Utc>, (pick, who, mode, _): Step) -> (Actor, Action) {
    let pool = pool(m, now);
    let people = everyone();
    if mode % 4 == 0 {
        return (people[who % people.len()].1.clone(), pool[pick % pool.len()].clone());
    }
    let allowed: Vec<&Action> = pool.iter().filter(|a| rule(a.kind()).from.contains(&m.state)).collect();
    let action = match allowed.get(pick % allowed.len().max(1)) {
        Some(a) => (*a).clone(),
        None => pool[pick % pool.len()].clone(),
    };
    let actor =
        if mode % 4 == 3 { people[who % people.len()].1.clone() } else { party_actor(rule(action.kind()).party, m) };
    (actor, action)
}

/// Walks `steps`, checking every invariant on the way; returns the final
/// matter and its events.
fn walk(steps: &[Step]) -> Result<(Matter, Vec<AuditEvent>), TestCaseError> {
    let mut m = reported();
    let mut now = m.received_at;
    let mut events: Vec<AuditEvent> = Vec::new();
    for &step in steps {
        now += chrono::TimeDelta::hours(step.3);
        let (actor, action) = choose(&m, now, step);
        let before = m.clone();
        match apply(&m, &actor, action.clone(), now) {
            Ok((next, event)) => {
                prop_assert_eq!(event.before, m.state);
                prop_assert_eq!(event.after, next.state);
                prop_assert_eq!(event.seq, m.version + 1);
                prop_assert_eq!(next.version, m.version + 1);
                prop_assert_eq!((event.matter, event.actor, event.role, event.at), (m.id, actor.user, actor.role, now));
                prop_assert_eq!(&event.action, &action);
                if let Action::RecordEvaluation { satisfaction: Satisfaction::NotSatisfied, reason } = &action {
                    prop_assert!(reason.is_some());
                    prop_assert_eq!(next.state, MatterState::Reopened, "not satisfied always reopens");
                }
                prop_assert!(!next.opinions.is_empty());
                events.push(event);
                m = next;
                if m.state == MatterState::Closed {
                    closed_for_a_reason(&m, &events)?;
                }
            }
            Err(error) => {
                prop_assert_eq!(&m, &before, "a refusal changes nothing");
                let rule = rule(action.kind());
                if !rule.party.includes(&actor, &m) {
                    prop_assert_eq!(error, TransitionError::NotPermitted { action: action.kind(), party: rule.party });
                } else if !rule.from.contains(&m.state) {
                    prop_assert_eq!(error, TransitionError::WrongState { action: action.kind(), state: m.state });
                }
            }
        }
    }
    prop_assert_eq!(check_history(&events), Ok(()));
    Ok((m, events))
}

/// A closed matter closed with a written reason, or after the whole loop: the
/// events since its last round began show a reply accepted (or the office's
/// own answer), the person told, and a verdict other than 不满意 — in order.
fn closed_for_a_reason(m: &Matter, events: &[AuditEvent]) -> Result<(), TestCaseError> {
    match &m.closure {
        Some(Closure::WithReason { text, .. }) => {
            prop_assert!(!text.as_str().trim().is_empty());
            return Ok(());
        }
        Some(Closure::Completed { .. }) => {}
        None => return Err(TestCaseError::fail("closed with no closure")),
    }
    let mut wanted =
        [ActionKind::Close, ActionKind::RecordEvaluation, ActionKind::RecordInformed, ActionKind::AcceptReply]
            .into_iter()
            .peekable();
    for event in events.iter().rev() {
        let Some(&next) = wanted.peek() else { break };
        let kind = event.kind();
        let matches = kind == next || (next == ActionKind::AcceptReply && kind == ActionKind::AnswerDirectly);
        if matches {
            if let Action::RecordEvaluation { satisfaction, .. } = &event.action {
                prop_assert_ne!(*satisfaction, Satisfaction::NotSatisfied);
            }
            wanted.next();
        } else if event.before != event.after {
            return Err(TestCaseError::fail(format!("{kind:?} broke the loop before {next:?}")));
        }
    }
    prop_assert!(wanted.peek().is_none(), "closed without the whole loop");
    let evaluation = m.evaluation.as_ref().map(|e| e.satisfaction);
    prop_assert!(m.reply.is_some() && m.informed.is_some());
    prop_assert!(matches!(evaluation, Some(Satisfaction::Satisfied | Satisfaction::BasicallySatisfied)));
    Ok(())
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    proptest::collection::vec((0usize..64, 0usize..16, any::<u8>(), 0i64..60), 0..80)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_walks_keep_every_invariant(steps in steps()) {
        walk(&steps)?;
    }

    #[test]
    fn records_of_any_walk_round_trip(steps in steps()) {
        let (m, events) = walk(&steps)?;
        let json = serde_json::to_string(&m.to_record()).unwrap();
        prop_assert_eq!(Matter::from_json(serde_json::from_str(&json).unwrap()), Ok(m));
        for event in events {
            let json = serde_json::to_string(&event.to_record()).unwrap();
            let back: AuditEventRecordV1 = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(AuditEvent::try_from(back), Ok(event));
        }
    }
}

/// The walks are not vacuous: with a fixed sequence of choices they reach
/// every state, and close both ways.
#[test]
fn the_walks_reach_every_state_and_both_closures() {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut seen = std::collections::BTreeSet::new();
    let (mut completed, mut with_reason) = (0, 0);
    for _ in 0..300 {
        let steps: Vec<Step> = (0..60)
            .map(|_| ((next() % 64) as usize, (next() % 16) as usize, next() as u8, (next() % 60) as i64))
            .collect();
        let (_, events) = walk(&steps).unwrap();
        for e in &events {
            seen.insert(e.after);
            match (e.after, &e.action) {
                (MatterState::Closed, Action::Close) => completed += 1,
                (MatterState::Closed, Action::CloseWithReason { .. }) => with_reason += 1,
                _ => {}
            }
        }
    }
    assert_eq!(seen.len(), MatterState::ALL.len(), "{seen:?}");
    assert!(completed > 0 && with_reason > 0, "{completed} {with_reason}");
}
