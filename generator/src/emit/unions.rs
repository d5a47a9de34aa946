//! Decoding a union without a discriminator: a small `Deserialize` per union that
//! hands the JSON to `runtime::decode_union` with a static description of each
//! variant (its JSON types, properties, required properties, small enums). An
//! object variant's description is a `SHAPE` constant of its struct, written once
//! however many unions it is in (Stripe's 833 unions share 147 shapes).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Api, TypeKind, TypeRef, Union};

/// How ties between variants are broken, for the generated docs.
pub const RANKING_DOC: &str = "Decoded as the variant that fits the JSON best: the right JSON type first, then the \
     fewest required properties missing or enum values not allowed, then the most properties \
     the variant declares, then the fewest it declares that are absent, then the order of the \
     spec. The best-ranked variant that decodes wins.";

/// Property enums with more values than this are not worth a check: they do not
/// tell variants apart (tags like `type` or `object` have one value or a few).
const MAX_ENUM_VALUES: usize = 16;

/// Bits of `runtime::kind`.
const NULL: u8 = 1;
const BOOLEAN: u8 = 1 << 1;
const INTEGER: u8 = 1 << 2;
const NUMBER: u8 = 1 << 3;
const STRING: u8 = 1 << 4;
const ARRAY: u8 = 1 << 5;
const OBJECT: u8 = 1 << 6;
const ANY: u8 = (1 << 7) - 1;

/// What the wire form of a variant looks like.
#[derive(Debug, Default, PartialEq)]
struct Shape {
    kinds: u8,
    /// Sorted, so the runtime can binary-search them.
    properties: Vec<String>,
    required: Vec<String>,
    enums: Vec<(String, Vec<String>)>,
    values: Vec<String>,
}

fn shape(api: &Api, ty: &TypeRef, depth: usize) -> Shape {
    let of = |kinds| Shape {
        kinds,
        ..Shape::default()
    };
    if depth > 8 {
        return of(ANY);
    }
    match ty {
        TypeRef::Nullable(inner) => {
            let mut inner = shape(api, inner, depth + 1);
            inner.kinds |= NULL;
            inner
        }
        TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => of(STRING),
        // `Vec<u8>` in JSON is an array of numbers.
        TypeRef::Bytes | TypeRef::Array(_) => of(ARRAY),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => of(INTEGER),
        TypeRef::F32 | TypeRef::F64 => of(NUMBER),
        TypeRef::Bool => of(BOOLEAN),
        // A file is never inside a JSON body; nothing about its shape is known.
        TypeRef::Any | TypeRef::File => of(ANY),
        TypeRef::Map(_) => of(OBJECT),
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(fields)) => {
                let mut properties: Vec<String> = fields
                    .iter()
                    .filter(|f| !f.flatten)
                    .map(|f| f.name.clone())
                    .collect();
                properties.sort();
                let required = fields
                    .iter()
                    .filter(|f| f.required && !f.flatten)
                    .map(|f| f.name.clone())
                    .collect();
                let enums = fields
                    .iter()
                    .filter(|f| !f.flatten)
                    .filter_map(|f| {
                        let values = enum_values(api, f.ty.non_null(), 0)?;
                        (values.len() <= MAX_ENUM_VALUES).then(|| (f.name.clone(), values))
                    })
                    .collect();
                Shape {
                    kinds: OBJECT,
                    properties,
                    required,
                    enums,
                    values: Vec::new(),
                }
            }
            Some(TypeKind::Enum(values)) => Shape {
                kinds: STRING,
                values: values.iter().map(|v| v.value.clone()).collect(),
                ..Shape::default()
            },
            Some(TypeKind::Union(union)) => {
                // A nested union takes what any of its variants takes.
                let mut kinds = 0;
                let mut properties = Vec::new();
                for variant in &union.variants {
                    let inner = shape(api, &variant.ty, depth + 1);
                    kinds |= inner.kinds;
                    properties.extend(inner.properties);
                }
                if union.discriminator.is_some() {
                    kinds |= OBJECT;
                }
                properties.sort();
                properties.dedup();
                Shape {
                    kinds,
                    properties,
                    ..Shape::default()
                }
            }
            Some(TypeKind::Alias(target)) => shape(api, target, depth + 1),
            None => of(ANY),
        },
    }
}

/// The values of a string enum type, through aliases.
fn enum_values(api: &Api, ty: &TypeRef, depth: usize) -> Option<Vec<String>> {
    let TypeRef::Named(name) = ty else {
        return None;
    };
    match &api.type_def(name)?.kind {
        TypeKind::Enum(values) => Some(values.iter().map(|v| v.value.clone()).collect()),
        TypeKind::Alias(target) if depth < 8 => enum_values(api, target.non_null(), depth + 1),
        _ => None,
    }
}

