//! Successful responses: the raw 2xx and the typed wrapper users see.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{Error, excerpt};
use super::redact::{mark_sensitive_headers, scrub_url};
use super::stream::{ByteStream, EventStream, Framing, JsonStream, json_data, text_data};

/// A success body format: `data` plus response metadata (e.g. `{ data, timestamp, message }`).
pub trait Envelope: DeserializeOwned {
    /// The payload type.
    type Data;
    /// Splits the body into payload and metadata.
    fn into_parts(self) -> (Self::Data, EnvelopeInfo);
}

/// Metadata an envelope carries next to its payload.
#[derive(Debug, Clone, Default)]
pub struct EnvelopeInfo {
    /// When the server produced the response.
    pub timestamp: Option<String>,
    /// A human-readable note from the server.
    pub message: Option<String>,
}

/// The envelope of APIs without one: the body is the payload.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
#[allow(dead_code, reason = "only APIs without a success envelope use this")]
pub struct Bare<T>(pub T);

impl<T: DeserializeOwned> Envelope for Bare<T> {
    type Data = T;

    fn into_parts(self) -> (T, EnvelopeInfo) {
        (self.0, EnvelopeInfo::default())
    }
}

/// A typed successful response: the payload plus status, headers and envelope metadata.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    data: T,
    info: EnvelopeInfo,
}

impl<T> Response<T> {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers (request and correlation ids, rate-limit counters, …).
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The payload.
    pub fn data(&self) -> &T {
        &self.data
    }

    /// The payload, consuming the response.
    pub fn into_data(self) -> T {
        self.data
    }

    /// The envelope's timestamp, if the API sends one.
    pub fn timestamp(&self) -> Option<&str> {
        self.info.timestamp.as_deref()
    }

    /// The envelope's message, if the API sends one.
    pub fn message(&self) -> Option<&str> {
        self.info.message.as_deref()
    }

    /// Transforms the payload, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, data: f(self.data), info: self.info }
    }
}

/// A 2xx response with its body fully read; generated code decodes it by status.
#[derive(Debug)]
pub(crate) struct RawResponse {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

#[allow(dead_code, reason = "`status`, `media` and `unexpected_status` serve operations with several documented 2xx bodies")]
impl RawResponse {
    pub(crate) fn new(operation: &'static str, status: StatusCode, mut headers: HeaderMap, body: Vec<u8>) -> Self {
        // `Debug` of the `Response` users get must not show a session cookie.
        mark_sensitive_headers(&mut headers);
        Self { operation, status, headers, body }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Which of the `declared` media types the body is in; see [`best_media`].
    pub(crate) fn media(&self, declared: &[&str]) -> usize {
        best_media(&self.headers, declared)
    }

    fn wrap<T>(self, data: T, info: EnvelopeInfo) -> Response<T> {
        Response { status: self.status, headers: self.headers, data, info }
    }

    fn decode_error(&self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Error {
        Error::Decode {
            operation: self.operation,
            status: self.status,
            body_excerpt: excerpt(&self.body),
            source: source.into(),
        }
    }

    /// A 2xx status the API description does not document for this operation.
    pub(crate) fn unexpected_status(self) -> Error {
        Error::UnexpectedStatus {
            operation: self.operation,
            status: self.status,
            body_excerpt: excerpt(&self.body),
        }
    }
}

/// Decoders: each API uses the body kinds its description declares.
#[allow(dead_code, reason = "generated code uses the response kinds its API declares")]
impl RawResponse {
    /// The whole body is `T`.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match serde_json::from_slice(&self.body) {
            Ok(data) => Ok(self.wrap(data, EnvelopeInfo::default())),
            Err(error) => Err(self.decode_error(error)),
        }
    }

    /// The body is the API's envelope around `T`; returns the payload and keeps the metadata.
    pub(crate) fn enveloped<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        match serde_json::from_slice::<crate::conventions::Envelope<T>>(&self.body) {
            Ok(envelope) => {
                let (data, info) = envelope.into_parts();
                Ok(self.wrap(data, info))
            }
            Err(error) => Err(self.decode_error(error)),
        }
    }

    /// The body as UTF-8 text.
    pub(crate) fn text(mut self) -> Result<Response<String>, Error> {
        match String::from_utf8(std::mem::take(&mut self.body)) {
            Ok(text) => Ok(self.wrap(text, EnvelopeInfo::default())),
            Err(error) => {
                let cause = error.utf8_error();
                self.body = error.into_bytes();
                Err(self.decode_error(cause))
            }
        }
    }

    /// The body as bytes.
    pub(crate) fn bytes(mut self) -> Result<Response<Vec<u8>>, Error> {
        let body = std::mem::take(&mut self.body);
        Ok(self.wrap(body, EnvelopeInfo::default()))
    }

    /// A response whose body carries nothing of interest.
    pub(crate) fn empty(self) -> Result<Response<()>, Error> {
        Ok(self.wrap((), EnvelopeInfo::default()))
    }
}

/// A 2xx response whose body has not been read yet: generated code reads it whole
/// ([`read`](Self::read)) or hands it out as a stream.
#[derive(Debug)]
pub(crate) struct OpenResponse {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    body: OpenBody,
    /// When the request timeout runs out for a body read whole.
    deadline: tokio::time::Instant,
    timeout: Duration,
}

#[derive(Debug)]
enum OpenBody {
    Unread(reqwest::Response),
    Read(Vec<u8>),
}

