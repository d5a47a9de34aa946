//! The pinned openapi-core, in a virtualenv inside the repository
//! (`tools/openapi-core/venv`), from `tests/contract/requirements.txt`.

use std::{path::Path, process::Command};

use anyhow::{Context, Result, bail};

use super::{REQUIREMENTS, VENV};

/// Creates the virtualenv and installs the requirements when it is missing
/// or the requirements changed since the last install.
pub fn install_openapi_core(root: &Path) -> Result<()> {
    let venv = root.join(VENV);
    let requirements = root.join(REQUIREMENTS);
    let stamp = venv.join("installed-requirements.txt");
    let wanted = std::fs::read_to_string(&requirements)
        .with_context(|| format!("reading {}", requirements.display()))?;
    let python = venv.join("bin/python");
    let _installing = crate::install_lock::hold(&venv)?;
    if python.exists() && std::fs::read_to_string(&stamp).is_ok_and(|done| done == wanted) {
        return Ok(());
    }
    println!("installing the pinned openapi-core into {VENV} (pip)");
    if !python.exists() {
        let status = Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .context("running `python3 -m venv` (is Python 3.9+ installed?)")?;
        if !status.success() {
            bail!("`python3 -m venv {VENV}` failed; the contract check needs it");
        }
    }
    let status = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements)
        .status()
        .context("running pip")?;
    if !status.success() {
        bail!("`pip install -r {REQUIREMENTS}` failed; the contract check needs openapi-core");
    }
    std::fs::write(&stamp, wanted).with_context(|| format!("writing {}", stamp.display()))?;
    Ok(())
}
