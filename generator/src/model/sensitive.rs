//! Which model fields are secrets, so that their `Debug` redacts them.
//!
//! A field is sensitive when, first match wins:
//! 1. `generator.toml` lists its schema pointer in `[sensitive] exempt` (no) or `add` (yes);
//! 2. its schema (or the schema its `$ref` names) says `x-sensitive: false` (no) or
//!    `x-sensitive: true` / `format: password` (yes);
//! 3. it is a string whose name is a credential's ([`credential_name`]);
//! 4. it is the string `key` of what a `POST` returns, in a type whose name has the
//!    word `key` (`CreatedApiKey`): a key shown once, at creation.
//!
//! Passwords, and sensitive values that are not strings, show nothing; other strings
//! show at most their first 8 and last 4 characters (as the runtime's `SessionTokens`).
//!
//! Operation parameters follow rules 2 and 3, plus headers that carry credentials
//! (`Authorization`, `Cookie`); `[sensitive]` in generator.toml names fields only.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;

use super::references::{Problems, closest};
use super::{Api, Location, Method, Param, Redaction, TypeKind, TypeRef};
use crate::config::Sensitive;

/// How the name of a string field marks it, if it does.
///
/// The name is split into words at case changes, digits' edges and any other
/// character (`accessToken`, `access_token`, `access-token` are `access token`).
/// It is a credential when its **last** word is
/// - `password` or `passphrase` (or the name ends in `password confirmation`): nothing is shown;
/// - `secret`;
/// - `token`, unless the word before is `page`, `next`, `continuation` or `sync` (paging cursors);
/// - `key` after `api`, `private` or `secret`.
///
/// A last word that merely ends in one of these counts too (`accesstoken`, `apikey`,
/// `newpassword`): names written as one lowercase word. So `tokenType`, `expiresIn`,
/// `keyId`, `passwordUpdatedAt`, `secretaryName` and `maxTokens` are not credentials.
pub fn credential_name(name: &str) -> Option<Redaction> {
    let snake = name.to_snake_case();
    let mut words: Vec<&str> = snake.split('_').filter(|word| !word.is_empty()).collect();
    if words.len() >= 2 && matches!(words[words.len() - 1], "confirmation" | "confirm") {
        words.pop();
        return (words.last().is_some_and(|word| word.ends_with("password")))
            .then_some(Redaction::Full);
    }
    let last = *words.last()?;
    let previous = words.len().checked_sub(2).map(|index| words[index]);
    // The word before the noun: the rest of a run-together last word, or the previous word.
    let before = |noun: &str| match last.strip_suffix(noun) {
        Some("") => previous.unwrap_or(""),
        Some(stem) => stem,
        None => "",
    };
    if last.ends_with("password") || last.ends_with("passphrase") {
        Some(Redaction::Full)
    } else if ["secret", "apikey", "privatekey", "secretkey"]
        .iter()
        .any(|noun| last.ends_with(noun))
    {
        Some(Redaction::Ends)
    } else if last.ends_with("token") {
        (!matches!(before("token"), "page" | "next" | "continuation" | "sync"))
            .then_some(Redaction::Ends)
    } else if last == "key" {
        matches!(previous, Some("api" | "private" | "secret")).then_some(Redaction::Ends)
    } else {
        None
    }
}

/// What a property's schema declares: `Some(false)` for `x-sensitive: false`,
/// `Some(true)` for `x-sensitive: true` or `format: password`.
fn declared(raw: &serde_json::Value, pointer: &str) -> (Option<bool>, bool) {
    let mut flag = None;
    let mut password = false;
    let mut at = pointer.strip_prefix('#').and_then(|path| raw.pointer(path));
    // A `$ref` (or an `allOf` of one) leads to the schema that says it; a few hops at most.
    for _ in 0..8 {
        let Some(schema) = at.and_then(serde_json::Value::as_object) else {
            break;
        };
        if flag.is_none() {
            flag = schema
                .get("x-sensitive")
                .and_then(serde_json::Value::as_bool);
        }
        password |= schema.get("format").and_then(serde_json::Value::as_str) == Some("password");
        let reference = schema.get("$ref").or_else(|| match schema.get("allOf") {
            Some(serde_json::Value::Array(members)) if members.len() == 1 => members[0].get("$ref"),
            _ => None,
        });
        at = reference
            .and_then(serde_json::Value::as_str)
            .and_then(|reference| reference.strip_prefix('#'))
            .and_then(|path| raw.pointer(path));
    }
    (flag, password)
}

