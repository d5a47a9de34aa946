// Copied by the generator from templates/runtime/request.rs: edit the template, not this file.

//! Operations and the request builder that generated code fills in.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::client::Client;
use super::error::Error;
use super::options::RequestOptions;

/// One operation of the API description; the generator emits one `static` per operation.
#[derive(Debug)]
pub struct Operation {
    /// The operationId, e.g. `"listListings"`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// Path template relative to the base URL, e.g. `"/listings/{id}"`.
    pub path: &'static str,
    /// Accepted credentials: alternatives (any one) of scheme-name sets (all of them).
    /// Empty means the operation takes no credential.
    pub security: &'static [&'static [&'static str]],
}

/// HTTP methods an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs, reason = "the variants are the HTTP methods of the same name")]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// `QUERY`: safe and idempotent, with a body (OpenAPI 3.2).
    Query,
    /// A method the API defines beyond these (OpenAPI 3.2 `additionalOperations`),
    /// as sent; the generator emits only valid method tokens.
    Other(&'static str),
}

impl Method {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Put => "PUT",
            Self::Post => "POST",
            Self::Delete => "DELETE",
            Self::Options => "OPTIONS",
            Self::Head => "HEAD",
            Self::Patch => "PATCH",
            Self::Trace => "TRACE",
            Self::Query => "QUERY",
            Self::Other(name) => name,
        }
    }

    /// Whether repeating the request has the same effect as sending it once
    /// (RFC 9110 §9.2.2); a method this client does not know is assumed not to.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Self::Post | Self::Patch | Self::Other(_))
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Self::Get => reqwest::Method::GET,
            Self::Put => reqwest::Method::PUT,
            Self::Post => reqwest::Method::POST,
            Self::Delete => reqwest::Method::DELETE,
            Self::Options => reqwest::Method::OPTIONS,
            Self::Head => reqwest::Method::HEAD,
            Self::Patch => reqwest::Method::PATCH,
            Self::Trace => reqwest::Method::TRACE,
            // A token always makes a method: these cannot fail.
            Self::Query => reqwest::Method::from_bytes(b"QUERY").expect("QUERY is a method token"),
            Self::Other(name) => {
                reqwest::Method::from_bytes(name.as_bytes()).expect("the generator emits only method tokens")
            }
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A `multipart/form-data` body. Kept as plain data (not a reqwest form) so that
/// every retry can rebuild it.
#[derive(Debug, Clone, Default)]
pub struct MultipartForm {
    parts: Vec<(String, Part)>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    File { file_name: String, content_type: Option<String>, data: Vec<u8> },
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.parts.push((name.into(), Part::Text(value.to_string())));
        self
    }

    /// Adds a file field; the file name sent is the field name.
    pub fn file(self, name: impl Into<String>, data: Vec<u8>) -> Self {
        let name = name.into();
        self.named_file(name.clone(), name, None, data)
    }

    /// Adds a file field with an explicit file name and, optionally, content type.
    pub fn named_file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: Option<&str>,
        data: Vec<u8>,
    ) -> Self {
        let part = Part::File {
            file_name: file_name.into(),
            content_type: content_type.map(str::to_owned),
            data,
        };
        self.parts.push((name.into(), part));
        self
    }

    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Form, reqwest::Error> {
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                Part::Text(text) => reqwest::multipart::Part::text(text.clone()),
                Part::File { file_name, content_type, data } => {
                    let file = reqwest::multipart::Part::bytes(data.clone()).file_name(file_name.clone());
                    match content_type {
                        Some(mime) => file.mime_str(mime)?,
                        None => file,
                    }
                }
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

/// A request body, kept in a form that can be sent again on retry.
#[derive(Debug, Clone, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    Raw { content_type: &'static str, data: Vec<u8> },
    Form(Vec<(String, String)>),
    Multipart(MultipartForm),
}

/// Whether a request takes part in session handling (the internal refresh call must not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SessionMode {
    Normal,
    Refreshing,
}

/// Builds one call of an [`Operation`]; generated builders feed it their fields.
/// Invalid input is remembered and reported by `send`, so the setters stay chainable.
#[derive(Debug)]
#[must_use]
pub(crate) struct RequestBuilder {
    pub(crate) client: Client,
    pub(crate) op: &'static Operation,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) options: RequestOptions,
    pub(crate) session_mode: SessionMode,
    pub(crate) error: Option<Error>,
}

/// Characters left as they are in a path segment: RFC 3986 "unreserved".
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

