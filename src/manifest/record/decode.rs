//! Reading a record in the binary layout ([`super`] describes it), whole or a slice of articles at a time, and
//! checking what it holds as a JSON record's content is checked.

use super::layout::{hashed_title_key, is_binary, title_key_text, MAGIC};
use crate::sorted_map::SortedMap;

use crate::manifest::model::{Article, Entities, Image, Keyword, Manifest, Site, Topic, FORMAT_VERSION};
use crate::manifest::read::{Loaded, SourceFormat};
use crate::manifest::report::{ManifestError, Report};
use crate::manifest::validate::{check_collection, check_topic, check_vectors, validate_read_articles, validate_site, RawDf};

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
        if all.len() > crate::manifest::MAX_MANIFEST_BYTES {
            return Err(ManifestError::TooLarge { bytes: all.len(), limit: crate::manifest::MAX_MANIFEST_BYTES });
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
pub(super) const MAX_TERM_BYTES: usize = 1024;
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
        crate::manifest::vector::read_number(self.bytes, &mut self.at)
    }

    /// A count of things that each take at least `min_bytes`: never more than the bytes left could hold, so a
    /// damaged count cannot make the reader reserve memory for billions of them.
    fn count(&mut self, min_bytes: usize) -> Read<usize> {
        crate::manifest::vector::read_count(self.bytes, &mut self.at, min_bytes)
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
