//! Findings that are the spec's fault, told apart on the request itself.
//!
//! Ambiguous path templates: OpenAPI 3.0.3, Paths Object: "Templated paths
//! with the same hierarchy but different templated names MUST NOT exist as
//! they are identical." Xero has `/Invoices/{InvoiceID}/Attachments/{AttachmentID}`
//! beside `/Invoices/{InvoiceID}/Attachments/{FileName}`; a server (openapi-core
//! here) can only pick one, so the other's path parameter reads back under the
//! first one's name.
//!
//! Paths with a fragment: Box has `/files/{file_id}#add_shared_link` beside
//! `/files/{file_id}`. A fragment is never sent (RFC 3986 §3.5), so both are
//! the same request, and the oracles read it as the other operation.
//!
//! `required` naming a property the schema does not declare (Box's token
//! revocation requires `grant_type`): the client has no field for it, and
//! the oracles reject every request without it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::compare::same;

/// Each template → the other templates of the spec it cannot be told from.
pub fn ambiguous_templates<'a>(
    templates: impl Iterator<Item = &'a str>,
) -> BTreeMap<String, Vec<String>> {
    let mut by_shape: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for template in templates {
        let list = by_shape.entry(shape(template)).or_default();
        if !list.iter().any(|t| t == template) {
            list.push(template.to_owned());
        }
    }
    let mut ambiguous = BTreeMap::new();
    for list in by_shape.values().filter(|list| list.len() > 1) {
        for template in list {
            let others = list.iter().filter(|t| *t != template).cloned().collect();
            ambiguous.insert(template.clone(), others);
        }
    }
    ambiguous
}

