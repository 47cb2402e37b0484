//! URLs, the one home for them: is it http(s), is it safe to render, resolving a reference against a base
//! (RFC 3986 section 5, with dot segments removed), percent-encoding, query parameters, and the key that spots one
//! page under two spellings of its address.
//!
//! Hand-written rather than a URL crate because the widget needs these few functions in every page view and the
//! browser already does full URL parsing for it (`new URL()`); natively they run where the builder and the server
//! need them, on the same rules.
//!
//! Text is cut with `split_at_checked` or `get(..)` rather than indexed (`&text[..i]`), here and in the rest of the
//! code the panel runs: an index that can panic brings the standard library's report of a cut inside a character
//! (its formatting of characters and ranges, and Unicode tables) into the wasm, 3.9 KB gzipped of the panel; the
//! positions come from searches in the same text, so the fallbacks are never taken.

use crate::text;

/// Longer URLs are refused everywhere: in manifests, subscription payloads and settings.
pub const MAX_URL_CHARS: usize = 2048;

/// A URL after resolution against the manifest's address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedUrl {
    /// Absolute URL.
    pub href: String,
    /// True when the link leaves the page's origin (it then gets `rel="noopener noreferrer"`).
    pub external: bool,
}

/// The five parts of a URI reference (RFC 3986, appendix B); absent parts are `None`, an empty path is `""`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts<'a> {
    pub scheme: Option<&'a str>,
    pub authority: Option<&'a str>,
    pub path: &'a str,
    pub query: Option<&'a str>,
    pub fragment: Option<&'a str>,
}

/// Splits a URI reference into its parts without judging them.
pub fn split(reference: &str) -> Parts<'_> {
    let (rest, fragment) = match reference.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (reference, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((rest, query)) => (rest, Some(query)),
        None => (rest, None),
    };
    // A scheme is what comes before a `:` that comes before any `/`.
    let scheme_and_rest = rest
        .find([':', '/'])
        .and_then(|i| rest.split_at_checked(i))
        .and_then(|(scheme, after)| Some((scheme, after.strip_prefix(':')?)))
        .filter(|(scheme, _)| is_scheme(scheme));
    let (scheme, rest) = match scheme_and_rest {
        Some((scheme, rest)) => (Some(scheme), rest),
        None => (None, rest),
    };
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let (authority, path) = after.find('/').and_then(|end| after.split_at_checked(end)).unwrap_or((after, ""));
            (Some(authority), path)
        }
        None => (None, rest),
    };
    Parts { scheme, authority, path, query, fragment }
}

/// A scheme per RFC 3986: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

impl Parts<'_> {
    /// Writes the parts back into one reference (RFC 3986, section 5.3).
    pub fn recompose(&self) -> String {
        let mut out = String::new();
        if let Some(scheme) = self.scheme {
            out.push_str(scheme);
            out.push(':');
        }
        if let Some(authority) = self.authority {
            out.push_str("//");
            out.push_str(authority);
        }
        out.push_str(self.path);
        if let Some(query) = self.query {
            out.push('?');
            out.push_str(query);
        }
        if let Some(fragment) = self.fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }
}

/// Removes `.` and `..` segments from a path (RFC 3986, section 5.2.4). `..` never climbs above the root.
pub fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output = String::with_capacity(path.len());
    while !input.is_empty() {
        if let Some(rest) = input.strip_prefix("../").or_else(|| input.strip_prefix("./")) {
            input = rest;
        } else if input.starts_with("/./") {
            input = input.get(2..).unwrap_or_default();
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") || input == "/.." {
            input = if input == "/.." { "/" } else { input.get(3..).unwrap_or_default() };
            let cut = output.rfind('/').unwrap_or(0);
            output.truncate(cut);
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input.get(start..).and_then(|rest| rest.find('/')).map_or(input.len(), |i| i + start);
            let (segment, rest) = input.split_at_checked(end).unwrap_or((input, ""));
            output.push_str(segment);
            input = rest;
        }
    }
    output
}

/// Merges a relative path with the base's path (RFC 3986, section 5.2.3).
fn merge(base: &Parts<'_>, path: &str) -> String {
    if base.authority.is_some() && base.path.is_empty() {
        return format!("/{path}");
    }
    match base.path.rfind('/') {
        Some(i) => format!("{}{path}", base.path.get(..=i).unwrap_or_default()),
        None => path.to_string(),
    }
}

