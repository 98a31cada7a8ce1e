//! `tests/examples.rs` of the generated crate: every JSON example of a request or response body
//! in the spec decodes into its declared type, encodes, and decodes again to the same value. A
//! new operation with examples is tested with no edit anywhere; an example that does not fit
//! fails `cargo test` with its operation, status, name and the JSON path of the mismatch.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::rust_type;
use crate::model::Api;

/// The test file's docs and its items, or `None` when the spec has no examples.
pub fn test_file(api: &Api, crate_name: &str) -> Option<(TokenStream, TokenStream)> {
    let lib = format_ident!("{}", crate_name.replace('-', "_"));
    let types = quote!(::#lib::types::);
    let entries: Vec<TokenStream> = api
        .operations
        .iter()
        .flat_map(|op| op.examples.iter().map(move |example| (op, example)))
        .map(|(op, example)| {
            let operation = &op.operation_id;
            let (status, name, json) = (&example.status, &example.name, &example.json);
            let ty = rust_type(&example.ty, &types);
            quote! {
                Example {
                    operation: #operation,
                    status: #status,
                    name: #name,
                    json: #json,
                    check: check::<#ty>,
                },
            }
        })
        .collect();
    if entries.is_empty() {
        return None;
    }
    let head = quote! {
        //! Every JSON example of the spec decodes into its declared type, encodes, and decodes
        //! again to the same value.
    };
    Some((
        head,
        quote! {
            /// One example of the spec, and the check of its type.
            pub struct Example {
                /// The operation it belongs to.
                pub operation: &'static str,
                /// `request`, or the response status it documents.
                pub status: &'static str,
                /// Its name in the spec (`example` for a single one).
                pub name: &'static str,
                /// The example, as JSON text.
                pub json: &'static str,
                /// Decodes, encodes and decodes again: the value's `Debug` rendering and its encoding,
                /// or what failed.
                pub check: fn(&str) -> ::std::result::Result<Checked, ::std::string::String>,
            }

            /// An example that fits its type.
            pub struct Checked {
                /// The decoded value's `Debug` rendering.
                pub debug: ::std::string::String,
                /// The decoded value encoded again, as JSON text.
                pub encoded: ::std::string::String,
            }

            /// Decodes `json` as `T` (naming the JSON path of a mismatch), encodes it and decodes
            /// the encoding; what it became when both decodings agree.
            pub fn check<T>(json: &str) -> ::std::result::Result<Checked, ::std::string::String>
            where
                T: ::serde::de::DeserializeOwned + ::serde::Serialize + ::std::cmp::PartialEq + ::std::fmt::Debug,
            {
                let mut deserializer = ::serde_json::Deserializer::from_str(json);
                let decoded: T = ::serde_path_to_error::deserialize(&mut deserializer)
                    .map_err(|e| ::std::format!("does not decode at `{}`: {}", e.path(), e.inner()))?;
                let encoded = ::serde_json::to_string(&decoded).map_err(|e| ::std::format!("does not encode: {e}"))?;
                let again: T = ::serde_json::from_str(&encoded).map_err(|e| ::std::format!("its encoding does not decode: {e}"))?;
                if again != decoded {
                    return ::std::result::Result::Err(::std::format!("decode, encode, decode changed it: {decoded:?} became {again:?}"));
                }
                ::std::result::Result::Ok(Checked { debug: ::std::format!("{decoded:#?}"), encoded })
            }

            /// The examples of the spec, by operation.
            pub const EXAMPLES: &[Example] = &[
                #(#entries)*
            ];

            #[test]
            fn every_example_fits_its_type() {
                let failures: ::std::vec::Vec<::std::string::String> = EXAMPLES
                    .iter()
                    .filter_map(|e| {
                        (e.check)(e.json).err().map(|why| {
                            ::std::format!("operation `{}`, status {}, example `{}`: {why}", e.operation, e.status, e.name)
                        })
                    })
                    .collect();
                assert!(failures.is_empty(), "{}", failures.join("\n"));
            }
        },
    ))
}
