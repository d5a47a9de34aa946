//! Typed test doubles (cargo feature `mock`): a local wiremock server that answers
//! each operation the way the API does, envelope and error body included.
//!
//! `crate::mock` (generated) names one marker type per operation and the typed
//! matchers; everything else is here.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde_json::{Map, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Match, Mock, MockBuilder, MockServer, Request, ResponseTemplate};

use super::serialize::{self, Style};
use crate::conventions::{ERROR_FIELDS, ErrorCode};

/// How an operation's success body is laid out on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuccessBody {
    /// JSON inside the API's success envelope (`generator.toml` `[envelope]`).
    Envelope,
    /// JSON as it is.
    Json,
    /// Text with this content type.
    Text(&'static str),
    /// Bytes with this content type.
    Bytes(&'static str),
    /// No body.
    Empty,
}

/// The facts about one operation a double needs. Implemented by the marker types in
/// `crate::mock`; you never implement it.
pub trait MockOperation {
    /// What `returns` takes: the type `send()` returns.
    type Output;
    /// The HTTP method.
    const METHOD: &'static str;
    /// The documented success status.
    const STATUS: u16;
    /// How the success body is sent.
    const BODY: SuccessBody;
}

/// The success envelope's field names, from `generator.toml`.
#[derive(Debug, Clone, Copy)]
pub struct EnvelopeFields {
    /// The field that holds the result.
    pub data: &'static str,
    /// The server-time field, if any.
    pub timestamp: Option<&'static str>,
    /// The message field, if any.
    pub message: Option<&'static str>,
}

/// The timestamp the doubles put in every envelope.
const MOCK_TIMESTAMP: &str = "2025-01-01T00:00:00.000Z";

/// One stubbed answer of one operation: add matchers, call counts and limits, then
/// mount it with [`returns`](Self::returns), [`fails`](Self::fails) or another answer.
///
/// Stubs are tried in the order they were mounted; one limited with
/// [`times`](Self::times) steps aside once used up, which is how sequences
/// (a `429`, then success) are written. Counts set with [`expect`](Self::expect)
/// are checked when the [`MockApi`](crate::mock::MockApi) is dropped or verified.
#[must_use = "a stub does nothing until it is mounted with `returns`, `fails`, …"]
pub struct Stub<O> {
    server: Arc<MockServer>,
    /// Method, path and the typed matchers.
    matchers: Vec<Arc<dyn Match>>,
    expect: Option<u64>,
    times: Option<u64>,
    headers: Vec<(String, String)>,
    operation: PhantomData<fn() -> O>,
}

impl<O> fmt::Debug for Stub<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub").field("expect", &self.expect).field("times", &self.times).finish_non_exhaustive()
    }
}

impl<O: MockOperation> Stub<O> {
    /// A stub of the operation at `path` (already filled in with [`fill_path`]).
    pub(crate) fn new(server: &Arc<MockServer>, filled_path: String) -> Self {
        Self {
            server: server.clone(),
            matchers: vec![Arc::new(method(O::METHOD)), Arc::new(path(filled_path))],
            expect: None,
            times: None,
            headers: Vec::new(),
            operation: PhantomData,
        }
    }

    /// Fails verification unless exactly `calls` requests match this stub.
    pub fn expect(mut self, calls: u64) -> Self {
        self.expect = Some(calls);
        self
    }

    /// Answers at most `calls` requests, then lets later stubs answer.
    pub fn times(mut self, calls: u64) -> Self {
        self.times = Some(calls);
        self
    }

    /// Answers one request, then lets later stubs answer.
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// Matches only requests carrying this header value (a credential, for instance).
    pub fn matching_header(mut self, name: &str, value: &str) -> Self {
        self.matchers.push(Arc::new(header(name, value)));
        self
    }

    /// Matches only requests that `matcher` accepts (any wiremock matcher or closure).
    pub fn matching(mut self, matcher: impl Match + 'static) -> Self {
        self.matchers.push(Arc::new(matcher));
        self
    }

