//! Which files of a corpus directory are specs, and what their crates are
//! called. Whether a spec may be refused is judged from the refusal itself
//! (`Row::passed`), never from notes about the file.

use std::{
    collections::HashMap,
    fs,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};

const SPEC_EXTENSIONS: &[&str] = &["json", "yaml", "yml"];
/// Corpus bookkeeping that shares an extension with specs.
const NOT_SPECS: &[&str] = &["readme", "manifest", "features"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusSpec {
    /// Relative to the corpus directory, `/`-separated: `v3.0/stripe__spec3.json`.
    pub relative: String,
    pub path: PathBuf,
    pub crate_name: String,
}

/// Every spec under `dir`, sorted by relative path, keeping those whose
/// relative path contains `filter`.
pub fn discover(dir: &Path, filter: Option<&str>) -> Result<Vec<CorpusSpec>> {
    let mut relatives = Vec::new();
    collect_specs(dir, "", &mut relatives)?;
    relatives.sort();
    // Names come from the full list, so `--filter` never renames a crate.
    let names = crate_names(&relatives);
    Ok(relatives
        .into_iter()
        .zip(names)
        .filter(|(relative, _)| filter.is_none_or(|filter| relative.contains(filter)))
        .map(|(relative, crate_name)| CorpusSpec {
            path: dir.join(&relative),
            relative,
            crate_name,
        })
        .collect())
}

fn collect_specs(dir: &Path, prefix: &str, specs: &mut Vec<String>) -> Result<()> {
    let entries = fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if entry.file_type()?.is_dir() {
            collect_specs(&entry.path(), &format!("{relative}/"), specs)?;
        } else if is_spec_file_name(&name) {
            specs.push(relative);
        }
    }
    Ok(())
}

fn is_spec_file_name(name: &str) -> bool {
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    SPEC_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str())
        && !NOT_SPECS.contains(&stem.to_ascii_lowercase().as_str())
}

/// `v3.0/stripe__spec3.json` → `corpus-stripe-spec3`. Stems that occur more
/// than once (same name in two folders or with two extensions) are named
/// after the whole relative path instead.
pub fn crate_names(relatives: &[String]) -> Vec<String> {
    let stem = |relative: &str| {
        let file = relative.rsplit('/').next().unwrap_or(relative);
        file.rsplit_once('.')
            .map_or(file, |(stem, _)| stem)
            .to_owned()
    };
    let mut stem_counts = HashMap::new();
    for relative in relatives {
        *stem_counts.entry(stem(relative)).or_insert(0) += 1;
    }
    relatives
        .iter()
        .map(|relative| {
            let stem = stem(relative);
            let basis = if stem_counts[&stem] > 1 {
                relative.as_str()
            } else {
                &stem
            };
            format!("corpus-{}", kebab(basis))
        })
        .collect()
}

/// Lowercase ASCII alphanumerics joined by single dashes.
fn kebab(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_kebab_case_and_unique() {
        let relatives = [
            "v3.0/stripe__spec3.json",
            "v3.0/progenitor__param-overrides.json",
            "v3.0/progenitor__param-overrides.yaml",
            "v3.1/Foo.Bar.yml",
        ]
        .map(String::from);
        assert_eq!(
            crate_names(&relatives),
            [
                "corpus-stripe-spec3",
                "corpus-v3-0-progenitor-param-overrides-json",
                "corpus-v3-0-progenitor-param-overrides-yaml",
                "corpus-foo-bar",
            ]
        );
    }

    #[test]
    fn discovery_recurses_sorts_filters_and_skips_bookkeeping() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("v3.1")).unwrap();
        fs::create_dir_all(dir.path().join("other")).unwrap();
        for file in [
            "README.md",
            "MANIFEST.tsv",
            "features.json",
            "notes.txt",
            "v3.1/b.yaml",
            "v3.1/a.json",
            "other/swagger.json",
            "bad.yml",
        ] {
            fs::write(dir.path().join(file), "{}").unwrap();
        }
        let specs = discover(dir.path(), None).unwrap();
        let listed: Vec<&str> = specs.iter().map(|spec| spec.relative.as_str()).collect();
        assert_eq!(
            listed,
            [
                "bad.yml",
                "other/swagger.json",
                "v3.1/a.json",
                "v3.1/b.yaml"
            ]
        );
        let filtered = discover(dir.path(), Some("v3.1/b")).unwrap();
        assert_eq!(filtered.len(), 1);
        assert_eq!(filtered[0].crate_name, "corpus-b");
    }
}
