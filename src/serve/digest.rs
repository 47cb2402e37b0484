//! `related-news digest`: each confirmed subscriber gets one e-mail with the articles published since their last
//! update in the topics they chose, in their language, each with its summary and link, and the unsubscribe link.
//!
//! An article is never sent to the same address twice, and an e-mail is never empty. Each subscriber's update is
//! recorded in the same transaction that queues its message (`--smtp`), so a run killed halfway and run again
//! sends every subscriber exactly one e-mail: those already queued are only delivered, the others are composed.
//! Without `--smtp` the e-mails are written to the outbox folder, as `serve` does; `--dry-run` writes them there
//! without recording anything.

use std::path::PathBuf;
use std::time::SystemTime;


use super::app::{mask_email, now_rfc3339};
use super::delivery;
use super::mail::{self, Sender};
use super::store::{Store, Subscriber};
use super::wording::{self, Lang};
use crate::date::parse_iso8601;
use crate::manifest::{self, Article, Manifest};
use crate::url;

/// At most this many articles in one update, the newest first: a longer e-mail is not read.
const MAX_ARTICLES_PER_UPDATE: usize = 20;

/// `digest`'s settings, as the command line gives them.
#[derive(Debug, Clone)]
pub struct DigestConfig {
    pub db: PathBuf,
    pub manifest: PathBuf,
    pub outbox: PathBuf,
    pub smtp: Option<String>,
    /// Only articles published after this (ISO 8601) count, instead of each subscriber's last update.
    pub since: Option<String>,
    pub dry_run: bool,
    /// The base of the links [default: the manifest's `site.url`].
    pub public_url: Option<String>,
    pub from: Option<String>,
    /// Send the queue at the end of the run. `serve --digest-every` leaves that to its own sender, which already
    /// delivers the queue: two senders could hand the relay one message twice.
    pub deliver_now: bool,
}

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DigestReport {
    pub subscribers: usize,
    pub updates: usize,
    pub articles: usize,
    pub delivered: usize,
    pub waiting: usize,
}

/// The last moment of a day, in days: where an article dated by its day alone stands among timed ones.
const END_OF_DAY: f64 = 1.0 - 1.0 / 86_400.0;

/// The articles of `manifest` that `subscriber` should get now, newest first.
pub fn articles_for<'a>(
    manifest: &'a Manifest,
    subscriber: &Subscriber,
    since: Option<&str>,
    already_sent: &std::collections::HashSet<String>,
) -> Vec<&'a Article> {
    // The window opens at the last update (or the confirmation); --since can move it, but never back before a
    // subscriber's last update, so a second run, or a run after one killed halfway, finds nothing to send again.
    let days = |text: &str| parse_iso8601(text).map(|t| t.days()).ok();
    let last_update = subscriber.last_update_at.as_deref().and_then(days);
    let start = match (since.and_then(days), last_update) {
        (Some(since), Some(last)) => since.max(last),
        (Some(since), None) => since,
        (None, Some(last)) => last,
        (None, None) => days(&subscriber.confirmed_at).unwrap_or(f64::MIN),
    };
    let reader_lang = subscriber
        .lang
        .as_deref()
        .filter(|reader| manifest.articles.iter().any(|a| a.lang.as_deref().is_some_and(|article| crate::lang::same_language(article, reader))));
    let mut chosen: Vec<(&Article, f64)> = manifest
        .articles
        .iter()
        .filter(|a| a.topics.iter().any(|t| subscriber.topics.contains(t)))
        .filter(|a| !already_sent.contains(&a.id))
        // In the subscriber's language, as the panel lists articles by default, where the site writes in it: a
        // reader who subscribed on a Lithuanian page gets the Lithuanian articles of a site in two languages, and
        // one who reads an English-only site in another language gets its articles.
        .filter(|a| match (a.lang.as_deref(), reader_lang) {
            (Some(article), Some(reader)) => crate::lang::same_language(article, reader),
            _ => true,
        })
        // An article without a date cannot be told new from old: it is not sent. One dated by its day alone counts
        // as published by the end of that day: read as its midnight, an article of the day a reader confirmed (or
        // an update went out) was never new to them. What was sent is recorded, so it never goes twice.
        .filter_map(|a| {
            let published = a.date.as_deref().and_then(|d| parse_iso8601(d).ok())?;
            Some((a, if published.date_only { published.days() + END_OF_DAY } else { published.days() }))
        })
        .filter(|(_, days)| *days > start)
        .collect();
    chosen.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.id.cmp(&b.0.id)));
    chosen.into_iter().take(MAX_ARTICLES_PER_UPDATE).map(|(a, _)| a).collect()
}

