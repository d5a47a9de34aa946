//! Generated crates judged by cargo-semver-checks: the crates are written into
//! one throwaway cargo workspace, documented as rustdoc JSON in a single
//! `cargo doc` run (dependencies build once, rustdoc runs on every core), and
//! each old/new pair is compared from those JSON files, so cargo-semver-checks
//! itself builds nothing.
//!
//! The tool is pinned in `tools/cargo-semver-checks/VERSION` and installed
//! there by `cargo xtask test`. Included with `#[path]` by the tests that use it.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::Config;

/// The name every crate is given before comparing, so that the old and new
/// crates' item paths line up.
const CRATE: &str = "generated";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The pinned cargo-semver-checks, checked to be the pinned version.
pub fn binary() -> PathBuf {
    let dir = repo_root().join("tools/cargo-semver-checks");
    let pinned = fs::read_to_string(dir.join("VERSION"))
        .expect("tools/cargo-semver-checks/VERSION names the pinned version");
    let pinned = pinned.trim();
    let binary = dir.join("bin/cargo-semver-checks");
    let output = Command::new(&binary).arg("--version").output();
    let installed = output
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned());
    assert_eq!(
        installed.as_deref(),
        Some(format!("cargo-semver-checks {pinned}").as_str()),
        "{} is not the pinned cargo-semver-checks {pinned}: run `cargo xtask test`, which installs it",
        binary.display()
    );
    binary
}

/// A crate to generate: its (unique) crate name, spec and config.
pub struct CrateSpec<'a> {
    pub name: String,
    pub spec: &'a str,
    pub config: &'a Config,
}

