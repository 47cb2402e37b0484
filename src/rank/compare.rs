//! Comparing a query with the archive: the similarity of every article it meets, in two passes (the second with
//! the terms its nearest articles lend it), and the score a candidate needs; and, for the builder of a large
//! archive, the same comparison pruned to the query's heaviest terms ([`Index::candidates`]).

use super::partial_sums::PartialSums;
use super::weights::merge_terms;
use super::{adaptive_threshold, Index, Query, Ranked, RankingConfig, TermVector, LENT_TERM_MIN_SHARE, REFERENCE_SIMILARITY};
use crate::sort;
use rustc_hash::FxHashMap;

thread_local! {
    /// The score accumulator of [`Index::related`], reused across queries on the same thread.
    static SCORE_SCRATCH: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
    /// A query's weights by term id, for scoring a few articles exactly in a pruned search.
    static QUERY_SCRATCH: std::cell::RefCell<Vec<f32>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The partial sums of a pruned pass by article.
    static PARTIAL_SCRATCH: std::cell::RefCell<PartialSums> = std::cell::RefCell::new(PartialSums::default());
    /// The articles a query met, reused across queries: a query meets most of a large archive, and a fresh list
    /// each time was memory the system had to hand over and clear, query after query.
    static TOUCHED_SCRATCH: std::cell::Cell<Vec<u32>> = const { std::cell::Cell::new(Vec::new()) };
}

/// How far the builder's pruned search ([`Index::candidates`]) goes.
#[derive(Debug, Clone, Copy)]
pub(super) struct SearchLimits {
    /// The postings one pass walks at most.
    pub(super) budget: usize,
    /// The distinct titles among the articles a pass scores exactly.
    pub(super) keep: usize,
}

/// The postings one pass of the builder's pruned search ([`Index::candidates`]) walks at most.
const SEARCH_BUDGET: usize = 8_000;
/// The articles a pruned pass scores exactly: the nearest of what the walked postings met, with this
/// many distinct titles.
const SEARCH_KEEP: usize = 64;

/// What a query's nearest articles lend it: their terms, weighted, and the length of the query plus them.
#[derive(Debug, Clone)]
pub(super) struct Expansion {
    lent: Vec<(u32, f32)>,
    norm: f32,
    /// The articles that lent them, with their similarity to the query.
    lenders: Vec<(u32, f32)>,
    /// Each lender compared with the query expanded by the other lenders only: an article is not compared with its
    /// own terms lent back to it, which would lift a weak match of two filler words to the top of the list.
    lenders_own: Vec<LeaveOneOut>,
}

/// A lender's comparison with the query expanded by the other lenders: their terms (none when it lent alone), the
/// length of the query plus them, and the similarity that gives.
#[derive(Debug, Clone)]
struct LeaveOneOut {
    doc: u32,
    lent: Vec<(u32, f32)>,
    norm: f32,
    similarity: f32,
}

impl Expansion {
    /// The lenders, by position, with their similarity to the query.
    fn into_lenders(self) -> Vec<(usize, f32)> {
        self.lenders.into_iter().map(|(doc, similarity)| (doc as usize, similarity)).collect()
    }

    /// Whether the lent terms may list an article that shares none of the query's own terms: only when the
    /// nearest lender is a strong match ([`REFERENCE_SIMILARITY`] or more), so a story's article written in other
    /// words is still found through a close one, while a weak neighbour's terms list nothing on their own. A
    /// new-user trial found a school's opening listing a metro timetable at 0.38, every shared term lent by a metro
    /// story whose one word in common with the school was "opens" (similarity 0.08).
    pub(super) fn lists_by_lent_terms(&self) -> bool {
        self.lenders.first().is_some_and(|(_, similarity)| *similarity >= REFERENCE_SIMILARITY)
    }

    /// The expanded query's unit vector, as every article but the lenders is compared with it.
    pub(super) fn applied_to(&self, vector: &TermVector) -> TermVector {
        expanded(vector, &self.lent, self.norm)
    }
}

/// `vector` plus `lent`, divided by `norm` (the length of the sum).
fn expanded(vector: &TermVector, lent: &[(u32, f32)], norm: f32) -> TermVector {
    let mut merged = merge_terms(vector.0.iter().chain(lent).copied().collect());
    for (_, weight) in &mut merged {
        *weight /= norm;
    }
    TermVector(merged)
}

