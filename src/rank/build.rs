//! Building an index from a manifest: each article's terms, title key, day and page key worked out on its own
//! (most of the cost, on all cores natively), then the archive's term ids, statistics and postings. The widget works
//! the articles out a slice at a time ([`IndexBuilder`]), so a large feed or manifest never holds the page's main
//! thread for long; the CLI builds in one call ([`Index::build`]). Both give the same index.
//!
//! Working terms out of text is for the CLI and the reader module: the panel ranks binary records, whose articles
//! carry their term vectors ([`IndexBuilder::of_record`]), and the reader module hands it a feed or a JSON manifest
//! with the vectors worked out ([`IndexBuilder::finish_as_record`]). So the panel's code holds no text analysis.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::weights::{article_terms, idf, to_vector, vector_hash};
use super::{primary_lang, Doc, FieldWeights, Index, COMMON_TERM_SHARE, FOREIGN_LANGUAGE, MIN_ARTICLES_FOR_COMMON_TERMS};
use crate::date::parse_iso8601;
use crate::manifest::{Article, Collection, CollectionDf, Entities, Manifest};
use crate::sort;
use crate::text;
use crate::url::page_key;

/// A URL resolver: an article's URL to the absolute form pages are compared by.
pub type ResolveUrl<'a> = &'a (dyn Fn(&str) -> String + Sync);

/// What building an index works out for one article on its own.
#[derive(Debug)]
struct PreparedArticle<Term> {
    /// Its terms and their weights before IDF, sorted by term (none for a record's article, which carries them):
    /// as text when worked out, then as their number in the builder's [`Interned`] terms.
    terms: Vec<(Term, f32)>,
    title_key: String,
    days: Option<f64>,
    url_key: String,
}

/// The distinct terms of the articles prepared so far, numbered in the order they came. An article keeps its terms
/// as these numbers rather than as text: at 1,000,000 articles, a hundred strings each were most of the build's
/// memory. [`term_statistics`] renumbers them in the terms' sorted order.
#[derive(Debug, Default)]
struct Interned {
    numbers: FxHashMap<String, u32>,
}

impl Interned {
    fn number(&mut self, term: String) -> u32 {
        let next = self.numbers.len() as u32;
        *self.numbers.entry(term).or_insert(next)
    }

    /// The terms with ids in their sorted order, and the id of each term's number.
    fn in_sorted_order(self) -> (FxHashMap<String, u32>, Vec<u32>) {
        let mut term_ids = self.numbers;
        let mut renumbered: Vec<u32> = vec![0; term_ids.len()];
        let mut sorted: Vec<(&String, &mut u32)> = term_ids.iter_mut().collect();
        sort::sort_by(&mut sorted, |a, b| a.0.cmp(b.0));
        for (id, (_, number)) in sorted.into_iter().enumerate() {
            renumbered[*number as usize] = id as u32;
            *number = id as u32;
        }
        (term_ids, renumbered)
    }
}

/// How many articles the builder works out before it numbers their terms, when it works out the rest at once: the
/// terms of one slice are text only until then.
const PREPARE_SLICE: usize = 16_384;

/// How an article's terms (weights before IDF, sorted by term) and title key are worked out, given the field
/// weights and whether the manifest's articles carry their vectors.
type WorkOutTerms = fn(&Article, &FieldWeights, bool) -> (Vec<(String, f32)>, String);

/// An index being built a slice of articles at a time: [`IndexBuilder::prepare_next`] until it says all are
/// prepared, then [`IndexBuilder::finish`] (which prepares whatever is left).
#[derive(Debug)]
pub struct IndexBuilder {
    manifest: Manifest,
    fields: FieldWeights,
    prepared: Vec<PreparedArticle<u32>>,
    interned: Interned,
    terms: WorkOutTerms,
}

impl IndexBuilder {
    /// Works each article's terms out of its text, unless the manifest's articles carry their vectors.
    pub fn new(manifest: Manifest, fields: FieldWeights) -> Self {
        Self::with(manifest, fields, terms_from_text)
    }

    /// Takes each article's vector and title key as the record carries them and works nothing out of text: an
    /// article without a vector (a record with no statistics) is only ever listed as "More news". The panel builds
    /// with this alone, so its code carries no text analysis.
    pub fn of_record(manifest: Manifest) -> Self {
        Self::with(manifest, FieldWeights::default(), terms_from_record)
    }

    fn with(manifest: Manifest, fields: FieldWeights, terms: WorkOutTerms) -> Self {
        let prepared = Vec::with_capacity(manifest.articles.len());
        IndexBuilder { manifest, fields, prepared, interned: Interned::default(), terms }
    }

