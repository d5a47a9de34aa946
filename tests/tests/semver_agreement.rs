//! The change report against cargo-semver-checks, the Rust ecosystem's own
//! judge of what breaks compilation. For every spec change in the catalogue
//! (`common/spec_changes.rs`, the cases `diff.rs` classes) and three realistic
//! drifts (ActuallyCare, Swagger Petstore 1.0.0 → 1.0.27, Oxide Nexus 0.0.1 →
//! 2026081901), the old and new crates are generated and compared by the
//! pinned cargo-semver-checks (`cargo xtask test` installs it), change by
//! change:
//!
//! - every place cargo-semver-checks says needs a major version (a deny-level
//!   lint) must be an item of a change the report says breaks compilation;
//! - every change the report says breaks compilation must be confirmed by
//!   such a finding on its items, unless its kind is in [`NO_LINT`], which
//!   says why it breaks compilation all the same;
//! - so a change the report calls additive or run-time only gets no finding.
//!
//! Warn-level findings (a derived `PartialOrd` order that changed, say) are
//! behaviour changes in cargo-semver-checks' own terms, not compile breaks;
//! they are listed in the report file but not held to either rule.
//!
//! Everything is documented in one `cargo doc` run of one workspace
//! (`target/semver-agreement`), with dependencies shared with the corpus check
//! (`target/generated-target`). The table of results is written to
//! `target/semver-agreement/REPORT.md`.
//!
//! Run with `cargo test -p integration-tests --test semver_agreement`.

#[path = "common/drifts.rs"]
mod drifts;
#[path = "common/semver_checks.rs"]
mod semver_checks;
#[path = "common/spec_changes.rs"]
mod spec_changes;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use generator::Config;
use generator::diff::{Change, ChangeKind, diff};
use semver_checks::{CrateSpec, Finding, Level, names_in};

/// A compile break cargo-semver-checks has no lint for: the kind of change,
/// when the exception applies (given the change and the whole report), and why
/// it breaks compilation all the same.
struct NoLint {
    kind: ChangeKind,
    when: fn(&Change, &[Change]) -> bool,
    why: &'static str,
}

/// Every entry must still be needed by some case (checked below).
const NO_LINT: &[NoLint] = &[
    NoLint {
        kind: ChangeKind::ParameterRetyped,
        when: always,
        why: "the group method's argument or the builder's setter takes another type; \
              cargo-semver-checks does not compare parameter types",
    },
    NoLint {
        kind: ChangeKind::RequestBodyRetyped,
        when: always,
        why: "the `body` argument or setter takes another type; \
              cargo-semver-checks does not compare parameter types",
    },
    NoLint {
        kind: ChangeKind::ResponseRetyped,
        when: always,
        why: "`send()` returns another type; cargo-semver-checks does not compare return types",
    },
    NoLint {
        kind: ChangeKind::FieldRetyped,
        when: always,
        why: "a pub field has another type; cargo-semver-checks does not compare field types",
    },
    NoLint {
        kind: ChangeKind::FieldNowNullable,
        when: always,
        why: "`T` → `Option<T>` is another field type; cargo-semver-checks does not compare \
              field types",
    },
    NoLint {
        kind: ChangeKind::FieldNoLongerNullable,
        when: always,
        why: "`Option<T>` → `T` is another field type; cargo-semver-checks does not compare \
              field types",
    },
    NoLint {
        kind: ChangeKind::VariantRetyped,
        when: always,
        why: "a union variant holds another type; cargo-semver-checks does not compare the \
              types of tuple variants' fields",
    },
    NoLint {
        kind: ChangeKind::FieldAdded,
        when: replaces_an_argument_of_new,
        why: "`new()` takes the new field in place of one it no longer takes: as many \
              arguments as before, and cargo-semver-checks compares only their count",
    },
    NoLint {
        kind: ChangeKind::SerdeDirectionDropped,
        when: always,
        why: "the model no longer implements serde's `Serialize` or `Deserialize` (without the \
              `serde-both-ways` feature); cargo-semver-checks has no lint for a removed impl \
              of another crate's trait",
    },
    NoLint {
        kind: ChangeKind::TypeRemoved,
        when: was_an_alias,
        why: "a `pub type` alias is gone; cargo-semver-checks has no lint for type aliases",
    },
];

