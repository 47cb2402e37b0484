//! Sorting for the code the widget and the CLI share: one behaviour (stable), two implementations.
//!
//! Natively these are the standard library's sorts. In the wasm, every call of a standard sort with its own
//! comparator adds its own copy of the sort's code, several kilobytes each: eleven of them were 37 KB of the
//! widget's 381 KB. There, every call sorts item positions with one shared routine and then moves the items into
//! place, so the wasm carries the sort once. Ties keep their order on both sides, so the two give the same result
//! for every comparator, and the widget's lists stay the CLI's.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, keeping the order of items that compare equal.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    items.sort_by(compare);
    #[cfg(target_arch = "wasm32")]
    {
        let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
        permute(items, &order);
    }
}

/// Sorts `items` by the key `key` gives each, keeping the order of items with equal keys.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their natural order and removes repeats.
pub fn sort_dedup<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
    items.dedup();
}

/// Puts the item that belongs at `index` in sorted order there, with no greater item before it and no lesser one
/// after it (natively without sorting the rest; in the wasm by sorting all, which gives the same guarantee).
/// `index` must be within `items`.
pub fn partition_at<T>(items: &mut [T], index: usize, compare: impl Fn(&T, &T) -> Ordering) {
    #[cfg(not(target_arch = "wasm32"))]
    items.select_nth_unstable_by(index, compare);
    #[cfg(target_arch = "wasm32")]
    {
        let _ = index;
        sort_by(items, compare);
    }
}

/// Positions `0..len` in the order `compare` puts the items at them, ties in position order: the one sort the wasm
/// carries (its comparator is a trait object, so there is one copy of the sort for every caller).
#[cfg(any(target_arch = "wasm32", test))]
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    order
}

/// Moves each item to its place: afterwards, position `i` holds what was at `order[i]`. Each cycle of the
/// permutation is followed once, swapping along it.
#[cfg(any(target_arch = "wasm32", test))]
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_puts_every_item_where_the_order_says() {
        // Orders with one long cycle, several cycles, fixed points, and the identity.
        for order in [vec![1, 2, 3, 4, 0], vec![1, 0, 3, 2, 4], vec![4, 1, 2, 3, 0], vec![0, 1, 2, 3, 4], vec![2, 4, 0, 1, 3]] {
            let mut items: Vec<char> = "abcde".chars().collect();
            let expected: Vec<char> = order.iter().map(|&i| items[i]).collect();
            permute(&mut items, &order);
            assert_eq!(items, expected, "{order:?}");
        }
    }

    #[test]
    fn the_wasm_sort_gives_what_the_standard_stable_sort_gives() {
        // Pseudo-random pairs with many equal keys, so ties are everywhere.
        let mut state: u32 = 12345;
        let mut items: Vec<(u32, u32)> = (0..500)
            .map(|position| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                ((state >> 16) % 17, position)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        let order = sorted_positions(items.len(), &|a, b| items[a].0.cmp(&items[b].0));
        permute(&mut items, &order);
        assert_eq!(items, expected);
    }

    #[test]
    fn sorts_are_stable() {
        let mut pairs = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e')];
        sort_by_key(&mut pairs, |p| p.0);
        assert_eq!(pairs, vec![(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
        let mut numbers = vec![3, 1, 3, 2, 1];
        sort_dedup(&mut numbers);
        assert_eq!(numbers, vec![1, 2, 3]);
    }

    #[test]
    fn partition_at_puts_the_right_item_in_place() {
        let mut numbers = vec![9, 4, 7, 1, 8, 2];
        partition_at(&mut numbers, 2, |a: &i32, b: &i32| a.cmp(b));
        assert_eq!(numbers[2], 4);
        assert!(numbers[..2].iter().all(|&n| n <= 4) && numbers[3..].iter().all(|&n| n >= 4));
    }
}
