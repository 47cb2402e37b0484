//! The `related-news` command line: `build`, `related`, `explain`, `check`, `serve` and `subscribers export`.
//!
//! Every subcommand reads and ranks manifests with the same code and defaults as the widget. Errors go to stderr
//! naming the file and the position; the exit code is 0 on success, 1 when the work failed, 2 for bad usage.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use rayon::prelude::*;

use crate::builder::{self, write, BuildSettings, SiteConfig};
use crate::folder::FolderIndex;
use crate::lang;
use crate::manifest::{self, Loaded, SourceFormat};
use crate::url;
use crate::rank::{FieldWeights, Index, RankingConfig, DEFAULT_LIMIT, MAX_LIMIT};
use crate::serve;

/// Keywords per article unless `--keywords` says otherwise: the builder's own default.
const DEFAULT_KEYWORDS: u16 = builder::keywords::DEFAULT_KEYWORDS_PER_ARTICLE as u16;

#[derive(Debug, Parser)]
#[command(name = "related-news", version, about = "Build and inspect manifests for the related-news widget")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a manifest from JSON Feed, RSS or Atom files, folders of HTML pages, HTML pages or .txt files.
    Build(BuildArgs),
    /// Print the related articles of articles in a manifest, ranked exactly as the widget ranks them.
    Related(RelatedArgs),
    /// Explain why one article is related to another: the shared keywords and what each added.
    Explain(ExplainArgs),
    /// Validate a manifest (related-news format or JSON Feed) and list every problem with its place.
    Check(CheckArgs),
    /// Serve a site and its subscription endpoint (POST /api/subscribe, double opt-in e-mails into an outbox).
    Serve(ServeArgs),
    /// Send each confirmed subscriber one e-mail with the new articles in their topics (run it from cron).
    Digest(DigestArgs),
    /// Work with the subscriptions `serve` stored.
    Subscribers {
        #[command(subcommand)]
        command: SubscribersCommand,
    },
}

#[derive(Debug, Args)]
struct DigestArgs {
    /// The database `serve` writes.
    #[arg(long, default_value = "subscribers.sqlite")]
    db: PathBuf,
    /// The site's manifest: its articles, their topics and dates.
    #[arg(long)]
    manifest: PathBuf,
    /// Send through this relay (as `serve --smtp`); without it, the e-mails are written to --outbox.
    #[arg(long)]
    smtp: Option<String>,
    /// The folder e-mails are written to without --smtp, and with --dry-run.
    #[arg(long, default_value = "outbox")]
    outbox: PathBuf,
    /// Only articles published after this date (ISO 8601) [default: each subscriber's last update, or their
    /// confirmation].
    #[arg(long)]
    since: Option<String>,
    /// Write the e-mails to --outbox and record nothing: a later run still sends them.
    #[arg(long)]
    dry_run: bool,
    /// The base of the links in the e-mails [default: the manifest's site.url].
    #[arg(long)]
    public_url: Option<String>,
    /// The From: address [default: no-reply@<host of the public URL>].
    #[arg(long)]
    from: Option<String>,
}

