//! Article extraction: the metadata and main text of an HTML page or a plain-text file, with page chrome removed.
//!
//! Both inputs end up as a sequence of blocks (a paragraph, a heading or a list item, with how much of it is link
//! text), which one filter then reads the way a person skims a page: chrome lines such as "Quick search" or
//! language switchers are skipped, a heading such as "Maybe you are interested in:" drops the list of other
//! headlines that follows it, "Comments" ends the article, and runs of short lines form menus. HTML pages first
//! lose whole chrome elements (navigation, forms, share bars, sidebars, link lists) before their text is read,
//! and the article itself is taken from the element that holds it rather than from the whole page.

use scraper::{ElementRef, Html, Node};
use serde_json::Value;

use super::clean::clean_body;
use crate::text;

/// An image that represents the article (og:image or the JSON-LD image).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedImage {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// What could be read from one page; every field is optional except the (possibly empty) body.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExtractedPage {
    /// og:title, else the main h1, else `<title>`, with a confirmed site suffix (" | Site") removed.
    pub title: Option<String>,
    /// `<link rel=canonical href>`, as written.
    pub canonical_url: Option<String>,
    /// "YYYY-MM-DD" or RFC 3339 "YYYY-MM-DDTHH:MM:SS(Z|±HH:MM)".
    pub date: Option<String>,
    /// A BCP 47 tag such as "en" or "en-US".
    pub lang: Option<String>,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub summary: Option<String>,
    pub image: Option<ExtractedImage>,
    pub authors: Vec<String>,
    /// The main text: paragraphs separated by "\n\n", whitespace collapsed, cleaned by [`clean_body`].
    pub body: String,
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks and the chrome filter shared by both inputs.
// ---------------------------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
}

/// One paragraph-like piece of text, with the share of it that was link text (always 0 for plain text).
#[derive(Debug, Clone)]
struct Block {
    text: String,
    kind: BlockKind,
    link_chars: usize,
}

impl Block {
    fn plain(text: String) -> Self {
        Block { text, kind: BlockKind::Paragraph, link_chars: 0 }
    }

    fn link_ratio(&self) -> f64 {
        let total = visible_chars(&self.text);
        if total == 0 {
            0.0
        } else {
            self.link_chars as f64 / total as f64
        }
    }
}

/// What a line of text is, as far as the article is concerned.
#[derive(Debug, Clone, PartialEq)]
enum LineClass {
    /// Part of the article (or at least not recognisably anything else).
    Content,
    /// A chrome line on its own: a language switcher, "Quick search", "Share on Facebook".
    Chrome,
    /// A heading that introduces a list of links ("More news", "Read also:"): the list that follows goes too.
    Section,
    /// The start of the comments: nothing after it belongs to the article.
    End,
    /// "By Jane Doe / April 26, 2012": the authors and the date, not body text.
    Byline { authors: Vec<String>, date: Option<String> },
    /// A line that is nothing but a date.
    Date(String),
}

/// What the filter learnt from lines it removed.
#[derive(Debug, Default)]
struct Removed {
    authors: Vec<String>,
    date: Option<String>,
}

/// Keeps the blocks that belong to the article, in order.
///
/// `title` is dropped where it repeats as a line of text, a heading or a link. In plain text every short line is
/// a possible menu entry; in HTML only list items and link-heavy blocks are, because HTML already says what is a
/// heading.
fn filter_blocks(blocks: Vec<Block>, title: Option<&str>, plain_text: bool, removed: &mut Removed) -> Vec<String> {
    let title_key = title.map(line_key);
    let mut kept: Vec<Block> = Vec::new();
    let mut skipping = false;
    for block in blocks {
        match classify(&block.text) {
            // "Comments (3)" in a meta line under the headline is no end: only after some of the article.
            LineClass::End if kept.iter().any(|b| is_prose(&b.text)) => break,
            LineClass::End => {}
            LineClass::Section => skipping = true,
            LineClass::Chrome => {}
            LineClass::Byline { authors, date } => {
                removed.authors.extend(authors);
                if removed.date.is_none() {
                    removed.date = date;
                }
            }
            LineClass::Date(date) => {
                if removed.date.is_none() {
                    removed.date = Some(date);
                }
            }
            LineClass::Content => {
                let linky = block.link_ratio() >= 0.5;
                if skipping {
                    // The list after a chrome heading ends where the article visibly resumes: a real paragraph,
                    // or in HTML a heading of its own.
                    let resumes = !linky
                        && (is_long_prose(&block.text) || (!plain_text && block.kind == BlockKind::Heading));
                    if !resumes {
                        continue;
                    }
                    skipping = false;
                }
                // A repeated headline is page furniture, but in HTML a paragraph that happens to say what the
                // headline says (a one-sentence news item) is the story itself.
                let repeats_title = title_key.as_deref() == Some(line_key(&block.text).as_str());
                if repeats_title && (plain_text || linky || block.kind == BlockKind::Heading) {
                    continue;
                }
                if kept.last().is_some_and(|last| last.text == block.text) {
                    continue;
                }
                kept.push(block);
            }
        }
    }

    // Short lines next to other short lines are menus, tag lists or lists of headlines.
    let menu_like = |b: &Block| {
        is_short(&b.text)
            && (plain_text || b.kind == BlockKind::ListItem || (b.link_ratio() >= 0.5 && b.kind != BlockKind::Heading))
    };
    let flags: Vec<bool> = kept.iter().map(menu_like).collect();
    kept.into_iter()
        .enumerate()
        .filter(|(i, _)| {
            let neighbour = (*i > 0 && flags[i - 1]) || flags.get(i + 1).copied().unwrap_or(false);
            !(flags[*i] && neighbour)
        })
        .map(|(_, b)| b.text)
        .collect()
}

fn classify(line: &str) -> LineClass {
    if !line.chars().any(char::is_alphanumeric) {
        return LineClass::Chrome;
    }
    let key = line_key(line);
    let words = key.split_whitespace().count();
    if END_PHRASES.contains(&key.as_str()) {
        return LineClass::End;
    }
    if SECTION_PHRASES.contains(&key.as_str()) || is_section_prefix(&key, words) || points_below(&key, line, words) {
        return LineClass::Section;
    }
    if CHROME_PHRASES.contains(&key.as_str())
        || is_language_switcher(line)
        || is_image_noise(line)
        || is_social_line(&key)
        || is_copyright(&key, words)
        || is_pagination(&key)
        || is_credit(&key, words)
        || is_attribution(&key, words)
        || is_chrome_row(line)
    {
        return LineClass::Chrome;
    }
    if let Some((authors, date)) = parse_byline(line) {
        return LineClass::Byline { authors, date };
    }
    if words <= 8 {
        if let Some(date) = parse_loose_date(line, true) {
            return LineClass::Date(date);
        }
    }
    LineClass::Content
}

/// Lower-cased line without surrounding punctuation or a trailing count: "Comments (0)" gives "comments".
fn line_key(line: &str) -> String {
    let lower = collapse(&line.to_lowercase());
    let mut text = lower.as_str();
    // A count in brackets after a heading ("Comments (3)", "Комментарии [0]") is part of the chrome.
    for (open, close) in [('(', ')'), ('[', ']')] {
        let trimmed = text.trim_end();
        if let Some(inner) = trimmed.strip_suffix(close) {
            if let Some(i) = inner.rfind(open) {
                if inner[i + open.len_utf8()..].trim().chars().all(|c| c.is_ascii_digit()) {
                    text = &inner[..i];
                }
            }
        }
    }
    let text = text.trim_matches(|c: char| !c.is_alphanumeric());
    collapse(text)
}

/// Headings after which the comments start; nothing after them is article text.
///
/// Only plural or imperative forms are listed: a lone "Comment" or "Discussion" is as often an opinion label or a
/// section of a report as the start of the comments.
const END_PHRASES: &[&str] = &[
    "comments", "no comments", "leave a comment", "leave a reply", "post a comment", "add a comment",
    "add comment", "place your comment", "write a comment", "your comment", "join the discussion",
    "комментарии", "оставить комментарий", "добавить комментарий", "написать комментарий", "ваш комментарий",
    "şərhlər", "şərh yaz", "şərh əlavə et", "rəy bildir", "komentarai", "komentuoti", "rašyti komentarą",
    "parašykite komentarą", "palikite komentarą",
];

/// Headings that introduce a list of links or a form, matched as the whole line.
const SECTION_PHRASES: &[&str] = &[
    "maybe you are interested in", "you may also be interested in", "you might also be interested in",
    "you may be interested in", "you may also like", "you might also like", "more news", "other news",
    "latest news", "more stories", "related", "related articles", "related news", "related stories",
    "related posts", "related content", "related topics", "read more", "read also", "see also", "also read",
    "more on this", "more on this topic", "recommended", "popular", "most read", "most popular", "top stories",
    "all news", "subscribe", "subscribe to our updates", "subscribe to our newsletter", "subscribe to newsletter",
    "sign up for our newsletter", "newsletter", "share", "share this", "share this article", "share this story",
    "share this page", "tags", "topics", "organizations in this story", "organisations in this story",
    "in this story", "people in this story", "categories", "archive", "news archive",
    // Russian.
    "читайте также", "читать также", "также читайте", "смотрите также", "см. также", "другие новости",
    "похожие новости", "похожие материалы", "по теме", "материалы по теме", "новости по теме", "ещё новости",
    "еще новости", "все новости", "последние новости", "популярное", "самое читаемое", "подписаться",
    "подпишитесь", "подписка", "подписаться на рассылку", "поделиться", "теги", "метки", "рубрики", "архив",
    // Azerbaijani.
    "digər xəbərlər", "oxşar xəbərlər", "mövzu ilə bağlı", "həmçinin oxuyun", "həmçinin bax", "son xəbərlər",
    "bütün xəbərlər", "ən çox oxunan", "ən çox oxunanlar", "abunə ol", "abunə olun", "paylaş", "teqlər",
    "etiketlər", "arxiv",
    // Lithuanian.
    "daugiau naujienų", "susiję straipsniai", "susijusios naujienos", "kitos naujienos", "taip pat skaitykite",
    "visos naujienos", "naujausios naujienos", "skaitomiausi", "skaitomiausios", "prenumeruoti",
    "prenumeruokite", "dalintis", "pasidalinti", "žymos", "archyvas",
];

/// Line openings that, followed by a colon or a dash, make the line a list heading ("Read also: ...").
const SECTION_PREFIXES: &[&str] = &[
    "read also", "see also", "also read", "read more", "related", "more news", "tags", "keywords", "topics",
    "categories", "category", "share", "читайте также", "смотрите также", "см. также", "также читайте", "по теме",
    "теги", "метки", "ключевые слова", "рубрика", "поделиться", "həmçinin oxuyun", "həmçinin bax", "teqlər",
    "etiketlər", "açar sözlər", "kateqoriya", "paylaş", "taip pat skaitykite", "taip pat žiūrėkite", "žymos",
    "raktažodžiai", "kategorija", "dalintis",
];

/// Chrome lines matched as the whole line.
const CHROME_PHRASES: &[&str] = &[
    "quick search", "advanced search", "reset all", "search", "your login", "login", "log in", "sign in",
    "sign up", "register", "logout", "log out", "my account", "home", "home page", "menu", "main menu",
    "skip to content", "skip to main content", "print", "print this page", "print version", "email",
    "e-mail", "email this", "share on facebook", "share on twitter", "tweet", "like", "read full story",
    "continue reading", "more", "back", "back to top", "to top", "top", "next", "previous", "next article",
    "previous article", "next post", "previous post", "advertisement", "sponsored", "loading", "photo",
    "photos", "video", "gallery", "close", "open", "toggle navigation", "follow us", "contact us",
    "поиск", "расширенный поиск", "найти", "войти", "вход", "выход", "регистрация", "главная", "меню",
    "печать", "версия для печати", "распечатать", "читать далее", "подробнее", "далее", "назад", "наверх",
    "реклама", "фото", "видео", "axtar", "axtarış", "daxil ol", "giriş", "çıxış", "qeydiyyat", "ana səhifə",
    "əsas səhifə", "menyu", "çap et", "çap versiyası", "ətraflı", "davamını oxu", "geri", "reklam", "foto",
    "paieška", "ieškoti", "išplėstinė paieška", "prisijungti", "atsijungti", "registruotis", "pradžia",
    "pagrindinis", "meniu", "spausdinti", "skaityti daugiau", "plačiau", "atgal", "reklama", "nuotrauka",
    "back to list", "back to news", "возврат к списку", "вернуться к списку", "назад к списку", "siyahıya qayıt",
    "grįžti į sąrašą",
];

