//! `src/mock.rs`: typed test doubles (cargo feature `mock`), one stub constructor per
//! operation with the operation's path parameters, typed matchers for its query and
//! header parameters and JSON body, and `returns` typed by what `send()` returns.
//! The answers themselves (envelope, error body, pages) are `runtime/mock.rs`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scope, ident, is_display, rust_type};
use crate::Config;
use crate::model::{
    ANY_SUCCESS, Api, Format, Group, Location, Media, Operation, Output, Param, Payload, Response,
};

pub fn mock_file(api: &Api, config: &Config) -> TokenStream {
    let envelope = match &config.envelope {
        Some(envelope) => {
            let data = &envelope.data;
            let timestamp = option(envelope.timestamp.as_deref());
            let message = option(envelope.message.as_deref());
            quote!(EnvelopeFields { data: #data, timestamp: #timestamp, message: #message })
        }
        // Never read: no operation is enveloped.
        None => quote!(EnvelopeFields {
            data: "data",
            timestamp: None,
            message: None
        }),
    };
    let accessors = api.groups.iter().map(|group| {
        let feature = &group.accessor;
        let accessor = ident(&group.accessor);
        let module = ident(&group.accessor);
        let type_name = ident(&group.type_name);
        let doc = format!(" Doubles of the operations tagged `{}`.", group.tag);
        quote! {
            #[doc = #doc]
            #[cfg(feature = #feature)]
            pub fn #accessor(&self) -> #module::#type_name {
                #module::#type_name { server: self.server.clone() }
            }
        }
    });
    let modules = api.groups.iter().map(|group| group_module(api, group));
    quote! {
        //! Typed test doubles (cargo feature `mock`): a local server on 127.0.0.1 that
        //! answers each operation the way the API does, so the tests of an application
        //! run without a network and never write a path, an envelope or an error body.
        //!
        //! Start a [`MockApi`], stub the operations the code under test calls (typed
        //! values in, the API's JSON out), point a [`Client`](crate::Client) at
        //! [`MockApi::base_url`]. Counts set with `expect` are verified when the
        //! `MockApi` is dropped. Stubs are tried in the order they were mounted.
        #![allow(clippy::type_complexity)]

        use std::sync::Arc;

        pub use crate::runtime::mock::{MockOperation, Stub, SuccessBody};
        pub use wiremock::{Request, ResponseTemplate};

        use crate::runtime::mock::EnvelopeFields;

        /// The success envelope's fields (`generator.toml` `[envelope]`).
        pub(crate) static ENVELOPE: EnvelopeFields = #envelope;

        /// A local server that plays the API in tests.
        #[derive(Debug, Clone)]
        pub struct MockApi {
            server: Arc<wiremock::MockServer>,
        }

        impl MockApi {
            /// Starts a server on a free port of 127.0.0.1 with no stubs: every request
            /// is answered `404` until stubbed.
            pub async fn start() -> Self {
                Self { server: Arc::new(wiremock::MockServer::start().await) }
            }

            /// The URL to give [`ClientBuilder::base_url`](crate::ClientBuilder::base_url).
            pub fn base_url(&self) -> String {
                self.server.uri()
            }

            /// A client builder pointed at this server (add credentials and settings).
            pub fn client_builder(&self) -> crate::ClientBuilder {
                crate::Client::builder().base_url(self.server.uri())
            }

            /// Panics unless every stub's `expect` count has been met (also checked on drop).
            pub async fn verify(&self) {
                self.server.verify().await;
            }

            /// Every request received so far, for assertions the stubs do not make.
            pub async fn received_requests(&self) -> Vec<Request> {
                self.server.received_requests().await.unwrap_or_default()
            }

            #( #accessors )*
        }

        #( #modules )*
    }
}

fn option(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

fn group_module(api: &Api, group: &Group) -> TokenStream {
    let feature = &group.accessor;
    let module = ident(&group.accessor);
    let type_name = ident(&group.type_name);
    let doc = format!(" Doubles of the operations tagged `{}`.", group.tag);
    let constructors = group.operations.iter().map(constructor);
    let operations = group.operations.iter().map(|op| operation(api, group, op));
    quote! {
        #[doc = #doc]
        #[cfg(feature = #feature)]
        pub mod #module {
            use std::sync::Arc;

            use super::{MockOperation, Stub, SuccessBody};

            #[doc = #doc]
            #[derive(Debug, Clone)]
            pub struct #type_name {
                pub(super) server: Arc<wiremock::MockServer>,
            }

            impl #type_name {
                #( #constructors )*
            }

            #( #operations )*
        }
    }
}

fn path_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params
        .iter()
        .filter(|param| param.location == Location::Path)
}

