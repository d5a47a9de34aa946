//! What `generator.toml` and `generator.lock` point at in the spec.
//!
//! Operations are named by their HTTP identity (`POST /auth/login`, what API
//! docs state) or, where it is unambiguous, by operationId (which docs rarely
//! state and servers regenerate at will). Every reference that matches nothing
//! is collected in [`Problems`] and reported at once, each with the closest
//! existing names.

use std::collections::BTreeSet;

use super::Method;
use crate::Error;
use crate::lock::url_identity;

/// Config references that matched nothing, reported together at the end.
#[derive(Debug, Default)]
pub(super) struct Problems {
    found: Vec<Error>,
}

impl Problems {
    pub fn push(&mut self, location: impl Into<String>, message: impl Into<String>) {
        self.found.push(Error::new(location, message));
    }

    /// One problem is returned as it is; several become one error listing each.
    pub fn finish(self) -> Result<(), Error> {
        let mut found = self.found;
        match found.len() {
            0 => Ok(()),
            1 => Err(found.remove(0)),
            count => {
                let lines: Vec<String> = found.iter().map(|error| format!("\n  {error}")).collect();
                Err(Error::new(
                    "generator.toml",
                    format!(
                        "{count} settings refer to what the spec does not have:{}",
                        lines.concat()
                    ),
                ))
            }
        }
    }
}

/// `; closest: `a`, `b`, `c`` — the three candidates nearest to `wanted`, or
/// `none` when there are no candidates.
pub(super) fn closest<'n>(
    candidates: impl IntoIterator<Item = &'n str>,
    wanted: &str,
    none: &str,
) -> String {
    let mut ranked: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|candidate| (strsim::levenshtein(candidate, wanted), candidate))
        .collect();
    ranked.sort();
    ranked.dedup();
    let names: Vec<String> = ranked
        .iter()
        .take(3)
        .map(|(_, name)| format!("`{name}`"))
        .collect();
    if names.is_empty() {
        none.to_owned()
    } else {
        format!("; closest: {}", names.join(", "))
    }
}

/// `post /auth/login` → `(Post, "/auth/login")`; `None` when `text` is not a
/// method, a space and a path.
pub(super) fn parse_http_identity(text: &str) -> Option<(Method, String)> {
    let (method, path) = text.trim().split_once(char::is_whitespace)?;
    let path = path.trim();
    let method = match method.to_ascii_uppercase().as_str() {
        "GET" => Method::Get,
        "PUT" => Method::Put,
        "POST" => Method::Post,
        "DELETE" => Method::Delete,
        "OPTIONS" => Method::Options,
        "HEAD" => Method::Head,
        "PATCH" => Method::Patch,
        "TRACE" => Method::Trace,
        _ => return None,
    };
    (path.starts_with('/') && !path.contains(char::is_whitespace))
        .then(|| (method, path.to_owned()))
}

/// `GET /listings`: an operation's method and path as the spec writes them,
/// the key the model joins config entries on.
pub(super) fn op_key(method: &Method, path: &str) -> String {
    format!("{} {path}", method.as_str())
}

/// How many ways of spelling an operation's path [`OperationIndex`] tries.
pub(super) const TIERS: usize = 4;

/// One operation as references see it.
#[derive(Debug, Clone)]
pub(super) struct OperationEntry {
    pub method: Method,
    pub path: String,
    pub operation_id: Option<String>,
    /// The first tag, `""` for none.
    pub tag: String,
}

/// The spec's operations, for resolving references to them.
#[derive(Debug, Clone)]
pub(super) struct OperationIndex {
    entries: Vec<OperationEntry>,
    /// The path of the spec's server URL (`/v1`).
    base_path: String,
    /// The server path the lock was written with.
    lock_base_path: String,
}

impl OperationIndex {
    pub fn new(entries: Vec<OperationEntry>, base_path: String, lock_base_path: String) -> Self {
        OperationIndex {
            entries,
            base_path,
            lock_base_path,
        }
    }

