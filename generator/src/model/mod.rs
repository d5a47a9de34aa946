//! Stage 2: the API model every emitter reads.
//!
//! `build` resolves the `openapiv3` document (refs, inline schemas, security
//! inheritance, names) into these plain types. Rust names are decided here,
//! once, so every emitter agrees on them.

mod assumed;
mod build;
mod dedupe;
mod deep_refs;
mod directions;
mod error_types;
mod field_places;
mod names;
mod naming;
mod path_groups;
mod references;
mod schema;
mod sensitive;
mod serialization;
mod type_graph;
mod views;

pub use build::{build, build_with};

use crate::{ApiSummary, Warning};

/// A whole API, ready to emit.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Resource groups (one per first tag), sorted by accessor name.
    pub groups: Vec<Group>,
    /// Named types, sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// List data types that page with the configured pagination shape.
    pub pages: Vec<PageShape>,
    /// Rust names of the configured error code / details schemas.
    pub error_code_type: Option<String>,
    pub error_details_type: Option<String>,
    /// The operations `[session]` in the config names, when it has one.
    pub session: Option<SessionOperations>,
    /// What the spec got wrong and how it was read, sorted and deduplicated.
    pub warnings: Vec<Warning>,
}

/// The `id`s of the operations that sign in, refresh and sign out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOperations {
    pub login: String,
    pub refresh: String,
    pub logout: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub name: String,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemeKind {
    ApiKeyHeader(String),
    ApiKeyQuery(String),
    ApiKeyCookie(String),
    /// `http bearer`, OAuth 2 and OpenID Connect: all send `Authorization: Bearer`.
    Bearer,
    Basic,
}

#[derive(Debug, Clone)]
pub struct Group {
    /// The tag as written in the spec.
    pub tag: String,
    /// For a spec without tags, the path its operations share (`/v1/charges`).
    pub path: Option<String>,
    /// snake_case accessor on the client (`client.listings()`).
    pub accessor: String,
    /// PascalCase name of the group's handle type.
    pub type_name: String,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// `QUERY` (OpenAPI 3.2): safe, with a body.
    Query,
    /// Another method, from OpenAPI 3.2's `additionalOperations`, as sent (a
    /// valid RFC 9110 token).
    Other(String),
}

impl Method {
    pub fn as_str(&self) -> &str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Query => "QUERY",
            Method::Other(name) => name,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Operation {
    /// operationId, or one synthesized from method and path.
    pub id: String,
    pub method: Method,
    pub path: String,
    /// JSON pointer of the operation in the spec.
    pub pointer: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// snake_case method on the group handle (`list`).
    pub method_name: String,
    /// PascalCase request builder type (`ListListings`).
    pub builder_name: String,
    /// SCREAMING_CASE name of the operation's static descriptor.
    pub static_name: String,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// Documented 2xx responses, by status.
    pub responses: Vec<Response>,
    /// The value a successful call returns.
    pub output: Output,
    /// The `Accept` header to send; `None` when every response is plain JSON.
    pub accept: Option<String>,
    /// Alternatives (any one suffices) of scheme-name sets (all needed).
    pub security: Vec<Vec<String>>,
    /// Set when the operation pages with the configured pagination shape.
    pub paged: Option<Paged>,
}

impl Operation {
    /// The enums generated beside the request builder: by status, by media type.
    pub fn response_enums(&self) -> impl Iterator<Item = &str> {
        let per_status = match &self.output {
            Output::PerStatus(name) => Some(name.as_str()),
            _ => None,
        };
        let by_media = self.responses.iter().filter_map(|r| match &r.payload {
            Some(Payload::ByMedia(name)) => Some(name.as_str()),
            _ => None,
        });
        per_status.into_iter().chain(by_media)
    }

