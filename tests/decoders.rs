//! Property tests of what the widget decodes: a manifest or JSON Feed of any bytes (random, a valid file cut at every
//! place, a valid file with bits flipped, JSON of any shape where the fields should be) is read without a panic, and
//! whatever the reader accepts is indexed, ranked and turned into a panel (by the code the browser runs) without a
//! panic either; the sharded index's entry and directory readers get the same random texts, truncations and bit
//! flips, and so do the binary record (read whole and in slices of articles, which must agree) and directory readers (every truncation of the builder's record and
//! directory, 60,000 random tails after their first bytes, 12,000 of each with bits flipped). Over 100,000 cases in all (truncations of every file, 60,000 random texts, 12,000 bit flips, 20,000 shapes, 20,000
//! compact vectors of records, which the builder's own record of the manifest fixture also brings to the others).
//! Every manifest text is also parsed by the widget's own JSON parser, which must agree with `serde_json` on it; 40,000
//! more cases hold the two parsers to the same values and the same refusals.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use related_news::json_text;
use related_news::manifest::{from_value, parse_str, record, vector, Manifest};
use related_news::manifest::directory::{self, HashedDirectory};
use related_news::manifest::sharded::{parse_directory, parse_entry, record_name};
use related_news::options::parse_options;
use related_news::rank::{FieldWeights, Index, Query};
use related_news::url::ResolvedUrl;
use related_news::view::build_panel;

/// A multilingual manifest with topics, images and summaries, and a JSON Feed with tags and dates.
const MANIFEST: &str = include_str!("e2e/fixtures/manifest.json");
const FEED: &str = include_str!("fixtures/cli/feed.json");
/// An entry and a directory shard of the sharded index, as the builder writes them.
const ENTRY: &str = r#"{"format":"related-news-index","version":1,"articles":1000,"directories":["d/a31a16d52736033a.json","d/96fd9410b252da34.json"],"newest":"r/5e1f0c2d9a7b3e44.json"}"#;
/// A small archive's entry, with its one directory inline.
const INLINE_ENTRY: &str = r#"{"format":"related-news-index","version":2,"articles":2,"directories":[],"records":{"a":"r/0a3c574dfeeb34ad.json","/news/a.html":"r/0a3c574dfeeb34ad.json"},"newest":"r/5e1f0c2d9a7b3e44.json"}"#;
const DIRECTORY: &str = r#"{"records":{"2025-01-01-001":"r/0a3c574dfeeb34ad.json","/news/2025-01-01-001.html":"r/0a3c574dfeeb34ad.json","kerry":"r/02e9621f10d99593.json"}}"#;

/// A record of the sharded index (version 4: binary, with vectors and title keys in place of keywords), as the
/// builder writes it from the manifest fixture: the largest, the one with the most articles. A fixture that cannot be
/// built is a failed test, hence the panics.
#[allow(clippy::expect_used)]
fn binary_record() -> &'static [u8] {
    static RECORD: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    RECORD.get_or_init(|| {
        let manifest = parse_str(MANIFEST).expect("fixture").manifest;
        let (files, _, _) = related_news::builder::shards::shard(manifest, false, related_news::builder::shards::RecordSink::Memory).expect("sharded index");
        let bytes = files.files.into_iter().filter(|(name, _)| name.starts_with("r/")).map(|(_, bytes)| bytes).max_by_key(Vec::len).expect("a record");
        assert!(record::is_binary(&bytes), "a binary record");
        bytes
    })
}

/// Keys looked up in binary directories: those [`binary_directory`] holds, and one it does not.
const DIRECTORY_KEYS: [&str; 4] = ["2025-01-01-001", "/news/2025-01-01-001.html", "kerry", "not-an-article"];

