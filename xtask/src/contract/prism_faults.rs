//! Where Prism 5 itself reads a request body wrong. A violation is put down
//! to one of these only when the body the client sent (as the recording
//! server saw it) has exactly the shape the OpenAPI Specification gives, and
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
    fn a_repeated_form_key_is_prisms_fault_only_when_repeated() {
        let form = "application/x-www-form-urlencoded";
        assert!(explain(ARRAY, form, "name=a&tags=x&tags=y", true).is_some());
        assert!(explain(ARRAY, form, "name=a&tags=x,y", true).is_none());
        assert!(explain(ARRAY, form, "name=a&tags=x&tags=y", false).is_none());
    }
}
