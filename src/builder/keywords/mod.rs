//! Keywords per article: the terms that best tell it apart from the rest of the corpus.
//!
//! Words are grouped by stem (so "society" and "societies" count together), two-word phrases that recur in the
//! corpus are kept whole ("civil society"), and capitalised names become entities ("Community of Democracies").
//! Each candidate is scored by TF-IDF; explicit tags always count, and more. The manifest stores real words (the
//! most frequent form of each stem) and a `forms` table of the other forms, so the widget never needs a stemmer.

use std::collections::BTreeMap;

// Fx hashing: the builder hashes millions of short words per build, where SipHash's resistance to crafted keys
// (the site's own text) buys nothing.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use rayon::prelude::*;

use super::document::Document;
use super::names::{cased_sentences, find_names, is_acronym, CaseCounts, NameMention, NameRules, ORGANIZATION_WORDS};
use super::stem::Stemmers;
use crate::lang;
use crate::manifest::{Entities, Keyword};
use crate::text;

/// Keywords per article by default: the manifest's own default, shared with the widget's reading of a JSON Feed.
pub const DEFAULT_KEYWORDS_PER_ARTICLE: usize = Keyword::PER_ARTICLE;

/// How many keywords and entities each article keeps, and how explicit tags weigh against extracted terms.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordSettings {
    pub keywords_per_article: usize,
    pub entities_per_article: usize,
    pub tag_weight: f32,
    /// Terms in more than this share of the articles say nothing about any of them (with 20 articles or more).
    /// Half, not less: where one subject fills a third of a site (company results on a newswire, the war on a
    /// conflict desk), the words of that subject are in a third of its articles and still tell them from the rest;
    /// the ranking's IDF already weighs them down smoothly. Function words are stop words before this cut.
    pub max_document_share: f32,
    /// At most this many variant forms are listed per keyword.
    pub forms_per_keyword: usize,
    /// A two-word phrase is kept only when its words occur together this often (Dice coefficient of the pair
    /// against the words' own counts): "human rights" passes, "seven people" does not.
    pub min_phrase_association: f32,
}

impl Default for KeywordSettings {
    fn default() -> Self {
        KeywordSettings {
            keywords_per_article: DEFAULT_KEYWORDS_PER_ARTICLE,
            entities_per_article: 8,
            tag_weight: Keyword::MAX_WEIGHT,
            max_document_share: 0.5,
            forms_per_keyword: 3,
            min_phrase_association: 0.1,
        }
    }
}

/// What one article gets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleTerms {
    pub keywords: Vec<Keyword>,
    pub entities: Entities,
}

/// Per-term facts over the whole corpus.
#[derive(Debug, Default)]
struct TermStats {
    document_frequency: u32,
    /// Occurrences in the whole corpus.
    total: u32,
    /// The words as written, with counts: nearly always one or two, so a list beats a map.
    surface_counts: Vec<(String, u32)>,
}

impl TermStats {
    /// The form written to the manifest: the most frequent one, ties to the shortest then alphabetical.
    fn written_form(&self) -> String {
        self.surface_counts
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.len().cmp(&a.0.len())).then_with(|| b.0.cmp(&a.0)))
            .map(|(s, _)| s.clone())
            .unwrap_or_default()
    }
}

#[derive(Debug, Default)]
struct EntityStats {
    document_frequency: u32,
    displays: HashMap<String, u32>,
    person_cues: u32,
    place_cues: u32,
    mentions: u32,
}

/// How strongly the two words of a phrase belong together: twice the phrase's count over the sum of the words'
/// counts (the Dice coefficient).
fn association(phrase_key: &str, phrase_total: u32, ids: &HashMap<String, u32>, stats: &[(String, TermStats)]) -> f32 {
    let (lang, phrase) = phrase_key.split_once('|').unwrap_or(("", phrase_key));
    let Some((first, second)) = phrase.split_once(' ') else { return 1.0 };
    let total = |word: &str| ids.get(&format!("{lang}|{word}")).and_then(|&id| stats.get(id as usize)).map_or(0, |s| s.1.total);
    let words = total(first) + total(second);
    if words == 0 { 0.0 } else { 2.0 * phrase_total as f32 / words as f32 }
}

