//! The sharded index (`build --out-dir`; the format is in `manifest::sharded`): what a page view downloads is one
//! small entry, one directory shard and one record, whatever the archive's size.
//!
//! Each article's candidates are its nearest articles by the shared ranking, with the filters relaxed (no minimum
//! score; the nearest in any language too). Articles are grouped greedily with their own nearest ones, so one record
//! serves a group of similar articles, and a record holds the group, all their candidates, the newest articles of
//! their languages (for "More news") and the whole archive's term statistics. Ranked inside its record, an article
//! gets the list the whole archive gives it: the nearest articles are all there, with the weights they have in the
//! whole.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::manifest::directory::HashedDirectory;
use crate::manifest::sharded::{self, Directory, Entry, ENTRY_FILE, ENTRY_FORMAT, ENTRY_VERSION};
use crate::manifest::{Article, Collection, CollectionDf, Entities, Manifest, Topic, FORMAT_VERSION};
use crate::rank::{FieldWeights, Index, RankingConfig};
use crate::sorted_map::SortedMap;
use crate::url;

/// How many candidates each article keeps: the longest list the widget shows ([`crate::options::MAX_WIDGET_LIMIT`])
/// with room for the filters (measured: with 24, every list of a 1,000-article archive is the whole archive's).
const CANDIDATES: usize = 24;
/// How many of an article's nearest articles in other languages it keeps, for sites that show every language.
pub(super) const OTHER_LANGUAGE_CANDIDATES: usize = 10;
/// Up to this many articles, records are shared by fewer articles ([`group_size`]).
const SMALL_ARCHIVE: usize = 10_000;

/// At most this many similar articles share a record: 2 in an archive of up to [`SMALL_ARCHIVE`] articles, 8 in a
/// larger one. A record holds its group's members with their candidates, so a smaller group is a smaller download
/// (measured at 1,000 articles, record and entry per view gzipped: 30.0 KB with groups of 8, 26.1 with 4, 24.4 with
/// 2, 26.2 with 1, whose entry names twice as many records) and a quicker read (about 10 ms less to a 1,000-article
/// site's first link with 2 than with 8); but more records, which overlap, make a larger folder (8.4 MB with 8 and
/// 14.0 MB with 2 at 1,000 articles), which a small archive affords and a 1,000,000-article one (14 GB with 8)
/// does not.
pub(super) fn group_size(articles: usize) -> usize {
    if articles <= SMALL_ARCHIVE { 2 } else { 8 }
}

/// About the most articles a full build's record of a large archive ranks: its group's members, each with its own
/// candidates (lenders and pins, rarely outside the lists, aside). An update's records, whose members' candidates
/// overlap more, are packed up to as many, whatever the archive's size: an update is a few files until the next
/// full build, not a file per small group.
pub(super) const RECORD_RANKED_MAX: usize = 8 * (1 + CANDIDATES + OTHER_LANGUAGE_CANDIDATES);
/// The newest articles of each language a record carries, for "More news" (the longest list is 20, and some of
/// them may be left out as duplicates or excluded topics).
const NEWEST_PER_LANGUAGE: usize = 25;
/// The record for pages that are not in the index holds this many of the newest articles.
const NEWEST_RECORD: usize = 300;
/// Up to this many keys (ids and URL paths: an archive of 500 articles), the one directory goes in the entry, which
/// saves the request of a shard but costs every view about 6 bytes gzipped a key (its hash and its record's place,
/// and the records' names). At 1,000 articles the entry that held the directory was 12.7 KB gzipped of the 111.8 a
/// view downloaded in `make bench-web`, more than the 100 the widget aims for; with 64 shards the entry is 0.4 KB and
/// one shard of about 31 keys 0.3-0.6. The script-tag loader requests the shard and the record while the engine
/// loads, so the request is made in the time the engine's code takes to arrive.
const KEYS_IN_ONE_DIRECTORY: usize = 1000;

