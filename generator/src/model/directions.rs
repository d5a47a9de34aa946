//! Which way each named type travels: sent in a request (a parameter or body),
//! received in a response (any body the client decodes, success or error, plain,
//! enveloped, streamed or paged, and the error conventions' types), or both.
//! Emit derives `Serialize` only for what is sent and `Deserialize` only for
//! what is received; the other direction sits behind a cargo feature, since
//! serde's derived impls are most of the compile time of a big generated crate.
//!
//! A type inherits the directions of every type that reaches it through a
//! field, an array or map item, a union variant or an alias target. Types no
//! operation reaches (orphans, such as webhook payloads) travel both ways, and so
//! does everything they reach, so that their derives always compile.

use super::type_graph::TypeGraph;
use super::{Api, Directions};

/// Sets `TypeDef::directions` of every type. `merged_aliases` (sorted) are the
/// names deduplication left as aliases of another type: unused, but not orphans.
pub fn mark(api: &mut Api, merged_aliases: &[String]) {
    let graph = TypeGraph::of(api);
    let mut requests = Vec::new();
    let mut responses = Vec::new();
    for (_, op) in api.operations() {
        requests.extend(op.params.iter().map(|param| &param.ty));
        requests.extend(op.body.iter().map(|body| &body.ty));
        responses.extend(op.responses.iter().flat_map(|response| response.types()));
        if let Some(paged) = &op.paged {
            responses.push(&paged.item);
        }
    }
    responses.extend(api.pages.iter().map(|page| &page.item));
    let mut request_roots = graph.positions(requests);
    let mut response_roots = graph.positions(responses);
    response_roots.extend(
        api.error_code_type
            .iter()
            .chain(&api.error_details_type)
            .chain(api.pages.iter().map(|page| &page.type_name))
            .filter_map(|name| graph.position(name)),
    );

    let sent = graph.reach(request_roots.clone());
    let received = graph.reach(response_roots.clone());
    let orphans: Vec<usize> = (0..api.types.len())
        .filter(|&position| !sent[position] && !received[position])
        .filter(|&position| {
            merged_aliases
                .binary_search(&api.types[position].name)
                .is_err()
        })
        .collect();
    request_roots.extend(&orphans);
    response_roots.extend(&orphans);
    let sent = graph.reach(request_roots);
    let received = graph.reach(response_roots);
    for (position, def) in api.types.iter_mut().enumerate() {
        def.directions = Directions {
            request: sent[position],
            response: received[position],
        };
    }
}
