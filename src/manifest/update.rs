//! The update an index entry may carry (version 3 of the sharded index): the articles added or changed since the
//! records were written, with their term weights, and the ids removed, so a rebuild after a few changes rewrites a
//! few files instead of every record (the site's CDN keeps the rest cached).
//!
//! Every page view reads the entry, so every reader has the update at hand: it is merged into whichever record the
//! page is ranked with. The records keep the statistics of the build that wrote them (the epoch); the update says
//! how many articles the archive has now and how many hold each term the changed articles bring. Merged, every
//! record ranks with the same statistics, so a record's lists are still the whole archive's as the update sees it.

use crate::sorted_map::SortedMap;

use serde::Serialize;

use super::model::{Article, Collection, CollectionDf, Manifest};

/// Articles added or changed since the records were written, and the ids removed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Update {
    /// Where the added and changed articles' own records are (their candidates in the current archive), by key
    /// as a directory names them: read before the directories.
    pub records: SortedMap<String, String>,
    /// Ids of articles no longer in the archive.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// The added and changed articles as a record: their term weights, the archive's statistics for their terms
    /// (which are the current ones where a record's differ), and the site's topics now. Written as a binary record
    /// ([`super::record`]) in base64, so a reader needs no JSON manifest reader for it.
    #[serde(serialize_with = "record_in_base64")]
    pub record: Manifest,
}

fn record_in_base64<S: serde::Serializer>(record: &Manifest, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&crate::base64::encode(&super::record::encode(record)))
}

/// Why an update cannot be merged into a record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpdateError {
    #[error("the {0} carries no term list (an index of another version?)")]
    NoTermList(&'static str),
}

impl Update {
    /// The record an update names for `key`, if the key is an added or changed article's.
    pub fn record_of(&self, key: &str) -> Option<&str> {
        self.records.get(key).map(String::as_str)
    }

    /// Merges the update into a record: removed and changed articles leave it, the added and changed ones join it,
    /// term positions are renumbered into the union of both term lists, and the statistics become the update's
    /// where it has them.
    pub fn apply(&self, record: &mut Manifest) -> Result<(), UpdateError> {
        let (Some(ours), Some(theirs)) = (&record.collection, &self.record.collection) else {
            return Err(UpdateError::NoTermList(if record.collection.is_none() { "record" } else { "update" }));
        };
        let (CollectionDf::InTermOrder { terms: record_terms, counts: record_counts }, CollectionDf::InTermOrder { terms: update_terms, counts: update_counts }) =
            (&ours.df, &theirs.df)
        else {
            return Err(UpdateError::NoTermList(if matches!(ours.df, CollectionDf::InTermOrder { .. }) { "update" } else { "record" }));
        };
        let merged = merge_terms(record_terms, record_counts, update_terms, update_counts);
        let archive = ours.articles.max(theirs.articles);
        // A sorted list rather than a set: the set's code would weigh more in the wasm than the rest of the merge.
        let mut replaced: Vec<&str> = self.removed.iter().map(String::as_str).chain(self.record.articles.iter().map(|a| a.id.as_str())).collect();
        crate::sort::sort_dedup(&mut replaced);
        record.articles.retain(|article| replaced.binary_search(&article.id.as_str()).is_err());
        for article in &mut record.articles {
            renumber(&mut article.vector, &merged.from_first);
        }
        for article in &self.record.articles {
            let mut article = article.clone();
            renumber(&mut article.vector, &merged.from_second);
            record.articles.push(article);
        }
        // In the archive's order, as the record's own articles are: a ranking breaks ties by place.
        crate::sort::sort_by(&mut record.articles, Article::newest_first);
        record.collection = Some(Collection { articles: archive, df: CollectionDf::InTermOrder { terms: merged.terms, counts: merged.counts } });
        // The topics readers can subscribe to, as they are now.
        record.topics = self.record.topics.clone();
        Ok(())
    }
}

/// Two sorted term lists merged into one, with where each list's positions went.
struct MergedTerms {
    terms: Vec<String>,
    counts: Vec<u32>,
    from_first: Vec<u32>,
    from_second: Vec<u32>,
}

