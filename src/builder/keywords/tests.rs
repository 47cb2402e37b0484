//! Tests of keyword and entity extraction: function words, names, phrases, weights and tags.

use super::*;

fn doc(id: &str, title: &str, body: &str, lang: &str) -> Document {
    Document {
        source: id.into(),
        id: id.into(),
        url: format!("/{id}"),
        title: title.into(),
        lang: Some(lang.into()),
        body: body.into(),
        ..Document::default()
    }
}

fn corpus() -> Vec<Document> {
    vec![
        doc("kerry", "Kerry meets civil society activists", "Secretary of State Kerry met civil society activists in Basel during the OSCE ministerial. The Community of Democracies welcomed the meeting. Human rights defenders spoke.", "en"),
        doc("vilnius", "Parallel OSCE conference in Vilnius", "Civil society representatives met in Vilnius before the OSCE meeting. Human rights defenders asked the OSCE to act. The Community of Democracies sent a message.", "en"),
        doc("oslo", "Community of Democracies in Oslo", "The Community of Democracies met civil society leaders in Oslo to discuss human rights defenders.", "en"),
        doc("football", "Cup final ends in a draw", "The football cup final ended in a draw after extra time. Fans celebrated the final in Madrid.", "en"),
        doc("ru1", "Правозащитники в Казахстане", "Правозащитники обсудили права человека в Казахстане. Гражданское общество требует реформ.", "ru"),
        doc("ru2", "Гражданское общество России", "Гражданское общество и правозащитники России говорят о правах человека.", "ru"),
    ]
}

#[test]
fn function_words_of_other_languages_are_not_keywords() {
    let slovak = [
        "Vláda podľa ministra schválila rozpočet, ktorý však opozícia kritizuje, pretože je podľa nej nízky.",
        "Opozícia tiež kritizuje rozpočet, ktorý vláda schválila, alebo podľa nej aj zákon o voľbách.",
        "Ministerstvo financií podľa hovorcu pripravilo rozpočet, ktoré však ešte musí schváliť parlament.",
    ];
    let documents: Vec<Document> =
        slovak.iter().enumerate().map(|(i, body)| doc(&format!("sk{i}"), &format!("Správa {i}"), body, "sk")).collect();
    let (terms, _) = extract(&documents, &KeywordSettings::default());
    for t in &terms {
        let words: Vec<&str> = t.keywords.iter().flat_map(|k| k.term.split(' ')).collect();
        for function_word in ["podľa", "ktorý", "ktoré", "však", "pretože", "tiež", "alebo", "nej"] {
            assert!(!words.contains(&function_word), "{function_word} in {words:?}");
        }
        assert!(words.contains(&"rozpočet"), "{words:?}");
    }
}

#[test]
fn a_common_noun_opening_a_sentence_is_not_part_of_the_name_after_it() {
    // Lithuanian: "Prezidentas" opens a sentence; the site writes the word in lower case only in other forms.
    let documents = vec![
        doc("l1", "Vizitas Vilniuje", "Prezidentas Gitanas Nausėda susitiko su ministrais. Vėliau jis kalbėjo spaudai.", "lt"),
        doc("l2", "Susitikimas", "Su prezidentu kalbėjo merai. Susitikime dalyvavo ir Gitanas Nausėda.", "lt"),
        doc("l3", "Pareiškimas", "Šalies prezidento patarėjas sakė, kad Gitanas Nausėda vyks į Rygą.", "lt"),
    ];
    let (terms, _) = extract(&documents, &KeywordSettings::default());
    let names: Vec<&String> = terms[0].entities.all().collect();
    assert!(names.iter().any(|n| *n == "Gitanas Nausėda"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("Prezidentas")), "{names:?}");
}

#[test]
fn forms_of_one_name_are_one_entity() {
    let documents = vec![
        doc("m1", "Встреча волонтёров", "Вчера фонд Маяк провёл встречу. Директор фонда Маяк выступил. Потом фонд Маяк закрылся.", "ru"),
        doc("m2", "Помощь семьям", "Волонтёры фонда Маяка приехали в город. Встреча прошла в Маяке.", "ru"),
        doc("m3", "Новые семьи", "Помощь от Маяка получили семьи из деревни.", "ru"),
    ];
    let (terms, _) = extract(&documents, &KeywordSettings::default());
    for (i, t) in terms.iter().enumerate() {
        let names: Vec<&String> = t.entities.all().collect();
        assert!(names.iter().any(|n| *n == "Маяк"), "document {i}: {names:?}");
        assert!(!names.iter().any(|n| *n == "Маяка" || *n == "Маяке"), "document {i}: {names:?}");
    }
}

#[test]
fn a_surname_alone_is_the_person_the_document_names_in_full() {
    let documents = vec![
        doc("k1", "Journalist sentenced", "A court in Hrodna sentenced the journalist Andrei Kuzmich to six years. Kuzmich denied the charges. Lawyers for Kuzmich will appeal.", "en"),
        doc("k2", "Appeal rejected", "The appeal of Andrei Kuzmich was rejected on Tuesday. His wife said Kuzmich was calm.", "en"),
        doc("k3", "Two sisters", "Anna Petrauskas and Ona Petrauskas opened a bakery. The town knows Petrauskas well.", "en"),
    ];
    let (terms, _) = extract(&documents, &KeywordSettings::default());
    for t in &terms[..2] {
        let names: Vec<&String> = t.entities.all().collect();
        assert!(names.iter().any(|n| *n == "Andrei Kuzmich"), "{names:?}");
        assert!(!names.iter().any(|n| *n == "Kuzmich"), "{names:?}");
    }
    // A surname that ends two of a document's names stays its own.
    let mention = |display: &str| NameMention { display: display.into(), person_cue: false, place_cue: false };
    let names = vec![
        ("anna petrauska".to_string(), mention("Anna Petrauskas")),
        ("ona petrauska".to_string(), mention("Ona Petrauskas")),
        ("petrauska".to_string(), mention("Petrauskas")),
    ];
    let merged = with_surnames_as_full_names(names);
    assert_eq!((merged[2].0.as_str(), merged[2].1.display.as_str()), ("petrauska", "Petrauskas"));
}

