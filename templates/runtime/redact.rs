//! Keeping secrets out of logs: the `Debug` of sensitive model fields, bodies quoted
//! by errors, and credential headers of responses.
//!
//! Which fields are sensitive is decided when the crate is generated; error bodies
//! are raw text, so they are redacted by the JSON names of those fields
//! ([`SENSITIVE_PROPERTIES`]).

use std::borrow::Cow;
use std::fmt;

use reqwest::header::{AUTHORIZATION, COOKIE, HeaderMap, PROXY_AUTHORIZATION, SET_COOKIE};

use super::auth::{SchemeKind, redact};
use crate::conventions::{SECURITY_SCHEMES, SENSITIVE_PROPERTIES};

const REDACTED: &str = "[redacted]";

/// A sensitive string field in a generated `Debug`: no more than the first 8 and
/// last 4 characters of a long value, nothing of a short one.
#[allow(dead_code, reason = "used by the models of APIs with sensitive string fields")]
pub(crate) struct Redacted<'a, T: ?Sized>(pub(crate) &'a T);

/// A field of which a generated `Debug` shows nothing (passwords, non-strings).
#[allow(dead_code, reason = "used by the models of APIs with passwords")]
pub(crate) struct Hidden;

/// Values that [`Redacted`] can show the shape of: strings, optional or boxed.
#[allow(dead_code, reason = "used by the models of APIs with sensitive string fields")]
pub(crate) trait SecretText {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl SecretText for String {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(self))
    }
}

impl<T: SecretText> SecretText for Option<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(value) => f.debug_tuple("Some").field(&Redacted(value)).finish(),
            None => f.write_str("None"),
        }
    }
}

impl<T: SecretText + ?Sized> SecretText for Box<T> {
    fn fmt_redacted(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt_redacted(f)
    }
}

impl<T: SecretText + ?Sized> fmt::Debug for Redacted<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_redacted(f)
    }
}

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// The JSON of an unknown union variant in a generated `Debug`, with the values of
/// the API's sensitive properties replaced at any depth.
#[allow(dead_code, reason = "used by the tagged unions of APIs with sensitive fields")]
pub(crate) struct RedactedJson<'a>(pub(crate) &'a serde_json::Value);

impl fmt::Debug for RedactedJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&without_secrets(self.0, SENSITIVE_PROPERTIES), f)
    }
}

#[allow(dead_code, reason = "used by the tagged unions of APIs with sensitive fields")]
fn without_secrets(value: &serde_json::Value, names: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(members) => members
            .iter()
            .map(|(name, value)| {
                let value = if names.contains(&name.as_str()) {
                    Value::String(REDACTED.to_owned())
                } else {
                    without_secrets(value, names)
                };
                (name.clone(), value)
            })
            .collect(),
        Value::Array(items) => items.iter().map(|item| without_secrets(item, names)).collect(),
        other => other.clone(),
    }
}

/// `body` with the value of every sensitive property replaced by `"[redacted]"`:
/// JSON members (`"password": …`, also in a body cut short) and form pairs
/// (`access_token=…`). Everything else is kept as it was, formatting included.
pub(crate) fn redact_body(body: &str) -> Cow<'_, str> {
    redact_members(body, SENSITIVE_PROPERTIES)
}

fn redact_members<'a>(body: &'a str, names: &[&str]) -> Cow<'a, str> {
    // (start, end, is JSON) of each value to replace.
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    for name in names {
        let quoted = format!("\"{name}\"");
        let mut from = 0;
        while let Some(found) = body[from..].find(&quoted) {
            let after = from + found + quoted.len();
            from = after;
            let rest = body[after..].trim_start();
            let Some(value) = rest.strip_prefix(':') else {
                continue;
            };
            let start = body.len() - value.trim_start().len();
            spans.push((start, json_value_end(body, start), true));
        }
        let pair = format!("{name}=");
        let mut from = 0;
        while let Some(found) = body[from..].find(&pair) {
            let at = from + found;
            from = at + pair.len();
            if at == 0 || body[..at].ends_with('&') {
                let end = body[from..].find('&').map_or(body.len(), |end| from + end);
                spans.push((from, end, false));
            }
        }
    }
    if spans.is_empty() {
        return Cow::Borrowed(body);
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    for (start, end, json) in spans {
        // A sensitive member inside a value already replaced.
        if start < copied {
            continue;
        }
        out.push_str(&body[copied..start]);
        out.push_str(if json { "\"[redacted]\"" } else { REDACTED });
        copied = end;
    }
    out.push_str(&body[copied..]);
    Cow::Owned(out)
}

