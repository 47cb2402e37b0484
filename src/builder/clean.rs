//! Spam and noise removal for article text: URLs, e-mail addresses and injected runs of words in a foreign script.
//!
//! Pages on small NGO and newsroom sites are often hacked to carry link spam ("займы на карту https://...") inside
//! otherwise clean paragraphs. The rules here are deliberately conservative: a word is only dropped when it is a
//! link, an address, or part of a run of foreign-script words that either sits next to a link or is plainly
//! wedged into a paragraph written in the page's own script. Single quoted words, quoted or bracketed phrases and
//! capitalised names survive, and so do whole paragraphs written in another script, because bilingual sites are
//! common in the regions this tool serves.

use crate::text;

/// The writing system of a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Cjk,
    Other,
}

/// The share of letters one script must hold before runs in other scripts are treated as suspicious.
const DOMINANCE: f64 = 0.85;

/// Returns the script of a letter, or `None` for digits, punctuation, marks and spaces.
pub(crate) fn script_of(c: char) -> Option<Script> {
    if c.is_ascii_alphabetic() {
        return Some(Script::Latin);
    }
    if c.is_ascii() || !c.is_alphabetic() {
        return None;
    }
    use unicode_script::{Script as Unicode, UnicodeScript};
    // Han, kana, Hangul and Bopomofo are one group here: what matters is East Asian text, not which of its scripts.
    let script = match c.script() {
        Unicode::Latin => Script::Latin,
        Unicode::Greek => Script::Greek,
        Unicode::Cyrillic => Script::Cyrillic,
        Unicode::Hebrew => Script::Hebrew,
        Unicode::Arabic => Script::Arabic,
        Unicode::Han | Unicode::Hiragana | Unicode::Katakana | Unicode::Hangul | Unicode::Bopomofo => Script::Cjk,
        _ => Script::Other,
    };
    Some(script)
}

/// Letter counts per script, in the order of [`Script`]'s variants.
#[derive(Debug, Clone, Copy, Default)]
struct ScriptCounts([usize; 7]);

impl ScriptCounts {
    fn of(text: &str) -> Self {
        let mut counts = Self::default();
        counts.add(text);
        counts
    }

    fn add(&mut self, text: &str) {
        for script in text.chars().filter_map(script_of) {
            self.0[index(script)] += 1;
        }
    }

    fn total(&self) -> usize {
        self.0.iter().sum()
    }

    fn get(&self, script: Script) -> usize {
        self.0[index(script)]
    }

    /// The script with the most letters; ties go to the earlier variant so the answer is stable.
    fn dominant(&self) -> Option<Script> {
        let mut best: Option<(Script, usize)> = None;
        for script in ALL_SCRIPTS {
            let n = self.get(script);
            if n > 0 && best.is_none_or(|(_, m)| n > m) {
                best = Some((script, n));
            }
        }
        best.map(|(script, _)| script)
    }

    /// The dominant script, but only when it holds at least `share` of all letters.
    fn dominant_with_share(&self, share: f64) -> Option<Script> {
        let script = self.dominant()?;
        let total = self.total();
        (total > 0 && self.get(script) as f64 >= share * total as f64).then_some(script)
    }
}

const ALL_SCRIPTS: [Script; 7] =
    [Script::Latin, Script::Cyrillic, Script::Greek, Script::Arabic, Script::Hebrew, Script::Cjk, Script::Other];

fn index(script: Script) -> usize {
    match script {
        Script::Latin => 0,
        Script::Cyrillic => 1,
        Script::Greek => 2,
        Script::Arabic => 3,
        Script::Hebrew => 4,
        Script::Cjk => 5,
        Script::Other => 6,
    }
}

/// The writing system most letters of `text` are in.
pub fn dominant_script(text: &str) -> Option<Script> {
    ScriptCounts::of(text).dominant()
}