impl RequestBuilder {
    pub(crate) fn new(client: Client, op: &'static Operation) -> Self {
        Self {
            client,
            op,
            path: op.path.to_owned(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            body: Body::Empty,
            options: RequestOptions::default(),
            session_mode: SessionMode::Normal,
            error: None,
        }
    }

    /// Per-request timeout and retry overrides.
    pub(crate) fn options(mut self, options: RequestOptions) -> Self {
        self.options = options;
        self
    }

    pub(crate) fn session_mode(mut self, mode: SessionMode) -> Self {
        self.session_mode = mode;
        self
    }

    fn fail(&mut self, reason: String) {
        if self.error.is_none() {
            self.error = Some(Error::InvalidRequest { operation: self.op.id, reason });
        }
    }
}

/// Parameter setters: each API uses the parameter kinds its description declares.
#[allow(dead_code, reason = "generated code uses the parameter kinds its API declares")]
impl RequestBuilder {
    /// Substitutes `{name}` in the path template with the percent-encoded value.
    pub(crate) fn path_param(mut self, name: &str, value: &impl fmt::Display) -> Self {
        let encoded = utf8_percent_encode(&value.to_string(), SEGMENT).to_string();
        self.path = self.path.replace(&format!("{{{name}}}"), &encoded);
        self
    }

    /// Adds a query parameter (`None` = omitted). Arrays repeat the key and objects
    /// spread their properties (OpenAPI's default `form` style with `explode`).
    pub(crate) fn query<T: Serialize + ?Sized>(mut self, name: &str, value: Option<&T>) -> Self {
        let Some(value) = value else { return self };
        match serde_json::to_value(value) {
            Ok(value) => self.query.extend(pairs(name, &value)),
            Err(error) => self.fail(format!("query parameter `{name}`: {error}")),
        }
        self
    }

    /// Sets a header (`None` = omitted).
    pub(crate) fn header<T: fmt::Display + ?Sized>(mut self, name: &'static str, value: Option<&T>) -> Self {
        let Some(value) = value else { return self };
        match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value.to_string())) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            _ => self.fail(format!("header `{name}` has a value that cannot be sent")),
        }
        self
    }
}

/// Body setters: each API uses the content types its description declares.
#[allow(dead_code, reason = "generated code uses the body kinds its API declares")]
impl RequestBuilder {
    /// An `application/json` body.
    pub(crate) fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(data) => self.body = Body::Raw { content_type: "application/json", data },
            Err(error) => self.fail(format!("JSON body: {error}")),
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body from a struct or map.
    pub(crate) fn form<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_value(body) {
            Ok(Value::Object(fields)) => {
                let pairs = fields.iter().flat_map(|(name, value)| pairs(name, value)).collect();
                self.body = Body::Form(pairs);
            }
            Ok(_) => self.fail("form body must be an object".to_owned()),
            Err(error) => self.fail(format!("form body: {error}")),
        }
        self
    }

    /// A `multipart/form-data` body.
    pub(crate) fn multipart(mut self, form: MultipartForm) -> Self {
        self.body = Body::Multipart(form);
        self
    }

    /// A raw body of the given content type.
    pub(crate) fn bytes(mut self, content_type: &'static str, body: Vec<u8>) -> Self {
        self.body = Body::Raw { content_type, data: body };
        self
    }

    /// A text body of the given content type.
    pub(crate) fn text(mut self, content_type: &'static str, body: String) -> Self {
        self.body = Body::Raw { content_type, data: body.into_bytes() };
        self
    }
}

/// Flattens a serialized parameter into `name=value` pairs; `null`s are dropped.
fn pairs(name: &str, value: &Value) -> Vec<(String, String)> {
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .filter_map(scalar)
            .map(|item| (name.to_owned(), item))
            .collect(),
        Value::Object(fields) => fields
            .iter()
            .filter_map(|(field, item)| scalar(item).map(|item| (field.clone(), item)))
            .collect(),
        _ => scalar(value).map(|item| (name.to_owned(), item)).into_iter().collect(),
    }
}

/// A scalar as text; nested structures fall back to their JSON text.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        Value::Bool(_) | Value::Number(_) | Value::Array(_) | Value::Object(_) => Some(value.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrays_repeat_the_key_and_nulls_vanish() {
        let value = serde_json::json!(["a", 2, null]);
        assert_eq!(
            pairs("tag", &value),
            vec![("tag".to_owned(), "a".to_owned()), ("tag".to_owned(), "2".to_owned())]
        );
        assert!(pairs("tag", &Value::Null).is_empty());
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        let encoded = utf8_percent_encode("a b/c?d", SEGMENT).to_string();
        assert_eq!(encoded, "a%20b%2Fc%3Fd");
    }
}
