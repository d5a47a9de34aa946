//! Structure-aware damage to an OpenAPI document, driven by `arbitrary`.
//!
//! Byte-level fuzzing mostly produces text that fails to parse, so it rarely
//! reaches `$ref` resolution, naming or code emission. These mutations work on
//! the parsed JSON value instead: the result still parses, and the generator
//! has to cope with what it *means* (dangling or cyclic `$ref`s, deep `allOf`
//! nesting, wrong types, colliding or unusual names, extreme numbers).
//!
//! This file is standalone (it uses only `arbitrary` and `serde_json`/`serde_yaml`)
//! because two drivers share it: the `generate_structured` fuzz target and the
//! proptest suite `tests/tests/fuzz_specs.rs`, which includes it by path.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{Map, Value, json};

/// Upper bound on mutations applied to one document: more rarely adds coverage
/// and makes failing inputs harder to read.
pub const MAX_MUTATIONS: usize = 16;

/// Grafts stop once the document has this many nodes, so repeated copying of
/// large subtrees cannot blow up memory (that would be the fuzzer's fault, not
/// the generator's).
const MAX_NODES: usize = 200_000;

/// The deepest a mutated document may nest (see [`nesting`]).
const MAX_DEPTH: usize = 100;

/// How the mutated document is written back to text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Arbitrary)]
pub enum Format {
    Json,
    JsonPretty,
    Yaml,
}

