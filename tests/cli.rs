#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::expect_used, clippy::unwrap_used)]
//! Integration tests of the `related-news` command line: the binary cargo builds, run on the hand-written
//! fixtures in `tests/fixtures/cli/` (feeds, a folder of HTML pages, a text file, broken inputs, configs).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_related-news");
const BASE: &str = "https://news.example/";
/// The Russian feed links to its own site.
const RU_BASE: &str = "https://ru.news.example/";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures").join("cli")
}

/// A folder under the system temp dir, unique per test and run, removed when dropped.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "related-news-cli-{label}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path).expect("create the temp dir");
        TempDir { path }
    }

    fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// A sub-folder, created.
    fn folder(&self, name: &str) -> PathBuf {
        let path = self.path.join(name);
        std::fs::create_dir_all(&path).expect("create a sub-folder");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs the binary in the fixtures folder (so inputs can be named as relative paths).
fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    Command::new(BIN)
        .args(&args)
        .current_dir(fixtures())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN} {args:?}: {e}"))
}

fn code(output: &Output) -> i32 {
    output.status.code().expect("the process exited with a code (not killed by a signal)")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn describe(output: &Output) -> String {
    format!("exit {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}", output.status.code(), stdout(output), stderr(output))
}

/// Every input of the full build: JSON Feed, RSS, Atom, Russian RSS, a folder of pages and a text file.
const ALL_INPUTS: [&str; 6] = ["feed.json", "rss.xml", "atom.xml", "rss-ru.xml", "site", "notes.txt"];

/// Builds the manifest from every input into `out`; panics unless the build succeeds.
fn build_all(out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<OsString> = vec!["build".into()];
    args.extend(ALL_INPUTS.iter().map(OsString::from));
    args.extend(["--base-url", BASE, "-o"].iter().map(OsString::from));
    args.push(out.as_os_str().to_owned());
    args.extend(extra.iter().map(OsString::from));
    let output = run(args);
    assert_eq!(code(&output), 0, "the build should succeed: {}", describe(&output));
    output
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn articles(manifest: &Value) -> &Vec<Value> {
    manifest["articles"].as_array().expect("the manifest has an articles array")
}

fn str_field<'a>(article: &'a Value, field: &str) -> &'a str {
    article[field].as_str().unwrap_or_else(|| panic!("{field} should be a string in {article}"))
}

fn by_url<'a>(manifest: &'a Value, url: &str) -> &'a Value {
    articles(manifest)
        .iter()
        .find(|a| a["url"] == url)
        .unwrap_or_else(|| panic!("no article with url {url} in the manifest; urls: {:?}", urls(manifest)))
}

fn urls(manifest: &Value) -> Vec<&str> {
    articles(manifest).iter().map(|a| str_field(a, "url")).collect()
}

/// A keyword is written as "term" or ["term", weight].
fn keyword_terms(article: &Value) -> Vec<String> {
    let Some(list) = article["keywords"].as_array() else { return Vec::new() };
    list.iter()
        .map(|k| match k {
            Value::String(term) => term.clone(),
            Value::Array(pair) => {
                assert_eq!(pair.len(), 2, "a weighted keyword is a pair: {k}");
                let weight = pair[1].as_f64().unwrap_or_else(|| panic!("keyword weight is a number: {k}"));
                assert!(weight > 0.0, "keyword weight must be positive: {k}");
                pair[0].as_str().unwrap_or_else(|| panic!("keyword term is a string: {k}")).to_string()
            }
            other => panic!("a keyword must be a string or a [term, weight] pair, found {other}"),
        })
        .collect()
}

fn entity_names(article: &Value) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(kinds) = article["entities"].as_object() {
        for (kind, list) in kinds {
            for name in list.as_array().unwrap_or_else(|| panic!("entities.{kind} is an array in {article}")) {
                names.push(name.as_str().unwrap_or_else(|| panic!("an entity is a string: {name}")).to_string());
            }
        }
    }
    names
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    Flood,
    Football,
    Rights,
}

/// The subject of a fixture article, told from its title (every fixture title names its subject).
fn subject(title: &str) -> Subject {
    let lower = title.to_lowercase();
    if ["flood", "valencia", "paiporta"].iter().any(|w| lower.contains(w)) {
        Subject::Flood
    } else if ["atalanta", "leverkusen", "europa league", "lookman", "gasperini"].iter().any(|w| lower.contains(w)) {
        Subject::Football
    } else {
        Subject::Rights
    }
}

/// The article ids of a manifest with their title and language.
fn index_articles(manifest: &Value) -> std::collections::HashMap<String, (String, Option<String>)> {
    articles(manifest)
        .iter()
        .map(|a| {
            let lang = a["lang"].as_str().map(str::to_string);
            (str_field(a, "id").to_string(), (str_field(a, "title").to_string(), lang))
        })
        .collect()
}

/// The sentinel manifest a failed build must leave alone.
const SENTINEL: &[u8] = b"{\"version\":1,\"articles\":[{\"id\":\"good\",\"url\":\"/good.html\",\"title\":\"A good manifest\"}]}";

fn folder_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list the output folder")
        .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

