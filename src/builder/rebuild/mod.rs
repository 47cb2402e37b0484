//! Rebuilding a folder the builder wrote before: when few articles were added, changed or removed since its last
//! full build, the records are left as they are and the changes go into the index's entry as an update
//! ([`crate::manifest::update`]), with records of their own for the changed articles and for the unchanged ones
//! whose lists they moved; only past [`MAX_UPDATE`] changes (or when the site's name, address or language changed,
//! or the changes moved too many lists) is the whole index written again.
//!
//! Why: every record carries the archive's statistics and the newest articles, so a full build after one new
//! article rewrote every file, and a site's CDN had to fetch them all again. The last full build (the epoch) leaves
//! its statistics and term weights in a state file beside the index ([`STATE_FILE`]), which later builds read to
//! rank the changed articles exactly as readers will: with the epoch's statistics, and the counts of the terms the
//! changed articles bring.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::shards::{self, Epoch, IndexFiles};
use super::KeywordSettings;
use crate::manifest::sharded::{self, Entry, ENTRY_FILE};
use crate::manifest::update::Update;
use crate::manifest::{vector, Article, Collection, CollectionDf, Entities, Manifest};
use crate::sorted_map::SortedMap;
use crate::folder::FolderIndex;
use crate::options::MAX_WIDGET_LIMIT;
use crate::rank::{FieldWeights, Index, RankingConfig};
use crate::url;

/// The state file's name in the folder. Readers never ask for it; keeping it between builds is what lets a
/// rebuild leave the index's files alone (without it, a rebuild is a full one).
pub const STATE_FILE: &str = ".related-news-state.json";
const STATE_FORMAT: &str = "related-news-build-state";
const STATE_VERSION: u32 = 2;
/// At most this many articles added, changed or removed go into an update; more, and the index is written again
/// whole. Every page view reads the update (it is in the entry): 10 articles of news measured 3.6 KB gzipped, so 32
/// would be about 11 KB.
pub const MAX_UPDATE: usize = 32;

/// How the folder's index was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Every file, with the reason (no earlier build, its settings changed, too many changes).
    Full(String),
    /// An update over the last full build's files (`kept` of them), with this many articles added or changed and
    /// removed, and this many unchanged ones given new records because their lists moved ([`stale_neighbours`]).
    Update { changed: usize, removed: usize, rerecorded: usize, kept: usize },
}

/// The index for `dir`: an update over its last full build when that is possible, else a full build. Returns the
/// files to write, the state file's bytes (only after a full build: an update keeps the epoch's), and what it did.
/// A full build borrows the manifest whole for its index and puts it back without its keywords (see
/// [`shards::shard`]).
pub fn index_for_folder(
    dir: &Path,
    manifest: &mut Manifest,
    sources: &BTreeMap<String, u64>,
    keywords: &KeywordSettings,
    verbose: bool,
) -> Result<(IndexFiles, Option<Vec<u8>>, Written), String> {
    let frame = frame(manifest, keywords);
    let reason = match read_state(dir) {
        Ok(state) => match plan(manifest, sources, &state, &frame, dir) {
            Ok(plan) => {
                let (changed, removed, kept) = (plan.changed.len(), plan.removed.len(), state.files as usize);
                // An update that cannot be made (the last full build's records unreadable, too many lists moved)
                // is a full build.
                match update_files(dir, manifest, &state, plan) {
                    Ok((files, rerecorded)) => return Ok((files, None, Written::Update { changed, removed, rerecorded, kept })),
                    Err(reason) => format!("an update could not be made: {reason}"),
                }
            }
            Err(reason) => reason,
        },
        Err(reason) => reason,
    };
    let (files, epoch, given_back) = shards::shard(std::mem::take(manifest), verbose, shards::RecordSink::Folder(dir))?;
    *manifest = given_back;
    // Groups with the same articles held write the same record: files are counted by name.
    let distinct: BTreeSet<&str> = files
        .files
        .iter()
        .map(|(name, _)| name.as_str())
        .chain(files.written_ahead.iter().map(|(name, _)| name.as_str()))
        .filter(|&name| name != ENTRY_FILE)
        .collect();
    let state = state_bytes(manifest, sources, &epoch, distinct.len(), frame)?;
    Ok((files, Some(state), Written::Full(reason)))
}

