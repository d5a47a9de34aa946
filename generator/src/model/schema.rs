//! Schemas → [`TypeRef`]s and named [`TypeDef`]s.
//!
//! Component schemas keep their names; inline schemas that need a Rust type
//! (objects, enums, unions) are named from where they appear
//! (`Listing.status` → `ListingStatus`), deterministically.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::names::{self, NameSet};
use super::{Discriminator, EnumValue, Field, TypeDef, TypeKind, TypeRef, Union, Variant};
use crate::error::escape_pointer;
use crate::{Error, Warning};

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// What a reference to nothing reads as: any JSON value.
static ANY_SCHEMA: LazyLock<Schema> = LazyLock::new(|| Schema {
    schema_data: Default::default(),
    schema_kind: SchemaKind::Any(Default::default()),
});

pub struct TypeBuilder<'a> {
    /// Every schema a `$ref` may name, keyed by the full `$ref` string:
    /// component schemas and deeper pointers (`…/properties/x`, `…/schema`).
    schemas: BTreeMap<String, &'a ReferenceOr<Schema>>,
    /// `$ref` → Rust type name.
    component_names: BTreeMap<String, String>,
    names: NameSet,
    defs: BTreeMap<String, TypeDef>,
    /// Component schemas whose definition is being built (cycle guard).
    in_progress: BTreeSet<String>,
    /// Pointer of an inline schema → the type named for it.
    inline_names: BTreeMap<String, String>,
    /// Faults read one way while building types.
    warnings: RefCell<Vec<Warning>>,
}

/// An object schema's properties flattened through `allOf`.
#[derive(Default)]
struct ObjectShape<'s> {
    properties: Vec<(String, &'s ReferenceOr<Box<Schema>>, String)>,
    required: BTreeSet<String>,
    additional: Option<&'s AdditionalProperties>,
    description: Option<String>,
}

impl<'a> TypeBuilder<'a> {
    pub fn new(
        components: &'a indexmap::IndexMap<String, ReferenceOr<Schema>>,
        deep: &'a super::deep_refs::DeepRefs,
        renames: &BTreeMap<String, String>,
    ) -> Self {
        let deep_refs = &deep.schemas;
        let mut names = NameSet::with_reserved(names::PRELUDE);
        let mut schemas = BTreeMap::new();
        let mut component_names = BTreeMap::new();
        let mut sorted: Vec<&String> = components.keys().collect();
        sorted.sort();
        for schema in sorted {
            let wanted = renames
                .get(schema)
                .cloned()
                .unwrap_or_else(|| names::avoid_prelude(names::pascal(schema, "Type"), "Model"));
            let reference = format!("{SCHEMA_PREFIX}{}", escape_pointer(schema));
            component_names.insert(reference.clone(), names.claim(wanted));
            schemas.insert(reference, &components[schema]);
        }
        // Deeper pointers are named after their path (`Disk/properties/filesystem` → `DiskFilesystem`).
        for (reference, schema) in deep_refs {
            let words = match deep.schema_names.get(reference) {
                Some(words) => words.clone(),
                None => deep_ref_words(reference),
            };
            let wanted = names::avoid_prelude(names::pascal(&words, "Type"), "Model");
            component_names.insert(reference.clone(), names.claim(wanted));
            schemas.insert(reference.clone(), schema);
        }
        TypeBuilder {
            schemas,
            component_names,
            names,
            defs: BTreeMap::new(),
            in_progress: BTreeSet::new(),
            inline_names: BTreeMap::new(),
            warnings: RefCell::new(Vec::new()),
        }
    }

    fn warn(&self, location: impl Into<String>, message: impl Into<String>) {
        self.warnings
            .borrow_mut()
            .push(Warning::new(location, message));
    }

    /// The warnings recorded so far.
    pub fn take_warnings(&mut self) -> Vec<Warning> {
        std::mem::take(self.warnings.get_mut())
    }

    /// Defines every component schema, in name order.
    pub fn define_components(&mut self) -> Result<(), Error> {
        let names: Vec<String> = self.component_names.keys().cloned().collect();
        for schema in names {
            self.define_component(&schema)?;
        }
        Ok(())
    }

    fn define_component(&mut self, reference: &str) -> Result<String, Error> {
        let Some(rust_name) = self.component_names.get(reference).cloned() else {
            return Err(Error::new(reference, "no such schema"));
        };
        if self.defs.contains_key(&rust_name) || !self.in_progress.insert(rust_name.clone()) {
            return Ok(rust_name);
        }
        let pointer = reference.to_owned();
        let result = match self.schemas.get(reference).copied() {
            Some(ReferenceOr::Item(schema)) => self.define(&rust_name, schema, &pointer),
            Some(ReferenceOr::Reference { reference: target }) => {
                // Its uses carry the target's `null` (see `reference`).
                let target = without_null(self.reference(target, &pointer)?);
                self.defs.insert(
                    rust_name.clone(),
                    TypeDef {
                        name: rust_name.clone(),
                        feature_gate: None,
                        directions: Default::default(),
                        pointer: pointer.clone(),
                        description: None,
                        kind: TypeKind::Alias(target),
                    },
                );
                Ok(())
            }
            None => Err(Error::new(&pointer, "no such schema")),
        };
        self.in_progress.remove(&rust_name);
        result.map(|()| rust_name)
    }

