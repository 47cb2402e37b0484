//! A map kept as a vector of its entries sorted by key: the model's small maps (keyword forms, topic labels, the
//! records an update or an old entry names), which are read once and then only looked up.
//!
//! It iterates in key order, as `BTreeMap` does, so what is written from it (JSON, binary records) is the same; but
//! its code is a binary search and a sort the wasm already carries, where each `BTreeMap` of another key and value
//! type brought its own tree code into the widget (about 7 KB of the panel's wasm for three of them).

use std::borrow::Borrow;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Entries sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        SortedMap { entries: Vec::new() }
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Where `key` is, or where it would go.
    fn place<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// The value of `key`, if it has one.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.place(key).ok().map(|at| &self.entries[at].1)
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.place(key).is_ok()
    }

    /// Sets `key`'s value, returning the one it replaces. A vector's insert moves the entries after it, which is
    /// fine for the few dozen entries these maps hold; many entries are better collected from an iterator.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.place(&key) {
            Ok(at) => Some(std::mem::replace(&mut self.entries[at].1, value)),
            Err(at) => {
                self.entries.insert(at, (key, value));
                None
            }
        }
    }

    /// The entries in key order.
    pub fn iter(&self) -> Iter<'_, K, V> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in their keys' order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }
}

/// The iterator of [`SortedMap::iter`].
pub type Iter<'a, K, V> = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

/// Collected as `BTreeMap` collects: in key order, and of entries with one key, the last one.
impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut entries: Vec<(K, V)> = iter.into_iter().collect();
        // A stable sort keeps entries of one key in the order they came, so the last of them is the one kept.
        crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(K, V)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match kept.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => kept.push(entry),
            }
        }
        SortedMap { entries: kept }
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(entries: [(K, V); N]) -> Self {
        entries.into_iter().collect()
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<'a, K: Ord, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = Iter<'a, K, V>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// For tests only: the library's code asks with [`SortedMap::get`], which cannot panic.
#[cfg(test)]
impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;

    /// The value of `key`; panics when there is none, as `BTreeMap`'s index does.
    fn index(&self, key: &Q) -> &V {
        match self.get(key) {
            Some(value) => value,
            None => panic!("no entry for the key"),
        }
    }
}

/// Written as a map, in key order.
impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (key, value) in &self.entries {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::SortedMap;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_as_a_btree_map_does() {
        // Inserts and collections with repeated keys, checked against BTreeMap's answers.
        let pairs = [("b", 1), ("a", 2), ("c", 3), ("a", 4), ("d", 5), ("b", 6)];
        let collected: SortedMap<&str, i32> = pairs.into_iter().collect();
        let expected: BTreeMap<&str, i32> = pairs.into_iter().collect();
        assert_eq!(collected.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>(), expected.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>());

        let mut inserted = SortedMap::new();
        let mut reference = BTreeMap::new();
        for (key, value) in pairs {
            assert_eq!(inserted.insert(key, value), reference.insert(key, value), "insert {key}");
        }
        assert_eq!(inserted, collected);
        assert_eq!(inserted.get("a"), Some(&4));
        assert_eq!(inserted.get("z"), None);
        assert!(inserted.contains_key("d") && !inserted.contains_key("e"));
        assert_eq!(inserted["c"], 3);
        assert_eq!(inserted.len(), 4);
        assert_eq!(inserted.keys().copied().collect::<String>(), "abcd");
        assert_eq!(inserted.values().copied().collect::<Vec<_>>(), [4, 6, 3, 5]);
        assert!(SortedMap::<String, u32>::new().is_empty());
    }

    #[test]
    fn serializes_as_a_map_in_key_order() {
        let map = SortedMap::from([("ru".to_string(), "Выборы".to_string()), ("en".to_string(), "Elections".to_string())]);
        let reference: BTreeMap<String, String> = map.clone().into_iter().collect();
        assert_eq!(serde_json::to_string(&map).ok(), serde_json::to_string(&reference).ok());
        assert_eq!(serde_json::to_string(&map).ok().as_deref(), Some(r#"{"en":"Elections","ru":"Выборы"}"#));
    }
}
