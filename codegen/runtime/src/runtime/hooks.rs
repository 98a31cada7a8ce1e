//! Interceptors: user code that sees each attempt's request just before it is sent (to add or
//! sign headers a spec cannot describe) and each response's status and headers (request ids,
//! rate limits, a validator's verdict). The client's guarantees hold around them: redirects are
//! still not followed, and what they see is the user's own request.

use std::fmt;
use std::sync::Arc;

/// Which call and attempt an interceptor is looking at.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct AttemptInfo {
    /// The operation's id in the spec.
    pub operation_id: &'static str,
    /// 1 for the first attempt, 2 for the first retry…
    pub attempt: u32,
}

/// Sees, and may change, each outgoing request, and sees each response's head. Both methods do
/// nothing by default; set one with `ClientBuilder::interceptor` (several run in that order).
pub trait Interceptor: Send + Sync + 'static {
    /// Called before each attempt is sent, credentials already in place.
    fn before_send(&self, _info: AttemptInfo, _request: &mut reqwest::Request) {}

    /// Called when an attempt's response arrives, before its body is read.
    fn after_response(
        &self,
        _info: AttemptInfo,
        _status: reqwest::StatusCode,
        _headers: &reqwest::header::HeaderMap,
    ) {
    }
}

/// The interceptors of a client.
#[derive(Clone, Default)]
pub(super) struct Interceptors(pub Vec<Arc<dyn Interceptor>>);

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} interceptors", self.0.len())
    }
}
