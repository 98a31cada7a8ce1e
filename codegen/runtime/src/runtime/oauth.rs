//! OAuth 2.0 and OpenID Connect access tokens: where they come from (a fixed token, the
//! client-credentials grant, the refresh-token grant, or the user's own provider), and a cache
//! that renews them shortly before they expire, one renewal at a time.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::auth::{Secret, base64, sensitive};
use super::bodies::form_encode;

/// An access token and how long it lives, as a token endpoint or a [`TokenProvider`] gives it.
#[derive(Clone)]
pub struct AccessToken {
    token: Secret,
    expires_in: Option<Duration>,
    refresh_token: Option<Secret>,
}

impl AccessToken {
    /// A token with no known lifetime (used until the API rejects it with 401).
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken {
            token: Secret(token.into()),
            expires_in: None,
            refresh_token: None,
        }
    }

    /// How long the token is valid from now; it is renewed shortly before.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &self.token)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// A future that gives an access token.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<AccessToken, TokenError>> + Send + 'a>>;

/// Where the user's own access tokens come from (a secrets manager, an interactive login, a
/// cloud SDK). A closure `|| async { Ok(AccessToken::new(..)) }` is one. The client calls it when
/// it has no token, when the token is about to expire, and once more when the API rejects a
/// token with 401.
pub trait TokenProvider: Send + Sync + 'static {
    /// A fresh access token.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AccessToken, TokenError>> + Send + 'static,
{
    fn token(&self) -> TokenFuture<'_> {
        Box::pin(self())
    }
}

/// How the client authenticates itself to the token endpoint (RFC 6749 §2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum ClientAuth {
    /// `Authorization: Basic` of the client id and secret (`client_secret_basic`; the default).
    #[default]
    Basic,
    /// `client_id` and `client_secret` in the form body (`client_secret_post`).
    RequestBody,
}

/// The client-credentials grant (RFC 6749 §4.4): the client's own id and secret buy tokens from
/// the token endpoint. By default the spec's token URL and the scopes the API's operations
/// ask for; both can be set.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    client: ClientIdentity,
    token_url: Option<String>,
    scopes: Option<Vec<String>>,
}

impl ClientCredentials {
    /// The grant for this client.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        ClientCredentials {
            client: ClientIdentity {
                id: client_id.into(),
                secret: Some(Secret(client_secret.into())),
                auth: ClientAuth::Basic,
            },
            token_url: None,
            scopes: None,
        }
    }

    /// The token endpoint (default: the spec's client-credentials token URL). Must be https
    /// unless the client allows insecure HTTP; a relative URL is resolved against the base URL.
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// The scopes to request (default: those the spec's operations ask for; none: no `scope`).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// How the client authenticates to the token endpoint (default [`ClientAuth::Basic`]).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client.auth = auth;
        self
    }
}

/// The refresh-token grant (RFC 6749 §6), for a refresh token the user obtained interactively
/// (authorization code, implicit or password flow): each renewal trades it for a new access
/// token, and keeps the new refresh token when the server rotates it.
#[derive(Debug, Clone)]
pub struct RefreshToken {
    client: ClientIdentity,
    refresh_token: Secret,
    token_url: Option<String>,
    scopes: Option<Vec<String>>,
}

impl RefreshToken {
    /// The grant for a public client (no secret).
    pub fn new(client_id: impl Into<String>, refresh_token: impl Into<String>) -> Self {
        RefreshToken {
            client: ClientIdentity {
                id: client_id.into(),
                secret: None,
                auth: ClientAuth::Basic,
            },
            refresh_token: Secret(refresh_token.into()),
            token_url: None,
            scopes: None,
        }
    }

    /// The client's secret, for a confidential client.
    pub fn client_secret(mut self, secret: impl Into<String>) -> Self {
        self.client.secret = Some(Secret(secret.into()));
        self
    }