    /// Works out the next `count` articles (at least one); true once every article is.
    pub fn prepare_next(&mut self, count: usize, resolve_url: ResolveUrl) -> bool {
        let start = self.prepared.len();
        let end = start.saturating_add(count.max(1)).min(self.manifest.articles.len());
        let slice = prepare(&self.manifest, &self.fields, self.terms, resolve_url, start..end);
        let interned = &mut self.interned;
        self.prepared.extend(slice.into_iter().map(|article| PreparedArticle {
            terms: article.terms.into_iter().map(|(term, weight)| (interned.number(term), weight)).collect(),
            title_key: article.title_key,
            days: article.days,
            url_key: article.url_key,
        }));
        self.prepared.len() >= self.manifest.articles.len()
    }

    /// Works out whatever articles are left, a slice at a time (each slice on all cores natively).
    fn prepare_rest(&mut self, resolve_url: ResolveUrl) {
        while self.prepared.len() < self.manifest.articles.len() {
            self.prepare_next(PREPARE_SLICE, resolve_url);
        }
    }

    /// The index, once every article is worked out.
    pub fn finish(mut self, resolve_url: ResolveUrl) -> Index {
        self.prepare_rest(resolve_url);
        assemble(self.manifest, self.fields, self.prepared, self.interned)
    }

    /// The manifest as a record carries it, once every article is worked out: each article with its term vector
    /// and title key (its keywords and entities, which the vectors are made from, left out), and the statistics
    /// the vectors' term ids point into. Ranked by [`IndexBuilder::of_record`], it gives the same lists and scores
    /// as the index [`IndexBuilder::finish`] builds: the reader module hands the panel a feed this way.
    pub fn finish_as_record(mut self) -> Manifest {
        // Page keys are not part of a record: the panel works them out from the URLs it keeps.
        self.prepare_rest(&|_| String::new());
        let statistics = term_statistics(&self.manifest, self.prepared, self.interned);
        let mut terms = vec![String::new(); statistics.term_ids.len()];
        for (term, id) in statistics.term_ids {
            terms[id as usize] = term;
        }
        let mut manifest = self.manifest;
        for ((article, vector), (title_key, _, _)) in manifest.articles.iter_mut().zip(statistics.raw_docs).zip(statistics.per_article) {
            article.vector = vector;
            article.title_key = Some(title_key);
            article.keywords = Vec::new();
            article.entities = Entities::default();
        }
        let articles = u32::try_from(statistics.archive_size).unwrap_or(u32::MAX);
        manifest.collection = Some(Collection { articles, df: CollectionDf::InTermOrder { terms, counts: statistics.doc_freq } });
        manifest
    }
}

impl Index {
    /// Builds the index of a validated manifest. `resolve_url` turns an article's URL into the absolute form pages
    /// are compared by (relative URLs resolve against the manifest's address).
    pub fn build(manifest: Manifest, fields: FieldWeights, resolve_url: ResolveUrl) -> Index {
        IndexBuilder::new(manifest, fields).finish(resolve_url)
    }
}

/// A record of the sharded index (version 2) carries each article's raw term weights and its terms' list: ranked
/// from those, nothing is worked out again from text.
fn precomputed_terms(manifest: &Manifest) -> Option<&Vec<String>> {
    match manifest.collection.as_ref().map(|c| &c.df) {
        Some(CollectionDf::InTermOrder { terms, .. }) => Some(terms),
        _ => None,
    }
}

/// The articles in `range`, worked out on all cores: normalising text is most of the cost of building an index.
fn prepare(manifest: &Manifest, fields: &FieldWeights, terms: WorkOutTerms, resolve_url: ResolveUrl, range: Range<usize>) -> Vec<PreparedArticle<String>> {
    let precomputed = precomputed_terms(manifest).is_some();
    let articles = manifest.articles.get(range).unwrap_or_default();
    crate::parallel::map(articles, |_, article| {
        let (terms, title_key) = terms(article, fields, precomputed);
        let days = article.date.as_deref().and_then(|d| parse_iso8601(d).ok()).map(|t| t.days());
        PreparedArticle { terms, title_key, days, url_key: page_key(&resolve_url(&article.url)) }
    })
}

