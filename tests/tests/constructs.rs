//! The generator on small inline specs, one test per OpenAPI construct.
//!
//! Each test generates a crate from one spec in [`CONSTRUCTS`] and asserts
//! snippets of the emitted Rust (`src/types.rs`, `src/apis/*.rs`). Inputs
//! that cannot be read ([`REFUSED`]) must come back as an `Err` located by a
//! JSON pointer — never a panic; faults with one sane reading
//! ([`READ_LENIENTLY`]) generate, with a located warning (more in `lenient.rs`).
//! [`all_construct_specs_compile`] then checks
//! that every generated crate compiles (one throwaway cargo workspace under
//! `target/construct-check/`, built once and cached between runs).
//!
//! Snippet assertions compare with all whitespace removed, so they do not
//! depend on how `prettyplease` breaks lines.
//!
//! Run with `cargo test -p integration-tests --test constructs`.
//! Set `CONSTRUCTS_CLIPPY=0` to skip the clippy pass of the compile test.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;

// ---------------------------------------------------------------------------
// The specs
// ---------------------------------------------------------------------------

/// One construct: a small spec that must generate a crate that compiles.
struct Construct {
    name: &'static str,
    /// `generator.toml` text, for constructs that need per-API conventions.
    config: Option<&'static str>,
    spec: &'static str,
}

/// One input the generator must refuse, and where it must say the problem is.
struct Refused {
    name: &'static str,
    spec: &'static str,
    /// The JSON pointer the error must carry.
    location: &'static str,
    /// Words the message must contain (case-insensitive).
    message_contains: &'static [&'static str],
}

/// Every valid construct. Per-construct tests and the compile test both read
/// this list, so what is asserted is what is compiled.
const CONSTRUCTS: &[Construct] = &[
    Construct {
        name: "refs",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Refs, version: "1.0"}
paths:
  /pets/{petId}/owner:
    get:
      operationId: getPetOwner
      tags: [pets]
      parameters:
        - name: petId
          in: path
          required: true
          schema: {$ref: '#/components/parameters/PetId/schema'}
      responses:
        '200':
          description: The owner.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Owner'}
  /pets/{petId}:
    parameters:
      - $ref: '#/components/parameters/PetId'
    put:
      operationId: updatePet
      tags: [pets]
      parameters:
        - $ref: '#/components/parameters/Limit'
      requestBody:
        $ref: '#/components/requestBodies/PetBody'
      responses:
        '200':
          $ref: '#/components/responses/PetResponse'
        '404':
          $ref: '#/components/responses/NotFound'
components:
  parameters:
    PetId:
      name: petId
      in: path
      required: true
      schema: {type: string, format: uuid}
    Limit:
      name: limit
      in: query
      schema: {$ref: '#/components/schemas/Limit'}
  requestBodies:
    PetBody:
      required: true
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Pet'}
  responses:
    PetResponse:
      description: The pet.
      headers:
        X-Rate-Limit: {$ref: '#/components/headers/RateLimit'}
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Pet'}
    NotFound:
      description: No such pet.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Problem'}
  headers:
    RateLimit:
      description: Requests left.
      schema: {type: integer}
  schemas:
    Limit: {type: integer, format: int32}
    Tag: {type: string}
    Owner:
      type: object
      properties:
        name: {type: string}
    Pet:
      type: object
      required: [id, owner]
      properties:
        id: {type: string}
        owner: {$ref: '#/components/schemas/Owner'}
        tags:
          type: array
          items: {$ref: '#/components/schemas/Tag'}
        status:
          type: string
          enum: [available, sold]
        previousStatus: {$ref: '#/components/schemas/Pet/properties/status'}
    Problem:
      type: object
      properties:
        detail: {type: string}
"##,
    },
    Construct {
        name: "all_of",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: AllOf, version: "1.0"}
paths:
  /things:
    post:
      operationId: createThing
      tags: [things]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Extended'}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Extended'}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string}
        createdAt: {type: string, format: date-time}
    Extended:
      description: A base with a name.
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name]
          properties:
            name: {type: string}
            note: {type: string}
    Holder:
      type: object
      properties:
        base:
          description: A single-member allOf only attaches a description.
          allOf:
            - $ref: '#/components/schemas/Base'
"##,
    },
    Construct {
        name: "one_of_untagged",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Unions, version: "1.0"}
paths:
  /pets:
    get:
      operationId: getPet
      tags: [pets]
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Cat:
      type: object
      required: [meow]
      properties:
        meow: {type: boolean}
    Dog:
      type: object
      required: [bark]
      properties:
        bark: {type: string}
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
    IdOrName:
      anyOf:
        - {type: integer, format: int64}
        - {type: string}
    Owner:
      type: object
      properties:
        pet:
          oneOf:
            - $ref: '#/components/schemas/Cat'
            - type: object
              title: Fish
              properties:
                fins: {type: integer}
"##,
    },
    Construct {
        name: "discriminator",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Shapes, version: "1.0"}
paths:
  /shapes:
    get:
      operationId: listShapes
      tags: [shapes]
      responses:
        '200':
          description: Shapes.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Shape'}
components:
  schemas:
    Shape:
      oneOf:
        - $ref: '#/components/schemas/Circle'
        - $ref: '#/components/schemas/Square'
        - $ref: '#/components/schemas/Triangle'
      discriminator:
        propertyName: kind
        mapping:
          circle: '#/components/schemas/Circle'
          sq: Square
    Circle:
      type: object
      required: [kind, radius]
      properties:
        kind: {type: string}
        radius: {type: number, format: double}
    Square:
      type: object
      required: [kind, side]
      properties:
        kind: {type: string}
        side: {type: number, format: double}
    Triangle:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        base: {type: number}
"##,
    },
    Construct {
        name: "nullable",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Nullable, version: "1.0"}
paths:
  /profile:
    patch:
      operationId: updateProfile
      tags: [profile]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Profile'}
      responses:
        '204':
          description: Saved.
components:
  schemas:
    Person:
      type: object
      properties:
        name: {type: string}
    Profile:
      type: object
      required: [name, nickname, boss]
      properties:
        name: {type: string}
        nickname: {type: string, nullable: true}
        bio: {type: string, nullable: true}
        age: {type: integer, format: int32}
        boss:
          nullable: true
          allOf:
            - $ref: '#/components/schemas/Person'
        manager:
          nullable: true
          allOf:
            - $ref: '#/components/schemas/Person'
"##,
    },
    Construct {
        name: "additional_properties",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Maps, version: "1.0"}
paths:
  /labels:
    get:
      operationId: getLabels
      tags: [labels]
      responses:
        '200':
          description: Labels.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Labels'}
components:
  schemas:
    Labels:
      type: object
      additionalProperties: {type: string}
    Item:
      type: object
      properties:
        id: {type: string}
    Counts:
      type: object
      required: [byDay]
      properties:
        byDay:
          type: object
          additionalProperties: {type: integer, format: int64}
        items:
          type: object
          additionalProperties: {$ref: '#/components/schemas/Item'}
        points:
          type: object
          additionalProperties:
            type: object
            properties:
              x: {type: integer}
        anything: {type: object}
        anyValue:
          type: object
          additionalProperties: true
    Extra:
      description: Known properties plus arbitrary string-valued ones.
      type: object
      required: [id]
      properties:
        id: {type: string}
      additionalProperties: {type: string}
"##,
    },
    Construct {
        name: "recursive",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Recursive, version: "1.0"}
paths:
  /tree:
    get:
      operationId: getTree
      tags: [tree]
      responses:
        '200':
          description: The tree.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      required: [value]
      properties:
        value: {type: integer}
        next: {$ref: '#/components/schemas/Node'}
        children:
          type: array
          items: {$ref: '#/components/schemas/Node'}
    A:
      type: object
      properties:
        b: {$ref: '#/components/schemas/B'}
    B:
      type: object
      required: [a]
      properties:
        a: {$ref: '#/components/schemas/A'}
    Expr:
      oneOf:
        - $ref: '#/components/schemas/Literal'
        - $ref: '#/components/schemas/Negation'
    Literal:
      type: object
      required: [value]
      properties:
        value: {type: number}
    Negation:
      type: object
      required: [operand]
      properties:
        operand: {$ref: '#/components/schemas/Expr'}
"##,
    },
    Construct {
        name: "string_enum",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Enums, version: "1.0"}
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - name: status
          in: query
          schema: {$ref: '#/components/schemas/Status'}
        - name: order
          in: query
          schema:
            type: string
            enum: [asc, desc]
      responses:
        '200':
          description: Items.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Status'}
components:
  schemas:
    Status:
      type: string
      enum: [active, inactive, pending_review]
    Awkward:
      type: string
      enum: ["+1", "-1", "", "foo bar", "1d", "foo-bar", "FOO_BAR", "Unknown", "self", "a.b", "a/b"]
"##,
    },
    Construct {
        name: "numeric_formats",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Numbers, version: "1.0"}
paths:
  /numbers:
    get:
      operationId: getNumbers
      tags: [numbers]
      parameters:
        - {name: small, in: query, schema: {type: integer, format: int32}}
        - {name: ratio, in: query, schema: {type: number, format: float}}
      responses:
        '200':
          description: Numbers.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Numbers'}
components:
  schemas:
    Numbers:
      type: object
      required: [i32Field, i64Field, f32Field, f64Field, plainInteger, plainNumber]
      properties:
        i32Field: {type: integer, format: int32}
        i64Field: {type: integer, format: int64}
        f32Field: {type: number, format: float}
        f64Field: {type: number, format: double}
        plainInteger: {type: integer}
        plainNumber: {type: number}
        priority: {$ref: '#/components/schemas/Priority'}
    Priority:
      type: integer
      format: int32
      enum: [1, 2, 3]
"##,
    },
    Construct {
        name: "string_formats",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Formats, version: "1.0"}
paths:
  /events/{eventId}:
    get:
      operationId: getEvent
      tags: [events]
      parameters:
        - {name: eventId, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: since, in: query, schema: {type: string, format: date-time}}
        - {name: day, in: query, schema: {type: string, format: date}}
      responses:
        '200':
          description: The event.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Event'}
components:
  schemas:
    Event:
      type: object
      required: [id, at, day, blob, encoded, email]
      properties:
        id: {type: string, format: uuid}
        at: {type: string, format: date-time}
        day: {type: string, format: date}
        blob: {type: string, format: binary}
        encoded: {type: string, format: byte}
        email: {type: string, format: email}
"##,
    },
    Construct {
        name: "required_optional",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Required, version: "1.0"}
paths:
  /items:
    post:
      operationId: createItem
      tags: [items]
      parameters:
        - {name: dryRun, in: query, required: true, schema: {type: boolean}}
        - {name: trace, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Item'}
    put:
      operationId: replaceItems
      tags: [items]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Item'}
      responses:
        '204':
          description: Replaced.
components:
  schemas:
    Item:
      type: object
      required: [id, ghost]
      properties:
        id: {type: string}
        note: {type: string}
    AllOptional:
      type: object
      properties:
        a: {type: string}
        b: {type: integer}
"##,
    },
    Construct {
        // Field names a written-out serde impl uses for its own locals, and a
        // deprecated field.
        name: "serde_impl_names",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Serde impl names, version: "1.0"}
