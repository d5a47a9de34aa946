//! `cargo xtask test`: the one command that runs every test on a fresh
//! machine. Tools the tests need beyond cargo (Prism, cargo-semver-checks, openapi-core)
//! are installed pinned, into the repository, never globally.

use std::{path::Path, process::Command, process::ExitCode};

use anyhow::{Context, Result, bail};

use crate::{contract, project::Project, semver_checks};

/// Where the pinned Prism mock server lives (`package-lock.json` pins it).
const PRISM_DIR: &str = "tools/prism";

pub fn run(project: &Project, cargo_args: &[String]) -> Result<ExitCode> {
    install_prism(&project.root().join(PRISM_DIR))?;
    semver_checks::install(project.root())?;
    contract::install_openapi_core(project.root())?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(project.root())
        .args(["test", "--workspace", "--no-fail-fast"])
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
