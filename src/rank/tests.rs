//! Tests of the ranking: fixtures of a few articles each, one behaviour per test.

use super::adaptive_threshold;
use super::weights::entity_weight;
use super::build::IndexBuilder;
use super::*;
use crate::manifest::parse_str;

fn index(json: &str) -> Index {
    let loaded = parse_str(json).expect("fixture manifest");
    assert!(loaded.report.is_clean(), "{:?}", loaded.report);
    Index::build(loaded.manifest, FieldWeights::default(), &|u| format!("https://site.example{u}"))
}

fn ids(index: &Index, ranked: &[Ranked]) -> Vec<String> {
    ranked.iter().map(|r| index.article(r.article).map(|a| a.id.clone()).unwrap_or_default()).collect()
}

fn related_ids(index: &Index, id: &str, config: &RankingConfig) -> Vec<String> {
    let query = index.query_for(index.find(id).expect("known id")).expect("query");
    ids(index, &index.related(&query, config))
}

const SITE: &str = r#"{"version":1,"site":{"lang":"en"},"articles":[
    {"id":"kerry","url":"/kerry","title":"Kerry meets civil society activists in Basel","date":"2014-12-04",
     "keywords":["civil society","osce","human rights","basel"],"entities":{"people":["John Kerry"],"organizations":["OSCE"]}},
    {"id":"vilnius","url":"/vilnius","title":"Parallel OSCE conference in Vilnius","date":"2011-12-05",
     "keywords":["civil society","osce","human rights defenders","vilnius"],"entities":{"organizations":["OSCE"]}},
    {"id":"kazakh","url":"/kazakh","title":"US-Kazakhstan dialogue on human rights","date":"2024-05-20",
     "keywords":["human rights","kazakhstan","civil society"]},
    {"id":"football","url":"/football","title":"Cup final ends in a draw","date":"2014-12-05",
     "keywords":["football","cup final"]},
    {"id":"kerry-aliyev","url":"/kerry-aliyev","title":"State Department about meeting Kerry with Aliyev","date":"2014-12-20",
     "keywords":["azerbaijan","aliyev"],"entities":{"people":["John Kerry","Ilham Aliyev"]}},
    {"id":"ru","url":"/ru","title":"Гражданское общество и ОБСЕ","date":"2014-12-05","lang":"ru",
     "keywords":["гражданское общество","обсе","osce"]}
]}"#;

#[test]
fn names_weigh_less_in_long_articles() {
    let fields = FieldWeights::default();
    assert_eq!(entity_weight(&fields, 0), fields.entity);
    assert_eq!(entity_weight(&fields, 20), fields.entity);
    let long = entity_weight(&fields, 40);
    assert!((long - (1.0 + (fields.entity - 1.0) / 2.0)).abs() < 1e-6, "{long}");
    assert!(entity_weight(&fields, 60) < long && entity_weight(&fields, 60) > fields.keyword);
}

#[test]
fn ranks_by_shared_rare_terms() {
    let index = index(SITE);
    let related = related_ids(&index, "kerry", &RankingConfig::default());
    assert_eq!(related[0], "vilnius", "{related:?}");
    assert!(related.contains(&"kazakh".to_string()));
    assert!(related.contains(&"kerry-aliyev".to_string()));
    assert!(!related.contains(&"football".to_string()), "nothing shared, below the threshold");
    assert!(!related.contains(&"kerry".to_string()), "never related to itself");
}

#[test]
fn same_language_filter_and_its_switch() {
    let index = index(SITE);
    assert!(!related_ids(&index, "kerry", &RankingConfig::default()).contains(&"ru".to_string()));
    let mixed = RankingConfig { same_language: false, ..RankingConfig::default() };
    assert!(related_ids(&index, "kerry", &mixed).contains(&"ru".to_string()));
    assert!(related_ids(&index, "ru", &RankingConfig::default()).is_empty());
}

