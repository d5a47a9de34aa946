//! Which old operation is which new one, and what a change of identity does
//! to code using the crate.
//!
//! An operation has two identities. Deployed clients know its *HTTP identity*
//! (method and path template); code using the crate knows its *Rust identity*
//! (group accessor and method name, `listings().get()`). Either can change
//! while the other stays, so operations are paired in passes, each over what
//! the previous ones left, and each pairing only keys unique on both sides:
//!
//! 1. the same HTTP identity: the same endpoint, whose Rust names may change;
//!    first as written, then ignoring path parameter names, which never reach
//!    the wire (`/pets/{id}` is `/pets/{petId}`);
//! 2. the same Rust identity: the same method, now calling another endpoint;
//! 3. the same operationId: both identities changed, but it is one operation.
//!
//! What no pass pairs was removed or added. Names are never derived here, only
//! read from the model, so the pairing stays right however method names are
//! chosen.

use std::collections::BTreeMap;

use super::compare::Context;
use super::{ChangeKind, Impact, Section};
use crate::model::{Api, Group, Operation, Output};

/// An operation with its group.
pub type Located<'a> = (&'a Group, &'a Operation);

/// Old and new operations, paired where they are the same operation.
pub struct Matching<'a> {
    pub pairs: Vec<(Located<'a>, Located<'a>)>,
    pub removed: Vec<Located<'a>>,
    pub added: Vec<Located<'a>>,
}

pub fn match_operations<'a>(old: &'a Api, new: &'a Api) -> Matching<'a> {
    let mut removed: Vec<Located<'a>> = old.operations().collect();
    let mut added: Vec<Located<'a>> = new.operations().collect();
    let mut pairs = Vec::new();
    let passes: [fn(&Located<'_>) -> String; 4] = [
        |(_, op)| endpoint(op),
        |(_, op)| format!("{} {}", op.method.as_str(), path_shape(&op.path)),
        |(group, op)| call(group, op),
        |(_, op)| op.id.clone(),
    ];
    for key in passes {
        pair_unique(&mut removed, &mut added, &mut pairs, key);
    }
    Matching {
        pairs,
        removed,
        added,
    }
}

/// Moves to `pairs` the operations whose key is unique on both sides.
fn pair_unique<'a>(
    old: &mut Vec<Located<'a>>,
    new: &mut Vec<Located<'a>>,
    pairs: &mut Vec<(Located<'a>, Located<'a>)>,
    key: fn(&Located<'_>) -> String,
) {
    let unique = |list: &[Located<'a>]| {
        let mut by_key: BTreeMap<String, Option<usize>> = BTreeMap::new();
        for (index, located) in list.iter().enumerate() {
            by_key
                .entry(key(located))
                .and_modify(|slot| *slot = None)
                .or_insert(Some(index));
        }
        by_key
    };
    let (old_keys, new_keys) = (unique(old), unique(new));
    let mut matched: Vec<(usize, usize)> = old_keys
        .iter()
        .filter_map(|(k, old_index)| Some(((*old_index)?, new_keys.get(k).copied()??)))
        .collect();
    matched.sort_unstable();
    let mut taken_new: Vec<usize> = matched.iter().map(|&(_, n)| n).collect();
    taken_new.sort_unstable();
    for &(o, n) in &matched {
        pairs.push((old[o], new[n]));
    }
    for &o in matched.iter().map(|(o, _)| o).rev() {
        old.remove(o);
    }
    for &n in taken_new.iter().rev() {
        new.remove(n);
    }
}

/// `GET /listings/{id}`: the HTTP identity as the report quotes it.
pub fn endpoint(op: &Operation) -> String {
    format!("{} {}", op.method.as_str(), op.path)
}

/// `/listings/{}`: a path template without its parameter names, which do not
/// reach the wire.
pub fn path_shape(path: &str) -> String {
    let mut shape = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                shape.push_str("{}");
            }
            '}' if in_name => in_name = false,
            _ if in_name => {}
            _ => shape.push(c),
        }
    }
    shape
}

/// The parameter names of a path template, in order.
pub fn path_names(path: &str) -> impl Iterator<Item = &str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

/// `listings().list()`: the Rust identity.
pub fn call(group: &Group, op: &Operation) -> String {
    format!("{}().{}()", group.accessor, op.method_name)
}

/// The endpoint `call` (`listings().get()`) reaches in `api`, if it exists there.
pub fn now_calling(api: &Api, call_text: &str) -> Option<String> {
    api.operations()
        .find(|(group, op)| call(group, op) == call_text)
        .map(|(_, op)| endpoint(op))
}

/// `apis::listings::ListListings`: where the request builder is named.
pub fn builder_path(group: &Group, op: &Operation) -> String {
    format!("apis::{}::{}", group.accessor, op.builder_name)
}

