//! What can be wrong in a manifest: a document that cannot be used at all ([`ManifestError`]), and entries or
//! fields that were left out or mended, each with its place ([`Report`]).

use std::fmt;

use super::model::FORMAT_VERSION;

/// A document that cannot be used as a manifest at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ManifestError {
    #[error("the manifest is not valid JSON (line {line}, column {column}): {message}")]
    NotJson { line: usize, column: usize, message: String },
    #[error("the manifest is {bytes} bytes, above the limit of {limit} bytes")]
    TooLarge { bytes: usize, limit: usize },
    #[error("the manifest must be a JSON object, found {found}")]
    NotAnObject { found: &'static str },
    #[error("the manifest has neither an \"articles\" array (related-news format) nor an \"items\" array (JSON Feed)")]
    UnknownFormat,
    #[error("\"{field}\" must be an array, found {found}")]
    NotAnArray { field: &'static str, found: &'static str },
    /// A binary record of the sharded index whose bytes do not follow its layout (cut, or damaged).
    #[error("the record is damaged: {why} (at byte {offset})")]
    BadRecord { offset: usize, why: &'static str },
    #[error("manifest version {found} is not supported (this widget reads version {FORMAT_VERSION})")]
    UnsupportedVersion { found: String },
}

/// Something wrong with one entry or field, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: `articles[12]`, `articles[12].date`, `topics[3]`, `items[0]`.
    pub place: String,
    /// The article or topic id, when it had one.
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "{} (id \"{}\"): {}", self.place, id, self.message),
            None => write!(f, "{}: {}", self.place, self.message),
        }
    }
}

/// What was wrong in a manifest that was still usable.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Entries left out.
    pub skipped: Vec<Problem>,
    /// Fields dropped or shortened; their entries were kept.
    pub warnings: Vec<Problem>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.skipped.is_empty() && self.warnings.is_empty()
    }

    /// One line for a console warning: counts and the first problem of each kind.
    pub fn summary(&self) -> Option<String> {
        if self.is_clean() {
            return None;
        }
        // Written into one string (a list joined afterwards carried a generic join into the wasm).
        use std::fmt::Write;
        let mut line = String::new();
        if let Some(first) = self.skipped.first() {
            let _ = write!(line, "skipped {} invalid entr{} (first: {first})", self.skipped.len(), if self.skipped.len() == 1 { "y" } else { "ies" });
        }
        if let Some(first) = self.warnings.first() {
            let separator = if line.is_empty() { "" } else { "; " };
            let _ = write!(line, "{separator}{} field problem{} (first: {first})", self.warnings.len(), if self.warnings.len() == 1 { "" } else { "s" });
        }
        Some(line)
    }
}

pub(crate) fn problem(place: impl Into<String>, id: Option<&str>, message: impl Into<String>) -> Problem {
    Problem { place: place.into(), id: id.map(str::to_string), message: message.into() }
}
