// Copied by the generator from templates/runtime/sending.rs: edit the template, not this file.

//! The futures that request builders return: the one async path every operation
//! shares. Each operation only builds its request and names a plain decoder, so
//! the compiler checks no async body per operation.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::request::RequestBuilder;
use super::response::{OpenResponse, RawResponse, Response};

type Boxed<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// Decodes a response read whole.
type ReadDecoder<T> = Box<dyn FnOnce(RawResponse) -> Result<Response<T>, Error> + Send>;

/// What a request builder's `send_response()` returns: a future that sends the
/// request (with credentials, retries and timeouts) and decodes the answer into a
/// [`Response`] with the status and headers.
///
/// It is `Send` and `'static`, so it can be spawned; like any future it does nothing
/// until awaited.
#[must_use = "a request does nothing until it is `.await`ed"]
pub struct Sending<T> {
    state: State<T>,
}

enum State<T> {
    /// Waiting for an answer that is read whole.
    Read { answer: Boxed<RawResponse>, decode: fn(RawResponse) -> Result<Response<T>, Error> },
    /// Waiting for the head of an answer whose 2xx body may be streamed.
    Open { answer: Boxed<OpenResponse>, decode: fn(OpenResponse) -> Decoded<T> },
    /// Reading whole a body that the decoder chose not to stream.
    Reading { body: Boxed<RawResponse>, decode: ReadDecoder<T> },
    Done,
}

impl<T> Sending<T> {
    /// Sends `request`, reads the answer whole and decodes it with `decode`.
    pub(crate) fn new(request: RequestBuilder, decode: fn(RawResponse) -> Result<Response<T>, Error>) -> Self {
        Self { state: State::Read { answer: Box::pin(request.send()), decode } }
    }

    /// Sends `request`, leaving a 2xx body unread for `decode` to stream or read.
    #[allow(dead_code, reason = "generated code streams only the responses its API declares as streams")]
    pub(crate) fn open(request: RequestBuilder, decode: fn(OpenResponse) -> Decoded<T>) -> Self {
        Self { state: State::Open { answer: Box::pin(request.send_open()), decode } }
    }

    /// The decoded body alone, without the status and headers: what `send()` returns.
    pub(crate) fn data(self) -> SendingData<T> {
        SendingData { sending: self }
    }
}

impl<T> Future for Sending<T> {
    type Output = Result<Response<T>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                State::Read { answer, decode } => {
                    let decode = *decode;
                    let raw = std::task::ready!(answer.as_mut().poll(cx));
                    this.state = State::Done;
                    return Poll::Ready(raw.and_then(decode));
                }
                State::Open { answer, decode } => {
                    let decode = *decode;
                    let open = std::task::ready!(answer.as_mut().poll(cx));
                    this.state = State::Done;
                    match open.map(decode) {
                        Err(error) => return Poll::Ready(Err(error)),
                        Ok(Decoded::Ready(result)) => return Poll::Ready(result),
                        Ok(Decoded::Read(open, decode)) => {
                            this.state = State::Reading { body: Box::pin(open.read()), decode };
                        }
                    }
                }
                State::Reading { body, .. } => {
                    let raw = std::task::ready!(body.as_mut().poll(cx));
                    let State::Reading { decode, .. } = std::mem::replace(&mut this.state, State::Done) else {
                        unreachable!("the state was matched as `Reading` above")
                    };
                    return Poll::Ready(raw.and_then(decode));
                }
                State::Done => panic!("`Sending` polled after it completed"),
            }
        }
    }
}

impl<T> fmt::Debug for Sending<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}

/// What a request builder's `send()` returns: a future that sends the request like
/// [`Sending`] and yields the decoded body alone.
///
/// It is `Send` and `'static`, so it can be spawned; like any future it does nothing
/// until awaited.
#[must_use = "a request does nothing until it is `.await`ed"]
pub struct SendingData<T> {
    sending: Sending<T>,
}

impl<T> Future for SendingData<T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.get_mut().sending).poll(cx).map(|result| result.map(Response::into_data))
    }
}

impl<T> fmt::Debug for SendingData<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendingData").finish_non_exhaustive()
    }
}

/// What a streaming operation's decoder makes of a response whose 2xx body is
/// still unread: the answer, or the body to read whole and how to decode it then.
#[allow(dead_code, reason = "generated code streams only the responses its API declares as streams")]
pub(crate) enum Decoded<T> {
    Ready(Result<Response<T>, Error>),
    Read(OpenResponse, ReadDecoder<T>),
}

#[allow(dead_code, reason = "generated code streams only the responses its API declares as streams")]
impl<T: 'static> Decoded<T> {
    /// An answer decoded without reading the body (a stream of it, or an error).
    pub(crate) fn ready(result: Result<Response<T>, Error>) -> Self {
        Self::Ready(result)
    }

    /// Reads the body whole, then decodes it with `decode`.
    pub(crate) fn read(
        open: OpenResponse,
        decode: impl FnOnce(RawResponse) -> Result<Response<T>, Error> + Send + 'static,
    ) -> Self {
        Self::Read(open, Box::new(decode))
    }

    /// Maps the decoded response, as `Result::map` does for a response read whole.
    pub(crate) fn map<U: 'static>(self, f: impl FnOnce(Response<T>) -> Response<U> + Send + 'static) -> Decoded<U> {
        match self {
            Self::Ready(result) => Decoded::Ready(result.map(f)),
            Self::Read(open, decode) => Decoded::Read(open, Box::new(move |raw| decode(raw).map(f))),
        }
    }
}
