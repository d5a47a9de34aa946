//! The redaction probe: for one generated client, the source of a program that
//!
//! - decodes, from JSON that carries a recognizable secret in every sensitive field, a
//!   value of every model that can hold one (each variant of a union), and prints its
//!   `Debug` (compact and pretty) and its JSON again;
//! - builds the request builder of every operation whose body can hold a secret and
//!   prints its `Debug`;
//! - calls operations against a local server on 127.0.0.1 and prints the `Debug` of each
//!   successful `Response` that can hold a secret, and the `Debug` and `Display` of an
//!   `Error::Api` (a 400 whose body and `Set-Cookie` carry secrets), an `Error::Decode`
//!   (a cut-short body) and an `Error::UnexpectedStatus` (a 299).
//!
//! Every printed line is `KIND\tlabel\ttext`; the test scans the text for the secrets.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use generator::model::{ANY_SUCCESS, Api, Operation, Redaction, TypeKind, TypeRef};
use serde_json::{Value, json};

/// A secret planted in a sample.
#[derive(Debug, Clone)]
pub struct Secret {
    pub value: String,
    /// What `Redacted` may show: the first 8 characters (a `Full` redaction shows none).
    pub head: String,
    /// What must never show.
    pub middle: String,
    pub redaction: Redaction,
}

impl Secret {
    pub fn new(kind: char, n: usize, redaction: Redaction) -> Self {
        let head = format!("{kind}x{n:04}ab");
        let middle = format!("-leak-{kind}-middle-{n:04}-");
        Secret {
            value: format!("{head}{middle}zz{:02}", n % 100),
            head,
            middle,
            redaction,
        }
    }

    /// Whether `text` shows more of the secret than its redaction allows.
    pub fn leaks_in(&self, text: &str) -> bool {
        text.contains(&self.middle)
            || (self.redaction == Redaction::Full && text.contains(&self.head))
    }
}

/// Sample JSON values for the models of one API, with the secrets it planted.
pub struct Sampler<'a> {
    api: &'a Api,
    /// `Type.field` → the secret of that field.
    pub field_secrets: BTreeMap<String, Secret>,
    /// JSON name → the secret an error body carries under it.
    pub body_secrets: BTreeMap<String, Secret>,
}

const DEEP: usize = 8;

