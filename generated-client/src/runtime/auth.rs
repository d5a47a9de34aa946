// Copied by the generator from templates/runtime/auth.rs: edit the template, not this file.

//! Credentials and the choice of which one an operation may receive.

use std::fmt;

use super::error::Error;
use super::request::Operation;

/// How a security scheme of the API description carries its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "each API constructs only the kinds its description declares")]
pub enum SchemeKind {
    /// An API key in the named header.
    ApiKeyHeader(&'static str),
    /// An API key in the named query parameter.
    ApiKeyQuery(&'static str),
    /// An API key in the named cookie.
    ApiKeyCookie(&'static str),
    /// `Authorization: Bearer <token>` (a static token or the signed-in session).
    Bearer,
    /// `Authorization: Basic ..`.
    Basic,
}

/// A secret string whose `Debug` never shows more than its first 8 and last 4 characters.
#[derive(Clone)]
pub(crate) struct Secret(String);

impl Secret {
    pub(crate) fn new(value: String) -> Self {
        Self(value)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.0))
    }
}

/// Shows the first 8 and last 4 characters of a long secret, nothing of a short one
/// (revealing 12 characters of a 16-character secret would reveal most of it).
pub(crate) fn redact(secret: &str) -> String {
    const HEAD: usize = 8;
    const TAIL: usize = 4;
    let count = secret.chars().count();
    if count < 24 {
        return "[redacted]".to_owned();
    }
    let head: String = secret.chars().take(HEAD).collect();
    let tail: String = secret.chars().skip(count - TAIL).collect();
    format!("{head}…{tail}")
}

/// Which credentials a client holds at the moment a request is prepared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Available {
    pub(crate) api_key: bool,
    pub(crate) bearer: bool,
    pub(crate) basic: bool,
}

impl Available {
    fn covers(self, kind: SchemeKind) -> bool {
        match kind {
            SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_) | SchemeKind::ApiKeyCookie(_) => {
                self.api_key
            }
            SchemeKind::Bearer => self.bearer,
            SchemeKind::Basic => self.basic,
        }
    }
}

/// Picks the first security alternative of `op` whose schemes the client can all satisfy,
/// and returns how to attach each of them. An operation without security gets nothing:
/// credentials are only ever sent where the API description asks for them.
pub(crate) fn select(op: &'static Operation, available: Available) -> Result<Vec<SchemeKind>, Error> {
    if op.security.is_empty() {
        return Ok(Vec::new());
    }
    op.security
        .iter()
        .find_map(|alternative| {
            alternative
                .iter()
                .map(|name| scheme_kind(name).filter(|kind| available.covers(*kind)))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or(Error::CredentialNotAccepted {
            operation: op.id,
            accepted: op.security,
        })
}

fn scheme_kind(name: &str) -> Option<SchemeKind> {
    crate::conventions::SECURITY_SCHEMES
        .iter()
        .find(|(scheme, _)| *scheme == name)
        .map(|(_, kind)| *kind)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redaction_keeps_at_most_eight_and_four() {
        assert_eq!(redact("short-secret"), "[redacted]");
        assert_eq!(redact("abcdefgh0123456789wxyz!!"), "abcdefgh…yz!!");
    }
}
