//! Probe clients: a crate generated from a small spec, plus a runner program that calls
//! it, built as a throwaway workspace under `target/probes/<name>/` and run against a
//! local server. This is how wire tests exercise *generated* code rather than runtime
//! helpers alone.
//!
//! The workspace starts from the main `Cargo.lock` and builds into the main target
//! directory, so the dependencies the integration tests already compiled (reqwest,
//! rustls, …) are reused where their features agree.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A built probe: its runner binary and the generated crate's directory.
pub struct Probe {
    pub binary: PathBuf,
    pub crate_dir: PathBuf,
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// Writes `contents` unless the file holds it already (unchanged files keep their
/// mtimes, so cargo rebuilds nothing).
fn write_if_changed(path: &Path, contents: &[u8]) {
    if std::fs::read(path).is_ok_and(|existing| existing == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
    }
    std::fs::write(path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}

/// Lays out and builds probe `name`: the generated crate (`files`, whose package name
/// is `crate_name`) and a runner whose `src/main.rs` is `main_rs`. Panics with cargo's
/// diagnostics when it does not build, or when the generated crate has warnings.
pub fn build(
    name: &str,
    crate_name: &str,
    files: &[generator::GeneratedFile],
    main_rs: &str,
) -> Probe {
    let root = target_dir().join("probes").join(name);
    let crate_dir = root.join("client");
    for file in files {
        write_if_changed(&crate_dir.join(&file.path), file.contents.as_bytes());
    }
    let runner = format!("{name}-runner");
    let manifest = format!(
        "[package]\nname = \"{runner}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{crate_name} = {{ path = \"../client\" }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
         serde_json = \"1\"\nfutures-util = {{ version = \"0.3\", default-features = false, features = [\"std\"] }}\n"
    );
    write_if_changed(&root.join("runner/Cargo.toml"), manifest.as_bytes());
    write_if_changed(&root.join("runner/src/main.rs"), main_rs.as_bytes());
    let workspace = "# Throwaway workspace written by tests/tests/common/probe.rs.\n\
                     [workspace]\nresolver = \"3\"\nmembers = [\"client\", \"runner\"]\n";
    write_if_changed(&root.join("Cargo.toml"), workspace.as_bytes());
    if !root.join("Cargo.lock").exists() {
        let _ = std::fs::copy(repo_root().join("Cargo.lock"), root.join("Cargo.lock"));
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["build", "--message-format=short", "-p", &runner])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let diagnostics = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "probe `{name}` does not build:\n{diagnostics}"
    );
    let client_warnings: Vec<&str> = diagnostics
        .lines()
        .filter(|line| line.starts_with("client/") && line.contains("warning"))
        .collect();
    assert!(
        client_warnings.is_empty(),
        "the generated probe crate `{name}` has warnings:\n{}",
        client_warnings.join("\n")
    );
    Probe {
        binary: target_dir().join("debug").join(&runner),
        crate_dir,
    }
}

impl Probe {
    /// Runs the runner with `base_url` as its argument; returns its stdout, panicking with
    /// its output when it fails.
    pub fn run(&self, base_url: &str) -> String {
        let output = Command::new(&self.binary)
            .arg(base_url)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.binary.display()));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(
            output.status.success(),
            "{} failed:\n{stdout}\n{}",
            self.binary.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        stdout
    }
}
