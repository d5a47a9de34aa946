//! `src/conventions.rs`: what the runtime needs to know about this API's
//! credentials, envelope, errors and sessions (spec + generator.toml).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Api, SchemeKind, TypeKind};
use crate::{Config, Error};

pub fn conventions_file(api: &Api, config: &Config) -> Result<TokenStream, Error> {
    let base_url = api.base_url.clone().unwrap_or_default();
    let user_agent = format!("{}/{}", config.package.name, config.package.version);
    let schemes = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SchemeKind::ApiKeyHeader(header) => quote!(SchemeKind::ApiKeyHeader(#header)),
            SchemeKind::ApiKeyQuery(param) => quote!(SchemeKind::ApiKeyQuery(#param)),
            SchemeKind::ApiKeyCookie(cookie) => quote!(SchemeKind::ApiKeyCookie(#cookie)),
            SchemeKind::Bearer => quote!(SchemeKind::Bearer),
            SchemeKind::Basic => quote!(SchemeKind::Basic),
        };
        quote!((#name, #kind))
    });

    let envelope = match &config.envelope {
        Some(envelope) => {
            let data = &envelope.data;
            let timestamp = envelope
                .timestamp
                .as_ref()
                .map(|name| quote!(#[serde(rename = #name, default)] timestamp: Option<String>,));
            let message = envelope
                .message
                .as_ref()
                .map(|name| quote!(#[serde(rename = #name, default)] message: Option<String>,));
            let timestamp_value = if envelope.timestamp.is_some() {
                quote!(self.timestamp)
            } else {
                quote!(None)
            };
            let message_value = if envelope.message.is_some() {
                quote!(self.message)
            } else {
                quote!(None)
            };
            quote! {
                /// The success envelope: methods return `data`; the rest stays on [`crate::Response`].
                #[derive(serde::Deserialize)]
                pub(crate) struct Envelope<T> {
                    #[serde(rename = #data)]
                    data: T,
                    #timestamp
                    #message
                }

                impl<T: serde::de::DeserializeOwned> crate::runtime::Envelope for Envelope<T> {
                    type Data = T;
                    fn into_parts(self) -> (T, crate::runtime::EnvelopeInfo) {
                        (self.data, crate::runtime::EnvelopeInfo { timestamp: #timestamp_value, message: #message_value })
                    }
                }
            }
        }
        None => quote! {
            /// Bodies are not enveloped.
            #[allow(dead_code)]
            pub(crate) type Envelope<T> = crate::runtime::Bare<T>;
        },
    };

    let errors = config.errors.clone().unwrap_or_default();
    let pointer = |value: &Option<String>| match value {
        Some(pointer) => quote!(Some(#pointer)),
        None => quote!(None),
    };
    let (code, message, error_id, correlation_id, details) = (
        pointer(&errors.code),
        pointer(&errors.message),
        pointer(&errors.error_id),
        pointer(&errors.correlation_id),
        pointer(&errors.details),
    );
    let code_type = match &api.error_code_type {
        Some(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        None => quote!(String),
    };
    let details_type = match &api.error_details_type {
        Some(name) => {
            let name = ident(name);
            quote!(crate::types::#name)
        }
        None => quote!(serde_json::Value),
    };

    // Sessions refresh through an operation of some group: without that
    // group's feature there is no session support.
    let mut session_feature = None;
    let session = match (&config.session, &api.session) {
        (Some(session), Some(operations)) => {
            // The model resolved `[session]`'s references to these ids.
            let (group, refresh) = api
                .operations()
                .find(|(_, op)| op.id == operations.refresh)
                .ok_or_else(|| {
                    Error::new(
                        "generator.toml: [session].refresh",
                        "the refresh operation is not in the model",
                    )
                })?;
            session_feature = Some(group.accessor.clone());
            let module = ident(&group.accessor);
            let refresh_static = ident(&refresh.static_name);
            let login = &operations.login;
            let logout = &operations.logout;
            let refresh_token_field = &session.refresh_token_field;
            let access_token = &session.access_token;
            let refresh_token = &session.refresh_token;
            let expires_in = session.expires_in.clone().unwrap_or_default();
            quote! {
                Some(SessionConventions {
                    login_operation: #login,
                    refresh: &crate::apis::#module::#refresh_static,
                    refresh_token_field: #refresh_token_field,
                    access_token: #access_token,
                    refresh_token: #refresh_token,
                    expires_in: #expires_in,
                    logout_operations: &[#( #logout ),*],
                })
            }
        }
        _ => quote!(None),
    };

    let session_static = match session_feature {
        Some(feature) => {
            let without = format!(" Sessions need the operations of the `{feature}` group.");
            quote! {
            /// Token sessions the client keeps and refreshes.
            #[cfg(feature = #feature)]
            pub(crate) static SESSION: Option<SessionConventions> = #session;
            #[doc = #without]
            #[cfg(not(feature = #feature))]
            pub(crate) static SESSION: Option<SessionConventions> = None;
            }
        }
        None => quote! {
            /// This API has no token sessions.
            pub(crate) static SESSION: Option<SessionConventions> = #session;
        },
    };
    let sensitive = sensitive_properties(api);
    Ok(quote! {
        //! How this API carries credentials, envelopes, errors and sessions.
        #![allow(dead_code)]

        use crate::runtime::{ErrorFields, SchemeKind, SessionConventions};

        /// The first server of the spec.
        pub(crate) const DEFAULT_BASE_URL: &str = #base_url;

        pub(crate) const USER_AGENT: &str = #user_agent;

        /// The spec's security schemes, by name.
        pub(crate) static SECURITY_SCHEMES: &[(&str, SchemeKind)] = &[#( #schemes ),*];

        #envelope

        /// JSON pointers into an error body.
        pub(crate) static ERROR_FIELDS: ErrorFields = ErrorFields {
            code: #code,
            message: #message,
            error_id: #error_id,
            correlation_id: #correlation_id,
            details: #details,
        };

        /// The type of an API error's code.
        pub type ErrorCode = #code_type;

        /// The type of an API error's details.
        pub type ErrorDetails = #details_type;

        #session_static

        /// JSON names of the models' sensitive fields: their values are redacted
        /// wherever an error quotes a body.
        pub(crate) static SENSITIVE_PROPERTIES: &[&str] = &[#( #sensitive ),*];
    })
}

/// The JSON names of every sensitive field, sorted and deduplicated.
pub(super) fn sensitive_properties(api: &Api) -> Vec<&str> {
    let names: std::collections::BTreeSet<&str> = api
        .types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Struct(fields) => Some(fields),
            _ => None,
        })
        .flatten()
        .filter(|field| field.sensitive.is_some() && !field.name.is_empty())
        .map(|field| field.name.as_str())
        .collect();
    names.into_iter().collect()
}
