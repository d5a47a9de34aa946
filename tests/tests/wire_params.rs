//! Parameters on the wire, through generated code.
//!
//! A probe spec declares one `color` parameter per location × style × explode × value
//! kind (string, array, object), plus the examples of OpenAPI 3.1.1's Appendix C and a
//! few real-world shapes (Stripe's deepObject `created`/`expand`, `content` parameters).
//! The generator makes a client from it, a runner program calls every operation through
//! that client, and a recording server on 127.0.0.1 keeps the requests byte for byte.
//!
//! The oracle is the OpenAPI Specification's own "Style Examples" table, quoted below
//! from 3.0.4/3.1.1 (the patch releases that correct the 3.0.3/3.1.0 table, which is
//! quoted too and checked after percent-decoding; see [`ERRATA_3_0_3`]).
//!
//! Run with `cargo test -p integration-tests --test wire_params`. The first run builds the
//! probe (about a minute; later runs reuse it).

mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use common::probe;
use common::recorder::{Recorded, Recorder, percent_decode};
use serde_json::{Value, json};

/// OpenAPI 3.0.4 and 3.1.1, "Style Examples", verbatim (the two agree): style, explode,
/// then the `undefined`/empty, string, array and object columns. `_n/a_` is undefined
/// behaviour, `_empty_` the empty string.
const TABLE_3_1_1: &str = "\
matrix | false | ;color | ;color=blue | ;color=blue,black,brown | ;color=R,100,G,200,B,150
matrix | true | ;color | ;color=blue | ;color=blue;color=black;color=brown | ;R=100;G=200;B=150
label | false | . | .blue | .blue,black,brown | .R,100,G,200,B,150
label | true | . | .blue | .blue.black.brown | .R=100.G=200.B=150
simple | false | _empty_ | blue | blue,black,brown | R,100,G,200,B,150
simple | true | _empty_ | blue | blue,black,brown | R=100,G=200,B=150
form | false | ?color= | ?color=blue | ?color=blue,black,brown | ?color=R,100,G,200,B,150
form | true | ?color= | ?color=blue | ?color=blue&color=black&color=brown | ?R=100&G=200&B=150
spaceDelimited | false | _n/a_ | _n/a_ | ?color=blue%20black%20brown | ?color=R%20100%20G%20200%20B%20150
spaceDelimited | true | _n/a_ | _n/a_ | _n/a_ | _n/a_
pipeDelimited | false | _n/a_ | _n/a_ | ?color=blue%7Cblack%7Cbrown | ?color=R%7C100%7CG%7C200%7CB%7C150
pipeDelimited | true | _n/a_ | _n/a_ | _n/a_ | _n/a_
deepObject | false | _n/a_ | _n/a_ | _n/a_ | _n/a_
deepObject | true | _n/a_ | _n/a_ | _n/a_ | ?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150";

/// OpenAPI 3.0.3, "Style Examples", verbatim (Markdown's `\|` is a `|`). 3.1.0 has the
/// same table with the pipeDelimited object cell's typo fixed (`…|B|150`).
const TABLE_3_0_3: &str = "\
matrix | false | ;color | ;color=blue | ;color=blue,black,brown | ;color=R,100,G,200,B,150
matrix | true | ;color | ;color=blue | ;color=blue;color=black;color=brown | ;R=100;G=200;B=150
label | false | .  | .blue |  .blue.black.brown | .R.100.G.200.B.150
label | true | . | .blue |  .blue.black.brown | .R=100.G=200.B=150
form | false | color= | color=blue | color=blue,black,brown | color=R,100,G,200,B,150
form | true | color= | color=blue | color=blue&color=black&color=brown | R=100&G=200&B=150
simple | false | n/a | blue | blue,black,brown | R,100,G,200,B,150
simple | true | n/a | blue | blue,black,brown | R=100,G=200,B=150
spaceDelimited | false | n/a | n/a | blue%20black%20brown | R%20100%20G%20200%20B%20150
pipeDelimited | false | n/a | n/a | blue\\|black\\|brown | R\\|100\\|G\\|200|G\\|150
deepObject | true | n/a | n/a | n/a | color[R]=100&color[G]=200&color[B]=150";

