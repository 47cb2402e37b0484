//! Names in text: people, organisations and places, found as runs of capitalised words (with connectors such as
//! "of" and "de"), with the titles that introduce people stripped; what `keywords` turns into entities.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::text;

/// Words that introduce a person's name: stripped from the name, and a sign that it is a person.
pub(super) const TITLES: &[&str] = &[
    "secretary of state", "prime minister", "foreign minister", "deputy secretary", "secretary general",
    "under secretary", "assistant secretary", "deputy assistant secretary", "vice president", "president-elect",
    "president", "secretary", "minister", "ambassador", "chairman", "chairwoman", "director", "deputy", "mr", "mrs",
    "ms", "dr", "sir", "king", "queen", "pope", "senator", "governor", "mayor", "judge", "general", "commissioner",
    "spokesman", "spokeswoman", "chancellor", "premier", "sheikh", "prince", "princess",
    // The same titles where the sites' other languages write them before a name, in the form that opens a sentence.
    "президент", "премьер-министр", "министр", "мэр", "губернатор", "прокурор", "судья", "депутат", "директор",
    "председатель", "посол", "прем'єр-міністр", "прем’єр-міністр", "міністр", "мер", "прокурорка", "суддя",
    "депутатка", "директорка", "очільник", "очільниця", "пан", "пані", "prezidentas", "prezidentė", "premjeras",
    "premjerė", "ministras", "ministrė", "meras", "merė", "teisėjas", "teisėja", "prokuroras", "prokurorė",
    "direktorius", "direktorė", "ambasadorius", "prezident", "nazir", "baş nazir", "sədr", "prokuror", "direktor",
    "deputat", "səfir", "präsident", "präsidentin", "ministerin", "bürgermeister", "bürgermeisterin",
    "oberbürgermeister", "oberbürgermeisterin", "bundeskanzler", "bundeskanzlerin",
];

/// Lower-case words allowed inside a name ("Community of Democracies", "Bashar al-Assad").
pub(super) const NAME_CONNECTORS: &[&str] = &["of", "for", "the", "de", "del", "la", "le", "von", "van", "der", "al", "bin", "ibn", "da", "di", "du"];

/// "And" in the languages of the sites: inside a name only after one of [`NAME_CONNECTORS`] ("Ministry of Labour and
/// Social Protection", "Organization for Security and Co-operation"). Between two names it joins none: "Kerry and
/// Lavrov", "Armenia and Azerbaijan" are two each, as news writes them far more often than "Bosnia and Herzegovina".
const AND_CONNECTORS: &[&str] = &["and", "y", "и", "və", "ir", "і", "ve", "et", "und"];

/// Lower-case words allowed inside an organisation's name, after the word that makes it one ("Committee to Protect
/// Journalists", "Coalition Against Hunger", "Institute on Religion and Democracy"); elsewhere they join no names
/// ("sent Kerry to Basel" names two).
const ORGANIZATION_CONNECTORS: &[&str] = &["to", "against", "on"];

/// Whether `word` joins the capitalised words on either side of it into one name, `run` being the name so far.
/// "Without" joins any ("Reporters Without Borders", "Doctors Without Borders"): it stands between capitalised
/// words in hardly anything else.
fn joins_name(run: &[String], word: &str) -> bool {
    NAME_CONNECTORS.contains(&word)
        || word == "without"
        || (AND_CONNECTORS.contains(&word) && run.iter().any(|w| NAME_CONNECTORS.contains(&w.as_str())))
        || (ORGANIZATION_CONNECTORS.contains(&word)
            && run.last().is_some_and(|last| ORGANIZATION_WORDS.contains(&last.to_lowercase().as_str())))
}

/// Words that make a name an organisation.
pub(super) const ORGANIZATION_WORDS: &[&str] = &[
    "organization", "organisation", "ministry", "department", "council", "community", "commission", "union",
    "party", "agency", "committee", "court", "bank", "university", "association", "foundation", "institute",
    "group", "office", "parliament", "assembly", "federation", "league", "front", "army", "forces", "police",
    "service", "company", "corporation", "fund", "network", "centre", "center", "movement", "solidarity",
    "watch", "international", "nations", "coalition", "board", "bureau", "authority", "government", "congress",
    "campaign",
];

/// Capitalised words that are not names: months and weekdays.
pub(super) const NOT_NAMES: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Months and weekdays where German writes them, capitalised as every noun is.
const NOT_NAMES_GERMAN: &[&str] = &[
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
    "dezember", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
];