/// `/a/{x}/b#c` → `/a/{}/b`.
fn shape(template: &str) -> String {
    let template = template.split('#').next().unwrap_or(template);
    let mut out = String::new();
    let mut inside = false;
    for c in template.chars() {
        match c {
            '{' => {
                inside = true;
                out.push('{');
            }
            '}' => {
                inside = false;
                out.push('}');
            }
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The cause, when path parameter `name` (given `given`) was read back under
/// another name because the template is ambiguous.
pub fn explain(
    template: &str,
    others: &[String],
    name: &str,
    given: &Value,
    read_path: Option<&Value>,
) -> Option<String> {
    let read = read_path?.as_object()?;
    let (other_name, _) = read
        .iter()
        .find(|(key, value)| key.as_str() != name && same(given, value))?;
    let other = others
        .iter()
        .find(|t| t.contains(&format!("{{{other_name}}}")))?;
    Some(same_template(
        template,
        other,
        format!(
            "openapi-core matched the request to the other one and read `{name}` as `{other_name}`"
        ),
    ))
}

/// The same, when openapi-core could not read the other template's variable
/// (`Invalid path parameter: AttachmentID`: the file name is no UUID).
pub fn explain_by_errors(
    template: &str,
    others: &[String],
    name: &str,
    errors: &[String],
) -> Option<String> {
    let other = others.iter().find(|other| {
        errors.iter().any(|error| {
            error
                .split("Invalid path parameter: ")
                .nth(1)
                .and_then(|rest| rest.split([' ', ')']).next())
                .is_some_and(|variable| {
                    variable != name && other.contains(&format!("{{{variable}}}"))
                })
        })
    })?;
    Some(same_template(
        template,
        other,
        format!(
            "openapi-core matched the request to the other one and read `{name}` as its variable"
        ),
    ))
}

/// The cause, when every violation in Prism's `answer` is a path variable of
/// another template that `template` cannot be told from (Xero: Prism matched
/// `/Contacts/{ContactNumber}` to `/Contacts/{ContactID}` and checked the
/// number as a UUID).
pub fn explain_prism_match(template: &str, others: &[String], answer: &str) -> Option<String> {
    let answer: Value = serde_json::from_str(answer).ok()?;
    let violations = answer.get("validation")?.as_array()?;
    let mut matched = None;
    for violation in violations {
        let location = super::prism_faults::violation_location(violation)?;
        let ["path", variable] = location[..] else {
            return None;
        };
        // Prism names the variable in lower case (`["path", "contactid"]`).
        let placeholder = format!("{{{}}}", variable.to_lowercase());
        let has = |t: &str| t.to_lowercase().contains(&placeholder);
        if has(template) {
            return None;
        }
        matched = Some(others.iter().find(|other| has(other))?);
    }
    let other = matched?;
    Some(same_template(
        template,
        other,
        "Prism matched the request to the other one and checked its variable".to_owned(),
    ))
}

/// Whether a parameter's schema is `oneOf` a number (or integer) and a
/// string without a `pattern` or `format`: the text of every number is also a
/// string, so a number matches both and breaks `oneOf` ("exactly one").
/// GitHub's `workflow_id` ("The ID of the workflow. You can also pass the
/// workflow file name as a string") is `oneOf: [integer, string]`.
pub fn one_of_number_and_text(synth: &super::synth::Synth<'_>, schema: &Value) -> bool {
    let Some(variants) = synth
        .resolve(schema)
        .and_then(|schema| schema.get("oneOf"))
        .and_then(Value::as_array)
    else {
        return false;
    };
    let kinds: Vec<(&str, bool)> = variants
        .iter()
        .filter_map(|variant| synth.resolve(variant))
        .filter_map(|variant| {
            let kind = variant.get("type")?.as_str()?;
            let free = variant.get("pattern").is_none() && variant.get("format").is_none();
            Some((kind, free))
        })
        .collect();
    kinds
        .iter()
        .any(|(kind, _)| matches!(*kind, "integer" | "number"))
        && kinds.iter().any(|(kind, free)| *kind == "string" && *free)
}

/// The cause, when every violation in Prism's `answer` is a `oneOf` failure
/// of such a parameter (names in `params`, lower case).
pub fn explain_text_one_of(params: &BTreeSet<String>, answer: &str) -> Option<String> {
    let answer: Value = serde_json::from_str(answer).ok()?;
    let violations = answer.get("validation")?.as_array()?;
    let mut names = BTreeSet::new();
    for violation in violations {
        let location = super::prism_faults::violation_location(violation)?;
        let ["path" | "query" | "header", name] = location[..] else {
            return None;
        };
        let one_of = violation.get("code").and_then(Value::as_str) == Some("oneOf");
        if !one_of || !params.contains(&name.to_lowercase()) {
            return None;
        }
        names.insert(format!("`{name}`"));
    }
    (!names.is_empty()).then(|| {
        format!(
            "the schema of {} is `oneOf` a number and a string: the text of a number is a string \
             too, so every number matches both and breaks `oneOf` (\"exactly one\"; `anyOf` says \
             what the description means)",
            names.into_iter().collect::<Vec<_>>().join(", ")
        )
    })
}

/// The cause, when query parameter `key` (`query:mdfilters`) is in a style
/// OpenAPI leaves undefined for nested values (`warning`, the generator's)
/// and the raw query carries exactly what that warning announced: each item
/// (or the value) as JSON text under the parameter's name. Box's `mdfilters`
/// is an array of objects under the default `form` style; RFC 6570 expands
/// one level only, so no reader can be expected to read it back.
pub fn explain_json_text(
    key: &str,
    warning: &str,
    given: &Value,
    raw_path: &str,
) -> Option<String> {
    let name = key.strip_prefix("query:")?;
    let query = raw_path.split_once('?').map_or("", |(_, query)| query);
    let sent: Vec<Value> = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .filter(|(key, _)| super::oracle_faults::decode(key) == name)
        .map(|(_, value)| serde_json::from_str(&super::oracle_faults::decode(value)).ok())
        .collect::<Option<_>>()?;
    let items: Vec<&Value> = match given {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let as_announced = sent.len() == items.len()
        && sent
            .iter()
            .zip(&items)
            .all(|(sent, given)| same(given, sent) && same(sent, given));
    as_announced.then(|| {
        format!(
            "{key}: the spec asks for a serialization OpenAPI does not define, and the client sent \
             what it announced (its warning: {warning}); openapi-core cannot read it back"
        )
    })
}

/// The cause, when every violation in Prism's `answer` is about such a
/// parameter (keys `query:name` in `cells`).
pub fn explain_prism_json_text(cells: &BTreeMap<String, String>, answer: &str) -> Option<String> {
    let answer: Value = serde_json::from_str(answer).ok()?;
    let violations = answer.get("validation")?.as_array()?;
    let mut keys = BTreeSet::new();
    for violation in violations {
        let location = super::prism_faults::violation_location(violation)?;
        let ["query", name, ..] = location[..] else {
            return None;
        };
        let key = format!("query:{name}");
        cells.get(&key)?;
        keys.insert(key);
    }
    let first = keys.first()?;
    Some(format!(
        "{first}: the spec asks for a serialization OpenAPI does not define (the generator's warning: {}); \
         Prism cannot read what the client sent as announced",
        cells[first]
    ))
}

/// The sentence shared by the ambiguous-template rules; `then` says what
/// the oracle did about it.
fn same_template(template: &str, other: &str, then: String) -> String {
    format!(
        "`{template}` and `{other}` are the same template (OpenAPI 3.0.3, Paths Object: \
         \"Templated paths with the same hierarchy but different templated names MUST NOT exist as \
         they are identical\"); {then}"
    )
}

/// Why every finding of the operation at `template` is the spec's: the
/// template has a fragment and, without it, is another operation's.
pub fn fragment(template: &str, others: &[String]) -> Option<String> {
    let other = others.first()?;
    (template.contains('#') || other.contains('#')).then(|| {
        format!(
            "`{template}` and `{other}` are the same request, since a fragment is never sent \
             (RFC 3986 §3.5; OpenAPI 3.0.3, Paths Object: a path is appended to the server URL); the \
             oracles read it as the other operation"
        )
    })
}

/// The names a schema (through `$ref`, `allOf`, properties and items)
/// requires without declaring them as properties.
pub fn undeclared_required<'a>(
    synth: &super::synth::Synth<'a>,
    schema: &'a Value,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    collect_undeclared(synth, schema, 0, &mut names);
    names
}

fn collect_undeclared<'a>(
    synth: &super::synth::Synth<'a>,
    schema: &'a Value,
    depth: usize,
    names: &mut BTreeSet<String>,
) {
    if depth > 8 {
        return;
    }
    let Some(schema) = synth.resolve(schema) else {
        return;
    };
    let mut declared = BTreeSet::new();
    let mut required = Vec::new();
    let mut parts = vec![schema];
    parts.extend(
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|part| synth.resolve(part)),
    );
    for part in &parts {
        if let Some(properties) = part.get("properties").and_then(Value::as_object) {
            declared.extend(properties.keys().cloned());
            for property in properties.values() {
                collect_undeclared(synth, property, depth + 1, names);
            }
        }
        required.extend(
            part.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned),
        );
        if let Some(items) = part.get("items") {
            collect_undeclared(synth, items, depth + 1, names);
        }
    }
    let open = parts.iter().any(|part| {
        part.get("additionalProperties")
            .is_some_and(Value::is_object)
            || part.get("oneOf").is_some()
            || part.get("anyOf").is_some()
    });
    if !open {
        names.extend(required.into_iter().filter(|name| !declared.contains(name)));
    }
}

