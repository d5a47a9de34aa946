//! How parameter values become text on the wire: OpenAPI's `style`, `explode` and
//! `allowReserved` (Parameter Object, "Style Values" and "Style Examples"), which are
//! RFC 6570 URI Template expansions, with RFC 3986 percent-encoding per location.
//!
//! Values arrive as `serde_json::Value` (every generated type serializes to one):
//! `null` is undefined and left out, a string, number or boolean is a primitive, an array
//! a list and an object a list of name/value pairs. RFC 6570 defines one level; a nested
//! array or object inside one is sent as JSON text, except in `deepObject`, which nests
//! brackets (`name[key][inner]=value`, `name[]=item`).
//!
//! The _n/a_ cells of the specification's table get the reading the generator announces
//! as a warning: `spaceDelimited`/`pipeDelimited` for a primitive or with `explode: true`
//! fall back to `form`; `deepObject` is always exploded and sends a primitive as
//! `name=value`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

/// The `style` values of OpenAPI's Parameter Object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "generated code names the styles its API declares")]
pub(crate) enum Style {
    /// `a,b,c` (path, header).
    Simple,
    /// `.a.b.c` (path).
    Label,
    /// `;name=a;name=b` (path).
    Matrix,
    /// `name=a&name=b` (query, cookie).
    Form,
    /// `name=a%20b` (query).
    SpaceDelimited,
    /// `name=a%7Cb` (query).
    PipeDelimited,
    /// `name%5Bkey%5D=value` (query).
    DeepObject,
}

/// A parameter's `style`, `explode` and `allowReserved`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParamStyle {
    pub(crate) style: Style,
    pub(crate) explode: bool,
    pub(crate) allow_reserved: bool,
}

#[allow(dead_code, reason = "generated code uses the combinations its API declares")]
impl Style {
    /// This style with `explode` set as given.
    pub(crate) const fn explode(self, explode: bool) -> ParamStyle {
        ParamStyle { style: self, explode, allow_reserved: false }
    }
}

#[allow(dead_code, reason = "generated code uses the combinations its API declares")]
impl ParamStyle {
    /// With `allowReserved: true`: RFC 3986 reserved characters in values pass unencoded.
    pub(crate) const fn allow_reserved(self) -> Self {
        ParamStyle { allow_reserved: true, ..self }
    }
}

/// How a parameter or form field is encoded: by style, or by a media type
/// (a parameter's `content`, a form field's `contentType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "generated code uses the encodings its API declares")]
pub(crate) enum Encoding {
    Style(ParamStyle),
    /// The value as JSON text (`application/json`).
    Json,
    /// The value as plain text: a string as it is, anything else as JSON text.
    Text,
}

impl From<ParamStyle> for Encoding {
    fn from(style: ParamStyle) -> Self {
        Encoding::Style(style)
    }
}

/// RFC 3986 "unreserved": everything else is percent-encoded (RFC 6570 simple expansion).
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// `allowReserved` (RFC 6570 reserved expansion): the reserved characters a query
/// string may hold pass as they are; `[`, `]` and `#` (not allowed in a query) and `&`,
/// `=` and `+` (special in form decoding) are still encoded (OpenAPI 3.1.1 Appendix C).
const RESERVED: &AsciiSet = &UNRESERVED
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b',')
    .remove(b';');

/// `application/x-www-form-urlencoded` values by content (OpenAPI 3.1.1's example
/// `address=%7B%22streetAddress%22:%22123+Example+Dr.%22,…`): what a query may hold stays,
/// `&`, `=`, `+`, `#`, `[`, `]` and everything unsafe is encoded, and a space is `+`.
const FORM_CONTENT: &AsciiSet = &RESERVED.add(b' ');

/// Percent-encodes everything but unreserved characters.
pub(crate) fn encode(text: &str) -> String {
    utf8_percent_encode(text, UNRESERVED).to_string()
}