/// How many directory shards `keys` keys are spread over. A view downloads the entry, which names every shard, and
/// one shard: about 4 bytes gzipped per name in the entry (4 bytes of hash, which do not compress) and 13 per key in
/// a binary shard, so the sum `4 n + 13 keys / n` is least at `n` = 1.8 times the square root of the keys (the
/// nearest power of two to that): at 10,000 articles 256 shards of 78 keys, at 100,000 1,024 of 195, at 1,000,000
/// 2,048 of 977 (about 8 KB of entry and 13 of shard, where 1,024 shards named by 16 hex digits cost 11 and 25).
fn directory_count(keys: usize) -> usize {
    if keys <= KEYS_IN_ONE_DIRECTORY {
        return 1;
    }
    let ideal = (keys as f64 * SHARD_BYTES_PER_KEY / ENTRY_BYTES_PER_SHARD).sqrt();
    let above = (ideal.ceil() as usize).next_power_of_two();
    // The nearer of the powers of two on either side, on a log scale.
    if (above as f64) / ideal > ideal / (above / 2) as f64 { above / 2 } else { above }
}

/// What a key costs a binary shard, gzipped, and a shard's name the entry (bytes; see [`directory_count`]).
const SHARD_BYTES_PER_KEY: f64 = 13.0;
const ENTRY_BYTES_PER_SHARD: f64 = 4.0;

/// The files of a sharded index, in the order to write them: records, directories and the record of the newest
/// articles first, the entry last, so a reader never meets an entry that names a file not yet written.
#[derive(Debug)]
pub struct IndexFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub records: usize,
    /// Records already written into the folder as they were made ([`RecordSink::Folder`]), with whether the folder
    /// held each unchanged: at 100,000 articles they are gigabytes, too much to keep until the end.
    pub written_ahead: Vec<(String, bool)>,
}

/// Where [`shard`] puts the records it makes.
#[derive(Debug, Clone, Copy)]
pub enum RecordSink<'a> {
    /// In [`IndexFiles::files`], with the other files.
    Memory,
    /// Written at once into this folder (each visible whole or not at all, a file already holding the same bytes
    /// left alone), and listed in [`IndexFiles::written_ahead`]. The entry that names them is written last, by
    /// the caller, so a reader never meets one that names a record not yet there.
    Folder(&'a std::path::Path),
}

/// What a full build's records were written with, for later rebuilds to add to (see [`super::rebuild`]): the
/// entry, and the archive's statistics and term weights the records carry.
#[derive(Debug)]
pub struct Epoch {
    pub entry: Entry,
    /// How many articles the archive had.
    pub articles: u32,
    /// Every term, sorted, with the number of articles it is in.
    pub vocabulary: Vec<(String, u32)>,
    /// Each article's raw term weights (by position in `vocabulary`), in the manifest's order.
    pub vectors: Vec<Vec<(u32, f32)>>,
    /// Each article's lenders, in the manifest's order.
    pub lending: Vec<Lending>,
}

/// A record [`shard`] made: its bytes, or (written into the folder at once) whether the folder already held it.
enum Made {
    Bytes(Vec<u8>),
    Written { unchanged: bool },
}

