//! Named types, matched by Rust name: structs by their fields' JSON names,
//! enums by value, unions by variant.

use std::collections::{BTreeMap, BTreeSet};

use super::compare::{Context, quoted};
use super::usage::Usage;
use super::{ChangeKind, Impact};
use crate::emit::serde_impls::SerdeImpls;
use crate::emit::surface::{field_text, type_block, type_text};
use crate::model::{Api, EnumValue, Field, TypeDef, TypeKind, Union};

/// Types that disappeared under one name and appeared, identical, under
/// another. Only unambiguous pairs count.
pub fn renames(old: &Api, new: &Api) -> BTreeMap<String, String> {
    let anonymous = |def: &TypeDef| {
        type_block(&TypeDef {
            name: String::new(),
            ..def.clone()
        })
    };
    let removed: Vec<&TypeDef> = old
        .types
        .iter()
        .filter(|def| new.type_def(&def.name).is_none())
        .collect();
    let added: Vec<&TypeDef> = new
        .types
        .iter()
        .filter(|def| old.type_def(&def.name).is_none())
        .collect();
    let mut renames = BTreeMap::new();
    for old_def in &removed {
        let shape = anonymous(old_def);
        let matches: Vec<&&TypeDef> = added.iter().filter(|def| anonymous(def) == shape).collect();
        let claimed = removed.iter().filter(|def| anonymous(def) == shape).count();
        if let ([new_def], 1) = (matches.as_slice(), claimed) {
            renames.insert(old_def.name.clone(), new_def.name.clone());
        }
    }
    renames
}

pub fn compare(cx: &mut Context, old: &Api, new: &Api) {
    let renamed_to: BTreeSet<String> = cx.renames.values().cloned().collect();
    for old_def in &old.types {
        let name = &old_def.name;
        cx.scope = vec![format!("types::{name}")];
        if let Some(new_name) = cx.renames.get(name).cloned() {
            cx.scope.push(format!("types::{name}::*"));
            cx.scope.push(format!("types::{new_name}"));
            cx.push(
                cx.type_section(&new_name),
                ChangeKind::TypeRenamed,
                name.as_str(),
                format!("`{name}` → `{new_name}`"),
                Impact::BreaksCompilation,
                "code naming the type must use the new name",
            );
            continue;
        }
        match new.type_def(name) {
            Some(new_def) => compare_type(cx, old_def, new_def),
            None => {
                whole_type(cx, name);
                cx.push(
                    cx.type_section(name),
                    ChangeKind::TypeRemoved,
                    name.as_str(),
                    kind_word(&old_def.kind),
                    Impact::BreaksCompilation,
                    "the type is gone",
                );
            }
        }
    }
    for new_def in &new.types {
        if old.type_def(&new_def.name).is_none() && !renamed_to.contains(&new_def.name) {
            cx.scope = vec![format!("types::{}", new_def.name)];
            cx.push(
                cx.type_section(&new_def.name),
                ChangeKind::TypeAdded,
                new_def.name.as_str(),
                kind_word(&new_def.kind),
                Impact::Additive,
                "a new type",
            );
        }
    }
    cx.scope.clear();
}

/// The changes pushed next touch the whole type: every member of it (`types::Pet::*`).
fn whole_type(cx: &mut Context, name: &str) {
    cx.scope = vec![format!("types::{name}"), format!("types::{name}::*")];
}

/// The type and its members `names` (`types::Pet::name`).
fn members(type_name: &str, names: &[&str]) -> Vec<String> {
    let mut items = vec![format!("types::{type_name}")];
    for name in names {
        let item = format!("types::{type_name}::{name}");
        if !items.contains(&item) {
            items.push(item);
        }
    }
    items
}

fn kind_word(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Struct(_) => "struct".into(),
        TypeKind::Enum(_) => "enum".into(),
        TypeKind::Union(Union {
            discriminator: Some(_),
            ..
        }) => "tagged union".into(),
        TypeKind::Union(_) => "untagged union".into(),
        TypeKind::Alias(target) => format!("alias of `{}`", type_text(target)),
    }
}