/// Reserved expansion: like [`RESERVED`], and percent-encoded triples already in the
/// value pass unchanged (a `%` that starts none is encoded).
fn encode_reserved(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut start = 0;
    let mut index = 0;
    while index < bytes.len() {
        let triple = bytes[index] == b'%'
            && bytes.get(index + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(index + 2).is_some_and(u8::is_ascii_hexdigit);
        if triple {
            out.extend(utf8_percent_encode(&text[start..index], RESERVED));
            out.push_str(&text[index..index + 3]);
            index += 3;
            start = index;
        } else {
            index += 1;
        }
    }
    out.extend(utf8_percent_encode(&text[start..], RESERVED));
    out
}

/// A value of a form body field, by content.
fn encode_form_content(text: &str) -> String {
    utf8_percent_encode(text, FORM_CONTENT).to_string().replace("%20", "+")
}

/// A value as RFC 6570 sees it.
enum Shape {
    /// `null`, an empty array, an empty object: left out.
    Undefined,
    Primitive(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

/// A value's text when it stands alone: strings as they are, other primitives as
/// JSON writes them, nested arrays and objects as JSON text.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

fn shape(value: &Value) -> Shape {
    match value {
        Value::Null => Shape::Undefined,
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter_map(text).collect();
            if items.is_empty() { Shape::Undefined } else { Shape::List(items) }
        }
        Value::Object(fields) => {
            let pairs: Vec<(String, String)> =
                fields.iter().filter_map(|(name, value)| Some((name.clone(), text(value)?))).collect();
            if pairs.is_empty() { Shape::Undefined } else { Shape::Pairs(pairs) }
        }
        other => text(other).map_or(Shape::Undefined, Shape::Primitive),
    }
}

/// The expansion of a path parameter (`simple`, `label`, `matrix`) that replaces
/// `{name}` in the path template; empty when the value is undefined.
pub(crate) fn path(name: &str, value: &Value, style: Style, explode: bool) -> String {
    let shape = shape(value);
    let name = encode(name);
    // RFC 6570 §3.2: (prefix, separator, named).
    let (prefix, separator, named) = match style {
        Style::Label => (".", ".", false),
        Style::Matrix => (";", ";", true),
        _ => ("", ",", false),
    };
    // A named empty value is `;name`, without `=` (RFC 6570 §3.2.7).
    let assign = |name: &str, value: &str| {
        if value.is_empty() { name.to_owned() } else { format!("{name}={value}") }
    };
    let body = match shape {
        Shape::Undefined => return String::new(),
        Shape::Primitive(value) if named => assign(&name, &encode(&value)),
        Shape::Primitive(value) => encode(&value),
        Shape::List(items) if explode => {
            let items = items.iter().map(|item| if named { assign(&name, &encode(item)) } else { encode(item) });
            items.collect::<Vec<_>>().join(separator)
        }
        Shape::List(items) => {
            let joined = items.iter().map(|item| encode(item)).collect::<Vec<_>>().join(",");
            if named { format!("{name}={joined}") } else { joined }
        }
        Shape::Pairs(pairs) if explode => {
            let pairs = pairs.iter().map(|(key, value)| {
                if named { assign(&encode(key), &encode(value)) } else { format!("{}={}", encode(key), encode(value)) }
            });
            pairs.collect::<Vec<_>>().join(separator)
        }
        Shape::Pairs(pairs) => {
            let joined = pairs.iter().flat_map(|(key, value)| [encode(key), encode(value)]).collect::<Vec<_>>().join(",");
            if named { format!("{name}={joined}") } else { joined }
        }
    };
    format!("{prefix}{body}")
}

/// How query-like pairs are escaped: for a URL query or a form body (percent-encoded
/// names, values and delimiters), or for multipart part names and values (as they are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    Query,
    Raw,
}

/// The `name=value` pairs of a query parameter (or a form field by style), escaped as
/// `escape` says. Undefined values give no pair.
pub(crate) fn pairs(name: &str, value: &Value, style: ParamStyle, escape: Escape) -> Vec<(String, String)> {
    let raw = escape == Escape::Raw;
    let key = |text: &str| if raw { text.to_owned() } else { encode(text) };
    let val = |text: &str| match (raw, style.allow_reserved) {
        (true, _) => text.to_owned(),
        (false, true) => encode_reserved(text),
        (false, false) => encode(text),
    };
    if style.style == Style::DeepObject {
        let mut out = Vec::new();
        let (open, close) = if raw { ("[", "]") } else { ("%5B", "%5D") };
        deep_object(key(name), value, &mut out, &|text| key(text), &|text| val(text), (open, close));
        return out;
    }
    let delimiter = match (style.style, raw) {
        (Style::SpaceDelimited, false) => Some("%20"),
        (Style::SpaceDelimited, true) => Some(" "),
        (Style::PipeDelimited, false) => Some("%7C"),
        (Style::PipeDelimited, true) => Some("|"),
        _ => None,
    };
    let name = key(name);
    match shape(value) {
        Shape::Undefined => Vec::new(),
        Shape::Primitive(value) => vec![(name, val(&value))],
        Shape::List(items) if style.explode => items.iter().map(|item| (name.clone(), val(item))).collect(),
        Shape::List(items) => {
            let joined = items.iter().map(|item| val(item)).collect::<Vec<_>>().join(delimiter.unwrap_or(","));
            vec![(name, joined)]
        }
        Shape::Pairs(pairs) if style.explode => pairs.iter().map(|(field, value)| (key(field), val(value))).collect(),
        Shape::Pairs(pairs) => {
            let joined = pairs
                .iter()
                .flat_map(|(field, value)| [key(field), val(value)])
                .collect::<Vec<_>>()
                .join(delimiter.unwrap_or(","));
            vec![(name, joined)]
        }
    }
}

/// `name[key]=value` for each property, recursively: nested objects add brackets
/// (`name[a][b]`), arrays of primitives repeat `name[]`, and array items that are
/// themselves arrays or objects are indexed (`name[0][key]`).
///
/// OpenAPI defines `deepObject` for objects of primitives only. For arrays, `name[]` is
/// what Stripe (284 `deepObject` parameters, most of them `expand` arrays) documents in
/// its own spec: "Use `expand[]=discounts` in API calls to expand discount IDs in an
/// array"; PHP, Rack and `qs` all read it as an array. Items that are objects need an
/// index to stay apart (`items[0][price]=…&items[1][price]=…`), as Stripe's libraries send.
fn deep_object(
    prefix: String,
    value: &Value,
    out: &mut Vec<(String, String)>,
    key: &dyn Fn(&str) -> String,
    val: &dyn Fn(&str) -> String,
    (open, close): (&str, &str),
) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            for (field, value) in fields {
                deep_object(format!("{prefix}{open}{}{close}", key(field)), value, out, key, val, (open, close));
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let nested = if item.is_object() || item.is_array() {
                    format!("{prefix}{open}{index}{close}")
                } else {
                    format!("{prefix}{open}{close}")
                };
                deep_object(nested, item, out, key, val, (open, close));
            }
        }
        primitive => {
            if let Some(text) = text(primitive) {
                out.push((prefix, val(&text)));
            }
        }
    }
}

