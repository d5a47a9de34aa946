//! Swagger 2.0, converted on load to OpenAPI 3.0, and OpenAPI 3.2, read as
//! 3.1 with what matters to a client kept (the `query` method,
//! `additionalOperations`, `in: querystring`, streamed `itemSchema`). Each
//! case's crate must compile (`version_crates_compile`).
//!
//! Run with `cargo test -p integration-tests --test versions`.

#[path = "common/generated.rs"]
mod generated;

use generated::{Crate, assert_compile, generate};
use generator::SpecSource;
use serde_json::json;

const SWAGGER_2: &str = r##"{
  "swagger": "2.0",
  "info": {"title": "Pets", "version": "1"},
  "host": "api.example.com",
  "basePath": "/v2",
  "schemes": ["http", "https"],
  "consumes": ["application/json"],
  "produces": ["application/json"],
  "securityDefinitions": {
    "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    "basic": {"type": "basic"},
    "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://auth.example.com/token", "scopes": {}}
  },
  "security": [{"key": []}],
  "parameters": {
    "Limit": {"name": "limit", "in": "query", "type": "integer", "format": "int32"}
  },
  "paths": {
    "/pets": {
      "get": {
        "operationId": "listPets",
        "tags": ["pets"],
        "parameters": [
          {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}},
          {"name": "ids", "in": "query", "type": "array", "items": {"type": "integer", "format": "int64"}, "collectionFormat": "multi"},
          {"$ref": "#/parameters/Limit"}
        ],
        "responses": {"200": {"description": "The pets.", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}}}}
      },
      "post": {
        "operationId": "createPet",
        "tags": ["pets"],
        "security": [{"basic": []}, {"oauth": []}],
        "parameters": [{"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}],
        "responses": {"201": {"description": "Made.", "schema": {"$ref": "#/definitions/Pet"}}}
      }
    },
    "/pets/{petId}/photo": {
      "parameters": [{"name": "petId", "in": "path", "required": true, "type": "integer", "format": "int64"}],
      "post": {
        "operationId": "uploadPhoto",
        "tags": ["pets"],
        "consumes": ["multipart/form-data"],
        "parameters": [
          {"name": "file", "in": "formData", "type": "file", "required": true},
          {"name": "caption", "in": "formData", "type": "string"}
        ],
        "responses": {"204": {"description": "Done."}}
      }
    },
    "/login": {
      "post": {
        "operationId": "login",
        "tags": ["auth"],
        "consumes": ["application/x-www-form-urlencoded"],
        "parameters": [
          {"name": "user", "in": "formData", "type": "string", "required": true},
          {"name": "password", "in": "formData", "type": "string", "required": true}
        ],
        "responses": {"200": {"description": "A token.", "schema": {"type": "string"}}}
      }
    }
  },
  "definitions": {
    "Pet": {
      "type": "object",
      "required": ["name"],
      "properties": {
        "id": {"type": "integer", "format": "int64", "readOnly": true},
        "name": {"type": "string"},
        "tag": {"type": "string", "x-nullable": true},
        "kind": {"type": "string", "enum": ["cat", "dog"]}
      }
    }
  }
}"##;

#[test]
fn swagger_2_is_converted_to_openapi_3() {
    let loaded = generator::load::load_source(&SpecSource::text(SWAGGER_2)).expect("loads");
    assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
    let raw = &loaded.raw;
    assert_eq!(raw["openapi"], "3.0.3");
    assert_eq!(
        raw["servers"],
        json!([{"url": "https://api.example.com/v2"}, {"url": "http://api.example.com/v2"}])
    );
    let list = &raw["paths"]["/pets"]["get"];
    // csv (the default) is form without explode; multi is form with explode.
    assert_eq!(
        (
            &list["parameters"][0]["style"],
            &list["parameters"][0]["explode"]
        ),
        (&json!("form"), &json!(false))
    );
    assert_eq!(
        (
            &list["parameters"][1]["style"],
            &list["parameters"][1]["explode"]
        ),
        (&json!("form"), &json!(true))
    );
    assert_eq!(
        list["parameters"][2],
        json!({"$ref": "#/components/parameters/Limit"})
    );
    assert_eq!(
        raw["components"]["securitySchemes"]["oauth"]["flows"],
        json!({"clientCredentials": {"tokenUrl": "https://auth.example.com/token", "scopes": {}}})
    );
    assert_eq!(
        raw["components"]["schemas"]["Pet"]["properties"]["tag"]["nullable"],
        json!(true)
    );
    let upload = &raw["paths"]["/pets/{petId}/photo"]["post"]["requestBody"]["content"]["multipart/form-data"]
        ["schema"];
    assert_eq!(
        upload["properties"]["file"],
        json!({"type": "string", "format": "binary"})
    );

    let krate = generate("swagger2", SWAGGER_2);
    krate.assert_has("src/conventions.rs", &["\"https://api.example.com/v2\""]);
    krate.assert_has(
        "src/types.rs",
        &[
            "pub struct Pet",
            "pub tag: Option<Option<String>>,",
            "pub kind: Option<PetKind>,",
        ],
    );
    krate.assert_has("src/apis/pets.rs", &[
        "pub fn list(&self) -> ListPets",
        "pub fn tags(mut self, value: impl Into<Vec<String>>) -> Self",
        "pub fn limit(mut self, value: impl Into<i32>) -> Self",
        "pub fn create(&self, body: crate::types::Pet) -> CreatePet",
        "pub fn upload_photo(&self, pet_id: i64, body: crate::types::UploadPhotoRequest) -> UploadPhoto",
    ]);
    krate.assert_has(
        "src/apis/auth.rs",
        &["pub fn login(&self, body: crate::types::LoginRequest) -> Login"],
    );
}

