//! What the reference parser read against what the client was given, value
//! by value, and what Prism's answers say.

use std::collections::BTreeMap;

use generator::model::{Serialization, Style};
use serde_json::Value;

use super::oracle_faults;

/// A call's findings on the round trip.
#[derive(Debug, Default)]
pub struct RoundTrip {
    /// Values the reference parser read differently from what was given.
    pub mismatches: Vec<String>,
    /// Mismatches put down to a known fault of the reference parser, with it.
    pub oracle_faults: Vec<String>,
}

/// One request as the recording server saw it (a line of `records.jsonl`).
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub op: Option<usize>,
    pub method: String,
    pub path: String,
    pub content_type: String,
    pub body: String,
    /// `{path, query, header, cookie, body}` as openapi-core read them;
    /// `None` when it could not read the request at all.
    pub read: Option<Value>,
    pub errors: Vec<String>,
}

impl Record {
    pub fn parse(line: &str) -> Option<Record> {
        let value: Value = serde_json::from_str(line).ok()?;
        let text = |key: &str| {
            value
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        Some(Record {
            op: value
                .get("op")
                .and_then(Value::as_u64)
                .map(|op| op as usize),
            method: text("method"),
            path: text("path"),
            content_type: text("content_type"),
            body: text("body"),
            read: value.get("read").filter(|v| !v.is_null()).cloned(),
            errors: value
                .get("errors")
                .and_then(Value::as_array)
                .map(|errors| {
                    errors
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

/// The mismatches of one call: each a one-line cause.
pub fn round_trip(
    arguments: &Value,
    serializations: &BTreeMap<String, Serialization>,
    records: &[&Record],
    outcome: &Value,
) -> RoundTrip {
    let only = |mismatch: String| RoundTrip {
        mismatches: vec![mismatch],
        oracle_faults: Vec::new(),
    };
    if let Some(error) = outcome.get("arguments").and_then(Value::as_str) {
        return only(format!("not sent: {error}"));
    }
    let Some(record) = records.first() else {
        return only(format!("no request reached the recorder ({outcome})"));
    };
    let sent = format!("{} {}", record.method, record.path);
    let Some(read) = &record.read else {
        return only(format!(
            "openapi-core could not read `{sent}`: {}",
            record.errors.join("; ")
        ));
    };
    let mut mismatches = Vec::new();
    let mut faults = Vec::new();
    for (key, given) in arguments.as_object().into_iter().flatten() {
        let (location, name) = key.split_once(':').unwrap_or(("body", ""));
        let pairs = match location {
            "body" => record
                .content_type
                .starts_with("application/x-www-form-urlencoded"),
            _ => matches!(
                serializations.get(key),
                Some(Serialization::Style {
                    style: Style::DeepObject,
                    ..
                })
            ),
        };
        let pruned;
        let given = if pairs {
            pruned = without_undefined(given);
            &pruned
        } else {
            given
        };
        let found = if location == "body" {
            read.get("body")
        } else {
            read.get(location)
                .and_then(|values| lookup(values, location, name))
        };
        // An empty form is no pairs: the empty body, which the parser reads
        // as no body (Stripe's GETs declare an empty form body).
        let empty_form = location == "body"
            && given.as_object().is_some_and(|fields| fields.is_empty())
            && record.body.is_empty()
            && (record.content_type.is_empty()
                || record
                    .content_type
                    .starts_with("application/x-www-form-urlencoded"));
        if !empty_form && !same(given, found.unwrap_or(&Value::Null)) {
            let explained = if location == "body" {
                oracle_faults::explain_body(
                    &record.content_type,
                    &record.body,
                    given,
                    found,
                    &record.errors,
                )
            } else {
                serializations.get(key).and_then(|serialization| {
                    oracle_faults::explain(
                        location,
                        name,
                        serialization,
                        given,
                        found,
                        &record.path,
                    )
                })
            };
            if let Some(cause) = explained {
                faults.push(format!("{key}: {cause}"));
                continue;
            }
            mismatches.push(format!(
                "{key}: gave {}, openapi-core read {} from `{sent}`{}",
                short(given),
                found.map_or_else(|| "nothing".to_owned(), short),
                if location == "body" {
                    format!(" with body {}", truncate(&record.body, 300))
                } else {
                    String::new()
                }
            ));
        }
    }
    // openapi-core's errors explain the mismatches; alone (every value read
    // back right) they are the only finding, and put down to the oracle only
    // when each concerns a parameter already put down to it.
    if !record.errors.is_empty() {
        let errors = record.errors.join("; ");
        match mismatches.first_mut() {
            Some(first) => first.push_str(&format!(" [openapi-core: {errors}]")),
            None if faults.is_empty() => {
                mismatches.push(format!("openapi-core rejected `{sent}`: {errors}"))
            }
            None => {
                let explained = record.errors.iter().all(|error| {
                    let body_fault = faults.iter().any(|fault| fault.starts_with("body: "));
                    (body_fault && error.starts_with("InvalidRequestBody"))
                        || faults.iter().any(|fault| {
                            let name = fault.split(':').nth(1).unwrap_or("");
                            error.contains(&format!("parameter: {name} "))
                        })
                });
                if !explained {
                    mismatches.push(format!("openapi-core rejected `{sent}`: {errors}"));
                }
            }
        }
    }
    RoundTrip {
        mismatches,
        oracle_faults: faults,
    }
}

fn lookup<'a>(values: &'a Value, location: &str, name: &str) -> Option<&'a Value> {
    let values = values.as_object()?;
    values.get(name).or_else(|| {
        // Header names are case-insensitive.
        (location == "header")
            .then(|| values.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
            .flatten()
            .map(|(_, v)| v)
    })
}

/// `value` without the empty objects and arrays inside it, recursively: in
/// `name[key]=value` pairs (forms, `deepObject`) they are no pairs at all.
/// RFC 6570 §2.3: a list or associative array "is considered undefined if
/// [it] contains zero members", and an undefined value is left out. Stripe's
/// `mandate_data[customer_acceptance][offline]` is `{}` and goes as nothing.
pub fn without_undefined(value: &Value) -> Value {
    fn undefined(value: &Value) -> bool {
        match value {
            Value::Object(map) => map.values().all(undefined),
            Value::Array(items) => items.iter().all(undefined),
            _ => false,
        }
    }
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, member)| !undefined(member))
                .map(|(key, member)| (key.clone(), without_undefined(member)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .filter(|item| !undefined(item))
                .map(without_undefined)
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Whether `read` is `given` (numbers by value, bytes by their text, and only
/// the properties that were given).
pub fn same(given: &Value, read: &Value) -> bool {
    match (given, read) {
        (Value::Null, _) => true,
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(bytes), Value::Object(map)) if map.contains_key("$bytes") => {
            let bytes: Option<Vec<u8>> = bytes
                .iter()
                .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                .collect();
            bytes.and_then(|b| String::from_utf8(b).ok()).as_deref() == map["$bytes"].as_str()
        }
        (Value::String(text), Value::Object(map)) if map.contains_key("$bytes") => {
            Some(text.as_str()) == map["$bytes"].as_str()
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(key, value)| same(value, b.get(key).unwrap_or(&Value::Null))),
        // The same instant in another offset (the recorder writes UTC).
        (Value::String(a), Value::String(b)) if a != b => {
            let instant = |text: &str| chrono::DateTime::parse_from_rfc3339(text).ok();
            matches!((instant(a), instant(b)), (Some(a), Some(b)) if a == b)
        }
        (a, b) => a == b,
    }
}

/// What Prism's answer says about one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrismVerdict {
    Ok,
    /// A request violation (422, or 401/404/405 for credentials, paths, methods).
    Violation(String),
    /// A 2xx body the client could not decode.
    DecodeFailure(String),
    /// Prism could not answer (5xx: no example fits its own schema, …) or the
    /// call was not made.
    Other(String),
}

/// Prism's reasons for refusing a request, as its own 422 body writes them
/// (`{"validation": [{"location": ["query", "n"], …}]}`). Where the spec
/// declares a 400, Prism answers with that response's example instead and
/// puts its reasons in the `sl-violations` header, each location under
/// `request`; they are read from there (Box's multipart uploads).
pub fn prism_answer(outcome: &Value) -> Option<String> {
    let body = outcome.get("body").and_then(Value::as_str).unwrap_or("");
    let Some(header) = outcome.get("violations").and_then(Value::as_str) else {
        return Some(body.to_owned());
    };
    let mut violations: Vec<Value> = serde_json::from_str(header).ok()?;
    for violation in &mut violations {
        if let Some(Value::Array(location)) = violation.get_mut("location")
            && location.first().and_then(Value::as_str) == Some("request")
        {
            location.remove(0);
        }
    }
    Some(serde_json::json!({"validation": violations}).to_string())
}

pub fn prism_verdict(outcome: &Value) -> PrismVerdict {
    let status = outcome.get("status").and_then(Value::as_u64);
    let body = || {
        truncate(
            outcome.get("body").and_then(Value::as_str).unwrap_or(""),
            400,
        )
    };
    if let Some(error) = outcome.get("decode").and_then(Value::as_str) {
        return PrismVerdict::DecodeFailure(format!(
            "{} body did not decode: {error}; body {}",
            status.unwrap_or(0),
            body()
        ));
    }
    if let Some(error) = outcome.get("error").or_else(|| outcome.get("arguments")) {
        return PrismVerdict::Other(format!("not answered: {}", error.as_str().unwrap_or("")));
    }
    match status {
        Some(200..=399) => PrismVerdict::Ok,
        Some(status @ 400..=499) => match prism_answer(outcome) {
            Some(answer) if answer != outcome.get("body").and_then(Value::as_str).unwrap_or("") => {
                PrismVerdict::Violation(format!(
                    "{status}: {}; Prism's reasons: {}",
                    body(),
                    truncate(&answer, 400)
                ))
            }
            _ => PrismVerdict::Violation(format!("{status}: {}", body())),
        },
        Some(status) => PrismVerdict::Other(format!("Prism answered {status}: {}", body())),
        None => PrismVerdict::Other(format!("no outcome: {outcome}")),
    }
}

fn short(value: &Value) -> String {
    truncate(&value.to_string(), 200)
}

pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_empty_form_sent_as_no_body_reads_back_as_given() {
        let record = Record {
            op: Some(0),
            method: "GET".to_owned(),
            path: "/v1/account".to_owned(),
            read: Some(json!({"path": {}, "query": {}, "body": null})),
            ..Record::default()
        };
        let empty = json!({"body": {}});
        let found = round_trip(
            &empty,
            &BTreeMap::new(),
            &[&record],
            &json!({"status": 200}),
        );
        assert!(found.mismatches.is_empty(), "{:?}", found.mismatches);
        // A JSON body that never came is still a mismatch.
        let json_record = Record {
            content_type: "application/json".to_owned(),
            ..record.clone()
        };
        let found = round_trip(
            &empty,
            &BTreeMap::new(),
            &[&json_record],
            &json!({"status": 200}),
        );
        assert_eq!(found.mismatches.len(), 1);
        let some = json!({"body": {"a": 1}});
        let found = round_trip(&some, &BTreeMap::new(), &[&record], &json!({"status": 200}));
        assert_eq!(found.mismatches.len(), 1);
    }

    #[test]
    fn empty_objects_and_arrays_are_no_pairs_in_a_form() {
        let given = json!({
            "mandate_data": {"customer_acceptance": {"offline": {}, "type": "offline"}},
            "phases": [{"items": [{}, {}], "iterations": 1}],
            "expand": [],
            "metadata": {"a": {}}
        });
        assert_eq!(
            without_undefined(&given),
            json!({
                "mandate_data": {"customer_acceptance": {"type": "offline"}},
                "phases": [{"iterations": 1}]
            })
        );
    }

    #[test]
    fn prisms_reasons_come_from_its_header_when_it_answers_with_the_specs_400() {
        let outcome = json!({
            "status": 400,
            "body": "{\"message\":\"bad\"}",
            "violations": "[{\"location\":[\"request\",\"query\",\"n\"],\"code\":\"type\"}]"
        });
        let answer: Value = serde_json::from_str(&prism_answer(&outcome).unwrap()).unwrap();
        assert_eq!(
            answer,
            json!({"validation": [{"location": ["query", "n"], "code": "type"}]})
        );
        let own = json!({"status": 422, "body": "{\"validation\":[]}"});
        assert_eq!(prism_answer(&own).as_deref(), Some("{\"validation\":[]}"));
    }

    #[test]
    fn values_compare_by_meaning() {
        assert!(same(&json!(1), &json!(1.0)));
        assert!(same(&json!([104, 105]), &json!({"$bytes": "hi"})));
        assert!(same(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!same(&json!([1, 2, 3]), &json!([1])));
        assert!(!same(&json!({"status": "x"}), &json!({})));
        assert!(same(
            &json!("2019-08-29T23:59:00-07:00"),
            &json!("2019-08-30T06:59:00Z")
        ));
        assert!(!same(
            &json!("2019-08-29T23:59:00-07:00"),
            &json!("2019-08-29T23:59:00Z")
        ));
    }

    #[test]
    fn a_wrong_style_is_a_mismatch() {
        let record = Record::parse(
            r#"{"op": 0, "method": "GET", "path": "/x?ids=1&ids=2", "body": "",
                "read": {"path": {}, "query": {"ids": [1]}, "header": {}, "cookie": {}, "body": null},
                "errors": []}"#,
        )
        .unwrap();
        let mismatches = round_trip(
            &json!({"query:ids": [1, 2]}),
            &BTreeMap::new(),
            &[&record],
            &json!({"status": 200}),
        )
        .mismatches;
        assert_eq!(mismatches.len(), 1, "{mismatches:?}");
        assert!(mismatches[0].starts_with("query:ids: gave [1,2], openapi-core read [1]"));
    }
}