/// A binary directory shard (version 5 of the index) of [`DIRECTORY`]'s keys and more, as the builder writes it.
#[allow(clippy::expect_used)]
fn binary_directory() -> &'static [u8] {
    static DIRECTORY_BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    DIRECTORY_BYTES.get_or_init(|| {
        let names: Vec<(String, String)> =
            (0..40).map(|i| (format!("/news/{i}.html"), format!("r/{:016x}.bin", 0x0a3c_574d_feeb_34ad_u64.wrapping_mul(i / 8 + 1)))).collect();
        let keys = DIRECTORY_KEYS[..3].iter().map(|&key| (key, "r/02e9621f10d99593.bin")).chain(names.iter().map(|(k, n)| (k.as_str(), n.as_str())));
        HashedDirectory::from_keys(keys).expect("names of the builder's form").encode()
    })
}

/// A small archive's entry (version 6), with its one directory inline as a binary directory in base64.
fn binary_inline_entry() -> &'static str {
    static ENTRY_TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ENTRY_TEXT.get_or_init(|| {
        let directory = related_news::base64::encode(binary_directory());
        format!(r#"{{"format":"related-news-index","version":6,"articles":40,"directories":[],"directory":"{directory}","newest":"r/5e1f0c2d9a7b3e44.bin"}}"#)
    })
}

/// An entry of version 7, which names its three shards by 4 bytes of hash each, packed in base64.
#[allow(clippy::expect_used)]
fn packed_entry() -> &'static str {
    static ENTRY_TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ENTRY_TEXT.get_or_init(|| {
        let entry = related_news::manifest::sharded::Entry {
            format: related_news::manifest::sharded::ENTRY_FORMAT.into(),
            version: 7,
            articles: 3000,
            directories: (0..3).map(|place| related_news::manifest::sharded::shard_name(place, &[place as u8])).collect(),
            records: None,
            directory: None,
            newest: "r/5e1f0c2d9a7b3e44.bin".into(),
            update: None,
        };
        let text = serde_json::to_string(&entry).expect("an entry");
        assert!(text.contains("\"shards\""), "{text}");
        text
    })
}

/// Reads `bytes` as a binary directory: no panic, and what a lookup gives is a record of the folder.
fn exercise_directory(bytes: &[u8]) -> bool {
    let Ok(directory) = HashedDirectory::decode(bytes) else { return false };
    for key in DIRECTORY_KEYS {
        for name in directory.records_of(key) {
            assert!(record_name(key, Some(&name)).is_ok(), "{name}");
        }
    }
    true
}

/// The same record in JSON, as versions 2 and 3 of the index wrote records (and as an update carries one).
#[allow(clippy::expect_used)]
fn json_record() -> &'static str {
    static RECORD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    RECORD.get_or_init(|| {
        let text = serde_json::to_string(&record::decode(binary_record()).expect("the builder's record").manifest).expect("serialises");
        assert!(text.contains("\"vector\":\"") && text.contains("\"terms\":["), "a record with vectors");
        text
    })
}

/// An entry with an update, whose record is the builder's record above: what a rebuild after a few changes writes
/// (version 4: the record in binary, as base64), and as version 3 wrote it (the record in JSON).
fn updated_entries() -> &'static [String; 2] {
    static ENTRIES: std::sync::OnceLock<[String; 2]> = std::sync::OnceLock::new();
    ENTRIES.get_or_init(|| {
        let entry = |version: u32, record: String| {
            format!(
                r#"{{"format":"related-news-index","version":{version},"articles":12,"directories":["d/a31a16d52736033a.json"],"newest":"r/5e1f0c2d9a7b3e44.bin","update":{{"records":{{"a":"r/0a3c574dfeeb34ad.bin"}},"removed":["kerry-basel-2014","x"],"record":{record}}}}}"#
            )
        };
        [entry(4, format!("\"{}\"", related_news::base64::encode(binary_record()))), entry(3, json_record().to_string())]
    })
}

