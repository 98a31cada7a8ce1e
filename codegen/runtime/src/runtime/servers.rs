//! Where requests go: the base URL (the spec's default server or the user's, optionally under
//! another host) and the servers some operations name for themselves, resolved once when the
//! client is built.

use super::config::BuildError;

/// The resolved servers of a client.
#[derive(Debug)]
pub(super) struct Servers {
    /// Without a trailing `/`.
    pub base_url: String,
    /// Each operation server as the spec writes it, and where its requests go (or why they
    /// cannot go anywhere: an `http://` server while plain http is not allowed, say).
    pub operations: Vec<(&'static str, Result<String, String>)>,
}

/// The settings the servers come from.
pub(super) struct ServerSettings<'a> {
    /// Absolute, or a path (`/api/v3`) under `host`.
    pub base_url: Option<&'a str>,
    /// The scheme, host and port that replace the base URL's.
    pub host: Option<&'a str>,
    pub operation_servers: &'static [&'static str],
    /// `(server as the spec writes it, URL to use instead)`.
    pub overrides: &'a [(String, String)],
    pub allow_http: bool,
}

impl ServerSettings<'_> {
    pub(super) fn resolve(&self) -> Result<Servers, BuildError> {
        let base_url = match (self.base_url, self.host) {
            (Some(base), None) if is_relative(base) => {
                return Err(BuildError::MissingHost {
                    path: base.to_owned(),
                });
            }
            (Some(base), None) => base.to_owned(),
            (Some(base), Some(host)) => under_host(host, base)?,
            (None, Some(host)) => under_host(host, "")?,
            (None, None) => return Err(BuildError::MissingBaseUrl),
        };
        let base_url = checked_base_url(&base_url, self.allow_http)?;
        if let Some((unknown, _)) = self
            .overrides
            .iter()
            .find(|(server, _)| !self.operation_servers.contains(&server.as_str()))
        {
            return Err(BuildError::UnknownServer(unknown.clone()));
        }
        let operations = self
            .operation_servers
            .iter()
            .map(|&server| {
                let url = match self.overrides.iter().rev().find(|(s, _)| s == server) {
                    Some((_, url)) => url.as_str(),
                    None => server,
                };
                let url = match is_relative(url) {
                    true => relative_to(&base_url, url),
                    false => url.to_owned(),
                };
                let checked = checked_base_url(&url, self.allow_http).map_err(|e| e.to_string());
                (server, checked)
            })
            .collect();
        Ok(Servers {
            base_url,
            operations,
        })
    }
}

fn is_relative(url: &str) -> bool {
    !url.contains("://")
}

/// `path` (relative or absolute) with the scheme, host and port of `host`.
fn under_host(host: &str, path: &str) -> Result<String, BuildError> {
    let parsed =
        reqwest::Url::parse(host).map_err(|e| BuildError::InvalidBaseUrl(format!("host: {e}")))?;
    if !matches!(parsed.path(), "" | "/") || parsed.query().is_some() {
        return Err(BuildError::InvalidBaseUrl(
            "a host is a scheme, a name and a port, without a path".to_owned(),
        ));
    }
    let path = match path.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => path,
    };
    Ok(join(host.trim_end_matches('/'), path))
}

/// A relative server resolved against the base URL: `/upload` replaces its path, `upload` goes
/// under it.
fn relative_to(base_url: &str, relative: &str) -> String {
    if relative.starts_with('/') {
        let origin_end = base_url.split_once("://").map_or(0, |(scheme, rest)| {
            scheme.len() + 3 + rest.find('/').unwrap_or(rest.len())
        });
        join(&base_url[..origin_end], relative)
    } else {
        join(base_url, relative)
    }
}

fn join(prefix: &str, path: &str) -> String {
    match path.trim_start_matches('/') {
        "" => prefix.to_owned(),
        path => format!("{prefix}/{path}"),
    }
}

/// The URL without a trailing `/`, if it is https (or http when allowed) and has no query or
/// fragment.
pub(super) fn checked_base_url(url: &str, allow_http: bool) -> Result<String, BuildError> {
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