fn is_section_prefix(key: &str, words: usize) -> bool {
    words <= 30
        && SECTION_PREFIXES.iter().any(|prefix| {
            key.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(" -") || rest.starts_with(" —"))
        })
}

/// "To learn more ... please read below", "For more information ... click on the links below:": a pointer to
/// a list of links, not a sentence of the article.
fn points_below(key: &str, line: &str, words: usize) -> bool {
    const BELOW: &[&str] = &["below", "ниже", "aşağıda", "žemiau"];
    const LEAD: &[&str] = &[
        "learn more", "more information", "read more", "find out more", "click", "подробнее", "узнать больше",
        "больше информации", "ətraflı", "daha çox", "daugiau informacijos", "sužinoti daugiau",
    ];
    words <= 35
        && BELOW.iter().any(|b| key.ends_with(b) || (line.trim_end().ends_with(':') && key.contains(b)))
        && LEAD.iter().any(|l| key.contains(l))
}

/// Language codes and names seen in language switchers ("Rus Eng Az Lz", "EN | RU").
const LANGUAGE_TOKENS: &[&str] = &[
    "en", "eng", "english", "ru", "rus", "russian", "az", "aze", "azeri", "lz", "lez", "lt", "lit", "de", "deu",
    "ger", "fr", "fra", "fre", "es", "esp", "spa", "it", "ita", "pl", "pol", "ua", "uk", "ukr", "ka", "geo",
    "hy", "arm", "kk", "kz", "kaz", "uz", "uzb", "tr", "tur", "be", "by", "bel", "tj", "tg", "taj", "ky", "kg",
    "kyr", "lv", "lat", "et", "est", "ro", "rom", "bg", "bul", "sr", "srb", "hr", "ar", "ara", "fa", "per", "he",
    "heb", "zh", "cn", "chi", "ja", "jp", "jpn", "ko", "kr", "kor", "pt", "por", "nl", "sv", "swe", "fi", "fin",
    "no", "nor", "da", "dan", "cs", "cz", "sk", "hu", "hun", "el", "gr", "gre", "mn", "mon", "tk", "tkm",
    "русский", "рус", "eng.", "азерб", "azərbaycan", "azərbaycanca", "lietuvių", "lietuviškai", "deutsch",
    "français", "español", "українська", "укр", "қазақша", "türkçe", "ქართული", "հայերեն", "english",
];

fn is_language_switcher(line: &str) -> bool {
    let tokens: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '/' | '•' | '·' | ',' | ';'))
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .collect();
    if !(2..=6).contains(&tokens.len()) {
        return false;
    }
    let mut known = 0;
    for token in &tokens {
        let lower = token.to_lowercase();
        if LANGUAGE_TOKENS.contains(&lower.as_str()) {
            known += 1;
        } else if token.chars().count() > 3 || !token.chars().next().is_some_and(char::is_uppercase) {
            return false;
        }
    }
    known >= 2 && known * 2 >= tokens.len()
}

/// "Webp ufgg1a0a6bbunaxq5h6ro7bbpept", "IMG_2041.JPG": the name of an image that lost its picture.
fn is_image_noise(line: &str) -> bool {
    const FORMATS: &[&str] = &["webp", "jpg", "jpeg", "png", "gif", "avif", "svg", "image", "img", "photo"];
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.is_empty() || tokens.len() > 3 {
        return false;
    }
    let is_hash = |t: &str| {
        t.len() >= 12
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && t.chars().filter(char::is_ascii_digit).count() >= 2
            && t.chars().filter(char::is_ascii_alphabetic).count() >= 2
    };
    let is_file = |t: &str| {
        let lower = t.to_ascii_lowercase();
        FORMATS.iter().any(|f| lower.ends_with(&format!(".{f}"))) && !lower.contains(' ')
    };
    tokens.iter().all(|t| FORMATS.contains(&t.to_ascii_lowercase().as_str()) || is_hash(t) || is_file(t))
        && tokens.iter().any(|t| is_hash(t) || is_file(t))
}

/// A row of share buttons: "Facebook Twitter Telegram".
fn is_social_line(key: &str) -> bool {
    const SOCIAL: &[&str] = &[
        "facebook", "twitter", "x", "telegram", "whatsapp", "vk", "vkontakte", "linkedin", "instagram", "youtube",
        "email", "e-mail", "print", "rss", "ok", "odnoklassniki", "pinterest", "reddit", "viber", "messenger",
        "copy", "link", "share", "tweet", "mail", "threads", "bluesky", "mastodon",
    ];
    if let Some(rest) = key.strip_prefix("share on ").or_else(|| key.strip_prefix("share via ")) {
        return rest.split_whitespace().count() <= 3;
    }
    let tokens: Vec<&str> = key.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|t| !t.is_empty()).collect();
    tokens.len() >= 2 && tokens.iter().all(|t| SOCIAL.contains(t))
}

fn is_copyright(key: &str, words: usize) -> bool {
    const MARKS: &[&str] =
        &["all rights reserved", "все права защищены", "bütün hüquqlar qorunur", "visos teisės saugomos"];
    words <= 25 && (key.starts_with("copyright") || MARKS.iter().any(|m| key.contains(m)))
        || key.starts_with('©')
}

/// "1 2 3 Next", "Page 2 of 7".
fn is_pagination(key: &str) -> bool {
    const WORDS: &[&str] = &["page", "of", "next", "prev", "previous", "first", "last", "страница", "из", "след"];
    let tokens: Vec<&str> = key
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .collect();
    tokens.len() >= 2
        && tokens.iter().any(|t| t.chars().all(|c| c.is_ascii_digit()))
        && tokens.iter().all(|t| t.chars().all(|c| c.is_ascii_digit()) || WORDS.contains(t))
}

/// "Photo: Reuters", "Фото: пресс-служба": picture credits.
fn is_credit(key: &str, words: usize) -> bool {
    const LEADS: &[&str] = &["photo", "photos", "image", "фото", "foto", "şəkil", "nuotr", "nuotrauka", "credit"];
    words <= 8
        && LEADS.iter().any(|lead| {
            key.strip_prefix(lead)
                .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(" by ") || rest.starts_with(" ©"))
        })
}

/// "All news | Print version": a row of chrome links on one line.
fn is_chrome_row(line: &str) -> bool {
    let parts: Vec<&str> = line.split(['|', '•', '·']).map(str::trim).filter(|p| !p.is_empty()).collect();
    parts.len() >= 2 && parts.iter().all(|p| classify(p) != LineClass::Content)
}

/// "Reported by Reuters", "Source: DW", "Text: Wikipedia contributors, CC BY-SA 4.0": where the story or its text
/// came from, which is about the page rather than part of the story.
fn is_attribution(key: &str, words: usize) -> bool {
    const LEADS: &[&str] = &[
        "reported by ", "source:", "sources:", "via ", "источник:", "источники:", "по материалам ", "mənbə:",
        "šaltinis:", "šaltiniai:",
    ];
    const LICENCES: &[&str] =
        &["cc by", "creative commons", "licensed under", "under the licence", "under the license"];
    words <= 20 && (LEADS.iter().any(|l| key.starts_with(l)) || LICENCES.iter().any(|l| key.contains(l)))
}

/// "By Thomas O. Melia / April 26, 2012", "Author: Jane Doe": the authors (and a date, when there is one).
fn parse_byline(line: &str) -> Option<(Vec<String>, Option<String>)> {
    const LEADS: &[&str] = &["by ", "author:", "authors:", "автор:", "авторы:", "müəllif:", "autorius:", "autorė:"];
    let trimmed = line.trim();
    let lower = trimmed.to_lowercase();
    let lead = LEADS.iter().find(|l| lower.starts_with(*l))?;
    let rest = trimmed.get(lead.len()..)?.trim();
    if rest.is_empty() || word_count(rest) > 10 {
        return None;
    }
    // "By the end of the year ..." and "By December, Russia had ratified it." are sentences: a byline names
    // people, so most of its words are capitalised and it does not end like a sentence.
    let first_alpha = rest.chars().find(|c| c.is_alphabetic())?;
    let words: Vec<&str> = rest.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).collect();
    let capitalised =
        words.iter().filter(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)).count();
    // "Thomas O. Melia" ends with a name; "Jane Doe Jr." or an initial may end with a dot without ending a sentence.
    let sentence_end = ends_sentence(rest) && rest.split_whitespace().last().is_none_or(|w| w.chars().count() > 3);
    if !first_alpha.is_uppercase() || capitalised * 5 < words.len() * 3 || sentence_end {
        return None;
    }
    let mut authors = Vec::new();
    let mut date = None;
    for part in rest.split(['/', '|', '•', '·']).map(str::trim).filter(|p| !p.is_empty()) {
        if let Some(d) = parse_loose_date(part, true) {
            date = date.or(Some(d));
            continue;
        }
        for name in part.split([',', '&']).flat_map(|p| p.split(" and ")).flat_map(|p| p.split(" и ")) {
            let name = collapse(name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'));
            if name.is_empty() {
                continue;
            }
            authors.push(if name.chars().any(char::is_lowercase) { name } else { title_case(&name) });
        }
    }
    Some((authors, date))
}

/// "THOMAS O. MELIA" gives "Thomas O. Melia".
fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------------------------
// Small text helpers.
// ---------------------------------------------------------------------------------------------------------------

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Words with at least one letter or digit, so a dash or a bullet does not count.
fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']'))
        .ends_with(['.', '!', '?', '…'])
}

/// A full sentence of 15 words or more: the article's own prose, where a list of links ends.
fn is_long_prose(text: &str) -> bool {
    word_count(text) >= 15 && ends_sentence(text)
}

/// A paragraph rather than a headline: a sentence of eight words or more, or simply long.
fn is_prose(text: &str) -> bool {
    let words = word_count(text);
    (words >= 8 && ends_sentence(text)) || words >= 25
}

/// A menu entry or a headline in a list: under six words and no sentence punctuation.
fn is_short(text: &str) -> bool {
    word_count(text) < 6 && !ends_sentence(text) && !text.trim_end().ends_with([',', ';', ':'])
}

/// Removes a leading list marker ("- ", "• "). Dashes are left alone: Russian direct speech opens with one.
fn strip_bullet(line: &str) -> &str {
    let trimmed = line.trim();
    for marker in ["- ", "* ", "• ", "· ", "▪ ", "► "] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    trimmed
}


// ---------------------------------------------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------------------------------------------

/// Normalises a date to "YYYY-MM-DD" or RFC 3339 with seconds and an offset; `None` when it cannot be read.
///
/// Machine-readable forms (ISO 8601 as found in metas, `<time datetime>` and JSON-LD) come first; written dates
/// ("April 26, 2012", "26.04.2012", "26 апреля 2012") are read too, as a day only.
fn normalize_date(raw: &str) -> Option<String> {
    let text = raw.trim();
    parse_iso(text).or_else(|| parse_loose_date(text, false))
}

fn digits(text: &str, start: usize, len: usize) -> Option<u32> {
    let part = text.get(start..start + len)?;
    if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

fn valid_day(year: u32, month: u32, day: u32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1000..=9999).contains(&year) && (1..=days).contains(&day)
}

