//! Successful responses: the raw 2xx and the typed wrapper users see.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::error::{Error, excerpt};
use super::redact::mark_sensitive_headers;

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

#[allow(dead_code, reason = "`status` and `unexpected_status` serve operations with several documented 2xx bodies")]
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
