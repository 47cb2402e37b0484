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

use crate::sorted_map::SortedMap;

use super::model::{Article, Collection, CollectionDf, Entities, Image, Keyword, Manifest, Site, Topic, FORMAT_VERSION};
use super::read::{Loaded, SourceFormat};
use super::report::{ManifestError, Report};
use super::validate::{check_collection, check_topic, check_vectors, validate_read_articles, validate_site, RawDf};

/// The first bytes of every binary record this code writes: what tells it from a JSON one, and the layout (2: title
/// keys as hashes; 1 wrote them as text, and is still read).
pub const MAGIC: &[u8; 4] = b"RNR\x02";

/// Whether `bytes` are a binary record of a layout this code reads (by their first bytes; reading says whether the
/// rest is one).
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes.starts_with(&MAGIC[..3]) && matches!(bytes.get(3), Some(1 | 2))
}

/// A title key as binary records carry it: the high 32 bits of the FNV-1a 64 of the key's text, written as `#`
/// and 8 hex digits in the model. The lists only ask whether two titles are the same, which the hash answers (two
/// different titles share one about once in 4 billion pairs, and a record ranks a hundred articles), in 4 bytes
/// where the words took 60-100 before compression: a median record of 10,000 current-events articles went from 15.3
/// to 14.1 KB gzipped. A key already in this form is kept as it is (`#` is never in a key made of words), and so is
/// an empty key (an untitled article, a title of its own).
pub fn hashed_title_key(key: &str) -> String {
    if key.is_empty() || parse_title_hash(key).is_some() {
        return key.to_string();
    }
    title_key_text(title_hash(key))
}

fn title_hash(key: &str) -> u32 {
    crate::hash::high_half(key)
}

fn title_key_text(hash: u32) -> String {
    let mut key = String::from("#");
    crate::hash::push_hex(&mut key, u64::from(hash), 8);
    key
}

/// The hash in a title key of the hashed form, if it is one.
fn parse_title_hash(key: &str) -> Option<u32> {
    crate::hash::parse_hex(key.strip_prefix('#')?, 8).map(|hash| hash as u32)
}

/// Reads a file that is a binary record or JSON (a manifest, a JSON Feed, a record of an index before version 4),
/// told apart by its first bytes, as the command line reads whatever it is given.
pub fn parse_bytes(bytes: &[u8]) -> Result<Loaded, ManifestError> {
    if is_binary(bytes) {
        decode(bytes)
    } else {
        super::parse_str(&String::from_utf8_lossy(bytes))
    }
}

/// Writes a record in the binary layout.
pub fn encode(record: &Manifest) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(4096));
    out.0.extend_from_slice(MAGIC);
    let site = &record.site;
    for field in [&site.name, &site.url, &site.lang] {
        out.optional_str(field.as_deref());
    }
    out.number(record.forms.len() as u64);
    for (variant, keyword) in &record.forms {
        out.str(variant);
        out.str(keyword);
    }
    out.number(record.topics.len() as u64);
    for topic in &record.topics {
        out.str(&topic.id);
        out.number(topic.labels.len() as u64);
        for (lang, label) in &topic.labels {
            out.str(lang);
            out.str(label);
        }
        out.optional_str(topic.feed.as_deref());
        out.optional_number(topic.count);
    }
    match &record.collection {
        None => out.number(0),
        Some(Collection { articles, df: CollectionDf::InTermOrder { terms, counts } }) => {
            out.number(1);
            out.number(u64::from(*articles));
            out.number(terms.len() as u64);
            let mut previous = "";
            for term in terms {
                let shared = shared_prefix(previous, term);
                out.number(shared as u64);
                out.str(&term[shared..]);
                previous = term;
            }
            for &count in counts {
                out.number(u64::from(count));
            }
        }
        Some(Collection { articles, df: CollectionDf::ByTerm(df) }) => {
            out.number(2);
            out.number(u64::from(*articles));
            out.number(df.len() as u64);
            for (term, &count) in df {
                out.str(term);
                out.number(u64::from(count));
            }
        }
    }
    let mut weights: Vec<u32> = record.articles.iter().flat_map(|a| a.vector.iter().map(|&(_, w)| w.to_bits())).collect();
    crate::sort::sort_dedup(&mut weights);
    out.number(weights.len() as u64);
    for &bits in &weights {
        out.0.extend_from_slice(&bits.to_le_bytes());
    }
    out.number(record.articles.len() as u64);
    for article in &record.articles {
        out.str(&article.id);
        out.str(&article.url);
        out.str(&article.title);
        for field in [&article.date, &article.lang, &article.summary] {
            out.optional_str(field.as_deref());
        }
        match &article.image {
            None => out.number(0),
            Some(Image::Url(url)) => {
                out.number(1);
                out.str(url);
            }
            Some(Image::Sized { url, width, height, alt }) => {
                out.number(2);
                out.str(url);
                out.optional_number(width.map(u64::from));
                out.optional_number(height.map(u64::from));
                out.optional_str(alt.as_deref());
            }
        }
        out.list(&article.topics);
        out.number(article.keywords.len() as u64);
        for keyword in &article.keywords {
            out.str(&keyword.term);
            out.0.extend_from_slice(&keyword.weight.to_le_bytes());
        }
        let entities = &article.entities;
        for list in [&entities.people, &entities.organizations, &entities.places, &entities.other, &article.pinned] {
            out.list(list);
        }
        out.number(article.vector.len() as u64);
        let mut next = 0u32;
        for &(position, weight) in &article.vector {
            out.number(u64::from(position.saturating_sub(next)));
            out.number(weights.binary_search(&weight.to_bits()).unwrap_or_default() as u64);
            next = position.saturating_add(1);
        }
        // An empty key is an untitled article's, which the lists never merge with another: written as none.
        match article.title_key.as_deref().filter(|key| !key.is_empty()) {
            None => out.number(0),
            Some(key) => {
                out.number(1);
                out.0.extend_from_slice(&parse_title_hash(key).unwrap_or_else(|| title_hash(key)).to_le_bytes());
            }
        }
    }
    out.0
}

