//! Where things live in the repository, relative to a root given by the caller
//! (so tests can point it at a temporary directory).

use std::{
    fs,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};
use generator::Config;

pub const SPEC: &str = "spec/openapi.json";
pub const CONFIG: &str = "spec/generator.toml";
/// The Rust names of the operations, pinned by HTTP identity (`generator::lock`).
pub const LOCK: &str = "spec/generator.lock";
pub const CLIENT: &str = "generated-client";
pub const CHANGES: &str = "API_CHANGES.md";

pub struct Project {
    root: PathBuf,
}

impl Project {
    pub fn new(root: impl Into<PathBuf>) -> Project {
        Project { root: root.into() }
    }

    /// The workspace root: the parent of this crate's directory.
    pub fn from_manifest_dir() -> Project {
        let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        Project::new(manifest_dir.parent().unwrap_or(manifest_dir))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn spec_path(&self) -> PathBuf {
        self.root.join(SPEC)
    }

    pub fn client_dir(&self) -> PathBuf {
        self.root.join(CLIENT)
    }

    /// The config and the example programs it lists.
    pub fn config(&self) -> Result<Config> {
        Config::load(&self.config_path()).map_err(|err| anyhow::anyhow!("{err}"))
    }

    pub fn config_path(&self) -> PathBuf {
        self.root.join(CONFIG)
    }

    /// `generator.lock`, beside the config (where `Config::load` reads it).
    pub fn lock_path(&self) -> PathBuf {
        self.root.join(LOCK)
    }

    /// The API change report `regen` writes for the PR description.
    pub fn changes_path(&self) -> PathBuf {
        self.root.join(CHANGES)
    }

    pub fn vendored_spec(&self) -> Result<String> {
        let path = self.spec_path();
        fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    }
}
