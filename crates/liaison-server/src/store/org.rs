//! Organisations' reference data in SQLite: loaded (idempotently, by id) and
//! read back as the core's validated [`Org`].

use super::{Store, StoreError};
use liaison_core::ContactRecord;
use liaison_core::org::{CategoryRecord, LiaisonPointRecord, Org, OrgRecordV2, RepresentativeRecord, StudioRecord};
use sqlx::Row;

impl Store {
    /// Loads an organisation's reference data in one transaction. Rows are
    /// written by id: loading the same data twice changes nothing and
    /// duplicates nothing; changed rows are updated. The list of opinion
    /// categories is replaced as a whole.
    pub async fn load_org(&self, org: &Org) -> Result<(), StoreError> {
        let record = OrgRecordV2::from(org);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO organisations (id, name, loaded_at) VALUES (?, ?, datetime('now'))
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, loaded_at = excluded.loaded_at",
        )
        .bind(&record.id)
        .bind(&record.name)
        .execute(&mut *tx)
        .await?;
        for (n, s) in record.studios.iter().enumerate() {
            let days: Vec<String> = s.reception_days.iter().map(u8::to_string).collect();
            sqlx::query(
                "INSERT INTO studios (id, organisation_id, position, name, address, reception_days) VALUES (?, ?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name,
                 address = excluded.address, reception_days = excluded.reception_days",
            )
            .bind(&s.id)
            .bind(&record.id)
            .bind(n as i64)
            .bind(&s.name)
            .bind(&s.address)
            .bind(days.join(","))
            .execute(&mut *tx)
            .await?;
        }
        for (n, p) in record.liaison_points.iter().enumerate() {
            sqlx::query(
                "INSERT INTO liaison_points (id, organisation_id, position, name, batch, period_from, period_to)
                 VALUES (?, ?, ?, ?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name,
                 batch = excluded.batch, period_from = excluded.period_from, period_to = excluded.period_to",
            )
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
            sqlx::query(
                "INSERT INTO representatives (id, organisation_id, position, name) VALUES (?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name",
            )
            .bind(&r.id)
            .bind(&record.id)
            .bind(n as i64)
            .bind(&r.name)
            .execute(&mut *tx)
            .await?;
        }
        for (n, c) in record.contacts.iter().enumerate() {
            let json = serde_json::to_string(c).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            sqlx::query(
                "INSERT INTO shared_contacts (id, organisation_id, position, record) VALUES (?, ?, ?, ?)
                 ON CONFLICT (id) DO UPDATE SET position = excluded.position, record = excluded.record",
            )
            .bind(&c.id)
            .bind(&record.id)
            .bind(n as i64)
            .bind(json)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("DELETE FROM categories WHERE organisation_id = ?").bind(&record.id).execute(&mut *tx).await?;
        for (n, c) in record.categories.iter().enumerate() {
            sqlx::query(
                "INSERT INTO categories (organisation_id, position, code, name_zh, name_en) VALUES (?, ?, ?, ?, ?)",
            )
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

    /// The first organisation loaded, with its reference data; `None` if none
    /// has been loaded. (One organisation per installation until accounts
    /// and scopes come with sync.)
    pub async fn org(&self) -> Result<Option<Org>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT id, name FROM organisations ORDER BY rowid LIMIT 1").fetch_optional(&self.pool).await?
        else {
            return Ok(None);
        };
        let id: String = row.try_get("id")?;
        let rows = |table: &str| format!("SELECT * FROM {table} WHERE organisation_id = ? ORDER BY position");
        let studios = sqlx::query(&rows("studios")).bind(&id).fetch_all(&self.pool).await?;
        let points = sqlx::query(&rows("liaison_points")).bind(&id).fetch_all(&self.pool).await?;
        let representatives = sqlx::query(&rows("representatives")).bind(&id).fetch_all(&self.pool).await?;
        let contacts = sqlx::query(&rows("shared_contacts")).bind(&id).fetch_all(&self.pool).await?;
        let categories = sqlx::query(&rows("categories")).bind(&id).fetch_all(&self.pool).await?;
        let mut categories = categories
            .iter()
            .map(|r| {
                Ok(CategoryRecord {
                    code: r.try_get("code")?,
                    name_zh: r.try_get("name_zh")?,
                    name_en: r.try_get("name_en")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        if categories.is_empty() {
            // Loaded before categories were configurable (migration 0003): the preset list.
            categories = liaison_core::Categories::preset().defs().iter().map(CategoryRecord::from).collect();
        }
        let record = OrgRecordV2 {
            v: 2,
            id,
            name: row.try_get("name")?,
            studios: studios
                .iter()
                .map(|r| {
                    let days: String = r.try_get("reception_days")?;
                    Ok(StudioRecord {
                        id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        address: r.try_get("address")?,
                        reception_days: reception_days(&days)?,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            liaison_points: points
                .iter()
                .map(|r| {
                    Ok(LiaisonPointRecord {
                        id: r.try_get("id")?,
                        name: r.try_get("name")?,
                        batch: u16::try_from(r.try_get::<i64, _>("batch")?)
                            .map_err(|e| StoreError::Corrupt(format!("liaison point batch: {e}")))?,
                        from: r.try_get("period_from")?,
                        to: r.try_get("period_to")?,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            representatives: representatives
                .iter()
                .map(|r| Ok(RepresentativeRecord { id: r.try_get("id")?, name: r.try_get("name")? }))
                .collect::<Result<_, sqlx::Error>>()?,
            contacts: contacts
                .iter()
                .map(|r| {
                    let json: String = r.try_get("record")?;
                    serde_json::from_str::<ContactRecord>(&json).map_err(|e| StoreError::Corrupt(e.to_string()))
                })
                .collect::<Result<_, StoreError>>()?,
            categories,
        };
        Org::try_from(record).map(Some).map_err(|e| StoreError::Corrupt(e.to_string()))
    }
}

/// The stored `"10,20"` back as days; a value this build did not write is
/// reported as corrupt, not dropped.
fn reception_days(stored: &str) -> Result<Vec<u8>, StoreError> {
    if stored.is_empty() {
        return Ok(Vec::new());
    }
    stored.split(',').map(|d| d.parse().map_err(|e| StoreError::Corrupt(format!("reception day {d:?}: {e}")))).collect()
}
