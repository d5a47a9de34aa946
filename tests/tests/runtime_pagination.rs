//! List streams follow `page`/`limit` until `meta.hasMore` is false.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use actuallycare::RequestOptions;
use common::{api_key_client, envelope, error_body, listing_id, listing_page};
use futures_util::{StreamExt, TryStreamExt};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PAGES: i64 = 12;
const LIMIT: i64 = 3;

/// Serves `PAGES` pages of `limit` listings (page 1 when `page` is absent); fails on
/// `failing_page`. Records the query of each request.
async fn paged_server(
    failing_page: Option<i64>,
) -> (MockServer, Arc<Mutex<Vec<HashMap<String, String>>>>) {
    let server = MockServer::start().await;
    let queries = Arc::new(Mutex::new(Vec::new()));
    let log = queries.clone();
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(move |request: &Request| {
            let query: HashMap<String, String> = request.url.query_pairs().into_owned().collect();
            let page = query
                .get("page")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1_i64);
            let limit = query
                .get("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(20_i64);
            log.lock().unwrap_or_else(|e| e.into_inner()).push(query);
            if Some(page) == failing_page {
                return ResponseTemplate::new(500).set_body_json(error_body("INTERNAL", "boom"));
            }
            let first = u32::try_from((page - 1) * limit + 1).unwrap_or(0);
            let ids = first..first + u32::try_from(limit).unwrap_or(0);
            ResponseTemplate::new(200)
                .set_body_json(envelope(listing_page(ids, page, limit, PAGES)))
        })
        .mount(&server)
        .await;
    (server, queries)
}

#[tokio::test]
async fn the_item_stream_yields_every_item_of_twelve_pages_once_in_order() {
    let (server, queries) = paged_server(None).await;
    let client = api_key_client(&server.uri());
    let items: Vec<_> = client
        .listings()
        .list()
        .limit(LIMIT)
        .stream()
        .try_collect()
        .await
        .expect("all pages");

    let ids: Vec<String> = items.iter().map(|listing| listing.id.to_string()).collect();
    let expected: Vec<String> = (1..=u32::try_from(PAGES * LIMIT).unwrap_or(0))
        .map(listing_id)
        .collect();
    assert_eq!(ids, expected);

    let queries = queries.lock().unwrap_or_else(|e| e.into_inner()).clone();
    assert_eq!(
        queries.len(),
        12,
        "one request per page, none after hasMore=false"
    );
    assert!(
        queries
            .iter()
            .all(|q| q.get("limit").map(String::as_str) == Some("3")),
        "limit kept on every page"
    );
    let pages: Vec<Option<&str>> = queries
        .iter()
        .map(|q| q.get("page").map(String::as_str))
        .collect();
    assert_eq!(
        pages[0], None,
        "the first request asks for the server's default page"
    );
    for (index, page) in pages.iter().enumerate().skip(1) {
        assert_eq!(*page, Some((index + 1).to_string().as_str()));
    }
}

#[tokio::test]
async fn the_page_stream_starts_at_the_requested_page() {
    let (server, _) = paged_server(None).await;
    let client = api_key_client(&server.uri());
    let pages: Vec<_> = client
        .listings()
        .list()
        .limit(LIMIT)
        .page(10)
        .pages()
        .try_collect()
        .await
        .expect("pages");
    let numbers: Vec<i64> = pages.iter().map(|page| page.meta.page).collect();
    assert_eq!(numbers, [10, 11, 12]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_the_items_before_it() {
    let (server, queries) = paged_server(Some(3)).await;
    let client = api_key_client(&server.uri());
    let options = RequestOptions::default().max_attempts(1);
    let results: Vec<_> = client
        .listings()
        .list()
        .limit(LIMIT)
        .request_options(options)
        .stream()
        .collect()
        .await;
    assert_eq!(results.len(), 7, "6 items, then the error");
    assert!(results[..6].iter().all(Result::is_ok));
    assert_eq!(
        results[6]
            .as_ref()
            .err()
            .and_then(|e| e.status())
            .map(|s| s.as_u16()),
        Some(500)
    );
    assert_eq!(queries.lock().unwrap_or_else(|e| e.into_inner()).len(), 3);
}
