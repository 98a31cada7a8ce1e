//! The crate root (docs and lints) and the `client` module: the servers, the constructors of
//! `Client`, the credential setter of its builder, and one method per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_examples;
use super::rust::{argument, doc_literal, docs, inner_docs, tokens_text};
use crate::model::{
    Api, KeyLocation, OAuthFlowKind, Operation, ResponseSet, SchemeKind, SecuritySchemeDef,
};
use crate::names::ident;

/// The docs and lints of the crate root; `lib` is the crate's name in Rust paths.
pub fn crate_root(api: &Api, lib: &str) -> TokenStream {
    let mut doc = format!("Client for {} (API version {}).", api.title, api.version);
    if let Some(description) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(description.trim());
    }
    let doc = inner_docs(&doc);
    let mut example = doc_examples::crate_example(api, lib);
    example.extend(authentication_doc(api));
    let example = (!example.is_empty()).then(|| quote!(#![doc = ""] #(#![doc = #example])*));
    quote! {
        #doc
        #example
        #![forbid(unsafe_code)]
        #![cfg_attr(docsrs, feature(doc_cfg))]
    }
}

/// The crate docs' "Authentication" section: each scheme, its setter and what it takes.
fn authentication_doc(api: &Api) -> Vec<String> {
    if api.security_schemes.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        " # Authentication".to_owned(),
        String::new(),
        " Credentials are set on the [`ClientBuilder`], one setter per security scheme of the spec."
            .to_owned(),
        " Each request sends the first combination its operation accepts whose credentials are all"
            .to_owned(),
        " set; when none is, the call fails with `Error::MissingCredential` before anything is sent."
            .to_owned(),
        String::new(),
    ];
    for scheme in &api.security_schemes {
        let what = match &scheme.kind {
            SchemeKind::ApiKey { location, name } => format!(
                "an API key in the `{name}` {}",
                match location {
                    KeyLocation::Header => "header",
                    KeyLocation::Query => "query parameter",
                    KeyLocation::Cookie => "cookie",
                }
            ),
            SchemeKind::Basic => "a user name and password (HTTP Basic)".to_owned(),
            SchemeKind::Bearer { .. } => "a bearer token".to_owned(),
            SchemeKind::Http { scheme } => format!("an `Authorization: {scheme}` credential"),
            SchemeKind::OAuth2(_) => "OAuth 2.0 access tokens: a fixed token, \
                `ClientCredentials::new(id, secret)`, `RefreshToken::new(id, refresh_token)` or \
                `TokenSource::provider(..)`"
                .to_owned(),
            SchemeKind::OpenIdConnect { .. } => {
                "OpenID Connect access tokens, as for OAuth 2.0".to_owned()
            }
            SchemeKind::MutualTls => "a client certificate (PEM)".to_owned(),
        };
        lines.push(format!(
            " - `{}`: [`ClientBuilder::{}`], {what}",
            scheme.name,
            ident(&scheme.setter)
        ));
    }
    lines
}

/// The docs and lints at the top of the `client` module.
pub fn head() -> TokenStream {
    quote! {
        //! Constructors, servers and one method per operation.
        #![allow(deprecated, reason = "deprecated operations and schemas are still generated")]
        #![allow(clippy::type_complexity, reason = "the shapes are the spec's")]
    }
}

/// What the `client` module and its parts name the crate's other modules by.
pub fn imports() -> TokenStream {
    quote! {
        use super::runtime::{Client, ClientBuilder};
        #[allow(unused_imports, reason = "an API's methods may not name them all")]
        use super::{operations, runtime, types};
    }
}

/// How many operations one `impl Client` block holds: large APIs are formatted a block at a
/// time, in parallel, and the grouping is the same however the crate is rendered (the layout
/// formats this many items at a time).
pub const METHODS_PER_BLOCK: usize = 32;