/// Where the JSON value starting at `start` ends (exclusive); the end of `text` if cut short.
fn json_value_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for (index, &byte) in bytes.iter().enumerate().skip(start) {
        if in_string {
            if escaped {
                escaped = false;
            } else if byte == b'\\' {
                escaped = true;
            } else if byte == b'"' {
                in_string = false;
                if depth == 0 {
                    return index + 1;
                }
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' if depth == 0 => return index,
            b'}' | b']' => {
                depth -= 1;
                if depth == 0 {
                    return index + 1;
                }
            }
            b',' if depth == 0 => return index,
            _ => {}
        }
    }
    bytes.len()
}

/// The HTTP client's error without the parts of its URL that can carry a
/// credential (an API key in the query, a password in the authority), since
/// `Display` and `Debug` of the error print the URL.
pub(crate) fn scrub_url(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        if url.query().is_some() {
            url.set_query(Some("[redacted]"));
        }
        // A user name alone can be a token (`https://TOKEN@host`).
        if url.password().is_some() || !url.username().is_empty() {
            let _ = url.set_password(None);
            let _ = url.set_username("");
        }
    }
    error
}

/// A URL as an error shows it: its query and user information replaced, since
/// either can carry a credential (an API key in the query, `user:password@`).
pub(crate) fn scrub_location(url: &str) -> String {
    let authority_start = url.find("://").map_or(0, |index| index + 3);
    let path_start = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |index| authority_start + index);
    let mut scrubbed = String::with_capacity(url.len());
    match url[authority_start..path_start].rsplit_once('@') {
        // A user name alone can be a token (`https://TOKEN@host`).
        Some((_, host)) => {
            scrubbed.push_str(&url[..authority_start]);
            scrubbed.push_str(REDACTED);
            scrubbed.push('@');
            scrubbed.push_str(host);
        }
        None => scrubbed.push_str(&url[..path_start]),
    }
    let rest = &url[path_start..];
    match rest.split_once('?') {
        Some((path, query)) => {
            scrubbed.push_str(path);
            scrubbed.push('?');
            scrubbed.push_str(REDACTED);
            if let Some((_, fragment)) = query.split_once('#') {
                scrubbed.push('#');
                scrubbed.push_str(fragment);
            }
        }
        None => scrubbed.push_str(rest),
    }
    scrubbed
}

/// Free text (a middleware's error message) with every `http(s)://` URL in it
/// passed through [`scrub_location`], and every query outside such a URL
/// (`/v1/things?api_key=…`, `host:8080/x?token=…`) and every `<query key
/// name>=value` of this API's schemes replaced: the text is not ours, but a URL
/// or a query is how a credential usually gets into a message.
pub(crate) fn scrub_urls_in(text: &str) -> String {
    let query_keys: Vec<&str> = SECURITY_SCHEMES
        .iter()
        .filter_map(|(_, kind)| match kind {
            SchemeKind::ApiKeyQuery(name) => Some(*name),
            _ => None,
        })
        .collect();
    let mut scrubbed = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = ["http://", "https://"].iter().filter_map(|scheme| rest.find(scheme)).min() {
        let (before, from_url) = rest.split_at(start);
        let end = url_end(from_url);
        scrubbed.push_str(&scrub_bare_queries(before, &query_keys));
        scrubbed.push_str(&scrub_location(&from_url[..end]));
        rest = &from_url[end..];
    }
    scrubbed.push_str(&scrub_bare_queries(rest, &query_keys));
    scrubbed
}

