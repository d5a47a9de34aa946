//! Responses: each declared media type read one defined way, the success bodies'
//! representations and payloads, and the `Accept` header that names them.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, StatusCode};

use super::super::names::{self, NameSet};
use super::super::*;
use super::{OperationBuilder, unescape};
use crate::error::escape_pointer;
use crate::{Error, Warning};

/// How the client treats one declared media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Read with this format; the rank orders preference (lower first).
    Read(u8, Format),
    /// A serialization the client does not parse (XML, YAML, CBOR, Protobuf,
    /// MessagePack): bytes, and only when nothing else is declared.
    Alternate,
}

fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn reading(essence: &str) -> Reading {
    let (main, sub) = essence.split_once('/').unwrap_or((essence, ""));
    let structured = |suffix: &str| {
        sub == suffix || sub == format!("x-{suffix}") || sub.ends_with(&format!("+{suffix}"))
    };
    match essence {
        "application/json" => Reading::Read(0, Format::Json),
        _ if sub.ends_with("+json") => Reading::Read(0, Format::Json),
        "text/event-stream" => Reading::Read(1, Format::EventStream),
        "application/jsonl"
        | "application/x-jsonl"
        | "application/jsonlines"
        | "application/x-jsonlines"
        | "application/json-lines"
        | "application/ndjson"
        | "application/x-ndjson" => Reading::Read(2, Format::JsonLines),
        "application/json-seq" => Reading::Read(3, Format::JsonSeq),
        "application/x-www-form-urlencoded" => Reading::Read(4, Format::Text),
        _ if structured("xml") && main == "text" => Reading::Read(5, Format::Text),
        _ if ["xml", "yaml", "cbor", "protobuf", "msgpack", "cbor-seq"]
            .iter()
            .any(|format| structured(format))
            || sub.contains("protobuf") =>
        {
            Reading::Alternate
        }
        _ if main == "text" => Reading::Read(5, Format::Text),
        _ if sub.contains("json") => Reading::Read(6, Format::Json),
        _ => Reading::Read(7, Format::Binary),
    }
}

/// The variant name for a media type: `Json`, `EventStream`, `Csv`, `OctetStream`.
fn media_variant(essence: &str) -> String {
    let (main, sub) = essence.split_once('/').unwrap_or((essence, ""));
    let word = match (main, sub) {
        ("*", _) => "other",
        ("text", "plain") => "text",
        (main, "*") => main,
        (_, sub) => sub.strip_prefix("x-").unwrap_or(sub),
    };
    // `+` is a separator here, not the word "plus".
    names::pascal(&word.replace('+', "."), "Body")
}

impl<'a> OperationBuilder<'a> {
    pub(super) fn responses(
        &mut self,
        operation: &'a openapiv3::Operation,
        builder_name: &str,
        pointer: &str,
    ) -> Result<Vec<Response>, Error> {
        let mut successes: Vec<(u16, &ReferenceOr<openapiv3::Response>, String)> = Vec::new();
        for (status, response) in &operation.responses.responses {
            let code = match status {
                StatusCode::Code(code) => *code,
                StatusCode::Range(2) => ANY_SUCCESS,
                StatusCode::Range(_) => continue,
            };
            let success = (200..300).contains(&code) || code == ANY_SUCCESS;
            if success && !successes.iter().any(|(c, _, _)| *c == code) {
                successes.push((code, response, format!("{pointer}/{status}")));
            }
        }
        // With no documented 2xx, `default` describes the success body.
        if successes.is_empty() {
            if let Some(default) = &operation.responses.default {
                successes.push((ANY_SUCCESS, default, format!("{pointer}/default")));
            }
        }
        // Specific statuses first; "any 2xx" last, as the fallback.
        successes.sort_by_key(|(code, _, _)| {
            if *code == ANY_SUCCESS {
                u16::MAX
            } else {
                *code
            }
        });
        let several = successes.len() > 1;
        let mut responses = Vec::new();
        for (status, response, mut response_pointer) in successes {
            let (response, raw_pointer) = self.resolve_response(response, &mut response_pointer);
            let hint = if several {
                format!(
                    "{builder_name}{}Response",
                    if status == ANY_SUCCESS {
                        "Success".to_owned()
                    } else {
                        status.to_string()
                    }
                )
            } else {
                format!("{builder_name}Response")
            };
            // A 204 or 205 never has content (RFC 9110 §15.3.5, §15.3.6), so
            // there is nothing to decode, whatever the spec declares.
            let representations = if matches!(status, 204 | 205) && !response.content.is_empty() {
                self.warnings.push(Warning::new(
                    format!("{response_pointer}/content"),
                    format!(
                        "a {status} response has no content (RFC 9110), so its `content` is ignored and \
                         nothing is decoded"
                    ),
                ));
                Vec::new()
            } else {
                self.representations(response, &hint, &response_pointer, &raw_pointer)?
            };
            let payload = match representations.as_slice() {
                [] => None,
                [only] => Some(Payload::of_single(only)),
                // Named once the output is known (see `name_media_enums`).
                [..] => Some(Payload::ByMedia(String::new())),
            };
            responses.push(Response {
                status,
                description: Some(response.description.clone()).filter(|s| !s.trim().is_empty()),
                representations,
                payload,
            });
        }
        Ok(responses)
    }