#[test]
fn threshold_and_limit() {
    let index = index(SITE);
    let strict = RankingConfig { min_score: 0.99, ..RankingConfig::default() };
    assert!(related_ids(&index, "kerry", &strict).is_empty());
    let one = RankingConfig { limit: 1, ..RankingConfig::default() };
    assert_eq!(related_ids(&index, "kerry", &one), ["vilnius"]);
    let query = index.query_for(0).expect("query");
    let scores: Vec<f32> = index.related(&query, &RankingConfig::default()).iter().map(|r| r.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(scores.iter().all(|s| *s >= DEFAULT_MIN_SCORE && *s <= 1.0 + RankingConfig::default().recency_weight + 1e-6));
}

#[test]
fn pins_come_first_even_without_overlap() {
    let json = SITE.replace(r#""id":"kerry","url":"/kerry","#, r#""id":"kerry","url":"/kerry","pinned":["football","missing"],"#);
    let index = index(&json);
    let related = related_ids(&index, "kerry", &RankingConfig::default());
    assert_eq!(related[0], "football");
    assert_eq!(related[1], "vilnius");
}

#[test]
fn excludes_topics_duplicate_urls_and_titles() {
    let json = r#"{"version":1,"articles":[
        {"id":"a","url":"/a","title":"Flood in Valencia","keywords":["flood","valencia"]},
        {"id":"a-copy","url":"/a/","title":"Another title","keywords":["flood","valencia"]},
        {"id":"b","url":"/b","title":"Valencia flood toll rises","keywords":["flood","valencia"],"topics":["disasters"]},
        {"id":"b2","url":"/b2","title":"Valencia  flood toll rises!","keywords":["flood","valencia"]},
        {"id":"c","url":"/c","title":"Flood warnings","keywords":["flood"]}
    ]}"#;
    let index = index(json);
    let all = related_ids(&index, "a", &RankingConfig::default());
    assert!(!all.contains(&"a-copy".to_string()), "same URL as the current article: {all:?}");
    let titles: Vec<_> = all.iter().filter(|id| id.starts_with('b')).collect();
    assert_eq!(titles.len(), 1, "one of two articles with the same title: {all:?}");
    let config = RankingConfig { exclude_topics: vec!["disasters".into()], ..RankingConfig::default() };
    assert!(!related_ids(&index, "a", &config).contains(&"b".to_string()));
}

#[test]
fn ties_are_broken_by_date_then_id() {
    let json = r#"{"version":1,"articles":[
        {"id":"q","url":"/q","title":"Q","keywords":["alpha"]},
        {"id":"z","url":"/z","title":"Z","keywords":["alpha"],"date":"2020-01-01"},
        {"id":"y","url":"/y","title":"Y","keywords":["alpha"],"date":"2020-01-01"},
        {"id":"x","url":"/x","title":"X","keywords":["alpha"],"date":"2019-01-01"},
        {"id":"o","url":"/o","title":"O","keywords":["omega"]}
    ]}"#;
    let index = index(json);
    let config = RankingConfig { recency_weight: 0.0, ..RankingConfig::default() };
    assert_eq!(related_ids(&index, "q", &config), ["y", "z", "x"]);
}

#[test]
fn recency_boost_prefers_closer_dates() {
    let json = r#"{"version":1,"articles":[
        {"id":"q","url":"/q","title":"Q","keywords":["alpha"],"date":"2020-06-01"},
        {"id":"far","url":"/far","title":"Far","keywords":["alpha"],"date":"2010-01-01"},
        {"id":"near","url":"/near","title":"Near","keywords":["alpha"],"date":"2020-05-30"},
        {"id":"o","url":"/o","title":"O","keywords":["omega"]}
    ]}"#;
    let index = index(json);
    assert_eq!(related_ids(&index, "q", &RankingConfig::default()), ["near", "far"]);
}

#[test]
fn finds_articles_by_id_or_url() {
    let index = index(SITE);
    assert_eq!(index.find("vilnius"), Some(1));
    assert_eq!(index.find("https://site.example/vilnius"), Some(1));
    assert_eq!(index.find("HTTPS://SITE.example/vilnius/#comments"), Some(1));
    assert_eq!(index.find("https://site.example/nowhere"), None);
}