/// Where a URL (or query) written in prose ends.
fn url_end(text: &str) -> usize {
    text.find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | ')' | ']' | '}'))
        .unwrap_or(text.len())
}

/// Text without a scheme: a `?` that starts `key=` begins a query, replaced up to
/// where the URL ends; so is the value of a query API key named bare (`api_key=…`).
fn scrub_bare_queries(text: &str, query_keys: &[&str]) -> String {
    let starts_pair = |after: &str| {
        let key_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']' | '%')))
            .unwrap_or(after.len());
        key_len > 0 && after[key_len..].starts_with('=')
    };
    let mut scrubbed = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let query = rest.find('?').filter(|&at| starts_pair(&rest[at + 1..]));
        let key = query_keys
            .iter()
            .filter_map(|name| {
                rest.match_indices(&format!("{name}=")).map(|(at, _)| at).find(|&at| {
                    at == 0 || !rest[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                })
                .map(|at| at + name.len() + 1)
            })
            .min();
        // The earlier of the two: a whole query, or one key's value.
        let value_start = match (query, key) {
            (Some(query), Some(key)) if key <= query => key,
            (Some(query), _) => query + 1,
            (None, Some(key)) => key,
            (None, None) => break,
        };
        let end = value_start + url_end(&rest[value_start..]);
        scrubbed.push_str(&rest[..value_start]);
        scrubbed.push_str(REDACTED);
        rest = &rest[end..];
    }
    scrubbed.push_str(rest);
    scrubbed
}