    /// The output text for summaries (see [`Payload::text`]).
    pub fn output_text(&self, type_text: &dyn Fn(&TypeRef) -> String) -> String {
        match &self.output {
            Output::Empty => "()".to_owned(),
            Output::Single(payload) => {
                let representations = self
                    .responses
                    .iter()
                    .find(|r| r.payload.is_some())
                    .map_or(&[][..], |r| &r.representations[..]);
                payload.text(representations, type_text)
            }
            Output::PerStatus(name) => {
                let variants: Vec<String> = self
                    .responses
                    .iter()
                    .map(|r| {
                        let status = if r.status == ANY_SUCCESS {
                            "2XX".to_owned()
                        } else {
                            r.status.to_string()
                        };
                        let payload = r
                            .payload
                            .as_ref()
                            .map_or("()".to_owned(), |p| p.text(&r.representations, type_text));
                        format!("{status}: {payload}")
                    })
                    .collect();
                format!("{name} {{ {} }}", variants.join(", "))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    /// The spec's `in` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    pub rust_name: String,
    pub location: Location,
    pub required: bool,
    pub ty: TypeRef,
    pub description: Option<String>,
    pub default: Option<serde_json::Value>,
    /// How the value becomes text on the wire.
    pub serialization: Serialization,
    /// Where the parameter is declared (`#/components/parameters/Limit` for a `$ref`).
    pub pointer: String,
    /// Set for a secret: the builder's `Debug` redacts it (see `model/sensitive.rs`).
    pub sensitive: Option<Redaction>,
}

/// OpenAPI's `style` values (Parameter Object, "Style Values").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

impl Style {
    /// The spec's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Style::Simple => "simple",
            Style::Label => "label",
            Style::Matrix => "matrix",
            Style::Form => "form",
            Style::SpaceDelimited => "spaceDelimited",
            Style::PipeDelimited => "pipeDelimited",
            Style::DeepObject => "deepObject",
        }
    }
}

/// How a parameter (or a form field) becomes text: by `style` (RFC 6570
/// expansion) or by a media type (`content`, `contentType`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Serialization {
    Style {
        style: Style,
        explode: bool,
        /// RFC 6570 reserved expansion (`allowReserved`); query values only.
        allow_reserved: bool,
    },
    /// `content: {application/json: …}`: the value as JSON text.
    Json,
    /// `content` with a non-JSON media type: the value as plain text.
    Text,
}

impl Serialization {
    /// What a parameter in `location` gets when the spec says nothing:
    /// `form` with `explode: true` in the query and cookies, `simple` elsewhere.
    pub fn default_for(location: Location) -> Serialization {
        match location {
            Location::Query | Location::Cookie => Serialization::Style {
                style: Style::Form,
                explode: true,
                allow_reserved: false,
            },
            Location::Path | Location::Header => Serialization::Style {
                style: Style::Simple,
                explode: false,
                allow_reserved: false,
            },
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Media {
    Json,
    Form,
    Multipart,
    /// Raw bytes with this content type (`application/octet-stream`, `image/png`).
    Binary(String),
    /// Text with this content type (`text/plain`, `text/csv`).
    Text(String),
}

#[derive(Debug, Clone)]
pub struct Body {
    pub media: Media,
    /// The media type sent as `Content-Type`, as the spec declares it
    /// (`application/merge-patch+json`, `text/plain; charset=utf-8`).
    pub content_type: String,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    /// The `encoding` object of a form or multipart body, by property, in
    /// the spec's order; empty when it has none.
    pub encoding: Vec<FieldEncoding>,
}

/// One entry of a form or multipart body's `encoding` object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldEncoding {
    /// The property name as sent.
    pub property: String,
    /// `contentType`, when declared.
    pub content_type: Option<String>,
    /// `style`/`explode`/`allowReserved` when any is declared (style-based
    /// serialization); otherwise the field is serialized by content type.
    pub style: Option<Serialization>,
    /// Names of the part headers `headers` declares (multipart only).
    pub headers: Vec<String>,
    /// Where the entry is declared.
    pub pointer: String,
}

/// `Response::status` of a `2XX` range or a `default` response used as the
/// success body: any 2xx status.
pub const ANY_SUCCESS: u16 = 0;

#[derive(Debug, Clone)]
pub struct Response {
    /// The documented status, or [`ANY_SUCCESS`].
    pub status: u16,
    pub description: Option<String>,
    /// The ways the body can come, the preferred first; empty for no body.
    pub representations: Vec<Representation>,
    /// What the body becomes in Rust; `None` for no body.
    pub payload: Option<Payload>,
}

impl Response {
    /// Every type its body can decode into.
    pub fn types(&self) -> impl Iterator<Item = &TypeRef> {
        self.representations
            .iter()
            .map(|representation| &representation.ty)
    }
}

/// How a response body in some media type is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `application/json`, `*+json`: the whole body is one value.
    Json,
    /// `text/event-stream`: server-sent events whose `data` is the value.
    EventStream,
    /// `application/jsonl`, `application/x-ndjson`: one value per line.
    JsonLines,
    /// `application/json-seq` (RFC 7464): one value per record.
    JsonSeq,
    /// `text/*`: a `String`.
    Text,
    /// Anything else: bytes.
    Binary,
}

impl Format {
    /// Whether the body is delivered as a stream of values.
    pub fn is_stream(self) -> bool {
        matches!(
            self,
            Format::EventStream | Format::JsonLines | Format::JsonSeq
        )
    }
}

/// One way a response body can come: the media types read the same way into the
/// same type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Representation {
    /// Media types or ranges, as `Accept` names them (lowercase, no parameters).
    pub content_types: Vec<String>,
    pub format: Format,
    /// The body's type ([`Format::Json`]), `String` (text, and event data read as
    /// text), `Bytes` (binary), or the type of each item or event's data (streams).
    pub ty: TypeRef,
    /// The body is the configured envelope and `ty` is its data field.
    pub enveloped: bool,
    /// Its variant in the media enum, when the body has several representations.
    pub variant: String,
}

/// What a response body becomes in Rust.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// The value: a model, `String` or `Vec<u8>`.
    Value(TypeRef),
    /// `EventStream<T>`, `T` the type of each event's data.
    Events(TypeRef),
    /// `JsonStream<T>`, `T` the type of each item.
    Items(TypeRef),
    /// A generated enum with one variant per representation, chosen by `Content-Type`.
    ByMedia(String),
}