fn always(_: &Change, _: &[Change]) -> bool {
    true
}

/// Another change in the report takes an argument away from the same `new()`.
fn replaces_an_argument_of_new(change: &Change, report: &[Change]) -> bool {
    let Some(new_fn) = change.items.iter().find(|item| item.ends_with("::new")) else {
        return false;
    };
    report.iter().any(|other| {
        matches!(
            other.kind,
            ChangeKind::FieldRemoved | ChangeKind::FieldNowOptional | ChangeKind::FieldNowNullable
        ) && other.items.contains(new_fn)
    })
}

fn was_an_alias(change: &Change, _: &[Change]) -> bool {
    change.detail.starts_with("alias of")
}

/// Why `change` breaks compilation without a lint firing, if [`NO_LINT`] says.
fn no_lint(change: &Change, report: &[Change]) -> Option<(usize, &'static str)> {
    NO_LINT
        .iter()
        .enumerate()
        .find(|(_, entry)| entry.kind == change.kind && (entry.when)(change, report))
        .map(|(index, entry)| (index, entry.why))
}

/// An old and a new spec, compared both ways.
struct Pair {
    name: String,
    old_crate: String,
    new_crate: String,
    changes: Vec<Change>,
}

struct Outcome {
    changes: Vec<Change>,
    findings: Vec<Finding>,
}

/// Every pair, documented and checked once for all the tests here.
fn outcomes() -> &'static BTreeMap<String, Outcome> {
    static OUTCOMES: OnceLock<BTreeMap<String, Outcome>> = OnceLock::new();
    OUTCOMES.get_or_init(run)
}

fn run() -> BTreeMap<String, Outcome> {
    let binary = semver_checks::binary();
    let default_config = Config::default();
    let catalogue = spec_changes::all();
    let real = [drifts::actuallycare(), drifts::petstore(), drifts::nexus()];

    // The catalogue's specs repeat (most changes start from the same fixture):
    // one crate per distinct spec.
    let texts: Vec<(String, String)> = catalogue
        .iter()
        .map(|change| (change.old.to_string(), change.new.to_string()))
        .collect();
    let mut crates: Vec<CrateSpec<'_>> = Vec::new();
    let mut names: BTreeMap<&str, String> = BTreeMap::new();
    let mut pairs = Vec::new();
    for (change, (old, new)) in catalogue.iter().zip(&texts) {
        pairs.push(Pair {
            name: change.name.to_owned(),
            old_crate: crate_for(old, &default_config, &mut names, &mut crates),
            new_crate: crate_for(new, &default_config, &mut names, &mut crates),
            changes: report(old, new, &default_config),
        });
    }
    for drift in &real {
        let (old_crate, new_crate) = (format!("{}_old", drift.name), format!("{}_new", drift.name));
        crates.push(CrateSpec {
            name: old_crate.clone(),
            spec: &drift.old,
            config: &drift.config,
        });
        crates.push(CrateSpec {
            name: new_crate.clone(),
            spec: &drift.new,
            config: &drift.config,
        });
        pairs.push(Pair {
            name: drift.name.to_owned(),
            old_crate,
            new_crate,
            changes: report(&drift.old, &drift.new, &drift.config),
        });
    }

    let root = semver_checks::repo_root();
    let work = root.join("target/semver-agreement");
    let json = semver_checks::document(&work, &root.join("target/generated-target"), &crates);
    let outcomes = check_all(&binary, &json, pairs);
    let rows = outcomes
        .iter()
        .map(|(name, outcome)| (name.as_str(), outcome));
    std::fs::write(work.join("REPORT.md"), table(rows)).expect("writing REPORT.md");
    outcomes
}