// -----------------------------------------------------------------------------------------------------------------
// 1. The full build.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn build_reads_every_kind_of_input_into_a_clean_manifest() {
    let temp = TempDir::new("build");
    let out = temp.join("manifest.json");
    let output = build_all(&out, &[]);
    assert_eq!(folder_listing(&temp.path), ["manifest.json"], "the manifest and no temporary file");
    let err = stderr(&output);
    let manifest = read_json(&out);
    assert_eq!(manifest["version"], 1, "format version 1");
    let list = articles(&manifest);

    // Articles from each input, found by the URLs the fixtures give them.
    let from_feed_json = by_url(&manifest, "https://news.example/2024/10/valencia-flash-floods.html");
    assert_eq!(from_feed_json["id"], "valencia-flood-dana-2024", "a JSON Feed item keeps its id");
    by_url(&manifest, "https://news.example/sport/2024/05/lookman-hat-trick-atalanta.html"); // rss.xml
    by_url(&manifest, "https://news.example/2024/10/odihr-shrinking-civic-space.html"); // atom.xml
    by_url(&manifest, "https://ru.news.example/2024/10/zakon-ob-inostrannyh-agentah.html"); // rss-ru.xml
    // site/: a canonical URL as written, a relative canonical resolved, and page paths under the base URL.
    by_url(&manifest, "https://news.example/2024/10/osce-warsaw-human-dimension.html");
    by_url(&manifest, "https://news.example/2024/11/valencia-flood-cleanup/");
    by_url(&manifest, "https://news.example/sport/atalanta-europa-league-final.html");
    by_url(&manifest, "https://news.example/az/vetendas-cemiyyeti-atet-varsava.html");
    let aid = by_url(&manifest, "https://news.example/2024/11/valencia-reconstruction-aid.html");
    assert_eq!(aid["image"]["url"], "https://news.example/img/valencia-aid.jpg", "og:image with its size: {aid}");
    assert_eq!(aid["image"]["width"], 1200);
    // notes.txt: the language switcher on the first line is not the title.
    let notes: Vec<&Value> = list
        .iter()
        .filter(|a| a["title"] == "Volunteers keep clearing mud from the flooded streets of Paiporta")
        .collect();
    assert_eq!(notes.len(), 1, "the text file's title is its second line; titles: {:?}", titles(&manifest));
    // 7 + 3 + 3 + 3 + 5 + 1 readable items; two are skipped.
    assert_eq!(list.len(), 22, "articles: {:?}", urls(&manifest));

    // The skipped items, each with its file, its position and why.
    let line_with = |needle: &str| {
        err.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("stderr should mention {needle}:\n{err}"))
            .to_string()
    };
    let feed_skip = line_with("items[6]");
    assert!(feed_skip.contains("feed.json") && feed_skip.contains("url"), "file, item and reason: {feed_skip}");
    let rss_skip = line_with("entry 4");
    assert!(rss_skip.contains("rss.xml") && rss_skip.contains("link"), "file, entry and reason: {rss_skip}");
    assert!(err.to_lowercase().contains("skipped 2"), "the summary counts the skipped items:\n{err}");
    // The item with a bad date stays, without its date, and the dropped date is reported.
    let undated = by_url(&manifest, "https://news.example/sport/2024/05/gasperini-final-tactics.html");
    assert!(undated.get("date").is_none(), "an unreadable date is dropped: {undated}");
    let date_note = line_with("23/05/2024");
    assert!(date_note.contains("feed.json") && date_note.contains("items[7]"), "{date_note}");
    assert!(!urls(&manifest).iter().any(|u| u.contains("insurance")), "the item without a url is not in the manifest");

    // No link, address or spam anywhere in keywords, entities or forms.
    let banned = ["http", "www.", "@", "займ", "микрозайм", "зарплат"];
    let chrome_words = ["marathon", "jazz", "newsletter", "subscribe", "comment"];
    let mut words: Vec<String> = Vec::new();
    for article in list {
        words.extend(keyword_terms(article));
        words.extend(entity_names(article));
    }
    if let Some(forms) = manifest["forms"].as_object() {
        for (variant, keyword) in forms {
            words.push(variant.clone());
            words.push(keyword.as_str().expect("a form maps to a string").to_string());
        }
    }
    for word in &words {
        let lower = word.to_lowercase();
        for bad in banned.iter().chain(&chrome_words) {
            assert!(!lower.contains(bad), "\"{word}\" contains \"{bad}\" (link, spam or page chrome)");
        }
    }

    for article in list {
        let id = str_field(article, "id");
        let url = str_field(article, "url");
        let title = str_field(article, "title");
        // Titles and body-derived summaries are free of page chrome.
        let summary = article["summary"].as_str().unwrap_or("");
        for text in [title, summary] {
            for chrome in ["Maybe you are interested in", "Comments", "Subscribe", "Civic Wire", "Rus Eng Az", "http", "займ"] {
                assert!(!text.contains(chrome), "article {id}: \"{text}\" contains \"{chrome}\"");
            }
        }
        // Absolute URLs under the site or the Russian feed's own site.
        assert!(url.starts_with(BASE) || url.starts_with(RU_BASE), "article {id}: url {url} is not absolute under {BASE}");
        // Keywords are normalised: lower case, single spaces, nothing around them.
        let terms = keyword_terms(article);
        assert!(!terms.is_empty(), "article {id} has keywords");
        for term in terms {
            assert!(!term.is_empty(), "article {id}: empty keyword");
            assert!(!term.chars().any(char::is_uppercase), "article {id}: keyword \"{term}\" is not lower-case");
            assert_eq!(term.trim(), term, "article {id}: keyword \"{term}\" has surrounding spaces");
            assert!(!term.contains("  ") && !term.contains(['\t', '\n', '\r']), "article {id}: keyword \"{term}\"");
        }
    }
    let mut unique = urls(&manifest);
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), list.len(), "article URLs are unique");

    // Languages: the Azerbaijani page, the Russian feed, and English everywhere else.
    assert_eq!(by_url(&manifest, "https://news.example/az/vetendas-cemiyyeti-atet-varsava.html")["lang"], "az");
    for article in list {
        let url = str_field(article, "url");
        let expected = if url.starts_with(RU_BASE) {
            "ru"
        } else if url.contains("/az/") {
            "az"
        } else {
            "en"
        };
        assert_eq!(article["lang"], expected, "language of {url}");
    }
    // The spam run is gone from the page's text but the paragraph around it stays.
    let cleanup = by_url(&manifest, "https://news.example/2024/11/valencia-flood-cleanup/");
    assert_eq!(cleanup["title"], "Army engineers join the flood clean-up in Paiporta");
    assert!(keyword_terms(cleanup).iter().any(|t| t.contains("engineer") || t.contains("mud")), "{cleanup}");
}

fn titles(manifest: &Value) -> Vec<&str> {
    articles(manifest).iter().map(|a| str_field(a, "title")).collect()
}

/// Each input file is its own article: two single files (a .txt file and another .txt file) given on the
/// command line must not both get the site's home page as their URL (the second would be dropped as a duplicate).
#[test]
fn single_file_inputs_get_urls_of_their_own() {
    let temp = TempDir::new("single");
    let second = temp.join("ganja-mayor.txt");
    std::fs::write(
        &second,
        "Ganja elects a new mayor\n\nVoters in Ganja elected a new mayor on Sunday after a campaign dominated by the city's water supply and public transport.\n",
    )
    .expect("write a text file");
    let out = temp.join("manifest.json");
    let output = run([
        OsString::from("build"),
        "notes.txt".into(),
        second.clone().into_os_string(),
        "--base-url".into(),
        BASE.into(),
        "-o".into(),
        out.clone().into_os_string(),
    ]);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    let manifest = read_json(&out);
    assert_eq!(
        titles(&manifest).len(),
        2,
        "both text files are articles; titles {:?}\n{}",
        titles(&manifest),
        describe(&output)
    );
    for url in urls(&manifest) {
        assert_ne!(url, BASE, "a text file's article must not link to the site's home page");
        assert!(url.starts_with(BASE), "{url}");
    }
}

// -----------------------------------------------------------------------------------------------------------------
// 2-4. related and explain.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn related_all_json_keeps_subjects_and_languages_apart() {
    let temp = TempDir::new("related-all");
    let out = temp.join("manifest.json");
    build_all(&out, &["--quiet"]);
    let manifest = read_json(&out);
    let known = index_articles(&manifest);

    let output = run([OsString::from("related"), out.clone().into_os_string(), "--all".into(), "--json".into()]);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), known.len(), "one line per article");
    let mut seen = std::collections::HashSet::new();
    let mut flood_links = 0;
    for line in lines {
        let value: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        let id = value["id"].as_str().unwrap_or_else(|| panic!("no id: {line}"));
        assert!(seen.insert(id.to_string()), "{id} listed twice");
        let (title, lang) = known.get(id).unwrap_or_else(|| panic!("unknown id {id}"));
        let related = value["related"].as_array().unwrap_or_else(|| panic!("no related array: {line}"));
        assert!(related.len() <= 5, "the widget's default limit is 5: {line}");
        let mut previous = f64::INFINITY;
        for entry in related {
            let other = entry["id"].as_str().unwrap_or_else(|| panic!("related entry without id: {line}"));
            let score = entry["score"].as_f64().unwrap_or_else(|| panic!("related entry without score: {line}"));
            assert_ne!(other, id, "an article is never related to itself: {line}");
            let (other_title, other_lang) = known.get(other).unwrap_or_else(|| panic!("related id {other} does not exist"));
            assert!(score > 0.0 && score <= previous, "scores are positive and descending: {line}");
            previous = score;
            assert_eq!(other_lang, lang, "same-language default: {id} ({lang:?}) lists {other} ({other_lang:?})");
            // Flood articles are related to flood articles, never to the football ones (nor to the others).
            let (a, b) = (subject(title), subject(other_title));
            assert_eq!(a, b, "\"{title}\" should not be related to \"{other_title}\"");
            if a == Subject::Flood {
                flood_links += 1;
            }
        }
        if subject(title) == Subject::Flood {
            assert!(!related.is_empty(), "flood article {id} has related flood articles: {line}");
        }
    }
    assert!(flood_links >= 6, "flood articles are related to each other ({flood_links} links)");
}

