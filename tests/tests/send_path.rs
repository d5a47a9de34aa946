//! Every operation shares one send path (`templates/runtime/sending.rs`): a
//! request builder's `send`, `send_response` and `send_streaming` are plain
//! functions that hand the runtime's `Sending` future a closure that builds the
//! request and one that decodes the answer, and return it as
//! `impl ResponseFuture<T>` / `impl DataFuture<T>`. So rustc checks no `async`
//! body per operation (issue 17; BENCHMARKS.md §2), and the futures stay
//! `Send + Unpin + 'static`.
//!
//! The first two tests read the generated code as Rust tokens: the checked-in
//! ActuallyCare crate, and a crate generated here from a spec with every response
//! kind (JSON, text, binary, server-sent events, NDJSON, a choice of media types,
//! outputs by status, no content). The last one is a compile-time assertion on
//! the futures. What the futures do on the wire is covered by `wire_responses.rs`,
//! `runtime_*.rs` and the other behaviour tests, which await them.

#[path = "common/generated.rs"]
mod generated;

use std::fs;
use std::future::Future;
use std::path::Path;
use std::str::FromStr;

use actuallycare::Client;
use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Every token of `source` in order, groups flattened: idents, punctuation and
/// literals as their text, a group as its opening delimiter, contents and closing.
fn tokens(source: &str) -> Vec<String> {
    fn walk(stream: TokenStream, out: &mut Vec<String>) {
        for tree in stream {
            match tree {
                TokenTree::Group(group) => {
                    let (open, close) = match group.delimiter() {
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    out.push(open.to_owned());
                    walk(group.stream(), out);
                    out.push(close.to_owned());
                }
                other => out.push(other.to_string()),
            }
        }
    }
    let stream = TokenStream::from_str(source).expect("generated code is valid Rust tokens");
    let mut out = Vec::new();
    walk(stream, &mut out);
    out
}

/// What one `apis` module holds, read from its tokens.
#[derive(Default, Debug)]
struct Census {
    /// `async` keywords anywhere (functions, blocks, closures).
    asyncs: usize,
    /// `static NAME: runtime::Operation = …`: one per operation.
    operations: usize,
    /// Each `fn send`, `fn send_response` and `fn send_streaming` with the tokens of
    /// its return type.
    send_fns: Vec<(String, String)>,
    /// Futures made by the runtime (`runtime::Sending::Unsent(build, decode)`).
    sendings: usize,
    /// The same for responses whose 2xx body may be streamed (`SendingOpen`).
    open_sendings: usize,
}

impl Census {
    fn of(source: &str) -> Self {
        let tokens = tokens(source);
        let mut census = Self::default();
        for (index, token) in tokens.iter().enumerate() {
            let next = |n: usize| tokens.get(index + n).map(String::as_str);
            match token.as_str() {
                "async" => census.asyncs += 1,
                "static"
                    if next(2) == Some(":")
                        && next(3) == Some("runtime")
                        && next(6) == Some("Operation") =>
                {
                    census.operations += 1;
                }
                "Sending" if next(3) == Some("Unsent") => census.sendings += 1,
                "SendingOpen" if next(3) == Some("Unsent") => census.open_sendings += 1,
                "fn" => {
                    let Some(name @ ("send" | "send_response" | "send_streaming")) = next(1) else {
                        continue;
                    };
                    let signature = &tokens[index + 2..];
                    let arrow = signature.windows(2).position(|pair| pair == ["-", ">"]);
                    let body = signature.iter().position(|token| token == "{");
                    let output = match (arrow, body) {
                        (Some(arrow), Some(body)) if arrow < body => {
                            signature[arrow + 2..body].concat()
                        }
                        _ => String::new(),
                    };
                    census.send_fns.push((name.to_owned(), output));
                }
                _ => {}
            }
        }
        census
    }

    fn add(&mut self, other: Self) {
        self.asyncs += other.asyncs;
        self.operations += other.operations;
        self.send_fns.extend(other.send_fns);
        self.sendings += other.sendings;
        self.open_sendings += other.open_sendings;
    }
}

/// The census of every `src/apis/*.rs` in `files` (path, contents).
fn census<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Census {
    let mut total = Census::default();
    for (path, source) in files {
        if path.starts_with("src/apis/") && path != "src/apis/mod.rs" {
            total.add(Census::of(source));
        }
    }
    total
}

/// No `async` body per operation: each operation has `send` returning
/// `impl DataFuture<_>` and `send_response` returning `impl ResponseFuture<_>`
/// made by the runtime (and `send_streaming` an `impl ResponseFuture<ByteStream>`),
/// and no `async` anywhere.
#[track_caller]
fn assert_one_send_path(name: &str, census: &Census) {
    assert!(
        census.operations > 0,
        "{name}: no operations found; the census reads nothing"
    );
    assert_eq!(census.asyncs, 0, "{name}: `async` in operation code");
    let count = |wanted: &str| {
        census
            .send_fns
            .iter()
            .filter(|(name, _)| name == wanted)
            .count()
    };
    assert_eq!(
        count("send"),
        census.operations,
        "{name}: one `send` per operation: {:?}",
        census.send_fns
    );
    assert_eq!(
        count("send_response"),
        census.operations,
        "{name}: one `send_response` per operation"
    );
    for (function, output) in &census.send_fns {
        let expected = match function.as_str() {
            "send" => "implruntime::DataFuture<",
            "send_streaming" => "implruntime::ResponseFuture<runtime::ByteStream>",
            _ => "implruntime::ResponseFuture<",
        };
        assert!(
            output.starts_with(expected),
            "{name}: `fn {function}` returns `{output}`, not `{expected}…`"
        );
    }
    // One runtime future per `send_response` and per `send_streaming`.
    assert_eq!(
        census.sendings + census.open_sendings,
        census
            .send_fns
            .iter()
            .filter(|(name, _)| name != "send")
            .count(),
        "{name}: {census:?}"
    );
}

#[test]
fn the_checked_in_client_has_no_async_operation_code() {
    let apis = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/src/apis");
    let mut files = Vec::new();
    for entry in fs::read_dir(&apis).expect("generated-client/src/apis") {
        let path = entry.expect("directory entry").path();
        let name = format!("src/apis/{}", path.file_name().unwrap().to_string_lossy());
        files.push((name, fs::read_to_string(&path).expect("readable module")));
    }
    let census = census(
        files
            .iter()
            .map(|(path, source)| (path.as_str(), source.as_str())),
    );
    assert_one_send_path("actuallycare", &census);
}

const EVERY_RESPONSE_KIND: &str = r##"
openapi: 3.0.3
info: {title: Send path, version: "1"}
paths:
  /pet:
    get:
      operationId: getPet
      tags: [kinds]
      responses:
        '200':
          description: JSON.
          content:
            application/json:
              schema: {type: object, properties: {name: {type: string}}}
    delete:
      operationId: deletePet
      tags: [kinds]
      responses:
        '204': {description: No content.}
  /note:
    get:
      operationId: getNote
      tags: [kinds]
      responses:
        '200':
          description: Text.
          content:
            text/plain:
              schema: {type: string}
  /file:
    get:
      operationId: getFile
      tags: [kinds]
      responses:
        '200':
          description: Binary, also offered as a stream of chunks.
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
  /events:
    get:
      operationId: watchEvents
      tags: [kinds]
      responses:
        '200':
          description: Server-sent events.
          content:
            text/event-stream:
              schema: {type: object, properties: {id: {type: integer}}}
  /lines:
    get:
      operationId: exportLines
      tags: [kinds]
      responses:
        '200':
          description: NDJSON.
          content:
            application/x-ndjson:
              schema: {type: object, properties: {id: {type: integer}}}
  /either:
    get:
      operationId: getEither
      tags: [kinds]
      responses:
        '200':
          description: JSON or events, by Content-Type.
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
            text/event-stream:
              schema: {type: string}
  /jobs:
    post:
      operationId: startJob
      tags: [kinds]
      responses:
        '200':
          description: Done at once.
          content:
            application/json:
              schema: {type: object, properties: {id: {type: integer}}}
        '202':
          description: Progress as events.
          content:
            text/event-stream:
              schema: {type: object, properties: {done: {type: boolean}}}
        '204': {description: Nothing to do.}
"##;

#[test]
fn every_response_kind_is_sent_without_async_operation_code() {
    let generated = generated::generate("send_path", EVERY_RESPONSE_KIND);
    let census = census(
        generated
            .files
            .iter()
            .map(|(path, source)| (path.as_str(), source.as_str())),
    );
    assert_one_send_path("send_path", &census);
    assert_eq!(
        census.operations, 8,
        "every operation of the spec: {census:?}"
    );
    // The streamed ones go through the open path: events, NDJSON, the choice of
    // JSON or events, the job whose 202 streams, and the file's `send_streaming`.
    assert_eq!(census.open_sendings, 5, "{census:?}");
    let streaming = census
        .send_fns
        .iter()
        .filter(|(name, _)| name == "send_streaming")
        .count();
    assert_eq!(
        streaming, 1,
        "`send_streaming` for the binary body: {census:?}"
    );
}

/// A compile-time proof that a future can be moved to another thread, outlives
/// any borrow and can be polled in place: what `tokio::spawn` and `select!` ask.
fn spawnable<F: Future + Send + Unpin + 'static>(future: F) -> F {
    future
}

#[test]
fn builders_return_spawnable_futures() {
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("client");
    let id = uuid::Uuid::nil();
    // Made, never polled: nothing is sent (the request is built on the first poll).
    let list = spawnable(client.listings().list().limit(5).send());
    let get = spawnable(client.listings().get(id).send_response());
    let login = spawnable(client.auth().logout().send());
    drop((list, get, login));
}