/// Reads `text` as an entry and as a directory: whatever it is, no panic, and what is accepted names only files of
/// the folder; an entry's update is merged into a record and ranked, as the widget does.
fn read_index_files(text: &str) {
    if let Ok(entry) = parse_entry(text) {
        assert!(entry.directories.is_empty() == (entry.records.is_some() || entry.directory.is_some()));
        assert!(entry.records.is_none() || entry.directory.is_none());
        let update_names = entry.update.iter().flat_map(|u| u.records.values());
        let inline_names: Vec<String> = DIRECTORY_KEYS.iter().flat_map(|key| entry.inline_records_of(key).unwrap_or_default()).collect();
        for name in entry.directories.iter().chain([&entry.newest]).chain(entry.records.iter().flat_map(|r| r.values())).chain(update_names).chain(&inline_names) {
            assert!(!name.contains("..") && !name.starts_with('/') && !name.contains(':'), "{name}");
        }
        if let (Some(update), Ok(loaded)) = (&entry.update, record::decode(binary_record())) {
            let mut merged = loaded.manifest;
            if update.apply(&mut merged).is_ok() {
                let index = Index::build(merged, FieldWeights::default(), &|u: &str| u.to_string());
                if let Some(query) = index.query_for(0) {
                    let _ = index.related(&query, &related_news::rank::RankingConfig::default());
                }
            }
        }
    }
    if let Ok(directory) = parse_directory(text) {
        for name in directory.records.values() {
            assert!(!name.contains("..") && !name.starts_with('/') && !name.contains(':'), "{name}");
        }
    }
}

fn resolve(url: &str) -> Option<ResolvedUrl> {
    Some(ResolvedUrl { href: format!("https://site.example/{url}"), external: false })
}

/// Reads `text` as the widget does and, when it is usable, renders the panels of its first, middle and last articles
/// (a flipped bit lands in any of them) and ranks a page that is not in it. Returns whether the text was usable.
fn exercise(text: &str) -> bool {
    // The widget parses with its own small parser; it must take and refuse what the CLI's parser does, alike.
    let parsed = json_text::parse(text);
    assert_eq!(parsed.as_ref().ok(), serde_json::from_str(text.trim_start_matches('\u{feff}')).ok().as_ref(), "{text:?}");
    let Ok(loaded) = parsed.map_err(|_| ()).and_then(|value| from_value(value).map_err(|_| ())) else { return false };
    rank_and_render(loaded.manifest);
    true
}

/// Reads `bytes` as a binary record in one go (as the command line does) and a few articles at a time (as the widget
/// does, a slice between the browser's turns): both must give the same model and report, or the same refusal. When
/// it is usable, ranks and renders as [`exercise`] does.
fn exercise_binary(bytes: &[u8]) -> bool {
    let whole = record::decode(bytes);
    let slice = 1 + bytes.len() % 5;
    let sliced = record::RecordDecoder::new(bytes).and_then(|mut decoder| {
        while !decoder.next(slice)? {}
        Ok(decoder.finish())
    });
    match (&whole, &sliced) {
        (Ok(one), Ok(other)) => assert!(one.manifest == other.manifest && one.report == other.report, "slices of {slice} read another record"),
        (Err(one), Err(other)) => assert_eq!(one.to_string(), other.to_string(), "slices of {slice}"),
        _ => panic!("read whole: {:?}; in slices of {slice}: {:?}", whole.is_ok(), sliced.is_ok()),
    }
    let Ok(loaded) = whole else { return false };
    rank_and_render(loaded.manifest);
    true
}

/// Indexes a manifest the widget accepted, renders the panels of its first, middle and last articles and ranks a
/// page that is not in it.
fn rank_and_render(manifest: Manifest) {
    let index = Index::build(manifest, FieldWeights::default(), &|u: &str| format!("https://site.example/{u}"));
    // Fixed, valid options: should they ever fail to parse, the fixtures test below fails.
    let Ok((options, _)) = parse_options([("manifest", "/m.json"), ("limit", "5")]) else { return };
    let last = index.len().saturating_sub(1);
    for position in [0, last / 2, last].into_iter().filter(|&p| p < index.len()) {
        if let Some(query) = index.query_for(position) {
            let view = build_panel(&index, &query, &options, "en", &resolve);
            assert!(view.related.len() <= 5);
        }
    }
    let page = Query {
        vector: index.query_from_text(&[("civil society conference in Vilnius", 1.0)], Some("en")),
        article: None,
        lang: Some("en".into()),
        days: None,
        url_key: None,
        title_key: None,
        pinned: Vec::new(),
    };
    let view = build_panel(&index, &page, &options, "en", &resolve);
    assert!(view.related.iter().all(|link| link.score.is_finite()));
}

