//! Finding cards on the device: a filter by words, kind, category, state and
//! dates (China time), applied to reception and opinion cards alike.

use crate::time::china;
use crate::{ActivityKind, Category, OpinionCard, ReceptionCard};
use chrono::{DateTime, NaiveDate, Utc};

/// Which cards to show by their state on the device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateFilter {
    /// Drafts and submitted cards.
    #[default]
    All,
    /// Only cards still being written.
    Drafts,
    /// Only submitted cards.
    Submitted,
}

/// What the user is looking for. An empty filter matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardFilter {
    /// Words; every one must occur somewhere in the card (ASCII letters match
    /// in either case; Chinese has no case, and full Unicode case tables would
    /// weigh on the download).
    pub text: String,
    /// Only reception cards of this kind (opinion cards are then hidden).
    pub kind: Option<ActivityKind>,
    /// Only opinions of this category (reception cards then show if one of
    /// their opinions has it).
    pub category: Option<Category>,
    /// Drafts, submitted cards, or both.
    pub state: StateFilter,
    /// From this day (China time), inclusive.
    pub from: Option<NaiveDate>,
    /// Until this day (China time), inclusive.
    pub to: Option<NaiveDate>,
}

impl CardFilter {
    fn words(&self) -> Vec<String> {
        self.text.split_whitespace().map(str::to_ascii_lowercase).collect()
    }

    fn in_dates(&self, at: DateTime<Utc>) -> bool {
        let day = at.with_timezone(&china()).date_naive();
        self.from.is_none_or(|from| day >= from) && self.to.is_none_or(|to| day <= to)
    }

    /// Whether a submitted opinion card matches.
    pub fn matches_opinion(&self, card: &OpinionCard) -> bool {
        self.opinion_matches(card, &self.words())
    }

    /// The submitted opinion cards that match, in their order (the words are
    /// split once for all of them: this runs on every keystroke over
    /// thousands of cards).
    pub fn opinions<'a>(&'a self, cards: &'a [OpinionCard]) -> impl Iterator<Item = &'a OpinionCard> + 'a {
        let words = self.words();
        cards.iter().filter(move |card| self.opinion_matches(card, &words))
    }

    fn opinion_matches(&self, card: &OpinionCard, words: &[String]) -> bool {
        self.kind.is_none()
            && self.state != StateFilter::Drafts
            && self.category.as_ref().is_none_or(|c| *c == card.category)
            && self.in_dates(card.collected_at)
            && contains_all(&[card.content.as_str(), card.place.as_str()], words)
    }

    /// Whether a submitted reception card matches; `opinions` are the opinion
    /// cards raised at it (their text and categories count for it).
    pub fn matches_reception(&self, card: &ReceptionCard, opinions: &[&OpinionCard]) -> bool {
        let mut haystack: Vec<&str> = vec![card.topic.as_str(), card.summary.as_str(), card.venue.name().as_str()];
        haystack.extend(card.representatives.iter().map(|r| r.as_str()));
        haystack.extend(card.attendees.iter().map(|a| a.person().name.as_str()));
        haystack.extend(opinions.iter().map(|o| o.content.as_str()));
        self.state != StateFilter::Drafts
            && self.kind.is_none_or(|k| k == card.kind)
            && self.category.as_ref().is_none_or(|c| opinions.iter().any(|o| o.category == *c))
            && self.in_dates(card.started_at)
            && contains_all(&haystack, &self.words())
    }

    /// Whether a draft matches, judged on what has been typed so far.
    pub fn matches_draft(&self, topic: &str, summary: &str, venue: &str, kind: &str) -> bool {
        self.state != StateFilter::Submitted
            && self.category.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.kind.is_none_or(|k| k.code() == kind)
            && contains_all(&[topic, summary, venue], &self.words())
    }
}

impl CardFilter {
    /// Whether a standalone opinion draft matches, judged on what has been typed.
    pub fn matches_opinion_draft(&self, input: &crate::OpinionCardInput) -> bool {
        self.state != StateFilter::Submitted
            && self.kind.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.category.as_ref().is_none_or(|c| c.code() == input.category)
            && contains_all(&[&input.content, &input.place], &self.words())
    }
}

fn contains_all(haystack: &[&str], words: &[String]) -> bool {
    words.iter().all(|word| haystack.iter().any(|text| contains_folded(text, word)))
}

