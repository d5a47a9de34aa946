//! Stage 2: the API model every emitter reads.
//!
//! `build` resolves the `openapiv3` document (refs, inline schemas, security
//! inheritance, names) into these plain types. Rust names are decided here,
//! once, so every emitter agrees on them.

mod assumed;
mod build;
mod deep_refs;
mod names;
mod schema;

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
    /// What the spec got wrong and how it was read, sorted and deduplicated.
    pub warnings: Vec<Warning>,
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
    /// Alternatives (any one suffices) of scheme-name sets (all needed).
    pub security: Vec<Vec<String>>,
    /// Set when the operation pages with the configured pagination shape.
    pub paged: Option<Paged>,
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
    pub ty: TypeRef,
    pub required: bool,
    pub description: Option<String>,
}

/// `Response::status` of a `2XX` range or a `default` response used as the
/// success body: any 2xx status.
pub const ANY_SUCCESS: u16 = 0;

#[derive(Debug, Clone)]
pub struct Response {
    /// The documented status, or [`ANY_SUCCESS`].
    pub status: u16,
    pub description: Option<String>,
    /// `None` for an empty body.
    pub media: Option<Media>,
    pub ty: Option<TypeRef>,
    /// The body is the configured envelope and `ty` is its data field.
    pub enveloped: bool,
}

/// What `send()` returns.
#[derive(Debug, Clone)]
pub enum Output {
    /// No documented body: `()`.
    Empty,
    /// One body type shared by every documented 2xx.
    Single(TypeRef),
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
    /// `format: binary` (raw bytes).
    Bytes,
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