fn parse_iso(text: &str) -> Option<String> {
    let year = digits(text, 0, 4)?;
    let sep = text.as_bytes().get(4).copied()?;
    if !matches!(sep, b'-' | b'/') || text.as_bytes().get(7).copied() != Some(sep) {
        return None;
    }
    let month = digits(text, 5, 2)?;
    let day = digits(text, 8, 2)?;
    if !valid_day(year, month, day) {
        return None;
    }
    let date = format!("{year:04}-{month:02}-{day:02}");
    let rest = text.get(10..)?;
    if rest.is_empty() {
        return Some(date);
    }
    let time = rest.strip_prefix(['T', 't', ' '])?;
    // A readable day with an unreadable time is still worth the day.
    Some(parse_time(time).map_or(date.clone(), |t| format!("{date}T{t}")))
}

/// "HH:MM[:SS[.fff]]" followed by "Z", "±HH:MM", "±HHMM", "±HH" or " UTC"; without a zone there is no instant.
fn parse_time(text: &str) -> Option<String> {
    let hour = digits(text, 0, 2)?;
    if text.as_bytes().get(2) != Some(&b':') {
        return None;
    }
    let minute = digits(text, 3, 2)?;
    let mut pos = 5;
    let mut second = 0;
    if text.as_bytes().get(5) == Some(&b':') {
        second = digits(text, 6, 2)?;
        pos = 8;
        if matches!(text.as_bytes().get(8), Some(b'.') | Some(b',')) {
            pos = 9;
            while text.as_bytes().get(pos).is_some_and(u8::is_ascii_digit) {
                pos += 1;
            }
        }
    }
    if hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    let zone = text.get(pos..)?.trim();
    let offset = match zone {
        "Z" | "z" | "UTC" | "GMT" | "+00:00" | "-00:00" | "+0000" | "+00" => "Z".to_string(),
        _ => {
            let sign = zone.chars().next().filter(|c| *c == '+' || *c == '-')?;
            let numbers: String = zone[1..].chars().filter(|c| *c != ':').collect();
            if !numbers.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let (h, m) = match numbers.len() {
                2 => (digits(&numbers, 0, 2)?, 0),
                4 => (digits(&numbers, 0, 2)?, digits(&numbers, 2, 2)?),
                _ => return None,
            };
            if h > 14 || m > 59 {
                return None;
            }
            format!("{sign}{h:02}:{m:02}")
        }
    };
    Some(format!("{hour:02}:{minute:02}:{second:02}{offset}"))
}

/// The month a word names (English, Russian, Azerbaijani or Lithuanian, any case ending), 1 to 12.
fn month_of(word: &str) -> Option<u32> {
    const ENGLISH: &[&str] = &[
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ];
    // Stems cover the case endings ("апреля", "aprelin", "balandžio").
    const STEMS: &[&[&str]] = &[
        &["январ", "yanvar", "saus"],
        &["феврал", "fevral", "vasar"],
        &["март", "марта", "mart", "kovo", "kovas"],
        &["апрел", "aprel", "baland"],
        &["мая", "май", "geguž"],
        &["июн", "iyun", "biržel"],
        &["июл", "iyul", "liep"],
        &["август", "avqust", "rugpjū"],
        &["сентябр", "sentyabr", "rugsėj"],
        &["октябр", "oktyabr", "spal"],
        &["ноябр", "noyabr", "lapkri"],
        &["декабр", "dekabr", "gruod"],
    ];
    let lower = word.to_lowercase();
    if lower.chars().count() >= 3 {
        if let Some(i) = ENGLISH.iter().position(|m| m.starts_with(lower.as_str())) {
            return u32::try_from(i + 1).ok();
        }
    }
    STEMS.iter().position(|stems| stems.iter().any(|s| lower.starts_with(s))).and_then(|i| u32::try_from(i + 1).ok())
}

fn is_date_filler(word: &str) -> bool {
    const FILLER: &[&str] = &[
        "m", "d", "г", "года", "год", "il", "ildə", "ci", "cı", "cu", "cü", "of", "the", "on", "at", "published",
        "updated", "posted", "date", "дата", "опубликовано", "st", "nd", "rd", "th", "de", "del", "utc", "gmt",
    ];
    const WEEKDAYS: &[&str] = &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "понедельник", "вторник",
        "среда", "четверг", "пятница", "суббота", "воскресенье", "bazar", "ertəsi", "çərşənbə", "axşamı", "cümə",
        "şənbə", "pirmadienis", "antradienis", "trečiadienis", "ketvirtadienis", "penktadienis", "šeštadienis",
        "sekmadienis",
    ];
    let lower = word.to_lowercase();
    FILLER.contains(&lower.as_str())
        || WEEKDAYS.contains(&lower.as_str())
        || (lower.chars().count() >= 3 && WEEKDAYS[..7].iter().any(|w| w.starts_with(lower.as_str())))
}

/// Reads a written date. With `whole`, every word must belong to the date (a line that is only a date);
/// otherwise other words are ignored.
fn parse_loose_date(text: &str, whole: bool) -> Option<String> {
    let (mut year, mut month, mut day) = (None, None, None);
    let set = |slot: &mut Option<u32>, value: u32| -> bool {
        if slot.is_some() {
            return false;
        }
        *slot = Some(value);
        true
    };
    for raw in text.split_whitespace() {
        let token = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if token.is_empty() {
            continue;
        }
        // A time of day is part of a date line but says nothing about the day.
        if token.contains(':') && token.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.') {
            continue;
        }
        // "26.04.2012", "26/04/2012": day first, as written everywhere this tool is used except the US.
        let numeric: Vec<&str> = token.split(['.', '/']).collect();
        if numeric.len() == 3 && numeric.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
            let (d, m, y) = (numeric[0].parse().ok()?, numeric[1].parse().ok()?, numeric[2].parse().ok()?);
            if numeric[2].len() != 4 || !(set(&mut day, d) && set(&mut month, m) && set(&mut year, y)) {
                return None;
            }
            continue;
        }
        for piece in token.split(|c: char| !c.is_alphanumeric()).filter(|p| !p.is_empty()) {
            let digits_part: String = piece.chars().take_while(char::is_ascii_digit).collect();
            let suffix = &piece[digits_part.len()..];
            if !digits_part.is_empty() {
                let ordinal_ok =
                    suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th" | "ci" | "cı" | "cu" | "cü");
                let value: u32 = digits_part.parse().ok()?;
                if !ordinal_ok {
                    if whole {
                        return None;
                    }
                    continue;
                }
                let ok = if digits_part.len() == 4 && (1900..=2100).contains(&value) {
                    set(&mut year, value)
                } else if digits_part.len() <= 2 && (1..=31).contains(&value) {
                    set(&mut day, value)
                } else {
                    !whole
                };
                if !ok && whole {
                    return None;
                }
            } else if let Some(m) = month_of(piece) {
                if !set(&mut month, m) && whole {
                    return None;
                }
            } else if whole && !is_date_filler(piece) {
                return None;
            }
        }
    }
    let (y, m, d) = (year?, month?, day?);
    valid_day(y, m, d).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

// ---------------------------------------------------------------------------------------------------------------
// Plain text.
// ---------------------------------------------------------------------------------------------------------------

/// A .txt file: the first non-empty line that is not chrome is the title; the rest, minus chrome, is the body.
///
/// Lines in the page header that form a group of short lines (a site name over two lines, a menu) are not
/// taken for the title. When the text opens straight with a paragraph, the title is that paragraph's first
/// sentence and the paragraph stays in the body.
pub fn extract_text(text: &str) -> ExtractedPage {
    let lines = text_lines(text.trim_start_matches('\u{feff}'));
    let classes: Vec<LineClass> = lines.iter().map(|l| classify(l)).collect();

    // Chrome sections at the top ("ORGANIZATIONS IN THIS STORY" and its entity line) are skipped the same way
    // as at the bottom, so that their lists are not mistaken for a headline.
    let mut visible = vec![false; lines.len()];
    let mut skipping = false;
    let mut ended = lines.len();
    let mut seen_prose = false;
    for (i, class) in classes.iter().enumerate() {
        match class {
            LineClass::End if seen_prose => {
                ended = i;
                break;
            }
            LineClass::Section => skipping = true,
            LineClass::Content => {
                if skipping && is_long_prose(&lines[i]) {
                    skipping = false;
                }
                visible[i] = !skipping;
                seen_prose |= visible[i] && is_prose(&lines[i]);
            }
            _ => {}
        }
    }

    let first_prose = (0..ended).find(|&i| visible[i] && is_prose(&lines[i]));
    let head_end = first_prose.unwrap_or(ended);
    let candidates: Vec<usize> =
        (0..head_end).filter(|&i| visible[i] && word_count(&lines[i]) <= 24 && !lines[i].ends_with('.')).collect();
    let grouped = |k: usize| {
        let short = |i: usize| is_short(&lines[i]);
        short(candidates[k])
            && ((k > 0 && short(candidates[k - 1])) || candidates.get(k + 1).is_some_and(|&n| short(n)))
    };
    let chosen = (0..candidates.len()).find(|&k| !grouped(k)).or(candidates.len().checked_sub(1));

    // A title taken from the first paragraph must not remove that paragraph from the body when it is a single
    // sentence, so only a headline line is filtered out where it repeats.
    let (title, headline, body_start) = match (chosen, first_prose) {
        (Some(k), _) => (Some(lines[candidates[k]].clone()), true, candidates[k] + 1),
        (None, Some(p)) => (Some(text::first_sentence(&lines[p], 200)), false, p),
        (None, None) => (None, false, ended),
    };

    let blocks: Vec<Block> = lines[body_start..].iter().cloned().map(Block::plain).collect();
    let mut removed = Removed::default();
    // Bylines and date lines above the body still describe the article.
    for class in classes.iter().take(body_start) {
        match class {
            LineClass::Byline { authors, date } => {
                removed.authors.extend(authors.iter().cloned());
                removed.date = removed.date.take().or_else(|| date.clone());
            }
            LineClass::Date(date) => removed.date = removed.date.take().or_else(|| Some(date.clone())),
            _ => {}
        }
    }
    let repeated = if headline { title.as_deref() } else { None };
    let paragraphs = filter_blocks(blocks, repeated, true, &mut removed);

    ExtractedPage {
        title,
        date: removed.date,
        authors: dedupe(removed.authors),
        body: clean_body(&paragraphs.join("\n\n")),
        ..ExtractedPage::default()
    }
}

/// Non-empty lines with whitespace collapsed and list markers removed; hard-wrapped paragraphs are joined.
fn text_lines(text: &str) -> Vec<String> {
    let raw: Vec<&str> = text.lines().collect();
    let lengths: Vec<usize> = raw.iter().map(|l| l.trim().chars().count()).collect();
    let longest = lengths.iter().copied().max().unwrap_or(0);
    // A file wrapped at a fixed width has no line much longer than the width, and many long lines followed
    // directly by another line of the same paragraph.
    let long_lines: Vec<usize> = (0..raw.len()).filter(|&i| lengths[i] >= 50).collect();
    let continued = long_lines.iter().filter(|&&i| lengths.get(i + 1).is_some_and(|&n| n > 0)).count();
    let wrapped = longest <= 100 && long_lines.len() >= 3 && continued * 2 >= long_lines.len();

    let mut lines: Vec<String> = Vec::new();
    let mut previous_len = 0;
    for (i, line) in raw.iter().enumerate() {
        let unbulleted = strip_bullet(line);
        let text = collapse(unbulleted);
        if text.is_empty() {
            previous_len = 0;
            continue;
        }
        // A list item starts a line of its own even in wrapped text.
        let bullet = unbulleted.len() != line.trim().len();
        let joins = wrapped && previous_len * 10 >= longest * 7 && !bullet;
        match lines.last_mut() {
            Some(last) if joins => {
                last.push(' ');
                last.push_str(&text);
            }
            _ => lines.push(text),
        }
        previous_len = lengths[i];
    }
    lines
}

