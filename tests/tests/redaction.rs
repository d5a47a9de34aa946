//! Secrets never reach logs: generated models, builders, responses and errors redact
//! passwords, tokens and keys in `Debug`.
//!
//! - Which fields are sensitive: the spec's `format: password` and `x-sensitive`, the naming
//!   rule, `key` of a key-creation response, `[sensitive]` in generator.toml (with its errors).
//! - For ActuallyCare and three corpus specs with passwords or tokens (when
//!   `../shared/corpus` exists), a probe program per client (see `redaction/probe.rs`) decodes
//!   every model that can hold a secret from JSON carrying recognizable secrets and prints its
//!   `Debug`, with request builders, responses and errors from a local server; no secret may
//!   show. The clients and probes are built in one throwaway workspace,
//!   `target/redaction-check/`, cached between runs.
//! - The crate's examples run against a local server and print no secret.
//!
//! Run with `cargo test -p integration-tests --test redaction`.

mod common;
#[path = "common/live_probe.rs"]
mod live_probe;
#[path = "redaction/probe.rs"]
mod probe;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use generator::Config;
use generator::model::{Api, Redaction};
use probe::{Sampler, Secret};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The model of `spec`, built on a thread with room for deeply nested specs.
fn model(spec: &str, config: &Config) -> Result<Api, generator::Error> {
    let (spec, config) = (spec.to_owned(), config.clone());
    std::thread::Builder::new()
        .stack_size(256 * 1024 * 1024)
        .spawn(move || {
            let (document, raw) = generator::load::load_document(&spec)?;
            generator::model::build(&document, &raw, &config)
        })
        .expect("a thread for the generator")
        .join()
        .expect("the generator does not panic")
}

fn actuallycare() -> (String, Config) {
    let spec =
        std::fs::read_to_string(repo().join("spec/openapi.json")).expect("spec/openapi.json");
    let config = Config::load(&repo().join("spec/generator.toml")).expect("spec/generator.toml");
    (spec, config)
}

fn redaction_name(redaction: Redaction) -> &'static str {
    match redaction {
        Redaction::Ends => "ends",
        Redaction::Full => "full",
    }
}

// ---------------------------------------------------------------------------
// Which fields are sensitive
// ---------------------------------------------------------------------------

/// Every sensitive field of the ActuallyCare spec, and why.
#[test]
fn actuallycare_sensitive_fields_are_these() {
    let (spec, config) = actuallycare();
    let api = model(&spec, &config).expect("the spec builds");
    let found: Vec<String> = probe::sensitive_fields(&api)
        .into_iter()
        .map(|(field, _, redaction)| format!("{field} ({})", redaction_name(redaction)))
        .collect();
    assert_eq!(
        found,
        [
            // generator.toml [sensitive] add: the billing-portal session URL.
            "BillingPortalSession.portal_url (ends)",
            // `key` of what POST /api-keys returns.
            "CreatedApiKey.key (ends)",
            // format: password.
            "LoginRequest.password (full)",
            // The naming rule.
            "LoginSession.access_token (ends)",
            "LoginSession.refresh_token (ends)",
            "LoginWaitlisted.access_token (ends)",
            "LogoutRequest.refresh_token (ends)",
            "RefreshTokenRequest.refresh_token (ends)",
            "RegisterRequest.password (full)",
            "TokenPair.access_token (ends)",
            "TokenPair.refresh_token (ends)",
            "Webhook.secret (ends)",
        ]
    );
    // Names the rule must not take for secrets.
    let fields: BTreeSet<String> = probe::sensitive_fields(&api)
        .into_iter()
        .map(|(field, _, _)| field)
        .collect();
    for public in [
        "LoginSession.token_type",
        "LoginSession.expires_in",
        "ApiKey.key_preview",
        "CreatedApiKey.key_prefix",
    ] {
        assert!(!fields.contains(public), "{public} is not a secret");
    }
}

