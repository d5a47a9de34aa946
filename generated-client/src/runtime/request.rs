// Copied by the generator from templates/runtime/request.rs: edit the template, not this file.

//! Operations and the request builder that generated code fills in.

use std::fmt;

use reqwest::header::{COOKIE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::client::Client;
use super::error::Error;
use super::file::File;
use super::options::RequestOptions;
use super::serialize::{self, Encoding, ParamStyle, Style};

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
    error: Option<String>,
}

#[derive(Debug, Clone)]
enum Part {
    Text { value: String, content_type: Option<String> },
    File { file: File, declared_type: Option<&'static str> },
}

/// How a multipart field is sent, from the spec's `encoding` entry for it.
#[derive(Debug, Clone, Copy, Default)]
#[allow(dead_code, reason = "generated code uses the encodings its API declares")]
pub(crate) struct PartEncoding {
    /// `style`/`explode`: the field becomes one text part per `name=value` pair.
    pub(crate) style: Option<ParamStyle>,
    /// `contentType` of the field's parts.
    pub(crate) content_type: Option<&'static str>,
}

impl MultipartForm {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.parts.push((name.into(), Part::Text { value: value.to_string(), content_type: None }));
        self
    }

    /// Adds a file field; the file name sent is the field name.
    pub fn file(self, name: impl Into<String>, data: Vec<u8>) -> Self {
        let name = name.into();
        let file = File::from_bytes(data).file_name(name.clone());
        self.file_part(name, &file, None)
    }

    /// Adds a file field with an explicit file name and, optionally, content type.
    pub fn named_file(
        self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        content_type: Option<&str>,
        data: Vec<u8>,
    ) -> Self {
        let mut file = File::from_bytes(data).file_name(file_name);
        if let Some(content_type) = content_type {
            file = file.content_type(content_type);
        }
        self.file_part(name, &file, None)
    }

    /// Adds a file part; `declared_type` is the content type the API declares for the
    /// field, used when the file sets none.
    pub(crate) fn file_part(mut self, name: impl Into<String>, file: &File, declared_type: Option<&'static str>) -> Self {
        self.parts.push((name.into(), Part::File { file: file.clone(), declared_type }));
        self
    }

    /// Adds a field that is not a file: `null` is left out, an array is one part per
    /// item (RFC 7578 §4.3), objects (and array items that are objects or arrays) are
    /// JSON parts, primitives text parts; a `style` makes it text parts by that style.
    #[allow(dead_code, reason = "generated code uses the body kinds its API declares")]
    pub(crate) fn field<T: Serialize + ?Sized>(mut self, name: &str, value: &T, encoding: PartEncoding) -> Self {
        match serde_json::to_value(value) {
            Ok(value) => self.add_field(name, &value, encoding),
            Err(error) => {
                self.error.get_or_insert(format!("multipart field `{name}`: {error}"));
            }
        }
        self
    }

    #[allow(dead_code, reason = "generated code uses the body kinds its API declares")]
    fn add_field(&mut self, name: &str, value: &Value, encoding: PartEncoding) {
        if let Some(style) = encoding.style {
            for (name, value) in serialize::pairs(name, value, style, serialize::Escape::Raw) {
                self.parts.push((name, Part::Text { value, content_type: None }));
            }
            return;
        }
        let items = match value {
            Value::Array(items) => items.as_slice(),
            other => std::slice::from_ref(other),
        };
        let declared = encoding.content_type;
        let declared_json = declared.filter(|declared| is_json(declared));
        for item in items {
            let (value, content_type) = match item {
                Value::Null => continue,
                Value::Object(_) | Value::Array(_) => (item.to_string(), Some(declared_json.unwrap_or("application/json"))),
                Value::String(text) if declared_json.is_none() => (text.clone(), declared),
                other if declared_json.is_some() => (other.to_string(), declared_json),
                other => (other.to_string(), declared),
            };
            // `text/plain` is a part's default type (RFC 7578 §4.4): no header for it.
            let content_type = content_type.filter(|ct| !ct.eq_ignore_ascii_case("text/plain")).map(str::to_owned);
            self.parts.push((name.to_owned(), Part::Text { value, content_type }));
        }
    }

    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Form, String> {
        if let Some(error) = &self.error {
            return Err(error.clone());
        }
        let mut form = reqwest::multipart::Form::new();
        for (name, part) in &self.parts {
            let part = match part {
                Part::Text { value, content_type: None } => reqwest::multipart::Part::text(value.clone()),
                Part::Text { value, content_type: Some(content_type) } => reqwest::multipart::Part::text(value.clone())
                    .mime_str(content_type)
                    .map_err(|_| format!("`{content_type}` is not a valid content type"))?,
                Part::File { file, declared_type } => file.to_part(name, *declared_type)?,
            };
            form = form.part(name.clone(), part);
        }
        Ok(form)
    }
}

/// `application/json`, `*+json`.
#[allow(dead_code, reason = "generated code uses the body kinds its API declares")]
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json") || essence.to_ascii_lowercase().ends_with("+json")
}

/// A request body, kept in a form that can be sent again on retry.
#[derive(Debug, Clone, Default)]
pub(crate) enum Body {
    #[default]
    Empty,
    Raw { content_type: &'static str, data: Vec<u8> },
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
    /// Query pairs, percent-encoded already.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Body,
    pub(crate) options: RequestOptions,
    pub(crate) session_mode: SessionMode,
    pub(crate) error: Option<Error>,
}

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

/// Where a parameter goes (its `in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "generated code uses the locations its API declares")]
pub(crate) enum In {
    Path,
    Query,
    Header,
    Cookie,
}

impl In {
    fn as_str(self) -> &'static str {
        match self {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
            In::Cookie => "cookie",
        }
    }
}