    /// The representations of one response body, the preferred first.
    fn representations(
        &mut self,
        response: &'a openapiv3::Response,
        hint: &str,
        response_pointer: &str,
        raw_pointer: &str,
    ) -> Result<Vec<Representation>, Error> {
        let mut declared: Vec<(u8, usize, &'a str, String, Format)> = Vec::new();
        let mut alternates = Vec::new();
        for (index, content_type) in response.content.keys().enumerate() {
            let essence = essence(content_type);
            match reading(&essence) {
                Reading::Read(rank, format) => {
                    declared.push((rank, index, content_type.as_str(), essence, format))
                }
                Reading::Alternate => alternates.push((index, content_type.as_str(), essence)),
            }
        }
        if declared.is_empty() {
            // Only formats the client does not parse: their bytes, as declared.
            declared = alternates
                .into_iter()
                .map(|(index, content_type, essence)| {
                    (7, index, content_type, essence, Format::Binary)
                })
                .collect();
        }
        declared.sort_by_key(|(rank, index, ..)| (*rank, *index));
        let mut representations: Vec<Representation> = Vec::new();
        let mut variants = NameSet::default();
        for (position, (_, _, content_type, essence, format)) in declared.into_iter().enumerate() {
            // Ranges (`image/*`) are valid in `Accept` as they are.
            let accept = essence.clone();
            // The preferred representation keeps the names a lone body gets.
            let hint = if position == 0 {
                hint.to_owned()
            } else {
                format!("{hint}{}", media_variant(&essence))
            };
            let schema_pointer = format!(
                "{response_pointer}/content/{}/schema",
                escape_pointer(content_type)
            );
            let raw_media = format!("{raw_pointer}/content/{}", escape_pointer(content_type));
            let media = &response.content[content_type];
            let (ty, enveloped) = match format {
                Format::Text => (TypeRef::String, false),
                Format::Binary => (TypeRef::Bytes, false),
                Format::Json => match &media.schema {
                    None => (TypeRef::Any, false),
                    Some(schema) => {
                        let data = match &self.config.envelope {
                            Some(envelope) => self.types.envelope_data(
                                schema,
                                &envelope.data,
                                &hint,
                                &schema_pointer,
                            )?,
                            None => None,
                        };
                        match data {
                            Some(data) => (data, true),
                            None => (self.types.type_of(schema, &hint, &schema_pointer)?, false),
                        }
                    }
                },
                Format::EventStream => (
                    self.event_data(media, &hint, &schema_pointer, &raw_media)?,
                    false,
                ),
                Format::JsonLines | Format::JsonSeq => (
                    self.stream_item(media, &hint, &schema_pointer, &raw_media)?,
                    false,
                ),
            };
            match representations
                .iter_mut()
                .find(|r| r.format == format && r.ty == ty && r.enveloped == enveloped)
            {
                Some(same) => {
                    if !same.content_types.contains(&accept) {
                        same.content_types.push(accept);
                    }
                }
                None => representations.push(Representation {
                    content_types: vec![accept],
                    format,
                    ty,
                    enveloped,
                    variant: variants.claim(media_variant(&essence)),
                }),
            }
        }
        Ok(representations)
    }

    /// The type of each event's `data`: from OpenAPI 3.2's `itemSchema` (the event
    /// object, whose `data` property or its `contentSchema` types the data), else
    /// from `schema` (how 3.0 and 3.1 specs describe the data), else text.
    fn event_data(
        &mut self,
        media: &'a openapiv3::MediaType,
        hint: &str,
        schema_pointer: &str,
        raw_media: &str,
    ) -> Result<TypeRef, Error> {
        let item_pointer = format!("{raw_media}/itemSchema");
        if let Some(item) = self.raw_at(&item_pointer) {
            let item = self.raw_resolved(item);
            let Some(data) = item.pointer("/properties/data") else {
                self.warnings.push(Warning::new(
                    format!("#{item_pointer}"),
                    "the event `itemSchema` has no `data` property; event data is read as text",
                ));
                return Ok(TypeRef::String);
            };
            let data = self.raw_resolved(data);
            let (schema, at) = match data.get("contentSchema") {
                Some(content) => (
                    content,
                    format!("{item_pointer}/properties/data/contentSchema"),
                ),
                None if data.get("type").and_then(|t| t.as_str()) == Some("string") => {
                    return Ok(TypeRef::String);
                }
                None => (data, format!("{item_pointer}/properties/data")),
            };
            return self.raw_schema_type(schema, hint, &format!("#{at}"));
        }
        match &media.schema {
            Some(schema) => {
                let ty = self.types.type_of(schema, hint, schema_pointer)?;
                Ok(ty)
            }
            None => Ok(TypeRef::String),
        }
    }

    /// The type of each item of a JSON Lines or JSON sequence body: `itemSchema`,
    /// else `schema` (its `items` when it describes the body as an array).
    fn stream_item(
        &mut self,
        media: &'a openapiv3::MediaType,
        hint: &str,
        schema_pointer: &str,
        raw_media: &str,
    ) -> Result<TypeRef, Error> {
        let item_pointer = format!("{raw_media}/itemSchema");
        if let Some(item) = self.raw_at(&item_pointer) {
            return self.raw_schema_type(item, hint, &format!("#{item_pointer}"));
        }
        match &media.schema {
            Some(schema) => match self.types.type_of(schema, hint, schema_pointer)? {
                TypeRef::Array(item) => Ok(*item),
                other => Ok(other),
            },
            None => Ok(TypeRef::Any),
        }
    }

    /// The raw JSON at a pointer (`/paths/…`, no `#`).
    fn raw_at(&self, pointer: &str) -> Option<&'a serde_json::Value> {
        self.raw.pointer(pointer)
    }

