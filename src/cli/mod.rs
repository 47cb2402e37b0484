//! The `related-news` command line: `build`, `related`, `explain`, `check`, `serve` and `subscribers export`.
//!
//! Every subcommand reads and ranks manifests with the same code and defaults as the widget. Errors go to stderr
//! naming the file and the position; the exit code is 0 on success, 1 when the work failed, 2 for bad usage.

use std::process::ExitCode;

use clap::Parser;

use crate::serve;

/// Appends a line to a command's output, which is written in one go at the end (see [`write_stdout`]).
macro_rules! outln {
    ($out:expr, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        let _ = writeln!($out, $($arg)*);
    }};
}


// After the macro, which the subcommands' modules use.
mod args;
mod build;
mod inspect;
mod io;

use args::{Cli, Command, DigestArgs, ExportArgs, ServeArgs, StatusArg, SubscribersCommand};
use build::run_build;
use inspect::{run_check, run_explain, run_related};
use io::write_stdout;

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