#[test]
fn a_page_on_another_host_is_found_by_its_path_when_one_article_has_it() {
    let index = index(SITE);
    // A staging copy, `www.` and plain `http:`: the article the directories found by the path.
    assert_eq!(index.find("http://127.0.0.1:8000/vilnius"), Some(1));
    assert_eq!(index.find("https://www.site.example/vilnius/index.html"), Some(1));
    assert_eq!(index.find("http://staging.example/nowhere"), None);
    assert_eq!(index.find("/vilnius"), None, "a bare path is an id, not an address");
    // Two sites in one index with an article at the same path: neither is the page's.
    let two_sites = r#"{"version":1,"articles":[
        {"id":"a","url":"https://one.example/news/x","title":"A","keywords":["x"]},
        {"id":"b","url":"https://two.example/news/x","title":"B","keywords":["x"]},
        {"id":"c","url":"https://two.example/news/y","title":"C","keywords":["x"]}]}"#;
    let loaded = parse_str(two_sites).expect("fixture manifest");
    let index = Index::build(loaded.manifest, FieldWeights::default(), &|u| u.to_string());
    assert_eq!(index.find("https://two.example/news/x"), Some(1), "the address itself decides first");
    assert_eq!(index.find("https://staging.example/news/x"), None);
    assert_eq!(index.find("https://staging.example/news/y"), Some(2));
}

#[test]
fn a_page_outside_the_manifest_still_ranks() {
    let index = index(SITE);
    let vector = index.query_from_text(
        &[("Defenders gather in Vilnius", 2.0), ("Human rights defenders met the OSCE. Civil society spoke.", 1.0)],
        Some("en"),
    );
    let query = Query { vector, article: None, lang: Some("en".into()), days: None, url_key: None, title_key: None, pinned: vec![] };
    let related = ids(&index, &index.related(&query, &RankingConfig::default()));
    assert_eq!(related.first().map(String::as_str), Some("vilnius"), "{related:?}");
    assert!(!related.contains(&"football".to_string()));
}

#[test]
fn forms_map_page_words_to_keywords() {
    let json = r#"{"version":1,"forms":{"societies":"society"},"articles":[
        {"id":"a","url":"/a","title":"A","keywords":["society"]},
        {"id":"b","url":"/b","title":"B","keywords":["football"]}]}"#;
    let index = index(json);
    let vector = index.query_from_text(&[("Open societies", 1.0)], None);
    let query = Query { vector, article: None, lang: None, days: None, url_key: None, title_key: None, pinned: vec![] };
    assert_eq!(ids(&index, &index.related(&query, &RankingConfig::default())), ["a"]);
}

#[test]
fn more_news_is_newest_first_without_repeats() {
    let index = index(SITE);
    let query = index.query_for(index.find("kerry").expect("id")).expect("query");
    let related = index.related(&query, &RankingConfig::default());
    let taken: Vec<usize> = related.iter().map(|r| r.article).collect();
    let latest = index.latest(&query, &RankingConfig::default(), &taken, 5);
    let latest_ids: Vec<_> = latest.iter().map(|&i| index.article(i).map(|a| a.id.as_str()).unwrap_or("")).collect();
    assert_eq!(latest_ids, ["football"], "English only, not the current one, nothing already related");
}

#[test]
fn shared_terms_explain_a_score() {
    let index = index(SITE);
    let config = RankingConfig { recency_weight: 0.0, min_score: 0.0, ..RankingConfig::default() };
    let shared = index.shared_terms(0, 1, &config);
    let names: Vec<_> = shared.iter().map(|t| t.term.as_str()).collect();
    assert!(names.contains(&"osce") && names.contains(&"civil society"), "{names:?}");
    assert!(shared.iter().any(|t| t.term == "osce" && !t.borrowed), "the article's own term: {shared:?}");
    let total: f32 = shared.iter().map(|t| t.contribution).sum();
    let query = index.query_for(0).expect("query");
    let score = index.related(&query, &config).iter().find(|r| r.article == 1).map(|r| r.score);
    assert!((score.unwrap_or(0.0) - total).abs() < 1e-5);
    let pair = index.pair_score(0, 1, &config).expect("pair");
    assert!((pair.similarity - total).abs() < 1e-5, "explain's similarity is the one related ranks by");
}

#[test]
fn scores_do_not_depend_on_hash_order() {
    // Each index gets fresh hash seeds; the scores must be bit-identical anyway.
    let runs: Vec<Vec<u32>> = (0..4)
        .map(|_| {
            let index = index(SITE);
            let query = index.query_for(0).expect("query");
            index.related(&query, &RankingConfig::default()).iter().map(|r| r.score.to_bits()).collect()
        })
        .collect();
    assert!(runs.windows(2).all(|w| w[0] == w[1]), "{runs:?}");
}

