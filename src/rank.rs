//! Keyword-overlap ranking: the one implementation the widget and the CLI both call, with the same defaults.
//!
//! Each article becomes a sparse vector of terms (keywords, entities, topics and title words, each field with its
//! own weight) scaled by inverse document frequency and normalised to unit length, so a long keyword list does not
//! outweigh a short one. Similarity is the cosine of two vectors, times a small boost for closeness in time.
//!
//! A query is first compared as it is, then once more with the terms of its two nearest articles added (pseudo-
//! relevance feedback): an article of a few sentences shares few words with the others on its subject, and its
//! nearest neighbours bring the words those others use.

use std::collections::{HashMap, HashSet};

use rustc_hash::FxHashMap;

use crate::date::parse_iso8601;
use crate::lang;
use crate::manifest::{Article, Manifest};
use crate::text;
use crate::url::page_key;

/// How much each field of an article counts towards similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldWeights {
    pub keyword: f32,
    pub entity: f32,
    pub topic: f32,
    pub title: f32,
    /// Share of a phrase's weight given to each of its words, so "civil society" still meets "society".
    pub phrase_word: f32,
}

impl Default for FieldWeights {
    fn default() -> Self {
        // Names weigh most, so articles on the same story find each other: more than this found more of a story and
        // fewer articles on its broad subject, less the reverse. Title words count little on their own, because
        // the builder already counts them twice among an article's keywords.
        FieldWeights { keyword: 1.0, entity: 2.2, topic: 0.4, title: 0.15, phrase_word: 0.2 }
    }
}

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
/// so a name in a quarter of a 55-item feed still relates the stories that share it.
const MIN_ARTICLES_FOR_COMMON_TERMS: usize = 2000;
const COMMON_TERM_SHARE: f32 = 0.2;
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

/// A weighted, unit-length term vector, sorted by term id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermVector(Vec<(u32, f32)>);

impl TermVector {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
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
    topics: Vec<String>,
    vector: TermVector,
}

thread_local! {
    /// The score accumulator of [`Index::related`], reused across queries on the same thread.
    static SCORE_SCRATCH: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// URLs and titles already listed, so that one story reachable under two URLs or copied under one title is
/// listed once.
struct Seen<'a> {
    urls: HashSet<&'a str>,
    titles: HashSet<&'a str>,
}

impl<'a> Seen<'a> {
    fn for_query(query: &'a Query) -> Self {
        let mut seen = Seen { urls: HashSet::new(), titles: HashSet::new() };
        seen.urls.extend(query.url_key.as_deref());
        seen.titles.extend(query.title_key.as_deref().filter(|t| !t.is_empty()));
        seen
    }

    /// Records `doc` and tells whether it was new.
    fn admit(&mut self, doc: &'a Doc) -> bool {
        let title_seen = !doc.title_key.is_empty() && self.titles.contains(doc.title_key.as_str());
        if title_seen || self.urls.contains(doc.url_key.as_str()) {
            return false;
        }
        self.urls.insert(&doc.url_key);
        if !doc.title_key.is_empty() {
            self.titles.insert(&doc.title_key);
        }
        true
    }
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
    by_id: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    /// Article positions, newest first, for "More news".
    newest_first: Vec<usize>,
    fields: FieldWeights,
}

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

/// Per-article work runs on all cores natively (rayon) and in one loop in the browser, whose widget has one thread.
fn map_articles<R: Send>(articles: &[Article], f: impl Fn(&Article) -> R + Sync + Send) -> Vec<R> {
    #[cfg(not(target_arch = "wasm32"))]
    {
        use rayon::prelude::*;
        articles.par_iter().map(f).collect()
    }
    #[cfg(target_arch = "wasm32")]
    {
        articles.iter().map(f).collect()
    }
}

fn primary_lang(lang: Option<&str>) -> Option<String> {
    lang.map(lang::primary).filter(|l| !l.is_empty())
}

thread_local! {
    /// Normalised forms of names already seen, by language: an archive names the same people and places again and
    /// again.
    static NORMALIZED: std::cell::RefCell<FxHashMap<String, FxHashMap<String, Option<String>>>> = std::cell::RefCell::new(FxHashMap::default());
}

/// [`text::normalize_term`], remembered per thread for text that is not already in normal form.
fn normalize_cached(phrase: &str, lang: &str) -> Option<String> {
    if phrase.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b' ') {
        return text::normalize_term(phrase, lang);
    }
    NORMALIZED.with(|cache| {
        // Looked up by reference: no key is allocated for a name already seen.
        if let Some(known) = cache.borrow().get(lang).and_then(|forms| forms.get(phrase)) {
            return known.clone();
        }
        let normalized = text::normalize_term(phrase, lang);
        let mut cache = cache.borrow_mut();
        if cache.values().map(FxHashMap::len).sum::<usize>() > 100_000 {
            cache.clear(); // A bound, so a huge archive cannot grow it without end.
        }
        cache.entry(lang.to_string()).or_default().insert(phrase.to_string(), normalized.clone());
        normalized
    })
}

