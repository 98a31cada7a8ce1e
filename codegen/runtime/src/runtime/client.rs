//! The client: a call is attempts under the retry policy, ending in a decoded value or an
//! [`Error`].

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::BoxFuture;

use super::auth::{Chosen, Ready, SecurityScheme, accepted, choose};
use super::config::Sleeper;
use super::decode::DecodeFailure;
use super::error::{ApiError, DecodeError, Error, InvalidRequest, error_details, excerpt};
use super::hooks::Interceptors;
use super::oauth::Bearer;
use super::options::RequestOptions;
use super::response::{ApiResponse, ResponseHeaders};
use super::retry::{RetryPolicy, is_retryable_status, jitter, retry_after};
use super::send::{Attempt, Request, check_headers, check_path};
use super::servers::Servers;
use super::streams::ByteStream;

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    pub(super) inner: Arc<Inner>,
}

/// What a built client holds; made by `ClientBuilder::build`.
pub(super) struct Inner {
    pub(super) http: reqwest::Client,
    pub(super) servers: Servers,
    pub(super) schemes: &'static [SecurityScheme],
    /// The credential of each scheme, in the order of `schemes` (`None`: not set).
    pub(super) credentials: Vec<Option<Ready>>,
    pub(super) send_without_credential: bool,
    pub(super) total_timeout: Option<Duration>,
    pub(super) retry: RetryPolicy,
    pub(super) max_response_bytes: usize,
    /// For streamed answers, which the HTTP client's own timeout would cut: the head's limit.
    pub(super) attempt_timeout: Option<Duration>,
    pub(super) stall_timeout: Duration,
    pub(super) sleep: Sleeper,
    pub(super) interceptors: Interceptors,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.servers.base_url)
            .field("credentials", &self.configured_schemes())
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// A call in flight: what a request builder's `send`s return and what awaiting the builder
/// gives.
///
/// Boxed once, here, rather than an `impl Future` per operation: the compiler then proves the
/// call `Send` once for every operation instead of once for each (in a crate of a thousand
/// operations, most of its check time).
pub type CallFuture<'a, T, E> = BoxFuture<'a, Result<T, Error<E>>>;

/// How a response body becomes the operation's success value.
type DecodeSuccess<T> = fn(u16, &[u8]) -> Result<T, DecodeFailure>;
/// How an error body becomes the operation's error type (`None`: not of that shape).
type DecodeErrorBody<E> = fn(u16, &[u8]) -> Option<E>;

