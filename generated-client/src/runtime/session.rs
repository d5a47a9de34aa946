// Copied by the generator from templates/runtime/session.rs: edit the template, not this file.

//! JWT sessions: tokens captured from sign-in, refreshed before expiry, rotated,
//! cleared on sign-out, exportable for persistence.

use std::fmt;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::auth::redact;
use super::client::Client;
use super::error::Error;
use super::request::{Operation, RequestBuilder, SessionMode};

/// Where an API's session operations put their tokens (JSON pointers into the raw body).
#[derive(Debug)]
pub struct SessionConventions {
    /// operationId of sign-in; its 2xx bodies may carry a token pair.
    pub login_operation: &'static str,
    /// The refresh operation; the runtime calls it itself.
    pub refresh: &'static Operation,
    /// Name of the refresh-token field in the refresh request body.
    pub refresh_token_field: &'static str,
    /// Pointer to the access token.
    pub access_token: &'static str,
    /// Pointer to the refresh token.
    pub refresh_token: &'static str,
    /// Pointer to the lifetime of the access token (`"15m"`, `"4h"`, or seconds).
    pub expires_in: &'static str,
    /// operationIds after whose success the session is over.
    pub logout_operations: &'static [&'static str],
}

/// The tokens of a signed-in session; serialize them to keep a session across restarts
/// and hand them back with [`ClientBuilder::session_tokens`](crate::ClientBuilder::session_tokens).
///
/// `Debug` shows no more than the first 8 and last 4 characters of a token.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionTokens {
    access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<DateTime<Utc>>,
}

impl SessionTokens {
    /// Tokens from elsewhere; the expiry is read from the access token's JWT `exp` claim.
    pub fn new(access_token: impl Into<String>, refresh_token: Option<String>) -> Self {
        let access_token = access_token.into();
        let expires_at = jwt_expiry(&access_token);
        Self { access_token, refresh_token, expires_at }
    }

    /// Sets when the access token expires.
    pub fn with_expires_at(mut self, expires_at: DateTime<Utc>) -> Self {
        self.expires_at = Some(expires_at);
        self
    }

    /// The access token (sent as `Authorization: Bearer`).
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// The refresh token, if the session can be renewed.
    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_deref()
    }

    /// When the access token expires, if known.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// Due for renewal: expired or about to, and renewable.
    fn needs_refresh(&self, now: DateTime<Utc>) -> bool {
        // Refresh a little early so a token does not expire between check and use.
        const MARGIN: chrono::TimeDelta = chrono::TimeDelta::seconds(30);
        self.refresh_token.is_some() && self.expires_at.is_some_and(|at| at - MARGIN <= now)
    }
}

impl fmt::Debug for SessionTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionTokens")
            .field("access_token", &redact(&self.access_token))
            .field("refresh_token", &self.refresh_token.as_deref().map(redact))
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A bearer token to send, with the session epoch it was read at.
#[derive(Debug, Clone)]
pub(crate) struct Bearer {
    pub(crate) token: String,
    pub(crate) epoch: u64,
}

/// The session state of one client (shared by its clones).
#[derive(Default)]
pub(crate) struct Session {
    state: Mutex<State>,
    /// Held while refreshing, so concurrent requests wait for one refresh instead
    /// of each spending the (single-use, rotating) refresh token.
    refresh_gate: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct State {
    tokens: Option<SessionTokens>,
    /// Bumped on every change (and failed refresh), so a waiter can tell that
    /// someone else already acted on the tokens it saw.
    epoch: u64,
}

impl Session {
    pub(crate) fn new(tokens: Option<SessionTokens>) -> Self {
        Self { state: Mutex::new(State { tokens, epoch: 0 }), refresh_gate: tokio::sync::Mutex::new(()) }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // The state is replaced whole, so a panic elsewhere cannot leave it half-written.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn tokens(&self) -> Option<SessionTokens> {
        self.state().tokens.clone()
    }

    pub(crate) fn is_active(&self) -> bool {
        self.state().tokens.is_some()
    }

    pub(crate) fn can_refresh(&self) -> bool {
        self.state().tokens.as_ref().is_some_and(|tokens| tokens.refresh_token.is_some())
    }

    fn set(&self, tokens: Option<SessionTokens>) {
        let mut state = self.state();
        state.tokens = tokens;
        state.epoch += 1;
    }

    /// The access token as it is, even if due for refresh.
    pub(crate) fn current(&self) -> Option<Bearer> {
        let state = self.state();
        let tokens = state.tokens.as_ref()?;
        Some(Bearer { token: tokens.access_token.clone(), epoch: state.epoch })
    }

    /// The access token to send now, refreshed first if it is due.
    pub(crate) async fn bearer(&self, client: &Client) -> Result<Option<Bearer>, Error> {
        let due = {
            let state = self.state();
            match &state.tokens {
                None => return Ok(None),
                Some(tokens) => tokens.needs_refresh(now()).then_some(state.epoch),
            }
        };
        match due {
            Some(epoch) => self.refresh(client, epoch).await,
            None => Ok(self.current()),
        }
    }

