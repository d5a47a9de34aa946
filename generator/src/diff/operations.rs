//! Operations, paired by [`identity`](super::identity): their groups,
//! parameters, bodies, responses, pagination and accepted credentials.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::{Context, quoted};
use super::identity::{self, Located, call, endpoint};
use super::{ChangeKind, Impact, Section};
use crate::emit::surface::type_text;
use crate::model::{Api, Body, Group, Location, Operation, Output, Param};

pub fn compare(cx: &mut Context, old: &Api, new: &Api) {
    compare_groups(cx, old, new);
    let matching = identity::match_operations(old, new);
    for &(old_located, new_located) in &matching.pairs {
        cx.scope = items(&[old_located, new_located]);
        identity::compare(cx, new, old_located, new_located);
        compare_operation(cx, old_located, new_located);
    }
    for &(group, op) in &matching.removed {
        cx.scope = items(&[(group, op)]);
        cx.scope.extend(whole_builder(group, op));
        let old_call = call(group, op);
        let (impact, reason) = match identity::now_calling(new, &old_call) {
            Some(other) => (
                Impact::BreaksCompilationAndRuntime,
                format!(
                    "the request builder is gone, and `{old_call}` now calls `{other}`: \
                     code that still calls it may compile and reach another endpoint"
                ),
            ),
            None => (
                Impact::BreaksCompilation,
                "the method and its request builder are gone".to_owned(),
            ),
        };
        cx.push(
            section(group),
            ChangeKind::OperationRemoved,
            endpoint(op),
            format!("`{}`", signature(group, op)),
            impact,
            reason,
        );
    }
    for &(group, op) in &matching.added {
        cx.scope = items(&[(group, op)]);
        cx.push(
            section(group),
            ChangeKind::OperationAdded,
            endpoint(op),
            format!("`{}`", signature(group, op)),
            Impact::Additive,
            "a new method",
        );
    }
    cx.scope.clear();
}

