//! How `generator.toml` and `generator.lock` refer to a spec: operations by method and
//! path (or an unambiguous operationId), error types and sensitive fields by their place
//! in the API, every miss reported at once with the closest names, and names from the
//! config or the lock that would not compile refused.

use generator::{Config, lock::NameLock};
use serde_json::{Value, json};

fn spec() -> Value {
    let thing = json!({ "$ref": "#/components/schemas/Thing" });
    let error = json!({ "description": "error", "content": { "application/json": {
        "schema": { "$ref": "#/components/schemas/Err" } } } });
    json!({
        "openapi": "3.0.3",
        "info": { "title": "Things", "version": "1" },
        "servers": [{ "url": "https://things.example/api" }],
        "paths": {
            "/things": {
                "get": { "operationId": "listThings", "tags": ["Things"], "responses": {
                    "200": { "description": "ok", "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "items": { "type": "array", "items": thing } } } } } },
                    "400": error } },
                "post": { "tags": ["Things"],
                    "requestBody": { "required": true, "content": { "application/json": { "schema": thing } } },
                    "responses": { "201": { "description": "made", "content": { "application/json": { "schema": thing } } },
                        "422": error } }
            },
            "/things/{id}": {
                "get": { "operationId": "getThing", "tags": ["Things"],
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }],
                    "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": thing } } },
                        "404": error } }
            },
            "/login": {
                "post": { "operationId": "login", "tags": ["Auth"],
                    "requestBody": { "content": { "application/json": { "schema": {
                        "type": "object", "properties": { "user": { "type": "string" }, "otp": { "type": "string" } } } } } },
                    "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": {
                        "$ref": "#/components/schemas/Session" } } } }, "401": error } }
            }
        },
        "components": { "schemas": {
            "Thing": { "type": "object", "properties": { "id": { "type": "string" }, "note": { "type": "string" } } },
            "Session": { "type": "object", "properties": { "bearer": { "type": "string" } } },
            "Err": { "type": "object", "properties": { "error": { "type": "object", "properties": {
                "code": { "type": "string", "enum": ["A", "B"] },
                "details": { "$ref": "#/components/schemas/Details" } } } } },
            "Details": { "type": "object", "properties": { "field": { "type": "string" } } }
        } }
    })
}

fn config(text: &str) -> Config {
    Config::from_toml(text, "generator.toml").expect("the config parses")
}

fn surface(spec: &Value, config: &Config) -> Result<String, generator::Error> {
    generator::api_surface(&spec.to_string(), config)
}

fn file(spec: &Value, config: &Config, path: &str) -> String {
    let generated = generator::generate(&spec.to_string(), config).expect("generates");
    if path == "src/types.rs" {
        // The `types` module: `src/types.rs` and the files of `src/types/`.
        return generated
            .files
            .into_iter()
            .filter(|file| file.path == path || file.path.starts_with("src/types/"))
            .map(|file| file.contents)
            .collect();
    }
    generated
        .files
        .into_iter()
        .find(|file| file.path == path)
        .expect(path)
        .contents
}

#[test]
fn operations_are_named_by_method_and_path_or_operation_id() {
    let config = config(
        r#"
[rename.operations]
"GET /things" = "all"
"post /api/things" = "add"
getThing = "one"
"#,
    );
    let surface = surface(&spec(), &config).expect("generates");
    for line in [
        "GET /things  things().all()",
        "POST /things  things().add(body: Thing)",
        "GET /things/{id}  things().one(id: String)",
    ] {
        assert!(surface.contains(line), "{line} not in\n{surface}");
    }
}

