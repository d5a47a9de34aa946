// Copied by the generator from templates/runtime/retry.rs: edit the template, not this file.

//! When to retry and how long to wait.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, RETRY_AFTER};

use super::options::RetryPolicy;

/// Why an attempt may be repeated.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Transient {
    /// `429`: the server refused without processing, so any method may be repeated.
    RateLimited,
    /// `408`/`502`/`503`/`504` or a broken connection: the request may have been processed.
    Failure,
}

impl Transient {
    pub(crate) fn from_status(status: StatusCode) -> Option<Self> {
        match status.as_u16() {
            429 => Some(Self::RateLimited),
            408 | 502 | 503 | 504 => Some(Self::Failure),
            _ => None,
        }
    }
}

/// Tracks one request's attempts against its policy.
#[derive(Debug)]
pub(crate) struct Retries {
    policy: RetryPolicy,
    idempotent: bool,
    attempts: u32,
    waited: Duration,
}

impl Retries {
    pub(crate) fn new(policy: RetryPolicy, idempotent: bool) -> Self {
        Self { policy, idempotent, attempts: 0, waited: Duration::ZERO }
    }

    /// Counts an attempt against the budget.
    pub(crate) fn start_attempt(&mut self) {
        self.attempts += 1;
    }

    /// The delay before the next attempt, or `None` to give up. Records the wait.
    pub(crate) fn next_delay(&mut self, why: Transient, retry_after: Option<Duration>) -> Option<Duration> {
        let allowed = match why {
            Transient::RateLimited => true,
            Transient::Failure => self.idempotent || self.policy.retry_non_idempotent,
        };
        if !allowed || self.attempts >= self.policy.max_attempts {
            return None;
        }
        let delay = retry_after.unwrap_or_else(|| self.backoff());
        let waited = self.waited.checked_add(delay)?;
        if waited > self.policy.max_total_wait {
            return None;
        }
        self.waited = waited;
        Some(delay)
    }

    /// Exponential backoff with "equal jitter": half fixed, half random, so retries
    /// from many clients spread out without ever collapsing to zero.
    fn backoff(&self) -> Duration {
        let exponent = self.attempts.saturating_sub(1).min(16);
        let ceiling = self
            .policy
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.policy.max_delay);
        let half = ceiling / 2;
        let jitter_nanos = fastrand::u64(0..=u64::try_from(half.as_nanos()).unwrap_or(u64::MAX));
        half + Duration::from_nanos(jitter_nanos)
    }
}

/// Parses `Retry-After` as delay-seconds or an HTTP-date (a past date means now).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retries(attempts: u32, idempotent: bool) -> Retries {
        let policy = RetryPolicy::default()
            .max_attempts(attempts)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(400));
        Retries::new(policy, idempotent)
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let mut state = retries(10, true);
        for ceiling_ms in [100, 200, 400, 400, 400] {
            state.start_attempt();
            let delay = state.next_delay(Transient::Failure, None).unwrap_or_default();
            assert!(delay >= Duration::from_millis(ceiling_ms / 2), "{delay:?}");
            assert!(delay <= Duration::from_millis(ceiling_ms), "{delay:?}");
        }
    }

    #[test]
    fn non_idempotent_retries_only_rate_limits() {
        let mut state = retries(3, false);
        state.start_attempt();
        assert!(state.next_delay(Transient::Failure, None).is_none());
        assert!(state.next_delay(Transient::RateLimited, None).is_some());
    }

    #[test]
    fn retry_after_accepts_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, reqwest::header::HeaderValue::from_static("7"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let past = reqwest::header::HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        headers.insert(RETRY_AFTER, past);
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    }
}