/// Removes URLs, e-mail addresses and injected runs of text in another script than the article's own (spam), and
/// returns the cleaned text with paragraph breaks ("\n\n") kept.
///
/// Paragraphs are separated by one or more blank lines in the input; inside a paragraph all whitespace, single
/// line breaks included, is collapsed to one space. Paragraphs left without any letter or digit are dropped.
pub fn clean_body(text: &str) -> String {
    let paragraphs: Vec<Vec<Token>> = split_paragraphs(text).iter().map(|p| tokenize(p)).collect();

    // The article's own script is judged on the words that remain once links are gone, so a long spam URL
    // cannot tip the balance.
    let mut counts = ScriptCounts::default();
    for token in paragraphs.iter().flatten() {
        if let TokenKind::Word { .. } = token.kind {
            counts.add(&token.text);
        }
    }
    let document_script = counts.dominant_with_share(DOMINANCE);

    let mut out: Vec<String> = Vec::new();
    for mut tokens in paragraphs {
        drop_foreign_runs(&mut tokens, document_script);
        let paragraph = assemble(&tokens);
        if paragraph.chars().any(char::is_alphanumeric) {
            out.push(paragraph);
        }
    }
    out.join("\n\n")
}

/// Splits text on blank lines and collapses the whitespace inside each paragraph.
fn split_paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(text::collapse_whitespace(&current.join(" ")));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(text::collapse_whitespace(&current.join(" ")));
    }
    paragraphs
}

#[derive(Debug, Clone, PartialEq)]
enum TokenKind {
    /// A word (or number, or punctuation) that is kept unless it belongs to a spam run.
    Word { script: Option<Script> },
    /// A URL or e-mail address that was cut out; `rest` is the punctuation that was stuck to it.
    Removed { rest: String },
}

#[derive(Debug, Clone)]
struct Token {
    text: String,
    kind: TokenKind,
    dropped: bool,
}

fn tokenize(paragraph: &str) -> Vec<Token> {
    paragraph
        .split_whitespace()
        .map(|raw| match split_link(raw) {
            Some((prefix, suffix)) => {
                let kind = TokenKind::Removed { rest: format!("{prefix}{suffix}") };
                Token { text: raw.to_string(), kind, dropped: false }
            }
            None => {
                let script = ScriptCounts::of(raw).dominant();
                Token { text: raw.to_string(), kind: TokenKind::Word { script }, dropped: false }
            }
        })
        .collect()
}

/// Characters that may wrap a link in running text and are not part of it.
const OPENERS: &[char] = &['(', '[', '{', '<', '«', '"', '“', '„', '\'', '‘'];
const CLOSERS: &[char] = &[')', ']', '}', '>', '»', '"', '”', '\'', '’', '.', ',', ';', ':', '!', '?', '…'];

/// When `token` contains a URL or an e-mail address, returns the text before and after it.
fn split_link(token: &str) -> Option<(String, String)> {
    let lower = token.to_lowercase();
    if lower.len() != token.len() {
        // Lower-casing changed byte offsets (rare letters); such a token is no ASCII link anyway.
        return None;
    }
    let start = link_start(&lower)?;
    let body = &token[start..];
    let trimmed = body.trim_end_matches(CLOSERS);
    if trimmed.is_empty() {
        return None;
    }
    let suffix = &body[trimmed.len()..];
    Some((token[..start].to_string(), suffix.to_string()))
}

/// The byte offset where a link starts in a lower-cased token.
fn link_start(lower: &str) -> Option<usize> {
    for scheme in ["https://", "http://", "ftp://", "mailto:"] {
        if let Some(i) = lower.find(scheme) {
            if lower.len() > i + scheme.len() {
                return Some(i);
            }
        }
    }
    let lead = lower.len() - lower.trim_start_matches(OPENERS).len();
    let core = lower[lead..].trim_end_matches(CLOSERS);
    if core.starts_with("www.") && core.len() > 6 && core[4..].contains('.') {
        return Some(lead);
    }
    if is_email(core) || is_bare_domain_with_path(core) {
        return Some(lead);
    }
    None
}

fn is_email(core: &str) -> bool {
    let Some((local, domain)) = core.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.chars().all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    local_ok && is_domain(domain)
}

/// A host name such as "zp-pdl.com" or "mail.example.org", with an alphabetic top-level domain.
fn is_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let tld_ok = labels
        .last()
        .is_some_and(|tld| (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase()));
    tld_ok
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
}

/// "zp-pdl.com/get-loan.php": a link written without its scheme. A path is required, because a bare
/// "example.org" in prose is usually the name of an organisation and worth keeping.
fn is_bare_domain_with_path(core: &str) -> bool {
    match core.split_once('/') {
        Some((host, _)) => is_domain(host),
        None => false,
    }
}

