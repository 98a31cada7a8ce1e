//! The client runtime shared by every operation, one module per concern. Written once in the
//! generator and copied verbatim, as this folder, into each generated crate.
//!
//! ```text
//! config         ClientBuilder: settings, defaults, checks → Client
//! auth           security schemes, the credentials set for them, which ones a request sends
//!   oauth        OAuth 2.0 / OpenID Connect tokens: grants, user providers, the renewing cache
//! servers        the base URL, its host, and the servers operations name for themselves
//! builders       request_builder!: what every request builder shares (send, pages, await)
//! client         Client::execute: attempts under the retry policy → value or Error
//!   retry        RetryPolicy: which failures are retried, backoff, Retry-After
//!   send         one attempt: headers and cookies written, the body read within its limit
//!   options      RequestOptions: one call's time limit, retry policy, headers, idempotency key
//!   response     ApiResponse: the decoded body with status and headers; redacted headers
//!   pages        pagination: pages and items as streams, the next request from each page
//!   streams      bodies as byte streams (stall-protected), server-sent events, JSON lines
//!   hooks        interceptors: user code that sees each request and response head
//! params         path, query, header and cookie values in each OpenAPI style
//! bodies         JSON, URL-encoded and multipart request bodies
//! decode         response bodies into the declared types (with the path of a mismatch)
//! error          Error and its parts; error codes found in error bodies
//! types_support  open-enum macros, tagged unions, `null` as an empty list or map, Related
//! ```
//!
//! Every module's public items are re-exported here; what generated code calls but users need
//! not see is `#[doc(hidden)]`.

mod auth;
mod bodies;
mod builders;
mod client;
mod config;
mod decode;
mod error;
mod hooks;
mod oauth;
mod options;
mod pages;
mod params;
mod response;
mod retry;
mod send;
mod servers;
mod streams;
mod types_support;

pub use auth::*;
pub use bodies::*;
#[allow(unused_imports, reason = "generated `operations` modules invoke it")]
pub(crate) use builders::*;
pub use client::*;
pub use config::*;
pub use decode::*;
pub use error::*;
pub use hooks::*;
pub use oauth::*;
pub use options::*;
pub use pages::*;
pub use params::*;
pub use response::*;
pub use retry::*;
pub use send::*;
pub use streams::*;
pub use types_support::*;
