//! Fixtures and assertions shared by the extractors' tests.

pub const NGO_EN: &str = include_str!("../../../tests/fixtures/pages/ngo-article-en.html");
pub const NEWS_RU: &str = include_str!("../../../tests/fixtures/pages/news-ru.html");
pub const NEWS_AZ: &str = include_str!("../../../tests/fixtures/pages/news-az.html");
pub const SPAM: &str = include_str!("../../../tests/fixtures/pages/spam-injected.html");
pub const BROKEN: &str = include_str!("../../../tests/fixtures/pages/broken.html");
pub const SEED_000: &str = include_str!("../../../tests/fixtures/pages/seed-000.txt");
pub const SEED_004: &str = include_str!("../../../tests/fixtures/pages/seed-004.txt");

pub fn assert_absent(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(!body.contains(needle), "{needle:?} should not be in the body:\n{body}");
    }
}

pub fn assert_present(body: &str, needles: &[&str]) {
    for needle in needles {
        assert!(body.contains(needle), "{needle:?} should be in the body:\n{body}");
    }
}

pub fn paragraphs(body: &str) -> Vec<&str> {
    body.split("\n\n").collect()
}