/// What the last full build left for later ones.
#[derive(Debug, Serialize, Deserialize)]
struct State {
    format: String,
    version: u32,
    /// The site, topics and builder version the records were written with: a change of any starts a new epoch.
    frame: String,
    /// The entry as the full build wrote it (read back with the entry's own reader).
    entry: serde_json::Value,
    /// A hash of the topics its records carry: other topics (a label edited in the config) need an update even
    /// when no article changed.
    topics: String,
    /// How many index files the full build wrote (records, directories, the newest articles' record).
    files: u32,
    articles: u32,
    terms: Vec<String>,
    counts: Vec<u32>,
    base: Vec<BaseArticle>,
}

/// An article of the last full build: its fingerprint, and its term weights as its records carry them.
#[derive(Debug, Serialize, Deserialize)]
struct BaseArticle {
    id: String,
    fingerprint: String,
    /// By position in the state's terms, in the records' compact form ([`vector::encode`]).
    vector: String,
    /// The articles that lend it terms (by position in the state's articles), and the similarity another needs to
    /// ([`shards::Lending`]).
    lenders: Vec<u32>,
    floor: f32,
}

/// At most this many unchanged articles are given new records by an update; more, and the index is written again
/// whole. Each is two keys in the entry (its id and its URL path, each naming a record), which every page view reads
/// until the next full build.
pub const MAX_RERECORDED: usize = 256;
/// At most this many unchanged articles near the changes are checked (each is ranked in the whole archive); more,
/// and the index is written again whole.
const MAX_CHECKED: usize = 4096;

/// Similarities move a little when an update's articles change the counts of their terms: a changed article this
/// close to an unchanged one's lending floor is checked as if it reached it.
const LENDING_DRIFT: f32 = 0.9;

/// The site-wide part of what records carry, the builder's version and its keyword settings: records written under
/// others are stale. (Not the topics: an update carries the current list, and the articles whose topics changed.)
fn frame(manifest: &Manifest, keywords: &KeywordSettings) -> String {
    let settings = format!("{keywords:?}");
    let site = serde_json::to_vec(&(&manifest.site, env!("CARGO_PKG_VERSION"), sharded::ENTRY_VERSION, settings)).unwrap_or_default();
    format!("{:016x}", sharded::content_hash(&site))
}

/// A hash of the topics as records carry them.
fn topics_hash(manifest: &Manifest) -> String {
    format!("{:016x}", sharded::content_hash(&serde_json::to_vec(&shards::record_topics(&manifest.topics)).unwrap_or_default()))
}

/// An article's fingerprint: what it was read from, and what it shows (title, summary, topics, pins...).
fn fingerprint(article: &Article, sources: &BTreeMap<String, u64>) -> String {
    let shown = Article { keywords: Vec::new(), entities: Entities::default(), vector: Vec::new(), title_key: None, ..article.clone() };
    let mut bytes = serde_json::to_vec(&shown).unwrap_or_default();
    bytes.extend_from_slice(&sources.get(&article.id).copied().unwrap_or_default().to_le_bytes());
    format!("{:016x}", sharded::content_hash(&bytes))
}

fn state_bytes(manifest: &Manifest, sources: &BTreeMap<String, u64>, epoch: &Epoch, files: usize, frame: String) -> Result<Vec<u8>, String> {
    let (terms, counts) = epoch.vocabulary.iter().cloned().unzip();
    let base = manifest
        .articles
        .iter()
        .zip(&epoch.vectors)
        .zip(&epoch.lending)
        .map(|((article, vector), lending)| BaseArticle {
            id: article.id.clone(),
            fingerprint: fingerprint(article, sources),
            vector: vector::encode(vector),
            lenders: lending.lenders.clone(),
            floor: lending.floor,
        })
        .collect();
    let state = State {
        format: STATE_FORMAT.into(),
        version: STATE_VERSION,
        frame,
        topics: topics_hash(manifest),
        entry: serde_json::to_value(&epoch.entry).map_err(|e| format!("cannot serialise the entry: {e}"))?,
        files: files as u32,
        articles: epoch.articles,
        terms,
        counts,
        base,
    };
    serde_json::to_vec(&state).map_err(|e| format!("cannot serialise the build state: {e}"))
}

