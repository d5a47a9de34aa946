//! `generator.lock`: the Rust names of every operation, pinned by its HTTP identity.
//!
//! Method, builder, response-enum and group names derive from operationIds and
//! tags, which a spec may change at any time (a server framework's own ids, or
//! none). The lock records the names each operation got, keyed by method and
//! URL path, and the model reuses them, so a spec that changes only its
//! operationIds keeps the same Rust API. `cargo xtask regen` writes it, `cargo
//! xtask check` fails when it is stale; renames belong in `generator.toml`,
//! which wins over the lock.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Error;
use crate::model::{Api, Method, Output};

/// The lock's file name, beside `generator.toml`.
pub const FILE_NAME: &str = "generator.lock";

const HEADER: &str = "\
# Rust names of the operations, pinned by HTTP identity (method and URL path), so that a spec
# whose operationIds or tags change keeps the same API. Written by `cargo xtask regen`; review
# it with the spec change. `cargo xtask check` fails when it is stale. A new operation gets
# derived names here and a removed one drops out. To rename, use [rename.operations] or
# [rename.groups] in generator.toml (they win over this file) rather than editing it.
";

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameLock {
    /// The path of the server URL when the lock was written (`/v1`). Keys are
    /// URL paths (`GET /v1/listings`), so they still find their operation when
    /// a spec moves this prefix into its paths or drops its `servers`.
    #[serde(default)]
    pub base_path: String,
    /// `"GET /v1/listings"` → the names of that operation.
    #[serde(default)]
    pub operations: BTreeMap<String, LockedOperation>,
}

/// The names one operation has in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedOperation {
    /// The client accessor of its group (`listings`).
    pub group: String,
    /// The method on the group handle (`list`).
    pub method: String,
    /// The request builder type (`ListListings`); its static descriptor and
    /// the inline types named after it follow from it.
    pub builder: String,
    /// The per-status response enum, when `send()` returns one.
    #[serde(default)]
    pub response: Option<String>,
}

impl NameLock {
    /// Parses a lock file; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<NameLock, Error> {
        toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
            let location = match line {
                Some(line) => format!("{origin}:{line}"),
                None => origin.to_owned(),
            };
            Error::new(location, err.message().to_owned())
        })
    }

    /// The names `api` gives its operations.
    pub fn of(api: &Api) -> NameLock {
        let base_path = base_path(api.base_url.as_deref());
        let operations = api
            .operations()
            .map(|(group, op)| {
                let response = match &op.output {
                    Output::PerStatus(name) => Some(name.clone()),
                    _ => None,
                };
                (
                    url_identity(&op.method, &base_path, &op.path),
                    LockedOperation {
                        group: group.accessor.clone(),
                        method: op.method_name.clone(),
                        builder: op.builder_name.clone(),
                        response,
                    },
                )
            })
            .collect();
        NameLock {
            base_path,
            operations,
        }
    }

    /// The file's text: one line per operation, by path then method, so that
    /// it is the same on every run and diffs line by line.
    pub fn to_toml(&self) -> String {
        let quote = |text: &str| toml::Value::String(text.to_owned()).to_string();
        let mut out = String::from(HEADER);
        out.push_str(&format!(
            "\nbase_path = {}\n\n[operations]\n",
            quote(&self.base_path)
        ));
        let mut entries: Vec<(&String, &LockedOperation)> = self.operations.iter().collect();
        entries.sort_by_key(|(key, _)| sort_key(key));
        for (key, names) in entries {
            out.push_str(&format!(
                "{} = {{ group = {}, method = {}, builder = {}",
                quote(key),
                quote(&names.group),
                quote(&names.method),
                quote(&names.builder)
            ));
            if let Some(response) = &names.response {
                out.push_str(&format!(", response = {}", quote(response)));
            }
            out.push_str(" }\n");
        }
        out
    }
}

/// `GET /v1/listings`: the method and the full URL path, as API docs name an endpoint.
pub fn url_identity(method: &Method, base_path: &str, path: &str) -> String {
    format!("{} {base_path}{path}", method.as_str())
}

/// The path of a server URL (`https://api.example.com/v1/` → `/v1`), `""` for none.
pub fn base_path(server_url: Option<&str>) -> String {
    let Some(url) = server_url else {
        return String::new();
    };
    let after_scheme = match url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(slash) => &rest[slash..],
            None => "",
        },
        None if url.starts_with('/') => url,
        None => "",
    };
    let path = after_scheme.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/').to_owned()
}

/// Orders keys by path, then by method in the usual order (GET first).
fn sort_key(key: &str) -> (String, usize, String) {
    const ORDER: &[&str] = &[
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
    ];
    match key.split_once(' ') {
        Some((method, path)) => (
            path.to_owned(),
            ORDER
                .iter()
                .position(|m| *m == method)
                .unwrap_or(ORDER.len()),
            method.to_owned(),
        ),
        None => (key.to_owned(), 0, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(base_path(Some("https://api.example.com/v1")), "/v1");
        assert_eq!(base_path(Some("https://api.example.com/v1/")), "/v1");
        assert_eq!(base_path(Some("https://api.example.com")), "");
        assert_eq!(base_path(Some("/api/v2")), "/api/v2");
        assert_eq!(base_path(Some("/")), "");
        assert_eq!(base_path(Some("api.example.com")), "");
        assert_eq!(base_path(None), "");
    }

    #[test]
    fn round_trips_in_a_stable_order() {
        let mut lock = NameLock {
            base_path: "/v1".to_owned(),
            ..NameLock::default()
        };
        for (key, method) in [
            ("POST /v1/things", "create"),
            ("GET /v1/things/{id}", "get"),
            ("GET /v1/things", "list"),
            ("DELETE /v1/things/{id}", "delete"),
        ] {
            lock.operations.insert(
                key.to_owned(),
                LockedOperation {
                    group: "things".to_owned(),
                    method: method.to_owned(),
                    builder: format!("Thing{method}"),
                    response: (method == "get").then(|| "GetThingResponse".to_owned()),
                },
            );
        }
        let text = lock.to_toml();
        let keys: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with('"'))
            .map(|line| line.split(" = ").next().unwrap_or(""))
            .collect();
        assert_eq!(
            keys,
            [
                "\"GET /v1/things\"",
                "\"POST /v1/things\"",
                "\"GET /v1/things/{id}\"",
                "\"DELETE /v1/things/{id}\""
            ]
        );
        assert!(
            text.contains(", response = \"GetThingResponse\" }"),
            "{text}"
        );
        assert_eq!(NameLock::from_toml(&text, "generator.lock").unwrap(), lock);
    }

    #[test]
    fn bad_locks_say_where() {
        let error = NameLock::from_toml(
            "[operations]\n\"GET /x\" = { method = 1 }\n",
            "generator.lock",
        )
        .unwrap_err();
        assert_eq!(error.location, "generator.lock:2");
    }
}
