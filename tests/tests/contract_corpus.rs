//! The runtime contract check (`cargo xtask contract`, `xtask/src/contract/`) on
//! chosen specs: every operation is called through its generated client with
//! arguments built from the spec, against a server that parses each request with
//! openapi-core (compared value by value with the arguments) and against Prism
//! (request violations, responses that do not decode).
//!
//! `tests/contract/specs/styles.yaml` (every parameter location, style and
//! explode, and each body media type) always runs; a few real specs from
//! `../shared/corpus` run when that directory exists. The full corpus run and
//! its findings are in BENCHMARKS.md ("Contract check").
//!
//! Needs the pinned Prism (`cargo xtask test` installs it) and openapi-core (the
//! contract command installs it into `tools/openapi-core`). Part of `cargo xtask test`.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

/// One contract run at a time: both build their probes into the same target
/// directory, so running them together gains nothing on CI's two cores. (The
/// installers they share lock themselves: `xtask/src/install_lock.rs`.)
static ONE_RUN_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Real specs small enough for every run, with several parameter styles and
/// body media types between them.
const CORPUS_SPECS: &str = "swagger-petstore__petstore3,readme__form-data,redocly__museum,\
                            apisguru__exchangerate-api,ogen__petstore-oauth2,readme__train-travel,\
                            twilio__twilio_chat_v3,pagerduty__events-v2,apisguru__canada-holidays,\
                            xero__xero-projects,hubspot__contacts,asana__app_components";

/// The table's line for one operation's finding (empty when there is none),
/// so that what an assertion looks for is found on that operation's line.
fn finding<'a>(table: &'a str, operation: &str) -> &'a str {
    let needle = format!(" {operation}: ");
    table
        .lines()
        .find(|line| line.starts_with("  ") && line.contains(&needle))
        .unwrap_or("")
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Runs `cargo xtask contract DIR [--filter …]` and returns its table, after
/// checking that it exited cleanly and called at least `min_operations`.
fn contract(dir: &str, filter: Option<&str>, work_dir: &str, min_operations: usize) -> String {
    let _one_run = ONE_RUN_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(cargo);
    command
        .current_dir(repo_root())
        .args(["run", "--quiet", "-p", "xtask", "--", "contract", dir])
        // Probes build into the main target directory, reusing its dependencies.
        .args(["--work-dir", work_dir, "--target-dir", "target"])
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS");
    if let Some(filter) = filter {
        command.args(["--filter", filter]);
    }
    let output = command.output().expect("run cargo xtask contract");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stdout.lines().last().unwrap_or("");
    assert!(
        output.status.success(),
        "the contract check found client faults:\n{stdout}\n{stderr}"
    );
    assert!(
        last.ends_with("0 mismatches, 0 violations, 0 decode failures"),
        "{stdout}"
    );
    let operations: usize = last
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(
        operations >= min_operations,
        "only {operations} operations were called:\n{stdout}"
    );
    // Both oracles saw every spec.
    assert!(!stdout.contains("no Prism pass"), "{stdout}");
    stdout
}

