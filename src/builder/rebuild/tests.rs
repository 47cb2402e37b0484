//! The rebuild's tests: updates over a full build, ranked as the current archive, and when a build is written whole.
use super::*;
use crate::builder::write::write_folder;
use crate::folder::FolderIndex;
use crate::rank::RankingConfig;

/// An article on one of a few subjects, as the builder writes them (keywords, a date, a language).
fn article_json(i: usize, title_suffix: &str) -> String {
    let subjects = ["election parliament vote", "flood river rescue", "vaccine health ministry", "football cup final", "budget tax reform"];
    let words: Vec<&str> = subjects[i % subjects.len()].split(' ').collect();
    let name: String = [b'a' + (i % 26) as u8, b'a' + (i / 26 % 26) as u8, b'q'].iter().map(|&b| b as char).collect();
    format!(
        r#"{{"id":"a{i}","url":"/a/{i}","title":"{} {name} {title_suffix}","date":"2024-{:02}-{:02}","lang":"en","keywords":["{}",["{}",2.3],"{}","story {}","{name}"]}}"#,
        words[0],
        1 + i % 12,
        1 + i % 28,
        words[0],
        words[1],
        words[2],
        i % 9
    )
}

fn manifest(articles: &[String]) -> Manifest {
    let text = format!(r#"{{"version":1,"site":{{"lang":"en"}},"articles":[{}]}}"#, articles.join(","));
    let mut manifest = crate::manifest::parse_str(&text).expect("fixture").manifest;
    // In the order the builder writes them.
    manifest.articles.sort_by(Article::newest_first);
    manifest
}

/// Every article's list, as ids and scores: from the folder (each article in its record, the update merged) or
/// from an index of the whole archive. The longest list a widget shows: records must rank all of it as the whole
/// archive does.
fn lists_from_folder(dir: &Path, ids: &[String]) -> Vec<Vec<(String, f32)>> {
    lists_from_folder_with(dir, ids, &RankingConfig { limit: MAX_WIDGET_LIMIT, ..RankingConfig::default() })
}

fn lists_from_folder_with(dir: &Path, ids: &[String], config: &RankingConfig) -> Vec<Vec<(String, f32)>> {
    let folder = FolderIndex::open(dir).expect("readable").expect("an index");
    ids.iter()
        .map(|id| {
            let (index, position) = folder.record_for(id).expect("found");
            let query = index.query_for(position).expect("query");
            index.related(&query, config).into_iter().map(|r| (index.article(r.article).expect("article").id.clone(), r.score)).collect()
        })
        .collect()
}

fn lists_from_whole(whole: Manifest, ids: &[String]) -> Vec<Vec<(String, f32)>> {
    lists_from_whole_with(whole, ids, &RankingConfig { limit: MAX_WIDGET_LIMIT, ..RankingConfig::default() })
}

fn lists_from_whole_with(whole: Manifest, ids: &[String], config: &RankingConfig) -> Vec<Vec<(String, f32)>> {
    let index = Index::build(whole, FieldWeights::default(), &|u: &str| u.to_string());
    ids.iter()
        .map(|id| {
            let query = index.query_for(index.find(id).expect("in the archive")).expect("query");
            index.related(&query, config).into_iter().map(|r| (index.article(r.article).expect("article").id.clone(), r.score)).collect()
        })
        .collect()
}

fn build_into(dir: &Path, manifest: &Manifest) -> (Written, crate::builder::write::FolderWritten) {
    build_with(dir, manifest, &KeywordSettings::default())
}

fn build_with(dir: &Path, manifest: &Manifest, keywords: &KeywordSettings) -> (Written, crate::builder::write::FolderWritten) {
    let (files, state, written) = index_for_folder(dir, &mut manifest.clone(), &BTreeMap::new(), keywords, false).expect("index");
    let folder = write_folder(dir, b"{}", &files, state.as_deref()).expect("written");
    (written, folder)
}

fn index_files_in(dir: &Path) -> usize {
    ["r", "d"].iter().filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok()).map(|entries| entries.count()).sum::<usize>() + 1
}

