//! Sending a request: credentials, retries, timeouts, session upkeep and tracing.

use std::error::Error as StdError;
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};
use tracing::Instrument as _;
use tracing::field::Empty;

use super::auth::{self, SchemeKind};
use super::client::{CrossOriginRedirect, Http};
use super::error::{ApiError, Error};
use super::redact::{scrub_location, scrub_url};
use super::request::{Body, RequestBuilder, SessionMode};
use super::response::{OpenResponse, RawResponse};
use super::retry::{self, Retries, Transient};
use super::serialize::encode;
use super::session::Bearer;

/// A response whose body has been read completely.
struct Received {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// What one attempt got back.
enum Attempt {
    Read(Received),
    /// A 2xx whose body was left for the caller (open mode only).
    Open(reqwest::Response),
}

/// A successful answer.
enum Success {
    Read(RawResponse),
    Open(OpenResponse),
}

impl RequestBuilder {
    /// Sends the request with credentials, retries and timeouts; a non-2xx
    /// answer becomes [`Error::Api`].
    pub(crate) async fn send(self) -> Result<RawResponse, Error> {
        match self.traced(false).await? {
            Success::Read(raw) => Ok(raw),
            Success::Open(open) => open.read().await,
        }
    }

    /// Like [`send`](Self::send), but a 2xx body is left unread, to be streamed: the
    /// request timeout bounds the wait for the response head (and an error body),
    /// and retries end once a 2xx head is in.
    #[allow(dead_code, reason = "generated code streams only the responses its API declares as streams")]
    pub(crate) async fn send_open(self) -> Result<OpenResponse, Error> {
        match self.traced(true).await? {
            Success::Open(open) => Ok(open),
            Success::Read(raw) => Ok(raw.reopen()),
        }
    }

    async fn traced(self, open: bool) -> Result<Success, Error> {
        // The path template (not the filled-in path) keeps ids and secrets out of traces.
        let span = tracing::info_span!(
            "http_request",
            operation = self.op.id,
            method = self.op.method.as_str(),
            path = self.op.path,
            attempt = Empty,
            status = Empty,
            error_id = Empty,
            correlation_id = Empty,
        );
        self.execute(span.clone(), open).instrument(span).await
    }

    /// [`send`](Self::send) behind a box: for the session refresh (sending may need a
    /// refresh, which sends, and only a named future type breaks that cycle) and for
    /// the futures every operation returns (`sending.rs`).
    pub(crate) fn send_boxed(self) -> Pin<Box<dyn Future<Output = Result<RawResponse, Error>> + Send>> {
        Box::pin(self.send())
    }

