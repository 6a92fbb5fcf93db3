//! The matter transactions both backends share, stamped out per backend as
//! inherent methods (`impl_matters!(Sqlite, sqlx::Sqlite)`); the `Database`
//! implementation in `sql.rs` calls them. Written as a macro for the same
//! reason as `sql.rs`: the pools are distinct types.

/// Inherent matter methods for `$backend` (with a `pool` of `$db`).
macro_rules! impl_matters {
    ($backend:ty, $db:ty) => {
        impl $backend {
            /// Makes a matter for each card (with its collector, the
            /// collector's organisation and the receipt time) that has none
            /// yet, inside `tx`. Returns how many were made.
            pub(super) async fn insert_matters(
                tx: &mut sqlx::Transaction<'_, $db>,
                cards: &[(
                    liaison_core::OpinionCard,
                    liaison_core::UserId,
                    liaison_core::OrganisationId,
                    chrono::DateTime<chrono::Utc>,
                )],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut made = 0;
                for (card, collector, organisation, received_at) in cards {
                    let matter = new_matter(card, *organisation, *collector, *received_at);
                    let c = columns(&matter)?;
                    let inserted = sqlx::query(INSERT_MATTER)
                        .bind(&c.id)
                        .bind(&c.organisation)
                        .bind(&c.card)
                        .bind(&c.collector)
                        .bind(c.state)
                        .bind(&c.category)
                        .bind(c.urgency_rank)
                        .bind(&c.unit)
                        .bind(&c.due_on)
                        .bind(c.clock_due_ms)
                        .bind(c.collected_ms)
                        .bind(c.received_at)
                        .bind(&c.record)
                        .bind(c.version)
                        .bind(now)
                        .execute(&mut **tx)
                        .await?
                        .rows_affected();
                    if inserted == 1 {
                        sqlx::query(INSERT_MATTER_OPINION).bind(&c.card).bind(&c.id).execute(&mut **tx).await?;
                        Self::insert_sketch(tx, &c.id, card).await?;
                        made += 1;
                    }
                }
                Ok(made)
            }

            /// Writes the sketch of matter `id`, made from `card`, inside `tx`
            /// (nothing for a text with no bigram, or a sketch already there).
            pub(super) async fn insert_sketch(
                tx: &mut sqlx::Transaction<'_, $db>,
                id: &str,
                card: &liaison_core::OpinionCard,
            ) -> Result<bool, $crate::store::StoreError> {
                let codes = liaison_core::matter::similar::sketch(card.content.as_str());
                if codes.is_empty() {
                    return Ok(false);
                }
                let mut insert = sqlx::QueryBuilder::<$db>::new("");
                $crate::store::matters::push_insert_sketch(&mut insert, id, &codes);
                insert.build().execute(&mut **tx).await?;
                Ok(true)
            }

            /// The organisation of `user`, read inside `tx`.
            pub(super) async fn organisation_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                user: liaison_core::UserId,
            ) -> Result<Option<liaison_core::OrganisationId>, $crate::store::StoreError> {
                let org: Option<Option<String>> = sqlx::query_scalar($crate::store::matters::SELECT_USER_ORGANISATION)
                    .bind(user.to_string())
                    .fetch_optional(&mut **tx)
                    .await?;
                org.flatten()
                    .map(|o| {
                        o.parse().map_err(|e| $crate::store::StoreError::Corrupt(format!("organisation {o:?}: {e}")))
                    })
                    .transpose()
            }

            async fn matters_impl(
                &self,
                scope: &$crate::store::MatterScope,
                filter: &$crate::store::MatterFilter,
            ) -> Result<$crate::store::MatterPage, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut count = sqlx::QueryBuilder::<$db>::new("SELECT COUNT(*) FROM matters");
                push_where(&mut count, scope, filter);
                let total: i64 = count.build_query_scalar().fetch_one(&self.pool).await?;
                let mut list = sqlx::QueryBuilder::<$db>::new(LIST_COLUMNS);
                push_where(&mut list, scope, filter);
                list.push(LIST_ORDER)
                    .push(" LIMIT ")
                    .push_bind(i64::from(filter.limit))
                    .push(" OFFSET ")
                    .push_bind(i64::from(filter.offset));
                let rows: Vec<(String, Option<String>, String)> = list.build_query_as().fetch_all(&self.pool).await?;
                let items = rows
                    .into_iter()
                    .map(|(record, body, collector_name)| {
                        Ok($crate::store::MatterListing {
                            matter: parse_matter(&record)?,
                            cards: body.as_deref().map(parse_card).transpose()?.into_iter().collect(),
                            collector_name,
                        })
                    })
                    .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                Ok($crate::store::MatterPage { items, total: u64::try_from(total).unwrap_or(0) })
            }

            async fn matter_impl(
                &self,
                id: liaison_core::MatterId,
            ) -> Result<Option<$crate::store::MatterListing>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let Some((record, collector_name)): Option<(String, String)> =
                    sqlx::query_as(SELECT_MATTER).bind(id.to_string()).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                let matter = parse_matter(&record)?;
                let mut select = sqlx::QueryBuilder::<$db>::new(
                    "SELECT id, body FROM sync_records WHERE collection = 'opinion_card' AND id IN (",
                );
                let mut ids = select.separated(", ");
                for card in &matter.opinions {
                    ids.push_bind(card.to_string());
                }
                select.push(")");
                let bodies: std::collections::HashMap<String, String> =
                    select.build_query_as::<(String, String)>().fetch_all(&self.pool).await?.into_iter().collect();
                let cards = matter
                    .opinions
                    .iter()
                    .filter_map(|card| bodies.get(&card.to_string()))
                    .map(|body| parse_card(body))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Some($crate::store::MatterListing { matter, cards, collector_name }))
            }

            async fn timeline_impl(
                &self,
                id: liaison_core::MatterId,
            ) -> Result<Vec<$crate::store::TimelineEntry>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let rows: Vec<(String, String)> =
                    sqlx::query_as(SELECT_TIMELINE).bind(id.to_string()).fetch_all(&self.pool).await?;
                rows.into_iter()
                    .map(|(record, actor_name)| {
                        Ok($crate::store::TimelineEntry { event: parse_event(&record)?, actor_name })
                    })
                    .collect()
            }

            async fn save_matters_impl(
                &self,
                changes: &[$crate::store::MatterChange],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut tx = self.pool.begin().await?;
                for change in changes {
                    let c = columns(&change.matter)?;
                    let written = sqlx::query(UPDATE_MATTER)
                        .bind(&c.organisation)
                        .bind(c.state)
                        .bind(&c.category)
                        .bind(c.urgency_rank)
                        .bind(&c.unit)
                        .bind(&c.due_on)
                        .bind(c.clock_due_ms)
                        .bind(&c.record)
                        .bind(c.version)
                        .bind(now)
                        .bind(&c.id)
                        .bind(i64::from(change.from_version))
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if written != 1 {
                        // Dropping the transaction rolls back what came before.
                        return Err($crate::store::StoreError::StaleMatter);
                    }
                    sqlx::query(UPDATE_SKETCH)
                        .bind(&c.organisation)
                        .bind(liaison_core::matter::similar::suggestable(change.matter.state))
                        .bind(&c.id)
                        .execute(&mut *tx)
                        .await?;
                    let e = &change.event;
                    sqlx::query(INSERT_EVENT)
                        .bind(e.matter.to_string())
                        .bind(i64::from(e.seq))
                        .bind(e.actor.to_string())
                        .bind(e.device.map(|d| d.to_string()))
                        .bind(e.role.code())
                        .bind(e.at)
                        .bind(e.before.code())
                        .bind(e.after.code())
                        .bind(event_text(e)?)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn backfill_matters_impl(
                &self,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut tx = self.pool.begin().await?;
                // Queue with pushes (they make matters too) on the counter's lock.
                let _: i64 = sqlx::query_scalar($crate::store::sync::LOCK_COUNTER).fetch_one(&mut *tx).await?;
                let rows: Vec<(String, String, String, Option<String>, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(SELECT_CARDS_WITHOUT_MATTER).fetch_all(&mut *tx).await?;
                if rows.is_empty() {
                    return Ok(0);
                }
                let mut cards = Vec::with_capacity(rows.len());
                for (id, body, owner, organisation, received_at) in rows {
                    let corrupt =
                        |what: &str, e: String| $crate::store::StoreError::Corrupt(format!("card {id}: {what}: {e}"));
                    let owner = owner.parse().map_err(|e: liaison_core::IdError| corrupt("owner", e.to_string()))?;
                    let Some(organisation) = organisation else { continue };
                    let organisation = organisation
                        .parse()
                        .map_err(|e: liaison_core::IdError| corrupt("organisation", e.to_string()))?;
                    cards.push((parse_card(&body)?, owner, organisation, received_at));
                }
                let made = Self::insert_matters(&mut tx, &cards, now).await?;
                tx.commit().await?;
                Ok(made)
            }

            async fn similar_candidates_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                target: liaison_core::MatterId,
                codes: &[u32],
                limit: u32,
            ) -> Result<Vec<$crate::store::SimilarCandidate>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                if codes.is_empty() || limit == 0 {
                    return Ok(Vec::new());
                }
                let mut search = sqlx::QueryBuilder::<$db>::new("");
                push_candidates(&mut search, organisation, target, codes, limit);
                let found: Vec<(String, i64)> = search.build_query_as().fetch_all(&self.pool).await?;
                if found.is_empty() {
                    return Ok(Vec::new());
                }
                let mut select = sqlx::QueryBuilder::<$db>::new(SELECT_CANDIDATES);
                let mut ids = select.separated(", ");
                for (id, _) in &found {
                    ids.push_bind(id.clone());
                }
                select.push(")");
                let mut candidates: std::collections::HashMap<String, $crate::store::SimilarCandidate> =
                    std::collections::HashMap::new();
                for (record, body) in select.build_query_as::<(String, Option<String>)>().fetch_all(&self.pool).await? {
                    let matter = parse_matter(&record)?;
                    let card = body.as_deref().map(parse_card).transpose()?;
                    candidates.insert(matter.id.to_string(), $crate::store::SimilarCandidate { matter, card });
                }
                // In the search's order: most shared codes first.
                Ok(found.iter().filter_map(|(id, _)| candidates.remove(id)).collect())
            }

            async fn backfill_sketches_impl(&self) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let done: Option<i64> =
                    sqlx::query_scalar(SELECT_SKETCHES_BACKFILLED).fetch_optional(&self.pool).await?;
                if done.is_some() {
                    return Ok(0);
                }
                let mut after = String::new();
                let mut made = 0;
                loop {
                    let mut tx = self.pool.begin().await?;
                    let rows: Vec<(String, String)> =
                        sqlx::query_as(SELECT_UNSKETCHED).bind(&after).bind(SKETCH_BATCH).fetch_all(&mut *tx).await?;
                    if !rows.is_empty() {
                        let mut select = sqlx::QueryBuilder::<$db>::new(
                            "SELECT id, body FROM sync_records WHERE collection = 'opinion_card' AND id IN (",
                        );
                        let mut ids = select.separated(", ");
                        for (_, card) in &rows {
                            ids.push_bind(card.clone());
                        }
                        select.push(")");
                        let bodies: std::collections::HashMap<String, String> = select
                            .build_query_as::<(String, String)>()
                            .fetch_all(&mut *tx)
                            .await?
                            .into_iter()
                            .collect();
                        for (id, card) in &rows {
                            let Some(body) = bodies.get(card) else { continue };
                            if Self::insert_sketch(&mut tx, id, &parse_card(body)?).await? {
                                made += 1;
                            }
                        }
                    }
                    let last = rows.len() < SKETCH_BATCH as usize;
                    if last {
                        sqlx::query(SET_SKETCHES_BACKFILLED).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    match rows.last() {
                        Some((id, _)) if !last => after = id.clone(),
                        _ => return Ok(made),
                    }
                }
            }

            async fn deadline_policy_impl(
                &self,
                organisation: liaison_core::OrganisationId,
            ) -> Result<liaison_core::matter::deadline::DeadlinePolicy, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let stored: Option<String> =
                    sqlx::query_scalar(SELECT_POLICY).bind(organisation.to_string()).fetch_optional(&self.pool).await?;
                match stored {
                    Some(text) => parse_policy(&text),
                    None => Ok(liaison_core::matter::deadline::DeadlinePolicy::preset()),
                }
            }

            async fn set_deadline_policy_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                policy: &liaison_core::matter::deadline::DeadlinePolicy,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
                sqlx::query(UPSERT_POLICY)
                    .bind(organisation.to_string())
                    .bind(policy_text(policy)?)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

pub(super) use impl_matters;
