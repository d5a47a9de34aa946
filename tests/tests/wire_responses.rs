//! Every response media type through a generated client, against a local server:
//! JSON and `*+json`, `application/problem+json` errors, text, bytes (whole and
//! streamed), no content, server-sent events, JSON Lines / NDJSON, JSON text
//! sequences, several media types chosen by `Content-Type`, and the `Accept`
//! header that names them.
//!
//! The probe spec below becomes a crate; [`PROBE`] is a program of that crate that
//! runs one scenario against the server given on its command line and prints
//! `ok <scenario>`. Streams are proven to stream without any timing: the server
//! sends a piece, then waits until the client acknowledges it (a call to
//! `POST /ack/{n}`) before it sends the next, so a client that buffered the whole
//! body would never acknowledge and the server would record a missed ack.
//!
//! Run with `cargo test -p integration-tests --test wire_responses` (the first run
//! builds the probe crate in `target/live-probes/`, a few minutes).

#[path = "common/corpus_fragment.rs"]
mod corpus_fragment;
#[path = "common/live_probe.rs"]
mod live_probe;
#[path = "common/stub_server.rs"]
mod stub_server;

use std::path::PathBuf;
use std::sync::OnceLock;

use stub_server::{Acks, Recorded, Reply, Step, StubServer};

/// The probe programs decode request bodies from JSON or print responses as JSON,
/// so they need the generated crate's serde in both directions.
const BOTH_WAYS: &[&str] = &["serde-both-ways"];

