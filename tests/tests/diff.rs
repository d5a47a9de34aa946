//! `generator::diff`: each kind of spec change is detected and classed by
//! what it does to users of the generated crate, and a realistic drift of the
//! ActuallyCare spec reads as a reviewable report.
//!
//! Run with `cargo test -p integration-tests --test diff`.

use std::path::Path;

use generator::Config;
use generator::diff::{Bump, Change, ChangeKind, Impact, Section, diff, next_version};
use serde_json::{Value, json};

/// A small API: `Pet` is only received, `NewPet` only sent, `Owner` both.
const PETS: &str = r##"{
  "openapi": "3.0.3",
  "info": { "title": "Pets", "version": "1.0.0" },
  "servers": [{ "url": "https://pets.example.com/v1" }],
  "security": [{ "ApiKeyAuth": [] }, { "BearerAuth": [] }],
  "paths": {
    "/pets": {
      "get": {
        "operationId": "listPets",
        "tags": ["Pets"],
        "parameters": [
          { "name": "limit", "in": "query", "schema": { "type": "integer", "format": "int32" } }
        ],
        "responses": {
          "200": {
            "description": "The pets",
            "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Pet" } } } }
          }
        }
      },
      "post": {
        "operationId": "createPet",
        "tags": ["Pets"],
        "requestBody": {
          "required": true,
          "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewPet" } } }
        },
        "responses": {
          "201": {
            "description": "Created",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } }
          }
        }
      }
    },
    "/pets/{id}": {
      "get": {
        "operationId": "getPet",
        "tags": ["Pets"],
        "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }],
        "responses": {
          "200": {
            "description": "The pet",
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Pet" } } }
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "ApiKeyAuth": { "type": "apiKey", "in": "header", "name": "X-API-Key" },
      "BearerAuth": { "type": "http", "scheme": "bearer" }
    },
    "schemas": {
      "Pet": {
        "type": "object",
        "required": ["id", "name", "status"],
        "properties": {
          "id": { "type": "integer", "format": "int64" },
          "name": { "type": "string" },
          "tag": { "type": "string" },
          "status": { "$ref": "#/components/schemas/PetStatus" },
          "owner": { "$ref": "#/components/schemas/Owner" },
          "toy": { "$ref": "#/components/schemas/Toy" }
        }
      },
      "NewPet": {
        "type": "object",
        "required": ["name"],
        "properties": {
          "name": { "type": "string" },
          "tag": { "type": "string" },
          "kind": { "$ref": "#/components/schemas/PetKind" },
          "owner": { "$ref": "#/components/schemas/Owner" },
          "food": { "$ref": "#/components/schemas/Food" }
        }
      },
      "Owner": {
        "type": "object",
        "required": ["name"],
        "properties": { "name": { "type": "string" } }
      },
      "PetStatus": { "type": "string", "enum": ["available", "sold"] },
      "PetKind": { "type": "string", "enum": ["dog", "cat"] },
      "Ball": { "type": "object", "properties": { "kind": { "type": "string" }, "size": { "type": "integer" } } },
      "Rope": { "type": "object", "properties": { "kind": { "type": "string" }, "length": { "type": "integer" } } },
      "Toy": {
        "oneOf": [{ "$ref": "#/components/schemas/Ball" }, { "$ref": "#/components/schemas/Rope" }],
        "discriminator": { "propertyName": "kind", "mapping": { "ball": "#/components/schemas/Ball", "rope": "#/components/schemas/Rope" } }
      },
      "Food": {
        "oneOf": [{ "type": "string" }, { "$ref": "#/components/schemas/Ball" }]
      }
    }
  }
}"##;

fn pets() -> Value {
    serde_json::from_str(PETS).expect("the fixture is JSON")
}

/// The spec after `edit`, which takes JSON pointers (`/paths/~1pets/get`).
fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut spec = pets();
    edit(&mut spec);
    spec
}

fn at<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Value {
    spec.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the fixture"))
}