fn dedupe(items: Vec<String>) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for item in items {
        let item = collapse(&item);
        // Lower-casing "İ" (Azerbaijani, Turkish) leaves a combining dot that would keep "İnsan" and "insan" apart.
        let key: String = item.to_lowercase().chars().filter(|c| *c != '\u{307}').collect();
        if !item.is_empty() && !seen.contains(&key) {
            seen.push(key);
            out.push(item);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------------------------
// HTML: metadata.
// ---------------------------------------------------------------------------------------------------------------

/// The `<meta>` tags of a page as (lower-cased key, content) pairs in document order; the key is the property,
/// name or itemprop attribute.
struct Metas {
    pairs: Vec<(String, String)>,
}

impl Metas {
    fn read(doc: &Html) -> Self {
        let mut pairs = Vec::new();
        for el in doc.root_element().descendent_elements().filter(|e| e.value().name() == "meta") {
            let Some(content) = el.value().attr("content") else {
                continue;
            };
            let content = collapse(content);
            if content.is_empty() {
                continue;
            }
            for attr in ["property", "name", "itemprop", "http-equiv"] {
                if let Some(key) = el.value().attr(attr) {
                    let key = key.trim().to_ascii_lowercase();
                    let key = if attr == "http-equiv" { format!("http-equiv:{key}") } else { key };
                    pairs.push((key, content.clone()));
                }
            }
        }
        Metas { pairs }
    }

    fn all<'m>(&'m self, key: &'m str) -> impl Iterator<Item = &'m str> + 'm {
        self.pairs.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        keys.iter().find_map(|key| self.all(key).next().map(str::to_string))
    }
}

/// The fields read from the page's JSON-LD article object.
#[derive(Debug, Default)]
struct JsonLd {
    headline: Option<String>,
    date: Option<String>,
    keywords: Vec<String>,
    sections: Vec<String>,
    image: Option<ExtractedImage>,
    authors: Vec<String>,
    description: Option<String>,
    language: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "newsarticle", "article", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "report", "scholarlyarticle", "techarticle", "liveblogposting",
    "socialmediaposting", "posting",
];

impl JsonLd {
    fn read(doc: &Html) -> Self {
        let mut objects: Vec<Value> = Vec::new();
        for el in doc.root_element().descendent_elements().filter(|e| e.value().name() == "script") {
            let is_ld = el.value().attr("type").is_some_and(|t| t.trim().to_ascii_lowercase().contains("ld+json"));
            if !is_ld {
                continue;
            }
            let raw: String = el.text().collect();
            if let Some(value) = parse_json_ld(&raw) {
                collect_objects(&value, &mut objects, 0);
            }
        }
        let is_article = |o: &Value| types_of(o).iter().any(|t| ARTICLE_TYPES.contains(&t.as_str()));
        let chosen = objects.iter().find(|o| is_article(o)).or_else(|| {
            objects.iter().find(|o| o.get("headline").is_some() || o.get("datePublished").is_some())
        });
        let Some(article) = chosen else {
            return JsonLd::default();
        };
        // In an @graph, the author and the image are often references ({"@id": ...}) to other nodes.
        let resolve = |v: &Value| -> Value {
            if let Some(id) = v.get("@id").and_then(Value::as_str) {
                if v.as_object().is_some_and(|o| o.len() == 1) {
                    if let Some(found) = objects.iter().find(|o| o.get("@id").and_then(Value::as_str) == Some(id)) {
                        return found.clone();
                    }
                }
            }
            v.clone()
        };

        let mut out = JsonLd {
            headline: string_field(article, "headline").or_else(|| string_field(article, "name")),
            date: string_field(article, "datePublished").or_else(|| string_field(article, "dateCreated")),
            description: string_field(article, "description"),
            language: string_field(article, "inLanguage"),
            ..JsonLd::default()
        };
        if let Some(keywords) = article.get("keywords") {
            for item in as_list(keywords) {
                match item {
                    Value::String(s) => out.keywords.extend(s.split(',').map(collapse)),
                    other => out.keywords.extend(name_of(other)),
                }
            }
        }
        if let Some(sections) = article.get("articleSection") {
            out.sections.extend(as_list(sections).into_iter().filter_map(|v| v.as_str().map(collapse)));
        }
        if let Some(image) = article.get("image") {
            out.image = as_list(image).into_iter().map(&resolve).find_map(|v| image_of(&v));
        }
        if let Some(authors) = article.get("author") {
            for author in as_list(authors) {
                let author = resolve(author);
                let name = match &author {
                    Value::String(s) => Some(collapse(s)),
                    other => name_of(other),
                };
                if let Some(name) = name.filter(|n| !n.is_empty() && !looks_like_url(n)) {
                    out.authors.push(name);
                }
            }
        }
        out
    }
}

/// Parses a JSON-LD block, tolerating the usual wrapping: HTML comments, CDATA markers, a trailing semicolon and
/// raw line breaks inside strings. Anything still invalid is ignored.
fn parse_json_ld(raw: &str) -> Option<Value> {
    let mut text = raw.trim();
    for (open, close) in [("<!--", "-->"), ("<![CDATA[", "]]>"), ("//<![CDATA[", "//]]>")] {
        if let Some(inner) = text.strip_prefix(open) {
            text = inner.strip_suffix(close).unwrap_or(inner).trim();
        }
    }
    let text = text.trim_end_matches(';');
    let cleaned: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    serde_json::from_str(&cleaned).ok()
}

/// Every object in a JSON-LD value: arrays are flattened and @graph members are included.
fn collect_objects(value: &Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                collect_objects(item, out, depth + 1);
            }
        }
        Value::Object(map) => {
            out.push(value.clone());
            if let Some(graph) = map.get("@graph") {
                collect_objects(graph, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// The lower-cased @type names of an object, without a schema.org prefix.
fn types_of(object: &Value) -> Vec<String> {
    let Some(types) = object.get("@type") else {
        return Vec::new();
    };
    as_list(types)
        .into_iter()
        .filter_map(Value::as_str)
        .map(|t| t.rsplit(['/', ':']).next().unwrap_or(t).trim().to_ascii_lowercase())
        .collect()
}

fn as_list(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

fn string_field(object: &Value, key: &str) -> Option<String> {
    let value = object.get(key)?;
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().find_map(Value::as_str)?.to_string(),
        _ => return None,
    };
    Some(collapse(&text)).filter(|s| !s.is_empty())
}

fn name_of(value: &Value) -> Option<String> {
    value.get("name").and_then(Value::as_str).map(collapse).filter(|s| !s.is_empty())
}

/// An image as a URL string or an ImageObject with url/contentUrl and width/height.
fn image_of(value: &Value) -> Option<ExtractedImage> {
    match value {
        Value::String(url) => {
            let url = url.trim().to_string();
            (!url.is_empty()).then_some(ExtractedImage { url, width: None, height: None })
        }
        Value::Object(_) => {
            let url = string_field(value, "url").or_else(|| string_field(value, "contentUrl"))?;
            Some(ExtractedImage { url, width: dimension(value.get("width")), height: dimension(value.get("height")) })
        }
        _ => None,
    }
}

/// A width or height written as a number, a string ("1200", "1200px") or a QuantitativeValue.
fn dimension(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()).filter(|n| *n > 0),
        Value::String(s) => parse_dimension(s),
        object @ Value::Object(_) => dimension(object.get("value")),
        _ => None,
    }
}

fn parse_dimension(text: &str) -> Option<u32> {
    let digits: String = text.trim().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

fn looks_like_url(text: &str) -> bool {
    let lower = text.trim().to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("www.") || lower.starts_with('/')
}

/// Removes a site name before or after the title ("Title | Site", "Site - Title") when another source of the
/// title, or the site name itself, confirms which side is the title.
fn strip_site_suffix(title: &str, confirmers: &[&str], site_name: Option<&str>) -> String {
    const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " • ", " / ", " « ", " » "];
    let norm = |s: &str| collapse(&s.to_lowercase());
    let confirms = |part: &str| {
        let part = norm(part);
        !part.is_empty() && confirmers.iter().any(|c| norm(c) == part)
    };
    let is_site = |part: &str| site_name.is_some_and(|s| !s.trim().is_empty() && norm(s) == norm(part));
    for sep in SEPARATORS {
        for (i, _) in title.match_indices(sep) {
            let (left, right) = (title[..i].trim(), title[i + sep.len()..].trim());
            if confirms(left) || is_site(right) {
                return left.to_string();
            }
            if confirms(right) || is_site(left) {
                return right.to_string();
            }
        }
    }
    title.to_string()
}

fn normalize_lang(raw: &str) -> Option<String> {
    let first = raw.split([',', ';']).next()?.trim().replace('_', "-");
    (!first.is_empty()).then_some(first)
}

// ---------------------------------------------------------------------------------------------------------------
// HTML: the article's element and its text.
// ---------------------------------------------------------------------------------------------------------------

/// Elements that never hold article text.
const DROP_TAGS: &[&str] = &[
    "nav", "header", "footer", "aside", "form", "script", "style", "noscript", "template", "iframe", "svg",
    "button", "select", "input", "textarea", "object", "embed", "canvas", "map", "video", "audio", "dialog",
    "menu", "label", "option", "datalist", "head", "title", "meta", "link", "base", "math",
];

/// Elements whose start and end break the text into paragraphs.
const BLOCK_TAGS: &[&str] = &[
    "address", "article", "blockquote", "center", "dd", "details", "div", "dl", "dt", "fieldset", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "thead", "tfoot", "tr", "ul", "caption", "body", "html",
];

const CHROME_ROLES: &[&str] =
    &["navigation", "complementary", "banner", "contentinfo", "search", "menu", "menubar", "dialog", "alertdialog"];

/// Words that, as a part of a class or id, mark an element as chrome.
const CHROME_TOKENS: &[&str] = &[
    "comment", "comments", "disqus", "respond", "share", "shares", "sharing", "sharethis", "addthis", "social",
    "socials", "subscribe", "subscription", "newsletter", "related", "sidebar", "menu", "submenu", "megamenu",
    "breadcrumb", "breadcrumbs", "crumbs", "tags", "tagcloud", "taglist", "cookie", "cookies", "consent", "gdpr",
    "advert", "advertisement", "adverts", "ads", "ad", "adsense", "sponsored", "promo", "promotion", "pagination",
    "pager", "paging", "author", "bio", "authorbio", "byline", "meta", "widget", "widgets", "toolbar", "popup",
    "modal", "banner", "nav", "navbar", "navigation", "masthead", "recommended", "popular", "trending",
    "outbrain", "taboola", "skip", "credit", "credits", "sources", "license", "licence", "copyright", "attribution",
];

/// Chrome words also recognised at the start of a class run together ("relatedposts", "socialshare").
const CHROME_STEMS: &[&str] =
    &["related", "social", "sidebar", "newsletter", "breadcrumb", "subscribe", "pagination", "advert", "sharebar"];

/// Whole class names used to hide text from sight.
const HIDDEN_CLASSES: &[&str] =
    &["sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader", "hidden", "d-none"];

/// "tag" alone is no chrome word: WordPress marks the post itself with "tag-osce" for each of its tags.
const TAG_BLOCK_WORDS: &[&str] = &["list", "links", "cloud", "box", "block", "wrap", "wrapper", "container", "bar"];

const LANGUAGE_WORDS: &[&str] = &["lang", "langs", "language", "languages"];
const SWITCHER_WORDS: &[&str] = &[
    "switch", "switcher", "select", "selector", "menu", "list", "links", "bar", "chooser", "picker", "nav", "dropdown",
];

/// Splits a class or id into lower-case word parts: "postComments-box" gives ["post", "comments", "box"] and
/// "ya-share2" gives ["ya", "share", "2"].
fn class_tokens(item: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in item.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        let boundary = (c.is_uppercase() && previous_lower)
            || current.chars().last().is_some_and(|p| p.is_ascii_digit() != c.is_ascii_digit());
        if boundary && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClassVerdict {
    Content,
    Chrome,
    /// Comments: chrome even when they outweigh the article.
    Comments,
}

fn class_verdict(el: &ElementRef<'_>) -> ClassVerdict {
    let value = el.value();
    let mut verdict = ClassVerdict::Content;
    let items = value.classes().map(|c| c.to_string()).chain(value.id().map(str::to_string));
    for item in items {
        let lower = item.to_ascii_lowercase();
        if HIDDEN_CLASSES.contains(&lower.as_str()) {
            return ClassVerdict::Chrome;
        }
        let tokens = class_tokens(&item);
        let has = |set: &[&str]| tokens.iter().any(|t| set.contains(&t.as_str()));
        if has(&["comment", "comments", "disqus", "respond"]) || lower.ends_with("comments") {
            return ClassVerdict::Comments;
        }
        let joined: String = tokens.concat();
        if has(CHROME_TOKENS)
            || CHROME_STEMS.iter().any(|s| joined.starts_with(s))
            || (has(LANGUAGE_WORDS) && (has(SWITCHER_WORDS) || tokens.len() == 1))
            || (has(&["tag"]) && (has(TAG_BLOCK_WORDS) || tokens.len() == 1))
        {
            verdict = ClassVerdict::Chrome;
        }
    }
    verdict
}

/// Hidden from readers or structurally not content, whatever the class says.
fn is_structural_chrome(el: &ElementRef<'_>) -> bool {
    let value = el.value();
    if DROP_TAGS.contains(&value.name()) {
        return true;
    }
    if value.attr("role").is_some_and(|r| CHROME_ROLES.contains(&r.trim().to_ascii_lowercase().as_str())) {
        return true;
    }
    let aria_hidden = value.attr("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    if value.attr("hidden").is_some() || aria_hidden {
        return true;
    }
    value.attr("style").is_some_and(|style| {
        let style: String = style.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

/// How much text an element holds, and how much of it is link text.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    chars: usize,
    link_chars: usize,
    links: usize,
}

impl Measure {
    fn prose(&self) -> usize {
        self.chars.saturating_sub(self.link_chars)
    }
}

/// Deeper nesting than this is not read: real pages never get there, and garbage must not exhaust the stack.
const MAX_DEPTH: usize = 200;

fn measure(el: ElementRef<'_>) -> Measure {
    let mut m = Measure::default();
    measure_into(el, false, 0, &mut m);
    m
}

fn measure_into(el: ElementRef<'_>, in_link: bool, depth: usize, m: &mut Measure) {
    if depth > MAX_DEPTH {
        return;
    }
    for child in el.children() {
        match child.value() {
            Node::Text(text) => {
                let n = visible_chars(text);
                m.chars += n;
                if in_link {
                    m.link_chars += n;
                }
            }
            Node::Element(_) => {
                let Some(child) = ElementRef::wrap(child) else {
                    continue;
                };
                if is_structural_chrome(&child) {
                    continue;
                }
                let is_link = child.value().name() == "a";
                if is_link && !in_link {
                    m.links += 1;
                }
                measure_into(child, in_link || is_link, depth + 1, m);
            }
            _ => {}
        }
    }
}

/// Returns a test for "is this element inside page chrome?" over one document.
///
/// Wrappers whose class sounds like chrome but that hold most of the page's text (`<body class="has-sidebar">`,
/// WordPress's `tag-osce` classes on the post) are not chrome; the verdict for each such wrapper is cached.
fn chrome_ancestry<'a>(doc: &'a Html) -> impl FnMut(ElementRef<'a>) -> bool {
    let page_prose = measure(doc.root_element()).prose();
    let mut wrappers = std::collections::HashMap::new();
    move |el: ElementRef<'a>| {
        el.ancestors().take(MAX_DEPTH).filter_map(ElementRef::wrap).any(|a| {
            if is_structural_chrome(&a) {
                return true;
            }
            let verdict = class_verdict(&a);
            if verdict == ClassVerdict::Content {
                return false;
            }
            let is_wrapper = *wrappers.entry(a.id()).or_insert_with(|| {
                let holds_page = page_prose > 0 && measure(a).prose() * 10 >= page_prose * 6;
                holds_page && (verdict == ClassVerdict::Chrome || contains_article_marker(a))
            });
            !is_wrapper
        })
    }
}

/// The element with the most paragraph text: each paragraph counts for its parent, and half for the grandparent,
/// so an article whose paragraphs are wrapped one by one still wins as a whole.
fn best_paragraph_block<'a>(doc: &'a Html) -> Option<(ElementRef<'a>, usize)> {
    let mut in_chrome = chrome_ancestry(doc);
    let mut order: Vec<ElementRef<'a>> = Vec::new();
    let mut scores: std::collections::HashMap<_, (usize, usize)> = std::collections::HashMap::new();
    let mut add = |el: ElementRef<'a>, score: usize, order: &mut Vec<ElementRef<'a>>| {
        let next = order.len();
        let entry = scores.entry(el.id()).or_insert((next, 0));
        if entry.0 == next {
            order.push(el);
        }
        entry.1 += score;
    };
    for el in doc.root_element().descendent_elements() {
        let name = el.value().name();
        let own = match name {
            "p" | "pre" | "blockquote" => measure(el).prose(),
            // Text written straight into a container with <br> line breaks, as older sites do.
            "div" | "td" | "section" | "article" | "main" | "font" | "span" => {
                el.children().filter_map(|c| c.value().as_text().map(|t| visible_chars(t))).sum()
            }
            _ => continue,
        };
        if own < 25 || in_chrome(el) {
            continue;
        }
        let target = if matches!(name, "p" | "pre" | "blockquote") {
            el.parent().and_then(ElementRef::wrap)
        } else {
            Some(el)
        };
        if let Some(target) = target {
            add(target, own, &mut order);
            if let Some(grand) = target.parent().and_then(ElementRef::wrap) {
                add(grand, own / 2, &mut order);
            }
        }
    }
    let mut best: Option<(ElementRef<'a>, usize)> = None;
    for el in order {
        let score = scores.get(&el.id()).map_or(0, |e| e.1);
        if best.is_none_or(|(_, s)| score > s) {
            best = Some((el, score));
        }
    }
    best
}

/// The element holding the article: the largest `<article>`, else `[itemprop=articleBody]`, else `<main>` or
/// `[role=main]`, else the element with the most paragraph text.
///
/// A candidate inside chrome (an `<article>` per comment) is never taken, and one that is apart from the block
/// with the most paragraph text (an `<article>` used for a teaser card) must hold at least as much text.
fn content_root<'a>(doc: &'a Html) -> ElementRef<'a> {
    let block = best_paragraph_block(doc);
    let mut in_chrome = chrome_ancestry(doc);
    let elements: Vec<ElementRef<'a>> = doc.root_element().descendent_elements().collect();
    let acceptable = |el: ElementRef<'a>, prose: usize| match block {
        None => prose > 0,
        Some((b, score)) => {
            let related = is_inside(b, el) || is_inside(el, b) || b.id() == el.id();
            prose > 0 && (prose >= score || (related && prose * 10 >= score * 3))
        }
    };
    let groups: [&dyn Fn(&ElementRef<'a>) -> bool; 3] = [
        &|e| e.value().name() == "article",
        &|e| has_token(e.value().attr("itemprop"), "articleBody"),
        &|e| e.value().name() == "main" || has_token(e.value().attr("role"), "main"),
    ];
    for matches in groups {
        let best = elements
            .iter()
            .filter(|e| matches(e) && class_verdict(e) != ClassVerdict::Comments && !in_chrome(**e))
            .map(|e| (*e, measure(*e).prose()))
            .fold(None::<(ElementRef<'a>, usize)>, |best, (e, p)| match best {
                Some((_, bp)) if bp >= p => best,
                _ => Some((e, p)),
            });
        if let Some((el, prose)) = best {
            if acceptable(el, prose) {
                return el;
            }
        }
    }
    if let Some((el, _)) = block {
        return el;
    }
    elements.iter().copied().find(|e| e.value().name() == "body").unwrap_or_else(|| doc.root_element())
}

