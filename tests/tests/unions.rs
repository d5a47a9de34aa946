//! Unions without a discriminator decode to the variant that fits best, not to
//! the first that happens to decode.
//!
//! Each test generates a crate, builds a probe program of it that decodes JSON
//! payloads, and runs it: the probe prints, per payload, the variant the
//! generated `Deserialize` picked and, for comparison, the first variant in spec
//! order that decodes at all (what `#[serde(untagged)]` picked before).
//!
//! The real-spec test takes unions and their example payloads from specs in
//! `../shared/corpus` (GitHub, Twilio, Okta), as they are: the union, the schemas
//! it reaches, and the examples its operation documents. It needs the corpus and
//! fails, naming the path, without it.
//!
//! Run with `cargo test -p integration-tests --test unions -- --nocapture` to see
//! the table of picks.

#[path = "common/corpus_fragment.rs"]
mod corpus_fragment;
#[path = "common/live_probe.rs"]
mod live_probe;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::{Value, json};

/// One union to probe: its component name in the probe spec and the payloads.
struct Case {
    union: String,
    /// Example name, payload, and the variant it must decode as.
    payloads: Vec<(String, Value, String)>,
}

/// What the probe printed for one payload.
#[derive(Debug, PartialEq)]
struct Pick {
    union: String,
    example: String,
    best: String,
    first_fit: String,
}

/// Generates `spec` (plus one operation returning each union of `cases`), writes a
/// probe that decodes every payload of `cases`, runs it and returns its picks.
async fn probe(name: &str, spec: &Value, cases: &[Case]) -> Vec<Pick> {
    let crate_ident = format!("probe_{name}");
    let mut spec = spec.clone();
    for case in cases {
        spec["paths"][format!("/{}", case.union)] = json!({"get": {
            "operationId": format!("get{}", case.union),
            "responses": {"200": {"description": "The union.", "content": {"application/json": {
                "schema": {"$ref": format!("#/components/schemas/{}", case.union)}}}}}
        }});
    }
    let text = serde_json::to_string_pretty(&spec).expect("spec serializes");
    let (document, raw) = generator::load::load_document(&text).expect("probe spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("probe spec builds");
    let mut arms = String::new();
    for case in cases {
        let pointer = format!("#/components/schemas/{}", case.union);
        let def = api
            .types
            .iter()
            .find(|def| def.pointer == pointer)
            .unwrap_or_else(|| panic!("no type for {pointer}"));
        let generator::model::TypeKind::Union(union) = &def.kind else {
            panic!("{pointer} is not a union")
        };
        let first_fit: String = union
            .variants
            .iter()
            .map(|variant| {
                format!(
                    "if serde_json::from_value::<{}>(value.clone()).is_ok() {{ {:?} }} else ",
                    rust_type(&crate_ident, &variant.ty),
                    variant.rust_name
                )
            })
            .collect();
        writeln!(
            arms,
            "{:?} => (variant(serde_json::from_value::<{crate_ident}::types::{}>(value.clone())), {first_fit}{{ \"none\" }}),",
            case.union, def.name
        )
        .expect("write to a String");
    }
    let program = format!(
        r#"
//! Reads `[[union, example, payload], …]` and prints `union example best first-fit` lines.

fn variant<T: std::fmt::Debug>(decoded: Result<T, serde_json::Error>) -> String {{
    match decoded {{
        Ok(value) => format!("{{value:?}}").split(['(', ' ']).next().unwrap_or("").to_owned(),
        Err(error) => format!("error({{error}})").replace(' ', "_"),
    }}
}}

fn main() {{
    let path = std::env::args().nth(1).expect("cases file");
    let cases: Vec<(String, String, serde_json::Value)> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("read cases")).expect("parse cases");
    for (union, example, value) in cases {{
        let (best, first_fit) = match union.as_str() {{
            {arms}
            other => panic!("no union {{other}}"),
        }};
        println!("{{union}} {{example}} {{best}} {{first_fit}}");
    }}
}}
"#
    );
    let spec_text = text.clone();
    let name_owned = name.to_owned();
    let binary = tokio::task::spawn_blocking(move || {
        live_probe::build(&name_owned, &spec_text, "", &program)
    })
    .await
    .expect("the build does not panic");
    let cases_file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../target/live-probes/{name}-cases.json"));
    let payloads: Vec<(&str, &str, &Value)> = cases
        .iter()
        .flat_map(|case| {
            case.payloads
                .iter()
                .map(move |(example, value, _)| (case.union.as_str(), example.as_str(), value))
        })
        .collect();
    std::fs::write(
        &cases_file,
        serde_json::to_string(&payloads).expect("cases serialize"),
    )
    .expect("write cases");
    let run = live_probe::run(&binary, &[cases_file.to_str().expect("UTF-8 path")]).await;
    assert!(run.success, "probe failed\n{}\n{}", run.stdout, run.stderr);
    run.lines()
        .into_iter()
        .map(|line| {
            let parts: Vec<&str> = line.split(' ').collect();
            let [union, example, best, first_fit] = parts[..] else {
                panic!("odd probe line {line}")
            };
            Pick {
                union: union.into(),
                example: example.into(),
                best: best.into(),
                first_fit: first_fit.into(),
            }
        })
        .collect()
}