fn changes(old: &Value, new: &Value) -> Vec<Change> {
    diff(&old.to_string(), &new.to_string(), &Config::default())
        .expect("both specs load")
        .changes
}

/// The one change `edit` makes to the fixture.
fn only_change(edit: impl FnOnce(&mut Value)) -> Change {
    let found = changes(&pets(), &edited(edit));
    match <[Change; 1]>::try_from(found) {
        Ok([change]) => change,
        Err(found) => panic!("expected exactly one change, got {found:#?}"),
    }
}

/// The change of `kind` among those `edit` makes.
fn change_of(kind: ChangeKind, edit: impl FnOnce(&mut Value)) -> Change {
    let found = changes(&pets(), &edited(edit));
    let matching: Vec<&Change> = found.iter().filter(|c| c.kind == kind).collect();
    match matching.as_slice() {
        [change] => (*change).clone(),
        _ => panic!("expected one {kind:?}, got {found:#?}"),
    }
}

fn assert_change(change: &Change, kind: ChangeKind, subject: &str, impact: Impact) {
    assert_eq!(
        (change.kind, change.subject.as_str(), change.impact),
        (kind, subject, impact),
        "{change:#?}"
    );
}

const LIST: &str = "/paths/~1pets/get";
const CREATE: &str = "/paths/~1pets/post";
const SCHEMAS: &str = "/components/schemas";

// ----- the whole diff -----

#[test]
fn identical_specs_have_no_changes_and_need_no_bump() {
    let report = diff(PETS, PETS, &Config::default()).unwrap();
    assert!(report.is_empty());
    assert_eq!(report.bump(), Bump::None);
    assert!(
        report
            .to_markdown()
            .contains("No change to the crate's API.")
    );
}

#[test]
fn yaml_and_json_of_the_same_spec_do_not_differ() {
    let yaml = serde_yaml::to_string(&pets()).unwrap();
    assert!(diff(PETS, &yaml, &Config::default()).unwrap().is_empty());
}

#[test]
fn a_spec_that_does_not_load_is_named_in_the_error() {
    let err = diff(PETS, "{}", &Config::default()).unwrap_err();
    assert!(err.location.starts_with("new spec"), "{err}");
}

#[test]
fn the_bump_is_the_largest_any_change_needs() {
    let diff_of = |new: Value| diff(PETS, &new.to_string(), &Config::default()).unwrap();
    let additive = diff_of(edited(|s| {
        at(s, &format!("{LIST}/parameters"))
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "q", "in": "query", "schema": { "type": "string" } }));
    }));
    assert_eq!(additive.bump(), Bump::Minor);
    let breaking = diff_of(edited(|s| {
        at(s, "/paths")
            .as_object_mut()
            .unwrap()
            .remove("/pets/{id}");
        at(s, &format!("{LIST}/parameters"))
            .as_array_mut()
            .unwrap()
            .push(json!({ "name": "q", "in": "query", "schema": { "type": "string" } }));
    }));
    assert_eq!(breaking.bump(), Bump::Major);
    assert_eq!(breaking.breaking().count(), 1);
}

// ----- server and operations -----

#[test]
fn server_url_change_breaks_at_runtime_and_is_called_out() {
    let change = only_change(|s| *at(s, "/servers/0/url") = json!("https://pets.example.com/v2"));
    assert_change(
        &change,
        ChangeKind::ServerUrlChanged,
        "default base URL",
        Impact::BreaksAtRuntime,
    );
    assert_eq!(change.section, Section::Client);
    let report = diff(
        PETS,
        &edited(|s| *at(s, "/servers/0/url") = json!("https://pets.example.com/v2")).to_string(),
        &Config::default(),
    )
    .unwrap();
    assert_eq!(report.bump(), Bump::Major);
    assert!(
        report
            .to_markdown()
            .contains("**Default server URL changed**"),
        "{}",
        report.to_markdown()
    );
}

#[test]
fn operation_removed_breaks_compilation() {
    let change = only_change(|s| {
        at(s, "/paths")
            .as_object_mut()
            .unwrap()
            .remove("/pets/{id}");
    });
    assert_change(
        &change,
        ChangeKind::OperationRemoved,
        "GET /pets/{id}",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.section, Section::Resource("pets".into()));
    assert_eq!(change.detail, "`pets().get(id: i64) -> Pet`");
}