/// Whether `text` contains `word` (already lower case), ASCII letters in
/// either case. Most cards are Chinese with no capital letter: they are
/// searched as they are, without a lower-cased copy.
fn contains_folded(text: &str, word: &str) -> bool {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        text.to_ascii_lowercase().contains(word)
    } else {
        text.contains(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OpinionCardId, OpinionCardInput, ReceptionCardId, ReceptionInput, VenueInput};

    fn now() -> DateTime<Utc> {
        "2026-11-22T08:00:00Z".parse().unwrap()
    }

    fn submitted() -> (ReceptionCard, Vec<OpinionCard>) {
        let input = ReceptionInput {
            kind: "forum".into(),
            started_at: "2026-11-20T09:00".into(),
            venue: VenueInput { kind: "place".into(), id: String::new(), name: "幸福村村委会".into() },
            representatives: vec!["王建国".into()],
            topic: "老旧小区改造".into(),
            summary: "居民反映加装电梯的问题".into(),
            opinions: vec![OpinionCardInput {
                content: "停车位不足 Parking".into(),
                category: "public_order".into(),
                ..OpinionCardInput::default()
            }],
            ..ReceptionInput::default()
        };
        let ids = [OpinionCardId::from_uuid(uuid::Uuid::from_u128(2))];
        ReceptionCard::submit(
            ReceptionCardId::from_uuid(uuid::Uuid::from_u128(1)),
            &ids,
            &input,
            &crate::Categories::preset(),
            now(),
        )
        .unwrap()
    }

    fn check(filter: CardFilter, reception: bool, opinion: bool) {
        let (card, opinions) = submitted();
        let refs: Vec<&OpinionCard> = opinions.iter().collect();
        assert_eq!(filter.matches_reception(&card, &refs), reception, "reception: {filter:?}");
        assert_eq!(filter.matches_opinion(&opinions[0]), opinion, "opinion: {filter:?}");
    }

    fn day(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    fn cat(code: &str) -> Category {
        Category::parse(code).unwrap()
    }

    #[test]
    fn filter_table() {
        let text = |t: &str| CardFilter { text: t.into(), ..CardFilter::default() };
        check(CardFilter::default(), true, true);
        check(text("电梯"), true, false);
        check(text("停车"), true, true);
        check(text("parking"), true, true);
        check(text("停车 电梯"), true, false);
        check(text("王建国"), true, false);
        check(text("学校"), false, false);
        check(CardFilter { kind: Some(ActivityKind::Forum), ..CardFilter::default() }, true, false);
        check(CardFilter { kind: Some(ActivityKind::Lecture), ..CardFilter::default() }, false, false);
        check(CardFilter { category: Some(cat("public_order")), ..CardFilter::default() }, true, true);
        check(CardFilter { category: Some(cat("health")), ..CardFilter::default() }, false, false);
        check(CardFilter { state: StateFilter::Drafts, ..CardFilter::default() }, false, false);
        check(CardFilter { state: StateFilter::Submitted, ..CardFilter::default() }, true, true);
        // 2026-11-20T09:00 China time is the 20th, whatever the UTC date.
        check(CardFilter { from: day("2026-11-20"), to: day("2026-11-20"), ..CardFilter::default() }, true, true);
        check(CardFilter { from: day("2026-11-21"), ..CardFilter::default() }, false, false);
        check(CardFilter { to: day("2026-11-19"), ..CardFilter::default() }, false, false);
    }

    #[test]
    fn drafts_match_on_what_is_typed() {
        let all = CardFilter::default();
        assert!(all.matches_draft("", "", "", "reception"));
        assert!(CardFilter { text: "电梯".into(), ..all.clone() }.matches_draft("加装电梯", "", "", "reception"));
        assert!(!CardFilter { state: StateFilter::Submitted, ..all.clone() }.matches_draft("", "", "", "reception"));
        assert!(!CardFilter { kind: Some(ActivityKind::Forum), ..all }.matches_draft("", "", "", "reception"));
    }

    #[test]
    fn opinion_drafts_match_on_what_is_typed() {
        let input = OpinionCardInput {
            content: "路灯坏了".into(),
            category: "urban_construction".into(),
            place: "村口".into(),
            ..OpinionCardInput::default()
        };
        let all = CardFilter::default();
        assert!(all.matches_opinion_draft(&input));
        assert!(CardFilter { text: "路灯".into(), ..all.clone() }.matches_opinion_draft(&input));
        assert!(!CardFilter { text: "停车".into(), ..all.clone() }.matches_opinion_draft(&input));
        assert!(CardFilter { category: Some(cat("urban_construction")), ..all.clone() }.matches_opinion_draft(&input));
        assert!(!CardFilter { state: StateFilter::Submitted, ..all.clone() }.matches_opinion_draft(&input));
        assert!(!CardFilter { kind: Some(crate::ActivityKind::Forum), ..all }.matches_opinion_draft(&input));
    }

    #[test]
    fn the_matching_opinions_are_those_matches_opinion_accepts_in_order() {
        let (_, opinions) = submitted();
        for text in ["", "parking", "PARKING 停车", "电梯", "停车 不存在"] {
            let filter = CardFilter { text: text.into(), ..CardFilter::default() };
            let found: Vec<_> = filter.opinions(&opinions).map(|c| c.id).collect();
            let expected: Vec<_> = opinions.iter().filter(|c| filter.matches_opinion(c)).map(|c| c.id).collect();
            assert_eq!(found, expected, "{text:?}");
        }
        assert!(contains_folded("停车位不足 Parking", "parking"));
        assert!(contains_folded("停车位不足", "车位"));
        assert!(!contains_folded("停车位不足 Parking", "PARKING"), "words are lower-cased before");
    }
}
