//! The subscriptions and the mail queue, in SQLite, versioned with `PRAGMA user_version`.
//!
//! Every write is one transaction, and the server answers only after it committed; with `synchronous=FULL` in WAL
//! mode a commit is on disk when it returns, so an acknowledged submission survives a crash or a power cut.

use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

mod queue;

/// The schema this code writes; a database with a newer one is refused rather than misread.
pub const SCHEMA_VERSION: i64 = 3;
/// How long a write waits for another process holding the database (a backup, `subscribers export`).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SCHEMA: &str = "
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    topics TEXT NOT NULL,
    types TEXT NOT NULL,
    lang TEXT,
    page_url TEXT,
    consent INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    confirm_token TEXT NOT NULL UNIQUE,
    unsubscribe_token TEXT NOT NULL UNIQUE,
    client_ip TEXT,
    created_at TEXT NOT NULL,
    confirmed_at TEXT,
    unsubscribed_at TEXT,
    mail_written INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX subscriptions_email ON subscriptions (email COLLATE NOCASE);
CREATE INDEX subscriptions_unwritten ON subscriptions (mail_written) WHERE mail_written = 0;
";

/// Version 2: messages waiting for the relay (`serve --smtp`). A message leaves the queue only when the relay
/// accepted it; `next_attempt_at` (seconds since the epoch) spaces out the retries.
const MAIL_QUEUE: &str = "
CREATE TABLE mail_queue (
    id INTEGER PRIMARY KEY,
    subscription_id INTEGER,
    kind TEXT NOT NULL,
    envelope_from TEXT NOT NULL,
    envelope_to TEXT NOT NULL,
    message BLOB NOT NULL,
    queued_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    sent_at TEXT,
    last_error TEXT,
    UNIQUE (kind, subscription_id)
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at) WHERE sent_at IS NULL;
";

/// Version 3: which articles each address has had in a topic update, so none is ever sent to it twice.
const DIGEST_SENT: &str = "
CREATE TABLE digest_sent (
    email TEXT NOT NULL COLLATE NOCASE,
    article_id TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (email, article_id)
);
";

/// A confirmed reader, all their confirmed subscriptions together: one topic update each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    pub email: String,
    pub topics: Vec<String>,
    pub types: Vec<String>,
    pub lang: Option<String>,
    /// The token of their latest subscription, for the links in the update.
    pub unsubscribe_token: String,
    /// When they first confirmed, and when their last update went out.
    pub confirmed_at: String,
    pub last_update_at: Option<String>,
}

/// A message in the queue, as the sender needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub envelope_from: String,
    pub envelope_to: String,
    pub message: Vec<u8>,
    pub attempts: i64,
}

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the database has schema version {found}, newer than this program's {SCHEMA_VERSION}; use a newer related-news")]
    NewerSchema { found: i64 },
    #[error("not a related-news subscriber database (no subscriptions table)")]
    NotSubscriberDatabase,
    #[error("the database does not exist")]
    Missing,
    #[error("row {id} has a malformed {column} column")]
    BadRow { id: i64, column: &'static str },
}

/// Where a subscription is in its double opt-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Confirmed,
    Unsubscribed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Confirmed => "confirmed",
            Status::Unsubscribed => "unsubscribed",
        }
    }

    fn parse(text: &str) -> Option<Status> {
        match text {
            "pending" => Some(Status::Pending),
            "confirmed" => Some(Status::Confirmed),
            "unsubscribed" => Some(Status::Unsubscribed),
            _ => None,
        }
    }
}

/// A checked submission ready to be stored, with its tokens already drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSubscription {
    pub idempotency_key: String,
    pub email: String,
    pub topics: Vec<String>,
    pub types: Vec<String>,
    pub lang: Option<String>,
    pub page_url: Option<String>,
    pub client_ip: Option<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub confirm_token: String,
    pub unsubscribe_token: String,
}

