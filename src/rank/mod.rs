//! Keyword-overlap ranking: the one implementation the widget and the CLI both call, with the same defaults.
//!
//! Each article becomes a sparse vector of terms (keywords, entities, topics and title words, each field with its
//! own weight) scaled by inverse document frequency and normalised to unit length, so a long keyword list does not
//! outweigh a short one. Similarity is the cosine of two vectors, times a small boost for closeness in time.
//!
//! A query is first compared as it is, then once more with the terms of its two nearest articles added (pseudo-
//! relevance feedback): an article of a few sentences shares few words with the others on its subject, and its
//! nearest neighbours bring the words those others use.

use rustc_hash::FxHashMap;

use crate::date::parse_iso8601;
use crate::lang;
use crate::manifest::{Article, CollectionDf, Manifest};
use crate::sort;
use crate::text;
use crate::url::page_key;

mod compare;
mod list;
mod weights;

pub use weights::{FieldWeights, TermVector};
use weights::{article_terms, idf, to_vector, vector_hash};

/// A best match this similar or more is what a well-connected archive gives; below it, the threshold shrinks.
const REFERENCE_SIMILARITY: f32 = 0.3;

/// The score a candidate needs, adapted to the archive: `min_score` when the query's best match is at least
/// [`REFERENCE_SIMILARITY`], and proportionally less when it is weaker. Short articles (a headline, one sentence)
/// and small sites share few terms, so their best matches score low, and a fixed cut would leave their lists empty
/// while the same relations in a long-text archive would pass. A strict `min_score` stays strict for strong
/// matches (near-duplicates), and 0 turns the threshold off.
pub fn adaptive_threshold(min_score: f32, best_similarity: f32) -> f32 {
    min_score * (best_similarity / REFERENCE_SIMILARITY).clamp(MIN_THRESHOLD_SHARE, 1.0)
}

/// The threshold never falls below this share of `min_score`, so articles that share only faint terms are not
/// listed just because nothing better exists.
const MIN_THRESHOLD_SHARE: f32 = 0.25;

/// What to rank and how: the defaults are the product's defaults, for the widget and the CLI alike.
#[derive(Debug, Clone, PartialEq)]
pub struct RankingConfig {
    /// How many related articles to return.
    pub limit: usize,
    /// Candidates scoring below this are left out (pinned articles are always kept).
    pub min_score: f32,
    /// Keep only candidates in the current article's language (when both languages are known).
    pub same_language: bool,
    /// The largest relative boost for an article published close in time to the current one.
    pub recency_weight: f32,
    /// How many days apart halve the time boost.
    pub recency_half_life_days: f32,
    pub fields: FieldWeights,
    /// Articles with any of these topics are never shown.
    pub exclude_topics: Vec<String>,
    /// How many of the query's nearest articles lend it their terms for the second comparison (0: none).
    pub expansion_neighbours: usize,
    /// How much the borrowed terms weigh, all neighbours together, against the query's own (1).
    pub expansion_weight: f32,
}

pub const DEFAULT_LIMIT: usize = 5;
pub const MAX_LIMIT: usize = 50;
pub const DEFAULT_MIN_SCORE: f32 = 0.08;
/// In archives of at least this many articles, terms found in more than this share of them are skipped: their
/// weight is already small, and their long postings would make every query slow. Smaller archives keep them all,
/// so a name in a quarter of a 55-item feed still relates the stories that share it. The share is the builder's
/// keyword cut (half): a subject's words in a third of a large archive still count. On the 10,612 current-events
/// items few terms lie between a fifth and a half: precision moved by 0.001 at most, and `related --all`'s time
/// stayed within this machine's spread.
const MIN_ARTICLES_FOR_COMMON_TERMS: usize = 2000;
const COMMON_TERM_SHARE: f32 = 0.5;
/// Terms the nearest articles lend a query are kept when they weigh at least this share of the strongest one.
const LENT_TERM_MIN_SHARE: f32 = 0.2;

impl Default for RankingConfig {
    fn default() -> Self {
        RankingConfig {
            limit: DEFAULT_LIMIT,
            min_score: DEFAULT_MIN_SCORE,
            same_language: true,
            recency_weight: 0.3,
            recency_half_life_days: 30.0,
            fields: FieldWeights::default(),
            exclude_topics: Vec::new(),
            // Fewer neighbours than the list is long: the nearest articles keep their places, and what they share
            // with the query fills the rest. Across the labelled sets, two did best overall (three, five or ten
            // did worse on most; one about as well on the category sets, worse on the others).
            expansion_neighbours: 2,
            expansion_weight: 0.8,
        }
    }
}

