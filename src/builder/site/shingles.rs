//! Runs of words, as texts are compared for what one quotes of another: a teaser of its article, a copy of a page,
//! an earlier version of an article.

/// Words in a run this long that a linked article also has are that article's, quoted in a teaser.
pub(super) const SHINGLE_WORDS: usize = 4;

/// The words of a text, as teasers and articles are compared: letters and digits, lower case.
pub(super) fn comparison_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// A hash of each run of [`SHINGLE_WORDS`] words, in order: how quoted text and copies are found.
pub(super) fn run_hashes(words: &[String]) -> impl Iterator<Item = u64> + '_ {
    words.windows(SHINGLE_WORDS).map(|run| {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        run.hash(&mut hasher);
        hasher.finish()
    })
}
