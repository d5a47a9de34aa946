//! `cargo xtask check`: is the checked-in output what the generator makes now?

use anyhow::{Result, anyhow};

use crate::{
    project::{CLIENT, LOCK, Project, SPEC},
    tree,
};

/// Lists everything out of date, one line each; empty means up to date.
pub fn check(project: &Project) -> Result<Vec<String>> {
    let config = project.config()?;
    let text = project.vendored_spec()?;
    let mut problems = Vec::new();
    let spec = generator::normalize_spec(&text)
        .map_err(|err| anyhow!("{SPEC} is not a usable OpenAPI 3.x document: {err}"))?;
    if spec != text {
        problems.push(format!("{SPEC} is not in canonical form"));
    }
    let generated = generator::generate(&spec, &config)
        .map_err(|err| anyhow!("generating the client from {SPEC} failed: {err}"))?;
    // The lock must hold exactly the names this spec's operations get.
    match std::fs::read_to_string(project.lock_path()) {
        Ok(text) if text == generated.lock.to_toml() => {}
        Ok(_) => problems.push(format!("stale: {LOCK}")),
        Err(_) => problems.push(format!("missing: {LOCK}")),
    }
    let diff = tree::diff_tree(&project.client_dir(), &generated.files)?;
    let labelled = [
        ("stale", &diff.stale),
        ("missing", &diff.missing),
        ("extra", &diff.extra),
    ];
    for (label, paths) in labelled {
        problems.extend(paths.iter().map(|path| format!("{label}: {CLIENT}/{path}")));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        fixture::{self, VALID_SPEC, VALID_SPEC_V2},
        regen::{Source, regen},
    };

    #[test]
    fn check_names_stale_missing_and_extra_files_and_a_non_canonical_spec() {
        let (dir, project) = fixture::project();
        fixture::write(dir.path(), SPEC, VALID_SPEC);
        regen(&project, Source::Vendored).unwrap();
        assert_eq!(check(&project).unwrap(), Vec::<String>::new());

        let generated = tree::existing_files(&project.client_dir()).unwrap();
        let first = generated.iter().next().unwrap().clone();
        let last = generated.iter().next_back().unwrap().clone();
        fixture::write(dir.path(), &format!("{CLIENT}/{first}"), "edited by hand\n");
        fixture::write(dir.path(), &format!("{CLIENT}/src/leftover.rs"), "\n");
        std::fs::remove_file(project.client_dir().join(&last)).unwrap();
        let spec = std::fs::read_to_string(project.spec_path()).unwrap();
        fixture::write(dir.path(), SPEC, spec.trim_end());

        let problems = check(&project).unwrap();
        assert!(
            problems.contains(&format!("{SPEC} is not in canonical form")),
            "{problems:?}"
        );
        assert!(
            problems.contains(&format!("stale: {CLIENT}/{first}")),
            "{problems:?}"
        );
        assert!(
            problems.contains(&format!("missing: {CLIENT}/{last}")),
            "{problems:?}"
        );
        assert!(
            problems.contains(&format!("extra: {CLIENT}/src/leftover.rs")),
            "{problems:?}"
        );
    }

    /// Regen writes the lock: an operation whose operationId changed keeps its
    /// names, a new one joins with derived names. A rename in the config that
    /// regen has not recorded, or a deleted lock, fails check.
    #[test]
    fn regen_writes_the_lock_and_check_reads_it() {
        let (dir, project) = fixture::project();
        fixture::write(
            dir.path(),
            SPEC,
            &generator::normalize_spec(VALID_SPEC).unwrap(),
        );
        regen(&project, Source::Vendored).unwrap();
        let things =
            r#""GET /things" = { group = "things", method = "list", builder = "ListThings" }"#;
        let lock = std::fs::read_to_string(project.lock_path()).unwrap();
        assert!(lock.contains(things), "{lock}");

        let renamed = VALID_SPEC_V2.replace("listThings", "ThingsController_findAll");
        fixture::write(
            dir.path(),
            SPEC,
            &generator::normalize_spec(&renamed).unwrap(),
        );
        assert!(check(&project).unwrap().contains(&format!("stale: {LOCK}")));
        regen(&project, Source::Vendored).unwrap();
        let lock = std::fs::read_to_string(project.lock_path()).unwrap();
        assert!(lock.contains(things), "{lock}");
        assert!(
            lock.contains(r#""POST /widgets" = { group = "widgets", method = "create", builder = "CreateWidget" }"#),
            "{lock}"
        );
        assert_eq!(check(&project).unwrap(), Vec::<String>::new());

        let config = std::fs::read_to_string(project.config_path()).unwrap();
        let renamed = format!("{config}\n[rename.operations]\n\"GET /things\" = \"all\"\n");
        fixture::write(dir.path(), crate::project::CONFIG, &renamed);
        assert!(check(&project).unwrap().contains(&format!("stale: {LOCK}")));
        regen(&project, Source::Vendored).unwrap();
        let lock = std::fs::read_to_string(project.lock_path()).unwrap();
        assert!(
            lock.contains(r#""GET /things" = { group = "things", method = "all","#),
            "{lock}"
        );
        assert_eq!(check(&project).unwrap(), Vec::<String>::new());
        std::fs::remove_file(project.lock_path()).unwrap();
        assert!(
            check(&project)
                .unwrap()
                .contains(&format!("missing: {LOCK}"))
        );
    }

    /// A spec edited by hand (an added operation, then a retyped field) makes
    /// check fail, naming generated files, until regen brings them up to date;
    /// the API-surface text that the snapshot test locks changes with it.
    #[test]
    fn a_spec_change_fails_check_until_regen() {
        const WITH_FIELD: &str = r##"{"openapi":"3.0.3","info":{"title":"Fixture","version":"1"},
"paths":{"/things":{"get":{"operationId":"listThings","responses":{"200":{"description":"ok",
"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}}}}}},
"components":{"schemas":{"Thing":{"type":"object","properties":{"count":{"type":"integer"}}}}}}"##;
        let retyped = WITH_FIELD.replace(r#"{"type":"integer"}"#, r#"{"type":"string"}"#);
        let (dir, project) = fixture::project();
        let config = project.config().unwrap();
        let mut surfaces = Vec::new();
        for spec in [WITH_FIELD, VALID_SPEC_V2, retyped.as_str()] {
            fixture::write(dir.path(), SPEC, &generator::normalize_spec(spec).unwrap());
            if !surfaces.is_empty() {
                let problems = check(&project).unwrap();
                assert!(
                    !problems.is_empty()
                        && problems.iter().all(|p| p.starts_with("stale: ")
                            || p.starts_with("missing: ")
                            || p.starts_with("extra: ")),
                    "{problems:?}"
                );
            }
            regen(&project, Source::Vendored).unwrap();
            assert_eq!(check(&project).unwrap(), Vec::<String>::new());
            surfaces.push(generator::api_surface(spec, &config).unwrap());
        }
        assert!(surfaces[1].contains("POST /widgets"), "{}", surfaces[1]);
        assert!(
            surfaces[0].contains("count: Option<i64>"),
            "{}",
            surfaces[0]
        );
        assert!(
            surfaces[2].contains("count: Option<String>"),
            "{}",
            surfaces[2]
        );
    }
}
