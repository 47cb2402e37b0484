//! Earlier versions of an article published under another address: a "developing story" page and its final
//! version, a draft republished with a new headline. The reader of the final one should not be sent to the draft.

use std::collections::HashMap;

use rayon::prelude::*;

use super::shingles::{comparison_words, run_hashes};
use crate::builder::document::Document;

/// Texts are compared by one in this many of their 4-word runs (those whose hash it divides: the same runs in every
/// text), so that a million articles' runs fit in memory.
const SAMPLE: u64 = 4;
/// A text with fewer sampled runs than this (about 40 runs, two sentences) is too short to call a version of
/// another: news briefs on one subject share their stock phrases.
const MIN_RUNS: usize = 10;
/// An article is an earlier version of another, dated later (or at the same time and longer), when at least this share of its
/// 4-word runs are in that other's text: the final version keeps most of the draft's text (a trial's developing story
/// and its final page shared two thirds of the draft's runs) and adds to it. A follow-up that quotes a paragraph of
/// the earlier story is far below it.
const VERSION_CONTAINMENT: f64 = 0.6;
/// A run in more articles than this is a stock phrase of the site, not a sign of one text in two places.
const MAX_ARTICLES_PER_RUN: usize = 8;
/// Versions of one article are published within this many days of each other (a developing story and its final
/// version, the same day or the next); months apart, two articles that share most of a text are two articles that
/// reuse it (a campaign's standing paragraphs).
const MAX_DAYS_BETWEEN_VERSIONS: f64 = 7.0;

/// The articles among `documents` that an article dated later (or at the same time and longer), within a week,
/// holds most of the text of, each with the one kept, in order. Titles may differ ("ТЕРМІНОВО: ... (оновлюється)" and the
/// final headline): the text decides.
pub fn earlier_versions(documents: &[Document]) -> Vec<(usize, usize)> {
    // Undated, which of two came first cannot be told: an undated article is no version of another, nor has one.
    let days: Vec<Option<f64>> = documents.iter().map(|d| d.date.as_deref().and_then(|date| crate::date::parse_iso8601(date).ok()).map(|t| t.days())).collect();
    let runs: Vec<Vec<u64>> = documents
        .par_iter()
        .zip(days.par_iter())
        .map(|(document, day)| {
            if day.is_none() {
                return Vec::new();
            }
            let mut runs: Vec<u64> = run_hashes(&comparison_words(&document.body)).filter(|hash| hash % SAMPLE == 0).collect();
            runs.sort_unstable();
            runs.dedup();
            runs
        })
        .collect();
    let mut holders: HashMap<u64, Vec<usize>> = HashMap::new();
    for (position, own) in runs.iter().enumerate().filter(|(_, own)| own.len() >= MIN_RUNS) {
        for &run in own {
            holders.entry(run).or_default().push(position);
        }
    }
    // Newest first, then longest: each article is compared with those kept before it. (Only dated articles have
    // runs, so every day below is known.)
    let mut order: Vec<usize> = (0..documents.len()).filter(|&p| runs[p].len() >= MIN_RUNS).collect();
    let day = |p: usize| days[p].unwrap_or_default();
    order.sort_by(|&a, &b| day(b).total_cmp(&day(a)).then(runs[b].len().cmp(&runs[a].len())).then(a.cmp(&b)));
    let close = |a: usize, b: usize| (day(a) - day(b)).abs() <= MAX_DAYS_BETWEEN_VERSIONS;
    let mut kept = vec![false; documents.len()];
    let mut found = Vec::new();
    for position in order {
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for run in &runs[position] {
            let Some(others) = holders.get(run).filter(|others| others.len() <= MAX_ARTICLES_PER_RUN) else { continue };
            for &other in others.iter().filter(|&&other| kept[other] && close(position, other)) {
                *shared.entry(other).or_default() += 1;
            }
        }
        let needed = VERSION_CONTAINMENT * runs[position].len() as f64;
        let version_of = shared.into_iter().filter(|&(_, count)| count as f64 >= needed).max_by_key(|&(other, count)| (count, std::cmp::Reverse(other)));
        match version_of {
            Some((other, _)) => found.push((position, other)),
            None => kept[position] = true,
        }
    }
    found.sort_unstable();
    found
}
