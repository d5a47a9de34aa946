//! Checks on the vendored OpenAPI spec (`spec/openapi.json`) against the public endpoint reference.
//!
//! Run with `cargo test -p integration-tests --test spec`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.json")
}

fn spec_text() -> String {
    let path = spec_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn spec_json() -> Value {
    serde_json::from_str(&spec_text()).expect("spec/openapi.json is not valid JSON")
}

fn spec_openapi() -> OpenAPI {
    serde_json::from_str(&spec_text())
        .expect("spec/openapi.json does not parse as openapiv3::OpenAPI")
}

/// The endpoint reference (docs page "Endpoint reference"): method, path (relative to
/// https://api.actuallycare.com/v1), tag, summary and the operationId chosen for it.
const REFERENCE: &[(&str, &str, &str, &str, &str)] = &[
    (
        "GET",
        "/api-keys",
        "API Keys",
        "List API keys",
        "listApiKeys",
    ),
    (
        "POST",
        "/api-keys",
        "API Keys",
        "Create new API key",
        "createApiKey",
    ),
    (
        "PATCH",
        "/api-keys/{id}/scopes",
        "API Keys",
        "Update API key scopes",
        "updateApiKeyScopes",
    ),
    (
        "PUT",
        "/api-keys/{id}/revoke",
        "API Keys",
        "Revoke API key",
        "revokeApiKey",
    ),
    (
        "DELETE",
        "/api-keys/{id}",
        "API Keys",
        "Delete API key",
        "deleteApiKey",
    ),
    (
        "GET",
        "/appointments",
        "Appointments",
        "List all appointments",
        "listAppointments",
    ),
    (
        "POST",
        "/appointments",
        "Appointments",
        "Create new appointment",
        "createAppointment",
    ),
    (
        "GET",
        "/appointments/{id}",
        "Appointments",
        "Get appointment by ID",
        "getAppointmentById",
    ),
    (
        "PUT",
        "/appointments/{id}",
        "Appointments",
        "Update appointment",
        "updateAppointment",
    ),
    (
        "DELETE",
        "/appointments/{id}",
        "Appointments",
        "Delete appointment",
        "deleteAppointment",
    ),
    (
        "POST",
        "/auth/register",
        "Authentication",
        "Register new user",
        "registerUser",
    ),
    (
        "POST",
        "/auth/login",
        "Authentication",
        "Login user",
        "loginUser",
    ),
    (
        "POST",
        "/auth/refresh",
        "Authentication",
        "Refresh access token",
        "refreshAccessToken",
    ),
    (
        "POST",
        "/auth/logout",
        "Authentication",
        "Logout user",
        "logoutUser",
    ),
    (
        "GET",
        "/auth/verify",
        "Authentication",
        "Verify token validity",
        "verifyToken",
    ),
    (
        "GET",
        "/auth/profile",
        "Authentication",
        "Get user profile",
        "getUserProfile",
    ),
    (
        "PUT",
        "/auth/profile",
        "Authentication",
        "Update user profile",
        "updateUserProfile",
    ),
    (
        "POST",
        "/auth/logout-all",
        "Authentication",
        "Logout from all devices",
        "logoutAllDevices",
    ),
    (
        "GET",
        "/auth/sessions",
        "Authentication",
        "List active sessions",
        "listActiveSessions",
    ),
    (
        "GET",
        "/billing/public-plans",
        "Billing",
        "Get public plan pricing",
        "getPublicPlanPricing",
    ),
    (
        "POST",
        "/billing/public-checkout",
        "Billing",
        "Start checkout without an account",
        "startPublicCheckout",
    ),
    (
        "GET",
        "/billing/plans",
        "Billing",
        "Get plans with checkout identifiers",
        "getPlansWithCheckoutIds",
    ),
    (
        "GET",
        "/billing/subscription",
        "Billing",
        "Get current subscription status",
        "getSubscriptionStatus",
    ),
    (
        "POST",
        "/billing/checkout",
        "Billing",
        "Start checkout for a subscription",
        "startSubscriptionCheckout",
    ),
    (
        "POST",
        "/billing/portal",
        "Billing",
        "Open the billing portal",
        "openBillingPortal",
    ),
    (
        "GET",
        "/clients",
        "Clients",
        "List all clients",
        "listClients",
    ),
    (
        "POST",
        "/clients",
        "Clients",
        "Create new client",
        "createClient",
    ),
    (
        "GET",
        "/clients/{id}",
        "Clients",
        "Get client by ID",
        "getClientById",
    ),
    (
        "PUT",
        "/clients/{id}",
        "Clients",
        "Update client",
        "updateClient",
    ),
    (
        "DELETE",
        "/clients/{id}",
        "Clients",
        "Delete client",
        "deleteClient",
    ),
    (
        "GET",
        "/contacts",
        "Contacts",
        "List contacts",
        "listContacts",
    ),
    (
        "POST",
        "/contacts",
        "Contacts",
        "Create a contact",
        "createContact",
    ),
    (
        "GET",
        "/contacts/search",
        "Contacts",
        "Search contacts",
        "searchContacts",
    ),
    (
        "GET",
        "/contacts/{id}",
        "Contacts",
        "Get a contact",
        "getContact",
    ),
    (
        "PUT",
        "/contacts/{id}",
        "Contacts",
        "Update a contact",
        "updateContact",
    ),
    (
        "DELETE",
        "/contacts/{id}",
        "Contacts",
        "Delete a contact",
        "deleteContact",
    ),
    (
        "PATCH",
        "/contacts/{id}/archive",
        "Contacts",
        "Archive a contact",
        "archiveContact",
    ),
    (
        "PATCH",
        "/contacts/{id}/restore",
        "Contacts",
        "Restore an archived contact",
        "restoreContact",
    ),
    ("GET", "/escrows", "Escrows", "List escrows", "listEscrows"),
    (
        "POST",
        "/escrows",
        "Escrows",
        "Create an escrow",
        "createEscrow",
    ),
    (
        "GET",
        "/escrows/{id}",
        "Escrows",
        "Get an escrow",
        "getEscrow",
    ),
    (
        "PUT",
        "/escrows/{id}",
        "Escrows",
        "Update an escrow",
        "updateEscrow",
    ),
    (
        "DELETE",
        "/escrows/{id}",
        "Escrows",
        "Delete an escrow",
        "deleteEscrow",
    ),
    (
        "PATCH",
        "/escrows/{id}/archive",
        "Escrows",
        "Archive an escrow",
        "archiveEscrow",
    ),
    (
        "PATCH",
        "/escrows/{id}/restore",
        "Escrows",
        "Restore an archived escrow",
        "restoreEscrow",
    ),
    (
        "GET",
        "/escrows/{id}/timeline",
        "Escrows",
        "Get an escrow's timeline",
        "getEscrowTimeline",
    ),
    ("GET", "/leads", "Leads", "List all leads", "listLeads"),
    ("POST", "/leads", "Leads", "Create new lead", "createLead"),
    (
        "GET",
        "/leads/{id}",
        "Leads",
        "Get lead by ID",
        "getLeadById",
    ),
    ("PUT", "/leads/{id}", "Leads", "Update lead", "updateLead"),
    (
        "DELETE",
        "/leads/{id}",
        "Leads",
        "Delete lead",
        "deleteLead",
    ),
    (
        "POST",
        "/leads/{id}/convert",
        "Leads",
        "Convert lead to client",
        "convertLeadToClient",
    ),
    (
        "GET",
        "/listings",
        "Listings",
        "List all property listings",
        "listListings",
    ),
    (
        "POST",
        "/listings",
        "Listings",
        "Create new listing",
        "createListing",
    ),
    (
        "GET",
        "/listings/{id}",
        "Listings",
        "Get listing by ID",
        "getListingById",
    ),
    (
        "PUT",
        "/listings/{id}",
        "Listings",
        "Update listing",
        "updateListing",
    ),
    (
        "DELETE",
        "/listings/{id}",
        "Listings",
        "Delete listing",
        "deleteListing",
    ),
    (
        "GET",
        "/webhooks",
        "Webhooks",
        "List webhook subscriptions",
        "listWebhooks",
    ),
    (
        "POST",
        "/webhooks",
        "Webhooks",
        "Create a webhook subscription",
        "createWebhook",
    ),
    (
        "GET",
        "/webhooks/events",
        "Webhooks",
        "List available webhook events",
        "listWebhookEvents",
    ),
    (
        "GET",
        "/webhooks/events/categories",
        "Webhooks",
        "List webhook event categories",
        "listWebhookEventCategories",
    ),
    (
        "PUT",
        "/webhooks/{id}",
        "Webhooks",
        "Update a webhook subscription",
        "updateWebhook",
    ),
    (
        "DELETE",
        "/webhooks/{id}",
        "Webhooks",
        "Deactivate a webhook subscription",
        "deactivateWebhook",
    ),
    (
        "GET",
        "/webhooks/{id}/logs",
        "Webhooks",
        "Get webhook delivery logs",
        "getWebhookLogs",
    ),
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation of the JSON document: (METHOD, path, operation object).
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths is an object") {
        for (method, op) in item.as_object().expect("path item is an object") {
            if METHODS.contains(&method.as_str()) {
                out.push((method.to_uppercase(), path.clone(), op));
            }
        }
    }
    out
}