/// Resolves a reference against a base (RFC 3986, section 5.2.2), removing dot segments.
///
/// The base may be absolute (`https://x.org/news/`) or a path (`/`, `news/2024/a.html`), which is how a site
/// folder is described before its address is known: a path base gives a path, and `..` stops at its root, so a
/// canonical link of `../../2024/story/` on `news/2024/a.html` stays inside the site. Without a base, or with an
/// empty one, the reference is returned trimmed.
pub fn resolve(base: Option<&str>, reference: &str) -> String {
    let reference = reference.trim();
    let Some(base) = base.map(str::trim).filter(|b| !b.is_empty()) else { return reference.to_string() };
    let relative_base = !base.starts_with('/') && split(base).scheme.is_none();
    // A relative path base is read as rooted, then given back without the root, so both kinds share one algorithm.
    let rooted;
    let base = if relative_base {
        rooted = format!("/{base}");
        rooted.as_str()
    } else {
        base
    };
    let b = split(base);
    let r = split(reference);
    let resolved = if r.scheme.is_some() {
        let path = remove_dot_segments(r.path);
        Parts { path: &path, ..r }.recompose()
    } else if r.authority.is_some() {
        let path = remove_dot_segments(r.path);
        Parts { scheme: b.scheme, path: &path, ..r }.recompose()
    } else if r.path.is_empty() {
        Parts { query: r.query.or(b.query), fragment: r.fragment, ..b }.recompose()
    } else {
        let path = if r.path.starts_with('/') { remove_dot_segments(r.path) } else { remove_dot_segments(&merge(&b, r.path)) };
        Parts { scheme: b.scheme, authority: b.authority, path: &path, query: r.query, fragment: r.fragment }.recompose()
    };
    if relative_base && !reference.starts_with('/') && r.scheme.is_none() {
        return resolved.strip_prefix('/').map_or(resolved.clone(), str::to_string);
    }
    resolved
}

/// Whether `reference` is resolved alike by [`resolve`] (RFC 3986) and by a browser's URL parser (WHATWG), up to
/// what [`page_key`] ignores (the case of the host, a trailing slash): a path, or an `http(s)://` URL with a plain
/// lower-case host, written with ASCII letters, digits and `-._~/!$&()*+,;=@?#` alone. Percent signs, ports, user
/// info, backslashes, quotes, spaces and non-ASCII text are what the two parsers read differently (the browser
/// encodes, decodes `%2e` as a dot, drops default ports), so a reference with any of them is not plain.
pub fn is_plain_reference(reference: &str) -> bool {
    let rest = match reference.strip_prefix("https://").or_else(|| reference.strip_prefix("http://")) {
        Some(rest) => {
            let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (host, path) = rest.split_at_checked(host_end).unwrap_or((rest, ""));
            if host.is_empty() || !host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-') {
                return false;
            }
            path
        }
        // A relative reference: no scheme, no authority.
        None if reference.starts_with("//") => return false,
        None => reference,
    };
    !reference.is_empty() && rest.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~/!$&()*+,;=@?#".contains(&b))
}

/// A site's base URL read as a folder, the way site owners mean `--base-url https://x.org/news`: a path that does
/// not end in `/` gets one, so `a.html` resolves to `https://x.org/news/a.html`.
pub fn as_folder(base: &str) -> String {
    let base = base.trim();
    let parts = split(base);
    if parts.query.is_some() || parts.fragment.is_some() || parts.path.is_empty() || parts.path.ends_with('/') {
        return base.to_string();
    }
    format!("{base}/")
}