/// The cause, when every error openapi-core gave is a required property the
/// schema does not declare.
pub fn explain_required(errors: &[String], undeclared: &BTreeSet<String>) -> Option<String> {
    let mut missing = BTreeSet::new();
    for error in errors {
        let mut found = false;
        for name in undeclared {
            if error.contains(&format!("'{name}' is a required property")) {
                missing.insert(name.clone());
                found = true;
            }
        }
        if !found {
            return None;
        }
    }
    let names: Vec<String> = missing.iter().map(|n| format!("`{n}`")).collect();
    (!names.is_empty()).then(|| {
        format!(
            "the body schema's `required` lists {}, which it does not declare as a \
             property, so no client can send it and every request breaks the schema",
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_prism_violation_on_the_other_templates_variable_is_the_specs() {
        let others = vec!["/Contacts/{ContactID}".to_owned()];
        let uuid = r#"{"status":422,"validation":[{"location":["path","contactid"],"severity":"Error","code":"format","message":"Request path parameter ContactID must match format \"uuid\""}]}"#;
        let fault = explain_prism_match("/Contacts/{ContactNumber}", &others, uuid).unwrap();
        assert!(fault.contains("`/Contacts/{ContactID}`"), "{fault}");
        // A violation of the operation's own variable, or of the body, is not explained.
        let own = uuid.replace("\"contactid\"]", "\"contactnumber\"]");
        assert!(explain_prism_match("/Contacts/{ContactNumber}", &others, &own).is_none());
        let body = r#"{"validation":[{"location":["body","Name"],"message":"must be string"}]}"#;
        assert!(explain_prism_match("/Contacts/{ContactNumber}", &others, body).is_none());
    }

    #[test]
    fn a_number_breaks_a_one_of_of_number_and_text() {
        let raw = json!({"components": {"schemas": {"Id": {"type": "integer"}}}});
        let synth = super::super::synth::Synth::new(&raw);
        let workflow_id =
            json!({"oneOf": [{"$ref": "#/components/schemas/Id"}, {"type": "string"}]});
        assert!(one_of_number_and_text(&synth, &workflow_id));
        let told_apart =
            json!({"oneOf": [{"type": "integer"}, {"type": "string", "pattern": "^[a-z]+$"}]});
        assert!(!one_of_number_and_text(&synth, &told_apart));

        let params = BTreeSet::from(["workflow_id".to_owned()]);
        let answer = r#"{"validation":[{"location":["path","workflow_id"],"severity":"Error","code":"oneOf","message":"Request path parameter workflow_id must match exactly one schema in oneOf"}]}"#;
        assert!(explain_text_one_of(&params, answer).is_some());
        let other = answer.replace("\"oneOf\",\"message", "\"type\",\"message");
        assert!(explain_text_one_of(&params, &other).is_none());
    }

    #[test]
    fn json_text_for_an_undefined_cell_is_the_specs_only_as_announced() {
        let given =
            json!([{"scope": "global", "templateKey": "contract"}, {"scope": "enterprise"}]);
        let warning = "`mdfilters`: nested arrays and objects in it are sent as JSON text";
        let announced = "/search?query=a&mdfilters=%7B%22scope%22%3A%22global%22%2C%22templateKey%22%3A%22contract%22%7D&mdfilters=%7B%22scope%22%3A%22enterprise%22%7D";
        assert!(explain_json_text("query:mdfilters", warning, &given, announced).is_some());
        // Spread as if the items were parameters: not what was announced.
        let spread = "/search?scope=global&templateKey=contract&scope=enterprise";
        assert!(explain_json_text("query:mdfilters", warning, &given, spread).is_none());
        // One item missing.
        let short = "/search?mdfilters=%7B%22scope%22%3A%22enterprise%22%7D";
        assert!(explain_json_text("query:mdfilters", warning, &given, short).is_none());
    }

    #[test]
    fn templates_that_differ_only_in_names_are_ambiguous() {
        let templates = [
            "/Invoices/{InvoiceID}/Attachments/{AttachmentID}",
            "/Invoices/{InvoiceID}/Attachments/{FileName}",
            "/Invoices/{InvoiceID}",
        ];
        let ambiguous = ambiguous_templates(templates.into_iter());
        assert_eq!(ambiguous.len(), 2);
        let others = &ambiguous[templates[1]];
        assert_eq!(others, &vec![templates[0].to_owned()]);
        let read = json!({"InvoiceID": "abc", "AttachmentID": "file.txt"});
        assert!(
            explain(
                templates[1],
                others,
                "FileName",
                &json!("file.txt"),
                Some(&read)
            )
            .is_some()
        );
        assert!(
            explain(
                templates[1],
                others,
                "FileName",
                &json!("other"),
                Some(&read)
            )
            .is_none()
        );
        assert!(fragment(templates[1], others).is_none());
    }

    #[test]
    fn a_fragment_makes_two_paths_one_request() {
        let templates = ["/files/{file_id}", "/files/{file_id}#add_shared_link"];
        let ambiguous = ambiguous_templates(templates.into_iter());
        assert!(fragment(templates[1], &ambiguous[templates[1]]).is_some());
        assert!(fragment(templates[0], &ambiguous[templates[0]]).is_some());
    }

    #[test]
    fn required_names_without_a_property_are_found() {
        let raw = json!({"components": {"schemas": {"Revoke": {
            "type": "object", "properties": {"token": {"type": "string"}}, "required": ["grant_type"]
        }}}});
        let synth = super::super::synth::Synth::new(&raw);
        let schema = json!({"type": "object", "properties": {
            "revoke": {"$ref": "#/components/schemas/Revoke"},
            "fine": {"type": "object", "properties": {"id": {}}, "required": ["id"]}
        }});
        let undeclared = undeclared_required(&synth, &schema);
        assert_eq!(undeclared.into_iter().collect::<Vec<_>>(), ["grant_type"]);
        let errors = ["InvalidRequestBody: ('grant_type' is a required property)".to_owned()];
        let names = BTreeSet::from(["grant_type".to_owned()]);
        assert!(explain_required(&errors, &names).is_some());
        assert!(explain_required(&["other".to_owned()], &names).is_none());
    }
}
