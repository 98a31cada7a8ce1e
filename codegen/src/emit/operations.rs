//! Emits the `operations` module (one request builder per operation) and the `client` module
//! (constructors, servers, and one method per operation on `Client`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, rust_type};
use crate::model::{
    Api, Auth, BodyKind, KeyLocation, Operation, Param, ParamLocation, ParamStyle, PathPart,
    RequestBodyDef, ResponseBody, ResponseSet, TypeDef, TypeKind, TypeRef,
};
use crate::names::{ident, snake};

fn types_path() -> TokenStream {
    quote!(super::types::)
}

pub fn client_module(api: &Api) -> TokenStream {
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
            quote!(::std::option::Option::Some(servers::#name))
        }
        None => quote!(::std::option::Option::None),
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
            Some((
                "api_key",
                description.clone(),
                format!("the `{name}` header"),
            )),
        ),
        Some(Auth::ApiKey {
            location: KeyLocation::Query,
            name,
            description,
        }) => (
            quote!(super::runtime::AuthScheme::Query(#name)),
            Some((
                "api_key",
                description.clone(),
                format!("the `{name}` query parameter"),
            )),
        ),
        Some(Auth::Bearer { description }) => (
            quote!(super::runtime::AuthScheme::Bearer),
            Some((
                "bearer_token",
                description.clone(),
                "the `Authorization: Bearer` header".to_owned(),
            )),
        ),
        None => (quote!(super::runtime::AuthScheme::None), None),
    };
    let (new_fn, credential_fn) = match credential {
        Some((method, description, place)) => {
            let method = format_ident!("{}", method);
            let doc = format!(
                " The credential, sent in {place}. {}",
                description.unwrap_or_default()
            );
            let doc = doc.trim_end();
            (
                quote! {
                    #[doc = #default_doc]
                    pub fn new(#method: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, super::runtime::BuildError> {
                        Self::builder().#method(#method).build()
                    }
                },
                quote! {
                    impl super::runtime::ClientBuilder {
                        #[doc = #doc]
                        pub fn #method(self, #method: impl ::std::convert::Into<::std::string::String>) -> Self {
                            self.credential(#method.into())
                        }
                    }
                },
            )
        }
        None => (
            quote! {
                #[doc = #default_doc]
                pub fn new() -> ::std::result::Result<Self, super::runtime::BuildError> {
                    Self::builder().build()
                }
            },
            quote!(),
        ),
    };
    let methods = api.operations.iter().map(client_method);
    quote! {
        //! Constructors, servers and one method per operation.
        #![allow(deprecated, reason = "deprecated operations and schemas are still generated")]

        #[doc = " The servers the spec names."]
        pub mod servers {
            #(#servers)*
        }

        impl super::runtime::Client {
            #new_fn

            #[doc = " A builder to choose the server, timeouts, retries and more."]
            pub fn builder() -> super::runtime::ClientBuilder {
                super::runtime::ClientBuilder::with_defaults(#default_server, #scheme)
            }

            #(#methods)*
        }

        #credential_fn
    }
}

/// `Client::op(&self, required...) -> operations::Op<'_>`.
fn client_method(op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    let builder = format_ident!("{}", op.builder_name);
    let args = required_inputs(op).map(|(name, ty, _)| quote!(#name: #ty));
    let values = required_inputs(op).map(|(name, _, into)| {
        if into {
            quote!(#name.into())
        } else {
            quote!(#name)
        }
    });
    let doc = operation_doc(op);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        pub fn #method(&self, #(#args),*) -> super::operations::#builder<'_> {
            super::operations::#builder::new(self, #(#values),*)
        }
    }
}

fn operation_doc(op: &Operation) -> TokenStream {
    let mut text = String::new();
    for part in [&op.summary, &op.description].into_iter().flatten() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(part.trim());
    }
    text.push_str(&format!(
        "\n\n`{} {}` (operation `{}`).",
        op.http_method, op.path_template, op.operation_id
    ));
    docs(Some(&text))
}

/// The required parameters and body, as `(name, argument type, needs .into())`.
fn required_inputs(
    op: &Operation,
) -> impl Iterator<Item = (proc_macro2::Ident, TokenStream, bool)> + '_ {
    let params = op.params.iter().filter(|p| p.required).map(|p| {
        let (ty, into) = input_type(&p.ty);
        (ident(&p.rust_name), ty, into)
    });
    let body = op.body.iter().filter(|b| b.required).map(|b| {
        let (ty, into) = body_input_type(b);
        (ident(&b.rust_name), ty, into)
    });
    params.chain(body)
}

/// How a value is taken: strings as `impl Into<String>`, the rest as they are.
fn input_type(ty: &TypeRef) -> (TokenStream, bool) {
    match ty.strip_option().0 {
        TypeRef::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            true,
        ),
        other => (rust_type(other, &types_path()), false),
    }
}

fn stored_type(ty: &TypeRef) -> TokenStream {
    rust_type(ty.strip_option().0, &types_path())
}

fn body_stored_type(body: &RequestBodyDef) -> TokenStream {
    match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart { ty, .. } => stored_type(ty),
        BodyKind::Text => quote!(::std::string::String),
        BodyKind::Bytes => quote!(::std::vec::Vec<u8>),
    }
}

