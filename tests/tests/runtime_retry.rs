//! Which failures are retried, when, and how often.

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use actuallycare::{Client, RequestOptions, RetryPolicy};
use common::{
    API_KEY, api_key_client, body, builder, envelope, error_body, http_date, listing, listing_page,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// Answers `failure` to the first `failures` requests, then `success`; records arrival times.
async fn flaky(
    server: &MockServer,
    verb: &str,
    failures: usize,
    failure: ResponseTemplate,
    success: ResponseTemplate,
) -> Arc<Mutex<Vec<Instant>>> {
    let arrivals = Arc::new(Mutex::new(Vec::new()));
    let log = arrivals.clone();
    Mock::given(method(verb))
        .and(path("/listings"))
        .respond_with(move |_: &Request| {
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            log.push(Instant::now());
            if log.len() <= failures {
                failure.clone()
            } else {
                success.clone()
            }
        })
        .mount(server)
        .await;
    arrivals
}

fn list_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(envelope(listing_page([1], 1, 1, 1)))
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(envelope(listing(1)))
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(error_body("ERR", "failure"))
}

fn count(arrivals: &Arc<Mutex<Vec<Instant>>>) -> usize {
    arrivals.lock().unwrap_or_else(|e| e.into_inner()).len()
}

fn create_body() -> serde_json::Value {
    serde_json::json!({ "address": "456 Oak Ave, Tehachapi, CA 93561", "list_price": 425000, "status": "active" })
}

#[tokio::test]
async fn a_429_waits_for_retry_after_seconds() {
    let server = MockServer::start().await;
    let arrivals = flaky(
        &server,
        "GET",
        1,
        status(429).insert_header("retry-after", "1"),
        list_ok(),
    )
    .await;
    api_key_client(&server.uri())
        .listings()
        .list()
        .send()
        .await
        .expect("retried");
    let times = arrivals.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(times.len(), 2, "one retry");
    assert!(
        times[1] - times[0] >= Duration::from_secs(1),
        "waited {:?}",
        times[1] - times[0]
    );
}

#[tokio::test]
async fn a_429_waits_until_a_retry_after_date() {
    let server = MockServer::start().await;
    let at = http_date(SystemTime::now() + Duration::from_secs(3));
    let arrivals = flaky(
        &server,
        "GET",
        1,
        status(429).insert_header("retry-after", at.as_str()),
        list_ok(),
    )
    .await;
    api_key_client(&server.uri())
        .listings()
        .list()
        .send()
        .await
        .expect("retried");
    let times = arrivals.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(times.len(), 2);
    // The date has one-second resolution: 3 s ahead is at least 2 s away.
    assert!(
        times[1] - times[0] >= Duration::from_secs(1),
        "waited {:?}",
        times[1] - times[0]
    );
}

#[tokio::test]
async fn a_429_on_a_post_is_retried_because_the_server_did_not_process_it() {
    let server = MockServer::start().await;
    let arrivals = flaky(
        &server,
        "POST",
        1,
        status(429).insert_header("retry-after", "0"),
        created(),
    )
    .await;
    api_key_client(&server.uri())
        .listings()
        .create(body(create_body()))
        .send()
        .await
        .expect("retried");
    assert_eq!(count(&arrivals), 2);
}

#[tokio::test]
async fn transient_statuses_are_retried_on_get() {
    for code in [408, 502, 503, 504] {
        let server = MockServer::start().await;
        let arrivals = flaky(&server, "GET", 1, status(code), list_ok()).await;
        api_key_client(&server.uri())
            .listings()
            .list()
            .send()
            .await
            .expect("retried");
        assert_eq!(count(&arrivals), 2, "{code}");
    }
}

#[tokio::test]
async fn a_post_answered_503_is_not_retried_by_default() {
    let server = MockServer::start().await;
    let arrivals = flaky(&server, "POST", 1, status(503), created()).await;
    let error = api_key_client(&server.uri())
        .listings()
        .create(body(create_body()))
        .send()
        .await
        .expect_err("503");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(count(&arrivals), 1);
}

