//! The [`Database`](super::Database) implementation both backends share. Their
//! SQL is the same (portable, `$1`-style parameters, which SQLite accepts too)
//! except for the few statements each backend passes in; sqlx's pools are
//! distinct types, so the body is written once as a macro and stamped out per
//! backend rather than made generic over `sqlx::Database` (whose bounds would
//! outgrow the queries).

/// Takes the write lock of every organisation's link (a no-op write: SQLite
/// takes its database lock, PostgreSQL the rows'), so that two changes of
/// parents at once cannot make a loop together.
pub(crate) const LOCK_LINKS: &str = "UPDATE organisations SET parent_id = parent_id";

/// The tree of `(id, parent_id)` rows.
pub(crate) fn tree_of(
    rows: Vec<(String, Option<String>)>,
) -> Result<liaison_core::org_tree::OrgTree, crate::store::StoreError> {
    let id = |s: &str| {
        s.parse::<liaison_core::OrganisationId>()
            .map_err(|_| crate::store::StoreError::Corrupt(format!("organisation id {s}")))
    };
    let links = rows
        .iter()
        .map(|(org, parent)| Ok((id(org)?, parent.as_deref().map(id).transpose()?)))
        .collect::<Result<Vec<_>, crate::store::StoreError>>()?;
    Ok(liaison_core::org_tree::OrgTree::new(links))
}

