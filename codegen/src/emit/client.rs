//! The crate root (docs and lints) and the `client` module: the servers, the constructors of
//! `Client`, the credential setter of its builder, and one method per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::doc_examples;
use super::rust::{argument, cfg, docs, inner_docs, tokens_text};
use crate::model::{Api, Auth, KeyLocation, Operation, ResponseSet};
use crate::names::ident;

/// The docs and lints of the crate root; `lib` is the crate's name in Rust paths.
pub fn crate_root(api: &Api, lib: &str) -> TokenStream {
    let mut doc = format!("Client for {} (API version {}).", api.title, api.version);
    if let Some(description) = &api.description {
        doc.push_str("\n\n");
        doc.push_str(description.trim());
    }
    let doc = inner_docs(&doc);
    let example = doc_examples::crate_example(api, lib);
    let example = (!example.is_empty()).then(|| quote!(#![doc = ""] #(#![doc = #example])*));
    quote! {
        #doc
        #example
        #![forbid(unsafe_code)]
        #![cfg_attr(docsrs, feature(doc_cfg))]
    }
}

/// The docs and lints at the top of the `client` module.
pub fn head() -> TokenStream {
    quote! {
        //! Constructors, servers and one method per operation.
        #![allow(deprecated, reason = "deprecated operations and schemas are still generated")]
        #![allow(clippy::type_complexity, reason = "the shapes are the spec's")]

        use super::runtime::{Client, ClientBuilder};
    }
}

/// How many operations one `impl Client` block holds: large APIs are formatted a block at a
/// time, in parallel, and the grouping is the same however the crate is rendered.
const METHODS_PER_BLOCK: usize = 32;

/// How many items the `client` module has: the constructors, then the method blocks.
pub fn item_count(api: &Api) -> usize {
    1 + api.operations.len().div_ceil(METHODS_PER_BLOCK)
}

/// Items `range` of the `client` module: item `0` holds the servers and the constructors,
/// item `k + 1` the methods of operations `32k..32k + 32`. `lib` is the crate's name in Rust
/// paths (for the examples in the docs).
pub fn items(api: &Api, lib: &str, range: std::ops::Range<usize>) -> TokenStream {
    range
        .map(|i| match i.checked_sub(1) {
            None => constructors(api),
            Some(block) => {
                let start = block * METHODS_PER_BLOCK;
                let end = (start + METHODS_PER_BLOCK).min(api.operations.len());
                let methods = api.operations[start..end]
                    .iter()
                    .map(|op| client_method(op, api, lib));
                quote! {
                    impl Client {
                        #(#methods)*
                    }
                }
            }
        })
        .collect()
}

/// The servers, `Client::new` and `Client::builder`, and the builder's credential setter.
fn constructors(api: &Api) -> TokenStream {
    let servers = api.servers.iter().map(|s| {
        let name = format_ident!("{}", s.const_name);
        let url = &s.url;
        let doc = docs(Some(&match &s.description {
            Some(description) => format!("{description}: `{url}`."),
            None => format!("`{url}`."),
        }));
        quote!(#doc pub const #name: &str = #url;)
    });
    let default_server = match api.servers.first() {
        Some(s) => {
            let name = format_ident!("{}", s.const_name);
            quote!(Some(servers::#name))
        }
        None => quote!(None),
    };
    let default_doc = match api.servers.first() {
        Some(s) => format!(" A client for the default server (`{}`).", s.url),
        None => " A client; the spec names no server, so set one with `base_url` on the builder."
            .to_owned(),
    };
    let (scheme, credential) = match &api.auth {
        Some(Auth::ApiKey {
            location: KeyLocation::Header,
            name,
            description,
        }) => (
            quote!(super::runtime::AuthScheme::Header(#name)),
            Some((description.clone(), format!("the `{name}` header"))),
        ),
        Some(Auth::ApiKey {
            location: KeyLocation::Query,
            name,
            description,
        }) => (
            quote!(super::runtime::AuthScheme::Query(#name)),
            Some((description.clone(), format!("the `{name}` query parameter"))),
        ),
        Some(Auth::Bearer { description }) => (
            quote!(super::runtime::AuthScheme::Bearer),
            Some((
                description.clone(),
                "the `Authorization: Bearer` header".to_owned(),
            )),
        ),
        Some(Auth::Basic { .. }) => (quote!(super::runtime::AuthScheme::Basic), None),
        None => (quote!(super::runtime::AuthScheme::None), None),
    };
    let (new_fn, credential_fn) = match (credential, &api.auth) {
        (_, Some(auth @ Auth::Basic { description })) => {
            let setter = format_ident!("{}", auth.setter());
            let doc = credential_doc(
                description.as_deref(),
                "The user name and password",
                "as HTTP Basic credentials (`Authorization: Basic`)",
            );
            (
                quote! {
                    #[doc = #default_doc]
                    pub fn new(
                        username: impl Into<String>,
                        password: impl Into<String>,
                    ) -> Result<Self, super::runtime::BuildError> {
                        Self::builder().#setter(username, password).build()
                    }
                },
                quote! {
                    impl ClientBuilder {
                        #doc
                        pub fn #setter(
                            self,
                            username: impl Into<String>,
                            password: impl Into<String>,
                        ) -> Self {
                            self.credential(format!("{}:{}", username.into(), password.into()))
                        }
                    }
                },
            )
        }
        (Some((description, place)), Some(auth)) => {
            let method = format_ident!("{}", auth.setter());
            let doc = credential_doc(
                description.as_deref(),
                "The credential",
                &format!("in {place}"),
            );
            (
                quote! {
                    #[doc = #default_doc]
                    pub fn new(#method: impl Into<String>) -> Result<Self, super::runtime::BuildError> {
                        Self::builder().#method(#method).build()
                    }
                },
                quote! {
                    impl ClientBuilder {
                        #doc
                        pub fn #method(self, #method: impl Into<String>) -> Self {
                            self.credential(#method.into())
                        }
                    }
                },
            )
        }
        (Some(_), None) | (None, _) => (
            quote! {
                #[doc = #default_doc]
                pub fn new() -> Result<Self, super::runtime::BuildError> {
                    Self::builder().build()
                }
            },
            quote!(),
        ),
    };
    quote! {
        #[doc = " The servers the spec names."]
        pub mod servers {
            #(#servers)*
        }

        impl Client {
            #new_fn

            #[doc = " A builder to choose the server, timeouts, retries and more."]
            pub fn builder() -> ClientBuilder {
                ClientBuilder::with_defaults(#default_server, #scheme)
            }

        }

        #credential_fn
    }
}

/// The docs of a credential setter: the scheme's description, then where the credential goes
/// (`what` names it when the spec does not describe it).
fn credential_doc(description: Option<&str>, what: &str, sent: &str) -> TokenStream {
    let text = match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(description) => format!("{description}\n\nSent {sent}."),
        None => format!("{what}, sent {sent}."),
    };
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
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let too_many = op
        .allow
        .many_arguments
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let gate = cfg(&op.features);
    quote! {
        #doc
        #[doc = ""]
        #[doc = " # Example"]
        #[doc = ""]
        #(#[doc = #example])*
        #deprecated
        #gate
        #too_many
        pub fn #method(&self, #(#args),*) -> super::operations::#builder<'_> {
            super::operations::#builder::new(self, #(#values),*)
        }
    }
}

/// What awaiting an operation's request gives, as its user writes it:
/// `Result<types::Order, Error<types::ErrorResponse>>` (`Error` alone when the body is the
/// crate's default error body).
fn result_text(op: &Operation, api: &Api) -> String {
    let text = |set: &ResponseSet| {
        tokens_text(&super::responses::decoded_type(set)).replace("super::", "")
    };
    let error = match (&op.error, &api.common_error) {
        (ResponseSet::Single { body, .. }, Some(common)) if body == common => "Error".to_owned(),
        (set, _) => format!("Error<{}>", text(set)),
    };
    format!("Result<{}, {error}>", text(&op.success))
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
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.http_method.as_str(),
        op.path_template,
        op.operation_id
    ));
    docs(Some(&text))
}