/// One ranked candidate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    /// Position of the article in the manifest's `articles`.
    pub article: usize,
    pub score: f32,
    pub pinned: bool,
}

/// Why one article scores what it does against another.
#[derive(Debug, Clone, PartialEq)]
pub struct PairScore {
    pub similarity: f32,
    pub boost: f32,
    pub score: f32,
    pub days_apart: Option<f64>,
    /// Set when a filter leaves the article out whatever its score.
    pub excluded: Option<&'static str>,
}

/// One term of a pair's similarity, for `explain`.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedTerm {
    pub term: String,
    /// What the term added to the similarity.
    pub contribution: f32,
    /// The query article does not have the term itself: its nearest articles lent it (see [`RankingConfig`]).
    pub borrowed: bool,
}

/// Who is asking for related articles: an article of the manifest, or a page that is not in it.
#[derive(Debug, Clone)]
pub struct Query {
    pub vector: TermVector,
    /// The article itself, when it is in the manifest: never returned as related to itself.
    pub article: Option<usize>,
    /// Primary language subtag, for the same-language filter.
    pub lang: Option<String>,
    /// Days since the epoch, for the time boost.
    pub days: Option<f64>,
    pub url_key: Option<String>,
    pub title_key: Option<String>,
    pub pinned: Vec<String>,
}

#[derive(Debug, Clone)]
struct Doc {
    lang: Option<String>,
    days: Option<f64>,
    url_key: String,
    title_key: String,
    /// The same number for every article whose term vector is identical (the first such article's position): the
    /// builder's pruned search scores such copies once. In the widget, each article's own position.
    vector_group: u32,
    topics: Vec<String>,
    vector: TermVector,
}

/// The manifest's articles, ready to rank.
#[derive(Debug, Clone)]
pub struct Index {
    manifest: Manifest,
    docs: Vec<Doc>,
    term_ids: FxHashMap<String, u32>,
    /// In how many articles each term is (of the whole archive, for a record of the sharded index).
    doc_freq: Vec<u32>,
    idf: Vec<f32>,
    postings: Vec<Vec<(u32, f32)>>,
    by_id: FxHashMap<String, usize>,
    by_url: FxHashMap<String, usize>,
    /// Article positions, newest first, for "More news".
    newest_first: Vec<usize>,
    fields: FieldWeights,
    /// The archive's languages (primary subtags), and each article's as a number: 0 when unknown, else
    /// its place in `languages` plus one. The same-language filter runs for every article a query meets, and
    /// numbers in one array compare without reading each article's string.
    languages: Vec<String>,
    doc_lang: Vec<u16>,
    /// Each article's title as a number: the same for every article of one title (the first such article's
    /// position), what the builder's pruned search counts distinct titles by. In the widget, which never prunes,
    /// each article's own position. An array of its own, not a field of each article: the search reads it for
    /// every article a query meets, thousands per query, and 4 bytes an article stay in the processor's caches.
    title_groups: Vec<u32>,
}

/// What a list's filters need of its query, worked out once per list (see [`Index::filter_for`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct QueryFilter {
    own: Option<usize>,
    /// The query's language as [`Index::doc_lang`] numbers them; [`FOREIGN_LANGUAGE`] for one no article has.
    lang: u16,
}

const FOREIGN_LANGUAGE: u16 = u16::MAX;

fn primary_lang(lang: Option<&str>) -> Option<String> {
    lang.map(lang::primary).filter(|l| !l.is_empty())
}

