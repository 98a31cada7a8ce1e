//! `tests/examples.rs` and `tests/examples.json` of the generated crate: every JSON example of a
//! request or response body in the spec decodes into its declared type, encodes, and decodes
//! again to the same value. A new operation with examples is tested with no edit anywhere; an
//! example that does not fit fails `cargo test` with its operation, status, name and the JSON
//! path of the mismatch. The examples themselves are data (`examples.json`, keyed
//! `operation status name`); the Rust file holds, per example, the type it must fit. Item `0`
//! of the Rust file is the checking code, item `i + 1` the examples of one operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust::rust_type;
use crate::model::Api;

/// The indexes of the operations that have examples.
pub fn operations_with_examples(api: &Api) -> Vec<usize> {
    (0..api.operations.len())
        .filter(|&i| !api.operations[i].examples.is_empty())
        .collect()
}

/// What the checks need: the `mock` feature (every type both serde directions) and, with tag
/// features, all of them (`full`).
fn needs(api: &Api) -> TokenStream {
    let mock = crate::model::MOCK_FEATURE;
    let full = crate::model::FULL_FEATURE;
    if api.features.is_empty() {
        quote!(feature = #mock)
    } else {
        quote!(all(feature = #mock, feature = #full))
    }
}

/// The file's docs.
pub fn head() -> TokenStream {
    quote! {
        //! Every JSON example of the spec decodes into its declared type, encodes, and decodes
        //! again to the same value. Runs with the `mock` feature, which gives every type both
        //! serde directions (otherwise request types only encode and response types only
        //! decode): `cargo test --features mock`. Without it the test is listed as ignored,
        //! saying so.
    }
}

/// Items `range` of the file; `with_examples` are the operations that have examples, `lib` the
/// crate's name in Rust paths.
pub fn items(api: &Api, with_examples: &[usize], lib: &str, indices: &[usize]) -> TokenStream {
    indices
        .iter()
        .map(|&i| match i.checked_sub(1) {
            None => checks(api, with_examples),
            Some(n) => operation_examples(api, with_examples[n], lib),
        })
        .collect()
}

/// The constant holding one operation's examples, named by its index.
fn constant(index: usize) -> proc_macro2::Ident {
    format_ident!("OPERATION_{index}")
}

fn operation_examples(api: &Api, index: usize, lib: &str) -> TokenStream {
    let op = &api.operations[index];
    let lib = format_ident!("{}", lib);
    let types = quote!(::#lib::types::);
    let name = constant(index);
    let doc = format!(" The examples of `{}`.", op.operation_id);
    let entries = op.examples.iter().map(|example| {
        let operation = &op.operation_id;
        let (status, name) = (&example.status, &example.name);
        let ty = rust_type(&example.ty, &types);
        quote! {
            Example {
                operation: #operation,
                status: #status,
                name: #name,
                check: check::<#ty>,
            },
        }
    });
    let needs = needs(api);
    quote! {
        #[doc = #doc]
        #[cfg(#needs)]
        const #name: &[Example] = &[#(#entries)*];
    }
}

/// What every examples file has: the example type, the check, the list, the test.
fn checks(api: &Api, with_examples: &[usize]) -> TokenStream {
    let constants = with_examples.iter().map(|&i| constant(i));
    let needs = needs(api);
    let run = format!(
        "the examples are checked with the `{}` feature: cargo test --features {}",
        crate::model::MOCK_FEATURE,
        crate::model::MOCK_FEATURE
    );
    let checked = quote! {
        /// One example of the spec, and the check of its type.
        pub struct Example {
            /// The operation it belongs to.
            pub operation: &'static str,
            /// `request`, or the response status it documents.
            pub status: &'static str,
            /// Its name in the spec (`example` for a single one).
            pub name: &'static str,
            /// Decodes, encodes and decodes again: the value's `Debug` rendering and its encoding,
            /// or what failed.
            pub check: fn(&str) -> Result<Checked, String>,
        }

        impl Example {
            /// The example, as JSON text (from `examples.json`).
            pub fn json(&self) -> String {
                static ALL: ::std::sync::OnceLock<::serde_json::Map<String, ::serde_json::Value>> = ::std::sync::OnceLock::new();
                let all = ALL.get_or_init(|| {
                    ::serde_json::from_str(include_str!("examples.json")).unwrap_or_default()
                });
                let key = format!("{} {} {}", self.operation, self.status, self.name);
                all.get(&key).map(ToString::to_string).unwrap_or_default()
            }
        }

        /// An example that fits its type.
        pub struct Checked {
            /// The decoded value's `Debug` rendering.
            pub debug: String,
            /// The decoded value encoded again, as JSON text.
            pub encoded: String,
        }

        /// Decodes `json` as `T` (naming the JSON path of a mismatch), encodes it and decodes
        /// the encoding; what it became when both decodings agree.
        pub fn check<T>(json: &str) -> Result<Checked, String>
        where
            T: ::serde::de::DeserializeOwned + ::serde::Serialize + PartialEq + ::std::fmt::Debug,
        {
            let mut deserializer = ::serde_json::Deserializer::from_str(json);
            let decoded: T = ::serde_path_to_error::deserialize(&mut deserializer)
                .map_err(|e| format!("does not decode at `{}`: {}", e.path(), e.inner()))?;
            let encoded = ::serde_json::to_string(&decoded).map_err(|e| format!("does not encode: {e}"))?;
            let again: T = ::serde_json::from_str(&encoded).map_err(|e| format!("its encoding does not decode: {e}"))?;
            if again != decoded {
                return Err(format!("decode, encode, decode changed it: {decoded:?} became {again:?}"));
            }
            Ok(Checked { debug: format!("{decoded:#?}"), encoded })
        }

        /// The examples of the spec, by operation.
        pub const EXAMPLES: &[&[Example]] = &[#(#constants),*];

        #[test]
        fn every_example_fits_its_type() {
            let failures: Vec<String> = EXAMPLES
                .iter()
                .flat_map(|examples| examples.iter())
                .filter_map(|e| {
                    (e.check)(&e.json()).err().map(|why| {
                        format!("operation `{}`, status {}, example `{}`: {why}", e.operation, e.status, e.name)
                    })
                })
                .collect();
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        }
    };
    // Every item of the checks needs the features; without them, one test says how to run it.
    let items = match syn::parse2::<syn::File>(checked) {
        Ok(file) => file.items.into_iter().map(|item| quote!(#item)).collect(),
        Err(e) => {
            let message = format!("the generator wrote an invalid examples test: {e}");
            vec![quote!(compile_error!(#message);)]
        }
    };
    quote! {
        #(#[cfg(#needs)] #items)*

        #[cfg(not(#needs))]
        #[test]
        #[ignore = #run]
        fn every_example_fits_its_type() {}
    }
}

/// `tests/examples.json`: every example by `operation status name`, in the spec's order, after
/// an `@generated` entry naming `command` (JSON has no comments).
pub fn data_file(api: &Api, command: &str) -> String {
    let generated = format!("by `{command}`. Do not edit by hand.");
    let mut out = format!(
        "{{\n\"@generated\": {}",
        serde_json::Value::String(generated)
    );
    let mut first = false;
    for op in &api.operations {
        for example in &op.examples {
            let key = format!("{} {} {}", op.operation_id, example.status, example.name);
            if !first {
                out.push_str(",\n");
            }
            first = false;
            // A key is a string: serde_json writes it escaped.
            out.push_str(&serde_json::Value::String(key).to_string());
            out.push_str(": ");
            out.push_str(&example.json);
        }
    }
    out.push_str("\n}\n");
    out
}