/// One document's words, ready for counting: clauses of normalised words with their stems and the weight of the
/// field they came from, and its sentences with their original case, for finding names.
#[derive(Debug, Default)]
struct Tokenised {
    lang: String,
    clauses: Vec<(Vec<String>, Vec<String>, f32)>,
    sentences: Vec<Vec<String>>,
}

thread_local! {
    /// One set of stemmers (and their cache) per worker thread.
    static STEMMERS: std::cell::RefCell<Stemmers> = std::cell::RefCell::new(Stemmers::new());
}

/// Languages whose function words the shared list in `text` already covers, with care for what the widget needs.
const CURATED_STOP_WORD_LANGUAGES: &[&str] = &["en", "ru", "uk", "az", "lt"];

/// Lithuanian function words the builder drops beyond the shared list of `text` (trial 12's keywords "turi", "vėl",
/// "prieš", "nėra", "kurios"): SIB-200 Lithuanian 0.493 -> 0.499. Kept out of the widget's list, whose reader module
/// then showed a task of over 50 ms on a 1,000-item feed in `make bench-web`, not understood yet (docs/benchmarks.md);
/// a page's own words the widget keeps these in find no term of the index by them.
const LITHUANIAN_FUNCTION_WORDS: &str = "turi turėjo turės vis vėl kiti kitų kitos kitus kitą kitas kita daugiau mažiau \
    prieš nėra nebuvo jį ją juo jiems pats pati patys pačios pačių kartą kartus kartų dabar čia tada vėliau nors tiek \
    metus metai metais kurios kuriam kuriai kuriuo kuriais kuriomis";

/// Function words of other languages (Slovak "ktorý", "alebo", "podľa"; German "wurde"...), from the ISO stop-word
/// lists: a clause is split where one stands, so they neither become keywords nor join two words into a phrase.
fn other_stop_words(language: &str) -> Option<&'static HashSet<&'static str>> {
    static SETS: std::sync::OnceLock<HashMap<&'static str, HashSet<&'static str>>> = std::sync::OnceLock::new();
    static LITHUANIAN: std::sync::OnceLock<HashSet<&'static str>> = std::sync::OnceLock::new();
    if language == "lt" {
        return Some(LITHUANIAN.get_or_init(|| LITHUANIAN_FUNCTION_WORDS.split_whitespace().collect()));
    }
    if CURATED_STOP_WORD_LANGUAGES.contains(&language) {
        return None;
    }
    // All the lists at once, the first time any is needed: a few tens of thousands of words, read in milliseconds.
    let sets = SETS.get_or_init(|| {
        stop_words::available_languages()
            .iter()
            .filter_map(|code| Some((*code, stop_words::lookup(code)?.iter().copied().collect())))
            .collect()
    });
    sets.get(language)
}

/// Splits clauses where a word of `stops` stands, and drops those words.
fn without_stop_words(clauses: Vec<Vec<String>>, stops: Option<&HashSet<&str>>) -> Vec<Vec<String>> {
    let Some(stops) = stops else { return clauses };
    let mut out = Vec::with_capacity(clauses.len());
    for clause in clauses {
        let mut part = Vec::with_capacity(clause.len());
        for word in clause {
            if stops.contains(word.as_str()) {
                if !part.is_empty() {
                    out.push(std::mem::take(&mut part));
                }
            } else {
                part.push(word);
            }
        }
        if !part.is_empty() {
            out.push(part);
        }
    }
    out
}

fn tokenise(document: &Document) -> Tokenised {
    let lang = lang::primary(document.lang.as_deref().unwrap_or(""));
    let stops = other_stop_words(&lang);
    let mut clauses = Vec::new();
    STEMMERS.with(|stemmers| {
        let mut stemmers = stemmers.borrow_mut();
        for (body, weight) in [(document.title.as_str(), 2.0), (document.summary.as_deref().unwrap_or(""), 1.0), (document.body.as_str(), 1.0)] {
            for clause in without_stop_words(text::term_clauses(body, &lang), stops) {
                let stems: Vec<String> = clause.iter().map(|w| stemmers.stem_cached(w, &lang).to_string()).collect();
                clauses.push((clause, stems, weight));
            }
        }
    });
    Tokenised { sentences: cased_sentences(&document.full_text()), lang, clauses }
}

