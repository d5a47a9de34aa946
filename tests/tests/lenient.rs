//! Faults with one sane reading: the generator reads them that way, records a
//! warning naming the JSON pointer and the assumption, marks the generated
//! item `Assumed: …`, and refuses them only under `strict`. Each case's crate
//! must compile (`lenient_crates_compile`).
//!
//! Run with `cargo test -p integration-tests --test lenient`.

#[path = "common/generated.rs"]
mod generated;

use generated::{Crate, assert_compile, assert_strict_refuses, generate};

const UNDECLARED_TEMPLATE_VARIABLE: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets/{petId}/toys/{toyId}:
    get:
      operationId: getToy
      tags: [pets]
      parameters:
        - {name: petId, in: path, required: true, schema: {type: integer}}
        - {name: color, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: Done.}
"##;

#[test]
fn path_template_and_parameters_that_disagree() {
    let krate = generate("template", UNDECLARED_TEMPLATE_VARIABLE);
    // `{toyId}` has no parameter: a required string.
    let op = "#/paths/~1pets~1{petId}~1toys~1{toyId}/get";
    krate.warning(op, &["`{toyId}`", "required string parameter"]);
    // `color` is not in the template: dropped.
    krate.warning(&format!("{op}/parameters/1/name"), &["`color`", "ignored"]);
    krate.assert_has("src/apis/pets.rs", &[
        "pub fn get_toy(&self, pet_id: i64, toy_id: impl Into<String>) -> GetToy",
        "Assumed: the path `/pets/{petId}/toys/{toyId}` has `{toyId}` but no path parameter describes it",
    ]);
    krate.assert_lacks("src/apis/pets.rs", &["fn color("]);
    assert_strict_refuses("template", UNDECLARED_TEMPLATE_VARIABLE, op);
}

const IMPOSSIBLE_STYLES: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      tags: [items]
      parameters:
        - {name: id, in: path, required: true, style: form, schema: {type: string}}
        - {name: X-Trace, in: header, style: deepObject, schema: {type: string}}
      responses:
        '200':
          description: The item.
          headers:
            X-Rate-Limit: {style: form, schema: {type: integer}}
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
"##;

#[test]
fn impossible_styles_are_ignored() {
    let krate = generate("styles", IMPOSSIBLE_STYLES);
    let op = "#/paths/~1items~1{id}/get";
    krate.warning(
        &format!("{op}/parameters/0/style"),
        &["`style: form`", "path parameter", "`simple`"],
    );
    krate.warning(
        &format!("{op}/parameters/1/style"),
        &["`style: deepObject`", "header parameter"],
    );
    krate.warning(
        &format!("{op}/responses/200/headers/X-Rate-Limit/style"),
        &["`style: form`", "ignored"],
    );
    krate.assert_has(
        "src/apis/items.rs",
        &[
            "pub fn get(&self, id: impl Into<String>) -> GetItem",
            "Assumed: `style: form` is not possible",
        ],
    );
    assert_strict_refuses(
        "styles",
        IMPOSSIBLE_STYLES,
        &format!("{op}/parameters/0/style"),
    );
}

const NUMERIC_VERSIONS: &str = r##"
openapi: 3.0
info: {title: T, version: 1.0}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '204': {description: Done.}
"##;

#[test]
fn numeric_versions_are_read_as_text() {
    let krate = generate("versions", NUMERIC_VERSIONS);
    krate.warning("#/openapi", &["number", "\"3.0\""]);
    krate.warning("#/info/version", &["read as the text \"1.0\""]);
    assert_strict_refuses("versions", NUMERIC_VERSIONS, "#/info/version");
}

const TUPLES_AND_NUMBERS: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /points:
    get:
      operationId: listPoints
      responses:
        '200':
          description: Points.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Point'}}
components:
  schemas:
    Point:
      type: object
      required: [coordinates, seed]
      properties:
        coordinates:
          type: array
          items: [{type: number}, {type: number}]
        seed:
          type: integer
          minimum: -9223372036854776000
          maximum: 99999999999999999999999999
          default: 123456789012345678901234567890
          example: 1.0e999
        level:
          type: integer
          enum: [1, 2, 1e30]
        ratio:
          type: number
          maximum: 1e400
