//! Developer tool: how often the builder's pruned search for candidates (`Index::candidates`) gives an article the
//! list an exhaustive comparison with the whole archive gives it, and how often the candidates its record holds
//! (`builder::shards::article_candidates`) contain that list, so that ranked inside its record it gets it.
//!
//! `cargo run --release --example pruned_recall -- FEED_OR_FOLDER...` builds the archive in memory (as `build`
//! does, without the widget's size cut), ranks every article both ways, and prints, for lists of 5 and 20 articles,
//! the share of identical lists, the share of the exhaustive lists' articles the pruned lists hold, and the share
//! of exhaustive lists whose articles are all among the article's candidates.

#[cfg(target_arch = "wasm32")]
fn main() {} // The builder is native only.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), String> {
    use std::path::PathBuf;

    use related_news::builder::{self, BuildSettings};
    use related_news::rank::{FieldWeights, Index, RankingConfig};
    use related_news::url;

    let inputs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if inputs.is_empty() {
        return Err("usage: pruned_recall FEED_OR_FOLDER...".into());
    }
    let settings = BuildSettings::default();
    let output = builder::build(&inputs, &settings, &|_: &str| {}).map_err(|e| e.to_string())?;
    let manifest = output.manifest;
    let site_folder = manifest.site.url.as_deref().map(url::as_folder);
    let several_languages = manifest.articles.iter().filter_map(|a| a.lang.as_deref()).collect::<std::collections::BTreeSet<_>>().len() > 1;
    let index = Index::build(manifest, FieldWeights::default(), &|href: &str| url::resolve(site_folder.as_deref(), href));
    for limit in [5, 20] {
        let config = RankingConfig { limit, ..RankingConfig::default() };
        let (mut identical, mut held, mut wanted, mut covered) = (0usize, 0usize, 0usize, 0usize);
        let started = std::time::Instant::now();
        for position in 0..index.len() {
            let Some(query) = index.query_for(position) else { continue };
            let exhaustive: Vec<usize> = index.related(&query, &config).iter().map(|r| r.article).collect();
            let (lists, _) = index.candidates(&query, std::slice::from_ref(&config), &config);
            let pruned: Vec<usize> = lists.iter().flatten().map(|r| r.article).collect();
            identical += usize::from(exhaustive == pruned);
            held += exhaustive.iter().filter(|a| pruned.contains(a)).count();
            let candidates = builder::shards::article_candidates(&index, position, several_languages);
            covered += usize::from(exhaustive.iter().all(|a| candidates.contains(a)));
            wanted += exhaustive.len();
        }
        println!(
            "{} articles, lists of {limit}: {:.2}% identical, {:.3}% of the exhaustive lists' articles held, {:.2}% of the lists within the candidates ({:.1} s)",
            index.len(),
            100.0 * identical as f64 / index.len().max(1) as f64,
            100.0 * held as f64 / wanted.max(1) as f64,
            100.0 * covered as f64 / index.len().max(1) as f64,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
