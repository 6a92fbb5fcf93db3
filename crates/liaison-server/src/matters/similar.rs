//! Similar matters (`GET /api/v1/matters/{id}/similar`), for the office
//! triaging a matter: possible duplicates of its organisation to merge.
//!
//! Two steps, so the work does not grow with the inbox: the sketch index
//! (`matter_sketches`) gives the [`CANDIDATES`] matters sharing the most
//! bigram codes with the matter's sketch, then the core scores those
//! ([`liaison_core::matter::similar::suggest`]) and keeps the best
//! [`SUGGESTIONS`] that qualify.

use crate::Store;
use crate::store::{MatterListing, StoreError};
use liaison_core::OpinionCard;
use liaison_core::matter::Matter;
use liaison_core::matter::similar::{Profile, sketch, suggest};
use liaison_core::time::to_wire;
use serde::Serialize;

/// How many candidates the index gives the core to score.
pub const CANDIDATES: u32 = 200;

/// How many suggestions an answer holds at most.
pub const SUGGESTIONS: usize = 10;

/// How many characters of a suggestion's content the answer shows.
pub const EXCERPT_CHARS: usize = 60;

/// A suggested matter, its first card and its score against the target.
#[derive(Clone, Debug, PartialEq)]
pub struct Similar {
    /// The matter.
    pub matter: Matter,
    /// The card it was made from.
    pub card: OpinionCard,
    /// Its score (see the core's `similar::score`).
    pub score: f64,
}

/// The matters similar to `listing`'s, best first, at most `limit` (see the
/// module's doc). Nothing when the matter's first card is missing (it cannot
/// be: cards are never deleted).
pub async fn similar(store: &Store, listing: &MatterListing, limit: usize) -> Result<Vec<Similar>, StoreError> {
    let matter = &listing.matter;
    let Some(card) = listing.cards.iter().find(|c| matter.opinions.first() == Some(&c.id)) else {
        return Ok(Vec::new());
    };
    let codes = sketch(card.content.as_str());
    let candidates = store.similar_candidates(matter.organisation, matter.id, &codes, CANDIDATES).await?;
    let profiles: Vec<Profile> =
        candidates.iter().filter_map(|c| c.card.as_ref().map(|card| Profile::of(&c.matter, card))).collect();
    let suggestions = suggest(&Profile::of(matter, card), &profiles, limit);
    Ok(suggestions
        .into_iter()
        .filter_map(|s| {
            let found = candidates.iter().find(|c| c.matter.id == s.id)?;
            Some(Similar { matter: found.matter.clone(), card: found.card.clone()?, score: s.score })
        })
        .collect())
}

/// The answer: `{items: [...]}`, best first.
#[derive(Debug, Serialize)]
pub struct SimilarView {
    items: Vec<SimilarItem>,
}

/// One suggestion as answered.
#[derive(Debug, Serialize)]
struct SimilarItem {
    /// The matter's id.
    id: String,
    /// Its score, to three decimals.
    score: f64,
    /// Its `MatterState` code.
    state: &'static str,
    /// The start of its first card's content (at most [`EXCERPT_CHARS`]
    /// characters, `…` when cut).
    excerpt: String,
    /// Where it was collected.
    place: String,
    /// When (RFC 3339 UTC).
    collected_at: String,
}

/// The view of `found`.
pub fn similar_view(found: &[Similar]) -> SimilarView {
    SimilarView {
        items: found
            .iter()
            .map(|s| SimilarItem {
                id: s.matter.id.to_string(),
                score: (s.score * 1000.0).round() / 1000.0,
                state: s.matter.state.code(),
                excerpt: excerpt(s.card.content.as_str()),
                place: s.card.place.as_str().to_owned(),
                collected_at: to_wire(s.matter.collected_at),
            })
            .collect(),
    }
}

/// The start of a card's text for a list: at most [`EXCERPT_CHARS`]
/// characters, then `…`.
pub(crate) fn excerpt(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(EXCERPT_CHARS).collect();
    if chars.next().is_some() { format!("{head}…") } else { head }
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn excerpts_are_cut_at_characters() {
        assert_eq!(excerpt("路灯坏了"), "路灯坏了");
        let long = "路".repeat(61);
        assert_eq!(excerpt(&long), format!("{}…", "路".repeat(60)));
        assert_eq!(excerpt(&"路".repeat(60)), "路".repeat(60));
    }
}