#[test]
fn related_by_id_limits_and_errors() {
    let temp = TempDir::new("related-id");
    let out = temp.join("manifest.json");
    build_all(&out, &["--quiet"]);
    let manifest = read_json(&out);
    let known = index_articles(&manifest);

    let output = run([
        OsString::from("related"),
        out.clone().into_os_string(),
        "--id".into(),
        "valencia-flood-dana-2024".into(),
        "-k".into(),
        "2".into(),
    ]);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    let text = stdout(&output);
    assert!(text.starts_with("valencia-flood-dana-2024"), "the article heads its list:\n{text}");
    let ranked: Vec<&str> = text
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            l.starts_with(' ') && t.split_once(". ").is_some_and(|(n, _)| n.parse::<usize>().is_ok())
        })
        .collect();
    assert!(!ranked.is_empty() && ranked.len() <= 2, "at most 2 related with -k 2:\n{text}");
    for line in &ranked {
        let id = line.split_whitespace().nth(2).unwrap_or_else(|| panic!("rank, score, id, title: {line}"));
        let (title, _) = known.get(id).unwrap_or_else(|| panic!("{id} is not in the manifest: {line}"));
        assert_eq!(subject(title), Subject::Flood, "a flood article's related: {line}");
    }

    let missing = run([OsString::from("related"), out.clone().into_os_string(), "--id".into(), "nope".into()]);
    assert_eq!(code(&missing), 1, "{}", describe(&missing));
    assert!(stderr(&missing).contains("\"nope\""), "the error names the id: {}", describe(&missing));

    // An id typed as the last part of a feed's URL id is pointed at.
    let part = run([OsString::from("related"), out.clone().into_os_string(), "--id".into(), "valencia-flood-mourning".into()]);
    assert_eq!(code(&part), 1, "{}", describe(&part));
    assert!(stderr(&part).contains("ids that hold it: \"https://news.example/2024/10/valencia-flood-mourning.html\""), "{}", describe(&part));
    let none = run([OsString::from("related"), out.clone().into_os_string(), "--all".into(), "-k".into(), "0".into()]);
    assert_eq!(code(&none), 2, "-k 0 is a usage error: {}", describe(&none));
    assert!(stderr(&none).contains("1..=50"), "the range is named: {}", describe(&none));

    let neither = run([OsString::from("related"), out.clone().into_os_string()]);
    assert_eq!(code(&neither), 2, "neither --id nor --all is a usage error: {}", describe(&neither));
    let both = run([OsString::from("related"), out.into_os_string(), "--all".into(), "--id".into(), "x".into()]);
    assert_eq!(code(&both), 2, "--id with --all is a usage error: {}", describe(&both));
}

#[test]
fn explain_shows_shared_terms_or_why_not() {
    let temp = TempDir::new("explain");
    let out = temp.join("manifest.json");
    build_all(&out, &["--quiet"]);
    let explain = |a: &str, b: &str| {
        run([OsString::from("explain"), out.clone().into_os_string(), "--id".into(), a.into(), "--with".into(), b.into()])
    };

    // An Atom id that is a URL is kept as the feed gives it.
    let related = explain("valencia-flood-dana-2024", "https://news.example/2024/10/valencia-flood-mourning.html");
    assert_eq!(code(&related), 0, "{}", describe(&related));
    let text = stdout(&related);
    let score_line = text.lines().find(|l| l.starts_with("score ")).unwrap_or_else(|| panic!("a score line:\n{text}"));
    let score: f64 = score_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("a number after score");
    assert!(score > 0.08, "two flood articles score above min-score: {score_line}");
    let after_heading: Vec<&str> = text.lines().skip_while(|l| !l.starts_with("shared terms")).skip(1).collect();
    let terms: Vec<&str> = after_heading
        .iter()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| {
            let (weight, term) = l.trim().split_once(char::is_whitespace)?;
            weight.parse::<f64>().ok().filter(|w| *w > 0.0).map(|_| term.trim())
        })
        .collect();
    assert!(terms.contains(&"valencia"), "shared terms listed with what each added:\n{text}");
    assert!(!text.contains("not in"), "they are related:\n{text}");

    let unrelated = explain("valencia-flood-dana-2024", "europa-league-final-dublin");
    assert_eq!(code(&unrelated), 0, "{}", describe(&unrelated));
    let text = stdout(&unrelated);
    assert!(text.contains("is not in") && text.contains("related list"), "says they are not related:\n{text}");
    assert!(text.contains("no shared terms"), "{text}");
    let unrelated_score = text.lines().find(|l| l.starts_with("score ")).map(str::to_string);

    let missing = explain("valencia-flood-dana-2024", "nope");
    assert_eq!(code(&missing), 1, "{}", describe(&missing));
    assert!(stderr(&missing).contains("nope"), "{}", describe(&missing));
    let usage = run([OsString::from("explain"), out.into_os_string(), "--id".into(), "valencia-flood-dana-2024".into()]);
    assert_eq!(code(&usage), 2, "--with is required: {}", describe(&usage));

    // Last, so the checks above run whatever happens here.
    let score_line = unrelated_score.unwrap_or_else(|| panic!("a score line for the unrelated pair"));
    assert!(!score_line.contains("-0.0"), "a pair with nothing in common scores 0, not a negative zero: {score_line}");
}

// -----------------------------------------------------------------------------------------------------------------
// 5. check.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn check_validates_manifests_and_json_feeds() {
    let temp = TempDir::new("check");
    let out = temp.join("manifest.json");
    build_all(&out, &["--quiet"]);
    let count = articles(&read_json(&out)).len();

    let good = run([OsString::from("check"), out.clone().into_os_string()]);
    assert_eq!(code(&good), 0, "{}", describe(&good));
    let text = stdout(&good);
    assert!(text.contains(&format!("{count} usable article")), "a summary line with the count:\n{text}");
    assert!(!text.contains("skipped articles") && !text.contains("warning articles"), "a built manifest is clean:\n{text}");

    let problems = run(["check", "check-problems.json"]);
    assert_eq!(code(&problems), 0, "still usable: {}", describe(&problems));
    let text = stdout(&problems);
    let line_with = |place: &str| {
        text.lines().find(|l| l.contains(place)).unwrap_or_else(|| panic!("no line about {place}:\n{text}")).to_string()
    };
    assert!(line_with("articles[1]").contains("javascript"), "{text}");
    assert!(line_with("articles[1]").contains("(id \"promo\")"), "{text}");
    assert!(line_with("articles[2]").contains("title"), "{text}");
    assert!(line_with("articles[3]").contains("date") && line_with("articles[3]").contains("31/10/2024"), "{text}");
    assert!(!text.contains("articles[0]"), "the good entry has no problem:\n{text}");
    assert!(text.contains("2 usable article"), "{text}");

    let feed = run(["check", "feed.json"]);
    assert_eq!(code(&feed), 0, "{}", describe(&feed));
    let text = stdout(&feed);
    assert!(text.contains("JSON Feed"), "{text}");
    assert!(text.lines().any(|l| l.contains("items[6]") && l.contains("url")), "the item without a url:\n{text}");
    assert!(text.lines().any(|l| l.contains("items[7]") && l.contains("date")), "the bad date:\n{text}");
    assert!(text.contains("7 usable article"), "{text}");

    let unusable = [
        ("not-json.json", "this is not JSON {\n"),
        ("version-only.json", "{\"version\":1}"),
        (
            "all-invalid.json",
            "{\"version\":1,\"articles\":[{\"id\":\"a\",\"url\":\"javascript:alert(1)\",\"title\":\"A\"},{\"id\":\"b\",\"url\":\"/b.html\"},{\"url\":\"/c.html\",\"title\":\"C\"}]}",
        ),
    ];
    for (name, content) in unusable {
        let path = temp.join(name);
        std::fs::write(&path, content).expect("write a manifest");
        let output = run([OsString::from("check"), path.into_os_string()]);
        assert_eq!(code(&output), 1, "{name} is unusable: {}", describe(&output));
        assert!(stdout(&output).contains("unusable"), "{name}: {}", describe(&output));
        assert_eq!(stdout(&output).matches("unusable").count(), 1, "said once: {}", describe(&output));
    }
}

