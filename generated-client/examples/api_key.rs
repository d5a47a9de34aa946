// Copied by the generator from the examples beside generator.toml: edit those, not this file.

//! Lists listings with an API key.
//!
//! ```sh
//! ACTUALLYCARE_API_KEY=ak_... [ACTUALLYCARE_BASE_URL=http://127.0.0.1:8080/v1] cargo run --example api_key
//! ```

use std::env;
use std::time::Duration;

use actuallycare::{Client, Error, RequestOptions};
use futures_util::TryStreamExt as _;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let api_key = env::var("ACTUALLYCARE_API_KEY").map_err(|_| "set ACTUALLYCARE_API_KEY")?;
    let mut builder = Client::builder().api_key(api_key).timeout(Duration::from_secs(20));
    if let Ok(base_url) = env::var("ACTUALLYCARE_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build()?;

    // One page, with the response metadata.
    let first = client.listings().list().limit(10).send_response().await?;
    println!("status {} at {:?}", first.status(), first.timestamp());

    // Every listing, page after page; a slow page gets more time.
    let options = RequestOptions::default().timeout(Duration::from_secs(60));
    let listings: Vec<_> = client.listings().list().limit(50).request_options(options).stream().try_collect().await?;
    println!("{} listings", listings.len());

    // An API key is never sent to an operation that only takes a signed-in session.
    match client.contacts().list().send().await {
        Err(error @ Error::CredentialNotAccepted { .. }) => println!("as expected: {error}"),
        Err(error) => return Err(error.into()),
        Ok(_) => println!("contacts listed"),
    }
    Ok(())
}
