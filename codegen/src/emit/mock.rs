//! The `mock` module (cargo feature `mock`): a test double of the API on a real loopback server
//! (wiremock) for users' own tests. `MockApi` starts the server and hands out clients for it;
//! one helper per operation matches its method and path (the path parameters encoded as the
//! client encodes them) and answers with a typed value, an error body, a bare status, after a
//! delay, a number of times.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::requests::path_inputs;
use super::rust::types_path;
use super::rust::{argument, response_type, rust_type, stored};
use crate::model::{
    Api, Operation, ResponseBody, ResponseSet, SchemeKind, SecuritySchemeDef, ServerDef,
};
use crate::names::ident;

/// The docs and lints at the top of the `mock` module.
pub fn head() -> TokenStream {
    quote! {
        //! A mock of the API on a loopback server, for tests of code built on this client
        //! (cargo feature `mock`). Start one with [`MockApi::start`], get a client for it with
        //! [`MockApi::client`], and say how each operation answers:
        //!
        //! ```text
        //! mock.some_operation(args).respond(&value).await;      // the first success status
        //! mock.some_operation(args).times(1).respond_status(429).await;
        //! mock.some_operation(args).respond_error(404, &body).await;
        //! ```
        #![allow(deprecated, reason = "deprecated operations and schemas are still generated")]
        #![allow(clippy::type_complexity, reason = "the shapes are the spec's")]
    }
}

/// What the `mock` module and its parts name the crate's other modules by.
pub fn imports() -> TokenStream {
    quote! {
        #[allow(unused_imports, reason = "an API's helpers may not name them all")]
        use super::{operations, runtime, servers, types, Client, ClientBuilder};
    }
}

/// What every mock has: `MockApi`, `MockOperation`.
pub fn leading(api: &Api) -> TokenStream {
    shared(&api.security_schemes, &api.servers_of_operations())
}

/// The helpers of operations `operations` (indices).
pub fn items(api: &Api, operations: &[usize]) -> TokenStream {
    operations
        .iter()
        .map(|&i| helper(&api.operations[i]))
        .collect()
}

/// What a part of the `mock` module starts with: the module's imports, `MockApi` and
/// `MockOperation` in scope.
pub fn part_head() -> TokenStream {
    quote!(
        use super::*;
    )
}

