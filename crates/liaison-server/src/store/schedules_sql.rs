//! The reception-schedule statements both backends share (see
//! `schedules.rs`), stamped out per backend as inherent methods
//! (`impl_schedules!(Sqlite, sqlx::Sqlite)`) like `duties_sql.rs`; the
//! `Database` implementation in `sql.rs` calls them.

/// Inherent reception-schedule methods for `$backend` (with a `pool` of `$db`).
macro_rules! impl_schedules {
    ($backend:ty, $db:ty) => {
        impl $backend {
            pub(super) async fn studios_impl(
                &self,
            ) -> Result<Vec<$crate::store::StudioEntry>, $crate::store::StoreError> {
                use $crate::store::schedules::*;
                let rows: Vec<(String, String, String, String, String)> =
                    sqlx::query_as(SELECT_STUDIOS).fetch_all(&self.pool).await?;
                rows.into_iter().map(studio_entry).collect()
            }

            pub(super) async fn reception_schedule_impl(
                &self,
                studio: liaison_core::StudioId,
                month: liaison_core::schedule::Month,
            ) -> Result<Option<$crate::store::StoredSchedule>, $crate::store::StoreError> {
                use $crate::store::schedules::*;
                let row: Option<(String, String, i64)> = sqlx::query_as(SELECT_SCHEDULE)
                    .bind(studio.to_string())
                    .bind(month.to_string())
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|(organisation, record, version)| {
                    Ok($crate::store::StoredSchedule {
                        schedule: schedule_of(studio, &record)?,
                        organisation: organisation.parse().map_err(|_| {
                            $crate::store::StoreError::Corrupt(format!("reception schedule of {studio}: organisation"))
                        })?,
                        version,
                    })
                })
                .transpose()
            }

            pub(super) async fn save_reception_schedule_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                schedule: &liaison_core::schedule::ReceptionSchedule,
                read_version: i64,
                change: Option<&liaison_core::schedule::DateChange>,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<i64, $crate::store::StoreError> {
                use $crate::store::schedules::*;
                let studio = schedule.studio().to_string();
                let month = schedule.month().to_string();
                let record = record_text(schedule)?;
                let mut tx = self.pool.begin().await?;
                let written = if read_version == 0 {
                    sqlx::query(INSERT_SCHEDULE)
                        .bind(&studio)
                        .bind(&month)
                        .bind(organisation.to_string())
                        .bind(schedule.state().code())
                        .bind(&record)
                        .bind(now)
                        .bind(by.to_string())
                        .execute(&mut *tx)
                        .await?
                } else {
                    sqlx::query(UPDATE_SCHEDULE)
                        .bind(&studio)
                        .bind(&month)
                        .bind(organisation.to_string())
                        .bind(schedule.state().code())
                        .bind(&record)
                        .bind(now)
                        .bind(by.to_string())
                        .bind(read_version)
                        .execute(&mut *tx)
                        .await?
                };
                if written.rows_affected() != 1 {
                    return Err($crate::store::StoreError::StaleSchedule);
                }
                if let Some(change) = change {
                    sqlx::query(INSERT_CHANGE)
                        .bind(&studio)
                        .bind(&month)
                        .bind(schedule.changes().len() as i64)
                        .bind(change.old.to_string())
                        .bind(change.new.to_string())
                        .bind(change.reason.as_str())
                        .bind(change.by.to_string())
                        .bind(change.at)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(read_version + 1)
            }

            pub(super) async fn schedule_log_impl(
                &self,
                studio: liaison_core::StudioId,
                month: liaison_core::schedule::Month,
            ) -> Result<Vec<$crate::store::ScheduleLogEntry>, $crate::store::StoreError> {
                use $crate::store::schedules::*;
                let rows: Vec<(i64, String, String, String, String, String, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(SELECT_CHANGES)
                        .bind(studio.to_string())
                        .bind(month.to_string())
                        .fetch_all(&self.pool)
                        .await?;
                rows.into_iter()
                    .map(|(seq, old_date, new_date, reason, by, by_name, at)| {
                        Ok($crate::store::ScheduleLogEntry {
                            seq,
                            old_date,
                            new_date,
                            reason,
                            by: by
                                .parse()
                                .map_err(|_| $crate::store::StoreError::Corrupt(format!("schedule change by {by}")))?,
                            by_name,
                            at,
                        })
                    })
                    .collect()
            }

            pub(super) async fn published_schedules_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                months: [liaison_core::schedule::Month; 2],
            ) -> Result<Vec<liaison_core::schedule::ReceptionSchedule>, $crate::store::StoreError> {
                use $crate::store::schedules::*;
                let rows: Vec<(String,)> = sqlx::query_as(SELECT_PUBLISHED)
                    .bind(organisation.to_string())
                    .bind(months[0].to_string())
                    .bind(months[1].to_string())
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter()
                    .map(|(record,)| {
                        let r: liaison_core::schedule::ReceptionScheduleRecordV1 = serde_json::from_str(record)
                            .map_err(|e| $crate::store::StoreError::Corrupt(format!("reception schedule: {e}")))?;
                        liaison_core::schedule::ReceptionSchedule::try_from(r)
                            .map_err(|e| $crate::store::StoreError::Corrupt(format!("reception schedule: {e}")))
                    })
                    .collect()
            }
        }
    };
}

pub(super) use impl_schedules;
