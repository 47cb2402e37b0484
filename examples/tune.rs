//! Developer tool: grid search of the ranking's weights on a labelled corpus, in process.
//!
//! `cargo run --release --example tune -- MANIFEST CORPUS.jsonl` prints precision@5 (same `story_path[-1]` as
//! ground truth, stories of 6+ items) for each combination, best last. The shipped defaults live in `src/rank/mod.rs`;
//! this only helps choose them.

use std::collections::HashMap;

use related_news::manifest;
use related_news::rank::{FieldWeights, Index, RankingConfig};

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(manifest_path), Some(corpus_path)) = (args.get(1), args.get(2)) else {
        return Err("usage: tune MANIFEST CORPUS.jsonl".into());
    };
    let text = std::fs::read_to_string(manifest_path).map_err(|e| e.to_string())?;
    let loaded = manifest::parse_str(&text).map_err(|e| e.to_string())?;
    let corpus = std::fs::read_to_string(corpus_path).map_err(|e| e.to_string())?;
    let mut story_of: HashMap<String, String> = HashMap::new();
    for line in corpus.lines().filter(|l| !l.trim().is_empty()) {
        let item: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        if let (Some(id), Some(story)) = (item["id"].as_str(), item["story_path"].as_array().and_then(|p| p.last()).and_then(|s| s.as_str())) {
            story_of.insert(id.to_string(), story.to_string());
        }
    }
    let mut sizes: HashMap<&str, usize> = HashMap::new();
    for story in story_of.values() {
        *sizes.entry(story.as_str()).or_default() += 1;
    }
    let mut results = Vec::new();
    for title in [0.3f32, 0.6] {
        for entity in [1.0f32, 1.3] {
            for phrase_word in [0.2f32, 0.35, 0.5] {
                let fields = FieldWeights { title, entity, phrase_word, ..FieldWeights::default() };
                let index = Index::build(loaded.manifest.clone(), fields, &|u: &str| u.to_string());
                let eval: Vec<usize> = (0..index.len())
                    .filter(|&i| index.article(i).and_then(|a| story_of.get(&a.id)).is_some_and(|s| sizes[s.as_str()] >= 6))
                    .collect();
                for recency_weight in [0.15f32, 0.3, 0.5] {
                    for half_life in [7.0f32, 14.0, 30.0] {
                        for min_score in [0.05f32, 0.08] {
                            let config = RankingConfig { recency_weight, recency_half_life_days: half_life, min_score, ..RankingConfig::default() };
                            let mut hits = 0usize;
                            for &i in &eval {
                                let Some(query) = index.query_for(i) else { continue };
                                let story = index.article(i).and_then(|a| story_of.get(&a.id));
                                hits += index
                                    .related(&query, &config)
                                    .iter()
                                    .filter(|r| index.article(r.article).and_then(|a| story_of.get(&a.id)) == story)
                                    .count();
                            }
                            let p5 = hits as f64 / (5 * eval.len()) as f64;
                            results.push((p5, format!("title {title} entity {entity} phrase_word {phrase_word} recency {recency_weight} half-life {half_life} min_score {min_score}")));
                        }
                    }
                }
            }
        }
    }
    results.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (p5, label) in results.iter().rev().take(usize::MAX).rev() {
        println!("{p5:.4}  {label}");
    }
    Ok(())
}
