//! The binary form of a record of the sharded index (version 4): the same model a JSON record holds, written as
//! lengths, LEB128 numbers and UTF-8, so the widget reads a record in one pass over its bytes, with no JSON parser
//! and no tree of values in between (reading a JSON record in the browser took 30-50 ms; it is most of what the
//! engine did before its first link).
//!
//! Layout (every number an unsigned LEB128 unless said; a string is its byte length and its UTF-8 bytes; an
//! optional value is 0 for none, else 1 and the value; an optional count is 0 for none, else the count plus 1):
//!
//! ```text
//! "RNR" 0x02                                   magic and layout version (0x01 is still read)
//! site: optional name, optional url, optional lang
//! forms: count, then (variant, keyword) strings
//! topics: count, then for each: id, labels count and (lang, label) strings, optional feed, optional count
//! collection: 0 none; 1 in term order: articles, term count, each term as the length of the prefix it shares
//!             with the term before and the rest as a string, then each term's document frequency;
//!             2 by term: articles, count, then (term, frequency)
//! weights: count, then each distinct weight of the articles' vectors as 4 bytes of an IEEE 754 single,
//!          little-endian, in rising order of those bytes
//! articles: count, then for each: id, url, title, optional date, optional lang, optional summary,
//!           image (0 none; 1 a URL; 2 a URL with optional width, optional height, optional alt),
//!           topics (count, strings), keywords (count, then term and weight as 4 bytes of an IEEE 754 single,
//!           little-endian), people, organizations, places, other, pinned (each a count and strings),
//!           vector (count, then for each term the gap from the previous position, as in [`super::vector`], and
//!           its weight's place in the weights), optional title key (0 none; 1 and its hash as 4 bytes, little-endian:
//!           see [`hashed_title_key`]; layout 1 wrote the key's text as an optional string)
//! ```
//!
//! A record's vectors hold about 2,000 weights but a hundred or two distinct ones (they are sums of a few field
//! weights times keyword weights of one decimal): the table keeps them exact to the bit in a byte or two each, which
//! also compresses, where 4 bytes of a float do not. Nothing may follow. A record is refused whole when its bytes do not follow the layout (a cut file, a flipped
//! bit that breaks it): it is named by the hash of its content, so a damaged one is damaged, not a variant. What
//! the layout holds is then checked as a JSON record's content is ([`super::validate`]): a bad article is skipped
//! with its place, a bad field dropped, and statistics that do not add up are dropped with a warning.

mod decode;
mod encode;
mod layout;
#[cfg(test)]
mod tests;

pub use decode::{decode, RecordDecoder};
pub use encode::encode;
pub use layout::{hashed_title_key, is_binary, MAGIC};

use super::read::Loaded;
use super::report::ManifestError;

/// Reads a file that is a binary record or JSON (a manifest, a JSON Feed, a record of an index before version 4),
/// told apart by its first bytes, as the command line reads whatever it is given.
pub fn parse_bytes(bytes: &[u8]) -> Result<Loaded, ManifestError> {
    if is_binary(bytes) {
        decode(bytes)
    } else {
        crate::manifest::parse_str(&String::from_utf8_lossy(bytes))
    }
}