    pub fn entries(&self) -> &[OperationEntry] {
        &self.entries
    }

    /// The paths an operation answers to, most exact first: its URL path
    /// (server path + path, as docs write it), its path in the spec, and, for a
    /// spec whose server path changed or moved into its paths (or went with its
    /// `servers`), the same two under the server path the lock was written with.
    fn tiers(&self, entry: &OperationEntry) -> [Option<String>; TIERS] {
        let moved_into_path = (!self.lock_base_path.is_empty())
            .then(|| entry.path.strip_prefix(&self.lock_base_path))
            .flatten()
            .filter(|rest| rest.starts_with('/'))
            .map(str::to_owned);
        [
            Some(format!("{}{}", self.base_path, entry.path)),
            Some(entry.path.clone()),
            Some(format!("{}{}", self.lock_base_path, entry.path)),
            moved_into_path,
        ]
    }

    /// The operation `method path` names, by the first tier that matches one.
    pub fn find_http(&self, method: Method, path: &str) -> Result<Option<&OperationEntry>, String> {
        for tier in 0..TIERS {
            let matches: Vec<&OperationEntry> = self
                .entries
                .iter()
                .filter(|entry| {
                    entry.method == method && self.tiers(entry)[tier].as_deref() == Some(path)
                })
                .collect();
            match matches.as_slice() {
                [] => continue,
                [only] => return Ok(Some(only)),
                several => {
                    let names: Vec<String> = several
                        .iter()
                        .map(|entry| format!("`{}`", op_key(&entry.method, &entry.path)))
                        .collect();
                    return Err(format!(
                        "`{} {path}` is ambiguous: it names {}",
                        method.as_str(),
                        names.join(" and ")
                    ));
                }
            }
        }
        Ok(None)
    }

    /// The [`op_key`] of the one operation `method path` names in `tier` (see
    /// [`Self::tiers`]), leaving out those `skip` says are taken.
    pub fn find_in_tier(
        &self,
        method: Method,
        path: &str,
        tier: usize,
        skip: impl Fn(&str) -> bool,
    ) -> Option<String> {
        let matches: Vec<String> = self
            .entries
            .iter()
            .filter(|entry| {
                entry.method == method && self.tiers(entry)[tier].as_deref() == Some(path)
            })
            .map(|entry| op_key(&entry.method, &entry.path))
            .filter(|key| !skip(key))
            .collect();
        match <[String; 1]>::try_from(matches) {
            Ok([only]) => Some(only),
            Err(_) => None,
        }
    }

