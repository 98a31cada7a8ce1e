//! Client settings: the builder, its defaults and checks, and the timer between attempts.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{AuthScheme, Credential, Ready, Secret, SecurityScheme, ready};
use super::client::{Client, Inner};
use super::hooks::{Interceptor, Interceptors};
use super::oauth::{Endpoint, Grant, TokenCache, TokenSource, checked_url};
use super::retry::RetryPolicy;
use super::servers::ServerSettings;

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
    host: Option<String>,
    operation_servers: &'static [&'static str],
    server_overrides: Vec<(String, String)>,
    schemes: &'static [SecurityScheme],
    credentials: Vec<(&'static str, Credential)>,
    proxy: Option<Secret>,
    no_proxy: bool,
    root_certificates: Vec<Vec<u8>>,
    client_certificate: Option<Secret>,
    connect_timeout: Duration,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    retry: RetryPolicy,
    max_response_bytes: usize,
    stall_timeout: Duration,
    allow_http: bool,
    send_without_credential: bool,
    user_agent: String,
    sleep: Sleeper,
    interceptors: Interceptors,
}

impl ClientBuilder {
    /// A builder for a server at `base_url` (when the spec names one) and an API with these
    /// security schemes.
    #[doc(hidden)]
    pub fn with_defaults(base_url: Option<&str>, schemes: &'static [SecurityScheme]) -> Self {
        ClientBuilder {
            base_url: base_url.map(str::to_owned),
            host: None,
            operation_servers: &[],
            server_overrides: Vec::new(),
            schemes,
            credentials: Vec::new(),
            proxy: None,
            no_proxy: false,
            root_certificates: Vec::new(),
            client_certificate: None,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Some(Duration::from_secs(30)),
            total_timeout: None,
            retry: RetryPolicy::default(),
            max_response_bytes: 8 * 1024 * 1024,
            stall_timeout: Duration::from_secs(30),
            allow_http: false,
            send_without_credential: false,
            user_agent: USER_AGENT.to_owned(),
            sleep: Sleeper(Arc::new(TokioSleep)),
            interceptors: Interceptors::default(),
        }
    }

