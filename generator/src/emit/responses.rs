//! What a request builder returns: the output type, the enums by status and by
//! media type, and the code that decodes a response into them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, ident, rust_type};
use crate::model::{ANY_SUCCESS, Format, Operation, Output, Payload, Representation, Response};

/// The Rust type of a payload (in an `apis` module).
pub fn payload_type(payload: &Payload) -> TokenStream {
    match payload {
        Payload::Value(ty) => rust_type(ty, Scope::Elsewhere),
        Payload::Events(ty) => {
            let ty = rust_type(ty, Scope::Elsewhere);
            quote!(runtime::EventStream<#ty>)
        }
        Payload::Items(ty) => {
            let ty = rust_type(ty, Scope::Elsewhere);
            quote!(runtime::JsonStream<#ty>)
        }
        Payload::ByMedia(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// What `send()` returns.
pub fn output_type(op: &Operation) -> TokenStream {
    match &op.output {
        Output::Empty => quote!(()),
        Output::Single(payload) => payload_type(payload),
        Output::PerStatus(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// Whether a success body is read as it arrives, which `send_open` allows.
pub fn streams(op: &Operation) -> bool {
    op.responses
        .iter()
        .flat_map(|r| &r.representations)
        .any(|r| r.format.is_stream())
}

/// Whether `send_streaming` is offered: a success body may be binary.
pub fn downloads(op: &Operation) -> bool {
    op.responses
        .iter()
        .flat_map(|r| &r.representations)
        .any(|r| r.format == Format::Binary)
}

/// Whether values of the payload can be cloned and compared (streams cannot).
fn is_plain(response: &Response) -> bool {
    !response
        .representations
        .iter()
        .any(|r| r.format.is_stream())
}

/// `decode` (an expression of a `raw` read whole) for a decoder of a response read
/// whole; in a decoder of an `open` one, the body read whole first.
fn read(open: bool, decode: TokenStream) -> TokenStream {
    if open {
        quote!(runtime::Decoded::read(raw, |raw| #decode))
    } else {
        decode
    }
}

/// Decodes one representation: `Result<runtime::Response<T>, runtime::Error>`, or
/// `runtime::Decoded<T>` when `open`.
fn decoder(representation: &Representation, open: bool) -> TokenStream {
    match representation.format {
        Format::Json if representation.enveloped => read(open, quote!(raw.enveloped())),
        Format::Json => read(open, quote!(raw.json())),
        Format::Text => read(open, quote!(raw.text())),
        Format::Binary => read(open, quote!(raw.bytes())),
        Format::EventStream if representation.ty == crate::model::TypeRef::String => {
            quote!(runtime::Decoded::ready(raw.text_events()))
        }
        Format::EventStream => quote!(runtime::Decoded::ready(raw.events())),
        Format::JsonLines => quote!(runtime::Decoded::ready(raw.json_lines())),
        Format::JsonSeq => quote!(runtime::Decoded::ready(raw.json_seq())),
    }
}

/// Decodes one response's body into its payload type.
fn body_decoder(response: &Response, open: bool) -> TokenStream {
    match (&response.payload, response.representations.as_slice()) {
        (None, _) | (_, []) => read(open, quote!(raw.empty())),
        (Some(Payload::ByMedia(name)), representations) => {
            let name = ident(name);
            let declared = representations
                .iter()
                .flat_map(|r| r.content_types.iter().map(String::as_str));
            let mut next = 0usize;
            let last = representations.len() - 1;
            let arms = representations
                .iter()
                .enumerate()
                .map(|(index, representation)| {
                    let indices = next..next + representation.content_types.len();
                    next = indices.end;
                    let pattern = if index == last {
                        quote!(_)
                    } else {
                        let indices = indices.map(proc_macro2::Literal::usize_unsuffixed);
                        quote!(#( #indices )|*)
                    };
                    let variant = ident(&representation.variant);
                    let decode = decoder(representation, open);
                    quote!(#pattern => #decode.map(|response| response.map(#name::#variant)),)
                });
            quote! {
                match raw.media(&[#( #declared ),*]) {
                    #( #arms )*
                }
            }
        }
        // Any other payload has exactly one representation.
        (Some(_), [first, ..]) => decoder(first, open),
    }
}

/// The body of the decoder (a closure of `raw`) that makes what `send()` returns of
/// the response, by status: the result, or `runtime::Decoded` when the operation
/// [`streams`].
pub fn decode_response(op: &Operation) -> TokenStream {
    let open = streams(op);
    let unexpected = read(open, quote!(Err(raw.unexpected_status())));
    match &op.output {
        Output::Empty => read(open, quote!(raw.empty())),
        Output::Single(_) => {
            let decode = match op.responses.iter().find(|r| r.payload.is_some()) {
                Some(response) => body_decoder(response, open),
                None => read(open, quote!(raw.empty())),
            };
            if op.responses.iter().any(|r| r.status == ANY_SUCCESS) {
                decode
            } else {
                let statuses = op.responses.iter().map(|r| r.status);
                quote! {
                    match raw.status().as_u16() {
                        #( #statuses )|* => #decode,
                        _ => #unexpected,
                    }
                }
            }
        }
        Output::PerStatus(name) => {
            let name = ident(name);
            let catch_all = op.responses.iter().any(|r| r.status == ANY_SUCCESS);
            let unexpected = (!catch_all).then(|| quote!(_ => #unexpected,));
            let arms = op.responses.iter().map(|response| {
                let status = response.status;
                let pattern = if status == ANY_SUCCESS { quote!(_) } else { quote!(#status) };
                let variant = ident(&status_variant(status));
                let arm = match &response.payload {
                    Some(payload) => {
                        let ty = payload_type(payload);
                        let decode = body_decoder(response, open);
                        quote!(#decode.map(|response: runtime::Response<#ty>| response.map(#name::#variant)))
                    }
                    None => {
                        let empty = read(open, quote!(raw.empty()));
                        quote!(#empty.map(|response| response.map(|()| #name::#variant)))
                    }
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

/// The decoder of `send_streaming()` (a closure of an open `raw`), for operations
/// that may answer with a binary body.
pub fn send_streaming(op: &Operation) -> TokenStream {
    let statuses: Vec<u16> = op.responses.iter().map(|r| r.status).collect();
    if statuses.contains(&ANY_SUCCESS) {
        quote!(runtime::Decoded::ready(raw.byte_stream()))
    } else {
        let unexpected = read(true, quote!(Err(raw.unexpected_status())));
        quote! {
            match raw.status().as_u16() {
                #( #statuses )|* => runtime::Decoded::ready(raw.byte_stream()),
                _ => #unexpected,
            }
        }
    }
}

/// The enum by status, and the enums by media type, of an operation.
pub fn response_enums(op: &Operation) -> TokenStream {
    let mut items = Vec::new();
    let mut named: Vec<&str> = Vec::new();
    for response in &op.responses {
        let Some(Payload::ByMedia(name)) = &response.payload else {
            continue;
        };
        if named.contains(&name.as_str()) {
            continue;
        }
        named.push(name);
        items.push(media_enum(op, name, response));
    }
    if let Output::PerStatus(name) = &op.output {
        items.push(per_status_enum(op, name));
    }
    quote!(#( #items )*)
}

/// Derives (streams are neither `Clone` nor comparable). A variant holding a model
/// may be much bigger than the others, but callers take the value apart at once:
/// no boxing.
fn derives(plain: bool) -> TokenStream {
    let derives = if plain {
        quote!(#[derive(Debug, Clone, PartialEq)])
    } else {
        quote!(#[derive(Debug)])
    };
    quote!(#derives #[allow(clippy::large_enum_variant)])
}

fn media_enum(op: &Operation, name: &str, response: &Response) -> TokenStream {
    let variants = response.representations.iter().map(|representation| {
        let variant = ident(&representation.variant);
        let ty = payload_type(&Payload::of_single(representation));
        let doc = format!(" `{}`", representation.content_types.join("`, `"));
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let doc = format!(
        " What [`{}`] returns, by the media type the server answered with.",
        op.builder_name
    );
    let derives = derives(is_plain(response));
    let name = ident(name);
    quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
        }
    }
}

fn per_status_enum(op: &Operation, name: &str) -> TokenStream {
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
        match &response.payload {
            Some(payload) => {
                let ty = payload_type(payload);
                quote!(#[doc = #doc] #variant(#ty),)
            }
            None => quote!(#[doc = #doc] #variant,),
        }
    });
    let doc = format!(" What [`{}`] returns, by status.", op.builder_name);
    let derives = derives(op.responses.iter().all(is_plain));
    quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
        }
    }
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
