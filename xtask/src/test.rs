//! `cargo xtask test`: the one command that runs every test on a fresh
//! machine, and `cargo xtask semver-agreement`, the one kept out of it for its
//! cost. Tools the tests need beyond cargo (Prism, cargo-semver-checks) are
//! installed pinned, into the repository, never globally.

use std::{path::Path, process::Command, process::ExitCode};

use anyhow::{Context, Result, bail};

use crate::{project::Project, semver_checks};

/// Where the pinned Prism mock server lives (`package-lock.json` pins it).
const PRISM_DIR: &str = "tools/prism";

pub fn run(project: &Project, cargo_args: &[String]) -> Result<ExitCode> {
    install_prism(&project.root().join(PRISM_DIR))?;
    cargo_test(project, &["--workspace", "--no-fail-fast"], cargo_args)
}

/// The change report against cargo-semver-checks (`tests/semver_agreement.rs`),
/// which `cargo xtask test` leaves out: building the tool takes about 12 min of
/// CPU once, the test about 4 more.
pub fn semver_agreement(project: &Project, cargo_args: &[String]) -> Result<ExitCode> {
    semver_checks::install(project.root())?;
    cargo_test(
        project,
        &[
            "-p",
            "integration-tests",
            "--features",
            "semver-agreement",
            "--test",
            "semver_agreement",
        ],
        cargo_args,
    )
}

fn cargo_test(project: &Project, args: &[&str], cargo_args: &[String]) -> Result<ExitCode> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(project.root())
        .arg("test")
        .args(args)
        .args(cargo_args)
        .status()
        .context("running `cargo test`")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `npm ci` when Prism is missing or the lockfile changed since the last install.
fn install_prism(dir: &Path) -> Result<()> {
    let binary = dir.join("node_modules/.bin/prism");
    let installed_lock = dir.join("node_modules/.package-lock.json");
    let lock = dir.join("package-lock.json");
    let modified = |path: &Path| path.metadata().and_then(|m| m.modified()).ok();
    let _installing = crate::install_lock::hold(dir)?;
    let fresh = binary.exists()
        && matches!((modified(&installed_lock), modified(&lock)), (Some(installed), Some(wanted)) if installed >= wanted);
    if fresh {
        return Ok(());
    }
    println!("installing the pinned Prism mock server into {PRISM_DIR} (npm ci)");
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir)
        .status()
        .context("running `npm ci` (is Node.js with npm installed?)")?;
    if !status.success() {
        bail!("`npm ci --prefix {PRISM_DIR}` failed; the contract tests need Prism");
    }
    Ok(())
}