/// One subscriber's update as a message.
/// `message_id` is a unique local part for its `Message-ID`, as the confirmation request has one.
pub fn compose(subscriber: &Subscriber, articles: &[&Article], sender: &Sender, date: SystemTime, message_id: &str) -> Result<mail::Message, mail::MailError> {
    let lang = Lang::pick(subscriber.lang.as_deref());
    let text = wording::update(lang);
    let site = mail::single_line(&sender.site_name);
    let base = url::as_folder(&sender.public_url);
    let mut lines = vec![text.intro.replace("{site}", &site), String::new()];
    for article in articles {
        lines.push(format!("* {}", mail::single_line(&article.title)));
        if let Some(summary) = article.summary.as_deref().map(mail::single_line).filter(|s| !s.is_empty()) {
            lines.push(format!("  {summary}"));
        }
        lines.push(format!("  {}", url::resolve(Some(&base), &article.url)));
        lines.push(String::new());
    }
    let outgoing = mail::Outgoing {
        lang,
        to: &subscriber.email,
        subject: &text.subject.replace("{site}", &site),
        unsubscribe_token: &subscriber.unsubscribe_token,
        unsubscribe_line: text.unsubscribe,
        message_id: Some(message_id),
        date,
    };
    mail::build(sender, &outgoing, lines)
}

/// `30s`, `15m`, `6h`, `1d`, `7d`: how often `serve --digest-every` runs a digest.
pub fn parse_every(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: u64 = number.parse().map_err(|_| format!("\"{text}\": give a number and a unit, like 1d, 6h, 30m or 45s"))?;
    let seconds = match unit {
        "s" => number,
        "m" => number.saturating_mul(60),
        "h" => number.saturating_mul(3600),
        "d" => number.saturating_mul(86_400),
        _ => return Err(format!("\"{text}\": the unit is s, m, h or d")),
    };
    if seconds == 0 {
        return Err(format!("\"{text}\": give a duration above zero"));
    }
    Ok(std::time::Duration::from_secs(seconds))
}

