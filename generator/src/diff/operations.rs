//! Operations, matched by method and path: their names, parameters, bodies,
//! responses, pagination and accepted credentials.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::{Context, quoted};
use super::{ChangeKind, Impact, Section};
use crate::emit::surface::type_text;
use crate::model::{Api, Body, Group, Operation, Output, Param};

pub fn compare(cx: &mut Context, old: &Api, new: &Api) {
    let old_ops = by_endpoint(old);
    let new_ops = by_endpoint(new);
    for (endpoint, (group, op)) in &old_ops {
        match new_ops.get(endpoint) {
            Some((new_group, new_op)) => {
                compare_operation(cx, endpoint, (group, op), (new_group, new_op))
            }
            None => cx.push(
                section(group),
                ChangeKind::OperationRemoved,
                endpoint,
                format!("`{}`", signature(group, op)),
                Impact::BreaksCompilation,
                "the method and its request builder are gone",
            ),
        }
    }
    for (endpoint, (group, op)) in &new_ops {
        if !old_ops.contains_key(endpoint) {
            cx.push(
                section(group),
                ChangeKind::OperationAdded,
                endpoint,
                format!("`{}`", signature(group, op)),
                Impact::Additive,
                "a new method",
            );
        }
    }
}

/// `GET /listings` → the operation and its group.
fn by_endpoint(api: &Api) -> BTreeMap<String, (&Group, &Operation)> {
    api.operations()
        .map(|(group, op)| (format!("{} {}", op.method.as_str(), op.path), (group, op)))
        .collect()
}

fn section(group: &Group) -> Section {
    Section::Resource(group.accessor.clone())
}

/// `listings().list()`
fn call(group: &Group, op: &Operation) -> String {
    format!("{}().{}()", group.accessor, op.method_name)
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

fn compare_operation(
    cx: &mut Context,
    endpoint: &str,
    old: (&Group, &Operation),
    new: (&Group, &Operation),
) {
    let (old_group, old_op) = old;
    let (group, op) = new;
    let here = section(group);
    let (old_call, new_call) = (call(old_group, old_op), call(group, op));
    if old_call != new_call || old_op.builder_name != op.builder_name {
        cx.push(
            here.clone(),
            ChangeKind::OperationRenamed,
            endpoint,
            format!(
                "`{old_call}` → `{new_call}` (builder `{}` → `{}`)",
                old_op.builder_name, op.builder_name
            ),
            Impact::BreaksCompilation,
            format!(
                "operationId `{}` → `{}` renames the Rust method",
                old_op.id, op.id
            ),
        );
    } else if old_op.id != op.id {
        cx.push(
            here.clone(),
            ChangeKind::OperationRenamed,
            endpoint,
            format!("operationId `{}` → `{}`", old_op.id, op.id),
            Impact::Patch,
            format!(
                "the Rust names (`{new_call}`, `{}`) stay the same",
                op.builder_name
            ),
        );
    }
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
    compare_params(cx, &here, endpoint, &new_call, old_op, op);
    compare_body(
        cx,
        &here,
        endpoint,
        &new_call,
        old_op.body.as_ref(),
        op.body.as_ref(),
    );
    compare_output(cx, &here, endpoint, old_op, op);
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
) {
    let key = |param: &Param| (param.location.as_str(), param.name.clone());
    let old_params: BTreeMap<_, &Param> = old.params.iter().map(|p| (key(p), p)).collect();
    let new_params: BTreeMap<_, &Param> = new.params.iter().map(|p| (key(p), p)).collect();
    let subject = |param: &Param| format!("{endpoint} · {}", param.name);
    for (k, old_param) in &old_params {
        let Some(new_param) = new_params.get(k) else {
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

/// What `send()` returns, with old type names mapped to new ones.
fn output_text(cx: &Context, op: &Operation) -> String {
    op.output_text(&|ty| type_text(&cx.renamed(ty)))
}

fn compare_output(
    cx: &mut Context,
    here: &Section,
    endpoint: &str,
    old: &Operation,
    new: &Operation,
) {
    let (old_text, new_text) = (output_text(cx, old), output_text(cx, new));
    if old_text == new_text {
        return;
    }
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