    /// The token endpoint (default: the spec's refresh URL, else its token URL).
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    /// The scopes to request (default: none, so the server keeps those first granted).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = Some(scopes.into_iter().map(Into::into).collect());
        self
    }

    /// How the client authenticates to the token endpoint (default [`ClientAuth::Basic`]).
    pub fn client_auth(mut self, auth: ClientAuth) -> Self {
        self.client.auth = auth;
        self
    }
}

#[derive(Debug, Clone)]
struct ClientIdentity {
    id: String,
    secret: Option<Secret>,
    auth: ClientAuth,
}

/// Where an OAuth 2.0 or OpenID Connect scheme's access tokens come from: a fixed token (a
/// string converts into one), [`ClientCredentials`], [`RefreshToken`], or a [`TokenProvider`].
#[derive(Clone)]
pub struct TokenSource(Source);

#[derive(Clone)]
enum Source {
    Fixed(Secret),
    ClientCredentials(ClientCredentials),
    RefreshToken(RefreshToken),
    Provider(Arc<dyn TokenProvider>),
}

impl TokenSource {
    /// A fixed access token, never renewed.
    pub fn access_token(token: impl Into<String>) -> Self {
        TokenSource(Source::Fixed(Secret(token.into())))
    }

    /// Tokens from the user's own provider (a closure returning a future will do).
    pub fn provider(provider: impl TokenProvider) -> Self {
        TokenSource(Source::Provider(Arc::new(provider)))
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::Fixed(token) => f.debug_tuple("AccessToken").field(token).finish(),
            Source::ClientCredentials(grant) => grant.fmt(f),
            Source::RefreshToken(grant) => grant.fmt(f),
            Source::Provider(_) => f.write_str("TokenProvider"),
        }
    }
}

impl From<String> for TokenSource {
    fn from(token: String) -> Self {
        TokenSource::access_token(token)
    }
}

impl From<&str> for TokenSource {
    fn from(token: &str) -> Self {
        TokenSource::access_token(token)
    }
}

impl From<ClientCredentials> for TokenSource {
    fn from(grant: ClientCredentials) -> Self {
        TokenSource(Source::ClientCredentials(grant))
    }
}

impl From<RefreshToken> for TokenSource {
    fn from(grant: RefreshToken) -> Self {
        TokenSource(Source::RefreshToken(grant))
    }
}

/// Why no access token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint refused (RFC 6749 §5.2), e.g. `invalid_client`, `invalid_grant`.
    Rejected {
        /// The HTTP status.
        status: reqwest::StatusCode,
        /// The `error` code.
        error: String,
        /// The `error_description`, when given.
        description: Option<String>,
        /// The `error_uri`, when given.
        uri: Option<String>,
    },
    /// The token endpoint (or the OpenID Connect discovery document) answered with something
    /// other than what the standard describes.
    InvalidResponse {
        /// The HTTP status.
        status: reqwest::StatusCode,
        /// What is wrong with it.
        reason: String,
    },
    /// The token endpoint could not be reached.
    Transport(reqwest::Error),
    /// The token endpoint's URL is not https (and insecure HTTP is not allowed), or not a URL.
    InvalidUrl(String),
    /// The user's [`TokenProvider`] failed.
    Provider(Box<dyn std::error::Error + Send + Sync>),
}