/// Documents tokenised at once, on all cores: enough to keep both cores busy, few enough that a large archive's
/// words (several times the size of its text) are never all in memory.
const DOCUMENTS_PER_CHUNK: usize = 16_384;

/// One document's candidate terms and names as a worker thread finds them, before they are numbered.
type FoundTerms = (Vec<LocalTerm>, Vec<(String, NameMention)>);

/// One document's candidate terms (by id, sorted, with their summed weights) and entities (by key, with counts).
struct DocumentCounts {
    terms: Vec<(u32, f32)>,
    entities: Vec<(String, f32)>,
}

/// A lower-case word's stem as [`CaseCounts`] keys the stems of lower-case words: `lang|stem`.
fn stem_key(stemmers: &mut Stemmers, word: &str, lang: &str) -> String {
    format!("{lang}|{}", stemmers.stem_cached(word, lang))
}

/// The stem keys of `words` (written in lower case) in `lang`.
fn lower_stems(words: &[&str], lang: &str) -> Vec<String> {
    STEMMERS.with(|stemmers| {
        let mut stemmers = stemmers.borrow_mut();
        words.iter().map(|word| stem_key(&mut stemmers, word, lang)).collect()
    })
}

/// A document's names, keyed by the stems of their words, so the forms a name takes in an inflected language
/// ("Маяк", "Маяка", "Маяке") are one entity; its most used form is what the manifest shows.
fn names_of(document: &Tokenised, cases: &CaseCounts) -> Vec<(String, NameMention)> {
    let names = STEMMERS.with(|stemmers| {
        let mut stemmers = stemmers.borrow_mut();
        let lang = document.lang.as_str();
        let rules = NameRules::new(lang, other_stop_words(lang));
        let mentions = find_names(&document.sentences, cases, &rules, &mut |lower: &str| stem_key(&mut stemmers, lower, lang));
        mentions
            .into_iter()
            .filter_map(|mention| {
                let words = text::normalize_term(&mention.display, &document.lang)?;
                let mut key = String::with_capacity(words.len());
                for word in words.split(' ') {
                    if !key.is_empty() {
                        key.push(' ');
                    }
                    key.push_str(stemmers.stem_cached(word, &document.lang));
                }
                Some((key, mention))
            })
            .collect::<Vec<_>>()
    });
    with_surnames_as_full_names(names)
}

/// A surname alone, where the document also names the person in full ("Andrei Kuzmich ... Kuzmich said";
/// "Andrejų Kuzmičių ... Kuzmičiaus"), is that person: one entity, shown by the full name. A surname that ends two
/// of the document's names ("Anna and Jonas Petrauskas") is left as it is.
fn with_surnames_as_full_names(mut names: Vec<(String, NameMention)>) -> Vec<(String, NameMention)> {
    let mut full_by_surname: HashMap<String, Option<(String, String)>> = HashMap::default();
    // A person's full name is capitalised throughout: "Lawyers for Kuzmich", a run joined by a connector, is none;
    // nor is an organisation's ("Sabirabad Court": "Court" alone is no name of it).
    let capitalised_throughout = |display: &str| {
        display.split(' ').all(|word| word.chars().next().is_some_and(char::is_uppercase))
            && !display.split(' ').any(|word| ORGANIZATION_WORDS.contains(&word.to_lowercase().as_str()))
    };
    for (key, mention) in names.iter().filter(|(_, mention)| capitalised_throughout(&mention.display)) {
        if let Some((_, surname)) = key.rsplit_once(' ') {
            let full = (key.clone(), mention.display.clone());
            full_by_surname
                .entry(surname.to_string())
                .and_modify(|known| {
                    if known.as_ref().is_some_and(|(other, _)| *other != full.0) {
                        *known = None;
                    }
                })
                .or_insert(Some(full));
        }
    }
    for (key, mention) in &mut names {
        if key.contains(' ') {
            continue;
        }
        if let Some(Some((full_key, display))) = full_by_surname.get(key.as_str()) {
            *key = full_key.clone();
            mention.display = display.clone();
        }
    }
    names
}