/// Raw term weights of one article, before IDF: the sum of its fields' weights.
fn article_terms(article: &Article, fields: &FieldWeights) -> FxHashMap<String, f32> {
    let lang = article.lang.as_deref().unwrap_or("");
    let mut weights: FxHashMap<String, f32> = FxHashMap::default();
    let add_phrase = |phrase: &str, weight: f32, weights: &mut FxHashMap<String, f32>| {
        let Some(term) = normalize_cached(phrase, lang) else { return };
        if term.contains(' ') {
            for word in term.split(' ') {
                *weights.entry(word.to_string()).or_default() += weight * fields.phrase_word;
            }
        }
        *weights.entry(term).or_default() += weight;
    };
    for keyword in &article.keywords {
        add_phrase(&keyword.term, fields.keyword * keyword.weight, &mut weights);
    }
    let entity_weight = entity_weight(fields, article.keywords.len());
    for entity in article.entities.all() {
        add_phrase(entity, entity_weight, &mut weights);
    }
    for topic in &article.topics {
        // Topics live in their own namespace: a topic id "health" and the word "health" are different signals.
        *weights.entry(format!("#{topic}")).or_default() += fields.topic;
    }
    for word in text::terms(&article.title, lang) {
        *weights.entry(word).or_default() += fields.title;
    }
    weights
}

/// Articles with up to this many keywords (a news item of a few sentences) weigh names fully.
const ENTITY_FULL_WEIGHT_KEYWORDS: f32 = 20.0;

/// The weight of an article's names: the full entity weight in a short item, where a name is much of what it says,
/// and less in a longer article, where most of the names are mentioned in passing: what a name weighs over an
/// ordinary keyword shrinks in proportion as the article has more keywords than a short item. Measured on the labelled sets,
/// this found more of each topic among long articles (+0.025 on stories joined into articles, filed by category;
/// +0.025 on four-sentence runs) and changed nothing on short items.
fn entity_weight(fields: &FieldWeights, keywords: usize) -> f32 {
    let share = (ENTITY_FULL_WEIGHT_KEYWORDS / keywords.max(1) as f32).min(1.0);
    fields.keyword + (fields.entity - fields.keyword) * share
}

/// How much a term in `df` of `n` articles says about the articles that have it.
///
/// Smoothed IDF, which falls gently with the share of articles a term is in: a word many articles on one subject
/// share ("election", "vaccine") still counts, where a steeper curve let rare names decide every list. Times one
/// less the square of that share, which leaves a term in a quarter of the articles almost all its weight, and a
/// term on every article of an archive (a site's own name) next to nothing, however small the site. No cliff at any share below the speed cut of very
/// large archives.
fn idf(df: f32, n: f32) -> f32 {
    let share = df / (n + 1.0);
    (((n + 1.0) / (df + 1.0)).ln().max(0.0) + 1.0) * (1.0 - share * share).max(0.0)
}

/// Terms sorted by id with the weights of repeated ids summed, in id order, so a sum never depends on the order
/// its parts came in.
fn merge_terms(mut entries: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    entries.sort_by_key(|(term, _)| *term);
    let mut merged: Vec<(u32, f32)> = Vec::with_capacity(entries.len());
    for (term, weight) in entries {
        match merged.last_mut() {
            Some(last) if last.0 == term => last.1 += weight,
            _ => merged.push((term, weight)),
        }
    }
    merged
}

/// What a query's nearest articles lend it: their terms, weighted, and the length of the query plus them.
#[derive(Debug, Clone)]
struct Expansion {
    lent: Vec<(u32, f32)>,
    norm: f32,
    /// The articles that lent them.
    lenders: Vec<u32>,
}

impl Expansion {
    /// The expanded query's unit vector.
    fn applied_to(&self, vector: &TermVector) -> TermVector {
        let mut merged = merge_terms(vector.0.iter().chain(&self.lent).copied().collect());
        for (_, weight) in &mut merged {
            *weight /= self.norm;
        }
        TermVector(merged)
    }
}

/// Scales raw weights by IDF, keeps known terms, and normalises to unit length.
fn to_vector(raw: impl IntoIterator<Item = (u32, f32)>, idf: &[f32]) -> TermVector {
    let mut entries: Vec<(u32, f32)> = raw
        .into_iter()
        .filter_map(|(id, w)| idf.get(id as usize).map(|idf| (id, w * idf)))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    // Sorted before summing: floating-point sums depend on their order.
    entries.sort_unstable_by_key(|(id, _)| *id);
    let norm = entries.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut entries {
            *w /= norm;
        }
    }
    TermVector(entries)
}