/// The Rust items of operations: the group's method, the request builder and
/// the per-status response enum, if any.
fn items(operations: &[Located<'_>]) -> Vec<String> {
    let mut items = BTreeSet::new();
    for &(group, op) in operations {
        let module = format!("apis::{}", group.accessor);
        items.insert(format!("{module}::{}::{}", group.type_name, op.method_name));
        items.insert(format!("{module}::{}", op.builder_name));
        if let Output::PerStatus(name) = &op.output {
            items.insert(format!("{module}::{name}"));
        }
    }
    items.into_iter().collect()
}

/// The request builder and response enum as wholes, every method included,
/// for changes that take them away (`apis::pets::GetPet::*`).
pub fn whole_builder(group: &Group, op: &Operation) -> Vec<String> {
    let module = format!("apis::{}", group.accessor);
    let mut items = vec![format!("{module}::{}::*", op.builder_name)];
    if let Output::PerStatus(name) = &op.output {
        items.push(format!("{module}::{name}::*"));
    }
    items
}

/// `scope` and the builders' methods `names` (`apis::pets::ListPets::limit`).
fn with_members(scope: &[String], builders: &[String], names: &[&str]) -> Vec<String> {
    let mut items: BTreeSet<String> = scope.iter().cloned().collect();
    for builder in builders {
        for name in names {
            items.insert(format!("{builder}::{name}"));
        }
    }
    items.into_iter().collect()
}

/// Groups by accessor: each is a method on the client, a module and a cargo feature.
fn compare_groups(cx: &mut Context, old: &Api, new: &Api) {
    let accessors =
        |api: &Api| -> BTreeSet<String> { api.groups.iter().map(|g| g.accessor.clone()).collect() };
    let (old_accessors, new_accessors) = (accessors(old), accessors(new));
    for group in &old.groups {
        if !new_accessors.contains(&group.accessor) {
            let name = &group.accessor;
            cx.scope = group_items(group);
            cx.scope.push(format!("apis::{name}::*"));
            cx.push(
                section(group),
                ChangeKind::GroupRemoved,
                format!("{name}()"),
                format!("tag `{}`", group.tag),
                Impact::BreaksCompilation,
                format!(
                    "`Client::{name}()`, the module `apis::{name}` and the cargo feature `{name}` are gone"
                ),
            );
        }
    }
    for group in &new.groups {
        if !old_accessors.contains(&group.accessor) {
            let name = &group.accessor;
            cx.scope = group_items(group);
            cx.push(
                section(group),
                ChangeKind::GroupAdded,
                format!("{name}()"),
                format!("tag `{}`", group.tag),
                Impact::Additive,
                format!("a new `Client::{name}()` and module `apis::{name}`, behind the new default cargo feature `{name}`"),
            );
        }
    }
}

/// A group's accessor, module, handle type and cargo feature.
fn group_items(group: &Group) -> Vec<String> {
    let name = &group.accessor;
    vec![
        format!("Client::{name}"),
        format!("apis::{name}"),
        format!("apis::{name}::{}", group.type_name),
        format!("feature {name}"),
    ]
}

fn section(group: &Group) -> Section {
    Section::Resource(group.accessor.clone())
}

/// `listings().get(id: Uuid) -> Listing`: the call with its arguments and output.
fn signature(group: &Group, op: &Operation) -> String {
    let params = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: {}", p.rust_name, type_text(&p.ty)));
    let body = op
        .body
        .iter()
        .filter(|b| b.required)
        .map(|b| format!("body: {}", type_text(&b.ty)));
    let args: Vec<String> = params.chain(body).collect();
    let output = match &op.output {
        Output::PerStatus(name) => name.clone(),
        _ => op.output_text(&type_text),
    };
    format!(
        "{}().{}({}) -> {output}",
        group.accessor,
        op.method_name,
        args.join(", ")
    )
}

fn compare_operation(cx: &mut Context, old: Located<'_>, new: Located<'_>) {
    let ((old_group, old_op), (group, op)) = (old, new);
    let here = section(group);
    let endpoint = &endpoint(op);
    let new_call = call(group, op);
    let scope = cx.scope.clone();
    let mut builders = vec![identity::builder_path(old_group, old_op)];
    builders.push(identity::builder_path(group, op));
    builders.dedup();
    let members = |names: &[&str]| with_members(&scope, &builders, names);
    if old_op.deprecated != op.deprecated {
        let (detail, impact, reason) = if op.deprecated {
            (
                "now deprecated",
                Impact::Additive,
                "callers get a `#[deprecated]` warning",
            )
        } else {
            (
                "no longer deprecated",
                Impact::Patch,
                "the `#[deprecated]` warning goes away",
            )
        };
        cx.push(
            here.clone(),
            ChangeKind::OperationDeprecated,
            endpoint,
            detail,
            impact,
            reason,
        );
    }
    compare_params(cx, &here, endpoint, &new_call, old_op, op, &members);
    cx.scope = members(&["body"]);
    compare_body(
        cx,
        &here,
        endpoint,
        &new_call,
        old_op.body.as_ref(),
        op.body.as_ref(),
    );
    cx.scope = members(&["send", "send_response"]);
    compare_output(cx, &here, endpoint, old_op, op);
    cx.scope = members(&["stream", "pages"]);
    match (&old_op.paged, &op.paged) {
        (None, Some(_)) => cx.push(
            here.clone(),
            ChangeKind::PaginationAdded,
            endpoint,
            "pages with the configured pagination",
            Impact::Additive,
            "the builder gains `stream()` and `pages()`",
        ),
        (Some(_), None) => cx.push(
            here.clone(),
            ChangeKind::PaginationRemoved,
            endpoint,
            "no longer pages",
            Impact::BreaksCompilation,
            "the builder loses `stream()` and `pages()`",
        ),
        _ => {}
    }
    cx.scope = scope.clone();
    compare_security(cx, &here, endpoint, &old_op.security, &op.security);
}

/// `` `region: String` (required query) ``
fn param_text(param: &Param) -> String {
    let required = if param.required {
        "required"
    } else {
        "optional"
    };
    format!(
        "`{}: {}` ({required} {})",
        param.rust_name,
        type_text(&param.ty),
        param.location.as_str()
    )
}

fn compare_params(
    cx: &mut Context,
    here: &Section,
    endpoint: &str,
    call: &str,
    old: &Operation,
    new: &Operation,
    members: &dyn Fn(&[&str]) -> Vec<String>,
) {
    // Where the path keeps its shape, a path parameter is its place in it:
    // `/pets/{id}` → `/pets/{petId}` renames nothing on the wire.
    let by_place = identity::path_shape(&old.path) == identity::path_shape(&new.path);
    let key = |op: &Operation, param: &Param| match param.location {
        Location::Path if by_place => {
            let place = identity::path_names(&op.path)
                .position(|name| name == param.name)
                .unwrap_or(usize::MAX);
            ("path", format!("{{{place}}}"))
        }
        location => (location.as_str(), param.name.clone()),
    };
    let old_params: BTreeMap<_, &Param> = old.params.iter().map(|p| (key(old, p), p)).collect();
    let new_params: BTreeMap<_, &Param> = new.params.iter().map(|p| (key(new, p), p)).collect();
    let subject = |param: &Param| format!("{endpoint} · {}", param.name);
    for (k, old_param) in &old_params {
        let new_param = new_params.get(k);
        let mut setters = vec![old_param.rust_name.as_str()];
        setters.extend(new_param.map(|p| p.rust_name.as_str()));
        cx.scope = members(&setters);
        let Some(new_param) = new_param else {
            let reason = if old_param.required {
                format!("`{call}` loses an argument")
            } else {
                format!("the `.{}()` setter is gone", old_param.rust_name)
            };
            cx.push(
                here.clone(),
                ChangeKind::ParameterRemoved,
                subject(old_param),
                param_text(old_param),
                Impact::BreaksCompilation,
                reason,
            );
            continue;
        };
        if old_param.name != new_param.name {
            cx.push(
                here.clone(),
                ChangeKind::ParameterRenamed,
                subject(new_param),
                format!("`{}` → `{}`", old_param.name, new_param.name),
                Impact::Patch,
                "the argument keeps its place and the URL its shape; only its name in the docs changes",
            );
        }
        if !cx.same_type(&old_param.ty, &new_param.ty) {
            cx.push(
                here.clone(),
                ChangeKind::ParameterRetyped,
                subject(new_param),
                format!("{} → {}", quoted(&old_param.ty), quoted(&new_param.ty)),
                Impact::BreaksCompilation,
                "the argument or setter takes another type",
            );
        }
        match (old_param.required, new_param.required) {
            (false, true) => cx.push(
                here.clone(),
                ChangeKind::ParameterNowRequired,
                subject(new_param),
                param_text(new_param),
                Impact::BreaksCompilationAndRuntime,
                format!(
                    "the setter becomes an argument of `{call}`; calls without it are rejected"
                ),
            ),
            (true, false) => cx.push(
                here.clone(),
                ChangeKind::ParameterNowOptional,
                subject(new_param),
                param_text(new_param),
                Impact::BreaksCompilation,
                format!(
                    "the argument of `{call}` becomes the `.{}()` setter",
                    new_param.rust_name
                ),
            ),
            _ => {}
        }
    }
    for (k, new_param) in &new_params {
        if old_params.contains_key(k) {
            continue;
        }
        cx.scope = members(&[new_param.rust_name.as_str()]);
        let (impact, reason) = if new_param.required {
            (
                Impact::BreaksCompilationAndRuntime,
                format!("a new argument of `{call}`; the previous crate never sends it"),
            )
        } else {
            (
                Impact::Additive,
                format!("a new `.{}()` setter", new_param.rust_name),
            )
        };
        cx.push(
            here.clone(),
            ChangeKind::ParameterAdded,
            subject(new_param),
            param_text(new_param),
            impact,
            reason,
        );
    }
}

fn body_text(body: &Body) -> String {
    let required = if body.required {
        "required"
    } else {
        "optional"
    };
    format!("{} ({required})", quoted(&body.ty))
}

fn compare_body(
    cx: &mut Context,
    here: &Section,
    endpoint: &str,
    call: &str,
    old: Option<&Body>,
    new: Option<&Body>,
) {
    let subject = format!("{endpoint} · body");
    match (old, new) {
        (None, None) => {}
        (None, Some(body)) => {
            let (impact, reason) = if body.required {
                (
                    Impact::BreaksCompilationAndRuntime,
                    format!("a new `body` argument of `{call}`; the previous crate sends none"),
                )
            } else {
                (Impact::Additive, "a new `.body()` setter".to_owned())
            };
            cx.push(
                here.clone(),
                ChangeKind::RequestBodyAdded,
                subject,
                body_text(body),
                impact,
                reason,
            );
        }
        (Some(body), None) => cx.push(
            here.clone(),
            ChangeKind::RequestBodyRemoved,
            subject,
            body_text(body),
            Impact::BreaksCompilation,
            "the `body` argument or setter is gone",
        ),
        (Some(old), Some(new)) => {
            if !cx.same_type(&old.ty, &new.ty) {
                cx.push(
                    here.clone(),
                    ChangeKind::RequestBodyRetyped,
                    subject.clone(),
                    format!("{} → {}", quoted(&old.ty), quoted(&new.ty)),
                    Impact::BreaksCompilation,
                    "the body argument takes another type",
                );
            }
            match (old.required, new.required) {
                (false, true) => cx.push(
                    here.clone(),
                    ChangeKind::RequestBodyNowRequired,
                    subject,
                    body_text(new),
                    Impact::BreaksCompilationAndRuntime,
                    format!(
                        "`.body()` becomes an argument of `{call}`; calls without one are rejected"
                    ),
                ),
                (true, false) => cx.push(
                    here.clone(),
                    ChangeKind::RequestBodyNowOptional,
                    subject,
                    body_text(new),
                    Impact::BreaksCompilation,
                    format!("the `body` argument of `{call}` becomes the `.body()` setter"),
                ),
                _ => {}
            }
        }
    }
}

/// What `send()` returns, with old type names mapped to new ones; a
/// per-status enum shows as `name`.
fn output_text(cx: &Context, op: &Operation, name: &str) -> String {
    let text = op.output_text(&|ty| type_text(&cx.renamed(ty)));
    match &op.output {
        Output::PerStatus(own) => match text.strip_prefix(own.as_str()) {
            Some(rest) => format!("{name}{rest}"),
            None => text,
        },
        _ => text,
    }
}

fn compare_output(
    cx: &mut Context,
    here: &Section,
    endpoint: &str,
    old: &Operation,
    new: &Operation,
) {
    let name = |op: &Operation| match &op.output {
        Output::PerStatus(name) => name.clone(),
        _ => String::new(),
    };
    let (old_name, new_name) = (name(old), name(new));
    // The response enum is named after the builder: a rename is reported with the operation's.
    if output_text(cx, old, &new_name) == output_text(cx, new, &new_name) {
        return;
    }
    let (old_text, new_text) = (
        output_text(cx, old, &old_name),
        output_text(cx, new, &new_name),
    );
    // The previous crate ignores a body it did not expect, but cannot decode one that changed or went away.
    let runtime = !matches!(old.output, Output::Empty);
    let reason = if runtime {
        "`send()` returns another type, and the previous crate cannot decode the new body"
    } else {
        "`send()` returns a value instead of `()`"
    };
    cx.push(
        here.clone(),
        ChangeKind::ResponseRetyped,
        endpoint,
        format!("`{old_text}` → `{new_text}`"),
        Impact::of(true, runtime, Impact::Additive),
        reason,
    );
}

/// `ApiKeyAuth | BearerAuth`, or `no credentials`.
fn security_text(alternatives: &[Vec<String>]) -> String {
    if alternatives.is_empty() {
        return "no credentials".to_owned();
    }
    let alternatives: Vec<String> = alternatives.iter().map(|all| all.join(" + ")).collect();
    format!("`{}`", alternatives.join(" | "))
}

fn compare_security(
    cx: &mut Context,
    here: &Section,
    endpoint: &str,
    old: &[Vec<String>],
    new: &[Vec<String>],
) {
    let as_set = |alternatives: &[Vec<String>]| {
        alternatives
            .iter()
            .cloned()
            .collect::<BTreeSet<Vec<String>>>()
    };
    let (old_set, new_set) = (as_set(old), as_set(new));
    if old_set == new_set {
        return;
    }
    let detail = format!("{} → {}", security_text(old), security_text(new));
    let dropped: Vec<String> = old_set
        .difference(&new_set)
        .map(|all| format!("`{}`", all.join(" + ")))
        .collect();
    // A public endpoint accepts any client; one that needs credentials does not.
    let reason = if old.is_empty() {
        "now requires credentials; a client without them gets `CredentialNotAccepted` before sending".to_owned()
    } else {
        format!(
            "no longer accepts {}; a client configured only that way gets `CredentialNotAccepted` before sending",
            dropped.join(", ")
        )
    };
    if new.is_empty() || (dropped.is_empty() && !old.is_empty()) {
        cx.push(
            here.clone(),
            ChangeKind::SecurityAdded,
            endpoint,
            detail,
            Impact::Additive,
            "accepts more credentials than before",
        );
    } else {
        cx.push(
            here.clone(),
            ChangeKind::SecurityRemoved,
            endpoint,
            detail,
            Impact::BreaksAtRuntime,
            reason,
        );
    }
}
