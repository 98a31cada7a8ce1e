//! Credentials: how the API expects its credential, and keeping it secret.

use std::fmt;

use super::config::BuildError;

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

impl AuthScheme {
    /// What the credential is, for messages: "an API key in the `X-Key` header".
    pub fn describe(&self) -> String {
        match self {
            AuthScheme::None => "no credential".to_owned(),
            AuthScheme::Header(name) => format!("an API key in the `{name}` header"),
            AuthScheme::Query(name) => format!("an API key in the `{name}` query parameter"),
            AuthScheme::Bearer => "a bearer token".to_owned(),
            AuthScheme::Basic => "a user name and password (HTTP Basic)".to_owned(),
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

/// The header that carries `credential` under `auth`, marked sensitive (so HTTP logging hides
/// it); `None` when the credential goes elsewhere (the query) or nowhere.
pub(super) fn auth_header(
    auth: AuthScheme,
    credential: &Secret,
) -> Result<Option<(reqwest::header::HeaderName, reqwest::header::HeaderValue)>, BuildError> {
    let Secret(credential) = credential;
    let (name, value) = match auth {
        AuthScheme::Header(name) => (name, credential.clone()),
        AuthScheme::Bearer => ("authorization", format!("Bearer {credential}")),
        AuthScheme::Basic => (
            "authorization",
            format!("Basic {}", base64(credential.as_bytes())),
        ),
        AuthScheme::Query(_) | AuthScheme::None => return Ok(None),
    };
    let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| BuildError::InvalidCredential)?;
    let mut value = reqwest::header::HeaderValue::from_str(&value)
        .map_err(|_| BuildError::InvalidCredential)?;
    value.set_sensitive(true);
    Ok(Some((name, value)))
}
