//! Answers the client rightly refuses because they are the spec's own
//! examples, which break the spec's own schema.
//!
//! Prism answers with a response's examples (the media type's `example` or
//! `examples`, else one built from the schema's and its properties'
//! `example`s). Xero's `ReceiptNumber: {type: string, example: 1}` makes it
//! send a number where the schema, and so the client, wants a string. A
//! decode failure is put down to the spec only when `tests/contract/examples.py`
//! finds, under that response, an example that openapi-schema-validator says
//! breaks the schema beside it, and that example's value is in Prism's body
//! (the whole body, or the value of a property of that name).

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{Context, Result};
use serde_json::{Value, json};

/// A response Prism sent: the call, the operation's JSON pointer
/// (`#/paths/~1pets/get`), the status and the body.
pub struct Answer {
    pub index: usize,
    pub operation: String,
    pub status: u64,
    pub body: Body,
}

pub enum Body {
    /// The body Prism sent, which the client could not decode.
    Sent(String),
    /// Prism's own 500 instead of its example (`--errors` validates the
    /// responses it makes): the names of the properties it says break the
    /// schema (`""` for the body itself).
    Violating(Vec<String>),
}

/// The property names of Prism's 500 `VIOLATIONS` answer, when every one of
/// them is about the response body it made (`location: [response, body, …]`).
pub fn own_violations(body: &str) -> Option<Vec<String>> {
    let answer: Value = serde_json::from_str(body).ok()?;
    if !answer.get("type")?.as_str()?.ends_with("#VIOLATIONS") {
        return None;
    }
    let violations = answer.get("validation")?.as_array()?;
    let names: Option<Vec<String>> = violations
        .iter()
        .map(|violation| {
            let location = super::prism_faults::violation_location(violation)?;
            match location.as_slice() {
                ["response", "body"] => Some(String::new()),
                ["response", "body", .., last] => Some((*last).to_owned()),
                _ => None,
            }
        })
        .collect();
    names.filter(|names| !names.is_empty())
}

/// The status of the first success response an operation declares, which
/// Prism answers with.
pub fn first_success(raw: &Value, operation: &str) -> Option<u64> {
    let operation = operation.strip_prefix('#').unwrap_or(operation);
    let responses = raw
        .pointer(&format!("{operation}/responses"))?
        .as_object()?;
    responses
        .keys()
        .filter_map(|key| key.parse::<u64>().ok())
        .filter(|status| (200..300).contains(status))
        .min()
}

/// The response object's pointer for a status: the exact code, else its
/// range (`2XX`), else `default`, as the Responses Object matches them.
pub fn response_pointer(raw: &Value, operation: &str, status: u64) -> Option<String> {
    let operation = operation.strip_prefix('#').unwrap_or(operation);
    let responses = raw
        .pointer(&format!("{operation}/responses"))?
        .as_object()?;
    let range = format!("{}XX", status / 100);
    [status.to_string(), range, "default".to_owned()]
        .into_iter()
        .find(|key| responses.contains_key(key) || responses.contains_key(&key.to_lowercase()))
        .map(|key| {
            let key = if responses.contains_key(&key) {
                key
            } else {
                key.to_lowercase()
            };
            format!("{operation}/responses/{key}")
        })
}

/// Per call, the broken examples of the spec found in Prism's answer.
pub fn explain(
    root: &Path,
    spec: &Path,
    raw: &Value,
    answers: &[Answer],
) -> Result<BTreeMap<usize, String>> {
    let questions: Vec<(usize, String)> = answers
        .iter()
        .filter_map(|answer| {
            let pointer = response_pointer(raw, &answer.operation, answer.status)?;
            let question = match &answer.body {
                Body::Sent(body) => json!({"response": pointer, "body": body}),
                Body::Violating(names) => json!({"response": pointer, "names": names}),
            };
            Some((answer.index, question.to_string()))
        })
        .collect();
    let mut found = BTreeMap::new();
    if questions.is_empty() {
        return Ok(found);
    }
    let python = root.join(super::VENV).join("bin/python");
    let mut child = Command::new(python)
        .arg(root.join("tests/contract/examples.py"))
        .arg(spec)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("starting examples.py")?;
    {
        let mut stdin = child.stdin.take().context("examples.py stdin")?;
        for (_, line) in &questions {
            writeln!(stdin, "{line}")?;
        }
    }
    let output = child.wait_with_output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    for ((index, _), line) in questions.iter().zip(stdout.lines()) {
        let broken: Vec<String> = serde_json::from_str::<Value>(line)
            .ok()
            .and_then(|answer| answer.get("broken")?.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|b| b.as_str().map(str::to_owned))
            .collect();
        if let Some(first) = broken.first() {
            let more = match broken.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            found.insert(
                *index,
                format!("Prism's answer came from the spec's own example, which breaks its schema: {first}{more}"),
            );
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::{own_violations, response_pointer};

    #[test]
    fn prisms_500_names_the_properties_of_the_response_it_made() {
        let body = r#"{"type":"https://stoplight.io/prism/errors#VIOLATIONS","status":500,
            "validation":[{"location":["response","body","ReceiptNumber"],"code":"type"}]}"#;
        assert_eq!(own_violations(body), Some(vec!["ReceiptNumber".to_owned()]));
        let whole = r#"{"type":"x#VIOLATIONS","validation":[{"location":["response","body"]}]}"#;
        assert_eq!(own_violations(whole), Some(vec![String::new()]));
        // A violation of the request is not about the example.
        let request = r#"{"type":"x#VIOLATIONS","validation":[
            {"location":["response","body","a"]},{"location":["request","query","b"]}]}"#;
        assert_eq!(own_violations(request), None);
        assert_eq!(own_violations("not json"), None);
    }
    use serde_json::json;

    #[test]
    fn a_status_finds_its_response_by_code_then_range_then_default() {
        let raw = json!({"paths": {"/r": {"get": {"responses": {
            "200": {}, "4XX": {}, "default": {}
        }}}}});
        let op = "#/paths/~1r/get";
        assert_eq!(
            response_pointer(&raw, op, 200).as_deref(),
            Some("/paths/~1r/get/responses/200")
        );
        assert_eq!(
            response_pointer(&raw, op, 404).as_deref(),
            Some("/paths/~1r/get/responses/4XX")
        );
        assert_eq!(
            response_pointer(&raw, op, 201).as_deref(),
            Some("/paths/~1r/get/responses/default")
        );
        assert_eq!(response_pointer(&json!({}), op, 200), None);
    }
}