/// Runs one digest.
pub fn run(config: &DigestConfig) -> Result<DigestReport, String> {
    let text = std::fs::read_to_string(&config.manifest).map_err(|e| format!("{}: {e}", config.manifest.display()))?;
    let loaded = manifest::parse_str(&text).map_err(|e| format!("{}: {e}", config.manifest.display()))?;
    let manifest = loaded.manifest;
    let public_url = config
        .public_url
        .clone()
        .or_else(|| manifest.site.url.clone())
        .filter(|u| url::is_absolute_http_url(u))
        .ok_or("give --public-url (the manifest has no site.url to build links from)")?;
    let public_url = public_url.trim_end_matches('/').to_string();
    let sender = Sender {
        from: config.from.clone().unwrap_or_else(|| mail::default_from(&public_url)),
        site_name: manifest.site.name.clone().unwrap_or_else(|| url::host_of(&public_url).to_string()),
        public_url,
    };
    let relay = match (&config.smtp, config.dry_run) {
        (Some(smtp), false) => Some(delivery::relay(smtp).map_err(|e| format!("--smtp {}: {e}", delivery::describe(smtp)))?),
        _ => None,
    };
    let queue = relay.is_some();
    let relay = relay.filter(|_| config.deliver_now);
    if !queue {
        std::fs::create_dir_all(&config.outbox).map_err(|e| format!("{}: {e}", config.outbox.display()))?;
    }
    let mut store = Store::open_existing_for_writing(&config.db).map_err(|e| format!("{}: {e}", config.db.display()))?;
    let subscribers = store.subscribers().map_err(|e| e.to_string())?;
    let mut report = DigestReport { subscribers: subscribers.len(), ..DigestReport::default() };
    let stamp: String = now_rfc3339().chars().filter(char::is_ascii_alphanumeric).collect();
    for (n, subscriber) in subscribers.iter().enumerate() {
        let sent = store.articles_sent(&subscriber.email).map_err(|e| e.to_string())?;
        let articles = articles_for(&manifest, subscriber, config.since.as_deref(), &sent);
        if articles.is_empty() {
            continue;
        }
        let message_id = super::app::random_token().unwrap_or_else(|_| format!("update.{stamp}.{}", n + 1));
        let message = match compose(subscriber, &articles, &sender, SystemTime::now(), &message_id) {
            Ok(message) => message,
            Err(error) => {
                eprintln!("related-news: update to {}: {error}", mask_email(&subscriber.email));
                continue;
            }
        };
        let ids: Vec<String> = articles.iter().map(|a| a.id.clone()).collect();
        if queue {
            store
                .record_update(&subscriber.email, &ids, Some((&message.envelope_from, &message.envelope_to, message.text.as_bytes())), &now_rfc3339())
                .map_err(|e| e.to_string())?;
        } else {
            // The file first, then the record: a run stopped between the two writes the same file again.
            let file = mail::Message { file_name: format!("update-{stamp}-{}.eml", n + 1), ..message };
            mail::write(&config.outbox, &file).map_err(|e| e.to_string())?;
            if !config.dry_run {
                store.record_update(&subscriber.email, &ids, None, &now_rfc3339()).map_err(|e| e.to_string())?;
            }
        }
        report.updates += 1;
        report.articles += articles.len();
    }
    if let Some(relay) = relay {
        // Everything queued goes out now, this run's updates and any an earlier run left; what the relay refuses
        // for now stays queued for the next run or for `serve --smtp`.
        // An explicit run tries every waiting message at once, whatever its back-off says.
        for queued in store.due_mail(i64::MAX, usize::MAX).map_err(|e| e.to_string())? {
            match delivery::attempt(&relay, &queued) {
                Ok(()) => {
                    store.mail_sent(queued.id, &now_rfc3339()).map_err(|e| e.to_string())?;
                    report.delivered += 1;
                }
                Err(refusal) => {
                    eprintln!("related-news: mail {} to {} not sent ({}); it stays queued", queued.id, mask_email(&queued.envelope_to), refusal.reason);
                    let retry_at = refusal.retry_at(queued.attempts);
                    store.mail_failed(queued.id, retry_at, &refusal.reason).map_err(|e| e.to_string())?;
                }
            }
        }
        report.waiting = usize::try_from(store.mail_counts().map_err(|e| e.to_string())?.1).unwrap_or(0);
    }
    store.close().map_err(|e| e.to_string())?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn manifest() -> Manifest {
        let articles: Vec<String> = (0..30)
            .map(|i| {
                let topic = if i % 3 == 0 { "health" } else { "sport" };
                format!(r#"{{"id":"a{i}","url":"/a{i}","title":"A{i}","date":"2026-11-{:02}","topics":["{topic}"]}}"#, i % 28 + 1)
            })
            .chain([r#"{"id":"undated","url":"/u","title":"U","topics":["health"]}"#.to_string()])
            .collect();
        let text = format!(r#"{{"version":1,"topics":[{{"id":"health"}},{{"id":"sport"}}],"articles":[{}]}}"#, articles.join(","));
        manifest::parse_str(&text).expect("manifest").manifest
    }

    fn subscriber(last: Option<&str>) -> Subscriber {
        Subscriber {
            email: "jane@example.org".into(),
            topics: vec!["health".into()],
            types: vec![],
            lang: None,
            unsubscribe_token: "u".repeat(32),
            confirmed_at: "2026-11-10T00:00:00Z".into(),
            last_update_at: last.map(str::to_string),
        }
    }

    #[test]
    fn new_articles_in_the_subscribers_topics_newest_first() {
        let m = manifest();
        let ids = |list: Vec<&Article>| list.into_iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        // Since the confirmation on the 10th: health articles dated after it, newest first; the undated one never.
        // One dated the 10th by its day alone counts as published by that day's end: it was new to a reader who
        // confirmed that morning.
        let chosen = ids(articles_for(&m, &subscriber(None), None, &HashSet::new()));
        assert_eq!(chosen, ["a27", "a24", "a21", "a18", "a15", "a12", "a9"]);
        // After an update on the 20th, only what came later; --since cannot reach back before it.
        let later = ids(articles_for(&m, &subscriber(Some("2026-11-20T12:00:00Z")), Some("2000-01-01"), &HashSet::new()));
        assert_eq!(later, ["a27", "a24", "a21"]);
        // An article already sent is never sent again.
        let sent: HashSet<String> = ["a27".to_string()].into();
        assert_eq!(ids(articles_for(&m, &subscriber(Some("2026-11-20T12:00:00Z")), None, &sent)), ["a24", "a21"]);
        // Nothing new: an empty list, and the caller sends no e-mail.
        assert!(articles_for(&m, &subscriber(Some("2026-12-31T00:00:00Z")), None, &HashSet::new()).is_empty());
    }

    #[test]
    fn a_subscriber_gets_the_articles_in_their_language() {
        let text = r#"{"version":1,"topics":[{"id":"floods"}],"articles":[
            {"id":"lt-1","url":"/lt/1","title":"Potvynis","date":"2026-11-20","lang":"lt","topics":["floods"]},
            {"id":"ru-1","url":"/ru/1","title":"Наводнение","date":"2026-11-21","lang":"ru","topics":["floods"]},
            {"id":"any","url":"/x","title":"X","date":"2026-11-22","topics":["floods"]}]}"#;
        let m = manifest::parse_str(text).expect("manifest").manifest;
        let reader = |lang: Option<&str>| Subscriber { topics: vec!["floods".into()], lang: lang.map(str::to_string), ..subscriber(None) };
        let ids = |lang: Option<&str>| articles_for(&m, &reader(lang), None, &HashSet::new()).into_iter().map(|a| a.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(Some("lt-LT")), ["any", "lt-1"]);
        assert_eq!(ids(Some("ru")), ["any", "ru-1"]);
        assert_eq!(ids(None), ["any", "ru-1", "lt-1"], "a reader whose language is not known gets them all");
        assert_eq!(ids(Some("en")), ["any", "ru-1", "lt-1"], "so does one whose language the site does not write in");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_every("1d"), Ok(std::time::Duration::from_secs(86_400)));
        assert_eq!(parse_every("6h"), Ok(std::time::Duration::from_secs(21_600)));
        assert_eq!(parse_every("45s"), Ok(std::time::Duration::from_secs(45)));
        for bad in ["", "d", "5", "5w", "0s", "-1h"] {
            assert!(parse_every(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_update_has_the_links_and_the_way_out() {
        let m = manifest();
        let s = subscriber(None);
        let chosen = articles_for(&m, &s, None, &HashSet::new());
        let sender = Sender { from: "no-reply@news.example".into(), site_name: "Civic Wire".into(), public_url: "https://news.example".into() };
        let message = compose(&s, &chosen, &sender, SystemTime::UNIX_EPOCH, "abc123")
            .expect("composed");
        assert!(message.text.contains("Message-ID: <abc123@news.example>"), "{}", message.text);
        assert!(message.text.contains("\r\n  https://news.example/a27\r\n"), "{}", message.text);
        assert!(message.text.contains(&format!("List-Unsubscribe: <https://news.example/unsubscribe?token={}>", "u".repeat(32))));
        assert!(message.text.contains("Subject: Civic Wire: new articles on your topics"));
        assert!(message.text.contains(&format!("https://news.example/preferences?token={}", "u".repeat(32))));
        assert_eq!(message.envelope_to, "jane@example.org");
    }
}
