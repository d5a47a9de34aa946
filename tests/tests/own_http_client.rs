//! The runtime's guarantees with an HTTP client the caller brings: through a local proxy
//! that records what passes (`ClientBuilder::http_client`) and through a reqwest-middleware
//! stack that sees every request (`ClientBuilder::http_middleware`).

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actuallycare::{Client, Error, RetryPolicy};
use common::{API_KEY, envelope, error_body, listing_page};
use reqwest_middleware::{ClientWithMiddleware, Middleware, Next};
use wiremock::matchers::{any, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One request as the proxy saw it: the request line and the headers, names lowercased.
#[derive(Debug, Clone)]
struct Passed {
    line: String,
    headers: Vec<(String, String)>,
}

impl Passed {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A forwarding HTTP proxy on 127.0.0.1 that records every request passing through it.
/// One request per connection: it asks the origin to close, relays the answer, closes.
struct RecordingProxy {
    url: String,
    passed: Arc<Mutex<Vec<Passed>>>,
}

impl RecordingProxy {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().expect("proxy address"));
        let passed = Arc::new(Mutex::new(Vec::new()));
        let log = passed.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let log = log.clone();
                std::thread::spawn(move || {
                    let _ = relay(stream, &log);
                });
            }
        });
        Self { url, passed }
    }

    fn passed(&self) -> Vec<Passed> {
        self.passed
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

fn relay(client: TcpStream, log: &Mutex<Vec<Passed>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let line = line.trim_end().to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        reader.read_line(&mut header)?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    log.lock().unwrap_or_else(|e| e.into_inner()).push(Passed {
        line: line.clone(),
        headers: headers.clone(),
    });

    // `GET http://127.0.0.1:1234/listings?page=2 HTTP/1.1` → origin-form to 127.0.0.1:1234.
    let mut parts = line.split(' ');
    let (verb, target, version) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let rest = target.strip_prefix("http://").unwrap_or(target);
    let (authority, origin_form) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut upstream = TcpStream::connect(authority)?;
    let mut head = format!(
        "{verb} {} {version}\r\n",
        if origin_form.is_empty() {
            "/"
        } else {
            origin_form
        }
    );
    for (name, value) in &headers {
        if name != "connection" && name != "proxy-connection" {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("connection: close\r\n\r\n");
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&body)?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    let mut client = client;
    client.write_all(&answer)?;
    client.shutdown(std::net::Shutdown::Both)
}

/// Fast retries, the test API key and the caller's `reqwest::Client`.
fn own_client(base: &str, http: reqwest::Client) -> Client {
    let retries = RetryPolicy::default()
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(50));
    Client::builder()
        .base_url(base)
        .api_key(API_KEY)
        .retry_policy(retries)
        .http_client(http)
        .build()
        .expect("client builds")
}

fn list_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(envelope(listing_page([1], 1, 20, 1)))
}

async fn answer_then_ok(server: &MockServer, first: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(first)
        .up_to_n_times(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(list_ok())
        .mount(server)
        .await;
}

#[tokio::test]
async fn every_attempt_goes_through_the_callers_proxy_with_its_credential() {
    let server = MockServer::start().await;
    answer_then_ok(
        &server,
        ResponseTemplate::new(503).set_body_json(error_body("UNAVAILABLE", "try later")),
    )
    .await;
    let proxy = RecordingProxy::start();
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::http(&proxy.url).expect("proxy URL"))
        .user_agent("caller-agent/1.0")
        .redirect(Client::redirect_policy())
        .build()
        .expect("reqwest client");

    own_client(&server.uri(), http)
        .listings()
        .list()
        .send()
        .await
        .expect("retried through the proxy");

    let passed = proxy.passed();
    assert_eq!(
        passed.len(),
        2,
        "the 503 and its retry both pass the proxy: {passed:?}"
    );
    for request in &passed {
        assert_eq!(
            request.line,
            format!("GET {}/listings HTTP/1.1", server.uri())
        );
        assert_eq!(
            request.header("x-api-key"),
            Some(API_KEY),
            "the runtime adds the credential"
        );
        assert_eq!(
            request.header("user-agent"),
            Some("caller-agent/1.0"),
            "the caller's client settings apply"
        );
    }
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        2
    );
}

/// Mounts a 302 on `first` to `other`'s URL + `target`, and a list answer on `other`.
async fn redirect(first: &MockServer, other: &MockServer, target: &str) {
    let location = format!("{}{target}", other.uri());
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("location", location.as_str()))
        .mount(first)
        .await;
    Mock::given(any())
        .respond_with(list_ok())
        .mount(other)
        .await;
}

#[tokio::test]
async fn with_the_runtime_redirect_policy_no_request_reaches_another_origin() {
    let (api, other) = (MockServer::start().await, MockServer::start().await);
    redirect(&api, &other, "/elsewhere").await;
    let http = reqwest::Client::builder()
        .redirect(Client::redirect_policy())
        .build()
        .expect("reqwest client");

    let error = own_client(&api.uri(), http)
        .listings()
        .list()
        .send()
        .await
        .expect_err("redirect refused");

    assert!(matches!(error, Error::RedirectRefused { .. }), "{error:?}");
    assert!(
        other
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing reached the other origin"
    );
}

