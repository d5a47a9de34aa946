//! Response bodies read as they arrive: raw bytes, server-sent events, and JSON
//! items (JSON Lines / NDJSON, JSON text sequences).
//!
//! A stream starts once the response head is in, after retries are over: a body
//! that breaks off is an error item ([`Error::Interrupted`]), never a silent retry
//! that would deliver items twice. The request timeout bounds the wait for the
//! head, not the body: put your own timeout around `next()` to bound a silence.

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use futures_core::Stream;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{Error, excerpt};
use super::redact::scrub_url;
use super::sse::SseParser;

/// A response body as a stream of chunks, for downloads too large to hold in memory.
///
/// ```rust,ignore
/// use futures_util::TryStreamExt;
/// let mut body = builder.send_streaming().await?.into_data();
/// while let Some(chunk) = body.try_next().await? {
///     file.write_all(&chunk)?;
/// }
/// ```
pub struct ByteStream {
    inner: Pin<Box<dyn Stream<Item = Result<Bytes, Error>> + Send>>,
}

impl ByteStream {
    /// Chunks of `response`'s body as the network delivers them.
    pub(crate) fn from_response(operation: &'static str, response: reqwest::Response) -> Self {
        let chunks = futures_util::stream::unfold(Some(response), move |state| async move {
            let mut response = state?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                Err(source) => Some((Err(Error::Interrupted { operation, source: scrub_url(source) }), None)),
            }
        });
        Self { inner: Box::pin(chunks) }
    }

    /// A body that has already been read.
    pub(crate) fn from_bytes(body: Vec<u8>) -> Self {
        let chunk = (!body.is_empty()).then(|| Ok(Bytes::from(body)));
        Self { inner: Box::pin(futures_util::stream::iter(chunk)) }
    }

    /// Reads the rest of the body into memory.
    pub async fn to_vec(mut self) -> Result<Vec<u8>, Error> {
        let mut body = Vec::new();
        while let Some(chunk) = std::future::poll_fn(|cx| Pin::new(&mut self).poll_next(cx)).await {
            body.extend_from_slice(&chunk?);
        }
        Ok(body)
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

/// One server-sent event whose `data` is decoded as `T`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event type: the `event` field, or `"message"` when the server sent none.
    pub event: String,
    /// The `data` lines (joined with `\n`), decoded.
    pub data: T,
    /// The last event ID the server set, on this event or an earlier one; send it as
    /// `Last-Event-ID` to resume.
    pub id: Option<String>,
    /// The reconnection time the server last asked for (`retry`), if it did.
    pub retry: Option<Duration>,
}

/// Turns an event's `data` text into `T`.
type DataDecoder<T> = fn(String) -> Result<T, serde_json::Error>;

/// A `text/event-stream` body: a [`Stream`] of [`Event`]s, each yielded as soon as
/// its block is complete.
///
/// An event whose `data` does not decode as `T` (OpenAI's closing `[DONE]`, say)
/// is an `Err(Error::Decode)` item carrying the text, and the stream goes on.
pub struct EventStream<T> {
    body: ByteStream,
    parser: SseParser,
    decode: DataDecoder<T>,
    operation: &'static str,
    status: StatusCode,
    finished: bool,
    _data: PhantomData<fn() -> T>,
}

impl<T> EventStream<T> {
    pub(crate) fn new(operation: &'static str, status: StatusCode, body: ByteStream, decode: DataDecoder<T>) -> Self {
        Self { body, parser: SseParser::new(), decode, operation, status, finished: false, _data: PhantomData }
    }

    /// The last event ID the server set (on an event or a block without data).
    pub fn last_event_id(&self) -> Option<&str> {
        Some(self.parser.last_event_id()).filter(|id| !id.is_empty())
    }

    /// The reconnection time the server last asked for (`retry`), if it did.
    pub fn retry(&self) -> Option<Duration> {
        self.parser.retry()
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(raw) = this.parser.next_event() {
                let (event, id, retry) = (raw.event, raw.id, raw.retry);
                let item = match (this.decode)(raw.data.clone()) {
                    Ok(data) => Ok(Event { event, data, id, retry }),
                    Err(source) => Err(Error::Decode {
                        operation: this.operation,
                        status: this.status,
                        body_excerpt: excerpt(raw.data.as_bytes()),
                        source: Box::new(source),
                    }),
                };
                return Poll::Ready(Some(item));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            match ready!(Pin::new(&mut this.body).poll_next(cx)) {
                Some(Ok(chunk)) => this.parser.feed(&chunk),
                Some(Err(error)) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                // An unterminated last block is discarded, as the standard says.
                None => this.finished = true,
            }
        }
    }
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream").field("operation", &self.operation).field("status", &self.status).finish_non_exhaustive()
    }
}

