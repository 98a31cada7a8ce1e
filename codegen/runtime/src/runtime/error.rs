//! Why a call failed: the error type, its parts, and what an error body says.

use std::fmt;
use std::time::Duration;

use super::oauth::TokenError;
use super::retry::is_retryable_status;

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
    /// The error codes found in the body (what `Error::api_error_codes` gives).
    pub codes: Vec<String>,
    /// The error messages found in the body, in the same common shapes (`message`,
    /// `description`, `detail`, `error_description`).
    pub messages: Vec<String>,
    /// The start of the raw body, as text.
    pub raw: String,
    /// The server's `Retry-After`, when it sent one.
    pub retry_after: Option<Duration>,
    /// How many attempts were made.
    pub attempts: u32,
    /// The answer's headers (request ids, rate limits); secrets are kept out of `Debug`.
    pub headers: super::response::ResponseHeaders,
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
    /// The operation needs a credential the client does not have; no request was made (see
    /// `ClientBuilder::send_without_credential`).
    MissingCredential {
        /// The operation's id in the spec.
        operation: &'static str,
        /// What it accepts: "one of: `petstore_auth` (OAuth 2.0), `api_key` (…)".
        accepts: String,
    },
    /// No access token could be had for this OAuth 2.0 or OpenID Connect scheme; the request
    /// was not sent.
    Token {
        /// The scheme's name in the spec.
        scheme: &'static str,
        /// Why.
        source: TokenError,
    },
    /// The server the operation's spec names for it cannot be used (plain http while
    /// `allow_insecure_http` is off, say); the request was not sent.
    Server {
        /// The operation's id in the spec.
        operation: &'static str,
        /// Why.
        reason: String,
    },
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
            Error::InvalidRequest(_)
            | Error::MissingCredential { .. }
            | Error::Token { .. }
            | Error::Server { .. }
            | Error::Transport { .. }
            | Error::Timeout { .. } => None,
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
            Error::InvalidRequest(_)
            | Error::MissingCredential { .. }
            | Error::Token { .. }
            | Error::Server { .. } => 0,
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
            Error::MissingCredential { operation, accepts } => write!(
                f,
                "`{operation}` needs {accepts}; no such credential is set on the client (nothing was sent)"
            ),
            Error::Token { scheme, source } => {
                write!(
                    f,
                    "no access token for `{scheme}` (nothing was sent): {source}"
                )
            }
            Error::Server { operation, reason } => {
                write!(
                    f,
                    "the server of `{operation}` cannot be used (nothing was sent): {reason}"
                )
            }
            Error::Transport { source, attempts } => {
                write!(f, "request failed{}: {source}", tries(attempts))
            }
            Error::Timeout { attempts } => write!(f, "request timed out{}", tries(attempts)),
            Error::Api(e) => {
                write!(f, "API error {}{}", e.status, tries(&e.attempts))?;
                // What the API says, else the start of what it sent.
                let codes = e.codes.join(", ");
                match (e.messages.join("; "), codes.is_empty()) {
                    (messages, true) if !messages.is_empty() => write!(f, ": {messages}"),
                    (messages, false) if !messages.is_empty() => {
                        write!(f, ": {messages} ({codes})")
                    }
                    (_, false) => write!(f, ": {codes}"),
                    (_, true) if e.raw.trim().is_empty() => f.write_str(" (empty body)"),
                    (_, true) => write!(f, ": {}", one_line(&e.raw, 200)),
                }
            }
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
            Error::Token { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The error codes and messages an error body carries in the common JSON shapes:
/// `{"errors": [{"code": …, "message": …}]}`, `{"error": {"code": …}}` or `{"code": …}`
/// (messages also as `description`, `detail` or `error_description`; OAuth's `error` string as
/// a code). Numbers are given as text.
pub(super) fn error_details(body: &[u8]) -> (Vec<String>, Vec<String>) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return (Vec::new(), Vec::new());
    };
    let text = |v: Option<&serde_json::Value>| match v? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let message = |v: &serde_json::Value| {
        ["message", "description", "detail", "error_description"]
            .iter()
            .find_map(|key| text(v.get(*key)))
    };
    let entries: Vec<&serde_json::Value> =
        if let Some(errors) = value.get("errors").and_then(serde_json::Value::as_array) {
            errors.iter().collect()
        } else if let Some(error) = value.get("error").filter(|e| e.is_object()) {
            vec![error]
        } else {
            vec![&value]
        };
    let mut codes: Vec<String> = entries.iter().filter_map(|e| text(e.get("code"))).collect();
    if codes.is_empty() {
        codes.extend(text(value.get("error")));
    }
    let messages = entries.iter().filter_map(|e| message(e)).collect();
    (codes, messages)
}

/// `text` on one line, at most `max` characters (an ellipsis when cut).
fn one_line(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

/// Up to 1 KiB of a body, as text, for error messages.
pub(super) fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 1024;
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX)]);
    if body.len() > MAX {
        format!("{text}…")
    } else {
        text.into_owned()
    }
}
