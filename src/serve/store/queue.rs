//! The mail queue (`serve --smtp`) and the record of topic updates (`digest`): what waits for the relay, and which
//! articles each address has had.

use std::collections::HashSet;

use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::{parse_list, QueuedMail, Store, StoreError, Subscriber};

/// A subscription's topics and language.
pub type TopicsAndLanguage = (Vec<String>, Option<String>);

impl Store {
    /// Queues the row's confirmation e-mail for the relay and marks it written, in one transaction: a row's message
    /// is queued once, whatever happens around it.
    pub fn queue_confirmation(&mut self, id: i64, envelope_from: &str, envelope_to: &str, message: &[u8], now: &str) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO mail_queue (subscription_id, kind, envelope_from, envelope_to, message, queued_at)
             VALUES (?1, 'confirmation', ?2, ?3, ?4, ?5) ON CONFLICT (kind, subscription_id) DO NOTHING",
            params![id, envelope_from, envelope_to, message, now],
        )?;
        tx.execute("UPDATE subscriptions SET mail_written = 1 WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Messages the relay has not accepted yet whose time has come (`now` in seconds since the epoch), oldest
    /// first, at most `limit`.
    pub fn due_mail(&self, now: i64, limit: usize) -> Result<Vec<QueuedMail>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT id, envelope_from, envelope_to, message, attempts FROM mail_queue
             WHERE sent_at IS NULL AND next_attempt_at <= ?1 ORDER BY next_attempt_at, id LIMIT ?2",
        )?;
        let rows = statement.query_map(params![now, i64::try_from(limit).unwrap_or(i64::MAX)], |row| {
            Ok(QueuedMail {
                id: row.get(0)?,
                envelope_from: row.get(1)?,
                envelope_to: row.get(2)?,
                message: row.get(3)?,
                attempts: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// When the next unsent message is due (seconds since the epoch), if any is waiting.
    pub fn next_mail_due(&self) -> Result<Option<i64>, StoreError> {
        Ok(self.conn.query_row("SELECT min(next_attempt_at) FROM mail_queue WHERE sent_at IS NULL", [], |row| row.get(0))?)
    }

    /// The relay accepted the message.
    pub fn mail_sent(&mut self, id: i64, now: &str) -> Result<(), StoreError> {
        self.conn.execute("UPDATE mail_queue SET sent_at = ?2, last_error = NULL WHERE id = ?1", params![id, now])?;
        Ok(())
    }

    /// The relay did not take the message: try again at `next_attempt_at`.
    pub fn mail_failed(&mut self, id: i64, next_attempt_at: i64, error: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
            params![id, next_attempt_at, error],
        )?;
        Ok(())
    }

    /// How many messages are sent and how many wait.
    pub fn mail_counts(&self) -> Result<(i64, i64), StoreError> {
        Ok(self.conn.query_row(
            "SELECT count(sent_at), count(*) - count(sent_at) FROM mail_queue",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?)
    }

    /// Every confirmed address with the union of its confirmed subscriptions' topics and types, in the order they
    /// first confirmed.
    pub fn subscribers(&self) -> Result<Vec<Subscriber>, StoreError> {
        let mut statement = self.conn.prepare(
            "SELECT s.id, s.email, s.topics, s.types, s.lang, s.unsubscribe_token, s.confirmed_at,
                    (SELECT max(d.sent_at) FROM digest_sent d WHERE d.email = s.email)
             FROM subscriptions s WHERE s.status = 'confirmed' ORDER BY s.confirmed_at, s.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, Option<String>>(6)?,
                row.get::<_, Option<String>>(7)?,
            ))
        })?;
        let mut out: Vec<Subscriber> = Vec::new();
        for row in rows {
            let (id, email, topics, types, lang, token, confirmed_at, last) = row?;
            let topics = parse_list(&topics).ok_or(StoreError::BadRow { id, column: "topics" })?;
            let types = parse_list(&types).ok_or(StoreError::BadRow { id, column: "types" })?;
            match out.iter_mut().find(|s| s.email.eq_ignore_ascii_case(&email)) {
                Some(known) => {
                    for topic in topics {
                        if !known.topics.contains(&topic) {
                            known.topics.push(topic);
                        }
                    }
                    for kind in types {
                        if !known.types.contains(&kind) {
                            known.types.push(kind);
                        }
                    }
                    // The latest subscription's language and link win.
                    known.lang = lang.or(known.lang.take());
                    known.unsubscribe_token = token;
                }
                None => out.push(Subscriber {
                    email,
                    topics,
                    types,
                    lang,
                    unsubscribe_token: token,
                    confirmed_at: confirmed_at.unwrap_or_default(),
                    last_update_at: last,
                }),
            }
        }
        Ok(out)
    }

    /// The articles an address has already had in an update.
    pub fn articles_sent(&self, email: &str) -> Result<HashSet<String>, StoreError> {
        let mut statement = self.conn.prepare("SELECT article_id FROM digest_sent WHERE email = ?1")?;
        let ids = statement.query_map([email], |row| row.get::<_, String>(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Records an update to `email` with these articles, and queues its message when `queued` gives one
    /// (`envelope_from`, `envelope_to`, bytes), in one transaction: the update counts as sent exactly when its
    /// message is in the queue.
    pub fn record_update(
        &mut self,
        email: &str,
        article_ids: &[String],
        queued: Option<(&str, &str, &[u8])>,
        now: &str,
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for id in article_ids {
            tx.execute(
                "INSERT INTO digest_sent (email, article_id, sent_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                params![email, id, now],
            )?;
        }
        if let Some((from, to, message)) = queued {
            tx.execute(
                "INSERT INTO mail_queue (kind, envelope_from, envelope_to, message, queued_at) VALUES ('update', ?1, ?2, ?3, ?4)",
                params![from, to, message, now],
            )?;
        }
        tx.commit()?;
        Ok(())
    }


    /// The topics and language of the subscription an unsubscribe token belongs to, unless it is unsubscribed.
    pub fn topics_for_token(&self, token: &str) -> Result<Option<TopicsAndLanguage>, StoreError> {
        let row: Option<(i64, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, topics, lang FROM subscriptions WHERE unsubscribe_token = ?1 AND status != 'unsubscribed'",
                [token],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        row.map(|(id, topics, lang)| parse_list(&topics).map(|t| (t, lang)).ok_or(StoreError::BadRow { id, column: "topics" }))
            .transpose()
    }

    /// Sets the topics of the address the token belongs to: the token's subscription gets `topics`, and the
    /// address's other live subscriptions none, so its updates follow exactly this choice. `None` for an unknown
    /// or unsubscribed token.
    pub fn set_topics(&mut self, token: &str, topics: &[String]) -> Result<Option<Option<String>>, StoreError> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let row: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT email, lang FROM subscriptions WHERE unsubscribe_token = ?1 AND status != 'unsubscribed'",
                [token],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let Some((email, lang)) = row else { return Ok(None) };
        let list = serde_json::to_string(topics).unwrap_or_else(|_| "[]".into());
        tx.execute(
            "UPDATE subscriptions SET topics = CASE WHEN unsubscribe_token = ?2 THEN ?3 ELSE '[]' END
             WHERE email = ?1 COLLATE NOCASE AND status != 'unsubscribed'",
            params![email, token, list],
        )?;
        tx.commit()?;
        Ok(Some(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::new;
    use super::super::Inserted;
    use super::*;

    #[test]
    fn the_mail_queue_keeps_a_message_until_the_relay_takes_it() {
        let mut store = Store::open_in_memory().expect("store");
        let Inserted::New(row) = store.insert(&new("key-00001", "jane@example.org", 1)).expect("insert") else { panic!("new") };
        store.queue_confirmation(row.id, "no-reply@news.example", "jane@example.org", b"message", "2026-12-01T00:00:00Z").expect("queue");
        store.queue_confirmation(row.id, "no-reply@news.example", "jane@example.org", b"again", "2026-12-01T00:00:01Z").expect("again");
        assert!(store.unwritten_mail().expect("unwritten").is_empty(), "queued counts as written");
        let due = store.due_mail(100, 10).expect("due");
        assert_eq!(due.len(), 1, "a row's message is queued once");
        assert_eq!(due[0].message, b"message");
        store.mail_failed(due[0].id, 160, "relay down").expect("failed");
        assert!(store.due_mail(100, 10).expect("due").is_empty(), "not before its retry time");
        assert_eq!(store.next_mail_due().expect("next"), Some(160));
        let retry = store.due_mail(160, 10).expect("due");
        assert_eq!(retry[0].attempts, 1);
        store.mail_sent(retry[0].id, "2026-12-01T00:03:00Z").expect("sent");
        assert!(store.due_mail(i64::MAX, 10).expect("due").is_empty());
        assert_eq!(store.mail_counts().expect("counts"), (1, 0));
        assert_eq!(store.next_mail_due().expect("next"), None);
    }
}
