//! Widget options: read from data attributes or the JS API, checked and clamped, with a warning for each fix.
//!
//! Every value arrives as a string (attributes are strings; the JS glue turns numbers, booleans and arrays into
//! strings), so one parser serves both ways of configuring the widget and is tested natively.

use crate::rank::{RankingConfig, DEFAULT_LIMIT};
use crate::subscribe::{self, PayloadFormat, SubscribeOptions};

/// The most related or latest links one panel shows.
pub const MAX_WIDGET_LIMIT: usize = 20;
pub const DEFAULT_TIMEOUT_MS: u32 = 8_000;
const TIMEOUT_RANGE_MS: (u32, u32) = (500, 60_000);

/// Colour scheme of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows the reader's `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// Everything a widget instance is configured with.
#[derive(Debug, Clone, PartialEq)]
pub struct WidgetOptions {
    /// URL of the manifest (required).
    pub manifest: String,
    /// Id or URL of the current article; `None` means the page's canonical link, else its location.
    pub article: Option<String>,
    /// Language of the labels and of the same-language filter for pages not in the manifest.
    pub lang: Option<String>,
    /// Replaces the localised "Related articles" heading.
    pub heading: Option<String>,
    /// Replaces the localised "More news" heading, for a language the panel has no labels in.
    pub more_heading: Option<String>,
    /// How many latest articles to add when fewer than `limit` related ones are found; `None` fills up to `limit`.
    pub more_news: Option<usize>,
    pub theme: Theme,
    /// Load at once instead of when the panel comes near the viewport.
    pub eager: bool,
    /// Show article pictures and summaries when the manifest has them.
    pub images: bool,
    pub summaries: bool,
    /// UTM parameters added to every link, in this order.
    pub utm: Vec<(&'static str, String)>,
    /// How long to wait for the manifest before giving up.
    pub timeout_ms: u32,
    /// Limit, threshold, language filter and excluded topics: the ranking's own settings.
    pub ranking: RankingConfig,
    /// The subscribe-to-topics panel.
    pub subscribe: SubscribeOptions,
}

/// A configuration the widget cannot start with.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    #[error("the \"manifest\" option is required: add data-manifest=\"/manifest.json\" to the script tag or pass {{ manifest }} to mount()")]
    MissingManifest,
}

/// Turns `sameLanguage`, `same_language` and `same-language` into `same-language`.
pub fn canonical_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.trim().chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else if c == '_' {
            out.push('-');
        } else {
            out.push(c);
        }
    }
    out
}

/// A boolean attribute is on when present with no value or "true" (and the usual spellings of yes and no).
fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "" | "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// Reads a whole number and clamps it into `min..=max`, warning when it had to.
fn parse_clamped(key: &str, value: &str, min: usize, max: usize, warnings: &mut Vec<String>) -> Option<usize> {
    match value.trim().parse::<usize>() {
        Ok(n) if n < min => {
            warnings.push(format!("{key}={n} is below the minimum {min}; using {min}"));
            Some(min)
        }
        Ok(n) if n > max => {
            warnings.push(format!("{key}={n} is above the maximum {max}; using {max}"));
            Some(max)
        }
        Ok(n) => Some(n),
        Err(_) => {
            warnings.push(format!("{key}=\"{value}\" is not a whole number; ignored"));
            None
        }
    }
}

/// Reads a plain decimal such as "0.25", ".3" or "1" (a comma may stand for the point). Written by hand because
/// the standard float parser brings kilobytes of tables into the wasm file for this one option.
fn parse_decimal(value: &str) -> Option<f32> {
    let value = value.trim();
    let (negative, digits) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value.strip_prefix('+').unwrap_or(value)),
    };
    let (whole, fraction) = digits.split_once(['.', ',']).unwrap_or((digits, ""));
    if (whole.is_empty() && fraction.is_empty()) || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut number = whole.chars().fold(0.0f32, |acc, c| acc * 10.0 + c.to_digit(10).map_or(0.0, |d| d as f32));
    let mut scale = 0.1f32;
    for c in fraction.chars().take(9) {
        number += scale * c.to_digit(10).map_or(0.0, |d| d as f32);
        scale /= 10.0;
    }
    Some(if negative { -number } else { number })
}