/// Marks runs of foreign-script words that are spam, following the rules in the module documentation.
fn drop_foreign_runs(tokens: &mut [Token], document_script: Option<Script>) {
    let mut paragraph_counts = ScriptCounts::default();
    for token in tokens.iter() {
        if let TokenKind::Word { .. } = token.kind {
            paragraph_counts.add(&token.text);
        }
    }
    // On a bilingual page no script dominates the whole text; each paragraph is then judged against its own
    // script. A run glued to a link is spam against a simple majority, but a run without links is only suspicious
    // against a script that clearly dominates.
    let Some(reference) = document_script.or_else(|| paragraph_counts.dominant()) else {
        return;
    };
    let wedge_rule = document_script.is_some() || paragraph_counts.dominant_with_share(DOMINANCE).is_some();
    let foreign = |t: &Token| matches!(t.kind, TokenKind::Word { script: Some(s) } if s != reference);
    let native = |t: &Token| matches!(t.kind, TokenKind::Word { script: Some(s) } if s == reference);

    let mut i = 0;
    while i < tokens.len() {
        if !foreign(&tokens[i]) {
            i += 1;
            continue;
        }
        // A run spans foreign words and anything without letters between them (numbers, dashes, links).
        let start = i;
        let mut end = i;
        let mut j = i + 1;
        while j < tokens.len() && !native(&tokens[j]) {
            if foreign(&tokens[j]) {
                end = j;
            }
            j += 1;
        }
        let words = (start..=end).filter(|&k| foreign(&tokens[k])).count();
        if words >= 2 && run_is_spam(tokens, start, end, reference, wedge_rule, &paragraph_counts) {
            for token in &mut tokens[start..=end] {
                token.dropped = true;
            }
        }
        i = end + 1;
    }
}

fn run_is_spam(
    tokens: &[Token],
    start: usize,
    end: usize,
    reference: Script,
    wedge_rule: bool,
    paragraph_counts: &ScriptCounts,
) -> bool {
    let is_link = |t: &Token| matches!(t.kind, TokenKind::Removed { .. });
    let letterless = |t: &Token| matches!(t.kind, TokenKind::Word { script: None });

    // Next to a link: look through the run itself and any letterless tokens on either side of it.
    let mut next_to_link = tokens[start..=end].iter().any(is_link);
    let mut k = start;
    while !next_to_link && k > 0 && (letterless(&tokens[k - 1]) || is_link(&tokens[k - 1])) {
        next_to_link = is_link(&tokens[k - 1]);
        k -= 1;
    }
    let mut k = end + 1;
    while !next_to_link && k < tokens.len() && (letterless(&tokens[k]) || is_link(&tokens[k])) {
        next_to_link = is_link(&tokens[k]);
        k += 1;
    }
    if next_to_link {
        return true;
    }
    if !wedge_rule {
        return false;
    }

    // Wedged into a paragraph otherwise in the article's script: the paragraph must be mostly native text with a
    // few native words around the run, or this is a quotation or a paragraph in another language.
    let native_words_outside = tokens
        .iter()
        .enumerate()
        .filter(|(k, _)| *k < start || *k > end)
        .filter(|(_, t)| matches!(t.kind, TokenKind::Word { script: Some(s) } if s == reference))
        .count();
    let native_letters = paragraph_counts.get(reference);
    if native_words_outside < 3 || native_letters * 2 <= paragraph_counts.total() {
        return false;
    }
    if is_quoted(tokens, start, end) || is_name(&tokens[start..=end]) {
        return false;
    }
    // Two words inside a sentence are more likely a borrowed term ("так называемый hate speech") than spam; two
    // words between sentences, or tacked on at the end, are not part of the text.
    let words = tokens[start..=end].iter().filter(|t| matches!(t.kind, TokenKind::Word { script: Some(_) })).count();
    words >= 3 || outside_sentence(tokens, start, end)
}

/// Whether a run starts a paragraph or follows a sentence end, and ends the paragraph or precedes a new sentence.
fn outside_sentence(tokens: &[Token], start: usize, end: usize) -> bool {
    let after_sentence = start == 0 || tokens[start - 1].text.ends_with(['.', '!', '?', '…', ':']);
    let starts_sentence = |t: &Token| {
        t.text.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    };
    let before_sentence = tokens.get(end + 1).is_none_or(starts_sentence);
    after_sentence && before_sentence
}

