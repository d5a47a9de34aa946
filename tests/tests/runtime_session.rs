//! JWT sessions: tokens captured at sign-in, one refresh for many concurrent requests,
//! rotation, one refresh-and-retry on 401, export/restore, sign-out.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actuallycare::{Client, Error, SessionTokens};
use common::{
    body, builder, contacts_page, envelope, header, jwt, login_request, session_body, unix_now,
};
use futures_util::future::join_all;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A refresh endpoint that rotates tokens: refresh token `refresh-N` works once (for
/// the N-th call) and yields `access-{N+1}`/`refresh-{N+1}`; a reused one gets 401,
/// as the real server treats reuse as a sign-out.
#[derive(Clone)]
struct RotatingRefresh {
    calls: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<String>>>,
}

impl RotatingRefresh {
    async fn mount(server: &MockServer, expires_in: &'static str, delay: Duration) -> Self {
        let this = Self {
            calls: Arc::default(),
            seen: Arc::default(),
        };
        let state = this.clone();
        Mock::given(method("POST"))
            .and(path("/auth/refresh"))
            .respond_with(move |request: &Request| {
                let call = state.calls.fetch_add(1, Ordering::SeqCst) + 1;
                let sent: serde_json::Value =
                    serde_json::from_slice(&request.body).unwrap_or_default();
                let token = sent["refreshToken"].as_str().unwrap_or_default().to_owned();
                state
                    .seen
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(token.clone());
                if token != format!("refresh-{call}") {
                    let reused = common::error_body("INVALID_TOKEN", "refresh token reused");
                    return ResponseTemplate::new(401).set_body_json(reused);
                }
                let next = call + 1;
                ResponseTemplate::new(200)
                    .set_body_json(session_body(
                        &format!("access-{next}"),
                        &format!("refresh-{next}"),
                        expires_in,
                    ))
                    .set_delay(delay)
            })
            .mount(server)
            .await;
        this
    }

    fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// `/contacts` answering 200 only to `Bearer <accepted>`, else 401; counts calls.
async fn mount_contacts(server: &MockServer, accepted: &'static str) -> Arc<AtomicUsize> {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(move |request: &Request| {
            counter.fetch_add(1, Ordering::SeqCst);
            if header(request, "authorization") == Some(format!("Bearer {accepted}").as_str()) {
                ResponseTemplate::new(200).set_body_json(envelope(contacts_page()))
            } else {
                ResponseTemplate::new(401)
                    .set_body_json(common::error_body("UNAUTHORIZED", "token expired"))
            }
        })
        .mount(server)
        .await;
    calls
}

/// A client whose access token (a JWT) expired a minute ago, holding `refresh-1`.
fn expired_session(server: &MockServer) -> Client {
    let tokens = SessionTokens::new(jwt("user-1", -60), Some("refresh-1".to_owned()));
    builder(&server.uri())
        .session_tokens(tokens)
        .build()
        .expect("client")
}

#[tokio::test]
async fn sign_in_stores_the_session_and_later_calls_use_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_body(
            "access-1",
            "refresh-1",
            "15m",
        )))
        .mount(&server)
        .await;
    let contacts = mount_contacts(&server, "access-1").await;
    let client = builder(&server.uri()).build().expect("client");
    assert!(client.session_tokens().is_none());

    client
        .auth()
        .login(body(login_request()))
        .send()
        .await
        .expect("login");
    let tokens = client.session_tokens().expect("session stored");
    assert_eq!(tokens.access_token(), "access-1");
    assert_eq!(tokens.refresh_token(), Some("refresh-1"));
    let expires = tokens
        .expires_at()
        .expect("expiry from expiresIn")
        .timestamp();
    let in_15m = unix_now() + 15 * 60;
    assert!(
        (in_15m - 60..=in_15m + 60).contains(&expires),
        "expires {expires}, expected about {in_15m}"
    );

    client
        .contacts()
        .list()
        .send()
        .await
        .expect("contacts with the session token");
    assert_eq!(contacts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_second_factor_challenge_stores_no_session() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::two_factor_body()))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).build().expect("client");
    let outcome = client
        .auth()
        .login(body(login_request()))
        .send()
        .await
        .expect("login");
    assert!(format!("{outcome:?}").contains("TwoFactor"), "{outcome:?}");
    assert!(client.session_tokens().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_concurrent_requests_across_an_expired_token_cause_one_refresh() {
    let server = MockServer::start().await;
    // The delay keeps the refresh in flight while the other requests pile up.
    let refresh = RotatingRefresh::mount(&server, "15m", Duration::from_millis(200)).await;
    let contacts = mount_contacts(&server, "access-2").await;
    let client = expired_session(&server);

    let calls = (0..50).map(|_| {
        let client = client.clone();
        tokio::spawn(async move { client.contacts().list().send().await })
    });
    for result in join_all(calls).await {
        result
            .expect("task")
            .expect("request succeeds with the refreshed token");
    }
    assert_eq!(refresh.calls(), 1, "exactly one refresh");
    assert_eq!(
        contacts.load(Ordering::SeqCst),
        50,
        "no request needed a retry"
    );
    assert_eq!(
        client.session_tokens().expect("session").refresh_token(),
        Some("refresh-2")
    );
}

#[tokio::test]
async fn each_refresh_uses_the_rotated_refresh_token() {
    let server = MockServer::start().await;
    // Tokens issued for 1 s are due again at once, so every call refreshes.
    let refresh = RotatingRefresh::mount(&server, "1s", Duration::ZERO).await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(contacts_page())))
        .mount(&server)
        .await;
    let client = expired_session(&server);
    for _ in 0..3 {
        client.contacts().list().send().await.expect("contacts");
    }
    assert_eq!(refresh.seen(), ["refresh-1", "refresh-2", "refresh-3"]);
    assert_eq!(
        client.session_tokens().expect("session").refresh_token(),
        Some("refresh-4")
    );
}

