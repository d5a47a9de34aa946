//! The response wrapper, the one error type and its variants, and timeouts.

mod common;

use std::time::{Duration, Instant};

use actuallycare::{Error, RequestOptions};
use common::{api_key_client, builder, envelope, error_body, listing_page};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answer(server: &MockServer, template: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(template)
        .mount(server)
        .await;
}

async fn list_error(template: ResponseTemplate) -> Error {
    let server = MockServer::start().await;
    answer(&server, template).await;
    let options = RequestOptions::default().max_attempts(1);
    api_key_client(&server.uri())
        .listings()
        .list()
        .request_options(options)
        .send()
        .await
        .expect_err("fails")
}

#[tokio::test]
async fn methods_return_data_and_the_wrapper_keeps_the_metadata() {
    let server = MockServer::start().await;
    let template = ResponseTemplate::new(200)
        .set_body_json(envelope(listing_page([1, 2], 1, 2, 1)))
        .insert_header("x-request-id", "req-42");
    answer(&server, template).await;
    let client = api_key_client(&server.uri());

    let list = client.listings().list().send().await.expect("data");
    assert_eq!(list.listings.len(), 2);
    assert!(!list.meta.has_more);

    let response = client
        .listings()
        .list()
        .send_response()
        .await
        .expect("response");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        response
            .headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok()),
        Some("req-42")
    );
    assert_eq!(response.timestamp(), Some("2025-01-02T03:04:05.000Z"));
    assert_eq!(response.message(), Some("ok"));
    assert_eq!(response.data().listings.len(), 2);
    assert_eq!(response.map(|list| list.listings.len()).into_data(), 2);
}

#[tokio::test]
async fn api_errors_expose_code_message_and_ids() {
    let error = list_error(
        ResponseTemplate::new(404).set_body_json(error_body("NOT_FOUND", "no such listing")),
    )
    .await;
    let api = error.api().expect("api error");
    assert_eq!(api.status().as_u16(), 404);
    assert_eq!(
        api.code().map(|code| code.to_string()).as_deref(),
        Some("NOT_FOUND")
    );
    assert_eq!(api.message(), Some("no such listing"));
    assert_eq!(api.error_id(), Some("err-0001"));
    assert_eq!(api.correlation_id(), Some("corr-0001"));
    assert!(api.body().contains("no such listing"));
    let shown = error.to_string();
    assert!(
        shown.contains("listListings") && shown.contains("err-0001") && shown.contains("corr-0001"),
        "{shown}"
    );
}

#[tokio::test]
async fn unknown_error_codes_are_kept() {
    let error =
        list_error(ResponseTemplate::new(400).set_body_json(error_body("BRAND_NEW_CODE", "new")))
            .await;
    let code = error.api().and_then(|api| api.code()).expect("code");
    assert_eq!(code.to_string(), "BRAND_NEW_CODE");
}

#[tokio::test]
async fn account_locked_details_are_typed_and_never_retried() {
    let server = MockServer::start().await;
    let mut body = error_body("ACCOUNT_LOCKED", "too many failed sign-ins");
    body["error"]["details"] = json!({ "locked_until": "2030-01-01T00:00:00Z" });
    answer(&server, ResponseTemplate::new(423).set_body_json(body)).await;
    let error = api_key_client(&server.uri())
        .listings()
        .list()
        .send()
        .await
        .expect_err("locked");

    let details = error
        .api()
        .and_then(|api| api.details())
        .expect("typed details");
    assert_eq!(
        details.locked_until.map(|at| at.timestamp()),
        Some(1_893_456_000)
    );
    assert!(
        error.to_string().contains("wait for the lockout"),
        "{error}"
    );
    assert_eq!(
        server.received_requests().await.unwrap_or_default().len(),
        1,
        "423 is never retried"
    );
}

#[tokio::test]
async fn display_says_what_to_do() {
    for (status, advice) in [
        (401, "fix the credential"),
        (403, "fix permissions or scopes"),
        (429, "slow down"),
    ] {
        let template = ResponseTemplate::new(status).set_body_json(error_body("ERR", "refused"));
        let shown = list_error(template).await.to_string();
        assert!(shown.contains(advice), "{status}: {shown}");
    }
}

#[tokio::test]
async fn an_undecodable_body_reports_status_and_excerpt() {
    let error =
        list_error(ResponseTemplate::new(200).set_body_string("<html>maintenance page</html>"))
            .await;
    match error {
        Error::Decode {
            status,
            body_excerpt,
            ..
        } => {
            assert_eq!(status.as_u16(), 200);
            assert!(body_excerpt.contains("maintenance page"), "{body_excerpt}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undocumented_success_status_is_reported() {
    let error = list_error(ResponseTemplate::new(202).set_body_json(json!({}))).await;
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let client = api_key_client(&format!("http://127.0.0.1:{port}"));
    let options = RequestOptions::default().max_attempts(1);
    let error = client
        .listings()
        .list()
        .request_options(options)
        .send()
        .await
        .expect_err("refused");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
}

async fn slow_server(delay: Duration) -> MockServer {
    let server = MockServer::start().await;
    let template = ResponseTemplate::new(200)
        .set_body_json(envelope(listing_page([1], 1, 1, 1)))
        .set_delay(delay);
    answer(&server, template).await;
    server
}

#[tokio::test]
async fn the_client_timeout_applies_to_every_request() {
    let server = slow_server(Duration::from_secs(5)).await;
    let client = builder(&server.uri())
        .api_key(common::API_KEY)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("client");
    let started = Instant::now();
    let error = client
        .listings()
        .list()
        .send()
        .await
        .expect_err("timed out");
    assert!(error.is_timeout(), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "gave up in time"
    );
    assert!(error.to_string().contains("timeout"), "{error}");
}

#[tokio::test]
async fn a_request_can_override_the_timeout() {
    let server = slow_server(Duration::from_millis(800)).await;
    let client = builder(&server.uri())
        .api_key(common::API_KEY)
        .timeout(Duration::from_millis(100))
        .build()
        .expect("client");
    let patient = RequestOptions::default().timeout(Duration::from_secs(10));
    client
        .listings()
        .list()
        .request_options(patient)
        .send()
        .await
        .expect("longer per-request timeout");

    let server = slow_server(Duration::from_secs(5)).await;
    let client = api_key_client(&server.uri());
    let hasty = RequestOptions::default().timeout(Duration::from_millis(100));
    let error = client
        .listings()
        .list()
        .request_options(hasty)
        .send()
        .await
        .expect_err("shorter per-request timeout");
    assert!(error.is_timeout(), "{error:?}");
}