const SPEC: &str = r##"
openapi: 3.1.0
info: {title: Wire responses, version: "1.0"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      tags: [wire]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
        '404':
          description: No such pet.
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
  /vendor-pet:
    get:
      operationId: getVendorPet
      tags: [wire]
      responses:
        '200':
          description: A pet in a vendor media type.
          content:
            application/vnd.acme.pet+json:
              schema: {$ref: '#/components/schemas/Pet'}
  /notes:
    get:
      operationId: getNotes
      tags: [wire]
      responses:
        '200':
          description: Plain text.
          content:
            text/plain:
              schema: {type: string}
  /report:
    get:
      operationId: getReport
      tags: [wire]
      parameters:
        - name: Accept
          in: header
          schema: {type: string, enum: [application/json, text/csv]}
      responses:
        '200':
          description: The report as JSON or CSV.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Report'}
            text/csv:
              schema: {$ref: '#/components/schemas/Report'}
  /json-or-xml:
    get:
      operationId: getJsonOrXml
      tags: [wire]
      responses:
        '200':
          description: JSON or XML; the client reads JSON.
          content:
            application/xml:
              schema: {$ref: '#/components/schemas/Pet'}
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /files/{id}:
    get:
      operationId: downloadFile
      tags: [wire]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The file.
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
  /photo:
    get:
      operationId: getPhoto
      tags: [wire]
      responses:
        '200':
          description: PNG or JPEG.
          content:
            image/png: {}
            image/jpeg: {}
  /ping:
    post:
      operationId: ping
      tags: [wire]
      responses:
        '204': {description: Nothing.}
  /ack/{n}:
    post:
      operationId: ack
      tags: [wire]
      parameters:
        - {name: n, in: path, required: true, schema: {type: integer, format: int32}}
      responses:
        '204': {description: Acknowledged.}
  /ticks:
    get:
      operationId: streamTicks
      tags: [wire]
      responses:
        '200':
          description: Ticks as server-sent events.
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Tick'}
  /log:
    get:
      operationId: streamLog
      tags: [wire]
      responses:
        '200':
          description: Log lines as server-sent events without a schema.
          content:
            text/event-stream: {}
  /ticks-broken:
    get:
      operationId: streamTicksBroken
      tags: [wire]
      responses:
        '200':
          description: A stream the server drops after one event.
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Tick'}
  /ticks-busy:
    get:
      operationId: streamTicksBusy
      tags: [wire]
      responses:
        '200':
          description: A stream behind a 503 first.
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Tick'}
  /ticks-3-2:
    get:
      operationId: streamTicksItemSchema
      tags: [wire]
      responses:
        '200':
          description: Events described the OpenAPI 3.2 way.
          content:
            text/event-stream:
              itemSchema:
                type: object
                required: [data]
                properties:
                  event: {type: string}
                  id: {type: string}
                  data:
                    type: string
                    contentMediaType: application/json
                    contentSchema: {$ref: '#/components/schemas/Tick'}
  /items.ndjson:
    get:
      operationId: streamNdjson
      tags: [wire]
      responses:
        '200':
          description: NDJSON.
          content:
            application/x-ndjson:
              schema: {$ref: '#/components/schemas/Tick'}
  /items.jsonl:
    get:
      operationId: streamJsonl
      tags: [wire]
      responses:
        '200':
          description: JSON Lines, the body described as an array.
          content:
            application/jsonl:
              schema:
                type: array
                items: {$ref: '#/components/schemas/Tick'}
  /items.seq:
    get:
      operationId: streamJsonSeq
      tags: [wire]
      responses:
        '200':
          description: A JSON text sequence.
          content:
            application/json-seq:
              schema: {$ref: '#/components/schemas/Tick'}
  /chat:
    post:
      operationId: createCompletion
      tags: [wire]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CompletionRequest'}
      responses:
        '200':
          description: The whole completion, or its chunks as events when `stream` is set.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Completion'}
            text/event-stream:
              schema: {$ref: '#/components/schemas/CompletionChunk'}
  /speech:
    post:
      operationId: createSpeech
      tags: [wire]
      responses:
        '200':
          description: Audio, or events.
          content:
            application/octet-stream:
              schema: {type: string, format: binary}
            text/event-stream:
              schema: {$ref: '#/components/schemas/Tick'}
  /jobs/{id}:
    put:
      operationId: runJob
      tags: [wire]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: Done at once.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Report'}
        '202':
          description: Progress as events.
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Tick'}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
    Problem:
      type: object
      properties:
        type: {type: string}
        title: {type: string}
        status: {type: integer}
        detail: {type: string}
    Report:
      type: object
      required: [total]
      properties:
        total: {type: integer}
    Tick:
      type: object
      required: [n]
      properties:
        n: {type: integer, format: int32}
    CompletionRequest:
      type: object
      required: [prompt]
      properties:
        prompt: {type: string}
        stream: {type: boolean}
    Completion:
      type: object
      required: [text]
      properties:
        text: {type: string}
    CompletionChunk:
      type: object
      required: [delta]
      properties:
        delta: {type: string}
"##;

/// The probe program: `wire_probe <base URL> <scenario>`.
const PROBE: &str = r##"
use std::time::Duration;

use futures_util::StreamExt;
use probe_wire::apis::wire::{CreateCompletionOutput, CreateSpeechOutput, GetReportOutput, RunJobResponse};
use probe_wire::types::{CompletionRequest, GetReportAccept};
use probe_wire::{Client, Error};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let base = args.next().expect("base URL");
    let scenario = args.next().expect("scenario");
    let client = Client::builder().base_url(&base).build().expect("client");
    let wire = client.wire();
    match scenario.as_str() {
        "json" => {
            let pet = wire.get_pet("rex").send().await.expect("getPet");
            assert_eq!(pet.name, "rex");
            let pet = wire.get_vendor_pet().send().await.expect("getVendorPet");
            assert_eq!(pet.name, "vendor");
            let pet = wire.get_json_or_xml().send().await.expect("getJsonOrXml");
            assert_eq!(pet.name, "json");
        }
        "problem" => {
            let error = wire.get_pet("nobody").send().await.expect_err("404");
            assert_eq!(error.status().map(|s| s.as_u16()), Some(404));
            let api = error.api().expect("an API error");
            let problem = api.problem().expect("a problem document");
            assert_eq!(problem.type_uri, "https://example.com/probs/no-pet");
            assert_eq!(problem.title.as_deref(), Some("No such pet"));
            assert_eq!(problem.status, Some(404));
            assert_eq!(problem.detail.as_deref(), Some("There is no pet nobody."));
            assert_eq!(problem.instance.as_deref(), Some("/pets/nobody"));
            assert_eq!(problem.extensions.get("pet"), Some(&serde_json::json!("nobody")));
            assert_eq!(api.message(), Some("There is no pet nobody."));
            assert!(error.to_string().contains("There is no pet nobody."), "{error}");
        }
        "text" => {
            assert_eq!(wire.get_notes().send().await.expect("getNotes"), "caf\u{e9}\nau lait");
        }
        "by_media" => {
            match wire.get_report().send().await.expect("getReport") {
                GetReportOutput::Json(report) => assert_eq!(report.total, 3),
                other => panic!("JSON expected: {other:?}"),
            }
            match wire.get_report().accept(GetReportAccept::TextCsv).send().await.expect("getReport as CSV") {
                GetReportOutput::Csv(csv) => assert_eq!(csv, "total\n3\n"),
                other => panic!("CSV expected: {other:?}"),
            }
            match wire.create_speech().send().await.expect("createSpeech") {
                CreateSpeechOutput::OctetStream(audio) => assert_eq!(audio, b"RIFF\x00\x01"),
                other => panic!("bytes expected: {other:?}"),
            }
        }
        "bytes" => {
            assert_eq!(wire.download_file("small").send().await.expect("downloadFile"), b"\x00\x01\x02\xff");
            assert_eq!(wire.get_photo().send().await.expect("getPhoto"), b"\xff\xd8\xff");
            wire.ping().send().await.expect("ping");
        }
        "download" => {
            // Three pieces; the server sends each only after the previous one was acknowledged.
            let response = wire.download_file("big").send_streaming().await.expect("send_streaming");
            assert_eq!(response.status().as_u16(), 200);
            assert_eq!(response.headers()["content-type"], "application/octet-stream");
            let mut body = response.into_data();
            let (mut received, mut acked) = (Vec::new(), 0);
            while let Some(chunk) = body.next().await {
                received.extend_from_slice(&chunk.expect("a chunk"));
                while acked < 2 && received.len() >= (acked + 1) * 1000 {
                    acked += 1;
                    wire.ack(100 + acked as i32).send().await.expect("ack");
                }
            }
            assert_eq!(received.len(), 3000);
            assert!(received[..1000].iter().all(|&b| b == b'a') && received[2000..].iter().all(|&b| b == b'c'));
        }
        "sse" => {
            let response = wire.stream_ticks().send_response().await.expect("streamTicks");
            assert_eq!(response.status().as_u16(), 200);
            assert_eq!(response.headers()["x-stream"], "ticks");
            let mut events = response.into_data();
            let first = events.next().await.expect("event 1").expect("decodes");
            assert_eq!((first.event.as_str(), first.data.n, first.id.as_deref()), ("message", 1, Some("1")));
            assert_eq!(first.retry, Some(Duration::from_millis(1500)));
            wire.ack(1).send().await.expect("ack 1");
            let second = events.next().await.expect("event 2").expect("decodes");
            assert_eq!((second.event.as_str(), second.data.n, second.id.as_deref()), ("tick", 2, Some("1")));
            wire.ack(2).send().await.expect("ack 2");
            let third = events.next().await.expect("event 3").expect("decodes");
            assert_eq!((third.event.as_str(), third.data.n, third.id.as_deref()), ("message", 3, Some("3")));
            assert!(events.next().await.is_none(), "the unterminated last block is discarded");
            assert_eq!(events.last_event_id(), Some("4"));
        }
        "sse_text" => {
            let events: Vec<_> = wire.stream_log().send().await.expect("streamLog").collect().await;
            let data: Vec<String> = events.into_iter().map(|e| e.expect("text").data).collect();
            assert_eq!(data, ["line one\nline two", "{\"not\": \"parsed\"}", ""]);
        }
        "sse_item_schema" => {
            let events: Vec<_> = wire.stream_ticks_item_schema().send().await.expect("events").collect().await;
            let ns: Vec<i32> = events.into_iter().map(|e| e.expect("a Tick").data.n).collect();
            assert_eq!(ns, [7, 8]);
        }
        "sse_interrupted" => {
            let mut events = wire.stream_ticks_broken().send().await.expect("streamTicksBroken");
            assert_eq!(events.next().await.expect("event 1").expect("decodes").data.n, 1);
            match events.next().await {
                Some(Err(error @ Error::Interrupted { .. })) => assert!(error.to_string().contains("not retried"), "{error}"),
                other => panic!("an interruption expected: {other:?}"),
            }
            assert!(events.next().await.is_none());
        }
        "sse_retried_before_it_starts" => {
            let events: Vec<_> = wire.stream_ticks_busy().send().await.expect("streamTicksBusy").collect().await;
            assert_eq!(events.len(), 1);
            assert_eq!(events[0].as_ref().expect("decodes").data.n, 5);
        }
        "ndjson" => {
            let mut items = wire.stream_ndjson().send().await.expect("streamNdjson");
            assert_eq!(items.next().await.expect("item 1").expect("a Tick").n, 1);
            wire.ack(11).send().await.expect("ack 11");
            let rest: Vec<i32> = items.map(|item| item.expect("a Tick").n).collect().await;
            assert_eq!(rest, [2, 3]);
            let jsonl: Vec<i32> = wire.stream_jsonl().send().await.expect("jsonl").map(|i| i.expect("a Tick").n).collect().await;
            assert_eq!(jsonl, [1, 2]);
            let seq: Vec<Result<i32, String>> = wire
                .stream_json_seq()
                .send()
                .await
                .expect("json-seq")
                .map(|i| i.map(|tick| tick.n).map_err(|e| e.to_string()))
                .collect()
                .await;
            assert_eq!(seq[..2], [Ok(1), Ok(2)]);
            assert!(seq[2].as_ref().is_err_and(|e| e.contains("oops")), "{seq:?}");
            assert_eq!(seq[3], Ok(4));
        }
        "chat" => {
            match wire.create_completion(CompletionRequest::new("hi")).send().await.expect("completion") {
                CreateCompletionOutput::Json(completion) => assert_eq!(completion.text, "Hello"),
                other => panic!("JSON expected: {other:?}"),
            }
            let mut request = CompletionRequest::new("hi");
            request.stream = Some(true);
            let CreateCompletionOutput::EventStream(mut events) =
                wire.create_completion(request).send().await.expect("streamed completion")
            else {
                panic!("events expected")
            };
            let mut text = String::new();
            let mut acks = 20;
            while let Some(event) = events.next().await {
                match event {
                    Ok(event) => {
                        text.push_str(&event.data.delta);
                        acks += 1;
                        wire.ack(acks).send().await.expect("ack");
                    }
                    // OpenAI ends with `data: [DONE]`, which is no chunk.
                    Err(Error::Decode { body_excerpt, .. }) if body_excerpt == "[DONE]" => break,
                    Err(error) => panic!("{error}"),
                }
            }
            assert_eq!(text, "Hello");
        }
        "per_status_stream" => {
            match wire.run_job("now").send().await.expect("runJob now") {
                RunJobResponse::Ok(report) => assert_eq!(report.total, 1),
                other => panic!("200 expected: {other:?}"),
            }
            match wire.run_job("later").send().await.expect("runJob later") {
                RunJobResponse::Accepted(events) => {
                    let ns: Vec<i32> = events.map(|e| e.expect("a Tick").data.n).collect().await;
                    assert_eq!(ns, [50, 100]);
                }
                other => panic!("202 expected: {other:?}"),
            }
        }
        other => panic!("no scenario `{other}`"),
    }
    println!("ok {scenario}");
}
"##;