paths:
  /things:
    post:
      operationId: createThing
      tags: [things]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      required: [map, index]
      properties:
        map: {type: string}
        index: {type: integer}
        object: {type: string}
        serializer: {type: string}
        old: {type: string, deprecated: true}
"##,
    },
    Construct {
        name: "defaults",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Defaults, version: "1.0"}
paths:
  /items:
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - name: limit
          in: query
          description: Page size.
          schema: {type: integer, format: int32, default: 50}
      responses:
        '200':
          description: Settings.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Settings'}
components:
  schemas:
    Settings:
      type: object
      properties:
        pageSize:
          type: integer
          description: Items per page.
          default: 20
        mode:
          type: string
          default: fast
        flags:
          type: array
          items: {type: string}
          default: [a, b]
"##,
    },
    Construct {
        name: "inline_names",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Inline, version: "1.0"}
paths:
  /listings:
    get:
      operationId: listListings
      tags: [Listings]
      parameters:
        - name: sort
          in: query
          schema:
            type: string
            enum: [newest, oldest]
      responses:
        '200':
          description: A page of listings.
          content:
            application/json:
              schema:
                type: object
                required: [items]
                properties:
                  items:
                    type: array
                    items: {$ref: '#/components/schemas/Listing'}
                  meta:
                    type: object
                    properties:
                      total: {type: integer}
    post:
      operationId: createListing
      tags: [Listings]
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [title]
              properties:
                title: {type: string}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Listing'}
components:
  schemas:
    Listing:
      type: object
      required: [status]
      properties:
        status:
          type: string
          enum: [draft, published]
        address:
          type: object
          properties:
            city: {type: string}
        photos:
          type: array
          items:
            type: object
            properties:
              url: {type: string}
        kind:
          type: string
          enum: [house, flat]
    ListingKind:
      description: A component that already uses the name an inline schema would get.
      type: object
      properties:
        label: {type: string}
"##,
    },
    Construct {
        name: "awkward_names",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Names, version: "1.0"}
paths:
  /things/{type}:
    get:
      operationId: match
      tags: [self]
      parameters:
        - {name: type, in: path, required: true, schema: {type: string}}
        - {name: self, in: query, schema: {type: string}}
        - {name: 2fa, in: query, schema: {type: boolean}}
        - {name: send, in: query, schema: {type: string}}
        - {name: X-Request-ID, in: header, schema: {type: string}}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
  /search/{id}:
    get:
      operationId: search
      tags: [search]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: id, in: query, schema: {type: integer}}
      responses:
        '204': {description: Done.}
  /client:
    get:
      operationId: client
      tags: [misc]
      responses:
        '204': {description: Done.}
  /response:
    get:
      operationId: response
      tags: [misc]
      responses:
        '204': {description: Done.}
  /error:
    get:
      operationId: error
      tags: [misc]
      responses:
        '204': {description: Done.}
  /operation:
    get:
      operationId: operation
      tags: [misc]
      responses:
        '204': {description: Done.}
components:
  schemas:
    Thing:
      type: object
      required: [type, self, match, 2fa, fooBar, foo_bar]
      properties:
        type: {type: string}
        self: {type: string}
        match: {type: string}
        2fa: {type: boolean}
        fooBar: {type: string}
        foo_bar: {type: string}
        crate: {type: string}
    Foo-Bar:
      type: object
      properties:
        dash: {type: string}
    FooBar:
      type: object
      properties:
        plain: {type: string}
    type:
      type: string
    Self:
      type: object
      properties:
        x: {type: string}
    Result:
      type: object
      properties:
        ok: {type: boolean}
    2fa:
      type: object
      properties:
        code: {type: string}
"##,
    },
    Construct {
        name: "prelude_names",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Prelude, version: "1.0"}
paths:
  /result:
    get:
      operationId: result
      tags: [prelude]
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses:
        '200':
          description: A result.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Error'}
  /default:
    post:
      operationId: default
      tags: [prelude]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/From'}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Value'}
        '202':
          description: Accepted.
  /option:
    get:
      operationId: option
      tags: [prelude]
      parameters:
        - {name: tags, in: query, schema: {type: array, items: {type: string}}}
      responses:
        '204': {description: Done.}
  /some/{id}:
    put:
      operationId: some
      tags: [prelude]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
      responses:
        '204': {description: Done.}
  /into:
    get:
      operationId: into
      tags: [prelude]
      parameters:
        - {name: name, in: query, required: true, schema: {type: string}}
      responses:
        '204': {description: Done.}
  /string:
    get:
      operationId: string
      tags: [prelude]
      responses:
        '200':
          description: Text.
          content:
            text/plain:
              schema: {type: string}
  /vec:
    get:
      operationId: vec
      tags: [prelude]
      responses:
        '200':
          description: Bytes.
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
components:
  schemas:
    Error:
      type: object
      properties:
        message: {type: string}
    Value:
      type: object
      properties:
        v: {type: string}
    From:
      type: object
      properties:
        kind: {$ref: '#/components/schemas/Default'}
    Default:
      type: string
      enum: [a, b]
    Clone:
      type: object
      properties:
        copy: {$ref: '#/components/schemas/Some'}
    Some:
      oneOf:
        - $ref: '#/components/schemas/Ok'
        - $ref: '#/components/schemas/Into'
      discriminator:
        propertyName: t
    Ok:
      type: object
      properties:
        t: {type: string}
    Into:
      type: object
      properties:
        t: {type: string}
    Serialize:
      type: object
      properties:
        bio: {type: string, nullable: true}
"##,
    },
    Construct {
        name: "no_operation_id",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Anonymous, version: "1.0"}
paths:
  /pets:
    get:
      responses:
        '200':
          description: Pets.
          content:
            application/json:
              schema:
                type: array
                items: {type: string}
    post:
      responses:
        '204': {description: Created.}
  /pets/{id}/photos:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: Photos.
          content:
            application/json:
              schema:
                type: object
                properties:
                  urls:
                    type: array
                    items: {type: string}
"##,
    },
    Construct {
        name: "several_responses",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Jobs, version: "1.0"}
paths:
  /jobs:
    post:
      operationId: createJob
      tags: [jobs]
      responses:
        '200':
          description: An identical job already exists.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Job'}
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/JobCreated'}
        '202':
          description: Queued.
        '400':
          description: Bad request.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
        '5XX':
          description: Server error.
  /jobs/{id}:
    put:
      operationId: putJob
      tags: [jobs]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: Replaced.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Job'}
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Job'}
        '404':
          description: Not found.
components:
  schemas:
    Job:
      type: object
      required: [id]
      properties:
        id: {type: string}
    JobCreated:
      type: object
      required: [id, location]
      properties:
        id: {type: string}
        location: {type: string}
    Problem:
      type: object
      properties:
        detail: {type: string}
"##,
    },
    Construct {
        name: "default_response",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Defaults, version: "1.0"}
paths:
  /ping:
    get:
      operationId: ping
      tags: [health]
      responses:
        default:
          description: Whatever the server says.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pong'}
  /ranged:
    get:
      operationId: getRanged
      tags: [health]
      responses:
        '2XX':
          description: Some success.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Status'}
        '4XX':
          description: Some failure.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
  /status:
    get:
      operationId: getStatus
      tags: [health]
      responses:
        '200':
          description: Healthy.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Status'}
        default:
          description: An error.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
components:
  schemas:
    Pong:
      type: object
      properties:
        at: {type: string}
    Status:
      type: object
      properties:
        ok: {type: boolean}
    Problem:
      type: object
      properties:
        detail: {type: string}
"##,
    },
    Construct {
        name: "non_json_bodies",
        config: None,
        spec: r##"
openapi: 3.0.3
info: {title: Bodies, version: "1.0"}
paths:
  /login:
    post:
      operationId: login
      tags: [bodies]
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              required: [username, password]
              properties:
                username: {type: string}
                password: {type: string}
      responses:
        '204': {description: Logged in.}
  /upload:
    post:
      operationId: upload
      tags: [bodies]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                caption: {type: string}
                count: {type: integer}
      responses:
        '204': {description: Uploaded.}
  /blob:
    put:
      operationId: putBlob
      tags: [bodies]
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses:
        '200':
          description: The stored bytes.
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
  /note:
    put:
      operationId: putNote
      tags: [bodies]
      requestBody:
        required: true
        content:
          text/plain:
            schema: {type: string}
      responses:
        '200':
          description: The note as stored.
          content:
            text/plain:
              schema: {type: string}
"##,
    },
    Construct {
        name: "openapi_31",
        config: None,
        spec: r##"{
  "openapi": "3.1.0",
  "info": {"title": "ThreeOne", "version": "1.0", "license": {"name": "MIT", "identifier": "MIT"}},
  "paths": {
    "/pets": {
      "get": {
        "operationId": "listPets",
        "tags": ["pets"],
        "responses": {
          "200": {
            "description": "Pets.",
            "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}
          }
        }
      }
    }
  },
  "webhooks": {
    "newPet": {"post": {"responses": {"200": {"description": "ok"}}}}
  },
  "components": {
    "schemas": {
      "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
      "Pet": {
        "type": "object",
        "required": ["name", "nickname", "kind"],
        "properties": {
          "name": {"type": "string"},
          "nickname": {"type": ["string", "null"]},
          "age": {"type": ["integer", "null"], "format": "int32"},
          "kind": {"const": "pet"},
          "owner": {"anyOf": [{"$ref": "#/components/schemas/Owner"}, {"type": "null"}]},
          "weight": {"type": "number", "exclusiveMinimum": 0, "examples": [1.5]}
        }
      }
    }
  }
}"##,
    },
    Construct {
        name: "conventions",
        config: Some(
            r#"
[envelope]
data = "data"
timestamp = "timestamp"

[pagination]
page_param = "page"
limit_param = "limit"
meta = "meta"
has_more = "hasMore"
"#,
        ),
        spec: r##"
openapi: 3.0.3
info: {title: Conventions, version: "1.0"}
paths:
  /notes:
    get:
      operationId: listNotes
      tags: [notes]
      parameters:
        - {name: page, in: query, schema: {type: integer, format: int32}}
        - {name: limit, in: query, schema: {type: integer, format: int32}}
      responses:
        '200':
          description: A page of notes.
          content:
            application/json:
              schema:
                type: object
                required: [success, data]
                properties:
                  success: {type: boolean}
                  timestamp: {type: string, format: date-time}
                  data: {$ref: '#/components/schemas/NotePage'}
components:
  schemas:
    Note:
      type: object
      required: [id]
      properties:
        id: {type: string}
    NotePage:
      type: object
      required: [notes, meta]
      properties:
        notes:
          type: array
          items: {$ref: '#/components/schemas/Note'}
        meta:
          type: object
          required: [hasMore]
          properties:
            hasMore: {type: boolean}
            page: {type: integer}
"##,
    },
];

