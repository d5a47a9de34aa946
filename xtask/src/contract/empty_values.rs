//! A spec fault told apart on the request: an `enum` that lists `""` on a
//! query parameter that does not allow an empty value.
//!
//! OpenAPI 3.0.3, Parameter Object, `allowEmptyValue`: "Sets the ability to
//! pass empty-valued parameters. This is valid only for query parameters and
//! allows sending a parameter with an empty value. Default value is `false`."
//! GitHub's `per` (`schema: {type: string, enum: ["", day, week]}`, no
//! `allowEmptyValue`) offers a value its own parameter forbids: the client
//! sends `per=` as given, and openapi-core rightly refuses it
//! (`EmptyQueryParameterValue`).

use serde_json::Value;

/// Whether the (resolved) query parameter lists `""` in its schema's enum
/// without `allowEmptyValue: true`.
pub fn forbids_an_enum_value(parameter: &Value, schema: &Value) -> bool {
    parameter.get("in").and_then(Value::as_str) == Some("query")
        && parameter.get("allowEmptyValue") != Some(&Value::Bool(true))
        && schema
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(|v| v.as_str() == Some("")))
}

/// The cause, when the mismatch of query parameter `name` is that fault: the
/// argument was `""`, the raw query carried exactly `name=` and openapi-core
/// refused it as an empty value.
pub fn explain(name: &str, given: &Value, raw_path: &str, errors: &[String]) -> Option<String> {
    if given.as_str() != Some("") {
        return None;
    }
    let query = raw_path.split_once('?').map_or("", |(_, query)| query);
    let sent_empty = query.split('&').any(|pair| pair == format!("{name}="));
    let refused = errors.iter().any(|error| {
        error.contains(&format!(
            "EmptyQueryParameterValue: Value of {name} query parameter cannot be empty"
        ))
    });
    (sent_empty && refused).then(|| {
        format!(
            "the spec's enum for query parameter `{name}` lists \"\", which the parameter does \
             not allow (no `allowEmptyValue`; OpenAPI 3.0.3 Parameter Object: it \"allows \
             sending a parameter with an empty value. Default value is false\"); the client \
             sent `{name}=` as given and openapi-core refused the empty value"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_empty_enum_value_without_allow_empty_value_is_the_specs_fault() {
        let schema = json!({"type": "string", "enum": ["", "day", "week"]});
        let per = json!({"name": "per", "in": "query"});
        assert!(forbids_an_enum_value(&per, &schema));
        let allowed = json!({"name": "per", "in": "query", "allowEmptyValue": true});
        assert!(!forbids_an_enum_value(&allowed, &schema));
        let header = json!({"name": "per", "in": "header"});
        assert!(!forbids_an_enum_value(&header, &schema));
        assert!(!forbids_an_enum_value(&per, &json!({"enum": ["day"]})));

        let errors = vec![
            "ParameterValidationError: Query parameter error: per \
             (EmptyQueryParameterValue: Value of per query parameter cannot be empty)"
                .to_owned(),
        ];
        let cause = explain("per", &json!(""), "/repos/o/r/traffic?per=&x=1", &errors);
        assert!(cause.is_some_and(|c| c.contains("allowEmptyValue")));
        // Anything else sent, or not refused as empty: still a mismatch.
        assert_eq!(explain("per", &json!("day"), "/t?per=", &errors), None);
        assert_eq!(explain("per", &json!(""), "/t?per=%20", &errors), None);
        assert_eq!(explain("per", &json!(""), "/t?per=", &[]), None);
    }
}