fn op_name(method: &str, path: &str, op: &Value) -> String {
    format!(
        "{method} {path} ({})",
        op["operationId"].as_str().unwrap_or("<no operationId>")
    )
}

/// Follows a local `$ref` (possibly several in a row).
fn deref<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..16 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let ptr = r
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("non-local $ref {r}"));
                v = doc
                    .pointer(ptr)
                    .unwrap_or_else(|| panic!("unresolvable $ref {r}"));
            }
            None => return v,
        }
    }
    panic!("$ref chain too long")
}

#[test]
fn operations_match_the_endpoint_reference() {
    let api = spec_openapi();
    assert_eq!(api.openapi, "3.0.3");
    assert_eq!(api.servers.len(), 1);
    assert_eq!(api.servers[0].url, "https://api.actuallycare.com/v1");

    let mut actual = BTreeSet::new();
    for (path, item) in &api.paths.paths {
        let item = item
            .as_item()
            .unwrap_or_else(|| panic!("path item {path} is a $ref"));
        for (method, op) in item.iter() {
            assert!(
                actual.insert((method.to_uppercase(), path.clone())),
                "duplicate operation {method} {path}"
            );
            let _ = op;
        }
    }
    let expected: BTreeSet<(String, String)> = REFERENCE
        .iter()
        .map(|(m, p, ..)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(
        expected.len(),
        64,
        "reference table must list 64 distinct operations"
    );
    let missing: Vec<_> = expected.difference(&actual).collect();
    let extra: Vec<_> = actual.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing operations: {missing:?}; operations not in the reference: {extra:?}"
    );

    // Summaries and operationIds as listed.
    let doc = spec_json();
    for (m, p, _, summary, op_id) in REFERENCE {
        let op = &doc["paths"][*p][m.to_lowercase()];
        assert_eq!(op["summary"], *summary, "summary of {m} {p}");
        assert_eq!(op["operationId"], *op_id, "operationId of {m} {p}");
    }

    // Path parameters: every `{id}` is declared as a required uuid path parameter.
    for (m, p, op) in operations(&doc) {
        if p.contains("{id}") {
            let params = op["parameters"]
                .as_array()
                .unwrap_or_else(|| panic!("{} has no parameters", op_name(&m, &p, op)));
            let id = params
                .iter()
                .map(|x| deref(&doc, x))
                .find(|x| x["name"] == "id" && x["in"] == "path")
                .unwrap_or_else(|| {
                    panic!(
                        "{} does not declare the `id` path parameter",
                        op_name(&m, &p, op)
                    )
                });
            assert_eq!(
                id["required"],
                true,
                "{}: id must be required",
                op_name(&m, &p, op)
            );
            assert_eq!(
                id["schema"],
                serde_json::json!({"type": "string", "format": "uuid"}),
                "{}: id schema",
                op_name(&m, &p, op)
            );
        }
    }
}

