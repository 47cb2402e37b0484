//! The binary layout written and read back: every field, slices, damage, memory bounds and content checks.

use super::decode::MAX_TERM_BYTES;
use super::encode::{shared_prefix, Writer};
use super::layout::{title_hash, title_key_text};
use super::*;
use crate::manifest::model::{Article, Collection, CollectionDf, Manifest};
use crate::manifest::parse_str;
use crate::sorted_map::SortedMap;

/// A record with every field the layout holds, some of them in other scripts.
fn full_record() -> Manifest {
    let text = r#"{"version":1,"site":{"name":"Site","url":"https://example.org/","lang":"az"},
        "forms":{"societies":"society","cəmiyyətlər":"cəmiyyət"},
        "topics":[{"id":"hr","labels":{"en":"Human rights","ru":"Права человека"},"feed":"/t/hr.xml","count":12},{"id":"x"}],
        "articles":[
          {"id":"a","url":"/a.html","title":"Ölkə və cəmiyyət","date":"2014-12-04","lang":"az","summary":"S",
           "image":{"url":"/a.jpg","width":640,"height":360,"alt":"A picture"},"topics":["hr"],
           "keywords":["civil society",["osce",2.5]],"entities":{"people":["John Kerry"],"places":["Basel"]},
           "pinned":["b"],"vector":"AAAAwD8BAACAPw","title_key":"ölkə cəmiyyət"},
          {"id":"b","url":"https://example.org/b","title":"B","image":"/b.png"}],
        "collection":{"articles":500,"terms":["civil","civil society","cəmiyyət","osce"],"df":[40,12,3,9]}}"#;
    let loaded = parse_str(text).expect("fixture");
    assert!(loaded.report.is_clean(), "{:?}", loaded.report);
    loaded.manifest
}

#[test]
fn a_record_read_a_slice_at_a_time_is_the_record_read_whole() {
    let mut record = full_record();
    // More articles than a slice, each its own.
    let first = record.articles[0].clone();
    record.articles.extend((0..7).map(|i| Article { id: format!("c{i}"), url: format!("/c{i}.html"), ..first.clone() }));
    let bytes = encode(&record);
    let whole = decode(&bytes).expect("a record");
    for slice in [1, 2, 3, 100] {
        let mut decoder = RecordDecoder::new(bytes.clone()).expect("its head");
        let mut calls = 1;
        while !decoder.next(slice).expect("its articles") {
            calls += 1;
        }
        assert_eq!(calls, whole.manifest.articles.len().div_ceil(slice).max(1), "slices of {slice}");
        let sliced = decoder.finish();
        assert_eq!(sliced.manifest, whole.manifest, "slices of {slice}");
        assert_eq!(sliced.report, whole.report);
    }
    // A flaw in the last article is found by the slice that reads it, with where it is; bytes after the last
    // article by the slice that ends it.
    let mut cut = bytes.clone();
    cut.truncate(bytes.len() - 3);
    let mut decoder = RecordDecoder::new(cut.as_slice()).expect("its head is whole");
    let mut outcomes = Vec::new();
    loop {
        match decoder.next(4) {
            Ok(false) => outcomes.push("more"),
            Ok(true) => break,
            Err(ManifestError::BadRecord { offset, why }) => {
                assert!(offset <= cut.len() && !why.is_empty());
                outcomes.push("error");
                break;
            }
            Err(other) => panic!("{other}"),
        }
    }
    assert_eq!(outcomes, ["more", "more", "error"], "9 articles in slices of 4: the third slice meets the cut");
    let mut longer = bytes.clone();
    longer.push(0);
    let mut decoder = RecordDecoder::new(longer).expect("its head");
    assert!(matches!(decoder.next(usize::MAX), Err(ManifestError::BadRecord { why: "bytes after the last article", .. })));
}

#[test]
fn a_record_reads_back_as_it_was_written() {
    let record = full_record();
    let bytes = encode(&record);
    assert!(is_binary(&bytes));
    let loaded = decode(&bytes).expect("a record");
    assert!(loaded.report.is_clean(), "{:?}", loaded.report);
    // Title keys come back as their hashes; everything else as it was.
    let mut expected = record.clone();
    expected.articles.iter_mut().for_each(|a| a.title_key = a.title_key.as_deref().map(hashed_title_key));
    assert_eq!(expected.articles[0].title_key.as_deref(), Some(title_key_text(title_hash("ölkə cəmiyyət")).as_str()));
    assert_eq!(loaded.manifest, expected);
    assert_eq!(decode(&encode(&loaded.manifest)).expect("a record").manifest, expected, "a hashed key is written as it is");
    // Statistics by term (version-1 records) and none at all.
    let mut old = expected.clone();
    old.collection = Some(Collection { articles: 9, df: CollectionDf::ByTerm(SortedMap::from([("x".to_string(), 2)])) });
    old.articles.iter_mut().for_each(|a| a.vector.clear());
    assert_eq!(decode(&encode(&old)).expect("a record").manifest, old);
    old.collection = None;
    assert_eq!(decode(&encode(&old)).expect("a record").manifest, old);
}

