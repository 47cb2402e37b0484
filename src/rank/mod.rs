//! Keyword-overlap ranking: the one implementation the widget and the CLI both call, with the same defaults.
//!
//! Each article becomes a sparse vector of terms (keywords, entities, topics and title words, each field with its
//! own weight) scaled by inverse document frequency and normalised to unit length, so a long keyword list does not
//! outweigh a short one. Similarity is the cosine of two vectors, times a small boost for closeness in time.
//!
//! A query is first compared as it is, then once more with the terms of its two nearest articles added (pseudo-
//! relevance feedback): an article of a few sentences shares few words with the others on its subject, and its
//! nearest neighbours bring the words those others use. A neighbour that lends its terms is compared with the query
//! expanded by the other neighbour's only (and so is a copy of it): compared with its own terms lent back, a weak
//! match of two common words scored as if it shared everything, and topped the list.

use rustc_hash::FxHashMap;

use crate::lang;
use crate::manifest::sharded::url_key;
use crate::manifest::{Article, Manifest};
use crate::sort;
use crate::text;
use crate::url::page_key;

pub mod build;
mod compare;
mod partial_sums;
mod list;
mod weights;

pub use weights::{FieldWeights, TermVector};
use weights::{article_terms, merge_terms, to_vector};

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
    /// Positions by id and by page key, as `u32` like the term ids (one map type in the wasm).
    by_id: FxHashMap<String, u32>,
    by_url: FxHashMap<String, u32>,
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

    /// Finds an article by id, or by URL (already resolved to absolute form by the caller): the article at that
    /// address, else the one article at its path on another host. A site is often read under more addresses than it
    /// was built with (a staging copy, `www.` or not, `http:` or `https:`), and the directories find a page's record
    /// by its path for that reason; the page must then be found in the record too, or it would be ranked as a page
    /// the index does not hold, with itself among its related articles. Two articles at one path on different hosts
    /// (an index of several sites) leave the path to neither.
    pub fn find(&self, id_or_url: &str) -> Option<usize> {
        self.position_of_id(id_or_url)
            .or_else(|| self.by_url.get(&page_key(id_or_url)).map(|&position| position as usize))
            .or_else(|| self.only_article_at_path(id_or_url))
    }

    /// The one article whose URL has the path (and query) of `url`, an absolute http(s) URL, if exactly one has.
    fn only_article_at_path(&self, url: &str) -> Option<usize> {
        if !crate::url::is_http_url(url) {
            return None;
        }
        let path = url_key(url);
        let mut at_path = self.docs.iter().enumerate().filter(|(_, doc)| crate::url::is_http_url(&doc.url_key) && url_key(&doc.url_key) == path);
        let (position, _) = at_path.next()?;
        at_path.next().is_none().then_some(position)
    }

    /// The position of the article with this id.
    fn position_of_id(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).map(|&position| position as usize)
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
    pub fn query_from_text(&self, texts: &[(&str, f32)], lang: Option<&str>) -> TermVector {
        let lang_hint = lang.unwrap_or("");
        self.query_from_clauses(texts.iter().flat_map(|&(body, weight)| text::term_clauses(body, lang_hint).into_iter().map(move |clause| (clause, weight))))
    }

    /// The query for a page that is not in the manifest, from its texts' clauses as [`text::term_clauses`] gives
    /// them, each with its text's weight. The panel has the reader module work the clauses out, so its own code
    /// holds no text analysis.
    ///
    /// Words and runs of up to four words are looked up, so the page meets the manifest's phrases ("civil
    /// society", "community democracies"); only terms the manifest knows can add to a score.
    pub fn query_from_clauses(&self, clauses: impl IntoIterator<Item = (Vec<String>, f32)>) -> TermVector {
        // Gathered as they come, then summed by term ([`weights::merge_terms`]: the sums of a map, in the same
        // order, with code the wasm carries anyway).
        let mut raw: Vec<(u32, f32)> = Vec::new();
        for (clause, weight) in clauses {
            for start in 0..clause.len() {
                for end in start + 1..=(start + 4).min(clause.len()) {
                    let phrase = clause[start..end].join(" ");
                    if let Some(id) = self.term_id(&phrase) {
                        raw.push((id, weight));
                    }
                }
            }
        }
        // Repetition in a long page says less than presence: damp term frequency.
        to_vector(merge_terms(raw).into_iter().map(|(id, w)| (id, w.sqrt())), &self.idf)
    }

    /// The weights a field carries in this index.
    pub fn field_weights(&self) -> FieldWeights {
        self.fields
    }

    fn time_boost(&self, config: &RankingConfig, a: Option<f64>, b: Option<f64>) -> f32 {
        match (a, b) {
            (Some(a), Some(b)) if config.recency_half_life_days > 0.0 => {
                let apart = (a - b).abs() as f32;
                1.0 + config.recency_weight * crate::math::exp(-apart / config.recency_half_life_days * std::f32::consts::LN_2)
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