#[test]
fn every_operation_has_its_group_tag() {
    let api = spec_openapi();
    let tags: BTreeMap<(String, String), &str> = REFERENCE
        .iter()
        .map(|(m, p, t, ..)| ((m.to_string(), p.to_string()), *t))
        .collect();
    for (path, item) in &api.paths.paths {
        let item = item.as_item().expect("path item");
        for (method, op) in item.iter() {
            let key = (method.to_uppercase(), path.clone());
            let want = tags
                .get(&key)
                .unwrap_or_else(|| panic!("{method} {path} is not in the reference"));
            assert_eq!(
                op.tags,
                vec![want.to_string()],
                "tags of {} {path}",
                method.to_uppercase()
            );
        }
    }
    let declared: BTreeSet<&str> = api.tags.iter().map(|t| t.name.as_str()).collect();
    let used: BTreeSet<&str> = REFERENCE.iter().map(|r| r.2).collect();
    assert_eq!(
        declared, used,
        "top-level tags must be exactly the 10 groups"
    );
}

#[test]
fn security_per_group() {
    let doc = spec_json();
    let jwt = serde_json::json!([{"BearerAuth": []}]);
    let none = serde_json::json!([]);
    let either = serde_json::json!([{"ApiKeyAuth": []}, {"BearerAuth": []}]);

    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["ApiKeyAuth"]["type"], "apiKey");
    assert_eq!(schemes["ApiKeyAuth"]["in"], "header");
    assert_eq!(schemes["ApiKeyAuth"]["name"], "X-API-Key");
    assert_eq!(schemes["BearerAuth"]["type"], "http");
    assert_eq!(schemes["BearerAuth"]["scheme"], "bearer");
    assert_eq!(schemes["BearerAuth"]["bearerFormat"], "JWT");
    assert_eq!(doc["security"], either, "top-level security");

    for (m, p, op) in operations(&doc) {
        let name = op_name(&m, &p, op);
        let want = match p.as_str() {
            "/auth/register"
            | "/auth/login"
            | "/auth/refresh"
            | "/billing/public-plans"
            | "/billing/public-checkout" => &none,
            _ if p.starts_with("/api-keys")
                || p.starts_with("/webhooks")
                || p.starts_with("/contacts")
                || p.starts_with("/billing") =>
            {
                &jwt
            }
            // The remaining auth endpoints are user-session endpoints: JWT only (inferred, see spec/README.md).
            _ if p.starts_with("/auth/") => &jwt,
            _ if [
                "/clients",
                "/leads",
                "/escrows",
                "/listings",
                "/appointments",
            ]
            .iter()
            .any(|g| p.starts_with(g)) =>
            {
                &either
            }
            _ => panic!("{name}: no expected security for this path"),
        };
        let got = op
            .get("security")
            .unwrap_or_else(|| panic!("{name} has no explicit security"));
        assert_eq!(got, want, "security of {name}");
        if p.starts_with("/auth/") && want == &jwt {
            assert_eq!(
                op["x-inferred-security"], true,
                "{name}: inferred security must be marked"
            );
        }
    }
}

