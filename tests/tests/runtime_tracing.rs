//! Every request gets a span with method, path template, status, attempt and error
//! ids, and no secret ever reaches the subscriber. Needs `tracing` as a dev-dependency.

mod common;

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use actuallycare::SessionTokens;
use common::{API_KEY, builder, envelope, error_body, jwt, listing_page};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Writes every span name, field and event into one string.
#[derive(Clone, Default)]
struct Capture {
    text: Arc<Mutex<String>>,
    next_id: Arc<AtomicU64>,
}

impl Capture {
    fn text(&self) -> String {
        self.text.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

struct Writer<'a>(&'a mut String);

impl Visit for Writer<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        let _ = write!(self.0, " {}={value}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut text = self.text.lock().unwrap_or_else(|e| e.into_inner());
        let _ = write!(text, "\nspan {}:", span.metadata().name());
        span.record(&mut Writer(&mut text));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Writer(
            &mut self.text.lock().unwrap_or_else(|e| e.into_inner()),
        ));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut text = self.text.lock().unwrap_or_else(|e| e.into_inner());
        text.push_str("\nevent:");
        event.record(&mut Writer(&mut text));
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn request_spans_carry_ids_but_no_secret() {
    let capture = Capture::default();
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(capture.clone()));

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(envelope(listing_page([1], 1, 1, 1))),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(503).set_body_json(error_body("UNAVAILABLE", "down")))
        .mount(&server)
        .await;
    let token = jwt("user-1", 3_600);
    let client = builder(&server.uri())
        .api_key(API_KEY)
        .session_tokens(SessionTokens::new(
            token.clone(),
            Some("refresh-secret-0123456789abcdef".to_owned()),
        ))
        .build()
        .expect("client");

    client.listings().list().send().await.expect("listings");
    client.contacts().list().send().await.expect_err("503");

    let text = capture.text();
    assert!(text.contains("operation=listListings"), "{text}");
    assert!(
        text.contains("method=GET") && text.contains("path=/listings"),
        "{text}"
    );
    assert!(
        text.contains("status=200") && text.contains("attempt=1"),
        "{text}"
    );
    assert!(
        text.contains("status=503") && text.contains("attempt=3"),
        "retries are visible: {text}"
    );
    assert!(
        text.contains("error_id=err-0001") && text.contains("correlation_id=corr-0001"),
        "{text}"
    );
    for secret in [API_KEY, token.as_str(), "refresh-secret-0123456789abcdef"] {
        assert!(!text.contains(secret), "secret in traces: {text}");
    }
}