/// The length in bytes of the prefix two strings share, on a character boundary.
fn shared_prefix(a: &str, b: &str) -> usize {
    a.char_indices().zip(b.chars()).take_while(|((_, x), y)| x == y).last().map_or(0, |((at, x), _)| at + x.len_utf8())
}

struct Writer(Vec<u8>);

impl Writer {
    fn number(&mut self, n: u64) {
        super::vector::push_number(&mut self.0, n);
    }

    fn str(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn optional_str(&mut self, text: Option<&str>) {
        match text {
            None => self.number(0),
            Some(text) => {
                self.number(1);
                self.str(text);
            }
        }
    }

    fn optional_number(&mut self, n: Option<u64>) {
        self.number(n.map_or(0, |n| n.saturating_add(1)));
    }

    fn list(&mut self, items: &[String]) {
        self.number(items.len() as u64);
        for item in items {
            self.str(item);
        }
    }
}

/// Reads a binary record: the model with its report, or why the bytes are not one.
pub fn decode(bytes: &[u8]) -> Result<Loaded, ManifestError> {
    let mut decoder = RecordDecoder::new(bytes)?;
    while !decoder.next(usize::MAX)? {}
    Ok(decoder.finish())
}

/// A binary record read a slice of articles at a time ([`decode`] reads it in one go): the browser reads a record a
/// reader module wrote of a 1,000-item feed so, with turns between slices, where reading it whole was a task of 20
/// to 60 ms. The bytes are `B`: borrowed natively, owned by the widget's engine between its calls (the reading
/// itself is not generic, so the wasm carries it once).
pub struct RecordDecoder<B> {
    bytes: B,
    state: DecoderState,
}

impl<B: AsRef<[u8]>> RecordDecoder<B> {
    /// Reads what comes before the articles; an error when the bytes are not a binary record, too many, or their
    /// first part does not follow the layout.
    pub fn new(bytes: B) -> Result<Self, ManifestError> {
        let state = DecoderState::new(bytes.as_ref())?;
        Ok(RecordDecoder { bytes, state })
    }

    /// Reads up to `count` more articles: `true` once every article is read (and nothing follows the last).
    pub fn next(&mut self, count: usize) -> Result<bool, ManifestError> {
        self.state.next(self.bytes.as_ref(), count)
    }

    /// The model with its report, once [`next`](Self::next) has said every article is read: what the layout holds,
    /// checked as a JSON record's content is.
    pub fn finish(self) -> Loaded {
        self.state.finish()
    }
}

impl<B> std::fmt::Debug for RecordDecoder<B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordDecoder").field("at", &self.state.at).field("left", &self.state.left).finish_non_exhaustive()
    }
}

