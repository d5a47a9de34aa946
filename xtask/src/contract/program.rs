//! The probe program for one spec: a `call(i, args)` entry point that calls
//! operation `i` through the generated client with JSON arguments (each
//! deserialized into the parameter's own Rust type), and a `main` that calls
//! every operation listed in an arguments file and prints one JSON line per
//! call with what came back.

use std::fmt::Write as _;

use generator::emit::{Scope, rust_type};
use generator::model::{Api, Location, Operation, TypeRef};

/// The key of a parameter's value in an operation's arguments.
pub fn param_key(location: Location, name: &str) -> String {
    format!("{}:{name}", location.as_str())
}

pub const BODY_KEY: &str = "body";

/// The runner's `Cargo.toml`.
pub fn manifest(runner: &str, client: &str, types: &str) -> String {
    let mut manifest = format!(
        "[package]\nname = \"{runner}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n{client} = {{ path = \"../client\", features = [\"middleware\", \"{both_ways}\"] }}\n\
         tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n\
         serde = \"1\"\nserde_json = \"1\"\n\
         reqwest = {{ version = \"0.13\", default-features = false }}\n\
         reqwest-middleware = {{ version = \"0.5\", default-features = false }}\n\
         async-trait = \"0.1\"\nhttp = \"1\"\n",
        // The runner reads request arguments from JSON (`serde_json::from_value`),
        // and request types derive `Deserialize` only with this feature.
        both_ways = generator::emit::SERDE_BOTH_WAYS_FEATURE,
    );
    // The parameter types name these crates; the client depends on them already.
    if types.contains("uuid ::") {
        manifest.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    if types.contains("chrono ::") {
        manifest.push_str(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }\n",
        );
    }
    manifest
}

/// `main.rs` of the runner for `operations` (by index into the list the
/// arguments file uses).
pub fn main_rs(krate: &str, api: &Api, operations: &[&Operation]) -> String {
    // One small async fn per operation and a dispatch that boxes the one it
    // calls: a single `match` awaiting hundreds of calls is one huge state
    // machine, which rustc takes very long to build for Stripe or GitHub.
    let mut calls = String::new();
    let mut functions = String::new();
    for (index, op) in operations.iter().enumerate() {
        let _ = writeln!(
            calls,
            "        {index} => Box::pin(call_{index}(client, a)),"
        );
        let _ = writeln!(
            functions,
            "async fn call_{index}(client: &{krate}::Client, a: &Value) -> Result<Value, String> {{"
        );
        let group = api
            .groups
            .iter()
            .find(|g| g.operations.iter().any(|o| std::ptr::eq(o, *op)))
            .expect("every operation is in a group");
        let mut positional = Vec::new();
        for param in op.params.iter().filter(|p| p.required) {
            let key = param_key(param.location, &param.name);
            positional.push(format!("arg::<{}>(a, {key:?})?", ty(krate, &param.ty)));
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            positional.push(format!("arg::<{}>(a, {BODY_KEY:?})?", ty(krate, &body.ty)));
        }
        let _ = writeln!(
            functions,
            "    let b = client.{}().{}({});",
            group.accessor,
            op.method_name,
            positional.join(", ")
        );
        for param in op.params.iter().filter(|p| !p.required) {
            let key = param_key(param.location, &param.name);
            let _ = writeln!(
                functions,
                "    let b = if a.get({key:?}).is_some() {{ b.{}(arg::<{}>(a, {key:?})?) }} else {{ b }};",
                param.rust_name,
                ty(krate, &param.ty)
            );
        }
        if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
            let _ = writeln!(
                functions,
                "    let b = if a.get({BODY_KEY:?}).is_some() {{ b.body(arg::<{}>(a, {BODY_KEY:?})?) }} else {{ b }};",
                ty(krate, &body.ty)
            );
        }
        let _ = writeln!(functions, "    Ok(outcome(b.send_response().await))");
        let _ = writeln!(functions, "}}");
    }
    PROGRAM
        .replace("KRATE", krate)
        .replace("        // CALLS\n", &calls)
        .replace("// FUNCTIONS\n", &functions)
}

/// A type as the probe names it (the generated crate's `crate::` becomes its name).
pub fn ty(krate: &str, ty: &TypeRef) -> String {
    rust_type(ty, Scope::Elsewhere)
        .to_string()
        .replace("crate ::", &format!("{krate} ::"))
}

const PROGRAM: &str = r##"// Written by `cargo xtask contract` (xtask/src/contract/program.rs).
#![allow(deprecated, unused_imports, unused_variables, clippy::all)]
use std::io::{Read as _, Write as _};