    /// Resolves `METHOD /path` or an operationId to the operation's [`op_key`];
    /// the error says what exists instead.
    pub fn resolve(&self, reference: &str) -> Result<String, String> {
        if let Some((method, path)) = parse_http_identity(reference) {
            if let Some(entry) = self.find_http(method.clone(), &path)? {
                return Ok(op_key(&entry.method, &entry.path));
            }
            // Suggest in the form the reference uses: URL paths or spec paths.
            let full = !self.base_path.is_empty() && path.starts_with(&self.base_path);
            let candidates: BTreeSet<String> = self
                .entries
                .iter()
                .map(|entry| {
                    if full {
                        url_identity(&entry.method, &self.base_path, &entry.path)
                    } else {
                        op_key(&entry.method, &entry.path)
                    }
                })
                .collect();
            return Err(format!(
                "there is no operation `{} {path}`{}",
                method.as_str(),
                closest(
                    candidates.iter().map(String::as_str),
                    &format!("{} {path}", method.as_str()),
                    " (the spec has no operations)"
                )
            ));
        }
        let matches: Vec<&OperationEntry> = self
            .entries
            .iter()
            .filter(|entry| entry.operation_id.as_deref() == Some(reference))
            .collect();
        match matches.as_slice() {
            [only] => Ok(op_key(&only.method, &only.path)),
            [] => {
                let ids = self
                    .entries
                    .iter()
                    .filter_map(|entry| entry.operation_id.as_deref());
                Err(format!(
                    "there is no operation with operationId `{reference}`{}; name operations by \
                     method and path (`POST /auth/login`), which survive operationId changes",
                    closest(
                        ids,
                        reference,
                        " (the spec's operations have no operationIds)"
                    )
                ))
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|entry| format!("`{}`", op_key(&entry.method, &entry.path)))
                    .collect();
                Err(format!(
                    "operationId `{reference}` is ambiguous: {} share it; name one by method and path",
                    names.join(", ")
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> OperationIndex {
        let entry = |method, path: &str, id: Option<&str>| OperationEntry {
            method,
            path: path.to_owned(),
            operation_id: id.map(str::to_owned),
            tag: String::new(),
        };
        OperationIndex::new(
            vec![
                entry(Method::Post, "/auth/login", Some("loginUser")),
                entry(Method::Get, "/listings", None),
                entry(Method::Get, "/listings/{id}", Some("dup")),
                entry(Method::Delete, "/listings/{id}", Some("dup")),
            ],
            "/v1".to_owned(),
            "/api".to_owned(),
        )
    }

    #[test]
    fn operations_by_http_identity_in_any_spelling() {
        let index = index();
        for reference in [
            "POST /auth/login",
            "post /auth/login",
            "POST  /auth/login ",
            "POST /v1/auth/login",
            "POST /api/auth/login",
            "loginUser",
        ] {
            assert_eq!(
                index.resolve(reference).as_deref(),
                Ok("POST /auth/login"),
                "{reference}"
            );
        }
        assert_eq!(
            index.resolve("GET /v1/listings").as_deref(),
            Ok("GET /listings")
        );
        // The lock's `/api` moved into the paths.
        let moved = OperationIndex::new(
            vec![OperationEntry {
                method: Method::Post,
                path: "/api/auth/login".to_owned(),
                operation_id: None,
                tag: String::new(),
            }],
            String::new(),
            "/api".to_owned(),
        );
        for reference in ["POST /auth/login", "POST /api/auth/login"] {
            assert_eq!(
                moved.resolve(reference).as_deref(),
                Ok("POST /api/auth/login"),
                "{reference}"
            );
        }
    }

    #[test]
    fn misses_name_the_closest_operations() {
        let index = index();
        let message = index.resolve("POST /auth/logn").unwrap_err();
        assert!(
            message.starts_with(
                "there is no operation `POST /auth/logn`; closest: `POST /auth/login`"
            ),
            "{message}"
        );
        let message = index.resolve("POST /v1/auth/logn").unwrap_err();
        assert!(
            message.contains("closest: `POST /v1/auth/login`"),
            "{message}"
        );
        let message = index.resolve("loginUsr").unwrap_err();
        assert!(message.contains("closest: `loginUser`"), "{message}");
        let message = index.resolve("dup").unwrap_err();
        assert!(
            message.contains("ambiguous") && message.contains("`DELETE /listings/{id}`"),
            "{message}"
        );
    }

    #[test]
    fn problems_are_reported_together() {
        assert_eq!(Problems::default().finish(), Ok(()));
        let mut one = Problems::default();
        one.push("generator.toml: [session].login", "no");
        assert_eq!(
            one.finish().unwrap_err().location,
            "generator.toml: [session].login"
        );
        let mut two = Problems::default();
        two.push("generator.toml: [session].login", "first");
        two.push("generator.toml: [errors].code_schema", "second");
        let error = two.finish().unwrap_err();
        assert_eq!(error.location, "generator.toml");
        assert!(error.message.starts_with("2 settings"), "{error}");
        assert!(
            error
                .message
                .contains("\n  generator.toml: [session].login: first"),
            "{error}"
        );
        assert!(
            error
                .message
                .contains("\n  generator.toml: [errors].code_schema: second"),
            "{error}"
        );
    }
}