impl Index {
    /// The lender whose comparison `candidate` takes: the lender itself, or one whose terms are the candidate's (a
    /// copy of it, which its terms would lift as much).
    fn own_comparison<'e>(&self, expansion: &'e Expansion, candidate: usize) -> Option<&'e LeaveOneOut> {
        let vector = &self.docs.get(candidate)?.vector;
        expansion.lenders_own.iter().find(|own| own.doc as usize == candidate || self.docs[own.doc as usize].vector == *vector)
    }

    /// The unit vector of the query as `candidate` is compared with it: expanded by every lender's terms, or for a
    /// lender (or a copy of one) by the other lenders' only.
    pub(super) fn expanded_for(&self, expansion: &Expansion, vector: &TermVector, candidate: usize) -> TermVector {
        match self.own_comparison(expansion, candidate) {
            Some(own) => expanded(vector, &own.lent, own.norm),
            None => expansion.applied_to(vector),
        }
    }

    /// `similarities` (to the query expanded by every lender) with each lender's, and each copy's of a lender, own
    /// in its place.
    fn with_lenders_own(&self, expansion: &Expansion, mut similarities: Vec<(u32, f32)>) -> Vec<(u32, f32)> {
        for (doc, similarity) in &mut similarities {
            if let Some(own) = self.own_comparison(expansion, *doc as usize) {
                *similarity = own.similarity;
            }
        }
        similarities.retain(|(_, similarity)| *similarity > 0.0);
        similarities
    }
}

/// The dot product of two term vectors sorted by term.
pub(super) fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut sum) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                sum += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

impl Index {
    /// What [`Index::related`] ranks by: the query's similarity to every article it meets (zero left out, in the
    /// order first met), expanded by its nearest articles' terms when it has any, with the expansion.
    ///
    /// A dense accumulator with a list of the articles touched: much faster than a map when a query meets thousands
    /// of articles, as a CLI run over a whole archive does. It is kept per thread and zeroed again where it was
    /// touched, so a run over a whole archive does not allocate it for every query. The expanded query is
    /// (query + lent) / norm: the lent terms are added to the first pass's sums in place, and the query's own
    /// terms are not walked twice.
    pub(super) fn compared(&self, query: &Query, config: &RankingConfig) -> (Option<Expansion>, Vec<(u32, f32)>) {
        SCORE_SCRATCH.with(|scratch| {
            let mut accumulator = scratch.borrow_mut();
            if accumulator.len() != self.docs.len() {
                // Every slot is zero between queries (each touched one is taken back below), so only a change of
                // index needs a fresh buffer.
                accumulator.clear();
                accumulator.resize(self.docs.len(), 0.0);
            }
            let mut touched: Vec<u32> = TOUCHED_SCRATCH.take();
            touched.clear();
            let add = |terms: &[(u32, f32)], accumulator: &mut Vec<f32>, touched: &mut Vec<u32>| {
                for &(term, q_weight) in terms {
                    for &(doc, d_weight) in &self.postings[term as usize] {
                        let slot = &mut accumulator[doc as usize];
                        if *slot == 0.0 {
                            touched.push(doc);
                        }
                        *slot += q_weight * d_weight;
                    }
                }
            };
            add(&query.vector.0, &mut accumulator, &mut touched);
            // The articles the query's own terms meet come first in `touched`; those only lent terms meet are
            // compared (their slots are taken back) but listed only as [`Expansion::lists_by_lent_terms`] says.
            let met_directly = touched.len();
            let expansion = self.expansion(query, touched.iter().map(|&doc| (doc, accumulator[doc as usize])), config);
            let scale = match &expansion {
                Some(expansion) => {
                    add(&expansion.lent, &mut accumulator, &mut touched);
                    1.0 / expansion.norm
                }
                None => 1.0,
            };
            let listed = if expansion.as_ref().is_some_and(Expansion::lists_by_lent_terms) { touched.len() } else { met_directly };
            let mut similarities = Vec::with_capacity(touched.len());
            for (place, &doc) in touched.iter().enumerate() {
                let similarity = std::mem::take(&mut accumulator[doc as usize]) * scale;
                if similarity > 0.0 && place < listed {
                    similarities.push((doc, similarity));
                }
            }
            TOUCHED_SCRATCH.set(touched);
            let similarities = match &expansion {
                Some(expansion) => self.with_lenders_own(expansion, similarities),
                None => similarities,
            };
            (expansion, similarities)
        })
    }