/// Languages that capitalise every noun (German, Luxembourgish): there a capitalised word is as often a common noun
/// ("die Stadt", "das Gutachten") as a name.
const NOUN_CAPITALISING_LANGUAGES: &[&str] = &["de", "lb"];

/// German and Luxembourgish articles, alone and contracted with a preposition: one capitalised word after one is a
/// common noun ("die Stadt", "im Januar"). Other function words are no such sign: "in Berlin", "nach Wien",
/// "sagte Scholz" name places and people.
const GERMAN_ARTICLES: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "im", "am", "zum",
    "zur", "vom", "beim", "ins", "ans",
];

/// What finding names needs of a document's language: its function words (beyond the shared list of `text`) and
/// whether it capitalises every noun.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct NameRules<'a> {
    other_stop_words: Option<&'a HashSet<&'static str>>,
    nouns_capitalised: bool,
    german: bool,
}

impl<'a> NameRules<'a> {
    /// The rules for a document in `lang` (a primary subtag), whose function words beyond `text`'s are `other_stop_words`.
    pub(super) fn new(lang: &str, other_stop_words: Option<&'a HashSet<&'static str>>) -> Self {
        NameRules { other_stop_words, nouns_capitalised: NOUN_CAPITALISING_LANGUAGES.contains(&lang), german: lang == "de" }
    }

    fn is_stop_word(&self, lower: &str) -> bool {
        text::is_stop_word(lower) || self.other_stop_words.is_some_and(|stops| stops.contains(lower))
    }

    /// Whether `lower` (a word in lower case) is a month or a weekday, which no name is on its own.
    fn is_not_name(&self, lower: &str) -> bool {
        NOT_NAMES.contains(&lower) || (self.german && NOT_NAMES_GERMAN.contains(&lower))
    }
}

/// Legal forms written before a company's or a public body's name ("ТОВ «Житомирбуд»", "КП Житомирводоканал",
/// "UAB Vilniaus vandenys"): no name on their own, and not the first word of the one they introduce. (Written after
/// it, "Carlyle Industries Inc", a form stays part of the name.)
pub(super) const LEGAL_FORMS: &[&str] = &[
    "ооо", "оао", "зао", "пао", "тов", "пат", "прат", "кп", "пп", "дп", "фоп", "uab", "všį", "mmc", "qsc", "asc", "llc", "gmbh",
];

/// Words that introduce a place ("in Basel", "from Moscow").
pub(super) const PLACE_CUES: &[&str] = &["in", "at", "from", "near", "to", "across", "в", "во", "из"];

/// How a corpus writes its words, which tells names from common words that open sentences: how often each word is
/// written in lower case, and which words are capitalised where a sentence does not begin (both after a sentence's
/// first word).
#[derive(Debug, Default)]
pub(super) struct CaseCounts {
    lower: HashMap<String, u32>,
    /// In lower case.
    capitalised_within: HashSet<String>,
    /// The stems (as `lang|stem`) of the words written in lower case after a sentence's first word: in an inflected
    /// language a common noun that opens one sentence ("Prezidentas", "Нападающий") is written in lower case
    /// elsewhere in another form ("prezidento", "нападающего").
    lower_stems: HashSet<String>,
}

impl CaseCounts {
    pub(super) fn add_sentence(&mut self, sentence: &[String]) {
        for word in sentence.iter().skip(1).filter(|w| *w != BREAK && *w != COMMA) {
            if is_capitalised(word) {
                if !self.capitalised_within.contains(&word.to_lowercase()) {
                    self.capitalised_within.insert(word.to_lowercase());
                }
            } else if let Some(count) = self.lower.get_mut(word.as_str()) {
                *count += 1;
            } else {
                self.lower.insert(word.clone(), 1);
            }
        }
    }

    /// The words the corpus writes in lower case.
    pub(super) fn lower_words(&self) -> impl Iterator<Item = &str> {
        self.lower.keys().map(String::as_str)
    }

    /// Adds the stems (`lang|stem`) of words the corpus writes in lower case.
    pub(super) fn add_lower_stems(&mut self, stems: impl IntoIterator<Item = String>) {
        self.lower_stems.extend(stems);
    }

    /// Whether the corpus writes a word of this stem (`lang|stem`) in lower case somewhere.
    fn lower_stem(&self, stem: &str) -> bool {
        self.lower_stems.contains(stem)
    }

