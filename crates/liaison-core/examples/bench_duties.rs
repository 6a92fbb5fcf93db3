//! Times `duty::evaluate` for one representative with 5,000 records
//! (issue 6 target: ≤ 20 ms on the phone). Prints figures; asserts nothing.
//!
//! `cargo run --release -p liaison-core --example bench_duties [runs]`

use chrono::{DateTime, TimeDelta, Utc};
use liaison_core::duty::{
    ContactFact, DutyRecords, OpinionFact, PointAssignment, Policy, PolicyVersion, ProposalFact, ReceptionFact,
    RepresentativeFacts, RepresentativeLevel, ResearchReportFact, ResolvedPolicy, SubmittedFact, Term,
    YearlyReportFact, evaluate, presets,
};
use liaison_core::{
    ActivityKind, ContactId, ContactKind, ContactTag, LiaisonPointId, OpinionCardId, OrganisationId, ProposalId,
    ReceptionCardId, RepresentativeId, ResearchReportId, YearlyReportId,
};
use std::time::Instant;
use uuid::Uuid;

/// A small deterministic generator, so every run measures the same records.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
}

fn id(kind: u128, n: usize) -> Uuid {
    Uuid::from_u128((kind << 64) | n as u128)
}

/// 5,000 records over two years: 60 contacts (5 never met), 3,000 activity cards (1–3
/// contacts each, a tenth at liaison points), 1,800 opinions (most reported),
/// 100 proposals, 30 research reports, 10 yearly reports.
fn records(start: DateTime<Utc>) -> DutyRecords {
    let mut rng = Lcg(42);
    let two_years = 2 * 365 * 24 * 3600;
    let at = |rng: &mut Lcg| start + TimeDelta::seconds(rng.next(two_years) as i64);
    let contacts: Vec<ContactFact> = (0..60)
        .map(|i| ContactFact {
            id: ContactId::from_uuid(id(1, i)),
            kind: if i % 2 == 0 { ContactKind::Member } else { ContactKind::Public },
            tags: match i % 7 {
                0 => vec![ContactTag::LowIncome],
                1 => vec![ContactTag::HouseholdInNeed],
                2 => vec![ContactTag::Veteran],
                _ => vec![],
            },
        })
        .collect();
    let receptions = (0..3000)
        .map(|i| {
            let kind = ActivityKind::ALL[rng.next(ActivityKind::ALL.len() as u64) as usize];
            let n = 1 + rng.next(3) as usize;
            ReceptionFact {
                id: ReceptionCardId::from_uuid(id(2, i)),
                at: at(&mut rng),
                kind,
                point: (rng.next(10) == 0).then(|| LiaisonPointId::from_uuid(id(9, rng.next(3) as usize))),
                studio: None,
                contacts: (0..n).map(|_| contacts[rng.next(55) as usize].id).collect(),
            }
        })
        .collect();
    let opinions = (0..1800)
        .map(|i| {
            let collected_at = at(&mut rng);
            let reported = rng.next(10) != 0;
            OpinionFact {
                id: OpinionCardId::from_uuid(id(3, i)),
                collected_at,
                reported_at: reported.then(|| collected_at + TimeDelta::hours(rng.next(96) as i64)),
            }
        })
        .collect();
    let proposals: Vec<ProposalFact> =
        (0..100).map(|i| SubmittedFact { id: ProposalId::from_uuid(id(4, i)), at: at(&mut rng) }).collect();
    let research_reports: Vec<ResearchReportFact> =
        (0..30).map(|i| SubmittedFact { id: ResearchReportId::from_uuid(id(5, i)), at: at(&mut rng) }).collect();
    let yearly_reports: Vec<YearlyReportFact> =
        (0..10).map(|i| SubmittedFact { id: YearlyReportId::from_uuid(id(6, i)), at: at(&mut rng) }).collect();
    DutyRecords { receptions, opinions, contacts, proposals, research_reports, yearly_reports }
}

fn main() {
    let runs: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(500);
    let date = |s| liaison_core::time::parse_date(s).expect("a date");
    let start = liaison_core::time::from_wire("2024-12-31T16:00:00Z").expect("an instant");
    let now = liaison_core::time::from_wire("2026-05-15T02:00:00Z").expect("an instant");
    let province = Policy::new(
        OrganisationId::from_uuid(id(7, 1)),
        None,
        vec![PolicyVersion { effective_from: date("2020-01-01"), rules: presets::county_b() }],
        vec![Term::new(date("2022-01-01"), date("2026-12-31")).expect("a term")],
        vec![date("2026-03-20")],
    )
    .expect("a valid policy");
    let policy = ResolvedPolicy::resolve_at(&[&province], now).expect("resolves");
    let rep = RepresentativeFacts {
        id: RepresentativeId::from_uuid(id(8, 1)),
        level: RepresentativeLevel::BelowProvincial,
        leadership_member: true,
        liaison_points: (0..3)
            .map(|i| PointAssignment {
                point: LiaisonPointId::from_uuid(id(9, i)),
                first_day: date("2026-01-01"),
                last_day: date("2026-12-31"),
            })
            .collect(),
    };
    let records = records(start);
    let total = records.receptions.len()
        + records.opinions.len()
        + records.contacts.len()
        + records.proposals.len()
        + records.research_reports.len()
        + records.yearly_reports.len();

    let report = evaluate(&policy, &rep, &records, now);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let report = evaluate(&policy, &rep, &records, now);
        times.push(started.elapsed());
        std::hint::black_box(report);
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    println!(
        "Evaluating duties, natively: {total} records, {} duty lines, {} unreported opinions, {} contacts not seen",
        report.lines.len(),
        report.unreported_opinions.len(),
        report.not_seen.len()
    );
    println!(
        "  median {:.3} ms, min {:.3} ms, max {:.3} ms over {runs} runs   (target on the phone ≤ 20 ms)",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1])
    );
}
