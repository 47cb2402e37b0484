//! The binary directory shard of the sharded index (version 5): which record holds an article, by a 32-bit hash of
//! each of its keys rather than the keys themselves.
//!
//! A view downloads the entry and one shard, so a shard's bytes per key bound what a view costs at scale: as JSON
//! (version 4) a key cost about 15 bytes gzipped (the id or URL path, and the record's name in hex); here about 13:
//! the gap between sorted hashes (about 3 bytes), the record's place in the shard's list (one), and each record's
//! name once, as the 8 bytes of the hash it is named by (which keys seldom share: they hash to shards at random,
//! so a shard's keys belong to about as many records).
//!
//! Layout (every number an unsigned LEB128, as in [`super::record`]):
//!
//! ```text
//! "RND" 0x01                      magic and layout version
//! records: count, then each record's name as the 8 bytes, little-endian, of the hash in it (r/<16 hex>.bin)
//! keys: count, then for each key in rising order of its hash: the gap from the previous key's hash (the first:
//!       the hash itself), then the place of its record among the records above
//! ```
//!
//! A key's hash is the high 32 bits of its FNV-1a 64 ([`crate::hash::high_half`]), whose low bits chose the
//! shard ([`super::sharded::directory_of`]). Two keys of a shard may share a hash (about once in 2 billion pairs), so a lookup gives every record
//! named under it, and a reader takes the one that holds the page; a page not in the index matches a key of its
//! shard about once in 2 million lookups at 2,000 keys a shard, and then finds its record does not hold it.

use super::vector::{push_number, read_count, read_number};

/// Why the bytes of a binary directory (a shard, or an entry's inline directory) do not follow the layout, and the
/// byte where reading stopped.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("the directory is damaged: {why} (at byte {offset})")]
pub struct DirectoryError {
    pub offset: usize,
    pub why: &'static str,
}

/// The first bytes of every binary directory: what tells it from a JSON one (version 4 and before).
pub const MAGIC: &[u8; 4] = b"RND\x01";

/// The folder records are in and the extension of their names: a binary directory names only binary records.
const RECORD_PREFIX: &str = "r/";
const RECORD_EXTENSION: &str = ".bin";

/// Whether `bytes` are a binary directory (by their first bytes; decoding says whether the rest is one).
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.starts_with(MAGIC)
}

/// The hash a key is found by within its shard.
pub fn key_tag(key: &str) -> u32 {
    crate::hash::high_half(key)
}

/// A directory shard read from (or to be written as) the binary layout.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HashedDirectory {
    /// The records it names, by the hash in each name.
    records: Vec<u64>,
    /// Each key's hash and the place of its record in `records`, in rising order (of hash, then place).
    keys: Vec<(u32, u32)>,
}

impl HashedDirectory {
    /// The directory of `keys`, each with the name of its record (as the builder names records: `r/`, 16 hex
    /// digits, `.bin`); an error names a record whose name is not of that form.
    pub fn from_keys<'a>(keys: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, String> {
        let mut directory = HashedDirectory::default();
        let mut places: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
        for (key, name) in keys {
            let hash = record_hash(name).ok_or_else(|| format!("a directory names only records r/<16 hex digits>.bin, not {name}"))?;
            let place = *places.entry(hash).or_insert_with(|| {
                directory.records.push(hash);
                (directory.records.len() - 1) as u32
            });
            directory.keys.push((key_tag(key), place));
        }
        directory.keys.sort_unstable();
        Ok(directory)
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether it holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The names of the records it holds under `key`'s hash: usually none or one.
    pub fn records_of(&self, key: &str) -> Vec<String> {
        let tag = key_tag(key);
        let start = self.keys.partition_point(|&(hash, _)| hash < tag);
        self.keys[start..]
            .iter()
            .take_while(|&&(hash, _)| hash == tag)
            .filter_map(|&(_, place)| self.records.get(place as usize))
            .map(|&hash| record_name(hash))
            .collect()
    }

    /// The binary layout.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + self.records.len() * 9 + self.keys.len() * 5);
        out.extend_from_slice(MAGIC);
        push_number(&mut out, self.records.len() as u64);
        for hash in &self.records {
            out.extend_from_slice(&hash.to_le_bytes());
        }
        push_number(&mut out, self.keys.len() as u64);
        let mut previous = 0u32;
        for &(hash, place) in &self.keys {
            push_number(&mut out, u64::from(hash - previous));
            push_number(&mut out, u64::from(place));
            previous = hash;
        }
        out
    }

    /// Reads the binary layout, refusing whole what does not follow it (with the byte where it went wrong).
    pub fn decode(bytes: &[u8]) -> Result<Self, DirectoryError> {
        let mut at = 0;
        decode_at(bytes, &mut at).map_err(|why| DirectoryError { offset: at, why })
    }
}