#[test]
fn ten_changes_rewrite_a_few_files_and_rank_as_the_current_archive() {
    let dir = tempfile::tempdir().unwrap();
    let mut articles: Vec<String> = (0..600).map(|i| article_json(i, "")).collect();
    let first = manifest(&articles);
    let (written, _) = build_into(dir.path(), &first);
    assert!(matches!(written, Written::Full(_)), "{written:?}");
    let files_before = index_files_in(dir.path());
    let first_ids: Vec<String> = first.articles.iter().map(|a| a.id.clone()).collect();
    let before = lists_from_folder(dir.path(), &first_ids);
    for ((id, got), expected) in first_ids.iter().zip(&before).zip(&lists_from_whole(first.clone(), &first_ids)) {
        assert_eq!(got, expected, "before the update: article {id}");
    }
    assert!(files_before > 60, "{files_before} index files");

    // Nothing changed: nothing is written but the same entry.
    let (written, folder) = build_into(dir.path(), &first);
    assert_eq!(written, Written::Update { changed: 0, removed: 0, rerecorded: 0, kept: files_before as usize - 1 });
    assert_eq!(folder.index_written, 1, "the entry only");

    // A topic's label edited, no article changed: an update with the topics only, no record.
    let mut relabelled = first.clone();
    relabelled.topics = vec![crate::manifest::Topic { id: "floods".into(), labels: crate::sorted_map::SortedMap::from([("en".into(), "Floods".into())]), feed: None, count: Some(3) }];
    let (written, folder) = build_into(dir.path(), &relabelled);
    assert_eq!(written, Written::Update { changed: 0, removed: 0, rerecorded: 0, kept: files_before - 1 });
    assert_eq!(folder.index_written, 1, "the entry only");
    let folder_index = FolderIndex::open(dir.path()).unwrap().unwrap();
    let (record, _) = folder_index.record_for("a4").unwrap();
    assert_eq!(record.manifest().topics[0].labels["en"], "Floods", "a record is read with the topics now");
    build_into(dir.path(), &first);

    // Eight articles added, one changed, one removed.
    articles.extend((600..608).map(|i| article_json(i, "")));
    articles[5] = article_json(5, "changed");
    articles.remove(9);
    let second = manifest(&articles);
    let (written, folder) = build_into(dir.path(), &second);
    let Written::Update { changed: 9, removed: 1, rerecorded, kept } = written else { panic!("{written:?}") };
    assert_eq!(kept, files_before - 1);
    // This archive's articles tie with many others, so the changes move the lists of many unchanged ones: their
    // records only show the newest articles, which now rank for some of them.
    assert!(rerecorded > 0, "no list moved");
    let rewritten = folder.index_written;
    assert!(rewritten * 20 <= files_before, "{rewritten} of {files_before} index files written: more than 5%");

    // Every article, read from the folder as the widget reads it, gets the list the current archive gives it
    // when ranked with the same statistics: the same articles, in the same order, with the same scores.
    let state = read_state(dir.path()).expect("the first build's state");
    let plan = plan(&second, &BTreeMap::new(), &state, &frame(&second, &KeywordSettings::default()), dir.path()).expect("an update");
    let current = current_archive(&second, &state, &plan.changed).expect("the current archive");
    let ids: Vec<String> = second.articles.iter().map(|a| a.id.clone()).collect();
    let from_folder = lists_from_folder(dir.path(), &ids);
    let from_whole = lists_from_whole(current, &ids);
    for ((id, got), expected) in ids.iter().zip(&from_folder).zip(&from_whole) {
        assert_eq!(got, expected, "article {id}");
    }
    // The added articles are listed, and the removed one is not.
    let listed: BTreeSet<&str> = from_folder.iter().flatten().map(|(id, _)| id.as_str()).collect();
    assert!(listed.contains("a600") && listed.contains("a607"), "added articles are among the lists");
    assert!(!listed.contains("a9"), "a removed article is never listed");
    let changed_title = &second.articles.iter().find(|a| a.id == "a5").expect("a5").title;
    let folder_index = FolderIndex::open(dir.path()).unwrap().unwrap();
    let (record, position) = folder_index.record_for("a5").unwrap();
    assert_eq!(&record.article(position).unwrap().title, changed_title, "a changed article is read in its new form");
}