impl Index {
    /// Builds the index of a validated manifest. `resolve_url` turns an article's URL into the absolute form pages
    /// are compared by (relative URLs resolve against the manifest's address).
    pub fn build(manifest: Manifest, fields: FieldWeights, resolve_url: &dyn Fn(&str) -> String) -> Index {
        let mut term_ids: FxHashMap<String, u32> = FxHashMap::default();
        let mut doc_freq: Vec<u32> = Vec::new();
        // Each article's terms, sorted so that term ids (and with them the order floats are summed in) do not
        // depend on hash order: the same manifest always ranks to the same scores.
        // The normalised title and the day are worked out here too, on all cores: normalising text is most of
        // the cost of building an index.
        let article_term_lists = map_articles(&manifest.articles, |article| {
            let mut terms: Vec<(String, f32)> = article_terms(article, &fields).into_iter().collect();
            terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            let title_key = text::normalize_term(&article.title, article.lang.as_deref().unwrap_or("")).unwrap_or_default();
            let days = article.date.as_deref().and_then(|d| parse_iso8601(d).ok()).map(|t| t.days());
            (terms, title_key, days)
        });
        // Term ids in the terms' own order, not in the order articles bring them: floats are summed in id order,
        // so a part of the archive (a record of the sharded index) sums every score in the order the whole does,
        // and gets the same scores to the last bit.
        let mut vocabulary: Vec<&str> =
            article_term_lists.iter().flat_map(|(terms, _, _)| terms.iter().map(|(term, _)| term.as_str())).collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        for (id, term) in vocabulary.into_iter().enumerate() {
            term_ids.insert(term.to_string(), id as u32);
        }
        doc_freq.resize(term_ids.len(), 0);
        let mut per_article: Vec<(String, Option<f64>)> = Vec::with_capacity(article_term_lists.len());
        let raw_docs: Vec<Vec<(u32, f32)>> = article_term_lists
            .into_iter()
            .map(|(terms, title_key, days)| {
                per_article.push((title_key, days));
                terms
                    .into_iter()
                    .filter_map(|(term, weight)| {
                        let id = *term_ids.get(&term)?;
                        doc_freq[id as usize] += 1;
                        Some((id, weight))
                    })
                    .collect()
            })
            .collect();
        // A record of the sharded index is a part of an archive: the whole archive's statistics give its articles
        // the weights they have in the whole, so a part ranks its articles exactly as the whole does.
        let mut archive_size = manifest.articles.len();
        if let Some(collection) = &manifest.collection {
            archive_size = archive_size.max(collection.articles as usize);
            for (term, &id) in &term_ids {
                if let Some(&df) = collection.df.get(term) {
                    doc_freq[id as usize] = doc_freq[id as usize].max(df);
                }
            }
        }
        let n = archive_size.max(1) as f32;
        let common = if archive_size >= MIN_ARTICLES_FOR_COMMON_TERMS { n * COMMON_TERM_SHARE } else { f32::MAX };
        let idf: Vec<f32> = doc_freq.iter().map(|&df| if df as f32 > common { 0.0 } else { idf(df as f32, n) }).collect();
        let mut postings: Vec<Vec<(u32, f32)>> = vec![Vec::new(); idf.len()];
        let mut docs = Vec::with_capacity(raw_docs.len());
        for (position, ((article, raw), (title_key, days))) in
            manifest.articles.iter().zip(raw_docs).zip(per_article).enumerate()
        {
            let vector = to_vector(raw, &idf);
            for &(term, weight) in &vector.0 {
                postings[term as usize].push((position as u32, weight));
            }
            docs.push(Doc {
                lang: primary_lang(article.lang.as_deref()),
                days,
                url_key: page_key(&resolve_url(&article.url)),
                title_key,
                topics: article.topics.clone(),
                vector,
            });
        }
        let by_id = manifest.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let mut by_url = HashMap::new();
        for (i, doc) in docs.iter().enumerate() {
            by_url.entry(doc.url_key.clone()).or_insert(i);
        }
        let mut newest_first: Vec<usize> = (0..docs.len()).collect();
        newest_first.sort_unstable_by(|&a, &b| {
            let (da, db) = (docs[a].days.unwrap_or(f64::MIN), docs[b].days.unwrap_or(f64::MIN));
            db.total_cmp(&da).then_with(|| manifest.articles[a].id.cmp(&manifest.articles[b].id))
        });
        Index { manifest, docs, term_ids, doc_freq, idf, postings, by_id, by_url, newest_first, fields }
    }

    /// Article positions, newest first (undated last), the order "More news" takes them in.
    pub fn newest_first(&self) -> &[usize] {
        &self.newest_first
    }

    /// In how many articles of the archive a term (as [`Index::raw_terms`] names it) is.
    pub fn document_frequency(&self, term: &str) -> Option<u32> {
        self.term_ids.get(term).and_then(|&id| self.doc_freq.get(id as usize)).copied()
    }