const RULES_SPEC: &str = r##"
openapi: 3.0.3
info: {title: Rules, version: "1"}
paths:
  /keys:
    post:
      operationId: createKey
      tags: [keys]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Account'}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/NewKey'}
    get:
      operationId: listKeys
      tags: [keys]
      responses:
        '200':
          description: The keys.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/KeyValue'}
components:
  schemas:
    Pin: {type: string, format: password}
    NewKey:
      type: object
      properties:
        key: {type: string}
        keyId: {type: string}
    KeyValue:
      type: object
      properties:
        key: {type: string}
        value: {type: string}
    Account:
      type: object
      required: [login]
      properties:
        login: {type: string}
        pin: {$ref: '#/components/schemas/Pin'}
        ssn: {type: string, x-sensitive: true}
        recovery: {type: object, x-sensitive: true, properties: {code: {type: string}}}
        sessionToken: {type: string}
        csrfToken: {type: string, x-sensitive: false}
        tokenType: {type: string}
        passwordUpdatedAt: {type: string}
        secretaryName: {type: string}
        nextPageToken: {type: string}
        maxTokens: {type: integer}
        secret: {type: boolean}
        clientSecret: {type: string}
        apiKey: {type: string}
"##;

fn rules_types(config: &str) -> Result<String, generator::Error> {
    let config = Config::from_toml(config, "generator.toml").expect("the config parses");
    let generated = generator::generate(RULES_SPEC, &config)?;
    // The `types` module: `src/types.rs` and the files of `src/types/`.
    Ok(generated
        .files
        .into_iter()
        .filter(|file| file.path == "src/types.rs" || file.path.starts_with("src/types/"))
        .map(|file| file.contents)
        .collect())
}

/// The `Debug` impl of `type_name` in `types`, whitespace removed.
fn debug_impl(types: &str, type_name: &str) -> Option<String> {
    let start = types.find(&format!("impl std::fmt::Debug for {type_name} {{"))?;
    let end = types[start..]
        .find(".finish()")
        .map_or(types.len(), |end| start + end);
    Some(types[start..end].split_whitespace().collect())
}

