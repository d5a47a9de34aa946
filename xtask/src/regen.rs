//! `cargo xtask regen`: spec source → spec/openapi.json → generated-client/.
//!
//! Everything is read, validated and generated in memory first; the first
//! write happens only once nothing can fail except the disk.

use std::fmt;

use anyhow::{Context, Result, anyhow, bail};
use generator::Config;
use generator::diff::{ApiDiff, Bump};

use crate::{
    fetch::{Fetcher, SpecSource},
    project::{CHANGES, CLIENT, CONFIG, LOCK, Project, SPEC},
    summary::{SummaryDiff, write_list},
    tree::{self, SyncReport},
    write::{WriteOutcome, write_if_changed},
};

/// Which spec `regen` starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `spec_url` from spec/generator.toml.
    Configured,
    /// The checked-in spec/openapi.json, with no network access.
    Vendored,
    /// `--spec PATH|URL`.
    Explicit(SpecSource),
}

pub struct RegenReport {
    pub origin: String,
    pub spec: WriteOutcome,
    /// Whether `generator.lock` changed.
    pub lock: WriteOutcome,
    /// The API diff against the previous spec, or why there is none.
    pub api: Result<SummaryDiff, String>,
    /// What the spec change means for users of the crate, when it changed.
    pub change: Option<ApiChange>,
    pub files: SyncReport,
    /// Faults in the spec the generator read one sane way.
    pub warnings: Vec<generator::Warning>,
}

/// The classified change report and the version bump it caused.
pub struct ApiChange {
    pub diff: ApiDiff,
    /// `(old, new)` crate version when the change implies a bump.
    pub version: Option<(String, String)>,
}

#[cfg(test)]
pub fn regen(project: &Project, source: Source) -> Result<RegenReport> {
    regen_with(project, source, &generator::Options::default())
}

/// [`regen`]; with `options.strict`, a spec with warnings is refused.
pub fn regen_with(
    project: &Project,
    source: Source,
    options: &generator::Options,
) -> Result<RegenReport> {
    let mut config = project.config()?;
    let (origin, text, location) = read_source(project, &config, source)?;
    // A spec split over files is bundled into the one document vendored.
    let spec_source = match &location {
        Some(location) => generator::SpecSource::at(&text, location, &Fetcher),
        None => generator::SpecSource::text(&text),
    };
    let bundled = generator::bundle(&spec_source, options).map_err(|err| {
        anyhow!("{origin} is not a usable OpenAPI document; nothing was written.\n  {err}")
    })?;
    let spec = bundled.spec;

    // A changed spec is classified against the previous one; a breaking or
    // additive change bumps the crate version before generating.
    let change = match previous_spec(project) {
        Ok(previous) if previous != spec => classify(&previous, &spec, &mut config)?,
        _ => None,
    };
    let generated = generator::generate_from(&generator::SpecSource::text(&spec), &config, options)
        .map_err(|err| {
            anyhow!("generating the client from {origin} failed; nothing was written.\n  {err}")
        })?;
    tree::check_paths(&generated.files)?;
    let mut warnings = bundled.warnings;
    warnings.extend(generated.warnings.iter().cloned());

    let api = previous_spec(project)
        .and_then(|previous| {
            if previous == spec {
                return Ok(generated.summary.clone());
            }
            generator::generate(&previous, &config)
                .map(|old| old.summary)
                .map_err(|err| format!("the previous {SPEC} does not generate ({err})"))
        })
        .map(|old| SummaryDiff::between(&old, &generated.summary));

    let spec_outcome =
        write_if_changed(&project.spec_path(), &spec).with_context(|| format!("writing {SPEC}"))?;
    if let Some(change) = &change {
        if let Some((_, new_version)) = &change.version {
            let path = project.config_path();
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("reading {CONFIG}"))?;
            let bumped = set_package_version(&text, new_version);
            write_if_changed(&path, &bumped).with_context(|| format!("writing {CONFIG}"))?;
        }
        let markdown = change.diff.to_markdown();
        write_if_changed(&project.changes_path(), &markdown)
            .with_context(|| format!("writing {CHANGES}"))?;
    }
    // New operations' derived names join the lock; removed ones drop out.
    let lock = write_if_changed(&project.lock_path(), &generated.lock.to_toml())
        .with_context(|| format!("writing {LOCK}"))?;
    let files = tree::sync_tree(&project.client_dir(), &generated.files)?;
    Ok(RegenReport {
        origin,
        spec: spec_outcome,
        lock,
        api,
        change,
        files,
        warnings,
    })
}