/// The crate generated from `spec`, added to `crates` the first time.
fn crate_for<'a>(
    spec: &'a str,
    config: &'a Config,
    names: &mut BTreeMap<&'a str, String>,
    crates: &mut Vec<CrateSpec<'a>>,
) -> String {
    if let Some(name) = names.get(spec) {
        return name.clone();
    }
    let name = format!("pets_{}", names.len());
    names.insert(spec, name.clone());
    crates.push(CrateSpec {
        name: name.clone(),
        spec,
        config,
    });
    name
}

fn report(old: &str, new: &str, config: &Config) -> Vec<Change> {
    diff(old, new, config).expect("both specs load").changes
}

/// cargo-semver-checks on every pair, a few at a time.
fn check_all(
    binary: &std::path::Path,
    json: &BTreeMap<String, PathBuf>,
    pairs: Vec<Pair>,
) -> BTreeMap<String, Outcome> {
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    let queue = std::sync::Mutex::new(pairs);
    let done = std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let Some(pair) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let findings = semver_checks::check(
                        binary,
                        &json[&pair.old_crate],
                        &json[&pair.new_crate],
                    );
                    done.lock().unwrap().insert(
                        pair.name,
                        Outcome {
                            changes: pair.changes,
                            findings,
                        },
                    );
                }
            });
        }
    });
    done.into_inner().unwrap()
}

/// Whether `finding` is about one of `change`'s items: its names are among
/// the item's, or, for an item meaning a whole type or builder
/// (`types::Pet::*`), they name it (`Pet`) and at most one member of it.
fn covers(change: &Change, finding: &Finding) -> bool {
    let names = finding.names();
    !names.is_empty()
        && change
            .items
            .iter()
            .any(|item| match item.strip_suffix("::*") {
                Some(whole) => {
                    let owner = whole.rsplit("::").next().unwrap_or(whole);
                    names.contains(owner) && names.difference(&names_in(whole)).count() <= 1
                }
                None => names.is_subset(&names_in(item)),
            })
}

/// How one pair's report and findings line up.
#[derive(Default)]
struct Agreement<'a> {
    /// Deny-level findings no compile-breaking change of ours accounts for.
    unexplained: Vec<&'a Finding>,
    /// Compile-breaking changes no finding confirms, with the [`NO_LINT`]
    /// entry (index, reason) that explains them, if one does.
    unconfirmed: Vec<(&'a Change, Option<(usize, &'static str)>)>,
    confirmed: usize,
    warnings: usize,
}

impl Agreement<'_> {
    fn holds(&self) -> bool {
        self.unexplained.is_empty() && self.unconfirmed.iter().all(|(_, why)| why.is_some())
    }
}

fn agreement(outcome: &Outcome) -> Agreement<'_> {
    let compile: Vec<&Change> = outcome
        .changes
        .iter()
        .filter(|c| c.impact.breaks_compilation())
        .collect();
    let failures: Vec<&Finding> = outcome
        .findings
        .iter()
        .filter(|f| f.level == Level::Failure)
        .collect();
    let mut result = Agreement {
        warnings: outcome.findings.len() - failures.len(),
        ..Agreement::default()
    };
    for finding in &failures {
        if !compile.iter().any(|change| covers(change, finding)) {
            result.unexplained.push(finding);
        }
    }
    for change in compile {
        if failures.iter().any(|finding| covers(change, finding)) {
            result.confirmed += 1;
        } else {
            result
                .unconfirmed
                .push((change, no_lint(change, &outcome.changes)));
        }
    }
    result
}

