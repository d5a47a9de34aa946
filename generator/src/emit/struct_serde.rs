//! A model struct's `Serialize` and `Deserialize`, written out instead of derived.
//!
//! Self-profiling GitHub's and Stripe's clients (BENCHMARKS.md §2) put serde's
//! derives at about half of what rustc checks. For each struct the derive
//! writes a field enum with its own visitor and `Deserialize`, a `visit_seq` for
//! structs sent as JSON arrays, a `?` and a branch per field, and a wrapper type
//! per field serialized `with` a module. What is emitted here is only what differs
//! per struct: the field names, one slot per field and a `match` on the field's
//! number to read, one call per field to write. The rules are in `runtime::de`
//! and `runtime::ser`, compiled once. They behave as serde's derive did for JSON:
//! absent optional fields are left out and read as `None`, `Some(None)` is
//! `null`, a missing required field or a field given twice is an error naming
//! it, unknown fields are skipped.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use crate::model::Field;

/// Whether the struct's serde impls are written here: all but those with a
/// flattened field, which keep serde's derives (they buffer the unknown keys).
pub fn written_out(fields: &[Field]) -> bool {
    !fields.iter().any(|field| field.flatten)
}

/// `impl Serialize` for the struct `name`. `cfg` gates it (when the type is not
/// sent); `allow` is the struct's `#[allow(deprecated)]`, if it has deprecated
/// fields.
pub fn serialize_impl(
    name: &Ident,
    fields: &[Field],
    cfg: Option<&TokenStream>,
    allow: Option<&TokenStream>,
) -> TokenStream {
    let label = name.to_string();
    // Fields that are left out when `None`: optional ones, nullable or not.
    let skipped = |field: &&Field| !field.required;
    let required = proc_macro2::Literal::usize_unsuffixed(
        fields.len() - fields.iter().filter(skipped).count(),
    );
    let present = fields.iter().filter(skipped).map(|field| {
        let member = ident(&field.rust_name);
        quote!(self.#member.is_some())
    });
    let writes = fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        let key = &field.name;
        if field.required {
            quote!(object.field(#key, &self.#member);)
        } else {
            quote!(object.optional(#key, &self.#member);)
        }
    });
    let object =
        quote!(crate::runtime::ser::Object::new(serializer, #label, #required, &[#( #present ),*]));
    // No field: nothing to write, and a `let mut` would warn.
    let body = if fields.is_empty() {
        quote!(#object.end())
    } else {
        quote! {
            let mut object = #object;
            #( #writes )*
            object.end()
        }
    };
    quote! {
        #cfg
        #allow
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// `impl Deserialize` and `impl runtime::de::Object` for the struct `name`.
/// `cfg` gates both (when the type is not received); `allow` is the struct's
/// `#[allow(deprecated)]`, if it has deprecated fields.
pub fn deserialize_impls(
    name: &Ident,
    fields: &[Field],
    cfg: Option<&TokenStream>,
    allow: Option<&TokenStream>,
) -> TokenStream {
    let label = name.to_string();
    let slots: Vec<Ident> = fields.iter().map(|field| ident(&field.rust_name)).collect();
    // `FIELDS` is in declaration order, the spec's, which is usually the order a
    // server writes: `runtime::de` looks for each key from the field after the
    // last one read.
    let json_names = fields.iter().map(|field| field.name.as_str());
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