    /// How often the corpus writes `lower` (a word in lower case) so.
    pub(super) fn lower(&self, lower: &str) -> u32 {
        self.lower.get(lower).copied().unwrap_or(0)
    }

    /// Whether the corpus capitalises `lower` (a word in lower case) after a sentence's first word somewhere.
    fn capitalised_within(&self, lower: &str) -> bool {
        self.capitalised_within.contains(lower)
    }
}

/// A name found in running text, with what the words before it suggest.
#[derive(Debug, Clone)]
pub(super) struct NameMention {
    pub(super) display: String,
    pub(super) person_cue: bool,
    pub(super) place_cue: bool,
}

/// What stands in a sentence, among its words, where punctuation parts two names: angle or square brackets (a
/// ticker, "Carlyle Industries Inc <CRL>"), a bar or a dash between words. No name runs across it.
pub(super) const BREAK: &str = "|";
/// What stands for a comma among a sentence's words. No name runs across it: the names of a list are names each
/// ("Sabirabad, Saatli and Imishli", "Ministry of Energy, Azerenerji"), where runs across commas made one rare
/// name of them; a dateline ("NEW YORK, March 3 -") is found by it.
pub(super) const COMMA: &str = ",";

/// Splits text into sentences of words with their original case, for finding names; [`BREAK`] and [`COMMA`] stand
/// where punctuation inside a sentence parts names.
pub(super) fn cased_sentences(body: &str) -> Vec<Vec<String>> {
    let mut sentences = Vec::new();
    let mut sentence = Vec::new();
    let mut word = String::new();
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || (c == '-' && !word.is_empty()) {
            word.push(c);
            continue;
        }
        if matches!(c, '\'' | '’') && !word.is_empty() && chars.peek().is_some_and(|n| n.is_alphabetic()) {
            if chars.peek() == Some(&'s') {
                chars.next();
            } else {
                word.push('\'');
                continue;
            }
        }
        if !word.is_empty() {
            sentence.push(std::mem::take(&mut word).trim_end_matches('-').to_string());
        }
        if matches!(c, '.' | '!' | '?' | ';' | ':' | '\n' | '"' | '“' | '”' | '«' | '»' | '(' | ')') && !sentence.is_empty() {
            sentences.push(std::mem::take(&mut sentence));
        } else if let Some(marker) = match c {
            ',' => Some(COMMA),
            '<' | '>' | '[' | ']' | '|' | '–' | '—' => Some(BREAK),
            _ => None,
        } {
            // One marker between two words: a break where a comma and a bracket meet.
            match sentence.last_mut() {
                Some(last) if last == COMMA && marker == BREAK => *last = BREAK.to_string(),
                Some(last) if last == COMMA || last == BREAK => {}
                Some(_) => sentence.push(marker.to_string()),
                None => {}
            }
        }
    }
    if !word.is_empty() {
        sentence.push(word);
    }
    if !sentence.is_empty() {
        sentences.push(sentence);
    }
    sentences
}

pub(super) fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

pub(super) fn is_acronym(word: &str) -> bool {
    (2..=8).contains(&word.chars().filter(|c| c.is_alphabetic()).count()) && in_capitals(word)
}

/// Whether a word has letters and all of them are capitals ("OSCE", "NEW", "1ST").
fn in_capitals(word: &str) -> bool {
    let mut letters = word.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(char::is_uppercase)
}

/// Whether a word in capitals is a Roman numeral of the letters news writes them with (I, V, X), as a century or a
/// ruler's number: "XIV", "XXI", "II" (2 to 39, written the standard way). Numerals with L, C, D or M are left to be
/// names ("DC", "MDC", "CD").
fn is_roman_numeral(word: &str) -> bool {
    const UNITS: [&str; 10] = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"];
    let units = word.trim_start_matches('X');
    word.len() >= 2 && word.len() - units.len() <= 3 && UNITS.contains(&units)
}

/// The titles split into words, once.
pub(super) fn title_words() -> &'static [Vec<&'static str>] {
    static SPLIT: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    SPLIT.get_or_init(|| TITLES.iter().map(|t| t.split(' ').collect()).collect())
}

