//! Writing a record in the binary layout ([`super`] describes it), for the builder.

use super::layout::{parse_title_hash, title_hash, MAGIC};
use crate::manifest::model::{Collection, CollectionDf, Image, Manifest};

/// Writes a record in the binary layout.
pub fn encode(record: &Manifest) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(4096));
    out.0.extend_from_slice(MAGIC);
    let site = &record.site;
    for field in [&site.name, &site.url, &site.lang] {
        out.optional_str(field.as_deref());
    }
    out.number(record.forms.len() as u64);
    for (variant, keyword) in &record.forms {
        out.str(variant);
        out.str(keyword);
    }
    out.number(record.topics.len() as u64);
    for topic in &record.topics {
        out.str(&topic.id);
        out.number(topic.labels.len() as u64);
        for (lang, label) in &topic.labels {
            out.str(lang);
            out.str(label);
        }
        out.optional_str(topic.feed.as_deref());
        out.optional_number(topic.count);
    }
    match &record.collection {
        None => out.number(0),
        Some(Collection { articles, df: CollectionDf::InTermOrder { terms, counts } }) => {
            out.number(1);
            out.number(u64::from(*articles));
            out.number(terms.len() as u64);
            let mut previous = "";
            for term in terms {
                let shared = shared_prefix(previous, term);
                out.number(shared as u64);
                out.str(&term[shared..]);
                previous = term;
            }
            for &count in counts {
                out.number(u64::from(count));
            }
        }
        Some(Collection { articles, df: CollectionDf::ByTerm(df) }) => {
            out.number(2);
            out.number(u64::from(*articles));
            out.number(df.len() as u64);
            for (term, &count) in df {
                out.str(term);
                out.number(u64::from(count));
            }
        }
    }
    let mut weights: Vec<u32> = record.articles.iter().flat_map(|a| a.vector.iter().map(|&(_, w)| w.to_bits())).collect();
    crate::sort::sort_dedup(&mut weights);
    out.number(weights.len() as u64);
    for &bits in &weights {
        out.0.extend_from_slice(&bits.to_le_bytes());
    }
    out.number(record.articles.len() as u64);
    for article in &record.articles {
        out.str(&article.id);
        out.str(&article.url);
        out.str(&article.title);
        for field in [&article.date, &article.lang, &article.summary] {
            out.optional_str(field.as_deref());
        }
        match &article.image {
            None => out.number(0),
            Some(Image::Url(url)) => {
                out.number(1);
                out.str(url);
            }
            Some(Image::Sized { url, width, height, alt }) => {
                out.number(2);
                out.str(url);
                out.optional_number(width.map(u64::from));
                out.optional_number(height.map(u64::from));
                out.optional_str(alt.as_deref());
            }
        }
        out.list(&article.topics);
        out.number(article.keywords.len() as u64);
        for keyword in &article.keywords {
            out.str(&keyword.term);
            out.0.extend_from_slice(&keyword.weight.to_le_bytes());
        }
        let entities = &article.entities;
        for list in [&entities.people, &entities.organizations, &entities.places, &entities.other, &article.pinned] {
            out.list(list);
        }
        out.number(article.vector.len() as u64);
        let mut next = 0u32;
        for &(position, weight) in &article.vector {
            out.number(u64::from(position.saturating_sub(next)));
            out.number(weights.binary_search(&weight.to_bits()).unwrap_or_default() as u64);
            next = position.saturating_add(1);
        }
        // An empty key is an untitled article's, which the lists never merge with another: written as none.
        match article.title_key.as_deref().filter(|key| !key.is_empty()) {
            None => out.number(0),
            Some(key) => {
                out.number(1);
                out.0.extend_from_slice(&parse_title_hash(key).unwrap_or_else(|| title_hash(key)).to_le_bytes());
            }
        }
    }
    out.0
}

/// The length in bytes of the prefix two strings share, on a character boundary.
pub(super) fn shared_prefix(a: &str, b: &str) -> usize {
    a.char_indices().zip(b.chars()).take_while(|((_, x), y)| x == y).last().map_or(0, |((at, x), _)| at + x.len_utf8())
}

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn number(&mut self, n: u64) {
        crate::manifest::vector::push_number(&mut self.0, n);
    }

    pub(super) fn str(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.0.extend_from_slice(text.as_bytes());
    }

    fn optional_str(&mut self, text: Option<&str>) {
        match text {
            None => self.number(0),
            Some(text) => {
                self.number(1);
                self.str(text);
            }
        }
    }

    fn optional_number(&mut self, n: Option<u64>) {
        self.number(n.map_or(0, |n| n.saturating_add(1)));
    }

    fn list(&mut self, items: &[String]) {
        self.number(items.len() as u64);
        for item in items {
            self.str(item);
        }
    }
}
