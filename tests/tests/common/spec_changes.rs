//! One spec change of each kind `generator::diff` classes, as an old and a
//! new version of a small API. `diff.rs` checks how each is classed;
//! `semver_agreement.rs` checks the same cases against cargo-semver-checks.
//!
//! Included with `#[path]` by the tests that use it.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use serde_json::{Value, json};

/// A small API: `Pet` is only received, `NewPet` only sent, `Owner` both.
pub const PETS: &str = r##"{
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
    },
    "/owners": {
      "get": {
        "operationId": "listOwners",
        "tags": ["Owners"],
        "responses": {
          "200": {
            "description": "The owners",
            "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Owner" } } } }
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

pub const LIST: &str = "/paths/~1pets/get";
pub const CREATE: &str = "/paths/~1pets/post";
pub const GET: &str = "/paths/~1pets~1{id}/get";
pub const SCHEMAS: &str = "/components/schemas";

pub fn pets() -> Value {
    serde_json::from_str(PETS).expect("the fixture is JSON")
}

/// The fixture after `edit`.
pub fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut spec = pets();
    edit(&mut spec);
    spec
}

/// The value at a JSON pointer (`/paths/~1pets/get`), which must exist.
pub fn at<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Value {
    spec.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the fixture"))
}

/// One kind of change: the fixture before and after.
pub struct SpecChange {
    /// A snake_case name, also the generated crates' name in the agreement test.
    pub name: &'static str,
    pub old: Value,
    pub new: Value,
}

/// The change `name` from [`all`].
pub fn named(name: &str) -> SpecChange {
    all()
        .into_iter()
        .find(|change| change.name == name)
        .unwrap_or_else(|| panic!("no spec change named {name}"))
}

/// `new` is the fixture after `edit`.
fn forward(name: &'static str, edit: impl FnOnce(&mut Value)) -> SpecChange {
    SpecChange {
        name,
        old: pets(),
        new: edited(edit),
    }
}

/// `old` is the fixture after `edit`: the change undoes it.
fn backward(name: &'static str, edit: impl FnOnce(&mut Value)) -> SpecChange {
    SpecChange {
        name,
        old: edited(edit),
        new: pets(),
    }
}

fn push(spec: &mut Value, pointer: &str, item: Value) {
    at(spec, pointer)
        .as_array_mut()
        .unwrap_or_else(|| panic!("{pointer} is not an array"))
        .push(item);
}

fn remove(spec: &mut Value, pointer: &str, key: &str) -> Value {
    at(spec, pointer)
        .as_object_mut()
        .unwrap_or_else(|| panic!("{pointer} is not an object"))
        .remove(key)
        .unwrap_or_else(|| panic!("no {key} in {pointer}"))
}

fn insert(spec: &mut Value, pointer: &str, key: &str, value: Value) {
    at(spec, pointer)
        .as_object_mut()
        .unwrap_or_else(|| panic!("{pointer} is not an object"))
        .insert(key.to_owned(), value);
}

fn add_property(spec: &mut Value, schema: &str, name: &str, property: Value, required: bool) {
    let def = format!("{SCHEMAS}/{schema}");
    insert(spec, &format!("{def}/properties"), name, property);
    if required {
        push(spec, &format!("{def}/required"), json!(name));
    }
}

fn drop_required(spec: &mut Value, schema: &str, name: &str) {
    at(spec, &format!("{SCHEMAS}/{schema}/required"))
        .as_array_mut()
        .expect("required is an array")
        .retain(|v| v != name);
}

fn vet() -> Value {
    json!({ "type": "object", "properties": { "name": { "type": "string" } } })
}