/// Cells where 3.0.3 (and 3.1.0) disagree with 3.0.4/3.1.1 beyond percent-encoding, and
/// why the client follows the later text:
/// - `label`, `explode: false`: 3.0.3 shows `.blue.black.brown` and `.R.100.G.200.B.150`,
///   but its own Style Values table defines `label` as RFC 6570 §3.2.5, whose unexploded
///   list and map join with `,` (`{.list}` → `.red,green,blue`); 3.0.4/3.1.1 fixed the cells.
/// - `pipeDelimited` object: 3.0.3's `R|100|G|200|G|150` is a typo (3.1.0 has `…|B|150`).
const ERRATA_3_0_3: &[(&str, bool, usize)] = &[
    ("label", false, 2),
    ("label", false, 3),
    ("pipeDelimited", false, 3),
];

const COLUMNS: [&str; 4] = ["empty", "string", "array", "object"];
const KINDS: [&str; 3] = ["string", "array", "object"];

/// (location, style as the spec spells it) for every style a location allows.
const COMBOS: &[(&str, &str)] = &[
    ("path", "simple"),
    ("path", "label"),
    ("path", "matrix"),
    ("query", "form"),
    ("query", "spaceDelimited"),
    ("query", "pipeDelimited"),
    ("query", "deepObject"),
    ("header", "simple"),
    ("cookie", "form"),
];

fn snake(style: &str) -> String {
    style.chars().fold(String::new(), |mut out, c| {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
        out
    })
}

/// The operation id of one combination (also its path, with `/` for `_`).
fn op_id(location: &str, style: &str, explode: bool, kind: &str) -> String {
    format!("{location}_{}_{explode}_{kind}", snake(style))
}

/// Path parameters expand into a segment after a fixed `c`: an expansion that is a
/// whole segment on its own could be `.` (label, empty string), which URLs drop as a
/// dot-segment (RFC 3986 §5.2.4), so the client refuses to send it.
fn op_path(location: &str, style: &str, explode: bool, kind: &str) -> String {
    let base = format!("/{location}/{}/{explode}/{kind}", snake(style));
    if location == "path" {
        format!("{base}/c{{color}}")
    } else {
        base
    }
}

fn kind_schema(kind: &str) -> Value {
    match kind {
        "string" => json!({"type": "string"}),
        "array" => json!({"type": "array", "items": {"type": "string"}}),
        _ => json!({"$ref": "#/components/schemas/Color"}),
    }
}

