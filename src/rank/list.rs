//! The lists a query gets: related articles in rank order with the filters applied, the latest for "More news",
//! and why one article scores what it does against another (what `explain` prints).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::compare::dot;
use super::{Doc, Index, PairScore, Query, Ranked, RankingConfig, SharedTerm};
use crate::sort;

/// URLs and titles already listed, so that one story reachable under two URLs or copied under one title is
/// listed once. Plain lists: a list holds at most [`super::MAX_LIMIT`] articles, and scanning a few strings is
/// quicker than hashing each one.
struct Seen<'a> {
    urls: Vec<&'a str>,
    titles: Vec<&'a str>,
}

impl<'a> Seen<'a> {
    fn for_query(query: &'a Query) -> Self {
        let mut seen = Seen { urls: Vec::new(), titles: Vec::new() };
        seen.urls.extend(query.url_key.as_deref());
        seen.titles.extend(query.title_key.as_deref().filter(|t| !t.is_empty()));
        seen
    }

    /// Records `doc` and tells whether it was new.
    fn admit(&mut self, doc: &'a Doc) -> bool {
        let title_seen = !doc.title_key.is_empty() && self.titles.contains(&doc.title_key.as_str());
        if title_seen || self.urls.contains(&doc.url_key.as_str()) {
            return false;
        }
        self.urls.push(&doc.url_key);
        if !doc.title_key.is_empty() {
            self.titles.push(&doc.title_key);
        }
        true
    }
}

impl Index {
    /// Related articles for `query`, best first: pinned ids first in their order, then by score, newer first on
    /// equal scores, then by id, so the order never depends on hashing.
    pub fn related(&self, query: &Query, config: &RankingConfig) -> Vec<Ranked> {
        let (_, scores) = self.compared(query, config);
        self.ranked(query, config, scores)
    }

    /// The list from a comparison's similarities: the threshold, the filters, the time boost and the order.
    pub(super) fn ranked(&self, query: &Query, config: &RankingConfig, mut scores: Vec<(u32, f32)>) -> Vec<Ranked> {
        let threshold = self.threshold(query, &scores, config);
        let pinned_positions: Vec<usize> = query.pinned.iter().filter_map(|id| self.position_of_id(id)).collect();
        // The time boost is at most 1 + recency_weight: anything below this cannot reach the threshold, and is
        // dropped before the (costly) boost is computed. Pinned articles are kept whatever their score.
        let largest_boost = 1.0 + config.recency_weight.max(0.0);
        let floor = threshold / largest_boost;
        let filter = self.filter_for(query);
        scores.retain(|(doc, similarity)| {
            pinned_positions.contains(&(*doc as usize)) || (*similarity >= floor && self.listable(*doc as usize, &filter, config))
        });
        // The list reads the head of the order (below), with room for the duplicates it skips: an article whose
        // similarity, even with the largest boost, is under the head's weakest similarity cannot be in the head,
        // and is left out before its boost is computed (with no threshold, a query meets most of an archive).
        // A list that reads past the head is ranked again without this cut, so the cut never changes a list.
        // Only natively, where a query meets thousands of articles: in the browser a record holds a few hundred,
        // and the selection's code would weigh more in the wasm than it saves.
        let head = config.limit * 4 + 8;
        if cfg!(not(target_arch = "wasm32")) && scores.len() > head {
            let mut similarities: Vec<f32> = scores.iter().map(|(_, similarity)| *similarity).collect();
            let (_, weakest_of_head, _) = similarities.select_nth_unstable_by(head - 1, |a, b| b.total_cmp(a));
            let cut = *weakest_of_head / largest_boost;
            let within: Vec<(u32, f32)> = scores
                .iter()
                .copied()
                .filter(|(doc, similarity)| *similarity >= cut || pinned_positions.contains(&(*doc as usize)))
                .collect();
            if let Some(list) = self.pick(query, config, threshold, within, Some(head)) {
                return list;
            }
        }
        self.pick(query, config, threshold, scores, None).unwrap_or_default()
    }

