//! Identical inline schemas are emitted once (`generator/src/model/dedupe.rs`),
//! and the merged types still put the same bytes on the wire and decode the
//! same bodies.
//!
//! The spec has two operations whose request and response bodies are the same
//! inline objects (with different docs), nested two deep, so the inner copies
//! merge and then the outer ones (a chain). The test checks the model merged
//! them, then builds a probe client that sends each body through the merged-away
//! name (an alias now) to a local server, and compares the bytes the server
//! received and what the client decoded with what the spec says.

#[path = "common/live_probe.rs"]
mod live_probe;
#[path = "common/stub_server.rs"]
mod stub_server;

use serde_json::{Value, json};
use stub_server::{Acks, Recorded, Reply, StubServer};

/// The probe programs decode request bodies from JSON or print responses as JSON,
/// so they need the generated crate's serde in both directions.
const BOTH_WAYS: &[&str] = &["serde-both-ways"];

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Dedupe, version: "1"}
paths:
  /orders:
    post:
      tags: [shop]
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              description: A new order.
              required: [item]
              properties:
                item: {type: string}
                quantity: {type: integer, format: int32}
                metadata:
                  type: object
                  description: What the order is for.
                  properties:
                    note: {type: string, nullable: true}
                    address:
                      type: object
                      description: Where it goes.
                      required: [city]
                      properties:
                        city: {type: string}
                        zip: {type: string}
      responses:
        '200':
          description: The order.
          content:
            application/json:
              schema:
                type: object
                required: [id, state]
                properties:
                  id: {type: string}
                  state: {type: string, enum: [open, closed]}
                  address:
                    type: object
                    required: [city]
                    properties:
                      city: {type: string}
                      zip: {type: string}
  /refunds:
    post:
      tags: [shop]
      operationId: createRefund
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              description: A new refund (the same shape as an order).
              required: [item]
              properties:
                item: {type: string}
                quantity: {type: integer, format: int32}
                metadata:
                  type: object
                  description: What the refund is for.
                  properties:
                    note: {type: string, nullable: true}
                    address:
                      type: object
                      description: Where the refund goes.
                      required: [city]
                      properties:
                        city: {type: string}
                        zip: {type: string}
      responses:
        '200':
          description: The refund.
          content:
            application/json:
              schema:
                type: object
                required: [id, state]
                properties:
                  id: {type: string}
                  state: {type: string, enum: [open, closed]}
                  address:
                    type: object
                    required: [city]
                    properties:
                      city: {type: string}
                      zip: {type: string}
  /labels:
    get:
      tags: [shop]
      operationId: getLabel
      responses:
        '200':
          description: A label; its address has a different wire name, so it stays its own type.
          content:
            application/json:
              schema:
                type: object
                required: [id, state]
                properties:
                  id: {type: string}
                  state: {type: string, enum: [open, closed]}
                  address:
                    type: object
                    required: [town]
                    properties:
                      town: {type: string}
                      zip: {type: string}
"##;

/// The request and response types of each operation, by operation id.
fn body_types(api: &generator::model::Api) -> Vec<(String, String, String)> {
    api.operations()
        .map(|(_, op)| {
            let body = op
                .body
                .as_ref()
                .and_then(|body| body.ty.named_type())
                .unwrap_or("-")
                .to_owned();
            let response = op
                .responses
                .iter()
                .flat_map(|response| response.types())
                .find_map(|ty| ty.named_type())
                .unwrap_or("-")
                .to_owned();
            (op.id.clone(), body, response)
        })
        .collect()
}

/// The type named by the schema at `pointer`, and what it is an alias of.
fn at_pointer<'a>(api: &'a generator::model::Api, pointer: &str) -> (&'a str, Option<&'a str>) {
    let def = api
        .types
        .iter()
        .find(|def| def.pointer == pointer)
        .unwrap_or_else(|| panic!("no type for {pointer}"));
    let target = match &def.kind {
        generator::model::TypeKind::Alias(target) => target.named_type(),
        _ => None,
    };
    (&def.name, target)
}