#[test]
fn operation_added_is_additive() {
    let change = only_change(|s| {
        let get = at(s, "/paths/~1pets~1{id}/get").clone();
        let mut delete = get;
        delete["operationId"] = json!("deletePet");
        delete["responses"] = json!({ "204": { "description": "Deleted" } });
        at(s, "/paths/~1pets~1{id}")
            .as_object_mut()
            .unwrap()
            .insert("delete".into(), delete);
    });
    assert_change(
        &change,
        ChangeKind::OperationAdded,
        "DELETE /pets/{id}",
        Impact::Additive,
    );
    assert_eq!(change.impact.bump(), Bump::Minor);
}

#[test]
fn operation_renamed_breaks_compilation_when_the_rust_name_changes() {
    let change = only_change(|s| *at(s, &format!("{LIST}/operationId")) = json!("fetchAllPets"));
    assert_change(
        &change,
        ChangeKind::OperationRenamed,
        "GET /pets",
        Impact::BreaksCompilation,
    );
    assert!(
        change
            .detail
            .contains("`pets().list()` → `pets().fetch_all()`"),
        "{}",
        change.detail
    );
}

#[test]
fn operation_renamed_is_a_patch_when_the_rust_names_stay() {
    let change = only_change(|s| *at(s, &format!("{LIST}/operationId")) = json!("list_pets"));
    assert_change(
        &change,
        ChangeKind::OperationRenamed,
        "GET /pets",
        Impact::Patch,
    );
    assert_eq!(change.impact.bump(), Bump::Patch);
}

#[test]
fn operation_deprecated_is_additive() {
    let change = only_change(|s| at(s, LIST)["deprecated"] = json!(true));
    assert_change(
        &change,
        ChangeKind::OperationDeprecated,
        "GET /pets",
        Impact::Additive,
    );
}

