//! `src/apis/<group>.rs`: the group handle, one request builder per
//! operation, and the static descriptor the runtime sends it with.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, summary_and_description};
use super::{Scope, ident, is_display, rust_type};
use crate::model::{
    ANY_SUCCESS, Api, Group, Location, Media, Method, Operation, Output, Param, Response, TypeKind,
    TypeRef,
};

pub fn group_file(api: &Api, group: &Group) -> TokenStream {
    let handle = ident(&group.type_name);
    let handle_doc = if group.tag.is_empty() {
        " Operations without a tag.".to_owned()
    } else {
        format!(" Operations tagged `{}`.", group.tag)
    };
    let accessors = group.operations.iter().map(|op| accessor(api, op));
    let operations = group.operations.iter().map(|op| operation(api, group, op));
    let accessor_name = &group.accessor;
    let from_doc =
        format!(" Get one with [`Client::{accessor_name}`](crate::Client::{accessor_name}).");
    quote! {
        #![doc = #handle_doc]
        #![allow(clippy::should_implement_trait, clippy::type_complexity)]

        use crate::runtime;

        #[doc = #handle_doc]
        ///
        #[doc = #from_doc]
        #[derive(Debug, Clone)]
        pub struct #handle {
            client: runtime::Client,
        }

        impl #handle {
            pub(crate) fn new(client: runtime::Client) -> Self {
                Self { client }
            }

            #( #accessors )*
        }

        #( #operations )*
    }
}

/// Arguments every call needs: path parameters, required query/header
/// parameters, and a required body.
fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

fn body_is_argument(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|body| body.required)
}

fn argument_type(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(impl Into<String>),
        other => rust_type(other, Scope::Elsewhere),
    }
}

fn argument_value(name: &proc_macro2::Ident, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#name.into()),
        _ => quote!(#name),
    }
}

fn operation_doc(op: &Operation) -> String {
    let mut doc = summary_and_description(op.summary.as_deref(), op.description.as_deref());
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.method.as_str(), op.path));
    doc
}

