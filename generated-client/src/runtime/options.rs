// Copied by the generator from templates/runtime/options.rs: edit the template, not this file.

//! Knobs for timeouts and retries: client-wide defaults and per-request overrides.

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

/// Per-request overrides of the client's timeout and retry settings.
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