/// Inputs the generator must refuse with a located error: text that is not
/// JSON/YAML, documents that are not OpenAPI, and a reference to another file
/// when only the text was given.
const REFUSED: &[Refused] = &[
    Refused {
        name: "missing_version",
        spec: "info: {title: T, version: '1'}\npaths: {}\n",
        location: "#",
        message_contains: &["openapi"],
    },
    Refused {
        name: "invalid_json",
        spec: "{\"openapi\": \"3.0.3\",\n  \"info\": {\"title\": \"T\", \"version\": \"1\"},\n  \"paths\": {\n",
        location: "#",
        message_contains: &["invalid json", "line"],
    },
    Refused {
        name: "invalid_yaml",
        spec: "openapi: 3.0.3\ninfo: [unclosed\n",
        location: "#",
        message_contains: &["yaml"],
    },
    Refused {
        name: "html_page",
        spec: "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>\n",
        location: "#",
        message_contains: &["html"],
    },
    Refused {
        name: "empty_document",
        spec: "  \n",
        location: "#",
        message_contains: &["empty"],
    },
    Refused {
        name: "not_an_object",
        spec: "- openapi\n- 3.0.3\n",
        location: "#",
        message_contains: &["object"],
    },
    Refused {
        name: "external_ref",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: Pets.
          content:
            application/json:
              schema: {$ref: 'other.yaml#/Pet'}
"##,
        location: "#/paths/~1pets/get/responses/200/content/application~1json/schema",
        message_contains: &["another file", "generate_from"],
    },
];

/// Faults with one sane reading (once refused): each must generate, with a
/// warning at `location` whose message contains the words.
const READ_LENIENTLY: &[Refused] = &[
    Refused {
        name: "version_not_a_string",
        spec: r#"{"openapi": 3.0, "info": {"title": "T", "version": "1"}, "paths": {}}"#,
        location: "#/openapi",
        message_contains: &["number"],
    },
    Refused {
        name: "wrong_shape",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      responses: oops
"##,
        location: "#/paths/~1pets/get/responses",
        message_contains: &["ignored"],
    },
    Refused {
        name: "missing_schema_in_response",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: Pets.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
components:
  schemas:
    Pet: {type: object}
"##,
        location: "#/paths/~1pets/get/responses/200/content/application~1json/schema",
        message_contains: &["#/components/schemas/Missing", "points at nothing"],
    },
    Refused {
        name: "missing_schema_in_response_items",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: Pets.
          content:
            application/json:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Missing'}
"##,
        location: "#/paths/~1pets/get/responses/200/content/application~1json/schema/items",
        message_contains: &["#/components/schemas/Missing"],
    },
    Refused {
        name: "missing_schema_in_property",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      type: object
      properties:
        owner: {$ref: '#/components/schemas/Owner'}
"##,
        location: "#/components/schemas/Pet/properties/owner",
        message_contains: &["#/components/schemas/Owner"],
    },
    Refused {
        name: "missing_schema_in_all_of",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      allOf:
        - $ref: '#/components/schemas/Animal'
        - type: object
          properties:
            name: {type: string}
"##,
        location: "#/components/schemas/Pet/allOf/0",
        message_contains: &["#/components/schemas/Animal"],
    },
    Refused {
        name: "missing_parameter_ref",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - $ref: '#/components/parameters/Missing'
      responses:
        '204': {description: Done.}
"##,
        location: "#/paths/~1pets/get/parameters/1",
        message_contains: &["#/components/parameters/Missing", "ignored"],
    },
    Refused {
        name: "missing_response_ref",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          $ref: '#/components/responses/Missing'
"##,
        location: "#/paths/~1pets/get/responses/200",
        message_contains: &["#/components/responses/Missing"],
    },
    Refused {
        name: "missing_request_body_ref",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    post:
      operationId: createPet
      requestBody:
        $ref: '#/components/requestBodies/Missing'
      responses:
        '204': {description: Done.}
"##,
        location: "#/paths/~1pets/post/requestBody",
        message_contains: &["#/components/requestBodies/Missing"],
    },
    Refused {
        name: "path_template_without_parameter",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      responses:
        '204': {description: Done.}
"##,
        location: "#/paths/~1pets~1{id}/get",
        message_contains: &["{id}", "string"],
    },
    Refused {
        name: "path_parameter_not_in_template",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: Done.}
"##,
        location: "#/paths/~1pets/get/parameters/0/name",
        message_contains: &["`id`", "/pets"],
    },
    Refused {
        name: "unknown_security_scheme",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
security:
  - apiKey: []
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '204': {description: Done.}
"##,
        location: "#/security/0/apiKey",
        message_contains: &["apiKey", "securitySchemes"],
    },
    Refused {
        name: "discriminator_mapping_to_non_member",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
  schemas:
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
"##,
        location: "#/components/schemas/Pet/discriminator/mapping/moo",
        message_contains: &["#/components/schemas/Cow"],
    },
    Refused {
        name: "cyclic_all_of",
        spec: r##"
openapi: 3.0.3
info: {title: T, version: "1"}
paths: {}
components:
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
"##,
        location: "#/components/schemas/B/allOf/0",
        message_contains: &["cycl"],
    },
];

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn construct(name: &str) -> &'static Construct {
    CONSTRUCTS
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no construct named `{name}` in CONSTRUCTS"))
}

fn refused(name: &str) -> &'static Refused {
    REFUSED
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no input named `{name}` in REFUSED"))
}

/// The crate name a construct's generated crate gets: unique per construct.
fn crate_name(construct: &str) -> String {
    format!("construct-{}", construct.replace('_', "-"))
}

fn config_of(construct: &Construct) -> generator::Config {
    let mut config = match construct.config {
        Some(text) => generator::Config::from_toml(text, "generator.toml")
            .unwrap_or_else(|err| panic!("construct `{}`: bad config: {err}", construct.name)),
        None => generator::Config::default(),
    };
    config.package.name = crate_name(construct.name);
    config
}

/// Calls the generator, turning a panic into a test failure that names the spec.
fn run_generator(
    name: &str,
    spec: &str,
    config: &generator::Config,
) -> Result<generator::Generated, generator::Error> {
    match catch_unwind(AssertUnwindSafe(|| generator::generate(spec, config))) {
        Ok(result) => result,
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "<non-string panic payload>".to_owned());
            panic!(
                "the generator PANICKED on spec `{name}` (it must return an Err instead): {message}"
            )
        }
    }
}

/// The generated crate of one construct.
struct Crate {
    name: &'static str,
    files: BTreeMap<String, String>,
    /// `src/types.rs` and the files of `src/types/` (which of them a type
    /// lands in depends on its groups): what `file("src/types.rs")` reads.
    types_module: String,
}

impl Crate {
    #[track_caller]
    fn file(&self, path: &str) -> &str {
        if path == "src/types.rs" {
            return &self.types_module;
        }
        self.files.get(path).map(String::as_str).unwrap_or_else(|| {
            panic!(
                "construct `{}`: no generated file `{path}`; files: {:?}",
                self.name,
                self.files.keys().collect::<Vec<_>>()
            )
        })
    }

    fn types(&self) -> &str {
        self.file("src/types.rs")
    }

    /// `src/apis/<group>.rs`.
    fn group(&self, group: &str) -> &str {
        self.file(&format!("src/apis/{group}.rs"))
    }

    /// The item (struct, enum, impl, fn …) whose text starts with `header`
    /// (whitespace-insensitive), through its closing brace or semicolon.
    #[track_caller]
    fn item(&self, path: &str, header: &str) -> String {
        let text = self.file(path);
        match find_item(text, header) {
            Some(item) => item,
            None => panic!(
                "construct `{}`: `{path}` has no item starting with `{header}`.\n--- {path} ---\n{text}",
                self.name
            ),
        }
    }

    #[track_caller]
    fn type_item(&self, header: &str) -> String {
        self.item("src/types.rs", header)
    }

    /// The written-out `Serialize` and `Deserialize` (`runtime::de::Object`) of
    /// the model `name`: where its JSON names and optionality now show.
    #[track_caller]
    fn serde_impls(&self, name: &str) -> String {
        let serialize = self.type_item(&format!("impl serde::Serialize for {name} {{"));
        let deserialize = self.type_item(&format!("impl crate::runtime::de::Object for {name} {{"));
        format!("{serialize}\n{deserialize}")
    }

    /// Asserts that the file contains every snippet (whitespace-insensitive).
    #[track_caller]
    fn assert_file_has(&self, path: &str, snippets: &[&str]) {
        assert_contains(self.name, path, self.file(path), snippets);
    }

    #[track_caller]
    fn assert_file_lacks(&self, path: &str, snippets: &[&str]) {
        assert_lacks(self.name, path, self.file(path), snippets);
    }
}

/// `text` without whitespace and without trailing commas (`f(a,)` → `f(a)`),
/// so snippets do not depend on how `prettyplease` breaks lines.
fn squash(text: &str) -> String {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .replace(",)", ")")
        .replace(",>", ">")
        .replace(",]", "]")
        .replace(",}", "}")
}

/// A snippet as searched for: squashed, and without a final comma (the last
/// field or argument of a list has none once squashed).
fn needle(snippet: &str) -> String {
    squash(snippet).trim_end_matches(',').to_owned()
}

#[track_caller]
fn assert_contains(construct: &str, what: &str, text: &str, snippets: &[&str]) {
    let squashed = squash(text);
    let missing: Vec<&&str> = snippets
        .iter()
        .filter(|s| !squashed.contains(&needle(s)))
        .collect();
    assert!(
        missing.is_empty(),
        "construct `{construct}`: {what} lacks {missing:#?}\n--- {what} ---\n{text}"
    );
}

#[track_caller]
fn assert_lacks(construct: &str, what: &str, text: &str, snippets: &[&str]) {
    let squashed = squash(text);
    let present: Vec<&&str> = snippets
        .iter()
        .filter(|s| squashed.contains(&needle(s)))
        .collect();
    assert!(
        present.is_empty(),
        "construct `{construct}`: {what} should not contain {present:#?}\n--- {what} ---\n{text}"
    );
}

