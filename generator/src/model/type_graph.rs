//! The graph of named types (an edge from a type to every type its fields,
//! items, variants or alias target name), by position in `Api::types`, for
//! the passes that ask which types a set of roots reaches.

use std::collections::BTreeMap;

use super::{Api, TypeRef};

pub(super) struct TypeGraph {
    index: BTreeMap<String, usize>,
    edges: Vec<Vec<usize>>,
}

impl TypeGraph {
    pub(super) fn of(api: &Api) -> Self {
        let index: BTreeMap<String, usize> = api
            .types
            .iter()
            .enumerate()
            .map(|(position, def)| (def.name.clone(), position))
            .collect();
        let edges = api
            .types
            .iter()
            .map(|def| {
                def.referenced_types()
                    .into_iter()
                    .filter_map(|name| index.get(name).copied())
                    .collect()
            })
            .collect();
        Self { index, edges }
    }

    /// The position of a named type.
    pub(super) fn position(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The positions of the named types among `types` (inline scalars have none).
    pub(super) fn positions<'a>(&self, types: impl IntoIterator<Item = &'a TypeRef>) -> Vec<usize> {
        types
            .into_iter()
            .filter_map(TypeRef::named_type)
            .filter_map(|name| self.position(name))
            .collect()
    }

    /// The types each type names directly.
    pub(super) fn edges(&self) -> &[Vec<usize>] {
        &self.edges
    }

    /// Whether each type is reachable from `roots` (the roots included).
    pub(super) fn reach(&self, mut stack: Vec<usize>) -> Vec<bool> {
        let mut seen = vec![false; self.edges.len()];
        while let Some(position) = stack.pop() {
            if !std::mem::replace(&mut seen[position], true) {
                stack.extend(&self.edges[position]);
            }
        }
        seen
    }
}
