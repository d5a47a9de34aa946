//! Helpers for tests that generate crates from small inline specs and look at
//! the result: the files, the warnings, and whether the crates compile.
//!
//! Used by `lenient.rs`, `references.rs` and `versions.rs` (included by path,
//! so `common/mod.rs` and its runtime dependencies stay out of them).
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::{Config, Generated, Options, SpecSource, Warning};

/// A generated crate: its name, files and warnings.
pub struct Crate {
    pub name: String,
    pub files: BTreeMap<String, String>,
    pub warnings: Vec<Warning>,
    /// `src/types.rs` and `src/types/*.rs`: what `file("src/types.rs")` reads.
    types_module: String,
}

impl Crate {
    #[track_caller]
    pub fn file(&self, path: &str) -> &str {
        if path == "src/types.rs" {
            return &self.types_module;
        }
        self.files.get(path).map(String::as_str).unwrap_or_else(|| {
            panic!(
                "`{}`: no file `{path}`; files: {:?}",
                self.name,
                self.files.keys().collect::<Vec<_>>()
            )
        })
    }

    pub fn types(&self) -> &str {
        self.file("src/types.rs")
    }

    /// Every file, concatenated: for snippets whose file does not matter.
    pub fn all(&self) -> String {
        self.files.values().cloned().collect::<Vec<_>>().join("\n")
    }

    /// Asserts that `path` contains every snippet (whitespace-insensitive).
    #[track_caller]
    pub fn assert_has(&self, path: &str, snippets: &[&str]) {
        let text = self.file(path);
        let squashed = squash(text);
        let missing: Vec<&&str> = snippets
            .iter()
            .filter(|s| !squashed.contains(&squash(s)))
            .collect();
        assert!(
            missing.is_empty(),
            "`{}`: {path} lacks {missing:#?}\n--- {path} ---\n{text}",
            self.name
        );
    }

    #[track_caller]
    pub fn assert_lacks(&self, path: &str, snippets: &[&str]) {
        let text = self.file(path);
        let squashed = squash(text);
        let present: Vec<&&str> = snippets
            .iter()
            .filter(|s| squashed.contains(&squash(s)))
            .collect();
        assert!(
            present.is_empty(),
            "`{}`: {path} should not contain {present:#?}\n--- {path} ---\n{text}",
            self.name
        );
    }

    /// The warning at `location`, whose message contains every word.
    #[track_caller]
    pub fn warning(&self, location: &str, words: &[&str]) -> &Warning {
        let found = self
            .warnings
            .iter()
            .find(|w| w.location == location && words.iter().all(|word| w.message.contains(word)));
        found.unwrap_or_else(|| {
            panic!(
                "`{}`: no warning at `{location}` containing {words:?}; warnings:\n{}",
                self.name,
                self.warnings
                    .iter()
                    .map(|w| format!("  {w}\n"))
                    .collect::<String>()
            )
        })
    }
}

/// `text` without whitespace and trailing commas.
pub fn squash(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .replace(",)", ")")
        .replace(",>", ">")
        .replace(",]", "]")
        .replace(",}", "}")
        .trim_end_matches(',')
        .to_owned()
}

/// Generates from `source`; a panic fails the test naming the case.
pub fn try_generate(
    name: &str,
    source: &SpecSource<'_>,
    options: &Options,
) -> Result<Generated, generator::Error> {
    let config = Config::named(&crate_name(name));
    match catch_unwind(AssertUnwindSafe(|| {
        generator::generate_from(source, &config, options)
    })) {
        Ok(result) => result,
        Err(_) => panic!("the generator PANICKED on `{name}` (it must return an Err instead)"),
    }
}

/// Generates a crate from one document; fails the test if it is refused.
#[track_caller]
pub fn generate(name: &str, spec: &str) -> Crate {
    generate_from(name, &SpecSource::text(spec))
}