    /// The list from the candidates' similarities (eligible articles, and pinned ones): pinned first, then by
    /// score. With `head_only`, `None` when the list would read past that many candidates.
    fn pick(
        &self,
        query: &Query,
        config: &RankingConfig,
        threshold: f32,
        scores: Vec<(u32, f32)>,
        head_only: Option<usize>,
    ) -> Option<Vec<Ranked>> {
        let score_of = |position: usize| scores.iter().find(|(doc, _)| *doc as usize == position).map_or(0.0, |(_, s)| *s);
        let mut seen = Seen::for_query(query);
        let filter = self.filter_for(query);
        let mut out: Vec<Ranked> = Vec::with_capacity(config.limit);
        for pinned_id in &query.pinned {
            if out.len() >= config.limit {
                break;
            }
            if let Some(position) = self.position_of_id(pinned_id) {
                if self.listable(position, &filter, config) && !out.iter().any(|r| r.article == position) {
                    let score = score_of(position);
                    if seen.admit(&self.docs[position]) {
                        out.push(Ranked { article: position, score, pinned: true });
                    }
                }
            }
        }
        let mut candidates: Vec<Ranked> = scores
            .into_iter()
            .map(|(doc, similarity)| {
                let position = doc as usize;
                let score = similarity * self.time_boost(config, query.days, self.docs[position].days);
                Ranked { article: position, score, pinned: false }
            })
            .filter(|r| r.score >= threshold && self.listable(r.article, &filter, config))
            .collect();
        let order = |a: &Ranked, b: &Ranked| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| {
                    let (da, db) = (self.docs[a.article].days, self.docs[b.article].days);
                    db.unwrap_or(f64::MIN).total_cmp(&da.unwrap_or(f64::MIN))
                })
                .then_with(|| self.manifest.articles[a.article].id.cmp(&self.manifest.articles[b.article].id))
        };
        // Only the head of the order is read: the best few are picked out and sorted, with room for duplicates
        // the list skips; the rest is sorted only when the list needs more of it.
        let head = (config.limit * 4 + 8).min(candidates.len());
        if head < candidates.len() {
            sort::partition_at(&mut candidates, head, order);
        }
        let (best, rest) = candidates.split_at_mut(head);
        sort::sort_by(best, order);
        let mut sorted_rest = false;
        for index in 0..best.len() + rest.len() {
            if out.len() >= config.limit {
                break;
            }
            if head_only.is_some_and(|head| index >= head) {
                return None;
            }
            let candidate = if index < best.len() {
                best[index]
            } else {
                if !sorted_rest {
                    sort::sort_by(rest, order);
                    sorted_rest = true;
                }
                rest[index - best.len()]
            };
            if !out.iter().any(|r| r.article == candidate.article) && seen.admit(&self.docs[candidate.article]) {
                out.push(candidate);
            }
        }
        if head_only.is_some() && out.len() < config.limit {
            // The list ran out of candidates within the cut: the ones left out may still pass the threshold.
            return None;
        }
        Some(out)
    }

    /// The latest articles for "More news": newest first, same filters as [`Index::related`], skipping `taken`.
    pub fn latest(&self, query: &Query, config: &RankingConfig, taken: &[usize], count: usize) -> Vec<usize> {
        let mut seen = Seen::for_query(query);
        let filter = self.filter_for(query);
        for &position in taken {
            seen.admit(&self.docs[position]);
        }
        let mut out = Vec::with_capacity(count);
        for &position in &self.newest_first {
            if out.len() >= count {
                break;
            }
            let doc = &self.docs[position];
            if Some(position) == query.article
                || taken.contains(&position)
                || self.excluded_by_topic(position, config)
                || self.language_mismatch(position, &filter, config)
                || !seen.admit(doc)
            {
                continue;
            }
            out.push(position);
        }
        out
    }

    /// The listed article that `b` repeats (same URL or title), which the duplicate filters keep instead of `b`.
    pub fn listed_duplicate_of(&self, b: usize, listed: &[Ranked]) -> Option<usize> {
        let doc = self.docs.get(b)?;
        listed.iter().map(|r| r.article).filter(|&p| p != b).find(|&p| {
            let other = &self.docs[p];
            other.url_key == doc.url_key || (!doc.title_key.is_empty() && other.title_key == doc.title_key)
        })
    }

    /// How `b` scores as a candidate for `a` under `config`: similarity, time boost, and why it would be left
    /// out of `a`'s list regardless of rank (what `explain` prints).
    pub fn pair_score(&self, a: usize, b: usize, config: &RankingConfig) -> Option<PairScore> {
        let query = self.query_for(a)?;
        let doc = self.docs.get(b)?;
        let (expansion, similarities) = self.compared(&query, config);
        let by_lent_terms = expansion.as_ref().is_some_and(|e| e.lists_by_lent_terms());
        let compared = expansion.map_or_else(|| query.vector.clone(), |e| self.expanded_for(&e, &query.vector, b));
        // An empty sum is -0.0 in floating point; a similarity is never below zero.
        let sum = dot(&compared.0, &doc.vector.0);
        let similarity = if sum > 0.0 { sum } else { 0.0 };
        let pinned = query.pinned.iter().any(|p| self.position_of_id(p) == Some(b));
        let boost = self.time_boost(config, query.days, doc.days);
        let same = |key: &Option<String>, other: &str| key.as_deref().is_some_and(|k| !k.is_empty() && k == other);
        let excluded = if a == b {
            Some("it is the same article")
        } else if same(&query.url_key, &doc.url_key) {
            Some("it has the current article's URL (the duplicate-URL filter)")
        } else if same(&query.title_key, &doc.title_key) {
            Some("it has the current article's title (the duplicate-title filter)")
        } else if self.language_mismatch(b, &self.filter_for(&query), config) {
            Some("its language differs from the current article's (the same-language filter)")
        } else if self.excluded_by_topic(b, config) {
            Some("it has an excluded topic (the exclude-topics filter)")
        } else if similarity > 0.0 && !by_lent_terms && !self.shares_own_term(&query, b) && !pinned {
            Some("it shares none of the current article's own terms, only terms lent by its nearest articles, none of them a close match")
        } else if similarity * boost < self.threshold(&query, &similarities, config) && !pinned {
            Some("its score is below the minimum score (the threshold)")
        } else {
            None
        };
        let days_apart = match (query.days, doc.days) {
            (Some(x), Some(y)) => Some((x - y).abs()),
            _ => None,
        };
        Some(PairScore { similarity, boost, score: similarity * boost, days_apart, excluded })
    }

    /// The terms that make up `b`'s similarity to `a` (before the time boost) and what each added, largest first:
    /// what `explain` prints. The contributions add up to [`PairScore::similarity`].
    pub fn shared_terms(&self, a: usize, b: usize, config: &RankingConfig) -> Vec<SharedTerm> {
        let (Some(query), Some(db)) = (self.query_for(a), self.docs.get(b)) else { return Vec::new() };
        let (expansion, _) = self.compared(&query, config);
        let compared = expansion.map_or_else(|| query.vector.clone(), |e| self.expanded_for(&e, &query.vector, b));
        let names: HashMap<u32, &str> = self.term_ids.iter().map(|(t, &id)| (id, t.as_str())).collect();
        let own: HashSet<u32> = query.vector.0.iter().map(|(id, _)| *id).collect();
        let weights_b: HashMap<u32, f32> = db.vector.0.iter().copied().collect();
        let mut shared: Vec<SharedTerm> = compared
            .0
            .iter()
            .filter_map(|&(id, wa)| {
                weights_b.get(&id).map(|wb| SharedTerm {
                    term: names.get(&id).copied().unwrap_or("?").to_string(),
                    contribution: wa * wb,
                    borrowed: !own.contains(&id),
                })
            })
            .collect();
        sort::sort_by(&mut shared, |x, y| y.contribution.total_cmp(&x.contribution).then_with(|| x.term.cmp(&y.term)));
        shared
    }
}
