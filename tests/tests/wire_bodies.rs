//! Request bodies on the wire, through generated code: JSON media types other than
//! `application/json`, text, `application/x-www-form-urlencoded` and
//! `multipart/form-data` with and without an `encoding` object, files (named, typed,
//! streamed from disk or from a stream, sent again on retry), and `readOnly`/`writeOnly`
//! properties in a body that is both sent and received.
//!
//! Like `wire_params.rs`: a probe spec, a generated client built with a runner, and a
//! recording server on 127.0.0.1. Oracles: OpenAPI 3.1.1's own form example, RFC 7578
//! for multipart parts, and the Encoding Object's defaults.
//!
//! Run with `cargo test -p integration-tests --test wire_bodies`.

mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use common::probe;
use common::recorder::{Recorded, Recorder, percent_decode};
use serde_json::{Value, json};

fn probe_spec() -> Value {
    let created = json!({"201": {"description": "Created.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}});
    let no_content = json!({"204": {"description": "Recorded."}});
    let binary = json!({"type": "string", "format": "binary"});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Wire bodies probe", "version": "1"},
        "paths": {
            // The issue's Pet: a required readOnly `id` and a required writeOnly `secret`,
            // used as both the request body and the 201 response.
            "/pets": {"post": {"operationId": "create_pet", "responses": created, "requestBody": {"required": true,
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}},
            "/pets/{id}": {"patch": {"operationId": "patch_pet", "responses": no_content,
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "requestBody": {"required": true, "content": {"application/merge-patch+json": {"schema": {
                    "type": "object", "properties": {
                        "name": {"type": "string"},
                        "nickname": {"type": "string", "nullable": true}}}}}}}},
            "/notes": {"put": {"operationId": "put_note", "responses": no_content, "requestBody": {"required": true,
                "content": {"text/plain; charset=utf-8": {"schema": {"type": "string"}}}}}},
            // OpenAPI 3.1.1, "Example: URL Encoded Form with JSON Values" (no `encoding`).
            "/form/content": {"post": {"operationId": "submit_address", "responses": no_content, "requestBody": {"required": true,
                "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object",
                    "required": ["id", "address"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid"},
                        "address": {"type": "object",
                            "required": ["streetAddress", "city", "state", "zip"],
                            "properties": {
                                "streetAddress": {"type": "string"}, "city": {"type": "string"},
                                "state": {"type": "string"}, "zip": {"type": "string"}}},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "secret": {"type": "string", "writeOnly": true},
                        "created": {"type": "string", "readOnly": true}}}}}}}},
            // Stripe's form bodies: deepObject entries in `encoding`.
            "/v1/customers": {"post": {"operationId": "create_customer", "responses": no_content, "requestBody": {"required": true,
                "content": {"application/x-www-form-urlencoded": {
                    "encoding": {
                        "address": {"explode": true, "style": "deepObject"},
                        "metadata": {"explode": true, "style": "deepObject"},
                        "expand": {"explode": true, "style": "deepObject"},
                        "preferred_locales": {"style": "form", "explode": false},
                        // `explode` left out: `true`, the default for `form` (not openapiv3's `false`).
                        "labels": {"style": "form"},
                        "note": {"contentType": "application/json"}},
                    "schema": {"type": "object", "required": ["email"], "properties": {
                        "email": {"type": "string"},
                        "address": {"type": "object", "properties": {"line1": {"type": "string"}, "city": {"type": "string"}}},
                        "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                        "expand": {"type": "array", "items": {"type": "string"}},
                        "preferred_locales": {"type": "array", "items": {"type": "string"}},
                        "labels": {"type": "array", "items": {"type": "string"}},
                        "note": {"type": "string"}}}}}}}},
            "/upload": {"post": {"operationId": "upload", "responses": no_content, "requestBody": {"required": true,
                "content": {"multipart/form-data": {
                    "encoding": {
                        "doc": {"contentType": "image/png", "headers": {"X-Rate-Limit-Limit": {"schema": {"type": "integer"}}}},
                        "profile": {"contentType": "application/vnd.profile+json"},
                        "filters": {"style": "deepObject", "explode": true}},
                    "schema": {"type": "object", "required": ["file"], "properties": {
                        "file": binary,
                        "photos": {"type": "array", "items": binary},
                        "doc": binary,
                        "meta": {"type": "object", "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "count": {"type": "integer"},
                        "caption": {"type": "string"},
                        "profile": {"type": "object", "properties": {"name": {"type": "string"}}},
                        "filters": {"type": "object", "properties": {"create": {"type": "boolean"}, "expires_at": {"type": "integer"}}}}}}}}}},
            // Idempotent, so a 503 is retried: the file parts must be sent again whole.
            "/upload/retry": {"put": {"operationId": "upload_retry", "responses": no_content, "requestBody": {"required": true,
                "content": {"multipart/form-data": {"schema": {"type": "object", "required": ["file", "streamed"], "properties": {
                    "file": binary, "streamed": binary}}}}}}},
        },
        "components": {"schemas": {
            "Pet": {"type": "object", "required": ["id", "name", "secret"], "properties": {
                "id": {"type": "integer", "readOnly": true},
                "name": {"type": "string"},
                "secret": {"type": "string", "writeOnly": true},
                "owner": {"$ref": "#/components/schemas/Owner"}}},
            "Owner": {"type": "object", "required": ["name", "since"], "properties": {
                "name": {"type": "string"},
                "since": {"$ref": "#/components/schemas/Timestamp"}}},
            "Timestamp": {"type": "string", "format": "date-time", "readOnly": true},
        }},
    })
}

