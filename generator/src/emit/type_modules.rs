//! Which file of `src/types/` each type goes in, by the group features that
//! need it.
//!
//! A type every group needs (or none) stays in `src/types.rs`, always
//! compiled. The others live in one module per distinct set of groups:
//! `types/listings.rs` for the types only `listings` needs, `types/shared_1.rs`
//! and so on for those several groups need. `types.rs` declares each module
//! under its `cfg` and re-exports it, so `types::Listing` stays the public
//! path. The `cfg` is stated once per module instead of on every item (on
//! Stripe: 78 modules instead of about 15,600 attributes, many listing dozens
//! of features), and rustc does not even read the file of a module whose
//! features are off.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::{feature_cfg, ident};
use crate::model::{Api, TypeDef};

/// The types one set of group features needs: `src/types/<name>.rs`.
pub struct TypeModule<'a> {
    /// The group's accessor for one group; `shared_1`, `shared_2`, … for
    /// several, numbered by where the set's first type stands in the model's
    /// (sorted) type list, so the same spec always gives the same names.
    pub name: String,
    pub groups: &'a [String],
    pub defs: Vec<&'a TypeDef>,
}

impl TypeModule<'_> {
    pub fn path(&self) -> String {
        format!("src/types/{}.rs", self.name)
    }
}

/// The types that stay in `types.rs` (in model order), then the modules:
/// one per group in group order, then the shared ones.
pub fn layout(api: &Api) -> (Vec<&TypeDef>, Vec<TypeModule<'_>>) {
    let accessors: BTreeSet<&str> = api.groups.iter().map(|g| g.accessor.as_str()).collect();
    let mut top = Vec::new();
    let mut modules: Vec<TypeModule<'_>> = Vec::new();
    let mut by_groups: BTreeMap<&[String], usize> = BTreeMap::new();
    let mut shared = 0;
    for group in &api.groups {
        by_groups.insert(std::slice::from_ref(&group.accessor), modules.len());
        modules.push(TypeModule {
            name: group.accessor.clone(),
            groups: std::slice::from_ref(&group.accessor),
            defs: Vec::new(),
        });
    }
    for def in &api.types {
        let Some(groups) = def.feature_gate.as_deref() else {
            top.push(def);
            continue;
        };
        let index = *by_groups.entry(groups).or_insert_with(|| {
            shared += 1;
            let mut name = format!("shared_{shared}");
            // A group could be called `shared_1`; its module keeps the name.
            while accessors.contains(name.as_str()) {
                name.push('_');
            }
            modules.push(TypeModule {
                name,
                groups,
                defs: Vec::new(),
            });
            modules.len() - 1
        });
        modules[index].defs.push(def);
    }
    modules.retain(|module| !module.defs.is_empty());
    (top, modules)
}

/// `mod listings;` and its re-export in `types.rs`, both under the cfg.
pub fn module_declaration(module: &TypeModule<'_>) -> TokenStream {
    let cfg = feature_cfg(Some(module.groups));
    let name = ident(&module.name);
    quote! {
        #cfg
        mod #name;
        #cfg
        pub use #name::*;
    }
}

/// The top of `src/types/<name>.rs`: what it holds, and the other types in
/// scope when its items name any.
pub fn module_header(module: &TypeModule<'_>, api: &Api) -> TokenStream {
    let doc = match module.groups {
        [only] => format!(" The types only the `{only}` group needs (cargo feature `{only}`)."),
        groups => format!(
            " The types that {} groups need: compiled when any of their features is on.",
            groups.len()
        ),
    };
    // An unused glob import would warn.
    let parent = names_outside(module, api).then(|| {
        quote!(
            use super::*;
        )
    });
    quote! {
        #![doc = #doc]
        #parent
    }
}

/// Whether the items of `module` (its types and their page impls) name a
/// type defined outside it.
fn names_outside(module: &TypeModule<'_>, api: &Api) -> bool {
    let inside: BTreeSet<&str> = module.defs.iter().map(|def| def.name.as_str()).collect();
    let page_items = api
        .pages
        .iter()
        .filter(|shape| inside.contains(shape.type_name.as_str()))
        .filter_map(|shape| shape.item.named_type());
    module
        .defs
        .iter()
        .flat_map(|def| def.referenced_types())
        .chain(page_items)
        .any(|name| !inside.contains(name))
}