fn probe_spec() -> Value {
    let mut paths = serde_json::Map::new();
    let no_content = json!({"204": {"description": "Recorded."}});
    for &(location, style) in COMBOS {
        for explode in [false, true] {
            for kind in KINDS {
                let param = json!({
                    "name": "color", "in": location, "required": true,
                    "style": style, "explode": explode, "schema": kind_schema(kind),
                });
                paths.insert(
                    op_path(location, style, explode, kind),
                    json!({"get": {"operationId": op_id(location, style, explode, kind),
                                   "parameters": [param], "responses": no_content}}),
                );
            }
        }
    }
    let formulas = json!({"type": "object", "additionalProperties": {"type": "string"}});
    let words = json!({"type": "array", "items": {"type": "string"}});
    let extra = json!({
        // OpenAPI 3.1.1 Appendix C, "RFC6570-Equivalent Expansion": `{?formulas*,words}`.
        "/appendix-c/form": {"get": {"operationId": "appendix_c_form", "responses": no_content, "parameters": [
            {"name": "formulas", "in": "query", "explode": true, "schema": formulas},
            {"name": "words", "in": "query", "explode": false, "schema": words}]}},
        // "Expansion With Non-RFC6570-Supported Options": allowReserved and spaceDelimited.
        "/appendix-c/reserved": {"get": {"operationId": "appendix_c_reserved", "responses": no_content, "parameters": [
            {"name": "formulas", "in": "query", "explode": true, "allowReserved": true, "schema": formulas},
            {"name": "words", "in": "query", "style": "spaceDelimited", "schema": words}]}},
        // "Illegal Variable Names as Parameter Names".
        "/appendix-c/heart": {"get": {"operationId": "appendix_c_heart", "responses": no_content, "parameters": [
            {"name": "❤️", "in": "query", "required": true, "schema": {"type": "string"}}]}},
        // Parameters described by `content`: serialized with the media type.
        "/content/{label}": {"get": {"operationId": "content_params", "responses": no_content, "parameters": [
            {"name": "label", "in": "path", "required": true, "content": {"text/plain": {"schema": {"type": "string"}}}},
            {"name": "coordinates", "in": "query", "required": true,
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Coordinates"}}}},
            {"name": "X-Coordinates", "in": "header", "required": true,
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Coordinates"}}}},
            {"name": "prefs", "in": "cookie", "required": true,
             "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}}}]}},
        // Stripe's list parameters, as its spec declares them.
        "/v1/charges": {"get": {"operationId": "list_charges", "responses": no_content, "parameters": [
            {"name": "created", "in": "query", "required": false, "style": "deepObject", "explode": true,
             "schema": {"anyOf": [
                {"title": "range_query_specs", "type": "object", "properties": {
                    "gt": {"type": "integer"}, "gte": {"type": "integer"},
                    "lt": {"type": "integer"}, "lte": {"type": "integer"}}},
                {"type": "integer"}]}},
            {"name": "expand", "in": "query", "required": false, "style": "deepObject", "explode": true,
             "schema": {"type": "array", "items": {"type": "string", "maxLength": 5000}}},
            {"name": "metadata", "in": "query", "required": false, "style": "deepObject",
             "schema": {"type": "object", "additionalProperties": {"type": "string"}}},
            {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer"}}]}},
        // Reserved and unsafe characters in every location.
        "/special/{segment}": {"get": {"operationId": "special_chars", "responses": no_content, "parameters": [
            {"name": "segment", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "q", "in": "query", "required": true, "schema": {"type": "string"}},
            {"name": "raw", "in": "query", "required": true, "allowReserved": true, "schema": {"type": "string"}},
            {"name": "X-Text", "in": "header", "required": true, "schema": {"type": "string"}},
            {"name": "session", "in": "cookie", "required": true, "schema": {"type": "string"}},
            {"name": "theme", "in": "cookie", "required": true, "schema": {"type": "string"}},
            {"name": "when", "in": "query", "required": true, "schema": {"type": "string", "format": "date-time"}}]}},
        // Optional and nullable parameters that are not set are left out.
        "/optional": {"get": {"operationId": "optional_params", "responses": no_content, "parameters": [
            {"name": "q", "in": "query", "schema": {"type": "string", "nullable": true}},
            {"name": "ids", "in": "query", "explode": false, "schema": words},
            {"name": "filter", "in": "query", "style": "deepObject", "schema": {"$ref": "#/components/schemas/Color"}},
            {"name": "X-Opt", "in": "header", "schema": {"type": "string"}},
            {"name": "opt", "in": "cookie", "schema": {"type": "string"}}]}},
    });
    for (path, item) in extra.as_object().expect("paths") {
        paths.insert(path.clone(), item.clone());
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Wire parameters probe", "version": "1"},
        "paths": paths,
        "components": {"schemas": {
            "Color": {"type": "object", "required": ["R", "G", "B"], "properties": {
                "R": {"type": "integer"}, "G": {"type": "integer"}, "B": {"type": "integer"}}},
            "Coordinates": {"type": "object", "required": ["lat", "long"], "properties": {
                "lat": {"type": "number"}, "long": {"type": "number"}}},
        }},
    })
}

fn generate() -> generator::Generated {
    let mut config = generator::Config::named("wire-params-probe");
    // One `client.operations()` for the runner, rather than a group per path.
    config.groups.untagged = generator::config::UntaggedGroups::One;
    generator::generate(&probe_spec().to_string(), &config).expect("the probe spec generates")
}

/// The runner: one call per (operation, column), each printed as `ok <label>`.
fn runner_source() -> String {
    let mut calls = String::new();
    for &(location, style) in COMBOS {
        for explode in [false, true] {
            for kind in KINDS {
                let method = op_id(location, style, explode, kind);
                let values: &[(&str, &str)] = match kind {
                    "string" => &[("empty", "\"\""), ("string", "\"blue\"")],
                    "array" => &[("array", "colors()")],
                    _ => &[("object", "Color::new(100, 200, 150)")],
                };
                for (column, value) in values {
                    calls.push_str(&format!(
                        "    report(\"{method}:{column}\", ops.{method}({value}).send().await);\n"
                    ));
                }
            }
        }
    }
    format!(
        r#"//! Calls every operation of the wire-params probe, in order.
use std::collections::BTreeMap;

use wire_params_probe::types::{{Color, Coordinates, ListChargesCreated, ListChargesCreatedVariant0}};

fn colors() -> Vec<String> {{
    ["blue", "black", "brown"].map(String::from).to_vec()
}}

fn report<T>(label: &str, result: Result<T, wire_params_probe::Error>) {{
    match result {{
        Ok(_) => println!("ok {{label}}"),
        Err(error) => println!("err {{label}} {{error}}"),
    }}
}}

#[tokio::main]
async fn main() {{
    let base = std::env::args().nth(1).expect("base URL");
    let client = wire_params_probe::Client::builder().base_url(&base).build().expect("client");
    let ops = client.operations();
{calls}
    let formulas: BTreeMap<String, String> =
        [("a", "x+y"), ("b", "x/y"), ("c", "x^y")].map(|(k, v)| (k.to_owned(), v.to_owned())).into();
    let words = ["math", "is", "fun"].map(String::from).to_vec();
    report("appendix_c_form", ops.appendix_c_form().formulas(formulas.clone()).words(words.clone()).send().await);
    report("appendix_c_reserved", ops.appendix_c_reserved().formulas(formulas).words(words).send().await);
    let hello = ["hello", "world"].map(String::from).to_vec();
    report("appendix_c_undefined", ops.appendix_c_form().formulas(BTreeMap::new()).words(hello).send().await);
    report("appendix_c_heart", ops.appendix_c_heart("love!").send().await);

    let here = Coordinates::new(51.5, -0.25);
    let prefs = vec!["dark".to_owned(), "compact".to_owned()];
    report("content_params", ops.content_params("a b/c", here.clone(), here, prefs).send().await);

    let mut range = ListChargesCreatedVariant0::new();
    range.gte = Some(1700000000);
    range.lt = Some(1800000000);
    let metadata: BTreeMap<String, String> = [("order id".to_owned(), "6735".to_owned())].into();
    report(
        "stripe_range",
        ops.list_charges()
            .created(ListChargesCreated::RangeQuerySpecs(range))
            .expand(vec!["customer".to_owned(), "data.invoice".to_owned()])
            .metadata(metadata)
            .limit(3)
            .send()
            .await,
    );
    report("stripe_integer", ops.list_charges().created(ListChargesCreated::Integer(1700000000)).send().await);

    let when = "2025-01-02T03:04:05Z".parse().expect("a date-time");
    report(
        "special_chars",
        ops.special_chars("a b/c?d#e%f", "a b&c=d+e", "x/y?z[0]#&=+%41%zz", "a b;c", "s=1;2", "dark mode", when)
            .send()
            .await,
    );
    // A value that would make a `..` path segment is refused before anything is sent.
    match ops.special_chars("..", "q", "r", "t", "s", "d", when).send().await {{
        Err(wire_params_probe::Error::InvalidRequest {{ .. }}) => println!("none dot_segment_refused"),
        other => println!("err dot_segment_refused {{other:?}}"),
    }}
    report("optional_unset", ops.optional_params().send().await);
    report("optional_null", ops.optional_params().ids(Vec::new()).send().await);
}}
"#
    )
}

struct Wire {
    warnings: Vec<generator::Warning>,
    /// Request by runner label.
    requests: BTreeMap<String, Recorded>,
}

/// Generates, builds and runs the probe once for all tests in this file.
fn wire() -> &'static Wire {
    static WIRE: OnceLock<Wire> = OnceLock::new();
    WIRE.get_or_init(|| {
        let generated = generate();
        let probe = probe::build(
            "wire-params",
            "wire-params-probe",
            &generated.files,
            &runner_source(),
        );
        let server = Recorder::start();
        let output = probe.run(&server.url());
        // `none <label>`: a call that must fail before sending anything.
        let labels: Vec<&str> = output
            .lines()
            .filter(|line| !line.starts_with("none "))
            .collect();
        assert!(
            output.contains("none dot_segment_refused"),
            "the `..` segment was not refused:\n{output}"
        );
        let failed: Vec<&&str> = labels
            .iter()
            .filter(|line| !line.starts_with("ok "))
            .collect();
        assert!(failed.is_empty(), "calls failed:\n{failed:#?}");
        let requests = server.requests();
        assert_eq!(
            requests.len(),
            labels.len(),
            "one request per call:\n{requests:#?}"
        );
        let requests = labels
            .iter()
            .map(|line| line.trim_start_matches("ok ").to_owned())
            .zip(requests)
            .collect();
        Wire {
            warnings: generated.warnings,
            requests,
        }
    })
}

fn table(text: &str) -> BTreeMap<(String, bool), [String; 4]> {
    text.lines()
        .map(|line| {
            let cells: Vec<String> = line
                .replace("\\|", "\u{1}")
                .split('|')
                .map(|c| c.trim().replace('\u{1}', "|"))
                .collect();
            let explode = cells[1] == "true";
            (
                (cells[0].clone(), explode),
                [
                    cells[2].clone(),
                    cells[3].clone(),
                    cells[4].clone(),
                    cells[5].clone(),
                ],
            )
        })
        .collect()
}

/// What one combination put on the wire for a column, in the table's notation: the
/// expansion that replaced `{color}`, `?` and the query, or the header value.
fn sent(wire: &Wire, location: &str, style: &str, explode: bool, column: usize) -> Option<String> {
    let kind = match column {
        0 | 1 => "string",
        2 => "array",
        _ => "object",
    };
    let label = format!(
        "{}:{}",
        op_id(location, style, explode, kind),
        COLUMNS[column]
    );
    let request = wire.requests.get(&label)?;
    let prefix = format!("/{location}/{}/{explode}/{kind}", snake(style));
    Some(match location {
        "path" => request
            .path()
            .strip_prefix(&format!("{prefix}/c"))
            .unwrap_or(request.path())
            .to_owned(),
        "query" => format!("?{}", request.query()),
        "header" => request.header("color").unwrap_or("<none>").to_owned(),
        _ => request.header_values("cookie").join(" | "),
    })
}

/// The style-table cells each (location, style) reproduces: path and header for
/// `simple`, the query for the query styles, the path for `label` and `matrix`.
fn table_location(location: &str, style: &str) -> bool {
    !(location == "cookie" || (location == "header" && style != "simple"))
}

#[test]
fn every_cell_of_the_style_table_is_exact_through_generated_code() {
    let wire = wire();
    let current = table(TABLE_3_1_1);
    let original = table(TABLE_3_0_3);
    let mut report = Vec::new();
    let (mut passed, mut failed, mut decoded_only) = (0, 0, 0);
    for &(location, style) in COMBOS.iter().filter(|(l, s)| table_location(l, s)) {
        for explode in [false, true] {
            let Some(row) = current.get(&(style.to_owned(), explode)) else {
                continue;
            };
            for (column, cell) in row.iter().enumerate() {
                if cell == "_n/a_" {
                    continue;
                }
                let expected = if cell == "_empty_" { "" } else { cell.as_str() };
                let got = sent(wire, location, style, explode, column)
                    .unwrap_or_else(|| "<no request>".to_owned());
                let exact = got == expected;
                // 3.0.3/3.1.0: the same after percent-decoding, but for the listed errata.
                let old = original
                    .get(&(style.to_owned(), explode))
                    .map(|row| row[column].clone());
                let erratum = ERRATA_3_0_3.contains(&(style, explode, column));
                let old_note = match old.as_deref() {
                    None | Some("n/a") => "3.0.3: n/a".to_owned(),
                    Some(old) => {
                        // 3.0.3 shows the value alone for the delimited styles, and no `?`.
                        let old = match style {
                            "spaceDelimited" | "pipeDelimited" => format!("?color={old}"),
                            _ if location == "query" => format!("?{old}"),
                            _ => old.to_owned(),
                        };
                        let same = percent_decode(&old) == percent_decode(&got);
                        if same && old != got {
                            decoded_only += 1;
                        }
                        match (same, erratum) {
                            (true, _) if old == got => "3.0.3: same bytes".to_owned(),
                            (true, _) => format!("3.0.3 `{old}`: same after percent-decoding"),
                            (false, true) => {
                                format!("3.0.3 `{old}`: erratum, corrected in 3.0.4/3.1.1")
                            }
                            (false, false) => {
                                failed += 1;
                                format!("3.0.3 `{old}`: DIFFERS")
                            }
                        }
                    }
                };
                if exact {
                    passed += 1;
                } else {
                    failed += 1;
                }
                report.push(format!(
                    "{} {location:6} {style:14} explode={explode:5} {:6} expected `{expected}` sent `{got}` ({old_note})",
                    if exact { "PASS" } else { "FAIL" },
                    COLUMNS[column]
                ));
            }
        }
    }
    println!(
        "{}\n{passed} cells exact, {failed} failed, {decoded_only} equal to 3.0.3's only after percent-decoding",
        report.join("\n")
    );
    assert_eq!(failed, 0, "style table:\n{}", report.join("\n"));
    // matrix 8 + label 8 + simple 8 (path) + 8 (header) + form 8 + delimited 2 + 2 + deepObject 1.
    assert_eq!(
        passed,
        45,
        "every defined cell is checked:\n{}",
        report.join("\n")
    );
}

/// The _n/a_ cells: the generator warns at generation time, naming what it sends, and
/// the client sends exactly that.
#[test]
fn undefined_cells_are_announced_and_sent_as_announced() {
    let wire = wire();
    let pointer = |location: &str, style: &str, explode: bool, kind: &str| {
        format!(
            "#/paths/{}/get",
            op_path(location, style, explode, kind)
                .replace('~', "~0")
                .replace('/', "~1")
        )
    };
    let warned = |location: &str, style: &str, explode: bool, kind: &str| -> Vec<&str> {
        let pointer = pointer(location, style, explode, kind);
        wire.warnings
            .iter()
            .filter(|w| w.location.starts_with(&pointer))
            .map(|w| w.message.as_str())
            .collect()
    };
    // (style, explode, kind, column) → what is sent for it, and words its warning holds.
    type Case = (
        &'static str,
        bool,
        &'static str,
        usize,
        &'static str,
        &'static [&'static str],
    );
    let cases: &[Case] = &[
        (
            "spaceDelimited",
            false,
            "string",
            0,
            "?color=",
            &["not a single value", "`color=value`"],
        ),
        (
            "spaceDelimited",
            false,
            "string",
            1,
            "?color=blue",
            &["not a single value"],
        ),
        (
            "spaceDelimited",
            true,
            "string",
            1,
            "?color=blue",
            &["not a single value"],
        ),
        (
            "spaceDelimited",
            true,
            "array",
            2,
            "?color=blue&color=black&color=brown",
            &["explode: true", "`color=a&color=b`"],
        ),
        (
            "spaceDelimited",
            true,
            "object",
            3,
            "?R=100&G=200&B=150",
            &["explode: true"],
        ),
        (
            "pipeDelimited",
            false,
            "string",
            0,
            "?color=",
            &["not a single value"],
        ),
        (
            "pipeDelimited",
            false,
            "string",
            1,
            "?color=blue",
            &["not a single value"],
        ),
        (
            "pipeDelimited",
            true,
            "string",
            1,
            "?color=blue",
            &["not a single value"],
        ),
        (
            "pipeDelimited",
            true,
            "array",
            2,
            "?color=blue&color=black&color=brown",
            &["explode: true"],
        ),
        (
            "pipeDelimited",
            true,
            "object",
            3,
            "?R=100&G=200&B=150",
            &["explode: true"],
        ),
        (
            "deepObject",
            false,
            "string",
            0,
            "?color=",
            &["explode: false", "not a single value"],
        ),
        (
            "deepObject",
            false,
            "string",
            1,
            "?color=blue",
            &["explode: false"],
        ),
        (
            "deepObject",
            false,
            "array",
            2,
            "?color%5B%5D=blue&color%5B%5D=black&color%5B%5D=brown",
            &["explode: false", "`color[]=a&color[]=b`"],
        ),
        (
            "deepObject",
            false,
            "object",
            3,
            "?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
            &["explode: false", "`color[key]=value`"],
        ),
        (
            "deepObject",
            true,
            "string",
            0,
            "?color=",
            &["not a single value"],
        ),
        (
            "deepObject",
            true,
            "string",
            1,
            "?color=blue",
            &["not a single value"],
        ),
        (
            "deepObject",
            true,
            "array",
            2,
            "?color%5B%5D=blue&color%5B%5D=black&color%5B%5D=brown",
            &["not arrays", "expand[]"],
        ),
    ];
    let mut failures = Vec::new();
    for &(style, explode, kind, column, expected, words) in cases {
        let got = sent(wire, "query", style, explode, column);
        if got.as_deref() != Some(expected) {
            failures.push(format!(
                "{style} explode={explode} {}: sent {got:?}, announced `{expected}`",
                COLUMNS[column]
            ));
        }
        let messages = warned("query", style, explode, kind);
        for word in words {
            if !messages.iter().any(|m| m.contains(word)) {
                failures.push(format!(
                    "{style} explode={explode} {kind}: no warning saying `{word}` in {messages:?}"
                ));
            }
        }
    }
    // The n/a cells of the 3.1.1 table are all covered above (the empty column of a
    // combination shares its string operation's warning).
    let current = table(TABLE_3_1_1);
    let na = current
        .values()
        .flatten()
        .filter(|cell| *cell == "_n/a_")
        .count();
    assert_eq!(na, 19, "the 3.1.1 table has 19 n/a cells");
    let covered: std::collections::BTreeSet<(&str, bool, usize)> =
        cases.iter().map(|c| (c.0, c.1, c.3)).collect();
    for ((style, explode), row) in &current {
        for (column, cell) in row.iter().enumerate() {
            if cell == "_n/a_"
                && !covered.contains(&(style.as_str(), *explode, column))
                && column != 0
            {
                failures.push(format!(
                    "n/a cell {style} explode={explode} {} is not checked",
                    COLUMNS[column]
                ));
            }
        }
    }
    // Defined cells get no warning.
    for &(location, style) in COMBOS {
        for explode in [false, true] {
            for kind in KINDS {
                let defined = match (style, explode, kind) {
                    ("spaceDelimited" | "pipeDelimited", false, "array" | "object") => true,
                    ("deepObject", true, "object") => true,
                    ("spaceDelimited" | "pipeDelimited" | "deepObject", _, _) => false,
                    ("form", _, "array" | "object") if location == "cookie" => false,
                    _ => true,
                };
                let messages = warned(location, style, explode, kind);
                if defined && !messages.is_empty() {
                    failures.push(format!("{location} {style} explode={explode} {kind} is defined but warned: {messages:?}"));
                }
                if !defined && messages.is_empty() {
                    failures.push(format!(
                        "{location} {style} explode={explode} {kind} is undefined but not warned"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn header_and_cookie_values() {
    let wire = wire();
    // Headers use `simple` and are not percent-encoded: the table's simple row.
    let cookie = |explode: bool, column: usize| sent(wire, "cookie", "form", explode, column);
    // Cookies use `form`; several values cannot be joined with `&` in a Cookie header
    // (OpenAPI 3.1.1 Appendix D), so exploded values are separate cookies.
    let expected = [
        (false, 0, "color="),
        (false, 1, "color=blue"),
        (false, 2, "color=blue,black,brown"),
        (false, 3, "color=R,100,G,200,B,150"),
        (true, 0, "color="),
        (true, 1, "color=blue"),
        (true, 2, "color=blue; color=black; color=brown"),
        (true, 3, "R=100; G=200; B=150"),
    ];
    for (explode, column, value) in expected {
        assert_eq!(
            cookie(explode, column).as_deref(),
            Some(value),
            "cookie explode={explode} {}",
            COLUMNS[column]
        );
    }
}

/// OpenAPI 3.1.1 Appendix C's worked examples, byte for byte.
#[test]
fn appendix_c_examples() {
    let wire = wire();
    let query = |label: &str| format!("?{}", wire.requests[label].query());
    assert_eq!(
        query("appendix_c_form"),
        "?a=x%2By&b=x%2Fy&c=x%5Ey&words=math,is,fun"
    );
    assert_eq!(
        query("appendix_c_reserved"),
        "?a=x%2By&b=x/y&c=x%5Ey&words=math%20is%20fun"
    );
    assert_eq!(query("appendix_c_undefined"), "?words=hello,world");
    assert_eq!(query("appendix_c_heart"), "?%E2%9D%A4%EF%B8%8F=love%21");
}

#[test]
fn content_parameters_use_their_media_type() {
    let request = &wire().requests["content_params"];
    assert_eq!(request.path(), "/content/a%20b%2Fc");
    let json = r#"{"lat":51.5,"long":-0.25}"#;
    assert_eq!(
        request.query(),
        format!(
            "coordinates={}",
            "%7B%22lat%22%3A51.5%2C%22long%22%3A-0.25%7D"
        )
    );
    assert_eq!(
        percent_decode(request.query().trim_start_matches("coordinates=")),
        json
    );
    assert_eq!(request.header("x-coordinates"), Some(json));
    assert_eq!(
        request.header("cookie"),
        Some("prefs=%5B%22dark%22%2C%22compact%22%5D")
    );
}

/// Stripe declares `created` as `anyOf [object, integer]` and `expand` as an array, both
/// `style: deepObject, explode: true`; its own descriptions say `expand[]=…`.
#[test]
fn stripe_deep_objects() {
    let wire = wire();
    assert_eq!(
        wire.requests["stripe_range"].query(),
        "created%5Bgte%5D=1700000000&created%5Blt%5D=1800000000\
         &expand%5B%5D=customer&expand%5B%5D=data.invoice\
         &metadata%5Border%20id%5D=6735&limit=3"
    );
    assert_eq!(
        wire.requests["stripe_integer"].query(),
        "created=1700000000"
    );
}

#[test]
fn percent_encoding_per_location() {
    let request = &wire().requests["special_chars"];
    // Path: everything but RFC 3986 unreserved is encoded (RFC 6570 simple expansion).
    assert_eq!(request.path(), "/special/a%20b%2Fc%3Fd%23e%25f");
    // Query: the same; with allowReserved the reserved characters a query can hold pass,
    // percent-encoded triples stay, and `[`, `]`, `#`, `&`, `=`, `+` and a stray `%` are encoded.
    assert_eq!(
        request.query(),
        "q=a%20b%26c%3Dd%2Be&raw=x/y?z%5B0%5D%23%26%3D%2B%41%25zz&when=2025-01-02T03%3A04%3A05Z"
    );
    // Headers are not URIs: sent as given.
    assert_eq!(request.header("x-text"), Some("a b;c"));
    // One Cookie header for both cookies; values percent-encoded so that `;` and `=`
    // cannot break the header apart.
    assert_eq!(
        request.header_values("cookie"),
        vec!["session=s%3D1%3B2; theme=dark%20mode"]
    );
}

#[test]
fn unset_optional_and_empty_values_are_left_out() {
    let wire = wire();
    for label in ["optional_unset", "optional_null"] {
        let request = &wire.requests[label];
        assert_eq!(request.target, "/optional", "{label}");
        assert_eq!(request.header("x-opt"), None, "{label}");
        assert_eq!(request.header("cookie"), None, "{label}");
    }
}