/// Splits a built manifest into the sharded index, its records into `sink`; `verbose` prints how long each phase
/// took (to stderr). The manifest is taken and given back, not copied: the index it is ranked with holds it, and at
/// 1,000,000 articles a copy was gigabytes. It comes back without its articles' keywords: once the index has made
/// each article's vector from them, records carry the vectors, and the keywords were most of the build's memory.
pub fn shard(manifest: Manifest, verbose: bool, sink: RecordSink<'_>) -> Result<(IndexFiles, Epoch, Manifest), String> {
    let started = std::time::Instant::now();
    let phase = |done: &str| {
        if verbose {
            eprintln!("  sharded index: {done}: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
        }
    };
    let site_folder = manifest.site.url.as_deref().map(url::as_folder);
    let mut index = Index::build(manifest, FieldWeights::default(), &|href: &str| url::resolve(site_folder.as_deref(), href));
    let newest = newest_by_language(&index);
    let newest_held = Held::all_ranked(newest.get("").into_iter().flatten().copied().collect());
    // The record of the newest articles carries the forms of their keywords (for ranking a page by its own words).
    let newest_forms = forms_of(index.manifest(), &newest_held.ranked);
    // Each article's raw term weights, worked out once (records repeat articles), by id into the archive's
    // vocabulary.
    let raw_vectors = index.take_raw_vectors();
    let manifest = index.manifest();
    let count = index.len();
    phase("indexed the articles");
    let several_languages = manifest.articles.iter().filter_map(|a| a.lang.as_deref()).collect::<BTreeSet<_>>().len() > 1;
    let (candidates, lending): (Vec<Vec<usize>>, Vec<Lending>) =
        (0..count).into_par_iter().map(|position| article_neighbours(&index, position, several_languages)).unzip();
    phase("found each article's candidates");
    let vocabulary = index.vocabulary();
    let groups = group(&candidates, group_size(count));
    phase("grouped the articles");
    let mut files: Vec<(String, Vec<u8>)> = Vec::with_capacity(groups.len() + 8);
    let mut keys: Vec<(String, String)> = Vec::with_capacity(count * 2);
    // Each record is named by its content's hash, on all cores with the making (and, into a folder, the writing:
    // 100,000 articles' records are gigabytes).
    let records: Vec<(Vec<usize>, String, Made)> = groups
        .par_iter()
        .map(|members| {
            let held = held_by_group(manifest, &newest, members.iter().map(|&member| (member, candidates[member].as_slice())));
            let bytes = record_bytes(&record_manifest(manifest, &index, &raw_vectors, &vocabulary, &held, SortedMap::new()))?;
            let name = sharded::hashed_name("r", "bin", &bytes);
            let kept = match sink {
                RecordSink::Memory => Made::Bytes(bytes),
                RecordSink::Folder(dir) => {
                    let path = dir.join(&name);
                    let unchanged = crate::atomic_file::write_part_if_changed(&path, &bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                    Made::Written { unchanged }
                }
            };
            Ok((members.clone(), name, kept))
        })
        .collect::<Result<_, String>>()?;
    phase("wrote the records");
    let record_count = records.len();
    // Groups that hold the same articles make the same record, one file: it was written once, by whichever came
    // first (the others found it there).
    let mut written_ahead: BTreeMap<String, bool> = BTreeMap::new();
    for (members, name, kept) in records {
        for member in members {
            let article = &manifest.articles[member];
            keys.push((article.id.clone(), name.clone()));
            keys.push((sharded::url_key(&article.url), name.clone()));
        }
        match kept {
            Made::Bytes(bytes) => files.push((name, bytes)),
            Made::Written { unchanged } => *written_ahead.entry(name).or_insert(true) &= unchanged,
        }
    }
    let directory_count = directory_count(keys.len());
    let mut directories = vec![Directory::default(); directory_count];
    for (key, name) in keys {
        // The first writer of a key keeps it: ids come before URL paths, and articles in the manifest's order.
        directories[sharded::directory_of(&key, directory_count)].records.entry(key).or_insert(name);
    }
    // A small archive's one directory goes in the entry, which the loader requests while the engine loads: the
    // page's record is then the only request left after it.
    let inline = match directory_count {
        1 => Some(HashedDirectory::from_keys(directories[0].records.iter().map(|(key, name)| (key.as_str(), name.as_str())))?),
        _ => None,
    };
    let mut directory_names = Vec::with_capacity(directory_count);
    for (place, directory) in directories.iter().enumerate().filter(|_| inline.is_none()) {
        // A shard names records by hashes of its keys (see `manifest::directory`): 30% of JSON's bytes, 85% gzipped.
        let keys = directory.records.iter().map(|(key, name)| (key.as_str(), name.as_str()));
        let bytes = HashedDirectory::from_keys(keys)?.encode();
        let name = sharded::shard_name(place, &bytes);
        directory_names.push(name.clone());
        files.push((name, bytes));
    }
    let newest_bytes = record_bytes(&record_manifest(manifest, &index, &raw_vectors, &vocabulary, &newest_held, newest_forms))?;
    let newest_name = sharded::hashed_name("r", "bin", &newest_bytes);
    files.push((newest_name.clone(), newest_bytes));
    let entry = Entry {
        format: ENTRY_FORMAT.into(),
        version: ENTRY_VERSION,
        articles: u32::try_from(count).map_err(|_| "too many articles for one index".to_string())?,
        directories: directory_names,
        records: None,
        directory: inline,
        newest: newest_name,
        update: None,
    };
    let entry_bytes = serde_json::to_vec(&entry).map_err(|e| format!("cannot serialise the entry: {e}"))?;
    files.push((ENTRY_FILE.to_string(), entry_bytes));
    phase("wrote the directories and the entry");
    let epoch = Epoch {
        entry,
        articles: count as u32,
        vocabulary: vocabulary.iter().map(|&(term, count)| (term.to_string(), count)).collect(),
        vectors: raw_vectors,
        lending,
    };
    let files = IndexFiles { files, records: record_count, written_ahead: written_ahead.into_iter().collect() };
    drop(vocabulary);
    Ok((files, epoch, index.into_manifest()))
}

/// Which articles lend an article their terms, as a full build found it. An article's list depends on its lenders
/// (see [`crate::rank`]): a later update re-checks the articles whose lenders changed, and those a changed article
/// is now similar enough to lend to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lending {
    /// The lenders, by position in the manifest.
    pub lenders: Vec<u32>,
    /// The similarity another article needs to lend it terms: its weakest lender's when it has as many as the
    /// ranking takes, else the lowest a threshold can be.
    pub floor: f32,
}

/// The articles an article's record must hold for it to be ranked as in the whole archive: its nearest by the
/// shared ranking with no minimum score ([`CANDIDATES`]; on a multilingual site also [`OTHER_LANGUAGE_CANDIDATES`]
/// in any language), the articles that lend it terms under the widget's defaults (and in any language), and its pins.
pub fn article_candidates(index: &Index, position: usize, several_languages: bool) -> Vec<usize> {
    article_neighbours(index, position, several_languages).0
}

/// [`article_candidates`], and the article's [`Lending`].
pub fn article_neighbours(index: &Index, position: usize, several_languages: bool) -> (Vec<usize>, Lending) {
    let defaults = RankingConfig::default();
    let lowest = crate::rank::adaptive_threshold(defaults.min_score, 0.0);
    let Some(query) = index.query_for(position) else { return (Vec::new(), Lending { lenders: Vec::new(), floor: lowest }) };
    let same_language = RankingConfig { limit: CANDIDATES, min_score: 0.0, ..RankingConfig::default() };
    let any_language = RankingConfig { limit: OTHER_LANGUAGE_CANDIDATES, same_language: false, ..same_language.clone() };
    let lists = if several_languages { vec![same_language, any_language] } else { vec![same_language] };
    let (ranked, lenders) = index.candidates(&query, &lists, &RankingConfig::default());
    let mut nearest: Vec<usize> = Vec::new();
    for ranked in ranked.iter().flatten() {
        if !nearest.contains(&ranked.article) {
            nearest.push(ranked.article);
        }
    }
    // The articles that lend the query their terms (a duplicate title among them, which no list shows); on a
    // multilingual site also those that lend it in lists of any language, whose own comparisons leave their terms out.
    let any_language_lenders = match several_languages {
        true => index.candidates(&query, &[], &RankingConfig { same_language: false, ..RankingConfig::default() }).1,
        false => Vec::new(),
    };
    for &(lender, _) in lenders.iter().chain(&any_language_lenders) {
        if !nearest.contains(&lender) {
            nearest.push(lender);
        }
    }
    let floor = match !lenders.is_empty() && lenders.len() >= defaults.expansion_neighbours {
        true => lenders.iter().map(|&(_, similarity)| similarity).fold(f32::INFINITY, f32::min),
        false => lowest,
    };
    let lending = Lending { lenders: lenders.iter().map(|&(lender, _)| lender as u32).collect(), floor };
    // Pinned articles come first whatever their score: the record must hold them too.
    for pinned in &query.pinned {
        if let Some(p) = index.find(pinned).filter(|p| !nearest.contains(p)) {
            nearest.push(p);
        }
    }
    (nearest, lending)
}

/// The newest articles of each language (by primary subtag), newest first, [`NEWEST_PER_LANGUAGE`] of each; under ""
/// the newest of all languages together, [`NEWEST_RECORD`] of them.
pub(super) fn newest_by_language(index: &Index) -> BTreeMap<String, Vec<usize>> {
    let mut newest: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &position in index.newest_first() {
        let lang = index.article(position).and_then(|a| a.lang.as_deref()).map(crate::lang::primary).unwrap_or_default();
        if !lang.is_empty() {
            let list = newest.entry(lang).or_default();
            if list.len() < NEWEST_PER_LANGUAGE {
                list.push(position);
            }
        }
        let all = newest.entry(String::new()).or_default();
        if all.len() < NEWEST_RECORD {
            all.push(position);
        }
    }
    newest
}

/// The articles a record holds: those it ranks, with their term weights (a group's members and their candidates),
/// and those it only shows, without them (the newest articles of the members' languages, for "More news").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Held {
    pub ranked: BTreeSet<usize>,
    pub shown_only: BTreeSet<usize>,
}

