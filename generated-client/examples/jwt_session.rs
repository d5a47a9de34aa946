// Copied by the generator from the examples beside generator.toml: edit those, not this file.

//! Signs in with e-mail and password, then works with the session: the client keeps
//! the access token, refreshes it before it expires, and the tokens can be saved.
//!
//! ```sh
//! ACTUALLYCARE_EMAIL=agent@example.com ACTUALLYCARE_PASSWORD=... \
//!   [ACTUALLYCARE_BASE_URL=http://127.0.0.1:8080/v1] cargo run --example jwt_session
//! ```

use std::env;

use actuallycare::types::LoginRequest;
use actuallycare::{Client, SessionTokens};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let email = env::var("ACTUALLYCARE_EMAIL").map_err(|_| "set ACTUALLYCARE_EMAIL")?;
    let password = env::var("ACTUALLYCARE_PASSWORD").map_err(|_| "set ACTUALLYCARE_PASSWORD")?;
    let base_url = env::var("ACTUALLYCARE_BASE_URL").ok();
    let builder = || {
        let builder = Client::builder();
        match &base_url {
            Some(url) => builder.base_url(url),
            None => builder,
        }
    };
    let client = builder().build()?;

    // The outcome says whether the user is signed in, needs a second factor, or is waitlisted.
    let mut credentials = LoginRequest::new(password);
    credentials.email = Some(email);
    let outcome = client.auth().login(credentials).send().await?;
    println!("sign-in outcome: {outcome:?}");
    let Some(tokens) = client.session_tokens() else {
        println!("not signed in yet (second factor or waitlist)");
        return Ok(());
    };
    println!("signed in until {:?}", tokens.expires_at());

    // Requests carry the access token; it is refreshed (once, however many requests
    // are in flight) shortly before it expires.
    let contacts = client.contacts().list().send().await?;
    println!("{contacts:?}");

    // Persist the session (it is secret: store it like a password) and restore it later.
    let saved = serde_json::to_string(&tokens)?;
    let restored: SessionTokens = serde_json::from_str(&saved)?;
    let later = builder().session_tokens(restored).build()?;
    println!("restored: {:?}", later.session_tokens());

    later.auth().logout().send().await?;
    println!("signed out: {}", later.session_tokens().is_none());
    Ok(())
}