#[test]
fn response_retyped_breaks_compilation_and_decoding() {
    let change = only_change(|s| {
        *at(
            s,
            "/paths/~1pets~1{id}/get/responses/200/content/application~1json/schema",
        ) = json!({ "$ref": "#/components/schemas/Owner" });
    });
    assert_change(
        &change,
        ChangeKind::ResponseRetyped,
        "GET /pets/{id}",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`Pet` → `Owner`");
}

// ----- parameters -----

fn add_list_param(param: Value) -> impl FnOnce(&mut Value) {
    move |s| {
        at(s, &format!("{LIST}/parameters"))
            .as_array_mut()
            .unwrap()
            .push(param)
    }
}

#[test]
fn required_parameter_added_breaks_compilation_and_runtime() {
    let change = only_change(add_list_param(
        json!({ "name": "region", "in": "query", "required": true, "schema": { "type": "string" } }),
    ));
    assert_change(
        &change,
        ChangeKind::ParameterAdded,
        "GET /pets · region",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`region: String` (required query)");
}

#[test]
fn optional_parameter_added_is_additive() {
    let change = only_change(add_list_param(
        json!({ "name": "X-Trace", "in": "header", "schema": { "type": "string" } }),
    ));
    assert_change(
        &change,
        ChangeKind::ParameterAdded,
        "GET /pets · X-Trace",
        Impact::Additive,
    );
}

#[test]
fn parameter_removed_breaks_compilation() {
    let change = only_change(|s| {
        at(s, LIST).as_object_mut().unwrap().remove("parameters");
    });
    assert_change(
        &change,
        ChangeKind::ParameterRemoved,
        "GET /pets · limit",
        Impact::BreaksCompilation,
    );
}

#[test]
fn parameter_retyped_breaks_compilation() {
    let change = only_change(|s| {
        *at(s, &format!("{LIST}/parameters/0/schema")) = json!({ "type": "string" })
    });
    assert_change(
        &change,
        ChangeKind::ParameterRetyped,
        "GET /pets · limit",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`i32` → `String`");
}

#[test]
fn parameter_optional_to_required_breaks_compilation_and_runtime() {
    let change = only_change(|s| at(s, &format!("{LIST}/parameters/0"))["required"] = json!(true));
    assert_change(
        &change,
        ChangeKind::ParameterNowRequired,
        "GET /pets · limit",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn parameter_required_to_optional_breaks_compilation() {
    let old = edited(|s| at(s, &format!("{LIST}/parameters/0"))["required"] = json!(true));
    let found = changes(&old, &pets());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::ParameterNowOptional,
        "GET /pets · limit",
        Impact::BreaksCompilation,
    );
}

// ----- request bodies -----

#[test]
fn request_body_now_optional_breaks_compilation() {
    let change =
        only_change(|s| at(s, &format!("{CREATE}/requestBody"))["required"] = json!(false));
    assert_change(
        &change,
        ChangeKind::RequestBodyNowOptional,
        "POST /pets · body",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_body_retyped_breaks_compilation() {
    let change = only_change(|s| {
        *at(
            s,
            &format!("{CREATE}/requestBody/content/application~1json/schema"),
        ) = json!({ "$ref": "#/components/schemas/Owner" });
    });
    assert_change(
        &change,
        ChangeKind::RequestBodyRetyped,
        "POST /pets · body",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_body_removed_breaks_compilation() {
    let change = only_change(|s| {
        at(s, CREATE).as_object_mut().unwrap().remove("requestBody");
    });
    assert_change(
        &change,
        ChangeKind::RequestBodyRemoved,
        "POST /pets · body",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_body_now_required_breaks_compilation_and_runtime() {
    let old = edited(|s| at(s, &format!("{CREATE}/requestBody"))["required"] = json!(false));
    let found = changes(&old, &pets());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::RequestBodyNowRequired,
        "POST /pets · body",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn optional_request_body_added_is_additive() {
    let old = edited(|s| {
        at(s, CREATE).as_object_mut().unwrap().remove("requestBody");
    });
    let new = edited(|s| at(s, &format!("{CREATE}/requestBody"))["required"] = json!(false));
    let found = changes(&old, &new);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::RequestBodyAdded,
        "POST /pets · body",
        Impact::Additive,
    );
}

// ----- request fields (`NewPet` is only sent) -----

fn add_property(
    schema: &str,
    name: &str,
    property: Value,
    required: bool,
) -> impl FnOnce(&mut Value) {
    let (schema, name) = (schema.to_owned(), name.to_owned());
    move |s| {
        let def = at(s, &format!("{SCHEMAS}/{schema}"));
        def["properties"]
            .as_object_mut()
            .unwrap()
            .insert(name.clone(), property);
        if required {
            def["required"].as_array_mut().unwrap().push(json!(name));
        }
    }
}

#[test]
fn required_request_field_added_breaks_compilation_and_runtime() {
    let change = only_change(add_property(
        "NewPet",
        "age",
        json!({ "type": "integer" }),
        true,
    ));
    assert_change(
        &change,
        ChangeKind::FieldAdded,
        "NewPet.age",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`age: i64`");
}

#[test]
fn optional_request_field_added_is_additive() {
    let change = only_change(add_property(
        "NewPet",
        "age",
        json!({ "type": "integer" }),
        false,
    ));
    assert_change(
        &change,
        ChangeKind::FieldAdded,
        "NewPet.age",
        Impact::Additive,
    );
}

#[test]
fn request_field_removed_breaks_compilation() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/NewPet/properties"))
            .as_object_mut()
            .unwrap()
            .remove("tag");
    });
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "NewPet.tag",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_field_retyped_breaks_compilation() {
    let change = only_change(|s| {
        *at(s, &format!("{SCHEMAS}/NewPet/properties/tag")) = json!({ "type": "integer" })
    });
    assert_change(
        &change,
        ChangeKind::FieldRetyped,
        "NewPet.tag",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`tag: Option<String>` → `tag: Option<i64>`");
}

#[test]
fn request_field_optional_to_required_breaks_compilation_and_runtime() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/NewPet/required"))
            .as_array_mut()
            .unwrap()
            .push(json!("tag"))
    });
    assert_change(
        &change,
        ChangeKind::FieldNowRequired,
        "NewPet.tag",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn request_field_required_to_optional_breaks_compilation() {
    let change = only_change(|s| *at(s, &format!("{SCHEMAS}/NewPet/required")) = json!([]));
    assert_change(
        &change,
        ChangeKind::FieldNowOptional,
        "NewPet.name",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_field_no_longer_nullable_breaks_compilation_and_runtime() {
    let old =
        edited(|s| at(s, &format!("{SCHEMAS}/NewPet/properties/tag"))["nullable"] = json!(true));
    let found = changes(&old, &pets());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::FieldNoLongerNullable,
        "NewPet.tag",
        Impact::BreaksCompilationAndRuntime,
    );
}

// ----- response fields (`Pet` is only received) -----

#[test]
fn optional_response_field_added_is_additive() {
    let change = only_change(add_property(
        "Pet",
        "age",
        json!({ "type": "integer" }),
        false,
    ));
    assert_change(&change, ChangeKind::FieldAdded, "Pet.age", Impact::Additive);
}

#[test]
fn required_response_field_added_is_additive() {
    let change = only_change(add_property(
        "Pet",
        "age",
        json!({ "type": "integer" }),
        true,
    ));
    assert_change(&change, ChangeKind::FieldAdded, "Pet.age", Impact::Additive);
    assert!(
        change.reason.contains("`new()`"),
        "the reason names what does change: {}",
        change.reason
    );
}

#[test]
fn required_response_field_removed_breaks_compilation_and_decoding() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/Pet/properties"))
            .as_object_mut()
            .unwrap()
            .remove("name");
        at(s, &format!("{SCHEMAS}/Pet/required"))
            .as_array_mut()
            .unwrap()
            .retain(|v| v != "name");
    });
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "Pet.name",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn optional_response_field_removed_breaks_compilation() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/Pet/properties"))
            .as_object_mut()
            .unwrap()
            .remove("tag");
    });
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "Pet.tag",
        Impact::BreaksCompilation,
    );
}

#[test]
fn response_field_retyped_breaks_compilation_and_decoding() {
    let change = only_change(|s| {
        *at(s, &format!("{SCHEMAS}/Pet/properties/id")) =
            json!({ "type": "string", "format": "uuid" })
    });
    assert_change(
        &change,
        ChangeKind::FieldRetyped,
        "Pet.id",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`id: i64` → `id: Uuid`");
}

#[test]
fn response_field_required_to_optional_breaks_compilation_and_decoding() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/Pet/required"))
            .as_array_mut()
            .unwrap()
            .retain(|v| v != "name")
    });
    assert_change(
        &change,
        ChangeKind::FieldNowOptional,
        "Pet.name",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`name: String` → `name: Option<String>`");
}

#[test]
fn response_field_optional_to_required_breaks_compilation() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/Pet/required"))
            .as_array_mut()
            .unwrap()
            .push(json!("tag"))
    });
    assert_change(
        &change,
        ChangeKind::FieldNowRequired,
        "Pet.tag",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`tag: Option<String>` → `tag: String`");
}

#[test]
fn required_response_field_made_nullable_breaks_compilation_and_decoding() {
    let change =
        only_change(|s| at(s, &format!("{SCHEMAS}/Pet/properties/name"))["nullable"] = json!(true));
    assert_change(
        &change,
        ChangeKind::FieldNowNullable,
        "Pet.name",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`name: String` → `name: Option<String>`");
}

#[test]
fn optional_response_field_made_nullable_breaks_compilation_only() {
    let change =
        only_change(|s| at(s, &format!("{SCHEMAS}/Pet/properties/tag"))["nullable"] = json!(true));
    assert_change(
        &change,
        ChangeKind::FieldNowNullable,
        "Pet.tag",
        Impact::BreaksCompilation,
    );
}

// ----- a type both sent and received takes the stricter rule -----

#[test]
fn required_field_added_to_a_type_sent_and_received_breaks_both() {
    let change = only_change(add_property(
        "Owner",
        "email",
        json!({ "type": "string" }),
        true,
    ));
    assert_change(
        &change,
        ChangeKind::FieldAdded,
        "Owner.email",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn required_field_removed_from_a_type_sent_and_received_breaks_both() {
    let change = change_of(ChangeKind::FieldRemoved, |s| {
        *at(s, &format!("{SCHEMAS}/Owner")) =
            json!({ "type": "object", "properties": { "nick": { "type": "string" } } });
    });
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "Owner.name",
        Impact::BreaksCompilationAndRuntime,
    );
}

// ----- enums and unions -----

#[test]
fn enum_value_added_is_additive() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/PetStatus/enum"))
            .as_array_mut()
            .unwrap()
            .push(json!("adopted"))
    });
    assert_change(
        &change,
        ChangeKind::EnumValueAdded,
        "PetStatus::Adopted",
        Impact::Additive,
    );
    assert_eq!(change.detail, "`\"adopted\"`");
}