/// A fault in a Swagger 2.0 document is located in the 2.0 document.
#[test]
fn swagger_2_warnings_name_the_2_0_document() {
    let spec = SWAGGER_2.replace(
        r#""name": {"type": "string"},"#,
        r#""name": {"type": "string"}, "pair": {"type": "array", "items": [{"type": "string"}]},"#,
    );
    let krate = generate("swagger2_fault", &spec);
    krate.warning("#/definitions/Pet/properties/pair/items", &["tuple"]);

    // Found while parsing, before conversion moved the body out of the list.
    let duplicate = r##"
swagger: "2.0"
info: {title: T, version: "1"}
paths:
  /pets:
    post:
      parameters:
        - {name: a, in: query, type: string}
        - {name: pet, name: pet2, in: body, schema: {type: object}}
        - {name: q, in: query, type: string}
      responses: {'204': {description: Done.}}
"##;
    let krate = generate("swagger2_duplicate", duplicate);
    krate.warning("#/paths/~1pets/post/parameters/1/name", &["more than once"]);
}

const OPENAPI_3_2: &str = r##"
openapi: 3.2.0
info: {title: Search, version: "1"}
tags:
  - {name: search, summary: Search, kind: nav}
  - {name: saved, parent: search}
paths:
  /documents:
    query:
      operationId: searchDocuments
      tags: [search]
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {text: {type: string}}}
      responses:
        '200':
          description: Matches.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Document'}}
            application/jsonl:
              itemSchema: {$ref: '#/components/schemas/Document'}
    additionalOperations:
      LINK:
        operationId: linkDocuments
        tags: [saved]
        responses:
          '204': {description: Linked.}
  /documents/{id}:
    get:
      operationId: getDocument
      tags: [search]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - name: filter
          in: querystring
          content:
            application/x-www-form-urlencoded:
              schema:
                type: object
                properties:
                  lang: {type: string}
                  since: {type: string, format: date}
      responses:
        '200':
          description: The document.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Document'}
components:
  schemas:
    Document:
      type: object
      required: [id]
      properties:
        id: {type: string}
        title: {type: [string, "null"]}
"##;

#[test]
fn openapi_3_2_additions_that_matter_to_a_client() {
    let krate = generate("openapi32", OPENAPI_3_2);
    assert!(krate.warnings.is_empty(), "{:?}", krate.warnings);
    krate.assert_has(
        "src/apis/search.rs",
        &[
            "runtime::Method::Query",
            "pub fn documents(&self) -> SearchDocuments",
            "pub fn lang(mut self, value: impl Into<String>) -> Self",
            "pub fn since(mut self, value: impl Into<chrono::NaiveDate>) -> Self",
        ],
    );
    krate.assert_has(
        "src/apis/saved.rs",
        &[
            "runtime::Method::Other(\"LINK\")",
            "pub fn link_documents(&self) -> LinkDocuments",
        ],
    );
    krate.assert_has(
        "src/types.rs",
        &["pub struct Document", "pub title: Option<Option<String>>,"],
    );

    // A stream's `itemSchema` stays in the loaded document, downgraded like
    // `schema`, for the response side to read.
    let loaded = generator::load::load_source(&SpecSource::text(OPENAPI_3_2)).expect("loads");
    let media = &loaded.raw["paths"]["/documents"]["query"]["responses"]["200"]["content"]["application/jsonl"];
    assert_eq!(
        media["itemSchema"],
        json!({"$ref": "#/components/schemas/Document"})
    );
}

/// The corpus's `other/` documents (one Swagger 2.0, one 3.2) generate.
#[test]
fn the_corpus_swagger_2_and_3_2_documents_generate() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/other");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} does not exist", dir.display());
        return;
    };
    let mut generated = 0;
    for entry in entries.flatten() {
        let text = std::fs::read_to_string(entry.path()).expect("readable");
        let name = entry.file_name().to_string_lossy().replace(['.', '-'], "_");
        let krate = generate(&name, &text);
        assert!(
            krate.files.keys().any(|path| path.starts_with("src/apis/")),
            "{name}"
        );
        generated += 1;
    }
    assert!(generated >= 2);
}

#[test]
fn version_crates_compile() {
    let crates: Vec<Crate> = vec![
        generate("swagger2", SWAGGER_2),
        generate("openapi32", OPENAPI_3_2),
    ];
    assert_compile("versions-check", &crates.iter().collect::<Vec<_>>());
}
