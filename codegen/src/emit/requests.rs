//! How a request builder writes its request: the path from literal text and encoded path
//! parameters, query, header and cookie parameters in their encoding, and the body in its media
//! type. The model decided each encoding; this writes it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::{rust_type, stored, types_path};
use crate::model::{
    BodyKind, FieldEncoding, FieldStyle, Input, InputSource, InputType, Operation, ParamEncoding,
    ParamLocation, PathPart, PathStyle, RequestBodyDef, ScalarText, StructuredStyle, TypeRef,
};
use crate::names::ident;

/// The inputs that are path parameters, in the order the client takes them.
pub fn path_inputs(op: &Operation) -> Vec<&Input> {
    op.inputs
        .iter()
        .filter(|input| match input.source {
            InputSource::Param(i) => op.params[i].location == ParamLocation::Path,
            InputSource::Body => false,
        })
        .collect()
}

/// A builder's `encode_path`: the path with its parameters encoded, from a reference to each
/// (a list as a slice, a string as `&str`), shared by the builder's `request` and the mock's
/// matching of paths.
/// `None` when the path has no parameters: it is the template's text.
pub fn path_encoder(op: &Operation) -> Option<TokenStream> {
    let inputs = path_inputs(op);
    if inputs.is_empty() {
        return None;
    }
    let args = inputs.iter().map(|input| {
        let name = encoder_arg(&input.rust_name);
        let ty = match &input.ty {
            InputType::Value(TypeRef::Vec(item)) => {
                let item = rust_type(item, &types_path());
                quote!([#item])
            }
            InputType::Text | InputType::Value(TypeRef::String) => quote!(str),
            other => stored(other),
        };
        quote!(#name: &#ty)
    });
    let value = |name: &proc_macro2::Ident| {
        let name = encoder_arg(&name.to_string());
        quote!(#name)
    };
    let body = match filled_path(op, value) {
        Some(fill) => fill,
        None => {
            let path = path_statements(op, value);
            // The template's length: about the encoded path's, so the text is allocated once.
            let capacity = proc_macro2::Literal::usize_unsuffixed(op.path_template.len());
            quote! {
                let mut path = String::with_capacity(#capacity);
                #(#path)*
                Ok(path)
            }
        }
    };
    let too_many = op
        .allow
        .many_path_arguments
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    Some(quote! {
        #[doc = " The request's path, its parameters encoded."]
        #too_many
        pub(crate) fn encode_path(#(#args),*) -> Result<String, runtime::InvalidRequest> {
            #body
        }
    })
}

/// The path as one call of the runtime's `fill_path` (the template's literal pieces, and each
/// parameter's name and text between them), when no parameter has a path style of its own.
fn filled_path(
    op: &Operation,
    value: impl Fn(&proc_macro2::Ident) -> TokenStream,
) -> Option<TokenStream> {
    let mut literals = vec![String::new()];
    let mut params = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => literals.last_mut()?.push_str(text),
            PathPart::Param(i) => {
                let p = &op.params[*i];
                let wire = &p.wire_name;
                let text = param_text(p, value(&ident(&p.rust_name))).ok()?;
                params.push(quote!((#wire, #text)));
                literals.push(String::new());
            }
        }
    }
    Some(quote!(runtime::fill_path(&[#(#literals),*], &[#(#params),*])))
}

/// A path parameter's encoded text as a `&str` expression, from its value `read`; for a
/// parameter written in a path style of its own, that style and whether it explodes.
fn param_text(
    p: &crate::model::Param,
    read: TokenStream,
) -> Result<TokenStream, (StructuredStyle, bool)> {
    let wire = &p.wire_name;
    Ok(match p.encoding {
        // A string (a `&str` argument) is pushed as it is, not copied.
        ParamEncoding::Scalar(_) if *p.ty.strip_option().0 == TypeRef::String => read,
        ParamEncoding::Scalar(text) => {
            let value = scalar_string(text, read);
            quote!(&#value)
        }
        ParamEncoding::List {
            item, delimiter, ..
        } => {
            let value = joined(item, delimiter, read);
            quote!(&#value)
        }
        ParamEncoding::Json => quote!(&runtime::json_text(#wire, &#read)?),
        ParamEncoding::Structured { style, explode } => return Err((style, explode)),
    })
}

/// The name of a path parameter inside `encode_path`: `p_<name>`, so that none is `path` (the
/// text written). Names start with `_` only before a digit, so dropping it keeps them
/// distinct.
fn encoder_arg(name: &str) -> proc_macro2::Ident {
    format_ident!(
        "p_{}",
        name.trim_start_matches("r#").trim_start_matches('_')
    )
}

/// The body of a builder's `request`: the runtime's request of the operation, then what the
/// operation adds to it (the encoded path, each parameter as its encoding says, the body,
/// security, server, `Accept`). Plain code, no `async`: sending is the runtime's one shared
/// `async` path.
pub fn request_body(op: &Operation) -> TokenStream {
    let path_args: Vec<_> = path_inputs(op)
        .iter()
        .map(|input| {
            let name = ident(&input.rust_name);
            quote!(&self.#name)
        })
        .collect();
    let path = (!path_args.is_empty())
        .then(|| quote!(request.path = Self::encode_path(#(#path_args),*)?.into();));
    let pushes = op.params.iter().filter_map(|p| {
            let name = ident(&p.rust_name);
            // The parameter as the runtime's `push_*` take it: `Option<&T>`.
            let read = |field: TokenStream| match p.required {
                true => quote!(Some(&#field)),
                false => quote!(#field.as_ref()),
            };
            let wire = &p.wire_name;
            let target = match p.location {
                ParamLocation::Path => return None,
                ParamLocation::Query => quote!(request.query),
                ParamLocation::Header => quote!(request.headers),
                ParamLocation::Cookie => quote!(request.cookies),
            };
            let push = match p.encoding {
                ParamEncoding::Structured { style: StructuredStyle::Query { deep_object }, explode } => {
                    quote!(runtime::push_structured_query(&mut request.query, #wire, value, #explode, #deep_object)?;)
                }
                ParamEncoding::Structured { explode, .. } => {
                    quote!(#target.push((#wire.into(), runtime::structured_text(#wire, value, #explode)?));)
                }
                ParamEncoding::List { item: ScalarText::Display, explode, delimiter } => {
                    let delimiter = delimiter.to_string();
                    let value = read(quote!(self.#name));
                    return Some(quote!(runtime::push_list(&mut #target, #wire, #value, #delimiter, #explode);));
                }
                ParamEncoding::Scalar(ScalarText::Display) => {
                    let value = read(quote!(self.#name));
                    return Some(quote!(runtime::push_text(&mut #target, #wire, #value);));
                }
                ParamEncoding::List { item, explode: true, .. } => {
                    let item = scalar_string(item, quote!(item));
                    quote!(for item in value { #target.push((#wire.into(), #item)); })
                }
                ParamEncoding::List { item, explode: false, delimiter } => {
                    let value = joined(item, delimiter, quote!(value));
                    quote!(#target.push((#wire.into(), #value));)
                }
                ParamEncoding::Scalar(text) => {
                    let value = scalar_string(text, quote!(value));
                    quote!(#target.push((#wire.into(), #value));)
                }
                ParamEncoding::Json => {
                    quote!(#target.push((#wire.into(), runtime::json_text(#wire, value)?));)
                }
            };
            Some(if p.required {
                quote! { { let value = &self.#name; #push } }
            } else {
                quote! { if let Some(value) = &self.#name { #push } }
            })
        });
    let body = op.body.as_ref().map(|b| {
        let body = body_value(b);
        quote!(request.body = #body;)
    });
    let operation_id = &op.operation_id;
    let method = format_ident!("{}", op.http_method.as_str());
    let template = &op.path_template;
    let security = (!op.security.alternatives.is_empty()).then(|| {
        let alternatives = op
            .security
            .alternatives
            .iter()
            .map(|names| quote!(&[#(#names),*]));
        quote!(request.security = &[#(#alternatives),*];)
    });
    let server = op.server.as_ref().map(|name| {
        let name = format_ident!("{}", name);
        quote!(request.server = Some(servers::#name);)
    });
    // `Request::new` accepts JSON.
    let accept = (op.accept != "application/json").then(|| {
        let accept = &op.accept;
        quote!(request.accept = #accept;)
    });
    let new = quote!(runtime::Request::new(#operation_id, ::reqwest::Method::#method, #template));
    let sets: Vec<TokenStream> = path
        .into_iter()
        .chain(pushes)
        .chain(body)
        .chain(security)
        .chain(server)
        .chain(accept)
        .collect();
    if sets.is_empty() {
        return quote!(Ok(#new));
    }
    quote! {
        let mut request = #new;
        #(#sets)*
        Ok(request)
    }
}

/// The request's body (`Option<(content type, payload)>`) from the builder's field, in its
/// media type's encoding.
fn body_value(b: &RequestBodyDef) -> TokenStream {
    let name = ident(&b.rust_name);
    let content_type = &b.content_type;
    let fixed = quote!(::std::borrow::Cow::Borrowed(#content_type));
    // The payload of the body `value`; encoding text or bytes cannot fail (an optional one is
    // a plain `map`).
    let payload = |value: TokenStream| match &b.kind {
        BodyKind::Json(_) => {
            quote!((#fixed, runtime::Payload::from(runtime::json_body(#value)?)))
        }
        BodyKind::Form { fields, .. } => {
            let fields = field_encodings(fields);
            quote!((#fixed, runtime::Payload::from(runtime::form_body(#value, #fields)?)))
        }
        BodyKind::Multipart { files, fields, .. } => {
            let fields = field_encodings(fields);
            let files = files.iter().map(|file| {
                let (wire, field) = (&file.wire_name, ident(&file.rust_name));
                let content_type = match &file.content_type {
                    Some(c) => quote!(Some(#c)),
                    None => quote!(None),
                };
                quote!((#wire, #content_type, runtime::file_parts(&value.#field)))
            });
            // An optional body is bound to `value` already.
            let bind = b.required.then(|| quote!(let value = #value;));
            quote!({
                #bind
                let (content_type, body) = runtime::multipart_body(value, &[#(#files),*], #fields)?;
                (content_type, runtime::Payload::from(body))
            })
        }
        BodyKind::Text => {
            quote!((#fixed, runtime::Payload::from(#value.clone().into_bytes())))
        }
        BodyKind::Bytes => quote!((#fixed, #value.clone())),
    };
    let infallible = matches!(b.kind, BodyKind::Text | BodyKind::Bytes);
    match (b.required, infallible) {
        // Text and bytes are cloned from the field itself, the others encoded from a reference.
        (true, _) => {
            let field = match infallible {
                true => quote!(self.#name),
                false => quote!(&self.#name),
            };
            let payload = payload(field);
            quote!(Some(#payload))
        }
        (false, true) => {
            let payload = payload(quote!(value));
            quote!(self.#name.as_ref().map(|value| #payload))
        }
        (false, false) => {
            let payload = payload(quote!(value));
            quote!(match &self.#name {
                Some(value) => Some(#payload),
                None => None,
            })
        }
    }
}

/// A list's items as one string, joined with commas.
fn joined(item: ScalarText, delimiter: char, value: TokenStream) -> TokenStream {
    let item = scalar_string(item, quote!(item));
    let delimiter = delimiter.to_string();
    quote!(#value.iter().map(|item| #item).collect::<Vec<_>>().join(#delimiter))
}

fn scalar_string(text: ScalarText, value: TokenStream) -> TokenStream {
    match text {
        ScalarText::Rfc3339 => quote!(#value.to_rfc3339()),
        ScalarText::Display => quote!(#value.to_string()),
    }
}

/// The statements that write an operation's path into `path` (a `String`), each parameter's
/// value read by `value` from its identifier (`self.order_id` in a builder).
fn path_statements(
    op: &Operation,
    value: impl Fn(&proc_macro2::Ident) -> TokenStream,
) -> Vec<TokenStream> {
    op.path
        .iter()
        .map(|part| match part {
        PathPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [single] => quote!(path.push(#single);),
            _ => quote!(path.push_str(#text);),
        },
        PathPart::Param(i) => {
            let p = &op.params[*i];
            let wire = &p.wire_name;
            let read = value(&ident(&p.rust_name));
            match param_text(p, read.clone()) {
                Ok(text) => quote!(runtime::push_path_param(&mut path, #wire, #text)?;),
                Err((style, explode)) => {
                    // A path parameter's style is a path style (the model gives no other).
                    let style = match style {
                        StructuredStyle::Path(PathStyle::Label) => quote!(Label),
                        StructuredStyle::Path(PathStyle::Matrix) => quote!(Matrix),
                        StructuredStyle::Path(PathStyle::Simple)
                        | StructuredStyle::Query { .. }
                        | StructuredStyle::Text => quote!(Simple),
                    };
                    quote!(runtime::push_styled_path_param(&mut path, #wire, &#read, runtime::PathStyle::#style, #explode)?;)
                }
            }
        }
        })
        .collect()
}

/// The runtime's table of the form fields written in a style: `&[]` for none.
fn field_encodings(fields: &[FieldEncoding]) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let property = &field.property;
        let style = match field.style {
            FieldStyle::Form { explode } => {
                quote!(runtime::FieldStyle::Form { explode: #explode })
            }
            FieldStyle::Delimited(delimiter) => {
                quote!(runtime::FieldStyle::Delimited(#delimiter))
            }
            FieldStyle::DeepObject => quote!(runtime::FieldStyle::DeepObject),
        };
        quote!(runtime::FieldEncoding { property: #property, style: #style })
    });
    quote!(&[#(#entries),*])
}