    /// Refreshes unless the tokens changed since `seen_epoch` (then another request
    /// already refreshed, and its result is used). At most one refresh runs at a time.
    pub(crate) async fn refresh(&self, client: &Client, seen_epoch: u64) -> Result<Option<Bearer>, Error> {
        let _gate = self.refresh_gate.lock().await;
        let refresh_token = {
            let state = self.state();
            if state.epoch != seen_epoch {
                drop(state);
                return Ok(self.current());
            }
            match state.tokens.as_ref().and_then(|tokens| tokens.refresh_token.clone()) {
                Some(token) => token,
                None => return Ok(None),
            }
        };
        let Some(conventions) = &crate::conventions::SESSION else {
            return Ok(self.current());
        };
        let body = serde_json::json!({ conventions.refresh_token_field: refresh_token });
        let request = RequestBuilder::new(client.clone(), conventions.refresh)
            .json(&body)
            .session_mode(SessionMode::Refreshing);
        match request.send_boxed().await {
            // `observe` has stored the rotated pair.
            Ok(_) => Ok(self.current()),
            Err(error) => {
                if error.status().is_some_and(|status| matches!(status.as_u16(), 400 | 401 | 403)) {
                    // The refresh token was rejected (expired, revoked or reused): signed out.
                    tracing::warn!(operation = conventions.refresh.id, "session refresh rejected; session cleared");
                    self.set(None);
                } else {
                    // Leave the tokens, but let waiting requests go on with them rather
                    // than each trying again.
                    self.state().epoch += 1;
                }
                Err(error)
            }
        }
    }

    /// Captures or clears tokens after a successful session operation.
    pub(crate) fn observe(&self, operation: &'static Operation, body: &[u8]) {
        let Some(conventions) = &crate::conventions::SESSION else { return };
        if operation.id == conventions.login_operation || operation.id == conventions.refresh.id {
            let Ok(json) = serde_json::from_slice::<Value>(body) else { return };
            // A sign-in that needs a second factor returns no tokens yet.
            let Some(access_token) = json.pointer(conventions.access_token).and_then(Value::as_str) else {
                return;
            };
            let refresh_token = json
                .pointer(conventions.refresh_token)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| self.tokens().and_then(|tokens| tokens.refresh_token));
            let lifetime = json.pointer(conventions.expires_in).and_then(|value| match value {
                Value::String(text) => parse_duration(text),
                Value::Number(number) => number.as_u64().map(Duration::from_secs),
                _ => None,
            });
            let mut tokens = SessionTokens::new(access_token, refresh_token);
            if let Some(at) = lifetime.and_then(|lifetime| chrono::TimeDelta::from_std(lifetime).ok()) {
                let at = now() + at;
                tokens.expires_at = Some(tokens.expires_at.map_or(at, |exp| exp.min(at)));
            }
            self.set(Some(tokens));
        } else if conventions.logout_operations.contains(&operation.id) {
            self.set(None);
        }
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session").field("tokens", &self.state().tokens).finish()
    }
}

fn now() -> DateTime<Utc> {
    DateTime::from(SystemTime::now())
}

/// Parses `"15m"`, `"4h"`, `"1h30m"`, `"7d"`, `"500ms"` or plain seconds.
pub(crate) fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit())?;
        let amount: u64 = rest[..digits].parse().ok()?;
        let after = &rest[digits..];
        let unit_len = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len());
        let unit_seconds = match &after[..unit_len] {
            "ms" => {
                total += Duration::from_millis(amount);
                rest = &after[unit_len..];
                continue;
            }
            "s" => 1,
            "m" => 60,
            "h" => 3_600,
            "d" => 86_400,
            "w" => 604_800,
            _ => return None,
        };
        total += Duration::from_secs(amount.checked_mul(unit_seconds)?);
        rest = &after[unit_len..];
    }
    (!total.is_zero()).then_some(total)
}

/// Reads (without verifying: the server does that) the `exp` claim of a JWT.
fn jwt_expiry(token: &str) -> Option<DateTime<Utc>> {
    let payload = token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = claims.get("exp")?;
    let seconds = exp.as_i64().or_else(|| exp.as_f64().map(|value| value as i64))?;
    DateTime::from_timestamp(seconds, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("15m"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("4h"), Some(Duration::from_secs(14_400)));
        assert_eq!(parse_duration("1h30m"), Some(Duration::from_secs(5_400)));
        assert_eq!(parse_duration("900"), Some(Duration::from_secs(900)));
        assert_eq!(parse_duration("500ms"), Some(Duration::from_millis(500)));
        assert_eq!(parse_duration("soon"), None);
        assert_eq!(parse_duration(""), None);
    }

    #[test]
    fn jwt_exp_is_read() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"u1","exp":2000000000}"#);
        let token = format!("eyJhbGciOiJIUzI1NiJ9.{payload}.signature");
        assert_eq!(jwt_expiry(&token), DateTime::from_timestamp(2_000_000_000, 0));
        assert_eq!(jwt_expiry("not-a-jwt"), None);
    }
}