#[test]
fn every_style_reads_back_as_given_and_every_remaining_finding_is_an_oracles_fault() {
    let table = contract("tests/contract/specs", None, "target/contract-styles", 15);
    // Each finding left is listed with the oracle's fault, shown on the raw request.
    for line in table.lines().filter(|line| line.starts_with("  ")) {
        assert!(
            line.contains("openapi-core fault: ")
                || line.contains("Prism fault: ")
                || line.contains("spec fault: ")
                || line.contains("Prism crashed on this request"),
            "unexplained finding: {line}"
        );
    }
    // The known openapi-core faults are still found (so the check still looks).
    assert!(
        table.contains("query:spaced: openapi-core 0.23.1 splits spaceDelimited"),
        "{table}"
    );
    assert!(
        table.contains("path:matrices: openapi-core 0.23.1"),
        "{table}"
    );
    // oracle_quirks.yaml: each hand-classified finding of the real-spec run,
    // reduced; the readOnly ones are corrected in the recorder (no finding).
    assert!(
        table.contains("uploadAttachment: openapi-core fault: body: openapi-core 0.23.1 keeps"),
        "{table}"
    );
    assert!(
        table.contains("getAlert: spec fault: query:per: the spec's enum"),
        "{table}"
    );
    assert!(
        table.contains("getReceipt: spec fault: Prism's answer came from the spec's own example"),
        "{table}"
    );
    // Two templates that differ only in a variable's name: both oracles pick one.
    let line = finding(&table, "getContactByNumber");
    assert!(
        line.contains(": spec fault: `/contacts/{ContactNumber}` and `/contacts/{ContactID}` are the same template") && line.contains("Prism matched the request to the other one"),
        "{table}"
    );
    assert!(
        table.contains("getContact: spec fault: path:ContactID: `/contacts/{ContactID}`"),
        "{table}"
    );
    assert!(
        table.contains(
            "getWorkflow: spec fault: the schema of `workflow_id` is `oneOf` a number and a string"
        ),
        "{table}"
    );
    assert!(
        table.contains("listHolidays: spec fault: Prism's answer came from the spec's own example"),
        "{table}"
    );
    assert!(
        table.contains(
            "search: spec fault: query:mdfilters: the spec asks for a serialization OpenAPI does not define, and the client sent what it announced"
        ),
        "{table}"
    );
    // The broken value lies past the start of the body that the client's error keeps.
    let line = finding(&table, "getCollaboration");
    assert!(
        line.contains(": spec fault: Prism's answer came from the spec's own example")
            && line.contains("decode failure: 200 body did not decode"),
        "{table}"
    );
    // An example behind a Reference to `components/examples`.
    assert!(
        table.contains(
            "getMigration: spec fault: Prism's answer came from the spec's own example, which breaks its schema: /components/examples/migration/value"
        ),
        "{table}"
    );
    let line = finding(&table, "getShippingLocation");
    assert!(
        line.contains(": spec fault: Prism's answer came from the spec's own example") && line.contains("the unquoted `08012` is the string \"08012\" in YAML 1.1 and the number 8012 in YAML 1.2"),
        "{table}"
    );
    // A whole media example with an unquoted date, matched against the body Prism sent.
    let line = finding(&table, "getPayment");
    assert!(
        line.contains(": spec fault: Prism's answer came from the spec's own example")
            && line.contains("'50.00' is not of type 'number'"),
        "{table}"
    );
    // Prism could not make a response that fits the schema.
    assert!(
        table.contains("getWide: Prism fault: Prism 5's mock generator gives up on this response schema (SCHEMA_TOO_COMPLEX"),
        "{table}"
    );
    let line = finding(&table, "listThings");
    assert!(
        line.contains(
            ": Prism fault: Prism 5's static mock writes \"string\" for a string without an example"
        ) && line.contains("url must match pattern"),
        "{table}"
    );
    // Prism answered with the other operation's status, which this one does not declare.
    let line = finding(&table, "createClassificationTemplate");
    assert!(
        line.contains(": spec fault: `/templates#classifications` and `/templates` are the same request") && line.contains("Prism answered with the other operation's response: not answered: createClassificationTemplate: the server answered 201"),
        "{table}"
    );
    // Prism's reasons from its `sl-violations` header (it answered with the spec's 400).
    assert!(
        table.contains("uploadFile: Prism fault: Prism 5 does not parse a multipart part as JSON"),
        "{table}"
    );
}

#[test]
fn real_specs_round_trip_without_client_faults() {
    let corpus = repo_root().join("../shared/corpus");
    if !corpus.is_dir() {
        eprintln!("../shared/corpus is missing: nothing to check here");
        return;
    }
    contract(
        corpus.to_str().expect("a UTF-8 path"),
        Some(CORPUS_SPECS),
        "target/contract-corpus",
        89,
    );
}