fn body_input_type(body: &RequestBodyDef) -> (TokenStream, bool) {
    match &body.kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) | BodyKind::Multipart { ty, .. } => input_type(ty),
        BodyKind::Text => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            true,
        ),
        BodyKind::Bytes => (quote!(impl ::std::convert::Into<::std::vec::Vec<u8>>), true),
    }
}

pub fn operations_module(api: &Api) -> TokenStream {
    let head = operations_head();
    let items = operations_items(&api.operations, &status_types(&api.types));
    quote!(#head #items)
}

/// The docs and lints at the top of the `operations` module.
pub fn operations_head() -> TokenStream {
    quote! {
        //! One request builder per operation: set optional parameters, then `.send().await`
        //! (or `.await` the builder itself).
        #![allow(deprecated, reason = "deprecated operations and schemas are still generated")]
    }
}

/// The builders of `operations` (any slice of them: builders are independent).
pub fn operations_items(operations: &[Operation], types: &StatusTypes<'_>) -> TokenStream {
    operations.iter().map(|op| operation(op, types)).collect()
}

/// The types that hold an operation's bodies by status, by name.
pub type StatusTypes<'a> = std::collections::HashMap<&'a str, &'a [crate::model::StatusVariant]>;

/// Indexes the by-status types of `types`.
pub fn status_types(types: &[TypeDef]) -> StatusTypes<'_> {
    types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::ByStatus { variants } => Some((t.name.as_str(), variants.as_slice())),
            _ => None,
        })
        .collect()
}