/// A header parameter's value (`simple`); no percent-encoding, since a header is not
/// part of a URI. `None` when undefined.
pub(crate) fn header(value: &Value, explode: bool) -> Option<String> {
    match shape(value) {
        Shape::Undefined => None,
        Shape::Primitive(value) => Some(value),
        Shape::List(items) => Some(items.join(",")),
        Shape::Pairs(pairs) if explode => {
            Some(pairs.iter().map(|(key, value)| format!("{key}={value}")).collect::<Vec<_>>().join(","))
        }
        Shape::Pairs(pairs) => Some(pairs.iter().flat_map(|(key, value)| [key.as_str(), value.as_str()]).collect::<Vec<_>>().join(",")),
    }
}

/// A cookie parameter (`form`) as `name=value` entries; several values with `explode`
/// become separate cookies (`a=1; a=2`), since `&` cannot separate cookies (OpenAPI
/// 3.1.1 Appendix D). Values are percent-encoded, which keeps them valid cookie octets.
pub(crate) fn cookie(name: &str, value: &Value, explode: bool) -> Vec<String> {
    pairs(name, value, Style::Form.explode(explode), Escape::Query)
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect()
}

/// A value encoded by media type: JSON text, or plain text.
pub(crate) fn content(value: &Value, encoding: Encoding) -> Option<String> {
    match (value, encoding) {
        (Value::Null, _) => None,
        (value, Encoding::Json) => Some(value.to_string()),
        (value, _) => text(value),
    }
}

