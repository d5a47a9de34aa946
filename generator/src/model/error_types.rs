//! The Rust types of the error body's `code` and `details` (`[errors]` in
//! `generator.toml`).
//!
//! A schema named by `code_schema` / `details_schema` is used as named; with
//! `typed = true` and no name, the type is whatever schema the `code` /
//! `details` pointers reach in the operations' 4xx bodies. That finds the
//! error code's enum by its place in the API, which survives a renamed
//! component; a named schema that no longer exists is an error that says
//! what the 4xx bodies hold instead.

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, StatusCode};

use super::TypeRef;
use super::references::{Problems, closest};
use super::schema::TypeBuilder;
use crate::Config;
use crate::error::escape_pointer;

/// The Rust names of the error code and details types, `None` for the plain
/// `String` / `serde_json::Value`.
pub(super) fn error_types<'a>(
    doc: &'a OpenAPI,
    types: &mut TypeBuilder<'a>,
    config: &Config,
    problems: &mut Problems,
) -> (Option<String>, Option<String>) {
    let Some(errors) = &config.errors else {
        return (None, None);
    };
    let fields = [
        ("code", &errors.code, &errors.code_schema),
        ("details", &errors.details, &errors.details_schema),
    ];
    let [code, details] = fields.map(|(field, pointer, schema)| {
        let located = pointer
            .as_deref()
            .map(|pointer| locate(doc, types, pointer))
            .unwrap_or_default();
        let location = format!("generator.toml: [errors].{field}_schema");
        match schema {
            Some(schema) => match types.rust_name_of(schema) {
                Some(name) => Some(name),
                None => {
                    let hint = match (pointer, only(&located)) {
                        (Some(pointer), Some(TypeRef::Named(name))) => {
                            let place = types.place_of(name).unwrap_or(name);
                            let component = place
                                .strip_prefix("#/components/schemas/")
                                .filter(|rest| !rest.contains('/'));
                            match component {
                                Some(component) => format!(
                                    "; the 4xx bodies' `{pointer}` is `{place}`: write \
                                     `{field}_schema = \"{component}\"`, or drop `{field}_schema` \
                                     and set `typed = true` to follow it"
                                ),
                                None => format!(
                                    "; the 4xx bodies' `{pointer}` is `{place}`: drop \
                                     `{field}_schema` and set `typed = true` to follow it"
                                ),
                            }
                        }
                        _ => closest(
                            types.component_schema_names().iter().map(String::as_str),
                            schema,
                            "",
                        ),
                    };
                    problems.push(
                        location,
                        format!("there is no schema `{schema}` in #/components/schemas{hint}"),
                    );
                    None
                }
            },
            None if errors.typed => {
                let pointer = pointer.as_deref()?;
                match located.len() {
                    0 => {
                        problems.push(
                            "generator.toml: [errors].typed",
                            format!(
                                "no 4xx response has a JSON body with a schema at `{pointer}` \
                                 (the `{field}` pointer); name the schema with `{field}_schema`"
                            ),
                        );
                        None
                    }
                    1 => match only(&located) {
                        Some(TypeRef::Named(name)) => Some(name.clone()),
                        _ => None,
                    },
                    _ => {
                        let found: Vec<String> = located
                            .iter()
                            .map(|(ty, at)| format!("`{}` ({at})", shown(ty)))
                            .collect();
                        problems.push(
                            "generator.toml: [errors].typed",
                            format!(
                                "the 4xx bodies disagree on the schema at `{pointer}`: {}; \
                                 name one with `{field}_schema`",
                                found.join(", ")
                            ),
                        );
                        None
                    }
                }
            }
            None => None,
        }
    });
    (code, details)
}

fn shown(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        other => format!("{other:?}"),
    }
}

fn only(located: &BTreeMap<TypeRef, String>) -> Option<&TypeRef> {
    match located.len() {
        1 => located.keys().next(),
        _ => None,
    }
}

/// Each type the pointer reaches in a 4xx JSON body, with the first response
/// where it does.
fn locate<'a>(
    doc: &'a OpenAPI,
    types: &mut TypeBuilder<'a>,
    pointer: &str,
) -> BTreeMap<TypeRef, String> {
    let segments: Vec<String> = pointer
        .strip_prefix('/')
        .unwrap_or(pointer)
        .split('/')
        .filter(|segment| !segment.is_empty())
        .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut found = BTreeMap::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            for (status, response) in &operation.responses.responses {
                let client_error = match status {
                    StatusCode::Code(code) => (400..500).contains(code),
                    StatusCode::Range(range) => *range == 4,
                };
                if !client_error {
                    continue;
                }
                let response_pointer = format!(
                    "#/paths/{}/{method}/responses/{status}",
                    escape_pointer(path)
                );
                let Some(response) = resolve_response(doc, response) else {
                    continue;
                };
                for (content_type, media) in &response.content {
                    let essence = content_type.split(';').next().unwrap_or("").trim();
                    let json = essence.eq_ignore_ascii_case("application/json")
                        || essence.to_ascii_lowercase().ends_with("+json");
                    let Some(schema) = media.schema.as_ref().filter(|_| json) else {
                        continue;
                    };
                    let schema_pointer = format!(
                        "{response_pointer}/content/{}/schema",
                        escape_pointer(content_type)
                    );
                    if let Some(ty) = types.type_at(schema, &segments, &schema_pointer) {
                        found.entry(ty).or_insert(response_pointer.clone());
                    }
                }
            }
        }
    }
    found
}

fn resolve_response<'a>(
    doc: &'a OpenAPI,
    response: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    let mut current = response;
    for _ in 0..16 {
        match current {
            ReferenceOr::Item(response) => return Some(response),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                let name = name.replace("~1", "/").replace("~0", "~");
                current = doc.components.as_ref()?.responses.get(&name)?;
            }
        }
    }
    None
}