/// A candidate term of one document: its key (language, stems), its summed weight, how often it occurs, and its
/// written forms with counts, in the order they first occur.
struct LocalTerm {
    key: String,
    weight: f32,
    occurrences: u32,
    surfaces: Vec<(String, u32)>,
}

/// A document's candidate terms (each word, and each pair of neighbouring words in a clause), in the order they
/// first occur.
fn local_terms(document: &Tokenised) -> Vec<LocalTerm> {
    let lang = document.lang.as_str();
    let mut terms: Vec<LocalTerm> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::default();
    let mut key = String::new();
    let mut surface = String::new();
    for (clause, stems, weight) in &document.clauses {
        for (i, word) in clause.iter().enumerate() {
            for pair in [false, true] {
                key.clear();
                surface.clear();
                // Keys are scoped by language: an Azerbaijani and an English word can share a stem without being
                // the same word.
                key.push_str(lang);
                key.push('|');
                key.push_str(&stems[i]);
                surface.push_str(word);
                if pair {
                    let (Some(next_stem), Some(next_word)) = (stems.get(i + 1), clause.get(i + 1)) else { continue };
                    key.push(' ');
                    key.push_str(next_stem);
                    surface.push(' ');
                    surface.push_str(next_word);
                }
                let at = match index.get(key.as_str()) {
                    Some(&at) => at,
                    None => {
                        index.insert(key.clone(), terms.len());
                        terms.push(LocalTerm { key: key.clone(), weight: 0.0, occurrences: 0, surfaces: Vec::new() });
                        terms.len() - 1
                    }
                };
                let term = &mut terms[at];
                term.weight += weight;
                term.occurrences += 1;
                match term.surfaces.iter_mut().find(|(s, _)| *s == surface) {
                    Some((_, count)) => *count += 1,
                    None => term.surfaces.push((surface.clone(), 1)),
                }
            }
        }
    }
    terms
}