/// How German titles end, which it writes as compounds ("Umweltbürgermeisterin", "Vereinspräsident", "Landrat"): a
/// word that ends so before a name is a title where every noun is capitalised.
const GERMAN_TITLE_ENDINGS: &[&str] = &[
    "präsident", "präsidentin", "minister", "ministerin", "bürgermeister", "bürgermeisterin", "kanzler", "kanzlerin",
    "direktor", "direktorin", "sprecher", "sprecherin", "leiter", "leiterin", "kämmerer", "kämmerin", "dezernent",
    "dezernentin", "vorsitzende", "vorsitzender", "beauftragte", "beauftragter", "trainer", "trainerin", "chef", "chefin",
    "rat", "rätin", "richter", "richterin", "anwalt", "anwältin",
];

/// Removes a leading title ("Secretary of State Kerry" -> "Kerry"); tells whether there was one.
pub(super) fn strip_title<'w>(words: &'w [String], rules: &NameRules) -> (&'w [String], bool) {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut start = 0;
    let mut stripped = false;
    'outer: loop {
        for parts in title_words() {
            if start + parts.len() < words.len() && parts.iter().enumerate().all(|(i, p)| lower[start + i] == *p) {
                start += parts.len();
                stripped = true;
                continue 'outer;
            }
        }
        // The title, or a compound with at least three letters before it ("Landrat", not "Murat").
        let compound_title = |word: &str| {
            GERMAN_TITLE_ENDINGS.iter().any(|ending| word == *ending || (word.ends_with(ending) && word.chars().count() >= ending.chars().count() + 3))
        };
        if rules.german && start + 1 < words.len() && compound_title(&lower[start]) {
            start += 1;
            stripped = true;
            continue;
        }
        break;
    }
    (&words[start..], stripped)
}

/// Where a chain of names that locate the one ending at `end` ends (each after a comma, as in "Montreal, Quebec,
/// Canada"), or `None` when no name follows a comma there or the names are a list's: a stop word ("and", "и", "və"),
/// then a name (after more stop words: "and the World Bank"), follows the last of them.
fn locator_chain_end(sentence: &[String], end: usize, name_follows: &dyn Fn(usize) -> bool, rules: &NameRules) -> Option<usize> {
    let mut at = end;
    while sentence.get(at).is_some_and(|w| w == COMMA) && name_follows(at + 1) {
        at += 1;
        while sentence.get(at).is_some_and(|w| is_capitalised(w)) {
            at += 1;
        }
    }
    if at == end {
        return None;
    }
    let stop = |w: &String| rules.is_stop_word(&w.to_lowercase());
    let after_stop_words = sentence[at..].iter().position(|w| !stop(w)).map(|offset| at + offset);
    let list = sentence.get(at).is_some_and(stop) && after_stop_words.and_then(|next| sentence.get(next)).is_some_and(|w| is_capitalised(w));
    (!list).then_some(at)
}