impl Held {
    /// A record whose every article is ranked (the newest articles' record, an update's record).
    pub(super) fn all_ranked(articles: BTreeSet<usize>) -> Self {
        Held { ranked: articles, shown_only: BTreeSet::new() }
    }

    /// Every article held, ranked or shown only, in the manifest's order.
    fn all(&self) -> BTreeSet<usize> {
        self.ranked.union(&self.shown_only).copied().collect()
    }
}

/// What a group's record holds: each member (by position, with its candidates) and the candidates, ranked, and the
/// newest articles of each member's language, shown only. "More news" lists those by date; they need no term
/// weights, which (with their terms' statistics) were a third of a record's bytes. Any of them that is also a
/// member's candidate is ranked.
pub(super) fn held_by_group<'a>(
    manifest: &Manifest,
    newest: &BTreeMap<String, Vec<usize>>,
    members: impl Iterator<Item = (usize, &'a [usize])>,
) -> Held {
    let mut held = Held::default();
    let mut languages = BTreeSet::new();
    for (member, candidates) in members {
        held.ranked.insert(member);
        held.ranked.extend(candidates);
        languages.insert(manifest.articles[member].lang.as_deref().map(crate::lang::primary).unwrap_or_default());
    }
    for lang in languages {
        // An article of no known language is shown the newest of all languages.
        let newest = newest.get(&lang).into_iter().flatten().take(NEWEST_PER_LANGUAGE);
        held.shown_only.extend(newest.filter(|article| !held.ranked.contains(article)));
    }
    held
}

