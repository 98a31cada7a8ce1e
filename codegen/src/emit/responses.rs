//! How a request builder decodes the answer: one decoder for the success side and one for the
//! error side, each a runtime function for one body type, or a generated function that picks
//! the variant of an enum by status.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::response_type;
use super::rust::types_path;
use crate::model::{ResponseBody, ResponseSet, StatusMatch};

/// One side (success or error) of an operation's responses, as the builder uses it.
pub struct Decoder {
    /// The Rust type it decodes into.
    pub ty: TokenStream,
    /// The function passed to the runtime's `execute`.
    pub decode: TokenStream,
    /// A function that picks the body's type by status, when bodies differ by status.
    pub helper: TokenStream,
}

/// The Rust type one side of an operation's responses decodes into, as the builder names it.
pub fn decoded_type(set: &ResponseSet) -> TokenStream {
    match set {
        ResponseSet::Single { body, .. } => {
            response_type(body, &types_path()).unwrap_or_else(|| quote!(()))
        }
        ResponseSet::ByStatus { type_name, .. } => {
            let ty_ident = format_ident!("{}", type_name);
            quote!(types::#ty_ident)
        }
    }
}

/// The decoder of the success side (`success`) or the error side of an operation.
pub fn decoder(set: &ResponseSet, success: bool) -> Decoder {
    match set {
        ResponseSet::Single { body, .. } => {
            let (ty, decode) = body_decoder(body, success);
            Decoder {
                ty,
                decode,
                helper: TokenStream::new(),
            }
        }
        ResponseSet::ByStatus {
            type_name,
            decoder,
            variants,
        } => {
            let ty_ident = format_ident!("{}", type_name);
            let ty = quote!(types::#ty_ident);
            let fn_name = format_ident!("{}", decoder);
            let arms = variants.iter().map(|v| {
                let variant = format_ident!("{}", v.rust_name);
                let pattern = match v.status {
                    StatusMatch::Code(code) => quote!(#code),
                    StatusMatch::Range(range) => {
                        let (low, high) = (range * 100, range * 100 + 99);
                        quote!(#low..=#high)
                    }
                    StatusMatch::Default => quote!(_),
                };
                let decoded = match (&v.body, success) {
                    (ResponseBody::Empty, true) => quote!(Ok(#ty::#variant)),
                    (ResponseBody::Empty, false) => {
                        quote!(Some(#ty::#variant))
                    }
                    (body, _) => {
                        let (_, decode) = body_decoder(body, success);
                        quote!(#decode(status, body).map(#ty::#variant))
                    }
                };
                quote!(#pattern => #decoded,)
            });
            let has_default = variants.iter().any(|v| v.status == StatusMatch::Default);
            let fallback = (!has_default).then(|| {
                if success {
                    quote!(_ => Err(runtime::undeclared_status(status)),)
                } else {
                    quote!(_ => None,)
                }
            });
            let output = if success {
                quote!(Result<#ty, runtime::DecodeFailure>)
            } else {
                quote!(Option<#ty>)
            };
            let helper = quote! {
                fn #fn_name(status: u16, body: &[u8]) -> #output {
                    match status {
                        #(#arms)*
                        #fallback
                    }
                }
            };
            Decoder {
                ty,
                decode: quote!(#fn_name),
                helper,
            }
        }
    }
}

/// The Rust type of a body, and the runtime function that decodes it on the success side
/// (`decode_json`, …) or the error side (`decode_error_json`, …).
fn body_decoder(body: &ResponseBody, success: bool) -> (TokenStream, TokenStream) {
    let ty = response_type(body, &types_path()).unwrap_or_else(|| quote!(()));
    let kind = match body {
        ResponseBody::Empty => "empty",
        ResponseBody::Json(_) => "json",
        ResponseBody::Text => "text",
        ResponseBody::Bytes => "bytes",
        // Streams are not decoded whole (the builder streams them); an error side has none.
        ResponseBody::EventStream(_) => "text",
        ResponseBody::JsonLines(_) => "bytes",
    };
    let side = if success { "" } else { "error_" };
    let function = format_ident!("decode_{side}{kind}");
    // The type is inferred where it is called (`execute::<T, E>`, or a variant's constructor).
    (ty, quote!(runtime::#function))
}
