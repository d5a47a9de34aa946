// Copied by the generator from templates/runtime/redact.rs: edit the template, not this file.

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
        if url.password().is_some() {
            let _ = url.set_password(None);
        }
    }
    error
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

    #[tokio::test]
    async fn transport_errors_do_not_print_query_credentials() {
        // Nothing listens on port 9 of 127.0.0.1 (discard), so the connection is refused.
        let error = reqwest::Client::new()
            .get("http://user:pa55word@127.0.0.1:9/things?api_key=s3cr3t-key&page=2")
            .send()
            .await
            .expect_err("nothing listens there");
        let scrubbed = scrub_url(error);
        let shown = format!("{scrubbed} {scrubbed:?}");
        assert!(!shown.contains("s3cr3t-key") && !shown.contains("pa55word"), "{shown}");
        assert!(shown.contains("127.0.0.1:9/things"), "the rest of the URL stays: {shown}");
    }
}