#[test]
fn every_reference_that_matches_nothing_is_reported_at_once() {
    let config = config(
        r#"
[errors]
code = "/error/code"
code_schema = "Error"
[session]
login = "POST /logins"
refresh = "refreshToken"
refresh_token_field = "refresh"
access_token = "/bearer"
refresh_token = "/refresh"
[rename.groups]
Thing = "items"
[rename.operations]
"GET /thing" = "all"
"DELETE /things/{id}" = "remove"
[rename.types]
Thng = "Item"
[sensitive]
add = ["POST /login request /password", "GET /things response /items/0/notes"]
"#,
    );
    let error = surface(&spec(), &config).expect_err("nothing of that exists");
    let message = error.to_string();
    assert_eq!(error.location, "generator.toml");
    assert!(message.contains("9 settings"), "{message}");
    for expected in [
        "[rename.types].\"Thng\": there is no schema `Thng` in #/components/schemas; closest: `Thing`",
        "[rename.operations].\"GET /thing\": there is no operation `GET /thing`; closest: `GET /things`",
        "[rename.operations].\"DELETE /things/{id}\": there is no operation `DELETE /things/{id}`; closest: `GET /things/{id}`",
        "[rename.groups].\"Thing\": no operation has the tag `Thing`; closest: `Things`",
        "[session].login: there is no operation `POST /logins`; closest: `POST /login`",
        "[session].refresh: there is no operation with operationId `refreshToken`",
        "[errors].code_schema: there is no schema `Error` in #/components/schemas; the 4xx bodies' `/error/code` is \
         `#/components/schemas/Err/properties/error/properties/code`: drop `code_schema` and set `typed = true`",
        "[sensitive].add: the request body of `POST /login` has no field at `/password`; closest: `/user`, `/otp`",
        "[sensitive].add: the response body of `GET /things` has no field at `/items/0/notes`; closest: `/items/0/note`",
    ] {
        assert!(message.contains(expected), "{expected}\nnot in:\n{message}");
    }
}

#[test]
fn names_that_would_not_compile_are_refused() {
    let config = config(
        r#"
[rename.groups]
Things = "builder"
[rename.operations]
"GET /things" = "list things"
"POST /things" = "new"
[rename.types]
Thing = "Option"
"#,
    );
    let message = surface(&spec(), &config).expect_err("refused").to_string();
    for expected in [
        "[rename.groups].\"Things\": `builder` is not a usable accessor name",
        "[rename.operations].\"GET /things\": `list things` is not a usable method name",
        "[rename.operations].\"POST /things\": `new` is not a usable method name",
        "[rename.types].\"Thing\": `Option` is not a usable type name",
    ] {
        assert!(message.contains(expected), "{expected}\nnot in:\n{message}");
    }
}

#[test]
fn an_operation_id_shared_by_two_operations_is_ambiguous() {
    let mut spec = spec();
    spec["paths"]["/things"]["get"]["operationId"] = json!("getThing");
    let config = config("[rename.operations]\ngetThing = \"one\"\n");
    let message = surface(&spec, &config).expect_err("ambiguous").to_string();
    assert!(
        message.contains("operationId `getThing` is ambiguous"),
        "{message}"
    );
    assert!(
        message.contains("`GET /things`") && message.contains("`GET /things/{id}`"),
        "{message}"
    );
}

#[test]
fn error_types_are_found_in_the_4xx_bodies() {
    let typed =
        config("[errors]\ncode = \"/error/code\"\ndetails = \"/error/details\"\ntyped = true\n");
    let conventions = file(&spec(), &typed, "src/conventions.rs");
    assert!(
        conventions.contains("crate::types::ErrModelErrorCode"),
        "{conventions}"
    );
    assert!(
        conventions.contains("crate::types::Details"),
        "{conventions}"
    );

    // A named schema wins over the place.
    let named = config(
        "[errors]\ncode = \"/error/code\"\ndetails = \"/error/details\"\ndetails_schema = \"Thing\"\ntyped = true\n",
    );
    let conventions = file(&spec(), &named, "src/conventions.rs");
    assert!(conventions.contains("crate::types::Thing"), "{conventions}");

    // 4xx bodies that disagree, or none that has the pointer, leave nothing to follow.
    let mut disagreeing = spec();
    disagreeing["paths"]["/login"]["post"]["responses"]["401"] = json!({ "description": "no",
        "content": { "application/json": { "schema": { "type": "object", "properties": {
            "error": { "type": "object", "properties": { "code": { "type": "integer" } } } } } } } });
    let message = surface(&disagreeing, &typed)
        .expect_err("two types")
        .to_string();
    assert!(
        message.contains("[errors].typed: the 4xx bodies disagree on the schema at `/error/code`"),
        "{message}"
    );
    assert!(
        message.contains("`ErrModelErrorCode` (#/paths/~1login/post/responses/401)")
            || message.contains("`I64` (#/paths/~1login/post/responses/401)"),
        "{message}"
    );
    let nowhere = config("[errors]\ncode = \"/fault/code\"\ntyped = true\n");
    let message = surface(&spec(), &nowhere)
        .expect_err("no such place")
        .to_string();
    assert!(
        message.contains("no 4xx response has a JSON body with a schema at `/fault/code`"),
        "{message}"
    );
}

