//! Topics from a site's most used tags, for a site that names none of its own (no topic rules, no categories): the
//! rule the builder and the JSON Feed reader (the widget's, `related`'s, `serve`'s) share, so a feed read as it is
//! offers its readers the topics a build of it would.

use std::cmp::Ordering;

/// How many of a site's most used tags become topics.
pub const DEFAULT_TOPICS_FROM_TAGS: usize = 8;
/// A tag on fewer articles than this is too rare to subscribe to.
pub const MIN_ARTICLES_PER_TAG_TOPIC: u64 = 3;

/// Whether a tag on `count` of a site's `articles` can be a topic: on a few articles at least, and not on nine in ten
/// or more (a site-wide keyword tells readers nothing).
pub fn is_eligible(count: u64, articles: usize) -> bool {
    let site_wide = (articles as u64 * 9).div_ceil(10).max(MIN_ARTICLES_PER_TAG_TOPIC + 1);
    (MIN_ARTICLES_PER_TAG_TOPIC..site_wide).contains(&count)
}

/// The order tags are chosen as topics in, as `(key, count)`: most used first, then by key.
pub fn by_use(a: (&str, u64), b: (&str, u64)) -> Ordering {
    b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_is_a_topic_on_a_few_articles_but_not_on_nearly_all() {
        assert!(!is_eligible(2, 50) && is_eligible(3, 50) && is_eligible(44, 50) && !is_eligible(45, 50));
        // A small site: three articles of four is not "nearly all".
        assert!(is_eligible(3, 4) && !is_eligible(4, 4));
        let mut tags = [("sport", 4), ("budget", 9), ("arts", 4)];
        tags.sort_by(|a, b| by_use(*a, *b));
        assert_eq!(tags, [("budget", 9), ("arts", 4), ("sport", 4)]);
    }
}
