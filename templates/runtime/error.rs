//! The one error type every operation returns.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use super::redact::{mark_sensitive_headers, redact_body};
use super::problem::Problem;
use crate::conventions::{ERROR_FIELDS, ErrorCode, ErrorDetails};

/// JSON pointers into an error body, from the generator config (`None` = not provided).
#[derive(Debug, Clone, Copy)]
pub struct ErrorFields {
    /// Machine-readable error code.
    pub code: Option<&'static str>,
    /// Human-readable message.
    pub message: Option<&'static str>,
    /// Server-side id of this error occurrence.
    pub error_id: Option<&'static str>,
    /// Id that ties the request to server logs.
    pub correlation_id: Option<&'static str>,
    /// Structured details.
    pub details: Option<&'static str>,
}

/// Everything that can go wrong when calling the API.
///
/// `Display` says what to do about it; match on the variant (or use the helpers
/// such as [`Error::status`] and [`Error::api`]) to react programmatically.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server could not be reached or the connection broke.
    Transport {
        /// The operationId.
        operation: &'static str,
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// No complete response arrived within the request timeout.
    Timeout {
        /// The operationId.
        operation: &'static str,
        /// The timeout that elapsed.
        after: Duration,
    },
    /// A response body did not have the documented shape.
    Decode {
        /// The operationId.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The start of the body, for diagnosis (sensitive properties redacted).
        body_excerpt: String,
        /// Why decoding failed.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// The server answered with a non-2xx status.
    Api(Box<ApiError>),
    /// The client holds no credential that this operation accepts; nothing was sent.
    CredentialNotAccepted {
        /// The operationId.
        operation: &'static str,
        /// Alternatives (any one) of scheme sets (all of them) the operation accepts.
        accepted: &'static [&'static [&'static str]],
    },
    /// The client configuration was rejected by [`ClientBuilder::build`](crate::ClientBuilder::build).
    InvalidConfig(String),
    /// The request could not be built from the given arguments; nothing was sent.
    InvalidRequest {
        /// The operationId.
        operation: &'static str,
        /// What was wrong.
        reason: String,
    },
    /// The server redirected to another origin; the redirect was not followed so
    /// that credentials never reach a host they were not meant for.
    RedirectRefused {
        /// The operationId.
        operation: &'static str,
        /// Where the server wanted to send the request.
        location: String,
    },
    /// A response body broke off after it had started to arrive (a stream, or a
    /// body read after its head). Not retried: part of it may have been used.
    Interrupted {
        /// The operationId.
        operation: &'static str,
        /// The underlying HTTP client error.
        source: reqwest::Error,
    },
    /// A middleware given to `ClientBuilder::http_middleware` failed the request.
    Middleware {
        /// The operationId.
        operation: &'static str,
        /// The middleware's error.
        source: Box<dyn StdError + Send + Sync>,
    },
    /// A 2xx status that the API description does not document for this operation.
    UnexpectedStatus {
        /// The operationId.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The start of the body, for diagnosis (sensitive properties redacted).
        body_excerpt: String,
    },
}

impl Error {
    /// The HTTP status, when a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api(api) => Some(api.status),
            Self::Decode { status, .. } | Self::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error, when the server answered with a non-2xx status.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Self::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport { operation, source } => write!(
                f,
                "{operation}: could not reach the server ({source}); check the base URL and the network"
            ),
            Self::Timeout { operation, after } => write!(
                f,
                "{operation}: no response within {after:?}; raise the timeout (RequestOptions::timeout or ClientBuilder::timeout) if the server is slow"
            ),
            Self::Decode { operation, status, body_excerpt, source } => write!(
                f,
                "{operation}: could not decode the {status} response ({source}); body starts with: {body_excerpt}"
            ),
            Self::Api(api) => api.fmt(f),
            Self::CredentialNotAccepted { operation, accepted } => {
                let alternatives: Vec<String> = accepted.iter().map(|set| set.join(" + ")).collect();
                write!(
                    f,
                    "{operation} accepts only {}; the client holds no such credential, so nothing was sent (configure one on ClientBuilder, or sign in for a bearer token)",
                    alternatives.join(" or ")
                )
            }
            Self::InvalidConfig(reason) => write!(f, "invalid client configuration: {reason}"),
            Self::InvalidRequest { operation, reason } => {
                write!(f, "{operation}: could not build the request: {reason}")
            }
            Self::RedirectRefused { operation, location } => write!(
                f,
                "{operation}: refused a redirect to another origin ({location}) so that credentials are not leaked; point the base URL at the final origin"
            ),
            Self::Interrupted { operation, source } => write!(
                f,
                "{operation}: the response body broke off ({source}); it was not retried because part of it had arrived, so send the request again if that is safe"
            ),
            Self::Middleware { operation, source } => {
                write!(f, "{operation}: the HTTP middleware failed the request ({source})")
            }
            Self::UnexpectedStatus { operation, status, body_excerpt } => write!(
                f,
                "{operation}: the server answered {status}, which the API description does not document; body starts with: {body_excerpt}"
            ),
        }
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Transport { source, .. } | Self::Interrupted { source, .. } => Some(source),
            Self::Decode { source, .. } | Self::Middleware { source, .. } => Some(source.as_ref()),
            Self::Api(api) => Some(api.as_ref()),
            _ => None,
        }
    }
}