    /// The servers some operations name for themselves, as the spec writes them.
    #[doc(hidden)]
    pub fn operation_servers(mut self, servers: &'static [&'static str]) -> Self {
        self.operation_servers = servers;
        self
    }

    fn set(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// Sets the key, token or other secret of `scheme` (for Basic, `user:password`).
    #[doc(hidden)]
    pub fn secret(self, scheme: &'static str, secret: String) -> Self {
        self.set(scheme, Credential::Secret(Secret(secret)))
    }

    /// Sets where the tokens of the OAuth 2.0 or OpenID Connect `scheme` come from.
    #[doc(hidden)]
    pub fn token_source(self, scheme: &'static str, source: TokenSource) -> Self {
        self.set(scheme, Credential::Tokens(source))
    }

    /// Sets the client certificate of the mutual-TLS `scheme`.
    #[doc(hidden)]
    pub fn certificate(self, scheme: &'static str, pem: Vec<u8>) -> Self {
        self.client_certificate_pem(pem)
            .set(scheme, Credential::Certificate)
    }

    /// Sends every request through this proxy (`http://`, `https://` or `socks5://` URL, user
    /// and password included if it needs them; they are kept out of `Debug`). Without it the
    /// `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` environment variables apply. Redirects are still
    /// not followed and https is still required.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(Secret(url.into()));
        self
    }

    /// Ignores the proxy environment variables (and any `proxy` set).
    pub fn no_proxy(mut self) -> Self {
        self.no_proxy = true;
        self
    }

    /// Also trusts the root certificates in this PEM text (a private CA of an enterprise
    /// network, say), besides the built-in ones.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Presents this client certificate to servers that ask for one (mutual TLS): PEM text with
    /// the certificate chain and its private key. Kept out of `Debug`.
    pub fn client_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.client_certificate = Some(Secret(String::from_utf8_lossy(&pem.into()).into_owned()));
        self
    }

    /// The server to talk to, e.g. one of the constants in `servers`. A path alone
    /// (`/api/v3`) goes under the `host`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Talks to this host (`https://api.example.com`, a port if need be, no path) with the base
    /// URL's path: needed when the spec's server is only a path (`/api/v3`), handy for a staging
    /// host or a local mock. Operations with their own server (`servers` constants other than
    /// the base URL's) keep it unless it is relative.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = Some(host.into());
        self
    }

    /// Sends the operations whose spec puts them on `server` (one of the `servers` constants
    /// that operations name, e.g. an upload host) to `url` instead. A relative `url` is resolved
    /// against the base URL: `/upload` replaces its path, `upload` goes under it.
    pub fn server_url(mut self, server: &str, url: impl Into<String>) -> Self {
        self.server_overrides.push((server.to_owned(), url.into()));
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

    /// How long a streamed answer (`send_stream`, event streams, JSON lines) may go without a
    /// byte before it ends with `StreamError::Stalled` (default 30 s). Streamed bodies have no
    /// size limit and no `attempt_timeout` once their head has arrived.
    pub fn stall_timeout(mut self, timeout: Duration) -> Self {
        self.stall_timeout = timeout;
        self
    }

    /// Allow a plain `http://` base URL. Off by default: the credential would travel in clear.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Send requests whose credentials are not set anyway, with those that are (off by default:
    /// such a call fails with [`Error::MissingCredential`](crate::Error) before anything is
    /// sent). For specs that declare more security than the API asks for.
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

    /// Adds an interceptor: it sees each request before it is sent (and may add or sign
    /// headers) and each response's status and headers.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.0.push(Arc::new(interceptor));
        self
    }

    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let servers = ServerSettings {
            base_url: self.base_url.as_deref(),
            host: self.host.as_deref(),
            operation_servers: self.operation_servers,
            overrides: &self.server_overrides,
            allow_http: self.allow_http,
        }
        .resolve()?;
        let credentials = self.ready_credentials(&servers.base_url)?;
        let mut http = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(self.user_agent)
            .https_only(!self.allow_http);
        if let Some(timeout) = self.attempt_timeout {
            http = http.timeout(timeout);
        }
        if self.no_proxy {
            http = http.no_proxy();
        } else if let Some(Secret(url)) = &self.proxy {
            let proxy = reqwest::Proxy::all(url.as_str()).map_err(|_| BuildError::InvalidProxy)?;
            http = http.proxy(proxy);
        }
        for pem in &self.root_certificates {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .map_err(|e| BuildError::InvalidCertificate(e.without_url().to_string()))?;
            if certificates.is_empty() {
                return Err(BuildError::InvalidCertificate(
                    "no certificate in the PEM text".to_owned(),
                ));
            }
            http = http.tls_certs_merge(certificates);
        }
        if let Some(Secret(pem)) = &self.client_certificate {
            let identity = reqwest::Identity::from_pem(pem.as_bytes())
                .map_err(|e| BuildError::InvalidCertificate(e.without_url().to_string()))?;
            http = http.identity(identity);
        }
        let http = http
            .build()
            .map_err(|e| BuildError::Http(e.without_url()))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                servers,
                schemes: self.schemes,
                credentials,
                send_without_credential: self.send_without_credential,
                total_timeout: self.total_timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                attempt_timeout: self.attempt_timeout,
                stall_timeout: self.stall_timeout,
                sleep: self.sleep,
                interceptors: self.interceptors,
            }),
        })
    }

    /// Each scheme's credential made ready to send, in the order of `schemes` (`None`: not set).
    fn ready_credentials(&self, base_url: &str) -> Result<Vec<Option<Ready>>, BuildError> {
        let mut credentials: Vec<Option<Ready>> = self.schemes.iter().map(|_| None).collect();
        for (name, credential) in &self.credentials {
            let Some(i) = self.schemes.iter().position(|s| s.name == *name) else {
                return Err(BuildError::InvalidCredential { scheme: name });
            };
            let scheme = &self.schemes[i];
            let cache = |source: &TokenSource| {
                let endpoint = token_endpoint(scheme, source, base_url, self.allow_http)?;
                let scopes = match scheme.kind {
                    AuthScheme::OAuth2(endpoints) => endpoints.scopes,
                    _ => &[],
                };
                Ok(TokenCache::new(source, endpoint, scopes, self.allow_http))
            };
            credentials[i] = Some(ready(scheme, credential, cache)?);
        }
        Ok(credentials)
    }
}

