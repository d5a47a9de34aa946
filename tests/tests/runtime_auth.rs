//! Credentials go only where the spec allows them; secrets stay out of Debug output
//! and never follow a redirect to another origin; plain http is refused.

mod common;

use actuallycare::{Client, Error, SessionTokens};
use common::{
    API_KEY, api_key_client, builder, contacts_page, envelope, header, jwt, listing_page,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn mount_listings(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(envelope(listing_page([1], 1, 20, 1))),
        )
        .mount(server)
        .await;
}

#[tokio::test]
async fn api_key_is_sent_as_x_api_key() {
    let server = MockServer::start().await;
    mount_listings(&server).await;
    api_key_client(&server.uri())
        .listings()
        .list()
        .send()
        .await
        .expect("listings");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 1);
    assert_eq!(header(&requests[0], "x-api-key"), Some(API_KEY));
    assert_eq!(header(&requests[0], "authorization"), None);
}

#[tokio::test]
async fn bearer_token_is_sent_as_authorization() {
    let server = MockServer::start().await;
    mount_listings(&server).await;
    let token = jwt("user-1", 3_600);
    let client = builder(&server.uri())
        .bearer_token(token.clone())
        .build()
        .expect("client");
    client.listings().list().send().await.expect("listings");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        header(&requests[0], "authorization"),
        Some(format!("Bearer {token}").as_str())
    );
    assert_eq!(header(&requests[0], "x-api-key"), None);
}

#[tokio::test]
async fn api_key_is_never_sent_to_a_jwt_only_operation() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(contacts_page())))
        .expect(0)
        .mount(&server)
        .await;
    let error = api_key_client(&server.uri())
        .contacts()
        .list()
        .send()
        .await
        .expect_err("refused client-side");
    match &error {
        Error::CredentialNotAccepted {
            operation,
            accepted,
        } => {
            assert_eq!(*operation, "listContacts");
            assert!(
                accepted
                    .iter()
                    .flat_map(|set| set.iter())
                    .any(|scheme| *scheme == "BearerAuth")
            );
        }
        other => panic!("expected CredentialNotAccepted, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains("listContacts") && message.contains("BearerAuth"),
        "{message}"
    );
    assert!(
        server
            .received_requests()
            .await
            .unwrap_or_default()
            .is_empty(),
        "nothing reached the server"
    );
}

#[tokio::test]
async fn public_operations_get_no_credential() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(common::two_factor_body()))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .api_key(API_KEY)
        .bearer_token(jwt("user-1", 3_600))
        .build()
        .expect("client");
    client
        .auth()
        .login(common::body(common::login_request()))
        .send()
        .await
        .expect("login");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(header(&requests[0], "x-api-key"), None);
    assert_eq!(header(&requests[0], "authorization"), None);
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let access = jwt("user-with-a-long-subject", 3_600);
    let refresh = "rt_9f8e7d6c5b4a3928171615141312111009080706".to_owned();
    let client = Client::builder()
        .api_key(API_KEY)
        .session_tokens(SessionTokens::new(access.clone(), Some(refresh.clone())))
        .build()
        .expect("client");
    let tokens = client.session_tokens().expect("session");
    for rendered in [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{tokens:?}"),
    ] {
        for secret in [API_KEY, access.as_str(), refresh.as_str()] {
            assert!(!rendered.contains(secret), "secret in {rendered}");
            // Nothing between the first 8 and last 4 characters may show.
            let middle = &secret[8..secret.len() - 4];
            assert!(!rendered.contains(middle), "secret middle in {rendered}");
        }
    }
}

#[tokio::test]
async fn plain_http_base_url_is_refused_unless_loopback_or_allowed() {
    let refused = Client::builder()
        .base_url("http://api.example.com/v1")
        .api_key(API_KEY)
        .build();
    assert!(
        matches!(refused, Err(Error::InvalidConfig(_))),
        "{refused:?}"
    );
    let allowed = Client::builder()
        .base_url("http://api.example.com/v1")
        .allow_insecure_http(true)
        .build();
    assert!(allowed.is_ok());
    for loopback in [
        "http://127.0.0.1:8080",
        "http://localhost:8080/v1",
        "http://[::1]:8080",
    ] {
        assert!(
            Client::builder().base_url(loopback).build().is_ok(),
            "{loopback}"
        );
    }
    assert!(
        Client::builder()
            .base_url("https://api.example.com/v1")
            .build()
            .is_ok()
    );
}

#[tokio::test]
async fn credentials_do_not_follow_a_redirect_to_another_origin() {
    let origin = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/listings", elsewhere.uri())),
        )
        .mount(&origin)
        .await;
    mount_listings(&elsewhere).await;
    let error = api_key_client(&origin.uri())
        .listings()
        .list()
        .send()
        .await
        .expect_err("redirect refused");
    assert!(matches!(error, Error::RedirectRefused { .. }), "{error:?}");
    let leaked = elsewhere.received_requests().await.unwrap_or_default();
    assert!(
        leaked
            .iter()
            .all(|request| header(request, "x-api-key").is_none()),
        "API key leaked"
    );
    assert!(leaked.is_empty(), "the other origin was contacted");
}

#[tokio::test]
async fn same_origin_redirects_are_followed_with_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(ResponseTemplate::new(307).insert_header("location", "/moved/listings"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/moved/listings"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(envelope(listing_page([1], 1, 20, 1))),
        )
        .mount(&server)
        .await;
    api_key_client(&server.uri())
        .listings()
        .list()
        .send()
        .await
        .expect("followed");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(requests.len(), 2);
    assert_eq!(header(&requests[1], "x-api-key"), Some(API_KEY));
}