impl Index {
    /// Builds the index of a validated manifest. `resolve_url` turns an article's URL into the absolute form pages
    /// are compared by (relative URLs resolve against the manifest's address).
    pub fn build(manifest: Manifest, fields: FieldWeights, resolve_url: &dyn Fn(&str) -> String) -> Index {
        // A record of the sharded index (version 2) carries each article's raw term weights and its terms' list:
        // ranked from those, nothing is worked out again from text.
        let precomputed = match manifest.collection.as_ref().map(|c| &c.df) {
            Some(CollectionDf::InTermOrder { terms, .. }) => Some(terms),
            _ => None,
        };
        // Each article's terms, sorted so that term ids (and with them the order floats are summed in) do not
        // depend on hash order: the same manifest always ranks to the same scores.
        // The normalised title and the day are worked out here too, on all cores: normalising text is most of
        // the cost of building an index.
        let article_term_lists = crate::parallel::map(&manifest.articles, |_, article| {
            // The title's terms, worked out once for its key and its words' weights (a record carries both).
            let title_words = match (&article.title_key, precomputed) {
                (Some(_), Some(_)) => Vec::new(),
                _ => text::terms(&article.title, article.lang.as_deref().unwrap_or("")),
            };
            let mut terms: Vec<(String, f32)> = if precomputed.is_some() {
                Vec::new()
            } else {
                article_terms(article, &title_words, &fields).into_iter().collect()
            };
            sort::sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
            let title_key = match &article.title_key {
                Some(key) => key.clone(),
                None => title_words.join(" "),
            };
            let days = article.date.as_deref().and_then(|d| parse_iso8601(d).ok()).map(|t| t.days());
            (terms, title_key, days)
        });
        // Term ids in the terms' own order, not in the order articles bring them: floats are summed in id order,
        // so a part of the archive (a record of the sharded index) sums every score in the order the whole does,
        // and gets the same scores to the last bit.
        let vocabulary: Vec<&str> = match precomputed {
            Some(terms) => terms.iter().map(String::as_str).collect(),
            None => {
                // Distinct terms first, then sorted: an archive's articles repeat most of their terms.
                let distinct: rustc_hash::FxHashSet<&str> =
                    article_term_lists.iter().flat_map(|(terms, _, _)| terms.iter().map(|(term, _)| term.as_str())).collect();
                let mut vocabulary: Vec<&str> = distinct.into_iter().collect();
                sort::sort_by(&mut vocabulary, |a, b| a.cmp(b));
                vocabulary
            }
        };
        let term_ids: FxHashMap<String, u32> = vocabulary.iter().enumerate().map(|(id, term)| ((*term).to_string(), id as u32)).collect();
        let mut doc_freq: Vec<u32> = vec![0; term_ids.len()];
        let mut per_article: Vec<(String, Option<f64>)> = Vec::with_capacity(article_term_lists.len());
        let raw_docs: Vec<Vec<(u32, f32)>> = article_term_lists
            .into_iter()
            .zip(&manifest.articles)
            .map(|((terms, title_key, days), article)| {
                per_article.push((title_key, days));
                let raw: Vec<(u32, f32)> = if precomputed.is_some() {
                    article.vector.clone()
                } else {
                    terms.into_iter().filter_map(|(term, weight)| Some((*term_ids.get(&term)?, weight))).collect()
                };
                for &(id, _) in &raw {
                    if let Some(count) = doc_freq.get_mut(id as usize) {
                        *count += 1;
                    }
                }
                raw
            })
            .collect();
        // A record of the sharded index is a part of an archive: the whole archive's statistics give its articles
        // the weights they have in the whole, so a part ranks its articles exactly as the whole does.
        let mut archive_size = manifest.articles.len();
        if let Some(collection) = &manifest.collection {
            archive_size = archive_size.max(collection.articles as usize);
            match &collection.df {
                // Positions in the record's term list are the term ids.
                CollectionDf::InTermOrder { counts, .. } => {
                    for (count, &whole) in doc_freq.iter_mut().zip(counts) {
                        *count = (*count).max(whole);
                    }
                }
                CollectionDf::ByTerm(df) => {
                    for (term, &id) in &term_ids {
                        if let Some(&whole) = df.get(term) {
                            doc_freq[id as usize] = doc_freq[id as usize].max(whole);
                        }
                    }
                }
            }
        }
        let n = archive_size.max(1) as f32;
        let common = if archive_size >= MIN_ARTICLES_FOR_COMMON_TERMS { n * COMMON_TERM_SHARE } else { f32::MAX };
        let idf: Vec<f32> = doc_freq.iter().map(|&df| if df as f32 > common { 0.0 } else { idf(df as f32, n) }).collect();
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); idf.len()];
        let mut docs = Vec::with_capacity(raw_docs.len());
        let mut title_groups: Vec<u32> = Vec::with_capacity(raw_docs.len());
        let mut first_of_title: FxHashMap<String, u32> = FxHashMap::default();
        let mut vector_groups: FxHashMap<u64, u32> = FxHashMap::default();
        for (position, ((article, raw), (title_key, days))) in
            manifest.articles.iter().zip(raw_docs).zip(per_article).enumerate()
        {
            let vector = to_vector(raw, &idf);
            for &(term, weight) in &vector.0 {
                postings[term as usize].push((position as u32, weight));
            }
            // An untitled article is a title of its own: the lists do not merge untitled articles. Only the
            // builder's pruned search reads the groups, so the widget (whose wasm would carry the map) skips them.
            let title_group = if title_key.is_empty() || cfg!(target_arch = "wasm32") {
                position as u32
            } else {
                *first_of_title.entry(title_key.clone()).or_insert(position as u32)
            };
            title_groups.push(title_group);
            let vector_group = if cfg!(target_arch = "wasm32") {
                position as u32
            } else {
                let first = *vector_groups.entry(vector_hash(&vector)).or_insert(position as u32);
                // A hash shared by different vectors only costs the sharing, never a wrong score.
                if first == position as u32 || docs.get(first as usize).is_some_and(|d: &Doc| d.vector == vector) { first } else { position as u32 }
            };
            docs.push(Doc {
                lang: primary_lang(article.lang.as_deref()),
                days,
                url_key: page_key(&resolve_url(&article.url)),
                title_key,
                vector_group,
                topics: article.topics.clone(),
                vector,
            });
        }
        let by_id = manifest.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let mut by_url = FxHashMap::default();
        for (i, doc) in docs.iter().enumerate() {
            by_url.entry(doc.url_key.clone()).or_insert(i);
        }
        let mut newest_first: Vec<usize> = (0..docs.len()).collect();
        sort::sort_by(&mut newest_first, |&a, &b| {
            let (da, db) = (docs[a].days.unwrap_or(f64::MIN), docs[b].days.unwrap_or(f64::MIN));
            db.total_cmp(&da).then_with(|| manifest.articles[a].id.cmp(&manifest.articles[b].id))
        });
        // Numbered in the order articles bring them (a site has a handful): only equality matters.
        let mut languages: Vec<String> = Vec::new();
        let doc_lang = docs
            .iter()
            .map(|doc| match &doc.lang {
                Some(lang) => match languages.iter().position(|known| known == lang) {
                    Some(i) => i as u16 + 1,
                    None => {
                        languages.push(lang.clone());
                        languages.len().min(usize::from(FOREIGN_LANGUAGE - 1)) as u16
                    }
                },
                None => 0,
            })
            .collect();
        Index { manifest, docs, term_ids, doc_freq, idf, postings, by_id, by_url, newest_first, fields, languages, doc_lang, title_groups }
    }

    /// Article positions, newest first (undated last), the order "More news" takes them in.
    pub fn newest_first(&self) -> &[usize] {
        &self.newest_first
    }

    /// An article's term weights before IDF, by term id (ids follow the terms' sorted order): what a record of the
    /// sharded index carries for the browser to rank with, and what it needs the archive's statistics for (see
    /// [`Index::vocabulary`]).
    pub fn raw_vector(&self, position: usize) -> Vec<(u32, f32)> {
        let Some(article) = self.manifest.articles.get(position) else { return Vec::new() };
        let title_words = text::terms(&article.title, article.lang.as_deref().unwrap_or(""));
        let mut raw: Vec<(u32, f32)> = article_terms(article, &title_words, &self.fields)
            .into_iter()
            .filter_map(|(term, weight)| Some((*self.term_ids.get(&term)?, weight)))
            .collect();
        sort::sort_by_key(&mut raw, |&(id, _)| id);
        raw
    }

    /// The title as the lists compare titles (see [`crate::manifest::Article::title_key`]).
    pub fn title_key(&self, position: usize) -> Option<&str> {
        self.docs.get(position).map(|doc| doc.title_key.as_str())
    }

    /// Every term of the index with the number of articles of the archive it is in, by term id (ids follow the
    /// terms' sorted order).
    pub fn vocabulary(&self) -> Vec<(&str, u32)> {
        let mut terms = vec![("", 0); self.doc_freq.len()];
        for (term, &id) in &self.term_ids {
            terms[id as usize] = (term.as_str(), self.doc_freq[id as usize]);
        }
        terms
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Every article's raw term weights ([`Index::raw_vector`]), then drops the keywords they are made from: the
    /// builder of a large archive ranks from the vectors, and the keywords were most of its memory. Lists and
    /// scores are unchanged; what reads an article's keywords afterwards finds none.
    pub fn take_raw_vectors(&mut self) -> Vec<Vec<(u32, f32)>> {
        let raw_vectors = crate::parallel::map(&self.manifest.articles, |position, _| self.raw_vector(position));
        for article in &mut self.manifest.articles {
            article.keywords = Vec::new();
        }
        raw_vectors
    }

    /// The manifest the index was built from, as it was given (less its keywords after [`Index::take_raw_vectors`]).
    pub fn into_manifest(self) -> Manifest {
        self.manifest
    }

    pub fn article(&self, position: usize) -> Option<&Article> {
        self.manifest.articles.get(position)
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Finds an article by id, or by URL (already resolved to absolute form by the caller).
    pub fn find(&self, id_or_url: &str) -> Option<usize> {
        self.by_id.get(id_or_url).copied().or_else(|| self.by_url.get(&page_key(id_or_url)).copied())
    }

    /// The query for an article of the manifest.
    pub fn query_for(&self, position: usize) -> Option<Query> {
        let doc = self.docs.get(position)?;
        let article = &self.manifest.articles[position];
        Some(Query {
            vector: doc.vector.clone(),
            article: Some(position),
            lang: doc.lang.clone(),
            days: doc.days,
            url_key: Some(doc.url_key.clone()),
            title_key: Some(doc.title_key.clone()),
            pinned: article.pinned.clone(),
        })
    }

    /// Looks a normalised term up, through the manifest's variant forms.
    fn term_id(&self, term: &str) -> Option<u32> {
        self.term_ids
            .get(term)
            .or_else(|| self.manifest.forms.get(term).and_then(|keyword| self.term_ids.get(keyword)))
            .copied()
    }

    /// The query for a page that is not in the manifest, from its texts, each with a weight (title, tags, body).
    ///
    /// Words and runs of up to four words are looked up, so the page meets the manifest's phrases ("civil
    /// society", "community democracies"); only terms the manifest knows can add to a score.
    pub fn query_from_text(&self, texts: &[(&str, f32)], lang: Option<&str>) -> TermVector {
        let lang_hint = lang.unwrap_or("");
        let mut raw: FxHashMap<u32, f32> = FxHashMap::default();
        for (body, weight) in texts {
            for clause in text::term_clauses(body, lang_hint) {
                for start in 0..clause.len() {
                    for end in start + 1..=(start + 4).min(clause.len()) {
                        let phrase = clause[start..end].join(" ");
                        if let Some(id) = self.term_id(&phrase) {
                            *raw.entry(id).or_default() += weight;
                        }
                    }
                }
            }
        }
        // Repetition in a long page says less than presence: damp term frequency.
        to_vector(raw.into_iter().map(|(id, w)| (id, w.sqrt())), &self.idf)
    }

    /// The weights a field carries in this index.
    pub fn field_weights(&self) -> FieldWeights {
        self.fields
    }

    fn time_boost(&self, config: &RankingConfig, a: Option<f64>, b: Option<f64>) -> f32 {
        match (a, b) {
            (Some(a), Some(b)) if config.recency_half_life_days > 0.0 => {
                let apart = (a - b).abs() as f32;
                1.0 + config.recency_weight * (-apart / config.recency_half_life_days * std::f32::consts::LN_2).exp()
            }
            _ => 1.0,
        }
    }

    fn excluded_by_topic(&self, position: usize, config: &RankingConfig) -> bool {
        !config.exclude_topics.is_empty()
            && self.docs[position].topics.iter().any(|t| config.exclude_topics.iter().any(|x| x == t))
    }

    /// The query's filters, for [`Index::listable`] and [`Index::language_mismatch`].
    pub(super) fn filter_for(&self, query: &Query) -> QueryFilter {
        let lang = match &query.lang {
            None => 0,
            Some(lang) => self.languages.iter().position(|known| known == lang).map_or(FOREIGN_LANGUAGE, |i| i as u16 + 1),
        };
        QueryFilter { own: query.article, lang }
    }

    fn language_mismatch(&self, position: usize, filter: &QueryFilter, config: &RankingConfig) -> bool {
        let lang = self.doc_lang.get(position).copied().unwrap_or(0);
        config.same_language && filter.lang != 0 && lang != 0 && filter.lang != lang
    }

    /// Whether a list for the query may show the article at `position` at all: not the query's own article, not
    /// in an excluded topic, not in another language when the list keeps to one.
    fn listable(&self, position: usize, filter: &QueryFilter, config: &RankingConfig) -> bool {
        Some(position) != filter.own
            && !self.language_mismatch(position, filter, config)
            && !self.excluded_by_topic(position, config)
    }

}

#[cfg(test)]
mod tests;