fn accessor(_api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for param in required_params(op) {
        let name = ident(&param.rust_name);
        let ty = argument_type(&param.ty);
        args.push(quote!(#name: #ty));
        values.push(argument_value(&name, &param.ty));
    }
    if let Some(body) = op.body.as_ref().filter(|_| body_is_argument(op)) {
        let ty = argument_type(&body.ty);
        args.push(quote!(body: #ty));
        values.push(argument_value(&ident("body"), &body.ty));
    }
    let docs = doc_lines(&operation_doc(op));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let too_many = (args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #too_many
        pub fn #method(&self, #( #args ),*) -> #builder {
            #builder::new(self.client.clone(), #( #values ),*)
        }
    }
}

fn method_variant(method: &Method) -> TokenStream {
    match method {
        Method::Get => quote!(runtime::Method::Get),
        Method::Put => quote!(runtime::Method::Put),
        Method::Post => quote!(runtime::Method::Post),
        Method::Delete => quote!(runtime::Method::Delete),
        Method::Options => quote!(runtime::Method::Options),
        Method::Head => quote!(runtime::Method::Head),
        Method::Patch => quote!(runtime::Method::Patch),
        Method::Trace => quote!(runtime::Method::Trace),
        Method::Query => quote!(runtime::Method::Query),
        Method::Other(name) => quote!(runtime::Method::Other(#name)),
    }
}

fn output_type(op: &Operation) -> TokenStream {
    match &op.output {
        Output::Empty => quote!(()),
        Output::Single(ty) => rust_type(ty, Scope::Elsewhere),
        Output::PerStatus(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

fn operation(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let static_name = ident(&op.static_name);
    let builder = ident(&op.builder_name);
    let id = &op.id;
    let path = &op.path;
    let method = method_variant(&op.method);
    let alternatives = op.security.iter().map(|schemes| quote!(&[#( #schemes ),*]));
    let descriptor_doc = format!(" `{} {}` ({})", op.method.as_str(), op.path, op.id);

    let mut fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut ctor_inits = Vec::new();
    let mut setters = Vec::new();
    for param in &op.params {
        let name = ident(&param.rust_name);
        let ty = rust_type(&param.ty, Scope::Elsewhere);
        if param.required {
            fields.push(quote!(#name: #ty));
            ctor_args.push(quote!(#name: #ty));
            ctor_inits.push(quote!(#name));
        } else {
            fields.push(quote!(#name: Option<#ty>));
            ctor_inits.push(quote!(#name: None));
            let mut doc = param.description.clone().unwrap_or_default();
            if let Some(default) = &param.default {
                if !doc.is_empty() {
                    doc.push_str("\n\n");
                }
                doc.push_str(&format!("Server default: `{default}`."));
            }
            if doc.is_empty() {
                doc = format!(
                    "Sets the `{}` {} parameter.",
                    param.name,
                    param.location.as_str()
                );
            }
            let docs = doc_lines(&doc);
            setters.push(quote! {
                #docs
                pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                    self.#name = Some(value.into());
                    self
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = rust_type(&body.ty, Scope::Elsewhere);
        if body.required {
            fields.push(quote!(body: #ty));
            ctor_args.push(quote!(body: #ty));
            ctor_inits.push(quote!(body));
        } else {
            fields.push(quote!(body: Option<#ty>));
            ctor_inits.push(quote!(body: None));
            let doc = body
                .description
                .clone()
                .unwrap_or_else(|| "Sets the optional request body.".to_owned());
            let docs = doc_lines(&doc);
            setters.push(quote! {
                #docs
                pub fn body(mut self, value: impl Into<#ty>) -> Self {
                    self.body = Some(value.into());
                    self
                }
            });
        }
    }

    let request = build_request(api, op, &static_name);
    let decode = decode_response(op);
    let output = output_type(op);
    let per_status = per_status_enum(op);
    let paging = op.paged.as_ref().map(|paged| {
        let page_type = ident(&paged.page_type);
        let item = rust_type(&paged.item, Scope::Elsewhere);
        let page_field = ident(&paged.page_param);
        let page_param = op.params.iter().find(|p| p.rust_name == paged.page_param);
        let (read, write) = match page_param.map(|p| &p.ty) {
            Some(TypeRef::I32) => (
                quote!(self.#page_field.map(i64::from)),
                quote!(self.#page_field = Some(i32::try_from(page).unwrap_or(i32::MAX));),
            ),
            Some(TypeRef::U32) => (
                quote!(self.#page_field.map(i64::from)),
                quote!(self.#page_field = Some(u32::try_from(page).unwrap_or(u32::MAX));),
            ),
            Some(TypeRef::U64) => (
                quote!(self.#page_field.and_then(|page| i64::try_from(page).ok())),
                quote!(self.#page_field = Some(u64::try_from(page).unwrap_or(0));),
            ),
            _ => (quote!(self.#page_field), quote!(self.#page_field = Some(page);)),
        };
        quote! {
            impl #builder {
                /// Every item of every page, fetching the next page as the stream is read.
                pub fn stream(self) -> impl futures_core::Stream<Item = Result<#item, runtime::Error>> + Send + 'static {
                    crate::runtime::items(self)
                }

                /// Every page in turn, starting at this builder's page.
                pub fn pages(self) -> impl futures_core::Stream<Item = Result<crate::types::#page_type, runtime::Error>> + Send + 'static {
                    crate::runtime::pages(self)
                }
            }

            impl crate::runtime::PagedRequest for #builder {
                type Page = crate::types::#page_type;

                fn page_number(&self) -> Option<i64> {
                    #read
                }

                fn with_page(mut self, page: i64) -> Self {
                    #write
                    self
                }

                fn fetch_page(self) -> impl std::future::Future<Output = Result<Self::Page, runtime::Error>> + Send {
                    self.send()
                }
            }
        }
    });

    let builder_doc = format!(
        " Request builder for [`{}::{}`]: set optional parameters, then `.send()`.",
        group.type_name, op.method_name
    );
    let docs = doc_lines(&operation_doc(op));
    let too_many = (ctor_args.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #descriptor_doc]
        pub(crate) static #static_name: runtime::Operation = runtime::Operation {
            id: #id,
            method: #method,
            path: #path,
            security: &[#( #alternatives ),*],
        };

        #per_status

        #[doc = #builder_doc]
        ///
        #docs
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until you `.send()` it"]
        pub struct #builder {
            client: runtime::Client,
            #( #fields, )*
            options: runtime::RequestOptions,
        }

        impl #builder {
            #too_many
            fn new(client: runtime::Client, #( #ctor_args ),*) -> Self {
                Self { client, #( #ctor_inits, )* options: runtime::RequestOptions::default() }
            }

            #( #setters )*

            /// Overrides the client's timeout and retry settings for this request.
            pub fn request_options(mut self, options: runtime::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// Sends the request and returns the decoded body.
            pub async fn send(self) -> Result<#output, runtime::Error> {
                self.send_response().await.map(runtime::Response::into_data)
            }

            /// Sends the request and returns the body with the status, headers and envelope fields.
            pub async fn send_response(self) -> Result<runtime::Response<#output>, runtime::Error> {
                #request
                #decode
            }
        }

        #paging
    }
}

/// `value` as something `Display`: itself when it is, JSON text otherwise.
fn display_value(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    if is_display(api, ty) {
        value
    } else if let TypeRef::Array(item) = ty {
        if is_display(api, item) {
            quote!(&#value.iter().map(ToString::to_string).collect::<Vec<_>>().join(","))
        } else {
            quote!(&serde_json::to_string(#value).unwrap_or_default())
        }
    } else {
        quote!(&serde_json::to_string(#value).unwrap_or_default())
    }
}

fn build_request(api: &Api, op: &Operation, static_name: &proc_macro2::Ident) -> TokenStream {
    let mut steps = Vec::new();
    for param in &op.params {
        let field = ident(&param.rust_name);
        let name = &param.name;
        match param.location {
            Location::Path => {
                let value = display_value(api, &param.ty, quote!(&self.#field));
                steps.push(quote!(let request = request.path_param(#name, #value);));
            }
            Location::Query => {
                let value = if param.required {
                    quote!(Some(&self.#field))
                } else {
                    quote!(self.#field.as_ref())
                };
                steps.push(quote!(let request = request.query(#name, #value);));
            }
            Location::Header | Location::Cookie => {
                if param.location == Location::Cookie {
                    // Cookies travel in the `Cookie` header as `name=value`.
                    let value = if param.required {
                        let shown = display_value(api, &param.ty, quote!(&self.#field));
                        quote!(Some(&format!("{}={}", #name, #shown)))
                    } else {
                        let shown = display_value(api, &param.ty, quote!(value));
                        quote!(self.#field.as_ref().map(|value| format!("{}={}", #name, #shown)).as_ref())
                    };
                    steps.push(quote!(let request = request.header("Cookie", #value);));
                } else {
                    let value = if param.required {
                        let shown = display_value(api, &param.ty, quote!(&self.#field));
                        quote!(Some(#shown))
                    } else if is_display(api, &param.ty) {
                        quote!(self.#field.as_ref())
                    } else {
                        let shown = display_value(api, &param.ty, quote!(value));
                        quote!(self.#field.as_ref().map(|value| (#shown).to_string()).as_ref())
                    };
                    steps.push(quote!(let request = request.header(#name, #value);));
                }
            }
        }
    }
    if let Some(body) = &op.body {
        let attach = |value: TokenStream| -> TokenStream {
            match &body.media {
                Media::Json => quote!(request.json(#value)),
                Media::Form => quote!(request.form(#value)),
                Media::Multipart => multipart(api, &body.ty, value),
                Media::Binary(content_type) => {
                    quote!(request.bytes(#content_type, Clone::clone(#value)))
                }
                Media::Text(content_type) => {
                    quote!(request.text(#content_type, ToString::to_string(#value)))
                }
            }
        };
        if body.required {
            let attach = attach(quote!(&self.body));
            steps.push(quote!(let request = #attach;));
        } else {
            let attach = attach(quote!(value));
            steps.push(quote! {
                let request = match &self.body {
                    Some(value) => #attach,
                    None => request,
                };
            });
        }
    }
    quote! {
        let request = self.client.request(&#static_name);
        #( #steps )*
        let raw = request.options(self.options).send().await?;
    }
}

/// Builds a multipart form from a struct body: `format: binary` fields are
/// file parts, everything else text.
fn multipart(api: &Api, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let fields = match ty {
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(fields)) => fields,
            _ => {
                return quote!(request.bytes("application/octet-stream", serde_json::to_vec(#value).unwrap_or_default()));
            }
        },
        TypeRef::Bytes => {
            return quote!(request.bytes("application/octet-stream", Clone::clone(#value)));
        }
        _ => {
            return quote!(request.bytes("application/octet-stream", serde_json::to_vec(#value).unwrap_or_default()));
        }
    };
    let parts = fields.iter().map(|field| {
        let name = &field.name;
        let member = ident(&field.rust_name);
        let inner = field.ty.non_null();
        let part = |v: TokenStream| -> TokenStream {
            if *inner == TypeRef::Bytes {
                quote!(form.file(#name, Clone::clone(#v)))
            } else if is_display(api, inner) {
                quote!(form.text(#name, #v))
            } else {
                quote!(form.text(#name, serde_json::to_string(#v).unwrap_or_default()))
            }
        };
        match (field.required, field.ty.is_nullable()) {
            (true, false) => {
                let part = part(quote!(&body.#member));
                quote!(let form = #part;)
            }
            (true, true) | (false, false) => {
                let part = part(quote!(value));
                quote!(let form = match &body.#member { Some(value) => #part, None => form };)
            }
            (false, true) => {
                let part = part(quote!(value));
                quote!(let form = match &body.#member { Some(Some(value)) => #part, _ => form };)
            }
        }
    });
    quote! {{
        let body = #value;
        let form = crate::runtime::MultipartForm::new();
        #( #parts )*
        request.multipart(form)
    }}
}

fn decoder(response: &Response) -> TokenStream {
    match (&response.media, response.enveloped) {
        (None, _) => quote!(raw.empty()),
        (Some(Media::Json), true) => quote!(raw.enveloped()),
        (Some(Media::Text(_)), _) => quote!(raw.text()),
        (Some(Media::Binary(_)), _) => quote!(raw.bytes()),
        (Some(_), _) => quote!(raw.json()),
    }
}

fn decode_response(op: &Operation) -> TokenStream {
    match &op.output {
        Output::Empty => quote!(raw.empty()),
        Output::Single(_) => {
            let decode = match op.responses.iter().find(|r| r.ty.is_some()) {
                Some(response) => decoder(response),
                None => quote!(raw.empty()),
            };
            if op.responses.iter().any(|r| r.status == ANY_SUCCESS) {
                decode
            } else {
                let statuses = op.responses.iter().map(|r| r.status);
                quote! {
                    match raw.status().as_u16() {
                        #( #statuses )|* => #decode,
                        _ => Err(raw.unexpected_status()),
                    }
                }
            }
        }
        Output::PerStatus(name) => {
            let name = ident(name);
            let catch_all = op.responses.iter().any(|r| r.status == ANY_SUCCESS);
            let unexpected = (!catch_all).then(|| quote!(_ => Err(raw.unexpected_status()),));
            let arms = op.responses.iter().map(|response| {
                let status = response.status;
                let pattern = if status == ANY_SUCCESS { quote!(_) } else { quote!(#status) };
                let variant = ident(&status_variant(status));
                let arm = match &response.ty {
                    Some(ty) => {
                        let ty = rust_type(ty, Scope::Elsewhere);
                        let decode = decoder(response);
                        quote!(#decode.map(|response: runtime::Response<#ty>| response.map(#name::#variant)))
                    }
                    None => quote!(raw.empty().map(|response| response.map(|()| #name::#variant))),
                };
                quote!(#pattern => #arm,)
            });
            quote! {
                match raw.status().as_u16() {
                    #( #arms )*
                    #unexpected
                }
            }
        }
    }
}

fn per_status_enum(op: &Operation) -> Option<TokenStream> {
    let Output::PerStatus(name) = &op.output else {
        return None;
    };
    let name = ident(name);
    let variants = op.responses.iter().map(|response| {
        let variant = ident(&status_variant(response.status));
        let doc = format!(
            " `{}`{}",
            if response.status == ANY_SUCCESS {
                "2XX".to_owned()
            } else {
                response.status.to_string()
            },
            response
                .description
                .as_deref()
                .map(|d| format!(": {}", d.lines().next().unwrap_or("")))
                .unwrap_or_default()
        );
        match &response.ty {
            Some(ty) => {
                let ty = rust_type(ty, Scope::Elsewhere);
                quote!(#[doc = #doc] #variant(#ty),)
            }
            None => quote!(#[doc = #doc] #variant,),
        }
    });
    let doc = format!(" What [`{}`] returns, by status.", op.builder_name);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
        }
    })
}

pub fn status_variant(status: u16) -> String {
    match status {
        ANY_SUCCESS => "Success".to_owned(),
        200 => "Ok".to_owned(),
        201 => "Created".to_owned(),
        202 => "Accepted".to_owned(),
        203 => "NonAuthoritative".to_owned(),
        204 => "NoContent".to_owned(),
        205 => "ResetContent".to_owned(),
        206 => "PartialContent".to_owned(),
        207 => "MultiStatus".to_owned(),
        other => format!("Status{other}"),
    }
}