#[tokio::test]
async fn a_post_is_retried_when_the_caller_opts_in() {
    let server = MockServer::start().await;
    let arrivals = flaky(&server, "POST", 1, status(503), created()).await;
    let options = RequestOptions::default().retry_non_idempotent(true);
    let client = api_key_client(&server.uri());
    client
        .listings()
        .create(body(create_body()))
        .request_options(options)
        .send()
        .await
        .expect("retried");
    assert_eq!(count(&arrivals), 2);
}

#[tokio::test]
async fn other_client_errors_are_not_retried() {
    for code in [400, 401, 403, 404, 409, 422, 423] {
        let server = MockServer::start().await;
        let arrivals = flaky(&server, "GET", 1, status(code), list_ok()).await;
        let error = api_key_client(&server.uri())
            .listings()
            .list()
            .send()
            .await
            .expect_err("not retried");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(code));
        assert_eq!(count(&arrivals), 1, "{code}");
    }
}

#[tokio::test]
async fn max_attempts_is_set_per_client_and_per_request() {
    let server = MockServer::start().await;
    let arrivals = flaky(&server, "GET", usize::MAX, status(503), list_ok()).await;
    let policy = RetryPolicy::default()
        .max_attempts(4)
        .base_delay(Duration::from_millis(5));
    let client = builder(&server.uri())
        .api_key(API_KEY)
        .retry_policy(policy)
        .build()
        .expect("client");
    client
        .listings()
        .list()
        .send()
        .await
        .expect_err("always 503");
    assert_eq!(count(&arrivals), 4);

    let options = RequestOptions::default().max_attempts(2);
    client
        .listings()
        .list()
        .request_options(options)
        .send()
        .await
        .expect_err("always 503");
    assert_eq!(count(&arrivals), 6);
}

#[tokio::test]
async fn a_retry_after_beyond_the_total_wait_budget_is_not_waited_for() {
    let server = MockServer::start().await;
    let arrivals = flaky(
        &server,
        "GET",
        1,
        status(429).insert_header("retry-after", "30"),
        list_ok(),
    )
    .await;
    let policy = RetryPolicy::default().max_total_wait(Duration::from_secs(1));
    let client = builder(&server.uri())
        .api_key(API_KEY)
        .retry_policy(policy)
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client.listings().list().send().await.expect_err("gave up");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(
        error.api().and_then(|api| api.retry_after()),
        Some(Duration::from_secs(30))
    );
    assert_eq!(count(&arrivals), 1);

    // The same limit per request.
    let client = api_key_client(&server.uri());
    let options = RequestOptions::default().max_total_wait(Duration::ZERO);
    client
        .listings()
        .list()
        .request_options(options)
        .send()
        .await
        .expect("second request is answered 200");
    assert_eq!(count(&arrivals), 2);
}

/// A raw HTTP server on 127.0.0.1 that drops the first connection after reading the
/// request, then answers 200. Returns its URL and the number of connections accepted.
fn dropping_server() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let connections = Arc::new(AtomicUsize::new(0));
    let counter = connections.clone();
    std::thread::spawn(move || {
        let ok = serde_json::to_vec(&envelope(listing_page([1], 1, 1, 1))).unwrap_or_default();
        // Bounded: the tests need at most a handful of connections.
        for stream in listener.incoming().take(8) {
            let Ok(mut stream) = stream else { continue };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer);
            if n == 0 {
                continue; // dropped: the connection closes without a response
            }
            let head = format!(
                "HTTP/1.1 {} OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                if buffer.starts_with(b"POST") {
                    201
                } else {
                    200
                },
                ok.len()
            );
            let _ = stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&ok));
        }
    });
    (url, connections)
}

#[tokio::test]
async fn a_dropped_connection_is_retried_on_get() {
    let (url, connections) = dropping_server();
    api_key_client(&url)
        .listings()
        .list()
        .send()
        .await
        .expect("retried on a new connection");
    assert_eq!(connections.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_dropped_connection_is_not_retried_on_post() {
    let (url, connections) = dropping_server();
    let client: Client = api_key_client(&url);
    let error = client
        .listings()
        .create(body(create_body()))
        .send()
        .await
        .expect_err("not retried");
    assert!(
        matches!(error, actuallycare::Error::Transport { .. }),
        "{error:?}"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 1);
}
