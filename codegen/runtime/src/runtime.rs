//! The client runtime shared by every operation: configuration, sending with retries and
//! timeouts, bounded reading, decoding and the error type. Written once in the generator and
//! copied verbatim into each generated crate.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The `User-Agent` sent with every request: this crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How the API expects its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthScheme {
    /// The API declares no supported security scheme.
    None,
    /// A key in the named header.
    Header(&'static str),
    /// A key in the named query parameter.
    Query(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`; the credential is `user:password`.
    Basic,
}

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Waits between attempts. The default uses `tokio::time::sleep`; supply another to run on a
/// different timer or to observe and skip the waits in tests.
pub trait Sleep: Send + Sync + 'static {
    /// A future that completes after `delay`.
    fn sleep(
        &self,
        delay: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>;
}

struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(
        &self,
        delay: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
        Box::pin(tokio::time::sleep(delay))
    }
}

/// The [`Sleep`] a client uses, shown in `Debug` without its details.
#[derive(Clone)]
struct Sleeper(Arc<dyn Sleep>);

impl fmt::Debug for Sleeper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sleep")
    }
}

/// When and how often a failed request is tried again.
///
/// Requests that are safe to repeat (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) are retried on
/// connection errors, timeouts and the statuses 408, 429, 500, 502, 503 and 504. The delay before
/// attempt `n + 1` is drawn uniformly from zero to `min(max_delay, initial_delay * 2^(n-1))`
/// ("full jitter"); a `Retry-After` header replaces it when it is no longer than `max_delay`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    max_total_delay: Duration,
    retry_non_idempotent: bool,
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

/// Settings of a [`Client`]; made by the generated `Client::builder()`.
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    auth: AuthScheme,
    credential: Option<Secret>,
    connect_timeout: Duration,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    allow_http: bool,
    user_agent: String,
    sleep: Sleeper,
}

impl ClientBuilder {
    /// A builder for a server at `base_url` (when the spec names one) using `auth`.
    #[doc(hidden)]
    pub fn with_defaults(base_url: Option<&str>, auth: AuthScheme) -> Self {
        ClientBuilder {
            base_url: base_url.map(str::to_owned),
            auth,
            credential: None,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Some(Duration::from_secs(30)),
            total_timeout: None,
            retry: RetryPolicy::default(),
            max_response_bytes: 8 * 1024 * 1024,
            allow_http: false,
            user_agent: USER_AGENT.to_owned(),
            sleep: Sleeper(Arc::new(TokioSleep)),
        }
    }

    #[doc(hidden)]
    pub fn credential(mut self, credential: String) -> Self {
        self.credential = Some(Secret(credential));
        self
    }

    /// The server to talk to, e.g. one of the constants in `servers`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// How long to wait for a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take, reading the body included (default 30 s; `None`: no limit).
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// How long a call may take across all its attempts and delays (default: no limit).
    pub fn total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// When to retry (default: [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body read, in bytes (default 8 MiB); a larger one is an error.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Allow a plain `http://` base URL. Off by default: the credential would travel in clear.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// The `User-Agent` header (default: this crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How to wait between attempts (default: `tokio::time::sleep`).
    pub fn sleep_impl(mut self, sleep: impl Sleep) -> Self {
        self.sleep = Sleeper(Arc::new(sleep));
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let base_url = self.base_url.ok_or(BuildError::MissingBaseUrl)?;
        let base_url = base_url.trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| BuildError::InvalidBaseUrl(e.to_string()))?;
        match parsed.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => return Err(BuildError::InsecureBaseUrl),
            other => {
                return Err(BuildError::InvalidBaseUrl(format!(
                    "unsupported scheme `{other}`"
                )));
            }
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(BuildError::InvalidBaseUrl(
                "a base URL has no query or fragment".to_owned(),
            ));
        }
        let mut auth_header = None;
        if let Some(Secret(credential)) = &self.credential {
            let header = match self.auth {
                AuthScheme::Header(name) => Some((name, credential.clone())),
                AuthScheme::Bearer => Some(("authorization", format!("Bearer {credential}"))),
                AuthScheme::Basic => Some((
                    "authorization",
                    format!("Basic {}", base64(credential.as_bytes())),
                )),
                AuthScheme::Query(_) | AuthScheme::None => None,
            };
            if let Some((name, value)) = header {
                let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| BuildError::InvalidCredential)?;
                let mut value = reqwest::header::HeaderValue::from_str(&value)
                    .map_err(|_| BuildError::InvalidCredential)?;
                value.set_sensitive(true);
                auth_header = Some((name, value));
            }
        }
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(self.user_agent)
            .https_only(!self.allow_http);
        if let Some(timeout) = self.attempt_timeout {
            http = http.timeout(timeout);
        }
        let http = http
            .build()
            .map_err(|e| BuildError::Http(e.without_url()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth: self.auth,
                auth_header,
                credential: self.credential,
                total_timeout: self.total_timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                sleep: self.sleep,
            }),
        })
    }
}

