//! The `operations` module: one request builder per operation. It holds the operation's
//! inputs (required ones given to `Client::op`, optional ones set by setters), and `send`s the
//! request (`requests`) and decodes the answer (`responses`); awaiting the builder sends it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{argument, docs, rust_type, stored};
use super::{requests, responses};
use crate::model::{
    InputSource, ItemsAt, NextRule, Operation, Pagination, ParamLocation, ResponseBody,
    ResponseSet, TypeRef,
};
use crate::names::ident;

/// The docs and lints at the top of the `operations` module.
pub fn head() -> TokenStream {
    quote! {
        //! One request builder per operation: set optional parameters, then `.send().await`
        //! (or `.await` the builder itself).
        #![allow(deprecated, reason = "deprecated operations and schemas are still generated")]
        #![allow(clippy::large_enum_variant, clippy::type_complexity, reason = "the shapes are the spec's")]
        #![allow(clippy::match_overlapping_arm, reason = "an exact status is matched before its range")]
    }
}

/// What the `operations` module and its parts name the crate's other modules by.
pub fn imports() -> TokenStream {
    quote! {
        #[allow(unused_imports, reason = "an API's builders may not name them all")]
        use super::{runtime, servers, types, Client};
    }
}

/// The builders of `operations` (any of them: builders are independent).
pub fn items<'a>(operations: impl Iterator<Item = &'a Operation>) -> TokenStream {
    operations.map(builder).collect()
}

/// What a part of the `operations` module starts with: the module's imports (`Client`,
/// `runtime`, `servers`, `types`) and builders in scope.
pub fn part_head() -> TokenStream {
    quote!(
        use super::*;
    )
}

