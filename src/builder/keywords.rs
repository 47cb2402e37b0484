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
use super::names::{cased_sentences, find_names, is_acronym, CaseCounts, NameMention, ORGANIZATION_WORDS};
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

/// Function words of other languages (Slovak "ktorý", "alebo", "podľa"; German "wurde"...), from the ISO stop-word
/// lists: a clause is split where one stands, so they neither become keywords nor join two words into a phrase.
fn other_stop_words(language: &str) -> Option<&'static HashSet<&'static str>> {
    static SETS: std::sync::OnceLock<HashMap<&'static str, HashSet<&'static str>>> = std::sync::OnceLock::new();
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

/// The stems (`lang|stem`) of `words` (written in lower case) in `lang`.
fn lower_stems(words: &[&str], lang: &str) -> Vec<String> {
    STEMMERS.with(|stemmers| {
        let mut stemmers = stemmers.borrow_mut();
        words.iter().map(|word| format!("{lang}|{}", stemmers.stem_cached(word, lang))).collect()
    })
}

/// A document's names, keyed by the stems of their words, so the forms a name takes in an inflected language
/// ("Маяк", "Маяка", "Маяке") are one entity; its most used form is what the manifest shows.
fn names_of(document: &Tokenised, cases: &CaseCounts) -> Vec<(String, NameMention)> {
    STEMMERS.with(|stemmers| {
        let mut stemmers = stemmers.borrow_mut();
        let lang = document.lang.as_str();
        let mentions = find_names(&document.sentences, cases, &mut |lower: &str| format!("{lang}|{}", stemmers.stem_cached(lower, lang)));
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
            .collect()
    })
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
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, body: &str, lang: &str) -> Document {
        Document {
            source: id.into(),
            id: id.into(),
            url: format!("/{id}"),
            title: title.into(),
            lang: Some(lang.into()),
            body: body.into(),
            ..Document::default()
        }
    }

    fn corpus() -> Vec<Document> {
        vec![
            doc("kerry", "Kerry meets civil society activists", "Secretary of State Kerry met civil society activists in Basel during the OSCE ministerial. The Community of Democracies welcomed the meeting. Human rights defenders spoke.", "en"),
            doc("vilnius", "Parallel OSCE conference in Vilnius", "Civil society representatives met in Vilnius before the OSCE meeting. Human rights defenders asked the OSCE to act. The Community of Democracies sent a message.", "en"),
            doc("oslo", "Community of Democracies in Oslo", "The Community of Democracies met civil society leaders in Oslo to discuss human rights defenders.", "en"),
            doc("football", "Cup final ends in a draw", "The football cup final ended in a draw after extra time. Fans celebrated the final in Madrid.", "en"),
            doc("ru1", "Правозащитники в Казахстане", "Правозащитники обсудили права человека в Казахстане. Гражданское общество требует реформ.", "ru"),
            doc("ru2", "Гражданское общество России", "Гражданское общество и правозащитники России говорят о правах человека.", "ru"),
        ]
    }

    #[test]
    fn function_words_of_other_languages_are_not_keywords() {
        let slovak = [
            "Vláda podľa ministra schválila rozpočet, ktorý však opozícia kritizuje, pretože je podľa nej nízky.",
            "Opozícia tiež kritizuje rozpočet, ktorý vláda schválila, alebo podľa nej aj zákon o voľbách.",
            "Ministerstvo financií podľa hovorcu pripravilo rozpočet, ktoré však ešte musí schváliť parlament.",
        ];
        let documents: Vec<Document> =
            slovak.iter().enumerate().map(|(i, body)| doc(&format!("sk{i}"), &format!("Správa {i}"), body, "sk")).collect();
        let (terms, _) = extract(&documents, &KeywordSettings::default());
        for t in &terms {
            let words: Vec<&str> = t.keywords.iter().flat_map(|k| k.term.split(' ')).collect();
            for function_word in ["podľa", "ktorý", "ktoré", "však", "pretože", "tiež", "alebo", "nej"] {
                assert!(!words.contains(&function_word), "{function_word} in {words:?}");
            }
            assert!(words.contains(&"rozpočet"), "{words:?}");
        }
    }

    #[test]
    fn a_common_noun_opening_a_sentence_is_not_part_of_the_name_after_it() {
        // Lithuanian: "Prezidentas" opens a sentence; the site writes the word in lower case only in other forms.
        let documents = vec![
            doc("l1", "Vizitas Vilniuje", "Prezidentas Gitanas Nausėda susitiko su ministrais. Vėliau jis kalbėjo spaudai.", "lt"),
            doc("l2", "Susitikimas", "Su prezidentu kalbėjo merai. Susitikime dalyvavo ir Gitanas Nausėda.", "lt"),
            doc("l3", "Pareiškimas", "Šalies prezidento patarėjas sakė, kad Gitanas Nausėda vyks į Rygą.", "lt"),
        ];
        let (terms, _) = extract(&documents, &KeywordSettings::default());
        let names: Vec<&String> = terms[0].entities.all().collect();
        assert!(names.iter().any(|n| *n == "Gitanas Nausėda"), "{names:?}");
        assert!(!names.iter().any(|n| n.starts_with("Prezidentas")), "{names:?}");
    }

    #[test]
    fn forms_of_one_name_are_one_entity() {
        let documents = vec![
            doc("m1", "Встреча волонтёров", "Вчера фонд Маяк провёл встречу. Директор фонда Маяк выступил. Потом фонд Маяк закрылся.", "ru"),
            doc("m2", "Помощь семьям", "Волонтёры фонда Маяка приехали в город. Встреча прошла в Маяке.", "ru"),
            doc("m3", "Новые семьи", "Помощь от Маяка получили семьи из деревни.", "ru"),
        ];
        let (terms, _) = extract(&documents, &KeywordSettings::default());
        for (i, t) in terms.iter().enumerate() {
            let names: Vec<&String> = t.entities.all().collect();
            assert!(names.iter().any(|n| *n == "Маяк"), "document {i}: {names:?}");
            assert!(!names.iter().any(|n| *n == "Маяка" || *n == "Маяке"), "document {i}: {names:?}");
        }
    }

    #[test]
    fn keywords_phrases_and_entities() {
        let (terms, forms) = extract(&corpus(), &KeywordSettings::default());
        let kerry = &terms[0];
        let words: Vec<&str> = kerry.keywords.iter().map(|k| k.term.as_str()).collect();
        assert!(words.contains(&"civil society"), "{words:?}");
        assert!(kerry.entities.organizations.contains(&"OSCE".to_string()), "{:?}", kerry.entities);
        assert!(kerry.entities.organizations.contains(&"Community of Democracies".to_string()), "{:?}", kerry.entities);
        assert!(kerry.entities.people.contains(&"Kerry".to_string()), "{:?}", kerry.entities);
        assert!(!words.contains(&"osce"), "an entity is not repeated as a keyword: {words:?}");
        // Stems group Russian inflections; the written keyword is a real word and its other forms are listed.
        let ru2: Vec<&str> = terms[5].keywords.iter().map(|k| k.term.as_str()).collect();
        assert!(ru2.iter().any(|k| k.starts_with("правозащитник")), "{ru2:?}");
        assert!(forms.values().all(|k| !k.is_empty()));
        assert!(forms.iter().any(|(variant, keyword)| variant.contains("прав") && keyword.contains("прав")), "{forms:?}");
        for t in &terms {
            for k in &t.keywords {
                assert_eq!(text::normalize_term(&k.term, "").as_deref(), Some(k.term.as_str()), "stored normalised");
                assert!((1.0..=Keyword::MAX_WEIGHT).contains(&k.weight), "{k:?}");
            }
        }
    }

    #[test]
    fn newswire_abbreviations_are_keywords_but_never_phrases() {
        let documents = vec![
            doc("e1", "Acme Corp first quarter", "Shr 12 cts vs 10 cts. Net 5.1 mln dlrs vs 4.2 mln dlrs. Revs 40 mln dlrs vs 38 mln.", "en"),
            doc("e2", "Bolt Inc year net", "Shr 1.10 dlrs vs 90 cts. Net 22 mln dlrs vs 18 mln. Revs 310 mln dlrs.", "en"),
            doc("a1", "Crane to buy Delta", "Crane Industries agreed to acquire Delta Pumps for cash, subject to approval by shareholders.", "en"),
            doc("a2", "Merger talks end", "Talks on the merger of two regional banks ended without an agreement on the price shareholders would get.", "en"),
        ];
        let (terms, _) = extract(&documents, &KeywordSettings::default());
        for t in &terms[..2] {
            let words: Vec<&str> = t.keywords.iter().map(|k| k.term.as_str()).collect();
            assert!(words.contains(&"mln") && words.contains(&"dlrs"), "{words:?}");
        }
        for t in &terms {
            for k in &t.keywords {
                let parts: Vec<&str> = k.term.split(' ').collect();
                assert!(parts.len() == 1 || !parts.iter().any(|p| ["mln", "dlrs", "cts", "shr", "vs"].contains(p)), "{k:?}");
                assert_ne!(k.term, "vs");
            }
        }
    }

    #[test]
    fn a_subject_in_a_third_of_the_archive_keeps_its_words_and_a_site_wide_word_does_not() {
        // 30 articles: 12 (40%) report results with a dividend, 18 are each on a subject of their own, and every
        // one names the site. The subject's word tells the 12 from the rest; the site's name tells nothing.
        let subjects = ["volcano", "orchestra", "glacier", "marathon", "vaccine", "satellite", "harvest", "museum",
            "election", "earthquake", "festival", "telescope", "railway", "wildfire", "library", "submarine",
            "vineyard", "carnival"];
        let mut documents = Vec::new();
        for i in 0..12 {
            documents.push(doc(&format!("r{i}"), &format!("Company{i} results"),
                &format!("Harbourton news. Company{i} raised its dividend after a strong quarter of sales."), "en"));
        }
        for (i, subject) in subjects.iter().enumerate() {
            documents.push(doc(&format!("s{i}"), &format!("The {subject} story"),
                &format!("Harbourton news. A long report about the {subject} and what the {subject} means."), "en"));
        }
        let (terms, _) = extract(&documents, &KeywordSettings::default());
        for t in &terms[..12] {
            let words: Vec<&str> = t.keywords.iter().map(|k| k.term.as_str()).collect();
            assert!(words.contains(&"dividend"), "{words:?}");
        }
        for t in &terms {
            assert!(t.keywords.iter().all(|k| !k.term.contains("harbourton")), "{:?}", t.keywords);
        }
    }

    #[test]
    fn tags_come_first_and_weigh_more() {
        let mut documents = corpus();
        documents[3].tags = vec!["Sport".into(), "Football".into()];
        let (terms, _) = extract(&documents, &KeywordSettings::default());
        assert_eq!(terms[3].keywords[0], Keyword::new("sport", Keyword::MAX_WEIGHT));
        assert_eq!(terms[3].keywords[1], Keyword::new("football", Keyword::MAX_WEIGHT));
        let others = &terms[3].keywords[2..];
        assert!(others.iter().all(|k| k.weight <= Keyword::MAX_WEIGHT), "{others:?}");
        assert_eq!(terms[3].keywords.iter().filter(|k| k.term == "football").count(), 1);
    }
}