/// Finds capitalised names in a text: runs of capitalised words (with connectors inside), acronyms, and single
/// capitalised words that are not just starting a sentence. `cases` says how the corpus writes each word, which
/// tells a name from a sentence-initial common word.
/// `stem` gives a lower-case word's `lang|stem` key, as [`CaseCounts::add_lower_stems`] takes them.
pub(super) fn find_names(sentences: &[Vec<String>], cases: &CaseCounts, rules: &NameRules, stem: &mut dyn FnMut(&str) -> String) -> Vec<NameMention> {
    let mut mentions = Vec::new();
    for sentence in sentences {
        // A line in capitals ("HARNISCHFEGER CORP 1ST QTR NET", a wire's headline) is shouted: its words say nothing
        // of which are names.
        let worded: Vec<&String> = sentence.iter().filter(|w| w.chars().any(char::is_alphabetic)).collect();
        if worded.len() >= 3 && worded.iter().all(|w| in_capitals(w)) {
            continue;
        }
        let mut i = 0;
        while i < sentence.len() {
            if !is_capitalised(&sentence[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let mut end = i + 1;
            let name_follows = |at: usize| sentence.get(at).is_some_and(|w| is_capitalised(w) && !rules.is_not_name(&w.to_lowercase()));
            while end < sentence.len() {
                if is_capitalised(&sentence[end]) {
                    end += 1;
                } else if joins_name(&sentence[start..end], &sentence[end]) && name_follows(end + 1) {
                    end += 2;
                } else {
                    break;
                }
            }
            i = end;
            // Names after it, each after a comma, with no "and" before a last one ("in Montreal, Quebec, Canada"),
            // say where the first is: they are no names of what the text is about, and as names each (a country
            // on every story filed there) they tied items by place alone. A list ("Sabirabad, Saatli and Imishli",
            // "Azerenerji and the World Bank") names each of its items.
            if let Some(locators_end) = locator_chain_end(sentence, end, &name_follows, rules) {
                i = locators_end;
            }
            // A dateline ("NEW YORK, March 3 -", "LONDON, 5 March"): a place in capitals that opens the text, a comma,
            // then the date. Every story filed there has it: it names the desk, not what the story is about.
            let dated = |w: &String| rules.is_not_name(&w.to_lowercase()) || w.starts_with(|c: char| c.is_ascii_digit());
            if start == 0 && sentence[start..end].iter().all(|w| in_capitals(w)) && sentence.get(end).is_some_and(|w| w == COMMA) && sentence.get(end + 1).is_some_and(dated) {
                continue;
            }
            let run: Vec<String> = sentence[start..end].iter().take(8).cloned().collect();
            let (run, person_cue) = strip_title(&run, rules);
            // A capitalised function word, month or weekday opens many a sentence ("In February the EU", "On Monday
            // NATO", "The OSCE"): none of them is part of the name that follows.
            // So does a common word the corpus writes in lower case and capitalises only to open a sentence, when a
            // word the corpus capitalises inside sentences follows ("Yesterday Kerry met"); "Human Rights Watch" that
            // only ever opens sentences stays whole.
            // The lower-case use may be another form of the word (an inflected language).
            let mut opener = |pair: &[String]| {
                let lower = pair[0].to_lowercase();
                start == 0
                    && !cases.capitalised_within(&lower)
                    && cases.capitalised_within(&pair[1].to_lowercase())
                    && (cases.lower(&lower) >= 1 || cases.lower_stem(&stem(&lower)))
            };
            let run = if run.len() >= 2 && opener(run) { &run[1..] } else { run };
            let run: Vec<&String> = run
                .iter()
                .skip_while(|w| {
                    let lower = w.to_lowercase();
                    rules.is_stop_word(&lower) || rules.is_not_name(&lower) || LEGAL_FORMS.contains(&lower.as_str())
                })
                .collect();
            // Words in capitals that the corpus also writes in lower case are shouted text ("NOTE", "ALL RIGHTS
            // RESERVED" in a legal notice), not acronyms.
            let shouted = |w: &str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && in_capitals(w) && cases.lower(&w.to_lowercase()) >= 3;
            if !run.is_empty() && run.iter().all(|w| shouted(w)) {
                continue;
            }
            let joined_lower = run.iter().map(|w| w.to_lowercase()).collect::<Vec<_>>().join(" ");
            if run.is_empty() || rules.is_not_name(&joined_lower) || TITLES.contains(&joined_lower.as_str()) || run.iter().all(|w| TITLES.contains(&w.to_lowercase().as_str())) {
                // A title with no name after it ("Deputy Assistant Secretary") names nobody.
                continue;
            }
            let single = run.len() == 1;
            let word = run[0].as_str();
            if single && is_roman_numeral(word) {
                // A century or a king's number ("XXI", "XIV") is no name on its own.
                continue;
            }
            if single && !is_acronym(word) {
                let lower = word.to_lowercase();
                let seen_lower = cases.lower(&lower);
                // A capitalised word at the start of a sentence is a name only if the corpus never writes it in
                // lower case and capitalises it elsewhere too: a small site's "Analysts", "Farmers" or "Heavy" open
                // sentences and are written nowhere else. Anywhere else, capitals mean a name unless the word is
                // mostly lower case.
                let threshold = if start == 0 { 1 } else { 3 };
                let unproven = start == 0 && !cases.capitalised_within(&lower);
                if unproven || seen_lower >= threshold || rules.is_stop_word(&lower) || word.chars().count() < 2 {
                    continue;
                }
                // Where every noun is capitalised, one word after an article is a common noun ("die Stadt", "im
                // Januar", "das Gutachten"): German names of people and places rarely take one.
                let article = |word: &String| GERMAN_ARTICLES.contains(&word.to_lowercase().as_str());
                let after_article = start > 0 && article(&sentence[start - 1]);
                let stripped_article = sentence[start..end].len() > run.len() && article(&sentence[start]);
                if rules.nouns_capitalised && (after_article || stripped_article) {
                    continue;
                }
            }
            let place_cue = start > 0 && PLACE_CUES.contains(&sentence[start - 1].to_lowercase().as_str());
            let display = run.iter().map(|w| w.as_str()).collect::<Vec<_>>().join(" ");
            mentions.push(NameMention { display, person_cue, place_cue });
        }
    }
    mentions
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How `corpus` writes its words.
    fn cases(corpus: &str) -> CaseCounts {
        let mut cases = CaseCounts::default();
        for sentence in cased_sentences(corpus) {
            cases.add_sentence(&sentence);
        }
        cases
    }

    fn names(text: &str, corpus: &str) -> Vec<String> {
        find_names(&cased_sentences(text), &cases(&format!("{text} {corpus}")), &NameRules::default(), &mut |w| w.to_string()).into_iter().map(|m| m.display).collect()
    }

    #[test]
    fn finds_names_and_strips_titles() {
        let text = "Secretary of State Kerry met the Community of Democracies in Basel. The OSCE agreed. Activists spoke.";
        assert_eq!(names(text, "The activists and other activists met."), ["Kerry", "Community of Democracies", "Basel", "OSCE"]);
        let titles_only = names("He serves as Deputy Assistant Secretary for the bureau.", "");
        assert!(titles_only.is_empty(), "{titles_only:?}");
    }

    #[test]
    fn no_entities_from_sentence_openers_or_shouted_text() {
        let corpus = "We note it, note that and note more. Our rights and rights and rights. It is reserved, reserved and reserved.";
        assert_eq!(names("In February the EU met. NOTE: ALL RIGHTS RESERVED. On Monday NATO spoke.", corpus), ["EU", "NATO"]);
    }

    #[test]
    fn organisations_named_with_to_against_on_or_without() {
        let text = "The Committee to Protect Journalists and Reporters Without Borders wrote to the Campaign Against Arms Trade. \
            They sent Kerry to Basel. The Court on Monday ruled.";
        assert_eq!(
            names(text, ""),
            ["Committee to Protect Journalists", "Reporters Without Borders", "Campaign Against Arms Trade", "Kerry", "Basel", "Court"]
        );
    }

    #[test]
    fn german_common_nouns_months_and_articles_are_no_names() {
        // Function words as the ISO list has them: prepositions and "sagte" among them.
        let stops: HashSet<&'static str> = ["die", "der", "das", "den", "im", "am", "ab", "mit", "über", "in", "nach", "sagte"].into_iter().collect();
        let text = "Die Stadt Lindenau sperrt die Schillerbrücke ab Montag. Oberbürgermeisterin Katrin Wehrmann besuchte \
            am Mittwoch das Gutachten im Rathaus. Die Landesdirektion prüft den Haushalt.";
        let corpus = "Die Brücke ist alt. Im Januar kam der Bericht.";
        let german = find_names(&cased_sentences(text), &cases(&format!("{text} {corpus}")), &NameRules::new("de", Some(&stops)), &mut |w| w.to_string());
        let found: Vec<String> = german.into_iter().map(|m| m.display).collect();
        assert_eq!(found, ["Stadt Lindenau", "Katrin Wehrmann"], "no common noun after an article, no weekday, no article glued to a name");
        let titled = "Gestern sprach Umweltbürgermeisterin Petra Lorenz mit Kämmerer Jörg Lindner und Landrat Uwe Meier.";
        let found: Vec<String> = find_names(&cased_sentences(titled), &cases(titled), &NameRules::new("de", Some(&stops)), &mut |w| w.to_string()).into_iter().map(|m| m.display).collect();
        assert_eq!(found, ["Petra Lorenz", "Jörg Lindner", "Uwe Meier"], "German compound titles are stripped");
        let places = "Die Delegation reiste nach Wien und traf sich in Berlin mit Murat Yilmaz, sagte Scholz.";
        let found: Vec<String> = find_names(&cased_sentences(places), &cases(places), &NameRules::new("de", Some(&stops)), &mut |w| w.to_string()).into_iter().map(|m| m.display).collect();
        assert_eq!(found, ["Wien", "Berlin", "Murat Yilmaz", "Scholz"], "names after prepositions and verbs; no title in a given name");
        // English keeps a single capitalised word after "the" as a name ("the Kremlin").
        assert_eq!(names("Officials at the Kremlin spoke.", "Officials spoke."), ["Kremlin"]);
    }

    #[test]
    fn and_joins_two_names_only_inside_an_organisations_name() {
        let text = "Yesterday Kerry and Lavrov met in Basel. Officials from Russia and Ukraine spoke to the Ministry of Labour and \
            Social Protection. Армения и Азербайджан подписали документ.";
        let corpus = "It happened yesterday, and officials said so. Then Kerry left. Human Rights Watch wrote. Human rights matter.";
        assert_eq!(
            names(text, corpus),
            // "Армения" opens its sentence and is capitalised nowhere else here: no name on its own (as "Analysts").
            ["Kerry", "Lavrov", "Basel", "Russia", "Ukraine", "Ministry of Labour and Social Protection", "Азербайджан"]
        );
        assert_eq!(names("Human Rights Watch wrote again.", corpus), ["Human Rights Watch"], "a name that opens sentences keeps its first word");
    }

    #[test]
    fn roman_numerals_are_no_names_on_their_own() {
        assert!(is_roman_numeral("XIV") && is_roman_numeral("XXI") && is_roman_numeral("II") && is_roman_numeral("XXXIX"));
        assert!(!is_roman_numeral("I") && !is_roman_numeral("VX") && !is_roman_numeral("IIII") && !is_roman_numeral("DC") && !is_roman_numeral("EU"));
        let text = "The castle of the XIV century reopened. Pope Leo XIV visited Kaunas. The EU and NATO met in the XXI century.";
        assert_eq!(names(text, ""), ["Leo XIV", "Kaunas", "EU", "NATO"]);
    }

    #[test]
    fn punctuation_parts_names_and_shouted_lines_have_none() {
        let text = "NEW YORK, March 3 - Carlyle Industries Inc <CRL> said it bought Belding Heminway. \
            On Monday, April 6 Carlyle said so. CARLYLE STARTS TENDER OFFER FOR BELDING HEMINWAY";
        let corpus = "It started to rain. New offers. A tender. They met for talks. It is new. A new day.";
        assert_eq!(names(text, corpus), ["Carlyle Industries Inc", "CRL", "Belding Heminway", "Carlyle"]);
        assert_eq!(names("LONDON, 5 March - The Bank of England held rates. NATO, the alliance, met.", ""), ["Bank of England", "NATO"]);
        // The names of a list are names each, not one name across its commas.
        let list = "Flood barriers were built in Sabirabad, Saatli and Imishli with the Ministry of Energy, Azerenerji and the World Bank.";
        assert_eq!(names(list, ""), ["Sabirabad", "Saatli", "Imishli", "Ministry of Energy", "Azerenerji", "World Bank"]);
        assert_eq!(names("Прибыли делегации Дании, Объединённых Арабских Эмиратов и Японии.", ""), ["Дании", "Объединённых Арабских Эмиратов", "Японии"]);
        // Names that say where the one before them is, with no "and", are not names of their own.
        assert_eq!(names("A police officer is killed in a shooting in Montreal, Quebec, Canada, on Monday.", ""), ["Montreal"]);
        assert_eq!(names("Two helicopters collide near Athens, Greece. Greece mourns.", ""), ["Athens", "Greece"]);
    }

    #[test]
    fn a_legal_form_before_a_name_is_neither_a_name_nor_part_of_one() {
        let text = "Роботи виконує ТОВ «Житомирбуд», а воду постачає КП Житомирводоканал. Договір підписав UAB Vilniaus Vandenys.";
        let found = names(text, "");
        assert!(found.iter().all(|name| !["ТОВ", "КП", "UAB"].iter().any(|form| name.split(' ').any(|word| word == *form))), "{found:?}");
        assert!(found.contains(&"Житомирводоканал".to_string()) && found.contains(&"Vilniaus Vandenys".to_string()), "{found:?}");
    }

    #[test]
    fn titles_in_the_sites_languages_are_stripped_from_names() {
        let text = "Прокурор Юлія Савенко подала позов. Oberbürgermeisterin Anna Schmidt sprach. Prezidentas Gitanas Nausėda atvyko.";
        assert_eq!(names(text, ""), ["Юлія Савенко", "Anna Schmidt", "Gitanas Nausėda"]);
    }

    #[test]
    fn a_word_that_only_opens_sentences_is_no_name() {
        // A small site: these words are never written in lower case, but never capitalised inside a sentence either.
        let text = "Analysts expect more. Farmers say prices fell. Heavy rains hit Basel. Twelve journalists met Kerry. Kerry spoke.";
        assert_eq!(names(text, ""), ["Basel", "Kerry", "Kerry"]);
    }
}
