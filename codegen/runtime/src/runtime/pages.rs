//! Pagination: the pages of an operation that answers a page at a time, as a `Stream`, each
//! next request made from the page before (a next-page URL from the body or a `Link` header, or
//! a page token sent back as a query parameter), and the items of those pages.

use std::borrow::Cow;

use futures_util::stream::{self, BoxStream, StreamExt};

use super::client::Client;
use super::decode::DecodeFailure;
use super::error::{Error, InvalidRequest};
use super::options::RequestOptions;
use super::response::ApiResponse;
use super::send::Request;

/// The pages or the items of a paged call, as they arrive: boxed once, here, for the reason
/// [`CallFuture`](super::client::CallFuture) is.
pub type CallStream<'a, T, E> = BoxStream<'a, Result<T, Error<E>>>;

/// Where the page after an answer is, as the operation's paging says.
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq)]
pub enum NextPage {
    /// A URL (absolute, or a path on the client's server): requested with `GET`, its query as
    /// written, the first request's headers kept.
    Url(String),
    /// The first request again, with the query parameter `name` set to `value`.
    Query { name: &'static str, value: String },
}

/// The URL of the `rel="next"` link of a `Link` header (RFC 8288), if there is one.
#[doc(hidden)]
pub fn link_next(answer: &ApiResponse<impl Sized>) -> Option<NextPage> {
    for value in answer.headers.get_all(reqwest::header::LINK) {
        let Ok(value) = value.to_str() else { continue };
        for link in value.split(',') {
            let Some((target, params)) = link.trim().split_once(';') else {
                continue;
            };
            let is_next = params.split(';').any(|param| {
                let Some((key, rel)) = param.split_once('=') else {
                    return false;
                };
                key.trim().eq_ignore_ascii_case("rel")
                    && rel
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
            });
            let target = target.trim();
            if is_next && target.starts_with('<') && target.ends_with('>') {
                return Some(NextPage::Url(target[1..target.len() - 1].to_owned()));
            }
        }
    }
    None
}

/// A next-page URL or token from a body field: none when missing or empty.
#[doc(hidden)]
pub fn next_from(value: Option<&str>, page: fn(String) -> NextPage) -> Option<NextPage> {
    value.filter(|v| !v.is_empty()).map(|v| page(v.to_owned()))
}

/// Why the next page cannot be requested.
fn refused(reason: &'static str) -> InvalidRequest {
    InvalidRequest {
        parameter: "next page",
        reason,
    }
}

/// The request for `next` after `previous`, or why there is none (a URL that leaves the
/// client's server: credentials never go elsewhere).
fn next_request(
    client: &Client,
    previous: &Request,
    next: NextPage,
) -> Result<Request, InvalidRequest> {
    let mut request = previous.clone();
    match next {
        NextPage::Query { name, value } => {
            request.query.retain(|(key, _)| key != name);
            request.query.push((Cow::Borrowed(name), value));
        }
        NextPage::Url(url) => {
            let server = client.base_url();
            let origin_end = server
                .find("://")
                .and_then(|i| server[i + 3..].find('/').map(|j| i + 3 + j))
                .unwrap_or(server.len());
            let (origin, base_path) = server.split_at(origin_end);
            let rest = match url.strip_prefix(server) {
                Some(rest) if rest.is_empty() || rest.starts_with(['/', '?']) => rest,
                Some(_) => {
                    return Err(refused("the next page's URL is not on the client's server"));
                }
                None if url.starts_with('/') => url.strip_prefix(base_path).unwrap_or(&url),
                None => match url.strip_prefix(origin) {
                    Some(rest) if rest.starts_with('/') || rest.is_empty() => {
                        rest.strip_prefix(base_path).unwrap_or(rest)
                    }
                    _ => return Err(refused("the next page's URL is not on the client's server")),
                },
            };
            let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
            request.path = if path.starts_with('/') || path.is_empty() {
                path.to_owned().into()
            } else {
                format!("/{path}").into()
            };
            request.query = query
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (Cow::Owned(form_decode(key)), form_decode(value))
                })
                .collect();
            request.method = reqwest::Method::GET;
            request.body = None;
        }
    }
    Ok(request)
}

/// A query component decoded as a form does: `+` is a space, `%XX` a byte.
fn form_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How a page's body becomes its success value, and an error body the operation's error.
type Decoders<T, E> = (
    fn(u16, &[u8]) -> Result<T, DecodeFailure>,
    fn(u16, &[u8]) -> Option<E>,
);

/// What the pager holds between pages.
struct Pager<'a, T, E> {
    client: &'a Client,
    next: Option<Result<Request, InvalidRequest>>,
    options: RequestOptions,
    decoders: Decoders<T, E>,
    next_page: fn(&ApiResponse<T>) -> Option<NextPage>,
    /// The pages requested so far, to stop where a server points back at one.
    seen: Vec<NextPage>,
}

impl Client {
    /// Every page from the first request on, until a page names no next one (or names one
    /// already requested). A failed page is the stream's last item.
    #[doc(hidden)]
    pub fn pages<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        first: Result<Request, InvalidRequest>,
        options: RequestOptions,
        decoders: Decoders<T, E>,
        next_page: fn(&ApiResponse<T>) -> Option<NextPage>,
    ) -> CallStream<'a, T, E> {
        let pager = Pager {
            client: self,
            next: Some(first),
            options,
            decoders,
            next_page,
            seen: Vec::new(),
        };
        stream::unfold(pager, |mut pager| async move {
            let request = match pager.next.take()? {
                Ok(request) => request,
                Err(e) => return Some((Err(Error::InvalidRequest(e)), pager)),
            };
            let answer = pager
                .client
                .decoded(
                    Ok(request.clone()),
                    pager.options.clone(),
                    pager.decoders,
                    super::client::answer,
                )
                .await;
            let answer = match answer {
                Ok(answer) => answer,
                Err(e) => return Some((Err(e), pager)),
            };
            if let Some(next) = (pager.next_page)(&answer)
                && !pager.seen.contains(&next)
            {
                pager.seen.push(next.clone());
                pager.next = Some(next_request(pager.client, &request, next));
            }
            Some((Ok(answer.body), pager))
        })
        .boxed()
    }
}

/// The items of `pages`, page after page; a failed page is the last item.
#[doc(hidden)]
pub fn items_of<'a, T: 'a, I: Send + 'a, E: Send + 'a>(
    pages: CallStream<'a, T, E>,
    items: fn(T) -> Vec<I>,
) -> CallStream<'a, I, E> {
    pages
        .flat_map(move |page| {
            let items: Vec<Result<I, Error<E>>> = match page {
                Ok(page) => items(page).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::super::response::{ApiResponse, ResponseHeaders};
    use super::{NextPage, form_decode, link_next};

    #[test]
    fn the_next_link_of_a_link_header() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::LINK,
            "<https://api.github.com/repos?page=1>; rel=\"prev\", <https://api.github.com/repos?page=3>; rel=\"next\", <https://api.github.com/repos?page=9>; rel=\"last\""
                .parse()
                .expect("value"),
        );
        let answer = ApiResponse {
            status: reqwest::StatusCode::OK,
            headers: ResponseHeaders::new(headers),
            body: (),
        };
        assert_eq!(
            link_next(&answer),
            Some(NextPage::Url("https://api.github.com/repos?page=3".into()))
        );
        assert_eq!(form_decode("a+b%2Bc%20d"), "a b+c d");
    }
}
