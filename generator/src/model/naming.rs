//! The Rust names of operations and their groups.
//!
//! In order of precedence: what `generator.toml` says (`[rename.operations]`,
//! `[rename.groups]`), what `generator.lock` pinned for the operation's HTTP
//! identity, and last what is derived from the operationId and the first tag.
//! So a spec whose operationIds or tags change keeps every name it had, and
//! only new operations get derived names.

use std::collections::{BTreeMap, BTreeSet};

use super::names::{self, NameSet};
use super::path_groups::{PathGroup, path_groups};
use super::references::{OperationIndex, Problems, closest, op_key};
use super::{Group, Operation};
use crate::Config;
use crate::config::UntaggedGroups;
use crate::lock::{LockedOperation, NameLock};

/// Methods of the client itself; a group accessor must not shadow them.
/// Client methods, and module names that would clash with `apis::<group>`.
pub(super) const CLIENT_METHODS: &[&str] = &[
    "builder",
    "new",
    "clone",
    "session_tokens",
    "request",
    "default",
    "base_url",
    "apis",
    "types",
    "runtime",
    "conventions",
];

/// Methods every group handle has.
const HANDLE_METHODS: &[&str] = &["new", "clone"];

/// The operations `[session]` names, by [`op_key`].
#[derive(Debug, Clone)]
pub(super) struct SessionKeys {
    pub login: String,
    pub refresh: String,
    pub logout: Vec<String>,
}

/// Names decided by the config and the lock, resolved against the spec.
#[derive(Debug, Default)]
pub(super) struct Naming {
    /// [`op_key`] → the names the lock pinned for that operation.
    pins: BTreeMap<String, LockedOperation>,
    /// [`op_key`] → the method name `[rename.operations]` gives it.
    renames: BTreeMap<String, String>,
    pub session: Option<SessionKeys>,
}

impl Naming {
    /// Resolves the config's operation references and the lock's entries;
    /// what matches nothing goes to `problems`.
    pub fn new(
        index: &OperationIndex,
        lock: &NameLock,
        config: &Config,
        problems: &mut Problems,
    ) -> Naming {
        let mut naming = Naming {
            pins: pins(index, lock, problems),
            ..Naming::default()
        };
        let mut renamed_by: BTreeMap<String, &str> = BTreeMap::new();
        for (reference, name) in &config.rename.operations {
            let location = format!("generator.toml: [rename.operations].\"{reference}\"");
            if !names::is_identifier(name) || HANDLE_METHODS.contains(&name.as_str()) {
                problems.push(&location, format!("`{name}` is not a usable method name"));
                continue;
            }
            match index.resolve(reference) {
                Ok(key) => match renamed_by.get(&key) {
                    Some(other) => problems.push(
                        &location,
                        format!("names `{key}`, which `{other}` renames already; keep one"),
                    ),
                    None => {
                        renamed_by.insert(key.clone(), reference);
                        naming.renames.insert(key, name.clone());
                    }
                },
                Err(message) => problems.push(&location, message),
            }
        }
        let mut tags: BTreeSet<String> = index.entries().iter().map(|e| e.tag.clone()).collect();
        let by_path =
            tags.len() == 1 && tags.contains("") && config.groups.untagged == UntaggedGroups::Path;
        if by_path {
            let paths = index.entries().iter().map(|e| e.path.as_str());
            tags = path_groups(paths).into_values().map(|g| g.key).collect();
        }
        for (tag, name) in &config.rename.groups {
            let location = format!("generator.toml: [rename.groups].\"{tag}\"");
            if !tags.contains(tag) {
                let what = if by_path {
                    "no path group (the spec has no tags) is"
                } else {
                    "no operation has the tag"
                };
                problems.push(
                    &location,
                    format!(
                        "{what} `{tag}`{}",
                        closest(tags.iter().map(String::as_str), tag, "")
                    ),
                );
            }
            if !names::is_identifier(name) || CLIENT_METHODS.contains(&name.as_str()) {
                problems.push(&location, format!("`{name}` is not a usable accessor name"));
            }
        }
        if let Some(session) = &config.session {
            let mut resolve = |reference: &str, field: &str| {
                index.resolve(reference).map_err(|message| {
                    problems.push(format!("generator.toml: [session].{field}"), message);
                })
            };
            let login = resolve(&session.login, "login");
            let refresh = resolve(&session.refresh, "refresh");
            let logout: Vec<Result<String, ()>> = session
                .logout
                .iter()
                .map(|reference| resolve(reference, "logout"))
                .collect();
            if let (Ok(login), Ok(refresh)) = (login, refresh) {
                if let Ok(logout) = logout.into_iter().collect() {
                    naming.session = Some(SessionKeys {
                        login,
                        refresh,
                        logout,
                    });
                }
            }
        }
        naming
    }