    /// Adds a header to the answer.
    pub fn answer_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Answers with the operation's success status and no body.
    pub async fn succeeds(self)
    where
        O: MockOperation<Output = ()>,
    {
        self.respond(ResponseTemplate::new(O::STATUS)).await;
    }

    /// Answers with the operation's success status and `value`, in the API's envelope
    /// where the API wraps it.
    pub async fn returns(self, value: O::Output)
    where
        O::Output: Serialize,
    {
        let template = success(O::STATUS, O::BODY, &value);
        self.respond(template).await;
    }

    /// Answers with the API's error body for `status` and `code` (the message and ids
    /// are placeholders).
    pub async fn fails(self, status: u16, code: impl Into<ErrorCode>) {
        self.fails_with_message(status, code, &format!("{status} from the test double")).await;
    }

    /// [`fails`](Self::fails) with this message.
    pub async fn fails_with_message(self, status: u16, code: impl Into<ErrorCode>, message: &str) {
        let code = serde_json::to_value(code.into()).unwrap_or(Value::Null);
        self.respond(ResponseTemplate::new(status).set_body_json(error_body(Some(code), message))).await;
    }

    /// Answers `429 Too Many Requests` with `Retry-After` (whole seconds) and the API's
    /// error body; combine with [`times`](Self::times) before a stub that succeeds.
    pub async fn rate_limited(self, retry_after: Duration) {
        let template = ResponseTemplate::new(429)
            .insert_header("retry-after", retry_after.as_secs().to_string().as_str())
            .set_body_json(error_body(None, "rate limited by the test double"));
        self.respond(template).await;
    }

    /// Answers with the raw `template`: any status, header, body or delay.
    pub async fn responds_with(self, template: ResponseTemplate) {
        self.respond(template).await;
    }

    /// Answers the pages of a paged operation in turn: page `n` (1-based) answers a
    /// request whose `page_param` is `n`, and the first page also one without it.
    #[allow(dead_code, reason = "called by the typed matchers of the operations that have them")]
    pub(crate) async fn pages<T: Serialize>(self, page_param: &'static str, pages: Vec<T>) {
        for (index, page) in pages.iter().enumerate() {
            let stub = Stub::<O> { matchers: self.matchers.clone(), headers: self.headers.clone(), ..self.limits() };
            let stub = stub.matching(PageIs { param: page_param, number: index + 1 });
            stub.respond(success(O::STATUS, O::BODY, page)).await;
        }
    }

    /// A stub with this one's limits and nothing else.
    fn limits(&self) -> Self {
        Self {
            server: self.server.clone(),
            matchers: Vec::new(),
            expect: self.expect,
            times: self.times,
            headers: Vec::new(),
            operation: PhantomData,
        }
    }

    /// Adds a typed query matcher: the value as the client sends it.
    #[allow(dead_code, reason = "called by the typed matchers of the operations that have them")]
    pub(crate) fn query<T: Serialize>(mut self, name: &str, value: &T) -> Self {
        self.matchers.push(Arc::new(query_param(name, text(value))));
        self
    }

    /// Adds a typed header matcher.
    #[allow(dead_code, reason = "called by the typed matchers of the operations that have them")]
    pub(crate) fn header<T: Serialize>(self, name: &str, value: &T) -> Self {
        self.matching_header(name, &text(value))
    }

    /// Adds a JSON body matcher: the body as the client serializes it.
    #[allow(dead_code, reason = "called by the typed matchers of the operations that have them")]
    pub(crate) fn json_body<T: Serialize>(mut self, body: &T) -> Self {
        self.matchers.push(Arc::new(body_json(json(body))));
        self
    }

    async fn respond(self, mut template: ResponseTemplate) {
        for (name, value) in &self.headers {
            template = template.insert_header(name.as_str(), value.as_str());
        }
        let mut builder: Option<MockBuilder> = None;
        for matcher in self.matchers {
            builder = Some(match builder {
                None => Mock::given(Shared(matcher)),
                Some(builder) => builder.and(Shared(matcher)),
            });
        }
        let Some(builder) = builder else { return };
        let mut mock = builder.respond_with(template);
        if let Some(calls) = self.expect {
            mock = mock.expect(calls);
        }
        if let Some(calls) = self.times {
            mock = mock.up_to_n_times(calls);
        }
        self.server.register(mock).await;
    }
}