fn operation(op: &Operation, types: &StatusTypes<'_>) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let method = &op.method_name;
    let struct_doc = format!(" A request of [`Client::{method}`](super::Client::{method}).");
    let fields = op.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        let ty = stored_type(&p.ty);
        if p.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: ::std::option::Option<#ty>,)
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let name = ident(&b.rust_name);
        let ty = body_stored_type(b);
        if b.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: ::std::option::Option<#ty>,)
        }
    });
    let new_args = required_inputs(op).map(|(name, _, _)| {
        let ty = op
            .params
            .iter()
            .find(|p| p.required && ident(&p.rust_name) == name)
            .map(|p| stored_type(&p.ty))
            .or_else(|| op.body.as_ref().map(body_stored_type))
            .unwrap_or_default();
        quote!(#name: #ty)
    });
    let init = op.params.iter().map(|p| {
        let name = ident(&p.rust_name);
        if p.required {
            quote!(#name,)
        } else {
            quote!(#name: ::std::option::Option::None,)
        }
    });
    let body_init = op.body.as_ref().map(|b| {
        let name = ident(&b.rust_name);
        if b.required {
            quote!(#name,)
        } else {
            quote!(#name: ::std::option::Option::None,)
        }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let name = ident(&p.rust_name);
        let (ty, into) = input_type(&p.ty);
        let value = if into {
            quote!(value.into())
        } else {
            quote!(value)
        };
        let doc = docs(
            p.doc
                .as_deref()
                .or(Some(&format!("The `{}` parameter.", p.wire_name))),
        );
        quote! {
            #doc
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let name = ident(&b.rust_name);
        let (ty, into) = body_input_type(b);
        let value = if into {
            quote!(value.into())
        } else {
            quote!(value)
        };
        let doc = docs(b.doc.as_deref().or(Some("The request body.")));
        quote! {
            #doc
            pub fn #name(mut self, value: #ty) -> Self {
                self.#name = ::std::option::Option::Some(#value);
                self
            }
        }
    });
    let (success_ty, success_decode, success_fn) = response_decoder(op, &op.success, true, types);
    let (error_ty, error_decode, error_fn) = response_decoder(op, &op.error, false, types);
    let output = quote!(::std::result::Result<#success_ty, super::runtime::Error<#error_ty>>);
    let send_body = send_body(op, success_decode, error_decode);
    let too_many =
        (required_inputs(op).count() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #[doc = #struct_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'a> {
            client: &'a super::Client,
            #(#fields)*
            #body_field
        }

        impl<'a> #builder<'a> {
            #too_many
            pub(crate) fn new(client: &'a super::Client, #(#new_args),*) -> Self {
                Self { client, #(#init)* #body_init }
            }

            #(#setters)*
            #body_setter

            #[doc = " Sends the request and decodes the answer."]
            pub async fn send(self) -> #output {
                #send_body
            }
        }

        impl<'a> ::std::future::IntoFuture for #builder<'a> {
            type Output = #output;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send + 'a>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }

        #success_fn
        #error_fn
    }
}

fn send_body(
    op: &Operation,
    success_decode: TokenStream,
    error_decode: TokenStream,
) -> TokenStream {
    let path = op.path.iter().map(|part| match part {
        PathPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [single] => quote!(path.push(#single);),
            _ => quote!(path.push_str(#text);),
        },
        PathPart::Param(i) => {
            let p = &op.params[*i];
            let wire = &p.wire_name;
            let name = ident(&p.rust_name);
            let simple_scalar = !p.structured
                && p.style == ParamStyle::Simple
                && !matches!(p.ty.strip_option().0, TypeRef::Vec(_));
            if simple_scalar {
                let value = param_string(p, quote!(self.#name));
                quote!(super::runtime::push_path_param(&mut path, #wire, &#value)?;)
            } else {
                let style = match p.style {
                    ParamStyle::Label => quote!(Label),
                    ParamStyle::Matrix => quote!(Matrix),
                    _ => quote!(Simple),
                };
                let explode = p.explode;
                quote!(super::runtime::push_styled_path_param(&mut path, #wire, &self.#name, super::runtime::PathStyle::#style, #explode)?;)
            }
        }
    });
    let pushes = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let name = ident(&p.rust_name);
            let wire = &p.wire_name;
            let target = match p.location {
                ParamLocation::Query => quote!(query),
                ParamLocation::Header => quote!(headers),
                _ => quote!(cookies),
            };
            let exploded = p.location == ParamLocation::Query
                && p.explode
                && matches!(p.ty.strip_option().0, TypeRef::Vec(_));
            let push = if p.structured && p.location == ParamLocation::Query {
                let (explode, deep) = (p.explode, p.style == ParamStyle::DeepObject);
                quote!(super::runtime::push_structured_query(&mut query, #wire, value, #explode, #deep)?;)
            } else if p.structured {
                let explode = p.explode;
                quote!(#target.push((::std::borrow::Cow::Borrowed(#wire), super::runtime::structured_text(#wire, value, #explode)?));)
            } else if exploded {
                let item = scalar_string(item_type(&p.ty), quote!(item));
                quote!(for item in value { #target.push((::std::borrow::Cow::Borrowed(#wire), #item)); })
            } else {
                let value = param_string(p, quote!(value));
                quote!(#target.push((::std::borrow::Cow::Borrowed(#wire), #value));)
            };
            if p.required {
                quote! { { let value = &self.#name; #push } }
            } else {
                quote! { if let ::std::option::Option::Some(value) = &self.#name { #push } }
            }
        });
    let body = match &op.body {
        None => quote!(::std::option::Option::None),
        Some(b) => {
            let name = ident(&b.rust_name);
            let content_type = &b.content_type;
            let fixed = quote!(::std::borrow::Cow::Borrowed(#content_type));
            let encode = match &b.kind {
                BodyKind::Json(_) => quote!((#fixed, super::runtime::json_body(value)?)),
                BodyKind::Form(_) => quote!((#fixed, super::runtime::form_body(value)?)),
                BodyKind::Multipart { files, .. } => {
                    quote!(super::runtime::multipart_body(value, &[#(#files),*])?)
                }
                BodyKind::Text => quote!((#fixed, value.clone().into_bytes())),
                BodyKind::Bytes => quote!((#fixed, value.clone())),
            };
            if b.required {
                quote!({ let value = &self.#name; ::std::option::Option::Some(#encode) })
            } else {
                quote!(match &self.#name {
                    ::std::option::Option::Some(value) => ::std::option::Option::Some(#encode),
                    ::std::option::Option::None => ::std::option::Option::None,
                })
            }
        }
    };
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.http_method);
    let template = &op.path_template;
    let authenticated = op.authenticated;
    let uses = |loc: ParamLocation| op.params.iter().any(|p| p.location == loc);
    let mutability = |loc| uses(loc).then(|| quote!(mut));
    let (mq, mh, mc) = (
        mutability(ParamLocation::Query),
        mutability(ParamLocation::Header),
        mutability(ParamLocation::Cookie),
    );
    quote! {
        let mut path = ::std::string::String::new();
        #(#path)*
        let #mq query = ::std::vec::Vec::new();
        let #mh headers = ::std::vec::Vec::new();
        let #mc cookies = ::std::vec::Vec::new();
        #(#pushes)*
        let request = super::runtime::Request {
            operation_id: #operation_id,
            method: ::reqwest::Method::#method,
            path_template: #template,
            path,
            query,
            headers,
            cookies,
            body: #body,
            authenticated: #authenticated,
        };
        self.client.execute(request, #success_decode, #error_decode).await
    }
}

fn item_type(ty: &TypeRef) -> &TypeRef {
    match ty.strip_option().0 {
        TypeRef::Vec(item) => item.strip_option().0,
        other => other,
    }
}

/// A parameter's value as one string: arrays are joined with commas.
fn param_string(p: &Param, value: TokenStream) -> TokenStream {
    match p.ty.strip_option().0 {
        TypeRef::Vec(_) => {
            let item = scalar_string(item_type(&p.ty), quote!(item));
            quote!(#value.iter().map(|item| #item).collect::<::std::vec::Vec<_>>().join(","))
        }
        other => scalar_string(other, value),
    }
}

fn scalar_string(ty: &TypeRef, value: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote!(#value.to_rfc3339()),
        _ => quote!(#value.to_string()),
    }
}

/// The Rust type of one side of the responses, the decoder passed to `execute`, and any
/// helper function it needs.
fn response_decoder(
    op: &Operation,
    set: &ResponseSet,
    success: bool,
    types: &StatusTypes<'_>,
) -> (TokenStream, TokenStream, TokenStream) {
    match set {
        ResponseSet::Single(body) => {
            let (ty, decode) = match (body, success) {
                (ResponseBody::Empty, true) => (quote!(()), quote!(super::runtime::decode_empty)),
                (ResponseBody::Empty, false) => {
                    (quote!(()), quote!(super::runtime::decode_error_empty))
                }
                (ResponseBody::Json(ty), true) => {
                    let ty = rust_type(ty, &types_path());
                    (ty.clone(), quote!(super::runtime::decode_json::<#ty>))
                }
                (ResponseBody::Json(ty), false) => {
                    let ty = rust_type(ty, &types_path());
                    (ty.clone(), quote!(super::runtime::decode_error_json::<#ty>))
                }
                (ResponseBody::Text, true) => (
                    quote!(::std::string::String),
                    quote!(super::runtime::decode_text),
                ),
                (ResponseBody::Text, false) => (
                    quote!(::std::string::String),
                    quote!(super::runtime::decode_error_text),
                ),
                (ResponseBody::Bytes, true) => (
                    quote!(::std::vec::Vec<u8>),
                    quote!(super::runtime::decode_bytes),
                ),
                (ResponseBody::Bytes, false) => (
                    quote!(::std::vec::Vec<u8>),
                    quote!(super::runtime::decode_error_bytes),
                ),
            };
            (ty, decode, TokenStream::new())
        }
        ResponseSet::ByStatus { type_name } => {
            let ty_ident = format_ident!("{}", type_name);
            let ty = quote!(super::types::#ty_ident);
            let Some(variants) = types.get(type_name.as_str()) else {
                return (ty, quote!(), quote!());
            };
            let fn_name = format_ident!(
                "decode_{}_{}",
                snake(&op.method_name),
                if success { "success" } else { "error" }
            );
            let mut sorted: Vec<_> = variants.iter().collect();
            sorted.sort_by_key(|v| v.status);
            let arms = sorted.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let pattern = match v.status {
                    crate::model::StatusMatch::Code(code) => quote!(#code),
                    crate::model::StatusMatch::Range(range) => {
                        let (low, high) = (range * 100, range * 100 + 99);
                        quote!(#low..=#high)
                    }
                    crate::model::StatusMatch::Default => quote!(_),
                };
                let decoded = match (&v.body, success) {
                    (ResponseBody::Empty, true) => quote!(::std::result::Result::Ok(#ty::#variant)),
                    (ResponseBody::Empty, false) => {
                        quote!(::std::option::Option::Some(#ty::#variant))
                    }
                    (body, true) => {
                        let decode = success_body_decoder(body);
                        quote!(#decode(status, body).map(#ty::#variant))
                    }
                    (body, false) => {
                        let decode = error_body_decoder(body);
                        quote!(#decode(status, body).map(#ty::#variant))
                    }
                };
                quote!(#pattern => #decoded,)
            });
            let has_default = sorted
                .iter()
                .any(|v| v.status == crate::model::StatusMatch::Default);
            let fallback = (!has_default).then(|| {
                if success {
                    quote!(_ => ::std::result::Result::Err(super::runtime::undeclared_status(status)),)
                } else {
                    quote!(_ => ::std::option::Option::None,)
                }
            });
            let output = if success {
                quote!(::std::result::Result<#ty, super::runtime::DecodeFailure>)
            } else {
                quote!(::std::option::Option<#ty>)
            };
            let helper = quote! {
                fn #fn_name(status: u16, body: &[u8]) -> #output {
                    match status {
                        #(#arms)*
                        #fallback
                    }
                }
            };
            (ty, quote!(#fn_name), helper)
        }
    }
}

fn success_body_decoder(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(ty) => {
            let ty = rust_type(ty, &types_path());
            quote!(super::runtime::decode_json::<#ty>)
        }
        ResponseBody::Text => quote!(super::runtime::decode_text),
        ResponseBody::Bytes | ResponseBody::Empty => quote!(super::runtime::decode_bytes),
    }
}

fn error_body_decoder(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Json(ty) => {
            let ty = rust_type(ty, &types_path());
            quote!(super::runtime::decode_error_json::<#ty>)
        }
        ResponseBody::Text => quote!(super::runtime::decode_error_text),
        ResponseBody::Bytes | ResponseBody::Empty => quote!(super::runtime::decode_error_bytes),
    }
}