#[test]
fn identical_inline_objects_become_one_type_and_the_other_names_aliases() {
    let (document, raw) = generator::load::load_document(SPEC).expect("the spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("the spec builds");
    let types = body_types(&api);
    let find = |id: &str| {
        types
            .iter()
            .find(|t| t.0 == id)
            .unwrap_or_else(|| panic!("no operation {id}: {types:?}"))
            .clone()
    };
    let [order, refund, label] = ["createOrder", "createRefund", "getLabel"].map(find);
    // Both operations now send and receive the same types.
    assert_eq!(order.1, refund.1, "{types:?}");
    assert_eq!(order.2, refund.2, "{types:?}");
    assert_ne!(order.2, label.2, "a different wire name keeps a type apart");

    // The refund's own names stay, as aliases of the order's; the chain
    // (body → metadata → address) merged at every level.
    let refund_body = "#/paths/~1refunds/post/requestBody/content/application~1json/schema";
    let (name, target) = at_pointer(&api, refund_body);
    assert_eq!(target, Some(order.1.as_str()), "{name}");
    for nested in [
        "/properties/metadata",
        "/properties/metadata/properties/address",
    ] {
        let (name, target) = at_pointer(&api, &format!("{refund_body}{nested}"));
        let target = target.unwrap_or_else(|| panic!("{name} is not an alias"));
        assert!(
            matches!(
                api.type_def(target).map(|def| &def.kind),
                Some(generator::model::TypeKind::Struct(_))
            ),
            "{name} = {target}"
        );
    }
    // The response's `address` is the same shape as the request's, so it is
    // the same type too: one `address` struct with `city`, one with `town`.
    let cities = api
        .types
        .iter()
        .filter(|def| match &def.kind {
            generator::model::TypeKind::Struct(fields) => {
                fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>() == ["city", "zip"]
            }
            _ => false,
        })
        .count();
    assert_eq!(cities, 1);
    let refund_response = "#/paths/~1refunds/post/responses/200/content/application~1json/schema";
    assert_eq!(at_pointer(&api, refund_response).1, Some(order.2.as_str()));
}

/// The probe: `dedupe_probe <base URL>`. `Refund*` names are the aliases.
fn program(body_alias: &str, response_alias: &str) -> String {
    format!(
        r##"
use probe_dedupe::types;
use probe_dedupe::Client;

#[tokio::main]
async fn main() {{
    let base = std::env::args().nth(1).expect("base URL");
    let client = Client::builder().base_url(&base).build().expect("client");
    let shop = client.shop();
    let body: types::{body_alias} = serde_json::from_value(serde_json::json!({{
        "item": "lamp",
        "quantity": 2,
        "metadata": {{"note": null, "address": {{"city": "Oslo"}}}}
    }}))
    .expect("the body decodes");
    let order = shop.create_order(body.clone()).send().await.expect("createOrder");
    let refund: types::{response_alias} = shop.create_refund(body).send().await.expect("createRefund");
    println!("{{}}", serde_json::to_string(&order).expect("order encodes"));
    println!("{{}}", serde_json::to_string(&refund).expect("refund encodes"));
    let label = shop.get_label().send().await.expect("getLabel");
    println!("{{}}", serde_json::to_string(&label).expect("label encodes"));
}}
"##
    )
}

fn respond(request: &Recorded, _: &Acks) -> Reply {
    let body = match request.path() {
        "/orders" => {
            json!({"id": "o1", "state": "open", "address": {"city": "Oslo", "zip": "0150"}})
        }
        "/refunds" => json!({"id": "r1", "state": "refunded", "address": {"city": "Bergen"}}),
        _ => json!({"id": "l1", "state": "closed", "address": {"town": "Tromsø"}}),
    };
    Reply::new(200, "application/json", body.to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn merged_types_send_and_decode_the_same_bytes() {
    let (document, raw) = generator::load::load_document(SPEC).expect("the spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("the spec builds");
    let refund_body = "#/paths/~1refunds/post/requestBody/content/application~1json/schema";
    let refund_response = "#/paths/~1refunds/post/responses/200/content/application~1json/schema";
    let program = program(
        at_pointer(&api, refund_body).0,
        at_pointer(&api, refund_response).0,
    );
    let binary = tokio::task::spawn_blocking(move || {
        live_probe::build_with_features("dedupe", SPEC, "", &program, BOTH_WAYS)
    })
    .await
    .expect("the build does not panic");

    let server = StubServer::start(respond).await;
    let run = live_probe::run(&binary, &[&server.base]).await;
    assert!(
        run.success,
        "the probe failed\n--- stdout\n{}\n--- stderr\n{}",
        run.stdout, run.stderr
    );
    // Both requests carry the same JSON: the optional `zip` left out, the
    // explicit `null` note kept (nullable, so absent and null differ).
    let sent = json!({"item": "lamp", "quantity": 2, "metadata": {"note": null, "address": {"city": "Oslo"}}});
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests[..2] {
        let body: Value = serde_json::from_slice(&request.body).expect("a JSON body");
        assert_eq!(body, sent, "{} {}", request.method, request.target);
    }
    // What each response decoded to, encoded again: the same values, an
    // unknown enum value kept as it came.
    let decoded: Vec<Value> = run
        .lines()
        .iter()
        .map(|line| serde_json::from_str(line).expect("the probe prints JSON"))
        .collect();
    assert_eq!(
        decoded,
        [
            json!({"id": "o1", "state": "open", "address": {"city": "Oslo", "zip": "0150"}}),
            json!({"id": "r1", "state": "refunded", "address": {"city": "Bergen"}}),
            json!({"id": "l1", "state": "closed", "address": {"town": "Tromsø"}}),
        ]
    );
}
