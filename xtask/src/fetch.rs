//! Getting spec text from a file or an http(s) URL, and the files and URLs a
//! multi-file spec refers to.

use std::{fs, path::PathBuf, time::Duration};

use anyhow::{Context, Result, bail};

/// Fail fast on an unreachable host, but allow a slow server to stream a large spec.
pub const TIMEOUTS: Timeouts = Timeouts {
    connect: Duration::from_secs(10),
    read: Duration::from_secs(30),
    overall: Duration::from_secs(120),
};
/// Real specs reach a few MB; anything far larger is not a spec.
const MAX_SPEC_BYTES: u64 = 64 * 1024 * 1024;

/// Where spec text comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    File(PathBuf),
    Url(String),
}

impl SpecSource {
    /// `http://…` and `https://…` are URLs; anything else is a path.
    pub fn parse(arg: &str) -> SpecSource {
        let lower = arg.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            SpecSource::Url(arg.to_owned())
        } else {
            SpecSource::File(PathBuf::from(arg))
        }
    }

    pub fn read(&self) -> Result<String> {
        match self {
            SpecSource::File(path) => {
                fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
            }
            SpecSource::Url(url) => fetch(url, &TIMEOUTS),
        }
    }

    /// Where relative `$ref`s in the spec resolve from.
    pub fn location(&self) -> String {
        match self {
            SpecSource::File(path) => path.display().to_string(),
            SpecSource::Url(url) => url.clone(),
        }
    }

    /// The spec as one document: read, with every file it refers to bundled in.
    pub fn read_bundled(&self, options: &generator::Options) -> Result<generator::Bundled> {
        let text = self.read()?;
        let location = self.location();
        generator::bundle(
            &generator::SpecSource::at(&text, &location, &Fetcher),
            options,
        )
        .map_err(|err| anyhow::anyhow!("{self} cannot be read as an API description: {err}"))
    }
}

/// Reads what a multi-file spec refers to: files from disk, URLs over http(s).
pub struct Fetcher;

impl generator::Resolver for Fetcher {
    fn read(&self, location: &generator::Location) -> Result<String, String> {
        match location {
            generator::Location::File(path) => {
                fs::read_to_string(path).map_err(|err| err.to_string())
            }
            generator::Location::Url(url) => {
                fetch(url, &TIMEOUTS).map_err(|err| format!("{err:#}"))
            }
        }
    }
}

impl std::fmt::Display for SpecSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SpecSource::File(path) => write!(f, "{}", path.display()),
            SpecSource::Url(url) => f.write_str(url),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub connect: Duration,
    /// For the response head, and again for the body.
    pub read: Duration,
    pub overall: Duration,
}

/// GETs `url`, refusing non-2xx answers; the body is validated by the caller.
pub fn fetch(url: &str, timeouts: &Timeouts) -> Result<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(timeouts.connect))
        .timeout_recv_response(Some(timeouts.read))
        .timeout_recv_body(Some(timeouts.read))
        .timeout_global(Some(timeouts.overall))
        // Report the status ourselves, with the body's first line for context.
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header(
            "Accept",
            "application/json, application/yaml;q=0.9, */*;q=0.1",
        )
        .call()
        .with_context(|| format!("could not fetch {url}"))?;
    let status = response.status();
    if !status.is_success() {
        let snippet = response
            .body_mut()
            .with_config()
            .limit(4096)
            .lossy_utf8(true)
            .read_to_string()
            .unwrap_or_default();
        let first_line = snippet
            .lines()
            .find(|line| !line.trim().is_empty())
            .unwrap_or("");
        bail!("{url} answered HTTP {status} {}", first_line.trim());
    }
    response
        .body_mut()
        .with_config()
        .limit(MAX_SPEC_BYTES)
        .read_to_string()
        .with_context(|| format!("could not read the response body from {url} (truncated?)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths_are_told_apart() {
        assert_eq!(
            SpecSource::parse("https://example.com/openapi.json"),
            SpecSource::Url("https://example.com/openapi.json".into())
        );
        assert_eq!(
            SpecSource::parse("HTTP://127.0.0.1:1/x"),
            SpecSource::Url("HTTP://127.0.0.1:1/x".into())
        );
        assert_eq!(
            SpecSource::parse("spec/openapi.json"),
            SpecSource::File("spec/openapi.json".into())
        );
    }
}
