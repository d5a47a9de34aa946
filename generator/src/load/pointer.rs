//! JSON pointers built only when needed: walkers keep where they are as a
//! chain of frames on the call stack, and turn it into text for a warning.

use crate::error::escape_pointer;

/// One step of a path through a document.
#[derive(Debug, Clone, Copy)]
pub enum Segment<'a> {
    Key(&'a str),
    Index(usize),
    /// Already rendered (`/components/schemas/Pet`), for a walk that starts
    /// below the root.
    Base(&'a str),
}

/// Where a walker is: its last segment and the frame of its parent.
#[derive(Debug, Clone, Copy)]
pub struct Frame<'a> {
    parent: Option<&'a Frame<'a>>,
    segment: Option<Segment<'a>>,
}

impl<'a> Frame<'a> {
    /// The document itself (`#`).
    pub const ROOT: Frame<'static> = Frame {
        parent: None,
        segment: None,
    };

    /// A frame standing for `pointer` (`#/components/schemas/Pet`).
    pub fn at(pointer: &'a str) -> Frame<'a> {
        Frame {
            parent: None,
            segment: Some(Segment::Base(pointer.trim_start_matches('#'))),
        }
    }

    pub fn key(&'a self, key: &'a str) -> Frame<'a> {
        Frame {
            parent: Some(self),
            segment: Some(Segment::Key(key)),
        }
    }

    pub fn index(&'a self, index: usize) -> Frame<'a> {
        Frame {
            parent: Some(self),
            segment: Some(Segment::Index(index)),
        }
    }

    pub fn parent(&self) -> Option<&'a Frame<'a>> {
        self.parent
    }

    /// `#/paths/~1pets/get`.
    pub fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut frame = Some(self);
        while let Some(current) = frame {
            if let Some(segment) = current.segment {
                segments.push(segment);
            }
            frame = current.parent;
        }
        let mut pointer = String::from("#");
        for segment in segments.iter().rev() {
            pointer.push('/');
            match segment {
                Segment::Key(key) => pointer.push_str(&escape_pointer(key)),
                Segment::Index(index) => pointer.push_str(&index.to_string()),
                Segment::Base(base) => {
                    pointer.pop();
                    pointer.push_str(base);
                }
            }
        }
        pointer
    }
}

/// Splits `#/a/b~1c` into unescaped segments (`a`, `b/c`). `None` when the
/// reference is not a JSON pointer fragment. Percent-encoding (which a URI
/// fragment may use) is decoded.
pub fn fragment_segments(fragment: &str) -> Option<Vec<String>> {
    let fragment = fragment.strip_prefix('#')?;
    if fragment.is_empty() {
        return Some(Vec::new());
    }
    let fragment = fragment.strip_prefix('/')?;
    let decoded = percent_decode(fragment);
    Some(
        decoded
            .split('/')
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Follows a `#/…` fragment into `document`.
pub fn resolve<'v>(
    document: &'v serde_json::Value,
    fragment: &str,
) -> Option<&'v serde_json::Value> {
    let segments = fragment_segments(fragment)?;
    let mut current = document;
    for segment in &segments {
        current = match current {
            serde_json::Value::Object(map) => map.get(segment)?,
            serde_json::Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// `#` + escaped segments.
pub fn from_segments<S: AsRef<str>>(segments: &[S]) -> String {
    let mut pointer = String::from("#");
    for segment in segments {
        pointer.push('/');
        pointer.push_str(&escape_pointer(segment.as_ref()));
    }
    pointer
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (bytes[index], hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                index += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn frames_render_escaped_pointers() {
        let root = Frame::ROOT;
        let paths = root.key("paths");
        let item = paths.key("/pets/{id}");
        let first = item.index(0);
        assert_eq!(first.pointer(), "#/paths/~1pets~1{id}/0");
        assert_eq!(root.pointer(), "#");
        assert_eq!(item.key("a~b").pointer(), "#/paths/~1pets~1{id}/a~0b");
        let base = Frame::at("#/components/schemas/Pet");
        assert_eq!(
            base.key("properties").pointer(),
            "#/components/schemas/Pet/properties"
        );
        assert_eq!(Frame::at("#").key("a").pointer(), "#/a");
    }

    #[test]
    fn fragments_resolve_with_escapes_and_percent_encoding() {
        let document = json!({"paths": {"/a/{id}": {"get": [10, 20]}}, "x~y": 1});
        assert_eq!(
            resolve(&document, "#/paths/~1a~1{id}/get/1"),
            Some(&json!(20))
        );
        assert_eq!(
            resolve(&document, "#/paths/~1a~1%7Bid%7D/get/0"),
            Some(&json!(10))
        );
        assert_eq!(resolve(&document, "#/x~0y"), Some(&json!(1)));
        assert_eq!(resolve(&document, "#"), Some(&document));
        assert_eq!(resolve(&document, "#/nothing"), None);
        assert_eq!(resolve(&document, "#anchor"), None);
        assert_eq!(from_segments(&["a/b", "c"]), "#/a~1b/c");
    }
}