fn generate() -> generator::Generated {
    let mut config = generator::Config::named("wire-bodies-probe");
    // One `client.operations()` for the runner, rather than a group per path.
    config.groups.untagged = generator::config::UntaggedGroups::One;
    generator::generate(&probe_spec().to_string(), &config).expect("the probe spec generates")
}

const RUNNER: &str = r#"//! Calls the wire-bodies probe, in order.
use std::collections::BTreeMap;
use std::time::Duration;

use wire_bodies_probe::types::{
    CreateCustomerRequest, CreateCustomerRequestAddress, OwnerInput, PatchPetRequest, PetInput, SubmitAddressRequest,
    SubmitAddressRequestAddress, UploadRequest, UploadRequestFilters, UploadRequestMeta, UploadRequestProfile,
    UploadRetryRequest,
};
use wire_bodies_probe::{File, RetryPolicy};

fn report<T: std::fmt::Debug>(label: &str, result: Result<T, wire_bodies_probe::Error>) -> Option<T> {
    match result {
        Ok(value) => {
            println!("ok {label}");
            Some(value)
        }
        Err(error) => {
            println!("err {label} {error}");
            None
        }
    }
}

fn chunks() -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures_util::stream::iter([Ok(b"streamed ".to_vec()), Ok(b"in chunks".to_vec())])
}