/// Finds an item by its (whitespace-insensitive) header, preceded only by
/// the start of a line's indentation, and returns it through its closing
/// brace (or `;` for a brace-less item). Braces inside string and char
/// literals are skipped.
fn find_item(text: &str, header: &str) -> Option<String> {
    let wanted = squash(header);
    let bytes: Vec<char> = text.chars().collect();
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end = bytes[line_start..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(bytes.len(), |p| line_start + p);
        let rest: String = bytes[line_start..].iter().collect();
        if squash(&rest).starts_with(&wanted)
            && !bytes[line_start..line_end]
                .iter()
                .all(|c| c.is_whitespace())
        {
            // Walk to the end of the item.
            let mut depth = 0i32;
            let mut in_string = false;
            let mut escaped = false;
            for (offset, &ch) in bytes[line_start..].iter().enumerate() {
                if in_string {
                    match ch {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => in_string = false,
                        _ => {}
                    }
                    continue;
                }
                match ch {
                    '"' => in_string = true,
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(bytes[line_start..=line_start + offset].iter().collect());
                        }
                    }
                    ';' if depth == 0 => {
                        return Some(bytes[line_start..=line_start + offset].iter().collect());
                    }
                    _ => {}
                }
            }
            return Some(rest);
        }
        line_start = line_end + 1;
    }
    None
}

#[track_caller]
fn assert_item_has(krate: &Crate, path: &str, header: &str, snippets: &[&str]) {
    let item = krate.item(path, header);
    assert_contains(
        krate.name,
        &format!("`{header}` in {path}"),
        &item,
        snippets,
    );
}

#[track_caller]
fn assert_item_lacks(krate: &Crate, path: &str, header: &str, snippets: &[&str]) {
    let item = krate.item(path, header);
    assert_lacks(
        krate.name,
        &format!("`{header}` in {path}"),
        &item,
        snippets,
    );
}

/// Generates a construct's crate; fails the test (naming the spec) on an
/// error or a panic.
#[track_caller]
fn generate(name: &str) -> Crate {
    let construct = construct(name);
    let config = config_of(construct);
    match run_generator(name, construct.spec, &config) {
        Ok(generated) => {
            let mut files = BTreeMap::new();
            for file in generated.files {
                assert!(
                    files.insert(file.path.clone(), file.contents).is_none(),
                    "construct `{name}`: the generator emitted `{}` twice",
                    file.path
                );
            }
            let types_module = files
                .iter()
                .filter(|(path, _)| *path == "src/types.rs" || path.starts_with("src/types/"))
                .map(|(_, contents)| contents.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            Crate {
                name: construct.name,
                files,
                types_module,
            }
        }
        Err(err) => panic!("construct `{name}`: the generator refused a valid spec: {err}"),
    }
}

/// Runs a refused input; fails unless it is an `Err` at the expected pointer.
#[track_caller]
fn assert_refused(name: &str) -> generator::Error {
    let input = refused(name);
    let config = generator::Config::named(&format!("refused-{}", name.replace('_', "-")));
    match run_generator(name, input.spec, &config) {
        Ok(_) => panic!(
            "input `{name}`: the generator accepted it; it must be refused at {}",
            input.location
        ),
        Err(err) => {
            assert_eq!(
                err.location, input.location,
                "input `{name}`: error at the wrong place (message: {})",
                err.message
            );
            let message = err.message.to_lowercase();
            for word in input.message_contains {
                assert!(
                    message.contains(&word.to_lowercase()),
                    "input `{name}`: the message should mention `{word}`: {}",
                    err.message
                );
            }
            err
        }
    }
}

/// Variant names of an enum item (`Name,` / `Name(..)` lines at depth 1).
fn enum_variants(item: &str) -> Vec<String> {
    let body = &item[item.find('{').map_or(0, |i| i + 1)..item.rfind('}').unwrap_or(item.len())];
    let mut variants = Vec::new();
    let mut depth = 0i32;
    for line in body.lines() {
        let trimmed = line.trim();
        if depth == 0
            && !trimmed.starts_with("///")
            && !trimmed.starts_with("#[")
            && !trimmed.is_empty()
        {
            let name: String = trimmed
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                variants.push(name);
            }
        }
        depth += line.matches(['(', '{']).count() as i32 - line.matches([')', '}']).count() as i32;
    }
    variants
}

fn is_rust_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
        "trait", "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box",
        "do", "final", "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    !name.is_empty()
        && name != "_"
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

// ---------------------------------------------------------------------------
// One test per construct
// ---------------------------------------------------------------------------

#[test]
fn refs_to_schemas_parameters_responses_bodies_and_headers() {
    let krate = generate("refs");
    // Component schemas keep their names; refs to them are those types.
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Pet",
        &[
            "pub id: String,",
            "pub owner: Owner,",
            "pub tags: Option<Vec<Tag>>,",
        ],
    );
    krate.assert_file_has(
        "src/types.rs",
        &[
            "pub type Tag = String;",
            "pub type Limit = i32;",
            "pub struct Owner",
            "pub struct Problem",
            "Schema: `#/components/schemas/Pet`",
        ],
    );
    // Path-item-level $ref parameter, operation-level $ref parameter,
    // $ref request body and $ref response.
    let pets = krate.group("pets");
    assert_contains(
        "refs",
        "src/apis/pets.rs",
        pets,
        &[
            "pub fn update(&self, pet_id: uuid::Uuid, body: crate::types::Pet) -> UpdatePet",
            "limit: Option<crate::types::Limit>",
            "pub fn limit(mut self, value: impl Into<crate::types::Limit>) -> Self",
            "request.path_param(\"petId\", &self.pet_id)",
            "request.query(\"limit\", self.limit.as_ref())",
            "request.json(&self.body)",
            "path: \"/pets/{petId}\"",
            "Method::Put",
        ],
    );
    assert_send_output(&krate, "pets", "UpdatePet", "crate::types::Pet");

    // A `$ref` to a parameter's schema is that schema's type.
    assert_contains(
        "refs",
        "src/apis/pets.rs",
        pets,
        &["pub fn get_owner(&self, pet_id: crate::types::PetId)"],
    );
    krate.assert_file_has("src/types.rs", &["pub type PetId = uuid::Uuid;"]);
    // A `$ref` into a schema (`Pet/properties/status`) is the same type as
    // the property it points at: one type per schema, not two copies.
    let pet = squash(&krate.type_item("pub struct Pet"));
    let field_type = |field: &str| -> String {
        let start = pet
            .find(&format!("pub{field}:Option<"))
            .map(|i| i + field.len() + 11)
            .unwrap_or(0);
        pet[start..].split('>').next().unwrap_or("").to_owned()
    };
    assert_eq!(
        field_type("status"),
        field_type("previous_status"),
        "`status` and `previousStatus` ($ref to Pet/properties/status) should share one type:\n{}",
        krate.type_item("pub struct Pet")
    );
    let copies = krate
        .types()
        .matches("Schema: `#/components/schemas/Pet/properties/status`")
        .count();
    assert_eq!(
        copies, 1,
        "the schema at Pet/properties/status is emitted {copies} times"
    );
}

#[test]
fn all_of_merges_properties_and_required() {
    let krate = generate("all_of");
    let extended = krate.type_item("pub struct Extended");
    assert_contains(
        "all_of",
        "Extended",
        &extended,
        &[
            "pub id: String,",
            "pub created_at: Option<chrono::DateTime<chrono::Utc>>,",
            "pub name: String,",
            "pub note: Option<String>,",
        ],
    );
    // `createdAt` is optional: left out when `None`, `None` when absent or null.
    assert_contains(
        "all_of",
        "Extended's serde impls",
        &krate.serde_impls("Extended"),
        &[
            "object.optional(\"createdAt\", &self.created_at);",
            "\"id\", \"createdAt\", \"name\", \"note\"",
            "created_at: created_at.flatten(),",
        ],
    );
    // Field order: the base's properties first, then the extension's.
    let order: Vec<usize> = ["pub id:", "pub created_at:", "pub name:", "pub note:"]
        .iter()
        .map(|field| squash(&extended).find(&squash(field)).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "allOf fields out of order:\n{extended}"
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "impl Extended",
        &["pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self"],
    );
    krate.assert_file_has("src/types.rs", &["/// A base with a name."]);
    // `allOf: [$ref]` wrapping a single reference is that type, not a new one.
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Holder",
        &["pub base: Option<Base>,"],
    );
    krate.assert_file_lacks("src/types.rs", &["HolderBase"]);
}

#[test]
fn one_of_and_any_of_are_untagged_enums() {
    let krate = generate("one_of_untagged");
    let pet = krate.type_item("pub enum Pet");
    assert_contains("one_of_untagged", "Pet", &pet, &["Cat(Cat),", "Dog(Dog),"]);
    assert_lacks("one_of_untagged", "Pet", &pet, &["Unknown"]);
    let pet_attrs = find_attrs_before(krate.types(), "pub enum Pet");
    assert_contains(
        "one_of_untagged",
        "attributes of Pet",
        &pet_attrs,
        &["serde(untagged)", "serde::Serialize)"],
    );
    // Decoded by best fit (tests/tests/unions.rs), not by serde's first-that-decodes.
    assert_item_has(
        &krate,
        "src/types.rs",
        "impl<'de> serde::Deserialize<'de> for Pet",
        &["crate::runtime::decode_union(\"Pet\""],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub enum IdOrName",
        &["Integer(i64),", "String(String),"],
    );
    assert_contains(
        "one_of_untagged",
        "attributes of IdOrName",
        &find_attrs_before(krate.types(), "pub enum IdOrName"),
        &["serde(untagged)"],
    );
    // An inline oneOf in a property is named after its place; a titled inline
    // member names its variant.
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Owner",
        &["pub pet: Option<OwnerPet>,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub enum OwnerPet",
        &["Cat(Cat),", "Fish("],
    );
    assert_send_output(&krate, "pets", "GetPet", "crate::types::Pet");
}

/// What `send()` of request builder `builder` in `src/apis/<group>.rs`
/// yields (the `T` of its `impl DataFuture<T>`), whitespace removed.
#[track_caller]
fn send_output(krate: &Crate, group: &str, builder: &str) -> String {
    let path = format!("src/apis/{group}.rs");
    let item = squash(&krate.item(&path, &format!("impl {builder} {{")));
    let marker = "pubfnsend(self)->implruntime::DataFuture<";
    let start = item.find(marker).unwrap_or_else(|| {
        panic!(
            "construct `{}`: `impl {builder}` in {path} has no `send(self) -> impl DataFuture<..>`:\n{item}",
            krate.name
        )
    }) + marker.len();
    let mut depth = 0i32;
    for (offset, ch) in item[start..].char_indices() {
        match ch {
            '<' | '(' => depth += 1,
            '>' if depth == 0 => return item[start..start + offset].to_owned(),
            '>' | ')' => depth -= 1,
            _ => {}
        }
    }
    panic!(
        "construct `{}`: cannot read the output of `{builder}::send`:\n{item}",
        krate.name
    )
}

#[track_caller]
fn assert_send_output(krate: &Crate, group: &str, builder: &str, expected: &str) {
    assert_eq!(
        send_output(krate, group, builder),
        squash(expected),
        "construct `{}`: `{builder}::send()` returns the wrong type",
        krate.name
    );
}