#[test]
fn the_spec_and_the_names_mark_fields() {
    let types = rules_types("").expect("the spec generates");
    let account = debug_impl(&types, "Account").expect("Account has a redacting Debug");
    for redacted in [
        r#".field("pin",&crate::runtime::Hidden)"#,
        r#".field("ssn",&crate::runtime::Redacted(&self.ssn))"#,
        // Not a string: nothing of it shows.
        r#".field("recovery",&crate::runtime::Hidden)"#,
        r#".field("session_token",&crate::runtime::Redacted(&self.session_token))"#,
        r#".field("client_secret",&crate::runtime::Redacted(&self.client_secret))"#,
        r#".field("api_key",&crate::runtime::Redacted(&self.api_key))"#,
    ] {
        assert!(account.contains(redacted), "{redacted} in {account}");
    }
    for shown in [
        "login",
        "csrf_token",
        "token_type",
        "password_updated_at",
        "secretary_name",
        "next_page_token",
        "max_tokens",
        "secret",
    ] {
        let plain = format!(r#".field("{shown}",&self.{shown})"#);
        assert!(account.contains(&plain), "{plain} in {account}");
    }
    // `key` of what a POST returns, in a type named for a key; not of a key-value pair.
    let new_key = debug_impl(&types, "NewKey").expect("NewKey has a redacting Debug");
    assert!(
        new_key.contains(r#".field("key",&crate::runtime::Redacted(&self.key))"#),
        "{new_key}"
    );
    assert!(
        new_key.contains(r#".field("key_id",&self.key_id)"#),
        "{new_key}"
    );
    assert_eq!(debug_impl(&types, "KeyValue"), None);
    // The derive line of each (serde's impls are written out, not derived).
    let derives = |name: &str| {
        let at = types
            .find(&format!("\npub struct {name} "))
            .unwrap_or_else(|| panic!("no struct {name}"));
        let start = types[..at].rfind("#[derive(").expect("a derive");
        types[start..at]
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        derives("KeyValue"),
        "#[derive(Debug, Clone, PartialEq, Default)]"
    );
    assert!(derives("Account").starts_with("#[derive(Clone, PartialEq"));
}

#[test]
fn generator_toml_adds_and_exempts_by_schema_pointer() {
    let types = rules_types(
        r##"
[sensitive]
add = ["#/components/schemas/Account/properties/login", "#/components/schemas/KeyValue/properties/value"]
exempt = ["#/components/schemas/Account/properties/sessionToken", "#/components/schemas/Pin/../Account/properties/ssn"]
"##,
    );
    let error = types.expect_err("a pointer that names no field is refused");
    assert_eq!(error.location, "generator.toml: [sensitive].exempt");
    assert!(error.message.contains("`#/components/schemas/Pin/../Account/properties/ssn` is not the schema pointer of any model field"), "{error}");
    assert!(
        error
            .message
            .contains("closest: `#/components/schemas/Account/properties/ssn`"),
        "{error}"
    );

    let types = rules_types(
        r##"
[sensitive]
add = ["#/components/schemas/Account/properties/login", "#/components/schemas/KeyValue/properties/value"]
exempt = ["#/components/schemas/Account/properties/sessionToken", "#/components/schemas/Account/properties/pin"]
"##,
    )
    .expect("the spec generates");
    let account = debug_impl(&types, "Account").expect("Account has a redacting Debug");
    assert!(
        account.contains(r#".field("login",&crate::runtime::Redacted(&self.login))"#),
        "{account}"
    );
    assert!(
        account.contains(r#".field("session_token",&self.session_token)"#),
        "{account}"
    );
    assert!(account.contains(r#".field("pin",&self.pin)"#), "{account}");
    let key_value = debug_impl(&types, "KeyValue").expect("KeyValue has a redacting Debug");
    assert!(
        key_value.contains(r#".field("value",&crate::runtime::Redacted(&self.value))"#),
        "{key_value}"
    );
}

#[test]
fn generator_toml_sensitive_errors_say_where() {
    let both = rules_types(
        r##"
[sensitive]
add = ["#/components/schemas/Account/properties/login"]
exempt = ["#/components/schemas/Account/properties/login"]
"##,
    )
    .expect_err("a pointer in both lists is refused");
    assert_eq!(both.location, "generator.toml: [sensitive].add");
    assert!(both.message.contains("both `add` and `exempt`"), "{both}");

    let typo =
        rules_types("[sensitive]\nadd = [\"#/components/schemas/Acount/properties/logn\"]\n")
            .expect_err("a misspelt pointer is refused");
    assert_eq!(typo.location, "generator.toml: [sensitive].add");
    assert!(
        typo.message
            .contains("closest: `#/components/schemas/Account/properties/login`"),
        "{typo}"
    );

    let unknown = Config::from_toml("[sensitive]\nadded = []\n", "generator.toml")
        .expect_err("unknown keys are refused");
    assert!(unknown.message.contains("added"), "{unknown}");
}

// ---------------------------------------------------------------------------
// The probes: no secret in any Debug output
// ---------------------------------------------------------------------------

/// A generated client in the check workspace and what its probe planted and printed.
struct Probed {
    name: String,
    sensitive: Vec<(String, String, Redaction)>,
    holding: usize,
    field_secrets: BTreeMap<String, Secret>,
    body_secrets: BTreeMap<String, Secret>,
    output: String,
}

/// Corpus specs that declare `format: password` or token fields, and compile.
const CORPUS: &[&str] = &[
    "v3.0/okta__oauth-minimal.yaml",
    "v3.0/swagger-petstore__petstore3.yaml",
    "v3.0/swagger-parser__petstore-fake-endpoints.yaml",
];

fn check_root() -> PathBuf {
    repo().join("target/redaction-check")
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

/// Shared with the other generated crates of the tests (see `common/generated.rs`).
fn target_dir() -> PathBuf {
    repo().join("target/generated-target")
}

fn cargo_in(root: &Path, args: &[&str]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Writes each client and its probe into the check workspace, builds them (with
/// ActuallyCare's examples) and runs the probes. Once per test binary.
fn probed() -> &'static [Probed] {
    static PROBED: OnceLock<Vec<Probed>> = OnceLock::new();
    PROBED.get_or_init(|| {
        let root = check_root();
        let mut subjects = vec![actuallycare_subject()];
        let corpus = repo().join("../shared/corpus");
        if corpus.is_dir() {
            subjects.extend(CORPUS.iter().map(|file| corpus_subject(&corpus, file)));
        } else {
            eprintln!("{} is missing: probing ActuallyCare only", corpus.display());
        }
        let mut members = Vec::new();
        let mut probes = Vec::new();
        for (name, spec, config) in subjects {
            let api = model(&spec, &config).unwrap_or_else(|e| panic!("{name}: {e}"));
            let generated = generator::generate(&spec, &config).unwrap_or_else(|e| panic!("{name}: {e}"));
            let dir = root.join(&name);
            for file in &generated.files {
                write_if_changed(&dir.join(&file.path), &file.contents);
            }
            let krate = name.replace('-', "_");
            let mut sampler = Sampler::new(&api);
            let envelope = config.envelope.as_ref().map(|envelope| envelope.data.as_str());
            let source = probe::probe_source(&api, &krate, envelope, &mut sampler);
            let probe_dir = root.join(format!("{name}-probe"));
            write_if_changed(&probe_dir.join("src/main.rs"), &source);
            // The probe decodes sampled request values and encodes responses:
            // both serde directions of every model.
            write_if_changed(&probe_dir.join("Cargo.toml"), &format!(
                "[package]\nname = \"{name}-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\n{name} = {{ path = \"../{name}\", features = [\"serde-both-ways\"] }}\nserde = \"1\"\nserde_json = \"1\"\n\
                 uuid = \"1\"\nchrono = {{ version = \"0.4\", default-features = false }}\n\
                 tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n"
            ));
            members.push(name.clone());
            members.push(format!("{name}-probe"));
            probes.push(Probed {
                sensitive: probe::sensitive_fields(&api),
                holding: probe::holding_secrets(&api).len(),
                field_secrets: sampler.field_secrets,
                body_secrets: sampler.body_secrets,
                name,
                output: String::new(),
            });
        }
        let manifest = format!(
            "# Throwaway workspace written by tests/tests/redaction.rs.\n[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ")
        );
        write_if_changed(&root.join("Cargo.toml"), &manifest);
        let lock = root.join("Cargo.lock");
        if !lock.exists() {
            let _ = std::fs::copy(repo().join("Cargo.lock"), &lock);
        }
        let (built, output) = cargo_in(&root, &["build", "--workspace", "--bins", "--examples", "--message-format=short"]);
        assert!(built, "the clients and probes in {} do not build:\n{output}", root.display());
        for probe in &mut probes {
            let binary = target_dir().join("debug").join(format!("{}-probe", probe.name));
            let run = Command::new(&binary).output().unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
            probe.output = String::from_utf8_lossy(&run.stdout).into_owned();
            assert!(
                run.status.success() && probe.output.ends_with("DONE\n"),
                "the {} probe failed:\n{}\n{}",
                probe.name,
                probe.output,
                String::from_utf8_lossy(&run.stderr)
            );
        }
        probes
    })
}

fn actuallycare_subject() -> (String, String, Config) {
    let (spec, config) = actuallycare();
    (config.package.name.clone(), spec, config)
}

fn corpus_subject(corpus: &Path, file: &str) -> (String, String, Config) {
    let spec = std::fs::read_to_string(corpus.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .split('.')
        .next()
        .unwrap_or(file);
    let name = format!(
        "probe-{}",
        stem.replace("__", "-").replace('_', "-").to_lowercase()
    );
    let config = Config::named(&name);
    (name, spec, config)
}

/// Which lines of a probe's output show a secret.
fn leaks(probe: &Probed) -> Vec<String> {
    let mut found = Vec::new();
    for line in probe
        .output
        .lines()
        .filter(|line| !line.starts_with("JSON\t"))
    {
        let secrets = probe.field_secrets.iter().chain(&probe.body_secrets);
        for (owner, secret) in secrets {
            if secret.leaks_in(line) {
                found.push(format!(
                    "{owner} ({}) in: {}",
                    secret.value,
                    line.chars().take(600).collect::<String>()
                ));
            }
        }
    }
    found
}

fn lines<'a>(probe: &'a Probed, kind: &str) -> Vec<&'a str> {
    probe
        .output
        .lines()
        .filter(|line| line.starts_with(&format!("{kind}\t")))
        .collect()
}

#[test]
fn no_secret_in_the_debug_of_any_model_builder_response_or_error() {
    let probes = probed();
    let mut failures = Vec::new();
    for probe in probes {
        let name = &probe.name;
        assert!(
            !probe.sensitive.is_empty(),
            "{name}: no sensitive field found"
        );
        for line in lines(probe, "DECODE")
            .into_iter()
            .chain(lines(probe, "CALLFAIL"))
        {
            failures.push(format!("{name}: {line}"));
        }
        failures.extend(
            leaks(probe)
                .into_iter()
                .map(|leak| format!("{name}: {leak}")),
        );
        // Not vacuous: every sensitive field's secret went in and came out of a model
        // (serialization is unchanged), and each model that can hold one was printed.
        let json = lines(probe, "JSON").join("\n");
        for (field, _, _) in &probe.sensitive {
            match probe.field_secrets.get(field) {
                Some(secret) if json.contains(&secret.value) => {}
                _ => failures.push(format!(
                    "{name}: the secret of {field} never survived a round trip"
                )),
            }
        }
        let printed: BTreeSet<&str> = lines(probe, "TYPE")
            .iter()
            .filter_map(|line| line.split('\t').nth(1)?.split('#').next())
            .collect();
        if printed.len() != probe.holding {
            failures.push(format!(
                "{name}: {} of {} models holding secrets printed",
                printed.len(),
                probe.holding
            ));
        }
        for kind in ["api", "decode"] {
            if !lines(probe, "ERROR")
                .iter()
                .any(|line| line.starts_with(&format!("ERROR\t{kind}\t")))
            {
                failures.push(format!("{name}: no {kind} error was printed"));
            }
        }
        let api_error = lines(probe, "ERROR")
            .into_iter()
            .find(|line| line.starts_with("ERROR\tapi\t"))
            .unwrap_or("");
        for expected in ["\\\"[redacted]\\\"", "\"set-cookie\": Sensitive"] {
            if !api_error.contains(expected) {
                failures.push(format!(
                    "{name}: the API error does not show {expected}: {api_error}"
                ));
            }
        }
        eprintln!(
            "{name}: {} sensitive fields, {} models ({} values), {} builders, {} responses, {} errors printed",
            probe.sensitive.len(),
            probe.holding,
            lines(probe, "TYPE").len(),
            lines(probe, "BUILDER").len(),
            lines(probe, "RESPONSE").len(),
            lines(probe, "ERROR").len()
        );
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // ActuallyCare's login and key creation print through the redacted models.
    let actuallycare = &probes[0];
    let responses = lines(actuallycare, "RESPONSE").join("\n");
    for op in ["loginUser", "createApiKey", "refreshAccessToken"] {
        assert!(
            responses.contains(&format!("RESPONSE\t{op}\t")),
            "no {op} response printed"
        );
    }
    assert!(
        lines(actuallycare, "BUILDER")
            .iter()
            .any(|line| line.starts_with("BUILDER\tloginUser\t"))
    );
}

/// The corpus specs are the ones the issue asks for: passwords and tokens.
#[test]
fn the_corpus_probes_cover_passwords_and_tokens() {
    let probes = probed();
    if probes.len() == 1 {
        eprintln!("../shared/corpus is missing: nothing to check here");
        return;
    }
    assert_eq!(probes.len(), 1 + CORPUS.len());
    let all: Vec<&(String, String, Redaction)> =
        probes[1..].iter().flat_map(|p| &p.sensitive).collect();
    assert!(
        all.iter()
            .any(|(_, json, redaction)| json == "password" && *redaction == Redaction::Full)
    );
    assert!(all.iter().any(|(_, json, _)| json == "access_token"));
    assert!(all.iter().any(|(_, json, _)| json == "client_secret"));
}

// ---------------------------------------------------------------------------
// The examples
// ---------------------------------------------------------------------------

/// Runs one of ActuallyCare's examples (built in the check workspace) with `env`.
fn run_example(name: &str, env: &[(&str, &str)]) -> String {
    let binary = target_dir().join("debug/examples").join(name);
    let mut command = Command::new(&binary);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", binary.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "example {name} failed:\n{text}");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_examples_print_no_secret() {
    use common::{contacts_page, envelope, listing_page, session_body};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    tokio::task::spawn_blocking(probed)
        .await
        .expect("the check workspace builds");
    let access = Secret::new('A', 1, Redaction::Ends);
    let refresh = Secret::new('R', 2, Redaction::Ends);
    let password = Secret::new('P', 3, Redaction::Full);
    let api_key = Secret::new('K', 4, Redaction::Ends);

    let server = MockServer::start().await;
    let session = session_body(&access.value, &refresh.value, "15m");
    Mock::given(method("POST"))
        .and(path("/auth/login"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/contacts"))
        .respond_with(ResponseTemplate::new(200).set_body_json(envelope(contacts_page())))
        .mount(&server)
        .await;
    let signed_out = envelope(serde_json::json!({}));
    Mock::given(method("POST"))
        .and(path("/auth/logout"))
        .respond_with(ResponseTemplate::new(200).set_body_json(signed_out))
        .mount(&server)
        .await;
    let listings = envelope(listing_page(1..=3, 1, 50, 1));
    Mock::given(method("GET"))
        .and(path("/listings"))
        .respond_with(ResponseTemplate::new(200).set_body_json(listings))
        .mount(&server)
        .await;

    let base_url = server.uri();
    let (jwt_session, api_key_output) = {
        let (base_url, password, key) = (
            base_url.clone(),
            password.value.clone(),
            api_key.value.clone(),
        );
        tokio::task::spawn_blocking(move || {
            let jwt_session = run_example(
                "jwt_session",
                &[
                    ("ACTUALLYCARE_BASE_URL", &base_url),
                    ("ACTUALLYCARE_EMAIL", "agent@example.com"),
                    ("ACTUALLYCARE_PASSWORD", &password),
                ],
            );
            let api_key = run_example(
                "api_key",
                &[
                    ("ACTUALLYCARE_BASE_URL", &base_url),
                    ("ACTUALLYCARE_API_KEY", &key),
                ],
            );
            (jwt_session, api_key)
        })
        .await
        .expect("the examples ran")
    };

    eprintln!("--- jwt_session ---\n{jwt_session}--- api_key ---\n{api_key_output}");
    // They did what they say, with the secrets in hand.
    let logins = server.received_requests().await.unwrap_or_default();
    assert!(
        logins
            .iter()
            .any(|r| String::from_utf8_lossy(&r.body).contains(&password.value)),
        "the password was sent"
    );
    assert!(
        jwt_session.contains("sign-in outcome: Session(LoginSession {"),
        "{jwt_session}"
    );
    assert!(jwt_session.contains("signed out: true"), "{jwt_session}");
    assert!(api_key_output.contains("3 listings"), "{api_key_output}");
    // And printed none of them.
    for (name, output) in [("jwt_session", &jwt_session), ("api_key", &api_key_output)] {
        for secret in [&access, &refresh, &password, &api_key] {
            assert!(
                !secret.leaks_in(output),
                "example {name} prints {}:\n{output}",
                secret.value
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Values the generator cannot type
// ---------------------------------------------------------------------------

/// A tagged union keeps a variant it does not know as raw JSON (`Unknown`); that
/// JSON can hold any of the API's secrets, so its `Debug` redacts them at any depth.
/// A request builder shows its parameters, so those that are credentials (by name,
/// `x-sensitive`, `format: password`, a credential header) are redacted too.
#[tokio::test]
async fn unknown_union_variants_and_secret_parameters_are_shown_without_secrets() {
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1"},
        "paths": {"/pets/{id}": {"get": {
            "operationId": "getPet",
            "parameters": [
                {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "api_key", "in": "query", "schema": {"type": "string"}},
                {"name": "Authorization", "in": "header", "schema": {"type": "string"}},
                {"name": "X-Session", "in": "header", "x-sensitive": true, "schema": {"type": "string"}},
                {"name": "pin", "in": "query", "schema": {"type": "string", "format": "password"}},
                {"name": "pageToken", "in": "query", "schema": {"type": "string"}}
            ],
            "responses": {"200": {"description": "The pet.", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"}}}}}
        }}},
        "components": {"schemas": {
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "petType"}
            },
            "Cat": {"type": "object", "required": ["petType"], "properties": {
                "petType": {"type": "string"}, "name": {"type": "string"},
                "password": {"type": "string", "format": "password"}
            }},
            "Dog": {"type": "object", "required": ["petType"], "properties": {
                "petType": {"type": "string"}, "accessToken": {"type": "string"}
            }}
        }}
    });
    let program = r##"
fn main() {
    for json in [
        r#"{"petType": "Fish", "name": "nemo", "password": "s3cr3t-1", "owner": {"accessToken": "s3cr3t-2"}}"#,
        r#"{"petType": "Cat", "name": "tom", "password": "s3cr3t-3"}"#,
    ] {
        let pet: probe_secrets_untyped::types::Pet = serde_json::from_str(json).expect("decodes");
        println!("{pet:?}");
    }
    let client = probe_secrets_untyped::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("client");
    let request = client
        .operations()
        .get_pet("pet-1")
        .api_key("key-0000-s3cr3t-1111")
        .authorization("Bearer 0000-s3cr3t-1111")
        .x_session("session-s3cr3t-1111")
        .pin("s3cr3t-pin")
        .page_token("page-2-cursor");
    println!("{}", format!("{request:?}").replace('\n', " "));
}
"##;
    let binary = tokio::task::spawn_blocking(move || {
        live_probe::build("secrets_untyped", &spec.to_string(), "", program)
    })
    .await
    .expect("the probe builds");
    let run = live_probe::run(&binary, &[]).await;
    assert!(run.success, "{}", run.stderr);
    let lines = run.lines();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    // Long secrets show their first 8 and last 4 characters, so the marker is in the middle.
    assert!(
        !run.stdout.contains("s3cr3t"),
        "a secret is printed: {}",
        run.stdout
    );
    assert!(
        lines[0].starts_with("Unknown(")
            && lines[0].contains("nemo")
            && lines[0].contains("[redacted]"),
        "the rest of the unknown variant is shown: {}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("Cat(") && lines[1].contains("tom"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("pet-1") && lines[2].contains("page-2-cursor"),
        "parameters that are not secrets are shown: {}",
        lines[2]
    );
}