impl RawResponse {
    /// The same response, for code that expects one whose body may still be unread.
    #[allow(dead_code, reason = "only streaming operations reopen")]
    pub(crate) fn reopen(self) -> OpenResponse {
        OpenResponse {
            operation: self.operation,
            status: self.status,
            headers: self.headers,
            body: OpenBody::Read(self.body),
            deadline: tokio::time::Instant::now(),
            timeout: Duration::ZERO,
        }
    }
}

#[allow(dead_code, reason = "generated code uses the response kinds its API declares")]
impl OpenResponse {
    pub(crate) fn new(operation: &'static str, response: reqwest::Response, deadline: tokio::time::Instant, timeout: Duration) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        Self { operation, status, headers, body: OpenBody::Unread(response), deadline, timeout }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Which of the `declared` media types the body is in; see [`best_media`].
    pub(crate) fn media(&self, declared: &[&str]) -> usize {
        best_media(&self.headers, declared)
    }

    /// Reads the whole body, within what is left of the request timeout.
    pub(crate) async fn read(self) -> Result<RawResponse, Error> {
        let Self { operation, status, headers, body, deadline, timeout } = self;
        let body = match body {
            OpenBody::Read(body) => body,
            OpenBody::Unread(response) => match tokio::time::timeout_at(deadline, response.bytes()).await {
                Ok(Ok(body)) => body.to_vec(),
                Ok(Err(source)) => return Err(Error::Interrupted { operation, source: scrub_url(source) }),
                Err(_) => return Err(Error::Timeout { operation, after: timeout }),
            },
        };
        Ok(RawResponse::new(operation, status, headers, body))
    }

    fn stream<T>(self, data: impl FnOnce(&'static str, StatusCode, ByteStream) -> T) -> Result<Response<T>, Error> {
        let body = match self.body {
            OpenBody::Unread(response) => ByteStream::from_response(self.operation, response),
            OpenBody::Read(body) => ByteStream::from_bytes(body),
        };
        let data = data(self.operation, self.status, body);
        Ok(Response { status: self.status, headers: self.headers, data, info: EnvelopeInfo::default() })
    }

    /// The body as a stream of chunks.
    pub(crate) fn byte_stream(self) -> Result<Response<ByteStream>, Error> {
        self.stream(|_, _, body| body)
    }

    /// `text/event-stream` whose `data` is JSON of type `T`.
    pub(crate) fn events<T: DeserializeOwned>(self) -> Result<Response<EventStream<T>>, Error> {
        self.stream(|operation, status, body| EventStream::new(operation, status, body, json_data::<T>))
    }

    /// `text/event-stream` whose `data` is text.
    pub(crate) fn text_events(self) -> Result<Response<EventStream<String>>, Error> {
        self.stream(|operation, status, body| EventStream::new(operation, status, body, text_data))
    }

    /// JSON Lines / NDJSON: one `T` per line.
    pub(crate) fn json_lines<T: DeserializeOwned>(self) -> Result<Response<JsonStream<T>>, Error> {
        self.stream(|operation, status, body| JsonStream::new(operation, status, body, Framing::Lines))
    }

    /// A JSON text sequence (RFC 7464) of `T`.
    pub(crate) fn json_seq<T: DeserializeOwned>(self) -> Result<Response<JsonStream<T>>, Error> {
        self.stream(|operation, status, body| JsonStream::new(operation, status, body, Framing::Sequence))
    }
}

/// The index of the `declared` media type (or range) that the response's
/// `Content-Type` fits best: the same type, then the same `+json`/`json` family,
/// then `type/*`, then `*/*`; the earliest on a tie. Without a `Content-Type`, or
/// when none fits, 0: the operation's preferred representation.
pub(crate) fn best_media(headers: &HeaderMap, declared: &[&str]) -> usize {
    let Some(actual) = headers.get(CONTENT_TYPE).and_then(|value| value.to_str().ok()) else {
        return 0;
    };
    let actual = essence(actual);
    let (main, _) = actual.split_once('/').unwrap_or((&actual, ""));
    let is_json = |media: &str| media.ends_with("/json") || media.ends_with("+json");
    let fit = |candidate: &str| -> u8 {
        let candidate = essence(candidate);
        if candidate == actual {
            4
        } else if is_json(&candidate) && is_json(&actual) {
            3
        } else if candidate.strip_suffix("/*") == Some(main) {
            2
        } else if candidate == "*/*" {
            1
        } else {
            0
        }
    };
    let mut best = (0, 0);
    for (index, candidate) in declared.iter().enumerate() {
        let score = fit(candidate);
        if score > best.1 {
            best = (index, score);
        }
    }
    best.0
}

/// `Text/HTML; charset=utf-8` → `text/html`.
fn essence(media: &str) -> String {
    media.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn pick(content_type: Option<&str>, declared: &[&str]) -> usize {
        let mut headers = HeaderMap::new();
        if let Some(value) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_str(value).unwrap());
        }
        best_media(&headers, declared)
    }

    #[test]
    fn media_is_chosen_by_content_type() {
        let declared = ["application/json", "text/event-stream", "text/*", "*/*"];
        assert_eq!(pick(Some("text/event-stream; charset=utf-8"), &declared), 1);
        assert_eq!(pick(Some("Application/JSON"), &declared), 0);
        assert_eq!(pick(Some("application/problem+json"), &declared), 0);
        assert_eq!(pick(Some("text/csv"), &declared), 2);
        assert_eq!(pick(Some("image/png"), &declared), 3);
        assert_eq!(pick(None, &declared), 0);
        assert_eq!(pick(Some("image/png"), &["application/json", "text/plain"]), 0);
        assert_eq!(pick(Some("application/vnd.a+json"), &["text/plain", "application/vnd.b+json", "application/vnd.a+json"]), 2);
    }
}
