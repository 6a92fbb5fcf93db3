//! Similar matters (可能重复的事项): when the office triages an opinion it is
//! shown the matters of its organisation that may say the same thing, so it
//! can merge them ([`merge`](super::merge)). Pure like the rest of the core:
//! the caller brings the candidates; nothing here reads a clock or storage.
//!
//! **Text.** Both texts are [`fold`]ed (whitespace and punctuation dropped,
//! full-width ASCII forms made half-width, ASCII lowercased) and cut into
//! overlapping character bigrams; the [`STOP_BIGRAMS`], words nearly every
//! opinion has (我们, 希望, 问题, 社区 …), are dropped. The text similarity is
//! the Dice coefficient of the two sets of distinct bigrams,
//! `2·|A∩B| / (|A| + |B|)`, 0 when both are empty.
//!
//! **Score** ([`score`]) = the text's Dice, plus [`PLACE_BONUS`] (0.2) when
//! both were collected at the same place (the folded place texts are equal),
//! plus up to [`TIME_BONUS`] (0.2) when they were collected within
//! [`TIME_WINDOW_DAYS`] (30) days of each other, falling linearly from 0.2 at
//! the same instant to 0 at 30 days. The bonuses count only when the text's
//! Dice is at least [`BONUS_FLOOR`] (0.15): two opinions from one village in
//! one week about different things are not duplicates. So a score lies in
//! `[0, 1.4]` ([`MAX_SCORE`]), is symmetric, and identical texts score at least
//! 1. A candidate qualifies at [`QUALIFYING_SCORE`] (0.35).
//!
//! **Suggestions** ([`suggest`]): the qualifying candidates, best first (equal
//! scores by id), at most `limit`, never the target itself, never a matter of
//! another organisation (merging across organisations is refused), and never a
//! merged or a closed one: a merged matter is final, and a closed one can take
//! nothing in (`absorb` applies to open matters only) — an opinion about
//! something already closed is a new matter, or a reason for the office to
//! reopen the old one by hand. The target's own state does not matter.
//!
//! **Sketches** ([`sketch`]), for the server's index of candidates: a text's
//! at most [`SKETCH_SIZE`] (32) bigram codes with the smallest values, where a
//! code is a fixed 32-bit hash of the bigram — a bottom-k MinHash sketch. The
//! smallest hashes are a sample of the bigrams that is the same for every
//! text, so two texts share sketch codes about in proportion to how much of
//! their bigrams they share, whatever their lengths (keeping the first 32
//! would miss a duplicate that starts differently; keeping the rarest would
//! need the whole corpus's counts, which a pure function does not have). A
//! text of up to 32 distinct bigrams is its whole set. Stop bigrams are never
//! in a sketch. The codes are stored by the server: changing [`bigram_code`]
//! or the stop list means sketching every matter again.

use super::{Matter, MatterState};
use crate::{MatterId, OpinionCard, OrganisationId};
use chrono::{DateTime, Utc};

/// A candidate qualifies as a possible duplicate at this score.
pub const QUALIFYING_SCORE: f64 = 0.35;
/// The text's Dice below which the place and time bonuses do not count.
pub const BONUS_FLOOR: f64 = 0.15;
/// Added when both were collected at the same place.
pub const PLACE_BONUS: f64 = 0.2;
/// Added, at most, when both were collected within [`TIME_WINDOW_DAYS`].
pub const TIME_BONUS: f64 = 0.2;
/// How far apart collections still earn some of [`TIME_BONUS`].
pub const TIME_WINDOW_DAYS: i64 = 30;
/// The highest score: identical texts, one place, one instant.
pub const MAX_SCORE: f64 = 1.0 + PLACE_BONUS + TIME_BONUS;
/// The most codes a sketch holds.
pub const SKETCH_SIZE: usize = 32;

/// Bigrams so common in opinions that sharing them says nothing.
pub const STOP_BIGRAMS: &[&str] = &[
    "我们", "你们", "他们", "大家", "自己", "希望", "问题", "一个", "进行", "没有", "这个", "那个", "这些", "那些",
    "社区", "可以", "什么", "现在", "已经", "因为", "所以", "但是", "如果", "还是", "就是", "不是", "有关", "相关",
    "反映", "建议", "要求", "解决", "群众", "居民", "非常", "比较", "情况", "工作", "部门", "政府",
];