#[derive(Debug, Subcommand)]
enum SubscribersCommand {
    /// Print the subscriptions as CSV (RFC 4180, with a header row) on standard output.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// The site's folder; its files are served as they are.
    #[arg(long, default_value = "www")]
    root: PathBuf,
    /// The manifest whose topics can be subscribed to, also served at /manifest.json [default: <root>/manifest.json].
    #[arg(long)]
    manifest: Option<PathBuf>,
    /// The SQLite database of subscriptions (created when missing).
    #[arg(long, default_value = "subscribers.sqlite")]
    db: PathBuf,
    /// The folder confirmation e-mails are written to as .eml files (created when missing).
    #[arg(long, default_value = "outbox")]
    outbox: PathBuf,
    /// Address and port to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// An origin (https://news.example) whose pages may post subscriptions cross-origin; repeat for several.
    #[arg(long = "allow-origin")]
    allow_origins: Vec<String>,
    /// Submissions per minute from one client (an IPv4 address or an IPv6 /64 network); 0 turns the limit off.
    #[arg(long, default_value_t = 10)]
    rate_limit: u32,
    /// A reverse proxy's address or network (10.0.0.0/8, ::1): requests from it name the client in Forwarded or
    /// X-Forwarded-For, which then counts for the rate limit and is stored; repeat for several.
    #[arg(long = "trusted-proxy")]
    trusted_proxies: Vec<String>,
    /// Send e-mail through this relay: smtp://user:pass@host:port (STARTTLS when offered; ?tls=required to insist)
    /// or smtps://user:pass@host:port (implicit TLS). Without it, e-mails are written to --outbox as .eml files.
    #[arg(long)]
    smtp: Option<String>,
    /// The site's public base URL, for the links in e-mails and pages [default: http://<the bound address>].
    #[arg(long)]
    public_url: Option<String>,
    /// The From: address of the e-mails [default: no-reply@<host of the public URL>].
    #[arg(long)]
    from: Option<String>,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 16_384, value_parser = clap::value_parser!(u64).range(256..=1_048_576))]
    max_body: u64,
    /// The only type ids submissions may name, comma-separated (e.g. news,reports,events) [default: any id].
    #[arg(long, value_delimiter = ',')]
    types: Option<Vec<String>>,
    /// Also run `digest` this often (1d, 6h, 30m...), with the server's settings: each confirmed subscriber gets the
    /// new articles in their topics. Without --smtp, the updates are written to --outbox.
    #[arg(long)]
    digest_every: Option<String>,
    /// Threads for the application's work (the database and files); waiting on clients takes none.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    workers: u16,
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// The database `serve` writes.
    #[arg(long, default_value = "subscribers.sqlite")]
    db: PathBuf,
    /// Which subscriptions: pending, confirmed, unsubscribed or all (all includes the unsubscribed).
    #[arg(long, value_enum, default_value_t = StatusArg::All)]
    status: StatusArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum StatusArg {
    Pending,
    Confirmed,
    Unsubscribed,
    All,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("destination").required(true).args(["output", "out_dir"]))]
struct BuildArgs {
    /// Feeds, pages, folders of pages, or text files; the kind is told from the content.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Where to write the manifest ("-" for standard output). Written atomically.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// A folder to write, ready to upload: the index and the widget's files (related-news.js, the one file a page
    /// names, and the wasm), when this binary carries them (`make cli`).
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// The site's base URL; relative links and page paths resolve against it (e.g. https://news.example/ or /).
    #[arg(long)]
    base_url: Option<String>,
    /// Language of articles that do not say and cannot be detected (e.g. en, ru, az).
    #[arg(long)]
    lang: Option<String>,
    /// A JSON config file: site name, URL and language, and topics with labels and the tags that map to them.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The site's name (overrides the config file's).
    #[arg(long)]
    site_name: Option<String>,
    /// Keywords extracted per article, besides its own tags (more: better matching, a larger manifest).
    #[arg(long, default_value_t = DEFAULT_KEYWORDS, value_parser = clap::value_parser!(u16).range(1..=100))]
    keywords: u16,
    /// Fail when any item has to be skipped, instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// Indent the JSON (larger; for reading, not for serving).
    #[arg(long)]
    pretty: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
    /// Print how long each phase took.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Debug, Args)]
struct RelatedArgs {
    /// A manifest (or JSON Feed) file, or a folder written by `build --out-dir`.
    manifest: PathBuf,
    /// Article ids to show; repeat for several.
    #[arg(long = "id", required_unless_present = "all", conflicts_with = "all")]
    ids: Vec<String>,
    /// Every article of the manifest.
    #[arg(long)]
    all: bool,
    /// How many related articles per article.
    #[arg(short = 'k', long = "limit", default_value_t = DEFAULT_LIMIT)]
    k: usize,
    /// One JSON object per line: {"id": "...", "related": [{"id": "...", "score": 0.42}]}.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ExplainArgs {
    /// A manifest (or JSON Feed) file, or a folder written by `build --out-dir`.
    manifest: PathBuf,
    /// The current article.
    #[arg(long)]
    id: String,
    /// The article whose relation to it is explained.
    #[arg(long = "with")]
    with: String,
}

#[derive(Debug, Args)]
struct CheckArgs {
    /// A manifest (or JSON Feed) file, or a folder written by `build --out-dir`.
    manifest: PathBuf,
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    let result = match cli.command {
        Command::Build(args) => run_build(args),
        Command::Related(args) => run_related(args),
        Command::Explain(args) => run_explain(args),
        Command::Check(args) => run_check(args),
        Command::Serve(args) => run_serve(args),
        Command::Subscribers { command: SubscribersCommand::Export(args) } => run_export(args),
        Command::Digest(args) => run_digest(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("related-news: {message}");
            ExitCode::from(1)
        }
    }
}

/// Appends a line to a command's output, which is written in one go at the end (see [`write_stdout`]).
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        let _ = writeln!($out, $($arg)*);
    }};
}

