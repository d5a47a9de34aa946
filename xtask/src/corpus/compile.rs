//! `cargo check` of every generated corpus crate in one throwaway workspace:
//! dependencies build once into a shared target directory, cargo schedules
//! all crates across the cores, and `--keep-going` lets one broken crate not
//! hide the others.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::write::write_if_changed;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compiled {
    Ok,
    /// The first error, one line.
    Error(String),
}

/// Checks the crates in `work_dir/<name>/` and returns each one's result.
pub fn check_crates(
    work_dir: &Path,
    target_dir: &Path,
    crate_names: &[String],
    jobs: usize,
    lockfile_seed: &Path,
) -> Result<BTreeMap<String, Compiled>> {
    if crate_names.is_empty() {
        return Ok(BTreeMap::new());
    }
    write_workspace(work_dir, crate_names, lockfile_seed)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(work_dir)
        .args(["check", "--workspace", "--keep-going", "--quiet"])
        // `mock` and `middleware` too: the test doubles must compile for every spec.
        .arg("--all-features")
        // Short diagnostics, framed as JSON so each one names its crate.
        .arg("--message-format=json-diagnostic-short")
        .arg("--jobs")
        .arg(jobs.to_string())
        .arg("--target-dir")
        .arg(target_dir)
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped())
        .output()
        .context("running cargo check")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut results = attribute_messages(&stdout, crate_names);
    if !output.status.success() && results.is_empty() {
        // Nothing was compiled at all: the workspace or a dependency is broken.
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!(
            "cargo check failed before checking any crate: {}",
            first_error(&stderr)
        );
    }
    for name in crate_names {
        results.entry(name.clone()).or_insert_with(|| {
            Compiled::Error("not checked: a dependency or the build script failed".to_owned())
        });
    }
    Ok(results)
}

fn write_workspace(work_dir: &Path, crate_names: &[String], lockfile_seed: &Path) -> Result<()> {
    let members: Vec<String> = crate_names
        .iter()
        .map(|name| format!("    {name:?},\n"))
        .collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`: a throwaway workspace of generated clients.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members.concat()
    );
    write_if_changed(&work_dir.join("Cargo.toml"), &manifest)
        .with_context(|| format!("writing {}", work_dir.join("Cargo.toml").display()))?;
    // Start from the project's lockfile: the same dependency versions, already downloaded.
    let lockfile = work_dir.join("Cargo.lock");
    if !lockfile.exists() && lockfile_seed.exists() {
        fs::copy(lockfile_seed, &lockfile)
            .with_context(|| format!("copying {}", lockfile_seed.display()))?;
    }
    Ok(())
}

/// Reads cargo's JSON messages: a crate is `Ok` once it produced an artifact
/// without an error, `Error` with its first error otherwise. Crates cargo
/// never reached are absent.
fn attribute_messages(stdout: &str, crate_names: &[String]) -> BTreeMap<String, Compiled> {
    let ours: BTreeSet<&str> = crate_names.iter().map(String::as_str).collect();
    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(name) = crate_dir_name(&message).filter(|name| ours.contains(name.as_str()))
        else {
            continue;
        };
        match message["reason"].as_str() {
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let rendered = message["message"]["rendered"].as_str().unwrap_or("error");
                let first = rendered
                    .lines()
                    .next()
                    .unwrap_or(rendered)
                    .trim()
                    .to_owned();
                // Keep the first error; later ones are often consequences.
                if !matches!(results.get(&name), Some(Compiled::Error(_))) {
                    results.insert(name, Compiled::Error(first));
                }
            }
            Some("compiler-artifact") => {
                results.entry(name).or_insert(Compiled::Ok);
            }
            _ => {}
        }
    }
    results
}

/// The generated crates live in `<work_dir>/<crate name>/Cargo.toml`.
fn crate_dir_name(message: &Value) -> Option<String> {
    let manifest = PathBuf::from(message["manifest_path"].as_str()?);
    Some(
        manifest
            .parent()?
            .file_name()?
            .to_string_lossy()
            .into_owned(),
    )
}

fn first_error(stderr: &str) -> String {
    stderr
        .lines()
        .find(|line| line.trim_start().starts_with("error"))
        .or_else(|| stderr.lines().find(|line| !line.trim().is_empty()))
        .unwrap_or("(no output)")
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_attributed_to_their_crate_and_artifacts_mean_ok() {
        let stdout = [
            r#"{"reason":"compiler-artifact","manifest_path":"/w/dep/Cargo.toml"}"#,
            r#"{"reason":"compiler-message","manifest_path":"/w/corpus-a/Cargo.toml","message":{"level":"warning","rendered":"src/lib.rs:1:1: warning: unused"}}"#,
            r#"{"reason":"compiler-artifact","manifest_path":"/w/corpus-a/Cargo.toml"}"#,
            r#"{"reason":"compiler-message","manifest_path":"/w/corpus-b/Cargo.toml","message":{"level":"error","rendered":"src/lib.rs:2:3: error[E0308]: mismatched types\n"}}"#,
            r#"{"reason":"compiler-message","manifest_path":"/w/corpus-b/Cargo.toml","message":{"level":"error","rendered":"src/lib.rs:9:9: error: second"}}"#,
            "not json",
        ]
        .join("\n");
        let names = ["corpus-a", "corpus-b", "corpus-c"].map(String::from);
        let results = attribute_messages(&stdout, &names);
        assert_eq!(results.get("corpus-a"), Some(&Compiled::Ok));
        assert_eq!(
            results.get("corpus-b"),
            Some(&Compiled::Error(
                "src/lib.rs:2:3: error[E0308]: mismatched types".into()
            ))
        );
        assert_eq!(results.get("corpus-c"), None);
        assert_eq!(results.len(), 2);
    }
}