    async fn execute(mut self, span: tracing::Span, open: bool) -> Result<Success, Error> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        self.merge_extra_headers()?;
        let op = self.op;
        let client = self.client.clone();
        let inner = client.inner();
        let schemes = auth::select(op, client.available())?;
        let url = Url::parse(&format!("{}{}", inner.base_url, self.path)).map_err(|error| {
            Error::InvalidRequest { operation: op.id, reason: format!("URL: {error}") }
        })?;
        let timeout = self.options.timeout.unwrap_or(inner.timeout);
        let mut retries = Retries::new(self.options.apply(&inner.retry), op.method.is_idempotent());
        let mut attempt: u32 = 0;
        let mut refreshed_after_401 = false;
        let mut counts_against_budget = true;
        loop {
            attempt += 1;
            if counts_against_budget {
                retries.start_attempt();
            }
            counts_against_budget = true;
            span.record("attempt", attempt);
            let bearer = self.bearer(&schemes).await?;
            let deadline = tokio::time::Instant::now() + timeout;
            let received = if open {
                // reqwest's timeout would cover the whole body; here it bounds the head.
                let request = self.build(url.clone(), &schemes, bearer.as_ref(), None)?;
                tokio::time::timeout_at(deadline, receive(&inner.http, request, true))
                    .await
                    .map_err(|_| Error::Timeout { operation: op.id, after: timeout })?
            } else {
                let request = self.build(url.clone(), &schemes, bearer.as_ref(), Some(timeout))?;
                receive(&inner.http, request, false).await
            };
            let (why, retry_after, error) = match received {
                Ok(Attempt::Open(response)) => {
                    span.record("status", response.status().as_u16());
                    return Ok(Success::Open(OpenResponse::new(op.id, response, deadline, timeout)));
                }
                Ok(Attempt::Read(Received { status, headers, body })) if status.is_success() => {
                    span.record("status", status.as_u16());
                    inner.session.observe(op, &body);
                    return Ok(Success::Read(RawResponse::new(op.id, status, headers, body)));
                }
                Ok(Attempt::Read(Received { status, headers, body })) => {
                    span.record("status", status.as_u16());
                    let retry_after = retry::retry_after(&headers);
                    let api = ApiError::new(op.id, status, headers, &body, retry_after);
                    if let Some(error_id) = api.error_id() {
                        span.record("error_id", error_id);
                    }
                    if let Some(correlation_id) = api.correlation_id() {
                        span.record("correlation_id", correlation_id);
                    }
                    if status == StatusCode::UNAUTHORIZED && !refreshed_after_401 {
                        if let Some(bearer) = bearer.filter(|_| self.refreshable()) {
                            // At most once per request: a token that fails right after a
                            // refresh is not an expiry problem.
                            refreshed_after_401 = true;
                            inner.session.refresh(&client, bearer.epoch).await?;
                            // Owed to the expired token, not to the server: not counted.
                            counts_against_budget = false;
                            continue;
                        }
                    }
                    let error = Error::Api(Box::new(api));
                    match Transient::from_status(status) {
                        Some(why) => (why, retry_after, error),
                        None => return Err(error),
                    }
                }
                #[cfg(feature = "middleware")]
                Err(Failed::Middleware(source)) => {
                    // The middleware decided; retrying around it would second-guess it.
                    return Err(Error::Middleware { operation: op.id, source: super::error::MiddlewareError::new(source) });
                }
                Err(Failed::Left(location)) => {
                    return Err(Error::RedirectRefused { operation: op.id, location });
                }
                Err(Failed::Http(source)) => {
                    if let Some(refused) = cross_origin(&source) {
                        return Err(Error::RedirectRefused { operation: op.id, location: refused.0.clone() });
                    }
                    if source.is_timeout() && !source.is_connect() {
                        // Not retried: the caller's timeout bounds the wait, and the
                        // server may still be working on the request.
                        return Err(Error::Timeout { operation: op.id, after: timeout });
                    }
                    (Transient::Failure, None, Error::Transport { operation: op.id, source: scrub_url(source) })
                }
            };
            let Some(delay) = retries.next_delay(why, retry_after) else {
                return Err(error);
            };
            tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying: {error}");
            tokio::time::sleep(delay).await;
        }
    }

