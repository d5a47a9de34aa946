//! `src/types.rs`: one Rust type per named schema.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use super::serde_impls::SerdeImpls;
use super::struct_serde;
use super::type_modules::{TypeModule, module_declaration};
use super::{Scope, debug_field, ident, rust_type};
use crate::model::{Api, EnumValue, Field, PageShape, TypeDef, TypeKind, TypeRef, Union};

/// `src/types.rs` and its modules are emitted in parts so big specs can be
/// formatted in parallel: the header, then the types in chunks, then the page
/// impls (`super::type_modules` says which type goes where).
pub fn types_header(modules: &[TypeModule<'_>]) -> TokenStream {
    let declarations = modules.iter().map(module_declaration);
    quote! {
        //! Models: one type per schema of the spec.
        //!
        //! Each implements `Deserialize` if responses bring it and `Serialize` if requests
        //! send it (both if no operation uses it); the cargo feature `serde-both-ways`
        //! adds the other direction to every model. A struct's impls are written out
        //! over `runtime::de` and `runtime::ser` rather than derived (except for a
        //! struct with a flattened field): they are much less for rustc to check.
        #![allow(clippy::large_enum_variant, clippy::type_complexity)]

        #( #declarations )*
    }
}

/// The definitions of `defs`, in order.
pub fn type_items(api: &Api, defs: &[&TypeDef]) -> TokenStream {
    let in_unions = super::unions::structs_in_unions(api);
    let has_secrets = !super::conventions::sensitive_properties(api).is_empty();
    let defs = defs.iter().map(|def| {
        let item = type_def(api, def, has_secrets);
        if in_unions.contains(def.name.as_str()) {
            let shape = super::unions::struct_shape(api, &def.name);
            quote! { #item #shape }
        } else {
            item
        }
    });
    quote! { #( #defs )* }
}

/// `Paginated` impls for the list data types in `module` (`None`: in
/// `types.rs` itself).
pub fn page_impls(api: &Api, module: Option<&TypeModule<'_>>) -> TokenStream {
    let pages = api
        .pages
        .iter()
        .filter(|shape| {
            let gate = api
                .type_def(&shape.type_name)
                .and_then(|def| def.feature_gate.as_deref());
            gate == module.map(|module| module.groups)
        })
        .map(|shape| paginated_impl(api, shape));
    quote! { #( #pages )* }
}

/// `has_secrets`: the API has sensitive properties, so a tagged union's
/// `Unknown` JSON needs a redacting `Debug`.
fn type_def(api: &Api, def: &TypeDef, has_secrets: bool) -> TokenStream {
    let mut doc = def.description.clone().unwrap_or_default();
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Schema: `{}`", def.pointer));
    let docs = doc_lines(&doc);
    let name = ident(&def.name);
    let serde = SerdeImpls::of(def);
    match &def.kind {
        TypeKind::Struct(fields) => struct_def(&name, fields, docs, serde),
        TypeKind::Enum(values) => enum_def(&name, values, docs, serde),
        TypeKind::Union(union) => union_def(api, &name, union, docs, has_secrets, serde),
        TypeKind::Alias(target) => {
            let target = rust_type(target, Scope::Types);
            quote! { #docs pub type #name = #target; }
        }
    }
}

/// The field's declared type: `Option` for optional or nullable, both for
/// optional-and-nullable (absent vs `null`), `Box` to break cycles.
fn field_type(field: &Field) -> TokenStream {
    let inner = rust_type(field.ty.non_null(), Scope::Types);
    let inner = if field.boxed {
        quote!(Box<#inner>)
    } else {
        inner
    };
    match (field.required, field.ty.is_nullable()) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(Option<#inner>),
        (false, true) => quote!(Option<Option<#inner>>),
    }
}

/// The field's `#[serde(..)]`, for serde's derives (written-out impls,
/// `struct_serde`, need none).
fn field_serde_attribute(field: &Field, written_out: bool) -> Option<TokenStream> {
    if written_out {
        return None;
    }
    let mut args = Vec::new();
    if field.flatten {
        args.push(quote!(flatten));
    } else if field.rust_name != field.name {
        let json_name = &field.name;
        args.push(quote!(rename = #json_name));
    }
    match (field.required, field.ty.is_nullable()) {
        (false, false) => args.push(quote!(default, skip_serializing_if = "Option::is_none")),
        (false, true) => args.push(quote!(
            default,
            skip_serializing_if = "Option::is_none",
            with = "crate::runtime::double_option"
        )),
        _ => {}
    }
    (!args.is_empty()).then(|| quote!(#[serde(#(#args),*)]))
}

fn struct_def(
    name: &proc_macro2::Ident,
    fields: &[Field],
    docs: TokenStream,
    serde: SerdeImpls,
) -> TokenStream {
    let written_out = struct_serde::written_out(fields);
    let all_optional = fields
        .iter()
        .all(|f| !f.required || f.ty.is_nullable() || f.flatten);
    let default = all_optional.then(|| quote!(Default,));
    let declarations = fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let ty = field_type(field);
        let serde = field_serde_attribute(field, written_out);
        let mut doc = field.description.clone().unwrap_or_default();
        if let Some(default) = &field.default {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str(&format!("Server default: `{default}`."));
        }
        if !field.required && field.ty.is_nullable() {
            if !doc.is_empty() {
                doc.push_str("\n\n");
            }
            doc.push_str("`None` leaves the field out; `Some(None)` sends `null`.");
        }
        let docs = (!doc.is_empty()).then(|| doc_lines(&doc));
        let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
        quote! { #docs #deprecated #serde pub #field_name: #ty, }
    });
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| f.required && !f.ty.is_nullable() && !f.flatten)
        .collect();
    let params = required.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        if field.ty == TypeRef::String && !field.boxed {
            return quote!(#field_name: impl Into<String>);
        }
        let ty = field_type(field);
        quote!(#field_name: #ty)
    });
    let inits = fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        if field.flatten {
            quote!(#field_name: Default::default())
        } else if field.required && field.ty == TypeRef::String && !field.boxed {
            quote!(#field_name: #field_name.into())
        } else if field.required && !field.ty.is_nullable() {
            quote!(#field_name)
        } else {
            quote!(#field_name: None)
        }
    });
    let too_many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let any_deprecated = fields
        .iter()
        .any(|f| f.deprecated)
        .then(|| quote!(#[allow(deprecated)]));
    let redacted_debug = redacted_debug(name, fields, any_deprecated.as_ref());
    let debug = redacted_debug.is_none().then(|| quote!(Debug,));
    let (derives, feature_derived, serde_impls) = if written_out {
        let allow = any_deprecated.as_ref();
        let serialize_cfg = serde.serialize_cfg();
        let deserialize_cfg = serde.deserialize_cfg();
        let serialize = struct_serde::serialize_impl(name, fields, serialize_cfg.as_ref(), allow);
        let deserialize =
            struct_serde::deserialize_impls(name, fields, deserialize_cfg.as_ref(), allow);
        (None, None, Some(quote!(#serialize #deserialize)))
    } else {
        (Some(serde.always_derived()), serde.feature_derived(), None)
    };
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default #derives)]
        #feature_derived
        #[non_exhaustive]
        pub struct #name {
            #( #declarations )*
        }

        #redacted_debug

        #serde_impls

        #any_deprecated
        impl #name {
            /// Creates a value from its required fields; optional fields start as `None`.
            #too_many
            pub fn new(#( #params ),*) -> Self {
                Self { #( #inits ),* }
            }
        }
    }
}

/// A `Debug` that redacts the sensitive fields, for a struct that has any;
/// the others keep `#[derive(Debug)]`.
fn redacted_debug(
    name: &proc_macro2::Ident,
    fields: &[Field],
    allow_deprecated: Option<&TokenStream>,
) -> Option<TokenStream> {
    if fields.iter().all(|field| field.sensitive.is_none()) {
        return None;
    }
    let label = name.to_string();
    let entries = fields
        .iter()
        .map(|field| debug_field(&field.rust_name, field.sensitive));
    Some(quote! {
        /// Sensitive fields are redacted.
        #allow_deprecated
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #( #entries )* .finish()
            }
        }
    })
}

fn enum_def(
    name: &proc_macro2::Ident,
    values: &[EnumValue],
    docs: TokenStream,
    serde: SerdeImpls,
) -> TokenStream {
    let serialize_cfg = serde.serialize_cfg();
    let deserialize_cfg = serde.deserialize_cfg();
    let variants: Vec<_> = values.iter().map(|v| ident(&v.rust_name)).collect();
    let strings: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = strings.iter().map(|s| format!(" `{s}`"));
    quote! {
        #docs
        ///
        /// Open: a value this client does not know yet arrives as `Unknown`
        /// instead of failing to decode.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value not known when this client was generated.
            Unknown(String),
        }

        impl #name {
            /// The value as the API spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #strings, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl crate::runtime::OpenEnum for #name {
            const KNOWN: &'static [(&'static str, Self)] = &[#( (#strings, Self::#variants) ),*];
            fn unknown(value: String) -> Self {
                Self::Unknown(value)
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                crate::runtime::open_enum::parse(value)
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                crate::runtime::open_enum::parse_owned(value)
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(crate::runtime::open_enum::parse(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #serialize_cfg
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        #deserialize_cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::open_enum::deserialize(deserializer)
            }
        }
    }
}

fn union_def(
    api: &Api,
    name: &proc_macro2::Ident,
    union: &Union,
    docs: TokenStream,
    has_secrets: bool,
    serde: SerdeImpls,
) -> TokenStream {
    // `Serialize` is derived (untagged, each variant as its value), `Deserialize`
    // is written by hand.
    let (derived_serialize, serialize_attrs) =
        serde.derived_serialize_with(quote!(serde(untagged)));
    let deserialize_cfg = serde.deserialize_cfg();
    let variants: Vec<_> = union.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let payloads: Vec<_> = union
        .variants
        .iter()
        .map(|v| {
            let ty = rust_type(&v.ty, Scope::Types);
            if v.boxed { quote!(Box<#ty>) } else { ty }
        })
        .collect();
    let Some(discriminator) = &union.discriminator else {
        let ranking = format!(" {}", super::unions::RANKING_DOC);
        let deserialize = super::unions::untagged_deserialize(api, name, union);
        return quote! {
            #docs
            ///
            #[doc = #ranking]
            #[derive(Debug, Clone, PartialEq, #derived_serialize)]
            #serialize_attrs
            #[non_exhaustive]
            pub enum #name {
                #( #variants(#payloads), )*
            }

            #deserialize_cfg
            #deserialize
        };
    };
    let property = &discriminator.property;
    let arms = discriminator.mapping.iter().map(|(tag, index)| {
        let variant = &variants[*index];
        let boxed = union.variants[*index].boxed;
        let wrap = if boxed { quote!(|v| Self::#variant(Box::new(v))) } else { quote!(Self::#variant) };
        quote! {
            Some(#tag) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        }
    });
    let property_doc =
        format!(" Tagged by the `{property}` property; an unknown tag decodes as `Unknown`.");
    // An unknown variant's JSON can hold any of the API's secrets.
    let redacted_debug = has_secrets.then(|| {
        let labels = union.variants.iter().map(|v| v.rust_name.as_str());
        quote! {
            /// The JSON of an `Unknown` variant is shown with sensitive properties redacted.
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        #( Self::#variants(value) => f.debug_tuple(#labels).field(value).finish(), )*
                        Self::Unknown(value) => f
                            .debug_tuple("Unknown")
                            .field(&crate::runtime::RedactedJson(value))
                            .finish(),
                    }
                }
            }
        }
    });
    let debug = redacted_debug.is_none().then(|| quote!(Debug,));
    quote! {
        #docs
        ///
        #[doc = #property_doc]
        #[derive(#debug Clone, PartialEq, #derived_serialize)]
        #serialize_attrs
        #[non_exhaustive]
        pub enum #name {
            #( #variants(#payloads), )*
            /// A variant not known when this client was generated, kept as JSON.
            Unknown(serde_json::Value),
        }

        #deserialize_cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #( #arms )*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }

        #redacted_debug
    }
}

fn paginated_impl(api: &Api, shape: &PageShape) -> TokenStream {
    let page = ident(&shape.type_name);
    let item = rust_type(&shape.item, Scope::Types);
    let items = ident(&shape.items_field);
    let meta = ident(&shape.meta_field);
    let has_more = ident(&shape.has_more_field);
    let items_optional = api
        .type_def(&shape.type_name)
        .and_then(|def| match &def.kind {
            TypeKind::Struct(fields) => fields.iter().find(|f| f.rust_name == shape.items_field),
            _ => None,
        })
        .is_some_and(|field| !field.required || field.ty.is_nullable());
    let into_items = if items_optional {
        quote!(self.#items.unwrap_or_default())
    } else {
        quote!(self.#items)
    };
    let has_more_expr = match (shape.meta_optional, shape.has_more_optional) {
        (false, false) => quote!(self.#meta.#has_more),
        (false, true) => quote!(self.#meta.#has_more.unwrap_or(false)),
        (true, false) => quote!(self.#meta.as_ref().is_some_and(|meta| meta.#has_more)),
        (true, true) => {
            quote!(self.#meta.as_ref().and_then(|meta| meta.#has_more).unwrap_or(false))
        }
    };
    quote! {
        impl crate::runtime::Paginated for #page {
            type Item = #item;
            fn into_items(self) -> Vec<Self::Item> {
                #into_items
            }
            fn has_more(&self) -> bool {
                #has_more_expr
            }
        }
    }
}