impl<'a> Sampler<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut sampler = Sampler {
            api,
            field_secrets: BTreeMap::new(),
            body_secrets: BTreeMap::new(),
        };
        for name in sensitive_properties(api) {
            let secret = Secret::new('E', sampler.body_secrets.len(), Redaction::Full);
            sampler.body_secrets.insert(name, secret);
        }
        sampler
    }

    fn secret(&mut self, label: &str, redaction: Redaction) -> String {
        let n = self.field_secrets.len();
        self.field_secrets
            .entry(label.to_owned())
            .or_insert_with(|| Secret::new('S', n, redaction))
            .value
            .clone()
    }

    /// A value of `ty`; `secret` is set inside a sensitive field that is not a string.
    pub fn of_type(
        &mut self,
        ty: &TypeRef,
        depth: usize,
        secret: Option<&(String, Redaction)>,
    ) -> Value {
        if depth > 3 * DEEP {
            return Value::Null;
        }
        match ty {
            TypeRef::String => match secret {
                Some((label, redaction)) => Value::String(self.secret(label, *redaction)),
                None => json!("text"),
            },
            TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => json!(1),
            TypeRef::F32 | TypeRef::F64 => json!(1.5),
            TypeRef::Bool => json!(true),
            TypeRef::Uuid => json!("00000000-0000-4000-8000-000000000001"),
            TypeRef::DateTime => json!("2025-01-02T03:04:05Z"),
            TypeRef::Date => json!("2025-01-02"),
            TypeRef::Bytes | TypeRef::File => json!([1, 2, 3]),
            TypeRef::Any => json!({ "free": "form" }),
            TypeRef::Map(value) if depth <= DEEP => {
                json!({ "entry": self.of_type(value, depth + 1, secret) })
            }
            TypeRef::Map(_) => json!({}),
            TypeRef::Array(item) if depth <= DEEP => {
                Value::Array(vec![self.of_type(item, depth + 1, secret)])
            }
            TypeRef::Array(_) => json!([]),
            TypeRef::Nullable(inner) if depth <= DEEP => self.of_type(inner, depth, secret),
            TypeRef::Nullable(_) => Value::Null,
            TypeRef::Named(name) => self.of_named(name, 0, depth, secret),
        }
    }

    /// A value of the named type; for a union, of its variant `variant`.
    pub fn of_named(
        &mut self,
        name: &str,
        variant: usize,
        depth: usize,
        secret: Option<&(String, Redaction)>,
    ) -> Value {
        let api = self.api;
        let Some(def) = api.type_def(name) else {
            return Value::Null;
        };
        match &def.kind {
            TypeKind::Struct(fields) => {
                let mut object = serde_json::Map::new();
                for field in fields {
                    let optional = !field.required || field.ty.is_nullable();
                    if field.flatten || (optional && depth > DEEP) {
                        continue;
                    }
                    let own = field
                        .sensitive
                        .map(|redaction| (format!("{}.{}", def.name, field.rust_name), redaction));
                    let value = self.of_type(&field.ty, depth + 1, own.as_ref().or(secret));
                    object.insert(field.name.clone(), value);
                }
                Value::Object(object)
            }
            TypeKind::Enum(values) => json!(values.first().map(|v| v.value.as_str()).unwrap_or("")),
            TypeKind::Alias(target) => self.of_type(target, depth + 1, secret),
            TypeKind::Union(union) => {
                let Some(chosen) = union.variants.get(variant) else {
                    return Value::Null;
                };
                let mut value = self.of_type(&chosen.ty, depth + 1, secret);
                if let Some(discriminator) = &union.discriminator {
                    let tag = discriminator
                        .mapping
                        .iter()
                        .find(|(_, index)| *index == variant);
                    if let (Some((tag, _)), Value::Object(object)) = (tag, &mut value) {
                        object.insert(discriminator.property.clone(), json!(tag));
                    }
                }
                value
            }
        }
    }

    /// The variants of a union worth a sample of their own (tagged ones need a tag).
    fn variants(&self, name: &str) -> Vec<usize> {
        match self.api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Union(union)) => (0..union.variants.len())
                .filter(|index| {
                    union
                        .discriminator
                        .as_ref()
                        .is_none_or(|d| d.mapping.iter().any(|(_, i)| i == index))
                })
                .collect(),
            _ => vec![0],
        }
    }
}

/// The JSON names of the sensitive fields: what `conventions::SENSITIVE_PROPERTIES` lists.
pub fn sensitive_properties(api: &Api) -> BTreeSet<String> {
    sensitive_fields(api)
        .into_iter()
        .filter(|(_, json, _)| !json.is_empty())
        .map(|(_, json, _)| json)
        .collect()
}

/// `(Type.field, JSON name, redaction)` of every sensitive field.
pub fn sensitive_fields(api: &Api) -> Vec<(String, String, Redaction)> {
    let mut found = Vec::new();
    for def in &api.types {
        if let TypeKind::Struct(fields) = &def.kind {
            for field in fields {
                if let Some(redaction) = field.sensitive {
                    found.push((
                        format!("{}.{}", def.name, field.rust_name),
                        field.name.clone(),
                        redaction,
                    ));
                }
            }
        }
    }
    found
}

/// Named types that hold a sensitive field, directly or through the types they refer to.
pub fn holding_secrets(api: &Api) -> BTreeSet<String> {
    let mut holding: BTreeSet<String> = api
        .types
        .iter()
        .filter(|def| matches!(&def.kind, TypeKind::Struct(fields) if fields.iter().any(|f| f.sensitive.is_some())))
        .map(|def| def.name.clone())
        .collect();
    loop {
        let more: Vec<String> = api
            .types
            .iter()
            .filter(|def| !holding.contains(&def.name))
            .filter(|def| {
                def.referenced_types()
                    .iter()
                    .any(|name| holding.contains(*name))
            })
            .map(|def| def.name.clone())
            .collect();
        if more.is_empty() {
            return holding;
        }
        holding.extend(more);
    }
}

fn reaches(holding: &BTreeSet<String>, ty: &TypeRef) -> bool {
    ty.named_type().is_some_and(|name| holding.contains(name))
}