fn decode_at(bytes: &[u8], at: &mut usize) -> Result<HashedDirectory, &'static str> {
    if !is_binary(bytes) {
        return Err("no binary directory (its first bytes are not \"RND\" 1)");
    }
    *at = MAGIC.len();
    let record_count = read_count(bytes, at, 8)?;
    let mut records = Vec::with_capacity(record_count);
    for _ in 0..record_count {
        let hash: [u8; 8] = bytes.get(*at..*at + 8).and_then(|b| b.try_into().ok()).ok_or("the file ends inside a record's name")?;
        records.push(u64::from_le_bytes(hash));
        *at += 8;
    }
    let key_count = read_count(bytes, at, 2)?;
    let mut keys = Vec::with_capacity(key_count);
    let mut hash = 0u64;
    for _ in 0..key_count {
        hash = hash.checked_add(read_number(bytes, at)?).filter(|&h| h <= u64::from(u32::MAX)).ok_or("a key's hash past 32 bits")?;
        let place = read_number(bytes, at)?;
        if place >= records.len() as u64 {
            return Err("a key's record past the list of records");
        }
        keys.push((hash as u32, place as u32));
    }
    if *at != bytes.len() {
        return Err("bytes after the last key");
    }
    Ok(HashedDirectory { records, keys })
}

/// The hash in a record's name, if the name is one the builder writes.
fn record_hash(name: &str) -> Option<u64> {
    crate::hash::parse_hex(name.strip_prefix(RECORD_PREFIX)?.strip_suffix(RECORD_EXTENSION)?, 16)
}

/// A record's name from the hash in it.
fn record_name(hash: u64) -> String {
    let mut name = String::from(RECORD_PREFIX);
    crate::hash::push_hex(&mut name, hash, 16);
    name.push_str(RECORD_EXTENSION);
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> HashedDirectory {
        HashedDirectory::from_keys([
            ("kerry-basel-2014", "r/0a3c574dfeeb34ad.bin"),
            ("/articles/kerry-basel-2014.html", "r/0a3c574dfeeb34ad.bin"),
            ("osce-vienna", "r/5e1f0c2d9a7b3e44.bin"),
            ("/articles/osce-vienna.html", "r/5e1f0c2d9a7b3e44.bin"),
        ])
        .expect("record names of the builder's form")
    }

    #[test]
    fn every_key_finds_its_record_after_a_round_trip() {
        let directory = HashedDirectory::decode(&sample().encode()).expect("a directory");
        assert_eq!(directory, sample());
        assert_eq!(directory.len(), 4);
        assert_eq!(directory.records_of("kerry-basel-2014"), ["r/0a3c574dfeeb34ad.bin"]);
        assert_eq!(directory.records_of("/articles/osce-vienna.html"), ["r/5e1f0c2d9a7b3e44.bin"]);
        assert!(directory.records_of("not-there").is_empty());
    }

    #[test]
    fn keys_that_share_a_hash_give_every_record_named_under_it() {
        let mut directory = sample();
        let tag = key_tag("kerry-basel-2014");
        directory.keys.push((tag, 1));
        directory.keys.sort_unstable();
        let read = HashedDirectory::decode(&directory.encode()).expect("a directory");
        assert_eq!(read.records_of("kerry-basel-2014"), ["r/0a3c574dfeeb34ad.bin", "r/5e1f0c2d9a7b3e44.bin"]);
    }

    #[test]
    fn only_record_names_of_the_builders_form_are_taken() {
        for bad in ["r/0a3c574dfeeb34ad.json", "d/0a3c574dfeeb34ad.bin", "r/0A3C574DFEEB34AD.bin", "r/0a3c.bin", "../r/0a3c574dfeeb34ad.bin"] {
            assert!(HashedDirectory::from_keys([("a", bad)]).is_err(), "{bad}");
        }
    }

    #[test]
    fn damaged_bytes_are_refused_with_where() {
        let bytes = sample().encode();
        for cut in 0..bytes.len() {
            assert!(matches!(HashedDirectory::decode(&bytes[..cut]), Err(DirectoryError { .. })), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(HashedDirectory::decode(&longer), Err(DirectoryError { offset: bytes.len(), why: "bytes after the last key" }));
        // A key whose record is past the list: the last byte is the last key's place.
        let mut past = bytes.clone();
        *past.last_mut().expect("bytes") = 9;
        assert!(matches!(HashedDirectory::decode(&past), Err(DirectoryError { why: "a key's record past the list of records", .. })));
        // A count of records the bytes could not hold reserves nothing.
        let mut huge = MAGIC.to_vec();
        push_number(&mut huge, u64::MAX >> 1);
        assert!(matches!(HashedDirectory::decode(&huge), Err(DirectoryError { why: "a count larger than the bytes left could hold", .. })));
    }
}