// -----------------------------------------------------------------------------------------------------------------
// 6-7. Broken inputs, atomic output, --strict.
// -----------------------------------------------------------------------------------------------------------------

/// Runs a build expected to fail into a folder holding a sentinel manifest; checks the exit code and that the
/// sentinel is untouched and alone. Returns stderr.
fn failing_build(temp: &TempDir, label: &str, inputs: &[OsString], extra: &[&str]) -> String {
    let dir = temp.folder(label);
    let out = dir.join("manifest.json");
    std::fs::write(&out, SENTINEL).expect("write the sentinel");
    let mut args: Vec<OsString> = vec!["build".into()];
    args.extend(inputs.iter().cloned());
    args.extend(["--base-url", BASE, "-o"].iter().map(OsString::from));
    args.push(out.clone().into_os_string());
    args.extend(extra.iter().map(OsString::from));
    let output = run(args);
    assert_eq!(code(&output), 1, "{label}: the build fails with exit code 1: {}", describe(&output));
    assert_eq!(std::fs::read(&out).expect("the sentinel is still there"), SENTINEL, "{label}: the old manifest is untouched");
    assert_eq!(folder_listing(&dir), ["manifest.json"], "{label}: no temporary file is left in the output folder");
    stderr(&output)
}

fn os(items: &[&str]) -> Vec<OsString> {
    items.iter().map(OsString::from).collect()
}

#[test]
fn broken_inputs_fail_naming_the_file_and_leave_the_old_manifest() {
    let temp = TempDir::new("broken");

    let err = failing_build(&temp, "json", &os(&["broken.json"]), &[]);
    assert!(err.contains("broken.json") && err.contains("line 3"), "names the file and line 3:\n{err}");
    // A bad file among good ones still fails the whole build.
    let err = failing_build(&temp, "json-among-good", &os(&["feed.json", "broken.json", "atom.xml"]), &[]);
    assert!(err.contains("broken.json") && err.contains("line 3"), "{err}");

    let err = failing_build(&temp, "xml", &os(&["rss.xml", "broken.xml"]), &[]);
    assert!(err.contains("broken.xml"), "names the file:\n{err}");

    let latin1 = temp.join("latin1.txt");
    // "Inundación en Valencia" and more, in ISO-8859-1: 0xF3 is "ó", 0xED is "í".
    let mut bytes = b"Inundaci\xf3n en Valencia\n\nLas lluvias torrenciales dejaron barro en Paiporta y en Catarroja.\n".to_vec();
    bytes.extend_from_slice(b"Los vecinos pasaron el d\xeda limpiando las calles.\n");
    std::fs::write(&latin1, &bytes).expect("write latin1.txt");
    let err = failing_build(&temp, "latin1", &[latin1.into_os_string()], &[]);
    assert!(err.contains("latin1.txt") && err.contains("UTF-8"), "names the file and says it is not UTF-8:\n{err}");

    let missing = temp.join("no-such-feed.json");
    let err = failing_build(&temp, "missing", &[OsString::from("feed.json"), missing.into_os_string()], &[]);
    assert!(err.contains("no-such-feed.json"), "names the missing path:\n{err}");

    // A manifest given as an input is refused with a hint, not read as a feed.
    let err = failing_build(&temp, "manifest-as-input", &os(&["check-problems.json"]), &[]);
    assert!(err.contains("check-problems.json") && err.contains("manifest"), "{err}");

    // An output that cannot be written (a folder in its place) fails cleanly too.
    let dir = temp.folder("unwritable");
    let blocked = dir.join("manifest.json");
    std::fs::create_dir_all(&blocked).expect("a folder where the manifest should go");
    let output = run([OsString::from("build"), "feed.json".into(), "-o".into(), blocked.into_os_string(), "--quiet".into()]);
    assert_eq!(code(&output), 1, "{}", describe(&output));
    assert_eq!(folder_listing(&dir), ["manifest.json"], "no temporary file is left when the write fails");
}

/// The contract: a file that cannot be parsed gets an error naming the file and the line or position.
#[test]
fn broken_xml_error_gives_the_position() {
    let temp = TempDir::new("broken-xml");
    let err = failing_build(&temp, "xml", &os(&["broken.xml"]), &[]);
    let line = err.lines().find(|l| l.contains("broken.xml")).unwrap_or_else(|| panic!("names the file:\n{err}"));
    let lower = line.to_lowercase();
    // "line 9", "position 312", "offset 312", "column 7", or "broken.xml:9:5".
    let after_word = ["line", "position", "offset", "column", "byte"].iter().any(|w| {
        lower.match_indices(w).any(|(i, _)| lower[i + w.len()..].trim_start().starts_with(|c: char| c.is_ascii_digit()))
    });
    let after_name = lower.split("broken.xml:").nth(1).is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    let has_position = after_word || after_name;
    assert!(has_position, "the error should give the line or position of the unclosed element:\n{line}");
}

#[test]
fn strict_fails_on_a_skipped_item() {
    let temp = TempDir::new("strict");
    let err = failing_build(&temp, "strict", &os(&["feed.json"]), &["--strict"]);
    assert!(err.contains("feed.json") && err.contains("items[6]"), "names the skipped item:\n{err}");
    assert!(err.contains("strict"), "{err}");

    let out = temp.join("lenient.json");
    let output = run([OsString::from("build"), "feed.json".into(), "-o".into(), out.clone().into_os_string()]);
    assert_eq!(code(&output), 0, "without --strict the item is skipped: {}", describe(&output));
    assert_eq!(articles(&read_json(&out)).len(), 7);

    // --strict with nothing to skip (a dropped date is not a skipped item) succeeds.
    let out = temp.join("strict-ok.json");
    let output =
        run([OsString::from("build"), "atom.xml".into(), "rss-ru.xml".into(), "--strict".into(), "-o".into(), out.into_os_string()]);
    assert_eq!(code(&output), 0, "{}", describe(&output));
}

