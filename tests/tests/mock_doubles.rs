//! The generated test doubles (`actuallycare::mock`, feature `mock`): typed stubs,
//! typed matchers, the API's envelope and error body, pages, 429 sequences, sessions
//! with token rotation, and call counts.

mod common;
#[path = "common/live_probe.rs"]
mod live_probe;
#[path = "common/stub_server.rs"]
mod stub_server;

use std::time::Duration;

use actuallycare::mock::MockApi;
use actuallycare::types::{
    ContactList, CreateListingRequest, ErrorCode, Listing, ListingList, ListingStatus,
    LoginRequest, LoginResult, RefreshTokenRequest, TokenPair,
};
use actuallycare::{Client, Error, RetryPolicy};
use common::{
    API_KEY, body, contacts_page, jwt, listing, listing_id, listing_page, login_request,
    session_body,
};
use futures_util::{FutureExt as _, TryStreamExt as _};
use serde_json::json;

fn client(api: &MockApi) -> Client {
    let retries = RetryPolicy::default()
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(50));
    api.client_builder()
        .api_key(API_KEY)
        .retry_policy(retries)
        .build()
        .expect("client builds")
}

fn id(n: u32) -> uuid::Uuid {
    listing_id(n).parse().expect("uuid")
}

#[tokio::test]
async fn a_stub_takes_the_typed_value_and_the_client_gets_it_back_through_the_envelope() {
    let api = MockApi::start().await;
    let expected: Listing = body(listing(7));
    api.listings()
        .get(id(7))
        .expect(1)
        .returns(expected.clone())
        .await;
    let client = client(&api);

    let response = client
        .listings()
        .get(id(7))
        .send_response()
        .await
        .expect("stubbed");
    assert_eq!(response.data(), &expected);
    assert!(
        response.timestamp().is_some(),
        "the double wrote the envelope's timestamp"
    );

    let other = client
        .listings()
        .get(id(8))
        .send()
        .await
        .expect_err("another id is not stubbed");
    assert_eq!(other.status().map(|s| s.as_u16()), Some(404));
    let raw = api.received_requests().await;
    assert_eq!(
        raw[0].url.path(),
        format!("/listings/{}", listing_id(7)),
        "the path parameter as the client encodes it"
    );
}

#[tokio::test]
async fn query_and_body_matchers_are_typed() {
    let api = MockApi::start().await;
    let page: ListingList = body(listing_page([1], 1, 20, 1));
    api.listings()
        .list()
        .with_status(ListingStatus::Active)
        .returns(page.clone())
        .await;
    let request: CreateListingRequest = body(
        json!({ "address": "456 Oak Ave, Tehachapi, CA 93561", "list_price": 425000, "status": "active" }),
    );
    let created: Listing = body(listing(2));
    api.listings()
        .create()
        .with_body(&request)
        .expect(1)
        .returns(created.clone())
        .await;
    let client = client(&api);

    assert_eq!(
        client
            .listings()
            .list()
            .status(ListingStatus::Active)
            .send()
            .await
            .expect("matches"),
        page
    );
    let sold = client
        .listings()
        .list()
        .status(ListingStatus::Sold)
        .send()
        .await
        .expect_err("other status");
    assert_eq!(sold.status().map(|s| s.as_u16()), Some(404));
    assert_eq!(
        client
            .listings()
            .create(request)
            .send()
            .await
            .expect("same body"),
        created
    );
    let other: CreateListingRequest =
        body(json!({ "address": "1 Elm St", "list_price": 1, "status": "active" }));
    assert!(
        client.listings().create(other).send().await.is_err(),
        "another body does not match"
    );
}

#[tokio::test]
async fn a_failure_carries_the_apis_error_body_with_the_typed_code() {
    let api = MockApi::start().await;
    api.auth()
        .login()
        .fails(423, ErrorCode::AccountLocked)
        .await;
    let client = client(&api);

    let error = client
        .auth()
        .login(body::<LoginRequest>(login_request()))
        .send()
        .await
        .expect_err("locked");

    let api_error = error.api().expect("an API error");
    assert_eq!(api_error.status().as_u16(), 423);
    assert_eq!(api_error.code(), Some(ErrorCode::AccountLocked));
    assert!(
        api_error.message().is_some()
            && api_error.error_id().is_some()
            && api_error.correlation_id().is_some()
    );
}

