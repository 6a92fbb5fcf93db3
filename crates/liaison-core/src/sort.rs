//! A stable sort whose code is shared by every caller.
//!
//! `slice::sort_by` is generic over the element and the comparison: each call
//! site with its own closure compiles the whole sort again (about 4 KB of wasm
//! each, nine of them in the app shell). [`sort_by`] sorts positions instead,
//! through one comparison behind a reference, so the sort is compiled once;
//! only the small reordering is generic. The result is the same as
//! `sort_by`'s: equal elements keep their order.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably (like `slice::sort_by`).
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    let order = positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Sorts `items` by the key `key` gives, stably (like `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// The positions `0..len` in the order `compare` sorts them.
#[inline(never)]
fn positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_sort_and_keeps_equal_elements_in_order() {
        let mut items: Vec<(u8, usize)> = [3, 1, 2, 1, 3, 0, 2, 1].iter().enumerate().map(|(i, k)| (*k, i)).collect();
        let mut expected = items.clone();
        expected.sort_by_key(|(k, _)| *k);
        sort_by_key(&mut items, |(k, _)| *k);
        assert_eq!(items, expected);
        let mut reversed = items.clone();
        sort_by(&mut reversed, |a, b| b.0.cmp(&a.0));
        let mut expected = items.clone();
        expected.sort_by_key(|e| std::cmp::Reverse(e.0));
        assert_eq!(reversed, expected);
        let mut empty: Vec<u8> = Vec::new();
        sort_by_key(&mut empty, |x| *x);
        assert!(empty.is_empty());
    }
}