/// Groups articles with their nearest ungrouped ones, at most `size` in a group, in the manifest's order (newest
/// first), so a group's candidates overlap and one record serves them all.
pub(super) fn group(candidates: &[Vec<usize>], size: usize) -> Vec<Vec<usize>> {
    let mut grouped = vec![false; candidates.len()];
    let mut groups = Vec::new();
    for first in 0..candidates.len() {
        if grouped[first] {
            continue;
        }
        grouped[first] = true;
        let mut members = vec![first];
        for &near in &candidates[first] {
            if members.len() >= size {
                break;
            }
            if !grouped[near] {
                grouped[near] = true;
                members.push(near);
            }
        }
        groups.push(members);
    }
    groups
}

/// The manifest's forms of the keywords of the `held` articles.
pub(super) fn forms_of(manifest: &Manifest, held: &BTreeSet<usize>) -> SortedMap<String, String> {
    let keywords: BTreeSet<&str> = held.iter().flat_map(|&p| manifest.articles[p].keywords.iter().map(|k| k.term.as_str())).collect();
    manifest.forms.iter().filter(|(_, keyword)| keywords.contains(keyword.as_str())).map(|(v, k)| (v.clone(), k.clone())).collect()
}

pub(super) fn record_bytes(part: &Manifest) -> Result<Vec<u8>, String> {
    Ok(crate::manifest::record::encode(part))
}