/// Readers merge the update into records whose title keys are hashes: the rebuild compares lists as they read them,
/// so a changed article whose title another article shares is still that article's duplicate, and a change that
/// moves no list re-records nothing.
#[test]
fn a_change_to_an_article_with_a_shared_title_moves_no_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut articles: Vec<String> = (0..300).map(|i| article_json(i, "")).collect();
    // Articles 7 and 12 (one subject) have one title: each is the other's duplicate.
    let title = |json: &str| json.split(r#""title":""#).nth(1).and_then(|rest| rest.split('"').next()).unwrap_or_default().to_string();
    let (seven, twelve) = (title(&articles[7]), title(&articles[12]));
    articles[12] = articles[12].replace(&twelve, &seven);
    let (written, _) = build_into(dir.path(), &manifest(&articles));
    assert!(matches!(written, Written::Full(_)), "{written:?}");
    // A picture added: the article changed, its terms and title did not. (A summary's words are terms too.)
    articles[7] = articles[7].replacen(r#""url":"#, r#""image":"/img/7.png","url":"#, 1);
    let second = manifest(&articles);
    let (written, _) = build_into(dir.path(), &second);
    // A changed article's terms count once more in the statistics until the next full build; among these articles'
    // many equal similarities that may give another article a lending place, and its list, compared without its own
    // terms, moves: the update re-records that one (no more: the shared title itself moves nothing).
    assert!(matches!(written, Written::Update { changed: 1, removed: 0, rerecorded: 0 | 1, .. }), "{written:?}");
    let ids: Vec<String> = second.articles.iter().map(|a| a.id.clone()).collect();
    let state = read_state(dir.path()).expect("the first build's state");
    let plan = plan(&second, &BTreeMap::new(), &state, &frame(&second, &KeywordSettings::default()), dir.path()).expect("an update");
    let current = current_archive(&second, &state, &plan.changed).expect("the current archive");
    for ((id, got), expected) in ids.iter().zip(&lists_from_folder(dir.path(), &ids)).zip(&lists_from_whole(current, &ids)) {
        assert_eq!(got, expected, "article {id}");
    }
}

#[test]
fn a_bilingual_site_is_updated_and_ranks_both_kinds_of_list_as_the_current_archive() {
    // Every third article in Russian: lists in the article's language, and lists in any language as far as
    // records keep candidates in other languages.
    let bilingual = |i: usize, suffix: &str| {
        let json = article_json(i, suffix);
        if i % 3 == 0 { json.replace(r#""lang":"en""#, r#""lang":"ru""#) } else { json }
    };
    let dir = tempfile::tempdir().unwrap();
    let mut articles: Vec<String> = (0..400).map(|i| bilingual(i, "")).collect();
    let (written, _) = build_into(dir.path(), &manifest(&articles));
    assert!(matches!(written, Written::Full(_)), "{written:?}");
    articles.extend((400..406).map(|i| bilingual(i, "")));
    articles[3] = bilingual(3, "changed");
    articles[4] = bilingual(4, "changed");
    let second = manifest(&articles);
    let (written, _) = build_into(dir.path(), &second);
    assert!(matches!(written, Written::Update { changed: 8, removed: 0, .. }), "{written:?}");
    let state = read_state(dir.path()).expect("the first build's state");
    let plan = plan(&second, &BTreeMap::new(), &state, &frame(&second, &KeywordSettings::default()), dir.path()).expect("an update");
    let current = current_archive(&second, &state, &plan.changed).expect("the current archive");
    let ids: Vec<String> = second.articles.iter().map(|a| a.id.clone()).collect();
    let own_language = RankingConfig { limit: MAX_WIDGET_LIMIT, ..RankingConfig::default() };
    let any_language = RankingConfig { limit: shards::OTHER_LANGUAGE_CANDIDATES, same_language: false, ..RankingConfig::default() };
    for config in [own_language, any_language] {
        let from_folder = lists_from_folder_with(dir.path(), &ids, &config);
        let from_whole = lists_from_whole_with(current.clone(), &ids, &config);
        for ((id, got), expected) in ids.iter().zip(&from_folder).zip(&from_whole) {
            assert_eq!(got, expected, "article {id}, same language only: {}", config.same_language);
        }
        assert!(from_folder.iter().any(|list| !list.is_empty()), "lists are not empty");
    }
}

#[test]
fn a_full_build_writes_its_records_as_it_makes_them_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let first = manifest(&(0..300).map(|i| article_json(i, "")).collect::<Vec<_>>());
    let (files, _, _) = index_for_folder(dir.path(), &mut first.clone(), &BTreeMap::new(), &KeywordSettings::default(), false).expect("index");
    assert!(files.records > 10, "{} records", files.records);
    assert!(files.files.iter().all(|(name, _)| !files.written_ahead.iter().any(|(ahead, _)| ahead == name)), "no record kept in memory too");
    // The records are in the folder before the entry that names them is written.
    assert!(!dir.path().join(ENTRY_FILE).exists());
    for (name, unchanged) in &files.written_ahead {
        assert!(dir.path().join(name).is_file(), "{name} written");
        assert!(!unchanged, "a new folder held nothing");
    }
    let folder = write_folder(dir.path(), b"{}", &files, None).expect("written");
    assert_eq!((folder.index_written, folder.index_unchanged), (index_files_in(dir.path()), 0));
    // A full build again (no state left by the first): every record is there already, and kept as it is.
    let (written, folder) = build_into(dir.path(), &first);
    assert!(matches!(written, Written::Full(_)), "{written:?}");
    assert_eq!((folder.index_written, folder.index_unchanged), (1, index_files_in(dir.path()) - 1), "the entry only");
}

#[test]
fn many_changes_or_new_settings_write_the_index_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut articles: Vec<String> = (0..200).map(|i| article_json(i, "")).collect();
    build_into(dir.path(), &manifest(&articles));
    articles.extend((200..200 + MAX_UPDATE + 1).map(|i| article_json(i, "")));
    let (written, _) = build_into(dir.path(), &manifest(&articles));
    assert!(matches!(&written, Written::Full(reason) if reason.contains("more than an update holds")), "{written:?}");
    let mut renamed = manifest(&articles);
    renamed.site.name = Some("Another name".into());
    let (written, _) = build_into(dir.path(), &renamed);
    assert!(matches!(&written, Written::Full(reason) if reason.contains("site's name")), "{written:?}");
    // Other keyword settings weigh the terms of every article differently.
    build_with(dir.path(), &renamed, &KeywordSettings::default());
    let (written, _) = build_with(dir.path(), &renamed, &KeywordSettings { keywords_per_article: 20, ..KeywordSettings::default() });
    assert!(matches!(&written, Written::Full(reason) if reason.contains("keyword settings")), "{written:?}");
    // A damaged state is said, and the index is written whole.
    std::fs::write(dir.path().join(STATE_FILE), "{").unwrap();
    let (written, _) = build_into(dir.path(), &renamed);
    assert!(matches!(&written, Written::Full(reason) if reason.contains("unreadable")), "{written:?}");
}
