//! Where openapi-core 0.23.1 itself reads a parameter style wrong. A mismatch
//! is put down to one of these only when the request carried exactly what the
//! OpenAPI Specification's "Style Examples" table says for the given value,
//! checked here on the raw request; anything else stays a mismatch.

use generator::model::{Serialization, Style};
use serde_json::Value;

/// The cause, when the mismatch of parameter `name` is openapi-core's fault.
pub fn explain(
    location: &str,
    name: &str,
    serialization: &Serialization,
    given: &Value,
    read: Option<&Value>,
    raw_path: &str,
) -> Option<String> {
    let Serialization::Style { style, explode, .. } = serialization else {
        return None;
    };
    let (path, query) = raw_path.split_once('?').unwrap_or((raw_path, ""));
    let pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), value.to_owned())
        })
        .collect();
    match (location, style, explode, given) {
        ("query", Style::SpaceDelimited, false, Value::Array(items)) => {
            let sent = pairs.iter().find(|(key, _)| key == name)?;
            let pieces: Vec<String> = sent.1.split("%20").map(decode).collect();
            let texts: Vec<String> = items.iter().map(text).collect::<Option<_>>()?;
            let joined = Value::from(vec![Value::from(texts.join(" "))]);
            (pieces == texts && read == Some(&joined)).then(|| {
                "openapi-core 0.23.1 splits spaceDelimited values on a literal `%20` after the \
                 query is percent-decoded (deserializing/styles/util.py, space_delimited_loads), so \
                 it reads one item; the request is right: OpenAPI 3.0.3 Style Examples, \
                 spaceDelimited, explode false, array: `blue%20black%20brown`"
                    .to_owned()
            })
        }
        ("query", Style::Form, true, Value::Object(fields)) => {
            let all_sent = fields.iter().all(|(key, value)| {
                let value = text(value);
                pairs
                    .iter()
                    .any(|(k, v)| k == key && Some(decode(v)) == value)
            });
            (all_sent && read.is_none()).then(|| {
                "openapi-core 0.23.1 looks an exploded form object up under the parameter's own \
                 name (deserializing/styles/util.py, form_loads: `location[name]`), which is never \
                 sent; the request is right: OpenAPI 3.0.3 Style Examples, form, explode true, \
                 object: `R=100&G=200&B=150`"
                    .to_owned()
            })
        }
        ("path", Style::Label | Style::Matrix, _, _) if read.is_none() => {
            let expected = path_expansion(*style, *explode, name, given)?;
            let path = decode(path);
            path.split('/').any(|segment| segment == expected).then(|| {
                format!(
                    "openapi-core 0.23.1 stores path values under the template's variable name but \
                     label_loads/matrix_loads read them under `.{name}`/`;{name}` (KeyError), so \
                     no label or matrix path parameter is ever read; the request carried `{expected}`, \
                     as OpenAPI 3.0.3 Style Examples give for {} explode {explode}",
                    style_name(*style)
                )
            })
        }
        _ => None,
    }
}

/// The cause, when the mismatch of the body is openapi-core's fault: a raw
/// media type (not JSON, a form, multipart or `text/*`) whose schema is a
/// string. openapi-core 0.23.1 has no deserializer for it, keeps the body as
/// `bytes` and validates those against `type: string`, so every such body
/// fails ("b'aGk=' is not of type 'string'"); reproduced with openapi-core
/// alone on `application/octet-stream: {schema: {type: string, format:
/// byte}}` (Xero's attachments, Spotify's image upload, GitHub's release
/// asset). OpenAPI 3.0.3, "Considerations for File Uploads": file content
/// "is described with the same semantics as any other schema type", i.e. the
/// body is the string. Put down to it only when the raw body is exactly the
/// string given and openapi-core's only complaint is that type.
pub fn explain_body(
    content_type: &str,
    raw_body: &str,
    given: &Value,
    read: Option<&Value>,
    errors: &[String],
) -> Option<String> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let raw_media_type = !(essence.is_empty()
        || essence == "application/json"
        || essence.ends_with("+json")
        || essence == "application/x-www-form-urlencoded"
        || essence.starts_with("multipart/")
        || essence.starts_with("text/"));
    // Bodies of raw media types are given as bytes (what `Vec<u8>` takes).
    let text = match given {
        Value::String(text) => text.clone(),
        Value::Array(bytes) => String::from_utf8(
            bytes
                .iter()
                .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                .collect::<Option<Vec<u8>>>()?,
        )
        .ok()?,
        _ => return None,
    };
    let refused_as_bytes = !errors.is_empty()
        && errors.iter().all(|error| {
            error.starts_with("InvalidRequestBody")
                && error.contains(&format!("b'{text}' is not of type 'string'"))
        });
    (raw_media_type
        && raw_body == text.as_str()
        && read.is_none_or(Value::is_null)
        && refused_as_bytes)
        .then(|| {
            format!(
                "openapi-core 0.23.1 keeps a `{essence}` body as bytes and validates them against \
                 the schema's `type: string` (no deserializer for the media type); the body sent \
                 is exactly the string given"
            )
        })
}