/// Reports how a pair's identities differ: an endpoint that moved behind
/// the same method breaks deployed clients; new Rust names break code.
pub fn compare(cx: &mut Context, new_api: &Api, old: Located<'_>, new: Located<'_>) {
    let ((old_group, old_op), (group, op)) = (old, new);
    let here = Section::Resource(group.accessor.clone());
    let (old_endpoint, new_endpoint) = (endpoint(old_op), endpoint(op));
    let (old_call, new_call) = (call(old_group, old_op), call(group, op));
    if old_op.method != op.method || path_shape(&old_op.path) != path_shape(&op.path) {
        cx.push(
            here.clone(),
            ChangeKind::OperationMoved,
            new_endpoint.as_str(),
            format!("`{old_endpoint}` → `{new_endpoint}`"),
            Impact::BreaksAtRuntime,
            format!(
                "deployed clients still call `{old_endpoint}`, which the new spec no longer has; \
                 the upgraded `{new_call}` calls `{new_endpoint}`"
            ),
        );
    }

    let regrouped = old_group.accessor != group.accessor;
    let renamed = old_op.method_name != op.method_name;
    let old_builder = builder_path(old_group, old_op);
    let new_builder = builder_path(group, op);
    let tag_changed = old_group.tag != group.tag;
    let id_changed = old_op.id != op.id;
    if regrouped || renamed || old_builder != new_builder {
        let mut effects = Vec::new();
        if regrouped {
            effects.push(format!("moves the method to `{}()`", group.accessor));
        }
        if renamed {
            let it = if regrouped { "it" } else { "the method" };
            effects.push(format!("renames {it} to `{}`", op.method_name));
        }
        if effects.is_empty() {
            effects.push("renames the request builder".to_owned());
        }
        let cause = match (tag_changed, id_changed) {
            (true, true) => format!(
                "the tag `{}` → `{}` and the operationId `{}` → `{}`",
                old_group.tag, group.tag, old_op.id, op.id
            ),
            (true, false) => format!("the tag `{}` → `{}`", old_group.tag, group.tag),
            (false, true) => format!("the operationId `{}` → `{}`", old_op.id, op.id),
            // Same tag and id: the names were claimed in another order, to
            // avoid a name another group or operation now has.
            (false, false) => "a clash with another operation's or group's name".to_owned(),
        };
        let mut reason = format!("{cause} {}", effects.join(" and "));
        // Code that still calls the old name may compile and reach another endpoint.
        let reused_by = now_calling(new_api, &old_call);
        let runtime = reused_by.is_some();
        if let Some(other) = reused_by {
            reason.push_str(&format!(
                "; `{old_call}` now calls `{other}`, so code that still calls it may compile and reach another endpoint"
            ));
        }
        let mut detail = format!("`{old_call}` → `{new_call}`");
        if old_builder != new_builder {
            detail.push_str(&format!(" (builder `{old_builder}` → `{new_builder}`"));
            if let (Output::PerStatus(old_enum), Output::PerStatus(new_enum)) =
                (&old_op.output, &op.output)
            {
                detail.push_str(&format!(", response enum `{old_enum}` → `{new_enum}`"));
            }
            detail.push(')');
        }
        // The old builder (and response enum) go, with every method on them.
        let scope = cx.scope.clone();
        if old_builder != new_builder {
            cx.scope
                .extend(super::operations::whole_builder(old_group, old_op));
        }
        let kind = if regrouped {
            ChangeKind::OperationRegrouped
        } else {
            ChangeKind::OperationRenamed
        };
        cx.push(
            here,
            kind,
            new_endpoint,
            detail,
            Impact::of(true, runtime, Impact::BreaksCompilation),
            reason,
        );
        cx.scope = scope;
    } else {
        let same_names = || {
            format!(
                "the Rust names (`{new_call}`, `{}`) stay the same",
                op.builder_name
            )
        };
        if tag_changed {
            cx.push(
                here.clone(),
                ChangeKind::OperationRetagged,
                new_endpoint.as_str(),
                format!("tag `{}` → `{}`", old_group.tag, group.tag),
                Impact::Patch,
                same_names(),
            );
        }
        if id_changed {
            cx.push(
                here,
                ChangeKind::OperationIdChanged,
                new_endpoint,
                format!("operationId `{}` → `{}`", old_op.id, op.id),
                Impact::Patch,
                same_names(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::path_shape;

    #[test]
    fn path_shape_drops_parameter_names_only() {
        assert_eq!(path_shape("/pets/{petId}/toys/{id}"), "/pets/{}/toys/{}");
        assert_eq!(path_shape("/pets"), "/pets");
        assert_eq!(path_shape("/a}b"), "/a}b");
    }
}
