//! A small table of numbers by article for the builder's pruned search: the partial sums of one pass, kept in the
//! core's cache.
//!
//! A pass of the pruned search meets at most a few thousand articles (its postings budget), but an array over the
//! whole archive, indexed by article, is 4 MB at 1,000,000 articles: every posting was then a miss of the core's
//! cache, and the search's time per article doubled from 200,000 articles to 1,000,000. This table is open-addressed
//! (linear probing, Fibonacci hashing) at most half full, so the few thousand articles of a pass take a few hundred
//! kilobytes at most. Sums are added in the order their parts come, as they were in the array, so every sum is the
//! same to the bit.

/// The key of a free slot: no article has this position (an index holds fewer than `u32::MAX` articles).
const FREE: u32 = u32::MAX;
/// The fewest slots a table has.
const MIN_SLOTS: usize = 1024;

/// Sums by article position, in the order the articles first came.
#[derive(Debug)]
pub(super) struct PartialSums {
    slots: Vec<(u32, f32)>,
    /// The slot of each key, in the order the keys first came: what [`PartialSums::drain`] gives back and frees.
    filled: Vec<u32>,
    /// 64 minus the number of bits of a slot's index, for Fibonacci hashing.
    shift: u32,
}

impl Default for PartialSums {
    fn default() -> Self {
        Self::with_slots(MIN_SLOTS)
    }
}

impl PartialSums {
    fn with_slots(count: usize) -> Self {
        let count = count.next_power_of_two().max(MIN_SLOTS);
        PartialSums { slots: vec![(FREE, 0.0); count], filled: Vec::new(), shift: 64 - count.trailing_zeros() }
    }

    /// The slot that holds `key`, or the free slot where it goes.
    #[inline]
    fn slot_of(&self, key: u32) -> usize {
        let mask = self.slots.len() - 1;
        let mut slot = (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        while self.slots[slot].0 != key && self.slots[slot].0 != FREE {
            slot = (slot + 1) & mask;
        }
        slot
    }

    /// Adds `value` to `key`'s sum.
    #[inline]
    pub(super) fn add(&mut self, key: u32, value: f32) {
        debug_assert_ne!(key, FREE, "no article has the free slot's key");
        let mut slot = self.slot_of(key);
        if self.slots[slot].0 == FREE {
            // At most half full, so that a probe stays short: a pass that meets more keys than the table was made
            // for doubles it.
            if (self.filled.len() + 1) * 2 > self.slots.len() {
                self.grow();
                slot = self.slot_of(key);
            }
            self.slots[slot] = (key, value);
            self.filled.push(slot as u32);
        } else {
            self.slots[slot].1 += value;
        }
    }

    #[cold]
    fn grow(&mut self) {
        let entries: Vec<(u32, f32)> = self.filled.iter().map(|&slot| self.slots[slot as usize]).collect();
        *self = Self::with_slots(self.slots.len() * 2);
        for (key, value) in entries {
            let slot = self.slot_of(key);
            self.slots[slot] = (key, value);
            self.filled.push(slot as u32);
        }
    }

    /// Every key with its number, in the order the keys first came, leaving the table empty for the next pass.
    pub(super) fn drain(&mut self) -> Vec<(u32, f32)> {
        let mut entries = Vec::with_capacity(self.filled.len());
        for &slot in &self.filled {
            entries.push(std::mem::replace(&mut self.slots[slot as usize], (FREE, 0.0)));
        }
        self.filled.clear();
        entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_in_the_order_the_parts_come_and_keys_in_the_order_they_first_came() {
        let mut sums = PartialSums::default();
        let parts = [(7u32, 0.1f32), (3, 0.25), (7, 0.2), (1_000_000, 1e-7), (3, 0.3), (7, 0.3)];
        for &(key, value) in &parts {
            sums.add(key, value);
        }
        // The same sums an array indexed by key gives, to the bit.
        let mut array = vec![0.0f32; 1_000_001];
        for &(key, value) in &parts {
            array[key as usize] += value;
        }
        let drained = sums.drain();
        assert_eq!(drained.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [7, 3, 1_000_000]);
        for (key, sum) in drained {
            assert_eq!(sum.to_bits(), array[key as usize].to_bits(), "key {key}");
        }
        assert!(sums.drain().is_empty(), "a drained table is empty");
    }

    #[test]
    fn grows_past_its_first_size_and_keeps_every_key() {
        let mut sums = PartialSums::default();
        // Keys that share their low bits, and more of them than the table first holds.
        let keys: Vec<u32> = (0..5_000u32).map(|n| n * 4096 + 17).collect();
        for round in 0..3 {
            for &key in &keys {
                sums.add(key, 1.0 + round as f32);
            }
        }
        let drained = sums.drain();
        assert_eq!(drained.len(), keys.len());
        assert!(drained.iter().zip(&keys).all(|(&(key, sum), &expected)| key == expected && sum == 6.0));
        // Reused after a drain, as each pass of a search reuses it.
        sums.add(3, 2.0);
        assert_eq!(sums.drain(), [(3, 2.0)]);
    }
}