/// Classifies the change from `previous` to `spec` and bumps
/// `config.package.version` by what it implies.
fn classify(previous: &str, spec: &str, config: &mut Config) -> Result<Option<ApiChange>> {
    let diff = match generator::diff::diff(previous, spec, config) {
        Ok(diff) => diff,
        // The previous spec may not load any more (an older generator wrote
        // it): report no classification rather than refuse to regenerate.
        Err(err) => {
            eprintln!("note: cannot classify the change against the previous {SPEC}: {err}");
            return Ok(None);
        }
    };
    let bump = diff.bump();
    let version = if bump == Bump::None {
        None
    } else {
        let old = config.package.version.clone();
        let new = generator::diff::next_version(&old, bump).map_err(|err| anyhow!("{err}"))?;
        config.package.version = new.clone();
        Some((old, new))
    };
    Ok(Some(ApiChange { diff, version }))
}

/// `text` with the `version = "…"` of its `[package]` table set to
/// `version`, adding the line (and the table) when it is missing.
fn set_package_version(text: &str, version: &str) -> String {
    let line = format!("version = \"{version}\"\n");
    let mut in_package = false;
    let mut out = String::with_capacity(text.len() + line.len());
    let mut lines = text.split_inclusive('\n').peekable();
    while let Some(current) = lines.next() {
        let trimmed = current.trim();
        if trimmed.starts_with('[') {
            in_package = trimmed == "[package]";
        }
        if in_package && trimmed.starts_with("version") && trimmed.contains('=') {
            out.push_str(&line);
            out.extend(lines);
            return out;
        }
        out.push_str(current);
        if !current.ends_with('\n') && lines.peek().is_none() {
            out.push('\n');
        }
        // Leaving [package] without having seen a version: add it here.
        let next_is_table = lines.peek().is_none_or(|next| next.trim().starts_with('['));
        if in_package && next_is_table {
            out.push_str(&line);
            out.extend(lines);
            return out;
        }
    }
    format!("[package]\n{line}\n{text}")
}

/// (where it came from, its text, the location other files resolve from).
fn read_source(
    project: &Project,
    config: &Config,
    source: Source,
) -> Result<(String, String, Option<String>)> {
    let source = match source {
        Source::Vendored => return Ok((SPEC.to_owned(), project.vendored_spec()?, None)),
        Source::Explicit(source) => source,
        Source::Configured => match &config.package.spec_url {
            Some(url) => SpecSource::parse(url),
            None => bail!(
                "spec/generator.toml has no `[package] spec_url`; \
                 pass `--spec PATH|URL`, or `--offline` to use {SPEC}"
            ),
        },
    };
    let text = source.read().map_err(|err| match source {
        SpecSource::Url(_) => anyhow!(
            "{err:#}\nnothing was written. To regenerate from the vendored {SPEC} \
             without the network, run `cargo xtask regen --offline`."
        ),
        SpecSource::File(_) => err,
    })?;
    Ok((source.to_string(), text, Some(source.location())))
}

fn previous_spec(project: &Project) -> Result<String, String> {
    project
        .vendored_spec()
        .map_err(|_| format!("there was no previous {SPEC}"))
}