/// Where a [`RecordDecoder`] is in its bytes, and what it has read of them.
struct DecoderState {
    at: usize,
    hashed_titles: bool,
    head: RecordHead,
    weights: Vec<f32>,
    articles: Vec<Article>,
    /// Articles the record says it holds that are not read yet.
    left: usize,
}

impl DecoderState {
    fn new(all: &[u8]) -> Result<Self, ManifestError> {
        if all.len() > super::MAX_MANIFEST_BYTES {
            return Err(ManifestError::TooLarge { bytes: all.len(), limit: super::MAX_MANIFEST_BYTES });
        }
        let mut input = Reader { bytes: all, at: 0, hashed_titles: true };
        let read = input.head().and_then(|head| Ok((head, input.items(4, Reader::weight)?, input.count(MIN_ARTICLE_BYTES)?)));
        let (head, weights, left) = read.map_err(|why| ManifestError::BadRecord { offset: input.at, why })?;
        if weights.windows(2).any(|pair| pair[0].to_bits() >= pair[1].to_bits()) {
            return Err(ManifestError::BadRecord { offset: input.at, why: "weights out of their order" });
        }
        let (at, hashed_titles) = (input.at, input.hashed_titles);
        Ok(DecoderState { at, hashed_titles, head, weights, articles: Vec::with_capacity(left.min(RESERVE_AT_MOST)), left })
    }

    fn next(&mut self, all: &[u8], count: usize) -> Result<bool, ManifestError> {
        let mut input = Reader { bytes: all, at: self.at, hashed_titles: self.hashed_titles };
        let mut read = || -> Read<bool> {
            for _ in 0..count.min(self.left) {
                self.articles.push(input.article(&self.weights)?);
                self.left -= 1;
            }
            if self.left == 0 && input.at != input.bytes.len() {
                return Err("bytes after the last article");
            }
            Ok(self.left == 0)
        };
        let done = read().map_err(|why| ManifestError::BadRecord { offset: input.at, why })?;
        self.at = input.at;
        Ok(done)
    }

    fn finish(self) -> Loaded {
        let RecordHead { site, forms, topics, collection } = self.head;
        let mut report = Report::default();
        let site = validate_site(site, &mut report);
        let mut seen_topics = Vec::new();
        let topics = topics.into_iter().enumerate().filter_map(|(i, topic)| check_topic(topic, Vec::new(), i, &mut seen_topics, &mut report)).collect();
        let mut articles = validate_read_articles(self.articles, "articles", site.lang.as_deref(), &mut report);
        let collection = collection.and_then(|(articles_in_archive, df)| check_collection(articles_in_archive, df, articles.len(), &mut report));
        check_vectors(&mut articles, collection.as_ref(), &mut report);
        let manifest = Manifest { version: FORMAT_VERSION, site, topics, forms, articles, collection };
        Loaded { manifest, report, format: SourceFormat::RelatedNews }
    }
}

/// What the layout holds before its weights and articles, before its content is checked.
struct RecordHead {
    site: Site,
    forms: SortedMap<String, String>,
    topics: Vec<Topic>,
    collection: Option<(u64, RawDf)>,
}

type Read<T> = Result<T, &'static str>;

/// The fewest bytes an article takes in the layout (three empty strings and every other field empty or absent).
const MIN_ARTICLE_BYTES: usize = 16;
/// At most this many items are reserved ahead from a count: a damaged count must not reserve memory the file's
/// bytes could never fill (the lists then grow as items are read).
const RESERVE_AT_MOST: usize = 4096;
/// The longest term a record may hold, in bytes: a keyword or name is at most 100 characters, a `#topic` term at
/// most 200 and a character at most 4 bytes.
const MAX_TERM_BYTES: usize = 1024;
/// What a record's terms may add up to, per byte of the record: front coding rarely saves more than half.
const TERM_BYTES_PER_INPUT_BYTE: usize = 8;

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// Whether title keys are hashes (layout 2) or text (layout 1).
    hashed_titles: bool,
}

