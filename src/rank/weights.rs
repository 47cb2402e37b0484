//! How an article becomes a term vector: each field's phrases normalised and weighted (keywords, names, topics,
//! title words), then scaled by inverse document frequency and normalised to unit length.

use rustc_hash::FxHashMap;

use crate::manifest::Article;
use crate::sort;
use crate::text;

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

/// A weighted, unit-length term vector, sorted by term id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermVector(pub(super) Vec<(u32, f32)>);

impl TermVector {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
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

/// Raw term weights of one article, before IDF: the sum of its fields' weights. `title_words` are the terms of
/// its title ([`text::terms`]), which the caller also needs for the title's key.
pub(super) fn article_terms(article: &Article, title_words: &[String], fields: &FieldWeights) -> FxHashMap<String, f32> {
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
    for word in title_words {
        *weights.entry(word.clone()).or_default() += fields.title;
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
pub(super) fn entity_weight(fields: &FieldWeights, keywords: usize) -> f32 {
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
pub(super) fn idf(df: f32, n: f32) -> f32 {
    let share = df / (n + 1.0);
    (crate::math::ln((n + 1.0) / (df + 1.0)).max(0.0) + 1.0) * (1.0 - share * share).max(0.0)
}

/// Terms sorted by id with the weights of repeated ids summed, in id order, so a sum never depends on the order
/// its parts came in.
pub(super) fn merge_terms(mut entries: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
    sort::sort_by_key(&mut entries, |(term, _)| *term);
    let mut merged: Vec<(u32, f32)> = Vec::with_capacity(entries.len());
    for (term, weight) in entries {
        match merged.last_mut() {
            Some(last) if last.0 == term => last.1 += weight,
            _ => merged.push((term, weight)),
        }
    }
    merged
}

/// Scales raw weights by IDF, keeps known terms, and normalises to unit length.
pub(super) fn to_vector(raw: impl IntoIterator<Item = (u32, f32)>, idf: &[f32]) -> TermVector {
    let mut entries: Vec<(u32, f32)> = raw
        .into_iter()
        .filter_map(|(id, w)| idf.get(id as usize).map(|idf| (id, w * idf)))
        .filter(|(_, w)| *w > 0.0)
        .collect();
    // Sorted before summing: floating-point sums depend on their order.
    sort::sort_by_key(&mut entries, |(id, _)| *id);
    let norm = entries.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, w) in &mut entries {
            *w /= norm;
        }
    }
    TermVector(entries)
}

/// A hash of a term vector's exact terms and weights, for finding identical vectors.
pub(super) fn vector_hash(vector: &TermVector) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    for &(term, weight) in &vector.0 {
        (term, weight.to_bits()).hash(&mut hasher);
    }
    hasher.finish()
}
