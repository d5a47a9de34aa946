// Copied by the generator from templates/runtime/mod.rs: edit the template, not this file.

//! Hand-written runtime shared by every generated client.
//!
//! The generator copies this directory verbatim; everything API-specific comes
//! from `crate::conventions` (generated per API) and `crate::types`.

mod auth;
mod client;
pub(crate) mod de;
pub(crate) mod ser;
pub(crate) mod double_option;
mod error;
mod file;
#[cfg(feature = "mock")]
pub(crate) mod mock;
pub(crate) mod open_enum;
mod options;
mod pagination;
mod problem;
mod redact;
mod request;
mod response;
mod retry;
mod send;
mod sending;
mod serialize;
mod session;
mod sse;
mod stream;
mod union;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, Error, MiddlewareError};
pub use file::{File, FileStream};
pub use options::{RequestOptions, RetryPolicy};
pub use problem::Problem;
pub use request::{Method, MultipartForm, Operation};
pub use reqwest::StatusCode;
pub use reqwest::header::HeaderMap;
pub use response::Response;
pub use sending::{DataFuture, ResponseFuture};
pub use session::SessionTokens;
pub use stream::{ByteStream, Event, EventStream, JsonStream};

// Named by generated code (`conventions.rs`, `apis/`).
#[allow(unused_imports, reason = "only APIs with enums use this")]
pub(crate) use open_enum::OpenEnum;
pub(crate) use auth::SchemeKind;
pub(crate) use error::ErrorFields;
pub(crate) use session::SessionConventions;
#[allow(unused_imports, reason = "generated code names the subset its API needs")]
pub(crate) use {
    pagination::{PagedRequest, Paginated, items, pages},
    redact::{Hidden, Redacted, RedactedJson},
    request::{In, PartEncoding},
    serialize::{Encoding, ParamStyle, Style},
    response::{Bare, Envelope, EnvelopeInfo, OpenResponse, RawResponse},
    sending::{Data, Decoded, Sending, SendingOpen},
    union::{Shape, decode_union, kind},
};
