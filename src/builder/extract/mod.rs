//! Article extraction: the metadata and main text of an HTML page or a plain-text file, with page chrome removed.
//!
//! Both inputs end up as a sequence of blocks (a paragraph, a heading or a list item, with how much of it is link
//! text), which one filter then reads the way a person skims a page: chrome lines such as "Quick search" or
//! language switchers are skipped, a heading such as "Maybe you are interested in:" drops the list of other
//! headlines that follows it, "Comments" ends the article, and runs of short lines form menus. HTML pages first
//! lose whole chrome elements (navigation, forms, share bars, sidebars, link lists) before their text is read,
//! and the article itself is taken from the element that holds it rather than from the whole page.
//!
//! The parts, in the order a page goes through them: `metadata` (meta tags and JSON-LD), `content` (the article's
//! element and its blocks), `chrome` (the line filter, with `prose` and `dates` for judging lines), then `html` or
//! `plain_text` assemble the [`ExtractedPage`] declared in `page`.

pub mod chrome;
pub mod content;
pub mod dates;
pub mod html;
pub mod metadata;
pub mod page;
pub mod plain_text;
pub mod prose;
#[cfg(test)]
mod test_support;

pub use html::extract_html;
pub use page::{ExtractedImage, ExtractedPage};
pub use plain_text::extract_text;