// -----------------------------------------------------------------------------------------------------------------
// 8. --config.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn config_topics_and_site() {
    let temp = TempDir::new("config");
    let out = temp.join("manifest.json");
    build_all(&out, &["--config", "config.json", "--quiet"]);
    let manifest = read_json(&out);
    assert_eq!(manifest["site"]["name"], "Civic Wire");
    assert_eq!(manifest["site"]["lang"], "en");
    assert_eq!(manifest["site"]["url"], BASE);

    let topics = manifest["topics"].as_array().expect("topics");
    let ids: Vec<&str> = topics.iter().map(|t| str_field(t, "id")).collect();
    assert_eq!(ids, ["human-rights", "valencia-floods"], "the config's topics, in order (categories_as_topics is off)");
    let rights = &topics[0];
    assert_eq!(rights["labels"]["en"], "Human rights");
    assert_eq!(rights["labels"]["ru"], "Права человека");
    assert_eq!(rights["labels"]["az"], "İnsan hüquqları");
    assert_eq!(rights["feed"], "/topics/human-rights/feed.json");
    assert_eq!(topics[1]["labels"]["en"], "Valencia floods");
    assert_eq!(topics[1]["labels"]["ru"], "Наводнение в Валенсии");
    assert_eq!(topics[1]["labels"]["az"], "Valensiyada daşqın");

    for topic in topics {
        let id = str_field(topic, "id");
        let carrying = articles(&manifest)
            .iter()
            .filter(|a| a["topics"].as_array().is_some_and(|t| t.iter().any(|x| x == id)))
            .count();
        assert!(carrying > 0, "articles carry topic {id}");
        assert_eq!(topic["count"], carrying, "topic {id} counts its articles");
    }
    let has_topic = |url: &str, topic: &str| {
        let article = by_url(&manifest, url);
        article["topics"].as_array().is_some_and(|t| t.iter().any(|x| x == topic))
    };
    assert!(has_topic("https://news.example/2024/10/valencia-flash-floods.html", "valencia-floods"), "by JSON Feed tags");
    assert!(has_topic("https://news.example/2024/11/valencia-counts-flood-cost.html", "valencia-floods"), "by RSS category");
    assert!(has_topic("https://news.example/2024/10/odihr-shrinking-civic-space.html", "human-rights"), "by Atom category");
    assert!(has_topic("https://ru.news.example/2024/10/zakon-ob-inostrannyh-agentah.html", "human-rights"), "by a Russian category");
    assert!(has_topic("https://news.example/az/vetendas-cemiyyeti-atet-varsava.html", "human-rights"), "by an Azerbaijani tag");
    assert!(!has_topic("https://news.example/sport/2024/05/europa-league-final-dublin.html", "human-rights"));
    assert!(!has_topic("https://news.example/sport/2024/05/europa-league-final-dublin.html", "valencia-floods"));

    // --site-name overrides the config's name.
    let renamed = temp.join("renamed.json");
    let output = run([
        OsString::from("build"),
        "feed.json".into(),
        "--config".into(),
        "config.json".into(),
        "--site-name".into(),
        "Civic Wire Weekly".into(),
        "-o".into(),
        renamed.clone().into_os_string(),
    ]);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    assert_eq!(read_json(&renamed)["site"]["name"], "Civic Wire Weekly");

    let err = failing_build(&temp, "bad-config", &os(&["feed.json"]), &["--config", "bad-config.json"]);
    assert!(err.contains("bad-config.json") && err.contains("topics"), "names the config file and the field:\n{err}");
}

// -----------------------------------------------------------------------------------------------------------------
// 9-10. Output forms and determinism.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn pretty_and_stdout_outputs_hold_the_same_manifest() {
    let temp = TempDir::new("pretty");
    let compact = temp.join("compact.json");
    let pretty = temp.join("pretty.json");
    build_all(&compact, &["--quiet"]);
    build_all(&pretty, &["--pretty", "--quiet"]);
    let compact_text = std::fs::read_to_string(&compact).expect("compact");
    let pretty_text = std::fs::read_to_string(&pretty).expect("pretty");
    assert!(!compact_text.contains('\n'), "the default output is compact");
    assert!(pretty_text.contains("\n  \"articles\": [\n    {"), "--pretty indents");
    assert!(pretty_text.len() > compact_text.len());
    assert_eq!(read_json(&pretty), read_json(&compact), "the same manifest either way");

    let mut args: Vec<OsString> = vec!["build".into()];
    args.extend(ALL_INPUTS.iter().map(OsString::from));
    args.extend(["--base-url", BASE, "-o", "-", "--quiet"].iter().map(OsString::from));
    let output = run(args);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    assert_eq!(output.stdout, compact_text.as_bytes(), "-o - writes the manifest to standard output");
    assert!(stderr(&output).is_empty(), "--quiet prints nothing but errors: {}", stderr(&output));
    assert!(!fixtures().join("-").exists(), "-o - does not create a file named -");
}

#[test]
fn builds_are_deterministic() {
    let temp = TempDir::new("deterministic");
    let first = temp.join("first.json");
    let second = temp.join("second.json");
    build_all(&first, &["--config", "config.json", "--quiet"]);
    build_all(&second, &["--config", "config.json", "--quiet"]);
    let a = std::fs::read(&first).expect("first");
    let b = std::fs::read(&second).expect("second");
    assert!(!a.is_empty());
    assert!(a == b, "two builds of the same inputs differ");
    // Without a config too (topics from categories).
    let third = temp.join("third.json");
    let fourth = temp.join("fourth.json");
    build_all(&third, &["--quiet"]);
    build_all(&fourth, &["--quiet"]);
    assert!(std::fs::read(&third).expect("third") == std::fs::read(&fourth).expect("fourth"), "builds differ");
}

// -----------------------------------------------------------------------------------------------------------------
// Usage errors.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn usage_errors_exit_with_code_2() {
    let temp = TempDir::new("usage");
    let cases: [Vec<&str>; 6] = [
        vec!["build", "feed.json"],
        vec!["build", "feed.json", "-o", "x.json", "--no-such-flag"],
        vec!["build", "-o", "x.json"],
        vec!["build", "feed.json", "-o", "x.json", "--keywords", "0"],
        vec!["frobnicate"],
        vec!["check"],
    ];
    for case in cases {
        let output = Command::new(BIN).args(&case).current_dir(&temp.path).output().expect("run");
        assert_eq!(code(&output), 2, "{case:?}: {}", describe(&output));
        assert!(!stderr(&output).is_empty(), "{case:?} explains the usage error");
        assert!(!temp.join("x.json").exists(), "{case:?} wrote nothing");
    }
    let bad_lang = run(["build", "feed.json", "-o", "-", "--lang", "english language"]);
    assert_ne!(code(&bad_lang), 0, "{}", describe(&bad_lang));
    assert!(stderr(&bad_lang).contains("--lang"), "{}", describe(&bad_lang));
    let help = run(["--help"]);
    assert_eq!(code(&help), 0, "{}", describe(&help));
    for sub in ["build", "related", "explain", "check"] {
        assert!(stdout(&help).contains(sub), "--help lists {sub}");
    }
}

// -----------------------------------------------------------------------------------------------------------------
// URLs of pages in a folder.
// -----------------------------------------------------------------------------------------------------------------

/// A page at `path` under `root` whose canonical link is `canonical`.
fn page_with_canonical(root: &Path, path: &str, canonical: &str, title: &str) {
    let file = root.join(path);
    std::fs::create_dir_all(file.parent().expect("a parent")).expect("page folder");
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><title>{title}</title><link rel=\"canonical\" href=\"{canonical}\"></head>\
         <body><article><h1>{title}</h1><p>The river rose to its highest level in a decade and the new flood defences \
         held through the night, officials said on Monday.</p><p>Residents who had left were allowed to return home \
         after engineers inspected every barrier along the valley.</p></article></body></html>"
    );
    std::fs::write(file, html).expect("write the page");
}