    pub fn pinned(&self, key: &str) -> Option<&LockedOperation> {
        self.pins.get(key)
    }

    /// The builder and response-enum names the lock pins, taken before any
    /// new operation derives one.
    pub fn reserved_builder_names(&self, problems: &mut Problems) -> NameSet {
        let mut taken = NameSet::default();
        for (key, pin) in &self.pins {
            for name in std::iter::once(&pin.builder).chain(&pin.response) {
                if taken.is_taken(name) {
                    problems.push(
                        format!("generator.lock: \"{key}\""),
                        format!(
                            "`{name}` is pinned for two operations; delete one line and regenerate"
                        ),
                    );
                } else {
                    taken.claim(name.clone());
                }
            }
        }
        taken
    }
}

/// Lock entries by the operation they name: exact URL paths first, then the
/// looser spellings, each entry and each operation used once. Entries of
/// operations the spec no longer has drop out.
fn pins(
    index: &OperationIndex,
    lock: &NameLock,
    problems: &mut Problems,
) -> BTreeMap<String, LockedOperation> {
    let mut pins = BTreeMap::new();
    let mut unmatched: Vec<(&String, &LockedOperation)> = Vec::new();
    for (key, pin) in &lock.operations {
        let location = format!("generator.lock: \"{key}\"");
        if super::references::parse_http_identity(key).is_none() {
            problems.push(
                &location,
                "is not `METHOD /path`; delete the line and regenerate",
            );
            continue;
        }
        let usable = names::is_identifier(&pin.group)
            && !CLIENT_METHODS.contains(&pin.group.as_str())
            && names::is_identifier(&pin.method)
            && !HANDLE_METHODS.contains(&pin.method.as_str())
            && [Some(&pin.builder), pin.response.as_ref()]
                .into_iter()
                .flatten()
                .all(|name| names::is_identifier(name) && !names::PRELUDE.contains(&name.as_str()));
        if usable {
            unmatched.push((key, pin));
        } else {
            problems.push(
                &location,
                "holds a name that is not a usable Rust identifier; delete the line and regenerate",
            );
        }
    }
    for tier in 0..super::references::TIERS {
        unmatched.retain(|(key, pin)| {
            let Some((method, path)) = super::references::parse_http_identity(key) else {
                return false;
            };
            match index.find_in_tier(method, &path, tier, |key| pins.contains_key(key)) {
                Some(op) => {
                    pins.insert(op, (*pin).clone());
                    false
                }
                None => true,
            }
        });
    }
    pins
}

/// Groups the operations by accessor and names their methods.
pub(super) fn groups(
    mut by_tag: BTreeMap<String, Vec<Operation>>,
    config: &Config,
    naming: &Naming,
) -> Vec<Group> {
    let key = |op: &Operation| op_key(&op.method, &op.path);
    // A spec without tags is grouped by path; the group's path-segment key then
    // plays the tag's part (renames, trimming method names).
    let mut path_prefixes: BTreeMap<String, String> = BTreeMap::new();
    if by_tag.len() == 1
        && by_tag.contains_key("")
        && config.groups.untagged == UntaggedGroups::Path
    {
        let operations = by_tag.remove("").unwrap_or_default();
        let places: BTreeMap<String, PathGroup> =
            path_groups(operations.iter().map(|op| op.path.as_str()))
                .into_iter()
                .map(|(path, group)| (path.to_owned(), group))
                .collect();
        for op in operations {
            let place = &places[&op.path];
            if !place.key.is_empty() {
                path_prefixes
                    .entry(place.key.clone())
                    .or_insert_with(|| place.prefix.clone());
            }
            by_tag.entry(place.key.clone()).or_default().push(op);
        }
    }
    let by_path = !path_prefixes.is_empty();
    // Accessors the config or the lock states come first; derived ones avoid them.
    let mut accessors = NameSet::with_reserved(CLIENT_METHODS);
    let stated = config
        .rename
        .groups
        .values()
        .chain(naming.pins.values().map(|pin| &pin.group));
    for name in stated {
        if !accessors.is_taken(name) {
            accessors.claim(name.clone());
        }
    }
    let mut tag_accessors: BTreeMap<String, String> = BTreeMap::new();
    for (tag, operations) in &by_tag {
        let pinned = operations
            .iter()
            .find_map(|op| naming.pinned(&key(op)).map(|pin| pin.group.clone()));
        let accessor = match (config.rename.groups.get(tag), pinned) {
            (Some(name), _) => name.clone(),
            (None, Some(pinned)) => pinned,
            (None, None) if tag.is_empty() => accessors.claim("operations".to_owned()),
            (None, None) => accessors.claim(names::snake(tag, "operations")),
        };
        tag_accessors.insert(tag.clone(), accessor);
    }
    // Each operation stays in its pinned group unless the config renames its tag's.
    let mut by_accessor: BTreeMap<String, (String, Vec<(String, Operation)>)> = BTreeMap::new();
    for (tag, operations) in by_tag {
        for op in operations {
            let accessor = match naming.pinned(&key(&op)) {
                Some(pin) if !config.rename.groups.contains_key(&tag) => pin.group.clone(),
                _ => tag_accessors[&tag].clone(),
            };
            by_accessor
                .entry(accessor)
                .or_insert_with(|| (tag.clone(), Vec::new()))
                .1
                .push((tag.clone(), op));
        }
    }
    by_accessor
        .into_iter()
        .map(|(accessor, (tag, mut tagged))| {
            name_methods(&mut tagged, naming);
            let operations: Vec<Operation> = tagged.into_iter().map(|(_, op)| op).collect();
            // The handle shares its module with the builders and response enums.
            let mut module_names = NameSet::with_reserved(&[]);
            for op in &operations {
                module_names.claim(op.builder_name.clone());
                for name in op.response_enums() {
                    module_names.claim(name.to_owned());
                }
            }
            let handle = names::pascal(&accessor, "Group");
            let type_name = if module_names.is_taken(&handle) {
                module_names.claim(format!("{handle}Api"))
            } else {
                handle
            };
            let path = path_prefixes.get(&tag).cloned();
            Group {
                type_name,
                tag: if by_path { String::new() } else { tag },
                path,
                accessor,
                operations,
            }
        })
        .collect()
}