/// Extracts keywords and entities for every document, with the corpus as context. Returns them in document
/// order, with the `forms` table for the manifest.
pub fn extract(documents: &[Document], settings: &KeywordSettings) -> (Vec<ArticleTerms>, BTreeMap<String, String>) {
    let n = documents.len().max(1);
    let min_df: u32 = if n >= 20 { 2 } else { 1 };
    let max_df = if n >= 20 { (settings.max_document_share * n as f32).ceil() as u32 } else { u32::MAX };

    // Pass 1a: how often each word is written in lower case across the corpus, which tells names from words that
    // merely start a sentence. A chunk of documents at a time, on all cores: a document's words are kept only while
    // its chunk is counted, so a large archive's words are never all in memory at once.
    let mut cases = CaseCounts::default();
    for chunk in documents.chunks(DOCUMENTS_PER_CHUNK) {
        let sentences: Vec<Vec<Vec<String>>> = chunk.par_iter().map(|document| cased_sentences(&document.full_text())).collect();
        for sentence in sentences.iter().flatten() {
            cases.add_sentence(sentence);
        }
    }
    // The stems of the words written in lower case, in each of the corpus's languages: each distinct word stemmed
    // once per language, rather than every word where it stands.
    let languages: std::collections::BTreeSet<String> = documents.iter().map(|d| lang::primary(d.lang.as_deref().unwrap_or(""))).collect();
    let words: Vec<&str> = cases.lower_words().collect();
    let stems: Vec<String> = languages.par_iter().flat_map_iter(|lang| lower_stems(&words, lang)).collect();
    cases.add_lower_stems(stems);
    // Pass 1b: each document's candidate terms (with their weights and written forms, in the order they first
    // occur) and names, on all cores, a chunk at a time; then numbered across the corpus in document order, so ids,
    // sums and forms are what one pass over the corpus gives. Candidate terms are interned: each stem or stem pair
    // gets a number, so per-document counts are small.
    let mut term_ids: HashMap<String, u32> = HashMap::default();
    let mut term_stats: Vec<(String, TermStats)> = Vec::new();
    let mut entity_stats: HashMap<String, EntityStats> = HashMap::default();
    let mut per_document: Vec<DocumentCounts> = Vec::with_capacity(documents.len());
    for chunk in documents.chunks(DOCUMENTS_PER_CHUNK) {
        let found: Vec<FoundTerms> = chunk
            .par_iter()
            .map(|document| {
                let tokenised = tokenise(document);
                (local_terms(&tokenised), names_of(&tokenised, &cases))
            })
            .collect();
        for (document_terms, mentions) in found {
            let mut counts: Vec<(u32, f32)> = Vec::with_capacity(document_terms.len());
            for term in document_terms {
                let id = match term_ids.get(term.key.as_str()) {
                    Some(&id) => id,
                    None => {
                        let id = term_stats.len() as u32;
                        term_ids.insert(term.key.clone(), id);
                        term_stats.push((term.key, TermStats::default()));
                        id
                    }
                };
                // A document's terms are distinct keys, so each id comes once.
                counts.push((id, term.weight));
                let stats = &mut term_stats[id as usize].1;
                stats.total += term.occurrences;
                stats.document_frequency += 1;
                for (surface, count) in term.surfaces {
                    match stats.surface_counts.iter_mut().find(|(s, _)| *s == surface) {
                        Some((_, total)) => *total += count,
                        None => stats.surface_counts.push((surface, count)),
                    }
                }
            }
            counts.sort_unstable_by_key(|&(id, _)| id);
            let mut entity_counts: HashMap<String, f32> = HashMap::default();
            for (key, mention) in mentions {
                *entity_counts.entry(key.clone()).or_default() += 1.0;
                let stats = entity_stats.entry(key).or_default();
                *stats.displays.entry(mention.display).or_default() += 1;
                stats.mentions += 1;
                stats.person_cues += u32::from(mention.person_cue);
                stats.place_cues += u32::from(mention.place_cue);
            }
            for key in entity_counts.keys() {
                if let Some(stats) = entity_stats.get_mut(key) {
                    stats.document_frequency += 1;
                }
            }
            per_document.push(DocumentCounts { terms: counts, entities: entity_counts.into_iter().collect() });
        }
    }
    drop(cases);

    // Pass 2: choose each document's best terms by TF-IDF.
    let idf = |df: u32| (n as f32 / df.max(1) as f32).ln();
    // A phrase's association depends on the corpus only: computed once per phrase, when first needed (by whichever
    // core needs it first: the value is the same).
    let associations: Vec<std::sync::OnceLock<f32>> = (0..term_stats.len()).map(|_| std::sync::OnceLock::new()).collect();
    // Each document's choice reads the corpus's statistics only: on all cores, in document order.
    // Each document's counts are dropped as soon as its terms are chosen.
    let chosen: Vec<(ArticleTerms, Vec<&String>)> = documents.par_iter().zip(per_document).map(|(document, DocumentCounts { terms: counts, entities: entity_counts })| {
        let mut used_keys: Vec<&String> = Vec::new();
        let lang = lang::primary(document.lang.as_deref().unwrap_or(""));
        let mut entities = Entities::default();
        let mut ranked_entities: Vec<(&String, f32)> = entity_counts
            .iter()
            .filter_map(|(key, count)| {
                let (key, stats) = entity_stats.get_key_value(key)?;
                let df = stats.document_frequency;
                (df >= min_df && df <= max_df).then(|| (key, (1.0 + count.ln()) * idf(df)))
            })
            .collect();
        ranked_entities.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let mut entity_keys: Vec<&str> = Vec::new();
        for (key, _) in ranked_entities.into_iter().take(settings.entities_per_article) {
            let Some(stats) = entity_stats.get(key) else { continue };
            let display = stats
                .displays
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(d, _)| d.clone())
                .unwrap_or_default();
            let lower = key.as_str();
            let words = text::normalize_term(&display, &lang).unwrap_or_default();
            let is_org = is_acronym(&display) || words.split(' ').any(|w| ORGANIZATION_WORDS.contains(&w));
            let list = if is_org {
                &mut entities.organizations
            } else if stats.person_cues * 3 >= stats.mentions.max(1) && stats.person_cues > 0 {
                &mut entities.people
            } else if stats.place_cues * 2 >= stats.mentions.max(1) && stats.place_cues > 0 {
                &mut entities.places
            } else {
                &mut entities.other
            };
            list.push(display);
            entity_keys.push(lower);
        }

        let mut keywords: Vec<Keyword> = Vec::new();
        let mut written: HashSet<String> = HashSet::default();
        for tag in document.tags.iter().chain(&document.categories) {
            if let Some(term) = text::normalize_term(tag, &lang) {
                if written.insert(term.clone()) {
                    keywords.push(Keyword::new(term, settings.tag_weight));
                }
            }
        }
        let covered_by_entity = |form: &str| {
            entity_keys.iter().any(|e| *e == form || e.split(' ').any(|w| w == form))
        };
        let mut ranked: Vec<(&String, f32)> = counts
            .iter()
            .filter_map(|&(id, count)| {
                let (key, stats) = term_stats.get(id as usize)?;
                let df = stats.document_frequency;
                let phrase = key.split_once('|').map_or(key.as_str(), |(_, k)| k).contains(' ');
                // A phrase is worth keeping only if it recurs across articles and its words belong together; a
                // word found in one article alone relates it to nothing yet, though it may match a later page.
                if df < min_df || df > max_df || (phrase && df < 2) {
                    return None;
                }
                if phrase {
                    let strength = *associations[id as usize].get_or_init(|| association(key, stats.total, &term_ids, &term_stats));
                    if strength < settings.min_phrase_association {
                        return None;
                    }
                }
                let phrase_bonus = if phrase { 1.3 } else { 1.0 };
                let single_penalty = if df < 2 { 0.4 } else { 1.0 };
                Some((key, (1.0 + count.ln()) * idf(df) * phrase_bonus * single_penalty))
            })
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        for (key, _) in ranked {
            if keywords.len() >= settings.keywords_per_article + document.tags.len() + document.categories.len() {
                break;
            }
            let Some((_, stats)) = term_ids.get(key).and_then(|&id| term_stats.get(id as usize)) else { continue };
            let form = stats.written_form();
            // Entities are keyed by stems, and so is a keyword's own key: a word of a name is not a keyword too.
            let stems = key.split_once('|').map_or(key.as_str(), |(_, stems)| stems);
            if covered_by_entity(stems) || !written.insert(form.clone()) {
                continue;
            }
            used_keys.push(key);
            let count = term_ids
                .get(key)
                .and_then(|id| counts.binary_search_by_key(id, |&(at, _)| at).ok())
                .map_or(1.0, |at| counts[at].1);
            keywords.push(Keyword::used(form, count));
        }
        (ArticleTerms { keywords, entities }, used_keys)
    }).collect();
    let mut results = Vec::with_capacity(documents.len());
    let mut used_keys: HashSet<&String> = HashSet::default();
    for (terms, used) in chosen {
        results.push(terms);
        used_keys.extend(used);
    }

    // The other forms of every keyword used, so words taken from a page map onto the manifest's keywords. One
    // variant can belong to two keywords (a word stemmed alike in two languages, or a form shared by two stems):
    // the keyword it was seen with most often wins, then the alphabetically first, so the table does not depend
    // on hash order or on how many cores did the work.
    let mut candidates: Vec<(&str, u32, String)> = Vec::new();
    for &key in &used_keys {
        let Some((_, stats)) = term_ids.get(key).and_then(|&id| term_stats.get(id as usize)) else { continue };
        let form = stats.written_form();
        let mut variants: Vec<&(String, u32)> = stats.surface_counts.iter().filter(|(s, _)| *s != form).collect();
        variants.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (variant, count) in variants.into_iter().take(settings.forms_per_keyword) {
            candidates.push((variant.as_str(), *count, form.clone()));
        }
    }
    candidates.sort_by(|a, b| a.0.cmp(b.0).then_with(|| b.1.cmp(&a.1)).then_with(|| a.2.cmp(&b.2)));
    let mut forms = BTreeMap::new();
    for (variant, _, form) in candidates {
        forms.entry(variant.to_string()).or_insert(form);
    }
    (results, forms)
}

#[cfg(test)]
mod tests;