/// The methods of operations `operations` (indices), in `impl Client` blocks of
/// [`METHODS_PER_BLOCK`]. `lib` is the crate's name in Rust paths (for the examples in the
/// docs).
pub fn items(api: &Api, lib: &str, operations: &[usize]) -> TokenStream {
    operations
        .chunks(METHODS_PER_BLOCK)
        .map(|block| {
            let methods = block
                .iter()
                .map(|&i| client_method(&api.operations[i], api, lib));
            quote! {
                impl Client {
                    #(#methods)*
                }
            }
        })
        .collect()
}

/// What a part of the `client` module starts with: the module's imports in scope.
pub fn part_head() -> TokenStream {
    quote!(
        use super::*;
    )
}

/// The servers, `Client::new` and `Client::builder`, and the builder's credential setter.
pub fn constructors(api: &Api) -> TokenStream {
    let servers = api.servers.iter().map(|s| {
        let name = format_ident!("{}", s.const_name);
        let url = &s.url;
        let relative = match s.is_relative() {
            true => " A path: the client's `host` gives the rest.",
            false => "",
        };
        let doc = docs(Some(&match &s.description {
            Some(description) => format!("{description}: `{url}`.{relative}"),
            None => format!("`{url}`.{relative}"),
        }));
        quote!(#doc pub const #name: &str = #url;)
    });
    let operation_servers = api.operation_servers.iter().map(|s| {
        let name = format_ident!("{}", s.const_name);
        let url = &s.url;
        let users: Vec<String> = api
            .operations
            .iter()
            .filter(|op| op.server.as_deref() == Some(&s.const_name))
            .map(|op| format!("`{}`", op.method_name.trim_start_matches("r#")))
            .collect();
        let place = match s.is_relative() {
            true => format!("`{url}`, relative to the base URL"),
            false => format!("`{url}`"),
        };
        let text = match &s.description {
            Some(description) => format!("{description}: {place}."),
            None => format!("{place}."),
        };
        let text = format!(
            "{text} The server of {} (`ClientBuilder::server_url` can replace it).",
            users.join(", ")
        );
        let doc = docs(Some(&text));
        quote!(#doc pub const #name: &str = #url;)
    });
    let used_servers: Vec<_> = api
        .servers_of_operations()
        .iter()
        .map(|s| format_ident!("{}", s.const_name))
        .collect();
    let with_servers = (!used_servers.is_empty())
        .then(|| quote!(.operation_servers(&[#(servers::#used_servers),*])));
    let relative_default = api.servers.first().is_some_and(|s| s.is_relative());
    let default_server = match api.servers.first() {
        Some(s) => {
            let name = format_ident!("{}", s.const_name);
            quote!(Some(servers::#name))
        }
        None => quote!(None),
    };
    let default_doc = match api.servers.first() {
        Some(s) if s.is_relative() => format!(
            " A client for the spec's server `{}` on `host` (the spec gives only the path), e.g. `https://api.example.com`.",
            s.url
        ),
        Some(s) => format!(" A client for the default server (`{}`).", s.url),
        None => " A client; the spec names no server, so set one with `base_url` on the builder."
            .to_owned(),
    };
    let schemes = scheme_table(api);
    let setters = api.security_schemes.iter().map(setter);
    let new_fn = match api.security_schemes.as_slice() {
        [only] => {
            let name = ident(&only.setter);
            let (params, args) = setter_params(&only.kind);
            let (host_param, host) = host_param(relative_default);
            quote! {
                #[doc = #default_doc]
                pub fn new(#host_param #params) -> Result<Self, runtime::BuildError> {
                    Self::builder()#host.#name(#(#args),*).build()
                }
            }
        }
        _ => {
            let doc = match api.security_schemes.is_empty() {
                true => default_doc,
                false => format!(
                    "{default_doc} It has no credentials: set them on the builder (`Client::builder()`)."
                ),
            };
            let (host_param, host) = host_param(relative_default);
            quote! {
                #[doc = #doc]
                pub fn new(#host_param) -> Result<Self, runtime::BuildError> {
                    Self::builder()#host.build()
                }
            }
        }
    };
    let setters = (!api.security_schemes.is_empty()).then(|| {
        quote! {
            impl ClientBuilder {
                #(#setters)*
            }
        }
    });
    quote! {
        #[doc = " The servers the spec names."]
        pub mod servers {
            #(#servers)*
            #(#operation_servers)*
        }

        #schemes

        impl Client {
            #new_fn

            #[doc = " A builder to choose the server, credentials, timeouts, retries and more."]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::with_defaults(#default_server, SECURITY_SCHEMES)#with_servers
            }
        }

        #setters
    }
}

/// `Client::new`'s `host` parameter and the builder call that sets it, when the default server
/// is only a path.
fn host_param(relative_default: bool) -> (Option<TokenStream>, Option<TokenStream>) {
    match relative_default {
        true => (
            Some(quote!(host: impl Into<String>,)),
            Some(quote!(.host(host))),
        ),
        false => (None, None),
    }
}

/// `SECURITY_SCHEMES`: every scheme's name and how it is sent, as the runtime reads them.
fn scheme_table(api: &Api) -> TokenStream {
    let entries = api.security_schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SchemeKind::ApiKey { location, name } => match location {
                KeyLocation::Header => quote!(Header(#name)),
                KeyLocation::Query => quote!(Query(#name)),
                KeyLocation::Cookie => quote!(Cookie(#name)),
            },
            SchemeKind::Basic => quote!(Basic),
            SchemeKind::Bearer { .. } => quote!(Bearer),
            SchemeKind::Http { scheme } => quote!(Http(#scheme)),
            SchemeKind::OAuth2(oauth) => {
                let option = |url: Option<&str>| match url {
                    Some(url) => quote!(Some(#url)),
                    None => quote!(None),
                };
                let client_credentials =
                    option(oauth.token_url(&[OAuthFlowKind::ClientCredentials]));
                let token = option(
                    oauth.token_url(&[OAuthFlowKind::AuthorizationCode, OAuthFlowKind::Password]),
                );
                let refresh = option(oauth.refresh_url());
                let scopes = &oauth.requested_scopes;
                quote! {
                    OAuth2(runtime::OAuthEndpoints {
                        client_credentials_url: #client_credentials,
                        token_url: #token,
                        refresh_url: #refresh,
                        scopes: &[#(#scopes),*],
                    })
                }
            }
            SchemeKind::OpenIdConnect { url } => quote!(OpenIdConnect(#url)),
            SchemeKind::MutualTls => quote!(MutualTls),
        };
        quote! {
            runtime::SecurityScheme {
                name: #name,
                kind: runtime::AuthScheme::#kind,
            }
        }
    });
    quote! {
        #[doc = " The API's security schemes: each one's name in the spec and how it is sent."]
        const SECURITY_SCHEMES: &[runtime::SecurityScheme] = &[#(#entries),*];
    }
}

/// The parameters of a scheme's setter (and of `Client::new` when it is the only one), and
/// their names.
fn setter_params(kind: &SchemeKind) -> (TokenStream, Vec<proc_macro2::Ident>) {
    let (params, names): (TokenStream, &[&str]) = match kind {
        SchemeKind::ApiKey { .. } => (quote!(api_key: impl Into<String>), &["api_key"]),
        SchemeKind::Bearer { .. } => (quote!(token: impl Into<String>), &["token"]),
        SchemeKind::Http { .. } => (quote!(credential: impl Into<String>), &["credential"]),
        SchemeKind::Basic => (
            quote!(username: impl Into<String>, password: impl Into<String>),
            &["username", "password"],
        ),
        SchemeKind::OAuth2(_) | SchemeKind::OpenIdConnect { .. } => {
            (quote!(tokens: impl Into<runtime::TokenSource>), &["tokens"])
        }
        SchemeKind::MutualTls => (quote!(pem: impl Into<Vec<u8>>), &["pem"]),
    };
    (params, names.iter().map(|n| format_ident!("{n}")).collect())
}

/// The builder method that sets one scheme's credential.
fn setter(scheme: &SecuritySchemeDef) -> TokenStream {
    let method = ident(&scheme.setter);
    let name = &scheme.name;
    let (params, _) = setter_params(&scheme.kind);
    let body = match &scheme.kind {
        SchemeKind::ApiKey { .. } => quote!(self.secret(#name, api_key.into())),
        SchemeKind::Bearer { .. } => quote!(self.secret(#name, token.into())),
        SchemeKind::Http { .. } => quote!(self.secret(#name, credential.into())),
        SchemeKind::Basic => {
            quote!(self.secret(#name, format!("{}:{}", username.into(), password.into())))
        }
        SchemeKind::OAuth2(_) | SchemeKind::OpenIdConnect { .. } => {
            quote!(self.token_source(#name, tokens.into()))
        }
        SchemeKind::MutualTls => quote!(self.certificate(#name, pem.into())),
    };
    let doc = credential_doc(scheme);
    quote! {
        #doc
        pub fn #method(self, #params) -> Self {
            #body
        }
    }
}

/// The docs of a credential setter: the scheme's description, where the credential goes, and
/// for OAuth 2.0 its flows and where tokens can come from.
fn credential_doc(scheme: &SecuritySchemeDef) -> TokenStream {
    let mut text = String::new();
    if let Some(description) = &scheme.description {
        text.push_str(description.trim());
        text.push_str("\n\n");
    }
    let name = &scheme.name;
    let sent = match &scheme.kind {
        SchemeKind::ApiKey { location, name } => {
            let place = match location {
                KeyLocation::Header => "header",
                KeyLocation::Query => "query parameter (kept out of errors and logs)",
                KeyLocation::Cookie => "cookie",
            };
            format!("an API key, sent in the `{name}` {place}")
        }
        SchemeKind::Bearer { format } => match format {
            Some(format) => {
                format!("a token ({format}), sent as `Authorization: Bearer <token>`")
            }
            None => "a token, sent as `Authorization: Bearer <token>`".to_owned(),
        },
        SchemeKind::Http { scheme } => {
            format!("a credential, sent as `Authorization: {scheme} <credential>`")
        }
        SchemeKind::Basic => {
            "a user name and password, sent as HTTP Basic credentials (`Authorization: Basic`)"
                .to_owned()
        }
        SchemeKind::OAuth2(_) | SchemeKind::OpenIdConnect { .. } => {
            "where its access tokens come from: a fixed token (a string), `ClientCredentials` (the \
             client-credentials grant), `RefreshToken` (the refresh-token grant), or your own \
             `TokenSource::provider`. Each request carries `Authorization: Bearer <token>`; \
             tokens from a grant or provider are renewed shortly before they expire, one renewal \
             at a time, and once more when the API answers 401"
                .to_owned()
        }
        SchemeKind::MutualTls => {
            "a client certificate (PEM text of the certificate chain and its private key), \
             presented when the TLS connection is made"
                .to_owned()
        }
    };
    text.push_str(&format!(
        "Sets the credential of security scheme `{name}`: {sent}."
    ));
    match &scheme.kind {
        SchemeKind::OAuth2(oauth) => {
            if !oauth.flows.is_empty() {
                text.push_str("\n\nThe flows the spec declares:\n");
            }
            for flow in &oauth.flows {
                let mut parts = Vec::new();
                if let Some(url) = &flow.authorization_url {
                    parts.push(format!("authorization URL `{url}`"));
                }
                if let Some(url) = &flow.token_url {
                    parts.push(format!("token URL `{url}`"));
                }
                if let Some(url) = &flow.refresh_url {
                    parts.push(format!("refresh URL `{url}`"));
                }
                text.push_str(&format!(
                    "\n- the {} flow: {}",
                    flow.kind.describe(),
                    parts.join(", ")
                ));
            }
            if !oauth.requested_scopes.is_empty() {
                text.push_str(&format!(
                    "\n\nScopes the operations ask for (what `ClientCredentials` requests unless told otherwise): `{}`.",
                    oauth.requested_scopes.join("`, `")
                ));
            }
        }
        SchemeKind::OpenIdConnect { url } => {
            text.push_str(&format!(
                "\n\nThe grants find the token endpoint in the discovery document `{url}`."
            ));
        }
        _ => {}
    }
    docs(Some(&text))
}

/// `Client::op(&self, required...) -> operations::Op<'_>`.
fn client_method(op: &Operation, api: &Api, lib: &str) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let required: Vec<_> = op.inputs.iter().filter(|input| input.required).collect();
    let args = required.iter().map(|input| {
        let name = ident(&input.rust_name);
        let (ty, _) = argument(&input.ty);
        quote!(#name: #ty)
    });
    let values = required.iter().map(|input| {
        let name = ident(&input.rust_name);
        match argument(&input.ty) {
            (_, true) => quote!(#name.into()),
            (_, false) => quote!(#name),
        }
    });
    let doc = operation_doc(op, api);
    let example = doc_examples::operation_example(op, lib);
    let example = example.iter().map(|line| doc_literal(line));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let too_many = op
        .allow
        .many_arguments
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #doc
        #[doc = ""]
        #[doc = " # Example"]
        #[doc = ""]
        #(#[doc = #example])*
        #deprecated
        #too_many
        pub fn #method(&self, #(#args),*) -> operations::#builder<'_> {
            operations::#builder::new(self, #(#values),*)
        }
    }
}

/// `text` without the `runtime::` its paths to the runtime start with (the crate root
/// re-exports the runtime's public items); a segment merely ending in `runtime` stays.
fn without_runtime_paths(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut kept = 0;
    for (at, prefix) in text.match_indices("runtime::") {
        let starts_path = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':'));
        if starts_path {
            out.push_str(&text[kept..at]);
            kept = at + prefix.len();
        }
    }
    out.push_str(&text[kept..]);
    out
}

/// What awaiting an operation's request gives, as its user writes it:
/// `Result<types::Order, Error<types::ErrorResponse>>` (`Error` alone when the body is the
/// crate's default error body).
fn result_text(op: &Operation, api: &Api) -> String {
    let text = |set: &ResponseSet| {
        without_runtime_paths(&tokens_text(&super::responses::decoded_type(set)))
    };
    let error = match (&op.error, &api.common_error) {
        (ResponseSet::Single { body, .. }, Some(common)) if body == common => "Error".to_owned(),
        (set, _) => format!("Error<{}>", text(set)),
    };
    format!("Result<{}, {error}>", text(&op.success))
}

/// What credentials an operation sends, for its docs ("Credentials: `oauth`, or `api_key`.");
/// `None` when the API has no security schemes.
fn credentials_text(op: &Operation, api: &Api) -> Option<String> {
    if api.security_schemes.is_empty() {
        return None;
    }
    if !op.security.needs_credential() {
        return Some("Sends no credential.".to_owned());
    }
    let options: Vec<String> = op
        .security
        .alternatives
        .iter()
        .map(|names| match names.is_empty() {
            true => "none".to_owned(),
            false => names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(" and "),
        })
        .collect();
    Some(format!("Credentials: {}.", options.join(", or ")))
}

fn operation_doc(op: &Operation, api: &Api) -> TokenStream {
    let mut text = String::new();
    for part in [&op.summary, &op.description].into_iter().flatten() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(part.trim());
    }
    text.push_str(&format!(
        "\n\nAwaiting the request (or its `send()`) gives `{}`.",
        result_text(op, api)
    ));
    if let Some(needs) = credentials_text(op, api) {
        text.push_str("\n\n");
        text.push_str(&needs);
    }
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.http_method.as_str(),
        op.path_template,
        op.operation_id
    ));
    docs(Some(&text))
}

#[cfg(test)]
mod tests {
    use super::without_runtime_paths;

    #[test]
    fn only_paths_that_start_at_the_runtime_lose_it() {
        assert_eq!(
            without_runtime_paths("runtime::JsonLines<types::Item>"),
            "JsonLines<types::Item>"
        );
        assert_eq!(
            without_runtime_paths("Vec<runtime::FilePart>, runtime::Related"),
            "Vec<FilePart>, Related"
        );
        assert_eq!(
            without_runtime_paths("my_runtime::Thing<tokio::runtime::Handle>"),
            "my_runtime::Thing<tokio::runtime::Handle>"
        );
    }
}