/// Layout 1 wrote a title key's words: read, they are hashed as layout 2 writes them, so a record of either
/// layout ranks alike.
#[test]
fn a_layout_1_records_title_keys_are_read_as_hashes() {
    let mut record = full_record();
    let last = record.articles.len() - 1;
    record.articles.iter_mut().for_each(|a| a.title_key = None);
    let mut bytes = encode(&record);
    assert_eq!(bytes.pop(), Some(0), "the last article's absent title key ends the record");
    bytes[3] = 1;
    bytes.extend_from_slice(&[1, 6]);
    bytes.extend_from_slice(b"flood ");
    let loaded = decode(&bytes).expect("a layout-1 record");
    assert_eq!(loaded.manifest.articles[last].title_key, Some(hashed_title_key("flood ")));
    assert!(!is_binary(b"RNR\x03"), "a layout this code does not know is no record it reads");
    assert_eq!(hashed_title_key(""), "", "an untitled article stays a title of its own");
}

#[test]
fn shared_prefixes_stay_on_character_boundaries() {
    assert_eq!(shared_prefix("cəmiyyət", "cəmiyyətlər"), "cəmiyyət".len());
    assert_eq!(shared_prefix("ə", "ö"), 0, "two letters that share their first byte share no character");
    assert_eq!(shared_prefix("", "a"), 0);
}

#[test]
fn damaged_bytes_are_refused_with_where() {
    let bytes = encode(&full_record());
    for cut in 0..bytes.len() {
        match decode(&bytes[..cut]) {
            Err(ManifestError::BadRecord { offset, .. }) => assert!(offset <= cut, "cut at {cut}: offset {offset}"),
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let error = decode(&longer).expect_err("a byte too many");
    assert_eq!(error, ManifestError::BadRecord { offset: bytes.len(), why: "bytes after the last article" });
    assert!(error.to_string().starts_with("the record is damaged: bytes after the last article (at byte "), "{error}");
    assert!(matches!(decode(b"{\"version\":1}"), Err(ManifestError::BadRecord { offset: 0, .. })));
    // A count that the bytes left could not hold is refused before anything is reserved for it.
    let mut huge = MAGIC.to_vec();
    huge.extend_from_slice(&[0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert_eq!(decode(&huge).map(|_| ()), Err(ManifestError::BadRecord { offset: 12, why: "a count larger than the bytes left could hold" }));
}

#[test]
fn crafted_records_cannot_ask_for_more_memory_than_their_size_allows() {
    // Terms that each repeat the whole of the one before: 1,000 of them from 4 KB would be a megabyte, and more
    // would grow without bound; a term past the longest the builder writes is refused at once.
    let mut long = MAGIC.to_vec();
    long.extend_from_slice(&[0, 0, 0, 0, 0, 1, 9]);
    let mut writer = Writer(Vec::new());
    writer.number(1000);
    writer.number(0);
    writer.str(&"x".repeat(MAX_TERM_BYTES));
    long.extend_from_slice(&writer.0);
    for _ in 1..1000 {
        long.extend_from_slice(&[0x80, 0x08, 1, b'y']);
    }
    match decode(&long) {
        Err(ManifestError::BadRecord { why, .. }) => assert_eq!(why, "a term longer than any the builder writes"),
        other => panic!("{other:?}"),
    }
    // A number whose tenth byte carries more than the 64th bit.
    let mut wide = MAGIC.to_vec();
    wide.extend_from_slice(&[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]);
    assert!(matches!(decode(&wide), Err(ManifestError::BadRecord { why: "a number longer than 64 bits", .. })));
    // A weights table out of order.
    let mut record = full_record();
    record.collection = None;
    let bytes = encode(&record);
    let table = bytes.windows(8).position(|w| w == [1.0f32.to_le_bytes(), 1.5f32.to_le_bytes()].concat()).expect("the table");
    let mut swapped = bytes.clone();
    swapped[table..table + 8].copy_from_slice(&[1.5f32.to_le_bytes(), 1.0f32.to_le_bytes()].concat());
    assert!(matches!(decode(&swapped), Err(ManifestError::BadRecord { why: "weights out of their order", .. })));
}

#[test]
fn content_is_checked_as_a_json_record_is() {
    let mut record = full_record();
    record.articles[1].url = "javascript:alert(1)".into();
    record.articles.push(Article { id: "a".into(), url: "/again".into(), title: "Again".into(), ..Article::default() });
    record.articles[0].date = Some("yesterday".into());
    record.topics.push(record.topics[0].clone());
    if let Some(Collection { df: CollectionDf::InTermOrder { counts, .. }, .. }) = &mut record.collection {
        counts[0] = 501;
    }
    let loaded = decode(&encode(&record)).expect("still a record");
    let ids: Vec<&str> = loaded.manifest.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a"]);
    let skipped: Vec<String> = loaded.report.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(skipped.len(), 3, "{skipped:?}");
    assert!(skipped[0].starts_with("topics[2] (id \"hr\"): duplicate topic id"), "{skipped:?}");
    assert!(skipped[1].starts_with("articles[1] (id \"b\"): url:"), "{skipped:?}");
    assert!(skipped[2].starts_with("articles[2] (id \"a\"): duplicate id"), "{skipped:?}");
    let warnings: Vec<&str> = loaded.report.warnings.iter().map(|p| p.place.as_str()).collect();
    assert_eq!(warnings, ["articles[0].date", "collection", "vector"]);
    // Without the statistics, the vectors that name their terms go too.
    assert!(loaded.manifest.collection.is_none() && loaded.manifest.articles[0].vector.is_empty());
}
