//! Stemming for keyword extraction: Snowball (every algorithm the project has, Lithuanian and Ukrainian included)
//! where it has the language, and light suffix stripping for Azerbaijani, which it lacks. Stems only group words
//! in the CLI; the manifest stores real words.

// Fx hashing: every word of every article is looked up here.
use rustc_hash::FxHashMap as HashMap;

use snowball_stemmers_rs::{Algorithm, Stemmer};

/// Stems words by language, creating each Snowball stemmer once.
pub struct Stemmers {
    snowball: HashMap<String, Option<Stemmer>>,
    /// Stems already computed, per language: a corpus repeats its words far more often than it has them.
    cache: HashMap<String, HashMap<String, String>>,
}

impl std::fmt::Debug for Stemmers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stemmers").field("languages", &self.snowball.keys().collect::<Vec<_>>()).finish()
    }
}

fn snowball_algorithm(language: &str) -> Option<Algorithm> {
    Some(match language {
        "en" => Algorithm::English,
        "ru" => Algorithm::Russian,
        "de" => Algorithm::German,
        "fr" => Algorithm::French,
        "es" => Algorithm::Spanish,
        "it" => Algorithm::Italian,
        "pt" => Algorithm::Portuguese,
        "nl" => Algorithm::Dutch,
        "sv" => Algorithm::Swedish,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "da" => Algorithm::Danish,
        "fi" => Algorithm::Finnish,
        "hu" => Algorithm::Hungarian,
        "ro" => Algorithm::Romanian,
        "tr" => Algorithm::Turkish,
        "el" => Algorithm::Greek,
        "ar" => Algorithm::Arabic,
        "ta" => Algorithm::Tamil,
        "lt" => Algorithm::Lithuanian,
        "uk" => Algorithm::Ukrainian,
        "cs" => Algorithm::Czech,
        "pl" => Algorithm::Polish,
        "sr" => Algorithm::Serbian,
        "hy" => Algorithm::Armenian,
        "et" => Algorithm::Estonian,
        "hi" => Algorithm::Hindi,
        "ne" => Algorithm::Nepali,
        "id" => Algorithm::Indonesian,
        "fa" => Algorithm::Persian,
        "ca" => Algorithm::Catalan,
        "eu" => Algorithm::Basque,
        "ga" => Algorithm::Irish,
        "eo" => Algorithm::Esperanto,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

/// Common Azerbaijani plural, possessive, case, predicative and derivational endings, in their vowel-harmony
/// variants; each is listed before the shorter endings it ends with, since the first that fits is taken.
const AZ_SUFFIXES: &[&str] = &[
    "larının", "lərinin", "larını", "lərini", "larına", "lərinə", "larında", "lərində", "larından", "lərindən",
    "lardan", "lərdən", "ların", "lərin", "ları", "ləri", "lara", "lərə", "larda", "lərdə", "lar", "lər",
    "sının", "sinin", "sunun", "sünün", "sına", "sinə", "suna", "sünə", "sında", "sində", "sunda", "sündə",
    "sından", "sindən", "sundan", "sündən", "ının", "inin", "unun", "ünün", "ına", "inə", "una", "ünə", "ında",
    "ində", "unda", "ündə", "ından", "indən", "undan", "ündən", "dır", "dir", "dur", "dür", "lıq", "lik", "luq",
    "lük", "sız", "siz", "suz", "süz", "nın", "nin", "nun", "nün", "dan", "dən", "sı", "si", "su", "sü", "nı",
    "ni", "nu", "nü", "ya", "yə", "da", "də", "ın", "in", "un", "ün", "ı", "i", "u", "ü", "a", "ə",
];

/// Strips the longest listed suffix that leaves at least `min_stem` characters.
fn strip_suffix<'a>(word: &'a str, suffixes: &[&str], min_stem: usize) -> &'a str {
    for suffix in suffixes {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.chars().count() >= min_stem {
                return stem;
            }
        }
    }
    word
}

impl Stemmers {
    pub fn new() -> Self {
        Stemmers { snowball: HashMap::default(), cache: HashMap::default() }
    }

    /// Like [`Stemmers::stem`], remembering the answer.
    pub fn stem_cached(&mut self, word: &str, language: &str) -> &str {
        let known = self.cache.get(language).is_some_and(|words| words.contains_key(word));
        if !known {
            let stem = self.stem(word, language);
            self.cache.entry(language.to_string()).or_default().insert(word.to_string(), stem);
        }
        self.cache.get(language).and_then(|words| words.get(word)).map_or("", String::as_str)
    }

    /// The stem of a normalised (lower-case) word in `language` (a primary subtag); the word itself when the
    /// language has no stemmer, and for short words, which stemmers tend to merge wrongly.
    pub fn stem(&mut self, word: &str, language: &str) -> String {
        if word.chars().count() <= 3 || !word.chars().any(char::is_alphabetic) {
            return word.to_string();
        }
        if language == "az" {
            return strip_suffix(word, AZ_SUFFIXES, 4).to_string();
        }
        let stemmer = self
            .snowball
            .entry(language.to_string())
            .or_insert_with(|| snowball_algorithm(language).map(Stemmer::create));
        match stemmer {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_string(),
        }
    }
}

impl Default for Stemmers {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_inflected_forms() {
        let mut s = Stemmers::new();
        assert_eq!(s.stem("societies", "en"), s.stem("society", "en"));
        assert_eq!(s.stem("rights", "en"), s.stem("right", "en"));
        assert_eq!(s.stem("правозащитники", "ru"), s.stem("правозащитников", "ru"));
        assert_eq!(s.stem("правах", "ru"), s.stem("права", "ru"));
        assert_eq!(s.stem("человека", "ru"), s.stem("человек", "ru"));
        assert_eq!(s.stem("hüquqları", "az"), s.stem("hüquq", "az"));
        assert_eq!(s.stem("jurnalistlər", "az"), s.stem("jurnalist", "az"));
        assert_eq!(s.stem("žmogaus", "lt"), s.stem("žmogus", "lt"));
        assert_eq!(s.stem("teisės", "lt"), s.stem("teisė", "lt"));
        assert_eq!(s.stem("vyriausybės", "lt"), s.stem("vyriausybei", "lt"), "Snowball's Lithuanian");
        assert_eq!(s.stem("правозахисників", "uk"), s.stem("правозахисники", "uk"), "Snowball's Ukrainian");
        assert_eq!(s.stem("seçkilərində", "az"), s.stem("seçkilər", "az"));
        assert_eq!(s.stem("prezidentinin", "az"), s.stem("prezident", "az"));
        assert_eq!(s.stem("osce", "xx"), "osce", "no stemmer: the word itself");
        assert_eq!(s.stem("us", "en"), "us", "short words are left alone");
        let direct = s.stem("societies", "en");
        assert_eq!(s.stem_cached("societies", "en"), direct);
        assert_eq!(s.stem_cached("societies", "en"), "societi", "cached");
    }
}