/// One edit. The `u32` fields pick a node (or key) modulo the number of
/// candidates, so every byte string decodes to a valid list of edits.
#[derive(Debug, Clone, Arbitrary)]
pub enum Mutation {
    /// Removes one key of an object.
    DeleteKey { node: u32, key: u32 },
    /// Copies one member of an object under another name (duplicate paths,
    /// schemas, operationIds, parameters...).
    DuplicateKey { node: u32, key: u32, name: OddName },
    /// Renames one key of an object.
    RenameKey { node: u32, key: u32, name: OddName },
    /// Replaces any node with a value of a (usually) different type.
    Retype { node: u32, to: OddValue },
    /// Copies any subtree over any other node.
    Graft { from: u32, to: u32 },
    /// Points an existing `$ref` somewhere else (or adds one to an object).
    SwapRef { node: u32, target: RefTarget },
    /// Wraps an object in `allOf`/`oneOf`/`anyOf`, `depth` levels deep.
    Compose {
        node: u32,
        kind: Composition,
        depth: u8,
        sibling: u32,
    },
    /// Makes an object refer to itself or to one of its ancestors.
    Cycle { node: u32, via: CycleVia, up: u8 },
    /// Puts an extreme number in place of a number, or in a numeric keyword.
    OddNumber {
        node: u32,
        keyword: NumericKeyword,
        number: OddNumber,
    },
    /// Sets a schema/parameter keyword on an object to an unexpected value.
    SetKeyword {
        node: u32,
        keyword: Keyword,
        value: OddValue,
    },
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Composition {
    AllOf,
    OneOf,
    AnyOf,
    Not,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum CycleVia {
    /// The node itself becomes `{"$ref": <itself or ancestor>}`.
    Direct,
    Property,
    Items,
    AdditionalProperties,
    AllOf,
}

#[derive(Debug, Clone, Arbitrary)]
pub enum RefTarget {
    /// The pointer of some node of the document (often not a schema).
    Node(u32),
    /// The pointer of another existing `$ref` target.
    OtherRef(u32),
    Fixed(FixedRef),
    /// Anything at all.
    Text(String),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum FixedRef {
    Dangling,
    Root,
    Empty,
    NoHash,
    External,
    Url,
    BadEscape,
    Escaped,
    Percent,
    Trailing,
    ArrayIndex,
    ParameterAsSchema,
}

impl FixedRef {
    fn text(self) -> &'static str {
        match self {
            FixedRef::Dangling => "#/components/schemas/DoesNotExist",
            FixedRef::Root => "#",
            FixedRef::Empty => "",
            FixedRef::NoHash => "components/schemas/Pet",
            FixedRef::External => "other.yaml#/components/schemas/Pet",
            FixedRef::Url => "https://example.com/schemas.json#/Pet",
            FixedRef::BadEscape => "#/components/schemas/a~2b",
            FixedRef::Escaped => "#/paths/~1pets~1{id}/get",
            FixedRef::Percent => "#/components/schemas/%7Bid%7D",
            FixedRef::Trailing => "#/components/schemas/",
            FixedRef::ArrayIndex => "#/components/schemas/0/allOf/99",
            FixedRef::ParameterAsSchema => "#/components/parameters/limit",
        }
    }
}

/// Names that stress identifier conversion: keywords, collisions after case
/// conversion, digits, symbols, non-ASCII, empty and very long names.
#[derive(Debug, Clone, Arbitrary)]
pub enum OddName {
    Fixed(u8),
    Text(String),
}

#[rustfmt::skip]
const ODD_NAMES: &[&str] = &[
    "", "_", "__", "self", "Self", "super", "crate", "type", "r#type", "fn", "async", "await",
    "dyn", "try", "union", "gen", "Option", "Result", "String", "Vec", "Box", "Default", "std",
    "123", "1abc", "-", "a-b", "a b", "a.b", "a/b", "{id}", "~", "$ref", "#", "default", "2XX",
    "999", "0", "-1", "fooBar", "foo_bar", "FooBar", "FOO_BAR", "foo-bar", "ümlaut", "日本語",
    "😀", "\u{0}", "\t\n", "'\"", "\\", "a\u{200b}b", "properties", "allOf", "oneOf",
    "x-rust-name", "application/json", "*/*",
];

impl OddName {
    fn text(&self) -> String {
        match self {
            OddName::Fixed(i) => ODD_NAMES[usize::from(*i) % ODD_NAMES.len()].to_owned(),
            OddName::Text(s) if s.len() > 20 => s.repeat(4),
            OddName::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum OddNumber {
    Zero,
    NegOne,
    NegZero,
    U64Max,
    I64Min,
    I64Max,
    Huge,
    NegHuge,
    Tiny,
    Subnormal,
    Fraction,
    Beyond53Bits,
    Small(i16),
}

impl OddNumber {
    fn value(self) -> Value {
        match self {
            OddNumber::Zero => json!(0),
            OddNumber::NegOne => json!(-1),
            OddNumber::NegZero => json!(-0.0),
            OddNumber::U64Max => json!(u64::MAX),
            OddNumber::I64Min => json!(i64::MIN),
            OddNumber::I64Max => json!(i64::MAX),
            OddNumber::Huge => json!(1e308),
            OddNumber::NegHuge => json!(-1e308),
            OddNumber::Tiny => json!(f64::MIN_POSITIVE),
            OddNumber::Subnormal => json!(5e-324),
            OddNumber::Fraction => json!(0.5),
            OddNumber::Beyond53Bits => json!(9_007_199_254_740_993_u64),
            OddNumber::Small(n) => json!(n),
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum NumericKeyword {
    Minimum,
    Maximum,
    ExclusiveMinimum,
    MinLength,
    MaxLength,
    MinItems,
    MaxItems,
    MultipleOf,
    Default,
    Example,
    /// A numeric key, e.g. a status code under `responses`.
    AsKey,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Keyword {
    Type,
    Format,
    Nullable,
    Enum,
    Required,
    Items,
    Properties,
    AdditionalProperties,
    Discriminator,
    Default,
    Const,
    In,
    Style,
    Explode,
    Content,
    Schema,
    Responses,
    Parameters,
    RequestBody,
    OperationId,
    Openapi,
}

impl Keyword {
    fn name(self) -> &'static str {
        match self {
            Keyword::Type => "type",
            Keyword::Format => "format",
            Keyword::Nullable => "nullable",
            Keyword::Enum => "enum",
            Keyword::Required => "required",
            Keyword::Items => "items",
            Keyword::Properties => "properties",
            Keyword::AdditionalProperties => "additionalProperties",
            Keyword::Discriminator => "discriminator",
            Keyword::Default => "default",
            Keyword::Const => "const",
            Keyword::In => "in",
            Keyword::Style => "style",
            Keyword::Explode => "explode",
            Keyword::Content => "content",
            Keyword::Schema => "schema",
            Keyword::Responses => "responses",
            Keyword::Parameters => "parameters",
            Keyword::RequestBody => "requestBody",
            Keyword::OperationId => "operationId",
            Keyword::Openapi => "openapi",
        }
    }
}

/// Values that are valid JSON but often the wrong shape for their place.
#[derive(Debug, Clone, Arbitrary)]
pub enum OddValue {
    Null,
    Bool(bool),
    Number(OddNumber),
    Name(OddName),
    EmptyArray,
    EmptyObject,
    /// A 3.1-style type list, including duplicates and unknown types.
    TypeList(u8),
    /// One of the type/format words, valid or not, in the wrong place.
    TypeWord(u8),
    /// An array of names (for `enum`/`required`, with duplicates and non-strings).
    Names(Vec<OddName>),
    /// A copy of another node of the document.
    CopyOf(u32),
}

#[rustfmt::skip]
const TYPE_WORDS: &[&str] = &[
    "string", "integer", "number", "boolean", "array", "object", "null", "file", "any",
    "int32", "int64", "date-time", "binary", "byte", "uuid", "", "STRING", "query", "path",
    "header", "cookie", "form", "deepObject",
];

const TYPE_LISTS: &[&[&str]] = &[
    &["string", "null"],
    &["null"],
    &[],
    &["integer", "string"],
    &["object", "array", "null"],
    &["string", "string"],
    &["nope"],
];

impl OddValue {
    fn value(&self, doc: &Value, nodes: &[Path]) -> Value {
        match self {
            OddValue::Null => Value::Null,
            OddValue::Bool(b) => Value::Bool(*b),
            OddValue::Number(n) => n.value(),
            OddValue::Name(n) => Value::String(n.text()),
            OddValue::EmptyArray => json!([]),
            OddValue::EmptyObject => json!({}),
            OddValue::TypeList(i) => json!(TYPE_LISTS[usize::from(*i) % TYPE_LISTS.len()]),
            OddValue::TypeWord(i) => json!(TYPE_WORDS[usize::from(*i) % TYPE_WORDS.len()]),
            OddValue::Names(names) => Value::Array(
                names
                    .iter()
                    .enumerate()
                    // Every third entry is not a string: enums of mixed types.
                    .map(|(i, n)| {
                        if i % 3 == 2 {
                            json!(i)
                        } else {
                            json!(n.text())
                        }
                    })
                    .collect(),
            ),
            OddValue::CopyOf(i) => get(doc, pick(nodes, *i)).cloned().unwrap_or(Value::Null),
        }
    }
}

/// What one fuzz input describes: which seed, which edits, which output format.
#[derive(Debug, Clone, Arbitrary)]
pub struct Plan {
    pub seed: u16,
    pub mutations: Vec<Mutation>,
    pub format: Format,
}

impl Plan {
    /// Applies the plan to a copy of `seed` and returns the document as text.
    pub fn render(&self, seed: &Value) -> String {
        let mut doc = seed.clone();
        for mutation in self.mutations.iter().take(MAX_MUTATIONS) {
            apply(&mut doc, mutation);
        }
        serialize(&doc, self.format)
    }

    /// Decodes a plan from raw bytes (as the proptest suite does).
    pub fn from_bytes(bytes: &[u8]) -> Plan {
        Plan::arbitrary_take_rest(Unstructured::new(bytes)).unwrap_or(Plan {
            seed: 0,
            mutations: Vec::new(),
            format: Format::Json,
        })
    }
}

pub fn serialize(doc: &Value, format: Format) -> String {
    match format {
        Format::Json => doc.to_string(),
        Format::JsonPretty => serde_json::to_string_pretty(doc).unwrap_or_default(),
        // serde_yaml can fail on values JSON accepts (it should not, but a
        // fuzz driver must not panic on its own behalf): fall back to JSON.
        Format::Yaml => serde_yaml::to_string(doc).unwrap_or_else(|_| doc.to_string()),
    }
}

/// One step of a path into a JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

type Path = Vec<Step>;

fn apply(doc: &mut Value, mutation: &Mutation) {
    let nodes = all_nodes(doc);
    let objects: Vec<Path> = nodes
        .iter()
        .filter(|p| get(doc, p).is_some_and(Value::is_object))
        .cloned()
        .collect();
    match mutation {
        Mutation::DeleteKey { node, key } => {
            if let Some(map) = object_at(doc, &objects, *node) {
                let k = nth_key(map, *key);
                if let Some(k) = k {
                    map.shift_remove(&k);
                }
            }
        }
        Mutation::DuplicateKey { node, key, name } => {
            if let Some(map) = object_at(doc, &objects, *node)
                && let Some(k) = nth_key(map, *key)
                && let Some(v) = map.get(&k).cloned()
            {
                map.insert(format!("{k}{}", name.text()), v);
            }
        }
        Mutation::RenameKey { node, key, name } => {
            if let Some(map) = object_at(doc, &objects, *node)
                && let Some(k) = nth_key(map, *key)
                && let Some(v) = map.shift_remove(&k)
            {
                map.insert(name.text(), v);
            }
        }
        Mutation::Retype { node, to } => {
            let value = to.value(doc, &nodes);
            if let Some(slot) = get_mut(doc, pick(&nodes, *node)) {
                *slot = value;
            }
        }
        Mutation::Graft { from, to } => {
            let Some(subtree) = get(doc, pick(&nodes, *from)).cloned() else {
                return;
            };
            if nodes.len() + count_nodes(&subtree) > MAX_NODES
                || pick(&nodes, *to).len() + nesting(&subtree) > MAX_DEPTH
            {
                return;
            }
            if let Some(slot) = get_mut(doc, pick(&nodes, *to)) {
                *slot = subtree;
            }
        }
        Mutation::SwapRef { node, target } => swap_ref(doc, &nodes, &objects, *node, target),
        Mutation::Compose {
            node,
            kind,
            depth,
            sibling,
        } => {
            let sibling = get(doc, pick(&objects, *sibling)).cloned();
            let at = pick(&objects, *node);
            let grows = 2 * (usize::from(*depth % 6) + 1) + sibling.as_ref().map_or(0, nesting);
            if get(doc, at).is_some_and(|slot| at.len() + nesting(slot) + grows > MAX_DEPTH) {
                return;
            }
            if let Some(slot) = get_mut(doc, at) {
                for _ in 0..=(depth % 6) {
                    let inner = std::mem::take(slot);
                    *slot = match kind {
                        Composition::AllOf => json!({ "allOf": [inner] }),
                        Composition::Not => json!({ "not": inner }),
                        Composition::OneOf => json!({ "oneOf": [inner, sibling.clone()] }),
                        Composition::AnyOf => json!({ "anyOf": [sibling.clone(), inner] }),
                    };
                }
            }
        }
        Mutation::Cycle { node, via, up } => {
            let path = pick(&objects, *node).to_vec();
            // Point at the node itself or one of its ancestors.
            let keep = path.len().saturating_sub(usize::from(*up % 4));
            let reference = json!({ "$ref": pointer(&path[..keep]) });
            if let Some(slot) = get_mut(doc, &path) {
                match via {
                    CycleVia::Direct => *slot = reference,
                    CycleVia::Property => {
                        set(slot, "properties", json!({ "again": reference }));
                    }
                    CycleVia::Items => set(slot, "items", reference),
                    CycleVia::AdditionalProperties => set(slot, "additionalProperties", reference),
                    CycleVia::AllOf => set(slot, "allOf", json!([reference])),
                }
            }
        }
        Mutation::OddNumber {
            node,
            keyword,
            number,
        } => {
            let numbers: Vec<&Path> = nodes
                .iter()
                .filter(|p| get(doc, p).is_some_and(Value::is_number))
                .collect();
            // Half the time replace an existing number, else add a keyword.
            if !numbers.is_empty() && node % 2 == 0 {
                let path = numbers[(*node / 2) as usize % numbers.len()].clone();
                if let Some(slot) = get_mut(doc, &path) {
                    *slot = number.value();
                }
            } else if let Some(map) = object_at(doc, &objects, *node) {
                let key = match keyword {
                    NumericKeyword::Minimum => "minimum",
                    NumericKeyword::Maximum => "maximum",
                    NumericKeyword::ExclusiveMinimum => "exclusiveMinimum",
                    NumericKeyword::MinLength => "minLength",
                    NumericKeyword::MaxLength => "maxLength",
                    NumericKeyword::MinItems => "minItems",
                    NumericKeyword::MaxItems => "maxItems",
                    NumericKeyword::MultipleOf => "multipleOf",
                    NumericKeyword::Default => "default",
                    NumericKeyword::Example => "example",
                    NumericKeyword::AsKey => {
                        let key = number.value().to_string();
                        map.insert(key, json!({ "description": "odd" }));
                        return;
                    }
                };
                map.insert(key.to_owned(), number.value());
            }
        }
        Mutation::SetKeyword {
            node,
            keyword,
            value,
        } => {
            let value = value.value(doc, &nodes);
            if let Some(map) = object_at(doc, &objects, *node) {
                map.insert(keyword.name().to_owned(), value);
            }
        }
    }
}

fn swap_ref(doc: &mut Value, nodes: &[Path], objects: &[Path], node: u32, target: &RefTarget) {
    let refs: Vec<Path> = nodes
        .iter()
        .filter(|p| matches!(p.last(), Some(Step::Key(k)) if k == "$ref"))
        .cloned()
        .collect();
    let text = match target {
        RefTarget::Node(i) => pointer(pick(nodes, *i)),
        RefTarget::OtherRef(i) => match get(doc, pick(&refs, *i)) {
            Some(Value::String(s)) => s.clone(),
            _ => pointer(pick(nodes, *i)),
        },
        RefTarget::Fixed(f) => f.text().to_owned(),
        RefTarget::Text(s) => s.clone(),
    };
    // Odd selectors retarget an existing `$ref`, even ones add a `$ref` to
    // an object (next to its other keys, which 3.0 says to ignore).
    if node % 2 == 1 && !refs.is_empty() {
        if let Some(slot) = get_mut(doc, pick(&refs, node / 2)) {
            *slot = Value::String(text);
        }
    } else if let Some(map) = object_at(doc, objects, node / 2) {
        map.insert("$ref".to_owned(), Value::String(text));
    }
}

/// Sets `key` on `slot`, turning a non-object into an object first.
fn set(slot: &mut Value, key: &str, value: Value) {
    if !slot.is_object() {
        *slot = Value::Object(Map::new());
    }
    if let Value::Object(map) = slot {
        map.insert(key.to_owned(), value);
    }
}

fn pick(paths: &[Path], i: u32) -> &[Step] {
    if paths.is_empty() {
        &[]
    } else {
        &paths[i as usize % paths.len()]
    }
}

fn nth_key(map: &Map<String, Value>, i: u32) -> Option<String> {
    if map.is_empty() {
        return None;
    }
    map.keys().nth(i as usize % map.len()).cloned()
}

fn object_at<'a>(
    doc: &'a mut Value,
    objects: &[Path],
    i: u32,
) -> Option<&'a mut Map<String, Value>> {
    get_mut(doc, pick(objects, i))?.as_object_mut()
}

/// Every node's path, in document order (the root first).
fn all_nodes(doc: &Value) -> Vec<Path> {
    fn walk(value: &Value, path: &mut Path, out: &mut Vec<Path>) {
        out.push(path.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    path.push(Step::Key(k.clone()));
                    walk(v, path, out);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    walk(v, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, &mut Vec::new(), &mut out);
    out
}

/// How deeply `value` nests. Documents are kept within [`MAX_DEPTH`], so
/// this recursion (and serializing, walking and dropping them) stays shallow:
/// repeated grafts would otherwise double the depth until the harness's own
/// recursion overflows the stack, which is not a generator bug (its JSON and
/// YAML parsers refuse documents nested deeper than 128 levels).
fn nesting(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.values().map(nesting).max().unwrap_or(0),
        Value::Array(items) => items.iter().map(nesting).max().unwrap_or(0),
        _ => 0,
    }
}

fn count_nodes(value: &Value) -> usize {
    1 + match value {
        Value::Object(map) => map.values().map(count_nodes).sum(),
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        _ => 0,
    }
}

fn get<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(k.as_str()),
        Step::Index(i) => v.get(*i),
    })
}

fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::Index(i) => v.get_mut(*i),
    })
}

/// The document-local JSON pointer (`#/a~1b/0`) of a path (RFC 6901).
fn pointer(path: &[Step]) -> String {
    let mut out = String::from("#");
    for step in path {
        out.push('/');
        match step {
            Step::Key(k) => out.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Step::Index(i) => out.push_str(&i.to_string()),
        }
    }
    out
}