/// Merges two sorted, repeat-free term lists; a term in both takes the second list's count.
fn merge_terms(first: &[String], first_counts: &[u32], second: &[String], second_counts: &[u32]) -> MergedTerms {
    let mut merged = MergedTerms {
        terms: Vec::with_capacity(first.len() + second.len()),
        counts: Vec::with_capacity(first.len() + second.len()),
        from_first: Vec::with_capacity(first.len()),
        from_second: Vec::with_capacity(second.len()),
    };
    let (mut i, mut j) = (0, 0);
    while i < first.len() || j < second.len() {
        let position = merged.terms.len() as u32;
        let take_first = j >= second.len() || (i < first.len() && first[i] <= second[j]);
        let take_second = i >= first.len() || (j < second.len() && second[j] <= first[i]);
        if take_second {
            merged.terms.push(second[j].clone());
            merged.counts.push(second_counts.get(j).copied().unwrap_or(1));
            merged.from_second.push(position);
            j += 1;
        } else {
            merged.terms.push(first[i].clone());
            merged.counts.push(first_counts.get(i).copied().unwrap_or(1));
        }
        if take_first {
            merged.from_first.push(position);
            i += 1;
        }
    }
    merged
}

/// Renumbers a vector's term positions; positions are kept in rising order, as the map is rising.
fn renumber(vector: &mut Vec<(u32, f32)>, map: &[u32]) {
    vector.retain_mut(|(position, _)| match map.get(*position as usize) {
        Some(&to) => {
            *position = to;
            true
        }
        None => false,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, vector: &[(u32, f32)]) -> Article {
        Article { id: id.into(), url: format!("/{id}"), title: id.into(), vector: vector.to_vec(), title_key: Some(id.into()), ..Article::default() }
    }

    fn record(articles: Vec<Article>, archive: u32, terms: &[&str], counts: &[u32]) -> Manifest {
        Manifest {
            version: 1,
            site: Default::default(),
            topics: Vec::new(),
            forms: SortedMap::new(),
            articles,
            collection: Some(Collection {
                articles: archive,
                df: CollectionDf::InTermOrder { terms: terms.iter().map(|t| t.to_string()).collect(), counts: counts.to_vec() },
            }),
        }
    }

    #[test]
    fn an_update_replaces_removes_and_adds_articles_in_one_term_list() {
        let mut base = record(
            vec![article("a", &[(0, 1.0), (2, 0.5)]), article("b", &[(1, 2.0)]), article("c", &[(0, 0.25), (1, 0.75)])],
            10,
            &["flood", "river", "vote"],
            &[4, 3, 2],
        );
        base.topics = vec![crate::manifest::Topic { id: "old".into(), labels: SortedMap::new(), feed: None, count: None }];
        let mut update = Update {
            records: SortedMap::from([("d".to_string(), "r/d.json".to_string())]),
            removed: vec!["c".into()],
            record: record(vec![article("b", &[(0, 3.0)]), article("d", &[(1, 1.5), (2, 0.5)])], 11, &["dam", "river", "storm"], &[1, 5, 2]),
        };
        update.record.topics = vec![crate::manifest::Topic { id: "storms".into(), labels: SortedMap::new(), feed: None, count: None }];
        update.apply(&mut base).unwrap();
        assert_eq!(base.topics, update.record.topics, "the site's topics as they are now");
        let ids: Vec<&str> = base.articles.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "d"], "c removed, b replaced by the update's, d added");
        let Some(Collection { articles, df: CollectionDf::InTermOrder { terms, counts } }) = &base.collection else { panic!("a term list") };
        assert_eq!(*articles, 11);
        assert_eq!(terms, &["dam", "flood", "river", "storm", "vote"]);
        assert_eq!(counts, &[1, 4, 5, 2, 2], "a term in both lists takes the update's count");
        assert_eq!(base.articles[0].vector, [(1, 1.0), (4, 0.5)], "flood and vote, renumbered");
        assert_eq!(base.articles[1].vector, [(0, 3.0)], "the update's b: dam");
        assert_eq!(base.articles[2].vector, [(2, 1.5), (3, 0.5)], "river and storm");
        assert_eq!(update.record_of("d"), Some("r/d.json"));
        assert_eq!(update.record_of("a"), None);
    }

    #[test]
    fn merging_twice_changes_nothing_more() {
        let mut base = record(vec![article("a", &[(0, 1.0)])], 3, &["x"], &[2]);
        let update = Update { records: SortedMap::new(), removed: Vec::new(), record: record(vec![article("b", &[(0, 1.0)])], 4, &["y"], &[1]) };
        update.apply(&mut base).unwrap();
        let once = base.clone();
        update.apply(&mut base).unwrap();
        assert_eq!(base, once, "a record that already holds the update (an added article's own record) stays as it is");
    }

    #[test]
    fn a_record_without_a_term_list_is_refused() {
        let mut base = record(vec![article("a", &[])], 3, &[], &[]);
        base.collection = None;
        let update = Update { records: SortedMap::new(), removed: Vec::new(), record: record(vec![], 4, &[], &[]) };
        assert_eq!(update.apply(&mut base), Err(UpdateError::NoTermList("record")));
    }
}