/// What the confirmation e-mail of a row needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    pub id: i64,
    pub email: String,
    pub topics: Vec<String>,
    pub lang: Option<String>,
    pub confirm_token: String,
    pub unsubscribe_token: String,
    pub created_at: String,
}

/// The outcome of storing a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inserted {
    /// A new pending row; its confirmation e-mail is still to be written.
    New(MailRow),
    /// The key was stored before for the same address: nothing changed.
    Duplicate(Status),
    /// The key was stored before for another address.
    KeyReused,
}

/// A row as `subscribers export` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRow {
    pub email: String,
    pub topics: Vec<String>,
    pub types: Vec<String>,
    pub status: String,
    pub lang: Option<String>,
    pub page_url: Option<String>,
    pub created_at: String,
    pub confirmed_at: Option<String>,
    pub unsubscribed_at: Option<String>,
    pub idempotency_key: String,
}

/// Which rows to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    All,
    Only(Status),
}

/// The open database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

impl Store {
    /// Opens the database, creating it and its schema when missing.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        Store::set_up(conn)
    }

    /// A database in memory, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::set_up(Connection::open_in_memory()?)
    }

    /// Opens an existing database for reading only; a missing file is an error and is not created.
    ///
    /// The connection is opened writable when it can be, with `query_only` on: a read-only connection cannot
    /// remove the WAL files it creates, and would leave them next to a database whose server has stopped.
    /// Opens an existing database to write to it (`digest`), bringing its schema up to date; a missing file is an
    /// error and is not created.
    pub fn open_existing_for_writing(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing);
        }
        let store = Store::open(path)?;
        let has_rows: bool = store.conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'subscriptions'",
            [],
            |row| row.get(0),
        )?;
        if has_rows { Ok(store) } else { Err(StoreError::NotSubscriberDatabase) }
    }

    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.is_file() {
            return Err(StoreError::Missing);
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .or_else(|_| Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "query_only", true)?;
        let has_table: bool = conn.query_row(
            "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'subscriptions'",
            [],
            |row| row.get(0),
        )?;
        if !has_table {
            return Err(StoreError::NotSubscriberDatabase);
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { found: version });
        }
        Ok(Store { conn })
    }

    fn set_up(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // WAL lets `subscribers export` read while the server writes; FULL makes each commit durable in WAL mode.
        let _mode: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { found: version });
        }
        if version == 0 {
            let has_table: bool = tx.query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'subscriptions'",
                [],
                |row| row.get(0),
            )?;
            if !has_table {
                tx.execute_batch(SCHEMA)?;
            }
        }
        if version < 2 {
            // A database of version 1 keeps its rows and gains the queue.
            tx.execute_batch(MAIL_QUEUE)?;
        }
        if version < 3 {
            tx.execute_batch(DIGEST_SENT)?;
        }
        if version < SCHEMA_VERSION {
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
        }
        tx.commit()?;
        Ok(Store { conn })
    }

    /// Stores a submission unless its idempotency key is already stored, in one transaction: concurrent requests
    /// with one key make one row, and the others learn what the first stored.
    pub fn insert(&mut self, new: &NewSubscription) -> Result<Inserted, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = tx.execute(
            "INSERT INTO subscriptions (idempotency_key, email, topics, types, lang, page_url, consent, status,
                 confirm_token, unsubscribe_token, client_ip, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, 'pending', ?7, ?8, ?9, ?10)
             ON CONFLICT (idempotency_key) DO NOTHING",
            params![
                new.idempotency_key,
                new.email,
                json_list(&new.topics),
                json_list(&new.types),
                new.lang,
                new.page_url,
                new.confirm_token,
                new.unsubscribe_token,
                new.client_ip,
                new.created_at,
            ],
        )?;
        let outcome = if inserted == 1 {
            Inserted::New(MailRow {
                id: tx.last_insert_rowid(),
                email: new.email.clone(),
                topics: new.topics.clone(),
                lang: new.lang.clone(),
                confirm_token: new.confirm_token.clone(),
                unsubscribe_token: new.unsubscribe_token.clone(),
                created_at: new.created_at.clone(),
            })
        } else {
            let (id, email, status): (i64, String, String) = tx.query_row(
                "SELECT id, email, status FROM subscriptions WHERE idempotency_key = ?1",
                [&new.idempotency_key],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?;
            if email == new.email {
                Inserted::Duplicate(Status::parse(&status).ok_or(StoreError::BadRow { id, column: "status" })?)
            } else {
                Inserted::KeyReused
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Records that the row's confirmation e-mail is in the outbox.
    pub fn mark_mail_written(&mut self, id: i64) -> Result<(), StoreError> {
        self.conn.execute("UPDATE subscriptions SET mail_written = 1 WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Pending rows whose e-mail was never written: the server stopped between the commit and the outbox.
    pub fn unwritten_mail(&self) -> Result<Vec<MailRow>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, email, topics, lang, confirm_token, unsubscribe_token, created_at FROM subscriptions
             WHERE mail_written = 0 AND status = 'pending' ORDER BY id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, email, topics, lang, confirm_token, unsubscribe_token, created_at) = row?;
            let topics = parse_list(&topics).ok_or(StoreError::BadRow { id, column: "topics" })?;
            out.push(MailRow { id, email, topics, lang, confirm_token, unsubscribe_token, created_at });
        }
        Ok(out)
    }

    /// Confirms the row with this confirmation token, if it is pending. Returns its status afterwards and its
    /// language, or `None` for an unknown token.
    pub fn confirm(&mut self, token: &str, now: &str) -> Result<Option<(Status, Option<String>)>, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE subscriptions SET status = 'confirmed', confirmed_at = ?2 WHERE confirm_token = ?1 AND status = 'pending'",
            params![token, now],
        )?;
        let row: Option<(i64, String, Option<String>)> = tx
            .query_row("SELECT id, status, lang FROM subscriptions WHERE confirm_token = ?1", [token], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })
            .optional()?;
        tx.commit()?;
        row.map(|(id, status, lang)| Status::parse(&status).map(|s| (s, lang)).ok_or(StoreError::BadRow { id, column: "status" }))
            .transpose()
    }

    /// The language of the row an unsubscribe token belongs to, without changing anything: `None` for an unknown
    /// token. The page a link opens asks first, so a mail scanner that opens every link unsubscribes no one.
    pub fn unsubscribe_lang(&self, token: &str) -> Result<Option<Option<String>>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT lang FROM subscriptions WHERE unsubscribe_token = ?1", [token], |row| row.get(0))
            .optional()?)
    }

    /// Unsubscribes every row of the address the token belongs to. Returns that row's language and how many rows
    /// changed, or `None` for an unknown token.
    pub fn unsubscribe(&mut self, token: &str, now: &str) -> Result<Option<(Option<String>, usize)>, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, Option<String>)> = tx
            .query_row("SELECT email, lang FROM subscriptions WHERE unsubscribe_token = ?1", [token], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        let Some((email, lang)) = row else { return Ok(None) };
        // Local parts are case-sensitive on paper only: someone leaving wants every spelling of the address gone.
        let changed = tx.execute(
            "UPDATE subscriptions SET status = 'unsubscribed', unsubscribed_at = ?2
             WHERE email = ?1 COLLATE NOCASE AND status != 'unsubscribed'",
            params![email, now],
        )?;
        tx.commit()?;
        Ok(Some((lang, changed)))
    }

    /// Rows in the order they were stored.
    pub fn export(&self, filter: StatusFilter) -> Result<Vec<ExportRow>, StoreError> {
        let status = match filter {
            StatusFilter::All => None,
            StatusFilter::Only(status) => Some(status.as_str()),
        };
        let mut statement = self.conn.prepare(
            "SELECT id, email, topics, types, status, lang, page_url, created_at, confirmed_at, unsubscribed_at,
                    idempotency_key
             FROM subscriptions WHERE ?1 IS NULL OR status = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([status], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                ExportRow {
                    email: row.get(1)?,
                    topics: Vec::new(),
                    types: Vec::new(),
                    status: row.get(4)?,
                    lang: row.get(5)?,
                    page_url: row.get(6)?,
                    created_at: row.get(7)?,
                    confirmed_at: row.get(8)?,
                    unsubscribed_at: row.get(9)?,
                    idempotency_key: row.get(10)?,
                },
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, topics, types, mut export) = row?;
            export.topics = parse_list(&topics).ok_or(StoreError::BadRow { id, column: "topics" })?;
            export.types = parse_list(&types).ok_or(StoreError::BadRow { id, column: "types" })?;
            out.push(export);
        }
        Ok(out)
    }

    /// How many rows there are (for logs and tests).
    pub fn count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row("SELECT count(*) FROM subscriptions", [], |row| row.get(0))?)
    }

    /// Moves the write-ahead log into the database file and closes it, so a stopped server leaves one file.
    pub fn close(self) -> Result<(), StoreError> {
        let _: (i64, i64, i64) =
            self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        self.conn.close().map_err(|(_, error)| StoreError::Sqlite(error))
    }
}