/// A matcher shared by the stubs of several pages.
struct Shared(Arc<dyn Match>);

impl Match for Shared {
    fn matches(&self, request: &Request) -> bool {
        self.0.matches(request)
    }
}

/// The `page` query parameter is `number`, or absent for the first page.
struct PageIs {
    param: &'static str,
    number: usize,
}

impl Match for PageIs {
    fn matches(&self, request: &Request) -> bool {
        let page = request.url.query_pairs().find(|(name, _)| name == self.param).map(|(_, value)| value.into_owned());
        match page {
            Some(value) => value == self.number.to_string(),
            None => self.number == 1,
        }
    }
}

/// The path template with each `{name}` replaced by the value as the client encodes it
/// (`simple` style, the default for path parameters).
pub(crate) fn fill_path(template: &str, params: &[(&str, Value)]) -> String {
    let mut filled = template.to_owned();
    for (name, value) in params {
        filled = filled.replace(&format!("{{{name}}}"), &serialize::path(name, value, Style::Simple, false));
    }
    filled
}

/// A value as JSON, for [`fill_path`].
pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A primitive value as the client writes it in a query or header.
fn text<T: Serialize>(value: &T) -> String {
    match json(value) {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

fn success<T: Serialize>(status: u16, body: SuccessBody, value: &T) -> ResponseTemplate {
    let template = ResponseTemplate::new(status);
    let json = || serde_json::to_value(value).unwrap_or(Value::Null);
    match body {
        SuccessBody::Envelope => template.set_body_json(envelope(json())),
        SuccessBody::Json => template.set_body_json(json()),
        SuccessBody::Text(content_type) => {
            let text = match json() {
                Value::String(text) => text,
                other => other.to_string(),
            };
            template.set_body_raw(text, content_type)
        }
        SuccessBody::Bytes(content_type) => {
            let bytes: Vec<u8> = serde_json::from_value(json()).unwrap_or_default();
            template.set_body_raw(bytes, content_type)
        }
        SuccessBody::Empty => template,
    }
}

/// `data` in the API's success envelope, with a fixed timestamp and message.
fn envelope(data: Value) -> Value {
    let fields = crate::mock::ENVELOPE;
    let mut body = Map::new();
    body.insert(fields.data.to_owned(), data);
    if let Some(timestamp) = fields.timestamp {
        body.insert(timestamp.to_owned(), Value::from(MOCK_TIMESTAMP));
    }
    if let Some(message) = fields.message {
        body.insert(message.to_owned(), Value::from("ok"));
    }
    Value::Object(body)
}

/// The API's error body, its fields placed where `generator.toml` `[errors]` points.
fn error_body(code: Option<Value>, message: &str) -> Value {
    let mut body = Value::Object(Map::new());
    let fields = &ERROR_FIELDS;
    let values = [
        (fields.code, code),
        (fields.message, Some(Value::from(message))),
        (fields.error_id, Some(Value::from("mock-error-id"))),
        (fields.correlation_id, Some(Value::from("mock-correlation-id"))),
    ];
    for (pointer, value) in values {
        if let (Some(pointer), Some(value)) = (pointer, value) {
            place(&mut body, pointer, value);
        }
    }
    body
}

/// Sets the value at a JSON pointer, creating the objects on the way.
fn place(body: &mut Value, pointer: &str, value: Value) {
    let mut at = body;
    let tokens: Vec<String> =
        pointer.split('/').skip(1).map(|token| token.replace("~1", "/").replace("~0", "~")).collect();
    let Some((last, parents)) = tokens.split_last() else {
        *at = value;
        return;
    };
    for token in parents {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else { return };
        at = map.entry(token.clone()).or_insert_with(|| Value::Object(Map::new()));
    }
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    if let Value::Object(map) = at {
        map.insert(last.clone(), value);
    }
}