/// The arm of a hand-written `match` on tag `tag` (`"tag" => ..` or
/// `Some("tag") => ..`) up to the next arm, whitespace removed.
fn match_arm(item: &str, tag: &str) -> Option<String> {
    let squashed = squash(item);
    let quoted = format!("{tag:?}");
    let start = [format!("Some({quoted})=>"), format!("{quoted}=>")]
        .iter()
        .find_map(|head| squashed.find(head.as_str()))?;
    let rest = &squashed[start..];
    let body_start = rest.find("=>")? + 2;
    let end = ["Some(\"", "_=>", "\"=>"]
        .iter()
        .filter_map(|next| rest[body_start..].find(next))
        .min()
        .map_or(rest.len(), |e| body_start + e);
    Some(rest[..end].to_owned())
}

/// The Rust name of the type whose rustdoc says it comes from `pointer`.
fn type_for_pointer(types: &str, pointer: &str) -> Option<String> {
    let marker = format!("Schema: `{pointer}`");
    let mut lines = types
        .lines()
        .skip_while(|line| !line.trim_end().ends_with(&marker));
    lines.next()?;
    let declaration = lines.map(str::trim).find(|line| line.starts_with("pub "))?;
    let name = declaration.split_whitespace().nth(2)?;
    Some(
        name.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect(),
    )
}

/// The attribute and doc lines directly above the item that starts with `header`.
fn find_attrs_before(text: &str, header: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let wanted = squash(header);
    let Some(index) = lines
        .iter()
        .position(|line| squash(line).starts_with(&wanted))
    else {
        return String::new();
    };
    let mut start = index;
    while start > 0 {
        let previous = lines[start - 1].trim();
        if previous.starts_with("#[") || previous.starts_with("///") {
            start -= 1;
        } else {
            break;
        }
    }
    lines[start..index].join("\n")
}

#[test]
fn discriminated_one_of_decodes_by_tag_with_unknown_fallback() {
    let krate = generate("discriminator");
    let shape = krate.type_item("pub enum Shape");
    assert_contains(
        "discriminator",
        "Shape",
        &shape,
        &[
            "Circle(Circle),",
            "Square(Square),",
            "Triangle(Triangle),",
            "Unknown(serde_json::Value),",
        ],
    );
    let attrs = find_attrs_before(krate.types(), "pub enum Shape");
    assert_contains(
        "discriminator",
        "attributes of Shape",
        &attrs,
        &["serde(untagged)", "#[non_exhaustive]"],
    );
    // Deserialize is hand-written: it must not also be derived.
    assert_lacks(
        "discriminator",
        "attributes of Shape",
        &attrs,
        &["serde::Deserialize"],
    );
    let deserialize = krate.type_item("impl<'de> serde::Deserialize<'de> for Shape");
    assert_contains(
        "discriminator",
        "Deserialize for Shape",
        &deserialize,
        &["value.get(\"kind\")", "_ => Ok(Self::Unknown(value))"],
    );
    // Mapping by `$ref` and by bare schema name; unmapped members by their schema name.
    for (tag, variant) in [
        ("circle", "Circle"),
        ("sq", "Square"),
        ("Triangle", "Triangle"),
    ] {
        let arm = match_arm(&deserialize, tag).unwrap_or_else(|| {
            panic!("Deserialize for Shape has no arm for tag `{tag}`:\n{deserialize}")
        });
        assert!(
            arm.contains("serde_json::from_value(value)")
                && arm.contains(&format!("Self::{variant})")),
            "tag `{tag}` must decode as Shape::{variant}: {arm}"
        );
    }
    // A mapped member is reachable only through its mapped tag.
    for tag in ["Circle", "Square"] {
        assert!(
            match_arm(&deserialize, tag).is_none(),
            "mapped member tagged `{tag}` too:\n{deserialize}"
        );
    }
    assert_send_output(&krate, "shapes", "ListShapes", "Vec<crate::types::Shape>");
}

#[test]
fn nullable_required_is_option_and_optional_nullable_is_double_option() {
    let krate = generate("nullable");
    let profile = krate.type_item("pub struct Profile");
    assert_contains(
        "nullable",
        "Profile",
        &profile,
        &[
            "pub name: String,",
            // Required + nullable: always sent, `null` allowed.
            "pub nickname: Option<String>,",
            "pub boss: Option<Person>,",
            // Optional + nullable: absent vs `null`.
            "pub bio: Option<Option<String>>,",
            "pub manager: Option<Option<Person>>,",
            // Optional, not nullable.
            "pub age: Option<i32>,",
        ],
    );
    let impls = krate.serde_impls("Profile");
    assert_contains(
        "nullable",
        "Profile's serde impls",
        &impls,
        &[
            // Required-nullable fields are serialized even when `None` (as
            // `null`), and read as `None` when absent or `null`.
            "object.field(\"nickname\", &self.nickname);",
            "object.field(\"boss\", &self.boss);",
            "nickname: nickname.flatten(),",
            "boss: boss.flatten(),",
            // Optional fields are left out when `None`; an optional nullable
            // one keeps `Some(None)` for `null`, an optional one reads `null`
            // as `None`.
            "object.optional(\"bio\", &self.bio);",
            "object.optional(\"manager\", &self.manager);",
            "object.optional(\"age\", &self.age);",
            "age: age.flatten()",
            "name: map.required(name, \"name\")?",
        ],
    );
    assert_lacks(
        "nullable",
        "Profile's serde impls",
        &impls,
        &["bio.flatten()", "manager.flatten()"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "impl Profile",
        &["pub fn new(name: impl Into<String>) -> Self"],
    );
}

#[test]
fn additional_properties_are_btree_maps() {
    let krate = generate("additional_properties");
    krate.assert_file_has(
        "src/types.rs",
        &["pub type Labels = std::collections::BTreeMap<String, String>;"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Counts",
        &[
            "pub by_day: std::collections::BTreeMap<String, i64>,",
            "pub items: Option<std::collections::BTreeMap<String, Item>>,",
            "pub points: Option<std::collections::BTreeMap<String, CountsPointsValue>>,",
            "pub anything: Option<std::collections::BTreeMap<String, serde_json::Value>>,",
            "pub any_value: Option<std::collections::BTreeMap<String, serde_json::Value>>,",
        ],
    );
    assert_contains(
        "additional_properties",
        "Counts' serde impls",
        &krate.serde_impls("Counts"),
        &[
            "object.field(\"byDay\", &self.by_day);",
            "by_day: map.required(by_day, \"byDay\")?",
        ],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct CountsPointsValue",
        &["pub x: Option<i64>,"],
    );
    assert_send_output(&krate, "labels", "GetLabels", "crate::types::Labels");
}

#[test]
fn recursive_types_are_boxed() {
    let krate = generate("recursive");
    // Direct self-reference: boxed; through a Vec: already indirect.
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Node",
        &[
            "pub value: i64,",
            "pub next: Option<Box<Node>>,",
            "pub children: Option<Vec<Node>>,",
        ],
    );
    assert_item_lacks(
        &krate,
        "src/types.rs",
        "pub struct Node",
        &["Vec<Box<Node>>"],
    );
    // A two-type cycle: at least one edge boxed (both is fine).
    let a = krate.type_item("pub struct A");
    let b = krate.type_item("pub struct B");
    let a_boxed = squash(&a).contains("pubb:Option<Box<B>>");
    let b_boxed = squash(&b).contains("puba:Box<A>");
    assert!(
        a_boxed || b_boxed,
        "the A ↔ B cycle is not broken by a Box:\n{a}\n{b}"
    );
    if !a_boxed {
        assert_contains("recursive", "A", &a, &["pub b: Option<B>,"]);
    }
    if !b_boxed {
        assert_contains("recursive", "B", &b, &["pub a: A,"]);
    }
    // A cycle through a oneOf.
    let expr = krate.type_item("pub enum Expr");
    let negation = krate.type_item("pub struct Negation");
    let union_boxed = squash(&expr).contains("Negation(Box<Negation>)");
    let field_boxed = squash(&negation).contains("puboperand:Box<Expr>");
    assert!(
        union_boxed || field_boxed,
        "the Expr ↔ Negation cycle is not broken by a Box:\n{expr}\n{negation}"
    );
    assert_contains("recursive", "Expr", &expr, &["Literal(Literal),"]);
}

#[test]
fn string_enums_are_open_with_unknown() {
    let krate = generate("string_enum");
    let status = krate.type_item("pub enum Status");
    assert_contains(
        "string_enum",
        "Status",
        &status,
        &["Active,", "Inactive,", "PendingReview,", "Unknown(String),"],
    );
    krate.assert_file_has(
        "src/types.rs",
        &[
            "(\"pending_review\", Self::PendingReview)",
            "Self::PendingReview => \"pending_review\",",
            "impl crate::runtime::OpenEnum for Status",
            "fn unknown(value: String) -> Self {\n        Self::Unknown(value)",
            "impl<'de> serde::Deserialize<'de> for Status",
            "impl serde::Serialize for Status",
            "impl std::fmt::Display for Status",
            "impl std::str::FromStr for Status",
        ],
    );
    // An inline enum parameter is named from its operation and parameter.
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub enum ListItemsOrder",
        &["Asc,", "Desc,", "Unknown(String),"],
    );
    assert_contains(
        "string_enum",
        "src/apis/items.rs",
        krate.group("items"),
        &[
            "status: Option<crate::types::Status>",
            "order: Option<crate::types::ListItemsOrder>",
        ],
    );
    assert_send_output(&krate, "items", "ListItems", "Vec<crate::types::Status>");

    // Awkward values: every value gets a valid, distinct variant, and each
    // value maps back to itself.
    let awkward = krate.type_item("pub enum Awkward");
    let variants = enum_variants(&awkward);
    let values = [
        "+1", "-1", "", "foo bar", "1d", "foo-bar", "FOO_BAR", "Unknown", "self", "a.b", "a/b",
    ];
    assert_eq!(
        variants.len(),
        values.len() + 1,
        "one variant per value plus Unknown: {variants:?}\n{awkward}"
    );
    assert_eq!(
        variants.last().map(String::as_str),
        Some("Unknown"),
        "{awkward}"
    );
    let distinct: BTreeSet<&String> = variants.iter().collect();
    assert_eq!(
        distinct.len(),
        variants.len(),
        "variant names collide: {variants:?}"
    );
    for variant in &variants {
        assert!(
            is_rust_identifier(variant),
            "`{variant}` is not a valid variant name: {variants:?}"
        );
    }
    assert_contains(
        "string_enum",
        "Awkward",
        &awkward,
        &["Plus1,", "Minus1,", "Empty,"],
    );
    let as_str = krate.type_item("impl Awkward");
    for (value, variant) in values.iter().zip(&variants) {
        assert_contains(
            "string_enum",
            "Awkward::as_str",
            &as_str,
            &[&format!("Self::{variant} => {value:?},")],
        );
    }
    assert_contains(
        "string_enum",
        "Awkward::as_str",
        &as_str,
        &["Self::Unknown(value) => value,"],
    );
}