#[test]
fn enum_value_removed_breaks_compilation() {
    let change =
        only_change(|s| *at(s, &format!("{SCHEMAS}/PetStatus/enum")) = json!(["available"]));
    assert_change(
        &change,
        ChangeKind::EnumValueRemoved,
        "PetStatus::Sold",
        Impact::BreaksCompilation,
    );
}

#[test]
fn enum_value_removed_from_a_sent_enum_also_breaks_at_runtime() {
    let change = only_change(|s| *at(s, &format!("{SCHEMAS}/PetKind/enum")) = json!(["dog"]));
    assert_change(
        &change,
        ChangeKind::EnumValueRemoved,
        "PetKind::Cat",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn variant_added_to_a_tagged_union_is_additive() {
    let found = changes(
        &pets(),
        &edited(|s| {
            at(s, SCHEMAS).as_object_mut().unwrap().insert(
                "Stick".into(),
                json!({ "type": "object", "properties": { "kind": { "type": "string" } } }),
            );
            at(s, &format!("{SCHEMAS}/Toy/oneOf"))
                .as_array_mut()
                .unwrap()
                .push(json!({ "$ref": "#/components/schemas/Stick" }));
            at(s, &format!("{SCHEMAS}/Toy/discriminator/mapping"))["stick"] =
                json!("#/components/schemas/Stick");
        }),
    );
    let added = found
        .iter()
        .find(|c| c.kind == ChangeKind::VariantAdded)
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_change(
        added,
        ChangeKind::VariantAdded,
        "Toy::Stick",
        Impact::Additive,
    );
}

#[test]
fn variant_added_to_an_untagged_union_breaks_compilation() {
    let change = only_change(|s| {
        at(s, &format!("{SCHEMAS}/Food/oneOf"))
            .as_array_mut()
            .unwrap()
            .push(json!({ "type": "integer" }))
    });
    assert_eq!(
        (change.kind, change.impact),
        (ChangeKind::VariantAdded, Impact::BreaksCompilation),
        "{change:#?}"
    );
}

#[test]
fn variant_removed_breaks_compilation() {
    let change = change_of(ChangeKind::VariantRemoved, |s| {
        *at(s, &format!("{SCHEMAS}/Food/oneOf/1")) = json!({ "type": "integer" })
    });
    assert_change(
        &change,
        ChangeKind::VariantRemoved,
        "Food::Ball",
        Impact::BreaksCompilation,
    );
}

#[test]
fn variant_retyped_breaks_compilation() {
    let array_of = |name: &str| json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{name}") } });
    let old = edited(|s| *at(s, &format!("{SCHEMAS}/Food/oneOf/1")) = array_of("Ball"));
    let new = edited(|s| *at(s, &format!("{SCHEMAS}/Food/oneOf/1")) = array_of("Owner"));
    let found = changes(&old, &new);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::VariantRetyped,
        "Food::Array",
        Impact::BreaksCompilation,
    );
    assert_eq!(found[0].detail, "`Vec<Ball>` → `Vec<Owner>`");
}

// ----- types -----

#[test]
fn type_added_is_additive_and_removed_breaks_compilation() {
    let added = only_change(|s| {
        at(s, SCHEMAS).as_object_mut().unwrap().insert(
            "Vet".into(),
            json!({ "type": "object", "properties": { "name": { "type": "string" } } }),
        );
    });
    assert_change(&added, ChangeKind::TypeAdded, "Vet", Impact::Additive);
    assert_eq!(added.section, Section::SharedTypes);

    let old = edited(|s| {
        at(s, SCHEMAS).as_object_mut().unwrap().insert(
            "Vet".into(),
            json!({ "type": "object", "properties": { "name": { "type": "string" } } }),
        );
    });
    let found = changes(&old, &pets());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::TypeRemoved,
        "Vet",
        Impact::BreaksCompilation,
    );
}