/// An article's terms worked out of its text (none when the manifest's articles carry their vectors), sorted so
/// that term ids (and with them the order floats are summed in) do not depend on hash order: the same manifest
/// always ranks to the same scores. The title's terms are worked out once for its key and its words' weights.
fn terms_from_text(article: &Article, fields: &FieldWeights, precomputed: bool) -> (Vec<(String, f32)>, String) {
    let title_words = match (&article.title_key, precomputed) {
        (Some(_), true) => Vec::new(),
        _ => text::terms(&article.title, article.lang.as_deref().unwrap_or("")),
    };
    let mut terms: Vec<(String, f32)> =
        if precomputed { Vec::new() } else { article_terms(article, &title_words, fields).into_iter().collect() };
    sort::sort_by(&mut terms, |a, b| a.0.cmp(&b.0));
    let title_key = match &article.title_key {
        Some(key) => key.clone(),
        None => title_words.join(" "),
    };
    (terms, title_key)
}

/// What a record's article carries: its vector (taken by [`assemble`]) and its title key (none: an untitled
/// article, which the lists never merge with another).
fn terms_from_record(article: &Article, _: &FieldWeights, _: bool) -> (Vec<(String, f32)>, String) {
    (Vec::new(), article.title_key.clone().unwrap_or_default())
}

/// The archive's terms and statistics, from its articles worked out.
struct TermStatistics {
    /// Term ids in the terms' sorted order.
    term_ids: FxHashMap<String, u32>,
    /// Each article's terms by id, with their weights before IDF, in id order.
    raw_docs: Vec<Vec<(u32, f32)>>,
    /// Each article's title key, day and page key.
    per_article: Vec<(String, Option<f64>, String)>,
    /// The number of articles each term is in: in these articles, or in the whole archive a record is part of.
    doc_freq: Vec<u32>,
    /// The number of articles the statistics count.
    archive_size: usize,
}

/// Term ids, raw vectors and statistics from the articles worked out.
fn term_statistics(manifest: &Manifest, prepared: Vec<PreparedArticle<u32>>, interned: Interned) -> TermStatistics {
    let precomputed = precomputed_terms(manifest);
    // Term ids in the terms' own order, not in the order articles bring them: floats are summed in id order,
    // so a part of the archive (a record of the sharded index) sums every score in the order the whole does,
    // and gets the same scores to the last bit. `renumbered[n]` is the id of the term interned as number n.
    let (term_ids, renumbered) = match precomputed {
        Some(terms) => (terms.iter().enumerate().map(|(id, term)| (term.clone(), id as u32)).collect(), Vec::new()),
        None => interned.in_sorted_order(),
    };
    let mut doc_freq: Vec<u32> = vec![0; term_ids.len()];
    let mut per_article: Vec<(String, Option<f64>, String)> = Vec::with_capacity(prepared.len());
    let raw_docs: Vec<Vec<(u32, f32)>> = prepared
        .into_iter()
        .zip(&manifest.articles)
        .map(|(PreparedArticle { terms, title_key, days, url_key }, article)| {
            per_article.push((title_key, days, url_key));
            // An article's terms came sorted as text, so their ids, in the same order, rise.
            let raw: Vec<(u32, f32)> = if precomputed.is_some() {
                article.vector.clone()
            } else {
                terms.into_iter().map(|(number, weight)| (renumbered[number as usize], weight)).collect()
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
    TermStatistics { term_ids, raw_docs, per_article, doc_freq, archive_size }
}

/// The index from its articles worked out: term ids, statistics, vectors and postings.
fn assemble(manifest: Manifest, fields: FieldWeights, prepared: Vec<PreparedArticle<u32>>, interned: Interned) -> Index {
    let TermStatistics { term_ids, raw_docs, per_article, doc_freq, archive_size } = term_statistics(&manifest, prepared, interned);
    let n = archive_size.max(1) as f32;
    let common = if archive_size >= MIN_ARTICLES_FOR_COMMON_TERMS { n * COMMON_TERM_SHARE } else { f32::MAX };
    let idf: Vec<f32> = doc_freq.iter().map(|&df| if df as f32 > common { 0.0 } else { idf(df as f32, n) }).collect();
    let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); idf.len()];
    let mut docs = Vec::with_capacity(raw_docs.len());
    let mut title_groups: Vec<u32> = Vec::with_capacity(raw_docs.len());
    let mut first_of_title: FxHashMap<String, u32> = FxHashMap::default();
    let mut vector_groups: FxHashMap<u64, u32> = FxHashMap::default();
    for (position, ((article, raw), (title_key, days, url_key))) in
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
            url_key,
            title_key,
            vector_group,
            topics: article.topics.clone(),
            vector,
        });
    }
    let by_id = manifest.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i as u32)).collect();
    let mut by_url = FxHashMap::default();
    for (i, doc) in docs.iter().enumerate() {
        by_url.entry(doc.url_key.clone()).or_insert(i as u32);
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