/// Parameter setters: each API uses the parameter kinds its description declares.
/// How a value becomes text is in [`serialize`].
#[allow(dead_code, reason = "generated code uses the parameter kinds its API declares")]
impl RequestBuilder {
    /// A path parameter with the default style (`simple`, not exploded).
    pub(crate) fn path_param<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        self.param(In::Path, name, Some(value), Style::Simple.explode(false))
    }

    /// A query parameter with the default style (`form`, exploded: arrays repeat the key,
    /// objects send their properties); `None` is left out.
    pub(crate) fn query<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        self.param(In::Query, name, value, Style::Form.explode(true))
    }

    /// A header parameter with the default style (`simple`, not exploded); `None` is left out.
    pub(crate) fn header<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        self.param(In::Header, name, value, Style::Simple.explode(false))
    }

    /// A cookie parameter with the default style (`form`, exploded); `None` is left out.
    pub(crate) fn cookie<T: Serialize + ?Sized>(self, name: &str, value: Option<&T>) -> Self {
        self.param(In::Cookie, name, value, Style::Form.explode(true))
    }

    /// A parameter in `location`, serialized as `encoding` says; `None` is left out.
    pub(crate) fn param<T: Serialize + ?Sized>(
        mut self,
        location: In,
        name: &str,
        value: Option<&T>,
        encoding: impl Into<Encoding>,
    ) -> Self {
        let Some(value) = value else { return self };
        match serde_json::to_value(value) {
            Ok(value) => self.add_param(location, name, &value, encoding.into()),
            Err(error) => self.fail(format!("{} parameter `{name}`: {error}", location.as_str())),
        }
        self
    }

    fn add_param(&mut self, location: In, name: &str, value: &Value, encoding: Encoding) {
        match (location, encoding) {
            (In::Path, encoding) => {
                let expanded = match encoding {
                    Encoding::Style(style) => serialize::path(name, value, style.style, style.explode),
                    content => serialize::encode(&serialize::content(value, content).unwrap_or_default()),
                };
                let path = self.path.replace(&format!("{{{name}}}"), &expanded);
                // `.` and `..` are unreserved, but as a whole segment a URL resolves them
                // (RFC 3986 §5.2.4): `/files/..` would reach another resource.
                let dot_segment = |path: &str| path.split('/').any(|segment| segment == "." || segment == "..");
                if dot_segment(&path) && !dot_segment(&self.path) {
                    self.fail(format!("path parameter `{name}` makes a `.` or `..` path segment, which cannot be sent"));
                }
                self.path = path;
            }
            (In::Query, Encoding::Style(style)) => {
                self.query.extend(serialize::pairs(name, value, style, serialize::Escape::Query));
            }
            (In::Query, content) => {
                if let Some(text) = serialize::content(value, content) {
                    self.query.push((serialize::encode(name), serialize::encode(&text)));
                }
            }
            (In::Header, encoding) => {
                let text = match encoding {
                    Encoding::Style(style) => serialize::header(value, style.explode),
                    content => serialize::content(value, content),
                };
                let Some(text) = text else { return };
                match (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&text)) {
                    (Ok(name), Ok(value)) => {
                        self.headers.insert(name, value);
                    }
                    _ => self.fail(format!("header `{name}` has a value that cannot be sent")),
                }
            }
            (In::Cookie, encoding) => {
                let entries = match encoding {
                    Encoding::Style(style) => serialize::cookie(name, value, style.explode),
                    content => serialize::content(value, content)
                        .map(|text| format!("{}={}", serialize::encode(name), serialize::encode(&text)))
                        .into_iter()
                        .collect(),
                };
                self.add_cookies(&entries);
            }
        }
    }

    /// Appends `name=value` entries to the one `Cookie` header (RFC 6265 §5.4).
    fn add_cookies(&mut self, entries: &[String]) {
        if entries.is_empty() {
            return;
        }
        let mut cookie = match self.headers.get(COOKIE).and_then(|value| value.to_str().ok()) {
            Some(existing) => format!("{existing}; "),
            None => String::new(),
        };
        cookie.push_str(&entries.join("; "));
        match HeaderValue::from_str(&cookie) {
            Ok(value) => {
                self.headers.insert(COOKIE, value);
            }
            Err(_) => self.fail("a cookie has a value that cannot be sent".to_owned()),
        }
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

    /// A JSON body with another JSON media type (`application/merge-patch+json`).
    pub(crate) fn json_as<T: Serialize + ?Sized>(mut self, content_type: &'static str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(data) => self.body = Body::Raw { content_type, data },
            Err(error) => self.fail(format!("JSON body: {error}")),
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body from a struct or map, each property
    /// by the Encoding Object's defaults.
    pub(crate) fn form<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.form_with(body, &[])
    }

    /// A form body whose properties named in `encodings` are serialized as their
    /// `encoding` entries say.
    pub(crate) fn form_with<T: Serialize + ?Sized>(mut self, body: &T, encodings: &[(&str, Encoding)]) -> Self {
        match serde_json::to_value(body) {
            Ok(Value::Object(fields)) => {
                let data = serialize::form_body(&fields, encodings).into_bytes();
                self.body = Body::Raw { content_type: "application/x-www-form-urlencoded", data };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(serialize::encode("a b/c?d"), "a%20b%2Fc%3Fd");
    }
}
