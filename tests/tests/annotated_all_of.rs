//! `allOf` of one scalar schema and annotation-only members is that scalar.
//! Box's spec writes `sequence_id` as
//! `allOf: [{type: string, nullable: true, …}, {nullable: false}]`; read as an
//! object it became an empty struct, and every Box response that carries a
//! `sequence_id` (`"3"`) failed to decode (86 of them in the contract check).

use generator::model::{TypeKind, TypeRef};
use serde_json::json;

fn field_type(spec: &serde_json::Value, schema: &str, field: &str) -> TypeRef {
    let text = serde_json::to_string(spec).expect("spec serializes");
    let (document, raw) = generator::load::load_document(&text).expect("spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("spec builds");
    let Some(TypeKind::Struct(fields)) = api.type_def(schema).map(|def| &def.kind) else {
        panic!("{schema} is a struct");
    };
    fields
        .iter()
        .find(|f| f.name == field)
        .unwrap_or_else(|| panic!("{schema} has {field}"))
        .ty
        .clone()
}

fn spec(sequence_id: serde_json::Value) -> serde_json::Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Box-like", "version": "1"},
        "paths": {},
        "components": {"schemas": {"FolderMini": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "sequence_id": sequence_id}
        }}}
    })
}

#[test]
fn a_scalar_with_annotations_is_that_scalar() {
    let ty = field_type(
        &spec(json!({"allOf": [
            {"type": "string", "example": "3", "nullable": true, "description": "An event id."},
            {"nullable": false}
        ]})),
        "FolderMini",
        "sequence_id",
    );
    let inner = match &ty {
        TypeRef::Nullable(inner) => inner.as_ref(),
        other => other,
    };
    assert_eq!(inner, &TypeRef::String, "{ty:?}");

    let ty = field_type(
        &spec(
            json!({"allOf": [{"description": "A count."}, {"type": "integer", "format": "int32"}]}),
        ),
        "FolderMini",
        "sequence_id",
    );
    assert_eq!(ty, TypeRef::I32, "{ty:?}");
}

#[test]
fn an_enum_or_nothing_with_annotations_is_that_enum_or_any_value() {
    let enum_spec = spec(json!({"allOf": [
        {"type": "string", "example": "synced", "enum": ["synced", "not_synced"]}
    ]}));
    let ty = field_type(&enum_spec, "FolderMini", "sequence_id");
    let TypeRef::Named(name) = &ty else {
        panic!("{ty:?}");
    };
    let text = serde_json::to_string(&enum_spec).expect("spec serializes");
    let (document, raw) = generator::load::load_document(&text).expect("spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("spec builds");
    let kind = &api.type_def(name).expect("the enum is defined").kind;
    assert!(matches!(kind, TypeKind::Enum(_)), "{kind:?}");

    // Box's metadata values: `allOf: [{}, {example: …}, {description: …}]`.
    let ty = field_type(
        &spec(json!({"allOf": [{}, {"example": "Aaron Levie"}, {"description": "A value."}]})),
        "FolderMini",
        "sequence_id",
    );
    assert_eq!(ty, TypeRef::Any, "{ty:?}");
}

#[test]
fn a_reference_with_annotations_is_the_referenced_type() {
    // Box's metadata filters: `additionalProperties: {allOf: [$ref, {example: …}, {x-…}]}`.
    let mut spec = spec(json!({"allOf": [
        {"$ref": "#/components/schemas/FilterValue"},
        {"example": "online"},
        {"x-box-example-key": "category"}
    ]}));
    spec["components"]["schemas"]["FilterValue"] =
        json!({"oneOf": [{"type": "string"}, {"type": "number"}]});
    let ty = field_type(&spec, "FolderMini", "sequence_id");
    assert_eq!(ty, TypeRef::Named("FilterValue".to_owned()), "{ty:?}");

    spec["components"]["schemas"]["FolderMini"]["properties"]["sequence_id"]["allOf"][1] =
        json!({"nullable": true});
    let ty = field_type(&spec, "FolderMini", "sequence_id");
    assert_eq!(
        ty,
        TypeRef::Nullable(Box::new(TypeRef::Named("FilterValue".to_owned()))),
        "{ty:?}"
    );
}

#[test]
fn objects_in_all_of_are_still_merged() {
    let ty = field_type(
        &spec(json!({"allOf": [
            {"type": "object", "properties": {"a": {"type": "string"}}},
            {"nullable": false}
        ]})),
        "FolderMini",
        "sequence_id",
    );
    assert!(matches!(ty, TypeRef::Named(_)), "{ty:?}");
}
