//! The line filter shared by both extractors: a page becomes blocks (a paragraph, a heading or a list item, with
//! how much of it is link text), and this filter reads them the way a person skims a page. Chrome lines ("Quick
//! search", language switchers, share rows, credits) are skipped, a heading such as "Maybe you are interested in:"
//! drops the list of other headlines after it, "Comments" ends the article, runs of short lines are menus, and
//! bylines are read for their authors and dates.

use super::dates::parse_loose_date;
use super::prose::{ends_sentence, is_long_prose, is_prose, is_short, visible_chars, word_count};
use crate::text;


#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
}

/// One paragraph-like piece of text, with the share of it that was link text (always 0 for plain text).
#[derive(Debug, Clone)]
pub(super) struct Block {
    pub(super) text: String,
    pub(super) kind: BlockKind,
    pub(super) link_chars: usize,
}

impl Block {
    pub(super) fn plain(text: String) -> Self {
        Block { text, kind: BlockKind::Paragraph, link_chars: 0 }
    }

    pub(super) fn link_ratio(&self) -> f64 {
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
pub(super) enum LineClass {
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
pub(super) struct Removed {
    pub(super) authors: Vec<String>,
    pub(super) date: Option<String>,
}

/// Keeps the blocks that belong to the article, in order.
///
/// `title` is dropped where it repeats as a line of text, a heading or a link. In plain text every short line is
/// a possible menu entry; in HTML only list items and link-heavy blocks are, because HTML already says what is a
/// heading.
pub(super) fn filter_blocks(blocks: Vec<Block>, title: Option<&str>, plain_text: bool, removed: &mut Removed) -> Vec<String> {
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

pub(super) fn classify(line: &str) -> LineClass {
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
pub(super) fn line_key(line: &str) -> String {
    let lower = text::collapse_whitespace(&line.to_lowercase());
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
    text::collapse_whitespace(text)
}

/// Headings after which the comments start; nothing after them is article text.
///
/// Only plural or imperative forms are listed: a lone "Comment" or "Discussion" is as often an opinion label or a
/// section of a report as the start of the comments.
pub(super) const END_PHRASES: &[&str] = &[
    "comments", "no comments", "leave a comment", "leave a reply", "post a comment", "add a comment",
    "add comment", "place your comment", "write a comment", "your comment", "join the discussion",
    "комментарии", "оставить комментарий", "добавить комментарий", "написать комментарий", "ваш комментарий",
    "şərhlər", "şərh yaz", "şərh əlavə et", "rəy bildir", "komentarai", "komentuoti", "rašyti komentarą",
    "parašykite komentarą", "palikite komentarą", "коментарі", "залишити коментар", "додати коментар",
    "написати коментар", "ваш коментар",
];

/// Headings that introduce a list of links or a form, matched as the whole line.
pub(super) const SECTION_PHRASES: &[&str] = &[
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
    "похожие новости", "похожие материалы", "похожие записи", "по теме", "материалы по теме", "новости по теме", "ещё новости",
    "еще новости", "все новости", "последние новости", "популярное", "самое читаемое", "подписаться",
    "подпишитесь", "подписка", "подписаться на рассылку", "поделиться", "теги", "метки", "рубрики", "архив",
    // Ukrainian.
    "читайте також", "дивіться також", "також читайте", "інші новини", "схожі новини", "схожі матеріали", "схожі записи",
    "по темі", "матеріали за темою", "новини за темою", "ще новини", "всі новини", "усі новини", "останні новини",
    "популярне", "найпопулярніше", "найчитаніше", "підписатися", "підпишіться", "поділитися", "теги", "мітки",
    "рубрики", "архів",
    // Azerbaijani.
    "digər xəbərlər", "oxşar xəbərlər", "oxşar yazılar", "əlaqəli yazılar", "mövzu ilə bağlı", "həmçinin oxuyun", "həmçinin bax", "son xəbərlər",
    "bütün xəbərlər", "ən çox oxunan", "ən çox oxunanlar", "abunə ol", "abunə olun", "paylaş", "teqlər",
    "etiketlər", "arxiv",
    // Lithuanian.
    "daugiau naujienų", "susiję straipsniai", "susiję įrašai", "panašūs įrašai", "susijusios naujienos", "kitos naujienos", "taip pat skaitykite",
    "visos naujienos", "naujausios naujienos", "skaitomiausi", "skaitomiausios", "prenumeruoti",
    "prenumeruokite", "dalintis", "pasidalinti", "žymos", "archyvas",
];

/// Line openings that, followed by a colon or a dash, make the line a list heading ("Read also: ...").
pub(super) const SECTION_PREFIXES: &[&str] = &[
    "read also", "see also", "also read", "read more", "related", "more news", "tags", "keywords", "topics",
    "categories", "category", "share", "читайте также", "смотрите также", "см. также", "также читайте", "по теме",
    "теги", "метки", "ключевые слова", "рубрика", "поделиться", "читайте також", "дивіться також", "також читайте",
    "по темі", "мітки", "ключові слова", "поділитися", "həmçinin oxuyun", "həmçinin bax", "teqlər",
    "etiketlər", "açar sözlər", "kateqoriya", "paylaş", "taip pat skaitykite", "taip pat žiūrėkite", "žymos",
    "raktažodžiai", "kategorija", "dalintis",
];

/// Chrome lines matched as the whole line.
pub(super) const CHROME_PHRASES: &[&str] = &[
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

pub(super) fn is_section_prefix(key: &str, words: usize) -> bool {
    words <= 30
        && SECTION_PREFIXES.iter().any(|prefix| {
            key.strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(" -") || rest.starts_with(" —"))
        })
}

/// "To learn more ... please read below", "For more information ... click on the links below:": a pointer to
/// a list of links, not a sentence of the article.
pub(super) fn points_below(key: &str, line: &str, words: usize) -> bool {
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
pub(super) const LANGUAGE_TOKENS: &[&str] = &[
    "en", "eng", "english", "ru", "rus", "russian", "az", "aze", "azeri", "lz", "lez", "lt", "lit", "de", "deu",
    "ger", "fr", "fra", "fre", "es", "esp", "spa", "it", "ita", "pl", "pol", "ua", "uk", "ukr", "ka", "geo",
    "hy", "arm", "kk", "kz", "kaz", "uz", "uzb", "tr", "tur", "be", "by", "bel", "tj", "tg", "taj", "ky", "kg",
    "kyr", "lv", "lat", "et", "est", "ro", "rom", "bg", "bul", "sr", "srb", "hr", "ar", "ara", "fa", "per", "he",
    "heb", "zh", "cn", "chi", "ja", "jp", "jpn", "ko", "kr", "kor", "pt", "por", "nl", "sv", "swe", "fi", "fin",
    "no", "nor", "da", "dan", "cs", "cz", "sk", "hu", "hun", "el", "gr", "gre", "mn", "mon", "tk", "tkm",
    "русский", "рус", "eng.", "азерб", "azərbaycan", "azərbaycanca", "lietuvių", "lietuviškai", "deutsch",
    "français", "español", "українська", "укр", "қазақша", "türkçe", "ქართული", "հայերեն", "english",
];

pub(super) fn is_language_switcher(line: &str) -> bool {
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
pub(super) fn is_image_noise(line: &str) -> bool {
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
pub(super) fn is_social_line(key: &str) -> bool {
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

pub(super) fn is_copyright(key: &str, words: usize) -> bool {
    const MARKS: &[&str] =
        &["all rights reserved", "все права защищены", "bütün hüquqlar qorunur", "visos teisės saugomos"];
    words <= 25 && (key.starts_with("copyright") || MARKS.iter().any(|m| key.contains(m)))
        || key.starts_with('©')
}

/// "1 2 3 Next", "Page 2 of 7".
pub(super) fn is_pagination(key: &str) -> bool {
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
pub(super) fn is_credit(key: &str, words: usize) -> bool {
    const LEADS: &[&str] = &["photo", "photos", "image", "фото", "foto", "şəkil", "nuotr", "nuotrauka", "credit"];
    words <= 8
        && LEADS.iter().any(|lead| {
            key.strip_prefix(lead)
                .is_some_and(|rest| rest.starts_with(':') || rest.starts_with(" by ") || rest.starts_with(" ©"))
        })
}

/// "All news | Print version": a row of chrome links on one line.
pub(super) fn is_chrome_row(line: &str) -> bool {
    let parts: Vec<&str> = line.split(['|', '•', '·']).map(str::trim).filter(|p| !p.is_empty()).collect();
    parts.len() >= 2 && parts.iter().all(|p| classify(p) != LineClass::Content)
}

/// "Reported by Reuters", "Source: DW", "Text: Wikipedia contributors, CC BY-SA 4.0": where the story or its text
/// came from, which is about the page rather than part of the story.
pub(super) fn is_attribution(key: &str, words: usize) -> bool {
    const LEADS: &[&str] = &[
        "reported by ", "source:", "sources:", "via ", "источник:", "источники:", "по материалам ", "mənbə:",
        "šaltinis:", "šaltiniai:",
    ];
    const LICENCES: &[&str] =
        &["cc by", "creative commons", "licensed under", "under the licence", "under the license"];
    words <= 20 && (LEADS.iter().any(|l| key.starts_with(l)) || LICENCES.iter().any(|l| key.contains(l)))
}

/// "By Thomas O. Melia / April 26, 2012", "Author: Jane Doe": the authors (and a date, when there is one).
pub(super) fn parse_byline(line: &str) -> Option<(Vec<String>, Option<String>)> {
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
            let name = text::collapse_whitespace(name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.'));
            if name.is_empty() {
                continue;
            }
            authors.push(if name.chars().any(char::is_lowercase) { name } else { title_case(&name) });
        }
    }
    Some((authors, date))
}

/// "THOMAS O. MELIA" gives "Thomas O. Melia".
pub(super) fn title_case(name: &str) -> String {
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


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chrome_lines_are_recognised() {
        for line in ["Rus Eng Az Lz", "EN | RU | AZ", "Quick search", "Comments (0)", "Webp ufgg1a0a6bbunaxq5h6ro7bbpept", "-"] {
            assert_ne!(classify(line), LineClass::Content, "{line}");
        }
        for line in ["Maybe you are interested in:", "Читайте также", "Читайте також", "Схожі матеріали", "Digər xəbərlər", "Susiję straipsniai", "Read also: Court extends arrest", "Читайте також: Греблю відремонтували"] {
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
}