#[test]
fn type_renamed_breaks_compilation_without_retyping_its_uses() {
    let change = only_change(|s| {
        let schemas = at(s, SCHEMAS).as_object_mut().unwrap();
        let status = schemas.remove("PetStatus").unwrap();
        schemas.insert("AdoptionStatus".into(), status);
        *at(s, &format!("{SCHEMAS}/Pet/properties/status")) =
            json!({ "$ref": "#/components/schemas/AdoptionStatus" });
    });
    assert_change(
        &change,
        ChangeKind::TypeRenamed,
        "PetStatus",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`PetStatus` → `AdoptionStatus`");
}

#[test]
fn type_changing_kind_breaks_compilation() {
    let change = only_change(|s| {
        *at(s, &format!("{SCHEMAS}/PetStatus")) =
            json!({ "type": "object", "properties": { "code": { "type": "string" } } })
    });
    assert_change(
        &change,
        ChangeKind::TypeRetyped,
        "PetStatus",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "enum → struct");
}

// ----- security -----

#[test]
fn operation_that_stops_accepting_api_keys_breaks_at_runtime() {
    let change = only_change(|s| at(s, LIST)["security"] = json!([{ "BearerAuth": [] }]));
    assert_change(
        &change,
        ChangeKind::SecurityRemoved,
        "GET /pets",
        Impact::BreaksAtRuntime,
    );
    assert_eq!(change.detail, "`ApiKeyAuth | BearerAuth` → `BearerAuth`");
    assert!(change.reason.contains("`ApiKeyAuth`"), "{}", change.reason);
}

#[test]
fn public_operation_that_starts_requiring_credentials_breaks_at_runtime() {
    let old = edited(|s| at(s, LIST)["security"] = json!([]));
    let found = changes(&old, &pets());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::SecurityRemoved,
        "GET /pets",
        Impact::BreaksAtRuntime,
    );
}