/// Writes a command's output. A reader that stops early (`related-news explain ... | head`) closes the pipe: that
/// is not an error, and there is nobody left to tell, so it ends the command quietly.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("standard output: {e}")),
        _ => Ok(()),
    }
}

fn read_file(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
}

/// The manifest a command reads: the file itself, or the index in a folder written by `build --out-dir`.
fn manifest_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(write::FOLDER_INDEX)
    } else {
        path.to_path_buf()
    }
}

fn run_build(args: BuildArgs) -> Result<ExitCode, String> {
    let mut config = match &args.config {
        Some(path) => SiteConfig::from_json(&read_file(path)?).map_err(|e| format!("{}: {e}", path.display()))?,
        None => SiteConfig::default(),
    };
    if let Some(name) = args.site_name {
        config.site.name = Some(name);
    }
    if let Some(lang) = &args.lang {
        if !lang::is_tag(lang) {
            return Err(format!("--lang {lang}: not a language tag (use e.g. en, ru, az)"));
        }
    }
    let settings = BuildSettings {
        base_url: args.base_url.clone(),
        default_lang: args.lang.clone(),
        config,
        strict: args.strict,
        verbose: args.verbose,
        keywords: builder::KeywordSettings { keywords_per_article: usize::from(args.keywords), ..Default::default() },
        previous_topics: match (&args.out_dir, &args.output) {
            (Some(dir), _) => previous_topics(&dir.join(write::FOLDER_INDEX)),
            (None, Some(path)) if path.as_os_str() != "-" => previous_topics(path),
            _ => Vec::new(),
        },
    };
    // A spinner with the current file or phase; indicatif draws it only when stderr is a terminal.
    let progress = indicatif::ProgressBar::new_spinner();
    if args.quiet {
        progress.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    } else {
        progress.enable_steady_tick(std::time::Duration::from_millis(120));
    }
    let started = std::time::Instant::now();
    let output = builder::build(&args.inputs, &settings, &|message: &str| progress.set_message(message.to_string()))
    .map_err(|e| e.to_string());
    progress.finish_and_clear();
    let mut output = output?;
    // The manifest file is what the widget reads whole; the sharded index of a folder holds every article.
    // Most archives fit as they are: only one over the limits is cut down (and copied for it).
    // (An archive over the article limit is not serialised whole first: at 100,000 articles that took seconds.)
    let over_count = output.manifest.articles.len() > manifest::MAX_ARTICLES;
    let mut json = if over_count { Vec::new() } else { write::to_json(&output.manifest, args.pretty)? };
    let fitted = if over_count || json.len() > manifest::MAX_MANIFEST_BYTES {
        let (fitted, notes) = builder::fit_for_widget(&output.manifest);
        output.notes.extend(notes);
        json = write::to_json(&fitted, args.pretty)?;
        Some(fitted)
    } else {
        None
    };
    let mut index_written = None;
    let (written_to, folder) = match (&args.out_dir, &args.output) {
        (Some(dir), _) => {
            let (index, state, how) = builder::rebuild::index_for_folder(dir, &mut output.manifest, &output.sources, &settings.keywords, args.verbose)?;
            let folder = write::write_folder(dir, &json, &index, state.as_deref())?;
            index_written = Some(match how {
                builder::rebuild::Written::Full(reason) => format!("written whole ({reason})"),
                builder::rebuild::Written::Update { changed, removed, rerecorded, kept } => format!(
                    "an update of {changed} article(s) added or changed and {removed} removed, with new records for {rerecorded} unchanged article(s) whose lists they moved, over the last full build's {kept} file(s), kept as they are"
                ),
            });
            if args.verbose {
                eprintln!("  wrote the folder: {:.0} ms since the start", started.elapsed().as_secs_f64() * 1000.0);
            }
            (dir.join(write::FOLDER_INDEX), Some(folder))
        }
        (None, Some(path)) if path.as_os_str() == "-" => {
            write_stdout(&json)?;
            (path.clone(), None)
        }
        (None, Some(path)) => {
            write::write_manifest(path, &json)?;
            (path.clone(), None)
        }
        (None, None) => return Err("build needs -o FILE or --out-dir DIR".into()),
    };
    if let Some(folder) = &folder {
        if !folder.widget {
            eprintln!(
                "related-news: this binary carries no widget files (built with a plain cargo build); {} has the index only: build the CLI with `make cli`, or copy dist/ beside it",
                args.out_dir.as_deref().unwrap_or(Path::new(".")).display()
            );
        }
    }
    if !args.quiet {
        let m = fitted.as_ref().unwrap_or(&output.manifest);
        let inputs: Vec<String> = output.per_input.iter().map(|(p, n)| format!("{} ({n})", p.display())).collect();
        eprintln!("read {}", inputs.join(", "));
        eprintln!(
            "wrote {}: {} articles, {} topics, {} forms, {} bytes, in {:.2} s",
            written_to.display(),
            m.articles.len(),
            m.topics.len(),
            m.forms.len(),
            json.len(),
            started.elapsed().as_secs_f64()
        );
        if let (Some(folder), Some(dir)) = (&folder, &args.out_dir) {
            let files: Vec<String> = folder.files.iter().map(|(name, size)| format!("{name} ({size} bytes)")).collect();
            eprintln!(
                "folder {}: {}; sharded index: {}, {} file(s) written, {} unchanged",
                dir.display(),
                files.join(", "),
                index_written.as_deref().unwrap_or("written"),
                folder.index_written,
                folder.index_unchanged
            );
        }
        if !output.skipped.is_empty() {
            eprintln!("skipped {} item(s):", output.skipped.len());
            for skipped in &output.skipped {
                eprintln!("  {}: {}", skipped.source, skipped.reason);
            }
        }
        if !output.notes.is_empty() {
            eprintln!("{} note(s):", output.notes.len());
            for note in output.notes.iter().take(20) {
                eprintln!("  {note}");
            }
            if output.notes.len() > 20 {
                eprintln!("  ... and {} more", output.notes.len() - 20);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The topic ids of the manifest a previous build wrote at `path`, if any: topics chosen from tags stay across
/// builds while they can (see `builder::config`).
fn previous_topics(path: &Path) -> Vec<String> {
    #[derive(serde::Deserialize)]
    struct Previous {
        #[serde(default)]
        topics: Vec<PreviousTopic>,
    }
    #[derive(serde::Deserialize)]
    struct PreviousTopic {
        id: String,
    }
    let Ok(text) = std::fs::read_to_string(path) else { return Vec::new() };
    serde_json::from_str::<Previous>(&text).map(|previous| previous.topics.into_iter().map(|topic| topic.id).collect()).unwrap_or_default()
}

/// Reads a manifest (its own format or JSON Feed) and indexes it as the widget does.
fn load_index(path: &Path) -> Result<(Index, Loaded), String> {
    let path = &manifest_path(path);
    let text = read_file(path)?;
    let loaded = manifest::parse_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if let Some(summary) = loaded.report.summary() {
        eprintln!("related-news: {}: {summary}", path.display());
    }
    // Relative article URLs are read against the site's address, as a folder, the way the builder wrote them.
    let site_folder = loaded.manifest.site.url.as_deref().map(url::as_folder);
    let index = Index::build(loaded.manifest.clone(), FieldWeights::default(), &|href: &str| url::resolve(site_folder.as_deref(), href));
    Ok((index, loaded))
}

fn find(index: &Index, id: &str, path: &Path) -> Result<usize, String> {
    index.find(id).ok_or_else(|| format!("{}: no article with id \"{id}\"", path.display()))
}

fn round4(score: f32) -> f64 {
    (f64::from(score) * 10_000.0).round() / 10_000.0
}

fn run_related(args: RelatedArgs) -> Result<ExitCode, String> {
    let (index, _) = load_index(&args.manifest)?;
    let config = RankingConfig { limit: args.k.clamp(1, MAX_LIMIT), ..RankingConfig::default() };
    let positions: Vec<usize> = if args.all {
        (0..index.len()).collect()
    } else {
        args.ids.iter().map(|id| find(&index, id, &args.manifest)).collect::<Result<_, _>>()?
    };
    // A folder is ranked as the widget ranks it: each article in its record of the sharded index.
    let folder = if args.manifest.is_dir() { FolderIndex::open(&args.manifest)? } else { None };
    // Every article's list is independent: they are ranked on all cores and printed in order.
    let blocks: Vec<String> = positions
        .par_iter()
        .map(|&position| match (&folder, index.article(position)) {
            (Some(folder), Some(article)) => {
                let (record, place) = folder.record_for(&article.id)?;
                Ok(related_block(&record, place, &config, args.json))
            }
            _ => Ok(related_block(&index, position, &config, args.json)),
        })
        .collect::<Result<_, String>>()?;
    write_stdout(blocks.concat().as_bytes())?;
    Ok(ExitCode::SUCCESS)
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

fn run_explain(args: ExplainArgs) -> Result<ExitCode, String> {
    let (index, _) = load_index(&args.manifest)?;
    let a = find(&index, &args.id, &args.manifest)?;
    let b = find(&index, &args.with, &args.manifest)?;
    let config = RankingConfig::default();
    let mut out = String::new();
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
    write_stdout(out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn run_check(args: CheckArgs) -> Result<ExitCode, String> {
    let manifest = manifest_path(&args.manifest);
    let text = read_file(&manifest)?;
    let path = manifest.display();
    let mut out = String::new();
    let loaded = match manifest::parse_str(&text) {
        Ok(loaded) => loaded,
        Err(error) => {
            outln!(out, "{path}: unusable: {error}");
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
        if article.keywords.is_empty() && article.entities.is_empty() && loaded.format == SourceFormat::RelatedNews {
            notes.push(format!("articles[{i}] (id \"{}\"): no keywords or entities; only its title words can relate it", article.id));
        }
    }
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
    let code = if m.articles.is_empty() {
        outln!(out, "{path}: unusable: no valid articles");
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    write_stdout(out.as_bytes())?;
    Ok(code)
}

fn run_serve(args: ServeArgs) -> Result<ExitCode, String> {
    let manifest = args.manifest.unwrap_or_else(|| args.root.join("manifest.json"));
    let config = serve::Config {
        root: args.root,
        manifest,
        db: args.db,
        outbox: args.outbox,
        addr: args.addr,
        allow_origins: args.allow_origins,
        rate_limit: args.rate_limit,
        public_url: args.public_url,
        from: args.from,
        max_body: usize::try_from(args.max_body).map_err(|e| format!("--max-body: {e}"))?,
        types: args.types.map(|types| types.into_iter().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()).collect()),
        workers: usize::from(args.workers),
        trusted_proxies: args.trusted_proxies,
        smtp: args.smtp,
        digest_every: args.digest_every.as_deref().map(serve::digest::parse_every).transpose().map_err(|e| format!("--digest-every {e}"))?,
    };
    serve::run(config).map_err(|e| e.to_string())?;
    Ok(ExitCode::SUCCESS)
}

fn run_digest(args: DigestArgs) -> Result<ExitCode, String> {
    if let Some(since) = &args.since {
        crate::date::parse_iso8601(since).map_err(|e| format!("--since {since}: {e}"))?;
    }
    let config = serve::digest::DigestConfig {
        db: args.db,
        manifest: args.manifest,
        outbox: args.outbox,
        smtp: args.smtp,
        since: args.since,
        dry_run: args.dry_run,
        public_url: args.public_url,
        from: args.from,
        deliver_now: true,
    };
    let report = serve::digest::run(&config)?;
    eprintln!(
        "related-news: digest: {} subscribers, {} updates with {} articles{}",
        report.subscribers,
        report.updates,
        report.articles,
        if config.smtp.is_some() && !config.dry_run {
            format!("; {} e-mails accepted by the relay, {} waiting", report.delivered, report.waiting)
        } else if config.dry_run {
            format!(" written to {} (dry run: nothing recorded)", config.outbox.display())
        } else {
            format!(" written to {}", config.outbox.display())
        }
    );
    Ok(ExitCode::SUCCESS)
}

fn run_export(args: ExportArgs) -> Result<ExitCode, String> {
    use serve::store::{Status, StatusFilter};
    let filter = match args.status {
        StatusArg::Pending => StatusFilter::Only(Status::Pending),
        StatusArg::Confirmed => StatusFilter::Only(Status::Confirmed),
        StatusArg::Unsubscribed => StatusFilter::Only(Status::Unsubscribed),
        StatusArg::All => StatusFilter::All,
    };
    let mut csv = Vec::new();
    serve::export::export(&args.db, filter, &mut csv).map_err(|e| e.to_string())?;
    write_stdout(&csv)?;
    Ok(ExitCode::SUCCESS)
}