/// The Rust spelling of a variant's type in the probe program.
fn rust_type(krate: &str, ty: &generator::model::TypeRef) -> String {
    use generator::model::TypeRef;
    match ty {
        TypeRef::Named(name) => format!("{krate}::types::{name}"),
        TypeRef::Array(item) => format!("Vec<{}>", rust_type(krate, item)),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type(krate, value)
        ),
        TypeRef::Nullable(inner) => format!("Option<{}>", rust_type(krate, inner)),
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Uuid => "uuid::Uuid".into(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".into(),
        TypeRef::Date => "chrono::NaiveDate".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::Any => "serde_json::Value".into(),
        TypeRef::File => format!("{krate}::File"),
    }
}

/// Prints the picks as a table and checks each against what it must be.
fn check(cases: &[Case], picks: &[Pick]) {
    let mut table =
        String::from("\nunion / example → picked (first that decodes, in spec order)\n");
    let mut wrong = Vec::new();
    let expected: Vec<(&str, &str, &str)> = cases
        .iter()
        .flat_map(|c| {
            c.payloads
                .iter()
                .map(move |(example, _, want)| (c.union.as_str(), example.as_str(), want.as_str()))
        })
        .collect();
    assert_eq!(
        picks.len(),
        expected.len(),
        "one line per payload: {picks:?}"
    );
    for (pick, (union, example, want)) in picks.iter().zip(expected) {
        assert_eq!(
            (pick.union.as_str(), pick.example.as_str()),
            (union, example)
        );
        let marker = if pick.best == pick.first_fit {
            ""
        } else {
            "   ← first-fit differs"
        };
        writeln!(
            table,
            "  {union} / {example} → {} ({}){marker}",
            pick.best, pick.first_fit
        )
        .expect("write to a String");
        if pick.best != want {
            wrong.push(format!(
                "{union} / {example}: picked {}, want {want}",
                pick.best
            ));
        }
    }
    println!("{table}");
    assert!(wrong.is_empty(), "{}\n{table}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_best_fitting_variant_wins() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Unions", "version": "1.0"},
        "paths": {},
        "components": {"schemas": {
            "Cat": {"type": "object", "properties": {"name": {"type": "string"}, "indoor": {"type": "boolean"}}},
            "Dog": {"type": "object", "required": ["bark"], "properties": {"name": {"type": "string"}, "bark": {"type": "boolean"}}},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
            "Card": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "enum": ["card"]}, "last4": {"type": "string"}}},
            "Bank": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "enum": ["bank_account"]}, "last4": {"type": "string"}}},
            "Source": {"anyOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Bank"}]},
            "Wide": {"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"}}},
            "Narrow": {"type": "object", "properties": {"a": {"type": "string"}}},
            "AlsoNarrow": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Tie": {"oneOf": [
                {"$ref": "#/components/schemas/Wide"},
                {"$ref": "#/components/schemas/Narrow"},
                {"$ref": "#/components/schemas/AlsoNarrow"}]},
            "Level": {"type": "string", "enum": ["low", "high"]},
            "Scalar": {"oneOf": [
                {"type": "number"},
                {"type": "integer"},
                {"$ref": "#/components/schemas/Level"},
                {"type": "string", "format": "date"},
                {"type": "string"},
                {"type": "array", "items": {"type": "integer"}}]},
        }}
    });
    let case = |union: &str, payloads: &[(&str, Value, &str)]| Case {
        union: union.to_owned(),
        payloads: payloads
            .iter()
            .map(|(e, v, w)| ((*e).to_owned(), v.clone(), (*w).to_owned()))
            .collect(),
    };
    let cases = [
        case(
            "Pet",
            &[
                // The issue's example: Cat decodes it too (all optional), and would drop `bark`.
                ("dog", json!({"bark": true, "name": "rex"}), "Dog"),
                ("cat", json!({"name": "tom"}), "Cat"),
                // Dog fits best by name but its `bark` is no boolean: the next that decodes.
                ("odd_dog", json!({"bark": "loud"}), "Cat"),
            ],
        ),
        case(
            "Source",
            &[
                ("card", json!({"type": "card", "last4": "4242"}), "Card"),
                (
                    "bank",
                    json!({"type": "bank_account", "last4": "6789"}),
                    "Bank",
                ),
            ],
        ),
        case(
            "Tie",
            &[
                // Narrow and AlsoNarrow leave nothing unset; spec order breaks their tie.
                ("a", json!({"a": "x"}), "Narrow"),
                ("ab", json!({"a": "x", "b": "y"}), "Wide"),
            ],
        ),
        case(
            "Scalar",
            &[
                ("integer", json!(3), "Integer"),
                ("number", json!(3.5), "Number"),
                ("level", json!("high"), "Level"),
                ("date", json!("2024-02-29"), "Date"),
                ("text", json!("hello"), "String"),
                ("list", json!([1, 2]), "Array"),
            ],
        ),
    ];
    let picks = probe("unions", &spec, &cases).await;
    check(&cases, &picks);
    let dog = &picks[0];
    assert_eq!(
        (dog.best.as_str(), dog.first_fit.as_str()),
        ("Dog", "Cat"),
        "the issue's case"
    );
}