#[test]
fn operation_that_accepts_another_scheme_is_additive() {
    let old = edited(|s| at(s, LIST)["security"] = json!([{ "BearerAuth": [] }]));
    let found = changes(&old, &pets());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_change(
        &found[0],
        ChangeKind::SecurityAdded,
        "GET /pets",
        Impact::Additive,
    );
}

// ----- versions -----

#[test]
fn next_version_follows_cargo_semver() {
    let cases = [
        ("0.1.0", Bump::Major, "0.2.0"),
        ("0.1.3", Bump::Minor, "0.1.4"),
        ("0.1.3", Bump::Patch, "0.1.4"),
        ("0.1.3", Bump::None, "0.1.3"),
        ("1.2.3", Bump::Major, "2.0.0"),
        ("1.2.3", Bump::Minor, "1.3.0"),
        ("1.2.3", Bump::Patch, "1.2.4"),
        ("1.2.3", Bump::None, "1.2.3"),
        ("1.2.3-beta.1", Bump::Minor, "1.3.0"),
    ];
    for (current, bump, expected) in cases {
        assert_eq!(
            next_version(current, bump).unwrap(),
            expected,
            "{current} + {bump}"
        );
    }
    assert!(next_version("1.2", Bump::Patch).is_err());
    assert!(next_version("one.two.three", Bump::Patch).is_err());
}

