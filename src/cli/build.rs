//! `related-news build`: the builder's settings from the command line and the site's config, then the manifest or
//! the folder written, with what changed said.

use std::path::Path;
use std::process::ExitCode;

use super::args::BuildArgs;
use super::io::{read_file, write_stdout};
use crate::builder::{self, write, BuildSettings, SiteConfig};
use crate::lang;
use crate::manifest;

pub(super) fn run_build(args: BuildArgs) -> Result<ExitCode, String> {
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
            // Twenty at most, unless asked for every detail.
            let shown = if args.verbose { output.notes.len() } else { MAX_NOTES_SHOWN };
            for note in output.notes.iter().take(shown) {
                eprintln!("  {note}");
            }
            if output.notes.len() > shown {
                eprintln!("  ... and {} more (--verbose shows them all)", output.notes.len() - shown);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How many notes a build lists without `--verbose`.
const MAX_NOTES_SHOWN: usize = 20;

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
