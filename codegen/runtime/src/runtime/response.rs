//! An answer with its metadata: the HTTP status and headers beside the decoded body
//! (`send_with_response`), and headers whose secrets stay out of `Debug`.

use std::fmt;
use std::ops::Deref;

/// A decoded answer with its HTTP status and headers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiResponse<T> {
    /// The HTTP status.
    pub status: reqwest::StatusCode,
    /// The answer's headers; secrets are kept out of `Debug`.
    pub headers: ResponseHeaders,
    /// The decoded body.
    pub body: T,
}

impl<T> ApiResponse<T> {
    /// The decoded body alone.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same answer, its body made another value.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }

    /// The text of the header `name` (the first, when it repeats), if it is there and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.text(name)
    }

    /// The headers the operation declares, typed: `answer.declared::<types::ListPetsHeaders>()`.
    pub fn declared<H: DeclaredHeaders>(&self) -> H {
        H::read(&self.headers)
    }
}

/// Headers an operation's answers declare, read from an answer (the generated
/// `types::…Headers` structs).
pub trait DeclaredHeaders: Sized {
    /// Reads them; one that is missing or does not parse is `None`.
    fn read(headers: &ResponseHeaders) -> Self;
}

/// Response headers: a `reqwest::header::HeaderMap` (it derefs to one) whose `Debug` leaves out
/// the values of headers that carry secrets (`Set-Cookie`, `Authorization`, …). Boxed, so an
/// error that holds them stays small.
#[derive(Clone, Default, PartialEq)]
pub struct ResponseHeaders(Box<reqwest::header::HeaderMap>);

impl ResponseHeaders {
    /// Headers as received.
    pub fn new(headers: reqwest::header::HeaderMap) -> Self {
        ResponseHeaders(Box::new(headers))
    }

    /// The header map itself.
    pub fn into_inner(self) -> reqwest::header::HeaderMap {
        *self.0
    }

    /// The text of the header `name` (the first, when it repeats), if it is there and text.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(|v| v.to_str().ok())
    }

    /// The header `name` parsed as `T` (an integer, say), if it is there and parses.
    pub fn parse<T: std::str::FromStr>(&self, name: &str) -> Option<T> {
        self.text(name)?.trim().parse().ok()
    }
}

impl Deref for ResponseHeaders {
    type Target = reqwest::header::HeaderMap;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// Headers whose values are credentials or sessions.
fn is_secret(name: &str) -> bool {
    const SECRET: [&str; 5] = [
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
    ];
    SECRET.iter().any(|s| name.eq_ignore_ascii_case(s))
        || name.to_ascii_lowercase().contains("token")
}

impl fmt::Debug for ResponseHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0.iter() {
            match is_secret(name.as_str()) {
                true => map.entry(&name.as_str(), &"<redacted>"),
                false => map.entry(&name.as_str(), &value.to_str().unwrap_or("<not text>")),
            };
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::ResponseHeaders;

    #[test]
    fn secrets_stay_out_of_debug() {
        let mut map = reqwest::header::HeaderMap::new();
        map.insert("set-cookie", "session=s3cr3t".parse().expect("value"));
        map.insert("x-request-id", "r-1".parse().expect("value"));
        let shown = format!("{:?}", ResponseHeaders::new(map));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("r-1"), "{shown}");
    }
}