    /// A raw schema with a local `$ref` followed (once per hop, at most 16 hops).
    fn raw_resolved(&self, mut schema: &'a serde_json::Value) -> &'a serde_json::Value {
        for _ in 0..16 {
            match schema.get("$ref").and_then(|r| r.as_str()) {
                Some(reference) => match reference
                    .strip_prefix('#')
                    .and_then(|p| self.raw.pointer(p))
                {
                    Some(target) => schema = target,
                    None => break,
                },
                None => break,
            }
        }
        schema
    }

    /// The type of a schema read from raw JSON (`itemSchema`, which `openapiv3`
    /// does not know); one it cannot read is a warning and `serde_json::Value`.
    fn raw_schema_type(
        &mut self,
        schema: &serde_json::Value,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        match serde_json::from_value::<ReferenceOr<openapiv3::Schema>>(schema.clone()) {
            Ok(schema) => self.types.type_of(&schema, hint, pointer),
            Err(error) => {
                self.warnings.push(Warning::new(
                    pointer,
                    format!(
                        "this schema cannot be read ({error}); the items are decoded as any JSON"
                    ),
                ));
                Ok(TypeRef::Any)
            }
        }
    }

    /// The response a reference leads to, and the raw pointer (no `#`) of the
    /// response object it lands on. A reference outside `#/components/responses`
    /// moves `pointer` to its target, so the response's inline types are the
    /// ones named there. One that leads nowhere, or a cycle, is a response
    /// whose body is any JSON value, with a warning.
    fn resolve_response(
        &mut self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &mut String,
    ) -> (&'a openapiv3::Response, String) {
        match self.follow_response(response, pointer) {
            Ok((response, at, moved)) => {
                if let Some(moved) = moved {
                    *pointer = moved;
                }
                (response, at)
            }
            Err(message) => {
                self.warnings.push(Warning::new(pointer.as_str(), message));
                (
                    &self.deep.any_response,
                    pointer.trim_start_matches('#').to_owned(),
                )
            }
        }
    }

    /// Follows a response `$ref` chain: the response, its raw pointer, and the
    /// last reference outside `#/components/responses` on the way.
    fn follow_response(
        &self,
        response: &'a ReferenceOr<openapiv3::Response>,
        pointer: &str,
    ) -> Result<(&'a openapiv3::Response, String, Option<String>), String> {
        let mut current = response;
        let mut at = pointer.trim_start_matches('#').to_owned();
        let mut moved = None;
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(response) => return Ok((response, at, moved)),
                ReferenceOr::Reference { reference } => {
                    let component =
                        reference
                            .strip_prefix("#/components/responses/")
                            .and_then(|name| {
                                self.doc.components.as_ref()?.responses.get(&unescape(name))
                            });
                    current = match component {
                        Some(next) => next,
                        None => {
                            let next = self.deep.responses.get(reference).ok_or_else(|| {
                                format!("`$ref: {reference}` does not lead to a response; read as a response whose body is any JSON value")
                            })?;
                            moved = Some(reference.clone());
                            next
                        }
                    };
                    at = reference.trim_start_matches('#').to_owned();
                }
            }
        }
        Err(
            "the response `$ref` chain is cyclic; read as a response whose body is any JSON value"
                .to_owned(),
        )
    }

    /// The `Accept` header: every success representation, preferred first with
    /// falling q-values, then the JSON error formats. `None` when the operation
    /// declares nothing but `application/json` (or no bodies at all).
    pub(super) fn accept(
        &self,
        operation: &'a openapiv3::Operation,
        responses: &[Response],
    ) -> Option<String> {
        let mut declared: BTreeSet<String> = BTreeSet::new();
        let mut error_types: Vec<String> = Vec::new();
        let all = operation
            .responses
            .responses
            .iter()
            .map(|(status, r)| (Some(status), r))
            .chain(operation.responses.default.iter().map(|r| (None, r)));
        for (status, response) in all {
            let Some((response, _, _)) = self.follow_response(response, "#").ok() else {
                continue;
            };
            let success = match status {
                Some(StatusCode::Code(code)) => (200..300).contains(code),
                Some(StatusCode::Range(range)) => *range == 2,
                None => false,
            };
            for content_type in response.content.keys() {
                let essence = essence(content_type);
                let json = matches!(reading(&essence), Reading::Read(_, Format::Json));
                if !success && json && !error_types.contains(&essence) {
                    error_types.push(essence.clone());
                }
                declared.insert(essence);
            }
        }
        if declared.iter().all(|essence| essence == "application/json") {
            return None;
        }
        let mut entries: Vec<(String, u8)> = Vec::new();
        let mut level = 0u8;
        let mut ordered: Vec<&Representation> =
            responses.iter().flat_map(|r| &r.representations).collect();
        ordered.sort_by_key(|r| r.format);
        for representation in ordered {
            let fresh: Vec<&String> = representation
                .content_types
                .iter()
                .filter(|ct| !entries.iter().any(|(seen, _)| seen == *ct))
                .collect();
            if fresh.is_empty() {
                continue;
            }
            for content_type in fresh {
                entries.push((content_type.clone(), level));
            }
            level = (level + 1).min(9);
        }
        for content_type in error_types {
            if !entries.iter().any(|(seen, _)| *seen == content_type) {
                entries.push((content_type, 0));
            }
        }
        if entries.is_empty() {
            return None;
        }
        let header: Vec<String> = entries
            .into_iter()
            .map(|(content_type, level)| match level {
                0 => content_type,
                level => format!("{content_type};q=0.{}", 10 - level),
            })
            .collect();
        Some(header.join(", "))
    }
}