fn compare_type(cx: &mut Context, old: &TypeDef, new: &TypeDef) {
    let name = &new.name;
    let usage = cx.uses.usage(name);
    compare_directions(cx, old, new);
    match (&old.kind, &new.kind) {
        (TypeKind::Struct(old_fields), TypeKind::Struct(new_fields)) => {
            compare_fields(cx, name, usage, old_fields, new_fields)
        }
        (TypeKind::Enum(old_values), TypeKind::Enum(new_values)) => {
            compare_enum(cx, name, usage, old_values, new_values)
        }
        (TypeKind::Union(old_union), TypeKind::Union(new_union))
            if old_union.discriminator.is_some() == new_union.discriminator.is_some() =>
        {
            compare_union(cx, name, usage, old_union, new_union)
        }
        (TypeKind::Alias(old_target), TypeKind::Alias(new_target))
            if cx.same_type(old_target, new_target) => {}
        (old_kind, new_kind) => {
            whole_type(cx, name);
            cx.push(
                cx.type_section(name),
                ChangeKind::TypeRetyped,
                name.as_str(),
                format!("{} → {}", kind_word(old_kind), kind_word(new_kind)),
                Impact::of(true, usage.response, Impact::BreaksCompilation),
                if usage.response {
                    "code using the type must change, and the previous crate cannot decode it"
                } else {
                    "code using the type must change"
                },
            );
        }
    }
}

