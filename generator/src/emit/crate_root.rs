//! `src/lib.rs` and `src/apis/mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use super::ident;
use crate::Config;
use crate::model::Api;

pub fn lib_file(api: &Api, config: &Config) -> TokenStream {
    let mut doc = format!(
        "# {} (API version {})",
        api.title.trim(),
        api.version.trim()
    );
    if let Some(description) = &config.package.description {
        doc.push_str(&format!("\n\n{}", description.trim()));
    }
    if let Some(description) = &api.description {
        doc.push_str(&format!("\n\n{}", description.trim()));
    }
    doc.push_str(
        "\n\nGenerated from the API's OpenAPI document: do not edit by hand; \
         change the spec or the generator and run `cargo xtask regen`.",
    );
    let docs = doc_lines(&doc).to_string();
    let docs: TokenStream = docs
        .replace("# [doc", "# ! [doc")
        .parse()
        .unwrap_or_default();
    // Without every group feature, parts of the runtime have no caller.
    let features: Vec<&str> = api
        .groups
        .iter()
        .map(|group| group.accessor.as_str())
        .collect();
    let runtime_attr = (!features.is_empty())
        .then(|| quote!(#[cfg_attr(not(all( #( feature = #features ),* )), allow(dead_code))]));
    quote! {
        #docs
        // Documentation text comes from the spec verbatim.
        #![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items, rustdoc::all)]

        mod conventions;
        #runtime_attr
        mod runtime;

        pub mod apis;
        #[cfg(feature = "mock")]
        pub mod mock;
        pub mod types;

        pub use runtime::*;
    }
}

pub fn apis_mod_file(api: &Api) -> TokenStream {
    let modules = api.groups.iter().map(|group| {
        let module = ident(&group.accessor);
        let feature = &group.accessor;
        quote!(#[cfg(feature = #feature)] pub mod #module;)
    });
    let accessors = api.groups.iter().map(|group| {
        let module = ident(&group.accessor);
        let feature = &group.accessor;
        let handle = ident(&group.type_name);
        let doc = super::docs::group_summary(group);
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            pub fn #module(&self) -> #module::#handle {
                #module::#handle::new(self.clone())
            }
        }
    });
    let modules: Vec<_> = modules.collect();
    quote! {
        //! Request builders, one module per resource group (the spec's tags),
        //! each behind the cargo feature of the same name (all on by default).

        #( #modules )*

        impl crate::Client {
            #( #accessors )*
        }
    }
}
