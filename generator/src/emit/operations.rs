//! `src/apis/<group>.rs`: the group handle, one request builder per
//! operation, and the static descriptor the runtime sends it with.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_lines, summary_and_description};
use super::responses::{decode_response, downloads, output_type, response_enums, streams};
use super::{Scope, debug_field, ident, rust_type};
use crate::model::{
    Api, Body, Group, Location, Media, Method, Operation, Param, Serialization, Style, TypeKind,
    TypeRef,
};

pub fn group_file(api: &Api, group: &Group) -> TokenStream {
    let handle = ident(&group.type_name);
    let handle_doc = super::docs::group_summary(group);
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

/// A `Debug` that redacts the sensitive parameters, for a builder that has any;
/// the others keep `#[derive(Debug)]`.
fn builder_debug(op: &Operation, builder: &proc_macro2::Ident) -> Option<TokenStream> {
    if op.params.iter().all(|param| param.sensitive.is_none()) {
        return None;
    }
    let label = builder.to_string();
    let params = op
        .params
        .iter()
        .map(|param| debug_field(&param.rust_name, param.sensitive));
    let body = op
        .body
        .is_some()
        .then(|| quote!(.field("body", &self.body)));
    Some(quote! {
        /// Sensitive parameters are redacted.
        impl std::fmt::Debug for #builder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label)
                    .field("client", &self.client)
                    #( #params )*
                    #body
                    .field("options", &self.options)
                    .finish()
            }
        }
    })
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
    let per_status = response_enums(op);
    // The decoder's argument is named: an enum variant gives a closure no signature.
    let (sending, raw) = if streams(op) {
        (quote!(runtime::SendingOpen), quote!(runtime::OpenResponse))
    } else {
        (quote!(runtime::Sending), quote!(runtime::RawResponse))
    };
    let send_streaming = downloads(op).then(|| {
        let check = super::responses::send_streaming(op);
        quote! {
            /// Sends the request and returns the body as a stream of chunks, with the
            /// status and headers: for downloads too large to hold in memory.
            pub fn send_streaming(self) -> impl runtime::ResponseFuture<runtime::ByteStream> {
                runtime::SendingOpen::Unsent(
                    move || {
                        #request
                        request.options(self.options)
                    },
                    |raw: runtime::OpenResponse| #check,
                )
            }
        }
    });
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
    let redacted_debug = builder_debug(op, &builder);
    let debug = redacted_debug.is_none().then(|| quote!(Debug));
    // Paging clones the builder for each page; `Clone` elsewhere is rustc time for nothing.
    let clone = op.paged.is_some().then(|| quote!(Clone));
    let derived: Vec<TokenStream> = debug.into_iter().chain(clone).collect();
    let derives = (!derived.is_empty()).then(|| quote!(#[derive(#(#derived),*)]));
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
        #derives
        #[must_use = "a request does nothing until you `.send()` it"]
        pub struct #builder {
            client: runtime::Client,
            #( #fields, )*
            options: runtime::RequestOptions,
        }

        #redacted_debug

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
            pub fn send(self) -> impl runtime::DataFuture<#output> {
                runtime::Data(self.send_response())
            }

            /// Sends the request and returns the body with the status, headers and envelope fields.
            pub fn send_response(self) -> impl runtime::ResponseFuture<#output> {
                #sending::Unsent(
                    move || {
                        #request
                        request.options(self.options)
                    },
                    |raw: #raw| #decode,
                )
            }

            #send_streaming
        }

        #paging
    }
}

