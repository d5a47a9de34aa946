//! Shared helpers for the runtime tests: fixtures in the API's wire shapes, a client
//! pointed at a local mock server, and tiny encoders so the tests need no extra crates.
//!
//! The fixture bodies (`listing`, `session_body`, …) are the only place that knows the
//! ActuallyCare models' required fields; adjust them here if the spec changes.
#![allow(dead_code, reason = "each test binary uses a different subset")]

pub mod prism;
pub mod probe;
pub mod recorder;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use actuallycare::{Client, ClientBuilder, RetryPolicy};
use serde_json::{Value, json};

pub const API_KEY: &str = "ak_live_0123456789abcdefSECRETPARTxyz9876";

/// A builder for a client of `base` with fast retries (tests must not sleep long).
pub fn builder(base: &str) -> ClientBuilder {
    let retries = RetryPolicy::default()
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(50));
    Client::builder().base_url(base).retry_policy(retries)
}

/// A client with the test API key.
pub fn api_key_client(base: &str) -> Client {
    builder(base)
        .api_key(API_KEY)
        .build()
        .expect("client builds")
}

/// `{ success, data, timestamp, message }`.
pub fn envelope(data: Value) -> Value {
    json!({ "success": true, "data": data, "timestamp": "2025-01-02T03:04:05.000Z", "message": "ok" })
}

/// `{ success: false, error: { .. }, timestamp }`.
pub fn error_body(code: &str, message: &str) -> Value {
    json!({
        "success": false,
        "error": {
            "code": code,
            "message": message,
            "errorId": "err-0001",
            "correlationId": "corr-0001",
        },
        "timestamp": "2025-01-02T03:04:05.000Z",
    })
}

/// A deterministic listing id for item `n`.
pub fn listing_id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// One listing as the API returns it.
pub fn listing(n: u32) -> Value {
    json!({
        "id": listing_id(n),
        "address": format!("{n} Oak Ave, Tehachapi, CA 93561"),
        "status": "active",
        "list_price": 425000,
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z",
    })
}

/// The `data` of a list-listings response.
pub fn listing_page(
    ids: impl IntoIterator<Item = u32>,
    page: i64,
    limit: i64,
    total_pages: i64,
) -> Value {
    let listings: Vec<Value> = ids.into_iter().map(listing).collect();
    json!({
        "listings": listings,
        "meta": {
            "page": page,
            "limit": limit,
            "total": total_pages * limit,
            "totalPages": total_pages,
            "hasMore": page < total_pages,
        }
    })
}

/// The `data` of an empty list-contacts response.
pub fn contacts_page() -> Value {
    json!({ "contacts": [], "meta": { "page": 1, "limit": 20, "total": 0, "totalPages": 0, "hasMore": false } })
}

/// A sign-in or refresh body carrying a token pair.
pub fn session_body(access: &str, refresh: &str, expires_in: &str) -> Value {
    envelope(json!({
        "accessToken": access,
        "refreshToken": refresh,
        "expiresIn": expires_in,
        "tokenType": "Bearer",
        "user": { "id": "00000000-0000-4000-8000-000000000001", "email": "agent@example.com" },
    }))
}

/// A sign-in body asking for a second factor (no tokens yet).
pub fn two_factor_body() -> Value {
    envelope(json!({ "requiresTOTP": true, "userId": "00000000-0000-4000-8000-000000000001" }))
}

/// A sign-in request body.
pub fn login_request() -> Value {
    json!({ "email": "agent@example.com", "password": "correct horse battery staple" })
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
}

/// An unsigned JWT whose `exp` is `expires_in` seconds from now (negative = expired).
pub fn jwt(subject: &str, expires_in: i64) -> String {
    let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = format!(r#"{{"sub":"{subject}","exp":{}}}"#, unix_now() + expires_in);
    format!(
        "{header}.{}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk",
        base64url(claims.as_bytes())
    )
}

fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// An RFC 7231 HTTP-date (`Sun, 06 Nov 1994 08:49:37 GMT`).
pub fn http_date(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil-from-days (Howard Hinnant), for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {day:02} {} {year} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

/// The header value of a request seen by the mock server, as text.
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// Deserializes a request body for a generated builder from JSON.
pub fn body<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("fixture matches the generated request type")
}