/// `ty` spelled in the probe crate, whose client crate is `krate`.
fn spell(ty: &TypeRef, krate: &str) -> String {
    match ty {
        TypeRef::Named(name) => format!("{krate}::types::{name}"),
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U32 => "u32".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F32 => "f32".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Uuid => "uuid::Uuid".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Date => "chrono::NaiveDate".to_owned(),
        TypeRef::Bytes => "Vec<u8>".to_owned(),
        TypeRef::File => format!("{krate}::File"),
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            spell(value, krate)
        ),
        TypeRef::Array(item) => format!("Vec<{}>", spell(item, krate)),
        TypeRef::Nullable(inner) => format!("Option<{}>", spell(inner, krate)),
    }
}

/// A Rust raw string literal of `text`.
fn raw(text: &str) -> String {
    let mut hashes = String::from("#");
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}

/// `serde_json::from_str::<T>(sample).unwrap()` for a value of `ty`.
fn decoded(sampler: &mut Sampler<'_>, ty: &TypeRef, krate: &str) -> String {
    let sample = sampler.of_type(ty, 0, None).to_string();
    format!(
        "serde_json::from_str::<{}>({}).unwrap()",
        spell(ty, krate),
        raw(&sample)
    )
}

/// `client.group().method(required arguments)`, with an optional body set.
fn call(sampler: &mut Sampler<'_>, group: &str, op: &Operation, krate: &str) -> String {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| decoded(sampler, &p.ty, krate))
        .collect();
    let mut setters = String::new();
    if let Some(body) = &op.body {
        let value = decoded(sampler, &body.ty, krate);
        if body.required {
            args.push(value);
        } else {
            setters = format!(".body({value})");
        }
    }
    format!(
        "client.{group}().{}({}){setters}",
        op.method_name,
        args.join(", ")
    )
}

/// The probe's `main.rs` for the client crate `krate` (its Rust name); `envelope` is the
/// configured success-envelope field, if any.
pub fn probe_source(
    api: &Api,
    krate: &str,
    envelope: Option<&str>,
    sampler: &mut Sampler<'_>,
) -> String {
    let holding = holding_secrets(api);
    let mut checks = String::new();
    for name in &holding {
        for variant in sampler.variants(name) {
            let sample = sampler.of_named(name, variant, 0, None).to_string();
            let label = format!("{name}#{variant}");
            writeln!(
                checks,
                "    check::<{krate}::types::{name}>({label:?}, {});",
                raw(&sample)
            )
            .unwrap();
        }
    }

    let mut calls = String::new();
    for (group, op) in api.operations() {
        if op
            .body
            .as_ref()
            .is_some_and(|body| reaches(&holding, &body.ty))
        {
            let call = call(sampler, &group.accessor, op, krate);
            writeln!(calls, "    let builder = {call};\n    line(\"BUILDER\", {:?}, format!(\"{{builder:?}}\"));", op.id)
                .unwrap();
        }
        let shown = op.responses.iter().find_map(|r| {
            json_body(r)
                .filter(|json| reaches(&holding, &json.ty))
                .map(|json| (r, json))
        });
        if let Some((response, json)) = shown {
            let mut body = sampler.of_type(&json.ty, 0, None);
            if let (true, Some(field)) = (json.enveloped, envelope) {
                body = json!({ field: body });
            }
            let status = if response.status == ANY_SUCCESS {
                200
            } else {
                response.status
            };
            let call = call(sampler, &group.accessor, op, krate);
            writeln!(
                calls,
                "    push({status}, &[], {});\n    match {call}.send_response().await {{\n        Ok(response) => line(\"RESPONSE\", {:?}, format!(\"{{response:?}} {{response:#?}}\")),\n        Err(error) => line(\"CALLFAIL\", {:?}, format!(\"{{error}}\")),\n    }}",
                raw(&body.to_string()),
                op.id,
                op.id
            )
            .unwrap();
        }
    }

    // Errors, from one operation that decodes a JSON body.
    let decoding = api
        .operations()
        .find(|(_, op)| op.responses.iter().any(|r| json_body(r).is_some()));
    if let Some((group, op)) = decoding {
        let mut error_body = serde_json::Map::new();
        error_body.insert(
            "error".to_owned(),
            json!({ "code": "INVALID", "message": "probe error" }),
        );
        let mut nested = serde_json::Map::new();
        for (name, secret) in &sampler.body_secrets {
            error_body.insert(name.clone(), json!(secret.value));
            nested.insert(name.clone(), json!(secret.value));
        }
        error_body.insert("details".to_owned(), Value::Object(nested));
        let full = Value::Object(error_body).to_string();
        // Cut short inside the last secret, so that the body is no JSON at all.
        let cut = &full[..full.rfind("-middle-").map_or(full.len(), |at| at + 3)];
        let decoded_status =
            op.responses
                .iter()
                .find(|r| json_body(r).is_some())
                .map_or(200, |r| {
                    if r.status == ANY_SUCCESS {
                        200
                    } else {
                        r.status
                    }
                });
        let cookie = &sampler
            .body_secrets
            .values()
            .next()
            .map_or("no-secret".to_owned(), |s| s.value.clone());
        let mut errors = vec![
            (
                "api",
                400,
                format!("&[(\"set-cookie\", \"session={cookie}\")]"),
                full.clone(),
            ),
            ("decode", decoded_status, "&[]".to_owned(), cut.to_owned()),
        ];
        if op
            .responses
            .iter()
            .all(|r| r.status != ANY_SUCCESS && r.status != 299)
        {
            errors.push(("unexpected_status", 299, "&[]".to_owned(), full));
        }
        for (label, status, headers, body) in errors {
            let call = call(sampler, &group.accessor, op, krate);
            writeln!(
                calls,
                "    push({status}, {headers}, {});\n    match {call}.send().await {{\n        Err(error) => line(\"ERROR\", {label:?}, format!(\"{{error:?}} {{error:#?}} {{error}}\")),\n        Ok(_) => line(\"CALLFAIL\", {label:?}, \"succeeded\".to_owned()),\n    }}",
                raw(&body)
            )
            .unwrap();
        }
    }
    PROBE_MAIN
        .replace("KRATE", krate)
        .replace("    // CHECKS\n", &checks)
        .replace("    // CALLS\n", &calls)
}

