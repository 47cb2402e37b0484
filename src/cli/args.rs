//! The command line's arguments and their documentation, as clap reads them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::builder;
use crate::rank::{DEFAULT_LIMIT, MAX_LIMIT};

/// Keywords per article unless `--keywords` says otherwise: the builder's own default.
pub(super) const DEFAULT_KEYWORDS: u16 = builder::keywords::DEFAULT_KEYWORDS_PER_ARTICLE as u16;

#[derive(Debug, Parser)]
#[command(name = "related-news", version, about = "Build and inspect manifests for the related-news widget")]
pub(super) struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Debug, Subcommand)]
pub(super) enum Command {
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
pub(super) struct DigestArgs {
    /// The database `serve` writes.
    #[arg(long, default_value = "subscribers.sqlite")]
    pub(super) db: PathBuf,
    /// The site's manifest: its articles, their topics and dates.
    #[arg(long)]
    pub(super) manifest: PathBuf,
    /// Send through this relay (as `serve --smtp`); without it, the e-mails are written to --outbox.
    #[arg(long)]
    pub(super) smtp: Option<String>,
    /// The folder e-mails are written to without --smtp, and with --dry-run.
    #[arg(long, default_value = "outbox")]
    pub(super) outbox: PathBuf,
    /// Only articles published after this date (ISO 8601) [default: each subscriber's last update, or their
    /// confirmation].
    #[arg(long)]
    pub(super) since: Option<String>,
    /// Write the e-mails to --outbox and record nothing: a later run still sends them.
    #[arg(long)]
    pub(super) dry_run: bool,
    /// The base of the links in the e-mails [default: the manifest's site.url].
    #[arg(long)]
    pub(super) public_url: Option<String>,
    /// The From: address [default: no-reply@<host of the public URL>].
    #[arg(long)]
    pub(super) from: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(super) enum SubscribersCommand {
    /// Print the subscriptions as CSV (RFC 4180, with a header row) on standard output.
    Export(ExportArgs),
}

#[derive(Debug, Args)]
pub(super) struct ServeArgs {
    /// The site's folder; its files are served as they are.
    #[arg(long, default_value = "www")]
    pub(super) root: PathBuf,
    /// The manifest whose topics can be subscribed to, also served at /manifest.json [default: <root>/manifest.json].
    #[arg(long)]
    pub(super) manifest: Option<PathBuf>,
    /// The SQLite database of subscriptions (created when missing).
    #[arg(long, default_value = "subscribers.sqlite")]
    pub(super) db: PathBuf,
    /// The folder confirmation e-mails are written to as .eml files (created when missing).
    #[arg(long, default_value = "outbox")]
    pub(super) outbox: PathBuf,
    /// Address and port to listen on; port 0 picks a free one.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub(super) addr: String,
    /// An origin (https://news.example) whose pages may post subscriptions cross-origin; repeat for several.
    #[arg(long = "allow-origin")]
    pub(super) allow_origins: Vec<String>,
    /// Submissions per minute from one client (an IPv4 address or an IPv6 /64 network); 0 turns the limit off.
    #[arg(long, default_value_t = 10)]
    pub(super) rate_limit: u32,
    /// A reverse proxy's address or network (10.0.0.0/8, ::1): requests from it name the client in Forwarded or
    /// X-Forwarded-For, which then counts for the rate limit and is stored; repeat for several.
    #[arg(long = "trusted-proxy")]
    pub(super) trusted_proxies: Vec<String>,
    /// Send e-mail through this relay: smtp://user:pass@host:port (STARTTLS when offered; ?tls=required to insist)
    /// or smtps://user:pass@host:port (implicit TLS). Without it, e-mails are written to --outbox as .eml files.
    #[arg(long)]
    pub(super) smtp: Option<String>,
    /// The site's public base URL, for the links in e-mails and pages [default: http://<the bound address>].
    #[arg(long)]
    pub(super) public_url: Option<String>,
    /// The From: address of the e-mails [default: no-reply@<host of the public URL>].
    #[arg(long)]
    pub(super) from: Option<String>,
    /// The largest request body accepted, in bytes.
    #[arg(long, default_value_t = 16_384, value_parser = clap::value_parser!(u64).range(256..=1_048_576))]
    pub(super) max_body: u64,
    /// The only type ids submissions may name, comma-separated (e.g. news,reports,events) [default: any id].
    #[arg(long, value_delimiter = ',')]
    pub(super) types: Option<Vec<String>>,
    /// Also run `digest` this often (1d, 6h, 30m...), with the server's settings: each confirmed subscriber gets the
    /// new articles in their topics. Without --smtp, the updates are written to --outbox.
    #[arg(long)]
    pub(super) digest_every: Option<String>,
    /// Threads for the application's work (the database and files); waiting on clients takes none.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub(super) workers: u16,
}

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// The database `serve` writes.
    #[arg(long, default_value = "subscribers.sqlite")]
    pub(super) db: PathBuf,
    /// Which subscriptions: pending, confirmed, unsubscribed or all (all includes the unsubscribed).
    #[arg(long, value_enum, default_value_t = StatusArg::All)]
    pub(super) status: StatusArg,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum StatusArg {
    Pending,
    Confirmed,
    Unsubscribed,
    All,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("destination").required(true).args(["output", "out_dir"]))]
pub(super) struct BuildArgs {
    /// Feeds, pages, folders of pages, or text files; the kind is told from the content.
    #[arg(required = true)]
    pub(super) inputs: Vec<PathBuf>,
    /// Where to write the manifest ("-" for standard output). Written atomically.
    #[arg(short, long)]
    pub(super) output: Option<PathBuf>,
    /// A folder to write, ready to upload: the index and the widget's files (related-news.js, the one file a page
    /// names, and the wasm), when this binary carries them (`make cli`).
    #[arg(long, value_name = "DIR")]
    pub(super) out_dir: Option<PathBuf>,
    /// The site's base URL; relative links and page paths resolve against it (e.g. https://news.example/ or /).
    #[arg(long)]
    pub(super) base_url: Option<String>,
    /// Language of articles that do not say and cannot be detected (e.g. en, ru, az).
    #[arg(long)]
    pub(super) lang: Option<String>,
    /// A JSON config file: site name, URL and language, and topics with labels and the tags that map to them.
    #[arg(long)]
    pub(super) config: Option<PathBuf>,
    /// The site's name (overrides the config file's).
    #[arg(long)]
    pub(super) site_name: Option<String>,
    /// Keywords extracted per article, besides its own tags (more: better matching, a larger manifest).
    #[arg(long, default_value_t = DEFAULT_KEYWORDS, value_parser = clap::value_parser!(u16).range(1..=100))]
    pub(super) keywords: u16,
    /// Fail when any item has to be skipped, instead of skipping it.
    #[arg(long)]
    pub(super) strict: bool,
    /// Indent the JSON (larger; for reading, not for serving).
    #[arg(long)]
    pub(super) pretty: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    pub(super) quiet: bool,
    /// Print how long each phase took.
    #[arg(short, long)]
    pub(super) verbose: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["ids", "all"]))]
pub(super) struct RelatedArgs {
    /// A manifest (or JSON Feed) file, or a folder written by `build --out-dir`.
    pub(super) manifest: PathBuf,
    /// Article ids to show; repeat for several.
    #[arg(long = "id")]
    pub(super) ids: Vec<String>,
    /// Every article of the manifest.
    #[arg(long)]
    pub(super) all: bool,
    /// How many related articles per article (1 to 50).
    #[arg(short = 'k', long = "limit", default_value_t = DEFAULT_LIMIT, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_LIMIT as u64))]
    pub(super) k: usize,
    /// One JSON object per line: {"id": "...", "related": [{"id": "...", "score": 0.42}]}.
    #[arg(long)]
    pub(super) json: bool,
}

#[derive(Debug, Args)]
pub(super) struct ExplainArgs {
    /// A manifest (or JSON Feed) file, or a folder written by `build --out-dir`.
    pub(super) manifest: PathBuf,
    /// The current article.
    #[arg(long)]
    pub(super) id: String,
    /// The article whose relation to it is explained.
    #[arg(long = "with")]
    pub(super) with: String,
}

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// A manifest (or JSON Feed) file, or a folder written by `build --out-dir`.
    pub(super) manifest: PathBuf,
}
