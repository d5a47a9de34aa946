//! Realistic drifts: several changes at once, as a new release of an API
//! brings them. The ActuallyCare drift is built here from the vendored spec;
//! the real ones are two published versions of one API, read from the shared
//! corpus (`../shared/corpus`, see its MANIFEST.tsv).
//!
//! Included with `#[path]` by the tests that use it.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};

use generator::Config;
use serde_json::{Value, json};

/// Two versions of a spec (JSON or YAML text) and the config both are generated with.
pub struct Drift {
    /// A snake_case name, also the generated crates' name in the agreement test.
    pub name: &'static str,
    pub old: String,
    pub new: String,
    pub config: Config,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The ActuallyCare spec with its config (example sources included).
pub fn actuallycare_spec() -> (Value, Config) {
    let root = repo_root();
    let spec = std::fs::read_to_string(root.join("spec/openapi.json"))
        .expect("spec/openapi.json is readable");
    let config = Config::load(&root.join("spec/generator.toml")).expect("the config loads");
    (
        serde_json::from_str(&spec).expect("the spec is JSON"),
        config,
    )
}

/// The ActuallyCare spec and a drifted version of it.
pub fn actuallycare() -> Drift {
    let (spec, config) = actuallycare_spec();
    Drift {
        name: "actuallycare_drift",
        old: spec.to_string(),
        new: drifted(spec).to_string(),
        config,
    }
}

fn at<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Value {
    spec.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the spec"))
}

/// Several changes at once, as a new release of the API might bring them.
fn drifted(mut spec: Value) -> Value {
    let s = &mut spec;
    *at(s, "/info/version") = json!("1.1.0");
    *at(s, "/servers/0/url") = json!("https://api.actuallycare.com/v2");
    // Leads lose their convert endpoint; listings gain an archive endpoint.
    at(s, "/paths")
        .as_object_mut()
        .unwrap()
        .remove("/leads/{id}/convert");
    let archive_escrow = at(s, "/paths/~1escrows~1{id}~1archive/patch").clone();
    let mut archive_listing = archive_escrow;
    archive_listing["operationId"] = json!("archiveListing");
    archive_listing["tags"] = json!(["Listings"]);
    archive_listing["summary"] = json!("Archive listing");
    archive_listing["responses"] = at(s, "/paths/~1listings~1{id}/get/responses").clone();
    at(s, "/paths").as_object_mut().unwrap().insert(
        "/listings/{id}/archive".into(),
        json!({ "patch": archive_listing }),
    );
    // Listing searches must name a region.
    at(s, "/paths/~1listings/get/parameters")
        .as_array_mut()
        .unwrap()
        .push(json!({
            "name": "region", "in": "query", "required": true, "schema": { "type": "string" },
            "description": "MLS region code."
        }));
    // Listings: a new optional field, a price that became a string.
    at(s, "/components/schemas/Listing/properties")
        .as_object_mut()
        .unwrap()
        .insert(
            "virtual_tour_url".into(),
            json!({ "type": "string", "format": "uri" }),
        );
    *at(s, "/components/schemas/Listing/properties/list_price") =
        json!({ "type": "string", "description": "List price, as a decimal string." });
    // Listing statuses: `under_contract` arrives, `withdrawn` goes.
    let statuses = at(s, "/components/schemas/ListingStatus/enum")
        .as_array_mut()
        .unwrap();
    statuses.retain(|v| v != "withdrawn");
    statuses.push(json!("under_contract"));
    // Escrows take only JWTs from now on.
    for item in at(s, "/paths")
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .filter(|(path, _)| path.starts_with("/escrows"))
    {
        for operation in item.1.as_object_mut().unwrap().values_mut() {
            operation["security"] = json!([{ "BearerAuth": [] }]);
        }
    }
    // Appointments are read under `/calendar` now: same operation, same Rust method.
    let get_appointment = at(s, "/paths/~1appointments~1{id}")
        .as_object_mut()
        .unwrap()
        .remove("get")
        .unwrap();
    at(s, "/paths").as_object_mut().unwrap().insert(
        "/calendar/appointments/{id}".into(),
        json!({ "get": get_appointment }),
    );
    // The escrow timeline moves to a new `Transactions` tag.
    *at(s, "/paths/~1escrows~1{id}~1timeline/get/tags") = json!(["Transactions"]);
    // Active sessions come in one response: no more paging.
    at(s, "/paths/~1auth~1sessions/get")
        .as_object_mut()
        .unwrap()
        .remove("parameters");
    // A lead is fetched by another operationId.
    *at(s, "/paths/~1leads~1{id}/get/operationId") = json!("fetchLead");
    spec
}

/// The shared corpus of real specs, beside the repository.
pub fn corpus() -> PathBuf {
    let dir = repo_root().join("../shared/corpus");
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "the real-spec drifts read two versions of one API from {}: put the shared corpus there",
        dir.display()
    );
    dir
}

fn corpus_drift(name: &'static str, old: &str, new: &str) -> Drift {
    let dir = corpus();
    let read = |file: &str| {
        std::fs::read_to_string(dir.join(file))
            .unwrap_or_else(|err| panic!("reading {file} from the corpus: {err}"))
    };
    Drift {
        name,
        old: read(old),
        new: read(new),
        config: Config::default(),
    }
}

/// Swagger Petstore 1.0.0 (the classic Swagger 2.0 petstore as OpenAPI 3.1,
/// readmeio/oas-examples) → 1.0.27 (swagger-api/swagger-petstore's OpenAPI 3.0).
pub fn petstore() -> Drift {
    corpus_drift(
        "petstore_drift",
        "v3.1/readme__petstore.yaml",
        "v3.0/swagger-petstore__petstore3.yaml",
    )
}

/// Oxide's Nexus API 0.0.1 (193 operations, progenitor's sample) →
/// 2026081901.0.0 (317 operations, omicron).
pub fn nexus() -> Drift {
    corpus_drift(
        "nexus_drift",
        "v3.0/progenitor__nexus.json",
        "v3.0/omicron__nexus.json",
    )
}
