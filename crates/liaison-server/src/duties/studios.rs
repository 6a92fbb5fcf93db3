//! The studios on the office's dashboard (`GET /api/v1/duties/studios`):
//! each studio of the office's organisation and those below, with this
//! quarter's reception days (published schedules, else the recurring days)
//! and which had a reception (定点接待) recorded there by a representative —
//! the core's `duty::studios::studio_quarter`, from the duty facts.

use crate::AppState;
use crate::auth::{self, AuthDevice};
use crate::error::AppError;
use crate::matters::settings::office_of;
use axum::Json;
use axum::extract::State;
use liaison_core::duty::studios::{months, studio_quarter};
use liaison_core::duty::{Quarter, ReceptionFact};
use serde::Serialize;
use std::collections::HashSet;

/// One studio's quarter, as answered.
#[derive(Debug, Serialize)]
pub(super) struct StudioView {
    id: String,
    name: String,
    organisation: String,
    /// This quarter's reception days (`YYYY-MM-DD`).
    days: Vec<String>,
    /// Those with a reception recorded at the studio that day.
    held: Vec<String>,
    /// Those past with none.
    missed: Vec<String>,
    /// Cards of any kind recorded at the studio this quarter.
    cards: usize,
}

pub(super) async fn studios(
    auth: AuthDevice,
    State(state): State<AppState>,
) -> Result<Json<Vec<StudioView>>, AppError> {
    let office = office_of(&auth)?;
    let now = auth::now();
    let mut organisations = state.store.org_tree().await?.below(office);
    organisations.push(office);
    let wanted: HashSet<_> = organisations.iter().copied().collect();
    let entries: Vec<_> =
        state.store.studios().await?.into_iter().filter(|e| wanted.contains(&e.organisation)).collect();
    let quarter = Quarter::containing(now);
    let mut schedules = Vec::new();
    for entry in &entries {
        for month in months(quarter) {
            if let Some(stored) = state.store.reception_schedule(entry.studio.id, month).await? {
                schedules.push(stored.schedule);
            }
        }
    }
    let records = state.store.duty_records(&organisations, quarter.start()).await?;
    let receptions: Vec<&ReceptionFact> = records.values().flat_map(|r| r.receptions.iter()).collect();
    let days = |list: &[chrono::NaiveDate]| list.iter().map(ToString::to_string).collect();
    Ok(Json(
        entries
            .iter()
            .map(|entry| {
                let q = studio_quarter(&entry.studio, &schedules, &receptions, now);
                StudioView {
                    id: entry.studio.id.to_string(),
                    name: entry.studio.name.as_str().to_owned(),
                    organisation: entry.organisation.to_string(),
                    days: days(&q.days),
                    held: days(&q.held),
                    missed: days(&q.missed),
                    cards: q.cards,
                }
            })
            .collect(),
    ))
}
