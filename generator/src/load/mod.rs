//! Stage 1: text → `openapiv3::OpenAPI`.
//!
//! Reads what it can: JSON or YAML (`parse`), Swagger 2.0 (`swagger2`),
//! OpenAPI 3.0, 3.1 (`openapi31`) and 3.2 (`openapi32`), specs split over
//! several files (`bundle`), and faults that have one sane reading
//! (`lenient`, `refs`, `repair`), each recorded as a [`Warning`]. It refuses
//! only text that is not JSON/YAML, and documents that are not OpenAPI.

mod bundle;
mod decode;
mod encoding30;
mod lenient;
mod openapi31;
mod openapi32;
mod parse;
pub(crate) mod pointer;
mod refs;
mod source;
mod swagger2;
pub(crate) mod walk;

use serde_json::Value;

pub use source::{Location, Resolver, SpecSource};

use crate::error::ErrorKind;
use crate::{Error, Warning};
use walk::Dialect;

/// A document read and decoded, with what was assumed on the way.
pub struct Loaded {
    pub document: openapiv3::OpenAPI,
    /// The (3.0-shaped) JSON the document was decoded from, for `$ref`s that
    /// point anywhere and for what `openapiv3` does not keep (the 3.2 `query`
    /// method, `additionalOperations`, a media type's `itemSchema`).
    pub raw: Value,
    pub warnings: Vec<Warning>,
    /// How to turn a pointer into `raw` back into one into what the user
    /// wrote (a Swagger 2.0 document, the files of a multi-file spec).
    pub relocation: Relocation,
}

/// Parses, bundles, converts and decodes a spec.
pub fn load_source(source: &SpecSource<'_>) -> Result<Loaded, Error> {
    let mut warnings = Vec::new();
    let (value, version, bundle_origins) = read_bundled(source, &mut warnings)?;
    // Faults met before conversion are located in the document as written.
    let mut relocation = Relocation {
        as_written: warnings.clone(),
        ..Relocation::default()
    };
    let mut value = match version {
        SpecVersion::Swagger2 => {
            let (converted, origins) = swagger2::convert(value, &mut warnings);
            relocation.steps.push(origins);
            converted
        }
        SpecVersion::V3_2 => openapi31::downgrade(openapi32::to_3_1(value, &mut warnings)),
        SpecVersion::V3_1 => openapi31::downgrade(value),
        SpecVersion::V3_0 => {
            let mut value = value;
            encoding30::drop_ignored_styles(&mut value, &mut warnings);
            value
        }
    };
    relocation.steps.push(bundle_origins);
    refs::resolve_inline_refs(&mut value, &mut warnings);
    lenient::repair_document(&mut value, &mut warnings)?;
    refs::read_dangling_refs(&mut value, &mut warnings);
    let document = decode::decode_leniently(&mut value, &mut warnings)?;
    Ok(Loaded {
        document,
        raw: value,
        warnings,
        relocation,
    })
}

/// Pointer prefixes of bundled parts → where each came from.
pub(crate) type Origins = Vec<(String, String)>;

/// The document with the other files of a multi-file spec copied in, still
/// in the version it was written in.
pub(crate) fn read_bundled(
    source: &SpecSource<'_>,
    warnings: &mut Vec<Warning>,
) -> Result<(Value, SpecVersion, Origins), Error> {
    let value = parse::parse_text(source.text, warnings)?;
    let version = detect_version(&value, warnings)?;
    let mut value = value;
    set_version_text(&mut value);
    if !has_external_refs(source.text) {
        return Ok((value, version, Vec::new()));
    }
    let dialect = match version {
        SpecVersion::Swagger2 => Dialect::Swagger2,
        _ => Dialect::OpenApi3,
    };
    let base = source.base_url()?;
    let bundled = bundle::bundle(value, dialect, base.as_ref(), source.resolver, warnings)?;
    Ok((bundled.document, version, bundled.origins))
}

/// Whether some `$ref` (or other reference) in the text may point outside
/// the document. A cheap look at the text spares the walk for the common
/// single-file spec; a false positive only costs that walk.
fn has_external_refs(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("$ref") {
        rest = &rest[at + 4..];
        let value = rest
            .trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        if !value.starts_with('#') {
            return true;
        }
    }
    false
}

/// Like [`load_source`] for one self-contained document, without the warnings.
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, Error> {
    load_document(text).map(|(document, _)| document)
}

/// Like [`load`], also returning the (3.0-shaped) JSON the document was
/// decoded from, for `$ref`s that point inside schemas.
pub fn load_document(text: &str) -> Result<(openapiv3::OpenAPI, Value), Error> {
    load_source(&SpecSource::text(text)).map(|loaded| (loaded.document, loaded.raw))
}

/// Pointers into the loaded document → pointers into what the user wrote.
#[derive(Debug, Clone, Default)]
pub struct Relocation {
    /// Applied in order; each is a list of (prefix, replacement).
    steps: Vec<Vec<(String, String)>>,
    /// Warnings already located in what the user wrote.
    as_written: Vec<Warning>,
}

impl Relocation {
    /// `warning` located in the document the user wrote.
    pub fn relocate(&self, warning: &Warning) -> Warning {
        if self.as_written.contains(warning) {
            return warning.clone();
        }
        Warning::new(self.locate(&warning.location), warning.message.clone())
    }

