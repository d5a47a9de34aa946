//! Which serde impls a type gets: the direction it travels (`model/directions.rs`)
//! unconditionally, the other behind the cargo feature [`BOTH_WAYS`]. serde's
//! derived impls are most of what rustc checks in a big generated crate, and a
//! response type needs no `Serialize` (nor a request type a `Deserialize`) for the
//! client to work.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::TypeDef;

/// The cargo feature that adds the direction a type does not travel.
pub const BOTH_WAYS: &str = "serde-both-ways";

/// When a type has `Serialize` and `Deserialize`.
#[derive(Debug, Clone, Copy)]
pub struct SerdeImpls {
    /// `Serialize` without the feature: the type is sent.
    pub serialize: bool,
    /// `Deserialize` without the feature: the type is received.
    pub deserialize: bool,
}

impl SerdeImpls {
    pub fn of(def: &TypeDef) -> SerdeImpls {
        let directions = def.directions;
        // A type that travels neither way was reached by nothing that marks
        // directions: keep both, as for the orphans.
        let neither = !directions.request && !directions.response;
        SerdeImpls {
            serialize: directions.request || neither,
            deserialize: directions.response || neither,
        }
    }

    /// `serde::Serialize, serde::Deserialize` for those always derived (each
    /// followed by a comma), to go at the end of a `#[derive(..)]`.
    pub fn always_derived(self) -> TokenStream {
        let serialize = self.serialize.then(|| quote!(serde::Serialize,));
        let deserialize = self.deserialize.then(|| quote!(serde::Deserialize,));
        quote!(#serialize #deserialize)
    }

    /// `#[cfg_attr(feature = .., derive(..))]` for the derive the type does not
    /// need (nothing when it needs both).
    pub fn feature_derived(self) -> Option<TokenStream> {
        let missing = match (self.serialize, self.deserialize) {
            (true, true) => return None,
            (false, _) => quote!(serde::Serialize),
            (_, false) => quote!(serde::Deserialize),
        };
        Some(quote!(#[cfg_attr(feature = #BOTH_WAYS, derive(#missing))]))
    }

    /// For a type whose `Deserialize` is hand-written and whose `Serialize` is
    /// derived with `attrs` (a union's `serde(untagged)`): what goes in its
    /// `#[derive(..)]`, and the attribute line, behind the feature when the type
    /// is not sent.
    pub fn derived_serialize_with(self, attrs: TokenStream) -> (Option<TokenStream>, TokenStream) {
        if self.serialize {
            (Some(quote!(serde::Serialize)), quote!(#[#attrs]))
        } else {
            (
                None,
                quote!(#[cfg_attr(feature = #BOTH_WAYS, derive(serde::Serialize), #attrs)]),
            )
        }
    }

    /// `#[cfg(feature = ..)]` on a hand-written `Serialize` the type does not need.
    pub fn serialize_cfg(self) -> Option<TokenStream> {
        (!self.serialize).then(|| quote!(#[cfg(feature = #BOTH_WAYS)]))
    }

    /// `#[cfg(feature = ..)]` on a hand-written `Deserialize` the type does not need.
    pub fn deserialize_cfg(self) -> Option<TokenStream> {
        (!self.deserialize).then(|| quote!(#[cfg(feature = #BOTH_WAYS)]))
    }
}
