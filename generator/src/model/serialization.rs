//! How parameters and form fields become text: `style`, `explode`,
//! `allowReserved` and `content` read from the spec, and a warning for every
//! combination the OpenAPI Specification leaves undefined (the _n/a_ cells of
//! its "Style Examples" table), saying what the client sends instead.
//!
//! The rules themselves live in the runtime (`templates/runtime/serialize.rs`);
//! this module only decides which rule a parameter gets.

use openapiv3::{Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle};

use super::{Api, FieldEncoding, Location, Media, Serialization, Style, TypeKind, TypeRef};
use crate::Warning;
use crate::error::escape_pointer;

/// The serialization a parameter declares; `warnings` gets what cannot be
/// read as written.
pub(super) fn of_parameter(
    param: &Parameter,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> Serialization {
    let data = param.parameter_data_ref();
    if let ParameterSchemaOrContent::Content(content) = &data.format {
        let first = content.keys().next();
        if content.len() > 1 {
            warnings.push(Warning::new(
                format!("{pointer}/content"),
                format!(
                    "`content` must hold exactly one media type; the parameter is sent as the first, `{}`",
                    first.map(String::as_str).unwrap_or_default()
                ),
            ));
        }
        return match first {
            Some(media) if is_json(media) => Serialization::Json,
            _ => Serialization::Text,
        };
    }
    let (style, allow_reserved) = match param {
        Parameter::Query {
            style,
            allow_reserved,
            ..
        } => (query_style(style), *allow_reserved),
        Parameter::Path { style, .. } => (
            match style {
                PathStyle::Simple => Style::Simple,
                PathStyle::Label => Style::Label,
                PathStyle::Matrix => Style::Matrix,
            },
            false,
        ),
        Parameter::Header { .. } => (Style::Simple, false),
        Parameter::Cookie { .. } => (Style::Form, false),
    };
    let explode = exploded(style, data.explode, pointer, &data.name, warnings);
    Serialization::Style {
        style,
        explode,
        allow_reserved,
    }
}

/// A form or multipart body's `encoding` entry. `raw` is the entry as JSON,
/// because `openapiv3` reads an absent `explode` as `false` where the
/// specification's default is `true` for `style: form`.
pub(super) fn of_encoding(
    property: &str,
    encoding: &openapiv3::Encoding,
    raw: Option<&serde_json::Value>,
    pointer: &str,
    warnings: &mut Vec<Warning>,
) -> FieldEncoding {
    let declared = |key: &str| raw.and_then(|raw| raw.get(key));
    let explicit_explode = declared("explode").and_then(serde_json::Value::as_bool);
    let styled = encoding.style.is_some()
        || declared("explode").is_some()
        || declared("allowReserved").is_some();
    let style = styled.then(|| {
        let style = encoding
            .style
            .as_ref()
            .map(query_style)
            .unwrap_or(Style::Form);
        Serialization::Style {
            style,
            explode: exploded(style, explicit_explode, pointer, property, warnings),
            allow_reserved: encoding.allow_reserved,
        }
    });
    let mut headers: Vec<String> = encoding
        .headers
        .keys()
        .filter(|name| !name.eq_ignore_ascii_case("content-type"))
        .cloned()
        .collect();
    headers.sort();
    FieldEncoding {
        property: property.to_owned(),
        content_type: encoding
            .content_type
            .clone()
            .filter(|ct| !ct.trim().is_empty()),
        style,
        headers,
        pointer: pointer.to_owned(),
    }
}

fn query_style(style: &QueryStyle) -> Style {
    match style {
        QueryStyle::Form => Style::Form,
        QueryStyle::SpaceDelimited => Style::SpaceDelimited,
        QueryStyle::PipeDelimited => Style::PipeDelimited,
        QueryStyle::DeepObject => Style::DeepObject,
    }
}

/// `explode` with the specification's default (`true` for `form` only).
/// `deepObject` is always exploded: OpenAPI defines no other form of it, and
/// specs that leave `explode` out (its default is `false`) mean that one.
fn exploded(
    style: Style,
    explode: Option<bool>,
    pointer: &str,
    name: &str,
    warnings: &mut Vec<Warning>,
) -> bool {
    if style == Style::DeepObject {
        if explode == Some(false) {
            warnings.push(Warning::new(
                pointer,
                format!(
                    "`{name}`: `style: deepObject` with `explode: false` is undefined in OpenAPI; \
                     it is sent exploded, `{name}[key]=value`, the only deepObject form the specification shows"
                ),
            ));
        }
        return true;
    }
    explode.unwrap_or(style == Style::Form)
}

/// `application/json`, `*+json` and other JSON media types.
pub(super) fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
}