/// Generates `crates` into `work/crates/`, documents them all, and returns
/// each crate's rustdoc JSON, renamed to the common crate name, by crate name.
pub fn document(work: &Path, target: &Path, crates: &[CrateSpec<'_>]) -> BTreeMap<String, PathBuf> {
    let crates_dir = work.join("crates");
    let generated: Vec<(String, generator::Generated)> = std::thread::scope(|scope| {
        let handles: Vec<_> = crates
            .iter()
            .map(|krate| {
                scope.spawn(move || {
                    let mut config = krate.config.clone();
                    config.package.name = krate.name.clone();
                    let generated = generator::generate(krate.spec, &config)
                        .unwrap_or_else(|err| panic!("generating {}: {err}", krate.name));
                    (krate.name.clone(), generated)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("generation does not panic"))
            .collect()
    });
    for (name, generated) in &generated {
        write_crate(&crates_dir.join(name), generated);
    }
    let members: Vec<String> = crates
        .iter()
        .map(|krate| format!("    \"crates/{}\",\n", krate.name))
        .collect();
    write_if_changed(
        &work.join("Cargo.toml"),
        &format!(
            "# Written by the semver agreement test: generated crates to compare.\n\
             [workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
            members.concat()
        ),
    );
    // The project's lockfile: the same dependency versions, already downloaded.
    let lockfile = work.join("Cargo.lock");
    if !lockfile.exists() {
        fs::copy(repo_root().join("Cargo.lock"), &lockfile).expect("copying Cargo.lock");
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(work)
        .args(["doc", "--workspace", "--no-deps", "--quiet", "--target-dir"])
        .arg(target)
        // rustdoc's JSON output is unstable; cargo-semver-checks builds it this same way.
        .env("RUSTC_BOOTSTRAP", "1")
        .env(
            "RUSTDOCFLAGS",
            "-Z unstable-options --output-format=json --document-hidden-items --cap-lints=allow",
        )
        .output()
        .expect("running cargo doc");
    assert!(
        output.status.success(),
        "cargo doc failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let json_dir = work.join("json");
    fs::create_dir_all(&json_dir).expect("creating the JSON directory");
    crates
        .iter()
        .map(|krate| {
            let documented = target.join("doc").join(format!("{}.json", krate.name));
            let json = fs::read_to_string(&documented)
                .unwrap_or_else(|err| panic!("reading {}: {err}", documented.display()));
            let renamed = json_dir.join(format!("{}.json", krate.name));
            write_if_changed(&renamed, &renamed_crate(&json, &krate.name));
            (krate.name.clone(), renamed)
        })
        .collect()
}

/// The crate's own item paths and root module under [`CRATE`]; rustdoc
/// writes JSON without spaces, so the replacements are exact.
fn renamed_crate(json: &str, name: &str) -> String {
    let paths = format!("\"path\":[\"{name}\"");
    assert!(
        json.contains(&paths),
        "no item paths of {name} in its rustdoc JSON"
    );
    json.replace(&paths, &format!("\"path\":[\"{CRATE}\""))
        .replacen(
            &format!("\"name\":\"{name}\",\"span\""),
            &format!("\"name\":\"{CRATE}\",\"span\""),
            1,
        )
}

/// Writes the crate's files and removes any a previous run left.
fn write_crate(dir: &Path, generated: &generator::Generated) {
    let wanted: BTreeSet<PathBuf> = generated
        .files
        .iter()
        .map(|file| dir.join(&file.path))
        .collect();
    for file in &generated.files {
        write_if_changed(&dir.join(&file.path), &file.contents);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if !wanted.contains(&path) {
                fs::remove_file(&path).expect("removing a stale generated file");
            }
        }
    }
}

/// Keeps unchanged files' mtimes, so that a rerun documents only what changed.
fn write_if_changed(path: &Path, contents: &str) {
    if fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("creating a directory");
    }
    fs::write(path, contents).unwrap_or_else(|err| panic!("writing {}: {err}", path.display()));
}

/// How cargo-semver-checks rates what it found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// A deny-level lint: the change needs a major version.
    Failure,
    /// A warn-level lint that would need a major version: cargo-semver-checks
    /// flags a likely behaviour change, not a compile break.
    Warning,
}

/// One place a lint fired.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub lint: String,
    pub level: Level,
    /// `struct generated::apis::pets::GetPet, previously in file …`
    pub text: String,
}

impl Finding {
    /// The names in the item the finding is about: `Pets::get` → `Pets`, `get`.
    pub fn names(&self) -> BTreeSet<String> {
        const KIND_WORDS: &[&str] = &[
            "struct",
            "enum",
            "union",
            "mod",
            "module",
            "fn",
            "function",
            "method",
            "field",
            "variant",
            "trait",
            "type",
            "macro",
            "proc",
            "static",
            "const",
            "constant",
            "feature",
            "associated",
            "impl",
            "pub",
            "inherent",
        ];
        let item = self
            .text
            .split_whitespace()
            .find(|word| !KIND_WORDS.contains(word))
            .unwrap_or_default()
            .trim_end_matches([',', ':', ';']);
        names_in(item)
            .into_iter()
            .filter(|name| name != CRATE)
            .collect()
    }
}

/// The identifiers of a Rust path, `::`-, `.`- or space-separated.
pub fn names_in(path: &str) -> BTreeSet<String> {
    path.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Runs cargo-semver-checks on two rustdoc JSON files as a minor release:
/// everything it reports needs a major version.
pub fn check(binary: &Path, old_json: &Path, new_json: &Path) -> Vec<Finding> {
    let output = Command::new(binary)
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .args(["--color", "never", "--baseline-rustdoc"])
        .arg(old_json)
        .arg("--current-rustdoc")
        .arg(new_json)
        .output()
        .expect("running cargo-semver-checks");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Exit status 1 (or 100) only says that lints fired; the summary says it ran.
    assert!(
        stderr.contains("Summary"),
        "cargo-semver-checks did not finish:\n{stderr}\n{stdout}"
    );
    let findings = parse(&stdout);
    let failed = stderr.contains("semver requires new major version");
    assert_eq!(
        failed,
        findings.iter().any(|f| f.level == Level::Failure),
        "the parsed findings disagree with the summary:\n{stderr}\n{stdout}"
    );
    findings
}

/// `--- failure <lint>: …` (or `--- warning`), then `Failed in:` and one
/// indented line per place.
fn parse(stdout: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut current: Option<(String, Level)> = None;
    let mut in_places = false;
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("--- ") {
            let (level, rest) = match rest.split_once(' ') {
                Some(("failure", rest)) => (Level::Failure, rest),
                Some(("warning", rest)) => (Level::Warning, rest),
                _ => continue,
            };
            let lint = rest.split(':').next().unwrap_or(rest).to_owned();
            current = Some((lint, level));
            in_places = false;
        } else if line.trim() == "Failed in:" {
            in_places = true;
        } else if line.trim().is_empty() {
            in_places = false;
        } else if in_places && line.starts_with("  ") {
            if let Some((lint, level)) = &current {
                findings.push(Finding {
                    lint: lint.clone(),
                    level: *level,
                    text: line.trim().to_owned(),
                });
            }
        }
    }
    findings.sort();
    findings.dedup();
    findings
}