/// Whether an absolute URL is http or https: the only links the widget renders or posts to.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// An absolute http or https URL with a host, without spaces or control characters, of at most
/// [`MAX_URL_CHARS`] characters: what a server accepts as the address of a page.
pub fn is_absolute_http_url(url: &str) -> bool {
    let parts = split(url);
    is_http_url(url)
        && url.chars().count() <= MAX_URL_CHARS
        && parts.authority.is_some_and(|host| !host.is_empty())
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The host (and port) of an `http(s)://` URL; the whole text when it has no `//`.
pub fn host_of(url: &str) -> &str {
    let rest = scheme_separator(url).and_then(|at| url.get(at + 3..)).unwrap_or(url);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// Accepts `http:`, `https:` and relative URLs; rejects every other scheme (`javascript:`, `data:`, `vbscript:`...).
///
/// Browsers drop tabs and newlines anywhere in a URL and leading control characters and spaces, so
/// "java\tscript:" is still a script URL: the scheme is read the way a browser would read it.
pub fn check_url(url: &str) -> Result<(), String> {
    if url.chars().count() > MAX_URL_CHARS {
        return Err(format!("longer than {MAX_URL_CHARS} characters"));
    }
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    if cleaned.is_empty() {
        return Err("empty".into());
    }
    let scheme = cleaned.find([':', '/', '?', '#']).and_then(|end| cleaned.split_at_checked(end)).filter(|(_, rest)| rest.starts_with(':'));
    if let Some((scheme, _)) = scheme {
        if !is_scheme(scheme) {
            return Err(format!("\"{}\" is not a valid URL", text::truncate_chars(&cleaned, 60)));
        }
        if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
            return Err(format!("scheme \"{scheme}\" is not allowed (only http, https and relative URLs)"));
        }
    }
    if cleaned.bytes().any(|b| b == b'\\') && cleaned.starts_with(['\\', '/']) {
        // "/\evil.example" is read by browsers as another host, like "//evil.example": refuse the ambiguity.
        return Err("backslashes at the start of a URL are not allowed".into());
    }
    Ok(())
}

/// A path and query written as a browser's URL parser writes them (WHATWG): bytes past ASCII, controls, space and
/// `"`, `<`, `>`, `` ` ``, `{`, `}` percent-encoded, and the hex digits of every escape in upper case. A feed may give
/// `/новости/статья` where the page's address, as the browser reports it, is `/%D0%BD...`: keys made through this
/// compare equal whichever of the two they came from.
pub fn encoded_as_browsers_do(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let escape = byte == b'%' && bytes.get(at + 1..at + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
        if escape {
            out.push('%');
            out.push(char::from(bytes[at + 1].to_ascii_uppercase()));
            out.push(char::from(bytes[at + 2].to_ascii_uppercase()));
            at += 3;
            continue;
        }
        if byte >= 0x80 || byte <= b' ' || byte == 0x7f || b"\"<>`{}".contains(&byte) {
            push_escape(&mut out, byte);
        } else {
            out.push(char::from(byte));
        }
        at += 1;
    }
    out
}

/// Appends `%` and the byte's two hex digits in upper case, as browsers and forms write escapes.
fn push_escape(out: &mut String, byte: u8) {
    const UPPER_HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.push('%');
    out.push(char::from(UPPER_HEX[usize::from(byte >> 4)]));
    out.push(char::from(UPPER_HEX[usize::from(byte & 0xf)]));
}

/// Characters left as they are in a query value; everything else is percent-encoded.
fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes a query or form value. `space_as_plus` writes spaces as `+`, as HTML forms send them.
pub fn percent_encode(value: &str, space_as_plus: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if is_unreserved(b) {
            out.push(b as char);
        } else if b == b' ' && space_as_plus {
            out.push('+');
        } else {
            push_escape(&mut out, b);
        }
    }
    out
}

/// A URL's part with its percent-escapes decoded, as a reader would read it (`%D0%BD%D0%BE` is `но`); the part as it
/// is when the escapes do not make UTF-8 text. Only the builder reads ids from addresses so: the widget does not
/// carry it.
#[cfg(not(target_arch = "wasm32"))]
pub fn percent_decode(part: &str) -> String {
    percent_encoding::percent_decode_str(part).decode_utf8().map_or_else(|_| part.to_string(), |text| text.into_owned())
}

/// Adds query parameters before the fragment, leaving any the URL already has.
pub fn with_query_params(url: &str, params: &[(&str, String)]) -> String {
    let (base, fragment) = url.find('#').and_then(|i| url.split_at_checked(i)).unwrap_or((url, ""));
    let existing: Vec<&str> = base.split_once('?').map(|(_, q)| q.split('&').collect()).unwrap_or_default();
    let mut out = base.to_string();
    for (name, value) in params {
        if existing.iter().any(|pair| pair.split('=').next() == Some(name)) {
            continue;
        }
        out.push(if out.bytes().any(|b| b == b'?') { '&' } else { '?' });
        out.push_str(name);
        out.push('=');
        out.push_str(&percent_encode(value, false));
    }
    out.push_str(fragment);
    out
}

/// Where the first `://` of `url` starts. Looked for byte by byte: a search for a string would carry the standard
/// library's substring searcher (about 2 KB) into the widget's wasm for these three bytes.
pub fn scheme_separator(url: &str) -> Option<usize> {
    url.as_bytes().windows(3).position(|bytes| bytes == b"://")
}

