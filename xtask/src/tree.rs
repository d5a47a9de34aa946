//! A generated crate on disk versus the files the generator produces now.

use std::{
    collections::{BTreeMap, BTreeSet},
    fs, io,
    path::{Component, Path, PathBuf},
};

use anyhow::{Context, Result, bail};
use generator::GeneratedFile;

use crate::write::{WriteOutcome, write_if_changed};

/// Top-level entries of a generated crate that belong to cargo, not the
/// generator: never compared, never removed.
const PRESERVED: &[&str] = &["target"];

/// How a directory differs from the generator's output. Paths are relative
/// and `/`-separated, sorted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TreeDiff {
    /// Generated but not on disk.
    pub missing: Vec<String>,
    /// On disk with different contents.
    pub stale: Vec<String>,
    /// On disk but no longer generated.
    pub extra: Vec<String>,
    pub unchanged: Vec<String>,
}

/// What [`sync_tree`] changed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    pub removed: Vec<String>,
}

/// Compares `dir` with `files` without touching anything.
pub fn diff_tree(dir: &Path, files: &[GeneratedFile]) -> Result<TreeDiff> {
    let wanted = index_files(dir, files)?;
    let mut on_disk = existing_files(dir)?;
    let mut diff = TreeDiff::default();
    for (relative, (path, contents)) in &wanted {
        on_disk.remove(*relative);
        match fs::read(path) {
            Ok(existing) if existing == contents.as_bytes() => {
                diff.unchanged.push(relative.to_string())
            }
            Ok(_) => diff.stale.push(relative.to_string()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                diff.missing.push(relative.to_string())
            }
            Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
        }
    }
    diff.extra = on_disk.into_iter().collect();
    Ok(diff)
}

/// Makes `dir` hold exactly `files` (plus [`PRESERVED`] entries): writes what
/// changed, atomically, and removes what is no longer generated.
pub fn sync_tree(dir: &Path, files: &[GeneratedFile]) -> Result<SyncReport> {
    // Validate every path before the first write, so a bad one writes nothing.
    let wanted = index_files(dir, files)?;
    let mut on_disk = existing_files(dir)?;
    let mut report = SyncReport::default();
    for (relative, (path, contents)) in &wanted {
        on_disk.remove(*relative);
        let outcome = write_if_changed(path, contents)
            .with_context(|| format!("writing {}", path.display()))?;
        match outcome {
            WriteOutcome::Written => report.written.push(relative.to_string()),
            WriteOutcome::Unchanged => report.unchanged.push(relative.to_string()),
        }
    }
    for relative in on_disk {
        let path = dir.join(&relative);
        fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        remove_empty_parents(dir, &path);
        report.removed.push(relative);
    }
    Ok(report)
}

/// Maps each generated path to its place under `dir`, refusing paths that
/// would escape `dir`, land in a preserved directory, or repeat.
fn index_files<'a>(
    dir: &Path,
    files: &'a [GeneratedFile],
) -> Result<BTreeMap<&'a str, (PathBuf, &'a str)>> {
    let mut wanted = BTreeMap::new();
    for file in files {
        let path = dir.join(checked_relative_path(&file.path)?);
        if wanted
            .insert(file.path.as_str(), (path, file.contents.as_str()))
            .is_some()
        {
            bail!("the generator produced `{}` twice", file.path);
        }
    }
    Ok(wanted)
}

/// Refuses the whole set if any path is unsafe or repeated.
pub fn check_paths(files: &[GeneratedFile]) -> Result<()> {
    index_files(Path::new(""), files).map(drop)
}

/// A generated path must be a plain relative path inside the crate.
pub fn checked_relative_path(relative: &str) -> Result<PathBuf> {
    let path = Path::new(relative);
    let plain = !relative.is_empty()
        && !relative.contains('\\')
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        bail!("the generator produced an unsafe file path `{relative}`");
    }
    let first = relative.split('/').next().unwrap_or_default();
    if PRESERVED.contains(&first) {
        bail!("the generator produced `{relative}`, inside the preserved `{first}/` directory");
    }
    Ok(path.to_path_buf())
}