/// `impl Database for $backend` over its `pool` field. `first_org` selects the
/// first organisation loaded (`id, name`); `upsert_org` writes one (`$1` id,
/// `$2` name) with the database's clock as `loaded_at`; `photo_bodies` selects
/// the `body` of `$1`'s live photo records whose body's `sha256` is `$2` (each
/// backend reads JSON its own way).
macro_rules! impl_database {
    (
        $backend:ty,
        kind = $kind:expr,
        first_org = $first_org:expr,
        upsert_org = $upsert_org:expr,
        photo_bodies = $photo_bodies:expr $(,)?
    ) => {
        #[async_trait::async_trait]
        impl $crate::store::Database for $backend {
            fn backend(&self) -> $crate::store::Backend {
                $kind
            }

            async fn instance_id(&self) -> Result<String, $crate::store::StoreError> {
                Ok(sqlx::query_scalar("SELECT instance_id FROM instance WHERE singleton = 1")
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn load_org(&self, org: &liaison_core::org::Org) -> Result<(), $crate::store::StoreError> {
                use $crate::store::org::*;
                let record = liaison_core::org::OrgRecordV2::from(org);
                let mut tx = self.pool.begin().await?;
                sqlx::query($upsert_org).bind(&record.id).bind(&record.name).execute(&mut *tx).await?;
                for (n, s) in record.studios.iter().enumerate() {
                    sqlx::query(UPSERT_STUDIO)
                        .bind(&s.id)
                        .bind(&record.id)
                        .bind(n as i64)
                        .bind(&s.name)
                        .bind(&s.address)
                        .bind(days_text(&s.reception_days))
                        .execute(&mut *tx)
                        .await?;
                }
                for (n, p) in record.liaison_points.iter().enumerate() {
                    sqlx::query(UPSERT_LIAISON_POINT)
                        .bind(&p.id)
                        .bind(&record.id)
                        .bind(n as i64)
                        .bind(&p.name)
                        .bind(i64::from(p.batch))
                        .bind(&p.from)
                        .bind(&p.to)
                        .execute(&mut *tx)
                        .await?;
                }
                for (n, r) in record.representatives.iter().enumerate() {
                    sqlx::query(UPSERT_REPRESENTATIVE)
                        .bind(&r.id)
                        .bind(&record.id)
                        .bind(n as i64)
                        .bind(&r.name)
                        .execute(&mut *tx)
                        .await?;
                }
                for (n, c) in record.contacts.iter().enumerate() {
                    sqlx::query(UPSERT_CONTACT)
                        .bind(&c.id)
                        .bind(&record.id)
                        .bind(n as i64)
                        .bind(contact_json(c)?)
                        .execute(&mut *tx)
                        .await?;
                }
                // The list of opinion categories is replaced as a whole.
                sqlx::query(DELETE_CATEGORIES).bind(&record.id).execute(&mut *tx).await?;
                for (n, c) in record.categories.iter().enumerate() {
                    sqlx::query(INSERT_CATEGORY)
                        .bind(&record.id)
                        .bind(n as i64)
                        .bind(&c.code)
                        .bind(&c.name_zh)
                        .bind(&c.name_en)
                        .execute(&mut *tx)
                        .await?;
                }
                tx.commit().await?;
                Ok(())
            }

            async fn org(&self) -> Result<Option<liaison_core::org::Org>, $crate::store::StoreError> {
                use $crate::store::org::{OrgRows, rows_of};
                let Some(org) =
                    sqlx::query_as::<_, $crate::store::rows::OrgRow>($first_org).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                let rows = OrgRows {
                    studios: sqlx::query_as(&rows_of("studios")).bind(&org.id).fetch_all(&self.pool).await?,
                    liaison_points: sqlx::query_as(&rows_of("liaison_points"))
                        .bind(&org.id)
                        .fetch_all(&self.pool)
                        .await?,
                    representatives: sqlx::query_as(&rows_of("representatives"))
                        .bind(&org.id)
                        .fetch_all(&self.pool)
                        .await?,
                    contacts: sqlx::query_as(&rows_of("shared_contacts")).bind(&org.id).fetch_all(&self.pool).await?,
                    categories: sqlx::query_as(&rows_of("categories")).bind(&org.id).fetch_all(&self.pool).await?,
                    org,
                };
                rows.parse().map(Some)
            }

            async fn has_organisation(
                &self,
                id: liaison_core::OrganisationId,
            ) -> Result<bool, $crate::store::StoreError> {
                let found: Option<String> = sqlx::query_scalar("SELECT id FROM organisations WHERE id = $1")
                    .bind(id.to_string())
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(found.is_some())
            }

            async fn organisations(
                &self,
            ) -> Result<Vec<(liaison_core::OrganisationId, liaison_core::OrganisationName)>, $crate::store::StoreError>
            {
                // Sorted here, not by the database: collations differ between
                // backends, and Chinese names should order the same on both.
                let rows: Vec<(String, String)> =
                    sqlx::query_as("SELECT id, name FROM organisations").fetch_all(&self.pool).await?;
                let mut list = rows
                    .into_iter()
                    .map(|(id, name)| {
                        Ok((
                            id.parse()
                                .map_err(|_| $crate::store::StoreError::Corrupt(format!("organisation id {id}")))?,
                            liaison_core::OrganisationName::parse(&name)
                                .map_err(|_| $crate::store::StoreError::Corrupt(format!("organisation {id}: name")))?,
                        ))
                    })
                    .collect::<Result<
                        Vec<(liaison_core::OrganisationId, liaison_core::OrganisationName)>,
                        $crate::store::StoreError,
                    >>()?;
                list.sort_by(|a, b| a.1.as_str().cmp(b.1.as_str()).then(a.0.cmp(&b.0)));
                Ok(list)
            }

            async fn org_tree(&self) -> Result<liaison_core::org_tree::OrgTree, $crate::store::StoreError> {
                let rows: Vec<(String, Option<String>)> =
                    sqlx::query_as("SELECT id, parent_id FROM organisations").fetch_all(&self.pool).await?;
                $crate::store::sql::tree_of(rows)
            }

            async fn set_org_parent(
                &self,
                org: liaison_core::OrganisationId,
                parent: Option<liaison_core::OrganisationId>,
            ) -> Result<Result<(), liaison_core::org_tree::TreeError>, $crate::store::StoreError> {
                let mut tx = self.pool.begin().await?;
                // Every link read and written under one lock of the table's
                // rows, so two changes at once cannot make a loop together.
                sqlx::query($crate::store::sql::LOCK_LINKS).execute(&mut *tx).await?;
                let rows: Vec<(String, Option<String>)> =
                    sqlx::query_as("SELECT id, parent_id FROM organisations").fetch_all(&mut *tx).await?;
                let mut tree = $crate::store::sql::tree_of(rows)?;
                if let Err(refused) = tree.set_parent(org, parent) {
                    return Ok(Err(refused));
                }
                sqlx::query("UPDATE organisations SET parent_id = $1 WHERE id = $2")
                    .bind(parent.map(|p| p.to_string()))
                    .bind(org.to_string())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn create_user(&self, new: &$crate::store::NewUser) -> Result<(), $crate::store::StoreError> {
                let u = &new.user;
                sqlx::query(
                    "INSERT INTO users (id, login, name, role, organisation_id, password_hash, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(u.id.to_string())
                .bind(u.login.as_str())
                .bind(u.name.as_str())
                .bind(u.role.code())
                .bind(u.organisation_id.map(|o| o.to_string()))
                .bind(&new.password_hash)
                .bind(u.created_at)
                .execute(&self.pool)
                .await
                .map_err($crate::store::StoreError::from_insert_user)?;
                Ok(())
            }

            async fn user(
                &self,
                id: liaison_core::UserId,
            ) -> Result<Option<$crate::store::User>, $crate::store::StoreError> {
                let sql = format!("SELECT {} FROM users WHERE id = $1", $crate::store::rows::USER_COLUMNS);
                sqlx::query_as::<_, $crate::store::rows::UserRow>(&sql)
                    .bind(id.to_string())
                    .fetch_optional(&self.pool)
                    .await?
                    .map(|row| row.parse())
                    .transpose()
            }

            async fn credentials(
                &self,
                login: &liaison_core::account::Login,
            ) -> Result<Option<$crate::store::Credentials>, $crate::store::StoreError> {
                let sql =
                    format!("SELECT {}, password_hash FROM users WHERE login = $1", $crate::store::rows::USER_COLUMNS);
                let Some(row) = sqlx::query_as::<_, $crate::store::rows::CredentialsRow>(&sql)
                    .bind(login.as_str())
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                Ok(Some($crate::store::Credentials { user: row.user.parse()?, password_hash: row.password_hash }))
            }

            async fn users(&self) -> Result<Vec<$crate::store::User>, $crate::store::StoreError> {
                let sql = format!("SELECT {} FROM users ORDER BY login", $crate::store::rows::USER_COLUMNS);
                sqlx::query_as::<_, $crate::store::rows::UserRow>(&sql)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|row| row.parse())
                    .collect()
            }

            async fn create_device(
                &self,
                device: &$crate::store::Device,
                token: &$crate::store::TokenHash,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query(
                    "INSERT INTO devices (id, user_id, name, token_sha256, created_at, last_seen_at, revoked_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(device.id.to_string())
                .bind(device.user_id.to_string())
                .bind(device.name.as_str())
                .bind(&token.0[..])
                .bind(device.created_at)
                .bind(device.last_seen_at)
                .bind(device.revoked_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn device(
                &self,
                id: liaison_core::DeviceId,
            ) -> Result<Option<$crate::store::Device>, $crate::store::StoreError> {
                let sql = format!("SELECT {} FROM devices WHERE id = $1", $crate::store::rows::DEVICE_COLUMNS);
                sqlx::query_as::<_, $crate::store::rows::DeviceRow>(&sql)
                    .bind(id.to_string())
                    .fetch_optional(&self.pool)
                    .await?
                    .map(|row| row.parse())
                    .transpose()
            }

            async fn devices_of(
                &self,
                user: liaison_core::UserId,
            ) -> Result<Vec<$crate::store::Device>, $crate::store::StoreError> {
                let sql = format!(
                    "SELECT {} FROM devices WHERE user_id = $1 ORDER BY created_at, id",
                    $crate::store::rows::DEVICE_COLUMNS
                );
                sqlx::query_as::<_, $crate::store::rows::DeviceRow>(&sql)
                    .bind(user.to_string())
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|row| row.parse())
                    .collect()
            }

            async fn device_by_token(
                &self,
                token: &$crate::store::TokenHash,
            ) -> Result<Option<($crate::store::User, $crate::store::Device)>, $crate::store::StoreError> {
                let sql =
                    format!("SELECT {} FROM devices WHERE token_sha256 = $1", $crate::store::rows::DEVICE_COLUMNS);
                let Some(row) = sqlx::query_as::<_, $crate::store::rows::DeviceRow>(&sql)
                    .bind(&token.0[..])
                    .fetch_optional(&self.pool)
                    .await?
                else {
                    return Ok(None);
                };
                let device = row.parse()?;
                let user = <$backend as $crate::store::Database>::user(self, device.user_id)
                    .await?
                    .ok_or_else(|| $crate::store::StoreError::Corrupt(format!("device {} has no user", device.id)))?;
                Ok(Some((user, device)))
            }

            async fn touch_device(
                &self,
                id: liaison_core::DeviceId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                sqlx::query("UPDATE devices SET last_seen_at = $1 WHERE id = $2")
                    .bind(now)
                    .bind(id.to_string())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn revoke_device(
                &self,
                id: liaison_core::DeviceId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Option<$crate::store::Device>, $crate::store::StoreError> {
                sqlx::query("UPDATE devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
                    .bind(now)
                    .bind(id.to_string())
                    .execute(&self.pool)
                    .await?;
                <$backend as $crate::store::Database>::device(self, id).await
            }

            async fn sync(
                &self,
                user: liaison_core::UserId,
                device: liaison_core::DeviceId,
                request: &liaison_sync::SyncRequest,
                limits: &liaison_sync::Limits,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<$crate::store::Synced, $crate::store::StoreError> {
                use liaison_sync::server;
                use $crate::store::sync::*;
                let (instance, head): (String, i64) = sqlx::query_as(EPOCH_AND_HEAD).fetch_one(&self.pool).await?;
                let epoch = epoch(&instance)?;
                let plan = server::plan(request, epoch, u64::try_from(head).unwrap_or(0), limits);
                let author = liaison_sync::DeviceId::from_uuid(device.as_uuid());
                let device_text = device.to_string();
                let owner_text = user.to_string();
                let mut results = Vec::with_capacity(request.push.len());
                let mut changed: Vec<$crate::store::MatterChange> = Vec::new();
                if let (true, Some(first), Some(last)) =
                    (plan.applies_push(), request.push.first(), request.push.last())
                {
                    // One transaction for the whole push. Writers queue on the
                    // counter's lock, taken first, so what they read (answers
                    // given, records) is what the writer before them committed.
                    let mut tx = self.pool.begin().await?;
                    let start: i64 = sqlx::query_scalar(LOCK_COUNTER).fetch_one(&mut *tx).await?;
                    let mut seq = start;
                    let mut known: std::collections::HashMap<u64, liaison_sync::MutationResult> =
                        sqlx::query_as::<_, OutcomeRow>(KNOWN_OUTCOMES)
                            .bind(&device_text)
                            .bind(db_number(first.seq.0)?)
                            .bind(db_number(last.seq.0)?)
                            .fetch_all(&mut *tx)
                            .await?
                            .into_iter()
                            .map(|row| row.parse().map(|r| (r.seq.0, r)))
                            .collect::<Result<_, _>>()?;
                    // The records these mutations touch, read in a few
                    // statements; later mutations of the same record in this
                    // request see the state the earlier ones left.
                    let mut ids: std::collections::BTreeMap<&'static str, std::collections::BTreeSet<String>> =
                        std::collections::BTreeMap::new();
                    for m in request.push.iter().filter(|m| !known.contains_key(&m.seq.0)) {
                        ids.entry(m.key.collection.code()).or_default().insert(m.key.id.hyphenated().to_string());
                    }
                    let mut records: std::collections::HashMap<liaison_sync::wire::RecordKey, Owned> =
                        std::collections::HashMap::with_capacity(request.push.len());
                    for (collection, ids) in &ids {
                        let ids: Vec<&String> = ids.iter().collect();
                        for chunk in ids.chunks(READ_CHUNK) {
                            let mut select = sqlx::QueryBuilder::new(select_records_prefix());
                            select.push_bind(*collection).push(" AND id IN (");
                            let mut list = select.separated(", ");
                            for id in chunk {
                                list.push_bind(*id);
                            }
                            select.push(")");
                            for row in select.build_query_as::<RecordRow>().fetch_all(&mut *tx).await? {
                                let owned = row.parse()?;
                                records.insert(owned.entry.key, owned);
                            }
                        }
                    }
                    // What to write, in the order written; the last state of a
                    // record wins (one row a record, its latest log entry).
                    let mut writes: Vec<liaison_sync::wire::RecordKey> = Vec::new();
                    let mut written: std::collections::HashSet<liaison_sync::wire::RecordKey> =
                        std::collections::HashSet::new();
                    let mut outcomes: Vec<(u64, String)> = Vec::with_capacity(request.push.len());
                    // Opinion cards new to the server: each becomes a matter.
                    let mut new_cards: Vec<liaison_sync::Body> = Vec::new();
                    // What the collector's requests did to their matters.
                    let mut matter_changes: Vec<$crate::store::MatterChange> = Vec::new();
                    for mutation in &request.push {
                        if let Some(answer) = known.remove(&mutation.seq.0) {
                            results.push(answer);
                            continue;
                        }
                        let key = mutation.key;
                        let current = records.get(&key);
                        let mut decision = match current {
                            Some(owned) if owned.owner != user => forbidden(),
                            _ => server::apply(current.map(|o| &o.entry.record), mutation),
                        };
                        // A collector's request is applied to its matter as it
                        // arrives; refused, it is not kept either.
                        if let (None, liaison_sync::Collection::MatterRequest, Some(record)) =
                            (current, key.collection, &decision.write)
                            && let Err(reason) =
                                Self::apply_request(&mut tx, &mut matter_changes, user, device, &record.body, now)
                                    .await?
                        {
                            decision = liaison_sync::server::Decision {
                                outcome: liaison_sync::Outcome::Rejected { reason },
                                write: None,
                                receipt: false,
                            };
                        }
                        if let Some(record) = decision.write.take() {
                            if current.is_none() && key.collection == liaison_sync::Collection::OpinionCard {
                                new_cards.push(record.body.clone());
                            }
                            seq += 1;
                            let owner = current.map_or(user, |o| o.owner);
                            let entry = liaison_sync::server::LogEntry {
                                seq: u64::try_from(seq).unwrap_or(0),
                                key,
                                record,
                                author,
                                receipt: decision.receipt,
                                received_at: now,
                            };
                            records.insert(key, Owned { owner, entry });
                            if written.insert(key) {
                                writes.push(key);
                            }
                        }
                        outcomes.push((mutation.seq.0, outcome_text(&decision.outcome)?));
                        results.push(liaison_sync::MutationResult {
                            seq: mutation.seq,
                            outcome: decision.outcome,
                            received_at: now,
                        });
                    }
                    for chunk in writes.chunks(WRITE_CHUNK) {
                        let mut insert = sqlx::QueryBuilder::new(INSERT_RECORDS_PREFIX);
                        let mut failed = None;
                        insert.push_values(chunk, |mut row, key| {
                            let owned = &records[key];
                            let record = &owned.entry.record;
                            let (version, body, seq) = match (
                                db_number(record.version),
                                body_text(&record.body),
                                db_number(owned.entry.seq),
                            ) {
                                (Ok(v), Ok(b), Ok(s)) => (v, b, s),
                                (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => {
                                    failed = Some(e);
                                    (0, String::new(), 0)
                                }
                            };
                            row.push_bind(key.collection.code())
                                .push_bind(key.id.hyphenated().to_string())
                                .push_bind(owned.owner.to_string())
                                .push_bind(version)
                                .push_bind(body)
                                .push_bind(record.deleted)
                                .push_bind(seq)
                                .push_bind(owned.entry.receipt)
                                .push_bind(device_text.clone())
                                .push_bind(now);
                        });
                        if let Some(error) = failed {
                            return Err(error);
                        }
                        insert.push(UPSERT_RECORDS_SUFFIX);
                        insert.build().execute(&mut *tx).await?;
                    }
                    for chunk in outcomes.chunks(WRITE_CHUNK) {
                        let mut insert = sqlx::QueryBuilder::new(INSERT_OUTCOMES_PREFIX);
                        let mut failed = None;
                        insert.push_values(chunk, |mut row, (mutation_seq, outcome)| {
                            let number = db_number(*mutation_seq).unwrap_or_else(|e| {
                                failed = Some(e);
                                0
                            });
                            row.push_bind(device_text.clone())
                                .push_bind(number)
                                .push_bind(outcome.clone())
                                .push_bind(now);
                        });
                        if let Some(error) = failed {
                            return Err(error);
                        }
                        insert.build().execute(&mut *tx).await?;
                    }
                    // What the written records count toward duties, with them.
                    let mut facts = Vec::new();
                    let mut removed = Vec::new();
                    for key in &writes {
                        let owned = &records[key];
                        let record = &owned.entry.record;
                        if record.deleted {
                            removed.push(key.id.hyphenated().to_string());
                        } else {
                            facts.extend($crate::store::duties::fact_of(
                                key.collection,
                                &record.body,
                                owned.owner,
                                now,
                            ));
                        }
                    }
                    Self::write_duty_facts(&mut tx, &facts, &removed).await?;
                    if seq != start {
                        sqlx::query(SET_COUNTER).bind(seq).execute(&mut *tx).await?;
                    }
                    if !matter_changes.is_empty() {
                        Self::save_matters_in(&mut tx, &matter_changes, now).await?;
                    }
                    changed = matter_changes;
                    // The cards' matters, in the same transaction: a card is
                    // stored with its matter or not at all. A user with no
                    // organisation has no office; the start-up backfill makes
                    // those once they have one.
                    if !new_cards.is_empty()
                        && let Some(organisation) = Self::organisation_in(&mut tx, user).await?
                    {
                        let cards = new_cards
                            .iter()
                            .map(|body| {
                                let card = liaison_core::OpinionCard::from_body(body)
                                    .map_err(|e| $crate::store::StoreError::Corrupt(format!("opinion card: {e:?}")))?;
                                Ok((card, user, organisation, now))
                            })
                            .collect::<Result<Vec<_>, $crate::store::StoreError>>()?;
                        Self::insert_matters(&mut tx, &cards, now).await?;
                    }
                    tx.commit().await?;
                }
                // The page: this user's records after the cursor, one more
                // than the limit to learn whether more wait.
                let entries = sqlx::query_as::<_, RecordRow>(&select_page())
                    .bind(&owner_text)
                    .bind(db_number(plan.after)?)
                    .bind(i64::from(plan.limit) + 1)
                    .bind(&device_text)
                    .fetch_all(&self.pool)
                    .await?
                    .into_iter()
                    .map(|row| row.parse().map(|owned| owned.entry))
                    .collect::<Result<Vec<_>, _>>()?;
                let page = server::page(&entries, &plan, author);
                Ok($crate::store::Synced {
                    response: server::response(&plan, epoch, results, page, now),
                    matter_changes: changed,
                })
            }

            async fn photo_sizes(
                &self,
                user: liaison_core::UserId,
                sha256: &str,
            ) -> Result<Vec<u64>, $crate::store::StoreError> {
                let bodies: Vec<String> =
                    sqlx::query_scalar($photo_bodies).bind(user.to_string()).bind(sha256).fetch_all(&self.pool).await?;
                bodies.iter().map(|body| $crate::store::sync::photo_size(body)).collect()
            }

            async fn matters(
                &self,
                scope: &$crate::store::MatterScope,
                filter: &$crate::store::MatterFilter,
            ) -> Result<$crate::store::MatterPage, $crate::store::StoreError> {
                self.matters_impl(scope, filter).await
            }

            async fn matter(
                &self,
                id: liaison_core::MatterId,
            ) -> Result<Option<$crate::store::MatterListing>, $crate::store::StoreError> {
                self.matter_impl(id).await
            }

            async fn timeline(
                &self,
                id: liaison_core::MatterId,
            ) -> Result<Vec<$crate::store::TimelineEntry>, $crate::store::StoreError> {
                self.timeline_impl(id).await
            }

            async fn matter_attachment(
                &self,
                id: liaison_core::MatterId,
                sha256: &liaison_core::matter::Sha256Hex,
            ) -> Result<Option<liaison_core::matter::Attachment>, $crate::store::StoreError> {
                self.matter_attachment_impl(id, sha256).await
            }

            async fn save_matters(
                &self,
                changes: &[$crate::store::MatterChange],
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.save_matters_impl(changes, now).await
            }

            async fn backfill_matters(
                &self,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<u64, $crate::store::StoreError> {
                self.backfill_matters_impl(now).await
            }

            async fn similar_candidates(
                &self,
                organisation: liaison_core::OrganisationId,
                target: liaison_core::MatterId,
                codes: &[u32],
                limit: u32,
            ) -> Result<Vec<$crate::store::SimilarCandidate>, $crate::store::StoreError> {
                self.similar_candidates_impl(organisation, target, codes, limit).await
            }

            async fn backfill_sketches(&self) -> Result<u64, $crate::store::StoreError> {
                self.backfill_sketches_impl().await
            }

            async fn deadline_policy(
                &self,
                organisation: liaison_core::OrganisationId,
            ) -> Result<liaison_core::matter::deadline::DeadlinePolicy, $crate::store::StoreError> {
                self.deadline_policy_impl(organisation).await
            }

            async fn unit_loads(
                &self,
                organisation: liaison_core::OrganisationId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<Vec<$crate::store::matters::UnitLoad>, $crate::store::StoreError> {
                self.unit_loads_impl(organisation, now).await
            }

            async fn recent_events(
                &self,
                scope: &$crate::store::MatterScope,
                limit: u32,
            ) -> Result<Vec<$crate::store::NotificationEntry>, $crate::store::StoreError> {
                self.recent_events_impl(scope, limit).await
            }

            async fn notifications_seen(
                &self,
                user: liaison_core::UserId,
            ) -> Result<Option<chrono::DateTime<chrono::Utc>>, $crate::store::StoreError> {
                self.notifications_seen_impl(user).await
            }

            async fn set_notifications_seen(
                &self,
                user: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.set_notifications_seen_impl(user, now).await
            }

            async fn collectors(
                &self,
                organisation: liaison_core::OrganisationId,
            ) -> Result<Vec<(liaison_core::UserId, String)>, $crate::store::StoreError> {
                self.collectors_impl(organisation).await
            }

            async fn dispatch_table(
                &self,
                organisation: liaison_core::OrganisationId,
            ) -> Result<liaison_core::matter::DispatchTable, $crate::store::StoreError> {
                self.dispatch_table_impl(organisation).await
            }

            async fn set_dispatch_settings(
                &self,
                organisation: liaison_core::OrganisationId,
                policy: &liaison_core::matter::deadline::DeadlinePolicy,
                table: &liaison_core::matter::DispatchTable,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.set_dispatch_settings_impl(organisation, policy, table, now).await
            }

            async fn set_deadline_policy(
                &self,
                organisation: liaison_core::OrganisationId,
                policy: &liaison_core::matter::deadline::DeadlinePolicy,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.set_deadline_policy_impl(organisation, policy, now).await
            }

            async fn duty_records(
                &self,
                organisations: &[liaison_core::OrganisationId],
                since: chrono::DateTime<chrono::Utc>,
            ) -> Result<
                std::collections::HashMap<liaison_core::UserId, liaison_core::duty::DutyRecords>,
                $crate::store::StoreError,
            > {
                self.duty_records_impl(organisations, since).await
            }

            async fn owner_duty_records(
                &self,
                owner: liaison_core::UserId,
            ) -> Result<liaison_core::duty::DutyRecords, $crate::store::StoreError> {
                self.owner_duty_records_impl(owner).await
            }

            async fn duty_policies(
                &self,
            ) -> Result<
                std::collections::HashMap<liaison_core::OrganisationId, liaison_core::duty::PolicyRecordV1>,
                $crate::store::StoreError,
            > {
                self.duty_policies_impl().await
            }

            async fn set_duty_policy(
                &self,
                organisation: liaison_core::OrganisationId,
                record: Option<&liaison_core::duty::PolicyRecordV1>,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.set_duty_policy_impl(organisation, record, by, now).await
            }

            async fn representative_profiles(
                &self,
                user: Option<liaison_core::UserId>,
            ) -> Result<
                std::collections::HashMap<liaison_core::UserId, liaison_core::duty::RepresentativeProfileRecordV1>,
                $crate::store::StoreError,
            > {
                self.representative_profiles_impl(user).await
            }

            async fn set_representative_profile(
                &self,
                user: liaison_core::UserId,
                record: &liaison_core::duty::RepresentativeProfileRecordV1,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.set_representative_profile_impl(user, record, by, now).await
            }

            async fn backfill_duty_facts(&self) -> Result<u64, $crate::store::StoreError> {
                self.backfill_duty_facts_impl().await
            }

            async fn studios(&self) -> Result<Vec<$crate::store::StudioEntry>, $crate::store::StoreError> {
                self.studios_impl().await
            }

            async fn reception_schedule(
                &self,
                studio: liaison_core::StudioId,
                month: liaison_core::schedule::Month,
            ) -> Result<Option<$crate::store::StoredSchedule>, $crate::store::StoreError> {
                self.reception_schedule_impl(studio, month).await
            }

            async fn save_reception_schedule(
                &self,
                organisation: liaison_core::OrganisationId,
                schedule: &liaison_core::schedule::ReceptionSchedule,
                read_version: i64,
                change: Option<&liaison_core::schedule::DateChange>,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<i64, $crate::store::StoreError> {
                self.save_reception_schedule_impl(organisation, schedule, read_version, change, by, now).await
            }

            async fn schedule_log(
                &self,
                studio: liaison_core::StudioId,
                month: liaison_core::schedule::Month,
            ) -> Result<Vec<$crate::store::ScheduleLogEntry>, $crate::store::StoreError> {
                self.schedule_log_impl(studio, month).await
            }

            async fn published_schedules(
                &self,
                organisation: liaison_core::OrganisationId,
                months: [liaison_core::schedule::Month; 2],
            ) -> Result<Vec<liaison_core::schedule::ReceptionSchedule>, $crate::store::StoreError> {
                self.published_schedules_impl(organisation, months).await
            }

            async fn pairings(&self) -> Result<Vec<liaison_core::paired::PairingRecordV1>, $crate::store::StoreError> {
                self.pairings_impl().await
            }

            async fn add_pairing(
                &self,
                record: &liaison_core::paired::PairingRecordV1,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<bool, $crate::store::StoreError> {
                self.add_pairing_impl(record, by, now).await
            }

            async fn paired_events(
                &self,
                since: chrono::NaiveDate,
            ) -> Result<Vec<liaison_core::paired::PairedEventRecordV1>, $crate::store::StoreError> {
                self.paired_events_impl(since).await
            }

            async fn add_paired_event(
                &self,
                record: &liaison_core::paired::PairedEventRecordV1,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.add_paired_event_impl(record, now).await
            }

            async fn paired_rules(
                &self,
            ) -> Result<
                std::collections::HashMap<liaison_core::OrganisationId, liaison_core::paired::PairedRulesRecordV1>,
                $crate::store::StoreError,
            > {
                self.paired_rules_impl().await
            }

            async fn set_paired_rules(
                &self,
                organisation: liaison_core::OrganisationId,
                record: Option<&liaison_core::paired::PairedRulesRecordV1>,
                by: liaison_core::UserId,
                now: chrono::DateTime<chrono::Utc>,
            ) -> Result<(), $crate::store::StoreError> {
                self.set_paired_rules_impl(organisation, record, by, now).await
            }

            async fn sync_stats(&self) -> Result<$crate::store::SyncStats, $crate::store::StoreError> {
                use $crate::store::sync::*;
                let records: i64 = sqlx::query_scalar(COUNT_RECORDS).fetch_one(&self.pool).await?;
                let outcomes: i64 = sqlx::query_scalar(COUNT_OUTCOMES).fetch_one(&self.pool).await?;
                let head: i64 = sqlx::query_scalar("SELECT seq FROM sync_counter").fetch_one(&self.pool).await?;
                let n = |v: i64| u64::try_from(v).unwrap_or(0);
                Ok($crate::store::SyncStats { records: n(records), outcomes: n(outcomes), head: n(head) })
            }

            async fn close(&self) {
                self.pool.close().await;
            }
        }
    };
}

pub(super) use impl_database;