/// A `Shape` expression, without its name.
fn shape_tokens(shape: &Shape) -> TokenStream {
    let base = if shape.kinds & !NULL == OBJECT && !shape.properties.is_empty() {
        let properties = &shape.properties;
        let required = &shape.required;
        let enums = shape
            .enums
            .iter()
            .map(|(property, values)| quote!((#property, &[#( #values ),*])));
        quote!(Shape::object(&[#( #properties ),*], &[#( #required ),*], &[#( #enums ),*]))
    } else if shape.kinds & !NULL == STRING && !shape.values.is_empty() {
        let values = &shape.values;
        quote!(Shape::strings(&[#( #values ),*]))
    } else {
        let kinds = kind_tokens(shape.kinds & !NULL);
        quote!(Shape::of(#kinds))
    };
    with_null(base, shape.kinds)
}

fn with_null(base: TokenStream, kinds: u8) -> TokenStream {
    if kinds & NULL != 0 && kinds != ANY {
        quote!(#base.or_null())
    } else {
        base
    }
}

/// The struct a variant is, through aliases and nullability.
fn variant_struct<'a>(api: &'a Api, ty: &'a TypeRef, depth: usize) -> Option<&'a str> {
    match ty {
        TypeRef::Nullable(inner) if depth < 8 => variant_struct(api, inner, depth + 1),
        TypeRef::Named(name) => match &api.type_def(name)?.kind {
            TypeKind::Struct(fields) if fields.iter().any(|f| !f.flatten) => Some(name),
            TypeKind::Alias(target) if depth < 8 => variant_struct(api, target, depth + 1),
            _ => None,
        },
        _ => None,
    }
}

/// The structs that are a variant of some union without discriminator: each gets
/// a `SHAPE` constant.
pub fn structs_in_unions(api: &Api) -> BTreeSet<&str> {
    api.types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Union(union) if union.discriminator.is_none() => Some(union),
            _ => None,
        })
        .flat_map(|union| union.variants.iter())
        .filter_map(|variant| variant_struct(api, &variant.ty, 0))
        .collect()
}

/// `impl S { const SHAPE }` for a struct in `structs_in_unions`.
pub fn struct_shape(api: &Api, name: &str) -> TokenStream {
    let shape = shape_tokens(&shape(api, &TypeRef::Named(name.to_owned()), 0));
    let ident = ident(name);
    quote! {
        impl #ident {
            /// How this type looks on the wire, for the unions it is a variant of.
            #[allow(dead_code, reason = "features may leave those unions out")]
            pub(crate) const SHAPE: crate::runtime::Shape = {
                use crate::runtime::Shape;
                #shape
            };
        }
    }
}

fn kind_tokens(kinds: u8) -> TokenStream {
    if kinds == ANY & !NULL || kinds == ANY {
        return quote!(crate::runtime::kind::ANY);
    }
    let names = [
        (BOOLEAN, "BOOLEAN"),
        (INTEGER, "INTEGER"),
        (NUMBER, "NUMBER"),
        (STRING, "STRING"),
        (ARRAY, "ARRAY"),
        (OBJECT, "OBJECT"),
    ];
    let parts: Vec<TokenStream> = names
        .iter()
        .filter(|(bit, _)| kinds & bit != 0)
        .map(|(_, name)| {
            let name = ident(name);
            quote!(crate::runtime::kind::#name)
        })
        .collect();
    if parts.is_empty() {
        quote!(crate::runtime::kind::NULL)
    } else {
        quote!(#( #parts )|*)
    }
}

/// `impl Deserialize` for a union without discriminator.
pub fn untagged_deserialize(api: &Api, name: &proc_macro2::Ident, union: &Union) -> TokenStream {
    let shapes = union.variants.iter().map(|variant| {
        let name = &variant.rust_name;
        let shape = shape(api, &variant.ty, 0);
        let base = match variant_struct(api, &variant.ty, 0) {
            Some(object) => {
                let object = ident(object);
                with_null(quote!(#object::SHAPE), shape.kinds)
            }
            None => shape_tokens(&shape),
        };
        quote!(#base.named(#name))
    });
    let last = union.variants.len().saturating_sub(1);
    let wrap = |variant: &crate::model::Variant| {
        let member = ident(&variant.rust_name);
        if variant.boxed {
            quote!(|v| Self::#member(Box::new(v)))
        } else {
            quote!(Self::#member)
        }
    };
    let wraps: Vec<TokenStream> = union.variants.iter().take(1).map(wrap).collect();
    let arms = union.variants.iter().enumerate().map(|(index, variant)| {
        let wrap = wrap(variant);
        let pattern = if index == last {
            quote!(_)
        } else {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#index)
        };
        quote!(#pattern => serde::Deserialize::deserialize(value).map(#wrap),)
    });
    let union_name = name.to_string();
    let decode = if union.variants.len() == 1 {
        quote!(|_, value| serde::Deserialize::deserialize(value).map(#( #wraps )*))
    } else {
        quote!(|variant, value| match variant { #( #arms )* })
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use crate::runtime::Shape;
                const SHAPES: &[Shape] = &[#( #shapes ),*];
                let value = serde_json::Value::deserialize(deserializer)?;
                crate::runtime::decode_union(#union_name, &value, SHAPES, #decode)
                    .map_err(serde::de::Error::custom)
            }
        }
    }
}
