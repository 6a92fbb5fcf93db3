//! Reference data of an organisation, which phones hold to fill cards offline:
//! its studios (党代表工作室, with their reception days), its liaison points
//! (联系点, by batch and period), its representatives, the contacts it
//! shares, and the opinion categories its cards choose from. One frozen record,
//! [`OrgRecordV2`], carries it on the wire and in the phone's storage
//! ([`OrgRecord`], version 1, had no categories and is still read: the preset
//! ones stand in); until sync exists (issue 4) the phone loads it from the
//! server's `/api/v1/organisation`.

use crate::error::{Collector, check_version};
use crate::{
    Categories, CategoryDef, Contact, ContactRecord, Field, FieldErrors, LiaisonPointId, OrganisationId,
    OrganisationName, PersonName, PlaceName, RepresentativeId, StudioId, ValidationError,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A representatives' studio and the days of the month it receives people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Studio {
    /// Its id.
    pub id: StudioId,
    /// Its name.
    pub name: PlaceName,
    /// Where it is.
    pub address: PlaceName,
    /// Reception days, days of the month (1–31), sorted, no duplicates.
    pub reception_days: Vec<u8>,
}

/// A liaison point: an organisation a leadership member is linked to for a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiaisonPoint {
    /// Its id.
    pub id: LiaisonPointId,
    /// The organisation that is the liaison point.
    pub name: OrganisationName,
    /// The batch it belongs to (第四批 = 4).
    pub batch: u16,
    /// First day of its period.
    pub from: NaiveDate,
    /// Last day of its period.
    pub to: NaiveDate,
}

/// A representative of the organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Representative {
    /// Their id.
    pub id: RepresentativeId,
    /// Their name.
    pub name: PersonName,
}

/// Everything a phone holds about its organisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Org {
    /// The organisation's id.
    pub id: OrganisationId,
    /// Its name.
    pub name: OrganisationName,
    /// Its studios.
    pub studios: Vec<Studio>,
    /// Its liaison points.
    pub liaison_points: Vec<LiaisonPoint>,
    /// Its representatives.
    pub representatives: Vec<Representative>,
    /// Contacts it shares with its representatives.
    pub contacts: Vec<Contact>,
    /// The opinion categories its cards choose from.
    pub categories: Categories,
}

/// The frozen wire and storage form of [`Org`], version 1 (no categories).
/// Still read, no longer written: see [`OrgRecordV2`]. The nested values are
/// validated types whose serialised forms are strings and numbers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgRecord {
    /// Format version: 1.
    pub v: u32,
    /// The organisation's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its studios.
    pub studios: Vec<StudioRecord>,
    /// Its liaison points.
    pub liaison_points: Vec<LiaisonPointRecord>,
    /// Its representatives.
    pub representatives: Vec<RepresentativeRecord>,
    /// Shared contacts.
    pub contacts: Vec<ContactRecord>,
}

/// The frozen wire and storage form of [`Org`], version 2: version 1 and the
/// organisation's opinion categories.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgRecordV2 {
    /// Format version: 2.
    pub v: u32,
    /// The organisation's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its studios.
    pub studios: Vec<StudioRecord>,
    /// Its liaison points.
    pub liaison_points: Vec<LiaisonPointRecord>,
    /// Its representatives.
    pub representatives: Vec<RepresentativeRecord>,
    /// Shared contacts.
    pub contacts: Vec<ContactRecord>,
    /// Opinion categories, in the order forms list them.
    pub categories: Vec<CategoryRecord>,
}

/// An opinion category in [`OrgRecordV2`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryRecord {
    /// Its code, `rural_roads`.
    pub code: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// Its English name, empty when it has none.
    pub name_en: String,
}

impl From<&CategoryDef> for CategoryRecord {
    fn from(d: &CategoryDef) -> Self {
        CategoryRecord {
            code: d.code.code().to_owned(),
            name_zh: d.name_zh.as_str().to_owned(),
            name_en: d.name_en.as_ref().map(|n| n.as_str().to_owned()).unwrap_or_default(),
        }
    }
}

/// Reads a list of category records into an organisation's list.
pub fn categories(records: &[CategoryRecord]) -> Result<Categories, ValidationError> {
    Categories::new(
        records.iter().map(|r| CategoryDef::parse(&r.code, &r.name_zh, &r.name_en)).collect::<Result<_, _>>()?,
    )
}

