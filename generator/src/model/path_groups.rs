//! Groups for a spec without tags: the first meaningful segment of each path.
//!
//! Stripe's spec tags nothing, so all 417 operations used to share one
//! `operations()` handle and one cargo feature. Grouping by path gives
//! `client.charges()` and a feature per resource. Segments every path shares
//! (`/v1`), path parameters and version segments (`v2`) are skipped; a segment
//! is cut at `.` or `:` (`/users.list`, `/models/{m}:generate` style RPC paths).

use std::collections::BTreeMap;

/// Where one path's operations go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PathGroup {
    /// The segment that names the group, as written (`billing_portal`); empty
    /// when the path has no meaningful segment (`/`, `/v1/{id}`).
    pub key: String,
    /// The path up to and including that segment (`/v1/charges`).
    pub prefix: String,
}

/// Each path's group, by path.
pub(super) fn path_groups<'a>(
    paths: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<&'a str, PathGroup> {
    let split: Vec<(&str, Vec<&str>)> = paths
        .into_iter()
        .map(|path| (path, path.split('/').filter(|s| !s.is_empty()).collect()))
        .collect();
    let shared = shared_prefix(split.iter().map(|(_, segments)| segments.as_slice()));
    split
        .into_iter()
        .map(|(path, segments)| {
            let found = segments
                .iter()
                .enumerate()
                .skip(shared)
                .find_map(|(at, segment)| meaningful(segment).map(|key| (at, key)));
            let group = match found {
                Some((at, key)) => {
                    let mut prefix = segments[..at].to_vec();
                    prefix.push(key);
                    PathGroup {
                        key: key.to_owned(),
                        prefix: format!("/{}", prefix.join("/")),
                    }
                }
                None => PathGroup {
                    key: String::new(),
                    prefix: "/".to_owned(),
                },
            };
            (path, group)
        })
        .collect()
}

/// How many leading literal segments every path shares, leaving each path at
/// least one segment after them.
fn shared_prefix<'a>(mut all: impl Iterator<Item = &'a [&'a str]>) -> usize {
    let Some(first) = all.next() else {
        return 0;
    };
    let mut shared = first.len().saturating_sub(1);
    for segments in all {
        shared = shared.min(segments.len().saturating_sub(1));
        shared = first
            .iter()
            .zip(segments)
            .take(shared)
            .take_while(|(a, b)| a == b)
            .count();
    }
    first[..shared]
        .iter()
        .take_while(|segment| !segment.contains('{'))
        .count()
}

/// The group name a segment gives, if any.
fn meaningful(segment: &str) -> Option<&str> {
    let name = segment.split(['.', ':']).next().unwrap_or_default();
    let is_version = name.strip_prefix(['v', 'V']).is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit() || c == '.')
    });
    let usable = !name.is_empty()
        && !name.contains(['{', '}'])
        && !is_version
        && name.chars().any(|c| c.is_alphanumeric());
    usable.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(paths: &[&'static str]) -> Vec<(&'static str, String, String)> {
        path_groups(paths.iter().copied())
            .into_iter()
            .map(|(path, group)| (path, group.key, group.prefix))
            .collect()
    }

    #[test]
    fn the_first_segment_after_the_shared_prefix_names_the_group() {
        let groups = keys(&[
            "/v1/charges",
            "/v1/charges/{charge}/capture",
            "/v1/billing_portal/sessions",
            "/v1/{id}",
        ]);
        assert_eq!(
            groups,
            [
                (
                    "/v1/billing_portal/sessions",
                    "billing_portal".into(),
                    "/v1/billing_portal".into()
                ),
                ("/v1/charges", "charges".into(), "/v1/charges".into()),
                (
                    "/v1/charges/{charge}/capture",
                    "charges".into(),
                    "/v1/charges".into()
                ),
                ("/v1/{id}", String::new(), "/".into()),
            ]
        );
    }

    #[test]
    fn versions_parameters_and_rpc_suffixes_are_skipped() {
        let groups = keys(&[
            "/v2/pets",
            "/{tenant}/users.list",
            "/models/{m}:generate",
            "/",
        ]);
        assert_eq!(
            groups,
            [
                ("/", String::new(), "/".into()),
                ("/models/{m}:generate", "models".into(), "/models".into()),
                ("/v2/pets", "pets".into(), "/v2/pets".into()),
                (
                    "/{tenant}/users.list",
                    "users".into(),
                    "/{tenant}/users".into()
                ),
            ]
        );
    }

    #[test]
    fn a_shared_prefix_leaves_each_path_a_segment() {
        // One path: its last segment is never part of the shared prefix.
        assert_eq!(
            keys(&["/api/things"]),
            [("/api/things", "things".into(), "/api/things".into())]
        );
        assert_eq!(
            keys(&["/api/things", "/api/things/{id}"]),
            [
                ("/api/things", "things".into(), "/api/things".into()),
                ("/api/things/{id}", "things".into(), "/api/things".into()),
            ]
        );
    }
}