// ---------------------------------------------------------------------------
// Real specs
// ---------------------------------------------------------------------------

/// One union of a real spec: the 2xx JSON schema of an operation, with the examples
/// it documents and the variant each must decode as.
struct RealUnion<'a> {
    /// The component name it gets in the probe spec.
    name: &'a str,
    path: &'a str,
    method: &'a str,
    status: &'a str,
    expected: &'a [(&'a str, &'a str)],
}

/// A probe spec holding `unions` (and the schemas they reach) of `file`, and the
/// cases of their documented examples.
fn extract(file: &str, unions: &[RealUnion<'_>]) -> (Value, Vec<Case>) {
    use corpus_fragment::{load, reach, resolve};
    let doc = load(file);
    let mut components = json!({});
    let mut seen = BTreeSet::new();
    let mut cases = Vec::new();
    for union in unions {
        let media = &resolve(
            &doc,
            &doc["paths"][union.path][union.method]["responses"][union.status],
        )["content"]["application/json"];
        let schema = media["schema"].clone();
        assert!(
            schema.get("oneOf").is_some()
                || schema.get("anyOf").is_some()
                || schema.get("$ref").is_some()
        );
        reach(&doc, &schema, &mut components, &mut seen);
        components["schemas"][union.name] = resolve(&doc, &schema).clone();
        let examples: BTreeMap<String, Value> = media["examples"]
            .as_object()
            .unwrap_or_else(|| panic!("{} {} has no examples", union.method, union.path))
            .iter()
            .map(|(name, example)| (name.clone(), resolve(&doc, example)["value"].clone()))
            .collect();
        assert_eq!(
            examples.keys().collect::<BTreeSet<_>>(),
            union
                .expected
                .iter()
                .map(|(example, _)| example.to_string())
                .collect::<BTreeSet<_>>()
                .iter()
                .collect(),
            "every documented example of {} {} is checked",
            union.method,
            union.path
        );
        cases.push(Case {
            union: union.name.to_owned(),
            payloads: union
                .expected
                .iter()
                .map(|(example, want)| {
                    (
                        (*example).to_owned(),
                        examples[*example].clone(),
                        (*want).to_owned(),
                    )
                })
                .collect(),
        });
    }
    let spec = json!({
        "openapi": doc["openapi"],
        "info": {"title": format!("Unions of {file}"), "version": "1.0"},
        "paths": {},
        "components": {"schemas": components["schemas"]},
    });
    (spec, cases)
}

#[tokio::test(flavor = "multi_thread")]
async fn github_unions_pick_the_documented_variant() {
    let (spec, cases) = extract(
        "v3.0/progenitor__api.github.com.json",
        &[
            RealUnion {
                name: "RepoContent",
                path: "/repos/{owner}/{repo}/contents/{path}",
                method: "get",
                status: "200",
                expected: &[
                    ("response-if-content-is-a-file", "ContentFile"),
                    ("response-if-content-is-a-directory", "ContentDirectory"),
                    ("response-if-content-is-a-symlink", "ContentSymlink"),
                    ("response-if-content-is-a-submodule", "ContentSubmodule"),
                ],
            },
            RealUnion {
                name: "AuthenticatedUser",
                path: "/user",
                method: "get",
                status: "200",
                expected: &[
                    (
                        "response-with-public-and-private-profile-information",
                        "PrivateUser",
                    ),
                    ("response-with-public-profile-information", "PublicUser"),
                ],
            },
            RealUnion {
                name: "Stargazers",
                path: "/repos/{owner}/{repo}/stargazers",
                method: "get",
                status: "200",
                // `anyOf` [array of simple-user, array of stargazer]; the variants are named by type.
                expected: &[
                    ("default-response", "Array"),
                    (
                        "alternative-response-with-star-creation-timestamps",
                        "Array2",
                    ),
                ],
            },
        ],
    );
    let picks = probe("github_unions", &spec, &cases).await;
    check(&cases, &picks);
}

#[tokio::test(flavor = "multi_thread")]
async fn twilio_union_keeps_the_v2_fields() {
    let (spec, cases) = extract(
        "v3.0/twilio__twilio_messaging_v1.json",
        &[RealUnion {
            name: "UsAppToPersonCreated",
            path: "/v1/Services/{MessagingServiceSid}/Compliance/Usa2p",
            method: "post",
            status: "201",
            expected: &[
                ("create", "MessagingV1ServiceUsAppToPerson"),
                ("createWithDefaults", "MessagingV1ServiceUsAppToPerson"),
                (
                    "createWithDefaultsSoleProprietor",
                    "MessagingV1ServiceUsAppToPerson",
                ),
                // The v2 variant adds two required properties, which this example has. The
                // first variant has every property optional, so first-fit decoded it as
                // that and dropped `privacy_policy_url` and `terms_and_conditions_url`.
                (
                    "createWithExtendedFieldsAndHeader",
                    "MessagingV1ServiceUsAppToPersonV2",
                ),
            ],
        }],
    );
    let picks = probe("twilio_unions", &spec, &cases).await;
    check(&cases, &picks);
    let extended = picks
        .iter()
        .find(|p| p.example == "createWithExtendedFieldsAndHeader")
        .expect("the extended example");
    assert_eq!(
        extended.first_fit, "MessagingV1ServiceUsAppToPerson",
        "first-fit got this one wrong"
    );
}

/// Not here: Okta's inline-hook response (`POST /api/v1/inlineHooks/{inlineHookId}/execute`),
/// a `oneOf` of six variants that are all `{commands: [...]}` with command types named only
/// in prose, so every variant accepts every one of its six examples: the spec cannot tell
/// them apart, and the pick is the tie rule's (spec order among those that decode).
#[tokio::test(flavor = "multi_thread")]
async fn okta_unions_pick_the_documented_variant() {
    let (spec, cases) = extract(
        "v3.0/okta__management-minimal.yaml",
        &[
            RealUnion {
                name: "JsonWebKeyCreated",
                path: "/api/v1/apps/{appId}/credentials/jwks",
                method: "post",
                status: "201",
                expected: &[
                    (
                        "newOAuth2ClientJsonWebKeyResponse",
                        "OAuth2ClientJsonSigningKeyResponse",
                    ),
                    (
                        "newOAuth2ClientJsonInactiveEncryptionKeyResponse",
                        "OAuth2ClientJsonEncryptionKeyResponse",
                    ),
                    (
                        "newOAuth2ClientJsonActiveEncryptionKeyResponse",
                        "OAuth2ClientJsonEncryptionKeyResponse",
                    ),
                ],
            },
            RealUnion {
                name: "StreamConfigurations",
                path: "/api/v1/ssf/stream",
                method: "get",
                status: "200",
                expected: &[
                    ("listResponse", "ListOfStreamConfigurations"),
                    ("individualStreamResponse", "Configuration"),
                ],
            },
        ],
    );
    let picks = probe("okta_unions", &spec, &cases).await;
    check(&cases, &picks);
}
