//! A component that says `nullable: true` may be `null` wherever it is used.
//!
//! GitHub's spec has `nullable-simple-user`, `nullable-team-simple`,
//! `nullable-integration`, `auto-merge`, … (`type: object, nullable: true`),
//! used by `$ref` in required properties. Its own examples carry `null` there
//! (`"assignee": null`), and GitHub's servers send it. The client typed those
//! fields as the bare struct, so 32 of GitHub's example responses, served by
//! Prism in the contract check, failed to decode ("invalid type: null,
//! expected struct NullableSimpleUser"). A struct cannot hold `null`: the type
//! stays the struct, and each use of the component is nullable.
//!
//! Also here: `additionalProperties` beside a scalar `type`, which made three
//! more of GitHub's example responses fail to decode.

#[path = "common/live_probe.rs"]
mod live_probe;
#[path = "common/stub_server.rs"]
mod stub_server;

use generator::model::{Api, TypeKind, TypeRef};
use serde_json::{Value, json};
use stub_server::{Acks, Recorded, Reply, StubServer};

/// The probe programs decode request bodies from JSON or print responses as JSON,
/// so they need the generated crate's serde in both directions.
const BOTH_WAYS: &[&str] = &["serde-both-ways"];

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Nullable components, version: "1"}
paths:
  /repo:
    get:
      tags: [github]
      operationId: getRepo
      responses:
        "200":
          description: A repository.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Repo"}
  /owner:
    get:
      tags: [github]
      operationId: getOwner
      responses:
        "200":
          description: The owner, or null.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/NullableUser"}
components:
  schemas:
    NullableUser:
      type: object
      nullable: true
      required: [login]
      properties:
        login: {type: string}
    NullableName: {type: string, nullable: true}
    Maintainer: {$ref: "#/components/schemas/NullableUser"}
    Team:
      type: object
      required: [slug]
      properties:
        slug: {type: string}
    Repo:
      type: object
      required: [owner, reviewers, name, lead]
      properties:
        owner: {$ref: "#/components/schemas/NullableUser"}
        maintainer: {$ref: "#/components/schemas/Maintainer"}
        reviewers:
          type: array
          items: {$ref: "#/components/schemas/NullableUser"}
        name: {$ref: "#/components/schemas/NullableName"}
        lead:
          oneOf:
            - {$ref: "#/components/schemas/NullableUser"}
            - {$ref: "#/components/schemas/Team"}
"##;

fn api() -> Api {
    let (document, raw) = generator::load::load_document(SPEC).expect("the spec loads");
    generator::model::build(&document, &raw, &generator::Config::default())
        .expect("the spec builds")
}

fn field(api: &Api, owner: &str, name: &str) -> TypeRef {
    let Some(TypeKind::Struct(fields)) = api.type_def(owner).map(|def| &def.kind) else {
        panic!("{owner} is a struct");
    };
    let field = fields.iter().find(|f| f.name == name);
    field.unwrap_or_else(|| panic!("{owner}.{name}")).ty.clone()
}

fn nullable(name: &str) -> TypeRef {
    TypeRef::Nullable(Box::new(TypeRef::Named(name.to_owned())))
}

#[test]
fn every_use_of_a_nullable_component_is_nullable_and_the_type_is_not() {
    let api = api();
    assert_eq!(field(&api, "Repo", "owner"), nullable("NullableUser"));
    assert_eq!(
        field(&api, "Repo", "reviewers"),
        TypeRef::Array(Box::new(nullable("NullableUser")))
    );
    // Through a component that is only a `$ref` to it.
    assert_eq!(field(&api, "Repo", "maintainer"), nullable("Maintainer"));
    let maintainer = &api.type_def("Maintainer").expect("Maintainer").kind;
    assert!(
        matches!(maintainer, TypeKind::Alias(TypeRef::Named(target)) if target == "NullableUser"),
        "{maintainer:?}"
    );
    // A nullable string component: the alias is the string, its uses `Option`s
    // (not `Option<Option<_>>`).
    assert_eq!(field(&api, "Repo", "name"), nullable("NullableName"));
    let name = &api.type_def("NullableName").expect("NullableName").kind;
    assert!(matches!(name, TypeKind::Alias(TypeRef::String)), "{name:?}");
    // A union's variant is the component's type itself.
    let lead = field(&api, "Repo", "lead");
    let lead = lead.named_type().expect("the union is named");
    let Some(TypeKind::Union(union)) = api.type_def(lead).map(|def| &def.kind) else {
        panic!("{lead} is a union");
    };
    assert_eq!(
        union.variants[0].ty,
        TypeRef::Named("NullableUser".to_owned())
    );
}