/// Renamed operations get their configured names, pinned ones their locked
/// names; the rest are derived: `listListings` in `Listings` → `list`,
/// `getListingById` → `get`, `updateApiKeyScopes` in `API Keys` →
/// `update_scopes`, `ListingsController_archive` → `archive`, falling back to the full snake_case id whenever trimming
/// would collide or empty the name.
fn name_methods(operations: &mut [(String, Operation)], naming: &Naming) {
    let key = |op: &Operation| op_key(&op.method, &op.path);
    let mut taken = NameSet::with_reserved(HANDLE_METHODS);
    let mut chosen: Vec<Option<String>> = vec![None; operations.len()];
    let mut stated = BTreeSet::new();
    for (slot, (_, op)) in chosen.iter_mut().zip(operations.iter()) {
        if let Some(name) = naming.renames.get(&key(op)) {
            *slot = Some(taken.claim(name.clone()));
            stated.insert(name.clone());
        }
    }
    for (slot, (_, op)) in chosen.iter_mut().zip(operations.iter()) {
        if slot.is_none() {
            if let Some(pin) = naming.pinned(&key(op)) {
                *slot = Some(taken.claim(pin.method.clone()));
                stated.insert(pin.method.clone());
            }
        }
    }
    let derived: Vec<(usize, String)> = operations
        .iter()
        .enumerate()
        .filter(|(index, _)| chosen[*index].is_none())
        .map(|(index, (tag, op))| (index, trimmed_name(tag, &op.id)))
        .collect();
    let counts = derived
        .iter()
        .fold(BTreeMap::<&str, usize>::new(), |mut counts, (_, name)| {
            *counts.entry(name.as_str()).or_default() += 1;
            counts
        });
    for (index, short) in &derived {
        let op = &operations[*index].1;
        let wanted = if counts[short.as_str()] > 1 || stated.contains(short) {
            names::snake(&names::operation_stem(&op.id), "call")
        } else {
            short.clone()
        };
        chosen[*index] = Some(taken.claim(wanted));
    }
    for ((_, op), name) in operations.iter_mut().zip(chosen) {
        op.method_name = name.unwrap_or_default();
    }
}

/// The operationId's words without the tag's (`listListings` in `Listings` → `list`).
fn trimmed_name(tag: &str, id: &str) -> String {
    let tag_words: Vec<String> = names::snake(tag, "")
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let full = names::snake(&names::operation_stem(id), "call");
    let mut words: Vec<&str> = full.split('_').collect();
    remove_phrase(&mut words, &tag_words);
    if words.ends_with(&["by", "id"]) && words.len() > 2 {
        words.truncate(words.len() - 2);
    }
    let short = words.join("_");
    if short.is_empty() || tag_words.is_empty() {
        full
    } else {
        names::snake(&short, "call")
    }
}

/// Removes the first occurrence of the tag's words (singular or plural) from
/// an operation name's words.
fn remove_phrase(words: &mut Vec<&str>, tag_words: &[String]) {
    if tag_words.is_empty() || words.len() <= tag_words.len() {
        return;
    }
    let last = tag_words.len() - 1;
    for start in 0..=(words.len() - tag_words.len()) {
        let matches = tag_words.iter().enumerate().all(|(i, tag_word)| {
            let word = words[start + i];
            if i == last {
                names::word_forms(tag_word).iter().any(|form| form == word)
            } else {
                word == tag_word
            }
        });
        if matches {
            words.drain(start..start + tag_words.len());
            return;
        }
    }
}