    /// The type of a schema used somewhere (a property, a body, a parameter).
    /// `hint` names the inline type this position would create.
    pub fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.in_place(schema, hint, pointer),
        }
    }

    /// An inline schema: its own type, unless some `$ref` also points at
    /// this place, in which case it is that one (named) type.
    fn in_place(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Result<TypeRef, Error> {
        if self.component_names.contains_key(pointer) {
            self.reference(pointer, pointer)
        } else {
            self.inline(schema, hint, pointer)
        }
    }

    fn type_of_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.in_place(schema, hint, pointer),
        }
    }

    /// A `$ref` is its component's type. Components are defined by
    /// `define_components`, not here, so deep reference chains never recurse.
    fn reference(&mut self, reference: &str, pointer: &str) -> Result<TypeRef, Error> {
        match self.component_names.get(reference) {
            // A component that says `nullable: true` is defined as its non-null
            // type (a struct cannot hold `null`), so every use of it is nullable.
            Some(name) if self.nullable_component(reference) => {
                Ok(TypeRef::Nullable(Box::new(TypeRef::Named(name.clone()))))
            }
            Some(name) => Ok(TypeRef::Named(name.clone())),
            None => {
                self.warn(
                    pointer,
                    format!("`$ref: {reference}` does not lead to a schema; read as any JSON value (`serde_json::Value`)"),
                );
                Ok(TypeRef::Any)
            }
        }
    }

    /// Whether the schema at `reference` (through `$ref` chains) says
    /// `nullable: true` (3.1's `type: [T, "null"]` reads as that too).
    fn nullable_component(&self, reference: &str) -> bool {
        let mut current = reference;
        for _ in 0..32 {
            match self.schemas.get(current).copied() {
                Some(ReferenceOr::Item(schema)) => return schema.schema_data.nullable,
                Some(ReferenceOr::Reference { reference }) => current = reference,
                None => return false,
            }
        }
        false
    }

    /// Follows `$ref`s to the schema itself.
    fn resolve<'s>(
        &self,
        schema: &'s ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<(&'s Schema, String), Error>
    where
        'a: 's,
    {
        let mut current = schema;
        let mut location = pointer.to_owned();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(schema) => return Ok((schema, location)),
                ReferenceOr::Reference { reference } => {
                    match self.schemas.get(reference.as_str()).copied() {
                        Some(next) => current = next,
                        None => {
                            self.warn(
                                &location,
                                format!("`$ref: {reference}` does not lead to a schema; read as any JSON value"),
                            );
                            return Ok((&ANY_SCHEMA, location));
                        }
                    }
                    location = reference.clone();
                }
            }
        }
        self.warn(
            pointer,
            "the `$ref` chain is cyclic; read as any JSON value",
        );
        Ok((&ANY_SCHEMA, pointer.to_owned()))
    }

    fn inline(&mut self, schema: &Schema, hint: &str, pointer: &str) -> Result<TypeRef, Error> {
        let ty = self.inline_non_null(schema, hint, pointer)?;
        Ok(if schema.schema_data.nullable && !ty.is_nullable() {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        })
    }

    fn inline_non_null(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        if let Some(ty) = self.primitive(schema, pointer)? {
            return Ok(ty);
        }
        // Wrappers around a single $ref (`allOf: [$ref]` used to attach a
        // description or `nullable`) are that type, not a new one.
        if let Some(ReferenceOr::Reference { reference }) = single_member(&schema.schema_kind) {
            return self.reference(reference, pointer);
        }
        // `allOf` of one scalar, enum or array and annotations (Box:
        // `[{type: string, nullable: true}, {nullable: false}]`, `[{enum: […]}]`)
        // is that type, not an object; of annotations only, any value.
        match annotated_member(&schema.schema_kind) {
            Some(Annotated::Reference(reference, nullable)) => {
                let ty = self.reference(reference, pointer)?;
                return Ok(if nullable && !ty.is_nullable() {
                    TypeRef::Nullable(Box::new(ty))
                } else {
                    ty
                });
            }
            Some(Annotated::Member(index, member)) => {
                let member_pointer = format!("{pointer}/allOf/{index}");
                let enumeration = match &member.schema_kind {
                    SchemaKind::Type(Type::String(string)) => !string.enumeration.is_empty(),
                    SchemaKind::Any(any) => {
                        !any.enumeration.is_empty() && any.properties.is_empty()
                    }
                    _ => false,
                };
                if enumeration
                    || array_items(&member.schema_kind).is_some()
                    || self.primitive(member, &member_pointer)?.is_some()
                {
                    return self.inline(member, hint, &member_pointer);
                }
            }
            Some(Annotated::Nothing) => return Ok(TypeRef::Any),
            None => {}
        }
        if let Some(items) = array_items(&schema.schema_kind) {
            return self.array(items, hint, pointer);
        }
        if let Some(value) = free_form_map(schema) {
            let value = match value {
                Some(additional) => self.type_of(
                    additional,
                    &format!("{hint}Value"),
                    &format!("{pointer}/additionalProperties"),
                )?,
                None => TypeRef::Any,
            };
            return Ok(TypeRef::Map(Box::new(value)));
        }
        // One type per place in the spec: the same inline schema reached again
        // (through `allOf` merging, or recursively while it is being defined)
        // is the type already named for it.
        if let Some(name) = self.inline_names.get(pointer) {
            return Ok(TypeRef::Named(name.clone()));
        }
        let name = self
            .names
            .claim(names::avoid_prelude(names::pascal(hint, "Type"), "Model"));
        self.inline_names.insert(pointer.to_owned(), name.clone());
        self.define(&name, schema, pointer)?;
        Ok(TypeRef::Named(name))
    }

    /// The type of a schema that needs no definition of its own; anything
    /// else (constraints only, `not`, an integer enum) is `Any`.
    fn unnamed_type(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        let ty = if let Some(ty) = self.primitive(schema, pointer)? {
            ty
        } else if let Some(items) = array_items(&schema.schema_kind) {
            self.array(items, hint, pointer)?
        } else if let Some(value) = free_form_map(schema) {
            let value = match value {
                Some(additional) => self.type_of(
                    additional,
                    &format!("{hint}Value"),
                    &format!("{pointer}/additionalProperties"),
                )?,
                None => TypeRef::Any,
            };
            TypeRef::Map(Box::new(value))
        } else {
            match &schema.schema_kind {
                SchemaKind::Type(Type::Integer(_)) => TypeRef::I64,
                SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
                SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
                _ => TypeRef::Any,
            }
        };
        Ok(if schema.schema_data.nullable && !ty.is_nullable() {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        })
    }

    fn array(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        let item = match items {
            Some(items) => {
                self.type_of_boxed(items, &format!("{hint}Item"), &format!("{pointer}/items"))?
            }
            None => TypeRef::Any,
        };
        Ok(TypeRef::Array(Box::new(item)))
    }

    /// Scalars and formats that map to a Rust type without a definition.
    fn primitive(&mut self, schema: &Schema, pointer: &str) -> Result<Option<TypeRef>, Error> {
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if !string.enumeration.is_empty() || has_extensible_enum(schema) {
                    return Ok(None);
                }
                string_format(&string.format)
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                integer_type(&integer.format, integer.minimum)
            }
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Any(any) if is_untyped_scalar(any) => {
                if let (Some(scalar), Some(_)) = (scalar_type(any), &any.additional_properties) {
                    // Warnings are deduplicated, so a schema read twice warns once.
                    self.warn(
                        format!("{pointer}/additionalProperties"),
                        format!(
                            "`additionalProperties` on a `type: {scalar}` schema has no effect \
                             (it applies to objects only); read as a {scalar}"
                        ),
                    );
                }
                match any.typ.as_deref() {
                    Some("string") if any.enumeration.is_empty() => match any.format.as_deref() {
                        Some("uuid") => TypeRef::Uuid,
                        Some("date-time") => TypeRef::DateTime,
                        Some("date") => TypeRef::Date,
                        Some("binary") => TypeRef::File,
                        _ => TypeRef::String,
                    },
                    Some("string") => return Ok(None),
                    Some("integer") => TypeRef::I64,
                    Some("number") => TypeRef::F64,
                    Some("boolean") => TypeRef::Bool,
                    Some("null") => TypeRef::Nullable(Box::new(TypeRef::Any)),
                    Some(other) => {
                        self.warn(
                            format!("{pointer}/type"),
                            format!("unknown type `{other}`; read as any JSON value"),
                        );
                        TypeRef::Any
                    }
                    None if !any.enumeration.is_empty()
                        && any.enumeration.iter().all(|v| v.is_string() || v.is_null()) =>
                    {
                        return Ok(None);
                    }
                    None => TypeRef::Any,
                }
            }
            SchemaKind::Not { .. } => TypeRef::Any,
            _ => return Ok(None),
        };
        Ok(Some(ty))
    }

    /// Builds the named definition for `schema` under `name`.
    fn define(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<(), Error> {
        let description = doc_of(schema);
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let mut values: Vec<String> =
                    string.enumeration.iter().flatten().cloned().collect();
                values.extend(extensible_enum(schema));
                if values.is_empty() {
                    TypeKind::Alias(string_format(&string.format))
                } else {
                    TypeKind::Enum(enum_values(values))
                }
            }
            SchemaKind::Any(any)
                if !any.enumeration.is_empty()
                    && any.properties.is_empty()
                    && any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.all_of.is_empty() =>
            {
                let values = any
                    .enumeration
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect();
                TypeKind::Enum(enum_values(values))
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.union(name, schema, members, pointer)?
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() && any.properties.is_empty() => {
                self.union(name, schema, &any.one_of, pointer)?
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() && any.properties.is_empty() => {
                self.union(name, schema, &any.any_of, pointer)?
            }
            _ if free_form_map(schema).is_some() => {
                TypeKind::Alias(self.unnamed_type(schema, name, pointer)?)
            }
            _ => match self.object_shape(schema, pointer, &[])? {
                Some(shape) => TypeKind::Struct(self.fields(name, shape, pointer)?),
                // Not an object (a component that is a plain string or an
                // array): an alias to its type.
                None => TypeKind::Alias(self.unnamed_type(schema, name, pointer)?),
            },
        };
        // A nullable component's uses are nullable (see `reference`); the
        // type itself is not, or they would be `Option<Option<_>>`.
        let kind = match kind {
            TypeKind::Alias(ty) if schema.schema_data.nullable => TypeKind::Alias(without_null(ty)),
            kind => kind,
        };
        self.defs.insert(
            name.to_owned(),
            TypeDef {
                name: name.to_owned(),
                feature_gate: None,
                directions: Default::default(),
                pointer: pointer.to_owned(),
                description,
                kind,
            },
        );
        Ok(())
    }

    fn union(
        &mut self,
        name: &str,
        schema: &Schema,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let keyword = match &schema.schema_kind {
            SchemaKind::AnyOf { .. } => "anyOf",
            SchemaKind::Any(any) if any.one_of.is_empty() => "anyOf",
            _ => "oneOf",
        };
        // `oneOf: [X, {type: null}]` is how 3.1 and many 3.0 specs say "nullable X".
        let non_null: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, member)| !is_null_schema(member))
            .collect();
        // A discriminated union gets an `Unknown` variant of its own.
        let mut variant_names = match schema.schema_data.discriminator {
            Some(_) => NameSet::with_reserved(names::ADDED_VARIANTS),
            None => NameSet::default(),
        };
        let mut variants = Vec::new();
        for (index, member) in &non_null {
            let member_pointer = format!("{pointer}/{keyword}/{index}");
            let ty = self.type_of(member, &format!("{name}Variant{index}"), &member_pointer)?;
            // A variant is its component's type; whether `null` fits is the union's.
            let ty = match member {
                ReferenceOr::Reference { .. } => without_null(ty),
                ReferenceOr::Item(_) => ty,
            };
            let wanted = variant_name(name, member, &ty, *index);
            variants.push(Variant {
                rust_name: variant_names.claim(wanted),
                ty,
                boxed: false,
            });
        }
        if variants.is_empty() {
            return Ok(TypeKind::Alias(TypeRef::Any));
        }
        if non_null.len() < members.len() && variants.len() == 1 {
            let only = variants.remove(0).ty;
            return Ok(TypeKind::Alias(TypeRef::Nullable(Box::new(only))));
        }
        let discriminator = match &schema.schema_data.discriminator {
            Some(discriminator) => {
                Some(self.discriminator(discriminator, members, &variants, pointer)?)
            }
            None => None,
        };
        Ok(TypeKind::Union(Union {
            variants,
            discriminator,
        }))
    }

    fn discriminator(
        &self,
        discriminator: &openapiv3::Discriminator,
        members: &[ReferenceOr<Schema>],
        variants: &[Variant],
        pointer: &str,
    ) -> Result<Discriminator, Error> {
        let mut mapping = Vec::new();
        let variant_of_ref = |reference: &str| {
            let rust = self.component_names.get(reference)?;
            variants
                .iter()
                .position(|v| v.ty == TypeRef::Named(rust.clone()))
        };
        for (value, reference) in &discriminator.mapping {
            // A mapping value is a $ref or a bare schema name.
            let reference = if reference.starts_with('#') {
                reference.clone()
            } else {
                format!("{SCHEMA_PREFIX}{}", escape_pointer(reference))
            };
            match variant_of_ref(&reference) {
                Some(index) => mapping.push((value.clone(), index)),
                None => self.warn(
                    format!("{pointer}/discriminator/mapping/{}", escape_pointer(value)),
                    format!(
                        "maps to `{reference}`, which is not one of the members; the tag `{value}` decodes as `Unknown`"
                    ),
                ),
            }
        }
        // Members not named in the mapping are tagged by their schema name.
        for member in members {
            if let ReferenceOr::Reference { reference } = member {
                if let Some(index) = variant_of_ref(reference) {
                    if !mapping.iter().any(|(_, i)| *i == index) {
                        let tag = reference.rsplit('/').next().unwrap_or(reference).to_owned();
                        mapping.push((tag, index));
                    }
                }
            }
        }
        Ok(Discriminator {
            property: discriminator.property_name.clone(),
            mapping,
        })
    }

    /// Collects an object's properties, merging `allOf` members. Returns
    /// `None` when the schema is not object-like.
    fn object_shape<'s>(
        &self,
        schema: &'s Schema,
        pointer: &str,
        within: &[&str],
    ) -> Result<Option<ObjectShape<'s>>, Error>
    where
        'a: 's,
    {
        // `within`: the schemas whose allOf led here, to name a cycle.
        if within.len() > 64 {
            return Err(Error::new(pointer, "allOf nesting is too deep"));
        }
        let mut shape = ObjectShape {
            description: doc_of(schema),
            ..ObjectShape::default()
        };
        let (properties, required, additional, all_of) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => (
                Some(&object.properties),
                &object.required,
                object.additional_properties.as_ref(),
                None,
            ),
            SchemaKind::AllOf { all_of } => (None, &Vec::new() as &Vec<String>, None, Some(all_of)),
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    || !any.all_of.is_empty()
                    || any.typ.as_deref() == Some("object")
                    // `additionalProperties` makes an object, unless a scalar `type`
                    // says otherwise (it then applies to nothing; see `primitive`).
                    || (any.additional_properties.is_some() && scalar_type(any).is_none()) =>
            {
                (
                    Some(&any.properties),
                    &any.required,
                    any.additional_properties.as_ref(),
                    (!any.all_of.is_empty()).then_some(&any.all_of),
                )
            }
            _ => return Ok(None),
        };
        // `required` without `properties` is legal; we can only honour it for
        // properties we know about.
        let required: Vec<String> = required.clone();
        if let Some(all_of) = all_of {
            for (index, member) in all_of.iter().enumerate() {
                let member_pointer = format!("{pointer}/allOf/{index}");
                let (resolved, location) = self.resolve(member, &member_pointer)?;
                if let ReferenceOr::Reference { reference } = member {
                    if *reference == pointer || within.contains(&reference.as_str()) {
                        let mut cycle: Vec<&str> = within
                            .iter()
                            .copied()
                            .skip_while(|p| *p != reference)
                            .collect();
                        cycle.extend([pointer, reference.as_str()]);
                        let cycle: Vec<&str> = cycle
                            .iter()
                            .map(|p| p.rsplit('/').next().unwrap_or(p))
                            .collect();
                        self.warn(
                            &member_pointer,
                            format!(
                                "cyclic allOf: {} (a schema cannot contain itself); this member adds nothing and is ignored",
                                cycle.join(" → ")
                            ),
                        );
                        continue;
                    }
                }
                let mut nested = within.to_vec();
                nested.push(pointer);
                // A non-object member (a oneOf, a string) adds constraints we
                // cannot merge, and no properties.
                if let Some(member_shape) = self.object_shape(resolved, &location, &nested)? {
                    for property in member_shape.properties {
                        if let Some(existing) = shape
                            .properties
                            .iter_mut()
                            .find(|(name, _, _)| *name == property.0)
                        {
                            *existing = property;
                        } else {
                            shape.properties.push(property);
                        }
                    }
                    shape.required.extend(member_shape.required);
                    if shape.additional.is_none() {
                        shape.additional = member_shape.additional;
                    }
                    if shape.description.is_none() {
                        shape.description = member_shape.description;
                    }
                }
            }
        }
        if let Some(properties) = properties {
            for (name, property) in properties {
                let property_pointer = format!("{pointer}/properties/{}", escape_pointer(name));
                if let Some(existing) = shape.properties.iter_mut().find(|(n, _, _)| n == name) {
                    *existing = (name.clone(), property, property_pointer);
                } else {
                    shape
                        .properties
                        .push((name.clone(), property, property_pointer));
                }
            }
        }
        shape.required.extend(required);
        if additional.is_some() {
            shape.additional = additional;
        }
        Ok(Some(shape))
    }

    fn fields(
        &mut self,
        owner: &str,
        shape: ObjectShape<'_>,
        pointer: &str,
    ) -> Result<Vec<Field>, Error> {
        let mut field_names = NameSet::default();
        let mut fields = Vec::new();
        let additional = shape.additional;
        for (name, property, property_pointer) in shape.properties {
            let hint = format!("{owner}{}", names::pascal(&name, "Field"));
            let ty = self.type_of_boxed(property, &hint, &property_pointer)?;
            let (description, deprecated, default) = match property {
                ReferenceOr::Item(schema) => (
                    doc_of(schema),
                    schema.schema_data.deprecated,
                    schema.schema_data.default.clone(),
                ),
                ReferenceOr::Reference { .. } => (None, false, None),
            };
            let (read_only, write_only) = self.access(property, &property_pointer);
            fields.push(Field {
                rust_name: field_names.claim(names::snake(&name, "field")),
                required: shape.required.contains(&name),
                name,
                ty,
                description,
                deprecated,
                default,
                boxed: false,
                flatten: false,
                pointer: property_pointer,
                sensitive: None,
                read_only,
                write_only,
            });
        }
        // Typed `additionalProperties` beside `properties`: the other keys
        // are kept in a map rather than dropped.
        if let Some(AdditionalProperties::Schema(value)) = additional {
            let value_pointer = format!("{pointer}/additionalProperties");
            let ty = self.type_of(value, &format!("{owner}Value"), &value_pointer)?;
            fields.push(Field {
                rust_name: field_names.claim("additional_properties".to_owned()),
                name: String::new(),
                ty: TypeRef::Map(Box::new(ty)),
                required: true,
                description: Some("Properties other than the named fields.".to_owned()),
                deprecated: false,
                default: None,
                boxed: false,
                flatten: true,
                pointer: value_pointer,
                sensitive: None,
                read_only: false,
                write_only: false,
            });
        }
        Ok(fields)
    }

    /// A property's `readOnly` and `writeOnly`, on it or on the schema its
    /// `$ref` names (a `$ref`'s siblings are ignored in OpenAPI 3.0).
    fn access(&self, property: &ReferenceOr<Box<Schema>>, pointer: &str) -> (bool, bool) {
        let data = match property {
            ReferenceOr::Item(schema) => &schema.schema_data,
            ReferenceOr::Reference { reference } => {
                let resolved = self
                    .schemas
                    .get(reference.as_str())
                    .copied()
                    .and_then(|target| self.resolve(target, pointer).ok());
                match resolved {
                    Some((schema, _)) => &schema.schema_data,
                    None => return (false, false),
                }
            }
        };
        (data.read_only, data.write_only)
    }

    /// All definitions, with recursive fields boxed.
    pub fn finish(self) -> Vec<TypeDef> {
        let mut defs: Vec<TypeDef> = self.defs.into_values().collect();
        super::build::break_alias_cycles(&mut defs);
        super::build::box_recursive_fields(&mut defs);
        defs
    }

    /// The Rust name of a component schema, for config lookups.
    pub fn rust_name_of(&self, schema_name: &str) -> Option<String> {
        let reference = format!("{SCHEMA_PREFIX}{}", escape_pointer(schema_name));
        self.component_names.get(&reference).cloned()
    }

    /// Whether `ty` names a struct (after `type_of` created it).
    pub fn is_struct(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self
                .defs
                .get(name)
                .is_some_and(|def| matches!(def.kind, TypeKind::Struct(_))),
            _ => false,
        }
    }
}

fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The meaningful words of a deep `$ref` (`#/components/schemas/Disk/properties/filesystem` → `Disk filesystem`).
fn deep_ref_words(reference: &str) -> String {
    const STRUCTURE: &[&str] = &[
        "#",
        "components",
        "schemas",
        "properties",
        "items",
        "parameters",
        "schema",
        "content",
        "responses",
        "requestBodies",
        "headers",
        "paths",
        "additionalProperties",
        "allOf",
        "oneOf",
        "anyOf",
        "$defs",
        "definitions",
    ];
    reference
        .split('/')
        .map(unescape_pointer)
        .filter(|segment| {
            !STRUCTURE.contains(&segment.as_str())
                && !segment.contains('/')
                && segment.parse::<usize>().is_err()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn doc_of(schema: &Schema) -> Option<String> {
    schema
        .schema_data
        .description
        .clone()
        .or_else(|| schema.schema_data.title.clone())
        .filter(|text| !text.trim().is_empty())
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::File,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

fn integer_type(format: &VariantOrUnknownOrEmpty<IntegerFormat>, minimum: Option<i64>) -> TypeRef {
    let unsigned = minimum.is_some_and(|min| min >= 0);
    match format {
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
        VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => TypeRef::I64,
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uint32" => TypeRef::U32,
        VariantOrUnknownOrEmpty::Unknown(format)
            if format == "uint64" || (format == "uint" && unsigned) =>
        {
            TypeRef::U64
        }
        VariantOrUnknownOrEmpty::Unknown(format) if format == "int8" || format == "int16" => {
            TypeRef::I32
        }
        VariantOrUnknownOrEmpty::Unknown(format) if format == "uint8" || format == "uint16" => {
            TypeRef::U32
        }
        _ => TypeRef::I64,
    }
}

fn has_extensible_enum(schema: &Schema) -> bool {
    schema
        .schema_data
        .extensions
        .contains_key("x-extensible-enum")
}

/// Zalando's `x-extensible-enum`: known values of an open string set.
fn extensible_enum(schema: &Schema) -> Vec<String> {
    schema
        .schema_data
        .extensions
        .get("x-extensible-enum")
        .and_then(|values| values.as_array())
        .map(|values| {
            values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn enum_values(values: Vec<String>) -> Vec<EnumValue> {
    let mut seen = BTreeSet::new();
    let mut names = NameSet::with_reserved(names::ADDED_VARIANTS);
    values
        .into_iter()
        .filter(|value| seen.insert(value.clone()))
        .map(|value| EnumValue {
            rust_name: names.claim(names::variant(
                &value,
                if value.is_empty() { "Empty" } else { "V" },
            )),
            value,
            description: None,
        })
        .collect()
}

/// The type without one level of `nullable`.
fn without_null(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => *inner,
        other => other,
    }
}

fn single_member(kind: &SchemaKind) -> Option<&ReferenceOr<Schema>> {
    match kind {
        SchemaKind::AllOf { all_of: members }
        | SchemaKind::OneOf { one_of: members }
        | SchemaKind::AnyOf { any_of: members } => match members.as_slice() {
            [only] => Some(only),
            _ => None,
        },
        SchemaKind::Any(any) if any.properties.is_empty() && any.typ.is_none() => {
            let members: Vec<&ReferenceOr<Schema>> = any
                .all_of
                .iter()
                .chain(&any.one_of)
                .chain(&any.any_of)
                .collect();
            match members.as_slice() {
                [only] => Some(*only),
                _ => None,
            }
        }
        _ => None,
    }
}

/// What an `allOf` says beside members that only annotate (`{nullable:
/// false}`, `{description: …}`, `{}`).
enum Annotated<'s> {
    /// The one inline member that says what a value is (by its index).
    Member(usize, &'s Schema),
    /// The one member is a `$ref` (Box: `[$ref, {example: …}]`); `true` when
    /// an annotation says `nullable: true`.
    Reference(&'s str, bool),
    /// Nothing: every member only annotates.
    Nothing,
}

fn annotated_member(kind: &SchemaKind) -> Option<Annotated<'_>> {
    let members = match kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any)
            if any.typ.is_none()
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty() =>
        {
            &any.all_of
        }
        _ => return None,
    };
    let annotation = |member: &ReferenceOr<Schema>| {
        matches!(member, ReferenceOr::Item(schema)
            if matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == openapiv3::AnySchema::default()))
    };
    let mut meaningful = members
        .iter()
        .enumerate()
        .filter(|(_, member)| !annotation(member));
    let nullable = members.iter().any(|member| {
        matches!(member, ReferenceOr::Item(schema) if annotation(member) && schema.schema_data.nullable)
    });
    match (meaningful.next(), meaningful.next()) {
        (Some((index, ReferenceOr::Item(schema))), None) => Some(Annotated::Member(index, schema)),
        (Some((_, ReferenceOr::Reference { reference })), None) if members.len() > 1 => {
            Some(Annotated::Reference(reference, nullable))
        }
        (None, _) if !members.is_empty() => Some(Annotated::Nothing),
        _ => None,
    }
}

fn array_items(kind: &SchemaKind) -> Option<Option<&ReferenceOr<Box<Schema>>>> {
    match kind {
        SchemaKind::Type(Type::Array(array)) => Some(array.items.as_ref()),
        SchemaKind::Any(any)
            if any.typ.as_deref() == Some("array")
                || (any.typ.is_none() && any.items.is_some() && any.properties.is_empty()) =>
        {
            Some(any.items.as_ref())
        }
        _ => None,
    }
}

/// `{type: object}` with no properties: a map of `additionalProperties`
/// (`Some(schema)`) or of anything (`None`).
fn free_form_map(schema: &Schema) -> Option<Option<&ReferenceOr<Schema>>> {
    let (properties_empty, additional) = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => (
            object.properties.is_empty(),
            object.additional_properties.as_ref(),
        ),
        SchemaKind::Any(any)
            if any.typ.as_deref() == Some("object")
                && any.all_of.is_empty()
                && any.one_of.is_empty()
                && any.any_of.is_empty() =>
        {
            (
                any.properties.is_empty(),
                any.additional_properties.as_ref(),
            )
        }
        _ => return None,
    };
    if !properties_empty {
        return None;
    }
    Some(match additional {
        Some(AdditionalProperties::Schema(schema)) => Some(schema.as_ref()),
        _ => None,
    })
}

fn is_untyped_scalar(any: &openapiv3::AnySchema) -> bool {
    any.properties.is_empty()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        // `additionalProperties` constrains objects only; beside a scalar
        // `type` it says nothing (GitHub: `payload: {type: string,
        // additionalProperties: true}`).
        && (any.additional_properties.is_none() || scalar_type(any).is_some())
        && any.not.is_none()
        && !matches!(any.typ.as_deref(), Some("object") | Some("array"))
}

/// The schema's `type` when it is a scalar one.
fn scalar_type(any: &openapiv3::AnySchema) -> Option<&str> {
    any.typ
        .as_deref()
        .filter(|typ| matches!(*typ, "string" | "integer" | "number" | "boolean"))
}

fn is_null_schema(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.as_deref() == Some("null")
                    || (any.enumeration.len() == 1 && any.enumeration[0].is_null())
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

fn variant_name(owner: &str, member: &ReferenceOr<Schema>, ty: &TypeRef, index: usize) -> String {
    let base = match (member, ty) {
        (ReferenceOr::Reference { reference }, _) => {
            reference.rsplit('/').next().unwrap_or("").to_owned()
        }
        (ReferenceOr::Item(schema), _) if schema.schema_data.title.is_some() => {
            schema.schema_data.title.clone().unwrap_or_default()
        }
        (_, TypeRef::Named(name)) => name.strip_prefix(owner).unwrap_or(name).to_owned(),
        (_, other) => primitive_variant_name(other).to_owned(),
    };
    let mut name = names::variant(&base, "Variant");
    // `LoginSession` in `LoginUserResponse`: drop a shared leading word.
    let owner_first = first_word(owner);
    if name.len() > owner_first.len() && name.starts_with(&owner_first) {
        let rest = &name[owner_first.len()..];
        if rest.starts_with(|c: char| c.is_ascii_uppercase()) {
            name = rest.to_owned();
        }
    }
    if name == "Variant" {
        name = format!("Variant{index}");
    }
    name
}

fn first_word(name: &str) -> String {
    let mut word = String::new();
    for (index, ch) in name.chars().enumerate() {
        if index > 0 && ch.is_ascii_uppercase() {
            break;
        }
        word.push(ch);
    }
    word
}

fn primitive_variant_name(ty: &TypeRef) -> &'static str {
    match ty.non_null() {
        TypeRef::String => "String",
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer",
        TypeRef::F32 | TypeRef::F64 => "Number",
        TypeRef::Bool => "Boolean",
        TypeRef::Uuid => "Uuid",
        TypeRef::DateTime => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Bytes | TypeRef::File => "Bytes",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Object",
        _ => "Value",
    }
}

impl TypeBuilder<'_> {
    /// When `schema` is an object with a `data_field` property (the configured
    /// envelope), the type of that property.
    pub fn envelope_data(
        &mut self,
        schema: &ReferenceOr<Schema>,
        data_field: &str,
        hint: &str,
        pointer: &str,
    ) -> Result<Option<TypeRef>, Error> {
        let (resolved, location) = self.resolve(schema, pointer)?;
        let Some(shape) = self.object_shape(resolved, &location, &[])? else {
            return Ok(None);
        };
        let Some((_, property, property_pointer)) = shape
            .properties
            .into_iter()
            .find(|(name, _, _)| name == data_field)
        else {
            return Ok(None);
        };
        self.type_of_boxed(property, hint, &property_pointer)
            .map(Some)
    }
}

/// Where [`TypeBuilder::type_at`] is while it walks.
enum Place<'s> {
    Reference(String),
    Inline(&'s Schema, String),
}

impl<'a> TypeBuilder<'a> {
    /// The type of the schema that `segments` (a JSON pointer into values of
    /// `schema`, like `/error/code`) reaches, through `$ref`s and `allOf`
    /// members, without defining anything: a component's or an already named
    /// inline schema's type, or a scalar. `None` when the pointer leads nowhere,
    /// or to a schema that has no type of its own.
    pub fn type_at(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        segments: &[String],
        pointer: &str,
    ) -> Option<TypeRef> {
        let mut place = match schema {
            ReferenceOr::Reference { reference } => Place::Reference(reference.clone()),
            ReferenceOr::Item(schema) => Place::Inline(schema, pointer.to_owned()),
        };
        for segment in segments {
            let (schema, location) = match place {
                Place::Reference(reference) => {
                    let target: &'a ReferenceOr<Schema> = self.schemas.get(&reference).copied()?;
                    self.resolve(target, &reference).ok()?
                }
                Place::Inline(schema, location) => (schema, location),
            };
            let shape = self.object_shape(schema, &location, &[]).ok()??;
            let (_, property, property_pointer) = shape
                .properties
                .into_iter()
                .find(|(name, _, _)| name == segment)?;
            place = match property {
                ReferenceOr::Reference { reference } => Place::Reference(reference.clone()),
                ReferenceOr::Item(schema) => Place::Inline(schema, property_pointer),
            };
        }
        match place {
            Place::Reference(reference) => self
                .component_names
                .get(&reference)
                .map(|name| TypeRef::Named(name.clone())),
            Place::Inline(schema, location) => {
                let named = self
                    .component_names
                    .get(&location)
                    .or_else(|| self.inline_names.get(&location));
                match named {
                    Some(name) => Some(TypeRef::Named(name.clone())),
                    None => self.primitive(schema, &location).ok().flatten(),
                }
            }
        }
    }

    /// The pointer of the schema a Rust type was named for
    /// (`ErrorCode` → `#/components/schemas/ErrorCode`).
    pub fn place_of(&self, rust_name: &str) -> Option<&str> {
        self.component_names
            .iter()
            .chain(&self.inline_names)
            .find(|(_, name)| name.as_str() == rust_name)
            .map(|(pointer, _)| pointer.as_str())
    }

    /// The names of the component schemas, as the spec writes them.
    pub fn component_schema_names(&self) -> Vec<String> {
        self.component_names
            .keys()
            .filter_map(|reference| reference.strip_prefix(SCHEMA_PREFIX))
            .filter(|name| !name.contains('/'))
            .map(unescape_pointer)
            .collect()
    }
}
