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
            /// yet, inside `tx`, in a few statements whatever the number of
            /// cards (a phone's backlog of 2,000 took 2,000 round trips to
            /// the database at each step). Returns how many were made.
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
                let mut rows = Vec::with_capacity(cards.len());
                // A card named twice gets one matter, as when each was its own statement.
                let mut named: std::collections::HashSet<liaison_core::OpinionCardId> =
                    std::collections::HashSet::new();
                for (card, collector, organisation, received_at) in cards {
                    if !named.insert(card.id) {
                        continue;
                    }
                    let matter = new_matter(card, *organisation, *collector, *received_at);
                    let c = columns(&matter)?;
                    rows.push((matter, c, card));
                }
                // The cards whose matter was made (a card that has one already is left).
                let mut made_for: std::collections::HashSet<String> = std::collections::HashSet::new();
                for chunk in rows.chunks(MATTER_CHUNK) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(INSERT_MATTERS_PREFIX);
                    insert.push_values(chunk, |mut row, (_, c, card)| {
                        row.push_bind(c.id.clone())
                            .push_bind(c.organisation.clone())
                            .push_bind(c.card.clone())
                            .push_bind(c.collector.clone())
                            .push_bind(c.state)
                            .push_bind(c.category.clone())
                            .push_bind(c.urgency_rank)
                            .push_bind(c.unit.clone())
                            .push_bind(c.due_on.clone())
                            .push_bind(c.clock_due_ms)
                            .push_bind(c.collected_ms)
                            .push_bind(c.received_at)
                            .push_bind(c.record.clone())
                            .push_bind(c.version)
                            .push_bind(now)
                            .push_bind(card.place.as_str().to_owned());
                    });
                    insert.push(INSERT_MATTERS_SUFFIX);
                    made_for.extend(insert.build_query_scalar::<String>().fetch_all(&mut **tx).await?);
                }
                let rows: Vec<_> = rows.into_iter().filter(|(_, c, _)| made_for.contains(&c.card)).collect();
                for chunk in rows.chunks(MATTER_CHUNK) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(INSERT_MATTER_OPINIONS_PREFIX);
                    insert.push_values(chunk, |mut row, (_, c, _)| {
                        row.push_bind(c.card.clone()).push_bind(c.id.clone());
                    });
                    insert.build().execute(&mut **tx).await?;
                }
                let sketches: Vec<NewSketch> = rows
                    .iter()
                    .map(|(matter, _, card)| NewSketch::of(matter.id, matter.organisation, matter.state, card))
                    .collect();
                let made: Vec<liaison_core::matter::Matter> = rows.into_iter().map(|(matter, _, _)| matter).collect();
                Self::insert_sketches(tx, &sketches).await?;
                Self::write_statuses(tx, &made, now).await?;
                Ok(made.len() as u64)
            }

            /// Writes each matter's status into its collector's sync log (a
            /// `sync_records` row, replaced at every change of the matter),
            /// inside `tx`, at the next numbers of the log (taking the
            /// counter's lock, if `tx` does not hold it yet): the phone that
            /// collected the opinion pulls it at its next sync. A duplicate
            /// merged into a matter is written too, with the reply of the
            /// matter it ended in (`MatterStatusRecordV1::of_merged`), so its
            /// collector hears the answer as well. Reads the matters from
            /// `tx`, where they were just written. What every status needs
            /// (its card's device, its last version, its unit's name) is read
            /// for all of them at once, and they are written in a few
            /// statements.
            pub(super) async fn write_statuses(
                tx: &mut sqlx::Transaction<'_, $db>,
                matters: &[liaison_core::matter::Matter],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use liaison_core::matter::{Matter, MatterState, MatterStatusRecordV1};
                use $crate::store::matters::*;
                if matters.is_empty() {
                    return Ok(());
                }
                let mut seq: i64 = sqlx::query_scalar($crate::store::sync::LOCK_COUNTER).fetch_one(&mut **tx).await?;
                // Each status to write: its matter, and where a duplicate ended.
                let mut statuses: Vec<(Matter, Option<Matter>)> = Vec::new();
                let mut listed: std::collections::HashSet<String> = std::collections::HashSet::new();
                for matter in matters {
                    if listed.insert(matter.id.to_string()) {
                        let ended = Self::ended_in(tx, matter).await?;
                        statuses.push((matter.clone(), ended));
                    }
                    for card in matter.opinions.iter().skip(1) {
                        let of: Option<String> = sqlx::query_scalar(SELECT_CARD_MATTER)
                            .bind(card.to_string())
                            .fetch_optional(&mut **tx)
                            .await?;
                        let Some(of) = of.filter(|of| *of != matter.id.to_string()) else { continue };
                        if listed.contains(&of) {
                            continue;
                        }
                        let duplicate = Self::matter_in(tx, &of).await?;
                        if duplicate.state == MatterState::Merged {
                            let ended = Self::ended_in(tx, &duplicate).await?;
                            listed.insert(of);
                            statuses.push((duplicate, ended));
                        }
                    }
                }
                let cards: Vec<String> =
                    statuses.iter().filter_map(|(m, _)| m.opinions.first().map(ToString::to_string)).collect();
                let devices: std::collections::HashMap<String, String> =
                    Self::pairs_in(tx, SELECT_CARD_DEVICES_PREFIX, &cards).await?;
                let ids: Vec<String> = statuses.iter().map(|(m, _)| m.id.to_string()).collect();
                let versions: std::collections::HashMap<String, i64> =
                    Self::pairs_in(tx, SELECT_STATUS_VERSIONS_PREFIX, &ids).await?;
                let units: Vec<String> = statuses
                    .iter()
                    .filter_map(|(m, ended)| ended.as_ref().unwrap_or(m).reply.as_ref().and_then(|r| r.unit))
                    .map(|unit| unit.to_string())
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let unit_names: std::collections::HashMap<String, String> =
                    Self::pairs_in(tx, SELECT_ORGANISATION_NAMES_PREFIX, &units).await?;
                let mut rows = Vec::with_capacity(statuses.len());
                for (matter, ended) in &statuses {
                    let Some(card) = matter.opinions.first() else { continue };
                    // A matter is made from a synced card, so its device is known.
                    let Some(device) = devices.get(&card.to_string()) else {
                        return Err($crate::store::StoreError::Corrupt(format!(
                            "matter {}: card not synced",
                            matter.id
                        )));
                    };
                    let answered = ended.as_ref().unwrap_or(matter);
                    let unit_name = answered
                        .reply
                        .as_ref()
                        .and_then(|r| r.unit)
                        .and_then(|unit| unit_names.get(&unit.to_string()))
                        .and_then(|name| liaison_core::OrganisationName::parse(name).ok());
                    let status = match ended {
                        Some(target) => MatterStatusRecordV1::of_merged(matter, target, unit_name, now),
                        None => MatterStatusRecordV1::of(matter, unit_name, now),
                    };
                    // A phone keeps a record only when its version grows; a
                    // duplicate's status changes while the duplicate does not.
                    let before = versions.get(&matter.id.to_string()).copied();
                    let version = (i64::from(matter.version) + 1).max(before.map_or(0, |v| v + 1));
                    seq += 1;
                    let owner = matter.collector.to_string();
                    rows.push((matter.id.to_string(), owner, version, status_json(&status)?, seq, device.clone()));
                }
                for chunk in rows.chunks($crate::store::sync::WRITE_CHUNK) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new($crate::store::sync::INSERT_RECORDS_PREFIX);
                    insert.push_values(chunk, |mut row, (id, owner, version, body, seq, device)| {
                        row.push("'matter_status'")
                            .push_bind(id.clone())
                            .push_bind(owner.clone())
                            .push_bind(*version)
                            .push_bind(body.clone())
                            .push("FALSE")
                            .push_bind(*seq)
                            .push("FALSE")
                            .push_bind(device.clone())
                            .push_bind(now);
                    });
                    insert.push($crate::store::sync::UPSERT_RECORDS_SUFFIX);
                    insert.build().execute(&mut **tx).await?;
                }
                sqlx::query($crate::store::sync::SET_COUNTER).bind(seq).execute(&mut **tx).await?;
                Ok(())
            }

            /// Two columns of the rows a statement `prefix` (ending in
            /// `IN (`) finds for `ids`, by the first: a few statements
            /// whatever the number of ids.
            async fn pairs_in<T>(
                tx: &mut sqlx::Transaction<'_, $db>,
                prefix: &str,
                ids: &[String],
            ) -> Result<std::collections::HashMap<String, T>, $crate::store::StoreError>
            where
                T: for<'r> sqlx::Decode<'r, $db> + sqlx::Type<$db> + Send + Unpin,
            {
                let mut found = std::collections::HashMap::with_capacity(ids.len());
                for chunk in ids.chunks($crate::store::sync::READ_CHUNK) {
                    let mut select = sqlx::QueryBuilder::<$db>::new(prefix);
                    let mut list = select.separated(", ");
                    for id in chunk {
                        list.push_bind(id.clone());
                    }
                    select.push(")");
                    found.extend(select.build_query_as::<(String, T)>().fetch_all(&mut **tx).await?);
                }
                Ok(found)
            }

            /// A matter as written in `tx`.
            async fn matter_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                id: &str,
            ) -> Result<liaison_core::matter::Matter, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let record: Option<String> =
                    sqlx::query_scalar(SELECT_MATTER_RECORD).bind(id).fetch_optional(&mut **tx).await?;
                match record {
                    Some(record) => parse_matter(&record),
                    None => Err($crate::store::StoreError::Corrupt(format!("matter {id} is missing"))),
                }
            }

            /// The matter a merged duplicate ended in, following merges of
            /// merges; none for a matter not merged.
            async fn ended_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                matter: &liaison_core::matter::Matter,
            ) -> Result<Option<liaison_core::matter::Matter>, $crate::store::StoreError> {
                use liaison_core::matter::MatterState;
                let mut ended: Option<liaison_core::matter::Matter> = None;
                let mut into = matter.merged_into.filter(|_| matter.state == MatterState::Merged);
                // Merging into oneself is refused by the core, so a chain ends;
                // the bound only guards against a corrupt database.
                for _ in 0..64 {
                    let Some(id) = into else { break };
                    let next = Self::matter_in(tx, &id.to_string()).await?;
                    into = next.merged_into.filter(|_| next.state == MatterState::Merged);
                    ended = Some(next);
                }
                Ok(ended)
            }

            /// Writes the sketches of matters that have none yet, inside
            /// `tx`, in few statements: the rows sorted, so each statement
            /// writes to neighbouring places in the index.
            pub(super) async fn insert_sketches(
                tx: &mut sqlx::Transaction<'_, $db>,
                sketches: &[$crate::store::matters::NewSketch],
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut keys: Vec<&NewSketch> = sketches.iter().collect();
                keys.sort_by_key(|s| s.id);
                for chunk in keys.chunks(SKETCH_CHUNK) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(INSERT_SKETCH_KEYS_PREFIX);
                    insert.push_values(chunk, |mut row, s| {
                        row.push_bind(s.id.to_string()).push_bind(s.key).push_bind(s.under);
                    });
                    insert.push(SKETCH_KEYS_SUFFIX);
                    insert.build().execute(&mut **tx).await?;
                }
                let mut rows: Vec<(i64, i64, i64)> = sketches
                    .iter()
                    .filter_map(|s| s.under.map(|under| (s, under)))
                    .flat_map(|(s, under)| s.codes.iter().map(move |code| (under, i64::from(*code), s.key)))
                    .collect();
                rows.sort_unstable();
                for chunk in rows.chunks(SKETCH_CHUNK) {
                    let mut insert = sqlx::QueryBuilder::<$db>::new(INSERT_SKETCH_ROWS_PREFIX);
                    insert.push_values(chunk, |mut row, (under, code, key)| {
                        row.push_bind(*under).push_bind(*code).push_bind(*key);
                    });
                    insert.push(" ON CONFLICT DO NOTHING");
                    insert.build().execute(&mut **tx).await?;
                }
                Ok(())
            }

            /// Puts the sketch (`codes`) of the matter `id`, of `organisation`,
            /// in `state`, where those say, inside `tx`: under its organisation's key
            /// while it may be suggested, nowhere once merged or closed.
            /// `now_under` is the organisation key its rows are under now
            /// (`None`: nowhere).
            async fn place_sketch(
                tx: &mut sqlx::Transaction<'_, $db>,
                (id, organisation, state): (
                    liaison_core::MatterId,
                    liaison_core::OrganisationId,
                    liaison_core::matter::MatterState,
                ),
                codes: &[u32],
                now_under: Option<i64>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
                let key = sketch_key(id.as_uuid());
                let wanted = (liaison_core::matter::similar::suggestable(state) && !codes.is_empty())
                    .then(|| sketch_key(organisation.as_uuid()));
                if let Some(old) = now_under
                    && wanted != Some(old)
                {
                    let mut delete = sqlx::QueryBuilder::<$db>::new("");
                    push_delete_sketch(&mut delete, old, key, codes);
                    delete.build().execute(&mut **tx).await?;
                }
                if let Some(new) = wanted
                    && now_under != Some(new)
                {
                    let mut insert = sqlx::QueryBuilder::<$db>::new("");
                    push_insert_sketch(&mut insert, new, key, codes);
                    insert.build().execute(&mut **tx).await?;
                }
                sqlx::query(UPSERT_SKETCH_KEY).bind(id.to_string()).bind(key).bind(wanted).execute(&mut **tx).await?;
                Ok(())
            }

            /// Moves `matter`'s sketch after a change, inside `tx` (see
            /// [`Self::place_sketch`]); the codes are made again from its
            /// first card only when rows move (and at every change of an
            /// open matter whose text has no bigram: it never has rows).
            async fn move_sketch(
                tx: &mut sqlx::Transaction<'_, $db>,
                matter: &liaison_core::matter::Matter,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
                let now_under: Option<Option<i64>> = sqlx::query_scalar(SELECT_SKETCH_PLACE)
                    .bind(matter.id.to_string())
                    .fetch_optional(&mut **tx)
                    .await?;
                let now_under = now_under.flatten();
                let wanted = liaison_core::matter::similar::suggestable(matter.state)
                    .then(|| sketch_key(matter.organisation.as_uuid()));
                if now_under == wanted {
                    return Ok(());
                }
                let Some(card) = matter.opinions.first() else { return Ok(()) };
                let body: Option<String> =
                    sqlx::query_scalar(SELECT_CARD_BODY).bind(card.to_string()).fetch_optional(&mut **tx).await?;
                let Some(body) = body else { return Ok(()) };
                let codes = liaison_core::matter::similar::sketch(parse_card(&body)?.content.as_str());
                Self::place_sketch(tx, (matter.id, matter.organisation, matter.state), &codes, now_under).await
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
                let rows: Vec<(String, Option<String>, String, Option<String>)> =
                    list.build_query_as().fetch_all(&self.pool).await?;
                let items = rows
                    .into_iter()
                    .map(|(record, body, collector_name, unit_name)| {
                        Ok($crate::store::MatterListing {
                            matter: parse_matter(&record)?,
                            cards: body.as_deref().map(parse_card).transpose()?.into_iter().collect(),
                            collector_name,
                            unit_name,
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
                let Some((record, collector_name, unit_name)): Option<(String, String, Option<String>)> =
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
                Ok(Some($crate::store::MatterListing { matter, cards, collector_name, unit_name }))
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

            async fn matter_attachment_impl(
                &self,
                id: liaison_core::MatterId,
                sha256: &liaison_core::matter::Sha256Hex,
            ) -> Result<Option<liaison_core::matter::Attachment>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let row: Option<(String, String, i64)> = sqlx::query_as(SELECT_ATTACHMENT)
                    .bind(id.to_string())
                    .bind(sha256.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|row| parse_attachment(sha256, row)).transpose()
            }

            async fn save_matters_impl(
                &self,
                changes: &[$crate::store::MatterChange],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                let mut tx = self.pool.begin().await?;
                // Queue with the other writers of the sync log first (the
                // matters' statuses go into it), so that no two transactions
                // wait on each other's locks.
                let _: i64 = sqlx::query_scalar($crate::store::sync::LOCK_COUNTER).fetch_one(&mut *tx).await?;
                Self::save_matters_in(&mut tx, changes, now).await?;
                tx.commit().await?;
                Ok(())
            }

            /// Writes each change over the version it was made from (in
            /// order: a later change of the same matter follows the earlier),
            /// its event, and the matters' statuses, inside `tx`. A matter
            /// that moved meanwhile fails the whole transaction `StaleMatter`.
            pub(super) async fn save_matters_in(
                tx: &mut sqlx::Transaction<'_, $db>,
                changes: &[$crate::store::MatterChange],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
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
                        .execute(&mut **tx)
                        .await?
                        .rows_affected();
                    if written != 1 {
                        // Dropping the transaction rolls back what came before.
                        return Err($crate::store::StoreError::StaleMatter);
                    }
                    Self::move_sketch(tx, &change.matter).await?;
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
                        .execute(&mut **tx)
                        .await?;
                    if let liaison_core::matter::Action::AddAttachment { attachment: a } = &e.action {
                        sqlx::query(INSERT_ATTACHMENT)
                            .bind(e.matter.to_string())
                            .bind(i64::from(e.seq))
                            .bind(a.sha256.as_str())
                            .bind(a.name.as_str())
                            .bind(a.content_type.code())
                            .bind(a.bytes.get() as i64)
                            .execute(&mut **tx)
                            .await?;
                    }
                }
                // One status a matter, its latest.
                let mut latest: Vec<liaison_core::matter::Matter> = Vec::new();
                for change in changes.iter().rev() {
                    if !latest.iter().any(|m| m.id == change.matter.id) {
                        latest.push(change.matter.clone());
                    }
                }
                Self::write_statuses(tx, &latest, now).await
            }

            /// Applies a collector's request (a `matter_request` record this
            /// sync is creating) as `user` on `device`, at `now`, inside the
            /// sync transaction: the change joins `pending` (written with
            /// [`Self::save_matters_in`] once the push is read), so a later
            /// request of the same push sees it. Answers the rejection the
            /// record gets instead, when the matter is not the user's or the
            /// core refuses.
            pub(super) async fn apply_request(
                tx: &mut sqlx::Transaction<'_, $db>,
                pending: &mut Vec<$crate::store::MatterChange>,
                user: liaison_core::UserId,
                device: liaison_core::DeviceId,
                body: &liaison_sync::Body,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Result<(), liaison_sync::Rejection>, $crate::store::StoreError> {
                use liaison_i18n::Msg;
                use $crate::store::matters::*;
                let Ok(request) =
                    liaison_core::matter::MatterRequest::from_json(serde_json::Value::Object(body.clone()))
                else {
                    return Ok(Err(liaison_sync::Rejection::new(Msg::SyncInvalidRecord)));
                };
                let current = match pending.iter().rev().find(|c| c.matter.id == request.matter) {
                    Some(change) => Some(change.matter.clone()),
                    None => {
                        let record: Option<String> = sqlx::query_scalar(SELECT_MATTER_RECORD)
                            .bind(request.matter.to_string())
                            .fetch_optional(&mut **tx)
                            .await?;
                        record.as_deref().map(parse_matter).transpose()?
                    }
                };
                // Someone else's matter is answered as one that does not exist.
                let Some(matter) = current.filter(|m| m.collector == user) else {
                    return Ok(Err(liaison_sync::Rejection::new(Msg::SyncNotFound)));
                };
                let (role, organisation): (String, Option<String>) =
                    sqlx::query_as(SELECT_USER_ROLE).bind(user.to_string()).fetch_one(&mut **tx).await?;
                let actor = liaison_core::matter::Actor {
                    user,
                    role: liaison_core::account::Role::parse(&role)
                        .map_err(|e| $crate::store::StoreError::Corrupt(format!("role {role:?}: {e}")))?,
                    organisation: organisation.and_then(|o| o.parse().ok()),
                    device: Some(device),
                };
                match liaison_core::matter::apply(&matter, &actor, request.action, now) {
                    Ok((next, event)) => {
                        pending.push($crate::store::MatterChange { from_version: matter.version, matter: next, event });
                        Ok(Ok(()))
                    }
                    Err(error) => Ok(Err(request_refusal(error))),
                }
            }

            async fn backfill_matters_impl(
                &self,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut tx = self.pool.begin().await?;
                // Queue with pushes (they make matters too) on the counter's lock.
                let _: i64 = sqlx::query_scalar($crate::store::sync::LOCK_COUNTER).fetch_one(&mut *tx).await?;
                // Matters made before they kept their place.
                loop {
                    let rows: Vec<(String, String)> =
                        sqlx::query_as(SELECT_MATTERS_WITHOUT_PLACE).fetch_all(&mut *tx).await?;
                    if rows.is_empty() {
                        break;
                    }
                    for (id, body) in rows {
                        let card = parse_card(&body)?;
                        sqlx::query(SET_PLACE).bind(card.place.as_str()).bind(id).execute(&mut *tx).await?;
                    }
                }
                // Matters made before their collectors were sent statuses.
                let without: Vec<String> =
                    sqlx::query_scalar(SELECT_MATTERS_WITHOUT_STATUS).fetch_all(&mut *tx).await?;
                let without = without.iter().map(|record| parse_matter(record)).collect::<Result<Vec<_>, _>>()?;
                Self::write_statuses(&mut tx, &without, now).await?;
                let rows: Vec<(String, String, String, Option<String>, chrono::DateTime<chrono::Utc>)> =
                    sqlx::query_as(SELECT_CARDS_WITHOUT_MATTER).fetch_all(&mut *tx).await?;
                if rows.is_empty() {
                    tx.commit().await?;
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
                // One more: the target itself is usually the best match.
                let mut search = sqlx::QueryBuilder::<$db>::new("");
                push_candidates(&mut search, sketch_key(organisation.as_uuid()), codes, limit.saturating_add(1));
                let found: Vec<(i64, i64)> = search.build_query_as().fetch_all(&self.pool).await?;
                if found.is_empty() {
                    return Ok(Vec::new());
                }
                let mut select = sqlx::QueryBuilder::<$db>::new(SELECT_CANDIDATES);
                let mut keys = select.separated(", ");
                for (key, _) in &found {
                    keys.push_bind(*key);
                }
                select.push(")");
                let mut by_key: std::collections::HashMap<i64, Vec<$crate::store::SimilarCandidate>> =
                    std::collections::HashMap::new();
                for (key, record, body) in
                    select.build_query_as::<(i64, String, Option<String>)>().fetch_all(&self.pool).await?
                {
                    let matter = parse_matter(&record)?;
                    if matter.id == target {
                        continue;
                    }
                    let card = body.as_deref().map(parse_card).transpose()?;
                    by_key.entry(key).or_default().push($crate::store::SimilarCandidate { matter, card });
                }
                // In the search's order: most shared codes first.
                let mut candidates: Vec<$crate::store::SimilarCandidate> =
                    found.iter().filter_map(|(key, _)| by_key.remove(key)).flatten().collect();
                candidates.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
                Ok(candidates)
            }

            async fn backfill_sketches_impl(&self) -> Result<u64, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let done: i64 = sqlx::query_scalar(SELECT_SKETCHES_BACKFILLED).fetch_one(&self.pool).await?;
                if done > 0 {
                    return Ok(0);
                }
                let mut after = String::new();
                let mut made = 0;
                loop {
                    let mut tx = self.pool.begin().await?;
                    let rows: Vec<(String, String, String, String)> = sqlx::query_as(SELECT_MATTERS_TO_SKETCH)
                        .bind(&after)
                        .bind(SKETCH_BATCH)
                        .fetch_all(&mut *tx)
                        .await?;
                    if !rows.is_empty() {
                        let mut select = sqlx::QueryBuilder::<$db>::new(
                            "SELECT id, body FROM sync_records WHERE collection = 'opinion_card' AND id IN (",
                        );
                        let mut ids = select.separated(", ");
                        for (_, _, _, card) in &rows {
                            ids.push_bind(card.clone());
                        }
                        select.push(")");
                        let bodies: std::collections::HashMap<String, String> = select
                            .build_query_as::<(String, String)>()
                            .fetch_all(&mut *tx)
                            .await?
                            .into_iter()
                            .collect();
                        let mut sketches = Vec::with_capacity(rows.len());
                        for (id, organisation, state, card) in &rows {
                            let Some(body) = bodies.get(card) else { continue };
                            let corrupt =
                                |what: &str| $crate::store::StoreError::Corrupt(format!("matter {id}: {what}"));
                            sketches.push(NewSketch::of(
                                id.parse().map_err(|_| corrupt("id"))?,
                                organisation.parse().map_err(|_| corrupt("organisation"))?,
                                liaison_core::matter::MatterState::parse(state).map_err(|_| corrupt("state"))?,
                                &parse_card(body)?,
                            ));
                        }
                        made += sketches.iter().filter(|s| s.under.is_some()).count() as u64;
                        Self::insert_sketches(&mut tx, &sketches).await?;
                    }
                    let last = rows.len() < SKETCH_BATCH as usize;
                    if last {
                        sqlx::query(SET_SKETCHES_BACKFILLED).execute(&mut *tx).await?;
                    }
                    tx.commit().await?;
                    match rows.last() {
                        Some((id, ..)) if !last => after = id.clone(),
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

            async fn unit_loads_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::store::matters::UnitLoad>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let soon = liaison_core::matter::deadline::due_soon_before(now);
                let rows: Vec<(String, String, i64, Option<i64>, Option<i64>)> = sqlx::query_as(SELECT_UNIT_LOADS)
                    .bind(organisation.to_string())
                    .bind(now.timestamp_millis())
                    .bind(soon.timestamp_millis())
                    .fetch_all(&self.pool)
                    .await?;
                let count = |n: Option<i64>| u64::try_from(n.unwrap_or(0)).unwrap_or(0);
                let mut loads = rows
                    .into_iter()
                    .map(|(unit, name, open, overdue, due_soon)| {
                        Ok(UnitLoad {
                            unit: unit.parse().map_err(|e: liaison_core::IdError| {
                                $crate::store::StoreError::Corrupt(format!("unit {unit:?}: {e}"))
                            })?,
                            name,
                            open: count(Some(open)),
                            overdue: count(overdue),
                            due_soon: count(due_soon),
                        })
                    })
                    .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                // Sorted here: the backends' collations differ.
                loads.sort_by(|a, b| {
                    b.overdue.cmp(&a.overdue).then(b.due_soon.cmp(&a.due_soon)).then(a.name.cmp(&b.name))
                });
                Ok(loads)
            }

            async fn recent_events_impl(
                &self,
                scope: &$crate::store::MatterScope,
                limit: u32,
            ) -> Result<Vec<$crate::store::NotificationEntry>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut query = sqlx::QueryBuilder::<$db>::new(RECENT_EVENTS);
                push_where(&mut query, scope, &whole_scope());
                query.push(RECENT_EVENTS_ORDER).push_bind(i64::from(limit));
                let rows: Vec<(String, String, Option<String>)> = query.build_query_as().fetch_all(&self.pool).await?;
                rows.into_iter()
                    .map(|(record, actor_name, body)| {
                        let content = match body {
                            Some(body) => parse_card(&body)?.content.as_str().to_owned(),
                            None => String::new(),
                        };
                        Ok($crate::store::NotificationEntry { event: parse_event(&record)?, actor_name, content })
                    })
                    .collect()
            }

            async fn notifications_seen_impl(
                &self,
                user: liaison_core::UserId,
            ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                Ok(sqlx::query_scalar(SELECT_SEEN).bind(user.to_string()).fetch_optional(&self.pool).await?)
            }

            async fn set_notifications_seen_impl(
                &self,
                user: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
                sqlx::query(UPSERT_SEEN).bind(user.to_string()).bind(now).execute(&self.pool).await?;
                Ok(())
            }

            async fn collectors_impl(
                &self,
                organisation: liaison_core::OrganisationId,
            ) -> Result<Vec<(liaison_core::UserId, String)>, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let rows: Vec<(String, String)> =
                    sqlx::query_as(SELECT_COLLECTORS).bind(organisation.to_string()).fetch_all(&self.pool).await?;
                let mut people = rows
                    .into_iter()
                    .map(|(id, name)| {
                        let id = id.parse().map_err(|e: liaison_core::IdError| {
                            $crate::store::StoreError::Corrupt(format!("user {id:?}: {e}"))
                        })?;
                        Ok((id, name))
                    })
                    .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                // Sorted here: the backends' collations differ.
                people.sort_by(|a: &(liaison_core::UserId, String), b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
                Ok(people)
            }

            async fn dispatch_table_impl(
                &self,
                organisation: liaison_core::OrganisationId,
            ) -> Result<liaison_core::matter::DispatchTable, $crate::store::StoreError> {
                use $crate::store::matters::*;
                let rows: Vec<(String, String)> =
                    sqlx::query_as(SELECT_DISPATCH_UNITS).bind(organisation.to_string()).fetch_all(&self.pool).await?;
                let corrupt = |what: &str, e: String| {
                    $crate::store::StoreError::Corrupt(format!("dispatch table of {organisation}: {what}: {e}"))
                };
                let lines = rows
                    .into_iter()
                    .map(|(category, unit)| {
                        Ok(liaison_core::matter::UnitFor {
                            category: liaison_core::Category::parse(&category)
                                .map_err(|e| corrupt("category", format!("{e:?}")))?,
                            unit: unit.parse().map_err(|e: liaison_core::IdError| corrupt("unit", e.to_string()))?,
                        })
                    })
                    .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                liaison_core::matter::DispatchTable::new(lines).map_err(|e| corrupt("table", format!("{e:?}")))
            }

            async fn set_dispatch_settings_impl(
                &self,
                organisation: liaison_core::OrganisationId,
                policy: &liaison_core::matter::deadline::DeadlinePolicy,
                table: &liaison_core::matter::DispatchTable,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                use $crate::store::matters::*;
                let mut tx = self.pool.begin().await?;
                sqlx::query(UPSERT_POLICY)
                    .bind(organisation.to_string())
                    .bind(policy_text(policy)?)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(DELETE_DISPATCH_UNITS).bind(organisation.to_string()).execute(&mut *tx).await?;
                for line in table.lines() {
                    sqlx::query(INSERT_DISPATCH_UNIT)
                        .bind(organisation.to_string())
                        .bind(line.category.code())
                        .bind(line.unit.to_string())
                        .bind(now)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
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
