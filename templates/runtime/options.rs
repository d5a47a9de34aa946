//! Knobs for timeouts and retries: client-wide defaults and per-request overrides.

use std::fmt;
use std::time::Duration;

/// How a client retries failed requests.
///
/// Retried: `429 Too Many Requests` on every method (the server did not process the
/// request, so repeating it is safe), honouring `Retry-After`; `408`, `502`, `503`,
/// `504` and connection failures on idempotent methods (GET, HEAD, PUT, DELETE,
/// OPTIONS, TRACE) only, unless [`RetryPolicy::retry_non_idempotent`] is set.
/// Never retried: any other 4xx (a `423` lockout included) and request timeouts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) max_total_wait: Duration,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts, at most 30 s of waiting in total, backoff from 250 ms up to 10 s.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            max_total_wait: Duration::from_secs(30),
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(10),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that sends every request once.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// Attempts per request, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Upper bound on the time spent waiting between attempts of one request. A
    /// `Retry-After` longer than what is left ends the retries with the error.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = wait;
        self
    }

    /// Backoff before the first retry; it doubles with each retry, with jitter.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Cap on a single backoff delay.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Also retry POST and PATCH on `408`/`502`/`503`/`504` and connection failures.
    /// Only safe when the server deduplicates (e.g. with an idempotency key).
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }
}

/// Per-request overrides of the client's timeout and retry settings, and extra headers.
///
/// ```ignore
/// client.listings().list().request_options(RequestOptions::default().timeout(Duration::from_secs(5))).send().await?;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_attempts: Option<u32>,
    pub(crate) max_total_wait: Option<Duration>,
    pub(crate) retry_non_idempotent: Option<bool>,
    pub(crate) headers: ExtraHeaders,
}

impl RequestOptions {
    /// Time allowed for each attempt, from sending until the body is read.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Attempts for this request, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts.max(1));
        self
    }

    /// Upper bound on the time spent waiting between attempts of this request.
    pub fn max_total_wait(mut self, wait: Duration) -> Self {
        self.max_total_wait = Some(wait);
        self
    }

    /// Retry this request on transient failures even if its method is not idempotent.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = Some(retry);
        self
    }

    /// Sends an extra header with this request (every attempt, and every page of a
    /// stream), e.g. `Prefer`, a tenant id or a tracing header the API description
    /// does not declare. Setting the same name again replaces the value.
    ///
    /// The operation's own header parameters with that name are replaced; the
    /// credential the client sends and the `Content-Type` of a body take precedence.
    /// A name or value that cannot be sent in HTTP makes the request fail with
    /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) before anything is sent.
    ///
    /// ```ignore
    /// let options = RequestOptions::default().header("Prefer", "code=404");
    /// client.listings().get(id).request_options(options).send().await?;
    /// ```
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        // Header names are case-insensitive: `prefer` replaces `Prefer`.
        self.headers.0.retain(|(existing, _)| !existing.eq_ignore_ascii_case(&name));
        self.headers.0.push((name, value.into()));
        self
    }

    /// The client's policy with this request's overrides applied.
    pub(crate) fn apply(&self, policy: &RetryPolicy) -> RetryPolicy {
        RetryPolicy {
            max_attempts: self.max_attempts.unwrap_or(policy.max_attempts),
            max_total_wait: self.max_total_wait.unwrap_or(policy.max_total_wait),
            retry_non_idempotent: self
                .retry_non_idempotent
                .unwrap_or(policy.retry_non_idempotent),
            ..policy.clone()
        }
    }
}

/// Extra headers of one request, kept as given and checked when the request is sent
/// (so that [`RequestOptions::header`] stays chainable).
#[derive(Clone, Default, PartialEq, Eq)]
pub(crate) struct ExtraHeaders(pub(crate) Vec<(String, String)>);

impl fmt::Debug for ExtraHeaders {
    /// Names only: a value may be a secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(|(name, _)| name)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::RequestOptions;

    #[test]
    fn a_header_set_again_replaces_the_earlier_value_whatever_the_case() {
        let options = RequestOptions::default()
            .header("Prefer", "code=404")
            .header("X-Tenant", "a")
            .header("prefer", "code=500");
        let headers = &options.headers.0;
        assert_eq!(headers.len(), 2);
        assert!(headers.contains(&("prefer".to_owned(), "code=500".to_owned())));
    }

    #[test]
    fn debug_output_shows_header_names_but_not_values() {
        let options = RequestOptions::default().header("X-Signature", "s3cr3t-value");
        let shown = format!("{options:?}");
        assert!(shown.contains("X-Signature") && !shown.contains("s3cr3t"), "{shown}");
    }
}
