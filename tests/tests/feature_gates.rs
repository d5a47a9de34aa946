//! A crate built with only some group features compiles: whenever a type is
//! compiled, so is every type it names. A type's gate (`TypeDef::feature_gate`,
//! `None` = always) must therefore be no wider than the gate of anything it
//! refers to. Checked on the model, which is where the gates are decided, for a
//! spec made to break it, for ActuallyCare, and for real specs of the corpus.

use std::collections::BTreeSet;
use std::path::Path;

use generator::model::{Api, TypeDef};

/// Three groups. No operation uses `Orphan` or `Both`: `Orphan` names `OnlyA`,
/// which only group `a`'s operation uses, so it is compiled with group `a`;
/// `Both` names `OnlyB` and `OnlyC`, which no single group compiles together, so
/// it and both of them are always compiled.
const ORPHAN_SPEC: &str = r##"
openapi: 3.0.3
info: {title: Gates, version: "1"}
paths:
  /a:
    get:
      tags: [a]
      operationId: getA
      responses:
        '200':
          description: A.
          content: {application/json: {schema: {$ref: '#/components/schemas/OnlyA'}}}
  /b:
    get:
      tags: [b]
      operationId: getB
      responses:
        '200':
          description: B.
          content: {application/json: {schema: {$ref: '#/components/schemas/OnlyB'}}}
  /c:
    get:
      tags: [c]
      operationId: getC
      responses:
        '200':
          description: C.
          content: {application/json: {schema: {$ref: '#/components/schemas/OnlyC'}}}
components:
  schemas:
    OnlyA: {type: object, properties: {x: {type: string}}}
    OnlyB: {type: object, properties: {y: {type: integer}}}
    OnlyC: {type: object, properties: {z: {type: boolean}}}
    Orphan: {type: object, properties: {a: {$ref: '#/components/schemas/OnlyA'}}}
    Both:
      type: object
      properties:
        b: {$ref: '#/components/schemas/OnlyB'}
        c: {$ref: '#/components/schemas/OnlyC'}
"##;

fn model(text: &str) -> Api {
    let (document, raw) = generator::load::load_document(text).expect("the spec loads");
    generator::model::build(&document, &raw, &generator::Config::default())
        .expect("the spec builds")
}

/// Every reference from a type that can be compiled to one that then is not:
/// `(type, its gate, referenced type, that type's gate)`.
fn open_references(api: &Api) -> Vec<String> {
    let gate = |def: &TypeDef| -> Option<BTreeSet<String>> {
        def.feature_gate
            .as_ref()
            .map(|groups| groups.iter().cloned().collect())
    };
    let mut open = Vec::new();
    for def in &api.types {
        for name in def.referenced_types() {
            let Some(target) = api.type_def(name) else {
                continue;
            };
            let closed = match (gate(def), gate(target)) {
                (_, None) => true,
                (None, Some(_)) => false,
                (Some(from), Some(to)) => from.is_subset(&to),
            };
            if !closed {
                open.push(format!(
                    "{} ({:?}) names {} ({:?})",
                    def.name, def.feature_gate, target.name, target.feature_gate
                ));
            }
        }
    }
    open
}

#[test]
fn a_type_no_operation_uses_compiles_with_what_it_names() {
    let api = model(ORPHAN_SPEC);
    assert_eq!(open_references(&api), Vec::<String>::new());
    let gate_of = |name: &str| {
        api.type_def(name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .feature_gate
            .clone()
    };
    let only = |group: &str| Some(vec![group.to_owned()]);
    assert_eq!(gate_of("OnlyA"), only("a"));
    assert_eq!(gate_of("Orphan"), only("a"), "compiled with what it names");
    assert_eq!(
        gate_of("Both"),
        None,
        "no single group compiles what it names"
    );
    assert_eq!(gate_of("OnlyB"), None);
    assert_eq!(gate_of("OnlyC"), None);
}

#[test]
fn actuallycare_gates_are_closed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let text = std::fs::read_to_string(root.join("spec/openapi.json")).expect("spec");
    let api = model(&text);
    assert!(api.types.iter().any(|def| def.feature_gate.is_some()));
    assert_eq!(open_references(&api), Vec::<String>::new());
}

/// Untagged (grouped by path) and tagged specs of `../shared/corpus`, when it is there.
#[test]
fn corpus_gates_are_closed() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if !corpus.is_dir() {
        eprintln!(
            "no corpus at {}: only the other tests ran",
            corpus.display()
        );
        return;
    }
    let specs = [
        "v3.0/stripe__spec3.json",
        "v3.0/progenitor__api.github.com.json",
        "v3.0/box__openapi.json",
        "v3.0/xero__xero_accounting.yaml",
    ];
    let mut checked = 0;
    for spec in specs {
        let Ok(text) = std::fs::read_to_string(corpus.join(spec)) else {
            continue;
        };
        let api = model(&text);
        let open = open_references(&api);
        assert!(
            open.is_empty(),
            "{spec}: {} open references, e.g. {:?}",
            open.len(),
            &open[..open.len().min(5)]
        );
        checked += 1;
    }
    assert!(checked > 0, "none of {specs:?} is in {}", corpus.display());
}
