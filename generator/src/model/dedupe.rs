//! Identical inline schemas, emitted once.
//!
//! Real specs repeat the same inline object many times (Stripe: one
//! `metadata` shape 114 times), and every copy costs rustc its serde impls.
//! Types equal in everything that reaches the wire or the Rust API — kind,
//! fields (wire and Rust names, types, required, read/write-only, sensitive,
//! default, flatten, boxed, deprecated), enum values, union variants and
//! discriminator — but not in name, docs or pointer are one class; references
//! compare by class, found by partition refinement (so chains of duplicates
//! collapse and recursive types terminate). Every reference is then rewritten
//! to the class's canonical type, and each merged-away name stays as a
//! `pub type Old = Canonical;` alias, so code that names it keeps compiling.
//! Only inline types are merged away; a `#/components/schemas` type is kept.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use super::{Api, TypeDef, TypeKind, TypeRef};

/// Merges identical inline types into their canonical type and returns the
/// names that became aliases (their feature gate follows their target's; see
/// [`gate_aliases`]).
pub fn merge_identical(api: &mut Api) -> Vec<String> {
    let renames = canonical_names(api);
    if renames.is_empty() {
        return Vec::new();
    }
    let rename = |ty: &mut TypeRef| rewrite(ty, &renames);
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(fields) => fields.iter_mut().for_each(|f| rename(&mut f.ty)),
            TypeKind::Union(union) => union.variants.iter_mut().for_each(|v| rename(&mut v.ty)),
            TypeKind::Alias(target) => rename(target),
            TypeKind::Enum(_) => {}
        }
    }
    for group in &mut api.groups {
        for op in &mut group.operations {
            op.params.iter_mut().for_each(|param| rename(&mut param.ty));
            if let Some(body) = &mut op.body {
                rename(&mut body.ty);
            }
            for response in &mut op.responses {
                for representation in &mut response.representations {
                    rename(&mut representation.ty);
                }
                match &mut response.payload {
                    Some(super::Payload::Value(ty))
                    | Some(super::Payload::Events(ty))
                    | Some(super::Payload::Items(ty)) => rename(ty),
                    Some(super::Payload::ByMedia(_)) | None => {}
                }
            }
            if let Some(paged) = &mut op.paged {
                rename_name(&mut paged.page_type, &renames);
                rename(&mut paged.item);
            }
        }
    }
    for shape in &mut api.pages {
        rename_name(&mut shape.type_name, &renames);
        rename(&mut shape.item);
    }
    // Page types only share a class when their shapes are equal, so one
    // `Paginated` impl per canonical type is all of them.
    let mut seen = std::collections::BTreeSet::new();
    api.pages
        .retain(|shape| seen.insert(shape.type_name.clone()));
    for name in api
        .error_code_type
        .iter_mut()
        .chain(&mut api.error_details_type)
    {
        rename_name(name, &renames);
    }
    for def in &mut api.types {
        if let Some(canonical) = renames.get(&def.name) {
            let note =
                format!("The same type as [`{canonical}`] (an identical schema, generated once).");
            def.description = Some(match def.description.take() {
                Some(text) => format!("{text}\n\n{note}"),
                None => note,
            });
            def.kind = TypeKind::Alias(TypeRef::Named(canonical.clone()));
        }
    }
    renames.into_keys().collect()
}

/// Gives each alias [`merge_identical`] made its target's feature gate: no
/// operation names an alias any more, but it must compile exactly when its
/// target does (and in the same module).
pub fn gate_aliases(api: &mut Api, aliases: &[String]) {
    for name in aliases {
        let Ok(position) = api
            .types
            .binary_search_by(|def| def.name.as_str().cmp(name))
        else {
            continue;
        };
        let TypeKind::Alias(TypeRef::Named(target)) = &api.types[position].kind else {
            continue;
        };
        let gate = api
            .type_def(target)
            .and_then(|def| def.feature_gate.clone());
        api.types[position].feature_gate = gate;
    }
}