/// A run that opens with a quotation mark or bracket and closes with its partner is a quotation, not spam.
fn is_quoted(tokens: &[Token], start: usize, end: usize) -> bool {
    let first = tokens[start].text.trim_start_matches(|c: char| !c.is_alphanumeric() && !OPENERS.contains(&c));
    let last = tokens[end].text.trim_end_matches(['.', ',', ';', ':', '!', '?', '…']);
    let opens = first.starts_with(OPENERS) || (start > 0 && tokens[start - 1].text.ends_with(OPENERS));
    let closes = last.ends_with([')', ']', '}', '»', '"', '”', '\'', '’'])
        || tokens.get(end + 1).is_some_and(|t| t.text.starts_with([')', ']', '»', '"', '”', '’']));
    opens && closes
}

/// A run where every longer word is capitalised reads as a proper name ("Human Rights Watch").
fn is_name(run: &[Token]) -> bool {
    let mut capitalised = 0;
    for token in run {
        let word: String = token.text.chars().filter(|c| c.is_alphabetic()).collect();
        let Some(first) = word.chars().next() else {
            continue;
        };
        if first.is_uppercase() {
            capitalised += 1;
        } else if word.chars().count() > 3 {
            return false;
        }
    }
    capitalised >= 2
}

/// Joins the surviving tokens, keeping sentence punctuation that was stuck to a removed link or spam word.
fn assemble(tokens: &[Token]) -> String {
    let mut words: Vec<String> = Vec::new();
    for token in tokens {
        let rest = match &token.kind {
            TokenKind::Removed { rest } => rest.clone(),
            // A dropped spam word may carry the sentence's final punctuation.
            TokenKind::Word { .. } if token.dropped => {
                let body = token.text.trim_end_matches(|c: char| !c.is_alphanumeric());
                token.text[body.len()..].to_string()
            }
            TokenKind::Word { .. } => {
                words.push(token.text.clone());
                continue;
            }
        };
        if rest.chars().any(char::is_alphanumeric) {
            words.push(rest);
            continue;
        }
        let kept: String = rest.chars().filter(|c| matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '…')).collect();
        if let Some(last) = words.last_mut() {
            let opened = last.matches('(').count() > last.matches(')').count();
            if opened && rest.contains(')') {
                last.push(')');
            }
            if !kept.is_empty() && !last.ends_with(['.', ',', ';', ':', '!', '?', '…']) {
                last.push_str(&kept);
            }
        }
    }
    // A dangling separator ("-", "|") left at either end by a removed link carries no meaning. Without removals
    // a leading dash is the text's own (Russian direct speech opens with one) and stays.
    let removed_any = tokens.iter().any(|t| t.dropped || matches!(t.kind, TokenKind::Removed { .. }));
    let letterless = |w: &String| !w.chars().any(char::is_alphanumeric);
    while removed_any && words.first().is_some_and(|w| letterless(w) && !w.starts_with(OPENERS)) {
        words.remove(0);
    }
    while removed_any && words.last().is_some_and(|w| letterless(w) && !w.ends_with(CLOSERS)) {
        words.pop();
    }
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPAM: &str = "In the months and years to come, we look forward to closer peer-to-peer contact and cooperation between our civil societies in the area of prison reform. займы на карту микрозайм онлайн https://zp-pdl.com/get-quick-online-payday-loan-now.php https://zp-pdl.com/online-payday-loans-in-america.php срочный займ";

    #[test]
    fn scripts_of_letters() {
        assert_eq!(script_of('a'), Some(Script::Latin));
        assert_eq!(script_of('ə'), Some(Script::Latin));
        assert_eq!(script_of('ž'), Some(Script::Latin));
        assert_eq!(script_of('ж'), Some(Script::Cyrillic));
        assert_eq!(script_of('λ'), Some(Script::Greek));
        assert_eq!(script_of('ب'), Some(Script::Arabic));
        assert_eq!(script_of('ש'), Some(Script::Hebrew));
        assert_eq!(script_of('漢'), Some(Script::Cjk));
        assert_eq!(script_of('ა'), Some(Script::Other));
        assert_eq!(script_of('7'), None);
        assert_eq!(script_of('-'), None);
    }

    #[test]
    fn dominant_script_counts_letters() {
        assert_eq!(dominant_script("Human rights defenders"), Some(Script::Latin));
        assert_eq!(dominant_script("Правозащитники, OSCE и ООН"), Some(Script::Cyrillic));
        assert_eq!(dominant_script("2024 — 12:00"), None);
        assert_eq!(dominant_script(""), None);
    }

    #[test]
    fn removes_the_seed_spam_run_entirely() {
        let cleaned = clean_body(SPAM);
        assert_eq!(
            cleaned,
            "In the months and years to come, we look forward to closer peer-to-peer contact and cooperation between our civil societies in the area of prison reform."
        );
    }

    #[test]
    fn removes_links_and_addresses_but_keeps_punctuation() {
        let text = "Read the report at https://example.org/report.pdf. Write to press@example.org, or visit www.example.org (see http://x.org/a).";
        assert_eq!(clean_body(text), "Read the report at. Write to, or visit (see).");
        let bare = "Spam zp-pdl.com/get-loan.php here, but the Example.org foundation stays.";
        assert_eq!(clean_body(bare), "Spam here, but the Example.org foundation stays.");
    }

    #[test]
    fn keeps_paragraph_breaks_and_collapses_whitespace() {
        let text = "First   paragraph\nwraps here.\n\n\n  Second paragraph.  \n";
        assert_eq!(clean_body(text), "First paragraph wraps here.\n\nSecond paragraph.");
    }

    #[test]
    fn keeps_single_foreign_words_names_and_quotes_in_russian() {
        let text = "Правозащитники из организации Human Rights Watch заявили, что закон об «иностранных агентах» нарушает права. \
                    Эксперт назвал это словом lawfare и добавил, что так называемый «foreign agents act» копирует практику других стран. \
                    Такие законы, по его словам, легализуют hate speech против независимых журналистов.";
        assert_eq!(clean_body(text), text);
    }

    #[test]
    fn keeps_a_whole_paragraph_in_another_script() {
        let text = "The organisation published its statement in two languages on the same day.\n\n\
                    Организация опубликовала заявление на двух языках в тот же день.\n\n\
                    The Russian version is printed above for the convenience of readers in the region.";
        assert_eq!(clean_body(text), text);
    }

    #[test]
    fn drops_a_lowercase_run_wedged_into_a_paragraph() {
        let text = "The delegation met activists and journalists in Astana on Monday and Tuesday. купить дешево быстро \
                    The talks covered media freedom, the registration of associations and the rights of detainees.";
        assert_eq!(
            clean_body(text),
            "The delegation met activists and journalists in Astana on Monday and Tuesday. \
             The talks covered media freedom, the registration of associations and the rights of detainees."
        );
    }

    #[test]
    fn drops_two_words_tacked_on_between_sentences() {
        let text = "The delegation met activists and journalists in Astana on Monday and Tuesday. займы онлайн \
                    The talks covered media freedom, the registration of associations and the rights of detainees. срочный займ";
        assert_eq!(
            clean_body(text),
            "The delegation met activists and journalists in Astana on Monday and Tuesday. \
             The talks covered media freedom, the registration of associations and the rights of detainees."
        );
    }

    #[test]
    fn azerbaijani_and_lithuanian_text_survive_intact() {
        let az = "Azərbaycanda vətəndaş cəmiyyəti təşkilatlarının fəaliyyəti ilə bağlı yeni hesabat dərc olunub.";
        assert_eq!(clean_body(az), az);
        let lt = "Vilniuje vyko ESBO pilietinės visuomenės konferencija, kurioje dalyvavo žmogaus teisių gynėjai.";
        assert_eq!(clean_body(lt), lt);
        let speech = "— Мы будем добиваться освобождения всех журналистов, — заявил адвокат.\n\n— Это только начало, —";
        assert_eq!(clean_body(speech), speech);
    }

    #[test]
    fn cleaning_twice_changes_nothing() {
        let seed = include_str!("../../tests/fixtures/pages/seed-004.txt");
        for text in [SPAM, seed, "Read the report at https://example.org/report.pdf. (see http://x.org/a)."] {
            let once = clean_body(text);
            assert_eq!(clean_body(&once), once);
        }
    }

    #[test]
    fn drops_paragraphs_left_empty() {
        assert_eq!(clean_body("https://spam.example.com/a\n\nReal text."), "Real text.");
        assert_eq!(clean_body(""), "");
    }
}