// ----- a realistic drift of the ActuallyCare spec -----

fn actuallycare() -> (Value, Config) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let spec = std::fs::read_to_string(root.join("spec/openapi.json"))
        .expect("spec/openapi.json is readable");
    let config_text = std::fs::read_to_string(root.join("spec/generator.toml"))
        .expect("spec/generator.toml is readable");
    let config = Config::from_toml(&config_text, "spec/generator.toml").expect("the config parses");
    (
        serde_json::from_str(&spec).expect("the spec is JSON"),
        config,
    )
}

/// Several changes at once, as a new release of the API might bring them.
fn drifted(mut spec: Value) -> Value {
    let s = &mut spec;
    *at(s, "/info/version") = json!("1.1.0");
    *at(s, "/servers/0/url") = json!("https://api.actuallycare.com/v2");
    // Leads lose their convert endpoint; listings gain an archive endpoint.
    at(s, "/paths")
        .as_object_mut()
        .unwrap()
        .remove("/leads/{id}/convert");
    let archive_escrow = at(s, "/paths/~1escrows~1{id}~1archive/patch").clone();
    let mut archive_listing = archive_escrow;
    archive_listing["operationId"] = json!("archiveListing");
    archive_listing["tags"] = json!(["Listings"]);
    archive_listing["summary"] = json!("Archive listing");
    archive_listing["responses"] = at(s, "/paths/~1listings~1{id}/get/responses").clone();
    at(s, "/paths").as_object_mut().unwrap().insert(
        "/listings/{id}/archive".into(),
        json!({ "patch": archive_listing }),
    );
    // Listing searches must name a region.
    at(s, "/paths/~1listings/get/parameters")
        .as_array_mut()
        .unwrap()
        .push(json!({
            "name": "region", "in": "query", "required": true, "schema": { "type": "string" },
            "description": "MLS region code."
        }));
    // Listings: a new optional field, a price that became a string.
    at(s, "/components/schemas/Listing/properties")
        .as_object_mut()
        .unwrap()
        .insert(
            "virtual_tour_url".into(),
            json!({ "type": "string", "format": "uri" }),
        );
    *at(s, "/components/schemas/Listing/properties/list_price") =
        json!({ "type": "string", "description": "List price, as a decimal string." });
    // Listing statuses: `under_contract` arrives, `withdrawn` goes.
    let statuses = at(s, "/components/schemas/ListingStatus/enum")
        .as_array_mut()
        .unwrap();
    statuses.retain(|v| v != "withdrawn");
    statuses.push(json!("under_contract"));
    // Escrows take only JWTs from now on.
    for item in at(s, "/paths")
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .filter(|(path, _)| path.starts_with("/escrows"))
    {
        for operation in item.1.as_object_mut().unwrap().values_mut() {
            operation["security"] = json!([{ "BearerAuth": [] }]);
        }
    }
    spec
}

#[test]
fn realistic_drift_of_the_actuallycare_spec() {
    let (old, config) = actuallycare();
    let new = drifted(old.clone());
    let report = diff(&old.to_string(), &new.to_string(), &config).expect("both specs load");
    assert_eq!(report.bump(), Bump::Major);
    assert_eq!(
        next_version(&config.package.version, report.bump()).unwrap(),
        "0.2.0"
    );
    insta::assert_snapshot!("actuallycare_drift", report.to_markdown());
}

#[test]
fn realistic_drift_as_text_names_every_section() {
    let (old, config) = actuallycare();
    let report = diff(&old.to_string(), &drifted(old.clone()).to_string(), &config).unwrap();
    let text = report.to_text();
    for section in [
        "escrows()",
        "leads()",
        "listings()",
        "WARNING: default server URL changed",
    ] {
        assert!(text.contains(section), "{section} missing from\n{text}");
    }
    assert!(
        !text.contains("**"),
        "plain text has no Markdown emphasis:\n{text}"
    );
}
