//! A compact text form of the generated Rust API: one line per operation, one
//! block per type. It feeds the change summary and the API snapshot that
//! reviewers read.

use crate::model::{Api, Field, Group, Operation, TypeDef, TypeKind, TypeRef};

/// The Rust spelling of a type, without module paths.
pub fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::U32 => "u32".into(),
        TypeRef::U64 => "u64".into(),
        TypeRef::F32 => "f32".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Bytes => "Vec<u8>".into(),
        TypeRef::File => "File".into(),
        TypeRef::Any => "Value".into(),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_text(value)),
        TypeRef::Array(item) => format!("Vec<{}>", type_text(item)),
        TypeRef::Nullable(inner) => format!("Option<{}>", type_text(inner)),
    }
}

/// A field's Rust type, as `types.rs` declares it.
pub fn field_text(field: &Field) -> String {
    let inner = type_text(field.ty.non_null());
    let inner = if field.boxed {
        format!("Box<{inner}>")
    } else {
        inner
    };
    match (field.required, field.ty.is_nullable()) {
        (true, false) => inner,
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    }
}

/// `GET /listings/{id}  listings().get(id: Uuid) [.x(T)] -> Listing  [ApiKeyAuth | BearerAuth]`
pub fn operation_line(group: &Group, op: &Operation) -> String {
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| format!("{}: {}", p.rust_name, type_text(&p.ty)))
        .collect();
    let mut optional: Vec<String> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| format!(".{}({})", p.rust_name, type_text(&p.ty)))
        .collect();
    if let Some(body) = &op.body {
        if body.required {
            args.push(format!("body: {}", type_text(&body.ty)));
        } else {
            optional.push(format!(".body({})", type_text(&body.ty)));
        }
    }
    let output = op.output_text(&type_text);
    let security = if op.security.is_empty() {
        "public".to_owned()
    } else {
        op.security
            .iter()
            .map(|alt| alt.join(" + "))
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let optional = if optional.is_empty() {
        String::new()
    } else {
        format!(" {}", optional.join(" "))
    };
    let paged = if op.paged.is_some() { " +stream" } else { "" };
    format!(
        "{} {}  {}().{}({}){} -> {}{}  [{}]",
        op.method.as_str(),
        op.path,
        group.accessor,
        op.method_name,
        args.join(", "),
        optional,
        output,
        paged,
        security
    )
}

/// `struct Listing { id: Uuid, address: Option<String> }` over several lines.
pub fn type_block(def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(fields) => {
            let mut out = format!("struct {} {{", def.name);
            for field in fields {
                let rename = if field.rust_name != field.name {
                    format!(" (\"{}\")", field.name)
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "\n    {}: {}{},",
                    field.rust_name,
                    field_text(field),
                    rename
                ));
            }
            out.push_str("\n}");
            out
        }
        TypeKind::Enum(values) => {
            let values: Vec<String> = values
                .iter()
                .map(|v| format!("{} = {:?}", v.rust_name, v.value))
                .collect();
            format!(
                "enum {} {{ {}, Unknown(String) }}",
                def.name,
                values.join(", ")
            )
        }
        TypeKind::Union(union) => {
            let variants: Vec<String> = union
                .variants
                .iter()
                .map(|v| format!("{}({})", v.rust_name, type_text(&v.ty)))
                .collect();
            let tag = match &union.discriminator {
                Some(d) => format!(" tagged by {:?}, Unknown(Value)", d.property),
                None => " untagged".to_owned(),
            };
            format!("enum {} {{ {} }}{}", def.name, variants.join(", "), tag)
        }
        TypeKind::Alias(target) => format!("type {} = {};", def.name, type_text(target)),
    }
}

/// The whole surface, for the API snapshot.
pub fn api_surface(api: &Api) -> String {
    let mut out = String::new();
    for group in &api.groups {
        let place = group.path.as_deref().unwrap_or(&group.tag);
        out.push_str(&format!("# {} (`{place}`)\n", group.accessor));
        for op in &group.operations {
            out.push_str(&operation_line(group, op));
            out.push('\n');
        }
        out.push('\n');
    }
    for def in &api.types {
        out.push_str(&type_block(def));
        out.push('\n');
    }
    out
}
