//! Client settings: the builder, its defaults and checks, and the timer between attempts.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{AuthScheme, Secret, auth_header};
use super::client::{Client, Inner};
use super::retry::RetryPolicy;

/// The `User-Agent` sent with every request: this crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

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
pub(super) struct Sleeper(pub(super) Arc<dyn Sleep>);

impl fmt::Debug for Sleeper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sleep")
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
    send_without_credential: bool,
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
            send_without_credential: false,
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

    /// Send requests that need the credential even when none is set (off by default: such a
    /// call fails with [`Error::MissingCredential`](crate::Error) before anything is sent). For specs
    /// that declare more security than the API asks for.
    pub fn send_without_credential(mut self, send: bool) -> Self {
        self.send_without_credential = send;
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
        let base_url = checked_base_url(
            self.base_url.as_deref().ok_or(BuildError::MissingBaseUrl)?,
            self.allow_http,
        )?;
        let auth_header = match &self.credential {
            Some(credential) => auth_header(self.auth, credential)?,
            None => None,
        };
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
                send_without_credential: self.send_without_credential,
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

/// The base URL without a trailing `/`, if it is https (or http when allowed) and has no query
/// or fragment.
fn checked_base_url(url: &str, allow_http: bool) -> Result<String, BuildError> {
    let base_url = url.trim_end_matches('/').to_owned();
    let parsed =
        reqwest::Url::parse(&base_url).map_err(|e| BuildError::InvalidBaseUrl(e.to_string()))?;
    match parsed.scheme() {
        "https" => {}
        "http" if allow_http => {}
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
    Ok(base_url)
}