impl TokenError {
    /// A failure of the user's own provider.
    pub fn provider(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TokenError::Provider(error.into())
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenError::Rejected {
                status,
                error,
                description,
                ..
            } => {
                write!(f, "the token endpoint refused ({status}): {error}")?;
                match description {
                    Some(description) => write!(f, ": {description}"),
                    None => Ok(()),
                }
            }
            TokenError::InvalidResponse { status, reason } => {
                write!(
                    f,
                    "the token endpoint's answer ({status}) is not a token: {reason}"
                )
            }
            TokenError::Transport(e) => write!(f, "the token endpoint could not be reached: {e}"),
            TokenError::InvalidUrl(why) => write!(f, "bad token endpoint: {why}"),
            TokenError::Provider(e) => write!(f, "the token provider failed: {e}"),
        }
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokenError::Transport(e) => Some(e),
            TokenError::Provider(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// A grant's kind and the token URL set on it.
pub(super) struct Grant<'a> {
    pub(super) refresh: bool,
    pub(super) token_url: Option<&'a str>,
}

/// Where a grant sends its requests.
#[derive(Debug, Clone)]
pub(super) enum Endpoint {
    /// A checked token URL.
    Token(String),
    /// An OpenID Connect discovery document, read once for its `token_endpoint`.
    Discovery(String),
}

/// The cache of one scheme's tokens: the current one, and a lock held while a new one is
/// fetched, so concurrent calls wait for one renewal instead of each starting their own.
pub(super) struct TokenCache {
    source: Source,
    /// The scopes to request by default (the spec's).
    scopes: &'static [&'static str],
    endpoint: Option<Endpoint>,
    allow_http: bool,
    current: Mutex<Option<Cached>>,
    renewal: tokio::sync::Mutex<Renewal>,
}

#[derive(Clone)]
struct Cached {
    header: reqwest::header::HeaderValue,
    renew_at: Option<Instant>,
    generation: u64,
}

/// What renewals keep: how many tokens were fetched, the newest refresh token, the token
/// endpoint found by discovery.
struct Renewal {
    generation: u64,
    refresh_token: Option<Secret>,
    discovered: Option<String>,
}

/// A token in `Authorization` form, and which fetch it came from (to invalidate that one only).
pub(super) struct Bearer {
    pub(super) header: reqwest::header::HeaderValue,
    pub(super) generation: u64,
}