#[test]
fn integer_and_number_formats() {
    let krate = generate("numeric_formats");
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Numbers",
        &[
            "pub i32_field: i32,",
            "pub i64_field: i64,",
            "pub f32_field: f32,",
            "pub f64_field: f64,",
            "pub plain_integer: i64,",
            "pub plain_number: f64,",
        ],
    );
    assert_contains(
        "numeric_formats",
        "Numbers' serde impls",
        &krate.serde_impls("Numbers"),
        &[
            "object.field(\"i32Field\", &self.i32_field);",
            "object.field(\"plainNumber\", &self.plain_number);",
            "\"i32Field\", \"i64Field\", \"f32Field\", \"f64Field\", \"plainInteger\", \"plainNumber\"",
        ],
    );
    // An integer enum is its integer type.
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Numbers",
        &["pub priority: Option<Priority>,"],
    );
    krate.assert_file_has("src/types.rs", &["pub type Priority = i32;"]);
    assert_contains(
        "numeric_formats",
        "src/apis/numbers.rs",
        krate.group("numbers"),
        &["small: Option<i32>", "ratio: Option<f32>"],
    );
}

#[test]
fn uuid_date_time_date_and_binary_formats() {
    let krate = generate("string_formats");
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Event",
        &[
            "pub id: uuid::Uuid,",
            "pub at: chrono::DateTime<chrono::Utc>,",
            "pub day: chrono::NaiveDate,",
            // `format: binary` in a schema is a file (a multipart file part).
            "pub blob: crate::runtime::File,",
            "pub encoded: String,",
            "pub email: String,",
        ],
    );
    assert_contains(
        "string_formats",
        "src/apis/events.rs",
        krate.group("events"),
        &[
            "event_id: uuid::Uuid",
            "since: Option<chrono::DateTime<chrono::Utc>>",
            "day: Option<chrono::NaiveDate>",
        ],
    );
    assert_send_output(&krate, "events", "GetEvent", "crate::types::Event");
}

#[test]
fn written_out_serde_impls_keep_their_locals_apart_from_the_fields() {
    let krate = generate("serde_impl_names");
    let impls = krate.serde_impls("Thing");
    assert_contains(
        "serde_impl_names",
        "Thing's serde impls",
        &impls,
        &[
            // Fields named `map` and `index` push the access and the key
            // number to names no field has. Fields are numbered in
            // declaration order.
            "mut map_: crate::runtime::de::Fields<A>",
            "while let Some(index_) = map_.next()?",
            "0 => map_.value(&mut map),",
            "map: map_.required(map, \"map\")?",
            "object.field(\"map\", &self.map);",
            "object.optional(\"object\", &self.object);",
        ],
    );
    // Reading and writing a deprecated field is the impls' business, not a
    // warning for the crate (the compile test runs clippy with `-D warnings`).
    krate.assert_file_has(
        "src/types.rs",
        &["#[allow(deprecated)] impl serde::Serialize for Thing {"],
    );
}

