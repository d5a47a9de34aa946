//! Where a spec comes from: its text and, for a spec split over several
//! files, its location and a way to read the files it refers to.

use std::path::{Path, PathBuf};

use url::Url;

use crate::Error;

/// A document the generator asks a [`Resolver`] for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Location {
    /// An absolute file path.
    File(PathBuf),
    /// An `http://` or `https://` URL.
    Url(String),
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Url(url) => f.write_str(url),
        }
    }
}

/// Reads the other documents a multi-file spec refers to (`$ref:
/// ./schemas/pet.yaml#/Pet`). The generator does no I/O itself: the caller
/// decides how files are read and URLs fetched.
pub trait Resolver: Sync {
    /// The text of the document at `location`, or why it cannot be read.
    fn read(&self, location: &Location) -> Result<String, String>;
}

impl<F: Fn(&Location) -> Result<String, String> + Sync> Resolver for F {
    fn read(&self, location: &Location) -> Result<String, String> {
        self(location)
    }
}

/// The spec to generate from.
#[derive(Clone, Copy)]
pub struct SpecSource<'a> {
    pub(crate) text: &'a str,
    pub(crate) base: Option<&'a str>,
    pub(crate) resolver: Option<&'a dyn Resolver>,
}

impl<'a> SpecSource<'a> {
    /// One self-contained document (JSON or YAML text). A `$ref` to another
    /// file is refused: use [`SpecSource::at`].
    pub fn text(text: &'a str) -> Self {
        SpecSource {
            text,
            base: None,
            resolver: None,
        }
    }

    /// The document `text`, read from `location` (a file path or an http(s)
    /// URL): references to other files are resolved against `location` and
    /// read through `resolver`.
    pub fn at(text: &'a str, location: &'a str, resolver: &'a dyn Resolver) -> Self {
        SpecSource {
            text,
            base: Some(location),
            resolver: Some(resolver),
        }
    }

    /// The base URL relative references resolve against.
    pub(crate) fn base_url(&self) -> Result<Option<Url>, Error> {
        self.base.map(location_url).transpose()
    }
}

/// `https://…` stays a URL; anything else is a path, made absolute.
pub(crate) fn location_url(location: &str) -> Result<Url, Error> {
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("file:") {
        return Url::parse(location).map_err(|err| {
            Error::new(
                "#",
                format!("the spec location `{location}` is not a valid URL: {err}"),
            )
        });
    }
    let path = std::path::absolute(Path::new(location)).map_err(|err| {
        Error::new(
            "#",
            format!("the spec location `{location}` is not a usable path: {err}"),
        )
    })?;
    Url::from_file_path(&path).map_err(|()| {
        Error::new(
            "#",
            format!("the spec location `{location}` is not a usable path"),
        )
    })
}

/// The resolver's view of a URL.
pub(crate) fn to_location(url: &Url) -> Option<Location> {
    match url.scheme() {
        "file" => url.to_file_path().ok().map(Location::File),
        "http" | "https" => Some(Location::Url(url.as_str().to_owned())),
        _ => None,
    }
}