/// Merged-away name → canonical name.
fn canonical_names(api: &Api) -> BTreeMap<String, String> {
    let types = &api.types;
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(position, def)| (def.name.as_str(), position))
        .collect();
    let component: Vec<bool> = types.iter().map(is_component).collect();
    // A page type's shape is part of what it is: two page types merge only
    // when their `Paginated` impls would be the same.
    let pages: HashMap<&str, String> = api
        .pages
        .iter()
        .map(|shape| {
            let text = format!(
                "{}|{:?}|{}|{}|{}|{}",
                shape.items_field,
                shape.item,
                shape.meta_field,
                shape.meta_optional,
                shape.has_more_field,
                shape.has_more_optional
            );
            (shape.type_name.as_str(), text)
        })
        .collect();

    // Partition refinement: start with one class, split each class by the
    // signature of its members under the current classes, until stable.
    let mut class = vec![0usize; types.len()];
    let mut count = 1;
    loop {
        // A class with a component stands for that component (the first by
        // name), so a reference to an inline copy of a component and one to
        // the component itself compare equal, and two equal components stay
        // apart (neither is ever merged away).
        let mut first_component: Vec<Option<usize>> = vec![None; count];
        for position in 0..types.len() {
            if component[position] && first_component[class[position]].is_none() {
                first_component[class[position]] = Some(position);
            }
        }
        let reference = |name: &str| -> String {
            match index.get(name) {
                None => format!("?{name}"),
                Some(&target) if component[target] => format!("c{target}"),
                Some(&target) => match first_component[class[target]] {
                    Some(first) => format!("c{first}"),
                    None => format!("k{}", class[target]),
                },
            }
        };
        let mut next_ids: HashMap<(usize, String), usize> = HashMap::new();
        let mut next = Vec::with_capacity(types.len());
        for (position, def) in types.iter().enumerate() {
            let mut key = signature(def, &reference);
            if let Some(shape) = pages.get(def.name.as_str()) {
                key.push_str("|page:");
                key.push_str(shape);
            }
            let fresh = next_ids.len();
            next.push(*next_ids.entry((class[position], key)).or_insert(fresh));
        }
        let stable = next_ids.len() == count;
        count = next_ids.len();
        class = next;
        if stable {
            break;
        }
    }

    // Canonical: the first component of the class by name, else its first
    // type by name (`types` is sorted by name).
    let mut canonical: Vec<Option<usize>> = vec![None; count];
    for position in 0..types.len() {
        let slot = &mut canonical[class[position]];
        match slot {
            None => *slot = Some(position),
            Some(chosen) if !component[*chosen] && component[position] => *slot = Some(position),
            Some(_) => {}
        }
    }
    let mut renames = BTreeMap::new();
    for (position, def) in types.iter().enumerate() {
        let Some(chosen) = canonical[class[position]] else {
            continue;
        };
        if chosen != position && !component[position] {
            renames.insert(def.name.clone(), types[chosen].name.clone());
        }
    }
    renames
}

/// A type named by `#/components/schemas/<Name>` itself (not a property or
/// variant inside one): never merged away.
fn is_component(def: &TypeDef) -> bool {
    def.pointer
        .strip_prefix("#/components/schemas/")
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

/// Everything about `def` but its name, docs and pointers, with references
/// written by `reference`.
fn signature(def: &TypeDef, reference: &dyn Fn(&str) -> String) -> String {
    let mut key = String::new();
    match &def.kind {
        TypeKind::Struct(fields) => {
            key.push('S');
            for field in fields {
                let _ = write!(
                    key,
                    "|{:?}:{:?}:{}:{}:{}:{}:{}:{}:{}:{:?}:{:?}:",
                    field.name,
                    field.rust_name,
                    field.required,
                    field.read_only,
                    field.write_only,
                    field.flatten,
                    field.boxed,
                    field.deprecated,
                    field.sensitive.is_some(),
                    field.sensitive,
                    field.default.as_ref().map(ToString::to_string),
                );
                type_key(&field.ty, reference, &mut key);
            }
        }
        TypeKind::Enum(values) => {
            key.push('E');
            for value in values {
                let _ = write!(key, "|{:?}:{:?}", value.value, value.rust_name);
            }
        }
        TypeKind::Union(union) => {
            key.push('U');
            for variant in &union.variants {
                let _ = write!(key, "|{:?}:{}:", variant.rust_name, variant.boxed);
                type_key(&variant.ty, reference, &mut key);
            }
            if let Some(discriminator) = &union.discriminator {
                let _ = write!(
                    key,
                    "|d:{:?}:{:?}",
                    discriminator.property, discriminator.mapping
                );
            }
        }
        TypeKind::Alias(target) => {
            key.push('A');
            type_key(target, reference, &mut key);
        }
    }
    key
}

fn type_key(ty: &TypeRef, reference: &dyn Fn(&str) -> String, key: &mut String) {
    match ty {
        TypeRef::Named(name) => {
            key.push('<');
            key.push_str(&reference(name));
            key.push('>');
        }
        TypeRef::Map(inner) => {
            key.push_str("Map(");
            type_key(inner, reference, key);
            key.push(')');
        }
        TypeRef::Array(inner) => {
            key.push_str("Vec(");
            type_key(inner, reference, key);
            key.push(')');
        }
        TypeRef::Nullable(inner) => {
            key.push_str("Null(");
            type_key(inner, reference, key);
            key.push(')');
        }
        other => {
            let _ = write!(key, "{other:?}");
        }
    }
}

fn rewrite(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(name) => rename_name(name, renames),
        TypeRef::Map(inner) | TypeRef::Array(inner) | TypeRef::Nullable(inner) => {
            rewrite(inner, renames)
        }
        _ => {}
    }
}