    /// `location` in the terms of the document the user wrote.
    pub fn locate(&self, location: &str) -> String {
        let mut location = location.to_owned();
        for step in &self.steps {
            let best = step
                .iter()
                .filter(|(prefix, _)| {
                    location == *prefix
                        || (location.starts_with(prefix.as_str())
                            && location[prefix.len()..].starts_with('/'))
                })
                .max_by_key(|(prefix, _)| prefix.len());
            if let Some((prefix, replacement)) = best {
                location = format!("{replacement}{}", &location[prefix.len()..]);
            }
        }
        location
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    Swagger2,
    V3_0,
    V3_1,
    V3_2,
}

/// Parses JSON (if it looks like JSON) or YAML into a JSON value.
pub fn parse_text(text: &str) -> Result<Value, Error> {
    parse::parse_text(text, &mut Vec::new())
}

/// Accepts Swagger 2.0 and OpenAPI 3.0 to 3.2; refuses anything else.
pub fn check_version(value: &Value) -> Result<SpecVersion, Error> {
    detect_version(value, &mut Vec::new())
}

/// The version a document declares. A version written as a number
/// (`openapi: 3.0`) is read as its text; a 3.x minor version this generator
/// does not know yet is read as the latest it knows.
fn detect_version(value: &Value, warnings: &mut Vec<Warning>) -> Result<SpecVersion, Error> {
    let Some(object) = value.as_object() else {
        return Err(
            Error::new("#", "an OpenAPI document must be a JSON/YAML object")
                .of_kind(ErrorKind::NotOpenApi),
        );
    };
    let text = |key: &str, warnings: &mut Vec<Warning>| -> Option<String> {
        match object.get(key)? {
            Value::String(text) => Some(text.trim().to_owned()),
            Value::Number(number) => {
                let text = version_text(number);
                warnings.push(Warning::new(
                    format!("#/{key}"),
                    format!("the version is a number; read as the text \"{text}\""),
                ));
                Some(text)
            }
            _ => None,
        }
    };
    if object.contains_key("swagger") && !object.contains_key("openapi") {
        let version = text("swagger", warnings).unwrap_or_default();
        if version.starts_with('2') {
            return Ok(SpecVersion::Swagger2);
        }
        return Err(Error::new(
            "#/swagger",
            format!(
                "Swagger `{version}` is not supported (supported: Swagger 2.0 and OpenAPI 3.x)"
            ),
        ));
    }
    let Some(version) = text("openapi", warnings) else {
        return Err(Error::new(
            "#",
            match object.get("openapi") {
                Some(_) => "the `openapi` version must be a string such as \"3.0.3\"",
                None => "missing the `openapi` version field: this is not an OpenAPI document",
            },
        )
        .of_kind(ErrorKind::NotOpenApi));
    };
    let mut parts = version.split('.');
    let major = parts.next().unwrap_or("");
    let minor = parts.next().and_then(|minor| minor.parse::<u32>().ok());
    match (major, minor) {
        ("3", Some(0)) => Ok(SpecVersion::V3_0),
        ("3", Some(1)) => Ok(SpecVersion::V3_1),
        ("3", Some(2)) => Ok(SpecVersion::V3_2),
        ("3", _) => {
            let (read_as, version_read) = match minor {
                Some(minor) if minor > 2 => (SpecVersion::V3_2, "3.2"),
                _ => (SpecVersion::V3_0, "3.0"),
            };
            warnings.push(Warning::new(
                "#/openapi",
                format!("OpenAPI `{version}` is not a version this generator knows; read as {version_read}"),
            ));
            Ok(read_as)
        }
        ("2", _) => Ok(SpecVersion::Swagger2).inspect(|_| {
            warnings.push(Warning::new(
                "#/openapi",
                format!("`openapi: {version}` names a Swagger version; read as Swagger 2.0"),
            ))
        }),
        _ => Err(Error::new(
            "#/openapi",
            format!(
                "OpenAPI `{version}` is not supported (supported: Swagger 2.0 and OpenAPI 3.x)"
            ),
        )),
    }
}

/// `3.0` as a YAML number is the float 3.0, whose text is "3.0".
fn version_text(number: &serde_json::Number) -> String {
    match number.as_f64() {
        Some(float) if number.is_f64() && float.fract() == 0.0 => format!("{float:.1}"),
        _ => number.to_string(),
    }
}

/// Writes a numeric version back as text, so the converters and decoder see a string.
fn set_version_text(value: &mut Value) {
    for key in ["openapi", "swagger"] {
        if let Some(slot) = value.get_mut(key) {
            if let Value::Number(number) = slot {
                *slot = Value::String(version_text(number));
            }
        }
    }
}

/// Canonical JSON text: keys sorted recursively, two-space indent, final newline.
pub fn canonical_json(value: &Value) -> String {
    fn sorted(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                let mut out = serde_json::Map::new();
                for key in keys {
                    out.insert(key.clone(), sorted(&map[key]));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
            other => other.clone(),
        }
    }
    let mut text = serde_json::to_string_pretty(&sorted(value)).unwrap_or_default();
    text.push('\n');
    text
}
