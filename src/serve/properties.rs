//! Property tests of everything a stranger can send the endpoint: request heads and bodies of any shape, tokens,
//! forwarding headers and e-mail addresses. Whatever arrives, the server answers without panicking, refuses what
//! is not a valid submission with a 4xx, and stores and mails nothing because of it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;

use proptest::prelude::*;

use super::app::{App, Settings, SUBSCRIBE_PATH};
use super::client::{client_address, Network};
use super::http::{Body, Request};
use super::ratelimit::RateLimiter;
use super::site_manifest::ManifestSource;
use super::store::Store;
use super::validate::{decode_form, decode_json, validate, Rules};
use crate::subscribe::check_email;

/// An app on an in-memory database, with its outbox in a fresh folder.
fn app(dir: &std::path::Path) -> App {
    std::fs::create_dir_all(dir.join("outbox")).expect("outbox");
    std::fs::write(dir.join("manifest.json"), r#"{"version":1,"topics":[{"id":"elections"},{"id":"health"}],"articles":[]}"#)
        .expect("manifest");
    App {
        settings: Settings {
            root: dir.to_path_buf(),
            outbox: dir.join("outbox"),
            allow_origins: vec!["https://news.example".into()],
            public_url: "https://news.example".into(),
            public_origin: "https://news.example".into(),
            from: "no-reply@news.example".into(),
            types: None,
            trusted_proxies: vec![Network::parse("127.0.0.1").expect("net")],
            queue_mail: false,
        },
        manifest: ManifestSource::load(&dir.join("manifest.json")).expect("manifest"),
        store: Mutex::new(Some(Store::open_in_memory().expect("store"))),
        limiter: Mutex::new(RateLimiter::new(0)),
    }
}

fn method() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("GET".to_string()),
        Just("POST".to_string()),
        Just("HEAD".to_string()),
        Just("OPTIONS".to_string()),
        Just("PUT".to_string()),
        "[A-Z]{1,8}",
    ]
}

fn target() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(SUBSCRIBE_PATH.to_string()),
        "/confirm\\?token=[0-9a-fz%]{0,40}",
        "/unsubscribe\\?token=[0-9a-f%]{0,40}",
        "/healthz",
        "/[ -~]{0,60}",
        "/\\PC{0,30}",
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("content-type".to_string()),
        Just("origin".to_string()),
        Just("host".to_string()),
        Just("forwarded".to_string()),
        Just("x-forwarded-for".to_string()),
        Just("accept-language".to_string()),
        "[a-z-]{1,20}",
    ];
    let value = prop_oneof![
        Just("application/json".to_string()),
        Just("application/x-www-form-urlencoded".to_string()),
        Just("https://news.example".to_string()),
        "\\PC{0,40}",
    ];
    proptest::collection::vec((name, value), 0..8)
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        "\\{\"email\": \"\\PC{0,30}\", \"topics\": \\[\"\\PC{0,12}\"\\], \"consent\": (true|false|1|\"yes\")\\}".prop_map(String::into_bytes),
        "email=\\PC{0,30}&topics=\\PC{0,10}&consent=\\PC{0,4}".prop_map(String::into_bytes),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_request_is_answered_and_only_valid_submissions_store_anything(
        method in method(), target in target(), headers in headers(), body in body(), too_large in any::<bool>()
    ) {
        let dir = tempfile::tempdir().expect("dir");
        let app = app(dir.path());
        let body = if too_large { Body::TooLarge { declared: 1 << 40 } } else { Body::Complete(body) };
        let peer: SocketAddr = "127.0.0.1:4000".parse().expect("addr");
        let request = Request { method: method.clone(), target: target.clone(), headers, body, peer };
        let response = app.handle(&request);
        prop_assert!((200..600).contains(&response.status), "status {}", response.status);
        let rows = app.store.lock().expect("lock").as_ref().map(|s| s.count().expect("count")).unwrap_or(0);
        let mails = std::fs::read_dir(dir.path().join("outbox")).expect("outbox").count();
        if rows > 0 {
            // Only an accepted submission stores a row, and then its e-mail is written.
            prop_assert!(method == "POST" && request.path() == SUBSCRIBE_PATH && response.status == 202, "{} {}", response.status, target);
            prop_assert_eq!(mails, 1);
        } else {
            prop_assert_eq!(mails, 0);
            if method == "POST" && request.path() == SUBSCRIBE_PATH {
                // Refused with a 4xx, or a filled honeypot answered like a success and dropped.
                prop_assert!((400..500).contains(&response.status) || response.status == 202, "{}", response.status);
            }
        }
    }

    #[test]
    fn bodies_of_any_bytes_decode_or_are_refused_without_panicking(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let topics = vec!["elections".to_string()];
        let rules = Rules { topics: &topics, types: None };
        if let Ok(raw) = decode_json(&bytes) {
            let _ = validate(&raw, rules);
        }
        let _ = validate(&decode_form(&bytes), rules);
    }

    #[test]
    fn the_email_rule_accepts_only_plain_addresses_and_is_stable(input in "\\PC{0,80}|[a-z.+-]{1,20}@[a-z-]{1,15}\\.[a-z]{2,6}") {
        if let Ok(email) = check_email(&input) {
            prop_assert_eq!(email.matches('@').count(), 1);
            prop_assert!(!email.chars().any(|c| c.is_whitespace() || c.is_control()), "{:?}", email);
            prop_assert!(email.chars().count() <= 254);
            let again = check_email(&email);
            prop_assert_eq!(again.as_deref(), Ok(email.as_str()), "checking twice changes nothing");
        }
    }

    #[test]
    fn forwarding_headers_never_move_an_untrusted_peer(forwarded in "\\PC{0,60}", list in "\\PC{0,60}", last in any::<u8>()) {
        let trusted = [Network::parse("10.0.0.0/8").expect("net")];
        let stranger = IpAddr::from([192, 0, 2, last]);
        prop_assert_eq!(client_address(stranger, Some(&forwarded), Some(&list), &trusted), stranger);
        // From a trusted proxy, the answer is some address, never a panic, and never the proxy's own network
        // unless nothing else was named.
        let proxy = IpAddr::from([10, 0, 0, last]);
        let client = client_address(proxy, Some(&forwarded), Some(&list), &trusted);
        prop_assert!(client == proxy || !trusted[0].contains(client));
    }
}