/// Query parameters that say where a reader came from, not which page they are on.
const TRACKING_PARAMS: &[&str] = &["fbclid", "gclid", "dclid", "yclid", "msclkid", "mc_cid", "mc_eid", "_ga", "igshid"];

/// `url` without the query parameters that track where a reader came from (`utm_*`, `fbclid`, `gclid`...): a
/// canonical link that carries them (`?utm_source=rss`) names the page, but every link made from it would credit
/// the visit to that source. The other parameters and the fragment stay as they are.
pub fn without_tracking_params(url: &str) -> String {
    let (before_fragment, fragment) = match url.find('#') {
        Some(at) => url.split_at(at),
        None => (url, ""),
    };
    let Some((path, query)) = before_fragment.split_once('?') else { return url.to_string() };
    let tracking = |pair: &&str| {
        let name = pair.split('=').next().unwrap_or_default().to_ascii_lowercase();
        name.starts_with("utm_") || TRACKING_PARAMS.contains(&name.as_str())
    };
    if !query.split('&').any(|pair| tracking(&pair)) {
        return url.to_string();
    }
    let kept: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && !tracking(pair)).collect();
    let mut out = path.to_string();
    if !kept.is_empty() {
        out.push('?');
        out.push_str(&kept.join("&"));
    }
    out.push_str(fragment);
    out
}