impl Payload {
    /// Compact text for summaries: `T`, `EventStream<T>`, `JsonStream<T>`, or the
    /// media enum with its variants.
    pub fn text(
        &self,
        representations: &[Representation],
        type_text: &dyn Fn(&TypeRef) -> String,
    ) -> String {
        match self {
            Payload::Value(ty) => type_text(ty),
            Payload::Events(ty) => format!("EventStream<{}>", type_text(ty)),
            Payload::Items(ty) => format!("JsonStream<{}>", type_text(ty)),
            Payload::ByMedia(name) => {
                let variants: Vec<String> = representations
                    .iter()
                    .map(|r| {
                        let single = Payload::of_single(r).text(&[], type_text);
                        format!("{}: {single}", r.content_types.join(" | "))
                    })
                    .collect();
                format!("{name} {{ {} }}", variants.join(", "))
            }
        }
    }

    /// The payload of a body with only this representation.
    pub fn of_single(representation: &Representation) -> Payload {
        let ty = representation.ty.clone();
        match representation.format {
            Format::EventStream => Payload::Events(ty),
            Format::JsonLines | Format::JsonSeq => Payload::Items(ty),
            Format::Json | Format::Text | Format::Binary => Payload::Value(ty),
        }
    }
}

/// What `send()` returns.
#[derive(Debug, Clone)]
pub enum Output {
    /// No documented body: `()`.
    Empty,
    /// One body shared by every documented 2xx.
    Single(Payload),
    /// Different bodies per status: a generated enum.
    PerStatus(String),
}

#[derive(Debug, Clone)]
pub struct Paged {
    pub page_param: String,
    pub page_type: String,
    pub item: TypeRef,
}

/// How a list data type exposes its items and `has_more`.
#[derive(Debug, Clone)]
pub struct PageShape {
    pub type_name: String,
    pub items_field: String,
    pub item: TypeRef,
    pub meta_field: String,
    pub meta_optional: bool,
    pub has_more_field: String,
    pub has_more_optional: bool,
}

/// A reference to a type, as a field or parameter uses it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TypeRef {
    Named(String),
    String,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    Bool,
    Uuid,
    DateTime,
    Date,
    /// A raw request or response body (`application/octet-stream`): bytes.
    Bytes,
    /// `format: binary` in a schema: a file, sent as a multipart file part.
    File,
    /// Anything: `serde_json::Value`.
    Any,
    /// A free-form or `additionalProperties` object.
    Map(Box<TypeRef>),
    Array(Box<TypeRef>),
    /// `nullable: true`.
    Nullable(Box<TypeRef>),
}