    /// Whether the article at `position` shares a term with the query's own vector.
    pub(super) fn shares_own_term(&self, query: &Query, position: usize) -> bool {
        self.docs.get(position).is_some_and(|doc| dot(&query.vector.0, &doc.vector.0) > 0.0)
    }

    /// How many postings an exhaustive pass over `terms` walks.
    pub(super) fn postings_walked(&self, terms: &[(u32, f32)]) -> usize {
        terms.iter().map(|(term, _)| self.postings.get(*term as usize).map_or(0, Vec::len)).sum()
    }

    /// The builder's search for one article's candidates: its lists under each of `lists`, and the articles that
    /// lend it terms under `lending` (the widget's defaults; a record must hold them too).
    ///
    /// In a large archive, comparing every article with every other one exhaustively costs the square of the
    /// archive's size; this search is pruned instead. Each pass walks the postings of the query's heaviest terms,
    /// [`SEARCH_BUDGET`] postings at most (a term whose list would overrun it is passed over, so the long lists of
    /// common terms go first), and scores exactly the nearest articles it met ([`SEARCH_KEEP`] titles). An article
    /// that shares none of those terms with the query, or too little of them to be among the kept ones, is missed:
    /// it would be far down the list (measured with `examples/pruned_recall.rs`). One first pass serves every list.
    /// A query whose postings fit the budget is compared exhaustively, as the widget compares it.
    /// The lenders come with their similarity to the query.
    pub fn candidates(&self, query: &Query, lists: &[RankingConfig], lending: &RankingConfig) -> (Vec<Vec<Ranked>>, Vec<(usize, f32)>) {
        self.candidates_within(query, lists, lending, SearchLimits { budget: SEARCH_BUDGET, keep: SEARCH_KEEP })
    }

    /// [`Index::candidates`] within the given limits.
    pub(super) fn candidates_within(
        &self,
        query: &Query,
        lists: &[RankingConfig],
        lending: &RankingConfig,
        limits: SearchLimits,
    ) -> (Vec<Vec<Ranked>>, Vec<(usize, f32)>) {
        if self.postings_walked(&query.vector.0) <= limits.budget {
            let ranked = lists.iter().map(|config| self.related(query, config)).collect();
            return (ranked, self.lending_articles(query, lending));
        }
        let first = self.pruned_pass(&query.vector.0, &[], limits);
        let lenders = self.expansion(query, first.iter().copied(), lending);
        let lenders = lenders.map(Expansion::into_lenders).unwrap_or_default();
        let met_first: Vec<u32> = first.iter().map(|(doc, _)| *doc).collect();
        let ranked = lists
            .iter()
            .map(|config| {
                let scores = match self.expansion(query, first.iter().copied(), config) {
                    Some(expansion) => {
                        let mut met = self.pruned_pass(&expansion.applied_to(&query.vector).0, &met_first, limits);
                        if !expansion.lists_by_lent_terms() {
                            met.retain(|&(doc, _)| self.shares_own_term(query, doc as usize));
                        }
                        self.with_lenders_own(&expansion, met)
                    }
                    None => first.clone(),
                };
                self.ranked(query, config, scores)
            })
            .collect();
        (ranked, lenders)
    }