/// A record: the held articles, in the manifest's order, as a manifest whose ranked articles carry their raw term
/// weights (by position in the record's sorted term list, which comes with the archive's statistics for each of
/// their terms) in place of keywords and entities, so the browser ranks without working them out again; articles
/// shown only carry none. The record of the newest articles also carries `forms`, the variant forms of their
/// keywords ([`forms_of`]), so a page's own words match them.
pub(super) fn record_manifest(
    manifest: &Manifest,
    index: &Index,
    raw_vectors: &[Vec<(u32, f32)>],
    vocabulary: &[(&str, u32)],
    held: &Held,
    forms: SortedMap<String, String>,
) -> Manifest {
    let mut ids: Vec<u32> = held.ranked.iter().flat_map(|&p| raw_vectors[p].iter().map(|&(id, _)| id)).collect();
    ids.sort_unstable();
    ids.dedup();
    // Archive ids follow the terms' sorted order, so positions in the record's list do too.
    let position = |id: u32| ids.binary_search(&id).map_or(0, |p| p as u32);
    let articles: Vec<Article> = held
        .all()
        .into_iter()
        .map(|p| {
            // Field by field, not a clone: the keywords and entities a record leaves out are most of an article,
            // and records repeat articles many times over.
            let article = &manifest.articles[p];
            Article {
                id: article.id.clone(),
                url: article.url.clone(),
                title: article.title.clone(),
                date: article.date.clone(),
                lang: article.lang.clone(),
                summary: article.summary.clone(),
                image: article.image.clone(),
                topics: article.topics.clone(),
                keywords: Vec::new(),
                entities: Entities::default(),
                pinned: article.pinned.clone(),
                vector: match held.ranked.contains(&p) {
                    true => raw_vectors[p].iter().map(|&(id, weight)| (position(id), weight)).collect(),
                    false => Vec::new(),
                },
                title_key: index.title_key(p).map(str::to_string),
            }
        })
        .collect();
    let (terms, counts): (Vec<String>, Vec<u32>) = ids
        .iter()
        .filter_map(|&id| vocabulary.get(id as usize))
        .map(|(term, count)| ((*term).to_string(), *count))
        .unzip();
    // The archive's size as the index counts it: a rebuild's index of the current archive says it in its
    // statistics, which may count more articles than it holds.
    let archive = manifest.collection.as_ref().map_or(0, |c| c.articles).max(raw_vectors.len() as u32);
    Manifest {
        version: FORMAT_VERSION,
        site: manifest.site.clone(),
        topics: record_topics(&manifest.topics),
        forms,
        articles,
        collection: Some(Collection { articles: archive, df: CollectionDf::InTermOrder { terms, counts } }),
    }
}