#[tokio::test]
async fn with_reqwests_default_policy_the_token_stays_home_and_the_foreign_answer_is_refused() {
    let (api, other) = (MockServer::start().await, MockServer::start().await);
    redirect(&api, &other, "/elsewhere").await;
    // reqwest's default: follow up to 10 redirects anywhere, dropping `Authorization` across hosts.
    let http = reqwest::Client::new();
    let client = Client::builder()
        .base_url(api.uri())
        .bearer_token("secret-bearer")
        .http_client(http)
        .build()
        .expect("client");

    // Contacts take only a bearer token.
    let error = client
        .contacts()
        .list()
        .send()
        .await
        .expect_err("foreign answer refused");

    assert!(
        matches!(error, Error::RedirectRefused { ref location, .. } if location.starts_with(&other.uri())),
        "{error:?}"
    );
    let reached = other.received_requests().await.unwrap_or_default();
    assert_eq!(
        reached.len(),
        1,
        "the caller's policy followed the redirect"
    );
    assert!(
        reached[0].headers.get("authorization").is_none(),
        "the bearer token did not follow"
    );
}

/// Mounts a redirect from `first` to `other` whose location carries the API key in its query.
async fn redirect_with_key_in_query(first: &MockServer, other: &MockServer) -> String {
    redirect(
        first,
        other,
        &format!("/elsewhere?api_key={API_KEY}&page=2"),
    )
    .await;
    format!("{}/elsewhere?[redacted]", other.uri())
}

fn assert_key_not_shown(error: &Error) {
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains(API_KEY), "the API key is printed: {shown}");
}

/// What `ClientBuilder::http_client` documents and cannot prevent: reqwest's default
/// policy drops only `Authorization` and cookies across origins, so the `X-API-Key`
/// header does reach the other origin. The runtime still refuses the foreign answer,
/// and the refused location is shown without its query.
#[tokio::test]
async fn with_reqwests_default_policy_an_api_key_header_follows_as_documented() {
    let (api, other) = (MockServer::start().await, MockServer::start().await);
    let shown_location = redirect_with_key_in_query(&api, &other).await;

    let error = own_client(&api.uri(), reqwest::Client::new())
        .listings()
        .list()
        .send()
        .await
        .expect_err("foreign answer refused");

    assert!(
        matches!(error, Error::RedirectRefused { ref location, .. } if *location == shown_location),
        "{error:?}"
    );
    assert_key_not_shown(&error);
    let reached = other.received_requests().await.unwrap_or_default();
    assert_eq!(
        reached.len(),
        1,
        "the caller's policy followed the redirect"
    );
    assert_eq!(
        reached[0]
            .headers
            .get("x-api-key")
            .and_then(|value| value.to_str().ok()),
        Some(API_KEY),
        "reqwest's default policy forwards custom headers, as the builder's docs warn"
    );
}

