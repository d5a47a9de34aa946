// Copied by the generator from templates/runtime/sse.rs: edit the template, not this file.

//! The `text/event-stream` parser, as the WHATWG HTML standard defines it
//! ("Interpreting an event stream", §9.2.6): lines end in CRLF, LF or CR; one
//! leading byte-order mark is dropped; `:` starts a comment; `data` lines join
//! with LF; `id` and `retry` persist from event to event; a block without
//! `data` dispatches nothing; an unterminated last block is discarded.
//!
//! It works on bytes and decodes each complete line, so a UTF-8 character split
//! between two network chunks stays whole; invalid UTF-8 becomes U+FFFD, as the
//! standard's UTF-8 decode says.

use std::collections::VecDeque;
use std::time::Duration;

/// One dispatched event, its `data` still text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEvent {
    /// The event type: the `event` field, or `message`.
    pub(crate) event: String,
    pub(crate) data: String,
    /// The last event ID at dispatch (it carries over from earlier events).
    pub(crate) id: Option<String>,
    /// The reconnection time the server last set, if it set one.
    pub(crate) retry: Option<Duration>,
}

/// Incremental parser: [`feed`](Self::feed) bytes as they arrive, take events with
/// [`next_event`](Self::next_event).
#[derive(Debug, Default)]
pub(crate) struct SseParser {
    /// Bytes of the line being read.
    line: Vec<u8>,
    /// The last chunk ended in CR: an LF at the start of the next one ends nothing.
    after_cr: bool,
    /// Whether the stream's first bytes (and a possible BOM) have been seen.
    started: bool,
    data: String,
    event_type: String,
    last_event_id: String,
    retry: Option<Duration>,
    ready: VecDeque<RawEvent>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl SseParser {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Parses `chunk`, queueing every event it completes.
    pub(crate) fn feed(&mut self, mut chunk: &[u8]) {
        if !self.started {
            // The BOM may itself be split between chunks: wait for three bytes.
            self.line.extend_from_slice(chunk);
            if self.line.len() < BOM.len() && BOM.starts_with(&self.line) {
                return;
            }
            self.started = true;
            let pending = std::mem::take(&mut self.line);
            let pending = pending.strip_prefix(BOM).unwrap_or(&pending).to_vec();
            self.feed(&pending);
            return;
        }
        if self.after_cr {
            self.after_cr = false;
            chunk = chunk.strip_prefix(b"\n").unwrap_or(chunk);
        }
        while let Some(end) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.line.extend_from_slice(&chunk[..end]);
            let line = std::mem::take(&mut self.line);
            self.process_line(&String::from_utf8_lossy(&line));
            let crlf = chunk[end] == b'\r';
            chunk = &chunk[end + 1..];
            if crlf {
                match chunk.first() {
                    Some(b'\n') => chunk = &chunk[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
        }
        self.line.extend_from_slice(chunk);
    }

    /// The next complete event, if one is queued.
    pub(crate) fn next_event(&mut self) -> Option<RawEvent> {
        self.ready.pop_front()
    }

    /// The reconnection time the server asked for, if any.
    pub(crate) fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The last event ID the server set (empty: none).
    pub(crate) fn last_event_id(&self) -> &str {
        &self.last_event_id
    }

    fn process_line(&mut self, line: &str) {
        if line.is_empty() {
            self.dispatch();
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event_type),
            "data" => {
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => value.clone_into(&mut self.last_event_id),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                // Digits beyond u64 are a time no one will wait for: the longest there is.
                let millis = value.parse().unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(millis));
            }
            _ => {}
        }
    }

    fn dispatch(&mut self) {
        if self.data.is_empty() {
            self.event_type.clear();
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with('\n') {
            data.pop();
        }
        let event_type = std::mem::take(&mut self.event_type);
        self.ready.push_back(RawEvent {
            event: if event_type.is_empty() { "message".to_owned() } else { event_type },
            data,
            id: (!self.last_event_id.is_empty()).then(|| self.last_event_id.clone()),
            retry: self.retry,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_chunks(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = SseParser::new();
        let mut events = Vec::new();
        for chunk in chunks {
            parser.feed(chunk);
            while let Some(event) = parser.next_event() {
                events.push(event);
            }
        }
        events
    }

    fn parse(text: &str) -> Vec<RawEvent> {
        parse_chunks(&[text.as_bytes()])
    }

    /// Every split of `text` into two chunks parses like the whole.
    fn parse_every_split(text: &[u8]) -> Vec<RawEvent> {
        let whole = parse_chunks(&[text]);
        for cut in 0..=text.len() {
            assert_eq!(parse_chunks(&[&text[..cut], &text[cut..]]), whole, "split at {cut}");
        }
        let bytes: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(parse_chunks(&bytes), whole, "byte by byte");
        whole
    }

    fn event(event: &str, data: &str, id: Option<&str>) -> RawEvent {
        RawEvent { event: event.to_owned(), data: data.to_owned(), id: id.map(str::to_owned), retry: None }
    }

    #[test]
    fn whatwg_examples() {
        // The standard's own examples (§9.2.4 and §9.2.6).
        assert_eq!(
            parse("data: YHOO\ndata: +2\ndata: 10\n\n"),
            vec![event("message", "YHOO\n+2\n10", None)]
        );
        assert_eq!(
            parse(": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n"),
            // The third block is never terminated, so it is discarded.
            vec![event("message", "first event", Some("1")), event("message", "second event", None)]
        );
        assert_eq!(
            parse("data\n\ndata\ndata\n\ndata:"),
            vec![event("message", "", None), event("message", "\n", None)]
        );
        assert_eq!(parse("data:test\n\ndata: test\n\n"), vec![event("message", "test", None); 2]);
    }

    #[test]
    fn line_endings_crlf_cr_and_lf_mix() {
        let events = parse_every_split(b"event: a\r\ndata: 1\r\rdata: 2\n\r\ndata: 3\r\n\r\n");
        assert_eq!(events, vec![event("a", "1", None), event("message", "2", None), event("message", "3", None)]);
    }

    #[test]
    fn bom_is_dropped_once_even_when_split() {
        let text = "\u{feff}data: x\n\n";
        assert_eq!(parse_every_split(text.as_bytes()), vec![event("message", "x", None)]);
        // A second BOM is part of the field name, which is then unknown.
        assert!(parse("\u{feff}\u{feff}data: x\n\n").is_empty());
    }

    #[test]
    fn id_persists_and_retry_needs_digits() {
        let events = parse_every_split(b"id: 7\nretry: 1500\ndata: a\n\nretry: soon\ndata: b\n\nid\ndata: c\n\n");
        assert_eq!(events.len(), 3);
        assert_eq!((events[0].id.as_deref(), events[0].retry), (Some("7"), Some(Duration::from_millis(1500))));
        assert_eq!((events[1].id.as_deref(), events[1].retry), (Some("7"), Some(Duration::from_millis(1500))));
        assert_eq!(events[2].id, None);
        // An id with NUL is ignored; a retry-only block sets the time but dispatches nothing.
        let mut parser = SseParser::new();
        parser.feed(b"id: a\0b\nretry: 20\n\n");
        assert_eq!(parser.next_event(), None);
        assert_eq!((parser.last_event_id(), parser.retry()), ("", Some(Duration::from_millis(20))));
        parser.feed(b"retry: +5\nretry: \n\n");
        assert_eq!(parser.retry(), Some(Duration::from_millis(20)));
    }

    #[test]
    fn comments_unknown_fields_and_colons_in_values() {
        let events = parse(":keep-alive\nfoo: bar\ndata: {\"a\": \"b:c\"}\ndata:  two spaces\nevent\n\n");
        assert_eq!(events, vec![event("message", "{\"a\": \"b:c\"}\n two spaces", None)]);
        // A block of comments and unknown fields dispatches nothing and resets the type.
        assert_eq!(parse("event: x\n:c\n\ndata: y\n\n"), vec![event("message", "y", None)]);
    }

    #[test]
    fn utf8_split_between_chunks_and_invalid_bytes() {
        let text = "data: caf\u{e9} \u{1f600}\n\n";
        assert_eq!(parse_every_split(text.as_bytes()), vec![event("message", "caf\u{e9} \u{1f600}", None)]);
        assert_eq!(parse_chunks(&[b"data: \xff!\n\n"]), vec![event("message", "\u{fffd}!", None)]);
    }
}