impl TokenCache {
    /// The cache for `source`; `endpoint` is where its grant goes (checked by the builder), `scopes`
    /// what the client-credentials grant requests by default.
    pub(super) fn new(
        source: &TokenSource,
        endpoint: Option<Endpoint>,
        scopes: &'static [&'static str],
        allow_http: bool,
    ) -> Self {
        let refresh_token = match &source.0 {
            Source::RefreshToken(grant) => Some(grant.refresh_token.clone()),
            _ => None,
        };
        TokenCache {
            source: source.0.clone(),
            scopes,
            endpoint,
            allow_http,
            current: Mutex::new(None),
            renewal: tokio::sync::Mutex::new(Renewal {
                generation: 0,
                refresh_token,
                discovered: None,
            }),
        }
    }

    /// The grant of `source`, if it has one: whether it refreshes, and the token URL the user
    /// set for it.
    pub(super) fn grant(source: &TokenSource) -> Option<Grant<'_>> {
        match &source.0 {
            Source::ClientCredentials(grant) => Some(Grant {
                refresh: false,
                token_url: grant.token_url.as_deref(),
            }),
            Source::RefreshToken(grant) => Some(Grant {
                refresh: true,
                token_url: grant.token_url.as_deref(),
            }),
            Source::Fixed(_) | Source::Provider(_) => None,
        }
    }

    /// Whether a rejected token can be replaced by another (not a fixed one).
    pub(super) fn renews(&self) -> bool {
        !matches!(self.source, Source::Fixed(_))
    }

    /// The current token, renewed first when there is none or it is about to expire.
    pub(super) async fn bearer(&self, http: &reqwest::Client) -> Result<Bearer, TokenError> {
        if let Source::Fixed(Secret(token)) = &self.source {
            let header = sensitive(&format!("Bearer {token}")).ok_or_else(|| {
                TokenError::InvalidUrl("the access token cannot be sent in a header".to_owned())
            })?;
            return Ok(Bearer {
                header,
                generation: 0,
            });
        }
        if let Some(bearer) = self.fresh() {
            return Ok(bearer);
        }
        let mut renewal = self.renewal.lock().await;
        // Another call may have renewed the token while this one waited.
        if let Some(bearer) = self.fresh() {
            return Ok(bearer);
        }
        let token = self.fetch(http, &mut renewal).await?;
        renewal.generation += 1;
        if let Some(refresh_token) = token.refresh_token {
            renewal.refresh_token = Some(refresh_token);
        }
        let header = sensitive(&format!("Bearer {}", token.token.0)).ok_or_else(|| {
            TokenError::InvalidResponse {
                status: reqwest::StatusCode::OK,
                reason: "the access token cannot be sent in a header".to_owned(),
            }
        })?;
        let cached = Cached {
            header: header.clone(),
            renew_at: token
                .expires_in
                .map(|lifetime| Instant::now() + lifetime - margin(lifetime)),
            generation: renewal.generation,
        };
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(cached);
        Ok(Bearer {
            header,
            generation: renewal.generation,
        })
    }

    /// Forgets the token of fetch `generation` (the API rejected it); a newer one stays.
    pub(super) fn invalidate(&self, generation: u64) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if current.as_ref().is_some_and(|c| c.generation == generation) {
            *current = None;
        }
    }

    fn fresh(&self) -> Option<Bearer> {
        let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let cached = current.as_ref()?;
        cached
            .renew_at
            .is_none_or(|at| Instant::now() < at)
            .then(|| Bearer {
                header: cached.header.clone(),
                generation: cached.generation,
            })
    }

    async fn fetch(
        &self,
        http: &reqwest::Client,
        renewal: &mut Renewal,
    ) -> Result<AccessToken, TokenError> {
        let (client, form, scopes): (&ClientIdentity, Vec<(&str, String)>, Option<String>) =
            match &self.source {
                Source::Fixed(Secret(token)) => return Ok(AccessToken::new(token.clone())),
                Source::Provider(provider) => return provider.token().await,
                Source::ClientCredentials(grant) => (
                    &grant.client,
                    vec![("grant_type", "client_credentials".to_owned())],
                    match &grant.scopes {
                        Some(scopes) => Some(scopes.join(" ")),
                        None => Some(self.scopes.join(" ")),
                    },
                ),
                Source::RefreshToken(grant) => {
                    let token = renewal
                        .refresh_token
                        .as_ref()
                        .unwrap_or(&grant.refresh_token);
                    (
                        &grant.client,
                        vec![
                            ("grant_type", "refresh_token".to_owned()),
                            ("refresh_token", token.0.clone()),
                        ],
                        grant.scopes.as_ref().map(|s| s.join(" ")),
                    )
                }
            };
        let url = self.token_url(http, renewal).await?;
        let mut form = form;
        if let Some(scope) = scopes.filter(|s| !s.is_empty()) {
            form.push(("scope", scope));
        }
        request_token(http, &url, form, client).await
    }

    /// The token endpoint: the checked URL, or the one the discovery document names.
    async fn token_url(
        &self,
        http: &reqwest::Client,
        renewal: &mut Renewal,
    ) -> Result<String, TokenError> {
        match &self.endpoint {
            Some(Endpoint::Token(url)) => Ok(url.clone()),
            Some(Endpoint::Discovery(url)) => {
                if let Some(found) = &renewal.discovered {
                    return Ok(found.clone());
                }
                let found = discover(http, url).await?;
                checked_url(&found, self.allow_http)?;
                renewal.discovered = Some(found.clone());
                Ok(found)
            }
            None => Err(TokenError::InvalidUrl(
                "the spec names no token URL; set one on the grant".to_owned(),
            )),
        }
    }
}

/// How long before its expiry a token is renewed: a minute, or half its lifetime if shorter.
fn margin(lifetime: Duration) -> Duration {
    (lifetime / 2).min(Duration::from_secs(60))
}

/// Checks that a token URL is absolute and https (or http when allowed).
pub(super) fn checked_url(url: &str, allow_http: bool) -> Result<(), TokenError> {
    let parsed =
        reqwest::Url::parse(url).map_err(|e| TokenError::InvalidUrl(format!("`{url}`: {e}")))?;
    match parsed.scheme() {
        "https" => Ok(()),
        "http" if allow_http => Ok(()),
        _ => Err(TokenError::InvalidUrl(format!(
            "`{url}` is not https; call `allow_insecure_http(true)` to allow it"
        ))),
    }
}