/// Every kind of change, once.
pub fn all() -> Vec<SpecChange> {
    vec![
        // ----- client and operations -----
        forward("server_url_changed", |s| {
            *at(s, "/servers/0/url") = json!("https://pets.example.com/v2")
        }),
        forward("operation_removed", |s| {
            remove(s, "/paths", "/pets/{id}");
        }),
        forward("operation_added", |s| {
            let mut delete = at(s, GET).clone();
            delete["operationId"] = json!("deletePet");
            delete["responses"] = json!({ "204": { "description": "Deleted" } });
            insert(s, "/paths/~1pets~1{id}", "delete", delete);
        }),
        forward("operation_id_changed_renaming_the_method", |s| {
            *at(s, &format!("{LIST}/operationId")) = json!("fetchAllPets")
        }),
        forward("operation_id_changed_keeping_the_rust_names", |s| {
            *at(s, &format!("{LIST}/operationId")) = json!("list_pets")
        }),
        forward("operation_deprecated", |s| {
            at(s, LIST)["deprecated"] = json!(true)
        }),
        // Same method, id, tag and arguments; only the URL moves.
        forward("path_moved", |s| {
            let item = remove(s, "/paths", "/pets/{id}");
            insert(s, "/paths", "/animals/{id}", item);
        }),
        forward("http_method_moved", |s| {
            let create = remove(s, "/paths/~1pets", "post");
            insert(s, "/paths/~1pets", "put", create);
        }),
        forward("path_parameter_renamed", |s| {
            let mut item = remove(s, "/paths", "/pets/{id}");
            item["get"]["parameters"][0]["name"] = json!("petId");
            insert(s, "/paths", "/pets/{petId}", item);
        }),
        // `getPet` moves to the existing `Owners` tag: `owners().get_pet()`.
        forward("tag_moved", |s| {
            *at(s, &format!("{GET}/tags")) = json!(["Owners"])
        }),
        // The only operation of `Owners` moves to a new tag: one group goes, one comes.
        forward("tag_renamed", |s| {
            *at(s, "/paths/~1owners/get/tags") = json!(["People"])
        }),
        // `getPet` takes `list`'s old name: `pets().list()` now reaches `GET /pets/{id}`.
        forward("method_name_taken_over", |s| {
            *at(s, &format!("{LIST}/operationId")) = json!("listAllPets");
            *at(s, &format!("{GET}/operationId")) = json!("listPets");
        }),
        forward("response_retyped", |s| {
            *at(
                s,
                &format!("{GET}/responses/200/content/application~1json/schema"),
            ) = json!({ "$ref": "#/components/schemas/Owner" })
        }),
        // ----- parameters -----
        forward("required_parameter_added", |s| {
            push(
                s,
                &format!("{LIST}/parameters"),
                json!({ "name": "region", "in": "query", "required": true, "schema": { "type": "string" } }),
            )
        }),
        forward("optional_parameter_added", |s| {
            push(
                s,
                &format!("{LIST}/parameters"),
                json!({ "name": "X-Trace", "in": "header", "schema": { "type": "string" } }),
            )
        }),
        forward("optional_parameter_removed", |s| {
            remove(s, LIST, "parameters");
        }),
        forward("parameter_retyped", |s| {
            *at(s, &format!("{LIST}/parameters/0/schema")) = json!({ "type": "string" })
        }),
        forward("parameter_now_required", |s| {
            at(s, &format!("{LIST}/parameters/0"))["required"] = json!(true)
        }),
        backward("parameter_now_optional", |s| {
            at(s, &format!("{LIST}/parameters/0"))["required"] = json!(true)
        }),
        // ----- request bodies -----
        forward("request_body_now_optional", |s| {
            at(s, &format!("{CREATE}/requestBody"))["required"] = json!(false)
        }),
        backward("request_body_now_required", |s| {
            at(s, &format!("{CREATE}/requestBody"))["required"] = json!(false)
        }),
        forward("request_body_retyped", |s| {
            *at(
                s,
                &format!("{CREATE}/requestBody/content/application~1json/schema"),
            ) = json!({ "$ref": "#/components/schemas/Owner" })
        }),
        forward("request_body_removed", |s| {
            remove(s, CREATE, "requestBody");
        }),
        SpecChange {
            name: "optional_request_body_added",
            old: edited(|s| {
                remove(s, CREATE, "requestBody");
            }),
            new: edited(|s| at(s, &format!("{CREATE}/requestBody"))["required"] = json!(false)),
        },
        // ----- request fields (`NewPet` is only sent) -----
        forward("required_request_field_added", |s| {
            add_property(s, "NewPet", "age", json!({ "type": "integer" }), true)
        }),
        forward("optional_request_field_added", |s| {
            add_property(s, "NewPet", "age", json!({ "type": "integer" }), false)
        }),
        forward("request_field_removed", |s| {
            remove(s, &format!("{SCHEMAS}/NewPet/properties"), "tag");
        }),
        forward("request_field_retyped", |s| {
            *at(s, &format!("{SCHEMAS}/NewPet/properties/tag")) = json!({ "type": "integer" })
        }),
        forward("request_field_now_required", |s| {
            push(s, &format!("{SCHEMAS}/NewPet/required"), json!("tag"))
        }),
        forward("request_field_now_optional", |s| {
            *at(s, &format!("{SCHEMAS}/NewPet/required")) = json!([])
        }),
        backward("request_field_no_longer_nullable", |s| {
            at(s, &format!("{SCHEMAS}/NewPet/properties/tag"))["nullable"] = json!(true)
        }),
        // ----- response fields (`Pet` is only received) -----
        forward("optional_response_field_added", |s| {
            add_property(s, "Pet", "age", json!({ "type": "integer" }), false)
        }),
        forward("required_response_field_added", |s| {
            add_property(s, "Pet", "age", json!({ "type": "integer" }), true)
        }),
        forward("required_response_field_removed", |s| {
            remove(s, &format!("{SCHEMAS}/Pet/properties"), "name");
            drop_required(s, "Pet", "name");
        }),
        forward("optional_response_field_removed", |s| {
            remove(s, &format!("{SCHEMAS}/Pet/properties"), "tag");
        }),
        forward("response_field_retyped", |s| {
            *at(s, &format!("{SCHEMAS}/Pet/properties/id")) =
                json!({ "type": "string", "format": "uuid" })
        }),
        forward("response_field_now_optional", |s| {
            drop_required(s, "Pet", "name")
        }),
        forward("response_field_now_required", |s| {
            push(s, &format!("{SCHEMAS}/Pet/required"), json!("tag"))
        }),
        forward("required_response_field_now_nullable", |s| {
            at(s, &format!("{SCHEMAS}/Pet/properties/name"))["nullable"] = json!(true)
        }),
        forward("optional_response_field_now_nullable", |s| {
            at(s, &format!("{SCHEMAS}/Pet/properties/tag"))["nullable"] = json!(true)
        }),
        // ----- `Owner` is both sent and received: the stricter rule -----
        forward("required_field_added_to_a_shared_type", |s| {
            add_property(s, "Owner", "email", json!({ "type": "string" }), true)
        }),
        forward("required_field_removed_from_a_shared_type", |s| {
            *at(s, &format!("{SCHEMAS}/Owner")) =
                json!({ "type": "object", "properties": { "nick": { "type": "string" } } })
        }),
        // ----- enums and unions -----
        forward("enum_value_added", |s| {
            push(s, &format!("{SCHEMAS}/PetStatus/enum"), json!("adopted"))
        }),
        forward("received_enum_value_removed", |s| {
            *at(s, &format!("{SCHEMAS}/PetStatus/enum")) = json!(["available"])
        }),
        forward("sent_enum_value_removed", |s| {
            *at(s, &format!("{SCHEMAS}/PetKind/enum")) = json!(["dog"])
        }),
        forward("tagged_union_variant_added", |s| {
            insert(
                s,
                SCHEMAS,
                "Stick",
                json!({ "type": "object", "properties": { "kind": { "type": "string" } } }),
            );
            push(
                s,
                &format!("{SCHEMAS}/Toy/oneOf"),
                json!({ "$ref": "#/components/schemas/Stick" }),
            );
            at(s, &format!("{SCHEMAS}/Toy/discriminator/mapping"))["stick"] =
                json!("#/components/schemas/Stick");
        }),
        forward("sent_untagged_union_variant_added", |s| {
            push(
                s,
                &format!("{SCHEMAS}/Food/oneOf"),
                json!({ "type": "integer" }),
            )
        }),
        // `Food` is sent in `NewPet` and, here, also received in `Pet`.
        SpecChange {
            name: "received_untagged_union_variant_added",
            old: edited(pet_eats_food),
            new: edited(|s| {
                pet_eats_food(s);
                push(
                    s,
                    &format!("{SCHEMAS}/Food/oneOf"),
                    json!({ "type": "integer" }),
                );
            }),
        },
        forward("union_variant_removed", |s| {
            *at(s, &format!("{SCHEMAS}/Food/oneOf/1")) = json!({ "type": "integer" })
        }),
        SpecChange {
            name: "union_variant_retyped",
            old: edited(|s| *at(s, &format!("{SCHEMAS}/Food/oneOf/1")) = array_of("Ball")),
            new: edited(|s| *at(s, &format!("{SCHEMAS}/Food/oneOf/1")) = array_of("Owner")),
        },
        // ----- types -----
        forward("type_added", |s| insert(s, SCHEMAS, "Vet", vet())),
        backward("type_removed", |s| insert(s, SCHEMAS, "Vet", vet())),
        forward("type_renamed", |s| {
            let status = remove(s, SCHEMAS, "PetStatus");
            insert(s, SCHEMAS, "AdoptionStatus", status);
            *at(s, &format!("{SCHEMAS}/Pet/properties/status")) =
                json!({ "$ref": "#/components/schemas/AdoptionStatus" });
        }),
        forward("type_changed_kind", |s| {
            *at(s, &format!("{SCHEMAS}/PetStatus")) =
                json!({ "type": "object", "properties": { "code": { "type": "string" } } })
        }),
        // ----- credentials -----
        forward("credential_no_longer_accepted", |s| {
            at(s, LIST)["security"] = json!([{ "BearerAuth": [] }])
        }),
        backward("public_operation_now_needs_credentials", |s| {
            at(s, LIST)["security"] = json!([])
        }),
        backward("credential_now_accepted", |s| {
            at(s, LIST)["security"] = json!([{ "BearerAuth": [] }])
        }),
    ]
}

fn pet_eats_food(spec: &mut Value) {
    add_property(
        spec,
        "Pet",
        "food",
        json!({ "$ref": "#/components/schemas/Food" }),
        false,
    );
}

fn array_of(name: &str) -> Value {
    json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{name}") } })
}
