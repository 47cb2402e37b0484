//! `related`, `explain` and `check`: a manifest or a folder read and ranked as the widget does, printed for a
//! person or as JSON.

use std::path::Path;
use std::process::ExitCode;

use rayon::prelude::*;

use super::args::{CheckArgs, ExplainArgs, RelatedArgs};
use super::io::{manifest_path, read_bytes, write_stdout};
use crate::folder::FolderIndex;
use crate::manifest::{self, Loaded, SourceFormat};
use crate::rank::{FieldWeights, Index, RankingConfig, MAX_LIMIT};
use crate::url;

/// Reads a manifest (its own format or JSON Feed) and indexes it as the widget does.
fn load_index(path: &Path) -> Result<(Index, Loaded), String> {
    let path = &manifest_path(path);
    let bytes = read_bytes(path)?;
    // A manifest, a JSON Feed, or a record of a built folder (binary since version 4).
    let loaded = manifest::record::parse_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(summary) = loaded.report.summary() {
        eprintln!("related-news: {}: {summary}", path.display());
    }
    // Relative article URLs are read against the site's address, as a folder, the way the builder wrote them.
    let site_folder = loaded.manifest.site.url.as_deref().map(url::as_folder);
    let index = Index::build(loaded.manifest.clone(), FieldWeights::default(), &|href: &str| url::resolve(site_folder.as_deref(), href));
    Ok((index, loaded))
}

/// The article with id `id`; else an error that names the ids holding it as a part, if any (a feed's ids are often
/// URLs or tags, "tag:site,2025:story-1", where the user typed the last part).
fn find(index: &Index, id: &str, path: &Path) -> Result<usize, String> {
    index.find(id).ok_or_else(|| {
        let wanted = id.to_lowercase();
        let near: Vec<String> = (0..index.len())
            .filter_map(|position| index.article(position))
            .filter(|article| !wanted.is_empty() && article.id.to_lowercase().contains(&wanted))
            .take(3)
            .map(|article| format!("\"{}\"", article.id))
            .collect();
        let hint = if near.is_empty() { String::new() } else { format!("; ids that hold it: {}", near.join(", ")) };
        format!("{}: no article with id \"{id}\"{hint}", path.display())
    })
}

fn round4(score: f32) -> f64 {
    (f64::from(score) * 10_000.0).round() / 10_000.0
}

