//! The office's dispatch settings: which responsible unit usually handles
//! each category (the dispatch form suggests it), beside the deadline policy
//! (`deadline::DeadlinePolicy`, how long units have).
//!
//! Serialised as a list of `{category, unit}` (the API's form and the
//! database's rows); reading checks each category is listed once.

use crate::{Category, OrganisationId, ValidationError};
use serde::{Deserialize, Serialize};

/// One line of the table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFor {
    /// The category.
    pub category: Category,
    /// The unit that usually handles it.
    pub unit: OrganisationId,
}

/// Category → usual unit, each category at most once.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<UnitFor>", into = "Vec<UnitFor>")]
pub struct DispatchTable(Vec<UnitFor>);

impl DispatchTable {
    /// A table of `lines`; a category listed twice is refused.
    pub fn new(lines: Vec<UnitFor>) -> Result<DispatchTable, ValidationError> {
        for (i, line) in lines.iter().enumerate() {
            if lines[..i].iter().any(|l| l.category == line.category) {
                return Err(ValidationError::DuplicateCategory);
            }
        }
        Ok(DispatchTable(lines))
    }

    /// The unit that usually handles `category`, if the office said.
    pub fn unit_for(&self, category: &Category) -> Option<OrganisationId> {
        self.0.iter().find(|l| &l.category == category).map(|l| l.unit)
    }

    /// The lines, as set.
    pub fn lines(&self) -> &[UnitFor] {
        &self.0
    }
}

impl TryFrom<Vec<UnitFor>> for DispatchTable {
    type Error = ValidationError;

    fn try_from(lines: Vec<UnitFor>) -> Result<Self, Self::Error> {
        DispatchTable::new(lines)
    }
}

impl From<DispatchTable> for Vec<UnitFor> {
    fn from(table: DispatchTable) -> Self {
        table.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(category: &str, n: u128) -> UnitFor {
        UnitFor {
            category: Category::parse(category).unwrap(),
            unit: OrganisationId::from_uuid(uuid::Uuid::from_u128(n)),
        }
    }

    #[test]
    fn a_category_is_listed_once_and_suggests_its_unit() {
        let table = DispatchTable::new(vec![line("education", 1), line("health", 2)]).unwrap();
        assert_eq!(table.unit_for(&Category::parse("health").unwrap()), Some(line("health", 2).unit));
        assert_eq!(table.unit_for(&Category::parse("employment").unwrap()), None);
        assert_eq!(
            DispatchTable::new(vec![line("education", 1), line("education", 2)]),
            Err(ValidationError::DuplicateCategory)
        );
        let json = serde_json::to_value(&table).unwrap();
        assert_eq!(json[0]["category"], "education");
        assert_eq!(serde_json::from_value::<DispatchTable>(json).unwrap(), table);
        let twice = serde_json::json!([{"category": "health", "unit": line("health", 1).unit}, {"category": "health", "unit": line("health", 2).unit}]);
        assert!(serde_json::from_value::<DispatchTable>(twice).is_err());
    }
}
