//! Settings for one call, set on its builder (`.options(…)`) without rebuilding the client: a
//! time limit, a retry policy, extra headers, and an idempotency key.

use std::fmt;
use std::time::Duration;

use super::retry::RetryPolicy;

/// What one call changes of the client's settings. Every setting is off by default: the
/// client's own apply.
#[derive(Clone, Default, PartialEq)]
pub struct RequestOptions {
    pub(super) timeout: Option<Duration>,
    pub(super) retry: Option<RetryPolicy>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) idempotency_key: Option<String>,
}

impl RequestOptions {
    /// No changes: the client's settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The time limit of the whole call, retries and their waits included, in place of the
    /// client's `total_timeout`; past it the call ends with `Error::Timeout`.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The retry policy of this call, in place of the client's.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// A header added to every attempt of this call (a trace id, a signature a spec cannot
    /// describe). A name or value HTTP cannot carry ends the call with
    /// `Error::InvalidRequest` before anything is sent. Values are kept out of `Debug`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `Idempotency-Key: key` with every attempt, so the server applies a repeated
    /// request once; the call is then retried under the retry policy even when its method
    /// (`POST`, `PATCH`) is not idempotent. Use a new key for each logical request.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("headers", &names)
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}