/// Reads the text of the content root into blocks, skipping chrome elements.
struct Walker<'t> {
    blocks: Vec<Block>,
    buffer: String,
    link_chars: usize,
    kind: BlockKind,
    link_depth: usize,
    root_prose: usize,
    /// With `relaxed`, class names and link density are not trusted; used when the strict reading lost the text.
    relaxed: bool,
    title: Option<&'t str>,
    seen_h1: bool,
}

impl<'t> Walker<'t> {
    fn read(root: ElementRef<'_>, title: Option<&'t str>, relaxed: bool) -> Vec<Block> {
        let mut walker = Walker {
            blocks: Vec::new(),
            buffer: String::new(),
            link_chars: 0,
            kind: BlockKind::Paragraph,
            link_depth: 0,
            root_prose: measure(root).prose(),
            relaxed,
            title,
            seen_h1: false,
        };
        walker.children(root, 0);
        walker.flush();
        walker.blocks
    }

    fn children(&mut self, el: ElementRef<'_>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        for child in el.children() {
            match child.value() {
                Node::Text(text) => self.text(text),
                Node::Element(_) => {
                    if let Some(child) = ElementRef::wrap(child) {
                        self.element(child, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn text(&mut self, text: &str) {
        let n = visible_chars(text);
        if self.link_depth > 0 {
            self.link_chars += n;
        }
        self.buffer.push_str(text);
    }

    fn flush(&mut self) {
        let text = collapse(&self.buffer);
        if !text.is_empty() {
            self.blocks.push(Block { text, kind: self.kind, link_chars: self.link_chars });
        }
        self.buffer.clear();
        self.link_chars = 0;
    }

    fn is_chrome(&self, el: &ElementRef<'_>) -> bool {
        if is_structural_chrome(el) {
            return true;
        }
        let name = el.value().name();
        let verdict = class_verdict(el);
        let link_list_candidate = matches!(name, "ul" | "ol" | "div" | "section" | "p" | "table" | "dl" | "tbody");
        if verdict == ClassVerdict::Content && (self.relaxed || !link_list_candidate) {
            return false;
        }
        let m = measure(*el);
        // A chrome-sounding wrapper ("post has-sidebar", "js-comments-enabled") that holds most of the article
        // is the article. Comments can outweigh an article too, so for them the article's own content element
        // must be inside as well.
        let holds_article = self.root_prose > 0 && m.prose() * 10 >= self.root_prose * 6;
        match verdict {
            ClassVerdict::Comments => return !(holds_article && contains_article_marker(*el)),
            ClassVerdict::Chrome if !self.relaxed && !holds_article => return true,
            _ => {}
        }
        !self.relaxed && m.links >= 3 && m.link_chars * 2 > m.chars
    }

    fn element(&mut self, el: ElementRef<'_>, depth: usize) {
        let name = el.value().name();
        let block = BLOCK_TAGS.contains(&name);
        if self.is_chrome(&el) {
            if block {
                self.flush();
            }
            return;
        }
        match name {
            // Older sites write whole articles as lines separated by <br>, with the headline, the date and the
            // "All news | Print" links among them: each line is read on its own so that these are recognised.
            "br" => self.flush(),
            "a" => {
                self.link_depth += 1;
                self.children(el, depth);
                self.link_depth -= 1;
            }
            "td" | "th" => {
                self.buffer.push(' ');
                self.children(el, depth);
                self.buffer.push(' ');
            }
            "h1" => {
                // The article's first h1 is its headline, which is the title and not the body (even when og:title
                // words it differently); a later h1 is a heading unless it repeats the title.
                let text = element_text(el);
                let is_title = !self.seen_h1 || self.title.is_none_or(|t| line_key(t) == line_key(&text));
                self.seen_h1 = true;
                self.flush();
                if !is_title {
                    self.nested(el, depth, BlockKind::Heading);
                }
            }
            "h2" | "h3" | "h4" | "h5" | "h6" => self.nested(el, depth, BlockKind::Heading),
            "li" | "dt" | "dd" => self.nested(el, depth, BlockKind::ListItem),
            _ if block => self.nested(el, depth, self.kind),
            _ => self.children(el, depth),
        }
    }

    /// Reads a block element as its own paragraph(s) of the given kind.
    fn nested(&mut self, el: ElementRef<'_>, depth: usize, kind: BlockKind) {
        self.flush();
        let previous = self.kind;
        self.kind = kind;
        self.children(el, depth);
        self.flush();
        self.kind = previous;
    }
}

/// Whether an element is, or contains, the article's own text container (`itemprop=articleBody`, "entry-content",
/// "article-body", ...), as opposed to the bodies of comments.
fn contains_article_marker(el: ElementRef<'_>) -> bool {
    const MARKERS: &[&str] = &["content", "body", "text", "entry", "article", "story", "post"];
    el.descendent_elements().take(5000).any(|e| {
        let value = e.value();
        if value.attr("itemprop").is_some_and(|p| p.to_ascii_lowercase().contains("articlebody")) {
            return true;
        }
        let tokens: Vec<String> =
            value.classes().chain(value.id()).flat_map(class_tokens).collect();
        let has = |set: &[&str]| tokens.iter().any(|t| set.contains(&t.as_str()));
        has(MARKERS) && !has(&["comment", "comments", "reply", "replies", "disqus", "respond"])
    })
}

/// Whether a space-separated attribute value (rel, role, itemprop) holds `token`, ignoring case.
fn has_token(value: Option<&str>, token: &str) -> bool {
    value.is_some_and(|v| v.split_whitespace().any(|t| t.eq_ignore_ascii_case(token)))
}

fn element_text(el: ElementRef<'_>) -> String {
    collapse(&el.text().collect::<String>())
}

fn is_inside(el: ElementRef<'_>, ancestor: ElementRef<'_>) -> bool {
    el.ancestors().any(|a| a.id() == ancestor.id())
}

/// Extracts the article of an HTML page. Never fails: broken markup yields whatever could be read.
pub fn extract_html(html: &str) -> ExtractedPage {
    let doc = Html::parse_document(html);
    let metas = Metas::read(&doc);
    let ld = JsonLd::read(&doc);
    let root = content_root(&doc);
    let elements: Vec<ElementRef<'_>> = doc.root_element().descendent_elements().collect();

    // The headline: an h1 in the article, else the first h1 outside page chrome.
    let mut in_chrome = chrome_ancestry(&doc);
    let h1 = elements
        .iter()
        .filter(|e| e.value().name() == "h1")
        .find(|e| is_inside(**e, root))
        .or_else(|| elements.iter().filter(|e| e.value().name() == "h1").find(|e| !in_chrome(**e)))
        .map(|e| element_text(*e))
        .filter(|t| !t.is_empty());
    let head_title = elements
        .iter()
        .find(|e| e.value().name() == "title")
        .map(|e| element_text(*e))
        .filter(|t| !t.is_empty());
    let og_title = metas.first(&["og:title", "twitter:title"]);
    let site_name = metas.first(&["og:site_name", "application-name"]);
    let title = og_title.clone().or_else(|| h1.clone()).or_else(|| head_title.clone()).map(|primary| {
        let confirmers: Vec<&str> = [&og_title, &h1, &ld.headline, &head_title]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|c| *c != primary)
            .collect();
        strip_site_suffix(&primary, &confirmers, site_name.as_deref())
    });

    let mut removed = Removed::default();
    let root_prose = measure(root).prose();
    let mut paragraphs =
        filter_blocks(Walker::read(root, title.as_deref(), false), title.as_deref(), false, &mut removed);
    let kept: usize = paragraphs.iter().map(|p| visible_chars(p)).sum();
    if root_prose >= 300 && kept * 5 < root_prose {
        // Class names or link density threw away most of the article (a wrapper named "js-comments-enabled",
        // an article made of linked names): read it again trusting only the markup's structure.
        removed = Removed::default();
        paragraphs = filter_blocks(Walker::read(root, title.as_deref(), true), title.as_deref(), false, &mut removed);
    }

    let time_in_root = root
        .descendent_elements()
        .filter(|e| e.value().name() == "time" && !in_other_content(*e, root))
        .find_map(time_value);
    let date = metas
        .all("article:published_time")
        .find_map(normalize_date)
        .or(time_in_root)
        .or_else(|| ld.date.as_deref().and_then(normalize_date))
        .or_else(|| {
            ["datepublished", "og:published_time", "date", "dc.date.issued", "dc.date", "pubdate", "publishdate"]
                .iter()
                .find_map(|k| metas.all(k).find_map(normalize_date))
        })
        .or_else(|| {
            elements.iter().filter(|e| e.value().name() == "time").find_map(|e| time_value(*e))
        })
        .or_else(|| {
            // Sites without metadata print the date in an element named for it ("news-date-time", "tarix").
            let in_root = root
                .descendent_elements()
                .find_map(|e| dated_element(e).filter(|_| !in_other_content(e, root)));
            in_root.or_else(|| elements.iter().copied().find_map(dated_element))
        })
        .or(removed.date);

    let lang = doc
        .root_element()
        .value()
        .attr("lang")
        .and_then(normalize_lang)
        .or_else(|| metas.all("http-equiv:content-language").find_map(normalize_lang))
        .or_else(|| metas.all("og:locale").find_map(normalize_lang))
        .or_else(|| ld.language.as_deref().and_then(normalize_lang));

    let mut tags: Vec<String> = Vec::new();
    for key in ["article:tag", "keywords", "news_keywords"] {
        for value in metas.all(key) {
            tags.extend(value.split([',', ';', '،']).map(str::to_string));
        }
    }
    tags.extend(ld.keywords.iter().cloned());

    let mut categories: Vec<String> = metas.all("article:section").map(str::to_string).collect();
    categories.extend(ld.sections.iter().cloned());

    let summary = metas
        .first(&["description", "og:description", "twitter:description"])
        .or_else(|| ld.description.clone());

    let og_image = metas.first(&["og:image", "og:image:url", "og:image:secure_url"]).map(|url| ExtractedImage {
        url,
        width: metas.all("og:image:width").find_map(parse_dimension),
        height: metas.all("og:image:height").find_map(parse_dimension),
    });
    let image = og_image.or_else(|| ld.image.clone()).or_else(|| {
        let url = metas.first(&["twitter:image", "twitter:image:src"])?;
        Some(ExtractedImage { url, width: None, height: None })
    });

    let mut authors: Vec<String> = metas.all("author").map(str::to_string).collect();
    authors.extend(metas.all("article:author").filter(|a| !looks_like_url(a)).map(str::to_string));
    authors.extend(ld.authors.iter().cloned());
    if authors.is_empty() {
        authors = removed.authors;
    }

    let canonical = elements
        .iter()
        .filter(|e| e.value().name() == "link")
        .find(|e| has_token(e.value().attr("rel"), "canonical"))
        .and_then(|e| e.value().attr("href"))
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty());

    ExtractedPage {
        title,
        canonical_url: canonical,
        date,
        lang,
        tags: dedupe(tags),
        categories: dedupe(categories),
        summary,
        image,
        authors: dedupe(authors),
        body: clean_body(&paragraphs.join("\n\n")),
    }
}

/// The date written in an element whose class or id says it holds one.
fn dated_element(el: ElementRef<'_>) -> Option<String> {
    const DATE_WORDS: &[&str] =
        &["date", "time", "datetime", "published", "pubdate", "posted", "created", "tarix", "data"];
    let value = el.value();
    let named = value.classes().chain(value.id()).flat_map(class_tokens).any(|t| DATE_WORDS.contains(&t.as_str()));
    if !named {
        return None;
    }
    let text = element_text(el);
    if word_count(&text) > 8 {
        return None;
    }
    parse_iso(&text).or_else(|| parse_loose_date(&text, true))
}

/// The date of a `<time>` element: its datetime attribute, else its text.
fn time_value(el: ElementRef<'_>) -> Option<String> {
    el.value().attr("datetime").and_then(normalize_date).or_else(|| parse_loose_date(&element_text(el), false))
}

/// Whether an element sits in a block about other content (related articles, comments, a sidebar) inside the
/// article. Headers and meta lines are chrome for the body but are exactly where the article's own date is.
fn in_other_content(el: ElementRef<'_>, root: ElementRef<'_>) -> bool {
    const OTHER: &[&str] =
        &["related", "recommended", "popular", "sidebar", "widget", "trending", "outbrain", "taboola", "promo"];
    for ancestor in el.ancestors().take(MAX_DEPTH).filter_map(ElementRef::wrap) {
        if ancestor.id() == root.id() {
            return false;
        }
        let value = ancestor.value();
        if matches!(value.name(), "aside" | "nav" | "footer") || class_verdict(&ancestor) == ClassVerdict::Comments {
            return true;
        }
        let tokens: Vec<String> = value.classes().chain(value.id()).flat_map(class_tokens).collect();
        if tokens.iter().any(|t| OTHER.contains(&t.as_str())) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const NGO_EN: &str = include_str!("../../tests/fixtures/build/ngo-article-en.html");
    const NEWS_RU: &str = include_str!("../../tests/fixtures/build/news-ru.html");
    const NEWS_AZ: &str = include_str!("../../tests/fixtures/build/news-az.html");
    const SPAM: &str = include_str!("../../tests/fixtures/build/spam-injected.html");
    const BROKEN: &str = include_str!("../../tests/fixtures/build/broken.html");
    const SEED_000: &str = include_str!("../../tests/fixtures/build/seed-000.txt");
    const SEED_004: &str = include_str!("../../tests/fixtures/build/seed-004.txt");

    fn assert_absent(body: &str, needles: &[&str]) {
        for needle in needles {
            assert!(!body.contains(needle), "{needle:?} should not be in the body:\n{body}");
        }
    }

    fn assert_present(body: &str, needles: &[&str]) {
        for needle in needles {
            assert!(body.contains(needle), "{needle:?} should be in the body:\n{body}");
        }
    }

    fn paragraphs(body: &str) -> Vec<&str> {
        body.split("\n\n").collect()
    }

    #[test]
    fn english_ngo_page_metadata() {
        let page = extract_html(NGO_EN);
        assert_eq!(page.title.as_deref(), Some("Activists Brief OSCE Envoy on Detained Journalists"));
        assert_eq!(
            page.canonical_url.as_deref(),
            Some("https://civicwatch.example.org/news/2024/05/activists-brief-osce-envoy")
        );
        assert_eq!(page.date.as_deref(), Some("2024-05-21T09:30:00+02:00"));
        assert_eq!(page.lang.as_deref(), Some("en-GB"));
        assert_eq!(page.tags, ["Press Freedom", "Journalists", "OSCE", "Azerbaijan", "media freedom", "Vienna"]);
        assert_eq!(page.categories, ["Human Rights", "OSCE"]);
        assert_eq!(
            page.summary.as_deref(),
            Some("Civil society groups from six countries met the OSCE Representative on Freedom of the Media in Vienna to present cases of jailed reporters.")
        );
        assert_eq!(
            page.image,
            Some(ExtractedImage {
                url: "https://civicwatch.example.org/media/2024/05/vienna-meeting.jpg".into(),
                width: Some(1200),
                height: Some(630),
            })
        );
        // article:author is a URL here, so only the names count.
        assert_eq!(page.authors, ["Leyla Mammadova", "Tomas Petrauskas"]);
    }

    #[test]
    fn english_ngo_page_body_is_the_article_only() {
        let body = extract_html(NGO_EN).body;
        assert_present(
            &body,
            &[
                "Representatives of civil society organisations from Azerbaijan, Belarus, Kazakhstan, Russia, Tajikistan and Turkmenistan met on 20 May",
                "The delegation handed over a dossier documenting 47 cases",
                "It urged the OSCE to send observers to the trials of journalists that are due to open in June.",
                "“Every one of these reporters is in prison for doing their job",
                "which is scheduled for July.",
            ],
        );
        assert!(paragraphs(&body).contains(&"Cases raised at the meeting"), "h2 is its own paragraph:\n{body}");
        assert_absent(
            &body,
            &[
                "Rus Eng", "Lz", "Your Login", "Quick search", "Advanced search", "Home", "About us",
                "Monitoring human rights", "Leyla Mammadova", "Share on Facebook", "Tweet", "Read more", "Tags",
                "Maybe you are interested in", "State Department about meeting Kerry", "Hessel Meeting",
                "political prisoners", "More news", "Tajikistan: Forcibly", "Vlasov", "Comments",
                "Please fill your data", "Place your comment", "Subscribe", "Please select the topic",
                "Most read", "Closing Office Radio Azadlig", "All rights reserved", "Registered charity", "Privacy",
                "We use cookies", "Activists Brief OSCE Envoy on Detained Journalists", "dataLayer",
            ],
        );
        for paragraph in paragraphs(&body) {
            assert!(!["Rus", "Eng", "Az"].contains(&paragraph), "language switcher entry {paragraph:?}");
            assert_eq!(paragraph, collapse(paragraph), "whitespace is collapsed");
            assert!(!paragraph.is_empty());
        }
    }

    #[test]
    fn russian_news_page() {
        let page = extract_html(NEWS_RU);
        assert_eq!(
            page.title.as_deref(),
            Some("Правозащитники представили в ОБСЕ доклад о преследовании журналистов")
        );
        assert_eq!(page.date.as_deref(), Some("2023-11-14T12:05:00+03:00"));
        assert_eq!(page.lang.as_deref(), Some("ru"));
        assert_eq!(page.tags, ["Правозащитники", "ОБСЕ", "журналисты"]);
        assert_eq!(page.categories, ["Права человека"]);
        assert_eq!(page.canonical_url.as_deref(), Some("/news/2023/11/14/doklad-obse.html"));
        assert_eq!(page.image, None);

        let body = page.body;
        // Russian text with an English name, a quoted phrase and one English word survives cleaning untouched.
        let expected = [
            "Представители правозащитных организаций из стран Южного Кавказа и Центральной Азии представили в Варшаве доклад о преследовании независимых журналистов, подготовленный совместно с Human Rights Watch.",
            "По словам авторов доклада, за последние два года не менее сорока журналистов были задержаны или осуждены по обвинениям в контрабанде, уклонении от уплаты налогов и экстремизме.",
            "Рекомендации участников",
            "Участники встречи призвали государства ОБСЕ освободить всех журналистов, находящихся в заключении, и отменить законы об «иностранных агентах», которые, по их мнению, используются для давления на прессу.",
            "Один из выступавших назвал происходящее словом lawfare и подчеркнул, что уголовные дела против редакций возбуждаются сразу после публикации расследований о коррупции.",
        ];
        assert_eq!(paragraphs(&body), expected);
        assert_absent(
            &body,
            &[
                "Читайте также", "Суд в Баку", "Поделиться", "Теги", "В Ереване", "Комментарии", "Очень важный доклад",
                "Оставить комментарий", "Другие новости", "политзаключённых", "Главная", "Все права защищены", "RU EN",
                "14 ноября",
            ],
        );
    }

    #[test]
    fn azerbaijani_page_without_article_element() {
        let page = extract_html(NEWS_AZ);
        assert_eq!(page.title.as_deref(), Some("Vətəndaş cəmiyyəti təşkilatları Bakıda yeni hesabat təqdim etdi"));
        assert_eq!(page.date.as_deref(), Some("2022-03-05T10:00:00+04:00"));
        assert_eq!(page.lang.as_deref(), Some("az"));
        // "İnsan hüquqları" is the same tag as "insan hüquqları".
        assert_eq!(page.tags, ["insan hüquqları", "Vətəndaş cəmiyyəti", "jurnalistlər"]);
        assert_eq!(page.categories, ["Cəmiyyət"]);
        assert_eq!(
            page.image,
            Some(ExtractedImage {
                url: "https://azadliq.example.az/uploads/2022/03/hesabat.webp".into(),
                width: Some(1024),
                height: Some(576),
            })
        );
        // The author is an @id reference to a Person node of the @graph.
        assert_eq!(page.authors, ["Aynur Həsənova"]);
        let expected = [
            "Bakıda fəaliyyət göstərən on iki vətəndaş cəmiyyəti təşkilatı jurnalistlərin və hüquq müdafiəçilərinin vəziyyətinə dair yeni hesabat təqdim edib.",
            "Hesabatda son iki ildə azadlıqdan məhrum edilmiş jurnalistlərin işləri təhlil olunur və hökumətə konkret tövsiyələr verilir.",
            "Təşkilatların nümayəndələri bildiriblər ki, hesabat ATƏT-in insan ölçüsü üzrə öhdəlikləri əsasında hazırlanıb və beynəlxalq təşkilatlara da göndəriləcək.",
            "Hesabatın müəllifləri vətəndaş cəmiyyəti ilə dövlət qurumları arasında açıq dialoqun bərpa olunmasının vacibliyini vurğulayıblar.",
        ];
        assert_eq!(paragraphs(&page.body), expected);
    }

    #[test]
    fn injected_spam_and_links_are_removed() {
        let page = extract_html(SPAM);
        assert_eq!(page.title.as_deref(), Some("A Discussion With Russian Civil Society Leaders"));
        assert_eq!(page.date.as_deref(), Some("2012-04-26"));
        assert_eq!(page.lang.as_deref(), Some("en-US"));
        assert_eq!(page.authors, ["Thomas O. Melia"]);
        assert_eq!(page.image.map(|i| i.url).as_deref(), Some("/files/2012/04/melia-meeting.png"));
        let body = page.body;
        assert_present(
            &body,
            &[
                "between our civil societies in the area of prison reform.",
                "Our meeting also covered the monitoring of places of detention by public commissions, and the access of lawyers",
                "The tragic death in 2009 of Sergei Magnitsky",
            ],
        );
        assert_absent(
            &body,
            &[
                "займ", "микрозайм", "онлайн", "карту", "кредит", "срочно", "деньги", "zp-pdl", "http", "www.",
                "press@", "BY THOMAS", "To learn more", "Why was Sergei Magnitsky arrested", "Sign petition",
            ],
        );
        assert!(body.split("\n\n").any(|p| p.ends_with("in the area of prison reform.")), "{body}");
    }

    #[test]
    fn broken_html_yields_what_it_can() {
        let page = extract_html(BROKEN);
        assert_eq!(page.title.as_deref(), Some("Vilniuje vyko ESBO konferencija | Naujienos"));
        assert_eq!(page.lang.as_deref(), Some("lt"));
        assert_eq!(page.summary.as_deref(), Some("Trumpas pranešimo aprašymas"));
        // The JSON-LD block is cut off, so it gives nothing, and "plati" is no width.
        assert_eq!(page.date, None);
        assert_eq!(
            page.image,
            Some(ExtractedImage { url: "https://naujienos.example.lt/img/konferencija.jpg".into(), width: None, height: None })
        );
        assert_present(&page.body, &["Vilniuje vyko ESBO pilietinės visuomenės konferencija", "Dalyviai aptarė žmogaus teisių padėtį"]);
        assert_absent(&page.body, &["Daugiau naujienų", "Komentarai"]);
    }

    #[test]
    fn garbage_never_panics() {
        // Deep enough to overflow a test thread's stack if the tree were walked without a depth limit; much
        // deeper only measures html5ever, whose parse time grows with the square of the nesting.
        let deep = format!("{}text at the bottom{}", "<div><span>".repeat(3_000), "</span></div>".repeat(3));
        let inputs = [
            String::new(),
            "<<<>>>".to_string(),
            "\0\u{1}<p\0>".to_string(),
            "<html><head><title>".to_string(),
            "<script type=\"application/ld+json\">{\"@graph\": [[[[[]]]]], \"@type\": 5}</script>".to_string(),
            "<meta property=\"og:image\" content=\"x\"><meta property=\"og:image:width\" content=\"99999999999\">".to_string(),
            "<p>".repeat(5_000),
            deep,
        ];
        for input in &inputs {
            let page = extract_html(input);
            assert!(page.body.len() <= input.len());
        }
        assert_eq!(extract_text(""), ExtractedPage::default());
        assert_eq!(extract_text("\n\n  \n"), ExtractedPage::default());
    }

    #[test]
    fn seed_000_text_file() {
        let page = extract_text(SEED_000);
        assert_eq!(page.title.as_deref(), Some("Secretary Kerry met with Civil from the former USSR"));
        assert!(page.body.starts_with("Secretary of State Kerry met on December 4"), "{}", page.body);
        assert!(page.body.ends_with("post-conflict reconciliation at home and in the Balkans region."), "{}", page.body);
        assert_eq!(paragraphs(&page.body).len(), 5);
        assert_absent(
            &page.body,
            &[
                "Rus Eng Az Lz", "Federal Lezghi", "National and Cultural Autonomy", "Your Login",
                "Maybe you are interested in", "State Department about meeting Kerry", "Hessel Meeting",
                "Closing Office Radio Azadlig", "political prisoners", "Comments",
            ],
        );
    }

    #[test]
    fn seed_004_text_file() {
        let page = extract_text(SEED_004);
        assert_eq!(page.title.as_deref(), Some("A Discussion With Russian Civil Society Leaders"));
        assert_eq!(page.date.as_deref(), Some("2012-04-26"));
        assert_eq!(page.authors, ["Thomas O. Melia"]);
        assert!(page.body.starts_with("Thomas O. Melia serves as the Deputy Assistant Secretary"), "{}", page.body);
        assert!(page.body.ends_with("between our civil societies in the area of prison reform."), "{}", page.body);
        assert_absent(
            &page.body,
            &[
                "займ", "микрозайм", "zp-pdl", "https://", "BY THOMAS", "To learn more", "Sergei Magnitsky’s torture",
                "Sign petition", "Contact us", "Place your comment", "Please fill your data",
            ],
        );
    }

    #[test]
    fn text_file_opening_with_a_paragraph_takes_its_first_sentence() {
        let text = "Quick search\nAdvanced search\nReset all\nAll news\n\n\
                    On 4-5 December 2011, Mr. Smith and Thomas E. Garrett met civil society representatives in Vilnius. They discussed the OSCE.\n\n\
                    Read more\n\nMore news\nTajikistan: Forcibly Disappeared Opponent Allegedly Tortured\n";
        let page = extract_text(text);
        assert_eq!(
            page.title.as_deref(),
            Some("On 4-5 December 2011, Mr. Smith and Thomas E. Garrett met civil society representatives in Vilnius.")
        );
        assert_eq!(
            page.body,
            "On 4-5 December 2011, Mr. Smith and Thomas E. Garrett met civil society representatives in Vilnius. They discussed the OSCE."
        );
    }

    #[test]
    fn text_file_keeps_speech_lines_and_resumes_after_an_entity_list() {
        let text = "US-Kazakhstan dialogue focuses on reforms\n\nWebp ufgg1a0a6bbunaxq5h6ro7bbpept\n\n\
                    US-Kazakhstan dialogue focuses on reforms\n\nORGANIZATIONS IN THIS STORY\n\n\
                    Antony J. Blinken 71st U.S. Secretary of State | Official Website\n\n\
                    The United States and the Republic of Kazakhstan convened the third annual dialogue on human rights in Astana.\n\
                    Excellency,\nLadies and Gentlemen,\n\
                    We thank the Kazakh delegation for its openness during two days of frank and detailed talks on reforms.\n\n\
                    ORGANIZATIONS IN THIS STORY\n";
        let page = extract_text(text);
        assert_eq!(page.title.as_deref(), Some("US-Kazakhstan dialogue focuses on reforms"));
        assert_eq!(
            paragraphs(&page.body),
            [
                "The United States and the Republic of Kazakhstan convened the third annual dialogue on human rights in Astana.",
                "Excellency,",
                "Ladies and Gentlemen,",
                "We thank the Kazakh delegation for its openness during two days of frank and detailed talks on reforms.",
            ]
        );
    }

    #[test]
    fn a_single_sentence_first_paragraph_stays_in_the_body() {
        let text = "Secretary Kerry met civil society activists from Europe and Central Asia in Basel on Thursday.\n\n\
                    The activists described the cases of human rights defenders imprisoned in their countries.\n";
        let page = extract_text(text);
        assert_eq!(
            page.title.as_deref(),
            Some("Secretary Kerry met civil society activists from Europe and Central Asia in Basel on Thursday.")
        );
        assert_eq!(paragraphs(&page.body).len(), 2, "{}", page.body);
    }

    #[test]
    fn russian_and_azerbaijani_text_files() {
        let ru = "Рус Eng Az\n\nПоиск\n\nСуд продлил арест журналистам\n\n14 ноября 2023\n\n\
                  Суд в Баку продлил арест журналистам независимого издания ещё на три месяца, сообщили адвокаты.\n\n\
                  — Мы обжалуем это решение, — заявил адвокат Human Rights Watch.\n\n\
                  Читайте также:\nВ Ереване прошла конференция\nЖурналисты получили премию\n\n\
                  Комментарии (2)\nИван: Очень важная новость, спасибо редакции за то, что вы следите за этим делом.\n";
        let page = extract_text(ru);
        assert_eq!(page.title.as_deref(), Some("Суд продлил арест журналистам"));
        assert_eq!(page.date.as_deref(), Some("2023-11-14"));
        assert_eq!(
            paragraphs(&page.body),
            [
                "Суд в Баку продлил арест журналистам независимого издания ещё на три месяца, сообщили адвокаты.",
                "— Мы обжалуем это решение, — заявил адвокат Human Rights Watch.",
            ]
        );

        let az = "Az Ru En\nAxtarış\n\nJurnalistlər üçün yeni təlim proqramı başlayır\n\n\
                  Bakıda jurnalistlər üçün insan hüquqları mövzusunda yeni təlim proqramı başlayır, təşkilatçılar bildirib.\n\n\
                  Digər xəbərlər\nHüquq müdafiəçiləri Strasburqda görüş keçirib\nAvropa Şurası yeni tövsiyələr verib\n";
        let page = extract_text(az);
        assert_eq!(page.title.as_deref(), Some("Jurnalistlər üçün yeni təlim proqramı başlayır"));
        assert_eq!(
            page.body,
            "Bakıda jurnalistlər üçün insan hüquqları mövzusunda yeni təlim proqramı başlayır, təşkilatçılar bildirib."
        );
    }

    #[test]
    fn hard_wrapped_text_is_joined() {
        let text = "Activists meet envoy\n\n\
                    Representatives of civil society organisations from six countries met\n\
                    the OSCE Representative on Freedom of the Media in Vienna on Monday to\n\
                    present the cases of journalists who are currently behind bars there.\n\n\
                    The delegation handed over a dossier documenting forty-seven cases of\n\
                    reporters detained or convicted during the past two years in the region.\n";
        let page = extract_text(text);
        assert_eq!(page.title.as_deref(), Some("Activists meet envoy"));
        assert_eq!(paragraphs(&page.body).len(), 2, "{}", page.body);
        assert!(page.body.starts_with("Representatives of civil society organisations from six countries met the OSCE"));
    }

    #[test]
    fn dates_are_normalised() {
        assert_eq!(normalize_date("2024-05-21").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize_date("2024-05-21T09:30:00+02:00").as_deref(), Some("2024-05-21T09:30:00+02:00"));
        assert_eq!(normalize_date("2024-05-21T09:30Z").as_deref(), Some("2024-05-21T09:30:00Z"));
        assert_eq!(normalize_date("2024-05-21T09:30:00.123+0530").as_deref(), Some("2024-05-21T09:30:00+05:30"));
        assert_eq!(normalize_date("2024-05-21 09:30:00 UTC").as_deref(), Some("2024-05-21T09:30:00Z"));
        // Without an offset a time is no instant: the day is kept.
        assert_eq!(normalize_date("2024-05-21T09:30:00").as_deref(), Some("2024-05-21"));
        assert_eq!(normalize_date("April 26, 2012").as_deref(), Some("2012-04-26"));
        assert_eq!(normalize_date("26.04.2012").as_deref(), Some("2012-04-26"));
        assert_eq!(normalize_date("26 апреля 2012 г.").as_deref(), Some("2012-04-26"));
        assert_eq!(normalize_date("2011 m. gruodžio 5 d.").as_deref(), Some("2011-12-05"));
        assert_eq!(normalize_date("5 dekabr 2011").as_deref(), Some("2011-12-05"));
        assert_eq!(normalize_date("2023-02-29"), None);
        assert_eq!(normalize_date("2024-13-01"), None);
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date(""), None);
    }

    #[test]
    fn chrome_lines_are_recognised() {
        for line in ["Rus Eng Az Lz", "EN | RU | AZ", "Quick search", "Comments (0)", "Webp ufgg1a0a6bbunaxq5h6ro7bbpept", "-"] {
            assert_ne!(classify(line), LineClass::Content, "{line}");
        }
        for line in ["Maybe you are interested in:", "Читайте также", "Digər xəbərlər", "Susiję straipsniai", "Read also: Court extends arrest"] {
            assert_eq!(classify(line), LineClass::Section, "{line}");
        }
        for line in ["Oil and gas", "It Is So", "Thank you", "By December, Russia had ratified the treaty.", "Making Commitments Come True"] {
            assert_eq!(classify(line), LineClass::Content, "{line}");
        }
        assert_eq!(
            classify("BY THOMAS O. MELIA / APRIL 26, 2012"),
            LineClass::Byline { authors: vec!["Thomas O. Melia".into()], date: Some("2012-04-26".into()) }
        );
    }

    #[test]
    fn site_suffix_is_removed_only_when_confirmed() {
        assert_eq!(strip_site_suffix("Kerry meets activists | IPHR", &["Kerry meets activists"], None), "Kerry meets activists");
        assert_eq!(strip_site_suffix("IPHR - Kerry meets activists", &[], Some("IPHR")), "Kerry meets activists");
        assert_eq!(strip_site_suffix("US - Kazakhstan dialogue", &[], Some("IPHR")), "US - Kazakhstan dialogue");
        let html = "<html><head><title>Kerry meets activists | IPHR</title></head><body><p>Text.</p></body></html>";
        assert_eq!(extract_html(html).title.as_deref(), Some("Kerry meets activists | IPHR"));
    }

    #[test]
    fn teaser_articles_do_not_win_over_the_real_content() {
        let long = "The commission published its annual report on the situation of human rights defenders in the region. ".repeat(6);
        let html = format!(
            "<html><body><div class=\"page\"><h1>Annual report</h1><div class=\"text\"><p>{long}</p><p>{long}</p></div>\
             <div class=\"more\"><article><h3><a href=\"/a\">Other story</a></h3><p>Short teaser.</p></article></div></div></body></html>"
        );
        let page = extract_html(&html);
        assert_eq!(page.title.as_deref(), Some("Annual report"));
        assert!(page.body.starts_with("The commission published"), "{}", page.body);
        assert_absent(&page.body, &["Short teaser", "Other story"]);
    }

    #[test]
    fn chrome_sounding_wrappers_keep_the_article() {
        let paras = [
            "Human rights defenders from the region met in Vienna to discuss the protection of journalists and lawyers.",
            "The meeting was organised by a coalition of twelve organisations working across the OSCE region.",
            "Participants agreed to publish a joint statement and to meet again in the autumn in Warsaw.",
        ];
        let [a, b, c] = paras;
        let html = format!(
            "<html><body><article><div class=\"js-comments-enabled post-sidebar-layout\"><div class=\"entry-content\">\
             <p>{a}</p><p>{b}</p><p>{c}</p></div></div>\
             <div class=\"comments-area\"><p>What a great initiative, thank you all for the hard work on this important issue.</p></div>\
             </article></body></html>"
        );
        let body = extract_html(&html).body;
        assert_eq!(paragraphs(&body), paras);
    }

    #[test]
    fn wordpress_classes_and_comment_articles_do_not_hide_the_post() {
        let para = |n: usize| {
            format!("Paragraph {n} of the statement: the coalition of human rights organisations calls on the authorities to release the detained journalists.")
        };
        let comment = "I fully agree with this statement and I hope that the authorities will listen to the coalition this time, because the journalists have been in detention for far too long already.";
        let html = format!(
            "<html><body class=\"single-post has-sidebar tag-osce\"><div id=\"page\" class=\"site-content with-sidebar\">\
             <div class=\"post-123 post type-post hentry category-news tag-osce tag-azerbaijan\">\
             <h1>Coalition statement</h1><div class=\"entry\"><p>{}</p><p>{}</p><p>{}</p></div>\
             <div class=\"tags-links\"><a href=\"/t/1\">OSCE</a> <a href=\"/t/2\">Azerbaijan</a></div></div>\
             <ol class=\"commentlist\"><li><article class=\"comment-body\"><p>{comment}</p><p>{comment}</p></article></li></ol>\
             <div class=\"sidebar\"><p>{comment}</p></div></div></body></html>",
            para(1),
            para(2),
            para(3)
        );
        let page = extract_html(&html);
        assert_eq!(page.title.as_deref(), Some("Coalition statement"));
        assert_eq!(paragraphs(&page.body), [para(1), para(2), para(3)]);
    }

    #[test]
    fn br_separated_pages_of_older_sites() {
        let page = extract_html(include_str!("../../tests/fixtures/build/old-site-br-ru.html"));
        assert_eq!(page.date.as_deref(), Some("2015-03-12"));
        assert_eq!(
            paragraphs(&page.body),
            [
                "Суд оставил в силе приговор правозащитнику",
                "Апелляционный суд оставил в силе приговор известному правозащитнику, осуждённому к пяти годам лишения свободы по обвинению в мошенничестве.",
                "Защита намерена обжаловать решение в Верховном суде и направить жалобу в Европейский суд по правам человека, сообщил адвокат.",
                "По мнению правозащитных организаций, уголовное дело было возбуждено в связи с его общественной деятельностью.",
            ]
        );

        let page = extract_html(include_str!("../../tests/fixtures/build/cms-br-ru.html"));
        assert_eq!(page.title.as_deref(), Some("В Баку задержан журналист"));
        assert_eq!(page.date.as_deref(), Some("2023-11-14"));
        assert_eq!(paragraphs(&page.body).len(), 3, "{}", page.body);
        assert!(page.body.starts_with("В Баку полиция задержала независимого журналиста"));
        assert_absent(&page.body, &["Поделиться", "Возврат к списку", "Все права защищены", "VK"]);
    }

    #[test]
    fn feed_fragments_wrapped_in_article() {
        let page = extract_html("<article><p>Short item.</p></article>");
        assert_eq!(page.body, "Short item.");
        let page = extract_html(
            "<article><p>The court extended the arrest of two journalists, <a href=\"https://x.example/a\">reports</a> say.</p>\
             <p><a href=\"/more\">Read more</a></p></article>",
        );
        assert_eq!(page.body, "The court extended the arrest of two journalists, reports say.");
    }

    #[test]
    fn comments_label_under_the_headline_does_not_end_the_article() {
        let text = "Kerry meets activists\nComments (3)\n\nSecretary Kerry met civil society activists from Europe and Central Asia in Basel on Thursday.\n\nComments (3)\nGreat news, thank you for this report on the meeting in Basel with the activists.\n";
        let page = extract_text(text);
        assert_eq!(page.title.as_deref(), Some("Kerry meets activists"));
        assert_eq!(page.body, "Secretary Kerry met civil society activists from Europe and Central Asia in Basel on Thursday.");
    }
}