/// Names the media enums of `responses` once the output is known: the output
/// itself when every 2xx shares it, else one per status.
pub(super) fn name_media_enums(
    responses: &mut [Response],
    output: &Output,
    builder_name: &str,
    builder_names: &mut NameSet,
) {
    for response in responses {
        let Some(Payload::ByMedia(name)) = &mut response.payload else {
            continue;
        };
        *name = match output {
            Output::Single(Payload::ByMedia(shared)) => shared.clone(),
            _ => {
                let status = if response.status == ANY_SUCCESS {
                    "Success".to_owned()
                } else {
                    response.status.to_string()
                };
                builder_names.claim(format!("{builder_name}{status}Output"))
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_read_one_defined_way() {
        let cases = [
            ("application/json", Reading::Read(0, Format::Json)),
            ("application/problem+json", Reading::Read(0, Format::Json)),
            ("text/event-stream", Reading::Read(1, Format::EventStream)),
            ("application/x-ndjson", Reading::Read(2, Format::JsonLines)),
            ("application/jsonl", Reading::Read(2, Format::JsonLines)),
            ("application/json-seq", Reading::Read(3, Format::JsonSeq)),
            ("text/csv", Reading::Read(5, Format::Text)),
            ("text/xml", Reading::Read(5, Format::Text)),
            ("application/json+sarif", Reading::Read(6, Format::Json)),
            ("application/xml", Reading::Alternate),
            ("application/problem+xml", Reading::Alternate),
            ("application/yaml", Reading::Alternate),
            ("application/vnd.kubernetes.protobuf", Reading::Alternate),
            ("application/x-msgpack", Reading::Alternate),
            ("application/cbor-seq", Reading::Alternate),
            ("application/octet-stream", Reading::Read(7, Format::Binary)),
            ("image/*", Reading::Read(7, Format::Binary)),
            ("*/*", Reading::Read(7, Format::Binary)),
        ];
        for (media, expected) in cases {
            assert_eq!(reading(media), expected, "{media}");
        }
    }

    #[test]
    fn media_variant_names() {
        let cases = [
            ("application/json", "Json"),
            ("text/event-stream", "EventStream"),
            ("text/plain", "Text"),
            ("text/csv", "Csv"),
            ("application/x-ndjson", "Ndjson"),
            ("application/vnd.github.v3.star+json", "VndGithubV3StarJson"),
            ("image/*", "Image"),
            ("*/*", "Other"),
        ];
        for (media, expected) in cases {
            assert_eq!(media_variant(media), expected, "{media}");
        }
    }
}
