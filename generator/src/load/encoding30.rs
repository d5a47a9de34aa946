//! OpenAPI 3.0's Encoding Object: `style`, `explode` and `allowReserved`
//! "SHALL be ignored if the request body media type is not
//! application/x-www-form-urlencoded" (3.0.3). 3.1 applies them to
//! `multipart/form-data` too, and the model reads every document with the
//! 3.1 rule (3.1 documents are read in 3.0 shape), so a 3.0 document loses
//! them here, before anything reads them. A part without them is sent as its
//! `contentType` says: an object, or an array of objects, as JSON.
//!
//! Each dropped entry gets a warning, since the spec's author evidently meant
//! something (Stripe's 3.0 spec asks for `deepObject` parts, for one).

use serde_json::Value;

use super::pointer::Frame;
use super::walk::{self, Dialect, Kind};
use crate::Warning;

const FORM: &str = "application/x-www-form-urlencoded";
const IGNORED: [&str; 3] = ["style", "explode", "allowReserved"];

/// Drops the keys 3.0 ignores from the encoding entries of request bodies
/// that are not forms.
pub fn drop_ignored_styles(document: &mut Value, warnings: &mut Vec<Warning>) {
    let mut media_types = Vec::new();
    walk::walk_document(
        document,
        Dialect::OpenApi3,
        &mut |kind, frame: &Frame<'_>, value: &Value| {
            let pointer = frame.pointer();
            if kind == Kind::MediaType
                && value.get("encoding").is_some_and(Value::is_object)
                && in_request_body(&pointer)
            {
                media_types.push(pointer);
            }
        },
    );
    for pointer in media_types {
        let media_type = pointer
            .rsplit('/')
            .next()
            .unwrap_or("")
            .replace("~1", "/")
            .replace("~0", "~");
        if media_type.trim().to_ascii_lowercase().starts_with(FORM) {
            continue;
        }
        let Some(encoding) = document
            .pointer_mut(&format!("{}/encoding", pointer.trim_start_matches('#')))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (property, entry) in encoding.iter_mut() {
            let Some(entry) = entry.as_object_mut() else {
                continue;
            };
            let dropped: Vec<&str> = IGNORED
                .into_iter()
                .filter(|key| entry.remove(*key).is_some())
                .collect();
            if dropped.is_empty() {
                continue;
            }
            let keys = dropped
                .iter()
                .map(|key| format!("`{key}`"))
                .collect::<Vec<_>>()
                .join(", ");
            warnings.push(Warning::new(
                format!(
                    "{pointer}/encoding/{}",
                    crate::error::escape_pointer(property)
                ),
                format!(
                    "{keys} on a `{media_type}` part: OpenAPI 3.0 applies them to \
                     application/x-www-form-urlencoded bodies only (3.0.3, Encoding Object), so they are \
                     ignored and `{property}` is sent as its `contentType` says (an object as JSON); \
                     OpenAPI 3.1 would apply them"
                ),
            ));
        }
    }
}

/// Whether a media type's pointer is in a request body (an operation's or
/// one in `#/components/requestBodies`), where encodings mean something.
fn in_request_body(pointer: &str) -> bool {
    pointer.contains("/requestBody/content/") || pointer.starts_with("#/components/requestBodies/")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::drop_ignored_styles;

    #[test]
    fn multipart_parts_lose_their_style_and_forms_keep_theirs() {
        let encoding = json!({
            "meta": {"style": "deepObject", "explode": true, "contentType": "application/json"},
            "tags": {"style": "form", "explode": false},
            "file": {"contentType": "image/png"}
        });
        let mut document = json!({
            "openapi": "3.0.3",
            "paths": {"/up": {"post": {"requestBody": {"content": {
                "multipart/form-data": {"schema": {"type": "object"}, "encoding": encoding},
                "application/x-www-form-urlencoded": {"schema": {"type": "object"}, "encoding": encoding}
            }}, "responses": {}}}}
        });
        let mut warnings = Vec::new();
        drop_ignored_styles(&mut document, &mut warnings);
        let content = &document["paths"]["/up"]["post"]["requestBody"]["content"];
        assert_eq!(
            content["multipart/form-data"]["encoding"],
            json!({"meta": {"contentType": "application/json"}, "tags": {}, "file": {"contentType": "image/png"}})
        );
        assert_eq!(
            content["application/x-www-form-urlencoded"]["encoding"],
            encoding
        );
        let locations: Vec<&str> = warnings.iter().map(|w| w.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "#/paths/~1up/post/requestBody/content/multipart~1form-data/encoding/meta",
                "#/paths/~1up/post/requestBody/content/multipart~1form-data/encoding/tags",
            ]
        );
        assert!(warnings[0].message.contains("`style`, `explode`"));
    }
}
