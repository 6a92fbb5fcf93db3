//! The duty-fact statements both backends share (see `duties.rs`), stamped
//! out per backend as inherent methods (`impl_duties!(Sqlite, sqlx::Sqlite, SQLITE)`)
//! like `matters_sql.rs`; the `Database` implementation in `sql.rs` calls them.

/// Inherent duty-fact methods for `$backend` (with a `pool` of `$db`).
macro_rules! impl_duties {
    ($backend:ty, $db:ty, $dialect:expr) => {
        impl $backend {
            /// Writes `facts` and removes the facts of the records `removed`
            /// (tombstones), inside `tx`; then brings the lines of every owner
            /// touched up to date: new facts are appended to their owner's
            /// lines as a new part, and an owner with a fact changed or
            /// removed, or with [`MAX_LINE_PARTS`] parts, has their lines
            /// written again from all their facts, as one part.
            pub(super) async fn write_duty_facts(
                tx: &mut sqlx::Transaction<'_, $db>,
                facts: &[$crate::store::duties::NewFact],
                removed: &[String],
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::duties::*;
                // Which facts are there already (their record changed).
                let mut existing: std::collections::HashSet<(&str, String)> = std::collections::HashSet::new();
                for (collection, ids) in &ids_by_collection(facts.iter()) {
                    for chunk in ids.chunks(500) {
                        let sql = select_existing_facts(chunk.len());
                        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(*collection);
                        for id in chunk {
                            query = query.bind(*id);
                        }
                        existing.extend(query.fetch_all(&mut **tx).await?.into_iter().map(|id| (*collection, id)));
                    }
                }
                // Eight parameters a row: well within both databases' limits.
                for chunk in facts.chunks(500) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(insert_facts_prefix());
                    insert.push_values(chunk, |mut row, f| {
                        row.push_bind(f.collection)
                            .push_bind(f.id.clone())
                            .push_bind(f.owner.clone())
                            .push_bind(f.at)
                            .push_bind(f.reported_at)
                            .push_bind(f.kind.clone())
                            .push_bind(f.point.clone())
                            .push_bind(f.items.clone())
                            .push_bind(f.studio.clone());
                    });
                    insert.push(UPSERT_FACTS_SUFFIX);
                    insert.build().execute(&mut **tx).await?;
                }
                let (old, new): (Vec<&NewFact>, Vec<&NewFact>) =
                    facts.iter().partition(|f| existing.contains(&(f.collection, f.id.clone())));
                // Owners whose lines are written again whole.
                let mut rebuilt: std::collections::BTreeSet<String> = old.iter().map(|f| f.owner.clone()).collect();
                for chunk in removed.chunks(500) {
                    let mut delete = sqlx::QueryBuilder::<$db>::new(DELETE_FACTS_PREFIX);
                    let mut ids = delete.separated(", ");
                    for id in chunk {
                        ids.push_bind(id.clone());
                    }
                    delete.push(DELETE_FACTS_SUFFIX);
                    let gone: Vec<(String,)> = delete.build_query_as().fetch_all(&mut **tx).await?;
                    rebuilt.extend(gone.into_iter().map(|(owner,)| owner));
                }
                // New facts of the other owners: appended.
                let appended: Vec<&NewFact> = new.into_iter().filter(|f| !rebuilt.contains(&f.owner)).collect();
                for (collection, ids) in &ids_by_collection(appended.iter().copied()) {
                    for chunk in ids.chunks(500) {
                        let sql = append_lines($dialect, chunk.len());
                        let mut query = sqlx::query(&sql).bind(*collection);
                        for id in chunk {
                            query = query.bind(*id);
                        }
                        query.execute(&mut **tx).await?;
                    }
                }
                // Owners with many parts: written again as one.
                let grown: Vec<&str> = appended
                    .iter()
                    .map(|f| f.owner.as_str())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                for chunk in grown.chunks(500) {
                    let sql = owners_with_many_parts(chunk.len());
                    let mut query = sqlx::query_scalar::<_, String>(&sql).bind(MAX_LINE_PARTS);
                    for owner in chunk {
                        query = query.bind(*owner);
                    }
                    let many = query.fetch_all(&mut **tx).await?;
                    rebuilt.extend(many);
                }
                let owners: Vec<String> = rebuilt.into_iter().collect();
                for chunk in owners.chunks(500) {
                    let sql = delete_lines(chunk.len());
                    let mut query = sqlx::query(&sql);
                    for owner in chunk {
                        query = query.bind(owner.clone());
                    }
                    query.execute(&mut **tx).await?;
                    let sql = insert_lines($dialect, chunk.len());
                    let mut query = sqlx::query(&sql);
                    for owner in chunk {
                        query = query.bind(owner.clone());
                    }
                    query.execute(&mut **tx).await?;
                }
                Ok(())
            }

            pub(super) async fn duty_records_impl(
                &self,
                organisations: &[liaison_core::OrganisationId],
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<
                std::collections::HashMap<liaison_core::UserId, liaison_core::duty::DutyRecords>,
                $crate::store::StoreError,
            > {
                use $crate::store::duties::*;
                let mut all = std::collections::HashMap::new();
                for chunk in organisations.chunks(500) {
                    let sql = select_lines_by_owner(chunk.len());
                    let mut query = sqlx::query_as::<_, (String, String)>(&sql);
                    for org in chunk {
                        query = query.bind(org.to_string());
                    }
                    for (owner, lines) in query.fetch_all(&self.pool).await? {
                        add_lines(&owner, &lines, since, &mut all)?;
                    }
                }
                Ok(all)
            }

            pub(super) async fn owner_duty_records_impl(
                &self,
                owner: liaison_core::UserId,
            ) -> Result<liaison_core::duty::DutyRecords, $crate::store::StoreError> {
                use $crate::store::duties::*;
                let mut all = std::collections::HashMap::new();
                for row in sqlx::query_as::<_, FactRow>(&select_owner_facts())
                    .bind(owner.to_string())
                    .fetch_all(&self.pool)
                    .await?
                {
                    row.add_to(&mut all)?;
                }
                Ok(all.remove(&owner).unwrap_or_default())
            }

            pub(super) async fn duty_policies_impl(
                &self,
            ) -> Result<
                std::collections::HashMap<liaison_core::OrganisationId, liaison_core::duty::PolicyRecordV1>,
                $crate::store::StoreError,
            > {
                use $crate::store::duties::*;
                let rows: Vec<(String, String)> = sqlx::query_as(SELECT_POLICIES).fetch_all(&self.pool).await?;
                parse_rows("policy", rows)
            }

            pub(super) async fn set_duty_policy_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                record: Option<&liaison_core::duty::PolicyRecordV1>,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::duties::*;
                let text = record.map(record_text).transpose()?;
                self.set_org_record(UPSERT_POLICY, DELETE_POLICY, organisation, text, by, now).await
            }

            /// Writes an organisation's own settings record (`upsert`: the
            /// organisation, the record's text, when, by whom) or, given none,
            /// removes it (`delete`: the organisation) so that it inherits
            /// again — its duty policy, its paired-liaison rules.
            pub(super) async fn set_org_record(
                &self,
                upsert: &str,
                delete: &str,
                organisation: liaison_core::OrganisationId,
                text: Option<String>,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                match text {
                    Some(text) => {
                        sqlx::query(upsert)
                            .bind(organisation.to_string())
                            .bind(text)
                            .bind(now)
                            .bind(by.to_string())
                            .execute(&self.pool)
                            .await?;
                    }
                    None => {
                        sqlx::query(delete).bind(organisation.to_string()).execute(&self.pool).await?;
                    }
                }
                Ok(())
            }

            pub(super) async fn representative_profiles_impl(
                &self,
                user: Option<liaison_core::UserId>,
            ) -> Result<
                std::collections::HashMap<liaison_core::UserId, liaison_core::duty::RepresentativeProfileRecordV1>,
                $crate::store::StoreError,
            > {
                use $crate::store::duties::*;
                let rows: Vec<(String, String)> = match user {
                    Some(user) => sqlx::query_as(SELECT_PROFILE).bind(user.to_string()).fetch_all(&self.pool).await?,
                    None => sqlx::query_as(SELECT_PROFILES).fetch_all(&self.pool).await?,
                };
                parse_rows("profile", rows)
            }

            pub(super) async fn set_representative_profile_impl(
                &self,
                user: liaison_core::UserId,
                record: &liaison_core::duty::RepresentativeProfileRecordV1,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::duties::*;
                sqlx::query(UPSERT_PROFILE)
                    .bind(user.to_string())
                    .bind(record_text(record)?)
                    .bind(now)
                    .bind(by.to_string())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            /// Writes the facts of records synced before migration 0012, a
            /// thousand records a transaction, then notes that it is done.
            pub(super) async fn backfill_duty_facts_impl(&self) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::duties::*;
                let done: i64 = sqlx::query_scalar(SELECT_FACTS_BACKFILLED).fetch_one(&self.pool).await?;
                if done > 0 {
                    return Ok(0);
                }
                let mut after = String::new();
                let mut made = 0;
                loop {
                    let mut tx = self.pool.begin().await?;
                    // Queued with the pushes (sync's counter lock): both
                    // number an owner's line parts.
                    let _: i64 = sqlx::query_scalar($crate::store::sync::LOCK_COUNTER).fetch_one(&mut *tx).await?;
                    let rows: Vec<(String, String, String, String, chrono::DateTime<chrono::Utc>)> =
                        sqlx::query_as(SELECT_RECORDS_TO_FACT)
                            .bind(&after)
                            .bind(FACT_BATCH)
                            .fetch_all(&mut *tx)
                            .await?;
                    let mut facts = Vec::with_capacity(rows.len());
                    for (collection, id, owner, body, received_at) in &rows {
                        let corrupt = |what: &str| $crate::store::StoreError::Corrupt(format!("record {id}: {what}"));
                        let collection: liaison_sync::Collection =
                            serde_json::from_value(serde_json::Value::String(collection.clone()))
                                .map_err(|_| corrupt("collection"))?;
                        let body: liaison_sync::Body = serde_json::from_str(body).map_err(|_| corrupt("body"))?;
                        let owner = owner.parse().map_err(|_| corrupt("owner"))?;
                        facts.extend(fact_of(collection, &body, owner, *received_at));
                    }
                    made += facts.len() as u64;
                    Self::write_duty_facts(&mut tx, &facts, &[]).await?;
                    let last = rows.len() < FACT_BATCH as usize;
                    if last {
                        sqlx::query(SET_FACTS_BACKFILLED).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    match rows.last() {
                        Some((_, id, ..)) if !last => after = id.clone(),
                        _ => return Ok(made),
                    }
                }
            }
        }
    };
}

pub(super) use impl_duties;
