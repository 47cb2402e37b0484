//! Plain-text pages (.txt files, pages saved as text): the title is the first line that is not chrome, the body
//! is the rest, read through the same line filter as HTML.

use super::chrome::{classify, filter_blocks, Block, LineClass, Removed};
use super::page::{dedupe, ExtractedPage};
use super::prose::{is_long_prose, is_prose, is_short, strip_bullet, word_count};
use crate::builder::clean::clean_body;
use crate::text;


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
pub(super) fn text_lines(text: &str) -> Vec<String> {
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
        let text = text::collapse_whitespace(unbulleted);
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


#[cfg(test)]
mod tests {
    use super::*;
    use crate::builder::extract::test_support::*;

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
}