/// Why a client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec names no server and none was set with `base_url`.
    MissingBaseUrl,
    /// The base URL does not parse, or is not http(s).
    InvalidBaseUrl(String),
    /// The base URL is `http://` and `allow_insecure_http` is off.
    InsecureBaseUrl,
    /// The credential cannot be sent in a header (control characters).
    InvalidCredential,
    /// The HTTP client could not start (TLS setup).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingBaseUrl => f.write_str("no base URL: set one with `base_url`"),
            BuildError::InvalidBaseUrl(why) => write!(f, "invalid base URL: {why}"),
            BuildError::InsecureBaseUrl => f.write_str(
                "the base URL is plain http; call `allow_insecure_http(true)` to allow it",
            ),
            BuildError::InvalidCredential => {
                f.write_str("the credential contains characters a header cannot carry")
            }
            BuildError::Http(e) => write!(f, "the HTTP client could not be built: {e}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(e) => Some(e),
            _ => None,
        }
    }
}

/// The API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: AuthScheme,
    auth_header: Option<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>,
    credential: Option<Secret>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    sleep: Sleeper,
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

/// One request, as an operation's builder describes it.
#[doc(hidden)]
pub struct Request {
    pub operation_id: &'static str,
    pub method: reqwest::Method,
    pub path_template: &'static str,
    pub path: String,
    pub query: Vec<(std::borrow::Cow<'static, str>, String)>,
    pub headers: Vec<(std::borrow::Cow<'static, str>, String)>,
    pub cookies: Vec<(std::borrow::Cow<'static, str>, String)>,
    pub body: Option<(std::borrow::Cow<'static, str>, Vec<u8>)>,
    pub authenticated: bool,
}

/// Why a body could not be decoded into the declared type: what did not match, and where.
#[doc(hidden)]
pub struct DecodeFailure {
    /// What did not match.
    pub message: String,
    /// Where, as a path into the body (`items[1].id`), when known.
    pub path: Option<String>,
}

impl<E: std::error::Error> From<E> for DecodeFailure {
    fn from(e: E) -> Self {
        DecodeFailure {
            message: e.to_string(),
            path: None,
        }
    }
}

/// What one attempt ended with.
enum Attempt {
    Response {
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        body: Vec<u8>,
    },
    TooLarge {
        status: reqwest::StatusCode,
    },
    Failed(reqwest::Error),
}

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
        decode_success: fn(u16, &[u8]) -> Result<T, DecodeFailure>,
        decode_error: fn(u16, &[u8]) -> Option<E>,
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
        decode_success: fn(u16, &[u8]) -> Result<T, DecodeFailure>,
        decode_error: fn(u16, &[u8]) -> Option<E>,
        span: tracing::Span,
    ) -> Result<T, Error<E>> {
        // Parameters are checked one by one; this also catches a dot segment made from a
        // parameter and the template text around it.
        if request
            .path
            .split('/')
            .any(|segment| segment == "." || segment == "..")
        {
            return Err(Error::InvalidRequest(InvalidRequest {
                parameter: "path",
                reason: "the path would contain a `.` or `..` segment",
            }));
        }
        check_headers(&request.headers).map_err(Error::InvalidRequest)?;
        let inner = &self.inner;
        let started = tokio::time::Instant::now();
        let deadline = inner.total_timeout.map(|t| started + t);
        let may_retry = inner.retry.retry_non_idempotent
            || matches!(
                request.method,
                reqwest::Method::GET
                    | reqwest::Method::HEAD
                    | reqwest::Method::PUT
                    | reqwest::Method::DELETE
                    | reqwest::Method::OPTIONS
                    | reqwest::Method::TRACE
            );
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
            let (retryable, server_delay) = match &outcome {
                Attempt::Response {
                    status, headers, ..
                } => (is_retryable_status(*status), retry_after(headers)),
                Attempt::TooLarge { .. } => (false, None),
                Attempt::Failed(e) => (e.is_timeout() || e.is_connect(), None),
            };
            if retryable
                && may_retry
                && attempt < inner.retry.max_attempts
                && let Some(delay) = inner.retry.delay(attempt, server_delay, jitter())
            {
                let within_budget = waited + delay <= inner.retry.max_total_delay;
                let within_deadline =
                    deadline.is_none_or(|d| tokio::time::Instant::now() + delay < d);
                if within_budget && within_deadline {
                    tracing::debug!(attempt, delay_ms = delay.as_millis() as u64, "retrying");
                    inner.sleep.0.sleep(delay).await;
                    waited += delay;
                    continue;
                }
            }
            return match outcome {
                Attempt::Failed(e) => {
                    let e = if matches!(inner.auth, AuthScheme::Query(_)) {
                        e.without_url()
                    } else {
                        e
                    };
                    if e.is_timeout() {
                        Err(Error::Timeout { attempts: attempt })
                    } else {
                        Err(Error::Transport {
                            source: e,
                            attempts: attempt,
                        })
                    }
                }
                Attempt::TooLarge { status } => Err(Error::BodyTooLarge {
                    status,
                    limit: inner.max_response_bytes,
                    attempts: attempt,
                }),
                Attempt::Response {
                    status,
                    headers,
                    body,
                } => {
                    span.record("status", status.as_u16());
                    if status.is_success() {
                        decode_success(status.as_u16(), &body).map_err(|e| {
                            Error::Decode(DecodeError {
                                status,
                                message: e.message,
                                path: e.path,
                                excerpt: excerpt(&body),
                                attempts: attempt,
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
                            attempts: attempt,
                        })
                    } else {
                        Err(Error::Api(ApiError {
                            status,
                            body: decode_error(status.as_u16(), &body),
                            codes: error_codes(&body),
                            raw: excerpt(&body),
                            retry_after: retry_after(&headers),
                            attempts: attempt,
                        }))
                    }
                }
            };
        }
    }

    async fn attempt(&self, request: &Request) -> Attempt {
        let inner = &self.inner;
        let mut url = String::with_capacity(inner.base_url.len() + request.path.len());
        url.push_str(&inner.base_url);
        url.push_str(&request.path);
        let mut builder = inner.http.request(request.method.clone(), url);
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect();
        if request.authenticated {
            if let (AuthScheme::Query(name), Some(Secret(key))) = (inner.auth, &inner.credential) {
                query.push((name, key));
            }
            if let Some((name, value)) = &inner.auth_header {
                builder = builder.header(name.clone(), value.clone());
            }
        }
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.as_ref(), value);
        }
        if !request.cookies.is_empty() {
            let cookies: Vec<String> = request
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={}", cookie_value(v)))
                .collect();
            builder = builder.header(reqwest::header::COOKIE, cookies.join("; "));
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, content_type.as_ref())
                .body(body.clone());
        }
        let has_accept = request
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"));
        if !has_accept {
            builder = builder.header(reqwest::header::ACCEPT, "application/json");
        }
        let mut response = match builder.send().await {
            Ok(response) => response,
            Err(e) => return Attempt::Failed(e),
        };
        let status = response.status();
        let limit = inner.max_response_bytes;
        let declared = response.content_length();
        if declared.is_some_and(|len| len > limit as u64) {
            return Attempt::TooLarge { status };
        }
        let headers = std::mem::take(response.headers_mut());
        if declared.is_some() {
            // The length is known and within the limit (the HTTP layer holds the server to it):
            // take the body in one piece instead of copying it chunk by chunk.
            return match response.bytes().await {
                Ok(body) => Attempt::Response {
                    status,
                    headers,
                    body: Vec::from(body),
                },
                Err(e) => Attempt::Failed(e),
            };
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > limit {
                        return Attempt::TooLarge { status };
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => {
                    return Attempt::Response {
                        status,
                        headers,
                        body,
                    };
                }
                Err(e) => return Attempt::Failed(e),
            }
        }
    }
}