/// `text` as it is compared: whitespace, control characters and punctuation
/// dropped, full-width ASCII forms (Ａ, ９, ！) made half-width, ASCII letters
/// lowercased. Chinese characters, other letters and digits stay.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !(c.is_whitespace() || c.is_control() || is_punctuation(*c)))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// ASCII punctuation and symbols, and the punctuation blocks Chinese text
/// uses: General Punctuation (“”‘’—…), CJK Symbols and Punctuation (、。《》【】),
/// the vertical and compatibility forms, and the full-width forms that have
/// no half-width twin (｟｠｡｢｣､･).
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '\u{00A1}'..='\u{00BF}'
                | '\u{00D7}'
                | '\u{00F7}'
                | '\u{2000}'..='\u{206F}'
                | '\u{3000}'..='\u{303F}'
                | '\u{FE10}'..='\u{FE1F}'
                | '\u{FE30}'..='\u{FE6F}'
                | '\u{FF5F}'..='\u{FF65}'
                | '\u{FFE0}'..='\u{FFEE}'
        )
}

fn key(a: char, b: char) -> u64 {
    (u64::from(u32::from(a)) << 21) | u64::from(u32::from(b))
}

/// The sketch code of the bigram `ab`: a fixed 32-bit hash (the top half of
/// SplitMix64's finaliser over the two code points). Stored by the server, so
/// it never changes.
pub fn bigram_code(a: char, b: char) -> u32 {
    code_of(key(a, b))
}

fn code_of(key: u64) -> u32 {
    let mut z = key.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 32) as u32
}

/// A text's distinct bigrams after [`fold`], without [`STOP_BIGRAMS`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bigrams(Vec<u64>);

impl Bigrams {
    /// The bigrams of `text`.
    pub fn of(text: &str) -> Bigrams {
        let folded: Vec<char> = fold(text).chars().collect();
        let mut keys: Vec<u64> = folded.windows(2).map(|w| key(w[0], w[1])).collect();
        keys.sort_unstable();
        keys.dedup();
        let stops: Vec<u64> = STOP_BIGRAMS
            .iter()
            .filter_map(|s| {
                let mut chars = s.chars();
                Some(key(chars.next()?, chars.next()?))
            })
            .collect();
        keys.retain(|k| !stops.contains(k));
        Bigrams(keys)
    }

