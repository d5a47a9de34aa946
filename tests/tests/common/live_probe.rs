//! Generated clients run for real: a small spec becomes a crate, a probe program
//! (an example of that crate) calls it, and the test runs the program against a
//! local server and reads what it printed.
//!
//! The crates live in one throwaway workspace, `target/live-probes/`, built with
//! the main workspace's lock file into the target directory of all generated
//! crates, so dependencies are compiled once and cached between runs.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One build at a time per test binary (cargo would block on its lock anyway).
static BUILDING: Mutex<()> = Mutex::new(());

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/live-probes")
}

/// Writes `contents` unless the file already holds exactly that, so cargo's
/// fingerprints stay valid between runs.
fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == contents) {
        return;
    }
    std::fs::create_dir_all(path.parent().expect("a file has a parent"))
        .expect("create the probe directory");
    std::fs::write(path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Shared with the other generated crates of the tests (see `common/generated.rs`).
fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/generated-target")
}

/// Generates the crate of `spec` (plus `config`, a `generator.toml` text) with
/// `program` as its example `<name>_probe`, builds it, and returns the binary.
pub fn build(name: &str, spec: &str, config: &str, program: &str) -> PathBuf {
    build_with_features(name, spec, config, program, &[])
}

/// [`build`] with cargo features of the generated crate enabled (`mock`).
pub fn build_with_features(
    name: &str,
    spec: &str,
    config: &str,
    program: &str,
    features: &[&str],
) -> PathBuf {
    let _guard = BUILDING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut config =
        generator::Config::from_toml(config, "generator.toml").expect("probe config parses");
    let crate_name = format!("probe-{}", name.replace('_', "-"));
    let example = format!("{name}_probe");
    config.package.name = crate_name.clone();
    config.examples.insert(example.clone(), Vec::new());
    config
        .example_sources
        .insert(example.clone(), program.to_owned());
    let generated =
        generator::generate(spec, &config).unwrap_or_else(|e| panic!("probe spec `{name}`: {e}"));

    let root = root();
    let dir = root.join("probes").join(name);
    for file in &generated.files {
        write_if_changed(&dir.join(&file.path), &file.contents);
    }
    write_if_changed(
        &root.join("Cargo.toml"),
        "# Throwaway workspace of tests/tests/common/live_probe.rs: generated clients and their probes.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\"probes/*\"]\n",
    );
    let lock = root.join("Cargo.lock");
    if !lock.exists() {
        let _ = std::fs::copy(
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
            &lock,
        );
    }
    let output = cargo(&root)
        .args([
            "build",
            "--package",
            &crate_name,
            "--example",
            &example,
            "--message-format=short",
            "--features",
            &features.join(","),
        ])
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "the probe `{name}` does not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let clippy = cargo(&root)
        .args([
            "clippy",
            "--package",
            &crate_name,
            "--message-format=short",
            "--features",
            &features.join(","),
            "--",
            "-D",
            "warnings",
        ])
        .output()
        .expect("run cargo clippy");
    assert!(
        clippy.status.success(),
        "the crate generated for `{name}` is not clippy-clean:\n{}",
        String::from_utf8_lossy(&clippy.stderr)
    );
    target_dir()
        .join("debug/examples")
        .join(format!("{example}{}", std::env::consts::EXE_SUFFIX))
}

fn cargo(root: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME");
    command
}

/// What a probe run printed.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// The lines of stdout.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// Runs `binary` with `args`, off the async runtime (the server runs on it).
pub async fn run(binary: &Path, args: &[&str]) -> Run {
    let binary = binary.to_owned();
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    tokio::task::spawn_blocking(move || {
        let output = Command::new(&binary)
            .args(&args)
            .output()
            .expect("run the probe");
        Run {
            success: output.status.success(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    })
    .await
    .expect("the probe runner does not panic")
}