#[tokio::test]
async fn pages_are_answered_in_turn_and_streamed_to_the_end() {
    let api = MockApi::start().await;
    let pages: Vec<ListingList> = (1..=3)
        .map(|n| body(listing_page([n], i64::from(n), 1, 3)))
        .collect();
    api.listings().list().returns_pages(pages).await;

    let items: Vec<Listing> = client(&api)
        .listings()
        .list()
        .stream()
        .try_collect()
        .await
        .expect("three pages");

    let ids: Vec<uuid::Uuid> = items.iter().map(|listing| listing.id).collect();
    assert_eq!(ids, vec![id(1), id(2), id(3)]);
    assert_eq!(api.received_requests().await.len(), 3);
}

#[tokio::test]
async fn a_429_with_retry_after_then_success_is_retried() {
    let api = MockApi::start().await;
    api.listings()
        .list()
        .once()
        .rate_limited(Duration::from_secs(1))
        .await;
    let page: ListingList = body(listing_page([1], 1, 20, 1));
    api.listings().list().returns(page.clone()).await;

    let started = std::time::Instant::now();
    assert_eq!(
        client(&api)
            .listings()
            .list()
            .send()
            .await
            .expect("retried"),
        page
    );

    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After"
    );
    assert_eq!(api.received_requests().await.len(), 2);
}

#[tokio::test]
async fn sign_in_then_an_expired_token_is_rotated_by_refresh() {
    let api = MockApi::start().await;
    let (first, second) = (jwt("agent", 3600), jwt("agent", 7200));
    let session: LoginResult = body(session_body(&first, "refresh-1", "1h")["data"].clone());
    api.auth().login().expect(1).returns(session).await;
    api.contacts()
        .list()
        .matching_header("authorization", &format!("Bearer {first}"))
        .fails(401, "TOKEN_EXPIRED")
        .await;
    let rotated: TokenPair = body(session_body(&second, "refresh-2", "2h")["data"].clone());
    let refresh = RefreshTokenRequest::new("refresh-1");
    api.auth()
        .refresh()
        .with_body(&refresh)
        .expect(1)
        .returns(rotated)
        .await;
    let contacts: ContactList = body(contacts_page());
    api.contacts()
        .list()
        .matching_header("authorization", &format!("Bearer {second}"))
        .expect(1)
        .returns(contacts.clone())
        .await;
    let client = api.client_builder().build().expect("client");

    client
        .auth()
        .login(body::<LoginRequest>(login_request()))
        .send()
        .await
        .expect("signed in");
    assert_eq!(
        client
            .contacts()
            .list()
            .send()
            .await
            .expect("after the refresh"),
        contacts
    );

    let tokens = client.session_tokens().expect("signed in");
    assert_eq!(
        tokens.refresh_token(),
        Some("refresh-2"),
        "the rotated refresh token is kept"
    );
    api.verify().await;
}

#[tokio::test]
async fn unmet_call_counts_fail_verification() {
    let api = MockApi::start().await;
    api.listings()
        .delete(id(1))
        .expect(2)
        .returns(body(listing(1)))
        .await;
    client(&api)
        .listings()
        .delete(id(1))
        .send()
        .await
        .expect("one call");

    let verified = std::panic::AssertUnwindSafe(api.verify())
        .catch_unwind()
        .await;
    assert!(
        verified.is_err(),
        "one call where two were expected fails verification"
    );
    api.listings().delete(id(1)).returns(body(listing(1))).await;
    client(&api)
        .listings()
        .delete(id(1))
        .send()
        .await
        .expect("second call");
    api.verify().await;
}

