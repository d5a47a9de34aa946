//! Fields named by their place in the API rather than by schema name:
//! `POST /billing/portal response /data/portal_url` is the `portal_url` of
//! what that operation returns, whatever its component schema is called.
//!
//! The form is `METHOD /path request|response /json/pointer` (or an
//! operationId instead of method and path). The pointer goes into the body as
//! sent on the wire, so through the envelope when there is one; a number
//! steps into an array's items, any key into a map's values, and every
//! variant of a union is searched.

use std::collections::BTreeSet;

use super::references::{OperationIndex, closest, op_key, parse_http_identity};
use super::{Api, TypeKind, TypeRef};

/// Nesting followed at most, against recursive types.
const MAX_DEPTH: usize = 32;

/// Whether `entry` is written in the place form (else it is a schema pointer).
pub(super) fn is_place(entry: &str) -> bool {
    !entry.trim_start().starts_with('#')
}

/// The schema pointers of the fields `entry` names.
pub(super) fn resolve(
    api: &Api,
    index: &OperationIndex,
    envelope_data: Option<&str>,
    entry: &str,
) -> Result<Vec<String>, String> {
    let words: Vec<&str> = entry.split_whitespace().collect();
    let (reference, side, pointer) = match words.as_slice() {
        [method, path, side, pointer]
            if parse_http_identity(&format!("{method} {path}")).is_some() =>
        {
            (format!("{method} {path}"), *side, *pointer)
        }
        [operation_id, side, pointer] => (operation_id.to_string(), *side, *pointer),
        _ => {
            return Err(format!(
                "`{entry}` is neither a schema pointer (`#/components/schemas/…`) nor a place \
                 (`POST /things response /data/secret`)"
            ));
        }
    };
    let key = index.resolve(&reference)?;
    let Some((_, op)) = api
        .operations()
        .find(|(_, op)| op_key(&op.method, &op.path) == key)
    else {
        return Err(format!("`{reference}` is not an operation of the client"));
    };
    let Some(segments) = pointer.strip_prefix('/').map(|rest| {
        rest.split('/')
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
            .collect::<Vec<String>>()
    }) else {
        return Err(format!(
            "`{pointer}` is not a JSON pointer (`/data/secret`)"
        ));
    };
    // The bodies the pointer goes into, and the segments that lead to their type.
    let bodies: Vec<(&TypeRef, Vec<String>)> = match side {
        "request" => op
            .body
            .iter()
            .map(|body| (&body.ty, segments.clone()))
            .collect(),
        "response" => op
            .responses
            .iter()
            .flat_map(|response| &response.representations)
            .filter_map(|representation| {
                let ty = &representation.ty;
                match (representation.enveloped, envelope_data) {
                    (true, Some(data)) => (segments.first().map(String::as_str) == Some(data))
                        .then(|| (ty, segments[1..].to_vec())),
                    _ => Some((ty, segments.clone())),
                }
            })
            .collect(),
        other => return Err(format!("`{other}` should be `request` or `response`")),
    };
    let mut found = BTreeSet::new();
    for (ty, segments) in &bodies {
        fields_at(api, ty, segments, 0, &mut found);
    }
    if found.is_empty() {
        let mut known = BTreeSet::new();
        let wrapper = match (side, envelope_data) {
            ("response", Some(data))
                if op
                    .responses
                    .iter()
                    .flat_map(|r| &r.representations)
                    .any(|r| r.enveloped) =>
            {
                format!("/{data}")
            }
            _ => String::new(),
        };
        for (ty, _) in &bodies {
            pointers(api, ty, &wrapper, 0, &mut known);
        }
        return Err(format!(
            "the {side} body of `{reference}` has no field at `{pointer}`{}",
            closest(
                known.iter().map(String::as_str),
                pointer,
                " (it has no fields)"
            )
        ));
    }
    Ok(found.into_iter().collect())
}

/// Collects the schema pointers of the fields `segments` reaches from `ty`.
fn fields_at(
    api: &Api,
    ty: &TypeRef,
    segments: &[String],
    depth: usize,
    found: &mut BTreeSet<String>,
) {
    let Some((first, rest)) = segments.split_first() else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    match ty.non_null() {
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(fields)) => {
                for field in fields
                    .iter()
                    .filter(|field| !field.flatten && &field.name == first)
                {
                    if rest.is_empty() {
                        found.insert(field.pointer.clone());
                    } else {
                        fields_at(api, &field.ty, rest, depth + 1, found);
                    }
                }
            }
            Some(TypeKind::Alias(target)) => fields_at(api, target, segments, depth + 1, found),
            Some(TypeKind::Union(union)) => {
                for variant in &union.variants {
                    fields_at(api, &variant.ty, segments, depth + 1, found);
                }
            }
            _ => {}
        },
        TypeRef::Array(item) if first.parse::<usize>().is_ok() => {
            fields_at(api, item, rest, depth + 1, found);
        }
        TypeRef::Map(value) => fields_at(api, value, rest, depth + 1, found),
        _ => {}
    }
}

/// The pointers of the fields under `ty` (a few levels deep), for suggestions.
fn pointers(api: &Api, ty: &TypeRef, prefix: &str, depth: usize, out: &mut BTreeSet<String>) {
    if depth > 4 || out.len() > 200 {
        return;
    }
    match ty.non_null() {
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(fields)) => {
                for field in fields.iter().filter(|field| !field.flatten) {
                    let here = format!(
                        "{prefix}/{}",
                        field.name.replace('~', "~0").replace('/', "~1")
                    );
                    out.insert(here.clone());
                    pointers(api, &field.ty, &here, depth + 1, out);
                }
            }
            Some(TypeKind::Alias(target)) => pointers(api, target, prefix, depth + 1, out),
            Some(TypeKind::Union(union)) => {
                for variant in &union.variants {
                    pointers(api, &variant.ty, prefix, depth + 1, out);
                }
            }
            _ => {}
        },
        TypeRef::Array(item) => pointers(api, item, &format!("{prefix}/0"), depth + 1, out),
        _ => {}
    }
}
