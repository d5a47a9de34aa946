//! The futures that request builders return: the one async path every operation
//! shares. An operation hands over two closures, one that builds its request and
//! one that decodes the answer, so the compiler checks no async body per operation.
//!
//! The closures stay type parameters, called only from `poll`, rather than `fn`
//! pointers or calls made when the future is created: either would make rustc
//! generate every operation's request building and decoding (and the serde code
//! of every body type) in the generated crate itself, where an `async fn`'s body,
//! like a generic, is only generated in the crate that awaits it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::request::RequestBuilder;
use super::response::{OpenResponse, RawResponse, Response};

/// What a request builder's `send_response()` returns: a future that sends the
/// request (with credentials, retries and timeouts) and decodes the answer into a
/// [`Response`] with the status and headers. It is `Send`, `Unpin` and `'static`,
/// so it can be spawned or polled in place, and like any future it does nothing
/// until awaited.
pub trait ResponseFuture<T>: Future<Output = Result<Response<T>, Error>> + Send + Unpin + 'static {}

impl<T, F> ResponseFuture<T> for F where F: Future<Output = Result<Response<T>, Error>> + Send + Unpin + 'static {}

/// What a request builder's `send()` returns: a future that sends the request like
/// [`ResponseFuture`] and yields the decoded body alone. It is `Send`, `Unpin` and
/// `'static`, so it can be spawned or polled in place, and like any future it does
/// nothing until awaited.
pub trait DataFuture<T>: Future<Output = Result<T, Error>> + Send + Unpin + 'static {}

impl<T, F> DataFuture<T> for F where F: Future<Output = Result<T, Error>> + Send + Unpin + 'static {}

type Boxed<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send>>;

/// Sends a request whose answer is read whole. Generated code makes it as
/// `Sending::Unsent(build, decode)`: `build` makes the request on the first poll
/// (as an `async fn` would), `decode` makes the output of the answer. A variant,
/// not a constructor function, so that there is no function to generate per
/// operation.
#[allow(dead_code, reason = "an API whose every operation streams has no use for it")]
pub(crate) enum Sending<B, D> {
    Unsent(B, D),
    Sent(Boxed<RawResponse>, D),
    Done,
}

// Nothing in it is ever pinned: the closures are moved out before they are called,
// and the request's future is pinned in its box.
impl<B, D> Unpin for Sending<B, D> {}

impl<T, B, D> Future for Sending<B, D>
where
    B: FnOnce() -> RequestBuilder,
    D: FnOnce(RawResponse) -> Result<Response<T>, Error>,
{
    type Output = Result<Response<T>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(this, Self::Done) {
                Self::Unsent(build, decode) => *this = Self::Sent(build().send_boxed(), decode),
                Self::Sent(mut answer, decode) => {
                    let Poll::Ready(raw) = answer.as_mut().poll(cx) else {
                        *this = Self::Sent(answer, decode);
                        return Poll::Pending;
                    };
                    return Poll::Ready(raw.and_then(decode));
                }
                Self::Done => panic!("a request's future polled after it completed"),
            }
        }
    }
}

/// Decodes a response read whole.
type ReadDecoder<T> = Box<dyn FnOnce(RawResponse) -> Result<Response<T>, Error> + Send>;

/// Sends a request whose 2xx body may be streamed: like [`Sending`], but `decode`
/// gets the response with its body unread, to stream it or to have it read whole
/// first ([`Decoded::read`]).
#[allow(dead_code, reason = "generated code streams only the responses its API declares as streams")]
pub(crate) enum SendingOpen<T, B, D> {
    Unsent(B, D),
    Sent(Boxed<OpenResponse>, D),
    Reading(Boxed<RawResponse>, ReadDecoder<T>),
    Done,
}

impl<T, B, D> Unpin for SendingOpen<T, B, D> {}

impl<T, B, D> Future for SendingOpen<T, B, D>
where
    B: FnOnce() -> RequestBuilder,
    D: FnOnce(OpenResponse) -> Decoded<T>,
{
    type Output = Result<Response<T>, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(this, Self::Done) {
                Self::Unsent(build, decode) => *this = Self::Sent(Box::pin(build().send_open()), decode),
                Self::Sent(mut answer, decode) => {
                    let Poll::Ready(open) = answer.as_mut().poll(cx) else {
                        *this = Self::Sent(answer, decode);
                        return Poll::Pending;
                    };
                    match open.map(decode) {
                        Err(error) => return Poll::Ready(Err(error)),
                        Ok(Decoded::Ready(result)) => return Poll::Ready(result),
                        Ok(Decoded::Read(open, decode)) => *this = Self::Reading(Box::pin(open.read()), decode),
                    }
                }
                Self::Reading(mut body, decode) => {
                    let Poll::Ready(raw) = body.as_mut().poll(cx) else {
                        *this = Self::Reading(body, decode);
                        return Poll::Pending;
                    };
                    return Poll::Ready(raw.and_then(decode));
                }
                Self::Done => panic!("a request's future polled after it completed"),
            }
        }
    }
}

/// The body alone of what the future answers: what `send()` returns.
pub(crate) struct Data<F>(pub(crate) F);

impl<T, F> Future for Data<F>
where
    F: Future<Output = Result<Response<T>, Error>> + Unpin,
{
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.get_mut().0).poll(cx).map(|result| result.map(Response::into_data))
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