impl Client {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.servers.base_url
    }

    /// The URL `request`'s path goes under: the base URL, or the server its operation names.
    fn server_for<E>(&self, request: &Request) -> Result<&str, Error<E>> {
        let servers = &self.inner.servers;
        let Some(server) = request.server else {
            return Ok(&servers.base_url);
        };
        match servers.operations.iter().find(|(s, _)| *s == server) {
            Some((_, Ok(url))) => Ok(url),
            Some((_, Err(reason))) => Err(Error::Server {
                operation: request.operation_id,
                reason: reason.clone(),
            }),
            None => Err(Error::Server {
                operation: request.operation_id,
                reason: format!("the client does not know the server `{server}`"),
            }),
        }
    }

    /// The names of the security schemes this client has a credential for.
    pub fn configured_schemes(&self) -> Vec<&'static str> {
        let inner = &self.inner;
        inner
            .schemes
            .iter()
            .zip(&inner.credentials)
            .filter(|(_, credential)| credential.is_some())
            .map(|(scheme, _)| scheme.name)
            .collect()
    }

    /// Which credentials `request` sends, or the error when none of its alternatives is set.
    fn credentials_for<E>(&self, request: &Request) -> Result<Option<Chosen>, Error<E>> {
        let inner = &self.inner;
        match choose(inner.schemes, request.security, |i| {
            inner.credentials[i].is_some()
        }) {
            Ok(chosen) => Ok(chosen),
            Err(()) if inner.send_without_credential => Ok(Some(Chosen {
                schemes: request.security[0],
                authorization: None,
            })),
            Err(()) => Err(Error::MissingCredential {
                operation: request.operation_id,
                accepts: accepted(inner.schemes, request.security),
            }),
        }
    }

    /// The OAuth 2.0 token the chosen credentials send, fetched or renewed if need be.
    async fn bearer<E>(&self, chosen: Option<Chosen>) -> Result<Option<Bearer>, Error<E>> {
        let Some(i) = chosen.and_then(|c| c.authorization) else {
            return Ok(None);
        };
        match &self.inner.credentials[i] {
            Some(Ready::Tokens(cache)) => match cache.bearer(&self.inner.http).await {
                Ok(bearer) => Ok(Some(bearer)),
                Err(source) => Err(Error::Token {
                    scheme: self.inner.schemes[i].name,
                    source,
                }),
            },
            _ => Ok(None),
        }
    }

    /// After a 401 on a renewable token: forgets it, so the next attempt fetches another, and
    /// says whether that is worth an attempt.
    fn forget_rejected_token(&self, chosen: Option<Chosen>, bearer: &Bearer) -> bool {
        let Some(i) = chosen.and_then(|c| c.authorization) else {
            return false;
        };
        match &self.inner.credentials[i] {
            Some(Ready::Tokens(cache)) if cache.renews() => {
                cache.invalidate(bearer.generation);
                true
            }
            _ => false,
        }
    }

    /// Sends `request` with this call's `options`, retrying as the policy allows, and decodes
    /// the answer.
    #[doc(hidden)]
    pub fn execute<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Result<Request, InvalidRequest>,
        options: RequestOptions,
        decode_success: DecodeSuccess<T>,
        decode_error: DecodeErrorBody<E>,
    ) -> CallFuture<'a, T, E> {
        // The headers are dropped, never boxed into an `ApiResponse`.
        self.decoded(
            request,
            options,
            (decode_success, decode_error),
            |_, _, body| body,
        )
        .boxed()
    }

    /// [`Client::execute`], the decoded answer with its status and headers.
    #[doc(hidden)]
    pub fn execute_with_response<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Result<Request, InvalidRequest>,
        options: RequestOptions,
        decode_success: DecodeSuccess<T>,
        decode_error: DecodeErrorBody<E>,
    ) -> CallFuture<'a, ApiResponse<T>, E> {
        self.decoded(request, options, (decode_success, decode_error), answer)
            .boxed()
    }

    /// The decoded answer, unboxed, as `keep` makes it of the status, headers and body: what
    /// the `execute`s box and a pager awaits.
    ///
    /// The layers of a call are futures mapped or wrapped, not `async fn`s awaiting each other:
    /// an `async fn` keeps its arguments beside the future it awaits, so every layer would add
    /// a copy of the request to the state each call moves around.
    pub(super) fn decoded<T, U, E>(
        &self,
        request: Result<Request, InvalidRequest>,
        options: RequestOptions,
        (decode_success, decode_error): (DecodeSuccess<T>, DecodeErrorBody<E>),
        keep: fn(reqwest::StatusCode, reqwest::header::HeaderMap, T) -> U,
    ) -> impl Future<Output = Result<U, Error<E>>> {
        self.call(request, options, false).map(move |called| {
            let (outcome, attempts, chosen) = called?;
            let (status, headers, body) =
                self.finish(outcome, attempts, chosen, decode_success, decode_error)?;
            Ok(keep(status, headers, body))
        })
    }

    /// Sends `request` like [`Client::execute`], the success body left unread: a stream of its
    /// bytes (error answers are read and decoded as usual).
    #[doc(hidden)]
    pub fn execute_stream<'a, E: Send + 'a>(
        &'a self,
        request: Result<Request, InvalidRequest>,
        options: RequestOptions,
        decode_error: DecodeErrorBody<E>,
    ) -> CallFuture<'a, ApiResponse<ByteStream>, E> {
        self.execute_streamed(request, options, decode_error, |answer| answer)
    }

    /// [`Client::execute_stream`], the streamed answer opened by `open` (into decoded
    /// server-sent events or JSON lines, say) within the same boxed call.
    #[doc(hidden)]
    pub fn execute_streamed<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Result<Request, InvalidRequest>,
        options: RequestOptions,
        decode_error: DecodeErrorBody<E>,
        open: fn(ApiResponse<ByteStream>) -> T,
    ) -> CallFuture<'a, T, E> {
        self.call(request, options, true)
            .map(move |called| {
                let (outcome, attempts, chosen) = called?;
                match outcome {
                    Attempt::Streaming {
                        status,
                        headers,
                        response,
                    } => Ok(open(answer(
                        status,
                        headers,
                        ByteStream::new(response, self.inner.stall_timeout),
                    ))),
                    other => {
                        let unread: DecodeSuccess<ByteStream> = |_, _| {
                            Err(DecodeFailure {
                                message: "a streamed answer was read whole".to_owned(),
                                path: None,
                            })
                        };
                        self.finish(other, attempts, chosen, unread, decode_error)
                            .map(|(status, headers, body)| open(answer(status, headers, body)))
                    }
                }
            })
            .boxed()
    }

    /// The attempts of one call, in a tracing span: the last one's outcome.
    fn call<E>(
        &self,
        request: Result<Request, InvalidRequest>,
        options: RequestOptions,
        stream: bool,
    ) -> impl Future<Output = Result<(Attempt, u32, Option<Chosen>), Error<E>>> {
        // With no subscriber the span is disabled, and entering it on each poll costs a check.
        let span = match &request {
            Ok(request) => tracing::debug_span!(
                "api_call",
                operation = request.operation_id,
                method = %request.method,
                url_template = request.path_template,
                attempt = tracing::field::Empty,
                status = tracing::field::Empty,
            ),
            Err(_) => tracing::Span::none(),
        };
        let record = span.clone();
        tracing::Instrument::instrument(
            self.execute_with_retries(request, options, stream, record),
            span,
        )
    }

    #[allow(
        clippy::manual_async_fn,
        reason = "as an `async fn` it would store the request twice (424 more bytes per call)"
    )]
    fn execute_with_retries<E>(
        &self,
        request: Result<Request, InvalidRequest>,
        options: RequestOptions,
        stream: bool,
        span: tracing::Span,
    ) -> impl Future<Output = Result<(Attempt, u32, Option<Chosen>), Error<E>>> {
        // An `async move` block, not an `async fn`: its captures are used in place, never
        // copied into locals.
        async move {
            let request = match &request {
                Ok(request) => request,
                Err(invalid) => return Err(Error::InvalidRequest(invalid.clone())),
            };
            let options = &options;
            check_path(&request.path)?;
            let server = self.server_for(request)?;
            let chosen = self.credentials_for(request)?;
            check_headers(&request.headers)?;
            check_extra_headers(&options.headers)?;
            let inner = &self.inner;
            let policy = options.retry.as_ref().unwrap_or(&inner.retry);
            let timeout = options.timeout.or(inner.total_timeout);
            let deadline = timeout.map(|t| tokio::time::Instant::now() + t);
            // A streamed body can be sent once.
            let streamed = request
                .body
                .as_ref()
                .is_some_and(|(_, body)| body.is_stream());
            let may_retry = !streamed
                && (policy.retry_non_idempotent
                    || is_idempotent(&request.method)
                    || options.idempotency_key.is_some());
            let mut waited = Duration::ZERO;
            let mut attempt = 0;
            let mut token_renewed = false;
            loop {
                attempt += 1;
                span.record("attempt", attempt);
                // Each arm makes its own future: one held in a local and moved into the
                // timeout would be stored twice.
                let (outcome, bearer) = match deadline {
                    Some(deadline) => match tokio::time::timeout_at(
                        deadline,
                        self.try_once(server, request, options, chosen, (attempt, stream)),
                    )
                    .await
                    {
                        Ok(outcome) => outcome?,
                        Err(_) => return Err(Error::Timeout { attempts: attempt }),
                    },
                    None => {
                        self.try_once(server, request, options, chosen, (attempt, stream))
                            .await?
                    }
                };
                // A rejected token is renewed once and the call tried once more, never in a
                // loop.
                if let (Attempt::Response { status, .. }, Some(bearer)) = (&outcome, &bearer)
                    && *status == reqwest::StatusCode::UNAUTHORIZED
                    && !token_renewed
                    && self.forget_rejected_token(chosen, bearer)
                {
                    tracing::debug!(attempt, "token rejected; renewing it");
                    token_renewed = true;
                    continue;
                }
                if may_retry
                    && let Some(delay) = retry_delay(policy, &outcome, attempt, waited, deadline)
                {
                    tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
                    inner.sleep.0.sleep(delay).await;
                    waited += delay;
                    continue;
                }
                if let Attempt::Response { status, .. } | Attempt::Streaming { status, .. } =
                    &outcome
                {
                    span.record("status", status.as_u16());
                }
                return Ok((outcome, attempt, chosen));
            }
        }
    }

    /// One attempt with the chosen credentials' token, fetched or renewed if need be.
    async fn try_once<E>(
        &self,
        server: &str,
        request: &Request,
        options: &RequestOptions,
        chosen: Option<Chosen>,
        attempt: (u32, bool),
    ) -> Result<(Attempt, Option<Bearer>), Error<E>> {
        let bearer = self.bearer(chosen).await?;
        let outcome = self
            .attempt(server, request, options, chosen, bearer.as_ref(), attempt)
            .await;
        Ok((outcome, bearer))
    }

    /// The call's result from its last attempt: a success's status, headers and decoded body.
    fn finish<T, E>(
        &self,
        outcome: Attempt,
        attempts: u32,
        chosen: Option<Chosen>,
        decode_success: DecodeSuccess<T>,
        decode_error: DecodeErrorBody<E>,
    ) -> Result<(reqwest::StatusCode, reqwest::header::HeaderMap, T), Error<E>> {
        let (status, headers, body) = match outcome {
            Attempt::HeadTimeout => return Err(Error::Timeout { attempts }),
            Attempt::Streaming {
                status, headers, ..
            } => (status, headers, bytes::Bytes::new()),
            Attempt::Failed(e) => {
                // A query credential is part of the URL: keep it out of the error.
                let e = match self.sends_query_credential(chosen) {
                    true => e.without_url(),
                    false => e,
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
            match decode_success(status.as_u16(), &body) {
                Ok(body) => Ok((status, headers, body)),
                Err(e) => Err(Error::Decode(DecodeError {
                    status,
                    message: e.message,
                    path: e.path,
                    excerpt: excerpt(&body),
                    attempts,
                })),
            }
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
                headers: ResponseHeaders::new(headers),
            }))
        }
    }
}