fn builder(op: &Operation) -> TokenStream {
    let builder = format_ident!("{}", op.builder_name);
    let method = &op.method_name;
    let struct_doc = format!(" A request of [`Client::{method}`](Client::{method}).");
    let fields = op.inputs.iter().map(|input| {
        let name = ident(&input.rust_name);
        let ty = stored(&input.ty);
        if input.required {
            quote!(#name: #ty,)
        } else {
            quote!(#name: Option<#ty>,)
        }
    });
    let required: Vec<_> = op.inputs.iter().filter(|input| input.required).collect();
    let new_args = required.iter().map(|input| {
        let name = ident(&input.rust_name);
        let ty = stored(&input.ty);
        quote!(#name: #ty)
    });
    let init = op.inputs.iter().map(|input| {
        let name = ident(&input.rust_name);
        if input.required {
            quote!(#name,)
        } else {
            quote!(#name: None,)
        }
    });
    let setters = op
        .inputs
        .iter()
        .filter(|input| !input.required)
        .map(|input| {
            let name = ident(&input.rust_name);
            let (ty, into) = argument(&input.ty);
            let value = if into {
                quote!(value.into())
            } else {
                quote!(value)
            };
            let fallback;
            let doc = match input.source {
                InputSource::Param(i) => {
                    let param = &op.params[i];
                    fallback = format!(
                        "The `{}` {} parameter.",
                        param.wire_name,
                        location_word(param.location)
                    );
                    param.doc.as_deref().unwrap_or(&fallback)
                }
                InputSource::Body => op
                    .body
                    .as_ref()
                    .and_then(|b| b.doc.as_deref())
                    .unwrap_or("The request body."),
            };
            let doc = docs(Some(doc));
            quote! {
                #doc
                pub fn #name(mut self, value: #ty) -> Self {
                    self.#name = Some(#value);
                    self
                }
            }
        });
    let success = responses::decoder(&op.success, true);
    let error = responses::decoder(&op.error, false);
    let (success_ty, error_ty) = (&success.ty, &error.ty);
    let (success_decode, error_decode) = (&success.decode, &error.decode);
    let request_body = requests::request_body(op);
    let path_encoder = requests::path_encoder(op);
    let too_many = op
        .allow
        .many_arguments
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let self_named = op
        .allow
        .self_named_constructor
        .then(|| quote!(#[allow(clippy::self_named_constructors)]));
    let (success_fn, error_fn) = (&success.helper, &error.helper);
    let declared = op.response_headers.as_ref().map(|name| {
        let line = format!(
            " The headers its answers declare: `answer.declared::<types::{name}>()` ([`{name}`](types::{name}))."
        );
        quote!(#[doc = ""] #[doc = #line])
    });
    let paged = op.pagination.as_ref().map(|pagination| {
        let line = format!(
            " Paged: {} says where the next page is ([`pages`](Self::pages), [`items`](Self::items)).",
            pagination.source
        );
        quote!(#[doc = ""] #[doc = #line])
    });
    let streamed = match &op.success {
        ResponseSet::Single { body, .. } => body.stream_item().map(|item| (body, item)),
        ResponseSet::ByStatus { .. } => None,
    };
    // What `request_builder!` writes; a streamed success writes its own `send`s.
    let (own_sends, shared) = match streamed {
        Some((body, item)) => (
            streamed_sends(body, item, (success_ty, error_ty), error_decode),
            quote! {
                runtime::request_builder! {
                    streams #builder, #success_ty, #error_ty => #error_decode
                }
            },
        ),
        None => {
            let paging = op.pagination.as_ref().map(pages);
            (
                TokenStream::new(),
                quote! {
                    runtime::request_builder! {
                        #builder,
                        #success_ty => #success_decode,
                        #error_ty => #error_decode
                        #paging
                    }
                },
            )
        }
    };
    quote! {
        #[doc = #struct_doc]
        #declared
        #paged
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'a> {
            client: &'a Client,
            options: runtime::RequestOptions,
            #(#fields)*
        }
        impl<'a> #builder<'a> {
            #too_many
            #self_named
            pub(crate) fn new(client: &'a Client, #(#new_args),*) -> Self {
                Self { client, options: runtime::RequestOptions::new(), #(#init)* }
            }

            #(#setters)*

            #own_sends

            #path_encoder

            #[doc = " The request, its parameters encoded."]
            fn request(&self) -> Result<runtime::Request, runtime::InvalidRequest> {
                #request_body
            }
        }
        #shared

        #success_fn
        #error_fn
    }
}

/// `send` and `send_with_response` of an operation whose success is a stream of server-sent
/// events or JSON lines: the answer's items decoded as they arrive.
fn streamed_sends(
    body: &ResponseBody,
    item: &TypeRef,
    (success_ty, error_ty): (&TokenStream, &TokenStream),
    error_decode: &TokenStream,
) -> TokenStream {
    let (wrap, what) = match body {
        ResponseBody::EventStream(_) => (
            quote!(runtime::EventStream::new),
            " Sends the request; the answer's server-sent events as they arrive, decoded.",
        ),
        _ => (
            quote!(runtime::JsonLines::new),
            " Sends the request; the answer's JSON lines as they arrive, decoded.",
        ),
    };
    let decode_item = match item {
        TypeRef::String => quote!(runtime::text_item),
        other => {
            let ty = rust_type(other, &quote!(types::));
            quote!(runtime::json_item::<#ty>)
        }
    };
    quote! {
        #[doc = #what]
        pub fn send(self) -> runtime::CallFuture<'a, #success_ty, #error_ty> {
            let request = self.request();
            self.client.execute_streamed::<_, #error_ty>(request, self.options, #error_decode, |answer| {
                #wrap(answer.body, #decode_item)
            })
        }

        #[doc = " Sends the request; the decoded answer with its HTTP status and headers."]
        pub fn send_with_response(
            self,
        ) -> runtime::CallFuture<'a, runtime::ApiResponse<#success_ty>, #error_ty> {
            let request = self.request();
            self.client.execute_streamed::<_, #error_ty>(request, self.options, #error_decode, |answer| {
                answer.map(|bytes| #wrap(bytes, #decode_item))
            })
        }
    }
}

/// The `pages of` arguments of `request_builder!`: the item type, how the next page is found in
/// an answer (`page`), and where a page's items are.
fn pages(pagination: &Pagination) -> TokenStream {
    let item = rust_type(&pagination.item_type, &quote!(types::));
    let next = match &pagination.next {
        NextRule::LinkHeader => quote!(runtime::link_next(page)),
        NextRule::BodyUrl { field, optional } => {
            let value = text_of(field, *optional);
            quote!(runtime::next_from(#value, runtime::NextPage::Url))
        }
        NextRule::Token {
            field,
            optional,
            param,
        } => {
            let value = text_of(field, *optional);
            quote! {
                runtime::next_from(#value, |value| runtime::NextPage::Query {
                    name: #param,
                    value,
                })
            }
        }
    };
    let items = match &pagination.items {
        ItemsAt::Body => quote!(page),
        ItemsAt::Field { name, optional } => {
            let name = ident(name);
            match optional {
                true => quote!(page.#name.unwrap_or_default()),
                false => quote!(page.#name),
            }
        }
    };
    quote!(, pages of #item, next(page) { #next }, items(page) { #items })
}

/// A page's text field as `Option<&str>`.
fn text_of(field: &str, optional: bool) -> TokenStream {
    let field = ident(field);
    match optional {
        true => quote!(page.body.#field.as_deref()),
        false => quote!(Some(page.body.#field.as_str())),
    }
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// A builder for an operation whose one input is the path parameter `id`: its other members
/// are what `crate::surface` lists.
#[cfg(test)]
pub(super) fn skeleton() -> TokenStream {
    use crate::error::Pointer;
    use crate::model::HttpMethod;
    let op = Operation {
        accept: "application/json".into(),
        operation_id: "skeleton".into(),
        method_name: "skeleton".into(),
        builder_name: "Skeleton".into(),
        http_method: HttpMethod::Get,
        path_template: "/{id}".into(),
        path: vec![
            crate::model::PathPart::Literal("/".into()),
            crate::model::PathPart::Param(0),
        ],
        summary: None,
        description: None,
        deprecated: false,
        security: Default::default(),
        server: None,
        params: vec![crate::model::Param {
            wire_name: "id".into(),
            rust_name: "id".into(),
            location: ParamLocation::Path,
            required: true,
            ty: TypeRef::String,
            doc: None,
            deprecated: false,
            encoding: crate::model::ParamEncoding::Scalar(crate::model::ScalarText::Display),
            pointer: None,
        }],
        body: None,
        inputs: vec![crate::model::Input {
            rust_name: "id".into(),
            required: true,
            ty: crate::model::InputType::Text,
            source: InputSource::Param(0),
            example: None,
        }],
        examples: Vec::new(),
        success: ResponseSet::Single {
            body: ResponseBody::Json(TypeRef::Vec(Box::new(TypeRef::Json))),
            status: 200,
        },
        error: ResponseSet::Single {
            body: ResponseBody::Empty,
            status: 500,
        },
        response_headers: None,
        // Paged, so that `pages` and `items` are emitted too.
        pagination: Some(Pagination {
            next: NextRule::LinkHeader,
            items: ItemsAt::Body,
            item_type: TypeRef::Json,
            source: "its `Link` header".into(),
        }),
        pointer: Pointer::root(),
        features: Vec::new(),
        allow: Default::default(),
    };
    builder(&op)
}