    /// How many distinct bigrams.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (a text of one character, or only stop bigrams).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many bigrams both hold.
    fn shared(&self, other: &Bigrams) -> usize {
        let (mut i, mut j, mut n) = (0, 0, 0);
        while i < self.0.len() && j < other.0.len() {
            match self.0[i].cmp(&other.0[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    n += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        n
    }

    /// The Dice coefficient of the two sets, in `[0, 1]`; 0 when both are empty.
    pub fn dice(&self, other: &Bigrams) -> f64 {
        let total = self.len() + other.len();
        if total == 0 { 0.0 } else { (2 * self.shared(other)) as f64 / total as f64 }
    }

    /// The sketch of these bigrams (see [`sketch`]).
    pub fn sketch(&self) -> Vec<u32> {
        let mut codes: Vec<u32> = self.0.iter().map(|k| code_of(*k)).collect();
        codes.sort_unstable();
        codes.dedup();
        codes.truncate(SKETCH_SIZE);
        codes
    }
}

/// The at most [`SKETCH_SIZE`] smallest distinct [`bigram_code`]s of `text`'s
/// bigrams (stop bigrams left out), ascending: a bottom-k MinHash sketch (see
/// the module's doc).
pub fn sketch(text: &str) -> Vec<u32> {
    Bigrams::of(text).sketch()
}

/// What similarity reads of a matter: its id, organisation and state, the
/// bigrams of its text and its place, when it was collected.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// The matter.
    pub id: MatterId,
    /// Its organisation.
    pub organisation: OrganisationId,
    /// Its state.
    pub state: MatterState,
    /// When it was collected.
    pub collected_at: DateTime<Utc>,
    bigrams: Bigrams,
    place: String,
}

impl Profile {
    /// The profile of a matter with this text and place.
    pub fn new(
        id: MatterId,
        organisation: OrganisationId,
        state: MatterState,
        content: &str,
        place: &str,
        collected_at: DateTime<Utc>,
    ) -> Profile {
        Profile { id, organisation, state, collected_at, bigrams: Bigrams::of(content), place: fold(place) }
    }

    /// The profile of `matter` by the card it was made from (its first;
    /// merged-in duplicates are not compared).
    pub fn of(matter: &Matter, card: &OpinionCard) -> Profile {
        Profile::new(
            matter.id,
            matter.organisation,
            matter.state,
            card.content.as_str(),
            card.place.as_str(),
            matter.collected_at,
        )
    }

    /// Its text's bigrams.
    pub fn bigrams(&self) -> &Bigrams {
        &self.bigrams
    }
}

/// How alike two matters are, in `[0, MAX_SCORE]` (see the module's doc).
pub fn score(a: &Profile, b: &Profile) -> f64 {
    let text = a.bigrams.dice(&b.bigrams);
    if text < BONUS_FLOOR {
        return text;
    }
    let place = if !a.place.is_empty() && a.place == b.place { PLACE_BONUS } else { 0.0 };
    let apart = a.collected_at.signed_duration_since(b.collected_at).num_milliseconds().unsigned_abs();
    let window = TIME_WINDOW_DAYS.unsigned_abs() * 86_400_000;
    let time = if apart <= window { TIME_BONUS * (1.0 - apart as f64 / window as f64) } else { 0.0 };
    text + place + time
}

/// A possible duplicate and its score.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Suggestion {
    /// The matter.
    pub id: MatterId,
    /// Its [`score`] against the target.
    pub score: f64,
}

/// Whether a matter in `state` may be suggested: neither merged nor closed.
pub fn suggestable(state: MatterState) -> bool {
    state.is_open()
}

/// The at most `limit` candidates scoring at least [`QUALIFYING_SCORE`]
/// against `target`, best first, equal scores by id; never the target, a
/// matter of another organisation, or a merged or closed one. A candidate
/// given twice counts once.
pub fn suggest(target: &Profile, candidates: &[Profile], limit: usize) -> Vec<Suggestion> {
    let mut found: Vec<Suggestion> = candidates
        .iter()
        .filter(|c| c.id != target.id && c.organisation == target.organisation && suggestable(c.state))
        .map(|c| Suggestion { id: c.id, score: score(target, c) })
        .filter(|s| s.score >= QUALIFYING_SCORE)
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.id.cmp(&b.id)));
    found.dedup_by_key(|s| s.id);
    found.truncate(limit);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use uuid::Uuid;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    fn id(n: u128) -> MatterId {
        MatterId::from_uuid(Uuid::from_u128(n))
    }

    fn org(n: u128) -> OrganisationId {
        OrganisationId::from_uuid(Uuid::from_u128(0xAA00 + n))
    }

    fn profile(n: u128, content: &str, place: &str, collected_at: &str) -> Profile {
        Profile::new(id(n), org(1), MatterState::Reported, content, place, at(collected_at))
    }

    const STREETLIGHT: &str = "村口的路灯坏了三个月，晚上老人孩子出行很不方便。";
    const STREETLIGHT_AGAIN: &str = "村口路灯坏了快三个月了，晚上老人和孩子出行不方便！";
    const SCHOOL_BUS: &str = "学校门口上下学时段交通拥堵，建议增设校车站点。";

    #[test]
    fn folding_drops_spaces_and_punctuation_and_narrows_full_width() {
        assert_eq!(fold("村口 的路灯，坏了！\n"), "村口的路灯坏了");
        assert_eq!(fold("“１２３４５”热线、《通知》……"), "12345热线通知");
        assert_eq!(fold("ＷｉＦｉ信号 Wi-Fi"), "wifi信号wifi");
        assert_eq!(fold("\u{3000}三号楼\t"), "三号楼");
        assert_eq!(fold("，。！？"), "");
    }

    #[test]
    fn bigrams_are_distinct_and_stop_bigrams_are_left_out() {
        // 我们 and 希望 are stop bigrams; 们希 and 望路 are not.
        let b = Bigrams::of("我们希望路灯");
        assert_eq!(b, Bigrams::of("我们 希望，路灯"));
        assert_eq!(b.len(), 3, "们希 望路 路灯: {b:?}");
        assert_eq!(Bigrams::of("灯灯灯灯").len(), 1);
        assert!(Bigrams::of("灯").is_empty());
        assert!(Bigrams::of("我们").is_empty());
        for stop in STOP_BIGRAMS {
            assert_eq!(stop.chars().count(), 2, "{stop}");
            assert!(Bigrams::of(stop).is_empty(), "{stop}");
        }
        assert!((30..=40).contains(&STOP_BIGRAMS.len()));
    }

    #[test]
    fn dice_counts_shared_bigrams() {
        // 路灯 坏了 vs 路灯 亮了: {路灯, 灯坏, 坏了} and {路灯, 灯亮, 亮了}.
        let a = Bigrams::of("路灯坏了");
        let b = Bigrams::of("路灯亮了");
        assert_eq!(a.dice(&b), 2.0 / 6.0);
        assert_eq!(a.dice(&a), 1.0);
        assert_eq!(Bigrams::default().dice(&Bigrams::default()), 0.0);
        assert_eq!(a.dice(&Bigrams::default()), 0.0);
    }

    #[test]
    fn the_bonuses_count_only_for_texts_somewhat_alike() {
        let day = "2026-11-01T08:00:00Z";
        let a = profile(1, STREETLIGHT, "城关镇 东村", day);
        let b = profile(2, STREETLIGHT_AGAIN, "城关镇东村", day);
        let text = a.bigrams().dice(b.bigrams());
        assert!(text > 0.5, "{text}");
        assert!((score(&a, &b) - (text + PLACE_BONUS + TIME_BONUS)).abs() < 1e-12);

        let unrelated = profile(3, SCHOOL_BUS, "城关镇东村", day);
        let text = a.bigrams().dice(unrelated.bigrams());
        assert!(text < BONUS_FLOOR, "{text}");
        assert_eq!(score(&a, &unrelated), text, "same place and day, but no bonus");
    }

    #[test]
    fn the_time_bonus_falls_linearly_over_thirty_days() {
        let base = profile(1, "路灯坏了很久", "东村", "2026-11-01T00:00:00Z");
        let later = |when: &str| profile(2, "路灯坏了很久", "西村", when);
        assert_eq!(score(&base, &later("2026-11-01T00:00:00Z")), 1.0 + TIME_BONUS);
        assert!((score(&base, &later("2026-11-16T00:00:00Z")) - (1.0 + TIME_BONUS / 2.0)).abs() < 1e-12);
        assert_eq!(score(&base, &later("2026-12-01T00:00:00Z")), 1.0, "30 days: nothing left");
        assert_eq!(score(&base, &later("2027-03-01T00:00:00Z")), 1.0);
        assert_eq!(score(&later("2026-10-17T00:00:00Z"), &base), score(&base, &later("2026-11-16T00:00:00Z")));
    }

    #[test]
    fn suggestions_are_the_best_qualifying_open_matters_of_the_organisation() {
        let day = "2026-11-01T08:00:00Z";
        let target = profile(1, STREETLIGHT, "东村", day);
        let same = |n| profile(n, STREETLIGHT, "东村", day);
        let mut merged = same(5);
        merged.state = MatterState::Merged;
        let mut closed = same(6);
        closed.state = MatterState::Closed;
        let mut elsewhere = same(7);
        elsewhere.organisation = org(2);
        let mut dispatched = same(8);
        dispatched.state = MatterState::Dispatched;
        let candidates = vec![
            profile(9, SCHOOL_BUS, "东村", day),
            same(4),
            target.clone(),
            profile(2, STREETLIGHT_AGAIN, "西村", "2026-12-20T00:00:00Z"),
            same(3),
            merged,
            closed,
            elsewhere,
            dispatched,
            same(3),
        ];
        let got = suggest(&target, &candidates, 10);
        let ids: Vec<MatterId> = got.iter().map(|s| s.id).collect();
        // 3, 4 and 8 tie at the top (by id); 2 is alike in text only.
        assert_eq!(ids, vec![id(3), id(4), id(8), id(2)], "{got:?}");
        assert_eq!(got[0].score, MAX_SCORE);
        assert!(got[3].score >= QUALIFYING_SCORE && got[3].score < 1.0);
        assert_eq!(suggest(&target, &candidates, 2).len(), 2);
        assert!(suggest(&target, &candidates, 0).is_empty());
    }

    #[test]
    fn sketches_are_small_sorted_and_shared_by_near_duplicates() {
        let long = format!("{STREETLIGHT}{SCHOOL_BUS}{}", "镇卫生院夜间没有值班医生，急诊要跑到县城。");
        let s = sketch(&long);
        assert_eq!(s.len(), SKETCH_SIZE);
        assert!(s.windows(2).all(|w| w[0] < w[1]), "ascending and distinct");
        assert_eq!(sketch("我们希望"), vec![bigram_code('们', '希')]);
        assert!(sketch("灯").is_empty());
        // A short text's sketch is its whole set.
        assert_eq!(sketch(STREETLIGHT).len(), Bigrams::of(STREETLIGHT).len());
        let shared = |a: &str, b: &str| sketch(a).iter().filter(|c| sketch(b).contains(c)).count();
        assert!(shared(STREETLIGHT, STREETLIGHT_AGAIN) >= 10);
        assert!(shared(STREETLIGHT, SCHOOL_BUS) <= 1);
        // The codes are stored by the server: they are frozen.
        assert_eq!(sketch("路灯坏了"), FROZEN_SKETCH.to_vec());
    }

    /// `sketch("路灯坏了")`, as first computed: a change here means every
    /// stored sketch must be made again.
    const FROZEN_SKETCH: [u32; 3] = [393_819_125, 613_889_482, 2_545_946_398];

    /// Texts of a few characters from a small alphabet (so they share
    /// bigrams), with punctuation and spaces, and a few places and times.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            proptest::sample::select(vec!['路', '灯', '坏', '了', '村', '口', '我', '们', '，', ' ', 'Ａ', 'a']),
            0..40,
        )
        .prop_map(|chars| chars.into_iter().collect())
    }

    fn any_profile(n: u128) -> impl Strategy<Value = Profile> {
        (text(), proptest::sample::select(vec!["东村", "西村", " 东村 "]), 0i64..90 * 86_400, 0usize..3).prop_map(
            move |(content, place, secs, state)| {
                let state = [MatterState::Reported, MatterState::Merged, MatterState::Closed][state];
                let when = at("2026-09-01T00:00:00Z") + chrono::TimeDelta::seconds(secs);
                Profile::new(id(n), org(1), state, &content, place, when)
            },
        )
    }

    proptest! {
        #[test]
        fn scores_are_symmetric_and_bounded(a in any_profile(1), b in any_profile(2)) {
            let ab = score(&a, &b);
            prop_assert_eq!(ab.to_bits(), score(&b, &a).to_bits());
            prop_assert!((0.0..=MAX_SCORE).contains(&ab), "{}", ab);
        }

        #[test]
        fn identical_text_scores_at_least_the_text_only_maximum(a in any_profile(1), b in any_profile(2)) {
            let mut twin = b.clone();
            twin.bigrams = a.bigrams.clone();
            prop_assume!(!a.bigrams().is_empty());
            prop_assert!(score(&a, &twin) >= 1.0);
        }

        #[test]
        fn a_matter_never_suggests_itself(
            target in any_profile(1),
            others in proptest::collection::vec(any_profile(2), 0..6),
            limit in 0usize..8,
        ) {
            // Give the others distinct ids, and slip the target in among them.
            let mut candidates: Vec<Profile> =
                others.into_iter().enumerate().map(|(i, mut p)| { p.id = id(10 + i as u128); p }).collect();
            candidates.insert(candidates.len() / 2, target.clone());
            let got = suggest(&target, &candidates, limit);
            prop_assert!(got.len() <= limit);
            prop_assert!(got.iter().all(|s| s.id != target.id));
            prop_assert!(got.iter().all(|s| s.score >= QUALIFYING_SCORE));
            prop_assert!(got.windows(2).all(|w| w[0].score >= w[1].score));
        }
    }
}