/// A key that compares URLs the way readers mean them, to spot one page under two addresses: no fragment, no
/// trailing slash or `index.html`, and scheme and host in lower case.
pub fn page_key(url: &str) -> String {
    let without_fragment = url.split('#').next().unwrap_or(url).trim();
    let mut key = match scheme_separator(without_fragment) {
        Some(scheme_end) => {
            let host_end = without_fragment.get(scheme_end + 3..).and_then(|rest| rest.find('/')).map_or(without_fragment.len(), |i| i + scheme_end + 3);
            let (site, path) = without_fragment.split_at_checked(host_end).unwrap_or((without_fragment, ""));
            // Pushed rather than formatted: this runs for every article of a record the panel reads.
            let mut key = site.to_ascii_lowercase();
            key.push_str(path);
            key
        }
        None => without_fragment.to_string(),
    };
    for suffix in ["/index.html", "/index.htm"] {
        if key.ends_with(suffix) {
            key.truncate(key.len() - suffix.len() + 1);
        }
    }
    while key.ends_with('/') && key.len() > 1 && !key.ends_with("://") {
        key.pop();
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_parameters_are_taken_off() {
        assert_eq!(without_tracking_params("https://ngo.example/lt/a/?utm_source=rss"), "https://ngo.example/lt/a/");
        assert_eq!(without_tracking_params("https://a.example/p?id=2&UTM_Medium=x&fbclid=abc#top"), "https://a.example/p?id=2#top");
        assert_eq!(without_tracking_params("https://a.example/p?id=2&page=3"), "https://a.example/p?id=2&page=3");
        assert_eq!(without_tracking_params("/news/a?utm_campaign=x&utm_source=y"), "/news/a");
        assert_eq!(without_tracking_params("https://a.example/utm_source/p"), "https://a.example/utm_source/p");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn escapes_decode_to_the_text_they_stand_for() {
        assert_eq!(percent_decode("%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8-1"), "новости-1");
        assert_eq!(percent_decode("k%C3%BCr-%c3%a7ay"), "kür-çay");
        assert_eq!(percent_decode("100%25-sure%2"), "100%-sure%2");
        assert_eq!(percent_decode("bad-%FF-utf8"), "bad-%FF-utf8", "escapes that are not UTF-8 stay as they are");
    }

    /// RFC 3986, section 5.4: every normal and abnormal example, against its base.
    #[test]
    fn rfc_3986_reference_resolution_examples() {
        let base = Some("http://a/b/c/d;p?q");
        let examples = [
            // 5.4.1 Normal examples.
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            ("g?y#s", "http://a/b/c/g?y#s"),
            (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"),
            ("g;x?y#s", "http://a/b/c/g;x?y#s"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../", "http://a/"),
            ("../../g", "http://a/g"),
            // 5.4.2 Abnormal examples.
            ("../../../g", "http://a/g"),
            ("../../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("/../g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            (".g", "http://a/b/c/.g"),
            ("g..", "http://a/b/c/g.."),
            ("..g", "http://a/b/c/..g"),
            ("./../g", "http://a/b/g"),
            ("./g/.", "http://a/b/c/g/"),
            ("g/./h", "http://a/b/c/g/h"),
            ("g/../h", "http://a/b/c/h"),
            ("g;x=1/./y", "http://a/b/c/g;x=1/y"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("g?y/./x", "http://a/b/c/g?y/./x"),
            ("g?y/../x", "http://a/b/c/g?y/../x"),
            ("g#s/./x", "http://a/b/c/g#s/./x"),
            ("g#s/../x", "http://a/b/c/g#s/../x"),
            ("http:g", "http:g"),
        ];
        for (reference, expected) in examples {
            assert_eq!(resolve(base, reference), expected, "reference {reference:?}");
        }
    }

    #[test]
    fn dot_segments_of_a_real_canonical_link() {
        assert_eq!(resolve(Some("https://example.org/"), "../../../2024/09/story/"), "https://example.org/2024/09/story/");
        // Against the page's own place in the site folder, before the site's address is known.
        assert_eq!(resolve(Some("news/2024/09/story/index.html"), "../../09/story/"), "news/2024/09/story/");
        assert_eq!(resolve(Some("a/b.html"), "../../../x.html"), "x.html");
        assert_eq!(resolve(Some("a/b.html"), "/root.html"), "/root.html");
        assert_eq!(remove_dot_segments("/a/b/c/./../../g"), "/a/g");
        assert_eq!(remove_dot_segments("mid/content=5/../6"), "mid/6");
    }

    #[test]
    fn site_addresses_are_folders() {
        assert_eq!(as_folder("https://x.org/news"), "https://x.org/news/");
        assert_eq!(as_folder("https://x.org/news/"), "https://x.org/news/");
        assert_eq!(as_folder("https://x.org"), "https://x.org");
        assert_eq!(as_folder("/"), "/");
        assert_eq!(as_folder("site"), "site/");
        assert_eq!(resolve(Some(&as_folder("https://x.org/news")), "a.html"), "https://x.org/news/a.html");
    }

    #[test]
    fn builder_bases() {
        assert_eq!(resolve(Some("https://x.org/news/"), "a.html"), "https://x.org/news/a.html");
        assert_eq!(resolve(Some("https://x.org/news"), "/about"), "https://x.org/about");
        assert_eq!(resolve(Some("/"), "articles/a.html"), "/articles/a.html");
        assert_eq!(resolve(Some("https://x.org"), "a.html"), "https://x.org/a.html");
        assert_eq!(resolve(Some("https://x.org"), "https://y.org/b"), "https://y.org/b");
        assert_eq!(resolve(None, " b.html "), "b.html");
        assert_eq!(resolve(Some(""), "b.html"), "b.html");
        assert_eq!(resolve(Some("https://x.org/"), "javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(resolve(Some("https://x.org/"), "mailto:a@x.org"), "mailto:a@x.org");
        assert_eq!(resolve(Some("https://x.org/a/"), "//cdn.example/p.jpg"), "https://cdn.example/p.jpg");
    }

    #[test]
    fn split_and_recompose() {
        let parts = split("https://user@x.org:8443/a/b?c=1#d");
        assert_eq!(parts.scheme, Some("https"));
        assert_eq!(parts.authority, Some("user@x.org:8443"));
        assert_eq!((parts.path, parts.query, parts.fragment), ("/a/b", Some("c=1"), Some("d")));
        assert_eq!(parts.recompose(), "https://user@x.org:8443/a/b?c=1#d");
        assert_eq!(split("a/b:c").scheme, None, "a colon after a slash is not a scheme");
        assert_eq!(split("1a:b").scheme, None, "a scheme starts with a letter");
    }

    #[test]
    fn query_parameters() {
        let params = [("utm_source", "x".to_string())];
        assert_eq!(with_query_params("https://a.example/p#top", &params), "https://a.example/p?utm_source=x#top");
        assert_eq!(with_query_params("https://a.example/p?id=2", &params), "https://a.example/p?id=2&utm_source=x");
        assert_eq!(with_query_params("https://a.example/p?utm_source=y", &params), "https://a.example/p?utm_source=y");
    }

    #[test]
    fn http_urls_and_encoding() {
        assert!(is_http_url("HTTPS://a.example/") && is_http_url("http://a.example"));
        assert!(!is_http_url("javascript:alert(1)") && !is_http_url("/relative") && !is_http_url("ftp://x"));
        assert!(!is_http_url("data:text/html,x") && !is_http_url("https:"));
        assert_eq!(percent_encode("a b&c~", false), "a%20b%26c~");
        assert_eq!(percent_encode("a b&c/é", false), "a%20b%26c%2F%C3%A9");
        assert_eq!(percent_encode("a b", true), "a+b");
        for good in ["https://x.org/", "http://127.0.0.1:8080/a?b#c"] {
            assert!(is_absolute_http_url(good), "{good}");
        }
        for bad in ["javascript:alert(1)", "/relative", "https://", "https:///x", "http://a b", "ftp://x.org"] {
            assert!(!is_absolute_http_url(bad), "{bad}");
        }
        assert!(!is_absolute_http_url(&format!("https://x.org/{}", "a".repeat(MAX_URL_CHARS))));
        assert_eq!(host_of("https://news.example:8443/base"), "news.example:8443");
    }

    #[test]
    fn paths_are_encoded_as_browsers_encode_them() {
        // What a WHATWG URL parser (Node's, Chromium's) gives for `https://x.org/новости/a b"<{}>`|?q=ж` after the host.
        assert_eq!(
            encoded_as_browsers_do("/новости/a b\"<{}>`|?q=ж"),
            "/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/a%20b%22%3C%7B%7D%3E%60|?q=%D0%B6"
        );
        assert_eq!(encoded_as_browsers_do("/%d0%bd/a%2fb/100%"), "/%D0%BD/a%2Fb/100%", "escapes in upper case, a lone % kept");
        assert_eq!(encoded_as_browsers_do("/plain/path-1.html?x=1&y=2"), "/plain/path-1.html?x=1&y=2");
    }

    #[test]
    fn page_keys() {
        assert_eq!(page_key("HTTPS://News.Example/a/index.html#x"), "https://news.example/a");
        assert_eq!(page_key("https://news.example/a/"), "https://news.example/a");
        assert_eq!(page_key("/a/b/"), "/a/b");
        assert_eq!(page_key("https://news.example/"), "https://news.example");
        assert_eq!(page_key("HTTPS://Example.ORG/News/A/"), "https://example.org/News/A", "paths keep their case");
        assert_eq!(page_key("/"), "/");
    }

    #[test]
    fn url_policy() {
        for ok in ["/a", "a/b.html", "https://x.org/a", "HTTP://x.org", "//cdn.x.org/i.png", "?page=2", "#top",
            "news/2024:05/x"] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in ["javascript:alert(1)", " JavaScript:alert(1)", "java\nscript:x", "java\tscript:x", "data:text/html,x",
            "vbscript:x", "mailto:a@b.c", "", "   ", "/\\evil.example"] {
            assert!(check_url(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(check_url(&format!("/{}", "a".repeat(MAX_URL_CHARS))).is_err());
    }

    #[test]
    fn plain_references_are_those_both_parsers_read_alike() {
        for plain in ["/2025/01/a.html", "a.html", "../b/", "?page=2", "#top", "https://news.example/x?id=1&lang=en", "http://a-b.example", "/a/(1)/~b;c=d,e+f@g!$*"] {
            assert!(is_plain_reference(plain), "{plain}");
        }
        for not_plain in ["", "//cdn.example/a", "https://News.example/", "https://news.example:8080/", "https://user@news.example/", "HTTP://x.example/",
            "/%2e%2e/a", "/новости/", "/a b", "/a\\b", "/a'b", "/a\"b", "mailto:x@y.example", "javascript:alert(1)", "a:b", "/a<b>", "/a`b", "/a{b}", "/a|b", "/a^b"]
        {
            assert!(!is_plain_reference(not_plain), "{not_plain}");
        }
        // What the browser gives for plain references (WHATWG URL), as keys.
        let base = "https://site.example/news/index.json";
        for (reference, browser) in [
            ("a.html", "https://site.example/news/a.html"),
            ("../a/./b/../c", "https://site.example/a/c"),
            ("../../../x", "https://site.example/x"),
            ("/x/..", "https://site.example/"),
            ("?q=1", "https://site.example/news/index.json?q=1"),
            ("#f", "https://site.example/news/index.json#f"),
            ("https://other.example", "https://other.example/"),
        ] {
            assert_eq!(page_key(&resolve(Some(base), reference)), page_key(browser), "{reference}");
        }
    }
}