fn json_list(items: &[String]) -> String {
    serde_json::Value::from(items.to_vec()).to_string()
}

fn parse_list(text: &str) -> Option<Vec<String>> {
    serde_json::from_str(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn new(key: &str, email: &str, n: u32) -> NewSubscription {
        NewSubscription {
            idempotency_key: key.into(),
            email: email.into(),
            topics: vec!["elections".into(), "economy".into()],
            types: vec!["news".into()],
            lang: Some("ru".into()),
            page_url: Some("https://news.example/a".into()),
            client_ip: Some("127.0.0.1".into()),
            created_at: "2026-11-22T10:15:00Z".into(),
            confirm_token: format!("c{n:031}"),
            unsubscribe_token: format!("u{n:031}"),
        }
    }

    #[test]
    fn one_key_is_one_row() {
        let mut store = Store::open_in_memory().expect("store");
        let first = store.insert(&new("key-00001", "jane@example.org", 1)).expect("insert");
        let Inserted::New(row) = first else { panic!("expected a new row, got {first:?}") };
        assert_eq!(row.topics, ["elections", "economy"]);
        assert_eq!(store.insert(&new("key-00001", "jane@example.org", 2)).expect("again"), Inserted::Duplicate(Status::Pending));
        assert_eq!(store.insert(&new("key-00001", "john@example.org", 3)).expect("other"), Inserted::KeyReused);
        assert_eq!(store.count().expect("count"), 1);
        assert!(matches!(store.insert(&new("key-00002", "jane@example.org", 4)).expect("second"), Inserted::New(_)));
        assert_eq!(store.count().expect("count"), 2);
    }

    #[test]
    fn confirm_unsubscribe_and_mail_flags() {
        let mut store = Store::open_in_memory().expect("store");
        for (n, email) in [(1, "jane@example.org"), (2, "JANE@example.org"), (3, "john@example.org")] {
            store.insert(&new(&format!("key-0000{n}"), email, n)).expect("insert");
        }
        assert_eq!(store.unwritten_mail().expect("unwritten").len(), 3);
        store.mark_mail_written(1).expect("mark");
        assert_eq!(store.unwritten_mail().expect("unwritten").iter().map(|r| r.id).collect::<Vec<_>>(), [2, 3]);

        let confirm = format!("c{:031}", 1);
        assert_eq!(store.confirm(&confirm, "2026-11-22T11:00:00Z").expect("confirm"), Some((Status::Confirmed, Some("ru".into()))));
        assert_eq!(store.confirm(&confirm, "2026-11-22T12:00:00Z").expect("again"), Some((Status::Confirmed, Some("ru".into()))));
        assert_eq!(store.confirm("nope", "2026-11-22T12:00:00Z").expect("unknown"), None);

        // One address's token unsubscribes all its rows, in any case, and no one else's.
        let unsubscribe = format!("u{:031}", 1);
        assert_eq!(store.unsubscribe(&unsubscribe, "2026-11-23T00:00:00Z").expect("unsubscribe"), Some((Some("ru".into()), 2)));
        assert_eq!(store.unsubscribe(&unsubscribe, "2026-11-23T00:00:00Z").expect("again"), Some((Some("ru".into()), 0)));
        assert_eq!(store.unsubscribe("nope", "2026-11-23T00:00:00Z").expect("unknown"), None);
        assert_eq!(store.confirm(&confirm, "2026-11-24T00:00:00Z").expect("after"), Some((Status::Unsubscribed, Some("ru".into()))));

        let all = store.export(StatusFilter::All).expect("export");
        assert_eq!(all.iter().map(|r| r.status.as_str()).collect::<Vec<_>>(), ["unsubscribed", "unsubscribed", "pending"]);
        assert_eq!(all[0].confirmed_at.as_deref(), Some("2026-11-22T11:00:00Z"));
        assert_eq!(all[0].unsubscribed_at.as_deref(), Some("2026-11-23T00:00:00Z"));
        assert_eq!(store.export(StatusFilter::Only(Status::Pending)).expect("pending").len(), 1);
        // Unsubscribed rows need no confirmation e-mail any more.
        assert_eq!(store.unwritten_mail().expect("unwritten").iter().map(|r| r.id).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn files_reopen_and_missing_files_are_not_created() {
        let dir = std::env::temp_dir().join(format!("related-news-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("subscribers.sqlite");
        let _ = std::fs::remove_file(&path);
        let mut store = Store::open(&path).expect("create");
        let pragma = |name: &str| {
            store.conn.query_row(&format!("PRAGMA {name}"), [], |row| row.get::<_, rusqlite::types::Value>(0)).expect(name)
        };
        assert_eq!(pragma("journal_mode"), rusqlite::types::Value::Text("wal".into()));
        assert_eq!(pragma("synchronous"), rusqlite::types::Value::Integer(2), "FULL");
        assert_eq!(pragma("user_version"), rusqlite::types::Value::Integer(SCHEMA_VERSION));
        store.insert(&new("key-00001", "jane@example.org", 1)).expect("insert");
        store.close().expect("close");
        let reopened = Store::open(&path).expect("reopen");
        assert_eq!(reopened.count().expect("count"), 1);
        drop(reopened);
        let reader = Store::open_existing(&path).expect("read only");
        assert_eq!(reader.export(StatusFilter::All).expect("export").len(), 1);
        assert!(reader.conn.execute("DELETE FROM subscriptions", []).is_err(), "the export cannot write");
        drop(reader);
        assert!(!dir.join("subscribers.sqlite-wal").exists(), "no WAL file is left behind");
        let missing = dir.join("missing.sqlite");
        assert!(matches!(Store::open_existing(&missing), Err(StoreError::Missing)));
        assert!(!missing.exists());
        std::fs::write(dir.join("other.sqlite"), b"").expect("empty file");
        assert!(matches!(Store::open_existing(&dir.join("other.sqlite")), Err(StoreError::NotSubscriberDatabase)));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_version_1_database_keeps_its_rows_and_gains_the_queue() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("old.sqlite");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(SCHEMA).expect("schema");
            conn.pragma_update(None, "user_version", 1).expect("version");
            conn.execute(
                "INSERT INTO subscriptions (idempotency_key, email, topics, types, consent, status, confirm_token,
                 unsubscribe_token, created_at) VALUES ('key-1', 'a@example.org', '[]', '[]', 1, 'pending', 'c', 'u', 'now')",
                [],
            )
            .expect("row");
        }
        let store = Store::open(&path).expect("migrated");
        assert_eq!(store.count().expect("count"), 1);
        assert_eq!(store.mail_counts().expect("queue"), (0, 0));
    }
}