/// Every file under `dir` (relative, `/`-separated), skipping [`PRESERVED`]
/// top-level entries. A missing `dir` has no files.
pub fn existing_files(dir: &Path) -> Result<BTreeSet<String>> {
    let mut files = BTreeSet::new();
    if !dir.exists() {
        return Ok(files);
    }
    collect_files(dir, "", &mut files)?;
    Ok(files)
}

fn collect_files(dir: &Path, prefix: &str, files: &mut BTreeSet<String>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if prefix.is_empty() && PRESERVED.contains(&name.as_str()) {
            continue;
        }
        let relative = format!("{prefix}{name}");
        // `file_type` does not follow symlinks: a symlinked directory is
        // listed (and, if extra, removed) as a link, never walked into.
        if entry.file_type()?.is_dir() {
            collect_files(&entry.path(), &format!("{relative}/"), files)?;
        } else {
            files.insert(relative);
        }
    }
    Ok(())
}

/// Removes directories emptied by a removal, up to (not including) `root`.
fn remove_empty_parents(root: &Path, removed: &Path) {
    let mut current = removed.parent();
    while let Some(dir) = current {
        if dir == root || !dir.starts_with(root) || fs::remove_dir(dir).is_err() {
            break;
        }
        current = dir.parent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_clean(diff: &TreeDiff) -> bool {
        diff.missing.is_empty() && diff.stale.is_empty() && diff.extra.is_empty()
    }

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile {
            path: path.to_owned(),
            contents: contents.to_owned(),
        }
    }

    #[test]
    fn diff_names_stale_missing_and_extra_files_and_ignores_target() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/old")).unwrap();
        fs::create_dir_all(dir.path().join("target/debug")).unwrap();
        fs::write(dir.path().join("Cargo.toml"), "same").unwrap();
        fs::write(dir.path().join("src/lib.rs"), "old").unwrap();
        fs::write(dir.path().join("src/old/gone.rs"), "x").unwrap();
        fs::write(dir.path().join("target/debug/keep"), "x").unwrap();
        let files = [
            file("Cargo.toml", "same"),
            file("src/lib.rs", "new"),
            file("src/models.rs", "m"),
        ];
        let diff = diff_tree(dir.path(), &files).unwrap();
        assert_eq!(
            diff,
            TreeDiff {
                missing: vec!["src/models.rs".into()],
                stale: vec!["src/lib.rs".into()],
                extra: vec!["src/old/gone.rs".into()],
                unchanged: vec!["Cargo.toml".into()],
            }
        );
        assert!(!is_clean(&diff));
    }

    #[test]
    fn sync_writes_changes_removes_extras_and_then_is_clean() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src/old")).unwrap();
        fs::create_dir_all(dir.path().join("target")).unwrap();
        fs::write(dir.path().join("src/old/gone.rs"), "x").unwrap();
        fs::write(dir.path().join("target/keep"), "x").unwrap();
        let files = [file("Cargo.toml", "c"), file("src/lib.rs", "l")];
        let report = sync_tree(dir.path(), &files).unwrap();
        assert_eq!(report.written, ["Cargo.toml", "src/lib.rs"]);
        assert_eq!(report.removed, ["src/old/gone.rs"]);
        assert!(
            !dir.path().join("src/old").exists(),
            "emptied directories are pruned"
        );
        assert!(dir.path().join("target/keep").exists());
        assert!(is_clean(&diff_tree(dir.path(), &files).unwrap()));

        let again = sync_tree(dir.path(), &files).unwrap();
        assert!(again.written.is_empty() && again.removed.is_empty());
        assert_eq!(again.unchanged.len(), 2);
    }

    #[test]
    fn paths_that_escape_the_crate_are_refused_before_anything_is_written() {
        for bad in [
            "../evil.rs",
            "/etc/passwd",
            "",
            "src/../../x",
            "target/x",
            "a\\b",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let files = [file("Cargo.toml", "c"), file(bad, "x")];
            assert!(
                sync_tree(dir.path(), &files).is_err(),
                "{bad:?} was accepted"
            );
            assert!(
                existing_files(dir.path()).unwrap().is_empty(),
                "{bad:?} wrote files"
            );
        }
    }

    #[test]
    fn duplicate_paths_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let files = [file("a.rs", "1"), file("a.rs", "2")];
        assert!(sync_tree(dir.path(), &files).is_err());
    }
}
