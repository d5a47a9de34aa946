//! Request and response views of schemas with `readOnly` or `writeOnly`
//! properties.
//!
//! A `readOnly` property is sent by the server only: it is neither required
//! nor sent in a request. A `writeOnly` property is sent by the client only:
//! it is never required in a response.
//!
//! - A required `writeOnly` property of a type that is received (reachable
//!   from a response, an error or the components) becomes optional, with a
//!   note saying the API wants it in requests. No second type for it.
//! - A required `readOnly` property (an `id`) cannot be made optional without
//!   losing it from every response, so a schema that has one, and every type
//!   that contains such a schema, gets a request view `<Name>Input` for
//!   request bodies and parameters: its `readOnly` properties left out, the
//!   types it names replaced by their views. The schema's own type stays
//!   what responses decode. A type nothing received can reach (an inline
//!   request body) becomes its request view in place.
//!
//! Optional `readOnly`/`writeOnly` properties need no second type: left unset,
//! they are not sent (a type only requests use drops its `readOnly` ones all
//! the same). A spec without `readOnly`/`writeOnly` is left exactly as it was.

use std::collections::BTreeMap;

use super::names::{self, NameSet};
use super::type_graph::TypeGraph;
use super::{Api, TypeDef, TypeKind, TypeRef};

pub(super) fn split(api: &mut Api) {
    let graph = TypeGraph::of(api);
    let edges = graph.edges();
    let declares = |def: &TypeDef, which: fn(&super::Field) -> bool| match &def.kind {
        TypeKind::Struct(fields) => fields.iter().any(|f| f.required && which(f)),
        _ => false,
    };
    // Types with a required readOnly property, and every type that reaches one.
    let mut affected: Vec<bool> = api
        .types
        .iter()
        .map(|def| declares(def, |f| f.read_only))
        .collect();
    let write_only: Vec<bool> = api
        .types
        .iter()
        .map(|def| declares(def, |f| f.write_only))
        .collect();
    let any_read_only = api.types.iter().any(|def| match &def.kind {
        TypeKind::Struct(fields) => fields.iter().any(|f| f.read_only),
        _ => false,
    });
    if !any_read_only && !write_only.contains(&true) {
        return;
    }
    loop {
        let mut changed = false;
        for position in 0..api.types.len() {
            if !affected[position] && edges[position].iter().any(|&next| affected[next]) {
                affected[position] = true;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for (_, op) in api.operations() {
        request_roots.extend(op.params.iter().map(|p| &p.ty));
        request_roots.extend(op.body.iter().map(|b| &b.ty));
        response_roots.extend(op.responses.iter().flat_map(|r| r.types()));
    }
    let sent = graph.reach(graph.positions(request_roots));
    let mut received_roots = graph.positions(response_roots);
    received_roots.extend(
        api.error_code_type
            .iter()
            .chain(&api.error_details_type)
            .filter_map(|name| graph.position(name)),
    );
    // Component schemas are the spec's vocabulary: always emitted as declared.
    received_roots.extend(
        api.types
            .iter()
            .enumerate()
            .filter(|(_, def)| def.pointer.starts_with("#/components/schemas/"))
            .map(|(position, _)| position),
    );
    let received = graph.reach(received_roots);

    // The request view of every affected type a request reaches.
    let mut taken = NameSet::with_reserved(names::PRELUDE);
    for def in &api.types {
        taken.claim(def.name.clone());
    }
    let has_read_only = |def: &TypeDef| match &def.kind {
        TypeKind::Struct(fields) => fields.iter().any(|f| f.read_only),
        _ => false,
    };
    let mut views: BTreeMap<String, String> = BTreeMap::new();
    for (position, def) in api.types.iter().enumerate() {
        // Only sent: drop even optional readOnly properties, at no cost.
        if sent[position] && !received[position] && has_read_only(def) {
            views.insert(def.name.clone(), def.name.clone());
        }
        if affected[position] && sent[position] {
            let view = if received[position] {
                taken.claim(format!("{}Input", def.name))
            } else {
                def.name.clone()
            };
            views.insert(def.name.clone(), view);
        }
    }
    let request_view = |def: &TypeDef, name: &str| -> TypeDef {
        let kind = match &def.kind {
            TypeKind::Struct(fields) => TypeKind::Struct(
                fields
                    .iter()
                    .filter(|field| !field.read_only)
                    .map(|field| super::Field {
                        ty: to_request(&field.ty, &views),
                        ..field.clone()
                    })
                    .collect(),
            ),
            TypeKind::Union(union) => {
                let mut union = union.clone();
                for variant in &mut union.variants {
                    variant.ty = to_request(&variant.ty, &views);
                }
                TypeKind::Union(union)
            }
            TypeKind::Alias(target) => TypeKind::Alias(to_request(target, &views)),
            TypeKind::Enum(values) => TypeKind::Enum(values.clone()),
        };
        let description = if name == def.name {
            def.description.clone()
        } else {
            let note = format!(
                "`{}` as a request sends it: without its read-only properties.",
                def.name
            );
            Some(match &def.description {
                Some(description) => format!("{description}\n\n{note}"),
                None => note,
            })
        };
        TypeDef {
            name: name.to_owned(),
            feature_gate: None,
            directions: Default::default(),
            pointer: def.pointer.clone(),
            description,
            kind,
        }
    };
    let mut added = Vec::new();
    for position in 0..api.types.len() {
        let def = &api.types[position];
        if let Some(view) = views.get(&def.name) {
            let request = request_view(def, view);
            if *view == def.name {
                api.types[position] = request;
            } else {
                added.push(request);
            }
        }
        // What responses decode: writeOnly properties may be missing.
        if received[position] && write_only[position] {
            relax_write_only(&mut api.types[position]);
        }
    }
    api.types.extend(added);
    api.types.sort_by(|a, b| a.name.cmp(&b.name));
    for group in &mut api.groups {
        for op in &mut group.operations {
            for param in &mut op.params {
                param.ty = to_request(&param.ty, &views);
            }
            if let Some(body) = &mut op.body {
                body.ty = to_request(&body.ty, &views);
            }
        }
    }
    super::build::break_alias_cycles(&mut api.types);
    super::build::box_recursive_fields(&mut api.types);
}

/// A response never has to carry a `writeOnly` property.
fn relax_write_only(def: &mut TypeDef) {
    if let TypeKind::Struct(fields) = &mut def.kind {
        for field in fields
            .iter_mut()
            .filter(|field| field.write_only && field.required)
        {
            field.required = false;
            let note = "Write-only: requests must set it; responses leave it out.";
            field.description = Some(match field.description.take() {
                Some(description) => format!("{description}\n\n{note}"),
                None => note.to_owned(),
            });
        }
    }
}

fn to_request(ty: &TypeRef, views: &BTreeMap<String, String>) -> TypeRef {
    match ty {
        TypeRef::Named(name) => TypeRef::Named(views.get(name).unwrap_or(name).clone()),
        TypeRef::Array(item) => TypeRef::Array(Box::new(to_request(item, views))),
        TypeRef::Map(value) => TypeRef::Map(Box::new(to_request(value, views))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(to_request(inner, views))),
        other => other.clone(),
    }
}
