//! One attempt on the wire: the request as an operation's builder describes it, checked, sent
//! with the credential, and its body read within the configured limit.

use std::borrow::Cow;

use super::auth::{Chosen, Ready, Secret};
use super::client::Client;
use super::error::InvalidRequest;
use super::hooks::AttemptInfo;
use super::oauth::Bearer;
use super::options::RequestOptions;

/// One request, as an operation's builder describes it.
#[doc(hidden)]
#[derive(Clone)]
pub struct Request {
    pub operation_id: &'static str,
    pub method: reqwest::Method,
    pub path_template: &'static str,
    /// The template's own text until a builder writes its parameters into it.
    pub path: Cow<'static, str>,
    pub query: Vec<(Cow<'static, str>, String)>,
    pub headers: Vec<(Cow<'static, str>, String)>,
    pub cookies: Vec<(Cow<'static, str>, String)>,
    pub body: Option<(Cow<'static, str>, super::bodies::Payload)>,
    /// The requirement alternatives (any one suffices), each the names of the security schemes
    /// needed together; empty when the operation needs no credential.
    pub security: &'static [&'static [&'static str]],
    /// The server its operation names for itself, as the spec writes it; `None`: the base URL.
    pub server: Option<&'static str>,
    /// The `Accept` header (the media types its responses declare), unless a header parameter
    /// sets one.
    pub accept: &'static str,
}

impl Request {
    /// A request of operation `operation_id` (`method` on `path_template`) to the template's
    /// own path, accepting JSON, with no parameters, body or credential. A builder sets what its
    /// operation adds: the encoded path, parameters, body, security, server, `Accept`.
    pub fn new(
        operation_id: &'static str,
        method: reqwest::Method,
        path_template: &'static str,
    ) -> Self {
        Request {
            operation_id,
            method,
            path_template,
            path: Cow::Borrowed(path_template),
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            security: &[],
            server: None,
            accept: "application/json",
        }
    }
}

/// What one attempt ended with.
pub(super) enum Attempt {
    Response {
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        /// As the HTTP layer handed it over: one piece is not copied.
        body: bytes::Bytes,
    },
    TooLarge {
        status: reqwest::StatusCode,
    },
    /// A success whose body is left to be streamed.
    Streaming {
        status: reqwest::StatusCode,
        headers: reqwest::header::HeaderMap,
        response: reqwest::Response,
    },
    /// A streamed call's head did not arrive within the attempt timeout.
    HeadTimeout,
    Failed(reqwest::Error),
}

impl Client {
    pub(super) async fn attempt(
        &self,
        server: &str,
        request: &Request,
        options: &RequestOptions,
        chosen: Option<Chosen>,
        bearer: Option<&Bearer>,
        (attempt, stream): (u32, bool),
    ) -> Attempt {
        let inner = &self.inner;
        let mut url = String::with_capacity(server.len() + request.path.len());
        url.push_str(server);
        url.push_str(&request.path);
        let mut builder = inner.http.request(request.method.clone(), url);
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect();
        let mut cookies: Vec<String> = request
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={}", cookie_value(v)))
            .collect();
        if let Some(chosen) = chosen {
            for (i, (scheme, credential)) in
                inner.schemes.iter().zip(&inner.credentials).enumerate()
            {
                if !chosen.schemes.contains(&scheme.name) {
                    continue;
                }
                let authorization = chosen.authorization == Some(i);
                match credential {
                    Some(Ready::Header(name, value))
                        if authorization || name != reqwest::header::AUTHORIZATION =>
                    {
                        builder = builder.header(name.clone(), value.clone());
                    }
                    Some(Ready::Query(name, Secret(key))) => query.push((name, key)),
                    Some(Ready::Cookie(name, Secret(key))) => {
                        cookies.push(format!("{name}={}", cookie_value(key)));
                    }
                    Some(Ready::Tokens(_)) if authorization => {
                        if let Some(bearer) = bearer {
                            builder = builder
                                .header(reqwest::header::AUTHORIZATION, bearer.header.clone());
                        }
                    }
                    _ => {}
                }
            }
        }
        if !query.is_empty() {
            builder = builder.query(&query);
        }
        for (name, value) in &request.headers {
            builder = builder.header(name.as_ref(), value);
        }
        for (name, value) in &options.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(key) = &options.idempotency_key {
            builder = builder.header("idempotency-key", key.as_str());
        }
        if !cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, cookies.join("; "));
        }
        if let Some((content_type, body)) = &request.body {
            builder = builder.header(reqwest::header::CONTENT_TYPE, content_type.as_ref());
            if let Some(body) = body.for_attempt() {
                builder = builder.body(body);
            }
        }
        let has_accept = request
            .headers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case("accept"));
        if !has_accept {
            builder = builder.header(reqwest::header::ACCEPT, request.accept);
        }
        let info = AttemptInfo {
            operation_id: request.operation_id,
            attempt,
        };
        if stream {
            // The HTTP client's timeout would cut the body; the head gets the attempt timeout
            // here, the body the stall timeout as it streams.
            builder = builder.timeout(STREAMED_BODY_LIMIT);
        }
        // reqwest's pending request is boxed and small: held, not nested, so this state
        // machine stays small.
        let mut built = match builder.build() {
            Ok(built) => built,
            Err(e) => return Attempt::Failed(e),
        };
        for interceptor in &inner.interceptors.0 {
            interceptor.before_send(info, &mut built);
        }
        let pending = inner.http.execute(built);
        let sent = match (stream, inner.attempt_timeout) {
            (true, Some(limit)) => match tokio::time::timeout(limit, pending).await {
                Ok(sent) => sent,
                Err(_) => return Attempt::HeadTimeout,
            },
            _ => pending.await,
        };
        let mut response = match sent {
            Ok(response) => response,
            Err(e) => return Attempt::Failed(e),
        };
        let status = response.status();
        for interceptor in &inner.interceptors.0 {
            interceptor.after_response(info, status, response.headers());
        }
        if stream && status.is_success() {
            let headers = std::mem::take(response.headers_mut());
            return Attempt::Streaming {
                status,
                headers,
                response,
            };
        }
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
                    body,
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
                        body: body.into(),
                    };
                }
                Err(e) => return Attempt::Failed(e),
            }
        }
    }
}

/// How long a streamed answer may take in all (the HTTP client's own limit, which cannot be
/// turned off for one request): stalls end it long before.
const STREAMED_BODY_LIMIT: std::time::Duration = std::time::Duration::from_secs(7 * 24 * 3600);

/// Refuses a path with a `.` or `..` segment. Parameters are checked one by one; this also
/// catches a dot segment made from a parameter and the template text around it.
pub(super) fn check_path(path: &str) -> Result<(), InvalidRequest> {
    // Most paths hold no dot at all: one scan of the bytes.
    if !path.as_bytes().contains(&b'.') {
        return Ok(());
    }
    if path
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        return Err(InvalidRequest {
            parameter: "path",
            reason: "the path would contain a `.` or `..` segment",
        });
    }
    Ok(())
}

/// Refuses a header name or value that HTTP cannot carry (a line break, say) before anything
/// is sent, naming the parameter.
pub(super) fn check_headers(headers: &[(Cow<'static, str>, String)]) -> Result<(), InvalidRequest> {
    for (name, value) in headers {
        let parameter = match name {
            Cow::Borrowed(name) => name,
            Cow::Owned(_) => "header",
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
