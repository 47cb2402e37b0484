//! The manifest's model: the one definition of the format the CLI writes and the widget reads, with its limits.

use crate::sorted_map::SortedMap;

use serde::{Serialize, Serializer};

use crate::lang;
pub use crate::url::MAX_URL_CHARS;

/// The manifest format version this code writes and reads.
pub const FORMAT_VERSION: u64 = 1;
/// The largest manifest, in bytes, that the widget downloads and parses.
pub const MAX_MANIFEST_BYTES: usize = 10 * 1024 * 1024;
/// At most this many articles are read; the rest are reported as skipped.
pub const MAX_ARTICLES: usize = 20_000;
/// Field caps: longer ids and URLs make an article invalid; longer texts are shortened.
pub const MAX_ID_CHARS: usize = 200;
pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_SUMMARY_CHARS: usize = 500;
pub const MAX_KEYWORDS: usize = 100;
pub const MAX_TERM_CHARS: usize = 100;
pub const MAX_LIST_ITEMS: usize = 50;

/// A whole manifest, as the CLI writes it and the widget uses it after validation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Manifest {
    pub version: u64,
    #[serde(skip_serializing_if = "Site::is_empty")]
    pub site: Site,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Topic>,
    /// Variant forms of keywords ("societies" -> "society"), so words taken from a page match without a stemmer.
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub forms: SortedMap<String, String>,
    pub articles: Vec<Article>,
    /// Statistics of the whole archive, in a part of it (a record of the sharded index): ranked with them, the
    /// part's articles get the weights they have in the whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub collection: Option<Collection>,
}

/// How many articles the whole archive has, and in how many of them each term of this part is.
#[derive(Debug, Clone, PartialEq)]
pub struct Collection {
    pub articles: u32,
    pub df: CollectionDf,
}

/// Document frequencies, in one of two forms.
#[derive(Debug, Clone, PartialEq)]
pub enum CollectionDf {
    /// `"df": {term: count}`: what version-1 records carry.
    ByTerm(SortedMap<String, u32>),
    /// `"terms": [...], "df": [...]`, since version 2 of the sharded index: the part's terms, sorted and without
    /// repeats, and their counts in the same order. The articles' precomputed `vector`s name terms by position here.
    InTermOrder { terms: Vec<String>, counts: Vec<u32> },
}

impl Collection {
    /// The terms articles' vectors refer to by position: none in the by-term form.
    pub fn terms(&self) -> &[String] {
        match &self.df {
            CollectionDf::InTermOrder { terms, .. } => terms,
            CollectionDf::ByTerm(_) => &[],
        }
    }
}

impl Serialize for Collection {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("articles", &self.articles)?;
        match &self.df {
            CollectionDf::ByTerm(df) => map.serialize_entry("df", df)?,
            CollectionDf::InTermOrder { terms, counts } => {
                map.serialize_entry("terms", terms)?;
                map.serialize_entry("df", counts)?;
            }
        }
        map.end()
    }
}

/// The site the articles belong to.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Site {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The default language of articles that do not name their own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

impl Site {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.url.is_none() && self.lang.is_none()
    }
}

/// A topic readers can follow, with labels per language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Topic {
    pub id: String,
    #[serde(skip_serializing_if = "SortedMap::is_empty")]
    pub labels: SortedMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
}

impl Topic {
    /// The label for `lang`, else for `fallback_lang`, else English, else any, else the id.
    pub fn label(&self, lang: &str, fallback_lang: &str) -> &str {
        [lang, fallback_lang, "en"]
            .iter()
            .find_map(|l| self.labels.get(*l).or_else(|| self.labels.get(&lang::primary(l))))
            .or_else(|| self.labels.values().next())
            .map_or(self.id.as_str(), String::as_str)
    }

    /// Whether the topic has a label in `primary` (a language's primary subtag).
    fn named_in(&self, primary: &str) -> bool {
        self.labels.keys().any(|tag| lang::primary(tag) == primary)
    }
}

/// The topics a reader of `lang` is offered. A site in several languages whose topics are each named in one (a
/// build's categories: "News" on the English pages, "Naujienos" on the Lithuanian ones) offers a reader those named
/// in the reader's language, when any are. Topics that one language names all of (a config's, labelled in English
/// and translated where the site owner did) are offered to all, each in the reader's language or the fallback; so is
/// a topic with no label.
pub fn offered_topics<'a>(topics: &'a [Topic], lang: &str) -> Vec<&'a Topic> {
    let reader = lang::primary(lang);
    let one_language_names_all = topics.iter().flat_map(|topic| topic.labels.keys()).any(|tag| names_all(topics, &lang::primary(tag)));
    let any_in_readers = topics.iter().any(|topic| topic.named_in(&reader));
    topics.iter().filter(|topic| one_language_names_all || !any_in_readers || topic.labels.is_empty() || topic.named_in(&reader)).collect()
}

