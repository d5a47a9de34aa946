//! `$ref` in every form: JSON pointers into any part of the document (another
//! operation's response, request body or parameter, a discriminator mapping,
//! `$defs`), and references to other files by relative path and by URL, with
//! cycles across files. Each case's crate must compile
//! (`reference_crates_compile`).
//!
//! Run with `cargo test -p integration-tests --test references`.

#[path = "common/generated.rs"]
mod generated;

use std::collections::BTreeMap;

use generated::{Crate, assert_compile, generate, generate_from, try_generate};
use generator::{Location, Options, SpecSource};

const POINTERS_ANYWHERE: &str = r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /users/me:
    put:
      operationId: updateMe
      tags: [users]
      parameters:
        - {name: X-Request-Id, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [name], properties: {name: {type: string}}}
      responses:
        '200':
          description: The user.
          content:
            application/json:
              schema: {type: object, required: [id], properties: {id: {type: string}, name: {type: string}}}
  /users/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    put:
      operationId: updateUser
      tags: [users]
      parameters:
        - $ref: '#/paths/~1users~1me/put/parameters/0'
      requestBody:
        $ref: '#/paths/~1users~1me/put/requestBody'
      responses:
        '200':
          $ref: '#/paths/~1users~1me/put/responses/200'
    get:
      operationId: getUser
      tags: [users]
      responses:
        '200':
          description: The user.
          content:
            application/json:
              schema: {$ref: '#/paths/~1users~1me/put/responses/200/content/application~1json/schema'}
"##;

#[test]
fn pointers_into_other_operations() {
    let krate = generate("pointers", POINTERS_ANYWHERE);
    assert!(krate.warnings.is_empty(), "{:?}", krate.warnings);
    // The referring operation shares the referred operation's types.
    krate.assert_has("src/apis/users.rs", &[
        "pub fn update_me(&self, body: crate::types::UpdateMeRequest) -> UpdateMe",
        "pub fn update(&self, id: impl Into<String>, body: crate::types::UpdateMeRequest) -> UpdateUser",
        "pub fn x_request_id(mut self, value: impl Into<String>) -> Self",
    ]);
    krate.assert_has(
        "src/types.rs",
        &["pub struct UpdateMeRequest", "pub struct UpdateMeResponse"],
    );
    krate.assert_lacks(
        "src/types.rs",
        &[
            "pub struct UpdateUserResponse",
            "pub struct UpdateUserRequest",
        ],
    );
    assert_eq!(
        krate.types().matches("pub name: String,").count(),
        1,
        "one request type"
    );
    // `getUser` names the response schema by where it is.
    krate.assert_has(
        "src/apis/users.rs",
        &["pub fn get(&self, id: impl Into<String>) -> GetUser"],
    );
}

const DEFS_AND_MAPPINGS: &str = r##"
openapi: 3.1.0
info: {title: T, version: "1"}
paths:
  /keepers/{id}:
    get:
      operationId: getKeeper
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: The keeper.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Keeper'}
components:
  schemas:
    Zoo:
      type: object
      $defs:
        Lion: {type: object, properties: {kind: {const: lion}, mane: {type: boolean}}}
        Tiger: {type: object, properties: {kind: {const: tiger}, stripes: {type: integer}}}
      properties:
        animal:
          oneOf:
            - $ref: '#/components/schemas/Zoo/$defs/Lion'
            - $ref: '#/components/schemas/Zoo/$defs/Tiger'
          discriminator:
            propertyName: kind
            mapping:
              lion: '#/components/schemas/Zoo/$defs/Lion'
              big-cat: '#/components/schemas/Zoo/$defs/Tiger'
    Keeper:
      type: object
      properties:
        favourite: {$ref: '#/components/schemas/Zoo/properties/animal'}
"##;

#[test]
fn defs_and_discriminator_mappings_point_anywhere() {
    let krate = generate("defs", DEFS_AND_MAPPINGS);
    assert!(krate.warnings.is_empty(), "{:?}", krate.warnings);
    krate.assert_has(
        "src/types.rs",
        &[
            "pub struct ZooLion",
            "pub mane: Option<bool>,",
            "pub struct ZooTiger",
            "Some(\"lion\") =>",
            "Some(\"big-cat\") =>",
            "pub favourite: Option<ZooAnimal>,",
        ],
    );
}

/// The files of a multi-file spec, served from memory.
fn files() -> BTreeMap<String, String> {
    let files: &[(&str, &str)] = &[
        (
            "/api/openapi.yaml",
            r##"
openapi: 3.0.3
info: {title: Split, version: "1"}
paths:
  /pets:
    $ref: 'paths/pets.yaml'
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema: {$ref: 'schemas/pet.yaml#/Pet'}
        default:
          $ref: 'https://schemas.example.com/common/errors.json#/responses/Problem'
components:
  parameters:
    Limit:
      $ref: 'common.json#/parameters/Limit'
"##,
        ),
        (
            "/api/paths/pets.yaml",
            r##"
get:
  operationId: listPets
  tags: [pets]
  parameters:
    - $ref: '../openapi.yaml#/components/parameters/Limit'
  responses:
    '200':
      description: Pets.
      content:
        application/json:
          schema:
            type: array
            items: {$ref: '../schemas/pet.yaml#/Pet'}
"##,
        ),
        (
            "/api/schemas/pet.yaml",
            r##"
Pet:
  type: object
  required: [name]
  properties:
    name: {type: string}
    owner: {$ref: 'owner.yaml'}
    tags:
      type: array
      items: {$ref: '#/Tag'}
    position:
      type: array
      items: [{type: number}, {type: number}]
Tag: {type: string}
"##,
        ),
        (
            "/api/schemas/owner.yaml",
            r##"
type: object
properties:
  name: {type: string}
  pets:
    type: array
    items: {$ref: 'pet.yaml#/Pet'}
  best:
    $ref: 'pet.yaml#/Pet'
"##,
        ),
        (
            "/api/common.json",
            r#"{"parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32"}}}}"#,
        ),
        (
            "https://schemas.example.com/common/errors.json",
            r#"{"responses": {"Problem": {"description": "A problem.", "content": {"application/json": {"schema": {"$ref": "problem.json"}}}}}}"#,
        ),
        (
            "https://schemas.example.com/common/problem.json",
            r#"{"type": "object", "properties": {"title": {"type": "string"}, "status": {"type": "integer"}}}"#,
        ),
    ];
    files
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect()
}