#[test]
fn required_and_optional_fields_and_parameters() {
    let krate = generate("required_optional");
    let item = krate.type_item("pub struct Item");
    assert_contains(
        "required_optional",
        "Item",
        &item,
        &["pub id: String,", "pub note: Option<String>,"],
    );
    // A required field is always written and must be read; an optional one is
    // left out when `None`. `required` naming an undeclared property adds nothing.
    let impls = krate.serde_impls("Item");
    assert_contains(
        "required_optional",
        "Item's serde impls",
        &impls,
        &[
            "object.field(\"id\", &self.id);",
            "id: map.required(id, \"id\")?",
            "object.optional(\"note\", &self.note);",
            "note: note.flatten()",
        ],
    );
    assert_lacks(
        "required_optional",
        "Item's serde impls",
        &impls,
        &["ghost"],
    );
    assert_lacks("required_optional", "Item", &item, &["ghost"]);
    let attrs = find_attrs_before(krate.types(), "pub struct Item");
    assert_lacks(
        "required_optional",
        "attributes of Item",
        &attrs,
        &["Default"],
    );
    // All optional: `Default` is derived.
    let attrs = find_attrs_before(krate.types(), "pub struct AllOptional");
    assert_contains(
        "required_optional",
        "attributes of AllOptional",
        &attrs,
        &["Default,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "impl AllOptional",
        &["pub fn new() -> Self"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "impl Item",
        &["pub fn new(id: impl Into<String>) -> Self"],
    );

    // Required query parameter and body: arguments; optional ones: setters.
    let items = krate.group("items");
    assert_contains(
        "required_optional",
        "src/apis/items.rs",
        items,
        &[
            "pub fn create(&self, dry_run: bool, body: crate::types::Item) -> CreateItem",
            "pub fn trace(mut self, value: impl Into<bool>) -> Self",
            "request.query(\"dryRun\", Some(&self.dry_run))",
            "request.query(\"trace\", self.trace.as_ref())",
            "pub fn replace(&self) -> ReplaceItems",
            "pub fn body(mut self, value: impl Into<crate::types::Item>) -> Self",
        ],
    );
    let replace = krate.item("src/apis/items.rs", "impl ReplaceItems {");
    assert_contains(
        "required_optional",
        "impl ReplaceItems",
        &replace,
        &["match &self.body", "request.json(", "None => request"],
    );
    assert_send_output(&krate, "items", "ReplaceItems", "()");
    assert_send_output(&krate, "items", "CreateItem", "crate::types::Item");
}

#[test]
fn defaults_are_documented() {
    let krate = generate("defaults");
    let settings = krate.type_item("pub struct Settings");
    assert_contains(
        "defaults",
        "Settings",
        &settings,
        &[
            "/// Items per page.",
            "/// Server default: `20`.",
            "/// Server default: `\"fast\"`.",
            "/// Server default: `[\"a\",\"b\"]`.",
            "pub page_size: Option<i64>,",
            "pub mode: Option<String>,",
        ],
    );
    assert_contains(
        "defaults",
        "src/apis/items.rs",
        krate.group("items"),
        &[
            "/// Page size.",
            "/// Server default: `50`.",
            "pub fn limit(mut self, value: impl Into<i32>) -> Self",
        ],
    );
}

#[test]
fn inline_schemas_are_named_from_their_place_deterministically() {
    let krate = generate("inline_names");
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct Listing",
        &[
            "pub status: ListingStatus,",
            "pub address: Option<ListingAddress>,",
            "pub photos: Option<Vec<ListingPhotosItem>>,",
            // `ListingKind` is a component: the inline enum gets the next name.
            "pub kind: Option<ListingKind2>,",
        ],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub enum ListingStatus",
        &["Draft,", "Published,", "Unknown(String),"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub enum ListingKind2",
        &["House,", "Flat,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct ListingKind",
        &["pub label: Option<String>,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct ListingAddress",
        &["pub city: Option<String>,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct ListingPhotosItem",
        &["pub url: Option<String>,"],
    );
    // Inline response, request, nested object and parameter enum.
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct ListListingsResponse",
        &[
            "pub items: Vec<Listing>,",
            "pub meta: Option<ListListingsResponseMeta>,",
        ],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct ListListingsResponseMeta",
        &["pub total: Option<i64>,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct CreateListingRequest",
        &["pub title: String,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub enum ListListingsSort",
        &["Newest,", "Oldest,"],
    );
    krate.assert_file_has(
        "src/types.rs",
        &[
            "Schema: `#/components/schemas/Listing/properties/status`",
            "Schema: `#/paths/~1listings/get/responses/200/content/application~1json/schema`",
        ],
    );
    assert_contains(
        "inline_names",
        "src/apis/listings.rs",
        krate.group("listings"),
        &[
            "pub fn list(&self) -> ListListings",
            "pub fn create(&self, body: crate::types::CreateListingRequest) -> CreateListing",
            "sort: Option<crate::types::ListListingsSort>",
        ],
    );
    assert_send_output(
        &krate,
        "listings",
        "ListListings",
        "crate::types::ListListingsResponse",
    );

    // Generating twice gives byte-identical files.
    let again = generate("inline_names");
    assert_eq!(
        krate.files.keys().collect::<Vec<_>>(),
        again.files.keys().collect::<Vec<_>>()
    );
    for (path, contents) in &krate.files {
        assert!(
            again.files[path] == *contents,
            "`{path}` differs between two runs"
        );
    }
}

#[test]
fn every_construct_generates_byte_identical_files_twice() {
    for construct in CONSTRUCTS {
        let first = generate(construct.name);
        let second = generate(construct.name);
        assert_eq!(
            first.files, second.files,
            "construct `{}` is not deterministic",
            construct.name
        );
    }
}

#[test]
fn keywords_digits_and_colliding_names_become_valid_distinct_identifiers() {
    let krate = generate("awkward_names");
    let thing = krate.type_item("pub struct Thing");
    assert_contains(
        "awkward_names",
        "Thing",
        &thing,
        &[
            "pub type_: String,",
            "pub self_: String,",
            "pub match_: String,",
            "pub _2fa: bool,",
            "pub crate_: Option<String>,",
        ],
    );
    let impls = krate.serde_impls("Thing");
    assert_contains(
        "awkward_names",
        "Thing's serde impls",
        &impls,
        &[
            "object.field(\"type\", &self.type_);",
            "object.field(\"self\", &self.self_);",
            "object.field(\"match\", &self.match_);",
            "object.field(\"2fa\", &self._2fa);",
            "object.optional(\"crate\", &self.crate_);",
            "type_: map.required(type_, \"type\")?",
            "_2fa: map.required(_2fa, \"2fa\")?",
        ],
    );
    // `fooBar` and `foo_bar` both want `foo_bar`: both kept, distinct, each
    // renamed to its own JSON name.
    let squashed = squash(&thing);
    let foo_fields: Vec<&str> = thing
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("pub foo_bar"))
        .collect();
    assert_eq!(foo_fields.len(), 2, "expected two foo_bar fields:\n{thing}");
    let squashed_impls = squash(&impls);
    assert!(
        squashed_impls.contains("object.field(\"fooBar\",&self.foo_bar"),
        "{impls}"
    );
    assert!(
        squashed.contains("pubfoo_bar:String")
            && squashed_impls.contains("object.field(\"foo_bar\",&self.foo_bar"),
        "`foo_bar` lost its JSON name:\n{impls}"
    );

    // Schemas `Foo-Bar` and `FooBar` both want `FooBar`: two distinct types,
    // each with its own properties.
    let dash = type_for_pointer(krate.types(), "#/components/schemas/Foo-Bar");
    let plain = type_for_pointer(krate.types(), "#/components/schemas/FooBar");
    assert!(
        dash.is_some() && plain.is_some() && dash != plain,
        "Foo-Bar → {dash:?}, FooBar → {plain:?}"
    );
    let (dash, plain) = (dash.unwrap(), plain.unwrap());
    assert_eq!(
        BTreeSet::from([dash.as_str(), plain.as_str()]),
        BTreeSet::from(["FooBar", "FooBar2"])
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        &format!("pub struct {dash} "),
        &["pub dash: Option<String>,"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        &format!("pub struct {plain} "),
        &["pub plain: Option<String>,"],
    );
    // Schemas named like a keyword, a prelude type, or starting with a digit.
    assert_eq!(
        type_for_pointer(krate.types(), "#/components/schemas/type").as_deref(),
        Some("Type")
    );
    assert_eq!(
        type_for_pointer(krate.types(), "#/components/schemas/Self").as_deref(),
        Some("Self_")
    );
    assert_eq!(
        type_for_pointer(krate.types(), "#/components/schemas/Result").as_deref(),
        Some("ResultModel")
    );
    let two_fa = type_for_pointer(krate.types(), "#/components/schemas/2fa");
    assert!(
        two_fa.as_deref().is_some_and(is_rust_identifier),
        "schema `2fa` → {two_fa:?}"
    );
    krate.assert_file_has("src/types.rs", &["pub type Type = String;"]);

    // Keyword tag, operationId and parameters.
    krate.assert_file_has(
        "src/apis/mod.rs",
        &["pub mod self_;", "pub fn self_(&self) -> self_::"],
    );
    assert_contains(
        "awkward_names",
        "src/apis/self_.rs",
        krate.group("self_"),
        &[
            "pub fn match_(&self, type_: impl Into<String>) -> Match",
            "pub fn self_(mut self, value: impl Into<String>) -> Self",
            "pub fn _2fa(mut self, value: impl Into<bool>) -> Self",
            "pub fn x_request_id(mut self, value: impl Into<String>) -> Self",
            "request.path_param(\"type\", &self.type_)",
            "request.query(\"2fa\", self._2fa.as_ref())",
            "request.header(\"X-Request-ID\", self.x_request_id.as_ref())",
            "id: \"match\"",
        ],
    );
    // A tag and an operation with the same name; a path and a query
    // parameter with the same name.
    assert_contains(
        "awkward_names",
        "src/apis/search.rs",
        krate.group("search"),
        &[
            "pub fn search(&self, id: impl Into<String>) -> Search",
            "request.path_param(\"id\", &self.id)",
            "request.query(\"id\", self.id2.as_ref())",
        ],
    );
    // A parameter named like a builder method does not shadow it.
    let group = krate.group("self_");
    assert_eq!(
        squash(group).matches("pubfnsend(self)").count(),
        1,
        "the `send` query parameter must not produce a second `send` method"
    );
    assert_contains(
        "awkward_names",
        "src/apis/self_.rs",
        group,
        &["request.query(\"send\","],
    );
    // operationIds that name runtime types (`Client`, `Error`, `Response`,
    // `Operation`) must not clash with them in the group module.
    // (The compile test is what proves it; here: each gets a builder.)
    for builder in ["Client", "Response", "Error", "Operation"] {
        let _ = krate.item("src/apis/misc.rs", &format!("impl {builder} {{"));
    }
}

#[test]
fn operations_without_operation_id_get_names_from_method_and_path() {
    let krate = generate("no_operation_id");
    let group = krate.group("pets");
    assert_contains(
        "no_operation_id",
        "src/apis/pets.rs",
        group,
        &[
            "pub fn get(&self) -> GetPets",
            "pub fn post(&self) -> PostPets",
            "pub fn get_id_photos(&self, id: impl Into<String>) -> GetPetsIdPhotos",
            "id: \"get /pets\"",
            "id: \"get /pets/{id}/photos\"",
        ],
    );
    assert_send_output(&krate, "pets", "GetPets", "Vec<String>");
    assert_send_output(&krate, "pets", "PostPets", "()");
    assert_send_output(
        &krate,
        "pets",
        "GetPetsIdPhotos",
        "crate::types::GetPetsIdPhotosResponse",
    );
    krate.assert_file_has("src/apis/mod.rs", &["pub fn pets(&self) -> pets::Pets"]);
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct GetPetsIdPhotosResponse",
        &["pub urls: Option<Vec<String>>,"],
    );
}

#[test]
fn several_success_responses_make_a_per_status_enum() {
    let krate = generate("several_responses");
    let jobs = krate.group("jobs");
    let response = krate.item("src/apis/jobs.rs", "pub enum CreateJobResponse");
    assert_contains(
        "several_responses",
        "CreateJobResponse",
        &response,
        &[
            "Ok(crate::types::Job),",
            "Created(crate::types::JobCreated),",
            "Accepted,",
        ],
    );
    // Error statuses are not successes.
    assert_lacks(
        "several_responses",
        "CreateJobResponse",
        &response,
        &["Problem", "Status400", "Status500"],
    );
    assert_send_output(&krate, "jobs", "CreateJob", "CreateJobResponse");
    let create = krate.item("src/apis/jobs.rs", "impl CreateJob {");
    assert_contains(
        "several_responses",
        "impl CreateJob",
        &create,
        &[
            "match raw.status().as_u16()",
            "_ => Err(raw.unexpected_status()),",
        ],
    );
    for (status, decode, variant) in [
        (
            "200",
            "raw.json()",
            &[
                "Response<crate::types::Job>",
                "response.map(CreateJobResponse::Ok)",
            ][..],
        ),
        (
            "201",
            "raw.json()",
            &[
                "Response<crate::types::JobCreated>",
                "response.map(CreateJobResponse::Created)",
            ],
        ),
        ("202", "raw.empty()", &["CreateJobResponse::Accepted"]),
    ] {
        let squashed = squash(&create);
        let arm_start = squashed
            .find(&format!("{status}=>"))
            .or_else(|| squashed.find(&format!("{status}u16=>")))
            .unwrap_or_else(|| panic!("no `{status} =>` arm:\n{create}"));
        let arm = &squashed[arm_start..];
        let arm = &arm[arm.find("=>").unwrap() + 2..];
        let arm = &arm[..arm
            .find("u16=>")
            .or_else(|| arm.find("_=>"))
            .unwrap_or(arm.len())];
        assert!(
            arm.contains(decode) && variant.iter().all(|v| arm.contains(v)),
            "the {status} arm should decode with {decode} into {variant:?}: {arm}"
        );
    }
    // 200 and 201 with the same body: one type, no enum.
    assert_contains(
        "several_responses",
        "src/apis/jobs.rs",
        jobs,
        &["pub fn put(&self, id: impl Into<String>) -> PutJob"],
    );
    assert_send_output(&krate, "jobs", "PutJob", "crate::types::Job");
    assert_lacks(
        "several_responses",
        "src/apis/jobs.rs",
        jobs,
        &["PutJobResponse"],
    );
    // Error response schemas are still generated as types.
    krate.assert_file_has("src/types.rs", &["pub struct Problem"]);
}

#[test]
fn default_response_is_the_success_body_only_without_a_2xx() {
    let krate = generate("default_response");
    let health = krate.group("health");
    assert_send_output(&krate, "health", "Ping", "crate::types::Pong");
    let ping = krate.item("src/apis/health.rs", "impl Ping {");
    assert_contains("default_response", "impl Ping", &ping, &["raw.json()"]);
    assert_send_output(&krate, "health", "GetStatus", "crate::types::Status");
    // `2XX` is a success; `4XX` is not.
    assert_send_output(&krate, "health", "GetRanged", "crate::types::Status");
    assert_lacks(
        "default_response",
        "src/apis/health.rs",
        health,
        &["crate::types::Problem"],
    );
}

#[test]
fn non_json_bodies_form_multipart_bytes_and_text() {
    let krate = generate("non_json_bodies");
    let bodies = krate.group("bodies");
    // application/x-www-form-urlencoded: the struct, sent as a form.
    assert_contains(
        "non_json_bodies",
        "src/apis/bodies.rs",
        bodies,
        &[
            "pub fn login(&self, body: crate::types::LoginRequest) -> Login",
            "request.form(&self.body)",
        ],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct LoginRequest",
        &["pub username: String,", "pub password: String,"],
    );
    // multipart/form-data: the binary field is a file part, others go to the runtime
    // field by field (tests/tests/wire_bodies.rs checks the parts on the wire).
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub struct UploadRequest",
        &[
            "pub file: crate::runtime::File,",
            "pub caption: Option<String>,",
            "pub count: Option<i64>,",
        ],
    );
    let upload = krate.item("src/apis/bodies.rs", "impl Upload");
    assert_contains(
        "non_json_bodies",
        "impl Upload",
        &upload,
        &[
            "crate::runtime::MultipartForm::new()",
            "form.file_part(\"file\", &body.file, None)",
            "form.field(\"caption\", &body.caption, runtime::PartEncoding::default())",
            "form.field(\"count\", &body.count, runtime::PartEncoding::default())",
            "request.multipart(form)",
        ],
    );
    // application/octet-stream: raw bytes both ways.
    let blob = krate.item("src/apis/bodies.rs", "impl PutBlob");
    assert_contains(
        "non_json_bodies",
        "impl PutBlob",
        &blob,
        &[
            "body: Vec<u8>",
            "request.bytes(\"application/octet-stream\",",
            "raw.bytes()",
        ],
    );
    assert_send_output(&krate, "bodies", "PutBlob", "Vec<u8>");
    // text/plain: strings both ways.
    let note = krate.item("src/apis/bodies.rs", "impl PutNote");
    assert_contains(
        "non_json_bodies",
        "impl PutNote",
        &note,
        &["request.text(\"text/plain\",", "raw.text()"],
    );
    assert_send_output(&krate, "bodies", "PutNote", "String");
    assert_contains(
        "non_json_bodies",
        "src/apis/bodies.rs",
        bodies,
        &["pub fn put_note(&self, body: impl Into<String>) -> PutNote"],
    );
}

#[test]
fn openapi_31_type_arrays_null_and_const() {
    let krate = generate("openapi_31");
    let pet = krate.type_item("pub struct Pet");
    assert_contains(
        "openapi_31",
        "Pet",
        &pet,
        &[
            "pub name: String,",
            // `type: [string, "null"]`, required: Option.
            "pub nickname: Option<String>,",
            // `type: [integer, "null"]`, optional: Option<Option>.
            "pub age: Option<Option<i32>>,",
            // `anyOf: [$ref, {type: null}]`, optional.
            "pub owner: Option<Option<Owner>>,",
            "pub weight: Option<f64>,",
            // `const` is a one-value enum.
            "pub kind: PetKind,",
        ],
    );
    // Optional and nullable: left out when `None`, `Some(None)` for `null`.
    let impls = krate.serde_impls("Pet");
    assert_contains(
        "openapi_31",
        "Pet's serde impls",
        &impls,
        &[
            "object.field(\"nickname\", &self.nickname);",
            "object.optional(\"age\", &self.age);",
            "object.optional(\"owner\", &self.owner);",
        ],
    );
    assert_lacks(
        "openapi_31",
        "Pet's serde impls",
        &impls,
        &["age.flatten()", "owner.flatten()"],
    );
    assert_item_has(
        &krate,
        "src/types.rs",
        "pub enum PetKind",
        &["Pet,", "Unknown(String),"],
    );
    krate.assert_file_has("src/types.rs", &["(\"pet\", Self::Pet)"]);
    assert_send_output(&krate, "pets", "ListPets", "Vec<crate::types::Pet>");
}

#[test]
fn envelope_and_pagination_conventions() {
    let krate = generate("conventions");
    let notes = krate.group("notes");
    assert_contains(
        "conventions",
        "src/apis/notes.rs",
        notes,
        &[
            // The envelope's `data` is what `send()` returns.
            "raw.enveloped()",
            "PagedRequest for ListNotes",
            "type Page = crate::types::NotePage;",
            "pub fn stream(self) -> impl futures_core::Stream<Item = Result<crate::types::Note,",
            "pub fn pages(self)",
        ],
    );
    assert_send_output(&krate, "notes", "ListNotes", "crate::types::NotePage");
    krate.assert_file_has(
        "src/types.rs",
        &[
            "Paginated for NotePage",
            "type Item = Note;",
            "self.meta.has_more",
        ],
    );
}

#[test]
fn swagger_2_and_openapi_32_are_read() {
    for (name, spec) in [
        ("swagger_2", SWAGGER_2_SPEC),
        ("openapi_32", OPENAPI_32_SPEC),
    ] {
        let config = generator::Config::named(&format!("read-{}", name.replace('_', "-")));
        let generated = run_generator(name, spec, &config)
            .unwrap_or_else(|err| panic!("`{name}` was refused: {err}"));
        assert!(
            generated.warnings.is_empty(),
            "`{name}`: {:?}",
            generated.warnings
        );
    }
}

const SWAGGER_2_SPEC: &str =
    r#"{"swagger": "2.0", "info": {"title": "Old", "version": "1"}, "paths": {}}"#;
const OPENAPI_32_SPEC: &str = "openapi: 3.2.0\ninfo: {title: New, version: '1'}\npaths: {}\n";

#[test]
fn external_ref_without_a_location_is_located() {
    assert_refused("external_ref");
}

/// Each fault that once stopped generation is read one way, with a warning
/// where it is.
#[test]
fn faults_are_read_with_a_located_warning() {
    for input in READ_LENIENTLY {
        let config = generator::Config::named(&format!("lenient-{}", input.name.replace('_', "-")));
        let generated = run_generator(input.name, input.spec, &config).unwrap_or_else(|err| {
            panic!(
                "input `{}`: refused, but it has a sane reading: {err}",
                input.name
            )
        });
        let found = generated.warnings.iter().any(|warning| {
            let message = warning.message.to_lowercase();
            warning.location == input.location
                && input
                    .message_contains
                    .iter()
                    .all(|word| message.contains(&word.to_lowercase()))
        });
        assert!(
            found,
            "input `{}`: no warning at {} containing {:?}; warnings: {:#?}",
            input.name, input.location, input.message_contains, generated.warnings
        );
    }
}

#[test]
fn invalid_text_is_refused_at_the_root() {
    for name in [
        "invalid_json",
        "invalid_yaml",
        "html_page",
        "empty_document",
        "not_an_object",
        "missing_version",
    ] {
        assert_refused(name);
    }
}

#[test]
fn every_refused_input_is_an_error_never_a_panic() {
    for input in REFUSED {
        assert_refused(input.name);
    }
}

/// Odd inputs that are not worth a named case: each must be an `Err` (or a
/// crate), never a panic.
#[test]
fn odd_inputs_never_panic() {
    let inputs: &[(&str, &str)] = &[
        ("null", "null"),
        ("number", "42"),
        ("json_array", "[]"),
        ("string", "\"openapi\""),
        ("bom", "\u{feff}{\"openapi\": \"3.0.3\"}"),
        ("only_version", "openapi: 3.0.3\n"),
        (
            "no_paths",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n",
        ),
        (
            "empty_paths",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
        ),
        (
            "yaml_anchor",
            "openapi: 3.0.3\ninfo: &i {title: T, version: '1'}\nx-copy: *i\npaths: {}\n",
        ),
        (
            "yaml_non_string_key",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n? [a, b]\n: c\n",
        ),
        (
            "ref_to_self",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/A'}\n",
        ),
        (
            "ref_cycle",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n",
        ),
        (
            "unterminated_template",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a/{id:\n    get:\n      responses:\n        '204': {description: ok}\n",
        ),
        (
            "empty_enum",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    E: {type: string, enum: []}\n",
        ),
        (
            "integer_enum",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    E: {type: integer, enum: [1, 2]}\n",
        ),
        (
            "unknown_type",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    E: {type: strnig}\n",
        ),
    ];
    let mut panics = Vec::new();
    for (name, spec) in inputs {
        let config = generator::Config::named("odd");
        let outcome = catch_unwind(AssertUnwindSafe(|| generator::generate(spec, &config)));
        match outcome {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => assert!(
                err.location.starts_with('#'),
                "`{name}`: location `{}` is not a JSON pointer",
                err.location
            ),
            Err(_) => panics.push(*name),
        }
    }
    assert!(panics.is_empty(), "the generator panicked on {panics:?}");
}

// ---------------------------------------------------------------------------
// Every construct's crate compiles
// ---------------------------------------------------------------------------

/// Writes `contents` to `path` unless it already holds exactly that, so
/// unchanged crates keep their mtimes and stay cached.
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

fn check_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/construct-check")
}

/// Lays out the throwaway workspace: one member per construct.
fn write_check_workspace(root: &Path) -> Vec<String> {
    let mut members = Vec::new();
    for construct in CONSTRUCTS {
        let krate = generate(construct.name);
        let dir = root.join(construct.name);
        let mut wanted: BTreeSet<PathBuf> = BTreeSet::new();
        for (path, contents) in &krate.files {
            let target = dir.join(path);
            write_if_changed(&target, contents);
            wanted.insert(target);
        }
        remove_stale_files(&dir, &wanted);
        members.push(construct.name.to_owned());
    }
    // Crates of constructs that were removed from the list.
    if let Ok(entries) = std::fs::read_dir(root) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() && name != "target" && !members.contains(&name) {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    }
    let manifest = format!(
        "# Throwaway workspace written by tests/tests/constructs.rs: one crate per construct.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members
            .iter()
            .map(|m| format!("    \"{m}\",\n"))
            .collect::<String>()
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest);
    // Start from the main workspace's lock file: the same dependency versions
    // as the real generated client, already downloaded.
    let lock = root.join("Cargo.lock");
    if !lock.exists() {
        let main_lock = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
        let _ = std::fs::copy(main_lock, &lock);
    }
    members
}

fn remove_stale_files(dir: &Path, wanted: &BTreeSet<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            remove_stale_files(&path, wanted);
        } else if !wanted.contains(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// `cargo <args>` in the throwaway workspace, with its own target dir and no
/// inherited flags; returns (success, diagnostics).
fn cargo_in(root: &Path, args: &[&str]) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(root)
        // Shared with the other generated crates of the tests (common/generated.rs).
        .env("CARGO_TARGET_DIR", root.join("../generated-target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_PKG_NAME")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

/// Groups `--message-format=short` diagnostics by the construct they are in.
fn diagnostics_by_construct(output: &str) -> String {
    let mut by_crate: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for line in output.lines() {
        let is_diagnostic =
            line.contains(": error") || line.contains(": warning") || line.starts_with("error");
        if !is_diagnostic {
            continue;
        }
        let owner = CONSTRUCTS
            .iter()
            .find(|c| {
                line.starts_with(&format!("{}/", c.name))
                    || line.contains(&format!("construct-check/{}/", c.name))
                    || line.contains(&format!("`{}`", crate_name(c.name)))
            })
            .map_or("(workspace)".to_owned(), |c| c.name.to_owned());
        by_crate.entry(owner).or_default().push(line);
    }
    let mut report = String::new();
    for (owner, lines) in by_crate {
        report.push_str(&format!("\n=== {owner} ===\n"));
        for line in lines {
            report.push_str(line);
            report.push('\n');
        }
    }
    report
}

#[test]
fn all_construct_specs_compile() {
    let root = check_root();
    let members = write_check_workspace(&root);
    let (check_ok, check_output) = cargo_in(
        &root,
        &[
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=short",
        ],
    );
    // The generated code is meant to be clippy-clean. Clippy reuses the
    // dependencies `check` just built, so this adds seconds, not minutes.
    // It runs even when `check` failed, so one broken crate does not hide
    // lint failures in the others.
    let clippy = if std::env::var("CONSTRUCTS_CLIPPY").as_deref() == Ok("0") {
        None
    } else if Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        Some(cargo_in(
            &root,
            &[
                "clippy",
                "--workspace",
                "--keep-going",
                "--message-format=short",
                "--",
                "-D",
                "warnings",
            ],
        ))
    } else {
        eprintln!("cargo clippy is not installed: skipping the clippy pass");
        None
    };
    let mut failures = String::new();
    if !check_ok {
        failures.push_str(&format!(
            "`cargo check` failed for the generated crates ({} crates in {}):\n{}\n",
            members.len(),
            root.display(),
            diagnostics_by_construct(&check_output)
        ));
    }
    if let Some((clippy_ok, clippy_output)) = &clippy {
        if !clippy_ok {
            failures.push_str(&format!(
                "`cargo clippy -- -D warnings` failed for the generated crates:\n{}\n",
                diagnostics_by_construct(clippy_output)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{failures}\n--- full `cargo check` output ---\n{check_output}\n--- full `cargo clippy` output ---\n{}",
        clippy.map(|(_, output)| output).unwrap_or_default()
    );
}

#[test]
fn additional_properties_beside_properties_are_kept() {
    let krate = generate("additional_properties");
    // `properties` + `additionalProperties`: the known fields, and the rest in
    // a flattened map instead of being dropped on decode.
    let extra = krate.type_item("pub struct Extra");
    assert_contains(
        "additional_properties",
        "Extra",
        &extra,
        &["pub id: String,"],
    );
    assert_contains(
        "additional_properties",
        "Extra",
        &extra,
        &[
            "#[serde(flatten)]",
            "std::collections::BTreeMap<String, String>",
        ],
    );
}

#[test]
fn schemas_and_operations_named_like_prelude_items() {
    let krate = generate("prelude_names");
    for schema in [
        "Error",
        "Value",
        "From",
        "Default",
        "Clone",
        "Some",
        "Ok",
        "Into",
        "Serialize",
    ] {
        let name = type_for_pointer(krate.types(), &format!("#/components/schemas/{schema}"));
        assert!(
            name.as_deref().is_some_and(is_rust_identifier),
            "schema `{schema}` → {name:?}\n{}",
            krate.types()
        );
    }
    let group = krate.group("prelude");
    for method in [
        "result", "default", "option", "some", "into", "string", "vec",
    ] {
        assert_contains(
            "prelude_names",
            "src/apis/prelude.rs",
            group,
            &[&format!("pub fn {method}(&self")],
        );
    }
    // Whether these compile is what `all_construct_specs_compile` checks.
}