#[test]
fn relative_canonical_links_resolve_against_the_page_with_dot_segments_removed() {
    let temp = TempDir::new("dots");
    let site = temp.folder("site");
    // A real site's canonical link: relative to the page, climbing up with `..`.
    page_with_canonical(&site, "news/2024/09/flood/index.html", "../../../2024/09/flood/", "Flood defences hold");
    page_with_canonical(&site, "news/2024/09/valley.html", "./valley.html?ref=rss#top", "Valley residents return");
    page_with_canonical(&site, "about/team.html", "../../../../../team/", "Team page climbs too far");
    page_with_canonical(&site, "rooted.html", "/elsewhere/rooted/", "Rooted canonical");
    let out = temp.join("manifest.json");
    let output = run([OsString::from("build"), site.into_os_string(), "--base-url".into(), "https://example.org/site".into(),
        "-o".into(), out.clone().into_os_string()]);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    let manifest = read_json(&out);
    let mut found = urls(&manifest);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "https://example.org/elsewhere/rooted/",
            "https://example.org/site/news/2024/09/flood/",
            "https://example.org/site/news/2024/09/valley.html?ref=rss#top",
            "https://example.org/site/team/",
        ],
        "no `..` or `.` is left, and `..` never climbs above the site's folder"
    );
}

// -----------------------------------------------------------------------------------------------------------------
// Reproducible builds and quiet pipes.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn the_same_inputs_give_a_byte_identical_manifest_whatever_the_core_count() {
    // Every input, plus a feed in three languages whose words share a form ("park" is a form of Azerbaijani
    // "parklar" and of Lithuanian "parkų"): the `forms` table once depended on hash order, and differed between
    // runs of the same build (3 different manifests in 8 runs before the fix).
    let temp = TempDir::new("reproducible");
    let mut outputs = Vec::new();
    for (run, threads) in ["1", "2", "2", "3", "1", "2", "2", "3"].iter().enumerate() {
        let out = temp.join(&format!("manifest-{run}.json"));
        let mut args: Vec<OsString> = vec!["build".into(), "multilingual.json".into()];
        args.extend(ALL_INPUTS.iter().map(OsString::from));
        args.extend(["--base-url", BASE, "-q", "-o"].iter().map(OsString::from));
        args.push(out.clone().into_os_string());
        let output = Command::new(BIN).args(&args).current_dir(fixtures()).env("RAYON_NUM_THREADS", threads).output().expect("run");
        assert_eq!(code(&output), 0, "{}", describe(&output));
        outputs.push(std::fs::read(&out).expect("the manifest"));
    }
    assert!(read_json(&temp.join("manifest-0.json"))["forms"].as_object().is_some_and(|f| !f.is_empty()), "forms are written");
    for (run, bytes) in outputs.iter().enumerate().skip(1) {
        assert!(bytes == &outputs[0], "run {run} differs from run 0");
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let temp = TempDir::new("pipe");
    let manifest = temp.join("manifest.json");
    build_all(&manifest, &["-q"]);
    for args in [vec!["related", "--all"], vec!["check"]] {
        let mut command = Command::new(BIN);
        command.args(&args[..1]).arg(&manifest).args(&args[1..]);
        let mut child = command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().expect("spawn");
        // The reading end goes away before the command writes, as with `| head -0`.
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("wait");
        assert_eq!(code(&output), 0, "{args:?}: {}", describe(&output));
        assert!(!stderr(&output).contains("panicked"), "{args:?}: {}", describe(&output));
    }
}

#[test]
fn explain_names_the_filter_that_removes_a_candidate() {
    let temp = TempDir::new("filters");
    let feed = temp.join("feed.json");
    let text = "The river flooded the valley and rescue teams evacuated the villages along the river banks.";
    let item = |id: &str, title: &str, lang: &str| {
        serde_json::json!({"id": id, "url": format!("https://x.example/{id}"), "title": title, "content_text": text, "language": lang})
    };
    let items = vec![
        item("a", "Flood in the valley", "en"),
        item("same-title", "Flood in the valley", "en"),
        item("other-language", "Hochwasser im Tal", "de"),
        item("copy-1", "Rescue teams in the valley", "en"),
        item("copy-2", "Rescue teams in the valley", "en"),
        // Words on every article weigh nothing: one story about something else gives the flood's words weight.
        serde_json::json!({"id": "budget", "url": "https://x.example/budget", "title": "Budget vote delayed",
            "content_text": "Parliament delayed the budget vote until the spring session.", "language": "en"}),
    ];
    let document = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "items": items});
    std::fs::write(&feed, document.to_string()).expect("feed");
    let explain = |with: &str| {
        let output = run([OsString::from("explain"), feed.clone().into_os_string(), "--id".into(), "a".into(), "--with".into(), with.into()]);
        assert_eq!(code(&output), 0, "{}", describe(&output));
        stdout(&output)
    };
    assert!(explain("same-title").contains("the duplicate-title filter"), "{}", explain("same-title"));
    assert!(explain("other-language").contains("the same-language filter"), "{}", explain("other-language"));
    // Of two candidates with one title, the second is left out for the first.
    let second = explain("copy-2");
    let first = explain("copy-1");
    let (kept, dropped) = if second.contains("duplicate filters") { (first, second) } else { (second, first) };
    assert!(dropped.contains("has the same title or URL and ranks higher (the duplicate filters)"), "{dropped}");
    assert!(kept.contains("related list"), "{kept}");
}

// -----------------------------------------------------------------------------------------------------------------
// A real site's habits: one og:title for every page, a legal notice and a keywords meta on every page, tag links.
// -----------------------------------------------------------------------------------------------------------------

#[test]
fn site_wide_titles_notices_and_keywords_give_way_to_each_page_s_own() {
    let temp = TempDir::new("habits");
    let site = temp.folder("site");
    let notice = "ВНИМАНИЕ: Материалы сайта фонда «Маяк» защищены законом. Любое использование материалов \
                  допускается только с письменного согласия редакции фонда «Маяк» и с активной ссылкой.";
    let stories = [
        ("sud", "Суд над журналистом отложен", "Суд в Казани отложил рассмотрение дела журналиста Петрова. Защита журналиста \
          заявила ходатайство о вызове свидетелей, и суд назначил новое заседание на март.", "суды"),
        ("sud-2", "Журналист Петров остаётся под арестом", "Суд в Казани продлил арест журналиста Петрова ещё на два \
          месяца. Адвокаты журналиста обжалуют решение суда в апелляционной инстанции.", "суды"),
        ("les", "Волонтёры высадили лес под Самарой", "Волонтёры высадили три тысячи саженцев сосны под Самарой. Новый \
          лес вырастет на месте пожара, уничтожившего деревья два года назад.", "экология"),
        ("les-2", "Саженцы сосны прижились", "Саженцы сосны, высаженные волонтёрами под Самарой весной, прижились. \
          Лесники говорят, что через десять лет здесь снова будет лес.", "экология"),
        ("shkola", "В сёлах открылись школы", "В трёх сёлах области после ремонта открылись школы. Учителя и ученики \
          вернулись в отремонтированные классы к началу учебного года.", "образование"),
    ];
    for (slug, headline, text, tag) in stories {
        let html = format!(
            "<!doctype html><html lang=\"ru\"><head><title>Фонд «Маяк»</title><meta property=\"og:title\" content=\"Фонд «Маяк»\">\
             <meta name=\"keywords\" content=\"Маяк, фонд, новости\"></head><body><article><h1>{headline}</h1><p>{text}</p>\
             <p>{notice}</p><p>Метки: <a rel=\"tag\" href=\"/tag/{tag}\">{tag}</a></p></article></body></html>"
        );
        std::fs::write(site.join(format!("{slug}.html")), html).expect("page");
    }
    // The home page: a list of the stories' links with a line of teaser each.
    let teasers: String = stories
        .iter()
        .map(|(slug, headline, _, _)| format!("<li><a href=\"/{slug}.html\">{headline}</a> Подробнее о событии.</li>"))
        .collect();
    let home = format!(
        "<!doctype html><html lang=\"ru\"><head><title>Фонд «Маяк»</title></head><body><main><h1>Новости фонда</h1>\
         <ul>{teasers}</ul></main></body></html>"
    );
    std::fs::write(site.join("index.html"), home).expect("home page");
    let out = temp.join("manifest.json");
    let output = run([OsString::from("build"), site.into_os_string(), "-o".into(), out.clone().into_os_string()]);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    assert!(stderr(&output).contains("index.html: left out as a listing page"), "{}", describe(&output));
    let manifest = read_json(&out);
    let mut found: Vec<&str> = titles(&manifest);
    found.sort_unstable();
    assert_eq!(found.len(), 5, "the five stories, not the home page: {found:?}");
    assert!(found.contains(&"Суд над журналистом отложен") && !found.contains(&"Фонд «Маяк»"), "{found:?}");
    for article in articles(&manifest) {
        let terms = keyword_terms(article).join(" ");
        assert!(!terms.contains("материал") && !terms.contains("согласия") && !terms.contains("фонд"), "{terms}");
        let id = str_field(article, "id");
        assert!(!entity_names(article).iter().any(|e| e.contains("ВНИМАНИЕ")), "{id}: {:?}", entity_names(article));
    }
    // Tag links are read; the site-wide keywords meta is not a tag of any article.
    let sud = articles(&manifest).iter().find(|a| str_field(a, "id") == "sud").expect("sud");
    assert!(keyword_terms(sud).iter().any(|t| t == "суды"), "{:?}", keyword_terms(sud));
    // With real titles and no notice, each story's other half is its best match.
    let related = run(["related".into(), out.into_os_string(), OsString::from("--id"), "sud".into(), "--json".into()]);
    let first: Value = serde_json::from_str(stdout(&related).lines().next().expect("a line")).expect("json");
    assert_eq!(first["related"][0]["id"], "sud-2", "{first}");
    assert!(stderr(&output).contains("repeated across the site"), "{}", describe(&output));
}