/// Marks headers that carry credentials (cookies, authorization, the API's key
/// headers) so that `Debug` of a `HeaderMap` prints `Sensitive` for them.
pub(crate) fn mark_sensitive_headers(headers: &mut HeaderMap) {
    for (name, value) in headers.iter_mut() {
        let secret = [SET_COOKIE, COOKIE, AUTHORIZATION, PROXY_AUTHORIZATION].contains(name)
            || SECURITY_SCHEMES.iter().any(|(_, kind)| {
                matches!(kind, SchemeKind::ApiKeyHeader(header) if name.as_str().eq_ignore_ascii_case(header))
            });
        if secret {
            value.set_sensitive(true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redacted(body: &str) -> String {
        redact_members(body, &["password", "accessToken"]).into_owned()
    }

    #[test]
    fn string_values_of_sensitive_members_are_replaced() {
        let body = r#"{"password": "s3cr3t-\"quoted\"-value", "other": "kept", "list": ["password"]}"#;
        assert_eq!(redacted(body), r#"{"password": "[redacted]", "other": "kept", "list": ["password"]}"#);
        let nested = r#"{"data":{"user":{"id":1},"accessToken":"eyJ.s3cr3t.sig"},"passwords":"kept"}"#;
        assert_eq!(redacted(nested), r#"{"data":{"user":{"id":1},"accessToken":"[redacted]"},"passwords":"kept"}"#);
        let mention = r#"{"message": "the \"password\": field is required", "field": "password"}"#;
        assert_eq!(redacted(mention), mention);
    }

    #[test]
    fn cut_short_and_non_string_values_are_replaced() {
        assert_eq!(redacted(r#"{"a": 1, "password":"s3cr3t-to-the-end"#), r#"{"a": 1, "password":"[redacted]""#);
        assert_eq!(
            redacted(r#"{"password": {"inner": ["s3cr3t", {"b": 2}], "accessToken": "x"}, "c": 3}"#),
            r#"{"password": "[redacted]", "c": 3}"#
        );
        assert_eq!(redacted(r#"{"password":123456}"#), r#"{"password":"[redacted]"}"#);
        assert_eq!(redacted(r#"{"password" :"#), r#"{"password" :"[redacted]""#);
    }

    #[test]
    fn form_pairs_are_replaced() {
        assert_eq!(
            redacted("accessToken=s3cr3t&scope=read&xpassword=kept&password=pw"),
            "accessToken=[redacted]&scope=read&xpassword=kept&password=[redacted]"
        );
    }

    #[test]
    fn other_bodies_are_borrowed_unchanged() {
        assert!(matches!(redact_members(r#"{"message": "nothing secret"}"#, &["password"]), Cow::Borrowed(_)));
    }

    #[test]
    fn redacted_shows_shape_not_value() {
        let long = "abcdefgh-0123456789-MIDDLE-wxyz".to_owned();
        assert_eq!(format!("{:?}", Redacted(&long)), "abcdefgh…wxyz");
        assert_eq!(format!("{:?}", Redacted(&Some(Some("short".to_owned())))), "Some(Some([redacted]))");
        assert_eq!(format!("{:?}", Redacted(&None::<String>)), "None");
        assert_eq!(format!("{:?}", Hidden), "[redacted]");
    }

    #[test]
    fn json_values_lose_sensitive_members_at_any_depth() {
        let value = serde_json::json!({
            "kind": "new", "password": "s3cr3t", "list": [{"accessToken": {"a": 1}}, "password"]
        });
        assert_eq!(
            without_secrets(&value, &["password", "accessToken"]),
            serde_json::json!({
                "kind": "new", "password": "[redacted]", "list": [{"accessToken": "[redacted]"}, "password"]
            })
        );
    }

    #[test]
    fn locations_lose_query_and_user_information() {
        assert_eq!(
            scrub_location("https://user:pa55@other.example:8443/a/b?api_key=k3y&x=1#top"),
            "https://[redacted]@other.example:8443/a/b?[redacted]#top"
        );
        assert_eq!(scrub_location("https://other.example/path"), "https://other.example/path");
        assert_eq!(scrub_location("http://token@h?k=v"), "http://[redacted]@h?[redacted]");
        assert_eq!(scrub_location("/relative?k=v"), "/relative?[redacted]");
    }

    #[test]
    fn every_url_in_a_message_is_scrubbed() {
        let message = "upstream https://a.example/x?api_key=s3cr3t failed (see http://u:pw@b.example/y?t=1), retried";
        assert_eq!(
            scrub_urls_in(message),
            "upstream https://a.example/x?[redacted] failed (see http://[redacted]@b.example/y?[redacted]), retried"
        );
        assert_eq!(scrub_urls_in("no url here"), "no url here");
        assert_eq!(scrub_urls_in("what? x = 1"), "what? x = 1");
    }

    #[test]
    fn queries_without_a_scheme_are_scrubbed() {
        assert_eq!(
            scrub_urls_in("GET /v1/things?api_key=s3cr3t&page=2 failed; retry ?later"),
            "GET /v1/things?[redacted] failed; retry ?later"
        );
        assert_eq!(
            scrub_urls_in("proxy.internal:3128/x?token=abc then https://a.example/?k=v"),
            "proxy.internal:3128/x?[redacted] then https://a.example/?[redacted]"
        );
    }

    #[test]
    fn a_query_api_key_named_bare_is_scrubbed() {
        assert_eq!(
            scrub_bare_queries("rejected api_key=s3cr3t-value (and my_api_key=kept)", &["api_key"]),
            "rejected api_key=[redacted] (and my_api_key=kept)"
        );
        assert_eq!(
            scrub_bare_queries("key=k1 then /p?x=1 then key=k2", &["key"]),
            "key=[redacted] then /p?[redacted] then key=[redacted]"
        );
    }

    #[tokio::test]
    async fn transport_errors_do_not_print_query_credentials() {
        // Nothing listens on port 9 of 127.0.0.1 (discard), so the connection is refused.
        let error = reqwest::Client::new()
            .get("http://t0ken-user:pa55word@127.0.0.1:9/things?api_key=s3cr3t-key&page=2")
            .send()
            .await
            .expect_err("nothing listens there");
        let scrubbed = scrub_url(error);
        let shown = format!("{scrubbed} {scrubbed:?}");
        assert!(!["s3cr3t-key", "pa55word", "t0ken-user"].iter().any(|secret| shown.contains(secret)), "{shown}");
        assert!(shown.contains("127.0.0.1:9/things"), "the rest of the URL stays: {shown}");
    }
}