#[tokio::test]
async fn a_401_triggers_one_refresh_and_one_retry() {
    let server = MockServer::start().await;
    let refresh = RotatingRefresh::mount(&server, "15m", Duration::ZERO).await;
    let contacts = mount_contacts(&server, "access-2").await;
    // Not expired as far as the client knows, but the server has revoked it.
    let tokens = SessionTokens::new(jwt("user-1", 3_600), Some("refresh-1".to_owned()));
    let client = builder(&server.uri())
        .session_tokens(tokens)
        .build()
        .expect("client");

    client
        .contacts()
        .list()
        .send()
        .await
        .expect("retried with the new token");
    assert_eq!(refresh.calls(), 1);
    assert_eq!(contacts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_after_the_refresh_is_returned_not_retried_again() {
    let server = MockServer::start().await;
    let refresh = RotatingRefresh::mount(&server, "15m", Duration::ZERO).await;
    let contacts = mount_contacts(&server, "never-accepted").await;
    let tokens = SessionTokens::new(jwt("user-1", 3_600), Some("refresh-1".to_owned()));
    let client = builder(&server.uri())
        .session_tokens(tokens)
        .build()
        .expect("client");

    let error = client
        .contacts()
        .list()
        .send()
        .await
        .expect_err("still unauthorized");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(refresh.calls(), 1);
    assert_eq!(contacts.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_rejected_refresh_token_ends_the_session() {
    let server = MockServer::start().await;
    let refresh = RotatingRefresh::mount(&server, "15m", Duration::ZERO).await;
    let tokens = SessionTokens::new(jwt("user-1", -60), Some("stolen-and-reused".to_owned()));
    let client = builder(&server.uri())
        .session_tokens(tokens)
        .build()
        .expect("client");

    let error = client
        .contacts()
        .list()
        .send()
        .await
        .expect_err("refresh rejected");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
    assert_eq!(refresh.calls(), 1);
    assert!(client.session_tokens().is_none(), "signed out");
}

#[tokio::test]
async fn exported_tokens_restore_the_session() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_body(
            "access-1",
            "refresh-1",
            "4h",
        )))
        .mount(&server)
        .await;
    let contacts = mount_contacts(&server, "access-1").await;
    let first = builder(&server.uri()).build().expect("client");
    first
        .auth()
        .login(body(login_request()))
        .send()
        .await
        .expect("login");

    let saved =
        serde_json::to_string(&first.session_tokens().expect("session")).expect("serialize");
    let restored: SessionTokens = serde_json::from_str(&saved).expect("deserialize");
    assert_eq!(Some(&restored), first.session_tokens().as_ref());
    let second = builder(&server.uri())
        .session_tokens(restored)
        .build()
        .expect("client");
    second
        .contacts()
        .list()
        .send()
        .await
        .expect("restored session works");
    assert_eq!(contacts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn sign_out_clears_the_session() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/logout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(serde_json::json!({}))))
        .mount(&server)
        .await;
    let contacts = mount_contacts(&server, "access-1").await;
    let tokens = SessionTokens::new("access-1", Some("refresh-1".to_owned()));
    let client = builder(&server.uri())
        .session_tokens(tokens)
        .build()
        .expect("client");

    client.auth().logout().send().await.expect("logout");
    assert!(client.session_tokens().is_none());
    let error = client
        .contacts()
        .list()
        .send()
        .await
        .expect_err("no credential left");
    assert!(
        matches!(error, Error::CredentialNotAccepted { .. }),
        "{error:?}"
    );
    assert_eq!(contacts.load(Ordering::SeqCst), 0);
}
