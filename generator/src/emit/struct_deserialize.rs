//! A model struct's `Deserialize`, written out instead of derived.
//!
//! serde's derive gives each struct a field enum with its own visitor and
//! `Deserialize`, and a `visit_seq` for structs sent as JSON arrays. Profiling
//! GitHub's and Stripe's clients (BENCHMARKS.md §2) put those at about a third of
//! rustc's time. What is emitted here is only the part that differs per struct:
//! one slot per field and a `match` on the field's number. Reading the key,
//! duplicates, unknown fields and missing fields are `runtime::de`'s, compiled
//! once. The behaviour is serde's derive for JSON objects: absent optional and
//! nullable fields are `None`, a missing required field or a field given twice
//! is an error naming it, unknown fields are skipped.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use crate::model::Field;

/// Whether the struct's `Deserialize` is written here: all but those with a
/// flattened field, which keep serde's derive (it buffers the unknown keys).
pub fn written_out(fields: &[Field]) -> bool {
    !fields.iter().any(|field| field.flatten)
}

/// `impl Deserialize` and `impl runtime::de::Object` for the struct `name`.
/// `cfg` gates both (the direction the type does not travel); `allow` is the
/// struct's `#[allow(deprecated)]`, if it has deprecated fields.
pub fn object_impls(
    name: &Ident,
    fields: &[Field],
    cfg: Option<&TokenStream>,
    allow: Option<&TokenStream>,
) -> TokenStream {
    let label = name.to_string();
    let json_names = fields.iter().map(|field| field.name.as_str());
    let slots: Vec<Ident> = fields.iter().map(|field| ident(&field.rust_name)).collect();
    // The map and the key number must not be shadowed by a slot.
    let map = free_name("map", fields);
    let index = free_name("index", fields);
    // One `?` after the `match` rather than one per arm: each `?` is a `From`
    // conversion and a branch for rustc to check (a tenth of Stripe's check).
    let arms = slots.iter().enumerate().map(|(number, slot)| {
        let number = proc_macro2::Literal::usize_unsuffixed(number);
        quote!(#number => #map.value(&mut #slot),)
    });
    let inits = fields.iter().zip(&slots).map(|(field, slot)| {
        match (field.required, field.ty.is_nullable()) {
            (true, false) => {
                let json_name = &field.name;
                quote!(#slot: #map.required(#slot, #json_name)?)
            }
            // Absent or `null`: `None`.
            (true, true) | (false, false) => quote!(#slot: #slot.flatten()),
            // Absent: `None`; `null`: `Some(None)`.
            (false, true) => quote!(#slot),
        }
    });
    let body = if fields.is_empty() {
        quote! {
            while #map.next()?.is_some() {
                #map.skip()?;
            }
            Ok(Self {})
        }
    } else {
        quote! {
            #( let mut #slots = None; )*
            while let Some(#index) = #map.next()? {
                match #index {
                    #( #arms )*
                    _ => #map.skip(),
                }?;
            }
            Ok(Self { #( #inits ),* })
        }
    };
    quote! {
        #cfg
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::runtime::de::object(deserializer)
            }
        }

        #cfg
        #allow
        impl crate::runtime::de::Object for #name {
            const NAME: &'static str = #label;
            const FIELDS: &'static [&'static str] = &[#( #json_names ),*];
            fn from_fields<'de, A: serde::de::MapAccess<'de>>(
                mut #map: crate::runtime::de::Fields<A>,
            ) -> Result<Self, A::Error> {
                #body
            }
        }
    }
}

/// `base`, with `_` appended until no field's Rust name is it.
fn free_name(base: &str, fields: &[Field]) -> Ident {
    let mut name = base.to_owned();
    while fields.iter().any(|field| field.rust_name == name) {
        name.push('_');
    }
    ident(&name)
}
