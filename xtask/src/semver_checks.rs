//! The pinned cargo-semver-checks that `tests/tests/semver_agreement.rs`
//! holds the change report to. `tools/cargo-semver-checks/VERSION` pins it;
//! it is built from crates.io into that folder, once: a binary of the pinned
//! version already there is reused.

use std::{fs, path::Path, process::Command};

use anyhow::{Context, Result, bail};

/// Where it is installed (`bin/cargo-semver-checks`) and pinned (`VERSION`).
pub const DIR: &str = "tools/cargo-semver-checks";

/// `cargo install` of the pinned version, unless it is installed already.
pub fn install(root: &Path) -> Result<()> {
    let dir = root.join(DIR);
    let version_file = dir.join("VERSION");
    let pinned = fs::read_to_string(&version_file)
        .with_context(|| format!("reading {}", version_file.display()))?;
    let pinned = pinned.trim();
    let binary = dir.join("bin/cargo-semver-checks");
    let _installing = crate::install_lock::hold(&dir)?;
    if installed_version(&binary).as_deref() == Some(pinned) {
        return Ok(());
    }
    println!(
        "installing the pinned cargo-semver-checks {pinned} into {DIR} \
         (cargo install, once: about 12 min of CPU)"
    );
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(["install", "--locked", "--force", "--root"])
        .arg(&dir)
        .args(["cargo-semver-checks", "--version", pinned])
        // Its own release profile: measured, neither turning off its fat LTO
        // nor `--no-default-features` (306 crates either way) shortened the
        // build by more than the noise (about 12 min of CPU).
        .status()
        .context("running `cargo install cargo-semver-checks`")?;
    if !status.success() {
        bail!("installing cargo-semver-checks {pinned} into {DIR} failed");
    }
    Ok(())
}

/// `0.51.0` from `cargo-semver-checks 0.51.0`, if the binary runs.
fn installed_version(binary: &Path) -> Option<String> {
    let output = Command::new(binary).arg("--version").output().ok()?;
    let stdout = String::from_utf8(output.stdout).ok()?;
    stdout
        .trim()
        .strip_prefix("cargo-semver-checks ")
        .map(str::to_owned)
}
