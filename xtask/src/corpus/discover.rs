//! Which files of a corpus directory are specs, what their crates are
//! called, and which ones the generator is expected to refuse.

use std::{
    collections::{BTreeMap, HashMap},
    fs,
    path::{Path, PathBuf},
};

use anyhow::{Context, Result};

const SPEC_EXTENSIONS: &[&str] = &["json", "yaml", "yml"];
/// Corpus bookkeeping that shares an extension with specs.
const NOT_SPECS: &[&str] = &["readme", "manifest", "features"];
/// MANIFEST.tsv notes for documents a validator rejects: refusing them is right.
const INVALID_NOTES: &[&str] = &["invalid", "validator-crash"];
/// Swagger 2.0 and OpenAPI 3.2 live here; the generator must refuse them.
const UNSUPPORTED_DIR: &str = "other/";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusSpec {
    /// Relative to the corpus directory, `/`-separated: `v3.0/stripe__spec3.json`.
    pub relative: String,
    pub path: PathBuf,
    pub crate_name: String,
    pub refusal_expected: bool,
}

/// Every spec under `dir`, sorted by relative path, keeping those whose
/// relative path contains `filter`.
pub fn discover(dir: &Path, filter: Option<&str>) -> Result<Vec<CorpusSpec>> {
    let mut relatives = Vec::new();
    collect_specs(dir, "", &mut relatives)?;
    relatives.sort();
    let notes = manifest_notes(dir)?;
    // Names come from the full list, so `--filter` never renames a crate.
    let names = crate_names(&relatives);
    Ok(relatives
        .into_iter()
        .zip(names)
        .filter(|(relative, _)| filter.is_none_or(|filter| relative.contains(filter)))
        .map(|(relative, crate_name)| {
            let note = notes.get(&relative).map(String::as_str).unwrap_or("");
            CorpusSpec {
                path: dir.join(&relative),
                refusal_expected: relative.starts_with(UNSUPPORTED_DIR)
                    || INVALID_NOTES.contains(&note),
                relative,
                crate_name,
            }
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

/// `file` → `note` from MANIFEST.tsv, if the corpus has one.
fn manifest_notes(dir: &Path) -> Result<BTreeMap<String, String>> {
    let path = dir.join("MANIFEST.tsv");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeMap::new()),
        Err(err) => return Err(err).with_context(|| format!("reading {}", path.display())),
    };
    Ok(parse_manifest_notes(&text))
}

fn parse_manifest_notes(text: &str) -> BTreeMap<String, String> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |name: &str| header.iter().position(|column| *column == name);
    let (Some(file), Some(note)) = (column("file"), column("note")) else {
        return BTreeMap::new();
    };
    lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            Some((
                fields.get(file)?.to_string(),
                fields.get(note)?.trim().to_string(),
            ))
        })
        .collect()
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
        fs::write(
            dir.path().join("MANIFEST.tsv"),
            "file\tbytes\tnote\nbad.yml\t2\tinvalid\nv3.1/a.json\t2\treal\n",
        )
        .unwrap();
        let specs = discover(dir.path(), None).unwrap();
        let listed: Vec<(&str, bool)> = specs
            .iter()
            .map(|spec| (spec.relative.as_str(), spec.refusal_expected))
            .collect();
        assert_eq!(
            listed,
            [
                ("bad.yml", true),
                ("other/swagger.json", true),
                ("v3.1/a.json", false),
                ("v3.1/b.yaml", false),
            ]
        );
        let filtered = discover(dir.path(), Some("v3.1/b")).unwrap();
        assert_eq!(filtered.len(), 1);
        assert_eq!(filtered[0].crate_name, "corpus-b");
    }
}