fn resolver(
    files: &BTreeMap<String, String>,
) -> impl Fn(&Location) -> Result<String, String> + Sync + '_ {
    move |location: &Location| {
        let key = match location {
            Location::File(path) => path.to_string_lossy().into_owned(),
            Location::Url(url) => url.clone(),
        };
        files
            .get(&key)
            .cloned()
            .ok_or_else(|| format!("no such file: {key}"))
    }
}

fn multi_file() -> Crate {
    let files = files();
    let resolver = resolver(&files);
    let root = &files["/api/openapi.yaml"];
    generate_from(
        "multi_file",
        &SpecSource::at(root, "/api/openapi.yaml", &resolver),
    )
}

#[test]
fn files_referred_to_by_relative_path_and_url_are_bundled() {
    let krate = multi_file();
    krate.assert_has(
        "src/types.rs",
        &[
            "pub struct Pet",
            "pub tags: Option<Vec<Tag>>,",
            "pub type Tag = String;",
            "pub struct Owner",
            "pub pets: Option<Vec<Pet>>,",
            // A cycle across files: Pet.owner → Owner.best → Pet.
            "pub owner: Option<Box<Owner>>,",
            "pub best: Option<Box<Pet>>,",
        ],
    );
    krate.assert_has(
        "src/apis/pets.rs",
        &[
            "pub fn list(&self) -> ListPets",
            "pub fn limit(mut self, value: impl Into<i32>) -> Self",
            "pub fn get(&self, id: impl Into<String>) -> GetPet",
        ],
    );
    // A fault inside another file is located in that file.
    krate.warning(
        "schemas/pet.yaml#/Pet/properties/position/items",
        &["tuple"],
    );
}

#[test]
fn generating_from_text_alone_refuses_a_reference_to_another_file() {
    let files = files();
    let err = try_generate(
        "alone",
        &SpecSource::text(&files["/api/openapi.yaml"]),
        &Options::default(),
    )
    .expect_err("refused");
    assert_eq!(err.location, "#/paths/~1pets");
    assert!(
        err.message.contains("another file") && err.message.contains("generate_from"),
        "{err}"
    );
}

#[test]
fn a_missing_file_is_refused_and_a_missing_part_read_as_nothing() {
    let mut files = files();
    files.remove("/api/common.json");
    let resolver = resolver(&files);
    let root = files["/api/openapi.yaml"].clone();
    let err = try_generate(
        "missing_file",
        &SpecSource::at(&root, "/api/openapi.yaml", &resolver),
        &Options::default(),
    )
    .expect_err("refused");
    assert_eq!(err.location, "#/components/parameters/Limit");
    assert!(
        err.message.contains("cannot read") && err.message.contains("common.json"),
        "{err}"
    );

    let mut files = self::files();
    files.insert("/api/common.json".into(), r#"{"parameters": {}}"#.into());
    let resolver = self::resolver(&files);
    let krate = generate_from(
        "missing_part",
        &SpecSource::at(&root, "/api/openapi.yaml", &resolver),
    );
    krate.warning(
        "#/components/parameters/Limit",
        &[
            "`$ref: common.json#/parameters/Limit` points at nothing",
            "ignored",
        ],
    );
    krate.assert_lacks("src/apis/pets.rs", &["fn limit("]);
}

#[test]
fn strict_refuses_a_multi_file_spec_with_warnings() {
    let files = files();
    let resolver = resolver(&files);
    let root = &files["/api/openapi.yaml"];
    let err = try_generate(
        "strict",
        &SpecSource::at(root, "/api/openapi.yaml", &resolver),
        &Options { strict: true },
    )
    .expect_err("refused");
    assert_eq!(
        err.location,
        "schemas/pet.yaml#/Pet/properties/position/items"
    );
}

#[test]
fn a_bundled_spec_is_one_document_that_generates_alike() {
    let files = files();
    let resolver = resolver(&files);
    let root = &files["/api/openapi.yaml"];
    let bundled = generator::bundle(
        &SpecSource::at(root, "/api/openapi.yaml", &resolver),
        &Options::default(),
    )
    .expect("bundles");
    assert!(
        !bundled.spec.contains(".yaml") && !bundled.spec.contains("example.com/common"),
        "{}",
        bundled.spec
    );
    let from_bundle = generate("bundled", &bundled.spec);
    let direct = multi_file();
    // The same types and fields; canonical JSON sorts properties by name.
    let sorted = |text: &str| {
        let mut lines: Vec<String> = text
            .lines()
            .map(|line| line.trim().to_owned())
            .filter(|line| line.starts_with("pub ") || line.starts_with("///"))
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(sorted(from_bundle.types()), sorted(direct.types()));
}

#[test]
fn reference_crates_compile() {
    let crates = [
        generate("pointers", POINTERS_ANYWHERE),
        generate("defs", DEFS_AND_MAPPINGS),
        multi_file(),
    ];
    assert_compile("references-check", &crates.iter().collect::<Vec<_>>());
}