    /// One pass of a pruned search: partial sums over the heaviest terms' postings within the budget, then the
    /// exact similarity of the best of them (and of `also`), zero left out.
    fn pruned_pass(&self, terms: &[(u32, f32)], also: &[u32], limits: SearchLimits) -> Vec<(u32, f32)> {
        let mut heaviest_first: Vec<(u32, f32)> = terms.to_vec();
        sort::sort_by(&mut heaviest_first, |a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // The sums go in a small table rather than an array over the archive: a pass meets at most `budget`
        // articles, and the array's cache misses were most of the search's time in a large archive.
        let mut kept: Vec<(u32, f32)> = PARTIAL_SCRATCH.with(|scratch| {
            let mut sums = scratch.borrow_mut();
            let mut budget = limits.budget;
            for (term, q_weight) in heaviest_first {
                let list = &self.postings[term as usize];
                if list.len() > budget {
                    continue;
                }
                budget -= list.len();
                for &(doc, d_weight) in list {
                    sums.add(doc, q_weight * d_weight);
                }
            }
            sums.drain()
        });
        // The nearest of what the postings met, counted in distinct titles: a list shows one article of a title,
        // so an archive that repeats articles (syndicated copies, one story under several URLs) needs more of
        // them to fill a list. The cut is the `keep`-th best title's best partial sum.
        if let Some(cut) = title_cut(&kept, limits.keep, |doc| self.title_groups[doc as usize]) {
            kept.retain(|(_, partial)| *partial >= cut);
        }
        let mut docs: Vec<u32> = kept.into_iter().map(|(doc, _)| doc).chain(also.iter().copied()).collect();
        sort::sort_dedup(&mut docs);
        QUERY_SCRATCH.with(|scratch| {
            let mut weights = scratch.borrow_mut();
            if weights.len() != self.idf.len() {
                weights.clear();
                weights.resize(self.idf.len(), 0.0);
            }
            for &(term, weight) in terms {
                weights[term as usize] = weight;
            }
            // Copies (syndicated articles, one story under several URLs) have one vector, scored once.
            let mut by_vector: FxHashMap<u32, f32> = FxHashMap::default();
            let similarities = docs
                .into_iter()
                .map(|doc| {
                    let doc_data = &self.docs[doc as usize];
                    let similarity = *by_vector
                        .entry(doc_data.vector_group)
                        .or_insert_with(|| doc_data.vector.0.iter().map(|&(term, w)| weights[term as usize] * w).sum::<f32>());
                    (doc, similarity)
                })
                .filter(|(_, similarity)| *similarity > 0.0)
                .collect();
            for &(term, _) in terms {
                weights[term as usize] = 0.0;
            }
            similarities
        })
    }

    /// What the query's nearest articles lend it, or `None` when it has no neighbour to learn from.
    ///
    /// The neighbours are the `expansion_neighbours` articles most similar to the query that its list could show
    /// (not itself, not in another language or an excluded topic, not below the minimum score); each lends its vector
    /// in proportion to its similarity, `expansion_weight` in all.
    fn expansion(
        &self,
        query: &Query,
        similarities: impl Iterator<Item = (u32, f32)>,
        config: &RankingConfig,
    ) -> Option<Expansion> {
        let nearest = self.lenders(query, similarities, config);
        let (lent, norm) = self.lent_terms(query, &nearest, config)?;
        let lenders_own = nearest
            .iter()
            .map(|&(doc, similarity)| {
                let vector = &self.docs[doc as usize].vector;
                let others: Vec<(u32, f32)> = nearest.iter().copied().filter(|(other, _)| self.docs[*other as usize].vector != *vector).collect();
                match self.lent_terms(query, &others, config) {
                    Some((lent, norm)) => {
                        let similarity = (similarity + dot(&lent, &self.docs[doc as usize].vector.0)) / norm;
                        LeaveOneOut { doc, lent, norm, similarity }
                    }
                    None => LeaveOneOut { doc, lent: Vec::new(), norm: 1.0, similarity },
                }
            })
            .collect();
        Some(Expansion { lent, norm, lenders: nearest, lenders_own })
    }

    /// The terms `lenders` lend a query, each in proportion to its similarity, `expansion_weight` in all when they reach
    /// [`REFERENCE_SIMILARITY`] together (less, below it), with the length of the query plus them; `None` when they
    /// lend nothing.
    fn lent_terms(&self, query: &Query, lenders: &[(u32, f32)], config: &RankingConfig) -> Option<(Vec<(u32, f32)>, f32)> {
        let total: f32 = lenders.iter().map(|(_, similarity)| similarity).sum();
        if lenders.is_empty() || total <= 0.0 {
            return None;
        }
        let mut lent: Vec<(u32, f32)> = Vec::new();
        // Lenders lend the whole expansion weight only when together they are a strong match, and weaker ones by the
        // square of how near they come to one. A one-off article's one neighbour at 0.1 (sharing "city") had lent
        // its whole story: an animal shelter's list was five budget articles at 0.17 to 0.29. In that trial's
        // site, wrong links at 0.3 or more went from 13 to 9 (in proportion, not squared: 12); the labelled sets
        // moved by -0.004 to +0.007, their lenders being mostly strong.
        let nearness = (total / REFERENCE_SIMILARITY).min(1.0);
        let weight = config.expansion_weight * nearness * nearness;
        for &(doc, similarity) in lenders {
            let share = weight * similarity / total;
            lent.extend(self.docs[doc as usize].vector.0.iter().map(|&(term, weight)| (term, share * weight)));
        }
        let mut lent = merge_terms(lent);
        // A lent term weighing under a fifth of the strongest barely moves a score, but still walks its postings:
        // leaving such terms out took a sixth off the time of a query, for at most 0.004 of precision on any set.
        let strongest = lent.iter().map(|(_, weight)| *weight).fold(0.0, f32::max);
        lent.retain(|(_, weight)| *weight >= LENT_TERM_MIN_SHARE * strongest);
        let norm = merge_terms(query.vector.0.iter().chain(&lent).copied().collect())
            .iter()
            .map(|(_, w)| w * w)
            .sum::<f32>()
            .sqrt();
        (norm > 0.0).then_some((lent, norm))
    }

    /// The articles that lend a query their terms, with their similarity to it: the `expansion_neighbours` most
    /// similar that its list could show (not itself, not in another language or an excluded topic, not below the
    /// minimum score; a duplicate title may lend, though the list leaves it out).
    fn lenders(&self, query: &Query, similarities: impl Iterator<Item = (u32, f32)>, config: &RankingConfig) -> Vec<(u32, f32)> {
        let wanted = config.expansion_neighbours;
        if wanted == 0 || config.expansion_weight <= 0.0 {
            return Vec::new();
        }
        // The best few by a scan, not a sort: a query can meet every article of the archive.
        let mut nearest: Vec<(u32, f32)> = Vec::with_capacity(wanted + 1);
        // Ties go by id, not by place: a record holds its articles in another order than the archive, and which
        // of two equally near articles lends decides that one's score (it is compared without its own terms).
        let id = |doc: u32| self.manifest.articles[doc as usize].id.as_str();
        let before = |a: &(u32, f32), b: &(u32, f32)| a.1 > b.1 || (a.1 == b.1 && id(a.0) < id(b.0));
        let filter = self.filter_for(query);
        for candidate in similarities {
            let position = candidate.0 as usize;
            if nearest.len() == wanted && !before(&candidate, &nearest[wanted - 1]) {
                continue;
            }
            if !self.listable(position, &filter, config) {
                continue;
            }
            let at = nearest.iter().position(|kept| before(&candidate, kept)).unwrap_or(nearest.len());
            nearest.insert(at, candidate);
            nearest.truncate(wanted);
        }
        // A neighbour must be one the list would show (lending a weak match its own terms would only pull it up),
        // and reach the minimum score itself, not only the threshold lowered for a query with no close match: a
        // neighbour that shares a common word or two says nothing of what the query is about, and its story's terms
        // made a one-off article's whole list (a Christmas fair listed a theatre's restoration at 0.31, from a
        // neighbour at 0.05; without them, 0.03, from its own words). No labelled set moved by more than 0.001.
        nearest.retain(|(_, similarity)| *similarity >= config.min_score);
        nearest
    }

    /// The articles that lend `query` their terms in its second comparison: a record of the sharded index must
    /// hold them, or the query's expanded terms would differ from the whole archive's.
    fn lending_articles(&self, query: &Query, config: &RankingConfig) -> Vec<(usize, f32)> {
        let (expansion, _) = self.compared(query, config);
        expansion.map(Expansion::into_lenders).unwrap_or_default()
    }

    /// The query's similarity to every article it shares a term with (zero left out), before any expansion: the
    /// similarity by which articles lend each other terms, the same both ways.
    pub fn first_similarities(&self, query: &Query) -> Vec<(usize, f32)> {
        let plain = RankingConfig { expansion_neighbours: 0, ..RankingConfig::default() };
        self.compared(query, &plain).1.into_iter().map(|(doc, similarity)| (doc as usize, similarity)).collect()
    }

    /// The score a candidate needs for `query`: [`adaptive_threshold`] of its best match, itself left out.
    pub(super) fn threshold(&self, query: &Query, similarities: &[(u32, f32)], config: &RankingConfig) -> f32 {
        let own = query.article.and_then(|a| u32::try_from(a).ok());
        let best = similarities.iter().filter(|(doc, _)| Some(*doc) != own).map(|(_, s)| *s).fold(0.0, f32::max);
        adaptive_threshold(config.min_score, best)
    }

}

/// The partial sum the `keep`-th best title reaches (a title's best article counts; `title_of` gives an
/// article's title group), or `None` when `met` holds no more titles than that.
///
/// Walked from the best partial sum down, a title first shows up with its best article, so the `keep`-th title
/// to show up is the `keep`-th best. Only the best few sums are sorted and walked (a window twice `keep`, then
/// wider while it holds too few titles): looking up the title of every article a pass met, a few thousand
/// reads scattered over the archive, was a quarter of a large build's search.
fn title_cut(met: &[(u32, f32)], keep: usize, title_of: impl Fn(u32) -> u32) -> Option<f32> {
    if met.len() <= keep || keep == 0 {
        return None;
    }
    let best_first = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1);
    let mut order: Vec<(u32, f32)> = met.to_vec();
    let mut window = (keep * 2).min(order.len());
    let mut titles: Vec<u32> = Vec::with_capacity(keep + 1);
    loop {
        // The window's sums are the best ones; ties at its edge do not change where the `keep`-th title
        // shows up, since every sum above the edge is inside it.
        if window < order.len() {
            sort::partition_at(&mut order, window - 1, best_first);
        }
        sort::sort_by(&mut order[..window], best_first);
        titles.clear();
        let mut cut = None;
        for &(doc, partial) in &order[..window] {
            let title = title_of(doc);
            if titles.contains(&title) {
                continue;
            }
            titles.push(title);
            match titles.len().cmp(&keep) {
                std::cmp::Ordering::Less => {}
                std::cmp::Ordering::Equal => cut = Some(partial),
                // A title past the `keep`-th: there are more titles than are kept, so the cut applies.
                std::cmp::Ordering::Greater => return cut,
            }
        }
        if window == order.len() {
            return None;
        }
        window = (window * 4).min(order.len());
    }
}