/// The folder's state, or why there is none to build on.
fn read_state(dir: &Path) -> Result<State, String> {
    let path = dir.join(STATE_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("no earlier build in the folder".into()),
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    let state: State = serde_json::from_str(&text).map_err(|e| format!("{}: unreadable ({e})", path.display()))?;
    if state.format != STATE_FORMAT || state.version != STATE_VERSION {
        return Err(format!("{}: a state this builder does not read", path.display()));
    }
    if state.terms.len() != state.counts.len() || state.terms.windows(2).any(|pair| pair[0] >= pair[1]) {
        return Err(format!("{}: a damaged term list", path.display()));
    }
    Ok(state)
}

/// What an update is made of: the last full build's entry, the articles (by position) added or changed since, and
/// the ids removed.
struct Plan {
    entry: Entry,
    changed: Vec<usize>,
    removed: Vec<String>,
}

/// What an update would be, or why an update will not do.
fn plan(manifest: &Manifest, sources: &BTreeMap<String, u64>, state: &State, frame: &str, dir: &Path) -> Result<Plan, String> {
    if state.frame != frame {
        return Err("the site's name, address or language, the keyword settings or the builder changed since the last full build".into());
    }
    let entry = sharded::entry_from_value(&state.entry).map_err(|e| format!("the last full build's entry: {e}"))?;
    // The last full build's files must all still be there: an update only adds to them.
    for name in entry.directories.iter().chain([&entry.newest]) {
        if !dir.join(name).is_file() {
            return Err(format!("{name}, a file of the last full build, is missing"));
        }
    }
    let base: BTreeMap<&str, &str> = state.base.iter().map(|b| (b.id.as_str(), b.fingerprint.as_str())).collect();
    let changed: Vec<usize> = (0..manifest.articles.len())
        .filter(|&p| base.get(manifest.articles[p].id.as_str()) != Some(&fingerprint(&manifest.articles[p], sources).as_str()))
        .collect();
    let current: BTreeSet<&str> = manifest.articles.iter().map(|a| a.id.as_str()).collect();
    let removed: Vec<String> = state.base.iter().filter(|b| !current.contains(b.id.as_str())).map(|b| b.id.clone()).collect();
    if changed.len() + removed.len() > MAX_UPDATE {
        return Err(format!("{} articles added, changed or removed: more than an update holds ({MAX_UPDATE})", changed.len() + removed.len()));
    }
    Ok(Plan { entry, changed, removed })
}

/// The update's files: records for the changed articles and for the unchanged ones whose records no longer hold
/// what their lists need ([`stale_neighbours`]), and the entry with the update.
fn update_files(dir: &Path, manifest: &Manifest, state: &State, plan: Plan) -> Result<(IndexFiles, usize), String> {
    let Plan { entry: base_entry, changed, removed } = plan;
    let changed = changed.as_slice();
    if changed.is_empty() && removed.is_empty() {
        // No article changed: the entry as the full build wrote it, or with the topics now when only they changed.
        let entry = if state.topics == topics_hash(manifest) {
            base_entry
        } else {
            let record = Manifest {
                version: manifest.version,
                site: Default::default(),
                topics: shards::record_topics(&manifest.topics),
                forms: SortedMap::new(),
                articles: Vec::new(),
                collection: Some(Collection { articles: state.articles, df: CollectionDf::InTermOrder { terms: Vec::new(), counts: Vec::new() } }),
            };
            Entry { update: Some(std::sync::Arc::new(Update { records: SortedMap::new(), removed: Vec::new(), record })), ..base_entry }
        };
        let bytes = serde_json::to_vec(&entry).map_err(|e| format!("cannot serialise the entry: {e}"))?;
        return Ok((IndexFiles { files: vec![(ENTRY_FILE.to_string(), bytes)], records: 0, written_ahead: Vec::new() }, 0));
    }
    let current = current_archive(manifest, state, changed)?;
    let site_folder = current.site.url.as_deref().map(url::as_folder);
    let index = Index::build(current, FieldWeights::default(), &|href: &str| url::resolve(site_folder.as_deref(), href));
    let current = index.manifest();
    let vectors: Vec<Vec<(u32, f32)>> = current.articles.iter().map(|a| a.vector.clone()).collect();
    let vocabulary = index.vocabulary();
    let several_languages = manifest.articles.iter().filter_map(|a| a.lang.as_deref()).collect::<BTreeSet<_>>().len() > 1;
    // The changed articles, with the current statistics of their terms: every reader merges them into its record.
    let mut update_record =
        shards::record_manifest(current, &index, &vectors, &vocabulary, &shards::Held::all_ranked(changed.iter().copied().collect()), SortedMap::new());
    // Every reader already has the site from its record; the topics are the current ones, which replace the
    // record's.
    update_record.site = Default::default();
    // Readers get the update as a binary record (title keys as hashes, like the records they merge it into): the
    // lists are compared with it as they read it, written and read back.
    let as_read_record = crate::manifest::record::decode(&crate::manifest::record::encode(&update_record))
        .map_err(|e| format!("the update's record does not read back: {e}"))?
        .manifest;
    let merged_update = Update { records: SortedMap::new(), removed: removed.clone(), record: as_read_record };
    let as_read = FolderIndex::with_entry(dir, Entry { update: Some(std::sync::Arc::new(merged_update)), ..base_entry.clone() });
    let stale = stale_neighbours(&as_read, &index, state, changed, &removed, several_languages)?;
    if stale.len() > MAX_RERECORDED {
        return Err(format!("the lists of {} unchanged articles moved: more than an update re-records ({MAX_RERECORDED})", stale.len()));
    }
    let stale_count = stale.len();
    // The articles the update gives records of their own: the changed ones, then the stale neighbours.
    let recorded: Vec<usize> = changed.iter().chain(&stale).copied().collect();
    let candidates: Vec<Vec<usize>> = recorded.iter().map(|&p| shards::article_candidates(&index, p, several_languages)).collect();
    let newest = shards::newest_by_language(&index);
    // They are grouped among themselves (their other candidates are in the epoch's groups).
    let local: Vec<Vec<usize>> =
        candidates.iter().map(|near| near.iter().filter_map(|p| recorded.iter().position(|c| c == p)).collect()).collect();
    let mut files = Vec::new();
    let mut records = BTreeMap::new();
    // Groups of near articles packed together up to what a full build's record may rank: a few changes are a few
    // files, even when they are on unrelated subjects, and neighbours with the same candidates share one.
    let mut packed: Vec<(Vec<usize>, BTreeSet<usize>)> = Vec::new();
    let group_size = shards::group_size(current.articles.len());
    for members in shards::group(&local, group_size) {
        let ranked: BTreeSet<usize> = members.iter().flat_map(|&m| candidates[m].iter().copied().chain([recorded[m]])).collect();
        match packed.last_mut() {
            Some((last, last_ranked)) if last_ranked.union(&ranked).count() <= shards::RECORD_RANKED_MAX => {
                last.extend(members);
                last_ranked.extend(ranked);
            }
            _ => packed.push((members, ranked)),
        }
    }
    let packed = packed.into_iter().map(|(members, _)| members);
    for members in packed {
        let held = shards::held_by_group(current, &newest, members.iter().map(|&member| (recorded[member], candidates[member].as_slice())));
        let bytes = shards::record_bytes(&shards::record_manifest(current, &index, &vectors, &vocabulary, &held, SortedMap::new()))?;
        let name = sharded::hashed_name("r", "bin", &bytes);
        for &member in &members {
            let article = &manifest.articles[recorded[member]];
            records.entry(article.id.clone()).or_insert_with(|| name.clone());
            records.entry(sharded::url_key(&article.url)).or_insert_with(|| name.clone());
        }
        files.push((name, bytes));
    }
    let update = Update { records: records.into_iter().collect(), removed, record: update_record };
    let record_count = files.len();
    let entry = Entry { articles: manifest.articles.len() as u32, update: Some(std::sync::Arc::new(update)), ..base_entry };
    let bytes = serde_json::to_vec(&entry).map_err(|e| format!("cannot serialise the entry: {e}"))?;
    files.push((ENTRY_FILE.to_string(), bytes));
    Ok((IndexFiles { files, records: record_count, written_ahead: Vec::new() }, stale_count))
}

/// The unchanged articles whose lists, read from their last-full-build records with the update merged in, are not
/// the lists the current archive gives them.
///
/// A record ranks its articles' candidates with their term weights, and only shows the rest (the newest articles,
/// for "More news"). A changed article changes more than its own list: it may now lend an unchanged article its
/// terms, or its old version no longer does, so that article's query moves towards articles its record may not
/// rank. Those articles are found from the lenders the full build recorded: the ones an old version lent to, and
/// the ones a new version is now about as similar to as their weakest lender ([`LENDING_DRIFT`]). Each one's
/// longest list ([`MAX_WIDGET_LIMIT`]) is then compared as a reader would get it (`as_read`) and as the current
/// archive gives it.
fn stale_neighbours(
    as_read: &FolderIndex,
    index: &Index,
    state: &State,
    changed: &[usize],
    removed: &[String],
    several_languages: bool,
) -> Result<Vec<usize>, String> {
    let current = index.manifest();
    let mut is_changed = vec![false; current.articles.len()];
    for &article in changed {
        is_changed[article] = true;
    }
    let replaced: BTreeSet<&str> = changed.iter().map(|&p| current.articles[p].id.as_str()).chain(removed.iter().map(String::as_str)).collect();
    let mut near: BTreeSet<usize> = BTreeSet::new();
    // Lent to by an old version (lenders are positions in the state's articles).
    let old_versions: BTreeSet<u32> = (0..state.base.len() as u32).filter(|&p| replaced.contains(state.base[p as usize].id.as_str())).collect();
    for base in state.base.iter().filter(|b| b.lenders.iter().any(|lender| old_versions.contains(lender))) {
        near.extend(index.find(&base.id));
    }
    // Now similar enough to a new version to borrow from it. Floors by current position: a changed article can
    // meet most of the archive.
    let mut floors = vec![f32::INFINITY; current.articles.len()];
    for base in &state.base {
        if let Some(position) = index.find(&base.id) {
            floors[position] = base.floor;
        }
    }
    for &article in changed {
        let Some(query) = index.query_for(article) else { continue };
        near.extend(index.first_similarities(&query).into_iter().filter(|&(other, similarity)| similarity >= floors[other] * LENDING_DRIFT).map(|(other, _)| other));
    }
    let near: Vec<usize> = near.into_iter().filter(|&p| !is_changed[p]).collect();
    if near.len() > MAX_CHECKED {
        return Err(format!("{} unchanged articles are near enough to the changes to check: more than an update checks ({MAX_CHECKED})", near.len()));
    }
    // The lists a record guarantees: the longest the widget shows in the article's language and, on a multilingual
    // site, as many in any language as a record keeps candidates for.
    let longest = RankingConfig { limit: MAX_WIDGET_LIMIT, ..RankingConfig::default() };
    let any_language = RankingConfig { limit: shards::OTHER_LANGUAGE_CANDIDATES, same_language: false, ..longest.clone() };
    let configs = if several_languages { vec![longest, any_language] } else { vec![longest] };
    // As ids and scores. The whole archive's lists first, then the records': a thread's scratch space is sized to
    // the index it ranks with, and going back and forth would size it anew for every list.
    type Lists = Vec<Vec<(String, f32)>>;
    let lists = |of: &Index, query: &crate::rank::Query| -> Lists {
        configs.iter().map(|config| of.related(query, config).into_iter().map(|r| (of.manifest().articles[r.article].id.clone(), r.score)).collect()).collect()
    };
    let now: Vec<Option<Lists>> = near.par_iter().map(|&neighbour| index.query_for(neighbour).map(|query| lists(index, &query))).collect();
    let read = near
        .par_iter()
        .map(|&neighbour| {
            let (record, position) = as_read.record_for(&current.articles[neighbour].id)?;
            Ok(record.query_for(position).map(|query| lists(&record, &query)))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(near.into_iter().zip(now.into_iter().zip(read)).filter(|(_, (now, read))| now != read).map(|(neighbour, _)| neighbour).collect())
}

/// The archive as readers will rank it: every current article, unchanged ones with the term weights their records
/// carry, changed ones with their new ones, and the epoch's statistics with the counts of the changed articles'
/// terms added (counts only grow until the next full build: a removed article's terms still count).
fn current_archive(manifest: &Manifest, state: &State, changed: &[usize]) -> Result<Manifest, String> {
    // The changed articles' own term weights, by term.
    let changed_articles: Vec<Article> = changed.iter().map(|&p| manifest.articles[p].clone()).collect();
    let part = Manifest { articles: changed_articles, collection: None, ..frame_of(manifest) };
    let part_index = Index::build(part, FieldWeights::default(), &|href: &str| href.to_string());
    let part_terms = part_index.vocabulary();
    let mut counts: BTreeMap<&str, u32> = state.terms.iter().map(String::as_str).zip(state.counts.iter().copied()).collect();
    let changed_vectors: Vec<Vec<(&str, f32)>> =
        (0..changed.len()).map(|i| part_index.raw_vector(i).into_iter().map(|(id, weight)| (part_terms[id as usize].0, weight)).collect()).collect();
    for vector in &changed_vectors {
        for (term, _) in vector {
            *counts.entry(term).or_default() += 1;
        }
    }
    let position: BTreeMap<&str, u32> = counts.keys().enumerate().map(|(i, term)| (*term, i as u32)).collect();
    // The epoch's positions into the merged term list.
    let from_epoch: Vec<u32> = state.terms.iter().map(|term| position[term.as_str()]).collect();
    let base: BTreeMap<&str, &str> = state.base.iter().map(|b| (b.id.as_str(), b.vector.as_str())).collect();
    let mut articles = Vec::with_capacity(manifest.articles.len());
    for (p, article) in manifest.articles.iter().enumerate() {
        let vector = match changed.iter().position(|&c| c == p) {
            Some(i) => changed_vectors[i].iter().map(|&(term, weight)| (position[term], weight)).collect(),
            None => {
                let encoded = base.get(article.id.as_str()).ok_or_else(|| format!("the build state has no article \"{}\"", article.id))?;
                let epoch_vector = vector::decode(encoded).ok_or_else(|| format!("the build state's article \"{}\" is damaged", article.id))?;
                epoch_vector.into_iter().filter_map(|(id, weight)| Some((*from_epoch.get(id as usize)?, weight))).collect()
            }
        };
        articles.push(Article { keywords: Vec::new(), entities: Entities::default(), vector, title_key: None, ..article.clone() });
    }
    let (terms, counts): (Vec<String>, Vec<u32>) = counts.into_iter().map(|(term, count)| (term.to_string(), count)).unzip();
    // Changed articles count as more articles, as their terms count again: no count exceeds the archive's.
    let collection = Collection { articles: state.articles + changed.len() as u32, df: CollectionDf::InTermOrder { terms, counts } };
    Ok(Manifest { articles, collection: Some(collection), ..frame_of(manifest) })
}

/// The manifest without its articles and statistics.
fn frame_of(manifest: &Manifest) -> Manifest {
    Manifest {
        version: manifest.version,
        site: manifest.site.clone(),
        topics: manifest.topics.clone(),
        forms: manifest.forms.clone(),
        articles: Vec::new(),
        collection: None,
    }
}

#[cfg(test)]
mod tests;