    /// Adds the headers of [`RequestOptions::header`](super::RequestOptions::header)
    /// over the operation's header parameters, once for all attempts.
    fn merge_extra_headers(&mut self) -> Result<(), Error> {
        for (name, value) in std::mem::take(&mut self.options.headers.0) {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| self.invalid(&format!("`{name}` is not a valid header name")))?;
            // The value stays out of the message: it may be a secret.
            let header_value = HeaderValue::from_str(&value)
                .map_err(|_| self.invalid(&format!("header `{name}` has a value that cannot be sent")))?;
            self.headers.insert(header_name, header_value);
        }
        Ok(())
    }

    /// Whether a 401 may be answered by refreshing the session once.
    fn refreshable(&self) -> bool {
        self.session_mode == SessionMode::Normal && self.client.inner().session.can_refresh()
    }

    /// The bearer token for this attempt, refreshed first when due.
    async fn bearer(&self, schemes: &[SchemeKind]) -> Result<Option<Bearer>, Error> {
        if !schemes.contains(&SchemeKind::Bearer) {
            return Ok(None);
        }
        let session = &self.client.inner().session;
        let bearer = match self.session_mode {
            SessionMode::Normal => session.bearer(&self.client).await?,
            // The refresh call itself must not wait for a refresh.
            SessionMode::Refreshing => session.current(),
        };
        // Signed out between choosing the credential and sending.
        bearer.map(Some).ok_or(Error::CredentialNotAccepted { operation: self.op.id, accepted: self.op.security })
    }

    /// Builds one attempt; the body is cloned so that the request can be sent again.
    fn build(
        &self,
        mut url: Url,
        schemes: &[SchemeKind],
        bearer: Option<&Bearer>,
        timeout: Option<Duration>,
    ) -> Result<reqwest::Request, Error> {
        let inner = self.client.inner();
        let mut headers = self.headers.clone();
        if !matches!(self.body, Body::Empty) {
            // The body sets its own Content-Type; an extra header must not duplicate it.
            headers.remove(CONTENT_TYPE);
        }
        let mut query = self.query.clone();
        for scheme in schemes {
            match (scheme, &inner.api_key, &inner.basic) {
                (SchemeKind::ApiKeyHeader(name), Some(key), _) => {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| self.invalid("API key header name"))?;
                    headers.insert(name, self.secret_header(key.expose())?);
                }
                (SchemeKind::ApiKeyQuery(name), Some(key), _) => query.push((encode(name), encode(key.expose()))),
                (SchemeKind::ApiKeyCookie(name), Some(key), _) => {
                    // One `Cookie` header for all cookies (RFC 6265 §5.4).
                    let cookie = format!("{name}={}", key.expose());
                    let cookie = match headers.get(COOKIE).and_then(|value| value.to_str().ok()) {
                        Some(existing) => format!("{existing}; {cookie}"),
                        None => cookie,
                    };
                    headers.insert(COOKIE, self.secret_header(&cookie)?);
                }
                (SchemeKind::Bearer, _, _) => {
                    if let Some(bearer) = bearer {
                        headers.insert(AUTHORIZATION, self.secret_header(&format!("Bearer {}", bearer.token))?);
                    }
                }
                (SchemeKind::Basic, _, Some((user, password))) => {
                    let credentials = format!("{user}:{}", password.expose());
                    let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, credentials);
                    headers.insert(AUTHORIZATION, self.secret_header(&format!("Basic {encoded}"))?);
                }
                // `auth::select` only picks schemes whose credential is present.
                _ => {}
            }
        }
        if !query.is_empty() {
            // The pairs are percent-encoded already, each as its parameter's style says.
            let query: Vec<String> = query.iter().map(|(name, value)| format!("{name}={value}")).collect();
            url.set_query(Some(&query.join("&")));
        }
        let mut request = inner.http.client().request(self.op.method.to_reqwest(), url).headers(headers);
        if let Some(timeout) = timeout {
            request = request.timeout(timeout);
        }
        request = match &self.body {
            Body::Empty => request,
            Body::Raw { content_type, data } => request.header(CONTENT_TYPE, *content_type).body(data.clone()),
            Body::Multipart(form) => {
                let form = form.to_reqwest().map_err(|error| self.invalid(&format!("multipart body: {error}")))?;
                request.multipart(form)
            }
        };
        request.build().map_err(|error| self.invalid(&error.to_string()))
    }

    /// A header value that HTTP/2 must not index and that stays out of debug output.
    fn secret_header(&self, value: &str) -> Result<HeaderValue, Error> {
        let mut value = HeaderValue::from_str(value).map_err(|_| self.invalid("credential is not a valid header value"))?;
        value.set_sensitive(true);
        Ok(value)
    }

    fn invalid(&self, reason: &str) -> Error {
        Error::InvalidRequest { operation: self.op.id, reason: reason.to_owned() }
    }
}

/// Why no response was received.
enum Failed {
    Http(reqwest::Error),
    #[cfg(feature = "middleware")]
    Middleware(Box<dyn StdError + Send + Sync>),
    /// A redirect followed by a caller's client left the origin; where it ended.
    Left(String),
}

impl From<reqwest::Error> for Failed {
    fn from(error: reqwest::Error) -> Self {
        Self::Http(error)
    }
}

/// Sends and reads the whole body (covered by the same per-attempt timeout), or in
/// `open` mode leaves a 2xx body unread.
async fn receive(http: &Http, request: reqwest::Request, open: bool) -> Result<Attempt, Failed> {
    let origin = request.url().origin();
    let response = match http {
        Http::Plain(client) => client.execute(request).await?,
        #[cfg(feature = "middleware")]
        Http::Middleware(client) => match client.execute(request).await {
            Ok(response) => response,
            Err(reqwest_middleware::Error::Reqwest(error)) => return Err(Failed::Http(error)),
            Err(reqwest_middleware::Error::Middleware(error)) => return Err(Failed::Middleware(error.into())),
        },
    };
    // Only a caller's client with a laxer redirect policy gets here from elsewhere;
    // an answer from another origin is not the API's.
    if response.url().origin() != origin {
        return Err(Failed::Left(scrub_location(response.url().as_str())));
    }
    if open && response.status().is_success() {
        return Ok(Attempt::Open(response));
    }
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await?.to_vec();
    Ok(Attempt::Read(Received { status, headers, body }))
}

/// The refused redirect behind a transport error, if that is what it is.
fn cross_origin(error: &reqwest::Error) -> Option<&CrossOriginRedirect> {
    if !error.is_redirect() {
        return None;
    }
    let mut source = error.source();
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<CrossOriginRedirect>() {
            return Some(refused);
        }
        source = cause.source();
    }
    None
}