#[tokio::test]
async fn a_raw_answer_is_possible_for_what_the_api_does_not_document() {
    let api = MockApi::start().await;
    api.listings()
        .get(id(1))
        .responds_with(actuallycare::mock::ResponseTemplate::new(503))
        .await;
    let error = client(&api)
        .listings()
        .get(id(1))
        .request_options(actuallycare::RequestOptions::default().max_attempts(1))
        .send()
        .await;
    assert!(
        matches!(error, Err(Error::Api(ref api)) if api.status().as_u16() == 503),
        "{error:?}"
    );
}

/// Operations whose success is not one plain body are stubbed with typed values too:
/// an event stream and JSON Lines take the `Vec` of their items, a body in several
/// media types and a per-status response take the first documented one. A generated
/// probe crate (spec: `mock_doubles/streams.json`) stubs each and reads it back
/// through its client, and prints each raw answer of the double, which independent
/// readers then check: the event stream with the `eventsource-stream` crate, JSON
/// Lines line by line with `serde_json`, and the other two through Prism's
/// validation proxy (status, media type and schema against the spec).
#[tokio::test]
async fn streams_media_choices_and_per_status_bodies_are_stubbed_typed() {
    let spec = include_str!("mock_doubles/streams.json");
    let program = r#"
use futures_util::StreamExt as _;
use probe_typed_doubles::apis::jobs::CreateJobResponse;
use probe_typed_doubles::apis::report::GetReportOutput;
use probe_typed_doubles::mock::MockApi;
use probe_typed_doubles::types::{Job, Report, Tick};

#[tokio::main]
async fn main() {
    let api = MockApi::start().await;
    let client = api.client_builder().build().expect("client");
    // The spec has no tags, so its operations are grouped by their first path segment,
    // and the group's name is left out of its methods' names.
    api.ticks().stream().returns(vec![Tick::new(1), Tick::new(2)]).await;
    api.lines().list().returns(vec![Tick::new(3), Tick::new(4)]).await;
    api.report().get().returns(Report::new("Q3")).await;
    api.jobs().create().returns(Job::new("job-1")).await;

    // The double's raw answers, for the test's independent readers.
    let http = reqwest::Client::new();
    for (method, path) in [("GET", "/ticks"), ("GET", "/lines"), ("GET", "/report"), ("POST", "/jobs")] {
        let method: reqwest::Method = method.parse().expect("method");
        let raw = http.request(method.clone(), format!("{}{path}", api.base_url())).send().await.expect("raw answer");
        let status = raw.status().as_u16();
        let content_type = raw.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let body = raw.text().await.expect("raw body");
        let line = serde_json::json!({"method": method.as_str(), "path": path, "status": status, "content_type": content_type, "body": body});
        println!("raw {line}");
    }

    let events = client.ticks().stream().send().await.expect("events");
    let ticks: Vec<i64> = events.map(|event| event.expect("event").data.n).collect().await;
    println!("events {ticks:?}");
    let lines = client.lines().list().send().await.expect("lines");
    let ticks: Vec<i64> = lines.map(|item| item.expect("item").n).collect().await;
    println!("lines {ticks:?}");
    match client.report().get().send().await.expect("report") {
        GetReportOutput::VndReportJson(report) => println!("report {}", report.title),
        other => println!("report other {other:?}"),
    }
    match client.jobs().create().send().await.expect("job") {
        CreateJobResponse::Created(job) => println!("job {}", job.id),
        other => println!("job other {other:?}"),
    }
}
"#;
    let binary = tokio::task::spawn_blocking(move || {
        live_probe::build_with_features("typed_doubles", spec, "", program, &["mock"])
    })
    .await
    .expect("the probe builds");
    let run = live_probe::run(&binary, &[]).await;
    assert!(run.success, "{}", run.stderr);
    let (raw, read): (Vec<&str>, Vec<&str>) = run
        .lines()
        .into_iter()
        .partition(|line| line.starts_with("raw "));
    assert_eq!(
        read,
        ["events [1, 2]", "lines [3, 4]", "report Q3", "job job-1"],
        "{}",
        run.stderr
    );
    let raw: Vec<RawAnswer> = raw
        .iter()
        .map(|line| serde_json::from_str(&line["raw ".len()..]).expect("a raw answer"))
        .collect();
    let [ticks, lines, report, job] = raw.as_slice() else {
        panic!("four raw answers: {raw:?}");
    };
    assert_eq!(
        independently_read_events(ticks).await,
        [json!({"n": 1}), json!({"n": 2})]
    );
    assert!(
        lines.content_type.starts_with("application/x-ndjson"),
        "{lines:?}"
    );
    let items: Vec<serde_json::Value> = lines
        .body
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON value per line"))
        .collect();
    assert_eq!(items, [json!({"n": 3}), json!({"n": 4})]);
    validated_by_prism(&[report, job]).await;
}