/// A studio in [`OrgRecord`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudioRecord {
    /// Hyphenated UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Days of the month.
    pub reception_days: Vec<u8>,
}

/// A liaison point in [`OrgRecord`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LiaisonPointRecord {
    /// Hyphenated UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Batch number.
    pub batch: u16,
    /// First day, `2017-01-01`.
    pub from: String,
    /// Last day, `2017-12-31`.
    pub to: String,
}

/// A representative in [`OrgRecord`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepresentativeRecord {
    /// Hyphenated UUID.
    pub id: String,
    /// Name.
    pub name: String,
}

fn id<T: std::str::FromStr>(s: &str) -> Result<T, ValidationError> {
    s.parse().map_err(|_| ValidationError::IdInvalid)
}

fn studio(r: &StudioRecord) -> Result<Studio, ValidationError> {
    let mut days = r.reception_days.clone();
    days.sort_unstable();
    days.dedup();
    if days.iter().any(|d| !(1..=31).contains(d)) {
        return Err(ValidationError::UnknownChoice);
    }
    Ok(Studio {
        id: id(&r.id)?,
        name: PlaceName::parse(&r.name)?,
        address: PlaceName::parse(&r.address)?,
        reception_days: days,
    })
}

fn liaison_point(r: &LiaisonPointRecord) -> Result<LiaisonPoint, ValidationError> {
    let date = |s: &str| crate::time::parse_date(s).ok_or(ValidationError::DateTimeInvalid);
    let (from, to) = (date(&r.from)?, date(&r.to)?);
    if to < from {
        return Err(ValidationError::EndBeforeStart);
    }
    Ok(LiaisonPoint { id: id(&r.id)?, name: OrganisationName::parse(&r.name)?, batch: r.batch, from, to })
}

impl TryFrom<OrgRecord> for Org {
    type Error = FieldErrors;

    /// Version 1 named no categories: the preset ones stand in.
    fn try_from(r: OrgRecord) -> Result<Self, Self::Error> {
        check_version(r.v, 1)?;
        let categories = Categories::preset().defs().iter().map(CategoryRecord::from).collect();
        Org::try_from(OrgRecordV2 {
            v: 2,
            id: r.id,
            name: r.name,
            studios: r.studios,
            liaison_points: r.liaison_points,
            representatives: r.representatives,
            contacts: r.contacts,
            categories,
        })
    }
}

impl TryFrom<OrgRecordV2> for Org {
    type Error = FieldErrors;

