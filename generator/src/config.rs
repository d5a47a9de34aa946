//! Per-API choices that are not in the spec (`generator.toml` beside it).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::Error;
use crate::lock::{self, NameLock};

/// The generator's configuration for one API. Every section is optional: an
/// empty config generates a plain client for any spec.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub package: Package,
    pub envelope: Option<Envelope>,
    pub pagination: Option<Pagination>,
    pub errors: Option<Errors>,
    pub session: Option<Session>,
    #[serde(default)]
    pub rename: Renames,
    #[serde(default)]
    pub groups: Groups,
    #[serde(default)]
    pub sensitive: Sensitive,
    /// Example programs shipped with the crate: name → the group features
    /// it needs. Sources are `examples/<name>.rs` beside the config file.
    #[serde(default)]
    pub examples: BTreeMap<String, Vec<String>>,
    /// The example sources, read by [`Config::load`].
    #[serde(skip)]
    pub example_sources: BTreeMap<String, String>,
    /// The operation names pinned in `generator.lock` beside the config, read
    /// by [`Config::load`]; empty without one.
    #[serde(skip)]
    pub lock: NameLock,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    #[serde(default = "default_name")]
    pub name: String,
    #[serde(default = "default_version")]
    pub version: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Where `cargo xtask regen` fetches the live spec from.
    #[serde(default)]
    pub spec_url: Option<String>,
}

impl Default for Package {
    fn default() -> Self {
        Package {
            name: default_name(),
            version: default_version(),
            description: None,
            spec_url: None,
        }
    }
}

fn default_name() -> String {
    "api-client".to_owned()
}

fn default_version() -> String {
    "0.1.0".to_owned()
}

/// Success bodies wrap the payload: methods return the `data` field.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    pub data: String,
    pub timestamp: Option<String>,
    pub message: Option<String>,
}

/// Page-numbered list endpoints: `{ <items>: [..], <meta>: { <has_more>: bool } }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub page_param: String,
    pub limit_param: String,
    pub meta: String,
    pub has_more: String,
}

/// JSON pointers into error bodies, and the schemas that type them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Errors {
    pub code: Option<String>,
    pub message: Option<String>,
    pub error_id: Option<String>,
    pub correlation_id: Option<String>,
    pub details: Option<String>,
    /// The component schema (by name) that types `code`: an open enum.
    pub code_schema: Option<String>,
    /// The component schema (by name) that types `details`.
    pub details_schema: Option<String>,
    /// Without a `code_schema` / `details_schema`: type `code` and `details`
    /// with the schemas those pointers reach in the operations' 4xx bodies,
    /// whatever the components are called.
    #[serde(default)]
    pub typed: bool,
}

/// Token-based sessions the client keeps and refreshes itself. Operations are
/// named by method and path (`"POST /auth/login"`) or by operationId.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub login: String,
    pub refresh: String,
    #[serde(default)]
    pub logout: Vec<String>,
    pub refresh_token_field: String,
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: Option<String>,
}

/// Fields whose `Debug` is redacted, beyond or against what the spec and the
/// naming rule say (see `model/sensitive.rs`). Entries are JSON pointers of
/// property schemas (`#/components/schemas/User/properties/ssn`), or places in
/// the API that survive renamed schemas (`POST /users response /data/ssn`, a
/// JSON pointer into the request or response body as sent); one that names no
/// field of any model is an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sensitive {
    /// Redact these too.
    #[serde(default)]
    pub add: Vec<String>,
    /// Show these in full although the spec or the naming rule marks them.
    #[serde(default)]
    pub exempt: Vec<String>,
}

/// How operations become groups (`client.<group>()`, one cargo feature each).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Groups {
    /// For a spec without tags: by path (the default) or all in one group.
    #[serde(default)]
    pub untagged: UntaggedGroups,
}

/// The groups of a spec that tags no operation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UntaggedGroups {
    /// One group per first meaningful path segment (`/v1/charges/…` →
    /// `client.charges()`), so each resource has its own cargo feature.
    #[default]
    Path,
    /// Every operation in `client.operations()`.
    One,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Renames {
    /// Tag → accessor name (`"API Keys" = "api_keys"`).
    #[serde(default)]
    pub groups: BTreeMap<String, String>,
    /// Operation, by method and path (`"POST /auth/login"`) or operationId →
    /// method name within its group (`"POST /auth/login" = "login"`).
    #[serde(default)]
    pub operations: BTreeMap<String, String>,
    /// Schema name → Rust type name.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
}

impl Config {
    /// Parses `generator.toml`; `origin` names the file in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Config, Error> {
        toml::from_str(text).map_err(|err| {
            let message = err.message().to_owned();
            let location = match err.span() {
                Some(span) => {
                    let line = text[..span.start.min(text.len())].lines().count().max(1);
                    format!("{origin}:{line}")
                }
                None => origin.to_owned(),
            };
            Error::new(location, message)
        })
    }

    /// Reads `generator.toml`, the example programs it lists
    /// (`examples/<name>.rs` in the same directory) and `generator.lock`
    /// beside it, if there is one.
    pub fn load(path: &std::path::Path) -> Result<Config, Error> {
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|err| Error::new(&origin, format!("cannot read the config: {err}")))?;
        let mut config = Config::from_toml(&text, &origin)?;
        let dir = path.parent().unwrap_or_else(|| std::path::Path::new("."));
        for name in config.examples.keys() {
            let source = dir.join("examples").join(format!("{name}.rs"));
            let contents = std::fs::read_to_string(&source).map_err(|err| {
                Error::new(
                    format!("{origin}: [examples].{name}"),
                    format!("cannot read {}: {err}", source.display()),
                )
            })?;
            config.example_sources.insert(name.clone(), contents);
        }
        let lock_path = dir.join(lock::FILE_NAME);
        match std::fs::read_to_string(&lock_path) {
            Ok(text) => {
                config.lock = NameLock::from_toml(&text, &lock_path.display().to_string())?;
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => {
                return Err(Error::new(
                    lock_path.display().to_string(),
                    format!("cannot read the lock: {err}"),
                ));
            }
        }
        Ok(config)
    }

    /// A config with only the crate name set: what `cargo xtask corpus` uses.
    pub fn named(name: &str) -> Config {
        Config {
            package: Package {
                name: name.to_owned(),
                ..Package::default()
            },
            ..Config::default()
        }
    }
}