#[tokio::main]
async fn main() {
    let base = std::env::args().nth(1).expect("base URL");
    let retries = RetryPolicy::default().base_delay(Duration::from_millis(5)).max_delay(Duration::from_millis(20));
    let client = wire_bodies_probe::Client::builder().base_url(&base).retry_policy(retries).build().expect("client");
    let ops = client.operations();

    // No `id` to give; `secret` required; the nested Owner's read-only `since` left out too.
    let mut pet = PetInput::new("Rex", "s3cret");
    pet.owner = Some(OwnerInput::new("Ann"));
    if let Some(created) = report("create_pet", ops.create_pet(pet).send().await) {
        println!("value create_pet id={} name={} secret={:?}", created.id, created.name, created.secret);
    }

    let mut patch = PatchPetRequest::new();
    patch.nickname = Some(None);
    report("patch_pet", ops.patch_pet(7, patch).send().await);
    report("put_note", ops.put_note("héllo wörld").send().await);

    let address = SubmitAddressRequestAddress::new("123 Example Dr.", "Somewhere", "CA", "99999+1234");
    let mut form = SubmitAddressRequest::new("f81d4fae-7dec-11d0-a765-00a0c91e6bf6".parse().expect("uuid"), address);
    form.tags = Some(vec!["a b".to_owned(), "c&d".to_owned()]);
    form.secret = Some("pw".to_owned());
    report("submit_address", ops.submit_address(form).send().await);

    let mut customer = CreateCustomerRequest::new("jenny.rosen@example.com");
    let mut address = CreateCustomerRequestAddress::new();
    address.line1 = Some("510 Townsend St".to_owned());
    address.city = Some("San Francisco".to_owned());
    customer.address = Some(address);
    customer.metadata = Some(BTreeMap::from([("order_id".to_owned(), "6735".to_owned())]));
    customer.expand = Some(vec!["default_source".to_owned(), "tax".to_owned()]);
    customer.preferred_locales = Some(vec!["en".to_owned(), "fr".to_owned()]);
    customer.labels = Some(vec!["x y".to_owned(), "z".to_owned()]);
    customer.note = Some("vip".to_owned());
    report("create_customer", ops.create_customer(customer).send().await);

    let path = std::env::temp_dir().join(format!("wire-bodies-{}.jpg", std::process::id()));
    std::fs::write(&path, b"jpeg bytes from disk").expect("write the photo");
    let mut upload = UploadRequest::new(File::from_bytes(b"hello".to_vec()).file_name("a.txt").content_type("text/plain"));
    upload.photos = Some(vec![File::from_path(&path).content_type("image/jpeg"), File::from_stream(chunks).file_name("b.jpg")]);
    upload.doc = Some(File::from_bytes(vec![0x89, b'P', b'N', b'G']).header("X-Rate-Limit-Limit", "10"));
    let mut meta = UploadRequestMeta::new();
    meta.a = Some(1);
    meta.b = Some("x".to_owned());
    upload.meta = Some(meta);
    upload.tags = Some(vec!["one".to_owned(), "two".to_owned()]);
    upload.count = Some(3);
    let mut profile = UploadRequestProfile::new();
    profile.name = Some("p".to_owned());
    upload.profile = Some(profile);
    let mut filters = UploadRequestFilters::new();
    filters.create = Some(true);
    filters.expires_at = Some(1700000000);
    upload.filters = Some(filters);
    report("upload", ops.upload(upload).send().await);

    let retry = UploadRetryRequest::new(File::from_path(&path), File::from_stream(chunks));
    report("upload_retry", ops.upload_retry(retry).send().await);
    let _ = std::fs::remove_file(&path);
}
"#;

struct Wire {
    requests: BTreeMap<String, Vec<Recorded>>,
    output: String,
}

fn wire() -> &'static Wire {
    static WIRE: OnceLock<Wire> = OnceLock::new();
    WIRE.get_or_init(|| {
        let generated = generate();
        let probe = probe::build("wire-bodies", "wire-bodies-probe", &generated.files, RUNNER);
        let server = Recorder::start();
        // The created pet as a server sends it: with its id, without the write-only secret.
        server.respond(
            "/pets",
            201,
            "application/json",
            r#"{"id":7,"name":"Rex","owner":{"name":"Ann","since":"2025-01-02T03:04:05Z"}}"#,
        );
        server.respond("/upload/retry", 503, "text/plain", "busy");
        server.respond("/upload/retry", 204, "text/plain", "");
        let output = probe.run(&server.url());
        let failed: Vec<&str> = output
            .lines()
            .filter(|line| line.starts_with("err "))
            .collect();
        assert!(failed.is_empty(), "calls failed:\n{failed:#?}");
        let mut requests: BTreeMap<String, Vec<Recorded>> = BTreeMap::new();
        for request in server.requests() {
            requests
                .entry(request.path().to_owned())
                .or_default()
                .push(request);
        }
        Wire { requests, output }
    })
}

fn one<'a>(wire: &'a Wire, path: &str) -> &'a Recorded {
    let requests = &wire.requests[path];
    assert_eq!(requests.len(), 1, "one request to {path}");
    &requests[0]
}

fn body_text(request: &Recorded) -> String {
    String::from_utf8(request.body.clone()).expect("a text body")
}

#[test]
fn read_only_is_not_sent_and_write_only_is_not_required_back() {
    let wire = wire();
    let request = one(wire, "/pets");
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON");
    assert_eq!(
        sent,
        json!({"name": "Rex", "secret": "s3cret", "owner": {"name": "Ann"}})
    );
    // The 201 had no `secret`: it decoded all the same.
    assert!(
        wire.output
            .contains("value create_pet id=7 name=Rex secret=None"),
        "{}",
        wire.output
    );
}