impl Client {
    /// Whether the chosen credentials put a key in the URL.
    fn sends_query_credential(&self, chosen: Option<Chosen>) -> bool {
        chosen.is_some_and(|c| {
            c.schemes.iter().any(|name| {
                self.inner
                    .schemes
                    .iter()
                    .zip(&self.inner.credentials)
                    .any(|(s, r)| s.name == *name && matches!(r, Some(Ready::Query(..))))
            })
        })
    }
}

/// How long to wait before trying again after `outcome`, or `None` to stop: the failure must
/// be retryable, attempts left, and the wait within `policy`'s budget and the call's deadline.
fn retry_delay(
    policy: &RetryPolicy,
    outcome: &Attempt,
    attempt: u32,
    waited: Duration,
    deadline: Option<tokio::time::Instant>,
) -> Option<Duration> {
    let (retryable, server_delay) = match outcome {
        Attempt::Response {
            status, headers, ..
        } => (is_retryable_status(*status), retry_after(headers)),
        Attempt::TooLarge { .. } | Attempt::Streaming { .. } => (false, None),
        Attempt::HeadTimeout => (true, None),
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

/// Refuses an extra header (`RequestOptions::header`) that HTTP cannot carry.
fn check_extra_headers(headers: &[(String, String)]) -> Result<(), InvalidRequest> {
    let valid = |(name, value): &(String, String)| {
        reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_ok()
            && reqwest::header::HeaderValue::from_str(value).is_ok()
    };
    match headers.iter().all(valid) {
        true => Ok(()),
        false => Err(InvalidRequest {
            parameter: "RequestOptions::header",
            reason: "not a header name, or a value with control characters or line breaks",
        }),
    }
}

/// A decoded success with its status and headers.
pub(super) fn answer<T>(
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: T,
) -> ApiResponse<T> {
    ApiResponse {
        status,
        headers: ResponseHeaders::new(headers),
        body,
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