/// `data` as JSON of type `T`. Data that is not JSON at all is offered to `T` as a
/// JSON string, so a schema that allows a plain-text sentinel can still type it.
pub(crate) fn json_data<T: DeserializeOwned>(data: String) -> Result<T, serde_json::Error> {
    match serde_json::from_str(&data) {
        Ok(value) => Ok(value),
        Err(error) if serde_json::from_str::<serde::de::IgnoredAny>(&data).is_err() => {
            T::deserialize(serde_json::Value::String(data)).map_err(|_| error)
        }
        Err(error) => Err(error),
    }
}

/// `data` as the text it is.
pub(crate) fn text_data(data: String) -> Result<String, serde_json::Error> {
    Ok(data)
}

/// How JSON items are delimited in a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// One JSON text per line (`application/jsonl`, `application/x-ndjson`).
    Lines,
    /// RFC 7464: each JSON text follows an RS byte (`application/json-seq`).
    Sequence,
}

const RS: u8 = 0x1E;

/// A body of JSON items (JSON Lines, NDJSON or a JSON text sequence): a [`Stream`]
/// of `T`, each yielded as soon as it is complete.
///
/// An item that does not decode is an `Err(Error::Decode)` item and the stream goes
/// on with the next one (RFC 7464 §2.3 asks the same of sequences).
pub struct JsonStream<T> {
    body: ByteStream,
    framing: Framing,
    /// Bytes of the item being read.
    buffer: Vec<u8>,
    ready: VecDeque<Vec<u8>>,
    operation: &'static str,
    status: StatusCode,
    finished: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T> JsonStream<T> {
    pub(crate) fn new(operation: &'static str, status: StatusCode, body: ByteStream, framing: Framing) -> Self {
        Self {
            body,
            framing,
            buffer: Vec::new(),
            ready: VecDeque::new(),
            operation,
            status,
            finished: false,
            _item: PhantomData,
        }
    }

    fn feed(&mut self, chunk: &[u8]) {
        for &byte in chunk {
            match (self.framing, byte) {
                (Framing::Lines, b'\n') | (Framing::Sequence, RS) => self.complete(),
                // A sequence's text ends with LF, but may contain more: it is complete
                // at an LF that closes a whole JSON text.
                (Framing::Sequence, b'\n') => {
                    self.buffer.push(byte);
                    if is_complete_json(&self.buffer) {
                        self.complete();
                    }
                }
                _ => self.buffer.push(byte),
            }
        }
    }

    fn complete(&mut self) {
        let item = std::mem::take(&mut self.buffer);
        if !item.iter().all(u8::is_ascii_whitespace) {
            self.ready.push_back(item);
        }
    }

    fn decode(&self, item: &[u8]) -> Result<T, Error>
    where
        T: DeserializeOwned,
    {
        let truncated = self.framing == Framing::Sequence && !ends_safely(item);
        let decoded = if truncated {
            Err(serde::de::Error::custom("truncated JSON text: a number, true, false or null must be followed by whitespace"))
        } else {
            serde_json::from_slice(item)
        };
        decoded.map_err(|source: serde_json::Error| Error::Decode {
            operation: self.operation,
            status: self.status,
            body_excerpt: excerpt(item),
            source: Box::new(source),
        })
    }
}

/// Whether `text` is one whole JSON value (and not the start of a longer one).
fn is_complete_json(text: &[u8]) -> bool {
    match serde_json::from_slice::<serde::de::IgnoredAny>(text) {
        Ok(_) => true,
        Err(error) => !error.is_eof(),
    }
}

/// RFC 7464 §2.4: a top-level number, `true`, `false` or `null` could have been cut
/// short unless whitespace follows it.
fn ends_safely(item: &[u8]) -> bool {
    let text = item.trim_ascii_start();
    let bare = matches!(text.first(), Some(b'-' | b'0'..=b'9' | b't' | b'f' | b'n'));
    !bare || item.last().is_some_and(u8::is_ascii_whitespace)
}

impl<T: DeserializeOwned> Stream for JsonStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(this.decode(&item)));
            }
            if this.finished {
                return Poll::Ready(None);
            }
            match ready!(Pin::new(&mut this.body).poll_next(cx)) {
                Some(Ok(chunk)) => this.feed(&chunk),
                Some(Err(error)) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(error)));
                }
                None => {
                    // The last line needs no terminator.
                    this.complete();
                    this.finished = true;
                }
            }
        }
    }
}