#[test]
fn read_only_and_write_only_types() {
    let generated = generate();
    // The `types` module: `src/types.rs` and the files of `src/types/`.
    let types: &String = &generated
        .files
        .iter()
        .filter(|f| f.path == "src/types.rs" || f.path.starts_with("src/types/"))
        .map(|f| f.contents.as_str())
        .collect();
    let squashed: String = types.split_whitespace().collect();
    // Response view: the schema's name, `id` required, `secret` optional.
    assert!(squashed.contains("pubid:i64,"), "{types}");
    assert!(squashed.contains("pubsecret:Option<String>,"), "{types}");
    // Request view: no `id`, `secret` required, the nested Owner's view.
    let input = &squashed[squashed.find("pubstructPetInput{").expect("PetInput")..];
    let input = &input[..input.find('}').unwrap_or(input.len())];
    assert!(!input.contains("pubid:"), "{input}");
    assert!(
        input.contains("pubsecret:String,") && input.contains("Option<OwnerInput>"),
        "{input}"
    );
    // Inline request bodies are their own request views: no second type.
    assert!(!squashed.contains("SubmitAddressRequestInput"), "{types}");
    assert!(
        !squashed.contains("pubcreated:"),
        "the read-only `created` is left out:\n{types}"
    );
}

#[test]
fn json_media_types_and_text_keep_their_declared_content_type() {
    let wire = wire();
    let patch = one(wire, "/pets/7");
    assert_eq!(patch.method, "PATCH");
    assert_eq!(
        patch.header("content-type"),
        Some("application/merge-patch+json")
    );
    assert_eq!(body_text(patch), r#"{"nickname":null}"#);
    let note = one(wire, "/notes");
    assert_eq!(
        note.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(body_text(note), "héllo wörld");
}

/// OpenAPI 3.1.1's example body, byte for byte: `id` as text, `address` as JSON text,
/// spaces as `+`, and `+`, `"`, `{`, `}` percent-encoded. Arrays repeat the name.
#[test]
fn form_body_by_the_encoding_object_defaults() {
    let request = one(wire(), "/form/content");
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        body_text(request),
        "id=f81d4fae-7dec-11d0-a765-00a0c91e6bf6\
         &address=%7B%22streetAddress%22:%22123+Example+Dr.%22,%22city%22:%22Somewhere%22,%22state%22:%22CA%22,%22zip%22:%2299999%2B1234%22%7D\
         &tags=a+b&tags=c%26d&secret=pw"
    );
}

#[test]
fn form_body_with_stripe_style_encoding() {
    let request = one(wire(), "/v1/customers");
    let body = body_text(request);
    assert_eq!(
        body,
        "email=jenny.rosen@example.com\
         &address%5Bline1%5D=510%20Townsend%20St&address%5Bcity%5D=San%20Francisco\
         &metadata%5Border_id%5D=6735\
         &expand%5B%5D=default_source&expand%5B%5D=tax\
         &preferred_locales=en,fr\
         &labels=x%20y&labels=z\
         &note=%22vip%22"
    );
    // What Stripe's server reads from it.
    let decoded: Vec<String> = body
        .split('&')
        .map(|pair| percent_decode(&pair.replace('+', " ")))
        .collect();
    assert!(
        decoded.contains(&"address[line1]=510 Townsend St".to_owned()),
        "{decoded:?}"
    );
    assert!(decoded.contains(&"expand[]=tax".to_owned()), "{decoded:?}");
}

#[test]
fn undefined_encodings_are_announced() {
    let warnings = generate().warnings;
    let expand = "#/paths/~1v1~1customers/post/requestBody/content/application~1x-www-form-urlencoded/encoding/expand";
    assert!(
        warnings
            .iter()
            .any(|w| w.location == expand && w.message.contains("`expand[]=a&expand[]=b`")),
        "{warnings:#?}"
    );
    // A 3.0 multipart part's `style` is ignored, and said so.
    let filters = "#/paths/~1upload/post/requestBody/content/multipart~1form-data/encoding/filters";
    assert!(
        warnings
            .iter()
            .any(|w| w.location == filters && w.message.contains("OpenAPI 3.0 applies them")),
        "{warnings:#?}"
    );
    // Everything else in the probe is defined.
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
}

/// A multipart part: its headers (lowercased names) and content.
#[derive(Debug)]
struct Part {
    headers: Vec<(String, String)>,
    content: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn disposition(&self) -> &str {
        self.header("content-disposition").unwrap_or_default()
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.content).into_owned()
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Splits a `multipart/form-data` body at its boundary (RFC 7578, RFC 2046 §5.1.1).
fn parts(request: &Recorded) -> Vec<Part> {
    let content_type = request.header("content-type").expect("a content type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let boundary = format!(
        "--{}",
        content_type.split("boundary=").nth(1).expect("boundary")
    );
    let mut rest = request.body.as_slice();
    let mut parts = Vec::new();
    rest = &rest[find(rest, boundary.as_bytes()).expect("first boundary") + boundary.len()..];
    while rest.starts_with(b"\r\n") {
        rest = &rest[2..];
        let end = find(rest, format!("\r\n{boundary}").as_bytes()).expect("closing boundary");
        let part = &rest[..end];
        let split = find(part, b"\r\n\r\n").expect("part headers");
        let headers = String::from_utf8_lossy(&part[..split])
            .lines()
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        parts.push(Part {
            headers,
            content: part[split + 4..].to_vec(),
        });
        rest = &rest[end + 2 + boundary.len()..];
    }
    assert!(
        rest.starts_with(b"--"),
        "the body ends with the closing delimiter"
    );
    parts
}

#[test]
fn multipart_parts_by_type_and_encoding() {
    let parts = parts(one(wire(), "/upload"));
    let summary: Vec<String> = parts
        .iter()
        .map(|part| {
            format!(
                "{} | {} | {}",
                part.disposition(),
                part.header("content-type").unwrap_or("-"),
                part.text()
            )
        })
        .collect();
    let expected = [
        // The caller's file name and type.
        "form-data; name=\"file\"; filename=\"a.txt\" | text/plain | hello",
        // An array of files: one part each; from disk (its file name), from a stream.
        "form-data; name=\"photos\"; filename=\"wire-bodies-PID.jpg\" | image/jpeg | jpeg bytes from disk",
        "form-data; name=\"photos\"; filename=\"b.jpg\" | application/octet-stream | streamed in chunks",
        // The declared contentType is the default; the field name the default file name.
        "form-data; name=\"doc\"; filename=\"doc\" | image/png | \u{fffd}PNG",
        // Objects are JSON parts; arrays of primitives one text part per item.
        "form-data; name=\"meta\" | application/json | {\"a\":1,\"b\":\"x\"}",
        "form-data; name=\"tags\" | - | one",
        "form-data; name=\"tags\" | - | two",
        "form-data; name=\"count\" | - | 3",
        // A declared JSON contentType.
        "form-data; name=\"profile\" | application/vnd.profile+json | {\"name\":\"p\"}",
        // `style: deepObject` on a multipart part is ignored in 3.0 (OpenAPI 3.0.3, Encoding
        // Object: only for application/x-www-form-urlencoded), so the object is a JSON part;
        // 3.1 applies it (tests/contract/specs/styles31.yaml).
        "form-data; name=\"filters\" | application/json | {\"create\":true,\"expires_at\":1700000000}",
    ];
    let summary: Vec<String> = summary
        .into_iter()
        .map(|line| {
            let pid = line.find("wire-bodies-").map(|start| {
                let end = line[start..].find(".jpg").map_or(line.len(), |e| start + e);
                line[start + "wire-bodies-".len()..end].to_owned()
            });
            match pid {
                Some(pid) if pid.chars().all(|c| c.is_ascii_digit()) => line.replace(&pid, "PID"),
                _ => line,
            }
        })
        .collect();
    assert_eq!(summary, expected);
    // The part header set on the file.
    let doc = parts
        .iter()
        .find(|part| part.disposition().contains("name=\"doc\""))
        .expect("doc part");
    assert_eq!(doc.header("x-rate-limit-limit"), Some("10"));
    // `caption` was not set: no part.
    assert!(
        !parts
            .iter()
            .any(|part| part.disposition().contains("caption"))
    );
}

#[test]
fn files_are_sent_again_whole_on_retry() {
    let attempts = &wire().requests["/upload/retry"];
    assert_eq!(attempts.len(), 2, "a 503, then the retry");
    let first = parts(&attempts[0]);
    let second = parts(&attempts[1]);
    for parts in [&first, &second] {
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].text(), "jpeg bytes from disk");
        assert_eq!(parts[1].text(), "streamed in chunks");
    }
    // The file from disk had a known length; the stream was chunked.
    assert!(
        attempts.iter().all(
            |a| a.header("content-length").is_some() || a.header("transfer-encoding").is_some()
        )
    );
}
