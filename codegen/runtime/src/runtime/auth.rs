//! Credentials: the API's security schemes, the credentials a client holds for them, which of
//! them a request sends (its requirement alternatives), and keeping them secret.

use std::fmt;
use std::sync::Arc;

use super::config::BuildError;
use super::oauth::{TokenCache, TokenSource};

/// How a security scheme sends its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthScheme {
    /// A key in the named header.
    Header(&'static str),
    /// A key in the named query parameter.
    Query(&'static str),
    /// A key in the named cookie.
    Cookie(&'static str),
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`; the credential is `user:password`.
    Basic,
    /// `Authorization: <scheme> <credential>`, for HTTP schemes besides Basic and Bearer.
    Http(&'static str),
    /// OAuth 2.0: `Authorization: Bearer <access token>`, the token from a [`TokenSource`].
    OAuth2(OAuthEndpoints),
    /// OpenID Connect: like OAuth 2.0; the token endpoint is read from the discovery document at
    /// this URL.
    OpenIdConnect(&'static str),
    /// A client certificate, presented when the TLS connection is made (mutual TLS).
    MutualTls,
}

/// What an OAuth 2.0 scheme declares: its token endpoints and the scopes its operations ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OAuthEndpoints {
    /// The client-credentials flow's token URL.
    pub client_credentials_url: Option<&'static str>,
    /// The token URL of the other flows (authorization code, password).
    pub token_url: Option<&'static str>,
    /// The refresh URL, when the spec names one.
    pub refresh_url: Option<&'static str>,
    /// The scopes the operations ask for; the client-credentials grant requests them unless
    /// told otherwise.
    pub scopes: &'static [&'static str],
}

/// One security scheme of the API: its name in the spec and how it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in `components/securitySchemes`.
    pub name: &'static str,
    /// How its credential is sent.
    pub kind: AuthScheme,
}

impl SecurityScheme {
    /// The scheme for messages: "`api_key` (an API key in the `X-Key` header)".
    pub fn describe(&self) -> String {
        let what = match self.kind {
            AuthScheme::Header(name) => format!("an API key in the `{name}` header"),
            AuthScheme::Query(name) => format!("an API key in the `{name}` query parameter"),
            AuthScheme::Cookie(name) => format!("an API key in the `{name}` cookie"),
            AuthScheme::Bearer => "a bearer token".to_owned(),
            AuthScheme::Basic => "a user name and password".to_owned(),
            AuthScheme::Http(scheme) => format!("an `Authorization: {scheme}` credential"),
            AuthScheme::OAuth2(_) => "OAuth 2.0".to_owned(),
            AuthScheme::OpenIdConnect(_) => "OpenID Connect".to_owned(),
            AuthScheme::MutualTls => "a client certificate".to_owned(),
        };
        format!("`{}` ({what})", self.name)
    }

    /// Whether the scheme's credential travels in the `Authorization` header, which a request
    /// carries once.
    fn uses_authorization(&self) -> bool {
        match self.kind {
            AuthScheme::Header(name) => name.eq_ignore_ascii_case("authorization"),
            AuthScheme::Bearer
            | AuthScheme::Basic
            | AuthScheme::Http(_)
            | AuthScheme::OAuth2(_)
            | AuthScheme::OpenIdConnect(_) => true,
            AuthScheme::Query(_) | AuthScheme::Cookie(_) | AuthScheme::MutualTls => false,
        }
    }
}

/// A secret that never shows in `Debug` output.
#[derive(Clone)]
pub(super) struct Secret(pub(super) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A credential as the builder was given it.
#[derive(Debug, Clone)]
pub(super) enum Credential {
    /// An API key, a bearer token or another HTTP credential; `user:password` for Basic.
    Secret(Secret),
    /// Where an OAuth 2.0 or OpenID Connect scheme's tokens come from.
    Tokens(TokenSource),
    /// A client certificate, set on the connection (mutual TLS).
    Certificate,
}

/// A credential ready to go on a request.
pub(super) enum Ready {
    /// A header, its value marked sensitive (so HTTP logging hides it).
    Header(reqwest::header::HeaderName, reqwest::header::HeaderValue),
    Query(&'static str, Secret),
    Cookie(&'static str, Secret),
    /// `Authorization: Bearer` from a cache of the scheme's tokens.
    Tokens(Arc<TokenCache>),
    /// Nothing per request: the connection presents the certificate.
    Connection,
}

/// A header value that logging hides.
pub(super) fn sensitive(value: &str) -> Option<reqwest::header::HeaderValue> {
    let mut value = reqwest::header::HeaderValue::from_str(value).ok()?;
    value.set_sensitive(true);
    Some(value)
}

/// Makes `credential` ready for `scheme`; `token_cache` builds the cache of an OAuth 2.0 or
/// OpenID Connect scheme's tokens (it checks the token URLs).
pub(super) fn ready(
    scheme: &SecurityScheme,
    credential: &Credential,
    token_cache: impl FnOnce(&TokenSource) -> Result<TokenCache, BuildError>,
) -> Result<Ready, BuildError> {
    let invalid = || BuildError::InvalidCredential {
        scheme: scheme.name,
    };
    let header = |name: &str, value: String| {
        let name =
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?;
        Ok(Ready::Header(name, sensitive(&value).ok_or_else(invalid)?))
    };
    match (scheme.kind, credential) {
        (AuthScheme::Header(name), Credential::Secret(Secret(key))) => header(name, key.clone()),
        (AuthScheme::Query(name), Credential::Secret(key)) => Ok(Ready::Query(name, key.clone())),
        (AuthScheme::Cookie(name), Credential::Secret(key)) => Ok(Ready::Cookie(name, key.clone())),
        (AuthScheme::Bearer, Credential::Secret(Secret(token))) => {
            header("authorization", format!("Bearer {token}"))
        }
        (AuthScheme::Basic, Credential::Secret(Secret(pair))) => header(
            "authorization",
            format!("Basic {}", base64(pair.as_bytes())),
        ),
        (AuthScheme::Http(kind), Credential::Secret(Secret(value))) => {
            header("authorization", format!("{kind} {value}"))
        }
        (AuthScheme::OAuth2(_) | AuthScheme::OpenIdConnect(_), Credential::Tokens(source)) => {
            Ok(Ready::Tokens(Arc::new(token_cache(source)?)))
        }
        (AuthScheme::MutualTls, Credential::Certificate) => Ok(Ready::Connection),
        _ => Err(invalid()),
    }
}

/// Which credentials a request sends: the schemes of one of its requirement alternatives, and
/// among them the one that writes `Authorization`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Chosen {
    pub(super) schemes: &'static [&'static str],
    pub(super) authorization: Option<usize>,
}

/// The first of `alternatives` (each a set of scheme names needed together) the configured
/// credentials satisfy (`configured(i)` for scheme `i`), preferring one that sends a credential
/// over an empty one (`{}`, "no credential is fine too"). Schemes of one alternative that all
/// write `Authorization` are satisfied by any one of them, as a request carries that header once.
/// `Ok(None)`: nothing to send; `Err(())`: no alternative is satisfied.
pub(super) fn choose(
    schemes: &[SecurityScheme],
    alternatives: &'static [&'static [&'static str]],
    configured: impl Fn(usize) -> bool,
) -> Result<Option<Chosen>, ()> {
    if alternatives.is_empty() {
        return Ok(None);
    }
    let index = |name: &str| schemes.iter().position(|s| s.name == name);
    let satisfied = |names: &'static [&'static str]| {
        let mut authorization = None;
        let mut needs_authorization = false;
        for name in names {
            let i = index(name)?;
            if schemes[i].uses_authorization() {
                needs_authorization = true;
                if authorization.is_none() && configured(i) {
                    authorization = Some(i);
                }
            } else if !configured(i) {
                return None;
            }
        }
        (!needs_authorization || authorization.is_some()).then_some(Chosen {
            schemes: names,
            authorization,
        })
    };
    if let Some(chosen) = alternatives
        .iter()
        .filter(|names| !names.is_empty())
        .find_map(|names| satisfied(names))
    {
        return Ok(Some(chosen));
    }
    match alternatives.iter().any(|names| names.is_empty()) {
        true => Ok(None),
        false => Err(()),
    }
}

/// What an operation accepts, for the error when no credential it needs is set:
/// "one of: `petstore_auth` (OAuth 2.0), `api_key` (an API key in the `api_key` header)".
pub(super) fn accepted(schemes: &[SecurityScheme], alternatives: &[&[&'static str]]) -> String {
    let describe = |name: &&str| match schemes.iter().find(|s| s.name == *name) {
        Some(scheme) => scheme.describe(),
        None => format!("`{name}`"),
    };
    let options: Vec<String> = alternatives
        .iter()
        .map(|names| {
            let all: Vec<String> = names.iter().map(describe).collect();
            match all.len() {
                1 => all.join(""),
                _ => format!("{} together", all.join(" and ")),
            }
        })
        .collect();
    match options.len() {
        1 => options.join(""),
        _ => format!("one of: {}", options.join(", ")),
    }
}

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