pub(super) fn run_related(args: RelatedArgs) -> Result<ExitCode, String> {
    let (index, _) = load_index(&args.manifest)?;
    let config = RankingConfig { limit: args.k, ..RankingConfig::default() };
    let positions: Vec<usize> = if args.all {
        (0..index.len()).collect()
    } else {
        args.ids.iter().map(|id| find(&index, id, &args.manifest)).collect::<Result<_, _>>()?
    };
    // A folder is ranked as the widget ranks it: each article in its record of the sharded index.
    let folder = if args.manifest.is_dir() { FolderIndex::open(&args.manifest)? } else { None };
    // Every article's list is independent: they are ranked on all cores and printed in order.
    let blocks: Vec<Result<String, String>> = positions
        .par_iter()
        .map(|&position| match (&folder, index.article(position)) {
            (Some(folder), Some(article)) => {
                let (record, place) = folder.record_for(&article.id).map_err(|e| format!("{}: {e}", article.id))?;
                Ok(related_block(&record, place, &config, args.json))
            }
            _ => Ok(related_block(&index, position, &config, args.json)),
        })
        .collect();
    // An article whose record is missing or damaged takes no other article's list down: the others are printed,
    // and each failure said, with exit code 1.
    let printed: String = blocks.iter().filter_map(|block| block.as_ref().ok().map(String::as_str)).collect();
    write_stdout(printed.as_bytes())?;
    let failures: Vec<&String> = blocks.iter().filter_map(|block| block.as_ref().err()).collect();
    for failure in &failures {
        eprintln!("related-news: {failure}");
    }
    Ok(if failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// One article's related list, as a JSON line or as text.
fn related_block(index: &Index, position: usize, config: &RankingConfig, json: bool) -> String {
    use std::fmt::Write as _;
    let (Some(article), Some(query)) = (index.article(position), index.query_for(position)) else { return String::new() };
    let related = index.related(&query, config);
    let mut out = String::new();
    if json {
        let list: Vec<serde_json::Value> = related
            .iter()
            .filter_map(|r| index.article(r.article).map(|a| serde_json::json!({ "id": a.id, "score": round4(r.score) })))
            .collect();
        let _ = writeln!(out, "{}", serde_json::json!({ "id": article.id, "related": list }));
        return out;
    }
    let _ = writeln!(out, "{}  {}", article.id, article.title);
    if related.is_empty() {
        let _ = writeln!(out, "    (nothing related above min-score {})", config.min_score);
    }
    for (rank, r) in related.iter().enumerate() {
        if let Some(other) = index.article(r.article) {
            let pin = if r.pinned { " (pinned)" } else { "" };
            let _ = writeln!(out, "  {}. {:.4}  {}  {}{pin}", rank + 1, r.score, other.id, other.title);
        }
    }
    out
}

pub(super) fn run_explain(args: ExplainArgs) -> Result<ExitCode, String> {
    let (index, _) = load_index(&args.manifest)?;
    let a = find(&index, &args.id, &args.manifest)?;
    let b = find(&index, &args.with, &args.manifest)?;
    let (Some(article_a), Some(article_b)) = (index.article(a), index.article(b)) else { return Err("cannot score that pair".into()) };
    let mut out = String::new();
    // A folder's article is explained in its record, as `related` and the widget rank it: after an update build,
    // the record's statistics are the update's, and its candidates are the ones the builder kept.
    let folder = if args.manifest.is_dir() { FolderIndex::open(&args.manifest)? } else { None };
    let record = match &folder {
        Some(folder) => {
            let (record, place) = folder.record_for(&article_a.id)?;
            match record.find(&article_b.id) {
                Some(other) => Some((record, place, other)),
                None => {
                    outln!(
                        out,
                        "{} is not among the candidates the index keeps for {} (its nearest articles when it was built), so \
                         the widget never lists it; as the whole archive scores the pair:",
                        article_b.id, article_a.id
                    );
                    None
                }
            }
        }
        None => None,
    };
    match &record {
        Some((record, place, other)) => explain_pair(record, *place, *other, &mut out)?,
        None => explain_pair(&index, a, b, &mut out)?,
    }
    write_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// How many of a folder's index errors `check` lists.
const MAX_INDEX_ERRORS_SHOWN: usize = 20;

/// Reads a built folder's index as the widget reads it, for every article of its manifest `m`: the entry, the
/// directory that names the article's record, the record (which must hold the article), and the newest articles'
/// record. Returns what is wrong, each file once (a missing record is every article's in it); what is only worth
/// knowing goes to `notes`. The manifest beside them says which articles there are; pages never read it.
fn check_folder_index(dir: &Path, m: &manifest::Manifest, notes: &mut Vec<String>) -> Vec<String> {
    let entry = dir.join(manifest::sharded::ENTRY_FILE);
    let folder = match FolderIndex::open(dir) {
        Ok(Some(folder)) => folder,
        Ok(None) => return vec![format!("{}: missing: a page that names only related-news.js reads the index from it (rebuild with --out-dir, or upload it)", entry.display())],
        Err(error) => return vec![error],
    };
    // A folder of an older build: this release's widget, copied in, would refuse its entry.
    if folder.version() < manifest::sharded::WIDGET_OLDEST_VERSION {
        let oldest = manifest::sharded::WIDGET_OLDEST_VERSION;
        notes.push(format!("its index is version {}, older than this release's widget reads ({oldest} on): rebuild the folder with `related-news build --out-dir`", folder.version()));
    }
    for widget_file in ["related-news.js", "related_news_bg.wasm"] {
        if !dir.join(widget_file).is_file() {
            notes.push(format!("no {widget_file} in the folder: pages must load the widget from elsewhere (a CLI built without the widget writes none)"));
        }
    }
    let mut errors: Vec<(String, Option<&str>)> =
        m.articles.par_iter().filter_map(|article| folder.record_for(&article.id).err().map(|error| (error, Some(article.id.as_str())))).collect();
    if let Err(error) = folder.newest_record() {
        errors.push((format!("{error} (the newest articles' record, for pages the index does not hold)"), None));
    }
    // Each damaged or missing file once, with the articles it fails.
    let mut failed: std::collections::HashMap<String, Vec<&str>> = std::collections::HashMap::new();
    let mut in_order: Vec<String> = Vec::new();
    for (error, id) in errors {
        let ids = failed.entry(error.clone()).or_insert_with(|| {
            in_order.push(error);
            Vec::new()
        });
        ids.extend(id);
    }
    in_order
        .into_iter()
        .map(|error| match failed.get(&error).map(Vec::as_slice) {
            Some([]) | None => error,
            Some([id]) => format!("{error} (the record of {id})"),
            Some(ids) => format!("{error} (the record of {} articles: {}{})", ids.len(), ids[..ids.len().min(3)].join(", "), if ids.len() > 3 { "..." } else { "" }),
        })
        .collect()
}

/// Writes into `out` why `b` scores what it does for `a` in `index`, and where it stands in `a`'s related list.
fn explain_pair(index: &Index, a: usize, b: usize, out: &mut String) -> Result<(), String> {
    let config = RankingConfig::default();
    let (Some(article_a), Some(article_b), Some(pair)) = (index.article(a), index.article(b), index.pair_score(a, b, &config)) else {
        return Err("cannot score that pair".into());
    };
    outln!(out, "{}: {}", article_a.id, article_a.title);
    outln!(out, "{}: {}", article_b.id, article_b.title);
    let apart = pair.days_apart.map_or_else(|| "no dates".to_string(), |d| format!("{d:.0} days apart"));
    outln!(
        out,
        "score {:.4} = similarity {:.4} x time boost {:.3} ({apart})",
        pair.score, pair.similarity, pair.boost
    );
    let shared = index.shared_terms(a, b, &config);
    if shared.is_empty() {
        outln!(out, "no shared terms");
    } else {
        outln!(out, "shared terms, by what each added to the similarity:");
        for term in &shared {
            let name = &term.term;
            let shown = name.strip_prefix('#').map_or_else(|| name.clone(), |topic| format!("topic {topic}"));
            let lent = if term.borrowed { format!("  (from {}'s nearest articles)", article_a.id) } else { String::new() };
            outln!(out, "  {:.4}  {shown}{lent}", term.contribution);
        }
    }
    let query = index.query_for(a).ok_or("cannot rank")?;
    let related = index.related(&query, &RankingConfig { limit: MAX_LIMIT, ..config.clone() });
    match (pair.excluded, related.iter().position(|r| r.article == b)) {
        (Some(why), _) => outln!(out, "{} is not in {}'s related list: {why}", article_b.id, article_a.id),
        (None, Some(rank)) if rank < config.limit => outln!(out, "{} is number {} of {}'s related list (limit {})", article_b.id, rank + 1, article_a.id, config.limit),
        (None, Some(rank)) => outln!(out, "{} ranks {}; the default list shows {}", article_b.id, rank + 1, config.limit),
        (None, None) => match index.listed_duplicate_of(b, &related).and_then(|p| index.article(p)) {
            Some(kept) => outln!(
                out,
                "{} is not in {}'s related list: {} has the same title or URL and ranks higher (the duplicate filters)",
                article_b.id, article_a.id, kept.id
            ),
            None => outln!(out, "{} is not in {}'s related list", article_b.id, article_a.id),
        },
    }
    Ok(())
}

pub(super) fn run_check(args: CheckArgs) -> Result<ExitCode, String> {
    let manifest = manifest_path(&args.manifest);
    let bytes = read_bytes(&manifest)?;
    let path = manifest.display();
    let mut out = String::new();
    let loaded = match manifest::record::parse_bytes(&bytes) {
        Ok(loaded) => loaded,
        Err(error) => {
            outln!(out, "{path}: unusable: {error}");
            // The entry of a built folder is no manifest: the folder is what to check.
            if String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).contains(&format!("\"{}\"", manifest::sharded::ENTRY_FORMAT)) {
                let folder = manifest.parent().map_or_else(|| ".".into(), |p| p.display().to_string());
                outln!(out, "{path} is the entry of a folder `build --out-dir` wrote: check the folder itself (related-news check {folder})");
            }
            write_stdout(out.as_bytes())?;
            return Ok(ExitCode::from(1));
        }
    };
    for problem in &loaded.report.skipped {
        outln!(out, "{path}: skipped {problem}");
    }
    for problem in &loaded.report.warnings {
        outln!(out, "{path}: warning {problem}");
    }
    let m = &loaded.manifest;
    let mut notes = Vec::new();
    let ids: std::collections::HashSet<&str> = m.articles.iter().map(|a| a.id.as_str()).collect();
    let topic_ids: std::collections::HashSet<&str> = m.topics.iter().map(|t| t.id.as_str()).collect();
    for (i, article) in m.articles.iter().enumerate() {
        for pinned in article.pinned.iter().filter(|p| !ids.contains(p.as_str())) {
            notes.push(format!("articles[{i}] (id \"{}\"): pinned id \"{pinned}\" is not in the manifest", article.id));
        }
        for topic in article.topics.iter().filter(|t| !m.topics.is_empty() && !topic_ids.contains(t.as_str())) {
            notes.push(format!("articles[{i}] (id \"{}\"): topic \"{topic}\" is not among the manifest's topics", article.id));
        }
        // A record's articles carry their term weights instead; those it only shows carry neither.
        let has_terms = !article.keywords.is_empty() || !article.entities.is_empty() || !article.vector.is_empty();
        if !has_terms && m.collection.is_none() && loaded.format == SourceFormat::RelatedNews {
            notes.push(format!("articles[{i}] (id \"{}\"): no keywords or entities; only its title words can relate it", article.id));
        }
    }
    // A folder is what pages read: its entry, directories and records, not the manifest beside them.
    let index_errors = if args.manifest.is_dir() { check_folder_index(&args.manifest, m, &mut notes) } else { Vec::new() };
    for note in &notes {
        outln!(out, "{path}: note {note}");
    }
    let format = match loaded.format {
        SourceFormat::RelatedNews => format!("related-news format v{}", m.version),
        SourceFormat::JsonFeed => "JSON Feed".to_string(),
    };
    outln!(
        out,
        "{path}: {format}, {} usable article(s), {} skipped, {} warning(s), {} note(s), {} topic(s)",
        m.articles.len(),
        loaded.report.skipped.len(),
        loaded.report.warnings.len(),
        notes.len(),
        m.topics.len()
    );
    for error in index_errors.iter().take(MAX_INDEX_ERRORS_SHOWN) {
        outln!(out, "{}: error {error}", args.manifest.display());
    }
    if index_errors.len() > MAX_INDEX_ERRORS_SHOWN {
        outln!(out, "{}: ... and {} more error(s)", args.manifest.display(), index_errors.len() - MAX_INDEX_ERRORS_SHOWN);
    }
    let code = if m.articles.is_empty() {
        outln!(out, "{path}: unusable: no valid articles");
        ExitCode::from(1)
    } else if !index_errors.is_empty() {
        outln!(out, "{}: unusable as uploaded: {} error(s) in the index files pages read", args.manifest.display(), index_errors.len());
        ExitCode::from(1)
    } else {
        if args.manifest.is_dir() {
            outln!(out, "{}: its entry, directories and records read as pages read them: every article found in its record", args.manifest.display());
        }
        ExitCode::SUCCESS
    };
    write_stdout(out.as_bytes())?;
    Ok(code)
}