/// A non-2xx answer from the API, with the fields of its error body.
///
/// `Debug` shows the body with the API's sensitive properties redacted and
/// credential headers (cookies, authorization) as `Sensitive`.
#[derive(Clone)]
pub struct ApiError {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: String,
    json: Option<Value>,
    retry_after: Option<Duration>,
}

impl ApiError {
    pub(crate) fn new(
        operation: &'static str,
        status: StatusCode,
        mut headers: HeaderMap,
        body: &[u8],
        retry_after: Option<Duration>,
    ) -> Self {
        mark_sensitive_headers(&mut headers);
        Self {
            operation,
            status,
            headers,
            body: String::from_utf8_lossy(body).into_owned(),
            json: serde_json::from_slice(body).ok(),
            retry_after,
        }
    }

    /// The operationId of the failed call.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The machine-readable error code; unknown codes are kept, not dropped.
    pub fn code(&self) -> Option<ErrorCode> {
        self.code_str().map(ErrorCode::from)
    }

    /// The human-readable message from the error body: the configured field, or
    /// else a problem document's `detail` (or `title`).
    pub fn message(&self) -> Option<&str> {
        match ERROR_FIELDS.message {
            Some(pointer) => self.field_str(Some(pointer)),
            None => {
                let problem = self.json.as_ref().filter(|_| self.is_problem())?;
                ["/detail", "/title"].iter().find_map(|pointer| problem.pointer(pointer)?.as_str())
            }
        }
    }

    /// The RFC 9457 problem details, when the body is `application/problem+json`.
    pub fn problem(&self) -> Option<Problem> {
        self.json.as_ref().filter(|_| self.is_problem()).and_then(Problem::from_json)
    }

    fn is_problem(&self) -> bool {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/problem+json"))
    }

    /// The server's id for this error occurrence.
    pub fn error_id(&self) -> Option<&str> {
        self.field_str(ERROR_FIELDS.error_id)
    }

    /// The correlation id to quote when asking the API provider about this request.
    pub fn correlation_id(&self) -> Option<&str> {
        self.field_str(ERROR_FIELDS.correlation_id)
    }

    /// The structured details, typed where the API documents them.
    /// `None` if absent or not of the documented shape (see [`ApiError::details_json`]).
    pub fn details(&self) -> Option<ErrorDetails> {
        self.details_json()
            .and_then(|details| serde_json::from_value(details.clone()).ok())
    }

    /// The structured details as raw JSON.
    pub fn details_json(&self) -> Option<&Value> {
        self.field(ERROR_FIELDS.details).filter(|value| !value.is_null())
    }

    /// The whole response body as text, as received (`Debug` redacts it; this does not).
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The whole response body as JSON, if it was JSON.
    pub fn json(&self) -> Option<&Value> {
        self.json.as_ref()
    }

    /// How long the server asked the client to wait (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    fn code_str(&self) -> Option<&str> {
        self.field_str(ERROR_FIELDS.code)
    }

    fn field(&self, pointer: Option<&str>) -> Option<&Value> {
        self.json.as_ref()?.pointer(pointer?)
    }

    fn field_str(&self, pointer: Option<&str>) -> Option<&str> {
        self.field(pointer)?.as_str()
    }

    /// What the caller should do, by status.
    fn advice(&self) -> &'static str {
        match self.status.as_u16() {
            400 | 422 => "fix the request arguments",
            401 => "fix the credential: the API key or token is missing, invalid or expired (sign in again)",
            403 => "fix permissions or scopes: the credential is valid but not allowed to do this",
            404 => "check the id or path",
            409 => "the resource changed or already exists; reload it and try again",
            423 => "the account is locked; wait for the lockout to end before trying again",
            429 => "slow down: too many requests; wait before sending more",
            500..=599 => "the server failed; try again later",
            _ => "see the error body",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with {}", self.operation, self.status)?;
        if let Some(code) = self.code_str() {
            write!(f, " {code}")?;
        }
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        write!(f, "; {}", self.advice())?;
        if let (StatusCode::TOO_MANY_REQUESTS, Some(wait)) = (self.status, self.retry_after) {
            write!(f, " (retry after {}s)", wait.as_secs())?;
        }
        match (self.error_id(), self.correlation_id()) {
            (Some(error_id), Some(correlation_id)) => {
                write!(f, " [errorId {error_id}, correlationId {correlation_id}]")
            }
            (Some(error_id), None) => write!(f, " [errorId {error_id}]"),
            (None, Some(correlation_id)) => write!(f, " [correlationId {correlation_id}]"),
            (None, None) => Ok(()),
        }
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `json` is the body again: left out.
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &redact_body(&self.body))
            .field("retry_after", &self.retry_after)
            .finish_non_exhaustive()
    }
}

impl StdError for ApiError {}

/// The first 512 bytes of a body as text, cut on a character boundary, with the
/// values of sensitive properties redacted (also one the cut runs through).
pub(crate) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 512;
    let text = String::from_utf8_lossy(body);
    if text.len() <= MAX {
        return redact_body(&text).into_owned();
    }
    let mut end = MAX;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", redact_body(&text[..end]))
}