/// An `application/x-www-form-urlencoded` body from an object's properties. A property
/// with an entry in `encodings` is serialized as that entry says; any other by content,
/// the Encoding Object's defaults: primitives as text, objects as JSON text, arrays as one
/// pair per item (OpenAPI 3.1.1, "Encoding the x-www-form-urlencoded Media Type").
pub(crate) fn form_body(fields: &serde_json::Map<String, Value>, encodings: &[(&str, Encoding)]) -> String {
    let mut pieces: Vec<String> = Vec::new();
    for (name, value) in fields {
        let encoding = encodings.iter().find(|(field, _)| field == name).map(|(_, encoding)| *encoding);
        match encoding {
            Some(Encoding::Style(style)) => {
                pieces.extend(pairs(name, value, style, Escape::Query).into_iter().map(|(name, value)| format!("{name}={value}")));
            }
            content_type => {
                for item in content_items(value, content_type) {
                    pieces.push(format!("{}={}", encode_form_content(name), encode_form_content(&item)));
                }
            }
        }
    }
    pieces.join("&")
}

/// The texts of a form field by content: one per array item, each item by its type
/// (objects and arrays as JSON) unless the declared content type says JSON or text.
pub(crate) fn content_items(value: &Value, declared: Option<Encoding>) -> Vec<String> {
    let one = |value: &Value| match declared {
        Some(encoding @ (Encoding::Json | Encoding::Text)) => content(value, encoding),
        _ => text(value),
    };
    match value {
        Value::Array(items) => items.iter().filter_map(one).collect(),
        other => one(other).into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn query(name: &str, value: Value, style: ParamStyle) -> String {
        pairs(name, &value, style, Escape::Query)
            .into_iter()
            .map(|(name, value)| format!("{name}={value}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    #[test]
    fn reserved_expansion_keeps_triples_and_encodes_what_a_query_cannot_hold() {
        assert_eq!(encode_reserved("x/y:z?%2B%zz[a]#&=+ ^"), "x/y:z?%2B%25zz%5Ba%5D%23%26%3D%2B%20%5E");
    }

    #[test]
    fn deep_object_nests_brackets() {
        // Property order is the value's (serde_json keeps insertion order here).
        let value = json!({"gte": 1, "tags": ["a", "b"], "items": [{"price": "p"}], "skip": null});
        assert_eq!(
            query("f", value, Style::DeepObject.explode(true)),
            "f%5Bgte%5D=1&f%5Btags%5D%5B%5D=a&f%5Btags%5D%5B%5D=b&f%5Bitems%5D%5B0%5D%5Bprice%5D=p"
        );
    }

    #[test]
    fn undefined_values_are_left_out() {
        assert_eq!(query("a", json!(null), Style::Form.explode(true)), "");
        assert_eq!(query("a", json!([]), Style::Form.explode(false)), "");
        assert_eq!(query("a", json!({}), Style::DeepObject.explode(true)), "");
        assert_eq!(path("a", &json!(null), Style::Matrix, false), "");
    }

    #[test]
    fn form_content_encodes_like_the_specification_example() {
        let address = json!({"streetAddress": "123 Example Dr.", "zip": "99999+1234"});
        let mut fields = serde_json::Map::new();
        fields.insert("address".to_owned(), address);
        assert_eq!(
            form_body(&fields, &[]),
            "address=%7B%22streetAddress%22:%22123+Example+Dr.%22,%22zip%22:%2299999%2B1234%22%7D"
        );
    }
}