"##;

#[test]
fn tuple_items_become_any_value_and_large_numbers_never_stop_generation() {
    let krate = generate("numbers", TUPLES_AND_NUMBERS);
    let point = "#/components/schemas/Point/properties";
    krate.warning(
        &format!("{point}/coordinates/items"),
        &["tuple", "any JSON value"],
    );
    krate.warning(
        &format!("{point}/seed/minimum"),
        &["not a 64-bit integer", "-9223372036854775808"],
    );
    krate.warning(&format!("{point}/seed/maximum"), &["9223372036854775807"]);
    krate.warning(&format!("{point}/level/enum"), &["ignored"]);
    krate.assert_has(
        "src/types.rs",
        &[
            "pub coordinates: Vec<serde_json::Value>,",
            "pub seed: i64,",
            "Assumed: `items` is a list (a tuple); read as an array of any JSON value",
        ],
    );
    // JSON numbers beyond a 64-bit float (serde_json refuses them outright).
    let json = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
        "components": {"schemas": {"Huge": {"type": "number", "maximum": 1e400, "enum": [1, -2e999]}}}}"#;
    let krate = generate("huge_json", json);
    krate.warning(
        "#/components/schemas/Huge/maximum",
        &["beyond the range of a 64-bit float"],
    );
    krate.warning("#/components/schemas/Huge/enum/1", &["-2e999"]);
    assert_strict_refuses(
        "numbers",
        TUPLES_AND_NUMBERS,
        &format!("{point}/coordinates/items"),
    );
}

const REFS_TO_NOTHING: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      tags: [pets]
      parameters:
        - $ref: '#/components/parameters/Gone'
        - {name: limit, in: query, schema: {type: integer}}
      requestBody:
        $ref: '#/components/requestBodies/Gone'
      responses:
        '200':
          $ref: '#/components/responses/Gone'
  /owners:
    get:
      operationId: listOwners
      tags: [owners]
      responses:
        '200':
          description: Owners.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Owner'}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Owner'}
        tags: {type: array, items: {$ref: '#/definitions/Tag'}}
"##;

#[test]
fn references_to_nothing_are_read_by_kind() {
    let krate = generate("nothing", REFS_TO_NOTHING);
    krate.warning(
        "#/components/schemas/Pet/properties/owner",
        &[
            "`$ref: #/components/schemas/Owner` points at nothing",
            "serde_json::Value",
        ],
    );
    krate.warning(
        "#/paths/~1pets/post/parameters/0",
        &["points at nothing", "ignored"],
    );
    krate.warning(
        "#/paths/~1pets/post/requestBody",
        &["optional body of any JSON value"],
    );
    krate.warning(
        "#/paths/~1pets/post/responses/200",
        &["body is any JSON value"],
    );
    krate.assert_has(
        "src/types.rs",
        &[
            "pub owner: Option<serde_json::Value>,",
            "pub tags: Option<Vec<serde_json::Value>>,",
        ],
    );
    krate.assert_has(
        "src/apis/pets.rs",
        &[
            "pub fn create(&self) -> CreatePet",
            "pub fn limit(mut self, value: impl Into<i64>) -> Self",
        ],
    );
    krate.assert_has("src/apis/owners.rs", &["Vec<serde_json::Value>"]);
    assert_strict_refuses(
        "nothing",
        REFS_TO_NOTHING,
        "#/components/schemas/Pet/properties/owner",
    );
}

const MODEL_FAULTS: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
security:
  - apiKey: []
  - bearer: []
paths:
  /pets:
    get:
      operationId: listPets
      responses: oops
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    A:
      allOf:
        - $ref: '#/components/schemas/B'
    B:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
          properties:
            x: {type: string}
    Cat: {type: object, properties: {kind: {type: string}}}
    Dog: {type: object, properties: {kind: {type: string}}}
    Cow: {type: object, properties: {kind: {type: string}}}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          moo: '#/components/schemas/Cow'
    Level:
      type: String
      enum: [err, Err, ERR, unknown, Unknown, warn]
    Flags:
      type: object
      properties:
        id: {type: string, required: true}
        kind: {type: file}
"##;

