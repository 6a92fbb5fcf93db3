//! Contacts (联系对象): the party members and members of the public a
//! representative is linked to.

use crate::choice::choices;
use crate::error::Collector;
use crate::phone::parse_optional_phone;
use crate::text::optional;
use crate::{ContactId, Field, FieldErrors, MobilePhone, OrganisationName, PersonName, ValidationError};
use serde::{Deserialize, Serialize};

choices!(
    /// Whether a contact is a party member or a member of the public.
    ContactKind {
        /// 党员 / 会员
        Member = "member" => ContactMember,
        /// 群众
        Public = "public" => ContactPublic,
    }
);

choices!(
    /// Categories the seeds ask representatives to keep track of.
    ContactTag {
        /// 低收入群体
        LowIncome = "low_income" => TagLowIncome,
        /// 业务骨干
        ProfessionalBackbone = "professional_backbone" => TagProfessionalBackbone,
        /// 致富带头人
        Entrepreneur = "entrepreneur" => TagEntrepreneur,
        /// 老同志
        Veteran = "veteran" => TagVeteran,
        /// 困难群众
        HouseholdInNeed = "household_in_need" => TagHouseholdInNeed,
    }
);

/// Parses tag codes into a sorted list without duplicates.
pub fn parse_tags(codes: &[String]) -> Result<Vec<ContactTag>, ValidationError> {
    let mut tags = codes.iter().map(|c| ContactTag::parse(c)).collect::<Result<Vec<_>, _>>()?;
    crate::sort::sort_by(&mut tags, Ord::cmp);
    tags.dedup();
    Ok(tags)
}

/// What a user typed for a contact (or a walk-in), unparsed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactInput {
    /// Name.
    pub name: String,
    /// Mobile number, may be empty.
    pub phone: String,
    /// `member` or `public`.
    pub kind: String,
    /// Tag codes.
    pub tags: Vec<String>,
    /// Organisation, may be empty.
    pub organisation: String,
}

/// The person-describing part of a contact, shared with walk-ins.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Name.
    pub name: PersonName,
    /// Mobile number, if given.
    pub phone: Option<MobilePhone>,
    /// Member or public.
    pub kind: ContactKind,
    /// Tags, sorted, no duplicates.
    pub tags: Vec<ContactTag>,
}

impl Person {
    /// Parses the person fields of an input, collecting every error.
    pub(crate) fn collect(input: &ContactInput, errors: &mut Collector) -> Option<Person> {
        let name = errors.take(Field::Name, PersonName::parse(&input.name));
        let phone = errors.take(Field::Phone, parse_optional_phone(&input.phone));
        let kind = errors.take(Field::ContactKind, ContactKind::parse(&input.kind));
        let tags = errors.take(Field::Tags, parse_tags(&input.tags));
        Some(Person { name: name?, phone: phone?, kind: kind?, tags: tags? })
    }

    /// Back to form fields (to edit or to save a walk-in as a contact).
    pub fn to_input(&self) -> ContactInput {
        ContactInput {
            name: self.name.as_str().to_owned(),
            phone: self.phone.as_ref().map(|p| p.as_str().to_owned()).unwrap_or_default(),
            kind: self.kind.code().to_owned(),
            tags: self.tags.iter().map(|t| t.code().to_owned()).collect(),
            organisation: String::new(),
        }
    }
}

/// A contact in the representative's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Made by the device that created it.
    pub id: ContactId,
    /// Who they are.
    #[serde(flatten)]
    pub person: Person,
    /// Where they work or belong, if known.
    pub organisation: Option<OrganisationName>,
}

impl Contact {
    /// Parses a form into a contact.
    pub fn create(id: ContactId, input: &ContactInput) -> Result<Contact, FieldErrors> {
        let mut errors = Collector::default();
        let person = Person::collect(input, &mut errors);
        let organisation = errors.take(Field::Organisation, optional(&input.organisation, OrganisationName::parse));
        errors.finish()?;
        match (person, organisation) {
            (Some(person), Some(organisation)) => Ok(Contact { id, person, organisation }),
            _ => unreachable!("Collector::finish reports every missing field"),
        }
    }