fn respond(request: &Recorded, _: &Acks) -> Reply {
    let body = match request.path() {
        "/repo" => json!({
            "owner": null,
            "maintainer": null,
            "reviewers": [null, {"login": "octocat"}],
            "name": null,
            "lead": {"slug": "core"}
        }),
        _ => Value::Null,
    };
    Reply::new(200, "application/json", body.to_string())
}

const PROGRAM: &str = r##"
use probe_nullable_components::Client;

#[tokio::main]
async fn main() {
    let base = std::env::args().nth(1).expect("base URL");
    let client = Client::builder().base_url(&base).build().expect("client");
    let repo = client.github().get_repo().send().await.expect("getRepo");
    println!("{}", serde_json::to_string(&repo).expect("repo encodes"));
    let owner = client.github().get_owner().send().await.expect("getOwner");
    println!("{}", serde_json::to_string(&owner).expect("owner encodes"));
}
"##;

/// The bodies the schemas allow (`null` for each use of a nullable component)
/// decode, and encode back to the same JSON.
#[tokio::test(flavor = "multi_thread")]
async fn null_decodes_wherever_the_component_is_used() {
    let binary = tokio::task::spawn_blocking(|| {
        live_probe::build_with_features("nullable_components", SPEC, "", PROGRAM, BOTH_WAYS)
    })
    .await
    .expect("the build does not panic");
    let server = StubServer::start(respond).await;
    let run = live_probe::run(&binary, &[&server.base]).await;
    assert!(
        run.success,
        "the probe failed\n--- stdout\n{}\n--- stderr\n{}",
        run.stdout, run.stderr
    );
    let decoded: Vec<Value> = run
        .lines()
        .iter()
        .map(|line| serde_json::from_str(line).expect("the probe prints JSON"))
        .collect();
    assert_eq!(
        decoded,
        [
            json!({
                "owner": null,
                "maintainer": null,
                "reviewers": [null, {"login": "octocat"}],
                "name": null,
                "lead": {"slug": "core"}
            }),
            Value::Null,
        ]
    );
}

/// GitHub's `hook-delivery.response.payload` is `{type: string, nullable: true,
/// additionalProperties: true}` and its example is `"ok"`: a string, with a
/// keyword that applies to objects only (JSON Schema: `additionalProperties`
/// constrains object instances), read as a string, with a warning.
#[test]
fn additional_properties_beside_a_scalar_type_is_ignored_with_a_warning() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Hooks", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "Delivery": {
                "type": "object",
                "required": ["payload"],
                "properties": {"payload": {
                    "type": "string", "nullable": true, "additionalProperties": true
                }}
            },
            "Payload": {"type": "string", "additionalProperties": true}
        }}
    });
    let text = serde_json::to_string(&spec).expect("spec serializes");
    let (document, raw) = generator::load::load_document(&text).expect("the spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("the spec builds");
    assert_eq!(
        field(&api, "Delivery", "payload"),
        TypeRef::Nullable(Box::new(TypeRef::String))
    );
    let payload = &api.type_def("Payload").expect("Payload").kind;
    assert!(
        matches!(payload, TypeKind::Alias(TypeRef::String)),
        "{payload:?}"
    );
    let warned: Vec<&str> = api
        .warnings
        .iter()
        .filter(|w| {
            w.message
                .contains("`additionalProperties` on a `type: string`")
        })
        .map(|w| w.location.as_str())
        .collect();
    assert_eq!(
        warned,
        [
            "#/components/schemas/Delivery/properties/payload/additionalProperties",
            "#/components/schemas/Payload/additionalProperties"
        ]
    );
}