/// Refuses a header name or value that HTTP cannot carry (a line break, say) before anything
/// is sent, naming the parameter.
fn check_headers(
    headers: &[(std::borrow::Cow<'static, str>, String)],
) -> Result<(), InvalidRequest> {
    for (name, value) in headers {
        let parameter = match name {
            std::borrow::Cow::Borrowed(name) => name,
            std::borrow::Cow::Owned(_) => "header",
        };
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(InvalidRequest {
                parameter,
                reason: "not a valid header name",
            });
        }
        if reqwest::header::HeaderValue::from_str(value).is_err() {
            return Err(InvalidRequest {
                parameter,
                reason: "a header value cannot hold control characters or line breaks",
            });
        }
    }
    Ok(())
}

/// A cookie value as RFC 6265 allows it: every byte outside `cookie-octet` (controls, space,
/// `"`, `,`, `;`, `\`, non-ASCII) and `%` itself is percent-encoded, so no value can end the
/// cookie or start another.
fn cookie_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        let plain = matches!(byte, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if plain {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn is_retryable_status(status: reqwest::StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
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
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x9e37_79b9_7f4a_7c15);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The error codes an error body carries in the common JSON shapes: `{"errors": [{"code": …}]}`,
/// `{"error": {"code": …}}` or `{"code": …}`. Numbers are given as text.
fn error_codes(body: &[u8]) -> Vec<String> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let code = |v: &serde_json::Value| match v.get("code")? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if let Some(errors) = value.get("errors").and_then(serde_json::Value::as_array) {
        return errors.iter().filter_map(code).collect();
    }
    if let Some(error) = value.get("error").filter(|e| e.is_object()) {
        return code(error).into_iter().collect();
    }
    code(&value).into_iter().collect()
}

/// Up to 1 KiB of a body, as text, for error messages.
fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 1024;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    if body.len() > MAX {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}

/// Appends one percent-encoded path segment. Empty, `.` and `..` are refused: they would change
/// which path the server sees. Everything but unreserved characters is encoded, `%` included, so
/// no encoded form of a dot segment can get through.
#[doc(hidden)]
pub fn push_path_param(
    path: &mut String,
    name: &'static str,
    value: &str,
) -> Result<(), InvalidRequest> {
    if value.is_empty() || value == "." || value == ".." {
        return Err(InvalidRequest {
            parameter: name,
            reason: "a path parameter cannot be empty, `.` or `..`",
        });
    }
    encode_segment(path, value);
    Ok(())
}

/// Appends `text` percent-encoded for a path segment: all but unreserved bytes, `%` included.
fn encode_segment(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// The text of a scalar in a parameter; `None` for arrays and objects.
fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Null => Some(String::new()),
        serde_json::Value::Bool(_) | serde_json::Value::Number(_) => Some(value.to_string()),
        serde_json::Value::Array(_) | serde_json::Value::Object(_) => None,
    }
}

/// A value inside a parameter's list or object: a scalar's text, else its JSON.
fn item_text(value: &serde_json::Value) -> String {
    scalar_text(value).unwrap_or_else(|| value.to_string())
}

fn structured_value<T: serde::Serialize>(
    name: &'static str,
    value: &T,
) -> Result<serde_json::Value, InvalidRequest> {
    serde_json::to_value(value).map_err(|_| InvalidRequest {
        parameter: name,
        reason: "the value cannot be serialised",
    })
}

/// Appends a query parameter that is an object, map or list: `deepObject` gives `name[key]=value`;
/// `form` gives `key=value` per property when exploded, else `name=key,value,…`; lists repeat
/// the name when exploded, else join with commas.
#[doc(hidden)]
pub fn push_structured_query<T: serde::Serialize>(
    query: &mut Vec<(std::borrow::Cow<'static, str>, String)>,
    name: &'static str,
    value: &T,
    explode: bool,
    deep_object: bool,
) -> Result<(), InvalidRequest> {
    use std::borrow::Cow;
    match structured_value(name, value)? {
        serde_json::Value::Object(object) if deep_object => {
            for (key, value) in object {
                query.push((Cow::Owned(format!("{name}[{key}]")), item_text(&value)));
            }
        }
        serde_json::Value::Object(object) if explode => {
            for (key, value) in object {
                query.push((Cow::Owned(key), item_text(&value)));
            }
        }
        serde_json::Value::Object(object) => {
            let joined: Vec<String> = object
                .iter()
                .flat_map(|(k, v)| [k.clone(), item_text(v)])
                .collect();
            query.push((Cow::Borrowed(name), joined.join(",")));
        }
        serde_json::Value::Array(items) if explode => {
            for item in items {
                query.push((Cow::Borrowed(name), item_text(&item)));
            }
        }
        serde_json::Value::Array(items) => {
            let joined: Vec<String> = items.iter().map(item_text).collect();
            query.push((Cow::Borrowed(name), joined.join(",")));
        }
        scalar => query.push((Cow::Borrowed(name), item_text(&scalar))),
    }
    Ok(())
}

/// A header or cookie value that is an object, map or list, in the `simple`/`form` style:
/// `a,b,c`; objects as `key,value,…`, or `key=value,…` when exploded.
#[doc(hidden)]
pub fn structured_text<T: serde::Serialize>(
    name: &'static str,
    value: &T,
    explode: bool,
) -> Result<String, InvalidRequest> {
    Ok(match structured_value(name, value)? {
        serde_json::Value::Object(object) if explode => object
            .iter()
            .map(|(k, v)| format!("{k}={}", item_text(v)))
            .collect::<Vec<_>>()
            .join(","),
        serde_json::Value::Object(object) => object
            .iter()
            .flat_map(|(k, v)| [k.clone(), item_text(v)])
            .collect::<Vec<_>>()
            .join(","),
        serde_json::Value::Array(items) => {
            items.iter().map(item_text).collect::<Vec<_>>().join(",")
        }
        scalar => item_text(&scalar),
    })
}

/// How a path parameter is written (OpenAPI `style`).
#[derive(Clone, Copy, PartialEq, Eq)]
#[doc(hidden)]
pub enum PathStyle {
    /// `a,b`
    Simple,
    /// `.a,b` (or `.a.b` exploded)
    Label,
    /// `;name=a,b` (or `;name=a;name=b` exploded)
    Matrix,
}

/// Appends a path parameter that is a list, an object, or has the label or matrix style. Every
/// value is percent-encoded like [`push_path_param`]; only the style's separators stay literal.
#[doc(hidden)]
pub fn push_styled_path_param<T: serde::Serialize>(
    path: &mut String,
    name: &'static str,
    value: &T,
    style: PathStyle,
    explode: bool,
) -> Result<(), InvalidRequest> {
    let encode = |text: &str| {
        let mut out = String::new();
        encode_segment(&mut out, text);
        out
    };
    // (key, value) pairs for objects, (None, value) for lists and scalars.
    let items: Vec<(Option<String>, String)> = match structured_value(name, value)? {
        serde_json::Value::Object(object) => object
            .iter()
            .map(|(k, v)| (Some(encode(k)), encode(&item_text(v))))
            .collect(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|v| (None, encode(&item_text(v))))
            .collect(),
        scalar => vec![(None, encode(&item_text(&scalar)))],
    };
    let joined = |pair_sep: &str, sep: &str| {
        items
            .iter()
            .map(|(k, v)| match k {
                Some(k) => format!("{k}{pair_sep}{v}"),
                None => v.clone(),
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    let is_object = items.first().is_some_and(|(k, _)| k.is_some());
    let segment = match (style, explode) {
        (PathStyle::Simple, true) => joined("=", ","),
        (PathStyle::Simple, false) => joined(",", ","),
        (PathStyle::Label, true) => format!(".{}", joined("=", ".")),
        (PathStyle::Label, false) => format!(".{}", joined(",", ",")),
        (PathStyle::Matrix, true) if is_object => format!(";{}", joined("=", ";")),
        (PathStyle::Matrix, true) => items.iter().map(|(_, v)| format!(";{name}={v}")).collect(),
        (PathStyle::Matrix, false) => format!(";{name}={}", joined(",", ",")),
    };
    if segment.is_empty() || segment == "." || segment == ".." {
        return Err(InvalidRequest {
            parameter: name,
            reason: "a path parameter cannot be empty, `.` or `..`",
        });
    }
    path.push_str(&segment);
    Ok(())
}

/// A parameter described by a media type (`content: application/json`): its value as JSON text.
#[doc(hidden)]
pub fn json_text<T: serde::Serialize>(
    name: &'static str,
    value: &T,
) -> Result<String, InvalidRequest> {
    serde_json::to_string(value).map_err(|_| InvalidRequest {
        parameter: name,
        reason: "the value cannot be serialised as JSON",
    })
}

/// Serialises a JSON request body.
#[doc(hidden)]
pub fn json_body<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, InvalidRequest> {
    serde_json::to_vec(value).map_err(|_| InvalidRequest {
        parameter: "body",
        reason: "the body cannot be serialised as JSON",
    })
}

/// One value of a form field: text, or the bytes of a file.
enum FormValue {
    Text(String),
    File(Vec<u8>),
}

/// The fields of a form body, in the order of the encoded object; `files` names the fields sent
/// as files. Lists give one field per item; `null` gives none; nested objects are sent as JSON.
fn form_fields<T: serde::Serialize>(
    value: &T,
    files: &[&str],
) -> Result<Vec<(String, FormValue)>, InvalidRequest> {
    let invalid = |reason| InvalidRequest {
        parameter: "body",
        reason,
    };
    let value =
        serde_json::to_value(value).map_err(|_| invalid("the body cannot be serialised"))?;
    let serde_json::Value::Object(object) = value else {
        return Err(invalid("a form body must be an object"));
    };
    let mut fields = Vec::new();
    for (name, value) in object {
        let file = files.contains(&name.as_str());
        let items = match value {
            serde_json::Value::Array(items) => items,
            single => vec![single],
        };
        for item in items {
            let value = match item {
                serde_json::Value::Null => continue,
                serde_json::Value::String(text) if file => FormValue::File(text.into_bytes()),
                serde_json::Value::String(text) => FormValue::Text(text),
                serde_json::Value::Bool(_) | serde_json::Value::Number(_) => {
                    FormValue::Text(item.to_string())
                }
                nested => FormValue::Text(nested.to_string()),
            };
            fields.push((name.clone(), value));
        }
    }
    Ok(fields)
}

/// Encodes `text` for `application/x-www-form-urlencoded`: unreserved bytes stay, space is `+`.
fn form_encode(out: &mut String, text: &[u8]) {
    for &byte in text {
        match byte {
            b' ' => out.push('+'),
            b'*' | b'-' | b'.' | b'_' => out.push(char::from(byte)),
            _ if byte.is_ascii_alphanumeric() => out.push(char::from(byte)),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

/// Serialises an `application/x-www-form-urlencoded` body.
#[doc(hidden)]
pub fn form_body<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, InvalidRequest> {
    let mut out = String::new();
    for (name, value) in form_fields(value, &[])? {
        if !out.is_empty() {
            out.push('&');
        }
        form_encode(&mut out, name.as_bytes());
        out.push('=');
        match &value {
            FormValue::Text(text) => form_encode(&mut out, text.as_bytes()),
            FormValue::File(bytes) => form_encode(&mut out, bytes),
        }
    }
    Ok(out.into_bytes())
}

/// Serialises a `multipart/form-data` body; returns its content type (with the boundary) and bytes.
#[doc(hidden)]
pub fn multipart_body<T: serde::Serialize>(
    value: &T,
    files: &[&str],
) -> Result<(std::borrow::Cow<'static, str>, Vec<u8>), InvalidRequest> {
    let fields = form_fields(value, files)?;
    let boundary = loop {
        let candidate = format!(
            "----client-boundary-{:016x}",
            (jitter() * (u64::MAX as f64)) as u64
        );
        let clash = fields.iter().any(|(_, v)| match v {
            FormValue::Text(text) => text.contains(&candidate),
            FormValue::File(bytes) => bytes
                .windows(candidate.len())
                .any(|w| w == candidate.as_bytes()),
        });
        if !clash {
            break candidate;
        }
    };
    // Quotes and line breaks cannot appear in a quoted header parameter.
    let quoted = |name: &str| {
        name.replace('"', "%22")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut out = Vec::new();
    for (name, value) in &fields {
        out.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                quoted(name)
            )
            .as_bytes(),
        );
        match value {
            FormValue::Text(text) => {
                out.extend_from_slice(b"\r\n\r\n");
                out.extend_from_slice(text.as_bytes());
            }
            FormValue::File(bytes) => {
                out.extend_from_slice(
                    format!(
                        "; filename=\"{}\"\r\nContent-Type: application/octet-stream\r\n\r\n",
                        quoted(name)
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(bytes);
            }
        }
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((
        std::borrow::Cow::Owned(format!("multipart/form-data; boundary={boundary}")),
        out,
    ))
}

/// Decodes JSON. Only when that fails is the body decoded again, tracking the path of the
/// field that did not match (e.g. `certificates[2].date_created`), so success costs nothing extra.
#[doc(hidden)]
pub fn decode_json<T: serde::de::DeserializeOwned>(
    _status: u16,
    body: &[u8],
) -> Result<T, DecodeFailure> {
    serde_json::from_slice(body).map_err(|first: serde_json::Error| {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Err(e) => {
                let path = e.path().to_string();
                let path = (path != ".").then_some(path);
                DecodeFailure {
                    message: e.into_inner().to_string(),
                    path,
                }
            }
            Ok(_) => first.into(),
        }
    })
}

#[doc(hidden)]
pub fn decode_empty(_status: u16, _body: &[u8]) -> Result<(), DecodeFailure> {
    Ok(())
}

#[doc(hidden)]
pub fn decode_text(_status: u16, body: &[u8]) -> Result<String, DecodeFailure> {
    String::from_utf8(body.to_vec()).map_err(Into::into)
}

#[doc(hidden)]
pub fn decode_bytes(_status: u16, body: &[u8]) -> Result<Vec<u8>, DecodeFailure> {
    Ok(body.to_vec())
}

#[doc(hidden)]
pub fn undeclared_status(status: u16) -> DecodeFailure {
    DecodeFailure {
        message: format!("status {status} is not declared for this operation"),
        path: None,
    }
}

#[doc(hidden)]
pub fn decode_error_json<E: serde::de::DeserializeOwned>(_status: u16, body: &[u8]) -> Option<E> {
    serde_json::from_slice(body).ok()
}

#[doc(hidden)]
pub fn decode_error_empty(_status: u16, _body: &[u8]) -> Option<()> {
    Some(())
}

#[doc(hidden)]
pub fn decode_error_text(status: u16, body: &[u8]) -> Option<String> {
    decode_text(status, body).ok()
}

#[doc(hidden)]
pub fn decode_error_bytes(_status: u16, body: &[u8]) -> Option<Vec<u8>> {
    Some(body.to_vec())
}

/// Decodes a string into an open enum: unknown values are kept, never an error.
#[doc(hidden)]
pub fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
}

/// Encodes a member of a tagged union with its tag: the member's own encoding, plus the tag
/// property when the member's type does not carry it.
#[doc(hidden)]
pub fn serialize_tagged<S: serde::Serializer, T: serde::Serialize>(
    serializer: S,
    property: &str,
    tag: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut value = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(object) = &mut value {
        object
            .entry(property.to_owned())
            .or_insert_with(|| serde_json::Value::from(tag));
    }
    serde::Serialize::serialize(&value, serializer)
}

/// Decodes `null` as the type's default (an empty list or map), like a missing field.
#[doc(hidden)]
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de> + Default,
{
    let value: Option<T> = serde::Deserialize::deserialize(deserializer)?;
    Ok(value.unwrap_or_default())
}

/// A parameter that cannot be sent; no request was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// The parameter's name in the spec.
    pub parameter: &'static str,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid parameter `{}`: {}", self.parameter, self.reason)
    }
}

impl std::error::Error for InvalidRequest {}

/// An answer with a status the operation treats as an error.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<E> {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The body decoded as the operation's error type; `None` when it is not of that shape
    /// (an HTML page from a proxy, say).
    pub body: Option<E>,
    /// The error codes found in the body (see [`Error::api_error_codes`]).
    pub codes: Vec<String>,
    /// The start of the raw body, as text.
    pub raw: String,
    /// The server's `Retry-After`, when it sent one.
    pub retry_after: Option<Duration>,
    /// How many attempts were made.
    pub attempts: u32,
}

/// A success body that does not match the declared type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// What did not match, with its line and column in the body.
    pub message: String,
    /// Where in the JSON the mismatch is, e.g. `certificates[2].date_created`; `None` when the
    /// body is not JSON at all or the whole document is the wrong kind.
    pub path: Option<String>,
    /// The start of the raw body, as text.
    pub excerpt: String,
    /// How many attempts were made.
    pub attempts: u32,
}

/// Why a call failed. `E` is the operation's decoded error body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// A parameter could not be sent; no request was made.
    InvalidRequest(InvalidRequest),
    /// The connection failed or broke.
    Transport {
        /// The underlying error.
        source: reqwest::Error,
        /// How many attempts were made.
        attempts: u32,
    },
    /// An attempt, or the whole call, took longer than its timeout.
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// The server answered with an error status.
    Api(ApiError<E>),
    /// The server answered with a redirect, which the client does not follow (the credential
    /// would go with it).
    Redirect {
        /// The HTTP status.
        status: reqwest::StatusCode,
        /// Where the server pointed.
        location: Option<String>,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A success body did not decode.
    Decode(DecodeError),
    /// The body was larger than the configured limit.
    BodyTooLarge {
        /// The HTTP status.
        status: reqwest::StatusCode,
        /// The limit, in bytes.
        limit: usize,
        /// How many attempts were made.
        attempts: u32,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<reqwest::StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Redirect { status, .. } | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::Decode(e) => Some(e.status),
            Error::InvalidRequest(_) | Error::Transport { .. } | Error::Timeout { .. } => None,
        }
    }

    /// Whether trying again later may succeed (rate limits, server errors, timeouts, broken
    /// connections).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => is_retryable_status(e.status),
            Error::Transport { source, .. } => source.is_connect() || source.is_timeout(),
            Error::Timeout { .. } => true,
            _ => false,
        }
    }

    /// How many attempts were made (0 when the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::InvalidRequest(_) => 0,
            Error::Transport { attempts, .. }
            | Error::Timeout { attempts }
            | Error::Redirect { attempts, .. }
            | Error::BodyTooLarge { attempts, .. } => *attempts,
            Error::Api(e) => e.attempts,
            Error::Decode(e) => e.attempts,
        }
    }

    /// The decoded error body of an API error.
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(e) => e.body.as_ref(),
            _ => None,
        }
    }

    /// The error codes of an API error (e.g. `request_limit_exceeded`); empty for other errors.
    pub fn api_error_codes(&self) -> &[String] {
        match self {
            Error::Api(e) => &e.codes,
            _ => &[],
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(e: InvalidRequest) -> Self {
        Error::InvalidRequest(e)
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tries = |n: &u32| {
            if *n == 1 {
                String::new()
            } else {
                format!(" after {n} attempts")
            }
        };
        match self {
            Error::InvalidRequest(e) => e.fmt(f),
            Error::Transport { source, attempts } => {
                write!(f, "request failed{}: {source}", tries(attempts))
            }
            Error::Timeout { attempts } => write!(f, "request timed out{}", tries(attempts)),
            Error::Api(e) => match &e.body {
                Some(body) => write!(f, "API error {}{}: {body:?}", e.status, tries(&e.attempts)),
                None => write!(f, "API error {}{}: {}", e.status, tries(&e.attempts), e.raw),
            },
            Error::Redirect {
                status,
                location,
                attempts,
            } => {
                write!(
                    f,
                    "unexpected redirect {status} to {}{}",
                    location.as_deref().unwrap_or("nowhere"),
                    tries(attempts)
                )
            }
            Error::Decode(e) => match &e.path {
                Some(path) => write!(
                    f,
                    "response {} did not decode at `{path}`: {} (body: {})",
                    e.status, e.message, e.excerpt
                ),
                None => write!(
                    f,
                    "response {} did not decode: {} (body: {})",
                    e.status, e.message, e.excerpt
                ),
            },
            Error::BodyTooLarge {
                status,
                limit,
                attempts,
            } => {
                write!(
                    f,
                    "response {status} is larger than {limit} bytes{}",
                    tries(attempts)
                )
            }
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::InvalidRequest(e) => Some(e),
            _ => None,
        }
    }
}

/// Writes what every open enum shares, given its `as_str` and `From<&str>`: `FromStr`,
/// `Display`; serde as the wire string comes from `open_enum_serialize!` and
/// `open_enum_deserialize!` (decoding never fails: unknown values are kept).
/// A generated `types` module invokes it as `super::runtime::open_enum_impls!(Name)`.
#[allow(
    unused_macros,
    reason = "only generated `types` modules invoke it, and a spec may have no enums"
)]
macro_rules! open_enum_impls {
    ($name:ident) => {
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            // Not `Self::Err`: an enum may have a variant of that name.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// `Serialize` for an open enum: its wire string.
#[allow(unused_macros, reason = "only generated `types` modules invoke it")]
macro_rules! open_enum_serialize {
    ($name:ident) => {
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// `Deserialize` for an open enum: any string, unknown ones kept.
#[allow(unused_macros, reason = "only generated `types` modules invoke it")]
macro_rules! open_enum_deserialize {
    ($name:ident) => {
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                super::runtime::deserialize_open_enum(deserializer)
            }
        }
    };
}

#[allow(
    unused_imports,
    reason = "only generated `types` modules invoke them, and a spec may have no enums"
)]
pub(crate) use {open_enum_deserialize, open_enum_impls, open_enum_serialize};

/// Standard base64 with padding (RFC 4648), for HTTP Basic credentials.
pub(crate) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
