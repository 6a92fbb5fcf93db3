//! Paired liaison's storage (migration 0015: `pairings`, `paired_events`,
//! `paired_rules`): the core's frozen records as JSON, with the columns the
//! queries find by beside them. The statements are portable; `impl_paired!`
//! stamps the methods out per backend as inherent methods (like
//! `duties_sql.rs`), which the `Database` implementation in `sql.rs` calls.

use super::StoreError;
use liaison_core::paired::{PairedEventRecordV1, PairingRecordV1};

pub(super) const SELECT_PAIRINGS: &str =
    "SELECT record FROM pairings ORDER BY department_id, partner_kind, partner_name";

pub(super) const INSERT_PAIRING: &str = "INSERT INTO pairings
    (id, department_id, partner_kind, partner_name, record, created_at, created_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7)";

pub(super) const SELECT_EVENTS_SINCE: &str =
    "SELECT record FROM paired_events WHERE held_on >= $1 ORDER BY held_on, recorded_at, id";

pub(super) const INSERT_EVENT: &str =
    "INSERT INTO paired_events (id, pairing_id, held_on, record, recorded_at) VALUES ($1, $2, $3, $4, $5)";

pub(super) const SELECT_RULES: &str = "SELECT organisation_id, record FROM paired_rules";

pub(super) const UPSERT_RULES: &str = "INSERT INTO paired_rules (organisation_id, record, updated_at, updated_by)
    VALUES ($1, $2, $3, $4)
    ON CONFLICT (organisation_id) DO UPDATE SET
        record = excluded.record, updated_at = excluded.updated_at, updated_by = excluded.updated_by";

pub(super) const DELETE_RULES: &str = "DELETE FROM paired_rules WHERE organisation_id = $1";

/// Reads stored records back (checked when written: one that no longer
/// reads is corrupt).
pub(super) fn records<R: serde::de::DeserializeOwned>(what: &str, rows: Vec<String>) -> Result<Vec<R>, StoreError> {
    rows.iter().map(|r| serde_json::from_str(r).map_err(|_| StoreError::Corrupt(format!("{what}: {r}")))).collect()
}

/// The columns of a pairing: department, partner kind, partner name.
pub(super) fn pairing_keys(record: &PairingRecordV1) -> (String, String, String) {
    (record.department.to_string(), record.partner_kind.clone(), record.partner_name.clone())
}

/// The event's pairing and day.
pub(super) fn event_keys(record: &PairedEventRecordV1) -> (String, String) {
    (record.pairing.to_string(), record.on.clone())
}

/// Inherent paired-liaison methods for `$backend` (with a `pool` of `$db`).
macro_rules! impl_paired {
    ($backend:ty) => {
        impl $backend {
            pub(super) async fn pairings_impl(
                &self,
            ) -> Result<Vec<liaison_core::paired::PairingRecordV1>, $crate::store::StoreError> {
                use $crate::store::paired::*;
                let rows: Vec<String> = sqlx::query_scalar(SELECT_PAIRINGS).fetch_all(&self.pool).await?;
                records("pairing", rows)
            }

            pub(super) async fn add_pairing_impl(
                &self,
                record: &liaison_core::paired::PairingRecordV1,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                use $crate::store::duties::record_text;
                use $crate::store::paired::*;
                let (department, kind, name) = pairing_keys(record);
                let done = sqlx::query(INSERT_PAIRING)
                    .bind(record.id.to_string())
                    .bind(department)
                    .bind(kind)
                    .bind(name)
                    .bind(record_text(record)?)
                    .bind(now)
                    .bind(by.to_string())
                    .execute(&self.pool)
                    .await;
                match done {
                    Ok(_) => Ok(true),
                    Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
                    Err(e) => Err(e.into()),
                }
            }

            pub(super) async fn paired_events_impl(
                &self,
                since: chrono::NaiveDate,
            ) -> Result<Vec<liaison_core::paired::PairedEventRecordV1>, $crate::store::StoreError> {
                use $crate::store::paired::*;
                let rows: Vec<String> =
                    sqlx::query_scalar(SELECT_EVENTS_SINCE).bind(since.to_string()).fetch_all(&self.pool).await?;
                records("paired event", rows)
            }

            pub(super) async fn add_paired_event_impl(
                &self,
                record: &liaison_core::paired::PairedEventRecordV1,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::duties::record_text;
                use $crate::store::paired::*;
                let (pairing, on) = event_keys(record);
                sqlx::query(INSERT_EVENT)
                    .bind(record.id.to_string())
                    .bind(pairing)
                    .bind(on)
                    .bind(record_text(record)?)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            pub(super) async fn paired_rules_impl(
                &self,
            ) -> Result<
                std::collections::HashMap<liaison_core::OrganisationId, liaison_core::paired::PairedRulesRecordV1>,
                $crate::store::StoreError,
            > {
                use $crate::store::duties::parse_rows;
                use $crate::store::paired::*;
                let rows: Vec<(String, String)> = sqlx::query_as(SELECT_RULES).fetch_all(&self.pool).await?;
                parse_rows("paired rules", rows)
            }

            pub(super) async fn set_paired_rules_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                record: Option<&liaison_core::paired::PairedRulesRecordV1>,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::duties::record_text;
                use $crate::store::paired::*;
                let text = record.map(record_text).transpose()?;
                self.set_org_record(UPSERT_RULES, DELETE_RULES, organisation, text, by, now).await
            }
        }
    };
}

pub(super) use impl_paired;