fn send(bytes: &[u8]) -> Step {
    Step::Send(bytes.to_vec())
}

/// The server's side of every scenario.
fn handler() -> impl Fn(&Recorded, &Acks) -> Reply + Send + Sync + 'static {
    let busy_seen = std::sync::atomic::AtomicU32::new(0);
    move |request, acks| respond(request, acks, &busy_seen)
}

fn respond(request: &Recorded, acks: &Acks, busy_seen: &std::sync::atomic::AtomicU32) -> Reply {
    let json = |body: &str| Reply::new(200, "application/json", body);
    let sse = |steps: Vec<Step>| Reply::chunked(200, "text/event-stream", steps);
    match (request.method.as_str(), request.path()) {
        ("POST", path) if path.starts_with("/ack/") => {
            acks.ack(path["/ack/".len()..].parse().expect("ack number"));
            Reply::empty(204)
        }
        ("GET", "/pets/rex") => json(r#"{"name":"rex"}"#),
        ("GET", "/pets/nobody") => Reply::new(
            404,
            "application/problem+json",
            r#"{"type":"https://example.com/probs/no-pet","title":"No such pet","status":404,
                "detail":"There is no pet nobody.","instance":"/pets/nobody","pet":"nobody"}"#,
        ),
        ("GET", "/vendor-pet") => Reply::new(200, "application/vnd.acme.pet+json; charset=utf-8", r#"{"name":"vendor"}"#),
        ("GET", "/json-or-xml") => json(r#"{"name":"json"}"#),
        ("GET", "/notes") => Reply::new(200, "text/plain; charset=utf-8", "caf\u{e9}\nau lait"),
        ("GET", "/report") => match request.header("accept") {
            Some("text/csv") => Reply::new(200, "text/csv", "total\n3\n"),
            _ => json(r#"{"total":3}"#),
        },
        ("POST", "/speech") => Reply::new(200, "application/octet-stream", &b"RIFF\x00\x01"[..]),
        ("GET", "/files/small") => Reply::new(200, "application/octet-stream", &b"\x00\x01\x02\xff"[..]),
        ("GET", "/files/big") => Reply::chunked(
            200,
            "application/octet-stream",
            vec![send(&[b'a'; 1000]), Step::WaitAck(101), send(&[b'b'; 1000]), Step::WaitAck(102), send(&[b'c'; 1000])],
        ),
        ("GET", "/photo") => Reply::new(200, "image/jpeg", &b"\xff\xd8\xff"[..]),
        ("POST", "/ping") => Reply::empty(204),
        // A BOM; retry; a comment; data over two lines; CRLF, then CR line ends; an
        // event split between chunks; a last block that never ends.
        ("GET", "/ticks") => sse(vec![
            send(b"\xEF\xBB\xBFretry: 1500\n\n: keep-alive\n\nid: 1\ndata: {\"n\":\r\ndata: 1}\r\n\r\n"),
            Step::WaitAck(1),
            send(b"event: tick\rdata: {\"n\": 2}\r\r"),
            Step::WaitAck(2),
            send(b"id: 3\ndata: {\"n\""),
            send(b": 3}\n\nid: 4\n\ndata: {\"n\": 4}"),
        ])
        .with_header("X-Stream", "ticks"),
        ("GET", "/log") => sse(vec![send(b"data: line one\ndata: line two\n\ndata: {\"not\": \"parsed\"}\n\ndata\n\n")]),
        ("GET", "/ticks-3-2") => sse(vec![send(b"event: tick\ndata: {\"n\": 7}\n\nid: x\ndata: {\"n\": 8}\n\n")]),
        ("GET", "/ticks-broken") => sse(vec![send(b"data: {\"n\": 1}\n\n"), Step::Drop]),
        ("GET", "/ticks-busy") => {
            // The first request finds the server busy.
            if busy_seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                Reply::new(503, "text/plain", "busy").with_header("Retry-After", "0")
            } else {
                sse(vec![send(b"data: {\"n\": 5}\n\n")])
            }
        }
        ("GET", "/items.ndjson") => Reply::chunked(
            200,
            "application/x-ndjson",
            vec![send(b"{\"n\":1}\n"), Step::WaitAck(11), send(b"{\"n\":2}\r\n\n{\"n\":"), send(b"3}")],
        ),
        ("GET", "/items.jsonl") => Reply::new(200, "application/jsonl", "{\"n\":1}\n{\"n\":2}\n"),
        ("GET", "/items.seq") => Reply::new(
            200,
            "application/json-seq",
            &b"\x1e{\"n\":1}\n\x1e{\n  \"n\": 2\n}\n\x1eoops\n\x1e{\"n\":4}\n"[..],
        ),
        ("POST", "/chat") => {
            let body: serde_json::Value = serde_json::from_slice(&request.body).expect("a JSON body");
            if body["stream"] == true {
                sse(vec![
                    send(b"data: {\"delta\":\"Hel\"}\n\n"),
                    Step::WaitAck(21),
                    send(b"data: {\"delta\":\"lo\"}\n\n"),
                    Step::WaitAck(22),
                    send(b"data: [DONE]\n\n"),
                ])
            } else {
                json(r#"{"text":"Hello"}"#)
            }
        }
        ("PUT", "/jobs/now") => json(r#"{"total":1}"#),
        ("PUT", "/jobs/later") => Reply::chunked(202, "text/event-stream", vec![send(b"data: {\"n\":50}\n\ndata: {\"n\":100}\n\n")]),
        _ => Reply::new(404, "text/plain", "no such route"),
    }
}

fn probe() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| live_probe::build_with_features("wire", SPEC, "", PROBE, BOTH_WAYS))
}

/// Runs one scenario against a fresh server; returns the server to inspect.
async fn scenario(name: &str) -> StubServer {
    let binary = probe();
    let server = StubServer::start(handler()).await;
    let run = live_probe::run(binary, &[&server.base, name]).await;
    assert!(
        run.success && run.lines() == [format!("ok {name}")],
        "scenario `{name}` failed\n--- stdout\n{}\n--- stderr\n{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(
        server.missed_acks(),
        Vec::<u32>::new(),
        "the client did not read a body as it arrived"
    );
    server
}

/// The `Accept` header of the requests to `path`.
fn accept(server: &StubServer, path: &str) -> Vec<Option<String>> {
    server
        .requests_to(path)
        .iter()
        .map(|r| r.header("accept").map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn json_and_plus_json_bodies() {
    let server = scenario("json").await;
    // The 404 is `application/problem+json`, so even this operation names its formats.
    assert_eq!(
        accept(&server, "/pets/rex"),
        [Some(
            "application/json, application/problem+json".to_owned()
        )]
    );
    assert_eq!(
        accept(&server, "/vendor-pet"),
        [Some("application/vnd.acme.pet+json".to_owned())]
    );
    // XML is declared too, but the client reads only JSON: it asks for that.
    assert_eq!(
        accept(&server, "/json-or-xml"),
        [Some("application/json".to_owned())]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn problem_json_errors_are_exposed() {
    scenario("problem").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn text_bodies_are_strings() {
    let server = scenario("text").await;
    assert_eq!(accept(&server, "/notes"), [Some("text/plain".to_owned())]);
}

#[tokio::test(flavor = "multi_thread")]
async fn several_media_types_are_chosen_by_content_type() {
    let server = scenario("by_media").await;
    assert_eq!(
        accept(&server, "/report"),
        // The default; then the spec's own `Accept` parameter, which overrides it.
        [
            Some("application/json, text/csv;q=0.9".to_owned()),
            Some("text/csv".to_owned())
        ]
    );
    assert_eq!(
        accept(&server, "/speech"),
        [Some(
            "text/event-stream, application/octet-stream;q=0.9".to_owned()
        )]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn binary_bodies_and_no_content() {
    let server = scenario("bytes").await;
    assert_eq!(
        accept(&server, "/files/small"),
        [Some("application/octet-stream".to_owned())]
    );
    assert_eq!(
        accept(&server, "/photo"),
        [Some("image/png, image/jpeg".to_owned())]
    );
    // Nothing declared: the HTTP client's default.
    assert_eq!(accept(&server, "/ping"), [Some("*/*".to_owned())]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_download_streams_without_holding_the_body() {
    let server = scenario("download").await;
    assert_eq!(server.requests_to("/files/big").len(), 1);
    assert_eq!(
        server.requests_to("/ack/101").len() + server.requests_to("/ack/102").len(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_sent_events_arrive_one_by_one() {
    let server = scenario("sse").await;
    assert_eq!(
        accept(&server, "/ticks"),
        [Some("text/event-stream".to_owned())]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn server_sent_events_without_a_schema_are_text() {
    scenario("sse_text").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn server_sent_events_typed_by_an_openapi_3_2_item_schema() {
    scenario("sse_item_schema").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stream_that_breaks_off_is_an_error_and_is_not_retried() {
    let server = scenario("sse_interrupted").await;
    assert_eq!(
        server.requests_to("/ticks-broken").len(),
        1,
        "a stream must not be retried mid-way"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stream_is_retried_only_before_it_starts() {
    let server = scenario("sse_retried_before_it_starts").await;
    assert_eq!(
        server.requests_to("/ticks-busy").len(),
        2,
        "the 503 is retried, the stream is not"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn json_lines_ndjson_and_json_sequences_stream_typed_items() {
    let server = scenario("ndjson").await;
    assert_eq!(
        accept(&server, "/items.ndjson"),
        [Some("application/x-ndjson".to_owned())]
    );
    assert_eq!(
        accept(&server, "/items.seq"),
        [Some("application/json-seq".to_owned())]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_openai_style_completion_is_json_or_a_stream_of_chunks() {
    let server = scenario("chat").await;
    assert_eq!(
        accept(&server, "/chat"),
        vec![Some("application/json, text/event-stream;q=0.9".to_owned()); 2]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stream_can_be_one_status_of_several() {
    scenario("per_status_stream").await;
}

// ---------------------------------------------------------------------------
// OpenAI's own spec
// ---------------------------------------------------------------------------

/// The probe of OpenAI's chat completions, from `v3.1/openai__openapi.yaml` as it is.
const OPENAI_PROBE: &str = r##"
use futures_util::StreamExt;
use probe_openai::apis::chat::CreateChatCompletionOutput;
use probe_openai::apis::audio::CreateSpeechOutput;
use probe_openai::{Client, Error};

#[tokio::main]
async fn main() {
    let base = std::env::args().nth(1).expect("base URL");
    let client = Client::builder().base_url(&base).bearer_token("sk-test").build().expect("client");
    let request = |stream: bool| {
        serde_json::from_value(serde_json::json!({
            "model": "gpt-4o-mini",
            "messages": [{"role": "user", "content": "Say hello"}],
            "stream": stream,
        }))
        .expect("a CreateChatCompletionRequest")
    };
    match client.chat().create_completion(request(false)).send().await.expect("completion") {
        CreateChatCompletionOutput::Json(completion) => {
            let completion = serde_json::to_value(&completion).expect("serializes");
            assert_eq!(completion["choices"][0]["message"]["content"], "Hello there!");
        }
        other => panic!("JSON expected: {other:?}"),
    }
    let CreateChatCompletionOutput::EventStream(mut events) =
        client.chat().create_completion(request(true)).send().await.expect("streamed completion")
    else {
        panic!("events expected")
    };
    let mut text = String::new();
    while let Some(event) = events.next().await {
        match event {
            Ok(event) => {
                let chunk = serde_json::to_value(&event.data).expect("serializes");
                assert_eq!(chunk["object"], "chat.completion.chunk");
                text.push_str(chunk["choices"][0]["delta"]["content"].as_str().unwrap_or_default());
                client.chat().create_completion(request(false)).send().await.expect("another call meanwhile");
            }
            Err(Error::Decode { body_excerpt, .. }) if body_excerpt == "[DONE]" => break,
            Err(error) => panic!("{error}"),
        }
    }
    assert_eq!(text, "Hello there!");
    match client.audio().create_speech(serde_json::from_value(serde_json::json!({
        "model": "gpt-4o-mini-tts", "input": "Hello", "voice": "alloy"
    })).expect("a CreateSpeechRequest")).send().await.expect("speech")
    {
        CreateSpeechOutput::OctetStream(audio) => assert_eq!(audio, b"ID3"),
        other => panic!("audio expected: {other:?}"),
    }
    println!("ok openai");
}
"##;

fn openai_handler(request: &Recorded, _: &Acks) -> Reply {
    let chunk = |content: &str, finish: &str| {
        format!(
            "data: {{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\
             \"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_1\",\"choices\":[{{\"index\":0,\
             \"delta\":{{\"content\":\"{content}\"}},\"logprobs\":null,\"finish_reason\":{finish}}}]}}\n\n"
        )
        .into_bytes()
    };
    match (request.method.as_str(), request.path()) {
        ("POST", "/chat/completions") => {
            let body: serde_json::Value =
                serde_json::from_slice(&request.body).expect("a JSON body");
            if body["stream"] == true {
                Reply::chunked(
                    200,
                    "text/event-stream; charset=utf-8",
                    vec![
                        Step::Send(chunk("Hello", "null")),
                        Step::Send(chunk(" there!", "\"stop\"")),
                        Step::Send(b"data: [DONE]\n\n".to_vec()),
                    ],
                )
            } else {
                Reply::new(
                    200,
                    "application/json",
                    r#"{"id":"chatcmpl-123","object":"chat.completion","created":1677652288,"model":"gpt-4o-mini",
                        "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there!","refusal":null,
                        "annotations":[]},"logprobs":null,"finish_reason":"stop"}],
                        "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}}"#,
                )
            }
        }
        ("POST", "/audio/speech") => Reply::new(200, "application/octet-stream", &b"ID3"[..]),
        _ => Reply::new(404, "text/plain", "no such route"),
    }
}

/// OpenAI's chat completions answer JSON, or server-sent events when the request
/// says `stream: true`: the spec declares both, so the output is an enum chosen by
/// `Content-Type`, and the events arrive typed as `CreateChatCompletionStreamResponse`.
#[tokio::test(flavor = "multi_thread")]
async fn openai_chat_completions_stream_typed_chunks() {
    let spec = corpus_fragment::operations(
        "v3.1/openai__openapi.yaml",
        &[("/chat/completions", "post"), ("/audio/speech", "post")],
        // `seed.minimum` is i64::MIN printed as a float, which the YAML reader refuses
        // (the loader is being taught to read it); this is the value it means.
        &[(
            "minimum: -9223372036854776000",
            "minimum: -9223372036854775808",
        )],
    );
    let text = serde_json::to_string(&spec).expect("spec serializes");
    let binary = tokio::task::spawn_blocking(move || {
        live_probe::build_with_features("openai", &text, "", OPENAI_PROBE, BOTH_WAYS)
    })
    .await
    .expect("the build does not panic");
    let server = StubServer::start(openai_handler).await;
    let run = live_probe::run(&binary, &[&server.base]).await;
    assert!(
        run.success && run.lines() == ["ok openai"],
        "--- stdout\n{}\n--- stderr\n{}",
        run.stdout,
        run.stderr
    );
    let chat = server.requests_to("/chat/completions");
    assert_eq!(
        chat[0].header("accept"),
        Some("application/json, text/event-stream;q=0.9")
    );
    assert_eq!(chat[0].header("authorization"), Some("Bearer sk-test"));
    assert_eq!(
        server.requests_to("/audio/speech")[0].header("accept"),
        // Its 429 is JSON, so that is named too.
        Some("text/event-stream, application/octet-stream;q=0.9, application/json")
    );
}

/// An OpenAPI 3.2-style event `itemSchema` without a `data` property cannot type the
/// data: it is read as text, and the generator says so.
#[test]
fn an_event_item_schema_without_data_is_a_warning() {
    let spec = r#"
openapi: 3.1.0
info: {title: Events, version: "1.0"}
paths:
  /events:
    get:
      operationId: streamEvents
      responses:
        '200':
          description: Events.
          content:
            text/event-stream:
              itemSchema:
                type: object
                properties:
                  event: {type: string}
"#;
    let generated = generator::generate(spec, &generator::Config::default()).expect("generates");
    assert_eq!(
        generated.warnings,
        [generator::Warning::new(
            "#/paths/~1events/get/responses/200/content/text~1event-stream/itemSchema",
            "the event `itemSchema` has no `data` property; event data is read as text",
        )]
    );
    let api = generated
        .files
        .iter()
        .find(|f| f.path == "src/apis/events.rs")
        .expect("the events group");
    assert!(
        api.contents.contains("runtime::EventStream<String>"),
        "{}",
        api.contents
    );
}