#[test]
fn out_dir_writes_a_folder_that_related_explain_and_check_read() {
    let temp = TempDir::new("out-dir");
    let dir = temp.join("public/related-news");
    let mut args: Vec<OsString> = vec!["build".into()];
    args.extend(ALL_INPUTS.iter().map(OsString::from));
    args.extend(["--base-url", BASE, "--out-dir"].iter().map(OsString::from));
    args.push(dir.clone().into_os_string());
    let output = run(args);
    assert_eq!(code(&output), 0, "{}", describe(&output));
    let index = dir.join("manifest.json");
    let manifest = read_json(&index);
    assert!(articles(&manifest).len() > 5, "the index is in the folder");
    // The test binary is built by a plain `cargo test`, which carries no widget files: it says so, and writes the
    // index alone. (`make cli` builds one that carries them; the end-to-end suite checks that folder in a browser.)
    let files = folder_listing(&dir);
    if stderr(&output).contains("carries no widget files") {
        assert_eq!(files, [".related-news-state.json", "index.json", "manifest.json", "r"], "{}", describe(&output));
    } else {
        assert_eq!(
            files,
            [".related-news-state.json", "index.json", "manifest.json", "r", "related-news.js", "related_news_bg.wasm"],
            "{}",
            describe(&output)
        );
    }
    // The sharded index: every article's list ranked in its record is the whole manifest's (what the widget
    // shows is what `related` on the manifest says).
    // A site this small has one directory, which the entry holds: no directory shards.
    assert!(!folder_listing(&dir.join("r")).is_empty());
    let entry_text = std::fs::read_to_string(dir.join("index.json")).expect("the entry");
    let entry = related_news::manifest::sharded::parse_entry(&entry_text).expect("an entry");
    // In binary, by the hashes of its keys (an id and a URL path an article).
    let directory = entry.directory.as_ref().expect("the entry holds its one directory");
    assert!(directory.len() >= 2 * articles(&manifest).len(), "{entry_text}");
    assert!(entry.directories.is_empty() && entry.records.is_none(), "{entry_text}");
    for article in articles(&manifest) {
        assert_eq!(entry.inline_records_of(str_field(article, "id")).map(|names| names.len()), Some(1), "{article}");
    }
    assert!(stderr(&output).contains("folder "), "the files written are listed: {}", describe(&output));

    // The entry is no manifest: `check` on it says to check the folder. `related` without --id or --all names both.
    let entry_check = run([OsString::from("check"), dir.join("index.json").into_os_string()]);
    assert_eq!(code(&entry_check), 1, "{}", describe(&entry_check));
    assert!(stdout(&entry_check).contains("check the folder itself"), "{}", describe(&entry_check));
    let neither = run([OsString::from("related"), dir.clone().into_os_string()]);
    assert_eq!(code(&neither), 2, "{}", describe(&neither));
    assert!(stderr(&neither).contains("--id") && stderr(&neither).contains("--all"), "{}", describe(&neither));

    // related, explain and check take the folder as they take the file, with the same answers.
    let id = str_field(&articles(&manifest)[0], "id").to_string();
    let from_folder = run([OsString::from("related"), dir.clone().into_os_string(), "--all".into(), "--json".into()]);
    let from_file = run([OsString::from("related"), index.clone().into_os_string(), "--all".into(), "--json".into()]);
    assert_eq!(code(&from_folder), 0, "{}", describe(&from_folder));
    assert!(stdout(&from_folder).lines().count() > 5);
    assert_eq!(stdout(&from_folder), stdout(&from_file));
    for k in ["1", "20"] {
        let folder_k = run([OsString::from("related"), dir.clone().into_os_string(), "--all".into(), "-k".into(), k.into()]);
        let file_k = run([OsString::from("related"), index.clone().into_os_string(), "--all".into(), "-k".into(), k.into()]);
        assert_eq!(stdout(&folder_k), stdout(&file_k), "-k {k}");
    }

    // A rebuild from the same inputs rewrites nothing of the sharded index but its entry.
    let mut again: Vec<OsString> = vec!["build".into()];
    again.extend(ALL_INPUTS.iter().map(OsString::from));
    again.extend(["--base-url", BASE, "--out-dir"].iter().map(OsString::from));
    again.push(dir.clone().into_os_string());
    let rebuilt = run(again);
    assert!(stderr(&rebuilt).contains("1 file(s) written"), "{}", describe(&rebuilt));
    let other = str_field(&articles(&manifest)[1], "id").to_string();
    let explain = run([OsString::from("explain"), dir.clone().into_os_string(), "--id".into(), id.into(), "--with".into(), other.into()]);
    assert_eq!(code(&explain), 0, "{}", describe(&explain));
    let check = run([OsString::from("check"), dir.clone().into_os_string()]);
    assert_eq!(code(&check), 0, "{}", describe(&check));
    assert!(stdout(&check).contains("manifest.json"), "check names the file it read: {}", describe(&check));
    assert!(!stdout(&check).contains("older than"), "{}", describe(&check));
    assert!(stdout(&check).contains("every article found in its record"), "{}", describe(&check));
    // What pages read is checked, not only the manifest beside it: a record missing or cut short, or no entry.
    let records: Vec<String> = folder_listing(&dir.join("r"));
    let broken = temp.join("broken");
    let copy_folder = || {
        let _ = std::fs::remove_dir_all(&broken);
        std::fs::create_dir_all(broken.join("r")).expect("a copy");
        for name in folder_listing(&dir) {
            if dir.join(&name).is_file() {
                std::fs::copy(dir.join(&name), broken.join(&name)).expect("copy a file");
            }
        }
        for name in &records {
            std::fs::copy(dir.join("r").join(name), broken.join("r").join(name)).expect("copy a record");
        }
    };
    let check_broken = |expected: &str| {
        let output = run([OsString::from("check"), broken.clone().into_os_string()]);
        assert_eq!(code(&output), 1, "{expected}: {}", describe(&output));
        assert!(stdout(&output).contains(expected) && stdout(&output).contains("unusable as uploaded"), "{expected}: {}", describe(&output));
    };
    copy_folder();
    std::fs::remove_file(broken.join("r").join(&records[0])).expect("remove a record");
    check_broken(&format!("r/{}: cannot read", records[0]));
    let named = run([OsString::from("check"), broken.clone().into_os_string()]);
    assert!(stdout(&named).contains("(the record of "), "the articles it fails are named: {}", describe(&named));
    // `related` lists every other article, and says which it could not.
    let all = run([OsString::from("related"), broken.clone().into_os_string(), "--all".into(), "--json".into()]);
    assert_eq!(code(&all), 1, "{}", describe(&all));
    let listed = stdout(&all).lines().count();
    assert!(listed > 0 && listed < articles(&manifest).len(), "{listed}: {}", describe(&all));
    assert!(stderr(&all).contains(&format!("r/{}: cannot read", records[0])), "{}", describe(&all));
    copy_folder();
    let bytes = std::fs::read(broken.join("r").join(&records[0])).expect("a record");
    std::fs::write(broken.join("r").join(&records[0]), &bytes[..bytes.len() / 2]).expect("cut it");
    check_broken(&format!("r/{}: the record is damaged", records[0]));
    copy_folder();
    std::fs::remove_file(broken.join("index.json")).expect("remove the entry");
    check_broken("index.json: missing");
    // A folder whose entry is older than the widget reads: check says to rebuild it.
    let entry_text = std::fs::read_to_string(dir.join("index.json")).expect("the entry");
    std::fs::write(dir.join("index.json"), entry_text.replacen("\"version\":7", "\"version\":5", 1)).expect("rewrite the entry");
    let old = run([OsString::from("check"), dir.clone().into_os_string()]);
    assert_eq!(code(&old), 0, "{}", describe(&old));
    assert!(stdout(&old).contains("index is version 5, older than this release's widget reads (6 on): rebuild"), "{}", describe(&old));

    // Neither -o nor --out-dir, or both, is a usage error.
    let neither = run(["build", "feed.json"]);
    assert_eq!(code(&neither), 2, "{}", describe(&neither));
    let both = run([OsString::from("build"), "feed.json".into(), "-o".into(), "-".into(), "--out-dir".into(), dir.into_os_string()]);
    assert_eq!(code(&both), 2, "{}", describe(&both));
}

