//! The client: a call is attempts under the retry policy, ending in a decoded value or an
//! [`Error`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{AuthScheme, Secret};
use super::config::Sleeper;
use super::decode::DecodeFailure;
use super::error::{ApiError, DecodeError, Error, InvalidRequest, error_details, excerpt};
use super::retry::{RetryPolicy, is_retryable_status, jitter, retry_after};
use super::send::{Attempt, Request, check_headers, check_path};

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// What a built client holds; made by `ClientBuilder::build`.
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) base_url: String,
    pub(super) auth: AuthScheme,
    pub(super) auth_header: Option<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    pub(super) credential: Option<Secret>,
    pub(super) send_without_credential: bool,
    pub(super) total_timeout: Option<Duration>,
    pub(super) retry: RetryPolicy,
    pub(super) max_response_bytes: usize,
    pub(super) sleep: Sleeper,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("auth", &self.inner.auth)
            .field(
                "credential",
                &self.inner.credential.as_ref().map(|_| "<redacted>"),
            )
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// How a response body becomes the operation's success value.
type DecodeSuccess<T> = fn(u16, &[u8]) -> Result<T, DecodeFailure>;
/// How an error body becomes the operation's error type (`None`: not of that shape).
type DecodeErrorBody<E> = fn(u16, &[u8]) -> Option<E>;

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request`, retrying as the policy allows, and decodes the answer.
    #[doc(hidden)]
    pub async fn execute<T, E>(
        &self,
        request: Result<Request, InvalidRequest>,
        decode_success: DecodeSuccess<T>,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<T, Error<E>> {
        let request = request?;
        let span = tracing::debug_span!(
            "api_call",
            operation = request.operation_id,
            method = %request.method,
            url_template = request.path_template,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        if span.is_disabled() {
            // No subscriber wants it: skip entering and leaving the span on every poll.
            return self
                .execute_with_retries(request, decode_success, decode_error, span)
                .await;
        }
        let call = self.execute_with_retries(request, decode_success, decode_error, span.clone());
        tracing::Instrument::instrument(call, span).await
    }

    async fn execute_with_retries<T, E>(
        &self,
        request: Request,
        decode_success: DecodeSuccess<T>,
        decode_error: DecodeErrorBody<E>,
        span: tracing::Span,
    ) -> Result<T, Error<E>> {
        check_path(&request.path)?;
        let inner = &self.inner;
        if request.authenticated
            && inner.credential.is_none()
            && inner.auth != AuthScheme::None
            && !inner.send_without_credential
        {
            return Err(Error::MissingCredential {
                operation: request.operation_id,
                scheme: inner.auth,
            });
        }
        check_headers(&request.headers)?;
        let deadline = inner.total_timeout.map(|t| tokio::time::Instant::now() + t);
        let may_retry = inner.retry.retry_non_idempotent || is_idempotent(&request.method);
        let mut waited = Duration::ZERO;
        let mut attempt = 0;
        loop {
            attempt += 1;
            span.record("attempt", attempt);
            let send = self.attempt(&request);
            let outcome = match deadline {
                Some(deadline) => match tokio::time::timeout_at(deadline, send).await {
                    Ok(outcome) => outcome,
                    Err(_) => return Err(Error::Timeout { attempts: attempt }),
                },
                None => send.await,
            };
            if may_retry && let Some(delay) = self.retry_delay(&outcome, attempt, waited, deadline)
            {
                tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
                inner.sleep.0.sleep(delay).await;
                waited += delay;
                continue;
            }
            if let Attempt::Response { status, .. } = &outcome {
                span.record("status", status.as_u16());
            }
            return self.finish(outcome, attempt, decode_success, decode_error);
        }
    }

    /// How long to wait before trying again after `outcome`, or `None` to stop: the failure
    /// must be retryable, attempts left, and the wait within the policy's budget and the
    /// call's deadline.
    fn retry_delay(
        &self,
        outcome: &Attempt,
        attempt: u32,
        waited: Duration,
        deadline: Option<tokio::time::Instant>,
    ) -> Option<Duration> {
        let policy = &self.inner.retry;
        let (retryable, server_delay) = match outcome {
            Attempt::Response {
                status, headers, ..
            } => (is_retryable_status(*status), retry_after(headers)),
            Attempt::TooLarge { .. } => (false, None),
            Attempt::Failed(e) => (e.is_timeout() || e.is_connect(), None),
        };
        if !retryable || attempt >= policy.max_attempts {
            return None;
        }
        let delay = policy.delay(attempt, server_delay, jitter())?;
        let within_budget = waited + delay <= policy.max_total_delay;
        let within_deadline = deadline.is_none_or(|d| tokio::time::Instant::now() + delay < d);
        (within_budget && within_deadline).then_some(delay)
    }

    /// The call's result from its last attempt.
    fn finish<T, E>(
        &self,
        outcome: Attempt,
        attempts: u32,
        decode_success: DecodeSuccess<T>,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<T, Error<E>> {
        let (status, headers, body) = match outcome {
            Attempt::Failed(e) => {
                // A query credential is part of the URL: keep it out of the error.
                let e = match self.inner.auth {
                    AuthScheme::Query(_) => e.without_url(),
                    _ => e,
                };
                return Err(match e.is_timeout() {
                    true => Error::Timeout { attempts },
                    false => Error::Transport {
                        source: e,
                        attempts,
                    },
                });
            }
            Attempt::TooLarge { status } => {
                return Err(Error::BodyTooLarge {
                    status,
                    limit: self.inner.max_response_bytes,
                    attempts,
                });
            }
            Attempt::Response {
                status,
                headers,
                body,
            } => (status, headers, body),
        };
        if status.is_success() {
            decode_success(status.as_u16(), &body).map_err(|e| {
                Error::Decode(DecodeError {
                    status,
                    message: e.message,
                    path: e.path,
                    excerpt: excerpt(&body),
                    attempts,
                })
            })
        } else if status.is_redirection() {
            let location = headers
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            Err(Error::Redirect {
                status,
                location,
                attempts,
            })
        } else {
            let (codes, messages) = error_details(&body);
            Err(Error::Api(ApiError {
                status,
                body: decode_error(status.as_u16(), &body),
                codes,
                messages,
                raw: excerpt(&body),
                retry_after: retry_after(&headers),
                attempts,
            }))
        }
    }
}

/// Whether a request with this method is safe to repeat.
fn is_idempotent(method: &reqwest::Method) -> bool {
    matches!(
        *method,
        reqwest::Method::GET
            | reqwest::Method::HEAD
            | reqwest::Method::PUT
            | reqwest::Method::DELETE
            | reqwest::Method::OPTIONS
            | reqwest::Method::TRACE
    )
}