/// Whether every one of `topics` that has labels has one in `primary`.
fn names_all(topics: &[Topic], primary: &str) -> bool {
    topics.iter().all(|topic| topic.labels.is_empty() || topic.named_in(primary))
}

/// One article.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Article {
    pub id: String,
    pub url: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<Image>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<Keyword>,
    #[serde(skip_serializing_if = "Entities::is_empty")]
    pub entities: Entities,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<String>,
    /// In a record of the sharded index (version 2): the article's term weights as the ranking works them out from
    /// its fields, before IDF, as (position in the record's `collection.terms`, weight), by position; written in
    /// the compact form of [`super::vector`]. The browser ranks with these instead of working them out again from
    /// text, which was most of its work; such a record carries no keywords or entities.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "serialize_vector")]
    pub vector: Vec<(u32, f32)>,
    /// In a record of the sharded index (version 2): the title as the ranking compares titles (normalised words),
    /// for the same reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_key: Option<String>,
}

impl Article {
    /// The order a built manifest lists its articles in: newest first by the date as written, undated last, then
    /// by id. Records of the sharded index keep it, so ties in a ranking are broken the same way in a record as in
    /// the whole archive.
    pub fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
        b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id))
    }
}

fn serialize_vector<S: Serializer>(vector: &[(u32, f32)], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&super::vector::encode(vector))
}

/// An article's picture: a bare URL, or a URL with its size so the layout does not shift while it loads.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Image {
    Url(String),
    Sized {
        url: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        width: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        height: Option<u32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        alt: Option<String>,
    },
}

impl Image {
    pub fn url(&self) -> &str {
        match self {
            Image::Url(url) | Image::Sized { url, .. } => url,
        }
    }

    /// Width and height in pixels, when both are known and non-zero.
    pub fn size(&self) -> Option<(u32, u32)> {
        match self {
            Image::Sized { width: Some(w), height: Some(h), .. } if *w > 0 && *h > 0 => Some((*w, *h)),
            _ => None,
        }
    }
}

/// A normalised keyword with its weight; written as `"term"` when the weight is 1, else as `["term", weight]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyword {
    pub term: String,
    pub weight: f32,
}

impl Keyword {
    /// The largest weight a keyword gets from use; an explicit tag weighs this much.
    pub const MAX_WEIGHT: f32 = 3.0;
    /// Keywords per article by default, for the builder and for a JSON Feed read by the widget alike: enough to
    /// carry what an article is about as well as who is in it. Ten or twenty-five carried its names but too little
    /// of its subject, and lists of articles on the same topic lost to a plain TF-IDF over the full text; beyond
    /// sixty, precision no longer rose on any labelled set.
    pub const PER_ARTICLE: usize = 60;

    pub fn new(term: impl Into<String>, weight: f32) -> Self {
        Keyword { term: term.into(), weight }
    }

    /// A keyword weighted by how much its article uses it (`count`, a title word counting twice), damped as TF-IDF
    /// damps term frequency: 1 for a single use, at most [`Keyword::MAX_WEIGHT`].
    ///
    /// The weight says nothing of how rare the word is across the archive: the ranker multiplies by that (its
    /// inverse document frequency) when it builds the index, and an archive's rarities change as articles are
    /// added. Folding rarity in here as well squared it, and lists then followed rare names and lost articles on
    /// the same subject. One decimal is all the precision a weight needs, and keeps the manifest small.
    pub fn used(term: impl Into<String>, count: f32) -> Self {
        let weight = (1.0 + crate::math::ln(count.max(1.0))).min(Self::MAX_WEIGHT);
        Keyword::new(term, (weight * 10.0).round() / 10.0)
    }
}

impl Serialize for Keyword {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if (self.weight - 1.0).abs() < f32::EPSILON {
            serializer.serialize_str(&self.term)
        } else {
            // Two decimals are plenty for a weight and keep the manifest small.
            let rounded = (f64::from(self.weight) * 100.0).round() / 100.0;
            (&self.term, rounded).serialize(serializer)
        }
    }
}

/// Named things an article is about, by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Entities {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organizations: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<String>,
}

impl Entities {
    pub fn is_empty(&self) -> bool {
        self.people.is_empty() && self.organizations.is_empty() && self.places.is_empty() && self.other.is_empty()
    }

    /// Every entity name, whatever its kind.
    pub fn all(&self) -> impl Iterator<Item = &String> {
        self.people.iter().chain(&self.organizations).chain(&self.places).chain(&self.other)
    }

    pub(crate) fn lists_mut(&mut self) -> [(&'static str, &mut Vec<String>); 4] {
        [
            ("people", &mut self.people),
            ("organizations", &mut self.organizations),
            ("places", &mut self.places),
            ("other", &mut self.other),
        ]
    }
}