impl fmt::Display for RegenReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let spec = match self.spec {
            WriteOutcome::Written => "updated",
            WriteOutcome::Unchanged => "unchanged",
        };
        writeln!(f, "spec: {SPEC} {spec} (from {})", self.origin)?;
        if self.lock == WriteOutcome::Written {
            writeln!(f, "names: {LOCK} updated (review it with the spec)")?;
        }
        match &self.api {
            Ok(diff) => write!(f, "{diff}")?,
            Err(reason) => writeln!(f, "API changes: unknown, {reason}")?,
        }
        if let Some(change) = &self.change {
            if !change.diff.is_empty() {
                write!(f, "{}", change.diff.to_text())?;
            }
            if let Some((old, new)) = &change.version {
                writeln!(f, "crate version: {old} → {new} (in {CONFIG})")?;
            }
            writeln!(f, "report for the PR description: {CHANGES}")?;
        }
        if !self.warnings.is_empty() {
            writeln!(
                f,
                "warnings: {} (faults in the spec, read one sane way; `--strict` refuses them)",
                self.warnings.len()
            )?;
            for warning in &self.warnings {
                writeln!(f, "  {}: {}", warning.location, warning.message)?;
            }
        }
        let files = &self.files;
        writeln!(
            f,
            "files in {CLIENT}/: {} written, {} unchanged, {} removed",
            files.written.len(),
            files.unchanged.len(),
            files.removed.len()
        )?;
        write_list(f, '>', &files.written)?;
        write_list(f, 'x', &files.removed)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::fixture::{
        self, HTML_PAGE, MULTI_FILE_ROOT, MULTI_FILE_SCHEMA, SWAGGER_1, SWAGGER_2, TRUNCATED_JSON,
        VALID_SPEC, VALID_SPEC_V2,
    };

    fn regen_from(project: &Project, source: &str) -> Result<RegenReport> {
        regen(project, Source::Explicit(SpecSource::parse(source)))
    }

    #[test]
    fn invalid_spec_files_are_refused_and_nothing_is_written() {
        let cases = [
            ("error-page.html", HTML_PAGE, "HTML"),
            ("truncated.json", TRUNCATED_JSON, "invalid JSON"),
            (
                "swagger-1.json",
                SWAGGER_1,
                "Swagger `1.2` is not supported",
            ),
            (
                "not-openapi.json",
                r#"{"title": "a JSON file"}"#,
                "not an OpenAPI document",
            ),
            ("empty.json", "", "empty"),
        ];
        for (name, contents, expected) in cases {
            let (dir, project) = fixture::project();
            let bad = dir.path().join(name);
            std::fs::write(&bad, contents).unwrap();
            let before = fixture::snapshot(dir.path());
            let err = regen_from(&project, bad.to_str().unwrap()).err().unwrap();
            let message = format!("{err:#}");
            assert!(message.contains(expected), "{name}: {message}");
            assert!(message.contains("nothing was written"), "{name}: {message}");
            assert_eq!(
                fixture::snapshot(dir.path()),
                before,
                "{name} changed files"
            );
        }
    }

    #[test]
    fn bad_http_answers_are_refused_and_nothing_is_written() {
        let truncated_by_length = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{TRUNCATED_JSON}"
        );
        let truncated_by_close = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{TRUNCATED_JSON}"
        );
        let cases = [
            (fixture::response("200 OK", "text/html", HTML_PAGE), "HTML"),
            (
                fixture::response("503 Service Unavailable", "text/html", HTML_PAGE),
                "HTTP 503",
            ),
            (truncated_by_length, "truncated"),
            (truncated_by_close, "invalid JSON"),
        ];
        for (response, expected) in cases {
            let (dir, project) = fixture::project();
            let before = fixture::snapshot(dir.path());
            let url = fixture::serve_once(response, Duration::ZERO);
            let message = format!("{:#}", regen_from(&project, &url).err().unwrap());
            assert!(
                message.contains(expected),
                "expected {expected:?} in: {message}"
            );
            assert!(message.contains("nothing was written"), "{message}");
            assert_eq!(fixture::snapshot(dir.path()), before);
        }
    }

    #[test]
    fn failed_fetches_point_at_offline() {
        let (dir, project) = fixture::project();
        let before = fixture::snapshot(dir.path());
        // Bound then dropped: nothing listens on this port any more.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}/openapi.json");
        let message = format!("{:#}", regen_from(&project, &url).err().unwrap());
        assert!(message.contains("could not fetch"), "{message}");
        assert!(message.contains("cargo xtask regen --offline"), "{message}");
        assert_eq!(fixture::snapshot(dir.path()), before);
    }

    #[test]
    fn a_silent_server_times_out() {
        let url = fixture::serve_once(String::new(), Duration::from_secs(5));
        let timeouts = crate::fetch::Timeouts {
            connect: Duration::from_secs(1),
            read: Duration::from_millis(200),
            overall: Duration::from_secs(2),
        };
        let started = std::time::Instant::now();
        let message = format!("{:#}", crate::fetch::fetch(&url, &timeouts).err().unwrap());
        assert!(message.to_lowercase().contains("timeout"), "{message}");
        assert!(started.elapsed() < Duration::from_secs(3));
    }

    #[test]
    fn regen_writes_canonical_spec_and_client_then_reruns_change_nothing() {
        let (dir, project) = fixture::project();
        let new_spec = dir.path().join("new.json");
        std::fs::write(&new_spec, VALID_SPEC).unwrap();
        let report = regen_from(&project, new_spec.to_str().unwrap()).unwrap();
        assert_eq!(report.spec, WriteOutcome::Written);
        assert!(!report.files.written.is_empty());
        let placeholder = std::fs::read_to_string(project.client_dir().join("src/lib.rs"));
        assert!(
            placeholder.map_or(true, |text| text != "// old\n"),
            "placeholder replaced"
        );
        let spec = std::fs::read_to_string(project.spec_path()).unwrap();
        assert_eq!(
            generator::normalize_spec(&spec).unwrap(),
            spec,
            "spec is canonical"
        );
        assert!(
            dir.path()
                .join("generated-client/target/debug/build-output")
                .exists()
        );

        let after_first = fixture::snapshot(dir.path());
        let again = regen(&project, Source::Vendored).unwrap();
        assert_eq!(again.spec, WriteOutcome::Unchanged);
        assert!(again.files.written.is_empty() && again.files.removed.is_empty());
        assert_eq!(again.api, Ok(SummaryDiff::default()));
        assert_eq!(
            fixture::snapshot(dir.path()),
            after_first,
            "byte-identical rerun"
        );
        assert!(crate::check::check(&project).unwrap().is_empty());
    }

    #[test]
    fn swagger_2_is_converted_and_vendored_as_written() {
        let (dir, project) = fixture::project();
        let path = dir.path().join("swagger.json");
        std::fs::write(&path, SWAGGER_2).unwrap();
        let report = regen_from(&project, path.to_str().unwrap()).unwrap();
        assert_eq!(report.spec, WriteOutcome::Written);
        let vendored = std::fs::read_to_string(project.spec_path()).unwrap();
        assert!(vendored.contains("\"swagger\": \"2.0\""), "{vendored}");
        let lib =
            std::fs::read_to_string(project.client_dir().join("src/apis/widgets.rs")).unwrap();
        assert!(lib.contains("pub fn list(&self)"), "{lib}");
    }

    #[test]
    fn a_multi_file_spec_is_bundled_into_one_vendored_document() {
        let (dir, project) = fixture::project();
        std::fs::create_dir_all(dir.path().join("api/schemas")).unwrap();
        std::fs::write(dir.path().join("api/openapi.yaml"), MULTI_FILE_ROOT).unwrap();
        std::fs::write(
            dir.path().join("api/schemas/widget.yaml"),
            MULTI_FILE_SCHEMA,
        )
        .unwrap();
        let root = dir.path().join("api/openapi.yaml");
        regen_from(&project, root.to_str().unwrap()).unwrap();
        let vendored = std::fs::read_to_string(project.spec_path()).unwrap();
        assert!(!vendored.contains("widget.yaml"), "{vendored}");
        assert!(
            vendored.contains("\"#/components/schemas/Widget\""),
            "{vendored}"
        );
        let types = std::fs::read_to_string(project.client_dir().join("src/types.rs")).unwrap();
        assert!(types.contains("pub struct Widget"), "{types}");
        assert!(
            types.contains("pub owner: Option<Box<Widget>>")
                || types.contains("pub owner: Option<Box<crate::types::Widget>>"),
            "{types}"
        );
    }

    #[test]
    fn strict_refuses_a_spec_with_warnings_and_writes_nothing() {
        let (dir, project) = fixture::project();
        let path = dir.path().join("faulty.json");
        let faulty = VALID_SPEC.replacen("\"openapi\":\"3.0.3\"", "\"openapi\":3.0", 1);
        assert_ne!(faulty, VALID_SPEC, "the fixture names its version");
        std::fs::write(&path, &faulty).unwrap();
        let before = fixture::snapshot(dir.path());
        let options = generator::Options { strict: true };
        let source = Source::Explicit(SpecSource::parse(path.to_str().unwrap()));
        let message = format!(
            "{:#}",
            regen_with(&project, source, &options).err().unwrap()
        );
        assert!(message.contains("#/openapi"), "{message}");
        assert!(message.contains("nothing was written"), "{message}");
        assert_eq!(fixture::snapshot(dir.path()), before);
        // Without --strict the same spec regenerates and reports the warning.
        let report = regen_from(&project, path.to_str().unwrap()).unwrap();
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        assert!(report.to_string().contains("warnings: 1"));
    }

    #[test]
    fn regen_reports_added_operations() {
        let (dir, project) = fixture::project();
        for (name, spec) in [("v1.json", VALID_SPEC), ("v2.json", VALID_SPEC_V2)] {
            std::fs::write(dir.path().join(name), spec).unwrap();
        }
        regen_from(&project, dir.path().join("v1.json").to_str().unwrap()).unwrap();
        let report = regen_from(&project, dir.path().join("v2.json").to_str().unwrap()).unwrap();
        let diff = report.api.as_ref().unwrap();
        assert_eq!(diff.operations.added, ["POST /widgets"]);
        assert!(diff.operations.removed.is_empty());
        assert!(report.to_string().contains("+ POST /widgets"));
        // An added operation is additive: a patch bump for a 0.x crate,
        // recorded in the config and in the report for the PR.
        let config = std::fs::read_to_string(project.config_path()).unwrap();
        assert!(config.contains("version = \"0.1.1\""), "{config}");
        let changes = std::fs::read_to_string(project.changes_path()).unwrap();
        assert!(changes.contains("POST /widgets"), "{changes}");
    }
}

#[cfg(test)]
mod version_tests {
    use super::set_package_version;

    #[test]
    fn only_the_package_version_is_set() {
        let config =
            "# c\n[package]\nname = \"x\"\nversion = \"0.1.0\"\n\n[envelope]\nversion = \"keep\"\n";
        assert_eq!(
            set_package_version(config, "0.2.0"),
            "# c\n[package]\nname = \"x\"\nversion = \"0.2.0\"\n\n[envelope]\nversion = \"keep\"\n"
        );
        assert_eq!(
            set_package_version(
                "[package]\nname = \"x\"\n[envelope]\ndata = \"d\"\n",
                "0.1.1"
            ),
            "[package]\nname = \"x\"\nversion = \"0.1.1\"\n[envelope]\ndata = \"d\"\n"
        );
        assert_eq!(
            set_package_version("[envelope]\ndata = \"d\"\n", "0.1.1"),
            "[package]\nversion = \"0.1.1\"\n\n[envelope]\ndata = \"d\"\n"
        );
    }
}