/// The builder calls that give a client `mock-<scheme name>` for each scheme (HTTP Basic: user
/// `mock` and that password). A loopback server cannot check a client certificate, so with a
/// mutual-TLS scheme the client sends without it.
pub(super) fn mock_credentials(schemes: &[SecuritySchemeDef]) -> TokenStream {
    let setters = schemes.iter().map(|scheme| {
        let setter = ident(&scheme.setter);
        let value = format!("mock-{}", scheme.name);
        match scheme.kind {
            SchemeKind::Basic => quote!(.#setter("mock", #value)),
            SchemeKind::MutualTls => quote!(),
            _ => quote!(.#setter(#value)),
        }
    });
    let without_certificate = schemes
        .iter()
        .any(|s| s.kind == SchemeKind::MutualTls)
        .then(|| quote!(.send_without_credential(true)));
    quote!(#(#setters)* #without_certificate)
}

/// `MockApi` and `MockOperation`: the parts every spec's mock has; its clients hold a
/// credential for each of `schemes` and send the operations of `servers` (constants of the
/// servers some operations name) to the mock too.
pub(super) fn shared(schemes: &[SecuritySchemeDef], servers: &[&ServerDef]) -> TokenStream {
    let servers = servers.iter().map(|server| {
        let name = quote::format_ident!("{}", server.const_name);
        quote!(.server_url(servers::#name, self.server.uri()))
    });
    let credentials = mock_credentials(schemes);
    quote! {
        /// A mock server of the API on loopback.
        pub struct MockApi {
            server: ::wiremock::MockServer,
        }

        impl MockApi {
            /// Starts a mock server on a free loopback port.
            pub async fn start() -> Self {
                MockApi { server: ::wiremock::MockServer::start().await }
            }

            /// The server's base URL (`http://127.0.0.1:<port>`).
            pub fn uri(&self) -> String {
                self.server.uri()
            }

            /// The underlying wiremock server: received requests, custom matchers.
            pub fn server(&self) -> &::wiremock::MockServer {
                &self.server
            }

            /// A builder for a client of this server: plain HTTP allowed, and a credential for
            /// every security scheme, `mock-<scheme name>` (for HTTP Basic, user `mock` and that
            /// password), so a test can tell which one arrived. Set a retry policy or timeouts,
            /// or other credentials, then `build`.
            pub fn client_builder(&self) -> ClientBuilder {
                Client::builder()
                    .base_url(self.server.uri())
                    .allow_insecure_http(true)
                    #(#servers)*
                    #credentials
            }

            /// Answers OAuth 2.0 token requests (`POST /mock-oauth/token`) with `access_token`,
            /// valid for an hour, and gives the endpoint's URL: set it as the `token_url` of a
            /// `ClientCredentials` or `RefreshToken` grant to test code that fetches tokens.
            pub async fn mount_token_endpoint(&self, access_token: &str) -> String {
                ::wiremock::Mock::given(::wiremock::matchers::method("POST"))
                    .and(::wiremock::matchers::path("/mock-oauth/token"))
                    .respond_with(::wiremock::ResponseTemplate::new(200).set_body_raw(
                        format!(
                            r#"{{"access_token":{},"token_type":"Bearer","expires_in":3600}}"#,
                            ::serde_json::Value::from(access_token)
                        ),
                        "application/json",
                    ))
                    .mount(&self.server)
                    .await;
                format!("{}/mock-oauth/token", self.server.uri())
            }

            /// A client of this server.
            pub fn client(&self) -> Client {
                match self.client_builder().build() {
                    Ok(client) => client,
                    Err(e) => panic!("the mock client does not build: {e}"),
                }
            }
        }

        /// How one operation of a [`MockApi`] answers; `T` is its success body, `E` its error
        /// body. Nothing is mounted until one of the `respond` methods is awaited.
        #[must_use = "nothing is mounted until a `respond` method is awaited"]
        pub struct MockOperation<'a, T, E> {
            server: &'a ::wiremock::MockServer,
            method: &'static str,
            path: String,
            success: u16,
            query: Vec<(String, String)>,
            headers: Vec<(String, String)>,
            delay: Option<::std::time::Duration>,
            times: Option<u64>,
            bodies: ::std::marker::PhantomData<fn(&T, &E)>,
        }

        impl<'a, T: ::serde::Serialize, E: ::serde::Serialize> MockOperation<'a, T, E> {
            fn new(
                server: &'a ::wiremock::MockServer,
                method: &'static str,
                path: Result<String, runtime::InvalidRequest>,
                success: u16,
            ) -> Self {
                let path = match path {
                    Ok(path) => path,
                    Err(e) => panic!("the client would not send this request: {e}"),
                };
                MockOperation {
                    server,
                    method,
                    path,
                    success,
                    query: Vec::new(),
                    headers: Vec::new(),
                    delay: None,
                    times: None,
                    bodies: ::std::marker::PhantomData,
                }
            }

            /// Matches only requests with this query parameter.
            pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.query.push((name.into(), value.into()));
                self
            }

            /// Answers with this header too (a request id, a rate limit, an `ETag`).
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.headers.push((name.into(), value.into()));
                self
            }

            /// Answers only after `delay`.
            pub fn delay(mut self, delay: ::std::time::Duration) -> Self {
                self.delay = Some(delay);
                self
            }

            /// Answers only the first `times` matching requests; later ones fall through to
            /// what is mounted after.
            pub fn times(mut self, times: u64) -> Self {
                self.times = Some(times);
                self
            }

            /// Answers with the operation's first success status and `body` as JSON.
            pub async fn respond(self, body: &T) {
                let status = self.success;
                let template = ::wiremock::ResponseTemplate::new(status).set_body_json(body);
                self.mount(template).await;
            }

            /// Answers with the operation's first success status and `body`, JSON written as
            /// it is (`serde_json::json!({...})`): an answer without building the typed value, or
            /// one the types would not produce (a field this version does not know, say).
            pub async fn respond_json(self, body: ::serde_json::Value) {
                let status = self.success;
                let template = ::wiremock::ResponseTemplate::new(status).set_body_json(body);
                self.mount(template).await;
            }

            /// Answers with the operation's first success status and `bytes` as the body, of
            /// `content_type` (a download, say).
            pub async fn respond_bytes(self, content_type: &str, bytes: impl Into<Vec<u8>>) {
                let status = self.success;
                let template =
                    ::wiremock::ResponseTemplate::new(status).set_body_raw(bytes.into(), content_type);
                self.mount(template).await;
            }

            /// Answers with `events` as server-sent events (`text/event-stream`), each one
            /// `data:` line: its JSON, or a string as it is.
            pub async fn respond_events(self, events: &[T]) {
                let mut body = String::new();
                for event in events {
                    let data = match ::serde_json::to_value(event) {
                        Ok(::serde_json::Value::String(text)) => text,
                        Ok(value) => value.to_string(),
                        Err(e) => panic!("the event does not encode: {e}"),
                    };
                    for line in data.lines() {
                        body.push_str("data: ");
                        body.push_str(line);
                        body.push('\n');
                    }
                    body.push('\n');
                }
                let status = self.success;
                let template = ::wiremock::ResponseTemplate::new(status)
                    .set_body_raw(body.into_bytes(), "text/event-stream");
                self.mount(template).await;
            }

            /// Answers with `items` as JSON lines (`application/x-ndjson`).
            pub async fn respond_lines(self, items: &[T]) {
                let mut body = String::new();
                for item in items {
                    match ::serde_json::to_string(item) {
                        Ok(line) => body.push_str(&line),
                        Err(e) => panic!("the item does not encode: {e}"),
                    }
                    body.push('\n');
                }
                let status = self.success;
                let template = ::wiremock::ResponseTemplate::new(status)
                    .set_body_raw(body.into_bytes(), "application/x-ndjson");
                self.mount(template).await;
            }

            /// Answers with `status` and an error `body` as JSON.
            pub async fn respond_error(self, status: u16, body: &E) {
                let template = ::wiremock::ResponseTemplate::new(status).set_body_json(body);
                self.mount(template).await;
            }

            /// Answers with `status` and no body (e.g. 429 or 503, to exercise retries).
            pub async fn respond_status(self, status: u16) {
                self.mount(::wiremock::ResponseTemplate::new(status)).await;
            }

            async fn mount(self, template: ::wiremock::ResponseTemplate) {
                let mut template = match self.delay {
                    Some(delay) => template.set_delay(delay),
                    None => template,
                };
                for (name, value) in self.headers {
                    template = template.insert_header(name.as_str(), value.as_str());
                }
                let mut mock = ::wiremock::Mock::given(::wiremock::matchers::method(self.method))
                    .and(::wiremock::matchers::path(self.path));
                for (name, value) in self.query {
                    mock = mock.and(::wiremock::matchers::query_param(name, value));
                }
                let mock = mock.respond_with(template);
                let mock = match self.times {
                    Some(times) => mock.up_to_n_times(times),
                    None => mock,
                };
                mock.mount(self.server).await;
            }
        }
    }
}

/// `impl MockApi { fn op(&self, path params...) -> MockOperation<'_, T, E> }`.
fn helper(op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let http = op.http_method.as_str();
    let path_params = path_inputs(op);
    let names: Vec<_> = path_params
        .iter()
        .map(|input| ident(&input.rust_name))
        .collect();
    // Arguments are taken as the client takes them, references too (`impl Borrow`).
    let args = path_params
        .iter()
        .zip(&names)
        .map(|(input, name)| match argument(&input.ty) {
            (ty, true) => quote!(#name: #ty),
            (_, false) => {
                let ty = stored(&input.ty);
                quote!(#name: impl ::std::borrow::Borrow<#ty>)
            }
        });
    let values: Vec<TokenStream> = path_params
        .iter()
        .zip(&names)
        .map(|(input, name)| match argument(&input.ty) {
            (_, true) => {
                let ty = stored(&input.ty);
                quote!(&Into::<#ty>::into(#name))
            }
            (_, false) => quote!(::std::borrow::Borrow::borrow(&#name)),
        })
        .collect();
    let too_many = op
        .allow
        .many_mock_arguments
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let success_ty = body_type(&op.success);
    let success_status = op.success.answer_status();
    let error_ty = body_type(&op.error);
    let doc = format!(
        " Mocks [`Client::{name}`](Client::{name}): `{} {}`.",
        op.http_method.as_str(),
        op.path_template,
        name = op.method_name,
    );
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // Without path parameters the path is fixed text; with them, the builder encodes it.
    let path = if names.is_empty() {
        let template = &op.path_template;
        quote!(Ok(String::from(#template)))
    } else {
        let builder = format_ident!("{}", op.builder_name);
        quote!(operations::#builder::encode_path(#(#values),*))
    };
    quote! {
        impl MockApi {
            #[doc = #doc]
            #deprecated
            #too_many
            pub fn #method(&self, #(#args),*) -> MockOperation<'_, #success_ty, #error_ty> {
                MockOperation::new(&self.server, #http, #path, #success_status)
            }
        }
    }
}

/// The type a mock answers with on one side: the body type when there is one, `()` for none,
/// any JSON when it varies by status or is not JSON.
fn body_type(set: &ResponseSet) -> TokenStream {
    match set {
        ResponseSet::Single {
            body: body @ (ResponseBody::Json(_) | ResponseBody::Empty),
            ..
        } => response_type(body, &types_path()).unwrap_or_else(|| quote!(())),
        ResponseSet::Single {
            body: ResponseBody::EventStream(item) | ResponseBody::JsonLines(item),
            ..
        } => rust_type(item, &types_path()),
        ResponseSet::Single { .. } | ResponseSet::ByStatus { .. } => quote!(::serde_json::Value),
    }
}