/// The shape of a value as serialization sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Primitive,
    Array,
    Object,
    /// A union or anything: decided per value at run time.
    Unknown,
}

fn shape(api: &Api, ty: &TypeRef) -> Shape {
    let mut ty = ty;
    // Alias chains are finite: the model turns alias cycles into `Any`.
    for _ in 0..64 {
        match ty {
            TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Array(_) => return Shape::Array,
            TypeRef::Map(_) => return Shape::Object,
            TypeRef::Any => return Shape::Unknown,
            TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Struct(_)) => return Shape::Object,
                Some(TypeKind::Enum(_)) => return Shape::Primitive,
                Some(TypeKind::Alias(target)) => ty = target,
                Some(TypeKind::Union(_)) | None => return Shape::Unknown,
            },
            _ => return Shape::Primitive,
        }
    }
    Shape::Unknown
}

/// Whether a field holds a file or an array of files (`format: binary`).
fn holds_files(api: &Api, ty: &TypeRef) -> bool {
    let mut ty = ty;
    for _ in 0..64 {
        match ty {
            TypeRef::File => return true,
            TypeRef::Nullable(inner) | TypeRef::Array(inner) => ty = inner,
            TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// Whether the items or properties of an array or object are themselves
/// arrays or objects (RFC 6570 defines one level only).
fn nested(api: &Api, ty: &TypeRef) -> bool {
    let compound = |ty: &TypeRef| matches!(shape(api, ty), Shape::Array | Shape::Object);
    let mut ty = ty;
    for _ in 0..64 {
        match ty {
            TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Array(item) | TypeRef::Map(item) => return compound(item),
            TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Struct(fields)) => {
                    return fields.iter().any(|field| compound(&field.ty));
                }
                Some(TypeKind::Alias(target)) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// One warning per parameter or form field whose style the specification
/// does not define for its type, naming what is sent instead.
pub(super) fn undefined_combinations(api: &Api) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for (_, op) in api.operations() {
        for param in &op.params {
            if let Some(message) = undefined(
                api,
                &param.name,
                param.location,
                &param.ty,
                &param.serialization,
            ) {
                warnings.push(Warning::new(&param.pointer, message));
            }
        }
        let Some(body) = &op.body else { continue };
        let fields = match body.ty.named_type().and_then(|name| api.type_def(name)) {
            Some(def) => match &def.kind {
                TypeKind::Struct(fields) => fields.as_slice(),
                _ => &[],
            },
            None => &[],
        };
        for encoding in &body.encoding {
            let Some(field) = fields.iter().find(|f| f.name == encoding.property) else {
                warnings.push(Warning::new(
                    &encoding.pointer,
                    format!(
                        "`encoding` names `{}`, which is not a property of the body; the entry is ignored",
                        encoding.property
                    ),
                ));
                continue;
            };
            let multipart = body.media == Media::Multipart;
            if multipart && !encoding.headers.is_empty() && !holds_files(api, &field.ty) {
                warnings.push(Warning::new(
                    &encoding.pointer,
                    format!(
                        "`{}` declares part headers ({}), which this client sends on file parts only \
                         (`File::header`); the part is sent without them",
                        encoding.property,
                        encoding.headers.join(", ")
                    ),
                ));
            }
            if let Some(serialization) = &encoding.style {
                if let Some(message) = undefined(
                    api,
                    &encoding.property,
                    Location::Query,
                    &field.ty,
                    serialization,
                ) {
                    warnings.push(Warning::new(&encoding.pointer, message));
                }
            } else if let Some(content_type) = &encoding.content_type {
                let object = match shape(api, &field.ty) {
                    Shape::Object => true,
                    // Items that are objects or arrays.
                    Shape::Array => nested(api, &field.ty),
                    Shape::Primitive | Shape::Unknown => false,
                };
                if object && !is_json(content_type) {
                    warnings.push(Warning::new(
                        &encoding.pointer,
                        format!(
                            "`{}` is an object but its `contentType` is `{content_type}`, which this client cannot \
                             produce; it is sent as JSON with `Content-Type: application/json`",
                            encoding.property
                        ),
                    ));
                }
            }
        }
    }
    warnings
}

fn undefined(
    api: &Api,
    name: &str,
    location: Location,
    ty: &TypeRef,
    serialization: &Serialization,
) -> Option<String> {
    let Serialization::Style { style, explode, .. } = serialization else {
        return None;
    };
    let (style, explode) = (*style, *explode);
    let shape = shape(api, ty);
    let spelled = style.as_str();
    match (style, shape) {
        (Style::SpaceDelimited | Style::PipeDelimited, Shape::Primitive) => Some(format!(
            "`{name}`: `style: {spelled}` is defined for arrays and objects, not a single value; \
             it is sent as `style: form` sends it: `{name}=value`"
        )),
        (Style::SpaceDelimited | Style::PipeDelimited, Shape::Array) if explode => Some(format!(
            "`{name}`: `style: {spelled}` with `explode: true` is undefined; \
             the array is sent as `style: form, explode: true` sends it: `{name}=a&{name}=b`"
        )),
        (Style::SpaceDelimited | Style::PipeDelimited, Shape::Object) if explode => Some(format!(
            "`{name}`: `style: {spelled}` with `explode: true` is undefined; \
             the object is sent as `style: form, explode: true` sends it: `key=value&key2=value2`"
        )),
        (Style::DeepObject, Shape::Primitive) => Some(format!(
            "`{name}`: `style: deepObject` is defined for objects, not a single value; \
             it is sent as `{name}=value`"
        )),
        (Style::DeepObject, Shape::Array) => Some(format!(
            "`{name}`: `style: deepObject` is defined for objects, not arrays; the array is sent as \
             `{name}[]=a&{name}[]=b` (Stripe's documented `expand[]=…` form), items that are objects \
             or arrays as `{name}[0][key]=value`"
        )),
        (Style::DeepObject, Shape::Object) if nested(api, ty) => Some(format!(
            "`{name}`: `style: deepObject` leaves properties that are objects or arrays undefined; \
             they are sent as `{name}[key][inner]=value` and `{name}[key][]=item`"
        )),
        (Style::Form, Shape::Array | Shape::Object) if location == Location::Cookie => {
            Some(format!(
                "`{name}`: a cookie with several values is undefined for `style: form` (OpenAPI 3.1.1, \
             Appendix D); it is sent as {}",
                if explode {
                    format!(
                        "separate cookies: `{name}=a; {name}=b` (objects: `key=value; key2=value2`)"
                    )
                } else {
                    format!("one cookie: `{name}=a,b`")
                }
            ))
        }
        (Style::DeepObject, _) => None,
        (_, Shape::Array | Shape::Object) if nested(api, ty) => Some(format!(
            "`{name}`: `style: {spelled}` (RFC 6570) defines one level of arrays and objects; \
             nested arrays and objects in it are sent as JSON text"
        )),
        _ => None,
    }
}

/// The pointer of a body's `encoding` entry.
pub(super) fn encoding_pointer(media_pointer: &str, property: &str) -> String {
    format!("{media_pointer}/encoding/{}", escape_pointer(property))
}
