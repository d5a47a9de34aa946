//! Prism in proxy mode with `--errors` in front of the wiremock fixtures of the
//! runtime tests: Prism checks every request the client sends and every response the
//! fixtures return against `spec/openapi.json`, and turns any violation into an error
//! (`422` for a request, `500` for a response, both `application/problem+json`), so
//! these scenarios pass only if the client and the fixtures both conform.
//!
//! Needs `npm ci --prefix tools/prism` (the tests fail, never skip, without it).

mod common;

use std::collections::HashMap;

use actuallycare::types::{CreateListingRequest, ErrorCode, ListingStatus, LoginRequest};
use common::prism::{Prism, conforming, documented_error};
use common::{
    API_KEY, api_key_client, builder, contacts_page, envelope, error_body, header, jwt, listing,
    listing_id, listing_page,
};
use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{method, path, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PAGES: i64 = 4;
const LIMIT: i64 = 3;

/// The upstream API: the runtime tests' fixtures, answered by wiremock.
async fn upstream() -> MockServer {
    let server = MockServer::start().await;
    // `PAGES` pages of `limit` listings, page 1 when `page` is absent.
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(|request: &Request| {
            let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
            let page = query
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1_i64);
            let limit = query
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(25_i64);
            let first = u32::try_from((page - 1) * limit + 1).unwrap_or(0);
            let ids = first..first + u32::try_from(limit).unwrap_or(0);
            ResponseTemplate::new(200)
                .set_body_json(envelope(listing_page(ids, page, limit, PAGES)))
        })
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/listings"))
        .respond_with(ResponseTemplate::new(201).set_body_json(envelope(listing(1))))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("^/listings/[^/]+$"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(error_body("NOT_FOUND", "Listing not found")),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(common::session_body(
                &jwt("agent-1", 3600),
                "refresh-1",
                "1h",
            )),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(contacts_page())))
        .mount(&server)
        .await;
    server
}

/// The requests that reached the upstream, i.e. that Prism forwarded.
async fn forwarded(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn an_api_key_stream_over_several_pages_conforms() {
    let server = upstream().await;
    let prism = Prism::proxy(&server.uri());
    let client = api_key_client(&prism.base_url());

    let items: Result<Vec<_>, _> = client
        .listings()
        .list()
        .limit(LIMIT)
        .stream()
        .try_collect()
        .await;
    let items = items.unwrap_or_else(|error| panic!("{error}\n\nPrism's log:\n{}", prism.log()));

    let ids: Vec<String> = items.iter().map(|item| item.id.to_string()).collect();
    let expected: Vec<String> = (1..=u32::try_from(PAGES * LIMIT).unwrap_or(0))
        .map(listing_id)
        .collect();
    assert_eq!(ids, expected, "every item of every page, in order");
    let requests = forwarded(&server).await;
    assert_eq!(requests.len(), 4, "one request per page went through Prism");
    assert!(
        requests
            .iter()
            .all(|request| header(request, "x-api-key") == Some(API_KEY)),
        "API key forwarded"
    );
}

#[tokio::test]
async fn signing_in_and_an_authenticated_call_conform() {
    let server = upstream().await;
    let prism = Prism::proxy(&server.uri());
    let client = builder(&prism.base_url()).build().expect("client builds");

    let mut login = LoginRequest::new("correct horse battery staple".to_owned());
    login.email = Some("agent@example.com".to_owned());
    let signed_in = conforming(client.auth().login(login).send_response().await);
    signed_in.unwrap_or_else(|why| panic!("loginUser: {why}\n\nPrism's log:\n{}", prism.log()));
    let tokens = client
        .session_tokens()
        .expect("the login response started a session");

    let contacts = conforming(client.contacts().list().limit(20).send_response().await);
    let contacts = contacts
        .unwrap_or_else(|why| panic!("listContacts: {why}\n\nPrism's log:\n{}", prism.log()));
    assert!(contacts.data().contacts.is_empty());

    let requests = forwarded(&server).await;
    let contacts_request = requests
        .iter()
        .find(|request| request.url.path() == "/contacts")
        .expect("forwarded");
    let expected = format!("Bearer {}", tokens.access_token());
    assert_eq!(
        header(contacts_request, "authorization"),
        Some(expected.as_str()),
        "the session's token was sent"
    );
}

#[tokio::test]
async fn creating_a_listing_conforms() {
    let server = upstream().await;
    let prism = Prism::proxy(&server.uri());
    let client = api_key_client(&prism.base_url());

    let mut listing =
        CreateListingRequest::new("1 Oak Ave, Tehachapi, CA 93561".to_owned(), 425_000.0);
    listing.bedrooms = Some(Some(3));
    listing.status = Some(ListingStatus::Active);
    let created = conforming(client.listings().create(listing).send_response().await);
    let created = created
        .unwrap_or_else(|why| panic!("createListing: {why}\n\nPrism's log:\n{}", prism.log()));

    assert_eq!(created.status().as_u16(), 201);
    assert_eq!(created.data().id.to_string(), listing_id(1));
    let requests = forwarded(&server).await;
    let sent: serde_json::Value = requests
        .iter()
        .find(|request| request.method.as_str() == "POST")
        .map(|request| serde_json::from_slice(&request.body).expect("JSON body"))
        .expect("forwarded");
    // Prism re-serializes the body in JavaScript, where 425000.0 is written 425000.
    assert_eq!(
        sent,
        json!({ "address": "1 Oak Ave, Tehachapi, CA 93561", "list_price": 425000, "bedrooms": 3, "status": "active" })
    );
}

#[tokio::test]
async fn a_documented_error_response_conforms_and_stays_typed() {
    let server = upstream().await;
    let prism = Prism::proxy(&server.uri());
    let client = api_key_client(&prism.base_url());

    let id = listing_id(7).parse().expect("uuid");
    let result = client.listings().get(id).send().await;
    let api = documented_error(result)
        .unwrap_or_else(|why| panic!("getListingById: {why}\n\nPrism's log:\n{}", prism.log()));

    assert_eq!(api.status().as_u16(), 404);
    assert_eq!(api.code(), Some(ErrorCode::NotFound));
    assert_eq!(api.message(), Some("Listing not found"));
    assert_eq!(api.error_id(), Some("err-0001"));
    assert_eq!(api.correlation_id(), Some("corr-0001"));
    assert_eq!(forwarded(&server).await.len(), 1, "404 is not retried");
}

/// The negative control: without it, a Prism that validated nothing would pass the
/// scenarios above too.
#[tokio::test]
async fn prism_rejects_a_response_that_breaks_the_spec() {
    let server = MockServer::start().await;
    // A listing without its required `address` and `list_price`.
    let broken = envelope(json!({ "id": listing_id(1), "status": "active" }));
    Mock::given(method("GET"))
        .and(path_regex("^/listings/[^/]+$"))
        .respond_with(ResponseTemplate::new(200).set_body_json(broken))
        .mount(&server)
        .await;
    let prism = Prism::proxy(&server.uri());
    let client = api_key_client(&prism.base_url());

    let id = listing_id(1).parse().expect("uuid");
    let why = conforming(client.listings().get(id).send_response().await)
        .expect_err("Prism flags the response");
    assert!(
        why.contains("Prism answered 500") && why.contains("address"),
        "{why}"
    );
}
