//! Organisations' reference data, for both backends: the portable SQL that
//! writes it (by id, so loading twice changes nothing) and the assembly of
//! rows back into the core's validated [`Org`].

use super::StoreError;
use super::rows::{CategoryRow, ContactRow, LiaisonPointRow, OrgRow, RepresentativeRow, StudioRow};
use liaison_core::ContactRecord;
use liaison_core::org::{CategoryRecord, LiaisonPointRecord, Org, OrgRecordV2, RepresentativeRecord, StudioRecord};

pub(super) const UPSERT_STUDIO: &str =
    "INSERT INTO studios (id, organisation_id, position, name, address, reception_days)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name,
     address = excluded.address, reception_days = excluded.reception_days";

pub(super) const UPSERT_LIAISON_POINT: &str =
    "INSERT INTO liaison_points (id, organisation_id, position, name, batch, period_from, period_to)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name,
     batch = excluded.batch, period_from = excluded.period_from, period_to = excluded.period_to";

pub(super) const UPSERT_REPRESENTATIVE: &str = "INSERT INTO representatives (id, organisation_id, position, name)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, name = excluded.name";

pub(super) const UPSERT_CONTACT: &str = "INSERT INTO shared_contacts (id, organisation_id, position, record)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (id) DO UPDATE SET position = excluded.position, record = excluded.record";

pub(super) const DELETE_CATEGORIES: &str = "DELETE FROM categories WHERE organisation_id = $1";

pub(super) const INSERT_CATEGORY: &str =
    "INSERT INTO categories (organisation_id, position, code, name_zh, name_en) VALUES ($1, $2, $3, $4, $5)";

/// The rows of `table` that belong to organisation `$1`, in their loaded order.
pub(super) fn rows_of(table: &str) -> String {
    format!("SELECT * FROM {table} WHERE organisation_id = $1 ORDER BY position")
}

/// A contact as the JSON stored for it.
pub(super) fn contact_json(contact: &ContactRecord) -> Result<String, StoreError> {
    serde_json::to_string(contact).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Reception days as stored: `"10,20"`.
pub(super) fn days_text(days: &[u8]) -> String {
    days.iter().map(u8::to_string).collect::<Vec<_>>().join(",")
}

/// Everything read for one organisation.
#[derive(Debug)]
pub(super) struct OrgRows {
    pub(super) org: OrgRow,
    pub(super) studios: Vec<StudioRow>,
    pub(super) liaison_points: Vec<LiaisonPointRow>,
    pub(super) representatives: Vec<RepresentativeRow>,
    pub(super) contacts: Vec<ContactRow>,
    pub(super) categories: Vec<CategoryRow>,
}

impl OrgRows {
    /// The organisation, re-parsed with the core's rules.
    pub(super) fn parse(self) -> Result<Org, StoreError> {
        let mut categories: Vec<CategoryRecord> = self
            .categories
            .into_iter()
            .map(|r| CategoryRecord { code: r.code, name_zh: r.name_zh, name_en: r.name_en })
            .collect();
        if categories.is_empty() {
            // Loaded before categories were configurable (migration 0004): the preset list.
            categories = liaison_core::Categories::preset().defs().iter().map(CategoryRecord::from).collect();
        }
        let record = OrgRecordV2 {
            v: 2,
            id: self.org.id,
            name: self.org.name,
            studios: self
                .studios
                .into_iter()
                .map(|r| {
                    Ok(StudioRecord {
                        reception_days: reception_days(&r.reception_days)?,
                        id: r.id,
                        name: r.name,
                        address: r.address,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            liaison_points: self
                .liaison_points
                .into_iter()
                .map(|r| {
                    Ok(LiaisonPointRecord {
                        batch: u16::try_from(r.batch)
                            .map_err(|e| StoreError::Corrupt(format!("liaison point batch: {e}")))?,
                        id: r.id,
                        name: r.name,
                        from: r.period_from,
                        to: r.period_to,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            representatives: self
                .representatives
                .into_iter()
                .map(|r| RepresentativeRecord { id: r.id, name: r.name })
                .collect(),
            contacts: self
                .contacts
                .iter()
                .map(|r| {
                    serde_json::from_str::<ContactRecord>(&r.record).map_err(|e| StoreError::Corrupt(e.to_string()))
                })
                .collect::<Result<_, StoreError>>()?,
            categories,
        };
        Org::try_from(record).map_err(|e| StoreError::Corrupt(e.to_string()))
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