/// One answer of a test double, as the probe printed it.
#[derive(Debug, Clone, serde::Deserialize)]
struct RawAnswer {
    method: String,
    path: String,
    status: u16,
    content_type: String,
    body: String,
}

/// The `data` of each event, read by an SSE parser that is not ours.
async fn independently_read_events(answer: &RawAnswer) -> Vec<serde_json::Value> {
    use eventsource_stream::Eventsource as _;
    use futures_util::StreamExt as _;
    assert!(
        answer.content_type.starts_with("text/event-stream"),
        "{answer:?}"
    );
    let bytes = bytes::Bytes::from(answer.body.clone());
    futures_util::stream::iter([Ok::<_, std::io::Error>(bytes)])
        .eventsource()
        .map(|event| serde_json::from_str(&event.expect("an event").data).expect("JSON data"))
        .collect()
        .await
}

/// Replays `answers` behind Prism's validation proxy (`--errors`), which fails any
/// answer whose status, media type or body the spec does not describe. A broken
/// copy of the first one, under `?broken`, shows that Prism still looks.
async fn validated_by_prism(answers: &[&RawAnswer]) {
    let replayed: Vec<RawAnswer> = answers.iter().map(|answer| (*answer).clone()).collect();
    let upstream = stub_server::StubServer::start(move |request, _| {
        let answer = replayed
            .iter()
            .find(|answer| answer.method == request.method && answer.path == request.path())
            .expect("a replayed path");
        // Prism forwards `?broken` as `?broken=`.
        let body = match request.target.contains("?broken") {
            true => "{}".to_owned(),
            false => answer.body.clone(),
        };
        stub_server::Reply::new(answer.status, &answer.content_type, body)
    })
    .await;
    let spec = common::prism::repo_root().join("tests/tests/mock_doubles/streams.json");
    let base = upstream.base.clone();
    let prism = tokio::task::spawn_blocking(move || common::prism::Prism::proxy_for(&spec, &base))
        .await
        .expect("Prism starts");
    let http = reqwest::Client::new();
    let through_prism = |answer: &RawAnswer, query: &str| {
        let method: reqwest::Method = answer.method.parse().expect("method");
        http.request(
            method,
            format!("{}{}{query}", prism.base_url(), answer.path),
        )
        .send()
    };
    for answer in answers {
        let checked = through_prism(answer, "").await.expect("through Prism");
        assert_eq!(
            (
                checked.status().as_u16(),
                checked.headers().get(common::prism::VIOLATIONS_HEADER)
            ),
            (answer.status, None),
            "Prism finds the double's answer to {} {} off the spec:\n{}",
            answer.method,
            answer.path,
            prism.log()
        );
        assert_eq!(checked.text().await.expect("body"), answer.body);
    }
    let broken = through_prism(answers[0], "?broken")
        .await
        .expect("through Prism");
    let status = broken.status();
    let violations = broken
        .headers()
        .get(common::prism::VIOLATIONS_HEADER)
        .cloned();
    assert!(
        violations.is_some(),
        "Prism let a body without its required property through: {status}, {:?}; upstream saw {:?}\n{}",
        broken.text().await,
        upstream
            .requests()
            .iter()
            .map(|r| r.target.clone())
            .collect::<Vec<_>>(),
        prism.log()
    );
}
