//! Stage 3: model → token streams, one function per generated file.
//!
//! Emitters read only [`crate::model`]; they never see the spec.

mod conventions;
mod crate_root;
mod docs;
mod mock;
mod operations;
mod responses;
pub(crate) mod serde_impls;
mod struct_serde;
pub mod surface;
mod type_modules;
mod types;
mod unions;

pub use conventions::conventions_file;
pub use crate_root::{apis_mod_file, lib_file};
pub use mock::mock_file;
pub use operations::group_file;
pub use serde_impls::BOTH_WAYS as SERDE_BOTH_WAYS_FEATURE;
pub use type_modules::{TypeModule, layout as types_layout, module_header};
pub use types::{page_impls, type_items, types_header};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, Redaction, TypeKind, TypeRef};

/// Where a type is named from: inside `types` or from another module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Types,
    Elsewhere,
}

/// An identifier token. Model names are valid identifiers by construction;
/// anything else is mangled rather than allowed to panic `proc_macro2`.
pub fn ident(name: &str) -> Ident {
    let valid = !name.is_empty()
        && name != "_"
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && syn::parse_str::<Ident>(name).is_ok();
    if valid {
        Ident::new(name, Span::call_site())
    } else {
        let mangled: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        Ident::new(&format!("x_{mangled}"), Span::call_site())
    }
}

/// The Rust spelling of a type reference.
pub fn rust_type(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Elsewhere => quote!(crate::types::#name),
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Uuid => quote!(uuid::Uuid),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Bytes => quote!(Vec<u8>),
        TypeRef::File => quote!(crate::runtime::File),
        TypeRef::Any => quote!(serde_json::Value),
        TypeRef::Map(value) => {
            let value = rust_type(value, scope);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Array(item) => {
            let item = rust_type(item, scope);
            quote!(Vec<#item>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner, scope);
            quote!(Option<#inner>)
        }
    }
}

/// One `.field(…)` of a hand-written `Debug`: the member itself, or a
/// redacted stand-in for a secret (a type's field or a builder's parameter).
fn debug_field(rust_name: &str, redaction: Option<Redaction>) -> TokenStream {
    let member = ident(rust_name);
    let value = match redaction {
        None => quote!(&self.#member),
        Some(Redaction::Ends) => quote!(&crate::runtime::Redacted(&self.#member)),
        Some(Redaction::Full) => quote!(&crate::runtime::Hidden),
    };
    quote!(.field(#rust_name, #value))
}

/// `#[cfg(feature = "…")]` for an item only some group features need.
pub fn feature_cfg(gate: Option<&[String]>) -> TokenStream {
    match gate {
        None => TokenStream::new(),
        Some([only]) => quote!(#[cfg(feature = #only)]),
        Some(groups) => quote!(#[cfg(any( #( feature = #groups ),* ))]),
    }
}

/// Whether values of `ty` print with `Display` the way the API expects them
/// in a path, header or multipart text part.
pub fn is_display(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Enum(_)) => true,
            // Alias chains end: the model turns alias cycles into `Any`.
            Some(TypeKind::Alias(inner)) => is_display(api, inner),
            _ => false,
        },
        TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Bool
        | TypeRef::Uuid
        | TypeRef::DateTime
        | TypeRef::Date => true,
        TypeRef::Bytes
        | TypeRef::File
        | TypeRef::Any
        | TypeRef::Map(_)
        | TypeRef::Array(_)
        | TypeRef::Nullable(_) => false,
    }
}