#[test]
fn the_threshold_adapts_to_how_strong_the_best_match_is() {
    assert!((adaptive_threshold(0.08, 0.6) - 0.08).abs() < 1e-6, "a well-connected archive keeps min-score");
    assert!((adaptive_threshold(0.08, 0.12) - 0.032).abs() < 1e-6, "weak best matches lower it in proportion");
    assert_eq!(adaptive_threshold(0.0, 0.5), 0.0, "0 turns it off");
    assert!(adaptive_threshold(0.99, 0.99) > 0.98, "near-duplicates only, when asked for");
    assert!((adaptive_threshold(0.08, 0.001) - 0.02).abs() < 1e-6, "never below a quarter of min-score");
}

#[test]
fn the_nearest_articles_lend_their_terms() {
    // "a" shares nothing with "c", but its nearest article "b" does: "c" is on the same subject.
    let mut articles = vec![
        r#"{"id":"a","url":"/a","title":"A","keywords":["vaccine","measles"]}"#.to_string(),
        r#"{"id":"b","url":"/b","title":"B","keywords":["vaccine","measles","immunisation"]}"#.to_string(),
        r#"{"id":"c","url":"/c","title":"C","keywords":["immunisation","clinic"]}"#.to_string(),
    ];
    articles.extend((0..20).map(|i| format!(r#"{{"id":"n{i}","url":"/n{i}","title":"N{i}","keywords":["own{i}"]}}"#)));
    let feed = index(&format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(",")));
    let query = feed.query_for(0).expect("query");
    let plain = RankingConfig { expansion_neighbours: 0, ..RankingConfig::default() };
    assert_eq!(ids(&feed, &feed.related(&query, &plain)), ["b"]);
    assert_eq!(ids(&feed, &feed.related(&query, &RankingConfig::default())), ["b", "c"]);
    let shared = feed.shared_terms(0, 2, &RankingConfig::default());
    assert!(shared.iter().any(|t| t.term == "immunisation" && t.borrowed), "{shared:?}");
    let pair = feed.pair_score(0, 2, &RankingConfig::default()).expect("pair");
    assert!(pair.excluded.is_none() && pair.similarity > 0.0, "{pair:?}");
}

#[test]
fn a_weak_neighbour_s_terms_list_nothing_on_their_own() {
    // "school" shares one word with "metro-1" and none with "metro-2": metro-1 lends it the metro story's terms,
    // which must not list metro-2 (a close neighbour's would, as above).
    let articles = [
        r#"{"id":"metro-1","url":"/m1","title":"M1","keywords":["opens","metro","green line","station","trains"]}"#,
        r#"{"id":"metro-2","url":"/m2","title":"M2","keywords":["metro","green line","trains","minutes","carriages"]}"#,
        r#"{"id":"school","url":"/s","title":"S","keywords":["opens","school","president","pupils","laboratory","hills"]}"#,
        r#"{"id":"oil-1","url":"/o1","title":"O1","keywords":["oil slick","coast","port","ministry"]}"#,
        r#"{"id":"oil-2","url":"/o2","title":"O2","keywords":["oil slick","coast","pipeline","ministry"]}"#,
    ];
    let feed = index(&format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(",")));
    let query = feed.query_for(2).expect("query");
    let listed = ids(&feed, &feed.related(&query, &RankingConfig::default()));
    assert!(!listed.contains(&"metro-2".to_string()), "{listed:?}");
    let pair = feed.pair_score(2, 1, &RankingConfig::default()).expect("pair");
    assert!(pair.similarity > 0.0, "the lent terms are still compared: {pair:?}");
    assert!(pair.excluded.is_some_and(|why| why.contains("none of the current article's own terms")), "{pair:?}");
}

#[test]
fn a_name_in_a_quarter_of_a_small_feed_still_relates_its_stories() {
    // 55 items, 14 of them about one person: the name is common here, but it is what those stories share.
    let articles: Vec<String> = (0..55)
        .map(|i| {
            let own = format!("topic{i}");
            let keywords = if i < 14 { format!(r#"["donald trump","{own}"]"#) } else { format!(r#"["{own}","weather"]"#) };
            format!(r#"{{"id":"a{i}","url":"/a{i}","title":"Report on {own}","keywords":{keywords}}}"#)
        })
        .collect();
    let text = format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(","));
    let feed = index(&text);
    let query = feed.query_for(0).expect("query");
    let related = feed.related(&query, &RankingConfig::default());
    assert_eq!(related.len(), 5, "{related:?}");
    assert!(related.iter().all(|r| r.article < 14), "only the other stories about the same person: {related:?}");
    // A term on every article of an archive (a site's own name) weighs next to nothing.
    let everywhere: Vec<String> = (0..60)
        .map(|i| format!(r#"{{"id":"b{i}","url":"/b{i}","title":"Item own{i}","keywords":["site name","own{i}"]}}"#))
        .collect();
    let site = index(&format!(r#"{{"version":1,"articles":[{}]}}"#, everywhere.join(",")));
    let query = site.query_for(0).expect("query");
    assert!(site.related(&query, &RankingConfig::default()).is_empty());
}

/// An archive big enough for the builder's pruned search: articles on 40 subjects, each with 45 of its subject's
/// 60 words and 15 of 400 words every subject uses; two in three of one subject's articles have one title (a
/// series).
fn large_archive() -> Index {
    archive_with_copies(1)
}

/// [`large_archive`] with every article published `copies` times (same words and title, its own id, URL and date),
/// as an archive of syndicated copies is.
fn archive_with_copies(copies: usize) -> Index {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    let mut articles = Vec::new();
    for n in 0..1200 {
        let subject = n % 40;
        let mut keywords: Vec<String> = Vec::new();
        while keywords.len() < 60 {
            let word = if keywords.len() < 45 { format!("s{subject}w{}", next(60)) } else { format!("common{}", next(400)) };
            if !keywords.contains(&word) {
                keywords.push(word);
            }
        }
        // Titles of letters: numbers are not words, so "Article 1" and "Article 2" would be one title.
        let own_title = format!("Report {}{}{}", (b'a' + (n / 676) as u8) as char, (b'a' + (n / 26 % 26) as u8) as char, (b'a' + (n % 26) as u8) as char);
        let title = if subject == 7 && (n / 40) % 3 != 0 { "Weekly digest".to_string() } else { own_title };
        for copy in 0..copies {
            let id = if copy == 0 { format!("a{n}") } else { format!("a{n}c{copy}") };
            articles.push(serde_json::json!({
                "id": id, "url": format!("/{id}"), "title": title,
                "date": format!("{}-{:02}-{:02}", 2024 - copy, 1 + n % 12, 1 + n % 28), "keywords": keywords,
            }));
        }
    }
    index(&serde_json::json!({"version": 1, "site": {"lang": "en"}, "articles": articles}).to_string())
}

/// The pruned search's limits scaled to [`large_archive`] (whose queries walk about 1,700 postings).
const SMALL_LIMITS: compare::SearchLimits = compare::SearchLimits { budget: 600, keep: 48 };

#[test]
fn the_builders_pruned_search_finds_the_lists_an_exhaustive_one_does() {
    let index = large_archive();
    let mut pruned_queries = 0;
    let (mut identical, mut queries) = (0, 0);
    for limit in [5, 20] {
        let config = RankingConfig { limit, ..RankingConfig::default() };
        for position in (0..index.len()).step_by(7) {
            let query = index.query_for(position).expect("query");
            if index.postings_walked(&query.vector.0) > SMALL_LIMITS.budget {
                pruned_queries += 1;
            }
            let exhaustive = index.related(&query, &config);
            let (lists, lenders) = index.candidates_within(&query, std::slice::from_ref(&config), &config, SMALL_LIMITS);
            assert_eq!(lists.len(), 1);
            assert_eq!(lists[0].len(), exhaustive.len(), "a pruned list is as long as the exhaustive one");
            assert!(lenders.len() <= config.expansion_neighbours);
            identical += usize::from(lists[0].iter().map(|r| r.article).eq(exhaustive.iter().map(|r| r.article)));
            queries += 1;
        }
    }
    assert!(pruned_queries > queries / 2, "the archive is large enough to prune: {pruned_queries} of {queries}");
    assert!(identical * 100 >= queries * 95, "{identical} of {queries} lists identical");
}

#[test]
fn a_pruned_search_fills_a_list_when_titles_repeat() {
    let index = large_archive();
    let config = RankingConfig { limit: 20, ..RankingConfig::default() };
    // Article 7 is on the series' subject: most of its nearest are the series' issues, which a list shows once.
    let query = index.query_for(7).expect("query");
    assert!(index.postings_walked(&query.vector.0) > SMALL_LIMITS.budget);
    let exhaustive = index.related(&query, &config);
    let (lists, _) = index.candidates_within(&query, std::slice::from_ref(&config), &config, SMALL_LIMITS);
    assert!(exhaustive.len() >= 10, "{} listed", exhaustive.len());
    assert_eq!(lists[0].iter().map(|r| r.article).collect::<Vec<_>>(), exhaustive.iter().map(|r| r.article).collect::<Vec<_>>());
}

#[test]
fn a_pruned_search_scores_copies_once_and_still_finds_the_exhaustive_lists() {
    let index = archive_with_copies(3);
    // The three copies of an article share one vector, the first copy's.
    assert_eq!(index.docs[1].vector_group, 0);
    assert_eq!(index.docs[2].vector_group, 0);
    assert_eq!(index.docs[3].vector_group, 3);
    let config = RankingConfig { limit: 20, ..RankingConfig::default() };
    let (mut identical, mut queries) = (0, 0);
    for position in (0..index.len()).step_by(29) {
        let query = index.query_for(position).expect("query");
        assert!(index.postings_walked(&query.vector.0) > SMALL_LIMITS.budget, "the search is pruned");
        let exhaustive = index.related(&query, &config);
        let (lists, _) = index.candidates_within(&query, std::slice::from_ref(&config), &config, SMALL_LIMITS);
        assert_eq!(lists[0].len(), exhaustive.len());
        identical += usize::from(lists[0].iter().map(|r| r.article).eq(exhaustive.iter().map(|r| r.article)));
        queries += 1;
    }
    assert!(identical * 100 >= queries * 95, "{identical} of {queries} lists identical");
}

/// Every article's list, with its scores' bits: what two indexes of one manifest must agree on exactly.
fn every_list(index: &Index) -> Vec<Vec<(usize, u32)>> {
    let config = RankingConfig::default();
    (0..index.len())
        .map(|position| {
            let query = index.query_for(position).expect("query");
            index.related(&query, &config).iter().map(|r| (r.article, r.score.to_bits())).collect()
        })
        .collect()
}

#[test]
fn an_index_built_a_slice_at_a_time_is_the_one_built_at_once() {
    // A feed of 1,000 items (whose articles' terms come from their text) and a manifest with keywords.
    let feed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures/feed-1000.json")).expect("fixture feed");
    for text in [feed.as_str(), SITE] {
        let manifest = parse_str(text).expect("fixture").manifest;
        let resolve = |u: &str| format!("https://site.example{u}");
        let whole = Index::build(manifest.clone(), FieldWeights::default(), &resolve);
        let mut building = IndexBuilder::new(manifest, FieldWeights::default());
        let mut slices = 1;
        while !building.prepare_next(7, &resolve) {
            slices += 1;
        }
        assert_eq!(slices, whole.len().div_ceil(7), "7 articles a slice");
        let sliced = building.finish(&resolve);
        assert!(!whole.is_empty());
        // Terms are numbered as they come, then renumbered in their sorted order (what makes a record's sums run
        // in the whole archive's order): ids follow the terms' order, and each vector's ids rise.
        let vocabulary = whole.vocabulary();
        assert!(vocabulary.len() > 10 && vocabulary.windows(2).all(|pair| pair[0].0 < pair[1].0), "ids in the terms' sorted order");
        assert!(whole.docs.iter().all(|doc| doc.vector.0.windows(2).all(|pair| pair[0].0 < pair[1].0)), "each vector's ids rise");
        assert_eq!(every_list(&sliced), every_list(&whole), "the same lists, to the last bit of every score");
    }
    // Finishing early prepares whatever is left.
    let manifest = parse_str(SITE).expect("fixture").manifest;
    let mut building = IndexBuilder::new(manifest.clone(), FieldWeights::default());
    building.prepare_next(2, &|u| u.to_string());
    let early = building.finish(&|u| u.to_string());
    assert_eq!(every_list(&early), every_list(&Index::build(manifest, FieldWeights::default(), &|u| u.to_string())));
}

#[test]
fn a_feed_handed_over_as_a_record_ranks_as_the_feed_does() {
    // What the reader module does with a feed or a JSON manifest, and the panel with what it is handed.
    let feed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/e2e/fixtures/feed-1000.json")).expect("fixture feed");
    // A part of a larger archive: its statistics count articles it does not hold.
    let part = SITE.replacen(r#"{"version":1,"#, r#"{"version":1,"collection":{"articles":40,"df":{"osce":30,"civil society":3}},"#, 1);
    for text in [feed.as_str(), SITE, part.as_str()] {
        let manifest = parse_str(text).expect("fixture").manifest;
        let resolve = |u: &str| format!("https://site.example{u}");
        let whole = Index::build(manifest.clone(), FieldWeights::default(), &resolve);
        let mut building = IndexBuilder::new(manifest, FieldWeights::default());
        building.prepare_next(3, &|_| String::new());
        let record = building.finish_as_record();
        assert!(record.articles.iter().all(|a| a.keywords.is_empty() && a.title_key.is_some()), "vectors and title keys, no keywords");
        let loaded = crate::manifest::record::decode(&crate::manifest::record::encode(&record)).expect("a record");
        assert!(loaded.report.is_clean(), "{:?}", loaded.report);
        let handed = IndexBuilder::of_record(loaded.manifest).finish(&resolve);
        assert!(every_list(&whole).iter().any(|list| !list.is_empty()));
        assert_eq!(every_list(&handed), every_list(&whole), "the same lists, to the last bit of every score");
    }
}

/// A page the index does not hold, with the title of an article it does: the widget hashes the page's title key as
/// records carry theirs, so the duplicate-title filter still leaves that article out.
#[test]
fn a_page_with_an_indexed_articles_title_is_not_shown_that_article() {
    let manifest = parse_str(SITE).expect("fixture").manifest;
    let resolve = |u: &str| format!("https://site.example{u}");
    let whole = Index::build(manifest.clone(), FieldWeights::default(), &resolve);
    let mut building = IndexBuilder::new(manifest, FieldWeights::default());
    building.prepare_next(3, &|_| String::new());
    let record = crate::manifest::record::encode(&building.finish_as_record());
    let index = IndexBuilder::of_record(crate::manifest::record::decode(&record).expect("a record").manifest).finish(&resolve);
    let words_key = whole.title_key(0).expect("an article").to_string();
    assert!(!words_key.is_empty() && !words_key.starts_with('#'));
    let page = |title_key: Option<String>| Query {
        vector: index.query_for(0).expect("query").vector,
        article: None,
        lang: None,
        days: None,
        url_key: None,
        title_key,
        pinned: vec![],
    };
    let config = RankingConfig::default();
    let listed = |query: &Query| index.related(query, &config).iter().map(|r| r.article).collect::<Vec<_>>();
    assert!(listed(&page(None)).contains(&0), "without a title, the article with the same words is listed");
    assert!(!listed(&page(Some(crate::manifest::record::hashed_title_key(&words_key)))).contains(&0), "with its title, it is not");
}

#[test]
fn a_record_is_ranked_by_the_vectors_it_carries_and_nothing_else() {
    // Keywords but no vectors: an index of a record works nothing out of text, so nothing is related.
    let manifest = parse_str(SITE).expect("fixture").manifest;
    assert!(every_list(&Index::build(manifest.clone(), FieldWeights::default(), &|u| u.to_string())).iter().any(|l| !l.is_empty()));
    let index = IndexBuilder::of_record(manifest).finish(&|u| u.to_string());
    assert!(every_list(&index).iter().all(Vec::is_empty));
    assert_eq!(index.title_key(0), Some(""), "no title key: a title of its own");
}

#[test]
fn an_article_that_lends_a_query_terms_is_not_compared_with_them() {
    // The one article the query shares a word with lends it its terms: compared with them, it would score as if it
    // shared all of them. It is compared without its own: as without the second comparison, for it is the only
    // lender.
    let index = index(
        r#"{"version":1,"articles":[
        {"id":"flood","url":"/flood","title":"Flood on the Kura","keywords":["thousands","flood","kura river","sabirabad"]},
        {"id":"protest","url":"/protest","title":"Protest in Tbilisi","keywords":["thousands","protest","tbilisi","foreign agents"]},
        {"id":"cup","url":"/cup","title":"Cup final","keywords":["football","cup final"]}]}"#,
    );
    let query = index.query_for(index.find("flood").expect("id")).expect("query");
    let plain = RankingConfig { expansion_neighbours: 0, min_score: 0.0, ..RankingConfig::default() };
    let expanded = RankingConfig { min_score: 0.0, ..RankingConfig::default() };
    let protest = index.find("protest").expect("id");
    let score = |config: &RankingConfig| index.related(&query, config).iter().find(|r| r.article == protest).map(|r| r.score);
    let (alone, with_second) = (score(&plain).expect("listed"), score(&expanded).expect("listed"));
    assert!((alone - with_second).abs() < 1e-6, "{alone} vs {with_second}");
    // explain agrees with the list.
    let pair = index.pair_score(index.find("flood").unwrap(), index.find("protest").unwrap(), &expanded).expect("pair");
    assert!((pair.score - with_second).abs() < 1e-6, "{} vs {with_second}", pair.score);
}

#[test]
fn a_neighbour_under_the_minimum_score_lends_nothing() {
    // A one-off story shares a common word with one article of a three-article story: that neighbour is too far
    // to say what the one-off is about, so its story's terms must not lift the other two (a new-user trial saw a
    // Christmas fair list a theatre's restoration at 0.31, all of it from the terms of a neighbour at 0.05).
    let story = |i: usize| {
        // The one that shares a word with the fair says much else besides.
        let shared = if i == 0 { (0..12).map(|k| format!(r#","detail{k}""#)).collect::<String>() + r#","works""# } else { String::new() };
        format!(r#"{{"id":"opera-{i}","url":"/o{i}","title":"O{i}","keywords":["opera","restoration","facade","lviv","theatre","season{i}"{shared}]}}"#)
    };
    let mut articles: Vec<String> = (0..3).map(story).collect();
    articles.push(r#"{"id":"fair","url":"/f","title":"F","keywords":["fair","christmas","poltava","crafts","market","sellers","honey","pottery","embroidery","choir","mulled wine","works"]}"#.to_string());
    articles.extend((0..4).map(|i| format!(r#"{{"id":"other-{i}","url":"/x{i}","title":"X{i}","keywords":["topic{i}","words{i}","subject{i}"]}}"#)));
    let feed = index(&format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(",")));
    let query = feed.query_for(3).expect("query");
    let nearest = feed.first_similarities(&query).into_iter().filter(|(doc, _)| *doc != 3).map(|(_, s)| s).fold(0.0, f32::max);
    assert!(nearest > 0.0 && nearest < RankingConfig::default().min_score, "{nearest}");
    for candidate in 0..3 {
        let shared = feed.shared_terms(3, candidate, &RankingConfig::default());
        assert!(shared.iter().all(|t| !t.borrowed), "{shared:?}");
    }
}

#[test]
fn a_weak_neighbour_lends_in_proportion_to_its_similarity() {
    // An animal shelter's appeal shares a word with a city's budget story ("city"): the budget
    // article nearest to it reaches the minimum score, so it lends, but it is no strong match, so it lends little.
    // Lending its whole story made four budget articles the shelter's list at 0.17 to 0.29 (a new-user trial).
    let budget = |i: usize| {
        format!(r#"{{"id":"budget-{i}","url":"/b{i}","title":"B{i}","keywords":["budget","deficit","vote{i}","session{i}","speaker{i}","city"]}}"#)
    };
    let mut articles: Vec<String> = (0..4).map(budget).collect();
    articles.push(r#"{"id":"shelter","url":"/s","title":"S","keywords":["shelter","animals","volunteers","dogs","city"]}"#.to_string());
    articles.extend((0..12).map(|i| format!(r#"{{"id":"other-{i}","url":"/x{i}","title":"X{i}","keywords":["topic{i}","words{i}","subject{i}"]}}"#)));
    let feed = index(&format!(r#"{{"version":1,"articles":[{}]}}"#, articles.join(",")));
    let query = feed.query_for(4).expect("query");
    let config = RankingConfig::default();
    let first = feed.first_similarities(&query);
    let lender = first.iter().find(|(doc, _)| *doc == 0).map_or(0.0, |(_, s)| *s);
    assert!(lender >= config.min_score && lender < REFERENCE_SIMILARITY / 2.0, "the budget article is a weak neighbour: {lender}");
    // What each other budget article gains from the lent terms is what a strong lender's terms would give, scaled
    // by how far the neighbour is from a strong match.
    let plain = RankingConfig { expansion_neighbours: 0, ..config.clone() };
    let score = |config: &RankingConfig, doc: usize| feed.pair_score(4, doc, config).map_or(0.0, |pair| pair.similarity);
    for doc in 1..4 {
        let (alone, expanded) = (score(&plain, doc), score(&config, doc));
        assert!(expanded > alone, "the lent terms still count: {alone} -> {expanded}");
        assert!(expanded < 2.0 * alone, "budget-{doc}: {alone} -> {expanded}, lifted by a story the shelter is not about (lender {lender})");
    }
}
