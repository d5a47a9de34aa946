use std::fmt;

/// A problem with the input spec or config, located by a JSON pointer.
///
/// The generator reports every construct it cannot read this way instead of
/// panicking or emitting code that silently means something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// JSON pointer into the spec (`#/paths/~1clients/get`), or the config
    /// field (`generator.toml: [pagination].meta`).
    pub location: String,
    pub message: String,
    pub kind: ErrorKind,
}

/// Why the generator refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not JSON or YAML (empty, an HTML page, a syntax error).
    Unreadable,
    /// JSON or YAML, but not an OpenAPI (or Swagger) document.
    NotOpenApi,
    /// Anything else: a file the spec refers to cannot be read, a config
    /// field is wrong, a warning under `strict`, a limit was hit.
    #[default]
    Other,
}

impl Error {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Error {
            location: location.into(),
            message: message.into(),
            kind: ErrorKind::Other,
        }
    }

    pub(crate) fn of_kind(mut self, kind: ErrorKind) -> Self {
        self.kind = kind;
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for Error {}

/// A fault in the spec that has one sane reading: the generator goes on with
/// that reading and reports what it assumed, located like an [`Error`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// JSON pointer into the spec, or the config field.
    pub location: String,
    /// What is wrong and what the generator assumed instead.
    pub message: String,
}

impl Warning {
    pub fn new(location: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            location: location.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "warning: {}: {}", self.location, self.message)
    }
}

/// Escapes one segment of a JSON pointer (RFC 6901).
pub fn escape_pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