fn constructor(op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let marker = ident(&op.builder_name);
    let template = &op.path;
    let args = path_params(op).map(|param| {
        let name = ident(&param.rust_name);
        let ty = rust_type(&param.ty, Scope::Elsewhere);
        quote!(#name: impl Into<#ty>)
    });
    let values = path_params(op).map(|param| {
        let name = ident(&param.rust_name);
        let wire = &param.name;
        let ty = rust_type(&param.ty, Scope::Elsewhere);
        quote!((#wire, crate::runtime::mock::json(&Into::<#ty>::into(#name))))
    });
    let doc = format!(" Stubs `{} {}`.", op.method.as_str(), op.path);
    let values: Vec<TokenStream> = values.collect();
    let path = if values.is_empty() {
        quote!(String::from(#template))
    } else {
        quote!(crate::runtime::mock::fill_path(#template, &[#( #values ),*]))
    };
    quote! {
        #[doc = #doc]
        pub fn #method(&self, #( #args ),*) -> Stub<#marker> {
            Stub::new(&self.server, #path)
        }
    }
}

/// The response `returns` answers with: the first documented success.
fn success_response(op: &Operation) -> Option<&Response> {
    op.responses
        .iter()
        .find(|response| response.status == ANY_SUCCESS || (200..300).contains(&response.status))
}

fn operation(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let marker = ident(&op.builder_name);
    let http_method = op.method.as_str();
    let success = success_response(op);
    let status = success
        .map(|response| response.status)
        .filter(|status| *status != ANY_SUCCESS)
        .unwrap_or(200);
    // A typed value for one plain body; anything else (a stream, a body in several
    // media types, one per status) is answered as JSON for now.
    let single = match &op.output {
        Output::Single(Payload::Value(ty)) => Some(ty),
        _ => None,
    };
    let representation = success.and_then(|response| response.representations.first());
    let body = match representation {
        None => quote!(SuccessBody::Empty),
        Some(_) if single.is_none() => quote!(SuccessBody::Json),
        Some(representation) if representation.enveloped => quote!(SuccessBody::Envelope),
        Some(representation) => {
            let content_type = representation
                .content_types
                .first()
                .map_or("application/octet-stream", String::as_str);
            match representation.format {
                Format::Text => quote!(SuccessBody::Text(#content_type)),
                Format::Binary => quote!(SuccessBody::Bytes(#content_type)),
                _ => quote!(SuccessBody::Json),
            }
        }
    };
    let output = match (&op.output, single) {
        (Output::Empty, _) => quote!(()),
        (_, Some(ty)) => rust_type(ty, Scope::Elsewhere),
        _ => quote!(serde_json::Value),
    };
    let matchers = op
        .params
        .iter()
        .filter(|param| matches!(param.location, Location::Query | Location::Header))
        .filter(|param| is_display(api, param.ty.non_null()))
        .map(|param| {
            let method = format_ident!("with_{}", param.rust_name.trim_start_matches("r#"));
            let ty = rust_type(param.ty.non_null(), Scope::Elsewhere);
            let wire = &param.name;
            let add = match param.location {
                Location::Header => quote!(header),
                _ => quote!(query),
            };
            let doc = format!(
                " Matches only requests whose {} parameter `{wire}` is `value`.",
                param.location.as_str()
            );
            quote! {
                #[doc = #doc]
                pub fn #method(self, value: impl Into<#ty>) -> Self {
                    self.#add(#wire, &Into::<#ty>::into(value))
                }
            }
        });
    let body_matcher = op
        .body
        .as_ref()
        .filter(|body| body.media == Media::Json)
        .map(|body| {
            let ty = rust_type(&body.ty, Scope::Elsewhere);
            quote! {
                /// Matches only requests whose JSON body equals `body`.
                pub fn with_body(self, body: &#ty) -> Self {
                    self.json_body(body)
                }
            }
        });
    let pages = op.paged.as_ref().and_then(|paged| {
        let param = op
            .params
            .iter()
            .find(|param| param.rust_name == paged.page_param)?;
        let wire = &param.name;
        Some(quote! {
            /// Answers these pages in turn: page `n` answers the request for page `n`
            /// (the first also one without the parameter), so a stream of the items reads them all.
            pub async fn returns_pages(self, pages: Vec<#output>) {
                self.pages(#wire, pages).await;
            }
        })
    });
    let doc = format!(
        " `{} {}`: what [`{}::{}`](crate::apis::{}::{}::{}) sends, for stubs.",
        op.method.as_str(),
        op.path,
        group.type_name,
        op.method_name,
        group.accessor,
        group.type_name,
        op.method_name
    );
    let matchers: Vec<TokenStream> = matchers.chain(body_matcher).chain(pages).collect();
    let typed = (!matchers.is_empty()).then(|| {
        quote! {
            impl Stub<#marker> {
                #( #matchers )*
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #marker {}

        impl MockOperation for #marker {
            type Output = #output;
            const METHOD: &'static str = #http_method;
            const STATUS: u16 = #status;
            const BODY: SuccessBody = #body;
        }

        #typed
    }
}