impl Reader<'_> {
    fn head(&mut self) -> Read<RecordHead> {
        if !is_binary(self.bytes) {
            return Err("no binary record (its first bytes are not \"RNR\" 1 or 2)");
        }
        self.hashed_titles = self.bytes[3] >= 2;
        self.at = MAGIC.len();
        let site = Site { name: self.optional_str()?, url: self.optional_str()?, lang: self.optional_str()? };
        // Gathered, then sorted once into a map (pairs a writer put out of order cost no more).
        let mut forms = Vec::new();
        for _ in 0..self.count(2)? {
            let (variant, keyword) = (self.str()?, self.str()?);
            // A pair with an empty side means nothing, and is left out here: filtering the map afterwards would
            // carry more code into the wasm than this check.
            if !variant.is_empty() && !keyword.is_empty() {
                forms.push((variant, keyword));
            }
        }
        let forms: SortedMap<String, String> = forms.into_iter().collect();
        let mut topics = Vec::new();
        for _ in 0..self.count(4)? {
            let id = self.str()?;
            let mut labels = Vec::new();
            for _ in 0..self.count(2)? {
                labels.push((self.str()?, self.str()?));
            }
            let labels = labels.into_iter().collect();
            topics.push(Topic { id, labels, feed: self.optional_str()?, count: self.optional_number()? });
        }
        let collection = match self.number()? {
            0 => None,
            1 => {
                let articles = self.number()?;
                let count = self.count(2)?;
                let mut terms: Vec<String> = Vec::with_capacity(count.min(RESERVE_AT_MOST));
                // Front coding lets a few bytes stand for a long term: what the terms may add up to is capped, so
                // a crafted record cannot make the reader ask for gigabytes.
                let mut budget = self.bytes.len().saturating_mul(TERM_BYTES_PER_INPUT_BYTE);
                for _ in 0..count {
                    let shared = usize::try_from(self.number()?).map_err(|_| "a term's shared prefix is too long")?;
                    let previous = terms.last().map_or("", String::as_str);
                    let prefix = previous.get(..shared).ok_or("a term shares more than the term before it has")?;
                    let rest = self.str()?;
                    let length = shared + rest.len();
                    if length > MAX_TERM_BYTES || length > budget {
                        return Err("a term longer than any the builder writes");
                    }
                    budget -= length;
                    let mut term = String::with_capacity(length);
                    term.push_str(prefix);
                    term.push_str(&rest);
                    terms.push(term);
                }
                let mut counts = Vec::with_capacity(count.min(RESERVE_AT_MOST));
                for _ in 0..count {
                    counts.push(self.number()?);
                }
                Some((articles, RawDf::InTermOrder(terms, counts)))
            }
            2 => {
                let articles = self.number()?;
                let pairs = self.items(2, |input| Ok((input.str()?, input.number()?)))?;
                Some((articles, RawDf::ByTerm(pairs)))
            }
            _ => return Err("an unknown kind of statistics"),
        };
        Ok(RecordHead { site, forms, topics, collection })
    }

    fn article(&mut self, weights: &[f32]) -> Read<Article> {
        let (id, url, title) = (self.str()?, self.str()?, self.str()?);
        let (date, lang, summary) = (self.optional_str()?, self.optional_str()?, self.optional_str()?);
        let image = match self.number()? {
            0 => None,
            1 => Some(Image::Url(self.str()?)),
            2 => Some(Image::Sized {
                url: self.str()?,
                width: self.optional_size()?,
                height: self.optional_size()?,
                alt: self.optional_str()?,
            }),
            _ => return Err("an unknown kind of image"),
        };
        let topics = self.list()?;
        let mut keywords = Vec::new();
        for _ in 0..self.count(5)? {
            keywords.push(Keyword { term: self.str()?, weight: self.weight()? });
        }
        let entities = Entities { people: self.list()?, organizations: self.list()?, places: self.list()?, other: self.list()? };
        let pinned = self.list()?;
        let count = self.count(2)?;
        let mut vector = Vec::with_capacity(count.min(RESERVE_AT_MOST));
        let mut next = 0u64;
        for _ in 0..count {
            let position = next.checked_add(self.number()?).filter(|&p| p <= u64::from(u32::MAX)).ok_or("a term position past the largest")?;
            let weight = usize::try_from(self.number()?).ok().and_then(|at| weights.get(at)).ok_or("a weight past the record's table")?;
            vector.push((position as u32, *weight));
            next = position + 1;
        }
        let title_key = if self.hashed_titles {
            match self.number()? {
                0 => None,
                1 => {
                    let bytes: [u8; 4] = self.bytes.get(self.at..self.at + 4).and_then(|b| b.try_into().ok()).ok_or("the file ends inside a title key")?;
                    self.at += 4;
                    Some(title_key_text(u32::from_le_bytes(bytes)))
                }
                _ => return Err("a title key marked neither absent nor present"),
            }
        } else {
            // Layout 1 wrote the key's words: hashed here, so every key of a record compares alike.
            self.optional_str()?.map(|key| hashed_title_key(&key))
        };
        Ok(Article { id, url, title, date, lang, summary, image, topics, keywords, entities, pinned, vector, title_key })
    }

    fn number(&mut self) -> Read<u64> {
        super::vector::read_number(self.bytes, &mut self.at)
    }

    /// A count of things that each take at least `min_bytes`: never more than the bytes left could hold, so a
    /// damaged count cannot make the reader reserve memory for billions of them.
    fn count(&mut self, min_bytes: usize) -> Read<usize> {
        super::vector::read_count(self.bytes, &mut self.at, min_bytes)
    }

    fn str(&mut self) -> Read<String> {
        let length = self.count(1)?;
        let bytes = &self.bytes[self.at..self.at + length];
        let text = std::str::from_utf8(bytes).map_err(|_| "a string that is not UTF-8")?;
        self.at += length;
        Ok(text.to_string())
    }

    fn optional_str(&mut self) -> Read<Option<String>> {
        match self.number()? {
            0 => Ok(None),
            1 => self.str().map(Some),
            _ => Err("an optional string marked neither absent nor present"),
        }
    }

    fn optional_number(&mut self) -> Read<Option<u64>> {
        Ok(self.number()?.checked_sub(1))
    }

    fn optional_size(&mut self) -> Read<Option<u32>> {
        self.optional_number()?.map(|n| u32::try_from(n).map_err(|_| "an image size past the largest")).transpose()
    }

    fn weight(&mut self) -> Read<f32> {
        let bytes: [u8; 4] = self.bytes.get(self.at..self.at + 4).and_then(|b| b.try_into().ok()).ok_or("the file ends inside a weight")?;
        self.at += 4;
        let weight = f32::from_le_bytes(bytes);
        if weight.is_finite() && weight > 0.0 {
            Ok(weight)
        } else {
            Err("a weight that is not a finite positive number")
        }
    }

    fn list(&mut self) -> Read<Vec<String>> {
        self.items(1, Self::str)
    }

    /// A count of items that each take at least `min_bytes`, then the items.
    fn items<T>(&mut self, min_bytes: usize, mut item: impl FnMut(&mut Self) -> Read<T>) -> Read<Vec<T>> {
        let count = self.count(min_bytes)?;
        let mut items = Vec::with_capacity(count.min(RESERVE_AT_MOST));
        for _ in 0..count {
            items.push(item(self)?);
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_str;

    /// A record with every field the layout holds, some of them in other scripts.
    fn full_record() -> Manifest {
        let text = r#"{"version":1,"site":{"name":"Site","url":"https://example.org/","lang":"az"},
            "forms":{"societies":"society","cəmiyyətlər":"cəmiyyət"},
            "topics":[{"id":"hr","labels":{"en":"Human rights","ru":"Права человека"},"feed":"/t/hr.xml","count":12},{"id":"x"}],
            "articles":[
              {"id":"a","url":"/a.html","title":"Ölkə və cəmiyyət","date":"2014-12-04","lang":"az","summary":"S",
               "image":{"url":"/a.jpg","width":640,"height":360,"alt":"A picture"},"topics":["hr"],
               "keywords":["civil society",["osce",2.5]],"entities":{"people":["John Kerry"],"places":["Basel"]},
               "pinned":["b"],"vector":"AAAAwD8BAACAPw","title_key":"ölkə cəmiyyət"},
              {"id":"b","url":"https://example.org/b","title":"B","image":"/b.png"}],
            "collection":{"articles":500,"terms":["civil","civil society","cəmiyyət","osce"],"df":[40,12,3,9]}}"#;
        let loaded = parse_str(text).expect("fixture");
        assert!(loaded.report.is_clean(), "{:?}", loaded.report);
        loaded.manifest
    }

    #[test]
    fn a_record_read_a_slice_at_a_time_is_the_record_read_whole() {
        let mut record = full_record();
        // More articles than a slice, each its own.
        let first = record.articles[0].clone();
        record.articles.extend((0..7).map(|i| Article { id: format!("c{i}"), url: format!("/c{i}.html"), ..first.clone() }));
        let bytes = encode(&record);
        let whole = decode(&bytes).expect("a record");
        for slice in [1, 2, 3, 100] {
            let mut decoder = RecordDecoder::new(bytes.clone()).expect("its head");
            let mut calls = 1;
            while !decoder.next(slice).expect("its articles") {
                calls += 1;
            }
            assert_eq!(calls, whole.manifest.articles.len().div_ceil(slice).max(1), "slices of {slice}");
            let sliced = decoder.finish();
            assert_eq!(sliced.manifest, whole.manifest, "slices of {slice}");
            assert_eq!(sliced.report, whole.report);
        }
        // A flaw in the last article is found by the slice that reads it, with where it is; bytes after the last
        // article by the slice that ends it.
        let mut cut = bytes.clone();
        cut.truncate(bytes.len() - 3);
        let mut decoder = RecordDecoder::new(cut.as_slice()).expect("its head is whole");
        let mut outcomes = Vec::new();
        loop {
            match decoder.next(4) {
                Ok(false) => outcomes.push("more"),
                Ok(true) => break,
                Err(ManifestError::BadRecord { offset, why }) => {
                    assert!(offset <= cut.len() && !why.is_empty());
                    outcomes.push("error");
                    break;
                }
                Err(other) => panic!("{other}"),
            }
        }
        assert_eq!(outcomes, ["more", "more", "error"], "9 articles in slices of 4: the third slice meets the cut");
        let mut longer = bytes.clone();
        longer.push(0);
        let mut decoder = RecordDecoder::new(longer).expect("its head");
        assert!(matches!(decoder.next(usize::MAX), Err(ManifestError::BadRecord { why: "bytes after the last article", .. })));
    }

    #[test]
    fn a_record_reads_back_as_it_was_written() {
        let record = full_record();
        let bytes = encode(&record);
        assert!(is_binary(&bytes));
        let loaded = decode(&bytes).expect("a record");
        assert!(loaded.report.is_clean(), "{:?}", loaded.report);
        // Title keys come back as their hashes; everything else as it was.
        let mut expected = record.clone();
        expected.articles.iter_mut().for_each(|a| a.title_key = a.title_key.as_deref().map(hashed_title_key));
        assert_eq!(expected.articles[0].title_key.as_deref(), Some(title_key_text(title_hash("ölkə cəmiyyət")).as_str()));
        assert_eq!(loaded.manifest, expected);
        assert_eq!(decode(&encode(&loaded.manifest)).expect("a record").manifest, expected, "a hashed key is written as it is");
        // Statistics by term (version-1 records) and none at all.
        let mut old = expected.clone();
        old.collection = Some(Collection { articles: 9, df: CollectionDf::ByTerm(SortedMap::from([("x".to_string(), 2)])) });
        old.articles.iter_mut().for_each(|a| a.vector.clear());
        assert_eq!(decode(&encode(&old)).expect("a record").manifest, old);
        old.collection = None;
        assert_eq!(decode(&encode(&old)).expect("a record").manifest, old);
    }

    /// Layout 1 wrote a title key's words: read, they are hashed as layout 2 writes them, so a record of either
    /// layout ranks alike.
    #[test]
    fn a_layout_1_records_title_keys_are_read_as_hashes() {
        let mut record = full_record();
        let last = record.articles.len() - 1;
        record.articles.iter_mut().for_each(|a| a.title_key = None);
        let mut bytes = encode(&record);
        assert_eq!(bytes.pop(), Some(0), "the last article's absent title key ends the record");
        bytes[3] = 1;
        bytes.extend_from_slice(&[1, 6]);
        bytes.extend_from_slice(b"flood ");
        let loaded = decode(&bytes).expect("a layout-1 record");
        assert_eq!(loaded.manifest.articles[last].title_key, Some(hashed_title_key("flood ")));
        assert!(!is_binary(b"RNR\x03"), "a layout this code does not know is no record it reads");
        assert_eq!(hashed_title_key(""), "", "an untitled article stays a title of its own");
    }

    #[test]
    fn shared_prefixes_stay_on_character_boundaries() {
        assert_eq!(shared_prefix("cəmiyyət", "cəmiyyətlər"), "cəmiyyət".len());
        assert_eq!(shared_prefix("ə", "ö"), 0, "two letters that share their first byte share no character");
        assert_eq!(shared_prefix("", "a"), 0);
    }

    #[test]
    fn damaged_bytes_are_refused_with_where() {
        let bytes = encode(&full_record());
        for cut in 0..bytes.len() {
            match decode(&bytes[..cut]) {
                Err(ManifestError::BadRecord { offset, .. }) => assert!(offset <= cut, "cut at {cut}: offset {offset}"),
                other => panic!("cut at {cut}: {other:?}"),
            }
        }
        let mut longer = bytes.clone();
        longer.push(0);
        let error = decode(&longer).expect_err("a byte too many");
        assert_eq!(error, ManifestError::BadRecord { offset: bytes.len(), why: "bytes after the last article" });
        assert!(error.to_string().starts_with("the record is damaged: bytes after the last article (at byte "), "{error}");
        assert!(matches!(decode(b"{\"version\":1}"), Err(ManifestError::BadRecord { offset: 0, .. })));
        // A count that the bytes left could not hold is refused before anything is reserved for it.
        let mut huge = MAGIC.to_vec();
        huge.extend_from_slice(&[0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]);
        assert_eq!(decode(&huge).map(|_| ()), Err(ManifestError::BadRecord { offset: 12, why: "a count larger than the bytes left could hold" }));
    }

    #[test]
    fn crafted_records_cannot_ask_for_more_memory_than_their_size_allows() {
        // Terms that each repeat the whole of the one before: 1,000 of them from 4 KB would be a megabyte, and more
        // would grow without bound; a term past the longest the builder writes is refused at once.
        let mut long = MAGIC.to_vec();
        long.extend_from_slice(&[0, 0, 0, 0, 0, 1, 9]);
        let mut writer = Writer(Vec::new());
        writer.number(1000);
        writer.number(0);
        writer.str(&"x".repeat(MAX_TERM_BYTES));
        long.extend_from_slice(&writer.0);
        for _ in 1..1000 {
            long.extend_from_slice(&[0x80, 0x08, 1, b'y']);
        }
        match decode(&long) {
            Err(ManifestError::BadRecord { why, .. }) => assert_eq!(why, "a term longer than any the builder writes"),
            other => panic!("{other:?}"),
        }
        // A number whose tenth byte carries more than the 64th bit.
        let mut wide = MAGIC.to_vec();
        wide.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]);
        assert!(matches!(decode(&wide), Err(ManifestError::BadRecord { why: "a number longer than 64 bits", .. })));
        // A weights table out of order.
        let mut record = full_record();
        record.collection = None;
        let bytes = encode(&record);
        let table = bytes.windows(8).position(|w| w == [1.0f32.to_le_bytes(), 1.5f32.to_le_bytes()].concat()).expect("the table");
        let mut swapped = bytes.clone();
        swapped[table..table + 8].copy_from_slice(&[1.5f32.to_le_bytes(), 1.0f32.to_le_bytes()].concat());
        assert!(matches!(decode(&swapped), Err(ManifestError::BadRecord { why: "weights out of their order", .. })));
    }

    #[test]
    fn content_is_checked_as_a_json_record_is() {
        let mut record = full_record();
        record.articles[1].url = "javascript:alert(1)".into();
        record.articles.push(Article { id: "a".into(), url: "/again".into(), title: "Again".into(), ..Article::default() });
        record.articles[0].date = Some("yesterday".into());
        record.topics.push(record.topics[0].clone());
        if let Some(Collection { df: CollectionDf::InTermOrder { counts, .. }, .. }) = &mut record.collection {
            counts[0] = 501;
        }
        let loaded = decode(&encode(&record)).expect("still a record");
        let ids: Vec<&str> = loaded.manifest.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a"]);
        let skipped: Vec<String> = loaded.report.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(skipped.len(), 3, "{skipped:?}");
        assert!(skipped[0].starts_with("topics[2] (id \"hr\"): duplicate topic id"), "{skipped:?}");
        assert!(skipped[1].starts_with("articles[1] (id \"b\"): url:"), "{skipped:?}");
        assert!(skipped[2].starts_with("articles[2] (id \"a\"): duplicate id"), "{skipped:?}");
        let warnings: Vec<&str> = loaded.report.warnings.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(warnings, ["articles[0].date", "collection", "vector"]);
        // Without the statistics, the vectors that name their terms go too.
        assert!(loaded.manifest.collection.is_none() && loaded.manifest.articles[0].vector.is_empty());
    }
}