fn style_name(style: Style) -> &'static str {
    style.as_str()
}

/// RFC 6570 label (`{.x}`) and matrix (`{;x}`) expansion of primitives,
/// arrays and flat objects, as the spec's table shows them (no escaping
/// needed for the values the harness synthesizes).
fn path_expansion(style: Style, explode: bool, name: &str, given: &Value) -> Option<String> {
    let (prefix, separator) = match style {
        Style::Label => (".", if explode { "." } else { "," }),
        _ => (";", if explode { ";" } else { "," }),
    };
    let named = |value: &str| match style {
        Style::Matrix => format!("{name}={value}"),
        _ => value.to_owned(),
    };
    Some(match given {
        Value::Array(items) => {
            let texts: Vec<String> = items.iter().map(text).collect::<Option<_>>()?;
            match (style, explode) {
                (Style::Matrix, true) => {
                    let parts: Vec<String> = texts.iter().map(|t| named(t)).collect();
                    format!("{prefix}{}", parts.join(separator))
                }
                _ => format!("{prefix}{}", named(&texts.join(separator))),
            }
        }
        Value::Object(fields) => {
            let pairs: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| text(v).map(|v| (k.clone(), v)))
                .collect::<Option<_>>()?;
            if explode {
                let parts: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
                format!("{prefix}{}", parts.join(separator))
            } else {
                let flat: Vec<String> = pairs
                    .iter()
                    .flat_map(|(k, v)| [k.clone(), v.clone()])
                    .collect();
                format!("{prefix}{}", named(&flat.join(",")))
            }
        }
        scalar => format!("{prefix}{}", named(&text(scalar)?)),
    })
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Percent-decoding (`+` stays `+`: the client encodes spaces as `%20`).
pub(super) fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod body_tests {
    use super::explain_body;
    use serde_json::json;

    #[test]
    fn a_string_body_of_a_raw_media_type_refused_as_bytes_is_openapi_cores_fault() {
        let errors = vec![
            "InvalidRequestBody: Request body validation error: Value b'aGk=' not valid for \
             schema of type string: (<ValidationError: \"b'aGk=' is not of type 'string'\">,)"
                .to_owned(),
        ];
        let given = json!("aGk=");
        let cause = explain_body("application/octet-stream", "aGk=", &given, None, &errors);
        assert!(cause.is_some_and(|c| c.contains("as bytes")));
        let bytes = json!([97, 71, 107, 61]);
        assert!(explain_body("application/octet-stream", "aGk=", &bytes, None, &errors).is_some());
        // Other bytes than given, a JSON body, another complaint: a mismatch.
        let other = explain_body("application/octet-stream", "aGk", &given, None, &errors);
        assert_eq!(other, None);
        assert_eq!(
            explain_body("application/json", "aGk=", &given, None, &errors),
            None
        );
        let format = vec!["InvalidRequestBody: 'hi' is not a 'byte'".to_owned()];
        assert_eq!(
            explain_body("image/png", "aGk=", &given, None, &format),
            None
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn label_and_matrix_follow_the_style_table() {
        let colors = json!(["blue", "black", "brown"]);
        let rgb = json!({"R": 100, "G": 200, "B": 150});
        let cases = [
            (Style::Label, false, json!("blue"), ".blue"),
            (Style::Label, false, colors.clone(), ".blue,black,brown"),
            (Style::Label, true, colors.clone(), ".blue.black.brown"),
            (Style::Label, false, rgb.clone(), ".R,100,G,200,B,150"),
            (Style::Label, true, rgb.clone(), ".R=100.G=200.B=150"),
            (Style::Matrix, false, json!("blue"), ";color=blue"),
            (
                Style::Matrix,
                false,
                colors.clone(),
                ";color=blue,black,brown",
            ),
            (
                Style::Matrix,
                true,
                colors,
                ";color=blue;color=black;color=brown",
            ),
            (
                Style::Matrix,
                false,
                rgb.clone(),
                ";color=R,100,G,200,B,150",
            ),
            (Style::Matrix, true, rgb, ";R=100;G=200;B=150"),
        ];
        for (style, explode, value, expected) in cases {
            assert_eq!(
                path_expansion(style, explode, "color", &value).as_deref(),
                Some(expected),
                "{style:?} explode {explode}"
            );
        }
    }

    #[test]
    fn a_wrong_request_is_never_put_down_to_the_oracle() {
        let spaced = Serialization::Style {
            style: Style::SpaceDelimited,
            explode: false,
            allow_reserved: false,
        };
        let given = json!(["a", "b"]);
        let read = json!(["a b"]);
        assert!(explain("query", "x", &spaced, &given, Some(&read), "/p?x=a%20b").is_some());
        // Sent exploded: the client's fault, whatever openapi-core read.
        assert!(explain("query", "x", &spaced, &given, Some(&read), "/p?x=a&x=b").is_none());
    }
}