impl TypeRef {
    pub fn is_nullable(&self) -> bool {
        matches!(self, TypeRef::Nullable(_))
    }

    /// The type without its nullability.
    pub fn non_null(&self) -> &TypeRef {
        match self {
            TypeRef::Nullable(inner) => inner.non_null(),
            other => other,
        }
    }

    /// The named type this refers to through any `Vec`, map or `Option`
    /// wrapping (each wraps exactly one type, so there is at most one).
    pub fn named_type(&self) -> Option<&str> {
        match self {
            TypeRef::Named(name) => Some(name),
            TypeRef::Map(inner) | TypeRef::Array(inner) | TypeRef::Nullable(inner) => {
                inner.named_type()
            }
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    /// The group features that need this type (`listings`, `leads`), or
    /// `None` when it is always compiled: used by every group, by the
    /// error conventions, or by no operation at all.
    pub feature_gate: Option<Vec<String>>,
    /// Where the type comes from (`#/components/schemas/Listing`).
    pub pointer: String,
    pub description: Option<String>,
    pub kind: TypeKind,
    /// Which way it travels (`directions.rs`): emit derives serde only for those.
    pub directions: Directions,
}

/// Whether a type is sent in requests, received in responses, or both. A type
/// no operation uses is marked both ways.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Directions {
    pub request: bool,
    pub response: bool,
}

impl TypeDef {
    /// The named types its fields, variants or alias target refer to.
    pub fn referenced_types(&self) -> Vec<&str> {
        let types: Vec<&TypeRef> = match &self.kind {
            TypeKind::Struct(fields) => fields.iter().map(|field| &field.ty).collect(),
            TypeKind::Union(union) => union.variants.iter().map(|variant| &variant.ty).collect(),
            TypeKind::Alias(target) => vec![target],
            TypeKind::Enum(_) => Vec::new(),
        };
        types.into_iter().filter_map(TypeRef::named_type).collect()
    }
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Vec<Field>),
    /// A string enum; always open (`Unknown(String)`).
    Enum(Vec<EnumValue>),
    Union(Union),
    Alias(TypeRef),
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub rust_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub default: Option<serde_json::Value>,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// A map of the object's other properties (`additionalProperties`),
    /// flattened into it; `name` is empty.
    pub flatten: bool,
    /// JSON pointer of the property's schema (`#/components/schemas/User/properties/password`).
    pub pointer: String,
    /// Set for a secret: `Debug` redacts it (see `model/sensitive.rs` for the rules).
    pub sensitive: Option<Redaction>,
    /// `readOnly`: sent by the server only; left out of request bodies.
    pub read_only: bool,
    /// `writeOnly`: sent by the client only; never required in responses.
    pub write_only: bool,
}

/// How much of a sensitive field `Debug` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Redaction {
    /// Tokens, keys and secrets (strings): the first 8 and last 4 characters of
    /// one of 24 or more, nothing of a shorter one.
    Ends,
    /// Passwords, and sensitive values that are not strings: nothing.
    Full,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    pub value: String,
    pub rust_name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Union {
    pub variants: Vec<Variant>,
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub rust_name: String,
    pub ty: TypeRef,
    pub boxed: bool,
}

#[derive(Debug, Clone)]
pub struct Discriminator {
    pub property: String,
    /// Tag value → index into `variants`.
    pub mapping: Vec<(String, usize)>,
}

impl Api {
    pub fn operations(&self) -> impl Iterator<Item = (&Group, &Operation)> {
        self.groups
            .iter()
            .flat_map(|group| group.operations.iter().map(move |op| (group, op)))
    }

    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|def| def.name.as_str().cmp(name))
            .ok()
            .map(|index| &self.types[index])
    }

    /// The comparable surface used to report what a spec change did.
    pub fn summary(&self) -> ApiSummary {
        let mut summary = ApiSummary::default();
        for (group, op) in self.operations() {
            let key = format!("{} {}", op.method.as_str(), op.path);
            summary
                .operations
                .insert(key, crate::emit::surface::operation_line(group, op));
        }
        for def in &self.types {
            summary
                .types
                .insert(def.name.clone(), crate::emit::surface::type_block(def));
        }
        summary
    }
}