    /// Every term an article's vector is made of, before IDF: what a record of the sharded index needs the
    /// archive's statistics for.
    pub fn raw_terms(&self, position: usize) -> Vec<String> {
        self.manifest.articles.get(position).map(|a| article_terms(a, &self.fields).into_keys().collect()).unwrap_or_default()
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
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

    fn language_mismatch(&self, position: usize, query: &Query, config: &RankingConfig) -> bool {
        config.same_language
            && matches!((&query.lang, &self.docs[position].lang), (Some(q), Some(d)) if q != d)
    }

    /// What [`Index::related`] ranks by: the query's similarity to every article it meets (zero left out, in the
    /// order first met), expanded by its nearest articles' terms when it has any, with the expansion.
    ///
    /// A dense accumulator with a list of the articles touched: much faster than a map when a query meets thousands
    /// of articles, as a CLI run over a whole archive does. It is kept per thread and zeroed again where it was
    /// touched, so a run over a whole archive does not allocate it for every query. The expanded query is
    /// (query + lent) / norm: the lent terms are added to the first pass's sums in place, and the query's own
    /// terms are not walked twice.
    fn compared(&self, query: &Query, config: &RankingConfig) -> (Option<Expansion>, Vec<(u32, f32)>) {
        SCORE_SCRATCH.with(|scratch| {
            let mut accumulator = scratch.borrow_mut();
            if accumulator.len() != self.docs.len() {
                // Every slot is zero between queries (each touched one is taken back below), so only a change of
                // index needs a fresh buffer.
                accumulator.clear();
                accumulator.resize(self.docs.len(), 0.0);
            }
            let mut touched: Vec<u32> = Vec::new();
            let add = |terms: &[(u32, f32)], accumulator: &mut Vec<f32>, touched: &mut Vec<u32>| {
                for &(term, q_weight) in terms {
                    for &(doc, d_weight) in &self.postings[term as usize] {
                        let slot = &mut accumulator[doc as usize];
                        if *slot == 0.0 {
                            touched.push(doc);
                        }
                        *slot += q_weight * d_weight;
                    }
                }
            };
            add(&query.vector.0, &mut accumulator, &mut touched);
            let expansion = self.expansion(query, touched.iter().map(|&doc| (doc, accumulator[doc as usize])), config);
            let scale = match &expansion {
                Some(expansion) => {
                    add(&expansion.lent, &mut accumulator, &mut touched);
                    1.0 / expansion.norm
                }
                None => 1.0,
            };
            let similarities = touched
                .into_iter()
                .map(|doc| (doc, std::mem::take(&mut accumulator[doc as usize]) * scale))
                .filter(|(_, similarity)| *similarity > 0.0)
                .collect();
            (expansion, similarities)
        })
    }

    /// What the query's nearest articles lend it, or `None` when it has no neighbour to learn from.
    ///
    /// The neighbours are the `expansion_neighbours` articles most similar to the query that its list could show
    /// (not itself, not in another language or an excluded topic, not below the threshold); each lends its vector
    /// in proportion to its similarity, `expansion_weight` in all.
    fn expansion(
        &self,
        query: &Query,
        similarities: impl Iterator<Item = (u32, f32)>,
        config: &RankingConfig,
    ) -> Option<Expansion> {
        let nearest = self.lenders(query, similarities, config);
        let total: f32 = nearest.iter().map(|(_, similarity)| similarity).sum();
        if nearest.is_empty() || total <= 0.0 {
            return None;
        }
        let mut lent: Vec<(u32, f32)> = Vec::new();
        for &(doc, similarity) in &nearest {
            let share = config.expansion_weight * similarity / total;
            lent.extend(self.docs[doc as usize].vector.0.iter().map(|&(term, weight)| (term, share * weight)));
        }
        let mut lent = merge_terms(lent);
        // A lent term weighing under a fifth of the strongest barely moves a score, but still walks its postings:
        // leaving such terms out took a sixth off the time of a query, for at most 0.004 of precision on any set.
        let strongest = lent.iter().map(|(_, weight)| *weight).fold(0.0, f32::max);
        lent.retain(|(_, weight)| *weight >= LENT_TERM_MIN_SHARE * strongest);
        let norm = merge_terms(query.vector.0.iter().chain(&lent).copied().collect())
            .iter()
            .map(|(_, w)| w * w)
            .sum::<f32>()
            .sqrt();
        let lenders = nearest.iter().map(|(doc, _)| *doc).collect();
        (norm > 0.0).then_some(Expansion { lent, norm, lenders })
    }

    /// The articles that lend a query their terms, with their similarity to it: the `expansion_neighbours` most
    /// similar that its list could show (not itself, not in another language or an excluded topic, not below the
    /// threshold; a duplicate title may lend, though the list leaves it out).
    fn lenders(&self, query: &Query, similarities: impl Iterator<Item = (u32, f32)>, config: &RankingConfig) -> Vec<(u32, f32)> {
        let wanted = config.expansion_neighbours;
        if wanted == 0 || config.expansion_weight <= 0.0 {
            return Vec::new();
        }
        // The best few by a scan, not a sort: a query can meet every article of the archive.
        let mut nearest: Vec<(u32, f32)> = Vec::with_capacity(wanted + 1);
        let before = |a: &(u32, f32), b: &(u32, f32)| a.1 > b.1 || (a.1 == b.1 && a.0 < b.0);
        for candidate in similarities {
            let position = candidate.0 as usize;
            if nearest.len() == wanted && !before(&candidate, &nearest[wanted - 1]) {
                continue;
            }
            if Some(position) == query.article
                || self.excluded_by_topic(position, config)
                || self.language_mismatch(position, query, config)
            {
                continue;
            }
            let at = nearest.iter().position(|kept| before(&candidate, kept)).unwrap_or(nearest.len());
            nearest.insert(at, candidate);
            nearest.truncate(wanted);
        }
        // A neighbour must be one the list would show: lending a weak match its own terms would only pull it up.
        let best = nearest.first().map_or(0.0, |(_, similarity)| *similarity);
        let threshold = adaptive_threshold(config.min_score, best);
        nearest.retain(|(_, similarity)| *similarity >= threshold);
        nearest
    }

    /// The articles that lend `query` their terms in its second comparison: a record of the sharded index must
    /// hold them, or the query's expanded terms would differ from the whole archive's.
    pub fn lending_articles(&self, query: &Query, config: &RankingConfig) -> Vec<usize> {
        let (expansion, _) = self.compared(query, config);
        expansion.map(|e| e.lenders.into_iter().map(|doc| doc as usize).collect()).unwrap_or_default()
    }

    /// The score a candidate needs for `query`: [`adaptive_threshold`] of its best match, itself left out.
    fn threshold(&self, query: &Query, similarities: &[(u32, f32)], config: &RankingConfig) -> f32 {
        let own = query.article.and_then(|a| u32::try_from(a).ok());
        let best = similarities.iter().filter(|(doc, _)| Some(*doc) != own).map(|(_, s)| *s).fold(0.0, f32::max);
        adaptive_threshold(config.min_score, best)
    }

    /// Related articles for `query`, best first: pinned ids first in their order, then by score, newer first on
    /// equal scores, then by id, so the order never depends on hashing.
    pub fn related(&self, query: &Query, config: &RankingConfig) -> Vec<Ranked> {
        let pinned_positions: Vec<usize> = query.pinned.iter().filter_map(|id| self.by_id.get(id).copied()).collect();
        let (_, mut scores) = self.compared(query, config);
        let threshold = self.threshold(query, &scores, config);
        // The time boost is at most 1 + recency_weight: anything below this cannot reach the threshold, and is
        // dropped before the (costly) boost is computed. Pinned articles are kept whatever their score.
        let floor = threshold / (1.0 + config.recency_weight.max(0.0));
        scores.retain(|(doc, similarity)| *similarity >= floor || pinned_positions.contains(&(*doc as usize)));
        let score_of = |position: usize| scores.iter().find(|(doc, _)| *doc as usize == position).map_or(0.0, |(_, s)| *s);
        let mut seen = Seen::for_query(query);
        let eligible = |position: usize| {
            Some(position) != query.article
                && !self.excluded_by_topic(position, config)
                && !self.language_mismatch(position, query, config)
        };
        let mut out: Vec<Ranked> = Vec::with_capacity(config.limit);
        for pinned_id in &query.pinned {
            if out.len() >= config.limit {
                break;
            }
            if let Some(&position) = self.by_id.get(pinned_id) {
                if eligible(position) && !out.iter().any(|r| r.article == position) {
                    let score = score_of(position);
                    if seen.admit(&self.docs[position]) {
                        out.push(Ranked { article: position, score, pinned: true });
                    }
                }
            }
        }
        let mut candidates: Vec<Ranked> = scores
            .into_iter()
            .map(|(doc, similarity)| {
                let position = doc as usize;
                let score = similarity * self.time_boost(config, query.days, self.docs[position].days);
                Ranked { article: position, score, pinned: false }
            })
            .filter(|r| r.score >= threshold && eligible(r.article))
            .collect();
        let order = |a: &Ranked, b: &Ranked| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| {
                    let (da, db) = (self.docs[a.article].days, self.docs[b.article].days);
                    db.unwrap_or(f64::MIN).total_cmp(&da.unwrap_or(f64::MIN))
                })
                .then_with(|| self.manifest.articles[a.article].id.cmp(&self.manifest.articles[b.article].id))
        };
        // Only the head of the order is read: the best few are picked out and sorted, with room for duplicates
        // the list skips; the rest is sorted only when the list needs more of it.
        let head = (config.limit * 4 + 8).min(candidates.len());
        if head < candidates.len() {
            candidates.select_nth_unstable_by(head, order);
        }
        let (best, rest) = candidates.split_at_mut(head);
        best.sort_unstable_by(order);
        let mut sorted_rest = false;
        for index in 0..best.len() + rest.len() {
            if out.len() >= config.limit {
                break;
            }
            let candidate = if index < best.len() {
                best[index]
            } else {
                if !sorted_rest {
                    rest.sort_unstable_by(order);
                    sorted_rest = true;
                }
                rest[index - best.len()]
            };
            if !out.iter().any(|r| r.article == candidate.article) && seen.admit(&self.docs[candidate.article]) {
                out.push(candidate);
            }
        }
        out
    }

    /// The latest articles for "More news": newest first, same filters as [`Index::related`], skipping `taken`.
    pub fn latest(&self, query: &Query, config: &RankingConfig, taken: &[usize], count: usize) -> Vec<usize> {
        let mut seen = Seen::for_query(query);
        for &position in taken {
            seen.admit(&self.docs[position]);
        }
        let mut out = Vec::with_capacity(count);
        for &position in &self.newest_first {
            if out.len() >= count {
                break;
            }
            let doc = &self.docs[position];
            if Some(position) == query.article
                || taken.contains(&position)
                || self.excluded_by_topic(position, config)
                || self.language_mismatch(position, query, config)
                || !seen.admit(doc)
            {
                continue;
            }
            out.push(position);
        }
        out
    }

    /// The listed article that `b` repeats (same URL or title), which the duplicate filters keep instead of `b`.
    pub fn listed_duplicate_of(&self, b: usize, listed: &[Ranked]) -> Option<usize> {
        let doc = self.docs.get(b)?;
        listed.iter().map(|r| r.article).filter(|&p| p != b).find(|&p| {
            let other = &self.docs[p];
            other.url_key == doc.url_key || (!doc.title_key.is_empty() && other.title_key == doc.title_key)
        })
    }

    /// How `b` scores as a candidate for `a` under `config`: similarity, time boost, and why it would be left
    /// out of `a`'s list regardless of rank (what `explain` prints).
    pub fn pair_score(&self, a: usize, b: usize, config: &RankingConfig) -> Option<PairScore> {
        let query = self.query_for(a)?;
        let doc = self.docs.get(b)?;
        let (expansion, similarities) = self.compared(&query, config);
        let compared = expansion.map_or_else(|| query.vector.clone(), |e| e.applied_to(&query.vector));
        let weights_b: HashMap<u32, f32> = doc.vector.0.iter().copied().collect();
        // An empty sum is -0.0 in floating point; a similarity is never below zero.
        let sum: f32 = compared.0.iter().filter_map(|(id, w)| weights_b.get(id).map(|wb| w * wb)).sum();
        let similarity = if sum > 0.0 { sum } else { 0.0 };
        let boost = self.time_boost(config, query.days, doc.days);
        let same = |key: &Option<String>, other: &str| key.as_deref().is_some_and(|k| !k.is_empty() && k == other);
        let excluded = if a == b {
            Some("it is the same article")
        } else if same(&query.url_key, &doc.url_key) {
            Some("it has the current article's URL (the duplicate-URL filter)")
        } else if same(&query.title_key, &doc.title_key) {
            Some("it has the current article's title (the duplicate-title filter)")
        } else if self.language_mismatch(b, &query, config) {
            Some("its language differs from the current article's (the same-language filter)")
        } else if self.excluded_by_topic(b, config) {
            Some("it has an excluded topic (the exclude-topics filter)")
        } else if similarity * boost < self.threshold(&query, &similarities, config)
            && !query.pinned.iter().any(|p| self.by_id.get(p) == Some(&b))
        {
            Some("its score is below the minimum score (the threshold)")
        } else {
            None
        };
        let days_apart = match (query.days, doc.days) {
            (Some(x), Some(y)) => Some((x - y).abs()),
            _ => None,
        };
        Some(PairScore { similarity, boost, score: similarity * boost, days_apart, excluded })
    }

    /// The terms that make up `b`'s similarity to `a` (before the time boost) and what each added, largest first:
    /// what `explain` prints. The contributions add up to [`PairScore::similarity`].
    pub fn shared_terms(&self, a: usize, b: usize, config: &RankingConfig) -> Vec<SharedTerm> {
        let (Some(query), Some(db)) = (self.query_for(a), self.docs.get(b)) else { return Vec::new() };
        let (expansion, _) = self.compared(&query, config);
        let compared = expansion.map_or_else(|| query.vector.clone(), |e| e.applied_to(&query.vector));
        let names: HashMap<u32, &str> = self.term_ids.iter().map(|(t, &id)| (id, t.as_str())).collect();
        let own: HashSet<u32> = query.vector.0.iter().map(|(id, _)| *id).collect();
        let weights_b: HashMap<u32, f32> = db.vector.0.iter().copied().collect();
        let mut shared: Vec<SharedTerm> = compared
            .0
            .iter()
            .filter_map(|&(id, wa)| {
                weights_b.get(&id).map(|wb| SharedTerm {
                    term: names.get(&id).copied().unwrap_or("?").to_string(),
                    contribution: wa * wb,
                    borrowed: !own.contains(&id),
                })
            })
            .collect();
        shared.sort_unstable_by(|x, y| y.contribution.total_cmp(&x.contribution).then_with(|| x.term.cmp(&y.term)));
        shared
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::parse_str;

    fn index(json: &str) -> Index {
        let loaded = parse_str(json).expect("fixture manifest");
        assert!(loaded.report.is_clean(), "{:?}", loaded.report);
        Index::build(loaded.manifest, FieldWeights::default(), &|u| format!("https://site.example{u}"))
    }

    fn ids(index: &Index, ranked: &[Ranked]) -> Vec<String> {
        ranked.iter().map(|r| index.article(r.article).map(|a| a.id.clone()).unwrap_or_default()).collect()
    }

    fn related_ids(index: &Index, id: &str, config: &RankingConfig) -> Vec<String> {
        let query = index.query_for(index.find(id).expect("known id")).expect("query");
        ids(index, &index.related(&query, config))
    }

    const SITE: &str = r#"{"version":1,"site":{"lang":"en"},"articles":[
        {"id":"kerry","url":"/kerry","title":"Kerry meets civil society activists in Basel","date":"2014-12-04",
         "keywords":["civil society","osce","human rights","basel"],"entities":{"people":["John Kerry"],"organizations":["OSCE"]}},
        {"id":"vilnius","url":"/vilnius","title":"Parallel OSCE conference in Vilnius","date":"2011-12-05",
         "keywords":["civil society","osce","human rights defenders","vilnius"],"entities":{"organizations":["OSCE"]}},
        {"id":"kazakh","url":"/kazakh","title":"US-Kazakhstan dialogue on human rights","date":"2024-05-20",
         "keywords":["human rights","kazakhstan","civil society"]},
        {"id":"football","url":"/football","title":"Cup final ends in a draw","date":"2014-12-05",
         "keywords":["football","cup final"]},
        {"id":"kerry-aliyev","url":"/kerry-aliyev","title":"State Department about meeting Kerry with Aliyev","date":"2014-12-20",
         "keywords":["azerbaijan","aliyev"],"entities":{"people":["John Kerry","Ilham Aliyev"]}},
        {"id":"ru","url":"/ru","title":"Гражданское общество и ОБСЕ","date":"2014-12-05","lang":"ru",
         "keywords":["гражданское общество","обсе","osce"]}
    ]}"#;

    #[test]
    fn names_weigh_less_in_long_articles() {
        let fields = FieldWeights::default();
        assert_eq!(entity_weight(&fields, 0), fields.entity);
        assert_eq!(entity_weight(&fields, 20), fields.entity);
        let long = entity_weight(&fields, 40);
        assert!((long - (1.0 + (fields.entity - 1.0) / 2.0)).abs() < 1e-6, "{long}");
        assert!(entity_weight(&fields, 60) < long && entity_weight(&fields, 60) > fields.keyword);
    }

    #[test]
    fn ranks_by_shared_rare_terms() {
        let index = index(SITE);
        let related = related_ids(&index, "kerry", &RankingConfig::default());
        assert_eq!(related[0], "vilnius", "{related:?}");
        assert!(related.contains(&"kazakh".to_string()));
        assert!(related.contains(&"kerry-aliyev".to_string()));
        assert!(!related.contains(&"football".to_string()), "nothing shared, below the threshold");
        assert!(!related.contains(&"kerry".to_string()), "never related to itself");
    }

    #[test]
    fn same_language_filter_and_its_switch() {
        let index = index(SITE);
        assert!(!related_ids(&index, "kerry", &RankingConfig::default()).contains(&"ru".to_string()));
        let mixed = RankingConfig { same_language: false, ..RankingConfig::default() };
        assert!(related_ids(&index, "kerry", &mixed).contains(&"ru".to_string()));
        assert!(related_ids(&index, "ru", &RankingConfig::default()).is_empty());
    }

    #[test]
    fn threshold_and_limit() {
        let index = index(SITE);
        let strict = RankingConfig { min_score: 0.99, ..RankingConfig::default() };
        assert!(related_ids(&index, "kerry", &strict).is_empty());
        let one = RankingConfig { limit: 1, ..RankingConfig::default() };
        assert_eq!(related_ids(&index, "kerry", &one), ["vilnius"]);
        let query = index.query_for(0).expect("query");
        let scores: Vec<f32> = index.related(&query, &RankingConfig::default()).iter().map(|r| r.score).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
        assert!(scores.iter().all(|s| *s >= DEFAULT_MIN_SCORE && *s <= 1.0 + RankingConfig::default().recency_weight + 1e-6));
    }

    #[test]
    fn pins_come_first_even_without_overlap() {
        let json = SITE.replace(r#""id":"kerry","url":"/kerry","#, r#""id":"kerry","url":"/kerry","pinned":["football","missing"],"#);
        let index = index(&json);
        let related = related_ids(&index, "kerry", &RankingConfig::default());
        assert_eq!(related[0], "football");
        assert_eq!(related[1], "vilnius");
    }

    #[test]
    fn excludes_topics_duplicate_urls_and_titles() {
        let json = r#"{"version":1,"articles":[
            {"id":"a","url":"/a","title":"Flood in Valencia","keywords":["flood","valencia"]},
            {"id":"a-copy","url":"/a/","title":"Another title","keywords":["flood","valencia"]},
            {"id":"b","url":"/b","title":"Valencia flood toll rises","keywords":["flood","valencia"],"topics":["disasters"]},
            {"id":"b2","url":"/b2","title":"Valencia  flood toll rises!","keywords":["flood","valencia"]},
            {"id":"c","url":"/c","title":"Flood warnings","keywords":["flood"]}
        ]}"#;
        let index = index(json);
        let all = related_ids(&index, "a", &RankingConfig::default());
        assert!(!all.contains(&"a-copy".to_string()), "same URL as the current article: {all:?}");
        let titles: Vec<_> = all.iter().filter(|id| id.starts_with('b')).collect();
        assert_eq!(titles.len(), 1, "one of two articles with the same title: {all:?}");
        let config = RankingConfig { exclude_topics: vec!["disasters".into()], ..RankingConfig::default() };
        assert!(!related_ids(&index, "a", &config).contains(&"b".to_string()));
    }

    #[test]
    fn ties_are_broken_by_date_then_id() {
        let json = r#"{"version":1,"articles":[
            {"id":"q","url":"/q","title":"Q","keywords":["alpha"]},
            {"id":"z","url":"/z","title":"Z","keywords":["alpha"],"date":"2020-01-01"},
            {"id":"y","url":"/y","title":"Y","keywords":["alpha"],"date":"2020-01-01"},
            {"id":"x","url":"/x","title":"X","keywords":["alpha"],"date":"2019-01-01"},
            {"id":"o","url":"/o","title":"O","keywords":["omega"]}
        ]}"#;
        let index = index(json);
        let config = RankingConfig { recency_weight: 0.0, ..RankingConfig::default() };
        assert_eq!(related_ids(&index, "q", &config), ["y", "z", "x"]);
    }

    #[test]
    fn recency_boost_prefers_closer_dates() {
        let json = r#"{"version":1,"articles":[
            {"id":"q","url":"/q","title":"Q","keywords":["alpha"],"date":"2020-06-01"},
            {"id":"far","url":"/far","title":"Far","keywords":["alpha"],"date":"2010-01-01"},
            {"id":"near","url":"/near","title":"Near","keywords":["alpha"],"date":"2020-05-30"},
            {"id":"o","url":"/o","title":"O","keywords":["omega"]}
        ]}"#;
        let index = index(json);
        assert_eq!(related_ids(&index, "q", &RankingConfig::default()), ["near", "far"]);
    }

    #[test]
    fn finds_articles_by_id_or_url() {
        let index = index(SITE);
        assert_eq!(index.find("vilnius"), Some(1));
        assert_eq!(index.find("https://site.example/vilnius"), Some(1));
        assert_eq!(index.find("HTTPS://SITE.example/vilnius/#comments"), Some(1));
        assert_eq!(index.find("https://site.example/nowhere"), None);
    }

    #[test]
    fn a_page_outside_the_manifest_still_ranks() {
        let index = index(SITE);
        let vector = index.query_from_text(
            &[("Defenders gather in Vilnius", 2.0), ("Human rights defenders met the OSCE. Civil society spoke.", 1.0)],
            Some("en"),
        );
        let query = Query { vector, article: None, lang: Some("en".into()), days: None, url_key: None, title_key: None, pinned: vec![] };
        let related = ids(&index, &index.related(&query, &RankingConfig::default()));
        assert_eq!(related.first().map(String::as_str), Some("vilnius"), "{related:?}");
        assert!(!related.contains(&"football".to_string()));
    }

    #[test]
    fn forms_map_page_words_to_keywords() {
        let json = r#"{"version":1,"forms":{"societies":"society"},"articles":[
            {"id":"a","url":"/a","title":"A","keywords":["society"]},
            {"id":"b","url":"/b","title":"B","keywords":["football"]}]}"#;
        let index = index(json);
        let vector = index.query_from_text(&[("Open societies", 1.0)], None);
        let query = Query { vector, article: None, lang: None, days: None, url_key: None, title_key: None, pinned: vec![] };
        assert_eq!(ids(&index, &index.related(&query, &RankingConfig::default())), ["a"]);
    }

    #[test]
    fn more_news_is_newest_first_without_repeats() {
        let index = index(SITE);
        let query = index.query_for(index.find("kerry").expect("id")).expect("query");
        let related = index.related(&query, &RankingConfig::default());
        let taken: Vec<usize> = related.iter().map(|r| r.article).collect();
        let latest = index.latest(&query, &RankingConfig::default(), &taken, 5);
        let latest_ids: Vec<_> = latest.iter().map(|&i| index.article(i).map(|a| a.id.as_str()).unwrap_or("")).collect();
        assert_eq!(latest_ids, ["football"], "English only, not the current one, nothing already related");
    }

    #[test]
    fn shared_terms_explain_a_score() {
        let index = index(SITE);
        let config = RankingConfig { recency_weight: 0.0, min_score: 0.0, ..RankingConfig::default() };
        let shared = index.shared_terms(0, 1, &config);
        let names: Vec<_> = shared.iter().map(|t| t.term.as_str()).collect();
        assert!(names.contains(&"osce") && names.contains(&"civil society"), "{names:?}");
        assert!(shared.iter().any(|t| t.term == "osce" && !t.borrowed), "the article's own term: {shared:?}");
        let total: f32 = shared.iter().map(|t| t.contribution).sum();
        let query = index.query_for(0).expect("query");
        let score = index.related(&query, &config).iter().find(|r| r.article == 1).map(|r| r.score);
        assert!((score.unwrap_or(0.0) - total).abs() < 1e-5);
        let pair = index.pair_score(0, 1, &config).expect("pair");
        assert!((pair.similarity - total).abs() < 1e-5, "explain's similarity is the one related ranks by");
    }

    #[test]
    fn scores_do_not_depend_on_hash_order() {
        // Each index gets fresh hash seeds; the scores must be bit-identical anyway.
        let runs: Vec<Vec<u32>> = (0..4)
            .map(|_| {
                let index = index(SITE);
                let query = index.query_for(0).expect("query");
                index.related(&query, &RankingConfig::default()).iter().map(|r| r.score.to_bits()).collect()
            })
            .collect();
        assert!(runs.windows(2).all(|w| w[0] == w[1]), "{runs:?}");
    }

    #[test]
    fn the_threshold_adapts_to_how_strong_the_best_match_is() {
        assert!((adaptive_threshold(0.08, 0.6) - 0.08).abs() < 1e-6, "a well-connected archive keeps min-score");
        assert!((adaptive_threshold(0.08, 0.12) - 0.032).abs() < 1e-6, "weak best matches lower it in proportion");
        assert_eq!(adaptive_threshold(0.0, 0.5), 0.0, "0 turns it off");
        assert!(adaptive_threshold(0.99, 0.99) > 0.98, "near-duplicates only, when asked for");
        assert!((adaptive_threshold(0.08, 0.001) - 0.02).abs() < 1e-6, "never below a quarter of min-score");
    }

    #[test]
    fn the_nearest_articles_lend_their_terms() {
        // "a" shares nothing with "c", but its nearest article "b" does: "c" is on the same subject.
        let mut articles = vec![
            r#"{"id":"a","url":"/a","title":"A","keywords":["vaccine","measles"]}"#.to_string(),
            r#"{"id":"b","url":"/b","title":"B","keywords":["vaccine","measles","immunisation"]}"#.to_string(),
            r#"{"id":"c","url":"/c","title":"C","keywords":["immunisation","clinic"]}"#.to_string(),
        ];
        articles.extend((0..20).map(|i| format!(r#"{{"id":"n{i}","url":"/n{i}","title":"N{i}","keywords":["own{i}"]}}"#)));
        let feed = index(&format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(",")));
        let query = feed.query_for(0).expect("query");
        let plain = RankingConfig { expansion_neighbours: 0, ..RankingConfig::default() };
        assert_eq!(ids(&feed, &feed.related(&query, &plain)), ["b"]);
        assert_eq!(ids(&feed, &feed.related(&query, &RankingConfig::default())), ["b", "c"]);
        let shared = feed.shared_terms(0, 2, &RankingConfig::default());
        assert!(shared.iter().any(|t| t.term == "immunisation" && t.borrowed), "{shared:?}");
        let pair = feed.pair_score(0, 2, &RankingConfig::default()).expect("pair");
        assert!(pair.excluded.is_none() && pair.similarity > 0.0, "{pair:?}");
    }

    #[test]
    fn a_name_in_a_quarter_of_a_small_feed_still_relates_its_stories() {
        // 55 items, 14 of them about one person: the name is common here, but it is what those stories share.
        let articles: Vec<String> = (0..55)
            .map(|i| {
                let own = format!("topic{i}");
                let keywords = if i < 14 { format!(r#"["donald trump","{own}"]"#) } else { format!(r#"["{own}","weather"]"#) };
                format!(r#"{{"id":"a{i}","url":"/a{i}","title":"Report on {own}","keywords":{keywords}}}"#)
            })
            .collect();
        let text = format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(","));
        let feed = index(&text);
        let query = feed.query_for(0).expect("query");
        let related = feed.related(&query, &RankingConfig::default());
        assert_eq!(related.len(), 5, "{related:?}");
        assert!(related.iter().all(|r| r.article < 14), "only the other stories about the same person: {related:?}");
        // A term on every article of an archive (a site's own name) weighs next to nothing.
        let everywhere: Vec<String> = (0..60)
            .map(|i| format!(r#"{{"id":"b{i}","url":"/b{i}","title":"Item own{i}","keywords":["site name","own{i}"]}}"#))
            .collect();
        let site = index(&format!(r#"{{"version":1,"articles":[{}]}}"#, everywhere.join(",")));
        let query = site.query_for(0).expect("query");
        assert!(site.related(&query, &RankingConfig::default()).is_empty());
    }
}