#[test]
fn operation_ids_are_unique() {
    let doc = spec_json();
    let mut seen = BTreeMap::new();
    for (m, p, op) in operations(&doc) {
        let id = op["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{m} {p} has no operationId"));
        if let Some(prev) = seen.insert(id.to_string(), format!("{m} {p}")) {
            panic!("operationId {id} used by both {prev} and {m} {p}");
        }
    }
    assert_eq!(seen.len(), 64);
}

fn collect_refs<'a>(v: &'a Value, pointer: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if k == "$ref" {
                    if let Value::String(r) = child {
                        out.push((pointer.clone(), r.as_str()));
                    }
                }
                let esc = k.replace('~', "~0").replace('/', "~1");
                collect_refs(child, format!("{pointer}/{esc}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_refs(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_ref_resolves() {
    let doc = spec_json();
    let mut refs = Vec::new();
    collect_refs(&doc, String::new(), &mut refs);
    assert!(!refs.is_empty());
    let mut bad = Vec::new();
    for (at, r) in refs {
        match r.strip_prefix('#') {
            Some(ptr) if ptr.starts_with("/components/") && doc.pointer(ptr).is_some() => {}
            _ => bad.push(format!("{at}: {r}")),
        }
    }
    assert!(
        bad.is_empty(),
        "unresolvable or non-local $refs:\n{}",
        bad.join("\n")
    );
}

/// Rewrites an OpenAPI 3.0 schema into JSON Schema 2020-12: `nullable: true` becomes
/// `anyOf: [<schema without nullable>, {type: null}]`. Everything else (including vendor
/// extensions and `example`, which JSON Schema ignores) is kept.
fn to_json_schema(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            let mut nullable = false;
            for (k, child) in map {
                if k == "nullable" {
                    nullable = child == &Value::Bool(true);
                    continue;
                }
                // Keys of `properties` are names, not keywords, but recursing into them is harmless.
                out.insert(k.clone(), to_json_schema(child));
            }
            let out = Value::Object(out);
            if nullable {
                serde_json::json!({"anyOf": [out, {"type": "null"}]})
            } else {
                out
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

/// A validator for `schema` whose `#/components/...` refs resolve against the spec's components.
fn validator_for(components: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = match to_json_schema(schema) {
        Value::Object(m) => m,
        other => panic!("schema is not an object: {other}"),
    };
    root.insert("components".into(), components.clone());
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .expect("schema compiles")
}

fn validation_errors(components: &Value, schema: &Value, instance: &Value) -> Vec<String> {
    let validator = validator_for(components, schema);
    validator
        .iter_errors(instance)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

/// (where, schema, example) for every media-type example: operation request bodies and responses,
/// shared component responses, and schema-level examples of component schemas.
fn all_examples(doc: &Value) -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    let media = |where_: String, m: &Value, out: &mut Vec<(String, Value, Value)>| {
        let json = &m["content"]["application/json"];
        assert!(json.is_object(), "{where_}: no application/json content");
        let example = json
            .get("example")
            .unwrap_or_else(|| panic!("{where_}: no example"));
        out.push((where_, json["schema"].clone(), example.clone()));
    };
    for (m, p, op) in operations(doc) {
        let name = op_name(&m, &p, op);
        if let Some(body) = op.get("requestBody") {
            media(format!("{name} request body"), deref(doc, body), &mut out);
        }
        for (status, resp) in op["responses"].as_object().expect("responses") {
            if resp.get("$ref").is_some() {
                continue; // shared responses are checked once below
            }
            media(format!("{name} response {status}"), resp, &mut out);
        }
    }
    for (name, resp) in doc["components"]["responses"]
        .as_object()
        .expect("components.responses")
    {
        media(format!("components.responses.{name}"), resp, &mut out);
    }
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .expect("components.schemas")
    {
        if let Some(example) = schema.get("example") {
            out.push((
                format!("components.schemas.{name} example"),
                serde_json::json!({"$ref": format!("#/components/schemas/{name}")}),
                example.clone(),
            ));
        }
    }
    out
}

#[test]
fn every_example_validates_against_its_schema() {
    let doc = spec_json();
    let components = to_json_schema(&doc["components"]);

    // The validator must really check formats and nullability, or this test proves nothing.
    let probe = serde_json::json!({"$ref": "#/components/schemas/ApiKey"});
    let good = serde_json::json!({
        "id": "550e8400-e29b-41d4-a716-446655440000", "name": "n", "key_preview": "9f2c4e8a...4c6b",
        "is_active": true, "created_at": "2026-07-15T14:32:10.000Z", "last_used_at": null
    });
    assert!(
        validation_errors(&components, &probe, &good).is_empty(),
        "probe instance should be valid"
    );
    let mut bad_uuid = good.clone();
    bad_uuid["id"] = "not-a-uuid".into();
    assert!(
        !validation_errors(&components, &probe, &bad_uuid).is_empty(),
        "uuid format must be validated"
    );
    let mut bad_null = good.clone();
    bad_null["name"] = Value::Null;
    assert!(
        !validation_errors(&components, &probe, &bad_null).is_empty(),
        "non-nullable null must be rejected"
    );

    let examples = all_examples(&doc);
    assert!(
        examples.len() > 64,
        "expected an example per response, found {}",
        examples.len()
    );
    let mut failures = Vec::new();
    for (where_, schema, example) in &examples {
        for e in validation_errors(&components, schema, example) {
            failures.push(format!("{where_}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "examples that do not match their schema:\n{}",
        failures.join("\n")
    );
}

#[test]
fn error_responses_use_the_shared_envelope_and_429_has_retry_after() {
    let doc = spec_json();
    let envelope = "#/components/schemas/ErrorResponse";
    let retry_after = "#/components/headers/RetryAfter";
    let header = &doc["components"]["headers"]["RetryAfter"];
    assert_eq!(
        header["schema"]["type"], "integer",
        "Retry-After is integer seconds"
    );
    let codes = &doc["components"]["schemas"]["ErrorCode"];
    assert_eq!(codes["type"], "string");
    assert!(
        codes.get("enum").is_none(),
        "ErrorCode must stay an open string"
    );
    let known: Vec<&str> = codes["x-extensible-enum"]
        .as_array()
        .expect("x-extensible-enum")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for c in ["VALIDATION_ERROR", "ACCOUNT_NOT_ACTIVE", "ACCOUNT_LOCKED"] {
        assert!(
            known.contains(&c),
            "ErrorCode must list the documented code {c}"
        );
    }

    for (m, p, op) in operations(&doc) {
        let name = op_name(&m, &p, op);
        let responses = op["responses"].as_object().expect("responses");
        for (status, resp) in responses {
            if !(status.starts_with('4') || status.starts_with('5')) {
                continue;
            }
            let schema_ref =
                deref(&doc, resp)["content"]["application/json"]["schema"]["$ref"].as_str();
            assert_eq!(
                schema_ref,
                Some(envelope),
                "{name} response {status} must use the ErrorResponse envelope"
            );
        }
        for status in ["429", "500"] {
            assert!(
                responses.contains_key(status),
                "{name} has no {status} response"
            );
        }
        let r429 = deref(&doc, &responses["429"]);
        assert_eq!(
            r429["headers"]["Retry-After"]["$ref"].as_str(),
            Some(retry_after),
            "{name}: 429 must carry the Retry-After header"
        );
        let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
        if secured {
            for status in ["401", "403"] {
                assert!(
                    responses.contains_key(status),
                    "{name} needs a credential but has no {status} response"
                );
            }
        }
        if p.contains("{id}") {
            assert!(
                responses.contains_key("404"),
                "{name} has an {{id}} but no 404 response"
            );
        }
        if op.get("requestBody").is_some() {
            assert!(
                responses.contains_key("400"),
                "{name} takes a body but has no 400 response"
            );
        }
    }
    let login = &doc["paths"]["/auth/login"]["post"]["responses"]["423"]["$ref"];
    assert_eq!(
        login, "#/components/responses/AccountLocked",
        "login must answer 423 AccountLocked"
    );
    let locked =
        &doc["components"]["responses"]["AccountLocked"]["content"]["application/json"]["example"];
    assert_eq!(locked["error"]["code"], "ACCOUNT_LOCKED");
    assert!(
        locked["error"]["details"]["locked_until"].is_string(),
        "AccountLocked example shows details.locked_until"
    );
}

#[test]
fn list_endpoints_with_meta_take_page_and_limit() {
    let doc = spec_json();
    let page = "#/components/parameters/Page";
    let limit = "#/components/parameters/Limit";
    let mut lists = 0;
    for (m, p, op) in operations(&doc) {
        let name = op_name(&m, &p, op);
        let Some((_, ok)) = op["responses"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(s, _)| s.starts_with('2'))
        else {
            panic!("{name} has no success response");
        };
        let schema = deref(&doc, &ok["content"]["application/json"]["schema"]);
        let data = deref(&doc, &schema["properties"]["data"]);
        let has_meta = data["properties"].get("meta").is_some();
        let refs: Vec<&str> = op["parameters"]
            .as_array()
            .map(|ps| ps.iter().filter_map(|x| x["$ref"].as_str()).collect())
            .unwrap_or_default();
        if has_meta {
            lists += 1;
            assert_eq!(
                data["properties"]["meta"]["$ref"].as_str(),
                Some("#/components/schemas/PaginationMeta"),
                "{name}: meta must be PaginationMeta"
            );
            assert!(
                refs.contains(&page) && refs.contains(&limit),
                "{name} returns meta but lacks page/limit parameters"
            );
        } else {
            assert!(
                !refs.contains(&page) && !refs.contains(&limit),
                "{name} takes page/limit but returns no meta"
            );
        }
    }
    assert!(
        lists >= 8,
        "expected the documented list endpoints to return meta, found {lists}"
    );
    // The documented exception: GET /api-keys returns a bare array.
    let api_keys = &doc["paths"]["/api-keys"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"]["properties"]["data"];
    assert_eq!(
        api_keys["type"], "array",
        "GET /api-keys data is a bare array"
    );
}

#[test]
fn success_envelope_on_every_operation() {
    let doc = spec_json();
    for (m, p, op) in operations(&doc) {
        let name = op_name(&m, &p, op);
        let ok: Vec<_> = op["responses"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(s, _)| s.starts_with('2'))
            .collect();
        assert_eq!(ok.len(), 1, "{name} must have exactly one success response");
        let schema = &ok[0].1["content"]["application/json"]["schema"];
        assert_eq!(
            schema["type"], "object",
            "{name}: envelope is an inline object"
        );
        assert_eq!(
            schema["required"],
            serde_json::json!(["success", "data", "timestamp"]),
            "{name}: envelope required fields"
        );
        assert_eq!(
            schema["properties"]["success"]["type"], "boolean",
            "{name}: success"
        );
        assert_eq!(
            schema["properties"]["timestamp"]["format"], "date-time",
            "{name}: timestamp"
        );
    }
}

#[test]
fn file_is_normalized() {
    fn sort(v: &Value) -> Value {
        match v {
            Value::Object(m) => {
                let mut keys: Vec<&String> = m.keys().collect();
                keys.sort();
                Value::Object(keys.into_iter().map(|k| (k.clone(), sort(&m[k]))).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    let text = spec_text();
    let value: Value = serde_json::from_str(&text).unwrap();
    let normalized = serde_json::to_string_pretty(&sort(&value)).unwrap() + "\n";
    assert!(
        text == normalized,
        "spec/openapi.json is not normalized (2-space indent, keys sorted, trailing newline); first difference at byte {}",
        text.bytes()
            .zip(normalized.bytes())
            .take_while(|(a, b)| a == b)
            .count()
    );
}
