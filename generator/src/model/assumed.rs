//! Marks what came from an assumption: each warning becomes an `Assumed: …`
//! line in the docs of the type, operation or parameter it is about (the one
//! whose place in the spec is the longest prefix of the warning's pointer).

use std::collections::BTreeMap;

use super::Api;

#[derive(Debug, Clone, Copy)]
enum Owner {
    Type(usize),
    Operation(usize, usize),
    Param(usize, usize, usize),
}

/// `param_sites`: (parameter pointer, operation pointer, index in its params).
pub fn document_assumptions(api: &mut Api, param_sites: &[(String, String, usize)]) {
    if api.warnings.is_empty() {
        return;
    }
    let mut owners: BTreeMap<&str, Vec<Owner>> = BTreeMap::new();
    let mut operations: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (index, def) in api.types.iter().enumerate() {
        owners
            .entry(&def.pointer)
            .or_default()
            .push(Owner::Type(index));
    }
    for (g, group) in api.groups.iter().enumerate() {
        for (o, op) in group.operations.iter().enumerate() {
            owners
                .entry(&op.pointer)
                .or_default()
                .push(Owner::Operation(g, o));
            operations.insert(&op.pointer, (g, o));
        }
    }
    for (param_pointer, op_pointer, index) in param_sites {
        if let Some(&(g, o)) = operations.get(op_pointer.as_str()) {
            owners
                .entry(param_pointer)
                .or_default()
                .push(Owner::Param(g, o, *index));
        }
    }
    let mut notes: Vec<(Owner, String)> = Vec::new();
    for warning in &api.warnings {
        // The warning's pointer, then each shorter prefix of it.
        let mut location = warning.location.as_str();
        loop {
            if let Some(found) = owners.get(location) {
                notes.extend(found.iter().map(|owner| (*owner, warning.message.clone())));
                break;
            }
            match location.rfind('/') {
                Some(cut) => location = &location[..cut],
                None => break,
            }
        }
    }
    for (owner, message) in notes {
        let description = match owner {
            Owner::Type(index) => &mut api.types[index].description,
            Owner::Operation(g, o) => &mut api.groups[g].operations[o].description,
            Owner::Param(g, o, p) => match api.groups[g].operations[o].params.get_mut(p) {
                Some(param) => &mut param.description,
                None => continue,
            },
        };
        let note = format!("Assumed: {message}");
        match description {
            Some(text) if !text.contains(&note) => {
                text.push_str("\n\n");
                text.push_str(&note);
            }
            Some(_) => {}
            None => *description = Some(note),
        }
    }
}