#[test]
fn keywords_phrases_and_entities() {
    let (terms, forms) = extract(&corpus(), &KeywordSettings::default());
    let kerry = &terms[0];
    let words: Vec<&str> = kerry.keywords.iter().map(|k| k.term.as_str()).collect();
    assert!(words.contains(&"civil society"), "{words:?}");
    assert!(kerry.entities.organizations.contains(&"OSCE".to_string()), "{:?}", kerry.entities);
    assert!(kerry.entities.organizations.contains(&"Community of Democracies".to_string()), "{:?}", kerry.entities);
    assert!(kerry.entities.people.contains(&"Kerry".to_string()), "{:?}", kerry.entities);
    assert!(!words.contains(&"osce"), "an entity is not repeated as a keyword: {words:?}");
    // Stems group Russian inflections; the written keyword is a real word and its other forms are listed.
    let ru2: Vec<&str> = terms[5].keywords.iter().map(|k| k.term.as_str()).collect();
    assert!(ru2.iter().any(|k| k.starts_with("правозащитник")), "{ru2:?}");
    assert!(forms.values().all(|k| !k.is_empty()));
    assert!(forms.iter().any(|(variant, keyword)| variant.contains("прав") && keyword.contains("прав")), "{forms:?}");
    for t in &terms {
        for k in &t.keywords {
            assert_eq!(text::normalize_term(&k.term, "").as_deref(), Some(k.term.as_str()), "stored normalised");
            assert!((1.0..=Keyword::MAX_WEIGHT).contains(&k.weight), "{k:?}");
        }
    }
}

#[test]
fn newswire_abbreviations_are_keywords_but_never_phrases() {
    let documents = vec![
        doc("e1", "Acme Corp first quarter", "Shr 12 cts vs 10 cts. Net 5.1 mln dlrs vs 4.2 mln dlrs. Revs 40 mln dlrs vs 38 mln.", "en"),
        doc("e2", "Bolt Inc year net", "Shr 1.10 dlrs vs 90 cts. Net 22 mln dlrs vs 18 mln. Revs 310 mln dlrs.", "en"),
        doc("a1", "Crane to buy Delta", "Crane Industries agreed to acquire Delta Pumps for cash, subject to approval by shareholders.", "en"),
        doc("a2", "Merger talks end", "Talks on the merger of two regional banks ended without an agreement on the price shareholders would get.", "en"),
    ];
    let (terms, _) = extract(&documents, &KeywordSettings::default());
    for t in &terms[..2] {
        let words: Vec<&str> = t.keywords.iter().map(|k| k.term.as_str()).collect();
        assert!(words.contains(&"mln") && words.contains(&"dlrs"), "{words:?}");
    }
    for t in &terms {
        for k in &t.keywords {
            let parts: Vec<&str> = k.term.split(' ').collect();
            assert!(parts.len() == 1 || !parts.iter().any(|p| ["mln", "dlrs", "cts", "shr", "vs"].contains(p)), "{k:?}");
            assert_ne!(k.term, "vs");
        }
    }
}

#[test]
fn a_subject_in_a_third_of_the_archive_keeps_its_words_and_a_site_wide_word_does_not() {
    // 30 articles: 12 (40%) report results with a dividend, 18 are each on a subject of their own, and every
    // one names the site. The subject's word tells the 12 from the rest; the site's name tells nothing.
    let subjects = ["volcano", "orchestra", "glacier", "marathon", "vaccine", "satellite", "harvest", "museum",
        "election", "earthquake", "festival", "telescope", "railway", "wildfire", "library", "submarine",
        "vineyard", "carnival"];
    let mut documents = Vec::new();
    for i in 0..12 {
        documents.push(doc(&format!("r{i}"), &format!("Company{i} results"),
            &format!("Harbourton news. Company{i} raised its dividend after a strong quarter of sales."), "en"));
    }
    for (i, subject) in subjects.iter().enumerate() {
        documents.push(doc(&format!("s{i}"), &format!("The {subject} story"),
            &format!("Harbourton news. A long report about the {subject} and what the {subject} means."), "en"));
    }
    let (terms, _) = extract(&documents, &KeywordSettings::default());
    for t in &terms[..12] {
        let words: Vec<&str> = t.keywords.iter().map(|k| k.term.as_str()).collect();
        assert!(words.contains(&"dividend"), "{words:?}");
    }
    for t in &terms {
        assert!(t.keywords.iter().all(|k| !k.term.contains("harbourton")), "{:?}", t.keywords);
    }
}

#[test]
fn tags_come_first_and_weigh_more() {
    let mut documents = corpus();
    documents[3].tags = vec!["Sport".into(), "Football".into()];
    let (terms, _) = extract(&documents, &KeywordSettings::default());
    assert_eq!(terms[3].keywords[0], Keyword::new("sport", Keyword::MAX_WEIGHT));
    assert_eq!(terms[3].keywords[1], Keyword::new("football", Keyword::MAX_WEIGHT));
    let others = &terms[3].keywords[2..];
    assert!(others.iter().all(|k| k.weight <= Keyword::MAX_WEIGHT), "{others:?}");
    assert_eq!(terms[3].keywords.iter().filter(|k| k.term == "football").count(), 1);
}