fn rename_name(name: &mut String, renames: &BTreeMap<String, String>) {
    if let Some(canonical) = renames.get(name.as_str()) {
        *name = canonical.clone();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EnumValue, Field};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.to_owned(),
            rust_name: name.to_owned(),
            ty,
            required: true,
            description: Some(format!("docs of {name}")),
            deprecated: false,
            default: None,
            boxed: false,
            flatten: false,
            pointer: String::new(),
            sensitive: None,
            read_only: false,
            write_only: false,
        }
    }

    fn def(name: &str, pointer: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.to_owned(),
            feature_gate: None,
            directions: Default::default(),
            pointer: pointer.to_owned(),
            description: Some(format!("{name}'s own docs")),
            kind,
        }
    }

    fn inline(name: &str, kind: TypeKind) -> TypeDef {
        def(name, &format!("#/paths/~1{name}/get/responses/200"), kind)
    }

    fn component(name: &str, kind: TypeKind) -> TypeDef {
        def(name, &format!("#/components/schemas/{name}"), kind)
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    fn api(mut types: Vec<TypeDef>) -> Api {
        types.sort_by(|a, b| a.name.cmp(&b.name));
        Api {
            title: String::new(),
            version: String::new(),
            description: None,
            base_url: None,
            security_schemes: Vec::new(),
            groups: Vec::new(),
            types,
            pages: Vec::new(),
            error_code_type: None,
            error_details_type: None,
            session: None,
            warnings: Vec::new(),
        }
    }

    fn alias_target(api: &Api, name: &str) -> Option<String> {
        match &api.type_def(name)?.kind {
            TypeKind::Alias(TypeRef::Named(target)) => Some(target.clone()),
            _ => None,
        }
    }

    fn fields(api: &Api, name: &str) -> Vec<TypeRef> {
        match &api.type_def(name).unwrap().kind {
            TypeKind::Struct(fields) => fields.iter().map(|f| f.ty.clone()).collect(),
            _ => panic!("{name} is not a struct"),
        }
    }

    fn metadata() -> TypeKind {
        TypeKind::Struct(vec![field("key", TypeRef::String)])
    }

    #[test]
    fn duplicates_merge_into_the_first_by_name_and_keep_their_names_as_aliases() {
        let mut api = api(vec![
            inline("BMetadata", metadata()),
            inline("AMetadata", metadata()),
            inline("Other", TypeKind::Struct(vec![field("key", TypeRef::I64)])),
        ]);
        let aliases = merge_identical(&mut api);
        assert_eq!(aliases, ["BMetadata"]);
        assert_eq!(
            alias_target(&api, "BMetadata").as_deref(),
            Some("AMetadata")
        );
        assert!(matches!(
            api.type_def("AMetadata").unwrap().kind,
            TypeKind::Struct(_)
        ));
        assert!(matches!(
            api.type_def("Other").unwrap().kind,
            TypeKind::Struct(_)
        ));
        // The canonical type keeps its own docs, not a concatenation.
        assert_eq!(
            api.type_def("AMetadata").unwrap().description.as_deref(),
            Some("AMetadata's own docs")
        );
    }

    #[test]
    fn chains_of_duplicates_collapse() {
        let mut api = api(vec![
            inline("XInner", metadata()),
            inline("YInner", metadata()),
            inline("X", TypeKind::Struct(vec![field("inner", named("XInner"))])),
            inline("Y", TypeKind::Struct(vec![field("inner", named("YInner"))])),
            inline(
                "Holder",
                TypeKind::Struct(vec![field("x", named("X")), field("y", named("Y"))]),
            ),
        ]);
        merge_identical(&mut api);
        assert_eq!(alias_target(&api, "Y").as_deref(), Some("X"));
        assert_eq!(alias_target(&api, "YInner").as_deref(), Some("XInner"));
        assert_eq!(fields(&api, "Holder"), [named("X"), named("X")]);
        assert_eq!(fields(&api, "X"), [named("XInner")]);
    }

    #[test]
    fn components_are_kept_and_preferred_as_canonical() {
        let mut api = api(vec![
            inline("AInline", metadata()),
            component("Metadata", metadata()),
            component("OtherMetadata", metadata()),
        ]);
        let aliases = merge_identical(&mut api);
        assert_eq!(aliases, ["AInline"]);
        assert_eq!(alias_target(&api, "AInline").as_deref(), Some("Metadata"));
        // Equal components both stay what they are.
        assert!(matches!(
            api.type_def("Metadata").unwrap().kind,
            TypeKind::Struct(_)
        ));
        assert!(matches!(
            api.type_def("OtherMetadata").unwrap().kind,
            TypeKind::Struct(_)
        ));
    }

    #[test]
    fn references_to_equal_components_keep_them_apart() {
        // Two inline types that name two different (if equal) components are
        // not merged: users would see one component replaced by the other.
        let mut api = api(vec![
            component("Cat", metadata()),
            component("Dog", metadata()),
            inline("HasCat", TypeKind::Struct(vec![field("pet", named("Cat"))])),
            inline("HasDog", TypeKind::Struct(vec![field("pet", named("Dog"))])),
        ]);
        assert!(merge_identical(&mut api).is_empty());
    }

    #[test]
    fn recursive_types_terminate_and_merge() {
        let node = |name: &str| {
            let mut child = field("child", TypeRef::Nullable(Box::new(named(name))));
            child.boxed = true;
            child.required = false;
            inline(
                name,
                TypeKind::Struct(vec![field("value", TypeRef::String), child]),
            )
        };
        let (a, b) = (node("TreeA"), node("TreeB"));
        let mut api = api(vec![a, b]);
        assert_eq!(merge_identical(&mut api), ["TreeB"]);
        assert_eq!(
            fields(&api, "TreeA")[1],
            TypeRef::Nullable(Box::new(named("TreeA")))
        );
    }

    #[test]
    fn differences_that_reach_the_wire_keep_types_apart() {
        let renamed = {
            let mut f = field("key", TypeRef::String);
            f.rust_name = "key_".to_owned();
            TypeKind::Struct(vec![f])
        };
        let optional = {
            let mut f = field("key", TypeRef::String);
            f.required = false;
            TypeKind::Struct(vec![f])
        };
        let enum_of = |values: &[&str]| {
            TypeKind::Enum(
                values
                    .iter()
                    .map(|value| EnumValue {
                        value: (*value).to_owned(),
                        rust_name: value.to_uppercase(),
                        description: None,
                    })
                    .collect(),
            )
        };
        let mut api = api(vec![
            inline("A", metadata()),
            inline("B", renamed),
            inline("C", optional),
            inline("D", enum_of(&["a", "b"])),
            inline("E", enum_of(&["a", "c"])),
            inline("F", enum_of(&["a", "b"])),
        ]);
        assert_eq!(merge_identical(&mut api), ["F"]);
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_of_types() {
        let build = |reverse: bool| {
            let mut types = vec![
                inline("P", metadata()),
                inline("Q", metadata()),
                inline("R", TypeKind::Struct(vec![field("inner", named("Q"))])),
                inline("S", TypeKind::Struct(vec![field("inner", named("P"))])),
            ];
            if reverse {
                types.reverse();
            }
            let mut api = api(types);
            merge_identical(&mut api);
            format!("{:?}", api.types)
        };
        assert_eq!(build(false), build(true));
        assert!(build(false).contains("Alias(Named(\"R\"))"));
    }
}