/// The runtime's description of how a value is serialized.
fn encoding_tokens(serialization: &Serialization) -> TokenStream {
    match serialization {
        Serialization::Style {
            style,
            explode,
            allow_reserved,
        } => {
            let style = style_tokens(*style);
            let reserved = allow_reserved.then(|| quote!(.allow_reserved()));
            quote!(#style.explode(#explode) #reserved)
        }
        Serialization::Json => quote!(runtime::Encoding::Json),
        Serialization::Text => quote!(runtime::Encoding::Text),
    }
}

fn style_tokens(style: Style) -> TokenStream {
    match style {
        Style::Simple => quote!(runtime::Style::Simple),
        Style::Label => quote!(runtime::Style::Label),
        Style::Matrix => quote!(runtime::Style::Matrix),
        Style::Form => quote!(runtime::Style::Form),
        Style::SpaceDelimited => quote!(runtime::Style::SpaceDelimited),
        Style::PipeDelimited => quote!(runtime::Style::PipeDelimited),
        Style::DeepObject => quote!(runtime::Style::DeepObject),
    }
}

fn build_request(api: &Api, op: &Operation, static_name: &proc_macro2::Ident) -> TokenStream {
    let mut steps = Vec::new();
    for param in &op.params {
        let field = ident(&param.rust_name);
        let name = &param.name;
        let value = if param.required {
            quote!(Some(&self.#field))
        } else {
            quote!(self.#field.as_ref())
        };
        let default = param.serialization == Serialization::default_for(param.location);
        // Each location's default style has a short form.
        let step = match param.location {
            Location::Path if default => quote!(request.path_param(#name, &self.#field)),
            Location::Query if default => quote!(request.query(#name, #value)),
            Location::Header if default => quote!(request.header(#name, #value)),
            Location::Cookie if default => quote!(request.cookie(#name, #value)),
            location => {
                let location = match location {
                    Location::Path => quote!(runtime::In::Path),
                    Location::Query => quote!(runtime::In::Query),
                    Location::Header => quote!(runtime::In::Header),
                    Location::Cookie => quote!(runtime::In::Cookie),
                };
                let encoding = encoding_tokens(&param.serialization);
                quote!(request.param(#location, #name, #value, #encoding))
            }
        };
        steps.push(quote!(let request = #step;));
    }
    if let Some(body) = &op.body {
        let content_type = body.content_type.as_str();
        let attach = |value: TokenStream| -> TokenStream {
            match &body.media {
                Media::Json if content_type == "application/json" => quote!(request.json(#value)),
                Media::Json => quote!(request.json_as(#content_type, #value)),
                Media::Form => form(body, value),
                Media::Multipart => multipart(api, body, value),
                Media::Binary(_) => {
                    quote!(request.bytes(#content_type, Clone::clone(#value)))
                }
                Media::Text(_) => {
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
    // First, so that an `Accept` header parameter or option overrides it.
    let accept = op
        .accept
        .as_ref()
        .map(|accept| quote!(let request = request.header("Accept", Some(#accept));));
    quote! {
        let request = self.client.request(&#static_name);
        #accept
        #( #steps )*
    }
}

/// A form body: the Encoding Object's defaults, and the properties its
/// `encoding` entries describe.
fn form(body: &Body, value: TokenStream) -> TokenStream {
    let entries: Vec<TokenStream> = body
        .encoding
        .iter()
        .filter_map(|entry| {
            let name = &entry.property;
            let encoding = match (&entry.style, &entry.content_type) {
                (Some(style @ Serialization::Style { .. }), _) => {
                    let style = encoding_tokens(style);
                    quote!(runtime::Encoding::Style(#style))
                }
                (_, Some(content_type)) if is_json(content_type) => {
                    quote!(runtime::Encoding::Json)
                }
                (_, Some(_)) => quote!(runtime::Encoding::Text),
                _ => return None,
            };
            Some(quote!((#name, #encoding)))
        })
        .collect();
    if entries.is_empty() {
        quote!(request.form(#value))
    } else {
        quote!(request.form_with(#value, &[ #( #entries ),* ]))
    }
}

/// `application/json` and `*+json`.
fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The file parts of a field: `None` when it holds no files, else whether it
/// holds several (an array of files).
fn file_field(api: &Api, ty: &TypeRef) -> Option<bool> {
    let mut ty = ty.non_null();
    let mut array = false;
    for _ in 0..64 {
        match ty {
            TypeRef::File => return Some(array),
            TypeRef::Array(item) if !array => {
                array = true;
                ty = item.non_null();
            }
            TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Alias(target)) => ty = target.non_null(),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// Builds a multipart form from a struct body, one field at a time: files
/// (`format: binary`) are file parts; everything else goes to the runtime with
/// the field's `encoding` entry, which makes objects JSON parts.
fn multipart(api: &Api, body: &Body, value: TokenStream) -> TokenStream {
    let fields = match &body.ty {
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Struct(fields)) => fields,
            _ => {
                return quote!(request.bytes("application/octet-stream", serde_json::to_vec(#value).unwrap_or_default()));
            }
        },
        _ => {
            return quote!(request.bytes("application/octet-stream", serde_json::to_vec(#value).unwrap_or_default()));
        }
    };
    let parts = fields.iter().map(|field| {
        let member = ident(&field.rust_name);
        if field.flatten {
            return quote! {
                let form = body.#member.iter().fold(form, |form, (name, value)| {
                    form.field(name, value, runtime::PartEncoding::default())
                });
            };
        }
        let name = &field.name;
        let entry = body.encoding.iter().find(|e| e.property == field.name);
        let declared = entry.and_then(|e| e.content_type.as_deref());
        match file_field(api, &field.ty) {
            Some(array) => {
                // One concrete declared type is the default; a list or a range is the caller's to pick.
                let default_type = match declared.map(str::trim) {
                    Some(ct) if !ct.contains(',') && !ct.contains('*') && !ct.is_empty() => {
                        quote!(Some(#ct))
                    }
                    _ => quote!(None),
                };
                let optional = !field.required || field.ty.is_nullable();
                let double = !field.required && field.ty.is_nullable();
                if !optional && !array {
                    return quote!(let form = form.file_part(#name, &body.#member, #default_type););
                }
                let files = match (optional, double, array) {
                    (false, _, _) | (true, false, false) => quote!(body.#member.iter()),
                    (true, false, true) | (true, true, false) => {
                        quote!(body.#member.iter().flatten())
                    }
                    (true, true, true) => quote!(body.#member.iter().flatten().flatten()),
                };
                quote! {
                    let form = #files.fold(form, |form, file| form.file_part(#name, file, #default_type));
                }
            }
            None => {
                let style = match entry.and_then(|e| e.style.as_ref()) {
                    Some(style @ Serialization::Style { .. }) => {
                        let style = encoding_tokens(style);
                        quote!(Some(#style))
                    }
                    _ => quote!(None),
                };
                let content_type = match declared {
                    Some(ct) => quote!(Some(#ct)),
                    None => quote!(None),
                };
                let encoding = if entry.is_none() {
                    quote!(runtime::PartEncoding::default())
                } else {
                    quote!(runtime::PartEncoding { style: #style, content_type: #content_type })
                };
                quote!(let form = form.field(#name, &body.#member, #encoding);)
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