/// Reads the `token_endpoint` of an OpenID Connect discovery document.
async fn discover(http: &reqwest::Client, url: &str) -> Result<String, TokenError> {
    let response = http
        .get(url)
        .header(reqwest::header::ACCEPT, "application/json")
        .send()
        .await
        .map_err(TokenError::Transport)?;
    let status = response.status();
    let body = response.bytes().await.map_err(TokenError::Transport)?;
    let invalid = |reason: &str| TokenError::InvalidResponse {
        status,
        reason: reason.to_owned(),
    };
    if !status.is_success() {
        return Err(invalid(
            "the OpenID Connect discovery document could not be read",
        ));
    }
    let document: serde_json::Value =
        serde_json::from_slice(&body).map_err(|_| invalid("the discovery document is not JSON"))?;
    document
        .get("token_endpoint")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| invalid("the discovery document names no `token_endpoint`"))
}

/// One token request (RFC 6749 §4.4.2, §6): the form, the client authenticated as it says.
async fn request_token(
    http: &reqwest::Client,
    url: &str,
    mut form: Vec<(&str, String)>,
    client: &ClientIdentity,
) -> Result<AccessToken, TokenError> {
    let mut request = http
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .header(reqwest::header::ACCEPT, "application/json");
    match (client.auth, &client.secret) {
        (ClientAuth::Basic, Some(Secret(secret))) => {
            // Each part form-encoded first (§2.3.1).
            let mut pair = String::new();
            form_encode(&mut pair, client.id.as_bytes());
            pair.push(':');
            form_encode(&mut pair, secret.as_bytes());
            let value = sensitive(&format!("Basic {}", base64(pair.as_bytes())))
                .ok_or_else(|| TokenError::InvalidUrl("unreachable: base64 is ASCII".to_owned()))?;
            request = request.header(reqwest::header::AUTHORIZATION, value);
        }
        (ClientAuth::RequestBody, Some(Secret(secret))) => {
            form.push(("client_id", client.id.clone()));
            form.push(("client_secret", secret.clone()));
        }
        (_, None) => form.push(("client_id", client.id.clone())),
    }
    let mut body = String::new();
    for (name, value) in &form {
        if !body.is_empty() {
            body.push('&');
        }
        form_encode(&mut body, name.as_bytes());
        body.push('=');
        form_encode(&mut body, value.as_bytes());
    }
    let response = request
        .body(body)
        .send()
        .await
        .map_err(TokenError::Transport)?;
    let status = response.status();
    let body = response.bytes().await.map_err(TokenError::Transport)?;
    token_response(status, &body)
}

/// A token endpoint's answer: a token (§5.1) or the endpoint's refusal (§5.2).
fn token_response(status: reqwest::StatusCode, body: &[u8]) -> Result<AccessToken, TokenError> {
    let invalid = |reason: &str| TokenError::InvalidResponse {
        status,
        reason: reason.to_owned(),
    };
    let value: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let text = |key: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    if !status.is_success() {
        return match text("error") {
            Some(error) => Err(TokenError::Rejected {
                status,
                error,
                description: text("error_description"),
                uri: text("error_uri"),
            }),
            None => Err(invalid("an error without an OAuth `error` code")),
        };
    }
    let value = value.as_ref().ok_or_else(|| invalid("not JSON"))?;
    let token = text("access_token").ok_or_else(|| invalid("no `access_token`"))?;
    if let Some(kind) = text("token_type")
        && !kind.eq_ignore_ascii_case("bearer")
    {
        return Err(invalid(&format!("token type `{kind}`, not `Bearer`")));
    }
    // Some servers send the lifetime as a string.
    let expires_in = match value.get("expires_in") {
        Some(serde_json::Value::Number(n)) => n.as_u64(),
        Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(AccessToken {
        token: Secret(token),
        expires_in: expires_in.map(Duration::from_secs),
        refresh_token: text("refresh_token").map(Secret),
    })
}