/// Reads a number and clamps it into 0..1, warning when it had to or when it is not a number.
fn parse_unit_interval(key: &str, value: &str, warnings: &mut Vec<String>) -> Option<f32> {
    let Some(number) = parse_decimal(value) else {
        warnings.push(format!("{key}=\"{value}\" is not a number; ignored"));
        return None;
    };
    let clamped = number.clamp(0.0, 1.0);
    if clamped != number {
        warnings.push(format!("{key}={value} is outside 0..1; using {}", if number < 0.0 { "0" } else { "1" }));
    }
    Some(clamped)
}

fn non_empty(value: &str) -> Option<String> {
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// Keys that may appear among a mount element's data attributes without being options.
const IGNORED_KEYS: &[&str] = &["related-news", "related-news-mounted"];

/// Parses options from key/value pairs; later pairs win, so element attributes can override the script tag's.
/// Returns the options and a warning for every value that was ignored or clamped.
pub fn parse_options<K: AsRef<str>, V: AsRef<str>>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> Result<(WidgetOptions, Vec<String>), OptionsError> {
    let mut warnings = Vec::new();
    let mut options = WidgetOptions {
        manifest: String::new(),
        article: None,
        lang: None,
        heading: None,
        more_heading: None,
        more_news: None,
        theme: Theme::Auto,
        eager: false,
        images: true,
        summaries: true,
        utm: Vec::new(),
        timeout_ms: DEFAULT_TIMEOUT_MS,
        ranking: RankingConfig { limit: DEFAULT_LIMIT, ..RankingConfig::default() },
        subscribe: SubscribeOptions::default(),
    };
    let set_bool = |key: &str, value: &str, target: &mut bool, warnings: &mut Vec<String>| match parse_bool(value) {
        Some(b) => *target = b,
        None => warnings.push(format!("{key}=\"{value}\" is not true or false; ignored")),
    };
    for (key, value) in pairs {
        let key = canonical_key(key.as_ref());
        let value = value.as_ref();
        match key.as_str() {
            "manifest" => options.manifest = value.trim().to_string(),
            "article" => options.article = non_empty(value),
            "lang" => options.lang = non_empty(value),
            "heading" => options.heading = non_empty(value),
            "more-heading" => options.more_heading = non_empty(value),
            "limit" => {
                if let Some(n) = parse_clamped(&key, value, 1, MAX_WIDGET_LIMIT, &mut warnings) {
                    options.ranking.limit = n;
                }
            }
            "more-news" => {
                options.more_news = parse_clamped(&key, value, 0, MAX_WIDGET_LIMIT, &mut warnings).or(options.more_news)
            }
            "min-score" => {
                if let Some(score) = parse_unit_interval(&key, value, &mut warnings) {
                    options.ranking.min_score = score;
                }
            }
            "recency" => {
                if let Some(weight) = parse_unit_interval(&key, value, &mut warnings) {
                    options.ranking.recency_weight = weight;
                }
            }
            "same-language" => set_bool(&key, value, &mut options.ranking.same_language, &mut warnings),
            "eager" => set_bool(&key, value, &mut options.eager, &mut warnings),
            "images" => set_bool(&key, value, &mut options.images, &mut warnings),
            "summaries" => set_bool(&key, value, &mut options.summaries, &mut warnings),
            "exclude-topics" => {
                options.ranking.exclude_topics =
                    value.split([',', ' ']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
            }
            "theme" => match value.trim().to_ascii_lowercase().as_str() {
                "auto" | "" => options.theme = Theme::Auto,
                "light" => options.theme = Theme::Light,
                "dark" => options.theme = Theme::Dark,
                _ => warnings.push(format!("theme=\"{value}\" is not auto, light or dark; using auto")),
            },
            "timeout" => {
                let (min, max) = TIMEOUT_RANGE_MS;
                if let Some(ms) = parse_clamped(&key, value, min as usize, max as usize, &mut warnings) {
                    options.timeout_ms = ms as u32;
                }
            }
            "utm-source" | "utm-medium" | "utm-campaign" => {
                let name = match key.as_str() {
                    "utm-source" => "utm_source",
                    "utm-medium" => "utm_medium",
                    _ => "utm_campaign",
                };
                options.utm.retain(|(n, _)| *n != name);
                if let Some(v) = non_empty(value) {
                    options.utm.push((name, v));
                }
            }
            "subscribe" => match parse_bool(value) {
                Some(on) => options.subscribe.enabled = Some(on),
                None => warnings.push(format!("{key}=\"{value}\" is not true or false; ignored")),
            },
            "subscribe-endpoint" => options.subscribe.endpoint = non_empty(value),
            "subscribe-format" => match value.trim().to_ascii_lowercase().as_str() {
                "json" | "" => options.subscribe.format = PayloadFormat::Json,
                "form" => options.subscribe.format = PayloadFormat::Form,
                _ => warnings.push(format!("{key}=\"{value}\" is not json or form; using json")),
            },
            "subscribe-fields" => subscribe::parse_field_names(value, &mut options.subscribe.fields, &mut warnings),
            "subscribe-types" => options.subscribe.types = subscribe::parse_types(value, &mut warnings),
            "subscribe-heading" => options.subscribe.heading = non_empty(value),
            "privacy-url" => options.subscribe.privacy_url = non_empty(value),
            _ if IGNORED_KEYS.contains(&key.as_str()) => {}
            _ => warnings.push(format!("unknown option \"{key}\" ignored")),
        }
    }
    if options.manifest.is_empty() {
        return Err(OptionsError::MissingManifest);
    }
    // A fixed order keeps links identical whichever order the attributes came in.
    crate::sort::sort_by_key(&mut options.utm, |(name, _)| match *name {
        "utm_source" => 0,
        "utm_medium" => 1,
        _ => 2,
    });
    Ok((options, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> (WidgetOptions, Vec<String>) {
        parse_options(pairs.iter().copied()).expect("valid options")
    }

    #[test]
    fn defaults() {
        let (o, warnings) = parse(&[("manifest", "/manifest.json")]);
        assert!(warnings.is_empty());
        assert_eq!(o.ranking, RankingConfig::default(), "the widget ranks with the shared defaults");
        assert_eq!(o.ranking.limit, 5);
        assert!(o.ranking.same_language);
        assert!(!o.eager);
        assert_eq!(o.theme, Theme::Auto);
        assert_eq!(o.more_news, None);
        assert_eq!(o.timeout_ms, DEFAULT_TIMEOUT_MS);
    }

    #[test]
    fn manifest_is_required() {
        assert_eq!(parse_options([("article", "x")]), Err(OptionsError::MissingManifest));
        assert_eq!(parse_options([("manifest", "  ")]), Err(OptionsError::MissingManifest));
        assert!(OptionsError::MissingManifest.to_string().contains("data-manifest"));
    }

    #[test]
    fn data_attribute_and_js_spellings_agree() {
        let (a, _) = parse(&[("manifest", "/m.json"), ("sameLanguage", "false"), ("minScore", "0.2"), ("moreNews", "3")]);
        let (b, _) = parse(&[("manifest", "/m.json"), ("same-language", "false"), ("min_score", "0.2"), ("more-news", "3")]);
        assert_eq!(a, b);
        assert!(!a.ranking.same_language);
        assert!((a.ranking.min_score - 0.2).abs() < 1e-6);
        assert_eq!(a.more_news, Some(3));
    }

    #[test]
    fn boolean_attributes() {
        assert!(parse(&[("manifest", "m"), ("eager", "")]).0.eager);
        assert!(parse(&[("manifest", "m"), ("eager", "true")]).0.eager);
        assert!(!parse(&[("manifest", "m"), ("eager", "false")]).0.eager);
        let (o, warnings) = parse(&[("manifest", "m"), ("eager", "maybe")]);
        assert!(!o.eager);
        assert_eq!(warnings, ["eager=\"maybe\" is not true or false; ignored"]);
    }

    #[test]
    fn numbers_are_clamped_with_a_warning() {
        let (o, warnings) = parse(&[("manifest", "m"), ("limit", "500"), ("min-score", "7"), ("timeout", "5")]);
        assert_eq!(o.ranking.limit, MAX_WIDGET_LIMIT);
        assert_eq!(o.ranking.min_score, 1.0);
        assert_eq!(o.timeout_ms, 500);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        let (o, warnings) = parse(&[("manifest", "m"), ("limit", "0"), ("limit", "lots")]);
        assert_eq!(o.ranking.limit, 1);
        assert_eq!(warnings[1], "limit=\"lots\" is not a whole number; ignored");
    }

    #[test]
    fn decimals() {
        assert_eq!(parse_decimal("0.25"), Some(0.25));
        assert_eq!(parse_decimal(" .5 "), Some(0.5));
        assert_eq!(parse_decimal("0,3").map(|v| (v * 10.0).round()), Some(3.0));
        assert_eq!(parse_decimal("2"), Some(2.0));
        assert_eq!(parse_decimal("-1.5"), Some(-1.5));
        for bad in ["", ".", "abc", "1e3", "0.2.3", "--1"] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
        let (o, warnings) = parse(&[("manifest", "m"), ("min-score", "-0.5")]);
        assert_eq!(o.ranking.min_score, 0.0);
        assert_eq!(warnings, ["min-score=-0.5 is outside 0..1; using 0"]);
        let (o, warnings) = parse(&[("manifest", "m"), ("recency", "0")]);
        assert_eq!(o.ranking.recency_weight, 0.0);
        assert!(warnings.is_empty());
    }

    #[test]
    fn later_values_override_earlier_ones() {
        let (o, _) = parse(&[("manifest", "/a.json"), ("limit", "3"), ("manifest", "/b.json"), ("limit", "4")]);
        assert_eq!(o.manifest, "/b.json");
        assert_eq!(o.ranking.limit, 4);
    }

    #[test]
    fn lists_themes_utm_and_unknown_keys() {
        let (o, warnings) = parse(&[
            ("manifest", "m"),
            ("exclude-topics", "sports, weather ads"),
            ("theme", "DARK"),
            ("utmCampaign", "autumn"),
            ("utm-source", "related"),
            ("relatedNews", ""),
            ("colour", "red"),
        ]);
        assert_eq!(o.ranking.exclude_topics, ["sports", "weather", "ads"]);
        assert_eq!(o.theme, Theme::Dark);
        assert_eq!(o.utm, [("utm_source", "related".to_string()), ("utm_campaign", "autumn".to_string())]);
        assert_eq!(warnings, ["unknown option \"colour\" ignored"]);
    }

    #[test]
    fn subscription_options() {
        let (o, warnings) = parse(&[("manifest", "m")]);
        assert_eq!(o.subscribe, SubscribeOptions::default());
        assert_eq!(o.subscribe.enabled, None, "on when the manifest has topics");
        assert!(warnings.is_empty());
        let (o, warnings) = parse(&[
            ("manifest", "m"),
            ("subscribeEndpoint", "https://lists.example/s?u=1"),
            ("subscribe-format", "FORM"),
            ("subscribe-fields", "email=EMAIL"),
            ("subscribe-types", "news,briefs:Briefs"),
            ("privacyUrl", "/privacy"),
            ("subscribe-heading", "Stay informed"),
            ("subscribe", "false"),
        ]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let s = &o.subscribe;
        assert_eq!(s.enabled, Some(false));
        assert_eq!(s.endpoint.as_deref(), Some("https://lists.example/s?u=1"));
        assert_eq!(s.format, PayloadFormat::Form);
        assert_eq!(s.fields.email, "EMAIL");
        assert_eq!(s.types.len(), 2);
        assert_eq!(s.privacy_url.as_deref(), Some("/privacy"));
        assert_eq!(s.heading.as_deref(), Some("Stay informed"));
        let (o, warnings) = parse(&[("manifest", "m"), ("subscribe-format", "xml"), ("subscribe", "perhaps"), ("subscribe-types", "")]);
        assert_eq!(o.subscribe.format, PayloadFormat::Json);
        assert!(o.subscribe.types.is_empty(), "an empty list offers no types");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}