#[test]
fn the_valid_fixtures_are_usable() {
    assert!(exercise(MANIFEST));
    assert!(exercise(FEED));
    assert!(exercise(json_record()));
    assert!(exercise_binary(binary_record()));
    assert!(exercise_directory(binary_directory()));
    let directory = HashedDirectory::decode(binary_directory()).expect("the builder's directory");
    assert_eq!(directory.records_of("kerry"), ["r/02e9621f10d99593.bin"]);
    assert!(directory.records_of("not-an-article").is_empty());
    assert!(parse_options([("manifest", "/m.json"), ("limit", "5")]).is_ok());
}

#[test]
fn every_truncation_of_a_valid_file_is_read_or_refused_without_a_panic() {
    let mut cases = 0;
    for end in 0..binary_record().len() {
        assert!(!exercise_binary(&binary_record()[..end]), "a cut record is refused whole");
        cases += 1;
    }
    for end in 0..binary_directory().len() {
        assert!(!exercise_directory(&binary_directory()[..end]), "a cut directory is refused whole");
        cases += 1;
    }
    for text in [MANIFEST, FEED, json_record()] {
        for end in (0..text.len()).filter(|&end| text.is_char_boundary(end)) {
            exercise(&text[..end]);
            cases += 1;
        }
    }
    for text in [ENTRY, INLINE_ENTRY, binary_inline_entry(), packed_entry(), DIRECTORY, &updated_entries()[0], &updated_entries()[1]] {
        for end in (0..text.len()).filter(|&end| text.is_char_boundary(end)) {
            read_index_files(&text[..end]);
            cases += 1;
        }
    }
    assert!(parse_entry(ENTRY).is_ok() && parse_entry(INLINE_ENTRY).is_ok() && parse_directory(DIRECTORY).is_ok());
    assert!(parse_entry(packed_entry()).is_ok_and(|entry| entry.directories.len() == 3));
    let inline = parse_entry(binary_inline_entry()).expect("the entry with a binary directory is read");
    assert_eq!(inline.inline_records_of("kerry"), Some(vec!["r/02e9621f10d99593.bin".to_string()]));
    for entry in updated_entries() {
        assert!(parse_entry(entry).is_ok_and(|entry| entry.update.is_some()), "the updated entry is read: {entry:.120}");
    }
    assert!(cases > 5_000, "{cases} truncations");
}

/// A JSON value of any shape, for the places where an article's fields go.
fn any_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<f64>().prop_map(|n| serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)),
        any::<i64>().prop_map(serde_json::Value::from),
        ".{0,40}".prop_map(serde_json::Value::from),
        prop::sample::select(vec!["", "en", "ru-RU", "2024-02-30", "2024-10-30T10:00:00Z", "javascript:alert(1)", "/a", "https://x.org/a", "\u{202e}", "<b>x</b>"])
            .prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec!["id", "url", "title", "date", "lang", "keywords", "term", "weight", "entities", "people", "topics", "image", "width", "height", "summary", "pinned", "tags", "content_text", "x"]),
                inner,
                0..6,
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 60_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        exercise(&text);
        read_index_files(&text);
        // Random bytes after a binary record's first bytes, so the reader gets past them.
        exercise_binary(&[record::MAGIC.as_slice(), &bytes].concat());
        exercise_directory(&[directory::MAGIC.as_slice(), &bytes].concat());
    }

}

