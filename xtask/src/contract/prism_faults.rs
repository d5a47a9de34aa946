//! Where Prism 5 itself is wrong: it reads a request body wrong, or it cannot
//! make the mock response the client was to decode. A violation is put down
//! to the first only when the body the client sent (as the recording server
//! saw it) has exactly the shape the OpenAPI Specification gives, and
//! openapi-core read the property back as it was given.

use serde_json::Value;

/// The cause, when every violation Prism lists in `answer` (its 422 body) is
/// one of its known faults on this request.
pub fn explain(
    answer: &str,
    content_type: &str,
    raw_body: &str,
    read_back: bool,
) -> Option<String> {
    if !read_back {
        return None;
    }
    let answer: Value = serde_json::from_str(answer).ok()?;
    let violations = answer.get("validation")?.as_array()?;
    let causes: Vec<String> = violations
        .iter()
        .map(|violation| {
            let message = violation.get("message")?.as_str()?;
            let location = violation_location(violation)?;
            let ["body", property] = location[..] else {
                return None;
            };
            explain_one(message, property, content_type, raw_body)
        })
        .collect::<Option<_>>()?;
    let mut causes = causes;
    causes.dedup();
    (!causes.is_empty()).then(|| causes.join("; "))
}

fn explain_one(
    message: &str,
    property: &str,
    content_type: &str,
    raw_body: &str,
) -> Option<String> {
    if content_type.starts_with("application/x-www-form-urlencoded")
        && message.ends_with("must be array")
    {
        let repeated = raw_body
            .split('&')
            .filter(|pair| pair.split('=').next() == Some(property))
            .count();
        return (repeated >= 2).then(|| {
            format!(
                "Prism 5 reads only one `{property}=` of a form body, so an array is a string to it; \
                 the body is right: the Encoding Object's default for a form property is style \
                 form, explode true (`{property}=a&{property}=b`)"
            )
        });
    }
    let json_part = || {
        raw_body
            .split("\r\n\r\n")
            .zip(raw_body.split("\r\n\r\n").skip(1))
            .any(|(headers, content)| {
                headers.contains(&format!("name=\"{property}\""))
                    && headers
                        .to_ascii_lowercase()
                        .contains("content-type: application/json")
                    && content.trim_start().starts_with(['{', '['])
            })
    };
    if content_type.starts_with("multipart/form-data")
        && message == "Reserved characters used in request body"
    {
        // Only a part without a style is sent as JSON (request.rs, add_field).
        return json_part().then(|| {
            format!(
                "Prism 5 applies the Encoding Object's `allowReserved` (default false) to the \
                 multipart part `{property}`; OpenAPI 3.0.3 (Encoding Object) says style, explode and \
                 allowReserved \"SHALL be ignored if the request body media type is not \
                 application/x-www-form-urlencoded\", so the part is JSON, as its type says"
            )
        });
    }
    if content_type.starts_with("multipart/form-data")
        && (message.ends_with("must be object") || message.ends_with("must be array"))
    {
        return json_part().then(|| {
            format!(
                "Prism 5 does not parse a multipart part as JSON; the part `{property}` is JSON with \
                 `Content-Type: application/json`, as OpenAPI 3.0.3 (Encoding Object, contentType) \
                 says a part of an object or array type is by default"
            )
        });
    }
    None
}