use serde_json::{Value, json};

fn arg<T: serde::de::DeserializeOwned>(args: &Value, key: &str) -> Result<T, String> {
    let value = args.get(key).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value)
        .map_err(|e| format!("argument `{key}` does not fit its Rust type: {e}"))
}

/// The body of the last response, whole. The client's decode error keeps
/// only the start of it, and the value it could not decode may lie past that
/// start; the harness needs it to tell a broken example of the spec's.
static LAST_BODY: std::sync::Mutex<Vec<u8>> = std::sync::Mutex::new(Vec::new());

/// Reads every response whole into `LAST_BODY` and hands the client the same
/// status, headers, URL and bytes.
struct KeepBody;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for KeepBody {
    async fn handle(
        &self,
        request: reqwest::Request,
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<reqwest::Response> {
        use reqwest::ResponseBuilderExt as _;
        let response = next.run(request, extensions).await?;
        let mut copy = http::Response::builder()
            .status(response.status())
            .version(response.version())
            .url(response.url().clone());
        if let Some(headers) = copy.headers_mut() {
            *headers = response.headers().clone();
        }
        let body = response.bytes().await?.to_vec();
        *LAST_BODY.lock().unwrap_or_else(|e| e.into_inner()) = body.clone();
        let copy = copy.body(body).map_err(|e| reqwest_middleware::Error::Middleware(e.into()))?;
        Ok(reqwest::Response::from(copy))
    }
}

fn outcome<T>(result: Result<KRATE::Response<T>, KRATE::Error>) -> Value {
    match result {
        Ok(response) => json!({"status": response.status().as_u16()}),
        Err(KRATE::Error::Decode { status, source, .. }) => json!({
            "status": status.as_u16(), "decode": source.to_string(),
            "body": String::from_utf8_lossy(&LAST_BODY.lock().unwrap_or_else(|e| e.into_inner())),
        }),
        Err(KRATE::Error::Api(error)) => json!({
            "status": error.status().as_u16(), "body": error.body(),
            // Prism's reasons when it answers with the spec's own 400.
            "violations": error.headers().get("sl-violations").and_then(|v| v.to_str().ok()),
        }),
        // A status the operation does not declare.
        Err(error @ KRATE::Error::UnexpectedStatus { .. }) => json!({
            "error": error.to_string(), "undeclared": error.status().map(|s| s.as_u16()),
        }),
        Err(error) => json!({"error": error.to_string()}),
    }
}

/// Tells the recording server which operation the next requests belong to.
fn mark(address: &str, index: usize) {
    if address.is_empty() {
        return;
    }
    let mut stream = std::net::TcpStream::connect(address).expect("the recorder listens");
    write!(
        stream,
        "POST /__contract/mark/{index} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .expect("write the mark");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
}

type Call<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Value, String>> + 'a>>;

async fn call(client: &KRATE::Client, index: usize, a: &Value) -> Result<Value, String> {
    let call: Call<'_> = match index {
        // CALLS
        _ => return Err(format!("no operation {index}")),
    };
    call.await
}

// FUNCTIONS

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let base_url = &argv[1];
    let calls: Vec<Value> = serde_json::from_str(
        &std::fs::read_to_string(&argv[2]).expect("read the arguments file"),
    )
    .expect("the arguments file is JSON");
    let mark_address = argv.get(3).cloned().unwrap_or_default();
    let from: usize = argv.get(4).and_then(|from| from.parse().ok()).unwrap_or(0);
    let client = KRATE::Client::builder()
        .base_url(base_url)
        .allow_insecure_http(true)
        .api_key("contract-api-key")
        .bearer_token("contract-token")
        .basic_auth("contract-user", "contract-password")
        .retry_policy(KRATE::RetryPolicy::none())
        .timeout(std::time::Duration::from_secs(30))
        .http_middleware(
            reqwest_middleware::ClientBuilder::new(
                reqwest::Client::builder()
                    .redirect(KRATE::Client::redirect_policy())
                    .build()
                    .expect("the HTTP client builds"),
            )
            .with(KeepBody)
            .build(),
        )
        .build()
        .expect("the client builds");
    for (index, arguments) in calls.iter().enumerate().skip(from) {
        mark(&mark_address, index);
        let result = call(&client, index, arguments).await;
        let line = match result {
            Ok(outcome) => json!({"index": index, "outcome": outcome}),
            Err(error) => json!({"index": index, "outcome": {"arguments": error}}),
        };
        println!("{line}");
    }
}
"##;