    fn try_from(r: OrgRecordV2) -> Result<Self, Self::Error> {
        check_version(r.v, 2)?;
        let mut errors = Collector::default();
        let org_id = errors.take(Field::Id, id::<OrganisationId>(&r.id));
        let name = errors.take(Field::Organisation, OrganisationName::parse(&r.name));
        let studios = errors.take(Field::Venue, r.studios.iter().map(studio).collect::<Result<Vec<_>, _>>());
        let points =
            errors.take(Field::Venue, r.liaison_points.iter().map(liaison_point).collect::<Result<Vec<_>, _>>());
        let representatives = errors.take(
            Field::Representatives,
            r.representatives
                .iter()
                .map(|p| Ok(Representative { id: id(&p.id)?, name: PersonName::parse(&p.name)? }))
                .collect::<Result<Vec<_>, ValidationError>>(),
        );
        let contacts = errors.take(
            Field::Attendees,
            r.contacts
                .into_iter()
                .map(|c| Contact::try_from(c).map_err(|e| e.0[0].error.clone()))
                .collect::<Result<Vec<_>, _>>(),
        );
        let categories = errors.take(Field::Category, categories(&r.categories));
        errors.finish()?;
        match (org_id, name, studios, points, representatives, contacts, categories) {
            (
                Some(id),
                Some(name),
                Some(studios),
                Some(liaison_points),
                Some(representatives),
                Some(contacts),
                Some(categories),
            ) => Ok(Org { id, name, studios, liaison_points, representatives, contacts, categories }),
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }
}

impl Org {
    /// Reads a stored or received organisation of any known format version.
    pub fn from_json(value: serde_json::Value) -> Result<Org, FieldErrors> {
        let version = value.get("v").and_then(serde_json::Value::as_u64).unwrap_or(0);
        let malformed =
            || FieldErrors::one(Field::Version, ValidationError::UnsupportedVersion { version: version as u32 });
        match version {
            1 => serde_json::from_value::<OrgRecord>(value).map_err(|_| malformed())?.try_into(),
            2 => serde_json::from_value::<OrgRecordV2>(value).map_err(|_| malformed())?.try_into(),
            _ => Err(malformed()),
        }
    }
}

impl From<&Org> for OrgRecordV2 {
    fn from(o: &Org) -> Self {
        OrgRecordV2 {
            v: 2,
            id: o.id.to_string(),
            name: o.name.as_str().to_owned(),
            studios: o
                .studios
                .iter()
                .map(|s| StudioRecord {
                    id: s.id.to_string(),
                    name: s.name.as_str().to_owned(),
                    address: s.address.as_str().to_owned(),
                    reception_days: s.reception_days.clone(),
                })
                .collect(),
            liaison_points: o
                .liaison_points
                .iter()
                .map(|p| LiaisonPointRecord {
                    id: p.id.to_string(),
                    name: p.name.as_str().to_owned(),
                    batch: p.batch,
                    from: p.from.to_string(),
                    to: p.to.to_string(),
                })
                .collect(),
            representatives: o
                .representatives
                .iter()
                .map(|p| RepresentativeRecord { id: p.id.to_string(), name: p.name.as_str().to_owned() })
                .collect(),
            contacts: o.contacts.iter().map(ContactRecord::from).collect(),
            categories: o.categories.defs().iter().map(CategoryRecord::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_round_trips_and_bad_records_are_refused() {
        let org = crate::demo::organisation();
        let record = OrgRecordV2::from(&org);
        assert_eq!(Org::try_from(record.clone()), Ok(org));

        let mut bad = record.clone();
        bad.studios[0].reception_days = vec![10, 32];
        assert_eq!(Org::try_from(bad).unwrap_err().get(Field::Venue), Some(&ValidationError::UnknownChoice));
        let mut bad = record.clone();
        bad.liaison_points[0].to = "2016-12-31".into();
        assert_eq!(Org::try_from(bad).unwrap_err().get(Field::Venue), Some(&ValidationError::EndBeforeStart));
        let mut bad = record.clone();
        bad.representatives[0].name = " ".into();
        assert_eq!(Org::try_from(bad).unwrap_err().get(Field::Representatives), Some(&ValidationError::Required));
        let mut bad = record.clone();
        bad.contacts[0].phone = "123".into();
        assert_eq!(Org::try_from(bad).unwrap_err().get(Field::Attendees), Some(&ValidationError::PhoneInvalid));
        let mut bad = record.clone();
        bad.categories.push(bad.categories[0].clone());
        assert_eq!(Org::try_from(bad).unwrap_err().get(Field::Category), Some(&ValidationError::DuplicateCategory));
        let mut bad = record.clone();
        bad.categories.clear();
        assert_eq!(Org::try_from(bad).unwrap_err().get(Field::Category), Some(&ValidationError::Required));
        assert!(Org::try_from(OrgRecordV2 { v: 3, ..record.clone() }).is_err());
        assert_eq!(Org::from_json(serde_json::to_value(&record).unwrap()), Ok(crate::demo::organisation()));
        assert!(Org::from_json(serde_json::json!({"v": 9})).is_err());
    }

    #[test]
    fn version_1_reads_with_the_preset_categories() {
        let v2 = OrgRecordV2::from(&crate::demo::organisation());
        let v1 = OrgRecord {
            v: 1,
            id: v2.id.clone(),
            name: v2.name.clone(),
            studios: v2.studios.clone(),
            liaison_points: v2.liaison_points.clone(),
            representatives: v2.representatives.clone(),
            contacts: v2.contacts.clone(),
        };
        let org = Org::from_json(serde_json::to_value(&v1).unwrap()).unwrap();
        assert_eq!(org.categories, Categories::preset());
        assert!(Org::try_from(OrgRecord { v: 2, ..v1 }).is_err());
    }

    #[test]
    fn reception_days_are_sorted_and_deduplicated() {
        let r = StudioRecord {
            id: "01936f4e-8c2a-7b3d-9f10-00000000b001".into(),
            name: "城关镇党代表工作室".into(),
            address: "城关镇人民路 1 号".into(),
            reception_days: vec![20, 10, 20],
        };
        assert_eq!(studio(&r).unwrap().reception_days, vec![10, 20]);
    }
}