const PROBE_MAIN: &str = r#"//! Written by tests/tests/redaction.rs: prints the Debug of every model that can hold a secret.
#![allow(deprecated, unused_mut, clippy::all)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

fn line(kind: &str, label: &str, text: String) {
    println!("{kind}\t{label}\t{}", text.replace('\n', " "));
}

fn check<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(label: &str, json: &str) {
    match serde_json::from_str::<T>(json) {
        Ok(value) => {
            line("TYPE", label, format!("{value:?} {value:#?}"));
            line("JSON", label, serde_json::to_string(&value).unwrap());
        }
        Err(error) => line("DECODE", label, format!("{error}: {json}")),
    }
}

type Canned = (u16, Vec<(String, String)>, String);

/// Answers each connection with the next canned response, in order.
fn serve(listener: TcpListener, queue: Arc<Mutex<VecDeque<Canned>>>) {
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut length = 0;
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        let mut body = vec![0; length];
        let _ = reader.read_exact(&mut body);
        let (status, headers, body) = queue.lock().unwrap().pop_front().unwrap_or((500, Vec::new(), String::new()));
        let mut response = format!("HTTP/1.1 {status} Probe\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n", body.len());
        for (name, value) in headers {
            response.push_str(&format!("{name}: {value}\r\n"));
        }
        response.push_str("\r\n");
        response.push_str(&body);
        let _ = stream.write_all(response.as_bytes());
    }
}

#[tokio::main]
async fn main() {
    // CHECKS
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let queue: Arc<Mutex<VecDeque<Canned>>> = Arc::default();
    let served = queue.clone();
    std::thread::spawn(move || serve(listener, served));
    let push = |status: u16, headers: &[(&str, &str)], body: &str| {
        let headers = headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        queue.lock().unwrap().push_back((status, headers, body.to_owned()));
    };
    let client = KRATE::Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .api_key("probe-api-key")
        .bearer_token("probe-bearer-token")
        .basic_auth("probe-user", "probe-password")
        .build()
        .unwrap();
    // CALLS
    println!("DONE");
}
"#;

/// The body a response decodes from JSON, when JSON is its preferred representation.
fn json_body(response: &generator::model::Response) -> Option<&generator::model::Representation> {
    use generator::model::Format;
    response
        .representations
        .first()
        .filter(|representation| representation.format == Format::Json)
}