proptest! {
    // Most flipped files are still usable and so are ranked in full: fewer, costlier cases.
    #![proptest_config(ProptestConfig { cases: 12_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn bit_flips_in_a_valid_file_never_panic(flips in prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4), which in 0..3usize) {
        let mut bytes = [FEED, MANIFEST, json_record()][which].as_bytes().to_vec();
        let mut binary = binary_record().to_vec();
        let mut shard = binary_directory().to_vec();
        let mut index_bytes = [ENTRY, DIRECTORY, INLINE_ENTRY][which].as_bytes().to_vec();
        let mut update_bytes = updated_entries()[which % 2].as_bytes().to_vec();
        for (at, bit) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= 1 << bit;
            let j = at.index(index_bytes.len());
            index_bytes[j] ^= 1 << bit;
            let k = at.index(update_bytes.len());
            update_bytes[k] ^= 1 << bit;
            let l = at.index(binary.len());
            binary[l] ^= 1 << bit;
            let m = at.index(shard.len());
            shard[m] ^= 1 << bit;
        }
        exercise_directory(&shard);
        exercise_binary(&binary);
        exercise(&String::from_utf8_lossy(&bytes));
        read_index_files(&String::from_utf8_lossy(&index_bytes));
        read_index_files(&String::from_utf8_lossy(&update_bytes));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn articles_of_any_shape_never_panic_and_good_ones_survive(junk in prop::collection::vec(any_json(), 0..5)) {
        let mut articles = junk;
        articles.push(serde_json::json!({"id": "good", "url": "/good", "title": "Flood in Valencia", "keywords": ["flood"]}));
        articles.push(serde_json::json!({"id": "also-good", "url": "/also", "title": "Valencia flood toll", "keywords": ["flood"]}));
        let text = serde_json::json!({"version": 1, "articles": articles}).to_string();
        prop_assert!(exercise(&text), "a manifest with two good articles is usable");
        let loaded = parse_str(&text).expect("usable");
        let ids: Vec<&str> = loaded.manifest.articles.iter().map(|a| a.id.as_str()).collect();
        prop_assert!(ids.contains(&"good") && ids.contains(&"also-good"), "a bad item never takes the good ones down: {:?}", ids);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The widget's parser gives back any JSON value `serde_json` writes, compact or pretty, to the bit.
    #[test]
    fn the_widgets_parser_reads_any_value_as_written(value in any_json()) {
        for text in [serde_json::to_string(&value), serde_json::to_string_pretty(&value)] {
            let text = text.expect("a value serde_json can write");
            prop_assert_eq!(json_text::parse(&text).ok(), Some(value.clone()));
        }
    }

    /// Texts of JSON's own characters, mostly not JSON: the widget's parser and `serde_json` agree on each, taken
    /// (with the same value) or refused.
    #[test]
    fn the_widgets_parser_takes_and_refuses_what_serde_json_does(text in r#"[\[\]{}:," \\/0-9eE.+\-tfnrualsu\u{e9}\u{1F600}\n]{0,40}"#) {
        prop_assert_eq!(json_text::parse(&text).ok(), serde_json::from_str::<serde_json::Value>(&text).ok(), "{:?}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The compact vectors of records: any text is decoded or refused without a panic, and what the builder
    /// encodes comes back to the bit.
    #[test]
    fn record_vectors_round_trip_and_any_text_is_refused_cleanly(
        text in "[A-Za-z0-9+/]{0,40}|.{0,40}",
        gaps in prop::collection::vec((0u32..100_000, 1e-6f32..1e6f32), 0..40),
    ) {
        if let Some(decoded) = vector::decode(&text) {
            prop_assert!(decoded.windows(2).all(|w| w[0].0 < w[1].0));
            prop_assert!(decoded.iter().all(|&(_, w)| w.is_finite() && w > 0.0));
        }
        let mut position = 0u32;
        let original: Vec<(u32, f32)> = gaps.iter().map(|&(gap, weight)| {
            position += gap;
            let entry = (position, weight);
            position += 1;
            entry
        }).collect();
        prop_assert_eq!(vector::decode(&vector::encode(&original)), Some(original));
    }
}