/// Where the grant of `source` for `scheme` asks for tokens: the URL set on the grant, else the
/// spec's (relative ones resolved against the base URL), checked to be https unless allowed;
/// `None` for sources that need no endpoint.
fn token_endpoint(
    scheme: &SecurityScheme,
    source: &TokenSource,
    base_url: &str,
    allow_http: bool,
) -> Result<Option<Endpoint>, BuildError> {
    let Some(Grant {
        refresh,
        token_url: set,
    }) = TokenCache::grant(source)
    else {
        return Ok(None);
    };
    let declared = match scheme.kind {
        AuthScheme::OAuth2(e) if refresh => {
            e.refresh_url.or(e.token_url).or(e.client_credentials_url)
        }
        AuthScheme::OAuth2(e) => e.client_credentials_url.or(e.token_url),
        _ => None,
    };
    let discovery = match scheme.kind {
        AuthScheme::OpenIdConnect(url) if set.is_none() => Some(url),
        _ => None,
    };
    let invalid = |why: String| BuildError::InvalidTokenUrl {
        scheme: scheme.name,
        reason: why,
    };
    let Some(url) = set.or(declared).or(discovery) else {
        return Err(invalid(
            "the spec names no token URL for this grant; set one with `token_url`".to_owned(),
        ));
    };
    let absolute = reqwest::Url::parse(base_url)
        .and_then(|base| base.join(url))
        .map_err(|e| invalid(format!("`{url}`: {e}")))?
        .to_string();
    checked_url(&absolute, allow_http).map_err(|e| invalid(e.to_string()))?;
    Ok(Some(match discovery {
        Some(_) => Endpoint::Discovery(absolute),
        None => Endpoint::Token(absolute),
    }))
}

/// Why a client could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec names no server and none was set with `base_url`.
    MissingBaseUrl,
    /// The spec's server is only a path (`/api/v3`) and no `host` was set.
    MissingHost {
        /// The path.
        path: String,
    },
    /// `server_url` names a server no operation of the spec uses.
    UnknownServer(String),
    /// The base URL does not parse, or is not http(s).
    InvalidBaseUrl(String),
    /// The base URL is `http://` and `allow_insecure_http` is off.
    InsecureBaseUrl,
    /// The credential of this scheme cannot be sent (control characters in a header, say).
    InvalidCredential {
        /// The scheme's name in the spec.
        scheme: &'static str,
    },
    /// The token URL of this OAuth 2.0 or OpenID Connect scheme is missing, not a URL, or
    /// plain http while `allow_insecure_http` is off.
    InvalidTokenUrl {
        /// The scheme's name in the spec.
        scheme: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// The proxy URL does not parse.
    InvalidProxy,
    /// A root or client certificate is not valid PEM (or lacks its private key).
    InvalidCertificate(String),
    /// The HTTP client could not start (TLS setup).
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingBaseUrl => f.write_str("no base URL: set one with `base_url`"),
            BuildError::MissingHost { path } => write!(
                f,
                "the spec's server is the path `{path}` without a host: set one with `host`"
            ),
            BuildError::UnknownServer(server) => {
                write!(f, "no operation of the spec uses the server `{server}`")
            }
            BuildError::InvalidBaseUrl(why) => write!(f, "invalid base URL: {why}"),
            BuildError::InsecureBaseUrl => f.write_str(
                "the base URL is plain http; call `allow_insecure_http(true)` to allow it",
            ),
            BuildError::InvalidCredential { scheme } => write!(
                f,
                "the credential of `{scheme}` cannot be sent (characters a header cannot carry?)"
            ),
            BuildError::InvalidTokenUrl { scheme, reason } => {
                write!(f, "the token URL of `{scheme}`: {reason}")
            }
            BuildError::InvalidProxy => f.write_str("the proxy URL is not valid"),
            BuildError::InvalidCertificate(why) => write!(f, "invalid certificate: {why}"),
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
