//! Which organisations are above which (上级 / 下级): each organisation has at
//! most one parent. An office sees the matters of its organisation and of
//! every organisation below it, and forwards a matter only upward, to an
//! organisation above. Pure: the server reads the parent links from its
//! database and asks this.

use crate::OrganisationId;
use std::collections::HashMap;
use thiserror::Error;

/// Why a parent link was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
pub enum TreeError {
    /// An organisation cannot be its own parent.
    #[error("an organisation cannot be its own parent")]
    OwnParent,
    /// The parent is below the organisation: the link would make a loop.
    #[error("the parent is below the organisation")]
    Cycle,
    /// One of the two is not a known organisation.
    #[error("unknown organisation")]
    Unknown,
}

impl TreeError {
    /// Its catalogue message.
    pub fn msg(self) -> liaison_i18n::Msg {
        use liaison_i18n::Msg;
        match self {
            TreeError::OwnParent => Msg::OrgParentSelf,
            TreeError::Cycle => Msg::OrgParentCycle,
            TreeError::Unknown => Msg::UnknownOrganisation,
        }
    }
}

/// The organisations and their parents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgTree {
    parent: HashMap<OrganisationId, Option<OrganisationId>>,
}

impl OrgTree {
    /// The tree of these `(organisation, parent)` links. A link that would
    /// make a loop (only a corrupt database holds one) is cut where the walk
    /// meets it, so every question still ends.
    pub fn new(links: impl IntoIterator<Item = (OrganisationId, Option<OrganisationId>)>) -> Self {
        OrgTree { parent: links.into_iter().collect() }
    }

    /// Whether `org` is known.
    pub fn contains(&self, org: OrganisationId) -> bool {
        self.parent.contains_key(&org)
    }

    /// `org`'s parent.
    pub fn parent(&self, org: OrganisationId) -> Option<OrganisationId> {
        self.parent.get(&org).copied().flatten()
    }

    /// The organisations above `org`, nearest first.
    pub fn above(&self, org: OrganisationId) -> Vec<OrganisationId> {
        let mut found = Vec::new();
        let mut at = self.parent(org);
        while let Some(next) = at {
            if next == org || found.contains(&next) {
                break;
            }
            found.push(next);
            at = self.parent(next);
        }
        found
    }

    /// The organisations below `org`, all levels, nearest first.
    pub fn below(&self, org: OrganisationId) -> Vec<OrganisationId> {
        let mut children: HashMap<OrganisationId, Vec<OrganisationId>> = HashMap::new();
        for (child, parent) in &self.parent {
            if let Some(parent) = parent {
                children.entry(*parent).or_default().push(*child);
            }
        }
        for list in children.values_mut() {
            list.sort();
        }
        let mut found: Vec<OrganisationId> = Vec::new();
        let mut next = 0;
        let mut frontier = vec![org];
        while let Some(at) = frontier.get(next).copied() {
            next += 1;
            for child in children.get(&at).into_iter().flatten() {
                if *child != org && !found.contains(child) {
                    found.push(*child);
                    frontier.push(*child);
                }
            }
        }
        found
    }

    /// Makes `parent` the parent of `org` (none: `org` is at the top),
    /// unless that would make a loop.
    pub fn set_parent(&mut self, org: OrganisationId, parent: Option<OrganisationId>) -> Result<(), TreeError> {
        if !self.contains(org) || parent.is_some_and(|p| !self.contains(p)) {
            return Err(TreeError::Unknown);
        }
        if parent == Some(org) {
            return Err(TreeError::OwnParent);
        }
        if parent.is_some_and(|p| self.above(p).contains(&org)) {
            return Err(TreeError::Cycle);
        }
        self.parent.insert(org, parent);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn org(n: u8) -> OrganisationId {
        OrganisationId::from_uuid(uuid::Uuid::from_u128(u128::from(n) + 1))
    }

    #[test]
    fn a_county_under_a_city_under_a_province() {
        let (province, city, county, town, other) = (org(0), org(1), org(2), org(3), org(4));
        let mut tree = OrgTree::new([(province, None), (city, None), (county, None), (town, None), (other, None)]);
        tree.set_parent(city, Some(province)).unwrap();
        tree.set_parent(county, Some(city)).unwrap();
        tree.set_parent(town, Some(county)).unwrap();
        assert_eq!(tree.above(town), vec![county, city, province]);
        assert_eq!(tree.below(city), vec![county, town]);
        assert_eq!(tree.below(other), vec![]);
        assert_eq!(tree.set_parent(city, Some(city)), Err(TreeError::OwnParent));
        assert_eq!(tree.set_parent(province, Some(town)), Err(TreeError::Cycle));
        assert_eq!(tree.set_parent(province, Some(org(9))), Err(TreeError::Unknown));
        assert_eq!(tree.above(province), vec![], "nothing changed");
        tree.set_parent(county, None).unwrap();
        assert_eq!(tree.below(province), vec![city]);
    }

    #[test]
    fn a_loop_in_the_data_does_not_hang() {
        let mut tree = OrgTree::new([(org(0), Some(org(1))), (org(1), Some(org(0)))]);
        assert_eq!(tree.above(org(0)), vec![org(1)]);
        assert_eq!(tree.below(org(0)), vec![org(1)]);
        assert_eq!(tree.set_parent(org(0), Some(org(1))), Err(TreeError::Cycle));
    }

    proptest! {
        /// Whatever links are asked for, the ones accepted never make a loop,
        /// and above and below mirror each other.
        #[test]
        fn no_loops_and_above_mirrors_below(links in prop::collection::vec((0u8..8, prop::option::of(0u8..8)), 0..40)) {
            let mut tree = OrgTree::new((0..8).map(|n| (org(n), None)));
            for (child, parent) in links {
                let _ = tree.set_parent(org(child), parent.map(org));
            }
            for a in 0..8 {
                let above = tree.above(org(a));
                prop_assert!(!above.contains(&org(a)));
                for b in 0..8 {
                    prop_assert_eq!(above.contains(&org(b)), tree.below(org(b)).contains(&org(a)));
                }
            }
        }
    }
}