    /// Whether the contact matches a search: a part of the name, the pinyin
    /// initials of the name (`zs` → 张三) when a table of `initials` is at hand,
    /// or a part of the phone number.
    pub fn matches(&self, query: &str, initials: Option<crate::pinyin::Initials<'_>>) -> bool {
        let query = query.trim();
        let name = self.person.name.as_str();
        query.is_empty()
            || name.contains(query)
            || (query.is_ascii() && initials.is_some_and(|table| table.matches(name, query)))
            || (query.len() >= 3
                && query.bytes().all(|b| b.is_ascii_digit())
                && self.person.phone.as_ref().is_some_and(|p| p.as_str().contains(query)))
    }
}

/// The frozen storage and wire form of a contact, version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContactRecord {
    /// Format version: 1.
    pub v: u32,
    /// Hyphenated UUID.
    pub id: String,
    /// Name.
    pub name: String,
    /// 11 digits, or empty.
    pub phone: String,
    /// `member` or `public`.
    pub kind: String,
    /// Tag codes.
    pub tags: Vec<String>,
    /// Organisation, or empty.
    pub organisation: String,
}

impl From<&Contact> for ContactRecord {
    fn from(c: &Contact) -> Self {
        let input = c.person.to_input();
        ContactRecord {
            v: 1,
            id: c.id.to_string(),
            name: input.name,
            phone: input.phone,
            kind: input.kind,
            tags: input.tags,
            organisation: c.organisation.as_ref().map(|o| o.as_str().to_owned()).unwrap_or_default(),
        }
    }
}

impl TryFrom<ContactRecord> for Contact {
    type Error = FieldErrors;

    fn try_from(r: ContactRecord) -> Result<Self, Self::Error> {
        crate::error::check_version(r.v, 1)?;
        let id = r.id.parse::<ContactId>().map_err(|_| FieldErrors::one(Field::Id, ValidationError::IdInvalid))?;
        Contact::create(
            id,
            &ContactInput { name: r.name, phone: r.phone, kind: r.kind, tags: r.tags, organisation: r.organisation },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, phone: &str, kind: &str, tags: &[&str]) -> ContactInput {
        ContactInput {
            name: name.into(),
            phone: phone.into(),
            kind: kind.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            organisation: String::new(),
        }
    }

    fn id() -> ContactId {
        "01936f4e-8c2a-7b3d-9f10-123456789abc".parse().unwrap()
    }

    #[test]
    fn validation_table() {
        use Field::*;
        use ValidationError::*;
        let cases: &[(ContactInput, &[(Field, ValidationError)])] = &[
            (input("张三", "13812345678", "member", &["veteran"]), &[]),
            (input("李四", "", "public", &[]), &[]),
            (
                input("", "12345", "", &["rich"]),
                &[(Name, Required), (Phone, PhoneInvalid), (ContactKind, Required), (Tags, UnknownChoice)],
            ),
            (input(&"名".repeat(51), "", "alien", &[]), &[(Name, TooLong { max: 50 }), (ContactKind, UnknownChoice)]),
        ];
        for (form, expected) in cases {
            let got = Contact::create(id(), form)
                .map_err(|e| e.0.into_iter().map(|e| (e.field, e.error)).collect::<Vec<_>>());
            match got {
                Ok(_) => assert!(expected.is_empty(), "{form:?}"),
                Err(got) => assert_eq!(&got, expected, "{form:?}"),
            }
        }
    }

    #[test]
    fn tags_are_sorted_and_deduplicated() {
        let c = Contact::create(id(), &input("王五", "", "public", &["veteran", "low_income", "veteran"])).unwrap();
        assert_eq!(c.person.tags, vec![ContactTag::LowIncome, ContactTag::Veteran]);
    }

    #[test]
    fn search_by_name_initials_and_phone() {
        let c = Contact::create(id(), &input("张三丰", "13812345678", "member", &[])).unwrap();
        let table = Some(crate::pinyin::Initials::builtin());
        for hit in ["", "张三", "三丰", "zsf", "ZS", "sf", "1234"] {
            assert!(c.matches(hit, table), "{hit}");
        }
        for miss in ["李", "ls", "99", "9999"] {
            assert!(!c.matches(miss, table), "{miss}");
        }
        // Without a table (not loaded yet), names and phones still match.
        assert!(c.matches("三丰", None) && c.matches("1234", None) && !c.matches("zsf", None));
    }

    #[test]
    fn record_round_trip() {
        let c = Contact::create(id(), &input("张三", "138 1234 5678", "member", &["veteran", "entrepreneur"])).unwrap();
        let record = ContactRecord::from(&c);
        assert_eq!(record.phone, "13812345678");
        assert_eq!(Contact::try_from(record), Ok(c));
    }
}