/// The cause, when Prism answered its own 500 because it could not make a
/// response that fits the schema, with no broken example of the spec's to
/// blame (the caller asks `examples.py` first). No response reached the
/// client for that call, so its decoding went unchecked.
pub fn own_mock(body: &str) -> Option<String> {
    let answer: Value = serde_json::from_str(body).ok()?;
    let kind = answer.get("type")?.as_str()?;
    if kind.ends_with("#SCHEMA_TOO_COMPLEX") {
        return Some(
            "Prism 5's mock generator gives up on this response schema (SCHEMA_TOO_COMPLEX: its \
             sampler's step budget), so no response was decoded for this call"
                .to_owned(),
        );
    }
    if !kind.ends_with("#VIOLATIONS") {
        return None;
    }
    // Its static mock writes "string" for a string without an example,
    // whatever its `pattern`, and then `--errors` rejects its own body.
    let violations = answer.get("validation")?.as_array()?;
    let patterns: Option<Vec<&str>> = violations
        .iter()
        .map(|violation| {
            let location = violation_location(violation)?;
            let own = location.starts_with(&["response", "body"])
                && violation.get("code")?.as_str()? == "pattern";
            own.then(|| violation.get("message")?.as_str()).flatten()
        })
        .collect();
    let patterns = patterns.filter(|p| !p.is_empty())?;
    Some(format!(
        "Prism 5's static mock writes \"string\" for a string without an example, whatever its \
         `pattern`, and then rejects its own response ({}), so no response was decoded for this call",
        patterns.join("; ")
    ))
}

/// A Prism violation's `location` (`["body", "name"]`, `["response", "body", …]`).
pub(super) fn violation_location(violation: &Value) -> Option<Vec<&str>> {
    let location = violation.get("location")?.as_array()?;
    Some(location.iter().filter_map(Value::as_str).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARRAY: &str = r#"{"status":422,"validation":[{"location":["body","tags"],"severity":"Error","code":"type","message":"Request body property tags must be array"}]}"#;

    #[test]
    fn reserved_characters_in_a_json_part_are_prisms_fault() {
        let reserved = r#"{"status":422,"validation":[{"location":["body","owner"],"severity":"Error","message":"Reserved characters used in request body"}]}"#;
        let multipart = "multipart/form-data; boundary=b";
        let json = "--b\r\nContent-Disposition: form-data; name=\"owner\"\r\nContent-Type: application/json\r\n\r\n{\"name\":\"a\"}\r\n--b--\r\n";
        let styled =
            "--b\r\nContent-Disposition: form-data; name=\"owner\"\r\n\r\na,b\r\n--b--\r\n";
        assert!(explain(reserved, multipart, json, true).is_some());
        assert!(explain(reserved, multipart, styled, true).is_none());
    }

    #[test]
    fn prisms_own_mock_failures_are_its_faults() {
        let complex =
            r#"{"type":"https://stoplight.io/prism/errors#SCHEMA_TOO_COMPLEX","status":500}"#;
        assert!(own_mock(complex).unwrap().contains("SCHEMA_TOO_COMPLEX"));
        let pattern = r#"{"type":"https://stoplight.io/prism/errors#VIOLATIONS","validation":[
            {"location":["response","body","url"],"code":"pattern","message":"Response body property url must match pattern \"^/v1/x\""}]}"#;
        assert!(
            own_mock(pattern)
                .unwrap()
                .contains("url must match pattern")
        );
        // A type error in its body is an example's (examples.py), not this.
        let typed = r#"{"type":"https://stoplight.io/prism/errors#VIOLATIONS","validation":[
            {"location":["response","body","url"],"code":"pattern","message":"m"},
            {"location":["response","body","n"],"code":"type","message":"m"}]}"#;
        assert_eq!(own_mock(typed), None);
        let request = r#"{"type":"x#VIOLATIONS","validation":[{"location":["request","query","q"],"code":"pattern","message":"m"}]}"#;
        assert_eq!(own_mock(request), None);
        assert_eq!(own_mock("not json"), None);
    }

    #[test]
    fn a_repeated_form_key_is_prisms_fault_only_when_repeated() {
        let form = "application/x-www-form-urlencoded";
        assert!(explain(ARRAY, form, "name=a&tags=x&tags=y", true).is_some());
        assert!(explain(ARRAY, form, "name=a&tags=x,y", true).is_none());
        assert!(explain(ARRAY, form, "name=a&tags=x&tags=y", false).is_none());
    }
}