#[test]
fn a_build_lists_twenty_notes_and_verbose_lists_them_all() {
    // 22 feeds, each with a bare "&" in a title: a note each.
    let temp = TempDir::new("notes");
    let mut inputs = Vec::new();
    for i in 0..22 {
        let name = format!("feed{i:02}.xml");
        let rss = format!(
            "<rss version=\"2.0\"><channel><title>S{i}</title><item><title>R&D budget {i}</title><link>https://s{i}.example/a</link><description>Text {i}.</description></item></channel></rss>"
        );
        std::fs::write(temp.join(&name), rss).expect("write a feed");
        inputs.push(name);
    }
    let build = |verbose: bool| {
        let mut args: Vec<String> = vec!["build".into()];
        args.extend(inputs.iter().cloned());
        args.extend(["-o".into(), "out.json".into()]);
        if verbose {
            args.push("--verbose".into());
        }
        Command::new(BIN).args(&args).current_dir(&temp.path).output().expect("run")
    };
    let quiet = build(false);
    assert_eq!(code(&quiet), 0, "{}", describe(&quiet));
    assert!(stderr(&quiet).contains("22 note(s)") && stderr(&quiet).contains("... and 2 more (--verbose shows them all)"), "{}", describe(&quiet));
    let verbose = build(true);
    assert_eq!(code(&verbose), 0, "{}", describe(&verbose));
    assert!(stderr(&verbose).contains("feed21.xml: a bare \"&\"") && !stderr(&verbose).contains("... and"), "{}", describe(&verbose));
}

#[test]
fn explain_on_a_folder_after_an_update_scores_as_related_does() {
    // Two stories of six items each, then two more on the first story: the second build is an update, whose
    // records rank with the statistics the update carries, not the whole manifest's.
    let temp = TempDir::new("explain-update");
    const DAYS: [&str; 8] = [
        "Rain fell over the valley all week.", "A farmers' union asked for compensation.", "Fishermen reported low water upstream.",
        "Teachers joined the protest outside the hall.", "A local bakery donated bread to volunteers.", "The regional governor promised an audit.",
        "Night shifts began at the pumping station.", "Students measured the river level for a school project.",
    ];
    let item = |i: usize, story: &str, words: &str| {
        serde_json::json!({ "id": format!("{story}-{i}"), "url": format!("https://site.example/{story}-{i}"),
            "title": format!("{story}: {}", DAYS[i]), "date_published": format!("2025-03-{:02}T10:00:00Z", i + 1),
            "content_text": format!("{words} {} The {story} council heard residents and the mayor Ingrid Halvorsen. {words}", DAYS[i]) })
    };
    let mut items: Vec<Value> = (0..6).map(|i| item(i, "dam", "The Kessel dam repair needs concrete, pumps and a new spillway.")).collect();
    items.extend((0..6).map(|i| item(i, "budget", "The city budget vote on school funding and bus fares was delayed again.")));
    let feed = temp.join("feed.json");
    let write_feed = |items: &[Value]| std::fs::write(&feed, serde_json::json!({ "version": "https://jsonfeed.org/version/1.1", "title": "Site", "items": items }).to_string()).expect("write the feed");
    write_feed(&items);
    let dir = temp.join("out");
    let build = || run([OsString::from("build"), feed.clone().into_os_string(), "--out-dir".into(), dir.clone().into_os_string()]);
    assert_eq!(code(&build()), 0);
    items.extend((6..8).map(|i| item(i, "dam", "Engineers test the Kessel dam spillway before the spring floods.")));
    // A changed article drops words the others keep: their counts in the records, written before, are one too high
    // until a full build, and the update says so only for the words it brings.
    items[1] = item(1, "dam", "The Kessel dam work stopped for the holidays.");
    write_feed(&items);
    let update = build();
    assert!(stderr(&update).contains("an update of 3 article(s)"), "{}", describe(&update));
    let related = run([OsString::from("related"), dir.clone().into_os_string(), "--id".into(), "dam-0".into(), "--json".into()]);
    let listed = &serde_json::from_str::<Value>(stdout(&related).trim()).expect("a JSON line")["related"];
    let mut compared = 0;
    for entry in listed.as_array().expect("a list") {
        let other = entry["id"].as_str().expect("an id");
        let explain = run([OsString::from("explain"), dir.clone().into_os_string(), "--id".into(), "dam-0".into(), "--with".into(), other.into()]);
        assert_eq!(code(&explain), 0, "{}", describe(&explain));
        let score = format!("score {:.4} ", entry["score"].as_f64().expect("a score"));
        assert!(stdout(&explain).contains(&score), "explain says what related listed ({score}): {}", describe(&explain));
        compared += 1;
    }
    assert!(compared >= 3, "{}", describe(&related));
}