/// One line per pair, then every disagreement and explained exception.
fn table<'a>(outcomes: impl IntoIterator<Item = (&'a str, &'a Outcome)>) -> String {
    let mut out = String::from(
        "| case | compile breaks (ours) | confirmed | explained (no lint) | major findings | unexplained | warnings |\n\
         |---|---|---|---|---|---|---|\n",
    );
    let mut notes = String::new();
    for (name, outcome) in outcomes {
        let agreement = agreement(outcome);
        let ours = outcome
            .changes
            .iter()
            .filter(|c| c.impact.breaks_compilation())
            .count();
        let failures = outcome
            .findings
            .iter()
            .filter(|f| f.level == Level::Failure)
            .count();
        let explained = agreement
            .unconfirmed
            .iter()
            .filter(|(_, why)| why.is_some())
            .count();
        writeln!(
            out,
            "| {name} | {ours} | {} | {explained} | {failures} | {} | {} |",
            agreement.confirmed,
            agreement.unexplained.len() + (agreement.unconfirmed.len() - explained),
            agreement.warnings
        )
        .unwrap();
        for finding in &agreement.unexplained {
            writeln!(
                notes,
                "- {name}: cargo-semver-checks `{}` on `{}` matches no compile break in the report",
                finding.lint, finding.text
            )
            .unwrap();
        }
        for (change, why) in &agreement.unconfirmed {
            let why = why.map_or("NOT EXPLAINED", |(_, why)| why);
            writeln!(
                notes,
                "- {name}: {:?} `{}` ({}) has no finding: {why}",
                change.kind, change.subject, change.detail
            )
            .unwrap();
        }
        for finding in outcome
            .findings
            .iter()
            .filter(|f| f.level == Level::Warning)
        {
            writeln!(
                notes,
                "- {name}: warning `{}` on `{}`",
                finding.lint, finding.text
            )
            .unwrap();
        }
    }
    format!("{out}\n{notes}")
}

fn assert_agrees(names: &[&str]) {
    let outcomes = outcomes();
    let mut failures = String::new();
    for name in names {
        let outcome = outcomes
            .get(*name)
            .unwrap_or_else(|| panic!("no outcome for {name}"));
        if !agreement(outcome).holds() {
            failures.push_str(&table([(*name, outcome)]));
        }
    }
    assert!(
        failures.is_empty(),
        "the report and cargo-semver-checks disagree:\n{failures}"
    );
}

#[test]
fn every_change_class_agrees_with_cargo_semver_checks() {
    let names: Vec<&str> = spec_changes::all().iter().map(|c| c.name).collect();
    assert_agrees(&names);
}

#[test]
fn every_change_class_is_judged_by_cargo_semver_checks_as_the_report_says() {
    // Per class, the verdicts themselves: major from cargo-semver-checks
    // exactly where the report says compile (or the break has no lint).
    for change in spec_changes::all() {
        let outcome = &outcomes()[change.name];
        let ours = outcome
            .changes
            .iter()
            .any(|c| c.impact.breaks_compilation());
        let theirs = outcome.findings.iter().any(|f| f.level == Level::Failure);
        let all_unlinted = outcome
            .changes
            .iter()
            .filter(|c| c.impact.breaks_compilation())
            .all(|c| no_lint(c, &outcome.changes).is_some());
        assert!(
            ours == theirs || (ours && !theirs && all_unlinted),
            "{}: the report says compile break: {ours}, cargo-semver-checks major: {theirs}\n{}",
            change.name,
            table([(change.name, outcome)])
        );
    }
}

#[test]
fn the_actuallycare_drift_agrees_with_cargo_semver_checks() {
    assert_agrees(&["actuallycare_drift"]);
}

#[test]
fn the_swagger_petstore_drift_agrees_with_cargo_semver_checks() {
    assert_agrees(&["petstore_drift"]);
}

#[test]
fn the_oxide_nexus_drift_agrees_with_cargo_semver_checks() {
    assert_agrees(&["nexus_drift"]);
}

#[test]
fn every_no_lint_exception_is_still_needed() {
    let mut used = BTreeSet::new();
    for outcome in outcomes().values() {
        for (_, why) in agreement(outcome).unconfirmed {
            used.extend(why.map(|(index, _)| index));
        }
    }
    let stale: Vec<String> = NO_LINT
        .iter()
        .enumerate()
        .filter(|(index, _)| !used.contains(index))
        .map(|(_, entry)| format!("{:?}: {}", entry.kind, entry.why))
        .collect();
    assert!(
        stale.is_empty(),
        "cargo-semver-checks now confirms these, or no case has them: drop them from NO_LINT\n{}",
        stale.join("\n")
    );
}