/// Whether values of `ty` are strings (`String`, optional, or an alias of one).
fn is_string(api: &Api, ty: &TypeRef) -> bool {
    let mut ty = ty.non_null();
    for _ in 0..32 {
        match ty {
            TypeRef::String => return true,
            TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target.non_null(),
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// Whether a Rust type name has `key` as a word (`CreatedApiKey`, `KeyPair`, not `Monkey`).
fn names_a_key(type_name: &str) -> bool {
    type_name
        .to_snake_case()
        .split('_')
        .any(|word| word == "key")
}

/// Marks the sensitive fields of every struct in `api`; `raw` is the spec as JSON.
/// `config` holds schema pointers (places in the API already resolved to them).
pub(super) fn mark(
    api: &mut Api,
    raw: &serde_json::Value,
    config: &Sensitive,
    problems: &mut Problems,
) {
    check_config(api, config, problems);
    let add: BTreeSet<&str> = config.add.iter().map(String::as_str).collect();
    let exempt: BTreeSet<&str> = config.exempt.iter().map(String::as_str).collect();
    let created: BTreeSet<String> = api
        .operations()
        .filter(|(_, op)| op.method == Method::Post)
        .flat_map(|(_, op)| &op.responses)
        .flat_map(|response| response.types())
        .filter_map(|ty| match ty.non_null() {
            TypeRef::Named(name) if names_a_key(name) => Some(name.clone()),
            _ => None,
        })
        .collect();
    // Decide first (reading the whole model), then write.
    let mut decided: BTreeMap<(usize, usize), Redaction> = BTreeMap::new();
    for (def_index, def) in api.types.iter().enumerate() {
        let TypeKind::Struct(fields) = &def.kind else {
            continue;
        };
        for (field_index, field) in fields.iter().enumerate() {
            let string = is_string(api, &field.ty);
            let by_name = if string {
                credential_name(&field.name)
            } else {
                None
            };
            let (flag, password) = declared(raw, &field.pointer);
            let sensitive = if exempt.contains(field.pointer.as_str()) {
                None
            } else if add.contains(field.pointer.as_str()) {
                Some(by_name.unwrap_or(Redaction::Ends))
            } else if flag == Some(false) {
                None
            } else if password {
                Some(Redaction::Full)
            } else if flag == Some(true) {
                Some(by_name.unwrap_or(Redaction::Ends))
            } else if by_name.is_some() {
                by_name
            } else if string && field.name == "key" && created.contains(&def.name) {
                Some(Redaction::Ends)
            } else {
                None
            };
            if let Some(redaction) = sensitive {
                // Only a string can show its ends.
                let redaction = if string { redaction } else { Redaction::Full };
                decided.insert((def_index, field_index), redaction);
            }
        }
    }
    for ((def_index, field_index), redaction) in decided {
        if let TypeKind::Struct(fields) = &mut api.types[def_index].kind {
            fields[field_index].sensitive = Some(redaction);
        }
    }
    mark_params(api, raw);
}

/// Marks the sensitive parameters of every operation: by `x-sensitive` (on the
/// parameter or its schema), `format: password`, a credential's name, or a header
/// that carries credentials (`Authorization`, `Cookie`). A request builder's `Debug`
/// shows parameters, so an API key declared as a parameter must not show whole.
fn mark_params(api: &mut Api, raw: &serde_json::Value) {
    let decided: Vec<Vec<Vec<Option<Redaction>>>> = api
        .groups
        .iter()
        .map(|group| {
            group
                .operations
                .iter()
                .map(|op| {
                    op.params
                        .iter()
                        .map(|param| param_redaction(api, raw, param))
                        .collect()
                })
                .collect()
        })
        .collect();
    for (group, decided) in api.groups.iter_mut().zip(decided) {
        for (op, decided) in group.operations.iter_mut().zip(decided) {
            for (param, redaction) in op.params.iter_mut().zip(decided) {
                param.sensitive = redaction;
            }
        }
    }
}

fn param_redaction(api: &Api, raw: &serde_json::Value, param: &Param) -> Option<Redaction> {
    let string = is_string(api, &param.ty);
    let (on_param, _) = declared(raw, &param.pointer);
    let (on_schema, password) = declared(raw, &format!("{}/schema", param.pointer));
    let credential_header = param.location == Location::Header
        && ["authorization", "proxy-authorization", "cookie"]
            .iter()
            .any(|header| param.name.eq_ignore_ascii_case(header));
    let by_name = if !string {
        None
    } else if credential_header {
        Some(Redaction::Ends)
    } else {
        credential_name(&param.name)
    };
    let sensitive = match on_param.or(on_schema) {
        Some(false) => None,
        _ if password => Some(Redaction::Full),
        Some(true) => Some(by_name.unwrap_or(Redaction::Ends)),
        None => by_name,
    };
    // Only a string can show its ends.
    sensitive.map(|redaction| if string { redaction } else { Redaction::Full })
}

/// Every pointer in `[sensitive]` must name a field; the problem names the closest ones.
fn check_config(api: &Api, config: &Sensitive, problems: &mut Problems) {
    let pointers: BTreeSet<&str> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        })
        .flatten()
        .map(|field| field.pointer.as_str())
        .collect();
    for (list, entries) in [("add", &config.add), ("exempt", &config.exempt)] {
        for pointer in entries {
            let location = format!("generator.toml: [sensitive].{list}");
            if list == "add" && config.exempt.contains(pointer) {
                problems.push(
                    location,
                    format!("`{pointer}` is in both `add` and `exempt`; keep one"),
                );
            } else if !pointers.contains(pointer.as_str()) {
                problems.push(
                    location,
                    format!(
                        "`{pointer}` is not the schema pointer of any model field{}",
                        closest(
                            pointers.iter().copied(),
                            pointer,
                            " (the spec has no object properties)"
                        )
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_by_name() {
        for (name, redaction) in [
            ("password", Redaction::Full),
            ("newPassword", Redaction::Full),
            ("current_password", Redaction::Full),
            ("passphrase", Redaction::Full),
            ("password_confirmation", Redaction::Full),
            ("passwordConfirm", Redaction::Full),
            ("secret", Redaction::Ends),
            ("clientSecret", Redaction::Ends),
            ("client_secret", Redaction::Ends),
            ("client-secret", Redaction::Ends),
            ("token", Redaction::Ends),
            ("accessToken", Redaction::Ends),
            ("refresh_token", Redaction::Ends),
            ("id-token", Redaction::Ends),
            ("X-Auth-Token", Redaction::Ends),
            ("accesstoken", Redaction::Ends),
            ("apiKey", Redaction::Ends),
            ("api_key", Redaction::Ends),
            ("X-API-Key", Redaction::Ends),
            ("APIKey", Redaction::Ends),
            ("apikey", Redaction::Ends),
            ("privateKey", Redaction::Ends),
            ("secret_key", Redaction::Ends),
            ("secretkey", Redaction::Ends),
        ] {
            assert_eq!(credential_name(name), Some(redaction), "{name}");
        }
    }

    #[test]
    fn not_credentials_by_name() {
        for name in [
            "tokenType",
            "token_type",
            "expiresIn",
            "keyId",
            "key",
            "key_prefix",
            "key_preview",
            "publicKey",
            "accessKey",
            "passwordUpdatedAt",
            "password_policy",
            "secretaryName",
            "secretary",
            "maxTokens",
            "tokens",
            "tokenizer",
            "pageToken",
            "nextPageToken",
            "next_token",
            "NextToken",
            "continuationToken",
            "syncToken",
            "monkey",
            "confirmation",
            "email_confirmation",
            "",
            "_",
        ] {
            assert_eq!(credential_name(name), None, "{name}");
        }
    }

    #[test]
    fn key_types_by_word() {
        assert!(names_a_key("CreatedApiKey"));
        assert!(names_a_key("KeyPair"));
        assert!(!names_a_key("Monkey"));
        assert!(!names_a_key("Keyboard"));
    }
}
