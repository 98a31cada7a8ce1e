//! When a failed attempt is tried again, and how long to wait first.

use std::time::Duration;

/// When and how often a failed request is tried again.
///
/// Requests that are safe to repeat (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried on
/// connection errors, timeouts and the statuses 408, 429, 500, 502, 503 and 504. The delay before
/// attempt `n + 1` is drawn uniformly from zero to `min(max_delay, initial_delay * 2^(n-1))`
/// ("full jitter"); a `Retry-After` header replaces it when it is no longer than `max_delay`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(super) max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    pub(super) max_total_delay: Duration,
    pub(super) retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts in all, delays from 500 ms doubling up to 20 s, at most 60 s of waiting in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_total_delay: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// A policy that makes one attempt and never retries.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How many attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The ceiling of the first delay; each later ceiling doubles.
    pub fn initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest single delay, `Retry-After` included.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most time spent waiting between attempts, all delays added up.
    pub fn max_total_delay(mut self, delay: Duration) -> Self {
        self.max_total_delay = delay;
        self
    }

    /// Also retry POST and PATCH, which may not be safe to repeat.
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The most attempts this policy makes.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The ceiling of the delay after the given failed attempt (1-based), before jitter.
    pub fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1).min(31));
        self.initial_delay
            .saturating_mul(factor)
            .min(self.max_delay)
    }

    /// The delay after the given failed attempt: `Retry-After` when present and within
    /// `max_delay` (`None` when it is longer: the caller gives up), else `jitter` (a number in
    /// `[0, 1)`) times the backoff ceiling.
    pub fn delay(
        &self,
        attempt: u32,
        retry_after: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        match retry_after {
            Some(wait) if wait > self.max_delay => None,
            Some(wait) => Some(wait),
            None => Some(
                self.backoff_ceiling(attempt)
                    .mul_f64(jitter.clamp(0.0, 1.0)),
            ),
        }
    }
}

pub(super) fn is_retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as seconds or as an HTTP date.
pub(super) fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let at = u64::try_from(date.timestamp()).unwrap_or(0);
    Some(Duration::from_secs(at.saturating_sub(now.as_secs())))
}

/// A number in `[0, 1)` from the standard library's randomly keyed hasher.
pub(super) fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}