impl<T> fmt::Debug for JsonStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonStream")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("framing", &self.framing)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect<S: Stream + Unpin>(mut stream: S) -> Vec<S::Item> {
        let waker = std::task::Waker::noop();
        let mut cx = Context::from_waker(waker);
        let mut items = Vec::new();
        while let Poll::Ready(Some(item)) = Pin::new(&mut stream).poll_next(&mut cx) {
            items.push(item);
        }
        items
    }

    fn chunked(chunks: &[&[u8]]) -> ByteStream {
        let chunks: Vec<Result<Bytes, Error>> = chunks.iter().map(|c| Ok(Bytes::copy_from_slice(c))).collect();
        ByteStream { inner: Box::pin(futures_util::stream::iter(chunks)) }
    }

    fn items<T: DeserializeOwned>(framing: Framing, chunks: &[&[u8]]) -> Vec<Result<T, String>> {
        let stream = JsonStream::<T>::new("op", StatusCode::OK, chunked(chunks), framing);
        collect(stream).into_iter().map(|item| item.map_err(|e| e.to_string())).collect()
    }

    #[test]
    fn json_lines_split_anywhere_blank_lines_and_crlf() {
        let body: &[u8] = b"{\"n\":1}\r\n\n  \n{\"n\":2}\n{\"n\":3}";
        for cut in 0..=body.len() {
            let got: Vec<_> = items::<serde_json::Value>(Framing::Lines, &[&body[..cut], &body[cut..]]);
            let want: Vec<Result<serde_json::Value, String>> =
                (1..=3).map(|n| Ok(serde_json::json!({ "n": n }))).collect();
            assert_eq!(got, want, "split at {cut}");
        }
    }

    #[test]
    fn a_bad_line_is_an_error_item_and_the_stream_goes_on() {
        let got = items::<u32>(Framing::Lines, &[b"1\nnope\n\"x\"\n3\n"]);
        assert_eq!(got.len(), 4);
        assert_eq!((&got[0], &got[3]), (&Ok(1), &Ok(3)));
        assert!(got[1].as_ref().unwrap_err().contains("nope"));
        assert!(got[2].is_err());
    }

    #[test]
    fn json_text_sequences_rfc_7464() {
        // Pretty-printed texts with inner LFs, a truncated number, and an empty record.
        let body: &[u8] = b"\x1e{\n  \"a\": [1,\n 2]\n}\n\x1e\x1e42\n\x1e7";
        for cut in 0..=body.len() {
            let got = items::<serde_json::Value>(Framing::Sequence, &[&body[..cut], &body[cut..]]);
            assert_eq!(got.len(), 3, "split at {cut}: {got:?}");
            assert_eq!(got[0], Ok(serde_json::json!({ "a": [1, 2] })));
            assert_eq!(got[1], Ok(serde_json::json!(42)));
            assert!(got[2].as_ref().unwrap_err().contains("truncated"), "{got:?}");
        }
    }

    #[test]
    fn event_data_decoding() {
        assert_eq!(json_data::<serde_json::Value>("{\"a\":1}".to_owned()).unwrap(), serde_json::json!({ "a": 1 }));
        // Not JSON: offered as a string.
        assert_eq!(json_data::<String>("[DONE]".to_owned()).unwrap(), "[DONE]");
        // JSON of the wrong shape keeps its own error.
        assert!(json_data::<String>("{\"a\":1}".to_owned()).unwrap_err().to_string().contains("expected a string"));
        assert_eq!(text_data("\"quoted\"".to_owned()).unwrap(), "\"quoted\"");
    }

    #[test]
    fn event_stream_yields_each_event_and_goes_on_after_a_bad_one() {
        let body = chunked(&[b"data: {\"n\":", b"1}\n\nid: 9\ndata: [DONE]\n\nevent: end\ndata: {\"n\":2}\n\n"]);
        type Chunk = std::collections::BTreeMap<String, u32>;
        let stream = EventStream::<Chunk>::new("op", StatusCode::OK, body, json_data);
        let got = collect(stream);
        assert_eq!(got.len(), 3);
        let first = got[0].as_ref().unwrap();
        assert_eq!((first.event.as_str(), first.data["n"], first.id.as_deref()), ("message", 1, None));
        let Err(Error::Decode { body_excerpt, .. }) = &got[1] else { panic!("{:?}", got[1]) };
        assert_eq!(body_excerpt, "[DONE]");
        let last = got[2].as_ref().unwrap();
        assert_eq!((last.event.as_str(), last.id.as_deref()), ("end", Some("9")));
    }
}