#[test]
fn sensitive_fields_by_their_place_in_the_api() {
    let config = config(
        r#"
[sensitive]
add = ["POST /login request /otp", "GET /api/things response /items/0/note", "login response /bearer"]
"#,
    );
    let types = file(&spec(), &config, "src/types.rs");
    assert!(
        types.contains("crate::runtime::Redacted(&self.note)"),
        "{types}"
    );
    assert!(
        types.contains("crate::runtime::Redacted(&self.otp)"),
        "{types}"
    );
    assert!(
        types.contains("crate::runtime::Redacted(&self.bearer)"),
        "{types}"
    );
    assert!(!types.contains("Redacted(&self.user)"), "{types}");
}

#[test]
fn the_lock_pins_names_and_group_across_changed_ids_and_tags() {
    let plain = config("");
    let generated = generator::generate(&spec().to_string(), &plain).expect("generates");
    assert_eq!(generated.lock.base_path, "/api");
    let text = generated.lock.to_toml();
    assert!(
        text.contains(
            r#""GET /api/things" = { group = "things", method = "list", builder = "ListThings" }"#
        ),
        "{text}"
    );

    // Another operationId, another tag, the `/api` moved into the paths: the same names.
    let mut changed = spec();
    let paths = changed["paths"].as_object_mut().expect("paths").clone();
    changed["paths"] = Value::Object(
        paths
            .into_iter()
            .map(|(path, item)| (format!("/api{path}"), item))
            .collect(),
    );
    changed["servers"] = json!([{ "url": "https://things.example" }]);
    changed["paths"]["/api/things"]["get"]["operationId"] = json!("ThingsController_findAll");
    changed["paths"]["/api/things"]["get"]["tags"] = json!(["Inventory"]);
    let mut pinned = config("");
    pinned.lock = NameLock::from_toml(&text, "generator.lock").expect("parses");
    let surface = surface(&changed, &pinned).expect("generates");
    assert!(
        surface.contains("GET /api/things  things().list()"),
        "{surface}"
    );
    let unpinned = generator::api_surface(&changed.to_string(), &plain).expect("generates");
    assert!(
        unpinned.contains("GET /api/things  inventory().things_find_all()"),
        "{unpinned}"
    );

    // The config wins over the lock.
    let mut renamed = config(
        "[rename.groups]\nInventory = \"stock\"\n[rename.operations]\n\"GET /api/things\" = \"every\"\n",
    );
    renamed.lock = pinned.lock.clone();
    let surface = generator::api_surface(&changed.to_string(), &renamed).expect("generates");
    assert!(
        surface.contains("GET /api/things  stock().every()"),
        "{surface}"
    );

    // A hand-edited lock with a name that would not compile is refused, saying where.
    let broken = text.replace("method = \"list\"", "method = \"list things\"");
    let mut bad = config("");
    bad.lock = NameLock::from_toml(&broken, "generator.lock").expect("parses");
    let error = generator::api_surface(&spec().to_string(), &bad).expect_err("refused");
    assert_eq!(
        error.location, "generator.lock: \"GET /api/things\"",
        "{error}"
    );
}
