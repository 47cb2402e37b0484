//! Small measures of text that the filters judge lines by: words, sentences, prose or a headline.


pub(super) fn visible_chars(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Words with at least one letter or digit, so a dash or a bullet does not count.
pub(super) fn word_count(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

pub(super) fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']'))
        .ends_with(['.', '!', '?', '…'])
}

/// A full sentence of 15 words or more: the article's own prose, where a list of links ends.
pub(super) fn is_long_prose(text: &str) -> bool {
    word_count(text) >= 15 && ends_sentence(text)
}

/// A paragraph rather than a headline: a sentence of eight words or more, or simply long.
pub(super) fn is_prose(text: &str) -> bool {
    let words = word_count(text);
    (words >= 8 && ends_sentence(text)) || words >= 25
}

/// A menu entry or a headline in a list: under six words and no sentence punctuation.
pub(super) fn is_short(text: &str) -> bool {
    word_count(text) < 6 && !ends_sentence(text) && !text.trim_end().ends_with([',', ';', ':'])
}

/// Removes a leading list marker ("- ", "• "). Dashes are left alone: Russian direct speech opens with one.
pub(super) fn strip_bullet(line: &str) -> &str {
    let trimmed = line.trim();
    for marker in ["- ", "* ", "• ", "· ", "▪ ", "► "] {
        if let Some(rest) = trimmed.strip_prefix(marker) {
            return rest.trim_start();
        }
    }
    trimmed
}