#[cfg(test)]
mod tests {
    use super::title_cut;

    /// The cut as the definition gives it: each title's best sum, the `keep`-th best of those.
    fn cut_by_definition(met: &[(u32, f32)], keep: usize, title_of: impl Fn(u32) -> u32) -> Option<f32> {
        let mut best: Vec<(u32, f32)> = Vec::new();
        for &(doc, partial) in met {
            match best.iter_mut().find(|(title, _)| *title == title_of(doc)) {
                Some(entry) => entry.1 = entry.1.max(partial),
                None => best.push((title_of(doc), partial)),
            }
        }
        if met.len() <= keep || keep == 0 || best.len() <= keep {
            return None;
        }
        let mut sums: Vec<f32> = best.into_iter().map(|(_, partial)| partial).collect();
        sums.sort_by(|a, b| b.total_cmp(a));
        Some(sums[keep - 1])
    }

    #[test]
    fn the_cut_is_the_keep_th_best_title_s_best_sum() {
        // A small generator, so the cases are the same on every run: sums with ties, and titles shared by few or
        // by many articles (the window then has to widen).
        let mut state = 0x2545_f491_u32;
        let mut next = |limit: u32| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state % limit
        };
        for case in 0..2_000 {
            let count = 1 + next(400) as usize;
            let titles = 1 + next(if case % 3 == 0 { 8 } else { 500 });
            let met: Vec<(u32, f32)> = (0..count as u32).map(|doc| (doc, next(50) as f32 / 8.0)).collect();
            let groups: Vec<u32> = (0..count).map(|_| next(titles)).collect();
            for keep in [0, 1, 2, 5, 64] {
                let title_of = |doc: u32| groups[doc as usize];
                assert_eq!(
                    title_cut(&met, keep, title_of).map(f32::to_bits),
                    cut_by_definition(&met, keep, title_of).map(f32::to_bits),
                    "case {case}, keep {keep}"
                );
            }
        }
    }
}