/// The serde traits a model derives without the `serde-both-ways` feature.
fn serde_traits(def: &TypeDef) -> [(bool, &'static str); 2] {
    let impls = SerdeImpls::of(def);
    [
        (impls.serialize, "Serialize"),
        (impls.deserialize, "Deserialize"),
    ]
}

/// A model that stops travelling one way loses that derive: code that used it
/// stops compiling unless it turns on `serde-both-ways`. An alias has no impls
/// of its own.
fn compare_directions(cx: &mut Context, old: &TypeDef, new: &TypeDef) {
    if matches!(old.kind, TypeKind::Alias(_)) || matches!(new.kind, TypeKind::Alias(_)) {
        return;
    }
    let dropped: Vec<&str> = serde_traits(old)
        .into_iter()
        .zip(serde_traits(new))
        .filter(|((had, _), (has, _))| *had && !has)
        .map(|((_, name), _)| name)
        .collect();
    if dropped.is_empty() {
        return;
    }
    let name = &new.name;
    cx.scope = vec![format!("types::{name}")];
    cx.push(
        cx.type_section(name),
        ChangeKind::SerdeDirectionDropped,
        name.as_str(),
        format!("no longer derives `{}`", dropped.join("`, `")),
        Impact::BreaksCompilation,
        "no operation sends or receives it that way any more; code that needs the trait \
         must turn on the crate's `serde-both-ways` feature",
    );
    cx.scope.clear();
}

/// Whether `new()` takes the field: required and not nullable.
fn in_new(field: &Field) -> bool {
    field.required && !field.ty.is_nullable()
}

fn compare_fields(cx: &mut Context, type_name: &str, usage: Usage, old: &[Field], new: &[Field]) {
    let here = cx.type_section(type_name);
    let subject = |field: &Field| format!("{type_name}.{}", field.name);
    let declared = |field: &Field| format!("`{}: {}`", field.rust_name, field_text(field));
    let new_by_name: BTreeMap<&str, &Field> = new.iter().map(|f| (f.name.as_str(), f)).collect();
    let old_by_name: BTreeMap<&str, &Field> = old.iter().map(|f| (f.name.as_str(), f)).collect();

    for old_field in old {
        let new_field = new_by_name.get(old_field.name.as_str());
        let mut names = vec![old_field.rust_name.as_str()];
        names.extend(new_field.map(|f| f.rust_name.as_str()));
        if in_new(old_field) || new_field.is_some_and(|f| in_new(f)) {
            names.push("new");
        }
        cx.scope = members(type_name, &names);
        let Some(new_field) = new_field else {
            // Responses that carried it as required no longer decode in the previous crate.
            let runtime = usage.response && in_new(old_field);
            let reason = if runtime {
                "the field is gone; the previous crate fails to decode responses without it"
            } else {
                "the field is gone"
            };
            cx.push(
                here.clone(),
                ChangeKind::FieldRemoved,
                subject(old_field),
                declared(old_field),
                Impact::of(true, runtime, Impact::BreaksCompilation),
                reason,
            );
            continue;
        };
        let change = format!("{} → {}", declared(old_field), declared(new_field));
        if !cx.same_type(old_field.ty.non_null(), new_field.ty.non_null())
            || old_field.boxed != new_field.boxed
        {
            let reason = if usage.response {
                "the field's type changes, and the previous crate cannot decode the new value"
            } else {
                "the field's type changes"
            };
            cx.push(
                here.clone(),
                ChangeKind::FieldRetyped,
                subject(new_field),
                change,
                Impact::of(true, usage.response, Impact::BreaksCompilation),
                reason,
            );
            continue;
        }
        // Optional ↔ required and nullable changes; `Option<T>` can stay
        // `Option<T>` (optional → required-but-nullable), so compilation is
        // judged by the declared type and `new()`.
        let compile = field_text(old_field) != field_text(new_field)
            || in_new(old_field) != in_new(new_field);
        let was_plain = in_new(old_field);
        if old_field.required != new_field.required {
            let (kind, runtime, reason) = if new_field.required {
                (
                    ChangeKind::FieldNowRequired,
                    usage.request,
                    if usage.request {
                        "requests must carry it; the previous crate may leave it out"
                    } else {
                        "reading code sees another type"
                    },
                )
            } else {
                let runtime = usage.response && was_plain;
                (
                    ChangeKind::FieldNowOptional,
                    runtime,
                    if runtime {
                        "the previous crate fails to decode responses that leave it out"
                    } else {
                        "`new()` no longer takes it"
                    },
                )
            };
            let impact = Impact::of(compile, runtime, Impact::Patch);
            cx.push(
                here.clone(),
                kind,
                subject(new_field),
                change.clone(),
                impact,
                reason,
            );
        }
        if old_field.ty.is_nullable() != new_field.ty.is_nullable() {
            let (kind, runtime, reason) = if new_field.ty.is_nullable() {
                let runtime = usage.response && was_plain;
                (
                    ChangeKind::FieldNowNullable,
                    runtime,
                    if runtime {
                        "the previous crate fails to decode `null`"
                    } else {
                        "the declared type changes"
                    },
                )
            } else {
                (
                    ChangeKind::FieldNoLongerNullable,
                    usage.request,
                    if usage.request {
                        "the previous crate may send `null`, which the server now refuses"
                    } else {
                        "the declared type changes"
                    },
                )
            };
            let impact = Impact::of(compile, runtime, Impact::Patch);
            cx.push(
                here.clone(),
                kind,
                subject(new_field),
                change,
                impact,
                reason,
            );
        }
    }

    for new_field in new {
        if old_by_name.contains_key(new_field.name.as_str()) {
            continue;
        }
        let mut names = vec![new_field.rust_name.as_str()];
        if in_new(new_field) {
            names.push("new");
        }
        cx.scope = members(type_name, &names);
        let (impact, reason) = match (in_new(new_field), usage.request) {
            (false, _) => (
                Impact::Additive,
                "optional, so `new()` leaves it `None`".to_owned(),
            ),
            (true, true) => (
                Impact::BreaksCompilationAndRuntime,
                format!("`{type_name}::new()` takes it; the previous crate never sends it"),
            ),
            // Reading code is unaffected, but fixtures and mocks build responses.
            (true, false) => (
                Impact::BreaksCompilation,
                format!(
                    "reading code is unaffected, but `{type_name}::new()` takes it: \
                     code that builds the type (fixtures, mocks) must pass it"
                ),
            ),
        };
        cx.push(
            here.clone(),
            ChangeKind::FieldAdded,
            subject(new_field),
            declared(new_field),
            impact,
            reason,
        );
    }
}

fn compare_enum(
    cx: &mut Context,
    type_name: &str,
    usage: Usage,
    old: &[EnumValue],
    new: &[EnumValue],
) {
    let here = cx.type_section(type_name);
    let values = |list: &[EnumValue]| {
        list.iter()
            .map(|v| v.value.clone())
            .collect::<BTreeSet<String>>()
    };
    let (old_values, new_values) = (values(old), values(new));
    for value in old.iter().filter(|v| !new_values.contains(&v.value)) {
        cx.scope = members(type_name, &[&value.rust_name]);
        let reason = if usage.request {
            "the variant is gone, and the server no longer accepts the value from deployed clients"
        } else {
            "the variant is gone; the value now decodes as `Unknown`"
        };
        cx.push(
            here.clone(),
            ChangeKind::EnumValueRemoved,
            format!("{type_name}::{}", value.rust_name),
            format!("`{:?}`", value.value),
            Impact::of(true, usage.request, Impact::BreaksCompilation),
            reason,
        );
    }
    for value in new.iter().filter(|v| !old_values.contains(&v.value)) {
        cx.scope = members(type_name, &[&value.rust_name]);
        cx.push(
            here.clone(),
            ChangeKind::EnumValueAdded,
            format!("{type_name}::{}", value.rust_name),
            format!("`{:?}`", value.value),
            Impact::Additive,
            "the enum is open, so the previous crate decodes it as `Unknown`",
        );
    }
}

fn compare_union(cx: &mut Context, type_name: &str, usage: Usage, old: &Union, new: &Union) {
    let here = cx.type_section(type_name);
    let tagged = new.discriminator.is_some();
    let subject = |rust_name: &str| format!("{type_name}::{rust_name}");
    let new_variants: BTreeMap<&str, _> = new
        .variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v))
        .collect();
    let old_variants: BTreeMap<&str, _> = old
        .variants
        .iter()
        .map(|v| (v.rust_name.as_str(), v))
        .collect();
    for variant in &old.variants {
        cx.scope = members(type_name, &[&variant.rust_name]);
        match new_variants.get(variant.rust_name.as_str()) {
            None => cx.push(
                here.clone(),
                ChangeKind::VariantRemoved,
                subject(&variant.rust_name),
                quoted(&variant.ty),
                Impact::BreaksCompilation,
                "the variant is gone",
            ),
            Some(new_variant) if !cx.same_type(&variant.ty, &new_variant.ty) => cx.push(
                here.clone(),
                ChangeKind::VariantRetyped,
                subject(&variant.rust_name),
                format!("{} → {}", quoted(&variant.ty), quoted(&new_variant.ty)),
                Impact::of(true, usage.response, Impact::BreaksCompilation),
                "the variant holds another type",
            ),
            Some(_) => {}
        }
    }
    for variant in new
        .variants
        .iter()
        .filter(|v| !old_variants.contains_key(v.rust_name.as_str()))
    {
        cx.scope = members(type_name, &[&variant.rust_name]);
        // Unions are `#[non_exhaustive]`, so matches have a wildcard arm. A
        // tagged one decodes an unknown tag as `Unknown`; an untagged one has
        // no fallback, so the previous crate fails on the new shape.
        let (impact, reason) = if tagged {
            (
                Impact::Additive,
                "the union is open, so the previous crate decodes it as `Unknown`",
            )
        } else if usage.response {
            (
                Impact::BreaksAtRuntime,
                "matches already have a wildcard arm (`#[non_exhaustive]`), \
                 but the previous crate cannot decode the new shape",
            )
        } else {
            (
                Impact::Additive,
                "matches already have a wildcard arm (`#[non_exhaustive]`)",
            )
        };
        cx.push(
            here.clone(),
            ChangeKind::VariantAdded,
            subject(&variant.rust_name),
            quoted(&variant.ty),
            impact,
            reason,
        );
    }
}