/// With the runtime's policy on the caller's client, and with the runtime's own
/// client, the redirect is refused before anything is sent, and the error shows the
/// location without the key in its query.
#[tokio::test]
async fn a_refused_location_is_shown_without_its_query() {
    let (api, other) = (MockServer::start().await, MockServer::start().await);
    let shown_location = redirect_with_key_in_query(&api, &other).await;
    let callers = reqwest::Client::builder()
        .redirect(Client::redirect_policy())
        .build()
        .expect("reqwest client");
    let own = Client::builder()
        .base_url(api.uri())
        .api_key(API_KEY)
        .build()
        .expect("client");

    for client in [own_client(&api.uri(), callers), own] {
        let error = client.listings().list().send().await.expect_err("refused");
        assert!(
            matches!(error, Error::RedirectRefused { ref location, .. } if *location == shown_location),
            "{error:?}"
        );
        assert_key_not_shown(&error);
    }
    assert!(
        other
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn the_runtime_timeout_bounds_each_attempt_over_the_callers_own_timeout() {
    let server = MockServer::start().await;
    Mock::given(path("/listings"))
        .respond_with(list_ok().set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("reqwest client");
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(API_KEY)
        .timeout(Duration::from_millis(300))
        .http_client(http)
        .build()
        .expect("client");

    let started = Instant::now();
    let error = client
        .listings()
        .list()
        .send()
        .await
        .expect_err("times out");

    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1,
        "a timeout is not retried"
    );
}

#[test]
fn settings_that_belong_to_the_callers_client_are_refused() {
    let with_connect_timeout = Client::builder()
        .connect_timeout(Duration::from_secs(1))
        .http_client(reqwest::Client::new())
        .build();
    let with_user_agent = Client::builder()
        .user_agent("x/1")
        .http_client(reqwest::Client::new())
        .build();
    for (result, setting) in [
        (with_connect_timeout, "connect_timeout"),
        (with_user_agent, "user_agent"),
    ] {
        let error = result.expect_err("refused");
        assert!(matches!(error, Error::InvalidConfig(_)), "{error:?}");
        assert!(error.to_string().contains(setting), "{error}");
    }
}

/// A request's path and its API key, if any.
type Seen = (String, Option<String>);

/// Records the path and the API key of every request it passes on.
#[derive(Default, Clone)]
struct Recording(Arc<Mutex<Vec<Seen>>>);

#[async_trait::async_trait]
impl Middleware for Recording {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let key = request
            .headers()
            .get("x-api-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((request.url().path().to_owned(), key));
        next.run(request, extensions).await
    }
}

/// A retry middleware like reqwest-retry's: repeats a `503` up to `attempts` times in all.
struct RetryOn503 {
    attempts: usize,
}

#[async_trait::async_trait]
impl Middleware for RetryOn503 {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let mut tries = 1;
        loop {
            let attempt = request.try_clone().expect("a GET clones");
            let response = next.clone().run(attempt, extensions).await?;
            if response.status() != 503 || tries >= self.attempts {
                return Ok(response);
            }
            tries += 1;
        }
    }
}

/// Fails every request without sending it.
struct Refuse(Arc<AtomicUsize>);

#[async_trait::async_trait]
impl Middleware for Refuse {
    async fn handle(
        &self,
        _: reqwest::Request,
        _: &mut http::Extensions,
        _: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Err(reqwest_middleware::Error::middleware(
            std::io::Error::other("circuit open"),
        ))
    }
}

/// Fails every request with an error that quotes the request's URL, API key included,
/// as a signing or logging middleware might.
struct QuoteUrl;

#[async_trait::async_trait]
impl Middleware for QuoteUrl {
    async fn handle(
        &self,
        request: reqwest::Request,
        _: &mut http::Extensions,
        _: Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        let url = format!("{}?api_key={API_KEY}", request.url());
        let cause = std::io::Error::other(format!("no signing key for {url}"));
        Err(reqwest_middleware::Error::Middleware(
            anyhow::Error::new(cause).context(format!("could not sign {url}")),
        ))
    }
}

fn with_middleware(base: &str, stack: ClientWithMiddleware, retries: RetryPolicy) -> Client {
    Client::builder()
        .base_url(base)
        .api_key(API_KEY)
        .retry_policy(retries)
        .http_middleware(stack)
        .build()
        .expect("client")
}

fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(50))
}

#[tokio::test]
async fn the_middleware_sees_every_attempt_with_its_credential() {
    let server = MockServer::start().await;
    answer_then_ok(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", "0"),
    )
    .await;
    let recording = Recording::default();
    let stack = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(recording.clone())
        .build();

    with_middleware(&server.uri(), stack, fast_retries())
        .listings()
        .list()
        .send()
        .await
        .expect("retried");

    let seen = recording
        .0
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    assert_eq!(
        seen,
        vec![("/listings".to_owned(), Some(API_KEY.to_owned())); 2],
        "the 429 and its retry"
    );
}

#[tokio::test]
async fn a_retry_middleware_with_retry_policy_none_retries_alone() {
    let server = MockServer::start().await;
    Mock::given(path("/listings"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let stack = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(RetryOn503 { attempts: 3 })
        .build();

    let error = with_middleware(&server.uri(), stack, RetryPolicy::none())
        .listings()
        .list()
        .send()
        .await
        .expect_err("503");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        3,
        "the middleware's 3 attempts, not 3 × 3"
    );
}

#[tokio::test]
async fn a_middleware_error_is_reported_as_such_and_not_retried() {
    let server = MockServer::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    let stack = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(Refuse(calls.clone()))
        .build();

    let error = with_middleware(&server.uri(), stack, fast_retries())
        .listings()
        .list()
        .send()
        .await
        .expect_err("refused");

    assert!(matches!(error, Error::Middleware { .. }), "{error:?}");
    assert!(error.to_string().contains("circuit open"), "{error}");
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty()
    );
}

#[tokio::test]
async fn a_middleware_error_is_shown_with_urls_scrubbed_and_kept_whole_for_downcasting() {
    let server = MockServer::start().await;
    let stack = reqwest_middleware::ClientBuilder::new(reqwest::Client::new())
        .with(QuoteUrl)
        .build();

    let error = with_middleware(&server.uri(), stack, fast_retries())
        .listings()
        .list()
        .send()
        .await
        .expect_err("refused");

    assert_key_not_shown(&error);
    let shown = error.to_string();
    assert!(
        shown.contains("could not sign") && shown.contains("no signing key for"),
        "the message and its cause are both shown: {shown}"
    );
    assert!(shown.contains("/listings?[redacted]"), "{shown}");
    let Error::Middleware { source, .. } = error else {
        panic!("not a middleware error: {error:?}");
    };
    let original = source.into_inner();
    assert!(
        original.to_string().contains(API_KEY),
        "the original error is kept whole for the caller to downcast"
    );
}