/// The topics as records carry them: without their article counts, which the widget does not show and which
/// change with every article added (a rebuild's update leaves the records as they are).
pub(super) fn record_topics(topics: &[Topic]) -> Vec<Topic> {
    topics.iter().map(|topic| Topic { count: None, ..topic.clone() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_about_the_square_root_of_the_keys() {
        assert_eq!(directory_count(0), 1);
        assert_eq!(directory_count(1000), 1, "500 articles: one directory, in the entry");
        assert_eq!(directory_count(1001), 64);
        assert_eq!(directory_count(2000), 64, "1,000 articles: shards of about 31 keys");
        assert_eq!(directory_count(20_000), 256);
        assert_eq!(directory_count(200_000), 1024);
        assert_eq!(directory_count(2_000_000), 2048);
        for keys in [1001, 2000, 5000, 20_000, 77_777, 200_000, 2_000_000, 20_000_000] {
            let count = directory_count(keys) as f64;
            let ideal = (keys as f64 * 13.0 / 4.0).sqrt();
            assert!((count as usize).is_power_of_two() && count / ideal < 1.5 && ideal / count < 1.5, "{keys}: {count}");
        }
    }

    /// A manifest of `count` articles on a few subjects, with names and dates, as the builder writes them.
    fn manifest(count: usize) -> Manifest {
        let subjects = ["election parliament vote", "flood river rescue", "vaccine health ministry", "football cup final"];
        let articles: Vec<String> = (0..count)
            .map(|i| {
                let subject = subjects[i % subjects.len()];
                let words: Vec<&str> = subject.split(' ').collect();
                // Titles differ in words, not only in numbers (which titles are compared without).
                let name: String = [b'a' + (i % 26) as u8, b'a' + (i / 26) as u8, b'x'].iter().map(|&b| b as char).collect();
                format!(
                    r#"{{"id":"a{i}","url":"/a/{i}","title":"{} news {name}","date":"2024-0{}-1{}","keywords":["{}",["{}",2.3],"{}","story {}"],"entities":{{"people":["Person {}"]}}}}"#,
                    words[0],
                    1 + i % 9,
                    i % 10,
                    words[0],
                    words[1],
                    words[2],
                    i % 7,
                    i % 5
                )
            })
            .collect();
        let text = format!(r#"{{"version":1,"site":{{"lang":"en"}},"articles":[{}]}}"#, articles.join(","));
        crate::manifest::parse_str(&text).expect("fixture").manifest
    }

    #[test]
    fn a_record_carries_vectors_that_rank_as_the_whole_archive_does() {
        let manifest = manifest(40);
        let whole = Index::build(manifest.clone(), FieldWeights::default(), &|u: &str| u.to_string());
        let raw: Vec<Vec<(u32, f32)>> = (0..whole.len()).map(|p| whole.raw_vector(p)).collect();
        let held = Held::all_ranked((0..whole.len()).collect());
        let bytes = record_bytes(&record_manifest(&manifest, &whole, &raw, &whole.vocabulary(), &held, SortedMap::new())).expect("record");
        let loaded = crate::manifest::record::decode(&bytes).expect("a binary record");
        assert!(loaded.report.is_clean(), "{:?}", loaded.report);
        let no_words = |a: &crate::manifest::Article| a.keywords.is_empty() && a.entities.is_empty();
        assert!(loaded.manifest.articles.iter().all(no_words), "a record carries vectors instead");
        assert!(loaded.manifest.articles.iter().all(|a| !a.vector.is_empty() && a.title_key.is_some()));
        let part = Index::build(loaded.manifest, FieldWeights::default(), &|u: &str| u.to_string());
        let config = RankingConfig { limit: 10, ..RankingConfig::default() };
        let mut listed = 0;
        for position in 0..whole.len() {
            let expected = whole.related(&whole.query_for(position).expect("query"), &config);
            let got = part.related(&part.query_for(position).expect("query"), &config);
            listed += expected.len();
            // The same articles, in the same order, with the same scores to the last bit.
            assert_eq!(got, expected, "article {position}");
        }
        assert!(listed > 5 * whole.len(), "the lists compared are not empty ({listed} articles listed)");
    }

    /// The whole of `shard`, which drops the manifest's keywords once the vectors are made: every article's record
    /// still ranks it as the whole archive does, and the state's vectors are the whole archive's.
    #[test]
    fn every_record_a_full_shard_writes_ranks_its_articles_as_the_whole_archive_does() {
        let manifest = manifest(200);
        let whole = Index::build(manifest.clone(), FieldWeights::default(), &|u: &str| u.to_string());
        let (files, epoch, given_back) = shard(manifest.clone(), false, RecordSink::Memory).expect("sharded");
        assert_eq!(given_back.articles.len(), 200);
        assert!(given_back.articles.iter().all(|a| a.keywords.is_empty()), "the keywords are dropped");
        assert_eq!(epoch.vectors, (0..whole.len()).map(|p| whole.raw_vector(p)).collect::<Vec<_>>());
        let records: BTreeMap<&str, Index> = files
            .files
            .iter()
            .filter(|(name, _)| name.starts_with("r/"))
            .map(|(name, bytes)| {
                let loaded = crate::manifest::record::decode(bytes).expect("a binary record");
                (name.as_str(), Index::build(loaded.manifest, FieldWeights::default(), &|u: &str| u.to_string()))
            })
            .collect();
        let config = RankingConfig { limit: crate::options::MAX_WIDGET_LIMIT, ..RankingConfig::default() };
        let mut compared = 0;
        for position in 0..whole.len() {
            let id = &manifest.articles[position].id;
            let query = whole.query_for(position).expect("query");
            let expected = whole.related(&query, &config);
            let taken: Vec<usize> = expected.iter().map(|r| r.article).collect();
            let expected_more = whole.latest(&query, &config, &taken, crate::options::MAX_WIDGET_LIMIT);
            let Some(_) = records.values().filter(|part| part.find(id).is_some()).find(|part| {
                // The article's own record holds its whole list; others may hold it as a candidate only.
                let query = part.query_for(part.find(id).expect("held")).expect("query");
                let got = part.related(&query, &config);
                let ids = |positions: &mut dyn Iterator<Item = usize>, of: &Manifest| positions.map(|p| of.articles[p].id.clone()).collect::<Vec<_>>();
                let taken: Vec<usize> = got.iter().map(|r| r.article).collect();
                // "More news" too: the newest articles, which the record shows without ranking them.
                let more = part.latest(&query, &config, &taken, crate::options::MAX_WIDGET_LIMIT);
                ids(&mut got.iter().map(|r| r.article), part.manifest()) == ids(&mut expected.iter().map(|r| r.article), &manifest)
                    && ids(&mut more.into_iter(), part.manifest()) == ids(&mut expected_more.iter().copied(), &manifest)
            }) else {
                panic!("no record ranks article {id} as the whole archive does");
            };
            compared += 1;
        }
        assert_eq!(compared, 200);
        // The articles a record only shows carry no term weights, and their terms are not in its statistics.
        let (mut shown_only, mut ranked) = (0, 0);
        for part in records.values().filter(|part| part.len() < 200) {
            for article in &part.manifest().articles {
                if article.vector.is_empty() { shown_only += 1 } else { ranked += 1 }
            }
        }
        assert!(shown_only > 0 && ranked > 0, "{shown_only} shown only, {ranked} ranked");
    }

    /// An archive past one directory: binary shards, about the square root of the keys in number, in which every
    /// article is found by its id and by its URL, through its record, as `related DIR` and the widget find it.
    #[test]
    fn every_article_of_a_larger_archive_is_found_through_binary_directory_shards() {
        let manifest = manifest(1100);
        let (files, epoch, _) = shard(manifest.clone(), false, RecordSink::Memory).expect("sharded");
        assert_eq!(epoch.entry.directories.len(), directory_count(2200));
        assert!(epoch.entry.records.is_none() && epoch.entry.directory.is_none());
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, bytes) in &files.files {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("in a folder")).expect("a folder");
            std::fs::write(&path, bytes).expect("written");
            if name.starts_with("d/") {
                assert!(name.ends_with(".bin") && crate::manifest::directory::is_binary(bytes), "{name} is a binary shard");
            }
        }
        let folder = crate::folder::FolderIndex::open(dir.path()).expect("readable").expect("an index");
        for article in &manifest.articles {
            for key in [&article.id, &article.url] {
                let (index, position) = folder.record_for(key).unwrap_or_else(|e| panic!("{key}: {e}"));
                assert_eq!(index.manifest().articles[position].id, article.id, "{key}");
            }
        }
        assert!(folder.record_for("not-an-article").is_err());
    }

    /// What records of version 1 carried (keywords and entities, frequencies by term): a widget of this version
    /// still ranks an older folder's records as the whole archive ranks.
    #[test]
    fn a_version_1_record_still_ranks_as_the_whole_archive_does() {
        let manifest = manifest(40);
        let whole = Index::build(manifest.clone(), FieldWeights::default(), &|u: &str| u.to_string());
        let df: BTreeMap<String, u32> = whole.vocabulary().into_iter().map(|(term, count)| (term.to_string(), count)).collect();
        let old = Manifest {
            collection: Some(Collection { articles: 40, df: CollectionDf::ByTerm(df.into_iter().collect()) }),
            ..manifest.clone()
        };
        let text = serde_json::to_string(&old).expect("serialises");
        assert!(text.contains("\"keywords\"") && !text.contains("\"vector\""));
        let loaded = crate::manifest::parse_str(&text).expect("a version-1 record");
        assert!(loaded.report.is_clean(), "{:?}", loaded.report);
        let part = Index::build(loaded.manifest, FieldWeights::default(), &|u: &str| u.to_string());
        let config = RankingConfig { limit: 10, ..RankingConfig::default() };
        for position in 0..whole.len() {
            let expected = whole.related(&whole.query_for(position).expect("query"), &config);
            assert_eq!(part.related(&part.query_for(position).expect("query"), &config), expected, "article {position}");
        }
    }

    #[test]
    fn groups_take_nearest_ungrouped_articles() {
        let candidates = vec![vec![1, 2], vec![0, 3], vec![0], vec![1]];
        assert_eq!(group(&candidates, 8), vec![vec![0, 1, 2], vec![3]]);
        assert_eq!(group(&candidates, 2), vec![vec![0, 1], vec![2], vec![3]]);
        assert_eq!((group_size(1_000), group_size(10_000), group_size(10_001)), (2, 2, 8));
    }
}