#[test]
fn faults_the_model_meets_are_read_too() {
    let krate = generate("model_faults", MODEL_FAULTS);
    krate.warning(
        "#/security/0/apiKey",
        &["not in #/components/securitySchemes", "ignored"],
    );
    krate.warning("#/paths/~1pets/get/responses", &["ignored"]);
    krate.warning("#/components/schemas/B/allOf/0", &["cyclic allOf"]);
    krate.warning(
        "#/components/schemas/Pet/discriminator/mapping/moo",
        &["not one of the members"],
    );
    krate.warning(
        "#/components/schemas/Flags/properties/id/required",
        &["`required: true` on a property"],
    );
    krate.warning(
        "#/components/schemas/Flags/properties/kind/type",
        &["`type: file`", "binary"],
    );
    // `x` reaches both through the cycle's other member.
    krate.assert_has(
        "src/types.rs",
        &[
            "pub struct A",
            "pub struct B",
            "pub x: Option<String>,",
            "pub id: String,",
        ],
    );
    krate.assert_has("src/apis/pets.rs", &["pub fn list(&self) -> ListPets"]);
}

#[test]
fn enum_variants_never_collide_with_associated_items() {
    let krate = generate("model_faults", MODEL_FAULTS);
    // `Self::Err` (FromStr's error type) must stay unambiguous; `Unknown` is
    // the variant every open enum adds.
    krate.assert_has(
        "src/types.rs",
        &[
            "ErrValue,",
            "ErrValue2,",
            "ErrValue3,",
            "Unknown2,",
            "Unknown3,",
            "Warn,",
            "Unknown(String),",
        ],
    );
    krate.assert_lacks("src/types.rs", &["Self::Err =>"]);
}

const DUPLICATE_KEYS: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /a:
    get:
      operationId: first
      responses: {'204': {description: Done.}}
  /a:
    get:
      operationId: second
      responses: {'204': {description: Done.}}
"##;

#[test]
fn a_key_given_twice_keeps_the_last() {
    let krate = generate("duplicates", DUPLICATE_KEYS);
    krate.warning("#/paths/~1a", &["more than once", "last one"]);
    krate.assert_has("src/apis/a.rs", &["pub fn second(&self)"]);
    krate.assert_lacks("src/apis/a.rs", &["pub fn first(&self)"]);
    assert_strict_refuses("duplicates", DUPLICATE_KEYS, "#/paths/~1a");
}

#[test]
fn only_unreadable_text_and_non_openapi_documents_are_refused() {
    use generator::ErrorKind;
    let cases: &[(&str, &str, ErrorKind)] = &[
        ("empty", "  \n", ErrorKind::Unreadable),
        (
            "html",
            "<!DOCTYPE html><html></html>",
            ErrorKind::Unreadable,
        ),
        ("bad_json", "{\"openapi\": ", ErrorKind::Unreadable),
        ("bad_yaml", "openapi: [3.0\n", ErrorKind::Unreadable),
        ("list", "- a\n- b\n", ErrorKind::NotOpenApi),
        (
            "no_version",
            "info: {title: T}\npaths: {}\n",
            ErrorKind::NotOpenApi,
        ),
    ];
    for (name, spec, kind) in cases {
        let err = generated::try_generate(
            name,
            &generator::SpecSource::text(spec),
            &generator::Options::default(),
        )
        .err()
        .unwrap_or_else(|| panic!("`{name}` was accepted"));
        assert_eq!(err.kind, *kind, "`{name}`: {err}");
        assert_eq!(err.location, "#", "`{name}`: {err}");
    }
}

#[test]
fn lenient_crates_compile() {
    let crates: Vec<Crate> = [
        ("template", UNDECLARED_TEMPLATE_VARIABLE),
        ("styles", IMPOSSIBLE_STYLES),
        ("versions", NUMERIC_VERSIONS),
        ("numbers", TUPLES_AND_NUMBERS),
        ("nothing", REFS_TO_NOTHING),
        ("model_faults", MODEL_FAULTS),
        ("duplicates", DUPLICATE_KEYS),
    ]
    .into_iter()
    .map(|(name, spec)| generate(name, spec))
    .collect();
    assert_compile("lenient-check", &crates.iter().collect::<Vec<_>>());
}
