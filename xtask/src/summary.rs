//! What a spec change did to the generated API, for `regen`'s report.

use std::{collections::BTreeMap, fmt};

use generator::ApiSummary;

/// Lines listed per kind of change before eliding the rest: the report must
/// fit on one screen.
const MAX_LISTED: usize = 8;

/// Keys added, removed, or present in both with a different fingerprint.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<String>,
}

impl Changes {
    pub fn between(old: &BTreeMap<String, String>, new: &BTreeMap<String, String>) -> Changes {
        let mut changes = Changes::default();
        for (key, new_value) in new {
            match old.get(key) {
                None => changes.added.push(key.clone()),
                Some(old_value) if old_value != new_value => changes.changed.push(key.clone()),
                Some(_) => {}
            }
        }
        changes.removed = old
            .keys()
            .filter(|key| !new.contains_key(*key))
            .cloned()
            .collect();
        changes
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// The API-level difference between two generations.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SummaryDiff {
    pub operations: Changes,
    pub types: Changes,
}

impl SummaryDiff {
    pub fn between(old: &ApiSummary, new: &ApiSummary) -> SummaryDiff {
        SummaryDiff {
            operations: Changes::between(&old.operations, &new.operations),
            types: Changes::between(&old.types, &new.types),
        }
    }
}

impl fmt::Display for SummaryDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_changes(f, "operations", &self.operations)?;
        write_changes(f, "types", &self.types)
    }
}

fn write_changes(f: &mut fmt::Formatter<'_>, what: &str, changes: &Changes) -> fmt::Result {
    if changes.is_empty() {
        return writeln!(f, "{what}: no changes");
    }
    writeln!(
        f,
        "{what}: {} added, {} removed, {} changed",
        changes.added.len(),
        changes.removed.len(),
        changes.changed.len()
    )?;
    write_list(f, '+', &changes.added)?;
    write_list(f, '-', &changes.removed)?;
    write_list(f, '~', &changes.changed)
}

/// Writes `items` one per line behind `marker`, eliding past [`MAX_LISTED`].
pub fn write_list(f: &mut impl fmt::Write, marker: char, items: &[String]) -> fmt::Result {
    for item in items.iter().take(MAX_LISTED) {
        writeln!(f, "  {marker} {item}")?;
    }
    if items.len() > MAX_LISTED {
        writeln!(f, "  {marker} … and {} more", items.len() - MAX_LISTED)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn keys_are_added_removed_or_changed_by_fingerprint() {
        let old = map(&[
            ("GET /a", "fn a()"),
            ("GET /b", "fn b()"),
            ("GET /c", "fn c()"),
        ]);
        let new = map(&[
            ("GET /a", "fn a()"),
            ("GET /b", "fn b(x: u8)"),
            ("GET /d", "fn d()"),
        ]);
        assert_eq!(
            Changes::between(&old, &new),
            Changes {
                added: vec!["GET /d".into()],
                removed: vec!["GET /c".into()],
                changed: vec!["GET /b".into()],
            }
        );
        assert!(Changes::between(&old, &old).is_empty());
    }

    #[test]
    fn report_counts_lists_and_elides() {
        let old = ApiSummary::default();
        let new = ApiSummary {
            operations: (0..10)
                .map(|i| (format!("GET /{i}"), String::new()))
                .collect(),
            types: BTreeMap::new(),
        };
        let text = SummaryDiff::between(&old, &new).to_string();
        assert!(text.starts_with("operations: 10 added, 0 removed, 0 changed\n  + GET /0\n"));
        assert!(text.contains("  + … and 2 more\n"));
        assert!(text.ends_with("types: no changes\n"));
    }
}
