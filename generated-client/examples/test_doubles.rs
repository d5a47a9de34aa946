// Copied by the generator from the examples beside generator.toml: edit those, not this file.

//! An application function tested with the generated test doubles: no network, no
//! hand-written paths, envelopes or error bodies. In an application this is a `#[tokio::test]`
//! with `actuallycare = { …, features = ["mock"] }` under `[dev-dependencies]`.
//!
//! ```sh
//! cargo run --example test_doubles --features mock
//! ```

use actuallycare::mock::MockApi;
use actuallycare::types::{ErrorCode, Listing, ListingList, ListingStatus, PaginationMeta};
use actuallycare::{Client, Error, RetryPolicy};
use futures_util::TryStreamExt as _;

/// The code under test: the addresses of every active listing, all pages read.
async fn active_addresses(client: &Client) -> Result<Vec<String>, Error> {
    let listings: Vec<Listing> =
        client.listings().list().status(ListingStatus::Active).stream().try_collect().await?;
    Ok(listings.into_iter().map(|listing| listing.address).collect())
}

/// Page `page` of `pages`, one listing on each.
fn page(page: i64, pages: i64) -> ListingList {
    let id = uuid::Uuid::from_u128(page as u128);
    let listing = Listing::new(format!("{page} Oak Ave, Tehachapi, CA 93561"), id, 425_000.0, ListingStatus::Active);
    ListingList::new(vec![listing], PaginationMeta::new(page < pages, 1, page, pages, pages))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api = MockApi::start().await;
    let client = api.client_builder().api_key("test-key").retry_policy(RetryPolicy::none()).build()?;

    // Two pages, answered only to a request for active listings.
    api.listings().list().with_status(ListingStatus::Active).returns_pages(vec![page(1, 2), page(2, 2)]).await;
    let addresses = active_addresses(&client).await?;
    assert_eq!(addresses, ["1 Oak Ave, Tehachapi, CA 93561", "2 Oak Ave, Tehachapi, CA 93561"]);
    println!("active listings: {addresses:?}");

    // The API's own error body, with its typed code.
    let api = MockApi::start().await;
    let client = api.client_builder().api_key("test-key").retry_policy(RetryPolicy::none()).build()?;
    api.listings().list().expect(1).fails(403, ErrorCode::Forbidden).await;
    let error = active_addresses(&client).await.expect_err("the double refuses");
    assert_eq!(error.api().and_then(|api| api.code()), Some(ErrorCode::Forbidden));
    println!("refused as expected: {error}");
    Ok(())
}