#[track_caller]
pub fn generate_from(name: &str, source: &SpecSource<'_>) -> Crate {
    match try_generate(name, source, &Options::default()) {
        Ok(generated) => {
            // Every warning names a JSON pointer (in this file or another).
            for warning in &generated.warnings {
                assert!(
                    warning.location.contains('#'),
                    "`{name}`: warning without a pointer: {warning}"
                );
            }
            let files: BTreeMap<String, String> = generated
                .files
                .into_iter()
                .map(|f| (f.path, f.contents))
                .collect();
            Crate {
                name: crate_name(name),
                types_module: types_module(&files),
                files,
                warnings: generated.warnings,
            }
        }
        Err(err) => panic!("`{name}`: the generator refused it: {err}"),
    }
}

/// Generating with `strict` must fail at `location`.
#[track_caller]
pub fn assert_strict_refuses(name: &str, spec: &str, location: &str) {
    match try_generate(name, &SpecSource::text(spec), &Options { strict: true }) {
        Ok(_) => panic!("`{name}`: strict accepted a spec with warnings"),
        Err(err) => assert_eq!(err.location, location, "`{name}`: {err}"),
    }
}

pub fn crate_name(case: &str) -> String {
    format!("case-{}", case.replace('_', "-"))
}

/// `cargo check` and `cargo clippy -D warnings` of `crates` in one throwaway
/// workspace under `target/<workspace>`. The dependencies are built into the
/// target directory the constructs test uses, so they are built once.
#[track_caller]
pub fn assert_compile(workspace: &str, crates: &[&Crate]) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../target")
        .join(workspace);
    let mut members = Vec::new();
    for krate in crates {
        let dir = root.join(&krate.name);
        let mut wanted = BTreeSet::new();
        for (path, contents) in &krate.files {
            let target = dir.join(path);
            write_if_changed(&target, contents);
            wanted.insert(target);
        }
        remove_stale_files(&dir, &wanted);
        members.push(krate.name.clone());
    }
    if let Ok(entries) = std::fs::read_dir(&root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && !members.contains(&name) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let manifest = format!(
        "# Throwaway workspace written by the integration tests.\n[workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members
            .iter()
            .map(|m| format!("    \"{m}\",\n"))
            .collect::<String>()
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    let lock = root.join("Cargo.lock");
    if !lock.exists() {
        let main_lock = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        let _ = std::fs::copy(main_lock, &lock);
    }
    let target = generated_target_dir();
    let (check_ok, check) = cargo_in(
        &root,
        &target,
        &[
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=short",
        ],
    );
    assert!(
        check_ok,
        "`cargo check` of the generated crates in {} failed:\n{check}",
        root.display()
    );
    if std::env::var("CONSTRUCTS_CLIPPY").as_deref() != Ok("0") {
        let (clippy_ok, clippy) = cargo_in(
            &root,
            &target,
            &[
                "clippy",
                "--workspace",
                "--keep-going",
                "--message-format=short",
                "--",
                "-D",
                "warnings",
            ],
        );
        assert!(
            clippy_ok,
            "`cargo clippy -D warnings` of the generated crates failed:\n{clippy}"
        );
    }
}

/// The one target directory of every crate the tests generate, and of
/// `cargo xtask corpus`: their workspaces differ, but the build scripts (aws-lc's C
/// build above all) and proc macros they share are built once, not once per workspace.
pub fn generated_target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/generated-target")
}

fn write_if_changed(path: &Path, contents: &str) {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == contents) {
        return;
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, contents)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

fn remove_stale_files(dir: &Path, wanted: &BTreeSet<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_stale_files(&path, wanted);
        } else if !wanted.contains(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

fn cargo_in(root: &Path, target: &Path, args: &[&str]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// The `types` module as one text: `src/types.rs` and the files of
/// `src/types/` (which of them a type lands in depends on the groups that
/// need it), in path order.
pub fn types_module(files: &BTreeMap<String, String>) -> String {
    files
        .iter()
        .filter(|(path, _)| *path == "src/types.rs" || path.starts_with("src/types/"))
        .map(|(_, contents)| contents.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}
