//! `related-news subscribers export`: the subscriptions as RFC 4180 CSV, safe to open in a spreadsheet.
//!
//! A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return) gets a leading `'`, so a spreadsheet
//! shows it as text instead of running it as a formula: e-mail addresses and page URLs come from strangers.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::store::{ExportRow, Store, StoreError, StatusFilter};

/// The header row, in column order.
pub const COLUMNS: [&str; 10] = [
    "email", "topics", "types", "status", "lang", "page_url", "created_at", "confirmed_at", "unsubscribed_at", "idempotency_key",
];

/// What can stop an export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{path}: {source}")]
    Store { path: PathBuf, source: StoreError },
    #[error("standard output: {0}")]
    Write(#[from] std::io::Error),
}

/// Writes the header and every row that passes `filter`; returns how many rows were written. A missing database
/// is an error and is not created.
pub fn export(db: &Path, filter: StatusFilter, out: &mut impl Write) -> Result<usize, ExportError> {
    let store_error = |source| ExportError::Store { path: db.to_path_buf(), source };
    let rows = Store::open_existing(db).and_then(|store| store.export(filter)).map_err(store_error)?;
    out.write_all(line(&COLUMNS).as_bytes())?;
    for row in &rows {
        out.write_all(row_line(row).as_bytes())?;
    }
    out.flush()?;
    Ok(rows.len())
}

/// One row as a CSV line; lists are joined with `;`.
pub fn row_line(row: &ExportRow) -> String {
    let topics = row.topics.join(";");
    let types = row.types.join(";");
    let optional = |value: &Option<String>| value.clone().unwrap_or_default();
    let cells = [
        row.email.clone(),
        topics,
        types,
        row.status.clone(),
        optional(&row.lang),
        optional(&row.page_url),
        row.created_at.clone(),
        optional(&row.confirmed_at),
        optional(&row.unsubscribed_at),
        row.idempotency_key.clone(),
    ];
    line(&cells)
}

/// Cells joined by commas, ended by CRLF as RFC 4180 says.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| cell(c.as_ref())).collect();
    format!("{}\r\n", cells.join(","))
}

/// One cell: defused when it could be read as a formula, quoted when it holds a comma, a quote or a line break.
pub fn cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_formula_injection() {
        assert_eq!(cell("plain@example.org"), "plain@example.org");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"http://evil\")"), "\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell(""), "");
        assert_eq!(line(&COLUMNS), "email,topics,types,status,lang,page_url,created_at,confirmed_at,unsubscribed_at,idempotency_key\r\n");
    }

    #[test]
    fn rows() {
        let row = ExportRow {
            email: "=cmd@example.org".into(),
            topics: vec!["elections".into(), "economy".into()],
            types: vec![],
            status: "pending".into(),
            lang: Some("ru".into()),
            page_url: Some("https://x.org/a?b=1,2".into()),
            created_at: "2026-11-22T10:15:00Z".into(),
            confirmed_at: None,
            unsubscribed_at: None,
            idempotency_key: "-key12345".into(),
        };
        assert_eq!(
            row_line(&row),
            "'=cmd@example.org,elections;economy,,pending,ru,\"https://x.org/a?b=1,2\",2026-11-22T10:15:00Z,,,'-key12345\r\n"
        );
    }

    #[test]
    fn a_missing_database_is_an_error_and_is_not_created() {
        let path = std::env::temp_dir().join(format!("related-news-missing-{}.sqlite", std::process::id()));
        let mut out = Vec::new();
        let error = export(&path, StatusFilter::All, &mut out).expect_err("missing");
        assert!(error.to_string().contains("does not exist"), "{error}");
        assert!(!path.exists() && out.is_empty());
    }
}
